"""Tensor-ness: is this expression a TensorFlow tensor while the function is traced? (rules.md §3.4)

A small lattice per expression: TENSOR, PY_NUMBER, PY_BOOL, PY_CONTAINER, OBJECT, UNKNOWN. The evidence is
file-local and syntactic: results of TensorFlow calls (functions return tensors, classes build objects; the
APIs that return tuples, lists or structures come from one table, hybridlint/tfops.py), calls of Keras
layers and models, `input_signature` specs, `tf.Tensor` annotations, tf.data and Keras `call` inputs, the
call sites in this file, `isinstance`/`tf.is_tensor` guards (in their branches and after an early exit), and
simple def-use inside a function (the last assignment before a use in straight-line code; branches that
disagree join to UNKNOWN). Rules that need "is a tensor" stay silent on UNKNOWN.

Every answer is an evidence record (`Inference`): its kind, the reason (for messages), where the evidence
is, and its strength. Strong evidence may back a default finding; weak evidence (annotations, API families
that usually return tensors) backs preview findings only, and messages built on it say so.

Nothing is computed until a rule asks: the first question about a function walks that function once (loops
at most a few times) and remembers what each name holds at each use.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass, replace
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from . import tfops
from .constructors import VARIABLE_CONSTRUCTORS, builds_keras_layer, builds_keras_model
from .constructors import is_class_name as _is_class_name
from .facts import (
    KERAS_INPUT_CONSTRUCTORS,
    KERAS_LAMBDA,
    KERAS_LOSS,
    KERAS_LOSS_WEAK,
    KERAS_MODEL_BASES,
    KERAS_TRACED_METHODS,
    ClassInfo,
    FunctionInfo,
    ModuleFacts,
    Unconverted,
    calls_under,
    dotted_parts,
    iter_children,
    rebound,
    walk_nodes,
)


class Kind(enum.Enum):
    TENSOR = "tensor"
    PY_NUMBER = "python number"
    PY_BOOL = "python bool"
    PY_CONTAINER = "python container"
    OBJECT = "object"
    UNKNOWN = "unknown"


# Tags refine a kind where rules need more than the lattice.
SHAPE = "shape"  # a static TensorShape (or an ndarray's shape tuple)
STATIC_DIM = "static-dim"  # one static dimension: int, or None while tracing an unknown dim
STATIC_DIMS = "static-dims"  # `x.shape.as_list()`, `K.int_shape(x)`
DTYPE = "dtype"
VARIABLE = "variable"
KERAS_MODEL = "keras-model"
KERAS_LAYER = "keras-layer"  # also losses and metrics: calling one gives a tensor
KERAS_INPUT = "keras-input"  # `keras.Input(...)`: a symbolic KerasTensor
DATASET = "dataset"
NDARRAY = "ndarray"
GRADIENT_TAPE = "gradient-tape"
# Where `hasattr(x, "numpy")` holds: while tracing, not a symbolic tensor (they have no `numpy`), so an
# eager tensor made outside the trace or some other object; the branch is skipped for a traced tensor.
HAS_NUMPY = "has-numpy"
SELF = "self"
FUNCTION = "function"
CLASS = "class"
MODULE = "module"
NONE = "none"
STRING = "string"
RANGE = "range"
# Another framework's tensor: made by a method no TensorFlow tensor or variable has (`x.detach()`, PyTorch's;
# a TensorFlow one would fail at that method already) or by a function of that framework (`torch.empty(...)`);
# its `numpy()` is that framework's, eager anywhere. What knows such a tensor: these names, and
# `foreign_type_test` (a test of a value's type name).
FOREIGN_TENSOR = "foreign-tensor"
FOREIGN_TENSOR_METHODS = frozenset({"detach"})
FOREIGN_TENSOR_MODULES = frozenset({"torch"})

KERAS_CALLABLE = frozenset({KERAS_MODEL, KERAS_LAYER})
STATIC_TAGS = frozenset({SHAPE, STATIC_DIM, STATIC_DIMS, DTYPE})


class Strength(enum.Enum):
    """How far a rule may build on an inference. STRONG: TensorFlow's documented behaviour (an op that
    returns a tensor, an `input_signature` spec, an `isinstance` guard, every call site in the file).
    WEAK: a hint that real code often contradicts (a type annotation, an API family that mostly returns
    tensors but not always). Rules report on strong evidence and keep weak evidence for preview."""

    STRONG = "strong"
    WEAK = "weak"


# What an inference is about, in the words of the shared-evidence design.
TENSOR_CATEGORY = "tensor"
PYTHON_CATEGORY = "python value"
STATIC_CATEGORY = "static metadata"
UNKNOWN_CATEGORY = "unknown"


@dataclass(frozen=True)
class Inference:
    """What an expression holds, and why the analysis thinks so: the evidence record rules decide on.

    `reason` completes "... is a tensor: <reason>" and `node` is where that evidence is (for related
    information). `strength` says whether a rule may report on it by default (see `Strength`).
    `nested` marks a tensor that may also be a (nested) structure of tensors, such as the inputs of a
    Keras `call` or a dataset element: rules about iterating or `len` should not rely on it.
    `items` are the known positional items of a tuple or list; `element` is what iterating or indexing
    a container gives."""

    kind: Kind
    reason: str = ""
    node: Optional[ast.AST] = None
    tag: Optional[str] = None
    nested: bool = False
    items: Optional[Tuple["Inference", ...]] = None
    element: Optional["Inference"] = None
    strength: Strength = Strength.STRONG

    @property
    def is_tensor(self) -> bool:
        return self.kind is Kind.TENSOR

    @property
    def weak(self) -> bool:
        return self.strength is Strength.WEAK

    @property
    def plain_tensor(self) -> bool:
        """One tensor (not a structure that may hold tensors), on any evidence."""
        return self.kind is Kind.TENSOR and not self.nested

    @property
    def known(self) -> bool:
        return self.kind is not Kind.UNKNOWN

    @property
    def category(self) -> str:
        """tensor / python value / static metadata (shapes, dims, dtypes) / unknown."""
        if self.kind is Kind.TENSOR:
            return TENSOR_CATEGORY
        if self.kind is Kind.UNKNOWN:
            return UNKNOWN_CATEGORY
        if self.tag in STATIC_TAGS:
            return STATIC_CATEGORY
        return PYTHON_CATEGORY

    def weakened(self, reason: Optional[str] = None) -> "Inference":
        return replace(self, strength=Strength.WEAK, reason=self.reason if reason is None else reason)

    def same(self, other: "Inference") -> bool:
        return (
            self.kind is other.kind
            and self.tag == other.tag
            and self.nested == other.nested
            and self.strength is other.strength
        )


UNKNOWN = Inference(Kind.UNKNOWN)


def _of(kind: Kind, reason: str = "", node: Optional[ast.AST] = None, tag: Optional[str] = None, **kw) -> Inference:
    return Inference(kind, reason, node, tag, **kw)


def _tensor_from(source: Inference, reason: Optional[str] = None, node: Optional[ast.AST] = None, **kw) -> Inference:
    """A tensor computed from the tensor `source`: it keeps the strength of the evidence."""
    return Inference(
        Kind.TENSOR,
        source.reason if reason is None else reason,
        source.node if node is None else node,
        strength=source.strength,
        **kw,
    )


def join(a: Optional[Inference], b: Optional[Inference]) -> Inference:
    """The least upper bound in the flat lattice: equal kinds stay, anything else is UNKNOWN."""
    if a is None:
        return b if b is not None else UNKNOWN
    if b is None:
        return a
    if a.kind is not b.kind:
        return UNKNOWN
    if a.same(b) and a.items == b.items and a.element == b.element:
        return a
    items = None
    if a.items is not None and b.items is not None and len(a.items) == len(b.items):
        items = tuple(join(x, y) for x, y in zip(a.items, b.items))
    element = join(a.element, b.element) if a.element is not None and b.element is not None else None
    strength = Strength.WEAK if a.weak or b.weak else Strength.STRONG
    first = b if a.weak and not b.weak else a  # the reason of the stronger evidence
    return Inference(
        a.kind, first.reason, first.node, a.tag if a.tag == b.tag else None, a.nested or b.nested, items, element,
        strength,
    )


def join_all(values: Sequence[Inference]) -> Inference:
    result: Optional[Inference] = None
    for value in values:
        result = join(result, value)
        if result.kind is Kind.UNKNOWN:
            return UNKNOWN
    return result if result is not None else UNKNOWN


def on_evidence(message: str, shown: str, value: Inference) -> str:
    """A finding's message about the tensor `shown`, as far as `value` shows it: unchanged on strong
    evidence; on weak evidence it first says what the value was taken for, and why."""
    if not value.weak:
        return message
    reason = f" ({value.reason})" if value.reason else ""
    return f"`{shown}` is taken for a tensor{reason}. If it is one: " + message[:1].lower() + message[1:]


def evidence_text(shown: str, value: Inference) -> str:
    """"`x` is a tensor: <reason>" for related information ("taken for a tensor" on weak evidence)."""
    what = "taken for a tensor" if value.weak else "a tensor"
    return f"`{shown}` is {what}: {value.reason}"


def source_text(node: ast.AST, limit: int = 40) -> str:
    """Short source text for messages: `tf.reduce_sum(...)`."""
    try:
        text = ast.unparse(node.func if isinstance(node, ast.Call) else node)  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - unparse handles every expression the parser makes
        return "?"
    if isinstance(node, ast.Call):
        text += "(...)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- what TensorFlow calls return ----------------------------------------------------------------

TENSOR_CLASSES = frozenset({"Variable", "SparseTensor", "RaggedTensor", "Tensor", "IndexedSlices"})
PY_BOOL_CALLS = frozenset(
    "tensorflow." + n
    for n in (
        "executing_eagerly is_tensor inside_function compat.v1.executing_eagerly is_symbolic_tensor "
        "keras.backend.is_keras_tensor config.functions_run_eagerly test.is_gpu_available "
        "test.is_built_with_cuda keras.backend.is_float_dtype keras.backend.is_int_dtype keras.ops.is_tensor"
    ).split()
)
PY_NUMBER_CALLS = frozenset(
    "tensorflow." + n
    for n in "keras.backend.ndim keras.backend.epsilon keras.backend.count_params keras.backend.get_uid".split()
)
# Clock reads that return a Python number (HYB023 flags them in traced code; a value computed from one is
# no tensor, whatever prints or logs it).
CLOCK_NUMBER_CALLS = frozenset(
    "time.time time.time_ns time.perf_counter time.perf_counter_ns time.monotonic time.monotonic_ns "
    "time.process_time time.process_time_ns".split()
)
# Keras backend functions that return a Python string (`K.dtype(x)` is "float32", not a tensor; Keras 3's
# `keras.backend` holds only such helpers: `standardize_dtype(x.dtype)` is "float16").
PY_STRING_CALLS = frozenset(
    "tensorflow." + n
    for n in (
        "keras.backend.dtype keras.backend.floatx keras.backend.image_data_format keras.backend.backend "
        "keras.backend.image_dim_ordering keras.backend.standardize_dtype keras.backend.result_type"
    ).split()
)
# Keras 3's `ops.convert_to_numpy(x)` returns a NumPy array (what NumPy code does with it is NumPy's).
NDARRAY_CALLS = frozenset({"tensorflow.keras.ops.convert_to_numpy"})
SHAPE_CALLS = frozenset({"tensorflow.TensorShape", "tensorflow.compat.v1.Dimension"})
STATIC_DIMS_CALLS = frozenset({"tensorflow.keras.backend.int_shape"})
# `tf.compat.dimension_value(x.shape[1])`: the dimension's value, an int (None when unknown), never a tensor
STATIC_DIM_CALLS = frozenset({"tensorflow.compat.dimension_value", "tensorflow.compat.v1.dimension_value"})
DTYPE_CALLS = frozenset({"tensorflow.as_dtype", "tensorflow.dtypes.as_dtype", "tensorflow.DType"})
# Namespaces whose lower-case functions do not return tensors (configuration, I/O, objects).
NON_TENSOR_NAMESPACES = tuple(
    "tensorflow." + n
    for n in (
        "config. data. io.gfile. saved_model. distribute. train. autograph. test. tpu. lite. estimator. "
        "feature_column. sysconfig. version. errors. lookup. keras.utils. keras.callbacks. keras.optimizers. "
        "keras.initializers. keras.regularizers. keras.constraints. keras.mixed_precision. keras.preprocessing. "
        "keras.datasets. keras.applications. keras.models. keras.saving. keras.backend.set_ keras.config. "
        "keras.backend.clear_session "
        "compat.v1.flags compat.v1.logging compat.v1.train. compat.v1.Session compat.v1.saved_model "
        "compat.v1.app compat.v1.variable_scope compat.v1.name_scope compat.v1.disable_ compat.v1.enable_ "
        "compat.v1.reset_default_graph compat.v1.get_default_graph compat.v1.global_variables "
        "compat.v1.trainable_variables compat.v1.summary. compat.v1.estimator. compat.v1.ConfigProto "
        "random.set_seed random.get_global_generator random.Generator name_scope device control_dependencies "
        "init_scope GradientTape get_logger function custom_gradient recompute_grad print Assert "
        "debugging. summary. nest. get_static_value experimental.numpy.experimental_enable_numpy_behavior "
        "keras.activations.get keras.losses.get keras.metrics.get keras.layers.deserialize "
        "keras.layers.serialize keras.backend.get_value keras.backend.batch_get_value"
    ).split()
)
# Lower-case helpers in non-tensor namespaces that still return tensors.
TENSOR_EXCEPTIONS = frozenset(
    "tensorflow." + n
    for n in (
        "data.experimental.cardinality keras.applications.imagenet_utils.preprocess_input "
        "debugging.check_numerics keras.backend.get_value"
    ).split()
)
# `tensorflow.python.util` is TensorFlow's internal toolbox (`nest`, `tf_inspect`, `deprecation`): Python
# values, mostly, and never the op results the public namespaces return.
# Keras 3's `ops.shape(x)` is a tuple of ints where the static shape knows them and of scalar tensors where
# it does not (TensorFlow backend): an item is either, so neither kind is claimed.
UNKNOWN_NAMESPACES = (
    "tensorflow.summary.",
    "tensorflow.nest.",
    "tensorflow.get_static_value",
    "tensorflow.python.util.",
    "tensorflow.keras.ops.shape",
)
# Families of lower-case functions that mostly, not always, return one tensor (Keras backend and ops, v1
# compatibility code, TensorFlow's own op modules): a tensor on weak evidence.
WEAK_TENSOR_NAMESPACES = (
    "tensorflow.keras.backend.",
    "tensorflow.keras.ops.",
    "tensorflow.compat.v1.",
    "tensorflow.contrib.",  # TensorFlow 1's contributed modules, as `compat.v1` (`crf_decode` returns a tuple)
    "tensorflow.python.ops.",
    "tensorflow.experimental.numpy.",
)
# Library internals (Keras engine and utilities, TensorFlow's Python packages): their helpers return
# anything, so a call of one says nothing.
INTERNAL_NAMESPACES = ("tensorflow.keras.", "tensorflow.python.", "tensorflow.__internal__.")



def foreign_type_test(test: ast.expr) -> Optional[str]:
    """The name `x` of `"torch" in str(type(x))` (a framework of `FOREIGN_TENSOR_MODULES` named in the
    type's text): a test that holds only for another framework's tensor, never for a TensorFlow one."""
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and isinstance(test.left, ast.Constant)
        and isinstance(test.left.value, str)
        and any(root in test.left.value for root in FOREIGN_TENSOR_MODULES)
    ):
        return None
    typed = test.comparators[0]
    if (
        isinstance(typed, ast.Call)
        and isinstance(typed.func, ast.Name)
        and typed.func.id == "str"
        and len(typed.args) == 1
        and isinstance(typed.args[0], ast.Call)
        and isinstance(typed.args[0].func, ast.Name)
        and typed.args[0].func.id == "type"
        and len(typed.args[0].args) == 1
        and isinstance(typed.args[0].args[0], ast.Name)
    ):
        return typed.args[0].args[0].id
    return None


def tf_call_result(qualname: str, node: Optional[ast.AST] = None) -> Inference:
    """What calling the TensorFlow API `qualname` returns (`tensorflow.reduce_sum` → TENSOR)."""
    qualname = tfops.public_name(qualname)
    shown = f"`{source_text(node)}`" if node is not None else f"`{qualname}`"
    reason = f"result of {shown}"
    last = qualname.rsplit(".", 1)[-1]
    if qualname in VARIABLE_CONSTRUCTORS:
        return _of(Kind.TENSOR, f"{shown} creates a variable", node, VARIABLE)
    if qualname in PY_BOOL_CALLS:
        return _of(Kind.PY_BOOL, reason, node)
    if qualname in PY_NUMBER_CALLS:
        return _of(Kind.PY_NUMBER, reason, node)
    if qualname in PY_STRING_CALLS:
        return _of(Kind.OBJECT, reason, node, STRING)
    if qualname in NDARRAY_CALLS:
        return _of(Kind.OBJECT, reason, node, NDARRAY)
    if qualname in SHAPE_CALLS:
        return _of(Kind.OBJECT, reason, node, SHAPE)
    if qualname in STATIC_DIM_CALLS:
        return _of(Kind.PY_NUMBER, "a static dimension (an int, or None when unknown while tracing)", node, STATIC_DIM)
    if qualname in STATIC_DIMS_CALLS:
        return _of(Kind.PY_CONTAINER, reason, node, STATIC_DIMS, element=_of(Kind.PY_NUMBER, reason, node, STATIC_DIM))
    if qualname in DTYPE_CALLS:
        return _of(Kind.OBJECT, reason, node, DTYPE)
    if qualname in KERAS_INPUT_CONSTRUCTORS:
        return _of(Kind.TENSOR, f"{shown} is a symbolic Keras tensor", node, KERAS_INPUT)
    if builds_keras_model(qualname):
        return _of(Kind.OBJECT, f"{shown} builds a Keras model", node, KERAS_MODEL)
    if builds_keras_layer(qualname):
        return _of(Kind.OBJECT, f"{shown} builds a Keras layer", node, KERAS_LAYER)
    structured = _structured_result(qualname, node, shown)
    if structured is not None:
        return structured
    if qualname in TENSOR_EXCEPTIONS:
        return _of(Kind.TENSOR, reason, node)
    if qualname.startswith(UNKNOWN_NAMESPACES):
        return UNKNOWN
    if qualname.startswith("tensorflow.data."):
        return _of(Kind.OBJECT, reason, node, DATASET)
    if qualname == "tensorflow.GradientTape":
        return _of(Kind.OBJECT, reason, node, GRADIENT_TAPE)
    if qualname.startswith(NON_TENSOR_NAMESPACES):
        return _of(Kind.OBJECT, reason, node)
    parts = qualname.split(".")[1:]
    classes = [p for p in parts if _is_class_name(p)]
    if classes:
        # `tf.RaggedTensor.from_row_lengths(...)` is a tensor; `tf.TensorSpec(...)`, `tf.Module()` are not.
        if classes[-1] in TENSOR_CLASSES:
            return _of(Kind.TENSOR, reason, node, VARIABLE if classes[-1] == "Variable" else None)
        return _of(Kind.OBJECT, reason, node)
    if last.isupper() or last.startswith("_"):
        return UNKNOWN
    family = next((n for n in WEAK_TENSOR_NAMESPACES if qualname.startswith(n)), None)
    if family is not None:
        shown_family = "tf." + family[len("tensorflow."):].rstrip(".")
        return _of(Kind.TENSOR, f"{reason} (taken for a tensor: most functions of `{shown_family}` return one)",
                   node, strength=Strength.WEAK)
    if qualname.startswith(INTERNAL_NAMESPACES) and not _public_keras_function(qualname):
        return UNKNOWN  # library internals: helpers that return anything
    return _of(Kind.TENSOR, reason, node)


def _public_keras_function(qualname: str) -> bool:
    """`tf.keras.losses.mse`, `tf.keras.activations.relu`, `tf.keras.layers.concatenate`: documented to
    return tensors (not a helper of a Keras module further down)."""
    parts = qualname.split(".")
    return len(parts) == 4 and parts[1] == "keras" and parts[2] in ("losses", "metrics", "activations", "layers")


def _structured_result(qualname: str, node: Optional[ast.AST], shown: str) -> Optional[Inference]:
    """The result of a TensorFlow call that is not one tensor, from the shared table (hybridlint/tfops.py):
    a tuple or list of tensors, the caller's structure, or an Operation. None: not in the table."""
    name = tfops.plain_name(qualname)
    call = node if isinstance(node, ast.Call) else None
    if name.startswith("raw_ops."):
        op = name[len("raw_ops."):]
        if op in tfops.RAW_OPS_MULTI:
            element = _of(Kind.TENSOR, f"an output of {shown}", node)
            return _of(Kind.PY_CONTAINER, f"{shown} returns its outputs as a tuple or list", node, element=element)
        if op in tfops.RAW_OPS_NO_OUTPUT:
            return _of(Kind.OBJECT, f"{shown} returns an operation", node)
        return _of(Kind.TENSOR, f"result of {shown}", node) if _is_class_name(op) else None
    if tfops.single_by_argument(name, call):
        return _of(Kind.TENSOR, f"result of {shown}", node)
    items = tfops.tuple_items(name, call)
    if items is not None:
        reason = f"{shown} returns a tuple"
        return _of(Kind.PY_CONTAINER, reason, node, items=tuple(_item(code, shown, node) for code in items))
    if name in tfops.TUPLES:
        return UNKNOWN  # a tuple or one tensor, and the arguments do not say which
    if name in tfops.LISTS:
        element = _of(Kind.TENSOR, f"an item of {shown}, a Python list of tensors", node)
        return _of(Kind.PY_CONTAINER, f"{shown} returns a Python list", node, element=element)
    if name in tfops.PLAIN_LISTS:
        return _of(Kind.PY_CONTAINER, f"{shown} returns a Python list", node)
    shaped_by = tfops.STRUCTURE_OF_ARGUMENT.get(name)
    if shaped_by is not None:
        argument = tfops.argument(call, *shaped_by)
        if isinstance(argument, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in argument.elts):
            item = _of(Kind.TENSOR, f"an item of {shown}", node, nested=True)
            return _of(Kind.PY_CONTAINER, f"{shown} returns a {type(argument).__name__.lower()} like `{shaped_by[1]}`",
                       node, items=(item,) * len(argument.elts))
        if shaped_by[1] == "Tout" and isinstance(argument, ast.Attribute) and argument.attr in DTYPE_NAMES:
            return _of(Kind.TENSOR, f"result of {shown} (one `Tout` dtype)", node)
    if name in tfops.STRUCTURES:
        return _of(Kind.TENSOR, f"result of {shown}", node, nested=True)
    return None


def _item(code: str, shown: str, node: Optional[ast.AST]) -> Inference:
    if code == tfops.TENSOR_ITEM:
        return _of(Kind.TENSOR, f"an item of the tuple {shown} returns", node)
    if code == tfops.NESTED_ITEM:
        return _of(Kind.TENSOR, f"an item of the tuple {shown} returns", node, nested=True)
    if code == tfops.LIST_ITEM:
        element = _of(Kind.TENSOR, f"an item of a list {shown} returns", node)
        return _of(Kind.PY_CONTAINER, f"a list in the tuple {shown} returns", node, element=element)
    if code == tfops.DICT_ITEM:
        return _of(Kind.PY_CONTAINER, f"a dict in the tuple {shown} returns", node)
    return UNKNOWN


def tf_attribute_value(qualname: str, node: Optional[ast.AST] = None) -> Inference:
    """A TensorFlow name used as a value (not called): dtypes, modules, functions, classes."""
    last = qualname.rsplit(".", 1)[-1]
    if qualname.startswith(("tensorflow.dtypes.",)) or last in DTYPE_NAMES:
        return _of(Kind.OBJECT, f"`{qualname}` is a dtype", node, DTYPE)
    if last == "newaxis":
        return _of(Kind.OBJECT, "", node, NONE)
    return _of(Kind.OBJECT, f"`{qualname}` is a TensorFlow name", node, MODULE)


DTYPE_NAMES = frozenset(
    "float16 float32 float64 bfloat16 half double int8 int16 int32 int64 uint8 uint16 uint32 uint64 bool "
    "string complex64 complex128 qint8 quint8 qint32 resource variant".split()
)

# -- Python builtins -------------------------------------------------------------------------------

BUILTIN_NUMBER = frozenset({"len", "int", "float", "round", "id", "hash", "ord", "divmod", "pow"})
BUILTIN_BOOL = frozenset({"bool", "isinstance", "issubclass", "callable", "hasattr"})
BUILTIN_CONTAINER = frozenset(
    {"list", "tuple", "dict", "set", "frozenset", "sorted", "zip", "enumerate", "reversed", "map", "filter", "range"}
)
BUILTIN_STRING = frozenset({"str", "repr", "format", "chr", "ascii", "bin", "hex", "oct", "input"})

# Methods of tensors that do not return tensors.
TENSOR_METHOD_RESULTS: Dict[str, Inference] = {
    "numpy": _of(Kind.OBJECT, tag=NDARRAY),
    "get_shape": _of(Kind.OBJECT, tag=SHAPE),
    "ref": _of(Kind.OBJECT),
    "experimental_ref": _of(Kind.OBJECT),
    "set_shape": _of(Kind.OBJECT, tag=NONE),
    "eval": _of(Kind.OBJECT, tag=NDARRAY),
    "consumers": _of(Kind.PY_CONTAINER),
    "item": UNKNOWN,
    "tolist": _of(Kind.PY_CONTAINER),
    # No tensor has these: the value was a dict (a structure of tensors), so this is a Python view.
    "items": _of(Kind.PY_CONTAINER),
    "keys": _of(Kind.PY_CONTAINER),
}
# Methods of dicts, lists and strings that no tensor has: calling one says the receiver is not a tensor.
NOT_TENSOR_METHODS = frozenset(
    "items keys values get setdefault update append extend insert pop remove copy startswith endswith "
    "format join lower upper strip replace".split()
)
TENSOR_ATTRIBUTES: Dict[str, Inference] = {
    "ndim": _of(Kind.PY_NUMBER),
    "name": _of(Kind.OBJECT, tag=STRING),
    "device": _of(Kind.OBJECT, tag=STRING),
    "graph": _of(Kind.OBJECT),
    "op": _of(Kind.OBJECT),
    "trainable": _of(Kind.PY_BOOL),
}
SPARSE_TENSOR_PARTS = frozenset({"values", "indices", "dense_shape", "flat_values", "row_splits", "T"})
SHAPE_METHODS: Dict[str, Inference] = {
    "as_list": _of(Kind.PY_CONTAINER, tag=STATIC_DIMS, element=_of(Kind.PY_NUMBER, tag=STATIC_DIM)),
    "num_elements": _of(Kind.PY_NUMBER, tag=STATIC_DIM),
    "is_fully_defined": _of(Kind.PY_BOOL),
    "is_compatible_with": _of(Kind.PY_BOOL),
    "with_rank": _of(Kind.OBJECT, tag=SHAPE),
    "merge_with": _of(Kind.OBJECT, tag=SHAPE),
    "concatenate": _of(Kind.OBJECT, tag=SHAPE),
}
# Attributes every Keras layer and model has.
KERAS_OBJECT_ATTRIBUTES: Dict[str, Inference] = {
    "trainable_variables": _of(Kind.PY_CONTAINER, element=_of(Kind.TENSOR, tag=VARIABLE)),
    "trainable_weights": _of(Kind.PY_CONTAINER, element=_of(Kind.TENSOR, tag=VARIABLE)),
    "non_trainable_variables": _of(Kind.PY_CONTAINER, element=_of(Kind.TENSOR, tag=VARIABLE)),
    "variables": _of(Kind.PY_CONTAINER, element=_of(Kind.TENSOR, tag=VARIABLE)),
    "weights": _of(Kind.PY_CONTAINER, element=_of(Kind.TENSOR, tag=VARIABLE)),
    "losses": _of(Kind.PY_CONTAINER, element=_of(Kind.TENSOR)),
    "layers": _of(Kind.PY_CONTAINER, element=_of(Kind.OBJECT, tag=KERAS_LAYER)),
    "built": _of(Kind.PY_BOOL),
    "trainable": _of(Kind.PY_BOOL),
    "dtype": _of(Kind.OBJECT, tag=DTYPE),
    "compute_dtype": _of(Kind.OBJECT, tag=DTYPE),
    "name": _of(Kind.OBJECT, tag=STRING),
    "optimizer": _of(Kind.OBJECT),
    "compiled_loss": _of(Kind.OBJECT, tag=KERAS_LAYER),
    "compiled_metrics": _of(Kind.OBJECT),
    "metrics": _of(Kind.PY_CONTAINER, element=_of(Kind.OBJECT, tag=KERAS_LAYER)),
}
KERAS_METHOD_RESULTS: Dict[str, Inference] = {
    "predict": _of(Kind.OBJECT, tag=NDARRAY),
    "predict_on_batch": _of(Kind.OBJECT, tag=NDARRAY),
    "get_weights": _of(Kind.PY_CONTAINER, element=_of(Kind.OBJECT, tag=NDARRAY)),
    "fit": _of(Kind.OBJECT),
    "evaluate": UNKNOWN,
    "result": _of(Kind.TENSOR),
    "compute_loss": _of(Kind.TENSOR),
    "call": _of(Kind.TENSOR, nested=True),
    "add_weight": _of(Kind.TENSOR, tag=VARIABLE),
    "summary": _of(Kind.OBJECT, tag=NONE),
    "count_params": _of(Kind.PY_NUMBER),
}
TAPE_METHOD_RESULTS: Dict[str, Inference] = {
    "gradient": _of(Kind.TENSOR, nested=True),
    "jacobian": _of(Kind.TENSOR, nested=True),
    "batch_jacobian": _of(Kind.TENSOR),
}
# Annotations that name a tensor type.
TENSOR_ANNOTATIONS = frozenset(
    {
        "tensorflow.Tensor",
        "tensorflow.Variable",
        "tensorflow.SparseTensor",
        "tensorflow.RaggedTensor",
        "tensorflow.types.experimental.TensorLike",
        "tensorflow.experimental.numpy.ndarray",
    }
)
PY_ANNOTATIONS = {
    "int": Kind.PY_NUMBER,
    "float": Kind.PY_NUMBER,
    "complex": Kind.PY_NUMBER,
    "bool": Kind.PY_BOOL,
    "list": Kind.PY_CONTAINER,
    "dict": Kind.PY_CONTAINER,
    "tuple": Kind.PY_CONTAINER,
    "set": Kind.PY_CONTAINER,
    "List": Kind.PY_CONTAINER,
    "Dict": Kind.PY_CONTAINER,
    "Tuple": Kind.PY_CONTAINER,
    "Set": Kind.PY_CONTAINER,
    "Sequence": Kind.PY_CONTAINER,
    "Mapping": Kind.PY_CONTAINER,
    "str": Kind.OBJECT,
}
SPEC_NAMES = ("TensorSpec", "RaggedTensorSpec", "SparseTensorSpec", "BoundedTensorSpec")

_MAX_DEPTH = 24  # nested flow computations (call chains, closures) before giving up with UNKNOWN
_LOOP_PASSES = 3

def tensors_for(facts: ModuleFacts) -> "TensorAnalysis":
    """The module's tensor-ness analysis, created on first use and shared by every rule."""
    return facts.kept("_tensor_analysis", lambda: TensorAnalysis(facts))


def autograph_enabled(info: Optional[FunctionInfo], facts: ModuleFacts, settings=None) -> bool:
    """Does AutoGraph convert this traced function's Python control flow? False under
    `tf.function(autograph=False)` on the traced entry point, or `@tf.autograph.experimental.do_not_convert`
    on the function itself or on the function it is reached from; in a function a TensorFlow op calls as
    plain Python (`facts.unconverted`); and, given the settings, in a Keras 3 method and what it calls."""
    if info is None or info.graph is None:
        return True
    if _unconverted(info, facts, settings) is not None:
        return False
    for candidate in (info, info.graph.via, info.graph.origin):
        if candidate is not None and _do_not_convert(candidate, facts):
            return False
    origin = info.graph.origin
    uses = origin.applications
    for use in uses:
        value = use.keywords.get("autograph")
        if isinstance(value, ast.Constant) and value.value is False:
            return False
    return True


def _unconverted(info: Optional[FunctionInfo], facts: ModuleFacts, settings) -> Optional[Unconverted]:
    why = facts.unconverted(info)
    if why is None and settings is not None and info is not None and info.graph is not None:
        why = keras_3_unconverted(facts, settings).get(id(info))
    return why


def keras_3_unconverted(facts: ModuleFacts, settings) -> Dict[int, Unconverted]:
    """Keras 3 calls `call`, `train_step`, `test_step` and `predict_step` as plain Python, without AutoGraph
    conversion (TensorFlow 2.21, tests/oracle; Keras 2 converted `call`): the methods of classes whose base
    `keras_major` shows to be Keras 3, and what they run unconverted (`ModuleFacts.spread_unconverted`)."""
    targets = (getattr(settings, "target_keras", None), getattr(settings, "target_tensorflow", None))
    key = "_unconverted_keras_3:" + repr(targets)

    def find() -> Dict[int, Unconverted]:
        from .constructors import keras_3_evidence, keras_major

        found: Dict[int, Unconverted] = {}
        queue: List[FunctionInfo] = []
        for cls in facts.classes:
            if not cls.is_keras or cls.runs_eagerly:
                continue
            base = next((b for b in cls.node.bases if keras_major(b, facts, settings) == 3), None)
            if base is None:
                continue
            evidence = keras_3_evidence(base, facts, settings)
            for name in KERAS_TRACED_METHODS:
                info = cls.methods.get(name)
                graph = info.graph if info is not None else None
                if info is None or graph is None or graph.reason != "keras" or graph.origin is not info:
                    continue
                if info.decorator is not None or info.wrappers or _do_not_convert(info, facts):
                    continue
                found[id(info)] = Unconverted("", info, cls.name, keras=evidence)
                queue.append(info)
        return facts.spread_unconverted(found, queue)

    return facts.kept(key, find)


def autograph_off_text(info: Optional[FunctionInfo], facts: ModuleFacts, settings=None) -> str:
    """Why AutoGraph does not convert `info` (where `autograph_enabled` is False), as a clause for
    messages: "AutoGraph is off in `f` (...)"."""
    label = "this lambda" if info is None or info.name == "<lambda>" else f"`{info.name}`"
    why = _unconverted(info, facts, settings)
    if why is not None and why.keras:
        method = f"`{why.caller}.{why.entry.name}`"
        if why.entry is info:
            return (
                f"AutoGraph is off in {method}: Keras 3 calls it as plain Python, without AutoGraph conversion "
                f"(this is Keras 3: {why.keras})"
            )
        return (
            f"AutoGraph is off in {label}: it runs from {method}, which Keras 3 calls as plain Python, without "
            f"AutoGraph conversion (this is Keras 3: {why.keras})"
        )
    if why is None:
        if info is not None and info.graph is not None:
            if any(c is not None and _do_not_convert(c, facts) for c in (info, info.graph.via, info.graph.origin)):
                return f"AutoGraph is off in {label} (`do_not_convert`)"
            return f"AutoGraph is off in {label} (`autograph=False`)"
        return f"AutoGraph is off in {label} (`autograph=False` or `do_not_convert`)"
    caller = f"`{why.caller}`" if why.caller != "<lambda>" else "a lambda"
    if why.path is not None:
        caller += f" in `{why.path}`"
    if why.entry is info:
        return (
            f"AutoGraph is off in {label}: traced {caller} hands it to `{why.op}`, which calls it as plain "
            "Python, without AutoGraph conversion"
        )
    entry = why.entry.name if why.entry.name != "<lambda>" else "a lambda"
    return (
        f"AutoGraph is off in {label}: it runs from `{entry}`, which traced {caller} hands to `{why.op}`, "
        "and that op calls it as plain Python, without AutoGraph conversion"
    )


DO_NOT_CONVERT = ("tensorflow.autograph.experimental.do_not_convert", "tensorflow.autograph.do_not_convert")


def _do_not_convert(info: FunctionInfo, facts: ModuleFacts) -> bool:
    return facts.decorator_named(info, DO_NOT_CONVERT) is not None


class _Flow:
    """What one walk over a function body learned."""

    __slots__ = ("names", "snapshots", "returns", "done", "generator")

    def __init__(self) -> None:
        self.names: Dict[int, Inference] = {}  # id(Name node, Load) → what it holds there
        self.snapshots: Dict[int, Dict[str, Inference]] = {}  # id(nested def/lambda/class) → env at definition
        self.returns: List[Inference] = []
        self.done = False
        self.generator = False


class TensorAnalysis:
    """Answers "what does this expression hold?" for one module, lazily and with caches."""

    def __init__(self, facts: ModuleFacts):
        self.facts = facts
        # Final answers, and answers that depended on a computation still under way when they were made
        # (a cycle: a parameter inferred from a call site inside a function whose return value is being
        # inferred). The latter are kept only until the outermost question is answered, then recomputed
        # from the finished values when asked again.
        self._cache: Dict[tuple, object] = {}
        self._provisional: Dict[tuple, object] = {}
        self._active: Dict[tuple, int] = {}  # key → position in `_stack`
        self._stack: List[List] = []  # [key, tainted]
        self._partial_flows: Dict[int, _Flow] = {}
        self._class_indexes: Dict[int, Dict[str, List[Tuple[Optional[ast.expr], Optional[FunctionInfo]]]]] = {}
        self._results: Dict[int, Inference] = {}
        self._structures: Dict[int, Set[str]] = {}
        self._depth = 0
        self._analysis = None

    # -- public API ------------------------------------------------------------------------------

    def infer(self, expr: ast.AST, info: Optional[FunctionInfo]) -> Inference:
        """What `expr`, an expression inside `info` (None: module level), holds."""
        cached = self._results.get(id(expr))
        if cached is not None:
            return cached
        try:
            self._flow(info)
            result = self._eval(expr, info)
        except RecursionError:
            return UNKNOWN
        if not self._stack:
            self._results[id(expr)] = result
        return result

    def kind(self, expr: ast.AST, info: Optional[FunctionInfo]) -> Kind:
        return self.infer(expr, info).kind

    def is_tensor(self, expr: ast.AST, info: Optional[FunctionInfo]) -> bool:
        return self.infer(expr, info).kind is Kind.TENSOR

    def parameter(self, info: FunctionInfo, name: str) -> Inference:
        """What a parameter of `info` holds on entry."""
        return self._memo(("param", id(info.node), name), lambda: self._parameter(info, name), UNKNOWN)

    def returns(self, info: FunctionInfo) -> Inference:
        """What calling `info` returns (the join of its `return` values)."""
        return self._memo(("returns", id(info.node)), lambda: self._returns_of(info), UNKNOWN)

    def attribute(self, cls: ClassInfo, attr: str) -> Inference:
        """What `self.<attr>` holds in methods of `cls`: the join of every assignment in the class
        (placeholder `None`s and self-referencing updates such as `self.n = self.n + 1` left out)."""
        return self._memo(("attr", id(cls.node), attr), lambda: self._attribute(cls, attr), UNKNOWN)

    def describe(self, expr: ast.AST, info: Optional[FunctionInfo]) -> str:
        """"`loss` is a tensor (result of `tf.reduce_sum(...)`)" for messages and related information."""
        inference = self.infer(expr, info)
        text = f"`{source_text(expr)}` is a {inference.kind.value}"
        return f"{text} ({inference.reason})" if inference.reason else text

    # -- memoisation with cycles -----------------------------------------------------------------

    def _memo(self, key: tuple, compute: Callable[[], object], in_cycle: object) -> object:
        found = self._cache.get(key)
        if found is not None:
            return found
        found = self._provisional.get(key)
        if found is not None:
            return found
        position = self._active.get(key)
        if position is not None:
            # A cycle: everything asked since `key` started depends on its unfinished value.
            for entry in self._stack[position + 1 :]:
                entry[1] = True
            return in_cycle
        entry = [key, False]
        self._active[key] = len(self._stack)
        self._stack.append(entry)
        try:
            result = compute()
        finally:
            self._stack.pop()
            del self._active[key]
        (self._provisional if entry[1] else self._cache)[key] = result
        if not self._stack:
            self._provisional.clear()
        return result

    def _returns_of(self, info: FunctionInfo) -> Inference:
        flow = self._flow(info)
        if not flow.done:
            return UNKNOWN
        if flow.generator:
            return _of(Kind.OBJECT, f"`{info.name}` is a generator", info.node)
        if not flow.returns:
            return _of(Kind.OBJECT, f"`{info.name}` returns None", info.node, NONE)
        values = [r for r in flow.returns if r.tag != NONE] or flow.returns
        return join_all(values)

    # -- flows -----------------------------------------------------------------------------------

    def _flow(self, info: Optional[FunctionInfo]) -> _Flow:
        key = id(info.node) if info is not None else 0
        partial = self._partial_flows.get(key)
        if partial is not None and ("flow", key) in self._active:
            return self._memo(("flow", key), lambda: partial, partial)  # type: ignore[return-value]
        if self._depth >= _MAX_DEPTH and ("flow", key) not in self._cache:
            return _Flow()  # too deep: answer UNKNOWN here, without remembering it
        return self._memo(("flow", key), lambda: self._walk(info, key), None)  # type: ignore[return-value]

    def _walk(self, info: Optional[FunctionInfo], key: int) -> _Flow:
        flow = _Flow()
        self._partial_flows[key] = flow
        self._depth += 1
        try:
            _FlowWalker(self, info, flow).run()
        except RecursionError:
            flow.names.clear()
        finally:
            self._depth -= 1
            flow.done = True
            del self._partial_flows[key]
        return flow

    def _known_flow(self, key: int) -> Optional[_Flow]:
        """The flow of a function if it is walked or being walked, without starting a walk."""
        flow = self._partial_flows.get(key)
        if flow is not None:
            return flow
        found = self._cache.get(("flow", key)) or self._provisional.get(("flow", key))
        return found  # type: ignore[return-value]

    def _analysis_for(self):
        if self._analysis is None:
            from .analysis import analysis_for

            self._analysis = analysis_for(self.facts)
        return self._analysis

    # -- names -----------------------------------------------------------------------------------

    def is_builtin(self, name: str, info: Optional[FunctionInfo]) -> bool:
        return self._analysis_for().is_builtin(name, info)

    def free_name(self, name: str, info: Optional[FunctionInfo], node: Optional[ast.AST] = None) -> Inference:
        """A name not bound by the code seen so far in `info`: a closure variable, a global, a builtin."""
        if info is not None and self._analysis_for().is_local_name(name, info):
            return UNKNOWN
        child = info
        scope = info.parent if info is not None else None
        if info is not None and name in info.globals_declared:
            scope = None
            child = None
        while scope is not None:
            if name in scope.globals_declared:
                break
            flow = self._flow(scope)
            snapshot = flow.snapshots.get(id(child.node)) if child is not None else None
            if snapshot is not None and name in snapshot:
                return snapshot[name]
            if name in scope.locals:
                return UNKNOWN
            child, scope = scope, scope.parent
        return self._module_name(name, node)

    def _module_name(self, name: str, node: Optional[ast.AST]) -> Inference:
        return self._memo(("global", name), lambda: self._module_name_uncached(name), UNKNOWN)  # type: ignore[return-value]

    def _module_name_uncached(self, name: str) -> Inference:
        facts = self.facts
        if name in facts.module_classes:
            return _of(Kind.OBJECT, f"`{name}` is a class", facts.module_classes[name].node, CLASS)
        if name in facts.module_functions:
            return _of(Kind.OBJECT, f"`{name}` is a function", facts.module_functions[name].node, FUNCTION)
        qual = facts.imports.get(name)
        if qual is not None:
            if _is_tf_name(qual):
                return tf_attribute_value(qual)
            return _of(Kind.OBJECT, f"`{name}` is imported", None, MODULE)
        values = self._analysis_for().assignments(None).get(name)
        if values is None:
            if name in facts.imports:
                return _of(Kind.OBJECT, "", None, MODULE)
            return _of(Kind.OBJECT, f"`{name}` is a builtin", None, "builtin")
        inferred = [self.infer(v, None) if v is not None else UNKNOWN for v in values]
        for info in facts.functions:
            if name in info.globals_declared:
                for value in self._analysis_for().assignments(info).get(name, []):
                    # Augmented updates (`counter += 1`, value None here) keep the kind.
                    if value is not None and not _mentions_name(value, name):
                        inferred.append(self.infer_in_progress(value, info))
        meaningful = [v for v in inferred if v.tag != NONE] or inferred
        return join_all(meaningful)

    # -- parameters ------------------------------------------------------------------------------

    def _parameter(self, info: FunctionInfo, name: str) -> Inference:
        node = info.node
        args = node.args
        positional = args.posonlyargs + args.args
        bound = info.cls is not None and not _is_static(node)
        if bound and positional and positional[0].arg == name:
            if info.cls is not None and _is_classmethod(node):
                return _of(Kind.OBJECT, "", None, CLASS)
            return _of(Kind.OBJECT, "", None, SELF)
        if args.vararg is not None and args.vararg.arg == name:
            return _of(Kind.PY_CONTAINER, "`*args` is a tuple", args.vararg)
        if args.kwarg is not None and args.kwarg.arg == name:
            return _of(Kind.PY_CONTAINER, "`**kwargs` is a dict", args.kwarg)
        arg = next((a for a in positional + args.kwonlyargs if a.arg == name), None)
        if arg is None:
            return UNKNOWN
        plain = [a.arg for a in positional]
        if bound and plain:
            plain = plain[1:]
        signed = self._from_signature(info, name, plain)
        if signed is not None:
            return signed
        graph = info.graph
        if arg.annotation is not None:
            annotated = self._from_annotation(arg.annotation, info)
            if annotated is not None:
                if annotated.is_tensor and (name in self._structure_uses(info) or (
                    graph is not None and graph.origin is info and graph.reason in ("keras", "dataset")
                )):
                    # The body (or Keras, or tf.data) passes a structure: a tuple unpacked, `x[0]`, `len(x)`,
                    # an isinstance test. The annotation does not override what the code shows.
                    return replace(annotated, nested=True)
                return annotated
        if graph is not None and graph.origin is info:
            if graph.reason == "dataset":
                if self._not_given_by_dataset(info, name, plain, graph.site):
                    return UNKNOWN
                return _of(Kind.TENSOR, "elements of a tf.data dataset are tensors", graph.site, nested=True)
            if graph.reason == KERAS_LAMBDA and plain and name == plain[0]:
                return _of(Kind.TENSOR, "Keras passes the inputs of a `Lambda` layer to its function as tensors", arg,
                           nested=True)
            if graph.reason in (KERAS_LOSS, KERAS_LOSS_WEAK) and name in plain[:2]:
                return _of(Kind.TENSOR, "Keras calls a loss or metric with the targets and predictions as tensors", arg)
            if graph.reason == "keras" and plain and name == plain[0] and info.name in ("call", "train_step",
                                                                                       "test_step", "predict_step"):
                return _of(
                    Kind.TENSOR, f"Keras converts the inputs of `{info.name}` to tensors", arg, nested=True
                )
        if info.cls is not None and info.cls.is_keras and info.name == "build" and plain and name == plain[0]:
            return _of(Kind.OBJECT, "the input shape Keras passes to `build`", arg, SHAPE)
        if graph is not None and graph.external is not None and not info.callers:
            elsewhere = self._from_calls_elsewhere(info, name, plain)
            if elsewhere is not None:
                return elsewhere
        return self._from_call_sites(info, name, bound)

    def _not_given_by_dataset(self, info: FunctionInfo, name: str, plain: List[str], site: Optional[ast.AST]) -> bool:
        """tf.data passes an element's components positionally (`fn(*element)`): a keyword-only
        parameter, one with a default (given only when elements have that many components), or one a
        `functools.partial` binds (`ds.map(functools.partial(parse, training=True))`) does not get them."""
        args = info.node.args
        if name not in plain:
            return True
        positional = args.posonlyargs + args.args
        with_default = {a.arg for a in positional[len(positional) - len(args.defaults):]}
        if name in with_default:
            return True
        if not isinstance(site, ast.Call):
            # traced by a dataset in another module: a partial made there binds what this module cannot see
            link = self.facts.link
            calls = link.callers.get(info.qualname, ()) if link is not None else ()
            return any(c.makes_partial for c in calls)
        for value in list(site.args) + [k.value for k in site.keywords]:
            if isinstance(value, ast.Name):  # `fn = functools.partial(parse, ...)` then `ds.map(fn)`
                bound = [v for (_, local), v in self.facts.local_callables.items() if local == value.id]
                value = bound[0] if len(bound) == 1 else value
            if not (isinstance(value, ast.Call) and value.args and _callee_name(value).endswith("partial")):
                continue
            parts = dotted_parts(value.args[0])
            if parts is None or parts[-1] != info.name:
                continue
            if any(k.arg == name for k in value.keywords) or plain.index(name) < len(value.args) - 1:
                return True
        return False

    def _from_calls_elsewhere(self, info: FunctionInfo, name: str, plain: List[str]) -> Optional[Inference]:
        """A tensor when every traced call of `info` in other modules passes one for `name` (their
        modules' tensor analysis says so, through the project index)."""
        link = self.facts.link
        calls = [c for c in (link.callers.get(info.qualname, ()) if link is not None else ()) if c.traced]
        calls = [c for c in calls if not c.makes_partial]
        # a reference counts only where the project index saw what it is called with (`tf.map_fn`)
        if not calls or any(c.reference and not c.tensor_args for c in calls):
            return None
        position = str(plain.index(name)) if name in plain else None
        given = []
        for c in calls:
            if name in c.tensor_args or (position is not None and position in c.tensor_args):
                given.append(False)
            elif position is not None and position + NESTED_MARK in c.tensor_args:
                given.append(True)  # a slice `tf.map_fn` passes: a tensor or a structure of them
            else:
                return None
        where = calls[0].place.path
        return _of(Kind.TENSOR, f"its traced callers pass a tensor (`{where}`)", None, nested=any(given))

    def _from_signature(self, info: FunctionInfo, name: str, plain: List[str]) -> Optional[Inference]:
        uses = info.applications
        for use in uses:
            spec = use.keywords.get("input_signature")
            if spec is None or name not in plain:
                continue
            index = plain.index(name)
            if isinstance(spec, (ast.List, ast.Tuple)):
                if index >= len(spec.elts) or any(isinstance(e, ast.Starred) for e in spec.elts[: index + 1]):
                    return None
                element = spec.elts[index]
                nested = not (isinstance(element, ast.Call) and _callee_name(element).endswith(SPEC_NAMES))
                return _of(Kind.TENSOR, "its `input_signature` spec makes it a tensor", element, nested=nested)
            return _of(Kind.TENSOR, "the `input_signature` makes every argument a tensor", spec, nested=True)
        return None

    def _from_annotation(self, annotation: ast.expr, info: FunctionInfo) -> Optional[Inference]:
        target = annotation.value if isinstance(annotation, ast.Subscript) else annotation
        qual = self.facts.qualname(target, info.parent)
        # Annotations are hints that real code often contradicts (a `tf.Tensor` annotation on inputs that
        # are tuples, an `int` that receives a tensor): weak evidence.
        if qual in TENSOR_ANNOTATIONS:
            return _of(Kind.TENSOR, f"annotated `{source_text(annotation)}`", annotation, strength=Strength.WEAK)
        parts = dotted_parts(target)
        if parts is not None and parts[-1] in PY_ANNOTATIONS and (qual is None or qual.startswith("typing.")):
            return _of(PY_ANNOTATIONS[parts[-1]], f"annotated `{source_text(annotation)}`", annotation,
                       strength=Strength.WEAK)
        return None

    def _structure_uses(self, info: FunctionInfo) -> Set[str]:
        """Names the function's body uses as a Python structure: unpacks (`a, b = x`), indexes with a
        literal (`x[0]`, `x["ids"]`), measures (`len(x)`), tests (`isinstance(x, ...)`), or reads as a
        dict (`x.get(...)`, `x.items()`)."""
        key = id(info.node)
        found = self._structures.get(key)
        if found is not None:
            return found
        found = set()
        for node in walk_nodes(info.node):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
                index = node.slice
                if isinstance(index, ast.Constant) and isinstance(index.value, (int, str)):
                    found.add(node.value.id)
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in ("len", "isinstance") and node.args:
                    if isinstance(node.args[0], ast.Name):
                        found.add(node.args[0].id)
                elif isinstance(func, ast.Attribute) and func.attr in ("get", "items", "keys", "values"):
                    if isinstance(func.value, ast.Name):
                        found.add(func.value.id)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
                if any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets):
                    found.add(node.value.id)
        self._structures[key] = found
        return found

    def _from_call_sites(self, info: FunctionInfo, name: str, bound: bool) -> Inference:
        sites = info.callers
        if not sites:
            return UNKNOWN
        analysis = self._analysis_for()
        node = info.node
        defaults = _defaults(node)
        found: List[Inference] = []
        mapped_fns = set()
        for site in sites:
            if site.is_reference:
                value = self._from_mapping_op(site, info, name, bound)
                if value is None and not _is_partial_of(site.node, info, self.facts, site.caller):
                    return UNKNOWN
                if value is not None:
                    mapped_fns.add(id(value.node))
        for site in sites:
            call = site.node
            if site.is_reference:
                if _is_partial_of(call, info, self.facts, site.caller):
                    # `functools.partial(f, ...)` only makes the callable: it counts where it is called,
                    # and only a mapping op that is given it maps its parameters
                    if id(call) not in mapped_fns:
                        return UNKNOWN
                    continue
                found.append(self._from_mapping_op(site, info, name, bound))  # type: ignore[arg-type]
                continue
            if self._callable_alias(call.func, site.caller) is not None:
                return UNKNOWN  # `fn = functools.partial(f, ...)` then `fn(x)`: the arguments shift
            bound_here = bound and analysis.bound_call(call, info)
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return UNKNOWN
            positional, _, vararg, _ = analysis.parameters(info, bound_here)
            if len(call.args) > len(positional) and vararg is None:
                return UNKNOWN  # the call does not fit the signature: no binding to build evidence on
            mapped = [expr for param, expr in analysis.map_arguments(call, info, bound_here) if param == name]
            if mapped:
                value = self.infer_in_progress(mapped[0], site.caller)
                if value.is_tensor:
                    value = replace(value, reason="every call in this file passes a tensor", node=mapped[0])
                found.append(value)
            elif name in defaults:
                found.append(self.infer_in_progress(defaults[name], info.parent))
            else:
                return UNKNOWN
            if found[-1].kind is Kind.UNKNOWN:
                return UNKNOWN
        meaningful = [v for v in found if v.tag != NONE] or found
        return join_all(meaningful)

    def _from_mapping_op(self, site, info: FunctionInfo, name: str, bound: bool) -> Optional[Inference]:
        """`tf.map_fn(fn, elems)` (also `tf.vectorized_map`, `tf.scan`, `tf.foldl`, `tf.foldr`) calls `fn`
        with slices of `elems` (and an accumulator) that are always tensors, or structures of them: the
        parameters they bind, after those a `functools.partial` binds, are tensors. None for any other
        reference (the function passed elsewhere: its arguments are not known)."""
        call = site.node
        arity = MAPPING_OPS.get(self.facts.qualname(call.func, site.caller) or "")
        if arity is None:
            return None
        fn = call.args[0] if call.args else _keyword(call, "fn")
        if fn is None:
            return None
        cls = self.facts.enclosing_class(site.caller)
        if self.facts.resolve_callable(fn, site.caller, cls)[0] is not info:
            return None
        fn = self._callable_alias(fn, site.caller) or fn
        given: Set[str] = set()
        skip = 0
        target = fn
        if isinstance(fn, ast.Call):  # `functools.partial(f, *args, **keywords)`
            if not _is_partial_of(fn, info, self.facts, site.caller):
                return None  # a factory's product (`make_fn(cfg)`): what it binds is not known here
            if any(isinstance(a, ast.Starred) for a in fn.args) or any(k.arg is None for k in fn.keywords):
                return None
            target = fn.args[0]
            skip = len(fn.args) - 1
            given = {k.arg for k in fn.keywords if k.arg is not None}
        elif not isinstance(fn, (ast.Name, ast.Attribute, ast.Lambda)):
            return None
        # `self.fn` passes the receiver, as a call `self.fn(...)` would
        receiver_bound = bound and self._analysis_for().bound_call(ast.Call(func=target, args=[], keywords=[]), info)
        positional, _, _, _ = self._analysis_for().parameters(info, receiver_bound)
        mapped = positional[skip : skip + arity]
        if name in given or any(p in given for p in mapped):
            return None
        if name not in mapped:
            return None  # a parameter the op does not pass: its default, unknown here
        elems = call.args[1] if len(call.args) > 1 else _keyword(call, "elems")
        # the slice (the last parameter the op passes) of one tensor is one tensor; a scan's accumulator is
        # the initializer's structure
        plain = elems is not None and name == mapped[-1] and self.infer_in_progress(elems, site.caller).plain_tensor
        op = source_text(call.func)
        # the node is the function as given (the partial, for `_from_call_sites` to pair its creation)
        return _of(Kind.TENSOR, f"`{op}` passes its function slices of tensors", fn, nested=not plain)

    def _callable_alias(self, expr: ast.AST, scope: Optional[FunctionInfo]) -> Optional[ast.expr]:
        """The callable a local name is bound to (`fn = functools.partial(f, ...)`, `fn = lambda ...`)."""
        if not isinstance(expr, ast.Name):
            return None
        s = scope
        while s is not None:
            if expr.id in s.locals and expr.id not in s.globals_declared:
                return self.facts.local_callables.get((id(s), expr.id))
            s = s.parent
        return None

    def infer_in_progress(self, expr: ast.AST, info: Optional[FunctionInfo]) -> Inference:
        """`infer` that tolerates the function's own walk being under way (reads what it has seen)."""
        try:
            self._flow(info)
            return self._eval(expr, info)
        except RecursionError:
            return UNKNOWN

    # -- attributes of self ----------------------------------------------------------------------

    def _attribute(self, cls: ClassInfo, attr: str) -> Inference:
        values: List[Inference] = []
        for value, owner in self._class_index(cls).get(attr, ()):
            values.append(self.infer_in_progress(value, owner) if value is not None else UNKNOWN)
        if not values:
            if cls.is_keras and attr in KERAS_OBJECT_ATTRIBUTES:
                return replace(KERAS_OBJECT_ATTRIBUTES[attr], reason=f"`{attr}` of a Keras object")
            method = cls.methods.get(attr)
            if method is not None:
                return _of(Kind.OBJECT, "", method.node, FUNCTION)
            return UNKNOWN
        meaningful = [v for v in values if v.tag != NONE] or values
        return join_all(meaningful)

    def _class_index(self, cls: ClassInfo) -> Dict[str, List[Tuple[Optional[ast.expr], Optional[FunctionInfo]]]]:
        """attribute → (assigned value, function it is assigned in) over the class body and its methods.
        Self-referencing updates (`self.n = self.n + 1`) are left out: they keep the kind."""
        found = self._class_indexes.get(id(cls.node))
        if found is not None:
            return found
        index: Dict[str, List[Tuple[Optional[ast.expr], Optional[FunctionInfo]]]] = {}
        for stmt in cls.node.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        index.setdefault(target.id, []).append((stmt.value, cls.parent_function))
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name):
                index.setdefault(stmt.target.id, []).append((stmt.value, cls.parent_function))
        for method in cls.methods.values():
            node = method.node
            if isinstance(node, ast.Lambda) or not node.args.args or _is_static(node):
                continue
            for name, value, owner_node in self_attribute_writes(node):
                owner = self.facts.function_of(owner_node) if owner_node is not node else method
                index.setdefault(name, []).append((value, owner or method))
        self._class_indexes[id(cls.node)] = index
        return index

    # -- expressions -----------------------------------------------------------------------------

    def _eval(self, node: ast.AST, info: Optional[FunctionInfo]) -> Inference:
        method = _EVALUATORS.get(type(node))
        if method is None:
            return UNKNOWN
        return method(self, node, info)

    def _name(self, node: ast.Name, info) -> Inference:
        flow = self._known_flow(id(info.node) if info is not None else 0)
        if flow is not None:
            found = flow.names.get(id(node))
            if found is not None:
                return found
        return self.free_name(node.id, info, node)

    def _constant(self, node: ast.Constant, info) -> Inference:
        value = node.value
        if isinstance(value, bool):
            return _of(Kind.PY_BOOL, "a literal", node)
        if isinstance(value, (int, float, complex)):
            return _of(Kind.PY_NUMBER, "a literal", node)
        if value is None:
            return _of(Kind.OBJECT, "", node, NONE)
        if isinstance(value, (str, bytes)):
            return _of(Kind.OBJECT, "", node, STRING)
        return _of(Kind.OBJECT, "", node)

    def _sequence(self, node, info) -> Inference:
        items = tuple(self._eval(e, info) if not isinstance(e, ast.Starred) else UNKNOWN for e in node.elts)
        element = join_all(items) if items else None
        return _of(
            Kind.PY_CONTAINER,
            "a literal",
            node,
            items=None if isinstance(node, ast.Set) or any(isinstance(e, ast.Starred) for e in node.elts) else items,
            element=element if element is not None and element.known else None,
        )

    def _dict(self, node: ast.Dict, info) -> Inference:
        values = [self._eval(v, info) for v in node.values]
        element = join_all(values) if values else None
        return _of(Kind.PY_CONTAINER, "a literal", node, element=element if element and element.known else None)

    def _comprehension(self, node, info) -> Inference:
        if isinstance(node, ast.GeneratorExp):
            return _of(Kind.OBJECT, "a generator", node)
        elt = node.value if isinstance(node, ast.DictComp) else node.elt
        element = self._eval(elt, info)
        return _of(Kind.PY_CONTAINER, "a comprehension", node, element=element if element.known else None)

    def _joined_str(self, node, info) -> Inference:
        return _of(Kind.OBJECT, "", node, STRING)

    def _lambda(self, node, info) -> Inference:
        return _of(Kind.OBJECT, "", node, FUNCTION)

    def _named_expr(self, node: ast.NamedExpr, info) -> Inference:
        return self._eval(node.value, info)

    def _starred(self, node: ast.Starred, info) -> Inference:
        return UNKNOWN

    def _if_exp(self, node: ast.IfExp, info) -> Inference:
        body = self._eval(node.body, info)
        orelse = self._eval(node.orelse, info)
        if body.tag == NONE:
            return orelse if orelse.tag != NONE else body
        if orelse.tag == NONE:
            return body
        return join(body, orelse)

    def _unary(self, node: ast.UnaryOp, info) -> Inference:
        operand = self._eval(node.operand, info)
        if isinstance(node.op, ast.Not):
            if operand.is_tensor:
                return replace(operand, tag=None, nested=False)  # AutoGraph turns `not t` into tf.logical_not
            return _of(Kind.PY_BOOL, "", node) if operand.known else UNKNOWN
        if operand.kind in (Kind.TENSOR, Kind.PY_NUMBER):
            return replace(operand, tag=operand.tag if operand.tag == STATIC_DIM else None, items=None, element=None)
        if operand.kind is Kind.PY_BOOL:
            return _of(Kind.PY_NUMBER, "", node)
        return UNKNOWN

    def _binop(self, node: ast.BinOp, info) -> Inference:
        return binary(self._eval(node.left, info), self._eval(node.right, info), node.op, node)

    def _bool_op(self, node: ast.BoolOp, info) -> Inference:
        values = [self._eval(v, info) for v in node.values]
        tensors = [v for v in values if v.is_tensor]
        if tensors and len(tensors) == len(values):
            return replace(tensors[0], tag=None, nested=False)
        if all(v.kind is Kind.PY_BOOL for v in values):
            return _of(Kind.PY_BOOL, "", node)
        return UNKNOWN

    def _compare(self, node: ast.Compare, info) -> Inference:
        if all(isinstance(op, (ast.Is, ast.IsNot, ast.In, ast.NotIn)) for op in node.ops):
            return _of(Kind.PY_BOOL, "", node)
        operands = [self._eval(node.left, info)] + [self._eval(c, info) for c in node.comparators]
        tensor = next((o for o in operands if o.is_tensor), None)
        if tensor is not None and len(operands) == 2:
            return _tensor_from(tensor, f"comparison with a tensor ({tensor.reason})" if tensor.reason else "")
        if all(o.kind in (Kind.PY_NUMBER, Kind.PY_BOOL) for o in operands):
            return _of(Kind.PY_BOOL, "", node)
        if all(o.known and not o.is_tensor for o in operands) and all(o.tag != NDARRAY for o in operands):
            return _of(Kind.PY_BOOL, "", node)
        return UNKNOWN

    def _subscript(self, node: ast.Subscript, info) -> Inference:
        value = self._eval(node.value, info)
        index = node.slice
        if isinstance(index, ast.Index):  # pragma: no cover - Python 3.8 trees
            index = index.value  # type: ignore[attr-defined]
        is_slice = isinstance(index, ast.Slice)
        if value.is_tensor:
            return _tensor_from(value, nested=value.nested)
        if value.tag == SHAPE:
            if is_slice:
                return _of(Kind.OBJECT, "a slice of a static shape", node, SHAPE)
            return _of(Kind.PY_NUMBER, "a static dimension (an int, or None when unknown while tracing)", node, STATIC_DIM)
        if value.tag == STATIC_DIMS and not is_slice:
            return _of(Kind.PY_NUMBER, "a static dimension (an int, or None when unknown while tracing)", node, STATIC_DIM)
        if value.kind is Kind.PY_CONTAINER:
            if is_slice:
                return replace(value, items=None, node=node)
            if value.items is not None and isinstance(index, ast.Constant) and isinstance(index.value, int):
                if -len(value.items) <= index.value < len(value.items):
                    return value.items[index.value]
            if value.element is not None:
                return value.element
        return UNKNOWN

    def _attribute_expr(self, node: ast.Attribute, info) -> Inference:
        attr = node.attr
        qual = self.facts.qualname(node, info)
        if qual is not None and _is_tf_name(qual):
            return tf_attribute_value(qual, node)
        if qual is not None:
            if qual.startswith("numpy.") or qual.startswith("math."):
                if attr in ("pi", "e", "inf", "nan", "tau", "euler_gamma"):
                    return _of(Kind.PY_NUMBER, "", node)
                return _of(Kind.OBJECT, "", node, DTYPE if attr in DTYPE_NAMES or attr.startswith(("float", "int")) else MODULE)
            return _of(Kind.OBJECT, "", node, MODULE)
        if attr == "shape":
            return _of(Kind.OBJECT, "a static shape", node, SHAPE)
        if attr == "dtype":
            return _of(Kind.OBJECT, "a dtype", node, DTYPE)
        receiver_node = node.value
        receiver = self._eval(receiver_node, info)
        if receiver.tag == SHAPE:
            if attr in ("rank", "ndims"):
                return _of(Kind.PY_NUMBER, "the static rank", node)
            if attr == "dims":
                return _of(Kind.PY_CONTAINER, "", node, STATIC_DIMS)
            return UNKNOWN
        if receiver.tag == STATIC_DIM and attr == "value":
            return receiver
        if receiver.is_tensor and not receiver.nested:
            if attr in TENSOR_ATTRIBUTES:
                return replace(TENSOR_ATTRIBUTES[attr], node=node)
            if attr in SPARSE_TENSOR_PARTS:
                return _tensor_from(receiver)
            return UNKNOWN
        if receiver.tag == SELF:
            cls = self.facts.enclosing_class(info)
            if cls is not None:
                found = self.attribute(cls, attr)
                if found.known:
                    return found if found.node is not None else replace(found, node=node)
            return UNKNOWN
        if receiver.tag in KERAS_CALLABLE and attr in KERAS_OBJECT_ATTRIBUTES:
            return replace(KERAS_OBJECT_ATTRIBUTES[attr], reason=f"`{attr}` of a Keras object", node=node)
        return UNKNOWN

    def _call(self, node: ast.Call, info) -> Inference:
        func = node.func
        facts = self.facts
        if isinstance(func, ast.Name) and self.is_builtin(func.id, info):
            return self._builtin_call(func.id, node, info)
        qual = facts.qualname(func, info)
        if qual is not None:
            if _is_tf_name(qual):
                result = tf_call_result(qual, node)
                if result.weak and _own_package(facts, qual):
                    # a guess from TensorFlow's published namespaces (`tf.keras.backend.*` mostly returns
                    # tensors) says nothing of a project that is the `tensorflow` package itself: the call
                    # is of its own code (`backend.unique_object_name(...)` returns a name)
                    return UNKNOWN
                return result
            if qual.startswith("numpy."):
                return _of(Kind.OBJECT, f"result of `{source_text(node)}`", node, NDARRAY)
            root = qual.split(".", 1)[0]
            if root in FOREIGN_TENSOR_MODULES:
                return _of(Kind.OBJECT, f"`{source_text(func)}` is a function of `{root}`, not TensorFlow", node, FOREIGN_TENSOR)
            if (qual.startswith("math.") and not qual.startswith("math.is")) or qual in CLOCK_NUMBER_CALLS:
                return _of(Kind.PY_NUMBER, f"result of `{source_text(node)}`", node)
            external = facts.link.function(qual) if facts.link is not None else None
            if external is not None and external.returns_tensor:
                return _of(Kind.TENSOR, f"`{external.shown_name}` returns a tensor (`{external.place.path}`)", node)
            return UNKNOWN
        target, use = facts.resolve_callable(func, info, facts.enclosing_class(info))
        if target is not None:
            result = self.returns(target)
            if result.is_tensor:
                return replace(result, reason=f"`{target.name}` returns a tensor ({result.reason})"
                               if result.reason else f"`{target.name}` returns a tensor")
            return result if use is None else UNKNOWN
        if isinstance(func, ast.Name) and func.id in facts.module_classes and not rebound(func.id, info):
            return self._instance(facts.module_classes[func.id], node)
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "super":
            return UNKNOWN
        if isinstance(func, ast.Attribute) and _is_super_call(func.value):
            cls = facts.enclosing_class(info)
            if cls is not None and cls.is_keras and func.attr in ("call", "__call__"):
                return _of(Kind.TENSOR, "result of the Keras base class `call`", node, nested=True)
            return UNKNOWN
        callee = self._eval(func, info)
        if callee.tag in KERAS_CALLABLE:
            return _of(Kind.TENSOR, f"result of calling the Keras object `{source_text(func)}`", node, nested=True)
        if callee.tag == SELF:
            cls = facts.enclosing_class(info)
            if cls is not None and cls.is_keras:
                return _of(Kind.TENSOR, "result of calling the Keras model itself", node, nested=True)
            call_method = cls.methods.get("__call__") if cls is not None else None
            return self.returns(call_method) if call_method is not None else UNKNOWN
        if callee.tag == CLASS and isinstance(callee.node, ast.ClassDef):
            found = next((c for c in facts.classes if c.node is callee.node), None)
            if found is not None:
                return self._instance(found, node)
        if isinstance(func, ast.Attribute):
            receiver = self._eval(func.value, info)
            return self._method(receiver, func.attr, node)
        return UNKNOWN

    def _instance(self, cls: ClassInfo, node: ast.AST) -> Inference:
        if cls.is_keras:
            if self._is_keras_model_class(cls, set()):
                return _of(Kind.OBJECT, f"`{cls.name}(...)` builds a Keras model", node, KERAS_MODEL)
            return _of(Kind.OBJECT, f"`{cls.name}(...)` builds a Keras layer", node, KERAS_LAYER)
        return _of(Kind.OBJECT, f"an instance of `{cls.name}`", node, "instance:" + cls.name)

    def _is_keras_model_class(self, cls: ClassInfo, seen: Set[int]) -> bool:
        if id(cls) in seen:
            return False
        seen.add(id(cls))
        for base in cls.node.bases:
            qual = self.facts.qualname(base, cls.parent_function)
            if qual is not None:
                last = qual.rsplit(".", 1)[-1]
                if qual.startswith("tensorflow.keras.") and last in KERAS_MODEL_BASES:
                    return True
            elif isinstance(base, ast.Name) and base.id in self.facts.module_classes:
                if self._is_keras_model_class(self.facts.module_classes[base.id], seen):
                    return True
        return False

    def _builtin_call(self, name: str, node: ast.Call, info) -> Inference:
        args = [self._eval(a, info) for a in node.args if not isinstance(a, ast.Starred)]
        if name in ("max", "min"):
            tensor = next((a for a in args if a.is_tensor), None)
            if tensor is not None:
                return _tensor_from(tensor)
            if args and all(a.kind is Kind.PY_NUMBER for a in args):
                return _of(Kind.PY_NUMBER, "", node, STATIC_DIM if any(a.tag == STATIC_DIM for a in args) else None)
            if len(args) == 1 and args[0].element is not None:
                return args[0].element
            return UNKNOWN
        if name == "abs" and args:
            return args[0] if args[0].kind in (Kind.TENSOR, Kind.PY_NUMBER) else UNKNOWN
        if name == "sum":
            if args and args[0].element is not None and args[0].element.is_tensor:
                return _tensor_from(args[0].element, "sum of tensors", node)
            return UNKNOWN
        if name in ("any", "all"):
            return _of(Kind.PY_BOOL, "", node) if not (args and args[0].is_tensor) else UNKNOWN
        if name == "len":
            return _of(Kind.PY_NUMBER, f"result of `{source_text(node)}`", node,
                       STATIC_DIM if args and (args[0].is_tensor or args[0].tag == SHAPE) else None)
        if name in BUILTIN_NUMBER:
            return _of(Kind.PY_NUMBER, f"result of `{source_text(node)}`", node)
        if name in BUILTIN_BOOL:
            return _of(Kind.PY_BOOL, f"result of `{source_text(node)}`", node)
        if name in BUILTIN_STRING:
            return _of(Kind.OBJECT, "", node, STRING)
        if name == "range":
            return _of(Kind.PY_CONTAINER, "", node, RANGE, element=_of(Kind.PY_NUMBER, "a `range` item", node))
        if name == "enumerate" and args:
            item = _of(Kind.PY_CONTAINER, "", node, items=(_of(Kind.PY_NUMBER, "", node), element_of(args[0])))
            return _of(Kind.PY_CONTAINER, "", node, element=item)
        if name == "zip" and args:
            item = _of(Kind.PY_CONTAINER, "", node, items=tuple(element_of(a) for a in args))
            return _of(Kind.PY_CONTAINER, "", node, element=item)
        if name in ("list", "tuple", "sorted", "reversed", "set", "frozenset") and args:
            element = element_of(args[0])
            return _of(Kind.PY_CONTAINER, "", node, element=element if element.known else None)
        if name in BUILTIN_CONTAINER:
            return _of(Kind.PY_CONTAINER, "", node)
        if name == "iter" and args:
            return _of(Kind.OBJECT, "", node, "iterator", element=element_of(args[0]))
        if name == "next" and args:
            return args[0].element if args[0].element is not None else UNKNOWN
        if name in ("print", "setattr", "delattr", "exec"):
            return _of(Kind.OBJECT, "", node, NONE)
        if name in ("open", "type", "object", "vars", "globals", "locals", "dir"):
            return _of(Kind.OBJECT, "", node)
        return UNKNOWN

    def _method(self, receiver: Inference, attr: str, node: ast.Call) -> Inference:
        if attr in FOREIGN_TENSOR_METHODS:
            return _of(Kind.OBJECT, f"`.{attr}()` is not a TensorFlow tensor method (PyTorch has it)", node, FOREIGN_TENSOR)
        if receiver.tag == FOREIGN_TENSOR:
            # `x.detach().cpu()`, `.to(device)`, `.numpy()`: that framework's methods
            return _of(Kind.OBJECT, receiver.reason, node, NDARRAY if attr == "numpy" else FOREIGN_TENSOR)
        if receiver.is_tensor and not receiver.nested:
            if attr in NOT_TENSOR_METHODS:
                return UNKNOWN  # no tensor has it: the receiver is something else here
            found = TENSOR_METHOD_RESULTS.get(attr)
            if found is not None:
                return replace(found, node=node, strength=receiver.strength)
            return _tensor_from(receiver)
        if receiver.tag == SHAPE:
            found = SHAPE_METHODS.get(attr)
            return replace(found, node=node) if found is not None else UNKNOWN
        if receiver.tag in KERAS_CALLABLE:
            found = KERAS_METHOD_RESULTS.get(attr)
            if found is not None:
                return replace(found, reason=f"result of `{source_text(node)}`", node=node)
            return UNKNOWN
        if receiver.tag == GRADIENT_TAPE:
            found = TAPE_METHOD_RESULTS.get(attr)
            if found is not None:
                return replace(found, reason=f"result of `{source_text(node)}`", node=node)
            return UNKNOWN
        if receiver.tag == DATASET:
            return _of(Kind.OBJECT, "", node, DATASET)
        if receiver.tag == NDARRAY and attr in ("tolist",):
            return _of(Kind.PY_CONTAINER, "", node)
        if receiver.kind is Kind.PY_CONTAINER and attr in ("pop", "get", "setdefault") and receiver.element is not None:
            return receiver.element
        if receiver.kind is Kind.PY_CONTAINER and attr in ("keys", "values", "items", "copy"):
            return _of(Kind.PY_CONTAINER, "", node, element=receiver.element if attr in ("values", "copy") else None)
        if receiver.tag == SELF:
            return UNKNOWN
        return UNKNOWN


