"""Reading and cleaning a corpus: files and tables in, one DataFrame of documents out."""

from .load import COLUMNS, CorpusWarning, load_corpus

__all__ = ["COLUMNS", "CorpusWarning", "load_corpus"]
