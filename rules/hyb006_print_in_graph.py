"""HYB006 print-in-graph."""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Set, Tuple

from hybridlint.edits import add_import
from hybridlint.facts import FunctionInfo
from hybridlint.oracle import Oracle, Run, SideEffects
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity
from hybridlint.source import Edit

LEVEL_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
# Modules whose level functions are Python logging (TF's own v1 logging forwards to it).
LOGGING_MODULES = ("logging", "absl.logging", "tensorflow.compat.v1.logging", "tensorflow.logging")
LOGGER_FACTORIES = frozenset({"logging.getLogger", "tensorflow.get_logger", "absl.logging.get_absl_logger"})
STREAM_WRITES = frozenset({"sys.stdout.write", "sys.stderr.write"})
TQDM_WRITE = re.compile(r"^tqdm(\.\w+)*\.tqdm\.write$")
STD_STREAMS = frozenset({"sys.stdout", "sys.stderr"})
BUILTIN_FORMATTERS = frozenset({"str", "repr", "format"})
# The TF guides print "Tracing ..." on purpose to show when a function is traced.
TRACE_MARK = "trac"
TF = "tensorflow"
TF_V1 = "tensorflow.compat.v1"  # `tf.compat.v1.print` is `tf.print`
NEW_IMPORT = "import tensorflow as tf"

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class PrintInGraph(Rule):
    code = "HYB006"
    name = "print-in-graph"
    severity = Severity.WARNING
    visits_graph_code_only = True
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE
    summary = "Python `print`/logging in traced code runs once per trace, not on every call"

    what_it_does = (
        "Flags Python output calls in code that runs as a graph (a `tf.function`, what it calls, a "
        "`tf.data` transformation, a Keras `call`/`train_step`): builtin `print`, `logging.<level>(...)` "
        "(also `absl.logging` and `tf.compat.v1.logging`), methods of loggers from `logging.getLogger(...)` "
        "or `tf.get_logger()`, `sys.stdout.write`/`sys.stderr.write` and `tqdm.write`. A call whose first "
        "argument is a literal mentioning tracing (`print(\"Tracing with\", x)`) is left alone: that is the "
        "TF guides' deliberate trace-time print. A `print` that is rebound in the module or the function "
        "(a local `def print`, `from rich import print`) is not the builtin and is not flagged; nor is code "
        "under `if tf.executing_eagerly():`, in `tf.init_scope()`, or in a `tf.py_function` target."
    )
    why_bad = (
        "A traced function's Python code runs only while TensorFlow traces it; later calls run the graph, "
        "so the print happens once (or once per retrace), not on every step, and what it prints are "
        "symbolic tensors (`Tensor(\"add:0\", shape=(), dtype=float32)`) rather than values. The TF guides "
        "list this among their main takeaways (don't rely on Python side effects such as printing; "
        "`print` runs only while tracing, `tf.print` runs every time), and Hybridize treats printing as a "
        "Python side effect that blocks hybridization (`HAS_PYTHON_SIDE_EFFECTS`). The study's abstract "
        "finds hybridization prone to API misuse (9 of its 159 labelled fix commits are categorised *API "
        "misuse*, and 4 more *Debuggability*); its fix-commit data does not count `print` separately, so "
        "this rule rests mainly on the TF guides. Misleading debug output sends users hunting for bugs that "
        "are not there, or hides a NaN that `tf.print` would have shown."
    )
    use_instead = (
        "`tf.print(...)`, which becomes an op in the graph and prints tensor values on every call "
        "(`output_stream=sys.stderr` replaces `file=`). Keep a deliberate trace-time message, say so in "
        "the text (\"Tracing ...\") or add `# noqa: HYB006`."
    )
    fix_safety_doc = (
        "Unsafe, by definition: the output changes on purpose (it appears on every call, with tensor "
        "values, in `tf.print`'s format). `print(a, b, sep=s, end=e)` becomes `tf.print(a, b, sep=s, "
        "end=e)` and `file=sys.stderr`/`sys.stdout` becomes `output_stream=...`. An f-string made only of "
        "text and plain `{name}` fields becomes `tf.print(\"text\", name, sep=\"\")`. Not offered with "
        "`flush=`, any other `file=`, `*args`/`**kwargs`, or when an argument formats a value into a string "
        "(format specs, `%`, `.format`, `str(x)`), since that would print the symbolic tensor again. When "
        "no name in the module is bound to TensorFlow (only `from tensorflow import function`), the fix "
        "also adds `import tensorflow as tf` after the imports above the function, unless `tf` is already "
        "bound to something else. Logging and stream writes are flagged without a fix."
    )
    references = (
        "https://www.tensorflow.org/guide/intro_to_graphs",
        "https://www.tensorflow.org/guide/function",
        "https://www.tensorflow.org/api_docs/python/tf/print",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    loss = tf.reduce_sum(x)\n"
            "    print(\"loss\", loss)\n"
            "    return loss\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    loss = tf.reduce_sum(x)\n"
            "    tf.print(\"loss\", loss)\n"
            "    return loss\n",
        ),
        Bad(
            "import sys\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"x =\", x, sep=\"\", end=\";\\n\", file=sys.stderr)  # debugging\n"
            "    return x\n",
            flagged=["print"],
            fixed="import sys\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"x =\", x, sep=\"\", end=\";\\n\", output_stream=sys.stderr)  # debugging\n"
            "    return x\n",
            note="sep/end are kept, file=sys.stderr becomes output_stream",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x, step_id):\n"
            "    print(f\"step {step_id}: x={x}\")\n"
            "    return x\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x, step_id):\n"
            "    tf.print(\"step \", step_id, \": x=\", x, sep=\"\")\n"
            "    return x\n",
            note="an f-string of plain {name} fields is split into tf.print arguments",
        ),
        Bad(
            "from tensorflow import function\n"
            "import numpy as np\n\n"
            "@function\n"
            "def scale(x):\n"
            "    print(x)\n"
            "    return x * 2\n",
            flagged=["print"],
            fixed="from tensorflow import function\n"
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@function\n"
            "def scale(x):\n"
            "    tf.print(x)\n"
            "    return x * 2\n",
            note="no name is bound to tensorflow: the fix imports it",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def log_loss(loss):\n"
            "    print(\"loss\", loss)\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    loss = tf.reduce_mean(x)\n"
            "    log_loss(loss)\n"
            "    return loss\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "def log_loss(loss):\n"
            "    tf.print(\"loss\", loss)\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    loss = tf.reduce_mean(x)\n"
            "    log_loss(loss)\n"
            "    return loss\n",
            note="a helper called from a tf.function is traced with it",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        print(\"inputs\", inputs)\n"
            "        return inputs\n",
            flagged=["print"],
            fixed="import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def call(self, inputs):\n"
            "        tf.print(\"inputs\", inputs)\n"
            "        return inputs\n",
            note="Keras traces call() unless run_eagerly is set: reported at info severity",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(f\"loss {tf.reduce_sum(x):.3f}\", flush=True)\n"
            "    print(\"mean %s\" % tf.reduce_mean(x))\n"
            "    return x\n",
            flagged=[("print", 0), ("print", 1)],
            note="no fix: flush=, and tensors formatted into strings",
        ),
        Bad(
            "import logging\n"
            "import sys\n"
            "import tensorflow as tf\n"
            "from tqdm import tqdm\n\n"
            "logger = logging.getLogger(__name__)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    log = tf.get_logger()\n"
            "    logging.info(\"x: %s\", x)\n"
            "    logger.warning(\"x is %s\", x)\n"
            "    log.debug(\"x is %s\", x)\n"
            "    sys.stdout.write(\"step\\n\")\n"
            "    tqdm.write(\"step\")\n"
            "    return x\n",
            flagged=["logging.info", "logger.warning", "log.debug", "sys.stdout.write", "tqdm.write"],
            note="logging, loggers (module level or local), stream writes: flagged without a fix",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"Tracing with\", x)\n"
            "    print(f\"Retracing for shape {x.shape}\")\n"
            "    return x * 2\n",
            note="deliberate trace-time print (the TF guides' idiom)",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def report(x):\n"
            "    print(\"value\", x)\n\n"
            "report(tf.constant(1.0))\n",
            note="print outside graph code",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    tf.print(\"loss\", x)\n"
            "    return x\n"
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def show(x):\n"
            "    print(x.numpy())\n"
            "    return x\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return tf.py_function(show, [x], tf.float32)\n",
            note="a tf.py_function target runs eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    if tf.executing_eagerly():\n"
            "        print(\"value\", x)\n"
            "    return x\n",
            note="only runs when tf.function is switched to eager",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def print(*values):\n"
            "    tf.print(*values)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    print(\"x\", x)\n"
            "    return x\n",
            note="a module function named print is not the builtin",
        ),
        Good(
            "import tensorflow as tf\n"
            "from rich import print as rprint\n\n"
            "@tf.function\n"
            "def step(x, print=rprint):\n"
            "    print(\"x\", x)\n"
            "    return x\n",
            note="a parameter named print is not the builtin",
        ),
        Good(
            "import tensorflow as tf\n"
            "from mylib import Recorder\n\n"
            "logger = Recorder()\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    logger.info(\"x\", x)\n"
            "    return x\n",
            note="an object that is not a logging logger",
        ),
        Bad(
            "def log_metrics(loss):\n"
            "    print(\"loss:\", loss)\n",
            flagged=["print"],
            path="pkg/metrics.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.metrics import log_metrics\n\n\n@tf.function\n"
                    "def train_step(x):\n    loss = tf.reduce_sum(x)\n    log_metrics(loss)\n    return loss\n",
                ),
            ),
            note="a helper module without TensorFlow, called from a tf.function in another module",
        ),
        Good(
            "def log_metrics(loss):\n"
            "    print(\"loss:\", loss)\n",
            path="pkg/metrics.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\nfrom pkg.metrics import log_metrics\n\n\n@tf.function\n"
                    "def train_step(x):\n    return tf.reduce_sum(x)\n\n\n"
                    "def train(dataset):\n    for x in dataset:\n        log_metrics(train_step(x))\n",
                ),
            ),
            note="the helper is called eagerly, with the tf.function's result",
        ),
    )

    # Real TensorFlow (tests/oracle): over 3 calls `print` writes once (at the trace), eagerly 3 times;
    # `tf.print` writes on every call.
    oracle = Oracle(
        symptom=SideEffects(marker="loss"),
        runs={
            0: "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            1: Run("outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]", symptom=SideEffects(marker="x =")),
            2: Run(
                "outputs = [step(tf.constant([1.0]), tf.constant(i)) for i in range(3)]",
                symptom=SideEffects(marker="step "),
            ),
            3: Run(
                "outputs = [scale(tf.constant([7.25])) for _ in range(3)]",
                symptom=SideEffects(marker="7.25", what="printed values"),
            ),
            4: "outputs = [train_step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            5: Run(
                "layer = Block()\nforward = tf.function(lambda t: layer(t))\n"
                "outputs = [forward(tf.constant([1.0])) for _ in range(3)]",
                symptom=SideEffects(marker="inputs"),
            ),
            10: "outputs = [step(tf.constant([1.0, 2.0])) for _ in range(3)]",
            11: Run(
                "outputs = [step(tf.constant([7.25])) for _ in range(3)]",
                symptom=SideEffects(marker="7.25", what="printed values"),
            ),
        },
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self._module_names: Optional[Set[str]] = None
        self._module_loggers: Optional[Set[str]] = None
        self._local_loggers: Dict[int, Set[str]] = {}
        self._class_loggers: Dict[int, Set[str]] = {}

    # -- detection -------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        kind = self._kind(node)
        if kind is None:
            return
        message_arg = _message_argument(node, kind)
        if message_arg is not None:
            text = _literal_text(message_arg)
            if text is not None and TRACE_MARK in text.lower():
                return
        fn = ctx.function
        who = "this lambda" if fn is None or fn.name == "<lambda>" else f"`{fn.name}`"
        why = graph.describe()
        if kind == "print":
            message = (
                f"`print` runs only while {who} is traced ({why}), not on every call, and it prints "
                "symbolic tensors instead of their values; use `tf.print` to print at run time."
            )
            # Fixes are built later, after the walk has moved on: capture where we are now.
            scope, top = fn, (ctx.ancestors[0] if ctx.ancestors else None)
            fix = lambda: self._print_fix(node, scope, top)  # noqa: E731
        else:
            label = _display_name(ctx.source.segment(node.func))
            message = (
                f"`{label}` runs only while {who} is traced ({why}), not on every call, and it shows "
                "symbolic tensors instead of their values; use `tf.print` (with `output_stream=`) or "
                "log outside the traced code."
            )
            fix = None
        self.report(
            node.func,
            message,
            fix=fix,
            related=ctx.graph_related(),
            severity=Severity.WARNING if graph.confident else Severity.INFO,
        )

    def _kind(self, call: ast.Call) -> Optional[str]:
        """What kind of output call this is: "print" (the builtin), "log" (logging, stream writes)."""
        ctx = self.ctx
        func = call.func
        if isinstance(func, ast.Name) and func.id == "print":
            return "print" if self._is_builtin(func.id, ctx.function) else None
        qual = ctx.qualname(func)
        if qual is not None:
            if qual in STREAM_WRITES or TQDM_WRITE.match(qual):
                return "log"
            module, _, attr = qual.rpartition(".")
            if attr in LEVEL_METHODS and module in LOGGING_MODULES:
                return "log"
        if isinstance(func, ast.Attribute) and func.attr in LEVEL_METHODS and self._is_logger(func.value):
            return "log"
        return None

    def _is_builtin(self, name: str, scope: Optional[FunctionInfo]) -> bool:
        ctx = self.ctx
        while scope is not None:
            if name in scope.locals and name not in scope.globals_declared:
                return scope.locals[name] == "builtins." + name
            scope = scope.parent
        if name in ctx.facts.imports:
            return ctx.facts.imports[name] == "builtins." + name
        return name not in self._module_bindings()

    def _is_logger(self, receiver: ast.expr) -> bool:
        ctx = self.ctx
        if isinstance(receiver, ast.Call):
            return ctx.qualname(receiver.func) in LOGGER_FACTORIES
        if isinstance(receiver, ast.Name):
            scope = ctx.function
            while scope is not None:
                if receiver.id in scope.locals and receiver.id not in scope.globals_declared:
                    return receiver.id in self._loggers_of_function(scope)
                scope = scope.parent
            if ctx.facts.imports.get(receiver.id) is not None:
                return False
            return receiver.id in self._loggers_of_module()
        if (
            isinstance(receiver, ast.Attribute)
            and isinstance(receiver.value, ast.Name)
            and receiver.value.id == "self"
        ):
            cls = ctx.facts.enclosing_class(ctx.function)
            return cls is not None and receiver.attr in self._loggers_of_class(cls)
        return False

    # -- bindings, computed on first need ----------------------------------------------------

    def _module_bindings(self) -> Set[str]:
        if self._module_names is None:
            self._module_names = _bound_names(self.ctx.tree.body)
        return self._module_names

    def _loggers_of_module(self) -> Set[str]:
        if self._module_loggers is None:
            self._module_loggers = {
                target
                for assign in _assignments(self.ctx.tree.body)
                if self._is_logger_factory(assign.value, None)
                for target in _name_targets(assign)
            }
        return self._module_loggers

    def _loggers_of_function(self, scope: FunctionInfo) -> Set[str]:
        found = self._local_loggers.get(id(scope))
        if found is None:
            body = scope.node.body if isinstance(scope.node.body, list) else []
            found = {
                target
                for assign in _assignments(body)
                if self._is_logger_factory(assign.value, scope)
                for target in _name_targets(assign)
            }
            self._local_loggers[id(scope)] = found
        return found

    def _loggers_of_class(self, cls) -> Set[str]:
        found = self._class_loggers.get(id(cls))
        if found is None:
            found = set()
            for method in cls.methods.values():
                for assign in _assignments(method.node.body):
                    if not self._is_logger_factory(assign.value, method):
                        continue
                    for target in _targets(assign):
                        if (
                            isinstance(target, ast.Attribute)
                            and isinstance(target.value, ast.Name)
                            and target.value.id == "self"
                        ):
                            found.add(target.attr)
            self._class_loggers[id(cls)] = found
        return found

    def _is_logger_factory(self, value: Optional[ast.expr], scope: Optional[FunctionInfo]) -> bool:
        return isinstance(value, ast.Call) and self.ctx.facts.qualname(value.func, scope) in LOGGER_FACTORIES

    # -- the fix -------------------------------------------------------------------------------

    def _print_fix(self, call: ast.Call, scope: Optional[FunctionInfo], top: Optional[ast.AST]) -> Optional[Fix]:
        ctx = self.ctx
        edits: List[Edit] = []
        has_sep = False
        for kw in call.keywords:
            if kw.arg is None:
                return None
            if kw.arg == "sep":
                has_sep = True
            elif kw.arg == "file":
                if ctx.facts.qualname(kw.value, scope) not in STD_STREAMS:
                    return None
                start = ctx.span(kw)
                edits.append(Edit(start._replace(end_line=start.line, end_col=start.col + 4), "output_stream"))
            elif kw.arg != "end":
                return None  # flush= has no tf.print equivalent; unknown keywords would raise
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                return None
            if not self._formats_into_string(arg, scope):
                continue
            if len(call.args) == 1 and not has_sep and _plain_fstring(arg):
                edits.append(Edit(ctx.span(arg), self._split_fstring(arg)))
                continue
            return None
        alias, import_edit = self._tf_name(scope, top)
        if alias is None:
            return None
        edits.append(Edit(ctx.span(call.func), f"{alias}.print"))
        if import_edit is not None:
            edits.append(import_edit)
        return Fix("Use tf.print", tuple(edits), FixSafety.UNSAFE)

    def _formats_into_string(self, arg: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        for node in ast.walk(arg):
            if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
                return True
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_string(node.left):
                return True
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "format":
                    return True
                if isinstance(func, ast.Name) and func.id in BUILTIN_FORMATTERS and self._is_builtin(func.id, scope):
                    return True
        return False

    def _split_fstring(self, arg: ast.JoinedStr) -> str:
        quote = _quote_char(self.ctx.source.segment(arg))
        pieces = []
        for value in arg.values:
            if isinstance(value, ast.Constant):
                if value.value:
                    pieces.append(_string_literal(value.value, quote))
            else:
                pieces.append(value.value.id)  # type: ignore[attr-defined]
        text = ", ".join(pieces)
        if len(pieces) > 1:
            text += f", sep={quote}{quote}"
        return text

    def _tf_name(
        self, scope: Optional[FunctionInfo], top: Optional[ast.AST]
    ) -> Tuple[Optional[str], Optional[Edit]]:
        """The name to spell `tf.print` with here, and the import to add when there is none."""
        ctx = self.ctx
        candidates = ["tf"]
        alias = ctx.facts.tf_module_alias()
        if alias is not None:
            candidates.append(alias)
        candidates.extend(name for name, qual in ctx.facts.imports.items() if qual == TF_V1)
        for name in candidates:
            if ctx.facts.qualname(ast.Name(id=name, ctx=ast.Load()), scope) in (TF, TF_V1):
                return name, None
        if not self._is_unbound("tf", scope):
            return None, None
        # After the last top-level import above the statement being fixed, so the name exists before any
        # code that could run the function.
        edit = add_import(ctx.source, ctx.tree, NEW_IMPORT, before=top)
        return ("tf", edit) if edit is not None else (None, None)

    def _is_unbound(self, name: str, scope: Optional[FunctionInfo]) -> bool:
        ctx = self.ctx
        while scope is not None:
            if name in scope.locals:
                return False
            scope = scope.parent
        return name not in ctx.facts.imports and name not in self._module_bindings()


# -- helpers ------------------------------------------------------------------------------------


def _message_argument(call: ast.Call, kind: str) -> Optional[ast.expr]:
    args = call.args
    if kind == "log" and isinstance(call.func, ast.Attribute) and call.func.attr == "log":
        return args[1] if len(args) > 1 else None  # log(level, msg, ...)
    return args[0] if args else None


def _literal_text(expr: ast.expr) -> Optional[str]:
    """The literal text of a message argument: a string, the text parts of an f-string, or the
    literal being formatted (`"..." % x`, `"...".format(x)`, `"..." + x`)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        return "".join(v.value for v in expr.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Mod, ast.Add)):
        return _literal_text(expr.left)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
        return _literal_text(expr.func.value)
    return None


def _is_string(expr: ast.expr) -> bool:
    return isinstance(expr, ast.JoinedStr) or (isinstance(expr, ast.Constant) and isinstance(expr.value, str))


def _plain_fstring(expr: ast.expr) -> bool:
    """An f-string of literal text and bare `{name}` fields (no conversion, no format spec)."""
    if not isinstance(expr, ast.JoinedStr):
        return False
    for value in expr.values:
        if isinstance(value, ast.Constant):
            continue
        if not (
            isinstance(value, ast.FormattedValue)
            and isinstance(value.value, ast.Name)
            and value.conversion == -1
            and value.format_spec is None
        ):
            return False
    return True


def _quote_char(literal_source: str) -> str:
    for ch in literal_source:
        if ch in "\"'":
            return ch
    return '"'


def _string_literal(text: str, quote: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + quote)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable():
            out.append(repr(ch)[1:-1])
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def _display_name(func_source: str) -> str:
    flat = " ".join(func_source.split())
    return flat if len(flat) <= 40 else flat.rsplit(".", 1)[-1]


def _statements(body: List[ast.stmt]):
    """Statements of one scope, descending into blocks but not into nested functions or classes."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(stmt, field, None)
            if isinstance(block, list):
                stack.extend(reversed([s for s in block if isinstance(s, ast.AST)]))


def _assignments(body: List[ast.stmt]):
    for stmt in _statements(body):
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            yield stmt


def _targets(assign) -> List[ast.expr]:
    return list(assign.targets) if isinstance(assign, ast.Assign) else [assign.target]


def _name_targets(assign) -> List[str]:
    return [t.id for t in _targets(assign) if isinstance(t, ast.Name)]


def _bound_names(body: List[ast.stmt]) -> Set[str]:
    """Every name a module binds at its top level (assignments, imports, defs, loop targets...)."""
    names: Set[str] = set()
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
            continue
        if isinstance(node, (ast.Lambda,) + _COMPREHENSIONS):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        stack.extend(ast.iter_child_nodes(node))
    return names
