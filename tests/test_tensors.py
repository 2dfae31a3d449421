"""Tensor-ness inference (rules.md §3.4): what an expression holds while a function is traced."""

from __future__ import annotations

import ast
import sys
import textwrap
from typing import Optional

import pytest

from hybridlint import tensors as tensors_module
from hybridlint.facts import FunctionInfo, ModuleFacts
from hybridlint.settings import Settings
from hybridlint.tensors import (
    DATASET,
    HAS_NUMPY,
    NDARRAY,
    DTYPE,
    KERAS_LAYER,
    KERAS_MODEL,
    SHAPE,
    STATIC_DIM,
    VARIABLE,
    Kind,
    autograph_enabled,
    autograph_off_text,
    tensors_for,
)


class Module:
    """A parsed snippet with helpers to ask about `name = ...` assignments and `return` values."""

    def __init__(self, code: str):
        self.tree = ast.parse(textwrap.dedent(code))
        self.facts = ModuleFacts(self.tree)
        self.tensors = tensors_for(self.facts)

    def function(self, qualname: str) -> FunctionInfo:
        return next(f for f in self.facts.functions if f.qualname == qualname)

    def value(self, qualname: str, target: str, occurrence: int = 0):
        """What is assigned to `target` (the n-th assignment) inside function `qualname`."""
        info = self.function(qualname)
        found = [
            node.value
            for node in ast.walk(info.node)
            if isinstance(node, ast.Assign)
            and any(ast.unparse(t) == target for t in node.targets)
        ]
        return self.tensors.infer(found[occurrence], info)

    def use(self, qualname: str, name: str, occurrence: int = -1):
        """What the name `name` holds where it is read (by default at its last read) in `qualname`."""
        info = self.function(qualname)
        reads = [
            node
            for node in ast.walk(info.node)
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
        ]
        reads.sort(key=lambda n: (n.lineno, n.col_offset))
        return self.tensors.infer(reads[occurrence], info)

    def returned(self, qualname: str):
        info = self.function(qualname)
        return self.tensors.returns(info)

    def expr(self, qualname: Optional[str], source: str):
        """An expression, given as source text, found inside `qualname` (or at module level)."""
        info = self.function(qualname) if qualname else None
        root = info.node if info else self.tree
        for node in ast.walk(root):
            if isinstance(node, ast.expr) and ast.unparse(node) == source:
                return self.tensors.infer(node, info)
        raise AssertionError(f"{source!r} not found")


def test_tensorflow_functions_return_tensors_and_classes_build_objects():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            a = tf.reduce_sum(x)
            b = tf.nn.relu(x)
            c = tf.shape(x)
            d = tf.TensorSpec([None], tf.float32)
            e = tf.keras.layers.Dense(3)
            g = tf.keras.Sequential([e])
            h = tf.data.Dataset.range(3)
            i = tf.config.list_physical_devices("GPU")
            j = tf.executing_eagerly()
            k = tf.Variable(1.0)
            l = tf.float32
            n = tf.RaggedTensor.from_row_lengths(x, [1])
            return a
        """
    )
    assert m.value("f", "a").kind is Kind.TENSOR
    assert m.value("f", "a").reason == "result of `tf.reduce_sum(...)`"
    assert m.value("f", "b").kind is Kind.TENSOR
    assert m.value("f", "c").kind is Kind.TENSOR  # tf.shape is a tensor, unlike x.shape
    assert m.value("f", "d").kind is Kind.OBJECT
    assert m.value("f", "e").tag == KERAS_LAYER
    assert m.value("f", "g").tag == KERAS_MODEL
    assert m.value("f", "h").tag == DATASET
    assert m.value("f", "i").kind is Kind.OBJECT
    assert m.value("f", "j").kind is Kind.PY_BOOL
    assert (m.value("f", "k").kind, m.value("f", "k").tag) == (Kind.TENSOR, VARIABLE)
    assert m.value("f", "l").tag == DTYPE
    assert m.value("f", "n").kind is Kind.TENSOR


def test_static_shapes_and_dtypes_are_python_values():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            y = tf.abs(x)
            s = y.shape
            n = y.shape[0]
            rest = y.shape[1:]
            dims = y.shape.as_list()
            r = y.shape.rank
            d = y.dtype
            k = len(y)
            z = y * n
            return z
        """
    )
    assert m.value("f", "s").tag == SHAPE
    assert (m.value("f", "n").kind, m.value("f", "n").tag) == (Kind.PY_NUMBER, STATIC_DIM)
    assert m.value("f", "rest").tag == SHAPE
    assert m.value("f", "dims").kind is Kind.PY_CONTAINER
    assert m.value("f", "r").kind is Kind.PY_NUMBER
    assert m.value("f", "d").tag == DTYPE
    assert m.value("f", "k").kind is Kind.PY_NUMBER
    assert m.value("f", "z").kind is Kind.TENSOR  # a tensor operand wins


