"""HYB015 tensor-iterated-in-python."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.analysis import analysis_for, confidently_traced, function_label
from hybridlint.facts import GraphInfo
from hybridlint.oracle import Oracle, Raises
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import STATIC_DIM, Inference, Kind, autograph_enabled, tensors_for

ITERATION_ERROR = "OperatorNotAllowedInGraphError ('Iterating over a symbolic `tf.Tensor` is not allowed')"
MEMBERSHIP_ERROR = "TypeError (\"argument of type 'SymbolicTensor' is not iterable\")"
# Builtins that iterate their (positional) arguments with plain Python iteration, even in code AutoGraph
# converts: AutoGraph's own versions of `enumerate`, `zip`, `map` and `filter` only special-case tf.data
# datasets (the oracle shows `for i, v in enumerate(t)` raising on TensorFlow 2.21). `sorted` is left out:
# AutoGraph sorts a 1-D tensor with TensorFlow ops. `max`/`min` compare with `if` and are HYB014's.
ITERATING_BUILTINS = {
    "list": 0,
    "tuple": 0,
    "set": 0,
    "frozenset": 0,
    "sum": 0,
    "iter": 0,
    "enumerate": 0,
    "zip": None,  # every argument
    "map": 1,  # every argument after the function
    "filter": 1,
}
# Tensor types that Python iterates by indexing, with their own failure modes.
NOT_PLAIN_TENSORS = ("ragged", "sparse")
# Public TensorFlow functions that return a tuple (or namedtuple) of tensors, which the tensor-ness
# analysis would otherwise take for one tensor; unpacking their results is the normal way to use them.
TUPLE_RESULTS = frozenset(
    "tensorflow." + n
    for n in (
        "clip_by_global_norm image.combined_non_max_suppression image.non_max_suppression_padded "
        "image.non_max_suppression_with_scores image.sample_distorted_bounding_box "
        "image.stateless_sample_distorted_bounding_box nn.fused_batch_norm nn.max_pool_with_argmax "
        "nn.sufficient_statistics nn.normalize_moments sparse.fill_empty_rows linalg.lu linalg.eigh_tridiagonal "
        "nn.log_uniform_candidate_sampler nn.uniform_candidate_sampler nn.fixed_unigram_candidate_sampler "
        "nn.learned_unigram_candidate_sampler random.log_uniform_candidate_sampler "
        "random.uniform_candidate_sampler random.fixed_unigram_candidate_sampler "
        "random.learned_unigram_candidate_sampler nn.compute_accidental_hits "
        "strings.unicode_decode_with_offsets audio.decode_wav io.decode_wav "
        "math.bincount_with_counts unravel_index"
    ).split()
)
# Where the tensor-ness analysis's "a TensorFlow function returns a tensor" is too weak to build an error on:
# Keras (models, layers and backends return structures), TensorFlow internals and v1 compatibility code.
WEAK_EVIDENCE = ("tensorflow.keras.", "tensorflow.compat.", "tensorflow.__internal__", "tensorflow.python.")


class TensorIteratedInPython(Rule):
    code = "HYB015"
    name = "tensor-iterated-in-python"
    severity = Severity.ERROR
    visits_graph_code_only = True
    fix_safety = FixSafety.UNSAFE
    summary = "A symbolic tensor iterated by Python where AutoGraph does not convert the iteration"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags iteration over a value known to be a tensor in traced code, where AutoGraph leaves the "
        "iteration to Python: list, set and dict comprehensions and generator expressions over a tensor "
        "(`tf.range(...)` included); the builtins `list`, `tuple`, `set`, `sum`, `iter`, `enumerate`, `zip`, "
        "`map` and `filter` given a tensor; starred unpacking `*t`; tuple unpacking `a, b = t`; membership "
        "`v in t`; and, where AutoGraph is off (`tf.function(autograph=False)`, "
        "`@tf.autograph.experimental.do_not_convert`), a `for` statement over a tensor. A plain `for v in t:` "
        "in converted code is **not** flagged: AutoGraph turns it into a `tf.while_loop`, and the oracle "
        "shows it working on TensorFlow 2.21 even for a dimension unknown while tracing. Python lists of "
        "tensors, dataset elements and Keras `call` inputs (possibly nested structures), ragged and sparse "
        "tensors are not flagged."
    )
    why_bad = (
        "While a function is traced its tensors are symbolic, and `Tensor.__iter__` refuses to run: "
        f"iterating raises {ITERATION_ERROR} (and `v in t` raises {MEMBERSHIP_ERROR}). AutoGraph only "
        "rewrites `for` statements; comprehensions, unpacking and the iterating builtins stay Python. On "
        "TensorFlow 2.21 the oracle shows comprehensions, `enumerate`, `a, b = t` and a `for` with AutoGraph "
        "off raising, and `sorted(t)` and a plain `for v in t:` working; a one-off probe of the other forms "
        "(`list`, `tuple`, `sum`, `map`, `zip`, `iter`, `*t`, `v in t`) showed them all raising. The same code "
        "runs eagerly, so it breaks only once hybridized. Hybridize refuses functions that iterate a tensor "
        "parameter (`HAS_TENSOR_PARAMETER_ITERATION`, its issue #830); the study counts such eager/graph "
        "incompatibilities among its 13 of 159 *Incompatibility* fixes. Hybridize #830 also claims that a "
        "plain `for` over a tensor parameter raises under TF 2.9; that is not what TensorFlow 2.21 does, so "
        "this rule does not flag it."
    )
    use_instead = (
        "Vectorised TensorFlow ops (`m * 2` instead of `[row * 2 for row in m]`), `tf.map_fn`, "
        "`tf.unstack(t)` when the length is static (it gives a Python list of tensors), indexing (`t[0], t[1]`), "
        "or a converted `for` statement over the tensor or `tf.range`."
    )
    fix_safety_doc = (
        "Unsafe, one case only: a comprehension over `tf.range(n)` where `n` is a Python int (a literal, a "
        "static dimension, `len(...)`) becomes a comprehension over `range(n)`, the resolution of "
        "tensorflow#33308. The items become Python ints instead of int32 tensors, which changes dtypes in "
        "arithmetic with them; the comprehension is unrolled while tracing. Other findings have no automatic "
        "fix."
    )
    references = (
        "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/reference/common_errors.md",
        "https://github.com/tensorflow/tensorflow/issues/33308",
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring/issues/830",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def double_each(m):\n"
            "    rows = tf.convert_to_tensor(m)\n"
            "    return tf.stack([row * 2 for row in rows])\n",
            flagged=[("rows", 1)],
            note="comprehensions are not converted",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scaled(x):\n"
            "    return tf.stack([x * i for i in tf.range(3)])\n",
            flagged=["tf.range(3)"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scaled(x):\n"
            "    return tf.stack([x * i for i in range(3)])\n",
            note="a static bound: iterate a Python `range`",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def weighted_total(x):\n"
            "    total = 0.0\n"
            "    for i, v in enumerate(tf.sort(x)):\n"
            "        total += v * (i + 1)\n"
            "    return total\n",
            flagged=["tf.sort(x)"],
            note="the `for` is converted, but `enumerate` iterates in Python",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def area(boxes):\n"
            "    height, width = tf.shape(boxes)[1:3]\n"
            "    return height * width\n",
            flagged=["tf.shape(boxes)[1:3]"],
            note="tuple unpacking of a tensor",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(autograph=False)\n"
            "def total(x):\n"
            "    s = tf.zeros([])\n"
            "    for v in tf.reshape(x, [-1]):\n"
            "        s += v\n"
            "    return s\n",
            flagged=["tf.reshape(x, [-1])"],
            note="with AutoGraph off, even a `for` statement iterates in Python",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def total(x):\n"
            "    s = tf.zeros([])\n"
            "    for v in tf.reshape(x, [-1]):\n"
            "        s += v\n"
            "    return s\n",
            note="AutoGraph converts a plain `for` over a tensor",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def double_each(m):\n"
            "    return tf.map_fn(lambda row: row * 2, m)\n",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def norms(xs):\n"
            "    return tf.stack([tf.norm(x) for x in xs])\n\n"
            "norms([tf.ones([2]), tf.ones([3])])\n",
            note="a Python list of tensors",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def halves(x):\n"
            "    first, second = tf.split(x, 2)\n"
            "    return [tf.reduce_sum(p) for p in tf.unstack(tf.stack([first, second]))]\n",
            note="`tf.split` and `tf.unstack` return Python lists",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def ranked(x):\n"
            "    return sorted(x)\n",
            note="AutoGraph converts `sorted` of a tensor",
        ),
    )

    oracle = Oracle(
        symptom=Raises("OperatorNotAllowedInGraphError", "Iterating over a symbolic"),
        runs={
            0: "outputs = double_each(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            1: "outputs = scaled(tf.constant([1, 2]))",
            2: "outputs = weighted_total(tf.constant([3.0, 1.0, 2.0]))",
            3: "outputs = area(tf.zeros([2, 3, 4]))",
            4: "outputs = total(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            5: "outputs = total(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            6: "outputs = double_each(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            7: "outputs = norms([tf.ones([2]), tf.ones([3])])",
            8: "outputs = halves(tf.constant([1.0, 2.0, 3.0, 4.0]))",
            9: "outputs = ranked(tf.constant([3.0, 1.0, 2.0]))",
        },
    )

    # -- comprehensions ---------------------------------------------------------------------------

    def visit_comprehension(self, node: ast.comprehension) -> None:
        graph = self.ctx.graph
        if graph is None:
            return
        value = self._tensor(node.iter)
        if value is None:
            return
        message = (
            f"This comprehension iterates a symbolic tensor while {function_label(self.ctx.function)} is traced "
            f"({graph.describe()}). AutoGraph does not convert comprehensions, so Python iterates the tensor and "
            f"raises {ITERATION_ERROR}. Use vectorised ops or `tf.map_fn`, or a `for` statement."
        )
        self.report(node.iter, message, fix=self._range_fix(node.iter), related=self._related(node.iter, value),
                    severity=_severity(graph))

    def _range_fix(self, expr: ast.expr):
        ctx = self.ctx
        if not (isinstance(expr, ast.Call) and ctx.qualname(expr.func) == "tensorflow.range"):
            return None
        if len(expr.args) != 1 or expr.keywords or not analysis_for(ctx.facts).is_builtin("range", ctx.function):
            return None
        bound = expr.args[0]
        static_int = isinstance(bound, ast.Constant) and type(bound.value) is int
        if not static_int:
            inferred = tensors_for(ctx.facts).infer(bound, ctx.function)
            static_int = inferred.kind is Kind.PY_NUMBER and inferred.tag == STATIC_DIM
        if not static_int:
            return None
        span = ctx.span(expr.func)

        def fix() -> Optional[Fix]:
            return Fix("Iterate a Python `range` (items become ints)", (Edit(span, "range"),), FixSafety.UNSAFE)

        return fix

    # -- builtins that iterate --------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        func = node.func
        if graph is None or not isinstance(func, ast.Name) or func.id not in ITERATING_BUILTINS:
            return
        if not analysis_for(ctx.facts).is_builtin(func.id, ctx.function):
            return
        start = ITERATING_BUILTINS[func.id]
        candidates = node.args if start is None else node.args[start : start + 1] if start == 0 else node.args[start:]
        for arg in candidates:
            if isinstance(arg, ast.Starred):
                continue
            value = self._tensor(arg)
            if value is None:
                continue
            message = (
                f"`{func.id}(...)` iterates a symbolic tensor in Python while {function_label(ctx.function)} is "
                f"traced ({graph.describe()}); AutoGraph leaves this iteration to Python, so it raises "
                f"{ITERATION_ERROR}. Use TensorFlow ops on the whole tensor, `tf.unstack` for a static length, "
                "or a `for` statement over the tensor itself."
            )
            self.report(arg, message, related=self._related(arg, value), severity=_severity(graph))
            return

    # -- `*t`, `a, b = t`, `v in t`, `for` with AutoGraph off -----------------------------------------

    def visit_Starred(self, node: ast.Starred) -> None:
        graph = self.ctx.graph
        if graph is None or not isinstance(node.ctx, ast.Load):
            return
        value = self._tensor(node.value)
        if value is None:
            return
        message = (
            f"`*` unpacks a symbolic tensor by iterating it in Python while {function_label(self.ctx.function)} "
            f"is traced ({graph.describe()}); this raises {ITERATION_ERROR}. Index the items (`t[0], t[1]`) "
            "or use `tf.unstack`."
        )
        self.report(node.value, message, related=self._related(node.value, value), severity=_severity(graph))

    def visit_Assign(self, node: ast.Assign) -> None:
        graph = self.ctx.graph
        if graph is None or not any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets):
            return
        value = self._tensor(node.value)
        if value is None:
            return
        message = (
            f"Unpacking a symbolic tensor into several names iterates it in Python while "
            f"{function_label(self.ctx.function)} is traced ({graph.describe()}); AutoGraph does not convert "
            f"unpacking, so this raises {ITERATION_ERROR}. Index the items (`t[0], t[1]`) or use `tf.unstack`."
        )
        self.report(node.value, message, related=self._related(node.value, value), severity=_severity(graph))

    def visit_Compare(self, node: ast.Compare) -> None:
        graph = self.ctx.graph
        if graph is None:
            return
        for op, right in zip(node.ops, node.comparators):
            if not isinstance(op, (ast.In, ast.NotIn)):
                continue
            value = self._tensor(right)
            if value is None:
                continue
            message = (
                f"`in` searches a symbolic tensor by iterating it in Python while "
                f"{function_label(self.ctx.function)} is traced ({graph.describe()}); this raises "
                f"{MEMBERSHIP_ERROR}. Use `tf.reduce_any(tf.equal(t, v))`."
            )
            self.report(right, message, related=self._related(right, value), severity=_severity(graph))
            return

    def visit_For(self, node: ast.For) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None or autograph_enabled(ctx.function, ctx.facts):
            return
        value = self._tensor(node.iter)
        if value is None:
            return
        message = (
            f"AutoGraph is off in {function_label(ctx.function)} (`autograph=False` or `do_not_convert`), so this "
            f"`for` iterates a symbolic tensor in Python while tracing and raises {ITERATION_ERROR}. Use "
            "`tf.while_loop`/`tf.map_fn`, or let AutoGraph convert the function."
        )
        self.report(node.iter, message, related=self._related(node.iter, value), severity=_severity(graph))

    # -- helpers ----------------------------------------------------------------------------------

    def _tensor(self, expr: ast.expr) -> Optional[Inference]:
        """The inference for `expr` when it is surely one plain tensor (not a structure, not ragged)."""
        ctx = self.ctx
        value = tensors_for(ctx.facts).infer(expr, ctx.function)
        if not value.is_tensor or value.nested:
            return None
        evidence = value.node if value.node is not None else expr
        if isinstance(evidence, ast.AST) and any(word in ctx.source.segment(evidence).lower() for word in NOT_PLAIN_TENSORS):
            return None
        if isinstance(evidence, ast.Call) and not self._single_tensor_call(evidence):
            return None
        return value

    def _single_tensor_call(self, call: ast.Call) -> bool:
        """The call that makes the value a tensor is a public TensorFlow op returning one tensor (the
        analysis infers "tensor" for any lower-case TensorFlow function, and many return tuples)."""
        facts = self.ctx.facts
        qualname = facts.qualname(call.func, self.ctx.function) or facts.qualname(call.func, None)
        if qualname is None:
            return False
        if not qualname.startswith("tensorflow.") or qualname.startswith(WEAK_EVIDENCE):
            return False
        if ".src." in qualname or ".python." in qualname or qualname in TUPLE_RESULTS:
            return False
        return True

    def _related(self, expr: ast.AST, value: Inference) -> List[Related]:
        ctx = self.ctx
        related: List[Related] = list(ctx.graph_related())
        if value.node is not None and value.reason and value.node is not expr:
            related.append(Related(ctx.span(value.node), f"`{ctx.source.segment(expr)}` is a tensor: {value.reason}"))
        return related


def _severity(graph: GraphInfo) -> Severity:
    return Severity.ERROR if confidently_traced(graph) else Severity.WARNING
