"""Python side effects per function (rules.md §3.5), as Hybridize models them.

A traced function's Python code runs once per trace, so every Python side effect in it happens at trace time
only: builtin `print`, mutation of collections that outlive the call (globals, closure variables, `self.<attr>`,
objects passed in), rebinding of globals and nonlocals, and attribute writes on objects reachable from outside.
The summary of a function lists its own effects and, transitively, those of the file-local functions it calls
(`FunctionInfo.calls`), translated to the caller: a callee mutating its parameter mutates whatever the caller
passed, and a callee mutating a variable of the caller's own scope is not an effect of the caller.

Computed on first use per function and cached; the walk never enters nested defs, lambdas or classes (they are
functions of their own, reached through calls).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Set, Tuple

from .facts import CallSite, FunctionInfo, ModuleFacts, dotted_parts, is_eager_only_test, is_init_scope, iter_children

# What an effect does.
PRINT = "print"
MUTATION = "mutation"  # a collection changed in place: `.append(...)`, `x[k] = v`, `del x[k]`
GLOBAL_WRITE = "global-write"  # `global x; x = ...`
NONLOCAL_WRITE = "nonlocal-write"  # `nonlocal x; x = ...`
ATTRIBUTE_WRITE = "attribute-write"  # `self.x = ...`, `obj.x += ...`, `setattr(obj, "x", ...)`

# Where the changed state lives.
GLOBAL = "global"
CLOSURE = "closure"  # a variable of an enclosing function, mutated in place
NONLOCAL = "nonlocal"
SELF = "self"
PARAMETER = "parameter"
OUTPUT = "output"  # stdout, for print

# Where the object a method is called on comes from, at a call site (`EffectAnalysis.receiver_origin`):
RECEIVER_NEW = "new"  # made in the calling function: a call's result, or a local bound only to calls' results
RECEIVER_KEPT = "kept"  # state that outlives the call: a global, a closure variable, an attribute of `self`
RECEIVER_SELF = "self"  # the calling method's own object: where it comes from is its own callers' question
RECEIVER_GIVEN = "given"  # an argument of the calling function, or nothing shown

# Methods of a logger (`logging`, absl, `tf.compat.v1.logging`, a `getLogger` result) that write a record.
LOG_LEVEL_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
# Modules whose level functions write a record (`logging.info(...)`), and what makes a logger object.
LOGGING_MODULES = ("logging", "absl.logging", "tensorflow.compat.v1.logging", "tensorflow.logging")
LOGGER_FACTORIES = frozenset({"logging.getLogger", "tensorflow.get_logger", "absl.logging.get_absl_logger"})
STREAM_WRITES = frozenset({"sys.stdout.write", "sys.stderr.write"})
TQDM_WRITE = re.compile(r"^tqdm(\.\w+)*\.tqdm\.write$")

MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "clear",
        "update",
        "setdefault",
        "add",
        "discard",
        "popitem",
        "sort",
        "reverse",
        "appendleft",
        "extendleft",
        "popleft",
        "difference_update",
        "intersection_update",
        "symmetric_difference_update",
    }
)
# Methods only lists (and deques) have: the receiver needs no other evidence of being a collection.
LIST_ONLY_METHODS = frozenset({"append", "extend", "insert", "appendleft", "extendleft", "popleft"})

_FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_SCOPES = _FUNCTION_NODES + (ast.ClassDef,)


@dataclass(frozen=True)
class Effect:
    kind: str  # PRINT, MUTATION, GLOBAL_WRITE, NONLOCAL_WRITE, ATTRIBUTE_WRITE
    root: str  # GLOBAL, CLOSURE, NONLOCAL, SELF, PARAMETER, OUTPUT
    node: ast.AST  # the statement or call that has the effect, in `owner`'s body
    target: Optional[ast.AST]  # the written expression (the receiver, for method mutations)
    name: str  # the state, as written in `owner`: "history", "self.calls", "cache"
    owner: FunctionInfo  # the function whose body has `node`
    method: str = ""  # "append", "setitem", "delitem", "augassign", "assign", "setattr", ...
    eager: bool = False  # under `with tf.init_scope():` or `if tf.executing_eagerly():`
    root_name: str = ""  # the variable the state hangs off: "self", "history", a parameter name
    via: Tuple[CallSite, ...] = ()  # calls from the summarised function down to `owner`

    @property
    def through_attribute(self) -> bool:
        """The state is reached through an attribute (`param.items.append`, `obj.x = 1`), so it belongs to an
        object rather than to a container that TensorFlow repacks when passing it in."""
        return "." in self.name

    def describe(self) -> str:
        if self.kind == PRINT:
            return "prints with Python `print`"
        where = {GLOBAL: "global", CLOSURE: "closure variable", NONLOCAL: "nonlocal", SELF: "attribute",
                 PARAMETER: "argument"}.get(self.root, "")
        if self.kind == MUTATION:
            how = f"`.{self.method}(...)`" if self.method not in ("setitem", "delitem", "augitem") else {
                "setitem": "an item assignment", "delitem": "an item deletion", "augitem": "an in-place item update"
            }[self.method]
            return f"mutates the {where} `{self.name}` with {how}"
        if self.kind == GLOBAL_WRITE:
            return f"rebinds the global `{self.name}`"
        if self.kind == NONLOCAL_WRITE:
            return f"rebinds the nonlocal `{self.name}`"
        return f"writes the attribute `{self.name}`"


def effects_for(facts: ModuleFacts) -> "EffectAnalysis":
    """The module's side-effect summaries, created on first use and shared by every rule."""
    return facts.kept("_effect_analysis", lambda: EffectAnalysis(facts))


