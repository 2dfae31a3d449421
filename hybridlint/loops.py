"""Loop analysis: what changes from one iteration of a loop to the next (loop variables, values computed
from them, values carried from the previous iteration, growing collections, random draws), asked by the
retracing rules."""

from __future__ import annotations

import ast
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from .analysis import ModuleAnalysis
from .facts import _CHILD_FIELDS, FunctionInfo, child_fields

_DEF_TYPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})

# `seq = tf.concat([seq, tok], 1)`: the variable gets longer on every iteration.
GROWING_CALLS = frozenset(
    {
        "tensorflow.concat",
        "numpy.concatenate",
        "numpy.append",
        "numpy.vstack",
        "numpy.hstack",
        "numpy.column_stack",
        "numpy.row_stack",
        "numpy.dstack",
    }
)
LIST_GROWTH_METHODS = frozenset({"append", "extend", "insert"})
# Calls whose result changes from one call to the next.
CHANGING_CALLS = ("random.", "numpy.random.", "tensorflow.random.", "time.")
# Calls whose result depends only on their arguments.
PURE_BUILTINS = frozenset({"len", "int", "float", "min", "max", "abs", "round", "sum"})
PURE_CALLS = ("math.", "numpy.")


def loops_facts(an: ModuleAnalysis, loops: Sequence[ast.AST], scope: Optional[FunctionInfo]) -> "LoopsFacts":
    """The loops around a place in `scope` (outermost first), seen together."""
    return LoopsFacts([loop_facts(an, loop, scope) for loop in loops], an, scope)


def loop_facts(an: ModuleAnalysis, loop: ast.AST, scope: Optional[FunctionInfo]) -> "LoopFacts":
    """One loop's facts, made once per module analysis (kept on it)."""
    cache: Dict[int, LoopFacts] = an.__dict__.setdefault("_loop_facts", {})
    found = cache.get(id(loop))
    if found is None:
        found = cache[id(loop)] = LoopFacts(loop, an, an.facts, scope)
    return found


def names_bound_in_loop(loop: ast.AST, an: ModuleAnalysis) -> Set[str]:
    """Every name a loop binds: its targets and whatever its body assigns (outside nested scopes)."""
    names: Set[str] = set()
    targets: List[ast.AST] = []
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        targets.append(loop.target)
    elif isinstance(loop, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        targets.extend(gen.target for gen in loop.generators)
    for node in an.scope_walk(loop):
        if isinstance(node, ast.Assign):
            targets.extend(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            targets.append(node.target)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            targets.append(node.target)
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name):
                names.add(sub.id)
    return names


class LoopFacts:
    """What changes from one iteration of a loop to the next."""

    def __init__(self, loop: ast.AST, an: ModuleAnalysis, facts, scope: Optional[FunctionInfo]):
        self.loop = loop
        self.targets: Dict[str, Tuple[ast.expr, ast.expr]] = {}  # loop variable → (its target, the iterable)
        self.assigned: Dict[str, List[Optional[ast.expr]]] = {}
        self.binding_ids: Dict[str, List[int]] = {}  # id of each binding Name node, to merge nested loops
        self.growth: Dict[str, Tuple[ast.AST, str]] = {}
        self.unpacked: Dict[str, ast.Name] = {}  # `x, y = batch`: x → batch
        self.range_stop: Optional[ast.expr] = None
        self.range_step: Optional[ast.expr] = None
        generators: List[Tuple[ast.expr, ast.expr]] = []
        body: List[ast.AST] = []
        if isinstance(loop, (ast.For, ast.AsyncFor)):
            generators.append((loop.target, loop.iter))
            body = list(loop.body)
            iterable = loop.iter
            if (
                isinstance(iterable, ast.Call)
                and (
                    (isinstance(iterable.func, ast.Name) and iterable.func.id == "range")
                    or (isinstance(iterable.func, ast.Attribute) and iterable.func.attr == "range")  # tf.range
                )
                and 1 <= len(iterable.args) <= 3
            ):
                self.range_stop = iterable.args[0] if len(iterable.args) == 1 else iterable.args[1]
                self.range_step = iterable.args[2] if len(iterable.args) == 3 else None
        elif isinstance(loop, ast.While):
            body = [loop.test] + list(loop.body)
        else:
            generators.extend((g.target, g.iter) for g in loop.generators)  # type: ignore[attr-defined]
            body = [g for g in loop.generators] + [getattr(loop, "elt", None) or loop.value]  # type: ignore[attr-defined]
        for target, iterable in generators:
            for name in target_names(target):
                self.targets[name] = (target, iterable)
        resets: Set[str] = set()
        for root in body:
            for node in [root] + list(an.scope_walk(root)):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        self._bind(target, node.value)
                        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, ast.Name):
                            for name in target_names(target):
                                self.unpacked.setdefault(name, node.value)
                        if isinstance(target, ast.Name):
                            how = growth_of(node.value, target.id, facts, scope)
                            if how is not None:
                                self.growth.setdefault(target.id, (node, how))
                            else:
                                resets.add(target.id)
                elif isinstance(node, ast.AugAssign):
                    self._bind(node.target, None)
                    if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add) and isinstance(
                        node.value, (ast.List, ast.Tuple, ast.ListComp)
                    ):
                        self.growth.setdefault(node.target.id, (node, f"`{node.target.id} += [...]`"))
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    self._bind(node.target, node.value)
                    if isinstance(node.target, ast.Name):
                        resets.add(node.target.id)
                elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                    self._bind(node.target, None)
                elif isinstance(node, ast.NamedExpr):
                    self._bind(node.target, node.value)
                elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                    self._bind(node.optional_vars, None)
                elif isinstance(node, ast.Call):
                    func = node.func
                    if (
                        isinstance(func, ast.Attribute)
                        and func.attr in LIST_GROWTH_METHODS
                        and isinstance(func.value, ast.Name)
                    ):
                        self.growth.setdefault(func.value.id, (node, f"`.{func.attr}(...)`"))
        for name in resets:
            self.growth.pop(name, None)  # made afresh on every iteration: not growing across them

    def _bind(self, target: ast.AST, value: Optional[ast.expr]) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
            self.binding_ids.setdefault(target.id, []).append(id(target))
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._bind(elt, None)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None)

    def element_source(self, name: str) -> Optional[Tuple[ast.expr, ast.AST]]:
        """The iterable whose items `name` holds directly (unwrapping `enumerate` and `zip`)."""
        if name not in self.targets:
            return None
        target, iterable = self.targets[name]
        return match_target(target, iterable, name, self.loop)