# Marks a position in `ExternalCall.tensor_args` that gets a tensor or a structure of tensors ("0*").
NESTED_MARK = "*"

# Ops that call their function with slices of tensors: qualname → how many parameters they pass
# (`map_fn(fn, elems)`: an element; `scan(fn, elems)`: the accumulator and an element).
MAPPING_OPS: Dict[str, int] = {}
for _prefix in ("tensorflow.", "tensorflow.compat.v1."):
    MAPPING_OPS.update({_prefix + "map_fn": 1, _prefix + "vectorized_map": 1})
    MAPPING_OPS.update({_prefix + "scan": 2, _prefix + "foldl": 2, _prefix + "foldr": 2})


def _is_partial_of(call: ast.Call, info: FunctionInfo, facts: ModuleFacts, scope: Optional[FunctionInfo]) -> bool:
    """`call` is `functools.partial(<info>, ...)`."""
    if not call.args or facts.qualname(call.func, scope) != "functools.partial":
        return False
    cls = facts.enclosing_class(scope)
    return facts.resolve_callable(call.args[0], scope, cls)[0] is info


def _keyword(call: ast.Call, name: str) -> Optional[ast.expr]:
    return next((k.value for k in call.keywords if k.arg == name), None)


def element_of(container: Inference) -> Inference:
    """What iterating `container` gives."""
    if container.element is not None:
        return container.element
    if container.items:
        return join_all(container.items)
    if container.is_tensor:
        return _tensor_from(container, nested=container.nested)
    if container.tag == SHAPE:
        return _of(Kind.PY_NUMBER, "a static dimension", container.node, STATIC_DIM)
    if container.tag == DATASET:
        return _of(Kind.TENSOR, "elements of a tf.data dataset are tensors", container.node, nested=True)
    return UNKNOWN


