"""HYB019 frozen-python-global-read."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

from hybridlint.analysis import analysis_for, function_label, traced_severity
from hybridlint.facts import FunctionInfo, iter_children, walk_nodes
from hybridlint.oracle import EagerMismatch, Oracle
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import NONE, STRING, Kind, tensors_for

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
# Python values that a trace copies into the graph as constants. Objects (models, variables, modules,
# functions, classes) are captured by reference and see later changes.
FROZEN_KINDS = (Kind.PY_NUMBER, Kind.PY_BOOL, Kind.PY_CONTAINER)


class FrozenPythonGlobalRead(Rule):
    code = "HYB019"
    name = "frozen-python-global-read"
    severity = Severity.WARNING
    preview = True
    visits_graph_code_only = True
    summary = "A traced function reads a Python global that the program later changes"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags a read, in code that runs as a graph, of a module-level name that holds a Python number, bool, "
        "string, list, tuple or dict, when the program rebinds that name later: a function that declares "
        "`global name` and assigns it (other than a run-once function such as `main` or `__init__`, which "
        "usually configures before anything is traced), or a module-level assignment that follows a "
        "module-level call of the traced function. Names bound to objects (`tf.Variable`s, models, modules, "
        "functions, classes) are not flagged: those are captured by reference. Constants that are never "
        "rebound are not flagged either, nor are module-level switches that only ever hold `True`/`False` "
        "(`if STOP_GRAD:`, `swap_memory=SWAP_MEMORY`): they choose which graph to build, are set before "
        "building by design (`set_stop_grad(False)` before making the model), and a tensor or "
        "`tf.Variable` cannot stand in for them."
    )
    why_bad = (
        "A trace evaluates Python expressions once and bakes the values into the graph, so a global read "
        "while tracing is frozen: later calls replay the graph and never see the new value (until something "
        "else happens to retrace). The oracle shows it on TensorFlow 2.21: after the global changes, the "
        "eager function returns the new result and the tf.function the old one. The TF function guide warns "
        "about exactly this (\"Depending on Python global and free variables\"), and the study's abstract "
        "lists such API misuse among hybridization's main problems."
    )
    use_instead = (
        "Pass the value as an argument (as a tensor, so that changing it does not retrace), or keep it in a "
        "`tf.Variable` and `assign` to it."
    )
    fix_safety_doc = "No fix: the value has to move into an argument or a variable, which changes call sites."
    references = (
        "https://www.tensorflow.org/guide/function#depending_on_python_global_and_free_variables",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "threshold = 0.5\n\n"
            "def set_threshold(value):\n"
            "    global threshold\n"
            "    threshold = value\n\n"
            "@tf.function\n"
            "def mask(x):\n"
            "    return tf.cast(x > threshold, tf.float32)\n",
            flagged=[("threshold", 4)],
            name="bad-set-threshold-mask",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "scale = 2.0\n\n"
            "@tf.function\n"
            "def amplify(x):\n"
            "    return x * scale\n\n"
            "first = amplify(tf.constant(1.0))\n"
            "scale = 3.0\n",
            flagged=[("scale", 1)],
            note="rebound at module level after a call has traced it",
            name="rebound-at-module-level-after",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "threshold = tf.Variable(0.5)\n\n"
            "def set_threshold(value):\n"
            "    threshold.assign(value)\n\n"
            "@tf.function\n"
            "def mask(x):\n"
            "    return tf.cast(x > threshold, tf.float32)\n",
            note="a variable is read on every call",
            name="variable-read-every-call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "SCALE = 2.0\n\n"
            "@tf.function\n"
            "def amplify(x):\n"
            "    return x * SCALE\n",
            note="a constant that is never rebound",
            name="constant-that-never-rebound",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "batch_size = 32\n\n"
            "def main():\n"
            "    global batch_size\n"
            "    batch_size = 2\n"
            "    return steps(tf.ones([4]))\n\n"
            "@tf.function\n"
            "def steps(x):\n"
            "    return tf.size(x) // batch_size\n",
            note="configured once, in `main`, before anything is traced",
            name="configured-once-main-before-anything",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "SWAP_MEMORY = True\n"
            "STOP_GRAD = True\n\n"
            "def set_swap_memory(value: bool):\n"
            "    \"\"\"Call before building the model.\"\"\"\n"
            "    global SWAP_MEMORY\n"
            "    SWAP_MEMORY = value\n\n"
            "def set_stop_grad(value: bool):\n"
            "    global STOP_GRAD\n"
            "    STOP_GRAD = value\n\n"
            "@tf.function\n"
            "def power_iteration(w, u):\n"
            "    _, u = tf.while_loop(lambda i, u: i < 10, lambda i, u: (i + 1, tf.linalg.matvec(w, u)),\n"
            "                         (0, u), swap_memory=SWAP_MEMORY)\n"
            "    if STOP_GRAD:\n"
            "        u = tf.stop_gradient(u)\n"
            "    return u\n",
            note="module-level switches choose which graph to build: set before building, by design",
            name="module-level-build-switches",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def mask(x, threshold):\n"
            "    return tf.cast(x > threshold, tf.float32)\n",
            note="the value is an argument",
            name="value-argument",
        ),
    )

    oracle = Oracle(
        symptom=EagerMismatch(),
        note="The driver calls the function, changes the global, and calls it again.",
        runs={
            "bad-set-threshold-mask": "outputs = [mask(tf.constant([0.7])), set_threshold(0.9), mask(tf.constant([0.7]))]",
            "rebound-at-module-level-after": "outputs = [first, amplify(tf.constant(1.0))]",
            "variable-read-every-call": "outputs = [mask(tf.constant([0.7])), set_threshold(0.9), mask(tf.constant([0.7]))]",
            "constant-that-never-rebound": "outputs = amplify(tf.constant(1.0))",
            "configured-once-main-before-anything": "outputs = main()",
            "value-argument": "outputs = [mask(tf.constant([0.7]), 0.5), mask(tf.constant([0.7]), 0.9)]",
        },
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._seen: Set[Tuple[int, str]] = set()
        self._rebinds: Dict[int, Dict[str, List[Tuple[ast.AST, str]]]] = {}

    def visit_Name(self, node: ast.Name) -> None:
        ctx = self.ctx
        graph = ctx.graph
        info = ctx.function
        if graph is None or info is None or not isinstance(node.ctx, ast.Load):
            return
        name = node.id
        key = (id(info.node), name)
        if key in self._seen or not self._is_global(name, info):
            return
        rebinds = self._rebinding(graph.origin).get(name)
        if not rebinds:
            return
        if not self._python_value(name):
            return
        self._seen.add(key)
        where, how = rebinds[0]
        message = (
            f"`{name}` is a Python value read while {function_label(info)} is traced ({graph.describe()}): the "
            f"trace copies it into the graph, and after {how}, later calls still use the old value. Pass it as an "
            "argument (a tensor) or keep it in a `tf.Variable`."
        )
        related: List[Related] = list(ctx.graph_related())
        related.extend(Related(ctx.span(site), f"`{name}` is rebound here") for site, _ in rebinds[:3])
        severity = traced_severity(graph, Severity.WARNING)
        self.report(node, message, related=related, severity=severity)

    def _python_value(self, name: str) -> bool:
        """Every module-level value of `name` is a Python number, bool, string or container."""
        tensors = tensors_for(self.ctx.facts)
        values = [v for v in analysis_for(self.ctx.facts).assignments(None).get(name, []) if v is not None]
        kinds = [tensors.infer(v, None) for v in values]
        meaningful = [k for k in kinds if k.tag != NONE]
        if meaningful and all(k.kind is Kind.PY_BOOL for k in meaningful):
            # A module-level switch (`set_swap_memory(False)`): it picks which graph to build, fixed at
            # trace time by design, and a tensor or tf.Variable cannot stand in for it.
            return False
        return bool(meaningful) and all(k.kind in FROZEN_KINDS or k.tag == STRING for k in meaningful)

    def _is_global(self, name: str, info: FunctionInfo) -> bool:
        facts = self.ctx.facts
        scope: Optional[FunctionInfo] = info
        while scope is not None:
            if name in scope.globals_declared:
                break
            if name in scope.locals:
                return False
            scope = scope.parent
        if name in facts.module_functions or name in facts.module_classes or name in facts.imports:
            return False
        return name in analysis_for(facts).assignments(None)

    def _rebinding(self, origin: FunctionInfo) -> Dict[str, List[Tuple[ast.AST, str]]]:
        """name → where it is rebound while the program runs (and how, for messages)."""
        known = self._rebinds.get(id(origin))
        if known is not None:
            return known
        facts = self.ctx.facts
        an = analysis_for(facts)
        found: Dict[str, List[Tuple[ast.AST, str]]] = {}
        for info in facts.functions:
            if not info.globals_declared or info.graph is not None or an.runs_once(info):
                continue
            for node in an.scope_walk(info.node):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in info.globals_declared:
                    found.setdefault(node.id, []).append((node, f"`{info.name}` rebinds it"))
        # Module level: an assignment after a module-level call of the traced entry point.
        first_call: Optional[int] = None
        for stmt in facts.tree.body:
            if isinstance(stmt, _SCOPES):
                continue
            if first_call is None:
                for node in walk_nodes(stmt):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == origin.name:
                        first_call = stmt.lineno
                        break
                if first_call is not None and first_call == stmt.lineno:
                    continue
            if first_call is None:
                continue
            for node in _module_level_nodes(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    found.setdefault(node.id, []).append((node, "the module rebinds it after a call traced it"))
        self._rebinds[id(origin)] = found
        return found


def _module_level_nodes(stmt: ast.stmt) -> List[ast.AST]:
    """The nodes of a module-level statement that run at module level (not bodies of defs and classes)."""
    found: List[ast.AST] = []
    stack: List[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(child for child in iter_children(node) if not isinstance(child, _SCOPES))
    return found
