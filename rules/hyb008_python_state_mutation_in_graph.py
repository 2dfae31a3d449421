"""HYB008 python-state-mutation-in-graph."""

from __future__ import annotations

import ast
from typing import Iterator, List, Optional, Set, Tuple

from hybridlint.analysis import analysis_for, function_label, graph_related, key_of, traced_severity
from hybridlint.effects import (
    ATTRIBUTE_WRITE,
    GLOBAL_WRITE,
    NONLOCAL_WRITE,
    PARAMETER,
    SELF,
    Effect,
    effects_for,
)
from hybridlint.facts import FunctionInfo, GraphInfo, iter_children, walk_nodes
from hybridlint.oracle import EagerMismatch, Oracle, Run, SideEffects
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import NONE, STRING, Inference, Kind, binary, tensors_for

ONCE_PER_OBJECT = frozenset({"__init__", "build", "__post_init__"})
# Flags Keras and tf.Module code sets on purpose.
FRAMEWORK_FLAGS = frozenset({"built", "_built", "_is_built", "_compiled"})
# Methods that make TensorFlow state change at run time.
STATE_OPS = ("assign", "assign_add", "assign_sub", "scatter_update", "scatter_add", "scatter_sub", "apply_gradients",
             "update_state", "reset_state", "reset_states")
PYTHON_KINDS = (Kind.PY_NUMBER, Kind.PY_BOOL, Kind.PY_CONTAINER)
KIND_WORD = {Kind.PY_NUMBER: "number", Kind.PY_BOOL: "bool", Kind.PY_CONTAINER: "collection"}



