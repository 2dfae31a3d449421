"""Source text, line index and position conversions.

The engine speaks in (1-based line, 0-based code-point column), like Python's own
tooling; front ends convert to what they need (LSP: 0-based line, UTF-16/UTF-8/UTF-32
column). Lines end only at "\\n", "\\r\\n" or "\\r", as in LSP and in Python's tokenizer;
form feed, vertical tab and U+2028 are ordinary characters here (unlike str.splitlines).
"""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from itertools import accumulate
from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Tuple

_NEWLINE = re.compile(r"\r\n|\r|\n")


BOM = "\ufeff"


def parse_python(text: str) -> ast.Module:
    """`ast.parse` without the warnings compiling the user's code emits (an invalid escape sequence is a
    SyntaxWarning printed to stderr from Python 3.12 on): they are not hybridlint's findings.

    A byte order mark at the start is allowed, as Python allows it in a file (an editor may keep it in
    the buffer it sends). `ast.parse` of a str refuses it, so it is parsed as a form feed, which Python
    also ignores at the start of a line and which is also one code point: every position stays that
    of the text given, BOM included (`SourceText.col_from_utf8` knows the stand-in's byte length)."""
    if text.startswith(BOM):
        text = "\f" + text[1:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


class Span(NamedTuple):
    """A range in a file: 1-based lines, 0-based code-point columns, end exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, other: "Span") -> bool:
        return (self.line, self.col) <= (other.line, other.col) and (other.end_line, other.end_col) <= (
            self.end_line,
            self.end_col,
        )

    def __str__(self) -> str:
        return f"{self.line}:{self.col}-{self.end_line}:{self.end_col}"


@dataclass(frozen=True)
class Edit:
    """Replace the text of `span` with `text`."""

    span: Span
    text: str


class SourceText:
    """A document's text with an LSP-conformant line index, built lazily."""

    __slots__ = ("text", "_starts", "_ascii", "_found")

    def __init__(self, text: str):
        self.text = text
        self._starts: Optional[List[int]] = None
        self._ascii: Optional[bool] = None
        self._found: Optional[Dict[Tuple[str, bool], bool]] = None  # `contains`'s answers

    def contains(self, word: str, folded: bool = False) -> bool:
        """`word in text` (`folded`: in `text.lower()`, for a lower-case `word`), kept: the engine asks it of
        every check (the words some rules need, a file-wide `noqa`), and `edited_from` carries the answers
        "no" to the next version of a document, looking at the edited part only."""
        found = self._found
        if found is None:
            found = self._found = {}
        key = (word, folded)
        answer = found.get(key)
        if answer is None:
            answer = found[key] = word in (self.text.lower() if folded else self.text)
        return answer

    @property
    def is_ascii(self) -> bool:
        if self._ascii is None:
            self._ascii = self.text.isascii()
        return self._ascii

    @property
    def line_starts(self) -> List[int]:
        """Code-point offset at which each line starts (index 0 is line 1)."""
        if self._starts is None:
            text = self.text
            if "\r" in text:
                starts = [0]
                starts.extend(m.end() for m in _NEWLINE.finditer(text))
            else:
                # Only "\n" ends lines: the same offsets from C loops, ten times faster (the language
                # server needs them for every version of the document).
                starts = [0]
                starts.extend(accumulate(map((1).__add__, map(len, text.split("\n")[:-1]))))
            self._starts = starts
        return self._starts

    def edited_from(self, old: "SourceText", start: int, old_end: int, new_end: int) -> None:
        """Make this text's line index from `old`'s, when this text is `old.text` with `old.text[start:old_end]`
        replaced by `self.text[start:new_end]`: the lines above the edit keep their starts, those below move
        by the change in length, only the edited part is searched for line breaks (a language server's
        document changes by a few characters at a time; its index was built in full for every version). The
        same offsets `line_starts` finds; only for texts without "\r", and when `old`'s index is built."""
        self._carry_found(old, start, new_end)
        starts = old._starts
        if self._starts is not None or starts is None or "\r" in self.text or "\r" in old.text:
            return
        text = self.text
        first = bisect.bisect_right(starts, start)  # the starts at or above the edit's start: unchanged
        below = bisect.bisect_right(starts, old_end)  # those after the replaced part's line breaks: moved
        delta = new_end - old_end
        found = starts[:first]
        at = text.find("\n", start, new_end)
        while at != -1:
            found.append(at + 1)
            at = text.find("\n", at + 1, new_end)
        found.extend([offset + delta for offset in starts[below:]] if delta else starts[below:])
        self._starts = found

    def _carry_found(self, old: "SourceText", start: int, new_end: int) -> None:
        """`old`'s "no" answers of `contains`, made this text's (see `edited_from`): a word this text has and
        `old.text` has not takes a character of the replacement, or spans the place where the replaced part
        was (an edit that deletes only), so it lies within a word's length of the edited part."""
        if not old._found or self._found is not None:
            return
        carried: Dict[Tuple[str, bool], bool] = {}
        text = self.text
        for (word, folded), answer in old._found.items():
            if answer or (folded and not self.is_ascii):
                continue  # the edit may have taken it away (or case folding may change lengths): asked again
            window = text[max(0, start - len(word) + 1) : new_end + len(word) - 1]
            carried[(word, folded)] = word in (window.lower() if folded else window)
        self._found = carried

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its terminator ('' past the end)."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        text = self.text[start:end]
        if text.endswith("\r\n"):
            return text[:-2]
        if text.endswith(("\n", "\r")):
            return text[:-1]
        return text

    def line_ending(self) -> str:
        """The file's first line terminator, or "\\n" when it has none."""
        m = _NEWLINE.search(self.text)
        return m.group() if m else "\n"

    # -- conversions -------------------------------------------------------------------

    def offset(self, line: int, col: int) -> int:
        """Code-point offset of (1-based line, code-point column), clamped to the text."""
        starts = self.line_starts
        if line < 1:
            return 0
        if line > len(starts):
            return len(self.text)
        return min(starts[line - 1] + col, len(self.text))

    def position(self, offset: int) -> "tuple[int, int]":
        """(1-based line, code-point column) of a code-point offset."""
        starts = self.line_starts
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index]

    def col_from_utf8(self, line: int, byte_col: int) -> int:
        """Python's ast reports UTF-8 byte columns; the engine wants code points."""
        if self.is_ascii:
            return byte_col
        text = self.line_text(line)
        if line == 1 and text.startswith(BOM):
            text = "\f" + text[1:]  # what `parse_python` parsed
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def span_of(self, node) -> Span:
        """The span of an `ast` node (which must carry end positions)."""
        return Span(
            node.lineno,
            self.col_from_utf8(node.lineno, node.col_offset),
            node.end_lineno,
            self.col_from_utf8(node.end_lineno, node.end_col_offset),
        )

    def text_of(self, span: Span) -> str:
        return self.text[self.offset(span.line, span.col) : self.offset(span.end_line, span.end_col)]

    def segment(self, node) -> str:
        return self.text_of(self.span_of(node))