class LoopsFacts:
    """The loops around one call, outermost first, seen together."""

    def __init__(self, loops: List[LoopFacts], an: ModuleAnalysis, scope: Optional[FunctionInfo]):
        self.loops = loops
        self.an = an
        self.scope = scope
        self.varying: Set[str] = set()
        for facts in loops:
            self.varying.update(facts.targets)
        # Names assigned in a loop vary when their value does (or is not a plain constant expression).
        # An inner loop's body is part of the outer loop's: count each binding once.
        assigned: Dict[str, List[Optional[ast.expr]]] = {}
        seen: Set[int] = set()
        for facts in loops:
            for name, values in facts.assigned.items():
                for key, value in zip(facts.binding_ids[name], values):
                    if key not in seen:
                        seen.add(key)
                        assigned.setdefault(name, []).append(value)
        self.assigned = assigned
        # `varying`: shown to change between iterations (loop targets, values computed from them, values
        # carried from the previous iteration, growing collections, random draws). `recomputed`: assigned
        # in the loop from a call that may or may not give a new value each time.
        for facts in loops:
            self.varying.update(facts.growth)
        self._fixpoint(self.varying, strict=True)
        recomputed = set(self.varying)
        self._fixpoint(recomputed, strict=False)
        self.recomputed = recomputed - self.varying

    def _fixpoint(self, varying: Set[str], strict: bool) -> None:
        for _ in range(4):
            changed = False
            for name, values in self.assigned.items():
                if name in varying:
                    continue
                if any(v is None or not self._invariant(v, name, varying, strict) for v in values):
                    varying.add(name)
                    changed = True
            if not changed:
                break

    def _invariant(self, expr: ast.expr, name: str, varying: Set[str], strict: bool) -> bool:
        facts = self.an.facts
        for node in ast.walk(expr):
            if isinstance(node, ast.Name) and (node.id in varying or node.id == name):
                return False  # from a varying value, or from its own previous value
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in PURE_BUILTINS:
                    continue
                qual = facts.qualname(func, self.scope) or ""
                if qual.startswith(CHANGING_CALLS) or (isinstance(func, ast.Name) and func.id == "next"):
                    return False
                if qual.startswith(PURE_CALLS):
                    continue  # the same arguments give the same result
                if not strict:
                    return False
        return True

    def mentions(self, expr: Optional[ast.AST]) -> Optional[str]:
        """A name in `expr` that changes from one iteration to the next."""
        return self._mention(expr, self.varying)

    def mentions_recomputed(self, expr: Optional[ast.AST]) -> Optional[str]:
        """A name in `expr` recomputed in the loop by a call whose result may or may not change."""
        return self._mention(expr, self.recomputed)

    @staticmethod
    def _mention(expr: Optional[ast.AST], names: Set[str]) -> Optional[str]:
        if expr is None:
            return None
        for node in ast.walk(expr):
            if isinstance(node, ast.Name) and node.id in names:
                return node.id
        return None

    def assigned_in_loop(self, name: str) -> List[Optional[ast.expr]]:
        return self.assigned.get(name, [])

    def unpacked_from(self, name: str) -> Optional[ast.Name]:
        """The variable `name` was unpacked from in the loop (`x, y = batch`), when that is its only binding."""
        if len(self.assigned.get(name, [])) != 1:
            return None
        for facts in reversed(self.loops):
            if name in facts.unpacked:
                return facts.unpacked[name]
        return None

    def growth(self, name: str) -> Optional[Tuple[ast.AST, str]]:
        for facts in reversed(self.loops):
            if name in facts.growth:
                return facts.growth[name]
        return None

    def _expand(self, expr: ast.expr, at: Optional[ast.AST] = None) -> ast.expr:
        """A name assigned once in the loop stands for its value (`end = start + bs`); with `at` (where it
        is read), only when that still holds there (`_holds_at`)."""
        if isinstance(expr, ast.Name):
            values = self.assigned.get(expr.id, [])
            if len(values) == 1 and values[0] is not None and (at is None or self._holds_at(values[0], at)):
                return values[0]
        return expr

    def _holds_at(self, value: ast.expr, at: ast.AST) -> bool:
        """Where `at` is read, the name bound to `value` still equals `value`: nothing `value` reads is
        rebound between that binding and `at` in the iteration order of the innermost loop holding both
        (`b = a + bs; a = a + bs; x[a:b]`: `a` has moved on, so `b` is not `a + bs` there). A binding after
        `at` in the body is read from the previous iteration: then nothing between it and the end of the
        body, in the loop header, or before `at` may rebind what it reads."""
        if not hasattr(value, "end_lineno") or not hasattr(at, "lineno"):
            return False
        bound = (value.end_lineno, value.end_col_offset)  # type: ignore[attr-defined]
        read = (at.lineno, at.col_offset)  # type: ignore[attr-defined]
        loop = next(
            (
                f.loop
                for f in reversed(self.loops)
                if hasattr(f.loop, "end_lineno")
                and (f.loop.lineno, f.loop.col_offset) <= min(bound, read)  # type: ignore[attr-defined]
                and max(bound, read) <= (f.loop.end_lineno, f.loop.end_col_offset)  # type: ignore[attr-defined]
            ),
            None,
        )
        if loop is None:
            return False
        reads = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        for node in ast.walk(loop):
            if not (isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and node.id in reads):
                continue
            where = (node.lineno, node.col_offset)
            if (bound <= where < read) if bound <= read else (where >= bound or where < read):
                return False
        return True

    def fixed_width(self, lower: ast.expr, upper: ast.expr, at: Optional[ast.AST] = None) -> Optional[ast.expr]:
        """The slice width when `upper` is visibly `lower` plus something that does not vary; with `at` (the
        slice), also when the bounds are names bound earlier in the loop body whose values differ by such a
        term (`a = int(bs * j)`, `b = int(bs * j + bs)`, `x[a:b]`). A bound name stands for its value only
        where that still holds at `at` (statement order, as in `_SymbolicBounds`)."""
        for low in (lower, self._expand(lower, at)):
            for high in (upper, self._expand(upper, at)):
                width = self._width(low, high)
                if width is not None:
                    return width
        if at is None:
            return None
        body = self._body_holding(at)
        if body is None:
            return None
        return _SymbolicBounds(self, body).width(lower, upper, body.index_of(at))

    def _body_holding(self, node: ast.AST) -> Optional["_LoopBody"]:
        """The innermost `for`/`while` loop around `node` whose body holds it as part of a statement."""
        for facts in reversed(self.loops):
            if not isinstance(facts.loop, (ast.For, ast.AsyncFor, ast.While)):
                continue
            body = _LoopBody.of(facts.loop, self.an)
            if body.index_of(node) is not None:
                return body
        return None

    def _width(self, low: ast.expr, high: ast.expr) -> Optional[ast.expr]:
        if isinstance(high, ast.Call) and isinstance(high.func, ast.Name) and high.func.id == "min":
            for arg in high.args:
                width = self._width(low, arg)
                if width is not None:
                    return width
            return None
        if isinstance(high, ast.BinOp) and isinstance(high.op, ast.Add):
            for same, other in ((high.left, high.right), (high.right, high.left)):
                if same_expr(same, low) and self._invariant(other, "", self.varying, True):
                    return other  # not `start + random.randint(1, 5)`: a draw changes on every iteration
        # `x[i * bs:(i + 1) * bs]`
        if (
            isinstance(high, ast.BinOp)
            and isinstance(low, ast.BinOp)
            and isinstance(high.op, ast.Mult)
            and isinstance(low.op, ast.Mult)
        ):
            for h_factor, h_scale in ((high.left, high.right), (high.right, high.left)):
                for l_factor, l_scale in ((low.left, low.right), (low.right, low.left)):
                    if (
                        same_expr(h_scale, l_scale)
                        and self._invariant(h_scale, "", self.varying, True)
                        and isinstance(h_factor, ast.BinOp)
                        and isinstance(h_factor.op, ast.Add)
                        and same_expr(h_factor.left, l_factor)
                        and isinstance(h_factor.right, ast.Constant)
                        and h_factor.right.value == 1
                    ):
                        return h_scale
        return None

    def nevershorten(self, width: ast.expr) -> bool:
        """Every window is full: width 1, or the loop stops a window short of the end."""
        if isinstance(width, ast.Constant) and width.value == 1:
            return True
        for facts in self.loops:
            stop = facts.range_stop
            if stop is not None and any(same_expr(node, width) for node in ast.walk(stop) if isinstance(node, ast.expr)):
                if isinstance(stop, ast.BinOp) and isinstance(stop.op, ast.Sub):
                    return True
            if isinstance(stop, ast.Name):
                stop = self._bound_once(stop.id)
            # `range(n // width)`: whole windows only; a remainder, if any, is sliced apart after the loop
            if isinstance(stop, ast.BinOp) and isinstance(stop.op, ast.FloorDiv) and same_expr(stop.right, width):
                return True
        return False

    def _bound_once(self, name: str) -> Optional[ast.expr]:
        """The value of `name = value` when that is the only binding of `name` in the function."""
        if self.scope is None:
            return None
        found: List[ast.expr] = []
        for node in ast.walk(self.scope.node):
            if isinstance(node, ast.Assign) and any(name in target_names(t) for t in node.targets):
                if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                    return None
                found.append(node.value)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr, ast.comprehension)):
                target = node.target
                if any(isinstance(t, ast.Name) and t.id == name for t in ast.walk(target)):
                    return None
        return found[0] if len(found) == 1 else None


