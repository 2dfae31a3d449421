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
