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
    return hybridize_hover(analysis, line, col, markdown)


# -- hybridize: preconditions and what-if on a function's name ---------------------------------------


def _name_span(node, line_text: str) -> Optional[Span]:
    match = re.search(r"\bdef\s+(" + re.escape(node.name) + r")\b", line_text)
    if match is None:
        return None
    return Span(node.lineno, match.start(1), node.lineno, match.end(1))


def what_if_for(analysis: Analysis, info) -> list:
    """The rules' new findings if `info` were a tf.function, cached per analysed version."""
    from hybridlint.hybridize_rewrite import what_if

    cache = analysis.__dict__.setdefault("_what_if", {})
    key = (info.qualname, info.node.lineno)
    if key not in cache:
        path = analysis.uri.rsplit("/", 1)[-1] or "module.py"
        from .actions import hybridize_analysis

        hz = hybridize_analysis(analysis)
        cache[key] = what_if(
            analysis.text,
            info_tree(analysis),
            info.node,
            path,
            analysis.settings,
            baseline=analysis.findings,
            hazards=hz.hazards(info) if hz is not None else (),
        )
    return cache[key]


def info_tree(analysis: Analysis):
    """The tree the hybridize decisions were made on (`actions.hybridize_analysis`)."""
    return analysis.__dict__.get("_hybridize_tree")


def hybridize_hover(analysis: Analysis, line: int, col: int, markdown: bool) -> Optional[types.Hover]:
    with analysis.statements() as tree:  # the decisions read shared nodes: this version's numbering
        return _hybridize_hover(analysis, line, col, markdown) if tree is not None else None


def _hybridize_hover(analysis: Analysis, line: int, col: int, markdown: bool) -> Optional[types.Hover]:
    from hybridlint.hybridize import CONVERT, EAGER, OUTCOME_BY_CODE, function_at

    from .actions import hybridize_analysis

    hz = hybridize_analysis(analysis)
    if hz is None:
        return None
    info = function_at(hz.facts, line, col)
    if info is None or info.node.lineno != line:
        return None
    span = _name_span(info.node, analysis.positions.source.line_text(line))
    if span is None or not _contains(span, line, col):
        return None
    decision = hz.decide(info)
    bullet = "- " if markdown else "  "
    tick = lambda ok: ("✓" if ok else "✗")  # noqa: E731
    if decision.transformation == CONVERT:
        head = "can be converted to tf.function"
    elif decision.transformation == EAGER:
        head = "can lose its tf.function"
    else:
        head = "stays as it is" if not decision.hybrid else "stays a tf.function"
    lines = [f"**hybridize** `{info.name}`: {head}" + (f" ({decision.precondition})" if decision.precondition else "")]
    for code, detail in decision.passes:
        lines.append(f"{bullet}{tick(True)} {OUTCOME_BY_CODE[code].summary}" + (f" ({detail})" if detail else ""))
    for code, detail in decision.failures:
        lines.append(f"{bullet}{tick(False)} {OUTCOME_BY_CODE[code].summary}" + (f" ({detail})" if detail else ""))
    if not decision.hybrid:
        try:
            hazards = what_if_for(analysis, info)
        except Exception:  # noqa: BLE001 - the what-if is a bonus; the preconditions stand
            hazards = None
        if hazards is not None:
            if hazards:
                lines.append("")
                lines.append("if traced:")
                for code, name, message, severity, h_line, _ in hazards:
                    lines.append(f"{bullet}{code} ({name}, line {h_line}): {message}")
            else:
                lines.append("")
                lines.append("if traced: no hazard found by the rules")
    text = "\n".join(lines) if markdown else "\n".join(lines).replace("**", "").replace("`", "")
    return types.Hover(contents=_content(text, markdown), range=analysis.positions.range(span))