def test_literals_and_python_arithmetic():
    m = Module(
        """
        import tensorflow as tf

        def f():
            a = 3
            b = a * 2.5
            c = True
            d = [1, 2]
            e = {"k": 1}
            g = "text %s" % a
            h = a > 2
            return a
        """
    )
    assert m.value("f", "a").kind is Kind.PY_NUMBER
    assert m.value("f", "b").kind is Kind.PY_NUMBER
    assert m.value("f", "c").kind is Kind.PY_BOOL
    assert m.value("f", "d").kind is Kind.PY_CONTAINER
    assert m.value("f", "e").kind is Kind.PY_CONTAINER
    assert m.value("f", "g").kind is Kind.OBJECT
    assert m.value("f", "h").kind is Kind.PY_BOOL


def test_comparisons_with_tensors_are_tensors():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            t = tf.reduce_max(x)
            a = t > 0
            b = t is None
            c = not a
            return a
        """
    )
    assert m.value("f", "a").kind is Kind.TENSOR
    assert m.value("f", "b").kind is Kind.PY_BOOL
    assert m.value("f", "c").kind is Kind.TENSOR


def test_parameters_from_input_signature_and_annotations():
    m = Module(
        """
        import tensorflow as tf

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.int32)])
        def signed(x, n):
            return x

        @tf.function
        def annotated(x: tf.Tensor, k: int, flag: bool):
            return x

        @tf.function
        def plain(x):
            return x

        class M(tf.Module):
            @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
            def __call__(self, x):
                return x
        """
    )
    tensors = m.tensors
    assert tensors.parameter(m.function("signed"), "x").kind is Kind.TENSOR
    assert tensors.parameter(m.function("signed"), "n").kind is Kind.TENSOR
    assert "input_signature" in tensors.parameter(m.function("signed"), "x").reason
    assert tensors.parameter(m.function("annotated"), "x").kind is Kind.TENSOR
    assert tensors.parameter(m.function("annotated"), "x").weak  # an annotation is a hint, not proof
    assert not tensors.parameter(m.function("signed"), "x").weak
    assert tensors.parameter(m.function("annotated"), "k").kind is Kind.PY_NUMBER
    assert tensors.parameter(m.function("annotated"), "flag").kind is Kind.PY_BOOL
    assert tensors.parameter(m.function("plain"), "x").kind is Kind.UNKNOWN
    assert tensors.parameter(m.function("M.__call__"), "x").kind is Kind.TENSOR  # self is skipped


def test_parameters_from_call_sites_in_the_file():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def step(x, scale, mode="a"):
            return x * scale

        step(tf.ones([2]), 2.0)
        step(tf.zeros([3]), 3)

        def mixed(v):
            return v

        mixed(tf.ones([1]))
        mixed(4)

        def helper(t):
            return t + 1

        @tf.function
        def outer(x):
            return helper(tf.square(x))
        """
    )
    tensors = m.tensors
    x = tensors.parameter(m.function("step"), "x")
    assert x.kind is Kind.TENSOR and "every call" in x.reason
    assert tensors.parameter(m.function("step"), "scale").kind is Kind.PY_NUMBER
    assert tensors.parameter(m.function("step"), "mode").kind is Kind.OBJECT  # the default string, every time
    assert tensors.parameter(m.function("mixed"), "v").kind is Kind.UNKNOWN
    assert tensors.parameter(m.function("helper"), "t").kind is Kind.TENSOR
    assert m.returned("helper").kind is Kind.TENSOR
    assert m.expr("outer", "helper(tf.square(x))").kind is Kind.TENSOR


def test_a_function_passed_around_has_unknown_parameters():
    m = Module(
        """
        import tensorflow as tf

        def body(v):
            return v

        body(tf.ones([1]))
        callbacks.append(body)
        """
    )
    # `body` is also passed around as a value: whoever receives it may call it with anything.
    assert m.tensors.parameter(m.function("body"), "v").kind is Kind.UNKNOWN


def test_keras_layers_models_and_call_inputs():
    m = Module(
        """
        import tensorflow as tf
        from tensorflow import keras

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.dense = keras.layers.Dense(4)
                self.blocks = [keras.layers.Dense(2) for _ in range(3)]

            def call(self, inputs, training=None):
                h = self.dense(inputs)
                for block in self.blocks:
                    h = block(h)
                w = self.trainable_variables
                return h

        model = Net()
        loaded = tf.keras.models.load_model("m.keras")

        @tf.function
        def step(x):
            y = model(x)
            z = loaded(x)
            return y
        """
    )
    inputs = m.tensors.parameter(m.function("Net.call"), "inputs")
    assert inputs.kind is Kind.TENSOR and inputs.nested  # may be a structure of tensors
    assert m.tensors.parameter(m.function("Net.call"), "training").kind is Kind.UNKNOWN
    assert m.value("Net.call", "h").kind is Kind.TENSOR
    assert m.value("Net.call", "h", 1).kind is Kind.TENSOR
    assert m.use("Net.call", "h").kind is Kind.TENSOR
    assert m.value("Net.call", "w").kind is Kind.PY_CONTAINER
    assert m.expr(None, "Net()").tag == KERAS_MODEL
    assert m.value("step", "y").kind is Kind.TENSOR
    assert m.value("step", "z").kind is Kind.TENSOR
    assert m.expr("step", "loaded").tag == KERAS_MODEL



