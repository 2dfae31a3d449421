"""HYB013 unnecessary-tf-function."""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from hybridlint.analysis import analysis_for, may_compile_with_xla, mentions_of, parameter_names
from hybridlint.edits import remove_decorator
from hybridlint.facts import FunctionInfo
from hybridlint.oracle import Oracle, Run, SideEffects
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity

if TYPE_CHECKING:
    from hybridlint.engine import Context

# Builtins that only look at their arguments from the outside: they never run a TensorFlow op, whatever
# they are given (`len` of a tensor reads its static shape).
_OPAQUE_SAFE_BUILTINS = frozenset(
    {"print", "isinstance", "issubclass", "type", "id", "repr", "str", "len", "hasattr", "callable", "format"}
)
# Builtins that compute with their arguments: pure Python only when the arguments are Python values
# (`sum` of a list of tensors adds tensors).
_VALUE_BUILTINS = frozenset(
    {
        "range", "int", "float", "bool", "complex", "min", "max", "abs", "round", "sum", "sorted", "list",
        "tuple", "dict", "set", "frozenset", "enumerate", "zip", "reversed", "any", "all", "divmod", "pow",
        "chr", "ord", "hex", "bin", "oct", "hash", "slice",
    }
)  # fmt: skip
_STATIC_ATTRIBUTES = frozenset({"shape", "dtype", "ndim", "name"})
_PURE_MODULES = ("math.", "operator.", "string.")


class _TensorWork(Exception):
    """The body may run TensorFlow ops (or we cannot tell): the function is not barren."""


BARREN = "barren"  # the note kept in the project index for a function that runs no TF op

# Value kinds: PURE values are Python values computed here; OPAQUE values came from outside (parameters,
# globals, resolved calls) and may be tensors, so doing arithmetic on them may run TF ops.
PURE, OPAQUE = "pure", "opaque"


class BarrenAnalysis:
    """Decides whether a function body, and the file-local functions it calls, can run a TF op."""

    def __init__(self, ctx: "Context"):
        self.ctx = ctx
        self._module_constants: Optional[Set[str]] = None
        self.verdicts: Dict[int, bool] = {}
        self.in_progress: Set[int] = set()

    @property
    def module_constants(self) -> Set[str]:
        # Computed on first need: most modules have no candidate that gets this far.
        if self._module_constants is None:
            self._module_constants = module_constants(self.ctx.tree)
        return self._module_constants

    def is_barren(self, info: FunctionInfo) -> bool:
        key = id(info)
        if key in self.verdicts:
            return self.verdicts[key]
        if key in self.in_progress:
            return True  # recursion: the rest of the cycle decides
        self.in_progress.add(key)
        try:
            verdict = self._analyse(info)
        finally:
            self.in_progress.discard(key)
        self.verdicts[key] = verdict
        return verdict

    def _analyse(self, info: FunctionInfo) -> bool:
        node = info.node
        if isinstance(node, ast.Lambda):
            return False
        args = node.args
        params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
        if args.vararg:
            params.add(args.vararg.arg)
        if args.kwarg:
            params.add(args.kwarg.arg)
        body = _Body(self, info, params)
        try:
            body.run(node.body)
        except _TensorWork:
            return False
        return True