class PythonStateMutationInGraph(Rule):
    code = "HYB008"
    name = "python-state-mutation-in-graph"
    severity = Severity.WARNING
    preview = True
    reads_index = frozenset({"effects"})  # other modules' functions' side effects (`effects_for`)
    summary = "Python state (a global, nonlocal or attribute) changed in traced code"
    needs_traced_code = True  # reports only in code that runs as a graph
    graph_findings = True  # its findings rest on the code being traced (preview where that is weak)

    what_it_does = (
        "In code that runs as a graph, flags updating a `global` or `nonlocal` name, an attribute of `self` "
        "or of a tf.function's argument from its old value to a Python value (a number, bool, string, `None` "
        "or Python collection): `steps += 1`, `self.n = self.n + 1`. A plain "
        "assignment that does not read the old value (`self.x = value`, a latch such as `global FALLBACK; "
        "FALLBACK = True`), or one that only re-normalises it (`self.x = tf.nest.flatten(self.x)`, "
        "`list(...)`, `sorted(...)`), is flagged only when a Python condition in traced code reads "
        "the same state and guards a TensorFlow state change (the counter that decides whether "
        "`v.assign_add(1)` runs); the message then says so. Tensors, and "
        "collections of them, are HYB022's concern, and values of unknown kind (a collection extended with items of "
        "unknown kind included: `self._losses += found`) are not flagged. Also not "
        "flagged: `__init__`/`build`, `self.built = True`, writes under a lazy-initialisation guard (`if "
        "self._fn is None:`), under `tf.init_scope()` or `if tf.executing_eagerly():`, a temporary override "
        "written back before the function ends (`old = self.a; self.a = None; ...; self.a = old`), a "
        "once-per-trace switch (`if first_call: ...; first_call = False`) that guards no TensorFlow state "
        "change, counters used to name ops (read in string formatting), locals of a traced function changed "
        "by a helper nested in it, attribute writes on the arguments of helpers (only a tf.function's own "
        "arguments surely outlive the trace), and test files (tests count traces with Python counters on "
        "purpose)."
    )
    why_bad = (
        "A traced function's Python code runs only while TensorFlow traces it; later calls replay the graph. "
        "A Python counter incremented there counts traces, not calls, and a Python condition on it is decided "
        "once, at trace time: the TensorFlow ops it guards are either baked into the graph and run on every "
        "call, or left out for good. That is the study's motivating example (a `tf.Module` whose Python "
        "`counter` guards `v.assign_add(1)`, so `v` grows on every call: numerically wrong and slower) and "
        "the TF guide's section on changing Python global and free variables. The study labels fixes for "
        "*variable state exposure* (1 of its 159 fix commits) and reports hybridization as prone to API "
        "misuse; Hybridize refuses functions with Python side effects (`HAS_PYTHON_SIDE_EFFECTS`)."
    )
    use_instead = (
        "A `tf.Variable` for state that must change on each call (`self.calls.assign_add(1)`; conditions on it "
        "become `tf.cond`), or return the new value and update the Python state outside the traced function."
    )
    fix_safety_doc = "No fix: whether the state should become a variable or move out of the graph is the author's call."
    references = (
        "https://www.tensorflow.org/guide/function#changing_python_global_and_free_variables",
        "https://www.tensorflow.org/guide/function",
        "https://arxiv.org/abs/2201.09953",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "class Once(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.v = tf.Variable(0)\n"
            "        self.calls = 0\n\n"
            "    @tf.function\n"
            "    def __call__(self):\n"
            "        if self.calls == 0:\n"
            "            self.calls += 1\n"
            "            self.v.assign_add(1)\n"
            "        return self.v\n",
            flagged=["self.calls += 1"],
            note="the study's motivating example: the counter guards a TF op",
            name="study-motivating-example-counter-guards",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "steps = 0\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    global steps\n"
            "    steps += 1\n"
            "    return x * 2\n",
            flagged=["steps += 1"],
            name="bad-train-step",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def make_step():\n"
            "    calls = 0\n\n"
            "    @tf.function\n"
            "    def step(x):\n"
            "        nonlocal calls\n"
            "        calls = calls + 1\n"
            "        return x\n\n"
            "    def count():\n"
            "        return calls\n"
            "    return step, count\n",
            flagged=["calls = calls + 1"],
            name="bad-make-step-step",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Once(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.v = tf.Variable(0)\n"
            "        self.calls = tf.Variable(0)\n\n"
            "    @tf.function\n"
            "    def __call__(self):\n"
            "        if self.calls == 0:\n"
            "            self.calls.assign_add(1)\n"
            "            self.v.assign_add(1)\n"
            "        return self.v\n",
            note="state in variables: `assign_add` runs on every call",
            name="state-variables-assign-add-runs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Dense(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.w = None\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        if self.w is None:\n"
            "            self.w = tf.Variable(tf.ones([x.shape[-1], 2]))\n"
            "        return tf.matmul(x, self.w)\n",
            note="lazy creation under a None guard (the documented pattern)",
            name="lazy-creation-under-none-guard",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def build(self, input_shape):\n"
            "        self.units = input_shape[-1]\n"
            "        self.built = True\n\n"
            "    def call(self, x):\n"
            "        return x * self.units\n",
            note="Keras `build` runs once",
            name="keras-build-runs-once",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def check(x):\n"
            "    if x.shape.rank is None:\n"
            "        raise ValueError(\"unknown rank\")\n\n"
            "def make_step():\n"
            "    first_call = True\n\n"
            "    @tf.function\n"
            "    def step(x):\n"
            "        nonlocal first_call\n"
            "        if first_call:\n"
            "            check(x)\n"
            "            first_call = False\n"
            "        return x * 2\n"
            "    return step\n",
            note="a deliberate once-per-trace check that changes no TensorFlow state",
            name="deliberate-once-per-trace-check",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class NoActivation(tf.keras.layers.Layer):\n"
            "    def __init__(self, inner):\n"
            "        super().__init__()\n"
            "        self.inner = inner\n\n"
            "    def call(self, x):\n"
            "        saved = self.inner.activation\n"
            "        self.inner.activation = None\n"
            "        y = self.inner(x)\n"
            "        self.inner.activation = saved\n"
            "        return y\n",
            note="a temporary override, written back",
            name="temporary-override-written-back",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Head(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        self._output_specs = {\"logits\": x.shape}\n"
            "        self._called = True\n"
            "        return x\n",
            note="plain assignments give the same value on every trace",
            name="plain-assignments-give-same-value",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Meter(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.total = tf.Variable(0.0)\n\n"
            "    @tf.function\n"
            "    def add(self, x):\n"
            "        self.total.assign_add(tf.reduce_sum(x))\n",
            note="`Variable.assign*` changes TensorFlow state at run time",
            name="variable-assign-changes-tensorflow-state",
        ),
        Bad(
            "calls = 0\n\n\n"
            "def count():\n"
            "    global calls\n"
            "    calls += 1\n",
            flagged=["calls += 1"],
            path="pkg/counter.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom .counter import count\n\n\n@tf.function\n"
                    "def train_step(x):\n    count()\n    return tf.reduce_sum(x)\n",
                ),
            ),
            note="a helper in another module, imported relatively and called from a tf.function",
        ),
        Good(
            "calls = 0\n\n\n"
            "def count():\n"
            "    global calls\n"
            "    calls += 1\n",
            path="pkg/counter.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom .counter import count\n\n\n@tf.function\n"
                    "def train_step(x):\n    return tf.reduce_sum(x)\n\n\n"
                    "def fit(dataset):\n    for x in dataset:\n        count()\n        train_step(x)\n",
                ),
            ),
            note="the helper runs eagerly, next to the tf.function call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Pooling:\n"
            "    def start(self):\n"
            "        self.mult = 1\n\n"
            "    def pool(self, x):\n"
            "        self.mult *= 2\n"
            "        return x[:, :: self.mult]\n\n"
            "class Net(tf.keras.layers.Layer):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.pooling = Pooling()\n\n"
            "    def call(self, x):\n"
            "        self.pooling.start()\n"
            "        return self.pooling.pool(self.pooling.pool(x))\n",
            note="scratch state set afresh by a traced method at the start of each trace",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "PY_OPS = False\n\n\n"
            "def warn_fallback(op_name):\n"
            "    print(f\"{op_name}: custom op not found, using the Python version\")\n"
            "    global PY_OPS\n"
            "    PY_OPS = True\n\n\n"
            "@tf.function\n"
            "def gelu(x):\n"
            "    if not PY_OPS:\n"
            "        try:\n"
            "            return custom_ops.gelu(x)\n"
            "        except tf.errors.NotFoundError:\n"
            "            warn_fallback(\"gelu\")\n"
            "    return 0.5 * x * (1.0 + tf.tanh(0.79788456 * (x + 0.044715 * x ** 3)))\n",
            note="a process-wide latch set to a constant: the same value however often it runs",
            name="latch-set-to-constant",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class MultiLoss(tf.keras.layers.Layer):\n"
            "    def get_config(self):\n"
            "        self._losses = tf.nest.flatten(self._losses)\n"
            "        return {\"losses\": self._losses}\n\n"
            "    def call(self, y_true, y_pred):\n"
            "        names = self.get_config()[\"losses\"]\n"
            "        return tf.add_n([tf.reduce_mean(tf.square(y_true - y_pred)) for _ in names])\n",
            note="state re-normalised by a conversion that changes nothing when applied again",
            name="idempotent-normalisation",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class EmaQuantizer(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.freeze_ema = True\n"
            "        self.trainable = True\n"
            "        self.step = tf.Variable(0)\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self.freeze_ema = self.freeze_ema and self.trainable\n"
            "        self.step.assign_add(1)\n"
            "        return x * 2.0\n",
            note="a latch narrowed by a value the call cannot change: applied again it gives the same state",
            name="latch-narrowed-by-config",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class EmaQuantizer(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.freeze_ema = True\n"
            "        self.calls = 0\n"
            "        self.step = tf.Variable(0)\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self.calls += 1\n"
            "        self.freeze_ema = self.freeze_ema and self.calls < 100\n"
            "        self.step.assign_add(1)\n"
            "        return x * 2.0\n",
            flagged=["self.calls += 1", "self.freeze_ema = self.freeze_ema and self.calls < 100"],
            note="the near miss: narrowed by a count the call itself changes, which every call would advance "
            "and the trace advances once",
            name="latch-narrowed-by-a-count",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def tagged(loss):\n"
            "    return loss\n\n\n"
            "class Regularized(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.v = tf.Variable(1.0)\n"
            "        self._losses = []\n\n"
            "    def add_loss(self, losses):\n"
            "        found = []\n"
            "        for loss in losses:\n"
            "            found.append(tagged(loss))\n"
            "        self._losses += found\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self.add_loss([tf.reduce_sum(x)])\n"
            "        return x * self.v\n",
            note="a collection extended with items of unknown kind (here tensors a framework registers on each "
            "trace): not known to be Python state",
            name="collects-items-of-unknown-kind",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Regularized(tf.Module):\n"
            "    def __init__(self):\n"
            "        self.v = tf.Variable(1.0)\n"
            "        self._sizes = []\n\n"
            "    def add_loss(self, losses):\n"
            "        self._sizes += [len(losses)]\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        self.add_loss([tf.reduce_sum(x)])\n"
            "        return x * self.v\n",
            flagged=["self._sizes += [len(losses)]"],
            note="the near miss: what is added is a Python number, so the list is Python state that grows once "
            "per trace",
            name="collects-python-numbers",
        ),
    )

    oracle = Oracle(
        symptom=SideEffects(expr="steps"),
        runs={
            "study-motivating-example-counter-guards": Run("m = Once()\noutputs = [int(m()) for _ in range(3)]", symptom=EagerMismatch()),
            "bad-train-step": "outputs = [train_step(tf.constant(1.0)) for _ in range(3)]",
            "bad-make-step-step": Run(
                "step, count = make_step()\noutputs = [step(tf.constant(1.0)) for _ in range(3)]",
                symptom=SideEffects(expr="count()"),
            ),
            "state-variables-assign-add-runs": Run("m = Once()\noutputs = [int(m()) for _ in range(3)]", symptom=EagerMismatch()),
            "lazy-creation-under-none-guard": Run("d = Dense()\noutputs = [d(tf.ones([1, 3])) for _ in range(2)]", symptom=EagerMismatch()),
            "keras-build-runs-once": Run("f = tf.function(Block())\noutputs = f(tf.ones([1, 2]))", symptom=EagerMismatch()),
            "deliberate-once-per-trace-check": Run("step = make_step()\noutputs = [step(tf.ones([2])) for _ in range(2)]", symptom=EagerMismatch()),
            "temporary-override-written-back": Run(
                "inner = tf.keras.layers.Dense(2, activation='relu', kernel_initializer='ones')\n"
                "f = tf.function(NoActivation(inner))\noutputs = f(-tf.ones([1, 2]))",
                symptom=EagerMismatch(),
            ),
            "plain-assignments-give-same-value": Run("outputs = tf.function(Head())(tf.ones([1]))", symptom=EagerMismatch()),
            "collects-python-numbers": Run(
                "m = Regularized()\noutputs = [m(tf.constant(1.0)) for _ in range(3)]",
                symptom=SideEffects(expr="len(m._sizes)"),
            ),
            "latch-narrowed-by-config": Run(
                "m = EmaQuantizer()\nsteps = [m(tf.constant(1.0)) for _ in range(3)]\noutputs = (m.freeze_ema, int(m.step.numpy()))",
                symptom=EagerMismatch(),
            ),
            "latch-narrowed-by-a-count": Run(
                "m = EmaQuantizer()\noutputs = [m(tf.constant(1.0)) for _ in range(3)]",
                symptom=SideEffects(expr="m.calls"),
            ),
            "variable-assign-changes-tensorflow-state": Run(
                "m = Meter()\nfor _ in range(3):\n    m.add(tf.ones([2]))\noutputs = float(m.total.numpy())",
                symptom=EagerMismatch(),
            ),
        },
    )

    def finish(self) -> None:
        facts = self.ctx.facts
        if self.ctx.is_test_file:
            return  # tests count traces with Python counters on purpose
        effects = effects_for(facts)
        for info in facts.functions:
            graph = info.graph
            if graph is None or info.name in ONCE_PER_OBJECT:
                continue
            for effect in effects.local(info):
                if effect.eager or effect.kind not in (GLOBAL_WRITE, NONLOCAL_WRITE, ATTRIBUTE_WRITE):
                    continue
                self._check(effect, info, graph)

    def _check(self, effect: Effect, info: FunctionInfo, graph: GraphInfo) -> None:
        ctx = self.ctx
        if effect.name.rsplit(".", 1)[-1] in FRAMEWORK_FLAGS or effect.method == "delete":
            return
        if effect.root == PARAMETER and not (graph.origin is info and (info.decorator or info.wrappers)):
            return  # a helper's argument may be an object that lives only in this trace (a tensor, a spec)
        if effects_for(ctx.facts).per_trace(effect):
            return
        value = self._new_value(effect, info)
        if value is None:
            return
        an = analysis_for(ctx.facts)
        if an.lazy_guard(effect.node, info) is not None or _restored(effect, info):
            return
        state = effect.name
        guard = self._guard(state, effect, info)
        if guard is None:
            if _switched_off_under_own_test(effect, info, an):
                return  # a deliberate once-per-trace switch (`if first_call: ...; first_call = False`)
            if not _updates_itself(effect):
                # a plain `self.x = value` (or a latch, `global FALLBACK; FALLBACK = True`) gives the same
                # value on every trace: a cache or a switch, not a counter
                return
            if _normalises_itself(effect):
                return  # `self.x = tf.nest.flatten(self.x)`: the same value however often it runs
            if _narrows_itself(effect, info):
                return  # `self.x = self.x and self.trainable`: a latch, the same value however often it runs
            if _used_for_names(state, info):
                return  # a per-trace counter that names ops (`name = f"call_{self._id}"`)
            if effect.kind == ATTRIBUTE_WRITE and _reset_in_trace(effect, info):
                return  # scratch state: a traced method of the class sets it afresh (`self.mult = 1`) each trace
        kind_word = KIND_WORD.get(value.kind, "value")
        where = f"while {function_label(info)} is traced ({graph.describe()})"
        if guard is not None:
            test, op = guard
            message = (
                f"`{state}` is a Python {kind_word} changed {where}, and a Python condition on it decides "
                f"whether `{ctx.source.segment(op)}` runs. Both happen only at trace time: the condition is "
                "fixed into the graph, so the TensorFlow op runs on every call (or never), whatever the state "
                "says later. Keep the state in a `tf.Variable` so the condition becomes a graph condition."
            )
        else:
            message = (
                f"This changes the Python {kind_word} `{state}` {where}. It runs once per trace, not on every "
                "call (later calls replay the graph), so the state stops following the calls. Keep per-call "
                "state in a `tf.Variable`, or return the value and update the state outside."
            )
        related: List[Related] = list(graph_related(info, self.ctx.source))
        if guard is not None:
            related.insert(0, Related(ctx.span(guard[0]), f"this condition reads `{state}` only while tracing"))
        severity = traced_severity(graph, Severity.WARNING)
        self.report(effect.node, message, related=related, severity=severity)

    def _new_value(self, effect: Effect, info: FunctionInfo) -> Optional[Inference]:
        """The Python value written, or None when it is not known to be a plain Python value."""
        tensors = tensors_for(self.ctx.facts)
        node = effect.node
        if isinstance(node, ast.AugAssign):
            added = tensors.infer(node.value, info)
            current = tensors.infer(node.target, info)
            if current.kind is Kind.UNKNOWN and added.kind is Kind.PY_NUMBER:
                return added  # `self.count += 1` on state of unknown origin is a Python number too
            result = binary(current, added, node.op, node)
            if added.kind is Kind.PY_CONTAINER and result.kind is Kind.PY_CONTAINER:
                # what is added says what the collection holds (`self._sizes += [len(x)]`)
                return result if _holds_python_values(added) else None
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, (ast.Tuple, ast.List)) for t in targets):
                return None
            result = tensors.infer(node.value, info)
        elif isinstance(node, ast.Call) and effect.method == "setattr" and len(node.args) == 3:
            result = tensors.infer(node.args[2], info)
        else:
            return None
        if result.kind is Kind.PY_CONTAINER and _holds_tensors(result):
            return None  # tensors stored away: HYB022's leak, not Python state
        if result.kind is Kind.PY_CONTAINER and not _holds_python_values(result):
            # what is collected is not known (`self._losses += losses` of a helper's results): tensors
            # registered per trace (HYB022's concern, or a framework's own bookkeeping) as likely as Python state
            return None
        if result.kind in PYTHON_KINDS or (result.kind is Kind.OBJECT and result.tag in (STRING, NONE)):
            return result
        return None

    def _guard(self, state: str, effect: Effect, info: FunctionInfo) -> Optional[Tuple[ast.expr, ast.AST]]:
        """A Python condition in traced code that reads `state` and guards a TensorFlow op: (test, op)."""
        facts = self.ctx.facts
        scopes: List[FunctionInfo] = [info]
        if effect.root == SELF and info.cls is not None:
            scopes += [m for m in info.cls.methods.values() if m is not info and m.graph is not None]
        for scope in scopes:
            for test, body in _conditions(scope.node):
                if not any(key_of(n) == state for n in walk_nodes(test) if isinstance(n, (ast.Name, ast.Attribute))):
                    continue
                value = tensors_for(facts).infer(test, scope)
                if value.is_tensor:
                    continue  # a graph condition (AutoGraph's tf.cond): evaluated on every call
                op = self._tf_op(body, scope)
                if op is not None:
                    return test, op
        return None

    def _tf_op(self, body: List[ast.AST], scope: FunctionInfo) -> Optional[ast.AST]:
        """A call in `body` that changes TensorFlow state when the graph runs: `v.assign_add(...)`,
        `optimizer.apply_gradients(...)`, a metric update, or a call of a function in this file that
        does so. Only those make the condition matter at run time: pure computations traced once under
        a trace-time condition are a deliberate choice of graph."""
        facts = self.ctx.facts
        for stmt in body:
            for node in walk_nodes(stmt):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in STATE_OPS:
                    return node
                target, _ = facts.resolve_callable(func, scope, facts.enclosing_class(scope))
                if target is not None and _changes_tf_state(target):
                    return node
        return None


