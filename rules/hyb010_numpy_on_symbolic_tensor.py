"""HYB010 numpy-on-symbolic-tensor."""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, List, NamedTuple, Optional

from hybridlint.analysis import analysis_for, function_label, traced_severity
from hybridlint.facts import GraphInfo
from hybridlint.oracle import Oracle, Raises, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import Inference, Kind, autograph_enabled, autograph_off_text, evidence_text, on_evidence, tensors_for

CONVERT_ERROR = "'Cannot convert a symbolic tf.Tensor to a numpy array'"
# What a `try:` around the call must catch to handle the traced case (`ModuleAnalysis.caught`): NumPy on a
# symbolic tensor raises NotImplementedError (a RuntimeError), `int()`/`float()` of one TypeError.
CAUGHT_NUMPY = frozenset({"NotImplementedError", "RuntimeError"})
CAUGHT_NUMBER = frozenset({"TypeError"})


class Mapping(NamedTuple):
    tf_name: str
    positional: FrozenSet[int]  # accepted counts of positional arguments
    keywords: FrozenSet[str] = frozenset()
    needs_axis: bool = False  # only with an explicit axis (NumPy and TF defaults differ)
    renames: Dict[str, str] = {}


def _m(tf_name: str, *counts: int, keywords=(), needs_axis=False, renames=None) -> Mapping:
    return Mapping(tf_name, frozenset(counts), frozenset(keywords), needs_axis, renames or {})


# rules.md §7.3, each with the argument shapes for which the TF op means the same.
NUMPY_TO_TF: Dict[str, Mapping] = {
    "abs": _m("abs", 1),
    "absolute": _m("abs", 1),
    "exp": _m("exp", 1),
    "log": _m("math.log", 1),
    "log1p": _m("math.log1p", 1),
    "sqrt": _m("sqrt", 1),
    "square": _m("square", 1),
    "tanh": _m("tanh", 1),
    "sin": _m("sin", 1),
    "cos": _m("cos", 1),
    "floor": _m("floor", 1),
    "sign": _m("sign", 1),
    "maximum": _m("maximum", 2),
    "minimum": _m("minimum", 2),
    "clip": _m("clip_by_value", 3),
    "sum": _m("reduce_sum", 1, 2, keywords=("axis", "keepdims")),
    "mean": _m("reduce_mean", 1, 2, keywords=("axis", "keepdims")),
    "max": _m("reduce_max", 1, 2, keywords=("axis", "keepdims")),
    "amax": _m("reduce_max", 1, 2, keywords=("axis", "keepdims")),
    "min": _m("reduce_min", 1, 2, keywords=("axis", "keepdims")),
    "amin": _m("reduce_min", 1, 2, keywords=("axis", "keepdims")),
    "prod": _m("reduce_prod", 1, 2, keywords=("axis", "keepdims")),
    "concatenate": _m("concat", 1, 2, keywords=("axis",), needs_axis=True),
    "stack": _m("stack", 1, 2, keywords=("axis",)),
    "reshape": _m("reshape", 2),
    "transpose": _m("transpose", 1, 2, keywords=("axes",), renames={"axes": "perm"}),
    "argmax": _m("argmax", 1, 2, keywords=("axis",), needs_axis=True),
    "argmin": _m("argmin", 1, 2, keywords=("axis",), needs_axis=True),
    "matmul": _m("matmul", 2),
}
# NumPy functions that read `.shape`/`.ndim`/`.dtype` first and so accept symbolic tensors, and type helpers.
ACCEPTS_TENSORS = frozenset(
    {"shape", "ndim", "isscalar", "iterable", "dtype", "issubdtype", "promote_types", "result_type", "can_cast",
     "finfo", "iinfo", "broadcast_shapes"}
)
NUMPY_MODULES = ("numpy.", "scipy.")



def holds_tensor(value: Inference) -> bool:
    """A tensor, or a Python list/tuple of them (`np.concatenate([a, b])`)."""
    return tensor_within(value) is not None


