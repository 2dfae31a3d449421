"""HYB015 tensor-iterated-in-python."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.analysis import analysis_for, function_label, traced_severity
from hybridlint.oracle import Oracle, Raises
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import STATIC_DIM, Inference, Kind, autograph_enabled, autograph_off_text, evidence_text, on_evidence, tensors_for

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
class TensorIteratedInPython(Rule):
    code = "HYB015"
    name = "tensor-iterated-in-python"
    severity = Severity.ERROR
    preview = True
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
        "`@tf.autograph.experimental.do_not_convert`, a function defined outside converted code that traced code "
        "hands to `tf.scan`/`tf.foldl`/`tf.foldr`/`tf.cond`/`tf.case`/`tf.switch_case`/`tf.while_loop`, a Keras 3 "
        "`call` or step method, and what these call), a `for` statement over a tensor. A plain `for v in t:` "
        "in converted code is **not** flagged: AutoGraph turns it into a `tf.while_loop`, and the oracle "
        "shows it working on TensorFlow 2.21 even for a dimension unknown while tracing. Python lists of "
        "tensors, dataset elements and Keras `call` inputs (possibly nested structures), ragged and sparse "
        "tensors are not flagged. TensorFlow functions that return a Python tuple or list (`tf.unstack`, "
        "`tf.split`, `tf.linalg.normalize`, `tf.math.top_k`, `tf.nn.moments`, `tf.while_loop` over a list, "
        "multi-output `tf.raw_ops`, …) come from the shared table in `hybridlint/tfops.py`; an "
        "`isinstance(x, (list, tuple))` or `isinstance(x, tf.Tensor)`/`tf.is_tensor(x)` test narrows `x` in "
        "its branches and after an early `return`/`raise`/`continue`. A value that is a tensor only on weak "
        "evidence (a `tf.Tensor` annotation, a `tf.is_tensor` test on an unknown value, a Keras-backend or "
        "v1-compat or `contrib` function that usually returns a tensor) is reported in preview mode only, and "
        "not at all when it is such a call's result unpacked where it is made (`tags, score = crf_decode(...)`: "
        "the unpacking says it returns several values; TensorFlow 1 names of v1-only functions, "
        "`tf.nn.dynamic_rnn`, are those functions); an annotated "
        "parameter that the body unpacks, indexes with a literal or measures with `len` is taken for a "
        "structure."
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
            name="comprehensions-are-not-converted",
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
            name="static-bound-iterate-python-range",
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
            name="converted-but-enumerate-iterates-python",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def area(boxes):\n"
            "    height, width = tf.shape(boxes)[1:3]\n"
            "    return height * width\n",
            flagged=["tf.shape(boxes)[1:3]"],
            note="tuple unpacking of a tensor",
            name="tuple-unpacking-tensor",
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
            name="with-autograph-off-even-statement",
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
            name="autograph-converts-plain-over-tensor",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def double_each(m):\n"
            "    return tf.map_fn(lambda row: row * 2, m)\n",
            name="good-double-each",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def norms(xs):\n"
            "    return tf.stack([tf.norm(x) for x in xs])\n\n"
            "norms([tf.ones([2]), tf.ones([3])])\n",
            note="a Python list of tensors",
            name="python-list-tensors",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def halves(x):\n"
            "    first, second = tf.split(x, 2)\n"
            "    return [tf.reduce_sum(p) for p in tf.unstack(tf.stack([first, second]))]\n",
            note="`tf.split` and `tf.unstack` return Python lists",
            name="tf-split-tf-unstack-return",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def ranked(x):\n"
            "    return sorted(x)\n",
            note="AutoGraph converts `sorted` of a tensor",
            name="autograph-converts-sorted-tensor",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def unit_rows(x):\n"
            "    normalized, norm = tf.linalg.normalize(x, axis=1)\n"
            "    values, indices = tf.math.top_k(norm[:, 0], k=2)\n"
            "    mean, variance = tf.nn.moments(values, axes=[0])\n"
            "    return normalized, indices, mean, variance\n",
            note="TensorFlow functions that return a tuple of tensors: unpacking is how they are used",
            name="tensorflow-functions-that-return-tuple",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Encoder(tf.keras.layers.Layer):\n"
            "    def __init__(self, units):\n"
            "        super().__init__()\n"
            "        self.cell = tf.nn.rnn_cell.LSTMCell(units)\n\n"
            "    def call(self, inputs, lengths):\n"
            "        outputs, state = tf.nn.dynamic_rnn(self.cell, inputs, sequence_length=lengths, dtype=tf.float32)\n"
            "        return outputs, state\n",
            note="TensorFlow 1 code names `tf.compat.v1.nn.dynamic_rnn` without `compat.v1`: it returns the outputs "
            "and the state, a tuple",
            name="tensorflow-1-dynamic-rnn-tuple",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow.contrib.crf import crf_decode\n\n"
            "class Tagger(tf.keras.layers.Layer):\n"
            "    def call(self, scores, transitions, lengths):\n"
            "        tags, best = crf_decode(scores, transitions, lengths)\n"
            "        return tags\n",
            note="a TensorFlow 1 `contrib` function only mostly returns one tensor; unpacked where it is called, "
            "it returns several (`crf_decode`: the tags and their score)",
            name="tensorflow-1-contrib-unpacked-call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale_boxes(boxes, image_shape):\n"
            "    if isinstance(image_shape, (list, tuple)):\n"
            "        height, width = image_shape\n"
            "    else:\n"
            "        height, width = tf.unstack(tf.cast(image_shape, boxes.dtype), axis=-1)\n"
            "    return boxes * tf.stack([height, width, height, width])\n",
            note="an isinstance guard: here `image_shape` is a Python list or tuple",
            name="isinstance-guard-here-image-shape",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def clip_each(inputs, sizes):\n"
            "    if not isinstance(inputs, list):\n"
            "        return tf.clip_by_value(inputs, 0.0, 1.0)\n"
            "    return [tf.clip_by_value(x, 0.0, s) for x, s in zip(inputs, sizes)]\n",
            note="after the early return, `inputs` is a list",
            name="after-early-return-inputs-list",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Interaction(tf.keras.layers.Layer):\n"
            "    def call(self, inputs: tf.Tensor, training: bool = True) -> tf.Tensor:\n"
            "        features, mask = inputs\n"
            "        if mask is None:\n"
            "            return features\n"
            "        return features * tf.cast(mask, features.dtype)[..., None]\n",
            note="a `tf.Tensor` annotation does not override the tuple the body unpacks",
            name="tf-tensor-annotation-does-not",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def doubled(values):\n"
            "    if tf.is_tensor(values):\n"
            "        return tf.stack([v * 2 for v in values])\n"
            "    return [v * 2 for v in values]\n",
            flagged=[("values", 2)],
            preview=True,
            note="a tensor where the guard holds, but nothing shows a tensor is passed: a preview finding",
            name="tensor-where-guard-holds-but",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def row_total(total, row):\n"
            "    for value in row:\n"
            "        total += value\n"
            "    return total\n\n\n"
            "@tf.function\n"
            "def grand_total(x):\n"
            "    return tf.foldl(row_total, tf.reshape(x, [-1, 2]), initializer=tf.constant(0.0))\n",
            flagged=[("row", 2)],
            note="`tf.foldl` calls a function defined outside the tf.function as plain Python: its `for` is not "
            "converted, and the slice it gets is a tensor",
            name="foldl-calls-function-without-autograph",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def grand_total(x):\n"
            "    def row_total(total, row):\n"
            "        for value in row:\n"
            "            total += value\n"
            "        return total\n\n"
            "    return tf.foldl(row_total, tf.reshape(x, [-1, 2]), initializer=tf.constant(0.0))\n",
            note="a def written inside the tf.function is converted with it: its `for` over a tensor becomes a loop op",
            name="foldl-def-inside-converted",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow.keras import backend as K\n\n\n"
            "class Positions(tf.keras.layers.Layer):\n"
            "    def call(self, inputs, position_ids):\n"
            "        if \"int\" not in K.dtype(position_ids):\n"
            "            position_ids = K.cast(position_ids, \"int32\")\n"
            "        return inputs + K.cast(position_ids, K.floatx())\n",
            note="`K.dtype` returns the dtype's name, a Python string: `in` searches the string",
            name="keras-backend-dtype-is-string",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def decode_line(line):\n"
            "    items = tf.decode_csv(line, [[0.0], [0.0]])\n"
            "    return dict(zip([\"x\", \"y\"], items))\n\n\n"
            "dataset = tf.data.TextLineDataset(\"data.csv\").map(decode_line)\n",
            note="TensorFlow 1's `tf.decode_csv`, like `tf.io.decode_csv`, returns a Python list of tensors (the "
            "twentieth batch, TensorFlow's own examples)",
        ),
    )

    oracle = Oracle(
        symptom=Raises("OperatorNotAllowedInGraphError", "Iterating over a symbolic"),
        runs={
            "comprehensions-are-not-converted": "outputs = double_each(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            "static-bound-iterate-python-range": "outputs = scaled(tf.constant([1, 2]))",
            "converted-but-enumerate-iterates-python": "outputs = weighted_total(tf.constant([3.0, 1.0, 2.0]))",
            "tuple-unpacking-tensor": "outputs = area(tf.zeros([2, 3, 4]))",
            "with-autograph-off-even-statement": "outputs = total(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            "autograph-converts-plain-over-tensor": "outputs = total(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            "good-double-each": "outputs = double_each(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            "python-list-tensors": "outputs = norms([tf.ones([2]), tf.ones([3])])",
            "tf-split-tf-unstack-return": "outputs = halves(tf.constant([1.0, 2.0, 3.0, 4.0]))",
            "autograph-converts-sorted-tensor": "outputs = ranked(tf.constant([3.0, 1.0, 2.0]))",
            "foldl-calls-function-without-autograph": "outputs = grand_total(tf.ones([4]))",
            "foldl-def-inside-converted": "outputs = grand_total(tf.ones([4]))",
            "tensorflow-functions-that-return-tuple": "outputs = unit_rows(tf.constant([[3.0, 4.0], [1.0, 0.0], [0.0, 2.0]]))",
            "isinstance-guard-here-image-shape": "outputs = scale_boxes(tf.ones([2, 4]), [3.0, 4.0])",
            "after-early-return-inputs-list": "outputs = clip_each([tf.constant(0.5), tf.constant(2.0)], [1.0, 1.0])",
            "tf-tensor-annotation-does-not": "outputs = Interaction()((tf.ones([2, 3]), tf.constant([True, False])))",
            "tensor-where-guard-holds-but": "outputs = doubled(tf.constant([1.0, 2.0]))",
            "keras-backend-dtype-is-string": "outputs = Positions()(tf.ones([2]), tf.constant([1.0, 2.0]))",
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
        self._emit(node.iter, value, message, fix=self._range_fix(node.iter))

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
            self._emit(arg, value, message)
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
        self._emit(node.value, value, message)

    def visit_Assign(self, node: ast.Assign) -> None:
        graph = self.ctx.graph
        if graph is None or not any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets):
            return
        value = self._tensor(node.value)
        if value is None:
            return
        if value.weak and isinstance(node.value, ast.Call):
            # a call of a family that only mostly returns one tensor, unpacked where it is made: that the
            # code unpacks it is the better evidence (it returns several values)
            return
        message = (
            f"Unpacking a symbolic tensor into several names iterates it in Python while "
            f"{function_label(self.ctx.function)} is traced ({graph.describe()}); AutoGraph does not convert "
            f"unpacking, so this raises {ITERATION_ERROR}. Index the items (`t[0], t[1]`) or use `tf.unstack`."
        )
        self._emit(node.value, value, message)

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
            self._emit(right, value, message)
            return

    def visit_For(self, node: ast.For) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None or autograph_enabled(ctx.function, ctx.facts, ctx.settings):
            return
        value = self._tensor(node.iter)
        if value is None:
            return
        message = (
            f"{autograph_off_text(ctx.function, ctx.facts, ctx.settings)}, so this "
            f"`for` iterates a symbolic tensor in Python while tracing and raises {ITERATION_ERROR}. Use "
            "`tf.while_loop`/`tf.map_fn`, or let AutoGraph convert the function."
        )
        self._emit(node.iter, value, message)

    # -- helpers ----------------------------------------------------------------------------------

    def _tensor(self, expr: ast.expr) -> Optional[Inference]:
        """The inference for `expr` when it is one plain tensor (not a structure, not ragged or sparse).
        Which TensorFlow calls return tuples, lists or structures, which guards narrow a value, and how
        strong the evidence is all come from the shared analysis (hybridlint/tensors.py, tfops.py)."""
        ctx = self.ctx
        value = tensors_for(ctx.facts).infer(expr, ctx.function)
        if not value.plain_tensor:
            return None
        evidence = value.node if value.node is not None else expr
        if isinstance(evidence, ast.AST) and any(word in ctx.source.segment(evidence).lower() for word in NOT_PLAIN_TENSORS):
            return None
        return value

    def _emit(self, expr: ast.AST, value: Inference, message: str, fix=None) -> None:
        """Report on strong evidence; weak evidence (an annotation, an API family that mostly returns
        tensors) is preview, and its message says what the value was taken for and why."""
        message = on_evidence(message, self.ctx.source.segment(expr), value)
        severity = traced_severity(self.ctx.graph, Severity.ERROR)
        self.report(expr, message, fix=fix, related=self._related(expr, value), severity=severity, preview=value.weak)

    def _related(self, expr: ast.AST, value: Inference) -> List[Related]:
        ctx = self.ctx
        related: List[Related] = list(ctx.graph_related())
        if value.node is not None and value.reason and value.node is not expr:
            related.append(Related(ctx.span(value.node), evidence_text(ctx.source.segment(expr), value)))
        return related
