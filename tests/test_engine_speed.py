"""The engine's speed-ups must not change what it finds: every node is still visited once, the
fast tree helpers agree with `ast`, the garbage collector is left as it was found, and a rule that
needs traced code is skipped only where there is none."""

from __future__ import annotations

import ast
import gc
import sys
import textwrap
from collections import Counter

import pytest

from hybridlint.engine import check_source
from hybridlint.facts import parent_map, walk_nodes
from hybridlint.rule import Rule, Severity

SINGLETONS = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)

SAMPLE = textwrap.dedent(
    '''
    """Module docstring."""
    from __future__ import annotations
    import tensorflow as tf
    from .local import helper as h, other

    SCALE: float = 2.0
    counter = 0


    @tf.function(reduce_retracing=True)
    async def step(x, /, y=1, *args, z: int = 3, **kwargs) -> tf.Tensor:
        global counter
        counter += 1
        total = [i * SCALE for i in range(3) if i if not i > 2]
        pairs = {k: v for k, v in zip("ab", (1, 2))}
        with tf.init_scope(), open("f") as (a, b):
            pass
        try:
            x = x @ y
        except (ValueError, TypeError) as err:
            raise RuntimeError(f"bad {x!r:>10} {y}") from err
        else:
            x = -x if x is not None and x != 0 else ~y
        finally:
            del a
        async for item in aiter(args):
            await item
        while (n := len(total)) < 2:
            total.append(lambda q=1: q + n)
        return tf.nn.relu(x[1:2, ..., None])


    class Layer(tf.keras.layers.Layer, metaclass=type):
        def call(self, inputs, *, training=False):
            nonlocal_free = {*inputs, *()}
            yield from (v for v in nonlocal_free)
    '''
)
if sys.version_info >= (3, 10):
    SAMPLE += textwrap.dedent(
        """
        match SCALE:
            case [1, *rest] | {"k": _, **more}:
                pass
            case Layer(a=1) as matched if matched:
                pass
        """
    )


def nodes_by_ast(tree: ast.AST) -> Counter:
    return Counter(type(n).__name__ for n in ast.walk(tree) if not isinstance(n, SINGLETONS))


def test_walk_nodes_finds_every_node_of_ast_walk_in_source_order():
    tree = ast.parse(SAMPLE)
    found = list(walk_nodes(tree))
    assert Counter(type(n).__name__ for n in found) == nodes_by_ast(tree)
    assert len({id(n) for n in found}) == len(found)
    statements = [n for n in found if isinstance(n, ast.stmt) and n.col_offset == 0]
    assert [s.lineno for s in statements] == sorted(s.lineno for s in statements)


def test_parent_map_agrees_with_ast_for_every_node():
    tree = ast.parse(SAMPLE)
    expected = {
        id(child): parent
        for parent in ast.walk(tree)
        for child in ast.iter_child_nodes(parent)
        if not isinstance(child, SINGLETONS)
    }
    found = parent_map(tree)
    assert found.keys() == expected.keys()
    assert all(found[key] is expected[key] for key in expected)


class _CountEverything(Rule):
    """Has a visitor for every node class in the sample, and reports nothing."""

    code = "HYB990"
    name = "count-everything"
    severity = Severity.HINT
    summary = what_it_does = why_bad = use_instead = fix_safety_doc = "test only"
    seen: Counter = Counter()


def _visit(self, node):
    type(self).seen[type(node).__name__] += 1


for _name in {type(n).__name__ for n in ast.walk(ast.parse(SAMPLE))}:
    setattr(_CountEverything, "visit_" + _name, _visit)


def test_the_walker_dispatches_every_node_exactly_once():
    _CountEverything.seen = Counter()
    result = check_source(SAMPLE, "sample.py", rules=[_CountEverything])
    assert result.syntax_error is None and not result.rule_errors
    expected = nodes_by_ast(ast.parse(SAMPLE))
    del expected["Module"]  # the engine walks the module's statements, not the module node
    assert _CountEverything.seen == expected


class _CallsInTracedModules(Rule):
    code = "HYB991"
    name = "calls-in-traced-modules"
    severity = Severity.HINT
    summary = what_it_does = why_bad = use_instead = fix_safety_doc = "test only"
    needs_traced_code = True

    def visit_Call(self, node):
        self.report(node, "call")


class _CallsEverywhere(_CallsInTracedModules):
    code = "HYB992"
    name = "calls-everywhere"
    needs_traced_code = False


EAGER_ONLY = "import tensorflow as tf\n\ndef f(x):\n    return tf.abs(x)\n"


@pytest.mark.parametrize(
    "traced",
    [
        "import tensorflow as tf\n\n@tf.function\ndef f(x):\n    return tf.abs(x)\n",
        "import tensorflow as tf\n\ndef f(x):\n    return tf.abs(x)\n\ng = tf.function(f)\n",
        "import tensorflow as tf\n\nclass L(tf.keras.layers.Layer):\n    def call(self, x):\n        return tf.abs(x)\n",
        "import tensorflow as tf\n\nds = tf.data.Dataset.range(3).map(lambda x: tf.abs(x))\n",
    ],
    ids=["decorated", "wrapped", "keras-call", "dataset-map"],
)
def test_a_rule_needing_traced_code_runs_where_some_code_is_traced(traced):
    codes = [f.code for f in check_source(traced, "m.py", rules=[_CallsInTracedModules, _CallsEverywhere]).findings]
    assert "HYB991" in codes and "HYB992" in codes


def test_a_rule_needing_traced_code_is_skipped_where_nothing_is_traced():
    codes = [f.code for f in check_source(EAGER_ONLY, "m.py", rules=[_CallsInTracedModules, _CallsEverywhere]).findings]
    assert codes == ["HYB992"]


class _Raising(_CallsEverywhere):
    code = "HYB993"
    name = "raising"

    def visit_Call(self, node):
        raise RuntimeError("boom")


@pytest.mark.parametrize("enabled", [True, False])
def test_a_check_leaves_the_garbage_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        check_source(SAMPLE, "sample.py")
        assert gc.isenabled() is enabled
        result = check_source(EAGER_ONLY, "m.py", rules=[_Raising])
        assert result.rule_errors and gc.isenabled() is enabled
        assert check_source("import tensorflow\n(", "broken.py").syntax_error is not None
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