def _holds_tensors(value: Inference) -> bool:
    if value.element is not None and value.element.is_tensor:
        return True
    return bool(value.items) and any(item.is_tensor for item in value.items)  # type: ignore[union-attr]


def _holds_python_values(value: Inference) -> bool:
    """Every element of the collection is known to be a Python value (a number, bool, string, `None` or
    collection): `self.sizes += [len(x)]`, not `self.losses += losses` of unknown items."""
    def python(item: Optional[Inference]) -> bool:
        return item is not None and (
            item.kind in PYTHON_KINDS or (item.kind is Kind.OBJECT and item.tag in (STRING, NONE))
        )

    if value.items:
        # (an empty literal's items say nothing: a local list may be filled by `append` later)
        return all(python(item) for item in value.items)
    return python(value.element)


def _updates_itself(effect: Effect) -> bool:
    """`self.n += 1`, `self.n = self.n + 1`: the new value depends on the old one."""
    node = effect.node
    if isinstance(node, ast.AugAssign):
        return True
    value = getattr(node, "value", None)
    return value is not None and any(
        key_of(n) == effect.name for n in walk_nodes(value) if isinstance(n, (ast.Name, ast.Attribute))
    )


# Conversions that give the same value when applied again (`flatten(flatten(x)) == flatten(x)`).
IDEMPOTENT_CALLS = frozenset({"flatten", "list", "tuple", "sorted", "set", "frozenset", "dict"})


