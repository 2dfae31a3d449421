"""Incremental re-analysis of one document while it is being edited.

The language server calls `IncrementalChecker.check(text)` after every edit. The result is the same
as `engine.check_source(text)` would give, computed with less work:

* **Parsing.** The module is kept as *chunks*: runs of whole lines that each hold one or more
  top-level statements (a chunk starts at the line of a statement's first token, at column 0; blank
  lines and comments belong to the chunk above them). An edit marks the chunks it touches dirty;
  only those are re-parsed, on their own, with `ast.parse` (padded with blank lines so that line
  numbers come out right). Chunks below an edit that added or removed lines are parsed again in
  one piece, so that no node of an earlier result is ever changed.

  Why a chunk may be parsed alone: an untouched chunk starts at column 0 of a line where the last
  successful parse started a top-level statement, so the tokenizer is in its initial state there
  (no open bracket, string or backslash continuation); a re-parsed chunk that parses alone ends in
  that state too. The statements of the whole text are then exactly the chunks' statements in
  order. Whenever a dirty chunk does not parse alone, the whole text is parsed to decide, so text
  that only parses as a whole (say, a new decorator line typed above an untouched `def`) is never
  taken for a syntax error.

  A chunk that is one big class (`SPLIT_CLASS_LINES`) is also kept as *parts*, runs of its body's
  statements: an edit inside one part that keeps every line where it is re-parses that part alone
  and rebuilds the class node around the new body (`_reparse_parts` says why that is exact);
  anything else re-parses the class whole.

* **Module facts and rules** run on the module rebuilt from the chunks' statements, through
  `engine.check_tree` — the same code `check_source` runs after its parse — so a rule that reads
  facts gathered anywhere in the module sees the same facts.

**While the text does not parse** (the user is half-way through a line), a full check reports only
the syntax error. Here the result instead holds:

* `syntax_error`: the error of parsing the whole text (the same as `check_source`);
* `findings` and `rule_errors`: those of `check_source` on the text with the *masked* lines
  blanked out — every line of the chunks that do not parse alone, keeping each line break so other
  lines keep their numbers. A chunk is dirty when an edit touched it since the last time it parsed,
  so the masked lines are those of the top-level statements being edited; every other statement
  keeps its diagnostics. Fixes of those findings are verified against the masked text; one whose
  edits stay off the masked lines does the same to the real text (the server offers no other).

`masked` in the result lists the masked line ranges; `reference_check` computes the same result from
scratch, given those ranges, and is what the property test compares against. When the document has
never parsed (opened broken), every line is masked: no findings, as with a full check.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Type

from .engine import (
    CheckResult,
    SyntaxProblem,
    gc_paused,
    check_source,
    check_tree,
    mentions_tensorflow,
    parse_or_problem,
)
from .links import ModuleLink
from .rule import Rule
from .settings import Settings
from .source import SourceText

LineRange = Tuple[int, int]  # 1-based first line, last line (inclusive)


# A chunk that is one class of at least this many lines is kept as parts (runs of its body's
# statements), so that typing inside one method re-parses that method, not the whole class.
SPLIT_CLASS_LINES = 60


@dataclass
class _Part:
    """A run of whole lines holding one or more statements of a class body, at the body's
    indentation (the first part starts at the first body statement; the last one runs to the
    end of the chunk)."""

    lines: int
    stmts: List[ast.stmt]
    dirty: bool = False


@dataclass
class _Chunk:
    lines: int  # how many lines of the current text the chunk covers
    stmts: List[ast.stmt]  # its top-level statements, numbered as if the chunk started at `parsed_start`
    parsed_start: int
    dirty: bool = False  # touched since its statements were parsed: `stmts` are stale
    # For a chunk that is one big class: the lines above its first body statement, the body's
    # indentation, and the body as parts. An edit inside one part (that keeps every line where it
    # is) marks only that part dirty.
    head_lines: int = 0
    indent: str = ""
    parts: Optional[List[_Part]] = None


@dataclass
class IncrementalResult:
    text: str
    result: CheckResult  # `result.source` is the analysed text: the document, or its masked copy
    masked: Tuple[LineRange, ...] = ()
    # how the statements were obtained: "cached", "incremental", "full" (for tests and the benchmark)
    mode: str = "full"
    reparsed_lines: int = 0
    tree: Optional[ast.Module] = None  # the statements analysed (those of `result.source`)


class IncrementalChecker:
    """One document's last analysis; `check(text)` re-analyses the next version of its text."""

    def __init__(
        self,
        path: str = "<stdin>",
        settings: Optional[Settings] = None,
        rules: Optional[Sequence[Type[Rule]]] = None,
    ):
        self.path = path
        self.settings = settings or Settings()
        self.rules = rules
        self._source: Optional[SourceText] = None
        self._chunks: Optional[List[_Chunk]] = None  # None until some version of the text parsed
        self._last: Optional[IncrementalResult] = None
        self.link: Optional[ModuleLink] = None  # the project index's view of the rest of the project

    def set_link(self, link: Optional[ModuleLink]) -> None:
        """A new view of the rest of the project keeps the parsed statements, not the findings."""
        if link is not self.link:
            self.link = link
            self._last = None

    def _worth_checking(self, text: str) -> bool:
        # A module without TensorFlow is still checked when another module traces its functions.
        return mentions_tensorflow(text, self.settings) or (self.link is not None and self.link.reaches_graph_code)

    def reconfigure(
        self, settings: Settings, rules: Optional[Sequence[Type[Rule]]] = None, path: Optional[str] = None
    ) -> None:
        """New settings (or a new name for the file) keep the parsed statements, not the findings."""
        self.settings = settings
        self.rules = rules
        if path is not None:
            self.path = path
        self._last = None

    # -- public entry point ------------------------------------------------------------------

    def check(self, text: str, source: Optional[SourceText] = None) -> IncrementalResult:
        """Analyse the next version of the text (`source`: its SourceText, if the caller has one)."""
        last = self._last
        if last is not None and last.text == text:
            return IncrementalResult(text, last.result, last.masked, "cached", 0, last.tree)
        # The collector held off for the parse too, as `check_source` does: parsing the edited
        # statements allocates thousands of nodes, and the collector would walk them again and again.
        with gc_paused():
            return self._check(text, source)

    def _check(self, text: str, source: Optional[SourceText]) -> IncrementalResult:
        if source is None or source.text is not text:
            source = SourceText(text)
        if self._chunks is not None and self._source is not None:
            self._mark_edit(self._source, source)
        self._source = source
        if not self._worth_checking(text):
            result = CheckResult(self.path, source, skipped=True)
            self._last = IncrementalResult(text, result, (), "full", 0)
            return self._last
        if self._chunks is None:
            outcome = self._full(source)
        else:
            outcome = self._incremental(source)
        self._last = outcome
        return outcome

    # -- edits -------------------------------------------------------------------------------

    def _mark_edit(self, old: SourceText, new: SourceText) -> None:
        """Merge the chunks an edit touched into one dirty chunk and fix up line counts."""
        chunks = self._chunks
        assert chunks is not None
        a, b = old.text, new.text
        start, old_end, new_end = _changed_region(a, b)
        if start == old_end == new_end:
            return
        starts = old.line_starts
        first = last = None
        line = 1
        for index, chunk in enumerate(chunks):
            begin = starts[line - 1] if line - 1 < len(starts) else len(a)
            line += chunk.lines
            # The last chunk owns the end of the text too, so an append touches it.
            end = starts[line - 1] if line - 1 < len(starts) else len(a) + 1
            # A chunk is touched when the edit overlaps it or deletes up to its first character
            # (its first line may now continue the line above); an insertion right at its start
            # touches it alone.
            if begin <= old_end and start < end:
                if first is None:
                    first = index
                last = index
            elif first is not None:
                break
        if first is None:  # edits inside text no chunk covers cannot happen; start over
            self._chunks = None
            return
        assert last is not None
        delta = new.line_count - old.line_count
        if first == last and delta == 0 and self._mark_part(chunks[first], first, old, start, old_end):
            return
        merged = _Chunk(sum(c.lines for c in chunks[first : last + 1]) + delta, [], 0, dirty=True)
        chunks[first : last + 1] = [merged]

    def _mark_part(self, chunk: _Chunk, index: int, old: SourceText, start: int, old_end: int) -> bool:
        """Mark the one part of a split class an edit touched, when it touched only one and not
        the class's head; False to dirty the whole chunk."""
        if chunk.parts is None or chunk.dirty:
            return False
        assert self._chunks is not None
        line = 1 + sum(c.lines for c in self._chunks[:index])
        starts = old.line_starts
        line += chunk.head_lines
        if start < starts[line - 1]:
            return False  # the edit reaches into the class's head
        touched: Optional[_Part] = None
        for part in chunk.parts:
            begin = starts[line - 1]
            line += part.lines
            end = starts[line - 1] if line - 1 < len(starts) else len(old.text) + 1
            if begin <= old_end and start < end:
                if touched is not None:
                    return False
                touched = part
        if touched is None:
            return False
        touched.dirty = True
        return True

    # -- parsing -------------------------------------------------------------------------------

    def _full(self, source: SourceText) -> IncrementalResult:
        tree, problem = parse_or_problem(source)
        if tree is None:
            assert problem is not None
            if self._chunks is None:
                # Nothing ever parsed: no statement is known to be whole.
                self._chunks = [_Chunk(source.line_count, [], 1, dirty=True)]
            return self._masked_result(source, problem, "full", source.line_count)
        self._chunks = _split(tree.body, 1, source.line_count + 1, source)
        return IncrementalResult(source.text, self._analyse(source, tree), (), "full", source.line_count, tree)

    def _incremental(self, source: SourceText) -> IncrementalResult:
        chunks = self._chunks
        assert chunks is not None
        reparsed = 0
        failed = False
        problem: Optional[SyntaxProblem] = None
        new_chunks: List[_Chunk] = []
        # Untouched chunks that moved up or down are parsed again rather than renumbered: the
        # nodes of an earlier result must never change under it (its fixes are built lazily).
        moved: List[_Chunk] = []
        moved_start = 0
        line = 1

        def flush_moved(end: int) -> bool:
            nonlocal reparsed
            if not moved:
                return True
            count = end - moved_start
            stmts = _parse_lines(source, moved_start, count)
            moved.clear()
            reparsed += count
            if stmts is None:  # cannot happen: these lines parsed before, at a clean boundary
                return False
            new_chunks.extend(_split(stmts, moved_start, end, source))
            return True

        for chunk in chunks:
            start = line
            line += chunk.lines
            if chunk.parts is not None and not chunk.dirty and any(p.dirty for p in chunk.parts):
                rebuilt = _reparse_parts(chunk, start, source)
                if rebuilt is not None:
                    failed = not flush_moved(start) or failed
                    reparsed += sum(p.lines for p in chunk.parts if p.dirty)
                    new_chunks.append(rebuilt)
                    continue
                chunk = _Chunk(chunk.lines, [], 0, dirty=True)  # the class is parsed whole, as before
            if not chunk.dirty:
                if chunk.parsed_start == start:
                    failed = not flush_moved(start) or failed
                    new_chunks.append(chunk)
                else:
                    if not moved:
                        moved_start = start
                    moved.append(chunk)
                continue
            failed = not flush_moved(start) or failed
            reparsed += chunk.lines
            if start == 1 and chunk.lines == source.line_count:
                whole, problem = parse_or_problem(source)  # the chunk is the whole text
                stmts = whole.body if whole is not None else None
            else:
                stmts = _parse_lines(source, start, chunk.lines)
            if stmts is None:
                failed = True
                new_chunks.append(chunk)
            else:
                new_chunks.extend(_split(stmts, start, line, source))
        failed = not flush_moved(line) or failed
        self._chunks = new_chunks
        if failed:
            if problem is None:
                # A chunk that does not parse alone may still parse with the text after it.
                tree, problem = parse_or_problem(source)
            else:
                tree = None
            if tree is None:
                assert problem is not None
                return self._masked_result(source, problem, "incremental", reparsed + source.line_count)
            self._chunks = _split(tree.body, 1, source.line_count + 1, source)
            return IncrementalResult(source.text, self._analyse(source, tree), (), "full", source.line_count, tree)
        tree = ast.Module(body=[s for c in new_chunks for s in c.stmts], type_ignores=[])
        return IncrementalResult(source.text, self._analyse(source, tree), (), "incremental", reparsed, tree)

    def _masked_result(self, source: SourceText, problem: SyntaxProblem, mode: str, reparsed: int) -> IncrementalResult:
        chunks = self._chunks
        assert chunks is not None
        masked: List[LineRange] = []
        stmts: List[ast.stmt] = []
        line = 1
        for chunk in chunks:
            if chunk.dirty:
                if masked and masked[-1][1] == line - 1:
                    masked[-1] = (masked[-1][0], line + chunk.lines - 1)
                else:
                    masked.append((line, line + chunk.lines - 1))
            else:
                stmts.extend(chunk.stmts)
            line += chunk.lines
        analysed = SourceText(blank_lines(source, masked))
        tree = ast.Module(body=stmts, type_ignores=[])
        if self._worth_checking(analysed.text):
            checked = self._analyse(analysed, tree)
        else:
            checked = CheckResult(self.path, analysed, skipped=True)
        result = CheckResult(self.path, analysed, checked.findings, problem, checked.rule_errors)
        return IncrementalResult(source.text, result, tuple(masked), mode, reparsed, tree)

    def _analyse(self, source: SourceText, tree: ast.Module) -> CheckResult:
        return check_tree(source, tree, self.path, self.settings, self.rules, self.link)


