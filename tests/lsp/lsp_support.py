"""Helpers for the LSP tests: a test client that records what the server sends, and a document
model with its own LSP position arithmetic (independent of the server's)."""

from __future__ import annotations

import asyncio
import itertools
import re
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from hybridlint.settings import Settings

SERVER = [sys.executable, "-m", "hybridlint.server"]
CLIENTS = ["visual-studio-code", "neovim@v0.7", "neovim@v0.11", "emacs"]
# A guard against a hang, never a time assertion: on a loaded 2-core machine (a CI job running the
# ecosystem check next to the suite) the first diagnostics of a cold server took more than 10 s.
TIMEOUT = 60.0
# The tests run the server in preview mode (every rule on) unless a test is about the mode itself, so
# that moving a rule between tiers changes only the tests about tiers.
PREVIEW = True
MODE = Settings(preview=PREVIEW)  # the same mode, for expectations the tests compute with the engine


def declare_tensorflow(root: Path) -> None:
    """A minimum TensorFlow for the workspace, unless a test wrote its own: HYB025's rename, the
    tests' example of a safe fix (fix-all, quick fixes), is safe only where that minimum has the new
    name."""
    requirements = root / "requirements.txt"
    if not requirements.exists():
        requirements.write_text("tensorflow>=2.9\n", encoding="utf-8")


def with_mode(settings: Optional[Dict[str, Any]], preview: Optional[bool]) -> Optional[Dict[str, Any]]:
    """`settings` with `preview` set where the server reads it (a test's own `preview` key wins);
    unchanged when `preview` is None."""
    if preview is None:
        return settings
    settings = dict(settings or {})
    for wrapper in ("hybridlint", "settings"):
        if isinstance(settings.get(wrapper), dict) and set(settings) <= {wrapper, "globalSettings"}:
            settings[wrapper] = with_mode(settings[wrapper], preview)
            return settings
    settings.setdefault("preview", preview)
    return settings


def _record_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)  # type: ignore[attr-defined]


def _record_registration(client: LanguageClient, params: types.RegistrationParams) -> None:
    if not _get(client.capabilities, "workspace.did_change_watched_files.dynamic_registration"):
        raise AssertionError("server registered a capability the client cannot register dynamically")
    client.registrations.extend(params.registrations)  # type: ignore[attr-defined]


def _record_refresh(client: LanguageClient, params: None) -> None:
    if not _get(client.capabilities, "workspace.diagnostics.refresh_support"):
        raise AssertionError("server asked for a diagnostic refresh the client does not support")
    client.diagnostic_refresh_count += 1


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _record_registration
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = _record_refresh
    register_lsp_features(client, features)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    return client


def _get(obj: Any, path: str) -> Any:
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


async def start(
    lsp_client: LanguageClient, request, client_name: str, root: Optional[Path] = None, preview: Optional[bool] = PREVIEW
) -> None:
    """Initialise the session; `preview` goes into the initializationOptions and every later
    `configure` (None: the server's default, for tests about the preview setting)."""
    tmp_path: Path = root or request.getfixturevalue("tmp_path")
    declare_tensorflow(tmp_path)
    marker = request.node.get_closest_marker("init_options")
    options = with_mode(marker.args[0] if marker else None, preview)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities(client_name),
            initialization_options=options,
            root_uri=from_fs_path(str(tmp_path)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(tmp_path)), name="ws")],
        )
    )
    lsp_client.client_name = client_name  # type: ignore[attr-defined]
    lsp_client.preview_mode = preview  # type: ignore[attr-defined]
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")  # type: ignore[attr-defined]
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]


def raising_rule_code() -> str:
    """A rule other than HYB025 that visits calls, made to raise by the server's test hook."""
    from hybridlint.registry import all_rules

    for rule in all_rules():
        if rule.code != "HYB025" and hasattr(rule, "visit_Call"):
            return rule.code
    return "HYB025"


# -- helpers the tests share ---------------------------------------------------------------------


def capability(client: LanguageClient, path: str) -> Any:
    return _get(client.capabilities, path)


def pulls(client: LanguageClient) -> bool:
    """The server has diagnostics pulled only by clients that can also be asked to pull again."""
    return (
        _get(client.capabilities, "text_document.diagnostic") is not None
        and _get(client.capabilities, "workspace.diagnostics.refresh_support") is True
    )


def lazy_actions(client: LanguageClient) -> bool:
    return "edit" in (_get(client.capabilities, "text_document.code_action.resolve_support.properties") or [])


