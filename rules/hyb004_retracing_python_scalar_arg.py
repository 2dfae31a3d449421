"""HYB004 retracing-python-scalar-arg."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

from hybridlint.analysis import (
    ModuleAnalysis,
    analysis_for,
    definition_related,
    key_of,
    literal_number,
    loop_carried,
    runs_every_iteration,
    shorten,
)
from hybridlint.edits import add_import
from hybridlint.facts import FunctionInfo, TfFunctionUse
from hybridlint.loops import SMALL_STATIC_COUNT, static_int
from hybridlint.oracle import Counted, Oracle, Run, traces
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit

CAUSE_3 = (
    "TensorFlow's retracing warning names this as cause (3), \"passing Python objects instead of tensors\"."
)
MIN_DISTINCT_LITERALS = 3
ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
NUMBER_BUILTINS = frozenset({"int", "float", "round", "abs"})
SIZE_BUILTINS = frozenset({"len", "int", "float", "round", "abs", "min", "max", "sum"})

# TensorFlow ops whose listed arguments are plain values: a scalar tensor there behaves like the
# Python number did (same result, no shape or axis meaning). "*" = every positional argument.
_ELEMENTWISE = (
    "add subtract multiply divide truediv floordiv realdiv maximum minimum pow square sqrt rsqrt exp "
    "log log1p abs sign negative sin cos tan tanh sigmoid softplus floor ceil round squared_difference "
    "divide_no_nan multiply_no_nan add_n identity convert_to_tensor print"
).split()
VALUE_OPS: Dict[str, Tuple[str, ...]] = {}
for _name in _ELEMENTWISE:
    VALUE_OPS["tensorflow." + _name] = ("*",)
    VALUE_OPS["tensorflow.math." + _name] = ("*",)
VALUE_OPS["tensorflow.nn.relu"] = ("*",)
VALUE_OPS["tensorflow.nn.sigmoid"] = ("*",)
VALUE_OPS["tensorflow.cast"] = ("0", "x")
VALUE_OPS["tensorflow.clip_by_value"] = ("*", "clip_value_min", "clip_value_max")
VALUE_OPS["tensorflow.where"] = ("1", "2", "x", "y")
VALUE_OPS["tensorflow.math.scalar_mul"] = ("0", "scalar")
VALUE_OPS["tensorflow.scalar_mul"] = ("0", "scalar")
for _kind in ("scalar", "histogram", "image", "text", "audio"):
    VALUE_OPS["tensorflow.summary." + _kind] = ("1", "data", "step")
VARIABLE_WRITES = frozenset({"assign", "assign_add", "assign_sub"})


# The caller module of the multi-module examples: a loop calling `scale`, a tf.function of `pkg/model.py`.
_TRAIN_SCALE = "import tensorflow as tf\nfrom pkg.model import scale\n\nfor epoch in range(20):\n    scale(x, epoch / 10)\n"


class RetracingPythonScalarArg(Rule):
    code = "HYB004"
    name = "retracing-python-scalar-arg"
    severity = Severity.WARNING
    preview = True
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE
    summary = "A tf.function gets a Python number that changes between calls: one new trace per value"

    what_it_does = (
        "Flags call sites of a tf.function (a decorated def or method, `g = tf.function(f)`, or "
        "`self.step = tf.function(self._step)`) that pass a Python number which varies between calls: "
        "the loop variable of `for v in range(...)`, the index of `enumerate(...)` or "
        "`itertools.count()`, arithmetic over such a variable (`epoch / 10`, `float(i)`), a name "
        "assigned from one in the loop, or a counter updated in the loop (`step += 1`) that starts as "
        "a Python number, or a name rebound in the loop from its own previous value (`lr = lr * 0.9`). "
        "In preview it also flags every call site when a module that is not a test passes three or "
        "more distinct numeric literals to the same parameter (each value traces once; tests pass "
        "settings on purpose, often to a Python check of the value). Functions with an `input_signature` are skipped "
        "(their arguments are converted to tensors), as are parameters the function needs as Python values "
        "(passed to NumPy, SciPy or `math`, or tested by an `if` that raises: one trace per value is its "
        "design, a tensor would break it), bools, `None`, strings, tensors "
        "(`for i in tf.range(n)`, `tf.constant(i)`), loops with fewer than three values (`range(2)`, "
        "like a flag) and calls made inside traced code (a tf.function, a Keras `call` or `train_step`, or "
        "what they call: the inner tf.function is traced while the outer one is, once per outer trace, "
        "and the outer graph is then reused). A loop over `range(...)` whose bounds the text gives "
        "(literals, module constants, a constructor default kept on `self`) in code shown to run many times "
        "gives the same values on each run: each value traces once and later runs reuse the graphs, so "
        f"fewer than {SMALL_STATIC_COUNT} values are not reported, and for more the message says the traces "
        "happen the first time the loop runs. A loop variable "
        "that the loop body rebinds to something else is not followed. The message says the call gets a "
        "new number (and retraces) on each call only when the value changes on every iteration of the "
        "innermost loop around the call; a value updated under a condition (a step decay) or in an outer "
        "loop (per epoch, called per batch) is said to change each time it is updated, or on each "
        "iteration of the outer loop. The related information points at the tf.function's definition."
    )
    why_bad = (
        "tf.function keys its trace cache on the *values* of Python arguments, so every distinct "
        "number traces and builds a new graph (and keeps it in memory); a loop over `range(100)` "
        "traces 100 times, usually much slower than running eagerly. On TensorFlow 2.21 the first "
        "example below traces 20 times, and `reduce_retracing=True` does not help (it relaxes shapes, "
        "not Python values: six ints still give six traces). The `tf.function` docstring "
        "warns that Python scalars as arguments usually retrace, and TensorFlow's retracing warning "
        "lists *passing Python objects instead of tensors* as its cause (3). Hybridize reports "
        "primitive parameters of hybrid functions (`HAS_PRIMITIVE_PARAMETERS`) for the same reason, and "
        "ignores booleans, as this rule does. The study's abstract finds hybridization can degrade "
        "performance, and Performance is the largest category of its labelled fix commits (57 of 159); "
        "the eval corpus has a real fix commit that removed a tf.function retraced per Python value of "
        "an argument (tensorflow/addons #823)."
    )
    use_instead = (
        "Pass a tensor (`tf.constant(epoch / 10)`, or keep a `tf.Variable` and `assign` it), or give "
        "the function an `input_signature`. Keep Python values only for arguments with a few values "
        "that really change the graph (flags such as `training=True`)."
    )
    fix_safety_doc = (
        "Unsafe: wraps the argument as `tf.constant(arg)` at the call site (using the module's "
        "TensorFlow alias; a module that has none, such as a caller of another module's tf.function, also "
        "gets `import tensorflow as tf` after its imports, unless it binds `tf` otherwise). For a tf.function "
        "of another module, its body is judged there, through the project index. The value becomes a tensor, so its "
        "dtype may differ (a Python int becomes int32 and may then clash with float32 tensors), and code "
        "in the function that used it as a Python number would change or break. The fix is therefore "
        "offered only when every use of the parameter in the function's body is an operand of "
        "TensorFlow ops (elementwise math, `tf.cast`, `tf.where` values, `tf.summary` data and step, "
        "`Variable.assign*`), or of arithmetic with a tensor or another parameter, or a local name used "
        "only that way: never when it reaches `range()`, Python `if`/comparisons, NumPy, list indexing, "
        "shape or axis arguments, or is returned as is."
    )
    references = (
        "https://www.tensorflow.org/guide/function#controlling_retracing",
        "https://www.tensorflow.org/api_docs/python/tf/function",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(x, factor):\n"
            "    return x * factor\n\n"
            "for epoch in range(20):\n"
            "    scale(x, epoch / 10)\n",
            flagged=["epoch / 10"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(x, factor):\n"
            "    return x * factor\n\n"
            "for epoch in range(20):\n"
            "    scale(x, tf.constant(epoch / 10))\n",
            name="bad-scale",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self):\n"
            "        self.step = tf.function(self._step)\n\n"
            "    def _step(self, x, lr):\n"
            "        return tf.multiply(x, lr)\n\n"
            "    def fit(self, batches):\n"
            "        for i, x in enumerate(batches):\n"
            "            self.step(x, lr=0.1 * 0.99 ** i)\n",
            flagged=["0.1 * 0.99 ** i"],
            fixed="import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self):\n"
            "        self.step = tf.function(self._step)\n\n"
            "    def _step(self, x, lr):\n"
            "        return tf.multiply(x, lr)\n\n"
            "    def fit(self, batches):\n"
            "        for i, x in enumerate(batches):\n"
            "            self.step(x, lr=tf.constant(0.1 * 0.99 ** i))\n",
            note="an enumerate index, through a wrapping stored on self",
            name="enumerate-index-through-wrapping-stored",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, step):\n"
            "    if step % 100 == 0:\n"
            "        tf.print(step)\n"
            "    return x\n\n"
            "def train(dataset):\n"
            "    step = 0\n"
            "    for x in dataset:\n"
            "        train_step(x, step)\n"
            "        step += 1\n",
            flagged=[("step", 6)],
            note="a counter; no fix, since `step` drives a Python `if` in the function",
            name="counter-no-fix-since-step",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def blur(image, sigma):\n"
            "    return tf.nn.relu(image - sigma)\n\n"
            "a = blur(img, 1.0)\n"
            "b = blur(img, 2.0)\n"
            "c = blur(img, 3.0)\n",
            flagged=["1.0", "2.0", "3.0"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def blur(image, sigma):\n"
            "    return tf.nn.relu(image - sigma)\n\n"
            "a = blur(img, tf.constant(1.0))\n"
            "b = blur(img, tf.constant(2.0))\n"
            "c = blur(img, tf.constant(3.0))\n",
            note="three distinct literals for one parameter: three traces (preview: each value traces once)",
            preview=True,
            name="three-distinct-literals-one-parameter",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def forward(model, x, training):\n"
            "    return model(x, training=training)\n\n"
            "for x in dataset:\n"
            "    forward(model, x, training=True)\n"
            "forward(model, x_val, training=False)\n",
            note="bool flags trace at most twice, by design",
            name="bool-flags-trace-at-most",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(x, factor):\n"
            "    return x * factor\n\n"
            "for epoch in tf.range(20):\n"
            "    scale(x, tf.cast(epoch, tf.float32) / 10)\n"
            "for epoch in range(20):\n"
            "    scale(x, tf.constant(epoch / 10))\n",
            note="tensors: a tf.range loop variable, and a value wrapped in tf.constant",
            name="tensors-tf-range-loop-variable",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.float32)])\n"
            "def scale(x, factor):\n"
            "    return x * factor\n\n"
            "for epoch in range(20):\n"
            "    scale(x, epoch / 10)\n",
            note="input_signature converts the number to a tensor: one trace",
            name="input-signature-converts-number-tensor",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x, n_layers):\n"
            "    return x\n\n"
            "step(x, 2)\n"
            "step(x, 4)\n"
            "for v in range(3):\n"
            "    print(v)\n",
            note="two distinct values: two traces, usually intended",
            name="two-distinct-values-two-traces",
        ),
        Bad(
            _TRAIN_SCALE,
            flagged=["epoch / 10"],
            fixed=_TRAIN_SCALE.replace("epoch / 10", "tf.constant(epoch / 10)"),
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/model.py", "import tensorflow as tf\n\n\n@tf.function\ndef scale(x, factor):\n    return x * factor\n"),
            ),
            note="a tf.function imported from another module, whose body only feeds `factor` to TensorFlow ops",
        ),
        Bad(
            "from pkg.model import Trainer\n\n"
            "trainer = Trainer()\n"
            "for i in range(100):\n"
            "    trainer.step(x, 0.1 * 0.99 ** i)\n",
            flagged=["0.1 * 0.99 ** i"],
            fixed="from pkg.model import Trainer\n"
            "import tensorflow as tf\n\n"
            "trainer = Trainer()\n"
            "for i in range(100):\n"
            "    trainer.step(x, tf.constant(0.1 * 0.99 ** i))\n",
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\n\n\nclass Trainer:\n"
                    "    @tf.function\n    def step(self, x, lr):\n        return x * lr\n",
                ),
            ),
            note="a tf.function method of an object whose class is in another module (resolved with jedi); the fix "
            "imports TensorFlow, which this module did not",
        ),
        Good(
            _TRAIN_SCALE,
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\n\n\n"
                    "@tf.function(input_signature=[tf.TensorSpec(None, tf.float32), tf.TensorSpec([], tf.float32)])\n"
                    "def scale(x, factor):\n    return x * factor\n",
                ),
            ),
            note="the imported tf.function has an input_signature",
        ),
        Bad(
            _TRAIN_SCALE,
            flagged=["epoch / 10"],
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\n\n\n@tf.function\ndef scale(x, factor):\n"
                    "    if factor > 1:\n        x = tf.nn.relu(x)\n    return x * factor\n",
                ),
            ),
            note="no fix: the imported tf.function drives a Python `if` with `factor`",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(dataset):\n"
            "    lr = 0.1\n"
            "    for x in dataset:\n"
            "        train_step(x, lr)\n"
            "        lr = lr * 0.9\n",
            flagged=[("lr", 3)],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(dataset):\n"
            "    lr = 0.1\n"
            "    for x in dataset:\n"
            "        train_step(x, tf.constant(lr))\n"
            "        lr = lr * 0.9\n",
            note="a value carried from one iteration to the next (learning-rate decay)",
            name="value-carried-from-one-iteration",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, parity):\n"
            "    return x * parity\n\n"
            "def train(dataset):\n"
            "    parity = 0\n"
            "    for x in dataset:\n"
            "        train_step(x, parity)\n"
            "        parity = (parity + 1) % 2\n",
            note="a value that cycles through two numbers traces twice, like a flag",
            name="value-that-cycles-through-two",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def clip(x, low, high):\n"
            "    if low > high:\n"
            "        raise ValueError('low > high')\n"
            "    return tf.clip_by_value(x, low, high)\n\n"
            "def test_rejects_reversed_bounds():\n"
            "    with pytest.raises(ValueError):\n"
            "        clip(tf.ones([2]), 3.0, 1.0)\n\n"
            "def test_clips():\n"
            "    clip(tf.ones([2]), 0.0, 2.0)\n",
            path="tests/test_clip.py",
            note="a test passes fixed settings in separate cases (and the value feeds a Python check)",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(dataset, epochs):\n"
            "    lr = 0.1\n"
            "    for epoch in range(epochs):\n"
            "        for x in dataset:\n"
            "            train_step(x, lr)\n"
            "        lr = lr * 0.9\n",
            flagged=[("lr", 3)],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(dataset, epochs):\n"
            "    lr = 0.1\n"
            "    for epoch in range(epochs):\n"
            "        for x in dataset:\n"
            "            train_step(x, tf.constant(lr))\n"
            "        lr = lr * 0.9\n",
            note="decayed once per epoch, in the loop around the batch loop: one trace per epoch",
            name="decayed-once-per-epoch-loop",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(x, epochs):\n"
            "    lr = 0.1\n"
            "    for epoch in range(epochs):\n"
            "        train_step(x, lr)\n"
            "        if epoch % 2 == 1:\n"
            "            lr = lr * 0.5\n",
            flagged=[("lr", 3)],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(x, epochs):\n"
            "    lr = 0.1\n"
            "    for epoch in range(epochs):\n"
            "        train_step(x, tf.constant(lr))\n"
            "        if epoch % 2 == 1:\n"
            "            lr = lr * 0.5\n",
            note="a step decay: updated under a condition, one trace per new value",
            name="step-decay-updated-under-condition",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, lr):\n"
            "    return x * lr\n\n"
            "def train(dataset, epochs):\n"
            "    lr = tf.constant(0.1)\n"
            "    for epoch in range(epochs):\n"
            "        for x in dataset:\n"
            "            train_step(x, lr)\n"
            "        lr = lr * 0.9\n",
            note="the decayed value is a tensor: one trace",
            name="decayed-value-tensor-one-trace",
        ),
        Good(
            "import scipy.special\n"
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def harmonic(x, l):\n"
            "    if l < 0:\n"
            '        raise ValueError("l must be >= 0")\n'
            "    return x * float(scipy.special.factorial(l))\n"
            "\n"
            "\n"
            "def basis(x):\n"
            "    return [harmonic(x, n) for n in range(7)]\n",
            note="the function needs `l` as a Python value (SciPy, a raise on it): one trace per order is its design",
            name="parameter-needed-as-python-value",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def select(x, i):\n"
            "    return x[:, i]\n\n"
            "class Ensemble(tf.keras.Model):\n"
            "    def __init__(self, members):\n"
            "        super().__init__()\n"
            "        self.members = members\n\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        outs = [m(select(x, i)) for i, m in zip(range(len(self.members)), self.members)]\n"
            "        return {\"loss\": tf.reduce_mean(tf.stack(outs)) - tf.reduce_mean(y)}\n",
            note="a call in a Keras `train_step`, which `fit` traces: it is traced with the step, once per "
            "trace, and reused on later steps",
            name="call-in-keras-train-step",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def select(x, i):\n"
            "    return x[:, i]\n\n"
            "class Ensemble:\n"
            "    def __init__(self, nmodels=5):\n"
            "        self.nmodels = nmodels\n\n"
            "    def predict(self, x):\n"
            "        return [select(x, i) for i in range(self.nmodels)]\n\n"
            "    def evaluate(self, batches):\n"
            "        return [self.predict(x) for x in batches]\n",
            note="a small fixed count (a constructor default): the same values on each run of `predict`, so "
            "each value traces once and later runs reuse the graphs",
            name="same-few-values-each-run",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def select(x, i):\n"
            "    return x[:, i]\n\n"
            "class Bank:\n"
            "    def __init__(self, nfilters=40):\n"
            "        self.nfilters = nfilters\n\n"
            "    def predict(self, x):\n"
            "        return [select(x, i) for i in range(self.nfilters)]\n\n"
            "    def evaluate(self, batches):\n"
            "        return [self.predict(x) for x in batches]\n",
            flagged=[("i", 10)],
            note="the same values on each run, but 40 of them: 40 traces the first time the loop runs (no fix: "
            "`select` slices with `i`)",
            name="same-many-values-each-run",
        ),
    )

    oracle = Oracle(
        symptom=traces("scale", 3),
        runs={
            "bad-scale": Run("outputs = scale(x, 2.0)", setup="x = tf.ones([3])\n"),
            "enumerate-index-through-wrapping-stored": Run(
                "t = Trainer()\nt.fit([tf.ones([2])] * 4)\noutputs = t.step(tf.ones([2]), tf.constant(0.5))",
                symptom=Counted("t.step.experimental_get_tracing_count()", 3, "traces of `self.step`"),
            ),
            "counter-no-fix-since-step": Run("train(dataset)\noutputs = 1", setup="dataset = [tf.ones([2])] * 4\n", symptom=traces("train_step", 3)),
            "three-distinct-literals-one-parameter": Run("outputs = [a, b, c]", setup="img = tf.ones([2, 2])\n", symptom=traces("blur", 3)),
            "bool-flags-trace-at-most": Run(
                "outputs = forward(model, x_val, training=False)",
                setup="def model(x, training=False):\n"
                "    return x * (2.0 if training else 1.0)\n"
                "dataset = [tf.ones([2])] * 4\n"
                "x_val = tf.ones([2])\n",
                symptom=traces("forward", 3),
            ),
            "tensors-tf-range-loop-variable": Run("outputs = scale(x, tf.constant(0.5))", setup="x = tf.ones([3])\n"),
            "input-signature-converts-number-tensor": Run("outputs = scale(x, 0.5)", setup="x = tf.ones([3])\n"),
            "two-distinct-values-two-traces": Run("outputs = step(x, 2)", setup="x = tf.ones([2])\n", symptom=traces("step", 3)),
            "value-carried-from-one-iteration": Run("train(dataset)\noutputs = 1", setup="dataset = [tf.ones([2])] * 4\n", symptom=traces("train_step", 3)),
            "value-that-cycles-through-two": Run("train(dataset)\noutputs = 1", setup="dataset = [tf.ones([2])] * 4\n", symptom=traces("train_step", 3)),
            "decayed-once-per-epoch-loop": Run("train(dataset, 3)\noutputs = 1", setup="dataset = [tf.ones([2])] * 2\n", symptom=traces("train_step", 3)),
            "step-decay-updated-under-condition": Run("train(tf.ones([2]), 6)\noutputs = 1", symptom=traces("train_step", 3)),
            "call-in-keras-train-step": Run(
                "m = Ensemble([tf.keras.layers.Dense(1) for _ in range(3)])\n"
                "step = tf.function(m.train_step)\n"
                "data = (tf.ones([2, 3, 4]), tf.ones([2]))\n"
                "first = step(data)\n"
                "before = select.experimental_get_tracing_count()\n"
                "for _ in range(4):\n"
                "    last = step(data)\n"
                "later = select.experimental_get_tracing_count() - before\n"
                "outputs = last[\"loss\"]",
                symptom=Counted("later", 1, "traces of `select` after the first step"),
            ),
            "same-few-values-each-run": Run(
                "e = Ensemble()\n"
                "e.evaluate([tf.ones([2, 5])])\n"
                "before = select.experimental_get_tracing_count()\n"
                "outputs = e.evaluate([tf.ones([2, 5])] * 4)\n"
                "later = select.experimental_get_tracing_count() - before",
                symptom=Counted("later", 1, "traces of `select` after the first run"),
            ),
            "same-many-values-each-run": Run(
                "outputs = Bank().evaluate([tf.ones([2, 40])] * 2)", symptom=traces("select", 40)
            ),
            "decayed-value-tensor-one-trace": Run("train(dataset, 3)\noutputs = 1", setup="dataset = [tf.ones([2])] * 2\n", symptom=traces("train_step", 3)),
        },
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)
        # (id of the function, parameter) → literal arguments seen at its call sites
        self._literals: Dict[Tuple[int, str], List[Tuple[ast.expr, float, FunctionInfo, TfFunctionUse, str]]] = {}
        # of the last `_varying_names`: keys that change under a condition ("condition") or with a loop
        # around the innermost one ("outer"), so not on each call
        self._sometimes: Dict[str, str] = {}
        # of the last `_varying_names`: keys that take the values of a `range(...)` with static bounds (the
        # same on every run of the loop), with its count
        self._static: Dict[str, int] = {}

    @classmethod
    def summarize_function(cls, ctx, info: FunctionInfo) -> Optional[object]:
        """For call sites in other modules: the parameters whose every use feeds TensorFlow ops as a
        plain value, for which wrapping the argument in `tf.constant` keeps behaviour."""
        if info.decorator is None and not info.wrappers:
            return None
        rule = cls(ctx)
        args = info.node.args
        params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
        # "!p": the body needs `p` as a Python value (see `_needs_python_value`).
        needs_python = sorted(rule.an.python_value_parameters(info))
        return [p for p in params if rule._only_tensor_uses(info, p)] + ["!" + p for p in needs_python]

    def _needs_python_value(self, target: FunctionInfo, param: Optional[str]) -> bool:
        """The tf.function needs `param` as a Python value (NumPy/SciPy on it, an `if` on it that raises):
        one trace per value is its design, and a tensor would break it."""
        if param is None:
            return False
        if target.external is not None:
            return "!" + param in (target.external.notes.get(self.code) or ())
        return param in self.an.python_value_parameters(target)

    def visit_Call(self, node: ast.Call) -> None:
        ctx, an = self.ctx, self.an
        scope = ctx.function
        graph = scope.graph if scope is not None else None
        if graph is not None and not graph.is_weak:
            # traced code (a tf.function, what it calls, a Keras `call`/`train_step`): the call is traced
            # with it, once per trace of the outer function, whose graph is then reused: not once per call
            return
        cls = ctx.facts.enclosing_class(scope)
        target, use = ctx.facts.resolve_callable(node.func, scope, cls, external=True)
        if target is None or use is None or use.has_input_signature:
            return
        bound = an.bound_call(node, target)
        varying: Optional[Dict[str, str]] = None
        for index, (param, arg) in enumerate(an.map_arguments(node, target, bound)):
            label = param if param is not None else f"argument {index + 1}"
            if self._needs_python_value(target, param):
                continue
            value = literal_number(arg)
            if value is not None:
                if param is not None:
                    self._literals.setdefault((id(target), param), []).append((arg, value, target, use, param))
                continue
            if varying is None:
                varying = self._varying_names(scope)
            key = self._varies(arg, varying, scope)
            if key is None:
                continue
            shown = shorten(ctx.source.segment(arg))
            why = f"`{key}` is {varying[key]}" if shown == key else f"`{shown}` changes with `{key}`, {varying[key]}"
            when = self._sometimes.get(key)
            count = self._static.get(key)
            if count is not None and an.repetition(scope) is not None:
                # the same values on every run of the enclosing code: traced once each, then reused
                if count < SMALL_STATIC_COUNT:
                    continue
                gets = (
                    f"a different Python number on each iteration, {count} values that are the same on each "
                    f"run of `{scope.name}`"
                )
                retraces = f"on each iteration the first time the loop runs (later runs reuse the {count} traces)"
            elif when == "condition":
                gets, retraces = f"a new Python number each time `{key}` is updated", "each time it is updated"
            elif when == "outer":  # changed by a loop around the loop that calls: once per outer iteration
                gets, retraces = "a new Python number on each iteration of an outer loop", "once per iteration of that loop"
            else:
                gets, retraces = "a different Python number on each call", "every time"
            self.report(
                arg,
                f"`{label}` of `{shorten(ctx.source.segment(node.func))}` gets {gets} ({why}); "
                f"tf.function traces a new graph for each distinct Python value, so this call "
                f"retraces {retraces}. Pass a tensor instead (e.g. `tf.constant(...)`). {CAUSE_3}",
                fix=self._fix_factory(arg, target, param),
                related=self._related(target, use),
            )

    def finish(self) -> None:
        # Distinct literals at separate call sites cost one trace each, not one per step, and a test
        # passes them on purpose: weak evidence of a retracing problem, so preview, never in tests.
        if self.ctx.is_test_file or not self.ctx.settings.preview:
            return
        for entries in self._literals.values():
            values = sorted({value for _, value, _, _, _ in entries})
            if len(values) < MIN_DISTINCT_LITERALS:
                continue
            shown = ", ".join(_number_text(v) for v in values[:6]) + (", …" if len(values) > 6 else "")
            for arg, _, target, use, param in entries:
                self.report(
                    arg,
                    f"`{target.name}` is called with {len(values)} different Python numbers for `{param}` "
                    f"in this file ({shown}); tf.function traces a new graph for each distinct Python "
                    f"value. Pass a tensor instead (e.g. `tf.constant(...)`). {CAUSE_3}",
                    fix=self._fix_factory(arg, target, param),
                    related=self._related(target, use),
                    preview=True,
                )

    def _related(self, target: FunctionInfo, use: TfFunctionUse) -> List[Related]:
        ctx = self.ctx
        related = [definition_related(target, ctx.source, f"`{target.name}` is defined here")]
        if use is not target.decorator and hasattr(use.node, "lineno"):
            related.append(Related(ctx.span(use.node), f"`{target.name}` is wrapped by tf.function here"))
        return related

    # -- which values vary -----------------------------------------------------------------------

    def _varying_names(self, scope: Optional[FunctionInfo]) -> Dict[str, str]:
        """Names and attribute keys holding a Python number that changes from one iteration of an
        enclosing loop to the next, each with what makes it change."""
        an = self.an
        found: Dict[str, str] = {}
        # keys updated under a condition, or by a loop around the innermost one: they change on some
        # calls, not on each
        sometimes: Dict[str, str] = {}
        self._sometimes = sometimes
        static = self._static = {}
        for loop in self.ctx.loops:
            generators: List[Tuple[ast.expr, ast.expr]] = []
            if isinstance(loop, (ast.For, ast.AsyncFor)):
                generators.append((loop.target, loop.iter))
            elif isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                generators.extend((g.target, g.iter) for g in loop.generators)
            inner = loop is self.ctx.loops[-1]
            for target, iterable in generators:
                for name, why in self._counting_targets(target, iterable, scope):
                    found[name] = why
                    count = self._static_count(iterable, scope)
                    if count is not None:
                        static[name] = count
                    else:
                        static.pop(name, None)
                    if not inner:
                        sometimes[name] = "outer"
                    else:
                        sometimes.pop(name, None)
            for key, node in loop_carried(an, loop).items():
                # `step += 1`, `lr = lr * 0.9`: a Python number carried from one iteration to the next
                every = runs_every_iteration(loop, node)
                if isinstance(node, ast.AugAssign):
                    if not isinstance(node.op, ARITHMETIC) or not self._is_number(node.value, scope, 0):
                        continue
                    target = node.target
                    if every:
                        why = "updated on every iteration of the loop"
                    else:
                        why = f"updated in the loop under a condition (`{shorten(self.ctx.source.segment(node))}`)"
                else:
                    assert isinstance(node, ast.Assign)
                    value = node.value
                    if not isinstance(value, (ast.BinOp, ast.Call)) or (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mod)):
                        continue  # `lr = lr` keeps it, `k = (k + 1) % 3` cycles through a few values
                    if self._varies(value, {key: ""}, scope) != key:
                        continue
                    target = node.targets[0]
                    when = "on every iteration" if every else "in the loop under a condition"
                    why = f"rebound from its own previous value {when} (`{shorten(self.ctx.source.segment(node))}`)"
                if self._starts_as_number(target, scope, ignore=node):
                    found[key] = why
                    if not every or not inner:
                        sometimes[key] = "condition" if not every else "outer"
                    else:
                        sometimes.pop(key, None)
            # Loop variables reassigned to something else are no longer the counter; names assigned
            # from a varying number in the loop vary too.
            assigned: Dict[str, List[ast.expr]] = {}
            for node in an.scope_walk(loop):
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    key = key_of(node.targets[0]) if not isinstance(node.targets[0], ast.Subscript) else None
                    if key is not None:
                        assigned.setdefault(key, []).append(node.value)
            for _ in range(3):
                for key, values in assigned.items():
                    reasons = [self._varies(v, found, scope) for v in values]
                    if all(r is not None for r in reasons):
                        found.setdefault(key, f"computed in the loop from `{reasons[0]}`")
                        if reasons[0] in sometimes:
                            sometimes[key] = sometimes[reasons[0]]
                        if all(r in static for r in reasons):
                            static.setdefault(key, static[reasons[0]])
                    elif key in found and not all(r is not None for r in reasons):
                        found.pop(key)
        return found

    def _counting_targets(self, target: ast.expr, iterable: ast.expr, scope) -> List[Tuple[str, str]]:
        if not isinstance(iterable, ast.Call):
            return []
        func = iterable.func
        an = self.an
        if isinstance(func, ast.Name) and func.id == "range" and an.is_builtin("range", scope):
            bounds = [literal_number(a) for a in iterable.args]
            if bounds and all(isinstance(v, int) for v in bounds) and not iterable.keywords:
                try:
                    if len(range(*bounds)) < MIN_DISTINCT_LITERALS:  # type: ignore[arg-type]
                        return []  # `range(2)`: at most two traces, like a flag
                except (TypeError, ValueError):
                    return []
            if isinstance(target, ast.Name):
                return [(target.id, "the loop variable of `range(...)`")]
        elif isinstance(func, ast.Name) and func.id == "enumerate" and an.is_builtin("enumerate", scope):
            items = iterable.args[0] if iterable.args else None
            if isinstance(items, (ast.List, ast.Tuple)) and len(items.elts) < MIN_DISTINCT_LITERALS:
                return []
            if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name):
                name = target.elts[0].id
                return [(name, "the index of `enumerate(...)`")]
        elif self.ctx.qualname(func) == "itertools.count" and isinstance(target, ast.Name):
            return [(target.id, "the loop variable of `itertools.count()`")]
        return []

    def _static_count(self, iterable: ast.expr, scope) -> Optional[int]:
        """The length of `range(...)` whose bounds the text gives (`loops.static_int`: literals, module
        constants, a constructor default kept on `self`), or None."""
        if not (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "range"):
            return None
        if iterable.keywords or not 1 <= len(iterable.args) <= 3:
            return None
        bounds = [static_int(a, scope, self.ctx.facts) for a in iterable.args]
        if any(b is None for b in bounds):
            return None
        try:
            return len(range(*bounds))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    def _varies(self, expr: ast.expr, varying: Dict[str, str], scope, depth: int = 0) -> Optional[str]:
        if depth > 8:
            return None
        if isinstance(expr, (ast.Name, ast.Attribute)):
            key = key_of(expr)
            return key if key is not None and key in varying else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ARITHMETIC):
            left = self._varies(expr.left, varying, scope, depth + 1)
            right = self._varies(expr.right, varying, scope, depth + 1)
            if left is not None and (right is not None or self._is_number(expr.right, scope, depth + 1)):
                return left
            if right is not None and self._is_number(expr.left, scope, depth + 1):
                return right
            return None
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
            return self._varies(expr.operand, varying, scope, depth + 1)
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id in NUMBER_BUILTINS
            and len(expr.args) == 1
            and not expr.keywords
            and self.an.is_builtin(expr.func.id, scope)
        ):
            return self._varies(expr.args[0], varying, scope, depth + 1)
        return None

    def _is_number(self, expr: ast.expr, scope, depth: int) -> bool:
        """A Python number that does not change here (a literal, a constant, `len(...)`)."""
        if depth > 8:
            return False
        if literal_number(expr) is not None:
            return True
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ARITHMETIC):
            return self._is_number(expr.left, scope, depth + 1) and self._is_number(expr.right, scope, depth + 1)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
            return self._is_number(expr.operand, scope, depth + 1)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in SIZE_BUILTINS:
            return self.an.is_builtin(expr.func.id, scope)
        if isinstance(expr, ast.Name):
            return self._name_is_number(expr.id, scope, depth + 1)
        return False

    def _name_is_number(self, name: str, scope, depth: int) -> bool:
        an = self.an
        if scope is not None and an.is_local_name(name, scope):
            values = an.assignments(scope).get(name, [])
            default = _parameter_default(scope, name)
            if default is not None:
                values = values + [default]
        else:
            values = an.assignments(None).get(name, [])
            scope = None
        return bool(values) and all(v is not None and self._is_number(v, scope, depth) for v in values)

    def _starts_as_number(self, target: ast.expr, scope, ignore: Optional[ast.stmt] = None) -> bool:
        """The counter's other assignments give it a Python number (`step = 0`); `ignore` is the
        update itself (`lr = lr * 0.9`)."""
        an = self.an
        skip = ignore.value if isinstance(ignore, ast.Assign) else None
        if isinstance(target, ast.Name):
            if scope is not None and an.is_local_name(target.id, scope):
                values = [v for v in an.assignments(scope).get(target.id, []) if v is not None and v is not skip]
                default = _parameter_default(scope, target.id)
                if default is not None:
                    values.append(default)
            else:
                values = [v for v in an.assignments(None).get(target.id, []) if v is not None and v is not skip]
                scope = None
            return bool(values) and all(self._is_number(v, scope, 0) for v in values)
        key = key_of(target)
        cls = self.ctx.facts.enclosing_class(scope)
        if key is None or cls is None or not key.startswith("self."):
            return False
        values: List[ast.expr] = []
        for node in ast.walk(cls.node):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is not skip and any(key_of(t) == key and not isinstance(t, ast.Subscript) for t in targets):
                    values.append(node.value)
        return bool(values) and all(self._is_number(v, None, 0) for v in values)

    # -- the fix ---------------------------------------------------------------------------------

    def _fix_factory(self, arg: ast.expr, target: FunctionInfo, param: Optional[str]):
        ctx = self.ctx
        if param is None:
            return None
        tf_name = ctx.facts.tf_module_alias()
        span = ctx.span(arg)
        text = ctx.source.segment(arg)

        def fix() -> Optional[Fix]:
            if target.external is not None:  # judged from the callee's body by its own module's note
                if param not in (target.external.notes.get(self.code) or ()):
                    return None
            elif not self._only_tensor_uses(target, param):
                return None
            edits = [Edit(span, f"{tf_name or 'tf'}.constant({text})")]
            if tf_name is None:
                # A caller of another module's tf.function need not import TensorFlow: add the import,
                # above the statement that makes the call, unless `tf` means something else here.
                if "tf" in ctx.facts.imports or any(info.name == "tf" or "tf" in info.locals for info in ctx.facts.functions):
                    return None
                statement = next(
                    (s for s in ctx.tree.body if s.lineno <= arg.lineno <= (s.end_lineno or s.lineno)), None
                )
                import_edit = add_import(ctx.source, ctx.tree, "import tensorflow as tf", before=statement)
                if import_edit is None:
                    return None
                edits.insert(0, import_edit)
            return Fix(f"Pass `{tf_name or 'tf'}.constant(...)`", tuple(edits), FixSafety.UNSAFE)

        return fix

    def _only_tensor_uses(self, target: FunctionInfo, param: str) -> bool:
        """Every use of `param` in the body feeds TensorFlow ops as a plain value."""
        an = self.an
        root = target.node
        params = {a.arg for a in root.args.posonlyargs + root.args.args + root.args.kwonlyargs}
        uses = []
        for node in an.scope_walk(root, into_nested=True):
            if isinstance(node, ast.Name) and node.id == param:
                if not isinstance(node.ctx, ast.Load) or _in_nested_scope(an, node, root):
                    return False
                uses.append(node)
        if any(isinstance(d, ast.AST) and param in _names(d) for d in _defaults(root)):
            return False
        return all(self._feeds_tf(use, target, params - {param}, set(), 0) for use in uses)

    def _feeds_tf(self, node: ast.expr, target: FunctionInfo, tensors: Set[str], seen: Set[str], depth: int) -> bool:
        an, facts = self.an, self.ctx.facts
        if depth > 10:
            return False
        parent = an.parent(node)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ARITHMETIC):
            other = parent.right if parent.left is node else parent.left
            if self._tensorish(other, target, tensors):
                return True
            return self._feeds_tf(parent, target, tensors, seen, depth + 1)
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, (ast.USub, ast.UAdd)):
            return self._feeds_tf(parent, target, tensors, seen, depth + 1)
        if isinstance(parent, ast.keyword):
            call = an.parent(parent)
            if not isinstance(call, ast.Call):
                return False
            if isinstance(call.func, ast.Attribute) and call.func.attr in VARIABLE_WRITES:
                return parent.arg == "value"
            allowed = VALUE_OPS.get(facts.qualname(call.func, target) or "", ())
            return parent.arg in allowed
        if isinstance(parent, ast.Call):
            if parent.func is node:
                return False
            if isinstance(parent.func, ast.Attribute) and parent.func.attr in VARIABLE_WRITES:
                return bool(parent.args) and parent.args[0] is node
            allowed = VALUE_OPS.get(facts.qualname(parent.func, target) or "", ())
            index = next((i for i, a in enumerate(parent.args) if a is node), None)
            return index is not None and ("*" in allowed or str(index) in allowed)
        if (
            isinstance(parent, ast.Assign)
            and parent.value is node
            and len(parent.targets) == 1
            and isinstance(parent.targets[0], ast.Name)
        ):
            name = parent.targets[0].id
            if name in seen or name in tensors or len(an.assignments(target).get(name, [])) != 1:
                return False
            seen.add(name)
            loads = [
                n
                for n in an.scope_walk(target.node, into_nested=True)
                if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
            ]
            return all(
                not _in_nested_scope(an, n, target.node) and self._feeds_tf(n, target, tensors, seen, depth + 1)
                for n in loads
            )
        return False

    def _tensorish(self, expr: ast.expr, target: FunctionInfo, tensors: Set[str]) -> bool:
        """An operand that makes arithmetic a TensorFlow op: a TF call's result, another parameter
        of the tf.function, or a local computed from those."""
        facts = self.ctx.facts
        if isinstance(expr, ast.Call):
            name = facts.qualname(expr.func, target)
            return name is not None and name.startswith("tensorflow.")
        if isinstance(expr, ast.Name):
            if expr.id in tensors:
                return True
            values = self.an.assignments(target).get(expr.id, [])
            return len(values) == 1 and values[0] is not None and self._tensorish(values[0], target, tensors)
        if isinstance(expr, ast.Subscript):
            return self._tensorish(expr.value, target, tensors)
        if isinstance(expr, ast.BinOp):
            return self._tensorish(expr.left, target, tensors) or self._tensorish(expr.right, target, tensors)
        return False


def _parameter_default(info: FunctionInfo, name: str) -> Optional[ast.expr]:
    args = info.node.args
    positional = args.posonlyargs + args.args
    defaults = args.defaults
    offset = len(positional) - len(defaults)
    for index, a in enumerate(positional):
        if a.arg == name:
            return defaults[index - offset] if index >= offset else None
    for a, default in zip(args.kwonlyargs, args.kw_defaults):
        if a.arg == name:
            return default
    return None


def _defaults(node) -> List[ast.expr]:
    return list(node.args.defaults) + [d for d in node.args.kw_defaults if d is not None]


def _names(node: ast.AST) -> Set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _in_nested_scope(an: ModuleAnalysis, node: ast.AST, root: ast.AST) -> bool:
    for _, parent in an.climb(node, root):
        if parent is root:
            return False
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return True
    return False


def _number_text(value: float) -> str:
    return repr(value)
