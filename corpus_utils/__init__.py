"""corpus_utils: load a news corpus clean, and every analysis the notebooks use."""

from .errors import CorpusError
from .load import COLUMNS, CorpusWarning, load_corpus

__all__ = ["COLUMNS", "CorpusError", "CorpusWarning", "load_corpus"]
