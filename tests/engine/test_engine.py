"""The engine: parsing its value, partitions, failures in one line, and byte-identical tables on a
local Dask cluster and on a scheduler and workers started as subprocesses."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_utils import CorpusError, claims, load_corpus, phrases
from corpus_utils.engine import client, parts, stages, year_counts
from corpus_utils.paths import PROJECT_ROOT, SEEDS_DIR
from corpus_utils.phrases import reuse
from corpus_utils.report import params


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("local", "local"),
        ("dask", "dask"),
        ("tcp://127.0.0.1:8786", "remote"),
        ("tcp://scheduler.cluster.example:8786", "remote"),
        ("tls://10.0.0.5:8786", "remote"),
    ],
)
def test_parse_accepts(value, kind):
    assert client.parse(value) == kind


@pytest.mark.parametrize(
    "value", ["", "Dask", "LOCAL", "tcp://host", "http://host:8786", "host:8786", "tcp://a b:1"]
)
def test_parse_rejects_in_one_line(value):
    with pytest.raises(CorpusError, match="parameter 'engine' must be") as err:
        client.parse(value)
    assert "\n" not in str(err.value)


def test_params_check_the_engine_value():
    assert params.check("engine", "tcp://10.1.2.3:8786") == "tcp://10.1.2.3:8786"
    assert params.check("engine_wait", 5) == 5
    with pytest.raises(CorpusError, match="engine"):
        params.check("engine", "cluster")
    with pytest.raises(CorpusError, match="out of range"):
        params.check("engine_wait", -1)


@pytest.mark.parametrize(
    ("n", "k", "expected"),
    [
        (10, 3, [(0, 4), (4, 7), (7, 10)]),
        (2, 5, [(0, 1), (1, 2)]),
        (4, 1, [(0, 4)]),
        (0, 3, []),
    ],
)
def test_bounds(n, k, expected):
    assert parts.bounds(n, k) == expected


def test_split_keeps_a_documents_rows_together():
    df = pd.DataFrame({"doc_id": list("aaabbbbcdd"), "x": range(10)})
    chunks = parts.split(df, 3, key="doc_id")
    assert [c["doc_id"].tolist() for c in chunks] == [list("aaabbbb"), list("cdd")]
    assert [c["x"].tolist() for c in parts.split(df, 2)] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def test_parquet_partition_round_trip(tmp_path):
    df = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "removed": [[("boilerplate", "Log in"), ("date_header", " date 2020")], []],
            "warnings": [[], ["date 'x' in the table is not a date"]],
            "year": pd.array([2020, None], dtype="Int64"),
        }
    )
    back = parts.read(parts.write(df, tmp_path / "p.parquet"))
    pd.testing.assert_frame_equal(back, df)
    assert back.at[0, "removed"][0] == ("boilerplate", "Log in")


def test_local_executor_maps_in_order_and_reduces_in_a_tree():
    ex = client.executor("local")
    assert ex.local and ex.workers == 1 and ex.partitions(10_000) == 1
    assert ex.run(lambda a, b, c=0: a * b + c, [1, 2, 3], [4, 5, 6], c=1) == [5, 11, 19]
    calls = []
    assert ex.reduce(lambda xs: calls.append(len(xs)) or sum(xs), list(range(20)), fan_in=8) == 190
    assert calls == [8, 8, 4, 3]


@pytest.mark.parametrize(("n_parts", "slice_docs"), [(1, 1000), (3, 1000), (7, 1000), (1, 3), (3, 2)])
def test_n_grams_by_year_summed_per_hash_bucket_are_the_one_process_table(
    generated, monkeypatch, n_parts, slice_docs
):
    corpus = load_corpus(generated)
    expected = phrases.by_year(corpus, n_max=3, min_count=2)
    ex = client.executor("local")
    monkeypatch.setattr(client.Executor, "partitions", lambda self, n, per_part=5000: n_parts)
    monkeypatch.setattr(year_counts, "PARTIAL_DOCS", slice_docs)  # documents encoded at once
    got = year_counts.by_year(corpus, engine=ex, n_max=3, min_count=2)  # n_parts partitions, n_parts buckets
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) > 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_is_one_line_within_10_s():
    t0 = time.perf_counter()
    with pytest.raises(CorpusError, match="no Dask scheduler answered") as err:
        load_corpus(SEEDS_DIR, engine=f"tcp://127.0.0.1:{_free_port()}")
    assert time.perf_counter() - t0 < 10
    assert "\n" not in str(err.value)


# ---------------------------------------------------------------- clusters (slow)
def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


def _dask(*args: str) -> subprocess.Popen:
    """``dask scheduler ...`` / ``dask worker ...`` of this environment, as a subprocess."""
    cmd = [str(Path(sys.executable).parent / "dask"), *args]
    return subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _scheduler(port: int) -> subprocess.Popen:
    """``dask scheduler`` on 127.0.0.1:port, returned once it accepts connections."""
    proc = _dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.3)
    _stop(proc)
    raise RuntimeError(f"dask scheduler did not listen on port {port} within 60 s")


def _stop(*procs: subprocess.Popen) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


@pytest.fixture(scope="module")
def local_cluster():
    ex = client.start("dask", n_workers=2, memory_limit="1GB")
    yield ex
    ex.close()


@pytest.fixture(scope="module")
def remote_cluster():
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _scheduler(port)
    workers = _dask(
        "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard", "--memory-limit", "1GB"
    )
    try:
        ex = client.start(address, wait=60)
        deadline = time.time() + 60
        while ex.workers < 2 and time.time() < deadline:
            time.sleep(0.5)
        yield ex
        ex.close()
    finally:
        _stop(workers, scheduler)


def _tables(source, engine) -> tuple[dict[str, bytes], dict[str, int]]:
    corpus = load_corpus(source, engine=engine)
    tables = {
        "corpus": corpus.drop(columns=["removed", "warnings"]),
        "counts": phrases.counts(corpus, n_max=3, engine=engine),
        "by_year": phrases.by_year(corpus, n_max=3, min_count=2, engine=engine),
        "passages": reuse.passages(corpus, min_words=6, engine=engine),
        "claims": claims.extract(corpus, engine=engine),
    }
    out = {}
    for name, df in tables.items():
        buf = io.StringIO()
        df.to_csv(buf, index=False, lineterminator="\n", float_format="%.6g")
        out[name] = buf.getvalue().encode()
    out["removed"] = repr(corpus["removed"].tolist()).encode()
    return out, {name: len(df) for name, df in tables.items()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from benchmarks import synthetic

    return synthetic.write(tmp_path_factory.mktemp("generated"), 20, seed=3)


@pytest.fixture(scope="module")
def local_tables(generated):
    return {"seeds": _tables(SEEDS_DIR, "local"), "generated": _tables(generated, "local")}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["seeds", "generated"])
@pytest.mark.parametrize("cluster", ["local_cluster", "remote_cluster"])
def test_tables_are_byte_identical_on_a_cluster(request, cluster, corpus, generated, local_tables):
    ex = request.getfixturevalue(cluster)
    info = ex.info()
    assert info["workers"] == 2 and info["scheduler"].startswith("tcp://127.0.0.1:") and info["dask"]
    source = SEEDS_DIR if corpus == "seeds" else generated
    got, _ = _tables(source, ex.address)
    expected, rows = local_tables[corpus]
    assert got.keys() == expected.keys()
    for name in expected:
        assert got[name] == expected[name], f"{name} differs on {cluster} ({corpus})"
    if corpus == "seeds":  # five documents; phrases, passages and claims found in them
        assert rows["corpus"] == 5 and rows["counts"] > 1000 and rows["passages"] >= 1 and rows["claims"] > 20
    else:  # generated: 20 documents of recycled sentences, so passages abound
        assert rows["corpus"] == 20 and rows["passages"] > 10


@pytest.mark.slow
def test_scheduler_without_workers_is_one_line_after_the_wait():
    port = _free_port()
    scheduler = _scheduler(port)
    try:
        t0 = time.perf_counter()
        with pytest.raises(CorpusError, match="has no workers after 2 s") as err:
            client.start(f"tcp://127.0.0.1:{port}", wait=2)
        assert 2 <= time.perf_counter() - t0 < 15
        assert "\n" not in str(err.value)
    finally:
        _stop(scheduler)


def test_manifest_records_the_engine():
    assert client.executor("local").info() == {"engine": "local", "scheduler": "", "workers": 1}


@pytest.mark.slow
def test_a_worker_killed_mid_run_gives_identical_tables_or_one_line(generated, local_tables):
    import signal
    import threading

    ex = client.start("dask", n_workers=2, memory_limit="1GB")
    try:
        victim = next(iter(ex.client.run(os.getpid).values()))
        killer = threading.Timer(1.0, os.kill, (victim, signal.SIGKILL))
        killer.start()
        try:
            got, _ = _tables(generated, ex)
        except CorpusError as err:  # Dask gave up on the task: one line
            assert "\n" not in str(err) and ("died" in str(err) or "lost contact" in str(err))
        else:
            assert got == local_tables["generated"][0]
        finally:
            killer.cancel()
    finally:
        ex.close()


class _ThreeParts(client.Executor):
    """The local executor cutting every input into three partitions, as a cluster would."""

    def partitions(self, n_items, *, per_part=5000):
        return 3


STORY = (
    "India and Russia signed an agreement on the joint production of rifles. "
    "The defence ministers met in New Delhi to review the progress of the project. "
    "Deliveries of the first batch are expected before the end of the coming year. "
    "Officials said the plant would employ several hundred local engineers and workers."
)


@pytest.mark.parametrize("max_df", [50, 1])
def test_distributed_load_finds_the_same_copies_fetching_few_texts(tmp_path, max_df):
    docs = {
        "a": f" date 2020-01-05 Log in\n\n{STORY}\n",
        "b": f" date 2020-02-05 Log in\n\n{STORY}\n",  # an exact copy
        "c": f" date 2020-03-05 Log in\n\n{STORY.replace('several hundred', 'many')}\n",  # a near copy
        "d": " date 2020-04-05 Log in\n\nThe navy held an exercise in the Bay of Bengal with ships of both sides.\n",
        "e": " date 2019-12-05 Log in\n\nA parade took place in Moscow with troops from many friendly countries.\n",
    }
    for name, text in docs.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    from corpus_utils.corpus import load as loader

    recs, _ = loader.records(tmp_path)
    got = stages.read(stages.load(recs, engine=_ThreeParts(), today=pd.Timestamp("2024-01-01").date()))
    assert got["duplicate_of"].tolist() == ["", "a", "a", "", ""]
    # the rows as the workers report them: before the duplicate search
    rows = [
        {"doc_id": d, "date": t.date(), "excluded_reason": ""}
        for d, t in zip(got["doc_id"], got["date"], strict=True)
    ]
    signatures = [loader.duplicates.signature(t) for t in got["text"]]
    # the walk names a and c (they share indexed sentences); b is an exact copy, d and e share nothing
    assert stages._compared(rows, signatures, max_df=max_df) == [0, 2]


def test_for_run_keeps_local_parameters():
    ex, given = client.for_run({"engine": "local", "year_min": 2019})
    assert ex.local and given == {"engine": "local", "year_min": 2019}
    assert ex.info() == {"engine": "local", "scheduler": "", "workers": 1}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=60), st.integers(1, 40), st.integers(0, 60))
def test_a_strings_bucket_is_its_own_wherever_it_stands(strings, buckets, cut):
    """``parts.buckets_of``: in range, the same for equal strings, whatever the chunks or slices."""
    import pyarrow as pa

    arr = pa.array(strings, pa.string())
    got = parts.buckets_of(arr, buckets)
    assert got.shape == (len(strings),) and ((got >= 0) & (got < buckets)).all()
    cut = min(cut, len(strings))
    chunked = pa.chunked_array([arr.slice(0, cut), arr.slice(cut)], pa.string())
    assert (parts.buckets_of(chunked, buckets) == got).all()
    assert (parts.buckets_of(arr.slice(cut), buckets) == got[cut:]).all()
    seen: dict[str, int] = {}
    for s, b in zip(strings, got, strict=True):
        assert seen.setdefault(s, int(b)) == b


def test_string_buckets_are_fixed_values_and_spread():
    """Fixed values (any change would move n-grams between buckets on a mixed-version cluster) and
    an even spread of distinct n-grams."""
    import pyarrow as pa

    assert parts.buckets_of(pa.array(["", "make in india", "s-400", "é"]), 1000).tolist() == [
        0,
        599,
        131,
        794,
    ]
    many = pa.array([f"phrase {i} of words" for i in range(20_000)])
    counts = pd.Series(parts.buckets_of(many, 20)).value_counts()
    assert len(counts) == 20 and counts.max() < 1.15 * 1000


_POOL = [f"Sentence number {i} of the shared pool has these words." for i in range(12)]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, 11), max_size=6), st.booleans(), st.integers(0, 3)),
        max_size=25,
    ),
    st.integers(1, 5),
)
def test_signatures_pruned_per_hash_bucket_find_the_same_copies(docs, n_parts):
    """The distributed loader sends the client only the fingerprints and digests that two documents
    share (counted per hash bucket over partitions); ``duplicates.find`` gives the same answer."""
    from corpus_utils.corpus import duplicates

    texts = [" ".join(_POOL[i] for i in picks) + (" Own words." * own) for picks, _, own in docs]
    eligible = [ok and bool(t.strip()) for t, (_, ok, _) in zip(texts, docs, strict=True)]
    full = [
        duplicates.signature(t) if ok else ("", frozenset()) for t, ok in zip(texts, eligible, strict=True)
    ]
    ids = [f"d{i}" for i in range(len(texts))]
    expected = duplicates.find(texts, ids, eligible=eligible, signatures=full, max_df=3)

    chunks = parts.split(list(range(len(texts))), n_parts)
    row = {"doc_id": "", "date": None, "excluded_reason": ""}
    cleaned = [([row] * len(c), [full[i] for i in c]) for c in chunks]
    buckets = max(1, len(chunks))
    held = [stages._held(p, buckets) for p in cleaned]
    shared = [stages._shared(stages._sum_held([h[b] for h in held])) for b in range(buckets)]
    pruned = [s for k, p in enumerate(cleaned) for s in stages._meta(p, shared, k)[1]]
    assert [s[2] for s in pruned] == [len(fp) for _, fp in full]
    assert all(set(p[1]) <= fp for p, (_, fp) in zip(pruned, full, strict=True))
    assert duplicates.find(texts, ids, eligible=eligible, signatures=pruned, max_df=3) == expected


class _FlakyScatter:
    """A Dask client whose scheduler forgets a worker ``fails`` times while data is scattered."""

    def __init__(self, fails: int):
        self.fails, self.calls = fails, 0

    def scatter(self, items, hash=False):
        self.calls += 1
        if self.calls <= self.fails:
            raise KeyError("tcp://127.0.0.1:40125")
        return [f"future-{i}" for i, _ in enumerate(items)]


def test_scatter_to_a_worker_that_left_is_tried_again_then_one_line(monkeypatch):
    monkeypatch.setattr(client.time, "sleep", lambda s: None)
    flaky = _FlakyScatter(fails=2)
    ex = client.Executor(engine="dask", client=flaky)
    assert ex.scatter(["a", "b"]) == ["future-0", "future-1"] and flaky.calls == 3
    ex = client.Executor(engine="dask", client=_FlakyScatter(fails=3))
    with pytest.raises(CorpusError) as err:
        ex.scatter(["a"])
    assert "\n" not in str(err.value) and "kept leaving" in str(err.value)
    # a KeyError that names no worker is a bug, not a lost worker: it is not hidden
    with pytest.raises(KeyError):
        client.Executor(engine="dask", client=flaky)._guard(lambda: {}["doc_id"])


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 14), max_size=30), min_size=1, max_size=20),
    st.integers(1, 4),
    st.integers(1, 5),
    st.sampled_from([None, 2, 3]),
    st.randoms(use_true_random=False),
)
def test_shingle_index_shuffled_by_hash_is_the_one_process_index(docs, n_parts, buckets, max_df, rnd):
    """Partitions key their n-grams at their documents' places in the corpus; each hash bucket keeps
    its shared n-grams; the gathered keys give ``ngram_index.shared_grams``'s occurrences exactly."""
    import numpy as np

    from corpus_utils.phrases import ngram_index, shingles

    vocab = "the of india russia deal rifles navy signed talks and a jets".split() + ["s-400", "mig", "in"]
    texts = [" ".join(vocab[i] for i in d) for d in docs]
    toks, offsets, stop = shingles.token_hashes(texts)
    n = 3
    expected = ngram_index.shared_grams(toks, offsets, stop, n, max_df)
    bits = ngram_index.key_bits(len(toks), n)
    order = list(range(len(texts)))
    rnd.shuffle(order)  # partitions hold documents from anywhere in the corpus
    pieces = [[] for _ in range(buckets)]
    for part in parts.split(order, n_parts):
        t, o, s = shingles.token_hashes([texts[i] for i in part])
        key = ngram_index.gram_keys(t, o, s, n, bits=bits, starts=offsets[part])
        for b in range(buckets):
            pieces[b].append(key[(key >> np.uint64(bits)) % np.uint64(buckets) == b])
    kept = [ngram_index.kept_keys(np.sort(np.concatenate(p)), offsets, bits, max_df) for p in pieces]
    got = ngram_index.grams_of_keys(np.sort(np.concatenate(kept)), offsets, bits, max_df)
    for g, e in zip(got, expected, strict=True):
        assert g.tolist() == e.tolist()


