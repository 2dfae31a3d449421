"""Every rule is tested from its own examples (the Fixit model): the bad one is flagged at the exact
range, the good one is not, the fix gives the exact expected text, that text parses and is clean."""

from __future__ import annotations

import ast

import pytest

from hybridlint.config import with_declared
from hybridlint.engine import check_source, fix_source
from hybridlint.settings import Settings
from hybridlint.project import index_of_files
from hybridlint.registry import all_rules
from hybridlint.rule import FixSafety
from hybridlint.source import SourceText, Span

CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{kind}{index}")
    for rule in all_rules()
    for kind, examples in (("bad", rule.bad_examples()), ("good", rule.good_examples()))
    for index, example in enumerate(examples)
]


PREVIEW = Settings(preview=True)


def expected_span(code: str, flagged) -> Span:
    text, occurrence = (flagged, 0) if isinstance(flagged, str) else flagged
    start = -1
    for _ in range(occurrence + 1):
        start = code.find(text, start + 1)
        assert start >= 0, f"{text!r} (occurrence {occurrence}) is not in the example"
    if isinstance(flagged, str):
        assert code.count(text) == 1, f"{text!r} occurs more than once: give (text, occurrence)"
    source = SourceText(code)
    return Span(*source.position(start), *source.position(start + len(text)))


def test_every_rule_has_bad_and_good_examples():
    for rule in all_rules():
        assert rule.bad_examples(), rule.code
        assert rule.good_examples(), rule.code


def example_link(example, tmp_path):
    """The project link of a multi-module example (None for a one-file example)."""
    if not example.project:
        return None
    index = index_of_files(tmp_path, dict(example.project, **{example.path: example.code}))
    return index.link_for(example.path)


@pytest.mark.parametrize("rule,example", CASES)
def test_example(rule, example, tmp_path):
    link = example_link(example, tmp_path)
    # what the example's project declares (its `requirements.txt`) sets the targets, as in a run over it
    preview = with_declared(PREVIEW, tmp_path) if example.project else PREVIEW
    default_settings = with_declared(Settings(), tmp_path) if example.project else Settings()
    # Examples run in preview mode: Good examples must stay silent in it too.
    result = check_source(example.code, example.path, preview, rules=[rule], link=link)
    default = check_source(example.code, example.path, default_settings, rules=[rule], link=link)
    if rule.preview or getattr(example, "preview", False):
        assert default.findings == [], "a preview finding is shown without preview mode"
    else:
        assert [f.span for f in default.findings] == [f.span for f in result.findings]
    assert result.syntax_error is None, result.syntax_error
    assert not result.rule_errors, result.rule_errors
    spans = sorted(f.span for f in result.findings)
    if not hasattr(example, "flagged"):
        assert spans == [], [(str(f.span), f.message) for f in result.findings]
        return
    assert spans == sorted(expected_span(example.code, f) for f in example.flagged)
    for finding in result.findings:
        assert finding.code == rule.code and finding.message
    fixes = [f.fix for f in result.findings]
    if example.fixed is None:
        assert all(fix is None for fix in fixes), "a fix is offered but the example expects none"
        return
    assert all(fix is not None for fix in fixes), "every finding of this example should have a fix"
    for fix in fixes:
        assert fix.safety is rule.fix_safety or rule.fix_safety is FixSafety.UNSAFE, (fix.safety, rule.fix_safety)
    outcome = fix_source(example.code, example.path, preview, rules=[rule], unsafe=True, link=link)
    assert outcome.text == example.fixed
    ast.parse(outcome.text)
    assert check_source(outcome.text, example.path, preview, rules=[rule], link=link).findings == []