def test_arithmetic_only_a_tensor_takes_makes_a_structure_one_tensor():
    m = Module(
        """
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.layers.Dense(3)])

        @tf.function
        def step(x, extra):
            out = model(x)
            scaled = out * 0.5
            shifted = out + 1
            diff = out - x
            ratio = 2.0 / out
            repeated = out * 2
            joined = out + extra
            listed = out + [x]
            return out
        """
    )
    assert m.value("step", "out").nested  # a model may return a list of tensors
    for name in ("scaled", "shifted", "diff", "ratio"):
        value = m.value("step", name)
        assert value.plain_tensor, name
    # a list repeats (`* 2`) and concatenates (`+ list`): no proof of one tensor
    for name in ("repeated", "joined", "listed"):
        assert not m.value("step", name).plain_tensor, name


def test_attributes_of_self_join_every_assignment_in_the_class():
    m = Module(
        """
        import tensorflow as tf

        class Counter(tf.Module):
            def __init__(self):
                self.calls = 0
                self.v = None
                self.cache = {}
                self.mixed = 1

            @tf.function
            def __call__(self, x):
                if self.v is None:
                    self.v = tf.Variable(x)
                self.calls = self.calls + 1
                self.mixed = tf.constant(2)
                return x
        """
    )
    cls = m.facts.classes[0]
    assert m.tensors.attribute(cls, "calls").kind is Kind.PY_NUMBER  # the self-update keeps the kind
    assert m.tensors.attribute(cls, "v").kind is Kind.TENSOR  # the None placeholder does not count
    assert m.tensors.attribute(cls, "cache").kind is Kind.PY_CONTAINER
    assert m.tensors.attribute(cls, "mixed").kind is Kind.UNKNOWN
    assert m.tensors.attribute(cls, "missing").kind is Kind.UNKNOWN


def test_def_use_follows_the_last_assignment_and_joins_branches():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x, flag):
            a = 1
            a = tf.constant(1)
            use_a = a
            if flag:
                b = tf.ones([2])
            else:
                b = tf.zeros([2])
            use_b = b
            if flag:
                c = tf.ones([2])
            else:
                c = 3
            use_c = c
            if flag:
                return x
            else:
                d = 2
            use_d = d
            return a
        """
    )
    assert m.value("f", "use_a").kind is Kind.TENSOR
    assert m.value("f", "use_b").kind is Kind.TENSOR
    assert m.value("f", "use_c").kind is Kind.UNKNOWN  # the branches disagree
    assert m.value("f", "use_d").kind is Kind.PY_NUMBER  # the other branch returned


def test_loops_join_the_value_before_and_after_the_body():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x, n):
            total = 0
            for i in tf.range(n):
                total = total + i
            after = total
            acc = tf.zeros([])
            for k in range(3):
                acc = acc + x * k
            kept = acc
            j = 0
            while j < 3:
                j += 1
            counted = j
            return total
        """
    )
    assert m.use("f", "i").kind is Kind.TENSOR
    assert m.value("f", "after").kind is Kind.UNKNOWN  # 0 before the loop, a tensor after it
    assert m.use("f", "k").kind is Kind.PY_NUMBER
    assert m.value("f", "kept").kind is Kind.TENSOR
    assert m.value("f", "counted").kind is Kind.PY_NUMBER