def binary(left: Inference, right: Inference, op: ast.operator, node: ast.AST) -> Inference:
    """Arithmetic: a tensor operand makes a tensor (TF overloads every operator), numbers stay numbers."""
    if left.tag == STRING and isinstance(op, ast.Mod):
        return _of(Kind.OBJECT, "", node, STRING)
    tensors = [o for o in (left, right) if o.is_tensor and not o.nested]
    if tensors:
        source = min(tensors, key=lambda o: o.weak)  # the stronger evidence
        if source.tag == VARIABLE:
            return _tensor_from(source, "arithmetic on a variable reads it into a tensor")
        return _tensor_from(source)
    structure = next((o for o in (left, right) if o.is_tensor), None)
    if structure is not None and _only_a_tensor_takes(op, right if structure is left else left, node, structure is left):
        # the structure's own evidence, and the operator that only a tensor supports
        reason = f"{structure.reason}, in arithmetic only a tensor supports" if structure.reason else ""
        return _tensor_from(structure, reason)
    if left.kind in (Kind.PY_NUMBER, Kind.PY_BOOL) and right.kind in (Kind.PY_NUMBER, Kind.PY_BOOL):
        tag = STATIC_DIM if STATIC_DIM in (left.tag, right.tag) else None
        return _of(Kind.PY_NUMBER, left.reason or right.reason, node, tag)
    if left.kind is Kind.PY_CONTAINER and right.kind is Kind.PY_CONTAINER and isinstance(op, ast.Add):
        element = join(left.element, right.element) if left.element and right.element else None
        return _of(Kind.PY_CONTAINER, "", node, element=element if element and element.known else None)
    if left.tag == STRING or right.tag == STRING:
        return _of(Kind.OBJECT, "", node, STRING) if isinstance(op, (ast.Add, ast.Mult)) else UNKNOWN
    return UNKNOWN


