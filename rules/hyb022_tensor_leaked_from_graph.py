"""HYB022 tensor-leaked-from-graph."""

from __future__ import annotations

import ast
from typing import Iterator, List, Optional, Tuple

from hybridlint.analysis import analysis_for, exclusive_guards, function_label, runs_within, traced_severity
from hybridlint.facts import ClassInfo, FunctionInfo, keras_loss_signature
from hybridlint.oracle import Oracle, Raises, Run
from hybridlint.links import Place
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import VARIABLE, Inference, tensors_for

# Keras runs `build` under `tf.init_scope` (eagerly) even when the first call is traced.
RUNS_EAGERLY = frozenset({"__init__", "build"})
OUT_OF_SCOPE = "TypeError ('<tf.Tensor ...> is out of scope and cannot be used here')"
OTHER_TRACE = " while it is traced on its own"



def _restored(info: FunctionInfo, owner: str, attr: str, store: ast.stmt) -> bool:
    """`saved = self.kernel; self.kernel = w; ...; self.kernel = saved`: a swap the function undoes
    before it returns, so the attribute keeps what it held before the call."""
    assigns = [n for n in ast.walk(info.node) if isinstance(n, ast.Assign) and len(n.targets) == 1]
    saved = {
        n.targets[0].id
        for n in assigns
        if isinstance(n.targets[0], ast.Name) and _is_attr(n.value, owner, attr) and n.lineno < store.lineno
    }
    after = store.end_lineno or store.lineno
    return any(
        _is_attr(n.targets[0], owner, attr) and isinstance(n.value, ast.Name) and n.value.id in saved and n.lineno > after
        for n in assigns
    )


def _reset_after(an, info: FunctionInfo, owner: str, attr: str, store: ast.stmt) -> bool:
    """`self._cache = t; out = self.inner(); self._cache = None`: a per-call cache the same call clears
    before it returns. The reset is a store of a constant to the attribute, later in the block of the store
    or of a block around it, with no `return` (nor `yield`) in between: every way out of the call after
    the store passes it."""
    reset: Optional[ast.stmt] = None
    for child, parent in an.climb(store, info.node):
        for block_name in ("body", "orelse", "finalbody"):
            block = getattr(parent, block_name, None)
            if not isinstance(block, list) or not any(child is s for s in block):
                continue
            index = next(i for i, s in enumerate(block) if s is child)
            reset = next(
                (
                    s
                    for s in block[index + 1 :]
                    if isinstance(s, ast.Assign)
                    and isinstance(s.value, ast.Constant)
                    and any(_is_attr(t, owner, attr) for t in s.targets)
                ),
                None,
            )
            if reset is not None:
                break
        if reset is not None or parent is info.node:
            break
    if reset is None:
        return False
    start, end = store.end_lineno or store.lineno, reset.lineno
    return not any(
        isinstance(sub, (ast.Return, ast.Yield, ast.YieldFrom)) and start < sub.lineno < end
        for sub in an.scope_walk(info.node)
    )


def _is_attr(expr: ast.expr, owner: str, attr: str) -> bool:
    return isinstance(expr, ast.Attribute) and expr.attr == attr and isinstance(expr.value, ast.Name) and expr.value.id == owner