# -- the from-scratch definition ---------------------------------------------------------------


def blank_lines(source: SourceText, ranges: Sequence[LineRange]) -> str:
    """The text with the given lines emptied, each keeping one line break, so no other line moves.

    An emptied line ends in "\n", or in "\r\n" right after a "\r" (a lone "\n" there would join the
    "\r" into one line break)."""
    if not ranges:
        return source.text
    text = source.text
    starts = source.line_starts
    out: List[str] = []
    cursor = 0
    last_char = ""
    for first, last in ranges:
        kept = text[cursor : starts[first - 1]]
        if kept:
            out.append(kept)
            last_char = kept[-1]
        for line in range(first, last + 1):
            if line >= len(starts):  # the last line has no line break
                break
            out.append("\r\n" if last_char == "\r" else "\n")
            last_char = "\n"
        cursor = starts[last] if last < len(starts) else len(text)
    out.append(text[cursor:])
    return "".join(out)


def reference_check(
    text: str,
    masked: Sequence[LineRange],
    path: str = "<stdin>",
    settings: Optional[Settings] = None,
    rules: Optional[Sequence[Type[Rule]]] = None,
    link: Optional[ModuleLink] = None,
) -> CheckResult:
    """What `IncrementalChecker.check` returns, from scratch, given the lines it masked."""
    full = check_source(text, path, settings, rules, link)
    if full.skipped or full.syntax_error is None:
        return full
    source = SourceText(text)
    partial = check_source(blank_lines(source, masked), path, settings, rules, link)
    return CheckResult(path, partial.source, partial.findings, full.syntax_error, partial.rule_errors)


