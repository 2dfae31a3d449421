"""Every rule's claimed symptom and every fix, checked against real TensorFlow.

One worker process with TensorFlow runs all cases (tests/oracle/worker.py); each test then asserts one
example's checks. Without TensorFlow the tests skip, except under CI=true, where that is a failure.
The structural tests at the end need no TensorFlow.
"""

from __future__ import annotations

import ast
import os

import pytest

from hybridlint.oracle import NotObservable, runs_of
from hybridlint.registry import all_rules
from hybridlint.rule import Bad, FixSafety, Good

from .facts import FACTS
from .harness import all_cases, fact_result, judge, plan_all, run_worker

PLANS = plan_all()
CASES = [
    pytest.param(plan, role, id=f"{plan.label}-{role}" if role == "fixed" else plan.label)
    for plan in PLANS
    for role in ((plan.kind, "fixed") if "fixed" in plan.cases else (plan.kind,))
]


@pytest.fixture(scope="session")
def oracle_report():
    report = run_worker(all_cases(PLANS))
    if not report.available:
        message = f"TensorFlow oracle unavailable: {report.reason}"
        if report.stderr:
            message += f"\n--- worker stderr ---\n{report.stderr}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return report


@pytest.mark.needs("tensorflow")
@pytest.mark.parametrize("plan,role", CASES)
def test_example_against_tensorflow(oracle_report, plan, role):
    checks = judge(plan, oracle_report.results)[role]
    failed = [f"{check.name}: {check.detail}" for check in checks if not check.ok]
    if plan.disputed and role == plan.kind:
        assert failed, f"{plan.label}: TensorFlow now confirms the example; remove `disputed` from its oracle run"
        pytest.xfail(f"disputed: {plan.disputed} ({'; '.join(failed)})")
    assert not failed, f"{plan.label} ({role}) on TensorFlow {oracle_report.tensorflow}:\n" + "\n".join(failed)


@pytest.mark.needs("tensorflow")
@pytest.mark.parametrize("fact", FACTS, ids=lambda fact: fact.key)
def test_settled_fact_still_holds(oracle_report, fact):
    result = fact_result(fact, oracle_report.results) or {}
    detail = fact.answer(result)
    if result.get("error"):
        detail += f"\n{result['error']['type']}: {result['error']['message']}"
    assert fact.holds(result), f"{fact.question}\nTensorFlow {oracle_report.tensorflow}: {detail}"


@pytest.mark.needs("tensorflow")
def test_worker_ran_every_case(oracle_report):
    assert not oracle_report.reason, oracle_report.reason + "\n" + oracle_report.stderr
    expected = {case.id for case in all_cases(PLANS)}
    assert expected <= set(oracle_report.results), sorted(expected - set(oracle_report.results))


# -- structure: no TensorFlow needed ----------------------------------------------------------


def test_every_rule_declares_an_oracle():
    missing = [rule.code for rule in all_rules() if rule.oracle is None]
    assert not missing, f"rules without an oracle (a rule is not done until it has one): {missing}"


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.oracle is not None], ids=lambda r: r.code)
def test_oracle_is_well_formed(rule):
    oracle = rule.oracle
    assert oracle.runs, "an oracle runs at least one example"
    examples = [example for _, example in runs_of(rule.code, rule.examples, oracle)]
    for name in oracle.runs:
        run = oracle.run_for(name)
        for part in (run.setup, run.driver):
            ast.parse(part)
    assert any(isinstance(e, Bad) for e in examples), "an oracle runs at least one bad example"
    assert any(isinstance(e, Good) for e in examples), "an oracle runs at least one good example"
    if rule.fix_safety is not FixSafety.NONE:
        assert any(isinstance(e, Bad) and e.fixed is not None for e in examples), "the oracle runs no fix"
    if isinstance(oracle.symptom, NotObservable):
        assert oracle.symptom.reason.strip(), "say why the harm cannot be observed"