# A list, tuple or dict supports none of these: arithmetic with one shows a value that may be a structure of
# tensors (a Keras model's output, a dataset element) is one tensor. `+`/`*` also work on sequences, and
# `|`/`&`/`^` on dicts and sets, so they say so only with an operand no sequence takes.
_NO_SEQUENCE_OPS = (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow, ast.MatMult, ast.Mod)


def _only_a_tensor_takes(op: ast.operator, other: Inference, node: ast.AST, structure_left: bool) -> bool:
    """Whether `structure <op> other` (or `other <op> structure`) runs only when the structure is a tensor."""
    if isinstance(op, _NO_SEQUENCE_OPS):
        # `str % x` formats; a structure on the right of `%` could be the format's arguments
        return structure_left or other.kind is Kind.PY_NUMBER
    if isinstance(op, ast.Add):
        return other.kind in (Kind.PY_NUMBER, Kind.PY_BOOL)
    if isinstance(op, ast.Mult):  # `seq * int` repeats the sequence; a float factor only scales a tensor
        if isinstance(node, ast.BinOp):
            other_node: Optional[ast.AST] = node.right if structure_left else node.left
        else:  # `x op= value`
            other_node = getattr(node, "value", None) if structure_left else None
        return isinstance(other_node, ast.Constant) and isinstance(other_node.value, float)
    return False


