"""HYB011 variable-created-in-graph."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from hybridlint.analysis import ModuleAnalysis, analysis_for, key_of, milder, traced_severity
from hybridlint.constructors import (
    ABSTRACT_LAYER_BASES,
    CREATES_VARIABLE,
    KERAS_WEIGHT_METHODS,
    WRAPPER_LAYERS,
    functional_model_call,
    keras_kind,
    keras_3_evidence,
    keras_major,
)
from hybridlint.facts import CallSite, ClassInfo, FunctionInfo, GraphInfo, is_eager_only_test, is_init_scope, walk_nodes
from hybridlint.oracle import Oracle, Raises, Run, traces
from hybridlint.rule import Bad, Good, Related, Rule, Severity

# Using a Keras object in one of these ways runs it (or may: it is handed on), creating its weights.
RUNS_KERAS_OBJECT = frozenset(
    "build __call__ call fit predict evaluate train_on_batch test_on_batch predict_on_batch fit_generator "
    "evaluate_generator predict_generator train_step test_step predict_step add_weight add_variable "
    "load_weights set_weights build_from_config".split()
)
# Calls that make no variable when an `__init__` makes them: regularizers, initializers, constraints.
INERT_AT_CONSTRUCTION = (
    "tensorflow.keras.regularizers.",
    "tensorflow.keras.initializers.",
    "tensorflow.keras.constraints.",
    "tensorflow.keras.activations.",
)
# Layers that may build their weights when constructed (everything they need is in their arguments).
BUILT_AT_CONSTRUCTION = frozenset({"Embedding", "InputLayer"})

SINGLETON_ERROR = (
    "'ValueError: tf.function only supports singleton tf.Variables created on the first call'"
)
RUN_ONCE_METHODS = frozenset({"__init__", "build"})


class VariableCreatedInGraph(Rule):
    code = "HYB011"
    name = "variable-created-in-graph"
    severity = Severity.ERROR
    visits_graph_code_only = True
    needs_traced_code = True
    summary = "tf.Variable, Keras layer/model/optimizer/metric created inside traced code, or different optimizers/models passed to one tf.function"

    what_it_does = (
        "In code that runs as a graph (a tf.function, what it calls, a `tf.data` function, a Keras "
        "`call`/`train_step`), flags `tf.Variable(...)` (also `tf.keras.backend.variable` and "
        "`tf.random.Generator` constructors) as an error, and the construction of Keras layers, models, "
        "optimizers and metrics (`tf.keras.layers.*`, `tf.keras.Sequential/Model`, "
        "`tf.keras.applications.*`, `tf.keras.optimizers.*`, `tf.keras.metrics.*`, and this file's own "
        "Keras subclasses) as a warning; a functional `Model(inputs, outputs)` over tensors that exist already "
        "makes no layer of its own and is not flagged. Weight-free layers (`Flatten`, `Activation`, `Reshape`, "
        "`Permute`, pooling, `ReLU`, `Softmax`, `Concatenate`, `Add`, ...) are skipped. Dropout, noise and "
        "`Random*` layers depend on the Keras version: Keras 3 gives each a seed-generator variable, Keras 2 "
        "none. They are reported when the module's Keras is known to be 3 (`target-keras = \"3\"`, tf.keras "
        "with `target-tensorflow` 2.16 or later, or a `keras` module that imports `keras.ops`/`keras.random`), "
        "never for Keras 2 (`tf_keras`, `tensorflow.python.keras`, `target-keras` below 3, tf.keras with "
        "`target-tensorflow` below 2.16, a module that calls a Keras-2-only backend function such as `K.dot`, "
        "`K.bias_add` or `K.int_shape` of `keras.backend`/`tf.keras.backend`), and only in preview, with both outcomes spelled out, when the "
        "version is not known. Creation under a lazy "
        "guard (`if self.v is None:`, `if not hasattr(self, \"v\")`, `if not self.built`, a `key not in "
        "cache` check, a run-once flag the branch sets or turns off: `if self.first_call: ...; self.first_call = False`, a "
        "test against a module-level placeholder: `if self.net == _UNBUILT:`) is skipped, as is creation under `if p is None:` for "
        "an optional parameter `p` that every traced call in the file passes (reported only in preview when "
        "no traced call in the file shows whether it is passed), and code under `if "
        "tf.executing_eagerly():`, in `__init__`/`build` (they run once even when `call` reaches them) and "
        "in helpers whose traced callers all guard the call. A helper traced only through a call in another "
        "module is reported in preview only: a lazy guard around that call is not looked for across modules. An unguarded creation inside `with "
        "tf.init_scope():` in traced code *is* flagged: it runs eagerly, but on every trace. A function "
        "defined inside traced code but never run there (only defined, or converted as a value with "
        "`tf.convert_to_tensor`) creates nothing while tracing and is not flagged; one called there, handed to "
        "any other call, stored or returned to a traced caller is. A Keras layer or model class of this file "
        "that makes no variable when constructed is reported only when the trace runs it (calls it, builds it, "
        "fits it, or hands it on): Keras makes its weights when it first runs. Keras 3 builds a class without a "
        "`build` of its own by running its `call` symbolically, outside the trace, so there such a class is "
        "reported only with Keras 2 (in preview, with both outcomes, when the version is not known). Code that is "
        "traced only by the Keras `call` heuristic is reported one severity lower, and only in preview when the "
        "class is written for TensorFlow 1 or multi-backend Keras, where Keras builds `call` once without "
        "tf.function: a base from `keras.engine.topology`, or a `tf.` name TensorFlow 2 does not have "
        "(`tf.matrix_set_diag`, `tf.contrib`, `tf.layers`) in its methods or, outside fallbacks (`try: ... "
        "except AttributeError:`), anywhere in a module that never tests the TensorFlow version or the execution "
        "mode (`tf.compat.v1` names exist in TensorFlow 2 and do not count). Code Keras traces (a Keras method, a "
        "`Lambda` layer's function, a loss given to `compile`) is reported only in preview, too, where Keras builds "
        "it once in a graph without tf.function: when eager execution is off, as a top-level "
        "`tf.compat.v1.disable_eager_execution()` or `disable_v2_behavior()` turns it off in the module or in a "
        "project module that importing it runs (its packages' `__init__.py`, and what those and it import at their "
        "top level; one inside a function or under an `if` does not count), and for standalone `keras` (not "
        "tf.keras) where `target-keras` (set, or inferred from a `keras` requirement) is below 2.4, "
        "multi-backend Keras. Second trigger: two or "
        "more call sites of the same tf.function that pass different optimizer or model objects "
        "(constructed inline, or names bound to different `tf.keras.optimizers.*`/model constructors), "
        "reported at the second call site; a new optimizer or model constructed on every iteration of the "
        "loop that calls the tf.function is reported the same way."
    )
    why_bad = (
        "A tf.function may create variables only on its first trace, and it traces variable-creating "
        "code a second time to lift the initialisers out, so an unconditional `tf.Variable(...)` raises "
        + SINGLETON_ERROR + " on the very first call (older releases: \"tf.function-decorated function "
        "tried to create variables on non-first call\"). TensorFlow 2.21 raises it for a bare "
        "`tf.Variable`, for one made inside `tf.init_scope()`, and for a Keras `Dense`, `Sequential`, "
        "`metrics.Mean` or `Dropout` constructed in the function. Eagerly the same code silently makes a "
        "fresh, re-initialised variable on every call, so it changes behaviour too. Keras models build "
        "their weights on first call, so a tf.function handed a second, unbuilt model creates them in a "
        "later trace (TF 2.21 raises); the TF guide documents the same error for a second Keras 2 "
        "optimizer (Keras 3 optimizers no longer raise, but each new one still retraces). The intro "
        "guide's best practices say to create variables, layers, models and optimizers outside. In the "
        "study's labelled fix commits, *Creating tf.Variables* is its own problem category and *Added "
        "tf.Variable* a fix (each rare, 1–2 of 159, because the error is immediate and loud); Hybridize "
        "models the related stale-variable hazard (`HAS_STALE_VARIABLE_READS`)."
    )
    use_instead = (
        "Create variables, layers, models, optimizers and metrics once: in `__init__`, in Keras "
        "`build`, or at module level, and use them inside the tf.function. When creation must be lazy, "
        "guard it (`if self.v is None: self.v = tf.Variable(...)`, optionally inside `tf.init_scope()`). "
        "Use a separate tf.function per optimizer or model, or build them before the first call."
    )
    fix_safety_doc = (
        "No automatic fix. Hoisting the creation out of the function changes state semantics: eagerly, "
        "the code made a new variable (or layer, optimizer) on every call, starting from its initial "
        "value each time, while a hoisted one keeps its value and its training state between calls. "
        "The one case that looks safe — a read-only variable with a call-invariant initial value — would "
        "become a `tf.constant`, which stops gradients and differs for any tape that watched it, so it "
        "is not safe either. Where the object belongs (`__init__`, `build`, module level) is a design "
        "choice the rule cannot make."
    )
    references = (
        "https://www.tensorflow.org/guide/function#creating_tfvariables",
        "https://www.tensorflow.org/guide/intro_to_graphs",
        "https://www.tensorflow.org/api_docs/python/tf/function",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def add_bias(x):\n"
            "    b = tf.Variable(tf.zeros([3]))\n"
            "    return x + b\n",
            flagged=["tf.Variable"],
            name="bad-add-bias",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def forward(x):\n"
            "    flat = tf.keras.layers.Flatten()(x)\n"
            "    return tf.keras.layers.Dense(10)(flat)\n",
            flagged=["tf.keras.layers.Dense"],
            note="a Keras layer with weights (Flatten has none)",
            name="keras-layer-with-weights-flatten",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n",
            flagged=["tf.Variable"],
            note="Keras call() heuristic: reported one severity lower",
            name="keras-call-heuristic-reported-one",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def count(x):\n"
            "    with tf.init_scope():\n"
            "        calls = tf.Variable(0)\n"
            "    calls.assign_add(1)\n"
            "    return x\n",
            flagged=["tf.Variable"],
            note="tf.init_scope runs the creation eagerly, but on every trace: TF 2.21 still raises",
            name="tf-init-scope-runs-creation",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def augment(x):\n"
            "    return tf.keras.layers.Dropout(0.5)(x, training=True)\n",
            flagged=["tf.keras.layers.Dropout"],
            preview=True,
            note="Keras 3 dropout layers own a seed-generator variable, Keras 2 ones do not: without "
            "`target-keras` (or `target-tensorflow`) the Keras of tf.keras is not known, so this is preview",
            name="keras-3-dropout-layers-own",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def embed(model, x):\n"
            "    return model(x)\n\n"
            "encoder = tf.keras.Sequential([tf.keras.layers.Dense(4)])\n"
            "decoder = tf.keras.Sequential([tf.keras.layers.Dense(4)])\n"
            "embed(encoder, x)\n"
            "embed(decoder, x)\n",
            flagged=[("decoder", 1)],
            note="second trigger: a different, unbuilt model at the second call site",
            name="second-trigger-different-unbuilt-model",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(model, optimizer, x):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_sum(model(x))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n\n"
            "for lr in [0.1, 0.01]:\n"
            "    train_step(model, tf.keras.optimizers.SGD(lr), x)\n",
            flagged=["tf.keras.optimizers.SGD(lr)"],
            note="a new optimizer per iteration: a retrace each time (and the singleton error with Keras 2)",
            name="new-optimizer-per-iteration-retrace",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Counter(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.total = None\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.total is None:\n"
            "            self.total = tf.Variable(tf.zeros_like(x))\n"
            "        if not hasattr(self, \"scale\"):\n"
            "            with tf.init_scope():\n"
            "                self.scale = tf.Variable(2.0)\n"
            "        return self.total.assign_add(x) * self.scale\n",
            note="guarded lazy creation (`is None`, `hasattr`, also around tf.init_scope)",
            name="guarded-lazy-creation-none-hasattr",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Affine(tf.keras.layers.Layer):\n"
            "    def __init__(self, units):\n"
            "        super().__init__()\n"
            "        self.units = units\n"
            "        self.bias = tf.Variable(tf.ones([units]))\n\n"
            "    def build(self, input_shape):\n"
            "        self.kernel = tf.Variable(tf.ones([input_shape[-1], self.units]))\n\n"
            "    def call(self, x):\n"
            "        if not self.built:\n"
            "            self.extra = tf.Variable(0.0)\n"
            "        return tf.matmul(x, self.kernel) + self.bias\n",
            note="__init__ and build run once; `if not self.built` guards",
            name="init-build-run-once-if",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "b = tf.Variable(tf.ones([3]))\n\n"
            "@tf.function\n"
            "def add_bias(x):\n"
            "    x = tf.keras.layers.Flatten()(x)\n"
            "    x = tf.keras.layers.ReLU()(x)\n"
            "    return x + b\n",
            note="a module-level variable; weight-free layers",
            name="module-level-variable-weight-free",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(model, optimizer, x):\n"
            "    return model(x)\n\n"
            "optimizer = tf.keras.optimizers.Adam()\n"
            "for x in dataset:\n"
            "    train_step(model, optimizer, x)\n"
            "train_step(model, optimizer, x_last)\n",
            note="one optimizer, created once, at every call site",
            name="one-optimizer-created-once-at",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class ForwardCell(tf.keras.layers.AbstractRNNCell):\n"
            "    def __init__(self, transitions):\n"
            "        super().__init__()\n"
            "        self._transitions = transitions\n\n"
            "    @property\n"
            "    def state_size(self):\n"
            "        return 1\n\n"
            "    def call(self, inputs, state):\n"
            "        return inputs + self._transitions, state\n\n"
            "@tf.function\n"
            "def decode(inputs, state, transitions):\n"
            "    cell = ForwardCell(transitions)\n"
            "    layer = tf.keras.layers.RNN(cell, return_sequences=True)\n"
            "    return layer(inputs, initial_state=state)\n",
            note="a cell of this file that creates no weights, and the RNN layer around it: nothing to create",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Recurrent(tf.keras.layers.Layer):\n"
            "    def __init__(self, units):\n"
            "        super().__init__()\n"
            "        self.cell = tf.keras.layers.LSTMCell(units)\n\n"
            "    def call(self, inputs):\n"
            "        return tf.keras.layers.RNN(self.cell)(inputs)\n\n\n"
            "@tf.function\n"
            "def encode(layer, inputs):\n"
            "    return layer(inputs)\n",
            note="`RNN` (or `TimeDistributed`) around a layer made outside the trace owns no variable: the cell's "
            "weights are made once, when it is first built, and reused by every trace",
            name="wrapper-around-layer-made-outside",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Recurrent(tf.keras.layers.Layer):\n"
            "    def __init__(self, units):\n"
            "        super().__init__()\n"
            "        self.units = units\n\n"
            "    def call(self, inputs):\n"
            "        return tf.keras.layers.RNN(tf.keras.layers.LSTMCell(self.units))(inputs)\n\n\n"
            "@tf.function\n"
            "def encode(layer, inputs):\n"
            "    return layer(inputs)\n",
            flagged=["tf.keras.layers.LSTMCell"],
            note="the near miss: the cell itself is made in the trace, so each trace makes new weights (reported "
            "where the cell is made, not at the wrapper)",
            name="wrapper-around-layer-made-in-trace",
        ),
        Bad(
            "import keras\n"
            "import tensorflow as tf\n"
            "from keras import ops\n\n"
            "@tf.function\n"
            "def augment(x):\n"
            "    return ops.relu(keras.layers.Dropout(0.5)(x, training=True))\n",
            flagged=["keras.layers.Dropout"],
            note="Keras 3 for sure (`keras.ops` exists only there): the dropout layer's seed generator is a variable",
            name="keras-3-sure-keras-ops",
        ),
        Good(
            "import tensorflow as tf\n"
            "import tf_keras\n"
            "from tensorflow.python.keras import layers as legacy_layers\n\n"
            "@tf.function\n"
            "def augment(x):\n"
            "    x = tf_keras.layers.Dropout(0.5)(x, training=True)\n"
            "    return legacy_layers.GaussianNoise(0.1)(x, training=True)\n",
            note="Keras 2 (tf_keras, TensorFlow's internal keras): dropout and noise layers own no variable",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def crf_loss(potentials, tags, transitions=None):\n"
            "    if transitions is None:\n"
            "        transitions = tf.Variable(tf.zeros([4, 4]))\n"
            "    return tf.reduce_sum(potentials) + tf.reduce_sum(transitions)\n\n"
            "@tf.function\n"
            "def train_step(potentials, tags):\n"
            "    return crf_loss(potentials, tags)\n",
            flagged=["tf.Variable"],
            note="the traced call leaves the optional argument out, so the branch that creates the variable runs",
            name="traced-call-leaves-optional-argument",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def crf_loss(potentials, tags, transitions=None):\n"
            "    if transitions is None:\n"
            "        transitions = tf.Variable(tf.zeros([4, 4]))\n"
            "    return tf.reduce_sum(potentials) + tf.reduce_sum(transitions)\n\n"
            "class CRF(tf.keras.layers.Layer):\n"
            "    def build(self, input_shape):\n"
            "        self.kernel = self.add_weight(shape=[4, 4])\n\n"
            "    def call(self, potentials, tags):\n"
            "        return crf_loss(potentials, tags, self.kernel)\n",
            note="every traced call passes the optional argument: the creating branch never runs in the trace",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow.keras import backend as K\n"
            "from tensorflow.keras.layers import Dropout, Layer\n"
            "\n"
            "\n"
            "class Attention(Layer):\n"
            "    def build(self, input_shape):\n"
            "        self.kernel = self.add_weight(shape=(input_shape[-1], 4))\n"
            "\n"
            "    def call(self, x):\n"
            "        features = K.dot(x, self.kernel)\n"
            "        return Dropout(0.5)(features)\n",
            note="`K.dot` exists only in the Keras 2 backend: this module runs on Keras 2, where `Dropout` owns no variable",
            name="keras-2-backend-module",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Component(tf.keras.Model):\n"
            "    def __call__(self, inputs, **kwargs):\n"
            "        if self.as_model:\n"
            "            return super().__call__(inputs, **kwargs)\n"
            "        return self.call(inputs, **kwargs)\n\n"
            "class Block(Component):\n"
            "    def call(self, x):\n"
            "        return tf.keras.layers.Dense(8)(x)\n",
            note="a `__call__` override that runs `call` itself: a builder run on `Input`s, not shown to be traced",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Accumulator(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.first_call = True\n"
            "        self.total = None\n\n"
            "    def _reset(self, x):\n"
            "        self.total = tf.Variable(tf.zeros_like(x), trainable=False)\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.first_call:\n"
            "            self._reset(x)\n"
            "            self.first_call = False\n"
            "        self.total.assign_add(x)\n"
            "        return self.total.read_value()\n",
            note="a run-once flag the branch turns off: only the first trace creates the variable",
            name="run-once-flag-turned-off",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Accumulator(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.first_call = True\n"
            "        self.total = None\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.first_call:\n"
            "            self.total = tf.Variable(tf.zeros_like(x), trainable=False)\n"
            "        self.total.assign_add(x)\n"
            "        return self.total.read_value()\n",
            flagged=["tf.Variable"],
            note="the flag is never turned off: every trace creates a variable",
            name="run-once-flag-never-turned-off",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "_UNBUILT = \"__unbuilt__\"\n\n\n"
            "class Head(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.dense = _UNBUILT\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.dense == _UNBUILT:\n"
            "            self.dense = tf.keras.layers.Dense(2)\n"
            "        return self.dense(x)\n",
            note="a lazy guard that compares with a module-level placeholder instead of None: the layer is made "
            "on the first trace and kept",
            name="lazy-creation-behind-placeholder",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "_UNBUILT = \"__unbuilt__\"\n\n\n"
            "class Head(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.mode = _UNBUILT\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.mode == _UNBUILT:\n"
            "            scale = tf.Variable(2.0)\n"
            "            return x * scale\n"
            "        return x\n",
            flagged=["tf.Variable"],
            note="the near miss: the branch keeps nothing in what it tests, so it runs on every trace",
            name="placeholder-test-that-keeps-nothing",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def make_head():\n"
            "    return tf.keras.layers.Dense(2)\n",
            flagged=["tf.keras.layers.Dense"],
            path="pkg/build.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\n\nfrom pkg import build\n\n\nclass Head(tf.Module):\n"
                    "    def __init__(self):\n        self.dense = None\n\n    @tf.function\n"
                    "    def __call__(self, x):\n        if self.dense is None:\n"
                    "            self.dense = build.make_head()\n        return self.dense(x)\n",
                ),
            ),
            preview=True,
            note="weak evidence, shown only in preview mode: the trace comes from a call in another module, "
            "where a lazy guard (here `if self.dense is None:`) is not looked for",
            name="created-for-a-traced-caller-in-another-module",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def scaled(x):\n"
            "    def make():\n"
            "        return tf.Variable(2.0)\n"
            "    return x * make()\n",
            flagged=["tf.Variable"],
            note="a nested def called in the trace runs in it",
            name="nested-def-called-in-trace",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def scaled(x):\n"
            "    make = lambda: tf.Variable(2.0)\n"
            "    return x * 2.0\n",
            note="a lambda defined in traced code but never called there creates nothing while tracing",
            name="lambda-defined-never-called",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "inputs = tf.keras.Input((3,))\n"
            "hidden = tf.keras.layers.Dense(2, name=\"hidden\")(inputs)\n"
            "base = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(hidden))\n\n\n"
            "@tf.function\n"
            "def hidden_and_output(model, x):\n"
            "    probe = tf.keras.Model(model.inputs, [model.get_layer(\"hidden\").output, model.output])\n"
            "    return probe(x)\n",
            note="`Model(inputs, outputs)` over a model's own tensors (Grad-CAM) reuses its layers: it creates no "
            "variable, whichever trace runs it",
            name="functional-model-over-existing-tensors",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Probe(tf.keras.layers.Layer):\n"
            "    def __init__(self, units):\n"
            "        super().__init__()\n"
            "        self.units = units\n\n"
            "    def build(self, input_shape):\n"
            "        self.kernel = self.add_weight(shape=(input_shape[-1], self.units))\n\n"
            "    def call(self, x):\n"
            "        return x @ self.kernel\n\n\n"
            "@tf.function\n"
            "def probe_output(x):\n"
            "    model = Probe(3)\n"
            "    return model(x)\n",
            flagged=[("Probe", 1)],
            note="a Keras layer of this file, with a `build` of its own, constructed and run in the trace: it builds its "
            "weights there",
            name="keras-object-constructed-and-run-in-trace",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Probe(tf.keras.layers.Layer):\n"
            "    def __init__(self, units):\n"
            "        super().__init__()\n"
            "        self.units = units\n\n"
            "    def build(self, input_shape):\n"
            "        self.kernel = self.add_weight(shape=(input_shape[-1], self.units))\n\n"
            "    def call(self, x):\n"
            "        return x @ self.kernel\n\n\n"
            "@tf.function\n"
            "def probe_width(x):\n"
            "    model = Probe(3)\n"
            "    return x * model.units\n",
            note="constructed but never run in the trace (only its configuration is read): Keras creates the weights "
            "of a layer or model when it first runs, so no variable is made",
            name="keras-object-constructed-never-run",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def block(x, filters):\n"
            "    return tf.keras.layers.Conv2D(filters, 3)(x)\n\n\n"
            "class BuildNet(tf.keras.Model):\n"
            "    def __init__(self, filters):\n"
            "        super().__init__()\n"
            "        self.filters = filters\n\n"
            "    def call(self, input_shape):\n"
            "        inputs = tf.keras.Input(input_shape)\n"
            "        return tf.keras.Model(inputs, block(inputs, self.filters))\n",
            note="a `call` that makes `keras.Input(...)` builds a Functional model when the project calls it: "
            "a builder run eagerly, which Keras does not trace",
            name="keras-call-builds-functional-model",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def block(x, filters):\n"
            "    return tf.keras.layers.Conv2D(filters, 3)(x)\n",
            path="nets/blocks.py",
            project=(
                ("nets/__init__.py", ""),
                (
                    "nets/build.py",
                    "import tensorflow as tf\nfrom tensorflow.keras import Input\n\nfrom nets.blocks import block\n\n\n"
                    "class BuildNet(tf.keras.Model):\n"
                    "    def call(self, input_shape):\n"
                    "        inputs = Input(input_shape)\n"
                    "        return tf.keras.Model(inputs, block(inputs, 4))\n",
                ),
            ),
            note="the same builder in another module: the project index does not trace its helpers either",
            name="keras-call-builds-functional-model-across-modules",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def scaled(x):\n"
            "    def make():\n"
            "        return tf.Variable(2.0)\n"
            "    factor = tf.convert_to_tensor(make)\n"
            "    return x * factor\n",
            note="a function only handed to `tf.convert_to_tensor` is converted as a value (which fails), never called",
            name="nested-def-only-converted",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def assign_at(tensor, value, idx):\n"
            "    as_variable = lambda: tf.Variable(initial_value=tensor)\n"
            "    as_variable[idx].assign(value)\n"
            "    return tf.convert_to_tensor(as_variable)\n",
            note="a lambda only subscripted (a TypeError) and converted as a value is never called: no variable is made",
            name="lambda-subscripted-and-converted",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def make_scale():\n"
            "    def scale(x):\n"
            "        return x * tf.Variable(2.0)\n"
            "    return scale\n\n\n"
            "@tf.function\n"
            "def scaled(x):\n"
            "    return make_scale()(x)\n",
            flagged=["tf.Variable"],
            note="a closure returned to traced code is called in the trace",
            name="closure-returned-to-traced-caller",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "from ..layers import Scale\n\n\n"
            "class Model(tf.keras.Model):\n"
            "    def call(self, x):\n"
            "        self.offset = tf.Variable(1.0)\n"
            "        return Scale()(x) + self.offset\n",
            flagged=["tf.Variable"],
            path="pkg/models/legacy/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/layers.py", "import tensorflow as tf\n\n\nclass Scale(tf.keras.layers.Layer):\n    def call(self, x):\n        return 2.0 * x\n"),
                ("pkg/models/__init__.py", ""),
                ("pkg/models/legacy/__init__.py", ""),
                ("pkg/train.py", "def train(model, data):\n    model.compile(loss=\"mse\")\n    model.fit(data)\n"),
            ),
            preview=True,
            note="weak evidence, shown only in preview mode: `from ..layers import Scale` names `pkg.models.layers`, "
            "which the project does not have, so the module cannot be imported and its code never runs",
            name="module-that-cannot-be-imported",
        ),
        Bad(
            "import keras\n"
            "import keras.backend as K\n"
            "import keras.engine.topology\n"
            "import tensorflow as tf\n\n\n"
            "class Selection(keras.engine.topology.Layer):\n"
            "    def call(self, x):\n"
            "        return K.switch(K.equal(x, 0), lambda: K.variable([0]), lambda: K.exp(x))\n",
            flagged=["K.variable"],
            preview=True,
            note="weak evidence, shown only in preview mode: `keras.engine.topology` exists only in multi-backend "
            "Keras (2.3 and earlier), where `call` is built once in a graph and no tf.function traces it",
            name="multi-backend-keras-layer",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Diagonal(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        scale = tf.Variable(1.0)\n"
            "        return tf.matrix_set_diag(tf.zeros_like(x), scale * x[0])\n",
            flagged=["tf.Variable"],
            preview=True,
            note="weak evidence, shown only in preview mode: `tf.matrix_set_diag` is TensorFlow 1 only (TensorFlow 2 "
            "spells it `tf.linalg.set_diag`), so this class runs on TensorFlow 1, where Keras builds `call` once "
            "without tf.function",
            name="tensorflow-1-only-layer",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n\n\n"
            "def logits(features, num_classes):\n"
            "    return tf.layers.dense(Scale()(features), num_classes)\n",
            flagged=["tf.Variable"],
            preview=True,
            note="weak evidence, shown only in preview mode: the class uses no TensorFlow 1 name, but its module does "
            "(`tf.layers`, which TensorFlow 2 has only as `tf.compat.v1.layers`), outside any fallback or version test: "
            "the module is written for TensorFlow 1, where Keras builds `call` once without tf.function (no oracle "
            "run: TensorFlow 2 has no `tf.layers`)",
            name="tensorflow-1-module",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "try:\n"
            "    dense = tf.layers.dense\n"
            "except AttributeError:\n"
            "    dense = None\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n",
            flagged=["tf.Variable"],
            note="the near miss: the module reaches for `tf.layers` only in a fallback (`except AttributeError:`), so "
            "it runs on TensorFlow 2 too, where Keras traces `call`",
            name="tensorflow-1-name-behind-fallback",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n\n\n"
            "def logits(features, num_classes):\n"
            "    if tf.__version__.startswith(\"1.\"):\n"
            "        return tf.layers.dense(Scale()(features), num_classes)\n"
            "    return tf.keras.layers.Dense(num_classes)(Scale()(features))\n",
            flagged=["tf.Variable"],
            note="the near miss: the module asks which TensorFlow it runs on (`tf.__version__`) and uses `tf.layers` "
            "only for TensorFlow 1: it runs on TensorFlow 2 too",
            name="tensorflow-1-name-behind-version-test",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n\n\n"
            "def logits(features, num_classes):\n"
            "    return tf.compat.v1.layers.dense(Scale()(features), num_classes)\n",
            flagged=["tf.Variable"],
            note="the near miss: `tf.compat.v1.layers` is TensorFlow 2's own spelling, so the module runs on TensorFlow 2",
            name="tensorflow-1-api-through-compat-v1",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "tf.compat.v1.disable_eager_execution()\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n",
            flagged=["tf.Variable"],
            preview=True,
            note="weak evidence, shown only in preview mode: the module turns eager execution off when it is imported, "
            "and with it off Keras builds `call` once in a graph, without tf.function, so no later trace raises (no "
            "oracle run: the oracle's TensorFlow 2.21 has Keras 3, which does not run with eager execution off)",
            name="eager-execution-off-at-import",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n",
            flagged=["tf.Variable"],
            path="agents/layers.py",
            project=(
                ("agents/__init__.py", "from .layers import Scale\nfrom .updates import soft_update\n"),
                (
                    "agents/updates.py",
                    "import tensorflow as tf\n\ntf.compat.v1.disable_eager_execution()\n\n\n"
                    "def soft_update(target, source, tau):\n"
                    "    return [t.assign(tau * s + (1.0 - tau) * t) for t, s in zip(target, source)]\n",
                ),
            ),
            preview=True,
            note="weak evidence, shown only in preview mode: importing `agents.layers` runs its package's "
            "`__init__`, which imports `agents.updates`, which turns eager execution off: the whole package runs "
            "with eager execution off, where Keras builds `call` once without tf.function",
            name="eager-execution-off-by-package",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def use_graph_mode():\n"
            "    tf.compat.v1.disable_eager_execution()\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n",
            flagged=["tf.Variable"],
            note="the near miss: eager execution is turned off only inside a function, which may never run, so "
            "Keras may trace `call` with tf.function",
            name="eager-execution-off-only-in-function",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self.scale = tf.Variable(2.0)\n"
            "        return x * self.scale\n",
            flagged=["tf.Variable"],
            path="agents/layers.py",
            project=(
                ("agents/__init__.py", "from .layers import Scale\n"),
                (
                    "agents/updates.py",
                    "import tensorflow as tf\n\ntf.compat.v1.disable_eager_execution()\n\n\n"
                    "def soft_update(target, source, tau):\n"
                    "    return [t.assign(tau * s + (1.0 - tau) * t) for t, s in zip(target, source)]\n",
                ),
            ),
            note="the near miss: `agents.updates` turns eager execution off, but nothing that importing "
            "`agents.layers` runs imports it, so `call` may be traced with eager execution on",
            name="eager-execution-off-in-module-not-imported",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from keras.layers import Dense, Layer\n\n\n"
            "class Widen(Layer):\n"
            "    def call(self, x):\n"
            "        return tf.nn.relu(Dense(8)(x))\n",
            flagged=[("Dense", 1)],
            path="model.py",
            project=(("requirements.txt", "keras==2.2.4\n"),),
            preview=True,
            note="weak evidence, shown only in preview mode: the class derives from standalone `keras` and the project "
            "requires Keras 2.2, multi-backend Keras, which builds `call` once in a graph without tf.function (no "
            "oracle run: the oracle has Keras 3)",
            name="multi-backend-keras-declared",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from keras.layers import Dense, Lambda\n\n\n"
            "def highway(x):\n"
            "    return tf.sigmoid(Dense(8)(x))\n\n\n"
            "def gated(inputs):\n"
            "    return Lambda(highway)(inputs)\n",
            flagged=[("Dense", 1)],
            path="model.py",
            project=(("requirements.txt", "keras==2.2.4\n"),),
            preview=True,
            note="weak evidence, shown only in preview mode: the `Lambda` layer is standalone Keras's and the project "
            "requires Keras 2.2, multi-backend Keras, which builds the layer's function once in a graph (no oracle "
            "run: the oracle has Keras 3)",
            name="multi-backend-keras-lambda-declared",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from keras.layers import Dense, Layer\n\n\n"
            "class Widen(Layer):\n"
            "    def call(self, x):\n"
            "        return tf.nn.relu(Dense(8)(x))\n",
            flagged=[("Dense", 1)],
            path="model.py",
            project=(("requirements.txt", "keras==2.4.3\n"),),
            note="the near miss: from Keras 2.4 on standalone `keras` is tf.keras, which traces `call` with tf.function "
            "(no oracle run: the oracle has Keras 3)",
            name="standalone-keras-2-4-declared",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Widen(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return tf.nn.relu(tf.keras.layers.Dense(8)(x))\n",
            flagged=["tf.keras.layers.Dense"],
            path="model.py",
            project=(("requirements.txt", "keras==2.2.4\n"),),
            note="the near miss: the class is tf.keras's, which the project's standalone Keras 2.2 does not make "
            "multi-backend, so Keras traces `call` with tf.function",
            name="tf-keras-with-multi-backend-keras-declared",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "from ...layers import Scale\n\n\n"
            "class Model(tf.keras.Model):\n"
            "    def call(self, x):\n"
            "        self.offset = tf.Variable(1.0)\n"
            "        return Scale()(x) + self.offset\n",
            flagged=["tf.Variable"],
            path="pkg/models/legacy/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/layers.py", "import tensorflow as tf\n\n\nclass Scale(tf.keras.layers.Layer):\n    def call(self, x):\n        return 2.0 * x\n"),
                ("pkg/models/__init__.py", ""),
                ("pkg/models/legacy/__init__.py", ""),
                ("pkg/train.py", "def train(model, data):\n    model.compile(loss=\"mse\")\n    model.fit(data)\n"),
            ),
            note="the near miss: `from ...layers import Scale` finds `pkg/layers.py`, the module imports, and the "
            "finding is shown by default",
            name="module-imports-fine",
        ),
    )

    oracle = Oracle(
        symptom=Raises("ValueError", "singleton tf.Variables"),
        runs={
            "bad-add-bias": "outputs = add_bias(tf.ones([3]))",
            "nested-def-called-in-trace": "scaled(tf.constant(1.0))\noutputs = scaled(tf.constant([1.0, 2.0]))",
            "lambda-defined-never-called": "scaled(tf.constant(1.0))\noutputs = scaled(tf.constant([1.0, 2.0]))",
            "wrapper-around-layer-made-outside": (
                "layer = Recurrent(4)\nencode(layer, tf.ones([2, 3, 5]))\noutputs = encode(layer, tf.ones([2, 6, 5]))"
            ),
            "wrapper-around-layer-made-in-trace": (
                "layer = Recurrent(4)\nencode(layer, tf.ones([2, 3, 5]))\noutputs = encode(layer, tf.ones([2, 6, 5]))"
            ),
            "functional-model-over-existing-tensors": (
                "hidden_and_output(base, tf.ones([2, 3]))\noutputs = hidden_and_output(base, tf.ones([4, 3]))"
            ),
            "keras-call-builds-functional-model": "outputs = BuildNet(4).call((8, 8, 3)).count_params()",
            "closure-returned-to-traced-caller": "scaled(tf.constant(1.0))\noutputs = scaled(tf.constant([1.0, 2.0]))",
            "run-once-flag-turned-off": "acc = Accumulator()\nacc(tf.ones([2]))\noutputs = acc(tf.ones([2]))",
            "run-once-flag-never-turned-off": "acc = Accumulator()\nacc(tf.ones([2]))\noutputs = acc(tf.ones([3]))",
            "lazy-creation-behind-placeholder": "h = Head()\nh(tf.ones([1, 3]))\noutputs = h(tf.ones([2, 3]))",
            "placeholder-test-that-keeps-nothing": "h = Head()\nh(tf.ones([2]))\noutputs = h(tf.ones([3]))",
            "keras-layer-with-weights-flatten": "outputs = forward(tf.ones([2, 3]))",
            "keras-call-heuristic-reported-one": "outputs = tf.function(Scale())(tf.constant(3.0))",
            "tensorflow-1-name-behind-fallback": "outputs = tf.function(Scale())(tf.constant(3.0))",
            "tensorflow-1-name-behind-version-test": "outputs = tf.function(Scale())(tf.constant(3.0))",
            "tensorflow-1-api-through-compat-v1": "outputs = tf.function(Scale())(tf.constant(3.0))",
            "eager-execution-off-only-in-function": "outputs = tf.function(Scale())(tf.constant(3.0))",
            "tf-init-scope-runs-creation": "outputs = count(tf.constant(1.0))",
            "keras-object-constructed-and-run-in-trace": "outputs = probe_output(tf.ones([2, 4]))",
            "keras-3-dropout-layers-own": "outputs = augment(tf.ones([4]))",
            "second-trigger-different-unbuilt-model": Run("outputs = 1", setup="x = tf.ones([1, 3])\n"),
            "new-optimizer-per-iteration-retrace": Run(
                "outputs = 1",
                setup="model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                "model.build((None, 3))\n"
                "x = tf.ones([2, 3])\n",
                symptom=traces("train_step", 2),
            ),
            "guarded-lazy-creation-none-hasattr": "c = Counter()\noutputs = [c(tf.constant(1.0)), c(tf.constant(2.0))]",
            "init-build-run-once-if": "layer = Affine(2)\nf = tf.function(layer)\noutputs = [f(tf.ones([1, 3])), f(tf.ones([1, 3]))]",
            "module-level-variable-weight-free": "outputs = add_bias(tf.ones([1, 3]))",
            "one-optimizer-created-once-at": Run(
                "outputs = train_step(model, optimizer, x_last)",
                setup="model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                "model.build((None, 3))\n"
                "dataset = [tf.ones([2, 3])] * 3\n"
                "x_last = tf.ones([2, 3])\n",
            ),
            "keras-3-sure-keras-ops": "outputs = augment(tf.ones([4]))",
            "traced-call-leaves-optional-argument": "outputs = train_step(tf.ones([4, 4]), tf.ones([4]))",
        },
        note="On TF 2.21 with Keras 3 a new, unbuilt optimizer no longer raises (Keras 3 creates its variables "
        "outside the trace); the optimizer example's symptom is the retrace it still causes.",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)

    # -- creation in traced code ------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        function = ctx.function
        if function is None or function.graph is None:
            return  # never traced (nor in a traced function's init_scope): skip resolving the callee
        what = self._created(node)
        if what is None:
            return
        graph = ctx.graph
        in_init_scope = False
        if graph is None:
            graph = self._traced_init_scope()
            if graph is None:
                return
            in_init_scope = True
        label, severity = what
        scope = ctx.function
        if self.an.lazy_guard(node, scope) is not None or self._runs_once_in_trace(scope, 0):
            return
        if label.startswith("object") and self._never_run_here(node, scope):
            return
        # `if transition_params is None: transition_params = tf.Variable(...)`: created only when the
        # caller leaves the argument out; unless a traced call in this file does, that is not shown.
        optional = self._optional_parameter_guard(node, scope)
        preview = False
        if optional is not None:
            omits = self._traced_call_omits(scope, optional)
            if omits is False:
                return  # every traced call in this file passes it: the branch does not run in a trace
            preview = omits is None
        severity = traced_severity(graph, severity)
        who = "this lambda" if scope is None or scope.name == "<lambda>" else f"`{scope.name}`"
        shown = ctx.source.segment(node.func)
        if label == "variable":
            where = (
                f"inside `tf.init_scope()` in {who} ({graph.describe()}), which runs it eagerly but again on "
                "every trace"
                if in_init_scope
                else f"while {who} is traced ({graph.describe()})"
            )
            message = (
                f"`{shown}` creates a variable {where}. tf.function "
                f"allows variable creation only on the first trace, so this raises {SINGLETON_ERROR}; "
                "eagerly it would make a fresh variable on every call. Create it once outside (in "
                "`__init__`, `build` or at module level) and reuse it, or guard it with `if self.v is None:`."
            )
        elif label == "seeded layer":
            major = keras_major(node.func, ctx.facts, ctx.settings)
            if major == 2:
                return  # Keras 2 dropout and noise layers own no variable: nothing is created
            if major == 3:
                message = (
                    f"`{shown}` constructs a Keras dropout or noise layer while {who} is traced "
                    f"({graph.describe()}). This is Keras 3 ({self._keras_3_evidence(node.func)}), where such "
                    f"a layer owns a seed-generator variable, so this raises {SINGLETON_ERROR} (TF 2.21 raises "
                    "it under `model.fit` too). Create the layer once in `__init__`/`build` and call it here."
                )
            else:
                self.report(
                    node.func,
                    f"`{shown}` constructs a Keras dropout or noise layer while {who} is traced "
                    f"({graph.describe()}). With Keras 3 (`keras` 3, or tf.keras from TF 2.16) such a layer "
                    f"owns a seed-generator variable and this raises {SINGLETON_ERROR}; with Keras 2 "
                    "(`tf_keras`, tf.keras before TF 2.16) it owns none and this is harmless. Set `target-keras` "
                    "(or `target-tensorflow`) to say which Keras the project runs; to work with both, create the "
                    "layer once in `__init__`/`build`.",
                    severity=milder(severity),
                    related=ctx.graph_related(),
                    preview=True,
                )
                return
        else:
            message = (
                f"`{shown}` constructs a Keras {label} while {who} is traced ({graph.describe()}). Its "
                "variables are created inside the trace, and a later trace creates new ones, which raises "
                f"{SINGLETON_ERROR}; every trace would also start from fresh, untrained weights. Create "
                "it once in `__init__`/`build` (or at module level) and reuse it."
            )
            cls = self._local_keras_class(node.func)
            if cls is not None and not self._defines_build(cls):
                # Keras 3 builds a layer without a `build` of its own by running `call` symbolically,
                # outside the trace: its sublayers' weights are made there (TF 2.21 raises nothing).
                major = self._class_keras_major(cls)
                if major == 3:
                    return
                if major is None:
                    message = (
                        f"`{shown}` constructs a Keras {label} while {who} is traced ({graph.describe()}). With "
                        "Keras 2 (`tf_keras`, tf.keras before TF 2.16) its variables are created inside the trace, "
                        f"and a later trace creates new ones, which raises {SINGLETON_ERROR}; Keras 3 builds a "
                        "class without a `build` of its own outside the trace. Set `target-keras` (or "
                        "`target-tensorflow`) to say which Keras the project runs; to work with both, create it "
                        "once in `__init__`/`build` and reuse it."
                    )
                    preview = True
        if preview:
            message += (
                f" (This branch runs only when `{optional}` is None, and no traced call in this file shows "
                "that it is.)"
            )
        caller_path = _caller_in_another_module(graph)
        if caller_path:
            # a lazy guard or a run-once method around the call in that module is not seen from here
            preview = True
            message += (
                f" (Whether the call in `{caller_path}` that leads here runs only once, behind a lazy guard "
                "such as `if self.model is None:`, is not checked across modules.)"
            )
        self.report(node.func, message, severity=severity, related=ctx.graph_related(), preview=preview)

    def _optional_parameter_guard(self, node: ast.AST, scope: Optional[FunctionInfo]) -> Optional[str]:
        """The parameter `p` (defaulting to None) when `node` is in the body of an `if p is None:`."""
        if scope is None or isinstance(scope.node, ast.Lambda):
            return None
        args = scope.node.args
        positional = args.posonlyargs + args.args
        defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
        for child, parent in self.an.climb(node, scope.node):
            if not isinstance(parent, ast.If) or not any(child is stmt for stmt in parent.body):
                continue
            test = parent.test
            if (
                isinstance(test, ast.Compare)
                and len(test.ops) == 1
                and isinstance(test.ops[0], (ast.Is, ast.Eq))
                and isinstance(test.left, ast.Name)
                and isinstance(test.comparators[0], ast.Constant)
                and test.comparators[0].value is None
            ):
                default = defaults.get(test.left.id)
                if isinstance(default, ast.Constant) and default.value is None:
                    return test.left.id
        return None

    def _traced_call_omits(self, info: Optional[FunctionInfo], param: str) -> Optional[bool]:
        """True when a call of `info` from traced code in this file leaves `param` out or passes None,
        False when every such call passes a value, None when there is no such call to tell."""
        if info is None:
            return None
        seen = False
        for site in info.callers:
            if site.is_reference or site.caller is None or site.caller.graph is None or site.eager:
                continue
            passed = dict(
                (name, arg) for name, arg in self.an.map_arguments(site.node, info, self.an.bound_call(site.node, info))
                if name is not None
            )
            if any(isinstance(a, ast.Starred) for a in site.node.args) or any(k.arg is None for k in site.node.keywords):
                return None
            seen = True
            value = passed.get(param)
            if value is None or (isinstance(value, ast.Constant) and value.value is None):
                return True
        return False if seen else None

    def _keras_3_evidence(self, func: ast.expr) -> str:
        return keras_3_evidence(func, self.ctx.facts, self.ctx.settings)

    def _traced_init_scope(self) -> Optional[GraphInfo]:
        """The graph of the traced function when the code is in its `with tf.init_scope():` block (which
        the engine treats as eager, but which still runs on every trace), not under `if
        tf.executing_eagerly():` (never taken while tracing)."""
        ctx = self.ctx
        scope = ctx.function
        if scope is None or scope.graph is None:
            return None
        ancestors = ctx.ancestors
        start = next((i for i, node in enumerate(ancestors) if node is scope.node), None)
        if start is None:
            return None
        found = False
        for index in range(start + 1, len(ancestors)):
            node = ancestors[index]
            child = ancestors[index + 1] if index + 1 < len(ancestors) else None
            if (
                isinstance(node, ast.If)
                and is_eager_only_test(node.test, ctx.facts, scope)
                and any(child is stmt for stmt in node.body)
            ):
                return None
            if isinstance(node, (ast.With, ast.AsyncWith)) and any(
                is_init_scope(item, ctx.facts, scope) for item in node.items
            ):
                found = True
        return scope.graph if found else None

    def _created(self, call: ast.Call) -> Optional[Tuple[str, Severity]]:
        """What a call creates: ("variable", ERROR), a Keras kind with WARNING, or None."""
        ctx = self.ctx
        qual = ctx.qualname(call.func)
        if qual is not None:
            if qual in CREATES_VARIABLE:
                return "variable", Severity.ERROR
            if functional_model_call(qual, call):
                return None
            kind = keras_kind(qual)
            if kind == "layer" and qual.rsplit(".", 1)[-1] in WRAPPER_LAYERS:
                # `RNN(cell)`, `TimeDistributed(layer)` own no variable: the wrapped layer's are its own, made
                # once if it was made outside the trace (`self.cell`), and reported where it is made if not
                return None
            return (kind, Severity.WARNING) if kind is not None else None
        cls = self._local_keras_class(call.func)
        if cls is not None and self._owns_weights(cls, 0):
            return "object (`" + cls.name + "`)", Severity.WARNING
        return None

    def _never_run_here(self, call: ast.Call, scope: Optional[FunctionInfo]) -> bool:
        """`m = Model(...)` of a Keras class of this file that makes no variable when constructed, and `m` is
        never run in this function: no call, no `build`/`fit`/weights method, never passed on, returned or
        kept. Keras creates a layer's or model's weights when it first runs (`build`), so such an object
        makes no variable in the trace: the claim needs the object to run."""
        cls = self._local_keras_class(call.func)
        parent = self.an.parent(call)
        if (
            cls is None
            or scope is None
            or isinstance(scope.node, ast.Lambda)
            or not isinstance(parent, ast.Assign)
            or len(parent.targets) != 1
            or not isinstance(parent.targets[0], ast.Name)
            or not self._constructs_nothing(cls)
        ):
            return False
        name = parent.targets[0].id
        stores = 0
        for node in ast.walk(scope.node):
            if not isinstance(node, ast.Name) or node.id != name:
                continue
            if not isinstance(node.ctx, ast.Load):
                stores += 1
                continue
            use = self.an.parent(node)
            if not isinstance(use, ast.Attribute) or use.attr in RUNS_KERAS_OBJECT:
                return False  # called, passed on, returned, aliased, or a method that builds it
            if isinstance(self.an.parent(use), ast.Call) and self.an.parent(use).func is use and use.attr != "compile":
                return False  # another method of it: perhaps one that runs it
        return stores == 1

    def _hierarchy(self, cls: ClassInfo) -> Optional[Tuple[List[ClassInfo], List[Tuple[ClassInfo, ast.expr]]]]:
        """The classes of this file in `cls`'s hierarchy (`cls` first), and its bases from elsewhere (with the
        class that names each); None when it is deeper than this file shows."""
        facts = self.ctx.facts
        local: List[ClassInfo] = []
        external: List[Tuple[ClassInfo, ast.expr]] = []
        todo = [(cls, 0)]
        while todo:
            klass, depth = todo.pop()
            if depth > 4:
                return None
            local.append(klass)
            for base in klass.node.bases:
                if isinstance(base, ast.Name) and base.id in facts.module_classes and facts.qualname(base, klass.parent_function) is None:
                    todo.append((facts.module_classes[base.id], depth + 1))
                else:
                    external.append((klass, base))
        return local, external

    def _keras_base_only(self, external: List[Tuple[ClassInfo, ast.expr]]) -> bool:
        """Every base from elsewhere is Keras's own `Layer` or `Model`."""
        return all(
            (qual := self.ctx.facts.qualname(base, klass.parent_function)) is not None
            and qual.rsplit(".", 1)[-1] in ("Layer", "Model")
            for klass, base in external
        )

    def _defines_build(self, cls: ClassInfo) -> bool:
        """`cls` or a base of this file defines `build` (or a base from elsewhere may)."""
        hierarchy = self._hierarchy(cls)
        if hierarchy is None:
            return True
        local, external = hierarchy
        return any("build" in klass.methods for klass in local) or not self._keras_base_only(external)

    def _class_keras_major(self, cls: ClassInfo) -> Optional[int]:
        """The Keras (2 or 3) the Keras base of `cls` comes from, when known."""
        hierarchy = self._hierarchy(cls)
        for _, base in hierarchy[1] if hierarchy is not None else ():
            major = keras_major(base, self.ctx.facts, self.ctx.settings)
            if major is not None:
                return major
        return None

    def _constructs_nothing(self, cls: ClassInfo) -> bool:
        """Constructing `cls` (a Keras class of this file) makes no variable: its `__init__` (and those of
        its bases in this file) only configures, makes layers whose weights wait for their first call,
        regularizers and initializers, and calls `super().__init__`."""
        hierarchy = self._hierarchy(cls)
        if hierarchy is None or not self._keras_base_only(hierarchy[1]):
            return False
        return all(self._inert_init(klass.methods.get("__init__")) for klass in hierarchy[0])

    def _inert_init(self, init: Optional[FunctionInfo]) -> bool:
        if init is None:
            return True
        facts = self.ctx.facts
        for node in walk_nodes(init.node):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and node is not init.node:
                return False
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call):
                continue  # super().__init__(...)
            if isinstance(func, ast.Name) and func.id == "super":
                continue
            qual = facts.qualname(func, init)
            if qual is None:
                return False
            if qual.startswith(INERT_AT_CONSTRUCTION):
                continue
            if keras_kind(qual) in ("layer", "seeded layer") and qual.rsplit(".", 1)[-1] not in BUILT_AT_CONSTRUCTION:
                continue
            if qual.startswith("tensorflow.keras.layers.") and keras_kind(qual) is None:
                continue  # a layer that owns no weights
            return False
        return True

    def _owns_weights(self, cls: ClassInfo, depth: int) -> bool:
        """A Keras subclass of this file may own variables: its body creates weights, variables or
        other Keras objects, or a base may. False only when every part of that is seen here."""
        facts = self.ctx.facts
        if depth > 4:
            return True
        for base in cls.node.bases:
            qual = facts.qualname(base, cls.parent_function)
            if qual is not None:
                if qual.rsplit(".", 1)[-1] not in ABSTRACT_LAYER_BASES:
                    return True  # a concrete Keras layer: it builds its own weights
            elif isinstance(base, ast.Name) and base.id in facts.module_classes:
                if self._owns_weights(facts.module_classes[base.id], depth + 1):
                    return True
            else:
                return True
        for node in walk_nodes(cls.node):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in KERAS_WEIGHT_METHODS:
                    return True
                qual = facts.qualname(func, cls.parent_function)
                if qual is not None and (qual in CREATES_VARIABLE or keras_kind(qual) is not None):
                    if keras_kind(qual) != "seeded layer" or keras_major(func, facts, self.ctx.settings) != 2:
                        return True
                if isinstance(func, ast.Name) and func.id in facts.module_classes and func.id != cls.name:
                    return True  # another class of this file: perhaps a sub-layer
        return False

    def _local_keras_class(self, func: ast.expr) -> Optional[ClassInfo]:
        if not isinstance(func, ast.Name):
            return None
        cls = self.ctx.facts.module_class(func.id, self.ctx.function)
        return cls if cls is not None and cls.is_keras else None

    def _runs_once_in_trace(self, info: Optional[FunctionInfo], depth: int) -> bool:
        """`__init__`/`build` (or code nested in them), or a helper whose traced callers all reach it
        under a lazy guard or from such a method."""
        scope = info
        while scope is not None:
            if scope.name in RUN_ONCE_METHODS:
                return True
            if scope.graph is not None and scope.graph.origin is scope:
                break  # a tf.function defined inside `__init__` is traced on its own calls
            scope = scope.parent
        if info is None or depth > 3 or info.graph is None or info.graph.reason != "called":
            return False
        traced_sites = [
            site
            for site in info.callers
            if site.caller is not None and site.caller.graph is not None and not site.eager
        ]
        return bool(traced_sites) and all(
            self.an.lazy_guard(site.node, site.caller) is not None or self._runs_once_in_trace(site.caller, depth + 1)
            for site in traced_sites
        )

    # -- second trigger: different optimizers or models for one tf.function ----------------------

    def finish(self) -> None:
        ctx, an = self.ctx, self.an
        for info in ctx.facts.functions:
            sites = sorted(
                (s for s in info.callers if s.wrapper is not None and not s.is_reference),
                key=lambda s: (s.node.lineno, s.node.col_offset),
            )
            if not sites or sites[0].wrapper.has_input_signature:
                continue
            first: Dict[str, Tuple[object, CallSite, ast.expr]] = {}
            for site in sites:
                bound = an.bound_call(site.node, info)
                for param, arg in an.map_arguments(site.node, info, bound):
                    if param is None:
                        continue
                    identity = self._stateful_object(arg, site)
                    if identity is None:
                        continue
                    key, kind, fresh = identity
                    if fresh:
                        self._report_switch(info, param, arg, kind, None, site)
                        continue
                    seen = first.get(param)
                    if seen is None:
                        first[param] = (key, site, arg)
                    elif seen[0] != key:
                        self._report_switch(info, param, arg, kind, seen, site)

    def _report_switch(self, info, param, arg, kind, seen, site) -> None:
        ctx = self.ctx
        shown = ctx.source.segment(arg)
        if seen is None:
            opening = (
                f"A new {kind} (`{shown}`) is passed to `{info.name}` as `{param}` on every iteration of "
                "this loop."
            )
            related: List[Related] = []
        else:
            first_arg = seen[2]
            opening = (
                f"`{info.name}` gets a different {kind} for `{param}` here (`{shown}`) than at line "
                f"{first_arg.lineno} (`{ctx.source.segment(first_arg)}`)."
            )
            related = [Related(ctx.span(first_arg), f"the first {kind} passed to `{info.name}`")]
        if kind == "optimizer":
            harm = (
                " Each new optimizer retraces the function, and a Keras 2 optimizer (tf_keras, or tf.keras "
                f"before TF 2.16) creates its slot variables in that later trace, which raises {SINGLETON_ERROR}."
            )
        else:
            harm = (
                f" Each new {kind} retraces the function, and one that is not built yet creates its weights in "
                f"that later trace, which raises {SINGLETON_ERROR}."
            )
        self.report(
            arg,
            opening + harm + f" Use one tf.function per {kind} (or build every {kind} before the first call), "
            f"and create the {kind} once.",
            severity=Severity.WARNING,
            related=related,
        )

    def _stateful_object(self, arg: ast.expr, site: CallSite) -> Optional[Tuple[object, str, bool]]:
        """(identity, kind, constructed afresh on every iteration) for an optimizer or model argument;
        None when the argument is not known to be one."""
        an = self.an
        scope = site.caller
        if isinstance(arg, ast.Call):
            kind = self._constructor_kind(arg, scope)
            if kind is None:
                return None
            return ("inline", id(arg)), kind, bool(site.loops)
        if isinstance(arg, ast.Name):
            local = scope is not None and an.is_local_name(arg.id, scope)
            home = scope if local else None
            values = an.assignments(home).get(arg.id, [])
            constructors = [v for v in values if isinstance(v, ast.Call) and self._constructor_kind(v, home)]
            if not constructors or len(constructors) != len(values):
                return None
            if len(constructors) == 1:
                value = constructors[0]
            else:
                before = [v for v in constructors if (v.lineno, v.col_offset) < (site.node.lineno, site.node.col_offset)]
                if not before:
                    return None
                value = max(before, key=lambda v: (v.lineno, v.col_offset))
            kind = self._constructor_kind(value, home) or "object"
            fresh = local and any(loop in an.loops_around(value, scope) for loop in site.loops)
            if home is None and site.caller is None:
                fresh = any(loop in an.loops_around(value, None) for loop in site.loops)
            return ("assigned", id(value)), kind, fresh
        if isinstance(arg, ast.Attribute):
            key = key_of(arg)
            cls = self.ctx.facts.enclosing_class(scope)
            if key is None or cls is None or not key.startswith("self."):
                return None
            kinds = set()
            for node in ast.walk(cls.node):
                if isinstance(node, ast.Assign) and any(key_of(t) == key for t in node.targets):
                    kinds.add(self._constructor_kind(node.value, None) if isinstance(node.value, ast.Call) else None)
            if len(kinds) != 1 or None in kinds:
                return None
            return ("attribute", key), kinds.pop(), False
        return None

    def _constructor_kind(self, call: ast.Call, scope: Optional[FunctionInfo]) -> Optional[str]:
        qual = self.ctx.facts.qualname(call.func, scope)
        if qual is not None:
            kind = keras_kind(qual)
            return kind if kind in ("optimizer", "model") else None
        if isinstance(call.func, ast.Name):
            cls = self.ctx.facts.module_classes.get(call.func.id)
            if cls is not None and cls.is_keras and self.ctx.facts.imports.get(call.func.id) is None:
                return "model"
        return None


def _caller_in_another_module(graph: GraphInfo) -> str:
    """The path of the module whose traced function's call brings the trace into this module; "" when the
    trace starts in this module or is made by a wrapping, a dataset or Keras, which run the code on every
    trace."""
    entry = graph if graph.external is not None else graph.origin.graph
    external = entry.external if entry is not None else None
    if external is None or external.reason != "called" or not external.caller:
        return ""
    return external.place.path
