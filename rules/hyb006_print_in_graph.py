"""HYB006 print-in-graph."""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from hybridlint.analysis import EAGER_ONLY_METHODS, ModuleAnalysis, analysis_for, graph_related, shorten
from hybridlint.edits import add_import
from hybridlint.effects import effects_for
from hybridlint.facts import FunctionInfo
from hybridlint.oracle import Oracle, Run, SideEffects
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import Kind, tensors_for

# Modules whose level functions are Python logging (TF's own v1 logging forwards to it).
STD_STREAMS = frozenset({"sys.stdout", "sys.stderr"})
BUILTIN_FORMATTERS = frozenset({"str", "repr", "format"})
# The TF guides print "Tracing ..." on purpose to show when a function is traced.
TRACE_MARK = "trac"
TF = "tensorflow"
TF_V1 = "tensorflow.compat.v1"  # `tf.compat.v1.print` is `tf.print`
NEW_IMPORT = "import tensorflow as tf"
ARGUMENT = "argument"  # the printed value is a parameter of the tf.function itself



class PrintInGraph(Rule):
    code = "HYB006"
    name = "print-in-graph"
    severity = Severity.WARNING
    visits_graph_code_only = True
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE
    summary = "Python `print`/logging in traced code runs once per trace, not on every call"

    what_it_does = (
        "Flags Python output calls in code that runs as a graph (a `tf.function`, what it calls, a "
        "`tf.data` transformation, a Keras `call`/`train_step`): builtin `print`, `logging.<level>(...)` "
        "(also `absl.logging` and `tf.compat.v1.logging`), methods of loggers from `logging.getLogger(...)` "
        "or `tf.get_logger()`, `sys.stdout.write`/`sys.stderr.write` and `tqdm.write`. A call whose first "
        "argument is a literal mentioning tracing (`print(\"Tracing with\", x)`) is left alone: that is the "
        "TF guides' deliberate trace-time print. A `print` that is rebound in the module or the function "
        "(a local `def print`, `from rich import print`) is not the builtin and is not flagged; nor is code "
        "under `if tf.executing_eagerly():`, in `tf.init_scope()`, or in a `tf.py_function` target. "
        "It reports only when a printed or logged value is a tensor by the shared tensor-ness analysis (a "
        "TensorFlow op's result, a Keras `call` input, a value every call in the file passes as a tensor, "
        "a container of those) or is an argument of the tf.function itself. Text, static shapes "
        "(`x.shape`, `x.shape[0]`, `x.shape.as_list()`), dtypes, names, `len(...)`, Python numbers and "
        "config values (also Python arithmetic on a static dimension, `x.shape[-1] // k`) are logged once "
        "per trace on purpose (\"building the model for shape ...\") and are not flagged, nor is an output "
        "call whose arguments call `.numpy()` (code meant to run eagerly; HYB009 covers it if it is traced). "
        "When nothing shows whether a value is a tensor, a builtin `print` is in the preview tier and the "
        "message says only that it runs once per trace; a logging call is then not flagged at all: logging "
        "is the channel graph builders use on purpose for build-time information (`logger.debug(\"BUILD "
        "%s\", ops)`), and on the ecosystem check such findings were wrong 29 times of 29. Nor is a print "
        "under a run-once guard (`if not self._built: ...; self._built = True`), or of a value with no "
        "tensor source at all: one made only of names bound outside the traced code (a closure over the "
        "factory's arguments, a module-level flag or config object, a `self` attribute stored only from "
        "constants and from constructor parameters or parameters with a Python default that nothing shows "
        "to be tensors) and Python arithmetic or `int`/`len`/`max` of them, or a name logged where an `isinstance` test of it failed (a wrong-type "
        "warning). A call under "
        "`if verbose:` (a parameter) runs while tracing only where the traced caller does not pass a contrary "
        "literal (`verbose=False`): the message names a traced caller that reaches it, and nothing is "
        "reported when no traced caller in the file does. In the traced entry point itself (a Keras `call`, "
        "a tf.function), which Keras or eager code calls, a call under `if logging:` whose parameter has a "
        "contrary literal default (`logging=False`; not `training` or `mask`, which Keras passes) runs only "
        "when a caller passes the parameter: it is reported when a call in the file passes a keyword of that "
        "name (not a contrary literal) or a call of the function passes it, in preview mode when only another "
        "module of the project passes such a keyword or calls the function (the message says it runs only when "
        "the flag is passed true), and not at all when nothing in the project does."
    )
    why_bad = (
        "A traced function's Python code runs only while TensorFlow traces it; later calls run the graph, "
        "so the print happens once (or once per retrace), not on every step, and what it prints are "
        "symbolic tensors (`Tensor(\"add:0\", shape=(), dtype=float32)`) rather than values. The TF guides "
        "list this among their main takeaways (don't rely on Python side effects such as printing; "
        "`print` runs only while tracing, `tf.print` runs every time), and Hybridize treats printing as a "
        "Python side effect that blocks hybridization (`HAS_PYTHON_SIDE_EFFECTS`). The study's abstract "
        "finds hybridization prone to API misuse (9 of its 159 labelled fix commits are categorised *API "
        "misuse*, and 4 more *Debuggability*); its fix-commit data does not count `print` separately, so "
        "this rule rests mainly on the TF guides. Misleading debug output sends users hunting for bugs that "
        "are not there, or hides a NaN that `tf.print` would have shown."
    )
    use_instead = (
        "`tf.print(...)`, which becomes an op in the graph and prints tensor values on every call "
        "(`output_stream=sys.stderr` replaces `file=`). Keep a deliberate trace-time message, say so in "
        "the text (\"Tracing ...\") or add `# noqa: HYB006`."
    )
    fix_safety_doc = (
        "Unsafe, by definition: the output changes on purpose (it appears on every call, with tensor "
        "values, in `tf.print`'s format). `print(a, b, sep=s, end=e)` becomes `tf.print(a, b, sep=s, "
        "end=e)` and `file=sys.stderr`/`sys.stdout` becomes `output_stream=...`. An f-string made only of "
        "text and plain `{name}` fields becomes `tf.print(\"text\", name, sep=\"\")`. Not offered with "
        "`flush=`, any other `file=`, `*args`/`**kwargs`, or when an argument formats a value into a string "
        "(format specs, `%`, `.format`, `str(x)`), since that would print the symbolic tensor again. When "
        "no name in the module is bound to TensorFlow (only `from tensorflow import function`), the fix "
        "also adds `import tensorflow as tf` after the imports above the function, unless `tf` is already "
        "bound to something else. Logging and stream writes are flagged without a fix."
    )
    references = (
        "https://www.tensorflow.org/guide/intro_to_graphs",
        "https://www.tensorflow.org/guide/function",
        "https://www.tensorflow.org/api_docs/python/tf/print",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    loss = tf.reduce_sum(x)\n"
            "    print(\"loss\", loss)\n"
            "    return loss\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    loss = tf.reduce_sum(x)\n"
            "    tf.print(\"loss\", loss)\n"
            "    return loss\n",
            name="bad-step",
        ),
        Bad(
            "import sys\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"x =\", x, sep=\"\", end=\";\\n\", file=sys.stderr)  # debugging\n"
            "    return x\n",
            flagged=["print"],
            fixed="import sys\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"x =\", x, sep=\"\", end=\";\\n\", output_stream=sys.stderr)  # debugging\n"
            "    return x\n",
            note="sep/end are kept, file=sys.stderr becomes output_stream",
            name="sep-end-are-kept-file",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x, step_id):\n"
            "    print(f\"step {step_id}: x={x}\")\n"
            "    return x\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x, step_id):\n"
            "    tf.print(\"step \", step_id, \": x=\", x, sep=\"\")\n"
            "    return x\n",
            note="an f-string of plain {name} fields is split into tf.print arguments",
            name="f-string-plain-name-fields",
        ),
        Bad(
            "from tensorflow import function\n"
            "import numpy as np\n\n"
            "@function\n"
            "def scale(x):\n"
            "    print(x)\n"
            "    return x * 2\n",
            flagged=["print"],
            fixed="from tensorflow import function\n"
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@function\n"
            "def scale(x):\n"
            "    tf.print(x)\n"
            "    return x * 2\n",
            note="no name is bound to tensorflow: the fix imports it",
            name="no-name-bound-tensorflow-fix",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def log_loss(loss):\n"
            "    print(\"loss\", loss)\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    loss = tf.reduce_mean(x)\n"
            "    log_loss(loss)\n"
            "    return loss\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "def log_loss(loss):\n"
            "    tf.print(\"loss\", loss)\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    loss = tf.reduce_mean(x)\n"
            "    log_loss(loss)\n"
            "    return loss\n",
            note="a helper called from a tf.function is traced with it",
            name="helper-called-from-tf-function",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    def square(v):\n"
            "        print(\"loss\", v)\n"
            "        return v * v\n"
            "    return tf.map_fn(square, x)\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    def square(v):\n"
            "        tf.print(\"loss\", v)\n"
            "        return v * v\n"
            "    return tf.map_fn(square, x)\n",
            note="a def handed to `tf.map_fn` in traced code runs in the trace",
            name="nested-def-passed-to-map-fn",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    def report(value):\n"
            "        print(\"loss\", value)\n"
            "    loss = tf.reduce_sum(x)\n"
            "    return loss\n",
            note="a def left in a tf.function but never called (nor handed on) never runs there",
            name="nested-def-never-called",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"loss\", x)\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"loss\", x)\n"
            "    return x\n",
            note="the first `step` is replaced before anything uses it (pyflakes F811): it never runs",
            name="shadowed-def-never-runs",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"loss\", x)\n"
            "    return x\n\n\n"
            "first = step(tf.constant([1.0]))\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"loss\", x)\n"
            "    return x\n",
            flagged=[("print", 0)],
            fixed="import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"loss\", x)\n"
            "    return x\n\n\n"
            "first = step(tf.constant([1.0]))\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"loss\", x)\n"
            "    return x\n",
            note="a def called before its redefinition runs",
            name="redefined-after-a-call",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        print(\"inputs\", inputs)\n"
            "        return inputs\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        tf.print(\"inputs\", inputs)\n"
            "        return inputs\n",
            note="Keras traces call() unless run_eagerly is set: reported at info severity",
            name="keras-traces-call-unless-run",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(f\"loss {tf.reduce_sum(x):.3f}\", flush=True)\n"
            "    print(\"mean %s\" % tf.reduce_mean(x))\n"
            "    return x\n",
            flagged=[("print", 0), ("print", 1)],
            note="no fix: flush=, and tensors formatted into strings",
        ),
        Bad(
            "import logging\n"
            "import sys\n"
            "import tensorflow as tf\n"
            "from tqdm import tqdm\n\n"
            "logger = logging.getLogger(__name__)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    log = tf.get_logger()\n"
            "    logging.info(\"x: %s\", x)\n"
            "    logger.warning(\"x is %s\", x)\n"
            "    log.debug(\"x is %s\", x)\n"
            "    sys.stdout.write(f\"x={x}\\n\")\n"
            "    tqdm.write(str(x))\n"
            "    return x\n",
            flagged=["logging.info", "logger.warning", "log.debug", "sys.stdout.write", "tqdm.write"],
            note="logging, loggers (module level or local), stream writes: flagged without a fix",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"Tracing with\", x)\n"
            "    print(f\"Retracing for shape {x.shape}\")\n"
            "    return x * 2\n",
            note="deliberate trace-time print (the TF guides' idiom)",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def normalize(x, verbose=True):\n"
            "    y = x / tf.reduce_sum(x)\n"
            "    if verbose:\n"
            "        print(\"loss\", y)\n"
            "    return y\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return normalize(x, verbose=False)\n",
            note="the traced caller passes `verbose=False`: the print never runs while tracing",
            name="traced-caller-passes-verbose-false",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, num_blocks=2):\n"
            "        super().__init__()\n"
            "        self.num_blocks = num_blocks\n\n"
            "    def call(self, inputs, training=False, logging=False):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        for i in range(self.num_blocks):\n"
            "            if logging:\n"
            "                print(\"block\", i, outputs)\n"
            "            outputs = tf.tanh(outputs) + inputs\n"
            "        return outputs\n",
            note="a debug switch of the Keras `call`, off by default (`logging=False`), that nothing passes: Keras "
            "passes only `training` and `mask`, so the print never runs while `call` is traced",
            name="keras-call-debug-flag-never-passed",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, num_blocks=2):\n"
            "        super().__init__()\n"
            "        self.num_blocks = num_blocks\n\n"
            "    def call(self, inputs, training=False, logging=False):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        for i in range(self.num_blocks):\n"
            "            if logging:\n"
            "                print(\"block\", i, outputs)\n"
            "            outputs = tf.tanh(outputs) + inputs\n"
            "        return outputs\n"
            "\n\n"
            "@tf.function\n"
            "def debug_forward(layer, x):\n"
            "    return layer(x, logging=True)\n",
            flagged=["print"],
            fixed=
            "import tensorflow as tf\n\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, num_blocks=2):\n"
            "        super().__init__()\n"
            "        self.num_blocks = num_blocks\n\n"
            "    def call(self, inputs, training=False, logging=False):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        for i in range(self.num_blocks):\n"
            "            if logging:\n"
            "                tf.print(\"block\", i, outputs)\n"
            "            outputs = tf.tanh(outputs) + inputs\n"
            "        return outputs\n"
            "\n\n"
            "@tf.function\n"
            "def debug_forward(layer, x):\n"
            "    return layer(x, logging=True)\n",
            note="the near miss: a call in the module passes `logging=True` (to whatever it calls: the layer is called "
            "through its instance), so the print may run while `call` is traced",
            name="keras-call-debug-flag-passed",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, num_blocks=2):\n"
            "        super().__init__()\n"
            "        self.num_blocks = num_blocks\n\n"
            "    def call(self, inputs, training=False, logging=False):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        for i in range(self.num_blocks):\n"
            "            if logging:\n"
            "                print(\"block\", i, outputs)\n"
            "            outputs = tf.tanh(outputs) + inputs\n"
            "        return outputs\n",
            flagged=["print"],
            fixed=
            "import tensorflow as tf\n\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, num_blocks=2):\n"
            "        super().__init__()\n"
            "        self.num_blocks = num_blocks\n\n"
            "    def call(self, inputs, training=False, logging=False):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        for i in range(self.num_blocks):\n"
            "            if logging:\n"
            "                tf.print(\"block\", i, outputs)\n"
            "            outputs = tf.tanh(outputs) + inputs\n"
            "        return outputs\n",
            path="pkg/encoder.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/debug.py",
                    "import tensorflow as tf\nfrom pkg.encoder import Encoder\n\n\n@tf.function\n"
                    "def debug_forward(x):\n    return Encoder()(x, logging=True)\n",
                ),
            ),
            preview=True,
            note="preview: only another module passes a `logging` keyword (this check does not see to what); the "
            "message says the print runs only when `logging` is passed true",
            name="keras-call-debug-flag-passed-elsewhere",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, num_blocks=2):\n"
            "        super().__init__()\n"
            "        self.num_blocks = num_blocks\n\n"
            "    def call(self, inputs, training=False, logging=False):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        for i in range(self.num_blocks):\n"
            "            if logging:\n"
            "                print(\"block\", i, outputs)\n"
            "            outputs = tf.tanh(outputs) + inputs\n"
            "        return outputs\n",
            path="pkg/encoder.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\nfrom pkg.encoder import Encoder\n\n\n@tf.function\n"
                    "def forward(x):\n    return Encoder()(x, training=True)\n",
                ),
            ),
            note="another module uses the layer, and no call in the project passes a `logging` keyword",
            name="keras-call-debug-flag-never-passed-in-project",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def report(x):\n"
            "    print(\"value\", x)\n\n"
            "report(tf.constant(1.0))\n",
            note="print outside graph code",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"loss\", x)\n"
            "    return x\n",
            name="good-step",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def show(x):\n"
            "    print(x.numpy())\n"
            "    return x\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return tf.py_function(show, [x], tf.float32)\n",
            note="a tf.py_function target runs eagerly",
            name="tf-py-function-target-runs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    if tf.executing_eagerly():\n"
            "        print(\"value\", x)\n"
            "    return x\n",
            note="only runs when tf.function is switched to eager",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def print(*values):\n"
            "    tf.print(*values)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"x\", x)\n"
            "    return x\n",
            note="a module function named print is not the builtin",
        ),
        Good(
            "import tensorflow as tf\n"
            "from rich import print as rprint\n\n"
            "@tf.function\n"
            "def step(x, print=rprint):\n"
            "    print(\"x\", x)\n"
            "    return x\n",
            note="a parameter named print is not the builtin",
        ),
        Good(
            "import tensorflow as tf\n"
            "from mylib import Recorder\n\n"
            "logger = Recorder()\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    logger.info(\"x\", x)\n"
            "    return x\n",
            note="an object that is not a logging logger",
        ),
        Bad(
            "def log_metrics(loss):\n"
            "    print(\"loss:\", loss)\n",
            flagged=["print"],
            path="pkg/metrics.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.metrics import log_metrics\n\n\n@tf.function\n"
                    "def train_step(x):\n    loss = tf.reduce_sum(x)\n    log_metrics(loss)\n    return loss\n",
                ),
            ),
            note="a helper module without TensorFlow, called from a tf.function in another module",
        ),
        Good(
            "def log_metrics(loss):\n"
            "    print(\"loss:\", loss)\n",
            path="pkg/metrics.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\nfrom pkg.metrics import log_metrics\n\n\n@tf.function\n"
                    "def train_step(x):\n    return tf.reduce_sum(x)\n\n\n"
                    "def train(dataset):\n    for x in dataset:\n        log_metrics(train_step(x))\n",
                ),
            ),
            note="the helper is called eagerly, with the tf.function's result",
        ),
        Good(
            "import logging\n"
            "import tensorflow as tf\n"
            "from absl import logging as absl_logging\n\n"
            "@tf.function\n"
            "def step(x, config):\n"
            "    sizes = [1, 2, 3]\n"
            "    logging.info(\"Building the step for inputs of shape %s, dtype %s\", x.shape, x.dtype)\n"
            "    absl_logging.warning(f\"rank {len(x.shape)}, {len(sizes)} sizes, last dim {x.shape[-1]}\")\n"
            "    tf.get_logger().info(\"input %s of %s\", x.name, x.shape.as_list())\n"
            "    tf.compat.v1.logging.info(\"Using %d sizes\", 3)\n"
            "    print(\"Compiling the step for\", type(x))\n"
            "    return x * 2\n",
            note="static shapes, dtypes, names, lengths, numbers and text: logged once per trace on purpose",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Residual(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        if inputs.shape[1:].num_elements() == 0:\n"
            "            tf.get_logger().warning(\n"
            "                \"Residual() called on an empty input state; skipping the connection.\"\n"
            "            )\n"
            "            return inputs\n"
            "        return inputs * 2\n",
            note="a warning made only of text, in a Keras call",
        ),
        Bad(
            "import logging\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(model, x, y):\n"
            "    loss = tf.reduce_mean(tf.square(model(x) - y))\n"
            "    logging.info(\"loss %s\", loss)\n"
            "    return loss\n",
            flagged=["logging.info"],
            note="logging a computed tensor",
            name="logging-computed-tensor",
        ),
        Bad(
            "import logging\n"
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.string)])\n"
            "def serve(serialized):\n"
            "    features = tf.io.parse_example(serialized, {\"x\": tf.io.FixedLenFeature([3], tf.float32)})\n"
            "    logging.info(\"serving features: %s\", features)\n"
            "    return features[\"x\"] * 2.0\n",
            flagged=["logging.info"],
            preview=True,
            note="weak evidence, shown only in preview mode: with a fixed `input_signature` the function is traced "
            "once (a SavedModel signature, at export), where a log of the parsed features is written on purpose",
            name="logging-in-fixed-signature",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def debug(value, tag=\"value\"):\n"
            "    print(tag, value)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    debug(x)\n"
            "    return x * 2\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "def debug(value, tag=\"value\"):\n"
            "    tf.print(tag, value)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    debug(x)\n"
            "    return x * 2\n",
            note="a debug helper printing the tf.function's argument, passed on to it",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from mylib import current_scale\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"scale\", current_scale(x))\n"
            "    return x\n",
            flagged=["print"],
            preview=True,
            note="preview: nothing shows whether the printed value is a tensor; the message says only "
            "\"once per trace\"",
        ),
        Good(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "class Augment:\n"
            "    def __init__(self, scale=1.0, shift=1, verbose=False):\n"
            "        self.scale = scale\n"
            "        self.shift = shift\n"
            "        self.verbose = verbose\n"
            "\n"
            "    def set_params(self, scale=1.0, shift=1):\n"
            "        self.scale = scale\n"
            "        self.shift = shift\n"
            "\n"
            "    def summary(self):\n"
            '        print("scale: {}, shift: {}".format(self.scale, self.shift))\n'
            "\n"
            "    @tf.function\n"
            "    def apply(self, images):\n"
            "        if not self.shift:\n"
            "            self.shift = 0\n"
            "        if self.verbose:\n"
            "            self.summary()\n"
            "        return tf.roll(images * self.scale, self.shift, axis=1)\n",
            note="configuration stored from the constructor's and a setter's Python parameters (or a constant "
            "while tracing): the summary shows the values the trace was built with",
            name="config-attributes-from-parameters",
        ),
        Bad(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "class Augment:\n"
            "    def __init__(self, scale=1.0, verbose=False):\n"
            "        self.scale = scale\n"
            "        self.verbose = verbose\n"
            "\n"
            "    def summary(self):\n"
            '        print("scale: {}".format(self.scale))\n'
            "\n"
            "    @tf.function\n"
            "    def apply(self, images, scale):\n"
            "        self.scale = scale\n"
            "        if self.verbose:\n"
            "            self.summary()\n"
            "        return images * self.scale\n",
            flagged=["print"],
            preview=True,
            note="preview: `self.scale` is also stored from the tf.function's argument while it is traced",
            name="attribute-stored-from-traced-argument",
        ),
        Good(
            "import logging\n\n"
            "import tensorflow as tf\n\n\n"
            "def make_test_step(model, metric):\n"
            "    @tf.function\n"
            "    def test_step(x):\n"
            "        if not metric:\n"
            "            logging.info(\"Skip test_step because metric is None (%s)\", metric)\n"
            "            return None\n"
            "        return model(x)\n\n"
            "    return test_step\n",
            note="a closure over the factory's argument: a Python object made before the trace",
            name="closure-python-value-logged",
        ),
        Good(
            "import re\n\n"
            "import tensorflow as tf\n"
            "from absl import flags, logging\n\n"
            "FLAGS = flags.FLAGS\n\n\n"
            "@tf.function\n"
            "def scale_grads(grads, names):\n"
            "    n_layer = 0\n"
            "    for name in names:\n"
            "        m = re.search(r\"layer_(\\d+)/\", name)\n"
            "        if m:\n"
            "            n_layer = max(n_layer, int(m.group(1)) + 1)\n"
            "    for l in range(n_layer):\n"
            "        rate = FLAGS.decay_rate ** (n_layer - 1 - l)\n"
            "        logging.info(\"Apply mult {:.4f} to layer-{}\".format(rate, l))\n"
            "        grads[l] *= rate\n"
            "    return grads\n",
            note="a flag's value and Python ints: build-time information, once per trace on purpose",
            name="flag-python-values-logged",
        ),
        Good(
            "import logging\n\n"
            "import tensorflow as tf\n\n\n"
            "def summarize_images(images):\n"
            "    if not isinstance(images, list):\n"
            "        logging.warning(\"expects a list of images, got %s: %s\", type(images), images)\n"
            "        return\n"
            "    tf.summary.image(\"images\", images[0], step=0)\n\n\n"
            "@tf.function\n"
            "def test_step(model, x):\n"
            "    outputs = model(x)\n"
            "    summarize_images(outputs[\"images\"])\n"
            "    return outputs[\"loss\"]\n",
            note="reports a wrong Python type, which each trace decides; nothing shows the value is a tensor",
            name="type-mismatch-warning",
        ),
        Good(
            "import logging\n\n"
            "import tensorflow as tf\n\n"
            "logger = logging.getLogger(__name__)\n\n\n"
            "def build_step(ops, signals):\n"
            "    logger.debug(\"BUILD %s\", ops)\n"
            "    logger.debug(\"reads %s\", [op.reads for op in ops])\n"
            "    return [signals[op.key] for op in ops]\n\n\n"
            "class Simulator(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        return build_step(self.ops, self.signals)\n",
            note="a graph builder's debug log of values nothing shows to be tensors: build-time logging, on purpose",
            name="builder-debug-log-unknown-values",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Unpool(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        pw, ph = self.pool_size\n"
            "        channels = inputs.shape[-1] // (pw * ph)\n"
            "        print(\"channels\", channels)\n"
            "        return tf.reshape(inputs, (-1, pw, ph, channels))\n",
            note="Python arithmetic on a static dimension is a Python int: once per trace is all it can show",
            name="static-dimension-arithmetic-printed",
        ),
        Good(
            "import time\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def augment(images):\n"
            "    start = time.time()\n"
            "    out = tf.image.flip_left_right(images)\n"
            "    minutes = (time.time() - start) / 60\n"
            "    print(\"augmented in\", minutes, \"minutes\")\n"
            "    return out\n",
            note="a duration from clock reads is a Python number, no tensor: `tf.print` would not show each call's "
            "time either. HYB023 reports the clock reads, with what to use instead (`tf.timestamp()`)",
            name="clock-duration-printed",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Net(tf.keras.Model):\n"
            "    def train_step(self, data):\n"
            "        x, y = data\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = tf.reduce_mean(tf.square(self(x) - y))\n"
            "        grads = tape.gradient(loss, self.trainable_variables)\n"
            "        if self.print_gradients:\n"
            "            for name, g in zip(self.layer_names, grads):\n"
            "                print(f\"{name}: {tf.norm(g).numpy()}\")\n"
            "        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))\n"
            "        return {\"loss\": loss}\n",
            note="an argument calls `.numpy()`: code meant to run eagerly (HYB009's concern if it is traced)",
            name="eager-only-debug-print",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class AuxLoss(tf.keras.Model):\n"
            "    def train_step(self, data):\n"
            "        if not self.aux_built:\n"
            "            if self.mode == \"stochastic\":\n"
            "                print(f\"INFO: sampling {100 * self.fraction}% of the weights.\")\n"
            "            self.aux_built = True\n"
            "        return {\"loss\": tf.reduce_mean(self(data))}\n",
            note="a one-time message under a run-once guard: meant to appear once",
            name="one-time-message-under-run-once-guard",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "if __name__ == \"__main__\":\n"
            "    class Probe(tf.keras.Model):\n"
            "        def __init__(self):\n"
            "            super().__init__()\n"
            "            self.dense = tf.keras.layers.Dense(3)\n\n"
            "        def call(self, x):\n"
            "            out = self.dense(x)\n"
            "            print(out)\n"
            "            return out\n\n"
            "    probe = Probe()\n"
            "    probe(tf.ones([2, 4]))\n",
            note="a model the script block defines and only calls directly runs eagerly: `print` shows values",
            name="main-block-model-called-eagerly",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "if __name__ == \"__main__\":\n"
            "    class Probe(tf.keras.Model):\n"
            "        def __init__(self):\n"
            "            super().__init__()\n"
            "            self.dense = tf.keras.layers.Dense(3)\n\n"
            "        def call(self, x):\n"
            "            out = self.dense(x)\n"
            "            print(out)\n"
            "            return out\n\n"
            "    probe = Probe()\n"
            "    probe.compile(\"sgd\", \"mse\")\n"
            "    probe.fit(tf.ones([2, 4]), tf.ones([2, 3]), verbose=0)\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "if __name__ == \"__main__\":\n"
            "    class Probe(tf.keras.Model):\n"
            "        def __init__(self):\n"
            "            super().__init__()\n"
            "            self.dense = tf.keras.layers.Dense(3)\n\n"
            "        def call(self, x):\n"
            "            out = self.dense(x)\n"
            "            tf.print(out)\n"
            "            return out\n\n"
            "    probe = Probe()\n"
            "    probe.compile(\"sgd\", \"mse\")\n"
            "    probe.fit(tf.ones([2, 4]), tf.ones([2, 3]), verbose=0)\n",
            note="the same model handed to `fit`: Keras traces `call`",
            name="main-block-model-fit",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def mixup(dataset, mixup_size):\n"
            "    shuffled = dataset.shuffle(mix_size)\n"
            "    zipped = tf.data.Dataset.zip((dataset, shuffled))\n\n"
            "    def mix(data, other):\n"
            "        print(data)\n"
            "        return data + other\n\n"
            "    return zipped.map(mix)\n",
            note="never reached: `mix_size` is bound nowhere (the parameter is `mixup_size`), so the statement "
            "before the `map` raises NameError on every run and `mix` is never traced (a broken copy the project "
            "no longer uses; the twentieth batch's record run, tftk)",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def mixup(dataset, mixup_size):\n"
            "    shuffled = dataset.shuffle(mixup_size)\n"
            "    zipped = tf.data.Dataset.zip((dataset, shuffled))\n\n"
            "    def mix(data, other):\n"
            "        print(data)\n"
            "        return data + other\n\n"
            "    return zipped.map(mix)\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n\n"
            "def mixup(dataset, mixup_size):\n"
            "    shuffled = dataset.shuffle(mixup_size)\n"
            "    zipped = tf.data.Dataset.zip((dataset, shuffled))\n\n"
            "    def mix(data, other):\n"
            "        tf.print(data)\n"
            "        return data + other\n\n"
            "    return zipped.map(mix)\n",
            note="the near miss: the name is the parameter, the `map` is reached and traces `mix`",
            name="map-after-bound-names",
        ),
    )

    # Real TensorFlow (tests/oracle): over 3 calls `print` writes once (at the trace), eagerly 3 times;
    # `tf.print` writes on every call.
    oracle = Oracle(
        symptom=SideEffects(marker="loss"),
        runs={
            "bad-step": "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            "sep-end-are-kept-file": Run("outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]", symptom=SideEffects(marker="x =")),
            "f-string-plain-name-fields": Run(
                "outputs = [step(tf.constant([1.0]), tf.constant(i)) for i in range(3)]",
                symptom=SideEffects(marker="step "),
            ),
            "no-name-bound-tensorflow-fix": Run(
                "outputs = [scale(tf.constant([7.25])) for _ in range(3)]",
                symptom=SideEffects(marker="7.25", what="printed values"),
            ),
            "helper-called-from-tf-function": "outputs = [train_step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            "nested-def-passed-to-map-fn": "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            "nested-def-never-called": "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            "shadowed-def-never-runs": "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            "keras-call-debug-flag-passed": Run(
                "layer = Encoder()\noutputs = [debug_forward(layer, tf.ones([2, 3])) for _ in range(3)]",
                symptom=SideEffects(marker="block"),
            ),
            "keras-call-debug-flag-never-passed": Run(
                "layer = Encoder()\nforward = tf.function(lambda t: layer(t))\n"
                "outputs = [forward(tf.ones([2, 3])) for _ in range(3)]",
                symptom=SideEffects(marker="block"),
            ),
            "keras-traces-call-unless-run": Run(
                "layer = Block()\nforward = tf.function(lambda t: layer(t))\n"
                "outputs = [forward(tf.constant([1.0])) for _ in range(3)]",
                symptom=SideEffects(marker="inputs"),
            ),
            "attribute-stored-from-traced-argument": Run(
                "aug = Augment(verbose=True)\noutputs = [aug.apply(tf.ones([2, 3]), tf.constant(2.0)) for _ in range(3)]",
                symptom=SideEffects(marker="scale: "),
            ),
            "good-step": "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            "traced-caller-passes-verbose-false": "outputs = [step(tf.constant([1.0, 3.0])) for _ in range(3)]",
            "tf-py-function-target-runs": Run(
                "outputs = [step(tf.constant([7.25])) for _ in range(3)]",
                symptom=SideEffects(marker="7.25", what="printed values"),
            ),
            "logging-computed-tensor": Run(
                "outputs = [train_step(model, tf.ones([2, 1]), tf.ones([2, 1])) for _ in range(3)]",
                setup="import logging\nlogging.basicConfig(level=logging.INFO, force=True)\nmodel = lambda t: t * 2\n",
                symptom=SideEffects(marker="loss "),
            ),
        },
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)
        self.tensors = tensors_for(ctx.facts)
        self.effects = effects_for(ctx.facts)

    # -- detection -------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        kind = self.effects.output_kind(node, ctx.function)
        if kind is None:
            return
        message_arg = _message_argument(node, kind)
        if message_arg is not None:
            text = _literal_text(message_arg)
            if text is not None and TRACE_MARK in text.lower():
                return
        if _calls_eager_only(node):
            return  # `print(t.numpy())` only works eagerly: the code is meant to run eagerly (HYB009 if traced)
        evidence = self._evidence(node, kind)
        if evidence is None:
            return  # only text and static values (shapes, dtypes, config, numbers): once per trace on purpose
        fn = ctx.function
        live = self.an.live_graph(node, fn)
        if live is None:
            return  # under `if verbose:` and every traced caller passes `verbose=False`
        graph = live
        related = graph_related(fn, ctx.source, graph) if fn is not None else []
        who = "this lambda" if fn is None or fn.name == "<lambda>" else f"`{fn.name}`"
        why = graph.describe()
        label = "print" if kind == "print" else _display_name(ctx.source.segment(node.func))
        shown, because = evidence
        if because == ARGUMENT:
            part = "an argument" if shown.isidentifier() else "part of an argument"
            origin = graph.origin.name
            if graph.origin is fn:
                what = f"`{shown}`, {part} of the tf.function `{origin}`, as a symbolic tensor whenever a tensor is passed"
            else:
                what = (
                    f"`{shown}`, passed on from {part} of the tf.function `{origin}`, as a symbolic tensor whenever "
                    "a tensor is passed"
                )
        else:
            what = f"`{shown}` as a symbolic tensor instead of its value ({because})"
        if because is None:
            # Nothing shows a tensor among the values. A logging call is the channel libraries use on
            # purpose for build-time information (a graph builder's `logger.debug`), and a one-time
            # message under a run-once guard is meant to appear once: only a bare `print` is worth a
            # hint, and it says only what is certain.
            if kind != "print" or self.an.lazy_guard(node, fn) is not None:
                return
            self.report(
                node.func,
                f"`{label}` runs only while {who} is traced ({why}), once per trace, not on every call. "
                f"If `{shown}` is a tensor, use `tf.print` to show its value at run time.",
                related=related,
                severity=Severity.INFO,
                preview=True,
            )
            return
        if kind == "print":
            message = (
                f"`print` runs only while {who} is traced ({why}), not on every call, and it prints {what}; "
                "use `tf.print` to print at run time."
            )
            # Fixes are built later, after the walk has moved on: capture where we are now.
            scope, top = fn, (ctx.ancestors[0] if ctx.ancestors else None)
            fix = lambda: self._print_fix(node, scope, top)  # noqa: E731
        else:
            origin = graph.origin
            uses = origin.applications
            if uses and all(use.has_input_signature for use in uses):
                # Traced once per fixed signature (a SavedModel signature, at export): a log call there is
                # how build-time information is written, so that it is not wanted on every call is not shown.
                self.report(
                    node.func,
                    f"`{label}` runs only while {who} is traced ({why}), and it shows {what}. `{origin.name}` has a "
                    "fixed `input_signature`, so it is traced once: a log meant for that trace (at export, for a "
                    "SavedModel signature) is fine; to log on every call, use `tf.print` (with `output_stream=`).",
                    related=related,
                    severity=Severity.INFO,
                    preview=True,
                )
                return
            message = (
                f"`{label}` runs only while {who} is traced ({why}), not on every call, and it shows {what}; "
                "use `tf.print` (with `output_stream=`) or log outside the traced code."
            )
            fix = None
        self.report(
            node.func,
            message,
            fix=fix,
            related=related,
            severity=Severity.WARNING if graph.confident else Severity.INFO,
            preview=graph.flag is not None,  # runs only if another module passes the flag
        )

    # -- what is printed -----------------------------------------------------------------------

    def _evidence(self, call: ast.Call, kind: str) -> Optional[Tuple[str, Optional[str]]]:
        """(shown value, why it is a tensor) for the first printed value the tensor-ness analysis shows to
        be a tensor; (shown value, None) when some value's tensor-ness is unknown; None when every value
        is text or a static Python value."""
        values: List[ast.expr] = []
        args = list(call.args)
        if kind == "log" and isinstance(call.func, ast.Attribute) and call.func.attr == "log":
            args = args[1:]  # log(level, msg, ...)
        for arg in args:
            values.extend(_printed_values(arg))
        unknown: Optional[ast.expr] = None
        for value in values:
            because = self._tensor_reason(value)
            if because is None:
                continue
            if because:
                return shorten(self.ctx.source.segment(value)), because
            unknown = unknown or value
        if unknown is not None:
            return shorten(self.ctx.source.segment(unknown)), None
        return None

    def _tensor_reason(self, value: ast.expr) -> Optional[str]:
        """Why `value` is a tensor (a non-empty reason); "" when that is unknown; None when it is a
        static Python value (text, a number, a shape, a dtype, a name, config)."""
        if _static_chain(value):
            return None
        info = self.ctx.function
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in STATIC_BUILTINS
            and self.an.is_builtin(value.func.id, info)
        ):
            return None  # `type(x)`, `len(xs)`, `isinstance(...)`: Python values even of a tensor
        inference = self.tensors.infer(value, info)
        if inference.kind is Kind.TENSOR:
            return inference.reason or "a tensor"
        if inference.kind is Kind.PY_CONTAINER:
            members = list(inference.items or ()) + ([inference.element] if inference.element is not None else [])
            if any(m.kind is Kind.TENSOR for m in members):
                return "a Python container of tensors"
            if inference.tag is not None or (members and all(m.known for m in members)):
                return None
            return ""
        if inference.known:
            return None
        if self._traced_argument(value, info):
            return ARGUMENT
        if self._from_static_shape(value, info):
            return None  # `x.shape[-1] // k`: Python arithmetic on a static dimension
        if self.an.made_before_trace(value, info) or self._type_mismatch_branch(value, info):
            return None  # no tensor evidence at all: a closure's or a flag's Python value, a wrong type reported
        return ""

    def _from_static_shape(self, value: ast.expr, info: Optional[FunctionInfo], depth: int = 0) -> bool:
        """`value` is Python arithmetic on a static shape (`x.shape[-1] // (pw * ph)`), or a local name
        only ever bound to such: a Python int (or None), whatever the other operands are, unless one of
        them is shown to be a tensor."""
        if depth > 4:
            return False
        if _static_chain(value):
            return True
        if isinstance(value, ast.UnaryOp):
            return self._from_static_shape(value.operand, info, depth + 1)
        if isinstance(value, ast.BinOp):
            sides = (value.left, value.right)
            if any(self.tensors.infer(side, info).is_tensor for side in sides):
                return False
            return any(self._from_static_shape(side, info, depth + 1) for side in sides)
        if isinstance(value, ast.Name) and info is not None:
            bound = self.an.assignments(info).get(value.id)
            return bool(bound) and all(v is not None and self._from_static_shape(v, info, depth + 1) for v in bound)
        return False

    def _type_mismatch_branch(self, value: ast.expr, info: Optional[FunctionInfo]) -> bool:
        """`value` is a name printed where an `isinstance` test of it failed (`if not isinstance(images,
        list): logging.warning(... images)`): the message reports a wrong Python type, decided per trace."""
        if not isinstance(value, ast.Name) or info is None:
            return False
        for child, parent in self.an.climb(value, info.node):
            if not isinstance(parent, ast.If) or child is parent.test:
                continue
            test, holds = parent.test, any(child is stmt for stmt in parent.body)
            while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                test, holds = test.operand, not holds
            if (
                not holds
                and isinstance(test, ast.Call)
                and isinstance(test.func, ast.Name)
                and test.func.id == "isinstance"
                and len(test.args) == 2
                and isinstance(test.args[0], ast.Name)
                and test.args[0].id == value.id
                and self.an.is_builtin("isinstance", info)
            ):
                return True
        return False

    def _traced_argument(self, value: ast.expr, info: Optional[FunctionInfo], depth: int = 0) -> bool:
        """A parameter of the tf.function itself (no default, never rebound), or an item of one
        (`batch["image"]`): what tf.function callers usually pass is tensors, and the analysis saw
        nothing else. Also a helper's parameter when every traced call of it in this file passes such
        an argument on (`log(x)` from the tf.function)."""
        while isinstance(value, ast.Subscript):
            value = value.value
        if not isinstance(value, ast.Name) or info is None or isinstance(info.node, ast.Lambda) or depth > 3:
            return False
        graph = info.graph
        if graph is None or value.id in self.an.assignments(info):
            return False
        args = info.node.args
        positional = args.posonlyargs + args.args
        defaults = len(args.defaults)
        plain = positional[: len(positional) - defaults] if defaults else positional
        if info.cls is not None and plain and plain[0].arg in ("self", "cls"):
            plain = plain[1:]
        plain = plain + [a for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
        if value.id not in {a.arg for a in plain if a.annotation is None}:
            return False
        if graph.origin is info and graph.reason in ("decorated", "wrapped"):
            return True
        if graph.reason != "called" or graph.external is not None:
            return False
        sites = [s for s in info.callers if not s.is_reference and s.caller is not None and s.caller.graph is not None]
        if not sites or any(s.is_reference for s in info.callers):
            return False
        for site in sites:
            bound = self.an.bound_call(site.node, info)
            passed = [arg for name, arg in self.an.map_arguments(site.node, info, bound) if name == value.id]
            if len(passed) != 1 or not self._traced_argument(passed[0], site.caller, depth + 1):
                return False
        return True

    def _print_fix(self, call: ast.Call, scope: Optional[FunctionInfo], top: Optional[ast.AST]) -> Optional[Fix]:
        ctx = self.ctx
        edits: List[Edit] = []
        has_sep = False
        for kw in call.keywords:
            if kw.arg is None:
                return None
            if kw.arg == "sep":
                has_sep = True
            elif kw.arg == "file":
                if ctx.facts.qualname(kw.value, scope) not in STD_STREAMS:
                    return None
                start = ctx.span(kw)
                edits.append(Edit(start._replace(end_line=start.line, end_col=start.col + 4), "output_stream"))
            elif kw.arg != "end":
                return None  # flush= has no tf.print equivalent; unknown keywords would raise
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                return None
            if not self._formats_into_string(arg, scope):
                continue
            if len(call.args) == 1 and not has_sep and _plain_fstring(arg):
                edits.append(Edit(ctx.span(arg), self._split_fstring(arg)))
                continue
            return None
        alias, import_edit = self._tf_name(scope, top)
        if alias is None:
            return None
        edits.append(Edit(ctx.span(call.func), f"{alias}.print"))
        if import_edit is not None:
            edits.append(import_edit)
        return Fix("Use tf.print", tuple(edits), FixSafety.UNSAFE)

    def _formats_into_string(self, arg: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        for node in ast.walk(arg):
            if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
                return True
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_string(node.left):
                return True
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "format":
                    return True
                if isinstance(func, ast.Name) and func.id in BUILTIN_FORMATTERS and self.an.is_builtin(func.id, scope):
                    return True
        return False

    def _split_fstring(self, arg: ast.JoinedStr) -> str:
        quote = _quote_char(self.ctx.source.segment(arg))
        pieces = []
        for value in arg.values:
            if isinstance(value, ast.Constant):
                if value.value:
                    pieces.append(_string_literal(value.value, quote))
            else:
                pieces.append(value.value.id)  # type: ignore[attr-defined]
        text = ", ".join(pieces)
        if len(pieces) > 1:
            text += f", sep={quote}{quote}"
        return text

    def _tf_name(
        self, scope: Optional[FunctionInfo], top: Optional[ast.AST]
    ) -> Tuple[Optional[str], Optional[Edit]]:
        """The name to spell `tf.print` with here, and the import to add when there is none."""
        ctx = self.ctx
        candidates = ["tf"]
        alias = ctx.facts.tf_module_alias()
        if alias is not None:
            candidates.append(alias)
        candidates.extend(name for name, qual in ctx.facts.imports.items() if qual == TF_V1)
        for name in candidates:
            if ctx.facts.qualname(ast.Name(id=name, ctx=ast.Load()), scope) in (TF, TF_V1):
                return name, None
        if not self._is_unbound("tf", scope):
            return None, None
        # After the last top-level import above the statement being fixed, so the name exists before any
        # code that could run the function.
        edit = add_import(ctx.source, ctx.tree, NEW_IMPORT, before=top)
        return ("tf", edit) if edit is not None else (None, None)

    def _is_unbound(self, name: str, scope: Optional[FunctionInfo]) -> bool:
        while scope is not None:
            if name in scope.locals:
                return False
            scope = scope.parent
        return name not in self.ctx.facts.imports and name not in self.an.assignments(None)


# -- helpers ------------------------------------------------------------------------------------


def _calls_eager_only(call: ast.Call) -> bool:
    """An argument calls `.numpy()`/`.item()`: values only eager code has."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in EAGER_ONLY_METHODS
        and not node.args
        and not node.keywords
        for arg in list(call.args) + [k.value for k in call.keywords]
        for node in ast.walk(arg)
    )


def _message_argument(call: ast.Call, kind: str) -> Optional[ast.expr]:
    args = call.args
    if kind == "log" and isinstance(call.func, ast.Attribute) and call.func.attr == "log":
        return args[1] if len(args) > 1 else None  # log(level, msg, ...)
    return args[0] if args else None


def _literal_text(expr: ast.expr) -> Optional[str]:
    """The literal text of a message argument: a string, the text parts of an f-string, or the
    literal being formatted (`"..." % x`, `"...".format(x)`, `"..." + x`)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        return "".join(v.value for v in expr.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Mod, ast.Add)):
        return _literal_text(expr.left)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
        return _literal_text(expr.func.value)
    return None


def _is_string(expr: ast.expr) -> bool:
    return isinstance(expr, ast.JoinedStr) or (isinstance(expr, ast.Constant) and isinstance(expr.value, str))


def _plain_fstring(expr: ast.expr) -> bool:
    """An f-string of literal text and bare `{name}` fields (no conversion, no format spec)."""
    if not isinstance(expr, ast.JoinedStr):
        return False
    for value in expr.values:
        if isinstance(value, ast.Constant):
            continue
        if not (
            isinstance(value, ast.FormattedValue)
            and isinstance(value.value, ast.Name)
            and value.conversion == -1
            and value.format_spec is None
        ):
            return False
    return True


def _quote_char(literal_source: str) -> str:
    for ch in literal_source:
        if ch in "\"'":
            return ch
    return '"'


def _string_literal(text: str, quote: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + quote)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable():
            out.append(repr(ch)[1:-1])
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def _display_name(func_source: str) -> str:
    flat = " ".join(func_source.split())
    return flat if len(flat) <= 40 else flat.rsplit(".", 1)[-1]


STATIC_BUILTINS = frozenset({"type", "len", "id", "isinstance", "issubclass", "callable", "hasattr"})
STATIC_ATTRIBUTES = frozenset({"shape", "dtype", "name", "ndim", "rank", "device", "__name__", "__class__"})


def _printed_values(arg: ast.expr) -> List[ast.expr]:
    """The values an output argument shows: the fields of f-strings, the operands of `%`, `+` and
    `.format`, the items of literal containers, the argument of `str()`/`repr()`; text literals drop out."""
    if isinstance(arg, ast.Constant):
        return []
    if isinstance(arg, ast.JoinedStr):
        found: List[ast.expr] = []
        for part in arg.values:
            if isinstance(part, ast.FormattedValue):
                found.extend(_printed_values(part.value))
        return found
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, (ast.Mod, ast.Add)):
        return _printed_values(arg.left) + _printed_values(arg.right)
    if isinstance(arg, (ast.Tuple, ast.List, ast.Set)):
        return [v for elt in arg.elts for v in _printed_values(elt)]
    if isinstance(arg, ast.Dict):
        return [v for value in arg.values for v in _printed_values(value)]
    if isinstance(arg, ast.Starred):
        return _printed_values(arg.value)
    if isinstance(arg, (ast.ListComp, ast.SetComp, ast.GeneratorExp)) and _static_chain(arg.elt):
        return []  # `[v.name for v in variables]`
    if isinstance(arg, ast.Call):
        func = arg.func
        if isinstance(func, ast.Attribute) and func.attr == "format" and _is_string(func.value):
            return [v for a in list(arg.args) + [k.value for k in arg.keywords] for v in _printed_values(a)]
        if isinstance(func, ast.Attribute) and func.attr == "join" and _is_string(func.value) and arg.args:
            return _printed_values(arg.args[0])
        if isinstance(func, ast.Name) and func.id in ("str", "repr") and len(arg.args) == 1:
            return _printed_values(arg.args[0])
    return [arg]


def _static_chain(value: ast.expr) -> bool:
    """`x.shape`, `x.shape[1:]`, `x.shape.as_list()`, `t.dtype.name`, `layer.name`: static whatever `x` is."""
    node = value
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in STATIC_ATTRIBUTES:
                return True
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value if node.func.attr in ("as_list", "num_elements", "is_fully_defined") else None
            if node is None:
                return False
            return _static_chain(node) or isinstance(node, ast.Attribute) and node.attr == "shape"
        else:
            return False
