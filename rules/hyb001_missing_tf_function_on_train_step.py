"""HYB001 missing-tf-function-on-train-step."""

from __future__ import annotations

import ast
import builtins
from typing import List, Optional, Set, Tuple

from hybridlint.analysis import (
    PARTIALS,
    ModuleAnalysis,
    analysis_for,
    definition_span,
    literal_number,
    parameter_names,
    tf_module_name,
)
from hybridlint.constructors import CREATES_VARIABLE, KERAS_LOOP_METHODS, VARIABLE_CONSTRUCTORS, builds_keras_object
from hybridlint.edits import add_import
from hybridlint.effects import LOG_LEVEL_METHODS, MUTATING_METHODS, effects_for
from hybridlint.facts import TF, FunctionInfo, dotted_parts
from hybridlint.oracle import Counted, Oracle, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit, Span
from hybridlint.tensors import Kind, TensorAnalysis, tensors_for

TAPES = frozenset({"tensorflow.GradientTape", "tensorflow.compat.v1.GradientTape"})
UPDATE_METHODS = frozenset({"apply_gradients", "minimize"})
PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod"})
# Builtins that behave the same in a graph (on Python values or on lists of tensors).
SAFE_BUILTINS = frozenset(
    "zip enumerate range list tuple dict set frozenset sum isinstance issubclass hasattr getattr super reversed "
    "sorted abs type callable map filter".split()
)
# Builtins that turn a tensor into a Python value: fine on Python numbers, an error on symbolic tensors.
CONVERTING_BUILTINS = frozenset({"float", "int", "bool", "len", "min", "max", "round", "complex"})
PYTHON_VALUE_KINDS = (Kind.PY_NUMBER, Kind.PY_BOOL, Kind.PY_CONTAINER)
# Imported namespaces whose calls are graph ops or pure Python arithmetic.
GRAPH_SAFE_PREFIXES = ("tensorflow_probability.", "tensorflow_addons.", "math.", "typing.")
EAGER_ONLY_TF = frozenset(
    {
        "tensorflow.executing_eagerly",
        "tensorflow.compat.v1.executing_eagerly",
        "tensorflow.keras.backend.get_value",
        "tensorflow.keras.backend.batch_get_value",
        "tensorflow.keras.backend.set_value",
        "tensorflow.keras.backend.eval",
        "tensorflow.config.run_functions_eagerly",
    }
)
# Methods that only work eagerly, or that run Python I/O.
EAGER_ONLY_METHODS = KERAS_LOOP_METHODS | frozenset(
    "numpy item tolist eval save save_weights load_weights to_json summary write flush".split()
)
BUILTIN_NAMES = frozenset(dir(builtins))
SMALL_LOOP = 4  # a loop over fewer literal items than this does not repeat enough to pay for a trace
_MAX_DEPTH = 3


# The oracle's setup: count runs of each step's own Python code (AutoGraph's converted copy is `tf__<name>`).
_ORACLE_SETUP = (
    "import sys\n"
    "tf.keras.utils.set_random_seed(0)\n"
    "body_runs = []\n"
    "STEP_NAMES = ('train_step', 'update', '_step', 'step_fn')\n"
    "def _count_body_runs(frame, event, arg):\n"
    "    code = frame.f_code\n"
    "    if event == 'call' and code.co_filename.endswith('_code.py') and code.co_name in STEP_NAMES:\n"
    "        body_runs.append(frame.f_code.co_name)\n"
    "sys.setprofile(_count_body_runs)\n"
)
_ORACLE_STOP = "sys.setprofile(None)\n"
_ORACLE_DATA = "dataset = [(tf.ones([4, 3]) * (i + 1), tf.ones([4, 1])) for i in range(5)]\nbatches = dataset\n"
_ORACLE_SGD = (
    "class SGD:\n"
    "    def __init__(self, learning_rate):\n"
    "        self.learning_rate = learning_rate\n"
    "    def minimize(self, loss, var_list):\n"
    "        with tf.GradientTape() as tape:\n"
    "            value = loss()\n"
    "        for grad, var in zip(tape.gradient(value, var_list), var_list):\n"
    "            var.assign_sub(self.learning_rate * grad)\n"
)


# A training step calling a helper of another module: whether to flag it depends on what the helper does.
_TRAIN_WITH_HELPER = (
    "import tensorflow as tf\n"
    "from pkg.metrics import record\n\n"
    "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
    "opt = tf.keras.optimizers.Adam()\n\n\n"
    "def train_step(x, y):\n"
    "    with tf.GradientTape() as tape:\n"
    "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
    "    grads = tape.gradient(loss, model.trainable_variables)\n"
    "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
    "    record(loss)\n"
    "    return loss\n\n\n"
    "for x, y in dataset:\n"
    "    train_step(x, y)\n"
)