def _normalises_itself(effect: Effect) -> bool:
    """`self.x = tf.nest.flatten(self.x)`, `self.x = list(self.x)`: the state re-normalised through a
    conversion that changes nothing when applied again."""
    value = getattr(effect.node, "value", None)
    if isinstance(effect.node, ast.AugAssign) or not isinstance(value, ast.Call) or len(value.args) != 1:
        return False
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    return name in IDEMPOTENT_CALLS and key_of(value.args[0]) == effect.name and not value.keywords


def _narrows_itself(effect: Effect, info: FunctionInfo) -> bool:
    """`self.x = self.x and self.trainable`, `self.x = self.x or FLAG`: the state combined by `and`/`or`
    with values the call cannot change (constants, attributes of `self` the function does not write).
    Applying it again changes nothing (`(x and c) and c == x and c`), so once per trace gives the state
    every call would."""
    value = getattr(effect.node, "value", None)
    if isinstance(effect.node, ast.AugAssign) or not isinstance(value, ast.BoolOp):
        return False
    others = [operand for operand in value.values if key_of(operand) != effect.name]
    if len(others) == len(value.values):
        return False
    written = {
        key_of(target)
        for node in walk_nodes(info.node)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
    }
    return all(_fixed_in_call(operand, written) for operand in others)


