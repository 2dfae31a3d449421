"""Which test modules here drive the server through pytest-lsp (which installs only on Python 3.10 and
later): below 3.10 conftest.py does not collect them, and test_pytest_lsp.py skips once, naming them.
The tests on the raw wire (wire.py) run on every Python."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEEDS_PYTEST_LSP = sorted(
    path.name
    for path in HERE.glob("test_*.py")
    if re.search(r"^(?:import pytest_lsp|from (?:pytest_lsp|lsp_support) import)", path.read_text(encoding="utf-8"), re.M)
)
