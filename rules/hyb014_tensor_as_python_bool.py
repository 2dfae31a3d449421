"""HYB014 tensor-as-python-bool."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.analysis import analysis_for, function_label, traced_severity
from hybridlint.facts import GraphInfo
from hybridlint.oracle import Oracle, Raises, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import Inference, Kind, autograph_enabled, autograph_off_text, evidence_text, on_evidence, tensors_for

BOOL_ERROR = "OperatorNotAllowedInGraphError ('Using a symbolic `tf.Tensor` as a Python `bool` is not allowed')"
WHILE_ERROR = (
    "NotImplementedError ('The condition of while loop started as non-Tensor, then changed to Tensor')"
)
MAX_MIN = {"max": "maximum", "min": "minimum"}



class TensorAsPythonBool(Rule):
    code = "HYB014"
    name = "tensor-as-python-bool"
    severity = Severity.ERROR
    preview = True
    visits_graph_code_only = True
    fix_safety = FixSafety.UNSAFE
    summary = "A symbolic tensor used where Python needs a bool and AutoGraph does not convert the code"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags a tensor used as a Python `bool` in traced code where AutoGraph does not turn the test into "
        "graph control flow: `bool(t)`; builtin `max`/`min` with a tensor argument (they compare with a Python "
        "`if`); an `if` clause of a list, set or dict comprehension or generator expression (AutoGraph does not "
        "convert comprehensions); an `if` with a tensor test that `break`s out of a `while True:` loop. Where "
        "AutoGraph is off (`tf.function(autograph=False)`, `@tf.autograph.experimental.do_not_convert`, or a "
        "function defined outside converted code that traced code hands to `tf.scan`, `tf.foldl`, `tf.foldr`, "
        "`tf.cond`, `tf.case`, `tf.switch_case` or `tf.while_loop`, which call it as plain Python, and what it "
        "calls; and the `call`/`train_step`/`test_step`/`predict_step` of a Keras 3 class, which Keras 3 calls "
        "without AutoGraph (Keras 2 converted them), when `target-keras`, `target-tensorflow` or a Keras 3 API "
        "in the module shows it is Keras 3), every "
        "`if`, `while`, `assert`, conditional expression, `and`/`or`/`not` on a tensor is flagged. Only values "
        "known to be tensors count (TF op results, comparisons with them, Keras calls, `input_signature` "
        "parameters, ...); ordinary `if t:` in converted code is fine and not flagged."
        " A value that is a tensor only on weak evidence (a `tf.Tensor` annotation, a `tf.is_tensor` test on "
        "an unknown value, a Keras-backend or v1-compat function that usually returns one) is reported in "
        "preview mode only, and the message says what it was taken for."
    )
    why_bad = (
        "A symbolic tensor has no truth value while tracing, so asking for one raises "
        f"{BOOL_ERROR}. AutoGraph rewrites `if`/`while`/`and`/`or`/`not` on tensors into `tf.cond` and "
        "`tf.while_loop`, but not the implicit comparisons inside `max`/`min`, not comprehension filters, and "
        "not a Python `while True:` loop (its tensor `break` cannot stop a loop that started as a Python loop: "
        f"AutoGraph raises {WHILE_ERROR}, as the oracle shows on TensorFlow 2.21). "
        "Code that is also meant to run with AutoGraph off (library code, `autograph=False` for speed) hits "
        "this on every tensor condition. The study's abstract names execution-mode incompatibility as a main "
        "limit of hybridization; two of its labelled fix commits in TensorFlow Addons (eval cases c003 and "
        "c004) replace Python control flow and `max` on tensors for exactly this reason, within the 13 of 159 "
        "fixes categorised *Incompatibility*."
    )
    use_instead = (
        "TensorFlow ops: `tf.maximum`/`tf.minimum` for `max`/`min`, `tf.boolean_mask` or `tf.where` instead of "
        "a filtering comprehension, `tf.cond`/`tf.while_loop` (or converted `if`/`while`) for control flow, "
        "and a loop condition instead of `while True:` + `break`."
    )
    fix_safety_doc = (
        "Unsafe: `max(a, b)` → `tf.maximum(a, b)` and `min(a, b)` → `tf.minimum(a, b)`, for exactly two "
        "positional arguments. `tf.maximum` needs both operands of one dtype, where Python mixes ints and "
        "floats freely, and it broadcasts elementwise. Other findings have no automatic fix."
    )
    references = (
        "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/reference/common_errors.md",
        "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/reference/control_flow.md",
        "https://www.tensorflow.org/guide/function",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def jitter(x, amount):\n"
            "    return x * max(0.8, 1.0 - tf.reduce_mean(amount))\n",
            flagged=["max(0.8, 1.0 - tf.reduce_mean(amount))"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def jitter(x, amount):\n"
            "    return x * tf.maximum(0.8, 1.0 - tf.reduce_mean(amount))\n",
            name="bad-jitter",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def positives(xs):\n"
            "    totals = [tf.reduce_sum(x) for x in xs]\n"
            "    return [t for t in totals if t > 0]\n",
            flagged=["t > 0"],
            note="comprehension filters are not converted",
            name="comprehension-filters-are-not-converted",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(autograph=False)\n"
            "def safe_log(x):\n"
            "    m = tf.reduce_min(x)\n"
            "    if m > 0:\n"
            "        return tf.math.log(x)\n"
            "    return tf.zeros_like(x)\n",
            flagged=["m > 0"],
            note="with AutoGraph off, `if` on a tensor raises",
            name="with-autograph-off-if-tensor",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def halve_until_small(x):\n"
            "    while True:\n"
            "        x = x / 2\n"
            "        if tf.reduce_max(x) < 1.0:\n"
            "            break\n"
            "    return x\n",
            flagged=["tf.reduce_max(x) < 1.0"],
            name="bad-halve-until-small",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def any_nan(x):\n"
            "    return bool(tf.reduce_any(tf.math.is_nan(x)))\n",
            flagged=["bool(tf.reduce_any(tf.math.is_nan(x)))"],
            name="bad-any-nan",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def jitter(x, amount):\n"
            "    return x * tf.maximum(0.8, 1.0 - amount)\n",
            name="good-jitter",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def safe_log(x):\n"
            "    if tf.reduce_min(x) > 0:\n"
            "        return tf.math.log(x)\n"
            "    return tf.zeros_like(x)\n",
            note="AutoGraph converts `if` on a tensor into tf.cond",
            name="autograph-converts-if-tensor-into",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def pad_to(x, n):\n"
            "    size = max(x.shape[0], n)\n"
            "    return tf.pad(x, [[0, size - x.shape[0]]])\n\n"
            "pad_to(tf.ones([3]), 4)\n",
            note="static dims and Python numbers",
            name="static-dims-python-numbers",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def pick(xs, threshold):\n"
            "    return [x for x in xs if threshold > 2]\n",
            note="`threshold` is not known to be a tensor",
            name="threshold-not-known-tensor",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from pkg.losses import mean_loss\n\n\n"
            "@tf.function\n"
            "def jitter(x):\n"
            "    return x * max(0.8, 1.0 - mean_loss(x))\n",
            flagged=["max(0.8, 1.0 - mean_loss(x))"],
            fixed="import tensorflow as tf\n"
            "from pkg.losses import mean_loss\n\n\n"
            "@tf.function\n"
            "def jitter(x):\n"
            "    return x * tf.maximum(0.8, 1.0 - mean_loss(x))\n",
            path="pkg/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/losses.py", "import tensorflow as tf\n\n\ndef mean_loss(x):\n    return tf.reduce_mean(x)\n"),
            ),
            note="the project index knows that a helper of another module returns a tensor",
        ),
        Good(
            "import tensorflow as tf\n"
            "from pkg.losses import warmup\n\n\n"
            "@tf.function\n"
            "def jitter(x):\n"
            "    return x * max(0.8, 1.0 - warmup(3))\n",
            path="pkg/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/losses.py", "def warmup(steps):\n    return 1.0 / steps\n"),
            ),
            note="the helper of another module returns a Python number",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def nonempty(x):\n"
            "    if isinstance(x, (list, tuple)):\n"
            "        return bool(x)\n"
            "    return tf.size(x) > 0\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return nonempty(tf.abs(x))\n",
            note="the isinstance guard: `bool` runs only where `x` is a list or tuple",
        ),
        Bad(
            "import functools\n\n"
            "import tensorflow as tf\n\n\n"
            "def clip(x, limit):\n"
            "    if bool(x > limit):\n"
            "        return limit\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def clip_all(elems):\n"
            "    return tf.map_fn(functools.partial(clip, limit=1.0), elems)\n",
            flagged=["bool(x > limit)"],
            note="tf.map_fn passes its function slices of `elems`, tensors, also through functools.partial",
            name="tf-map-fn-passes-function",
        ),
        Good(
            "import functools\n\n"
            "import tensorflow as tf\n\n\n"
            "def clip(x, limit):\n"
            "    if x > limit:\n"
            "        return limit\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def clip_all(elems):\n"
            "    return tf.map_fn(functools.partial(clip, limit=1.0), elems)\n",
            note="AutoGraph converts the function tf.map_fn calls: its `if` on a tensor becomes tf.cond",
            name="autograph-converts-function-tf-map",
        ),
        Good(
            "import functools\n\n"
            "import tensorflow as tf\n\n\n"
            "def scale(factor, x):\n"
            "    if bool(factor > 0):\n"
            "        return x * factor\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def scale_all(elems):\n"
            "    return tf.map_fn(functools.partial(scale, 2.0), elems)\n",
            note="the partial binds `factor` to a Python number; tf.map_fn's slices go to `x`",
            name="partial-binds-factor-python-number",
        ),
        Good(
            "import functools\n\n"
            "import tensorflow as tf\n\n\n"
            "def augment(x, scale):\n"
            "    if bool(scale > 1):\n"
            "        return x * scale\n"
            "    return x\n\n\n"
            "ds = tf.data.Dataset.from_tensor_slices([0.5, 2.0]).map(functools.partial(augment, scale=2.0))\n",
            note="the partial binds `scale` to a Python number: tf.data passes only the element, to `x`",
            name="partial-binds-scale-python-number",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def augment(x, scale=2.0):\n"
            "    if bool(scale > 1):\n"
            "        return x * scale\n"
            "    return x\n\n\n"
            "ds = tf.data.Dataset.from_tensor_slices([0.5, 2.0]).map(augment)\n",
            note="a parameter with a default gets a component only when elements have that many",
            name="parameter-with-default-gets-component",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def add_if_positive(total, reading):\n"
            "    if tf.reduce_sum(reading) > 0:\n"
            "        return total + reading\n"
            "    return total\n\n\n"
            "@tf.function\n"
            "def running_total(readings):\n"
            "    return tf.scan(add_if_positive, readings)\n",
            flagged=["tf.reduce_sum(reading) > 0"],
            note="`tf.scan` (like `tf.foldl`, `tf.foldr`, `tf.cond`, `tf.case`, `tf.switch_case` and `tf.while_loop`) "
            "calls a function defined outside the tf.function as plain Python: AutoGraph does not convert its `if`",
            name="scan-calls-function-without-autograph",
        ),
        Bad(
            "import functools\n\n"
            "import tensorflow as tf\n\n\n"
            "def _shrink(x):\n"
            "    while tf.reduce_max(x) > 10.0:\n"
            "        x = x / 2.0\n"
            "    return x\n\n\n"
            "def _limit(x):\n"
            "    return _shrink(x)\n\n\n"
            "@tf.function\n"
            "def bounded(x, big):\n"
            "    return tf.cond(big, functools.partial(_limit, x), lambda: x)\n",
            flagged=["tf.reduce_max(x) > 10.0"],
            note="a branch of tf.cond runs unconverted, and so does the helper it calls",
            name="cond-branch-helper-runs-unconverted",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def running_total(readings):\n"
            "    def add_if_positive(total, reading):\n"
            "        if tf.reduce_sum(reading) > 0:\n"
            "            return total + reading\n"
            "        return total\n\n"
            "    return tf.scan(add_if_positive, readings)\n",
            note="a def written inside the tf.function is converted with it, whoever calls it",
            name="def-inside-tf-function-converted",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def add_if_positive(total, reading):\n"
            "    if tf.reduce_sum(reading) > 0:\n"
            "        return total + reading\n"
            "    return total\n\n\n"
            "def running_total(readings):\n"
            "    return tf.scan(add_if_positive, readings)\n\n\n"
            "totals = running_total(tf.constant([1.0, -2.0]))\n",
            note="called eagerly, tf.scan runs its function eagerly: the `if` sees concrete values",
            name="scan-called-eagerly-runs-eagerly",
        ),
        Bad(
            "import keras\n"
            "import tensorflow as tf\n"
            "from keras import ops\n\n\n"
            "class Halve(keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        if tf.reduce_max(x) > 1.0:\n"
            "            return ops.divide(x, 2.0)\n"
            "        return x\n",
            flagged=["tf.reduce_max(x) > 1.0"],
            note="Keras 3 (`keras.ops` exists only there) calls `call` as plain Python: AutoGraph does not convert it",
            name="keras-3-call-runs-unconverted",
        ),
        Bad(
            "import keras\n"
            "import tensorflow as tf\n"
            "from keras import ops\n\n\n"
            "class Shrink(keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return self._shrink(ops.abs(x))\n\n"
            "    def _shrink(self, x):\n"
            "        while tf.reduce_max(x) > 10.0:\n"
            "            x = x / 2.0\n"
            "        return x\n",
            flagged=["tf.reduce_max(x) > 10.0"],
            note="what a Keras 3 `call` calls runs unconverted too",
            name="keras-3-call-helper-unconverted",
        ),
        Good(
            "import tensorflow as tf\n"
            "import tf_keras\n\n\n"
            "class Halve(tf_keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        if tf.reduce_max(x) > 1.0:\n"
            "            return x / 2.0\n"
            "        return x\n",
            note="Keras 2 (tf_keras) converts `call` with AutoGraph",
        ),
        Good(
            "import keras\n"
            "import tensorflow as tf\n\n\n"
            "class Halve(keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        if tf.reduce_max(x) > 1.0:\n"
            "            return x / 2.0\n"
            "        return x\n",
            note="which Keras this is (2 converts `call`, 3 does not) depends on the installation: "
            "`target-keras` or a Keras 3 API in the module decides",
        ),
        Good(
            "import keras\n"
            "import tensorflow as tf\n"
            "from keras import ops\n\n\n"
            "class Halve(keras.layers.Layer):\n"
            "    def call(self, x, training=False):\n"
            "        if training:\n"
            "            return ops.divide(x, 2.0)\n"
            "        return tf.where(tf.reduce_max(x) > 1.0, x / 2.0, x)\n",
            note="a Python bool argument, and a tensor condition through `tf.where`",
            name="keras-3-call-python-bool-where",
        ),
        Bad(
            "def add_positive(total, row):\n"
            "    if bool(row > 0):\n"
            "        return total + row\n"
            "    return total\n",
            flagged=["bool(row > 0)"],
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/run.py",
                    "import tensorflow as tf\n\nfrom pkg.steps import add_positive\n\n\n"
                    "@tf.function\n"
                    "def running(rows):\n"
                    "    return tf.scan(add_positive, rows)\n",
                ),
            ),
            note="another module's tf.scan passes the function the accumulator and a slice, tensors",
            name="scan-another-module-passes-slices",
        ),
        Bad(
            "def add_positive(total, row):\n"
            "    if row > 0:\n"
            "        return total + row\n"
            "    return total\n",
            flagged=["row > 0"],
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/run.py",
                    "import tensorflow as tf\n\nfrom pkg.steps import add_positive\n\n\n"
                    "@tf.function\n"
                    "def running(rows):\n"
                    "    return tf.scan(add_positive, rows)\n",
                ),
            ),
            note="another module's tf.function hands the function to tf.scan, which calls it unconverted",
            name="scan-another-module-runs-unconverted",
        ),
        Good(
            "def keep_positive(row):\n"
            "    if row > 0:\n"
            "        return row\n"
            "    return -row\n",
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/run.py",
                    "import tensorflow as tf\n\nfrom pkg.steps import keep_positive\n\n\n"
                    "@tf.function\n"
                    "def positives(rows):\n"
                    "    return tf.map_fn(keep_positive, rows)\n",
                ),
            ),
            note="`tf.map_fn` converts the function it is given with AutoGraph (since TensorFlow 2.3)",
            name="map-fn-another-module-converts",
        ),
        Good(
            "def weighted(weight, total, row):\n"
            "    if bool(weight > 1):\n"
            "        return total + row * weight\n"
            "    return total + row\n",
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/run.py",
                    "import functools\n\nimport tensorflow as tf\n\nfrom pkg.steps import weighted\n\n\n"
                    "@tf.function\n"
                    "def running(rows):\n"
                    "    return tf.foldl(functools.partial(weighted, 2.0), rows)\n",
                ),
            ),
            note="the partial binds `weight` to a Python number; tf.foldl passes the accumulator and a slice after it",
            name="foldl-partial-binds-python-number",
        ),
        Bad(
            "def clip(x, limit):\n"
            "    if bool(x > limit):\n"
            "        return limit\n"
            "    return x\n",
            flagged=["bool(x > limit)"],
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/run.py",
                    "import functools\n\nimport tensorflow as tf\n\nfrom pkg.ops import clip\n\n\n"
                    "@tf.function\n"
                    "def clip_all(elems):\n"
                    "    return tf.map_fn(functools.partial(clip, limit=1.0), elems)\n",
                ),
            ),
            note="another module's tf.map_fn passes the function slices of tensors through functools.partial",
        ),
        Good(
            "def scale(factor, x):\n"
            "    if bool(factor > 0):\n"
            "        return x * factor\n"
            "    return x\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/run.py",
                    "import functools\n\nimport tensorflow as tf\n\nfrom pkg.ops import scale\n\n\n"
                    "@tf.function\n"
                    "def scale_all(elems):\n"
                    "    return tf.map_fn(functools.partial(scale, 2.0), elems)\n",
                ),
            ),
            note="the partial binds `factor` to a Python number; the slices go to `x`",
        ),
        Good(
            "def augment(x, scale):\n"
            "    if bool(scale > 1):\n"
            "        return x * scale\n"
            "    return x\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/data.py",
                    "import functools\n\nimport tensorflow as tf\n\nfrom pkg.ops import augment\n\n"
                    "ds = tf.data.Dataset.from_tensor_slices([0.5]).map(functools.partial(augment, scale=2.0))\n",
                ),
            ),
            note="a dataset of another module gets a partial: what it binds is not seen here, so nothing is a tensor",
        ),
        Good(
            "import keras\n"
            "import tensorflow as tf\n"
            "from keras import ops\n\n\n"
            "class Block(keras.layers.Layer):\n"
            "    def call(self, x, mask):\n"
            "        if keras.backend.standardize_dtype(self.compute_dtype) == \"float16\":\n"
            "            x = ops.cast(x, \"float32\")\n"
            "        if ops.shape(mask)[-1] == 1:\n"
            "            mask = ops.squeeze(mask, -1)\n"
            "        return x * ops.cast(mask, x.dtype)\n",
            note="Keras 3's `keras.backend` helpers return Python values (a dtype's name), and an item of "
            "`ops.shape(x)` is an int where the static shape knows it (a scalar tensor only where it does not): "
            "neither is shown a tensor (the twentieth batch, keras-hub)",
        ),
    )

    oracle = Oracle(
        symptom=Raises("OperatorNotAllowedInGraphError"),
        runs={
            "bad-jitter": "outputs = jitter(tf.constant([1.0, 2.0]), tf.constant([0.5]))",
            "comprehension-filters-are-not-converted": "outputs = positives([tf.constant([1.0]), tf.constant([-2.0])])",
            "with-autograph-off-if-tensor": "outputs = safe_log(tf.constant([1.0, 2.0]))",
            "bad-halve-until-small": Run(
                "outputs = halve_until_small(tf.constant([8.0]))",
                symptom=Raises("NotImplementedError", "started as non-Tensor"),
            ),
            "bad-any-nan": "outputs = any_nan(tf.constant([1.0]))",
            "good-jitter": "outputs = jitter(tf.constant([1.0, 2.0]), tf.constant(0.5))",
            "autograph-converts-if-tensor-into": "outputs = [safe_log(tf.constant([1.0, 2.0])), safe_log(tf.constant([-1.0]))]",
            "static-dims-python-numbers": "outputs = pad_to(tf.ones([2]), 3)",
            "threshold-not-known-tensor": "outputs = pick([tf.constant(1.0)], 3)",
            "tf-map-fn-passes-function": "outputs = clip_all(tf.constant([0.5, 2.0]))",
            "autograph-converts-function-tf-map": "outputs = clip_all(tf.constant([0.5, 2.0]))",
            "partial-binds-factor-python-number": "outputs = scale_all(tf.constant([0.5, 2.0]))",
            "partial-binds-scale-python-number": "outputs = [float(v) for v in ds]",
            "parameter-with-default-gets-component": "outputs = [float(v) for v in ds]",
            "scan-calls-function-without-autograph": "outputs = running_total(tf.constant([1.0, -2.0, 3.0]))",
            "cond-branch-helper-runs-unconverted": "outputs = bounded(tf.constant([40.0]), tf.constant(True))",
            "def-inside-tf-function-converted": "outputs = running_total(tf.constant([1.0, -2.0, 3.0]))",
            "scan-called-eagerly-runs-eagerly": "outputs = running_total(tf.constant([1.0, -2.0, 3.0]))",
            "keras-3-call-runs-unconverted": "outputs = tf.function(lambda x: Halve()(x))(tf.constant([4.0]))",
            "keras-3-call-helper-unconverted": "outputs = tf.function(lambda x: Shrink()(x))(tf.constant([40.0]))",
            "keras-3-call-python-bool-where": "outputs = tf.function(lambda x: Halve()(x))(tf.constant([4.0]))",
        },
    )

    # -- bool(), max(), min() -------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        func = node.func
        if graph is None or not isinstance(func, ast.Name) or func.id not in ("bool", "max", "min"):
            return
        if not analysis_for(ctx.facts).is_builtin(func.id, ctx.function):
            return
        tensors = tensors_for(ctx.facts)
        if func.id == "bool":
            if len(node.args) != 1 or node.keywords:
                return
            value = tensors.infer(node.args[0], ctx.function)
            if not value.is_tensor or value.nested:
                return
            message = (
                f"`bool(...)` asks a symbolic tensor for a Python truth value while {function_label(ctx.function)} is "
                f"traced ({graph.describe()}); this raises {BOOL_ERROR}. Keep the test a tensor (use it in a "
                "converted `if`, or `tf.cond`)."
            )
            message = on_evidence(message, ctx.source.segment(node.args[0]), value)
            self.report(node, message, related=self._related(node.args[0], value, graph),
                        severity=traced_severity(graph, Severity.ERROR),
                        preview=value.weak)
            return
        args = [a for a in node.args if not isinstance(a, ast.Starred)]
        values = [tensors.infer(a, ctx.function) for a in args]
        hit = next(((a, v) for a, v in zip(args, values) if v.is_tensor and not v.nested), None)
        if hit is None and len(args) == 1 and values and values[0].kind is Kind.PY_CONTAINER:
            element = values[0].element
            if element is not None and element.is_tensor and not element.nested:
                hit = (args[0], element)
        if hit is None:
            return
        op = MAX_MIN[func.id]
        alias = ctx.facts.tf_module_alias()
        message = (
            f"`{func.id}(...)` compares a symbolic tensor with a Python `if` while {function_label(ctx.function)} is traced "
            f"({graph.describe()}); AutoGraph does not convert `{func.id}`, so this raises {BOOL_ERROR}. Use "
            f"`{alias or 'tf'}.{op}`."
        )
        fix = None
        if (
            alias is not None
            and len(node.args) == 2
            and not node.keywords
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            span = ctx.span(func)

            def fix() -> Optional[Fix]:
                return Fix(f"Use `{alias}.{op}`", (Edit(span, f"{alias}.{op}"),), FixSafety.UNSAFE)

        message = on_evidence(message, ctx.source.segment(hit[0]), hit[1])
        self.report(node, message, fix=fix, related=self._related(hit[0], hit[1], graph),
                    severity=traced_severity(graph, Severity.ERROR),
                    preview=hit[1].weak)

    # -- comprehension filters --------------------------------------------------------------------------

    def visit_comprehension(self, node: ast.comprehension) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        for cond in node.ifs:
            value = tensors_for(ctx.facts).infer(cond, ctx.function)
            if value.is_tensor and not value.nested:
                message = (
                    f"This comprehension filter is a symbolic tensor while {function_label(ctx.function)} is traced "
                    f"({graph.describe()}). AutoGraph does not convert comprehensions, so Python asks the "
                    f"tensor for a bool and raises {BOOL_ERROR}. Use `tf.boolean_mask` or `tf.where`, or a "
                    "converted `for` loop."
                )
                message = on_evidence(message, ctx.source.segment(cond), value)
                self.report(cond, message, related=self._related(cond, value, graph),
                            severity=traced_severity(graph, Severity.ERROR),
                            preview=value.weak)

    # -- statements -------------------------------------------------------------------------------------

    def visit_While(self, node: ast.While) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        if not autograph_enabled(ctx.function, ctx.facts, ctx.settings):
            self._test(node.test, "`while` condition", graph)
            return
        if not (isinstance(node.test, ast.Constant) and node.test.value is True):
            return
        for stmt in _breaking_ifs(node.body):
            value = tensors_for(ctx.facts).infer(stmt.test, ctx.function)
            if value.is_tensor and not value.nested:
                message = (
                    f"A Python `while True:` loop cannot stop on a tensor condition: while {function_label(ctx.function)} "
                    f"is traced ({graph.describe()}) the loop starts as a Python loop, and this tensor `break` "
                    f"test makes AutoGraph raise {WHILE_ERROR}. Write the condition in the `while` header so "
                    "AutoGraph makes a `tf.while_loop`."
                )
                message = on_evidence(message, ctx.source.segment(stmt.test), value)
                self.report(stmt.test, message, related=self._related(stmt.test, value, graph),
                            severity=traced_severity(graph, Severity.ERROR), preview=value.weak)

    def visit_If(self, node: ast.If) -> None:
        self._unconverted(node.test, "`if` condition")

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._unconverted(node.test, "conditional expression")

    def visit_Assert(self, node: ast.Assert) -> None:
        self._unconverted(node.test, "`assert`")

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        word = "`and`" if isinstance(node.op, ast.And) else "`or`"
        # Python asks every operand but the last for a bool.
        for value in node.values[:-1]:
            self._unconverted(value, f"{word} operand")

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._unconverted(node.operand, "`not` operand")

    def _unconverted(self, test: ast.expr, what: str) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None or autograph_enabled(ctx.function, ctx.facts, ctx.settings):
            return
        self._test(test, what, graph)

    def _test(self, test: ast.expr, what: str, graph: GraphInfo) -> None:
        ctx = self.ctx
        value = tensors_for(ctx.facts).infer(test, ctx.function)
        if not value.is_tensor or value.nested:
            return
        message = (
            f"This {what} is a symbolic tensor, and {autograph_off_text(ctx.function, ctx.facts, ctx.settings)}, so Python "
            f"asks it for a bool while tracing and raises "
            f"{BOOL_ERROR}. Use `tf.cond`/`tf.where`/`tf.while_loop`, or let AutoGraph convert the function."
        )
        message = on_evidence(message, ctx.source.segment(test), value)
        self.report(test, message, related=self._related(test, value, graph),
                    severity=traced_severity(graph, Severity.ERROR),
                    preview=value.weak)

    def _related(self, expr: ast.AST, value: Inference, graph: GraphInfo) -> List[Related]:
        ctx = self.ctx
        related: List[Related] = list(ctx.graph_related())
        if value.node is not None and value.reason and value.node is not expr:
            related.append(Related(ctx.span(value.node), evidence_text(ctx.source.segment(expr), value)))
        return related


def _breaking_ifs(body: List[ast.stmt]) -> List[ast.If]:
    """`if` statements of this loop level whose body breaks out of it (not out of an inner loop)."""
    found: List[ast.If] = []
    stack = list(body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.If):
            if any(isinstance(s, ast.Break) for s in stmt.body):
                found.append(stmt)
            stack.extend(stmt.body)
            stack.extend(stmt.orelse)
        elif isinstance(stmt, (ast.With, ast.AsyncWith, ast.Try)):
            stack.extend(stmt.body)
            for handler in getattr(stmt, "handlers", []):
                stack.extend(handler.body)
    found.sort(key=lambda s: (s.lineno, s.col_offset))
    return found


