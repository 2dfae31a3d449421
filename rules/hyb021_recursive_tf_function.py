"""HYB021 recursive-tf-function."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set

from hybridlint.analysis import analysis_for
from hybridlint.facts import CallSite, FunctionInfo
from hybridlint.oracle import Oracle, Raises
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.tensors import autograph_enabled, tensors_for

# TensorFlow control flow that traces every branch or body it is given.
TRACING_COMBINATORS = frozenset(
    "tensorflow." + n
    for n in "cond case switch_case while_loop map_fn scan foldl foldr vectorized_map compat.v1.cond".split()
)


class RecursiveTfFunction(Rule):
    code = "HYB021"
    name = "recursive-tf-function"
    severity = Severity.ERROR
    preview = True
    summary = "A tf.function that calls itself, directly or through other functions"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Finds call cycles among this file's functions (direct recursion, `self.m` or `Cls.m(self, ...)` calling "
        "itself, mutual recursion, functions passed to `tf.cond` and friends) that run as a graph. A call of "
        "the parent's method (`super().m(...)`, `Base.m(self, ...)`, or `cls.m(self, ...)` where `cls` is a "
        "class factory's parameter) is a call of another function, not recursion. A tf.function that calls "
        "itself is an error; a cycle that passes through a tf.function otherwise is a warning, except when "
        "that tf.function is defined inside a member of the cycle (a fresh object per call: the idiom of "
        "re-entering once under `jit_compile` with a Python switch). Plain Python "
        "recursion in traced helpers is left alone when it follows Python values (it simply unrolls while "
        "tracing), and reported as a warning when the recursive call sits under a tensor condition or in a "
        "branch handed to `tf.cond`/`tf.while_loop`, because those trace every branch. A recursive call "
        "inside `if flag:` (`not flag`, `flag is None`, `flag == 'x'`) on a parameter of the function it "
        "re-enters, that passes for that parameter a literal taking the other branch (directly, or by "
        "`kwargs['flag'] = False` before `f(**kwargs)`), re-enters once and stops: it does not count as "
        "an edge of the cycle. Nor does a self-call inside `if isinstance(p, (list, tuple)):` (or "
        "`type(p) is tuple`, Python container types only) that passes for `p` a piece of it (an element "
        "of a comprehension over `p`, `p[...]`): it walks down a Python structure, which stays a Python "
        "structure while tracing, and stops at its leaves. A call `self.m(...)` of an `@abstractmethod` "
        "of an abstract class (`abc.ABC`, `metaclass=ABCMeta`, or a base this file does not define, "
        "other than TensorFlow's) "
        "runs a subclass's override, not the abstract body, so it is not an edge either (`super().m()` "
        "is)."
    )
    why_bad = (
        "The TF guide states that recursive tf.functions are not supported. Tracing runs the Python body: a "
        "recursion that depends on a tensor (a converted `if n > 0:` or a `tf.cond` branch) is traced on both "
        "branches and never reaches its base case, ending in `RecursionError` (TensorFlow 2.21 reports a "
        "`StagingError: maximum recursion depth exceeded`, as the oracle shows); a recursion on Python values "
        "traces a new concrete function for every depth. Hybridize treats recursion as a precondition failure "
        "(`IS_RECURSIVE`). The study's labelled fixes do not isolate recursion; it is part of the "
        "execution-mode incompatibility the abstract reports."
    )
    use_instead = (
        "A loop: `tf.while_loop`, or a `for i in tf.range(n):` / `while` on tensors that AutoGraph converts, "
        "carrying the state in tensors (or a `tf.TensorArray`)."
    )
    fix_safety_doc = "No fix: turning recursion into a loop needs a person."
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://github.com/ponder-lab/Hybridize-Functions-Refactoring",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def fact(n):\n"
            "    return 1 if n <= 1 else n * fact(n - 1)\n",
            flagged=["fact(n - 1)"],
            name="bad-fact",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Tree(tf.Module):\n"
            "    @tf.function\n"
            "    def depth(self, x):\n"
            "        return tf.cond(x > 0, lambda: 1 + self.depth(x - 1), lambda: 0)\n",
            flagged=["self.depth(x - 1)"],
            note="through a `tf.cond` branch of the method itself: still an error",
            name="through-tf-cond-branch-method",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def is_even(n):\n"
            "    return True if n == 0 else is_odd(n - 1)\n\n"
            "def is_odd(n):\n"
            "    return False if n == 0 else is_even(n - 1)\n",
            flagged=["is_even(n - 1)"],
            note="mutual recursion through the tf.function: a warning",
            name="mutual-recursion-through-tf-function",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def countdown(x):\n"
            "    if tf.reduce_sum(x) > 0:\n"
            "        return countdown(x - 1)\n"
            "    return x\n\n"
            "@tf.function\n"
            "def run(x):\n"
            "    return countdown(x)\n",
            flagged=["countdown(x - 1)"],
            note="Python recursion under a tensor condition never ends while tracing",
            name="python-recursion-under-tensor-condition",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def fact(n):\n"
            "    acc = tf.constant(1, n.dtype)\n"
            "    for i in tf.range(2, n + 1):\n"
            "        acc *= i\n"
            "    return acc\n",
            name="good-fact",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def flatten(structure):\n"
            "    if isinstance(structure, (list, tuple)):\n"
            "        return [y for x in structure for y in flatten(x)]\n"
            "    return [structure]\n\n"
            "@tf.function\n"
            "def total(xs):\n"
            "    return tf.add_n(flatten(xs))\n",
            note="recursion over a Python structure unrolls while tracing",
            name="recursion-over-python-structure-unrolls",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def minimize(loss_fn, jit=False):\n"
            "    if jit:\n"
            "        @tf.function(jit_compile=True)\n"
            "        def run():\n"
            "            return minimize(loss_fn, jit=False)\n"
            "        return run()\n"
            "    return loss_fn()\n",
            note="re-entering once under a fresh, nested tf.function with a Python switch",
            name="re-entering-once-under-fresh",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def total(x, compiled=True):\n"
            "    if compiled:\n"
            "        options = dict(x=x, compiled=True)\n"
            "        options['compiled'] = False\n"
            "        return total(**options)\n"
            "    return tf.reduce_sum(x)\n",
            note="re-entering once with the flag its branch tests set the other way",
            name="re-entering-once-with-flag",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def descend(x, exact=True):\n"
            "    if exact:\n"
            "        return descend(x - 1, exact=True)\n"
            "    return x\n",
            flagged=["descend(x - 1, exact=True)"],
            note="near-miss: the recursive call passes the same flag, so it never stops",
        ),
        Good(
            "def fact(n):\n"
            "    return 1 if n <= 1 else n * fact(n - 1)\n\n"
            "import tensorflow as tf\n",
            note="not traced",
        ),
        Good(
            "import tensorflow as tf\n"
            "from tensorflow.python.util import nest\n\n"
            "def prune(narrow, wide):\n"
            "    if nest.is_nested(narrow):\n"
            "        return [prune(n, w) for n, w in zip(narrow, wide)]\n"
            "    return wide\n\n"
            "@tf.function\n"
            "def step(spec, values):\n"
            "    return prune(spec, values)\n",
            note="recursion under a test from TensorFlow's internal `nest` utilities, a Python bool",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def make_clipped(cls):\n"
            "    class Clipped(cls):\n"
            "        def get_gradients(self, loss, params):\n"
            "            def one(example_loss):\n"
            "                grads = cls.get_gradients(self, example_loss, params)\n"
            "                return [tf.clip_by_norm(g, 1.0) for g in grads]\n"
            "            return tf.vectorized_map(one, loss)\n"
            "    return Clipped\n",
            note="`cls` is the class factory's parameter, the parent class: a call of the parent's method",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Scale(tf.keras.layers.Layer):\n"
            "    def call(self, inputs, factor=2.0):\n"
            "        return inputs * factor\n\n"
            "class ScaleTwice(Scale):\n"
            "    def call(self, inputs, factor=2.0):\n"
            "        once = Scale.call(self, inputs, factor)\n"
            "        return super().call(once, factor)\n",
            note="explicit parent calls, `Base.call(self, ...)` and `super().call(...)`, are not recursion",
            name="explicit-parent-calls-base-call",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Tree(tf.Module):\n"
            "    @tf.function\n"
            "    def depth(self, x):\n"
            "        return tf.cond(x > 0, lambda: 1 + Tree.depth(self, x - 1), lambda: 0)\n",
            flagged=["Tree.depth(self, x - 1)"],
            note="the method calls itself through its own class",
            name="method-calls-itself-through-own",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def take(inputs, i):\n"
            "    if type(inputs) is tuple:\n"
            "        return tuple(take(x, i) for x in inputs)\n"
            "    return inputs[:, i]\n",
            note="a self-call under a Python type test of the argument it recurses into, passing its elements: "
            "it walks down a Python structure and stops at the tensors",
            name="self-call-over-python-structure",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def total(xs, n):\n"
            "    if isinstance(xs, (list, tuple)):\n"
            "        return [total(x, n) for x in xs]\n"
            "    return xs if n <= 0 else total(xs, n - 1)\n",
            flagged=["total(xs, n - 1)"],
            note="the structure walk is fine, but the other self-call recurses under a tensor condition",
            name="structure-walk-and-tensor-recursion",
        ),
        Good(
            "import abc\n"
            "import tensorflow as tf\n\n"
            "class Integrator(abc.ABC):\n"
            "    @abc.abstractmethod\n"
            "    def run_event(self, integrand):\n"
            "        return self.event()\n\n"
            "    def compile(self, integrand):\n"
            "        def batch():\n"
            "            return self.run_event(integrand)\n"
            "        self.event = tf.function(batch)\n\n"
            "class Plain(Integrator):\n"
            "    def run_event(self, integrand):\n"
            "        return integrand(tf.ones([3]))\n",
            note="`self.run_event` of an abstract method runs a subclass's override, never the abstract body",
            name="abstract-method-body-not-called",
        ),
        Bad(
            "import abc\n"
            "import tensorflow as tf\n\n"
            "class Integrator:\n"
            "    @abc.abstractmethod\n"
            "    def run_event(self, integrand):\n"
            "        return self.event()\n\n"
            "    def compile(self, integrand):\n"
            "        def batch():\n"
            "            return self.run_event(integrand)\n"
            "        self.event = tf.function(batch)\n",
            flagged=["self.event()"],
            note="near-miss: without `abc.ABC` the decorator is not enforced, and `Integrator` itself can run "
            "its body",
            name="abstractmethod-without-abc",
        ),
    )

    oracle = Oracle(
        symptom=Raises("StagingError", "maximum recursion depth exceeded"),
        runs={
            "bad-fact": "outputs = fact(tf.constant(3))",
            "through-tf-cond-branch-method": "tree = Tree()\noutputs = tree.depth(tf.constant(2))",
            "mutual-recursion-through-tf-function": "outputs = is_even(tf.constant(2))",
            "python-recursion-under-tensor-condition": "outputs = run(tf.constant(2.0))",
            "good-fact": "outputs = fact(tf.constant(4))",
            "recursion-over-python-structure-unrolls": "outputs = total([tf.constant(1.0), [tf.constant(2.0)]])",
            "re-entering-once-under-fresh": "outputs = minimize(lambda: tf.constant(3.0), jit=True)",
            "re-entering-once-with-flag": "outputs = total(tf.constant([1.0, 2.0]))",
            "explicit-parent-calls-base-call": "layer = ScaleTwice()\noutputs = layer(tf.ones([2]))",
            "self-call-over-python-structure": "outputs = take((tf.ones([2, 3]), (tf.zeros([2, 3]),)), 1)",
            "structure-walk-and-tensor-recursion": "outputs = total([tf.constant(1.0)], tf.constant(2))",
            "abstract-method-body-not-called": "p = Plain()\np.compile(lambda x: x * 2.0)\noutputs = p.event()",
            "method-calls-itself-through-own": "tree = Tree()\noutputs = tree.depth(tf.constant(2))",
        },
    )

    def finish(self) -> None:
        facts = self.ctx.facts
        for component in _cycles(facts.functions):
            members = {id(f) for f in component}
            if not any(f.graph is not None for f in component):
                continue
            edges = [
                site
                for f in component
                for site in f.calls
                if id(site.target) in members and not site.eager
            ]
            # A recursive call that flips the flag its own branch tests re-enters once, through the
            # other branch, and stops: drop those edges, and the component when no cycle is left.
            edges = [site for site in edges if not self._flag_flipped(site)]
            # A self-call under a Python type test of the argument it recurses into, passing a piece of
            # it, walks down a Python structure and stops at its leaves.
            edges = [site for site in edges if not self._structure_recursion(site)]
            # `self.m(...)` of an abstract method dispatches to a subclass's override: its body is not run.
            edges = [site for site in edges if not self._abstract_dispatch(site)]
            if not _has_cycle(edges):
                continue
            through_tf = [
                s
                for s in edges
                if s.wrapper is not None
                and s.caller is not None
                and s.caller.graph is not None
                # A tf.function defined inside a member of the cycle is a new object on every call (the
                # "re-enter under jit" idiom): only a call from within itself recurses into the same one.
                and (s.caller.within(s.target) or not _nested_in(s.target, members))
            ]
            if through_tf:
                for site in through_tf:
                    self._report_tf(site, edges)
            else:
                for site in edges:
                    if site.caller is not None and site.caller.graph is not None:
                        guard = self._tensor_guarded(site)
                        if guard:
                            self._report_guarded(site, edges, preview=guard == _WEAK)

    def _flag_flipped(self, site: CallSite) -> bool:
        """The call sits in a branch of `if flag:` (`not flag`, `flag is None`, `flag == 'x'`) on a
        parameter of the function it re-enters, and passes for that parameter a literal (directly, or
        through `kwargs['flag'] = literal` before `f(**kwargs)`) that takes the other branch. Only plain
        literals and parameters never reassigned before the test count."""
        target, caller = site.target, site.caller
        if site.is_reference or caller is None or not caller.within(target):
            return False
        if isinstance(target.node, ast.Lambda):
            return False
        an = analysis_for(self.ctx.facts)
        params = {a.arg for a in target.node.args.posonlyargs + target.node.args.args + target.node.args.kwonlyargs}
        for child, parent in an.climb(site.node, target.node):
            if not isinstance(parent, ast.If) or child is parent.test:
                continue
            in_body = any(child is stmt for stmt in parent.body)
            name = _tested_parameter(parent.test)
            if name is None or name not in params:
                continue
            passed = self._passed_literal(site, name, target, an)
            if passed is _UNKNOWN:
                continue
            outcome = _evaluate(parent.test, passed)
            if outcome is not None and outcome != in_body:
                return True
        return False

    def _structure_recursion(self, site: CallSite) -> bool:
        """The call re-enters the function it sits in, inside the body of `if isinstance(p, (list, tuple)):`
        (`type(p) is tuple`, `type(p) in (list, tuple)`) on one of its parameters, and passes for `p` an
        element of `p` (a comprehension or loop variable over `p`, `zip(p, ...)`, `enumerate(p)`,
        `p.values()`, or `p[...]`): a Python container while tracing, whose pieces are smaller, so the
        recursion unrolls and reaches the leaves."""
        target, caller = site.target, site.caller
        if site.is_reference or caller is None or not caller.within(target) or isinstance(target.node, ast.Lambda):
            return False
        an = analysis_for(self.ctx.facts)
        params = {a.arg for a in target.node.args.posonlyargs + target.node.args.args + target.node.args.kwonlyargs}
        passed = dict(
            (param, expr)
            for param, expr in an.map_arguments(site.node, target, an.bound_call(site.node, target))
            if param is not None
        )
        for child, parent in an.climb(site.node, target.node):
            if not isinstance(parent, (ast.If, ast.IfExp)) or child is parent.test:
                continue
            in_body = any(child is stmt for stmt in parent.body) if isinstance(parent, ast.If) else child is parent.body
            name = self._container_test(parent.test, caller)
            if in_body and name in params and name in passed and _piece_of(passed[name], name, site.node, an):
                return True
        return False

    def _container_test(self, test: ast.expr, scope: FunctionInfo) -> Optional[str]:
        """`p` of `isinstance(p, C)`, `type(p) is C`, `type(p) == C` or `type(p) in (C, ...)` where every C
        is a Python container type."""
        an = analysis_for(self.ctx.facts)

        def containers(expr: ast.expr) -> bool:
            items = expr.elts if isinstance(expr, ast.Tuple) else [expr]
            return bool(items) and all(
                isinstance(i, ast.Name) and i.id in PYTHON_CONTAINERS and an.is_builtin(i.id, scope) for i in items
            )

        if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance":
            if len(test.args) == 2 and not test.keywords and isinstance(test.args[0], ast.Name):
                if an.is_builtin("isinstance", scope) and containers(test.args[1]):
                    return test.args[0].id
            return None
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            left, op, right = test.left, test.ops[0], test.comparators[0]
            if not (
                isinstance(left, ast.Call)
                and isinstance(left.func, ast.Name)
                and left.func.id == "type"
                and len(left.args) == 1
                and isinstance(left.args[0], ast.Name)
                and an.is_builtin("type", scope)
            ):
                return None
            if isinstance(op, (ast.Is, ast.Eq)) and containers(right):
                return left.args[0].id
            if isinstance(op, ast.In) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) and containers(ast.Tuple(elts=right.elts)):
                return left.args[0].id
        return None

    def _abstract_dispatch(self, site: CallSite) -> bool:
        """`self.m(...)` where `m` is an `@abstractmethod` of an abstract class (`abc.ABC`, `ABCMeta`, or a
        base this file does not show): every class that can be instantiated overrides `m`, so the call runs
        an override, not this body (`super().m()` and `Base.m(self)` do run it)."""
        target = site.target
        func = site.node.func
        if site.is_reference or target.cls is None or isinstance(target.node, ast.Lambda):
            return False
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")):
            return False
        facts = self.ctx.facts
        if facts.decorator_named(target, ABSTRACT_DECORATORS) is None:
            return False
        return self._may_be_abstract(target.cls.node, 0)

    def _may_be_abstract(self, node: ast.ClassDef, depth: int) -> bool:
        """The class enforces abstract methods (`abc.ABC` or `metaclass=ABCMeta` here or in a base), or
        has a base this file does not define (which may), other than TensorFlow's."""
        facts = self.ctx.facts
        if depth > 8:
            return False
        if any(k.arg == "metaclass" and facts.qualname(k.value) == "abc.ABCMeta" for k in node.keywords):
            return True
        for base in node.bases:
            dotted = facts.qualname(base) or ""
            if dotted == "abc.ABC":
                return True
            if dotted.split(".")[0] in ("tensorflow", "keras", "tf_keras", "builtins"):
                continue  # TensorFlow's classes do not enforce abstract methods
            local = next(
                (c for c in facts.classes if isinstance(base, ast.Name) and c.name == base.id and c.parent_function is None),
                None,
            )
            if local is None or self._may_be_abstract(local.node, depth + 1):
                return True
        return False

    def _passed_literal(self, site: CallSite, name: str, target: FunctionInfo, an) -> object:
        call = site.node
        for param, expr in an.map_arguments(call, target, an.bound_call(call, target)):
            if param == name:
                return _literal(expr)
        for kw in call.keywords:
            if kw.arg is None and isinstance(kw.value, ast.Name):
                value = _subscript_assignment(target.node, kw.value.id, name)
                if value is not _UNKNOWN:
                    return value
        return _UNKNOWN

    def _report_tf(self, site: CallSite, edges: List[CallSite]) -> None:
        caller, target = site.caller, site.target
        assert caller is not None
        if caller.within(target):  # a `tf.cond` branch of the function itself counts
            message = (
                f"`{target.name}` calls itself through its tf.function. Recursive tf.functions are not "
                "supported: tracing a recursion that depends on a tensor never reaches its base case (StagingError: "
                "maximum recursion depth exceeded), and one on Python values retraces at every depth. Use a loop "
                "(`tf.while_loop`, or `for i in tf.range(...)`)."
            )
            severity = Severity.ERROR
        else:
            message = (
                f"This call closes a cycle of calls back into the tf.function `{target.name}` "
                f"({_cycle_text(site, edges)}). Recursive tf.functions are not supported: tracing recurses "
                "without end when the recursion depends on a tensor, and retraces at every depth otherwise. "
                "Use a loop."
            )
            severity = Severity.WARNING
        self.report(site.node, message, related=self._related(site, edges), severity=severity)

    def _report_guarded(self, site: CallSite, edges: List[CallSite], preview: bool = False) -> None:
        caller = site.caller
        assert caller is not None and caller.graph is not None
        message = (
            f"`{caller.name}` recurses under a tensor condition while it is traced ({caller.graph.describe()}): "
            "TensorFlow traces both branches of a tensor condition (`tf.cond`), so the recursion never "
            "reaches its base case and tracing ends in RecursionError. Use a loop (`tf.while_loop`)."
        )
        self.report(site.node, message, related=self._related(site, edges), severity=Severity.WARNING, preview=preview)

    def _related(self, site: CallSite, edges: List[CallSite]) -> List[Related]:
        ctx = self.ctx
        related = []
        for other in edges:
            if other is not site and other.caller is not None:
                related.append(Related(ctx.span(other.node), f"`{other.caller.name}` calls `{other.target.name}`"))
        graph = site.caller.graph if site.caller is not None else None
        if graph is not None and graph.site is not None and hasattr(graph.site, "lineno"):
            related.append(Related(ctx.span(graph.site), f"`{site.caller.name}` is {graph.describe()}"))
        return related

    def _tensor_guarded(self, site: CallSite):
        """The recursive call runs under a tensor-valued condition (which AutoGraph makes a `tf.cond`), or
        is handed to TensorFlow control flow that traces every branch: True, `_WEAK` when the condition
        is a tensor only on weak evidence (an annotation), False otherwise."""
        ctx = self.ctx
        caller = site.caller
        assert caller is not None
        if site.is_reference:
            return ctx.facts.qualname(site.node.func, caller) in TRACING_COMBINATORS
        if not autograph_enabled(caller, ctx.facts, ctx.settings):
            return False
        an = analysis_for(ctx.facts)
        tensors = tensors_for(ctx.facts)
        for child, parent in an.climb(site.node, caller.node):
            test = None
            if isinstance(parent, (ast.If, ast.While)) and child is not parent.test:
                test = parent.test
            elif isinstance(parent, ast.IfExp) and child is not parent.test:
                test = parent.test
            if test is not None:
                value = tensors.infer(test, caller)
                if value.is_tensor and not value.nested:
                    return _WEAK if value.weak else True
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                break
        # A lambda passed to tf.cond that makes the recursive call.
        if isinstance(caller.node, ast.Lambda) and caller.callers:
            return any(
                s.is_reference and ctx.facts.qualname(s.node.func, s.caller) in TRACING_COMBINATORS
                for s in caller.callers
            )
        return False


