"""Import resolution and graph context (rules.md §3.1–3.2), including Hybridize's negative cases."""

from __future__ import annotations

import ast
import textwrap

import pytest

from hybridlint.facts import ModuleFacts
from hybridlint.links import ModuleLink


def facts(code: str, **kw) -> ModuleFacts:
    return ModuleFacts(ast.parse(textwrap.dedent(code)), **kw)


def graph(code: str, **kw):
    f = facts(code, **kw)
    return {info.qualname: (info.graph.reason if info.graph else None) for info in f.functions}


def test_decorator_spellings_resolve():
    g = graph(
        """
        import tensorflow as tf
        import tensorflow
        from tensorflow import function
        from tensorflow import function as F
        jit = tf.function(jit_compile=True)

        @tf.function
        def a(x): return x
        @tensorflow.function(reduce_retracing=True)
        def b(x): return x
        @function
        def c(x): return x
        @F
        def d(x): return x
        @tf.compat.v2.function
        def e(x): return x
        @jit
        def f(x): return x
        def plain(x): return x
        """
    )
    assert g == {n: "decorated" for n in "abcdef"} | {"plain": None}


def test_lookalikes_are_not_tf_function():
    g = graph(
        """
        import tf
        from tf import function
        import tensorflow as tensorflow_real

        def helper(f): return f

        @tf.function
        def a(x): return x
        @function
        def b(x): return x
        """
    )
    assert g == {"helper": None, "a": None, "b": None}
    g = graph(
        """
        import tensorflow as tf

        def function(f):
            return f

        @function
        def a(x): return x
        """
    )
    assert g == {"function": None, "a": None}


def test_local_shadowing_of_tf():
    g = graph(
        """
        import tensorflow as tf

        def outer(tf):
            @tf.function
            def inner(x): return x
            return inner
        """
    )
    assert g["outer.inner"] is None


def test_wrapping_and_reachability():
    f = facts(
        """
        import tensorflow as tf

        def helper(x):
            return deeper(x)

        def deeper(x):
            return x

        def step(x):
            return helper(x)

        fast = tf.function(step)

        class Trainer:
            def __init__(self):
                self.step = tf.function(self._step)

            def _step(self, x):
                return self._loss(x)

            def _loss(self, x):
                return x

            def eager_only(self):
                return 1

        def loader(x):
            return x

        ds = tf.data.Dataset.range(3).map(loader)
        """
    )
    g = {i.qualname: i.graph for i in f.functions}
    assert g["step"].reason == "wrapped"
    assert g["helper"].reason == "called" and g["helper"].via.name == "step"
    assert g["deeper"].reason == "called" and g["deeper"].origin.name == "step"
    assert g["Trainer._step"].reason == "wrapped"
    assert g["Trainer._loss"].reason == "called"
    assert g["Trainer.__init__"] is None and g["Trainer.eager_only"] is None
    assert g["loader"].reason == "dataset"
    assert f.module_wrapped["fast"].target.name == "step"


def test_exclusions_py_function_and_eager_regions():
    g = graph(
        """
        import tensorflow as tf

        def py_side(x):
            return x.numpy()

        def eager_helper():
            return 1

        def traced_helper():
            return 2

        @tf.function
        def step(x):
            y = tf.py_function(py_side, [x], tf.float32)
            with tf.init_scope():
                eager_helper()
            if tf.executing_eagerly():
                eager_helper()
            traced_helper()
            return y
        """
    )
    assert g["py_side"] is None
    assert g["eager_helper"] is None
    assert g["traced_helper"] == "called"


def test_keras_methods_are_low_confidence_graph():
    f = facts(
        """
        import tensorflow as tf
        from tensorflow import keras

        class Block(keras.layers.Layer):
            def call(self, x):
                return x

        class Net(tf.keras.Model):
            def train_step(self, data):
                return {}

        class Plain:
            def call(self, x):
                return x
        """
    )
    g = {i.qualname: i.graph for i in f.functions}
    assert g["Block.call"].reason == "keras" and not g["Block.call"].confident
    assert g["Net.train_step"].reason == "keras"
    assert g["Plain.call"] is None


def test_alias_modules_from_settings():
    g = graph(
        """
        from mylib.compat import tf

        @tf.function
        def a(x): return x
        """,
        alias_modules=("mylib.compat.tf",),
    )
    assert g == {"a": "decorated"}


def test_call_sites_record_loops():
    f = facts(
        """
        import tensorflow as tf

        @tf.function
        def step(x, i):
            return x * i

        def train(x):
            for i in range(10):
                step(x, i)
            step(x, 0)
        """
    )
    step = next(i for i in f.functions if i.name == "step")
    assert [site.in_loop for site in step.callers] == [True, False]
    assert all(site.wrapper is step.decorator for site in step.callers)


# -- execution-mode regions: `if tf.executing_eagerly():` and its graph-only `else` ---------------


def _regions(code: str):
    """Each call's name → (eager, graph_only) as the facts record them."""
    f = facts(code)
    sites = [s for info in f.functions for s in info.calls] + list(f.module_calls)
    return {s.node.func.id: (s.eager, s.graph_only) for s in sites if isinstance(s.node.func, ast.Name)}


