"""Shared analysis for rules that reason about *how often* code runs and *what state persists*.

`ModuleFacts` knows who calls whom; this module adds, per module and on first use:
parents of every node, loop nesting between a node and its function, lazy-initialisation guards
(`if self._fn is None:` and friends, rules.md §3.3 "memoised"), run-once and run-repeatedly
judgements for functions (§3.3 "runs once"), and the mapping of call arguments to parameters.
Everything is syntactic and file-local; unknown means "do not judge".
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import re
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from .facts import (
    _CHILD_FIELDS,
    _STATEMENT_HOLDERS,
    KERAS_TRACED_METHODS,
    PASSED_FALSE,
    PASSED_TRUE,
    RUNS_ONCE_FUNCTIONS,
    TF,
    CallSite,
    ClassInfo,
    FunctionInfo,
    GraphInfo,
    ModuleFacts,
    TfFunctionUse,
    child_fields,
    dotted_parts,
    index_parents,
    iter_children,
    keras_loss_signature,
    setattr_target,
)
from .links import ExternalCall
from .rule import Related, Severity
from .source import Span

# Functions the test runners, Keras or the interpreter call once per object or per process.
RUNS_ONCE_NAMES = RUNS_ONCE_FUNCTIONS | frozenset(
    {"setUpModule", "setup_module", "setup_class", "setUpTestData", "__post_init__"}
)
# Methods that set an object or a test up: a loop in them iterates over components, not steps.
SETUP_NAMES = frozenset(
    {"__init__", "build", "setUp", "setUpClass", "setup_method", "setUpModule", "setup_module", "setup_class",
     "__post_init__"}
)
# Test functions run once per test session (`test_x`, `testX`); `test` alone is often an evaluation method.
TEST_FUNCTION = re.compile(r"^test(_|[A-Z0-9])")
FIXTURE_DECORATORS = frozenset({"pytest.fixture", "pytest.yield_fixture"})
# Keras callback hooks run on every batch.
PER_STEP_NAMES = frozenset(
    {
        "on_batch_begin",
        "on_batch_end",
        "on_train_batch_begin",
        "on_train_batch_end",
        "on_test_batch_begin",
        "on_test_batch_end",
        "on_predict_batch_begin",
        "on_predict_batch_end",
    }
)
# Attribute names that read as "this was already done" flags (`if not self.built:`).
FLAG_WORDS = ("built", "initiali", "created", "ready", "compiled", "cached", "setup", "already", "done", "init")
MEMO_DECORATORS = frozenset({"functools.lru_cache", "functools.cache", "functools.cached_property"})
# Callables that bind arguments into a new object on every call.
PARTIALS = frozenset({"functools.partial"})
# Libraries that compute only on Python/NumPy values: an argument given to one must be a Python value.
PYTHON_VALUE_MODULES = ("numpy.", "scipy.", "math.")
# tf.function keywords, each with its deprecated name.
XLA_KEYWORDS = ("jit_compile", "experimental_compile")
RELAX_SHAPES_KEYWORDS = ("reduce_retracing", "experimental_relax_shapes")
# Exceptions a "try the cache, build on a miss" block catches.
MISS_EXCEPTIONS = frozenset({"KeyError", "AttributeError", "LookupError", "IndexError", "NameError"})

LOOP_TYPES = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# `ModuleAnalysis.assignments`: the node kinds that bind a name, those that bind a loop's target, and the
# scopes it does not enter (`SCOPE_TYPES`)
_LOOP_TARGETS = frozenset({ast.For, ast.AsyncFor, ast.comprehension})
_BINDERS = frozenset(
    {ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.withitem, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef}
) | _LOOP_TARGETS
_SCOPE_SET = frozenset(SCOPE_TYPES)
# Inside an expression `assignments` finds a binding only in an assignment expression (`:=`, one token) or a
# comprehension (its `for` keyword): an expression on no line with either (or with `for` inside a longer
# word: a superset) binds nothing. Only in an ASCII text: a keyword or `:=` is ASCII, and so is every
# other character then.
_BINDER_WORDS = ("for", ":=")


def _may_bind(node: ast.expr, lines: List[int]) -> bool:
    """Some line of `node`'s is in `lines` (sorted)."""
    at = bisect.bisect_left(lines, node.lineno)
    return at < len(lines) and lines[at] <= node.end_lineno  # type: ignore[operator]
_NO_NAMES: FrozenSet[str] = frozenset()


def analysis_for(facts: ModuleFacts, test_file: bool = False) -> "ModuleAnalysis":
    """The module's analysis, built once and shared by every rule that asks. `test_file` says the
    module is a test module (its `test_*` functions run once)."""
    return facts.kept("_module_analysis", lambda: ModuleAnalysis(facts, test_file))


LOAD_OP_LIBRARY = frozenset(
    {
        "tensorflow.load_op_library",
        "tensorflow.compat.v1.load_op_library",
        "tensorflow.python.framework.load_library.load_op_library",
    }
)


def key_of(expr: ast.AST) -> Optional[str]:
    """A dotted key for a storage location: `self._fn` → "self._fn", `cache[k]` → "cache"."""
    while isinstance(expr, ast.Subscript):
        expr = expr.value
    parts = dotted_parts(expr)
    return ".".join(parts) if parts is not None else None


def is_none(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def _not_none_when(test: ast.expr, target: str, outcome: bool) -> bool:
    """`test` coming out `outcome` shows the expression dumped as `target` is not None."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _not_none_when(test.operand, target, not outcome)
    if isinstance(test, ast.BoolOp):
        # `a and b` true: both are; `a or b` false: both are
        if isinstance(test.op, ast.And) == outcome:
            return any(_not_none_when(v, target, outcome) for v in test.values)
        return False
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right, op = test.left, test.comparators[0], test.ops[0]
        if is_none(left):
            left, right = right, left
        if is_none(right) and ast.dump(left) == target:
            if isinstance(op, (ast.IsNot, ast.NotEq)):
                return outcome
            if isinstance(op, (ast.Is, ast.Eq)):
                return not outcome
    return False


def is_false(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is False


def is_true(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True


# TensorFlow 1's placeholders: graph inputs a session's `feed_dict` feeds. None has a use outside a
# TensorFlow 1 graph; the ones of TF1_GRAPH_ONLY cannot even be made eagerly (RuntimeError), so code that
# holds one runs in a TensorFlow 1 graph.
TF1_GRAPH_ONLY = frozenset(
    f"tensorflow.{prefix}{name}" for prefix in ("", "compat.v1.") for name in ("placeholder", "sparse_placeholder")
)
TF1_PLACEHOLDERS = TF1_GRAPH_ONLY | frozenset({"tensorflow.placeholder_with_default", "tensorflow.compat.v1.placeholder_with_default"})


EAGER_ONLY_METHODS = frozenset({"numpy", "item"})  # `t.numpy()`, `a.item()`: values, which a traced step has not


def eager_only_steps(facts: ModuleFacts, cls: ClassInfo) -> Optional[ast.Call]:
    """An eager-only call (`x.numpy()`, `x.item()`) in the class's own `train_step`, `test_step`,
    `predict_step` or `call` (or one it inherits from a class of this file), outside any nested def: a model
    that needs `run_eagerly=True` to work at all. The first such call, or None."""
    for name in sorted(KERAS_TRACED_METHODS):
        info = facts.method_of(cls, name)
        if info is None or isinstance(info.node, ast.Lambda):
            continue
        stack: List[ast.AST] = list(info.node.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in EAGER_ONLY_METHODS
                and not node.args
                and not node.keywords
            ):
                return node
            stack.extend(iter_children(node))
    return None


def may_compile_with_xla(keywords: Dict[str, ast.expr]) -> bool:
    """tf.function keywords that may turn XLA on: a `jit_compile=` (or its old name) that is not a literal
    off (`False`, `None`, `0`)."""
    return any(
        k in keywords and not (isinstance(keywords[k], ast.Constant) and keywords[k].value in (False, None))
        for k in XLA_KEYWORDS
    )


def compiles_with_xla(keywords: Dict[str, ast.expr]) -> bool:
    """`jit_compile=True` written out (or its old name): compiling with XLA on purpose."""
    value = keywords.get("jit_compile", keywords.get("experimental_compile"))
    return value is not None and is_true(value)


def is_number_literal(expr: ast.AST) -> bool:
    """An int or float literal (bools are not numbers here), with an optional sign."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
        expr = expr.operand
    return (
        isinstance(expr, ast.Constant)
        and isinstance(expr.value, (int, float))
        and not isinstance(expr.value, bool)
    )


def literal_number(expr: ast.AST) -> Optional[float]:
    if not is_number_literal(expr):
        return None
    if isinstance(expr, ast.UnaryOp):
        value = expr.operand.value  # type: ignore[attr-defined]
        return -value if isinstance(expr.op, ast.USub) else value
    return expr.value  # type: ignore[attr-defined]


def terminates(body: Sequence[ast.stmt]) -> bool:
    """The block always leaves the enclosing function or loop iteration."""
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))


_INDEX_ATTRIBUTE = "_hybridlint_index"


def _statement_index(stmt: ast.stmt) -> Tuple[Dict[int, ast.AST], List[ast.Nonlocal]]:
    """id(node) → parent for every node under one top-level statement, and its `nonlocal`
    statements. Kept on the statement node itself: the language server re-parses only the
    statements an edit touched and hands the others over unchanged (same objects), so their index
    is built once per parse, not once per keystroke, and dies with them."""
    index = getattr(stmt, _INDEX_ATTRIBUTE, None)
    if index is None:
        parents: Dict[int, ast.AST] = {}
        nonlocal_statements: List[ast.Nonlocal] = []
        stack: List[ast.AST] = [stmt]
        if type(stmt) is ast.ClassDef:
            # A class is put together from its body statements' own indexes: the language server
            # re-parses one method of a big class and hands the others over unchanged, under a new
            # class node.
            stack = [value for name in child_fields(ast.ClassDef) if name != "body" for value in _field_nodes(stmt, name)]
            for child in stack:
                parents[id(child)] = stmt
            for body_stmt in stmt.body:
                parents[id(body_stmt)] = stmt
                own_parents, own_nonlocals = _statement_index(body_stmt)
                parents.update(own_parents)
                nonlocal_statements.extend(own_nonlocals)
        nonlocal_statements.extend(index_parents(stack, parents, ast.Nonlocal))  # type: ignore[arg-type]
        index = (parents, nonlocal_statements)
        setattr(stmt, _INDEX_ATTRIBUTE, index)
    return index




def _path_down(root: ast.AST, node: ast.AST) -> Optional[List[ast.AST]]:
    """The nodes from `root` down to `node`, both included, found by going only into the children whose
    span holds `node`'s (a def's and a class's from its first decorator) and those without a span; None
    when `node` has no span or is not found so. A few nodes per level, where the parent index of a
    statement (`_statement_index`) visits every node under it."""
    line, end_line = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if line is None or end_line is None:
        return None
    start, end = (line, node.col_offset), (end_line, node.end_col_offset)  # type: ignore[attr-defined]
    stack: List[Tuple[ast.AST, int]] = [(root, -1)]
    seen: List[Tuple[ast.AST, int]] = []  # every node gone into, with the index of its parent's entry
    while stack:
        entry = stack.pop()
        at = len(seen)
        seen.append(entry)
        for child in iter_children(entry[0]):
            if child is node:
                path = [child]
                while at >= 0:
                    path.append(seen[at][0])
                    at = seen[at][1]
                path.reverse()
                return path
            first, last = getattr(child, "lineno", None), getattr(child, "end_lineno", None)
            if first is not None and last is not None:
                child_start = (first, child.col_offset)  # type: ignore[attr-defined]
                for decorator in getattr(child, "decorator_list", ()):
                    child_start = min(child_start, (decorator.lineno, decorator.col_offset))
                if child_start > start or (last, child.end_col_offset) < end:  # type: ignore[attr-defined]
                    continue
            stack.append((child, at))
    return None