_EVALUATORS: Dict[type, Callable[[TensorAnalysis, ast.AST, Optional[FunctionInfo]], Inference]] = {
    ast.Name: TensorAnalysis._name,
    ast.Constant: TensorAnalysis._constant,
    ast.List: TensorAnalysis._sequence,
    ast.Tuple: TensorAnalysis._sequence,
    ast.Set: TensorAnalysis._sequence,
    ast.Dict: TensorAnalysis._dict,
    ast.ListComp: TensorAnalysis._comprehension,
    ast.SetComp: TensorAnalysis._comprehension,
    ast.DictComp: TensorAnalysis._comprehension,
    ast.GeneratorExp: TensorAnalysis._comprehension,
    ast.JoinedStr: TensorAnalysis._joined_str,
    ast.Lambda: TensorAnalysis._lambda,
    ast.NamedExpr: TensorAnalysis._named_expr,
    ast.Starred: TensorAnalysis._starred,
    ast.IfExp: TensorAnalysis._if_exp,
    ast.UnaryOp: TensorAnalysis._unary,
    ast.BinOp: TensorAnalysis._binop,
    ast.BoolOp: TensorAnalysis._bool_op,
    ast.Compare: TensorAnalysis._compare,
    ast.Subscript: TensorAnalysis._subscript,
    ast.Attribute: TensorAnalysis._attribute_expr,
    ast.Call: TensorAnalysis._call,
}  # type: ignore[dict-item]


