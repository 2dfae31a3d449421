"""HYB009 eager-only-call-in-graph."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.analysis import analysis_for, function_label, graph_related, runs_as_graph, traced_severity
from hybridlint.constructors import KERAS_LOOP_METHODS
from hybridlint.facts import FunctionInfo, GraphInfo
from hybridlint.oracle import Oracle, Raises, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import (
    FOREIGN_TENSOR,
    HAS_NUMPY,
    KERAS_MODEL,
    VARIABLE,
    Kind,
    evidence_text,
    foreign_type_test,
    on_evidence,
    tensors_for,
)

CALLABLE_REPLACEMENT = frozenset({"predict", "predict_on_batch"})
NUMPY_ERROR = "AttributeError ('SymbolicTensor' object has no attribute 'numpy')"
# A variable keeps its `numpy` method in a graph, which refuses to run there.
VARIABLE_NUMPY_ERROR = "NotImplementedError (`numpy()` is only available when eager execution is enabled)"
# What a `try:` around `.numpy()` must catch to handle the traced case: a variable's NotImplementedError is
# a RuntimeError; a receiver not shown a variable is taken for a tensor, which raises AttributeError.
CAUGHT_VARIABLE = frozenset({"NotImplementedError", "RuntimeError"})
CAUGHT_TENSOR = frozenset({"AttributeError"})




def _value_guards(test: ast.expr) -> List[str]:
    """Names a test, when true, shows are no symbolic TensorFlow tensor: `hasattr(x, "numpy")` (a traced
    tensor has no `numpy`) and `"torch" in str(type(x))` (another framework's tensor: `foreign_type_test`),
    alone or in an `and`."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [name for value in test.values for name in _value_guards(value)]
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "hasattr"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
        and isinstance(test.args[1], ast.Constant)
        and test.args[1].value == "numpy"
    ):
        return [test.args[0].id]
    foreign = foreign_type_test(test)
    if foreign is not None:
        return [foreign]
    return []


def _made_from_guarded_value(ctx, node: ast.Call, receiver: ast.expr) -> bool:
    """`.numpy()` of a value made from `x` (`x.cpu().numpy()`, `ops.reshape(x).numpy()` through a local) in the
    body of `if hasattr(x, "numpy"):` or `if "torch" in str(type(x)):`: while tracing, `x` is a symbolic tensor,
    so the branch does not run there (it is for eager or other-framework values)."""
    info = ctx.function
    if info is None:
        return False
    an = analysis_for(ctx.facts)
    names = {n.id for n in ast.walk(receiver) if isinstance(n, ast.Name)}
    for child, parent in an.climb(node, info.node):
        if isinstance(parent, ast.If) and any(child is stmt for stmt in parent.body):
            guarded = set(_value_guards(parent.test))
            if guarded and _mentions_any(an, info, names, guarded, parent):
                return True
    return False


def _mentions_any(an, info, names, guarded, branch: ast.If) -> bool:
    """The receiver's names hold `guarded` values: a guarded name itself, or a local bound in the branch
    from an expression that reads one."""
    if names & guarded:
        return True
    for stmt in branch.body:
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Assign) and any(isinstance(t, ast.Name) and t.id in names for t in sub.targets):
                if {n.id for n in ast.walk(sub.value) if isinstance(n, ast.Name)} & guarded:
                    return True
    return False

