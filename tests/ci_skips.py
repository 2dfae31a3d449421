"""The skips README.md allows under `CI=true` (its section between `<!-- ci-skips:start -->` and
`<!-- ci-skips:end -->`, one bullet per reason, the reason first in backticks). Read by
tests/conftest.py, which fails every other skip under CI=true."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- ci-skips:start -->", "<!-- ci-skips:end -->"


def allowed_skip_reasons(text: str) -> List[str]:
    if START not in text or END not in text:
        raise AssertionError(f"README.md has no {START} … {END} section")
    section = text.split(START, 1)[1].split(END, 1)[0]
    return re.findall(r"^\s*[-*]\s+`([^`]+)`", section, flags=re.MULTILINE)
