"""Incremental re-analysis of one document while it is being edited.

The language server calls `IncrementalChecker.check(text)` after every edit. The result is the same
as `engine.check_source(text)` would give, computed with less work:

* **Parsing.** The module is kept as *chunks*: runs of whole lines that each hold one or more
  top-level statements (a chunk starts at the line of a statement's first token, at column 0; blank
  lines and comments belong to the chunk above them). An edit marks the chunks it touches dirty;
  only those are re-parsed, on their own, with `ast.parse` (padded with blank lines so that line
  numbers come out right). Chunks below an edit that added or removed lines keep their statements:
  their nodes are renumbered in place (`_shift`, over a list of the chunk's positioned nodes made
  the first time it moves), which costs a small part of parsing them again.

  Why a chunk may be parsed alone: an untouched chunk starts at column 0 of a line where the last
  successful parse started a top-level statement, so the tokenizer is in its initial state there
  (no open bracket, string or backslash continuation); a re-parsed chunk that parses alone ends in
  that state too. The statements of the whole text are then exactly the chunks' statements in
  order. Whenever a dirty chunk does not parse alone, the whole text is parsed to decide, so text
  that only parses as a whole (say, a new decorator line typed above an untouched `def`) is never
  taken for a syntax error.

  A chunk that is one big class (`SPLIT_CLASS_LINES`) is also kept as *parts*, runs of its body's
  statements: an edit inside one part re-parses that part alone, renumbers the parts below it when
  it added or removed lines, and rebuilds the class node around the new body (`_place_parts` says
  why that is exact); anything else re-parses the class whole.

* **Earlier results.** Renumbering changes nodes that earlier results share, and a result's fixes
  are built lazily (code actions, on other threads). Each check is an *epoch*; every renumbering is
  logged with its epoch, and a fix of an earlier result is built with the later renumberings undone
  and redone around it, under a lock that also covers `check`, so each result's fixes are those of
  its own text (`_fix_of`). Findings' ranges are computed eagerly and never change. A caller that
  reads the positions of an earlier result's `tree` itself does so under `positions_of(result)`.

* **Module facts and rules** run on the module rebuilt from the chunks' statements, through
  `engine.check_tree` — the same code `check_source` runs after its parse — so a rule that reads
  facts gathered anywhere in the module sees the same facts.

**While the text does not parse** (the user is half-way through a line), a full check reports only
the syntax error. Here the result instead holds:

* `syntax_error`: the error of parsing the whole text (the same as `check_source`);
* `findings` and `rule_errors`: those of `check_source` on the text with the *masked* lines
  blanked out, keeping each line break so other lines keep their numbers. A chunk is dirty when an
  edit touched it since the last time it parsed; one that does not parse alone is cut at the lines
  that may start a statement into the top-level statements that parse alone and those that do not
  (`_pieces`), and a class that does not parse into its members the same way (`_narrow_class`, and
  `_place_parts` for a class kept as parts). Only what does not parse is masked: a half-typed
  `if`, `for x in`, `def f(` or open bracket masks the function or method it is typed in, and
  every other statement keeps its diagnostics, the ones below too. Fixes of those findings are
  verified against the masked text; one whose edits stay off the masked lines does the same to the
  real text (the server offers no other).

`masked` in the result lists the masked line ranges; `reference_check` computes the same result from
scratch, given those ranges, and is what the property test compares against. When the document has
never parsed (opened broken), every line is masked: no findings, as with a full check.
"""

from __future__ import annotations

import ast
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Type

from .engine import (
    CheckResult,
    SyntaxProblem,
    gc_paused,
    check_source,
    check_tree,
    mentions_tensorflow,
    parse_or_problem,
)
from .facts import child_fields, subtree_kinds
from .links import ModuleLink
from .rule import Fix, Rule
from .settings import Settings
from .source import SourceText, parse_python

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
    parsed_start: int = 0  # the line its statements are numbered to start at
    nodes: Optional[List[ast.AST]] = None  # every node of `stmts` with a position, once it has moved


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
    nodes: Optional[List[ast.AST]] = None  # every node with a position (the class's head only, when split)
    # False for the text of a document that never parsed: no statement in it is known to be whole,
    # so it is masked whole, not narrowed (`_narrow_chunk`).
    known: bool = True


