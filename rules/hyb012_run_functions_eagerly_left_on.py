"""HYB012 run-functions-eagerly-left-on."""

from __future__ import annotations

import ast
import re
from typing import Iterator, List, Optional

from hybridlint.edits import on_own_lines, whole_lines
from hybridlint.facts import FunctionInfo, is_main_guard
from hybridlint.oracle import Counted, Oracle
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity
from hybridlint.source import Edit

EAGER_SWITCHES = frozenset(
    {"tensorflow.config.run_functions_eagerly", "tensorflow.config.experimental_run_functions_eagerly"}
)
V1_PREFIX = "tensorflow.compat.v1."
# An attribute chain's qualname ends with its attribute: most calls are ruled out by that text alone.
_SWITCH_ATTRS = frozenset(name.rsplit(".", 1)[1] for name in EAGER_SWITCHES)
# A trailing `;` goes with the deleted call; a comment may stay behind on its line.
_REST_OF_STATEMENT_LINE = re.compile(r"^\s*;?\s*(#.*)?$")
SWITCH_KEYWORD = "run_eagerly"
# unittest and pytest hooks: code there sets up or tears down a test, never the product's path.
TEST_HOOKS = frozenset(
    {
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setUpModule",
        "tearDownModule",
        "asyncSetUp",
        "asyncTearDown",
        "setup_method",
        "teardown_method",
        "setup_class",
        "teardown_class",
        "setup_module",
        "teardown_module",
        "setup_function",
        "teardown_function",
    }
)
FIXTURE_DECORATORS = frozenset({"pytest.fixture", "pytest.yield_fixture"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def is_eager_switch(qualname: Optional[str]) -> bool:
    if qualname is None:
        return False
    if qualname.startswith(V1_PREFIX):
        qualname = "tensorflow." + qualname[len(V1_PREFIX) :]
    return qualname in EAGER_SWITCHES


# Another tf.function in the same program, whose Python body runs once per trace when graphs are on.
_ORACLE_PROBE = (
    "calls = []\n\n"
    "@tf.function\n"
    "def probe(x):\n"
    "    calls.append(1)\n"
    "    return x\n\n"
)
_ORACLE_CALL_PROBE = "del calls[:]\nfor _ in range(3):\n    probe(tf.constant(1.0))\n"


class RunFunctionsEagerlyLeftOn(Rule):
    code = "HYB012"
    name = "run-functions-eagerly-left-on"
    severity = Severity.WARNING
    preview = True
    fix_safety = FixSafety.UNSAFE
    summary = "`tf.config.run_functions_eagerly(True)` left on outside a debug flag, test or restore"

    what_it_does = (
        "Flags `tf.config.run_functions_eagerly(True)` and `tf.config.experimental_run_functions_eagerly(True)` "
        "(a literal `True` or `1`) at module level or in a function, unless the call is gated: under an "
        "`if`/`elif` whose test is not a constant (a flag, an argument, an environment variable; "
        "`if __name__ == \"__main__\":` is not a gate), in a conditional expression, an `and`/`or`, or an "
        "`except` handler. Test files (`tests/`, `test_*.py`, `*_test.py`, `conftest.py`, fixtures in `testdata/`), pytest fixtures, "
        "`setUp`/`tearDown`-style hooks and `TestCase` classes are skipped, and so is a call that the same "
        "function (or module) later undoes with another call to the switch whose argument is not a literal "
        "`True` (`False`, or a saved previous value, typically in a `finally:`). A call with a non-literal "
        "argument (`run_functions_eagerly(args.eager)`) is the recommended flag pattern and is not flagged, "
        "nor is a call in a `__main__` block or function that also stops in a debugger (`pdb.set_trace()`, "
        "`breakpoint()`): a debugging session."
    )
    why_bad = (
        "The switch turns every `tf.function` in the process into plain Python, for all code that runs "
        "after it, including library code. TensorFlow's API docs say to avoid it in production because it "
        "significantly slows execution; the TF graphs guide recommends it for debugging and says to switch "
        "it back off (`run_functions_eagerly(False)`) afterwards. In the study's labelled fix commits, "
        "*Performance* is the largest category (57 of 159), and 56 fixes have the cause *use of eager mode*, "
        "the state this switch forces on the whole program; the study's *Debuggability* fixes (4 of 159) "
        "removed decorators to debug, where its category text names `run_functions_eagerly` as the proper "
        "switch — which is only proper while it stays behind a debug flag. The eval corpus has a real "
        "module-level switch (marked `TODO RM!`) that slowed a whole package until a later commit removed it."
    )
    use_instead = (
        "Put the switch behind a debug flag (`if args.debug_eager: tf.config.run_functions_eagerly(True)`), "
        "or restore it in a `finally:` / fixture teardown."
    )
    fix_safety_doc = (
        "Unsafe: removing the call re-enables graph execution, which can expose code that only worked "
        "eagerly (see HYB006–HYB011; fix those first). The fix deletes the statement: its whole lines "
        "(with a trailing comment) when it is alone on them, just the statement when it shares a line "
        "through `;`, and it leaves `pass` when the call is the only statement of its block. No fix when "
        "the call is part of a larger expression. HYB025 also flags the `experimental_` spelling as "
        "deprecated; both findings may appear on the same call."
    )
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/config/run_functions_eagerly",
        "https://www.tensorflow.org/guide/intro_to_graphs",
        "https://www.tensorflow.org/guide/function",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "# needed while debugging the loss\n"
            "tf.config.run_functions_eagerly(True)\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    return x * 2\n",
            flagged=["tf.config.run_functions_eagerly(True)"],
            fixed="import tensorflow as tf\n\n"
            "# needed while debugging the loss\n\n"
            "@tf.function\n"
            "def train_step(x):\n"
            "    return x * 2\n",
            name="bad-train-step",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def main():\n"
            "    tf.config.experimental_run_functions_eagerly(1)  # TODO remove\n"
            "    model = tf.keras.Sequential()\n"
            "    return model\n",
            flagged=["tf.config.experimental_run_functions_eagerly(1)"],
            fixed="import tensorflow as tf\n\n"
            "def main():\n"
            "    model = tf.keras.Sequential()\n"
            "    return model\n",
            note="the experimental spelling, with 1 for True; HYB025 flags its name too",
            name="experimental-spelling-with-1-true",
        ),
        Bad(
            "from tensorflow import config\n\n"
            "def enable_debugging():\n"
            "    config.run_functions_eagerly(run_eagerly=True)\n",
            flagged=["config.run_functions_eagerly(run_eagerly=True)"],
            fixed="from tensorflow import config\n\n" "def enable_debugging():\n" "    pass\n",
            note="the only statement of its block becomes pass",
            name="only-statement-block-becomes-pass",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "if __name__ == \"__main__\":\n"
            "    tf.config.run_functions_eagerly(True); print(\"eager\")\n"
            "    tf.keras.Sequential().summary()\n",
            flagged=["tf.config.run_functions_eagerly(True)"],
            fixed="import tensorflow as tf\n\n"
            "if __name__ == \"__main__\":\n"
            "    print(\"eager\")\n"
            "    tf.keras.Sequential().summary()\n",
            note="the __main__ guard is the script's normal path, not a debug flag",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def run(step, x):\n"
            "    tf.config.run_functions_eagerly(False)\n"
            "    step(x)\n"
            "    tf.config.run_functions_eagerly(True)\n"
            "    return step(x)\n",
            flagged=["tf.config.run_functions_eagerly(True)"],
            fixed="import tensorflow as tf\n\n"
            "def run(step, x):\n"
            "    tf.config.run_functions_eagerly(False)\n"
            "    step(x)\n"
            "    return step(x)\n",
            note="a reset before the call does not undo it",
            name="reset-before-call-does-not",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def main(args):\n"
            "    if args.debug_eager:\n"
            "        tf.config.run_functions_eagerly(True)\n",
            note="behind a debug flag",
            name="behind-debug-flag",
        ),
        Good(
            "import os\n"
            "import tensorflow as tf\n\n"
            "MODE = os.environ.get(\"MODE\")\n"
            "if MODE == \"graph\":\n"
            "    pass\n"
            "elif os.environ.get(\"TF_EAGER\"):\n"
            "    tf.config.run_functions_eagerly(True)\n",
            note="an elif on the environment",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def main(args):\n"
            "    tf.config.run_functions_eagerly(args.eager)\n",
            note="a non-literal argument is the flag itself",
        ),
        Good(
            "import pytest\n"
            "import tensorflow as tf\n\n"
            "@pytest.fixture\n"
            "def eager_functions():\n"
            "    tf.config.run_functions_eagerly(True)\n"
            "    yield\n"
            "    tf.config.run_functions_eagerly(False)\n",
            note="a test fixture that restores the switch",
        ),
        Good(
            "import unittest\n"
            "import tensorflow as tf\n\n"
            "class StepTest(unittest.TestCase):\n"
            "    def setUp(self):\n"
            "        tf.config.run_functions_eagerly(True)\n\n"
            "    def tearDown(self):\n"
            "        tf.config.run_functions_eagerly(False)\n",
            note="unittest hooks",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def debug_step(step, x):\n"
            "    tf.config.run_functions_eagerly(True)\n"
            "    try:\n"
            "        return step(x)\n"
            "    finally:\n"
            "        tf.config.run_functions_eagerly(False)\n",
            note="restored in finally",
            name="restored-finally",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def debug_step(step, x):\n"
            "    previous = tf.config.functions_run_eagerly()\n"
            "    tf.config.run_functions_eagerly(True)\n"
            "    result = step(x)\n"
            "    tf.config.run_functions_eagerly(previous)\n"
            "    return result\n",
            note="restored to the saved value",
            name="restored-saved-value",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "tf.config.run_functions_eagerly(True)\n\n"
            "def test_step_values():\n"
            "    assert tf.constant(1).numpy() == 1\n",
            path="tests/test_x.py",
            note="test files may run everything eagerly",
        ),
        Good(
            "import pdb\n\n"
            "import tensorflow as tf\n\n"
            "if __name__ == \"__main__\":\n"
            "    tf.config.run_functions_eagerly(True)\n"
            "    x = tf.ones([2])\n"
            "    pdb.set_trace()\n",
            note="a script block that stops in the debugger is a debugging session: what the switch is for",
            name="main-block-debug-session",
        ),
    )

    # Real TensorFlow (tests/oracle): after the switch, every tf.function in the process runs its Python
    # body on each call; with it deleted (the fix), once per trace.
    oracle = Oracle(
        symptom=Counted("len(calls)", 2, "Python runs of another tf.function's body over 3 calls"),
        runs={
            "bad-train-step": _ORACLE_PROBE + "outputs = train_step(tf.constant(2.0))\n" + _ORACLE_CALL_PROBE,
            "experimental-spelling-with-1-true": _ORACLE_PROBE + "main()\n" + _ORACLE_CALL_PROBE,
            "only-statement-block-becomes-pass": _ORACLE_PROBE + "enable_debugging()\n" + _ORACLE_CALL_PROBE,
            "reset-before-call-does-not": _ORACLE_PROBE + "outputs = run(probe, tf.constant(2.0))\n" + _ORACLE_CALL_PROBE,
            "behind-debug-flag": _ORACLE_PROBE + "class Args:\n    debug_eager = False\n\nmain(Args())\n" + _ORACLE_CALL_PROBE,
            "restored-finally": _ORACLE_PROBE + "outputs = debug_step(probe, tf.constant(2.0))\n" + _ORACLE_CALL_PROBE,
            "restored-saved-value": _ORACLE_PROBE + "outputs = debug_step(probe, tf.constant(2.0))\n" + _ORACLE_CALL_PROBE,
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        if isinstance(node.func, ast.Attribute) and node.func.attr not in _SWITCH_ATTRS:
            return
        if not is_eager_switch(ctx.qualname(node.func)) or ctx.is_test_file:
            return
        value = _switch_argument(node)
        if value is None or not _truthy_literal(value):
            return
        if self._gated(node) or self._in_test_code() or self._undone_later(node) or self._debug_session(node):
            return
        parent = ctx.parent
        owner = ctx.ancestors[-2] if len(ctx.ancestors) >= 2 else None
        fix = None
        if isinstance(parent, ast.Expr) and parent.value is node:
            block = _block_of(parent, owner, ctx.tree)
            if block is not None:
                fix = lambda: self._delete_fix(parent, block, owner is None)  # noqa: E731
        if ctx.function is not None:
            where = f"once `{ctx.function.name}` has run"
        elif any(isinstance(a, ast.If) and is_main_guard(a.test) for a in ctx.ancestors):
            where = "whenever this module runs as a script"  # not on import: the `__main__` guard
        else:
            where = "as soon as this module is imported or run"
        switch = " ".join(ctx.source.segment(node.func).split())
        keyword = "" if node.args else SWITCH_KEYWORD + "="
        shown = f"{switch}({keyword}{ctx.source.segment(value)})"
        self.report(
            node,
            f"`{shown}` turns off graph execution for every tf.function in the process {where}; "
            "TensorFlow advises against it outside debugging because it significantly slows execution. "
            "Put it behind a debug flag, or switch it back off when done.",
            fix=fix,
        )

    # -- what makes a call harmless ------------------------------------------------------------

    def _gated(self, node: ast.Call) -> bool:
        """The call is not on the normal path: it runs only under a condition or after an error."""
        chain = self.ctx.ancestors + [node]
        for index, ancestor in enumerate(chain[:-1]):
            child = chain[index + 1]
            if isinstance(ancestor, (ast.If, ast.IfExp)):
                if child is not ancestor.test and not _constant(ancestor.test) and not is_main_guard(ancestor.test):
                    return True
            elif isinstance(ancestor, ast.BoolOp):
                if child is not ancestor.values[0]:
                    return True
            elif isinstance(ancestor, ast.ExceptHandler):
                return True
            elif type(ancestor).__name__ == "match_case":
                return True
        return False

    def _debug_session(self, node: ast.Call) -> bool:
        """The switch sits in the `__main__` block (or the function) that also stops in a debugger
        (`pdb.set_trace()`, `breakpoint()`): a debugging harness, which is what the switch is for."""
        ctx = self.ctx
        scope: Optional[ast.AST] = ctx.function.node if ctx.function is not None else next(
            (a for a in ctx.ancestors if isinstance(a, ast.If) and is_main_guard(a.test)), None
        )
        if scope is None:
            return False
        for sub in ast.walk(scope):
            if isinstance(sub, ast.Call):
                qual = ctx.qualname(sub.func) or ""
                if qual in _DEBUGGER_STOPS or (isinstance(sub.func, ast.Name) and sub.func.id == "breakpoint"):
                    return True
        return False

    def _in_test_code(self) -> bool:
        ctx = self.ctx
        scope = ctx.function
        while scope is not None:
            if scope.name in TEST_HOOKS:
                return True
            if ctx.facts.decorator_named(scope, FIXTURE_DECORATORS) is not None:
                return True
            if scope.cls is not None and any(_names_test_case(base) for base in scope.cls.node.bases):
                return True
            scope = scope.parent
        return False

    def _undone_later(self, node: ast.Call) -> bool:
        """The same function (or the module) calls the switch again afterwards with anything but a
        literal True: `False`, or the value saved before (a `finally:` restore is the usual shape)."""
        ctx = self.ctx
        scope: Optional[FunctionInfo] = ctx.function
        while scope is not None and isinstance(scope.node, ast.Lambda):
            scope = scope.parent
        body = scope.node.body if scope is not None else ctx.tree.body
        after = (node.end_lineno, node.end_col_offset)
        for call in _calls_in_scope(body):  # type: ignore[arg-type]
            if (call.lineno, call.col_offset) < after:
                continue
            if not is_eager_switch(ctx.facts.qualname(call.func, scope)):
                continue
            value = _switch_argument(call)
            if value is None or not _truthy_literal(value):
                return True
        return False

    # -- the fix -------------------------------------------------------------------------------

    def _delete_fix(self, stmt: ast.stmt, block: List[ast.stmt], at_module_level: bool) -> Optional[Fix]:
        source = self.ctx.source
        span = source.span_of(stmt)
        title = "Remove the run_functions_eagerly(True) call"
        if len(block) == 1 and not at_module_level:
            return Fix(title, (Edit(span, "pass"),), FixSafety.UNSAFE)
        if on_own_lines(source, span, _REST_OF_STATEMENT_LINE):
            return Fix(title, (Edit(whole_lines(span), ""),), FixSafety.UNSAFE)
        prefix = source.line_text(span.line)[: span.col]
        suffix = source.line_text(span.end_line)[span.end_col :]
        after_semicolon = suffix.lstrip()
        if after_semicolon.startswith(";"):
            # `call; other()` → `other()`
            skipped = len(suffix) - len(after_semicolon) + 1
            tail = suffix[skipped:]
            skipped += len(tail) - len(tail.lstrip(" \t"))
            return Fix(title, (Edit(span._replace(end_col=span.end_col + skipped), ""),), FixSafety.UNSAFE)
        before = prefix.rstrip()
        if before.endswith(";"):
            # `other(); call` → `other()`
            return Fix(title, (Edit(span._replace(col=len(before) - 1), ""),), FixSafety.UNSAFE)
        return None


# -- helpers ------------------------------------------------------------------------------------


def _switch_argument(call: ast.Call) -> Optional[ast.expr]:
    if call.args:
        return None if isinstance(call.args[0], ast.Starred) else call.args[0]
    for kw in call.keywords:
        if kw.arg == SWITCH_KEYWORD:
            return kw.value
    return None


def _truthy_literal(expr: ast.expr) -> bool:
    if not isinstance(expr, ast.Constant):
        return False
    value = expr.value
    return value is True or (type(value) is int and value != 0)


def _constant(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant)


# Calls that stop the program in a debugger.
_DEBUGGER_STOPS = frozenset({"pdb.set_trace", "ipdb.set_trace", "pudb.set_trace", "pdb.post_mortem", "pdb.run"})


def _names_test_case(base: ast.expr) -> bool:
    name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
    return name.endswith("TestCase")


def _block_of(stmt: ast.stmt, owner: Optional[ast.AST], tree: ast.Module) -> Optional[List[ast.stmt]]:
    if owner is None:
        return tree.body
    for field in ("body", "orelse", "finalbody"):
        block = getattr(owner, field, None)
        if isinstance(block, list) and any(s is stmt for s in block):
            return block
    return None


def _calls_in_scope(body: List[ast.stmt]) -> Iterator[ast.Call]:
    """Calls made by one function's (or the module's) own code, not by nested functions or classes."""
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))
