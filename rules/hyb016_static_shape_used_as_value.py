"""HYB016 static-shape-used-as-value."""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from hybridlint.analysis import analysis_for, function_label, tf_module_name, traced_severity
from hybridlint.facts import FunctionInfo, GraphInfo
from hybridlint.oracle import Oracle, Raises, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import Inference, autograph_enabled, autograph_off_text, evidence_text, on_evidence, tensors_for

LEN_ERROR = "TypeError ('len is not well defined for a symbolic Tensor')"
# TensorFlow functions whose shape-like arguments must be numbers or tensors: a None inside raises
# (`Expected int32, but got None`, `Failed to convert elements of [None, 1] to Tensor`). Functions that take
# partial shapes on purpose (`tf.ensure_shape`, `tf.TensorSpec`, `set_shape`, `keras.Input`) are not here.
SHAPE_SINKS = frozenset(
    "tensorflow." + n
    for n in (
        "zeros ones fill reshape range tile broadcast_to eye one_hot stack pad slice split "
        "random.uniform random.normal random.truncated_normal random.stateless_uniform random.stateless_normal "
        "image.resize image.resize_with_pad image.resize_with_crop_or_pad image.crop_to_bounding_box "
        "image.pad_to_bounding_box sequence_mask math.bincount"
    ).split()
)