def _own_nonlocals(function: ast.AST) -> Set[str]:
    """The names of the `nonlocal` statements of a def itself, not of the defs and classes in it: what
    `scope_walk` finds, from the statements alone (a statement is only ever in another's block)."""
    found: Set[str] = set()
    body = getattr(function, "body", None)
    stack: List[ast.AST] = list(body) if type(body) is list else []
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is ast.Nonlocal:
            found.update(item.names)  # type: ignore[attr-defined]
        elif kind not in _NESTED_SCOPES:
            stack.extend(child for child in iter_children(item) if isinstance(child, _STATEMENT_HOLDERS))
    return found


_NESTED_SCOPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})


def _field_nodes(node: ast.AST, name: str) -> List[ast.AST]:
    value = getattr(node, name, None)
    if type(value) is list:
        return [item for item in value if isinstance(item, ast.AST)]
    return [value] if isinstance(value, ast.AST) else []

# A mention of a name: the `Name` (its id) or `Attribute` (its attr) node read, and the call whose
# callee it is (None when it is read as a value).
Mention = Tuple[ast.AST, Optional[ast.Call]]
_MENTIONS_ATTRIBUTE = "_hybridlint_mentions"
_FUNCTION_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def statement_mentions(stmt: ast.stmt) -> Dict[str, List[Mention]]:
    """Every `Name` and `Attribute` read under one top-level statement, by name, with the call it
    is the callee of: what a rule would collect with `visit_Name`/`visit_Attribute` (the engine's
    walk skips a function's `type_params`, so this does too). Kept on the statement node, like
    `_statement_index`: rules that need a few names' mentions look them up per edit without
    visiting every name of the module."""
    found = getattr(stmt, _MENTIONS_ATTRIBUTE, None)
    if found is None:
        found = {}
        callee_of: Dict[int, ast.Call] = {}
        stack: List[ast.AST] = [stmt]
        pop, push = stack.pop, stack.append
        node_type, load = ast.AST, ast.Load
        while stack:
            node = pop()
            cls = type(node)
            if cls is ast.Name:
                if isinstance(node.ctx, load):  # type: ignore[attr-defined]
                    found.setdefault(node.id, []).append((node, callee_of.get(id(node))))  # type: ignore[attr-defined]
                continue
            if cls is ast.Attribute:
                if isinstance(node.ctx, load):  # type: ignore[attr-defined]
                    found.setdefault(node.attr, []).append((node, callee_of.get(id(node))))  # type: ignore[attr-defined]
            elif cls is ast.Call:
                callee_of[id(node.func)] = node  # type: ignore[attr-defined]
            fields = child_fields(cls)
            skip_type_params = cls in _FUNCTION_DEFS
            for name in reversed(fields):
                if skip_type_params and name == "type_params":
                    continue
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in reversed(value):
                        if isinstance(item, node_type):
                            push(item)
                elif isinstance(value, node_type):
                    push(value)
        setattr(stmt, _MENTIONS_ATTRIBUTE, found)
    return found


_MODULE_MENTIONS_ATTRIBUTE = "_hybridlint_module_mentions"


def mentions_of(tree: ast.Module, name: str) -> List[Mention]:
    """Every read of `name` (as a name or an attribute) in the module, in statement order. The
    per-statement indexes are merged once per tree, so asking for many names (one per function in
    a generated module) stays linear in the module's size."""
    index: Optional[Dict[str, List[Mention]]] = getattr(tree, _MODULE_MENTIONS_ATTRIBUTE, None)
    if index is None:
        index = {}
        for stmt in tree.body:
            for key, own in statement_mentions(stmt).items():
                index.setdefault(key, []).extend(own)
        setattr(tree, _MODULE_MENTIONS_ATTRIBUTE, index)
    return list(index.get(name, ()))


def _stores(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load)


# Builtins whose result is a Python value whatever the argument (a symbolic tensor makes them raise).
_PYTHON_RESULT_BUILTINS = frozenset({"int", "float", "bool", "len", "type", "isinstance", "hasattr", "callable", "id"})
# Builtins whose result is made of their arguments.
_PURE_BUILTINS = frozenset({"max", "min", "abs", "round", "sum", "tuple", "list", "sorted", "divmod", "pow"})


