"""HYB020 python-object-arg."""

from __future__ import annotations

import ast
from typing import List, Optional, Set, Tuple

from hybridlint.analysis import (
    PARTIALS,
    ModuleAnalysis,
    analysis_for,
    definition_related,
    shorten,
    tf_function_callee,
)
from hybridlint.constructors import GENERATOR_CONSTRUCTORS, keras_layer_kind
from hybridlint.facts import ClassInfo, FunctionInfo, TfFunctionUse, dotted_parts
from hybridlint.oracle import Counted, Oracle, Run, traces
from hybridlint.rule import Bad, Good, Related, Rule, Severity

# Bases whose instances TensorFlow compares by value or structure, or that make construction return a
# shared object: a new one per call does not retrace.
STRUCTURAL_BASES = frozenset(
    {
        "NamedTuple",
        "tuple",
        "list",
        "dict",
        "Enum",
        "IntEnum",
        "Flag",
        "IntFlag",
        "StrEnum",
        "ExtensionType",
        "BatchableExtensionType",
        "CompositeTensor",
        "TypeSpec",
        "TraceType",
    }
)
PLAIN_BASES = frozenset({"object", "ABC", "Generic", "Protocol"})
STRUCTURAL_METHODS = frozenset({"__tf_tracing_type__", "__new__", "__tf_flatten__"})


