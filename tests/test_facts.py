"""Import resolution and graph context (rules.md §3.1–3.2), including Hybridize's negative cases."""

from __future__ import annotations

import ast
import textwrap

from hybridlint.facts import ModuleFacts


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