_UNKNOWN = object()
PYTHON_CONTAINERS = frozenset({"tuple", "list", "dict", "set", "frozenset"})
ABSTRACT_DECORATORS = frozenset({"abc.abstractmethod"})


def _piece_of(expr: ast.expr, name: str, call: ast.Call, an) -> bool:
    """`expr` is a piece of the container `name`: `name[...]`, or a name bound by a comprehension or `for`
    around `call` that iterates `name` (directly, or through `zip`, `enumerate`, `.values()`, `.items()`)."""
    if isinstance(expr, ast.Subscript):
        return isinstance(expr.value, ast.Name) and expr.value.id == name
    if not isinstance(expr, ast.Name):
        return False

    def iterates(iterable: ast.expr) -> bool:
        if isinstance(iterable, ast.Name):
            return iterable.id == name
        if isinstance(iterable, ast.Call):
            func = iterable.func
            if isinstance(func, ast.Name) and func.id in ("zip", "enumerate", "reversed"):
                return any(iterates(a) for a in iterable.args)
            if isinstance(func, ast.Attribute) and func.attr in ("values", "items") and not iterable.args:
                return isinstance(func.value, ast.Name) and func.value.id == name
        return False

    for _, parent in an.climb(call, None):
        pairs = []
        if isinstance(parent, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            pairs = [(g.target, g.iter) for g in parent.generators]
        elif isinstance(parent, (ast.For, ast.AsyncFor)):
            pairs = [(parent.target, parent.iter)]
        elif isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            break
        for target, iterable in pairs:
            if any(isinstance(n, ast.Name) and n.id == expr.id for n in ast.walk(target)) and iterates(iterable):
                return True
    return False
_WEAK = "weak"


def _literal(expr: ast.expr) -> object:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, (bool, int, str, type(None))):
        return expr.value
    return _UNKNOWN