class ModuleAnalysis:
    def __init__(self, facts: ModuleFacts, test_file: bool = False):
        self.facts = facts
        self.test_file = test_file
        self._parents: Optional[Dict[int, ast.AST]] = None
        self._starts: Optional[List[int]] = None  # first line of each top-level statement (`parent`)
        self._assignments: Dict[int, Dict[str, List[Optional[ast.expr]]]] = {}
        self._nonlocals: Dict[int, Set[str]] = {}
        # the module's text has no `nonlocal` (set by whoever has the text at hand, `project._fill`):
        # no function has a `nonlocal` statement
        self.nonlocal_free = False
        # the module's text (a `SourceText`, set by whoever has it at hand, `project._fill`): `assignments`
        # passes over the expressions on no line with a binding an expression can hold (`_binder_lines`)
        self.binder_source: Optional[object] = None
        self._binder_lines: Optional[List[int]] = None
        self._runs_once: Dict[int, bool] = {}
        self._method_calls: Optional[Dict[str, List[ast.Call]]] = None  # `obj.name(...)` calls by name
        self._guards: Dict[Tuple[int, bool, int, int, int], bool] = {}  # `_is_guard` answers (`lazy_guard`)

    # -- structure -------------------------------------------------------------------------

    @property
    def parents(self) -> Dict[int, ast.AST]:
        """id(node) → parent, built on first need (most modules never ask)."""
        if self._parents is None:
            tree = self.facts.tree
            parents: Dict[int, ast.AST] = {}
            for stmt in tree.body:
                parents.update(_statement_index(stmt)[0])
                parents[id(stmt)] = tree
            self._parents = parents
        return self._parents

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        if self._parents is not None:
            return self._parents.get(id(node))
        # Before anything asks for the whole map (most checks never do), the top-level statement that
        # holds the node by its line answers from its own index, kept on it (`_statement_index`);
        # merging every statement's index costs about as much as the rest of a climb many times over.
        # A node without a line, or not in that statement's index, is looked up in the whole map.
        line = getattr(node, "lineno", None)
        if line is not None:
            body = self.facts.tree.body
            starts = self._starts
            if starts is None:
                starts = self._starts = [
                    min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", ())]) for stmt in body
                ]
            at = bisect.bisect_right(starts, line) - 1
            if at >= 0:
                stmt = body[at]
                if stmt is node:
                    return self.facts.tree
                found = _statement_index(stmt)[0].get(id(node))
                if found is not None:
                    return found
        return self.parents.get(id(node))

    def scope_node(self, info: Optional[FunctionInfo]) -> ast.AST:
        return info.node if info is not None else self.facts.tree

    def climb(self, node: ast.AST, stop: ast.AST) -> Iterator[Tuple[ast.AST, ast.AST]]:
        """(child, parent) pairs from `node` up to, not including, `stop`."""
        child = node
        parent = self.parent(node)
        while parent is not None and child is not stop:
            yield child, parent
            if parent is stop:
                return
            child, parent = parent, self.parent(parent)

    def _climb_from(self, node: ast.AST, stop: ast.AST) -> Iterable[Tuple[ast.AST, ast.AST]]:
        """`climb(node, stop)`, without building the parent index of `node`'s top-level statement (a class's
        is every method's) when nothing has yet: the path is found going down from `stop` (`_path_down`)."""
        if self._parents is None:
            path = _path_down(stop, node)
            if path is not None:
                return list(zip(path[:0:-1], path[-2::-1]))
        return self.climb(node, stop)

    def loops_around(self, node: ast.AST, info: Optional[FunctionInfo]) -> Tuple[ast.AST, ...]:
        """Loops that repeat `node` within its own function (or module level), outermost first."""
        found: List[ast.AST] = []
        first_iter_of: Optional[ast.AST] = None
        for child, parent in self.climb(node, self.scope_node(info)):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef,)):
                break
            if isinstance(parent, ast.comprehension):
                grand = self.parent(parent)
                if child is parent.iter and grand is not None and grand.generators[0] is parent:  # type: ignore[attr-defined]
                    first_iter_of = grand
                continue
            if isinstance(parent, (ast.For, ast.AsyncFor)):
                if any(child is stmt for stmt in parent.body):
                    found.append(parent)
            elif isinstance(parent, ast.While):
                if child is parent.test or any(child is stmt for stmt in parent.body):
                    found.append(parent)
            elif isinstance(parent, COMPREHENSIONS):
                if parent is not first_iter_of:
                    found.append(parent)
                first_iter_of = None
        found.reverse()
        return tuple(found)

    def scope_walk(self, root: ast.AST, into_nested: bool = False) -> Iterator[ast.AST]:
        """Nodes of a function body (or module), not entering nested defs, lambdas or classes unless
        `into_nested`; the nested scope node itself is yielded."""
        # Operator and context singletons (`ast.Load()`, `ast.Add()`) are left out: they are shared
        # by the whole tree, so nothing can be learnt from where one is met.
        stack = list(iter_children(root))
        stack.reverse()
        pop, extend = stack.pop, stack.extend
        scope_types = () if into_nested else SCOPE_TYPES
        while stack:
            node = pop()
            yield node
            if isinstance(node, scope_types):
                continue
            children = list(iter_children(node))
            children.reverse()
            extend(children)

    def _find_binder_lines(self) -> Optional[List[int]]:
        """`_binder_lines` of `binder_source`'s text, found once (None for a non-ASCII text: every
        expression is walked)."""
        source = self.binder_source
        text = source.text  # type: ignore[attr-defined]
        if not text.isascii():
            self.binder_source = None
            return None
        starts = source.line_starts  # type: ignore[attr-defined]
        found: Set[int] = set()
        for word in _BINDER_WORDS:  # `str.find`: a tenth of a pattern's search
            at = text.find(word)
            while at >= 0:
                found.add(bisect.bisect_right(starts, at))  # its line (1-based)
                at = text.find(word, at + len(word))
        lines = self._binder_lines = sorted(found)
        return lines

    def assignments(self, info: Optional[FunctionInfo]) -> Dict[str, List[Optional[ast.expr]]]:
        """name → values assigned to it in the scope (None for unpacking, loop targets, augmented
        assignments and other bindings whose value is not one expression)."""
        root = self.scope_node(info)
        known = self._assignments.get(id(root))
        if known is not None:
            return known
        result: Dict[str, List[Optional[ast.expr]]] = {}

        def bind(target: ast.AST, value: Optional[ast.expr]) -> None:
            if isinstance(target, ast.Name):
                result.setdefault(target.id, []).append(value)
            elif isinstance(target, (ast.Tuple, ast.List)):
                for elt in target.elts:
                    bind(elt, None)
            elif isinstance(target, ast.Starred):
                bind(target.value, None)

        # `scope_walk`'s nodes in its order, each node's kind told by one look-up (a parsed tree holds
        # no subclasses of the node types): a summary asks this of most functions with a method call
        # (`EffectAnalysis.receiver_origin`), and the walk was most of that question's cost
        binders = _BINDERS
        scopes = _SCOPE_SET
        fields_of = _CHILD_FIELDS
        lines = self._binder_lines if self._binder_lines is not None or self.binder_source is None else self._find_binder_lines()
        expression = ast.expr
        stack = list(iter_children(root))
        if lines is not None and not isinstance(root, expression):
            stack = [child for child in stack if not isinstance(child, expression) or _may_bind(child, lines)]
        stack.reverse()
        pop = stack.pop
        while stack:
            node = pop()
            kind = type(node)
            if kind in binders:
                if kind is ast.Assign:
                    for target in node.targets:  # type: ignore[attr-defined]
                        bind(target, node.value)  # type: ignore[attr-defined]
                elif kind is ast.AnnAssign:
                    if node.value is not None:  # type: ignore[attr-defined]
                        bind(node.target, node.value)  # type: ignore[attr-defined]
                elif kind is ast.AugAssign:
                    bind(node.target, None)  # type: ignore[attr-defined]
                elif kind is ast.NamedExpr:
                    bind(node.target, node.value)  # type: ignore[attr-defined]
                elif kind is ast.withitem:
                    if node.optional_vars is not None:  # type: ignore[attr-defined]
                        bind(node.optional_vars, None)  # type: ignore[attr-defined]
                elif kind in _LOOP_TARGETS:
                    bind(node.target, None)  # type: ignore[attr-defined]
                elif node is not root:  # a def or a class in the scope
                    bind(ast.Name(id=node.name), None)  # type: ignore[attr-defined]
            if kind in scopes:
                continue
            children = []
            for name in fields_of.get(kind) or child_fields(kind):
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            children.append(item)
                elif isinstance(value, ast.AST):
                    children.append(value)
            if lines is not None and not isinstance(node, expression):
                # an expression of a statement (or of its parts) on no line of `_binder_lines` binds nothing
                children = [child for child in children if not isinstance(child, expression) or _may_bind(child, lines)]
            children.reverse()
            stack.extend(children)
        self._assignments[id(root)] = result
        return result

    def op_libraries(self) -> Set[str]:
        """Module-level names bound only to `tf.load_op_library(...)`: each of their attributes is the
        wrapper of one custom op (one kernel)."""
        found = self.__dict__.get("_op_libraries")
        if found is None:
            found = set()
            for name, values in self.assignments(None).items():
                if values and all(
                    isinstance(v, ast.Call) and self.facts.qualname(v.func, None) in LOAD_OP_LIBRARY for v in values
                ):
                    found.add(name)
            self.__dict__["_op_libraries"] = found
        return found

    def nonlocals(self, info: FunctionInfo) -> Set[str]:
        if self.nonlocal_free:
            return _NO_NAMES  # type: ignore[return-value]
        known = self._nonlocals.get(id(info.node))
        if known is None and self._parents is None:
            # before anything asked for the module's parent index (a summary never does), the function's
            # own statements: indexing every statement of the module costs many functions' walks
            known = self._nonlocals[id(info.node)] = _own_nonlocals(info.node)
        if known is None:
            # `nonlocal` is rare: find each one's own scope once, rather than walking every function.
            by_scope: Dict[int, Set[str]] = {}
            for stmt in self.facts.tree.body:
                for statement in _statement_index(stmt)[1]:
                    scope = self.parent(statement)
                    while scope is not None and not isinstance(scope, SCOPE_TYPES):
                        scope = self.parent(scope)
                    if scope is not None:
                        by_scope.setdefault(id(scope), set()).update(statement.names)
            for function in self.facts.functions:
                self._nonlocals[id(function.node)] = by_scope.get(id(function.node), set())
            known = self._nonlocals.get(id(info.node))
            if known is None:  # a function the facts do not list: look at it alone
                known = set()
                for node in self.scope_walk(info.node):
                    if isinstance(node, ast.Nonlocal):
                        known.update(node.names)
                self._nonlocals[id(info.node)] = known
        return known

    def is_builtin(self, name: str, info: Optional[FunctionInfo]) -> bool:
        """`name` refers to the builtin of that name (not rebound in any enclosing scope)."""
        scope = info
        while scope is not None:
            if name in scope.locals and name not in scope.globals_declared:
                return scope.locals[name] == "builtins." + name
            scope = scope.parent
        if name in self.facts.imports:
            return self.facts.imports[name] == "builtins." + name
        return name not in self.assignments(None)

    # -- persistence and lazy guards -------------------------------------------------------

    def is_local_name(self, name: str, info: Optional[FunctionInfo]) -> bool:
        """A plain local of the function: it starts afresh on every call."""
        if info is None:
            return False
        # `nonlocals` (which indexes the module's statements) only for a name the function binds
        return name in info.locals and name not in info.globals_declared and name not in self.nonlocals(info)

    def persistent(self, expr: ast.AST, info: Optional[FunctionInfo]) -> bool:
        """Does this storage location outlive one call of the function? Attributes and items of
        objects do (`self._fn`, `cache[k]`); globals, nonlocals and free names do; locals do not."""
        while isinstance(expr, ast.Subscript):
            expr = expr.value
        if isinstance(expr, ast.Attribute):
            return dotted_parts(expr) is not None
        if isinstance(expr, ast.Name):
            return not self.is_local_name(expr.id, info)
        return False

    def stores(self, body: Sequence[ast.stmt], info: Optional[FunctionInfo] = None, _depth: int = 0) -> List[ast.AST]:
        """Targets written by a block: assignments, `setattr(obj, "name", v)`, `d.setdefault`/`d.update`,
        and (two levels deep) what the `self.method(...)` calls it makes write."""
        found: List[ast.AST] = []
        cls = self.facts.enclosing_class(info) if info is not None else None
        for stmt in body:
            for node in [stmt] + list(self.scope_walk(stmt)):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        found.extend(_flatten_targets(target))
                elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                    found.extend(_flatten_targets(node.target))
                elif isinstance(node, ast.Call):
                    func = node.func
                    stored = setattr_target(node)
                    if stored is not None:
                        owner, name = stored
                        if isinstance(name, ast.Constant) and isinstance(name.value, str):
                            found.append(ast.Attribute(value=owner, attr=name.value, ctx=ast.Store()))
                    elif isinstance(func, ast.Attribute) and func.attr in ("setdefault", "update", "__setitem__"):
                        found.append(ast.Subscript(value=func.value, slice=ast.Constant(value=None), ctx=ast.Store()))
                    elif cls is not None and _depth < 2 and key_of(func) is not None and key_of(func).startswith("self."):
                        method, _ = self.facts.resolve_callable(func, info, cls)
                        if method is not None and not isinstance(method.node, ast.Lambda):
                            found.extend(self.stores(method.node.body, method, _depth + 1))
        return found

    def _lazy_keys(self, test: ast.expr, create_when_true: bool) -> List[Tuple[ast.AST, str]]:
        """Storage locations a test checks for "not created yet", with the kind of check:
        "none" (`is None`), "absent" (`not hasattr`, `not in`), "flag" (`not self.built`) or "first"
        (`self.first_call`, true until the branch turns it off)."""
        test = _getattr_as_attribute(test)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._lazy_keys(test.operand, not create_when_true)
        if isinstance(test, ast.BoolOp):
            # Any part may carry the guard: the other parts only add conditions (`and training`) or a
            # deliberate bypass (`... is not None and not force`), and the cache stays a cache.
            return [k for v in test.values for k in self._lazy_keys(v, create_when_true)]
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, left, right = test.ops[0], _getattr_as_attribute(test.left), _getattr_as_attribute(test.comparators[0])
            if is_none(left):
                left, right = right, left
            if is_none(right) and isinstance(op, (ast.Is, ast.Eq, ast.IsNot, ast.NotEq)):
                absent = isinstance(op, (ast.Is, ast.Eq))
                return [(left, "none")] if absent == create_when_true else []
            if is_false(right) and isinstance(op, (ast.Is, ast.Eq)):
                return [(left, "flag")] if create_when_true else []
            if isinstance(op, (ast.In, ast.NotIn)):
                absent = isinstance(op, ast.NotIn)
                return [(right, "absent")] if absent == create_when_true else []
            if self._sentinel(left):
                left, right = right, left
            if self._sentinel(right) and isinstance(op, (ast.Is, ast.Eq, ast.IsNot, ast.NotEq)):
                # `if self._net == _UNINITIALIZED:` with a module-level placeholder: a None by another name
                absent = isinstance(op, (ast.Is, ast.Eq))
                return [(left, "none")] if absent == create_when_true else []
            return []
        if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "hasattr":
            if len(test.args) == 2 and isinstance(test.args[1], ast.Constant) and isinstance(test.args[1].value, str):
                key = ast.Attribute(value=test.args[0], attr=test.args[1].value, ctx=ast.Load())
                return [(key, "absent")] if not create_when_true else []
            return []
        if isinstance(test, (ast.Name, ast.Attribute, ast.Subscript)):
            # `if not self.built:` creates while a flag is false; `if self.first_call:` while it is true,
            # which guards only when the branch turns it off (`self.first_call = False`)
            return [(test, "flag" if not create_when_true else "first")]
        return []

    def _sentinel(self, expr: ast.expr) -> bool:
        """`expr` names a placeholder: a module-level name bound once, to a string or number literal or to
        `object()` (`_UNINITIALIZED = '__uninitialized__'`)."""
        if not isinstance(expr, ast.Name):
            return False
        values = self.assignments(None).get(expr.id)
        if not values or len(values) != 1 or values[0] is None:
            return False
        value = values[0]
        if isinstance(value, ast.Constant):
            return isinstance(value.value, (str, int, float)) and not isinstance(value.value, bool)
        return (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "object"
            and not value.args
            and not value.keywords
        )

    def _is_guard(self, test: ast.expr, create_when_true: bool, branch: Sequence[ast.stmt], info) -> bool:
        keys = self._lazy_keys(test, create_when_true)
        if not keys:
            return False
        written: List[Tuple[Set[Optional[str]], bool]] = []  # what the branch stores: asked on first need

        def stored() -> Tuple[Set[Optional[str]], bool]:
            if not written:
                found = self.stores(branch, info)
                written.append(({key_of(t) for t in found}, any(self.persistent(t, info) for t in found)))
            return written[0]

        for expr, kind in keys:
            key = key_of(expr)
            if key is None:
                continue
            persistent = self.persistent(expr, info)
            if kind == "first":
                # `if self.first_call: ...; self.first_call = False`: the first run (trace) turns it off
                if persistent and self._turned_off(branch, key):
                    return True
            elif kind == "flag":
                # A flag only guards when it is persistent and either set here or named like one.
                last = key.rsplit(".", 1)[-1].lower()
                if persistent and (any(w in last for w in FLAG_WORDS) or key in stored()[0]):
                    return True
            elif persistent and key in stored()[0]:
                return True  # `if self._fn is None: self._fn = ...`
            elif not persistent and stored()[1]:
                return True  # `fn = cache.get(k)` / `if fn is None: ...; cache[k] = fn`
        return False

    def _turned_off(self, branch: Sequence[ast.stmt], key: str) -> bool:
        """The block assigns a false literal to `key` (`self.first_call = False`), in its own body."""
        for stmt in branch:
            for node in [stmt] + list(self.scope_walk(stmt)):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and not node.value.value:
                    if any(key_of(t) == key for target in node.targets for t in _flatten_targets(target)):
                        return True
        return False

    def checked_not_none(self, node: ast.expr, info: Optional[FunctionInfo]) -> bool:
        """`node` (a name, `x.shape[0]`) is read only where a test of the same expression against None has
        shown it is not None: `None if rows is None else rows - k`, `if n is not None and n > k: range(n)`,
        `n is not None and n > 1`, or after `if n is None: return ...` in the same block."""
        target = ast.dump(node)
        for child, parent in self.climb(node, self.scope_node(info)):
            if isinstance(parent, (ast.If, ast.IfExp, ast.While)) and child is not parent.test:
                in_body = child is parent.body or (isinstance(parent.body, list) and child in parent.body)
                if _not_none_when(parent.test, target, in_body):
                    return True
            if isinstance(parent, ast.BoolOp) and child in parent.values:
                holds = isinstance(parent.op, ast.And)
                if any(_not_none_when(v, target, holds) for v in parent.values[: parent.values.index(child)]):
                    return True
            for field in ("body", "orelse", "finalbody"):
                block = getattr(parent, field, None)
                if isinstance(block, list) and child in block:
                    for earlier in block[: block.index(child)]:
                        if (
                            isinstance(earlier, ast.If)
                            and earlier.body
                            and isinstance(earlier.body[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))
                            and _not_none_when(earlier.test, target, False)
                        ):
                            return True
            if isinstance(parent, FUNCTION_TYPES):
                break
        return False

    def caught(self, node: ast.AST, info: Optional[FunctionInfo], errors: FrozenSet[str]) -> Optional[ast.Try]:
        """The `try:` of `node`'s own function whose handlers catch one of `errors` (by last name; a bare
        `except:`, `Exception` and `BaseException` catch them all) raised by `node`: code that expects the
        error, e.g. `try: n = x.numpy() except AttributeError: n = -1` for a traced tensor. None if none."""
        stop = self.scope_node(info)
        for child, parent in self.climb(node, stop):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef, ast.Lambda)) and parent is not stop:
                return None
            if isinstance(parent, TRY_TYPES) and any(child is s for s in parent.body):
                if any(_catches(handler.type, errors) for handler in parent.handlers):
                    return parent
        return None

    def behind_tracing_test(self, node: ast.AST, info: Optional[FunctionInfo]) -> Optional[ast.expr]:
        """The test of a project function that tests for tracing (`ModuleFacts.tests_tracing`: `if
        is_tracing(x): return ...`) that `node` runs only when false: in the `else` of `if T:` (the body of
        `if not T:`), the `else` value of `a if T else b`, or after `if T: return` (or raise) in its block.
        The code is the author's eager path: the traced case was handled before it. None if none."""
        facts = self.facts

        def tracing(test: ast.expr, when: bool) -> Optional[ast.expr]:
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                return tracing(test.operand, not when)
            return test if not when and facts.tests_tracing(test, info) else None

        stop = self.scope_node(info)
        for child, parent in self.climb(node, stop):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef, ast.Lambda)) and parent is not stop:
                return None
            found = None
            if isinstance(parent, (ast.If, ast.IfExp)):
                body = parent.body if isinstance(parent, ast.IfExp) else None
                if child is body or (isinstance(parent, ast.If) and any(child is s for s in parent.body)):
                    found = tracing(parent.test, True)
                elif child is parent.orelse or (isinstance(parent, ast.If) and any(child is s for s in parent.orelse)):
                    found = tracing(parent.test, False)
            if found is not None:
                return found
            for block_name in ("body", "orelse", "finalbody"):
                block = getattr(parent, block_name, None)
                if not isinstance(block, list) or not any(child is s for s in block):
                    continue
                index = next(i for i, s in enumerate(block) if s is child)
                for earlier in block[:index]:
                    if isinstance(earlier, ast.If) and not earlier.orelse and terminates(earlier.body):
                        found = tracing(earlier.test, False)
                        if found is not None:
                            return found
        return None

    def lazy_guard(self, node: ast.AST, info: Optional[FunctionInfo]) -> Optional[ast.AST]:
        """The statement that makes `node` run only until something is created and remembered:
        `if self._fn is None:`, `if not hasattr(self, "v"):`, `if key not in cache:`, `if not
        self.built:`, a run-once flag the branch sets, an early `if self._fn is not None: return`,
        or a `try: ... except KeyError:` cache miss. None when there is no such guard."""
        stop = self.scope_node(info)
        guard = self._kept_guard
        for child, parent in self._climb_from(node, stop):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef,)) and parent is not stop:
                return None
            if isinstance(parent, ast.If):
                if any(child is s for s in parent.body) and guard(parent.test, True, parent.body, 0, info):
                    return parent
                if any(child is s for s in parent.orelse) and guard(parent.test, False, parent.orelse, 0, info):
                    return parent
            elif isinstance(parent, ast.ExceptHandler):
                if _catches_miss(parent.type) and self.stores(parent.body, info):
                    return parent
            elif isinstance(parent, ast.IfExp):
                statement = self.statement_of(parent)
                block = [statement] if statement is not None else []
                if child is parent.body and self._is_guard(parent.test, True, block, info):
                    return parent
                if child is parent.orelse and self._is_guard(parent.test, False, block, info):
                    return parent
            for block_name in ("body", "orelse", "finalbody"):
                block = getattr(parent, block_name, None)
                if not isinstance(block, list) or not any(child is s for s in block):
                    continue
                index = next(i for i, s in enumerate(block) if s is child)
                for earlier in block[:index]:
                    if (
                        isinstance(earlier, ast.If)
                        and not earlier.orelse
                        and terminates(earlier.body)
                        and guard(earlier.test, False, block, index, info)
                    ):
                        return earlier
        return None

    def _kept_guard(self, test: ast.expr, create_when_true: bool, block: List[ast.stmt], start: int, info) -> bool:
        """`_is_guard(test, create_when_true, block[start:], info)`, answered once per module: the calls in
        one loop climb through the same tests."""
        key = (id(test), create_when_true, id(block), start, id(info))
        found = self._guards.get(key)
        if found is None:
            found = self._guards[key] = self._is_guard(test, create_when_true, block[start:] if start else block, info)
        return found

    def statement_of(self, node: ast.AST) -> Optional[ast.stmt]:
        """The statement `node` is part of (itself, for a statement)."""
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parent(node)  # type: ignore[assignment]
        return node

    def made_before_trace(
        self, expr: ast.AST, info: Optional[FunctionInfo], _seen: Optional[Set[Tuple[str, int]]] = None, _depth: int = 0
    ) -> bool:
        """`expr` is built only from values the trace does not make: constants, names bound outside
        every traced scope (a closure over the factory's arguments, a module-level flag or config
        object), and attributes, items, Python arithmetic and `int`/`len`/`max`-style builtins of them.
        Nothing in it comes from a parameter, a call or `self`, where tensors come from."""
        if _depth > 12:
            return False
        seen = _seen if _seen is not None else set()
        depth = _depth + 1
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, ast.Attribute) and self._config_attribute(expr, info, seen, depth):
            return True
        if isinstance(expr, (ast.Attribute, ast.Starred)):
            return self.made_before_trace(expr.value, info, seen, depth)
        if isinstance(expr, ast.Subscript):
            return self.made_before_trace(expr.value, info, seen, depth) and self.made_before_trace(
                expr.slice, info, seen, depth
            )
        if isinstance(expr, (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Tuple, ast.List,
                             ast.JoinedStr, ast.FormattedValue, ast.Slice)):
            return all(self.made_before_trace(child, info, seen, depth) for child in iter_children(expr)
                       if isinstance(child, ast.expr))
        if isinstance(expr, ast.Call):
            func = expr.func
            if not isinstance(func, ast.Name) or not self.is_builtin(func.id, info) or expr.keywords:
                return False
            if func.id in _PYTHON_RESULT_BUILTINS:
                return True  # a Python value whatever the argument (or an error while tracing)
            return func.id in _PURE_BUILTINS and all(self.made_before_trace(a, info, seen, depth) for a in expr.args)
        if not isinstance(expr, ast.Name):
            return False
        name = expr.id
        scope = info
        while scope is not None and not isinstance(scope.node, ast.Lambda) and (
            name not in scope.locals or name in scope.globals_declared
        ):
            scope = scope.parent  # where the name is bound: an enclosing function, or module level
        if scope is None or isinstance(scope.node, ast.Lambda):
            return scope is None  # module level: imports, flags, config
        if scope.graph is None and scope is not info:
            return True  # bound by eager code around the traced function: made before the trace
        if (name, id(scope.node)) in seen:
            return True  # a value it is rebound from (`n = max(n, ...)`): the other values decide
        seen.add((name, id(scope.node)))
        if name in parameter_names(scope):
            return False
        values = self.assignments(scope).get(name)
        if not values:
            return False
        if any(value is None for value in values) and not self._python_loop_target(name, scope):
            return False
        return all(value is None or self.made_before_trace(value, scope, seen, depth) for value in values)

    def _config_attribute(
        self, expr: ast.Attribute, info: Optional[FunctionInfo], seen: Set[Tuple[str, int]], depth: int
    ) -> bool:
        """`self.attr` where every store of `attr` in the class (and its bases, all of this module) keeps
        a value the trace does not make: in traced code, one `made_before_trace`; in a method nothing
        traces, also a parameter of a constructor or one with a Python default (`counts=1000`) that the
        tensor analysis does not show to be a tensor: a configuration value passed by eager code."""
        from .tensors import Kind, self_attribute_writes, tensors_for

        receiver = expr.value
        if not isinstance(receiver, ast.Name) or info is None:
            return False
        method = info
        while method is not None and method.cls is None:
            if receiver.id in method.locals:
                return False  # a nested function's own `self`
            method = method.parent
        if method is None or isinstance(method.node, ast.Lambda) or _is_static_or_class(method.node):
            return False
        positional = method.node.args.posonlyargs + method.node.args.args
        if not positional or positional[0].arg != receiver.id or receiver.id in self.assignments(method):
            return False
        classes, stop = self.facts.mro(method.cls)
        if stop or not classes:
            return False  # a base outside this module may store anything there
        key = (expr.attr, id(method.cls.node))
        if key in seen:
            return True  # `self.n = self.n + 1`: the other stores decide
        seen.add(key)
        stores: List[Tuple[Optional[ast.expr], Optional[FunctionInfo]]] = []
        for klass in classes:
            for stmt in klass.node.body:  # class attributes: `scale = 1.0`
                if isinstance(stmt, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == expr.attr for t in stmt.targets
                ):
                    stores.append((stmt.value, None))
            for owner in klass.methods.values():
                node = owner.node
                if isinstance(node, ast.Lambda) or not node.args.args or _is_static_or_class(node):
                    continue
                for name, value, owner_node in self_attribute_writes(node):
                    if name == expr.attr:
                        stores.append((value, self.facts.function_of(owner_node) if owner_node is not node else owner))
        if not stores:
            return False
        tensors = tensors_for(self.facts)
        for value, owner in stores:
            if value is None:
                return False  # unpacked from something
            if owner is None:
                if not isinstance(value, ast.Constant):
                    return False
                continue
            if self.made_before_trace(value, owner, seen, depth + 1):
                continue
            if owner.graph is not None or not isinstance(value, ast.Name):
                return False
            if value.id in self.assignments(owner) or not self._config_parameter(owner, value.id):
                return False
            if tensors.parameter(owner, value.id).kind is Kind.TENSOR:
                return False
            if owner.name == "__init__" and owner.cls is not None:
                for call, scope in self._constructions(owner.cls):  # `Aug(mask=tf.ones([3]))`
                    passed = [arg for name, arg in self.map_arguments(call, owner, True) if name == value.id]
                    if any(tensors.infer(arg, scope).kind is Kind.TENSOR for arg in passed):
                        return False
        return True

    def _constructions(self, cls: ClassInfo) -> List[Tuple[ast.Call, Optional[FunctionInfo]]]:
        """The calls of this module that name the class (`Aug(...)`, `mod.Aug(...)`), with their scope."""
        memo = self.__dict__.setdefault("_constructions_memo", {})
        found = memo.get(id(cls.node))
        if found is None:
            found = []
            scopes: List[Tuple[ast.AST, Optional[FunctionInfo]]] = [(self.facts.tree, None)]
            scopes += [(info.node, info) for info in self.facts.functions]
            for root, scope in scopes:
                for node in self.scope_walk(root):
                    if isinstance(node, ast.Call) and (
                        (isinstance(node.func, ast.Name) and node.func.id == cls.name)
                        or (isinstance(node.func, ast.Attribute) and node.func.attr == cls.name)
                    ):
                        found.append((node, scope))
            memo[id(cls.node)] = found
        return found

    @staticmethod
    def _config_parameter(owner: FunctionInfo, name: str) -> bool:
        """A parameter of a constructor, or one whose default is a Python constant."""
        defaults = _literal_defaults(owner)
        if name in defaults:
            return isinstance(defaults[name], ast.Constant)
        args = owner.node.args
        return owner.name == "__init__" and name in {a.arg for a in (args.posonlyargs + args.args)[1:] + args.kwonlyargs}

    def _python_loop_target(self, name: str, info: FunctionInfo) -> bool:
        """Every binding of `name` without one value is `for name in range(...)`."""
        found = False
        for node in self.scope_walk(info.node):
            if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                target = node.target
                if not (isinstance(target, ast.Name) and target.id == name):
                    if any(_stores(n, name) for n in ast.walk(target)):
                        return False
                    continue
                it = node.iter
                if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"
                        and self.is_builtin("range", info)):
                    return False
                found = True
            elif isinstance(node, (ast.AugAssign, ast.withitem)) or (
                isinstance(node, (ast.Assign,)) and any(not isinstance(t, ast.Name) for t in node.targets)
            ):
                targets = [node.target] if isinstance(node, ast.AugAssign) else (
                    [node.optional_vars] if isinstance(node, ast.withitem) else node.targets)
                if any(_stores(n, name) for t in targets if t is not None for n in ast.walk(t)):
                    return False
        return found

    def python_value_parameters(self, info: FunctionInfo, skip: Optional[ast.AST] = None) -> Set[str]:
        """Parameters the body needs as Python values (outside `skip`): an argument of a NumPy, SciPy or
        `math` call (`sp.special.factorial(n)`, `np.floor(l / 2)`), or the test of an `if` that raises
        (`if n < 0: raise ValueError`, also through locals computed from it: `expected = n * 4 + 1` then
        `if size != expected: raise ...`; a raise nested in the `if`'s body counts). A function written
        that way is meant to trace once per value."""
        params = parameter_names(info)
        found: Set[str] = set()
        skipped = {id(n) for n in ast.walk(skip)} if skip is not None else set()
        assigned = self.assignments(info)

        def names_in(nodes: Iterable[ast.AST]) -> Set[str]:
            # The value itself, or arithmetic and comparisons of it (`l / 2`, `n < 0`); not `x.shape[0]`,
            # which a tensor has too.
            names: Set[str] = set()
            stack = list(nodes)
            followed: Set[str] = set()
            while stack:
                n = stack.pop()
                if isinstance(n, ast.Name):
                    if n.id in params and id(n) not in skipped:
                        names.add(n.id)
                    elif n.id not in params and n.id not in followed and len(followed) < 8:
                        # a local computed from it, bound only by plain assignments
                        followed.add(n.id)
                        values = assigned.get(n.id, [])
                        if values and all(v is not None for v in values):
                            stack += values
                elif isinstance(n, ast.IfExp):
                    stack += [n.test, n.body, n.orelse]
                elif isinstance(n, ast.BinOp):
                    stack += [n.left, n.right]
                elif isinstance(n, ast.UnaryOp):
                    stack.append(n.operand)
                elif isinstance(n, ast.Compare):
                    stack += [n.left] + list(n.comparators)
                elif isinstance(n, ast.BoolOp):
                    stack += list(n.values)
            return names

        for node in self.scope_walk(info.node):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Call):
                qual = self.facts.qualname(node.func) or ""
                if qual.startswith(PYTHON_VALUE_MODULES):
                    found |= names_in(list(node.args) + [k.value for k in node.keywords])
            elif isinstance(node, ast.If) and any(
                isinstance(n, ast.Raise) for stmt in node.body for n in [stmt, *self.scope_walk(stmt)]
            ):
                found |= names_in([node.test])
        return found

    def traced_through_attribute(self, info: FunctionInfo) -> bool:
        """`info` is reached only through an attribute of its class that is called in traced code
        (`calls_through_attribute`), and every such call runs in traced code (a Keras `call`, a
        tf.function)."""
        calls = self.calls_through_attribute(info)
        return bool(calls) and all(scope.graph is not None for scope, _call in calls)

    def eager_calls(self, method: FunctionInfo) -> Tuple[str, Optional[Tuple[object, str]]]:
        """What the project shows of where `method` (of a class of this module) is called:
        ("eager", where) when a call runs eagerly: at module level, in a test function, in a function
        nothing traces (a call the analysis resolves to `method`, here or in another module), or inside
        `tf.init_scope()`; ("called", None) when the project calls it (resolved, or as `obj.name(...)` on a
        receiver nothing resolves) but no call is shown eager: a call on an unknown receiver from a
        function nothing traces may run inside a trace the analysis does not see (another module's
        tf.function calling a method the subclass overrides); ("uncalled", None) when nothing in the
        project calls it (API its users call), or when it is a property (read, never called, so calls by
        name say nothing of it). A reference (`f = obj.name`) is a call of unknown kind, except of a
        property, which runs where it is read.
        `where` is the eager call: its node in this module, or its `Place` in another, with a note."""
        facts = self.facts
        name = method.name
        # a property runs where it is read: a reference (`self.name`) is its call
        prop = not isinstance(method.node, ast.Lambda) and any(
            isinstance(d, ast.Name) and d.id == "property" for d in method.node.decorator_list
        )
        called = False
        resolved = set()
        for site in method.callers:
            resolved.add(id(site.node))
            called = True
            if site.is_reference and not prop:
                continue
            caller = site.caller
            verb = "read" if prop else "called"
            if caller is None:
                return "eager", (site.node, f"`{name}` is {verb} at module level")
            if site.eager or self._is_test_function(caller):
                return "eager", (site.node, f"`{name}` is {verb} from `{caller.qualname}`, which nothing traces")
            if caller.graph is None and not keras_loss_signature(caller):
                # a loss or metric of Keras's signature runs in the traced step: its calls are not shown eager
                return "eager", (site.node, f"`{name}` is {verb} from `{caller.qualname}`, which nothing traces")
        link = facts.link
        for call in link.callers.get(method.qualname, ()) if link is not None else ():
            called = True
            if call.reference and not prop:
                continue
            if call.caller is None or not call.traced:
                where = "at module level" if call.caller is None else f"from `{call.caller}`, which nothing traces,"
                verb = "read" if prop else "called"
                return "eager", (call.place, f"`{name}` is {verb} {where} in `{call.place.path}`")
        if prop:
            # a property is read, never called: `obj.name(...)` calls say nothing of it
            return ("called" if called else "uncalled"), None
        if self._method_calls is None:
            self._method_calls = {}
            for node in ast.walk(facts.tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    self._method_calls.setdefault(node.func.attr, []).append(node)
        for node in self._method_calls.get(name, ()):
            if id(node) in resolved:
                continue
            caller = self._function_around(node)
            if facts.qualname(node.func, caller) is not None:
                continue  # `tf.norm(x)`: a function of an imported module, not a method
            called = True
            if caller is None or (caller.graph is None and self._is_test_function(caller)):
                where = "at module level" if caller is None else f"in the test `{caller.qualname}`"
                return "eager", (node, f"`{name}` is called {where}")
        if link is not None and name in link.name_calls:
            called = True
            found = link.name_calls[name]
            if found is not None:
                place, caller_name = found
                where = "at module level" if not caller_name else f"in the test `{caller_name}`"
                return "eager", (place, f"`{name}` is called {where} in `{place.path}`")
        return ("called" if called else "uncalled"), None

    def _function_around(self, node: ast.AST) -> Optional[FunctionInfo]:
        """The function whose body holds `node` (None at module level)."""
        scope = self.parent(node)
        while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            scope = self.parent(scope)
        return self.facts.function_of(scope) if scope is not None else None

    def calls_through_attribute(self, info: FunctionInfo) -> List[Tuple[FunctionInfo, ast.Call]]:
        """The calls `self.fn(...)` in its class (with the function each is made in) of an attribute
        that holds `info`: stored as `self.fn = info` (or `self.fn = self.info`), or returned by a factory
        method whose result is stored that way (`self.decoder_fn = self.greedy()` with `greedy`
        returning the nested `info`). [] when `info` is not stored so, or a call of the factory hands it
        elsewhere."""
        cls = info.cls
        values: List[ast.AST] = []
        if info.parent is not None and (info.parent.cls is not None or info.parent.parent is None):
            # A nested function its method (or a module-level factory) returns: the calls of the
            # factory hand it out.
            factory = info.parent
            returned = any(
                isinstance(n, ast.Return) and isinstance(n.value, ast.Name) and n.value.id == info.name
                for n in self.scope_walk(factory.node)
            )
            if not returned or not factory.callers or any(site.is_reference for site in factory.callers):
                return []
            values = [site.node for site in factory.callers]
            cls = factory.cls
            if cls is None:  # a module-level factory: the class whose methods store what it returns
                owners = {id(site.caller.cls): site.caller.cls for site in factory.callers if site.caller is not None}
                if len(owners) != 1 or len(factory.callers) != sum(site.caller is not None for site in factory.callers):
                    return []
                cls = next(iter(owners.values()))
        if cls is None:
            return []
        attrs: Set[str] = set()
        for method in cls.methods.values():
            for node in self.scope_walk(method.node):
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                    continue
                target = node.targets[0]
                if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
                    continue
                value = node.value
                if any(value is v for v in values) or (
                    not values and (
                        isinstance(value, ast.Name) and value.id == info.name
                        or isinstance(value, ast.Attribute) and value.attr == info.name
                        and isinstance(value.value, ast.Name) and value.value.id == "self"
                    )
                ):
                    attrs.add(target.attr)
        if not attrs:
            return []
        if values and any(not self._stored_in(site, attrs) for site in values):
            return []  # some call of the factory hands the function elsewhere
        calls: List[Tuple[FunctionInfo, ast.Call]] = []
        for method in cls.methods.values():
            for node in self.scope_walk(method.node, into_nested=True):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in attrs:
                    if isinstance(node.func.value, ast.Name) and node.func.value.id == "self":
                        scope = self.facts.function_of(self._scope_def(node, method.node)) or method
                        calls.append((scope, node))
        return calls

    def _stored_in(self, value: ast.AST, attrs: Set[str]) -> bool:
        parent = self.parent(value)
        return isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr in attrs for t in parent.targets
        )

    def _scope_def(self, node: ast.AST, stop: ast.AST) -> ast.AST:
        """The innermost def around `node`, up to `stop`."""
        current = self.parent(node)
        while current is not None and current is not stop and not isinstance(current, FUNCTION_TYPES):
            current = self.parent(current)
        return current if current is not None else stop

    # -- how often a function runs -----------------------------------------------------------

    @staticmethod
    def traced(info: Optional[FunctionInfo]) -> bool:
        """Confidently traced: runs once per trace, not once per call. The Keras `call` heuristic
        does not count (the method may well run eagerly on every step)."""
        graph = info.graph if info is not None else None
        return graph is not None and confidently_traced(graph)

    @staticmethod
    def memoised(info: FunctionInfo, facts: ModuleFacts) -> bool:
        return facts.decorator_named(info, MEMO_DECORATORS) is not None

    def runs_once(self, info: Optional[FunctionInfo], _depth: int = 0) -> bool:
        """Module level, a conventional run-once method (`__init__`, `build`, `setUp`, `main`), or a
        function whose every resolved caller runs once and calls it outside loops."""
        if info is None:
            return True
        known = self._runs_once.get(id(info))
        if known is not None:
            return known
        if info.name in RUNS_ONCE_NAMES or self._is_test_function(info) or self._is_fixture(info):
            result = True
        elif _depth > 4 or not info.callers:
            result = False
        else:
            self._runs_once[id(info)] = False  # cycles do not run once
            result = all(
                not site.is_reference and not site.in_loop and self.runs_once(site.caller, _depth + 1)
                for site in info.callers
            )
        self._runs_once[id(info)] = result
        return result

    def _is_test_function(self, info: FunctionInfo) -> bool:
        """`test_x`/`testX` in a test module or in a test class (`FooTest`, `TestFoo`, a `TestCase`)."""
        if not TEST_FUNCTION.match(info.name):
            return False
        if self.test_file:
            return True
        cls = info.cls
        if cls is None:
            return False
        bases = [dotted_parts(b) for b in cls.node.bases]
        return (
            cls.name.startswith("Test")
            or cls.name.endswith("Test")
            or any(parts is not None and parts[-1].endswith("TestCase") for parts in bases)
        )

    def _is_fixture(self, info: FunctionInfo) -> bool:
        return self.facts.decorator_named(info, FIXTURE_DECORATORS) is not None

    def per_step(self, info: FunctionInfo) -> bool:
        """A method frameworks call on every step: Keras callback batch hooks, and the Keras
        `call`/`train_step` family when it runs eagerly."""
        if info.name in PER_STEP_NAMES:
            return True
        graph = info.graph
        return graph is not None and graph.reason == "keras" and graph.origin is info

    def repetition(
        self, info: Optional[FunctionInfo], _depth: int = 0, _seen: Optional[Set[int]] = None
    ) -> Optional[Tuple[str, Optional[CallSite]]]:
        """Why `info` runs many times, with the call site that shows it; None when nothing in this
        file says so. Call sites inside traced code do not count: they run once per trace."""
        if info is None or self.runs_once(info) or self.traced(info):
            return None
        seen = _seen if _seen is not None else set()
        if id(info) in seen or _depth > 4:
            return None
        seen.add(id(info))
        if self.per_step(info):
            return f"`{info.name}` runs on every step", None
        # a call made only on a cache miss (`fn = cache.get(k)`, `if fn is not None: return fn`) runs once
        # per key, however often its caller runs
        callers = [site for site in info.callers if self.lazy_guard(site.node, site.caller) is None]
        for site in callers:
            setup = site.caller is not None and site.caller.name in SETUP_NAMES
            if site.in_loop and not setup and not self.traced(site.caller):
                where = "at module level" if site.caller is None else f"in `{site.caller.name}`"
                how = "is passed to a call" if site.is_reference else "is called"
                return f"`{info.name}` {how} in a loop {where}", site
        for site in callers:
            caller = site.caller
            if caller is None or self.traced(caller):
                continue
            why = self.repetition(caller, _depth + 1, seen)
            if why is not None:
                return f"`{info.name}` is called from `{caller.name}`, and {why[0]}", site
        call = self.loop_call_elsewhere(info)
        if call is not None:
            where = "at module level" if call.caller is None else f"in `{call.caller.rsplit('.', 1)[-1]}`"
            return f"`{info.name}` is called in a loop {where} of `{call.place.path}`", None
        return None

    def loop_call_elsewhere(self, info: FunctionInfo) -> Optional[ExternalCall]:
        """A call of `info` in a loop of another module of the project (`trainer.fit(data)` in a
        training script's epoch loop), made eagerly, outside tests and setup functions."""
        link = self.facts.link
        if link is None or info.external is not None:
            return None
        for call in link.callers.get(info.qualname, ()):
            # a test's loop exercises the function on purpose (parametrised checks, cache tests)
            if TEST_PATH.search(call.place.path):
                continue
            if call.in_loop and not call.traced and not call.reference and (call.caller or "").rsplit(".", 1)[-1] not in SETUP_NAMES:
                return call
        return None

    def repeated_call_sites(self, info: FunctionInfo) -> List[CallSite]:
        """Direct call sites of `info` in functions that do not run once and are not traced: each
        is a separate run of `info`."""
        return [
            site
            for site in info.callers
            if not site.is_reference
            and site.caller is not None
            and not self.runs_once(site.caller)
            and not self.traced(site.caller)
            and self.lazy_guard(site.node, site.caller) is None
        ]

    # -- which traced path reaches a node ---------------------------------------------------------

    def parameter_guards(self, node: ast.AST, info: FunctionInfo) -> List[Tuple[str, bool]]:
        """(parameter, the truth it must have) for each parameter of `info`, never rebound there, that an
        `if` around `node` tests as a whole operand: `if p:` / `if p and q:` need p true in the body,
        `if not p:` needs p false, the `else:` of `if p:` / `if p or q:` needs p false."""
        if isinstance(info.node, ast.Lambda):
            return []
        params = parameter_names(info) - set(self.assignments(info))
        found: List[Tuple[str, bool]] = []
        for child, parent in self.climb(node, info.node):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef,)):
                break
            if not isinstance(parent, ast.If) or child is parent.test:
                continue
            body = any(child is stmt for stmt in parent.body)
            found.extend(_operand_truths(parent.test, body, params))
        return found

    def live_graph(self, node: ast.AST, info: Optional[FunctionInfo]) -> Optional[GraphInfo]:
        """Why `node` runs as a graph, naming a traced path on which it can run. `info.graph` names one
        traced caller; when `node` sits under `if training:` and that caller passes `training=False` (a
        literal), the node does not run on that path: another traced caller that can reach it is named
        instead, and None is returned when every traced caller in the module passes such a literal.
        In the traced entry point itself (a Keras `call`, a tf.function), whose callers are Keras or eager
        code, `node` under `if logging:` with `logging=False` runs only where a call passes `logging`
        (`live_origin`)."""
        graph = info.graph if info is not None else None
        if graph is None or info is None or graph.external is not None:
            return graph
        if graph.origin is info and graph.reason in ORIGIN_REASONS:
            return self.live_origin(node, info, graph)
        if graph.reason != "called":
            return graph
        link = self.facts.link
        if link is not None and (info.qualname in link.incoming or link.callers.get(info.qualname)):
            return graph  # called from other modules too: their arguments are not seen here
        guards = self.parameter_guards(node, info)
        if not guards:
            return graph
        sites = [s for s in info.callers if s.caller is not None and s.caller.graph is not None and not s.eager]
        if not sites or any(s.is_reference for s in sites):
            return graph
        live = [s for s in sites if not self._passes_contrary(s, info, guards)]
        if not live:
            return None
        if any(s.node is graph.site for s in live):
            return graph
        site = live[0]
        assert site.caller is not None and site.caller.graph is not None
        return GraphInfo("called", site.caller.graph.origin, site.node, via=site.caller)

    def live_origin(self, node: ast.AST, info: FunctionInfo, graph: GraphInfo) -> Optional[GraphInfo]:
        """`live_graph` in the traced entry point `info`. A guard on a parameter whose literal default is
        contrary to it (`if logging:` under `logging=False`; not `training` or `mask` of a Keras method,
        which Keras passes) holds only where a call passes the parameter: `graph` when this module shows
        such a call (a keyword of that name anywhere in the module, not a contrary literal; a call of
        `info` that passes it or may), None when nothing in the project does, and `graph` with `flag` set
        (weak evidence) when only another module may (a keyword of that name, or a call of `info`)."""
        guards = self.parameter_guards(node, info)
        if not guards:
            return graph
        defaults = _literal_defaults(info)
        flag: Optional[Tuple[str, bool, str]] = None
        for name, truth in guards:
            default = defaults.get(name)
            if not isinstance(default, ast.Constant) or bool(default.value) == truth:
                continue
            if graph.reason == "keras" and name in KERAS_CALL_ARGUMENTS:
                continue
            if self._passed_here(info, name, truth, graph):
                continue
            why = self._passed_elsewhere(info, name, truth)
            if why is None:
                return None  # off by default, and nothing in the project turns it on
            flag = flag or (name, truth, why)
        return graph if flag is None else dataclasses.replace(graph, flag=flag)

    def _passed_here(self, info: FunctionInfo, name: str, truth: bool, graph: GraphInfo) -> bool:
        """A call in this module may pass `name` a value with that truth: a keyword of that name anywhere
        (the call's target is not resolved: a Keras layer is called through its instance), or a call of
        `info` that passes it (by position too), unpacks arguments, or a reference to `info` (called with
        anything)."""
        bit = PASSED_TRUE if truth else PASSED_FALSE
        if self.facts.passed_keywords.get(name, 0) & bit:
            return True
        for site in info.callers:
            if site.node is graph.site:
                continue  # the wrapping `tf.function(f)`
            call = site.node
            if site.is_reference or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return True
            for param, arg in self.map_arguments(call, info, self.bound_call(call, info)):
                if param == name and not (isinstance(arg, ast.Constant) and bool(arg.value) != truth):
                    return True
        return False

    def _passed_elsewhere(self, info: FunctionInfo, name: str, truth: bool) -> Optional[str]:
        """What shows that another module of the project may pass `name` a value with that truth, or None."""
        link = self.facts.link
        if link is None:
            return None
        if link.passed_flags.get(name, 0) & (PASSED_TRUE if truth else PASSED_FALSE):
            return f"but another module of the project passes a `{name}` keyword to a call"
        if link.callers.get(info.qualname):
            return f"but another module of the project calls `{info.name}`, with arguments this check does not see"
        return None

    def attribute_guards(self, node: ast.AST, info: FunctionInfo) -> List[Tuple[str, object, bool]]:
        """(attr, literal, equal) for each test `self.<attr> == literal` (`!=`: equal False) that holds
        whenever `node` runs within `info`: the enclosing `if`s and conditional expressions (the `and`
        operands of a test, in its body; the negated test in its `else`)."""
        if isinstance(info.node, ast.Lambda) or not info.node.args.args:
            return []
        self_name = info.node.args.args[0].arg
        found: List[Tuple[str, object, bool]] = []
        for child, parent in self.climb(node, info.node):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef,)):
                break
            if not isinstance(parent, (ast.If, ast.IfExp)) or child is parent.test:
                continue
            test = parent.test
            if child is parent.body or (isinstance(parent.body, list) and any(child is stmt for stmt in parent.body)):
                operands = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
                found.extend(g for g in (_attribute_equality(o, self_name) for o in operands) if g is not None)
            else:
                guard = _attribute_equality(test, self_name)
                if guard is not None:
                    found.append((guard[0], guard[1], not guard[2]))
        return found

    def tf1_placeholder(
        self, expr: ast.AST, info: Optional[FunctionInfo], kinds: FrozenSet[str] = TF1_PLACEHOLDERS
    ) -> Optional[ast.Call]:
        """A call in `expr` (not in a lambda) that makes a TensorFlow 1 placeholder (`kinds`), or None:
        `tf.compat.v1.placeholder(...)`, also as the default of `kwargs.get("y", tf.compat.v1.placeholder(...))`."""
        stack: List[ast.AST] = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, SCOPE_TYPES):
                continue
            if isinstance(node, ast.Call) and (self.facts.qualname(node.func, info) or "") in kinds:
                return node
            stack.extend(iter_children(node))
        return None

    def placeholder_attributes(self, cls: ClassInfo) -> Dict[str, ast.Call]:
        """The attributes the class (or a base of it in this module) gives a TensorFlow 1 placeholder that
        cannot be made eagerly (TF1_GRAPH_ONLY), each with the call: `self.y = tf.compat.v1.placeholder(...)`
        in a method, or `model.y = ...` on the instance a method makes (`model = cls()`). Code that reads one
        runs in a TensorFlow 1 graph."""
        def collect() -> Dict[str, ast.Call]:
            found: Dict[str, ast.Call] = {}
            classes, _rest = self.facts.mro(cls)
            names = {c.name for c in classes}
            for klass in classes:
                for method in klass.methods.values():
                    node = method.node
                    if isinstance(node, ast.Lambda) or not node.args.args:
                        continue
                    first = node.args.args[0].arg
                    owners = {first}
                    assigns = [sub for sub in ast.walk(node) if isinstance(sub, (ast.Assign, ast.AnnAssign)) and sub.value is not None]
                    for sub in assigns:  # `model = cls()` / `model = Tagger()`
                        if (
                            isinstance(sub, ast.Assign)
                            and len(sub.targets) == 1
                            and isinstance(sub.targets[0], ast.Name)
                            and isinstance(sub.value, ast.Call)
                            and isinstance(sub.value.func, ast.Name)
                            and sub.value.func.id in names | {first}
                        ):
                            owners.add(sub.targets[0].id)
                    for sub in assigns:
                        targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                        for target in targets:
                            if (
                                isinstance(target, ast.Attribute)
                                and isinstance(target.value, ast.Name)
                                and target.value.id in owners
                                and target.attr not in found
                            ):
                                call = self.tf1_placeholder(sub.value, method, TF1_GRAPH_ONLY)
                                if call is not None:
                                    found[target.attr] = call
            return found

        cache = self.facts.kept("_placeholder_attributes", dict)
        if id(cls) not in cache:
            cache[id(cls)] = collect()
        return cache[id(cls)]

    def set_only_in_init(self, cls: ClassInfo, attr: str) -> bool:
        """The class's methods assign `self.<attr>` only in `__init__` (and never through `setattr`)."""
        for method in cls.methods.values():
            for sub in ast.walk(method.node):
                if setattr_target(sub) is not None:
                    return False
                if method.name == "__init__":
                    continue
                if isinstance(sub, ast.Attribute) and sub.attr == attr and not isinstance(sub.ctx, ast.Load):
                    return False
        return True

    def opt_in_option(self, node: ast.AST, info: Optional[FunctionInfo]) -> Optional[str]:
        """`self.<attr>` when `node` runs only while that attribute is true (`if self.debug and ...:`)
        and the class sets it only in `__init__`, to a false literal or to a parameter of `__init__` that
        defaults to one: an option the user turns on, off by default (a debug print meant for eager runs)."""
        if info is None or isinstance(info.node, ast.Lambda) or not info.node.args.args:
            return None
        cls = self.facts.enclosing_class(info)
        if cls is None:
            return None
        self_name = info.node.args.args[0].arg
        for child, parent in self.climb(node, info.node):
            if isinstance(parent, FUNCTION_TYPES + (ast.ClassDef,)):
                break
            if not isinstance(parent, ast.If) or not any(child is stmt for stmt in parent.body):
                continue
            operands = parent.test.values if isinstance(parent.test, ast.BoolOp) and isinstance(parent.test.op, ast.And) else [parent.test]
            for operand in operands:
                if (
                    isinstance(operand, ast.Attribute)
                    and isinstance(operand.value, ast.Name)
                    and operand.value.id == self_name
                    and self._off_by_default(cls, operand.attr)
                ):
                    return f"self.{operand.attr}"
        return None

    def _off_by_default(self, cls: ClassInfo, attr: str) -> bool:
        init = cls.methods.get("__init__")
        if init is None or isinstance(init.node, ast.Lambda):
            return False
        seen = False
        for method in cls.methods.values():
            for sub in ast.walk(method.node):
                targets: List[ast.AST] = []
                if isinstance(sub, ast.Assign):
                    targets = [t for target in sub.targets for t in _flatten_targets(target)]
                elif isinstance(sub, (ast.AugAssign, ast.AnnAssign)):
                    targets = [sub.target]
                for target in targets:
                    if not (isinstance(target, ast.Attribute) and target.attr == attr and isinstance(target.value, ast.Name)):
                        continue
                    value = sub.value if isinstance(sub, ast.Assign) and len(sub.targets) == 1 else None
                    if method is not init or not self._false_by_default(value, init):
                        return False
                    seen = True
                if setattr_target(sub) is not None:
                    return False
        return seen

    @staticmethod
    def _false_by_default(value: Optional[ast.AST], init: FunctionInfo) -> bool:
        if isinstance(value, ast.Constant):
            return not value.value
        if isinstance(value, ast.Name):
            default = _literal_defaults(init).get(value.id)
            return isinstance(default, ast.Constant) and not default.value
        return False

    def _passes_contrary(self, site: CallSite, info: FunctionInfo, guards: List[Tuple[str, bool]]) -> bool:
        """The call passes (or leaves at its literal default) a literal contrary to a guard's truth."""
        call = site.node
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return False
        passed = {name: arg for name, arg in self.map_arguments(call, info, self.bound_call(call, info)) if name}
        defaults = _literal_defaults(info)
        for name, truth in guards:
            value = passed.get(name, defaults.get(name))
            if isinstance(value, ast.Constant) and bool(value.value) != truth:
                return True
        return False

    # -- calls and parameters ------------------------------------------------------------------

    def bound_call(self, call: ast.Call, target: FunctionInfo) -> bool:
        """The call passes the receiver implicitly (`self.step(x)`, `super().step(x)` of a method), not
        explicitly (`Base.step(self, x)`, `cls.step(self, x)` through a class: arguments bind from `self`)."""
        if target.cls is None or isinstance(target.node, ast.Lambda):
            return False
        decorators = {d.id for d in target.node.decorator_list if isinstance(d, ast.Name)}
        if "staticmethod" in decorators:
            return False
        func = call.func
        if not isinstance(func, ast.Attribute):
            return False
        receiver = func.value
        if isinstance(receiver, ast.Name) and receiver.id != "self" and (
            receiver.id == "cls" or receiver.id in self.facts.module_classes or receiver.id[:1].isupper()
        ):
            return "classmethod" in decorators  # a class: only a classmethod gets it implicitly
        return True

    def parameters(self, target: FunctionInfo, bound: bool) -> Tuple[List[str], Set[str], Optional[str], Optional[str]]:
        """(positional parameter names, keyword-only names, *args name, **kwargs name)."""
        args = target.node.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        if bound and positional:
            positional = positional[1:]
        return (
            positional,
            {a.arg for a in args.kwonlyargs},
            args.vararg.arg if args.vararg else None,
            args.kwarg.arg if args.kwarg else None,
        )

    def map_arguments(self, call: ast.Call, target: FunctionInfo, bound: bool) -> List[Tuple[Optional[str], ast.expr]]:
        """Each argument of a call with the parameter it binds (None when it cannot be told)."""
        positional, kwonly, vararg, kwarg = self.parameters(target, bound)
        result: List[Tuple[Optional[str], ast.expr]] = []
        starred = False
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                starred = True
                continue
            if starred:
                result.append((None, arg))
            elif index < len(positional):
                result.append((positional[index], arg))
            else:
                result.append((None, arg))
        for kw in call.keywords:
            if kw.arg is None:
                continue
            if kw.arg in positional or kw.arg in kwonly:
                result.append((kw.arg, kw.value))
            else:
                result.append((None, kw.value))
        return result


