"""HYB028 py-function-in-graph."""

from __future__ import annotations

import ast
from typing import List

from hybridlint.analysis import function_label
from hybridlint.facts import PY_FUNCTION_NAMES
from hybridlint.oracle import NotObservable, Oracle
from hybridlint.rule import Bad, Good, Related, Rule, Severity


class PyFunctionInGraph(Rule):
    code = "HYB028"
    name = "py-function-in-graph"
    severity = Severity.INFO
    preview = True
    visits_graph_code_only = True
    summary = "`tf.py_function`/`tf.numpy_function` in traced code runs Python on every step"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Reports `tf.py_function`, `tf.numpy_function` and `tf.compat.v1.py_func` calls in code that runs as a "
        "graph, and calls from traced code of a function in this file decorated with one of them "
        "(`@tf.py_function(Tout=...)`). Information only: these are the sanctioned escape hatch for Python "
        "that cannot be expressed in TensorFlow ops."
    )
    why_bad = (
        "The wrapped Python runs eagerly on every call, holding the GIL, so it is slower than TensorFlow ops "
        "and serialises parallel work (tf.data map parallelism, multiple devices). The graph only references "
        "the Python function, so a SavedModel does not contain it and cannot be served without the original "
        "code, and it does not work on TPUs or remote workers under a distribution strategy. The TF API docs "
        "list these limits. The study counts 57 of its 159 labelled fix commits as performance fixes; this "
        "rule does not claim a study category of its own."
    )
    use_instead = (
        "TensorFlow ops where they exist (`tf.io.read_file`, `tf.io.parse_tensor`, `tf.strings.*`, "
        "`tf.image.*`, `tf.numpy`-style ops in `tf.experimental.numpy`). Keep `tf.py_function` where Python "
        "really is needed, and mark it with `# noqa: HYB028`."
    )
    fix_safety_doc = "No fix: replacing Python code with TensorFlow ops needs a person."
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/py_function",
        "https://www.tensorflow.org/api_docs/python/tf/numpy_function",
    )
    examples = (
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def load(path):\n"
            "    return tf.py_function(lambda p: np.load(p.numpy().decode()), [path], tf.float32)\n",
            flagged=["tf.py_function(lambda p: np.load(p.numpy().decode()), [path], tf.float32)"],
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def augment(image):\n"
            "    return tf.numpy_function(np.fliplr, [image], tf.float32)\n\n"
            "dataset = tf.data.Dataset.from_tensor_slices(np.zeros([4, 8, 8], np.float32)).map(augment)\n",
            flagged=["tf.numpy_function(np.fliplr, [image], tf.float32)"],
            note="traced by a tf.data transformation",
            name="traced-tf-data-transformation",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.py_function(Tout=tf.string)\n"
            "def describe(x):\n"
            "    return str(x.numpy())\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return describe(x)\n",
            flagged=[("describe(x)", 1)],
            note="decorator form",
            name="decorator-form",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def load(path):\n"
            "    return tf.io.parse_tensor(tf.io.read_file(path), tf.float32)\n",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def flip(image):\n"
            "    return tf.numpy_function(np.fliplr, [image], tf.float32)\n\n"
            "flipped = flip(tf.zeros([8, 8]))\n",
            note="eager code: the Python function just runs",
            name="eager-code-python-function-just",
        ),
    )

    oracle = Oracle(
        symptom=NotObservable(
            "the costs (Python on every step under the GIL, no SavedModel, no TPU or remote workers) need a "
            "saved model, a cluster or scale to show; the oracle checks that the examples run and agree"
        ),
        runs={
            "traced-tf-data-transformation": "outputs = [e.numpy().tolist() for e in dataset.take(1)]",
            "decorator-form": "outputs = step(tf.constant(1.0))",
            "eager-code-python-function-just": "outputs = flipped",
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        name = ctx.qualname(node.func)
        if name in PY_FUNCTION_NAMES:
            shown = ctx.source.segment(node.func)
            self.report(
                node,
                f"`{shown}` runs Python eagerly on every call of {function_label(ctx.function)} (traced: "
                f"{graph.describe()}). It is slower than TensorFlow ops, holds the GIL, is not saved in a "
                "SavedModel and does not run on TPUs or remote workers. Prefer TensorFlow ops where they exist.",
                related=ctx.graph_related(),
            )
            return
        target, _ = ctx.facts.resolve_callable(node.func, ctx.function, ctx.facts.enclosing_class(ctx.function))
        decorator = ctx.facts.decorator_named(target, PY_FUNCTION_NAMES) if target is not None else None
        if decorator is None:
            return
        related: List[Related] = [Related(ctx.span(decorator), f"`{target.name}` is wrapped in a py_function here")]
        self.report(
            node,
            f"`{target.name}` is a `{ctx.source.segment(decorator.func if isinstance(decorator, ast.Call) else decorator)}`: "
            f"calling it from {function_label(ctx.function)} (traced: {graph.describe()}) runs Python eagerly on every "
            "call. It is slower than TensorFlow ops, is not saved in a SavedModel and does not run on TPUs or "
            "remote workers.",
            related=related + list(ctx.graph_related()),
        )
