"""Notebook documents (LSP 3.17 notebookDocument/*): a notebook is one module, its diagnostics go to
its cells, in each cell's own positions and the client's encoding; quick fixes and fix-all edit cells.

Run as VS Code (actions resolved lazily, versioned edits) and as a client that pulls diagnostics and
takes eager edits (Neovim 0.11's capabilities, with notebook sync added); cells get pushed
diagnostics from both."""

from __future__ import annotations

import asyncio
import itertools
from typing import Dict, List, Optional

import pytest
import pytest_lsp
from lsp_support import PREVIEW, SERVER, TIMEOUT, Doc, declare_tensorflow, lazy_actions, make_client, pulls, with_mode
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = [pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

IMPORT = "import tensorflow as tf\n"
STEP = "@tf.function\ndef step(x):\n    return x * 2\n"
LOOP = "for i in range(10):\n    é = '😀'; y = step(i)\n"
DEPRECATED = "@tf.function(experimental_relax_shapes=True)\ndef g(x):\n    return tf.nn.relu(x)\n"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
    params=["visual-studio-code", "neovim@v0.11"],
)
async def client(lsp_client: LanguageClient, request, tmp_path):
    declare_tensorflow(tmp_path)
    capabilities = pytest_lsp.client_capabilities(request.param)
    capabilities.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities()
    )
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            initialization_options=with_mode(None, PREVIEW),
            root_uri=from_fs_path(str(tmp_path)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(tmp_path)), name="ws")],
        )
    )
    lsp_client.client_name = request.param  # type: ignore[attr-defined]
    lsp_client.preview_mode = PREVIEW  # type: ignore[attr-defined]
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")  # type: ignore[attr-defined]
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


class CellDoc(Doc):
    """One cell's text document, with the test's own position arithmetic (from Doc)."""

    def __init__(self, client: LanguageClient, uri: str, text: str, kind=types.NotebookCellKind.Code):
        self.client = client
        self.uri = uri
        self.text = text
        self.version = 1
        self.kind = kind

    def item(self) -> types.TextDocumentItem:
        language = "python" if self.kind == types.NotebookCellKind.Code else "markdown"
        return types.TextDocumentItem(uri=self.uri, language_id=language, version=self.version, text=self.text)