class _Body:
    def __init__(self, analysis: BarrenAnalysis, info: FunctionInfo, params: Set[str]):
        self.analysis = analysis
        self.facts = analysis.ctx.facts
        self.info = info
        self.params = params
        self.env: Dict[str, str] = {}

    def run(self, body: List[ast.stmt]) -> None:
        # Flow-insensitive: a local is PURE only when every assignment to it is. Iterate until stable,
        # then check the body once more with the final kinds.
        for _ in range(10):
            before = dict(self.env)
            self.block(body)
            if self.env == before:
                return
        raise _TensorWork()

    # -- statements ----------------------------------------------------------------------

    def block(self, body: List[ast.stmt]) -> None:
        for stmt in body:
            self.stmt(stmt)

    def stmt(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Pass, ast.Break, ast.Continue)):
            return
        if isinstance(stmt, ast.Expr):
            self.expr(stmt.value)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                self.expr(stmt.value)
        elif isinstance(stmt, ast.Assign):
            kind = self.expr(stmt.value)
            for target in stmt.targets:
                self.bind(target, kind)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.bind(stmt.target, self.expr(stmt.value))
        elif isinstance(stmt, ast.AugAssign):
            if not isinstance(stmt.target, ast.Name):
                raise _TensorWork()
            if self.expr(stmt.target) is not PURE or self.expr(stmt.value) is not PURE:
                raise _TensorWork()
        elif isinstance(stmt, (ast.If, ast.While)):
            self.require_pure(stmt.test)
            self.block(stmt.body)
            self.block(stmt.orelse)
        elif isinstance(stmt, ast.For):
            self.require_pure(stmt.iter)
            self.bind(stmt.target, PURE)
            self.block(stmt.body)
            self.block(stmt.orelse)
        elif isinstance(stmt, ast.Assert):
            self.require_pure(stmt.test)
        elif isinstance(stmt, ast.Raise):
            if stmt.exc is not None:
                self.raised(stmt.exc)
        elif isinstance(stmt, ast.Delete):
            if not all(isinstance(t, ast.Name) for t in stmt.targets):
                raise _TensorWork()
        else:  # with, try, nested defs and classes, imports, global state, async, match …
            raise _TensorWork()

    def bind(self, target: ast.expr, kind: str) -> None:
        if isinstance(target, ast.Name):
            if target.id in self.params:
                return  # still OPAQUE: other paths may hold the argument
            if self.env.get(target.id) is not OPAQUE:
                self.env[target.id] = kind
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.bind(elt, kind)
        else:  # attribute or item assignment: object state, possibly a tensor
            raise _TensorWork()

    def raised(self, exc: ast.expr) -> None:
        if isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) and self.is_builtin(exc.func.id):
            for arg in list(exc.args) + [k.value for k in exc.keywords]:
                self.expr(arg)
            return
        self.expr(exc)

    # -- expressions ---------------------------------------------------------------------

    def require_pure(self, expr: ast.expr) -> None:
        if self.expr(expr) is not PURE:
            raise _TensorWork()

    def is_builtin(self, name: str) -> bool:
        if not hasattr(builtins, name):
            return False
        scope: Optional[FunctionInfo] = self.info
        while scope is not None:
            if name in scope.locals:
                return False
            scope = scope.parent
        return name not in self.facts.imports and name not in self.analysis.module_constants

    def expr(self, expr: ast.expr) -> str:
        if isinstance(expr, ast.Constant):
            return PURE
        if isinstance(expr, ast.JoinedStr):
            for value in expr.values:
                if isinstance(value, ast.FormattedValue):
                    self.expr(value.value)
            return PURE
        if isinstance(expr, ast.Name):
            return self.name(expr.id)
        if isinstance(expr, ast.Attribute):
            if expr.attr in _STATIC_ATTRIBUTES:
                self.expr(expr.value)
                return PURE
            if self.facts.qualname(expr, self.info) is not None:
                return OPAQUE  # a module attribute such as `tf.float32`
            if self.expr(expr.value) is PURE:
                return PURE
            raise _TensorWork()  # an attribute of an outside object may be a variable or a property
        if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            kinds = [self.expr(e) for e in expr.elts]
            return PURE if all(k is PURE for k in kinds) else OPAQUE
        if isinstance(expr, ast.Dict):
            kinds = [self.expr(e) for e in list(expr.keys) + list(expr.values) if e is not None]
            return PURE if all(k is PURE for k in kinds) else OPAQUE
        if isinstance(expr, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in expr.ops):
            for child in [expr.left] + list(expr.comparators):
                self.expr(child)
            return PURE  # identity never runs an op
        if isinstance(expr, (ast.BinOp, ast.BoolOp, ast.Compare, ast.UnaryOp, ast.IfExp, ast.Subscript, ast.Slice)):
            for child in ast.iter_child_nodes(expr):
                if isinstance(child, ast.expr) and self.expr(child) is not PURE:
                    raise _TensorWork()  # an operator on a possible tensor is a TF op
            return PURE
        if isinstance(expr, ast.Call):
            return self.call(expr)
        raise _TensorWork()  # lambdas, comprehensions, starred, await, yield …

    def name(self, name: str) -> str:
        if name in self.params:
            return OPAQUE
        if name in self.env:
            return self.env[name]
        if name in self.analysis.module_constants:
            return PURE
        if self.is_builtin(name) or name in self.facts.imports:
            return OPAQUE  # a builtin, or a module, function or class of this module
        raise _TensorWork()  # a global or closure variable: it may hold a tf.Variable, whose read is an op

    def call(self, call: ast.Call) -> str:
        args = list(call.args) + [k.value for k in call.keywords]
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            raise _TensorWork()
        func = call.func
        if isinstance(func, ast.Name) and self.is_builtin(func.id):
            kinds = [self.expr(a) for a in args]
            if func.id in _OPAQUE_SAFE_BUILTINS:
                return PURE if func.id not in ("print", "type") else OPAQUE
            if func.id in _VALUE_BUILTINS and all(k is PURE for k in kinds):
                return PURE
            raise _TensorWork()
        qualname = self.facts.qualname(func, self.info)
        if qualname is not None:
            if qualname.startswith(_PURE_MODULES) and all(self.expr(a) is PURE for a in args):
                return PURE
            link = self.facts.link
            external = link.function(qualname) if link is not None else None
            if external is not None and external.notes.get(UnnecessaryTfFunction.code) == BARREN:
                for arg in args:
                    self.expr(arg)
                return OPAQUE  # a function of another module of the project that runs no TF op
            raise _TensorWork()  # TensorFlow, NumPy, another library, or project code that may run ops
        if isinstance(func, ast.Attribute) and isinstance(func.value, (ast.Constant, ast.JoinedStr)):
            for arg in args:
                self.expr(arg)  # "{}".format(x): formatting never runs an op
            return PURE
        target, _ = self.facts.resolve_callable(func, self.info, self.facts.enclosing_class(self.info))
        if target is not None and not isinstance(target.node, ast.Lambda):
            for arg in args:
                self.expr(arg)
            if self.analysis.is_barren(target):
                return OPAQUE
            raise _TensorWork()
        if isinstance(func, ast.Attribute) and self.expr(func.value) is PURE:
            if all(self.expr(a) is PURE for a in args):
                return PURE  # a method of a Python value computed here
        raise _TensorWork()  # unresolved: it may do TF work