@dataclass
class IncrementalResult:
    text: str
    result: CheckResult  # `result.source` is the analysed text: the document, or its masked copy
    masked: Tuple[LineRange, ...] = ()
    # how the statements were obtained: "cached", "incremental", "full" (for tests and the benchmark)
    mode: str = "full"
    reparsed_lines: int = 0
    tree: Optional[ast.Module] = None  # the statements analysed (those of `result.source`)
    epoch: int = 0  # the check that made it (`IncrementalChecker.positions_of`)


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
        # Statements that only moved keep their nodes, renumbered in place (`_moved`). Every
        # check is one epoch; `_shifts` logs what each epoch renumbered, so that a fix of an earlier
        # result, built lazily, is built on its own numbering (`_fix_of`). The lock keeps fix
        # building (code actions, on other threads) and checking apart.
        self._lock = threading.RLock()
        self._epoch = 0
        self._shifts: List[Tuple[int, List[Tuple[List[ast.AST], int]]]] = []
        self._forgotten = 0  # the latest epoch whose shifts were dropped from `_shifts`

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
            return IncrementalResult(text, last.result, last.masked, "cached", 0, last.tree, last.epoch)
        # The collector held off for the parse too, as `check_source` does: parsing the edited
        # statements allocates thousands of nodes, and the collector would walk them again and again.
        with self._lock, gc_paused():
            self._epoch += 1
            outcome = self._check(text, source)
            epoch = outcome.epoch = self._epoch
            for finding in outcome.result.findings:
                if finding.fix_factory is not None:
                    finding.fix_factory = self._fix_of(finding.fix_factory, epoch)
            return outcome

    def _fix_of(self, factory: Callable[[], Optional[Fix]], epoch: int) -> Callable[[], Optional[Fix]]:
        """A fix factory of the result of `epoch`, which may run after later checks renumbered
        statements that result shares with them: those renumberings are undone while it runs."""

        def build() -> Optional[Fix]:
            with self._as_of(epoch) as known:
                # A result too old to put back together (only ever asked of a long-gone version)
                # offers no fix rather than a wrong one.
                return factory() if known else None

        return build

    @contextmanager
    def _as_of(self, epoch: int) -> Iterator[bool]:
        """Hold the lock with the nodes numbered as the check of `epoch` left them; yields False
        when that is no longer known."""
        with self._lock:
            if self._epoch == epoch:
                yield True
                return
            if epoch < self._forgotten:
                yield False
                return
            later = [moves for applied, moves in self._shifts if applied > epoch]
            for moves in reversed(later):
                for nodes, delta in moves:
                    _shift(nodes, -delta)
            try:
                yield True
            finally:
                for moves in later:
                    for nodes, delta in moves:
                        _shift(nodes, delta)

    @contextmanager
    def positions_of(self, outcome: IncrementalResult) -> Iterator[bool]:
        """Read the positions of `outcome.tree` inside this block: a later check may have
        renumbered statements it shares, and they are numbered as for `outcome.text` here (no
        check runs meanwhile). Yields False when the result is too old for that."""
        with self._as_of(outcome.epoch) as known:
            yield known

    def _moved(self, nodes: List[ast.AST], delta: int) -> None:
        """Renumber nodes in place, and log it for the fixes of earlier results."""
        if not delta or not nodes:
            return
        _shift(nodes, delta)
        if self._shifts and self._shifts[-1][0] == self._epoch:
            self._shifts[-1][1].append((nodes, delta))
        else:
            self._shifts.append((self._epoch, [(nodes, delta)]))
            if len(self._shifts) > MAX_SHIFT_LOG:
                self._forgotten = self._shifts.pop(0)[0]

    def _move_chunk(self, chunk: _Chunk, start: int) -> None:
        """Renumber an untouched chunk that is not split for `start`."""
        if chunk.nodes is None:
            chunk.nodes = _positioned(chunk.stmts)
        self._moved(chunk.nodes, start - chunk.parsed_start)
        chunk.parsed_start = start

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
        new.edited_from(old, start, old_end, new_end)  # the new line index from the old one
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
        if first == last and self._mark_part(chunks[first], first, old, start, old_end, delta):
            return
        merged = _Chunk(
            sum(c.lines for c in chunks[first : last + 1]) + delta,
            [],
            0,
            dirty=True,
            known=all(c.known for c in chunks[first : last + 1]),
        )
        chunks[first : last + 1] = [merged]

    def _mark_part(self, chunk: _Chunk, index: int, old: SourceText, start: int, old_end: int, delta: int) -> bool:
        """Mark the one part of a split class an edit touched (which gains `delta` lines), when it
        touched only one and not the class's head; False to dirty the whole chunk."""
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
        if touched is None or touched.lines + delta < 1:
            return False
        touched.dirty = True
        touched.lines += delta
        chunk.lines += delta
        return True

    # -- parsing -------------------------------------------------------------------------------

    def _full(self, source: SourceText) -> IncrementalResult:
        tree, problem = parse_or_problem(source)
        if tree is None:
            assert problem is not None
            if self._chunks is None:
                # Nothing ever parsed: no statement is known to be whole.
                self._chunks = [_Chunk(source.line_count, [], 1, dirty=True, known=False)]
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
        line = 1
        for chunk in chunks:
            start = line
            line += chunk.lines
            if chunk.parts is not None and not chunk.dirty:
                if chunk.parsed_start == start and not any(p.dirty for p in chunk.parts):
                    new_chunks.append(chunk)
                    continue
                rebuilt = self._place_parts(chunk, start, source)
                if rebuilt is not None:
                    reparsed += sum(p.lines for p in chunk.parts if p.dirty)
                    new_chunks.append(rebuilt)
                    assert rebuilt.parts is not None
                    failed = failed or any(p.dirty for p in rebuilt.parts)  # masked members
                    continue
                chunk = _Chunk(chunk.lines, [], 0, dirty=True)  # the class is parsed whole, as before
            if not chunk.dirty:
                # Untouched chunks that moved up or down keep their statements, renumbered.
                if chunk.parsed_start != start:
                    self._move_chunk(chunk, start)
                new_chunks.append(chunk)
                continue
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

    def _place_parts(self, chunk: _Chunk, start: int, source: SourceText) -> Optional[_Chunk]:
        """The chunk of a split class, now starting at line `start`, with its dirty parts parsed
        again, the other parts renumbered where they moved, and the class node rebuilt around the
        new body when a part was parsed (a new node: the earlier one belongs to an earlier result);
        None when a dirty part no longer starts at the body's indentation, or no member parses. A
        dirty part that does not parse alone is cut into members (`_pieces`): those that do not
        parse stay dirty parts, masked, and the class holds the others.

        Why a part may be parsed alone: it starts on a line where the last parse started a statement
        of this class's body, with nothing above it in the class changed, so the tokenizer is at the
        start of a line with no open bracket or string and its indentation stack holding the body's
        indentation. The stand-in `class _:` line gives the part's first line the same state,
        provided that line is indented by exactly the same characters (tabs and spaces are compared
        as the tokenizer does, so only the same string is sure). From there both see the same tokens
        until the part ends, where a part that parses alone leaves no bracket or string open; the
        parts below it, unchanged, then start in the same state as before, whatever lines the
        parsed part gained or lost."""
        parts = chunk.parts
        assert parts is not None
        if len(chunk.stmts) != 1:
            return None
        old = chunk.stmts[0]
        indent = chunk.indent
        line = start + chunk.head_lines
        new_parts: List[_Part] = []
        body: List[ast.stmt] = []
        any_dirty = False
        for part in parts:
            if part.dirty:
                any_dirty = True
                if not source.line_text(line).startswith(indent):
                    return None
                following = source.line_text(line)[len(indent) : len(indent) + 1]
                if following in ("", " ", "\t", "\f", "#"):  # a comment line does not set the indentation
                    return None
                stmts = _parse_body_lines(source, line, part.lines)
                if stmts:
                    pieces: List[Tuple[int, int, Optional[List[ast.stmt]]]] = [(line, line + part.lines, stmts)]
                else:
                    # The members that do not parse alone stay dirty (masked); the others are kept.
                    pieces = _pieces(source, line, line + part.lines, indent, in_class=True)
                for first, stop, piece in pieces:
                    if piece is None:
                        if new_parts and new_parts[-1].dirty:
                            new_parts[-1].lines += stop - first
                        else:
                            new_parts.append(_Part(stop - first, [], dirty=True))
                        continue
                    split = _split_body(piece, first, stop, indent, source)
                    if split is None:
                        return None
                    new_parts.extend(split)
                    body.extend(piece)
            else:
                if part.parsed_start != line:
                    if part.nodes is None:
                        part.nodes = _positioned(part.stmts)
                    self._moved(part.nodes, line - part.parsed_start)
                    part.parsed_start = line
                new_parts.append(part)
                body.extend(part.stmts)
            line += part.lines
        if chunk.parsed_start != start:
            if chunk.nodes is None:
                chunk.nodes = _positioned_head(old)
            self._moved(chunk.nodes, start - chunk.parsed_start)
            chunk.parsed_start = start
        if not any_dirty:
            chunk.parts = new_parts
            return chunk
        if not body:
            return None  # a class with no member left does not parse
        cls = type(old)(**{name: getattr(old, name) for name in old._fields})
        cls.body = body
        cls.lineno, cls.col_offset = old.lineno, old.col_offset
        last = body[-1]
        cls.end_lineno, cls.end_col_offset = last.end_lineno, last.end_col_offset
        rebuilt = _Chunk(chunk.lines, [cls], start, head_lines=chunk.head_lines, indent=indent, parts=new_parts)
        if chunk.nodes is not None:  # the head's nodes are the same but for the class node
            rebuilt.nodes = [cls] + chunk.nodes[1:]
        return rebuilt

    def _masked_result(self, source: SourceText, problem: SyntaxProblem, mode: str, reparsed: int) -> IncrementalResult:
        chunks = self._chunks
        assert chunks is not None
        # The chunks that do not parse alone are narrowed to the statements that do not (`_narrow_chunk`):
        # the rest of them is kept, as clean chunks, for this result and the next edits.
        narrowed: List[_Chunk] = []
        line = 1
        for chunk in chunks:
            if chunk.dirty and chunk.known:
                narrowed.extend(_narrow_chunk(source, line, chunk.lines))
            else:
                narrowed.append(chunk)
            line += chunk.lines
        self._chunks = chunks = narrowed
        masked: List[LineRange] = []

        def mask(first: int, count: int) -> None:
            if masked and masked[-1][1] == first - 1:
                masked[-1] = (masked[-1][0], first + count - 1)
            else:
                masked.append((first, first + count - 1))

        stmts: List[ast.stmt] = []
        line = 1
        for chunk in chunks:
            if chunk.dirty:
                mask(line, chunk.lines)
            else:
                stmts.extend(chunk.stmts)
                if chunk.parts is not None:
                    part_line = line + chunk.head_lines
                    for part in chunk.parts:
                        if part.dirty:  # a member of the class that does not parse (see `_narrow_class`)
                            mask(part_line, part.lines)
                        part_line += part.lines
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
        # Each statement's mask of node kinds, kept on its nodes (computed for new statements only): the
        # facts' collector and the rules' walk pass over the subtrees with nothing they look at.
        for stmt in tree.body:
            subtree_kinds(stmt)
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


