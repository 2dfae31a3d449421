"""HYB027 commented-out-tf-function."""

from __future__ import annotations

import ast
import builtins
import re
from typing import List, Optional, Set, Tuple

from hybridlint.analysis import TEST_PATH, analysis_for
from hybridlint.facts import TF, TF_FUNCTION_NAMES, FunctionInfo, dotted_parts
from hybridlint.oracle import NotObservable, Oracle
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit, Span

_COMMENT = re.compile(r"^(?P<indent>[ \t]*)#(?P<body>.*)$")
_COMMENTED_DECORATOR = re.compile(r"^\s*@")
_TODO = re.compile(r"\b(todo|fixme|xxx|hack)\b", re.IGNORECASE)
_BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def _bracket_depth(text: str) -> int:
    """Net open brackets in a line of code (strings are rare in decorators; quotes are skipped)."""
    depth = 0
    quote = None
    for ch in text:
        if quote is not None:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            break
        else:
            depth += _BRACKETS.get(ch, 0)
    return depth


class CommentedOutTfFunction(Rule):
    code = "HYB027"
    name = "commented-out-tf-function"
    severity = Severity.HINT
    preview = True
    fix_safety = FixSafety.UNSAFE
    summary = "A `# @tf.function` decorator left commented out above a function"

    what_it_does = (
        "Flags a comment of the form `# @tf.function…` (or `# @<alias>.function…` for the alias this module "
        "imports TensorFlow as, or the name it imports `function` as) directly above a `def`, or above the "
        "function's other decorators. Functions that are traced anyway (called from another tf.function, "
        "in this module or another one of the project, or wrapped elsewhere, or stored on the class as "
        "`self.fn = ...` (directly, or as what a factory method or function returns) and called only as `self.fn(...)` from "
        "traced code such as a Keras `call`) are not flagged, since the comment changes nothing for them. Nor "
        "are functions that call a tf.function themselves (their work already runs as a graph; the decorator "
        "would only nest tf.functions), methods of a class derived from another framework's imported base "
        "class that nothing in the module calls by name (hooks such as a layer's `forward` that the base "
        "class calls, inside whatever the user traces), or decorators "
        "disabled with a written reason: a trailing comment on the commented line, or an explanation (not "
        "a TODO) on the comment line right above it.\n\n"
        "**Restoring must be right.** Nor are functions that a tf.function would change or break — the graph "
        "hazards HYB001 checks before it suggests `@tf.function`: `.numpy()`, Keras `fit`, file I/O, the clock, "
        "creating variables or Keras objects, Python side effects, Python conditions on computed values — "
        "such as a training driver, which is eager on purpose. It reports only a function it sees called "
        "outside traced code (in this module, or another module of the project that is not a test, or "
        "through the attribute of its class that holds it): with no such call (a library's public function, "
        "a function called from outside the project, or one nothing calls), that the function runs eagerly, "
        "and so that restoring the decorator helps, is not shown. Nor is a commented decorator that would not run as written: one "
        "that does not parse, or reads a name the module binds nowhere (`# @tf.function(input_signature="
        "input_signature)` with no `input_signature`: restored, it raises `NameError`)."
    )
    why_bad = (
        "Commenting out the decorator is the usual way to debug a tf.function, and it is easy to commit: the "
        "function then runs eagerly, one Python op at a time, on every call. In the study's 159 labelled "
        "tf.function fix commits, 3 are \"Re-add tf.function decorator\" fixes for decorators removed while "
        "debugging and never restored, and 4 more removed decorators for debuggability. "
        "`tf.config.run_functions_eagerly(True)`, behind a debugging flag, gives the same eager debugging "
        "without editing the code."
    )
    use_instead = (
        "Keep the decorator, and debug with `tf.config.run_functions_eagerly(True)` behind a flag "
        "(`if args.debug_eager: tf.config.run_functions_eagerly(True)`). If the function must stay eager, "
        "delete the comment and say why."
    )
    fix_safety_doc = (
        "Unsafe: uncommenting re-enables graph semantics: Python side effects run only while tracing, "
        "`.numpy()` and Python control flow on tensors behave differently, and the function may retrace. "
        "The fix restores the decorator at the function's indentation."
    )
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/config/run_functions_eagerly",
        "https://www.tensorflow.org/guide/function#debugging",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "# @tf.function\n"
            "def train_step(x, y):\n"
            "    return x + y\n\n"
            "for batch in range(3):\n"
            "    loss = train_step(tf.constant(1.0), tf.constant(2.0))\n",
            flagged=["# @tf.function"],
            fixed="import tensorflow as tf\n\n" "@tf.function\n" "def train_step(x, y):\n" "    return x + y\n\n"
            "for batch in range(3):\n"
            "    loss = train_step(tf.constant(1.0), tf.constant(2.0))\n",
            note="called outside traced code",
            name="bad-train-step",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "#    @tf.function(jit_compile=True)\n"
            "    @staticmethod\n"
            "    def step(x):\n"
            "        return x * 2\n\n"
            "doubled = Trainer.step(tf.constant(1.0))\n",
            flagged=["#    @tf.function(jit_compile=True)"],
            fixed="import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    @tf.function(jit_compile=True)\n"
            "    @staticmethod\n"
            "    def step(x):\n"
            "        return x * 2\n\n"
            "doubled = Trainer.step(tf.constant(1.0))\n",
            note="above another decorator; indentation is taken from the def",
            name="above-another-decorator-indentation-taken",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "# TODO: re-enable once shapes are fixed\n"
            "# @tf.function\n"
            "def loss(x):\n"
            "    return tf.reduce_sum(x)\n\n"
            "total = loss(tf.constant([1.0, 2.0]))\n",
            flagged=["# @tf.function"],
            fixed="import tensorflow as tf\n\n"
            "# TODO: re-enable once shapes are fixed\n"
            "@tf.function\n"
            "def loss(x):\n"
            "    return tf.reduce_sum(x)\n\n"
            "total = loss(tf.constant([1.0, 2.0]))\n",
            note="a TODO above is a reminder, not a reason",
            name="todo-above-reminder-not-reason",
        ),
        Bad(
            "import tensorflow as tf2\n\n"
            "# @tf2.function(input_signature=[\n"
            "#     tf2.TensorSpec([None], tf2.float32)])\n"
            "def f(x):\n"
            "    return x\n\n"
            "y = f(tf2.constant([1.0]))\n",
            flagged=["# @tf2.function(input_signature=["],
            fixed="import tensorflow as tf2\n\n"
            "@tf2.function(input_signature=[\n"
            "    tf2.TensorSpec([None], tf2.float32)])\n"
            "def f(x):\n"
            "    return x\n\n"
            "y = f(tf2.constant([1.0]))\n",
            note="the module's own alias; a decorator spanning several comment lines",
            name="module-own-alias-decorator-spanning",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Step:\n"
            "    @staticmethod\n"
            "    # @tf.function\n"
            "    def run(x):\n"
            "        return x * 2\n\n"
            "doubled = Step.run(tf.constant(1.0))\n",
            flagged=["# @tf.function"],
            fixed="import tensorflow as tf\n\n"
            "class Step:\n"
            "    @staticmethod\n"
            "    @tf.function\n"
            "    def run(x):\n"
            "        return x * 2\n\n"
            "doubled = Step.run(tf.constant(1.0))\n",
            note="between the other decorators and the def",
            name="between-other-decorators-def",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x, y):\n"
            "    return x + y\n\n"
            "if DEBUG:\n"
            "    tf.config.run_functions_eagerly(True)\n"
        ),
        Good(
            "import tensorflow as tf\n\n"
            "# Example:\n"
            "#   @tf.function\n"
            "#   def f(x): ...\n"
            "def helper():\n"
            "    pass\n\n"
            "# @tf.function\n\n"
            "def other():\n"
            "    pass\n",
            note="example code inside a comment block, and a comment separated from the def by a blank line",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def outer(x):\n"
            "    return inner(x)\n\n"
            "# @tf.function\n"
            "def inner(x):\n"
            "    return x + 1\n",
            note="`inner` is traced by `outer` anyway",
            name="inner-traced-outer-anyway",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "# @tf.function  # unrolls n_steps loops: far too slow to trace\n"
            "def simulate(n_steps):\n"
            "    return [tf.zeros([2]) for _ in range(n_steps)]\n\n"
            "# Keras traces this itself when the model is compiled.\n"
            "# @tf.function\n"
            "def probability(x):\n"
            "    return tf.exp(x)\n",
            note="disabled on purpose, with the reason written down",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "# @tf.function(jit_compile=True)\n"
            "@tf.function\n"
            "def f(x):\n"
            "    return x\n",
            note="an alternative configuration of an active decorator",
            name="alternative-configuration-active-decorator",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "# @tf.function\n"
            "def augment(x):\n"
            "    return tf.image.flip_left_right(x)\n",
            path="pkg/augment.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\nfrom pkg.augment import augment\n\n\n@tf.function\n"
                    "def train_step(x):\n    return augment(x) * 2\n",
                ),
            ),
            note="only called from a tf.function of another module: traced anyway",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "# @tf.function\n"
            "def train_step(x):\n"
            "    return x * 2\n\n"
            "for x in dataset:\n"
            "    train_step(x)\n",
            flagged=["# @tf.function"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    return x * 2\n\n"
            "for x in dataset:\n"
            "    train_step(x)\n",
            note="called eagerly in the training loop: the message says so, with the call as related information",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "# @tf.function\n"
            "def train_step(x):\n"
            "    return x * 2\n",
            flagged=["# @tf.function"],
            fixed="import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    return x * 2\n",
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "from pkg.steps import train_step\n\n\n"
                    "def fit(dataset):\n"
                    "    for x in dataset:\n"
                    "        train_step(x)\n",
                ),
            ),
            note="called eagerly in another module's training loop",
            name="called-eagerly-other-module",
        ),
        Good(
            "import json\n"
            "import time\n\n"
            "import tensorflow as tf\n\n\n"
            "# @tf.function(jit_compile=True)\n"
            "def train(model, dataset, epochs, history_path):\n"
            "    start = time.time()\n"
            "    history = model.fit(dataset, epochs=epochs)\n"
            "    with open(history_path, \"w\") as f:\n"
            "        json.dump(history.history, f)\n"
            "    return time.time() - start\n\n\n"
            "train(tf.keras.Sequential(), None, 3, \"history.json\")\n",
            note="a driver that calls `fit`, writes files and reads the clock: a tf.function would break it, so "
            "restoring the decorator is not advice",
            name="driver-cannot-be-traced",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "# @tf.function\n"
            "def setup(shape):\n"
            "    weights = tf.Variable(tf.zeros(shape))\n"
            "    return weights\n\n\n"
            "w = setup([3])\n",
            note="creates a variable on every call: as a tf.function it would fail on the second trace",
            name="creates-variable-each-call",
        ),
        Good(
            "import tensorflow as tf\n"
            "from framework.layers import Layer\n"
            "\n"
            "\n"
            "class Scale(Layer):\n"
            "    def __init__(self, scale):\n"
            "        super().__init__()\n"
            "        self.scale = scale\n"
            "\n"
            "    # @tf.function\n"
            "    def forward(self, inputs):\n"
            "        return inputs * self.scale\n",
            note="a layer hook of another framework's base class, which calls it: the caller decides what is traced",
            name="framework-hook-called-by-base-class",
        ),
        Good(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "class Decoder(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.decoder_fn = self.greedy()\n"
            "\n"
            "    def greedy(self):\n"
            "        # @tf.function(experimental_relax_shapes=True)\n"
            "        def call_greedy(inputs):\n"
            "            return tf.argmax(inputs, axis=-1)\n"
            "\n"
            "        return call_greedy\n"
            "\n"
            "    def call(self, inputs):\n"
            "        return self.decoder_fn(inputs)\n",
            note="returned by a factory, stored on the layer and called only from its traced `call`",
            name="stored-attribute-called-from-call",
        ),
        Good(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "# @tf.function\n"
            "def fit(model, x, iterations):\n"
            "    start = tf.identity(x)\n"
            "    return optimize(model, start, iterations)\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def optimize(model, start, iterations):\n"
            "    return model(start) * iterations\n"
            "\n"
            "\n"
            "fit(None, 1.0, 3)\n",
            note="hands its work to a tf.function: the decorator would only nest tf.functions",
            name="hands-work-to-tf-function",
        ),
        Bad(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "class Decoder(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.decoder_fn = self.greedy()\n"
            "\n"
            "    def greedy(self):\n"
            "        # @tf.function(experimental_relax_shapes=True)\n"
            "        def call_greedy(inputs):\n"
            "            return tf.argmax(inputs, axis=-1)\n"
            "\n"
            "        return call_greedy\n"
            "\n"
            "    def call(self, inputs):\n"
            "        return self.decoder_fn(inputs)\n"
            "\n"
            "    def predict_ids(self, inputs):\n"
            "        return self.decoder_fn(inputs)\n",
            flagged=["# @tf.function(experimental_relax_shapes=True)"],
            fixed='import tensorflow as tf\n\n\nclass Decoder(tf.keras.layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.decoder_fn = self.greedy()\n\n    def greedy(self):\n        @tf.function(experimental_relax_shapes=True)\n        def call_greedy(inputs):\n            return tf.argmax(inputs, axis=-1)\n\n        return call_greedy\n\n    def call(self, inputs):\n        return self.decoder_fn(inputs)\n\n    def predict_ids(self, inputs):\n        return self.decoder_fn(inputs)\n',
            note="the stored function is also called from an eager method",
            name="stored-attribute-called-eagerly",
        ),
        Good(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "def batched_conv(use_bias):\n"
            "    if use_bias:\n"
            "        @tf.function\n"
            "        def convolve(inputs, kernels):\n"
            "            return tf.map_fn(lambda x: tf.nn.bias_add(x[0] * x[1], [1.0]), [inputs, kernels])\n"
            "    else:\n"
            "        # @tf.function\n"
            "        def single(sample, kernel):\n"
            "            return sample * kernel\n"
            "\n"
            "        # @tf.function\n"
            "        def convolve(inputs, kernels):\n"
            "            return tf.map_fn(lambda x: single(x[0], x[1]), [inputs, kernels], dtype=tf.float32)\n"
            "\n"
            "    return convolve\n"
            "\n"
            "\n"
            "class MetaConv(tf.keras.layers.Layer):\n"
            "    def __init__(self, use_bias=False):\n"
            "        super().__init__()\n"
            "        self.conv = lambda x, k: x * k\n"
            "        self.conv = batched_conv(use_bias)\n"
            "\n"
            "    @tf.function\n"
            "    def call(self, inputs, kernels):\n"
            "        return self.conv(inputs, kernels)\n",
            note="a module-level factory returns a closure (one def per branch) that the layer stores once and "
            "calls only from its tf.function `call`: the closure and what it calls run traced",
            name="factory-closure-called-from-traced-call",
        ),
        Bad(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "def batched_conv(use_bias):\n"
            "    if use_bias:\n"
            "        @tf.function\n"
            "        def convolve(inputs, kernels):\n"
            "            return tf.map_fn(lambda x: tf.nn.bias_add(x[0] * x[1], [1.0]), [inputs, kernels])\n"
            "    else:\n"
            "        # @tf.function\n"
            "        def single(sample, kernel):\n"
            "            return sample * kernel\n"
            "\n"
            "        # @tf.function\n"
            "        def convolve(inputs, kernels):\n"
            "            return tf.map_fn(lambda x: single(x[0], x[1]), [inputs, kernels], dtype=tf.float32)\n"
            "\n"
            "    return convolve\n"
            "\n"
            "\n"
            "class MetaConv(tf.keras.layers.Layer):\n"
            "    def __init__(self, use_bias=False):\n"
            "        super().__init__()\n"
            "        self.conv = lambda x, k: x * k\n"
            "        self.conv = batched_conv(use_bias)\n"
            "\n"
            "    @tf.function\n"
            "    def call(self, inputs, kernels):\n"
            "        return self.conv(inputs, kernels)\n"
            "\n"
            "    def preview(self, inputs, kernels):\n"
            "        return self.conv(inputs, kernels)\n",
            flagged=[("# @tf.function", 1)],
            fixed='import tensorflow as tf\n\n\ndef batched_conv(use_bias):\n    if use_bias:\n        @tf.function\n        def convolve(inputs, kernels):\n            return tf.map_fn(lambda x: tf.nn.bias_add(x[0] * x[1], [1.0]), [inputs, kernels])\n    else:\n        # @tf.function\n        def single(sample, kernel):\n            return sample * kernel\n\n        @tf.function\n        def convolve(inputs, kernels):\n            return tf.map_fn(lambda x: single(x[0], x[1]), [inputs, kernels], dtype=tf.float32)\n\n    return convolve\n\n\nclass MetaConv(tf.keras.layers.Layer):\n    def __init__(self, use_bias=False):\n        super().__init__()\n        self.conv = lambda x, k: x * k\n        self.conv = batched_conv(use_bias)\n\n    @tf.function\n    def call(self, inputs, kernels):\n        return self.conv(inputs, kernels)\n\n    def preview(self, inputs, kernels):\n        return self.conv(inputs, kernels)\n',
            note="the stored closure is also called from an eager method",
            name="factory-closure-called-eagerly",
        ),
        Good(
            "import tensorflow as tf\n"
            "from ..utils import *\n\n\n"
            "# @tf.function\n"
            "def prepare(batch):\n"
            "    return normalize(batch)\n\n\n"
            "for batch in [tf.ones([2, 3])]:\n"
            "    prepare(batch)\n",
            path="pkg/data/prepare.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/data/__init__.py", ""),
                ("pkg/utils/__init__.py", "from .scaling import *\n"),
                (
                    "pkg/utils/scaling.py",
                    "import tensorflow as tf\n\n__all__ = [\"normalize\"]\n\n\n@tf.function\n"
                    "def normalize(x):\n    return x / tf.reduce_max(tf.abs(x))\n",
                ),
            ),
            note="hands its work to a tf.function that star imports give it (`from ..utils import *`, through "
            "the package's own `from .scaling import *`)",
            name="tf-function-through-star-imports",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from ..utils import *\n\n\n"
            "# @tf.function\n"
            "def prepare(batch):\n"
            "    return normalize(batch)\n\n\n"
            "for batch in [tf.ones([2, 3])]:\n"
            "    prepare(batch)\n",
            flagged=["# @tf.function"],
            fixed="import tensorflow as tf\n"
            "from ..utils import *\n\n\n"
            "@tf.function\n"
            "def prepare(batch):\n"
            "    return normalize(batch)\n\n\n"
            "for batch in [tf.ones([2, 3])]:\n"
            "    prepare(batch)\n",
            path="pkg/data/prepare.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/data/__init__.py", ""),
                ("pkg/utils/__init__.py", "from .scaling import *\n"),
                (
                    "pkg/utils/scaling.py",
                    "import tensorflow as tf\n\n\ndef normalize(x):\n    return x / tf.reduce_max(tf.abs(x))\n",
                ),
            ),
            note="the function a star import gives is a plain Python function: `prepare` runs eagerly",
            name="plain-function-through-star-imports",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "# @tf.function(input_signature=input_signature)\n"
            "def log_stats(x):\n"
            "    log_x = tf.math.log(x + 1e-30)\n"
            "    return tf.math.reduce_mean(log_x), tf.math.reduce_std(log_x)\n\n\n"
            "stats = log_stats(tf.constant([1.0, 2.0]))\n",
            note="the commented decorator reads `input_signature`, which nothing in the module binds: restored as it "
            "stands it would raise `NameError` (the twenty-third batch)",
            name="decorator-reads-unbound-name",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "input_signature = [tf.TensorSpec([None], tf.float32)]\n\n\n"
            "# @tf.function(input_signature=input_signature)\n"
            "def log_stats(x):\n"
            "    log_x = tf.math.log(x + 1e-30)\n"
            "    return tf.math.reduce_mean(log_x), tf.math.reduce_std(log_x)\n\n\n"
            "stats = log_stats(tf.constant([1.0, 2.0]))\n",
            flagged=["# @tf.function(input_signature=input_signature)"],
            fixed="import tensorflow as tf\n\n"
            "input_signature = [tf.TensorSpec([None], tf.float32)]\n\n\n"
            "@tf.function(input_signature=input_signature)\n"
            "def log_stats(x):\n"
            "    log_x = tf.math.log(x + 1e-30)\n"
            "    return tf.math.reduce_mean(log_x), tf.math.reduce_std(log_x)\n\n\n"
            "stats = log_stats(tf.constant([1.0, 2.0]))\n",
            note="the near miss: the module binds `input_signature`, so the restored decorator runs",
            name="decorator-reads-bound-name",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "# @tf.function\n"
            "def train_step(x, y):\n"
            "    return x + y\n",
            note="no call is seen (a library's public function, or one nothing calls): that it runs eagerly, "
            "and so that restoring the decorator helps, is not shown",
            name="no-call-seen",
        ),
    )

    # Real TensorFlow (tests/oracle): the harm is speed only; the oracle checks that uncommenting the
    # decorator (the fix) keeps every result.
    oracle = Oracle(
        symptom=NotObservable("the function runs eagerly, which is only slower; a small example cannot show it"),
        runs={
            "bad-train-step": "outputs = train_step(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))",
            "above-another-decorator-indentation-taken": "outputs = Trainer.step(tf.constant([1.0, 2.0]))",
            "todo-above-reminder-not-reason": "outputs = loss(tf.constant([1.0, 2.0]))",
            "module-own-alias-decorator-spanning": "outputs = f(tf.constant([1.0, 2.0]))",
            "between-other-decorators-def": "outputs = Step.run(tf.constant([1.0, 2.0]))",
            "inner-traced-outer-anyway": "outputs = outer(tf.constant([1.0, 2.0]))",
            "alternative-configuration-active-decorator": "outputs = f(tf.constant([1.0, 2.0]))",
            "factory-closure-called-from-traced-call": "outputs = MetaConv()(tf.ones([2, 3]), tf.ones([2, 3]) * 2.0)",
            "factory-closure-called-eagerly": "outputs = MetaConv().preview(tf.ones([2, 3]), tf.ones([2, 3]) * 2.0)",
            "decorator-reads-bound-name": "outputs = [t.numpy() for t in log_stats(tf.constant([1.0, 2.0, 4.0]))]",
        },
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self._defs: List[ast.AST] = []
        self._string_lines: Set[int] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._defs.append(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, (str, bytes)):
            self._multiline_string(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._multiline_string(node)

    def _multiline_string(self, node: ast.expr) -> None:
        # Lines inside a multi-line string only look like comments.
        if node.end_lineno and node.end_lineno > node.lineno:
            self._string_lines.update(range(node.lineno, node.end_lineno + 1))

    def finish(self) -> None:
        pattern = self._decorator_pattern()
        for node in self._defs:
            info = self.ctx.facts.function_of(node)
            if info is None:
                continue
            if info.graph is not None and all(
                scope.graph is not None for scope, _call in analysis_for(self.ctx.facts).calls_through_attribute(info)
            ):
                continue  # traced by its callers (a function stored on the instance counts each call of the attribute)
            found = self._commented_decorator(node, pattern)
            if found is None:
                continue
            if not self._would_run(*found):
                continue  # the decorator as written reads a name nothing binds (or does not parse): restoring it fails
            if self._traced_or_cheap(info):
                continue
            if self._graph_hazard(info):
                continue  # restoring the decorator is not shown to be right: it would change or break the function
            first, last = found
            source = self.ctx.source
            text = source.line_text(first)
            start = text.index("#")
            # "Runs eagerly" is said only of the calls the analysis sees outside traced code: of the
            # function, or of the attribute of its class that holds it (`self.decoder_fn(...)`).
            eager: List[ast.Call] = [
                site.node
                for site in info.callers
                if not site.is_reference and (site.caller is None or site.caller.graph is None or site.eager)
            ]
            eager += [
                call
                for scope, call in analysis_for(self.ctx.facts).calls_through_attribute(info)
                if scope.graph is None
            ]
            link = self.ctx.facts.link
            elsewhere = [
                call
                for call in (link.callers.get(info.qualname, ()) if link is not None else ())
                if not call.traced and not call.reference and not TEST_PATH.search(call.place.path)
            ]
            if eager:
                site = min(eager, key=lambda c: (c.lineno, c.col_offset))
                message = (
                    f"The tf.function decorator of `{node.name}` is commented out, so it runs eagerly, one op at "
                    f"a time, when it is called outside traced code, as at line {site.lineno}. Restore it, and "
                    "debug with `tf.config.run_functions_eagerly(True)` behind a flag instead."
                )
                related = [Related(self.ctx.span(site.func), f"`{node.name}` is called eagerly here")]
            elif elsewhere:
                call = min(elsewhere, key=lambda c: (c.place.path, c.place.span.line))
                message = (
                    f"The tf.function decorator of `{node.name}` is commented out, so it runs eagerly, one op at "
                    f"a time, when it is called outside traced code, as in `{call.place.path}` at line "
                    f"{call.place.span.line}. Restore it, and debug with `tf.config.run_functions_eagerly(True)` "
                    "behind a flag instead."
                )
                related = [Related(call.place.span, f"`{node.name}` is called eagerly here", path=call.place.path)]
            else:
                # No call is seen (a library's public function, or called from outside the project): that it
                # runs eagerly, and so that restoring the decorator helps, is not shown. Its callers may
                # trace it (a framework's layers traced at the step), or nothing may call it.
                continue
            self.report(
                Span(first, start, first, len(text.rstrip())),
                message,
                related=related,
                fix=lambda node=node, first=first, last=last: self._uncomment(node, first, last),
            )

    def _would_run(self, first: int, last: int) -> bool:
        """The commented decorator, uncommented as it stands, parses and reads only names the module binds
        somewhere (an import, an assignment, a parameter, a def) or builtins. `# @tf.function(input_signature=
        input_signature)` with `input_signature` bound nowhere would raise `NameError` once restored: the text
        is a leftover of other code, and restoring it is no fix."""
        source = self.ctx.source
        lines = []
        for number in range(first, last + 1):
            text = source.line_text(number)
            lines.append(text[text.index("#") + 1 :].strip())
        text = "\n".join(lines).lstrip("@").strip()
        try:
            expr = ast.parse("(" + text + "\n)", mode="eval")
        except SyntaxError:
            return False
        read = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        read -= set(dir(builtins))
        bound = self._bound_names()
        return bound is None or read <= bound

    def _bound_names(self) -> Optional[Set[str]]:
        """Every name the module binds anywhere; None with a star import (any name may be bound)."""
        if hasattr(self, "_bound"):
            return self._bound
        bound: Set[str] = set()
        star = False
        for n in ast.walk(self.ctx.tree):
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                bound.add(n.id)
            elif isinstance(n, ast.arg):
                bound.add(n.arg)
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(n.name)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                for alias in n.names:
                    if alias.name == "*":
                        star = True
                    bound.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(n, ast.ExceptHandler) and n.name:
                bound.add(n.name)
            elif type(n).__name__ in ("MatchAs", "MatchStar") and getattr(n, "name", None):
                bound.add(n.name)
            elif type(n).__name__ == "MatchMapping" and getattr(n, "rest", None):
                bound.add(n.rest)
        self._bound: Optional[Set[str]] = None if star else bound
        return self._bound

    def _graph_hazard(self, info: FunctionInfo) -> Optional[str]:
        """What in the function (or what it calls) a tf.function would change or reject, as HYB001 judges
        a step before it suggests `@tf.function`: `.numpy()`, Keras `fit`, file I/O, the clock, creating
        variables or Keras objects, Python side effects, Python conditions on computed values. A driver
        or a function with Python side effects may be eager on purpose, so restoring the decorator is
        advice only for a function with none."""
        from hybridlint.registry import rules_by_code

        hazard = rules_by_code()["HYB001"].summarize_function(self.ctx, info)
        return hazard or None

    def _traced_or_cheap(self, info: FunctionInfo) -> bool:
        """The decorator would change nothing worth a finding: the function is traced by its caller through
        an attribute of its class, or hands its work to a tf.function itself, or is a hook its framework's
        base class calls (the layer's caller decides what is traced)."""
        an = analysis_for(self.ctx.facts)
        if an.traced_through_attribute(info):
            return True
        if any(not site.is_reference and (site.wrapper is not None or site.target.is_tf_function) for site in info.calls):
            return True  # the work already runs as a graph; the decorator would only nest tf.functions
        return self._framework_hook(info)

    def _framework_hook(self, info: FunctionInfo) -> bool:
        """A method of a class derived from an imported class (a framework's layer or module), that nothing
        in this module calls by name: the base class calls it (`Layer.__call__` → `self.forward(...)`), inside
        whatever the user traces, so a per-method tf.function is a design choice of the framework."""
        cls = info.cls
        if cls is None or info.name.startswith("__") or not cls.node.bases:
            return False
        if not (info.node.args.args and info.node.args.args[0].arg == "self"):
            return False
        # Only a base class imported from a framework other than TensorFlow (tf.Module and Keras do not call
        # arbitrary methods of their subclasses; Keras `call` is traced already).
        bases = [self.ctx.facts.imports.get(dotted[0]) for dotted in map(dotted_parts, cls.node.bases) if dotted]
        if not any(base is not None and not base.startswith(("tensorflow", "keras", "tf_keras")) for base in bases):
            return False
        if info.callers:
            return False
        return not any(
            isinstance(n, ast.Attribute) and n.attr == info.name and isinstance(n.ctx, ast.Load)
            for n in ast.walk(self.ctx.tree)
        )

    def _decorator_pattern(self) -> "re.Pattern[str]":
        names = {r"(?:tf|tensorflow)(?:\.compat\.v[12])?\.function"}
        for name, qual in self.ctx.facts.imports.items():
            if qual == TF:
                names.add(re.escape(name) + r"\.function")
            elif qual in TF_FUNCTION_NAMES:
                names.add(re.escape(name))
        names.update(re.escape(name) for name in self.ctx.facts.decorator_factories)
        return re.compile(r"^\s*@\s*(?:" + "|".join(sorted(names)) + r")\b")

    def _commented_decorator(self, node: ast.AST, pattern: "re.Pattern[str]") -> Optional[Tuple[int, int]]:
        """(first, last) comment lines of a commented-out tf.function decorator right above `node`."""
        first_code_line = min([node.lineno] + [d.lineno for d in node.decorator_list])  # type: ignore[attr-defined]
        source = self.ctx.source
        # `# @tf.function` between the other decorators and the def
        for number in range(first_code_line + 1, node.lineno):  # type: ignore[attr-defined]
            match = _COMMENT.match(source.line_text(number))
            if match is not None and pattern.match(match.group("body")) and _bracket_depth(match.group("body")) == 0:
                if not self._documented([(number, match.group("body"))], number):
                    return number, number
        line = first_code_line - 1
        block: List[Tuple[int, str]] = []  # comment lines directly above, bottom up
        while line >= 1 and line not in self._string_lines:
            match = _COMMENT.match(source.line_text(line))
            if match is None:
                break
            block.append((line, match.group("body")))
            line -= 1
        block.reverse()
        # Read the block top down as commented-out decorators; every line must belong to one, so that
        # example code or prose in a comment is never taken for a decorator.
        index = 0
        found = None
        while index < len(block):
            number, body = block[index]
            if not _COMMENTED_DECORATOR.match(body):
                found = None
                index += 1
                continue
            depth = _bracket_depth(body)
            end = index
            while depth > 0 and end + 1 < len(block):
                end += 1
                depth += _bracket_depth(block[end][1])
            if depth > 0:
                return None
            if pattern.match(body):
                found = (number, block[end][0])
            index = end + 1
        if found is None:
            return None
        if self._documented(block, found[0]):
            return None
        # Only decorators may follow it down to the def.
        if any(not _COMMENTED_DECORATOR.match(body) for number, body in block if number > found[1]):
            return None
        return found

    @staticmethod
    def _documented(block: List[Tuple[int, str]], first: int) -> bool:
        """The decorator was disabled on purpose and the reason is written down: a trailing comment on
        its line, or an explanation (not a TODO) on the comment line right above it."""
        lines = dict(block)
        if "#" in lines[first].split(")")[-1]:
            return True
        above = lines.get(first - 1)
        if above is None or not above.strip() or _COMMENTED_DECORATOR.match(above):
            return False
        return not _TODO.search(above)

    def _uncomment(self, node: ast.AST, first: int, last: int) -> Optional[Fix]:
        source = self.ctx.source
        def_line = source.line_text(node.lineno)  # type: ignore[attr-defined]
        indent = def_line[: len(def_line) - len(def_line.lstrip())]
        edits = []
        for number in range(first, last + 1):
            text = source.line_text(number)
            body = text[text.index("#") + 1 :]
            if number == first:
                new = indent + body.lstrip()
            else:
                new = indent + (body[1:] if body.startswith(" ") else body)
            edits.append(Edit(Span(number, 0, number, len(text)), new.rstrip()))
        return Fix("Uncomment `@tf.function`", tuple(edits), FixSafety.UNSAFE)