class _LoopBody:
    """The top-level statements of a loop body, and where each name is bound among them."""

    def __init__(self, loop: ast.AST):
        self.statements: List[ast.stmt] = list(loop.body)  # type: ignore[attr-defined]
        self.bound: Dict[str, List[int]] = {}  # name → index of each statement binding it (-1: the `while` test)
        self.simple: Dict[str, Tuple[int, ast.expr]] = {}  # name → its `name = value` statement, when top-level
        roots: List[Tuple[int, ast.AST]] = [(i, s) for i, s in enumerate(self.statements)]
        if isinstance(loop, ast.While):
            roots.append((-1, loop.test))
        for index, root in roots:
            for node in ast.walk(root):
                names: List[str] = []
                if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                    names.append(node.id)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    names.append(node.name)
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    names.extend((a.asname or a.name).split(".")[0] for a in node.names)
                for name in names:
                    self.bound.setdefault(name, []).append(index)
            if isinstance(root, ast.Assign) and len(root.targets) == 1 and isinstance(root.targets[0], ast.Name):
                self.simple[root.targets[0].id] = (index, root.value)
            elif isinstance(root, ast.AnnAssign) and root.value is not None and isinstance(root.target, ast.Name):
                self.simple[root.target.id] = (index, root.value)

    @staticmethod
    def of(loop: ast.AST, an: ModuleAnalysis) -> "_LoopBody":
        cache: Dict[int, _LoopBody] = an.__dict__.setdefault("_loop_bodies", {})
        found = cache.get(id(loop))
        if found is None:
            found = cache[id(loop)] = _LoopBody(loop)
        return found

    def index_of(self, node: ast.AST) -> Optional[int]:
        """The index of the top-level statement that holds `node`."""
        if not hasattr(node, "lineno"):
            return None
        where = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
        for index, stmt in enumerate(self.statements):
            if (stmt.lineno, stmt.col_offset) <= where < (stmt.end_lineno, stmt.end_col_offset):  # type: ignore[operator]
                return index
        return None