class TensorLeakedFromGraph(Rule):
    code = "HYB022"
    name = "tensor-leaked-from-graph"
    severity = Severity.WARNING
    visits_graph_code_only = True
    summary = "A tensor made while tracing is stored in a global or an attribute that eager code reads"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags, in code that runs as a graph, a tensor (or a structure of tensors, such as a Keras model's "
        "output) assigned to a `global` or `nonlocal` name, or to `self.<attr>` when a method of the same "
        "class that runs eagerly reads that attribute (in its body, or in a closure it calls; a closure it only "
        "returns, such as a loss function Keras calls inside the same traced step, is not such a read, nor is a "
        "method with the signature of a Keras loss or metric, `(self, y_true, y_pred, ...)`: Keras calls those "
        "in its traced train and test steps, after `call`; a call from such a method is not an eager call "
        "either). The reader is said to run eagerly only where the "
        "project shows a call of it that does (at module level, in a test, or in a function nothing traces, "
        "in this module or another); a reader nothing in the project calls (API its users call) is reported "
        "without that claim, and one the project calls only where no call is shown eager (in traced code, or "
        "on a receiver the analysis cannot name, `layer.backward(dy)` in a loop over a model's layers, from a "
        "method nothing shows eager) is not reported. A value that is a tensor only on weak evidence (a guess "
        "from its namespace: most functions of `tf.keras.backend` return a tensor) is reported only in preview "
        "mode, and a project that is a copy of TensorFlow's own source (its modules are named `tensorflow.…`) "
        "makes no such guess about its own modules (`backend.unique_object_name(...)` returns a name). Variables (`tf.Variable`, `add_weight`) are not "
        "flagged: they live outside the graph. Attributes only used by other traced code of the class (a "
        "cache within one trace) are not flagged, nor are stores in `__init__` and Keras `build` (Keras runs "
        "`build` eagerly, under `tf.init_scope`), nor a store and an eager read under contrary tests of one "
        "setting the class assigns only in `__init__` (`if self.kind == \"learned\":` against "
        "`if self.kind == \"fixed\":`, or against the `else` of the same test): they are on different paths; "
        "stores into Python collections are HYB007's. A store in a tf.function method is also flagged when "
        "another tf.function method of the class reads the attribute in a trace of its own (even after calling "
        "the writer; not when the writer calls it, nor when it stores the attribute first): each builds its own "
        "graph, so the reader captures a tensor of the writer's graph. A store the function undoes before it returns "
        "(`kernel = self.kernel; self.kernel = w_bar; out = Dense.call(self, x); self.kernel = kernel`) is a "
        "swap, not a leak, and a read behind a test that the attribute is a Python value "
        "(`if isinstance(self._size, int): return self._size`) never sees the tensor. TensorFlow 1 graph code is "
        "not flagged: a TensorFlow 1 placeholder (`tf.compat.v1.placeholder`, `placeholder_with_default`) is "
        "stored to be fed through a session's `feed_dict`, and a reader that uses the attribute in a statement "
        "with an attribute the class gives a `tf.compat.v1.placeholder` (which cannot be made eagerly) runs in a "
        "TensorFlow 1 graph, where Keras builds `call` into the same graph (not when a tf.function makes the "
        "tensor: it has a graph of its own)."
    )
    why_bad = (
        "A tensor created while tracing belongs to the graph being built. Stored where code outside the "
        "trace can reach it, it is a symbolic placeholder, not a value: using it raises "
        f"{OUT_OF_SCOPE}, and `.numpy()` raises AttributeError, as the oracle shows on TensorFlow 2.21; and it "
        "is only assigned while tracing, so later calls never update it. Eagerly the same code works, so "
        "it breaks only once hybridized. The TF function guide lists leaking tensors out of a function "
        "among the things to avoid; the study's abstract names such API misuse among hybridization's main "
        "problems."
    )
    use_instead = "Return the tensor from the function (as an extra output), or `assign` it to a `tf.Variable`."
    fix_safety_doc = "No fix: the function's outputs or state have to change."
    references = (
        "https://www.tensorflow.org/guide/function#leaking_tensors",
    )
    examples = (
        Good(
            "import tensorflow as tf\n\n\n"
            "class ScaledDense(tf.keras.layers.Dense):\n"
            "    def call(self, x):\n"
            "        kernel = self.kernel\n"
            "        self.kernel = kernel / tf.norm(kernel)\n"
            "        outputs = super().call(x)\n"
            "        self.kernel = kernel\n"
            "        return outputs\n\n"
            "    def norm(self):\n"
            "        return tf.norm(self.kernel)\n",
            note="the store is swapped back before `call` returns: the attribute keeps its variable",
            name="swap-undone-before-return",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Attention(tf.keras.layers.Layer):\n"
            "    def call(self, memory):\n"
            "        self._size = tf.shape(memory)[1]\n"
            "        return memory\n\n"
            "    def size(self):\n"
            "        if isinstance(self._size, int):\n"
            "            return self._size\n"
            "        return None\n",
            note="the eager reader uses the attribute only when it is a Python int: never the traced tensor",
            name="read-only-behind-python-type-test",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class ScaledDense(tf.keras.layers.Dense):\n"
            "    def call(self, x):\n"
            "        kernel = self.kernel\n"
            "        self.kernel = kernel / tf.norm(kernel)\n"
            "        return super().call(x)\n\n"
            "    def norm(self):\n"
            "        return tf.norm(self.kernel)\n",
            flagged=["self.kernel = kernel / tf.norm(kernel)"],
            note="the near miss: nothing swaps the variable back, so `norm` reads a tensor of the trace",
            name="swap-never-undone",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n"
            "last_logits = None\n\n"
            "@tf.function\n"
            "def predict(x):\n"
            "    global last_logits\n"
            "    last_logits = model(x)\n"
            "    return tf.argmax(last_logits, -1)\n",
            flagged=["last_logits = model(x)"],
            name="bad-predict",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Tracker(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.last = None\n\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        self.last = tf.square(x)\n"
            "        return self.last + 1\n\n"
            "    def report(self):\n"
            "        return self.last\n",
            flagged=["self.last = tf.square(x)"],
            note="`report` runs eagerly and reads the attribute",
            name="report-runs-eagerly-reads-attribute",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Normalizer(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.count = tf.Variable(0.0)\n"
            "        self.total = tf.Variable(0.0)\n"
            "        self.mean = tf.Variable(0.0)\n\n"
            "    @tf.function\n"
            "    def observe(self, x):\n"
            "        self.count.assign_add(1.0)\n"
            "        self.total.assign_add(x)\n"
            "        self.mean = self.total / self.count\n\n"
            "    @tf.function\n"
            "    def normalize(self, x):\n"
            "        return x - self.mean\n",
            flagged=["self.mean = self.total / self.count"],
            note="`normalize` is a tf.function of its own: its trace captures a tensor of `observe`'s graph",
            name="other-tf-function-reads-attribute",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Scorer(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.weight = tf.Variable(2.0)\n\n"
            "    @tf.function\n"
            "    def prepare(self, x):\n"
            "        self.scaled = self.weight * x\n\n"
            "    @tf.function\n"
            "    def score(self, x):\n"
            "        self.prepare(x)\n"
            "        return self.scaled + 1.0\n",
            flagged=["self.scaled = self.weight * x"],
            note="a tf.function called from another is traced into a graph of its own: the caller cannot use its "
            "tensors",
            name="reader-calls-writer-tf-function",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Normalizer(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.count = tf.Variable(0.0)\n"
            "        self.total = tf.Variable(0.0)\n\n"
            "    @tf.function\n"
            "    def observe(self, x):\n"
            "        self.count.assign_add(1.0)\n"
            "        self.total.assign_add(x)\n"
            "        self.mean = self.total / self.count\n"
            "        return self.mean\n\n"
            "    @tf.function\n"
            "    def normalize(self, x):\n"
            "        self.mean = self.total / self.count\n"
            "        return x - self.mean\n",
            note="each tf.function stores the attribute before it reads it: it reads its own graph's tensor",
            name="other-tf-function-stores-before-reading",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n\n"
            "@tf.function\n"
            "def predict(x):\n"
            "    logits = model(x)\n"
            "    return tf.argmax(logits, -1), logits\n",
            name="good-predict",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Tracker(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.last = tf.Variable(0.0)\n\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        self.last.assign(tf.square(x))\n"
            "        return self.last + 1\n\n"
            "    def report(self):\n"
            "        return self.last\n",
            note="a variable keeps the value",
            name="variable-keeps-value",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Scaler(tf.Module):\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self._scale = tf.reduce_max(tf.abs(x))\n"
            "        return self._normalise(x)\n\n"
            "    def _normalise(self, x):\n"
            "        return x / self._scale\n",
            note="read only by code traced in the same call",
            name="read-only-code-traced-same",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Normalized(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.reduce_mean(tf.abs(x)) + 1.0\n"
            "        return x\n\n"
            "    @property\n"
            "    def loss(self):\n"
            "        def scaled_mse(y_true, y_pred):\n"
            "            return tf.reduce_mean(tf.square(y_true - y_pred)) / self.scale\n"
            "        return scaled_mse\n",
            note="read by a loss closure that `loss` returns: Keras calls it inside the same traced step as `call`",
            name="loss-closure-reads-in-same-trace",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Scaled(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.reduce_mean(tf.abs(x)) + 1.0\n"
            "        return x\n\n"
            "    def loss(self, y_true, y_pred):\n"
            "        return tf.reduce_mean(tf.square(y_true - y_pred)) / self.scale\n",
            note="a method with the Keras loss signature, passed to `compile(loss=layer.loss)`, runs in the traced "
            "train step right after `call`",
            name="keras-loss-method-reads-in-same-trace",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Scaled(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.reduce_mean(tf.abs(x)) + 1.0\n"
            "        return x\n\n"
            "    def scaled_error(self, targets, outputs):\n"
            "        return tf.reduce_mean(tf.square(targets - outputs)) / self.scale\n\n"
            "    def get_loss(self, y_true, y_pred):\n"
            "        return self.scaled_error(y_true, y_pred)\n",
            note="read by a helper that only a method with the Keras loss signature calls: Keras calls that loss "
            "inside the same traced train step as `call` (the twenty-third batch, a CRF layer's loss)",
            name="helper-of-keras-loss-method",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scaled(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.reduce_mean(tf.abs(x)) + 1.0\n"
            "        return x\n\n"
            "    def scaled_error(self, targets, outputs):\n"
            "        return tf.reduce_mean(tf.square(targets - outputs)) / self.scale\n\n"
            "    def report(self, targets, predictions):\n"
            "        return float(self.scaled_error(targets, predictions))\n",
            flagged=["self.scale = tf.reduce_mean(tf.abs(x)) + 1.0"],
            note="the near miss: the helper's caller is an eager method of the project's own, not a Keras loss",
            name="helper-of-eager-method",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Tracker(tf.Module):\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        self.last = tf.square(x)\n"
            "        return self.last + 1\n\n"
            "    def report(self):\n"
            "        def latest():\n"
            "            return self.last\n"
            "        return latest()\n",
            flagged=["self.last = tf.square(x)"],
            note="a closure that the eager `report` calls reads the attribute",
            name="closure-called-by-eager-method",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Calibrator(tf.Module):\n"
            "    def __init__(self, kind=\"fixed\"):\n"
            "        self.kind = kind\n"
            "        self.edges = tf.constant([0.0, 1.0, 2.0])\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.kind == \"learned\":\n"
            "            self.edges = tf.sort(x)\n"
            "        return tf.searchsorted(self.edges, x)\n\n"
            "    def keypoints(self):\n"
            "        if self.kind == \"fixed\":\n"
            "            return self.edges\n"
            "        return None\n",
            note="stored only when `kind` is \"learned\", read eagerly only when it is \"fixed\" (set only in "
            "`__init__`): never the traced tensor",
            name="contrary-setting-guards",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Calibrator(tf.Module):\n"
            "    def __init__(self, kind=\"learned\"):\n"
            "        self.kind = kind\n"
            "        self.edges = tf.constant([0.0, 1.0, 2.0])\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.kind == \"learned\":\n"
            "            self.edges = tf.sort(x)\n"
            "        return tf.searchsorted(self.edges, x)\n\n"
            "    def keypoints(self):\n"
            "        if self.kind != \"fixed\":\n"
            "            return self.edges\n"
            "        return None\n",
            flagged=["self.edges = tf.sort(x)"],
            note="`!= \"fixed\"` does not contradict `== \"learned\"`: the eager read sees the traced tensor",
            name="compatible-setting-guards",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "TRAIN_FLAG = None\n\n\n"
            "def set_train_flag(flag):\n"
            "    global TRAIN_FLAG\n"
            "    TRAIN_FLAG = flag\n\n\n"
            "def train_flag():\n"
            "    global TRAIN_FLAG\n"
            "    if TRAIN_FLAG is None:\n"
            "        TRAIN_FLAG = tf.compat.v1.placeholder_with_default(False, shape=(), name=\"train\")\n"
            "    return TRAIN_FLAG\n\n\n"
            "class Noise(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return tf.where(train_flag(), x + 1.0, x)\n",
            note="a TensorFlow 1 placeholder, kept to be fed through a session's `feed_dict`: TensorFlow 1 graph "
            "design, not a tensor leaked from a trace",
            name="tf1-placeholder-kept-for-feeding",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "TRAIN_FLAG = None\n\n\n"
            "def set_train_flag(flag):\n"
            "    global TRAIN_FLAG\n"
            "    TRAIN_FLAG = flag\n\n\n"
            "def train_flag():\n"
            "    global TRAIN_FLAG\n"
            "    if TRAIN_FLAG is None:\n"
            "        TRAIN_FLAG = tf.constant(False)\n"
            "    return TRAIN_FLAG\n\n\n"
            "class Noise(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return tf.where(train_flag(), x + 1.0, x)\n",
            flagged=["TRAIN_FLAG = tf.constant(False)"],
            note="the near miss: a constant made while `call` is traced stays in the global, and the next trace "
            "uses the first one's tensor",
            name="tensor-kept-for-later-calls",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Tagger(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.probs = tf.nn.softmax(x)\n"
            "        return tf.argmax(self.probs, -1)\n\n"
            "    @classmethod\n"
            "    def create(cls):\n"
            "        model = cls()\n"
            "        model.x = tf.compat.v1.placeholder(tf.float32, [None, 3], name=\"x\")\n"
            "        model.y = tf.compat.v1.placeholder(tf.int32, [None], name=\"y\")\n"
            "        model.best = model(model.x)\n"
            "        return model\n\n"
            "    def create_loss(self):\n"
            "        return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(self.y, self.probs))\n",
            note="`create_loss` reads `self.probs` together with `self.y`, a TensorFlow 1 placeholder, which cannot "
            "be made eagerly: it runs in the TensorFlow 1 graph Keras builds `call` into",
            name="reader-runs-in-tf1-graph",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Tagger(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.probs = tf.nn.softmax(x)\n"
            "        return tf.argmax(self.probs, -1)\n\n"
            "    @classmethod\n"
            "    def create(cls, labels):\n"
            "        model = cls()\n"
            "        model.y = tf.constant(labels)\n"
            "        return model\n\n"
            "    def create_loss(self):\n"
            "        return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(self.y, self.probs))\n",
            flagged=["self.probs = tf.nn.softmax(x)"],
            note="the near miss: `self.y` is an eager constant, not a placeholder, so nothing shows a TensorFlow 1 "
            "graph, and `create_loss` reads the traced tensor eagerly",
            name="reader-with-eager-tensors",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Attention(tf.keras.layers.Layer):\n"
            "    def call(self, memory):\n"
            "        self._size = tf.compat.dimension_value(memory.shape[1])\n"
            "        return memory\n\n"
            "    def initial_alignments(self, batch_size):\n"
            "        return tf.zeros([batch_size, self._size])\n",
            note="`tf.compat.dimension_value` gives the static size, a Python int (None when unknown), never a tensor",
            name="static-dimension-value",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Attention(tf.keras.layers.Layer):\n"
            "    def call(self, memory):\n"
            "        self._size = tf.shape(memory)[1]\n"
            "        return memory\n\n"
            "    def initial_alignments(self, batch_size):\n"
            "        return tf.zeros([batch_size, self._size])\n",
            flagged=["self._size = tf.shape(memory)[1]"],
            note="the near miss: `tf.shape` gives the dynamic size, a tensor of the trace",
            name="dynamic-dimension-tensor",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Pool(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        self._width = tf.shape(inputs)[1]\n"
            "        return tf.reduce_mean(inputs, axis=1)\n\n"
            "    def backward(self, dy):\n"
            "        return tf.repeat(dy[:, None, :], self._width, axis=1)\n"
            "\n\n"
            "class Trainer(tf.Module):\n"
            "    def __init__(self, layers):\n"
            "        self.layers = layers\n\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        for layer in self.layers:\n"
            "            x = layer(x)\n"
            "        dy = tf.ones_like(x)\n"
            "        for layer in reversed(self.layers):\n"
            "            dy = layer.backward(dy)\n"
            "        return dy\n",
            note="the project calls `backward` only inside the tf.function that also runs `call`: one trace "
            "stores and reads the tensor",
            name="reader-called-in-same-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Pool(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        self._width = tf.shape(inputs)[1]\n"
            "        return tf.reduce_mean(inputs, axis=1)\n\n"
            "    def backward(self, dy):\n"
            "        return tf.repeat(dy[:, None, :], self._width, axis=1)\n"
            "\n\n"
            "pool = Pool()\n"
            "tf.function(lambda x: pool(x))(tf.ones([2, 3, 4]))\n"
            "grads = [pool.backward(dy) for dy in [tf.ones([2, 4])]]\n",
            flagged=["self._width = tf.shape(inputs)[1]"],
            note="the near miss: a module-level loop calls `backward` eagerly, after a trace stored the tensor",
            name="reader-called-at-module-level",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Pool(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        self._width = tf.shape(inputs)[1]\n"
            "        return tf.reduce_mean(inputs, axis=1)\n\n"
            "    def backward(self, dy):\n"
            "        return tf.repeat(dy[:, None, :], self._width, axis=1)\n",
            path="pkg/layers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\n\n\n"
                    "class Model(tf.keras.Model):\n"
                    "    def backprop(self, dy):\n"
                    "        for layer in reversed(self.layers):\n"
                    "            dy = layer.backward(dy)\n"
                    "        return dy\n",
                ),
            ),
            note="another module calls `backward` on layers it cannot name, from a method nothing shows eager "
            "(a subclass's training step a tf.function runs): no eager read is shown",
            name="reader-called-elsewhere-not-shown-eager",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Pool(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        self._width = tf.shape(inputs)[1]\n"
            "        return tf.reduce_mean(inputs, axis=1)\n\n"
            "    def backward(self, dy):\n"
            "        return tf.repeat(dy[:, None, :], self._width, axis=1)\n",
            flagged=["self._width = tf.shape(inputs)[1]"],
            path="pkg/layers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\n\n"
                    "from pkg.layers import Pool\n\n"
                    "pool = Pool()\n"
                    "tf.function(lambda x: pool(x))(tf.ones([2, 3, 4]))\n"
                    "for dy in [tf.ones([2, 4])]:\n"
                    "    print(pool.backward(dy))\n",
                ),
            ),
            note="the near miss: another module's module-level loop calls `backward` eagerly",
            name="reader-called-at-module-level-elsewhere",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Total(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self._total = tf.keras.backend.sum(x)\n"
            "        return x\n\n"
            "    def total(self):\n"
            "        return self._total\n",
            flagged=["self._total = tf.keras.backend.sum(x)"],
            preview=True,
            note="weak evidence, shown only in preview mode: most functions of `tf.keras.backend` return a tensor, "
            "not all (TensorFlow's own `backend.unique_object_name` returns a name)",
            name="keras-backend-result-taken-for-tensor",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow.python.keras import backend\n\n\n"
            "class Named(tf.Module):\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self._label = backend.unique_object_name(\"named\")\n"
            "        return x\n\n"
            "    def label(self):\n"
            "        return self._label\n",
            path="tensorflow/python/keras/layers/named.py",
            project=(
                ("tensorflow/__init__.py", ""),
                ("tensorflow/python/__init__.py", ""),
                ("tensorflow/python/keras/__init__.py", ""),
                ("tensorflow/python/keras/layers/__init__.py", ""),
                ("tensorflow/python/keras/backend.py", "def unique_object_name(name):\n    return name + \"_1\"\n"),
            ),
            note="a copy of TensorFlow's own source (its modules are named `tensorflow.…`) calls its own "
            "`backend.unique_object_name`: what TensorFlow's Keras backend mostly returns says nothing of it "
            "(the near miss is `keras-backend-result-taken-for-tensor`, in a project of its own)",
            name="own-tensorflow-source-helper",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Gather(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.table = tf.square(x)\n"
            "        out = self.lookup()\n"
            "        self.table = None\n"
            "        return out\n\n"
            "    def lookup(self):\n"
            "        return self.table * 2.0\n\n"
            "    def latest(self):\n"
            "        return self.table\n",
            note="a per-call cache: the call clears the attribute before it returns, so no tensor outlives the "
            "trace (the twenty-third batch, k3-node)",
            name="per-call-cache-cleared",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Gather(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.table = tf.square(x)\n"
            "        out = self.lookup()\n"
            "        return out\n\n"
            "    def lookup(self):\n"
            "        return self.table * 2.0\n\n"
            "    def latest(self):\n"
            "        return self.table\n",
            flagged=["self.table = tf.square(x)"],
            note="the near miss: nothing clears the attribute, which `latest` reads after the trace",
            name="per-call-cache-kept",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def is_tracing(x):\n"
            "    if \"KerasTensor\" in type(x).__name__:\n"
            "        return True\n"
            "    return tf.inside_function()\n\n\n"
            "class Scorer(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        score = tf.reduce_mean(tf.square(x))\n"
            "        self.last_score = None if is_tracing(score) else score\n"
            "        return x * score\n\n"
            "    def latest_score(self):\n"
            "        return self.last_score\n",
            note="the project's own test for tracing (its body returns `tf.inside_function()`): only an eager "
            "value is stored (the twenty-third batch, k3-node)",
            name="stored-only-when-not-tracing",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def is_tracing(x):\n"
            "    return \"KerasTensor\" in type(x).__name__\n\n\n"
            "class Scorer(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        score = tf.reduce_mean(tf.square(x))\n"
            "        self.last_score = None if is_tracing(score) else score\n"
            "        return x * score\n\n"
            "    def latest_score(self):\n"
            "        return self.last_score\n",
            flagged=["self.last_score = None if is_tracing(score) else score"],
            note="the near miss: the helper is named for tracing, but its body tests only for a Keras symbolic "
            "tensor, which a tf.function's tensors are not",
            name="helper-named-tracing-tests-other",
        ),
        Good(
            "import tensorflow as tf\n\nfrom pkg.base import MessagePassing\n\n\n"
            "class Conv(MessagePassing):\n"
            "    def call(self, x):\n"
            "        self.cache = tf.square(x)\n"
            "        return self.propagate(x)\n\n"
            "    def message(self, x):\n"
            "        return self.cache * x\n",
            path="pkg/conv.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/base.py",
                    "import tensorflow as tf\n\n\n"
                    "class MessagePassing(tf.keras.layers.Layer):\n"
                    "    def call(self, x):\n"
                    "        return self.propagate(x)\n\n"
                    "    def propagate(self, x):\n"
                    "        return self.message(x)\n\n"
                    "    def message(self, x):\n"
                    "        return x\n",
                ),
            ),
            note="the reader overrides a method the base class of another module calls in its traced `propagate`: "
            "it runs in the same trace (the twenty-third batch, k3-node)",
            name="override-called-by-traced-base",
        ),
        Bad(
            "import tensorflow as tf\n\nfrom pkg.base import MessagePassing\n\n\n"
            "class Conv(MessagePassing):\n"
            "    def call(self, x):\n"
            "        self.cache = tf.square(x)\n"
            "        return x * 2.0\n\n"
            "    def message(self, x):\n"
            "        return self.cache * x\n",
            flagged=["self.cache = tf.square(x)"],
            path="pkg/conv.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/base.py",
                    "import tensorflow as tf\n\n\n"
                    "class MessagePassing(tf.keras.layers.Layer):\n"
                    "    def call(self, x):\n"
                    "        return x\n\n"
                    "    def propagate(self, x):\n"
                    "        return self.message(x)\n\n"
                    "    def message(self, x):\n"
                    "        return x\n",
                ),
            ),
            note="the near miss: nothing traced calls the base's `propagate`, so no trace runs the override",
            name="override-base-never-traced",
        ),
    )

    oracle = Oracle(
        symptom=Raises("TypeError", "out of scope"),
        runs={
            "bad-predict": "predict(tf.ones([1, 3]))\noutputs = tf.reduce_sum(last_logits)",
            "per-call-cache-cleared": "layer = Gather()\noutputs = tf.function(lambda x: layer(x))(tf.ones([2])).numpy().tolist()",
            "per-call-cache-kept": "layer = Gather()\ntf.function(lambda x: layer(x))(tf.ones([2]))\noutputs = layer.latest() + 1",
            "stored-only-when-not-tracing": "layer = Scorer()\noutputs = tf.function(lambda x: layer(x))(tf.ones([2])).numpy().tolist()",
            "helper-named-tracing-tests-other": "layer = Scorer()\ntf.function(lambda x: layer(x))(tf.ones([2]))\n"
            "outputs = layer.latest_score() + 1",
            "report-runs-eagerly-reads-attribute": "tracker = Tracker()\ntracker.step(tf.constant(1.0))\noutputs = tracker.report() + 1",
            "good-predict": "outputs = predict(tf.ones([1, 3]))[1].shape.as_list()",
            "other-tf-function-reads-attribute": "normalizer = Normalizer()\nnormalizer.observe(tf.constant(2.0))\n"
            "outputs = normalizer.normalize(tf.constant(3.0))",
            "reader-calls-writer-tf-function": Run(
                "scorer = Scorer()\noutputs = scorer.score(tf.constant(3.0))",
                symptom=Raises("InaccessibleTensorError", "out of scope"),
            ),
                        "other-tf-function-stores-before-reading": "normalizer = Normalizer()\nnormalizer.observe(tf.constant(2.0))\n"
            "outputs = normalizer.normalize(tf.constant(3.0))",
            "variable-keeps-value": "tracker = Tracker()\ntracker.step(tf.constant(1.0))\noutputs = tracker.report() + 1",
            "read-only-code-traced-same": "outputs = Scaler()(tf.constant([1.0, -4.0]))",
            "loss-closure-reads-in-same-trace": Run(
                "layer = Normalized()\n"
                "model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2), layer])\n"
                "model.compile(optimizer=\"sgd\", loss=layer.loss)\n"
                "history = model.fit(tf.ones([4, 2]), tf.ones([4, 2]), batch_size=2, epochs=2, verbose=0)\n"
                "outputs = [round(v, 3) for v in history.history[\"loss\"]]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "helper-of-keras-loss-method": Run(
                "layer = Scaled()\n"
                "model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2), layer])\n"
                "model.compile(optimizer=\"sgd\", loss=layer.get_loss)\n"
                "history = model.fit(tf.ones([4, 2]), tf.ones([4, 2]), batch_size=2, epochs=2, verbose=0)\n"
                "outputs = [round(v, 3) for v in history.history[\"loss\"]]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "helper-of-eager-method": Run(
                "layer = Scaled()\n"
                "model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2), layer])\n"
                "model.compile(optimizer=\"sgd\", loss=\"mse\")\n"
                "model.fit(tf.ones([4, 2]), tf.ones([4, 2]), batch_size=2, epochs=1, verbose=0)\n"
                "outputs = layer.report(tf.ones([4, 2]), model.predict(tf.ones([4, 2]), verbose=0))\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "keras-loss-method-reads-in-same-trace": Run(
                "layer = Scaled()\n"
                "model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2), layer])\n"
                "model.compile(optimizer=\"sgd\", loss=layer.loss)\n"
                "history = model.fit(tf.ones([4, 2]), tf.ones([4, 2]), batch_size=2, epochs=2, verbose=0)\n"
                "outputs = [round(v, 3) for v in history.history[\"loss\"]]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "contrary-setting-guards": "calibrator = Calibrator(\"fixed\")\ncalibrator(tf.constant([2.0, 0.5]))\n"
            "outputs = calibrator.keypoints() + 1",
            "compatible-setting-guards": "calibrator = Calibrator(\"learned\")\ncalibrator(tf.constant([2.0, 0.5]))\n"
            "outputs = calibrator.keypoints() + 1",
            "closure-called-by-eager-method": "tracker = Tracker()\ntracker.step(tf.constant(1.0))\noutputs = tracker.report() + 1",
            "tf1-placeholder-kept-for-feeding": "with tf.Graph().as_default():\n"
            "    x = tf.compat.v1.placeholder(tf.float32, [2])\n"
            "    y = Noise()(x)\n"
            "    with tf.compat.v1.Session() as sess:\n"
            "        outputs = [sess.run(y, feed_dict={x: [1.0, 2.0]}).tolist(),\n"
            "                   sess.run(y, feed_dict={x: [1.0, 2.0], train_flag(): True}).tolist()]\n",
            "tensor-kept-for-later-calls": "noise = Noise()\nfirst = tf.function(lambda x: noise(x))\n"
            "second = tf.function(lambda x: noise(x))\nfirst(tf.ones([2]))\noutputs = second(tf.ones([2]))",
            "reader-runs-in-tf1-graph": "with tf.Graph().as_default():\n"
            "    tagger = Tagger.create()\n"
            "    loss = tagger.create_loss()\n"
            "    with tf.compat.v1.Session() as sess:\n"
            "        best, value = sess.run([tagger.best, loss], feed_dict={tagger.x: [[1.0, 2.0, 3.0]], tagger.y: [2]})\n"
            "outputs = [best.tolist(), round(float(value), 4)]\n",
            "static-dimension-value": "attention = Attention()\ntf.function(lambda m: attention(m))(tf.ones([2, 3]))\n"
            "outputs = attention.initial_alignments(2).shape.as_list()",
            "dynamic-dimension-tensor": "attention = Attention()\ntf.function(lambda m: attention(m))(tf.ones([2, 3]))\n"
            "outputs = attention.initial_alignments(2).shape.as_list()",
            "reader-called-in-same-trace": "trainer = Trainer([Pool()])\n"
            "outputs = trainer.step(tf.ones([2, 3, 4])).shape.as_list()",
            "reader-called-at-module-level": "outputs = grads[0].shape.as_list()",
            "reader-with-eager-tensors": "tagger = Tagger.create([2])\ntf.function(lambda x: tagger(x))(tf.ones([1, 3]))\n"
            "outputs = tagger.create_loss()",
        },
    )

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._store(node, target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._store(node, node.target, node.value)

    def _store(self, stmt: ast.stmt, target: ast.expr, value_node: ast.expr) -> None:
        ctx = self.ctx
        graph = ctx.graph
        info = ctx.function
        if graph is None or info is None or info.name in RUNS_EAGERLY:
            return
        self._where: Optional[Related] = None
        where = self._escape(target, info, stmt)
        if where is None:
            return
        if analysis_for(ctx.facts).tf1_placeholder(value_node, info) is not None:
            return  # a TensorFlow 1 placeholder, kept to be fed through a session's `feed_dict`: graph design
        an = analysis_for(ctx.facts)
        if an.behind_tracing_test(stmt, info) is not None:
            return  # after `if is_tracing(x): return`: the project's own test keeps traced values out
        tensors = tensors_for(ctx.facts)
        value = tensors.infer(value_node, info)
        if not value.is_tensor or value.tag == VARIABLE:
            return
        if isinstance(value_node, ast.IfExp) and not any(
            tensors.infer(branch, info).is_tensor
            for branch in (value_node.body, value_node.orelse)
            if an.behind_tracing_test(branch, info) is None
        ):
            return  # `None if is_tracing(x) else x`: the tensor is stored only where nothing is traced
        if where.endswith(OTHER_TRACE):
            harm = (
                "There it is a tensor of another graph: once this store has run, tracing the reader raises an error "
                "('<tf.Tensor ...> is out of scope and cannot be used here')"
            )
        else:
            harm = f"Outside the trace it is a symbolic placeholder: using it raises {OUT_OF_SCOPE}"
        message = (
            f"A tensor made while {function_label(info)} is traced ({graph.describe()}) escapes through {where}. "
            f"{harm}, and later calls of the traced graph do not update it. Return it from the function, or "
            "`assign` it to a `tf.Variable`."
        )
        related: List[Related] = list(ctx.graph_related())
        if self._where is not None:
            related.append(self._where)
        related.extend(self._evidence(value_node, value))
        severity = traced_severity(graph, Severity.WARNING)
        # a tensor only on weak evidence (a guess from the namespace, `tf.keras.backend.<helper>(...)`):
        # preview
        self.report(stmt, message, related=related, severity=severity, preview=value.weak)

    def _escape(self, target: ast.expr, info: FunctionInfo, stmt: ast.stmt) -> Optional[str]:
        """How a store to `target` leaves the trace, for messages; None when it does not."""
        if isinstance(target, ast.Name):
            if target.id in info.globals_declared:
                return f"the global `{target.id}`"
            if target.id in analysis_for(self.ctx.facts).nonlocals(info):
                return f"the closure variable `{target.id}`"
            return None
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and info.cls is not None
            and not isinstance(info.node, ast.Lambda)
            and info.node.args.args
            and target.value.id == info.node.args.args[0].arg
        ):
            if _restored(info, target.value.id, target.attr, stmt):
                return None
            if _reset_after(analysis_for(self.ctx.facts), info, target.value.id, target.attr, stmt):
                return None  # a per-call cache the call clears before it returns
            guards = analysis_for(self.ctx.facts).attribute_guards(stmt, info)
            reader = self._eager_reader(info.cls, target.attr, guards, _keras_traced(info))
            if reader is not None:
                name, where = reader
                if where is None:
                    return f"`self.{target.attr}`, which `{name}` reads (a method no code of the project calls or traces)"
                anchor, note = where
                if isinstance(anchor, Place):
                    self._where = Related(anchor.span, note, anchor.path)
                else:
                    self._where = Related(self.ctx.span(anchor), note)
                return f"`self.{target.attr}`, which `{name}` reads eagerly"
            reader = self._other_trace_reader(info, target.attr, guards)
            if reader is not None:
                return f"`self.{target.attr}`, which the tf.function `{reader}` reads{OTHER_TRACE}"
        return None

    def _other_trace_reader(self, info: FunctionInfo, attr: str, guards: List[Tuple[str, object, bool]]) -> Optional[str]:
        """Another tf.function method of the class that reads `self.<attr>` in a trace of its own, when the
        store is in a tf.function method of its own too: each builds a separate graph, so the reader captures
        a tensor of the writer's graph, even after calling the writer itself. Not when the writer calls the
        reader (a graph traced inside another may capture the outer graph's tensors), nor when the reader
        stores the attribute itself (a cache within its own trace)."""
        facts = self.ctx.facts
        an = analysis_for(facts)
        cls = info.cls
        if cls is None or info.decorator is None or info.graph is None or info.graph.origin is not info:
            return None
        for method in cls.methods.values():
            node = method.node
            if method is info or method.decorator is None or isinstance(node, ast.Lambda) or not node.args.args:
                continue
            if method.name in RUNS_EAGERLY or _calls_into(info, method):
                continue
            reads = list(_uses_of(facts, an, method, attr))
            if not reads or any(not isinstance(sub.ctx, ast.Load) for sub, _ in reads):
                continue
            for sub, inner in reads:
                excluded = exclusive_guards(guards, an.attribute_guards(sub, inner)) if guards else None
                if excluded is not None and an.set_only_in_init(cls, excluded):
                    continue
                return method.name
        return None

    def _eager_reader(
        self, cls: ClassInfo, attr: str, guards: List[Tuple[str, object, bool]], keras_traced: bool = False
    ) -> Optional[Tuple[str, Optional[Tuple[object, str]]]]:
        """A method of `cls` that does not run as a graph and reads `self.<attr>` while it runs (in its
        body or a closure it calls; not in one it returns, whose caller may run it in the same trace),
        with where the project calls it eagerly (`ModuleAnalysis.eager_calls`): a reader with such a call
        first, else one nothing in the project calls (None: API its users call). A reader the project
        calls only where no call is shown eager (in traced code, or on a receiver nothing resolves from a
        function nothing traces) is not claimed to run eagerly: its calls may all run in one trace.
        A read under a test of a setting that contradicts the store's `guards` (`if self.kind == "a":`
        against `if self.kind == "b":`, the setting assigned only in `__init__`) is on another path.
        When Keras traces the store (`keras_traced`), a read in a statement that also reads an attribute
        the class gives a TensorFlow 1 placeholder runs in a TensorFlow 1 graph, where Keras builds `call`
        into the same graph: no eager read."""
        facts = self.ctx.facts
        an = analysis_for(facts)
        placeholders = an.placeholder_attributes(cls) if keras_traced else {}
        uncalled: Optional[str] = None
        for method in cls.methods.values():
            node = method.node
            if method.graph is not None or isinstance(node, ast.Lambda) or not node.args.args:
                continue
            if method.name in ("__init__", "build") or method.name.startswith("_"):
                continue
            if keras_loss_signature(method):
                continue  # a Keras loss/metric: `compile` makes Keras call it in the traced step
            self_name = node.args.args[0].arg
            for sub, inner in _uses_of(facts, an, method, attr):
                if not isinstance(sub.ctx, ast.Load) or _behind_type_test(an, sub, self_name, attr):
                    continue  # `if isinstance(self._size, int): return self._size`: never a tensor
                if placeholders and _reads_any(an, sub, self_name, placeholders):
                    continue  # `loss(self.probs, self.y)`, `self.y` a TF1 placeholder: a TF1 graph, not eager
                excluded = exclusive_guards(guards, an.attribute_guards(sub, inner)) if guards else None
                if excluded is not None and an.set_only_in_init(cls, excluded):
                    continue
                kind, where = an.eager_calls(method)
                if kind == "eager":
                    return method.name, where
                if kind == "uncalled" and _overrides_traced(facts, cls, method):
                    break  # the base's own calls (`self.message(...)` in its traced `propagate`) run it
                if kind == "uncalled" and uncalled is None:
                    uncalled = method.name
                break
        return (uncalled, None) if uncalled is not None else None

    def _evidence(self, expr: ast.AST, value: Inference) -> List[Related]:
        ctx = self.ctx
        if value.node is not None and value.reason and (value.node is not expr or value.weak):
            return [Related(ctx.span(value.node), f"`{ctx.source.segment(expr)}` is a tensor: {value.reason}")]
        return []


_PYTHON_TYPES = frozenset({"int", "float", "bool", "str", "bytes", "list", "tuple", "dict", "set"})


def _python_type_test(test: ast.AST, owner: str, attr: str) -> bool:
    """`isinstance(self.<attr>, int)` (or a tuple of Python types): true only for a Python value."""
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance"):
        return False
    if len(test.args) != 2:
        return False
    subject, types = test.args
    if not (isinstance(subject, ast.Attribute) and subject.attr == attr and isinstance(subject.value, ast.Name)
            and subject.value.id == owner):
        return False
    names = types.elts if isinstance(types, ast.Tuple) else [types]
    return all(isinstance(n, ast.Name) and n.id in _PYTHON_TYPES for n in names)


def _behind_type_test(an, read: ast.AST, owner: str, attr: str) -> bool:
    """The read is that type test itself, or in the branch it guards: it never uses a tensor's value."""
    child, node = read, an.parent(read)
    while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        if isinstance(node, ast.Call) and _python_type_test(node, owner, attr):
            return True
        if isinstance(node, (ast.If, ast.IfExp)) and _python_type_test(node.test, owner, attr):
            body = node.body if isinstance(node.body, list) else [node.body]
            if any(child is stmt for stmt in body):
                return True
        child, node = node, an.parent(node)
    return False


def _uses_of(facts, an, method: FunctionInfo, attr: str) -> Iterator[Tuple[ast.Attribute, FunctionInfo]]:
    """Each `self.<attr>` (load or store) that runs while `method` runs, with the function it is in."""
    self_name = method.node.args.args[0].arg
    for inner in facts.functions:
        if inner.external is not None or not runs_within(inner, method):
            continue
        for sub in an.scope_walk(inner.node):
            if (
                isinstance(sub, ast.Attribute)
                and sub.attr == attr
                and isinstance(sub.value, ast.Name)
                and sub.value.id == self_name
            ):
                yield sub, inner


def _overrides_traced(facts, cls: ClassInfo, method: FunctionInfo) -> bool:
    """`method` overrides a method of a base class that runs traced (in this module, or in another as the
    index says: `ModuleLink.traced_overrides`): the base's calls of it by `self` run the override, in the
    same trace, so a reader nothing else calls is not API its users call eagerly."""
    if facts.link is not None and method.qualname in facts.link.traced_overrides:
        return True
    classes, _stop = facts.mro(cls)
    for base in classes[1:]:
        found = base.methods.get(method.name)
        if found is not None:
            return found.graph is not None
    return False


def _keras_traced(info: FunctionInfo) -> bool:
    """Keras traces the function: it is (or runs within) a Keras method, not a tf.function."""
    graph = info.graph
    origin = graph.origin.graph if graph is not None else None
    return origin is not None and origin.reason == "keras"


def _reads_any(an, read: ast.AST, owner: str, attrs) -> bool:
    """The statement of `read` also reads `<owner>.<a>` for an attribute `a` of `attrs`."""
    stmt = an.statement_of(read)
    return stmt is not None and any(
        isinstance(sub, ast.Attribute)
        and isinstance(sub.ctx, ast.Load)
        and sub.attr in attrs
        and isinstance(sub.value, ast.Name)
        and sub.value.id == owner
        for sub in ast.walk(stmt)
    )


def _calls_into(caller: FunctionInfo, callee: FunctionInfo) -> bool:
    """`caller`'s body (or a function it calls, in this module) calls `callee`."""
    seen = {id(caller)}
    stack = [caller]
    while stack:
        for site in stack.pop().calls:
            if site.is_reference:
                continue
            if site.target is callee:
                return True
            if id(site.target) not in seen:
                seen.add(id(site.target))
                stack.append(site.target)
    return False
