"""The `preview` setting through the server: preview findings appear only with it, from the
initializationOptions, a configuration change or `preview = true` in `[tool.hybridlint]`.

Which rules are preview changes as verdicts are recorded, so the server under test is started with
HYB025 made a preview rule and HYB012 a stable one (the class flag the engine reads)."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsp_support import Doc, by_code, configure, make_client, start, wait_for
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")

SERVER_WITH_TIERS = [
    sys.executable,
    "-c",
    "import sys\n"
    "from hybridlint.registry import rules_by_code\n"
    "rules_by_code()['HYB025'].preview = True\n"
    "rules_by_code()['HYB012'].preview = False\n"
    "from hybridlint.server import main\n"
    "sys.exit(main())\n",
]
TEXT = (
    "import tensorflow as tf\n\n"
    "tf.config.run_functions_eagerly(True)\n\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def step(x):\n"
    "    return tf.nn.relu(x)\n"
)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_WITH_TIERS, client_factory=make_client),
    params=["visual-studio-code", "neovim@v0.7", "emacs"],
)
async def client(lsp_client: LanguageClient, request):
    await start(lsp_client, request, request.param, preview=None)  # the server's default mode
    yield
    await lsp_client.shutdown_session()


async def _codes_become(doc: Doc, expected):
    async def current():
        return sorted(d.code for d in await doc.diagnostics())

    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while (codes := await current()) != expected:
        assert loop.time() < deadline, f"diagnostics stayed {codes}, expected {expected}"
        await asyncio.sleep(0.05)


async def test_preview_findings_only_with_the_setting(client):
    doc = Doc(client, "model.py", TEXT)
    diagnostics = await doc.diagnostics()
    assert by_code(diagnostics, "HYB012") and not by_code(diagnostics, "HYB025")
    configure(client, {"preview": True})
    await _codes_become(doc, ["HYB012", "HYB025"])
    configure(client, {"preview": False})
    await _codes_become(doc, ["HYB012"])


@pytest.mark.init_options({"preview": True})
async def test_preview_from_initialization_options(client):
    doc = Doc(client, "model.py", TEXT)
    await _codes_become(doc, ["HYB012", "HYB025"])


async def test_preview_from_pyproject(client):
    (client.root / "pyproject.toml").write_text("[tool.hybridlint]\npreview = true\n", encoding="utf-8")
    doc = Doc(client, "model.py", TEXT)
    await _codes_become(doc, ["HYB012", "HYB025"])


@pytest.mark.init_options({"preview": "yes"})
async def test_a_bad_preview_value_is_named(client):
    doc = Doc(client, "model.py", TEXT)
    await wait_for(lambda: [m for m in client.messages if "preview" in m.message])
    assert not by_code(await doc.diagnostics(), "HYB025")
