"""How the oracle decides from observations (no TensorFlow needed): a wrong verdict here would make
the oracle tests pass on a symptom TensorFlow never showed, or fail a fix that kept behaviour."""

from __future__ import annotations

import pytest

from hybridlint.oracle import (
    Counted,
    EagerMismatch,
    Logged,
    NotObservable,
    Oracle,
    OracleError,
    Raises,
    Run,
    SideEffects,
    error_text,
    judge_bad,
    judge_clean,
    observe,
    runs_of,
    same_values,
)
from hybridlint.rule import Bad, Good

AUTOGRAPH_ERROR = {
    "type": "OperatorNotAllowedInGraphError",
    "mro": ["TypeError", "Exception", "BaseException", "object"],
    "message": 'in user code:\n\n    File "/tmp/x.py", line 3, in f  *\n        return [r for r in t]\n\n'
    "    OperatorNotAllowedInGraphError: Iterating over a symbolic `tf.Tensor` is not allowed.\n",
    "phase": "driver",
}


def obs(**fields):
    base = {"error": None, "outputs": None, "values": {}, "stdout": "", "stderr": "", "log": []}
    base.update(fields)
    return base


def test_raises_matches_a_base_class_and_the_message():
    graph = obs(error=AUTOGRAPH_ERROR)
    assert observe(Raises("TypeError", "Iterating over a symbolic"), graph, None).present
    assert not observe(Raises("ValueError"), graph, None).present
    assert not observe(Raises("TypeError", "singleton"), graph, None).present
    assert error_text(graph) == (
        "OperatorNotAllowedInGraphError: Iterating over a symbolic `tf.Tensor` is not allowed."
    )


def test_counted_reports_an_expression_that_failed_instead_of_passing():
    graph = obs(values={"f.experimental_get_tracing_count()": {"error": "NameError: name 'f' is not defined"}})
    symptom = Counted("f.experimental_get_tracing_count()", 2)
    seen = observe(symptom, graph, None)
    assert not seen.present and "NameError" in seen.problem
    checks = judge_clean(symptom, graph, obs(), against="the bad example")
    assert not all(check.ok for check in checks), "an unreadable count must not count as 'no symptom'"


def test_side_effects_compare_graph_and_eager_counts_over_both_streams():
    symptom = SideEffects(marker="loss")
    eager = obs(stdout="loss 1\nloss 2\nloss 3\n")
    assert observe(symptom, obs(stdout="loss Tensor(...)\n"), eager).present
    # tf.print writes to stderr: the fixed text prints as often as the eager original
    assert not observe(symptom, obs(stderr="loss 1\nloss 2\nloss 3\n"), eager).present


def test_logged_reads_the_log_and_stderr():
    assert observe(Logged("retracing"), obs(log=["WARNING: 5 out of 5 calls triggered retracing"]), None).present
    assert observe(Logged("is deprecated"), obs(stderr="WARNING:tensorflow:x is deprecated"), None).present
    assert not observe(Logged("is deprecated"), obs(log=["INFO: fine"]), None).present


def test_values_compare_with_a_tolerance_and_by_structure():
    assert same_values([[1.0, 2.0], {"n": 3}], [[1.0 + 1e-7, 2.0], {"n": 3}])
    assert not same_values([1.0, 2.0], [1.0, 2.1])
    assert not same_values([1.0], [1.0, 2.0])
    assert not same_values({"a": 1}, {"b": 1})
    assert same_values(float("nan"), float("nan"))
    assert not same_values(None, [1.0])


def test_a_bad_example_must_run_eagerly_unless_the_error_is_not_graph_specific():
    error = obs(error={"type": "TypeError", "mro": [], "message": "input_signature missing type constraint"})
    assert not all(check.ok for check in judge_bad(Raises("TypeError"), error, error))
    assert all(check.ok for check in judge_bad(Raises("TypeError"), error, error, fails_eagerly=True))


def test_a_fix_must_return_what_the_bad_example_returned_eagerly():
    symptom = EagerMismatch()
    eager_bad = obs(outputs=[2.0, 4.0])
    assert all(check.ok for check in judge_clean(symptom, obs(outputs=[2.0, 4.0]), eager_bad, against="bad"))
    assert not all(check.ok for check in judge_clean(symptom, obs(outputs=[2.0, 5.0]), eager_bad, against="bad"))
    failed = obs(error={"type": "NameError", "mro": [], "message": "name 'tf' is not defined"})
    assert not all(check.ok for check in judge_clean(NotObservable("style"), failed, eager_bad, against="bad"))


def test_run_settings_inherit_from_the_oracle_unless_overridden():
    oracle = Oracle(
        symptom=Raises("TypeError"),
        runs={"f": "f()", "g": Run("g()", fails_eagerly=False), "h": Run("h()", symptom=Logged("x"))},
        at_import=True,
        fails_eagerly=True,
    )
    assert oracle.run_for("f").driver == "f()" and oracle.run_for("f").at_import and oracle.run_for("f").fails_eagerly
    assert oracle.run_for("g").fails_eagerly is False
    assert oracle.symptom_for("h") == Logged("x") and oracle.symptom_for("f") == Raises("TypeError")


def test_a_run_drives_the_example_of_its_name_wherever_it_stands():
    oracle = Oracle(symptom=Raises("TypeError"), runs={"loop": "f()", "clean": "g()"})
    bad, good = Bad("f = 1\n", flagged=["f"], name="loop"), Good("g = 1\n", name="clean")
    assert runs_of("HYB000", (bad, good), oracle) == [("loop", bad), ("clean", good)]
    # An example inserted before them (the case that re-targeted position-keyed runs) changes nothing.
    inserted = Bad("h = 1\n", flagged=["h"], name="new")
    assert runs_of("HYB000", (inserted, bad, good), oracle) == [("loop", bad), ("clean", good)]


def test_a_run_without_its_example_a_shared_name_or_a_position_key_fail_loudly():
    bad, good = Bad("f = 1\n", flagged=["f"], name="loop"), Good("g = 1\n", name="clean")
    missing = Oracle(symptom=Raises("TypeError"), runs={"loop": "f()", "gone": "g()"})
    with pytest.raises(OracleError, match="'gone' but no example has that name"):
        runs_of("HYB000", (bad, good), missing)
    twice = Oracle(symptom=Raises("TypeError"), runs={"loop": "f()"})
    with pytest.raises(OracleError, match="two examples are named 'loop'"):
        runs_of("HYB000", (bad, Good("g = 1\n", name="loop")), twice)
    by_position = Oracle(symptom=Raises("TypeError"), runs={0: "f()"})
    with pytest.raises(OracleError, match="keyed by 0"):
        runs_of("HYB000", (bad, good), by_position)