# A polynomial over opaque terms: monomial (sorted term keys) → coefficient.
_Poly = Dict[Tuple[str, ...], Union[int, float]]
_MAX_MONOMIALS = 24


class _SymbolicBounds:
    """Slice bounds seen as polynomials over terms that keep one value within an iteration, so that
    `b - a` can be shown to be loop-invariant. A name bound once, by a top-level `name = value` of the
    loop body before the place read, stands for its value; a name bound in the body only after that
    place is its value from the start of the iteration (the same wherever it is read before); any other
    name bound in the body is not followed, and the bounds are then not compared."""

    def __init__(self, loops: LoopsFacts, body: _LoopBody):
        self.loops = loops
        self.body = body
        self.terms: Dict[str, ast.expr] = {}

    def width(self, lower: ast.expr, upper: ast.expr, at: Optional[int]) -> Optional[ast.expr]:
        if at is None:
            return None
        return self._width(lower, at, upper, at, 0)

    def _resolve(self, expr: ast.expr, at: int, depth: int) -> Optional[Tuple[ast.expr, int]]:
        """`expr`, with a name standing for the value bound to it earlier in the body replaced by that value."""
        while isinstance(expr, ast.Name) and depth < 8:
            follow = self._follow(expr.id, at)
            if follow is None:
                return None
            if follow is True:
                break
            expr, at = follow  # type: ignore[misc]
            depth += 1
        return expr, at

    def _follow(self, name: str, at: int):
        """True: `name` keeps one value up to `at` (not bound in the body before it); (value, index): it
        stands for the value of its one binding before `at`; None: neither is shown."""
        indexes = self.body.bound.get(name)
        if not indexes or all(i > at for i in indexes):
            return True
        simple = self.body.simple.get(name)
        if simple is not None and len(indexes) == 1 and simple[0] < at:
            return simple[1], simple[0]
        return None

    def _width(self, low: ast.expr, low_at: int, high: ast.expr, high_at: int, depth: int) -> Optional[ast.expr]:
        if depth > 6:
            return None
        resolved_low = self._resolve(low, low_at, 0)
        resolved_high = self._resolve(high, high_at, 0)
        if resolved_low is None or resolved_high is None:
            return None
        (low, low_at), (high, high_at) = resolved_low, resolved_high
        if self._builtin_call(high, "min"):
            # `min(start + bs, n)`: the width is `bs` except where the end of the data cuts it
            for arg in high.args:  # type: ignore[attr-defined]
                width = self._width(low, low_at, arg, high_at, depth + 1)
                if width is not None:
                    return width
            return None
        if self._builtin_call(high, "int") and self._builtin_call(low, "int"):
            # `int(s + w) - int(s) == w` for an integral `w`
            inner_low, inner_high = low.args[0], high.args[0]  # type: ignore[attr-defined]
            p_low, p_high = self._poly(inner_low, low_at, 0), self._poly(inner_high, high_at, 0)
            if p_low is None or p_high is None:
                return None
            diff = _poly_sub(p_high, p_low)
            if not all(type(c) is int for c in diff.values()) or any(
                isinstance(n, ast.Div) or (isinstance(n, ast.Constant) and isinstance(n.value, float))
                for key in diff
                for term in key
                for n in ast.walk(self.terms[term])
            ):
                return None
            return self._invariant_width(diff)
        p_low, p_high = self._poly(low, low_at, 0), self._poly(high, high_at, 0)
        if p_low is None or p_high is None:
            return None
        return self._invariant_width(_poly_sub(p_high, p_low))

    def _builtin_call(self, expr: ast.expr, name: str) -> bool:
        return (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id == name
            and not expr.keywords
            and len(expr.args) >= 1
            and (name == "min" or len(expr.args) == 1)
            and not any(isinstance(a, ast.Starred) for a in expr.args)
            and self.loops.an.is_builtin(name, self.loops.scope)
        )

    def _invariant_width(self, diff: _Poly) -> Optional[ast.expr]:
        """The width as an expression, when no term of it changes between iterations."""
        for key in diff:
            for term in key:
                for node in ast.walk(self.terms[term]):
                    if isinstance(node, ast.Name) and (node.id in self.loops.varying or node.id in self.loops.assigned):
                        return None
        if not diff:
            return ast.Constant(0)
        if list(diff) == [()]:
            return ast.Constant(diff[()])
        if len(diff) == 1:
            (key, coefficient), = diff.items()
            if coefficient == 1 and len(key) == 1:
                return self.terms[key[0]]
        return ast.Name("<width>", ast.Load())  # invariant, but no single expression of the source

    def _poly(self, expr: ast.expr, at: int, depth: int) -> Optional[_Poly]:
        if depth > 16:
            return None
        if isinstance(expr, ast.Constant):
            value = expr.value
            if type(value) in (int, float):
                return {(): value} if value else {}
            return None
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
            inner = self._poly(expr.operand, at, depth + 1)
            if inner is None:
                return None
            return {k: -c for k, c in inner.items()} if isinstance(expr.op, ast.USub) else inner
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Sub, ast.Mult)):
            left = self._poly(expr.left, at, depth + 1)
            right = self._poly(expr.right, at, depth + 1)
            if left is None or right is None:
                return None
            if isinstance(expr.op, ast.Add):
                found = _poly_sub(left, {k: -c for k, c in right.items()})
            elif isinstance(expr.op, ast.Sub):
                found = _poly_sub(left, right)
            else:
                found = _poly_mul(left, right)
            return found if len(found) <= _MAX_MONOMIALS else None
        if isinstance(expr, ast.Name):
            follow = self._follow(expr.id, at)
            if follow is None:
                return None
            if follow is not True:
                value, where = follow
                return self._poly(value, where, depth + 1)
            return self._term(expr)
        return self._term(expr) if self._steady(expr, at) else None

    def _term(self, expr: ast.expr) -> _Poly:
        key = ast.dump(expr)
        self.terms.setdefault(key, expr)
        return {(key,): 1}

    def _steady(self, expr: ast.expr, at: int) -> bool:
        """`expr` has one value wherever it is read in the iteration up to `at`: every name in it keeps its
        value, and every call in it depends only on its arguments."""
        an, facts = self.loops.an, self.loops.an.facts
        for node in ast.walk(expr):
            if isinstance(node, (ast.Lambda, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await)) or isinstance(
                node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
            ):
                return False
            if isinstance(node, ast.Name) and self._follow(node.id, at) is not True:
                return False
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in PURE_BUILTINS and an.is_builtin(func.id, self.loops.scope):
                    continue
                qual = facts.qualname(func, self.loops.scope) or ""
                if qual.startswith(CHANGING_CALLS) or not qual.startswith(PURE_CALLS):
                    return False
        return True


