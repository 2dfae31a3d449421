"""Where the engine's time goes, on one core, over a sample of the batch benchmark's files.

    python bench/_profile.py [--every N] [--repeat R] [--cprofile]

Run `python bench/batch.py --quick` (or a full run) first: it downloads the projects. Times are CPU
times (`time.process_time`), the minimum of R runs, so other processes on a shared machine disturb
them less than wall time, with the garbage collector paused as `check_source` pauses it. Prints each phase (parse, module facts, shared analysis, bare walk) and what
each rule adds over the bare walk, then, with --cprofile, the top functions by own time.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import cProfile
import gc
import pstats
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hybridlint import engine  # noqa: E402
from hybridlint.facts import ModuleFacts  # noqa: E402
from hybridlint.registry import all_rules  # noqa: E402
from hybridlint.rule import Rule  # noqa: E402
from hybridlint.settings import Settings  # noqa: E402
from hybridlint.source import SourceText  # noqa: E402


class _NoVisitors(Rule):
    """Makes the engine build facts and walk every node while no rule looks at anything (a rule
    without any visitor would let the engine skip the walk)."""

    code = "HYB999"
    name = "no-visitors"

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        pass


class _NothingAtAll(Rule):
    """No visitor at all: the engine builds the facts and skips the walk."""

    code = "HYB998"
    name = "nothing-at-all"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=4, help="take every N-th file (default 4)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "bench" / "src")
    args = parser.parse_args()
    paths = sorted(args.cache.rglob("*.py"))[:: args.every]
    if not paths:
        sys.exit("no files: run bench/batch.py first")
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in paths]
    texts = [t for t in texts if "tensorflow" in t]
    lines = sum(t.count("\n") for t in texts)
    settings = Settings()
    print(f"{len(texts)} files mentioning tensorflow, {lines:,} lines; CPU seconds, best of {args.repeat}")

    def best(run: Callable[[], None], collector: bool = False) -> float:
        """CPU time of `run`, with the garbage collector paused as `check_source` pauses it."""
        times = []
        for _ in range(args.repeat):
            gc.collect()
            if not collector:
                gc.disable()
            start = time.process_time()
            try:
                run()
            finally:
                times.append(time.process_time() - start)
                gc.enable()
        return min(times)

    def row(label: str, seconds: float, note: str = "") -> None:
        rate = f"{lines / seconds:>12,.0f} lines/s" if seconds > 0 else ""
        print(f"  {label:<48} {seconds:7.3f} s {rate} {note}")

    # First, with only the texts alive: the collector's cost grows with the live heap, and the
    # trees kept below for the phase timings would inflate it.
    whole = best(lambda: [engine.check_source(t, "x.py", settings) for t in texts])
    row("check_source, all rules (end to end)", whole)
    paused = engine._gc_paused
    engine._gc_paused = contextlib.nullcontext  # what a check cost before it paused the collector
    try:
        everything = lambda: [engine.check_source(t, "x.py", settings) for t in texts]  # noqa: E731
        row("  the same with the garbage collector running", best(everything, collector=True))
    finally:
        engine._gc_paused = paused

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trees = [ast.parse(t) for t in texts]
    sources = [SourceText(t) for t in texts]

    def parse() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for text in texts:
                ast.parse(text)

    def facts() -> None:
        for tree in trees:
            ModuleFacts(tree)

    def analysis() -> None:
        from hybridlint.analysis import ModuleAnalysis

        for tree in trees:
            ModuleAnalysis(ModuleFacts(tree))

    def check(rules: List[type]) -> Callable[[], None]:
        def run() -> None:
            for source, tree in zip(sources, trees):
                engine.check_tree(source, tree, "x.py", settings, rules)

        return run

    row("  ast.parse", best(parse))
    row("  ModuleFacts", best(facts))
    try:
        row("  ModuleAnalysis (incl. its ModuleFacts)", best(analysis))
    except ImportError:
        pass
    facts_only = best(check([_NothingAtAll]))
    row("  facts, no walk (rules without visitors)", facts_only)
    bare = best(check([_NoVisitors]))
    row("  facts + bare walk (a visitor of a rare node)", bare)
    print("  what each rule adds to the one of those two that it needs:")
    for rule in all_rules():
        walks = any(name.startswith("visit_") for name in dir(rule))
        added = best(check([rule])) - (bare if walks else facts_only)
        print(f"    {rule.code} {rule.name:<42} {added:+7.3f} s{'' if walks else '  (no walk)'}")
    row("  facts + walk + all rules (no parse)", best(check(list(all_rules()))))

    if args.cprofile:
        profile = cProfile.Profile()
        profile.enable()
        for text in texts:
            engine.check_source(text, "x.py", settings)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
