"""corpus_utils: load a news corpus clean, and every analysis the notebooks use."""

from .corpus.load import COLUMNS, CorpusWarning, load_corpus
from .errors import CorpusError

__all__ = ["COLUMNS", "CorpusError", "CorpusWarning", "load_corpus"]
