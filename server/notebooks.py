"""Notebook documents (LSP 3.17 `notebookDocument/*`): one module per notebook, diagnostics per cell.

The server declares `notebookDocumentSync` for `jupyter-notebook` notebooks with Python cells. Each
open notebook is kept here (its cells' order and kinds, and each cell's text as a `Document`, with
the server's own LSP-conformant line index) and is analysed as one module: the joined text of its
Python code cells (`hybridlint.notebook.CellMap`, the same model `hybridlint check` uses) is the
text of an ordinary `DocState` keyed by the notebook's URI, so the incremental checker, the
latest-edit-wins scheduler, settings and versions work exactly as for a file. The notebook's
version is the analysed version.

Positions: a line of the joined text is a line of one cell, unchanged (masked IPython lines
excepted, and nothing is reported there), so a diagnostic converted for the joined text (in the
client's position encoding) moves to its cell by a line shift. Diagnostic `data` keeps the engine's
span in the joined text, which is what code actions look findings up by.

Diagnostics are pushed to the cells, also to clients that pull (see `Notebooks.analysed`).

Requests on a cell URI (pull diagnostics, code actions and their resolution, hover) are routed here
by `register`, which wraps the server's handlers for those methods; everything else they do is the
server's own code, run for the notebook's URI. Fix-all for a cell returns only that cell's edits: VS
Code asks for fix-all once per cell, in parallel, and edits of other cells would be applied twice.
"""

from __future__ import annotations

import asyncio
import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from hybridlint.engine import fix_source
from hybridlint.incremental import IncrementalChecker, _changed_region
from hybridlint.notebook import Cell, CellMap, NotebookError, Region, split_lines
from hybridlint.source import SourceText, to_units

from . import actions as code_actions
from .convert import Analysis
from .documents import Document

NOTEBOOK_TYPE = "jupyter-notebook"
PYTHON = "python"
SYNC_OPTIONS = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            notebook=NOTEBOOK_TYPE, cells=[types.NotebookCellLanguage(language=PYTHON)]
        )
    ],
    save=True,
)