def test_unpacking_multi_output_ops_and_containers():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            mean, var = tf.nn.moments(x, [0])
            parts = tf.split(x, 2)
            first = parts[0]
            pair = (tf.ones([1]), 3)
            t, n = pair
            squares = [tf.square(p) for p in parts]
            for i, p in enumerate(parts):
                q = p * i
            return mean + var + t * n
        """
    )
    assert m.use("f", "mean").kind is Kind.TENSOR
    assert m.use("f", "var").kind is Kind.TENSOR
    assert m.value("f", "first").kind is Kind.TENSOR
    assert m.use("f", "t").kind is Kind.TENSOR
    assert m.use("f", "n").kind is Kind.PY_NUMBER
    assert m.value("f", "q").kind is Kind.TENSOR
    assert m.use("f", "i").kind is Kind.PY_NUMBER
    assert m.expr("f", "tf.square(p)").kind is Kind.TENSOR


def test_closures_globals_and_dataset_functions():
    m = Module(
        """
        import tensorflow as tf

        W = tf.constant([[1.0]])
        SCALE = 2
        CHANGED = 1

        def bump():
            global CHANGED
            CHANGED = tf.ones([])

        def make():
            bias = tf.zeros([1])

            @tf.function
            def step(x):
                return tf.matmul(x, W) + bias * SCALE + CHANGED
            return step

        ds = tf.data.Dataset.range(4).map(lambda v: v * 2)
        """
    )
    assert m.expr("make.step", "W").kind is Kind.TENSOR
    assert m.expr("make.step", "bias").kind is Kind.TENSOR
    assert m.expr("make.step", "SCALE").kind is Kind.PY_NUMBER
    assert m.expr("make.step", "CHANGED").kind is Kind.UNKNOWN  # a number here, a tensor after `bump`
    lam = next(f for f in m.facts.functions if f.name == "<lambda>")
    assert m.tensors.parameter(lam, "v").kind is Kind.TENSOR


def test_numpy_and_python_values_are_not_tensors():
    m = Module(
        """
        import numpy as np
        import tensorflow as tf

        @tf.function
        def f(x):
            a = np.zeros([3])
            b = np.pi
            c = x.numpy()
            d = float(3)
            return a
        """
    )
    assert m.value("f", "a").kind is Kind.OBJECT
    assert m.value("f", "b").kind is Kind.PY_NUMBER
    assert m.value("f", "c").kind is Kind.UNKNOWN  # `x` is not known to be a tensor
    assert m.value("f", "d").kind is Kind.PY_NUMBER


def test_lookalike_modules_are_not_tensorflow():
    m = Module(
        """
        import tensorflow_probability as tfp
        import tf

        def f(x):
            a = tfp.distributions.Normal(0.0, 1.0)
            b = tf.reduce_sum(x)
            return a
        """
    )
    assert m.value("f", "a").kind is not Kind.TENSOR
    assert m.value("f", "b").kind is Kind.UNKNOWN


def test_describe_names_the_evidence():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            loss = tf.reduce_sum(x)
            return loss
        """
    )
    info = m.function("f")
    ret = next(n for n in ast.walk(info.node) if isinstance(n, ast.Return))
    assert m.tensors.describe(ret.value, info) == "`loss` is a tensor (result of `tf.reduce_sum(...)`)"


def test_autograph_switches():
    m = Module(
        """
        import tensorflow as tf

        @tf.function(autograph=False)
        def off(x):
            return helper(x)

        def helper(x):
            return x

        @tf.function
        def on(x):
            return x

        @tf.autograph.experimental.do_not_convert
        def raw(x):
            return x

        @tf.function
        def calls_raw(x):
            return raw(x)
        """
    )
    assert not autograph_enabled(m.function("off"), m.facts)
    assert not autograph_enabled(m.function("helper"), m.facts)
    assert autograph_enabled(m.function("on"), m.facts)
    assert not autograph_enabled(m.function("raw"), m.facts)


def test_nothing_is_computed_until_asked_and_each_function_is_walked_once(monkeypatch):
    walked = []
    original = tensors_module._FlowWalker.run

    def counting(self):
        walked.append(self.info.name if self.info is not None else "<module>")
        return original(self)

    monkeypatch.setattr(tensors_module._FlowWalker, "run", counting)
    m = Module(
        """
        import tensorflow as tf

        def unrelated(x):
            return x + 1

        @tf.function
        def f(x):
            y = tf.square(x)
            z = y + 1
            return z
        """
    )
    assert walked == []
    assert m.value("f", "z").kind is Kind.TENSOR
    assert m.value("f", "y").kind is Kind.TENSOR
    assert walked == ["f"]


def test_cycles_and_deep_chains_end_in_an_answer():
    chain = "\n".join(f"def f{i}(x):\n    return f{i + 1}(x)\n" for i in range(200))
    code = "import tensorflow as tf\n" + chain + "def f200(x):\n    return tf.abs(x)\nf0(tf.ones([1]))\n"
    m = Module(code)
    # Past the depth bound the answer is "unknown" (never a guess); within it, the chain is followed.
    assert m.returned("f0").kind is Kind.UNKNOWN
    assert m.returned("f190").kind is Kind.TENSOR
    m = Module(
        """
        import tensorflow as tf

        def ping(x, n):
            return pong(x, n - 1) if n else x

        def pong(x, n):
            return ping(x * 2, n)

        ping(tf.ones([1]), 3)
        """
    )
    # A cycle is cut, not followed forever: what it decides on goes unknown.
    assert m.returned("ping").kind is Kind.UNKNOWN
    assert m.tensors.parameter(m.function("pong"), "n").kind is Kind.UNKNOWN