# -- the walk over one function body ---------------------------------------------------------------

Env = Dict[str, Inference]


def _join_envs(a: Optional[Env], b: Optional[Env]) -> Optional[Env]:
    """Join two environments after branches; None stands for a branch that never falls through."""
    if a is None:
        return b
    if b is None:
        return a
    result = dict(a)
    for name, value in b.items():
        mine = result.get(name)
        result[name] = value if mine is None else join(mine, value)
    return result


def _same_env(a: Env, b: Env) -> bool:
    if a.keys() != b.keys():
        return False
    return all(a[k].same(b[k]) for k in a)


Narrowing = Callable[[Inference], Inference]
_GUARD_NODES = (ast.Call, ast.UnaryOp, ast.BoolOp)

IS_TENSOR_CALLS = frozenset({"tensorflow.is_tensor", "tensorflow.debugging.is_tensor"})
_CONTAINER, _NUMBER, _BOOL, _STRING, _NDARRAY = "container", "number", "bool", "string", "ndarray"
BUILTIN_TYPE_CATEGORIES = {
    "list": _CONTAINER,
    "tuple": _CONTAINER,
    "dict": _CONTAINER,
    "set": _CONTAINER,
    "frozenset": _CONTAINER,
    "int": _NUMBER,
    "float": _NUMBER,
    "complex": _NUMBER,
    "bool": _BOOL,
    "str": _STRING,
    "bytes": _STRING,
}
_CONTAINER_TYPES = frozenset(
    "Sequence MutableSequence Mapping MutableMapping OrderedDict defaultdict List Tuple Dict Set "
    "FrozenSet AbstractSet MutableSet".split()
)
# `tf.Tensor` and the classes TensorFlow derives from it (an isinstance test on them holds for one tensor;
# sparse and ragged tensors are not `tf.Tensor`s, so they are left out).
_TENSOR_TYPES = frozenset({"Tensor", "EagerTensor", "SymbolicTensor", "Variable", "ResourceVariable"})