def _tested_parameter(test: ast.expr) -> Optional[str]:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _tested_parameter(test.operand)
    if isinstance(test, ast.Name):
        return test.id
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.left, ast.Name)
        and isinstance(test.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq))
        and _literal(test.comparators[0]) is not _UNKNOWN
    ):
        return test.left.id
    return None


def _evaluate(test: ast.expr, value: object) -> Optional[bool]:
    """The truth of a test `_tested_parameter` accepted, with the parameter bound to `value`."""
    if isinstance(test, ast.UnaryOp):
        inner = _evaluate(test.operand, value)
        return None if inner is None else not inner
    if isinstance(test, ast.Name):
        return bool(value)
    if isinstance(test, ast.Compare):
        other = _literal(test.comparators[0])
        op = test.ops[0]
        if isinstance(op, (ast.Is, ast.IsNot)):
            same = value is other if other is None or isinstance(other, bool) else None
            if same is None:
                return None
            return same if isinstance(op, ast.Is) else not same
        equal = type(value) is type(other) and value == other
        return equal if isinstance(op, ast.Eq) else not equal
    return None


def _subscript_assignment(root: ast.AST, container: str, key: str) -> object:
    """The literal of the single `container['key'] = literal` in `root`'s body (nested defs included)."""
    found = []
    for node in ast.walk(root):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == container
                and _literal(target.slice) == key
            ):
                found.append(_literal(node.value))
    return found[0] if len(found) == 1 else _UNKNOWN