# How many epochs of renumbering are kept for the fixes of earlier results (see `_fix_of`).
MAX_SHIFT_LOG = 64

_POSITIONED: Dict[type, bool] = {}


def _positioned(stmts: Sequence[ast.AST]) -> List[ast.AST]:
    """Every node under the statements that has a position (`lineno`/`end_lineno`)."""
    found: List[ast.AST] = []
    stack: List[ast.AST] = list(stmts)
    pop, push, add = stack.pop, stack.append, found.append
    node_type = ast.AST
    positioned = _POSITIONED
    while stack:
        node = pop()
        cls = type(node)
        has = positioned.get(cls)
        if has is None:
            has = positioned[cls] = "lineno" in cls._attributes and "end_lineno" in cls._attributes
        if has:
            add(node)
        for name in child_fields(cls):
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_type):
                        push(item)
            elif isinstance(value, node_type):
                push(value)
    return found


def _positioned_head(cls: ast.stmt) -> List[ast.AST]:
    """The class node and every positioned node of its head (decorators, bases, keywords), not of
    its body; the class node first."""
    head = [value for name in child_fields(type(cls)) if name != "body" for value in _field_values(cls, name)]
    return [cls] + _positioned(head)


def _field_values(node: ast.AST, name: str) -> List[ast.AST]:
    value = getattr(node, name, None)
    if type(value) is list:
        return [item for item in value if isinstance(item, ast.AST)]
    return [value] if isinstance(value, ast.AST) else []


