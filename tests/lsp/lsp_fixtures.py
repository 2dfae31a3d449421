"""pytest-lsp fixtures (see conftest.py): the server as a subprocess on stdio, driven as each real
client would."""

from __future__ import annotations

import os

import pytest_lsp
from lsp_support import CLIENTS, SERVER, make_client, raising_rule_code, start
from pytest_lsp import ClientServerConfig, LanguageClient

@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), params=CLIENTS)
async def client(lsp_client: LanguageClient, request):
    await start(lsp_client, request, request.param)
    yield
    await lsp_client.shutdown_session()


# One server per test module and client, for tests that change no settings (server starts dominate
# the suite's time). Modules using it run in a module-scoped event loop.
@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client), params=CLIENTS, scope="module"
)
async def editor(lsp_client: LanguageClient, request, tmp_path_factory):
    await start(lsp_client, request, request.param, root=tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


# One pushing and one pulling client: enough for behaviour that does not depend on the editor.
@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
    params=["neovim@v0.7", "neovim@v0.11"],
)
async def some_client(lsp_client: LanguageClient, request):
    await start(lsp_client, request, request.param)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=SERVER,
        client_factory=make_client,
        server_env={**os.environ, "HYBRIDLINT_TEST_RAISE_IN_RULE": raising_rule_code()},
    ),
    params=["visual-studio-code", "neovim@v0.11"],
)
async def client_with_raising_rule(lsp_client: LanguageClient, request):
    await start(lsp_client, request, request.param)
    yield
    await lsp_client.shutdown_session()