@pytest.mark.parametrize(
    "code",
    [
        "import tensorflow as tf\ndef f(*a, **k):\n    x, *rest = a\n    del x\n    return rest\n",
        "import tensorflow as tf\nclass A:\n    x = tf.ones([1])\n    def m(self):\n        return self.x\n",
        "import tensorflow as tf\ndef f():\n    try:\n        y = tf.ones([1])\n    except Exception as e:\n        y = e\n"
        "    finally:\n        z = 1\n    return y\n",
        "import tensorflow as tf\nasync def f(x):\n    async with x as y:\n        async for i in y:\n            await i\n",
        "import tensorflow as tf\ndef f(x):\n    match x:\n        case [a, b]:\n            return a\n"
        "        case _:\n            return 0\n",
        "import tensorflow as tf\ndef g():\n    yield tf.ones([1])\nv = [y := 3, y]\n",
    ],
)
def test_unusual_code_never_raises(code):
    if sys.version_info < (3, 10) and "match x:" in code:
        # No `match` before Python 3.10: the check reports the syntax error, and raises nothing.
        from hybridlint.engine import check_source

        assert check_source(code).syntax_error is not None
        return
    m = Module(code)
    for info in [None] + m.facts.functions:
        root = info.node if info is not None else m.tree
        for node in ast.walk(root):
            if isinstance(node, ast.expr):
                assert isinstance(m.tensors.infer(node, info).kind, Kind)


def test_ops_that_return_tuples_and_lists_come_from_the_shared_table():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x, n):
            normalized, norm = tf.linalg.normalize(x)
            values, indices = tf.math.top_k(x, 2)
            pieces = tf.split(x, 2)
            rows = tf.unstack(x)
            grid = tf.meshgrid(x, x)
            clipped, global_norm = tf.clip_by_global_norm([x], 1.0)
            singular = tf.linalg.svd(x, compute_uv=False)
            decomposed = tf.linalg.svd(x)
            i, total = tf.while_loop(lambda i, t: i < n, lambda i, t: (i + 1, t + x), [0, x])
            flat = tf.nest.flatten(x)
            outputs = tf.raw_ops.Unpack(value=x, num=2)
            summed = tf.raw_ops.AddV2(x=x, y=x)
            mean, var = tf.compat.v1.nn.moments(x, [0])
            index = tf.unravel_index(n, [2, 3])
            y, idx = tf.unique(x)
            return (normalized, norm, values, indices, global_norm, mean, var, y, idx, total, pieces, rows, grid,
                    clipped, flat, outputs)
        """
    )
    for name in ("normalized", "norm", "values", "indices", "global_norm", "mean", "var", "y", "idx"):
        assert m.use("f", name).plain_tensor, name
    for name in ("pieces", "rows", "grid", "clipped", "flat", "outputs"):
        assert m.use("f", name).kind is Kind.PY_CONTAINER, name
    assert m.value("f", "rows").element.plain_tensor  # iterating `tf.unstack(...)` gives tensors
    assert m.value("f", "flat").element is None  # items of any structure: not known to be tensors
    assert m.value("f", "singular").plain_tensor  # `compute_uv=False`: one tensor
    assert m.value("f", "decomposed").kind is Kind.PY_CONTAINER
    assert len(m.value("f", "decomposed").items) == 3
    assert m.use("f", "total").kind is Kind.TENSOR  # `loop_vars` is a list: so is the result
    assert m.value("f", "summed").plain_tensor  # a raw op with one output
    assert m.value("f", "index").plain_tensor  # one tensor, despite its name


def test_evidence_has_a_strength_and_a_category():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x: tf.Tensor):
            a = tf.reduce_sum(x)
            b = tf.keras.backend.sum(a)
            c = b * a
            d = x * 2
            e = a.shape
            g = [a]
            return a
        """
    )
    assert not m.value("f", "a").weak
    assert m.value("f", "b").weak and "tf.keras" in m.value("f", "b").reason
    assert not m.value("f", "c").weak  # the stronger operand's evidence
    assert m.value("f", "d").weak  # from the annotation only
    assert m.value("f", "a").category == "tensor"
    assert m.value("f", "e").category == "static metadata"
    assert m.value("f", "g").category == "python value"


