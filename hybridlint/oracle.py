"""A rule's oracle: how real TensorFlow shows the harm its bad examples claim.

Each rule may declare `oracle = Oracle(...)` next to its examples. The oracle names the symptom (a trace
count, an exception, a side-effect count, an eager/graph value mismatch, a logged warning) and, per
example, a driver that calls the example's functions with realistic inputs. The oracle tests
(`tests/oracle/`) run every example with real TensorFlow in a separate interpreter and check:

* a bad example shows the symptom when its functions run as graphs, and runs without error eagerly;
* a good example shows no symptom, and its graph results equal its eager results;
* the text after the rule's own fix shows no symptom, and its graph results equal the eager results of
  the bad example (the behaviour the user meant).

This module only describes and judges; it never imports TensorFlow. Observations come from the worker
as plain JSON values (see `tests/oracle/worker.py`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

# -- symptoms ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Raises:
    """The graph run raises: `exception` is the class name or the name of one of its bases."""

    exception: str
    message: str = ""

    def describe(self) -> str:
        text = f"raises `{self.exception}`"
        return text + (f" with “{self.message}”" if self.message else "")


@dataclass(frozen=True)
class Counted:
    """A number read after the driver ran is at least `at_least`.

    `expr` is evaluated in the example's namespace: `f.experimental_get_tracing_count()` for traces, or a
    Python counter that the setup or driver keeps (the body of a traced callable runs once per trace)."""

    expr: str
    at_least: int
    what: str = "traces"

    def describe(self) -> str:
        return f"{self.what} ≥ {self.at_least} (`{self.expr}`)"


def traces(function: str, at_least: int = 2) -> Counted:
    """The tf.function named `function` traced at least `at_least` times."""
    return Counted(f"{function}.experimental_get_tracing_count()", at_least, f"traces of `{function}`")


@dataclass(frozen=True)
class SideEffects:
    """A Python side effect happens a different number of times under graph execution than eagerly.

    Counted either as occurrences of `marker` in everything written to stdout and stderr (Python and
    TensorFlow's C++ writers alike), or as the value of `expr` after the driver ran; `what` names the
    count in messages and docs."""

    marker: str = ""
    expr: str = ""
    what: str = ""

    def describe(self) -> str:
        what = self.what or (f"“{self.marker}” written" if self.marker else f"`{self.expr}`")
        return f"{what}: a different count than in the eager run"


@dataclass(frozen=True)
class EagerMismatch:
    """The graph run's `outputs` differ from the eager run's."""

    def describe(self) -> str:
        return "graph results differ from eager results"


@dataclass(frozen=True)
class Logged:
    """TensorFlow logs (or Python warns) a message containing `fragment`."""

    fragment: str

    def describe(self) -> str:
        return f"logs “{self.fragment}”"


@dataclass(frozen=True)
class NotObservable:
    """The harm cannot be seen at run time on a small input (style, or speed at scale). The oracle then
    checks only what can be checked: the example runs, and the fix keeps the results."""

    reason: str

    def describe(self) -> str:
        return f"not observable at run time: {self.reason}"


Symptom = Union[Raises, Counted, SideEffects, EagerMismatch, Logged, NotObservable]


# -- what a rule declares ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """How to run one example: `setup` runs before the example's code (names the example uses but does
    not define), `driver` after it (calls its functions; assigns what to compare to `outputs`)."""

    driver: str = ""
    setup: str = ""
    symptom: Optional[Symptom] = None  # overrides the oracle's for this example
    at_import: bool = False  # see Oracle.at_import
    fails_eagerly: Optional[bool] = None  # see Oracle.fails_eagerly; None: the oracle's setting
    # TensorFlow contradicts this example's claim: why. Its checks are then expected to fail (a strict
    # expected failure), and docs/oracle.md lists it, until the rule or the example is corrected.
    disputed: str = ""


@dataclass(frozen=True)
class Oracle:
    """`runs` maps the `name` of one of the rule's examples to its driver (a string) or a `Run`. A name,
    not a position: inserting an example must not make a run drive another one (`runs_of` checks).

    `at_import`: run the example's code as a module that is imported before TensorFlow's eager context
    exists. TensorFlow logs deprecated `tf.function` arguments only then (its check asks whether the
    program is still in graph mode, which is true at import time), and the oracle worker has long
    started the context, so it recreates that condition while it executes the example's code.

    `fails_eagerly`: the harm does not depend on graph execution (an error raised when the decorator
    runs), so the eager run of a bad example must show the symptom too instead of succeeding."""

    symptom: Symptom
    runs: Mapping[str, Union[str, Run]]
    at_import: bool = False
    fails_eagerly: bool = False
    note: str = ""  # shown in docs/oracle.md

    def run_for(self, name: str) -> Run:
        value = self.runs[name]
        run = Run(driver=value) if isinstance(value, str) else value
        return replace(
            run,
            at_import=run.at_import or self.at_import,
            fails_eagerly=self.fails_eagerly if run.fails_eagerly is None else run.fails_eagerly,
        )

    def symptom_for(self, name: str) -> Symptom:
        return self.run_for(name).symptom or self.symptom


class OracleError(ValueError):
    """A run names no example, or names one that is not unique."""


def runs_of(code: str, examples: Sequence[Any], oracle: Oracle) -> List[Tuple[str, Any]]:
    """(name, example) for each run of `oracle`, in the order of `examples`. Raises `OracleError` when a
    run is keyed by anything but a name, when no example has its name, or when two examples of the
    rule share a name (a run must drive exactly the example it was written for)."""
    named: Dict[str, Any] = {}
    for example in examples:
        name = getattr(example, "name", "")
        if name and name in named:
            raise OracleError(f"{code}: two examples are named {name!r}")
        if name:
            named[name] = example
    for key in oracle.runs:
        if not isinstance(key, str):
            raise OracleError(
                f"{code}: oracle run keyed by {key!r}: key runs by the example's name "
                "(python tools/name_oracle_examples.py converts position keys)"
            )
        if key not in named:
            raise OracleError(f"{code}: the oracle runs {key!r} but no example has that name")
    return [(getattr(e, "name"), e) for e in examples if getattr(e, "name", "") in oracle.runs]


# -- judging observations ------------------------------------------------------------------------

Observation = Mapping[str, Any]  # one worker result: error, outputs, values, stdout, stderr, log


@dataclass
class Seen:
    present: bool
    detail: str  # what was observed, for messages and docs
    problem: str = ""  # the observation could not decide (an expression failed)


def error_text(obs: Observation) -> str:
    error = obs.get("error")
    if not error:
        return ""
    name = str(error.get("type", ""))
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error.get("message", "")))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # AutoGraph's "in user code:" messages list frames, then repeat "<type>: <message>".
    starts = [i for i, line in enumerate(lines) if line.startswith(name + ":")]
    body = " ".join(lines[starts[-1] :] if starts else lines)
    if body.startswith(name + ":"):
        body = body[len(name) + 1 :].strip()
    body = body.split(" Arguments received by ")[0]  # Keras appends the call's arguments
    return f"{name}: {body}".strip()


def error_matches(obs: Observation, symptom: Raises) -> bool:
    error = obs.get("error")
    if not error:
        return False
    names = [error.get("type", "")] + list(error.get("mro", ()))
    return symptom.exception in names and symptom.message in str(error.get("message", ""))


def _value(obs: Observation, expr: str) -> Tuple[Any, str]:
    entry = (obs.get("values") or {}).get(expr)
    if entry is None:
        return None, f"`{expr}` was not evaluated"
    if "error" in entry:
        return None, f"`{expr}` failed: {entry['error']}"
    return entry.get("value"), ""


def count_side_effects(obs: Observation, symptom: SideEffects) -> Tuple[Optional[int], str]:
    if symptom.marker:
        text = str(obs.get("stdout", "")) + str(obs.get("stderr", ""))
        return text.count(symptom.marker), ""
    value, problem = _value(obs, symptom.expr)
    if problem:
        return None, problem
    try:
        return int(value), ""
    except (TypeError, ValueError):
        return None, f"`{symptom.expr}` is {value!r}, not a count"


def observe(symptom: Symptom, graph: Observation, eager: Optional[Observation]) -> Seen:
    """Whether `graph` (a graph-mode run) shows `symptom`; `eager` is the eager run it is compared with
    (of the same code for bad and good examples, of the bad example for a fixed text)."""
    if isinstance(symptom, Raises):
        if error_matches(graph, symptom):
            return Seen(True, error_text(graph))
        return Seen(False, error_text(graph) or "no exception")
    if isinstance(symptom, Counted):
        value, problem = _value(graph, symptom.expr)
        if problem:
            return Seen(False, problem, problem)
        try:
            present = value >= symptom.at_least
        except TypeError:
            return Seen(False, f"`{symptom.expr}` is {value!r}", f"`{symptom.expr}` is not a number")
        return Seen(bool(present), f"{symptom.what} = {value}")
    if isinstance(symptom, SideEffects):
        if eager is None:
            return Seen(False, "no eager run", "no eager run to compare with")
        graph_count, problem = count_side_effects(graph, symptom)
        eager_count, eager_problem = count_side_effects(eager, symptom)
        if problem or eager_problem:
            return Seen(False, problem or eager_problem, problem or eager_problem)
        return Seen(graph_count != eager_count, f"{graph_count} in graph vs {eager_count} eager")
    if isinstance(symptom, EagerMismatch):
        if eager is None:
            return Seen(False, "no eager run", "no eager run to compare with")
        equal = same_values(graph.get("outputs"), eager.get("outputs"))
        return Seen(not equal, "results differ" if not equal else "results equal")
    if isinstance(symptom, Logged):
        log = "\n".join(str(line) for line in obs_log(graph))
        if symptom.fragment in log:
            return Seen(True, _log_line(log, symptom.fragment))
        return Seen(False, "not logged")
    return Seen(False, symptom.describe())


def obs_log(obs: Observation) -> Sequence[str]:
    return list(obs.get("log") or ()) + [str(obs.get("stderr", ""))]


def _log_line(log: str, fragment: str) -> str:
    for line in log.splitlines():
        if fragment in line:
            return line.strip()
    return fragment


def same_values(a: Any, b: Any, rel: float = 1e-5, abs_tol: float = 1e-6) -> bool:
    """Equality of JSON-shaped results; numbers compare with a tolerance because graph and eager kernels
    may round differently."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, (bool, int, float)) and isinstance(b, (bool, int, float)) and float(a) == float(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_values(x, y, rel, abs_tol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_values(a[k], b[k], rel, abs_tol) for k in a)
    return a == b