def test_executing_eagerly_branches_are_eager_or_graph_only():
    r = _regions(
        """
        import tensorflow as tf

        def a(): pass
        def b(): pass
        def c(): pass
        def d(): pass
        def e(): pass
        def f(): pass
        def g(): pass
        def h(): pass

        def run(ready):
            if tf.compat.v1.executing_eagerly() or not ready:
                a()
            else:
                b()
            if not tf.executing_eagerly():
                c()
            else:
                d()
            if tf.executing_eagerly() and ready:
                e()
            else:
                f()
            if ready or tf.executing_eagerly():
                g()
            elif ready is None:
                h()
        """
    )
    assert r["a"] == (False, False)  # `or` true: may be either mode
    assert r["b"] == (False, True)  # the `or` was false: not executing eagerly
    assert r["c"] == (False, True)
    assert r["d"] == (True, False)
    assert r["e"] == (True, False)  # an `and` that holds proves what any operand proves
    assert r["f"] == (False, False)
    assert r["g"] == (False, False)
    assert r["h"] == (False, True)  # an `elif` inside a graph-only `else` is graph-only too


def test_a_helper_of_the_module_is_a_mode_test_by_its_returns():
    r = _regions(
        """
        import keras
        import tensorflow as tf

        def a(): pass
        def b(): pass
        def c(): pass
        def d(): pass
        def e(): pass
        def f(): pass
        def g(): pass
        def h(): pass
        def i(): pass

        def in_tf_function():
            if tf is None:
                return False
            return not tf.executing_eagerly()

        def maybe_graph(flag):
            if flag:
                return True
            return in_tf_function()

        def setting():
            return SETTINGS["python"]

        class Layer:
            def use_tf(self):
                if in_tf_function():
                    return True
                if self.allow_python:
                    return False
                return True

            def call(self, x):
                if self.use_tf():
                    a()
                else:
                    b()
                if in_tf_function():
                    c()
                else:
                    d()
                if maybe_graph(x):
                    e()
                else:
                    f()
                if setting():
                    g()
                if keras.config.backend() in ("torch", "jax"):
                    h()
                if keras.config.backend() == "tensorflow":
                    i()
        """
    )
    assert r["a"] == (False, False)  # true both while tracing and eagerly (the setting)
    assert r["b"] == (True, False)  # false only on the eager path
    assert r["c"] == (False, True)
    assert r["d"] == (True, False)  # false also when TensorFlow is absent: nothing is traced
    assert r["e"] == (False, False)  # one return with this outcome proves nothing: nothing is claimed
    assert r["f"] == (True, False)
    assert r["g"] == (False, False)  # a setting is no mode test
    assert r["h"] == (True, False)  # another Keras backend: no tf.function traces it
    assert r["i"] == (False, False)


def test_code_after_an_eager_return_is_graph_only():
    r = _regions(
        """
        import tensorflow as tf

        def a(): pass
        def b(): pass
        def c(): pass
        def d(): pass
        def e(): pass

        def run(x, ready):
            if tf.executing_eagerly():
                a()
                return x
            b()
            for _ in range(2):
                if not tf.inside_function():
                    continue
                c()

        def third(x, ready):
            if tf.executing_eagerly() and ready:
                return x
            d()

        def other(x):
            if ready():
                return x
            e()
        """
    )
    assert r["a"] == (True, False)
    assert r["b"] == (False, True)  # the eager run returned: only a trace gets here
    assert r["c"] == (False, True)
    assert r["d"] == (False, False)  # `and` failing proves nothing about the mode
    assert r["e"] == (False, False)  # a test that says nothing about the mode


def test_graph_only_region_does_not_make_an_untraced_function_traced():
    g = graph(
        """
        import tensorflow as tf

        def helper(x): return x

        def maybe_compiled(x):
            if not tf.executing_eagerly():
                return helper(x)
            return x
        """
    )
    # Trace-time code of an unknown outer graph: graph-context rules stay quiet there (engine docs).
    assert g == {"helper": None, "maybe_compiled": None}


def test_walker_tracks_graph_only_depth():
    from hybridlint.engine import check_source
    from hybridlint.rule import Rule, Severity

    seen = []

    class Probe(Rule):
        code = "HYB999"
        name = "probe"
        severity = Severity.INFO
        summary = "records the walker's mode for each call"

        def visit_Call(self, node):
            seen.append((self.ctx.source.segment(node.func), self.ctx.eager_depth, self.ctx.graph_only_depth))

    check_source(
        textwrap.dedent(
            """
            import tensorflow as tf

            def run(x):
                if tf.executing_eagerly():
                    eager_call(x)
                else:
                    graph_call(x)
                    def inner():
                        fresh_scope()
                plain()

            def later(x):
                if tf.executing_eagerly():
                    return eager_exit(x)
                after_exit(x)
                def nested():
                    in_nested_def()
            """
        ),
        "m.py",
        rules=[Probe],
    )
    modes = {name: (eager, graph_only) for name, eager, graph_only in seen}
    assert modes["eager_call"] == (1, 0)
    assert modes["graph_call"] == (0, 1)
    assert modes["fresh_scope"] == (0, 0)  # a nested def runs whenever it is called
    assert modes["plain"] == (0, 0)
    assert modes["eager_exit"] == (1, 0)
    assert modes["after_exit"] == (0, 1)  # after `if tf.executing_eagerly(): return`
    assert modes["in_nested_def"] == (0, 0)