def _shift(nodes: List[ast.AST], delta: int) -> None:
    for node in nodes:
        node.lineno += delta  # type: ignore[attr-defined]
        node.end_lineno += delta  # type: ignore[attr-defined]


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
    tree = _parse_alone(source, start, count)
    return tree.body if tree is not None else None


def _parse_alone(source: SourceText, start: int, count: int, header: str = "") -> Optional[ast.Module]:
    """Lines [start, start + count) parsed alone, numbered as in the whole text, under a one-line
    `header` (put on the line above them) when one is given."""
    if _ends_in_continuation(source, start, count):
        return None
    starts = source.line_starts
    begin = starts[start - 1]
    end_line = start + count
    end = starts[end_line - 1] if end_line - 1 < len(starts) else len(source.text)
    padding = "\n" * (start - 1 - (1 if header else 0))
    try:
        return parse_python(padding + header + source.text[begin:end])
    except (SyntaxError, ValueError):
        return None


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
    if start < 2:
        return None
    tree = _parse_alone(source, start, count, header="class _:\n")
    if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], ast.ClassDef):
        return None
    return tree.body[0].body


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
            parts.append(_Part(head - current_start, current, parsed_start=current_start))
            current, current_start = [], head
        current.append(stmt)
        previous_end = max(previous_end, stmt.end_lineno or stmt.lineno)
    parts.append(_Part(end_line - current_start, current, parsed_start=current_start))
    return parts