class Doc:
    """A document the test client holds, with its own (independent) LSP text arithmetic."""

    _folders = itertools.count()

    def __init__(self, client: LanguageClient, name: str, text: str):
        self.client = client
        # A folder per document: tests sharing one server never reuse a URI.
        path = client.root / f"d{next(self._folders)}" / name  # type: ignore[attr-defined]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        self.path = path
        self.uri = from_fs_path(str(path))
        self.text = text
        self.version = 1
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=self.uri, language_id="python", version=1, text=text)
            )
        )

    # LSP positions, computed without the server's code: lines end at \r\n, \r or \n.
    def lines(self) -> List[str]:
        return re.split(r"\r\n|\r|\n", self.text)

    def units(self, s: str) -> int:
        encoding = self.client.encoding  # type: ignore[attr-defined]
        if encoding == "utf-8":
            return len(s.encode("utf-8"))
        if encoding == "utf-32":
            return len(s)
        return len(s.encode("utf-16-le")) // 2

    def position_of(self, needle: str, nth: int = 0, end: bool = False) -> types.Position:
        offset = -1
        for _ in range(nth + 1):
            offset = self.text.index(needle, offset + 1)
        if end:
            offset += len(needle)
        return self.position_at(offset)

    def position_at(self, offset: int) -> types.Position:
        before = self.text[:offset]
        line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", before)]
        if before.endswith("\r") and self.text[offset : offset + 1] == "\n":
            raise ValueError("offset inside a line break")
        start = line_starts[-1]
        return types.Position(line=len(line_starts) - 1, character=self.units(before[start:]))

    def offset_of(self, position: types.Position) -> int:
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.text)]
        if position.line >= len(starts):
            return len(self.text)
        start = starts[position.line]
        line = self.lines()[position.line]
        units = 0
        for index, ch in enumerate(line):
            if units >= position.character:
                return start + index
            units += self.units(ch)
        return start + len(line)

    def range_of(self, needle: str, nth: int = 0) -> types.Range:
        return types.Range(start=self.position_of(needle, nth), end=self.position_of(needle, nth, end=True))

    def apply_edits(self, edits: List[types.TextEdit]) -> None:
        spans = sorted(
            ((self.offset_of(e.range.start), self.offset_of(e.range.end), e.new_text) for e in edits), reverse=True
        )
        for start, end, new in spans:
            self.text = self.text[:start] + new + self.text[end:]

    def apply_workspace_edit(self, edit: types.WorkspaceEdit) -> None:
        if edit.document_changes:
            for change in edit.document_changes:
                assert isinstance(change, types.TextDocumentEdit)
                assert change.text_document.uri == self.uri
                assert change.text_document.version == self.version
                self.apply_edits(list(change.edits))  # type: ignore[arg-type]
        elif edit.changes:
            self.apply_edits(list(edit.changes[self.uri]))

    def change(self, range_: Optional[types.Range], new_text: str) -> None:
        """Send one incremental change (or a full replacement when range_ is None)."""
        if range_ is None:
            event: Any = types.TextDocumentContentChangeWholeDocument(text=new_text)
            self.text = new_text
        else:
            event = types.TextDocumentContentChangePartial(range=range_, text=new_text)
            self.apply_edits([types.TextEdit(range=range_, new_text=new_text)])
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=[event],
            )
        )

    def replace(self, old: str, new: str, nth: int = 0) -> None:
        self.change(self.range_of(old, nth), new)

    def sync(self) -> None:
        """Send the client's whole text, as after applying a workspace edit."""
        self.change(None, self.text)

    def save(self) -> None:
        self.path.write_text(self.text, encoding="utf-8", newline="")
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=self.uri))
        )

    def close(self) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=self.uri))
        )

    async def diagnostics(self) -> List[types.Diagnostic]:
        """The diagnostics for the current version: pulled, or waited for until published."""
        if pulls(self.client):
            report = await asyncio.wait_for(
                self.client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=self.uri))
                ),
                TIMEOUT,
            )
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            return list(report.items)
        published = await wait_for(
            lambda: next(
                (p for p in reversed(self.client.published) if p.uri == self.uri and p.version == self.version),  # type: ignore[attr-defined]
                None,
            )
        )
        return list(published.diagnostics)

    async def code_actions(self, range_: types.Range, diagnostics: List[types.Diagnostic], only=None):
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=self.uri),
                    range=range_,
                    context=types.CodeActionContext(diagnostics=diagnostics, only=only),
                )
            ),
            TIMEOUT,
        )
        return list(result or [])

    async def resolved_edit(self, action: types.CodeAction) -> types.WorkspaceEdit:
        """The action's edit, resolved the way this client would."""
        if action.edit is None:
            assert lazy_actions(self.client), "an action without an edit for a client that cannot resolve"
            action = await asyncio.wait_for(self.client.code_action_resolve_async(action), TIMEOUT)
        assert action.edit is not None
        return action.edit

    async def hover(self, position: types.Position) -> Optional[types.Hover]:
        return await asyncio.wait_for(
            self.client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=self.uri), position=position)
            ),
            TIMEOUT,
        )


async def wait_for(predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.01)


def by_code(diagnostics: List[types.Diagnostic], code: str) -> List[types.Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def configure(client: LanguageClient, settings: Dict[str, Any]) -> None:
    """Change the editor settings the way this client does (keeping the mode the test started in)."""
    settings = with_mode(settings, getattr(client, "preview_mode", None)) or {}
    if _get(client.capabilities, "workspace.configuration"):
        client.set_configuration(settings, section="hybridlint")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    else:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"hybridlint": settings}))
