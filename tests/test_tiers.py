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
ANY_VERDICT = any(
    c.judged + c.debatable for r in RECORD.values() for c in (r.default, r.preview_only, r.weak)
)


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
    if rule.preview:
        return  # below the bar, or not yet promoted: preview is always allowed
    record = RECORD.get(rule.code)
    assert record is not None, f"{rule.code} is stable without a recorded precision: make it preview (`preview = True`)"
    evidence = record.evidence(False)
    if not ANY_VERDICT:
        # Before the first verdicts are recorded, a stable rule must at least have enough default
        # findings on the ecosystem check to be judged: with fewer it can never reach the bar.
        assert evidence.findings >= MIN_JUDGED, (
            f"{rule.code} is stable but the ecosystem check shows only {evidence.findings} default findings "
            f"(the bar needs >= {MIN_JUDGED} judged): make it preview (`preview = True`)"
        )
        return
    assert qualifies(evidence), (
        f"{rule.code} is stable but its default findings show {evidence.tp} TP of {evidence.judged} judged "
        f"(the bar: >= {MIN_JUDGED} judged, precision >= {MIN_PRECISION}); make it preview (`preview = True`) "
        "or judge more findings (tests/ecosystem/verdicts.toml)"
    )


def test_measured_precision_is_shown_from_five_judged_findings(monkeypatch):
    from hybridlint import data
    from hybridlint.docs import rule_markdown
    from hybridlint.registry import rules_by_code

    record = {
        "HYB025": data.RulePrecision("stable", data.Counts(findings=21, tp=19, fp=1, debatable=1), data.Counts()),
        "HYB012": data.RulePrecision("stable", data.Counts(findings=4, tp=4), data.Counts(findings=3, tp=1, fp=2)),
        "HYB003": data.RulePrecision(
            "preview", data.Counts(), data.Counts(findings=6, tp=5, debatable=1), data.Counts(findings=9, tp=1, fp=8)
        ),
    }
    monkeypatch.setattr(data, "load_precision", lambda: record)
    assert data.precision_label("HYB025", False) == "0.95 (19/20)"
    assert "Precision on real code: **0.95 (19 of 20 judged)**" in rule_markdown(rules_by_code()["HYB025"])
    assert data.precision_label("HYB012", False) == data.NOT_MEASURED  # 4 judged
    # A preview rule is measured over the findings its promotion would show by default: 1 TP of 3.
    assert data.precision_label("HYB012", True) == data.NOT_MEASURED
    assert not data.qualifies(record["HYB012"].evidence(True))
    # Its findings decided on weaker evidence stay preview after a promotion: they do not count.
    assert data.precision_label("HYB003", True) == "1.00 (5/5)"
    assert data.qualifies(record["HYB003"].evidence(True))
