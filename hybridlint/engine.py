"""The engine: text in, findings out. Pure: no I/O, no editor types.

One parse with `ast` (fast, with exact end positions), one walk for module facts, one walk that
dispatches each node to the rules that asked for its type. Fixes are text edits on exact ranges, so
they keep every byte of formatting and comments outside the range, and each is re-parsed before it
is offered.
"""

from __future__ import annotations

import ast
import bisect
import functools
import gc
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type, Union

from .analysis import TEST_PATH, graph_related
from .facts import (
    EAGER,
    GRAPH,
    LOOP_NODES,
    FunctionInfo,
    GraphInfo,
    ModuleFacts,
    branch_modes,
    child_fields,
    is_init_scope,
    kind_bit,
)
from .links import ModuleLink
from .rule import Finding, Fix, Related, Rule, Severity
from .settings import Settings
from .source import Edit, SourceText, Span, apply_edits, parse_python
from .tensors import input_only_roots, settle_input_only_calls

NOQA_COMMENT = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:\s*,?\s*[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)
_FILE_NOQA = re.compile(r"^[ \t\f]*#\s*hybridlint:\s*noqa\s*$", re.IGNORECASE | re.MULTILINE)
# Test modules, and test-support modules (`test_util.py`, `testing.py`, `foo_testing.py`, `testing_utils.py`,
# `foo_test_util.py`, `foo_testlib.py`), whose helpers only run under tests.
_TEST_PATH = TEST_PATH


@functools.lru_cache(maxsize=256)
def _is_test_path(path: str) -> bool:
    """A test module's path (`_TEST_PATH`; the pattern tries every position of a long path: kept per path, as the
    language server checks the same document on every edit)."""
    return bool(_TEST_PATH.search(path.replace("\\", "/")))


@dataclass(frozen=True)
class SyntaxProblem:
    message: str
    span: Span


@dataclass(frozen=True)
class RuleError:
    code: str
    message: str


@dataclass
class CheckResult:
    path: str
    source: SourceText
    findings: List[Finding] = field(default_factory=list)
    syntax_error: Optional[SyntaxProblem] = None
    rule_errors: List[RuleError] = field(default_factory=list)
    skipped: bool = False  # the text never mentions TensorFlow, so it was not parsed
    # The module facts the rules read (None when no rule ran): front ends reuse them (the hybridize
    # refactorings) instead of computing them again for the same tree.
    facts: Optional[ModuleFacts] = field(default=None, repr=False, compare=False)


# -- the walk context ---------------------------------------------------------------------


