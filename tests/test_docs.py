"""Docs pages and the rules table are generated from the rules; stale docs fail the suite."""

from __future__ import annotations

from pathlib import Path

from hybridlint.docs import generated_files, rule_markdown, stale_files
from hybridlint.registry import all_rules

DOCS = Path(__file__).resolve().parent.parent / "docs"
HEADINGS = ["## What it does", "## Why is this bad", "## Example", "## Use instead", "## Fix safety"]


def test_docs_are_up_to_date():
    stale = stale_files(DOCS)
    assert not stale, f"run `python -m hybridlint.docs docs` to regenerate: {stale}"


def test_every_rule_page_has_the_fixed_sections_in_order():
    for rule in all_rules():
        page = rule_markdown(rule)
        positions = [page.index(h) for h in HEADINGS]
        assert positions == sorted(positions), rule.code
        assert rule.bad_examples()[0].code.strip().splitlines()[0] in page
        assert "study" in rule.why_bad.lower() or "hybridize" in rule.why_bad.lower(), (
            f"{rule.code}: the why section should cite the study's evidence (or say it rests on Hybridize/TF docs)"
        )


def test_table_lists_every_rule_once():
    table = generated_files()["rules.md"]
    for rule in all_rules():
        assert table.count(f"| [{rule.code}]") == 1