def _poly_sub(a: _Poly, b: _Poly) -> _Poly:
    found = dict(a)
    for key, coefficient in b.items():
        value = found.get(key, 0) - coefficient
        if value:
            found[key] = value
        else:
            found.pop(key, None)
    return found


def _poly_mul(a: _Poly, b: _Poly) -> _Poly:
    found: _Poly = {}
    for key_a, c_a in a.items():
        for key_b, c_b in b.items():
            key = tuple(sorted(key_a + key_b))
            value = found.get(key, 0) + c_a * c_b
            if value:
                found[key] = value
            else:
                found.pop(key, None)
    return found


def target_names(target: ast.AST) -> List[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def match_target(target: ast.AST, iterable: ast.expr, name: str, loop: ast.AST) -> Optional[Tuple[ast.expr, ast.AST]]:
    if isinstance(target, ast.Name):
        return (iterable, loop) if target.id == name else None
    if not isinstance(target, (ast.Tuple, ast.List)):
        return None
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and not iterable.keywords:
        func = iterable.func.id
        if func == "enumerate" and len(target.elts) == 2 and iterable.args:
            return match_target(target.elts[1], iterable.args[0], name, loop)
        if func == "zip" and len(target.elts) == len(iterable.args):
            for elt, arg in zip(target.elts, iterable.args):
                found = match_target(elt, arg, name, loop)
                if found is not None:
                    return found
            return None
    # `for x, y in dataset`: each component of a dataset element comes from the same batching
    if name in target_names(target):
        return iterable, loop
    return None


def growth_of(value: ast.expr, name: str, facts, scope) -> Optional[str]:
    """How `name = value` makes `name` longer than before, if it does."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        if isinstance(value.left, ast.Name) and value.left.id == name and isinstance(value.right, (ast.List, ast.Tuple)):
            return f"`{name} = {name} + [...]`"
        return None
    if not isinstance(value, ast.Call):
        return None
    qual = facts.qualname(value.func, scope)
    if qual not in GROWING_CALLS or not value.args:
        return None
    first = value.args[0]
    parts = first.elts if isinstance(first, (ast.List, ast.Tuple)) else [first]
    if any(isinstance(p, ast.Name) and p.id == name for p in parts):
        return f"`{qual.replace('tensorflow.', 'tf.').replace('numpy.', 'np.')}` appends to it"
    return None


def same_expr(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a) == ast.dump(b)


# -- static counts ----------------------------------------------------------------------------------

# A static count below this is small: unrolling that many copies, or tracing once per value, is usually
# what the author meant (layers, heads, ensemble members, a few refinement steps).
SMALL_STATIC_COUNT = 32


def static_int(expr: ast.expr, scope: Optional[FunctionInfo], facts) -> Optional[int]:
    """The int value the text gives an expression used as a count, or None: an int literal, a
    module-level name bound once to one (here, or in another module of the project it is imported from,
    as the project index tells), or `self.attr` that the class sets only in `__init__`, each time to one
    of those or to a parameter of `__init__` whose default is one (a per-instance setting: the default
    is the value the author meant; a constructor call may pass another)."""
    value = static_value(expr, scope, facts)
    return value if isinstance(value, int) else None


def static_value(expr: ast.expr, scope: Optional[FunctionInfo], facts) -> Optional[Union[int, str]]:
    """`static_int`, except that a name imported from another module of the project whose value the
    module's link does not give (a module summarised alone) is its dotted name: the project index
    resolves it when it links the modules (`ProjectIndex.constant`)."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        inner = static_value(expr.operand, scope, facts)
        return -inner if isinstance(inner, int) else None
    if isinstance(expr, ast.Name):
        s = scope
        while s is not None:
            if expr.id in s.locals:
                return None
            s = s.parent
    if (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "self"
        and scope is not None
        and scope.cls is not None
    ):
        values = [_resolved(v, facts) for v in _init_values(scope.cls, facts).get(expr.attr, [])]
        if values and all(isinstance(v, int) for v in values):
            return max(values)  # type: ignore[type-var]
        symbolic = set(values)
        return symbolic.pop() if len(symbolic) == 1 and isinstance(values[0], str) else None
    return _resolved(_constant_value(expr, facts), facts)


def _constant_value(expr: Optional[ast.expr], facts) -> Optional[Union[int, str]]:
    """An int literal, a module-level int constant of this module, or the dotted name of a name imported
    from another module of the project (a constant there, maybe)."""
    if isinstance(expr, ast.Constant) and type(expr.value) is int:
        return expr.value
    if isinstance(expr, ast.Name):
        known = module_ints(facts).get(expr.id)
        if known is not None:
            return known
        if facts.link is not None and expr.id in facts.imports:
            dotted = facts.imports.get(expr.id)
            if dotted and not dotted.startswith(("tensorflow", "keras", "numpy")):
                return dotted
        elif facts.star_prefix:
            dotted = facts.qualname(expr)  # a name only a star import binds: `pkg.model.EPOCHS`
            if dotted and dotted.startswith(facts.star_prefix):
                return dotted
    return None


def _resolved(value: Optional[Union[int, str]], facts) -> Optional[Union[int, str]]:
    """A dotted name replaced by the int the module's link gives it, when it gives one."""
    if isinstance(value, str) and facts.link is not None:
        return facts.link.constants.get(value, value)
    return value


def module_ints(facts) -> Dict[str, int]:
    """Module-level names bound exactly once, to an int literal."""
    found = facts.__dict__.get("_static_module_ints")
    if found is None:
        bound: Dict[str, List[Optional[int]]] = {}
        for stmt in getattr(facts.tree, "body", ()):
            targets: List[ast.expr] = []
            value: Optional[ast.expr] = None
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
                targets, value = [stmt.target], (stmt.value if isinstance(stmt, ast.AnnAssign) else None)
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name):
                        literal = value if len(targets) == 1 and target is node else None
                        ok = isinstance(literal, ast.Constant) and type(literal.value) is int
                        bound.setdefault(node.id, []).append(literal.value if ok else None)  # type: ignore[union-attr]
        found = {name: values[0] for name, values in bound.items() if len(values) == 1 and values[0] is not None}
        facts.__dict__["_static_module_ints"] = found
    return found


