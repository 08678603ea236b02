"""Reading and cleaning a corpus: files and tables in, one DataFrame of documents out."""

__all__ = ["COLUMNS", "CorpusWarning", "load_corpus"]


def __getattr__(name: str):
    if name in __all__:  # imported on first use: see corpus_utils/__init__.py
        from . import load

        return getattr(load, name)
    raise AttributeError(f"module 'corpus_utils.corpus' has no attribute {name!r}")
