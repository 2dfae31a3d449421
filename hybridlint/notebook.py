"""Jupyter notebooks as modules: reading, the cell map, masking of IPython syntax, write-back.

A notebook is checked as one module: its Python code cells, in order, joined with a boundary comment
line between them (`CellMap.text`). Cross-cell analysis comes for free (a tf.function defined in one
cell and called in a loop in another is one module's business), and every position maps back to a
cell with a line shift: a line of the joined text is a line of exactly one cell, unchanged.

IPython syntax that is not Python is *masked*, never parsed: a cell that starts with a cell magic
(`%%timeit`) becomes blank lines, and in a cell that does not parse as it is (parsed only when a line
looks like IPython), line magics (`%time`), shell escapes (`!pip`, `x = !ls`) and help lines (`obj?`,
`?obj`) become `pass` at their indentation (blank at column 0). Every masked line keeps its line
break, so line numbers never move; no rule reports on a masked line, and fixes that would touch one
are refused.

Write-back edits only the `source` of the cells a fix changed. Everything else in the file (key
order, indentation, escapes, metadata, outputs, the final newline) stays byte for byte as it was:
the raw JSON is scanned for the span of each cell's `source` value, and only those spans are
replaced, written in the layout the original value had (a list of lines or one string).

Both `hybridlint check` (cli.py) and the language server (server/notebooks.py) use this module.
Reading goes through `nbformat` (any notebook format version, converted to version 4).
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import AbstractSet, Any, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from .source import Span

NOTEBOOK_SUFFIX = ".ipynb"
BOUNDARY = "# %% hybridlint cell"  # joined with a counter when a cell already holds this text

_MAGIC_LINE = re.compile(
    r"""^[ \t]*(?:
        [%!?]                                       # %time, !pip, ?obj, %%, !!
      | [\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]   # x = !ls, a, b = %sx ls
    )""",
    re.VERBOSE,
)
# Lines that may be IPython, found without trying a pattern at every line (searched in "\n" + a copy
# of the cell whose line breaks are all "\n", of the same length); `_is_ipython` decides. Each starts
# with a literal, which the regex engine looks for first.
_MAYBE_IPYTHON = (
    re.compile(r"\n[ \t]*[%!?]"),  # %time, !ls, ?obj
    re.compile(r"=[ \t]*[%!]"),  # x = !ls
    re.compile(r"\?[ \t\f]*$", re.MULTILINE),  # obj?
)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class NotebookError(Exception):
    """The file cannot be read as a notebook; the message says why, in a few words."""


def is_notebook(path: str) -> bool:
    return path.lower().endswith(NOTEBOOK_SUFFIX)


# -- cells and masking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    index: int  # 0-based position among all the notebook's cells (markdown included)
    kind: str  # "code", "markdown" or "raw"
    source: str

    @property
    def number(self) -> int:
        """What the user sees: `cell 4` is the fourth cell from the top, markdown cells counted."""
        return self.index + 1


def split_lines(text: str) -> List[str]:
    """Lines with their terminators; lines end only at \\r\\n, \\r and \\n (as in the engine)."""
    return _LINE.findall(text)


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<cell>", "exec", flags=0x400, dont_inherit=True)  # ast.PyCF_ONLY_AST
    except (SyntaxError, ValueError):
        return False
    return True


def _body(line: str) -> Tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def _is_ipython(body: str) -> bool:
    """A line magic, shell escape or help line (`obj?`)."""
    if _MAGIC_LINE.match(body):
        return True
    stripped = body.strip(" \t\f")
    return stripped.endswith("?") and not stripped.startswith("#")


def _has_ipython_line(source: str) -> bool:
    """Whether some line looks like IPython: only the lines the filters stop at are tested."""
    probe = "\n" + (source.replace("\r", "\n") if "\r" in source else source)
    for pattern in _MAYBE_IPYTHON:
        for match in pattern.finditer(probe):
            start = probe.rfind("\n", 0, match.start() + 1) + 1
            end = probe.find("\n", start)
            if _is_ipython(probe[start : end if end != -1 else len(probe)]):
                return True
    return False


def mask_cell(source: str) -> Tuple[str, Set[int]]:
    """The cell's text with IPython-only lines masked, and the 1-based numbers of the masked lines.
    The result has the same lines, each with its own terminator."""
    if not _has_ipython_line(source):
        return source, set()
    lines = split_lines(source)
    first = next((line.strip() for line in lines if line.strip()), "")
    whole = first.startswith("%%")  # a cell magic: the whole cell is another language
    if not whole and _parses(source):
        # Parsing decides only when some line looks like IPython (it may be inside a string).
        return source, set()
    masked: Set[int] = set()
    out: List[str] = []
    for number, line in enumerate(lines, 1):
        body, end = _body(line)
        if whole or _is_ipython(body):
            indent = "" if whole else body[: len(body) - len(body.lstrip(" \t"))]
            new = indent + "pass" if indent else ""
            if not new and end.startswith("\n") and out and out[-1].endswith("\r"):
                new = "#"  # an empty line here would turn the "\r" before it and its "\n" into one "\r\n"
            out.append(new + end)
            masked.add(number)
        else:
            out.append(line)
    return "".join(out), masked


@lru_cache(maxsize=2048)
def _joinable(source: str) -> Tuple[str, FrozenSet[int], int, str]:
    """The cell's text as joined (masked, ending with a line break), its masked lines, its line
    count and the line break added ("" when the source ends with one). Cached: the language server
    joins every cell again on each edit, and only the edited cell is new."""
    text, masked = mask_cell(source)
    added = ""
    if source and not source.endswith(("\n", "\r")):
        # After a masked last line the text may end with "\r": a "\n" would merge into "\r\n".
        added = "\r" if text.endswith("\r") else "\n"
        text += added
    # Every line of `text` ends with a line break now: count them.
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    return text, frozenset(masked), lines, added


@dataclass
class Region:
    """Where one code cell lies in the joined text."""

    cell: Cell
    start: int  # 1-based line of the joined text holding the cell's first line
    lines: int  # how many lines of the joined text are the cell's
    masked_text: str  # the cell's text as joined (masked, newline added)
    masked: AbstractSet[int] = field(default_factory=frozenset)  # 1-based cell lines that were masked
    added: str = ""  # the line break added because the cell's source lacked a final one

    @property
    def added_newline(self) -> bool:
        return bool(self.added)

    def end(self) -> Tuple[int, int]:
        """The (1-based line, column) just past the cell's source."""
        if not self.added_newline:
            return self.lines + 1, 0
        last = split_lines(self.masked_text)[-1]
        return self.lines, len(_body(last)[0])


