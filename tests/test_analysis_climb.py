"""The cache-miss guard (`ModuleAnalysis.lazy_guard`, read into the index's `Edge.in_loop`) and a function's
`nonlocal` names answer the same whether or not the module's parent index was built: a summary finds a call's
ancestors going down from its function and reads a def's own statements, a check may climb the whole map."""

import ast

from hybridlint.analysis import ModuleAnalysis
from hybridlint.facts import ModuleFacts

SOURCE = '''
import functools
import tensorflow as tf

CACHE = {}


def decorate(fn):
    return fn


class Model:
    @decorate
    @functools.lru_cache(maxsize=None)
    def step(self, data):
        if self._fn is None:
            self._fn = [make(b) for b in data]
        for b in data:
            if not self.built:
                self.built = True
                build(b)
            if self.first_call:
                self.first_call = False
                warm(b)
            values = [f"{scale(b)}" for _ in range(3)]
        return self._fn

    def nested(self, data):
        if self._outer is None:
            self._outer = 1
            for b in data:
                if self._inner is None:
                    self._inner = make(b)

    def lookup(self, keys):
        for key in keys:
            try:
                fn = CACHE[key]
            except KeyError:
                CACHE[key] = fn = make(key)
            out = fn(key) if key in CACHE else make(key)
        return out


def outer(items):
    total = 0
    def inner():
        for item in items:
            nonlocal total
            if total:
                return
            total = len([make(i) for i in item])
            match item:
                case [x]:
                    nonlocal_like = make(x)
    for item in items:
        if item is None:
            continue
        fn = CACHE.get(item)
        if fn is None:
            fn = make(item)
            CACHE[item] = fn
        run(fn)
    return inner
'''


def _loop_calls(facts: ModuleFacts):
    return [(call, info) for info in facts.functions for call in ast.walk(info.node) if isinstance(call, ast.Call)]


def test_lazy_guard_and_nonlocals_the_same_with_and_without_the_parent_map():
    tree = ast.parse(SOURCE)
    facts = ModuleFacts(tree)
    calls = _loop_calls(facts)
    assert len(calls) > 15
    fresh = ModuleAnalysis(facts)  # no parent map: paths found going down, a def's own statements read
    mapped = ModuleAnalysis(facts)
    mapped.parents  # the whole map, as a check that asked for it has: climbs
    guards = [fresh.lazy_guard(call, info) for call, info in calls]
    assert guards == [mapped.lazy_guard(call, info) for call, info in calls]
    assert sum(g is not None for g in guards) >= 5  # the shapes above are read as guards, not all skipped
    assert [fresh.nonlocals(info) for info in facts.functions] == [mapped.nonlocals(info) for info in facts.functions]
    assert {"total"} in [fresh.nonlocals(info) for info in facts.functions]


BINDINGS = '''
import contextlib

LIMIT: int
ROOT = make_root()


def build(rows, cache):
    total: int
    count: int = 0
    first, *rest = rows
    count += len(rest)
    for index, row in enumerate(rows):
        cache[index] = row
    with contextlib.suppress(KeyError) as guard, open(ROOT) as (handle):
        pass
    if (size := len(rows)) > LIMIT:
        squares = [value * value for value in rows if (kept := value)]
    helper = lambda item: (inner := item)
    async def fetch():
        async for chunk in stream():
            pass
    class Local:
        attr = 1
    return first, count, size, squares, helper, fetch, Local, guard, handle, kept
'''


def test_assignments_lists_every_binding_of_a_scope_in_walk_order():
    tree = ast.parse(BINDINGS)
    analysis = ModuleAnalysis(ModuleFacts(tree))
    build = next(info for info in analysis.facts.functions if info.qualname == "build")
    found = {
        name: [ast.unparse(value) if value is not None else None for value in values]
        for name, values in analysis.assignments(build).items()
    }
    assert found == {
        "count": ["0", None],
        "first": [None],
        "rest": [None],
        "index": [None],
        "row": [None],
        "guard": [None],
        "handle": [None],
        "size": ["len(rows)"],
        "squares": ["[value * value for value in rows if (kept := value)]"],
        "value": [None],
        "kept": ["value"],
        "helper": ["lambda item: (inner := item)"],
        "fetch": [None],
        "Local": [None],
    }
    assert list(found)[:3] == ["count", "first", "rest"]  # the order the statements come in
    module = analysis.assignments(None)
    assert list(module) == ["ROOT", "build"] and [ast.unparse(v) for v in module["ROOT"]] == ["make_root()"]


SPREAD = '''
def spread(rows):
    total = sum(
        item
        for item in rows
    )
    call(
        1,
        (late := total),
    )
    plain = call(total, late)
    labels = {
        key: value
        for key, value in rows
    }
    return plain, labels
'''


def test_assignments_are_the_same_when_the_text_says_which_expressions_may_bind():
    """With the module's text at hand (`binder_source`) the expressions on no line with `for` or `:=` are
    passed over: a comprehension or an assignment expression written over several lines is still found,
    and every scope's bindings are those of a walk of everything, in the same order."""
    from hybridlint.source import SourceText

    for text in (BINDINGS, SPREAD, SOURCE):
        facts = ModuleFacts(ast.parse(text))
        whole, told = ModuleAnalysis(facts), ModuleAnalysis(facts)
        told.binder_source = SourceText(text)
        for info in [None, *facts.functions, *facts.classes]:
            expected = whole.assignments(info)
            found = told.assignments(info)
            assert list(found) == list(expected)
            assert all([id(v) for v in found[name]] == [id(v) for v in expected[name]] for name in expected)
    facts = ModuleFacts(ast.parse(SPREAD))
    told = ModuleAnalysis(facts)
    told.binder_source = SourceText(SPREAD)
    spread = told.assignments(facts.functions[0])
    assert list(spread) == ["total", "item", "late", "plain", "labels", "key", "value"]