class NotebookSyncProtocol(LanguageServerProtocol):
    """pygls keeps its own copy of every notebook and cell (with its line handling, see
    documents.py); the server keeps its own (`Notebooks`), so these notifications skip pygls's."""

    @lsp_method(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def lsp_notebook_document__did_open(self, params: types.DidOpenNotebookDocumentParams):
        if (handler := self.fm.features.get(types.NOTEBOOK_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def lsp_notebook_document__did_change(self, params: types.DidChangeNotebookDocumentParams):
        if (handler := self.fm.features.get(types.NOTEBOOK_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def lsp_notebook_document__did_close(self, params: types.DidCloseNotebookDocumentParams):
        if (handler := self.fm.features.get(types.NOTEBOOK_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


@dataclass
class NotebookModel:
    uri: str
    version: int
    order: List[str]  # cell document URIs, top to bottom
    kinds: Dict[str, types.NotebookCellKind]
    docs: Dict[str, Document]  # the cells' text documents
    cell_map: CellMap = field(default_factory=lambda: CellMap([]))
    region_uris: List[str] = field(default_factory=list)  # the cell URI of each region of cell_map
    # Push: per cell, the version, result id and number of the diagnostics last published.
    sent: Dict[str, Tuple[Optional[int], str, int]] = field(default_factory=dict)

    def rebuild(self) -> None:
        cells = []
        for index, uri in enumerate(self.order):
            doc = self.docs.get(uri)
            is_python = (
                doc is not None
                and self.kinds.get(uri) == types.NotebookCellKind.Code
                and doc.language_id == PYTHON
            )
            cells.append(Cell(index, "code" if is_python else "other", doc.text if doc is not None else ""))
        self.cell_map = CellMap(cells)
        self.region_uris = [self.order[region.cell.index] for region in self.cell_map.regions]

    def region_of(self, cell_uri: str) -> Optional[Region]:
        for region, uri in zip(self.cell_map.regions, self.region_uris):
            if uri == cell_uri:
                return region
        return None


# -- positions: joined text ↔ cells ---------------------------------------------------------------


def _end_position(region: Region, encoding: str) -> types.Position:
    line, col = region.end()
    if col == 0:
        return types.Position(line=line - 1, character=0)
    text = split_lines(region.masked_text)[line - 1].rstrip("\r\n")
    return types.Position(line=line - 1, character=to_units(text, col, encoding))


def _locate(cell_map: CellMap, line: int) -> Optional[Tuple[int, Region, int]]:
    """(region index, region, 0-based line in the cell) of 0-based `line` of the joined text; the
    line may lie past the cell (on the next boundary line)."""
    index = bisect.bisect_right([r.start for r in cell_map.regions], line + 1) - 1
    if index < 0:
        return None
    region = cell_map.regions[index]
    return index, region, line + 1 - region.start


def to_cell_range(cell_map: CellMap, uris: Sequence[str], where: types.Range, encoding: str):
    """(cell URI, range in the cell) of a range of the joined text, in client units; a position
    past the start's cell (an end in a later cell, or on the next boundary line) is the end of that
    cell. None before the first cell."""
    start = _locate(cell_map, where.start.line)
    if start is None:
        return None
    index, region, line = start
    if line < region.lines:
        begin = types.Position(line=line, character=where.start.character)
    else:
        begin = _end_position(region, encoding)
    end = _locate(cell_map, where.end.line)
    if end is not None and end[1] is region and end[2] < region.lines:
        finish = types.Position(line=end[2], character=where.end.character)
    else:
        finish = _end_position(region, encoding)
    return uris[index], types.Range(start=begin, end=finish)


def to_joined_range(model: NotebookModel, cell_uri: str, where: types.Range) -> Optional[types.Range]:
    region = model.region_of(cell_uri)
    if region is None:
        return None
    shift = region.start - 1
    return types.Range(
        start=types.Position(line=where.start.line + shift, character=where.start.character),
        end=types.Position(line=where.end.line + shift, character=where.end.character),
    )


def split_diagnostics(
    model: NotebookModel, cell_map: CellMap, uris: Sequence[str], diagnostics: Sequence[types.Diagnostic], encoding: str
) -> Dict[str, List[types.Diagnostic]]:
    """The notebook's diagnostics per cell URI (every Python cell present, most with none)."""
    out: Dict[str, List[types.Diagnostic]] = {uri: [] for uri in uris}
    for diagnostic in diagnostics:
        where = to_cell_range(cell_map, uris, diagnostic.range, encoding)
        if where is None:
            continue
        uri, cell_range = where
        related = None
        if diagnostic.related_information:
            related = []
            for info in diagnostic.related_information:
                if info.location.uri == model.uri:
                    moved = to_cell_range(cell_map, uris, info.location.range, encoding)
                    if moved is None:
                        continue
                    info = types.DiagnosticRelatedInformation(
                        location=types.Location(uri=moved[0], range=moved[1]), message=info.message
                    )
                related.append(info)
        out[uri].append(
            types.Diagnostic(
                range=cell_range,
                message=diagnostic.message,
                severity=diagnostic.severity,
                code=diagnostic.code,
                code_description=diagnostic.code_description,
                source=diagnostic.source,
                related_information=related,
                tags=diagnostic.tags,
                data=diagnostic.data,
            )
        )
    return out


def _result_id(diagnostics: Sequence[types.Diagnostic], version: Optional[int]) -> str:
    digest = hashlib.sha1(repr(version).encode())
    for d in diagnostics:
        r = d.range
        digest.update(repr((r.start.line, r.start.character, r.end.line, r.end.character, d.code, d.message)).encode())
        digest.update(repr(d.data).encode())
    return digest.hexdigest()[:16]


# -- the notebooks ------------------------------------------------------------------------------


class Notebooks:
    def __init__(self, server: Any) -> None:
        self.server = server
        self.models: Dict[str, NotebookModel] = {}
        self.owner: Dict[str, str] = {}  # cell URI → notebook URI

    def for_cell(self, uri: str) -> Optional[NotebookModel]:
        notebook = self.owner.get(uri)
        return self.models.get(notebook) if notebook is not None else None

    # -- sync --------------------------------------------------------------------------------------

    def did_open(self, params: types.DidOpenNotebookDocumentParams) -> None:
        from hybridlint.notebook import is_notebook

        from .server import DocState

        server = self.server
        server.loop = server.loop or asyncio.get_running_loop()
        nb = params.notebook_document
        model = NotebookModel(nb.uri, nb.version, [c.document for c in nb.cells], {c.document: c.kind for c in nb.cells}, {})
        for item in params.cell_text_documents:
            model.docs[item.uri] = Document(item.uri, item.text, item.version, item.language_id)
            self.owner[item.uri] = nb.uri
        model.rebuild()
        self.models[nb.uri] = model
        path = to_fs_path(nb.uri) or ""
        if path and not is_notebook(path):
            path = ""  # an unsaved notebook: settings as for an untitled file
        doc = Document(nb.uri, model.cell_map.text, nb.version)
        state = DocState(doc, path, IncrementalChecker(path or nb.uri))
        server.states[nb.uri] = state
        server.resolve_later([state])  # reads pyproject.toml off the event loop, then analyses

    def did_change(self, params: types.DidChangeNotebookDocumentParams) -> None:
        server = self.server
        model = self.models.get(params.notebook_document.uri)
        state = server.states.get(params.notebook_document.uri)
        if model is None or state is None:
            return
        cells = params.change.cells
        if cells is not None:
            if cells.structure is not None:
                array = cells.structure.array
                new = list(array.cells or [])
                model.order[array.start : array.start + array.delete_count] = [c.document for c in new]
                for cell in new:
                    model.kinds[cell.document] = cell.kind
                # Closed before opened: a cell whose language changed is closed and opened again.
                for closed in cells.structure.did_close or []:
                    model.docs.pop(closed.uri, None)
                    self.owner.pop(closed.uri, None)
                    if (model.sent.pop(closed.uri, None) or (0, "", 0))[2]:
                        server.text_document_publish_diagnostics(
                            types.PublishDiagnosticsParams(uri=closed.uri, diagnostics=[])
                        )
                for item in cells.structure.did_open or []:
                    model.docs[item.uri] = Document(item.uri, item.text, item.version, item.language_id)
                    self.owner[item.uri] = model.uri
                live = set(model.order)
                for uri in [uri for uri in model.kinds if uri not in live]:
                    del model.kinds[uri]
            for cell in cells.data or []:
                model.kinds[cell.document] = cell.kind
            for content in cells.text_content or []:
                doc = model.docs.get(content.document.uri)
                if doc is not None:
                    doc.apply(content.changes, content.document.version, server.encoding)
        model.version = params.notebook_document.version
        model.rebuild()
        state.doc = Document(model.uri, model.cell_map.text, model.version)
        if state.live:
            state.live = server._is_live(state)
        server._schedule(state)

    def did_save(self, params: types.DidSaveNotebookDocumentParams) -> None:
        server = self.server
        state = server.states.get(params.notebook_document.uri)
        if state is None:
            return
        server.resolve_later([state])

    def did_close(self, params: types.DidCloseNotebookDocumentParams) -> None:
        server = self.server
        uri = params.notebook_document.uri
        model = self.models.pop(uri, None)
        state = server.states.pop(uri, None)
        server.scheduler.cancel(uri)
        if state is not None:
            server._wake(state)
        if model is None:
            return
        for cell_uri in list(model.docs):
            self.owner.pop(cell_uri, None)
        for cell_uri in sorted(uri for uri, sent in model.sent.items() if sent[2]):
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))

    # -- diagnostics -------------------------------------------------------------------------------

    def publish(self, uri: str, version: Optional[int], diagnostics: List[types.Diagnostic]) -> None:
        """Push: the notebook's diagnostics, to each cell whose list changed or whose version did
        (the client keeps a cell's last list until it gets a new one). The cells with a new version
        come last, so the edited cell's publication ends the batch."""
        model = self.models.get(uri)
        if model is None:
            return
        per_cell = split_diagnostics(model, model.cell_map, model.region_uris, diagnostics, self.server.encoding)
        gone = sorted(set(model.sent) - set(per_cell))
        for cell_uri in gone:
            del model.sent[cell_uri]
            self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=[]))
        moved, edited = [], []
        for cell_uri, items in per_cell.items():
            doc = model.docs.get(cell_uri)
            cell_version = doc.version if doc is not None else None
            key = (cell_version, _result_id(items, None), len(items))
            previous = model.sent.get(cell_uri)
            if previous == key:
                continue
            (moved if previous is not None and previous[0] == cell_version else edited).append(
                (cell_uri, cell_version, items)
            )
            model.sent[cell_uri] = key
        for cell_uri, cell_version, items in moved + edited:
            self.server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=cell_uri, diagnostics=items, version=cell_version)
            )

    def analysed(self, uri: str) -> None:
        """Cells get pushed diagnostics from clients that pull too: VS Code's client pulls for text
        documents, never for notebook cells (seen in code-server 4.100 / VS Code 1.100), so a
        notebook's diagnostics are always published (and a pull on a cell answers an empty list, so
        a client that pulls as well shows each finding once)."""
        server = self.server
        state = server.states.get(uri)
        if uri not in self.models or state is None or state.analysis is None or not server.pull:
            return  # push clients: `publish` was called already
        self.publish(uri, state.analysis.version, state.analysis.diagnostics)

    async def _analysis(self, model: NotebookModel) -> Tuple[Optional[Analysis], CellMap, List[str]]:
        """The analysis of the notebook's current version, with the cell map of that version."""
        analysis = await self.server.analysis_for(model.uri)
        cell_map, uris = model.cell_map, list(model.region_uris)
        if analysis is not None and analysis.text != cell_map.text:
            return None, cell_map, uris
        return analysis, cell_map, uris

    async def diagnostic(self, params: types.DocumentDiagnosticParams):
        # Pushed instead (see `analysed`).
        return types.RelatedFullDocumentDiagnosticReport(items=[], result_id="notebook-cell")

    # -- code actions ------------------------------------------------------------------------------

    def _cell_edit(
        self, model: NotebookModel, cell_map: CellMap, uris: Sequence[str], edit: types.WorkspaceEdit, encoding: str
    ) -> Optional[types.WorkspaceEdit]:
        """A workspace edit of the joined text as edits of the cells; None when an edit crosses a
        cell boundary or touches a masked (IPython) line."""
        text_edits: List[types.TextEdit] = []
        for change in edit.document_changes or []:
            if isinstance(change, types.TextDocumentEdit):
                text_edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
        for edits in (edit.changes or {}).values():
            text_edits.extend(edits)
        per_cell: Dict[str, List[types.TextEdit]] = {}
        for text_edit in text_edits:
            where = to_cell_range(cell_map, uris, text_edit.range, encoding)
            start = _locate(cell_map, text_edit.range.start.line)
            end = _locate(cell_map, text_edit.range.end.line)
            if where is None or start is None or end is None or start[1] is not end[1]:
                return None
            region = start[1]
            if end[2] > region.lines or (end[2] == region.lines and region.added_newline):
                return None  # reaches into the boundary line, or past the cell's text
            if any(line + 1 in region.masked for line in range(start[2], end[2] + 1)):
                return None
            per_cell.setdefault(where[0], []).append(types.TextEdit(range=where[1], new_text=text_edit.new_text))
        return self._workspace_edit(model, per_cell)

    def _workspace_edit(self, model: NotebookModel, per_cell: Dict[str, List[types.TextEdit]]) -> types.WorkspaceEdit:
        if self.server.supports("workspace.workspace_edit.document_changes"):
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=uri, version=model.docs[uri].version if uri in model.docs else None
                        ),
                        edits=edits,  # type: ignore[arg-type]
                    )
                    for uri, edits in per_cell.items()
                ]
            )
        return types.WorkspaceEdit(changes=per_cell)

    def _fix_all(self, model: NotebookModel, analysis: Analysis, cell_map: CellMap, uris: Sequence[str], cell_uri: str, path: str):
        """The safe fixes of the whole notebook, as the one edit they make to `cell_uri`."""
        if not any(f.fix is not None and f.fix.is_safe for f in analysis.findings):
            return self._workspace_edit(model, {})
        outcome = fix_source(analysis.text, path, analysis.settings, unsafe=False, rules=analysis.rules)
        try:
            sources = cell_map.split(outcome.text)
        except NotebookError:
            return self._workspace_edit(model, {})
        for region, uri, new in zip(cell_map.regions, uris, sources):
            if uri != cell_uri or new == region.cell.source:
                continue
            old = region.cell.source
            start, old_end, new_end = _changed_region(old, new)
            source = SourceText(old)
            positions = Document(uri, old, None).positions(analysis.encoding)
            line, col = source.position(start)
            end_line, end_col = source.position(old_end)
            where = types.Range(start=positions.position(line, col), end=positions.position(end_line, end_col))
            return self._workspace_edit(model, {uri: [types.TextEdit(range=where, new_text=new[start:new_end])]})
        return self._workspace_edit(model, {})

    async def code_action(self, params: types.CodeActionParams):
        server = self.server
        cell_uri = params.text_document.uri
        model = self.for_cell(cell_uri)
        state = server.states.get(model.uri) if model is not None else None
        if model is None or state is None:
            return None
        analysis, cell_map, uris = await self._analysis(model)
        if analysis is None or analysis.outcome is None:
            return None
        joined_range = to_joined_range(model, cell_uri, params.range) or params.range
        originals: Dict[int, types.Diagnostic] = {}
        shifted = []
        for diagnostic in params.context.diagnostics:
            moved = to_joined_range(model, cell_uri, diagnostic.range)
            copy = types.Diagnostic(
                range=moved or diagnostic.range,
                message=diagnostic.message,
                severity=diagnostic.severity,
                code=diagnostic.code,
                source=diagnostic.source,
                data=diagnostic.data,
            )
            originals[id(copy)] = diagnostic
            shifted.append(copy)
        joined = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=model.uri),
            range=joined_range,
            context=types.CodeActionContext(
                diagnostics=shifted, only=params.context.only, trigger_kind=params.context.trigger_kind
            ),
        )
        options = server.action_options()
        actions = await asyncio.to_thread(code_actions.code_actions, analysis, joined, state.engine_path, options)
        out = []
        for action in actions:
            if action.diagnostics:
                action.diagnostics = [originals.get(id(d), d) for d in action.diagnostics]
            if isinstance(action.data, dict):
                action.data["cell"] = cell_uri  # resolved through the notebook's analysis, for this cell
            if action.kind == code_actions.FIX_ALL_KIND and not options.lazy:
                action.edit = await asyncio.to_thread(
                    self._fix_all, model, analysis, cell_map, uris, cell_uri, state.engine_path
                )
            elif action.edit is not None:
                action.edit = self._cell_edit(model, cell_map, uris, action.edit, analysis.encoding)
                if action.edit is None:
                    continue
            out.append(action)
        return out or None

    async def code_action_resolve(self, action: types.CodeAction, original: Callable) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        model = self.models.get(data.get("uri", ""))
        cell_uri = data.get("cell")
        state = self.server.states.get(model.uri) if model is not None else None
        if model is None or state is None or not isinstance(cell_uri, str):
            return action
        analysis, cell_map, uris = await self._analysis(model)
        if analysis is None or analysis.outcome is None:
            return action
        if data.get("kind") == code_actions.KIND_FIX_ALL:
            action.edit = await asyncio.to_thread(
                self._fix_all, model, analysis, cell_map, uris, cell_uri, state.engine_path
            )
            return action
        resolved = await original(action)
        if resolved.edit is not None:
            resolved.edit = self._cell_edit(model, cell_map, uris, resolved.edit, analysis.encoding)
        return resolved

    async def hover(self, params: types.HoverParams, original: Callable):
        model = self.for_cell(params.text_document.uri)
        if model is None:
            return None
        region = model.region_of(params.text_document.uri)
        if region is None:
            return None
        joined = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=model.uri),
            position=types.Position(line=params.position.line + region.start - 1, character=params.position.character),
        )
        hover = await original(joined)
        if hover is not None and hover.range is not None:
            moved = to_cell_range(model.cell_map, model.region_uris, hover.range, self.server.encoding)
            hover.range = moved[1] if moved is not None else None
        return hover


