"""The study's stages on a Dask cluster. Each stage maps the local engine's own functions over
partitions of the corpus, so there is one implementation per job; only the joining differs.

- **load**: the inputs (file paths, or table rows) are cut into partitions; workers read, clean and
  normalise them with the loader's ``_rows`` and compute each document's duplicate signature. The
  signatures' sentence fingerprints and digests are shuffled by hash: per bucket, the workers count
  the documents that hold each, and each partition's signatures are pruned to what two documents
  share. The client gathers the pruned signatures only (not the texts), puts the documents in date
  order and runs ``duplicates.find``; it asks the workers for the few texts that share a sentence
  fingerprint with another document (the only ones compared in full). Workers then finish their partitions
  (``load.finish``) and write them as partitioned Parquet, which later stages read.
- **n-gram counts**: ``counts`` per partition (a per-document table, so partitions concatenate);
  ``by_year`` is ``year_counts``: partial counts per partition in hash buckets, summed per bucket.
- **recycled passages** (``passages``): workers hash the words of their partitions (``shingles.token_hashes``); the
  client puts the arrays in time order and finds the candidate windows (``reuse.candidates``:
  shared shingles, hits, chains); windows are aligned in batches on the workers (``reuse.aligned``);
  the client builds the table from the texts of the documents that hold a passage.
- **claims**: ``claims.extract`` per partition (ungrouped), concatenated and sorted by claim_id;
  grouping (which compares claims of all documents) runs on the client.

Keyness and phrase families run on the reduced tables on the client. Every table is sorted with
explicit keys before it is returned, so partitioning never shows in the results.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..claims import extraction, grouping
from ..corpus import dates, duplicates
from ..corpus import load as loader
from ..phrases import counting
from . import parts as P
from .client import Executor, executor

# ---------------------------------------------------------------- load


def _clean(
    recs: list, *, today: dt.date, english: tuple[str, ...], years: tuple[int, int]
) -> tuple[list[dict], list]:
    rows = loader._rows(recs, today=today, english=english, years=years)
    return rows, [row.pop("_signature") for row in rows]


def _held(part: tuple, buckets: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per hash bucket, a partition's distinct fingerprints and digest keys with how many of its
    documents hold each (a document's fingerprints are a set: it counts once)."""
    batch = duplicates.Prints.of(part[1])
    digests, has = batch.digest_keys()
    fp, fc = np.unique(batch.prints, return_counts=True)
    dg, dc = np.unique(digests[has], return_counts=True)
    fb = P.by_bucket(fp % np.uint64(buckets), buckets)
    db = P.by_bucket(dg % np.uint64(buckets), buckets)
    return [(fp[f], fc[f], dg[d], dc[d]) for f, d in zip(fb, db, strict=True)]


def _sum_held(parts: list[tuple]) -> tuple:
    """Document counts of one bucket's fingerprints and digests, summed over partitions."""
    out = []
    for col in (0, 2):
        keys = np.concatenate([p[col] for p in parts])
        counts = np.concatenate([p[col + 1] for p in parts])
        uniq, at = np.unique(keys, return_inverse=True)
        out += [uniq, np.bincount(at, weights=counts, minlength=len(uniq)).astype(np.int64)]
    return tuple(out)


def _shared(held: tuple) -> tuple[np.ndarray, np.ndarray]:
    """The fingerprints and digest keys of a bucket that two documents or more hold."""
    fp, fc, dg, dc = held
    return fp[fc > 1], dg[dc > 1]