def tensor_within(value: Inference) -> Optional[Inference]:
    """The tensor evidence in `value`: itself, or the strongest tensor item of a Python list/tuple."""
    if value.is_tensor:
        return value
    if value.kind is Kind.PY_CONTAINER:
        found = [v for v in [value.element] + list(value.items or ()) if v is not None and v.is_tensor]
        if found:
            return min(found, key=lambda v: v.weak)
    return None


class NumpyOnSymbolicTensor(Rule):
    code = "HYB010"
    name = "numpy-on-symbolic-tensor"
    severity = Severity.ERROR
    preview = True
    visits_graph_code_only = True
    fix_safety = FixSafety.UNSAFE
    summary = "NumPy (or SciPy) called on a symbolic tensor in traced code"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags `np.<f>(...)` and `scipy.<...>(...)` calls in code that runs as a graph when an argument is "
        "known to be a tensor: the result of a TensorFlow op, a Keras layer or model call, a parameter "
        "covered by `input_signature` or annotated `tf.Tensor`, a tf.data element, the targets and predictions "
        "Keras passes to a loss or metric given to `compile` (and the inputs of a `Lambda` layer's function), or a "
        "parameter that every call in this file passes a tensor to, followed through local assignments and "
        "arithmetic (arithmetic a list or dict does not support, such as `* 0.5`, shows that a Keras model's "
        "output is one tensor). "
        "`x.dtype` and static shapes (`x.shape`, `x.shape[0]`) are not tensors, and values whose kind is "
        "unknown are never flagged. NumPy functions that only read `.shape`/`.ndim`/`.dtype` (`np.shape`, "
        "`np.ndim`, dtype helpers) and `np.random.*` (HYB023) are left out. Where AutoGraph is off "
        "(`autograph=False`, `do_not_convert`, a function `tf.scan`/`tf.cond`/`tf.while_loop`/… calls as plain "
        "Python, a Keras 3 `call`), `float(t)` and `int(t)` on a tensor are flagged too; AutoGraph otherwise "
        "converts them to casts. Code that only runs eagerly is not checked: besides `if tf.executing_eagerly():`, "
        "the branch a function takes for NumPy input (the `else` of `if tf.is_tensor(a):`, `if not "
        "tf.is_tensor(a):`), where traced callers, which pass tensors, never go."
        " A value that is a tensor only on weak evidence (a `tf.Tensor` annotation, a `tf.is_tensor` test on "
        "an unknown value, a Keras-backend or v1-compat function that usually returns one) is reported in "
        "preview mode only, and the message says what it was taken for."
    )
    why_bad = (
        "While a function is traced its tensors are symbolic. NumPy needs values, so it raises "
        f"{CONVERT_ERROR} (or, for values TensorFlow can fold, silently bakes a trace-time constant into the "
        "graph). The TF guide's main takeaways say it plainly: tf.function works best with TensorFlow ops, "
        "because NumPy and Python calls are converted to constants. The study's abstract names "
        "*execution-mode incompatibility* as one of hybridization's main problems; 13 of its 159 labelled "
        "fix commits are categorised *Incompatibility* (shared with HYB009 and HYB014–HYB016). Hybridize "
        "refuses functions that call NumPy on their parameters (`HAS_NUMPY_CALLS_ON_PARAMETERS`)."
    )
    use_instead = "The TensorFlow op: `tf.clip_by_value`, `tf.reduce_mean`, `tf.concat`, `tf.math.log`, ..."
    fix_safety_doc = (
        "Unsafe, from a fixed table (rules.md §7.3) and only for the argument shapes where both mean the same: "
        "elementwise `abs/exp/log/log1p/sqrt/square/tanh/sin/cos/floor/sign` with one argument, "
        "`maximum/minimum` with two, `clip(x, a, b)` → `tf.clip_by_value`, `sum/mean/max/min/prod(x[, axis], "
        "keepdims=)` → `tf.reduce_*`, `concatenate(xs, axis)` → `tf.concat` (axis required), `stack`, "
        "`reshape(x, shape)`, `transpose(x[, axes])` (`axes=` becomes `perm=`), `argmax/argmin` with an "
        "explicit axis, `matmul(a, b)`. Results can still differ: NumPy promotes dtypes (a float64 result, "
        "the mean of ints as a float) where TensorFlow keeps the input dtype or refuses mixed dtypes. No fix "
        "without a module-level `tensorflow` import to name the op with."
    )
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring/issues/740",
    )
    examples = (
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def clip01(x):\n"
            "    y = tf.nn.relu(x)\n"
            "    return np.clip(y, 0.0, 1.0)\n",
            flagged=["np.clip(y, 0.0, 1.0)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def clip01(x):\n"
            "    y = tf.nn.relu(x)\n"
            "    return tf.clip_by_value(y, 0.0, 1.0)\n",
            name="bad-clip01",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])\n"
            "def center(points):\n"
            "    return points - np.mean(points, axis=0, keepdims=True)\n",
            flagged=["np.mean(points, axis=0, keepdims=True)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])\n"
            "def center(points):\n"
            "    return points - tf.reduce_mean(points, axis=0, keepdims=True)\n",
            note="the parameter is a tensor because of the input_signature",
            name="parameter-tensor-because-input-signature",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def merge(a, b):\n"
            "    return np.concatenate([tf.abs(a), tf.abs(b)])\n",
            flagged=["np.concatenate([tf.abs(a), tf.abs(b)])"],
            note="no axis given: NumPy's default differs from tf.concat's required axis, so no fix",
            name="no-axis-given-numpy-default",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(autograph=False)\n"
            "def scale(x):\n"
            "    return x * float(tf.reduce_max(x))\n",
            flagged=["float(tf.reduce_max(x))"],
            note="with AutoGraph off, float() needs a concrete value",
            name="with-autograph-off-float-needs",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "generator = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n\n"
            "@tf.function\n"
            "def render(z):\n"
            "    images = generator(z)\n"
            "    return np.clip(images * 0.5 + 0.5, 0.0, 1.0)\n",
            flagged=["np.clip(images * 0.5 + 0.5, 0.0, 1.0)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "generator = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n\n"
            "@tf.function\n"
            "def render(z):\n"
            "    images = generator(z)\n"
            "    return tf.clip_by_value(images * 0.5 + 0.5, 0.0, 1.0)\n",
            note="a Keras model may return a list of tensors, but `* 0.5` scales only a tensor",
            name="keras-output-scaled-then-clipped",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Painter(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.generator = tf.keras.layers.Dense(3)\n\n"
            "    def train_step(self, z):\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = tf.reduce_mean(self.generator(z) ** 2)\n"
            "        grads = tape.gradient(loss, self.trainable_variables)\n"
            "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
            "        return {\"loss\": loss}\n\n"
            "    def call(self, z):\n"
            "        images = self.generator(z)\n"
            "        return np.clip(images * 0.5 + 0.5, 0.0, 1.0)\n\n\n"
            "def train(model, data):\n"
            "    model.compile(optimizer=\"adam\")\n"
            "    model.fit(data)\n",
            flagged=["np.clip(images * 0.5 + 0.5, 0.0, 1.0)"],
            fixed=(
                "import numpy as np\n"
                "import tensorflow as tf\n\n\n"
                "class Painter(tf.keras.Model):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                "        self.generator = tf.keras.layers.Dense(3)\n\n"
                "    def train_step(self, z):\n"
                "        with tf.GradientTape() as tape:\n"
                "            loss = tf.reduce_mean(self.generator(z) ** 2)\n"
                "        grads = tape.gradient(loss, self.trainable_variables)\n"
                "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
                "        return {\"loss\": loss}\n\n"
                "    def call(self, z):\n"
                "        images = self.generator(z)\n"
                "        return tf.clip_by_value(images * 0.5 + 0.5, 0.0, 1.0)\n\n\n"
                "def train(model, data):\n"
                "    model.compile(optimizer=\"adam\")\n"
                "    model.fit(data)\n"
            ),
            preview=True,
            note="weak evidence: the model's own `train_step` never calls it (a GAN's step runs its sub-models), so "
            "`fit` does not trace `call`; the message says so (the twentieth batch, pyradox-generative)",
            name="train-step-never-calls-model",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Painter(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.generator = tf.keras.layers.Dense(3)\n\n"
            "    def train_step(self, z):\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = tf.reduce_mean(self(z, training=True) ** 2)\n"
            "        grads = tape.gradient(loss, self.trainable_variables)\n"
            "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
            "        return {\"loss\": loss}\n\n"
            "    def call(self, z):\n"
            "        images = self.generator(z)\n"
            "        return np.clip(images * 0.5 + 0.5, 0.0, 1.0)\n\n\n"
            "def train(model, data):\n"
            "    model.compile(optimizer=\"adam\")\n"
            "    model.fit(data)\n",
            flagged=["np.clip(images * 0.5 + 0.5, 0.0, 1.0)"],
            fixed=(
                "import numpy as np\n"
                "import tensorflow as tf\n\n\n"
                "class Painter(tf.keras.Model):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                "        self.generator = tf.keras.layers.Dense(3)\n\n"
                "    def train_step(self, z):\n"
                "        with tf.GradientTape() as tape:\n"
                "            loss = tf.reduce_mean(self(z, training=True) ** 2)\n"
                "        grads = tape.gradient(loss, self.trainable_variables)\n"
                "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
                "        return {\"loss\": loss}\n\n"
                "    def call(self, z):\n"
                "        images = self.generator(z)\n"
                "        return tf.clip_by_value(images * 0.5 + 0.5, 0.0, 1.0)\n\n\n"
                "def train(model, data):\n"
                "    model.compile(optimizer=\"adam\")\n"
                "    model.fit(data)\n"
            ),
            note="the near miss: `train_step` calls the model, so `fit` traces `call`",
            name="train-step-calls-model",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def mean_abs_error(y_true, y_pred):\n"
            "    return np.mean(np.abs(y_true - y_pred))\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"sgd\", loss=\"mse\", metrics=[mean_abs_error])\n",
            flagged=["np.abs(y_true - y_pred)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def mean_abs_error(y_true, y_pred):\n"
            "    return tf.reduce_mean(tf.abs(y_true - y_pred))\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"sgd\", loss=\"mse\", metrics=[mean_abs_error])\n",
            note="Keras calls a metric given to `compile` with tensors, in the steps it traces",
            name="keras-metric-numpy",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "generator = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n\n"
            "@tf.function\n"
            "def render(z):\n"
            "    images = generator(z) * 0.5 + 0.5\n"
            "    pixels = np.prod(images.shape[1:])\n"
            "    return tf.reshape(images, [-1, pixels])\n",
            note="the scaled output is a tensor, but NumPy gets only its static shape",
            name="scaled-keras-output-static-shape",
        ),
        Good(
            "import keras\n"
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Lookup(keras.layers.Layer):\n"
            "    def __init__(self, ids):\n"
            "        super().__init__()\n"
            "        self.ids = ids\n\n"
            "    def call(self, x):\n"
            "        ids = keras.ops.convert_to_numpy(self.ids)\n"
            "        keep = np.nonzero(ids)[0]\n"
            "        return tf.gather(x, keep, axis=-1)\n",
            note="Keras 3's `ops.convert_to_numpy` returns a NumPy array: NumPy code on it is NumPy's (here of a "
            "Python list, which converts while tracing too) (the twenty-first batch, zeromodels)",
            name="keras-convert-to-numpy-result",
        ),
        Bad(
            "import keras\n"
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Lookup(keras.layers.Layer):\n"
            "    def __init__(self, ids):\n"
            "        super().__init__()\n"
            "        self.ids = ids\n\n"
            "    def call(self, x):\n"
            "        ids = keras.ops.convert_to_tensor(self.ids)\n"
            "        keep = np.nonzero(ids)[0]\n"
            "        return tf.gather(x, keep, axis=-1)\n",
            flagged=["np.nonzero(ids)"],
            preview=True,
            note="the near miss: `ops.convert_to_tensor` returns a tensor (weak evidence, as most of `keras.ops`)",
            name="keras-convert-to-tensor-result",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def add_axis(ys):\n"
            "    return np.expand_dims(ys, axis=-1) if ys.ndim == 0 else ys\n\n\n"
            "def to_dataset(dataset):\n"
            "    records = dataset.rdd.map(lambda x: (x[0], add_axis(x[1]))).collect()\n"
            "    return tf.data.Dataset.from_generator(lambda: records, output_types=(tf.float32, tf.float32))\n",
            note="`dataset.rdd` is the Spark RDD of a dataset object, not a tf.data dataset: its `map` runs the "
            "lambda in Python on NumPy records, untraced (the twenty-second batch, bigdl-orca-spark2)",
            name="spark-rdd-map",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def add_axis(ys):\n"
            "    return np.expand_dims(ys, axis=-1) if ys.ndim == 0 else ys\n\n\n"
            "def labelled(dataset):\n"
            "    return dataset.shuffle(8).map(lambda x, y: (x, add_axis(y)))\n",
            flagged=["np.expand_dims(ys, axis=-1)"],
            note="the near miss: `shuffle` returns a tf.data dataset, whose `map` traces the lambda and `add_axis` "
            "with it",
            name="dataset-chain-map",
        ),
        Bad(
            "import numpy as np\n\n\n"
            "def to_pixels(images):\n"
            "    return np.clip(images, 0.0, 1.0)\n",
            flagged=["np.clip(images, 0.0, 1.0)"],
            path="pkg/helpers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.helpers import to_pixels\n\n"
                    "generator = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n\n\n@tf.function\n"
                    "def render(z):\n    return to_pixels(generator(z) * 0.5 + 0.5)\n",
                ),
            ),
            note="a helper of another module, which a tf.function calls with a scaled Keras output",
            name="scaled-keras-output-to-helper",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def clip01(x):\n"
            "    return tf.clip_by_value(x, 0.0, 1.0)\n\n"
            "print(np.clip(clip01(tf.ones([2])).numpy(), 0, 1))\n",
            note="NumPy on the result, outside the traced function",
            name="numpy-result-outside-traced-function",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def flatten(x):\n"
            "    n = np.prod(x.shape[1:])\n"
            "    d = np.dtype(x.dtype.as_numpy_dtype)\n"
            "    return tf.reshape(x, [-1, n])\n",
            note="static shapes and dtypes are Python values, not tensors",
            name="static-shapes-dtypes-are-python",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(x, factor):\n"
            "    return x * np.sqrt(factor)\n",
            note="`factor` is not known to be a tensor (no call site says so)",
            name="factor-not-known-tensor-no",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(x, factor):\n"
            "    return x * np.sqrt(factor)\n\n"
            "scale(tf.ones([3]), 4.0)\n",
            note="every call passes a Python number for `factor`",
            name="every-call-passes-python-number",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def take_first(attrs, count):\n"
            "    index = tf.range(count)\n"
            "    for i in range(len(attrs)):\n"
            "        if tf.is_tensor(attrs[i]):\n"
            "            attrs[i] = tf.gather(attrs[i], index)\n"
            "        else:\n"
            "            attrs[i] = np.take(attrs[i], index)\n"
            "    return attrs\n\n\n"
            "@tf.function\n"
            "def step(weights):\n"
            "    return take_first([weights], 2)[0]\n",
            note="NumPy only in the branch for NumPy input: traced callers pass tensors",
            name="numpy-branch-for-numpy-input",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def halve(x):\n"
            "    return x * float(tf.reduce_max(x))\n",
            note="AutoGraph converts float() on a tensor into a cast",
            name="autograph-converts-float-tensor-into",
        ),
        Bad(
            "import numpy as np\n\n\n"
            "def clip(loss):\n"
            "    return np.clip(loss, 0.0, 1.0)\n",
            flagged=["np.clip(loss, 0.0, 1.0)"],
            path="pkg/helpers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.helpers import clip\n\n\n@tf.function\n"
                    "def step(x):\n    return clip(tf.reduce_sum(x))\n",
                ),
            ),
            note="a helper of another module, which a tf.function calls with a tensor",
        ),
        Good(
            "import numpy as np\n\n\n"
            "def clip(loss):\n"
            "    return np.clip(loss, 0.0, 1.0)\n",
            path="pkg/helpers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.helpers import clip\n\n\n@tf.function\n"
                    "def step(x):\n    return x * clip(0.5)\n",
                ),
            ),
            note="the tf.function passes a Python number: NumPy runs once, while tracing",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def to_sum(x):\n"
            "    if isinstance(x, np.ndarray):\n"
            "        return np.sum(x)\n"
            "    return tf.reduce_sum(x)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return to_sum(tf.abs(x))\n",
            note="the isinstance guard: NumPy runs only where `x` is an ndarray",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function(autograph=False)\n"
            "def segment_total(values, ids):\n"
            "    try:\n"
            "        n = int(tf.reduce_max(ids)) + 1\n"
            "    except Exception:\n"
            "        n = tf.reduce_max(ids) + 1\n"
            "    return tf.math.unsorted_segment_sum(values, ids, n)\n",
            note="a `try:` that catches the TypeError `int()` raises on a symbolic tensor: the traced case is "
            "handled (the twenty-third batch, k3-node)",
            name="int-type-error-caught",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function(autograph=False)\n"
            "def segment_total(values, ids):\n"
            "    try:\n"
            "        n = int(tf.reduce_max(ids)) + 1\n"
            "    except ValueError:\n"
            "        n = tf.reduce_max(ids) + 1\n"
            "    return tf.math.unsorted_segment_sum(values, ids, n)\n",
            flagged=["int(tf.reduce_max(ids))"],
            note="the near miss: `except ValueError` does not catch the TypeError",
            name="int-type-error-not-caught",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def is_symbolic(x):\n"
            "    if x is None:\n"
            "        return False\n"
            "    if \"KerasTensor\" in type(x).__name__:\n"
            "        return True\n"
            "    return not tf.executing_eagerly()\n\n\n"
            "@tf.function(autograph=False)\n"
            "def segment_total(values, ids):\n"
            "    if is_symbolic(ids):\n"
            "        n = tf.reduce_max(ids) + 1\n"
            "    else:\n"
            "        n = int(tf.reduce_max(ids)) + 1\n"
            "    return tf.math.unsorted_segment_sum(values, ids, n)\n",
            note="the project's own test for tracing (its body returns `not tf.executing_eagerly()`): `int()` runs "
            "only when it is false (the twenty-third batch, k3-node)",
            name="project-tracing-test-guard",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def is_symbolic(x):\n"
            "    return \"KerasTensor\" in type(x).__name__\n\n\n"
            "@tf.function(autograph=False)\n"
            "def segment_total(values, ids):\n"
            "    if is_symbolic(ids):\n"
            "        n = tf.reduce_max(ids) + 1\n"
            "    else:\n"
            "        n = int(tf.reduce_max(ids)) + 1\n"
            "    return tf.math.unsorted_segment_sum(values, ids, n)\n",
            flagged=["int(tf.reduce_max(ids))"],
            note="the near miss: the helper's body tests only for a Keras symbolic tensor, not for tracing",
            name="helper-tests-keras-tensor-only",
        ),
    )

    oracle = Oracle(
        symptom=Raises("NotImplementedError", "symbolic"),
        runs={
            "bad-clip01": "outputs = clip01(tf.constant([-1.0, 0.5, 2.0]))",
            "int-type-error-caught": "outputs = segment_total(tf.constant([1.0, 2.0, 3.0]), tf.constant([0, 2, 2]))",
            "int-type-error-not-caught": Run(
                "outputs = segment_total(tf.constant([1.0, 2.0, 3.0]), tf.constant([0, 2, 2]))",
                symptom=Raises("TypeError", "int()"),
            ),
            "project-tracing-test-guard": "outputs = segment_total(tf.constant([1.0, 2.0, 3.0]), tf.constant([0, 2, 2]))",
            "helper-tests-keras-tensor-only": Run(
                "outputs = segment_total(tf.constant([1.0, 2.0, 3.0]), tf.constant([0, 2, 2]))",
                symptom=Raises("TypeError", "int()"),
            ),
            "parameter-tensor-because-input-signature": "outputs = center(tf.constant([[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]]))",
            "no-axis-given-numpy-default": "outputs = merge(tf.constant([1.0]), tf.constant([-2.0]))",
            "with-autograph-off-float-needs": Run("outputs = scale(tf.constant([1.0, 2.0]))", symptom=Raises("TypeError", "float()")),
            "numpy-result-outside-traced-function": "outputs = clip01(tf.constant([2.0]))",
            "static-shapes-dtypes-are-python": "outputs = flatten(tf.ones([2, 3, 4]))",
            "factor-not-known-tensor-no": "outputs = scale(tf.ones([3]), 4.0)",
            "every-call-passes-python-number": "outputs = scale(tf.ones([3]), 9.0)",
            "autograph-converts-float-tensor-into": "outputs = halve(tf.constant([2.0, 4.0]))",
            "numpy-branch-for-numpy-input": "outputs = step(tf.constant([1.0, 2.0, 3.0]))",
            "keras-output-scaled-then-clipped": "outputs = render(tf.ones([2, 4]))",
            "train-step-never-calls-model": Run(
                "outputs = np.asarray(tf.function(Painter())(tf.ones([2, 4]))).tolist()",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "train-step-calls-model": Run(
                "outputs = np.asarray(tf.function(Painter())(tf.ones([2, 4]))).tolist()",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "keras-metric-numpy": Run(
                "history = model.fit(tf.ones([4, 2]), tf.ones([4, 1]), batch_size=2, epochs=1, verbose=0)\n"
                "outputs = sorted(history.history)\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "scaled-keras-output-static-shape": "outputs = render(tf.ones([2, 4]))",
            "keras-convert-to-numpy-result": "outputs = tf.function(Lookup([0, 1, 1]))(tf.ones([2, 3])).numpy().tolist()",
            "keras-convert-to-tensor-result": "outputs = tf.function(Lookup([0, 1, 1]))(tf.ones([2, 3])).numpy().tolist()",
            # tf.data traces `map`'s function whatever run_functions_eagerly says: the eager run fails too
            "dataset-chain-map": Run(
                "outputs = list(labelled(tf.data.Dataset.from_tensor_slices((tf.ones([4, 2]), tf.ones([4])))))",
                fails_eagerly=True,
            ),
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("float", "int"):
            self._python_number(node, func.id, graph)
            return
        name = ctx.qualname(func)
        if name is None or not name.startswith(NUMPY_MODULES):
            return
        short = name.split(".", 1)[1]
        if short.startswith("random.") or short in ACCEPTS_TENSORS:
            return
        tensors = tensors_for(ctx.facts)
        argument = None
        for arg in list(node.args) + [kw.value for kw in node.keywords]:
            if isinstance(arg, ast.Starred):
                continue
            value = tensor_within(tensors.infer(arg, ctx.function))
            if value is not None and (argument is None or (argument[1].weak and not value.weak)):
                argument = (arg, value)
        if argument is None:
            return
        an = analysis_for(ctx.facts)
        if an.caught(node, ctx.function, CAUGHT_NUMPY) is not None:
            return  # a `try:` that catches what tracing raises: the graph case is handled
        if an.behind_tracing_test(node, ctx.function) is not None:
            return  # `if is_tracing(x): return ...` before it: the project's own test handled the traced case
        arg, value = argument
        shown = ctx.source.segment(func)
        arg_text = ctx.source.segment(arg)
        mapping = NUMPY_TO_TF.get(short) if name.startswith("numpy.") else None
        alias = ctx.facts.tf_module_alias()
        instead = f" Use `{alias or 'tf'}.{mapping.tf_name}`." if mapping is not None else " Use TensorFlow ops."
        message = (
            f"`{shown}` receives a symbolic tensor while {function_label(ctx.function)} is traced ({graph.describe()}): "
            f"NumPy cannot evaluate it and raises {CONVERT_ERROR}, or freezes a trace-time value into the "
            f"graph.{instead}"
        )
        message = on_evidence(message, arg_text, value)
        related: List[Related] = list(ctx.graph_related())
        if value.node is not None and value.reason:
            related.append(Related(ctx.span(value.node), evidence_text(arg_text, value)))
        fix = None
        if mapping is not None and alias is not None and self._fits(node, mapping):
            fix = self._fix(node, mapping, alias)
        self.report(node, message, fix=fix, related=related,
                    severity=traced_severity(graph, Severity.ERROR), preview=value.weak)

    def _fits(self, node: ast.Call, mapping: Mapping) -> bool:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return False
        if len(node.args) not in mapping.positional:
            return False
        keywords = {k.arg for k in node.keywords}
        if not keywords <= mapping.keywords:
            return False
        if mapping.needs_axis and len(node.args) < 2 and "axis" not in keywords:
            return False
        return True

    def _fix(self, node: ast.Call, mapping: Mapping, alias: str):
        ctx = self.ctx
        func_span = ctx.span(node.func)
        renames = []
        for kw in node.keywords:
            new = mapping.renames.get(kw.arg or "")
            if new is not None:
                start = ctx.span(kw)
                renames.append(Edit(start._replace(end_line=start.line, end_col=start.col + len(kw.arg)), new))

        def fix() -> Optional[Fix]:
            edits = (Edit(func_span, f"{alias}.{mapping.tf_name}"),) + tuple(renames)
            return Fix(f"Use `{alias}.{mapping.tf_name}`", edits, FixSafety.UNSAFE)

        return fix

    def _python_number(self, node: ast.Call, builtin: str, graph: GraphInfo) -> None:
        ctx = self.ctx
        if len(node.args) != 1 or node.keywords or autograph_enabled(ctx.function, ctx.facts, ctx.settings):
            return
        an = analysis_for(ctx.facts)
        if not an.is_builtin(builtin, ctx.function):
            return
        if an.caught(node, ctx.function, CAUGHT_NUMBER) is not None:
            return  # a `try:` that catches the TypeError tracing raises: the graph case is handled
        if an.behind_tracing_test(node, ctx.function) is not None:
            return  # `if is_tracing(x): return ...` before it: the project's own test handled the traced case
        value = tensors_for(ctx.facts).infer(node.args[0], ctx.function)
        if not value.is_tensor or value.nested:
            return
        arg_text = ctx.source.segment(node.args[0])
        message = (
            f"`{builtin}({arg_text})` needs a concrete value, but `{arg_text}` is a symbolic tensor and "
            f"{autograph_off_text(ctx.function, ctx.facts, ctx.settings)}, so nothing converts the call: tracing raises "
            "TypeError. "
            f"Use `tf.cast({arg_text}, ...)`."
        )
        message = on_evidence(message, arg_text, value)
        related: List[Related] = list(ctx.graph_related())
        if value.node is not None and value.reason and value.node is not node.args[0]:
            related.append(Related(ctx.span(value.node), evidence_text(arg_text, value)))
        self.report(node, message, related=related, severity=traced_severity(graph, Severity.ERROR), preview=value.weak)


