"""Questions the rule catalog left open or disputed, settled by running real TensorFlow.

Each fact is a small program the oracle worker runs (in graph mode, like the rule cases); `answer`
turns its observation into the sentence docs/oracle.md prints, and `holds` is what the rules' docs
rely on: when a TensorFlow release changes the answer, the oracle test fails and the rule docs need
revisiting. Programs record their findings in `outputs`; messages are cut to their first sentence so
the generated page does not depend on paths or object addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Tuple

HELPERS = '''
import tensorflow as tf


def brief(error):
    """The exception's class and the first sentence of its last message line."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    text = lines[-1] if lines else ""
    name = type(error).__name__
    if text.startswith(name + ":"):
        text = text[len(name) + 1:].strip()
    return name + ": " + text.split(". ")[0].rstrip(".")


def attempt(fn, *args):
    try:
        result = fn(*args)
        return {"value": result.numpy().tolist() if hasattr(result, "numpy") else result}
    except Exception as error:
        return {"error": brief(error)}
'''


@dataclass(frozen=True)
class Fact:
    key: str
    question: str
    rules: Tuple[str, ...]
    code: str
    answer: Callable[[dict], str]
    holds: Callable[[dict], bool]
    values: Tuple[str, ...] = ()


def _out(obs: dict) -> dict:
    outputs = obs.get("outputs")
    return outputs if isinstance(outputs, dict) else {}


def _show(result) -> str:
    if not isinstance(result, dict):
        return "not run"
    if "error" in result:
        return f"raises `{result['error']}`"
    return f"works (returns `{result.get('value')!r}`)"


FOR_OVER_TENSOR = HELPERS + '''

@tf.function
def total(t):
    s = tf.constant(0.0)
    for x in t:
        s += x
    return s


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def total_unknown_length(t):
    s = tf.constant(0.0)
    for x in t:
        s += x
    return s


@tf.function
def doubled(t):
    return tf.stack([x * 2 for x in t])


@tf.function(autograph=False)
def total_without_autograph(t):
    s = tf.constant(0.0)
    for x in t:
        s += x
    return s


values = tf.constant([1.0, 2.0, 3.0])
outputs = {
    "for statement": attempt(total, values),
    "for statement, unknown length": attempt(total_unknown_length, values),
    "list comprehension": attempt(doubled, values),
    "for statement, autograph=False": attempt(total_without_autograph, values),
}
'''


def _for_answer(obs: dict) -> str:
    out = _out(obs)
    return "; ".join(f"{name}: {_show(result)}" for name, result in out.items()) or "not run"


def _for_holds(obs: dict) -> bool:
    out = _out(obs)
    return (
        out.get("for statement", {}).get("value") == 6.0
        and out.get("for statement, unknown length", {}).get("value") == 6.0
        and "Iterating over a symbolic `tf.Tensor`" in out.get("list comprehension", {}).get("error", "")
        and "Iterating over a symbolic `tf.Tensor`" in out.get("for statement, autograph=False", {}).get("error", "")
    )


SIGNATURE = HELPERS + '''
import inspect

parameters = list(inspect.signature(tf.function).parameters)


def body(x):
    return x * 2


traces = {}
for label, options in [
    ("no option", {}),
    ("reduce_retracing=True", {"reduce_retracing": True}),
    ("experimental_relax_shapes=True", {"experimental_relax_shapes": True}),
]:
    f = tf.function(body, **options)
    for n in (1, 2, 3, 4):
        f(tf.ones([n]))
    traces[label] = f.experimental_get_tracing_count()

compiled = tf.function(body, experimental_compile=True)
outputs = {
    "has reduce_retracing": "reduce_retracing" in parameters,
    "has jit_compile": "jit_compile" in parameters,
    "still accepts": [p for p in parameters if p.startswith("experimental_")],
    "traces over 4 shapes": traces,
    "experimental_compile sets jit_compile": compiled._jit_compile is True,
    "experimental_compile result": attempt(compiled, tf.constant(2.0)),
}
'''


def _signature_answer(obs: dict) -> str:
    out = _out(obs)
    if not out:
        return "not run"
    traces = out.get("traces over 4 shapes", {})
    return (
        f"`tf.function` has `reduce_retracing`: {out.get('has reduce_retracing')}, `jit_compile`: "
        f"{out.get('has jit_compile')}; it still accepts {', '.join(f'`{p}`' for p in out.get('still accepts', []))}. "
        f"Traces over inputs of 4 lengths: " + ", ".join(f"{k}: {v}" for k, v in traces.items()) + ". "
        f"`experimental_compile=True` sets `jit_compile`: {out.get('experimental_compile sets jit_compile')}."
    )


def _signature_holds(obs: dict) -> bool:
    out = _out(obs)
    traces = out.get("traces over 4 shapes", {})
    return (
        out.get("has reduce_retracing") is True
        and out.get("has jit_compile") is True
        and traces.get("reduce_retracing=True") == traces.get("experimental_relax_shapes=True")
        and traces.get("reduce_retracing=True", 99) < traces.get("no option", 0)
        and out.get("experimental_compile sets jit_compile") is True
    )


DEPRECATION_LOG = HELPERS + '''
import logging
import subprocess
import sys

