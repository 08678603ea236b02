"""The runner on corpora laid out their own way: column mapping, file-name patterns, metadata tables."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from corpus_utils.report import arguments, params, runner

BODIES = [  # the texts of the runner's small table (tests/conftest.py), which every notebook handles
    "India and Russia reaffirmed their special and privileged strategic partnership. "
    "The two ministers discussed the supply of S-400 systems and joint production under Make in India. "
    '"Our cooperation is based on trust," Rajnath Singh said.',
    "Defence Minister Rajnath Singh attended the Victory Day parade in Moscow. "
    "The interaction of the general staffs and branches of the armed forces is strengthening, Shoigu said. "
    "Both sides welcomed the AK-203 joint venture for the production of rifles worth Rs 5,000 crore.",
    "<script>alert('corpus')</script> Defence Minister Rajnath Singh met Russian Defence Minister "
    "Sergei Shoigu in New Delhi. The two ministers discussed the special and privileged "
    'strategic partnership and the AK-203 joint venture. "We value the trust between our countries," '
    "Shoigu said.",
    "The interaction of the general staffs and military branches of the armed forces is "
    "strengthening, Shoigu said at a meeting. India values its special and privileged strategic partnership "
    "with Russia, the ministry said in a statement on the S-400 deliveries.",
]
SPEECHES = pd.DataFrame(
    {
        "id": ["sp-101", "sp-007", "sp-300", "sp-042"],
        "published": ["2019-03-01", "2020-06-24", "2021-12-06", "2022-04-01"],
        "body": BODIES,
        "paper": ["Hansard", "Hansard", "Gazette", "Gazette"],
        "party": ["Labour", "Green", "Labour", "Liberal"],
        "member": ["A. Jones", "B. Smith", "", "C. Brown"],
    }
)
MAPPING = [
    *("-p", "text_col", "body"),
    *("-p", "date_col", "published"),
    *("-p", "id_col", "id"),
    *("-p", "outlet_col", "paper"),
    *("-p", "group_col", "party"),
    *("-p", "speaker_col", "member"),
]


def test_folder_parameters_arrive_verbatim(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "2001-a.txt").write_text("Defence ministers met in Delhi.\n", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,date\n2001-a.txt,2001\n", encoding="utf-8")
    pattern = r"(?P<year>\d{4})-\w+"
    args = runner.parser().parse_args(
        ["--corpus", str(folder), "-p", "filename_pattern", pattern, "-p", "metadata", str(meta)]
    )
    values = arguments.gather(args, sorted(params.SPEC))
    assert values == {"corpus": str(folder), "filename_pattern": pattern, "metadata": str(meta)}
    table = tmp_path / "t.csv"
    table.write_text("123\nDefence ministers met in Delhi.\n", encoding="utf-8")
    args = runner.parser().parse_args(["--corpus", str(table), "-p", "text_col", "123"])
    assert arguments.gather(args, sorted(params.SPEC)) == {"corpus": str(table), "text_col": "123"}


def test_missing_metadata_table_stops_before_any_notebook(tmp_path, capsys):
    code = runner.main(["-p", "metadata", "no_such_meta.csv", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "metadata path 'no_such_meta.csv' does not exist" in err
    assert len(err.splitlines()) == 1


@pytest.mark.slow
def test_csv_with_its_own_column_names(tmp_path):
    corpus = tmp_path / "speeches.csv"
    SPEECHES.to_csv(corpus, index=False)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "corpus_utils.report", "--corpus", str(corpus), "--out", str(out), *MAPPING],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = pd.read_csv(out / "tables" / "corpus.csv", dtype=str, keep_default_na=False)
    assert list(table["doc_id"]) == ["sp-101", "sp-007", "sp-300", "sp-042"]
    assert list(table["date"]) == ["2019-03-01", "2020-06-24", "2021-12-06", "2022-04-01"]
    assert (table["date_source"] == "column").all()
    assert list(table["outlet"]) == ["Hansard", "Hansard", "Gazette", "Gazette"]
    assert list(table["side"]) == ["Labour", "Green", "Labour", "Liberal"]
    assert list(table["speaker"]) == ["A. Jones", "B. Smith", "", "C. Brown"]
    assert (table["included"] == "True").all()