class Notebook:
    _ids = itertools.count()

    def __init__(self, client: LanguageClient, cells: List[tuple]):
        self.client = client
        self.path = client.root / f"nb{next(self._ids)}.ipynb"  # type: ignore[attr-defined]
        self.path.write_text("{}", encoding="utf-8")
        self.uri = from_fs_path(str(self.path))
        self._cell_ids = itertools.count()
        self.cells = [self.new_cell(text, kind) for kind, text in cells]
        self.version = 1
        client.notebook_document_did_open(
            types.DidOpenNotebookDocumentParams(
                notebook_document=types.NotebookDocument(
                    uri=self.uri,
                    notebook_type="jupyter-notebook",
                    version=self.version,
                    cells=[types.NotebookCell(kind=c.kind, document=c.uri) for c in self.cells],
                ),
                cell_text_documents=[c.item() for c in self.cells],
            )
        )

    def new_cell(self, text: str, kind=types.NotebookCellKind.Code) -> CellDoc:
        uri = f"vscode-notebook-cell:{self.path}#ch{next(self._cell_ids):04d}"
        return CellDoc(self.client, uri, text, kind)

    def code_cells(self) -> List[CellDoc]:
        return [c for c in self.cells if c.kind == types.NotebookCellKind.Code]

    def _send(self, change: types.NotebookDocumentChangeEvent) -> None:
        self.version += 1
        self.client.notebook_document_did_change(
            types.DidChangeNotebookDocumentParams(
                notebook_document=types.VersionedNotebookDocumentIdentifier(uri=self.uri, version=self.version),
                change=change,
            )
        )

    def edit(self, cell: CellDoc, old: str, new: str) -> None:
        where = cell.range_of(old)
        cell.apply_edits([types.TextEdit(range=where, new_text=new)])
        cell.version += 1
        self._send(
            types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=cell.uri, version=cell.version),
                            changes=[types.TextDocumentContentChangePartial(range=where, text=new)],
                        )
                    ]
                )
            )
        )

    def sync(self, cell: CellDoc) -> None:
        """Send a cell's whole text, as after applying a workspace edit."""
        cell.version += 1
        self._send(
            types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=cell.uri, version=cell.version),
                            changes=[types.TextDocumentContentChangeWholeDocument(text=cell.text)],
                        )
                    ]
                )
            )
        )

    def splice(self, start: int, delete: int, new: List[CellDoc]) -> None:
        removed = self.cells[start : start + delete]
        self.cells[start : start + delete] = new
        self._send(
            types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        array=types.NotebookCellArrayChange(
                            start=start,
                            delete_count=delete,
                            cells=[types.NotebookCell(kind=c.kind, document=c.uri) for c in new],
                        ),
                        did_open=[c.item() for c in new],
                        did_close=[types.TextDocumentIdentifier(uri=c.uri) for c in removed],
                    )
                )
            )
        )

    def close(self) -> None:
        self.client.notebook_document_did_close(
            types.DidCloseNotebookDocumentParams(
                notebook_document=types.NotebookDocumentIdentifier(uri=self.uri),
                cell_text_documents=[types.TextDocumentIdentifier(uri=c.uri) for c in self.cells],
            )
        )

    async def diagnostics(self) -> Dict[str, List[types.Diagnostic]]:
        """Every code cell's diagnostics for the notebook's current version: the batch of
        publications that follows the last change (cells are pushed to, also by clients that pull)."""
        published: List[types.PublishDiagnosticsParams] = self.client.published  # type: ignore[attr-defined]
        wanted = {c.uri: c.version for c in self.code_cells()}

        def batch() -> Optional[Dict[str, List[types.Diagnostic]]]:
            seen: Dict[str, List[types.Diagnostic]] = {}
            for params in reversed(published):
                if params.uri in wanted and params.uri not in seen and params.version == wanted[params.uri]:
                    seen[params.uri] = list(params.diagnostics)
            return seen if len(seen) == len(wanted) else None

        while (result := batch()) is None:
            await asyncio.wait_for(self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
        return result

    async def settled(self, predicate) -> Dict[str, List[types.Diagnostic]]:
        """Diagnostics once `predicate` holds for them: after a change, an older batch may still be
        the last one published."""
        while True:
            found = await self.diagnostics()
            if predicate(found):
                return found
            await asyncio.wait_for(self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)

    async def code_actions(self, cell: CellDoc, where: types.Range, diagnostics, only=None):
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=cell.uri),
                    range=where,
                    context=types.CodeActionContext(diagnostics=diagnostics, only=only),
                )
            ),
            TIMEOUT,
        )
        return list(result or [])

    async def resolved_edit(self, action: types.CodeAction) -> types.WorkspaceEdit:
        if action.edit is None:
            assert lazy_actions(self.client)
            action = await asyncio.wait_for(self.client.code_action_resolve_async(action), TIMEOUT)
        assert action.edit is not None
        return action.edit

    def apply(self, edit: types.WorkspaceEdit) -> List[CellDoc]:
        """Apply a workspace edit to the cells it names; the cells changed."""
        by_uri = {c.uri: c for c in self.cells}
        changed = []
        if edit.document_changes:
            for change in edit.document_changes:
                assert isinstance(change, types.TextDocumentEdit)
                cell = by_uri[change.text_document.uri]
                assert change.text_document.version == cell.version
                cell.apply_edits(list(change.edits))  # type: ignore[arg-type]
                changed.append(cell)
        for uri, edits in (edit.changes or {}).items():
            by_uri[uri].apply_edits(list(edits))
            changed.append(by_uri[uri])
        return changed