def test_isinstance_and_is_tensor_guards_narrow_their_branches():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(inputs, shape, items, x):
            if isinstance(shape, list) or isinstance(shape, tuple):
                in_list = shape
            else:
                in_else = shape
            if not isinstance(inputs, (list, tuple)):
                return tf.reduce_sum(inputs)
            after_return = inputs
            t = tf.reduce_sum(x)
            if isinstance(t, tf.Tensor):
                still = t
            else:
                never = t
            for item in items:
                if not tf.is_tensor(item):
                    continue
                guarded = item
            picked = [i for i in items if isinstance(i, tf.Tensor)]
            chosen = t if not isinstance(t, list) else None
            both = isinstance(t, (list, tuple)) and t[0]
            return t
        """
    )
    assert m.value("f", "in_list").kind is Kind.PY_CONTAINER
    assert m.value("f", "after_return").kind is Kind.PY_CONTAINER  # the other branch returned
    assert m.value("f", "still").plain_tensor
    assert m.value("f", "never").kind is Kind.UNKNOWN  # not a tf.Tensor there
    assert m.value("f", "guarded").is_tensor
    assert m.value("f", "guarded").weak  # a tensor where the branch runs, but nothing said it runs traced
    assert m.value("f", "picked").element.is_tensor
    assert m.expr("f", "t[0]").kind is Kind.UNKNOWN  # `t` is a list or tuple after `and`
    assert m.value("f", "chosen").is_tensor


def test_a_hasattr_numpy_guard_narrows_to_a_value_that_is_not_a_traced_tensor():
    """A symbolic tensor has no `numpy` attribute: where `hasattr(x, "numpy")` holds, `x` is an eager
    tensor made outside the trace or another object; a variable has `numpy` in a graph too."""
    m = Module(
        """
        import tensorflow as tf

        v = tf.Variable(1.0)

        @tf.function
        def f(x):
            t = tf.square(x)
            if hasattr(t, "numpy"):
                eager = t
            else:
                symbolic = t
            if tf.is_tensor(t) and hasattr(t, "numpy"):
                both = t
            w = v
            if hasattr(w, "numpy"):
                variable = w
            if not hasattr(t, "numpy"):
                return t
            after = t
            return t
        """
    )
    for name in ("eager", "both", "after"):
        value = m.value("f", name)
        assert (value.kind, value.tag) == (Kind.OBJECT, HAS_NUMPY), name
    assert m.value("f", "symbolic").plain_tensor
    assert m.value("f", "variable").tag == VARIABLE


def test_keras_call_inputs_annotated_as_a_tensor_but_unpacked_are_a_structure():
    m = Module(
        """
        import tensorflow as tf

        class Interaction(tf.keras.layers.Layer):
            def call(self, inputs: tf.Tensor, training: bool = True) -> tf.Tensor:
                example_inputs, list_mask = inputs
                return example_inputs

        @tf.function
        def g(features: tf.Tensor):
            if len(features) > 1:
                return features[0]
            return features
        """
    )
    assert m.tensors.parameter(m.function("Interaction.call"), "inputs").nested
    assert m.tensors.parameter(m.function("g"), "features").nested


def test_methods_called_through_a_class_bind_from_self():
    m = Module(
        """
        import tensorflow as tf

        def make_private(cls):
            class Private(cls):
                def get_gradients(self, loss, params):
                    return cls.get_gradients(self, loss, params)
            return Private

        class Base:
            def scale(self, x, factor):
                return x * factor

        class Child(Base):
            @tf.function
            def scale(self, x, factor):
                return Base.scale(self, tf.abs(x), 2.0)
        """
    )
    private = m.function("make_private.Private.get_gradients")
    assert not private.calls  # `cls` is the factory's parameter, not `Private`: no recursion
    child = m.function("Child.scale")
    assert [site.target.qualname for site in child.calls] == ["Base.scale"]
    base = m.function("Base.scale")
    assert m.tensors.parameter(base, "x").is_tensor  # `tf.abs(x)`, not `self`
    assert m.tensors.parameter(base, "factor").kind is Kind.PY_NUMBER


def test_the_tuple_table_is_well_formed():
    from hybridlint import tfops

    codes = {tfops.TENSOR_ITEM, tfops.NESTED_ITEM, tfops.LIST_ITEM, tfops.DICT_ITEM, tfops.UNKNOWN_ITEM}
    for name, items in tfops.TUPLES.items():
        assert len(items) >= 2 and set(items) <= codes, name
    assert set(tfops.CHOSEN_BY_ARGUMENT) <= set(tfops.TUPLES)
    assert not (tfops.LISTS & set(tfops.TUPLES)) and not (tfops.STRUCTURES & set(tfops.TUPLES))
    assert not (tfops.RAW_OPS_MULTI & tfops.RAW_OPS_NO_OUTPUT)
    assert "Unpack" in tfops.RAW_OPS_MULTI and "AddV2" not in tfops.RAW_OPS_MULTI
    assert tfops.plain_name("tensorflow.compat.v1.nn.moments") == "nn.moments"
    assert tfops.plain_name("tensorflow.compat.v1.nn.dynamic_rnn") == "compat.v1.nn.dynamic_rnn"
    # TensorFlow 1 code names the same function without `compat.v1`
    assert tfops.plain_name("tensorflow.nn.bidirectional_dynamic_rnn") == "compat.v1.nn.bidirectional_dynamic_rnn"
    assert tfops.plain_name("tensorflow.nn.relu") == "nn.relu"
    assert tfops.tuple_items("compat.v1.metrics.auc", None) == "t?"


def test_a_dict_method_on_a_tensor_says_it_is_something_else():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            t = tf.reduce_sum(x)
            pairs = t.items()
            doubled = t.numpy()
            return pairs
        """
    )
    assert m.value("f", "pairs").kind is Kind.UNKNOWN
    assert m.value("f", "doubled").tag == NDARRAY