def _qualified_type_category(qual: str) -> Optional[str]:
    last = qual.rsplit(".", 1)[-1]
    if qual.startswith(("collections.", "typing.")) and last in _CONTAINER_TYPES:
        return _CONTAINER
    if _is_tf_name(qual) and last in _TENSOR_TYPES:
        return TENSOR_CATEGORY
    if qual in ("numpy.ndarray", "numpy.generic"):
        return _NDARRAY
    if qual in ("numbers.Number", "numbers.Real", "numbers.Integral", "numpy.integer", "numpy.floating"):
        return _NUMBER
    return None


def _category_of(value: Inference) -> Optional[str]:
    kind = value.kind
    if kind is Kind.TENSOR:
        return None if value.nested else TENSOR_CATEGORY  # a nested value may be a tensor or a structure
    if kind is Kind.PY_CONTAINER:
        return _CONTAINER
    if kind is Kind.PY_NUMBER:
        return _NUMBER
    if kind is Kind.PY_BOOL:
        return _BOOL
    if value.tag == STRING:
        return _STRING
    if value.tag == NDARRAY:
        return _NDARRAY
    return None


def _narrow_to(categories: frozenset, shown: str, test: ast.AST) -> Narrowing:
    """What the name holds where the isinstance test is true."""

    def narrow(value: Inference) -> Inference:
        if len(categories) == 1:
            (only,) = categories
            reason = f"the test {shown} holds here"
            if only == TENSOR_CATEGORY:
                # The branch holds one tensor; whether it runs while tracing with a tensor is only as sure
                # as what was known before the test.
                if value.is_tensor:
                    return replace(value, nested=False, items=None, element=None)
                return _of(Kind.TENSOR, reason, test, strength=Strength.WEAK)
            if only == _CONTAINER:
                if value.kind is Kind.PY_CONTAINER:
                    return value
                return _of(Kind.PY_CONTAINER, reason, test)
            if only == _NUMBER:
                return value if value.kind is Kind.PY_NUMBER else _of(Kind.PY_NUMBER, reason, test)
            if only == _BOOL:
                return _of(Kind.PY_BOOL, reason, test)
            if only == _STRING:
                return _of(Kind.OBJECT, reason, test, STRING)
            if only == _NDARRAY:
                return _of(Kind.OBJECT, reason, test, NDARRAY)
        category = _category_of(value)
        if category is not None and category not in categories:
            return UNKNOWN
        if value.nested and TENSOR_CATEGORY not in categories:
            return UNKNOWN
        return value

    return narrow


def _narrow_away(categories: frozenset) -> Narrowing:
    """What the name holds where the isinstance test is false: not a value of those types."""

    def narrow(value: Inference) -> Inference:
        category = _category_of(value)
        if category is not None and category in categories:
            return UNKNOWN
        if value.nested and _CONTAINER in categories and TENSOR_CATEGORY in categories:
            return UNKNOWN
        return value

    return narrow


def _narrow_has_numpy(shown: str, test: ast.AST) -> Narrowing:
    """What the name holds where `hasattr(name, "numpy")` is true."""

    def narrow(value: Inference) -> Inference:
        if value.tag == VARIABLE:
            return value  # a variable has `numpy` while tracing too (and calling it raises there)
        return _of(Kind.OBJECT, f"the test {shown} holds here", test, HAS_NUMPY)

    return narrow


_TO, _AWAY, _HAS_NUMPY = "to", "away", "has-numpy"
# name → what a test says of it: ("to", types, test) it is one of those; ("away", types, test) it is none.
Constraints = Dict[str, Tuple[Tuple[str, frozenset, ast.AST], ...]]


def _narrowings(constraints: Constraints) -> Dict[str, Narrowing]:
    result: Dict[str, Narrowing] = {}
    for name, found in constraints.items():
        steps = [
            _narrow_to(cats, f"`{_unparse(test)}`", test)
            if how == _TO
            else _narrow_has_numpy(f"`{_unparse(test)}`", test)
            if how == _HAS_NUMPY
            else _narrow_away(cats)
            for how, cats, test in found
        ]
        result[name] = steps[0] if len(steps) == 1 else _chain(steps)
    return result


def _chain(steps: List[Narrowing]) -> Narrowing:
    def narrow(value: Inference) -> Inference:
        for step in steps:
            value = step(value)
        return value

    return narrow


