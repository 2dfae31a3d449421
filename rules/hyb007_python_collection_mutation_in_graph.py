"""HYB007 python-collection-mutation-in-graph."""

from __future__ import annotations

import ast
from typing import Iterator, List, Optional, Tuple

from hybridlint.analysis import TEST_PATH, analysis_for, function_label, graph_related, traced_severity
from hybridlint.effects import (
    CLOSURE,
    GLOBAL,
    LIST_ONLY_METHODS,
    MUTATING_METHODS,
    MUTATION,
    NONLOCAL,
    PARAMETER,
    RECEIVER_GIVEN,
    RECEIVER_NEW,
    SELF,
    Effect,
    effects_for,
)
from hybridlint.facts import FunctionInfo, GraphInfo, dotted_parts, iter_children, walk_nodes
from hybridlint.oracle import EagerMismatch, Oracle, Raises, Run, SideEffects
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import DATASET, Inference, Kind, autograph_enabled, tensors_for

ONCE_PER_OBJECT = frozenset({"__init__", "build"})
# The other modules of the examples whose project is the `keras` package itself: a layer of another module of
# the package adds a loss through the base class's `add_loss`.
_OWN_KERAS_PACKAGE = (
    ("keras/engine/__init__.py", ""),
    ("keras/layers/__init__.py", ""),
    (
        "keras/layers/regularization.py",
        "from ..engine.base_layer import Layer\n\n\n"
        "class ActivityRegularization(Layer):\n"
        "    def __init__(self, l2=0.01):\n"
        "        super(ActivityRegularization, self).__init__()\n"
        "        self.l2 = l2\n\n"
        "    def call(self, inputs):\n"
        "        self.add_loss(self.l2 * (inputs ** 2).sum(), inputs)\n"
        "        return inputs\n",
    ),
)
CAPTURE_ERROR = "InaccessibleTensorError ('... is out of scope and cannot be used here')"
KIND_WORD = {GLOBAL: "global", CLOSURE: "closure variable", NONLOCAL: "nonlocal", SELF: "attribute",
             PARAMETER: "argument's"}