def test_rows_by_bucket_keep_row_order_and_miss_none():
    import numpy as np

    bucket = np.array([2, 0, 2, 1, 0, 2], dtype=np.uint64)
    got = parts.by_bucket(bucket, 4)
    assert [g.tolist() for g in got] == [[1, 4], [3], [0, 2, 5], []]
    assert parts.bucket_count(0) == 1 and parts.bucket_count(7) == 7
    assert parts.bucket_count(10**6) == parts.MAX_BUCKETS


def test_a_cancelled_result_while_streaming_is_one_line(monkeypatch):
    """``as_completed`` hands a cancelled future's error over as its result (a worker killed
    mid-run, CI at stop 24): ``Executor.run`` must raise it as one line, not return it as a table."""
    import distributed
    from distributed.client import FutureCancelledError

    class Lost:
        key, status = "counts-0", "cancelled"

        def result(self):
            raise FutureCancelledError(self.key, reason="worker lost")

        def release(self):
            pass

    lost = Lost()
    monkeypatch.setattr(
        distributed,
        "as_completed",
        lambda fs, with_results: iter([(lost, FutureCancelledError("k", reason="lost"))]),
    )
    ex = client.Executor(engine="dask")
    with pytest.raises(CorpusError, match="a Dask worker died and its data went with it"):
        ex._guard(lambda: client._as_finished([lost]))