class Context:
    """What a rule sees while the engine walks one module."""

    def __init__(self, source: SourceText, tree: ast.Module, facts: ModuleFacts, path: str, settings: Settings):
        self.source = source
        self.tree = tree
        self.facts = facts
        self.path = path
        self.settings = settings
        self.function: Optional[FunctionInfo] = None  # innermost def or lambda around the node
        self.ancestors: List[ast.AST] = []  # parents of the node being visited, outermost first
        self.loops: List[ast.AST] = []  # loops around the node within the current function
        self.eager_depth = 0  # inside `with tf.init_scope()` / `if tf.executing_eagerly():` (or its `else:` of a negation)
        # Inside a graph-only region (`else:` of `if tf.executing_eagerly():`, `if not tf.executing_eagerly():`):
        # the code runs only while a graph is being built, once per trace. `graph` is not changed by it: in a
        # function not known to be traced, the author has acknowledged graph mode there, so rules about
        # per-call graph hazards stay quiet; rules about how often code runs may treat it as trace-time code.
        self.graph_only_depth = 0
        self.findings: List[Finding] = []
        self.errors: List[RuleError] = []
        self.is_test_file = _is_test_path(path)
        self._unimportable: Optional[Tuple[Optional[ast.ImportFrom]]] = None

    @property
    def unimportable(self) -> Optional[ast.ImportFrom]:
        """With the project index on: the module's import of a module of its package that is not there
        (`project.missing_module`), which makes the module fail on import: it is dead code. The index
        judged the imports from the folders it listed when it was built (`ModuleLink.missing_imports`):
        the check reads nothing from disk. An import typed since the index saw the module is not judged."""
        if self._unimportable is None:
            found = None
            link = self.facts.link
            if link is not None and link.missing_imports:
                missing = link.missing_imports
                for stmt in self.tree.body:
                    if (
                        isinstance(stmt, ast.ImportFrom)
                        and stmt.level
                        and stmt.module
                        and (stmt.level, stmt.module) in missing
                    ):
                        found = stmt
                        break
            self._unimportable = (found,)
        return self._unimportable[0]

    @property
    def graph(self) -> Optional[GraphInfo]:
        """Why the code being visited runs as a graph, or None when it runs eagerly."""
        if self.eager_depth or self.function is None:
            return None
        return self.function.graph

    @property
    def parent(self) -> Optional[ast.AST]:
        return self.ancestors[-1] if self.ancestors else None

    def qualname(self, expr: ast.AST) -> Optional[str]:
        return self.facts.qualname(expr, self.function)

    def is_tf(self, expr: ast.AST) -> bool:
        return self.facts.is_tf(expr, self.function)

    def span(self, node: ast.AST) -> Span:
        return self.source.span_of(node)

    def function_at(self, where: Union[ast.AST, Span]) -> Optional[FunctionInfo]:
        """The innermost function whose body holds `where` (for findings reported after the walk)."""
        span = where if isinstance(where, Span) else self.source.span_of(where)
        best: Optional[FunctionInfo] = None
        for info in self.facts.functions:
            node = info.node
            start, end = node.lineno, getattr(node, "end_lineno", None) or node.lineno
            if start <= span.line <= end and (best is None or start >= best.node.lineno):
                best = info
        return best

    def graph_related(self) -> Tuple[Related, ...]:
        """Related information pointing at what makes the current code a graph."""
        if self.graph is None:
            return ()
        return tuple(graph_related(self.function, self.source))  # type: ignore[arg-type]

    def add_finding(
        self,
        rule: Rule,
        where: Union[ast.AST, Span],
        message: str,
        *,
        fix: Optional[Callable[[], Optional[Fix]]] = None,
        related: Sequence[Related] = (),
        severity: Optional[Severity] = None,
        weak: bool = False,
    ) -> None:
        span = where if isinstance(where, Span) else self.source.span_of(where)
        sev = self.settings.severity_overrides.get(rule.code, severity or rule.severity)
        self.findings.append(
            Finding(
                rule.code,
                rule.name,
                span,
                message,
                sev,
                tuple(related),
                _verified(fix, self.source, self.tree, rule.code, self.errors) if fix is not None else None,
                weak=weak,
            )
        )


def _verified(
    factory: Callable[[], Optional[Fix]], source: SourceText, tree: ast.Module, code: str, errors: List[RuleError]
) -> Callable[[], Optional[Fix]]:
    """A fix is only ever offered when the fixed text still parses."""

    def build() -> Optional[Fix]:
        try:
            fix = factory()
        except Exception as exc:  # a broken fix must not take the front end down
            errors.append(RuleError(code, f"fix failed: {type(exc).__name__}: {exc}"))
            return None
        if fix is None or not fix.edits:
            return None
        try:
            fixed = apply_edits(source.text, list(fix.edits), source)
            parse_python(_fixed_region(fixed, fix.edits, source, tree))
        except (SyntaxError, ValueError):
            return None
        return fix

    return build


_STATEMENT_LINES = "_hybridlint_statement_lines"


def _fixed_region(fixed: str, edits: Sequence[Edit], source: SourceText, tree: ast.Module) -> str:
    """The part of `fixed` that a fix's edits can have changed the parse of: the whole lines of the
    top-level statements the edits touch, with one neighbour on each side (an edit between two
    statements), or the whole text. Top-level statements parse independently of each other, so
    when the original parsed, the fixed module parses exactly when this region does. Parsing only
    the region keeps verifying every fix of a module linear in its size (a generated module with
    thousands of findings)."""
    lines: Optional[List[Tuple[int, int]]] = getattr(tree, _STATEMENT_LINES, None)
    if lines is None:
        lines = []
        for stmt in tree.body:
            first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", ())])
            lines.append((first, stmt.end_lineno or stmt.lineno))
        setattr(tree, _STATEMENT_LINES, lines)
    if len(lines) < 8:
        return fixed
    low = min(e.span.line for e in edits)
    high = max(e.span.end_line for e in edits)
    first = bisect.bisect_left(lines, (low, 0)) - 2  # the statement that may hold `low`, and one more
    last = bisect.bisect_right(lines, (high + 1, 0))  # one after the last statement starting by `high`
    # Past either end of the statements the region runs to that end of the text.
    start_line = lines[first][0] if first >= 0 else 1
    end_line = lines[last][1] if last < len(lines) else source.line_count
    if start_line > low or end_line < high:
        return fixed
    start = source.offset(start_line, 0)
    end = source.offset(end_line + 1, 0)
    delta = len(fixed) - len(source.text)
    return fixed[start : end + delta]