def _split_class(chunk: _Chunk, source: SourceText) -> _Chunk:
    """Give a chunk that is one big class its parts (see `IncrementalChecker._place_parts`)."""
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


# -- narrowing a mask to the statements that do not parse ---------------------------------------

# How many statement starts a piece of a broken region may span (decorators, bracketed lines at the
# statement's indentation): a broken statement is tried with at most this many below it.
MAX_JOIN = 8

# Words that go on a compound statement at its own indentation: no new statement starts there.
_CONTINUATIONS = frozenset({"else", "elif", "except", "finally"})


def _starts_statement(text: str, indent: str) -> bool:
    """The line may start a statement at `indent`: exactly that indentation, then a name or "@".
    (A line inside an open bracket or string may look the same: `_pieces` parses to tell.)"""
    if not text.startswith(indent):
        return False
    rest = text[len(indent) :]
    if not rest or not (rest[0] == "@" or rest[0] == "_" or rest[0].isalpha()):
        return False
    end = 1
    while end < len(rest) and (rest[end] == "_" or rest[end].isalnum()):
        end += 1
    return rest[:end] not in _CONTINUATIONS


def _pieces(
    source: SourceText, start: int, end: int, indent: str, in_class: bool
) -> List[Tuple[int, int, Optional[List[ast.stmt]]]]:
    """Lines [start, end), which begin a statement at `indent` and do not parse together, cut into
    pieces (first line, end line, statements or None) at lines that may start a statement there:
    each piece is the shortest run from its first line that parses alone (module level, or as the
    body of a stand-in class when `in_class`), or one run that parses with none of the next
    `MAX_JOIN` (None: it is masked).

    Why a piece that parses alone is what the whole text holds there: it starts where the tokenizer is
    in its initial state (the region's first line, or the end of a piece that parsed alone, which
    leaves no bracket, string or backslash continuation open) at a line at `indent`, so the next line
    at `indent` after it starts a new statement (lines that continue a compound statement, `else:`
    and the like, are never cut at). Below a masked piece nothing is certain: an open bracket there
    may run to the end of the text. The next line at `indent` that parses on its own is taken as the
    next statement, as the user most likely means it."""
    bounds = [start] + [line for line in range(start + 1, end) if _starts_statement(source.line_text(line), indent)]
    bounds.append(end)
    out: List[Tuple[int, int, Optional[List[ast.stmt]]]] = []
    last = len(bounds) - 1
    index = 0
    while index < last:
        for stop in range(index + 1, min(last, index + MAX_JOIN) + 1):
            first, count = bounds[index], bounds[stop] - bounds[index]
            stmts = _parse_body_lines(source, first, count) if in_class else _parse_lines(source, first, count)
            if stmts is not None and (stmts or not in_class):
                out.append((first, bounds[stop], stmts))
                index = stop
                break
        else:
            out.append((bounds[index], bounds[index + 1], None))
            index += 1
    return out