def test_test_support_modules_count_as_test_files():
    from hybridlint.engine import Context

    def is_test(path):
        tree = ast.parse("import tensorflow as tf\n")
        from hybridlint.settings import Settings
        from hybridlint.source import SourceText

        return Context(SourceText(""), tree, ModuleFacts(tree), path, Settings()).is_test_file

    for path in ("pkg/internal/test_util.py", "pkg/testing.py", "pkg/keras_testing.py", "pkg/testing_utils.py",
                 "pkg/nn_test_utils.py", "pkg/hypothesis_testlib.py", "pkg/tests/helpers.py"):
        assert is_test(path), path
    for path in ("pkg/attesting.py", "pkg/latest.py", "pkg/contest_util.py", "pkg/util.py"):
        assert not is_test(path), path
    # fixtures that tests load, in a `testdata/` or `test_data/` folder (Google's convention), at any depth
    for path in ("tfx/components/testdata/module_file/transform_module.py", "testdata/model.py",
                 "pkg\\test_data\\fixture.py", "pkg/test_data/sub/module.py"):
        assert is_test(path), path
    for path in ("pkg/mytestdata/model.py", "pkg/testdata.py", "pkg/testdata_utils/x.py", "pkg/data/test_datasets/x.py",
                 "pkg/latest_data/model.py"):
        assert not is_test(path), path


# -- functions handed to TensorFlow combinators -------------------------------------------------


def test_combinator_functions_follow_the_caller_and_partials_resolve():
    g = graph(
        """
        import functools
        import tensorflow as tf
        from functools import partial

        def body(i): return i + 1
        def cond(i): return i < 3
        def per_row(row, scale): return row * scale
        def per_item(item, scale): return item * scale
        def eager_row(row): return row

        @tf.function
        def run(x):
            tf.while_loop(cond, body, [0])
            tf.map_fn(functools.partial(per_row, scale=2.0), x)
            fn = partial(per_item, scale=3.0)
            return tf.scan(lambda acc, v: acc + v, tf.map_fn(fn, x))

        def eager(x):
            return tf.map_fn(eager_row, x)
        """
    )
    assert g["body"] == g["cond"] == "called"
    assert g["per_row"] == "called"  # through functools.partial(...)
    assert g["per_item"] == "called"  # through a local bound once to a partial
    assert g["run.<lambda>"] == "called"  # passed to tf.scan
    # tf.map_fn called eagerly runs its function eagerly (TensorFlow 2.21): not a graph context.
    assert g["eager_row"] is None and g["eager"] is None


def test_vectorized_map_traces_its_function_even_when_called_eagerly():
    g = graph(
        """
        import tensorflow as tf

        def per_example(x): return x * 2
        def helper(x): return x

        def batched(xs):
            fn = per_example
            return tf.vectorized_map(per_example, xs)

        def rebound(xs):
            fn = lambda x: helper(x)
            fn = None
            return tf.vectorized_map(fn, xs)
        """
    )
    assert g["per_example"] == "vectorized"
    assert g["batched"] is None
    assert g["rebound.<lambda>"] is None  # `fn` is bound twice: no longer known
    assert g["helper"] is None


# -- HYB003 on closures over per-call values (severity is not part of the rule examples) ----------


def _hyb003(code: str, path: str = "m.py"):
    from hybridlint.engine import check_source
    from hybridlint.registry import find_rule
    from hybridlint.settings import Settings

    rule = find_rule("HYB003")
    rule_class = rule if isinstance(rule, type) else type(rule)
    found = check_source(textwrap.dedent(code), path, Settings(preview=True), rules=[rule_class]).findings  # any tier
    return [(f.span.line, f.severity.name) for f in found]


def test_hyb003_closure_over_per_call_values_is_not_reported_without_repetition():
    # Nothing shows `jacobian` runs repeatedly, and the function cannot simply be created once; called
    # in a loop, the same closure is reported.
    code = """
        import tensorflow as tf

        def jacobian(f, xs, n):
            @tf.function
            def compute():
                return f(xs + tf.eye(n))
            return compute()
        """
    assert _hyb003(code) == []
    assert _hyb003(code + "\n        for f in fs:\n            jacobian(f, xs, 3)\n") == [(5, "WARNING")]


def test_hyb003_closure_over_self_only_or_called_in_a_loop_stays_a_warning():
    found = _hyb003(
        """
        import tensorflow as tf

        class Model:
            def predict(self, x):
                @tf.function
                def step(inputs):
                    return self.net(inputs)
                return step(x)

        def score(f, x):
            @tf.function
            def run():
                return f(x)
            return run()

        for batch in batches:
            score(model, batch)
        """
    )
    assert found == [(6, "WARNING"), (12, "WARNING")]


# -- Keras class hierarchy, graph contexts beyond decorators, local types (issue 15) ---------------


