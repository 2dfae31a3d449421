"""HYB017 keras-run-eagerly."""

from __future__ import annotations

import ast
import re
from typing import Optional

from hybridlint.analysis import eager_only_steps, is_true
from hybridlint.constructors import KERAS_LOOP_METHODS
from hybridlint.edits import on_own_lines, remove_argument, whole_lines
from hybridlint.facts import KERAS_TRACED_METHODS, ClassInfo, FunctionInfo, is_main_guard
from hybridlint.hybridize import hybridize_for
from hybridlint.oracle import Counted, Oracle, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity
from hybridlint.source import Edit

# An `if` whose test mentions one of these words is a debugging switch (`if args.debug:`,
# `if FLAGS.run_eagerly:`); code under it is meant to run eagerly.
_DEBUG_WORDS = re.compile(r"debug|dbg|eager|verbose|profil", re.IGNORECASE)


# Comments that are tool directives, not reasons.
_DIRECTIVE = re.compile(r"(noqa|type:|pylint:|pragma|fmt:|isort:|pyright:|mypy:|hybridlint:)", re.IGNORECASE)


# Words of a comment that gives a reason (`# eager: the loss calls scipy`, `# needed because ...`), unlike
# one that only names the step (`# Compile the model`).
_REASON = re.compile(
    r"eager|because|since|due to|need|requir|can'?not|can't|won'?t|workaround|debug|numpy|py_?func|otherwise|"
    r"fails?\b|bug|issue|https?://|so that",
    re.IGNORECASE,
)


def _mentions_debug_word(expr: ast.expr) -> bool:
    for node in ast.walk(expr):
        if isinstance(node, ast.Name) and _DEBUG_WORDS.search(node.id):
            return True
        if isinstance(node, ast.Attribute) and _DEBUG_WORDS.search(node.attr):
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _DEBUG_WORDS.search(node.value):
            return True
    return False


# Records, for each run of the model's first layer during `fit`, whether it ran eagerly.
_ORACLE_SPY = (
    "modes = []\n"
    "layer = model.layers[0]\n"
    "original_call = layer.call\n\n"
    "def spy(*args, **kwargs):\n"
    "    modes.append(tf.executing_eagerly())\n"
    "    return original_call(*args, **kwargs)\n\n"
    "layer.call = spy\n"
)
_ORACLE_DATA = "data = tf.data.Dataset.from_tensor_slices((tf.ones([8, 2]), tf.ones([8, 1]))).batch(4)\n"
_ORACLE_MODEL = "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
_ORACLE_WEIGHTS = "outputs = [w.numpy() for w in model.weights]\n"


def _takes_two_arguments(info: FunctionInfo) -> bool:
    """The function needs exactly two positional arguments (after `self` of a method), as Keras calls a
    loss or metric function (`fn(y_true, y_pred)`)."""
    node = info.node
    if isinstance(node, ast.Lambda):
        return False
    params = node.args.posonlyargs + node.args.args
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if info.cls is not None and not static and params:
        params = params[1:]
    # a keyword-only argument without a default would make `fn(y_true, y_pred)` fail
    return len(params) - len(node.args.defaults) == 2 and all(d is not None for d in node.args.kw_defaults)


def _declared_dynamic(facts, cls: ClassInfo) -> bool:
    """The class's `__init__` (its own or one it inherits in this file) hands `dynamic=True` to its base's
    (`super().__init__(dynamic=True)`): Keras refuses to trace such a model, so it must run eagerly."""
    init = facts.method_of(cls, "__init__")
    if init is None or isinstance(init.node, ast.Lambda):
        return False
    for node in ast.walk(init.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "super"
            and any(k.arg == "dynamic" and is_true(k.value) for k in node.keywords)
        ):
            return True
    return False


