"""The gold files of the evaluation, read and checked through ``corpus_utils.datatable``."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from corpus_utils import datatable
from corpus_utils.claims import themes
from corpus_utils.errors import CorpusError

HERE = Path(__file__).resolve().parent
CLAIM_COLUMNS = ["doc_id", "sentence", "also", "speaker", "side", "themes", "about", "scope"]
FAMILY_COLUMNS = ["family", "wording", "doc_id", "year"]
PASSAGE_COLUMNS = ["doc_a", "doc_b", "fragment_a", "fragment_b"]
SIDES = ("india", "russia", "joint", "other", "unknown")
SCOPES = ("bilateral", "third_country")


def key(text: str) -> str:
    """Text as compared: lower case, "&" as "and", letters and digits only, single spaces."""
    s = str(text).lower().replace("&", " and ").replace("\u2019", "'").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", s))


def _read(name: str, columns: list[str], source=None) -> tuple[object, list[tuple[int, dict]]]:
    src = datatable.locate(source, name) if source is not None else HERE / name
    if not isinstance(src, pd.DataFrame) and not Path(src).is_file():
        raise CorpusError(f"gold file {src} is missing; it ships with the repository in eval/")
    return src, datatable.rows(src, columns=columns, what=f"gold {name}")


def claims(source=None, *, doc_ids: set[str] | None = None) -> pd.DataFrame:
    """``eval/claims.csv``, checked: known side, scope and theme ids, a document of the seeds."""
    src, rows = _read("claims.csv", CLAIM_COLUMNS, source)
    known = set(themes.codebook()["theme"])
    for line, row in rows:
        where = datatable.where(src, line, "gold claims")
        if not row["sentence"] or not row["speaker"]:
            raise CorpusError(f"{where}: sentence and speaker must not be empty")
        if row["side"] not in SIDES or row["scope"] not in SCOPES:
            raise CorpusError(f"{where}: side must be one of {SIDES} and scope one of {SCOPES}")
        bad = [t for t in filter(None, row["themes"].split("; ")) if t not in known]
        if bad:
            raise CorpusError(f"{where}: theme {bad[0]!r} is not in data/codebook.csv")
        if doc_ids is not None and row["doc_id"] not in doc_ids:
            raise CorpusError(f"{where}: doc_id {row['doc_id']!r} is not a document of the seeds")
    return pd.DataFrame([r for _, r in rows], columns=CLAIM_COLUMNS)


def families(source=None, *, doc_ids: set[str] | None = None) -> pd.DataFrame:
    """``eval/families.csv``, checked: a four-digit year, a document of the seeds."""
    src, rows = _read("families.csv", FAMILY_COLUMNS, source)
    for line, row in rows:
        where = datatable.where(src, line, "gold families")
        if not row["family"] or not row["wording"] or not re.fullmatch(r"\d{4}", row["year"]):
            raise CorpusError(f"{where}: family and wording must not be empty and year must be YYYY")
        if doc_ids is not None and row["doc_id"] not in doc_ids:
            raise CorpusError(f"{where}: doc_id {row['doc_id']!r} is not a document of the seeds")
    out = pd.DataFrame([r for _, r in rows], columns=FAMILY_COLUMNS)
    return out.astype({"year": int})


def passages(source=None, *, doc_ids: set[str] | None = None) -> pd.DataFrame:
    """``eval/passages.csv``, checked: two different documents of the seeds, fragments given."""
    src, rows = _read("passages.csv", PASSAGE_COLUMNS, source)
    for line, row in rows:
        where = datatable.where(src, line, "gold passages")
        if row["doc_a"] == row["doc_b"] or not row["fragment_a"] or not row["fragment_b"]:
            raise CorpusError(f"{where}: a passage needs two different documents and both fragments")
        if doc_ids is not None and not {row["doc_a"], row["doc_b"]} <= doc_ids:
            raise CorpusError(f"{where}: documents must be documents of the seeds")
    return pd.DataFrame([r for _, r in rows], columns=PASSAGE_COLUMNS)