def register(server: Any) -> None:
    """Declare notebook sync, handle `notebookDocument/*`, and route requests on cell URIs here.

    The handlers of `textDocument/diagnostic`, `codeAction`, `codeAction/resolve` and `hover` that
    server.py registered are wrapped: a request on a cell URI (or an action resolved for a cell)
    goes to `Notebooks`, any other to the original handler unchanged."""
    notebooks: Notebooks = server.notebooks
    server._notebook_document_sync = SYNC_OPTIONS  # read when the capabilities are built (initialize)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenNotebookDocumentParams) -> None:
        notebooks.did_open(params)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeNotebookDocumentParams) -> None:
        notebooks.did_change(params)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveNotebookDocumentParams) -> None:
        notebooks.did_save(params)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseNotebookDocumentParams) -> None:
        notebooks.did_close(params)

    features = server.protocol.fm.features

    def route(method: str, make: Callable[[Callable], Callable]) -> None:
        original = features.get(method)
        if original is not None:
            features[method] = make(original)

    def diagnostic(original: Callable) -> Callable:
        async def handler(params: types.DocumentDiagnosticParams):
            if notebooks.for_cell(params.text_document.uri) is not None:
                return await notebooks.diagnostic(params)
            return await original(params)

        return handler

    def code_action(original: Callable) -> Callable:
        async def handler(params: types.CodeActionParams):
            if notebooks.for_cell(params.text_document.uri) is not None:
                return await notebooks.code_action(params)
            return await original(params)

        return handler

    def code_action_resolve(original: Callable) -> Callable:
        async def handler(action: types.CodeAction):
            data = action.data if isinstance(action.data, dict) else {}
            if data.get("uri") in notebooks.models:
                return await notebooks.code_action_resolve(action, original)
            return await original(action)

        return handler

    def hover(original: Callable) -> Callable:
        async def handler(params: types.HoverParams):
            if notebooks.for_cell(params.text_document.uri) is not None:
                return await notebooks.hover(params, original)
            return await original(params)

        return handler

    route(types.TEXT_DOCUMENT_DIAGNOSTIC, diagnostic)
    route(types.TEXT_DOCUMENT_CODE_ACTION, code_action)
    route(types.CODE_ACTION_RESOLVE, code_action_resolve)
    route(types.TEXT_DOCUMENT_HOVER, hover)