lines = []


class Keep(logging.Handler):
    def emit(self, record):
        lines.append(record.getMessage())


logging.getLogger("tensorflow").addHandler(Keep())
tf.constant(1.0)  # the eager context exists from here on
late = tf.function(lambda x: x, experimental_relax_shapes=True)
logged_after_context = any("experimental_relax_shapes" in line for line in lines)
tf.config.experimental_run_functions_eagerly(False)
switch_logged = any("experimental_run_functions_eagerly" in line for line in lines)

# A fresh process that decorates before running any op, as a module does at import time; it decorates
# twice to see whether the warning repeats.
fresh = subprocess.run(
    [sys.executable, "-c",
     "import tensorflow as tf\\n"
     "f = tf.function(lambda x: x, experimental_relax_shapes=True)\\n"
     "g = tf.function(lambda x: x, experimental_relax_shapes=True)\\n"],
    capture_output=True, text=True, timeout=120,
)
outputs = {
    "fresh process, decorated twice before any op": fresh.stderr.count("with experimental_relax_shapes is deprecated"),
    "decorated after the first op": logged_after_context,
    "experimental_run_functions_eagerly after the first op": switch_logged,
}
'''


def _deprecation_answer(obs: dict) -> str:
    out = _out(obs)
    if not out:
        return "not run"
    return (
        "`experimental_relax_shapes` is logged "
        f"{out.get('fresh process, decorated twice before any op')} time(s) when a fresh process decorates two "
        f"functions before running any op; logged when decorating after the first op: "
        f"{out.get('decorated after the first op')}. `tf.config.experimental_run_functions_eagerly` is logged "
        f"after the first op: {out.get('experimental_run_functions_eagerly after the first op')}."
    )


def _deprecation_holds(obs: dict) -> bool:
    out = _out(obs)
    return (
        out.get("fresh process, decorated twice before any op") == 1
        and out.get("decorated after the first op") is False
        and out.get("experimental_run_functions_eagerly after the first op") is True
    )


KERAS_ENDPOINTS = HELPERS + '''
import keras

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
x = tf.ones([4, 2])
y = tf.ones([4, 1])


@tf.function
def predict_in_graph(x):
    return model.predict(x, verbose=0)


@tf.function
def fit_in_graph(x, y):
    return model.fit(x, y, verbose=0)


@tf.function
def evaluate_in_graph(x, y):
    return model.evaluate(x, y, verbose=0)


@tf.function
def call_in_graph(x):
    return model(x, training=False)


outputs = {
    "keras": keras.__version__,
    "Model.predict": attempt(predict_in_graph, x),
    "Model.fit": attempt(fit_in_graph, x, y),
    "Model.evaluate": attempt(evaluate_in_graph, x, y),
    "model(x)": "works" if "error" not in attempt(call_in_graph, x) else "raises",
}
'''


def _keras_answer(obs: dict) -> str:
    out = _out(obs)
    if not out:
        return "not run"
    endpoints = ("Model.predict", "Model.fit", "Model.evaluate")
    parts = [f"{name} inside a tf.function {_show(out.get(name))}" for name in endpoints]
    return f"Keras {out.get('keras')}: " + "; ".join(parts) + f"; `model(x)` {out.get('model(x)')}."


def _keras_holds(obs: dict) -> bool:
    out = _out(obs)
    return all("error" in out.get(name, {}) for name in ("Model.predict", "Model.fit", "Model.evaluate")) and (
        out.get("model(x)") == "works"
    )


VARIABLE = HELPERS + '''

@tf.function
def add_bias(x):
    b = tf.Variable(tf.zeros([3]))
    return x + b


@tf.function
def guarded(x):
    if not hasattr(guarded, "b"):
        guarded.b = tf.Variable(tf.zeros([3]))
    return x + guarded.b