class StaticShapeUsedAsValue(Rule):
    code = "HYB016"
    name = "static-shape-used-as-value"
    severity = Severity.ERROR
    preview = True
    visits_graph_code_only = True
    fix_safety = FixSafety.UNSAFE
    summary = "A static dimension that is None while tracing is used as a number"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags, in traced code, a static dimension `x.shape[i]` (or `x.get_shape()[i]`) of a parameter whose "
        "visible `input_signature` spec has `None` at axis `i`, when it is used as a number: as an argument "
        "(or an item of a list argument) of a TensorFlow function that builds a shape or a count "
        "(`tf.zeros`, `tf.reshape`, `tf.range`, `tf.tile`, `tf.one_hot`, `tf.image.resize`, ...), of "
        "`range(...)`, or in arithmetic; directly, or through a local name assigned once. Also flags "
        "`len(t)` of a tensor where AutoGraph is off. The batch axis (`x.shape[0]`) of a parameter of a "
        "tf.function with `reduce_retracing=True`, and (preview) of a Keras layer's input in `call`, is treated "
        "as `None` too. A dimension read only where a test against None has shown it is not None (`None if n "
        "is None else n - 1`, under `if n is not None and ...:`, after `if n is None: return ...`) is not flagged."
        " Dimensions without a visible `None` in a signature are "
        "not flagged (most static shapes are fully known), and neither is `len(t)` in converted code: "
        "AutoGraph turns it into the dynamic length, which the oracle shows working on TensorFlow 2.21."
        " A value that is a tensor only on weak evidence (a `tf.Tensor` annotation, a `tf.is_tensor` test on "
        "an unknown value, a Keras-backend or v1-compat function that usually returns one) is reported in "
        "preview mode only, and the message says what it was taken for."
    )
    why_bad = (
        "`x.shape` is the static shape known while tracing. With an `input_signature` of `None` at an axis, "
        "that dimension is `None` in every trace, so `tf.zeros([x.shape[0], 1])` raises TypeError (\"Expected "
        "int32, but got None\"), `range(x.shape[0])` raises TypeError, and `x.shape[0] * 2` raises TypeError. "
        "The code works eagerly and in traces with concrete shapes, so it breaks only once a signature (or a "
        "relaxed shape) is added. Where AutoGraph is off, `len(t)` of a symbolic tensor raises "
        f"{LEN_ERROR}. Hybridize withholds functions that read axes statically "
        "(`HAS_UNRESOLVED_STATICALLY_READ_AXES`, its issue #811); the study counts such eager/graph "
        "incompatibilities among its 13 of 159 *Incompatibility* fixes."
    )
    use_instead = (
        "The dynamic shape: `tf.shape(x)[i]` is a tensor that TensorFlow functions accept in shapes, "
        "`tf.range` instead of `range` for a loop over it, and `tf.shape(x)[0]` instead of `len(x)`."
    )
    fix_safety_doc = (
        "Unsafe: where the dimension (or `len(x)`) is directly an argument of one of the TensorFlow functions "
        "above, or an item of a list argument, `x.shape[i]` becomes `tf.shape(x)[i]` and `len(x)` becomes "
        "`tf.shape(x)[0]`. The result has the same value, but it is a tensor, and shapes inferred downstream "
        "lose what was static. Uses in `range` and arithmetic have no automatic fix, since a tensor there "
        "changes how the code runs (a `tf.while_loop`, tensor arithmetic)."
    )
    references = (
        "https://www.tensorflow.org/guide/function#dynamic_shapes",
        "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/reference/limitations.md",
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring/issues/811",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def add_col(x):\n"
            "    return tf.concat([x, tf.zeros([x.shape[0], 1])], 1)\n",
            flagged=["x.shape[0]"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def add_col(x):\n"
            "    return tf.concat([x, tf.zeros([tf.shape(x)[0], 1])], 1)\n",
            name="bad-add-col",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])\n"
            "def running_total(x):\n"
            "    s = tf.zeros([])\n"
            "    for i in range(x.shape[0]):\n"
            "        s += x[i]\n"
            "    return s\n",
            flagged=["x.shape[0]"],
            note="`range` needs an int; `tf.range` would loop in the graph",
            name="range-needs-int-tf-range",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def as_pairs(x):\n"
            "    pairs = x.shape[0] * 2\n"
            "    return tf.reshape(x, [pairs, 2])\n",
            flagged=["x.shape[0]"],
            note="arithmetic on a None dimension",
            name="arithmetic-none-dimension",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)], autograph=False)\n"
            "def ones_like_rows(x):\n"
            "    return tf.ones([len(x)])\n",
            flagged=["len(x)"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)], autograph=False)\n"
            "def ones_like_rows(x):\n"
            "    return tf.ones([tf.shape(x)[0]])\n",
            note="`len` of a symbolic tensor where AutoGraph is off",
            name="len-symbolic-tensor-where-autograph",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def add_col(x):\n"
            "    return tf.concat([x, tf.zeros([tf.shape(x)[0], x.shape[1] // 4])], 1)\n",
            note="the dynamic batch size, and a static dimension that the signature fixes",
            name="dynamic-batch-size-static-dimension",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def ones_like_rows(x):\n"
            "    return tf.ones([len(x)])\n",
            note="AutoGraph converts `len` of a tensor into its dynamic length",
            name="autograph-converts-len-tensor-into",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def add_col(x):\n"
            "    return tf.concat([x, tf.zeros([x.shape[0], 1])], 1)\n",
            note="no signature: every trace sees concrete shapes",
            name="no-signature-every-trace-sees",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def checked(x):\n"
            "    if x.shape[0] is not None:\n"
            "        tf.print(\"batch\", x.shape[0])\n"
            "    return tf.ensure_shape(x, [x.shape[0], 4])\n",
            note="tests and shape checks that accept None",
            name="tests-shape-checks-that-accept",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def add_col(x):\n"
            "    return tf.concat([x, tf.zeros([x.shape[0], 1])], 1)\n",
            flagged=["x.shape[0]"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def add_col(x):\n"
            "    return tf.concat([x, tf.zeros([tf.shape(x)[0], 1])], 1)\n",
            note="`reduce_retracing` relaxes a batch size that changes between calls to `None`",
            name="reduce-retracing-relaxes-batch-size",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class AddCol(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        return tf.concat([inputs, tf.zeros([inputs.shape[0], 1])], 1)\n",
            flagged=["inputs.shape[0]"],
            fixed="import tensorflow as tf\n\n"
            "class AddCol(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        return tf.concat([inputs, tf.zeros([tf.shape(inputs)[0], 1])], 1)\n",
            preview=True,
            note="preview: the batch axis of a Keras layer's input is `None` under `keras.Input` or batched `tf.data`",
            name="preview-batch-axis-keras-layer",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def add_cols(x):\n"
            "    return tf.concat([x, tf.zeros([tf.shape(x)[0], x.shape[1]])], 1)\n",
            note="the dynamic batch size; the feature axis does not change between calls",
            name="dynamic-batch-size-feature-axis",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "from .base import BaseLayer\n\n\n"
            "class Head(BaseLayer):\n"
            "    def call(self, x):\n"
            "        batch = x.shape[0]\n"
            "        return tf.zeros([batch, 4])\n",
            flagged=["x.shape[0]"],
            path="pkg/heads.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/base.py", "import tensorflow as tf\n\n\nclass BaseLayer(tf.keras.layers.Layer):\n    pass\n"),
            ),
            note="a Keras layer through the project's base class in another module",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from .base import BaseLayer\n\n\n"
            "class Head(BaseLayer):\n"
            "    def call(self, x):\n"
            "        batch = x.shape[0]\n"
            "        return tf.zeros([batch, 4])\n",
            path="pkg/heads.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/base.py", "class BaseLayer:\n    def __call__(self, x):\n        return self.call(x)\n"),
            ),
            note="the project's `BaseLayer` is a plain class: `call` runs on concrete arrays",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def lagged(x):\n"
            "    rows = x.shape[0]\n"
            "    out_rows = None if rows is None else max(1, rows - 2)\n"
            "    return tf.ensure_shape(x[2:], [out_rows, 4])\n",
            note="the dimension is tested against None before the arithmetic: a None size is handled",
            name="dimension-checked-for-none",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def chunked_sum(x):\n"
            "    tokens = x.shape[0]\n"
            "    if tokens is not None and tokens > 2:\n"
            "        return tf.add_n([tf.reduce_sum(x[i:i + 2]) for i in range(0, tokens, 2)])\n"
            "    return tf.reduce_sum(x)\n",
            note="`range` runs only under `if tokens is not None`: a None size takes the other path",
            name="range-under-not-none-test",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])\n"
            "def chunked_sum(x):\n"
            "    tokens = x.shape[0]\n"
            "    if x.shape[1] is not None:\n"
            "        return tf.add_n([tf.reduce_sum(x[i:i + 2]) for i in range(0, tokens, 2)])\n"
            "    return tf.reduce_sum(x)\n",
            flagged=["x.shape[0]"],
            note="the test is of another axis: `tokens` is still None in `range`",
            name="none-test-of-other-axis",
        ),
    )

    oracle = Oracle(
        symptom=Raises("TypeError"),
        runs={
            "bad-add-col": Run("outputs = add_col(tf.ones([2, 4]))", symptom=Raises("TypeError", "got None")),
            "range-needs-int-tf-range": Run("outputs = running_total(tf.constant([1.0, 2.0]))", symptom=Raises("TypeError", "NoneType")),
            "arithmetic-none-dimension": Run("outputs = as_pairs(tf.ones([2, 4]))", symptom=Raises("TypeError", "NoneType")),
            "len-symbolic-tensor-where-autograph": Run("outputs = ones_like_rows(tf.ones([3, 2]))", symptom=Raises("TypeError", "len is not well defined")),
            "dynamic-batch-size-static-dimension": "outputs = add_col(tf.ones([2, 4]))",
            "autograph-converts-len-tensor-into": "outputs = ones_like_rows(tf.ones([3, 4]))",
            "no-signature-every-trace-sees": "outputs = add_col(tf.ones([2, 4]))",
            "tests-shape-checks-that-accept": "outputs = checked(tf.ones([2, 4]))",
            "reduce-retracing-relaxes-batch-size": Run(
                "outputs = [add_col(tf.ones([n, 4])) for n in (2, 3, 5)]",
                symptom=Raises("TypeError", "got None"),
            ),
            "preview-batch-axis-keras-layer": Run(
                "model = tf.keras.Sequential([AddCol()])\nmodel.compile(loss='mse')\n"
                "ds = tf.data.Dataset.from_tensor_slices((tf.ones([4, 4]), tf.ones([4, 5]))).batch(3)\n"
                "model.fit(ds, verbose=0)\noutputs = model.predict(tf.ones([2, 4]), verbose=0)",
                symptom=Raises("TypeError", "got None"),
            ),
            "dimension-checked-for-none": "outputs = lagged(tf.ones([5, 4]))",
            "range-under-not-none-test": "outputs = chunked_sum(tf.ones([5, 4]))",
            "none-test-of-other-axis": Run("outputs = chunked_sum(tf.ones([5, 4]))", symptom=Raises("TypeError", "NoneType")),
            "dynamic-batch-size-feature-axis": "outputs = [add_cols(tf.ones([n, 4])) for n in (2, 3, 5)]",
        },
    )

    # -- x.shape[i] ---------------------------------------------------------------------------------

    def visit_Subscript(self, node: ast.Subscript) -> None:
        ctx = self.ctx
        graph = ctx.graph
        info = ctx.function
        if graph is None or info is None or not isinstance(node.ctx, ast.Load):
            return
        found = self._unknown_dim(node, info)
        preview = False
        if found is not None:
            spec, axis = found
            why = f"which the `input_signature` leaves `None`, so it is `None` while {function_label(info)} is traced ({graph.describe()})"
            related: List[Related] = list(ctx.graph_related())
            related.append(Related(ctx.span(spec), f"axis {axis} is `None` in this spec"))
        else:
            relaxed = self._relaxed_batch(node, info, graph)
            if relaxed is None:
                return
            axis, why, preview = 0, relaxed[0], relaxed[1]
            related = list(ctx.graph_related())
        sink = self._sink(node, info)
        if sink is None:
            return
        where, fixable = sink
        shown = ctx.source.segment(node)
        message = (
            f"`{shown}` is the static size of axis {axis}, {why}. Used {where}, it raises "
            f"TypeError. Use `tf.shape({ctx.source.segment(_shape_owner(node))})[{axis}]`."
        )
        fix = self._replacement(node, f"{{tf}}.shape({ctx.source.segment(_shape_owner(node))})[{axis}]") if fixable else None
        self.report(node, message, fix=fix, related=related,
                    severity=traced_severity(graph, Severity.ERROR), preview=preview)

    def _relaxed_batch(self, node: ast.Subscript, info: FunctionInfo, graph: GraphInfo) -> Optional[Tuple[str, bool]]:
        """`x.shape[0]` of a parameter whose leading (batch) axis is `None` in some trace: a tf.function
        with `reduce_retracing=True` (TensorFlow relaxes a dimension that differs between calls), or the
        input of a Keras `call` (`None` under the functional API and for batched `tf.data` input; preview,
        as a model called on NumPy arrays sees concrete batches). (why, preview) or None."""
        owner = _shape_owner(node)
        index = node.slice
        if not (isinstance(owner, ast.Name) and isinstance(index, ast.Constant) and index.value == 0 and type(index.value) is int):
            return None
        if isinstance(info.node, ast.Lambda):
            return None
        args = info.node.args
        params = [a.arg for a in args.posonlyargs + args.args]
        if owner.id not in params or len(analysis_for(self.ctx.facts).assignments(info).get(owner.id, [])) > 0:
            return None  # not a parameter, or rebound in the body
        use = info.decorator
        if use is not None and not use.has_input_signature:
            for key in ("reduce_retracing", "experimental_relax_shapes"):
                value = use.keywords.get(key)
                if isinstance(value, ast.Constant) and value.value is True:
                    return (
                        f"and with `{key}=True` TensorFlow traces a version with this axis `None` once calls "
                        f"differ in it, so it is `None` in that trace of {function_label(info)}"
                    ), False
            return None
        entry = graph.origin
        if entry is info and graph.reason == "keras" and info.name == "call" and info.cls is not None:
            inputs = params[1:2]
            if owner.id in inputs:
                return (
                    f"the batch axis of the layer's input: when Keras traces {function_label(info)} for a model "
                    "built with `keras.Input` or fed a batched `tf.data` dataset, it is `None`"
                ), True
        return None

    def _unknown_dim(self, node: ast.Subscript, info: FunctionInfo) -> Optional[Tuple[ast.AST, int]]:
        """(spec, axis) when `node` is `x.shape[i]` of a parameter whose signature has None at axis i."""
        owner = _shape_owner(node)
        index = node.slice
        if isinstance(index, ast.Index):  # pragma: no cover - Python 3.8 trees
            index = index.value  # type: ignore[attr-defined]
        if owner is None or not isinstance(owner, ast.Name):
            return None
        if not (isinstance(index, ast.Constant) and type(index.value) is int and index.value >= 0):
            return None
        value = tensors_for(self.ctx.facts).infer(owner, info)
        spec = value.node
        if not value.is_tensor or value.nested or not isinstance(spec, ast.Call) or spec not in _signature_specs(info):
            return None
        dims = _spec_dims(spec)
        if dims is None or index.value >= len(dims):
            return None
        dim = dims[index.value]
        if not (isinstance(dim, ast.Constant) and dim.value is None):
            return None
        return spec, index.value

    def _sink(self, node: ast.expr, info: FunctionInfo, hop: bool = True) -> Optional[Tuple[str, bool]]:
        """How `node`'s value is used as a number: (description, whether `tf.shape` may replace it)."""
        ctx = self.ctx
        an = analysis_for(ctx.facts)
        if an.checked_not_none(node, info):
            return None  # `None if n is None else n - 1`, `if n is not None: range(n)`: None is handled
        parent = an.parent(node)
        if isinstance(parent, ast.BinOp):
            return "in arithmetic", False
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub):
            return "in arithmetic", False
        if isinstance(parent, ast.Call) and node in parent.args:
            if isinstance(parent.func, ast.Name) and parent.func.id == "range" and an.is_builtin("range", info):
                return "as a `range` bound", False
            if ctx.qualname(parent.func) in SHAPE_SINKS:
                return f"in `{ctx.source.segment(parent.func)}(...)`", True
        if isinstance(parent, ast.keyword):
            call = an.parent(parent)
            if isinstance(call, ast.Call) and ctx.qualname(call.func) in SHAPE_SINKS:
                return f"in `{ctx.source.segment(call.func)}(...)`", True
        if isinstance(parent, (ast.List, ast.Tuple)):
            holder = an.parent(parent)
            if isinstance(holder, ast.keyword):
                holder = an.parent(holder)
            if isinstance(holder, ast.Call) and ctx.qualname(holder.func) in SHAPE_SINKS:
                return f"in the shape given to `{ctx.source.segment(holder.func)}(...)`", True
        if hop and isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            name = parent.targets[0].id
            if len(an.assignments(info).get(name, [])) != 1:
                return None
            for use in an.scope_walk(info.node):
                if isinstance(use, ast.Name) and use.id == name and isinstance(use.ctx, ast.Load):
                    found = self._sink(use, info, hop=False)
                    if found is not None:
                        return f"through `{name}` {found[0]}", False
        return None

    # -- len(t) with AutoGraph off ------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        func = node.func
        if graph is None or not (isinstance(func, ast.Name) and func.id == "len"):
            return
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            return
        if autograph_enabled(ctx.function, ctx.facts, ctx.settings) or not analysis_for(ctx.facts).is_builtin("len", ctx.function):
            return
        value: Inference = tensors_for(ctx.facts).infer(node.args[0], ctx.function)
        if not value.is_tensor or value.nested:
            return
        shown = ctx.source.segment(node.args[0])
        message = (
            f"{autograph_off_text(ctx.function, ctx.facts, ctx.settings)}, so "
            f"`len` asks a symbolic tensor for its length while tracing and raises {LEN_ERROR}. Use "
            f"`tf.shape({shown})[0]`."
        )
        message = on_evidence(message, shown, value)
        related: List[Related] = list(ctx.graph_related())
        if value.node is not None and value.reason and value.node is not node.args[0]:
            related.append(Related(ctx.span(value.node), evidence_text(shown, value)))
        sink = self._sink(node, ctx.function, hop=False) if ctx.function is not None else None
        fix = self._replacement(node, f"{{tf}}.shape({shown})[0]") if sink is not None and sink[1] else None
        self.report(node, message, fix=fix, related=related,
                    severity=traced_severity(graph, Severity.ERROR), preview=value.weak)

    def _replacement(self, node: ast.AST, template: str):
        ctx = self.ctx
        alias = tf_module_name(ctx.facts, ctx.function)
        if alias is None:
            return None
        span = ctx.span(node)
        text = template.replace("{tf}", alias)

        def fix() -> Optional[Fix]:
            return Fix(f"Use the dynamic shape `{text}`", (Edit(span, text),), FixSafety.UNSAFE)

        return fix


def _shape_owner(node: ast.Subscript) -> Optional[ast.expr]:
    """`x` in `x.shape[i]` and `x.get_shape()[i]`."""
    value = node.value
    if isinstance(value, ast.Attribute) and value.attr == "shape":
        return value.value
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "get_shape"
        and not value.args
        and not value.keywords
    ):
        return value.func.value
    return None


def _signature_specs(info: FunctionInfo) -> List[ast.AST]:
    specs: List[ast.AST] = []
    for use in info.applications:
        signature = use.keywords.get("input_signature")
        if isinstance(signature, (ast.List, ast.Tuple)):
            specs.extend(signature.elts)
    return specs


def _spec_dims(spec: ast.Call) -> Optional[List[ast.expr]]:
    """The literal dimensions of `tf.TensorSpec([None, 4], ...)` / `TensorSpec(shape=(None, 4))`."""
    shape = spec.args[0] if spec.args else next((k.value for k in spec.keywords if k.arg == "shape"), None)
    if isinstance(shape, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in shape.elts):
        return list(shape.elts)
    return None
