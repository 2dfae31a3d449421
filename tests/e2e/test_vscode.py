"""The VS Code extension (editors/vscode) without VS Code: its Node unit tests, its .vsix package, and
the contract between what it sends and what the server accepts.

The extension itself runs in a real VS Code (code-server) in test_vscode_real.py; these faster tests pin
what it sends to the server: src/settings.ts, run with Node, fed to the real server over stdio with VS
Code's client capabilities, as the extension does.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Dict, List

import pytest

if sys.version_info < (3, 10):  # README's CI-skips section: pytest-lsp does not install on Python 3.9
    pytest.skip("pytest-lsp needs Python 3.10: not run: tests/e2e/test_vscode.py", allow_module_level=True)

import pytest_lsp  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

import hybridlint  # noqa: E402

from .support import CROSS_MODULE_FILES, EDITORS, SAMPLE, require, require_program  # noqa: E402

VSCODE = EDITORS / "vscode"
# The first build runs `npm ci` (about 20 s here); later ones only recompile what changed.
BUILD_TIMEOUT_S = 300


def _make(target: str) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(
            ["make", "-C", str(VSCODE), target, f"PYTHON={sys.executable}"],
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"make {target} did not finish within {BUILD_TIMEOUT_S} s\n{exc.stdout}\n{exc.stderr}", pytrace=False
        )
    assert proc.returncode == 0, (
        f"make -C editors/vscode {target} failed\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    )
    return proc


@pytest.fixture(scope="module")
def built() -> Path:
    require_program("node", "Node.js >= 20")
    require_program("npm", "npm")
    require_program("make", "make")
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    major = int(re.match(r"v(\d+)", node_version).group(1)) if re.match(r"v(\d+)", node_version) else 0
    require(major >= 20, f"Node {node_version} is too old: the extension build needs Node >= 20")
    _make("build")
    return VSCODE / "out"


def test_node_unit_tests_pass(built):
    proc = _make("test")
    summary = dict(re.findall(r"^# (pass|fail|cancelled|todo|skipped) (\d+)$", proc.stdout, re.M))
    assert summary, proc.stdout
    assert int(summary["fail"]) == 0 and int(summary["cancelled"]) == 0, proc.stdout
    assert int(summary["pass"]) >= 20, f"fewer Node tests ran than exist:\n{proc.stdout}"


def test_vsix_is_built_with_the_runtime_it_needs(built):
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    vsix = VSCODE / f"hybridlint-{manifest['version']}.vsix"
    vsix.unlink(missing_ok=True)
    _make("vsix")
    assert vsix.exists()
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        packaged = json.loads(archive.read("extension/package.json"))
    assert packaged["version"] == hybridlint.__version__, "the extension and hybridlint should share a version"
    assert packaged["main"] == "./out/extension.js"
    for needed in (
        "out/extension.js",
        "out/settings.js",
        "out/serverCommand.js",
        "node_modules/vscode-languageclient/package.json",
        "node_modules/vscode-languageserver-protocol/package.json",
        "readme.md",
        "LICENSE.txt",
        "bundled/tool/lsp_server.py",
        "bundled/libs/hybridlint/server/__init__.py",
        "bundled/libs/hybridlint/rule_docs/HYB004.html",
        "bundled/libs/pygls/__init__.py",
        "bundled/libs/jedi/__init__.py",
    ):
        assert f"extension/{needed}" in names, f"{needed} missing from the .vsix"
    leaked = sorted(
        n
        for n in names
        if n.startswith(("extension/src/", "extension/out/test/"))
        or "/node_modules/typescript/" in n
        or "/node_modules/@vscode/vsce/" in n
    )
    assert not leaked, f"sources, tests or build tools packaged: {leaked[:5]}"


# -- what the extension sends, checked against the real server -----------------------------------


def server_settings(out: Path, user: Dict[str, Any]) -> Dict[str, Any]:
    """Run the extension's own settings module: VS Code settings in, server settings out."""
    script = (
        "const m = require(process.argv[1]); const user = JSON.parse(process.argv[2]);"
        "const r = m.readSettings((k) => user[k]);"
        "process.stdout.write(JSON.stringify({server: m.serverSettings(r.settings), problems: r.problems}));"
    )
    proc = subprocess.run(
        ["node", "-e", script, str(out / "settings.js"), json.dumps(user)], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["problems"] == [], result["problems"]
    return result["server"]


def vscode_languageclient_capabilities() -> types.ClientCapabilities:
    """VS Code's capabilities as the extension's client (vscode-languageclient 9) sends them.

    pytest-lsp's recorded set is VS Code 1.65's; vscode-languageclient 9 adds pull diagnostics with
    refresh and position encodings (lib/common/diagnostic.js and client.js, fillClientCapabilities).
    """
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    assert caps.text_document is not None and caps.workspace is not None and caps.general is not None
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=False
    )
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    caps.general.position_encodings = [types.PositionEncodingKind.Utf16]
    return caps


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "hybridlint.server"]))
async def vscode_client(lsp_client: LanguageClient):
    # VS Code accepts the server's file-watcher registration.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    yield
    await lsp_client.shutdown_session()


