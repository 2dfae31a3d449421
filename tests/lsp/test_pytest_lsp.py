"""Below Python 3.10 pytest-lsp does not install, so the tests that drive the server through it are
not collected (conftest.py); this one test says so, as a skip the README lists, instead of their
silent absence. From 3.10 on it checks that every one of them is collected."""

from __future__ import annotations

import sys

import pytest
from lsp_modules import NEEDS_PYTEST_LSP


def test_the_pytest_lsp_tests_run(request):
    if sys.version_info < (3, 10):
        pytest.skip(f"pytest-lsp needs Python 3.10: not run: {', '.join(NEEDS_PYTEST_LSP)}")
    import pytest_lsp  # noqa: F401

    assert "test_actions.py" in NEEDS_PYTEST_LSP and "test_concurrency.py" not in NEEDS_PYTEST_LSP