class PythonObjectArg(Rule):
    code = "HYB020"
    name = "python-object-arg"
    severity = Severity.WARNING
    preview = True
    needs_traced_code = True
    summary = "A new Python object, lambda or partial passed to a tf.function on every iteration: a retrace per call"

    what_it_does = (
        "Flags arguments of tf.function calls (a decorated def or method, `g = tf.function(f)`, "
        "`self.step = tf.function(self._step)`) that are a new Python object on every call: a lambda, a "
        "`functools.partial(...)`, an instance of a class defined in this file (dataclasses included), a "
        "`tf.random.Generator`, or a Keras layer, loss or metric object — constructed in the argument "
        "itself, inside a list, tuple or dict argument, or assigned to a name on the same iteration. The "
        "call must repeat: it is inside a loop, or in a function that this file calls in a loop. Skipped: "
        "functions with an `input_signature`; calls made inside traced code (they run once per trace); "
        "classes TensorFlow matches by value or structure (`NamedTuple`s, `ExtensionType`s, classes with "
        "`__tf_tracing_type__`, enums, `attrs` classes, container subclasses) or that may return a shared "
        "instance (a custom `__new__`); classes with bases defined elsewhere (unknown behaviour). Keras "
        "optimizers and models are reported by HYB011 (new per iteration, or different ones at different "
        "call sites of one tf.function)."
    )
    why_bad = (
        "tf.function keys its traces on the *trace type* of each argument. Tensors match by dtype and "
        "shape, and lists, tuples, dicts and namedtuples by structure, but any other Python object is "
        "matched through a weak reference to it: a call with an object equal to the previous one reuses "
        "the trace only while that previous object is still alive. An object constructed on every "
        "iteration therefore traces the function again every time — checked on TensorFlow 2.21 for plain "
        "classes, classes defining `__eq__`/`__hash__`, and frozen dataclasses (4 calls, 4 traces; a "
        "non-frozen dataclass raises `TypeError` because it is unhashable). Lambdas and partials are new "
        "function objects each time, with the same effect. TF's guide documents this under \"Depending on "
        "Python objects\" and its retracing warning names *passing Python objects instead of tensors* as a "
        "cause. The study's labelled fix commits have no separate label for it; it falls under their "
        "largest category, *Performance* (57 of 159), and its abstract's finding that hybridization can "
        "degrade performance."
    )
    use_instead = (
        "Create the object once, outside the loop, and pass the same object each time; or pass the values "
        "it carries as tensors; or make it a `tf.experimental.ExtensionType` (or give it "
        "`__tf_tracing_type__`) so TensorFlow matches it by value. Define lambdas and partials once."
    )
    fix_safety_doc = (
        "No automatic fix: moving the construction out of the loop shares one object between iterations, "
        "which changes behaviour whenever the object has state or its arguments change per iteration."
    )
    references = (
        "https://www.tensorflow.org/guide/function#depending_on_python_objects",
        "https://www.tensorflow.org/guide/function#rules_of_tracing",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "class Cfg:\n"
            "    def __init__(self, scale):\n"
            "        self.scale = scale\n\n"
            "@tf.function\n"
            "def apply(x, cfg):\n"
            "    return x * cfg.scale\n\n"
            "for _ in range(100):\n"
            "    apply(x, Cfg(2.0))\n",
            flagged=["Cfg(2.0)"],
            name="bad-cfg-apply",
        ),
        Bad(
            "import dataclasses\n"
            "import tensorflow as tf\n\n"
            "@dataclasses.dataclass(frozen=True)\n"
            "class Options:\n"
            "    clip: float\n\n"
            "@tf.function\n"
            "def step(x, options):\n"
            "    return tf.clip_by_value(x, -options.clip, options.clip)\n\n"
            "def train(batches):\n"
            "    for batch in batches:\n"
            "        options = Options(clip=1.0)\n"
            "        step(batch, options)\n",
            flagged=[("options", 4)],
            note="a frozen dataclass is equal to the last one, but the last one is gone: a retrace each time",
            name="frozen-dataclass-equal-last-one",
        ),
        Bad(
            "import functools\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def transform(x, fn):\n"
            "    return fn(x)\n\n"
            "def run(batches):\n"
            "    outputs = []\n"
            "    for batch in batches:\n"
            "        outputs.append(transform(batch, lambda t: t * 2))\n"
            "        outputs.append(transform(batch, functools.partial(tf.clip_by_value, clip_value_min=0.0, clip_value_max=1.0)))\n"
            "    return outputs\n",
            flagged=["lambda t: t * 2", "functools.partial(tf.clip_by_value, clip_value_min=0.0, clip_value_max=1.0)"],
            note="a new function object per iteration",
            name="new-function-object-per-iteration",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    def __init__(self):\n"
            "        self.step = tf.function(self._step)\n\n"
            "    def _step(self, x, rng):\n"
            "        return x + rng.normal(tf.shape(x))\n\n"
            "    def evaluate(self, x):\n"
            "        return self.step(x, tf.random.Generator.from_seed(1))\n\n"
            "    def fit(self, batches):\n"
            "        for x in batches:\n"
            "            self.evaluate(x)\n",
            flagged=["tf.random.Generator.from_seed(1)"],
            note="a method run once per batch builds a new generator on each call",
            name="method-run-once-per-batch",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def compute(y_true, y_pred, losses):\n"
            "    return losses[\"mse\"](y_true, y_pred)\n\n"
            "for y_true, y_pred in pairs:\n"
            "    compute(y_true, y_pred, {\"mse\": tf.keras.losses.MeanSquaredError()})\n",
            flagged=["tf.keras.losses.MeanSquaredError()"],
            note="a new Keras loss object inside a dict argument",
            name="new-keras-loss-object-inside",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Cfg:\n"
            "    def __init__(self, scale):\n"
            "        self.scale = scale\n\n"
            "@tf.function\n"
            "def apply(x, cfg):\n"
            "    return x * cfg.scale\n\n"
            "cfg = Cfg(2.0)\n"
            "for _ in range(100):\n"
            "    apply(x, cfg)\n",
            note="one object, created once outside the loop",
            name="one-object-created-once-outside",
        ),
        Good(
            "import typing\n"
            "import tensorflow as tf\n\n"
            "class Point(typing.NamedTuple):\n"
            "    x: float\n"
            "    y: float\n\n"
            "class Box(tf.experimental.ExtensionType):\n"
            "    size: tf.Tensor\n\n"
            "@tf.function\n"
            "def area(p, box):\n"
            "    return p.x * p.y * box.size\n\n"
            "for i in range(100):\n"
            "    area(Point(1.0, 2.0), Box(tf.constant(3.0)))\n",
            note="namedtuples and extension types are matched by structure and value",
            name="namedtuples-extension-types-are-matched",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Cfg:\n"
            "    def __init__(self, scale):\n"
            "        self.scale = scale\n\n"
            "@tf.function\n"
            "def apply(x, cfg):\n"
            "    return x * cfg.scale\n\n"
            "def main(x):\n"
            "    return apply(x, Cfg(2.0))\n",
            note="a call that runs once",
            name="call-that-runs-once",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def outer(xs):\n"
            "    total = 0.0\n"
            "    for x in xs:\n"
            "        total += inner(x, lambda t: t + 1)\n"
            "    return total\n\n"
            "@tf.function\n"
            "def inner(x, fn):\n"
            "    return fn(x)\n",
            note="inside traced code the loop runs once per trace of `outer`",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(model, optimizer, x):\n"
            "    return model(x)\n\n"
            "for x in batches:\n"
            "    train_step(model, tf.keras.optimizers.SGD(0.1), x)\n",
            note="a new optimizer per iteration is HYB011's finding, not this rule's",
        ),
        Bad(
            "from pkg.ops import apply\n\n"
            "for x in batches:\n"
            "    apply(x, lambda v: v * 2)\n",
            flagged=["lambda v: v * 2"],
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/ops.py", "import tensorflow as tf\n\n\n@tf.function\ndef apply(x, fn):\n    return fn(x)\n"),
            ),
            note="a tf.function imported from another module",
        ),
        Good(
            "from pkg.ops import apply\n\n"
            "double = lambda v: v * 2\n"
            "for x in batches:\n"
            "    apply(x, double)\n",
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/ops.py", "import tensorflow as tf\n\n\n@tf.function\ndef apply(x, fn):\n    return fn(x)\n"),
            ),
            note="one function object, made once: one trace",
        ),
    )

    # Real TensorFlow (tests/oracle): every new object is a new trace; the good examples trace once.
    oracle = Oracle(
        symptom=traces("apply", 3),
        runs={
            "bad-cfg-apply": Run("outputs = apply(x, Cfg(3.0))", setup="x = tf.constant([1.0, 2.0])\n"),
            "frozen-dataclass-equal-last-one": Run(
                "train([tf.ones([2]) * 3.0] * 4)\noutputs = step(tf.ones([2]) * 3.0, Options(clip=1.0))",
                symptom=traces("step", 3),
            ),
            "new-function-object-per-iteration": Run("outputs = run([tf.ones([2])] * 3)", symptom=traces("transform", 3)),
            "method-run-once-per-batch": Run(
                "trainer = Trainer()\ntrainer.fit([tf.ones([2])] * 4)\noutputs = trainer.evaluate(tf.ones([2]))",
                symptom=Counted("trainer.step.experimental_get_tracing_count()", 3, "traces of `trainer.step`"),
            ),
            "new-keras-loss-object-inside": Run(
                "outputs = compute(tf.ones([2]), tf.zeros([2]), {\"mse\": tf.keras.losses.MeanSquaredError()})",
                setup="pairs = [(tf.ones([2]), tf.zeros([2]))] * 4\n",
                symptom=traces("compute", 3),
            ),
            "one-object-created-once-outside": Run("outputs = apply(x, cfg)", setup="x = tf.constant([1.0, 2.0])\n"),
            "namedtuples-extension-types-are-matched": Run("outputs = area(Point(1.0, 2.0), Box(tf.constant(3.0)))", symptom=traces("area", 3)),
            "call-that-runs-once": Run("outputs = main(tf.constant([1.0, 2.0]))"),
        },
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)
        # A call can only reach a tf.function through one of the module's uses whose target is a
        # function of the file (a decorated def, a wrapping): without one, no call needs resolving.
        self._reachable = any(use.target is not None for use in ctx.facts.tf_uses) or (
            ctx.facts.link is not None and any(f.tf_function for f in ctx.facts.link.functions.values())
        )

    def visit_Call(self, node: ast.Call) -> None:
        if not self._reachable:
            return
        ctx, an = self.ctx, self.an
        scope = ctx.function
        if an.traced(scope):
            return
        target, use = tf_function_callee(node, ctx.facts, an, scope)
        if target is None or use is None or use.has_input_signature:
            return
        if ctx.loops:
            repeated = "on every iteration of this loop"
            loops: Tuple[ast.AST, ...] = tuple(ctx.loops)
        else:
            why = an.repetition(scope) if scope is not None else None
            if why is None:
                return
            repeated = f"on every call of `{scope.name}` ({why[0]})"  # type: ignore[union-attr]
            loops = ()
        bound = an.bound_call(node, target)
        callee = shorten(ctx.source.segment(node.func))
        for param, arg in an.map_arguments(node, target, bound):
            for fresh, what in self._fresh_objects(arg, scope, loops, 0):
                label = f"`{param}`" if param is not None else "an argument"
                shown = shorten(ctx.source.segment(fresh))
                if isinstance(arg, ast.Name):
                    where: ast.AST = arg
                    what = f"`{arg.id}`, {what} made at line {fresh.lineno} (`{shown}`),"
                else:
                    where = fresh
                    what = f"{what} (`{shown}`)"
                self.report(
                    where,
                    f"`{callee}` gets {what} for {label} {repeated}. tf.function matches "
                    "non-tensor arguments through a weak reference to the object, so each new object traces the "
                    "function again, even when it equals the last one. Create it once outside the loop, pass "
                    "tensors, or make it a `tf.experimental.ExtensionType`.",
                    related=self._related(target, use, fresh, arg),
                    severity=Severity.HINT if ctx.is_test_file else None,
                )

    def _related(self, target: FunctionInfo, use: TfFunctionUse, fresh: ast.AST, arg: ast.AST) -> List[Related]:
        ctx = self.ctx
        related = [definition_related(target, ctx.source, f"`{target.name}` is defined here")]
        if use is not target.decorator and hasattr(use.node, "lineno"):
            related.append(Related(ctx.span(use.node), f"`{target.name}` is wrapped by tf.function here"))
        if isinstance(arg, ast.Name) and fresh is not arg:
            related.append(Related(ctx.span(fresh), "the object is made here"))
        return related

    # -- what is new on every call -----------------------------------------------------------------

    def _fresh_objects(
        self, expr: ast.AST, scope: Optional[FunctionInfo], loops: Tuple[ast.AST, ...], depth: int
    ) -> List[Tuple[ast.AST, str]]:
        """(node, description) of each object that `expr` creates anew on every call."""
        if depth > 4:
            return []
        if isinstance(expr, ast.Lambda):
            return [(expr, "a new lambda")]
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return [f for e in expr.elts for f in self._fresh_objects(e, scope, loops, depth + 1)]
        if isinstance(expr, ast.Dict):
            return [f for v in expr.values for f in self._fresh_objects(v, scope, loops, depth + 1)]
        if isinstance(expr, ast.Call):
            what = self._constructs(expr, scope)
            return [(expr, what)] if what is not None else []
        if isinstance(expr, ast.Name):
            return self._fresh_name(expr, scope, loops, depth)
        return []

    def _fresh_name(
        self, name: ast.Name, scope: Optional[FunctionInfo], loops: Tuple[ast.AST, ...], depth: int
    ) -> List[Tuple[ast.AST, str]]:
        """A local assigned a new object on the same iteration (or, with no loop, on the same call)."""
        an = self.an
        if scope is not None and not an.is_local_name(name.id, scope):
            return []
        values = an.assignments(scope).get(name.id, [])
        if not values or any(v is None for v in values):
            return []
        found: List[Tuple[ast.AST, str]] = []
        for value in values:
            inner = [
                f
                for f in self._fresh_objects(value, scope, loops, depth + 1)
                if not isinstance(value, ast.Name)
            ]
            if not inner:
                return []  # some assignment keeps an older object: not provably new each time
            if loops and not any(loop in an.loops_around(value, scope) for loop in loops):
                return []  # made once before the loop
            if not loops and scope is None:
                return []
            found.extend(inner)
        return found

    def _constructs(self, call: ast.Call, scope: Optional[FunctionInfo]) -> Optional[str]:
        facts = self.ctx.facts
        qual = facts.qualname(call.func, scope)
        if qual is not None:
            if qual in PARTIALS:
                return "a new `functools.partial` object"
            if qual in GENERATOR_CONSTRUCTORS:
                return "a new `tf.random.Generator`"
            # Keras layers, losses and metrics; optimizers and models are HYB011's (a second trigger there
            # reports them, with the variable-creation error they add).
            kind = keras_layer_kind(qual)
            return f"a new {kind}" if kind is not None else None
        if isinstance(call.func, ast.Name):
            cls = self._local_class(call.func.id, scope)
            if cls is not None and self._matched_by_identity(cls, set()):
                return f"a new `{cls.name}` object"
        return None

    def _local_class(self, name: str, scope: Optional[FunctionInfo]) -> Optional[ClassInfo]:
        facts = self.ctx.facts
        s = scope
        while s is not None:
            if name in s.locals and name not in s.globals_declared:
                return next((c for c in facts.classes if c.parent_function is s and c.name == name), None)
            s = s.parent
        if facts.imports.get(name, "") is not None:
            return None
        return facts.module_classes.get(name)

    def _matched_by_identity(self, cls: ClassInfo, seen: Set[int]) -> bool:
        """Instances are traced by a weak reference: no structural or value trace type, no shared
        instances, nothing unknown in the bases."""
        if id(cls) in seen or cls.is_keras:
            return False
        seen.add(id(cls))
        facts = self.ctx.facts
        node = cls.node
        if any(k.arg == "metaclass" for k in node.keywords):
            return False
        for dec in node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            qual = facts.qualname(target, cls.parent_function) or ""
            if qual.split(".")[0] in ("attr", "attrs"):
                return False
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in STRUCTURAL_METHODS:
                return False
        for base in node.bases:
            parts = dotted_parts(base)
            if parts is None:
                return False  # `namedtuple(...)` and other computed bases
            if parts[-1] in STRUCTURAL_BASES:
                return False
            if len(parts) == 1 and parts[0] in PLAIN_BASES:
                continue
            qual = facts.qualname(base, cls.parent_function)
            if qual is not None:
                if qual.rsplit(".", 1)[-1] in PLAIN_BASES and qual.split(".")[0] in ("abc", "typing", "builtins"):
                    continue
                return False
            local = self._local_class(parts[0], cls.parent_function) if len(parts) == 1 else None
            if local is None or not self._matched_by_identity(local, seen):
                return False
        return True