# -- loop-carried Python values -------------------------------------------------------------------


# The traced entry points whose callers are Keras or eager code (`ModuleAnalysis.live_origin`), and the
# arguments Keras itself passes to a layer's or model's `call`.
ORIGIN_REASONS = ("keras", "decorated", "wrapped")
KERAS_CALL_ARGUMENTS = frozenset({"training", "mask"})


# Paths of test modules and test helpers (the engine's `Context.is_test_file` uses the same pattern): also
# what a `testdata/` or `test_data/` folder holds, the fixtures tests load (Google's convention, and others').
TEST_PATH = re.compile(
    r"(^|[\\/])(tests?[\\/]|test_?data[\\/]|test_[^\\/]*\.py$|[^\\/]*_test\.py$|conftest\.py$"
    r"|(?:[^\\/]*_)?testing(?:_utils?)?\.py$|[^\\/]*_test_utils?\.py$|testutils?\.py$|[^\\/]*testlib\.py$)"
)


def loop_carried(an: "ModuleAnalysis", loop: ast.AST) -> Dict[str, ast.stmt]:
    """Names and attribute keys (`step`, `self.lr`) that the body of `loop` rebinds from their own
    previous value (`step += 1`, `lr = lr * 0.9`, `x = f(x)`), each with the rebinding statement:
    a value carried from one iteration to the next, so it differs per iteration unless the update
    is the identity. Subscripted targets (`d[k] += 1`) are not keys and are left out."""
    found: Dict[str, ast.stmt] = {}
    for node in an.scope_walk(loop):
        if isinstance(node, ast.AugAssign):
            if not isinstance(node.target, ast.Subscript):
                key = key_of(node.target)
                if key is not None:
                    found.setdefault(key, node)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and not isinstance(node.targets[0], ast.Subscript):
            key = key_of(node.targets[0])
            if key is not None and key in value_keys(node.value):
                found.setdefault(key, node)
    return found


