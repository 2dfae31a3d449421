"""pytest-lsp fixtures: the server as a subprocess on stdio, driven as each real client would.

`client` is parametrised over the capabilities of VS Code, Neovim 0.7, Neovim 0.11 and Emacs (eglot),
so every test runs as each editor. Tests ask for init options with `@pytest.mark.init_options({...})`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# pytest-lsp installs only on Python 3.10 and later. Below that the modules that drive the server
# through it are not collected, and test_pytest_lsp.py skips once, naming them (the README lists that
# skip); the tests on the raw wire (wire.py) run on every Python.
NEEDS_PYTEST_LSP = sorted(
    path.name
    for path in HERE.glob("test_*.py")
    if re.search(r"^(?:import pytest_lsp|from (?:pytest_lsp|lsp_support) import)", path.read_text(encoding="utf-8"), re.M)
)
if sys.version_info < (3, 10):
    collect_ignore = NEEDS_PYTEST_LSP
else:
    from lsp_fixtures import client, client_with_raising_rule, editor, some_client  # noqa: F401


def pytest_configure(config):
    config.addinivalue_line("markers", "init_options(options): initializationOptions for the test's server")