def test_library_internals_say_nothing_and_source_modules_use_the_public_table():
    m = Module(
        """
        import tensorflow as tf
        from tf_keras.src import backend
        from tf_keras.src.utils import conv_utils
        from tensorflow.python.ops import array_ops, math_ops

        @tf.function
        def f(x, step):
            last, outputs, states = backend.rnn(step, x, [x])
            strides = conv_utils.normalize_tuple(2, 2, "strides")
            halves = array_ops.split(x, 2)
            total = math_ops.reduce_sum(x)
            loss = tf.keras.losses.mean_squared_error(x, x)
            return last, outputs, states, strides, halves, total, loss
        """
    )
    assert m.use("f", "last").plain_tensor  # `tf.keras.backend.rnn` returns a tuple
    assert not m.use("f", "strides").is_tensor  # a Keras helper, not an op
    assert m.use("f", "halves").kind is Kind.PY_CONTAINER  # `tf.split` under its source-module name
    assert m.use("f", "total").is_tensor and m.use("f", "total").weak
    assert m.use("f", "loss").is_tensor and not m.use("f", "loss").weak


def test_nest_map_structure_holds_whatever_the_function_gives():
    m = Module(
        """
        import tensorflow as tf

        @tf.function
        def f(x):
            specs = tf.nest.map_structure(tf.type_spec_from_value, [x, x])
            return specs
        """
    )
    assert not m.value("f", "specs").is_tensor


def test_mapping_ops_pass_their_function_tensors():
    """`tf.map_fn` and its kin call their function with slices of `elems`: tensors. A
    `functools.partial` shifts which parameter gets them; any other reference leaves them unknown."""
    m = Module(
        """
        import functools
        import tensorflow as tf

        def clip(x, limit):
            return x

        def scale(factor, x):
            return x

        def step(acc, x):
            return acc

        def passed_around(x):
            return x

        @tf.function
        def run(elems):
            a = tf.map_fn(functools.partial(clip, limit=1.0), elems)
            b = tf.map_fn(functools.partial(scale, 2.0), elems)
            c = tf.scan(step, elems)
            return register(passed_around), tf.vectorized_map(passed_around, elems)
        """
    )
    param = m.tensors.parameter
    assert param(m.function("clip"), "x").is_tensor
    assert not param(m.function("clip"), "limit").is_tensor
    assert param(m.function("scale"), "x").is_tensor
    assert not param(m.function("scale"), "factor").is_tensor
    assert param(m.function("step"), "acc").is_tensor and param(m.function("step"), "x").is_tensor
    # also passed to an unknown function: what that one passes is not known
    assert param(m.function("passed_around"), "x").kind is Kind.UNKNOWN


def test_a_partial_called_directly_leaves_its_parameters_unknown():
    m = Module(
        """
        import functools
        import tensorflow as tf

        def scale(factor, x):
            return x

        @tf.function
        def run(elems):
            fn = functools.partial(scale, tf.constant(2.0))
            return fn(3), tf.map_fn(fn, elems)
        """
    )
    # `fn(3)` binds 3 to `x`, not to `factor`: the call site cannot be mapped without the partial
    assert m.tensors.parameter(m.function("scale"), "x").kind is Kind.UNKNOWN


def test_functions_tensorflow_ops_call_unconverted():
    m = Module(
        """
        import tensorflow as tf

        def step(total, x):
            return helper(total + x)

        def helper(x):
            return x

        def mapped(x):
            return x

        def branch():
            return tf.constant(1.0)

        @tf.function
        def traced(xs, p):
            def inner(total, x):
                return total + x
            a = tf.scan(step, xs)
            b = tf.scan(inner, xs)
            c = tf.map_fn(mapped, xs)
            return tf.cond(p, branch, lambda: helper(xs))

        def eager(xs):
            return tf.foldl(step, xs)
        """
    )
    for name in ("step", "helper", "branch"):
        assert not autograph_enabled(m.function(name), m.facts), name
    assert m.facts.unconverted(m.function("helper")).entry is m.function("step")
    assert m.facts.unconverted(m.function("branch")).op == "tf.cond"
    # written inside converted code, handed to an op that converts, or never traced: converted (or eager)
    for name in ("traced.inner", "mapped", "traced"):
        assert autograph_enabled(m.function(name), m.facts), name
    assert m.facts.unconverted(m.function("eager")) is None


def test_keras_3_methods_run_unconverted():
    m = Module(
        """
        import keras
        import tensorflow as tf

        class Gate(keras.layers.Layer):
            def call(self, x):
                return self.scale(x)

            def scale(self, x):
                return tf.map_fn(lambda r: r * 2.0, x)

            @tf.function
            def export(self, x):
                return x
        """
    )
    call, scale, export = (m.function(q) for q in ("Gate.call", "Gate.scale", "Gate.export"))
    lam = next(f for f in m.facts.functions if f.name == "<lambda>")
    keras_3, keras_2 = Settings(target_keras=(3, 6)), Settings(target_keras=(2, 15))
    assert not autograph_enabled(call, m.facts, keras_3)
    assert not autograph_enabled(scale, m.facts, keras_3)
    assert "Keras 3 calls it as plain Python" in autograph_off_text(call, m.facts, keras_3)
    # tf.map_fn converts its function; a tf.function converts itself; Keras 2 and an unknown Keras convert `call`
    assert autograph_enabled(lam, m.facts, keras_3)
    assert autograph_enabled(export, m.facts, keras_3)
    assert autograph_enabled(call, m.facts, keras_2)
    assert autograph_enabled(call, m.facts, Settings())

