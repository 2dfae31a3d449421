"""The hybridize refactoring checked against real TensorFlow.

Each example below is an eager module with a driver. `hybridlint hybridize --fix` converts what its
preconditions accept; the worker then runs the original eagerly and the converted module with its
tf.functions as graphs, on the same inputs, and the outputs must be equal and the new tf.functions traced
no more often than the example says. For the functions the preconditions refuse, a forced conversion
shows the harm the refusal avoids (a different output, an exception, or retracing).
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import pytest

from hybridlint.hybridize_cli import analyse_text, convert_text
from hybridlint.hybridize_rewrite import CONVERT, key_of, rewrite
from hybridlint.oracle import same_values
from hybridlint.settings import Settings

from .harness import PRELUDE, Case, run_worker


@dataclass(frozen=True)
class Example:
    name: str
    code: str  # the module: definitions and the call sites the analysis judges them by
    driver: str  # sets `outputs` from calls of the module's functions
    converted: Tuple[str, ...]  # the functions the preconditions must accept
    traces: Tuple[Tuple[str, int], ...] = ()  # (function, at most this many traces) after the driver
    refused: Optional[str] = None  # a function the preconditions refuse...
    harm: str = ""  # ...and what a forced conversion does: "outputs", "raises" or "retraces"


EXAMPLES = (
    Example(
        "dense-layer",
        "import tensorflow as tf\n\n"
        "w = tf.Variable(tf.ones([3, 2]))\n\n\n"
        "def dense(x):\n"
        "    return tf.nn.relu(tf.matmul(x, w) - 1.0)\n\n\n"
        "def loss(y, target):\n"
        "    return tf.reduce_mean(tf.square(y - target))\n\n\n"
        "x0 = tf.constant([[1.0, 2.0, 3.0]])\n"
        "loss(dense(x0), tf.zeros([1, 2]))\n",
        "outputs = [loss(dense(tf.constant([[float(i), 1.0, -2.0]])), tf.ones([1, 2])) for i in range(4)]\n",
        ("dense", "loss"),
        (("dense", 1), ("loss", 1)),
    ),
    Example(
        "train-step",
        "import tensorflow as tf\n\n"
        "model = tf.keras.Sequential([tf.keras.layers.Dense(1, kernel_initializer='ones')])\n"
        "opt = tf.keras.optimizers.SGD(0.01)\n\n\n"
        "def train_step(x, y):\n"
        "    with tf.GradientTape() as tape:\n"
        "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
        "    grads = tape.gradient(loss, model.trainable_variables)\n"
        "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
        "    return loss\n\n\n"
        "xs = tf.ones([4, 3])\n"
        "train_step(xs, tf.zeros([4, 1]))\n",
        "outputs = [train_step(tf.ones([4, 3]) * i, tf.zeros([4, 1])) for i in range(3)]\n"
        "outputs.append(model.trainable_variables)\n",
        ("train_step",),
        (("train_step", 2),),  # the module-level call traces once more than the driver's (same signature)
    ),
    Example(
        "side-effect-refused",
        "import tensorflow as tf\n\n"
        "calls = []\n\n\n"
        "def normalise(x):\n"
        "    calls.append(1)\n"
        "    return x / tf.reduce_max(x)\n\n\n"
        "def scale(x):\n"
        "    return x * 3.0\n\n\n"
        "normalise(tf.constant([1.0, 4.0]))\n"
        "scale(tf.constant([1.0, 4.0]))\n",
        "outputs = [normalise(tf.constant([2.0, 4.0])) for _ in range(3)] + [len(calls), scale(tf.ones([2]))]\n",
        ("scale",),
        (("scale", 1),),
        refused="normalise",
        harm="outputs",
    ),
    Example(
        "numpy-refused",
        "import numpy as np\nimport tensorflow as tf\n\n\n"
        "def spread(x):\n"
        "    return tf.constant(np.std(x))\n\n\n"
        "spread(tf.constant([1.0, 3.0]))\n",
        "outputs = [spread(tf.constant([1.0, 5.0]))]\n",
        (),
        refused="spread",
        harm="raises",
    ),
    Example(
        "primitive-refused",
        "import tensorflow as tf\n\n\n"
        "def power(x, n):\n"
        "    return x ** n\n\n\n"
        "power(tf.constant(2.0), 2)\n"
        "power(tf.constant(2.0), 3)\n",
        "outputs = [power(tf.constant(2.0), n) for n in range(1, 5)]\n",
        (),
        refused="power",
        harm="retraces",
    ),
)


def _forced(code: str, name: str) -> str:
    tree = ast.parse(code)
    (node,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name]
    return rewrite(code, key_of(tree, node.lineno, name), CONVERT)


def _plan() -> Dict[str, Tuple[Example, Dict[str, Case], str]]:
    plans = {}
    for ex in EXAMPLES:
        records = analyse_text(ex.code, f"{ex.name}.py", Settings(preview=True))  # every rule, whatever its tier
        converted = convert_text(ex.code, records)
        values = tuple(f"{f}.experimental_get_tracing_count()" for f, _ in ex.traces)
        cases = {
            "eager": Case(f"hz-{ex.name}-eager", ex.code, PRELUDE, PRELUDE + ex.driver, "graph", (), False),
            "graph": Case(f"hz-{ex.name}-graph", converted, PRELUDE, PRELUDE + ex.driver, "graph", values, False),
        }
        if ex.refused:
            forced = _forced(converted, ex.refused)
            count = (f"{ex.refused}.experimental_get_tracing_count()",)
            cases["forced"] = Case(f"hz-{ex.name}-forced", forced, PRELUDE, PRELUDE + ex.driver, "graph", count, False)
        plans[ex.name] = (ex, cases, converted)
    return plans


PLANS = _plan()


def test_the_preconditions_accept_exactly_the_expected_functions():
    for name, (ex, _, converted) in PLANS.items():
        records = {r["function"]: r for r in analyse_text(ex.code, f"{name}.py", Settings(preview=True))}
        accepted = tuple(f for f, r in records.items() if r["transformation"] == "convert" and not r["what_if"])
        assert accepted == ex.converted, name
        if ex.refused:
            assert records[ex.refused]["transformation"] is None
        for function in ex.converted:
            assert f"@tf.function\ndef {function}" in converted


@pytest.fixture(scope="module")
def report():
    cases = [case for _, cases, _ in PLANS.values() for case in cases.values()]
    found = run_worker(cases)
    if not found.available:
        message = f"TensorFlow oracle unavailable: {found.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.mark.needs("tensorflow")
@pytest.mark.parametrize("name", list(PLANS))
def test_converted_module_keeps_results_and_traces_once(report, name):
    ex, cases, _ = PLANS[name]
    eager = report.results[cases["eager"].id]
    graph = report.results[cases["graph"].id]
    assert eager["error"] is None, eager["error"]
    assert graph["error"] is None, graph["error"]
    assert same_values(graph["outputs"], eager["outputs"]), (graph["outputs"], eager["outputs"])
    for function, most in ex.traces:
        count = graph["values"][f"{function}.experimental_get_tracing_count()"].get("value")
        assert isinstance(count, int) and 1 <= count <= most, (function, count)


@pytest.mark.needs("tensorflow")
@pytest.mark.parametrize("name", [n for n, (ex, _, _) in PLANS.items() if ex.refused])
def test_a_refused_conversion_would_have_done_harm(report, name):
    ex, cases, _ = PLANS[name]
    eager = report.results[cases["eager"].id]
    forced = report.results[cases["forced"].id]
    assert eager["error"] is None
    if ex.harm == "raises":
        assert forced["error"] is not None
    elif ex.harm == "outputs":
        assert forced["error"] is None and not same_values(forced["outputs"], eager["outputs"])
    else:
        assert same_values(forced["outputs"], eager["outputs"])
        count = forced["values"][f"{ex.refused}.experimental_get_tracing_count()"].get("value")
        assert isinstance(count, int) and count >= 3, count