CONVERT_TO_TENSOR = frozenset({"tensorflow.convert_to_tensor", "tensorflow.compat.v1.convert_to_tensor"})


def _plain_argument(expr: ast.expr, info: FunctionInfo, facts) -> bool:
    """A constant, a parameter or local of `info`, or a module's constant such as `tf.float32`: passing
    it runs no op of its own (a global or an attribute may be a `tf.Variable`, whose read is an op)."""
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, ast.Name):
        return expr.id in info.locals and info.locals[expr.id] is None
    return isinstance(expr, ast.Attribute) and facts.qualname(expr, info) is not None


def module_constants(tree: ast.Module) -> Set[str]:
    """Module names bound once, at module level, to a literal: `SCALE = 2`, `NAMES = ("a", "b")`."""
    assigned: Dict[str, int] = {}
    literal: Set[str] = set()
    for stmt in tree.body:
        counts, own_literal = _statement_bindings(stmt)
        for name, count in counts.items():
            assigned[name] = assigned.get(name, 0) + count
        if own_literal is not None:
            literal.add(own_literal)
    return {name for name in literal if assigned.get(name) == 1}


_BINDINGS_ATTRIBUTE = "_hybridlint_hyb013_bindings"


def _statement_bindings(stmt: ast.stmt) -> Tuple[Dict[str, int], Optional[str]]:
    """For one top-level statement: how often it binds each name (a `global`/`nonlocal` counts
    twice, so such a name is never a constant), and the name it binds to a literal, if it is
    `NAME = literal`. Kept on the statement node, which the language server hands unchanged to
    the next version of the text when an edit is elsewhere: the whole-module walk this replaces
    was the largest cost of an edit."""
    found = getattr(stmt, _BINDINGS_ATTRIBUTE, None)
    if found is None:
        assigned: Dict[str, int] = {}
        for node in ast.walk(stmt):
            targets: List[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    assigned[name] = assigned.get(name, 0) + 2
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = assigned.get(target.id, 0) + 1
        literal: Optional[str] = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            if _is_literal(stmt.value):
                literal = stmt.targets[0].id
        found = (assigned, literal)
        setattr(stmt, _BINDINGS_ATTRIBUTE, found)
    return found


def _is_literal(expr: ast.expr) -> bool:
    try:
        ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


class UnnecessaryTfFunction(Rule):
    code = "HYB013"
    name = "unnecessary-tf-function"
    severity = Severity.HINT
    preview = True
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE
    summary = "A tf.function whose body does no TensorFlow work"

    what_it_does = (
        "Flags a `@tf.function` whose body, and every project function it calls (in this file, or in another "
        "module through the project index), can run no TensorFlow op: "
        "only constants, Python builtins (`len`, `range`, `print`, `isinstance`, …), and arithmetic on values "
        "computed there. The check is deliberately narrow: any unresolved call, any operator or indexing on a "
        "parameter (which could be a tensor), any read of a global or closure variable or of an attribute of "
        "an outside object (which could be a `tf.Variable`), and any `with`/`try`/nested definition make it "
        "stay silent. Functions with an "
        "`input_signature` (export signatures), functions referenced other than by calling them "
        "(`f.get_concrete_function`, `signatures=f`), methods of classes with base classes (`tf.Module` "
        "exports), stubs that always raise, and test files (also fixtures in a `testdata/` or `test_data/` folder) are skipped. In preview, a hint also flags a "
        "`@tf.function` whose body runs exactly one op of a library loaded with `tf.load_op_library` (after "
        "only `tf.convert_to_tensor` of its parameters), with parameters, locals and constants as its "
        "arguments, and no `jit_compile`."
    )
    why_bad = (
        "tf.function pays off by running TensorFlow ops as one graph; a body without TF ops gains nothing. "
        "It still costs a trace on the first call and on every new Python argument value, and it turns the "
        "Python return values into tensors. The TF guide notes that tracing costs more than one eager "
        "execution and only pays off over repeated calls of real graph work. In the study's 159 labelled "
        "tf.function fix commits, 30 *removed* a tf.function decorator, 3 of them for performance "
        "(cause: \"use of graph mode\"). Hybridize (the study authors' refactoring tool) reports such bodies as "
        "`NO_TENSOR_COMPUTATION` and proposes converting them back to eager. TensorFlow Addons removed "
        "tf.function from its wrappers of single custom ops (pull request 823): a graph of one kernel has "
        "nothing to fuse or schedule, and tf.function only adds tracing, again for every new Python argument "
        "value."
    )
    use_instead = "Remove the decorator; call the function as plain Python."
    fix_safety_doc = (
        "Unsafe: without tf.function the function returns Python values instead of tensors, Python side "
        "effects such as `print` run on every call instead of once per trace, and callers that use "
        "`.numpy()` or tensor methods on the result break."
    )
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://www.tensorflow.org/guide/intro_to_graphs#seeing_the_speed-up",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def make_shape(batch, width):\n"
            "    return [batch, width]\n",
            flagged=["tf.function"],
            fixed="import tensorflow as tf\n\n" "def make_shape(batch, width):\n" "    return [batch, width]\n",
            name="bad-make-shape",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "SCALE = 4\n\n"
            "def _describe(n):\n"
            '    return "layers: {}".format(n)\n\n'
            "@tf.function(\n"
            "    reduce_retracing=True,\n"
            ")\n"
            "def config(n_layers):\n"
            '    """Builds a config."""\n'
            "    sizes = []\n"
            "    for i in range(SCALE):\n"
            "        sizes.append(i * SCALE)\n"
            "    print(_describe(n_layers))\n"
            '    return {"sizes": sizes, "n": n_layers}\n',
            flagged=["tf.function(\n    reduce_retracing=True,\n)"],
            fixed="import tensorflow as tf\n\n"
            "SCALE = 4\n\n"
            "def _describe(n):\n"
            '    return "layers: {}".format(n)\n\n'
            "def config(n_layers):\n"
            '    """Builds a config."""\n'
            "    sizes = []\n"
            "    for i in range(SCALE):\n"
            "        sizes.append(i * SCALE)\n"
            "    print(_describe(n_layers))\n"
            '    return {"sizes": sizes, "n": n_layers}\n',
            note="transitively barren through a file-local helper; a multi-line decorator",
            name="transitively-barren-through-file-local",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(x):\n"
            "    return x * 2.0\n",
            note="arithmetic on a parameter may be a tensor op",
            name="arithmetic-parameter-may-tensor-op",
        ),
        Good(
            "import tensorflow as tf\n"
            "from mylib import normalize\n\n"
            "@tf.function\n"
            "def prep(x):\n"
            "    return normalize(x)\n",
            note="an unresolved call may do TF work",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Net:\n"
            "    def __init__(self):\n"
            "        self.dense = tf.keras.layers.Dense(1)\n\n"
            "    @tf.function\n"
            "    def __call__(self, x):\n"
            "        return self.dense(x)\n",
            note="a Keras layer call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[])\n"
            "def version():\n"
            "    return 3\n",
            note="an export signature for a SavedModel",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def sizes(x):\n"
            "    return [len(x), x.shape[0]]\n\n"
            "concrete = sizes.get_concrete_function(tf.TensorSpec([None]))\n",
            note="referenced for its concrete function",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def serve(images):\n"
            '    raise NotImplementedError("images are not supported")\n',
            note="a stub standing in for an interface",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "v = tf.Variable(1.0)\n\n"
            "@tf.function\n"
            "def read():\n"
            "    return v + 1\n",
            note="a global may be a variable",
            name="global-may-variable",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "_kernels = tf.load_op_library(\"kernels/_fused_ops.so\")\n\n\n"
            "@tf.function\n"
            "def fused_swish(x, beta=1.0):\n"
            "    \"\"\"Swish activation in one fused kernel.\"\"\"\n"
            "    x = tf.convert_to_tensor(x)\n"
            "    return _kernels.fused_swish(x, beta)\n",
            flagged=["tf.function"],
            fixed="import tensorflow as tf\n\n"
            "_kernels = tf.load_op_library(\"kernels/_fused_ops.so\")\n\n\n"
            "def fused_swish(x, beta=1.0):\n"
            "    \"\"\"Swish activation in one fused kernel.\"\"\"\n"
            "    x = tf.convert_to_tensor(x)\n"
            "    return _kernels.fused_swish(x, beta)\n",
            preview=True,
            note="the body runs one custom op of a loaded op library (a hint, in preview)",
            name="one-custom-op-library-kernel",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "_kernels = tf.load_op_library(\"kernels/_fused_ops.so\")\n\n\n"
            "@tf.function\n"
            "def swish_scaled(x, beta, scale):\n"
            "    return _kernels.fused_swish(x, beta) * scale\n\n\n"
            "@tf.function(jit_compile=True)\n"
            "def swish_compiled(x, beta):\n"
            "    return _kernels.fused_swish(x, beta)\n",
            note="more than one op (here a multiplication) can gain from a graph; XLA compiles even a single op",
            name="custom-op-plus-another-op",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "_kernels = tf.load_op_library(\"kernels/_fused_ops.so\")\n"
            "beta = tf.Variable(1.0)\n\n\n"
            "@tf.function\n"
            "def swish_learned(x):\n"
            "    return _kernels.fused_swish(x, beta)\n",
            note="reading a global, which may be a tf.Variable, is an op of its own",
            name="custom-op-reads-global-variable",
        ),
        Bad(
            "import tensorflow as tf\n"
            "from pkg.text import describe\n\n\n"
            "@tf.function\n"
            "def summary(n_layers):\n"
            "    return describe(n_layers)\n",
            flagged=["tf.function"],
            fixed="import tensorflow as tf\n"
            "from pkg.text import describe\n\n\n"
            "def summary(n_layers):\n"
            "    return describe(n_layers)\n",
            path="pkg/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/text.py", "def describe(n):\n    return \"layers: {}\".format(n)\n"),
            ),
            note="the only callee is a helper of another module that runs no TensorFlow op",
        ),
        Good(
            "import tensorflow as tf\n"
            "from pkg.text import describe\n\n\n"
            "@tf.function\n"
            "def summary(n_layers):\n"
            "    return describe(n_layers)\n",
            path="pkg/model.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/text.py", "import tensorflow as tf\n\n\ndef describe(n):\n    return tf.strings.as_string(n)\n"),
            ),
            note="the helper of another module runs a TensorFlow op",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _identity(x):\n"
            "    \"\"\"Make sure everything still works when there is a tf.function used.\"\"\"\n"
            "    return x\n\n\n"
            "def preprocessing_fn(inputs):\n"
            "    return {\"x\": _identity(tf.cast(inputs[\"x\"], tf.float32))}\n",
            path="pipeline/testdata/module_file/transform_module.py",
            note="a fixture in a `testdata/` folder is test code: its tf.function is there to be tested",
            name="testdata-fixture-identity",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _identity(x):\n"
            "    \"\"\"Make sure everything still works when there is a tf.function used.\"\"\"\n"
            "    return x\n\n\n"
            "def preprocessing_fn(inputs):\n"
            "    return {\"x\": _identity(tf.cast(inputs[\"x\"], tf.float32))}\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n\n"
            "def _identity(x):\n"
            "    \"\"\"Make sure everything still works when there is a tf.function used.\"\"\"\n"
            "    return x\n\n\n"
            "def preprocessing_fn(inputs):\n"
            "    return {\"x\": _identity(tf.cast(inputs[\"x\"], tf.float32))}\n",
            path="pipeline/module_file/transform_module.py",
            note="the same module outside a test folder: a library's own code",
            name="module-file-identity",
        ),
    )

    # Real TensorFlow (tests/oracle): the Python values come back as tensors; without the decorator
    # (the fix) they stay Python values, equal to the eager results.
    oracle = Oracle(
        symptom=SideEffects(
            expr="sum(hasattr(v, 'numpy') for v in make_shape(2, 3))", what="tensors among the returned values"
        ),
        runs={
            "bad-make-shape": "outputs = [make_shape(2, 3), make_shape(4, 5)]",
            "transitively-barren-through-file-local": Run(
                "outputs = config(3)",
                symptom=SideEffects(
                    expr="sum(hasattr(v, 'numpy') for v in config(3)['sizes'])",
                    what="tensors among the returned values",
                ),
            ),
            "arithmetic-parameter-may-tensor-op": Run(
                "outputs = scale(tf.constant([1.0, 2.0]))",
                symptom=SideEffects(
                    expr="int(hasattr(scale(tf.constant(1.0)), 'numpy'))", what="tensors among the returned values"
                ),
            ),
            "module-file-identity": Run(
                "outputs = preprocessing_fn({'x': tf.constant([1, 2])})['x']",
                symptom=SideEffects(expr="int(hasattr(_identity(3), 'numpy'))", what="tensors among the returned values"),
            ),
            "testdata-fixture-identity": Run(
                "outputs = preprocessing_fn({'x': tf.constant([1, 2])})['x']",
                symptom=SideEffects(
                    expr="int(hasattr(preprocessing_fn({'x': tf.constant([1])})['x'], 'numpy'))",
                    what="tensors among the returned values",
                ),
            ),
            "global-may-variable": Run(
                "outputs = read()",
                symptom=SideEffects(expr="int(hasattr(read(), 'numpy'))", what="tensors among the returned values"),
            ),
        },
    )

    def _referenced(self, name: str) -> bool:
        """`name` is read somewhere other than as the callee of a call (`f.get_concrete_function`,
        `signatures=f`). Looked up per candidate from the per-statement index rather than by
        visiting every name of the module on each check."""
        return any(call is None for _, call in mentions_of(self.ctx.tree, name))

    @classmethod
    def summarize_function(cls, ctx, info: FunctionInfo) -> Optional[object]:
        analysis = getattr(ctx, "_hyb013_barren", None)
        if analysis is None:
            analysis = ctx._hyb013_barren = BarrenAnalysis(ctx)
        return BARREN if analysis.is_barren(info) else None

    def finish(self) -> None:
        ctx = self.ctx
        if ctx.is_test_file:
            return
        analysis = BarrenAnalysis(ctx)
        for info in ctx.facts.functions:
            use = info.decorator
            if use is None or use.has_input_signature or not isinstance(use.node, ast.expr):
                continue
            if self._referenced(info.name):
                continue
            if info.cls is not None and info.cls.node.bases:
                continue
            if any(isinstance(stmt, ast.Raise) for stmt in info.node.body):  # type: ignore[union-attr]
                continue  # an abstract stub keeps the decorator of the interface it stands for
            if not analysis.is_barren(info):
                op = self._single_op(info)
                if op is not None and not may_compile_with_xla(use.keywords):
                    decorator = use.node
                    self.report(
                        decorator,
                        f"`{info.name}` runs one TensorFlow op, `{op}`, a kernel of an op library loaded with "
                        "`tf.load_op_library`, and nothing else: a graph of one op has nothing to fuse or "
                        "schedule, so it gains nothing over calling the op eagerly, while tf.function adds a trace "
                        "for every new input signature and Python argument value.",
                        fix=lambda decorator=decorator: self._remove(decorator),
                        preview=True,
                    )
                continue
            decorator = use.node
            self.report(
                decorator,
                f"`{info.name}` performs no TensorFlow computation, so graph execution cannot help: tf.function "
                "only adds tracing (again for every new Python argument value) and turns its Python return "
                "values into tensors.",
                fix=lambda decorator=decorator: self._remove(decorator),
            )

    def _single_op(self, info: FunctionInfo) -> Optional[str]:
        """The one custom op (`ops.fused_gelu`, of `ops = tf.load_op_library(...)`) the body runs, when it
        runs nothing else: after the docstring, only `x = tf.convert_to_tensor(x, ...)` of its parameters
        and `return ops.op(...)` with names and constants as arguments. None otherwise."""
        node = info.node
        if isinstance(node, ast.Lambda):
            return None
        body = list(node.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        if not body or not isinstance(body[-1], ast.Return) or not isinstance(body[-1].value, ast.Call):
            return None
        facts = self.ctx.facts
        params = parameter_names(info)
        for stmt in body[:-1]:
            # `x = tf.convert_to_tensor(x)`: a tensor argument passes through; a Python one becomes a constant
            if not (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id in params
                and isinstance(stmt.value, ast.Call)
                and facts.qualname(stmt.value.func, info) in CONVERT_TO_TENSOR
                and stmt.value.args
                and all(_plain_argument(a, info, facts) for a in list(stmt.value.args) + [k.value for k in stmt.value.keywords])
            ):
                return None
        call = body[-1].value
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return None
        library = func.value.id
        if library in info.locals or library not in analysis_for(facts).op_libraries():
            return None
        if any(k.arg is None for k in call.keywords) or not all(
            _plain_argument(a, info, facts) for a in list(call.args) + [k.value for k in call.keywords]
        ):
            return None
        return f"{library}.{func.attr}"

    def _remove(self, decorator: ast.expr) -> Optional[Fix]:
        edit = remove_decorator(self.ctx.source, decorator)
        if edit is None:
            return None
        return Fix("Remove `@tf.function`", (edit,), FixSafety.UNSAFE)