class MissingTfFunctionOnTrainStep(Rule):
    code = "HYB001"
    name = "missing-tf-function-on-train-step"
    severity = Severity.HINT
    preview = True
    reads_index = frozenset({"effects"})  # other modules' functions' side effects (`effects_for`)
    fix_safety = FixSafety.UNSAFE
    summary = "An undecorated training step (GradientTape + apply_gradients) called in a loop, safe to hybridize"

    what_it_does = (
        "Flags a function that is not a tf.function — not decorated, not wrapped by `tf.function(...)` "
        "anywhere in the file, not called from traced code — whose body runs a training step: a "
        "`with tf.GradientTape()` block and an optimizer's `apply_gradients(...)`, or `minimize(...)`; when "
        "this file calls it in a loop (directly, or through a function called in a loop); and when nothing in "
        "it, or in the functions it calls that are defined in this file, would behave differently in a graph. "
        "The check is conservative: any `print`, logging, `.numpy()`/`.item()`, NumPy or other non-TensorFlow "
        "library call, `float()`/`int()`/`len()` of a possible tensor, `tf.Variable` or Keras object "
        "construction, Python side effect on outside state (list appends, attribute and global writes), "
        "list mutation inside a loop, Python `if`/`while`/`and`/`or` on a value computed in the function, "
        "`try`, f-string, generator, or `tf.executing_eagerly()` check keeps it silent, and so does a call "
        "site passing a Python number (each value would retrace: HYB004) or a fresh Python object (HYB020). "
        "Not flagged: Keras `train_step`/`call` overrides (Keras traces them), methods of classes with bases "
        "from elsewhere, functions with other decorators, functions passed as values (e.g. to "
        "`strategy.run`: decorate the caller instead), loops over fewer than "
        f"{SMALL_LOOP} literal items, and test files."
    )
    why_bad = (
        "An undecorated training step runs eagerly: on every batch Python re-executes its body and "
        "dispatches each operation one by one, including the gradient computation. Decorated with "
        "`@tf.function`, it is traced once and then runs as a graph, which TensorFlow can optimise; the TF "
        "graphs guide recommends putting as much computation as possible, such as a whole training step, under "
        "one tf.function. Adding tf.function is the most common fix in the MSR'22 study's labelled "
        "tf.function commits: 57 of 159 fixes are *Use tf.function*, 50 of them in the *Performance* "
        "category with the cause *use of eager mode*. Hybridize automates this refactoring (its P1 "
        "precondition: tensor parameters, no Python side effects, no eager-only calls, not recursive). "
        "Because functions defined in other modules cannot be checked from here, this is a hint."
    )
    use_instead = "Decorate the step with `@tf.function` (and debug with `tf.config.run_functions_eagerly(True)`)."
    fix_safety_doc = (
        "Unsafe: adds `@tf.function` directly above the `def` line (below any `@staticmethod`), with the "
        "module's TensorFlow alias, or `import tensorflow as tf` added after the last top-level import when "
        "the module has no alias and `tf` is unbound. Graph execution changes behaviour wherever the function, "
        "or code it calls in other modules, relies on Python side effects or eager-only APIs, which this "
        "file-local analysis cannot rule out (Hybridize needs a whole-program points-to analysis for that). "
        "Run the training once with the decorator and compare."
    )
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://www.tensorflow.org/guide/intro_to_graphs",
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "opt = tf.keras.optimizers.Adam()\n\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n",
            flagged=[("train_step", 0)],
            fixed="import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "opt = tf.keras.optimizers.Adam()\n\n"
            "@tf.function\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n",
            name="bad-train-step",
        ),
        Bad(
            "import numpy as np\n"
            "from tensorflow import GradientTape, keras, reduce_mean, square\n\n"
            "model = keras.Sequential([keras.layers.Dense(1)])\n"
            "optimizer = keras.optimizers.SGD(0.01)\n"
            "def update(x, y):\n"
            "    with GradientTape() as tape:\n"
            "        loss = reduce_mean(square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "def train_epoch(batches):\n"
            "    for x, y in batches:\n"
            "        update(x, y)\n",
            flagged=[("update", 0)],
            fixed="import numpy as np\n"
            "from tensorflow import GradientTape, keras, reduce_mean, square\n"
            "import tensorflow as tf\n\n"
            "model = keras.Sequential([keras.layers.Dense(1)])\n"
            "optimizer = keras.optimizers.SGD(0.01)\n"
            "@tf.function\n"
            "def update(x, y):\n"
            "    with GradientTape() as tape:\n"
            "        loss = reduce_mean(square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "def train_epoch(batches):\n"
            "    for x, y in batches:\n"
            "        update(x, y)\n",
            note="no `tf` alias in the module: the fix adds the import",
            name="no-tf-alias-module-fix",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self, model, optimizer):\n"
            "        self.model = model\n"
            "        self.optimizer = optimizer\n\n"
            "    @staticmethod\n"
            "    def _loss(model, x, y):\n"
            "        return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, model(x)))\n\n"
            "    def _step(self, x, y):\n"
            "        variables = self.model.trainable_variables\n"
            "        self.optimizer.minimize(lambda: self._loss(self.model, x, y), variables)\n\n"
            "    def fit(self, dataset, epochs):\n"
            "        for _ in range(epochs):\n"
            "            for x, y in dataset:\n"
            "                self._step(x, y)\n",
            flagged=[("_step", 0)],
            fixed="import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self, model, optimizer):\n"
            "        self.model = model\n"
            "        self.optimizer = optimizer\n\n"
            "    @staticmethod\n"
            "    def _loss(model, x, y):\n"
            "        return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, model(x)))\n\n"
            "    @tf.function\n"
            "    def _step(self, x, y):\n"
            "        variables = self.model.trainable_variables\n"
            "        self.optimizer.minimize(lambda: self._loss(self.model, x, y), variables)\n\n"
            "    def fit(self, dataset, epochs):\n"
            "        for _ in range(epochs):\n"
            "            for x, y in dataset:\n"
            "                self._step(x, y)\n",
            note="a method using `minimize`",
            name="method-using-minimize",
        ),
        Good(
            "import logging\n"
            "\n"
            "import tensorflow as tf\n"
            "\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "opt = tf.keras.optimizers.Adam()\n"
            "out = logging.getLogger(__name__)\n"
            "\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            '    out.info("loss %s", loss)\n'
            "    return loss\n"
            "\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n",
            note="a logger bound to any name (`out = logging.getLogger(...)`) writes a record on every eager "
            "call; as a tf.function it would write once per trace",
            name="step-logs-through-a-logger",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "def step_fn(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "compiled_step = tf.function(step_fn)\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n"
            "    compiled_step(x, y)\n",
            note="already decorated, or wrapped elsewhere in the file",
            name="already-decorated-wrapped-elsewhere-file",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Model(tf.keras.Model):\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = self.compiled_loss(y, self(x, training=True))\n"
            "        grads = tape.gradient(loss, self.trainable_variables)\n"
            "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
            "        return {\"loss\": loss}\n",
            note="a Keras train_step override: Keras traces it itself",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "history = []\n\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    history.append(loss.numpy())\n"
            "    print(\"loss\", float(loss))\n\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n",
            note="eager-only code: `.numpy()`, `print`, a global list append",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def train_step(x, y, epoch):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y)) * (0.9 ** epoch)\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "for epoch in range(10):\n"
            "    for x, y in dataset:\n"
            "        train_step(x, y, epoch)\n",
            note="a Python number argument would retrace per epoch once decorated (HYB004)",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def ascent_step(extractor, image_var, channel, optimizer):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(extractor(image_var[0])[..., channel])\n"
            "    grads = tape.gradient(loss, image_var)\n"
            "    optimizer.apply_gradients(zip(grads, image_var))\n"
            "    return loss\n\n"
            "def visualize(extractor, image, optimizer, channels=[0, 1, 2]):\n"
            "    for channel in channels:\n"
            "        for _ in range(30):\n"
            "            image_var = [tf.Variable(image)]\n"
            "            ascent_step(extractor, image_var, channel, optimizer)\n",
            note="a new tf.Variable and a Python int per call: once decorated, variables would be created after "
            "the first trace, and each channel would retrace",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    if loss > 10.0:\n"
            "        return loss\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n\n"
            "def distributed_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n"
            "    strategy.run(distributed_step, args=(x, y))\n",
            note="a Python `if` on a tensor; a step passed to strategy.run (decorate the caller instead)",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "train_step(x_all, y_all)\n"
            "for split in (\"a\", \"b\"):\n"
            "    train_step(x_all, y_all)\n",
            note="runs once, or in a loop over two literal items: a trace would not pay off",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def train_step(x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
            "for x, y in dataset:\n"
            "    train_step(x, y)\n",
            path="tests/test_training.py",
            note="test files",
        ),
        Bad(
            _TRAIN_WITH_HELPER,
            flagged=[("train_step", 0)],
            fixed=_TRAIN_WITH_HELPER.replace("def train_step", "@tf.function\ndef train_step"),
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/metrics.py", "import tensorflow as tf\n\n\ndef record(loss):\n    tf.summary.scalar(\"loss\", loss)\n"),
            ),
            note="the helper in another module has no graph hazard (the project index says so)",
        ),
        Good(
            _TRAIN_WITH_HELPER,
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/metrics.py", "history = []\n\n\ndef record(loss):\n    history.append(loss)\n"),
            ),
            note="the helper in another module appends to a Python list: tracing would run it once",
        ),
        Bad(
            "import tensorflow as tf\n\n\nclass Trainer:\n    def __init__(self, model, opt):\n        self.model = model\n        self.opt = opt\n\n    def train_step(self, x, y):\n        with tf.GradientTape() as tape:\n            loss = tf.reduce_mean(tf.square(self.model(x) - y))\n        grads = tape.gradient(loss, self.model.trainable_variables)\n        self.opt.apply_gradients(zip(grads, self.model.trainable_variables))\n        return loss\n\n\ndef main(model, opt, dataset):\n    trainer = Trainer(model, opt)\n    for x, y in dataset:\n        trainer.train_step(x, y)\n",
            flagged=[("train_step", 0)],
            fixed="import tensorflow as tf\n\n\nclass Trainer:\n    def __init__(self, model, opt):\n        self.model = model\n        self.opt = opt\n\n    @tf.function\n    def train_step(self, x, y):\n        with tf.GradientTape() as tape:\n            loss = tf.reduce_mean(tf.square(self.model(x) - y))\n        grads = tape.gradient(loss, self.model.trainable_variables)\n        self.opt.apply_gradients(zip(grads, self.model.trainable_variables))\n        return loss\n\n\ndef main(model, opt, dataset):\n    trainer = Trainer(model, opt)\n    for x, y in dataset:\n        trainer.train_step(x, y)\n",
            note="a plain class's `train_step`, called through `trainer = Trainer(...)` in the training loop",
            name="plain-class-train-step-called",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def train_step(model, opt, x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n",
            flagged=["train_step"],
            fixed="import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def train_step(model, opt, x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n",
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "from pkg.steps import train_step\n\n\n"
                    "def main(model, opt, dataset):\n"
                    "    for epoch in range(10):\n"
                    "        for x, y in dataset:\n"
                    "            train_step(model, opt, x, y)\n",
                ),
            ),
            preview=True,
            note="the training loop is in another module (its arguments there are not checked: preview)",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def train_step(model, opt, x, y):\n"
            "    with tf.GradientTape() as tape:\n"
            "        loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    grads = tape.gradient(loss, model.trainable_variables)\n"
            "    opt.apply_gradients(zip(grads, model.trainable_variables))\n"
            "    return loss\n",
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "from pkg.steps import train_step\n\n\n"
                    "def main(model, opt, x, y):\n"
                    "    return train_step(model, opt, x, y)\n",
                ),
            ),
            note="another module calls it once, not in a loop",
        ),
    )

    # Real TensorFlow (tests/oracle): the step's own Python body runs on every call; once decorated it is
    # traced (AutoGraph runs a converted copy), so the original body never runs, and the weights after
    # training are the same.
    oracle = Oracle(
        symptom=Counted("len(body_runs)", 5, "runs of the step's Python body over 5 steps"),
        runs={
            "bad-train-step": Run(_ORACLE_STOP + "outputs = [v.numpy() for v in model.trainable_variables]",
                   setup=_ORACLE_SETUP + _ORACLE_DATA),
            "no-tf-alias-module-fix": Run(
                "train_epoch(dataset)\n" + _ORACLE_STOP + "outputs = [v.numpy() for v in model.trainable_variables]",
                setup=_ORACLE_SETUP + _ORACLE_DATA,
            ),
            "method-using-minimize": Run(
                "model = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n"
                "model.build((None, 3))\n"
                "Trainer(model, SGD(0.1)).fit(dataset, 1)\n" + _ORACLE_STOP
                + "outputs = [v.numpy() for v in model.trainable_variables]",
                setup=_ORACLE_SETUP + _ORACLE_DATA.replace("tf.ones([4, 1])", "tf.constant([0, 1, 2, 1])")
                + _ORACLE_SGD,
            ),
            "already-decorated-wrapped-elsewhere-file": Run(
                _ORACLE_STOP + "outputs = [v.numpy() for v in model.trainable_variables]",
                setup=_ORACLE_SETUP
                + _ORACLE_DATA
                + "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                "model.build((None, 3))\n"
                "opt = tf.keras.optimizers.SGD(0.1)\n",
            ),
            "plain-class-train-step-called": Run(
                "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                "model.build((None, 3))\n"
                "main(model, tf.keras.optimizers.SGD(0.1), dataset)\n" + _ORACLE_STOP
                + "outputs = [v.numpy() for v in model.trainable_variables]",
                setup=_ORACLE_SETUP + _ORACLE_DATA,
            ),
        },
        note="The driver counts calls of the step's original Python code (by name) with `sys.setprofile`. "
        "Keras 3 optimizers have no `minimize`, so `method-using-minimize` gets a small optimizer object that has one.",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)
        self._tensors: Optional[TensorAnalysis] = None

    @classmethod
    def summarize_function(cls, ctx, info: FunctionInfo) -> Optional[object]:
        """For callers in other modules: the first graph hazard of the function, "" when it has none."""
        rule = getattr(ctx, "_hyb001_rule", None)
        if rule is None:
            rule = ctx._hyb001_rule = cls(ctx)
        return rule._hazard(info, set(), 0) or ""

    @property
    def tensors(self) -> TensorAnalysis:
        if self._tensors is None:
            self._tensors = tensors_for(self.ctx.facts)
        return self._tensors

    def finish(self) -> None:
        ctx = self.ctx
        if ctx.is_test_file:
            return
        wrapped_names = self._names_given_to_tf_function()
        referenced: Optional[Set[str]] = None
        for info in ctx.facts.functions:
            if not self._candidate(info) or info.name in wrapped_names:
                continue
            update = self._training_step(info)
            if update is None:
                continue
            why = self.an.repetition(info)
            if why is None:
                continue
            # called in a loop of another module: its loop and arguments there are not seen here
            elsewhere = self.an.loop_call_elsewhere(info) if why[1] is None else None
            if elsewhere is None and (why[1] is None or not self._repeats_enough(why[1].loops)):
                continue
            if referenced is None:
                referenced = self._names_used_as_values()
            if info.name in referenced:
                continue
            if self._hazard(info, set(), 0) is not None or self._call_site_hazard(info) is not None:
                continue
            reason, site = why
            if site is not None:
                repeats = Related(ctx.span(site.node), "the call that repeats")
            else:
                repeats = Related(elsewhere.place.span, "the call that repeats", path=elsewhere.place.path)
            related = [repeats, Related(ctx.span(update), "the optimizer update")]
            checked = "" if site is not None else " (the arguments of the call elsewhere are not checked)"
            self.report(
                definition_span(info, ctx.source),
                f"`{info.name}` runs eagerly on every call ({reason}): Python re-runs its body and dispatches "
                "each operation one at a time. It is a training step (GradientTape and an optimizer update) "
                f"with none of the graph hazards hybridlint checks for{checked}, so `@tf.function` would trace it once "
                "and run a graph afterwards. Adding tf.function is the most common fix in the MSR'22 study's "
                "labelled tf.function commits (57 of 159, mostly for performance).",
                fix=lambda info=info: self._fix(info),
                related=related,
                preview=site is None,
            )

    # -- which functions ---------------------------------------------------------------------------

    def _candidate(self, info: FunctionInfo) -> bool:
        node = info.node
        if not isinstance(node, ast.FunctionDef):
            return False
        if info.graph is not None or info.decorator is not None or info.wrappers or info.py_function_target:
            return False
        for dec in node.decorator_list:
            if not (isinstance(dec, ast.Name) and dec.id in PLAIN_DECORATORS):
                return False
        if info.cls is not None:
            if info.cls.is_keras or info.cls.keras_weak:
                return False  # Keras traces `train_step`/`call`; a plain class's `train_step` is the user's own
            if not self._plain_class(info.cls.node, 0):
                return False
        return not any(site.is_reference for site in info.callers)

    def _plain_class(self, node: ast.ClassDef, depth: int) -> bool:
        """No base from another module (it may be a Keras model, or wrap methods itself)."""
        if depth > 4 or node.keywords:
            return False
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id == "object":
                continue
            if isinstance(base, ast.Name):
                local = self.ctx.facts.module_classes.get(base.id)
                if local is not None and not local.is_keras and self._plain_class(local.node, depth + 1):
                    continue
            return False
        return True

    def _names_given_to_tf_function(self) -> Set[str]:
        """Names wrapped by a `tf.function(...)` call, resolved or not (`tf.function(trainer.step)`)."""
        names: Set[str] = set()
        for use in self.ctx.facts.tf_uses:
            call = use.node
            if not isinstance(call, ast.Call):
                continue
            target = call.args[0] if call.args else use.keywords.get("func")
            parts = dotted_parts(target) if target is not None else None
            if parts:
                names.add(parts[-1])
        return names

    def _names_used_as_values(self) -> Set[str]:
        """Function names mentioned other than as the callee of a call (passed, stored, returned)."""
        an = self.an
        found: Set[str] = set()
        for node in ast.walk(self.ctx.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                name = node.id
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                name = node.attr
            else:
                continue
            parent = an.parent(node)
            if isinstance(parent, ast.Call) and parent.func is node:
                continue
            if isinstance(parent, ast.Attribute) and parent.value is node:
                continue  # `trainer.step(...)` reads `trainer`, not a function
            found.add(name)
        return found

    def _training_step(self, info: FunctionInfo) -> Optional[ast.Call]:
        """The optimizer update of a GradientTape step (or a `minimize` call), when the body has one."""
        tape_calls, update, minimize = self._step_parts(info.node)
        if update is not None:
            facts = self.ctx.facts
            if any(facts.qualname(call.func, info) in TAPES for call in tape_calls):
                return update
        return minimize

    _STEP_PARTS_ATTRIBUTE = "_hybridlint_hyb001_step_parts"

    def _step_parts(self, node: ast.AST) -> Tuple[List[ast.Call], Optional[ast.Call], Optional[ast.Call]]:
        """The calls in `with` items, the first `….apply_gradients(…)` and the first `….minimize(…)`
        with two or more arguments, in a function's own body. Syntax only, so it is kept on the
        function node: the language server hands unchanged statements to the next version of the
        text, and this rule asks about every plain function of the module on every check."""
        found = getattr(node, self._STEP_PARTS_ATTRIBUTE, None)
        if found is None:
            tape_calls: List[ast.Call] = []
            update: Optional[ast.Call] = None
            minimize: Optional[ast.Call] = None
            for child in self.an.scope_walk(node):
                if isinstance(child, ast.withitem):
                    if isinstance(child.context_expr, ast.Call):
                        tape_calls.append(child.context_expr)
                elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                    if child.func.attr == "apply_gradients" and update is None:
                        update = child
                    elif child.func.attr == "minimize" and minimize is None:
                        if len(child.args) + len(child.keywords) >= 2:
                            minimize = child
            found = (tape_calls, update, minimize)
            setattr(node, self._STEP_PARTS_ATTRIBUTE, found)
        return found

    def _repeats_enough(self, loops: Tuple[ast.AST, ...]) -> bool:
        if not loops:
            return False
        for loop in loops:
            if not isinstance(loop, (ast.For, ast.AsyncFor)):
                return True
            iterable = loop.iter
            if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)) and len(iterable.elts) < SMALL_LOOP:
                continue
            if (
                isinstance(iterable, ast.Call)
                and isinstance(iterable.func, ast.Name)
                and iterable.func.id == "range"
                and len(iterable.args) == 1
                and isinstance(iterable.args[0], ast.Constant)
                and isinstance(iterable.args[0].value, int)
                and iterable.args[0].value < SMALL_LOOP
            ):
                continue
            return True
        return False

    # -- what would behave differently in a graph --------------------------------------------------

    def _hazard(self, info: FunctionInfo, seen: Set[int], depth: int) -> Optional[str]:
        """The first thing in `info` (or what it calls in this file) that a graph would change."""
        if id(info.node) in seen:
            return "recursion"
        seen.add(id(info.node))
        an = self.an
        for effect in effects_for(self.ctx.facts).transitive(info):
            if not effect.eager:
                return effect.describe()
        nodes = list(an.scope_walk(info.node)) if not isinstance(info.node, ast.Lambda) else list(
            ast.walk(info.node.body)
        )
        for node in nodes:
            found = self._node_hazard(node, info, seen, depth)
            if found is not None:
                return found
        for nested in self.ctx.facts.functions:
            if nested.parent is info:
                found = self._hazard(nested, seen, depth + 1)
                if found is not None:
                    return found
        return None

    def _node_hazard(self, node: ast.AST, info: FunctionInfo, seen: Set[int], depth: int) -> Optional[str]:
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await)):
            return "a generator or coroutine"
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return "global or nonlocal state"
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            return "try/except (graph errors surface later, at run time)"
        if isinstance(node, ast.While):
            return "a while loop"
        if isinstance(node, ast.ClassDef):
            return "a class definition"
        if isinstance(node, (ast.JoinedStr, ast.FormattedValue)):
            return "string formatting"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
            return "string formatting"
        if isinstance(node, (ast.If, ast.IfExp, ast.Assert)):
            if not self._python_test(node.test, info):
                return "a Python condition on a computed value"
        if isinstance(node, ast.BoolOp) and not self._python_test(node, info):
            return "`and`/`or` on a computed value"
        if isinstance(node, (ast.For, ast.AsyncFor)) and not self._python_iterable(node.iter, info, 0):
            return "a loop over a value that may be a tensor or dataset"
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                qual = self._call_name(item.context_expr, info)
                if qual is None or not qual.startswith(TF + "."):
                    return "a context manager that is not TensorFlow's"
        if isinstance(node, ast.Call):
            return self._call_hazard(node, info, seen, depth)
        return None

    def _call_name(self, expr: ast.expr, info: FunctionInfo) -> Optional[str]:
        return self.ctx.facts.qualname(expr.func, info) if isinstance(expr, ast.Call) else None

    def _call_hazard(self, call: ast.Call, info: FunctionInfo, seen: Set[int], depth: int) -> Optional[str]:
        facts, an = self.ctx.facts, self.an
        func = call.func
        if isinstance(func, ast.Name) and func.id in BUILTIN_NAMES and an.is_builtin(func.id, info):
            name = func.id
            if name in SAFE_BUILTINS:
                return None
            if name in CONVERTING_BUILTINS:
                for arg in call.args:
                    if literal_number(arg) is None and self.tensors.infer(arg, info).kind not in PYTHON_VALUE_KINDS:
                        return f"`{name}()` of a value that may be a tensor"
                return None
            return f"the builtin `{name}`"
        qual = facts.qualname(func, info)
        if qual is not None:
            if qual == TF or qual.startswith(TF + "."):
                if qual in CREATES_VARIABLE or ".Generator" in qual:
                    return "creates a tf.Variable"
                if builds_keras_object(qual):
                    return "constructs a Keras object"
                if qual in EAGER_ONLY_TF:
                    return f"`{qual}`"
                return None
            if qual.startswith(GRAPH_SAFE_PREFIXES):
                return None
            external = facts.link.function(qual) if facts.link is not None else None
            if external is not None and isinstance(external.notes.get(self.code), str):
                hazard = external.notes[self.code]
                return f"`{external.shown_name}` ({external.place.path}): {hazard}" if hazard else None
            return f"a call of `{qual}`, which runs only while tracing"
        if isinstance(func, ast.Lambda):
            return None
        callee, use = facts.resolve_callable(func, info, facts.enclosing_class(info))
        if callee is not None:
            if callee.graph is not None or use is not None:
                return None
            if callee is info:
                return "recursion"
            if depth >= _MAX_DEPTH:
                return "a call chain too deep to check"
            return self._hazard(callee, seen, depth + 1)
        if isinstance(func, ast.Name):
            if func.id in facts.module_classes and facts.imports.get(func.id, "") is None:
                return f"constructs `{func.id}`"
            return None
        if isinstance(func, ast.Attribute):
            attr = func.attr
            if attr in EAGER_ONLY_METHODS:
                return f"`.{attr}()`"
            parts = dotted_parts(func.value)
            if attr in LOG_LEVEL_METHODS and (
                (parts is not None and "log" in parts[-1].lower())
                or effects_for(self.ctx.facts).is_logger(func.value, info)  # `self._out = getLogger(...)`
            ):
                return "logging"
            if attr in MUTATING_METHODS and an.loops_around(call, info):
                return f"`.{attr}()` inside a loop"
            if parts is not None and parts[0] in ("self", "cls") and len(parts) == 1:
                return None  # an unresolved method of this object (e.g. inherited from Keras)
        return None

    def _python_test(self, test: ast.expr, info: FunctionInfo) -> bool:
        """A condition that is a Python value while tracing: parameters that are not tensors, attributes,
        constants and simple builtins; never a value computed in the function."""
        params = parameter_names(info)
        an = self.an
        for node in ast.walk(test):
            if isinstance(node, ast.Call):
                func = node.func
                if not (
                    isinstance(func, ast.Name)
                    and func.id in ("isinstance", "hasattr", "callable")
                    and an.is_builtin(func.id, info)
                ):
                    return False
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if node.id in params:
                    if self.tensors.parameter(info, node.id).is_tensor:
                        return False
                elif an.is_local_name(node.id, info):
                    return False
        return True

    def _python_iterable(self, expr: ast.expr, info: FunctionInfo, depth: int) -> bool:
        """An iterable that stays a Python loop while tracing (over a list of tensors is fine)."""
        an = self.an
        if depth > 3:
            return False
        if isinstance(expr, (ast.List, ast.Tuple, ast.Attribute, ast.Constant)):
            return True
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and an.is_builtin(expr.func.id, info):
            if expr.func.id in ("zip", "enumerate", "range", "reversed", "list", "tuple", "sorted"):
                return all(self._python_iterable(a, info, depth + 1) or literal_number(a) is not None for a in expr.args)
            if expr.func.id == "len":
                return True
            return False
        if isinstance(expr, ast.Name):
            if expr.id in parameter_names(info):
                return self.tensors.parameter(info, expr.id).kind is Kind.PY_CONTAINER
            values = an.assignments(info).get(expr.id, [])
            return len(values) == 1 and values[0] is not None and self._python_iterable(values[0], info, depth + 1)
        return False

    def _call_site_hazard(self, info: FunctionInfo) -> Optional[str]:
        """An argument that would retrace the decorated function on every call, or make it create
        variables after its first trace."""
        an = self.an
        for site in info.callers:
            if site.is_reference or an.traced(site.caller):
                continue
            bound = an.bound_call(site.node, info)
            for _, arg in an.map_arguments(site.node, info, bound):
                found = self._argument_hazard(arg, site.caller, site.loops, 0)
                if found is not None:
                    return found
        return None

    def _argument_hazard(
        self, arg: ast.expr, scope: Optional[FunctionInfo], loops: Tuple[ast.AST, ...], depth: int
    ) -> Optional[str]:
        facts, an = self.ctx.facts, self.an
        if depth > 3:
            return None
        if literal_number(arg) is not None:
            return "a Python number argument"
        if isinstance(arg, ast.Lambda):
            return "a lambda argument"
        if isinstance(arg, (ast.List, ast.Tuple)):
            for elt in arg.elts:
                found = self._argument_hazard(elt, scope, loops, depth + 1)
                if found is not None:
                    return found
            return None
        if isinstance(arg, ast.Call):
            qual = facts.qualname(arg.func, scope)
            if qual in PARTIALS:
                return "a partial argument"
            if qual in VARIABLE_CONSTRUCTORS:
                return "a new tf.Variable argument"
            if isinstance(arg.func, ast.Name) and arg.func.id in facts.module_classes:
                return "a new object argument"
        if isinstance(arg, ast.Name):
            if self._python_number_loop_variable(arg.id, scope, loops):
                return "a Python number loop variable"
            if scope is None or an.is_local_name(arg.id, scope):
                # a name assigned on each iteration from a hazardous value (`v = [tf.Variable(x)]`)
                for value in an.assignments(scope).get(arg.id, []):
                    if value is None or not any(loop in an.loops_around(value, scope) for loop in loops):
                        continue
                    found = self._argument_hazard(value, scope, (), depth + 1)
                    if found is not None and "Python number" not in found:
                        return found
        if self.tensors.infer(arg, scope).kind is Kind.PY_NUMBER:
            return "a Python number argument"
        return None

    def _python_number_loop_variable(self, name: str, scope: Optional[FunctionInfo], loops) -> bool:
        """`name` is the target of a loop over Python numbers: `range(...)`, the index of `enumerate`, or a
        list of number literals (directly, or a name or parameter default bound to one)."""
        for loop in loops:
            if not isinstance(loop, (ast.For, ast.AsyncFor)):
                continue
            target, iterable = loop.target, loop.iter
            if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name):
                func = iterable.func.id
                if func == "range" and isinstance(target, ast.Name) and target.id == name:
                    return True
                if (
                    func == "enumerate"
                    and isinstance(target, ast.Tuple)
                    and target.elts
                    and isinstance(target.elts[0], ast.Name)
                    and target.elts[0].id == name
                ):
                    return True
            if isinstance(target, ast.Name) and target.id == name and self._number_list(iterable, scope):
                return True
        return False

    def _number_list(self, expr: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        if isinstance(expr, (ast.List, ast.Tuple)):
            return bool(expr.elts) and all(literal_number(e) is not None for e in expr.elts)
        if isinstance(expr, ast.Name) and scope is not None and isinstance(scope.node, ast.FunctionDef):
            args = scope.node.args
            positional = args.posonlyargs + args.args
            defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
            defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
            if expr.id in defaults:
                return self._number_list(defaults[expr.id], None)
        return False

    # -- the fix ---------------------------------------------------------------------------------

    def _fix(self, info: FunctionInfo) -> Optional[Fix]:
        source = self.ctx.source
        node = info.node
        line = node.lineno
        text = source.line_text(line)
        col = source.col_from_utf8(line, node.col_offset)
        indent = text[:col]
        if indent.strip():
            return None
        decorator = self._decorator_name(info)
        if decorator is None:
            return None
        name, needs_import = decorator
        newline = source.line_ending()
        point = Span(line, 0, line, 0)
        decorator_text = f"{indent}@{name}{newline}"
        edits: List[Edit] = []
        if needs_import:
            where = self._import_point(info)
            if where is None:
                return None
            span, import_text = where
            if span == point:
                decorator_text = import_text + decorator_text
            else:
                edits.append(Edit(span, import_text))
        edits.append(Edit(point, decorator_text))
        return Fix(f"Add @{name}", tuple(edits), FixSafety.UNSAFE)

    def _decorator_name(self, info: FunctionInfo) -> Optional[Tuple[str, bool]]:
        """The spelling of tf.function where the decorator is evaluated, and whether an import is needed."""
        facts = self.ctx.facts
        scope = info.parent
        module_name = tf_module_name(facts, scope)
        if module_name is not None:
            return f"{module_name}.function", False
        for candidate, qual in facts.imports.items():
            if qual == "tensorflow.function" and facts.qualname(ast.Name(id=candidate, ctx=ast.Load()), scope) == qual:
                return candidate, False
        if self._bound_anywhere("tf", info):
            return None
        return "tf.function", True

    def _bound_anywhere(self, name: str, info: FunctionInfo) -> bool:
        facts = self.ctx.facts
        if name in facts.imports or name in self.an.assignments(None):
            return True
        scope = info.parent
        while scope is not None:
            if name in scope.locals:
                return True
            scope = scope.parent
        cls = info.cls
        return cls is not None and any(
            isinstance(t, ast.Name) and t.id == name
            for stmt in cls.node.body
            if isinstance(stmt, ast.Assign)
            for t in stmt.targets
        )

    def _import_point(self, info: FunctionInfo) -> Optional[Tuple[Span, str]]:
        """Where `import tensorflow as tf` goes: after the last top-level import, and before the
        top-level statement that holds the function (the decorator runs when it does)."""
        source, tree = self.ctx.source, self.ctx.tree
        newline = source.line_ending()
        text = "import tensorflow as tf" + newline
        holder = next(
            (s for s in tree.body if s.lineno <= info.node.lineno <= (s.end_lineno or s.lineno)), None
        )
        if holder is None:
            return None
        holder_line = min([holder.lineno] + [d.lineno for d in getattr(holder, "decorator_list", [])])
        edit = add_import(source, tree, "import tensorflow as tf", before=holder)
        if edit is not None:
            return edit.span, edit.text
        first = tree.body[0]
        if (
            first is not holder
            and isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            after = (first.end_lineno or first.lineno) + 1
            return Span(after, 0, after, 0), text
        return Span(holder_line, 0, holder_line, 0), text