def _fixed_in_call(node: ast.expr, written: Set[Optional[str]]) -> bool:
    """A value no call can change: a constant, an attribute of `self` the function does not write, or
    `not`, a comparison, `and`/`or` of those."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return key_of(node) not in written
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _fixed_in_call(node.operand, written)
    if isinstance(node, ast.BoolOp):
        return all(_fixed_in_call(v, written) for v in node.values)
    if isinstance(node, ast.Compare):
        return all(_fixed_in_call(v, written) for v in [node.left, *node.comparators])
    return False


def _reset_in_trace(effect: Effect, info: FunctionInfo) -> bool:
    """`self.x` is also set to a literal at the top level of a traced method of the same class: each
    trace starts it afresh, so updating it in the trace does not carry state from one call to the next."""
    cls = info.cls
    if cls is None or not effect.name.startswith("self."):
        return False
    for method in cls.methods.values():
        if method.graph is None or method is info or isinstance(method.node, ast.Lambda):
            continue
        for stmt in method.node.body:
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.value, ast.Constant)
                and any(key_of(t) == effect.name for t in stmt.targets)
            ):
                return True
    return False


def _used_for_names(state: str, info: FunctionInfo) -> bool:
    """The state is read inside string formatting in the function (op or layer names)."""
    for node in walk_nodes(info.node):
        formatting = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "format")
                or (isinstance(node.func, ast.Name) and node.func.id == "str")
            )
        ) or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant))
        if formatting and any(
            key_of(n) == state for n in walk_nodes(node) if isinstance(n, (ast.Name, ast.Attribute))
        ):
            return True
    return False


def _changes_tf_state(info: FunctionInfo) -> bool:
    for node in walk_nodes(info.node):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in STATE_OPS:
            return True
    return False


def _restored(effect: Effect, info: FunctionInfo) -> bool:
    """The function saves the state to a local first and writes it back (`old = self.a; self.a = None;
    ...; self.a = old`): a temporary override, not a change that outlives the trace."""
    saved = set()
    for node in walk_nodes(info.node):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if key_of(node.value) == effect.name and isinstance(node.value, (ast.Name, ast.Attribute)):
                saved.add(node.targets[0].id)
    if not saved:
        return False
    for node in walk_nodes(info.node):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in saved:
            if any(key_of(t) == effect.name for t in node.targets):
                return True
    return False


def _switched_off_under_own_test(effect: Effect, info: FunctionInfo, an) -> bool:
    """The write sits under a Python `if` that tests the same state: a run-once switch."""
    for child, parent in an.climb(effect.node, info.node):
        if isinstance(parent, (ast.If, ast.While)) and child is not parent.test:
            names = {key_of(n) for n in walk_nodes(parent.test) if isinstance(n, (ast.Name, ast.Attribute))}
            if effect.name in names:
                return True
    return False


def _conditions(root: ast.AST) -> Iterator[Tuple[ast.expr, List[ast.AST]]]:
    stack = list(iter_children(root))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.If, ast.While)):
            yield node.test, list(node.body) + list(node.orelse)
        elif isinstance(node, ast.IfExp):
            yield node.test, [node.body, node.orelse]
        stack.extend(iter_children(node))



