"""The nineteenth batch's selection (docs/accuracy.md, "A nineteenth batch: research re-implementations").

    python tools/research_batch.py --list PYPI.tsv --out selection.json     # candidates by summary, up to 40 kept

Candidates: every project of a stored list of PyPI's projects (`--list`: tab-separated lines `name, version, month,
rank, summary`, a first line `name...` skipped; the rank is empty for a project outside the 15,000 most
downloaded) whose one-line summary has, case-insensitively, a word beginning with `implement` or `reimplement`
and a word among TENSORFLOW (words: runs of letters, digits, `.` and `-`, with trailing `.` and `-` cut), and that
no release in bench/ecosystem.py's PROJECTS pins (any release). Order: those with a rank by rank, then the others
in alphabetical order of their PEP 503 normalized names. Each is examined as for the eighteenth batch
(tools/teaching_batch.py: newest final release, a wheel when there is one, fetched with the bench's own fetch,
kept when it imports tensorflow or keras and mentions GradientTape, tf.function or `.fit(`, and its Python code
differs from every one kept before it); stops at 40 kept, the rest listed as left for a later batch.

Never runs hybridlint, never reads a finding. Prints one line per candidate and writes the outcome as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from packaging.utils import canonicalize_name

sys.path.insert(0, str(Path(__file__).resolve().parent))
import teaching_batch as teaching  # noqa: E402

IMPLEMENT = ("implement", "reimplement")
TENSORFLOW = frozenset({"tensorflow", "tensorflow2", "tf", "tf2", "tf.keras", "keras"})
_WORD = re.compile(r"(?:[^\W_]|[.\-])+")


def words(summary: str) -> List[str]:
    """The summary's words, lower-cased: runs of letters, digits, `.` and `-`, trailing `.` and `-` cut."""
    found = (w.rstrip(".-").lower() for w in _WORD.findall(summary))
    return [w for w in found if w]


def is_candidate(summary: str) -> bool:
    found = words(summary)
    return any(w.startswith(IMPLEMENT) for w in found) and any(w in TENSORFLOW for w in found)


def read_list(path: Path) -> List[Tuple[str, Optional[int], str, str]]:
    """(name, rank or None, summary, month) of each line of the stored list (the month as listed, `YYYY-MM` or
    empty)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        fields = line.split("\t")
        if number == 0 and fields[0].strip().lower() == "name":
            continue
        if not fields[0].strip():
            continue
        rank = fields[3].strip() if len(fields) > 3 else ""
        summary = "\t".join(fields[4:]) if len(fields) > 4 else ""
        month = fields[2].strip() if len(fields) > 2 else ""
        rows.append((fields[0].strip(), int(rank) if rank.isdigit() else None, summary, month))
    return rows


def ordered(rows: List[Tuple[str, Optional[int], str, str]]) -> List[Tuple[str, Optional[int], str]]:
    """The matching rows, one per normalized name: ranked ones by rank, then the others alphabetically."""
    best: Dict[str, Tuple[str, Optional[int], str]] = {}
    for name, rank, summary, _month in rows:
        if not is_candidate(summary):
            continue
        key = canonicalize_name(name)
        if key not in best or (rank is not None and (best[key][1] is None or rank < best[key][1])):
            best[key] = (key, rank, summary)
    return sorted(best.values(), key=lambda row: (row[1] is None, row[1] or 0, row[0]))


def arguments(doc: str, extra=None) -> argparse.Namespace:
    """The command line of a selection by the stored list of PyPI's projects (this batch's and later ones').

    `extra(parser)` adds a later batch's own options.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--list", type=Path, required=True, help="the stored list of PyPI's projects with summaries")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--downloads", type=Path, default=teaching.eco.DEFAULT_CACHE / "downloads")
    parser.add_argument("--minutes", type=float, default=None, help="stop examining after this many minutes")
    if extra is not None:
        extra(parser)
    return parser.parse_args()


def main() -> int:
    args = arguments(__doc__)
    matching = ordered(read_list(args.list))
    pinned = teaching.pinned_names()
    candidates = [row for row in matching if row[0] not in pinned]
    until = time.time() + 60 * args.minutes if args.minutes else None
    outcome = teaching.select([row[0] for row in candidates], args.downloads, until=until)
    for entry, (_, rank, summary) in zip(outcome, candidates):
        entry.update(rank=rank, summary=summary)
    args.out.write_text(
        json.dumps(
            {"matching": len(matching), "pinned_before": sorted(row[0] for row in matching if row[0] in pinned), "candidates": outcome},
            indent=1,
        ) + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
