"""The twentieth to twenty-ninth batches' selection (docs/accuracy.md, "A twentieth batch" to "A twenty-ninth batch").

    python tools/modern_batch.py --list PYPI.tsv --out selection.json     # candidates by summary and month, up to 40 kept
    python tools/modern_batch.py --list PYPI.tsv --out selection.json --since 2020-01 --until 2022-12 --seed 2031

Candidates: every project of a stored list of PyPI's projects (`--list`, read as tools/research_batch.py reads it:
tab-separated lines `name, version, month, rank, summary`, a first line `name...` skipped, the rank empty for a
project outside the 15,000 most downloaded) whose one-line summary has, case-insensitively, a word among
research_batch's TENSORFLOW (`tensorflow`, `tensorflow2`, `tf`, `tf2`, `tf.keras`, `keras`; words as research_batch
reads them: runs of letters, digits, `.` and `-`, with trailing `.` and `-` cut), whose listed month (the newest
release's, `YYYY-MM`) is 2023-01 or later, and that no release in bench/ecosystem.py's PROJECTS pins (any release
of the PEP 503 normalized name). Order: those with a rank by rank, then the others in the order
`random.Random(2030).sample(sorted(names), len(names))` of their normalized names (`names`: the candidates
without a rank). Each is examined as for the eighteenth batch (tools/teaching_batch.py: newest final release, a
wheel when there is one, fetched with the bench's own fetch, kept when it imports tensorflow or keras and mentions
GradientTape, tf.function or `.fit(`, and its Python code differs from every one kept before it), except that the
release file so chosen is not fetched when it is over 25 MB (MAX_SIZE: 25 * 1024 * 1024 bytes, PyPI's own reading
of a megabyte; its size from the Simple API's `size` field, else a HEAD request's Content-Length) and is listed as
left out; stops at 40 kept, the rest listed as left for a later batch.

The twenty-first batch ("the twentieth batch's rule once more") is the same command on the same list, run once the
twentieth batch's 40 were pinned (so they are pinned before, no longer candidates).

The twenty-fifth batch widens the window to the TensorFlow 2 years before it: `--since 2020-01 --until 2022-12`
(listed months from 2020-01 to 2022-12, both included) and `--seed 2031` for the order of the unranked (the defaults
are the twentieth batch's: 2023-01, no upper bound, 2030). The twenty-ninth batch moves the window back a year, to the
year TensorFlow 2 came out: `--since 2019-01 --until 2019-12 --seed 2032`.

Never runs hybridlint, never reads a finding. Prints one line per candidate and writes the outcome as JSON.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from packaging.utils import canonicalize_name

sys.path.insert(0, str(Path(__file__).resolve().parent))
import research_batch as research  # noqa: E402
import teaching_batch as teaching  # noqa: E402

SINCE = "2023-01"
SEED = 2030
MAX_SIZE = 25 * 1024 * 1024


def is_candidate(summary: str, month: str, since: str = SINCE, until: Optional[str] = None) -> bool:
    """A summary with a TensorFlow word and a listed month from `since` to `until` (an empty month is not)."""
    in_window = bool(month) and month >= since and (until is None or month <= until)
    return in_window and any(w in research.TENSORFLOW for w in research.words(summary))


def matching(
    rows: List[Tuple[str, Optional[int], str, str]], since: str = SINCE, until: Optional[str] = None
) -> Dict[str, Tuple[str, Optional[int], str, str]]:
    """The rows that pass the summary and month tests, one per normalized name (the best ranked)."""
    best: Dict[str, Tuple[str, Optional[int], str, str]] = {}
    for name, rank, summary, month in rows:
        if not is_candidate(summary, month, since, until):
            continue
        key = canonicalize_name(name)
        if key not in best or (rank is not None and (best[key][1] is None or rank < best[key][1])):
            best[key] = (key, rank, summary, month)
    return best


def ordered(rows: Dict[str, Tuple[str, Optional[int], str, str]], seed: int = SEED) -> List[Tuple[str, Optional[int], str, str]]:
    """Ranked rows by rank, then the others in the seeded sample order of their sorted normalized names."""
    ranked = sorted((row for row in rows.values() if row[1] is not None), key=lambda row: (row[1], row[0]))
    names = sorted(key for key, row in rows.items() if row[1] is None)
    return ranked + [rows[name] for name in random.Random(seed).sample(names, len(names))]


def _window(parser) -> None:
    parser.add_argument("--since", default=SINCE, help="the first listed month a candidate may have (YYYY-MM)")
    parser.add_argument("--until", default=None, help="the last listed month a candidate may have (YYYY-MM)")
    parser.add_argument("--seed", type=int, default=SEED, help="the seed of the unranked candidates' order")


def main() -> int:
    args = research.arguments(__doc__, _window)
    found = matching(research.read_list(args.list), args.since, args.until)
    pinned = teaching.pinned_names()
    candidates = ordered({key: row for key, row in found.items() if key not in pinned}, args.seed)
    until = time.time() + 60 * args.minutes if args.minutes else None
    outcome = teaching.select([row[0] for row in candidates], args.downloads, until=until, max_size=MAX_SIZE)
    for entry, (_, rank, summary, month) in zip(outcome, candidates):
        entry.update(rank=rank, summary=summary, month=month)
    args.out.write_text(
        json.dumps({"matching": len(found), "pinned_before": sorted(key for key in found if key in pinned), "candidates": outcome}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
