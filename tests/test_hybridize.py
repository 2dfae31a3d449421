"""Hybridize preconditions: each outcome, positive and negative, and the decisions they lead to."""

from __future__ import annotations

import ast
import textwrap

import pytest

from hybridlint.facts import ModuleFacts
from hybridlint.hybridize import CONVERT, EAGER, OUTCOMES, Signature, Spec, hybridize_for, join_specs, outcomes_markdown


def decide(code: str, name: str):
    facts = ModuleFacts(ast.parse(textwrap.dedent(code)))
    analysis = hybridize_for(facts)
    (info,) = [f for f in facts.functions if f.qualname == name]
    return analysis.decide(info)


def failed(decision) -> set:
    return {code for code, _ in decision.failures}


HEAD = "import tensorflow as tf\nimport numpy as np\n"


def test_converts_a_side_effect_free_tensor_function():
    d = decide(HEAD + "def f(x):\n    return tf.reduce_sum(x)\n\nf(tf.constant([1.0]))\n", "f")
    assert d.transformation == CONVERT and d.precondition == "P1"
    assert [c for c, _ in d.passes] == ["HAS_TENSOR_PARAMETERS"] and d.failures == []


@pytest.mark.parametrize(
    "body, call, outcome",
    [
        ("return tf.reduce_sum(x)", "f(3.0)", "HAS_NO_TENSOR_PARAMETERS"),
        ("return x * n", "f(tf.ones([2]), 3)", "HAS_PRIMITIVE_PARAMETERS"),
        ("print('step', x)\n    return tf.reduce_sum(x)", "f(tf.ones([2]))", "HAS_PYTHON_SIDE_EFFECTS"),
        ("HISTORY.append(1)\n    return tf.reduce_sum(x)", "f(tf.ones([2]))", "HAS_PYTHON_SIDE_EFFECTS"),
        ("return f(x - 1) if x > 0 else x", "f(tf.ones([2]))", "IS_RECURSIVE"),
        ("return tf.reduce_sum(x).numpy()", "f(tf.ones([2]))", "HAS_EAGER_ONLY_CALLS"),
        ("y = x * 2\n    return np.linalg.norm(y)", "f(tf.ones([2]))", "HAS_NUMPY_CALLS_ON_PARAMETERS"),
        ("return [tf.square(v) for v in x]", "f(tf.ones([2]))", "HAS_TENSOR_PARAMETER_ITERATION"),
        ("return max(x, 0.0)", "f(tf.ones([2]))", "HAS_TENSOR_AS_PYTHON_BOOL"),
        ("return tf.sqrt(x, name=3)", "f(tf.ones([2]))", "HAS_INVALID_NAME_ARGUMENTS"),
        ("return x", "f(tf.ones([2]))", "NO_TENSOR_COMPUTATION"),
        ("return tf.keras.layers.Dense(2)(x)", "f(tf.keras.Input(shape=(3,)))", "HAS_KERAS_SYMBOLIC_ARGUMENTS"),
        ("return tf.constant(x, dtype=tf.float32)", "f(tf.ones([2]))", "HAS_EAGER_ONLY_CALLS"),
        ("return tf.reduce_sum(x) if isinstance(x, np.ndarray) else x", "f(np.ones(2))", "HAS_NUMPY_CALLS_ON_PARAMETERS"),
        ("v = tf.Variable(x)\n    return v * 2.0", "f(tf.ones([2]))", "CREATES_VARIABLES"),
        ("return tf.keras.layers.Dense(2)(x)", "f(tf.ones([1, 3]))", "CREATES_VARIABLES"),
    ],
)
def test_each_failed_precondition_blocks_conversion(body, call, outcome):
    d = decide(HEAD + f"HISTORY = []\n\ndef f(x, n=None):\n    {body}\n\n{call}\n", "f")
    assert d.transformation is None
    assert outcome in failed(d)


@pytest.mark.parametrize(
    "body, call",
    [
        ("return tf.reduce_sum(x * n)", "f(tf.ones([2]), True)"),  # booleans are flags, not retracing numbers
        ("local = []\n    local.append(x)\n    return tf.stack(local)", "f(tf.ones([2]))"),  # local state is no effect
        ("return np.prod(x.shape) * tf.reduce_sum(x)", "f(tf.ones([2]))"),  # a static shape read is no NumPy on x
        ("return [tf.square(v) for v in tf.unstack(x)]", "f(tf.ones([2]))"),  # iterating a list of tensors
        ("return tf.maximum(x, 0.0)", "f(tf.ones([2]))"),
        ("return tf.sqrt(x, name='root')", "f(tf.ones([2]))"),
        ("return x + 1.0", "f(tf.ones([2]))"),  # an operator on a tensor is tensor computation
        ("return tf.constant([1.0, 2.0]) * x", "f(tf.ones([2]))"),  # tf.constant of a literal
        ("return LAYER(x)", "f(tf.ones([1, 3]))"),  # a layer built once, outside
    ],
)
def test_negative_cases_still_convert(body, call):
    d = decide(HEAD + f"LAYER = tf.keras.layers.Dense(2)\n\ndef f(x, n=None):\n    {body}\n\n{call}\n", "f")
    assert d.transformation == CONVERT, d.failures