def runs_every_iteration(loop: ast.AST, stmt: ast.stmt) -> bool:
    """`stmt` is in the body of `loop` itself (or a `with`/`try` block there), not under an `if`, a
    nested loop or an exception handler: it runs on each iteration that reaches it."""
    body = getattr(loop, "body", None)
    if not isinstance(body, list):
        return False
    todo = list(body)
    while todo:
        node = todo.pop()
        if node is stmt:
            return True
        if isinstance(node, (ast.With, ast.AsyncWith)):
            todo.extend(node.body)
        elif isinstance(node, ast.Try):
            todo.extend(node.body)
    return False


def value_keys(expr: ast.AST) -> Set[str]:
    """Every name and attribute key (`self.lr`) an expression reads."""
    keys: Set[str] = set()
    for node in ast.walk(expr):
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(getattr(node, "ctx", None), ast.Load):
            key = key_of(node)
            if key is not None:
                keys.add(key)
    return keys

def shorten(text: str, limit: int = 40) -> str:
    """Source text for a message: one line, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _getattr_as_attribute(expr: ast.expr) -> ast.expr:
    """`getattr(self, "_fn", None)` reads `self._fn` (a lazy cache spelled with a default)."""
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Name)
        and expr.func.id == "getattr"
        and len(expr.args) in (2, 3)
        and isinstance(expr.args[1], ast.Constant)
        and isinstance(expr.args[1].value, str)
        and expr.args[1].value.isidentifier()
    ):
        return ast.Attribute(value=expr.args[0], attr=expr.args[1].value, ctx=ast.Load())
    return expr


def _flatten_targets(target: ast.AST) -> List[ast.AST]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [t for elt in target.elts for t in _flatten_targets(elt)]
    if isinstance(target, ast.Starred):
        return _flatten_targets(target.value)
    return [target]


# `except*` (3.11) catches a plain exception of its types too, wrapped in a group.
TRY_TYPES = (ast.Try,) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def _caught_names(handler_type: ast.expr) -> List[str]:
    """The last names of the exceptions an `except` clause names (`except (KeyError, errors.NotFound):`)."""
    names = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    return [parts[-1] for parts in map(dotted_parts, names) if parts is not None]


def _catches(handler_type: Optional[ast.expr], errors: FrozenSet[str]) -> bool:
    if handler_type is None:
        return True
    return any(name in errors or name in ("Exception", "BaseException") for name in _caught_names(handler_type))


def _catches_miss(handler_type: Optional[ast.expr]) -> bool:
    return handler_type is not None and any(name in MISS_EXCEPTIONS for name in _caught_names(handler_type))


def definition_related(info: FunctionInfo, source, message: str) -> Related:
    """Related information at the name of a function's def, in this file or another of the project."""
    if info.external is not None:
        return Related(info.external.place.span, message, info.external.place.path)
    return Related(definition_span(info, source), message)