class CellMap:
    """The code cells of a notebook joined into one module, and positions between the two."""

    def __init__(self, cells: Sequence[Cell]):
        self.cells = list(cells)
        sources = [c.source for c in self.cells if c.kind == "code"]
        boundary, count = BOUNDARY, 0
        while any(boundary in s for s in sources):
            count += 1
            boundary = f"{BOUNDARY} {count}"
        self.boundary = boundary
        self.regions: List[Region] = []
        parts: List[str] = []
        line = 1
        for cell in self.cells:
            if cell.kind != "code":
                continue
            text, masked, count_lines, added = _joinable(cell.source)
            parts.append(boundary + "\n")
            line += 1
            self.regions.append(Region(cell, line, count_lines, text, masked, added))
            parts.append(text)
            line += count_lines
        self.text = "".join(parts)
        self._starts = [r.start for r in self.regions]

    def to_cell(self, line: int, col: int) -> Optional[Tuple[Region, int, int]]:
        """(region, 1-based cell line, column) of a position of the joined text; a position on the
        next boundary line (the end of a span that ends with a line break) is the end of the cell."""
        index = bisect.bisect_right(self._starts, line) - 1
        if index < 0:
            return None
        region = self.regions[index]
        relative = line - region.start + 1
        if relative <= region.lines:
            return region, relative, col
        return (region,) + region.end()

    def cell_span(self, span: Span) -> Optional[Tuple[Cell, Span]]:
        """The cell and cell-relative span of a span of the joined text (an end in a later cell is
        clamped to the end of the start's cell)."""
        start = self.to_cell(span.line, span.col)
        if start is None:
            return None
        region, line, col = start
        end = self.to_cell(span.end_line, span.end_col)
        end_line, end_col = region.end() if end is None or end[0] is not region else end[1:]
        return region.cell, Span(line, col, end_line, end_col)

    def touches_masked(self, span: Span) -> bool:
        for line in range(span.line, span.end_line + 1):
            where = self.to_cell(line, 0)
            if where is not None and where[1] in where[0].masked:
                return True
        return False

    def split(self, text: str) -> List[str]:
        """The cells' new sources from a fixed joined text (the original masked lines restored).
        NotebookError when a fix crossed a cell boundary or changed a masked line."""
        parts = text.split(self.boundary + "\n")
        if len(parts) != len(self.regions) + 1 or parts[0] != "":
            raise NotebookError("a fix would cross a cell boundary; nothing was written")
        return [self._unmask(region, part) for region, part in zip(self.regions, parts[1:])]

    def _unmask(self, region: Region, new: str) -> str:
        if new == region.masked_text:
            return region.cell.source
        old_lines = split_lines(region.masked_text)
        new_lines = split_lines(new)
        original = split_lines(region.cell.source)
        if region.added and original:
            original[-1] += region.added
        out: List[str] = []
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out.extend(original[i1:i2])
                continue
            if any((number + 1) in region.masked for number in range(i1, i2)):
                raise NotebookError(f"a fix would change an IPython line of cell {region.cell.number}")
            out.extend(new_lines[j1:j2])
        result = "".join(out)
        if region.added and result.endswith(region.added):
            result = result[: -len(region.added)]
        return _same_newlines(region.cell.source, result)


