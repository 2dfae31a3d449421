"""Instructions per edit of the language server's own steps, counted by callgrind (issue 17, typing).

    python bench/edit_instructions.py [--edits 40] [--baseline DIR] [--profile DIR]

The edit stream of `bench/lsp_latency.py` on its 3,512-line tf-agents file: `--edits` letters (an "x"
typed at the end of an identifier, each kept), then `--edits / 2` Enter edits (a statement line typed
above a statement of a function body, then deleted again: two edits each). Every edit goes through the
server's steps in this process, as `server.server` runs them for a didChange: `Document.apply` with the
LSP change, the document's `SourceText`, `IncrementalChecker.check`, `diagnostics_for`, `result_id` and
the JSON of the `publishDiagnostics` params.

Each kind is counted in a run of its own under `valgrind --tool=callgrind` (a fixed hash seed), with
collection switched on only while that kind's edits run (they run inside `functools.reduce`, the one
function callgrind toggles collection at: nothing else calls it); the file is opened and checked, and
the letters typed before the Enter edits, outside it. Printed: instructions per letter, per Enter edit
and per edit of the whole stream, for this checkout and, with `--baseline DIR` (a folder holding an
older `hybridlint` package with its `rules` and `server`, as for `lsp_latency.py --baseline`), for
that one in the same way. `--profile DIR` keeps the callgrind output files there
(`callgrind_annotate --inclusive=yes FILE` shows where the instructions go).

`--run letters|enter` is the part run under valgrind (it can also run alone, without valgrind, as a
smoke test: it prints how many edits it made).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from lsp_latency import build_file, edit_points, line_points  # noqa: E402


def _streams(text: str, edits: int):
    """The letter changes and the Enter changes, as (LSP change dict) lists, in the order typed."""
    letters = []
    typed: Dict[int, int] = {}
    for line, character in edit_points(text, edits):
        column = character + typed.get(line, 0)
        typed[line] = typed.get(line, 0) + 1
        point = {"line": line, "character": column}
        letters.append({"range": {"start": point, "end": point}, "text": "x"})
    enters = []
    for line, indent in line_points(text, max(1, edits // 2)):
        point = {"line": line, "character": 0}
        enters.append({"range": {"start": point, "end": point}, "text": indent + "_typed = 1\n"})
        below = {"line": line + 1, "character": 0}
        enters.append({"range": {"start": point, "end": below}, "text": ""})
    return letters, enters


def run(kind: str, edits: int) -> int:
    """Open the file, type the letters, then the Enter edits; the edits of `kind` inside `functools.reduce`."""
    from lsprotocol import types
    from pygls.protocol import default_converter

    from hybridlint.incremental import IncrementalChecker
    from hybridlint.settings import Settings
    from hybridlint.server.convert import Analysis, DiagnosticOptions, diagnostics_for, result_id
    from hybridlint.server.documents import Document

    path = build_file()
    text = path.read_text(encoding="utf-8")
    letters, enters = _streams(text, edits)
    converter = default_converter()
    uri = path.resolve().as_uri()
    settings = Settings()
    options = DiagnosticOptions()
    encoding = "utf-16"
    document = Document(uri, text, 1)
    checker = IncrementalChecker(str(path), settings)

    def analyse() -> None:
        outcome = checker.check(document.text, document.source)
        analysis = Analysis(uri, document.version, document.text, outcome, settings, None, encoding)
        analysis.checker = checker
        analysis.diagnostics = diagnostics_for(analysis, options)
        analysis.result_id = result_id(analysis.diagnostics, 0)
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=analysis.diagnostics, version=document.version)
        json.dumps({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": converter.unstructure(params)})

    def edit(change: dict) -> None:
        event = converter.structure(change, types.TextDocumentContentChangePartial)
        document.apply([event], (document.version or 0) + 1, encoding)
        analyse()

    def stream(changes: List[dict]) -> Callable[[int, int], int]:
        def typed(_first: int, _second: int) -> int:
            for change in changes:
                edit(change)
            return 0

        return typed

    # warm-up on another document: every lazy import and cache of the steps happens here
    warm = Document("file:///warm_up.py", "import tensorflow as tf\n\n@tf.function\ndef f(x):\n    return x\n", 1)
    warm_checker = IncrementalChecker("warm_up.py", settings)
    warm_outcome = warm_checker.check(warm.text, warm.source)
    warm_analysis = Analysis(warm.uri, 1, warm.text, warm_outcome, settings, None, encoding)
    json.dumps(converter.unstructure(types.PublishDiagnosticsParams(uri=warm.uri, diagnostics=diagnostics_for(warm_analysis, options))))
    analyse()  # the open
    if kind == "letters":
        functools.reduce(stream(letters), [0, 0])
        return len(letters)
    for change in letters:
        edit(change)
    functools.reduce(stream(enters), [0, 0])
    return len(enters)


def count(kind: str, edits: int, package: Optional[Path], keep: Optional[Path]) -> float:
    """Instructions per edit of `kind`, in a run under callgrind."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if package is not None:
        env["PYTHONPATH"] = str(package.resolve())
    else:
        env.pop("PYTHONPATH", None)
    folder = Path(tempfile.mkdtemp(prefix="edit_instructions_")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    label = "baseline" if package is not None else "this"
    out = folder / f"callgrind.{label}.{kind}.out"
    command = [
        "valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
        f"--callgrind-out-file={out}", sys.executable, __file__, "--run", kind, "--edits", str(edits),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=str(ROOT))
    made = re.search(r"^edits: (\d+)$", done.stdout, re.M)
    if done.returncode or made is None:
        sys.exit(f"the run under callgrind failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    totals = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)
    assert totals is not None
    if keep is None:
        out.unlink()
        folder.rmdir()
    return int(totals.group(1)) / int(made.group(1))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=40, help="letters typed; half as many Enter edits, each typed and deleted")
    parser.add_argument("--baseline", type=Path, help="also count the hybridlint package in this folder")
    parser.add_argument("--profile", type=Path, help="keep the callgrind output files in this folder")
    parser.add_argument("--run", choices=("letters", "enter"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(f"edits: {run(args.run, args.edits)}")
        return 0
    packages = [("this checkout", None)] + ([("baseline", args.baseline)] if args.baseline is not None else [])
    letters_n = args.edits
    enters_n = 2 * max(1, args.edits // 2)
    for name, package in packages:
        letter = count("letters", args.edits, package, args.profile)
        enter = count("enter", args.edits, package, args.profile)
        whole = (letter * letters_n + enter * enters_n) / (letters_n + enters_n)
        print(
            f"{name}: {letter / 1e6:.1f} M instructions per letter, {enter / 1e6:.1f} M per Enter edit, "
            f"{whole / 1e6:.1f} M per edit of the stream ({letters_n} letters, {enters_n} Enter edits)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