def graph_related(info: FunctionInfo, source, graph: Optional[GraphInfo] = None) -> List[Related]:
    """Related information at what makes `info` traced: its decorator or wrapping, the traced call
    site, the dataset call, or that place in another file of the project (for `graph`, a path
    `ModuleAnalysis.live_graph` chose, when given)."""
    graph = graph if graph is not None else info.graph
    if graph is None:
        return []
    message = f"`{info.name}` is {graph.describe()}"
    external = graph.external
    if external is not None:
        related = [Related(external.place.span, message, external.place.path)]
        if external.origin is not None:
            related.append(Related(external.origin.span, f"the chain of calls starts here: {external.origin_note}", external.origin.path))
        return related
    if graph.site is None or not hasattr(graph.site, "lineno"):
        return []
    span = definition_span(info, source) if graph.site is info.node else source.span_of(graph.site)
    return [Related(span, message)]


_DEF_NAME = re.compile(r"\bdef\s+(\w+)")


def definition_span(info: FunctionInfo, source) -> Span:
    """The name in `def name(...)` (the whole lambda for lambdas): where a function is defined."""
    node = info.node
    if isinstance(node, ast.Lambda):
        return source.span_of(node)
    line = node.lineno
    text = source.line_text(line)
    # One pattern for every name: a pattern per name overflows `re`'s cache on large projects.
    match = next((m for m in _DEF_NAME.finditer(text) if m.group(1) == node.name), None)
    if match is None:
        return source.span_of(node)._replace(end_line=line, end_col=len(text))
    return Span(line, match.start(1), line, match.end(1))