def test_keras_bases_named_or_reexported_and_weak_bases():
    f = facts(
        """
        import tensorflow as tf
        from gpflow.keras import tf_keras
        from ..utils import keras
        from mylib.modeling import TFPreTrainedModel
        from pydantic import BaseModel

        class A(tf_keras.layers.Layer):
            def call(self, x): return x
        class B(keras.Model):
            def call(self, x): return x
        class C(TFPreTrainedModel):
            def call(self, x): return x
        class D(C):
            def train_step(self, data): return data
        class E(BaseModel):
            def call(self, x): return x
        class F(tf.keras.layers.Layer):
            def __init__(self):
                super().__init__(dynamic=True)
            def call(self, x): return x
        class G(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.run_eagerly = True
            def call(self, x): return x
        class H(F):
            def call(self, x): return x
        class M(tf.Module):
            def __call__(self, x): return x

        def train(model, data):
            model.fit(data)
        """
    )
    by_name = {info.qualname: info for info in f.functions}
    strong = {q for q, i in by_name.items() if i.graph is not None and not i.graph.is_weak}
    weak = {q for q, i in by_name.items() if i.graph is not None and i.graph.is_weak}
    assert strong == {"A.call", "B.call"}
    assert weak == {"C.call", "D.train_step"}  # named like a Keras model, nothing resolves it
    assert by_name["E.call"].graph is None  # pydantic's BaseModel is never Keras
    assert by_name["F.call"].graph is None and by_name["G.call"].graph is None and by_name["H.call"].graph is None
    assert {c.name for c in f.classes if c.is_tf_module} == {"M"}


MODEL_AND_LAYER = '''
import tensorflow as tf

class Detector(tf.keras.Model):
    def call(self, x): return x

class Head(Detector):
    def call(self, x): return x

class Block(tf.keras.layers.Layer):
    def call(self, x): return x
'''


@pytest.mark.parametrize(
    "extra, weak_where",
    [
        ("", "this module"),  # nothing runs a model: it may be run only eagerly
        ("\nimport re\nimport numpy as np\nPATTERN = re.compile('x')\nnp.save('a.npy', [1])\n", "this module"),
        ("\ndef train(model, data):\n    model.compile(loss='mse')\n", ""),
        ("\ndef export(model):\n    tf.saved_model.save(model, 'out')\n", ""),
        ("\n@tf.function\ndef serve(model, x):\n    return model(x)\n", ""),
        ("\n@tf.function\ndef step(x):\n    with tf.GradientTape() as tape:\n        y = x * x\n    return tape.gradient(y, x)\n", ""),
        ("\nserve = tf.function(Detector())\n", ""),
    ],
)
def test_a_keras_models_call_is_traced_only_where_a_model_is_run(extra, weak_where):
    f = facts(MODEL_AND_LAYER + extra)
    graphs = {info.qualname: info.graph for info in f.functions if info.name == "call"}
    assert not graphs["Block.call"].is_weak  # a layer's `call` is traced inside any model
    for name in ("Detector.call", "Head.call"):
        assert graphs[name].is_weak == bool(weak_where)
        if weak_where:
            assert f"{weak_where} shows none of these for a model" in graphs[name].describe()


@pytest.mark.parametrize("runs, weak", [(True, False), (False, True), (None, False)])
def test_the_project_index_says_whether_any_module_runs_a_model(runs, weak):
    link = ModuleLink("pkg/model.py", "pkg.model", "pkg", project_runs_models=runs)
    f = ModuleFacts(ast.parse(MODEL_AND_LAYER), link=link)
    graph = next(info.graph for info in f.functions if info.qualname == "Detector.call")
    assert graph.is_weak == weak  # None: the index is still summarising, and does not know yet
    if weak:
        assert "the project shows none of these" in graph.describe()


def test_functions_reached_without_a_decorator():
    g = graph(
        """
        import functools
        import tensorflow as tf

        def relu(x): return x
        def tanh(x): return x
        ACTS = {"relu": relu, "tanh": tanh}
        def left(x): return x
        def right(x): return x
        def scan_fn(s, x): return s, x
        def replica(x): return x
        def eager_only(x): return x
        EAGER = {"e": eager_only}

        @tf.function
        def f(x, name, i):
            y = ACTS[name](x)
            return tf.switch_case(i, [functools.partial(left, y), functools.partial(right, y)])

        def pipeline(ds, strategy):
            ds = ds.apply(tf.data.experimental.scan(0, scan_fn))
            EAGER["e"](1)
            return strategy.run(replica, args=(1,))
        """
    )
    assert g["relu"] == g["tanh"] == g["left"] == g["right"] == "called"
    assert g["scan_fn"] == "dataset"
    assert g["replica"] == "strategy"
    assert g["eager_only"] is None and g["pipeline"] is None


def test_strategy_run_is_weak():
    f = facts(
        """
        import tensorflow as tf
        def replica(x): return x
        def step(strategy, x): return strategy.run(replica, args=(x,))
        """
    )
    (replica,) = [i for i in f.functions if i.name == "replica"]
    assert replica.graph is not None and replica.graph.is_weak


def test_local_types_resolve_methods():
    f = facts(
        """
        import tensorflow as tf

        class Base:
            def fit(self, data): return data
        class Trainer(Base):
            @tf.function
            def step(self, x): return x
        class App:
            def __init__(self):
                self.trainer = Trainer()
            def run(self, data):
                self.trainer.fit(data)

        def main(data, other: Trainer, unknown):
            trainer = Trainer()
            trainer.step(data)
            other.fit(data)
            unknown.fit(data)
            twice = Trainer()
            twice = Base()
            twice.fit(data)
        """
    )
    callers = {
        info.qualname: sorted((s.caller.qualname if s.caller else "") for s in info.callers)
        for info in f.functions
    }
    assert callers["Trainer.step"] == ["main"]
    assert callers["Base.fit"] == ["App.run", "main"]  # `other.fit` through the base; not `unknown`/`twice`