class Session:
    """One document in a server started and configured as the extension does it."""

    def __init__(self, client: LanguageClient, out: Path, tmp_path: Path):
        self.client, self.out, self.tmp_path = client, out, tmp_path
        self.uri = ""

    async def start(self, user: Dict[str, Any], open_file: str = "") -> None:
        """Start as the extension does and open the sample, or `open_file` (relative to the folder,
        already written)."""
        sent = server_settings(self.out, user)
        # The extension's middleware answers the server's workspace/configuration with the same object.
        self.client.set_configuration(sent, section="hybridlint")
        await self.client.initialize_session(
            types.InitializeParams(
                capabilities=vscode_languageclient_capabilities(),
                initialization_options=sent,
                root_uri=from_fs_path(str(self.tmp_path)),
                workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(self.tmp_path)), name="ws")],
            )
        )
        if open_file:
            path = self.tmp_path / open_file
            text = path.read_text(encoding="utf-8")
        else:
            path = self.tmp_path / SAMPLE.name
            text = SAMPLE.read_text(encoding="utf-8")
            path.write_text(text, encoding="utf-8")
        self.uri = from_fs_path(str(path))
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=self.uri, language_id="python", version=1, text=text)
            )
        )

    async def change_settings(self, user: Dict[str, Any]) -> Dict[str, types.Diagnostic]:
        """What the extension does on a settings change that needs no restart; then the diagnostics
        VS Code pulls. The pull is sent straight after the notification, without waiting for
        anything: the server must answer it with the new settings (a pull that raced the
        configuration round trip used to get the old ones). The refresh must follow too."""
        sent = server_settings(self.out, user)
        self.client.set_configuration(sent, section="hybridlint")
        refreshes = self.client.diagnostic_refresh_count
        self.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"hybridlint": sent})
        )
        found = await self.diagnostics()
        # VS Code pulls diagnostics again when the server asks it to refresh: wait for that request
        # (polled; the bound only limits a failure).
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while self.client.diagnostic_refresh_count <= refreshes:
            assert loop.time() < deadline, "no workspace/diagnostic/refresh after a settings change"
            await asyncio.sleep(0.02)
        return found

    async def diagnostics(self) -> Dict[str, types.Diagnostic]:
        report = await self.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=self.uri))
        )
        return {str(d.code): d for d in report.items}

    async def quick_fix_titles(self, diagnostic: types.Diagnostic) -> List[str]:
        actions = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
        return [a.title for a in actions or []]

    def errors_shown(self) -> List[str]:
        return [m.message for m in self.client.messages if m.type == types.MessageType.Error]


BASE = {"enable": True, "path": "", "interpreter": "", "fixAllOnSave": True, "preview": True}  # the extension's own