def _meta(part: tuple, shared: list[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[list[dict], list]:
    """What the duplicate search needs of a partition: each row's id, date and exclusion, and its
    signatures pruned to what another document shares (``duplicates.prune``; ``shared``: per
    bucket, the fingerprints and digest keys two documents hold)."""
    rows, signatures = part
    keep = ("doc_id", "date", "excluded_reason")
    pruned = duplicates.prune(
        duplicates.Prints.of(signatures),
        np.concatenate([fp for fp, _ in shared]),  # buckets hold disjoint keys
        np.concatenate([dg for _, dg in shared]),
        tag=f"{k}:",
    )
    return [{c: r[c] for c in keep} for r in rows], pruned


def _texts(part: tuple, positions: list[int]) -> list[str]:
    return [part[0][i]["text"] for i in positions]


def _finish(part: tuple, duplicate_of: list[str], path: str) -> str:
    return P.write(loader.finish(part[0], duplicate_of), path)


def load(
    recs: list,
    *,
    engine: str | Executor,
    today: dt.date,
    languages: tuple[str, ...] = ("en",),
    years: tuple[int, int] | None = None,
    folder: str | Path | None = None,
    per_part: int = 2000,
) -> P.Parts:
    """Clean the records (``load.records``) on the workers (``years``: the plausible years of a date
    in the text, ``dates.window``); the corpus as partitioned Parquet in ``folder`` (default: a new temporary folder; on a remote cluster give one the workers share)."""
    ex = executor(engine)
    folder = Path(folder or tempfile.mkdtemp(prefix="corpus-parts-"))
    folder.mkdir(parents=True, exist_ok=True)
    chunks = P.split(recs, ex.partitions(len(recs), per_part=per_part))
    years = years or dates.window(None, today=today)
    cleaned = ex.map(
        _clean, ex.scatter(chunks), name="clean", today=today, english=tuple(languages), years=years
    )
    # sentence fingerprints and digests counted per hash bucket on the workers: the client gets
    # only what two documents share (most of a corpus that is not syndicated shares nothing)
    buckets = P.bucket_count(len(chunks))
    held = ex.map(_held, cleaned, name="prints", buckets=buckets)
    shared = ex.map(_shared, ex.buckets(held, buckets, name="prints", combine=_sum_held), name="shared")
    del held
    metas = ex.gather(ex.map(_meta, cleaned, [shared] * len(cleaned), range(len(cleaned)), name="signatures"))
    rows = [r for m, _ in metas for r in m]
    signatures = [s for _, sig in metas for s in sig]
    sizes = np.cumsum([0] + [len(m) for m, _ in metas])
    texts = _Texts(ex, cleaned, sizes)
    texts.fetch(_compared(rows, signatures))
    dup = loader.duplicates_of(rows, signatures, texts.get)
    dups = [dup[sizes[k] : sizes[k + 1]] for k in range(len(metas))]
    paths = [str(folder / f"part-{k:05d}.parquet") for k in range(len(metas))]
    written = ex.gather(ex.map(_finish, cleaned, dups, paths, name="write"))
    return P.Parts(str(folder), tuple(written))


class _Texts:
    """Cleaned texts held by the workers, fetched by row number: in one batch for the rows the
    duplicate search will likely compare, one by one for any other it asks for."""

    def __init__(self, ex: Executor, cleaned: list, sizes: np.ndarray):
        self.ex, self.cleaned, self.sizes, self.got = ex, cleaned, sizes, {}

    def fetch(self, rows: list[int]) -> None:
        part = np.searchsorted(self.sizes, rows, side="right") - 1
        wanted = [
            [int(i - self.sizes[k]) for i, q in zip(rows, part, strict=True) if q == k]
            for k in range(len(self.cleaned))
        ]
        for k, texts in enumerate(self.ex.gather(self.ex.map(_texts, self.cleaned, wanted, name="texts"))):
            self.got.update(zip((int(self.sizes[k]) + i for i in wanted[k]), texts, strict=True))

    def get(self, i: int) -> str:
        if i not in self.got:
            self.fetch([i])
        return self.got[i]


def _compared(rows: list[dict], signatures: list, *, max_df: int | None = None) -> list[int]:
    """Rows whose text ``duplicates.find`` will probably compare in full: it indexes the sentence
    fingerprints of documents that are not copies, a fingerprint only until ``max_df`` documents
    hold it, and compares a document with those sharing an indexed fingerprint. The same walk
    over the signatures, with exact copies (same digest) left out, names both sides of every such
    pair; only a near copy, unknown before the texts are compared, can make it miss one (then
    ``_Texts.get`` fetches it)."""
    max_df = max_df if max_df is not None else duplicates.find.__kwdefaults__["max_df"]
    index: dict[int, list[int]] = {}
    seen: set[str] = set()
    need: set[int] = set()
    for i in loader.search_order(rows):
        digest, fp = signatures[i][:2]
        if rows[i]["excluded_reason"] or digest in seen:
            continue
        seen.add(digest)
        for h in fp:
            posting = index.setdefault(h, [])
            if len(posting) <= max_df:
                if posting:
                    need.add(i)
                    need.update(posting)
                posting.append(i)
    return sorted(need)


def read(parts: P.Parts, *, remove: bool = True) -> pd.DataFrame:
    """The whole corpus table from its partitions (removed afterwards unless ``remove`` is false)."""
    df = pd.concat([P.read(p) for p in parts.paths], ignore_index=True)
    if remove:
        parts.remove()
    return df


def _empty(corpus) -> pd.DataFrame:
    return P.frame(corpus.paths[0] if isinstance(corpus, P.Parts) else corpus).iloc[:0]


def partitions(corpus, ex: Executor, *, per_part: int = 5000) -> list:
    """Partitions of a corpus: its Parquet files, or slices of a DataFrame sent to the workers."""
    if isinstance(corpus, P.Parts):
        return list(corpus.paths)
    key = "doc_id" if "doc_tokens" in corpus.columns else None  # a counts table: whole documents
    return ex.scatter(P.split(corpus, ex.partitions(len(corpus), per_part=per_part), key=key))


# ---------------------------------------------------------------- n-grams


def included_rows(part) -> pd.DataFrame:
    df = P.frame(part)
    return df[df["included"].astype(bool)]


def _counts(part, *, n_min: int, n_max: int) -> pd.DataFrame | None:
    df = included_rows(part)
    return counting.counts(df, n_min=n_min, n_max=n_max) if len(df) else None


def counts(corpus, *, engine: str | Executor, n_max: int = 5, n_min: int = 1) -> pd.DataFrame:
    """``phrases.counts`` per partition; the per-document tables concatenate in corpus order."""
    ex = executor(engine)
    out = P.concat(ex.run(_counts, partitions(corpus, ex), name="counts", n_min=n_min, n_max=n_max))
    return out if len(out) else counting.counts(_empty(corpus), n_min=n_min, n_max=n_max)


# ---------------------------------------------------------------- claims


def _claims(part, **options) -> pd.DataFrame:
    # one task is one core: a Dask worker extracts its partition itself, forking no processes
    return extraction.extract(P.frame(part), grouped=False, workers=1, **options)


def claims(corpus, *, engine: str | Executor, grouped: bool = True, **options) -> pd.DataFrame:
    """``claims.extract`` per partition (``options``: actors, codebook, roles); concatenated in
    corpus order, sorted by claim_id as the local engine sorts; grouped on the client."""
    ex = executor(engine)
    out = P.concat(ex.run(_claims, partitions(corpus, ex), name="claims", **options))
    out = out.sort_values("claim_id", kind="mergesort").reset_index(drop=True)
    return grouping.group(out) if grouped and len(out) else out
