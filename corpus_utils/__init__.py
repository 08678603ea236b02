"""corpus_utils: load a news corpus clean, and every analysis the notebooks use."""

from .errors import CorpusError

__all__ = ["COLUMNS", "CorpusError", "CorpusWarning", "load_corpus"]


def __getattr__(name: str):
    # the loader (pandas, pyarrow: about a second of imports) comes with its first use, so that
    # ``corpus-report`` starts its first kernel without waiting for libraries it does not use itself
    if name in ("COLUMNS", "CorpusWarning", "load_corpus"):
        from .corpus import load

        return getattr(load, name)
    raise AttributeError(f"module 'corpus_utils' has no attribute {name!r}")