@dataclass
class Check:
    """One claim about one example, decided from observations."""

    name: str
    ok: bool
    detail: str


def judge_bad(
    symptom: Symptom, graph: Observation, eager: Observation, *, fails_eagerly: bool = False
) -> Tuple[Check, ...]:
    seen = observe(symptom, graph, eager)
    if fails_eagerly:
        also = observe(symptom, eager, None)
        checks = [Check("eager run shows the symptom too", also.present, also.detail)]
    else:
        checks = [Check("eager run succeeds", not eager.get("error"), error_text(eager) or "ok")]
    if not isinstance(symptom, NotObservable):
        checks.append(Check(f"shows the symptom: {symptom.describe()}", seen.present, seen.detail))
    else:
        checks.append(Check("graph run succeeds", not graph.get("error"), error_text(graph) or "ok"))
    return tuple(checks)


def judge_clean(
    symptom: Symptom, graph: Observation, eager: Observation, *, against: str
) -> Tuple[Check, ...]:
    """A good example (against its own eager run) or a fixed text (against the bad example's)."""
    seen = observe(symptom, graph, eager)
    checks = [Check("graph run succeeds", not graph.get("error"), error_text(graph) or "ok")]
    if not isinstance(symptom, NotObservable):
        checks.append(
            Check(
                f"no symptom: {symptom.describe()}",
                not seen.present and not seen.problem,
                seen.problem or seen.detail,
            )
        )
    equal = same_values(graph.get("outputs"), eager.get("outputs"))
    checks.append(
        Check(
            f"results equal the eager run of {against}",
            equal,
            "equal" if equal else f"{_short(graph.get('outputs'))} vs {_short(eager.get('outputs'))}",
        )
    )
    return tuple(checks)


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "Check",
    "Counted",
    "EagerMismatch",
    "Logged",
    "NotObservable",
    "Oracle",
    "Raises",
    "Run",
    "SideEffects",
    "Symptom",
    "judge_bad",
    "judge_clean",
    "observe",
    "same_values",
    "traces",
]