def _has_cycle(edges: List[CallSite]) -> bool:
    # An edge from a def/lambda nested in a member counts as the member's: fold callers upwards.
    members = {id(edge.target) for edge in edges}
    folded: Dict[int, List[int]] = {}
    for edge in edges:
        scope: Optional[FunctionInfo] = edge.caller
        while scope is not None and id(scope) not in members:
            scope = scope.parent
        source = id(scope) if scope is not None else id(edge.caller)
        folded.setdefault(source, []).append(id(edge.target))
    state: Dict[int, int] = {}
    for start in list(folded):
        if state.get(start):
            continue
        stack = [(start, iter(folded.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            advanced = False
            for child in children:
                mark = state.get(child, 0)
                if mark == 1:
                    return True
                if mark == 0:
                    state[child] = 1
                    stack.append((child, iter(folded.get(child, ()))))
                    advanced = True
                    break
            if not advanced:
                state[node] = 2
                stack.pop()
    return False


def _nested_in(info: FunctionInfo, members: Set[int]) -> bool:
    scope = info.parent
    while scope is not None:
        if id(scope) in members:
            return True
        scope = scope.parent
    return False


def _cycle_text(site: CallSite, edges: List[CallSite]) -> str:
    names: List[str] = []
    current: Optional[FunctionInfo] = site.target
    by_caller: Dict[int, CallSite] = {}
    for edge in edges:
        if edge.caller is not None:
            by_caller.setdefault(id(edge.caller), edge)
    seen: Set[int] = set()
    while current is not None and id(current) not in seen and len(names) < 6:
        seen.add(id(current))
        names.append(f"`{current.name}`")
        edge = by_caller.get(id(current))
        current = edge.target if edge is not None else None
    names.append(f"`{site.target.name}`")
    return " → ".join(names)


def _cycles(functions: List[FunctionInfo]) -> List[List[FunctionInfo]]:
    """Strongly connected components of the call graph that contain a cycle (Tarjan, iterative)."""
    index: Dict[int, int] = {}
    low: Dict[int, int] = {}
    on_stack: Set[int] = set()
    stack: List[FunctionInfo] = []
    result: List[List[FunctionInfo]] = []
    counter = 0
    for root in functions:
        if id(root) in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            key = id(node)
            if position == 0:
                index[key] = low[key] = counter
                counter += 1
                stack.append(node)
                on_stack.add(key)
            targets = [s.target for s in node.calls if not s.eager]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                tkey = id(target)
                if tkey not in index:
                    work.append((target, 0))
                elif tkey in on_stack:
                    low[key] = min(low[key], index[tkey])
                continue
            if low[key] == index[key]:
                component: List[FunctionInfo] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(id(member))
                    component.append(member)
                    if member is node:
                        break
                self_loop = any(s.target is node and not s.eager for s in node.calls)
                if len(component) > 1 or self_loop:
                    result.append(component)
            if work:
                parent = work[-1][0]
                low[id(parent)] = min(low[id(parent)], low[key])
    return result