def confidently_traced(graph: GraphInfo) -> bool:
    """Traced for sure: neither the code nor the entry point that traces it is traced only by the
    Keras `call` heuristic (the model may run eagerly)."""
    origin = graph.origin.graph
    return graph.confident and (origin is None or origin.confident)


def milder(severity: Severity) -> Severity:
    return Severity(min(severity + 1, Severity.HINT))


def traced_severity(graph: GraphInfo, severity: Severity) -> Severity:
    """A rule's severity where the code is traced for sure; one step milder where only the Keras `call`
    heuristic says it is (the model may run eagerly)."""
    return severity if confidently_traced(graph) else milder(severity)


def runs_as_graph(info: Optional[FunctionInfo], graph: GraphInfo) -> str:
    """"`f` runs as a graph (why)", said truthfully for code Keras traces: a Keras `call` is a graph
    under `fit`/`evaluate`/`predict` or a tf.function, but runs eagerly when the layer is called
    directly, so the claim is conditional."""
    who = function_label(info)
    origin = graph.origin
    entry = origin.graph
    if entry is not None and entry.reason == "keras":
        cls = origin.cls
        unrun = cls.unrun_model if entry.weak and cls is not None and cls.is_keras else ""
        when = f"when Keras traces {function_label(origin)} (in `fit`, `evaluate`, `predict` or a tf.function"
        when += f"; {unrun})" if unrun else ")"
        if entry.weak and cls is not None and cls.is_keras and cls.tensorflow1 and not unrun:
            when += (
                f" on TensorFlow 2; {cls.tensorflow1}, which only TensorFlow 1 or multi-backend Keras "
                "has, where Keras builds it once without tf.function"
            )
        elif entry.weak and entry.once and not unrun:
            when += f" {entry.once}"
        elif entry.weak and cls is not None and cls.is_keras and cls.compiled_eagerly:
            when += " without `run_eagerly=True` (this module compiles the model with it)"
        elif entry.weak and not unrun:
            when += " and its base class is a Keras layer or model"
        if origin is info:
            return f"{when} it runs as a graph"
        return f"{when} {who} runs as a graph ({graph.describe()})"
    return f"{who} runs as a graph ({graph.describe()})"