def test_a_function_nothing_running_calls_is_undeterminable():
    code = HEAD + "def f(x):\n    return tf.reduce_sum(x)\n\ndef unused():\n    f(tf.ones([2]))\n"
    d = decide(code, "f")
    assert d.transformation is None and failed(d) == {"UNDETERMINABLE_PARAMETER_KIND"}
    # called from a function that is itself called at module level: judged
    d = decide(code + "\nunused()\n", "f")
    assert d.transformation == CONVERT


def test_test_functions_are_entry_points():
    code = HEAD + "def f(x):\n    return tf.reduce_sum(x)\n\ndef test_f():\n    f(tf.ones([2]))\n"
    assert decide(code, "f").transformation == CONVERT


def test_type_hints_give_tensor_parameters_but_not_call_sites():
    d = decide(HEAD + "def f(x: tf.Tensor):\n    return tf.reduce_sum(x)\n", "f")
    assert "HAS_TENSOR_PARAMETERS" in {c for c, _ in d.passes}
    assert d.transformation is None  # still nobody calls it: primitive parameters and effects are unknown


def test_numpy_arrays_count_as_tensor_arguments():
    d = decide(HEAD + "def f(x):\n    return tf.reduce_sum(x)\n\nf(np.ones(3))\n", "f")
    assert d.transformation == CONVERT


def test_covered_callers_block_conversion_unless_some_caller_is_eager():
    code = HEAD + (
        "def inner(x):\n    return tf.reduce_sum(x)\n\n"
        "@tf.function\ndef outer(x):\n    return inner(x) * 2.0\n\n"
        "t = tf.ones((2, 2))\nouter(t)\n"
    )
    assert failed(decide(code, "inner")) == {"HAS_COVERED_CALLERS"}
    assert decide(code + "inner(t)\n", "inner").transformation == CONVERT


def test_method_calls_on_instances_are_call_sites():
    code = HEAD + (
        "class Model:\n"
        "    def step(self, x):\n"
        "        return tf.reduce_sum(x)\n\n"
        "m = Model()\nm.step(tf.ones([2]))\n"
    )
    d = decide(code, "Model.step")
    assert d.transformation == CONVERT


def test_attribute_write_on_self_is_a_side_effect():
    code = HEAD + (
        "class Model:\n"
        "    def step(self, x):\n"
        "        self.last = x\n"
        "        return tf.reduce_sum(x)\n\n"
        "m = Model()\nm.step(tf.ones([2]))\n"
    )
    assert "HAS_PYTHON_SIDE_EFFECTS" in failed(decide(code, "Model.step"))


# -- de-hybridizing --------------------------------------------------------------------------------


def test_hybrid_without_tensor_parameters_is_p2():
    d = decide(HEAD + "@tf.function\ndef f(n):\n    return tf.range(n)\n\nf(3)\n", "f")
    assert d.transformation == EAGER and d.precondition == "P2"


def test_hybrid_with_primitive_parameter_is_p3():
    d = decide(HEAD + "@tf.function\ndef f(x, n):\n    return x * n\n\nf(tf.ones([2]), 3)\n", "f")
    assert d.transformation == EAGER and d.precondition == "P3"


def test_barren_hybrid_is_p6_but_only_when_provably_barren():
    d = decide(HEAD + "@tf.function\ndef f(x):\n    return x\n\nf(tf.ones([2]))\n", "f")
    assert d.transformation == EAGER and d.precondition == "P6"
    d = decide(HEAD + "@tf.function\ndef f(x):\n    return helper(x)\n\nf(tf.ones([2]))\n", "f")
    assert d.transformation is None  # an unresolved call may run TensorFlow ops


def test_hybrid_with_side_effects_keeps_its_decorator():
    d = decide(HEAD + "@tf.function\ndef f(n):\n    print(n)\n    return n\n\nf(3)\n", "f")
    assert d.transformation is None and "HAS_PYTHON_SIDE_EFFECTS" in failed(d)


def test_well_formed_hybrid_stays():
    d = decide(HEAD + "@tf.function\ndef f(x):\n    return tf.reduce_sum(x)\n\nf(tf.ones([2]))\n", "f")
    assert d.transformation is None and failed(d) == {"HAS_NO_PRIMITIVE_PARAMETERS"}


# -- input signatures --------------------------------------------------------------------------------


