"""Plans the oracle cases from the rules, runs them in one TensorFlow worker, and judges the results.

Used by the oracle tests and by `python -m tests.oracle.generate` (docs/oracle.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Type

from hybridlint.engine import fix_source
from hybridlint.oracle import Check, Counted, Oracle, SideEffects, Symptom, judge_bad, judge_clean, runs_of
from hybridlint.registry import all_rules
from hybridlint.rule import Bad, Rule
from hybridlint.settings import Settings

from .facts import FACTS, Fact

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")
WORKER_TIMEOUT = 900  # seconds for the whole run; one case is cut off after CASE_TIMEOUT
CASE_TIMEOUT = 120
# Setups and drivers may use `tf` whatever the example imports.
PRELUDE = "import tensorflow as tf\n"


def tf_python() -> Optional[str]:
    """The interpreter with TensorFlow: $HYBRIDLINT_TF_PYTHON (CI sets it), else the repository's
    `.venv-tf` made by `make tf-env`."""
    named = os.environ.get("HYBRIDLINT_TF_PYTHON")
    if named:
        return named
    for candidate in (REPO / ".venv-tf" / "bin" / "python", REPO / ".venv-tf" / "Scripts" / "python.exe"):
        if candidate.exists():
            return str(candidate)
    return None


@dataclass(frozen=True)
class Case:
    id: str
    code: str
    setup: str
    driver: str
    mode: str  # "graph" or "eager"
    values: Tuple[str, ...]
    at_import: bool

    def request(self) -> dict:
        return {
            "id": self.id,
            "code": self.code,
            "setup": self.setup,
            "driver": self.driver,
            "mode": self.mode,
            "values": list(self.values),
            "at_import": self.at_import,
        }


@dataclass(frozen=True)
class ExamplePlan:
    """One example of one rule: which cases run it, and what is expected of them."""

    rule: Type[Rule]
    name: str  # the example's name, which keys its run (Oracle.runs)
    kind: str  # "bad" or "good"
    symptom: Symptom
    cases: Dict[str, Case]  # role → case: "graph", "eager", and "fixed" for a bad example with a fix
    fixed_text: Optional[str]
    disputed: str = ""  # Run.disputed
    fails_eagerly: bool = False  # Oracle.fails_eagerly

    @property
    def label(self) -> str:
        return f"{self.rule.code}-{self.kind}-{self.name}"


def symptom_values(symptom: Symptom) -> Tuple[str, ...]:
    if isinstance(symptom, Counted):
        return (symptom.expr,)
    if isinstance(symptom, SideEffects) and symptom.expr:
        return (symptom.expr,)
    return ()


def rules_with_oracles() -> List[Type[Rule]]:
    return [rule for rule in all_rules() if rule.oracle is not None]


def plan_rule(rule: Type[Rule]) -> List[ExamplePlan]:
    oracle: Oracle = rule.oracle  # type: ignore[assignment]
    plans = []
    for name, example in runs_of(rule.code, rule.examples, oracle):
        run = oracle.run_for(name)
        symptom = oracle.symptom_for(name)
        kind = "bad" if isinstance(example, Bad) else "good"
        values = symptom_values(symptom)

        def case(role: str, code: str, mode: str) -> Case:
            return Case(
                f"{rule.code}-{kind}-{name}-{role}",
                code,
                PRELUDE + run.setup,
                PRELUDE + run.driver,
                mode,
                values,
                run.at_import,
            )

        cases = {"graph": case("graph", example.code, "graph"), "eager": case("eager", example.code, "eager")}
        fixed_text = None
        if kind == "bad":
            fixed_text = fix_source(example.code, example.path, Settings(preview=True), rules=[rule], unsafe=True).text
            if fixed_text != example.code:
                cases["fixed"] = case("fixed", fixed_text, "graph")
            else:
                fixed_text = None
        plans.append(ExamplePlan(rule, name, kind, symptom, cases, fixed_text, run.disputed, run.fails_eagerly))
    return plans


def plan_all() -> List[ExamplePlan]:
    return [plan for rule in rules_with_oracles() for plan in plan_rule(rule)]


def fact_cases() -> List[Case]:
    return [Case(f"fact-{fact.key}", fact.code, "", "", "graph", fact.values, False) for fact in FACTS]


@dataclass
class WorkerReport:
    available: bool
    reason: str = ""
    tensorflow: str = ""
    keras: str = ""
    python: str = ""
    results: Dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0
    stderr: str = ""


def run_worker(cases: Sequence[Case], python: Optional[str] = None) -> WorkerReport:
    python = python or tf_python()
    if not python:
        return WorkerReport(False, "no TensorFlow interpreter: run `make tf-env` or set HYBRIDLINT_TF_PYTHON")
    request = json.dumps({"cases": [c.request() for c in cases], "timeout": CASE_TIMEOUT})
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [python, str(WORKER)],
            input=request,
            capture_output=True,
            text=True,
            timeout=WORKER_TIMEOUT,
            env=env,
            cwd=str(REPO),
        )
    except FileNotFoundError:
        return WorkerReport(False, f"{python} does not exist")
    except subprocess.TimeoutExpired as error:
        stderr = str(error.stderr or "")[-4000:]
        return WorkerReport(False, f"the oracle worker ran past {WORKER_TIMEOUT}s", stderr=stderr)
    report = WorkerReport(True, seconds=time.perf_counter() - start, stderr=proc.stderr[-4000:])
    done = False
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        kind = message.pop("kind")
        if kind == "unavailable":
            return WorkerReport(False, f"TensorFlow does not import in {python}: {message['reason']}")
        if kind == "hello":
            report.tensorflow = message["tensorflow"]
            report.keras = message.get("keras") or ""
            report.python = message.get("python") or ""
        elif kind == "result":
            report.results[message.pop("id")] = message
        elif kind == "done":
            done = True
    if not report.tensorflow:
        return WorkerReport(False, f"the oracle worker failed (exit {proc.returncode})", stderr=proc.stderr[-4000:])
    if not done:
        report.reason = f"the oracle worker stopped early (exit {proc.returncode})"
    return report


def judge(plan: ExamplePlan, results: Dict[str, dict]) -> Dict[str, Tuple[Check, ...]]:
    """Checks per role: "bad" or "good", and "fixed" when the example has a fix."""
    missing = [case.id for case in plan.cases.values() if case.id not in results]
    if missing:
        return {plan.kind: (Check("the worker reported every case", False, f"missing: {missing}"),)}
    graph = results[plan.cases["graph"].id]
    eager = results[plan.cases["eager"].id]
    if plan.kind == "good":
        return {"good": judge_clean(plan.symptom, graph, eager, against="the same code")}
    verdict = {"bad": judge_bad(plan.symptom, graph, eager, fails_eagerly=plan.fails_eagerly)}
    if "fixed" in plan.cases:
        fixed = results[plan.cases["fixed"].id]
        verdict["fixed"] = judge_clean(plan.symptom, fixed, eager, against="the bad example")
    return verdict


def all_cases(plans: Sequence[ExamplePlan]) -> List[Case]:
    return fact_cases() + [case for plan in plans for case in plan.cases.values()]


def fact_result(fact: Fact, results: Dict[str, dict]) -> Optional[dict]:
    return results.get(f"fact-{fact.key}")


def main() -> int:
    """`python -m tests.oracle.harness`: run everything once and print each verdict (for debugging)."""
    plans = plan_all()
    report = run_worker(all_cases(plans))
    if not report.available:
        print(report.reason, file=sys.stderr)
        return 2
    print(f"TensorFlow {report.tensorflow}, Keras {report.keras}: {report.seconds:.1f}s")
    failed = 0
    for plan in plans:
        for role, checks in judge(plan, report.results).items():
            expected_to_fail = bool(plan.disputed) and role == plan.kind
            for check in checks:
                failed += not check.ok and not expected_to_fail
                status = "ok  " if check.ok else ("xfail" if expected_to_fail else "FAIL")
                print(f"{status} {plan.label} {role}: {check.name} — {check.detail}")
    for fact in FACTS:
        result = fact_result(fact, report.results) or {}
        print(f"{'ok  ' if fact.holds(result) else 'FAIL'} fact {fact.key}: {fact.answer(result)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