def codes(diagnostics: Dict[str, List[types.Diagnostic]], cell: CellDoc) -> List[str]:
    return sorted(str(d.code) for d in diagnostics.get(cell.uri, []))


def cross_cell_notebook(client) -> Notebook:
    return Notebook(
        client,
        [
            (types.NotebookCellKind.Markup, "# Training\n"),
            (types.NotebookCellKind.Code, "%pip install tensorflow\n" + IMPORT),
            (types.NotebookCellKind.Code, STEP),
            (types.NotebookCellKind.Code, ""),
            (types.NotebookCellKind.Code, LOOP + "!nvidia-smi\n"),
        ],
    )


async def test_server_declares_notebook_sync_for_python_cells(client):
    sync = client.server_capabilities.notebook_document_sync  # type: ignore[attr-defined]
    assert sync is not None
    (selector,) = sync.notebook_selector
    assert selector.notebook == "jupyter-notebook"
    assert [c.language for c in selector.cells] == ["python"]


async def test_cross_cell_finding_is_shown_on_the_calling_cell(client):
    nb = cross_cell_notebook(client)
    found = await nb.diagnostics()
    _, imports, step, empty, loop = nb.cells
    assert codes(found, loop) == ["HYB004"]
    assert codes(found, imports) == codes(found, step) == codes(found, empty) == []
    (diag,) = found[loop.uri]
    # The range in the cell's own lines, in the client's encoding (non-BMP text before it).
    assert diag.range == loop.range_of("i", nth=2)
    # The related place (the definition) is in the defining cell.
    (related,) = diag.related_information
    assert related.location.uri == step.uri and related.location.range == step.range_of("step")


async def test_edits_in_one_cell_update_another(client):
    nb = cross_cell_notebook(client)
    _, imports, step, empty, loop = nb.cells
    await nb.diagnostics()
    # The definition loses tf.function: the call in the loop cell is no longer a retrace.
    nb.edit(step, "@tf.function\n", "")
    found = await nb.settled(lambda d: codes(d, loop) == [])
    assert all(items == [] for items in found.values())
    nb.edit(step, "def step", "@tf.function\ndef step")
    found = await nb.settled(lambda d: codes(d, loop) == ["HYB004"])
    assert found[loop.uri][0].range == loop.range_of("i", nth=2)


async def test_cells_inserted_and_deleted_keep_positions_right(client):
    nb = cross_cell_notebook(client)
    await nb.diagnostics()
    markdown, imports, step, empty, loop = nb.cells
    # A cell with three lines inserted above the loop, then the empty cell deleted.
    extra = nb.new_cell("a = 1\nb = 2\nc = 3\n")
    nb.splice(3, 0, [extra])
    nb.splice(4, 1, [])
    found = await nb.settled(lambda d: extra.uri in d and codes(d, loop) == ["HYB004"])
    assert found[loop.uri][0].range == loop.range_of("i", nth=2)
    assert codes(found, extra) == []


async def test_quick_fix_edits_the_cell(client):
    nb = Notebook(client, [(types.NotebookCellKind.Code, IMPORT), (types.NotebookCellKind.Code, "x = 1\n" + DEPRECATED)])
    imports, cell = nb.cells
    found = await nb.diagnostics()
    (diag,) = [d for d in found[cell.uri] if d.code == "HYB025"]
    assert diag.range.start.line == 1
    actions = await nb.code_actions(cell, diag.range, [diag])
    (fix,) = [a for a in actions if a.title.startswith("hybridlint (HYB025)")]
    assert nb.apply(await nb.resolved_edit(fix)) == [cell]
    assert cell.text == "x = 1\n" + DEPRECATED.replace("experimental_relax_shapes", "reduce_retracing")
    nb.sync(cell)
    found = await nb.settled(lambda d: codes(d, cell) == [])
    # Disabling for the line edits the same cell.
    nb.edit(cell, "reduce_retracing", "experimental_relax_shapes")
    found = await nb.settled(lambda d: codes(d, cell) == ["HYB025"])
    (diag,) = found[cell.uri]
    actions = await nb.code_actions(cell, diag.range, [diag])
    (noqa,) = [a for a in actions if a.title == "Disable HYB025 for this line"]
    nb.apply(await nb.resolved_edit(noqa))
    assert "experimental_relax_shapes=True)  # noqa: HYB025\n" in cell.text