# -- helpers -----------------------------------------------------------------------------------


def _changed_region(a: str, b: str) -> Tuple[int, int, int]:
    """(start, end in `a`, end in `b`) of the part of `a` that was replaced to give `b`."""
    limit = min(len(a), len(b))
    low, high = 0, limit  # the common prefix length lies in [low, high]
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    prefix = low
    limit -= prefix
    low, high = 0, limit
    la, lb = len(a), len(b)
    while low < high:
        mid = (low + high + 1) // 2
        if a[la - mid : la - low] == b[lb - mid : lb - low]:
            low = mid
        else:
            high = mid - 1
    suffix = low
    # "\r" + "\n" is one line break: never let the change start or end between the two.
    if prefix and a[prefix - 1] == "\r":
        prefix -= 1
    if suffix and a[la - suffix] == "\n":
        suffix -= 1
    return prefix, la - suffix, lb - suffix


def _parse_lines(source: SourceText, start: int, count: int) -> Optional[List[ast.stmt]]:
    """Parse lines [start, start + count) alone, numbered as in the whole text; None if they do
    not parse on their own."""
    if _ends_in_continuation(source, start, count):
        return None
    starts = source.line_starts
    begin = starts[start - 1]
    end_line = start + count
    end = starts[end_line - 1] if end_line - 1 < len(starts) else len(source.text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse("\n" * (start - 1) + source.text[begin:end])
    except (SyntaxError, ValueError):
        return None
    return tree.body


def _head_line(stmt: ast.stmt, source: SourceText, previous_end: int) -> Optional[int]:
    """The line where a top-level statement's first token starts, when that is certain."""
    decorators = getattr(stmt, "decorator_list", None)
    if decorators:
        first = min(d.lineno for d in decorators)
        # The decorator expression may start lines below its "@" (`@(\n name\n)`).
        for line in range(first, previous_end, -1):
            if source.line_text(line).startswith("@"):
                return line
        return None
    if stmt.col_offset != 0:
        return None
    return stmt.lineno


def _ends_in_continuation(source: SourceText, start: int, count: int) -> bool:
    """The last of lines [start, start + count) ends in a backslash, which may join it to the line
    after them. CPython's parser accepts a backslash and a "\r\n" or "\r" right before the end of
    its input, so lines parsed alone could pass while the whole text does not."""
    return count > 0 and source.line_text(start + count - 1).endswith("\\")


def _parse_body_lines(source: SourceText, start: int, count: int) -> Optional[List[ast.stmt]]:
    """Parse lines [start, start + count) of a class body alone, numbered as in the whole text:
    under a stand-in `class _:` line put right above them. None unless they parse there as that
    class's body and nothing else (a line dedented out of the body makes a second statement, or an
    indentation error)."""
    if start < 2 or _ends_in_continuation(source, start, count):
        return None
    starts = source.line_starts
    begin = starts[start - 1]
    end_line = start + count
    end = starts[end_line - 1] if end_line - 1 < len(starts) else len(source.text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse("\n" * (start - 2) + "class _:\n" + source.text[begin:end])
    except (SyntaxError, ValueError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.ClassDef):
        return None
    return tree.body[0].body


def _reparse_parts(chunk: _Chunk, start: int, source: SourceText) -> Optional[_Chunk]:
    """The chunk of a split class with its dirty parts parsed again and the class node rebuilt
    around the new body (a new node: the earlier one belongs to an earlier result); None when a
    dirty part does not parse alone, or no longer starts at the body's indentation.

    Why a part may be parsed alone: it starts on a line where the last parse started a statement
    of this class's body, with nothing above it changed, so the tokenizer is at the start of a line
    with no open bracket or string and its indentation stack holding the body's indentation. The
    stand-in `class _:` line gives the part's first line the same state, provided that line is
    indented by exactly the same characters (tabs and spaces are compared as the tokenizer does,
    so only the same string is sure). From there both see the same tokens until the part ends,
    where a part that parses alone leaves no bracket or string open."""
    parts = chunk.parts
    assert parts is not None
    if chunk.parsed_start != start or len(chunk.stmts) != 1:
        return None
    old = chunk.stmts[0]
    indent = chunk.indent
    line = start + chunk.head_lines
    new_parts: List[_Part] = []
    body: List[ast.stmt] = []
    for part in parts:
        if part.dirty:
            if not source.line_text(line).startswith(indent):
                return None
            following = source.line_text(line)[len(indent) : len(indent) + 1]
            if following in ("", " ", "\t", "\f", "#"):  # a comment line does not set the indentation
                return None
            stmts = _parse_body_lines(source, line, part.lines)
            if not stmts:
                return None
            split = _split_body(stmts, line, line + part.lines, indent, source)
            if split is None:
                return None
            new_parts.extend(split)
            body.extend(stmts)
        else:
            new_parts.append(part)
            body.extend(part.stmts)
        line += part.lines
    cls = type(old)(**{name: getattr(old, name) for name in old._fields})
    cls.body = body
    cls.lineno, cls.col_offset = old.lineno, old.col_offset
    last = body[-1]
    cls.end_lineno, cls.end_col_offset = last.end_lineno, last.end_col_offset
    return _Chunk(chunk.lines, [cls], start, head_lines=chunk.head_lines, indent=indent, parts=new_parts)


def _body_head(stmt: ast.stmt, indent: str, source: SourceText, previous_end: int) -> Optional[int]:
    """The line where a class body statement's first token starts, at the body's indentation,
    when that is certain."""
    decorators = getattr(stmt, "decorator_list", None)
    if decorators:
        first = min(d.lineno for d in decorators)
        for line in range(first, previous_end, -1):
            if source.line_text(line).startswith(indent + "@"):
                return line
        return None
    text = source.line_text(stmt.lineno)
    if stmt.col_offset != len(indent) or not text.startswith(indent):
        return None
    return stmt.lineno


def _split_body(
    stmts: List[ast.stmt], first_line: int, end_line: int, indent: str, source: SourceText
) -> Optional[List[_Part]]:
    """Group class body statements covering lines [first_line, end_line) into parts; None when the
    first statement does not start the first line at the body's indentation."""
    parts: List[_Part] = []
    current: List[ast.stmt] = []
    current_start = first_line
    previous_end = first_line - 1
    for stmt in stmts:
        head = _body_head(stmt, indent, source, previous_end)
        if not current:
            if head != first_line:
                return None
        elif head is not None and head > previous_end:
            parts.append(_Part(head - current_start, current))
            current, current_start = [], head
        current.append(stmt)
        previous_end = max(previous_end, stmt.end_lineno or stmt.lineno)
    parts.append(_Part(end_line - current_start, current))
    return parts


def _split_class(chunk: _Chunk, source: SourceText) -> _Chunk:
    """Give a chunk that is one big class its parts (see `_reparse_parts`)."""
    if chunk.lines < SPLIT_CLASS_LINES or len(chunk.stmts) != 1:
        return chunk
    cls = chunk.stmts[0]
    if not isinstance(cls, ast.ClassDef) or not cls.body:
        return chunk
    first = cls.body[0]
    decorators = getattr(first, "decorator_list", None)
    head = min(d.lineno for d in decorators) if decorators else first.lineno
    text = source.line_text(head)
    stripped = text.lstrip(" \t")
    indent = text[: len(text) - len(stripped)]
    # The body must start on a line of its own (not `class A: x`), below the class's head.
    if not indent or head <= cls.lineno or not stripped or stripped[0] in "\f#":
        return chunk
    end = chunk.parsed_start + chunk.lines
    parts = _split_body(cls.body, head, end, indent, source)
    if parts is None:
        return chunk
    chunk.head_lines = head - chunk.parsed_start
    chunk.indent = indent
    chunk.parts = parts
    return chunk


def _split(stmts: List[ast.stmt], first_line: int, end_line: int, source: SourceText) -> List[_Chunk]:
    """Group statements numbered for the whole text, covering lines [first_line, end_line), into
    chunks; a statement whose first line is uncertain stays with the one above it."""
    chunks: List[_Chunk] = []
    current: List[ast.stmt] = []
    current_start = first_line
    previous_end = first_line - 1
    for stmt in stmts:
        head = _head_line(stmt, source, previous_end) if current else None
        if head is not None and head > previous_end and source.line_text(head)[:1] not in ("", " ", "\t", "\f"):
            chunks.append(_Chunk(head - current_start, current, current_start))
            current, current_start = [], head
        current.append(stmt)
        previous_end = max(previous_end, stmt.end_lineno or stmt.lineno)
    chunks.append(_Chunk(end_line - current_start, current, current_start))
    return [_split_class(chunk, source) for chunk in chunks]