def test_strong_context_wins_over_weak():
    f = facts(
        """
        import tensorflow as tf
        from mylib import TFBaseModel
        def replica(x): return x
        def helper(x): return x

        @tf.function
        def train(strategy, x):
            return strategy.run(replica, args=(x,))

        class Net(TFBaseModel):
            def call(self, x): return helper(x)

        @tf.function
        def serve(x):
            return helper(x)
        """
    )
    by_name = {i.qualname: i for i in f.functions}
    assert by_name["replica"].graph.reason == "called" and not by_name["replica"].graph.is_weak
    assert not by_name["helper"].graph.is_weak  # traced from `serve` for sure
    assert by_name["Net.call"].graph.is_weak


def test_dataset_known_by_its_constructor():
    g = graph(
        """
        import tensorflow as tf
        def parse(x): return x
        def other(x): return x
        def pipeline(files, items):
            records = tf.data.TFRecordDataset(files)
            items.map(other)
            return records.map(parse)
        """
    )
    assert g["parse"] == "dataset" and g["other"] is None


def test_a_factory_call_resolves_to_the_function_it_returns():
    """`dataset.map(make_parser(cfg))` traces the closure `make_parser` returns, not the factory."""
    facts = ModuleFacts(
        ast.parse(
            "import tensorflow as tf\n\n"
            "def make_parser(scale):\n"
            "    def parse(x):\n"
            "        return x * scale\n"
            "    return parse\n\n"
            "def make_either(flag):\n"
            "    def a(x):\n"
            "        return x\n"
            "    def b(x):\n"
            "        return x\n"
            "    return a if flag else b\n\n"
            "ds = tf.data.Dataset.range(3).map(make_parser(2.0))\n"
            "ds2 = tf.data.Dataset.range(3).map(make_either(True))\n"
        )
    )
    by_name = {f.qualname: f for f in facts.functions}
    assert by_name["make_parser.parse"].graph is not None and by_name["make_parser.parse"].graph.reason == "dataset"
    assert by_name["make_parser"].graph is None  # the factory itself runs eagerly
    # a factory that may return one of several functions: neither is known to be the one traced
    assert by_name["make_either.a"].graph is None and by_name["make_either.b"].graph is None


def test_flow_guards_make_eager_only_regions():
    g = graph(
        """
        import tensorflow as tf

        def in_and(): pass
        def in_or(): pass
        def in_ifexp(): pass
        def after_raise(): pass
        def same_condition(): pass
        def rebound_condition(): pass
        def after_eager_return(): pass
        def in_loop_after_continue(): pass
        def after_suppressed(): pass
        def in_nested_def(): pass

        @tf.function
        def step(x, cache=None, other=None):
            ok = tf.executing_eagerly() and in_and()
            ok = not tf.executing_eagerly() or in_or()
            y = in_ifexp() if tf.executing_eagerly() else x
            if cache is not None:
                if "k" in cache:
                    return cache["k"]
                if not tf.executing_eagerly():
                    raise ValueError("fill the cache eagerly")
            if cache is not None:
                same_condition()
            if other is not None and not tf.executing_eagerly():
                raise ValueError
            other = x
            if other is not None:
                rebound_condition()
            for item in x:
                if not tf.executing_eagerly():
                    continue
                in_loop_after_continue()
            with suppress(ValueError):
                if not tf.executing_eagerly():
                    raise ValueError
            after_suppressed()
            if not tf.executing_eagerly():
                raise RuntimeError("eager only")

            def inner():
                in_nested_def()

            after_raise()
            return inner

        @tf.function
        def graph_rest(x):
            if tf.executing_eagerly():
                return x
            after_eager_return()
        """
    )
    for name in ("in_and", "in_or", "in_ifexp", "after_raise", "same_condition", "in_loop_after_continue"):
        assert g[name] is None, name
    # a condition rebound in between, a context manager that may swallow the raise, a nested def (traced
    # on its own terms), the graph-only rest after an eager return
    for name in ("rebound_condition", "after_suppressed", "in_nested_def", "after_eager_return"):
        assert g[name] == "called", name


def test_compile_override_forcing_run_eagerly_keeps_steps_untraced():
    f = facts(
        """
        import tensorflow as tf

        class Eager(tf.keras.Model):
            def compile(self, optimizer="sgd", **kwargs):
                super().compile(optimizer=optimizer, run_eagerly=True)

            def train_step(self, data):
                return {}

        class Sometimes(tf.keras.Model):
            def compile(self, debug=False, **kwargs):
                if debug:
                    super().compile(run_eagerly=True)
                else:
                    super().compile()

            def train_step(self, data):
                return {}
        """
    )
    by_class = {info.cls.name: info for info in f.functions if info.name == "train_step"}
    assert by_class["Eager"].graph is None
    assert by_class["Sometimes"].graph is not None and by_class["Sometimes"].graph.reason == "keras"


