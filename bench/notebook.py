"""Edit latency in a notebook cell next to the same edits in a module of the same size.

    python bench/notebook.py [--edits 200]

The text: the file of bench/lsp_latency.py (three modules of tf-agents 0.19.0, about 3,500 lines,
fetched once into `.cache/lsp-bench/`). The module is that file; the notebook holds the same lines
as Jupyter would after pasting them in, one code cell per top-level statement run (a cell starts at
each top-level `def`, `class` or decorator that follows a blank line), each cell without its final
line break, with a markdown cell between every ten code cells.

Two `hybridlint server` processes run side by side and take turns at every edit, each going first
every other time (a busy machine slows both alike): one has the module open (`textDocument/*`), the other the notebook
(`notebookDocument/*`, announced in the client's capabilities). The edits are the same characters at
the same places: an "x" typed after identifiers spread over the text, each edit kept. Timed for
each: from the change notification to the last diagnostics it causes: for the module, its
publishDiagnostics of that version; for the notebook, the whole batch (the server publishes the
cells whose diagnostics changed, then the edited cell with its new version, which ends the batch). Medians and 95th percentiles of the same run; also the diagnostics at the end (the
same findings, counted in the module and over the cells).

Target (issue 20): the notebook's edit p50 no more than the module's.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_latency import CACHE, CAPABILITIES, Client, _insert, build_file, edit_points, percentile  # noqa: E402

SERVER = [sys.executable, "-m", "hybridlint.server"]
NOTEBOOK_CAPABILITIES = {
    **CAPABILITIES,
    "notebookDocument": {"synchronization": {"dynamicRegistration": False, "executionSummarySupport": False}},
}
MARKDOWN_EVERY = 10


def split_cells(text: str) -> List[Tuple[int, int]]:
    """(first line, end line) of each code cell, 0-based, end exclusive."""
    lines = text.split("\n")
    starts = [0]
    for node in ast.parse(text).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        is_block = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if is_block and first > starts[-1] and first > 0 and not lines[first - 1].strip():
            starts.append(first)
    ends = starts[1:] + [len(lines)]
    return list(zip(starts, ends))


class ModuleSession:
    def __init__(self, path: Path):
        self.path = path
        self.uri = path.resolve().as_uri()
        self.client = Client(SERVER, path.parent)
        self.version = 1
        self.times: List[float] = []
        self.count = 0

    def initialize(self, capabilities: Dict[str, Any]) -> None:
        root = self.path.parent.resolve().as_uri()
        self.client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root,
                "capabilities": capabilities,
                "workspaceFolders": [{"uri": root, "name": "bench"}],
            },
        )
        self.client.notify("initialized", {})

    def open(self, text: str) -> None:
        self.client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": self.uri, "languageId": "python", "version": 1, "text": text}},
        )
        _, diagnostics = self.client.wait_diagnostics(self.uri, 1)
        self.count = len(diagnostics)

    def edit(self, line: int, character: int) -> None:
        self.version += 1
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [_insert(line, character, "x")]},
        )
        at, diagnostics = self.client.wait_diagnostics(self.uri, self.version)
        self.times.append((at - sent) * 1000)
        self.count = len(diagnostics)


class NotebookSession(ModuleSession):
    def __init__(self, path: Path, cells: List[Tuple[str, str]]):
        super().__init__(path)
        self.cells = cells  # (kind, text)
        self.uris = [f"vscode-notebook-cell:{path.resolve()}#cell{index:04d}" for index in range(len(cells))]
        self.cell_versions = [1] * len(cells)
        self.code = [uri for uri, (kind, _) in zip(self.uris, cells) if kind == "code"]
        self.latest: Dict[str, int] = {}  # diagnostics last published per cell

    def _batch(self, edited: Optional[str], version: int) -> float:
        """Take publications until the batch ends (the server publishes the cells whose diagnostics
        changed, then the edited cell with its new version; on open, every code cell); when the
        last came."""
        waiting = {edited} if edited is not None else set(self.code)
        last = 0.0
        while waiting:
            at, message = self.client.notifications.get(timeout=60)
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            uri = params["uri"]
            self.latest[uri] = len(params["diagnostics"])
            if uri in waiting and (edited is None or params.get("version") == version):
                waiting.discard(uri)
                last = at
        self.count = sum(self.latest.values())
        return last

    def open(self, text: str) -> None:
        self.client.notify(
            "notebookDocument/didOpen",
            {
                "notebookDocument": {
                    "uri": self.uri,
                    "notebookType": "jupyter-notebook",
                    "version": 1,
                    "cells": [{"kind": 2 if kind == "code" else 1, "document": uri} for uri, (kind, _) in zip(self.uris, self.cells)],
                },
                "cellTextDocuments": [
                    {"uri": uri, "languageId": "python" if kind == "code" else "markdown", "version": 1, "text": body}
                    for uri, (kind, body) in zip(self.uris, self.cells)
                ],
            },
        )
        self._batch(None, 1)

    def edit_cell(self, index: int, line: int, character: int) -> None:
        self.version += 1
        self.cell_versions[index] += 1
        uri = self.uris[index]
        sent = time.perf_counter()
        self.client.notify(
            "notebookDocument/didChange",
            {
                "notebookDocument": {"uri": self.uri, "version": self.version},
                "change": {
                    "cells": {
                        "textContent": [
                            {
                                "document": {"uri": uri, "version": self.cell_versions[index]},
                                "changes": [_insert(line, character, "x")],
                            }
                        ]
                    }
                },
            },
        )
        at = self._batch(uri, self.cell_versions[index])
        self.times.append((at - sent) * 1000)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args(argv)

    source = build_file()
    text = source.read_text(encoding="utf-8")
    lines = text.split("\n")
    spans = split_cells(text)
    cells: List[Tuple[str, str]] = []
    cell_of_span: List[int] = []
    for number, (start, end) in enumerate(spans):
        if number and number % MARKDOWN_EVERY == 0:
            cells.append(("markdown", f"## Part {number // MARKDOWN_EVERY}"))
        cell_of_span.append(len(cells))
        body = "\n".join(lines[start:end])
        cells.append(("code", body[:-1] if body.endswith("\n") else body))

    folder = CACHE / "notebook-bench"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    module_path = folder / "module" / "train.py"
    module_path.parent.mkdir()
    module_path.write_text(text, encoding="utf-8")
    notebook_path = folder / "notebook" / "train.ipynb"
    notebook_path.parent.mkdir()
    notebook_path.write_text("{}", encoding="utf-8")  # the server reads only what the client sends

    code_cells = sum(1 for kind, _ in cells if kind == "code")
    print(
        f"text: {source.relative_to(source.parents[2])} ({len(lines)} lines); notebook: {code_cells} code cells, "
        f"{len(cells) - code_cells} markdown cells"
    )
    module = ModuleSession(module_path)
    notebook = NotebookSession(notebook_path, cells)
    try:
        module.initialize(CAPABILITIES)
        notebook.initialize(NOTEBOOK_CAPABILITIES)
        time.sleep(1.0)  # let each server finish its start-up work before any clock starts
        module.open(text)
        notebook.open(text)
        typed: Dict[int, int] = {}
        for line, character in edit_points(text, args.edits):
            column = character + typed.get(line, 0)
            typed[line] = typed.get(line, 0) + 1
            span = next(i for i, (start, end) in enumerate(spans) if start <= line < end)
            turns = [
                lambda: module.edit(line, column),
                lambda: notebook.edit_cell(cell_of_span[span], line - spans[span][0], column),
            ]
            for turn in turns if len(module.times) % 2 == 0 else reversed(turns):  # neither always goes first
                turn()
    finally:
        module.client.close()
        notebook.client.close()

    print(f"{'document':<10} {'edit p50':>9} {'edit p95':>9} {'diagnostics':>12}")
    for name, session in (("module", module), ("notebook", notebook)):
        print(
            f"{name:<10} {statistics.median(session.times):9.1f} {percentile(session.times, 0.95):9.1f} {session.count:12d}"
        )
    ratio = statistics.median(notebook.times) / statistics.median(module.times)
    print(f"notebook/module edit p50: {ratio:.2f}x ({len(module.times)} edits each, same run, taking turns)")
    print(f"target notebook edit p50 <= module edit p50: {'met' if ratio <= 1.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