def test_signature_joins_dimensions_and_needs_agreement():
    code = HEAD + (
        "@tf.function\ndef f(x, y):\n    return x + tf.cast(y, tf.float32)\n\n"
        "a = tf.constant([[1.0, 2.0]])\n"
        "f(a, tf.zeros([4], dtype=tf.int32))\n"
        "f(tf.ones([3, 2]), tf.range(4))\n"
    )
    d = decide(code, "f")
    assert d.signature == Signature((Spec("float32", (None, 2)), Spec("int32", (4,))))
    assert d.signature.render("tf") == (
        "[tf.TensorSpec(shape=[None, 2], dtype=tf.float32), tf.TensorSpec(shape=[4], dtype=tf.int32)]"
    )
    disagree = code + "f(tf.ones([3]), tf.range(4))\n"  # another rank
    assert decide(disagree, "f").signature is None
    unknown = code + "f(load(), tf.range(4))\n"
    assert decide(unknown, "f").signature is None


def test_signature_is_withheld_when_a_varying_dimension_is_read_statically():
    code = HEAD + (
        "@tf.function\ndef f(x):\n    return tf.reshape(x, [x.shape[0], -1])\n\n"
        "f(tf.ones([2, 3]))\nf(tf.ones([5, 3]))\n"
    )
    assert decide(code, "f").signature is None


def test_join_specs():
    assert join_specs([Spec("float32", (2, 3)), Spec("float32", (4, 3))]) == Spec("float32", (None, 3))
    assert join_specs([Spec("float32", (2,)), Spec("int32", (2,))]) is None


def test_every_outcome_is_documented():
    page = outcomes_markdown()
    for outcome in OUTCOMES:
        assert f"`{outcome.code}`" in page and outcome.why in page


def test_bad_input_never_crashes():
    for code in ["def f(*a, **k):\n    return f(*a)\nf(*[1])\n", "lambda: 0\n", "class C:\n    def __call__(self): pass\nC()()\n"]:
        facts = ModuleFacts(ast.parse(code))
        analysis = hybridize_for(facts)
        for info in analysis.candidates():
            analysis.decide(info)


def test_arguments_of_unknown_kind_are_not_taken_for_python_values():
    code = HEAD + "@tf.function\ndef f(x):\n    return tf.reduce_sum(x)\n\nf(load())\n"
    d = decide(code, "f")
    assert d.transformation is None and failed(d) == {"UNDETERMINABLE_PARAMETER_KIND"}


def test_removal_keeps_configured_decorators_and_graph_dependent_bodies():
    d = decide(HEAD + "@tf.function(input_signature=[])\ndef f():\n    return tf.ones([1])\n\nf()\n", "f")
    assert d.transformation is None and "HAS_TRACING_CONFIGURATION" in failed(d)
    d = decide(HEAD + "@tf.function(jit_compile=True)\ndef f():\n    pass\n\nf()\n", "f")
    assert d.transformation == EAGER and d.precondition == "P2"  # nothing to compile: the option does nothing
    d = decide(HEAD + "@tf.function(jit_compile=True)\ndef f(n):\n    return tf.range(n)\n\nf(3)\n", "f")
    assert d.transformation is None and "HAS_TRACING_CONFIGURATION" in failed(d)
    code = HEAD + (
        "@tf.function\ndef f():\n"
        "    x = tf.compat.v1.placeholder_with_default(tf.ones([2]), shape=[None])\n"
        "    return x\n\nf()\n"
    )
    d = decide(code, "f")
    assert d.transformation is None and "HAS_GRAPH_ONLY_CODE" in failed(d)
    d = decide(HEAD + "@tf.function\ndef f():\n    return tf.ones([2])\n\nf()\n", "f")
    assert d.transformation == EAGER and d.precondition == "P2"


def test_values_computed_from_keras_inputs_are_symbolic():
    code = HEAD + (
        "inputs = tf.keras.Input(shape=(3,))\n"
        "h = tf.keras.layers.Dense(4)(inputs)\n\n"
        "def block(x):\n    return tf.nn.relu(x) * 2.0\n\n"
        "outputs = block(h)\n"
    )
    assert "HAS_KERAS_SYMBOLIC_ARGUMENTS" in failed(decide(code, "block"))


def test_covered_needs_every_caller_traced_and_factories_are_not_plain_decorators():
    from hybridlint.hybridize import plain_decorator

    code = HEAD + "jit = tf.function(jit_compile=True)\n\n@jit\ndef a(x):\n    return x\n\n@tf.function(jit_compile=True)\ndef b(x):\n    return x\n"
    facts = ModuleFacts(ast.parse(code))
    assert [(f.name, plain_decorator(f)) for f in facts.functions] == [("a", False), ("b", True)]
