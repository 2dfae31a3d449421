"""Rule tiers follow the recorded ecosystem check (hybridlint/data/precision.json, docs/accuracy.md).

A rule is stable (on by default) only when its default findings on the ecosystem's real projects
include at least 5 judged ones (TP or FP) at precision >= 0.9; every other rule is preview. The data
is written by `python bench/ecosystem.py --write`; `python bench/ecosystem.py --tier-changes` lists
what a failure here asks for.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from hybridlint.data import MIN_JUDGED, MIN_PRECISION, load_precision, qualifies
from hybridlint.registry import all_rules

RECORD = load_precision()
ANY_VERDICT = any(r.default.judged + r.default.debatable + r.preview_only.judged + r.preview_only.debatable for r in RECORD.values())


def test_the_record_is_shipped_and_covers_every_rule():
    text = resources.files("hybridlint.data").joinpath("precision.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["bar"] == {"min_judged": MIN_JUDGED, "min_precision": MIN_PRECISION}
    missing = [rule.code for rule in all_rules() if rule.code not in RECORD]
    assert not missing, f"no recorded precision for {missing}: run `python bench/ecosystem.py --write`"
    for code, record in RECORD.items():
        assert record.tier in ("stable", "preview"), code


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_a_stable_rule_has_shown_its_precision(rule):
    if not ANY_VERDICT:
        # Before the first verdicts are recorded there is nothing to hold a rule to; the test above
        # still requires the record to exist for every rule.
        return
    record = RECORD[rule.code]
    evidence = record.evidence(bool(rule.preview))
    if rule.preview:
        return  # below the bar, or not yet promoted: preview is always allowed
    assert qualifies(evidence), (
        f"{rule.code} is stable but its default findings show {evidence.tp} TP of {evidence.judged} judged "
        f"(the bar: >= {MIN_JUDGED} judged, precision >= {MIN_PRECISION}); make it preview (`preview = True`) "
        "or judge more findings (tests/ecosystem/verdicts.toml)"
    )
