"""``python -m eval.run``: score the study on the seeds against the hand-coded gold files.

Runs ``claims.extract``, ``families.occurrences`` and ``reuse.passages`` on ``seeds/`` with the
defaults of the notebooks' ``parameters`` cells (read from the notebooks, so the evaluation follows
them), prints precision and recall for speakers, themes, families and passages, the errors behind
them (``--errors``), and whether each target is met. The exit code is 0 either way: the targets are a
benchmark, not a test (``--strict`` exits 1 when one is missed).
"""

from __future__ import annotations

import argparse
import ast
import json
import math

from corpus_utils import claims, load_corpus
from corpus_utils.claims import speakers
from corpus_utils.paths import NOTEBOOKS_DIR, SEEDS_DIR
from corpus_utils.phrases import families, reuse

from . import gold, score

TARGETS = (
    ("speaker_precision", ">=", 0.95),
    ("theme_precision", ">=", 0.9),
    ("family_recall", ">=", 0.9),
    ("noise_families", "==", 0),
)


def notebook_defaults(name: str = "03_phrases_across_years") -> dict:
    """The literal defaults of a notebook's tagged ``parameters`` cell."""
    nb = json.loads((NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    out = {}
    for node in ast.parse("".join(cell["source"])).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            out[target.id] = ast.literal_eval(node.value)
    return out


def evaluate() -> dict:
    """All scores on the seeds: {"claims": ..., "families": ..., "passages": ...}."""
    docs = load_corpus(SEEDS_DIR)
    docs = docs[docs["included"]].reset_index(drop=True)
    ids = set(docs["doc_id"])
    params = notebook_defaults()
    table = claims.extract(docs)
    occ = families.occurrences(docs, watch_phrases=params["watch_phrases"])
    found = reuse.passages(docs, min_words=params["reuse_min_words"])
    return {
        "claims": score.score_claims(table, gold.claims(doc_ids=ids)),
        "families": score.score_families(occ, gold.families(doc_ids=ids), speakers.Resolver()),
        "passages": score.score_passages(found, gold.passages(doc_ids=ids)),
    }


def targets(result: dict) -> list[tuple[str, str, float, float, bool]]:
    """(metric, op, target, value, met) for each target."""
    flat = {**result["claims"], **result["families"], **result["passages"]}
    out = []
    for name, op, want in TARGETS:
        value = flat[name] if name != "noise_families" else len(flat[name])
        met = (value >= want) if op == ">=" else (value == want)
        out.append(
            (name, op, want, value, bool(met) and not (isinstance(value, float) and math.isnan(value)))
        )
    return out


def report(result: dict, *, errors: bool = False) -> str:
    c, f, p = result["claims"], result["families"], result["passages"]
    lines = [
        "Evaluation on the seeds against eval/*.csv",
        f"claims: gold {c['gold_claims']}, system {c['system_claims']}, matched {c['matched']}, "
        f"counted twice {c['duplicates']}, spurious {c['spurious']}",
        f"speakers: precision {c['speaker_precision']:.3f}, recall {c['speaker_recall']:.3f}; "
        f"side accuracy {c['side_accuracy']:.3f}",
        f"themes: precision {c['theme_precision']:.3f}, recall {c['theme_recall']:.3f}",
        f"about: accuracy {c['about_accuracy']:.3f}; scope accuracy {c['scope_accuracy']:.3f}",
        f"families: recall {f['family_recall']:.3f} ({f['found']}/{f['gold_wordings']} wordings), "
        f"precision {f['family_precision']:.3f} ({f['system_families']} families); "
        f"name/title/reporting-clause families {len(f['noise_families'])}"
        + (
            ": " + "; ".join(f"{k} ({v})" for k, v in sorted(f["noise_families"].items()))
            if f["noise_families"]
            else ""
        ),
        f"passages: recall {p['passage_recall']:.3f}, precision {p['passage_precision']:.3f} "
        f"({p['system_passages']} found, {p['gold_passages']} in gold)",
        "targets:",
    ]
    for name, op, want, value, met in targets(result):
        lines.append(
            f"  {name} {op} {want}: {value if isinstance(value, int) else f'{value:.3f}'} {'met' if met else 'NOT met'}"
        )
    if errors:
        lines.append("claim errors (kind | sentence | system | gold):")
        lines += [f"  {k} | {s[:70]} | {a} | {b}" for k, s, a, b in c["errors"]]
        lines.append("family wordings missed (family | wording | doc):")
        lines += [f"  {fam} | {w} | {d}" for fam, w, d in f["misses"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the errors behind the scores")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    result = evaluate()
    print(report(result, errors=args.errors))
    return 1 if args.strict and not all(t[-1] for t in targets(result)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