def _same_newlines(original: str, new: str) -> str:
    """A fix inserts "\\n"; in a cell whose lines all end with "\\r\\n", keep it that way."""
    from .files import newline_style

    style = newline_style(original)
    if style == "\r\n" and newline_style(new) != style:
        return re.sub(r"(?<!\r)\n", "\r\n", new)
    return new


# -- reading -------------------------------------------------------------------------------------


@dataclass
class Notebook:
    raw_text: str  # the JSON as decoded (without a BOM)
    bom: bool
    version: int  # nbformat major version of the file
    cells: List[Cell]
    language: str  # the kernel's language ("python" when the notebook does not say)
    _map: Optional[CellMap] = None

    @property
    def is_python(self) -> bool:
        return self.language.lower() in ("python", "python3", "ipython", "")

    @property
    def cell_map(self) -> CellMap:
        if self._map is None:
            self._map = CellMap(self.cells if self.is_python else [])
        return self._map


def _source_text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


def parse_notebook(raw: bytes) -> Notebook:
    """Read a notebook of any nbformat version; NotebookError says what is wrong with it."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a notebook: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})")
    except RecursionError:
        raise NotebookError("not a notebook: JSON nested too deeply")
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
        raise NotebookError("not a notebook: no `nbformat` version number in the JSON")
    try:
        import nbformat

        major = data["nbformat"]
        if major not in nbformat.versions:
            raise NotebookError(f"not a notebook: unsupported nbformat version {major}")
        node = nbformat.versions[major].to_notebook_json(data, minor=data.get("nbformat_minor", 0))
        node = nbformat.convert(node, 4)
        cells = [
            Cell(index, str(cell.get("cell_type", "")), _source_text(cell.get("source", "")))
            for index, cell in enumerate(node.get("cells", []))
            if isinstance(cell, dict)
        ]
        metadata = node.get("metadata", {}) or {}
    except NotebookError:
        raise
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds on malformed notebooks
        raise NotebookError(f"not a notebook: {type(exc).__name__}: {exc}") from None
    language = ""
    if isinstance(metadata, dict):
        info = metadata.get("language_info")
        spec = metadata.get("kernelspec")
        if isinstance(info, dict) and isinstance(info.get("name"), str):
            language = info["name"]
        elif isinstance(spec, dict) and isinstance(spec.get("language"), str):
            language = spec["language"]
    return Notebook(text, bom, major, cells, language)


# -- write-back ----------------------------------------------------------------------------------


class _Scanner:
    """Finds the character span of each cell's code in the JSON text, in the order nbformat lists
    the cells: the value of `source` (nbformat 3 code cells: `input`)."""

    _WS = re.compile(r"[ \t\n\r]*")
    _SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

    def __init__(self, text: str):
        self.text = text
        self.spans: List[Tuple[int, int]] = []  # per cell: (start, end) of its code's value

    def scan(self) -> List[Tuple[int, int]]:
        self._value(self._ws(0), ())
        return self.spans

    def _ws(self, at: int) -> int:
        return self._WS.match(self.text, at).end()  # type: ignore[union-attr]

    def _value(self, at: int, path: Tuple[Any, ...]) -> int:
        char = self.text[at : at + 1]
        if char == "{":
            return self._object(at, path)
        if char == "[":
            return self._array(at, path)
        if char == '"':
            return json.decoder.scanstring(self.text, at + 1)[1]
        match = self._SCALAR.match(self.text, at)
        if match is None:
            raise ValueError(f"unexpected character at offset {at}")
        return match.end()

    def _object(self, at: int, path: Tuple[Any, ...]) -> int:
        text = self.text
        is_cell = len(path) >= 2 and path[-2] == "cells"
        found: Dict[str, Tuple[int, int]] = {}
        kind = None
        at = self._ws(at + 1)
        while text[at : at + 1] != "}":
            key, at = json.decoder.scanstring(text, at + 1)
            at = self._ws(self._ws(at) + 1)  # past the colon
            start = at
            at = self._value(at, path + (key,))
            if is_cell:
                found.setdefault(key, (start, at))
                if key == "cell_type":
                    kind = json.loads(text[start:at])
            at = self._ws(at)
            if text[at : at + 1] == ",":
                at = self._ws(at + 1)
        if is_cell:
            key = "input" if kind == "code" and "input" in found else "source"
            self.spans.append(found.get(key, (0, 0)))
        return at + 1

    def _array(self, at: int, path: Tuple[Any, ...]) -> int:
        text = self.text
        at = self._ws(at + 1)
        index = 0
        while text[at : at + 1] != "]":
            at = self._ws(self._value(at, path + (index,)))
            index += 1
            if text[at : at + 1] == ",":
                at = self._ws(at + 1)
        return at + 1


def _source_spans(notebook: Notebook) -> List[Tuple[int, int]]:
    try:
        return _Scanner(notebook.raw_text).scan()
    except (ValueError, IndexError, AttributeError) as exc:
        raise NotebookError(f"cannot locate the cells in the JSON: {exc}") from None


def _ascii_only(raw_text: str) -> bool:
    """Whether the file escapes non-ASCII characters (`\\u00e9`) rather than writing them."""
    return raw_text.isascii() and re.search(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]|[1-9a-fA-F])", raw_text) is not None


def _render_source(old_value: str, new_source: str, ascii_only: bool) -> str:
    """The JSON for a cell's new source, in the layout of the old value."""

    def dump(value: str) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)

    stripped = old_value.strip()
    if not stripped.startswith("["):
        return dump(new_source)
    # Jupyter stores a list of lines, each with its line break (str.splitlines(keepends=True)).
    lines = new_source.splitlines(True)
    inner = stripped[1:-1]
    if not lines:
        return "[]"
    lead = re.match(r"[ \t\r\n]*", inner).group()  # type: ignore[union-attr]
    trail = re.search(r"[ \t\r\n]*$", inner).group()  # type: ignore[union-attr]
    if not inner.strip():  # was empty: one item per line, indented one level past the key
        newline = "\r\n" if "\r\n" in old_value else "\n"
        lead, trail = newline + " ", newline
    return "[" + lead + ("," + lead).join(dump(line) for line in lines) + trail + "]"