def test_model_compiled_eagerly_in_this_module_is_traced_on_weak_evidence():
    f = facts(
        """
        import tensorflow as tf

        class Solver(tf.keras.Model):
            def train_step(self, data):
                return {}

        class Other(tf.keras.Model):
            def train_step(self, data):
                return {}

        model = Solver()
        model.compile(loss="mse", run_eagerly=True)
        other = Other()
        other.compile(loss="mse")
        """
    )
    by_class = {info.cls.name: info.graph for info in f.functions if info.name == "train_step"}
    assert by_class["Solver"] is not None and by_class["Solver"].weak
    assert by_class["Other"] is not None and not by_class["Other"].weak


def test_methods_resolve_through_base_classes_in_mro_order_up_to_an_unknown_base():
    f = facts(
        """
        import tensorflow as tf
        from elsewhere import Unknown

        class A:
            def helper(self, x): return x
            def shared(self, x): return x
        class B(A):
            def shared(self, x): return x
        class C(A):
            def shared(self, x): return x
        class D(B, C):
            @tf.function
            def step(self, x):
                return self.helper(x) + self.shared(x)
        class Hidden(Unknown, A):
            @tf.function
            def step(self, x):
                return self.helper(x)
        class Rebound(A):
            helper = staticmethod(len)
        class Leaf(Rebound):
            @tf.function
            def step(self, x):
                return self.helper(x)
        """
    )
    classes = f.module_classes
    order, stop = f.mro(classes["D"])
    assert [c.name for c in order] == ["D", "B", "C", "A"] and stop is None
    assert f.mro(classes["Hidden"]) == ([classes["Hidden"]], "elsewhere.Unknown")
    step = classes["D"].methods["step"]
    # C3 order: `shared` is B's, not A's; `helper` is inherited from A, and the call traces it
    calls = {site.target.qualname for site in step.calls}
    assert calls == {"A.helper", "B.shared"}
    assert classes["A"].methods["helper"].graph.reason == "called"
    # a base outside the module may define it: unknown, not A's
    assert not classes["Hidden"].methods["step"].calls
    # a class body binding that is no def hides what is above it
    assert not classes["Leaf"].methods["step"].calls
    assert classes["C"].methods["shared"].graph is None


def test_an_inherited_method_an_instance_attribute_may_hide_is_not_resolved():
    f = facts(
        """
        import tensorflow as tf

        class Base:
            def helper(self, x): return x
        class Model(Base):
            def __init__(self, helper=None):
                if helper is not None:
                    self.helper = helper
            @tf.function
            def step(self, x):
                return self.helper(x)
        """
    )
    assert not f.module_classes["Model"].methods["step"].calls


def test_super_calls_resolve_to_the_next_class_in_the_order():
    f = facts(
        """
        import tensorflow as tf

        class A:
            def helper(self, x): return x
        class B(A):
            def helper(self, x):
                return super().helper(x) + super(B, self).helper(x)
        class C(B):
            @tf.function
            def step(self, x):
                return super().helper(x)
        """
    )
    classes = f.module_classes
    assert {s.target.qualname for s in classes["B"].methods["helper"].calls} == {"A.helper"}
    assert {s.target.qualname for s in classes["C"].methods["step"].calls} == {"B.helper"}
    # traced through B.helper
    assert classes["A"].methods["helper"].graph.reason == "called"


CLOSURE_LAYER = """
import tensorflow as tf


def make_step(scale):
    if scale:
        def step(x):
            return helper(x) * 2
    else:
        def step(x):
            return helper(x)
    return step


def helper(x):
    return x + 1


class Block(tf.keras.layers.Layer):
    def __init__(self, scale):
        super().__init__()
        self.step = None
        self.step = make_step(scale)

    @tf.function
    def call(self, x):
        return self.step(x)
"""


def test_a_closure_a_factory_returns_and_the_instance_keeps_is_what_its_attribute_calls():
    g = graph(CLOSURE_LAYER)
    # both defs of `step` (one per branch) may be the one stored, and what they call is traced with them
    assert g["make_step.step"] == "called" and g["helper"] == "called"
    assert g["make_step"] is None  # the factory runs in `__init__`, eagerly
    # stored again after the factory's result (or in another method): what the attribute holds is unknown
    rebound = CLOSURE_LAYER.replace("        self.step = None\n", "") + "\n    def reset(self):\n        self.step = None\n"
    assert graph(rebound)["make_step.step"] is None and graph(rebound)["helper"] is None
    # a factory that returns something else than its own defs
    other = CLOSURE_LAYER.replace("    return step\n", "    return step if scale else helper\n")
    assert graph(other)["make_step.step"] is None