class PythonCollectionMutationInGraph(Rule):
    code = "HYB007"
    name = "python-collection-mutation-in-graph"
    severity = Severity.WARNING
    preview = True
    reads_index = frozenset({"effects"})  # other modules' functions' side effects (`effects_for`)
    summary = "A Python list/dict/set that outlives the call is mutated in traced code"
    needs_traced_code = True  # reports only in code that runs as a graph
    graph_findings = True  # its findings rest on the code being traced (preview where that is weak)

    what_it_does = (
        "In code that runs as a graph, flags (a) in-place changes of a Python collection that lives outside "
        "the call: `.append/.extend/.insert/.pop/.remove/.clear/.update/.setdefault/.add/.discard/...`, item "
        "assignment, deletion or augmented assignment on a module global, a closure variable, `self.<attr>` "
        "or an object passed in (`obj.items.append`); a local that only aliases one of those counts too. "
        "List-only methods (`append`, `extend`, `insert`) need no more evidence unless the receiver is an object "
        "of another class (`self.history = Buffer()`: its own `append`); the others need the receiver "
        "to be known as a Python collection (`history = []`, `self.cache = {}`). (b) A local list or dict "
        "grown inside a loop that AutoGraph turns into a `tf.while_loop` (over `tf.range`, a tensor or a "
        "dataset, or a `while` on a tensor) while the collection was created before the loop: an error. "
        "Not flagged: mutations under a lazy-initialisation guard (`if key not in self._cache:`), in "
        "`__init__`/`build`, under `tf.init_scope()`/`if tf.executing_eagerly():`, containers TensorFlow "
        "repacks when passing them in (a parameter mutated directly), locals of a traced function changed "
        "by a helper nested in it, collections given a fresh value earlier in the same call on the way to the "
        "mutation (`self._losses = {}` then `self._losses[k] = ...`, also inside the same `if self._x is None:` "
        "block, inside a `with` block before it, or from a copy or a list Keras builds on each access such as "
        "`model.trainable_variables`: they do not outlive the call), a fixed key overwritten on every call "
        "(`self.endpoints[\"head\"] = x`, or a key that is a constant of another module, `d[fields.BOXES] = x`) when "
        "every read of that attribute in the module runs in traced code or in a method the project calls with no "
        "call shown eager (a per-trace slot that does not grow, used within the trace), a collection the class's `__call__` "
        "gives a fresh value before it runs the traced `call` (`self._losses = {}` then `super().__call__(...)`), "
        "or that another method of the class starts afresh (a new collection, `.clear()`, or `None` so the next "
        "call makes one) when that method runs while tracing (a `reset()` the traced build calls) or the project "
        "calls it with no call shown eager (`for layer in self.layers: layer.reset()` in another module's traced "
        "step; a reset called only at module level, in a test or from code nothing traces still counts), "
        "the collection of an object of a plain class (not Keras, not a tf.Module) whose method is traced only "
        "because traced code calls it, when every traced call shown is on an object that call makes (`boxes = "
        "BoxList(b)` or a function's result, then `boxes.add_field(...)`; an argument replaced by one before the "
        "call counts too, and so does an argument of a private helper of the module that every call of the helper "
        "gives such an object, `_copy_extra_fields(clipped, boxlist)`): it lives only as long as that call (when no call shown is on state that outlives the "
        "call, such as a global or an attribute of `self`, but some is on an object given to the caller, the "
        "finding is preview), "
        "code whose only trace shown starts in a test module (tests trace code on purpose), the `call` family of "
        "standalone Keras classes where the project targets Keras before 2.4, by a `keras` requirement or by being "
        "the `keras` package itself (multi-backend Keras, which builds `call` once in a graph without tf.function: "
        "weak evidence in the class's own module, and no trace of what it calls in other modules), fixed keys overwritten with values not shown to be tensors (`d[\"k\"] = 0.5`, "
        "`d.update(**kwargs)` of the call's own keywords: the same after one run or many; a value that reads "
        "the slot, `d[\"n\"] = d[\"n\"] + 1`, still counts), and test files (tests count traces this way on purpose). A "
        "property's getter and setter are different functions: reading `self.x` in traced code does not trace "
        "the setter. An object passed to a function nested in traced code (a lambda given to "
        "`tree.map_structure`) is most often the enclosing call's own data, so that case is preview."
    )
    why_bad = (
        "A traced function's Python code runs only while TensorFlow traces it. A list append or a dict update "
        "there happens once per trace, not once per call, and what it stores are symbolic tensors that fail "
        "when used outside the graph. Inside a loop that AutoGraph converts into `tf.while_loop`, the body is "
        "traced once as a separate function, so the list gets one symbolic element from an inner graph and "
        f"reading it after the loop raises {CAPTURE_ERROR}. The TF guide's main takeaways warn against relying "
        "on Python side effects such as list appends, and the AutoGraph limitations forbid growing Python "
        "collections in converted loops. The study's abstract reports hybridization as prone to API misuse; "
        "Hybridize refuses functions with Python side effects (`HAS_PYTHON_SIDE_EFFECTS`)."
    )
    use_instead = (
        "Return the values from the traced function and collect them outside it; inside a converted loop use "
        "`tf.TensorArray` (`ta = ta.write(i, v)` then `ta.stack()`); keep per-call state in a `tf.Variable`."
    )
    fix_safety_doc = (
        "No fix: where the values should go instead (a return value, a `tf.TensorArray` whose dtype must be "
        "known, a variable) is the author's decision."
    )
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/reference/limitations.md",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "history = []\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    loss = tf.reduce_sum(x)\n"
            "    history.append(loss)\n"
            "    return loss\n",
            flagged=["history.append(loss)"],
            name="bad-step",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def cumulative(n):\n"
            "    parts = []\n"
            "    for i in tf.range(n):\n"
            "        parts.append(i * 2)\n"
            "    return tf.stack(parts)\n",
            flagged=["parts.append(i * 2)"],
            note="a list grown in a loop that AutoGraph converts: an error",
            name="list-grown-loop-that-autograph",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Tracker(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.stats = {}\n\n"
            "    def call(self, x):\n"
            "        self.stats[\"mean\"] = tf.reduce_mean(x)\n"
            "        return x\n",
            flagged=["self.stats[\"mean\"]"],
            note="Keras traces `call` unless the model runs eagerly",
            name="keras-traces-call-unless-model",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Box:\n"
            "    def __init__(self, data):\n"
            "        self.data = data\n\n\n"
            "class Recorder(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.seen = Box([])\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        seen = self.seen\n"
            "        tf.nest.map_structure(lambda acc, o: acc.data.append(o), seen, x)\n"
            "        return x\n",
            flagged=["acc.data.append(o)"],
            note="the nested function is given the object's state: it outlives the call (weaker evidence: preview)",
            name="nested-function-fills-object-state",
            preview=True,
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return tf.reduce_sum(x)\n\n"
            "history = []\n"
            "history.append(step(tf.ones([2])))\n",
            note="the append runs outside the graph",
            name="append-runs-outside-graph",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def layers_out(x):\n"
            "    outs = []\n"
            "    for k in range(3):\n"
            "        outs.append(x * k)\n"
            "    return tf.stack(outs)\n",
            note="a local list in a Python `range` loop is unrolled while tracing: fine",
            name="local-list-python-range-loop",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Cache(tf.Module):\n"
            "    def __init__(self):\n"
            "        self._vars = {}\n\n"
            "    @tf.function\n"
            "    def get(self, x):\n"
            "        if \"w\" not in self._vars:\n"
            "            self._vars[\"w\"] = tf.Variable(tf.zeros_like(x))\n"
            "        return self._vars[\"w\"] + x\n",
            note="lazy creation under a guard runs once",
            name="lazy-creation-under-guard-runs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def detect(x):\n"
            "    outputs = {\"raw\": x}\n\n"
            "    def add_decoded():\n"
            "        outputs.update({\"decoded\": tf.nn.sigmoid(x)})\n\n"
            "    add_decoded()\n"
            "    return outputs\n",
            note="a helper filling a local of the traced function: per trace, nothing outlives it",
            name="helper-filling-local-traced-function",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Box:\n"
            "    def __init__(self, data):\n"
            "        self.data = data\n\n\n"
            "@tf.function\n"
            "def unroll(x):\n"
            "    accs = None\n"
            "    for t in range(3):\n"
            "        out = {\"y\": x * t}\n"
            "        if t == 0:\n"
            "            accs = tf.nest.map_structure(lambda o: Box([o]), out)\n"
            "        else:\n"
            "            tf.nest.map_structure(lambda acc, o: acc.data.append(o), accs, out)\n"
            "    return tf.nest.map_structure(lambda acc: tf.stack(acc.data), accs)\n",
            note="a function nested in traced code fills the enclosing call's own data, made anew in that "
            "call: nothing outlives it",
            name="nested-function-fills-call-data",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "traces = []\n\n"
            "@tf.function\n"
            "def f(x):\n"
            "    traces.append(1)\n"
            "    return x\n\n"
            "def test_traces_once():\n"
            "    f(tf.constant(1.0))\n"
            "    f(tf.constant(2.0))\n"
            "    assert len(traces) == 1\n",
            path="tests/test_tracing.py",
            note="tests count traces this way on purpose",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def count(x, progress):\n"
            "    progress.update(1)\n"
            "    return x\n",
            note="`update` on something not known to be a collection",
            name="update-something-not-known-collection",
        ),
        Bad(
            "history = []\n\n\n"
            "def record(loss):\n"
            "    history.append(loss)\n",
            flagged=["history.append(loss)"],
            path="pkg/history.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg import history\n\n\n@tf.function\n"
                    "def train_step(x):\n    loss = tf.reduce_sum(x)\n    history.record(loss)\n    return loss\n",
                ),
            ),
            note="a helper in another module, called from a tf.function through its module",
        ),
        Good(
            "history = []\n\n\n"
            "def record(loss):\n"
            "    history.append(loss)\n",
            path="pkg/history.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg import history\n\n\n@tf.function\n"
                    "def train_step(x):\n    return tf.reduce_sum(x)\n\n\n"
                    "def fit(dataset):\n    for x in dataset:\n        history.record(train_step(x))\n",
                ),
            ),
            note="the helper is called eagerly",
        ),
        Good(
            "history = []\n\n\n"
            "def record(loss):\n"
            "    history.append(loss)\n",
            path="pkg/history.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "tests/test_history.py",
                    "import tensorflow as tf\nfrom pkg import history\n\n\n@tf.function\n"
                    "def traced_step(x):\n    history.record(x)\n    return x\n\n\n"
                    "def test_records_once_per_trace():\n    traced_step(tf.constant(1.0))\n"
                    "    traced_step(tf.constant(2.0))\n    assert len(history.history) == 1\n",
                ),
            ),
            note="the only trace shown starts in a test, and tests trace code on purpose (the twin of the "
            "helper a program's tf.function calls, above)",
            name="traced-only-by-a-test",
        ),
        Bad(
            "history = []\n\n\n"
            "def record(loss):\n"
            "    history.append(loss)\n",
            flagged=["history.append(loss)"],
            path="pkg/history.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/history_test.py",
                    "import tensorflow as tf\nfrom pkg import history\n\n\n@tf.function\n"
                    "def traced_step(x):\n    history.record(x)\n    return x\n\n\n"
                    "def test_records_once_per_trace():\n    traced_step(tf.constant(1.0))\n"
                    "    assert len(history.history) == 1\n",
                ),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\nfrom pkg import history\n\n\n@tf.function\n"
                    "def train_step(x):\n    loss = tf.reduce_sum(x)\n    history.record(loss)\n    return loss\n",
                ),
            ),
            note="a test traces the helper, but so does a program's tf.function: the chain shown starts there",
            name="traced-by-a-program-and-a-test",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Heads(tf.keras.Model):\n"
            "    def _build_losses(self, names):\n"
            "        if self._losses_by_name:\n"
            "            return\n"
            "        self._losses_by_name = {}\n"
            "        for name in names:\n"
            "            self._losses_by_name[name] = tf.keras.losses.get(name)\n\n"
            "    def _record(self, x):\n"
            "        if self._seen is None:\n"
            "            self._seen = []\n"
            "            self._seen.append(x.shape)\n\n"
            "    def call(self, inputs):\n"
            "        self._build_losses([\"mse\"])\n"
            "        self._record(inputs)\n"
            "        return inputs\n",
            note="collections made in the same call (also inside a guarded first-call block) do not outlive it",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Optimizer:\n"
            "    @property\n"
            "    def iterations(self):\n"
            "        return self._iterations\n\n"
            "    @iterations.setter\n"
            "    def iterations(self, variable):\n"
            "        self._iterations = variable\n"
            "        self._weights.append(variable)\n\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        return x * tf.cast(self.iterations, x.dtype)\n",
            note="the traced code reads the property (the getter); the setter is another function",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Tracker(tf.Module):\n"
            "    def __init__(self):\n"
            "        self._seen = None\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self._seen is None:\n"
            "            self._seen = []\n"
            "        self._seen.append(x)\n"
            "        return x\n",
            flagged=["self._seen.append(x)"],
            note="created on the first call only: later traces append to the same list",
            name="created-first-call-only-later",
        ),
        Good(
            "def split(features):\n"
            "    samples = dict()\n"
            "    for name, value in features.items():\n"
            "        samples[name] = value * 2\n"
            "    return samples\n",
            path="pkg/utils.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/layers.py",
                    "import tensorflow as tf\nfrom pkg.utils import split\n\n\n"
                    "class Split(tf.keras.layers.Layer):\n    def call(self, features):\n"
                    "        return split(features)\n",
                ),
            ),
            note="a Python loop over a dict of tensors (`.items()`): AutoGraph leaves it a Python loop",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Solver(tf.Module):\n"
            "    def __init__(self, model, extra):\n"
            "        self.model = model\n"
            "        self.extra = extra\n"
            "        self.watched = []\n\n"
            "    @tf.function\n"
            "    def train_op(self):\n"
            "        self.watched = self.model.trainable_variables\n"
            "        self.watched.extend(self.extra)\n"
            "        return len(self.watched)\n",
            note="rebound first to `trainable_variables`, a list Keras builds anew on each access",
            name="rebound-to-fresh-keras-list",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Graph(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        with tf.name_scope(\"inputs\"):\n"
            "            self.node_inputs = {}\n"
            "        for i, inp in enumerate(inputs):\n"
            "            self.node_inputs[i] = inp\n"
            "        return inputs\n",
            note="reset inside a `with` block earlier in the same call",
            name="reset-inside-with-block",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Head(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.endpoints = {}\n\n"
            "    def call(self, inputs):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        self.endpoints[\"head\"] = outputs\n"
            "        return outputs\n\n"
            "class Net(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self._head = Head()\n\n"
            "    def call(self, inputs):\n"
            "        outputs = self._head(inputs)\n"
            "        return outputs + self._head.endpoints[\"head\"]\n",
            note="a fixed key overwritten per call, read only in traced code: a per-trace slot that does not grow",
            name="fixed-key-slot-read-in-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Head(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.endpoints = {}\n\n"
            "    def call(self, inputs):\n"
            "        outputs = tf.nn.relu(inputs)\n"
            "        self.endpoints[\"head\"] = outputs\n"
            "        return outputs\n\n"
            "    def head_output(self):\n"
            "        return self.endpoints[\"head\"]\n",
            flagged=[("self.endpoints[\"head\"]", 0)],
            note="a fixed key, but read by an eager method: the symbolic tensor escapes the trace",
            name="fixed-key-read-outside-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Tracker(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.seen = []\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self.seen = self.seen + [1]\n"
            "        self.seen.append(x)\n"
            "        return x\n",
            flagged=["self.seen.append(x)"],
            note="rebound to a new list that carries the old items on: it still grows across calls",
            name="rebound-carrying-old-items",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Model(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n"
            "        self._losses_dict = {}\n\n"
            "    def __call__(self, *args, **kwargs):\n"
            "        self._losses_dict = {}\n"
            "        outputs = super().__call__(*args, **kwargs)\n"
            "        return outputs, self._losses_dict\n\n"
            "    def call(self, x):\n"
            "        y = self.dense(x)\n"
            "        self._add_losses({\"l2\": tf.reduce_sum(y * y)})\n"
            "        return y\n\n"
            "    def _add_losses(self, losses):\n"
            "        self._losses_dict.update(losses)\n",
            note="`__call__` gives the dict a fresh value before running the traced `call`, and returns it: "
            "a collection of that call",
            name="reset-in-dunder-call",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Model(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = tf.keras.layers.Dense(1)\n"
            "        self.history = []\n\n"
            "    def __call__(self, *args, **kwargs):\n"
            "        self._losses_dict = {}\n"
            "        return super().__call__(*args, **kwargs)\n\n"
            "    def call(self, x):\n"
            "        y = self.dense(x)\n"
            "        self.history.append(y)\n"
            "        return y\n\n\n"
            "@tf.function\n"
            "def serve(model, x):\n"
            "    return model(x)\n",
            flagged=["self.history.append(y)"],
            note="`__call__` starts another attribute afresh, not the list that `call` grows",
            name="reset-other-in-dunder-call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Signals:\n"
            "    def __init__(self):\n"
            "        self.reset()\n\n"
            "    def reset(self):\n"
            "        self.bases = {}\n\n"
            "    def scatter(self, key, value):\n"
            "        self.bases[key] = value\n\n"
            "class Simulator(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.signals = Signals()\n\n"
            "    def call(self, x):\n"
            "        self.signals.reset()\n"
            "        for key in (\"a\", \"b\"):\n"
            "            self.signals.scatter(key, x * 2)\n"
            "        return tf.add_n(list(self.signals.bases.values()))\n",
            note="scratch that a method the traced build calls (`reset()`) starts afresh on every trace",
            name="reset-by-traced-method",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.seen = []\n"
            "        self.rows = None\n\n"
            "    def reset(self):\n"
            "        self.seen.clear()\n"
            "        self.rows = None\n\n"
            "    def call(self, x):\n"
            "        if self.rows is None:\n"
            "            self.rows = [x.shape[0]]\n"
            "        else:\n"
            "            self.rows[0] += x.shape[0]\n"
            "        self.seen.append(x)\n"
            "        return x * 2\n\n"
            "    def backward(self):\n"
            "        return tf.add_n(self.seen) * self.rows[0]\n\n\n"
            "class Net(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.blocks = [Block(), Block()]\n\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        for block in self.blocks:\n"
            "            block.reset()\n"
            "        for block in self.blocks:\n"
            "            x = block(x)\n"
            "        return [block.backward() for block in self.blocks]\n",
            note="scratch that the class's `reset()` starts afresh (`.clear()`, or `None` so the next call makes "
            "one), and the project calls that reset with no call shown eager (here in the traced step, on a "
            "receiver nothing resolves): nothing shows it outlives a trace",
            name="reset-by-method-called-in-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def reset(self):\n"
            "        self.seen = []\n\n"
            "    def call(self, x):\n"
            "        self.seen.append(x)\n"
            "        return x * 2\n\n\n"
            "block = Block()\n"
            "step = tf.function(block)\n"
            "for _ in range(3):\n"
            "    block.reset()\n"
            "    step(tf.ones([2]))\n",
            flagged=["self.seen.append(x)"],
            note="the reset runs eagerly before each step, the append only while tracing: the list is empty "
            "after the first step",
            name="reset-by-method-called-eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Decode(tf.keras.layers.Layer):\n"
            "    def __init__(self, score_threshold=0.3):\n"
            "        super().__init__()\n"
            "        self.nms_kwargs = {\"score_threshold\": score_threshold, \"method\": \"hard\"}\n\n"
            "    def call(self, preds, **nms_kwargs):\n"
            "        self.nms_kwargs.update(nms_kwargs)\n"
            "        self.nms_kwargs[\"mode\"] = \"global\"\n"
            "        return tf.boolean_mask(preds, preds > self.nms_kwargs[\"score_threshold\"])\n",
            note="settings overwritten with the keywords the call gives: the same keys and Python values on "
            "every call, so once per trace changes nothing",
            name="static-settings-overwritten",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Counter(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.stats = {\"calls\": 0}\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self.stats[\"calls\"] = self.stats[\"calls\"] + 1\n"
            "        return x * 2\n",
            flagged=[("self.stats[\"calls\"]", 0)],
            note="a fixed key, but the new value reads the old one: a count of traces, not of calls",
            name="fixed-key-accumulates",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow import keras\n\n\n"
            "class Oscillator(keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.dense = keras.layers.Dense(1)\n"
            "        self.seen = []\n\n"
            "    def call(self, x):\n"
            "        return self.dense(x)\n\n"
            "    def train_step(self, x, weight):\n"
            "        loss = tf.reduce_mean(self(x)) * weight\n"
            "        self.seen.append(float(loss))\n"
            "        return loss\n\n"
            "    def train(self, x, epochs):\n"
            "        for epoch in range(epochs):\n"
            "            self.train_step(x, 1.0 / (epoch + 1))\n",
            note="Keras calls `train_step` with one argument (the batch): this one needs two, so it is the class's "
            "own method, run eagerly by `train`",
            name="own-train-step-not-keras-hook",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from pkg import fields\n\n\n"
            "class Detector(tf.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self._groundtruth = {}\n\n"
            "    def provide_groundtruth(self, boxes, classes):\n"
            "        self._groundtruth[fields.BOXES] = boxes\n"
            "        self._groundtruth[fields.CLASSES] = classes\n\n"
            "    def groundtruth(self, field):\n"
            "        return self._groundtruth[field]\n\n"
            "    @tf.function\n"
            "    def train_step(self, x, boxes, classes):\n"
            "        self.provide_groundtruth(boxes, classes)\n"
            "        return tf.reduce_sum(x) + tf.reduce_sum(self.groundtruth(fields.BOXES))\n",
            path="pkg/detector.py",
            project=(("pkg/__init__.py", ""), ("pkg/fields.py", "BOXES = \"boxes\"\nCLASSES = \"classes\"\n")),
            note="a slot under a constant of another module (`fields.BOXES`) is overwritten by every trace and read "
            "within it: the dict does not grow (the twenty-first batch, object-detection-by-ovi)",
            name="constant-slot-overwritten-per-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "from pkg import fields\n\n\n"
            "class Detector(tf.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self._groundtruth = {}\n\n"
            "    def provide_groundtruth(self, boxes, classes):\n"
            "        self._groundtruth[fields.BOXES] = self._groundtruth.get(fields.BOXES, []) + [boxes]\n"
            "        self._groundtruth[fields.CLASSES] = classes\n\n"
            "    def groundtruth(self, field):\n"
            "        return self._groundtruth[field]\n\n"
            "    @tf.function\n"
            "    def train_step(self, x, boxes, classes):\n"
            "        self.provide_groundtruth(boxes, classes)\n"
            "        return tf.reduce_sum(x) + tf.reduce_sum(self.groundtruth(fields.BOXES))\n",
            flagged=["self._groundtruth[fields.BOXES]"],
            path="pkg/detector.py",
            project=(("pkg/__init__.py", ""), ("pkg/fields.py", "BOXES = \"boxes\"\nCLASSES = \"classes\"\n")),
            note="the near miss: the slot carries its old items on, so it grows once per trace",
            name="constant-slot-accumulates",
        ),
        Good(
            "import tensorflow as tf\n"
            "from pkg.buffer import HistoryBuffer\n\n\n"
            "class Stack(tf.keras.layers.Layer):\n"
            "    def __init__(self, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.history = HistoryBuffer()\n\n"
            "    def call(self, x):\n"
            "        self.history.append(x)\n"
            "        return x\n",
            path="pkg/layers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/buffer.py",
                    "import tensorflow as tf\n\n\n"
                    "class HistoryBuffer(tf.keras.layers.Layer):\n"
                    "    def __init__(self, **kwargs):\n"
                    "        super().__init__(**kwargs)\n"
                    "        self.items = tf.TensorArray(tf.float32, size=0, dynamic_size=True)\n\n"
                    "    def append(self, x):\n"
                    "        self.items = self.items.write(self.items.size(), x)\n",
                ),
            ),
            note="`self.history` is an object of a class of another module, whose own `append` writes a "
            "`tf.TensorArray`: nothing shows a Python list",
            name="append-of-own-buffer-class",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Stack(tf.keras.layers.Layer):\n"
            "    def __init__(self, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.history = list()\n\n"
            "    def call(self, x):\n"
            "        self.history.append(x)\n"
            "        return x\n",
            flagged=["self.history.append(x)"],
            note="`list()` makes a Python list",
            name="append-of-list-call",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n\n\n"
            "@tf.function\n"
            "def scored(boxes, scores, clip):\n"
            "    result = None\n"
            "    if clip:\n"
            "        result = Boxes(tf.clip_by_value(boxes, 0.0, 1.0))\n"
            "    else:\n"
            "        result = Boxes(boxes)\n"
            "    result.add_field(\"scores\", scores)\n"
            "    return result.data[\"scores\"]\n",
            note="a plain object's method, traced because the tf.function calls it on an object the same call makes "
            "(a local bound only to calls' results, or None): its collection lives only as long as that call",
            name="method-of-object-made-in-trace",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n\n\n"
            "anchors = Boxes(tf.zeros([2, 4]))\n\n\n"
            "@tf.function\n"
            "def scored(scores):\n"
            "    anchors.add_field(\"scores\", scores)\n"
            "    return scores * 2\n",
            flagged=["self.data[name]"],
            note="the near miss: the tf.function calls the method on a module-level object, which outlives the call",
            name="method-of-object-kept-across-calls",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n\n\n"
            "@tf.function\n"
            "def scored(boxes: Boxes, scores):\n"
            "    boxes.add_field(\"scores\", scores)\n"
            "    return scores * 2\n",
            flagged=["self.data[name]"],
            preview=True,
            note="weak evidence: the object is given to the tf.function, and nothing shows where it is made, so "
            "whether its collection outlives the call is not shown",
            name="method-of-object-given-to-trace",
        ),
        Good(
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n",
            path="pkg/box_list.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/post_processing.py",
                    "import tensorflow as tf\nfrom pkg import box_list\n\n\n@tf.function\n"
                    "def scored(boxes, scores):\n    boxes = box_list.Boxes(boxes)\n"
                    "    boxes.add_field(\"scores\", scores)\n    return boxes.data[\"scores\"]\n",
                ),
            ),
            note="the same across modules: the traced caller in another module makes the object it calls the method on "
            "(here it replaces its argument with it first; the twenty-fifth batch, 123-object-detection's "
            "`BoxList.add_field`)",
            name="method-of-object-made-in-trace-elsewhere",
        ),
        Bad(
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n",
            flagged=["self.data[name]"],
            path="pkg/box_list.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/post_processing.py",
                    "import tensorflow as tf\nfrom pkg import box_list\n\nANCHORS = box_list.Boxes(tf.zeros([2, 4]))\n\n\n"
                    "@tf.function\ndef scored(scores):\n    ANCHORS.add_field(\"scores\", scores)\n    return scores * 2\n",
                ),
            ),
            note="the near miss across modules: the traced caller calls the method on a module-level object",
            name="method-of-object-kept-elsewhere",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n\n\n"
            "def _copy_fields(to_boxes: Boxes, from_boxes: Boxes):\n"
            "    for name, value in from_boxes.data.items():\n"
            "        if name != \"boxes\":\n"
            "            to_boxes.add_field(name, value)\n"
            "    return to_boxes\n\n\n"
            "@tf.function\n"
            "def clipped(boxes, scores):\n"
            "    source = Boxes(boxes)\n"
            "    source.add_field(\"scores\", scores)\n"
            "    result = Boxes(tf.clip_by_value(boxes, 0.0, 1.0))\n"
            "    return _copy_fields(result, source).data[\"scores\"]\n",
            note="the method is called on an argument of a private helper of the module, and every call of the helper "
            "gives it an object the calling function makes: it lives only as long as that call (the twenty-eighth "
            "batch, tensorflow-object-detection's `_copy_extra_fields`)",
            name="method-of-object-made-by-helper-caller",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Boxes:\n"
            "    def __init__(self, boxes):\n"
            "        self.data = {\"boxes\": boxes}\n\n"
            "    def add_field(self, name, value):\n"
            "        self.data[name] = value\n\n\n"
            "def _copy_fields(to_boxes: Boxes, from_boxes: Boxes):\n"
            "    for name, value in from_boxes.data.items():\n"
            "        if name != \"boxes\":\n"
            "            to_boxes.add_field(name, value)\n"
            "    return to_boxes\n\n\n"
            "anchors = Boxes(tf.zeros([2, 4]))\n\n\n"
            "@tf.function\n"
            "def with_scores(boxes, scores):\n"
            "    source = Boxes(boxes)\n"
            "    source.add_field(\"scores\", scores)\n"
            "    return _copy_fields(anchors, source).data[\"scores\"]\n",
            flagged=["self.data[name]"],
            preview=True,
            note="the near miss: a call of the helper gives it a module-level object, which outlives the call (weak "
            "evidence: the method's other traced call is on an object the call makes)",
            name="method-of-object-kept-by-helper-caller",
        ),
        Good(
            "class Layer(object):\n"
            "    def __init__(self):\n"
            "        self._per_input_losses = {}\n\n"
            "    def __call__(self, inputs):\n"
            "        return self.call(inputs)\n\n"
            "    def call(self, inputs):\n"
            "        return inputs\n\n"
            "    def add_loss(self, losses, inputs):\n"
            "        self._per_input_losses[id(inputs)] = losses\n",
            path="keras/engine/base_layer.py",
            project=_OWN_KERAS_PACKAGE + (("keras/__init__.py", "__version__ = \"2.2.4\"\n"),),
            note="the project is the `keras` package itself, before 2.4 (its `__version__`): multi-backend Keras, "
            "which builds a layer's `call` once in a graph without tf.function, here in another module of the "
            "package (the twenty-eighth batch, keras-mxnet)",
            name="multi-backend-keras-package-itself",
        ),
        Bad(
            "class Layer(object):\n"
            "    def __init__(self):\n"
            "        self._per_input_losses = {}\n\n"
            "    def __call__(self, inputs):\n"
            "        return self.call(inputs)\n\n"
            "    def call(self, inputs):\n"
            "        return inputs\n\n"
            "    def add_loss(self, losses, inputs):\n"
            "        self._per_input_losses[id(inputs)] = losses\n",
            flagged=["self._per_input_losses[id(inputs)]"],
            path="keras/engine/base_layer.py",
            project=_OWN_KERAS_PACKAGE + (("keras/__init__.py", "__version__ = \"2.4.3\"\n"),),
            preview=True,
            note="the near miss: from 2.4 on the `keras` package is tf.keras, which traces `call` with tf.function "
            "(weak evidence: `add_loss` is called on the layer's own object, given to `call`)",
            name="keras-package-itself-2-4",
        ),
    )

    oracle = Oracle(
        symptom=SideEffects(expr="len(history)"),
        runs={
            "bad-step": "outputs = [step(tf.constant([1.0])) for _ in range(3)]",
            "list-grown-loop-that-autograph": Run("outputs = cumulative(tf.constant(3))", symptom=Raises("InaccessibleTensorError", "out of scope")),
            "keras-traces-call-unless-model": Run(
                "layer = Tracker()\nf = tf.function(layer)\noutputs = [f(tf.ones([2])) for _ in range(2)]",
                symptom=SideEffects(expr='int(tf.is_symbolic_tensor(layer.stats["mean"]))'),
            ),
            "append-runs-outside-graph": "outputs = [float(h) for h in history]",
            "local-list-python-range-loop": Run("outputs = layers_out(tf.constant([1.0]))", symptom=EagerMismatch()),
            "lazy-creation-under-guard-runs": Run("c = Cache()\noutputs = [c.get(tf.ones([2])) for _ in range(2)]", symptom=EagerMismatch()),
            "helper-filling-local-traced-function": Run("outputs = detect(tf.constant([0.0]))", symptom=EagerMismatch()),
            "update-something-not-known-collection": Run(
                "outputs = count(tf.constant(1), Progress())",
                setup="class Progress:\n    def update(self, n):\n        pass\n",
                symptom=EagerMismatch(),
            ),
            "created-first-call-only-later": Run(
                "t = Tracker()\noutputs = [t(tf.constant(1.0)), t(tf.constant(2.0))]",
                symptom=SideEffects(expr="len(t._seen)"),
            ),
            "rebound-to-fresh-keras-list": Run(
                "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\nmodel.build((None, 2))\n"
                "s = Solver(model, [tf.Variable(1.0)])\noutputs = [s.train_op() for _ in range(3)]",
                symptom=EagerMismatch(),
            ),
            "reset-inside-with-block": Run(
                "layer = Graph()\nf = tf.function(layer)\noutputs = [f([tf.ones([2]), tf.ones([2])]) for _ in range(2)]",
                symptom=SideEffects(expr="len(layer.node_inputs)"),
            ),
            "reset-in-dunder-call": Run(
                "m = Model()\nf = tf.function(lambda x: m(x))\n"
                "outputs = [sorted(f(tf.ones([1, 2]))[1]) for _ in range(2)]",
                symptom=EagerMismatch(),
            ),
            "reset-other-in-dunder-call": Run(
                "m = Model()\nf = tf.function(lambda x: m(x))\noutputs = [f(tf.ones([1, 2])) for _ in range(3)]",
                symptom=SideEffects(expr="len(m.history)"),
            ),
            "reset-by-method-called-in-trace": Run(
                "net = Net()\noutputs = [net.step(tf.ones([2, 1])) for _ in range(2)]",
                symptom=EagerMismatch(),
            ),
            "reset-by-method-called-eagerly": Run("outputs = []", symptom=SideEffects(expr="len(block.seen)")),
            "reset-by-traced-method": Run(
                "layer = Simulator()\nf = tf.function(layer)\noutputs = [f(tf.ones([2])) for _ in range(2)]",
                symptom=EagerMismatch(),
            ),
            "static-settings-overwritten": Run(
                "layer = Decode()\nf = tf.function(lambda p: layer(p, score_threshold=0.5))\n"
                "outputs = [f(tf.constant([0.2, 0.6, 0.9])) for _ in range(2)] + [sorted(layer.nms_kwargs.items())]",
                symptom=EagerMismatch(),
            ),
            "nested-function-fills-object-state": Run(
                "r = Recorder()\noutputs = [r(tf.constant(1.0)), r(tf.constant(2.0))]",
                symptom=SideEffects(expr="len(r.seen.data)"),
            ),
            "nested-function-fills-call-data": Run("outputs = [unroll(tf.constant(2.0)) for _ in range(2)]", symptom=EagerMismatch()),
            "fixed-key-accumulates": Run(
                "c = Counter()\noutputs = [c(tf.constant(1)) for _ in range(3)]",
                symptom=SideEffects(expr='c.stats["calls"]'),
            ),
            "fixed-key-slot-read-in-trace": Run(
                "net = Net()\nf = tf.function(net)\noutputs = [f(tf.ones([1, 2])) for _ in range(2)]",
                symptom=EagerMismatch(),
            ),
            "rebound-carrying-old-items": Run(
                "t = Tracker()\noutputs = [t(tf.constant(1.0)), t(tf.constant(2.0))]",
                symptom=SideEffects(expr="len(t.seen)"),
            ),
            "method-of-object-made-in-trace": Run(
                "outputs = [scored(tf.ones([2, 4]), tf.ones([2]), clip) for clip in (True, False, True)]",
                symptom=EagerMismatch(),
            ),
            "method-of-object-kept-across-calls": Run(
                "outputs = [scored(tf.ones([2])) for _ in range(2)]",
                symptom=SideEffects(expr='int(tf.is_symbolic_tensor(anchors.data["scores"]))'),
            ),
            "method-of-object-made-by-helper-caller": Run(
                "outputs = [clipped(tf.ones([2, 4]) * k, tf.ones([2]) * k) for k in (1.0, 2.0)]",
                symptom=EagerMismatch(),
            ),
            "method-of-object-kept-by-helper-caller": Run(
                "outputs = [with_scores(tf.ones([2, 4]), tf.ones([2])) for _ in range(2)]",
                symptom=SideEffects(expr='int(tf.is_symbolic_tensor(anchors.data["scores"]))'),
            ),
            "fixed-key-read-outside-trace": Run(
                "layer = Head()\nf = tf.function(layer)\noutputs = [f(tf.ones([2])) for _ in range(2)]",
                symptom=SideEffects(expr="int(tf.is_symbolic_tensor(layer.head_output()))"),
            ),
        },
    )

    def finish(self) -> None:
        facts = self.ctx.facts
        if self.ctx.is_test_file:
            return  # tests grow lists in traced code on purpose, to count traces
        for info in facts.functions:
            graph = info.graph
            if graph is None or info.name in ONCE_PER_OBJECT:
                continue
            for effect in effects_for(facts).local(info):
                if effect.kind == MUTATION and not effect.eager:
                    self._outside(effect, info, graph)
            if autograph_enabled(info, facts, self.ctx.settings):
                self._converted_loops(info, graph)

    # -- (a) collections that outlive the call ---------------------------------------------------------

    def _outside(self, effect: Effect, info: FunctionInfo, graph: GraphInfo) -> None:
        ctx = self.ctx
        if effect.root not in KIND_WORD or (effect.root == PARAMETER and not effect.through_attribute):
            return
        effects = effects_for(ctx.facts)
        if effects.per_trace(effect) or effects.created_in_call(effect) is not None:
            return  # a collection of this call (or of this trace): it does not outlive it
        if effects.argument_of_the_call(effect):
            return  # a nested function given the enclosing call's own data: it does not outlive that call
        if effects.reset_by_call(effect) is not None or effects.reset_in_trace(effect) is not None:
            return  # `__call__`, or a method traced with it, starts it afresh on each call or trace
        if effects.fixed_slot_read_in_trace(effect):
            return  # a fixed key overwritten per call and read only in traced code: a per-trace slot
        receivers = effects.method_receivers(effect)
        if receivers == RECEIVER_NEW:
            return  # a plain object's method, called only on objects the traced caller makes: they do not outlive it
        if self._overwrites_settings(effect, info):
            return  # the same keys set to the same Python values: once per trace is as good as per call
        receiver = tensors_for(ctx.facts).infer(effect.target, info)  # type: ignore[arg-type]
        if not _is_collection(receiver, effect.method):
            return
        if receiver.kind is Kind.UNKNOWN and _made_by_a_class(ctx.facts, effect.target, info):
            return  # an object of a class with its own `append` (a TensorArray buffer): not shown to be a list
        an = analysis_for(ctx.facts)
        if an.lazy_guard(effect.node, info) is not None:
            return
        if _trace_starts_in_test(graph):
            return  # the trace shown is a test's, and tests trace code on purpose: no program's calls are shown
        where = self._where(effect)
        shown = ctx.source.segment(effect.target)  # type: ignore[arg-type]
        stored = self._stored_value(effect)
        stores_tensor = stored is not None and tensors_for(ctx.facts).infer(stored, info).is_tensor
        what = (
            "and stores a symbolic tensor that cannot be used outside this trace"
            if stores_tensor
            else "so the collection stops matching the number of calls"
        )
        outlives = "a Python collection that outlives the call"
        if receivers == RECEIVER_GIVEN:
            outlives = (
                "a Python collection that outlives the call if the object it is called on does (the traced calls "
                "shown are on objects given to the calling function, and none shows where those are made)"
            )
        message = (
            f"This mutates the {KIND_WORD[effect.root]} `{shown}`, {outlives}, "
            f"while {function_label(info)} is traced ({graph.describe()}). It happens once per trace, not on every call, "
            f"{what}. Return the values instead (or use a `tf.TensorArray`/`tf.Variable`)."
        )
        related: List[Related] = list(graph_related(info, self.ctx.source))
        if receiver.node is not None and receiver.kind is Kind.PY_CONTAINER and hasattr(receiver.node, "lineno"):
            related.append(Related(ctx.span(receiver.node), f"`{shown}` is a Python collection created here"))
        severity = traced_severity(graph, Severity.WARNING)
        # An argument of a function nested in traced code (`tree.map_structure(lambda acc, o:
        # acc.data.append(o), accs, outs)`) is most often the enclosing call's own data: weaker evidence.
        nested_argument = effect.root == PARAMETER and info.parent is not None and info.parent.graph is not None
        # So is a plain object's own collection when no traced call shown is on an object that outlives the call.
        self.report(where, message, related=related, severity=severity, preview=nested_argument or receivers == RECEIVER_GIVEN)

    def _overwrites_settings(self, effect: Effect, info: FunctionInfo) -> bool:
        """Fixed keys overwritten with values not shown to be tensors: `d["k"] = v` with a constant key,
        `d.update(k=v)`, `d.update({"k": v})`, or `d.update(kwargs)` of the function's own `**kwargs` (the
        keywords its caller gives). The collection does not grow and ends the same after one run or many,
        so running once per trace changes nothing, and no symbolic tensor is shown to be kept. A value
        that reads the collection itself (`d["n"] = d["n"] + 1`) accumulates and does not count."""
        node = effect.node
        values: List[ast.expr] = []
        if effect.method == "setitem" and isinstance(node, ast.Assign):
            if not all(isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) for t in node.targets):
                return False
            values = [node.value]
        elif effect.method == "update" and isinstance(node, ast.Call):
            if any(k.arg is None for k in node.keywords) or len(node.args) > 1:
                return False
            values = [k.value for k in node.keywords]
            if node.args:
                arg = node.args[0]
                kwarg = getattr(info.node.args, "kwarg", None)
                if isinstance(arg, ast.Dict) and all(isinstance(k, ast.Constant) for k in arg.keys):
                    values.extend(arg.values)
                elif not (isinstance(arg, ast.Name) and kwarg is not None and arg.id == kwarg.arg):
                    return False
                elif arg.id in analysis_for(self.ctx.facts).assignments(info):
                    return False  # not the keywords as given
        else:
            return False
        key = ".".join(p for p in dotted_parts(effect.target) or ())
        if not key:
            return False
        tensors = tensors_for(self.ctx.facts)
        for value in values:
            if tensors.infer(value, info).is_tensor:
                return False
            if any(".".join(dotted_parts(n) or ()) == key for n in walk_nodes(value) if isinstance(n, (ast.Name, ast.Attribute))):
                return False
        return True

    def _where(self, effect: Effect) -> ast.AST:
        node = effect.node
        if isinstance(node, ast.Call):
            return node
        targets: List[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = list(node.targets)
        for target in targets:
            for sub in walk_nodes(target):
                if isinstance(sub, ast.Subscript) and sub.value is effect.target:
                    return sub
        return node

    def _stored_value(self, effect: Effect) -> Optional[ast.expr]:
        node = effect.node
        if isinstance(node, ast.Call):
            if effect.method in ("append", "add", "appendleft") and node.args:
                return node.args[0]
            if effect.method in ("insert", "setdefault") and len(node.args) > 1:
                return node.args[1]
            return None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            return node.value
        return None

    # -- (b) local lists in converted loops --------------------------------------------------------------

    def _converted_loops(self, info: FunctionInfo, graph: GraphInfo) -> None:
        ctx = self.ctx
        tensors = tensors_for(ctx.facts)
        an = analysis_for(ctx.facts)
        for loop in _loops(info.node):
            driver = self._tensor_driver(loop, info)
            if driver is None:
                continue
            assigned_inside = {
                n.id for n in walk_nodes(loop) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            }
            for node, receiver, method in _local_mutations(loop.body):
                name = receiver.id
                if name in assigned_inside or not an.is_local_name(name, info):
                    continue
                if name in {a.arg for a in _all_args(info.node)}:
                    continue
                kind = tensors.infer(receiver, info)
                if not _is_collection(kind, method) or _nested_loop_owns(loop, node, info, self, assigned_inside):
                    continue
                message = (
                    f"`{name}` is a Python collection grown inside a loop that AutoGraph turns into a "
                    f"`tf.while_loop` ({driver}) while {function_label(info)} is traced ({graph.describe()}). The loop body "
                    "is traced once, so this adds one symbolic element, and using the collection after the loop "
                    f"raises {CAPTURE_ERROR}. Use a `tf.TensorArray` (`ta = ta.write(i, value)`, then "
                    "`ta.stack()`)."
                )
                related = [Related(ctx.span(_loop_head(loop)), "this loop becomes a tf.while_loop")]
                related.extend(graph_related(info, self.ctx.source))
                severity = traced_severity(graph, Severity.ERROR)
                self.report(node, message, related=related, severity=severity)

    def _tensor_driver(self, loop: ast.AST, info: FunctionInfo) -> Optional[str]:
        tensors = tensors_for(self.ctx.facts)
        if isinstance(loop, (ast.For, ast.AsyncFor)):
            value = tensors.infer(loop.iter, info)
            if value.is_tensor and not value.nested:
                return f"it iterates over the tensor `{self.ctx.source.segment(loop.iter)}`"
            if value.tag == DATASET:
                return f"it iterates over the dataset `{self.ctx.source.segment(loop.iter)}`"
            return None
        if isinstance(loop, ast.While):
            value = tensors.infer(loop.test, info)
            if value.is_tensor and not value.nested:
                return "its condition is a tensor"
        return None




def _trace_starts_in_test(graph: GraphInfo) -> bool:
    """The traced entry point the analysis shows for `graph` is in a test module of the project (a test's
    `@tf.function`, or a Keras layer defined in a test): the code is shown traced only by a test, which
    traces on purpose, not by a program whose calls the collection would stop matching."""
    seen = 0
    current: Optional[GraphInfo] = graph
    while current is not None and seen < 8:
        seen += 1
        external = current.external
        if external is not None:
            entry = external.origin if external.origin is not None else external.place
            return bool(TEST_PATH.search(entry.path.replace("\\", "/")))
        origin = current.origin.graph if current.origin is not None else None
        if origin is None or origin is current:
            return False
        current = origin
    return False


# Classes whose objects are Python collections: `append` on them is the list hazard.
_COLLECTION_CLASSES = frozenset(
    {"list", "dict", "set", "collections.deque", "collections.OrderedDict", "collections.defaultdict"}
)


def _made_by_a_class(facts, target: ast.AST, info: FunctionInfo) -> bool:
    """`target`'s only binding makes it an object of a class other than a Python collection
    (`self.history = Buffer(4)`, `buf: Buffer`): its `append` is that class's method."""
    found = facts.type_of(target, info)
    if found is None:
        return False
    return not isinstance(found, str) or found.replace("builtins.", "") not in _COLLECTION_CLASSES


def _is_collection(receiver: Inference, method: str) -> bool:
    if receiver.kind is Kind.PY_CONTAINER:
        return True
    return receiver.kind is Kind.UNKNOWN and method in LIST_ONLY_METHODS


def _loops(root: ast.AST) -> Iterator[ast.AST]:
    stack = list(iter_children(root))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            yield node
        stack.extend(iter_children(node))


def _local_mutations(body: List[ast.stmt]) -> Iterator[Tuple[ast.AST, ast.Name, str]]:
    """(node to report, receiver name, method) for in-place changes of a plain name in `body`."""
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            if node.func.attr in MUTATING_METHODS:
                yield node, node.func.value, node.func.attr
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    yield target, target.value, "setitem"
        stack.extend(iter_children(node))


def _nested_loop_owns(loop: ast.AST, node: ast.AST, info: FunctionInfo, rule, assigned: set) -> bool:
    """The mutation is reported for an inner converted loop instead (avoid one finding per nesting level)."""
    for inner in _loops(loop):
        if inner is loop:
            continue
        if any(n is node for n in walk_nodes(inner)) and rule._tensor_driver(inner, info) is not None:
            return True
    return False


def _all_args(node) -> List[ast.arg]:
    args = node.args
    found = args.posonlyargs + args.args + args.kwonlyargs
    return found + [a for a in (args.vararg, args.kwarg) if a is not None]


def _loop_head(loop: ast.AST) -> ast.AST:
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        return loop.iter
    return loop.test  # type: ignore[attr-defined]