def write_back(notebook: Notebook, new_sources: Dict[int, str]) -> bytes:
    """The notebook's bytes with the `source` of the cells in `new_sources` (by cell index)
    replaced, everything else as it was."""
    spans = _source_spans(notebook)
    if len(spans) != len(notebook.cells):
        raise NotebookError("cannot locate the cells in the JSON; nothing was written")
    text = notebook.raw_text
    ascii_only = _ascii_only(text)
    out: List[str] = []
    cursor = 0
    for index in sorted(new_sources):
        start, end = spans[index]
        if end <= start:
            raise NotebookError(f"cell {index + 1} has no source in the JSON; nothing was written")
        old_value = text[start:end]
        out.append(text[cursor:start])
        out.append(_render_source(old_value, new_sources[index], ascii_only))
        cursor = end
    out.append(text[cursor:])
    data = "".join(out).encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if notebook.bom else data


def fixed_sources(notebook: Notebook, fixed_text: str) -> Dict[int, str]:
    """Cell index → new source, for the cells whose source the fixed joined text changes."""
    cell_map = notebook.cell_map
    changed: Dict[int, str] = {}
    for region, source in zip(cell_map.regions, cell_map.split(fixed_text)):
        if source != region.cell.source:
            changed[region.cell.index] = source
    return changed