async def test_extension_settings_reach_the_server(built, vscode_client: LanguageClient, tmp_path):
    session = Session(vscode_client, built, tmp_path)
    await session.start({**BASE, "select": ["HYB025", "hyb006"], "severity": {"HYB006": "hint"}, "unsafeFixes": False})
    found = await session.diagnostics()
    assert set(found) == {"HYB025", "HYB006"}
    assert found["HYB006"].severity == types.DiagnosticSeverity.Hint
    assert found["HYB025"].severity != types.DiagnosticSeverity.Hint
    titles = await session.quick_fix_titles(found["HYB006"])
    assert not any("(unsafe)" in t for t in titles), titles  # unsafeFixes: false

    # A change that needs no restart reaches the server as a notification.
    found = await session.change_settings(
        {**BASE, "select": ["HYB006"], "severity": {"HYB006": "error"}, "unsafeFixes": True}
    )
    assert set(found) == {"HYB006"}
    assert found["HYB006"].severity == types.DiagnosticSeverity.Error
    titles = await session.quick_fix_titles(found["HYB006"])
    assert any("HYB006" in t and "(unsafe)" in t for t in titles), titles
    assert not session.errors_shown(), session.errors_shown()


async def test_removing_a_setting_takes_effect_without_restart(built, vscode_client: LanguageClient, tmp_path):
    session = Session(vscode_client, built, tmp_path)
    await session.start({**BASE, "severity": {"HYB006": "hint"}})
    assert (await session.diagnostics())["HYB006"].severity == types.DiagnosticSeverity.Hint
    # The user deletes the override: the extension stops sending `severity` (an empty table would
    # also wipe pyproject.toml's), so the server must take the client's current configuration as a
    # whole, not layered over the initializationOptions it started with.
    severity = (await session.change_settings(dict(BASE)))["HYB006"].severity
    assert severity != types.DiagnosticSeverity.Hint, (
        "the server still applies the severity override from initializationOptions after the client's "
        "workspace/configuration answer dropped it: server/server.py set_editor_settings merges "
        "{**initializationOptions, **pulled} instead of letting the pulled settings replace them"
    )


@pytest.mark.parametrize(
    "user, pyproject, indexed",
    [
        ({}, "", True),
        ({"crossModule": False}, "", False),
        # The default is not sent, so the project's own choice stands.
        ({"crossModule": True}, "[tool.hybridlint]\ncross-module = false\n", False),
    ],
    ids=["default", "off-in-vscode", "off-in-pyproject"],
)
async def test_cross_module_setting_reaches_the_server(
    built, vscode_client: LanguageClient, tmp_path, user, pyproject, indexed
):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "sample"\n' + pyproject, encoding="utf-8")
    for rel, text in CROSS_MODULE_FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    session = Session(vscode_client, built, tmp_path)
    await session.start({**BASE, **user}, open_file="pkg/helpers.py")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    if indexed:  # helpers.py's `print` is flagged once the index says model.py traces it
        while "HYB006" not in await session.diagnostics():
            assert loop.time() < deadline, "no cross-module HYB006 within 20 s"
            await asyncio.sleep(0.1)
        return
    off = "cross-module analysis is off"
    while not any(off in m.message for m in vscode_client.log_messages):
        assert loop.time() < deadline, [m.message for m in vscode_client.log_messages]
        await asyncio.sleep(0.05)
    assert await session.diagnostics() == {}
    assert not session.errors_shown(), session.errors_shown()


# Dependencies the .vsix leaves out, each with what the bundled server does without it.
NOT_BUNDLED = {
    "libcst": "compiled for each platform; the bundled server offers no hybridize refactorings (server/actions.py)",
    "nbformat": "the CLI reads .ipynb files with it; the server gets notebook cells from the editor",
}


def test_the_bundled_libraries_satisfy_hybridlints_dependency_ranges():
    """editors/vscode/bundled/requirements.txt pins what the .vsix carries: each of hybridlint's
    dependencies is there, at a version its range (pyproject.toml) accepts on Python 3.10."""
    from packaging.requirements import Requirement

    from importlib.metadata import requires

    pinned = {}
    for line in (VSCODE / "bundled" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pinned[name.lower().replace("_", "-")] = version
    for spec in requires("hybridlint") or []:
        requirement = Requirement(spec)
        if requirement.marker is not None and not requirement.marker.evaluate(
            {"python_version": "3.10", "extra": ""}
        ):
            continue
        name = requirement.name.lower().replace("_", "-")
        if name in NOT_BUNDLED:
            assert name not in pinned, f"{name} is bundled after all: drop it from NOT_BUNDLED"
            continue
        assert name in pinned, f"{name} is not bundled"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name], str(requirement.specifier))