def _init_values(cls, facts) -> Dict[str, List[Union[int, str]]]:
    """`self.attr` → the values it gets, for attributes that the class's methods assign only in
    `__init__`, each time a static value (`_constant_value`) or an `__init__` parameter whose default is
    one, or one to which every construction of the class in the module gives a static int
    (`_constructed_ints`)."""
    found = cls.__dict__.get("_static_init_values")
    if found is not None:
        return found
    cls.__dict__["_static_init_values"] = {}  # a construction that reads the class's own attributes
    values: Dict[str, List[Optional[Union[int, str]]]] = {}
    for method in cls.node.body:
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        defaults = _static_defaults(method, facts) if method.name == "__init__" else {}
        constructed: Optional[Dict[str, int]] = None  # asked only for a parameter with no static default
        bound: Optional[Set[str]] = None
        for node in _statements(method):
            targets: List[ast.expr] = []
            value: Optional[ast.expr] = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
                value = node.value if isinstance(node, ast.AnnAssign) else None
            for target in targets:
                for sub in ast.walk(target):
                    if not (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self"):
                        continue
                    known: Optional[Union[int, str]] = None
                    if method.name == "__init__" and sub is target and len(targets) == 1 and value is not None:
                        if isinstance(value, ast.Name) and value.id in defaults:
                            known = defaults[value.id]
                        elif not isinstance(value, ast.Name):
                            known = _constant_value(value, facts)
                        else:
                            bound = _bound_in(method) if bound is None else bound
                            known = None if value.id in bound else _constant_value(value, facts)
                        if known is None and isinstance(value, ast.Name) and value.id not in defaults:
                            if constructed is None:
                                constructed = _constructed_ints(cls, method, facts)
                            known = constructed.get(value.id)
                    values.setdefault(sub.attr, []).append(known)
    found = {attr: v for attr, v in values.items() if v and all(x is not None for x in v)}  # type: ignore[misc]
    cls.__dict__["_static_init_values"] = found
    return found


def _constructed_ints(cls, init: ast.AST, facts) -> Dict[str, int]:
    """`__init__` parameter → its largest value over the constructions of the class the module makes
    (`Layer(n=4)`, `Layer(**kwargs)` with `kwargs = dict(n=self.n)` bound once in that function), for the
    parameters every such construction gives a static int (`static_int` where it is made: a literal, a
    module constant, an attribute of the constructing object set from a default). Nothing when the
    module makes none: who constructs it, and with what, is not seen."""
    params = [a.arg for a in init.args.posonlyargs + init.args.args][1:]  # type: ignore[attr-defined]
    given: Dict[str, List[Optional[int]]] = {}
    made = 0
    for scope, call in _constructions(cls, facts):
        made += 1
        bound: Dict[str, Optional[int]] = {}
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred) or index >= len(params):
                return {}
            bound[params[index]] = static_int(arg, scope, facts)
        for keyword in call.keywords:
            if keyword.arg is not None:
                bound[keyword.arg] = static_int(keyword.value, scope, facts)
                continue
            spread = _dict_items(keyword.value, scope) or _dict_bound_once(keyword.value, scope)
            if spread is None:
                return {}  # `**kwargs` whose keys are not seen
            for key, value in spread:
                bound[key] = static_int(value, scope, facts)
        for name in params:
            given.setdefault(name, []).append(bound.get(name))
    if not made:
        return {}
    return {
        name: max(v)  # type: ignore[type-var]
        for name, v in given.items()
        if len(v) == made and all(x is not None for x in v)
    }