def test_a_def_or_lambda_inside_traced_code_is_traced_only_if_it_may_run_there():
    g = graph(
        """
        import tensorflow as tf

        def make():
            def returned(x): return x
            return returned

        def unknown(fn): return fn

        @tf.function
        def f(x):
            def called(v): return v
            def mapped(v): return v
            def handed(v): return v
            def stored(v): return v
            @unknown
            def decorated(v): return v
            def defined_only(v): return v
            def converted(v): return v
            def subscripted(v): return v
            def recursive(v): return recursive(v)
            def inner_of_unused(v): return v
            def unused(v): return inner_of_unused(v)
            def inner_of_used(v): return v
            def used(v): return inner_of_used(v)
            kept = lambda v: v
            dropped = lambda v: tf.Variable(v)
            listed = [lambda v: v]
            self_like.fn = stored
            subscripted[0]
            tf.convert_to_tensor(converted)
            tf.convert_to_tensor(dropped)
            unknown(handed)
            return tf.map_fn(mapped, called(x)) + make()(x) + used(x) + kept(x)
        """
    )
    for name in ("called", "mapped", "handed", "stored", "decorated", "inner_of_used", "used"):
        assert g[f"f.{name}"] == "nested", name
    for name in ("defined_only", "converted", "subscripted", "recursive", "unused", "inner_of_unused"):
        assert g[f"f.{name}"] is None, name
    assert g["make.returned"] is not None  # returned to `f`, which calls it in its trace
    lambdas = [info for info in facts(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            kept = lambda v: v
            dropped = lambda v: tf.Variable(v)
            tf.convert_to_tensor(dropped)
            return kept(x)
        """
    ).functions if info.name == "<lambda>"]
    assert [info.graph is not None for info in lambdas] == [True, False]


def test_locals_keeps_every_nested_def_traced_and_conversions_are_no_call_sites():
    f = facts(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            def helper(v): return v
            return locals()["helper"](x)

        def g(v): return v

        @tf.function
        def h(x):
            return tf.convert_to_tensor(g)
        """
    )
    by_name = {info.qualname: info for info in f.functions}
    assert by_name["f.helper"].graph is not None
    assert by_name["g"].graph is None and by_name["g"].callers == []


def test_definitions_replaced_unused_are_dead_and_trace_nothing():
    f = facts(
        """
        import tensorflow as tf

        def helper(x): return x

        class M(tf.keras.Model):
            def call(self, x):
                return helper(x)
            def call(self, x):
                return x

        class M(tf.keras.Model):  # replaces the first M: nothing used it
            @property
            def size(self): return 1
            @size.setter
            def size(self, value): pass
            def call(self, x):
                return x

        def used(x): return x
        alias = used
        def used(x): return x

        @register
        def registered(x): return x
        def registered(x): return x

        class Base: pass
        class Base(Base): pass

        if flag:
            def branch(x): return x
        def branch(x): return x

        @tf.function
        def wrapped(x): return x
        def wrapped(x): return x
        """
    )
    dead = sorted((info.qualname, info.node.lineno) for info in f.functions if info.dead)
    assert dead == [("M.call", 7), ("M.call", 9), ("wrapped", 36)]
    assert [cls.name for cls in f.classes if cls.dead] == ["M"]
    assert f.module_functions["helper"].callers == []  # a dead caller calls nothing
    assert [info.graph is not None for info in f.functions if info.qualname == "M.call"] == [False, False, True]
    assert not f.tf_uses  # the dead decorator is no tf.function use
    assert f.is_dead(6) and f.is_dead(10) and not f.is_dead(12)


def test_nothing_is_reported_inside_a_dead_definition():
    from hybridlint.engine import check_source
    from hybridlint.settings import Settings

    code = textwrap.dedent(
        """
        import tensorflow as tf

        @tf.function
        def step(x):
            print("loss", x)
            return x

        @tf.function
        def step(x):
            print("loss", x)
            return x
        """
    )
    result = check_source(code, "m.py", Settings(preview=True))
    assert [f.span.line for f in result.findings if f.code == "HYB006"] == [11]


def test_a_name_defined_in_exclusive_branches_resolves_to_the_def_of_the_references_branch():
    """Defs of one name in the body and the `else` of an `if` (or in `elif` arms) never meet a reference in
    another arm: it resolves to its own arm's def, also from a function written there; where more than one
    def may be live (after the `if`), the last def still wins."""
    f = facts(
        """
        import tensorflow as tf

        def make(kind):
            if kind == 1:
                @tf.function
                def step(x, w):
                    return x * w

                def run(x, w):
                    return step(x, w)
                first = step(1, 2)
            elif kind == 2:
                @tf.function
                def step(x):
                    return x

                def run(x):
                    return run(step(x))
            else:
                def run(x):
                    return step(x)
                def step(x, y, z):
                    return x
            after = step(1)
            return run

        if tf.executing_eagerly():
            def helper(x, w):
                return x
            def use(x):
                return helper(x, 1)
        else:
            def helper(x):
                return x
        """
    )
    by_line = {}
    for info in f.functions:
        for site in info.calls:
            by_line.setdefault(site.node.lineno, []).append(
                (site.node.func.id, site.target.node.lineno)
            )
    assert by_line[11] == [("step", 7)]  # `run` of the first arm: the first arm's `step`, not the last def
    assert by_line[12] == [("step", 7)]  # a call in the arm itself
    assert sorted(by_line[19]) == [("run", 18), ("step", 15)]  # the `elif` arm's own `step`, and `run` itself
    assert by_line[22] == [("step", 23)]  # the `else` arm's own (later) `step`
    assert by_line[25] == [("step", 23)]  # after the `if`, any def may be live: the last one, as before
    assert by_line[32] == [("helper", 29)]  # at module level too


_KERAS_CLASS = """
class Scale(tf.keras.layers.Layer):
    def call(self, x):
        return x * 2
"""


@pytest.mark.parametrize(
    "module, shown",
    [
        ("import tensorflow as tf\n" + _KERAS_CLASS + "\ndef f(x):\n    return tf.layers.dense(x, 2)\n", "its module uses `tf.layers`"),
        ("import tensorflow as tf\nfrom keras.engine.topology import Container\n" + _KERAS_CLASS, "its module imports `keras.engine.topology`"),
        ("import tensorflow as tf\nfrom tensorflow.contrib import slim\n" + _KERAS_CLASS, "its module imports `tf.contrib`"),
        ("import tensorflow as tf\n" + _KERAS_CLASS + "\nif hasattr(tf, 'layers'):\n    dense = tf.layers.dense\n", ""),
        ("import tensorflow as tf\n" + _KERAS_CLASS + "\ndef f(x):\n    if tf.executing_eagerly():\n        return x\n    return tf.layers.dense(x, 2)\n", ""),
        ("import tensorflow as tf\nfrom tensorflow import __version__\n" + _KERAS_CLASS + "\nx = tf.contrib.layers\n", ""),
        ("import tensorflow.compat.v1 as tf\n" + _KERAS_CLASS.replace("tf.keras", "tf.compat.v2.keras") + "\nx = tf.layers.dense\n", ""),
        ("import tensorflow as tf\n" + _KERAS_CLASS + "\ntry:\n    from tensorflow.contrib import slim\nexcept ImportError:\n    slim = None\n", ""),
    ],
    ids=["tf-layers", "keras-engine-topology", "contrib-import", "hasattr-probe", "mode-test", "version-import", "compat-v1", "import-fallback"],
)
def test_tensorflow1_module_evidence(module, shown):
    found = facts(module)
    (cls,) = found.classes
    assert found.tensorflow1_class(cls) == shown


_SCALE = "\nclass Scale(tf.keras.layers.Layer):\n    def call(self, x):\n        return x * 2\n"


@pytest.mark.parametrize(
    "module, shown",
    [
        ("import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n", "line 2: `tf.compat.v1.disable_eager_execution()`"),
        ("import tensorflow as tf\nimport tensorflow.compat.v1 as tf1\ntf1.disable_v2_behavior()\n", "line 3: `tf1.disable_v2_behavior()`"),
        ("import tensorflow as tf\nfrom tensorflow.compat.v1 import disable_eager_execution as off\noff()\n", "line 3: `off()`"),
        ("import tensorflow as tf\ntry:\n    tf.compat.v1.disable_eager_execution()\nexcept AttributeError:\n    pass\n", "line 3: `tf.compat.v1.disable_eager_execution()`"),
        ("import tensorflow as tf\ndef main():\n    tf.compat.v1.disable_eager_execution()\n", ""),
        ("import tensorflow as tf\nif __name__ == '__main__':\n    tf.compat.v1.disable_eager_execution()\n", ""),
        ("import tensorflow as tf\nif tf.__version__ < '2':\n    tf.compat.v1.disable_eager_execution()\n", ""),
        ("import tensorflow as tf\ntf.compat.v1.enable_eager_execution()\n", ""),
    ],
    ids=["compat-v1", "v1-alias", "imported-name", "try-body", "in-function", "under-main", "version-test", "enable"],
)
def test_a_top_level_call_turning_eager_execution_off_makes_the_keras_trace_weak(module, shown):
    found = facts(module + _SCALE)
    (call,) = [info for info in found.functions if info.name == "call"]
    if shown:
        assert found.eager_off() == f"this module turns eager execution off when it is imported ({shown})"
        assert call.graph.is_weak and shown in call.graph.describe()
    else:
        assert found.eager_off() == ""
        assert call.graph is not None and not call.graph.is_weak


_STANDALONE = "import tensorflow as tf\nfrom keras.layers import Layer\n\n\nclass Widen(Layer):\n    def call(self, x):\n        return x\n"


@pytest.mark.parametrize(
    "module, multi_backend, weak",
    [
        (_STANDALONE, "this project targets Keras 2.2", True),
        (_STANDALONE, "", False),  # no target below 2.4
        (_STANDALONE.replace("from keras.layers", "from tensorflow.keras.layers"), "this project targets Keras 2.2", False),
        (_STANDALONE.replace("from keras.layers", "from tf_keras.layers"), "this project targets Keras 2.2", False),
    ],
    ids=["standalone-keras-2-2", "no-target", "tf-keras", "tf_keras-package"],
)
def test_a_standalone_keras_class_of_multi_backend_keras_is_traced_on_weak_evidence(module, multi_backend, weak):
    found = facts(module, multi_backend_keras=multi_backend)
    (call,) = [info for info in found.functions if info.name == "call"]
    assert call.graph.is_weak == weak
    if weak:
        assert "its class is standalone Keras's (`keras.layers.Layer`), and this project targets Keras 2.2" in call.graph.describe()


def test_a_loss_compiled_on_a_standalone_keras_model_is_traced_on_weak_evidence():
    module = (
        "import tensorflow as tf\nfrom keras.models import Model\n\n\ndef loss(y, p):\n    return tf.reduce_mean(y - p)\n\n\n"
        "def train(inputs, outputs):\n    model = Model(inputs, outputs)\n    model.compile(loss=loss)\n"
    )
    weak = facts(module, multi_backend_keras="this project targets Keras 2.2")
    (info,) = [info for info in weak.functions if info.name == "loss"]
    assert info.graph.is_weak and "the only Keras this module imports is standalone Keras (`keras.models.Model`)" in info.graph.describe()
    strong = facts(module)
    (info,) = [info for info in strong.functions if info.name == "loss"]
    assert info.graph is not None and not info.graph.is_weak