outputs = {
    "first call": attempt(add_bias, tf.ones([3])),
    "second call": attempt(add_bias, tf.ones([3])),
    "created once behind a guard": attempt(guarded, tf.ones([3])),
}
'''


def _variable_answer(obs: dict) -> str:
    out = _out(obs)
    return "; ".join(f"{name}: {_show(result)}" for name, result in out.items()) or "not run"


def _variable_holds(obs: dict) -> bool:
    out = _out(obs)
    return "singleton tf.Variables" in out.get("first call", {}).get("error", "") and (
        out.get("created once behind a guard", {}).get("value") == [1.0, 1.0, 1.0]
    )


PRINT_PER_TRACE = HELPERS + '''

@tf.function
def step(x):
    print("python-print")
    tf.print("tf-print")
    return x * 2


for _ in range(3):
    step(tf.constant(1.0))
step(tf.constant([1.0, 2.0]))  # a new shape: a new trace
outputs = {"calls": 4, "traces": step.experimental_get_tracing_count()}
'''


def _print_answer(obs: dict) -> str:
    out = _out(obs)
    text = str(obs.get("stdout", "")) + str(obs.get("stderr", ""))
    return (
        f"Over {out.get('calls')} calls with {out.get('traces')} traces, Python `print` ran "
        f"{text.count('python-print')} times and `tf.print` {text.count('tf-print')} times."
    )


def _print_holds(obs: dict) -> bool:
    text = str(obs.get("stdout", "")) + str(obs.get("stderr", ""))
    return _out(obs).get("traces") == 2 and text.count("python-print") == 2 and text.count("tf-print") == 4


RETRACING_WARNING = HELPERS + '''
import logging

lines = []


class Keep(logging.Handler):
    def emit(self, record):
        lines.append(record.getMessage())


logging.getLogger("tensorflow").addHandler(Keep())


@tf.function
def scale(x, factor):
    return x * factor


first_warning_at = None
for call in range(1, 11):
    scale(tf.constant(1.0), call)
    if first_warning_at is None and any("retracing" in line for line in lines):
        first_warning_at = call
text = lines[0] if lines else ""
outputs = {
    "first warning at call": first_warning_at,
    "warnings over 10 calls": sum("retracing" in line for line in lines),
    "names reduce_retracing": "reduce_retracing=True" in text,
    "names experimental_relax_shapes": "experimental_relax_shapes" in text,
    "cause (1)": "(1) creating @tf.function repeatedly in a loop" in text,
}
'''


def _retracing_answer(obs: dict) -> str:
    out = _out(obs)
    if not out:
        return "not run"
    return (
        f"A tf.function called with 10 different Python numbers warns first at call "
        f"{out.get('first warning at call')} and {out.get('warnings over 10 calls')} times in all; the warning names "
        f"`reduce_retracing=True`: {out.get('names reduce_retracing')}, `experimental_relax_shapes`: "
        f"{out.get('names experimental_relax_shapes')}, and lists cause (1) “creating @tf.function repeatedly in "
        f"a loop”: {out.get('cause (1)')}."
    )


def _retracing_holds(obs: dict) -> bool:
    out = _out(obs)
    return (
        out.get("first warning at call") == 5
        and out.get("names reduce_retracing") is True
        and out.get("cause (1)") is True
    )


KERAS_RUN_EAGERLY = HELPERS + '''
import keras

seen = {}


class Probe(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)
        self.modes = set()

    def call(self, x):
        self.modes.add(tf.executing_eagerly())
        return self.dense(x)


for label, options in [("default", {}), ("run_eagerly=True", {"run_eagerly": True})]:
    model = Probe()
    model.compile(optimizer="sgd", loss="mse", **options)
    model.fit(tf.ones([8, 2]), tf.ones([8, 1]), epochs=2, batch_size=4, verbose=0)
    seen[label] = sorted(model.modes)
outputs = seen
'''


def _run_eagerly_answer(obs: dict) -> str:
    out = _out(obs)
    if not out:
        return "not run"
    return (
        "During `fit`, `call` runs eagerly with the default `compile()`: "
        f"{True in out.get('default', [])}; with `run_eagerly=True`: {True in out.get('run_eagerly=True', [])}."
    )


def _run_eagerly_holds(obs: dict) -> bool:
    out = _out(obs)
    return out.get("default") == [False] and True in out.get("run_eagerly=True", [])



CONVERTING_OPS = HELPERS + '''

def keep_positive(x):
    if tf.reduce_sum(x) > 0:
        return x
    return -x


def keep_positive_total(total, x):
    if tf.reduce_sum(x) > 0:
        return total + x
    return total


def branch():
    y = tf.constant(1.0)
    if y > 0:
        return y
    return -y


def loop_body(i, x):
    if tf.reduce_sum(x) > 0:
        x = x - 1.0
    return i + 1, x


