"""HYB030 non-string-name-argument."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from hybridlint.analysis import function_label, traced_severity
from hybridlint.oracle import Oracle, Raises
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.settings import Settings
from hybridlint.tensors import DTYPE, Kind, tensors_for

Version = Tuple[int, int]


def _table(spec: str, since: Version = (2, 0)) -> Dict[str, Tuple[Tuple[Version, int], ...]]:
    """"index: name name ..." lines → qualname → ((first TF version with this signature, index of `name`),)."""
    table: Dict[str, Tuple[Tuple[Version, int], ...]] = {}
    for line in spec.strip().splitlines():
        index, names = line.split(":")
        for name in names.split():
            table["tensorflow." + name] = ((since, int(index)),)
    return table


# Where `name` sits among the positional parameters, read from `inspect.signature` on TensorFlow 2.21.
# Each entry is a history: (first version, index) pairs, newest last, so a signature that moves `name` gets
# a second pair instead of a wrong answer for older releases. The rule flags only when every release the
# project supports (`target-tensorflow`) puts `name` at that position.
NAME_POSITIONS: Dict[str, Tuple[Tuple[Version, int], ...]] = {
    **_table(
        """
        1: abs sqrt square exp negative sign round floor identity stop_gradient sigmoid tanh sin cos rank
        1: logical_not math.log math.log1p math.rsqrt math.reciprocal math.ceil math.floor math.round
        1: math.is_nan math.is_finite math.is_inf math.softplus math.erf math.exp math.sqrt math.abs math.square
        1: math.sigmoid math.tanh math.negative math.sign math.sin math.cos math.logical_not
        1: nn.relu nn.relu6 nn.elu nn.selu nn.softplus nn.sigmoid nn.tanh
        2: add subtract multiply divide maximum minimum pow equal not_equal less less_equal greater
        2: greater_equal logical_and logical_or realdiv truediv math.floordiv math.add math.subtract
        2: math.multiply math.divide math.maximum math.minimum math.pow math.equal math.not_equal math.less
        2: math.less_equal math.greater math.greater_equal math.logical_and math.logical_or math.truediv
        2: reshape expand_dims squeeze cast shape size tile reverse zeros_like ones_like concat stack
        2: nn.softmax nn.log_softmax nn.leaky_relu math.softmax compat.v1.transpose compat.v1.nn.softmax
        2: compat.v1.argmax compat.v1.squeeze
        3: transpose reduce_sum reduce_mean reduce_max reduce_min reduce_prod reduce_any reduce_all argmax
        3: argmin convert_to_tensor where clip_by_value math.reduce_sum math.reduce_mean math.reduce_max
        3: math.reduce_min math.reduce_prod math.reduce_any math.reduce_all math.argmax math.argmin
        3: math.reduce_logsumexp math.l2_normalize nn.l2_normalize nn.bias_add compat.v1.reduce_sum
        """
    ),
    **_table("2: nn.gelu", since=(2, 4)),
}


def name_position(qualname: str, settings: Settings) -> Optional[int]:
    """The positional index of `name` in `qualname`, when every supported TensorFlow agrees."""
    history = NAME_POSITIONS.get(qualname)
    if not history:
        return None
    floor = settings.target_tensorflow
    if floor is None:
        return history[-1][1]
    # Signatures still in effect at or after the oldest supported release.
    relevant = {index for i, (_, index) in enumerate(history) if i + 1 == len(history) or history[i + 1][0] > floor}
    return relevant.pop() if len(relevant) == 1 else None


class NonStringNameArgument(Rule):
    code = "HYB030"
    name = "non-string-name-argument"
    severity = Severity.ERROR
    preview = True
    visits_graph_code_only = True
    summary = "A non-string value passed positionally into a TensorFlow op's `name` parameter"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags, in code that runs as a graph, a call to a TensorFlow op from a signature table (`tf.sqrt`, "
        "`tf.abs`, `tf.exp`, `tf.math.log`, `tf.nn.relu`, `tf.identity`, `tf.add`, `tf.reshape`, "
        "`tf.reduce_sum`, `tf.nn.softmax`, ...) where a positional argument lands on the parameter `name` "
        "and is not a string: a dtype (`tf.float32`, `x.dtype`), a number, a bool or a tensor. The table "
        "records where `name` sits, read from TensorFlow 2.21's signatures, with the release each signature "
        "starts at; a position is used only when every release the project supports "
        "(`target-tensorflow`) agrees. Names and other values of unknown type are not flagged."
    )
    why_bad = (
        "Eagerly, TensorFlow ignores an op's `name`, so `tf.sqrt(x, tf.float32)` runs and looks fine; while "
        "tracing, the name goes into the graph and a non-string raises TypeError (\"expected string or "
        "bytes-like object, got 'DType'\"), as the oracle shows on TensorFlow 2.21. The call almost always "
        "meant something else: a cast (`tf.sqrt(tf.cast(x, tf.float32))`), a `keepdims`/`axis` in the wrong "
        "slot, or `tf.nn.leaky_relu`'s `alpha` given to `tf.nn.relu`. Hybridize refuses such functions "
        "(`HAS_INVALID_NAME_ARGUMENTS`, its issue #814)."
    )
    use_instead = (
        "Pass what was meant in its own parameter: `tf.cast` for a dtype, keyword arguments (`axis=`, "
        "`keepdims=`) for options, and a string or nothing for `name`."
    )
    fix_safety_doc = "No fix: what the argument was meant to be cannot be known."
    references = (
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring/issues/814",
        "https://www.tensorflow.org/api_docs/python/tf/math/sqrt",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def norm(x):\n"
            "    return tf.sqrt(tf.reduce_sum(tf.square(x), 1, keepdims=True), tf.float32)\n",
            flagged=["tf.float32"],
            note="meant a cast",
            name="meant-cast",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def activate(x):\n"
            "    return tf.nn.relu(x, 0.2)\n",
            flagged=["0.2"],
            note="`alpha` belongs to `tf.nn.leaky_relu`",
            name="alpha-belongs-tf-nn-leaky",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def row_totals(x):\n"
            "    return tf.reduce_sum(x, 1, True, x.dtype)\n",
            flagged=["x.dtype"],
            name="bad-row-totals",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def norm(x):\n"
            "    return tf.sqrt(tf.cast(tf.reduce_sum(tf.square(x), 1, keepdims=True), tf.float32), \"norm\")\n",
            note="a cast, and a string name",
            name="cast-string-name",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def widen(x):\n"
            "    return tf.zeros_like(x, tf.float64), tf.cast(x, tf.int32), tf.shape(x, tf.int64)\n",
            note="dtypes in the positions that take them",
            name="dtypes-positions-that-take-them",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def sqrt(x, dtype):\n"
            "    return tf.sqrt(tf.cast(x, dtype))\n\n"
            "@tf.function\n"
            "def root(x):\n"
            "    return sqrt(x, tf.float32)\n",
            note="a function of this file that shares a TensorFlow name",
            name="function-this-file-that-shares",
        ),
    )

    oracle = Oracle(
        symptom=Raises("TypeError", "expected string or bytes-like object"),
        runs={
            "meant-cast": "outputs = norm(tf.constant([[3.0, 4.0]]))",
            "alpha-belongs-tf-nn-leaky": "outputs = activate(tf.constant([-1.0, 2.0]))",
            "bad-row-totals": "outputs = row_totals(tf.constant([[1.0, 2.0]]))",
            "cast-string-name": "outputs = norm(tf.constant([[3.0, 4.0]]))",
            "dtypes-positions-that-take-them": "outputs = widen(tf.constant([1, 2]))",
            "function-this-file-that-shares": "outputs = root(tf.constant([4, 9]))",
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        qualname = ctx.qualname(node.func)
        if qualname is None:
            return
        index = name_position(qualname, ctx.settings)
        if index is None or index >= len(node.args):
            return
        if any(isinstance(a, ast.Starred) for a in node.args[: index + 1]):
            return
        if any(k.arg == "name" for k in node.keywords):
            return  # a TypeError eagerly too; not this rule's case
        arg = node.args[index]
        what = self._not_a_string(arg)
        if what is None:
            return
        shown = ctx.source.segment(node.func)
        position = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"][index] if index < 7 else f"#{index + 1}"
        hint = f" Did you mean `tf.cast(..., {ctx.source.segment(arg)})`?" if what == "a dtype" else ""
        message = (
            f"The {position} positional argument of `{shown}` is its `name`, and this passes {what}. Eagerly "
            f"the name is ignored, but while {function_label(ctx.function)} is traced ({graph.describe()}) it "
            f"raises TypeError (\"expected string or bytes-like object\").{hint} Pass options by keyword."
        )
        related: List[Related] = list(ctx.graph_related())
        severity = traced_severity(graph, Severity.ERROR)
        self.report(arg, message, related=related, severity=severity)

    def _not_a_string(self, arg: ast.expr) -> Optional[str]:
        if isinstance(arg, ast.Constant):
            if isinstance(arg.value, bool):
                return "a bool"
            if isinstance(arg.value, (int, float, complex)):
                return "a number"
            return None
        value = tensors_for(self.ctx.facts).infer(arg, self.ctx.function)
        if value.tag == DTYPE:
            return "a dtype"
        if value.kind is Kind.TENSOR and not value.nested:
            return "a tensor"
        if value.kind is Kind.PY_BOOL:
            return "a bool"
        if value.kind is Kind.PY_NUMBER:
            return "a number"
        return None