async def test_fix_all_on_a_cell_edits_only_that_cell(client):
    nb = Notebook(
        client,
        [
            (types.NotebookCellKind.Code, IMPORT + DEPRECATED),
            (types.NotebookCellKind.Code, DEPRECATED.replace("def g", "def h")),
        ],
    )
    first, second = nb.cells
    await nb.diagnostics()
    for cell in (second, first):
        actions = await nb.code_actions(cell, cell.range_of("@"), [], only=["source.fixAll.hybridlint"])
        (fix_all,) = actions
        assert nb.apply(await nb.resolved_edit(fix_all)) in ([cell], [])
    assert first.text == IMPORT + DEPRECATED.replace("experimental_relax_shapes", "reduce_retracing")
    assert second.text == DEPRECATED.replace("def g", "def h").replace("experimental_relax_shapes", "reduce_retracing")


async def test_closing_a_notebook_clears_its_cells(client):
    nb = cross_cell_notebook(client)
    found = await nb.diagnostics()
    loop = nb.cells[-1]
    assert found[loop.uri]
    nb.close()
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
    assert list(client.diagnostics[loop.uri]) == []


async def test_a_cell_whose_language_changes_leaves_or_rejoins_the_module(client):
    nb = cross_cell_notebook(client)
    await nb.diagnostics()
    loop = nb.cells[-1]
    index = len(nb.cells) - 1

    def change_language(language: str) -> None:
        # As VS Code does it: the cell's text document is closed and opened again.
        loop.version += 1
        nb._send(
            types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        array=types.NotebookCellArrayChange(
                            start=index, delete_count=1, cells=[types.NotebookCell(kind=loop.kind, document=loop.uri)]
                        ),
                        did_open=[
                            types.TextDocumentItem(uri=loop.uri, language_id=language, version=loop.version, text=loop.text)
                        ],
                        did_close=[types.TextDocumentIdentifier(uri=loop.uri)],
                    )
                )
            )
        )

    change_language("r")
    while list(client.diagnostics.get(loop.uri, [])) != []:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), TIMEOUT)
    change_language("python")
    found = await nb.settled(lambda d: codes(d, loop) == ["HYB004"])
    assert found[loop.uri][0].range == loop.range_of("i", nth=2)


async def test_cells_are_pushed_to_and_a_pull_on_a_cell_is_empty(client):
    # VS Code's client never pulls for notebook cells: they get published diagnostics from every
    # client, and a client that pulls a cell as well must not see each finding twice.
    nb = cross_cell_notebook(client)
    found = await nb.diagnostics()
    loop = nb.cells[-1]
    assert codes(found, loop) == ["HYB004"]
    if pulls(client):
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=loop.uri))
            ),
            TIMEOUT,
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport) and list(report.items) == []


async def test_hover_on_a_cell_finding_shows_the_rule(client):
    nb = cross_cell_notebook(client)
    found = await nb.diagnostics()
    loop = nb.cells[-1]
    (diag,) = found[loop.uri]
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=loop.uri), position=diag.range.start)
        ),
        TIMEOUT,
    )
    assert hover is not None
    text = hover.contents.value if isinstance(hover.contents, types.MarkupContent) else str(hover.contents)
    assert "HYB004" in text
    # The range in the cell's own lines, as the diagnostic's.
    assert hover.range == diag.range
