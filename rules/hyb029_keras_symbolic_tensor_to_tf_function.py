"""HYB029 keras-symbolic-tensor-to-tf-function."""

from __future__ import annotations

import ast
from typing import Optional

from hybridlint.analysis import analysis_for
from hybridlint.facts import FunctionInfo
from hybridlint.oracle import Oracle, Raises
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import KERAS_CALLABLE, KERAS_INPUT, tensors_for

_MAX_HOPS = 8


class KerasSymbolicTensorToTfFunction(Rule):
    code = "HYB029"
    name = "keras-symbolic-tensor-to-tf-function"
    severity = Severity.ERROR
    preview = True
    summary = "A Keras symbolic tensor (from `keras.Input`) passed to a tf.function"

    what_it_does = (
        "Flags a call of a `tf.function` of this file (decorated, or wrapped with `tf.function(f)`) with an "
        "argument that is a Keras symbolic tensor: the result of `tf.keras.Input(...)`, or of applying Keras "
        "layers and models to one while building a Functional model, followed through local names. The "
        "same function applied inside a `tf.keras.layers.Lambda` or a custom layer is not flagged: Keras "
        "calls it with real tensors."
    )
    why_bad = (
        "A KerasTensor is a placeholder for a shape and a dtype while a Functional model is built; it has no "
        "value and is not a TensorFlow tensor, so a tf.function cannot take it. With Keras 3 (TensorFlow "
        "2.21, checked by the oracle) the call raises ValueError (\"A KerasTensor is symbolic ... You cannot "
        "convert it to a NumPy array\"); Keras 2 raised TypeError. Hybridize refuses such calls "
        "(`HAS_KERAS_SYMBOLIC_ARGUMENTS`, its issue #887)."
    )
    use_instead = (
        "Move the computation into the model: wrap the function in `tf.keras.layers.Lambda(f)` or a custom "
        "`Layer.call`, and let Keras trace it."
    )
    fix_safety_doc = "No fix: the computation has to move into a layer."
    references = (
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring/issues/887",
        "https://keras.io/guides/functional_api/",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def head(x):\n"
            "    return tf.abs(x)\n\n"
            "inp = tf.keras.Input([4])\n"
            "out = head(inp)\n",
            flagged=["head(inp)"],
            name="bad-head",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def squash(x):\n"
            "    return tf.tanh(x)\n\n"
            "squash_graph = tf.function(squash)\n\n"
            "def build():\n"
            "    inputs = tf.keras.Input([8])\n"
            "    hidden = tf.keras.layers.Dense(4)(inputs)\n"
            "    return tf.keras.Model(inputs, squash_graph(hidden))\n",
            flagged=["squash_graph(hidden)"],
            note="through a layer applied to the input",
            name="through-layer-applied-input",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def head(x):\n"
            "    return tf.abs(x)\n\n"
            "inp = tf.keras.Input([4])\n"
            "out = tf.keras.layers.Lambda(head)(inp)\n"
            "model = tf.keras.Model(inp, out)\n",
            note="a Lambda layer calls the function with real tensors",
            name="lambda-layer-calls-function-with",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def head(x):\n"
            "    return tf.abs(x)\n\n"
            "inp = tf.keras.Input([4])\n"
            "model = tf.keras.Model(inp, tf.keras.layers.Dense(2)(inp))\n"
            "scores = head(model(tf.ones([1, 4])))\n",
            note="the model's output on real data is a tensor",
            name="model-output-real-data-tensor",
        ),
    )

    oracle = Oracle(
        symptom=Raises("ValueError", "KerasTensor"),
        fails_eagerly=True,
        note="KerasTensors are refused by TensorFlow ops eagerly too; the tf.function call is where it shows.",
        runs={
            "bad-head": "outputs = None",
            "through-layer-applied-input": "outputs = build().output_shape",
            "lambda-layer-calls-function-with": "outputs = model(tf.constant([[-1.0, 2.0, -3.0, 4.0]]))",
            "model-output-real-data-tensor": "outputs = scores.shape.as_list()",
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        facts = ctx.facts
        target, use = facts.resolve_callable(node.func, ctx.function, facts.enclosing_class(ctx.function))
        if target is None or not (use is not None or target.is_tf_function):
            return
        for arg in list(node.args) + [k.value for k in node.keywords]:
            origin = self._symbolic(arg, ctx.function, 0)
            if origin is None:
                continue
            message = (
                f"`{ctx.source.segment(arg)}` is a Keras symbolic tensor (it comes from `keras.Input`), and "
                f"`{ctx.source.segment(node.func)}` is a tf.function: a KerasTensor has no value and cannot enter "
                "it (Keras 3 raises ValueError \"A KerasTensor is symbolic\", Keras 2 TypeError). Wrap the "
                "function in `tf.keras.layers.Lambda` or a custom layer."
            )
            related = [Related(ctx.span(origin), "the Keras symbolic input")]
            self.report(node, message, related=related, severity=Severity.ERROR)
            return

    def _symbolic(self, expr: ast.AST, scope: Optional[FunctionInfo], hops: int) -> Optional[ast.AST]:
        """The `keras.Input(...)` call `expr` derives from, through layer calls and local names."""
        if hops > _MAX_HOPS:
            return None
        ctx = self.ctx
        tensors = tensors_for(ctx.facts)
        value = tensors.infer(expr, scope)
        if value.tag == KERAS_INPUT:
            return value.node if value.node is not None else expr
        if isinstance(expr, ast.Name):
            values = analysis_for(ctx.facts).assignments(scope).get(expr.id, [])
            if len(values) == 1 and values[0] is not None:
                return self._symbolic(values[0], scope, hops + 1)
            return None
        if isinstance(expr, ast.Call):
            callee = tensors.infer(expr.func, scope)
            if callee.tag in KERAS_CALLABLE:
                for arg in list(expr.args) + [k.value for k in expr.keywords]:
                    found = self._symbolic(arg, scope, hops + 1)
                    if found is not None:
                        return found
        return None
