"""HYB003 tf-function-recreated-per-call."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import List, Optional, Set, Tuple

from hybridlint.analysis import ModuleAnalysis, analysis_for, compiles_with_xla, key_of, parameter_names, shorten
from hybridlint.constructors import builds_keras_model, is_class_name, keras_kind
from hybridlint.facts import DATASET_METHODS, TF_FUNCTION_NAMES, ClassInfo, FunctionInfo, TfFunctionUse, dotted_parts
from hybridlint.loops import names_bound_in_loop
from hybridlint.oracle import Logged, Oracle, Run
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.source import Span

# the last names of `tf.function` (`function`): a call of any other attribute applies no tf.function
_FUNCTION_ATTRS = frozenset(name.rsplit(".", 1)[1] for name in TF_FUNCTION_NAMES)

# `experimental_implements` marks a composite op for TFLite fusion: the function is defined inside
# model code on purpose, once per trace of that code.
DELIBERATE_KEYWORDS = frozenset({"experimental_implements"})
TRY_NODES = (ast.Try, ast.TryStar) if hasattr(ast, "TryStar") else (ast.Try,)
# TF ops that loop inside one call of the graph.
GRAPH_LOOPS = frozenset({"while_loop", "map_fn", "scan", "foldl", "foldr"})
CAUSE_1 = (
    "TensorFlow's retracing warning names this as cause (1), \"creating @tf.function repeatedly in a loop\"."
)


@dataclass
class Usage:
    """What happens to a newly created tf.function object in the function that creates it."""

    invoked_by: Optional[ast.Call] = None  # `tf.function(f)(x)`: the call that invokes it at once
    binding: Optional[str] = None  # the local name it is bound to
    stored: bool = False  # bound to an attribute or another persistent place
    escapes: bool = False  # returned, passed on, put in a container, used in a closure
    cached: bool = False  # handed to `dict.setdefault`: created, but only kept on a miss
    returned: bool = False  # returned to the caller, who may call it
    calls: List[Tuple[ast.Call, Tuple[ast.AST, ...]]] = field(default_factory=list)  # (call, loops)


class TfFunctionRecreatedPerCall(Rule):
    code = "HYB003"
    name = "tf-function-recreated-per-call"
    severity = Severity.WARNING
    needs_traced_code = True
    summary = "A new tf.function object is created on every call or iteration, so no trace is ever reused"

    what_it_does = (
        "Flags code that creates a new `tf.function` object over and over, where it is then called: "
        "(a) `tf.function(f)(x)` invoked at once, anywhere but at module level; a nested `@tf.function` "
        "def, or a `tf.function(f)` bound to a local name, that the enclosing function calls only once "
        "per run is the same thing; (b) `tf.function(...)` or a nested `@tf.function` def inside a loop "
        "body and called in the same iteration; (c) the same inside a function that itself runs many "
        "times: one of its resolved call sites is in a loop, or it is reached from such a function, or it "
        "is a per-step method (a Keras callback batch hook, or a Keras `call` that may run eagerly), or "
        "— for a tf.function it uses locally — it is called from two or more places; (d) a "
        "`tf.function`-decorated method called on an object constructed in the same loop "
        "(`Scorer().score(x)`); (e) a `@tf.function` def in an outer loop that does not depend on that "
        "loop and is called only in an inner loop (one trace per outer iteration). The finding is on the "
        "creation, with the call site that repeats it as related information. Creation under a lazy guard "
        "(`if self._fn is None:`, `if key not in cache:`, `if not hasattr(self, \"fn\")`, `if "
        "getattr(self, \"_fn\", None): return self._fn`, a run-once flag the branch sets, an early `if "
        "self._fn is not None: return`; also such a guard around the call of the function that creates it, "
        "`fn = cache.get(k)`, `if fn is not None: return fn`), inside `dict.setdefault(...)`, in a function memoised with "
        "`functools.lru_cache`/`cache`, in `__init__`/`build`/`setUp`/`main` or a function only they "
        "call, at module level, inside traced code (it runs once per trace), in a graph-only region "
        "(the `else:` of `if tf.executing_eagerly():`, or `if not tf.executing_eagerly():`: it only "
        "runs while an outer graph is built, once per outer trace), and a create-and-call probe whose "
        "result is thrown away inside `try:` with an `except` (is XLA available?) is not flagged; nor is a "
        "function that reads an object constructed in the same call (`model = tf.keras.Model(...)`: a new "
        "model needs a new function) or wraps one unpacked from what a call of the same run returned "
        "(`graph_def, concrete_func = load(path)`), nor a factory whose new function reads arguments that every caller "
        "has just made by a call (`step = make_step(build_model())`), nor one that is only stored or handed on (an export or serving "
        "signature, `saved_model.save(..., signatures=...)`) and never called where it is made. A "
        "`tf.function(f, jit_compile=True)` made and used in a function nothing shows to run eagerly and "
        "often is the idiom for compiling one piece with XLA inside an outer trace: preview only. A "
        "function that closes over the caller's per-call values (not just `self`), created in a "
        "function nothing shows to run repeatedly or in test code, is not flagged: \"create it once\" cannot "
        "apply as such, a test builds a fresh function per case on purpose, "
        "and its trace is usually paid back by the one heavy computation it compiles (a one-shot fitting "
        "or setup API); on the ecosystem check such findings were wrong or debatable 12 times of 12. Nor, "
        "when nothing shows the enclosing function runs repeatedly, is a function that loops over its data "
        "in its one call: a Python loop, a `tf.while_loop`/`tf.map_fn`/`tf.scan`, or a whole "
        "`tf.data.Dataset` consumed (a parameter annotated as one, `.reduce(...)`). A call made only on a cache "
        "miss (`if key not in self.cache: self.cache[key] = [make(b) for b in data]`), in this module or another, "
        "runs once per key and does not repeat. Preview only (weaker evidence): "
        "a nested function created and called once per call of a function nothing in the project shows "
        "to run more than once, and any finding in test code, where a fresh function per case is often "
        "the point (a test file, or a `test_*` function of a library module); in test code such a once-per-call "
        "creation, where nothing shows the function around it runs more than once (a test's `graph_fn` handed once to "
        "a harness), is not flagged at all (the ecosystem check judged such findings wrong in three batches). Nor is an object configured "
        "from the loop (`Pooler(mode).pool(x)` for each `mode`), or a function closing over an object the "
        "iteration constructs (`system = System(csi)`), flagged: each pass needs its own trace; nor (d) an object "
        "whose tf.function method a loop nested in the constructing one also calls (one trace per object, "
        "reused by that loop). A "
        "creation in an outer loop that is then called in an inner loop is reused and not flagged; nor "
        "is wrapping a different function on each iteration (`for f in fns: tf.function(f)`), nor a decorator "
        "(a function returning `tf.function(fn)` of its parameter, or a nested `@functools.wraps(fn)` def) unless a "
        "call in this module may give it the same function again. A value a call makes from a new object "
        "(`frozen = convert_variables_to_constants_v2(f)` of a function of a new model) is a new object too."
    )
    why_bad = (
        "Traces are cached on the `tf.function` object. A new object starts with an empty cache, so "
        "every creation pays for a full Python trace and graph build (often far slower than running "
        "the code eagerly) and keeps the old graphs alive until garbage collection. TensorFlow's own "
        "retracing warning (\"N out of the last N calls to <function> triggered tf.function retracing\") "
        "lists *creating @tf.function repeatedly in a loop* as its cause (1) (on TensorFlow 2.21 every "
        "bad example below logs it within six calls), and the `tf.function` "
        "docstring says one Function is kept per instance for decorated methods, so each new instance "
        "traces again. In the study's labelled fix commits, Performance is the largest problem category "
        "(57 of 159); its abstract finds that hybridization can degrade performance, the opposite of "
        "its intent. The eval corpus has real fix commits that move a nested `@tf.function` out of "
        "prediction functions called on every evaluation (epitome #48), and near-misses that create "
        "the function once behind a flag or before a loop, which this rule leaves alone."
    )
    use_instead = (
        "Create the `tf.function` once and reuse it: at module level, in `__init__`, or lazily behind "
        "`if self._fn is None:`. Pass what changes between calls as arguments (tensors) instead of "
        "capturing it in a new closure."
    )
    fix_safety_doc = (
        "No automatic fix. Hoisting `tf.function(f)` out of the loop or function is only safe when every "
        "call would have traced the same graph, and that cannot be shown statically: the trace cache "
        "keys Python-object arguments by identity or hash, so a reused Function replays a graph that "
        "captured an object's attributes at the first trace where a fresh one would re-read them; a "
        "fresh Function may create `tf.Variable`s on its first call, while a reused one raises on a "
        "later trace that creates them; Python side effects and global reads in `f` and in every "
        "function it calls (including imported ones) ran on each trace before and would run once after; "
        "and a nested def usually closes over locals of the enclosing call. A wrong hoist would "
        "silently change results, so the rule explains the fix instead of making it."
    )
    references = (
        "https://www.tensorflow.org/guide/function#controlling_retracing",
        "https://www.tensorflow.org/api_docs/python/tf/function",
        "https://www.tensorflow.org/guide/intro_to_graphs",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "def predict(model, x):\n"
            "    return tf.function(model)(x)  # new Function each call\n\n"
            "for batch in batches:\n"
            "    predict(model, batch)\n",
            flagged=["tf.function(model)"],
            note="(a) immediately invoked; the related call site is the loop",
            name="immediately-invoked-related-call-site",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def evaluate(model, batches):\n"
            "    for batch in batches:\n"
            "        @tf.function\n"
            "        def step(x):\n"
            "            return model(x, training=False)\n"
            "        step(batch)\n",
            flagged=["tf.function"],
            note="(b) a nested @tf.function def in a loop body, called in the same iteration",
            name="b-nested-tf-function-def",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def train_step(x):\n"
            "    return tf.reduce_sum(x)\n\n"
            "for x in dataset:\n"
            "    step = tf.function(train_step)\n"
            "    step(x)\n",
            flagged=["tf.function(train_step)"],
            note="(b) at module level too: the loop repeats the creation",
            name="b-at-module-level-too",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def fit_epoch(self, dataset):\n"
            "        step = tf.function(self._step)\n"
            "        for batch in dataset:\n"
            "            step(batch)\n\n"
            "    def _step(self, batch):\n"
            "        return self.model(batch)\n\n"
            "    def fit(self, dataset, epochs):\n"
            "        for _ in range(epochs):\n"
            "            self.fit_epoch(dataset)\n",
            flagged=["tf.function(self._step)"],
            note="(c) reused inside fit_epoch, but fit_epoch runs once per epoch: one trace per epoch",
            name="c-reused-inside-fit-epoch",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Model:\n"
            "    def predict(self, x):\n"
            "        @tf.function\n"
            "        def predict_step(inputs):\n"
            "            return tf.sigmoid(self.net(inputs))\n"
            "        return predict_step(x)\n",
            flagged=["tf.function"],
            preview=True,
            note="(a) in disguise: created and called once per predict() call; preview: nothing in the file "
            "shows `predict()` runs more than once",
            name="disguise-created-called-once-per",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Evaluator:\n"
            "    def run(self, data):\n"
            "        @tf.function\n"
            "        def step(x):\n"
            "            return self.model(x)\n"
            "        return [step(x) for x in data]\n\n"
            "    def validate(self):\n"
            "        return self.run(self.valid_data)\n\n"
            "    def test(self):\n"
            "        return self.run(self.test_data)\n",
            flagged=["tf.function"],
            note="(c) run() is called from two places, and each call traces again",
            name="c-run-called-from-two",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Evaluator:\n"
            "    def run(self, data, samples):\n"
            "        @tf.function\n"
            "        def step(x):\n"
            "            return self.model(tf.tile(x, (samples, 1)))\n"
            "        return [step(x) for x in data]\n\n"
            "    def validate(self):\n"
            "        return self.run(self.valid_data, 10)\n\n"
            "    def test(self):\n"
            "        return self.run(self.test_data, 50)\n",
            flagged=["tf.function"],
            note="(c) also when the function closes over a parameter of run(): called from two places, each "
            "call traces again",
            name="c-closure-called-from-two",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Scorer:\n"
            "    @tf.function\n"
            "    def score(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "for x in batches:\n"
            "    Scorer().score(x)\n",
            flagged=["Scorer().score"],
            note="(d) one Function per instance: a new instance per iteration traces every time",
            name="d-one-function-per-instance",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Predictor:\n"
            "    def __init__(self, model):\n"
            "        self.model = model\n"
            "        self._fn = None\n\n"
            "    def predict(self, x):\n"
            "        if self._fn is None:\n"
            "            self._fn = tf.function(self.model)\n"
            "        return self._fn(x)\n\n"
            "    def predict_all(self, batches):\n"
            "        return [self.predict(b) for b in batches]\n",
            note="lazy creation behind `if self._fn is None`",
            name="lazy-creation-behind-if-self",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self, model):\n"
            "        self.model = model\n"
            "        self._train = tf.function(self._train_step)\n\n"
            "    def _train_step(self, x):\n"
            "        return self.model(x)\n\n"
            "    def fit(self, dataset):\n"
            "        for x in dataset:\n"
            "            self._train(x)\n",
            note="wrapped once in __init__",
            name="wrapped-once-init",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "predict_fn = tf.function(model)\n"
            "for batch in batches:\n"
            "    predict_fn(batch)\n",
            note="module-level wrapping",
            name="module-level-wrapping",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def make_train_step(model, optimizer):\n"
            "    @tf.function\n"
            "    def train_step(x):\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = model(x)\n"
            "        grads = tape.gradient(loss, model.trainable_variables)\n"
            "        optimizer.apply_gradients(zip(grads, model.trainable_variables))\n"
            "        return loss\n"
            "    return train_step\n\n"
            "def main():\n"
            "    train_step = make_train_step(model, optimizer)\n"
            "    for batch in dataset:\n"
            "        train_step(batch)\n",
            note="a builder that runs once (called from main)",
            name="builder-that-runs-once-called",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def training_loop(closure, optimizer, variables, maxiter=1000, compile=False):\n"
            "    def optimization_step():\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = closure()\n"
            "        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))\n\n"
            "    if compile:\n"
            "        optimization_step = tf.function(optimization_step)\n"
            "    for _ in range(maxiter):\n"
            "        optimization_step()\n",
            note="one tf.function per training_loop() call, reused for every step",
            name="one-tf-function-per-training",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def _train_step(self, batch):\n"
            "        if self._compiled is False:\n"
            "            self.forward = tf.function(self._forward, input_signature=[self._spec])\n"
            "            self._compiled = True\n"
            "        self.forward(batch)\n\n"
            "    def fit(self, dataset):\n"
            "        for batch in dataset:\n"
            "            self._train_step(batch)\n",
            note="a run-once flag that the guarded branch sets",
            name="run-once-flag-that-guarded",
        ),
        Good(
            "import functools\n"
            "import tensorflow as tf\n\n"
            "_cache = {}\n\n"
            "@functools.lru_cache(maxsize=None)\n"
            "def compiled(fn):\n"
            "    return tf.function(fn)\n\n"
            "def compiled_by_key(key, fn):\n"
            "    return _cache.setdefault(key, tf.function(fn))\n\n"
            "def run(xs):\n"
            "    for x in xs:\n"
            "        compiled(model)(x)\n"
            "        compiled_by_key('m', model)(x)\n",
            note="memoised creation: lru_cache and dict.setdefault",
            name="memoised-creation-lru-cache-dict",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def sweep(make_step, learning_rates, dataset):\n"
            "    for lr in learning_rates:\n"
            "        step = tf.function(make_step(lr))\n"
            "        for batch in dataset:\n"
            "            step(batch)\n\n"
            "steps = {name: tf.function(fn) for name, fn in registry.items()}\n",
            note="created in an outer loop and reused in the inner one; one Function per distinct function",
            name="created-outer-loop-reused-inner",
        ),
        Good(
            "import functools\n"
            "import tensorflow as tf\n\n\n"
            "def masked(fn):\n"
            "    @functools.wraps(fn)\n"
            "    @tf.function\n"
            "    def wrapper(y_true, y_pred):\n"
            "        keep = y_true >= 0\n"
            "        return fn(tf.boolean_mask(y_true, keep), tf.boolean_mask(y_pred, keep))\n"
            "    return wrapper\n\n\n"
            "def init_metrics(metrics):\n"
            "    for i, metric in enumerate(metrics):\n"
            "        metrics[i] = masked(metric)\n"
            "    return metrics\n",
            note="a decorator applied to a different function on each iteration, each result kept: one "
            "Function per metric",
            name="decorator-wraps-each-function-once",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def unconstrained_shape(param):\n"
            "    sample = tf.function(lambda: param.bijector.inverse(param.prior.sample()))\n"
            "    shape = sample.get_concrete_function().output_shapes\n"
            "    if not shape.is_fully_defined():\n"
            "        shape = tf.shape(sample())\n"
            "    return shape\n\n\n"
            "def build_posterior(param):\n"
            "    return tf.zeros(unconstrained_shape(param))\n\n\n"
            "def build_all(model):\n"
            "    return [build_posterior(param) for param in model.parameters]\n\n\n"
            "def build_each(model):\n"
            "    for param in model.parameters:\n"
            "        build_posterior(param)\n",
            note="the function closes over the parameter each call is given, the next object of the loop that "
            "repeats it (passed on through `build_posterior`): each needs its own trace",
            name="closes-over-object-of-caller-loop",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def scaled(k):\n"
            "    times_k = tf.function(lambda: tf.ones([2]) * k)\n"
            "    return times_k()\n\n\n"
            "def table():\n"
            "    return [scaled(k) for k in range(8)]\n",
            flagged=["tf.function(lambda: tf.ones([2]) * k)"],
            note="the near miss: a loop over a `range` gives Python numbers, not new objects",
            name="closes-over-number-of-caller-loop",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2\n\n\n"
            "def export(path, spec):\n"
            "    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n"
            "    concrete = tf.function(lambda x: model(x)).get_concrete_function(spec)\n"
            "    frozen = convert_variables_to_constants_v2(concrete)\n"
            "    module = tf.Module()\n"
            "    module.__call__ = tf.function(lambda x: frozen(x), [spec])\n"
            "    module.__call__(tf.zeros([1, 4]))\n"
            "    tf.saved_model.save(module, path)\n\n\n"
            "for path in [\"a\", \"b\"]:\n"
            "    export(path, tf.TensorSpec([1, 4]))\n",
            note="the function reads what a call made from the model this run builds: a new model needs a new "
            "function",
            name="closes-over-value-made-from-fresh-model",
        ),
        Bad(
            "import functools\n"
            "import tensorflow as tf\n\n\n"
            "def masked(fn):\n"
            "    @functools.wraps(fn)\n"
            "    @tf.function\n"
            "    def wrapper(y_true, y_pred):\n"
            "        keep = y_true >= 0\n"
            "        return fn(tf.boolean_mask(y_true, keep), tf.boolean_mask(y_pred, keep))\n"
            "    return wrapper\n\n\n"
            "def evaluate(loss, batches):\n"
            "    for y_true, y_pred in batches:\n"
            "        masked(loss)(y_true, y_pred)\n",
            flagged=["tf.function"],
            note="the same function decorated again on every iteration, and called at once",
            name="decorator-same-function-every-iteration",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def compiled(fn, *args):\n"
            "    if tf.compat.v1.executing_eagerly() or not xla_available():\n"
            "        return fn(*args)\n"
            "    else:\n"
            "        return tf.function(fn, jit_compile=True)(*args)\n\n"
            "def compiled_in_graph(fn, x):\n"
            "    if not tf.executing_eagerly():\n"
            "        return tf.function(fn, jit_compile=True)(x)\n"
            "    return fn(x)\n",
            note="graph-only regions: this code only runs while an outer graph is traced, once per trace",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def compiled(fn, x, jit):\n"
            "    if tf.executing_eagerly() and not jit:\n"
            "        return fn(x)\n"
            "    return tf.function(fn, jit_compile=True)(x)\n\n"
            "for x in batches:\n"
            "    compiled(model, x, jit=True)\n",
            flagged=["tf.function(fn, jit_compile=True)"],
            note="near-miss: past `if tf.executing_eagerly() and ...:` the code may still run eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def xla_available():\n"
            "    try:\n"
            "        tf.function(lambda: tf.constant(0), jit_compile=True)()\n"
            "    except (tf.errors.UnimplementedError, NotImplementedError):\n"
            "        return False\n"
            "    return True\n",
            note="a probe run for its exception, its result thrown away",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def test_matches_eager_result():\n"
            "    @tf.function\n"
            "    def double(x):\n"
            "        return x * 2\n"
            "    assert double(tf.constant(2.0)) == 4.0\n",
            path="tests/test_double.py",
            note="a test function runs once; it builds the tf.function to exercise graph mode",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self, model):\n"
            "        self.model = model\n\n"
            "    def fit(self, data):\n"
            "        @tf.function\n"
            "        def step(x):\n"
            "            return self.model(x)\n"
            "        for x in data:\n"
            "            step(x)\n\n"
            "def main(model, data, epochs):\n"
            "    trainer = Trainer(model)\n"
            "    for epoch in range(epochs):\n"
            "        trainer.fit(data)\n",
            flagged=["tf.function"],
            note="(c) `trainer.fit` is known to be `Trainer.fit` from `trainer = Trainer(model)`",
            name="c-trainer-fit-known-trainer",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self, model):\n"
            "        self.model = model\n\n"
            "    def fit(self, data):\n"
            "        @tf.function\n"
            "        def step(x):\n"
            "            return self.model(x)\n"
            "        for x in data:\n"
            "            step(x)\n",
            flagged=["tf.function"],
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/main.py",
                    "from pkg.train import Trainer\n\n\ndef main(model, data, epochs):\n"
                    "    trainer = Trainer(model)\n    for epoch in range(epochs):\n        trainer.fit(data)\n",
                ),
            ),
            note="(c) across modules: the training loop is in another module of the project",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def make_loss(batch):\n"
            "    @tf.function\n"
            "    def loss():\n"
            "        return tf.reduce_sum(batch)\n\n"
            "    return loss\n",
            path="pkg/build.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/fit.py",
                    "import tensorflow as tf\n\nfrom pkg import build\n\n\nclass Fitter:\n"
                    "    def __init__(self):\n        self.cache = {}\n\n"
                    "    def loss(self, data):\n        key = id(data)\n        if key not in self.cache:\n"
                    "            self.cache[key] = [build.make_loss(b) for b in data]\n"
                    "        return tf.add_n([f() for f in self.cache[key]])\n\n\n"
                    "def fit(data, steps):\n    fitter = Fitter()\n    for _ in range(steps):\n"
                    "        fitter.loss(data)\n",
                ),
            ),
            note="another module makes one function per batch only on a cache miss and keeps them: each is "
            "traced once and reused on every later step (the twenty-fourth batch, tfpwa)",
            name="c-made-per-item-on-cache-miss-other-module",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def make_loss(batch):\n"
            "    @tf.function\n"
            "    def loss():\n"
            "        return tf.reduce_sum(batch)\n\n"
            "    return loss\n",
            flagged=["tf.function"],
            path="pkg/build.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/fit.py",
                    "import tensorflow as tf\n\nfrom pkg import build\n\n\nclass Fitter:\n"
                    "    def loss(self, data):\n"
                    "        return tf.add_n([build.make_loss(b)() for b in data])\n\n\n"
                    "def fit(data, steps):\n    fitter = Fitter()\n    for _ in range(steps):\n"
                    "        fitter.loss(data)\n",
                ),
            ),
            note="the near miss: without the cache, every step makes and traces a new function per batch",
            name="c-made-per-item-every-call-other-module",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Evaluator:\n"
            "    def test_function(self):\n"
            "        if getattr(self, \"_test_fn\", None):\n"
            "            return self._test_fn\n"
            "        self._test_fn = tf.function(self._test_step)\n"
            "        return self._test_fn\n\n"
            "    def predict_function(self):\n"
            "        if self._predict_fn is not None:\n"
            "            return self._predict_fn\n"
            "        self._predict_fn = tf.function(self._predict_step)\n"
            "        return self._predict_fn\n\n"
            "    def by_shape(self, x):\n"
            "        key = (tuple(x.shape), x.dtype)\n"
            "        if key in self._by_shape:\n"
            "            return self._by_shape[key](x)\n"
            "        fn = tf.function(self._predict_step)\n"
            "        self._by_shape[key] = fn\n"
            "        return fn(x)\n\n"
            "    def run(self, batches):\n"
            "        for x in batches:\n"
            "            self.test_function()(x)\n"
            "            self.predict_function()(x)\n"
            "            self.by_shape(x)\n",
            note="lazy caches: `getattr(self, name, None)`, an early `is not None` return, a dict keyed by signature",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Kan(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        compiled = getattr(self, \"_jit_forward\", None)\n"
            "        if compiled is None:\n"
            "            compiled = tf.function(self._forward, jit_compile=True)\n"
            "            object.__setattr__(self, \"_jit_forward\", compiled)\n"
            "        return compiled(inputs)\n\n"
            "    def _forward(self, x):\n"
            "        return 2.0 * x\n",
            note="a lazy cache stored past the class's own attribute tracking: `object.__setattr__(self, name, f)` "
            "is a store like `setattr` (the twentieth batch, kanx)",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def per_class_datasets(classes, features):\n"
            "    datasets = []\n"
            "    for indices in classes:\n"
            "        class_ds = tf.data.Dataset.from_tensor_slices(indices)\n\n"
            "        @tf.function\n"
            "        def gather(index):\n"
            "            return tf.gather(features, index)\n\n"
            "        datasets.append(class_ds.shuffle(64).repeat().map(gather).batch(8))\n"
            "    return datasets\n",
            note="handed to a tf.data transformation, not called: each new pipeline traces its function once, when "
            "it is built (set-up, not a trace per step; the twentieth batch, keras-neural-processes)",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def build_stage(inputs, outputs):\n"
            "    model = tf.keras.Model(inputs=inputs, outputs=outputs)\n\n"
            "    @tf.function\n"
            "    def serving(args):\n"
            "        return model(args)\n\n"
            "    model.serving = serving\n"
            "    return model\n\n"
            "def export(model, path, spec):\n"
            "    serve = tf.function(model.call, input_signature=[spec])\n"
            "    tf.saved_model.save(model, path, signatures={\"serving_default\": serve})\n\n"
            "for stage in stages:\n"
            "    export(build_stage(stage.inputs, stage.outputs), stage.path, stage.spec)\n",
            note="a function over a model built in the same call (a new model needs a new function), and an "
            "export signature handed to `saved_model.save`, never called in the loop",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def fit(self, dataset, epochs):\n"
            "        for epoch in range(epochs):\n"
            "            @tf.function\n"
            "            def train_step(x):\n"
            "                return self.model(x)\n"
            "            for batch in dataset:\n"
            "                train_step(batch)\n",
            flagged=["tf.function"],
            note="defined in the epoch loop, reused only by the batch loop: one trace per epoch",
            name="defined-epoch-loop-reused-only",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def train_step(self, iterator):\n"
            "        def step_fn(inputs):\n"
            "            step = tf.function(self.task.train_step, jit_compile=True)\n"
            "            return step(inputs)\n"
            "        return self.strategy.run(step_fn, args=(next(iterator),))\n",
            note="compiling one piece with XLA in the function handed to `strategy.run`, which runs under the caller's "
            "trace: created once per trace, not once per step",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def make_eval_step(model, metric):\n"
            "    @tf.function\n"
            "    def eval_step(x, y):\n"
            "        metric.update_state(y, model(x))\n"
            "    return eval_step\n\n"
            "def evaluate_checkpoint(path, build_model, make_metric, data):\n"
            "    model = build_model()\n"
            "    model.load_weights(path)\n"
            "    metric = make_metric()\n"
            "    eval_step = make_eval_step(model, metric)\n"
            "    for x, y in data:\n"
            "        eval_step(x, y)\n"
            "    return metric.result()\n\n"
            "def evaluate_all(paths, build_model, make_metric, data):\n"
            "    for path in paths:\n"
            "        print(path, evaluate_checkpoint(path, build_model, make_metric, data))\n",
            note="a factory whose function closes over its arguments, and every caller passes a model and a "
            "metric it has just made: each call needs a new function",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def evaluate(model, batches):\n"
            "    for x in batches:\n"
            "        @tf.function\n"
            "        def step(x):\n"
            "            return model(x, training=False)\n"
            "        step(x)\n",
            flagged=["tf.function"],
            preview=True,
            path="tests/test_evaluate.py",
            note="preview in test code, where a fresh function per case is often the point",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Pooler:\n"
            "    def __init__(self, mode):\n"
            "        self.mode = mode\n\n"
            "    @tf.function\n"
            "    def pool(self, x):\n"
            "        return tf.reduce_max(x) if self.mode == 'max' else tf.reduce_mean(x)\n\n"
            "def compare(x):\n"
            "    for mode in ['max', 'mean']:\n"
            "        print(mode, Pooler(mode).pool(x))\n",
            note="(d) each iteration builds a differently configured object: it needs its own trace",
            name="d-configured-from-the-loop",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class System:\n"
            "    def __init__(self, perfect_csi):\n"
            "        self.perfect_csi = perfect_csi\n\n"
            "    def __call__(self, x):\n"
            "        return x * 2.0 if self.perfect_csi else x\n\n"
            "for csi in [True, False]:\n"
            "    system = System(csi)\n\n"
            "    @tf.function\n"
            "    def run(x):\n"
            "        return system(x)\n\n"
            "    evaluate(run, batches)\n",
            note="(b) a script's loop: the function closes over the object this iteration constructs",
            name="b-closes-over-object-of-the-iteration",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Scorer:\n"
            "    @tf.function\n"
            "    def score(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "def test_scores(batches):\n"
            "    for x in batches:\n"
            "        print(Scorer().score(x))\n",
            flagged=["Scorer().score"],
            preview=True,
            path="pkg/scoring.py",
            note="preview in a `test_*` function of a library module: a self-test run by hand is test code",
            name="d-in-a-self-test-of-a-library-module",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from .test_case import execute\n\n\n"
            "def blackout(height, width, boxes):\n"
            "    return tf.ones([height, width]) * tf.reduce_sum(boxes)\n\n\n"
            "def test_blackout():\n"
            "    def graph_fn():\n"
            "        boxes = tf.constant([[0.0, 0.0, 5.0, 5.0]])\n"
            "        compiled = tf.function(blackout)\n"
            "        return compiled(10, 20, boxes)\n\n"
            "    output = execute(graph_fn, [])\n"
            "    assert output.shape == (10, 20)\n",
            path="tests/test_blackout.py",
            note="test code, and nothing shows `graph_fn` runs more than once (it is handed once to a harness): a "
            "fresh function per test case is the point (the twenty-third batch, an Object Detection API test)",
            name="test-graph-fn-run-once",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def blackout(height, width, boxes):\n"
            "    return tf.ones([height, width]) * tf.reduce_sum(boxes)\n\n\n"
            "def test_blackout_cases():\n"
            "    def graph_fn(boxes):\n"
            "        compiled = tf.function(blackout)\n"
            "        return compiled(10, 20, boxes)\n\n"
            "    for size in range(6):\n"
            "        output = graph_fn(tf.constant([[0.0, 0.0, 5.0, float(size)]]))\n"
            "        assert output.shape == (10, 20)\n",
            flagged=["tf.function(blackout)"],
            preview=True,
            path="tests/test_blackout.py",
            note="the near miss: the test's loop calls `graph_fn`, so each case traces `blackout` again",
            name="test-graph-fn-called-in-loop",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def learn_size_constraints(dataset, batch_sizes, sample_size):\n"
            "    sizes = tf.constant(batch_sizes)\n\n"
            "    @tf.function\n"
            "    def sample_sizes(ds):\n"
            "        return ds.take(sample_size).map(lambda x: x * sizes)\n\n"
            "    return sample_sizes(dataset)\n",
            note="a one-shot setup function whose tf.function closes over this call's values: nothing to "
            "create once, and nothing shows the setup runs repeatedly",
            name="one-shot-closure-over-call-values",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def success_ratios(dataset, limits):\n"
            "    @tf.function\n"
            "    def evaluate(ds: tf.data.Dataset, bounds):\n"
            "        return ds.reduce(0, lambda total, x: total + tf.cast(x <= bounds, tf.int32))\n\n"
            "    return evaluate(dataset, limits)\n",
            note="the function consumes a whole dataset in its one call: the trace is paid back within it",
            name="consumes-whole-dataset-one-call",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def run_with_tf_function(loss_fn, x):\n"
            "    @tf.function\n"
            "    def run(x):\n"
            "        return loss_fn(x)\n"
            "    return run(x)\n\n\n"
            "def test_losses():\n"
            "    for loss_fn in (tf.reduce_sum, tf.reduce_mean):\n"
            "        run_with_tf_function(loss_fn, tf.ones([2]))\n",
            path="tests/test_losses.py",
            note="a test helper closing over each case's function: a fresh function per case is the point",
            name="test-helper-closes-over-case",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Accumulator:\n"
            "    def __init__(self):\n"
            "        self.total = tf.Variable(0.0)\n\n"
            "    @tf.function\n"
            "    def update(self, x):\n"
            "        self.total.assign_add(tf.reduce_sum(x))\n\n\n"
            "def feature_totals(features, dataset):\n"
            "    totals = {}\n"
            "    for name in features:\n"
            "        acc = Accumulator()\n"
            "        for batch in dataset:\n"
            "            acc.update(batch[name])\n"
            "        totals[name] = float(acc.total.numpy())\n"
            "    return totals\n",
            note="(d) an object made per outer iteration whose tf.function method an inner loop calls: each object is "
            "traced once and reused by the inner loop (the twenty-first batch, kdp)",
            name="d-object-reused-by-inner-loop",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Accumulator:\n"
            "    def __init__(self):\n"
            "        self.total = tf.Variable(0.0)\n\n"
            "    @tf.function\n"
            "    def update(self, x):\n"
            "        self.total.assign_add(tf.reduce_sum(x))\n\n\n"
            "def group_totals(groups):\n"
            "    totals = {}\n"
            "    for key, values in groups.items():\n"
            "        acc = Accumulator()\n"
            "        acc.update(tf.constant(values))\n"
            "        totals[key] = float(acc.total.numpy())\n"
            "    return totals\n",
            flagged=["acc.update"],
            note="the near miss: each object's method is called once, so every iteration traces it again",
            name="d-object-called-once-per-iteration",
        ),
        Good(
            "from collections import OrderedDict\n\n"
            "import tensorflow as tf\n\n\n"
            "class Generator:\n"
            "    def __init__(self):\n"
            "        self._fns = OrderedDict()\n\n"
            "    def make_function(self, steps):\n"
            "        return tf.function(lambda x: x * steps)\n\n"
            "    def cached_function(self, steps):\n"
            "        fn = self._fns.get(steps)\n"
            "        if fn is not None:\n"
            "            return fn\n"
            "        fn = self.make_function(steps)\n"
            "        self._fns[steps] = fn\n"
            "        return fn\n\n"
            "    def generate(self, x, steps):\n"
            "        return self.cached_function(steps)(x)\n\n"
            "    def generate_all(self, xs, steps):\n"
            "        return [self.generate(x, steps) for x in xs]\n",
            note="the creating method is called only on a cache miss of its caller (`fn = cache.get(k)`, `if fn is "
            "not None: return fn`): one function per key (the twenty-first batch, zeromodels)",
            name="creator-called-on-cache-miss",
        ),
        Bad(
            "from collections import OrderedDict\n\n"
            "import tensorflow as tf\n\n\n"
            "class Generator:\n"
            "    def __init__(self):\n"
            "        self._fns = OrderedDict()\n\n"
            "    def make_function(self, steps):\n"
            "        return tf.function(lambda x: x * steps)\n\n"
            "    def cached_function(self, steps):\n"
            "        fn = self.make_function(steps)\n"
            "        self._fns[steps] = fn\n"
            "        return fn\n\n"
            "    def generate(self, x, steps):\n"
            "        return self.cached_function(steps)(x)\n\n"
            "    def generate_all(self, xs, steps):\n"
            "        return [self.generate(x, steps) for x in xs]\n",
            flagged=["tf.function(lambda x: x * steps)"],
            note="the near miss: the cache is written but never read, so every call makes a new function",
            name="cache-written-never-read",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def run_case(case):\n"
            "    loaded = load_saved_model(case.path)\n"
            "    graph_def, concrete_func = loaded\n"
            "    tf_func = tf.function(concrete_func)\n"
            "    return tf_func(case.inputs)\n\n\n"
            "def run_all(cases):\n"
            "    for case in cases:\n"
            "        run_case(case)\n",
            note="the function wrapped is unpacked from what a loader just returned: a new one each call",
            name="wraps-unpacked-loader-result",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def run_case(case, bundle):\n"
            "    graph_def, concrete_func = bundle\n"
            "    tf_func = tf.function(concrete_func)\n"
            "    return tf_func(case.inputs)\n\n\n"
            "def run_all(cases, bundle):\n"
            "    for case in cases:\n"
            "        run_case(case, bundle)\n",
            flagged=["tf.function(concrete_func)"],
            note="unpacked from a parameter, which every call of the loop passes the same: the same function "
            "wrapped anew each time",
            name="wraps-unpacked-parameter",
        ),
    )

    oracle = Oracle(
        symptom=Logged("triggered tf.function retracing"),
        runs={
            "closes-over-number-of-caller-loop": "outputs = [t.numpy().tolist() for t in table()]",
            "immediately-invoked-related-call-site": Run(
                "outputs = predict(model, tf.constant([3.0]))",
                setup="def model(x):\n    return x * 2\nbatches = [tf.constant([1.0, 2.0])] * 6\n",
            ),
            "decorator-same-function-every-iteration": Run(
                "evaluate(mse, batches)\noutputs = 1",
                setup="def mse(a, b):\n    return tf.reduce_mean(tf.square(a - b))\n"
                "batches = [(tf.constant([1.0, -1.0, 2.0]), tf.constant([0.5, 0.5, 0.5]))] * 6\n",
            ),
            "b-nested-tf-function-def": Run(
                "evaluate(model, batches)\noutputs = 1",
                setup="def model(x, training=False):\n    return x * 2\nbatches = [tf.constant([1.0])] * 6\n",
            ),
            "b-at-module-level-too": Run("outputs = train_step(tf.ones([2]))", setup="dataset = [tf.ones([2])] * 6\n"),
            "c-reused-inside-fit-epoch": "t = Trainer()\nt.model = lambda x: x * 2\nt.fit([tf.ones([2])] * 2, epochs=6)\noutputs = 1",
            "disguise-created-called-once-per": "m = Model()\nm.net = lambda x: x * 2\noutputs = [m.predict(tf.ones([2])) for _ in range(6)]",
            "c-run-called-from-two": "e = Evaluator()\ne.model = lambda x: x + 1\ne.valid_data = [tf.ones([2])]\n"
            "e.test_data = [tf.ones([2])]\noutputs = [(e.validate(), e.test()) for _ in range(3)]",
            "c-closure-called-from-two": "e = Evaluator()\ne.model = lambda x: x + 1\ne.valid_data = [tf.ones([1, 2])]\n"
            "e.test_data = [tf.ones([1, 2])]\noutputs = [(e.validate(), e.test()) for _ in range(3)]",
            "d-one-function-per-instance": Run("outputs = Scorer().score(tf.ones([2]))", setup="batches = [tf.ones([2])] * 6\n"),
            "d-object-reused-by-inner-loop": "outputs = feature_totals([\"a\", \"b\"], [{\"a\": tf.ones([2]), \"b\": tf.ones([2])}] * 6)",
            "d-object-called-once-per-iteration": "outputs = group_totals({k: [float(k)] for k in range(8)})",
            "creator-called-on-cache-miss": "outputs = [t.numpy().tolist() for t in Generator().generate_all([tf.constant(1.0)] * 8, 3)]",
            "cache-written-never-read": "outputs = [t.numpy().tolist() for t in Generator().generate_all([tf.constant(1.0)] * 8, 3)]",
            "lazy-creation-behind-if-self": "p = Predictor(lambda x: x * 2)\noutputs = p.predict_all([tf.ones([2])] * 8)",
            "wrapped-once-init": "t = Trainer(lambda x: x * 2)\nt.fit([tf.ones([2])] * 8)\noutputs = t._train(tf.ones([2]))",
            "module-level-wrapping": Run("outputs = predict_fn(tf.ones([2]))", setup="model = lambda x: x * 2\nbatches = [tf.ones([2])] * 8\n"),
            "builder-that-runs-once-called": Run(
                "main()\noutputs = model.trainable_variables",
                setup="model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                "model.build((None, 3))\n"
                "optimizer = tf.keras.optimizers.SGD(0.1)\n"
                "dataset = [tf.ones([2, 3])] * 8\n",
            ),
            "one-tf-function-per-training": "v = tf.Variable(1.0)\n"
            "training_loop(lambda: v * v, tf.keras.optimizers.SGD(0.1), [v], maxiter=8, compile=True)\n"
            "outputs = v",
            "run-once-flag-that-guarded": "t = Trainer()\nt._compiled = False\nt._spec = tf.TensorSpec([None], tf.float32)\n"
            "t._forward = lambda x: x * 2\nt.fit([tf.ones([2])] * 8)\noutputs = t.forward(tf.ones([2]))",
            "memoised-creation-lru-cache-dict": Run("run([tf.ones([2])] * 8)\noutputs = 1", setup="model = lambda x: x * 2\n"),
            "created-outer-loop-reused-inner": Run(
                "sweep(make_step, [0.1, 0.2], [tf.ones([2])] * 8)\noutputs = 1",
                setup="def make_step(lr):\n    return lambda x: x * lr\nregistry = {'double': lambda x: x * 2}\n",
            ),
            "c-trainer-fit-known-trainer": "main(lambda x: x * 2, [tf.ones([2])] * 2, 6)\noutputs = 1",
            "test-graph-fn-called-in-loop": "test_blackout_cases()\noutputs = 1",
            "defined-epoch-loop-reused-only": "t = Trainer()\nt.model = lambda x: x * 2\nt.fit([tf.ones([2])] * 2, epochs=6)\noutputs = 1",
        },
        note="TensorFlow's own retracing warning (cause (1)) is the symptom: it fires after five traces of the "
        "same Python function, whether the Function objects are new or not.",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)
        self._members: Optional[Set[str]] = None
        self._weaker = False  # the creation being judged rests on weaker evidence (see `_creation`)

    # -- (a)-(c): creations --------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        if ctx.loops:  # what `_fresh_receiver` looks for is in a loop: most calls are not
            self._fresh_receiver(node)
        func = node.func
        if type(func) is ast.Attribute and func.attr not in _FUNCTION_ATTRS:  # type: ignore[attr-defined]
            return  # `obj.method(...)`: what `tf_function_use` finds for it (most calls), without asking it
        use = ctx.facts.tf_function_use(func, ctx.function)
        if use is None:
            return
        if isinstance(node.func, ast.Call):
            factory = node.func
            if factory.args or any(kw.arg == "func" for kw in factory.keywords):
                return  # `tf.function(f)(x)` calls a Function; the inner call is the creation
            wrapped = node.args[0] if node.args else None  # `tf.function(jit_compile=True)(f)`
        else:
            wrapped = node.args[0] if node.args else use.keywords.get("func")
            if wrapped is None:
                wrapped = next((kw.value for kw in node.keywords if kw.arg == "func"), None)
        if wrapped is None:
            return  # `tf.function(jit_compile=True)`: a decorator factory, not a Function
        keywords = {kw.arg for kw in node.keywords} | set(use.keywords)
        if isinstance(node.func, ast.Call):
            keywords |= {kw.arg for kw in node.func.keywords}
        if DELIBERATE_KEYWORDS & keywords:
            return
        values = dict(use.keywords)
        values.update({kw.arg: kw.value for kw in node.keywords if kw.arg is not None})
        if isinstance(node.func, ast.Call):
            values.update({kw.arg: kw.value for kw in node.func.keywords if kw.arg is not None})
        self._creation(node, node, wrapped, None, compiles_with_xla(values))

    def visit_FunctionDef(self, node) -> None:
        ctx = self.ctx
        info = ctx.facts.function_of(node)
        if info is None or info.decorator is None or info.cls is not None:
            return
        if ctx.function is None and not ctx.loops:
            return
        if DELIBERATE_KEYWORDS & set(info.decorator.keywords):
            return
        self._creation(info.decorator.node, node, None, node.name, compiles_with_xla(info.decorator.keywords))

    visit_AsyncFunctionDef = visit_FunctionDef

    def _creation(
        self, where: ast.AST, anchor: ast.AST, wrapped: Optional[ast.expr], def_name: Optional[str], xla: bool = False
    ) -> None:
        ctx, an = self.ctx, self.an
        scope = ctx.function
        loops = tuple(ctx.loops)
        if scope is None and not loops:
            return
        # `tf.function(f, jit_compile=True)(x)` in a function nothing shows to run eagerly and often is
        # the idiom for compiling one piece with XLA inside an outer trace (a Keras `call`, a replica
        # step): created once per outer trace there. Weaker evidence: preview.
        self._weaker = xla and not loops and an.repetition(scope) is None
        try:
            self._created_here(where, anchor, wrapped, def_name, scope, loops)
        finally:
            self._weaker = False

    def _created_here(self, where, anchor, wrapped, def_name, scope, loops) -> None:
        ctx, an = self.ctx, self.an
        if an.traced(scope) or an.lazy_guard(anchor, scope) is not None:
            return
        if ctx.graph_only_depth:
            return  # only runs while an outer graph is built: once per outer trace, like traced code
        if scope is not None and an.memoised(scope, ctx.facts):
            return
        usage = self._usage(anchor, def_name, scope)
        if usage.cached:
            return
        if self._closes_over_fresh_object(anchor, wrapped, scope):
            return  # a new object each call needs its own function: there is nothing to reuse
        if self._wraps_unpacked_call_result(wrapped, scope):
            return  # what a loader or builder just returned: a new object each call, like one constructed here
        decorated = self._decorates_parameter(anchor, wrapped, scope, usage)
        if decorated is not None and not self._same_callable_again(scope, decorated):
            return  # a decorator: each call wraps the function it is given, and no call shows the same one twice
        if usage.invoked_by is None and not usage.calls and not usage.returned:
            # Stored on an object or handed to a call (an export or serving signature), never called
            # here: what repeats is an export, not a trace per call.
            return
        shown = f"`{def_name}`" if def_name else f"`{shorten(ctx.source.segment(wrapped))}`" if wrapped else "it"
        who = f"`{scope.name}`" if scope is not None else "the module"

        # A function that loops over its data inside one call (a whole training loop in the graph)
        # recovers its trace within that call, like a function reused in a loop: only flag it when
        # the enclosing function is known to run many times.
        amortised = self._loops_inside(anchor, wrapped, scope) and an.repetition(scope) is None
        if loops and self._varies_per_iteration(wrapped, loops[-1]):
            # `for f in fns: tf.function(f)(x)` wraps a different function each time: the loop does
            # not repeat a creation, though the enclosing function may.
            loops = ()
            if scope is None:
                return
        # Closing over the caller's per-call values (not just `self`), in a function nothing shows to run
        # repeatedly or in test code: "create it once" cannot apply as such, the trace is usually paid
        # back by the one heavy computation it compiles (a one-shot fitting or setup API), and a test
        # builds a fresh function per case on purpose. Such findings were wrong far more often than
        # right: not reported.
        if (
            not loops
            and self._closes_over_locals(anchor, wrapped, scope)
            and (self._in_test_code() or (an.repetition(scope) is None and len(an.repeated_call_sites(scope)) < 2))
        ):
            return  # (called from several places is repetition too: each of those calls traces it again)
        if usage.invoked_by is not None:
            if not loops and (an.runs_once(scope) or amortised):
                return
            if self._is_probe(usage.invoked_by, scope):
                return
            if loops:
                when = "on every iteration of this loop"
                related = [Related(_loop_head(loops[-1], ctx), "the loop that repeats the creation")]
            else:
                when = f"on every call of {who}"
                related = self._repetition_related(scope)
            self._report(
                where,
                f"A new tf.function object is created {when} and called at once, so it can never reuse "
                f"a trace: every time, {shown} is traced again. Create it once (module level or `__init__`) "
                f"and call that. {CAUSE_1}",
                related=related,
            )
            return

        if loops:
            same_level = [call for call, call_loops in usage.calls if call_loops == loops]
            if same_level and self._closes_over_object_of_iteration(anchor, wrapped, loops[-1]):
                return  # a new object each iteration needs its own function: there is nothing to reuse
            if same_level and (usage.binding is not None or usage.stored):
                self._report(
                    where,
                    f"A new tf.function object is created on every iteration of this loop and called in "
                    f"the same iteration, so each iteration traces {shown} again. Create it once, before "
                    f"the loop, and pass what changes as arguments. {CAUSE_1}",
                    related=[Related(ctx.span(same_level[0]), "called here, in the same iteration")],
                )
                return
            inner = [
                call
                for call, call_loops in usage.calls
                if len(call_loops) > len(loops) and call_loops[: len(loops)] == loops
            ]
            if (
                inner
                and not same_level
                and usage.binding is not None
                and not usage.escapes
                and not self._reads_loop_names(anchor, wrapped, loops[-1])
            ):
                # Reused by the inner loop, but the function is the same on every outer iteration: one
                # trace per outer iteration (per epoch) where one in all would do.
                self._report(
                    where,
                    f"A new tf.function object is created on every iteration of this loop, although {shown} "
                    "does not depend on the loop, so each iteration traces it again before the inner loop "
                    f"reuses it. Create it once, before this loop. {CAUSE_1}",
                    related=[
                        Related(_loop_head(loops[-1], ctx), "the loop that repeats the creation"),
                        Related(ctx.span(inner[0]), "called here, in the inner loop"),
                    ],
                )
                return
        if scope is None or an.runs_once(scope):
            return

        single_use = (
            usage.binding is not None
            and not usage.escapes
            and bool(usage.calls)
            and all(not call_loops for _, call_loops in usage.calls)
        )
        if single_use and not loops and not amortised:
            if an.repetition(scope) is None and self._in_test_code():
                # Test code, and nothing shows `who` runs more than once (a test's `graph_fn` handed once to
                # a harness): a fresh function per test case is the point, and no trace is thrown away that
                # another call would reuse. On the ecosystem check such findings were wrong in three batches.
                return
            # Nothing shows that `who` runs more than once: weaker evidence, preview.
            self._report(
                where,
                f"{shown} is a new tf.function object on every call of {who}, and {who} calls it only "
                f"once, so it can never reuse a trace: every call of {who} traces it again. Create it once "
                f"(module level, `__init__`, or lazily behind `if self._fn is None:`). {CAUSE_1}",
                related=[Related(ctx.span(usage.calls[0][0]), "its only call in each run")]
                + self._repetition_related(scope),
                preview=an.repetition(scope) is None,
            )
            return

        repeated = an.repetition(scope)
        if repeated is not None:
            reason, site = repeated
            related = [Related(ctx.span(site.node), reason)] if site is not None else []
            # Reused by a loop inside each call: say the cost is one trace per call, not per step.
            reused = [call for call, call_loops in usage.calls if call_loops]
            cost = ""
            if reused:
                cost = f" Within one call a loop reuses it, so this costs one trace per call of {who}."
                related.append(Related(ctx.span(reused[0]), "reused here, within one call"))
            self._report(
                where,
                f"A new tf.function object is created on every call of {who} ({reason}), so the "
                f"traces of one call are thrown away and {shown} is traced again on the next.{cost} "
                f"Create it once (module level, `__init__`, or lazily behind `if self._fn is None:`). "
                f"{CAUSE_1}",
                related=related,
            )
            return
        if usage.binding is not None and not usage.escapes and usage.calls:
            sites = an.repeated_call_sites(scope)
            if len(sites) >= 2:
                self._report(
                    where,
                    f"A new tf.function object is created on every call of {who}, which is called from "
                    f"{len(sites)} places, so each of those calls traces {shown} again. Create it once "
                    f"(a method decorated with `@tf.function`, or lazily behind `if self._fn is None:`). "
                    f"{CAUSE_1}",
                    related=[Related(ctx.span(site.node), f"`{scope.name}` is called here") for site in sites],
                )

    def _loops_inside(self, anchor: ast.AST, wrapped: Optional[ast.expr], scope: Optional[FunctionInfo]) -> bool:
        """Does the wrapped function's own body run a loop (not counting nested defs)?"""
        if isinstance(anchor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = anchor
        else:
            if wrapped is None:
                return False
            facts = self.ctx.facts
            info, _ = facts.resolve_callable(wrapped, scope, facts.enclosing_class(scope))
            if info is None:
                return False
            body = info.node
        if isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            _names_dataset(a.annotation) for a in body.args.posonlyargs + body.args.args + body.args.kwonlyargs
        ):
            return True  # consumes a whole dataset in one call
        facts = self.ctx.facts
        for n in self.an.scope_walk(body):
            if isinstance(n, (ast.For, ast.AsyncFor, ast.While)):
                return True
            if isinstance(n, ast.Call) and (
                (isinstance(n.func, ast.Attribute) and n.func.attr == "reduce" and len(n.args) == 2)
                or (facts.qualname(n.func, None) or "").rsplit(".", 1)[-1] in GRAPH_LOOPS
                and (facts.qualname(n.func, None) or "").startswith("tensorflow.")
            ):
                return True
        return False

    def _closes_over_locals(self, anchor: ast.AST, wrapped: Optional[ast.expr], scope: Optional[FunctionInfo]) -> bool:
        """The wrapped function is defined in `scope` and reads its per-call locals (parameters or
        assigned names other than `self`/`cls`): a closure that cannot simply be created once."""
        if scope is None:
            return False
        facts = self.ctx.facts
        if isinstance(anchor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = facts.function_of(anchor)
        elif wrapped is not None:
            inner, _ = facts.resolve_callable(wrapped, scope, facts.enclosing_class(scope))
        else:
            inner = None
        if inner is None or inner.parent is not scope:
            return False
        own: Set[str] = set()
        for info in facts.functions:
            if info.within(inner):
                own.update(info.locals)
        per_call = {name for name, imported in scope.locals.items() if imported is None} - scope.globals_declared
        per_call.discard(inner.name)
        node = scope.node
        if scope.cls is not None and not isinstance(node, ast.Lambda):
            positional = node.args.posonlyargs + node.args.args
            if positional and positional[0].arg in ("self", "cls"):
                per_call.discard(positional[0].arg)
        return any(
            isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in per_call and n.id not in own
            for n in ast.walk(inner.node)
        )

    def _is_probe(self, call: ast.Call, scope: Optional[FunctionInfo]) -> bool:
        """`try: tf.function(f, jit_compile=True)()` with the result thrown away and errors caught:
        a deliberate probe (is XLA available?), run for its exception, not a computation to reuse."""
        an = self.an
        statement = an.parent(call)
        if not isinstance(statement, ast.Expr):
            return False
        for child, parent in an.climb(statement, an.scope_node(scope)):
            if isinstance(parent, TRY_NODES) and any(child is s for s in parent.body):
                return bool(parent.handlers)
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                break
        return False

    def _report(
        self, where: ast.AST, message: str, related: List[Related], preview: bool = False
    ) -> None:
        """Test code and code Keras may trace (so may create the function once per trace, not per
        call) get information severity. In test code a fresh function per call is often the point
        (each test traces its own case): preview."""
        ctx = self.ctx
        test = self._in_test_code()
        lower = test or (ctx.graph is not None and not self.an.traced(ctx.function))
        preview = preview or self._weaker or test
        self.report(where, message, related=related, severity=Severity.INFO if lower else None, preview=preview)

    @staticmethod
    def _reads_names(node: ast.AST, names: Set[str]) -> bool:
        return any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in names for n in ast.walk(node))

    def _in_test_code(self) -> bool:
        return self.ctx.is_test_file or self._in_test_function()

    def _in_test_function(self) -> bool:
        """A `test_*` function (or a method of a `Test*` class) in a library module is a self-test,
        run by hand: test code, like a test file."""
        scope = self.ctx.function
        while scope is not None:
            if scope.name.startswith("test_") or (scope.cls is not None and scope.cls.name.startswith("Test")):
                return True
            scope = scope.parent
        return False

    def _reads_loop_names(self, anchor: ast.AST, wrapped: Optional[ast.expr], loop: ast.AST) -> bool:
        """The created function reads a name the loop rebinds (`lr`, a per-iteration config): a
        different function on each iteration, or one whose trace would differ."""
        bound = names_bound_in_loop(loop, self.an)
        if isinstance(anchor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            bound.discard(anchor.name)
            body: ast.AST = anchor
        elif wrapped is not None:
            body = wrapped
        else:
            return True
        return any(isinstance(n, ast.Name) and n.id in bound for n in ast.walk(body))

    def _closes_over_fresh_object(
        self, anchor: ast.AST, wrapped: Optional[ast.expr], scope: Optional[FunctionInfo]
    ) -> bool:
        """The new function reads a local that this same run constructs (`model = tf.keras.Model(...)`,
        `net = Net(cfg)`): each run has a new object, so it needs a new function."""
        if scope is None:
            return False
        facts = self.ctx.facts
        if isinstance(anchor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body: Optional[ast.AST] = anchor
        elif isinstance(wrapped, ast.Lambda):
            body = wrapped
        elif wrapped is not None:
            inner, _ = facts.resolve_callable(wrapped, scope, facts.enclosing_class(scope))
            body = inner.node if inner is not None and inner.parent is scope else None
            if body is None:
                # `tf.function(model)`, `tf.function(net.call)`: the wrapped object itself
                root = wrapped
                while isinstance(root, ast.Attribute):
                    root = root.value
                return isinstance(root, ast.Name) and self._fresh_local(root.id, scope)
        else:
            body = None
        if body is None:
            return False
        names = {n.id for n in ast.walk(body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        return any(self._fresh_local(name, scope) for name in names) or self._fresh_arguments(names, scope)

    def _decorates_parameter(
        self, anchor: ast.AST, wrapped: Optional[ast.expr], scope: Optional[FunctionInfo], usage: "Usage"
    ) -> Optional[str]:
        """The parameter of `scope` whose callable the new function wraps, when `scope` is a decorator:
        it returns `tf.function(fn)` of its parameter, or a nested `@functools.wraps(fn)` def. A
        different function given to it is a different function to trace."""
        if scope is None or isinstance(scope.node, ast.Lambda):
            return None
        params = parameter_names(scope) - set(self.an.assignments(scope))
        if isinstance(wrapped, ast.Name) and wrapped.id in params:
            return wrapped.id if usage.returned and not usage.calls and usage.invoked_by is None else None
        if isinstance(anchor, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in anchor.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and (dotted_parts(decorator.func) or [""])[-1] == "wraps"
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Name)
                    and decorator.args[0].id in params
                ):
                    return decorator.args[0].id
        return None

    def _same_callable_again(self, scope: FunctionInfo, param: str) -> bool:
        """A call of the decorator `scope` in this module that may give it the same callable each time
        it runs: its argument is not rebound by the loop around the call (`for f in fns: wrap(f)` gives
        a new one each pass). A call in another module is not seen here: nothing shows a repeat."""
        an = self.an
        for site in scope.callers:
            if site.is_reference:
                continue
            bound = an.bound_call(site.node, scope)
            for name, arg in an.map_arguments(site.node, scope, bound):
                if name != param:
                    continue
                if not site.loops:
                    return True
                varying = names_bound_in_loop(site.loops[-1], an)
                if not any(isinstance(n, ast.Name) and n.id in varying for n in ast.walk(arg)):
                    return True
        return False

    def _closes_over_object_of_iteration(self, anchor: ast.AST, wrapped: Optional[ast.expr], loop: ast.AST) -> bool:
        """The new function reads a name the loop body binds to a new instance of a class (`system =
        System(csi)` on each pass): each iteration has a new object, so it needs a new function."""
        body = anchor if isinstance(anchor, (ast.FunctionDef, ast.AsyncFunctionDef)) else wrapped
        if body is None:
            return False
        read = {n.id for n in ast.walk(body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        own = {id(n) for n in ast.walk(body)}
        for node in ast.walk(loop):
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call) or id(node) in own:
                continue
            parts = dotted_parts(node.value.func)
            if not parts or not is_class_name(parts[-1]):
                continue
            qual = self.ctx.facts.qualname(node.value.func, self.ctx.function)
            if qual is not None and qual.startswith("tensorflow.") and keras_kind(qual) is None and not builds_keras_model(qual):
                continue  # `tf.TensorSpec(...)`, `tf.Variable(...)`: values, not an object the function is made for
            if any(isinstance(t, ast.Name) and t.id in read for t in node.targets):
                return True
        return False

    def _fresh_arguments(self, names: Set[str], scope: FunctionInfo, depth: int = 0) -> bool:
        """A factory (`make_step(model, metric)`) whose new function reads parameters that every caller
        here fills with a value it has just made by a call (`model = self.model_fn(...)`,
        `metric = metric_fn()`), or with the next object of the loop that repeats the call (`for param
        in model.parameters:`), perhaps passed on through a parameter of its own: each call may get new
        objects, so it needs a new function."""
        an = self.an
        params = names & parameter_names(scope)
        sites = [site for site in scope.callers if not site.is_reference and site.caller is not None]
        if not params or not sites:
            return False
        for site in sites:
            caller = site.caller
            # made anew for each call of the factory: in the loop that repeats the call, if there is one
            within = site.loops[-1] if site.loops else caller.node

            def made_per_call(name: str) -> bool:
                if site.loops and _iterates_objects(site.loops[-1], name):
                    return True
                if not an.is_local_name(name, caller):
                    return False
                values = an.assignments(caller).get(name, [])
                if any(isinstance(value, ast.Call) and _is_inside(value, within) for value in values):
                    return True
                # a parameter passed on unchanged: fresh when every call of the caller gives a fresh one
                return (
                    depth < 2
                    and not values
                    and name in parameter_names(caller)
                    and self._fresh_arguments({name}, caller, depth + 1)
                )

            bound = an.bound_call(site.node, scope)
            if not any(
                param in params and isinstance(arg, ast.Name) and made_per_call(arg.id)
                for param, arg in an.map_arguments(site.node, scope, bound)
            ):
                return False
        return True

    def _wraps_unpacked_call_result(self, wrapped: Optional[ast.expr], scope: Optional[FunctionInfo]) -> bool:
        """`tf.function(concrete_func)` where `concrete_func` is a local bound once, by unpacking what a call of
        this same run returned (`graph_def, concrete_func = load(path)`, or through a local bound once,
        `loaded = load(path)` then `..., concrete_func, ... = loaded`): one of several things a loader or
        builder has just made, so each run wraps a new object, as with an object constructed in the same call."""
        if scope is None or not isinstance(wrapped, ast.Name):
            return False
        an = self.an
        name = wrapped.id
        if not an.is_local_name(name, scope):
            return False
        assigned = an.assignments(scope)
        if assigned.get(name) != [None]:
            return False  # bound more than once, or not only by unpacking
        for node in an.scope_walk(scope.node):
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                continue
            target = node.targets[0]
            if not (
                isinstance(target, (ast.Tuple, ast.List))
                and any(isinstance(elt, ast.Name) and elt.id == name for elt in target.elts)
            ):
                continue
            value: Optional[ast.expr] = node.value
            if isinstance(value, ast.Name) and an.is_local_name(value.id, scope):
                values = assigned.get(value.id, [])
                value = values[0] if len(values) == 1 else None
            return isinstance(value, ast.Call)
        return False

    def _fresh_local(self, name: str, scope: FunctionInfo, seen: Optional[Set[str]] = None) -> bool:
        """`name` holds an object this run constructs: a new instance of a class, or what a call makes
        from one (`frozen = convert_variables_to_constants_v2(f)` of a function of a new model)."""
        an, facts = self.an, self.ctx.facts
        if not an.is_local_name(name, scope):
            return False
        seen = set() if seen is None else seen
        seen.add(name)
        values = [value for value in an.assignments(scope).get(name, []) if isinstance(value, ast.Call)]
        for value in values:
            qual = facts.qualname(value.func, scope)
            if qual is not None and (keras_kind(qual) is not None or builds_keras_model(qual)):
                return True
            parts = dotted_parts(value.func)
            if parts and is_class_name(parts[-1]) and (qual is None or not qual.startswith("tensorflow.")):
                return True  # `Net(cfg)`, `models.ResNet(...)`: a new instance of a class
        if len(seen) > 3:
            return False
        return any(
            isinstance(n, ast.Name) and n.id not in seen and self._fresh_local(n.id, scope, seen)
            for value in values
            for n in ast.walk(value)
        )

    def _repetition_related(self, scope: Optional[FunctionInfo]) -> List[Related]:
        repeated = self.an.repetition(scope)
        if repeated is None or repeated[1] is None:
            return []
        return [Related(self.ctx.span(repeated[1].node), repeated[0])]

    def _usage(self, anchor: ast.AST, def_name: Optional[str], scope: Optional[FunctionInfo]) -> Usage:
        """Follow the new object: invoked at once, bound to a name, stored, or passed on."""
        an = self.an
        usage = Usage()
        if def_name is not None:
            usage.binding = def_name
        else:
            parent = an.parent(anchor)
            if isinstance(parent, ast.Call) and parent.func is anchor:
                usage.invoked_by = parent
                return usage
            if isinstance(parent, ast.keyword):
                parent = an.parent(parent)
            if isinstance(parent, ast.Call):
                func = parent.func
                usage.cached = isinstance(func, ast.Attribute) and func.attr == "setdefault"
                usage.escapes = True
                return usage
            if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is anchor:
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                for target in targets:
                    if isinstance(target, ast.Name) and an.is_local_name(target.id, scope):
                        usage.binding = target.id
                    elif isinstance(target, (ast.Attribute, ast.Name)):
                        usage.stored = True
                        self._attribute_calls(usage, key_of(target), scope)
                    else:
                        usage.escapes = True
            else:
                usage.escapes = True
                usage.returned = isinstance(parent, ast.Return)
        if usage.binding is not None:
            # A nested def's body is its own: only uses outside it count.
            self._name_uses(usage, usage.binding, scope, anchor)
        return usage

    def _name_uses(
        self, usage: Usage, name: str, scope: Optional[FunctionInfo], anchor: Optional[ast.AST] = None
    ) -> None:
        an = self.an
        root = an.scope_node(scope)
        own = {id(n) for n in ast.walk(anchor)} if anchor is not None else set()
        rebinds = self._other_bindings(name, root, own) if anchor is not None else []
        for node in an.scope_walk(root, into_nested=True):
            if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
                continue
            if id(node) in own:
                continue  # `step = tf.function(step)` reads the old binding
            if anchor is not None and not self._reached(node, anchor, rebinds, scope):
                continue  # another binding of the name is the one read here (an `else:` branch's own def)
            parent = an.parent(node)
            if self._inside_nested_scope(node, root):
                usage.escapes = True  # a closure can call it at any time
            elif isinstance(parent, ast.Call) and parent.func is node:
                usage.calls.append((parent, an.loops_around(parent, scope)))
            else:
                usage.escapes = True
                usage.returned = usage.returned or isinstance(parent, ast.Return)
                call = an.parent(parent) if isinstance(parent, ast.keyword) else parent
                if isinstance(call, ast.Call) and not self._builds_dataset(call, scope):
                    loops = an.loops_around(node, scope)
                    if loops:  # `strategy.run(step, ...)` on every iteration: a runner calls it
                        usage.calls.append((parent, loops))

    def _builds_dataset(self, call: ast.Call, scope: Optional[FunctionInfo]) -> bool:
        """`ds.map(f)`, `ds.filter(f)`...: a tf.data transformation traces the function it is given into the
        new dataset's own graph, once, when the pipeline is built; a new pipeline per iteration is set-up,
        not a trace repeated on every step."""
        func = call.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in DATASET_METHODS
            and self.an.facts.looks_like_dataset(func.value, scope)
        )

    def _other_bindings(self, name: str, root: ast.AST, own: Set[int]) -> List[Tuple[Tuple[int, int], ast.AST]]:
        """Where else the scope binds `name` (defs and assignments): ((line, column), node)."""
        found: List[Tuple[Tuple[int, int], ast.AST]] = []
        for node in self.an.scope_walk(root):
            if id(node) in own:
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
                found.append(((node.lineno, node.col_offset), node))
            elif isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                found.append(((node.lineno, node.col_offset), node))
        return found

    def _reached(
        self,
        use: ast.AST,
        anchor: ast.AST,
        rebinds: List[Tuple[Tuple[int, int], ast.AST]],
        scope: Optional[FunctionInfo],
    ) -> bool:
        """The binding at `anchor` may be the one `use` reads: the use comes after it with no other binding
        of the name in between, or a loop around both carries it to an earlier line."""
        around_use = {id(loop) for loop in self.an.loops_around(use, scope)}
        if any(id(loop) in around_use for loop in self.an.loops_around(anchor, scope)):
            return True  # a loop can carry the binding anywhere in its body
        start = (anchor.lineno, anchor.col_offset)
        at = (use.lineno, use.col_offset)  # type: ignore[attr-defined]
        if at < start or self._exclusive(anchor, use):
            return False
        return not any(
            start < position < at and not self._exclusive(anchor, node) and not self._exclusive(node, use)
            for position, node in rebinds
        )

    def _exclusive(self, a: ast.AST, b: ast.AST) -> bool:
        """`a` and `b` are in different branches of one `if`: a run reaches only one of them."""
        child = a
        for _ in range(200):
            parent = self.an.parent(child)
            if parent is None or isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return False
            if isinstance(parent, ast.If) and parent.orelse:
                node_b, walker = b, self.an.parent(b)
                while walker is not None and walker is not parent:
                    node_b, walker = walker, self.an.parent(walker)
                if walker is parent:  # the innermost `if` around both
                    side_a, side_b = _if_side(parent, child), _if_side(parent, node_b)
                    return side_a is not None and side_b is not None and side_a != side_b
            child = parent
        return False

    def _attribute_calls(self, usage: Usage, key: Optional[str], scope: Optional[FunctionInfo]) -> None:
        if key is None:
            return
        an = self.an
        for node in an.scope_walk(an.scope_node(scope)):
            if isinstance(node, ast.Call) and key_of(node.func) == key and not isinstance(node.func, ast.Subscript):
                usage.calls.append((node, an.loops_around(node, scope)))

    def _inside_nested_scope(self, node: ast.AST, root: ast.AST) -> bool:
        for _, parent in self.an.climb(node, root):
            if parent is root:
                return False
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return True
        return False

    def _varies_per_iteration(self, wrapped: Optional[ast.expr], loop: ast.AST) -> bool:
        """`for f in fns: tf.function(f)` wraps a different function each time: nothing to reuse."""
        if wrapped is None:
            return False
        key = key_of(wrapped)
        if key is None:
            return False
        root = key.split(".")[0]
        return root in names_bound_in_loop(loop, self.an)

    # -- (d): a decorated method on an object built in the loop --------------------------------

    def _fresh_receiver(self, node: ast.Call) -> None:
        ctx, an = self.ctx, self.an
        func = node.func
        if not ctx.loops or not isinstance(func, ast.Attribute) or an.traced(ctx.function) or ctx.graph_only_depth:
            return
        if func.attr not in self._tf_function_members():
            return
        receiver = func.value
        construction: Optional[ast.Call] = None
        if isinstance(receiver, ast.Call):
            construction = receiver
        elif isinstance(receiver, ast.Name):
            construction = self._constructed_in_loop(receiver.id, tuple(ctx.loops))
        if construction is None or not isinstance(construction.func, ast.Name):
            return
        cls = self.ctx.facts.module_class(construction.func.id, self.ctx.function)
        if cls is None or an.lazy_guard(construction, ctx.function) is not None:
            return
        if self._reads_names(construction, names_bound_in_loop(ctx.loops[-1], an)):
            return  # configured from the loop (`Layer(mode=m)` for each mode): each pass needs its object
        if isinstance(receiver, ast.Name) and self._reused_in_inner_loop(receiver.id, construction, tuple(ctx.loops)):
            return  # each object serves a loop of calls: its one trace is shared by them
        use = _tf_function_member(cls, func.attr, ctx.facts.module_classes)
        if use is None:
            return
        self._report(
            func,
            f"`{func.attr}` is a tf.function, and tf.function keeps one Function (with its own traces) per "
            f"instance; `{cls.name}` is constructed on every iteration of this loop, so every call traces "
            f"`{func.attr}` again. Construct the object once, before the loop. {CAUSE_1}",
            related=[Related(ctx.span(use.node), f"`{cls.name}.{func.attr}` is a tf.function here")],
        )

    def _tf_function_members(self) -> Set[str]:
        """Names of tf.function methods (decorated or wrapped per instance) of this module's classes."""
        if self._members is None:
            self._members = {
                name
                for cls in self.ctx.facts.module_classes.values()
                for name in list(cls.wrapped_attrs)
                + [m for m, info in cls.methods.items() if info.decorator is not None]
            }
        return self._members

    def _reused_in_inner_loop(self, name: str, construction: ast.Call, loops: Tuple[ast.AST, ...]) -> bool:
        """`name`'s tf.function methods are also called in a loop nested in the one that constructs it (`acc =
        Accumulator()` per feature, then `for batch in data: acc.update(batch)`): each object is traced once and
        reused by that loop, so its calls do not each trace again."""
        members = self._tf_function_members()
        around = {id(parent) for _, parent in self.an.climb(construction, self.an.scope_node(self.ctx.function))}
        outer = next((loop for loop in reversed(loops) if id(loop) in around), None)
        if outer is None:
            return False
        for inner in self.an.scope_walk(outer):
            if inner is outer or not isinstance(inner, (ast.For, ast.AsyncFor, ast.While)) or id(inner) in around:
                continue
            for node in self.an.scope_walk(inner):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in members
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == name
                ):
                    return True
        return False

    def _constructed_in_loop(self, name: str, loops: Tuple[ast.AST, ...]) -> Optional[ast.Call]:
        for loop in loops:
            for node in self.an.scope_walk(loop):
                if (
                    isinstance(node, ast.Assign)
                    and isinstance(node.value, ast.Call)
                    and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                ):
                    return node.value
        return None


def _tf_function_member(cls: ClassInfo, attr: str, classes, depth: int = 0) -> Optional[TfFunctionUse]:
    """The tf.function behind `instance.attr`: a decorated method or one wrapped per instance."""
    method = cls.methods.get(attr)
    if method is not None:
        return method.decorator
    wrapped = cls.wrapped_attrs.get(attr)
    if wrapped is not None:
        return wrapped
    if depth > 5:
        return None
    for base in cls.node.bases:
        if isinstance(base, ast.Name) and base.id in classes and classes[base.id] is not cls:
            found = _tf_function_member(classes[base.id], attr, classes, depth + 1)
            if found is not None:
                return found
    return None


def _if_side(node: ast.If, child: ast.AST) -> Optional[str]:
    """Which branch of `node` holds its direct child `child`: "body", "orelse", or None (the test)."""
    if any(stmt is child for stmt in node.body):
        return "body"
    if any(stmt is child for stmt in node.orelse):
        return "orelse"
    return None


def _names_dataset(annotation: Optional[ast.expr]) -> bool:
    """`ds: tf.data.Dataset` (or a string annotation of it)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.rsplit(".", 1)[-1] == "Dataset"
    if isinstance(annotation, ast.Attribute):
        return annotation.attr == "Dataset"
    return isinstance(annotation, ast.Name) and annotation.id == "Dataset"



def _iterates_objects(loop: ast.AST, name: str) -> bool:
    """`for name in items:` (also `for i, name in enumerate(items)`, and comprehensions) over something
    other than a `range`: each iteration binds the next object of a collection."""
    if isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return any(_iterates_objects(generator, name) for generator in loop.generators)
    if not isinstance(loop, (ast.For, ast.AsyncFor, ast.comprehension)):
        return False
    iterated, target = loop.iter, loop.target
    if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name):
        if iterated.func.id == "range":
            return False
        if iterated.func.id == "enumerate" and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            target = target.elts[1]
    return isinstance(target, ast.Name) and target.id == name

def _loop_head(loop: ast.AST, ctx) -> Span:
    """The part of a loop that names what it iterates (not its whole body)."""
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        return ctx.span(loop.iter)
    if isinstance(loop, ast.While):
        return ctx.span(loop.test)
    return ctx.span(loop.generators[0].iter)  # type: ignore[attr-defined]


def _is_inside(node: ast.AST, outer: ast.AST) -> bool:
    start, end = getattr(outer, "lineno", 0), getattr(outer, "end_lineno", None) or 0
    return start <= getattr(node, "lineno", -1) <= end
