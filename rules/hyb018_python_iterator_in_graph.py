"""HYB018 python-iterator-in-graph."""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from hybridlint.analysis import analysis_for, function_label, traced_severity
from hybridlint.facts import FunctionInfo, iter_children, receiver_of
from hybridlint.oracle import EagerMismatch, Oracle
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import DATASET, NDARRAY, Kind, self_attribute_writes, tensors_for

_MAX_HOPS = 6
_ON_MODULE = "module"  # an iterator made at module level
PYTHON_SEQUENCE_BUILTINS = frozenset({"range", "list", "tuple", "zip", "enumerate", "reversed", "sorted", "map",
                                      "filter", "dict", "set"})


class PythonIteratorInGraph(Rule):
    code = "HYB018"
    name = "python-iterator-in-graph"
    severity = Severity.WARNING
    preview = True
    visits_graph_code_only = True
    summary = "`next()` on a Python iterator or generator in traced code runs once, while tracing"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags `next(it)` in code that runs as a graph when `it` is a Python iterator made outside the "
        "traced call, so that it outlives it: `iter(...)` of a list, tuple, dict, `range` or NumPy array, a "
        "generator expression, or a call of a generator function of this file, found through module-level "
        "names, closure variables of an eager function, attributes of `self` set outside traced code, and "
        "parameters whose every call site in this file passes one made in eager code. An iterator made "
        "inside the traced function or other traced code (`it = iter(self.weights)` walked in an unrolled "
        "loop, `next(iter(ranks))`, `next(x for x in xs if ...)`) lives for one trace and is not flagged. "
        "Iterators over a `tf.data` dataset (`iter(dataset)`) are the right pattern and are not flagged, nor "
        "are iterators of unknown origin. Several `next` calls on one line give one finding."
    )
    why_bad = (
        "`next()` is a Python call: it runs while the function is traced, and the element it returns is "
        "baked into the graph. Later calls replay the graph, so every call sees the first element and the "
        "iterator does not advance (the oracle shows eager calls returning 2, 4, 6 and the tf.function 2, 2, "
        "2 on TensorFlow 2.21). The TF function guide calls out Python iterators and generators for exactly "
        "this reason and recommends `tf.data` iterators, which advance inside the graph. The study's labelled "
        "fix commits do not count iterators separately, so this rule rests on the TF guide."
    )
    use_instead = (
        "Iterate a `tf.data.Dataset` (`it = iter(tf.data.Dataset.from_tensor_slices(values))`), or take the "
        "element outside the traced function and pass it in as a tensor."
    )
    fix_safety_doc = "No fix: a `tf.data` iterator yields tensors with other types and shapes than the Python values."
    references = (
        "https://www.tensorflow.org/guide/function#python_iterators_and_generators",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self._lines: set = set()
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def consume(it):\n"
            "    return next(it) * 2\n\n"
            "it = iter([1.0, 2.0, 3.0])\n"
            "first = consume(it)\n",
            flagged=["next(it)"],
            name="bad-consume",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def batches():\n"
            "    for i in range(3):\n"
            "        yield float(i)\n\n"
            "source = batches()\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return x + next(source)\n",
            flagged=["next(source)"],
            note="a generator read as a global",
            name="generator-read-global",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def consume(it):\n"
            "    return next(it) * 2\n\n"
            "it = iter(tf.data.Dataset.from_tensor_slices([1.0, 2.0, 3.0]))\n"
            "first = consume(it)\n",
            note="a tf.data iterator advances inside the graph",
            name="tf-data-iterator-advances-inside",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def double(x):\n"
            "    return x * 2\n\n"
            "it = iter([1.0, 2.0, 3.0])\n"
            "first = double(tf.constant(next(it)))\n",
            note="the element is taken outside and passed in as a tensor",
            name="element-taken-outside-passed-tensor",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Stack(tf.keras.layers.Layer):\n"
            "    def build(self, input_shape):\n"
            "        self.kernels = [self.add_weight(shape=(input_shape[-1], input_shape[-1])) for _ in range(3)]\n\n"
            "    def call(self, x):\n"
            "        kernels = iter(self.kernels)\n"
            "        for _ in range(3):\n"
            "            x = tf.matmul(x, next(kernels))\n"
            "        return x\n",
            note="an iterator made inside the traced call lives for that trace only: an unrolled walk over weights",
            name="iterator-made-inside-traced-call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def concat_same_rank(xs):\n"
            "    ranks = {x.shape.rank for x in xs}\n"
            "    if len(ranks) > 1 or next(iter(ranks)) < 2:\n"
            "        raise ValueError('need one rank of at least 2')\n"
            "    first = next(x for x in xs if x.shape.rank is not None)\n"
            "    return tf.concat(xs, axis=-1) + 0 * tf.reduce_sum(first)\n",
            note="`next(iter(s))` of a set of static values, `next(generator)` made on the spot: no iterator state",
            name="next-iter-set-static-values",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Stream(tf.Module):\n"
            "    def __init__(self):\n"
            "        self._scales = iter([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        return x * next(self._scales) + next(self._scales)\n",
            flagged=[("next(self._scales)", 0)],
            note="an iterator kept on the object outlives the call; two `next` on one line give one finding",
            name="iterator-kept-object-outlives-call",
        ),
    )

    oracle = Oracle(
        symptom=EagerMismatch(),
        runs={
            "bad-consume": "outputs = [float(first)] + [float(consume(it)) for _ in range(2)]",
            "generator-read-global": "outputs = [float(step(tf.constant(0.0))) for _ in range(3)]",
            "tf-data-iterator-advances-inside": "outputs = [float(first)] + [float(consume(it)) for _ in range(2)]",
            "element-taken-outside-passed-tensor": "outputs = [float(first)] + [float(double(tf.constant(next(it)))) for _ in range(2)]",
            "iterator-made-inside-traced-call": "layer = Stack()\noutputs = [layer(tf.ones([1, 2])).numpy().tolist() for _ in range(2)]",
            "next-iter-set-static-values": "outputs = [concat_same_rank([tf.ones([1, 2]), tf.ones([1, 3])]).numpy().tolist() for _ in range(2)]",
            "iterator-kept-object-outlives-call": "stream = Stream()\noutputs = [float(stream(tf.constant(1.0))) for _ in range(3)]",
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        func = node.func
        if graph is None or not (isinstance(func, ast.Name) and func.id == "next") or not node.args:
            return
        if not analysis_for(ctx.facts).is_builtin("next", ctx.function):
            return
        line = node.lineno
        if line in self._lines:
            return  # `next(w)` and `next(b)` on one line: one finding
        found = self._creation(node.args[0], ctx.function, 0)
        if found is None:
            return
        origin, what, where = found
        if where is not _ON_MODULE and (where is ctx.function or (where is not None and where.graph is not None)):
            return  # made while tracing (here, or in traced code): it lives for one trace only
        self._lines.add(line)
        shown = ctx.source.segment(node.args[0])
        message = (
            f"`{shown}` is {what} made outside the traced call: `next()` runs once, while "
            f"{function_label(ctx.function)} is traced ({graph.describe()}), and the element is baked into the "
            "graph, so every call reuses it and the iterator never advances. Iterate a `tf.data.Dataset` "
            "instead, or pass the element in."
        )
        related: List[Related] = list(ctx.graph_related())
        related.append(Related(ctx.span(origin), f"`{shown}` is created here"))
        severity = traced_severity(graph, Severity.WARNING)
        self.report(node, message, related=related, severity=severity)

    def _creation(self, expr: ast.AST, scope: Optional[FunctionInfo], hops: int) -> Optional[Tuple[ast.AST, str, object]]:
        """Where `expr`'s Python iterator is made: (the expression, what it is, the function it is made in,
        or `_ON_MODULE`); None when unknown or not a Python iterator."""
        if hops > _MAX_HOPS:
            return None
        ctx = self.ctx
        facts = ctx.facts
        an = analysis_for(facts)
        where: object = scope if scope is not None else _ON_MODULE
        if isinstance(expr, ast.GeneratorExp):
            return expr, "a generator expression", where
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Name) and func.id == "iter" and len(expr.args) == 1 and an.is_builtin("iter", scope):
                return (expr, "a Python iterator", where) if self._python_iterable(expr.args[0], scope) else None
            target, use = facts.resolve_callable(func, scope, facts.enclosing_class(scope))
            if target is not None and use is None and _is_generator(target.node):
                return expr, f"a Python generator (`{target.name}` yields)", where
            return None
        if isinstance(expr, ast.Name):
            name = expr.id
            current = scope
            while current is not None:
                if name in current.globals_declared:
                    break
                if name in current.locals:
                    params = {a.arg for a in current.node.args.posonlyargs + current.node.args.args
                              + current.node.args.kwonlyargs}
                    if name in params:
                        return self._from_call_sites(current, name, hops)
                    values = an.assignments(current).get(name, [])
                    if len(values) == 1 and values[0] is not None:
                        return self._creation(values[0], current, hops + 1)
                    return None
                current = current.parent
            values = an.assignments(None).get(name, [])
            if len(values) == 1 and values[0] is not None:
                return self._creation(values[0], None, hops + 1)
            return None
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "self"
            and scope is not None
        ):
            cls = facts.enclosing_class(scope)
            if cls is None or not receiver_of("self", scope, cls):
                return None
            writes = [
                (value, facts.function_of(owner) or method)
                for method in cls.methods.values()
                if not isinstance(method.node, ast.Lambda) and method.node.args.args
                for attr, value, owner in self_attribute_writes(method.node)
                if attr == expr.attr
            ]
            if len(writes) == 1 and writes[0][0] is not None:
                value, owner = writes[0]
                found = self._creation(value, owner, hops + 1)
                if found is not None:
                    return found[0], found[1] + " kept on the object", found[2]
        return None

    def _from_call_sites(self, info: FunctionInfo, name: str, hops: int) -> Optional[Tuple[ast.AST, str, object]]:
        sites = info.callers
        if not sites or any(site.is_reference for site in sites):
            return None
        an = analysis_for(self.ctx.facts)
        found: Optional[Tuple[ast.AST, str, object]] = None
        for site in sites:
            bound = an.bound_call(site.node, info)
            mapped = [e for p, e in an.map_arguments(site.node, info, bound) if p == name]
            if not mapped:
                return None
            origin = self._creation(mapped[0], site.caller, hops + 1)
            if origin is None:
                return None
            where = origin[2]
            if where is not _ON_MODULE and where is not None and where.graph is not None:
                return None  # made while tracing by the caller: lives for one trace
            found = found or origin
        return found

    def _python_iterable(self, expr: ast.AST, scope: Optional[FunctionInfo]) -> bool:
        if isinstance(expr, (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
            return True
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id in PYTHON_SEQUENCE_BUILTINS
            and analysis_for(self.ctx.facts).is_builtin(expr.func.id, scope)
        ):
            return True
        value = tensors_for(self.ctx.facts).infer(expr, scope)
        if value.tag == DATASET:
            return False
        return value.tag == NDARRAY or (value.kind is Kind.PY_CONTAINER and value.tag is None)


def _is_generator(node: ast.AST) -> bool:
    if isinstance(node, ast.Lambda):
        return False
    stack = list(node.body)
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(iter_children(current))
    return False