# -- the walker --------------------------------------------------------------------------


_PLAIN, _FUNCTION, _SPECIAL = 0, 1, 2
# node class → (how the walker treats it, the fields that may hold children)
_NODE_PLAN: Dict[type, Tuple[int, Tuple[str, ...]]] = {}


def _plan(cls: type) -> Tuple[int, Tuple[str, ...]]:
    plan = _NODE_PLAN.get(cls)
    if plan is None:
        if cls in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            kind = _FUNCTION
        elif cls in LOOP_NODES or cls in (ast.If, ast.With, ast.AsyncWith):
            kind = _SPECIAL
        else:
            kind = _PLAIN
        plan = _NODE_PLAN[cls] = (kind, child_fields(cls))
    return plan


# Nodes without children: a walk into one only dispatches it
_LEAVES = (ast.Name, ast.Constant)

_VISITORS: Dict[type, Tuple[Tuple[type, str], ...]] = {}
_KINDS = "_hybridlint_kinds"  # where `subtree_kinds` keeps each node's mask


def _visitors(rule_class: type) -> Tuple[Tuple[type, str], ...]:
    """(node class, method name) of each `visit_<Node>` of a rule class, found once per class."""
    found = _VISITORS.get(rule_class)
    if found is None:
        pairs = []
        for attr in dir(rule_class):
            if attr.startswith("visit_"):
                node_type = getattr(ast, attr[6:], None)
                if isinstance(node_type, type):
                    pairs.append((node_type, attr))
        found = _VISITORS[rule_class] = tuple(pairs)
    return found


_CHILDREN = "_hybridlint_walk"  # where `_wanted_children` keeps a node's children to enter