def _constructions(cls, facts) -> List[Tuple[Optional[FunctionInfo], ast.Call]]:
    """The calls `Cls(...)` of a module-level class in its module's functions, with the function."""
    if facts.module_classes.get(cls.name) is not cls:
        return []
    return [(scope, call) for scope, call in _calls_by_name(facts).get(cls.name, ()) if facts.module_class(cls.name, scope) is cls]


def _calls_by_name(facts) -> Dict[str, List[Tuple[Optional[FunctionInfo], ast.Call]]]:
    """Every call `name(...)` of the module by the called name, with the function it is made in: one walk
    of the module, kept with its facts."""

    def walk() -> Dict[str, List[Tuple[Optional[FunctionInfo], ast.Call]]]:
        found: Dict[str, List[Tuple[Optional[FunctionInfo], ast.Call]]] = {}
        scopes: List[Tuple[Optional[FunctionInfo], List[ast.AST]]] = [(None, list(getattr(facts.tree, "body", ())))]
        scopes += [(i, [i.node.body] if isinstance(i.node, ast.Lambda) else list(i.node.body)) for i in facts.functions]
        # `facts.iter_children` inlined (one walk of every module with a class to construct): the same
        # children pushed in the same order, without a generator per node
        fields_of, node_type, call, name_type, defs = _CHILD_FIELDS.get, ast.AST, ast.Call, ast.Name, _DEF_TYPES
        for scope, stack in scopes:
            pop, push, push_all = stack.pop, stack.append, stack.extend
            while stack:
                node = pop()
                kind = type(node)
                if kind in defs:
                    continue
                if kind is call and type(node.func) is name_type:  # type: ignore[attr-defined]
                    found.setdefault(node.func.id, []).append((scope, node))  # type: ignore[attr-defined]
                for field in fields_of(kind) or child_fields(kind):
                    value = getattr(node, field, None)
                    if type(value) is list:
                        push_all([item for item in value if isinstance(item, node_type)])
                    elif isinstance(value, node_type):
                        push(value)
        return found

    return facts.kept("_calls_by_name", walk)