# -- column units (LSP position encodings) ---------------------------------------------


def to_units(line_text: str, col: int, encoding: str) -> int:
    """Convert a code-point column to `encoding` units ("utf-16", "utf-8" or "utf-32")."""
    if encoding == "utf-32" or line_text.isascii():
        return col
    prefix = line_text[:col]
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    return col + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def from_units(line_text: str, units: int, encoding: str) -> int:
    """Convert a column in `encoding` units back to code points (clamped to the line)."""
    if encoding == "utf-32" or line_text.isascii():
        return min(units, len(line_text))
    if encoding == "utf-8":
        return len(line_text.encode("utf-8")[:units].decode("utf-8", errors="ignore"))
    count = 0
    for index, ch in enumerate(line_text):
        if count >= units:
            return index
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(line_text)


def apply_edits(text: str, edits: "list[Edit]", source: Optional[SourceText] = None) -> str:
    """Apply non-overlapping edits (any order) to `text`."""
    src = source if source is not None and source.text is text else SourceText(text)
    spans = sorted(
        ((src.offset(e.span.line, e.span.col), src.offset(e.span.end_line, e.span.end_col), e.text) for e in edits),
        key=lambda item: (item[0], item[1]),
    )
    out: List[str] = []
    cursor = 0
    for start, end, new in spans:
        if start < cursor:
            raise ValueError("overlapping edits")
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