def _wanted_children(node: ast.AST, fields: Tuple[str, ...], wanted: int) -> Tuple[int, List[ast.AST]]:
    """The children of `node` the walk enters when it looks for the node kinds of `wanted` (those whose
    mask holds one, and the leaves, which carry no mask: the walk decides on them by their class), in
    order; kept on the node with `wanted`. Only trees with masks (`subtree_kinds`) get here: their
    unchanged statements are the same objects from one edit to the next, so this is computed for the
    edited statement's nodes only."""
    children: List[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        for item in value if type(value) is list else (value,):
            if isinstance(item, ast.AST) and (getattr(item, _KINDS, None) or wanted) & wanted:
                children.append(item)
    kept = (wanted, children)
    node.__dict__[_CHILDREN] = kept
    return kept


_FIELDS = "_hybridlint_walk_fields"  # where `_wanted_fields` keeps a node's children to enter, by field


def _wanted_fields(node: ast.AST, wanted: int) -> Tuple[int, Dict[str, List[ast.AST]]]:
    """`_wanted_children` by field (for the walk's own order in functions, `if`, loops and `with`)."""
    fields: Dict[str, List[ast.AST]] = {}
    for name in child_fields(type(node)):
        value = getattr(node, name, None)
        fields[name] = [
            item
            for item in (value if type(value) is list else (value,))
            if isinstance(item, ast.AST) and (getattr(item, _KINDS, None) or wanted) & wanted
        ]
    kept = (wanted, fields)
    node.__dict__[_FIELDS] = kept
    return kept


class _Walker:
    def __init__(self, ctx: Context, rules: Sequence[Rule]):
        self.ctx = ctx
        # every rule's handlers (used inside functions that run as graphs), and those of the rules
        # that also act elsewhere (`Rule.visits_graph_code_only`); `handlers` is the table in use
        self.graph_handlers: Dict[type, List[Tuple[Rule, Callable[[ast.AST], None]]]] = {}
        self.eager_handlers: Dict[type, List[Tuple[Rule, Callable[[ast.AST], None]]]] = {}
        for rule in rules:
            for node_type, attr in _visitors(type(rule)):
                handler = (rule, getattr(rule, attr))
                self.graph_handlers.setdefault(node_type, []).append(handler)
                if not rule.visits_graph_code_only:
                    self.eager_handlers.setdefault(node_type, []).append(handler)
        self.handlers = self.eager_handlers
        # the leaves (names, constants: about two nodes in five) no handler of a table asks for: never
        # walked into, as their walk would do nothing; `skip` goes with `handlers`
        self.graph_skip = frozenset(cls for cls in _LEAVES if cls not in self.graph_handlers)
        self.eager_skip = frozenset(cls for cls in _LEAVES if cls not in self.eager_handlers)
        self.skip = self.eager_skip
        # the node classes some handler asks for, and `if` (whose tests the walk reads, as it always has):
        # a subtree whose mask shows none of them is passed over (`subtree_kinds`): nothing in it would be asked
        wanted = 0
        for cls in (*self.graph_handlers, ast.If):
            wanted |= kind_bit(cls)
        # 0: the tree carries no masks (only the language server's incremental checks make them): every
        # subtree is walked, with no look at a mask
        body = ctx.tree.body
        self.wanted = wanted if body and getattr(body[0], _KINDS, None) is not None else 0
        self.broken: set = set()
        # regions no `if`/`with` of their own marks as eager: found by flow, or a branch only non-tensor
        # input takes (a traced caller never does)
        facts = ctx.facts
        self.eager_roots = facts.eager_roots | input_only_roots(facts) if facts.has_traced_code else facts.eager_roots
        self.graph_roots = facts.graph_roots  # after `if tf.executing_eagerly(): return`: only while tracing
        # the ids of both kinds of region start, looked up by the walk itself (one call per node, not two)
        self.marked: Optional[set] = (set(self.eager_roots) | set(self.graph_roots)) or None
        self.walk = self._walk_node

    def dispatch(self, node: ast.AST) -> None:
        handlers = self.handlers.get(type(node))
        if handlers:
            self._run(node, handlers)

    def _run(self, node: ast.AST, handlers: List[Tuple[Rule, Callable[[ast.AST], None]]]) -> None:
        for rule, handler in handlers:
            if rule.code in self.broken:
                continue
            try:
                handler(node)
            except Exception as exc:  # one broken rule must not hide the others' findings
                self.broken.add(rule.code)
                self.ctx.errors.append(RuleError(rule.code, f"{type(exc).__name__}: {exc}"))

    def _walk_marked(self, node: ast.AST) -> None:
        # A region that runs only eagerly although no `if`/`with` of its own says so (`facts.eager_roots`),
        # or only while tracing (`facts.graph_roots`): walked with its mark taken off for the while, so
        # that `_walk_node` walks it as any other node (a node is walked once).
        marked = self.marked
        assert marked is not None
        key = id(node)
        marked.discard(key)
        if key in self.eager_roots:
            self.ctx.eager_depth += 1
            self._walk_node(node)
            self.ctx.eager_depth -= 1
        else:
            self.ctx.graph_only_depth += 1
            self._walk_node(node)
            self.ctx.graph_only_depth -= 1
        marked.add(key)

    def _walk_node(self, node: ast.AST) -> None:
        # The hot path of every check: one visit per node, so lookups are hoisted and leaves
        # (names, constants) return before touching the ancestor stack.
        wanted = self.wanted
        if wanted and not (getattr(node, _KINDS, None) or wanted) & wanted:
            return  # its mask says no handler asks for anything in it (`subtree_kinds`; no mask, no pass)
        self._walk_in(node)

    def _walk_in(self, node: ast.AST) -> None:
        # `_walk_node` once the node's mask is known to hold something wanted (or there are no masks)
        marked = self.marked
        if marked is not None and id(node) in marked:
            self._walk_marked(node)
            return
        cls = type(node)
        handlers = self.handlers.get(cls)
        if handlers:
            broken = self.broken
            for rule, handler in handlers:  # `_run`, without a call of its own on the hot path
                if broken and rule.code in broken:
                    continue
                try:
                    handler(node)
                except Exception as exc:  # one broken rule must not hide the others' findings
                    broken.add(rule.code)
                    self.ctx.errors.append(RuleError(rule.code, f"{type(exc).__name__}: {exc}"))
        kind, fields = _NODE_PLAN.get(cls) or _plan(cls)
        if kind == _FUNCTION:
            self._function(node)
            return
        if kind == _SPECIAL:
            self._special(node, cls)
            return
        if not fields:
            return
        ancestors = self.ctx.ancestors
        ancestors.append(node)
        skip = self.skip
        wanted = self.wanted
        if wanted:
            # a tree with masks: the children worth entering, kept on the node (`_wanted_children`)
            kept = node.__dict__.get(_CHILDREN)
            if kept is None or kept[0] != wanted:
                kept = _wanted_children(node, fields, wanted)
            walk_in = self._walk_in
            for item in kept[1]:
                if type(item) not in skip:
                    walk_in(item)
            ancestors.pop()
            return
        walk = self.walk
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if type(item) not in skip and isinstance(item, ast.AST):
                        walk(item)
            elif type(value) not in skip and isinstance(value, ast.AST):
                walk(value)
        ancestors.pop()

    def _children(self, node: ast.AST, names: Iterable[str]) -> None:
        skip = self.skip
        wanted = self.wanted
        if wanted:
            # a tree with masks: each field's children worth entering, kept on the node (`_wanted_fields`)
            kept = node.__dict__.get(_FIELDS)
            if kept is None or kept[0] != wanted:
                kept = _wanted_fields(node, wanted)
            fields = kept[1]
            walk_in = self._walk_in
            for name in names:
                for item in fields.get(name, ()):
                    if type(item) not in skip:
                        walk_in(item)
            return
        for name in names:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if (
                        type(item) not in skip
                        and isinstance(item, ast.AST)
                        and (not wanted or (getattr(item, _KINDS, None) or wanted) & wanted)
                    ):
                        self.walk(item)
            elif (
                type(value) not in skip
                and isinstance(value, ast.AST)
                and (not wanted or (getattr(value, _KINDS, None) or wanted) & wanted)
            ):
                self.walk(value)

    def _function(self, node) -> None:
        ctx = self.ctx
        ctx.ancestors.append(node)
        if not isinstance(node, ast.Lambda):
            self._children(node, ("decorator_list",))
            if node.returns is not None:
                self.walk(node.returns)
        self.walk(node.args)
        saved = (ctx.function, ctx.loops, ctx.eager_depth, ctx.graph_only_depth, self.handlers, self.skip)
        function = ctx.function = ctx.facts.function_of(node)
        ctx.loops, ctx.eager_depth, ctx.graph_only_depth = [], 0, 0
        traced = function is not None and function.graph is not None
        if traced:
            self.handlers, self.skip = self.graph_handlers, self.graph_skip
        else:
            self.handlers, self.skip = self.eager_handlers, self.eager_skip
        if isinstance(node, ast.Lambda):
            self.walk(node.body)
        else:
            self._children(node, ("body",))
        ctx.function, ctx.loops, ctx.eager_depth, ctx.graph_only_depth, self.handlers, self.skip = saved
        ctx.ancestors.pop()

    def _special(self, node, cls) -> None:
        ctx = self.ctx
        ctx.ancestors.append(node)
        if cls is ast.If:
            self.walk(node.test)
            modes = branch_modes(node.test, ctx.facts, ctx.function)
            if modes[0] is None and modes[1] is None:  # most tests: no mode in either branch
                self._children(node, ("body", "orelse"))
                ctx.ancestors.pop()
                return
            for mode, branch in zip(modes, ("body", "orelse")):
                eager, graph_only = mode == EAGER, mode == GRAPH
                ctx.eager_depth += eager
                ctx.graph_only_depth += graph_only
                self._children(node, (branch,))
                ctx.eager_depth -= eager
                ctx.graph_only_depth -= graph_only
        elif cls is ast.With or cls is ast.AsyncWith:
            self._children(node, ("items",))
            eager = any(is_init_scope(item, ctx.facts, ctx.function) for item in node.items)
            ctx.eager_depth += eager
            self._children(node, ("body",))
            ctx.eager_depth -= eager
        elif cls is ast.For or cls is ast.AsyncFor:
            self._children(node, ("target", "iter"))
            ctx.loops.append(node)
            self._children(node, ("body",))
            ctx.loops.pop()
            self._children(node, ("orelse",))
        elif cls is ast.While:
            ctx.loops.append(node)
            self._children(node, ("test", "body"))
            ctx.loops.pop()
            self._children(node, ("orelse",))
        else:  # comprehensions: the first iterable is evaluated outside the loop
            generators = node.generators
            self.walk(generators[0].iter)
            ctx.loops.append(node)
            for index, gen in enumerate(generators):
                ctx.ancestors.append(gen)
                self.dispatch(gen)
                self.walk(gen.target)
                if index:
                    self.walk(gen.iter)
                for cond in gen.ifs:
                    self.walk(cond)
                ctx.ancestors.pop()
            if cls is ast.DictComp:
                self.walk(node.key)
                self.walk(node.value)
            else:
                self.walk(node.elt)
            ctx.loops.pop()
        ctx.ancestors.pop()


# -- entry points ------------------------------------------------------------------------


_TF_PREFIX = re.compile(r"(?<![\w.])tf\.")


def mentions_tensorflow(text: str, settings: Settings) -> bool:
    # `tf.` alone: a snippet that uses TensorFlow without importing it (module facts decide).
    # `tf_keras` is Keras 2, which runs only on TensorFlow, also when a package re-exports it
    # (`from gpflow.keras import tf_keras`).
    # (`"tf." in text` first: the pattern's look-behind makes `re` try every position of a long text)
    if "tensorflow" in text or "tf_keras" in text or ("tf." in text and _TF_PREFIX.search(text)):
        return True
    return any(alias in text for alias in settings.alias_modules)


# Python 3.9 and 3.10's parsers crash the process (no exception) on a single expression of a few hundred
# thousand operators; such lines are only ever generated code, so they are refused before parsing there.
_LONGEST_SAFE_LINE = 150_000 if sys.version_info < (3, 11) else None


def parse_or_problem(source: SourceText) -> Tuple[Optional[ast.Module], Optional[SyntaxProblem]]:
    if _LONGEST_SAFE_LINE is not None and len(source.text) > _LONGEST_SAFE_LINE:
        if max(map(len, source.text.splitlines())) > _LONGEST_SAFE_LINE:
            message = f"cannot parse: a line longer than {_LONGEST_SAFE_LINE:,} characters (use Python 3.11 or later)"
            return None, SyntaxProblem(message, Span(1, 0, 1, 0))
    try:
        return parse_python(source.text), None
    except SyntaxError as exc:
        line = exc.lineno or 1
        # SyntaxError offsets are 1-based code points into the line
        col = max((exc.offset or 1) - 1, 0)
        end_line = getattr(exc, "end_lineno", None) or line
        end_col = getattr(exc, "end_offset", None)
        end_col = max(end_col - 1, col) if end_col and end_line == line else col
        if end_line < line:
            end_line, end_col = line, col
        line_text = source.line_text(line)
        col = min(col, len(line_text))
        if end_line == line:
            end_col = min(max(end_col, col), len(line_text))
        return None, SyntaxProblem(f"SyntaxError: {exc.msg}", Span(line, col, end_line, end_col))
    except ValueError as exc:  # e.g. null bytes
        return None, SyntaxProblem(f"cannot parse: {exc}", Span(1, 0, 1, 0))
    except (RecursionError, MemoryError):  # CPython's parser gives up on very deep nesting
        return None, SyntaxProblem("cannot parse: the code is nested too deeply for Python's parser", Span(1, 0, 1, 0))


_GC_LOCK = threading.Lock()  # also guards the recursion limit (`deep_trees`)


@contextmanager
def gc_paused(then_freeze: bool = False) -> Iterator[None]:
    """Hold off the cyclic garbage collector for one check. A module's syntax tree is tens of
    thousands of objects that all live until the check ends; the collector would traverse them
    again and again while they are built and walked (7% of the time on real projects). The
    little cyclic garbage a check leaves is freed by the first collection after it.

    Only on the main thread, where the CLI and its worker processes check files one at a time. The
    switch is process-wide: a worker thread of a host program (the language server checks on
    several) must not turn the collector off under the host's other threads, so there it leaves
    the collector alone. A host that paused the collector itself is left alone too."""
    if threading.current_thread() is not threading.main_thread() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if then_freeze:  # one collection, then what survives leaves every later collection's walk
            gc.collect()
            gc.freeze()
        gc.enable()


def check_source(
    text: str,
    path: str = "<stdin>",
    settings: Optional[Settings] = None,
    rules: Optional[Sequence[Type[Rule]]] = None,
    link: Optional[ModuleLink] = None,
    tree: Optional[ast.Module] = None,
    untraced: bool = False,
) -> CheckResult:
    """Run the selected rules over one module's text. `link` is what the project index knows of
    the rest of the project (`hybridlint.project`); without it the analysis is file-local. `tree`:
    `ast.parse(text)` when the caller has it already (the project index parsed the module).
    `untraced`: the index's summary of this text found no traced code and no name Keras goes by
    imported (`hybridlint.workers`): with a `link` that does not reach graph code, the module's facts
    would find none either, so rules that need traced code are skipped without building them."""
    settings = settings or Settings()
    source = SourceText(text)
    result = CheckResult(path, source)
    if not mentions_tensorflow(text, settings) and not (link is not None and link.reaches_graph_code):
        result.skipped = True
        return result
    with gc_paused():
        if tree is not None:
            return check_tree(source, tree, path, settings, rules, link, untraced)
        if untraced and not _rules_to_run(source, path, settings, rules, link, untraced):
            return result  # what `check_tree` finds without looking at the tree
        tree, problem = parse_or_problem(source)
        if tree is None:
            result.syntax_error = problem
            return result
        return check_tree(source, tree, path, settings, rules, link)


def check_tree(
    source: SourceText,
    tree: ast.Module,
    path: str = "<stdin>",
    settings: Optional[Settings] = None,
    rules: Optional[Sequence[Type[Rule]]] = None,
    link: Optional[ModuleLink] = None,
    untraced: bool = False,
) -> CheckResult:
    """`check_source` after its parse, for front ends that parse by themselves (the language
    server re-parses only the statements an edit touched: `hybridlint.incremental`). `tree` must
    equal `ast.parse(source.text)`, positions included. `untraced`: as for `check_source`."""
    settings = settings or Settings()
    result = CheckResult(path, source)
    rule_classes = _rules_to_run(source, path, settings, rules, link, untraced)
    if not rule_classes:
        return result
    with gc_paused(), deep_trees():
        try:
            return _check_tree(source, tree, path, settings, rule_classes, result, link)
        except RecursionError:
            result.findings = []
            result.syntax_error = SyntaxProblem(
                "cannot analyse: the code is nested too deeply", Span(1, 0, 1, 0)
            )
            return result


def _rules_to_run(
    source: SourceText,
    path: str,
    settings: Settings,
    rules: Optional[Sequence[Type[Rule]]],
    link: Optional[ModuleLink],
    untraced: bool,
) -> List[Type[Rule]]:
    """The rules `check_tree` runs on this module; none when it can report nothing, whatever its tree."""
    from .registry import selected_rules

    if rules is None:
        rule_classes = selected_rules(settings, path)
    else:  # an explicit list still keeps preview rules to preview mode
        rule_classes = [r for r in rules if settings.preview or not r.preview]
    if not rule_classes or _file_noqa(source.text, source):
        return []
    rule_classes = _with_words(rule_classes, source.text, source)
    if (
        untraced
        and link is not None
        and not link.reaches_graph_code
        and all(cls.needs_traced_code for cls in rule_classes)
    ):
        return []  # no traced code (`ModuleFacts.has_traced_code`): no rule left can report
    return rule_classes


def _file_noqa(text: str, source: Optional[SourceText] = None) -> bool:
    """A `# hybridlint: noqa` line. The pattern tries every line of every module checked (about a
    quarter of the check of a module with no traced code): an ASCII text without the word cannot match
    it (a non-ASCII one may, through case folding: `ı` matches `i`). With `source` (of `text`), the word
    is looked for through `SourceText.contains`, whose answer a language server's next version keeps."""
    if text.isascii() and not (source.contains("hybridlint", folded=True) if source is not None else "hybridlint" in text.lower()):
        return False
    return _FILE_NOQA.search(text) is not None


def _with_words(rule_classes: List[Type[Rule]], text: str, source: Optional[SourceText] = None) -> List[Type[Rule]]:
    """The rules that can report in a module of this text (`Rule.needs_words`). Most modules of a
    project have no traced code, and there a default run has only word-gated rules left: without
    them the module needs no walk. With `source` (of `text`): looked for through `SourceText.contains`."""
    if not text.isascii():
        return rule_classes
    found = source.contains if source is not None else text.__contains__
    return [cls for cls in rule_classes if not cls.needs_words or any(found(word) for word in cls.needs_words)]


# CPython's parser accepts expressions a few thousand levels deep (`a + b + ...`); the walks recurse
# once or twice per level, which the default limit of 1000 does not allow. Before 3.11 every Python frame
# also uses C stack, so the limit stays lower there. It is raised only around the walks, never around
# `ast.parse`: with a raised limit, Python 3.9's parser converts trees too deep for the C stack and crashes.
_RECURSION_LIMIT = 12000 if sys.version_info >= (3, 11) else 4000


_deep: List[int] = []  # the limit before the first `deep_trees` still running raised it


@contextmanager
def deep_trees() -> Iterator[None]:
    # Process-wide, and the language server checks on several threads: the last check to end restores it.
    with _GC_LOCK:
        if _deep or sys.getrecursionlimit() < _RECURSION_LIMIT:
            if not _deep:
                _deep.append(sys.getrecursionlimit())
                sys.setrecursionlimit(_RECURSION_LIMIT)
            else:
                _deep.append(0)
            owner = True
        else:
            owner = False
    try:
        yield
    finally:
        if owner:
            with _GC_LOCK:
                previous = _deep.pop()
                if not _deep:
                    sys.setrecursionlimit(previous)


def _check_tree(
    source: SourceText,
    tree: ast.Module,
    path: str,
    settings: Settings,
    rule_classes: List[Type[Rule]],
    result: CheckResult,
    link: Optional[ModuleLink] = None,
) -> CheckResult:
    facts = ModuleFacts(tree, settings.alias_modules, link, text=source.text, multi_backend_keras=settings.multi_backend_keras())
    ctx = Context(source, tree, facts, path, settings)
    settle_input_only_calls(facts, ctx.is_test_file)
    if not facts.has_traced_code:
        rule_classes = [cls for cls in rule_classes if not cls.needs_traced_code]
    instances = [cls(ctx) for cls in rule_classes]
    walker = _Walker(ctx, instances)
    if walker.graph_handlers:  # rules that only look at facts (or none left after gating) need no walk
        for stmt in tree.body:
            walker.walk(stmt)
    for rule in instances:
        if rule.code in walker.broken:
            continue
        try:
            rule.finish()
        except Exception as exc:
            ctx.errors.append(RuleError(rule.code, f"{type(exc).__name__}: {exc}"))
    # A rule that raised keeps the findings it made before: they are real.
    result.facts = facts
    found = ctx.findings
    if facts.dead_spans:  # a definition replaced unused never runs: nothing in it is reported
        found = [f for f in found if not facts.is_dead(f.span.line)]
    result.findings = sorted(_without_noqa(found, source), key=lambda f: f.sort_key)
    result.rule_errors = ctx.errors
    return result


def noqa_codes(line_text: str) -> Optional[frozenset]:
    """The codes a `# noqa` comment on this line suppresses; empty set = all; None = no comment."""
    if "noqa" not in line_text.lower():
        return None
    match = NOQA_COMMENT.search(line_text)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(c.upper() for c in re.findall(r"[A-Za-z]+[0-9]+", codes))


def _without_noqa(findings: List[Finding], source: SourceText) -> List[Finding]:
    kept = []
    cache: Dict[int, Optional[frozenset]] = {}
    for finding in findings:
        suppressed = False
        for line in {finding.span.line, finding.span.end_line}:
            if line not in cache:
                cache[line] = noqa_codes(source.line_text(line))
            codes = cache[line]
            if codes is not None and (not codes or finding.code in codes):
                suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept


# -- fixing ------------------------------------------------------------------------------


@dataclass
class FixOutcome:
    text: str
    applied: List[Finding]
    result: CheckResult  # the check of the final text


def fix_source(
    text: str,
    path: str = "<stdin>",
    settings: Optional[Settings] = None,
    *,
    unsafe: bool = False,
    rules: Optional[Sequence[Type[Rule]]] = None,
    max_rounds: int = 10,
    link: Optional[ModuleLink] = None,
) -> FixOutcome:
    """Apply fixes until none is left (or `max_rounds`). Each round applies the non-overlapping
    fixes, re-parses the result and re-checks it; a round whose result does not parse is dropped."""
    applied: List[Finding] = []
    result = check_source(text, path, settings, rules, link)
    for _ in range(max_rounds):
        edits, taken = non_overlapping_fixes(result.findings, result.source, unsafe)
        if not edits:
            break
        new_text = apply_edits(text, edits, result.source)
        try:
            parse_python(new_text)
        except (SyntaxError, ValueError):
            break
        text = new_text
        applied.extend(taken)
        result = check_source(text, path, settings, rules, link)
    return FixOutcome(text, applied, result)


def non_overlapping_fixes(
    findings: Sequence[Finding],
    source: SourceText,
    unsafe: bool,
    usable: Optional[Callable[[Fix], bool]] = None,
) -> Tuple[List[Edit], List[Finding]]:
    """The edits of one round of fixes: each finding's fix (safe ones, or all with `unsafe`) in
    order, skipping any that overlaps one already taken; and the findings they fix."""
    edits: List[Edit] = []
    taken: List[Finding] = []
    occupied: List[Tuple[int, int]] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or (not fix.is_safe and not unsafe) or (usable is not None and not usable(fix)):
            continue
        ranges = [(source.offset(*e.span[:2]), source.offset(*e.span[2:])) for e in fix.edits]
        if any(_overlaps(r, o) for r in ranges for o in occupied):
            continue
        occupied.extend(ranges)
        edits.extend(fix.edits)
        taken.append(finding)
    return edits, taken


def _overlaps(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    # Two insertions at the same point conflict too: their order would be arbitrary.
    return a[0] < b[1] and b[0] < a[1] or a[0] == b[0]