class EffectAnalysis:
    def __init__(self, facts: ModuleFacts):
        self.facts = facts
        self._local: Dict[int, Tuple[Effect, ...]] = {}
        self._transitive: Dict[int, Tuple[Effect, ...]] = {}
        self._in_progress: Set[int] = set()
        self._analysis = None

    def _analysis_for(self):
        if self._analysis is None:
            from .analysis import analysis_for

            self._analysis = analysis_for(self.facts)
        return self._analysis

    # -- output: print and logging ---------------------------------------------------------------

    def output_kind(self, call: ast.Call, scope: Optional[FunctionInfo]) -> Optional[str]:
        """What kind of output call `call` (in `scope`) is: "print" (the builtin), "log" (a logging
        module's level function, a logger's level method, `sys.stdout.write`, `tqdm.write`), or None."""
        facts = self.facts
        func = call.func
        if isinstance(func, ast.Name) and func.id == "print":
            return "print" if self._analysis_for().is_builtin(func.id, scope) else None
        qual = facts.qualname(func, scope)
        if qual is not None:
            if qual in STREAM_WRITES or TQDM_WRITE.match(qual):
                return "log"
            module, _, attr = qual.rpartition(".")
            if attr in LOG_LEVEL_METHODS and module in LOGGING_MODULES:
                return "log"
        if isinstance(func, ast.Attribute) and func.attr in LOG_LEVEL_METHODS and self.is_logger(func.value, scope):
            return "log"
        return None

    def is_logger(self, receiver: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        """`receiver` (read in `scope`) is a logger: `logging.getLogger(...)` (or `tf.get_logger()`, absl's)
        itself, a name every binding of which is one, or `self.<attr>` stored from one in a method."""
        facts, an = self.facts, self._analysis_for()
        if isinstance(receiver, ast.Call):
            return facts.qualname(receiver.func, scope) in LOGGER_FACTORIES
        if isinstance(receiver, ast.Name):
            home = scope
            while home is not None and not an.is_local_name(receiver.id, home):
                if receiver.id in home.locals and receiver.id not in home.globals_declared:
                    return False  # bound by an import or in a way the assignments do not show
                home = home.parent
            if home is None and facts.imports.get(receiver.id) is not None:
                return False
            values = an.assignments(home).get(receiver.id, [])
            return bool(values) and all(self._is_logger_factory(v, home) for v in values)
        if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
            cls = facts.enclosing_class(scope)
            return cls is not None and receiver.attr in self._loggers_of_class(cls)
        return False

    def _loggers_of_class(self, cls) -> Set[str]:
        """The `self.<attr>` names a method of `cls` stores a logger factory's result in."""
        memo: Dict[int, Set[str]] = self.__dict__.setdefault("_class_loggers", {})
        found = memo.get(id(cls))
        if found is None:
            found = set()
            an = self._analysis_for()
            for method in cls.methods.values():
                for node in an.scope_walk(method.node):
                    if not isinstance(node, ast.Assign) or not self._is_logger_factory(node.value, method):
                        continue
                    for target in node.targets:
                        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                            found.add(target.attr)
            memo[id(cls)] = found
        return found

    def _is_logger_factory(self, value: Optional[ast.expr], scope: Optional[FunctionInfo]) -> bool:
        return isinstance(value, ast.Call) and self.facts.qualname(value.func, scope) in LOGGER_FACTORIES

    # -- public API ------------------------------------------------------------------------------

    def local(self, info: FunctionInfo) -> Tuple[Effect, ...]:
        """Effects of `info`'s own body (not of nested functions or callees)."""
        found = self._local.get(id(info.node))
        if found is None:
            if info.external is not None:  # a function of another module: its summary's effects
                found = tuple(
                    Effect(kind, root, info.node, None, name, info, method, root_name=root_name)
                    for kind, root, name, root_name, method in info.external.effects
                )
            else:
                found = tuple(_BodyWalker(self, info).run())
            self._local[id(info.node)] = found
        return found

    def transitive(self, info: FunctionInfo) -> Tuple[Effect, ...]:
        """Effects of `info` and of the file-local functions it calls (not in eager-only blocks), each
        seen from `info`: `via` holds the call chain."""
        key = id(info.node)
        found = self._transitive.get(key)
        if found is not None:
            return found
        if key in self._in_progress:
            return ()  # a cycle: its members' own effects are reported where they are
        self._in_progress.add(key)
        try:
            result = list(self.local(info))
            for site in info.calls:
                if site.is_reference or site.eager or site.target is info:
                    continue
                for effect in self.transitive(site.target):
                    mapped = self._through_call(effect, site, info)
                    if mapped is not None:
                        result.append(mapped)
        finally:
            self._in_progress.discard(key)
        final = tuple(result)
        self._transitive[key] = final
        return final

    def has_effects(self, info: FunctionInfo) -> bool:
        return bool(self.transitive(info))

    def defining_scope(self, effect: Effect) -> Optional[FunctionInfo]:
        """For a closure or nonlocal effect, the enclosing function whose local the state is."""
        if effect.root not in (CLOSURE, NONLOCAL):
            return None
        scope = effect.owner.parent
        while scope is not None:
            if effect.root_name in scope.locals and effect.root_name not in scope.globals_declared:
                if effect.root_name not in self._analysis_for().nonlocals(scope):
                    return scope
            scope = scope.parent
        return None

    def per_trace(self, effect: Effect) -> bool:
        """The state belongs to a traced function's own call (a helper nested in it mutating its local),
        so it starts afresh on every trace and never outlives it."""
        scope = self.defining_scope(effect)
        return scope is not None and scope.graph is not None

    def argument_of_the_call(self, effect: Effect) -> bool:
        """For state hanging off a parameter of a function nested in traced code (`tree.map_structure(lambda
        acc, o: acc.data.append(o), accs, outs)`): at every use the function is given, for that parameter,
        a local of the enclosing function that each of its bindings there makes anew (a call, a literal, a
        comprehension; not a read of other state, `accs = self.accs`): the enclosing call's own data,
        which does not outlive that call. A use is a call of the function, or its passing to a structure
        map (`tree.map_structure`, `tf.nest.map_structure`, `map`) whose structures feed its parameters in
        order; any other use, or a nested def also named elsewhere, is not shown to be so."""
        info = effect.owner
        parent = info.parent
        if effect.root != PARAMETER or parent is None or info.external is not None:
            return False
        params = info.node.args  # type: ignore[union-attr]
        positional = [a.arg for a in params.posonlyargs + params.args]
        if effect.root_name not in positional or not info.callers:
            return False
        index = positional.index(effect.root_name)
        an = self._analysis_for()
        if not isinstance(info.node, ast.Lambda):
            # every mention of a nested def's name in its parent must be one of the uses seen
            named = sum(1 for n in an.scope_walk(parent.node) if isinstance(n, ast.Name) and n.id == info.name)
            if named != len(info.callers):
                return False
        bindings = an.assignments(parent)
        parent_params = {a.arg for a in _all_args(parent.node)}  # type: ignore[arg-type]
        for site in info.callers:
            if site.caller is not parent:
                return False
            if not site.is_reference:
                args = site.node.args
            elif self._structure_map(site.node, parent) and site.node.args and _names_function(site.node.args[0], info):
                args = site.node.args[1:]
            else:
                return False
            if index >= len(args) or any(isinstance(a, ast.Starred) for a in args[: index + 1]):
                return False
            given = args[index]
            if not isinstance(given, ast.Name) or given.id in parent_params or given.id not in parent.locals:
                return False
            if given.id in parent.globals_declared or given.id in an.nonlocals(parent):
                return False
            values = bindings.get(given.id, [])
            if not values or any(v is None or isinstance(v, _READS) for v in values):
                return False
        return True

    def _structure_map(self, call: ast.Call, scope: FunctionInfo) -> bool:
        if isinstance(call.func, ast.Name) and call.func.id == "map":
            return self._analysis_for().is_builtin("map", scope)
        name = self.facts.qualname(call.func, scope) or ""
        return name.rsplit(".", 1)[-1] == "map_structure"

    def created_in_call(self, effect: Effect) -> Optional[ast.AST]:
        """The assignment that gives the mutated collection a fresh value earlier in the same run of
        `effect.owner`, on the way to the mutation (`self._cache = []` before `self._cache.append(x)`,
        also inside the same `if self._cache is None:` block): the mutated object then does not outlive
        the call. None when no such assignment is seen."""
        target = effect.target
        if target is None or effect.owner.external is not None:
            return None
        key = _key(target)
        if key is None:
            return None
        an = self._analysis_for()
        child: ast.AST = effect.node
        stop = effect.owner.node
        for _ in range(64):
            parent = an.parent(child)
            if parent is None or isinstance(parent, _SCOPES) and parent is not stop:
                return None
            for field in ("body", "orelse", "finalbody"):
                block = getattr(parent, field, None)
                if not isinstance(block, list) or not any(stmt is child for stmt in block):
                    continue
                for stmt in block[: next(i for i, s in enumerate(block) if s is child)]:
                    found = _fresh_assignment(stmt, key, self.facts)
                    if found is not None:
                        return found
            if parent is stop:
                return None
            child = parent
        return None

    def reset_by_call(self, effect: Effect) -> Optional[ast.AST]:
        """For `self.attr` mutated in a method: the assignment that gives `self.attr` a fresh collection at
        the top of the class's `__call__` (or a base class's in this module), before it calls the traced
        `call` (`super().__call__(...)`, `self.call(...)`): every call of the object starts the collection
        afresh, so it does not outlive the call (`self._losses = {}` in `__call__`, filled by `call`)."""
        target = effect.target
        if effect.root != SELF or not isinstance(target, ast.Attribute) or effect.owner.cls is None:
            return None
        key = _key(target)
        if key is None or not key.startswith("self."):
            return None
        classes = [effect.owner.cls]
        seen: Set[int] = set()
        while classes:
            cls = classes.pop(0)
            if id(cls) in seen or len(seen) > 8:
                continue
            seen.add(id(cls))
            dunder = cls.methods.get("__call__")
            if dunder is not None and not isinstance(dunder.node, ast.Lambda):
                fresh: Optional[ast.AST] = None
                for stmt in dunder.node.body:
                    if _calls_call(stmt):
                        return fresh
                    fresh = fresh or _fresh_assignment(stmt, key, self.facts)
                return None  # the nearest `__call__` decides
            for base in cls.node.bases:
                named = self.facts.module_classes.get(base.id) if isinstance(base, ast.Name) else None
                if named is not None:
                    classes.append(named)
        return None

    def reset_in_trace(self, effect: Effect) -> Optional[ast.AST]:
        """For `self.attr` mutated in a method: the statement that starts `self.attr` afresh (a fresh
        collection, `.clear()`, or `= None` so that the next use makes one) in another method of the
        class that itself runs while tracing (a `reset()` the traced build calls), or that the project
        calls with no call shown eager (`for l in self.layers: l.reset()` in another module's traced
        step, on a receiver nothing resolves: `eager_calls`): the collection is scratch whose life is
        that reset cycle, which may well be per trace; nothing shows that it outlives a trace, so it is
        not shown to count calls. A reset the project calls eagerly (at module level, in a test, from
        code nothing traces, as resolved) or never does not count."""
        target = effect.target
        cls = effect.owner.cls
        if effect.root != SELF or not isinstance(target, ast.Attribute) or cls is None:
            return None
        key = _key(target)
        if key is None or not key.startswith("self."):
            return None
        for method in cls.methods.values():
            if method is effect.owner or method.name in ("__init__", "build"):
                continue
            if isinstance(method.node, ast.Lambda):
                continue
            for stmt in method.node.body:
                found = _fresh_assignment(stmt, key, self.facts) or _dropped(stmt, key)
                if found is None:
                    continue
                if self._within_traces(method):
                    return found
        return None

    def fixed_slot_read_in_trace(self, effect: Effect) -> bool:
        """`self.attr[<constant>] = value` (a literal key, or a constant of an imported module such as
        `fields.BoxListFields.boxes`): the same key is overwritten on every call, so the collection does not
        grow, and every read of `.attr` in this module runs in traced code (the parent layer's `call`
        collecting `self._head.endpoints`) or in a method the project calls with no call shown eager (an
        accessor the traced loss calls): a per-trace scratch slot, used within the trace."""
        node, target = effect.node, effect.target
        if effect.method != "setitem" or effect.root != SELF or not isinstance(target, ast.Attribute):
            return False
        if not isinstance(node, ast.Assign) or not all(
            isinstance(t, ast.Subscript) and self._fixed_key(t.slice) for t in node.targets
        ):
            return False
        key = _key(target)
        if any(_key(n) == key for n in ast.walk(node.value) if isinstance(n, (ast.Name, ast.Attribute))):
            return False  # `d["n"] = d["n"] + 1`: the slot accumulates
        an = self._analysis_for()
        reads = 0
        for sub in ast.walk(self.facts.tree):
            if not (isinstance(sub, ast.Attribute) and sub.attr == target.attr and isinstance(sub.ctx, ast.Load)):
                continue
            parent = an.parent(sub)
            if isinstance(parent, ast.Subscript) and parent.value is sub and not isinstance(parent.ctx, ast.Load):
                continue  # a store into the collection, not a read
            scope = self._def_of(sub)
            info = self.facts.function_of(scope) if scope is not None else None
            if info is None or info.name in ("__init__", "build"):
                return False  # read where it may outlive a trace
            if not self._within_traces(info):
                return False
            reads += 1
        return reads > 0

    def _within_traces(self, info: FunctionInfo) -> bool:
        """`info` runs in traced code, or is a method the project calls with no call shown eager (from a
        step on a receiver nothing resolves): nothing shows it runs outside the traces."""
        return info.graph is not None or (info.cls is not None and self._analysis_for().eager_calls(info)[0] == "called")

    def _fixed_key(self, key: ast.expr) -> bool:
        """A key that is the same on every call: a literal, or an attribute of an imported name
        (`fields.BoxListFields.boxes`: a constant of another module)."""
        if isinstance(key, ast.Constant):
            return True
        if not isinstance(key, ast.Attribute):
            return False
        while isinstance(key, ast.Attribute):
            key = key.value
        return isinstance(key, ast.Name) and key.id in self.facts.imports

    def _def_of(self, node: ast.AST) -> Optional[ast.AST]:
        an = self._analysis_for()
        current = an.parent(node)
        while current is not None and not isinstance(current, _FUNCTION_NODES):
            current = an.parent(current)
        return current

    # -- classification --------------------------------------------------------------------------

    def root_of(self, expr: ast.AST, info: FunctionInfo) -> Optional[Tuple[str, str, str]]:
        """(root kind, root variable, dotted name) of a storage location in `info`, or None when the
        location is local to the call (or cannot be told)."""
        base = expr
        parts: List[str] = []
        while isinstance(base, (ast.Attribute, ast.Subscript)):
            if isinstance(base, ast.Attribute):
                parts.append(base.attr)
            base = base.value
        if not isinstance(base, ast.Name):
            return None
        parts.append(base.id)
        name = ".".join(reversed(parts))
        kind = self._name_root(base.id, info)
        if kind is None:
            return None
        return kind, base.id, name

    def _name_root(self, name: str, info: FunctionInfo, _depth: int = 0) -> Optional[str]:
        node = info.node
        if name in info.globals_declared:
            return GLOBAL
        if name in self._analysis_for().nonlocals(info):
            return NONLOCAL
        args = node.args
        positional = args.posonlyargs + args.args
        if (
            info.cls is not None
            and positional
            and positional[0].arg == name
            and not isinstance(node, ast.Lambda)
            and not any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        ):
            return SELF
        params = {a.arg for a in positional + args.kwonlyargs}
        params.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
        if name in params:
            return PARAMETER
        if name in info.locals:
            return self._alias_root(name, info, _depth)
        scope = info.parent
        while scope is not None:
            if name in scope.locals and name not in scope.globals_declared:
                if scope.locals[name] is not None:
                    return None  # an import inside the enclosing function
                return CLOSURE
            scope = scope.parent
        facts = self.facts
        if name in facts.imports:
            qual = facts.imports[name]
            if qual is not None:
                return None  # modules and imported names: not user state
            return GLOBAL if name in facts.module_classes else None
        if name in self._analysis_for().assignments(None):
            return GLOBAL
        return None  # builtins and undefined names

    def _alias_root(self, name: str, info: FunctionInfo, depth: int) -> Optional[str]:
        """A local that only ever holds a reference to outside state (`h = self.history`) is that state."""
        if depth > 3 or info.locals.get(name) is not None:
            return None
        values = self._analysis_for().assignments(info).get(name)
        if not values:
            return None
        roots: Set[Optional[str]] = set()
        for value in values:
            if not isinstance(value, (ast.Name, ast.Attribute)) or (isinstance(value, ast.Name) and value.id == name):
                return None
            base = value
            while isinstance(base, ast.Attribute):
                base = base.value
            if not isinstance(base, ast.Name):
                return None
            roots.add(self._name_root(base.id, info, depth + 1))
        if len(roots) != 1:
            return None
        return roots.pop()

    # -- the object a method is called on -----------------------------------------------------

    def receiver_origin(self, receiver: ast.expr, caller: FunctionInfo, _depth: int = 0) -> str:
        """Where the object `receiver` (of a call `receiver.method(...)` in `caller`) comes from: RECEIVER_NEW
        when `caller` makes it (`BoxList(boxes).add_field(...)`, or a local bound only to calls' results,
        `boxes = BoxList(b)`, `boxes = ops.gather(b, i)`), or when it is a parameter of a private helper of
        the module that every call of the helper gives an object the calling function makes
        (`_given_new`), RECEIVER_KEPT when it is state that outlives the call (a global, a closure variable,
        an attribute of `self`), RECEIVER_SELF for the calling method's own `self`, RECEIVER_GIVEN otherwise
        (an argument, or nothing shown)."""
        if type(receiver) is ast.Call:
            return RECEIVER_NEW
        root = self.root_of(receiver, caller)
        if root is None:
            if type(receiver) is ast.Name and caller.locals.get(receiver.id, 0) is None and self._made_here(receiver.id, caller):
                return RECEIVER_NEW
            return RECEIVER_GIVEN
        kind = root[0]
        if kind in (GLOBAL, CLOSURE, NONLOCAL):
            return RECEIVER_KEPT
        if kind == SELF:
            return RECEIVER_SELF if type(receiver) is ast.Name else RECEIVER_KEPT
        if kind == PARAMETER and type(receiver) is ast.Name and self._made_here(receiver.id, caller, receiver):
            return RECEIVER_NEW  # an argument replaced by a call's result before the call (`boxes = clip(boxes)`)
        if kind == PARAMETER and type(receiver) is ast.Name and self._given_new(receiver.id, caller, _depth):
            return RECEIVER_NEW
        return RECEIVER_GIVEN

    def _given_new(self, name: str, helper: FunctionInfo, depth: int) -> bool:
        """`name` is a parameter of `helper`, a private function at module level that never binds it again
        (`def _copy_extra_fields(boxlist_to_copy_to, boxlist_from)`), and every use of the helper in the module
        is a call from a function that passes, for it, an object that function makes (`clipped = BoxList(...)`
        then `_copy_extra_fields(clipped, boxlist)`): the object lives no longer than the calling function's
        call. Nothing else in the module names the helper (no call at module level, no reference)."""
        node = helper.node
        if (
            depth > 3
            or helper.parent is not None
            or helper.cls is not None
            or type(node) is ast.Lambda
            or not helper.name.startswith("_")
            or helper.name.startswith("__")
            or name in self._analysis_for().assignments(helper)
        ):
            return False
        args = node.args
        if name not in {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}:
            return False
        sites = helper.callers
        if not sites or any(site.caller is None or site.is_reference for site in sites):
            return False
        named = self.__dict__.setdefault("_names_read", {})
        if not named:
            for sub in ast.walk(self.facts.tree):
                if type(sub) is ast.Name:
                    named[sub.id] = named.get(sub.id, 0) + 1
        if named.get(helper.name, 0) != len(sites):
            return False  # named elsewhere: a reference, or a call this module does not resolve
        for site in sites:
            argument = self._argument(site, helper, name)
            if argument is None or self.receiver_origin(argument, site.caller, depth + 1) != RECEIVER_NEW:  # type: ignore[arg-type]
                return False
        return True

    def _made_here(self, name: str, caller: FunctionInfo, parameter_use: Optional[ast.AST] = None) -> bool:
        """Every value `caller` binds `name` to is a call's result or None (`result = None`, then
        `result = gather(...)` in each branch), one at least a call's. For a parameter (`parameter_use`,
        where it is used), also: one of those statements is a statement of the function's own body before
        the one that uses it, so the argument it was given is gone by then."""
        values = self._analysis_for().assignments(caller).get(name)
        if not values or not all(type(v) is ast.Call or (type(v) is ast.Constant and v.value is None) for v in values):
            return False
        if not any(type(v) is ast.Call for v in values):
            return False
        if parameter_use is None:
            return True
        body = caller.node.body
        if not isinstance(body, list):
            return False
        an = self._analysis_for()
        statement: Optional[ast.AST] = parameter_use
        for _ in range(64):
            up = an.parent(statement) if statement is not None else None
            if up is None or up is caller.node:
                break
            statement = up
        for stmt in body:
            if stmt is statement:
                return False
            if (
                type(stmt) is ast.Assign
                and type(stmt.value) is ast.Call
                and any(type(t) is ast.Name and t.id == name for t in stmt.targets)
            ):
                return True
        return False

    def method_receivers(self, effect: Effect) -> Optional[str]:
        """For a change of `self.<attr>` in a method of a plain class (not Keras, not a tf.Module, whose
        objects outlive a trace) traced only because traced code calls it: RECEIVER_NEW when every traced
        call shown is on an object made in that same traced call (`boxes = BoxList(b); boxes.add_field(...)`),
        so the collection does not outlive it; RECEIVER_GIVEN when no call shown is on state that outlives
        the call (the objects are arguments, or no call is shown); None when one is (`self.boxes.add_field`,
        a global), or the method is traced for another reason."""
        info = effect.owner
        cls = info.cls
        graph = info.graph
        if (
            effect.root != SELF
            or cls is None
            or cls.is_keras
            or cls.keras_weak
            or cls.is_tf_module
            or graph is None
            or graph.reason != "called"
            or graph.weak
        ):
            return None
        found = self._site_receivers(info, cls, set(), 0)
        if found is None or RECEIVER_KEPT in found:
            return None
        if found and found == {RECEIVER_NEW}:
            return RECEIVER_NEW
        return RECEIVER_GIVEN

    def _site_receivers(self, info: FunctionInfo, cls, seen: Set[int], depth: int) -> Optional[Set[str]]:
        """The origins of the objects the traced calls of method `info` are made on, in this module and (with an
        index) in others; a call on the caller's own `self` in a method of the same class counts as that
        method's own calls do. None when a call cannot be read (called by name, or too deep)."""
        if id(info.node) in seen or depth > 4:
            return None
        seen.add(id(info.node))
        found: Set[str] = set()
        for caller in self.facts.functions:
            if caller.graph is None:
                continue
            for site in caller.calls:
                if site.target is not info or site.eager or site.is_reference:
                    continue
                func = site.node.func
                if type(func) is not ast.Attribute:
                    return None
                origin = self.receiver_origin(func.value, caller)
                if origin == RECEIVER_SELF:
                    if caller.cls is not cls or caller.graph.reason != "called":
                        return None
                    inner = self._site_receivers(caller, cls, seen, depth + 1)
                    if inner is None:
                        return None
                    found |= inner
                else:
                    found.add(origin)
        link = self.facts.link
        if link is not None:
            for call in link.callers.get(info.qualname, ()):
                if call.traced and not call.reference:
                    origin = call.receiver or RECEIVER_GIVEN
                    found.add(RECEIVER_GIVEN if origin == RECEIVER_SELF else origin)
        return found

    # -- seen from a caller ----------------------------------------------------------------------

    def _through_call(self, effect: Effect, site: CallSite, caller: FunctionInfo) -> Optional[Effect]:
        callee = site.target
        if effect.root in (CLOSURE, NONLOCAL) and callee.parent is caller:
            if effect.root_name in caller.locals:
                return None  # state of the caller's own call: not visible outside it
        if effect.root == PARAMETER:
            argument = self._argument(site, callee, effect.root_name)
            if argument is None:
                return None
            root = self.root_of(argument, caller)
            if root is None:
                return None
            kind, root_name, name = root
            suffix = effect.name[len(effect.root_name):]
            return replace(effect, root=kind, root_name=root_name, name=name + suffix, via=(site,) + effect.via)
        if effect.root == SELF:
            func = site.node.func
            # Only `self.m()` (or a closure's `self.m()`) is resolved to a method: the same object.
            if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
                return None
        return replace(effect, via=(site,) + effect.via)

    def _argument(self, site: CallSite, callee: FunctionInfo, param: str) -> Optional[ast.expr]:
        if isinstance(callee.node, ast.Lambda):
            bound = False
        else:
            bound = self._analysis_for().bound_call(site.node, callee)
        for name, expr in self._analysis_for().map_arguments(site.node, callee, bound):
            if name == param:
                return expr
        return None


class _BodyWalker:
    """One walk over a function's own body, tracking eager-only blocks."""

    def __init__(self, analysis: EffectAnalysis, info: FunctionInfo):
        self.analysis = analysis
        self.info = info
        self.facts = analysis.facts
        self.effects: List[Effect] = []
        self.eager = 0
        if not self.facts.eager_roots:  # most modules: no lookup per node (as the engine's walker)
            self.visit = self._visit  # type: ignore[method-assign]

    def run(self) -> List[Effect]:
        node = self.info.node
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            for stmt in node.body:
                self.visit(stmt)
        return self.effects

    def visit(self, node: ast.AST) -> None:
        # regions that only run eagerly found by flow (after `if not tf.executing_eagerly(): return`, ...)
        if id(node) in self.facts.eager_roots:
            self.eager += 1
            self._visit(node)
            self.eager -= 1
        else:
            self._visit(node)

    def _visit(self, node: ast.AST) -> None:
        if isinstance(node, _SCOPES):
            if not isinstance(node, ast.Lambda):
                for dec in node.decorator_list:
                    self.visit(dec)
            return
        if isinstance(node, ast.If) and is_eager_only_test(node.test, self.facts, self.info):
            self.visit(node.test)
            self.eager += 1
            for stmt in node.body:
                self.visit(stmt)
            self.eager -= 1
            for stmt in node.orelse:
                self.visit(stmt)
            return
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.visit(item.context_expr)
                if item.optional_vars is not None:
                    self.store(item.optional_vars, node, "assign")
            eager = any(is_init_scope(item, self.facts, self.info) for item in node.items)
            self.eager += eager
            for stmt in node.body:
                self.visit(stmt)
            self.eager -= eager
            return
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self.store(target, node, "assign")
        elif isinstance(node, ast.AugAssign):
            self.store(node.target, node, "augassign")
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.store(node.target, node, "assign")
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self.store(target, node, "delete")
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.store(node.target, node, "assign")
        elif isinstance(node, ast.NamedExpr):
            self.store(node.target, node, "assign")
        elif isinstance(node, ast.Call):
            self.call(node)
        for child in iter_children(node):
            self.visit(child)

    def add(self, kind: str, root: Tuple[str, str, str], node: ast.AST, target: Optional[ast.AST], method: str) -> None:
        root_kind, root_name, name = root
        self.effects.append(
            Effect(kind, root_kind, node, target, name, self.info, method, self.eager > 0, root_name)
        )

    def store(self, target: ast.AST, node: ast.AST, how: str) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.store(elt, node, how)
            return
        if isinstance(target, ast.Starred):
            self.store(target.value, node, how)
            return
        info = self.info
        if isinstance(target, ast.Name):
            if target.id in info.globals_declared:
                self.add(GLOBAL_WRITE, (GLOBAL, target.id, target.id), node, target, how)
            elif target.id in self.analysis._analysis_for().nonlocals(info):
                self.add(NONLOCAL_WRITE, (NONLOCAL, target.id, target.id), node, target, how)
            return
        if isinstance(target, ast.Subscript):
            root = self.analysis.root_of(target.value, info)
            if root is not None:
                method = {"assign": "setitem", "delete": "delitem", "augassign": "augitem"}[how]
                self.add(MUTATION, root, node, target.value, method)
            return
        if isinstance(target, ast.Attribute):
            root = self.analysis.root_of(target, info)
            if root is not None:
                self.add(ATTRIBUTE_WRITE, root, node, target, how)

    def call(self, node: ast.Call) -> None:
        func = node.func
        analysis = self.analysis
        if isinstance(func, ast.Attribute) and func.attr in MUTATING_METHODS:
            root = analysis.root_of(func.value, self.info)
            if root is not None:
                self.add(MUTATION, root, node, func.value, func.attr)
            return
        if isinstance(func, ast.Name):
            if func.id == "print" and analysis._analysis_for().is_builtin("print", self.info):
                self.add(PRINT, (OUTPUT, "", "print"), node, None, "print")
            elif func.id in ("setattr", "delattr") and len(node.args) >= 2:
                if not analysis._analysis_for().is_builtin(func.id, self.info):
                    return
                root = analysis.root_of(node.args[0], self.info)
                if root is not None:
                    attr = node.args[1]
                    shown = attr.value if isinstance(attr, ast.Constant) and isinstance(attr.value, str) else "?"
                    kind, root_name, name = root
                    self.add(ATTRIBUTE_WRITE, (kind, root_name, f"{name}.{shown}"), node, node.args[0], func.id)


def effects_in(effects: Sequence[Effect], *kinds: str) -> List[Effect]:
    return [e for e in effects if e.kind in kinds]


FRESH_COLLECTION_CALLS = frozenset(
    {"list", "dict", "set", "collections.OrderedDict", "collections.defaultdict", "collections.deque",
     "collections.Counter"}
)


def _key(expr: Optional[ast.AST]) -> Optional[str]:
    parts = dotted_parts(expr) if expr is not None else None
    return ".".join(parts) if parts else None


# Keras layers and models build these lists anew on every access (`layer.trainable_variables` is a
# fresh list): a name rebound to one does not hold the object it held on the previous call.
FRESH_LIST_PROPERTIES = frozenset(
    {"trainable_variables", "trainable_weights", "non_trainable_variables", "non_trainable_weights"}
)
FRESH_COPY_CALLS = frozenset({"copy.copy", "copy.deepcopy", "sorted"})


def _calls_call(stmt: ast.stmt) -> bool:
    """`stmt` calls `super().__call__(...)` or `self.call(...)`: where `__call__` runs the traced body."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.func.attr == "__call__" and isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
                return True
            if node.func.attr == "call" and isinstance(owner, ast.Name) and owner.id == "self":
                return True
    return False


def _fresh_assignment(stmt: ast.stmt, key: str, facts: ModuleFacts) -> Optional[ast.stmt]:
    """`stmt` gives `key` a fresh collection whenever it runs to its end: an assignment, `key.clear()`, or
    one of those in the body of a `with` block (the body always runs before the statement after the block)."""
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and _fresh_collection(stmt.value, facts):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        # `self.x = self.x + [v]` or `self.x = self.x.copy()` is a new object that carries the old items on.
        carries = any(_key(n) == key for n in ast.walk(stmt.value) if isinstance(n, (ast.Name, ast.Attribute)))
        if any(_key(t) == key for t in targets) and not carries:
            return stmt
    if (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and stmt.value.func.attr == "clear"
        and not stmt.value.args
        and not stmt.value.keywords
        and _key(stmt.value.func.value) == key
    ):
        return stmt  # `self.x.clear()`: the same object, emptied: it starts afresh all the same
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        for inner in stmt.body:
            found = _fresh_assignment(inner, key, facts)
            if found is not None:
                return found
    return None


def _dropped(stmt: ast.stmt, key: str) -> Optional[ast.stmt]:
    """`key = None`: the old collection is dropped, and the next use makes a new one (`if self.x is None:
    self.x = [...]`)."""
    value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
    if isinstance(value, ast.Constant) and value.value is None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if any(_key(t) == key for t in targets):
            return stmt
    return None


def _fresh_collection(value: Optional[ast.expr], facts: ModuleFacts) -> bool:
    """A new Python collection: a literal, a constructor or copy call, or a list Keras builds per access."""
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        if isinstance(value.func, ast.Name) and value.func.id in FRESH_COLLECTION_CALLS | FRESH_COPY_CALLS:
            return facts.imports.get(value.func.id) is None
        if isinstance(value.func, ast.Attribute) and value.func.attr == "copy" and not value.args:
            return True  # `x.copy()`: a shallow copy of a list, dict or set
        return facts.qualname(value.func) in FRESH_COLLECTION_CALLS | FRESH_COPY_CALLS
    if isinstance(value, ast.Attribute) and value.attr in FRESH_LIST_PROPERTIES:
        return True
    # `a + b` of two lists builds a third one.
    return isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add)


# A value that reads existing state rather than making a new object: a binding to one aliases that state.
_READS = (ast.Name, ast.Attribute, ast.Subscript, ast.Starred, ast.NamedExpr, ast.IfExp, ast.BoolOp, ast.Await)


def _all_args(node: ast.AST) -> List[ast.arg]:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return []
    args = node.args
    found = args.posonlyargs + args.args + args.kwonlyargs
    return found + [a for a in (args.vararg, args.kwarg) if a is not None]


def _names_function(expr: ast.AST, info: FunctionInfo) -> bool:
    """`expr` is the function itself: its lambda, or its def's name."""
    return expr is info.node or (isinstance(expr, ast.Name) and expr.id == info.name)