def _unparse(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover
        return "?"
    return text if len(text) <= 60 else text[:59] + "…"


class _FlowWalker:
    """Walks a function body in order, tracking what each local name holds, and records it at every use."""

    def __init__(self, analysis: TensorAnalysis, info: Optional[FunctionInfo], flow: _Flow):
        self.analysis = analysis
        self.info = info
        self.flow = flow

    def run(self) -> None:
        info = self.info
        if info is None:
            self.block(self.analysis.facts.tree.body, {})
            return
        node = info.node
        env: Env = {}
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            env[arg.arg] = self.analysis.parameter(info, arg.arg)
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                env[arg.arg] = self.analysis.parameter(info, arg.arg)
        if isinstance(node, ast.Lambda):
            self.record(node.body, env)
            self.flow.returns.append(self.analysis._eval(node.body, info))
            return
        self.block(node.body, env)

    # -- statements --

    def block(self, stmts: Sequence[ast.stmt], env: Env) -> Optional[Env]:
        current: Optional[Env] = env
        for stmt in stmts:
            if current is None:
                break
            current = self.statement(stmt, current)
        return current

    def statement(self, stmt: ast.stmt, env: Env) -> Optional[Env]:
        handler = getattr(self, "s_" + type(stmt).__name__, None)
        if handler is not None:
            return handler(stmt, env)
        # Anything else (match, try*, future statements): walk its blocks, joined.
        for child in iter_children(stmt):
            if isinstance(child, ast.expr):
                self.record(child, env)
        blocks = [v for v in (getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")) if isinstance(v, list)]
        for case in getattr(stmt, "cases", []) or []:
            blocks.append(case.body)
        result: Optional[Env] = env
        for stmts in blocks:
            result = _join_envs(result, self.block(stmts, dict(env)))
        return result

    def s_Expr(self, stmt: ast.Expr, env: Env) -> Env:
        self.record(stmt.value, env)
        return env

    def s_Assign(self, stmt: ast.Assign, env: Env) -> Env:
        self.record(stmt.value, env)
        value = self.eval(stmt.value)
        for target in stmt.targets:
            self.record_target(target, env)
            self.bind(target, value, env)
        return env

    def s_AnnAssign(self, stmt: ast.AnnAssign, env: Env) -> Env:
        if stmt.value is not None:
            self.record(stmt.value, env)
            self.record_target(stmt.target, env)
            self.bind(stmt.target, self.eval(stmt.value), env)
        return env

    def s_AugAssign(self, stmt: ast.AugAssign, env: Env) -> Env:
        self.record(stmt.value, env)
        self.record_target(stmt.target, env)
        if isinstance(stmt.target, ast.Name):
            current = env.get(stmt.target.id) or self.analysis.free_name(stmt.target.id, self.info)
            env[stmt.target.id] = binary(current, self.eval(stmt.value), stmt.op, stmt)
        return env

    def s_Return(self, stmt: ast.Return, env: Env) -> None:
        if stmt.value is not None:
            self.record(stmt.value, env)
            self.flow.returns.append(self.eval(stmt.value))
        else:
            self.flow.returns.append(_of(Kind.OBJECT, "", stmt, NONE))
        return None

    def s_Raise(self, stmt: ast.Raise, env: Env) -> None:
        for child in (stmt.exc, stmt.cause):
            if child is not None:
                self.record(child, env)
        return None

    def s_Break(self, stmt, env: Env) -> None:
        return None

    s_Continue = s_Break

    def s_Pass(self, stmt, env: Env) -> Env:
        return env

    def s_Global(self, stmt, env: Env) -> Env:
        return env

    s_Nonlocal = s_Global

    def s_Delete(self, stmt: ast.Delete, env: Env) -> Env:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                env.pop(target.id, None)
            else:
                self.record_target(target, env)
        return env

    def s_Assert(self, stmt: ast.Assert, env: Env) -> Env:
        self.record(stmt.test, env)
        if stmt.msg is not None:
            self.record(stmt.msg, env)
        when_true, _ = self.guards(stmt.test)
        return self.narrowed(when_true, env) if when_true else env

    def s_Import(self, stmt, env: Env) -> Env:
        for alias in stmt.names:
            name = alias.asname or alias.name.split(".")[0]
            env[name] = _of(Kind.OBJECT, "", stmt, MODULE)
        return env

    s_ImportFrom = s_Import

    def s_If(self, stmt: ast.If, env: Env) -> Optional[Env]:
        self.record(stmt.test, env)
        when_true, when_false = self.guards(stmt.test)
        body = self.block(stmt.body, self.narrowed(when_true, env))
        orelse = self.block(stmt.orelse, self.narrowed(when_false, env))
        # A branch that returns, raises or continues leaves the other branch's narrowing behind it; when
        # both fall through, a name neither branch rebinds holds what it held before the test.
        if body is not None and orelse is not None and (when_true or when_false):
            rebound = set()
            for part in stmt.body + stmt.orelse:
                rebound |= _assigned_names(part)
            for name in set(when_true) | set(when_false):
                if name in rebound:
                    continue
                if name in env:
                    body[name] = orelse[name] = env[name]
                else:
                    body.pop(name, None)
                    orelse.pop(name, None)
        return _join_envs(body, orelse)

    def s_For(self, stmt: ast.For, env: Env) -> Optional[Env]:
        self.record(stmt.iter, env)
        element = element_of(self.eval(stmt.iter))

        def body(entry: Env) -> Optional[Env]:
            self.record_target(stmt.target, entry)
            self.bind(stmt.target, element, entry)
            return self.block(stmt.body, entry)

        after = self.loop(env, body, stmt)
        return self.block(stmt.orelse, after) if stmt.orelse else after

    s_AsyncFor = s_For

    def s_While(self, stmt: ast.While, env: Env) -> Optional[Env]:
        when_true, _ = self.guards(stmt.test)

        def body(entry: Env) -> Optional[Env]:
            self.record(stmt.test, entry)
            return self.block(stmt.body, self.narrowed(when_true, entry))

        self.record(stmt.test, env)
        after = self.loop(env, body, stmt)
        infinite = isinstance(stmt.test, ast.Constant) and bool(stmt.test.value)
        if infinite and not stmt.orelse:
            return after  # left only through `break`, which this walk does not follow
        return self.block(stmt.orelse, after) if stmt.orelse else after

    def loop(self, env: Env, body: Callable[[Env], Optional[Env]], stmt: ast.stmt) -> Env:
        entry = env
        for _ in range(_LOOP_PASSES):
            out = body(dict(entry))
            new_entry = _join_envs(entry, out) or entry
            if _same_env(new_entry, entry):
                return new_entry
            entry = new_entry
        # Still changing: forget what the loop assigns and walk it once more, recording that.
        widened = dict(entry)
        for name in _assigned_names(stmt):
            if name in widened:
                widened[name] = UNKNOWN
        out = body(dict(widened))
        return _join_envs(widened, out) or widened

    def s_With(self, stmt, env: Env) -> Optional[Env]:
        for item in stmt.items:
            self.record(item.context_expr, env)
            if item.optional_vars is not None:
                manager = self.eval(item.context_expr)
                value = manager if manager.tag == GRADIENT_TAPE else UNKNOWN
                self.record_target(item.optional_vars, env)
                self.bind(item.optional_vars, value, env)
        return self.block(stmt.body, env)

    s_AsyncWith = s_With

    def s_Try(self, stmt, env: Env) -> Optional[Env]:
        body = self.block(stmt.body, dict(env))
        start = _join_envs(dict(env), body) or dict(env)
        results: List[Optional[Env]] = []
        for handler in stmt.handlers:
            handler_env = dict(start)
            if handler.type is not None:
                self.record(handler.type, handler_env)
            if handler.name:
                handler_env[handler.name] = _of(Kind.OBJECT, "", handler)
            results.append(self.block(handler.body, handler_env))
        results.append(self.block(stmt.orelse, body) if body is not None and stmt.orelse else body)
        merged: Optional[Env] = None
        for result in results:
            merged = _join_envs(merged, result)
        if stmt.finalbody:
            final = self.block(stmt.finalbody, merged if merged is not None else dict(start))
            return final if merged is not None else None
        return merged

    s_TryStar = s_Try

    def s_FunctionDef(self, stmt, env: Env) -> Env:
        for dec in stmt.decorator_list:
            self.record(dec, env)
        self.record_arguments(stmt.args, env)
        self.flow.snapshots[id(stmt)] = dict(env)
        env[stmt.name] = _of(Kind.OBJECT, f"`{stmt.name}` is a function", stmt, FUNCTION)
        return env

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, stmt: ast.ClassDef, env: Env) -> Env:
        for expr in stmt.bases + [k.value for k in stmt.keywords] + stmt.decorator_list:
            self.record(expr, env)
        snapshot = dict(env)
        self.flow.snapshots[id(stmt)] = snapshot
        for node in _class_level_defs(stmt):
            self.flow.snapshots[id(node)] = snapshot
        env[stmt.name] = _of(Kind.OBJECT, f"`{stmt.name}` is a class", stmt, CLASS)
        return env

    # -- guards: `isinstance(x, (list, tuple))`, `isinstance(x, tf.Tensor)`, `tf.is_tensor(x)`,
    # `hasattr(x, "numpy")` --

    def guards(self, test: ast.AST) -> Tuple[Dict[str, Narrowing], Dict[str, Narrowing]]:
        """How a test narrows names: (when it is true, when it is false)."""
        when_true, when_false = self._constraints(test)
        return _narrowings(when_true), _narrowings(when_false)

    def _constraints(self, test: ast.AST) -> Tuple[Constraints, Constraints]:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            when_true, when_false = self._constraints(test.operand)
            return when_false, when_true
        if isinstance(test, ast.BoolOp):
            parts = [self._constraints(v) for v in test.values]
            both = isinstance(test.op, ast.And)
            # `a and b` true: every part holds; `a or b` false: no part holds.
            every: Constraints = {}
            for when_true, when_false in parts:
                for name, found in (when_true if both else when_false).items():
                    every[name] = every.get(name, ()) + found
            # `a or b` true (and `a and b` false, by De Morgan): one of the parts holds. Only a union of
            # "is one of these types" on the same name in every part says something.
            some: Constraints = {}
            alternatives = [(f if both else t) for t, f in parts]
            names = set(alternatives[0]) if alternatives else set()
            for name in names:
                unions = [a.get(name, ()) for a in alternatives]
                if all(len(u) == 1 and u[0][0] == _TO for u in unions):
                    some[name] = ((_TO, frozenset().union(*(u[0][1] for u in unions)), unions[0][0][2]),)
            return (every, some) if both else (some, every)
        if not isinstance(test, ast.Call) or not test.args or not isinstance(test.args[0], ast.Name):
            return {}, {}
        func = test.func
        name = test.args[0].id
        categories: Optional[frozenset] = None
        if isinstance(func, ast.Name) and func.id == "isinstance" and len(test.args) == 2:
            if self.analysis.is_builtin("isinstance", self.info):
                categories = self.type_categories(test.args[1])
        elif (
            isinstance(func, ast.Name)
            and func.id == "hasattr"
            and len(test.args) == 2
            and isinstance(test.args[1], ast.Constant)
            and test.args[1].value == "numpy"
            and self.analysis.is_builtin("hasattr", self.info)
        ):
            return {name: ((_HAS_NUMPY, frozenset(), test),)}, {}  # false: a traced tensor, or anything else
        elif len(test.args) == 1 and self.analysis.facts.qualname(func, self.info) in IS_TENSOR_CALLS:
            categories = frozenset({TENSOR_CATEGORY})
        if categories is None:
            return {}, {}
        return {name: ((_TO, categories, test),)}, {name: ((_AWAY, categories, test),)}

    def type_categories(self, types: ast.AST) -> Optional[frozenset]:
        """What values of the types an isinstance test names are: tensor, container, number, …; None
        when some type is not one this analysis knows."""
        elts = types.elts if isinstance(types, ast.Tuple) else [types]
        found = set()
        for elt in elts:
            category = None
            if isinstance(elt, ast.Name) and elt.id in BUILTIN_TYPE_CATEGORIES and self.analysis.is_builtin(
                elt.id, self.info
            ):
                category = BUILTIN_TYPE_CATEGORIES[elt.id]
            else:
                qual = self.analysis.facts.qualname(elt, self.info)
                if qual is not None:
                    category = _qualified_type_category(qual)
            if category is None:
                return None
            found.add(category)
        return frozenset(found)

    def narrowed(self, narrowing: Dict[str, Narrowing], env: Env) -> Env:
        result = dict(env)
        for name, narrow in narrowing.items():
            result[name] = narrow(self.lookup(name, env, None))  # type: ignore[arg-type]
        return result

    # -- expressions --

    def eval(self, expr: ast.AST) -> Inference:
        return self.analysis._eval(expr, self.info)

    def lookup(self, name: str, env: Env, node: ast.AST) -> Inference:
        found = env.get(name)
        if found is not None:
            return found
        return self.analysis.free_name(name, self.info, node)

    def record(self, expr: ast.AST, env: Env) -> None:
        """Remember what every name read in `expr` holds here, then let nested scopes see `env`."""
        names = self.flow.names
        stack = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    names[id(node)] = self.lookup(node.id, env, node)
                continue
            if isinstance(node, ast.Lambda):
                self.record_arguments(node.args, env)
                self.flow.snapshots[id(node)] = dict(env)
                continue
            if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                self.comprehension(node, env)
                continue
            if isinstance(node, ast.IfExp):
                self.record(node.test, env)
                when_true, when_false = self.guards(node.test)
                self.record(node.body, self.narrowed(when_true, env) if when_true else env)
                self.record(node.orelse, self.narrowed(when_false, env) if when_false else env)
                continue
            if isinstance(node, ast.BoolOp) and any(isinstance(v, _GUARD_NODES) for v in node.values[:-1]):
                # `isinstance(x, list) and x[0]`: each operand runs only when the ones before it were
                # true (`and`) or false (`or`).
                current = env
                for value in node.values:
                    self.record(value, current)
                    when_true, when_false = self.guards(value)
                    narrowing = when_true if isinstance(node.op, ast.And) else when_false
                    if narrowing:
                        current = self.narrowed(narrowing, current)
                continue
            if isinstance(node, (ast.Yield, ast.YieldFrom)):
                self.flow.generator = True
            elif isinstance(node, ast.NamedExpr):
                self.record(node.value, env)
                if isinstance(node.target, ast.Name):
                    env[node.target.id] = self.eval(node.value)
                continue
            stack.extend(iter_children(node))

    def comprehension(self, node, env: Env) -> None:
        inner = dict(env)
        for index, gen in enumerate(node.generators):
            self.record(gen.iter, env if index == 0 else inner)
            element = element_of(self.eval(gen.iter))
            self.bind(gen.target, element, inner)
            for cond in gen.ifs:
                self.record(cond, inner)
                when_true, _ = self.guards(cond)
                for name, narrow in when_true.items():
                    inner[name] = narrow(self.lookup(name, inner, cond))
        if isinstance(node, ast.DictComp):
            self.record(node.key, inner)
            self.record(node.value, inner)
        else:
            self.record(node.elt, inner)
        for name, value in inner.items():  # walrus targets leak into the function scope
            if name not in env and not _binds(node, name):
                env[name] = value

    def record_arguments(self, args: ast.arguments, env: Env) -> None:
        for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
            self.record(default, env)

    def record_target(self, target: ast.AST, env: Env) -> None:
        """Names read by a store target: `x[i] = v` reads `x` and `i`."""
        if isinstance(target, ast.Name):
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.record_target(elt, env)
        elif isinstance(target, ast.Starred):
            self.record_target(target.value, env)
        else:
            for child in iter_children(target):
                if isinstance(child, ast.expr):
                    self.record(child, env)

    def bind(self, target: ast.AST, value: Inference, env: Env) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            elts = target.elts
            starred = any(isinstance(e, ast.Starred) for e in elts)
            if value.items is not None and len(value.items) == len(elts) and not starred:
                for elt, item in zip(elts, value.items):
                    self.bind(elt, item, env)
                return
            item = element_of(value)
            for elt in elts:
                if isinstance(elt, ast.Starred):
                    self.bind(elt.value, _of(Kind.PY_CONTAINER, "", elt, element=item if item.known else None), env)
                else:
                    self.bind(elt, item, env)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, _of(Kind.PY_CONTAINER, "", target), env)


# -- small helpers ---------------------------------------------------------------------------------


def _own_package(facts, qual: str) -> bool:
    """The module checked belongs to the package `qual` is under (a copy of TensorFlow's own source,
    whose modules are named `tensorflow.…`): the name is the project's own code, not the library's."""
    link = facts.link
    return link is not None and bool(link.module) and link.module.partition(".")[0] == qual.partition(".")[0]


def _is_tf_name(qual: str) -> bool:
    return qual == "tensorflow" or qual.startswith("tensorflow.")


def _is_static(node: ast.AST) -> bool:
    if isinstance(node, ast.Lambda):
        return True
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def _is_classmethod(node: ast.AST) -> bool:
    return not isinstance(node, ast.Lambda) and any(
        isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list
    )


def _callee_name(call: ast.Call) -> str:
    parts = dotted_parts(call.func)
    return parts[-1] if parts else ""


def _defaults(node) -> Dict[str, ast.expr]:
    args = node.args
    positional = args.posonlyargs + args.args
    result: Dict[str, ast.expr] = {}
    for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
        result[arg.arg] = default
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        if default is not None:
            result[arg.arg] = default
    return result


def _is_self_attr(target: ast.AST, self_name: str, attr: Optional[str] = None) -> bool:
    return (
        isinstance(target, ast.Attribute)
        and (attr is None or target.attr == attr)
        and isinstance(target.value, ast.Name)
        and target.value.id == self_name
    )


def _mentions_self_attr(expr: ast.AST, self_name: str, attr: str) -> bool:
    return any(_is_self_attr(n, self_name, attr) for n in walk_nodes(expr))


def _mentions_name(expr: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in walk_nodes(expr))


def _is_super_call(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "super"


def _class_level_defs(cls: ast.ClassDef) -> List[ast.AST]:
    found: List[ast.AST] = []
    stack: List[ast.AST] = list(cls.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append(node)
            if isinstance(node, ast.ClassDef):
                stack.extend(node.body)
            continue
        for child in iter_children(node):
            if isinstance(child, ast.stmt):
                stack.append(child)
    return found


def _assigned_names(stmt: ast.AST) -> Set[str]:
    names: Set[str] = set()
    for node in walk_nodes(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
    return names


def _binds(comp: ast.AST, name: str) -> bool:
    for gen in comp.generators:  # type: ignore[attr-defined]
        for node in walk_nodes(gen.target):
            if isinstance(node, ast.Name) and node.id == name:
                return True
    return False


_SELF_WRITES = "_hybridlint_self_writes"


def self_attribute_writes(method: ast.AST) -> List[Tuple[str, Optional[ast.expr], ast.AST]]:
    """(attribute, assigned value or None, the def it is assigned in) for each `self.<attribute>`
    a method assigns, in its body and the functions nested in it. Self-referencing updates
    (`self.n = self.n + 1`) are left out: they keep the kind. Kept on the def node, which the
    language server hands unchanged to the next version of the text when an edit is elsewhere."""
    found = getattr(method, _SELF_WRITES, None)
    if found is not None:
        return found
    self_name = method.args.args[0].arg  # type: ignore[attr-defined]
    writes: List[Tuple[str, Optional[ast.expr], ast.AST]] = []
    stack: List[Tuple[ast.AST, ast.AST]] = [(child, method) for child in method.body]  # type: ignore[attr-defined]
    while stack:
        current, owner = stack.pop()
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend((child, current) for child in iter_children(current))
            continue
        if isinstance(current, ast.ClassDef):
            continue
        stack.extend((child, owner) for child in iter_children(current))
        targets: List[ast.AST] = []
        value: Optional[ast.expr] = None
        if isinstance(current, ast.Assign):
            targets, value = current.targets, current.value
        elif isinstance(current, (ast.AnnAssign, ast.AugAssign)) and current.value is not None:
            targets, value = [current.target], current.value
        for target in targets:
            if _is_self_attr(target, self_name):
                name = target.attr  # type: ignore[attr-defined]
                if value is not None and _mentions_self_attr(value, self_name, name):
                    continue
                writes.append((name, value, owner))
            elif isinstance(target, (ast.Tuple, ast.List)):
                for elt in target.elts:
                    if _is_self_attr(elt, self_name):
                        writes.append((elt.attr, None, owner))  # type: ignore[attr-defined]
    setattr(method, _SELF_WRITES, writes)
    return writes


# -- branches only a non-tensor input takes ------------------------------------------------------------


def input_only_roots(facts: ModuleFacts) -> Set[int]:
    """ids of the branches of traced code that run only when a value the analysis cannot show to be a
    Python value is not a tensor: the `else` of `if tf.is_tensor(x):` / `isinstance(x, tf.Tensor)`, the body
    of `if not tf.is_tensor(x):` or `if isinstance(x, np.ndarray):` (also through a local flag assigned once
    from such a test). That is a function's path for NumPy or Python input, which traced callers do not take
    (tf.function and Keras turn array inputs into tensors); were `x` a known Python value there (a literal,
    a list), the branch would run while tracing, and it is left alone."""
    return facts.kept("_input_only_roots", lambda: _input_only_roots(facts))


def settle_input_only_calls(facts: ModuleFacts, test_file: bool = False) -> None:
    """Calls made in a branch only non-tensor input takes (`input_only_roots`) run only eagerly: they do
    not make their callee traced (a helper for NumPy input called only there). Asked once per check,
    before any rule: the graph contexts may change, and the analyses are built again on them.
    `test_file`: as for `analysis.analysis_for`, whose module analysis this builds first."""
    if not facts.has_traced_code:
        return
    from .analysis import analysis_for

    analysis_for(facts, test_file)
    roots = input_only_roots(facts)
    if roots:
        facts.calls_run_eagerly(calls_under(roots, facts.tree))


def _input_only_roots(facts: ModuleFacts) -> Set[int]:
    from .analysis import analysis_for

    roots: Set[int] = set()
    for info in facts.functions:
        if info.graph is None or info.external is not None or isinstance(info.node, ast.Lambda):
            continue
        walker = None
        for node in analysis_for(facts).scope_walk(info.node):
            if not isinstance(node, ast.If):
                continue
            if walker is None:
                walker = _FlowWalker(tensors_for(facts), info, _Flow())
            for branch, when in ((node.body, True), (node.orelse, False)):
                if branch and _non_tensor_when(node.test, when, walker, info, 0):
                    roots.update(id(stmt) for stmt in branch)
    return roots


def _non_tensor_when(test: ast.AST, when: bool, walker: "_FlowWalker", info: FunctionInfo, depth: int) -> bool:
    """`test` having the outcome `when` shows that a value of unknown kind is not a tensor."""
    if depth > 4:
        return False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _non_tensor_when(test.operand, not when, walker, info, depth + 1)
    if isinstance(test, ast.BoolOp):
        every = when == isinstance(test.op, ast.And)  # each operand had the outcome `when`
        return every and any(_non_tensor_when(v, when, walker, info, depth + 1) for v in test.values)
    if isinstance(test, ast.Name):
        # `is_tensor = tf.is_tensor(x)` assigned once, then `if not is_tensor:`
        from .analysis import analysis_for

        found = analysis_for(walker.analysis.facts).assignments(info).get(test.id, [])
        if len(found) != 1 or found[0] is None or test.id not in info.locals:
            return False
        return _non_tensor_when(found[0], when, walker, info, depth + 1)
    if not isinstance(test, ast.Call) or not test.args:
        return False
    facts = walker.analysis.facts
    subject = test.args[0]
    func = test.func
    if len(test.args) == 1 and facts.qualname(func, info) in IS_TENSOR_CALLS:
        categories: Optional[frozenset] = frozenset({TENSOR_CATEGORY})
    elif isinstance(func, ast.Name) and func.id == "isinstance" and len(test.args) == 2:
        if not walker.analysis.is_builtin("isinstance", info):
            return False
        categories = walker.type_categories(test.args[1])
    else:
        return False
    if categories == frozenset({TENSOR_CATEGORY}):
        shows = not when  # not a tensor where the test failed
    elif categories == frozenset({_NDARRAY}):
        shows = when  # an array where the test held
    else:
        return False
    if not shows:
        return False
    known = walker.analysis.infer(subject, info)
    return known.kind is Kind.TENSOR or _category_of(known) is None
