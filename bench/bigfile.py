"""Big generated modules: `hybridlint check` and `check --fix` time against module size.

    python bench/bigfile.py [--sizes 50,100,200,400] [--repeat 3]

Each module is N KB of small tf.functions that each `print` a tensor (one HYB006 finding with an
unsafe fix per function, applied with `--fix --unsafe-fixes`), the shape of a generated file that once took minutes to fix. Every run is
a fresh CLI process on a fresh copy, without the project index (one file). Printed: the median
seconds of check and fix, the same per KB (flat when the cost is linear), and a one-core
`ast.parse` of the same text measured in the same run as the reference.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def module(kb: int) -> str:
    lines = ["import tensorflow as tf", ""]
    size, i = 0, 0
    while size < kb * 1000:
        block = f"@tf.function\ndef f{i}(x):\n    print('value', x)\n    return x + {i}\n\n"
        lines.append(block)
        size += len(block)
        i += 1
    return "\n".join(lines)


def timed(argv, cwd) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,400")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # --preview: HYB006 is a preview rule; the point is the cost of many findings and fixes.
    exe = [sys.executable, "-m", "hybridlint", "check", "--preview", "--no-progress", "--no-cross-module", "--no-cache", "-q"]
    print(f"{'KB':>5} {'findings':>8} {'parse s':>8} {'check s':>8} {'fix s':>8} {'check s/KB':>10} {'fix s/KB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for kb in (int(s) for s in args.sizes.split(",")):
            text = module(kb)
            original = Path(tmp, "original.py")
            original.write_text(text)
            target = Path(tmp, "big.py")
            parse, check, fix = [], [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                compile(text, "big.py", "exec", flags=0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
                parse.append(time.perf_counter() - start)
                shutil.copy(original, target)
                check.append(timed(exe + ["big.py"], tmp))
                fix.append(timed(exe + ["--fix", "--unsafe-fixes", "big.py"], tmp))
            fixed = target.read_text()
            findings = text.count("print(")
            assert fixed.count("tf.print(") == findings, "not every finding was fixed"
            c, f = statistics.median(check), statistics.median(fix)
            print(
                f"{kb:>5} {findings:>8} {statistics.median(parse):>8.3f} {c:>8.2f} {f:>8.2f} "
                f"{c / kb:>10.4f} {f / kb:>9.4f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
