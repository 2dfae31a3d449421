"""Hover: a rule's documentation over a flagged range or over its code inside a `# noqa:` comment."""

from __future__ import annotations

import re
from typing import Optional, Type

from lsprotocol import types

from hybridlint.docs import rule_markdown
from hybridlint.engine import NOQA_COMMENT
from hybridlint.registry import find_rule
from hybridlint.rule import Rule
from hybridlint.source import Span

from .convert import Analysis

_CODE = re.compile(r"[A-Za-z]+[0-9]+")


def _contains(span: Span, line: int, col: int) -> bool:
    return (span.line, span.col) <= (line, col) <= (span.end_line, span.end_col)


def _content(text: str, markdown: bool) -> types.MarkupContent:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=text)


def hover(analysis: Analysis, position: types.Position, markdown: bool) -> Optional[types.Hover]:
    positions = analysis.positions
    line, col = positions.engine_position(position)
    line_text = positions.source.line_text(line)
    if "#" in line_text:
        match = NOQA_COMMENT.search(line_text)
        if match is not None and match.group("codes"):
            base = match.start("codes")
            for code in _CODE.finditer(match.group("codes")):
                start, end = base + code.start(), base + code.end()
                rule: Optional[Type[Rule]] = find_rule(code.group())
                if rule is not None and start <= col <= end:
                    return types.Hover(
                        contents=_content(rule_markdown(rule), markdown),
                        range=positions.range(Span(line, start, line, end)),
                    )
    for finding in analysis.findings:
        if _contains(finding.span, line, col):
            rule = find_rule(finding.code)
            if rule is None:
                continue
            text = f"**{finding.code}** ({finding.name}): {finding.message}\n\n---\n\n{rule_markdown(rule)}"
            return types.Hover(contents=_content(text, markdown), range=positions.range(finding.span))
    return None