def _operand_truths(test: ast.expr, when: bool, params: Set[str]) -> List[Tuple[str, bool]]:
    """Parameters `test` having the outcome `when` shows the truth of: (name, truth)."""
    if isinstance(test, ast.Name):
        return [(test.id, when)] if test.id in params else []
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _operand_truths(test.operand, not when, params)
    if isinstance(test, ast.BoolOp) and when == isinstance(test.op, ast.And):  # every operand had it
        return [t for value in test.values for t in _operand_truths(value, when, params)]
    return []


def _literal_defaults(info: FunctionInfo) -> Dict[str, ast.expr]:
    args = info.node.args
    positional = args.posonlyargs + args.args
    found = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
    found.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    return found


def runs_within(inner: FunctionInfo, outer: FunctionInfo, _depth: int = 0) -> bool:
    """`inner` (`outer` or a def/lambda nested in it) runs while a call of `outer` runs: `outer`'s body
    calls it, directly or through nested functions it calls. A closure only returned, stored or passed
    on runs wherever its receiver calls it (a loss function Keras calls inside the traced step), which
    the module does not show."""
    if inner is outer:
        return True
    if _depth > 8 or not inner.within(outer):
        return False
    return any(
        not site.is_reference and site.caller is not None and site.caller is not inner
        and runs_within(site.caller, outer, _depth + 1)
        for site in inner.callers
    )


def function_label(info: Optional[FunctionInfo]) -> str:
    """How messages name a function: `` `name` ``, or "this lambda"."""
    if info is None or info.name == "<lambda>":
        return "this lambda"
    return f"`{info.name}`"


def _is_static_or_class(node: ast.AST) -> bool:
    return any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod") for d in node.decorator_list)


def parameter_names(info: FunctionInfo) -> Set[str]:
    """Every parameter a function declares, `self`, `*args` and `**kwargs` included."""
    args = info.node.args
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    return names


def tf_module_name(facts: ModuleFacts, scope: Optional[FunctionInfo]) -> Optional[str]:
    """A name bound to the tensorflow module where code in `scope` runs (module level when None)."""
    candidates: List[str] = []
    s = scope
    while s is not None:
        candidates.extend(name for name, qual in s.locals.items() if qual == TF)
        s = s.parent
    alias = facts.tf_module_alias()
    if alias is not None:
        candidates.append(alias)
    for name in candidates:
        if facts.qualname(ast.Name(id=name, ctx=ast.Load()), scope) == TF:
            return name
    return None


def tf_function_callee(
    call: ast.Call, facts: ModuleFacts, an: ModuleAnalysis, scope: Optional[FunctionInfo]
) -> Tuple[Optional[FunctionInfo], Optional[TfFunctionUse]]:
    """The function a call reaches and the tf.function object in between, including a local
    `step = tf.function(f)` that `ModuleFacts.resolve_callable` leaves unresolved."""
    cls = facts.enclosing_class(scope)
    target, use = facts.resolve_callable(call.func, scope, cls, external=True)
    if target is not None or not isinstance(call.func, ast.Name) or scope is None:
        return target, use
    name = call.func.id
    if not an.is_local_name(name, scope):
        return None, None
    values = an.assignments(scope).get(name, [])
    if len(values) != 1 or not isinstance(values[0], ast.Call):
        return None, None
    wrapping = values[0]
    for candidate in facts.tf_uses:
        if candidate.node is wrapping and candidate.target is not None:
            return candidate.target, candidate
    return None, None


# `.. autofunction:: pkg.mod._helper` (Sphinx autodoc) in a module docstring: the name is documented API.
_AUTODOC = re.compile(r"\.\.\s+auto(?:function|method|class)::\s+([\w.]+)")


def documented_as_called(facts: ModuleFacts, info: FunctionInfo) -> bool:
    """The module documents `info` as API its users call: its module docstring lists it for autodoc, or a
    doctest (`>>> f(...)`) in its own docstring or the module's calls it. Whatever its name, it then has
    an eager caller the analysis cannot see: the user."""
    if isinstance(info.node, ast.Lambda) or info.parent is not None:
        return False
    owner = info.cls.name if info.cls is not None else None
    listed = facts.kept("_autodoc_targets", lambda: _autodoc_targets(facts.tree))
    if any(parts[-1] == info.name and (owner is None or (len(parts) > 1 and parts[-2] == owner)) for parts in listed):
        return True
    # A doctest names the function after `>>>`: a docstring without both cannot match, and compiling
    # the pattern for every function of a large project overflows `re`'s cache.
    own = ast.get_docstring(info.node, clean=False)
    module = ast.get_docstring(facts.tree, clean=False)
    texts = [doc for doc in (own, module) if doc and ">>>" in doc and info.name in doc]
    if not texts:
        return False
    called = re.compile(r">>>[^\n]*\b" + re.escape(info.name) + r"\s*\(")
    return any(called.search(doc) for doc in texts)


def _autodoc_targets(tree: ast.Module) -> List[Tuple[str, ...]]:
    doc = ast.get_docstring(tree, clean=False)
    return [tuple(m.group(1).split(".")) for m in _AUTODOC.finditer(doc)] if doc else []


def _attribute_equality(test: ast.expr, self_name: str) -> Optional[Tuple[str, object, bool]]:
    """`self.<attr> == literal` (or `!=`, either side) → (attr, literal, equal)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.NotEq))):
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(left, ast.Constant):
        left, right = right, left
    if (
        isinstance(left, ast.Attribute)
        and isinstance(left.value, ast.Name)
        and left.value.id == self_name
        and isinstance(right, ast.Constant)
    ):
        return left.attr, right.value, isinstance(test.ops[0], ast.Eq)
    return None


def exclusive_guards(a: Sequence[Tuple[str, object, bool]], b: Sequence[Tuple[str, object, bool]]) -> Optional[str]:
    """An attribute that guards `a` and `b` test contradictorily (`== "x"` and `== "y"`, or `== "x"` and
    `!= "x"`): code under one never runs in the same state as code under the other."""
    for attr, value, equal in a:
        for other, value2, equal2 in b:
            if attr != other:
                continue
            same = value == value2
            if (equal and equal2 and not same) or (equal != equal2 and same):
                return attr
    return None