def _dict_bound_once(expr: ast.expr, scope: Optional[FunctionInfo]) -> Optional[List[Tuple[str, ast.expr]]]:
    """The keys and values of `**name` where `name` is a local of `scope` bound once to `dict(k=v, ...)` or
    a `{"k": v}` literal (`_dict_items`) and named nowhere else but in `**name`: None otherwise."""
    if not isinstance(expr, ast.Name) or scope is None or isinstance(scope.node, ast.Lambda):
        return None
    value: Optional[ast.expr] = None
    for node in ast.walk(scope.node):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets):
            if value is not None or len(node.targets) != 1:
                return None
            value = node.value
    uses = [n for n in ast.walk(scope.node) if isinstance(n, ast.Name) and n.id == expr.id]
    spreads = [
        k for k in ast.walk(scope.node) if isinstance(k, ast.keyword) and k.arg is None and isinstance(k.value, ast.Name) and k.value.id == expr.id
    ]
    if value is None or len(uses) != len(spreads) + 1:
        return None  # read, changed or passed on somewhere else
    return _dict_items(value, scope)


def _dict_items(value: ast.expr, scope: Optional[FunctionInfo]) -> Optional[List[Tuple[str, ast.expr]]]:
    """The keys and values of `dict(k=v, ...)` or a `{"k": v}` literal; None for anything else."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict" and not value.args:
        if (scope is not None and "dict" in scope.locals) or any(k.arg is None for k in value.keywords):
            return None
        return [(k.arg, k.value) for k in value.keywords]  # type: ignore[misc]
    if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys):
        return [(k.value, v) for k, v in zip(value.keys, value.values)]  # type: ignore[union-attr]
    return None


def _statements(node: ast.AST) -> Iterator[ast.stmt]:
    """The statements under a def (nested bodies included), without walking expressions: the
    assignments `ast.walk` would find (an assignment is a statement; order does not matter here)."""
    stack: List[ast.AST] = [node]
    while stack:
        current = stack.pop()
        yield current  # type: ignore[misc]
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(current, name, None)
            if block:
                stack.extend(block)


def _bound_in(node: ast.AST) -> Set[str]:
    """The names a def binds: its parameters and what its body assigns (a local hides a module constant)."""
    args = node.args  # type: ignore[attr-defined]
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


def _static_defaults(node: ast.AST, facts) -> Dict[str, Union[int, str]]:
    """A def's parameters whose default is a static value (`_constant_value`), with it."""
    args = node.args  # type: ignore[attr-defined]
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    found: Dict[str, Union[int, str]] = {}
    for a, d in pairs:
        value = _constant_value(d, facts)
        if value is not None:
            found[a.arg] = value
    return found


def int_defaults(node: ast.AST, facts) -> Dict[str, int]:
    """A def's parameters whose default `static_int` gives an int (a literal, a module constant, here or
    imported from another module of the project), with it."""
    return {
        name: value
        for name, value in ((n, _resolved(v, facts)) for n, v in _static_defaults(node, facts).items())
        if isinstance(value, int)
    }


def static_int_arguments(call: ast.Call, scope: Optional[FunctionInfo], facts) -> Dict[str, Optional[Union[int, str]]]:
    """Each argument of a call, position ("0") or keyword, with the value `static_int` gives it (None when
    it gives none), for the callee's module (the project index carries them); {"*": None} when a `*args`
    or `**kwargs` hides which parameters the call binds."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return {"*": None}
    found: Dict[str, Optional[Union[int, str]]] = {}
    for index, arg in enumerate(call.args):
        found[str(index)] = static_value(arg, scope, facts)
    for keyword in call.keywords:
        found[keyword.arg] = static_value(keyword.value, scope, facts)  # type: ignore[index]
    return found
