"""The one n-gram engine: word n-grams of the selected documents as integer-coded per-document
counts, behind ``explore.frequent_terms`` (notebook 02), ``phrases`` (notebook 03), ``keyness`` and
``families``.

Tokens and segments
    An n-gram never leaves a *segment* (``tokens.segments``): a lower-case run of words between
    punctuation marks and line breaks, so it never bridges a comma, a quote or a sentence end.

The stop-word rule (``stop``), one parameter, three settings
    ``"all"`` (phrase counts, keyness, families): an n-gram made only of stop words ("of the") is not
    counted; ``"edge"`` (frequent terms): nor is one that begins or ends with a stop word ("of
    defence", "military and"), so what is left reads as a phrase, inner stop words allowed ("make in
    india"); ``"none"``: every n-gram counts. For single words "all" and "edge" both drop exactly the
    stop words. A number is not a stop word.

Speed
    Words are integer-encoded once (the regex runs once per distinct space-delimited chunk), their
    ids in alphabetical order; an n-gram is the bit-packed tuple of its word ids (re-coded densely,
    order kept, when the tuple would outgrow 40 bits). A space sorts before any character a word can
    hold, so the order of the packed ids is the order of the n-gram strings: counting and sorting are
    numpy sorts of int64 keys, and strings are built only for the n-grams that reach a table.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import memory, progress
from ..corpus import tokens
from ..corpus.selection import select
from ..errors import CorpusError

BY = ("year", "outlet", "side")
STOP_RULES = ("all", "edge", "none")
_TOKEN_RE = tokens.SEGMENT_RE
_WORDLIKE = tokens.WORDLIKE
_MAX_BITS = 40


def _check_stop(stop: str) -> str:
    if stop not in STOP_RULES:
        raise ValueError(f"stop must be one of {', '.join(map(repr, STOP_RULES))}, got {stop!r}")
    return stop


def is_counted(ngram: tuple[str, ...] | list[str], *, stop: str = "all") -> bool:
    """The stop-word rule (see the module docstring): whether an n-gram of words is counted."""
    _check_stop(stop)
    if stop == "none":
        return True
    if stop == "edge":
        return not (tokens.is_stopword(ngram[0]) or tokens.is_stopword(ngram[-1]))
    return not all(tokens.is_stopword(w) for w in ngram)


def bit_width(x: int) -> int:
    return max(1, int(x).bit_length())


def order(keys: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative int64 keys. Packs the row number into the spare low bits so
    that numpy's value sort (several times faster than argsort) does the work when it fits."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    rb = bit_width(len(keys) - 1)
    if bit_width(int(keys.max())) + rb > 63:
        return np.argsort(keys, kind="stable")
    packed = keys << rb  # in place from here: this runs on arrays of tens of millions
    packed |= np.arange(len(keys), dtype=np.int64)
    packed.sort()
    packed &= (1 << rb) - 1
    return packed


def runs(sorted_keys: np.ndarray) -> np.ndarray:
    """Start index of each run of equal values in a sorted array."""
    if len(sorted_keys) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])


@dataclass(frozen=True)
class Level:
    """Per-document counts of the n-grams of one length ``n``, integer-coded: one entry per
    (document, n-gram) pair; ``label`` turns sorted unique idents into strings."""

    n: int
    doc: np.ndarray
    ident: np.ndarray
    count: np.ndarray
    label: Callable[[np.ndarray], pa.Array]


@dataclass(frozen=True)
class Coded:
    """Integer-coded per-document n-gram counts: what every table of this module is made from.
    ``docs`` has one row per included document: doc_id, year, outlet, side, tokens (its words)."""

    docs: pd.DataFrame
    levels: tuple[Level, ...] | Iterator[Level]  # an iterator when encoded with lazy=True


def _check_n(n_min: int, n_max: int) -> None:
    for name, v in (("n_min", n_min), ("n_max", n_max)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {v!r}")
    if n_max < n_min:
        raise ValueError(f"n_max must be >= n_min, got n_min={n_min}, n_max={n_max}")


def _encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Word ids, segment numbers and document rows of every word token; vocabulary; stop flags.
    Tokens never hold a space, so the regex runs once per distinct space-delimited chunk (memoised)
    and the ids of a document are gathered at C speed. Word ids follow the alphabetical order of the
    vocabulary, so the order of packed id tuples is the order of the n-gram strings."""
    raw: dict[str, int] = {"\n": 0}
    memo: dict[str, bytes] = {}  # chunk -> int32 ids of its tokens
    parts: list[bytes] = []
    newline = np.zeros(1, dtype=np.int32).tobytes()  # a line break closes the document's last segment
    findall = _TOKEN_RE.findall
    with progress.bar(total=len(texts), desc="n-grams: words") as bar:
        for i, text in enumerate(texts):
            chunks = text.replace("\n", " \n ").split(" ")
            try:
                parts.append(b"".join(map(memo.__getitem__, chunks)) + newline)
            except KeyError:
                for ch in chunks:
                    if ch not in memo:
                        memo[ch] = np.array(
                            [raw.setdefault(t, len(raw)) for t in findall(ch)], dtype=np.int32
                        ).tobytes()
                parts.append(b"".join(map(memo.__getitem__, chunks)) + newline)
            if i % 1000 == 999:
                bar.update(1000)
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 4
    keys = list(raw)
    is_sep = np.fromiter((_WORDLIKE.match(k) is None for k in keys), dtype=bool, count=len(keys))
    lowered = [k.lower() for k in keys]
    vocab = np.array(sorted(set(lowered)), dtype=object)
    index = {w: i for i, w in enumerate(vocab)}
    low_of = np.fromiter((index[w] for w in lowered), dtype=np.int32, count=len(keys))
    stops = tokens.stopwords()
    stop = np.fromiter((w in stops for w in vocab), dtype=bool, count=len(vocab))
    raw_ids = np.frombuffer(b"".join(parts), dtype=np.int32)
    del parts, memo
    sep = is_sep[raw_ids]
    word = np.flatnonzero(~sep)  # int32 columns from here: a 100,000-document corpus has 15 million words
    seg = np.cumsum(sep, dtype=np.int32)[word]
    del sep
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)[word]
    return low_of[raw_ids[word]], seg, doc, vocab, stop