def test_values_made_before_the_trace_have_no_tensor_source():
    """`ModuleAnalysis.made_before_trace`: closures over eager code, module-level flags and Python
    arithmetic of them; not a parameter, a call's result, `self` or a closure over traced code."""
    from hybridlint.analysis import analysis_for

    m = Module(
        """
        import tensorflow as tf
        from absl import flags

        FLAGS = flags.FLAGS

        def make(metric, model):
            @tf.function
            def step(x, names):
                n = 0
                for name in names:
                    n = max(n, len(name))
                for i in range(n):
                    rate = FLAGS.decay ** (n - 1 - i)
                    closure = metric
                    from_param = x * 2
                    from_call = model(x)
                    print(rate, closure, from_param, from_call)

                def inner():
                    print(x, n)

                return inner

            return step
        """
    )
    an = analysis_for(m.facts)
    step = m.function("make.step")
    inner = m.function("make.step.inner")

    def read(info, name):
        return next(
            n for n in ast.walk(info.node) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        )

    for name in ("rate", "closure", "n", "i"):
        assert an.made_before_trace(read(step, name), step), name
    for name in ("from_param", "from_call", "x"):
        assert not an.made_before_trace(read(step, name), step), name
    assert not an.made_before_trace(read(inner, "x"), inner)  # the traced function's parameter
    assert an.made_before_trace(read(inner, "n"), inner)


def test_configuration_attributes_are_made_before_the_trace():
    """`self.attr` stored only from constructor parameters, parameters with a Python default, or
    constants is made before the trace; one also stored from the tf.function's argument, from a
    constructor argument a call site shows to be a tensor, or by a base outside the module is not."""
    from hybridlint.analysis import analysis_for

    m = Module(
        """
        import tensorflow as tf
        from somewhere import Base

        class Aug:
            rate = 0.5

            def __init__(self, scale, shift=1, mask=None):
                self.scale = scale
                self.shift = shift
                self.mask = mask
                self.rate2 = self.rate

            def set_params(self, scale=1.0, shift=2, last=None):
                self.scale = scale
                self.shift = shift
                self.last = last

            @tf.function
            def apply(self, x):
                self.shift = 0
                self.last = x
                print(self.scale, self.shift, self.rate, self.mask, self.last, self.missing)
                return x

        class Other(Base):
            def __init__(self, scale=1.0):
                self.scale = scale

            @tf.function
            def apply(self, x):
                print(self.scale)
                return x

        aug = Aug(2.0, mask=tf.ones([3]))
        """
    )
    an = analysis_for(m.facts)

    def printed(qualname):
        info = m.function(qualname)
        call = next(n for n in ast.walk(info.node) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print")
        return {source: an.made_before_trace(arg, info) for arg in call.args for source in [ast.unparse(arg)]}

    assert printed("Aug.apply") == {
        "self.scale": True,  # a constructor parameter (a call passes 2.0) and a Python-default setter's
        "self.shift": True,  # the same, and a constant while tracing
        "self.rate": True,  # a class attribute
        "self.mask": False,  # the call site passes a tensor
        "self.last": False,  # also the traced argument
        "self.missing": False,  # never stored
    }
    assert printed("Other.apply") == {"self.scale": False}  # `Base` may store anything


def test_branches_only_non_tensor_input_takes():
    code = textwrap.dedent(
        """
        import numpy as np
        import tensorflow as tf

        def helper(x, attrs, n):
            x_is_tensor = tf.is_tensor(x)
            y = tf.square(x)
            if not x_is_tensor:
                flag_branch = 1
            if tf.is_tensor(attrs[0]):
                tensor_branch = 1
            else:
                else_branch = 1
            if isinstance(x, np.ndarray):
                array_branch = 1
            values = [1, 2]
            if not tf.is_tensor(values):
                python_value_branch = 1
            if not tf.is_tensor(x) and n > 1:
                and_branch = 1
            if not tf.is_tensor(x) or n > 1:
                or_branch = 1
            return y

        @tf.function
        def step(x, attrs):
            return helper(x, attrs, 2)
        """
    )
    facts = ModuleFacts(ast.parse(code))
    roots = tensors_module.input_only_roots(facts)
    marked = set()
    for node in ast.walk(facts.tree):
        if isinstance(node, ast.Assign) and id(node) in roots:
            marked.add(node.targets[0].id)
    # `values` is a known Python list: that branch runs while tracing; an `or` proves nothing
    assert marked == {"flag_branch", "else_branch", "array_branch", "and_branch"}


def test_augmented_arithmetic_on_a_structure():
    m = Module(
        """
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.layers.Dense(3)])

        @tf.function
        def step(x):
            out = model(x)
            out *= 0.5
            scaled = out
            outs = model(x)
            outs *= 2
            repeated = outs
            return scaled
        """
    )
    assert m.value("step", "scaled").plain_tensor
    assert not m.value("step", "repeated").plain_tensor