class KerasRunEagerly(Rule):
    code = "HYB017"
    name = "keras-run-eagerly"
    severity = Severity.WARNING
    preview = True
    fix_safety = FixSafety.UNSAFE
    summary = "`run_eagerly=True` turns off Keras's tf.function compilation of the train, test and predict steps"

    what_it_does = (
        "Flags `run_eagerly=True` passed to `.compile(...)` and `<model>.run_eagerly = True`, unless the code "
        "sits under an `if` on a debugging switch (a test naming `debug`, `eager`, `verbose`, …) or in a "
        "function or module whose name says it is for debugging or for eager runs (`benchmark_fit_run_eagerly`, beside its "
        "graph twin; `training_eager_test.py`), or a comment on the statement or in the comment block just above it gives a "
        "reason (it mentions eager execution, a need, a bug, NumPy, ...), or the model is made with `dynamic=True` "
        "or of a class in this file (one defined in the test function included) that hands `dynamic=True` to "
        "`Model.__init__` (Keras refuses to trace it), or the code switches `trainable` on the model (or on a model "
        "inside it) after the flag is set, as a GAN does between `train_on_batch` calls (a traced step keeps the "
        "trainable weights it was traced with), or of a class in this file "
        "whose own `train_step`/`test_step`/`predict_step`/`call` (or what it calls in this file) holds code that "
        "fails when traced, as Hybridize judges a conversion (an eager-only call such as `.numpy()` or `.item()`, "
        "NumPy on its inputs, a `tf.Variable` created on each call), so it cannot run traced, or a loss or metric function the model is compiled with (in this "
        "module, or through the project index in another one, a method it inherits included) fails when `fit` "
        "traces it, as Hybridize judges a conversion (`.numpy()`, NumPy on its arguments, a tensor used as a "
        "Python value, a `tf.Variable` created on each call). Nor is the flag reported where nothing runs a step of the model: the model is only a part of "
        "another model whose `fit`/`evaluate`/`predict` runs in the same function (called on its inputs, or handed to "
        "the call that builds the outer model; Keras reads `run_eagerly` of the outer model only, and traces the "
        "inner one's `call` in the outer step), or the flag is set in the `if __name__ == \"__main__\":` demo of a "
        "library module (one that defines classes of its own, such as layers) that only predicts with the model, once. "
        "Test files are checked too: a test that runs the model "
        "eagerly does not test the graph code users run, and the message there says that (not the slowdown, "
        "which a few test batches hardly show)."
    )
    why_bad = (
        "Keras wraps `train_step`, `test_step` and `predict_step` in `tf.function`; `run_eagerly=True` makes "
        "every batch run as eager Python instead, which is typically several times slower. The Keras `compile` "
        "docstring recommends leaving it unset unless the model cannot run inside a tf.function. In the "
        "study's 159 labelled tf.function fix commits, 57 are performance fixes that *add* graph execution "
        "(cause: \"use of eager mode\"), and the 4 debuggability fixes show eager execution being switched "
        "on to debug; a debugging switch left on in committed code is the same slowdown. If the model really "
        "needs eager execution (for example `.numpy()` inside `call`, see HYB009/HYB010), keep the flag and "
        "suppress the finding with a comment saying why."
    )
    use_instead = (
        "Leave `run_eagerly` unset, and switch eager execution on only while debugging, behind a flag "
        "(`run_eagerly=args.debug`), or with `tf.config.run_functions_eagerly(True)` in a debugging session."
    )
    fix_safety_doc = (
        "Unsafe: removing the keyword (or the assignment) re-enables graph execution, which exposes any "
        "eager-only code in the model's `call` or custom steps (`.numpy()`, Python side effects). The "
        "keyword is removed together with its comma, so the call stays valid and tidy."
    )
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/keras/Model#compile",
        "https://www.tensorflow.org/guide/function#debugging",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            'model.compile(optimizer="adam", loss="mse", run_eagerly=True)\n',
            flagged=["run_eagerly=True"],
            fixed="import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            'model.compile(optimizer="adam", loss="mse")\n',
            name="bad",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def build(model):\n"
            "    model.compile(\n"
            '        optimizer="adam",\n'
            "        run_eagerly=True,  # TODO remove\n"
            '        loss="mse",\n'
            "    )\n"
            "    return model\n",
            flagged=["run_eagerly=True"],
            fixed="import tensorflow as tf\n\n"
            "def build(model):\n"
            "    model.compile(\n"
            '        optimizer="adam",\n'
            '        loss="mse",\n'
            "    )\n"
            "    return model\n",
            note="an argument alone on its line is removed with the line",
            name="argument-alone-line-removed-with",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def train(model, data):\n"
            "    model.run_eagerly = True\n"
            "    model.fit(data)\n",
            flagged=["model.run_eagerly = True"],
            fixed="import tensorflow as tf\n\n" "def train(model, data):\n" "    model.fit(data)\n",
            name="bad-train",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def test_fit(model, data):\n"
            '    model.compile(run_eagerly=True, loss="mse")\n'
            "    model.fit(data)\n",
            flagged=["run_eagerly=True"],
            fixed="import tensorflow as tf\n\n"
            "def test_fit(model, data):\n"
            '    model.compile(loss="mse")\n'
            "    model.fit(data)\n",
            path="tests/test_model.py",
            note="tests are checked: they should exercise the graph code users run",
            name="tests-are-checked-they-should",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def test_export(model, tmp_path):\n"
            '    model.compile(run_eagerly=True, loss="mse")\n'
            "    model.save(tmp_path / \"model.keras\")\n",
            path="tests/test_model.py",
            note="a test that never runs a step of the model (it only compiles and saves it): nothing runs eagerly",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def test_graph_matches_eager(make_model, x, y):\n"
            "    reference = make_model()\n"
            '    reference.compile(loss="mse", run_eagerly=True)\n'
            "    model = make_model()\n"
            '    model.compile(loss="mse", run_eagerly=False)\n'
            "    np.testing.assert_allclose(reference.evaluate(x, y), model.evaluate(x, y))\n",
            path="tests/test_model.py",
            note="the eager run is the reference a graph run of the same test is compared against (the twentieth "
            "batch, TensorFlow's own Keras tests)",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def test_dynamic_model(DynamicModel, data):\n"
            "    model = DynamicModel(dynamic=True)\n"
            '    model.compile(loss="mse", run_eagerly=True)\n'
            "    model.fit(data)\n",
            path="tests/test_model.py",
            note="a model made with `dynamic=True` cannot be traced: `run_eagerly=True` is required",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def test_fit_subclassed():\n"
            "    class Subclassed(tf.keras.Model):\n"
            "        def __init__(self):\n"
            "            super().__init__(dynamic=True)\n"
            "            self.dense = tf.keras.layers.Dense(1, kernel_initializer=\"ones\")\n\n"
            "        def call(self, inputs):\n"
            "            return self.dense(inputs)\n\n"
            "    model = Subclassed()\n"
            "    model.compile(loss=\"mse\", run_eagerly=True)\n"
            "    model.fit(np.ones((4, 1)), np.zeros((4, 1)), verbose=0)\n",
            path="tests/test_model.py",
            note="the model's class, defined in the test, hands `dynamic=True` to `Model.__init__`: Keras refuses to "
            "trace it, so `run_eagerly=True` is required",
            name="class-declared-dynamic",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def test_fit_subclassed():\n"
            "    class Subclassed(tf.keras.Model):\n"
            "        def __init__(self):\n"
            "            super().__init__()\n"
            "            self.dense = tf.keras.layers.Dense(1, kernel_initializer=\"ones\")\n\n"
            "        def call(self, inputs):\n"
            "            return self.dense(inputs)\n\n"
            "    model = Subclassed()\n"
            "    model.compile(loss=\"mse\", run_eagerly=True)\n"
            "    model.fit(np.ones((4, 1)), np.zeros((4, 1)), verbose=0)\n",
            flagged=["run_eagerly=True"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def test_fit_subclassed():\n"
            "    class Subclassed(tf.keras.Model):\n"
            "        def __init__(self):\n"
            "            super().__init__()\n"
            "            self.dense = tf.keras.layers.Dense(1, kernel_initializer=\"ones\")\n\n"
            "        def call(self, inputs):\n"
            "            return self.dense(inputs)\n\n"
            "    model = Subclassed()\n"
            "    model.compile(loss=\"mse\")\n"
            "    model.fit(np.ones((4, 1)), np.zeros((4, 1)), verbose=0)\n",
            path="tests/test_model.py",
            note="the near miss: the same class without `dynamic=True` traces fine, so the test need not run it eagerly",
            name="class-not-declared-dynamic",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class GAN:\n"
            "    def __init__(self, discriminator):\n"
            "        self.discriminator = discriminator\n"
            "        self.discriminator.compile(loss=\"mse\", optimizer=\"sgd\")\n"
            "        self.discriminator.run_eagerly = True\n\n"
            "    def train(self, x, y):\n"
            "        self.discriminator.trainable = True\n"
            "        self.discriminator.train_on_batch(x, y)\n"
            "        self.discriminator.trainable = False\n",
            note="`trainable` is switched after compiling, between `train_on_batch` calls (a GAN): a traced step keeps "
            "the trainable weights it was traced with, an eager one follows the switch",
            name="trainable-switched-after-compile",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class GAN:\n"
            "    def __init__(self, discriminator):\n"
            "        self.discriminator = discriminator\n"
            "        self.discriminator.trainable = True\n"
            "        self.discriminator.compile(loss=\"mse\", optimizer=\"sgd\")\n"
            "        self.discriminator.run_eagerly = True\n\n"
            "    def train(self, x, y):\n"
            "        self.discriminator.train_on_batch(x, y)\n",
            flagged=["self.discriminator.run_eagerly = True"],
            fixed="import tensorflow as tf\n\n\n"
            "class GAN:\n"
            "    def __init__(self, discriminator):\n"
            "        self.discriminator = discriminator\n"
            "        self.discriminator.trainable = True\n"
            "        self.discriminator.compile(loss=\"mse\", optimizer=\"sgd\")\n\n"
            "    def train(self, x, y):\n"
            "        self.discriminator.train_on_batch(x, y)\n",
            note="the near miss: `trainable` is set once, before compiling, so a traced step sees it",
            name="trainable-set-before-compile",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def train_with_targets(model, data):\n"
            "    model.compile(loss=\"mse\")\n"
            "    model.run_eagerly = True\n"
            "    inputs = tf.keras.Input((2,))\n"
            "    outer = tf.keras.Model(inputs, model(inputs))\n"
            "    outer.compile(optimizer=\"sgd\", loss=\"mse\")\n"
            "    outer.fit(data, epochs=1, verbose=0)\n"
            "    return outer\n",
            note="the model is only a part of another model, whose `fit` runs here: Keras reads `run_eagerly` of the "
            "outer model only, and traces the inner one's `call` in the outer step, so the flag changes nothing "
            "(the twenty-third batch)",
            name="model-only-inside-another-model",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def pretrain_and_wrap(model, data):\n"
            "    model.compile(optimizer=\"sgd\", loss=\"mse\")\n"
            "    model.run_eagerly = True\n"
            "    model.fit(data, epochs=1, verbose=0)\n"
            "    inputs = tf.keras.Input((2,))\n"
            "    return tf.keras.Model(inputs, model(inputs))\n",
            flagged=["model.run_eagerly = True"],
            fixed="import tensorflow as tf\n\n\n"
            "def pretrain_and_wrap(model, data):\n"
            "    model.compile(optimizer=\"sgd\", loss=\"mse\")\n"
            "    model.fit(data, epochs=1, verbose=0)\n"
            "    inputs = tf.keras.Input((2,))\n"
            "    return tf.keras.Model(inputs, model(inputs))\n",
            note="the near miss: the model is fit itself before it becomes a part of another one",
            name="model-fit-before-wrapped",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Shrink(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        return tf.sign(inputs) * tf.nn.relu(tf.abs(inputs) - 0.5)\n\n\n"
            "if __name__ == \"__main__\":\n"
            "    inputs = tf.keras.Input((4,))\n"
            "    model = tf.keras.Model(inputs, Shrink()(inputs))\n"
            "    model.run_eagerly = True\n"
            "    print(model.predict(np.ones((1, 4))))\n",
            note="the `__main__` demo of a library module predicts once: a manual try-out of the module's layer, "
            "which the flag hardly slows (the twenty-third batch)",
            name="library-demo-predicts-once",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Shrink(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        return tf.sign(inputs) * tf.nn.relu(tf.abs(inputs) - 0.5)\n\n\n"
            "if __name__ == \"__main__\":\n"
            "    inputs = tf.keras.Input((4,))\n"
            "    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(Shrink()(inputs)))\n"
            "    model.compile(optimizer=\"sgd\", loss=\"mse\")\n"
            "    model.run_eagerly = True\n"
            "    model.fit(np.ones((64, 4)), np.zeros((64, 1)), epochs=2, verbose=0)\n",
            flagged=["model.run_eagerly = True"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Shrink(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        return tf.sign(inputs) * tf.nn.relu(tf.abs(inputs) - 0.5)\n\n\n"
            "if __name__ == \"__main__\":\n"
            "    inputs = tf.keras.Input((4,))\n"
            "    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(Shrink()(inputs)))\n"
            "    model.compile(optimizer=\"sgd\", loss=\"mse\")\n"
            "    model.fit(np.ones((64, 4)), np.zeros((64, 1)), epochs=2, verbose=0)\n",
            note="the near miss: the `__main__` block trains the model, batch after batch, all eager",
            name="main-block-trains-model",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def test_fit(model, data):\n"
            '    model.compile(run_eagerly=True, loss="mse")\n'
            "    model.fit(data)\n",
            path="tests/training_eager_test.py",
            note="the test module's name says it tests eager runs (the eager training loop): running eagerly is its "
            "point",
            name="module-named-for-eager-runs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            'model.compile(optimizer="adam", loss="mse")\n',
            name="good",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def build(model, args):\n"
            "    if args.debug:\n"
            "        model.run_eagerly = True\n"
            '    model.compile(loss="mse", run_eagerly=args.eager)\n',
            note="gated by a debugging flag, or driven by a flag value",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class FitBenchmark(tf.test.Benchmark):\n"
            "    def benchmark_fit(self, model, data):\n"
            '        model.compile(loss="mse")\n'
            "        model.fit(data)\n\n"
            "    def benchmark_fit_run_eagerly(self, model, data):\n"
            '        model.compile(loss="mse", run_eagerly=True)\n'
            "        model.fit(data)\n",
            note="the function's name says it exists to run eagerly (here beside its graph twin)",
            name="function-named-for-eager-runs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def build(model):\n"
            '    model.compile(loss="mse", run_eagerly=False)\n'
            "    model.run_eagerly = None\n",
            note="explicitly graph mode",
            name="explicitly-graph-mode",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Solver(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n\n"
            "    def call(self, x):\n"
            "        return self.dense(x)\n\n"
            "    def compile(self, optimizer=\"sgd\", loss=\"mse\"):\n"
            "        super().compile(optimizer=optimizer, loss=loss, run_eagerly=True)\n\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        loss = tf.reduce_mean(tf.square(self(x) - y))\n"
            "        return {\"loss\": loss.numpy().item()}\n",
            note="the model's own `train_step` calls `.numpy()`: it needs eager execution",
            name="steps-need-eager-execution",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Solver(tf.keras.Model):\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        loss = tf.reduce_mean(tf.square(self(x) - y))\n"
            "        return {\"loss\": loss.numpy().item()}\n\n\n"
            "model = Solver()\n"
            "model.compile(loss=\"mse\", run_eagerly=True)\n",
            note="a model of a class whose `train_step` needs eager execution",
            name="instance-steps-need-eager",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Quantiles(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n\n"
            "    def call(self, x):\n"
            "        cut = np.percentile(x, 90)\n"
            "        return self.dense(tf.minimum(x, cut))\n\n\n"
            "model = Quantiles()\n"
            "model.compile(loss=\"mse\", run_eagerly=True)\n",
            note="the model's `call` runs NumPy on its input, which fails when `fit` traces it: the model needs eager "
            "execution",
            name="call-needs-eager",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Quantiles(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n\n"
            "    def call(self, x):\n"
            "        cut = tf.reduce_max(x) * 0.9\n"
            "        return self.dense(tf.minimum(x, cut))\n\n\n"
            "model = Quantiles()\n"
            "model.compile(loss=\"mse\", run_eagerly=True)\n",
            flagged=["run_eagerly=True"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Quantiles(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n\n"
            "    def call(self, x):\n"
            "        cut = tf.reduce_max(x) * 0.9\n"
            "        return self.dense(tf.minimum(x, cut))\n\n\n"
            "model = Quantiles()\n"
            "model.compile(loss=\"mse\")\n",
            note="the near miss: the same `call` with TensorFlow ops traces fine, so eager execution is not needed",
            name="call-traces-fine",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def scaled_loss(y_true, y_pred):\n"
            "    scale = tf.reduce_max(tf.abs(y_true)).numpy()\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) / scale\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"adam\", loss=scaled_loss, run_eagerly=True)\n",
            note="the compiled loss calls `.numpy()`, which fails when `fit` traces it: the model needs eager "
            "execution",
            name="compiled-loss-needs-eager",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def scaled_loss(y_true, y_pred):\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) * 2.0\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"adam\", loss=scaled_loss, run_eagerly=True)\n",
            flagged=["run_eagerly=True"],
            fixed="import tensorflow as tf\n\n\n"
            "def scaled_loss(y_true, y_pred):\n"
            "    return tf.reduce_mean(tf.square(y_true - y_pred)) * 2.0\n\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "model.compile(optimizer=\"adam\", loss=scaled_loss)\n",
            note="a compiled loss that traces fine does not need eager execution",
            name="compiled-loss-traces-fine",
        ),
        Good(
            "from .solver import Solver\n\n\n"
            "class Trainer:\n"
            "    def __init__(self):\n"
            "        self.model = Solver()\n"
            "        self.model.compile(loss=self.model.weighted_loss, optimizer=\"adam\")\n"
            "        self.model.run_eagerly = True\n",
            path="pkg/trainer.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/losses.py",
                    "import tensorflow as tf\n\n\nclass WeightedLossModel(tf.keras.Model):\n"
                    "    def weighted_loss(self, y_true, y_pred):\n"
                    "        weights = tf.Variable(tf.ones_like(y_true), trainable=False)\n"
                    "        return tf.reduce_mean(weights * tf.square(y_true - y_pred))\n",
                ),
                (
                    "pkg/solver.py",
                    "import tensorflow as tf\n\nfrom .losses import WeightedLossModel\n\n\n"
                    "class Solver(WeightedLossModel):\n    def __init__(self):\n        super().__init__()\n"
                    "        self.dense = tf.keras.layers.Dense(1)\n\n    def call(self, x):\n        return self.dense(x)\n",
                ),
            ),
            note="the compiled loss, a method the model's class inherits from a base in another module, creates a "
            "`tf.Variable` on each call",
            name="inherited-loss-creates-variables",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "# eager: the custom metric calls scipy on `.numpy()` values\n"
            "model.compile(optimizer=\"adam\", loss=\"mse\", run_eagerly=True)\n",
            note="a comment states why the model must run eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
            "# Compile with `run_eagerly=True` so that the test can count\n"
            "# how often `train_step` is called.\n"
            "model.compile(optimizer=\"adam\", loss=\"mse\", run_eagerly=True)\n",
            note="the reason is in the comment block just above, not only on the last line",
        ),
    )

    # Real TensorFlow (tests/oracle): with `run_eagerly=True` the layers run eagerly on every batch of
    # `fit`; without it (the fix) they are traced, and training ends with the same weights.
    oracle = Oracle(
        symptom=Counted("sum(modes)", 1, "eager runs of a layer's `call` during `fit`"),
        runs={
            "bad": Run(_ORACLE_SPY + "model.fit(data, epochs=1, verbose=0)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_DATA),
            "argument-alone-line-removed-with": Run(
                _ORACLE_SPY + "build(model)\nmodel.fit(data, epochs=1, verbose=0)\n" + _ORACLE_WEIGHTS,
                setup=_ORACLE_MODEL + _ORACLE_DATA,
            ),
            "bad-train": Run(
                _ORACLE_SPY + "train(model, data)\n" + _ORACLE_WEIGHTS,
                setup=_ORACLE_MODEL + "model.compile(optimizer='sgd', loss='mse')\n" + _ORACLE_DATA,
            ),
            "class-not-declared-dynamic": Run(
                "modes = []\nlayers = []\noriginal_call = tf.keras.layers.Dense.call\n\n"
                "def spy(self, inputs, training=None):\n"
                "    modes.append(tf.executing_eagerly())\n"
                "    layers.append(self)\n"
                "    return original_call(self, inputs, training=training)\n\n"
                "tf.keras.layers.Dense.call = spy\n"
                "try:\n    test_fit_subclassed()\nfinally:\n    tf.keras.layers.Dense.call = original_call\n"
                "outputs = [w.numpy() for w in layers[-1].weights]\n"
            ),
            "trainable-set-before-compile": Run(
                _ORACLE_SPY + "GAN(model).train(tf.ones([4, 2]), tf.ones([4, 1]))\n" + _ORACLE_WEIGHTS,
                setup=_ORACLE_MODEL,
            ),
            "model-only-inside-another-model": Run(
                _ORACLE_SPY + "train_with_targets(model, data)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_MODEL + _ORACLE_DATA
            ),
            "model-fit-before-wrapped": Run(
                _ORACLE_SPY + "pretrain_and_wrap(model, data)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_MODEL + _ORACLE_DATA
            ),
            "tests-are-checked-they-should": Run(_ORACLE_SPY + "test_fit(model, data)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_MODEL + _ORACLE_DATA),
            "good": Run(_ORACLE_SPY + "model.fit(data, epochs=1, verbose=0)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_DATA),
            "call-traces-fine": Run(_ORACLE_SPY + "model.fit(data, epochs=1, verbose=0)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_DATA),
            "compiled-loss-traces-fine": Run(_ORACLE_SPY + "model.fit(data, epochs=1, verbose=0)\n" + _ORACLE_WEIGHTS, setup=_ORACLE_DATA),
            "explicitly-graph-mode": Run(
                _ORACLE_SPY + "build(model)\nmodel.fit(data, epochs=1, verbose=0)\n" + _ORACLE_WEIGHTS,
                setup=_ORACLE_MODEL + _ORACLE_DATA,
            ),
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "compile"):
            return
        for keyword in node.keywords:
            if (
                keyword.arg == "run_eagerly"
                and is_true(keyword.value)
                and not self._debug_gated()
                and not self._reason_stated(node)
                and not self._model_needs_eager(node.func.value)
                and not self._compiled_needs_eager([node])
                and not self._trainable_toggled(node.func.value, node)
                and self._test_runs(node.func.value)
                and not self._no_step_of_its_own(node.func.value)
            ):
                self.report(
                    keyword,
                    "`run_eagerly=True` stops Keras from compiling the train, test and predict steps into "
                    + self._consequence()
                    + "; leave it unset unless the model cannot run in a tf.function.",
                    fix=lambda keyword=keyword: self._remove_keyword(node, keyword),
                )

    def visit_Assign(self, node: ast.Assign) -> None:
        if not is_true(node.value):
            return
        if not any(isinstance(t, ast.Attribute) and t.attr == "run_eagerly" for t in node.targets):
            return
        if self._debug_gated() or self._reason_stated(node):
            return
        if any(
            isinstance(t, ast.Attribute)
            and (
                self._model_needs_eager(t.value)
                or self._compiled_needs_eager(self._compiles_of(t.value))
                or self._trainable_toggled(t.value, node)
                or not self._test_runs(t.value)
                or self._no_step_of_its_own(t.value)
            )
            for t in node.targets
        ):
            return
        self.report(
            node,
            "Setting `run_eagerly = True` stops Keras from running the model's train, test and predict steps "
            "as " + self._consequence() + ".",
            fix=lambda parent=self.ctx.parent: self._remove_statement(node, parent),
        )

    def _consequence(self) -> str:
        """What the flag costs: in a test, a few batches' speed hardly matters, but the test no longer
        runs the traced steps users run."""
        if self.ctx.is_test_file:
            return "tf.functions, so this test runs them as eager Python and does not exercise the traced steps that `fit`, `evaluate` and `predict` run by default"
        return "tf.functions, so every batch runs as slow eager Python"

    # -- gating --------------------------------------------------------------------------

    def _test_runs(self, model: ast.expr) -> bool:
        """Outside tests, True. In a test, whether the test runs a step of `model` where the flag is set:
        `fit`/`evaluate`/`predict` (or a `*_on_batch`) on the same object in the same function. A test that
        only compiles, saves or hands the model on runs no step eagerly, so the claim is not shown."""
        if not self.ctx.is_test_file:
            return True
        return bool(self._calls_on(model, KERAS_LOOP_METHODS)) and not self._compared_with_graph_run()

    def _no_step_of_its_own(self, model: ast.expr) -> bool:
        """Nothing the code shows runs a train, test or predict step of the model whose flag is set, so the
        flag has nothing to slow down: the model only runs inside another model, or once in a demo."""
        return self._only_inside_another_model(model) or self._one_prediction_in_demo(model)

    def _scope_root(self) -> ast.AST:
        scope = self.ctx.function
        return scope.node if scope is not None else self.ctx.tree

    def _only_inside_another_model(self, model: ast.expr) -> bool:
        """The model (a name) is never run by a Keras loop itself (`fit`, `evaluate`, `predict`, a
        `*_on_batch`) in the function (or module) that sets the flag, and is used there only as a part of
        another model that is: called on its inputs or handed to the call that builds the outer model
        (`outer = tf.keras.Model(inputs, inner(inputs))`, `outer = Wrapper(make_graph(inner))`), directly or
        through what those calls return, and `outer.fit(...)`/`.evaluate(...)`/`.predict(...)` runs there.
        Keras reads `run_eagerly` only of the model whose loop runs: the outer model's steps trace the inner
        one's `call` like any layer's (TensorFlow 2.21 with Keras 3: with the inner model's `run_eagerly =
        True`, the outer model's `fit`, `evaluate` and `predict` still run its layers only traced), so the flag
        changes nothing. A model returned, stored (`self.model = inner`), aliased or handed to any other call
        may be run elsewhere: the flag is reported then."""
        if not isinstance(model, ast.Name):
            return False
        root = self._scope_root()
        if self._calls_on(model, KERAS_LOOP_METHODS):
            return False
        parents = {}
        for node in ast.walk(root):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        handed = {model.id}
        frontier = [model.id]
        while frontier:
            name = frontier.pop()
            for node in ast.walk(root):
                if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
                    continue
                parent = parents.get(node)
                if isinstance(parent, ast.Attribute):
                    continue  # `inner.compile(...)`, `inner.summary()`, `inner.inputs` (its loops are excluded above)
                if name == model.id and (
                    isinstance(parent, (ast.Compare, ast.BoolOp))
                    or (isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not))
                    or (isinstance(parent, (ast.If, ast.While, ast.IfExp)) and parent.test is node)
                ):
                    continue  # `if not inner:`: a test runs nothing
                # climb the chain of calls it is called by or handed to, up to the name bound to the result
                child, up = node, parent
                while isinstance(up, (ast.Call, ast.keyword, ast.Starred)) and (
                    not isinstance(up, ast.Call) or child is up.func or child in up.args
                    or any(child is k for k in up.keywords)
                ):
                    child, up = up, parents.get(up)
                if (
                    child is not node
                    and isinstance(up, ast.Assign)
                    and up.value is child
                    and len(up.targets) == 1
                    and isinstance(up.targets[0], ast.Name)
                ):
                    target = up.targets[0].id
                    if target not in handed:
                        handed.add(target)
                        frontier.append(target)
                    continue
                if name == model.id:
                    return False  # returned, stored, aliased, or handed to a call whose result is not kept
        return any(self._calls_on(ast.Name(id=name, ctx=ast.Load()), KERAS_LOOP_METHODS) for name in handed - {model.id})

    def _one_prediction_in_demo(self, model: ast.expr) -> bool:
        """The flag is set in the `if __name__ == "__main__":` demo of a library module (one that defines
        classes of its own outside the block: layers, models), and the demo only predicts with the model, once
        and not in a loop: a manual try-out of the module's code, whose one prediction the flag hardly slows.
        A demo that fits or evaluates the model (a training script), or predicts in a loop, is reported."""
        ctx = self.ctx
        if ctx.function is not None or not any(isinstance(a, ast.If) and is_main_guard(a.test) for a in ctx.ancestors):
            return False
        if not any(isinstance(stmt, ast.ClassDef) for stmt in ctx.tree.body):
            return False
        runs = self._calls_on(model, KERAS_LOOP_METHODS)
        if len(runs) != 1 or runs[0].func.attr not in ("predict", "predict_on_batch"):
            return False
        parents = {}
        for node in ast.walk(ctx.tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        up = parents.get(runs[0])
        while up is not None:
            if isinstance(up, (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                               ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return False  # repeated, or run by whatever calls the function
            up = parents.get(up)
        return True

    def _compared_with_graph_run(self) -> bool:
        """The test also compiles a model with `run_eagerly=False`: the eager run is the reference a graph
        run is compared against, on purpose."""
        scope = self.ctx.function
        root = scope.node if scope is not None else self.ctx.tree
        return any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "compile"
            and any(k.arg == "run_eagerly" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords)
            for node in ast.walk(root)
        )

    def _trainable_toggled(self, model: ast.expr, where: ast.AST) -> bool:
        """The code sets `trainable` on the model, or on a model inside it (`gan.discriminator.trainable =
        False`), after the flag is set: in another function of the class (or module) or further down this
        one, as a GAN does between `train_on_batch` calls. A traced step keeps the trainable weights it was
        traced with until the model is compiled again; an eager one reads them on every batch, so the
        toggling needs `run_eagerly=True`. Setting `trainable` before compiling (`model.trainable = False`
        to freeze it) is no such need. (TensorFlow 2.21: after `model.trainable = False`, a second
        `train_on_batch` still changes the kernel when traced, and leaves it alone when run eagerly.)"""
        shape = ast.unparse(model)
        scope = self.ctx.function
        cls = self.ctx.facts.enclosing_class(scope) if shape.startswith("self.") else None
        root = cls.node if cls is not None else self.ctx.tree
        for node in ast.walk(root):
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                if not (isinstance(target, ast.Attribute) and target.attr == "trainable"):
                    continue
                owner = ast.unparse(target.value)
                if owner != shape and not owner.startswith(shape + "."):
                    continue
                if self.ctx.function_at(node) is not scope or node.lineno > getattr(where, "lineno", 0):
                    return True
        return False

    def _built_dynamic(self, model: ast.expr) -> bool:
        """The model is made in this function (or at module level) with `dynamic=True`: Keras then refuses
        to trace it, and `run_eagerly=True` is required."""
        scope = self.ctx.function
        root = scope.node if scope is not None else self.ctx.tree
        shape = ast.unparse(model)
        for node in ast.walk(root):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and any(ast.unparse(target) == shape for target in node.targets)
                and any(k.arg == "dynamic" and is_true(k.value) for k in node.value.keywords)
            ):
                return True
        return False

    def _model_needs_eager(self, model: ast.expr) -> bool:
        """The model is of a class of this file whose own steps or `call` (or what they call in this file)
        hold code that fails when traced (`.numpy()`, NumPy on the inputs, a `tf.Variable` made on each call):
        it does not work without `run_eagerly=True`. `model` is what `.compile` / `.run_eagerly` is taken on: `self`
        or `super()` in a method of the class, or a name or attribute bound to an instance of it."""
        ctx = self.ctx
        facts = ctx.facts
        if self._built_dynamic(model):
            return True
        cls = None
        if (isinstance(model, ast.Name) and model.id == "self") or (
            isinstance(model, ast.Call) and isinstance(model.func, ast.Name) and model.func.id == "super"
        ):
            cls = facts.enclosing_class(ctx.function)
        else:
            found = facts.type_of(model, ctx.function)
            cls = found if isinstance(found, ClassInfo) else self._local_class_of(model)
        if cls is None:
            return False
        if _declared_dynamic(facts, cls) or eager_only_steps(facts, cls) is not None:
            return True
        # what Hybridize finds fails when traced (`.numpy()`, NumPy on the inputs, a `tf.Variable` made on
        # each call, ...), asked of each method Keras traces, as it is asked of a compiled loss
        hybridize = hybridize_for(facts, ctx.is_test_file)
        for name in sorted(KERAS_TRACED_METHODS):
            info = facts.method_of(cls, name)
            if info is not None and not isinstance(info.node, ast.Lambda) and hybridize.eager_only(info) is not None:
                return True
        return False

    def _local_class_of(self, model: ast.expr) -> Optional[ClassInfo]:
        """The class defined in the function around the statement (or one around it) that the model is
        made of there: `model = DynamicModel()` beside `class DynamicModel(keras.Model): ...` in a test."""
        scope = self.ctx.function
        if scope is None or not isinstance(model, ast.Name):
            return None
        made = [
            node.value.func.id
            for node in ast.walk(scope.node)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and any(isinstance(t, ast.Name) and t.id == model.id for t in node.targets)
        ]
        if len(made) != 1:
            return None  # bound more than once, or not to an instance made here
        scopes = []
        while scope is not None:
            scopes.append(scope)
            scope = scope.parent
        found = [
            c for c in self.ctx.facts.classes
            if c.name == made[0] and c.parent_function is not None and any(c.parent_function is s for s in scopes)
        ]
        return found[0] if len(found) == 1 else None

    @classmethod
    def summarize_function(cls, ctx, info: FunctionInfo) -> Optional[object]:
        """For models compiled in other modules: what in the function fails when it is traced (the loss or
        metric it would be), "" when nothing does."""
        if not _takes_two_arguments(info) or info.graph is not None or ctx.is_test_file:
            # Keras calls a loss or metric as `fn(y_true, y_pred)`: nothing else is asked about; a traced
            # function (a tf.function, or called from one) is no eager-only code; tests compile no library model
            return None
        found = hybridize_for(ctx.facts, ctx.is_test_file).eager_only(info)
        return found[1] if found is not None else ""

    def _compiles_of(self, model: ast.expr) -> list:
        return self._calls_on(model, ("compile",))

    def _calls_on(self, model: ast.expr, methods) -> list:
        """The calls of `methods` on the same model (the same expression) in the function around the
        statement, or at module level."""
        scope = self.ctx.function
        root = scope.node if scope is not None else self.ctx.tree
        shape = ast.dump(model)
        return [
            node
            for node in ast.walk(root)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in methods
            and ast.dump(node.func.value) == shape
        ]

    def _compiled_needs_eager(self, compiles: list) -> bool:
        """A loss or metric function given to `compile` fails when `fit` traces it (`.numpy()`, a
        `tf.Variable` made on each call, a tensor used as a Python value, as Hybridize judges a conversion):
        the model needs eager execution. Functions of this module and, through the project index, of others."""
        facts = self.ctx.facts
        scope = self.ctx.function
        cls = facts.enclosing_class(scope)
        for call in compiles:
            for keyword in call.keywords:
                if keyword.arg not in ("loss", "metrics", "weighted_metrics"):
                    continue
                value = keyword.value
                given = list(value.elts) if isinstance(value, (ast.List, ast.Tuple)) else [value]
                if isinstance(value, ast.Dict):
                    given = [v for v in value.values if v is not None]
                for expr in given:
                    if not isinstance(expr, (ast.Name, ast.Attribute)):
                        continue
                    target, _use = facts.resolve_callable(expr, scope, cls, external=True)
                    if target is None or isinstance(target.node, ast.Lambda):
                        continue
                    if target.external is not None:
                        if target.external.notes.get(self.code):
                            return True
                    elif hybridize_for(facts, self.ctx.is_test_file).eager_only(target) is not None:
                        return True
        return False

    def _debug_gated(self) -> bool:
        # `training_eager_test.py`: the module's name says it exists for eager runs (tests of the eager loop)
        stem = self.ctx.path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if re.search(r"debug|dbg|eager", stem, re.IGNORECASE):
            return True
        for ancestor in self.ctx.ancestors:
            if isinstance(ancestor, (ast.If, ast.IfExp)) and _mentions_debug_word(ancestor.test):
                return True
            # `benchmark_fit_run_eagerly`, `test_fit_eager`: the function exists to run eagerly
            if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.search(
                r"debug|dbg|eager", ancestor.name, re.IGNORECASE
            ):
                return True
        return False

    def _reason_stated(self, node: ast.AST) -> bool:
        """A comment on the statement's lines, or on the line just above it, says why (a directive such
        as `# noqa` or `# type:` is no reason)."""
        stmt = node
        for ancestor in reversed(self.ctx.ancestors):
            if isinstance(ancestor, ast.stmt):
                stmt = ancestor
                break
        first = getattr(stmt, "lineno", 0)
        last = getattr(stmt, "end_lineno", first) or first
        comments = self._comments()
        if any(comments.get(line, False) for line in range(first, last + 1)):
            return True
        # the whole comment block just above: a reason often ends a line before the statement
        line = first - 1
        while line in self._comment_only:
            if comments[line]:
                return True
            line -= 1
        return False

    def _comments(self) -> dict:
        """Line → whether a comment there states something (not a tool directive)."""
        known = getattr(self, "_comment_lines", None)
        if known is not None:
            return known
        import io
        import tokenize

        found = {}
        self._comment_only: set = set()
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.ctx.source.text).readline):
                if token.type == tokenize.COMMENT:
                    text = token.string.lstrip("#").strip()
                    found[token.start[0]] = not _DIRECTIVE.match(text) and bool(_REASON.search(text))
                    if not token.line[: token.start[1]].strip():
                        self._comment_only.add(token.start[0])
        except (tokenize.TokenError, SyntaxError, IndentationError):
            pass
        self._comment_lines = found
        return found

    # -- fixes ---------------------------------------------------------------------------

    def _remove_keyword(self, call: ast.Call, keyword: ast.keyword) -> Optional[Fix]:
        edit = remove_argument(self.ctx.source, call, keyword)
        return Fix("Remove `run_eagerly=True`", (edit,), FixSafety.UNSAFE)

    def _remove_statement(self, node: ast.stmt, parent: Optional[ast.AST]) -> Optional[Fix]:
        source = self.ctx.source
        span = self.ctx.span(node)
        if not on_own_lines(source, span):
            return None  # shares its line with other statements (`a; b`)
        body = None
        if parent is not None:
            for field in ("body", "orelse", "finalbody"):
                block = getattr(parent, field, None)
                if isinstance(block, list) and any(stmt is node for stmt in block):
                    body = block
        if body is not None and len(body) == 1:
            # The only statement of its block: keep the block valid.
            whole = span._replace(end_col=len(source.line_text(span.end_line)))
            return Fix("Replace with `pass`", (Edit(whole, "pass"),), FixSafety.UNSAFE)
        return Fix("Remove `run_eagerly = True`", (Edit(whole_lines(span), ""),), FixSafety.UNSAFE)