def _narrow_chunk(source: SourceText, start: int, count: int) -> List[_Chunk]:
    """A chunk of lines [start, start + count) that does not parse, as chunks: the statements that
    parse alone clean, the rest dirty (masked); a class that does not parse keeps its members that do
    (`_narrow_class`). The chunk starts where the last parse started a top-level statement."""
    out: List[_Chunk] = []
    pieces = _pieces(source, start, start + count, "", in_class=False)
    index = 0
    while index < len(pieces):
        first, stop, stmts = pieces[index]
        index += 1
        if stmts is not None:
            out.extend(_split(stmts, first, stop, source))
            continue
        # A class keeps its decorators: they do not parse without it, and its own piece would not
        # have them.
        through = index
        while through < len(pieces) and pieces[through - 1][2] is None and source.line_text(pieces[through - 1][0])[:1] == "@":
            through += 1
        cls = _narrow_class(source, first, pieces[through - 1][1]) if pieces[through - 1][2] is None else None
        if cls is not None:
            out.append(cls)
            index = through
        elif out and out[-1].dirty:
            out[-1].lines += stop - first
        else:
            out.append(_Chunk(stop - first, [], 0, dirty=True))
    return out


# How many lines below `class` its body may start (a head over several lines).
MAX_CLASS_HEAD = 12


def _narrow_class(source: SourceText, start: int, end: int) -> Optional[_Chunk]:
    """Lines [start, end) that do not parse, when they are one class (with its decorators) whose
    head parses: the class with the members of its body that parse alone, kept as parts, the others
    as dirty parts (masked). None otherwise, or when no member parses."""
    head = next((line for line in range(start, end) if _is_class_line(source.line_text(line))), None)
    if head is None:
        return None
    for body in range(head + 1, min(end, head + MAX_CLASS_HEAD)):
        text = source.line_text(body)
        stripped = text.lstrip(" \t")
        indent = text[: len(text) - len(stripped)]
        if not indent or not stripped or stripped[0] in "\f#":
            continue
        cls = _parse_class_head(source, start, body, indent)
        if cls is None:
            continue
        pieces = _pieces(source, body, end, indent, in_class=True)
        members = [stmt for _, _, stmts in pieces if stmts for stmt in stmts]
        if not members:
            return None
        parts: List[_Part] = []
        for first, stop, stmts in pieces:
            if stmts is not None:
                split = _split_body(stmts, first, stop, indent, source)
                if split is None:
                    return None
                parts.extend(split)
            elif parts and parts[-1].dirty:
                parts[-1].lines += stop - first
            else:
                parts.append(_Part(stop - first, [], dirty=True))
        cls.body = members
        cls.end_lineno, cls.end_col_offset = members[-1].end_lineno, members[-1].end_col_offset
        return _Chunk(end - start, [cls], start, head_lines=body - start, indent=indent, parts=parts)
    return None


def _is_class_line(text: str) -> bool:
    return text.startswith("class") and not (text[5:6] == "_" or text[5:6].isalnum())


def _parse_class_head(source: SourceText, start: int, body: int, indent: str) -> Optional[ast.ClassDef]:
    """The class whose head (decorators included) is lines [start, body), parsed with a stand-in
    body at line `body`; None unless they are exactly such a head. A head whose last line ends in a
    backslash joins the body's first line (`class C:\\` then `def f(self):` is one line, and no class)."""
    if _ends_in_continuation(source, start, body - start):
        return None
    starts = source.line_starts
    text = "\n" * (start - 1) + source.text[starts[start - 1] : starts[body - 1]] + indent + "pass\n"
    try:
        tree = parse_python(text)
    except (SyntaxError, ValueError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.ClassDef):
        return None
    cls = tree.body[0]
    if len(cls.body) != 1 or not isinstance(cls.body[0], ast.Pass) or cls.body[0].lineno != body:
        return None
    return cls


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
