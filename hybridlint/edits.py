"""Text edits that fixes are built from.

Each helper returns `Edit`s in the engine's coordinates (1-based lines, code-point columns) and touches
only the text it must: the file's own line endings, indentation and comments elsewhere stay as they are.
A helper returns None when the edit cannot be made cleanly (the code shares its line with other code),
so the rule offers no fix rather than a damaging one.
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional, Pattern

from .source import Edit, SourceText, Span

# What may follow code that is removed with its whole line(s): blanks and a comment.
REST_OF_LINE = re.compile(r"^\s*(#.*)?$")
# What may follow an argument that is removed with its whole line(s): also its comma.
REST_OF_ARGUMENT_LINE = re.compile(r"^\s*,?\s*(#.*)?$")


def whole_lines(span: Span) -> Span:
    """The lines `span` covers, with the terminator of the last one."""
    return Span(span.line, 0, span.end_line + 1, 0)


def on_own_lines(source: SourceText, span: Span, rest: Pattern[str] = REST_OF_LINE) -> bool:
    """Only blanks precede `span` on its first line, and what follows it on its last line matches `rest`."""
    before = source.line_text(span.line)[: span.col]
    after = source.line_text(span.end_line)[span.end_col :]
    return not before.strip() and rest.match(after) is not None


def remove_decorator(source: SourceText, decorator: ast.expr) -> Optional[Edit]:
    """Delete the whole `@decorator` line(s); None when the decorator shares a line with other code."""
    span = source.span_of(decorator)
    first = source.line_text(span.line)
    at = first.rfind("@", 0, span.col)
    if at < 0 or first[:at].strip() or first[at + 1 : span.col].strip():
        return None
    if not REST_OF_LINE.match(source.line_text(span.end_line)[span.end_col :]):
        return None
    return Edit(whole_lines(span), "")


def add_import(source: SourceText, tree: ast.Module, statement: str, before: Optional[ast.stmt] = None) -> Optional[Edit]:
    """Insert `statement` (e.g. "import tensorflow as tf") on its own line after the last top-level import
    that comes before the top-level statement `before` (anywhere in the module when None), so the name
    exists before that statement runs. None when there is no such import."""
    last = None
    for stmt in tree.body:
        if stmt is before:
            break
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            last = stmt
    if last is None:
        return None
    line = last.end_lineno or last.lineno
    newline = source.line_ending()
    if line < source.line_count:
        return Edit(Span(line + 1, 0, line + 1, 0), statement + newline)
    end = len(source.line_text(line))  # the import ends the file without a line terminator
    return Edit(Span(line, end, line, end), newline + statement)


def remove_argument(source: SourceText, call: ast.Call, argument: ast.AST) -> Edit:
    """Delete one argument of a call with the comma that separates it from its neighbours; an argument
    on its own line(s) goes with those lines, so the call's layout stays as it was."""
    args: List[ast.AST] = sorted(
        list(call.args) + list(call.keywords), key=lambda a: (a.lineno, a.col_offset)  # type: ignore[attr-defined]
    )
    index = next(i for i, a in enumerate(args) if a is argument)
    span = source.span_of(argument)
    previous = args[index - 1] if index > 0 else None
    following = args[index + 1] if index + 1 < len(args) else None
    alone = (previous is None or source.span_of(previous).end_line < span.line) and (
        following is None or source.span_of(following).line > span.end_line
    )
    if alone and on_own_lines(source, span, REST_OF_ARGUMENT_LINE):
        return Edit(whole_lines(span), "")
    if following is not None:
        return Edit(Span(span.line, span.col, *source.span_of(following)[:2]), "")
    if previous is not None:
        return Edit(Span(*source.span_of(previous)[2:], span.end_line, span.end_col), "")
    call_span = source.span_of(call)
    return Edit(Span(span.line, span.col, call_span.end_line, call_span.end_col - 1), "")
