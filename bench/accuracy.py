"""Score hybridlint against a labelled evaluation corpus (precision and recall per rule).

    python bench/accuracy.py [CORPUS_DIR]      # default: ../shared/eval/corpus next to the repository

The corpus is scored twice, with the default settings and in preview mode (`preview = true`), and the
two are shown side by side; the review lists follow, for the default run and then what preview mode adds.

Corpus layout (see the corpus README): one folder per case with `before.py`, optional `after.py`, and
`case.toml` with `expect = "positive" | "negative"` and `[[label]]` entries (category, lines, kind).
Scoring, as the corpus suggests: a TP is a finding of the matching rule starting on a labelled problem
line; a problem label nobody matched is a FN; any finding in a negative case or on a near-miss line is a
FP; other findings in positive cases are listed for a manual look. `after.py` should not trigger the
labelled rule (counted as FP when it does). The corpus is evaluation data: it is read, never copied.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

from hybridlint.engine import check_source
from hybridlint.settings import Settings

# Label category (free text) → the rules that cover it (rules.md §4, "Eval-corpus label → rule map").
CATEGORY_RULES = [
    (r"varying input shapes|input_signature", {"HYB002", "HYB026"}),
    (r"created inside|created in a repeatedly|recreated", {"HYB003"}),
    (r"python scalar", {"HYB004"}),
    (r"non-tensor object|python object", {"HYB020", "HYB011"}),
    (r"print|logging", {"HYB006"}),
    (r"list mutat|collection|list .*mutated", {"HYB007"}),
    (r"attribute|global mutation|state mutat", {"HYB008"}),
    (r"\.numpy\(\)|numpy|eager-only", {"HYB009", "HYB010"}),
    (r"bool\(\)|control flow", {"HYB014"}),
    (r"static shape", {"HYB016"}),
    (r"variable", {"HYB011"}),
    (r"run_functions_eagerly", {"HYB012"}),
    (r"run_eagerly", {"HYB017"}),
    (r"unnecessary tf\.function|unneeded", {"HYB013"}),
    (r"iterator|generator", {"HYB018"}),
]


def rules_for(category: str) -> set:
    found = set()
    for pattern, codes in CATEGORY_RULES:
        if re.search(pattern, category, re.IGNORECASE):
            found |= codes
    return found


def findings(path: Path, settings: Settings):
    text = path.read_text(encoding="utf-8")
    return check_source(text, path.name, settings).findings


def score(corpus: Path, settings: Settings):
    """(tp, fp, fn, review) over every case of `corpus`, checked with `settings`."""
    tp, fp, fn = Counter(), Counter(), Counter()
    review = []
    for case_dir in sorted(p for p in corpus.iterdir() if (p / "case.toml").exists()):
        case = tomllib.loads((case_dir / "case.toml").read_text(encoding="utf-8"))
        labels = [lab for lab in case.get("label", []) if "file" not in lab]
        before = findings(case_dir / "before.py", settings)
        near = {line for lab in labels if lab.get("kind") == "near-miss" for line in lab["lines"]}
        matched = set()
        for f in before:
            if case["expect"] == "negative" or f.span.line in near:
                fp[f.code] += 1
                review.append(f"FP {case_dir.name}:{f.span.line} {f.code} {f.message[:90]}")
                continue
            hit = False
            for index, lab in enumerate(labels):
                if lab.get("kind", "problem") == "problem" and f.span.line in lab["lines"]:
                    if f.code in rules_for(lab["category"]):
                        hit = True
                        matched.add(index)
            if hit:
                tp[f.code] += 1
            else:
                review.append(f"?? {case_dir.name}:{f.span.line} {f.code} {f.message[:90]}")
        for index, lab in enumerate(labels):
            if lab.get("kind", "problem") == "problem" and index not in matched:
                codes = "/".join(sorted(rules_for(lab["category"]))) or "unmapped"
                fn[codes] += 1
                review.append(f"FN {case_dir.name}:{lab['lines']} {codes} ({lab['category']})")
        after = case_dir / "after.py"
        if after.exists():
            labelled = set().union(*(rules_for(lab["category"]) for lab in labels)) if labels else set()
            for f in findings(after, settings):
                if f.code in labelled:
                    fp[f.code] += 1
                    review.append(f"FP {case_dir.name}/after.py:{f.span.line} {f.code} (still flagged after the fix)")
    return tp, fp, fn, review


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "—"


def main(argv=None) -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "eval" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    runs = {"default": score(args.corpus, Settings()), "preview": score(args.corpus, Settings(preview=True))}
    codes = sorted(set().union(*(set(tp) | set(fp) | set(fn) for tp, fp, fn, _ in runs.values())))
    print(f"{'':<16} {'default':^14} | {'preview mode':^14}")
    print(f"{'rule':<16} {'TP':>4} {'FP':>4} {'FN':>4} | {'TP':>4} {'FP':>4} {'FN':>4}")
    for code in codes:
        cells = [f"{c[code]:>4}" for mode in runs.values() for c in mode[:3]]
        print(f"{code:<16} {' '.join(cells[:3])} | {' '.join(cells[3:])}")
    totals = {name: [sum(c.values()) for c in run[:3]] for name, run in runs.items()}
    d, p = totals["default"], totals["preview"]
    print(f"{'total':<16} {d[0]:>4} {d[1]:>4} {d[2]:>4} | {p[0]:>4} {p[1]:>4} {p[2]:>4}")
    for name, (tp, fp, fn) in totals.items():
        print(f"{name}: precision {_ratio(tp, tp + fp)}, recall {_ratio(tp, tp + fn)} (labelled lines)")
    print()
    default_review = runs["default"][3]
    for line in default_review:
        print(line)
    added = [line for line in runs["preview"][3] if line not in default_review]
    if added:
        print()
        print("preview mode adds:")
        for line in added:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