class EagerOnlyCallInGraph(Rule):
    code = "HYB009"
    name = "eager-only-call-in-graph"
    severity = Severity.ERROR
    preview = True
    visits_graph_code_only = True
    fix_safety = FixSafety.UNSAFE
    summary = "`.numpy()` and Keras `Model.fit/predict/evaluate` only work eagerly, not in traced code"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags two kinds of eager-only calls in code that runs as a graph (a `tf.function`, what it calls, a "
        "`tf.data` transformation, a Keras `call`/`train_step`, a Keras `Lambda` layer's function, a loss or metric "
        "given to `compile` unless the model is set to run eagerly): `.numpy()` with no arguments, and the Keras "
        "training loop methods `fit`, `predict`, `evaluate`, `train_on_batch`, `test_on_batch`, "
        "`predict_on_batch` and the `*_generator` variants when the receiver is a Keras model in this file "
        "(a name or `self.<attr>` assigned from `tf.keras.Model(...)`, `Sequential(...)`, "
        "`tf.keras.models.load_model(...)`, a Keras application or a `Model` subclass). `.numpy()` on an object "
        "of a class in this file that defines `numpy` is not flagged, nor is code under `if "
        "tf.executing_eagerly():` or in a `tf.py_function` target, nor `x.numpy()` where `hasattr(x, "
        "\"numpy\")` holds (a traced tensor has no `numpy`, so the branch runs only for an eager one), nor "
        "`.numpy()` in a `try:` whose handler catches the error it raises while tracing (AttributeError, or "
        "NotImplementedError for a receiver shown a `tf.Variable`). "
        "Other code that only runs eagerly is not flagged either: after `tf.executing_eagerly() and` in a "
        "condition, the rest of a block after `if not tf.executing_eagerly(): raise` (or `return`), a later "
        "`if C:` when an earlier `if C:` raised or returned unless eager, the branch a function takes for "
        "NumPy input (`if not tf.is_tensor(x):`, the `else` of `if tf.is_tensor(x):`, `isinstance(x, "
        "np.ndarray)`; traced callers pass tensors), and the steps of a model whose `compile` override "
        "always passes `run_eagerly=True` (a model this module compiles with `run_eagerly=True` is reported in "
        "preview mode only), and a Keras model whose own `__init__` (or its module, before the class) leaves "
        "`tf.config.run_functions_eagerly(True)` on: no instance's `call` is ever traced (a layer's still is: "
        "a `Sequential` or functional model calls it on symbolic tensors to build, switch or not). Nor is `.numpy()` of a "
        "value made by `.detach()` (`out.cpu().detach().numpy()`), a method no TensorFlow tensor has: another "
        "framework's tensor, whose `numpy()` works in any trace."
        " Code under `if p:` (`if p and ...:`, `if not p:`) for a parameter `p` runs on a traced path only where "
        "the traced caller does not pass a contrary literal (`training=False`): the message names a traced caller "
        "that can reach it, and nothing is reported when none in the file can. In the traced entry point itself "
        "(a tf.function, a Keras `call`), code under `if p:` where `p` has a contrary literal default "
        "(`debug=False`; not `training` or `mask` of a Keras method, which Keras passes) runs only when a caller "
        "passes `p`: it is reported when a call in the file passes a keyword `p` (not a contrary literal) or a call "
        "of the function passes it, in preview mode when only another module of the project does (the message "
        "says so), and not at all when nothing in the project does. Code that runs only while an "
        "option of the object is on (`if self.verbose:`, set only in `__init__` from a parameter that defaults "
        "to False or None) is reported in preview mode only: such options are often meant for eager debugging."
        " A value that is a tensor only on weak evidence (a `tf.Tensor` annotation, a `tf.is_tensor` test on "
        "an unknown value, a Keras-backend or v1-compat function that usually returns one) is reported in "
        "preview mode only, and the message says what it was taken for."
    )
    why_bad = (
        "While a function is traced its tensors are symbolic: they have no value yet, so `.numpy()` raises "
        f"{NUMPY_ERROR}, and a `tf.Variable`'s `numpy()` raises {VARIABLE_NUMPY_ERROR} (both checked by "
        "the oracle). Keras's `fit`/`predict`/`evaluate` manage their own tf.function and data iteration; "
        "Keras 2 refuses them inside another tf.function (`RuntimeError: Detected a call to `Model.predict` "
        "inside a `tf.function``); with Keras 3 (TensorFlow 2.21, checked by the oracle) `predict` fails "
        "converting the symbolic input to NumPy (AttributeError). Code like this works while debugging eagerly and breaks as soon as it is "
        "hybridized. The study's abstract names *execution-mode incompatibility* as one of hybridization's "
        "main problems, and 13 of its 159 labelled fix commits are categorised *Incompatibility* (this rule "
        "and HYB010/HYB014–HYB016 share them; 2 more add per-mode branches with `tf.executing_eagerly()`). "
        "Hybridize refuses functions with eager-only calls (`HAS_EAGER_ONLY_CALLS`)."
    )
    use_instead = (
        "Keep the value a tensor and use TensorFlow ops on it; convert to NumPy outside the traced function "
        "(on its result). Call a Keras model directly, `model(x, training=False)`, instead of "
        "`model.predict(x)`. Eager-only code that must stay goes under `if tf.executing_eagerly():`."
    )
    fix_safety_doc = (
        "Unsafe. `model.predict(x)` and `model.predict_on_batch(x)` with a single positional argument become "
        "`model(x, training=False)`: no batching and no callbacks, and the result is a tensor rather than a "
        "NumPy array. Dropping `.numpy()` is offered only where a tensor is what the surrounding code takes: "
        "the value is returned from the traced function itself, passed straight to a TensorFlow function, or "
        "held in a local name used only in those ways; the result becomes a tensor instead of an array. "
        "Everything else is flagged without a fix."
    )
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://www.tensorflow.org/api_docs/python/tf/keras/Model#predict",
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring/issues/363",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def total(x, y):\n"
            "    return (x + y).numpy()\n",
            flagged=["(x + y).numpy()"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def total(x, y):\n"
            "    return (x + y)\n",
            note="the traced function's result is a tensor anyway",
            name="traced-function-result-tensor-anyway",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n\n"
            "@tf.function\n"
            "def score(x):\n"
            "    return tf.reduce_mean(model.predict(x))\n",
            flagged=["model.predict(x)"],
            fixed="import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n\n"
            "@tf.function\n"
            "def score(x):\n"
            "    return tf.reduce_mean(model(x, training=False))\n",
            name="bad-score",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "steps = tf.Variable(0)\n\n"
            "@tf.function\n"
            "def advance(x):\n"
            "    steps.assign_add(1)\n"
            "    return x * steps.numpy()\n",
            flagged=["steps.numpy()"],
            note="a variable: the message names NotImplementedError, not AttributeError",
            name="variable-numpy-needs-eager",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def best(state, loss):\n"
            "    return loss + state.weights[0].numpy()\n",
            flagged=["state.weights[0].numpy()"],
            note="a receiver not shown to be a tensor or a variable: the message names both errors",
            name="unknown-receiver-names-both-errors",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def accuracy(logits, labels):\n"
            "    preds = tf.argmax(logits, -1).numpy()\n"
            "    return np.mean(preds == labels)\n",
            flagged=["tf.argmax(logits, -1).numpy()"],
            note="the array feeds NumPy code: no fix",
            name="array-feeds-numpy-code-no",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.model = tf.keras.models.load_model(\"model.keras\")\n\n"
            "    @tf.function\n"
            "    def step(self, x, y):\n"
            "        self.model.fit(x, y, epochs=1)\n",
            flagged=["self.model.fit(x, y, epochs=1)"],
            note="the receiver is a model assigned in `__init__`",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def _to_list(ids):\n"
            "    return ids.numpy().tolist()\n\n\n"
            "@tf.function\n"
            "def ranked(scores):\n"
            "    if isinstance(scores, np.ndarray):\n"
            "        return _to_list(tf.argsort(tf.constant(scores)))\n"
            "    return _to_list(tf.argsort(scores))\n",
            flagged=["ids.numpy()"],
            note="the helper is also called on the path tensors take, so it is traced",
            name="helper-called-on-tensor-path",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def scaled_mse(y_true, y_pred):\n"
            "    scale = y_true.numpy().std() + 1.0\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) / scale\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"sgd\", loss=scaled_mse)\n",
            flagged=["y_true.numpy()"],
            note="Keras calls the loss given to `compile` inside the training step it traces in `fit`",
            name="keras-loss-calls-numpy",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def scaled_mse(y_true, y_pred):\n"
            "    scale = y_true.numpy().std() + 1.0\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) / scale\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"sgd\", loss=scaled_mse, run_eagerly=True)\n",
            note="`run_eagerly=True`: Keras runs the training step, and the loss, eagerly",
            name="keras-loss-compiled-run-eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def scaled_mse(y_true, y_pred):\n"
            "    scale = y_true.numpy().std() + 1.0\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) / scale\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"sgd\", loss=scaled_mse)\n"
            "model.run_eagerly = True\n",
            note="the model is set to run eagerly after `compile`",
            name="keras-loss-model-set-run-eagerly",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def to_unit(x):\n"
            "    return x / np.abs(x.numpy()).max()\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Lambda(to_unit)])\n",
            flagged=["x.numpy()"],
            note="the function of a `Lambda` layer runs inside the layer's `call`, which Keras traces",
            name="lambda-layer-function-calls-numpy",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def scaled_mse(y_true, y_pred):\n"
            "    scale = y_true.numpy().std() + 1.0\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) / scale\n",
            flagged=["y_true.numpy()"],
            path="pkg/losses.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\nfrom pkg.losses import scaled_mse\n\n"
                    "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                    "model.compile(optimizer=\"sgd\", loss=scaled_mse)\n",
                ),
            ),
            note="a loss of another module, given to `compile`",
            name="keras-loss-of-another-module",
        ),
        Good(
            "def refresh(model):\n"
            "    if model.steps.numpy() == 1:\n"
            "        model.step_fn = None\n",
            path="pkg/utils.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.utils import refresh\n\n\n"
                    "class Detector(tf.keras.Model):\n"
                    "    def call(self, x):\n"
                    "        return self.decoder(x)\n\n"
                    "    @property\n"
                    "    def decoder(self):\n"
                    "        return self._decoder\n\n"
                    "    @decoder.setter\n"
                    "    def decoder(self, decoder):\n"
                    "        self._decoder = decoder\n"
                    "        refresh(self)\n",
                ),
            ),
            note="only the property's setter calls the helper, where the property is assigned; the traced `call` "
            "reads the property, which runs the getter (the twenty-third batch, keras-cv)",
            name="property-setter-calls-helper",
        ),
        Bad(
            "def refresh(model):\n"
            "    if model.steps.numpy() == 1:\n"
            "        model.step_fn = None\n",
            flagged=["model.steps.numpy()"],
            path="pkg/utils.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.utils import refresh\n\n\n"
                    "class Detector(tf.keras.Model):\n"
                    "    def call(self, x):\n"
                    "        return self.decoder(x)\n\n"
                    "    @property\n"
                    "    def decoder(self):\n"
                    "        refresh(self)\n"
                    "        return self._decoder\n\n"
                    "    @decoder.setter\n"
                    "    def decoder(self, decoder):\n"
                    "        self._decoder = decoder\n",
                ),
            ),
            note="the near miss: the getter calls the helper, so the traced `call` runs it",
            name="property-getter-calls-helper",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def scaled_mse(y_true, y_pred):\n"
            "    scale = y_true.numpy().std() + 1.0\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) / scale\n\n\n"
            "def train(model, data):\n"
            "    model.compile(optimizer=\"sgd\", loss=scaled_mse)\n"
            "    model.fit(data, epochs=2)\n",
            flagged=["y_true.numpy()"],
            preview=True,
            note="preview: nothing shows that `model` is a Keras model",
            name="compile-of-unknown-object",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def accuracy(logits, labels):\n"
            "    preds = tf.argmax(logits, -1, output_type=labels.dtype)\n"
            "    return tf.reduce_mean(tf.cast(tf.equal(preds, labels), tf.float32))\n\n"
            "print(accuracy(tf.zeros([2, 3]), tf.zeros([2], tf.int64)).numpy())\n",
            note="`.numpy()` on the result, outside the traced function",
            name="numpy-result-outside-traced-function",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Reader:\n"
            "    def numpy(self):\n"
            "        return 0\n\n"
            "@tf.function\n"
            "def f(x):\n"
            "    return x + Reader().numpy()\n",
            note="a class in this file that defines `numpy`",
            name="class-this-file-that-defines",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Recommender:\n"
            "    def predict(self, x):\n"
            "        return x\n\n"
            "rec = Recommender()\n\n"
            "@tf.function\n"
            "def f(x):\n"
            "    return rec.predict(x)\n",
            note="`predict` of an object that is not a Keras model",
            name="predict-object-that-not-keras",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def f(x):\n"
            "    if tf.executing_eagerly():\n"
            "        print(x.numpy())\n"
            "    return x\n",
            note="eager-only branch",
            name="eager-only-branch",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def to_bool(flag):\n"
            "    if tf.is_tensor(flag):\n"
            "        if hasattr(flag, \"numpy\"):\n"
            "            return bool(flag.numpy())\n"
            "        return True\n"
            "    return bool(flag)\n\n\n"
            "@tf.function\n"
            "def step(x, training):\n"
            "    return x * 2 if to_bool(training) else x\n",
            note="a traced tensor has no `numpy`: the guarded branch runs only for an eager one",
            name="hasattr-numpy-guard",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    y = tf.square(x)\n"
            "    if not hasattr(y, \"numpy\"):\n"
            "        return y\n"
            "    print(y.numpy())\n"
            "    return y\n",
            note="returns first when the value is symbolic",
            name="hasattr-numpy-early-return",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class AudioPreprocessor(tf.keras.layers.Layer):\n"
            "    def call(self, audios, videos):\n"
            "        if hasattr(audios, \"cpu\") and hasattr(audios, \"numpy\"):\n"
            "            audios = audios.cpu().numpy()\n"
            "        if \"torch.Tensor\" in str(type(videos)):\n"
            "            videos = tf.convert_to_tensor(videos.detach().cpu().numpy())\n"
            "        return tf.concat([tf.cast(audios, tf.float32), tf.cast(videos, tf.float32)], 0)\n",
            note="values made from one a guard shows is no traced tensor (`hasattr(x, \"numpy\")` with another test, "
            "another framework's tensor by its type's name): the branch never runs while tracing (the twentieth "
            "batch, keras-hub)",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class AudioPreprocessor(tf.keras.layers.Layer):\n"
            "    def call(self, audios):\n"
            "        if hasattr(self, \"sample_rate\"):\n"
            "            audios = audios.numpy()\n"
            "        return tf.cast(audios, tf.float32)\n",
            flagged=["audios.numpy()"],
            note="the near miss: the guard tests another object, so a traced `audios` reaches `.numpy()`",
            name="guard-on-another-object",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class RandomDeletion(tf.keras.layers.Layer):\n"
            "    def call(self, tokens):\n"
            "        def string_fn(token):\n"
            "            return token.numpy().decode(\"utf-8\") == \"[PAD]\"\n\n"
            "        def int_fn(token):\n"
            "            return token.numpy() == 0\n\n"
            "        py_fn = string_fn if tokens.dtype == tf.string else int_fn\n"
            "        return tf.map_fn(lambda x: tf.py_function(py_fn, [x], tf.bool), tokens, fn_output_signature=tf.bool)\n",
            note="a `tf.py_function` target picked by a conditional (`f if c else g`) runs eagerly, whichever it is "
            "(the twentieth batch, keras-hub)",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x, stopped):\n"
            "    if tf.executing_eagerly() and bool(stopped.numpy()):\n"
            "        return x\n"
            "    return x * 2\n",
            note="the right operand of `and` runs only when the left one proved eager execution",
            name="executing-eagerly-and-guard",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def width(x):\n"
            "    try:\n"
            "        n = x.numpy().size\n"
            "    except AttributeError:\n"
            "        n = -1\n"
            "    return tf.reshape(x, [n])\n",
            note="a `try:` that catches the AttributeError a traced tensor raises: the graph case is handled "
            "(the twentieth batch, tf-shell)",
            name="numpy-error-caught",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "steps = tf.Variable(3)\n\n\n"
            "@tf.function\n"
            "def width(x):\n"
            "    try:\n"
            "        n = steps.numpy()\n"
            "    except AttributeError:\n"
            "        n = -1\n"
            "    return tf.reshape(x, [n])\n",
            flagged=["steps.numpy()"],
            note="the near miss: a variable's `numpy()` raises NotImplementedError in a graph, which "
            "`except AttributeError` does not catch",
            name="variable-error-not-caught",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def total(x):\n"
            "    y = tf.reduce_sum(x)\n"
            "    if not tf.executing_eagerly():\n"
            "        return y\n"
            "    return float(y.numpy())\n",
            note="returns first while tracing: the rest of the body runs only eagerly",
            name="returns-first-while-tracing",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def normalize(x, cache=None):\n"
            "    if cache is not None:\n"
            "        if \"norm\" in cache:\n"
            "            return cache[\"norm\"]\n"
            "        if not tf.executing_eagerly():\n"
            "            raise ValueError(\"build the cache eagerly before tracing\")\n"
            "    norm = x / tf.reduce_sum(x)\n"
            "    if cache is not None:\n"
            "        cache[\"norm\"] = norm.numpy()\n"
            "    return norm\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return normalize(x) * 2\n",
            note="under the same condition an earlier check raised unless eager: only eager code gets there",
            name="cache-filled-only-eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def add_self_loops(edge_index, num_nodes):\n"
            "    loops = tf.stack([tf.range(num_nodes)] * 2)\n"
            "    updated = tf.concat([edge_index, loops], axis=1)\n"
            "    if not tf.is_tensor(edge_index):\n"
            "        updated = updated.numpy()\n"
            "    return updated\n\n\n"
            "@tf.function\n"
            "def step(edge_index):\n"
            "    return add_self_loops(edge_index, 3)\n",
            note="the branch for NumPy input: traced callers pass tensors (tf.function converts arrays)",
            name="branch-for-numpy-input",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def _to_numpy(edges):\n"
            "    return edges.numpy()\n\n\n"
            "def drop_edges(edge_index, rate):\n"
            "    is_tensor = tf.is_tensor(edge_index)\n"
            "    edge_index = tf.convert_to_tensor(edge_index)\n"
            "    keep = tf.random.uniform([tf.shape(edge_index)[1]]) >= rate\n"
            "    dropped = tf.boolean_mask(edge_index, keep, axis=1)\n"
            "    if not is_tensor:\n"
            "        dropped = _to_numpy(dropped)\n"
            "    return dropped\n\n\n"
            "@tf.function\n"
            "def step(edge_index):\n"
            "    return drop_edges(edge_index, 0.0)\n",
            note="a helper called only from the branch for NumPy input: that call runs only eagerly, so it "
            "does not make the helper traced",
            name="helper-called-from-numpy-branch",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def to_numpy(edges):\n"
            "    return edges.numpy()\n",
            path="pkg/util.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/drop.py",
                    "import tensorflow as tf\n\n"
                    "from pkg.util import to_numpy\n\n\n"
                    "def drop_edges(edge_index, rate):\n"
                    "    is_tensor = tf.is_tensor(edge_index)\n"
                    "    edge_index = tf.convert_to_tensor(edge_index)\n"
                    "    keep = tf.random.uniform([tf.shape(edge_index)[1]]) >= rate\n"
                    "    dropped = tf.boolean_mask(edge_index, keep, axis=1)\n"
                    "    if not is_tensor:\n"
                    "        dropped = to_numpy(dropped)\n"
                    "    return dropped\n\n\n"
                    "@tf.function\n"
                    "def step(edge_index):\n"
                    "    return drop_edges(edge_index, 0.0)\n",
                ),
            ),
            note="the same across modules: the project index does not follow a call made only for NumPy input",
            name="helper-called-from-numpy-branch-other-module",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Wrapper(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n\n"
            "    def call(self, x):\n"
            "        return self.dense(x)\n\n"
            "    def compile(self, optimizer=\"sgd\", loss=\"mse\"):\n"
            "        super().compile(optimizer=optimizer, loss=loss, run_eagerly=True)\n\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = tf.reduce_mean(tf.square(self(x) - y))\n"
            "        grads = tape.gradient(loss, self.trainable_variables)\n"
            "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
            "        return {\"loss\": float(loss.numpy())}\n",
            note="the model's `compile` always passes `run_eagerly=True`: Keras never traces its `train_step`",
            name="compile-forces-run-eagerly",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Solver(tf.keras.Model):\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        loss = tf.reduce_mean(tf.square(self(x) - y))\n"
            "        return {\"loss\": loss.numpy()}\n\n\n"
            "model = Solver()\n"
            "model.compile(loss=\"mse\", run_eagerly=True)\n",
            flagged=["loss.numpy()"],
            preview=True,
            note="this module compiles the model with `run_eagerly=True`, but another may not: preview only",
            name="compiled-eagerly-here-only",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def total(x):\n"
            "    y = tf.reduce_sum(x)\n"
            "    if tf.executing_eagerly():\n"
            "        return y\n"
            "    return float(y.numpy())\n",
            flagged=["y.numpy()"],
            note="returns first when eager: the rest runs only while tracing",
            name="returns-first-when-eager",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def to_str(t):\n"
            "    return str(t.numpy())\n\n"
            "@tf.function\n"
            "def f(x):\n"
            "    return tf.py_function(to_str, [x], tf.string)\n",
            note="a tf.py_function target runs eagerly",
            name="tf-py-function-target-runs",
        ),
        Bad(
            "from .base import BaseModel\n\n\n"
            "class Scorer(BaseModel):\n"
            "    def call(self, x):\n"
            "        return x.numpy() * 2\n",
            flagged=["x.numpy()"],
            path="pkg/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/tf_utils.py", "from tensorflow import keras\n"),
                ("pkg/base.py", "from .tf_utils import keras\n\n\nclass BaseModel(keras.Model):\n    pass\n"),
                ("pkg/train.py", "from .model import Scorer\n\n\ndef train(data):\n    model = Scorer()\n    model.compile(loss=\"mse\")\n    model.fit(data)\n"),
            ),
            note="a Keras model through a project base class and Keras imported through a project module: the "
            "module never names TensorFlow",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Detector(tf.keras.Model):\n"
            "    def call(self, x):\n"
            "        probs = tf.sigmoid(x)\n"
            "        return tf.convert_to_tensor(probs.numpy() > 0.5)\n",
            flagged=["probs.numpy()"],
            preview=True,
            note="weak evidence, shown only in preview mode: a Keras model that nothing in the project fits, "
            "evaluates, predicts or calls in a tf.function may be run only eagerly (`detector(images)`), where "
            "`.numpy()` works",
            name="model-never-run-in-a-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Detector(tf.keras.Model):\n"
            "    def call(self, x):\n"
            "        probs = tf.sigmoid(x)\n"
            "        return tf.convert_to_tensor(probs.numpy() > 0.5)\n\n\n"
            "def train(model, data):\n"
            "    model.compile(optimizer=\"adam\", loss=\"mse\")\n"
            "    model.fit(data)\n",
            flagged=["probs.numpy()"],
            note="the near miss: the module fits a model, so Keras may trace `call`",
            name="model-fit-in-the-module",
        ),
        Good(
            "from .base import BaseModel\n\n\n"
            "class Scorer(BaseModel):\n"
            "    def call(self, x):\n"
            "        return x.numpy() * 2\n",
            path="pkg/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/base.py", "class BaseModel:\n    pass\n"),
            ),
            note="the project's `BaseModel` is a plain class",
        ),
        Bad(
            "from gpflow.keras import tf_keras\n\n\n"
            "class Scale(tf_keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return x.numpy() * 2\n",
            flagged=["x.numpy()"],
            note="Keras re-exported by another package is still Keras",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def score(x, debug=False):\n"
            "    y = tf.reduce_sum(x)\n"
            "    if debug:\n"
            "        print(y.numpy())\n"
            "    return y\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return score(x, debug=False) * 2\n\n\n"
            "print(score(tf.ones([2]), debug=True))\n",
            note="every traced caller passes `debug=False`: the branch runs only for the eager call",
            name="traced-callers-pass-false",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x, debug=False):\n"
            "    y = tf.square(x)\n"
            "    if debug:\n"
            "        print(\"step\", y.numpy())\n"
            "    return y * 2\n",
            note="a debug switch of the tf.function, off by default (`debug=False`), that no call passes: the branch "
            "never runs while `step` is traced",
            name="debug-flag-never-passed",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x, debug=False):\n"
            "    y = tf.square(x)\n"
            "    if debug:\n"
            "        print(\"step\", y.numpy())\n"
            "    return y * 2\n"
            "\n\n"
            "def debug_step(x):\n"
            "    return step(x, debug=True)\n",
            flagged=["y.numpy()"],
            note="the near miss: a call passes `debug=True`, and that trace raises",
            name="debug-flag-passed",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def train(x):\n"
            "    return run(x, True)\n\n\n"
            "@tf.function\n"
            "def evaluate(x):\n"
            "    return run(x, False)\n\n\n"
            "def run(x, training):\n"
            "    y = tf.square(x)\n"
            "    if training:\n"
            "        return float(y.numpy())\n"
            "    return y\n",
            flagged=["y.numpy()"],
            note="`evaluate` passes `training=False`, but `train` reaches the branch: the message names `train`",
            name="live-traced-caller-named",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Trainer(tf.Module):\n"
            "    def __init__(self, verbose=False):\n"
            "        self.verbose = verbose\n\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        y = tf.square(x)\n"
            "        if self.verbose:\n"
            "            print(y.numpy())\n"
            "        return y\n",
            flagged=["y.numpy()"],
            preview=True,
            note="only when the user turns on `verbose`, off by default (often meant for eager debugging): preview only",
            name="opt-in-option-preview",
        ),
        Good(
            "from gpflow.keras import tf_keras\n\n\n"
            "class Scale(tf_keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__(dynamic=True)\n\n"
            "    def call(self, x):\n"
            "        return x.numpy() * 2\n",
            note="`dynamic=True`: Keras never traces `call`",
        ),
        Good(
            "import keras\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def to_host(x):\n"
            "    if keras.config.backend() != \"tensorflow\":\n"
            "        return x.numpy()\n"
            "    return x\n",
            note="a branch only another Keras backend runs: no tf.function traces it",
            name="other-keras-backend-branch",
        ),
        Good(
            "import tensorflow as tf\n"
            "from keras.src import backend\n\n\n"
            "@tf.function\n"
            "def to_host(x):\n"
            "    is_torch = backend.backend() == \"torch\"\n"
            "    if is_torch and hasattr(x, \"detach\"):\n"
            "        return x.detach().cpu().numpy()\n"
            "    return x\n",
            note="the backend test kept in a local bound once: the branch runs only on the torch backend",
            name="backend-test-kept-in-local",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "BACKEND = \"jax\"\n\n\n"
            "def backend():\n"
            "    return BACKEND\n\n\n"
            "@tf.function\n"
            "def to_host(x):\n"
            "    if backend() != \"tensorflow\":\n"
            "        return x.numpy()\n"
            "    return x\n",
            flagged=["x.numpy()"],
            fixed="import tensorflow as tf\n\n"
            "BACKEND = \"jax\"\n\n\n"
            "def backend():\n"
            "    return BACKEND\n\n\n"
            "@tf.function\n"
            "def to_host(x):\n"
            "    if backend() != \"tensorflow\":\n"
            "        return x\n"
            "    return x\n",
            note="the project's own setting, not Keras's backend: TensorFlow still traces the branch",
            name="project-backend-setting-branch",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Bridge(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        tf.config.run_functions_eagerly(True)\n\n"
            "    def call(self, x):\n"
            "        return tf.constant(x.numpy() * 2)\n",
            note="the class's own `__init__` turns every tf.function eager: no instance's `call` is ever traced",
            name="init-turns-functions-eager",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Bridge(tf.keras.Model):\n"
            "    def __init__(self, debug=False):\n"
            "        super().__init__()\n"
            "        if debug:\n"
            "            tf.config.run_functions_eagerly(True)\n\n"
            "    def call(self, x):\n"
            "        return tf.constant(x.numpy() * 2)\n",
            flagged=["x.numpy()"],
            preview=True,
            note="the switch only behind a flag that is off by default: Keras traces `call`",
            name="init-eager-switch-behind-flag",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def export(x, torch_out):\n"
            "    return x + torch_out.cpu().detach().numpy()\n",
            note="`.detach()` is PyTorch's, no TensorFlow tensor has it: that framework's `numpy()` works anywhere",
            name="torch-tensor-detach-numpy",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def export(x, torch_out):\n"
            "    return x + torch_out.cpu().numpy()\n",
            flagged=["torch_out.cpu().numpy()"],
            note="`.cpu()` is also a method of TensorFlow's eager tensors: nothing shows another framework's tensor",
            name="cpu-numpy-not-shown-foreign",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def host_dtype(x):\n"
            "    if getattr(getattr(x, \"device\", None), \"type\", None) == \"meta\":\n"
            "        import torch\n\n"
            "        return torch.empty(0, dtype=x.dtype).numpy().dtype\n"
            "    return x.dtype.as_numpy_dtype\n\n\n"
            "@tf.function\n"
            "def zeros_like(x):\n"
            "    return tf.zeros(tf.shape(x), dtype=host_dtype(x))\n",
            note="a tensor made by a function of PyTorch (`torch.empty`) is that framework's: its `numpy()` works "
            "anywhere (the twenty-third batch, k3-node)",
            name="torch-function-result-numpy",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def host_dtype(x):\n"
            "    return tf.zeros([0], dtype=x.dtype).numpy().dtype\n\n\n"
            "@tf.function\n"
            "def zeros_like(x):\n"
            "    return tf.zeros(tf.shape(x), dtype=host_dtype(x))\n",
            flagged=["tf.zeros([0], dtype=x.dtype).numpy()"],
            note="the near miss: the tensor is made by TensorFlow, symbolic while `zeros_like` is traced",
            name="tf-function-result-numpy",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "tf.config.run_functions_eagerly(True)\n\n\n"
            "class Bridge(tf.keras.Model):\n"
            "    def call(self, x):\n"
            "        return tf.constant(x.numpy() * 2)\n",
            note="the module switches every tf.function eager on import, before the class exists",
            name="module-turns-functions-eager",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Bridge(tf.keras.Model):\n"
            "    def call(self, x):\n"
            "        return tf.constant(x.numpy() * 2)\n\n\n"
            "def debug():\n"
            "    tf.config.run_functions_eagerly(True)\n",
            flagged=["x.numpy()"],
            preview=True,
            note="switched only in a function nothing shows to run first: Keras traces `call`",
            name="eager-switch-in-other-function",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Doubler(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        tf.config.run_functions_eagerly(True)\n\n"
            "    def call(self, x):\n"
            "        return tf.constant(x.numpy() * 2)\n",
            flagged=["x.numpy()"],
            note="a layer: a `Sequential` or functional model calls it on symbolic tensors to build, eager switch "
            "or not",
            name="layer-init-eager-switch",
        ),
    )

    oracle = Oracle(
        symptom=Raises("AttributeError", "numpy"),
        runs={
            "traced-function-result-tensor-anyway": "outputs = total(tf.constant([1.0]), tf.constant([2.0]))",
            "debug-flag-never-passed": "outputs = step(tf.constant([1.0, 2.0]))",
            "debug-flag-passed": "outputs = debug_step(tf.constant([1.0, 2.0]))",
            "bad-score": Run(
                "outputs = score(tf.ones([2, 3]))",
                setup="tf.keras.utils.set_random_seed(0)\n",
                symptom=Raises("AttributeError", "numpy"),  # Keras 3; Keras 2 raised RuntimeError
            ),
            "variable-numpy-needs-eager": Run(
                "outputs = advance(tf.constant(2))", symptom=Raises("NotImplementedError", "eager execution")
            ),
            "unknown-receiver-names-both-errors": Run(
                "class State:\n    pass\nstate = State()\nstate.weights = [tf.Variable([1.0])]\n"
                "outputs = best(state, tf.constant(1.0))",
                symptom=Raises("NotImplementedError", "eager execution"),
            ),
            "array-feeds-numpy-code-no": "outputs = accuracy(tf.constant([[0.1, 0.9], [0.8, 0.2]]), tf.constant([1, 0]))",
            "numpy-result-outside-traced-function": "outputs = accuracy(tf.constant([[0.1, 0.9]]), tf.constant([1], tf.int64))",
            "class-this-file-that-defines": "outputs = f(tf.constant(1))",
            "predict-object-that-not-keras": "outputs = f(tf.constant(1.0))",
            "eager-only-branch": "outputs = f(tf.constant(1.0))",
            "hasattr-numpy-guard": "outputs = step(tf.constant(1.0), tf.constant(True))",
            "hasattr-numpy-early-return": "outputs = step(tf.constant(3.0))",
            "guard-on-another-object": "layer = AudioPreprocessor()\nlayer.sample_rate = 16000\n"
            "outputs = tf.function(lambda x: layer(x))(tf.constant([1.0])).numpy().tolist()",
            "tf-py-function-target-runs": "outputs = f(tf.constant(1.0))",
            "model-never-run-in-a-trace": "outputs = Detector().predict(tf.ones([2, 3]), verbose=0)",
            "model-fit-in-the-module": "outputs = Detector().predict(tf.ones([2, 3]), verbose=0)",
            "executing-eagerly-and-guard": "outputs = step(tf.constant(1.0), tf.constant(False))",
            "numpy-error-caught": "outputs = width(tf.constant([1.0, 2.0])).numpy().tolist()",
            "variable-error-not-caught": Run(
                "outputs = width(tf.constant([1.0, 2.0, 3.0]))", symptom=Raises("NotImplementedError", "eager execution")
            ),
            "returns-first-while-tracing": "outputs = total(tf.constant([1.0, 2.0]))",
            "cache-filled-only-eagerly": "outputs = step(tf.constant([1.0, 3.0]))",
            "branch-for-numpy-input": "outputs = step(tf.constant([[0, 1], [1, 2]]))",
            "helper-called-from-numpy-branch": "outputs = step(tf.constant([[0, 1], [1, 2]]))",
            "helper-called-on-tensor-path": "outputs = ranked(tf.constant([0.3, 0.1, 0.2]))",
            "compile-forces-run-eagerly": Run(
                "model = Wrapper()\nmodel.compile()\n"
                "model.fit(tf.ones([4, 2]), tf.ones([4, 1]), batch_size=2, epochs=1, verbose=0)\n"
                "outputs = [w.numpy() for w in model.weights]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "returns-first-when-eager": "outputs = total(tf.constant([1.0, 2.0]))",
            "traced-callers-pass-false": "outputs = step(tf.constant([1.0, 2.0]))",
            "other-keras-backend-branch": "outputs = to_host(tf.constant(1.0))",
            "backend-test-kept-in-local": "outputs = to_host(tf.constant(1.0))",
            "project-backend-setting-branch": "outputs = to_host(tf.constant(1.0))",
            "live-traced-caller-named": "outputs = train(tf.constant(2.0))",
            "opt-in-option-preview": "trainer = Trainer(verbose=True)\noutputs = trainer.step(tf.constant(2.0))",
            "keras-loss-calls-numpy": Run(
                "model.fit(tf.ones([4, 2]), tf.ones([4, 1]), batch_size=2, epochs=1, verbose=0)\noutputs = [w.numpy().tolist() for w in model.weights]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "keras-loss-compiled-run-eagerly": Run(
                "model.fit(tf.ones([4, 2]), tf.ones([4, 1]), batch_size=2, epochs=1, verbose=0)\noutputs = [w.numpy().tolist() for w in model.weights]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "keras-loss-model-set-run-eagerly": Run(
                "model.fit(tf.ones([4, 2]), tf.ones([4, 1]), batch_size=2, epochs=1, verbose=0)\n"
                "outputs = [w.numpy().tolist() for w in model.weights]\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "init-turns-functions-eager": "outputs = Bridge().predict(tf.ones([2, 3]), verbose=0).tolist()",
            "init-eager-switch-behind-flag": Run(
                "outputs = Bridge().predict(tf.ones([2, 3]), verbose=0).tolist()", symptom=Raises("AttributeError", "numpy")
            ),
            "torch-tensor-detach-numpy": Run(
                "class Foreign:\n"
                "    def cpu(self):\n        return self\n"
                "    def detach(self):\n        return self\n"
                "    def numpy(self):\n        return 2.0\n"
                "outputs = export(tf.constant(1.0), Foreign()).numpy().tolist()",
            ),
            "module-turns-functions-eager": "outputs = Bridge().predict(tf.ones([2, 3]), verbose=0).tolist()",
            "eager-switch-in-other-function": Run(
                "outputs = Bridge().predict(tf.ones([2, 3]), verbose=0).tolist()", symptom=Raises("AttributeError", "numpy")
            ),
            "layer-init-eager-switch": Run(
                "outputs = tf.keras.Sequential([Doubler()]).predict(tf.ones([2, 3]), verbose=0).tolist()",
                symptom=Raises("AttributeError", "numpy"),
                fails_eagerly=True,
            ),
            "torch-function-result-numpy": "outputs = zeros_like(tf.constant([1.0, 2.0])).numpy().tolist()",
            "tf-function-result-numpy": "outputs = zeros_like(tf.constant([1.0, 2.0]))",
            # the example's `pkg/model.py`, as the driver (the oracle runs the example's own module)
            "property-setter-calls-helper": Run(
                "class Detector(tf.keras.Model):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                "        self.steps = tf.Variable(1)\n"
                "        self.decoder = tf.keras.layers.Dense(1)\n\n"
                "    def call(self, x):\n"
                "        return self.decoder(x)\n\n"
                "    @property\n"
                "    def decoder(self):\n"
                "        return self._decoder\n\n"
                "    @decoder.setter\n"
                "    def decoder(self, decoder):\n"
                "        self._decoder = decoder\n"
                "        refresh(self)\n"
                "outputs = Detector().predict(tf.ones([2, 3]), verbose=0).tolist()\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
            ),
            "property-getter-calls-helper": Run(
                "class Detector(tf.keras.Model):\n"
                "    def __init__(self):\n"
                "        super().__init__()\n"
                "        self.steps = tf.Variable(1)\n"
                "        self.decoder = tf.keras.layers.Dense(1)\n\n"
                "    def call(self, x):\n"
                "        return self.decoder(x)\n\n"
                "    @property\n"
                "    def decoder(self):\n"
                "        refresh(self)\n"
                "        return self._decoder\n\n"
                "    @decoder.setter\n"
                "    def decoder(self, decoder):\n"
                "        self._decoder = decoder\n"
                "outputs = Detector().predict(tf.ones([2, 3]), verbose=0).tolist()\n",
                setup="tf.keras.utils.set_random_seed(0)\n",
                symptom=Raises("NotImplementedError", "eager execution"),
            ),
            "lambda-layer-function-calls-numpy": "outputs = model.predict(tf.constant([[1.0, -2.0, 4.0]]), verbose=0).tolist()",
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        func = node.func
        if graph is None or not isinstance(func, ast.Attribute):
            return
        if func.attr == "numpy" and not node.args and not node.keywords:
            self._numpy(node, func, graph)
        elif func.attr in KERAS_LOOP_METHODS:
            self._keras(node, func, graph)

    # -- `.numpy()` ---------------------------------------------------------------------------------

    def _numpy(self, node: ast.Call, func: ast.Attribute, graph: GraphInfo) -> None:
        ctx = self.ctx
        if ctx.qualname(func.value) is not None:
            return  # a module or imported name, not a tensor
        receiver = tensors_for(ctx.facts).infer(func.value, ctx.function)
        if receiver.tag is not None and receiver.tag.startswith("instance:"):
            cls = ctx.facts.module_classes.get(receiver.tag.split(":", 1)[1])
            if cls is not None and "numpy" in cls.methods:
                return
        if receiver.kind in (Kind.PY_NUMBER, Kind.PY_BOOL, Kind.PY_CONTAINER):
            return
        if receiver.tag == HAS_NUMPY:
            return  # behind `hasattr(x, "numpy")`: a traced tensor never gets here
        if receiver.tag == FOREIGN_TENSOR:
            return  # `x.cpu().detach().numpy()`: another framework's tensor (PyTorch's), eager in any trace
        if _made_from_guarded_value(ctx, node, func.value):
            return
        an = analysis_for(ctx.facts)
        # A `try:` that catches what a traced receiver raises handles the graph case on purpose.
        if an.caught(node, ctx.function, CAUGHT_VARIABLE if receiver.tag == VARIABLE else CAUGHT_TENSOR) is not None:
            return
        live = an.live_graph(node, ctx.function)
        if live is None:
            return  # under `if training:` and every traced caller passes `training=False`
        graph = live
        # Name the error only for what the receiver was shown to be.
        if receiver.tag == VARIABLE:
            raises = f"there a variable's `numpy()` raises {VARIABLE_NUMPY_ERROR}"
        elif receiver.is_tensor:
            raises = f"while tracing the value is symbolic and this raises {NUMPY_ERROR}"
        else:
            raises = (
                "while tracing this raises AttributeError on a symbolic tensor (it has no `numpy`), or "
                "NotImplementedError on a `tf.Variable`"
            )
        message = (
            f"`.numpy()` works only eagerly, but {runs_as_graph(ctx.function, graph)}: {raises}. Keep it a "
            "tensor and use TensorFlow ops, or convert the function's result outside."
        )
        # behind an option the user turns on (`if self.debug:`, off by default): may be meant for eager runs
        option = an.opt_in_option(node, ctx.function)
        if option is not None:
            message += f" (This runs only when `{option}` is set; it is off by default.)"
        if receiver.is_tensor:
            message = on_evidence(message, ctx.source.segment(func.value), receiver)
        related: List[Related] = list(graph_related(ctx.function, ctx.source, graph)) if ctx.function is not None else []
        if receiver.is_tensor and receiver.node is not None and receiver.reason and receiver.node is not func.value:
            related.append(Related(ctx.span(receiver.node), evidence_text(ctx.source.segment(func.value), receiver)))
        fix = None
        if self._tensor_is_enough(node):
            span = ctx.span(node)
            receiver_span = ctx.span(func.value)

            def fix() -> Optional[Fix]:
                # Keep the receiver's text, closing parentheses included; delete `.numpy()` after it.
                source = ctx.source
                start = source.offset(receiver_span.end_line, receiver_span.end_col)
                end = source.offset(span.end_line, span.end_col)
                dot = source.text.rfind(".", start, end)
                if dot < 0 or source.text[dot + 1 : end].replace(" ", "") != "numpy()":
                    return None
                tail = span._replace(line=source.position(dot)[0], col=source.position(dot)[1])
                return Fix("Drop `.numpy()` (keeps a tensor)", (Edit(tail, ""),), FixSafety.UNSAFE)

        # A tensor only on weak evidence (an annotation, a guess from the API family) is preview.
        self.report(node, message, fix=fix, related=related, severity=traced_severity(graph, Severity.ERROR),
                    preview=(receiver.is_tensor and receiver.weak) or option is not None or graph.flag is not None)

    def _tensor_is_enough(self, node: ast.Call) -> bool:
        """The `.numpy()` result goes where a tensor does the same job."""
        ctx = self.ctx
        parent = ctx.parent
        info = ctx.function
        if isinstance(parent, ast.Return):
            return info is not None and info.graph is not None and info.graph.origin is info and info.is_tf_function
        if isinstance(parent, ast.Call) and node in parent.args and self._takes_tensors(parent):
            return True
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            return info is not None and self._uses_take_tensors(parent.targets[0].id, info, parent)
        return False

    def _takes_tensors(self, call: ast.Call) -> bool:
        name = self.ctx.qualname(call.func)
        return name is not None and name.startswith("tensorflow.") and ".keras." not in name

    def _uses_take_tensors(self, name: str, info: FunctionInfo, assign: ast.Assign) -> bool:
        an = analysis_for(self.ctx.facts)
        if len(an.assignments(info).get(name, [])) != 1:
            return False
        uses = 0
        for node in an.scope_walk(info.node, into_nested=True):
            if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
                continue
            uses += 1
            parent = an.parent(node)
            if isinstance(parent, ast.Call) and node in parent.args and self._takes_tensors(parent):
                continue
            if isinstance(parent, ast.Return) and info.graph is not None and info.graph.origin is info:
                continue
            return False
        return uses > 0

    # -- Keras training loops ---------------------------------------------------------------------------

    def _keras(self, node: ast.Call, func: ast.Attribute, graph: GraphInfo) -> None:
        ctx = self.ctx
        receiver = tensors_for(ctx.facts).infer(func.value, ctx.function)
        if receiver.tag != KERAS_MODEL:
            return
        live = analysis_for(ctx.facts).live_graph(node, ctx.function)
        if live is None:
            return  # under `if training:` and every traced caller passes `training=False`
        graph = live
        shown = ctx.source.segment(func.value)
        method = func.attr
        who = function_label(ctx.function)
        message = (
            f"`Model.{method}` manages its own tf.function and data loop and cannot run while {who} is traced "
            f"({graph.describe()}): Keras 2 raises RuntimeError (\"Detected a call to `Model.{method}` inside a "
            "`tf.function`\"), Keras 3 fails turning the symbolic input into NumPy (AttributeError: no attribute "
            "'numpy')."
        )
        if method in CALLABLE_REPLACEMENT:
            message += f" Call the model directly: `{shown}(x, training=False)`."
        else:
            message += " Run it outside the traced function."
        related: List[Related] = list(graph_related(ctx.function, ctx.source, graph)) if ctx.function is not None else []
        if receiver.node is not None:
            related.append(Related(ctx.span(receiver.node), f"`{shown}` is a Keras model: {receiver.reason}"))
        fix = None
        if (
            method in CALLABLE_REPLACEMENT
            and len(node.args) == 1
            and not node.keywords
            and not isinstance(node.args[0], ast.Starred)
        ):
            span = ctx.span(node)
            argument = ctx.source.segment(node.args[0])

            def fix() -> Optional[Fix]:
                text = f"{shown}({argument}, training=False)"
                return Fix("Call the model directly (`training=False`)", (Edit(span, text),), FixSafety.UNSAFE)

        self.report(
            node, message, fix=fix, related=related, severity=traced_severity(graph, Severity.ERROR), preview=graph.flag is not None
        )