def _decoder(vocab: np.ndarray, steps: tuple, n: int) -> Callable[[np.ndarray], pa.Array]:
    words = pa.array(vocab.tolist(), type=pa.large_string())

    def label(idents: np.ndarray) -> pa.Array:
        cols = np.empty((n, len(idents)), dtype=np.int64)
        x, col = idents.astype(np.int64), n - 1
        for kind, arg in reversed(steps):
            if kind == "dense":
                x = arg[x]
            else:
                cols[col], x, col = x & ((1 << arg) - 1), x >> arg, col - 1
        cols[0] = x
        parts = [words.take(pa.array(c)) for c in cols]
        return parts[0] if n == 1 else pc.binary_join_element_wise(*parts, pa.scalar(" ", pa.large_string()))

    return label


def _pairs(doc: np.ndarray, ident: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique (document, n-gram) pairs with their counts, by sorting packed keys a chunk of
    documents at a time (one chunk unless the corpus is enormous)."""
    if len(doc) == 0:
        return doc.astype(np.int32), ident.astype(np.int64), np.zeros(0, dtype=np.int32)
    step, mask, out = 1 << (63 - bits), (1 << bits) - 1, []
    for lo in range(0, int(doc[-1]) + 1, step):
        a, z = np.searchsorted(doc, [lo, lo + step])
        key = doc[a:z].astype(np.int64)
        key -= lo
        key <<= bits
        key |= ident[a:z]
        key.sort()  # in place: np.unique would sort a copy and keep a mask and an index besides
        st = runs(key)
        c = np.diff(np.r_[st, len(key)]).astype(np.int32)
        u = key[st]
        del key
        out.append(((lo + (u >> bits)).astype(np.int32), u & mask, c))
    if len(out) == 1:
        return out[0]
    return tuple(np.concatenate(x) for x in zip(*out, strict=True))  # type: ignore[return-value]


def _dense(ident: np.ndarray, steps: tuple) -> tuple[np.ndarray, int, tuple]:
    """Re-code idents as their rank among the distinct idents (np.unique sorts, so order is kept)."""
    uniq, ident = np.unique(ident, return_inverse=True)
    return ident.astype(np.int64), bit_width(len(uniq) - 1), (*steps, ("dense", uniq))


def _levels(
    texts: list[str], n_min: int, n_max: int, rule: str = "all"
) -> tuple[Iterator[Level], np.ndarray]:
    """The levels n_min..n_max (a generator: each level is built when asked for), and the number
    of words of each document."""
    ids, seg, doc, vocab, stop = _encode(texts)
    ntok = np.bincount(doc, minlength=len(texts)).astype(np.int64)
    return _grow(ids, seg, doc, vocab, stop, n_min, n_max, rule), ntok


def _grow(ids, seg, doc, vocab, stop, n_min: int, n_max: int, rule: str) -> Iterator[Level]:
    b, total = bit_width(len(vocab) - 1), len(ids)
    pos = np.arange(total, dtype=np.int32 if total < 2**31 - 64 else np.int64)
    ident, bits, steps, allstop = ids.astype(np.int64), b, (), stop[ids]
    first = last = allstop  # whether the first and the last word are stop words
    for n in range(1, n_max + 1):
        if n > 1:
            cut = np.searchsorted(pos, total - n + 1)
            pos, ident, allstop, first = pos[:cut], ident[:cut], allstop[:cut], first[:cut]
            ok = seg[pos + n - 1] == seg[pos]
            pos, ident, allstop, first = pos[ok], ident[ok], allstop[ok], first[ok]
            nxt = ids[pos + n - 1]
            last = stop[nxt]
            if bits + b > 62:  # (only for a vocabulary of millions of words)
                ident, bits, steps = _dense(ident, steps)
            ident, bits, steps = (ident << b) | nxt, bits + b, (*steps, ("pack", b))
            allstop = allstop & stop[nxt]
            del ok, nxt
            if bits > _MAX_BITS:
                ident, bits, steps = _dense(ident, steps)
        if n >= n_min:
            keep = ~allstop if rule == "all" else ~(first | last) if rule == "edge" else slice(None)
            pair_doc, pair_ident, pair_count = _pairs(doc[pos[keep]], ident[keep], bits)
            del keep
            if n == n_max:  # nothing more to build: the word columns go before the caller sums
                del ids, seg, doc, pos, ident, allstop, first, last
            yield Level(n, pair_doc, pair_ident, pair_count, _decoder(vocab, steps, n))
            del pair_doc, pair_ident, pair_count


def _docs_frame(frame: pd.DataFrame, tokens_col: np.ndarray) -> pd.DataFrame:
    docs = pd.DataFrame(
        {
            "doc_id": frame["doc_id"].astype(str).to_numpy(),
            "year": pd.array(frame["year"], dtype="Int64"),
            "outlet": frame["outlet"].astype(str).to_numpy(),
            "side": frame["side"].astype(str).to_numpy(),
            "tokens": tokens_col,
        }
    )
    return docs.reset_index(drop=True)


def _is_counts_table(df: pd.DataFrame) -> bool:
    return {"doc_id", "ngram", "n", "count"} <= set(df.columns) and "text_norm" not in df.columns


def encode(
    counts_or_corpus: pd.DataFrame, *, n_min: int = 1, n_max: int = 5, stop: str = "all", lazy: bool = False
) -> Coded:
    """Integer-coded per-document counts, from a corpus (``load_corpus``; its selected documents)
    or a ``counts`` table (whose n-grams were counted under its own stop-word rule). ``lazy=True``
    gives ``levels`` as a generator that builds each level when asked for: for one pass of
    ``aggregate``, which then holds one level's per-document counts at a time."""
    _check_n(n_min, n_max)
    _check_stop(stop)
    df = counts_or_corpus
    if not isinstance(df, pd.DataFrame):
        raise CorpusError(f"expected a corpus or counts DataFrame, got {type(df).__name__}")
    key = (id(df), len(df), n_min, n_max, stop)
    cached = _CODED.get(key)
    if cached is not None and cached[0]() is df:
        return cached[1]
    if _is_counts_table(df):
        out = _from_counts(df, n_min, n_max)
    else:
        inc = select(df, columns=("side", "text_norm"))
        levels, ntok = _levels(inc["text_norm"].fillna("").astype(str).tolist(), n_min, n_max, stop)
        if lazy:  # built level by level as the caller sums them: nothing is kept
            return Coded(_docs_frame(inc, ntok), levels)
        out = Coded(_docs_frame(inc, ntok), tuple(levels))
    while len(_CODED) >= _KEEP:
        del _CODED[next(iter(_CODED))]
    _CODED[key] = (weakref.ref(df), out)
    return out


# The last encoding, by table: notebook 03 asks for the same table's n-grams four times (by year,
# changes, keyness of years and sides). Keyed by the table's identity and length, held while the
# table lives; a table changed in place after a call is not seen (pass a new table).
_KEEP = 1  # notebook 03 asks about one corpus; at 10,000 documents an encoding is ~250 MB
_CODED: dict[tuple[int, int, int, int, str], tuple[weakref.ref, Coded]] = {}


def forget() -> None:
    """Let go of the kept encoding (2.5 GB at 100,000 documents) once its comparisons are done,
    and give its memory back to the system (``memory.release``)."""
    _CODED.clear()
    memory.release()


def _from_counts(df: pd.DataFrame, n_min: int, n_max: int) -> Coded:
    missing = [c for c in ("year", "outlet", "side", "doc_tokens") if c not in df.columns]
    if missing:
        raise CorpusError(
            f"counts table lacks column(s) {', '.join(missing)}: pass the table from phrases.counts()"
        )
    first = df.drop_duplicates("doc_id")
    docs = _docs_frame(first, first["doc_tokens"].to_numpy(dtype=np.int64))
    row = pd.Index(docs["doc_id"]).get_indexer(df["doc_id"].astype(str))
    ngram = pa.chunked_array([pa.array(df["ngram"].astype("string[pyarrow]").array, type=pa.large_string())])
    sizes = df["n"].to_numpy()
    levels = []
    for n in range(n_min, n_max + 1):
        m = sizes == n
        # dictionary-encode in Arrow, then number the distinct n-grams in sorted order (UTF-8 byte
        # order is code point order: the order of sorted Python strings)
        coded = pc.dictionary_encode(pc.filter(ngram, pa.array(m))).combine_chunks()
        order = pc.sort_indices(coded.dictionary).to_numpy()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        strings = coded.dictionary.take(pa.array(order))
        levels.append(
            Level(
                n,
                row[m].astype(np.int64),
                rank[coded.indices.to_numpy(zero_copy_only=False)] if len(order) else np.zeros(0, np.int64),
                df["count"].to_numpy(dtype=np.int64)[m],
                lambda u, s=strings: s.take(pa.array(u)),
            )
        )
    return Coded(docs, tuple(levels))


# summing per-document counts into groups lives in ``aggregation`` (imported last: it builds on the above)
from .aggregation import aggregate, groups  # noqa: E402, F401  (ngrams.aggregate, ngrams.groups)