elems = tf.constant([1.0, -2.0, 3.0])


@tf.function
def nested_scan(x):
    def step(total, e):
        if tf.reduce_sum(e) > 0:
            return total + e
        return total
    return tf.scan(step, x)


outputs = {
    "tf.map_fn": attempt(tf.function(lambda x: tf.map_fn(keep_positive, x)), elems),
    "tf.scan": attempt(tf.function(lambda x: tf.scan(keep_positive_total, x)), elems),
    "tf.foldl": attempt(tf.function(lambda x: tf.foldl(keep_positive_total, x)), elems),
    "tf.foldr": attempt(tf.function(lambda x: tf.foldr(keep_positive_total, x)), elems),
    "tf.cond": attempt(tf.function(lambda p: tf.cond(p, branch, branch)), tf.constant(True)),
    "tf.case": attempt(tf.function(lambda p: tf.case([(p, branch)], default=branch)), tf.constant(True)),
    "tf.switch_case": attempt(tf.function(lambda i: tf.switch_case(i, [branch, branch])), tf.constant(0)),
    "tf.while_loop": attempt(tf.function(lambda x: tf.while_loop(lambda i, x: i < 2, loop_body, [0, x])[1]), elems),
    "tf.scan of a def inside the tf.function": attempt(nested_scan, elems),
    "tf.scan, called eagerly": attempt(lambda x: tf.scan(keep_positive_total, x), elems),
}
'''

_UNCONVERTING = ("tf.scan", "tf.foldl", "tf.foldr", "tf.cond", "tf.case", "tf.switch_case", "tf.while_loop")
_CONVERTED = ("tf.map_fn", "tf.scan of a def inside the tf.function", "tf.scan, called eagerly")


def _converting_answer(obs: dict) -> str:
    out = _out(obs)
    return "; ".join(f"{name}: {_show(result)}" for name, result in out.items()) or "not run"


def _converting_holds(obs: dict) -> bool:
    out = _out(obs)
    return all("OperatorNotAllowedInGraphError" in out.get(name, {}).get("error", "") for name in _UNCONVERTING) and all(
        "value" in out.get(name, {}) for name in _CONVERTED
    )


FACTS = (
    Fact(
        "for-over-tensor",
        "Does a plain `for x in tensor:` work inside a tf.function (rules.md: disputed, Hybridize #830)?",
        ("HYB015",),
        FOR_OVER_TENSOR,
        _for_answer,
        _for_holds,
    ),
    Fact(
        "tf-function-arguments",
        "Which tf.function arguments exist, and do the deprecated names do the same as the new ones?",
        ("HYB025", "HYB002"),
        SIGNATURE,
        _signature_answer,
        _signature_holds,
    ),
    Fact(
        "deprecation-logging",
        "When does TensorFlow log the deprecated tf.function arguments?",
        ("HYB025",),
        DEPRECATION_LOG,
        _deprecation_answer,
        _deprecation_holds,
    ),
    Fact(
        "keras-endpoints-in-graph",
        "Does Keras 3 still refuse `Model.predict`/`fit`/`evaluate` inside a tf.function?",
        ("HYB009",),
        KERAS_ENDPOINTS,
        _keras_answer,
        _keras_holds,
    ),
    Fact(
        "variable-in-graph",
        "Does a tf.function that creates a `tf.Variable` on every trace raise, and on which call?",
        ("HYB011",),
        VARIABLE,
        _variable_answer,
        _variable_holds,
    ),
    Fact(
        "print-per-trace",
        "Does Python `print` in a tf.function run once per trace, and `tf.print` once per call?",
        ("HYB006",),
        PRINT_PER_TRACE,
        _print_answer,
        _print_holds,
    ),
    Fact(
        "retracing-warning",
        "When does the retracing warning appear, and what does it say on this version?",
        ("HYB002", "HYB003", "HYB004"),
        RETRACING_WARNING,
        _retracing_answer,
        _retracing_holds,
    ),
    Fact(
        "keras-run-eagerly",
        "Does `compile(run_eagerly=True)` make Keras run `call` eagerly during `fit` (Keras 3)?",
        ("HYB017",),
        KERAS_RUN_EAGERLY,
        _run_eagerly_answer,
        _run_eagerly_holds,
    ),
    Fact(
        "unconverting-ops",
        "Which TensorFlow ops call the module-level function they are given without AutoGraph conversion, "
        "inside a tf.function (its `if` on a tensor then raises)?",
        ("HYB014", "HYB015", "HYB016"),
        CONVERTING_OPS,
        _converting_answer,
        _converting_holds,
    ),
)
