"""The README's demo section (between `<!-- demo:start -->` and `<!-- demo:end -->`), from a real run.

    python tools/readme_demo.py            # print the section
    python tools/readme_demo.py --write    # rewrite README.md (`make readme`)
    python tools/readme_demo.py --check    # exit 1 when README.md is stale (tests/test_readme.py)

It runs the commands `make demo` runs, on examples/, from the repository root, with this interpreter.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
START, END = "<!-- demo:start -->", "<!-- demo:end -->"


def _run(*args: str) -> str:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    proc = subprocess.run(
        [sys.executable, "-m", "hybridlint", *args],
        cwd=str(REPO),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"hybridlint {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc.stdout.rstrip("\n")


def render() -> str:
    check = _run("check", "--no-progress", "examples/")
    preview = _run("check", "--no-progress", "--preview", "examples/")
    diff = _run("check", "--diff", "--unsafe-fixes", "--preview", "examples/")
    return "\n".join(
        [
            START,
            "`make demo` runs this on the bundled `examples/` (real output; `make readme` regenerates it). By default",
            "only the stable rules run, those that have shown their precision on real projects (see *Preview tier*",
            "below):",
            "",
            "```console",
            "$ hybridlint check examples/",
            check,
            "```",
            "",
            "`--preview` (or `preview = true` in `[tool.hybridlint]`, or the `preview` editor setting) adds the preview",
            "rules, so the examples show every hazard they hold:",
            "",
            "```console",
            "$ hybridlint check --preview examples/",
            preview,
            "```",
            "",
            "`examples/metrics.py` never imports TensorFlow: its finding comes from the project index, which sees",
            "`train.py`'s tf.function call it. `[*]` marks a safe fix (`--fix` applies it). The unsafe ones change",
            "behaviour on purpose and need `--unsafe-fixes`; `--diff` shows them without writing:",
            "",
            "```console",
            "$ hybridlint check --preview --diff --unsafe-fixes examples/",
            diff,
            "```",
            END,
        ]
    )


def current(text: str) -> str:
    start, end = text.index(START), text.index(END) + len(END)
    return text[start:end]


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="rewrite README.md")
    group.add_argument("--check", action="store_true", help="exit 1 when README.md's demo is stale")
    args = parser.parse_args(argv)
    section = render()
    text = README.read_text(encoding="utf-8")
    if args.check:
        if current(text) != section:
            print("README.md's demo output is stale: run `make readme`", file=sys.stderr)
            return 1
        return 0
    if args.write:
        updated = text.replace(current(text), section)
        if updated != text:
            README.write_text(updated, encoding="utf-8", newline="\n")
            print("wrote README.md")
        return 0
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
