"""Gives every example an oracle run uses a `name=`, and keys the run by that name.

    python tools/name_oracle_examples.py            # rewrite rules/*.py where needed
    python tools/name_oracle_examples.py --check    # exit 1 when a run is still keyed by a position

Oracle runs (`Oracle(runs={...})`) are keyed by an example's name, so inserting an example cannot make
a run drive another one. A run written with a position (`3: "driver"`, the old form) is converted: the
example at that position gets a name made from its note (or from the first names its code defines),
unique within the rule, and the run's key becomes that name. The edit is textual: it adds one `name=`
keyword per example and rewrites the keys, and touches nothing else, so re-running it after a merge
converts only what is new. Names it writes are the author's to change.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
STOP = {"s", "a", "an", "the", "of", "to", "is", "it", "its", "in", "on", "and", "or", "as", "be", "by", "for"}


def slug(text: str, words: int = 5) -> str:
    parts = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]
    return "-".join(parts[:words])


def proposed_name(call: ast.Call) -> str:
    keywords = {k.arg: k.value for k in call.keywords}
    note = keywords.get("note")
    if isinstance(note, ast.Constant) and isinstance(note.value, str) and slug(note.value):
        return slug(note.value)
    code = call.args[0] if call.args else keywords.get("code")
    defined: List[str] = []
    if isinstance(code, ast.Constant) and isinstance(code.value, str):
        try:
            tree = ast.parse(code.value)
        except SyntaxError:
            tree = None
        if tree is not None:
            defined = [
                n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            ]
    kind = call.func.id.lower()  # type: ignore[attr-defined]
    return slug(" ".join([kind] + defined[:2]), words=4) or kind


def _offsets(text: str) -> List[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _class_assignments(cls: ast.ClassDef) -> Dict[str, ast.expr]:
    found = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            found[stmt.targets[0].id] = stmt.value
    return found


def _runs_dict(oracle: ast.expr) -> Optional[ast.Dict]:
    if isinstance(oracle, ast.Call):
        for keyword in oracle.keywords:
            if keyword.arg == "runs" and isinstance(keyword.value, ast.Dict):
                return keyword.value
    return None


def _name_of(call: ast.Call) -> Optional[str]:
    for keyword in call.keywords:
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
            return keyword.value.value
    return None


def _insert_name(text: str, starts: List[int], call: ast.Call, name: str) -> Tuple[int, str]:
    """Where and what to insert so that `call` gets `name=...` as its last keyword."""
    close = starts[call.end_lineno - 1] + call.end_col_offset - 1  # type: ignore[operator]
    assert text[close] == ")", (call.lineno, text[close])
    before = close
    while text[before - 1].isspace():
        before -= 1
    if call.lineno == call.end_lineno:
        sep = " " if text[before - 1] == "," else ", "
        return before, f'{sep}name="{name}"'
    indent = None
    for node in [*call.args, *call.keywords]:  # the first argument that starts a line sets the indent
        line_start = starts[node.lineno - 1]
        if text[line_start : line_start + node.col_offset].strip() == "":
            indent = node.col_offset
            break
    if indent is None:
        sep = " " if text[before - 1] == "," else ", "
        return before, f'{sep}name="{name}"'
    if text[before - 1] == ",":
        return before, f'\n{" " * indent}name="{name}",'
    return before, f',\n{" " * indent}name="{name}",'


def convert(path: Path) -> Tuple[str, int]:
    """The module's text with its position-keyed runs converted, and how many runs were converted."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    starts = _offsets(text)
    edits: List[Tuple[int, int, str]] = []  # (start, end, replacement)
    converted = 0
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        assigned = _class_assignments(cls)
        runs = _runs_dict(assigned.get("oracle"))  # type: ignore[arg-type]
        examples = assigned.get("examples")
        if runs is None or not isinstance(examples, (ast.Tuple, ast.List)):
            continue
        calls = [e for e in examples.elts if isinstance(e, ast.Call) and isinstance(e.func, ast.Name)]
        if len(calls) != len(examples.elts):
            raise SystemExit(f"{path.name}: {cls.name}.examples is not a literal list of Bad(...)/Good(...)")
        taken: Set[str] = {n for n in map(_name_of, calls) if n}
        for key in runs.keys:
            if not (isinstance(key, ast.Constant) and isinstance(key.value, int)):
                continue
            if not 0 <= key.value < len(calls):
                raise SystemExit(f"{path.name}: {cls.name} runs example {key.value}, which does not exist")
            call = calls[key.value]
            name = _name_of(call)
            if name is None:
                base = proposed_name(call)
                name, n = base, 2
                while name in taken:
                    name, n = f"{base}-{n}", n + 1
                taken.add(name)
                at, insert = _insert_name(text, starts, call, name)
                edits.append((at, at, insert))
            key_start = starts[key.lineno - 1] + key.col_offset
            key_end = starts[key.end_lineno - 1] + key.end_col_offset  # type: ignore[operator]
            edits.append((key_start, key_end, f'"{name}"'))
            converted += 1
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if converted:
        ast.parse(text)  # the rewrite must stay valid Python
    return text, converted


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report position-keyed runs, change nothing")
    args = parser.parse_args(argv)
    pending = 0
    for path in sorted(RULES.glob("hyb*.py")):
        text, converted = convert(path)
        if not converted:
            continue
        pending += converted
        if args.check:
            print(f"{path.relative_to(REPO)}: {converted} run(s) keyed by position")
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"{path.relative_to(REPO)}: {converted} run(s) now keyed by name")
    return 1 if args.check and pending else 0


if __name__ == "__main__":
    sys.exit(main())
