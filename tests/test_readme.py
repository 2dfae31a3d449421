"""The README's demo output is what `make demo` prints today (`make readme` regenerates it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_readme_demo_output_is_current():
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "readme_demo.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"{proc.stderr.strip()}\n(run `make readme` and commit README.md)"
