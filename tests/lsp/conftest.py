"""pytest-lsp fixtures (lsp_fixtures.py): the server as a subprocess on stdio, driven as each real
client would. Not below Python 3.10, where pytest-lsp does not install (lsp_modules.py).

`client` is parametrised over the capabilities of VS Code, Neovim 0.7, Neovim 0.11 and Emacs (eglot),
so every test runs as each editor. Tests ask for init options with `@pytest.mark.init_options({...})`.
"""

from __future__ import annotations

import sys

from lsp_modules import NEEDS_PYTEST_LSP

if sys.version_info < (3, 10):
    collect_ignore = NEEDS_PYTEST_LSP
else:
    from lsp_fixtures import client, client_with_raising_rule, editor, some_client  # noqa: F401


def pytest_configure(config):
    config.addinivalue_line("markers", "init_options(options): initializationOptions for the test's server")
