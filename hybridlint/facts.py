"""Module facts: what TensorFlow names mean here, which functions are traced, and who calls whom.

Computed once per module by one walk over the `ast` (rules.md §3.1–3.3), then read by every rule.
The walk records raw observations; resolution runs afterwards, when every binding of the module is
known (a function may be wrapped or called before it is defined).
"""

from __future__ import annotations

import ast
import re
import builtins
from dataclasses import dataclass, field
from typing import Callable, Collection, Dict, FrozenSet, Iterable, Iterator, List, Optional, Set, Tuple, TypeVar, Union

from .data import tf1_only_last_names, tf1_only_names
from .links import EXTERNAL_ROOTS, ExternalFunction, IncomingTrace, ModuleLink

TF = "tensorflow"
TF_FUNCTION_NAMES = frozenset({"tensorflow.function", "tensorflow.compat.v1.function"})
# An attribute chain's qualname ends with its last attribute (normalising rewrites prefixes only), so
# `x.y.z` can be tf.function only when `z` is one of these: a test before any name resolution.
_TF_FUNCTION_ATTRS = frozenset(name.rsplit(".", 1)[1] for name in TF_FUNCTION_NAMES)
PY_FUNCTION_NAMES = frozenset(
    {
        "tensorflow.py_function",
        "tensorflow.numpy_function",
        "tensorflow.compat.v1.py_func",
        "tensorflow.compat.v1.py_function",
        "tensorflow.compat.v1.numpy_function",
    }
)
DATASET_METHODS = {"map": 0, "filter": 0, "flat_map": 0, "interleave": 0, "reduce": 1, "scan": 1}
# tf.data.Dataset methods that return a dataset: a chain of them keeps its receiver's kind
DATASET_CHAIN_METHODS = frozenset(
    "apply batch bucket_by_sequence_length cache concatenate enumerate filter flat_map group_by_window "
    "ignore_errors interleave map padded_batch prefetch ragged_batch rebatch rejection_resample repeat "
    "scan shard shuffle skip snapshot sparse_batch take take_while unbatch unique window with_options".split()
)
DATASET_KEYWORDS = {"map_func", "predicate", "reduce_func", "scan_func"}
# Functions of tf.data that trace the function they are given: qualname → (keyword, position).
DATASET_FUNCTIONS = {
    "tensorflow.data.experimental.scan": ("scan_func", 1),
    "tensorflow.data.experimental.map_and_batch": ("map_func", 0),
    "tensorflow.data.experimental.group_by_window": ("key_func", 0),
}
# `strategy.run(fn)`: TPU strategies trace `fn` even when called eagerly, mirrored ones run it eagerly
# (threads per replica): a weak context.
STRATEGY_RUN_METHODS = frozenset({"run", "experimental_run_v2"})
KERAS_TRACED_METHODS = frozenset({"call", "train_step", "test_step", "predict_step"})
# Functions Keras calls with tensors inside the steps it traces (`fit`, `evaluate`, `predict`): a `Lambda`
# layer's function (also with the symbolic inputs of a functional model), and the losses and metrics given to
# `compile` (keyword → position in `compile(optimizer, loss, metrics, ...)`).
KERAS_LAMBDA = "keras-lambda"
KERAS_LOSS = "keras-loss"
KERAS_LOSS_WEAK = "keras-loss-weak"  # `compile` of an object not shown to be a Keras model
KERAS_FUNCTION_REASONS = frozenset({KERAS_LAMBDA, KERAS_LOSS, KERAS_LOSS_WEAK})
KERAS_COMPILE_FUNCTIONS = {"loss": 1, "metrics": 2, "weighted_metrics": -1}
_KERAS_FUNCTION_TRACES = {
    KERAS_LAMBDA: "the function of a Keras `Lambda` layer, which Keras traces in `fit`, `evaluate` and `predict`",
    KERAS_LOSS: "a loss or metric given to Keras `compile`, which Keras traces in `fit` and `evaluate`",
    KERAS_LOSS_WEAK: (
        "a loss or metric given to `compile`, which Keras traces in `fit` and `evaluate` if the object is a Keras model"
    ),
}
# Calls that turn TensorFlow's eager execution off for the whole process (TensorFlow 1's graph mode): run
# when a module is imported, Keras then builds a layer's `call` once in a graph, without tf.function
EAGER_OFF_CALLS = frozenset(
    {
        "tensorflow.compat.v1.disable_eager_execution",
        "tensorflow.compat.v1.disable_v2_behavior",
        "tensorflow.disable_eager_execution",
        "tensorflow.disable_v2_behavior",
        "tensorflow.python.framework.ops.disable_eager_execution",
    }
)


def keras_can_call(name: str, args: ast.arguments) -> bool:
    """Keras calls `train_step`/`test_step`/`predict_step` with one positional argument (the batch): a
    method of that name that needs two or more (`train_step(self, x, params)`) or a keyword-only one
    is the project's own method, run wherever the project calls it, not Keras's hook."""
    if name == "call":
        return True
    positional = (args.posonlyargs + args.args)[1:]
    required = len(positional) - len(args.defaults)
    if any(default is None for default in args.kw_defaults):
        return False
    return required <= 1 and (bool(positional) or args.vararg is not None)


def keras_loss_signature(info: "FunctionInfo") -> bool:
    """`(self, y_true, y_pred, ...)` (or `(y_true, y_pred, ...)` outside a class): the signature of a Keras
    loss or metric, which Keras calls inside its traced train and test steps, after `call`."""
    if isinstance(info.node, ast.Lambda):
        return False
    names = [a.arg for a in info.node.args.posonlyargs + info.node.args.args]
    if info.cls is not None:
        names = names[1:]
    return names[:2] == ["y_true", "y_pred"]


# `keras.Input(...)`: a symbolic KerasTensor of the Functional API.
KERAS_INPUT_CONSTRUCTORS = frozenset({"tensorflow.keras.Input", "tensorflow.keras.layers.Input"})


# Keras base classes by their last name (under `tensorflow.keras.`): a subclass is a Keras model or layer.
KERAS_MODEL_BASES = frozenset({"Model", "Sequential"})
KERAS_BASES = KERAS_MODEL_BASES | {"Layer"}
# Names a module of Keras goes by when another package re-exports it (`from gpflow.keras import tf_keras`,
# `from .modeling_tf_utils import keras`): importing one of these names is importing Keras.
KERAS_MODULE_NAMES = frozenset({"keras", "tf_keras"})
# Roots of libraries whose classes are never Keras classes, whatever they are named.
NOT_KERAS_ROOTS = frozenset(
    {"torch", "pydantic", "sklearn", "flax", "jax", "haiku", "django", "sqlalchemy", "lightning", "pytorch_lightning"}
)
# What a class is, by its bases (`class_kind_of_external`): a Keras layer or model (Keras traces its
# `call` family), one only named like one (an unresolved base such as `TFPreTrainedModel`: unknown,
# reported in preview only), a tf.Module, or none of these.
KERAS, KERAS_WEAK, TF_MODULE = "keras", "keras?", "module"
RUNS_ONCE_FUNCTIONS = frozenset({"__init__", "build", "setUp", "setUpClass", "setup_method", "main"})
VECTORIZED_MAP_NAMES = frozenset({"tensorflow.vectorized_map", "tensorflow.compat.v1.vectorized_map"})
# TensorFlow ops that call the functions they are given as plain Python, without AutoGraph conversion, even
# inside a tf.function (TensorFlow 2.21, tests/oracle): a function defined outside converted code (at module
# level, a method) that traced code passes to one of them runs unconverted, and so does what it calls.
# `tf.map_fn` converts its function (since TensorFlow 2.3), tf.data transformations convert theirs, and a
# def or lambda written inside converted code is converted with it.
UNCONVERTING_OPS = frozenset(
    prefix + name
    for prefix in ("tensorflow.", "tensorflow.compat.v1.")
    for name in ("cond", "case", "switch_case", "while_loop", "scan", "foldl", "foldr")
)
# TensorFlow calls that take a function object as a value (to convert or inspect it), never calling it:
# passing a function to one is no call of it (`tf.convert_to_tensor(f)` fails, or makes an object tensor).
VALUE_CONVERSIONS = frozenset(
    prefix + name
    for prefix in ("tensorflow.", "tensorflow.compat.v1.")
    for name in ("convert_to_tensor", "constant", "identity", "cast", "is_tensor", "shape", "rank", "size")
)
# Calls that read the calling scope's names by their text: a def may run through one without a use of its name.
_NAME_READERS = frozenset({"locals", "vars", "eval", "exec", "globals"})
LOOP_NODES = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]
_T = TypeVar("_T")


# Only multi-backend Keras (2.3 and earlier) has this module (as normalized: `keras.` reads `tensorflow.keras.`).
LEGACY_KERAS_MODULE = "tensorflow.keras.engine.topology"
TF_CONTRIB = "tensorflow.contrib"  # TensorFlow 1 only
# TensorFlow 1's modules that TensorFlow 2 does not have at all, whatever their names (`tf1_only.txt`, from the
# upgrade script's renames, lists only some of them): `tf.contrib`, and `tf.layers`, which TensorFlow 2 has only
# as `tf.compat.v1.layers`
TF1_ONLY_MODULES = (TF_CONTRIB, "tensorflow.layers")
_TF1_ONLY_MODULE_LASTS = frozenset(m.rsplit(".", 1)[1] for m in TF1_ONLY_MODULES)
# what a module reads to ask which TensorFlow it runs on (`tf.__version__`, `tf.version.VERSION`)
_VERSION_NAMES = frozenset({"__version__", "VERSION"})


def normalize_qualname(name: str) -> str:
    """Map the many spellings of one TensorFlow API onto one name."""
    if name.startswith("tensorflow.compat.v2."):
        name = "tensorflow." + name[len("tensorflow.compat.v2.") :]
    elif name == "tensorflow.compat.v2":
        name = TF
    if name.startswith(("keras.", "tf_keras.")) or name in ("keras", "tf_keras"):
        name = "tensorflow.keras" + name[name.find(".") :] if "." in name else "tensorflow.keras"
    elif name.startswith("tensorflow.python.keras."):
        name = "tensorflow.keras." + name[len("tensorflow.python.keras.") :]
    return name


def class_kind_of_external(dotted: Optional[str], last: str) -> Optional[str]:
    """What a base class outside the module (and outside the project's known classes) is, from its
    imported name (None when unresolved) and its last name: KERAS, KERAS_WEAK, TF_MODULE or None."""
    if dotted is not None:
        if dotted.startswith("tensorflow.keras."):
            name = dotted.rsplit(".", 1)[1]
            if name in KERAS_BASES or ".layers." in dotted or ".models." in dotted:
                return KERAS
            return None
        if dotted in ("tensorflow.Module", "tensorflow.compat.v1.Module"):
            return TF_MODULE
        if dotted.split(".", 1)[0] in NOT_KERAS_ROOTS or dotted.startswith("tensorflow."):
            return None
    if last.endswith(("Layer", "Model")) and last[:1].isupper():
        return KERAS_WEAK
    return None


def _is_super_call(call: ast.Call, scope: Optional["FunctionInfo"], cls: "ClassInfo") -> bool:
    """`super()` in a method of `cls` (or a function nested in one), or `super(Cls, self)` naming it."""
    if not (isinstance(call.func, ast.Name) and call.func.id == "super") or rebound("super", scope):
        return False
    if not call.args and not call.keywords:
        return scope is not None and scope.cls is cls
    return (
        len(call.args) == 2
        and not call.keywords
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == cls.name
        and isinstance(call.args[1], ast.Name)
        and receiver_of(call.args[1].id, scope, cls)
    )


def receiver_of(name: str, scope: Optional["FunctionInfo"], cls: "ClassInfo") -> bool:
    """`name` (`self`, `cls`) is the receiver of a method of `cls` where code in `scope` runs: the first
    parameter of that method, seen directly or through nested functions. Not a parameter of a class
    factory (`def make(cls): class Sub(cls): ... cls.call(self, x)`), which names another class."""
    s = scope
    while s is not None:
        if s.cls is cls:
            args = s.node.args
            positional = args.posonlyargs + args.args
            static = not isinstance(s.node, ast.Lambda) and any(
                isinstance(d, ast.Name) and d.id == "staticmethod" for d in s.node.decorator_list
            )
            return bool(positional) and positional[0].arg == name and not static
        if name in s.locals:
            return False
        s = s.parent
    return False


def rebound(name: str, scope: Optional["FunctionInfo"]) -> bool:
    """`name` is bound by `scope` or a function around it (not declared global there)."""
    s = scope
    while s is not None:
        if name in s.locals and name not in s.globals_declared:
            return True
        s = s.parent
    return False


_TF_WORD = re.compile(r"\btf\b")


def _snippet_tf(tree: ast.Module, text: Optional[str] = None) -> bool:
    """`tf` is read but bound nowhere in the module (no import, assignment, parameter, def or star
    import): code posted as a snippet, where `tf` can only mean TensorFlow. Modules that import at their
    top level, as nearly all do, are decided from those imports alone, and those whose text (when
    given) never has the word `tf` need no walk: no name reads it (an ASCII text only: a name may be
    written with other characters than the ones it means)."""
    for stmt in tree.body:  # the top level, and one level into `try:`/`if` (`try: import tensorflow as tf`)
        kind = type(stmt)
        if kind is ast.Import or kind is ast.ImportFrom:
            if _binds_tf(stmt):  # type: ignore[arg-type]
                return False
            continue
        inner: List[ast.stmt] = []
        if isinstance(stmt, (ast.Try, ast.If)):
            for name in ("body", "orelse", "finalbody"):
                inner.extend(getattr(stmt, name, ()))
        for handler in getattr(stmt, "handlers", ()):
            inner.extend(handler.body)
        if any(isinstance(s, (ast.Import, ast.ImportFrom)) and _binds_tf(s) for s in inner):  # type: ignore[arg-type]
            return False
    if text is not None and text.isascii() and _TF_WORD.search(text) is None:
        return False
    read = False
    for node in walk_nodes(tree):  # the verdict does not depend on the order
        if isinstance(node, ast.Name) and node.id == "tf":
            if not isinstance(node.ctx, ast.Load):
                return False
            read = True
        elif isinstance(node, ast.alias) and (node.name == "*" or (node.asname or node.name.split(".")[0]) == "tf"):
            return False
        elif isinstance(node, ast.arg) and node.arg == "tf":
            return False
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == "tf":
            return False
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and "tf" in node.names:
            return False
    return read


def _binds_tf(stmt: Union[ast.Import, ast.ImportFrom]) -> bool:
    """An import that may bind `tf`, or imports TensorFlow (`_snippet_tf`)."""
    return any(a.name == "*" or (a.asname or a.name.split(".")[0]) == "tf" or a.name.startswith(TF) for a in stmt.names)


def dotted_parts(expr: ast.AST) -> Optional[List[str]]:
    """`a.b.c` → ["a", "b", "c"]; None for anything that is not a plain attribute chain."""
    parts: List[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    parts.reverse()
    return parts


_CHAIN_ATTRIBUTE = "_hybridlint_chain"  # where `_chain` keeps an attribute chain's root and the rest


def _chain(expr: ast.Attribute) -> Tuple[Optional[str], str]:
    """`a.b.c` → ("a", ".b.c"); (None, "") for a chain that does not start at a name (`f().b`). Kept on
    the node: it depends on the node's subtree alone."""
    parts = dotted_parts(expr)
    found = (parts[0], "." + ".".join(parts[1:])) if parts is not None else (None, "")
    expr.__dict__[_CHAIN_ATTRIBUTE] = found
    return found


# Fields that never hold a node worth visiting: operator and context singletons (their "parent" is
# meaningless, they are shared), and plain strings, numbers and flags.
_NON_CHILD_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})
_SCALAR_FIELDS: Dict[type, frozenset] = {
    ast.Name: frozenset({"id"}),
    ast.Constant: frozenset({"value", "kind"}),
    ast.Attribute: frozenset({"attr"}),
    ast.keyword: frozenset({"arg"}),
    ast.arg: frozenset({"arg"}),
    ast.alias: frozenset({"name", "asname"}),
    ast.FunctionDef: frozenset({"name"}),
    ast.AsyncFunctionDef: frozenset({"name"}),
    ast.ClassDef: frozenset({"name"}),
    ast.ImportFrom: frozenset({"module", "level"}),
    ast.Global: frozenset({"names"}),
    ast.Nonlocal: frozenset({"names"}),
    ast.ExceptHandler: frozenset({"name"}),
    ast.FormattedValue: frozenset({"conversion"}),
    ast.AnnAssign: frozenset({"simple"}),
    ast.comprehension: frozenset({"is_async"}),
}
_CHILD_FIELDS: Dict[type, Tuple[str, ...]] = {}


def child_fields(cls: type) -> Tuple[str, ...]:
    """The fields of an `ast` node class that may hold child nodes (a cheaper `ast.iter_fields`)."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        scalars = _SCALAR_FIELDS.get(cls, frozenset())
        fields = tuple(f for f in getattr(cls, "_fields", ()) if f not in _NON_CHILD_FIELDS and f not in scalars)
        _CHILD_FIELDS[cls] = fields
    return fields


def iter_children(node: ast.AST) -> Iterator[ast.AST]:
    """`ast.iter_child_nodes` without the operator and context singletons, about twice as fast."""
    for name in _CHILD_FIELDS.get(type(node)) or child_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list:
            for item in value:
                if isinstance(item, ast.AST):
                    yield item
        elif isinstance(value, ast.AST):
            yield value


def node_kept(node: ast.AST, attribute: str, make: Callable[[ast.AST], _T]) -> _T:
    """`make(node)`, kept on the node itself: for what depends on the node's subtree alone (never on
    positions, names' meanings or other facts). The language server's incremental parser hands the
    statements an edit did not touch to the next version as the same objects (renumbered in place), so
    what is kept there is computed once, not on every edit; a re-parsed statement is a new node."""
    found = getattr(node, attribute, None)
    if found is None:
        found = make(node)
        setattr(node, attribute, found)
    return found


# node class → its bit in `subtree_kinds` masks
_KIND_BITS: Dict[type, int] = {}
_KINDS_ATTRIBUTE = "_hybridlint_kinds"
_KIND_LEAVES = (ast.Name, ast.Constant)  # no children: their mask is their own bit, never kept on them


def kind_bit(cls: type) -> int:
    """The bit of a node class in `subtree_kinds` masks."""
    bit = _KIND_BITS.get(cls)
    if bit is None:
        bit = _KIND_BITS[cls] = 1 << len(_KIND_BITS)
    return bit


class _StoredAttribute:
    """Stands for an attribute stored or deleted (`obj.x = ...`) in `subtree_kinds` masks."""


class _ModeAttribute:
    """Stands for an attribute named as a test of the mode (`tf.executing_eagerly`) in `subtree_kinds` masks."""


def _own_kinds(node: ast.AST) -> int:
    mask = _KIND_BITS.get(type(node)) or kind_bit(type(node))
    if type(node) is ast.Attribute:
        if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
            mask |= kind_bit(_StoredAttribute)
        if node.attr in _MODE_TEST_ATTRS:  # type: ignore[attr-defined]
            mask |= kind_bit(_ModeAttribute)
    return mask


def subtree_kinds(root: ast.AST) -> int:
    """A mask of the classes of the nodes under `root` (itself included, as `iter_children` finds them: no
    operator or context singletons), by `kind_bit`, and of two kinds of attribute (`_StoredAttribute`,
    `_ModeAttribute`): a walk that looks for some of them only may pass over a subtree without them. Kept on
    each node: the language server's incremental checker asks it of the statements it analyses
    (`IncrementalChecker._analyse`), and hands those an edit did not touch to the next version as the same
    objects, so only new nodes are walked for it. A tree without masks is walked whole, as it always was
    (the command line's checks, the project index)."""
    found = getattr(root, _KINDS_ATTRIBUTE, None)
    if found is not None:
        return found
    if type(root) in _KIND_LEAVES:
        return kind_bit(type(root))
    bits = _KIND_BITS
    fields_of = _CHILD_FIELDS.get
    node_type = ast.AST
    leaves = _KIND_LEAVES
    order: List[Tuple[ast.AST, List[ast.AST]]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        children: List[ast.AST] = []
        for name in fields_of(type(node)) or child_fields(type(node)):
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_type):
                        children.append(item)
                        if type(item) not in leaves and getattr(item, _KINDS_ATTRIBUTE, None) is None:
                            stack.append(item)
            elif isinstance(value, node_type):
                children.append(value)
                if type(value) not in leaves and getattr(value, _KINDS_ATTRIBUTE, None) is None:
                    stack.append(value)
        order.append((node, children))
    attribute = ast.Attribute
    for node, children in reversed(order):  # children before their parents
        mask = _own_kinds(node) if type(node) is attribute else (bits.get(type(node)) or kind_bit(type(node)))
        for child in children:
            known = getattr(child, _KINDS_ATTRIBUTE, None)
            mask |= known if known is not None else (bits.get(type(child)) or kind_bit(type(child)))
        setattr(node, _KINDS_ATTRIBUTE, mask)
    return getattr(root, _KINDS_ATTRIBUTE)


def walk_nodes(root: ast.AST) -> Iterator[ast.AST]:
    """Every node under `root` (itself included), in source order (pre-order, depth first): what
    `ast.walk` finds, less the operator and context singletons, in a third of the time."""
    stack = [root]
    pop, push = stack.pop, stack.extend
    child_fields_get = _CHILD_FIELDS.get
    node_type = ast.AST
    while stack:
        node = pop()
        yield node
        children: List[ast.AST] = []
        for name in child_fields_get(type(node)) or child_fields(type(node)):
            value = getattr(node, name, None)
            if type(value) is list:
                children.extend(item for item in value if isinstance(item, node_type))
            elif isinstance(value, node_type):
                children.append(value)
        if children:
            children.reverse()
            push(children)


def parent_map(root: ast.AST) -> Dict[int, ast.AST]:
    """id(node) → its parent node, for every node under `root` but the operator and context
    singletons; three times faster than pairing `ast.walk` with `ast.iter_child_nodes`."""
    parents: Dict[int, ast.AST] = {}
    index_parents([root], parents)
    return parents


def index_parents(stack: List[ast.AST], parents: Dict[int, ast.AST], collect: Optional[type] = None) -> List[ast.AST]:
    """Record id(child) → parent for everything under the nodes of `stack` (consumed) into `parents`,
    and return the nodes of class `collect` met on the way (the start nodes included)."""
    collected: List[ast.AST] = []
    pop, push = stack.pop, stack.append
    child_fields_get = _CHILD_FIELDS.get
    node_type = ast.AST
    while stack:
        node = pop()
        cls = type(node)
        if cls is collect:
            collected.append(node)
        for name in child_fields_get(cls) or child_fields(cls):
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, node_type):
                        parents[id(item)] = node
                        push(item)
            elif isinstance(value, node_type):
                parents[id(value)] = node
                push(value)
    return collected


# names every module can read without binding them: never one a star import gives (`__file__` too)
_BUILTINS = frozenset(dir(builtins)) | frozenset({"__file__", "__path__", "__builtins__", "__cached__"})
# Bases that define none of the methods a rule resolves: left out of the order, not an unknown there.
_OBJECT_BASES = frozenset({"object", "builtins.object", "abc.ABC"})


@dataclass(eq=False)
class ClassInfo:
    node: ast.ClassDef
    name: str
    parent_function: Optional["FunctionInfo"]
    methods: Dict[str, "FunctionInfo"] = field(default_factory=dict)
    # `self.step = tf.function(self._step)` seen in any method: attribute name → the use
    wrapped_attrs: Dict[str, "TfFunctionUse"] = field(default_factory=dict)
    is_keras: bool = False  # a Keras layer or model, known from its bases (here or through the index)
    # only named like one: a base that neither this module nor the index resolves (`TFPreTrainedModel`,
    # `BaseModel`, `*Layer`): its `call` family is traced only on this weaker evidence (preview)
    keras_weak: bool = False
    is_tf_module: bool = False  # a tf.Module (not Keras)
    # `super().__init__(dynamic=True)` or `self.run_eagerly = True` in `__init__`, or a `compile` override
    # that always passes `super().compile(..., run_eagerly=True)`: Keras does not trace it; a `__call__`
    # override that runs `self.call(...)` itself: that Keras traces it is not shown
    runs_eagerly: bool = False
    # `model.compile(..., run_eagerly=True)` on an instance of it in this module: its steps are traced
    # only where it is compiled otherwise, which this module does not show (weak)
    compiled_eagerly: bool = False
    # a `compile` override that passes `run_eagerly=<C>` (or a local set True exactly when `if C:`), with C
    # built of `self` attributes: (C, the outcome of C that makes it eager). Code of the class under the
    # same test runs only eagerly when `fit` runs it (`eager_when_compiled`)
    compile_eager_tests: List[Tuple[ast.expr, bool]] = field(default_factory=list)
    # `self.x = Cls(...)` in `__init__`: attribute → the class expression (`Cls`), for `self.x.method(...)`
    attr_types: Dict[str, ast.expr] = field(default_factory=dict)
    dead: bool = False  # inside a definition a later one of the same name replaces unused (`shadowed_definitions`)
    # a Keras model (a base named `Model`, `Sequential` or `...Model`), not only a layer: its `call` is
    # traced when the model is fit, evaluated, predicted, saved or called in traced code, never by its
    # mere use (a layer's is, inside any model)
    keras_model: bool = False
    # why no run of `call` in a trace is shown, when that makes its `call` weak evidence (a clause of
    # the message: "this module shows none of these for a model, ...")
    unrun_model: str = ""
    # what shows the class is TensorFlow 1 or multi-backend Keras code, as a clause of the message ("its class
    # uses `tf.matrix_set_diag`", "its module uses `tf.layers.dense`"), where Keras builds `call` once in a graph
    # and never traces it with tf.function; "" when nothing does, None: not asked
    tensorflow1: Optional[str] = None


@dataclass(eq=False)
class TfFunctionUse:
    """One application of tf.function: a decorator, or a `tf.function(f, ...)` call."""

    node: ast.AST
    keywords: Dict[str, ast.expr]
    target: Optional["FunctionInfo"] = None
    bound_to: Optional[str] = None  # "g" for `g = tf.function(f)`, "self.step" for attributes

    @property
    def has_input_signature(self) -> bool:
        return "input_signature" in self.keywords


# What a call may pass a parameter (`ModuleFacts.passed_keywords`, `ModuleSummary.passed_keywords`): a value
# that may be true, one that may be false (a value that is no literal may be either).
PASSED_TRUE = 1
PASSED_FALSE = 2


def truth_mask(value: ast.expr) -> int:
    """`PASSED_TRUE` and/or `PASSED_FALSE`: the truth a passed value may have."""
    if isinstance(value, ast.Constant):
        return PASSED_TRUE if value.value else PASSED_FALSE
    return PASSED_TRUE | PASSED_FALSE


@dataclass(eq=False)
class GraphInfo:
    """Why a function body runs as a graph."""

    reason: str  # decorated | wrapped | called | nested | dataset | keras | vectorized
    origin: "FunctionInfo"  # the traced entry point
    site: Optional[ast.AST] = None  # decorator, wrapping call, call site or dataset call
    via: Optional["FunctionInfo"] = None  # the caller, for "called" and "nested"
    external: Optional[IncomingTrace] = None  # traced because of code in another module of the project
    # decided on weaker evidence (a base class only named like Keras, `strategy.run`): findings that
    # depend on it are preview (`Rule.report` asks `weak_graph`)
    weak: bool = False
    # the code runs only when the traced entry point is given a parameter that its literal default turns
    # off (`if logging:` under `logging=False`), which nothing in the module passes and another module of
    # the project may: (parameter, the truth it must have, what shows another module may pass it).
    # Set only on what `ModuleAnalysis.live_graph` returns; weak evidence, like `weak`
    flag: Optional[Tuple[str, bool, str]] = None
    # for a Keras-made trace (a Keras method, a `Lambda` layer's function, a loss given to `compile`) that is
    # weak because Keras builds it once in a graph without tf.function, what shows it, as the rest of the
    # description ("with eager execution on; this module turns eager execution off ...":
    # `ModuleFacts.keras_built_once`); "" otherwise
    once: str = ""

    @property
    def confident(self) -> bool:
        return self.reason != "keras"

    @property
    def is_weak(self) -> bool:
        """This context, or the traced entry point it comes from, rests on weak evidence."""
        if self.weak or self.flag is not None:
            return True
        origin = self.origin.graph
        return origin is not None and origin is not self and origin.weak

    def describe(self) -> str:
        text = self._describe()
        if self.flag is not None:
            name, truth, why = self.flag
            text += f"; and only when `{name}` is passed {'true' if truth else 'false'}: nothing in this module passes it, {why}"
        return text

    def _describe(self) -> str:
        if self.external is not None:
            text = self.external.describe()
            return f"{text} {self.once}" if self.weak and self.once else text
        if self.reason == "decorated":
            return "decorated with tf.function"
        if self.reason == "wrapped":
            return "wrapped by tf.function"
        if self.reason == "dataset":
            return "traced by a tf.data transformation"
        if self.reason == "keras":
            cls = self.origin.cls
            if self.weak and cls is not None and cls.unrun_model and cls.is_keras:
                return (
                    "a Keras model's `call`, which Keras traces in `fit`, `evaluate`, `predict` or a tf.function; "
                    f"{cls.unrun_model}"
                )
            if self.weak and cls is not None and cls.tensorflow1 and cls.is_keras:
                return (
                    f"a Keras method, which Keras traces in `fit`, `evaluate` and `predict` on TensorFlow 2; "
                    f"{cls.tensorflow1}, which only TensorFlow 1 or multi-backend Keras has, where Keras builds it once "
                    "without tf.function"
                )
            if self.weak and self.once:
                return f"a Keras method, which Keras traces in `fit`, `evaluate` and `predict` {self.once}"
            if self.weak and cls is not None and cls.compiled_eagerly and cls.is_keras:
                return (
                    "a Keras method, which Keras traces in `fit`, `evaluate` and `predict` unless run_eagerly is set "
                    "(this module compiles the model with run_eagerly=True)"
                )
            if self.weak:
                return (
                    "a Keras method if its base class is a Keras layer or model, which Keras traces in `fit`, "
                    "`evaluate` and `predict` unless run_eagerly is set"
                )
            return "a Keras method, which Keras traces in `fit`, `evaluate` and `predict` unless run_eagerly is set"
        if self.reason in KERAS_FUNCTION_REASONS:
            text = _KERAS_FUNCTION_TRACES[self.reason]
            return f"{text} {self.once}" if self.weak and self.once else text
        if self.reason == "strategy":
            return "run by `strategy.run`, which traces it on some strategies"
        if self.reason == "functions-dict":
            return "called from traced code through a dict of functions"
        if self.reason == "vectorized":
            return "traced by tf.vectorized_map (which traces its function even when called eagerly)"
        via = self.via.name if self.via is not None else "?"
        entry = self.origin.graph
        # the weak reason of the entry point, not a plain "which is traced" the analysis did not show
        traced = "is traced" if entry is None or entry is self or not entry.weak else f"may be traced ({entry.describe()})"
        if self.reason == "nested":
            return f"defined inside `{via}`, which {traced}"
        return f"called from `{via}`, which {traced}"


@dataclass(frozen=True, eq=False)
class Unconverted:
    """A function that a TensorFlow op of `UNCONVERTING_OPS` calls without AutoGraph conversion."""

    op: str  # the op as written where it is called: "tf.scan"; "" for a Keras 3 method
    entry: "FunctionInfo"  # the function given to the op (`step`), or the Keras method (`call`)
    caller: str  # the name of the traced function that makes the call (the class, for a Keras method)
    path: Optional[str] = None  # the project-relative path of the caller's module, when it is another one
    keras: str = ""  # for a Keras 3 method: why this is Keras 3


@dataclass(eq=False)
class FunctionInfo:
    node: FunctionNode
    name: str
    qualname: str
    parent: Optional["FunctionInfo"]
    cls: Optional[ClassInfo]  # set when this def is directly a method of `cls`
    locals: Dict[str, Optional[str]] = field(default_factory=dict)  # name → import qualname or None
    nested: Dict[str, "FunctionInfo"] = field(default_factory=dict)
    globals_declared: Set[str] = field(default_factory=set)
    decorator: Optional[TfFunctionUse] = None
    wrappers: List[TfFunctionUse] = field(default_factory=list)
    graph: Optional[GraphInfo] = None
    calls: List["CallSite"] = field(default_factory=list)  # resolved calls made from this body
    callers: List["CallSite"] = field(default_factory=list)  # resolved call sites of this function
    py_function_target: bool = False
    # Set on stand-ins for functions of other modules (`node` is then a body-less stub): rules map
    # arguments onto a stub's parameters but never judge its body.
    external: Optional[ExternalFunction] = None
    # inside a definition that a later one of the same name replaces before any use: it never runs, is
    # never traced and calls nothing (`shadowed_definitions`)
    dead: bool = False

    @property
    def applications(self) -> List[TfFunctionUse]:
        """Every application of tf.function to this function: its decorator, then each wrapping call."""
        return ([self.decorator] if self.decorator is not None else []) + list(self.wrappers)

    @property
    def is_tf_function(self) -> bool:
        """Calling this name calls a tf.function object (decorated)."""
        return self.decorator is not None

    @property
    def runs_once(self) -> bool:
        return self.name in RUNS_ONCE_FUNCTIONS

    @property
    def is_method(self) -> bool:
        return self.cls is not None

    def within(self, outer: "FunctionInfo") -> bool:
        """This function is `outer` or a def/lambda nested in it."""
        scope: Optional[FunctionInfo] = self
        while scope is not None:
            if scope is outer:
                return True
            scope = scope.parent
        return False


@dataclass(eq=False)
class CallSite:
    node: ast.Call
    caller: Optional[FunctionInfo]  # None at module level
    loops: Tuple[ast.AST, ...]  # enclosing loops within the caller's own body
    target: FunctionInfo
    wrapper: Optional[TfFunctionUse]  # the tf.function object being called, if any
    eager: bool = False  # inside `with tf.init_scope()` / `if tf.executing_eagerly()`
    is_reference: bool = False  # the function is passed as a value, not called
    # inside a graph-only region (`else` of `if tf.executing_eagerly():`, `if not tf.executing_eagerly():`):
    # the call runs only while some graph is being built, so once per trace of whatever is traced
    graph_only: bool = False

    @property
    def in_loop(self) -> bool:
        return bool(self.loops)


class _RawCall:
    """A call as the collector met it, resolved after the walk (`ModuleFacts._resolve_call`). A plain class
    with slots: one is made for every call of the module on every check."""

    __slots__ = ("node", "scope", "cls", "loops", "eager", "graph_only")

    def __init__(
        self,
        node: ast.Call,
        scope: Optional[FunctionInfo],
        cls: Optional[ClassInfo],
        loops: Tuple[ast.AST, ...],
        eager: bool,
        graph_only: bool = False,
    ):
        self.node = node
        self.scope = scope
        self.cls = cls
        self.loops = loops
        self.eager = eager
        self.graph_only = graph_only

    def __repr__(self) -> str:
        return f"_RawCall(node={self.node!r}, scope={self.scope!r}, eager={self.eager}, graph_only={self.graph_only})"


EXECUTING_EAGERLY_NAMES = frozenset(
    {
        "tensorflow.executing_eagerly",
        "tensorflow.compat.v1.executing_eagerly",
        "tensorflow.python.eager.context.executing_eagerly",
    }
)
# True exactly while a graph is being built: the opposite of `executing_eagerly()`.
INSIDE_FUNCTION_NAMES = frozenset({"tensorflow.inside_function", "tensorflow.compat.v1.inside_function"})
EAGER, GRAPH = "eager", "graph"
_MODE_NAMES = EXECUTING_EAGERLY_NAMES | INSIDE_FUNCTION_NAMES
_MODE_TEST_ATTRS = frozenset(name.rsplit(".", 1)[1] for name in _MODE_NAMES)
# any other test proves no mode (a call: `executing_eagerly()` or a project's helper; a comparison: the
# Keras backend, or the module's TensorFlow binding against None)
_MODE_TESTS = (ast.Call, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Name)
# The Keras 3 function that names the backend (`keras.config.backend()`, `keras.backend.backend()`, within
# Keras `backend.backend()`): a branch that runs only on another backend never runs under TensorFlow, so
# no tf.function traces it; the graph analysis treats it as eager-only (EAGER).
KERAS_BACKEND_NAMES = frozenset(
    {
        "tensorflow.keras.config.backend",
        "tensorflow.keras.backend.backend",
        "tensorflow.keras.src.backend.backend",
        "tensorflow.keras.src.backend.config.backend",
    }
)

# -- what a test proves about the execution mode ----------------------------------------------------
# A condition is a list of alternatives (any may hold), each a set of atoms that all hold: EAGER or GRAPH,
# or "+dotted"/"-dotted": a mode test of another module of the project (`ModuleLink.mode_tests`, computed
# by the index from `FunctionRecord.mode`) returned true/false. An empty set proves nothing.
Condition = List[FrozenSet[str]]
_UNKNOWN: Condition = [frozenset()]
_ALTERNATIVES = 8  # a condition with more alternatives is weakened to "unknown" (sound: it proves less)


def _cond_and(a: Condition, b: Condition) -> Condition:
    out = list(dict.fromkeys(x | y for x in a for y in b))
    return out if len(out) <= _ALTERNATIVES else _UNKNOWN


def _cond_or(a: Condition, b: Condition) -> Condition:
    out = list(dict.fromkeys(a + b))
    return out if len(out) <= _ALTERNATIVES else _UNKNOWN


def cond_mode(cond: Condition, atom: Callable[[str], Optional[str]]) -> Optional[str]:
    """The mode every alternative of `cond` proves (each by any of its atoms, all agreeing), else None."""
    if cond is _UNKNOWN:  # most tests: its one alternative proves nothing
        return None
    found: Optional[str] = None
    for alternative in cond:
        modes = {atom(a) for a in alternative} - {None}
        if len(modes) != 1:
            return None  # proves nothing, or contradicts itself: nothing is claimed
        mode = modes.pop()
        if found is not None and mode != found:
            return None
        found = mode
    return found


def _root_name(expr: ast.expr) -> Optional[str]:
    while isinstance(expr, (ast.Attribute, ast.Call)):
        expr = expr.func if isinstance(expr, ast.Call) else expr.value
    return expr.id if isinstance(expr, ast.Name) else None


class _Where:
    """Where a test is read: the function's scope (None in a helper read out of order), the names its
    def binds when read syntactically (they hide module names), and the class and `self` name of a method."""

    __slots__ = ("scope", "shadow", "cls", "self_name", "imports")

    def __init__(self, scope, shadow=frozenset(), cls=None, self_name=None, imports=None):
        self.scope = scope
        self.shadow = shadow
        self.cls = cls  # the ClassDef node of the method
        self.self_name = self_name
        # names the def binds only by an absolute import in its body (`import tensorflow as tf`) → dotted name
        self.imports: Dict[str, str] = imports or {}


_MODULE_LEVEL = _Where(None)  # where a test at module level is read (`_where_of`; never changed)


def _where_of(facts: "ModuleFacts", scope: Optional[FunctionInfo]) -> _Where:
    """Where a test in `scope` is read; made once per function (it depends on the def alone) and kept on its
    info."""
    if scope is None:
        return _MODULE_LEVEL
    found = scope.__dict__.get("_where")
    if found is None:
        found = scope.__dict__["_where"] = _where_in(scope)
    return found


def _where_in(scope: FunctionInfo) -> _Where:
    cls = self_name = None
    if scope is not None and scope.cls is not None and not isinstance(scope.node, ast.Lambda):
        args = scope.node.args.posonlyargs + scope.node.args.args
        if args and not any(_decorator_id(d) in ("staticmethod", "classmethod") for d in scope.node.decorator_list):
            cls, self_name = scope.cls.node, args[0].arg
    return _Where(scope, frozenset(), cls, self_name)


def _decorator_id(dec: ast.expr) -> str:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return target.id if isinstance(target, ast.Name) else (target.attr if isinstance(target, ast.Attribute) else "")


def _test_cond(test: ast.expr, when: bool, facts: "ModuleFacts", where: _Where, depth: int = 0) -> Condition:
    """What `test` evaluating to `when` proves about the mode, as a condition (see above; `_test_conds`)."""
    return _test_conds(test, facts, where, depth)[0 if when else 1]


def _test_conds(test: ast.expr, facts: "ModuleFacts", where: _Where, depth: int = 0) -> Tuple[Condition, Condition]:
    """What `test` evaluating to true, and to false, proves about the mode, as conditions (see above): both
    outcomes in one reading of the test, which asks the same helpers in the same order for either.

    `executing_eagerly()` true proves eager and false proves graph building; `not` swaps the outcome;
    an `and` that is true (an `or` that is false) proves what any operand proves; an `and` that is
    false (an `or` that is true) proves only what all operands agree on. A call of a project function
    proves what its returns show (`function_condition`); a Keras backend other than TensorFlow, or the
    module's TensorFlow binding being None, proves that nothing is traced (EAGER)."""
    kind = type(test)  # (the branches below are of disjoint node classes: asked in the order of the likeliest)
    if kind is ast.Compare:
        return _compare_conds(test, facts, where) if len(test.ops) == 1 else (_UNKNOWN, _UNKNOWN)  # type: ignore[attr-defined]
    if kind is ast.Call:
        return _call_conds(test, facts, where, depth)  # type: ignore[arg-type]
    if kind is ast.Name:
        if where.scope is not None and depth <= 6:
            # a local bound once, to a test (`is_torch = keras.config.backend() == "torch"`): the mode and the
            # backend do not change within a call, so it proves what the test proved
            value = facts.single_binding(where.scope, test.id) if test.id in facts.assigned_tests(where.scope) else None  # type: ignore[attr-defined]
            if value is not None and isinstance(value, _MODE_TESTS):
                return _test_conds(value, facts, where, depth + 1)
        return _UNKNOWN, _UNKNOWN
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        when_true, when_false = _test_conds(test.operand, facts, where, depth)
        return when_false, when_true
    if isinstance(test, ast.BoolOp):
        conds = [_test_conds(value, facts, where, depth) for value in test.values]
        if all(c[0] is _UNKNOWN and c[1] is _UNKNOWN for c in conds):
            return _UNKNOWN, _UNKNOWN  # what combining operands that prove nothing gives (most `and`/`or` tests)
        both = isinstance(test.op, ast.And)
        combine_true, combine_false = (_cond_and, _cond_or) if both else (_cond_or, _cond_and)
        when_true, when_false = conds[0]
        for value_true, value_false in conds[1:]:
            when_true = combine_true(when_true, value_true)
            when_false = combine_false(when_false, value_false)
        return when_true, when_false
    return _UNKNOWN, _UNKNOWN


def _qualname(expr: ast.expr, facts: "ModuleFacts", where: _Where) -> Optional[str]:
    root = _root_name(expr)
    if root is not None and root in where.imports:
        parts = dotted_parts(expr.func if isinstance(expr, ast.Call) else expr)
        return normalize_qualname(".".join([where.imports[root]] + parts[1:])) if parts else None
    if root is None or root in where.shadow:
        return None
    return facts.qualname(expr, where.scope)


def _call_conds(test: ast.Call, facts: "ModuleFacts", where: _Where, depth: int) -> Tuple[Condition, Condition]:
    func = test.func
    if isinstance(func, ast.Attribute) and func.attr in _MODE_TEST_ATTRS or isinstance(func, ast.Name) and func.id in _MODE_TEST_ATTRS:
        if not test.args and not test.keywords:
            name = _qualname(func, facts, where)
            if name in EXECUTING_EAGERLY_NAMES:
                return [frozenset({EAGER})], [frozenset({GRAPH})]
            if name in INSIDE_FUNCTION_NAMES:
                return [frozenset({GRAPH})], [frozenset({EAGER})]
    if depth > 6 or not isinstance(func, (ast.Name, ast.Attribute)):
        return _UNKNOWN, _UNKNOWN
    found = facts.helper_condition(func, where, depth + 1)
    if found is None:
        return _UNKNOWN, _UNKNOWN
    if isinstance(found, str):
        return [frozenset({"+" + found})], [frozenset({"-" + found})]  # another module's: the index answers
    when_true, when_false = found[0], found[1]
    return (
        [frozenset({when_true})] if when_true is not None else _UNKNOWN,
        [frozenset({when_false})] if when_false is not None else _UNKNOWN,
    )


def _compare_conds(test: ast.Compare, facts: "ModuleFacts", where: _Where) -> Tuple[Condition, Condition]:
    """What a comparison being true, and false, proves (`_test_conds`): the TensorFlow binding against None,
    or the Keras backend against names; read once for both outcomes."""
    op, left, right = test.ops[0], test.left, test.comparators[0]
    if isinstance(op, (ast.Is, ast.IsNot)):
        # `tf is None` with `tf` the module's TensorFlow binding (an optional import): TensorFlow is absent
        if isinstance(right, ast.Constant) and right.value is None and isinstance(left, ast.Name):
            if left.id not in where.shadow and facts.qualname(left, where.scope) == TF:
                eager: Condition = [frozenset({EAGER})]
                return (eager, _UNKNOWN) if isinstance(op, ast.Is) else (_UNKNOWN, eager)
        return _UNKNOWN, _UNKNOWN
    if not isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
        return _UNKNOWN, _UNKNOWN
    if isinstance(left, ast.Constant) and isinstance(op, (ast.Eq, ast.NotEq)):
        left, right = right, left
    if not (isinstance(left, ast.Call) and not left.args and not left.keywords and isinstance(left.func, (ast.Name, ast.Attribute))):
        return _UNKNOWN, _UNKNOWN
    if (left.func.id if isinstance(left.func, ast.Name) else left.func.attr) != "backend":
        return _UNKNOWN, _UNKNOWN
    if isinstance(right, ast.Constant) and isinstance(right.value, str):
        names = {right.value}
    elif isinstance(right, (ast.Tuple, ast.List, ast.Set)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right.elts
    ):
        names = {e.value for e in right.elts}  # type: ignore[attr-defined]
    else:
        return _UNKNOWN, _UNKNOWN
    if _qualname(left.func, facts, where) not in KERAS_BACKEND_NAMES:
        return _UNKNOWN, _UNKNOWN

    def proves(member: bool) -> Condition:  # the backend is one of `names`, or not
        if member:
            return [frozenset({EAGER})] if "tensorflow" not in names else _UNKNOWN
        return [frozenset({EAGER})] if names == {"tensorflow"} else _UNKNOWN

    is_member = isinstance(op, (ast.Eq, ast.In))
    return proves(is_member), proves(not is_member)


_HELPER_LINES = 60  # a longer def is read as no mode test (helpers are short; it bounds the work)
_PREDICATE_RETURNS = (ast.Constant, ast.Call, ast.UnaryOp, ast.BoolOp, ast.Compare)


def _may_be_predicate(node: ast.AST) -> bool:
    """A necessary test for `function_condition`, by statements only: a short def whose every `return`
    gives a constant, a call without arguments, a comparison, `not` or `and`/`or`, and that tests something
    (an `if`, or a return that is no constant)."""
    if not isinstance(node, ast.FunctionDef) or (node.end_lineno or node.lineno) - node.lineno > _HELPER_LINES:
        return False
    tests = False
    returns = False
    stack: List[ast.stmt] = list(node.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(stmt, ast.Return):
            value = stmt.value
            if value is not None and not isinstance(value, _PREDICATE_RETURNS):
                return False
            if isinstance(value, ast.Call) and (value.args or value.keywords):
                return False  # `return tf.reshape(x, s)`: a value; the mode tests are asked without arguments
            returns = True
            tests = tests or (stmt.value is not None and not isinstance(stmt.value, ast.Constant))
            continue
        if isinstance(stmt, ast.If):
            tests = True
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(block, list):
                stack.extend(s for s in block if isinstance(s, ast.stmt))
        for handler in getattr(stmt, "handlers", ()):
            stack.extend(handler.body)
        for case in getattr(stmt, "cases", ()):
            stack.extend(case.body)
    return returns and tests


def function_condition(
    node: ast.AST, facts: "ModuleFacts", where: _Where, depth: int
) -> Optional[Tuple[Condition, Condition]]:
    """What a def's result proves when true and when false, from every return path: the condition on
    the way there (its `if` tests, the guards that returned before it) and what the returned test
    proves. None for no predicate: a generator, a coroutine, or a return of anything but a constant,
    a call, a comparison, `not` or `and`/`or` (a value the analysis cannot read as a test)."""
    if not isinstance(node, ast.FunctionDef) or (node.end_lineno or node.lineno) - node.lineno > _HELPER_LINES:
        return None
    returns: List[Tuple[Condition, Optional[ast.expr]]] = []
    stack: List[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(item, (ast.Yield, ast.YieldFrom, ast.Await)):
            return None
        if isinstance(item, ast.Return) and item.value is not None and not isinstance(item.value, _PREDICATE_RETURNS):
            return None
        stack.extend(iter_children(item))
    falls, end = _paths(node.body, _UNKNOWN, facts, where, depth, returns)
    if falls:
        returns.append((end, None))
    true_cond: Condition = []
    false_cond: Condition = []
    for cond, value in returns:
        if value is None or isinstance(value, ast.Constant):
            outcome = bool(value.value) if isinstance(value, ast.Constant) else False
            if outcome:
                true_cond = _cond_or(true_cond, cond)
            else:
                false_cond = _cond_or(false_cond, cond)
            continue
        value_true, value_false = _test_conds(value, facts, where, depth)
        true_cond = _cond_or(true_cond, _cond_and(cond, value_true))
        false_cond = _cond_or(false_cond, _cond_and(cond, value_false))
    return true_cond, false_cond


def _paths(
    stmts: List[ast.stmt],
    cond: Condition,
    facts: "ModuleFacts",
    where: _Where,
    depth: int,
    returns: List[Tuple[Condition, Optional[ast.expr]]],
) -> Tuple[bool, Condition]:
    """Walk a block under `cond`, recording each return with its condition: (falls through, condition after)."""
    for stmt in stmts:
        if isinstance(stmt, ast.Return):
            returns.append((cond, stmt.value))
            return False, cond
        if isinstance(stmt, (ast.Raise, ast.Continue, ast.Break)):
            return False, cond  # a loop's `break`/`continue`: the loop's own walk goes on from its start
        if isinstance(stmt, ast.If):
            test_true, test_false = _test_conds(stmt.test, facts, where, depth)
            body_cond = _cond_and(cond, test_true)
            else_cond = _cond_and(cond, test_false)
            bf, bc = _paths(stmt.body, body_cond, facts, where, depth, returns)
            of, oc = _paths(stmt.orelse, else_cond, facts, where, depth, returns)
            if not bf and not of:
                return False, cond
            cond = bc if not of else oc if not bf else _cond_or(bc, oc)
            continue
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                _paths(block, cond, facts, where, depth, returns)
        for handler in getattr(stmt, "handlers", ()):
            _paths(handler.body, cond, facts, where, depth, returns)
        for case in getattr(stmt, "cases", ()):
            _paths(case.body, cond, facts, where, depth, returns)
        # anything else (a loop, `with`, `try`) may or may not have left: the condition before it holds
    return True, cond


def _def_imports(node: ast.FunctionDef) -> Dict[str, str]:
    """Names the def binds only by absolute imports in its body (not in nested defs), each to one module
    or name: `import tensorflow as tf` → {"tf": "tensorflow"}, `from tensorflow import inside_function`."""
    found: Dict[str, str] = {}
    other: Set[str] = set()
    stack: List[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            other.add(getattr(item, "name", ""))
            continue
        if isinstance(item, ast.Import):
            for alias in item.names:
                name = alias.asname or alias.name.split(".")[0]
                dotted = alias.name if alias.asname else name
                if found.setdefault(name, dotted) != dotted:
                    other.add(name)
            continue
        if isinstance(item, ast.ImportFrom):
            for alias in item.names:
                name = alias.asname or alias.name
                if item.level or not item.module or alias.name == "*" or found.setdefault(name, f"{item.module}.{alias.name}") != f"{item.module}.{alias.name}":
                    other.add(name)
            continue
        if isinstance(item, ast.Name) and not isinstance(item.ctx, ast.Load):
            other.add(item.id)
        elif isinstance(item, (ast.Global, ast.Nonlocal)):
            other.update(item.names)
        stack.extend(iter_children(item))
    args = node.args
    other.update(a.arg for a in args.posonlyargs + args.args + args.kwonlyargs)
    other.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    return {name: dotted for name, dotted in found.items() if name not in other}


def _def_binds(node: ast.FunctionDef) -> FrozenSet[str]:
    args = node.args
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    for stmt in node.body:
        names |= _stored_names(stmt)
    for item in ast.walk(node):
        if isinstance(item, (ast.Global, ast.Nonlocal)):
            names.difference_update(item.names)
    return frozenset(names)


def _mode_implied(test: ast.expr, when: bool, facts: "ModuleFacts", scope: Optional[FunctionInfo]) -> Optional[str]:
    """The execution mode that `test` evaluating to `when` proves: EAGER, GRAPH or None (unknown)
    (`_test_cond`)."""
    if not isinstance(test, _MODE_TESTS):
        return None
    return cond_mode(_read_test(test, facts, scope)[0 if when else 1], facts.atom_mode)


def _optional_tf_import(node: ast.Assign, facts: "ModuleFacts") -> bool:
    """`tf = try_import_tensorflow()` at module level, where that def of the module returns only None or
    the module `import tensorflow` (as some name) binds in it: `tf` is TensorFlow, or None without it."""
    value = node.value
    if not (
        len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and not value.args
        and not value.keywords
    ):
        return False
    helper = facts._top_level()[0].get(value.func.id)
    if helper is None or helper.decorator_list or facts.imports.get(value.func.id) is not None:
        return False
    imported: Set[str] = set()
    others: Set[str] = set()
    for stmt in ast.walk(helper):
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                (imported if alias.name == "tensorflow" and (alias.asname or "." not in alias.name) else others).add(
                    alias.asname or alias.name.split(".")[0]
                )
        elif isinstance(stmt, (ast.Name,)) and not isinstance(stmt.ctx, ast.Load):
            others.add(stmt.id)
    imported -= others
    returns_tf = False
    for item in ast.walk(helper):
        if isinstance(item, (ast.Yield, ast.YieldFrom, ast.Lambda)) or (
            isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item is not helper
        ):
            return False
        if isinstance(item, ast.Return):
            if item.value is None or isinstance(item.value, ast.Constant) and item.value.value is None:
                continue
            if isinstance(item.value, ast.Name) and item.value.id in imported:
                returns_tf = True
                continue
            return False
    return returns_tf


def branch_modes(
    test: ast.expr, facts: "ModuleFacts", scope: Optional[FunctionInfo]
) -> Tuple[Optional[str], Optional[str]]:
    """The execution mode each branch of `if test:` (body, orelse) only ever runs in: EAGER for
    `if tf.executing_eagerly():`, GRAPH (a graph-only region: the code runs only while some graph
    is being built, i.e. at trace time) for its `else:` and for `if not tf.executing_eagerly():`;
    None when the test says nothing about the mode."""
    if not isinstance(test, _MODE_TESTS):
        return None, None
    when_true, when_false = _read_test(test, facts, scope)
    return cond_mode(when_true, facts.atom_mode), cond_mode(when_false, facts.atom_mode)


def _read_test(test: ast.expr, facts: "ModuleFacts", scope: Optional[FunctionInfo]) -> Tuple[Condition, Condition]:
    """`_test_conds` of a test read in the function `scope` (None: module level), kept on the facts once
    the collector is done: the flow walks and the engine's walk ask the same `if` tests again. (While it
    collects, the facts are not complete yet, and its reading is never kept.)"""
    if not facts._collected:
        return _test_conds(test, facts, _where_of(facts, scope))
    memo = facts.kept("_read_tests", dict)
    key = (id(test), id(scope))
    found = memo.get(key)
    if found is None or found[0] is not test or found[1] is not scope:
        found = memo[key] = (test, scope, _test_conds(test, facts, _where_of(facts, scope)))
    return found[2]


def is_eager_only_test(test: ast.expr, facts: "ModuleFacts", scope: Optional[FunctionInfo]) -> bool:
    """The body of `if test:` only runs eagerly (`tf.executing_eagerly()`, `tf.compat.v1.executing_eagerly()`,
    `tf.executing_eagerly() and ...`, `not tf.inside_function()`)."""
    return _mode_implied(test, True, facts, scope) == EAGER


def is_init_scope(item: ast.withitem, facts: "ModuleFacts", scope: Optional[FunctionInfo]) -> bool:
    expr = item.context_expr
    return isinstance(expr, ast.Call) and facts.qualname(expr.func, scope) in (
        "tensorflow.init_scope",
        "tensorflow.compat.v1.init_scope",
    )


# -- eager-only regions found by flow --------------------------------------------------------------
# Beyond the branches of `if tf.executing_eagerly():` (which the walks handle themselves): code reached only
# after a guard proved eager execution. The rest of a block after `if not tf.executing_eagerly(): raise`
# (or return/continue/break); the operands after `tf.executing_eagerly() and` (`not ... or`) and an
# eager-only branch of a conditional expression; and a later `if C:` when every path through an earlier
# `if C:` that fell through had proved eager execution (`if cache is not None and not
# tf.executing_eagerly(): raise` ... `if cache is not None: cache[k] = t.numpy()`), with C built of locals
# not rebound in between. Execution mode does not change within one call, so once proved it stays proved.
# Also, in a Keras class whose own `compile` passes `run_eagerly=True` exactly when a test of `self`
# attributes holds (set only in `__init__`), the code under that same test: `fit` runs it only eagerly.

_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_COND_NODES = (ast.Name, ast.Constant, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Load, ast.cmpop, ast.boolop, ast.unaryop)


def is_main_guard(test: ast.expr) -> bool:
    """`__name__ == "__main__"` (either way round): the block a module runs only as a script."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    has_name = any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
    has_main = any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)
    return has_name and has_main


# What hands a Keras model to Keras's own compiled loops.
_KERAS_LOOPS = frozenset(
    "fit predict evaluate compile train_on_batch test_on_batch predict_on_batch fit_generator "
    "evaluate_generator predict_generator make_train_function make_predict_function make_test_function".split()
)


def _only_called_directly(block: ast.AST, class_name: str) -> bool:
    """In `block` (outside any def), `class_name` is only instantiated into plain names, and those names
    are only called (`mod(x)`) or read for attributes other than Keras's loops; no use inside a def."""
    parents: Dict[int, ast.AST] = {}
    for parent in ast.walk(block):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent
    instances: Set[str] = set()
    for node in ast.walk(block):
        if isinstance(node, ast.Name) and node.id == class_name and isinstance(node.ctx, ast.Load):
            call = parents.get(id(node))
            assign = parents.get(id(call)) if call is not None else None
            if not (
                isinstance(call, ast.Call)
                and call.func is node
                and isinstance(assign, ast.Assign)
                and len(assign.targets) == 1
                and isinstance(assign.targets[0], ast.Name)
            ):
                return False
            instances.add(assign.targets[0].id)
    if not instances:
        return False
    for node in ast.walk(block):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if any(isinstance(n, ast.Name) and n.id in instances for n in ast.walk(node)):
                return False
        if not (isinstance(node, ast.Name) and node.id in instances and isinstance(node.ctx, ast.Load)):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Call) and parent.func is node:
            continue
        if isinstance(parent, ast.Attribute) and parent.value is node and parent.attr not in _KERAS_LOOPS:
            continue
        return False
    return True


def _stored_names(node: ast.AST) -> Set[str]:
    """Names a statement binds or deletes (not inside the defs and lambdas it holds, except their names)."""
    found: Set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Name) and not isinstance(item.ctx, ast.Load):
            found.add(item.id)
        elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(item.name)
            if item is not node:
                continue
        elif isinstance(item, ast.Lambda):
            continue
        elif isinstance(item, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in item.names)
        stack.extend(iter_children(item))
    return found


class _EagerFlow:
    def __init__(self, facts: "ModuleFacts", info: FunctionInfo):
        self.facts = facts
        self.info = info
        self.roots: Set[int] = set()
        # statements after a branch that left, whose test another module's mode test decides and the link
        # does not answer (the index's summaries): id → the conditions the rest of the block runs under
        self.pending_roots: Dict[int, List[Condition]] = {}
        # tests under which the class's own `compile` makes `fit` run eagerly (`_compile_eager_keys`)
        self.compile_keys: Dict[str, bool] = {}

    def _compile_forced(self, test: ast.expr) -> Tuple[bool, bool]:
        """(body, orelse) of `if test:` that run only eagerly because the class's `compile` forces it."""
        outcome = self.compile_keys.get(ast.dump(test)) if self.compile_keys else None
        return outcome is True, outcome is False

    def _key(self, test: ast.expr) -> Optional[Tuple[str, frozenset]]:
        """A condition whose value stays the same until one of its names is rebound: (text, names)."""
        names = set()
        for node in ast.walk(test):
            if not isinstance(node, _COND_NODES):
                return None
            if isinstance(node, ast.Name):
                if node.id not in self.info.locals or node.id in self.info.globals_declared:
                    return None
                names.add(node.id)
        return (ast.dump(test), frozenset(names)) if names else None

    def _known(self, test: ast.expr, known: Dict[str, frozenset]) -> bool:
        if not known:
            return False
        parts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
        return any(ast.dump(part) in known for part in parts)

    def block(self, stmts: List[ast.stmt], eager: bool, known: Dict[str, frozenset], covered: bool):
        """Walk a block: (falls through, eager after it, conditions known to prove eager after it)."""
        pending: List[Condition] = []
        for stmt in stmts:
            if eager and not covered:
                self.roots.add(id(stmt))
            elif pending and not eager:
                self.pending_roots[id(stmt)] = list(pending)
            stmt_covered = covered or eager
            if isinstance(stmt, _EXITS):
                return False, eager, known
            if isinstance(stmt, ast.If):
                conds: Tuple[Condition, Condition] = (_UNKNOWN, _UNKNOWN)
                if isinstance(stmt.test, _MODE_TESTS):
                    conds = _read_test(stmt.test, self.facts, self.info)
                body_mode, else_mode = (cond_mode(conds[0], self.facts.atom_mode), cond_mode(conds[1], self.facts.atom_mode))
                body_forced, else_forced = self._compile_forced(stmt.test)
                body_in = eager or body_mode == EAGER or body_forced or self._known(stmt.test, known)
                else_in = eager or else_mode == EAGER or else_forced
                bf, be, bk = self.block(stmt.body, body_in, dict(known), stmt_covered or body_mode == EAGER)
                of, oe, ok = self.block(stmt.orelse, else_in, dict(known), stmt_covered or else_mode == EAGER)
                if not bf and not of:
                    return False, eager, known
                for left, mode, cond in ((bf, else_mode, conds[1]), (of, body_mode, conds[0])):
                    if not left and mode is None and _symbolic(cond):
                        pending.append(cond)  # the rest runs only when the other branch's test held
                if not bf:
                    eager, known = oe, ok
                elif not of:
                    eager, known = be, bk
                else:
                    after = {k: v for k, v in bk.items() if k in ok}
                    if be and not oe:
                        key = self._key(stmt.test)
                        if key is not None:
                            after[key[0]] = key[1]
                    eager, known = be and oe, after
                continue
            if known:  # what the statement rebinds is asked only when a known test could be forgotten
                stored = _stored_names(stmt)
                if stored:
                    known = {k: v for k, v in known.items() if not (v & stored)}
            if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
                self.block(stmt.body, eager, dict(known), stmt_covered)
                self.block(stmt.orelse, eager, dict(known), stmt_covered)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                # a context manager may swallow the exception that left the body: nothing carries over
                init = any(is_init_scope(item, self.facts, self.info) for item in stmt.items)
                self.block(stmt.body, eager or init, dict(known), stmt_covered or init)
            elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
                self.block(stmt.body + stmt.orelse, eager, dict(known), stmt_covered)
                for handler in stmt.handlers:
                    self.block(handler.body, eager, dict(known), stmt_covered)
                self.block(stmt.finalbody, eager, dict(known), stmt_covered)
            elif type(stmt).__name__ == "Match":
                for case in stmt.cases:  # type: ignore[attr-defined]
                    self.block(case.body, eager, dict(known), stmt_covered)
        return True, eager, known

    def expressions(self) -> None:
        """`tf.executing_eagerly() and x.numpy()`, `a if tf.executing_eagerly() else b`."""
        for item in node_kept(self.info.node, "_hybridlint_mode_expressions", _mode_expressions):
            if isinstance(item, ast.BoolOp):
                when = isinstance(item.op, ast.And)  # the outcome of an operand that lets the next run
                for index, value in enumerate(item.values[:-1]):
                    if isinstance(value, _MODE_TESTS) and _mode_implied(value, when, self.facts, self.info) == EAGER:
                        self.roots.update(id(v) for v in item.values[index + 1 :])
                        break
            else:
                body_mode, else_mode = branch_modes(item.test, self.facts, self.info)
                if body_mode == EAGER:
                    self.roots.add(id(item.body))
                if else_mode == EAGER:
                    self.roots.add(id(item.orelse))


def _mode_expressions(node: ast.AST) -> List[ast.expr]:
    """The `and`/`or` expressions with a test of the mode before their last operand, and the conditional
    expressions, of a function's own body (not of the defs and lambdas it holds), in the order
    `_EagerFlow.expressions` asks them (kept on the def node)."""
    found: List[ast.expr] = []
    stack: List[ast.AST] = [node.body] if isinstance(node, ast.Lambda) else list(node.body)  # type: ignore[attr-defined]
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue  # their own bodies are their own functions
        if isinstance(item, ast.BoolOp):
            if any(isinstance(value, _MODE_TESTS) for value in item.values[:-1]):
                found.append(item)
        elif isinstance(item, ast.IfExp):
            found.append(item)
        stack.extend(iter_children(item))
    return found


def _symbolic(cond: Condition) -> bool:
    """`cond` names another module's mode test (which the index answers)."""
    if cond is _UNKNOWN:
        return False
    return any(atom[0] in "+-" for alternative in cond for atom in alternative)


def _compile_eager_keys(cls: ClassInfo) -> Dict[str, bool]:
    """The tests of `cls.compile_eager_tests` that keep their value between `compile` and `fit`: built of
    `self` attributes that only `__init__` sets (ast.dump → the outcome that makes `fit` run eagerly)."""
    compile_ = cls.methods.get("compile")
    if not cls.compile_eager_tests or compile_ is None or not compile_.node.args.args:
        return {}
    self_name = compile_.node.args.args[0].arg
    keys: Dict[str, bool] = {}
    for test, outcome in cls.compile_eager_tests:
        attrs: Set[str] = set()
        for node in ast.walk(test):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == self_name:
                attrs.add(node.attr)
            elif isinstance(node, ast.Name):
                if node.id != self_name:
                    break
            elif not isinstance(node, _COND_NODES + (ast.Attribute,)):
                break
        else:
            if attrs and not _set_outside_init(cls, attrs):
                keys[ast.dump(test)] = outcome
    return keys


def _set_outside_init(cls: ClassInfo, attrs: Set[str]) -> bool:
    for method in cls.methods.values():
        if method.name == "__init__":
            continue
        for node in ast.walk(method.node):
            if isinstance(node, ast.Attribute) and node.attr in attrs and not isinstance(node.ctx, ast.Load):
                return True
            if setattr_target(node) is not None:
                return True
    return False


def _names_always_read(stmt: ast.stmt) -> Iterator[str]:
    """Names a simple statement reads whenever it runs: not in a lambda, a comprehension, the later operands
    of `and`/`or` or the branches of a conditional expression."""
    stack: List[ast.AST] = [stmt.value] if getattr(stmt, "value", None) is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Load):
            yield item.id
        elif isinstance(item, ast.BoolOp):
            stack.append(item.values[0])
        elif isinstance(item, ast.IfExp):
            stack.append(item.test)
        else:
            stack.extend(iter_children(item))


def _picks_a_function(value: ast.expr) -> bool:
    """`string_fn if text else int_fn`: one of two named functions."""
    return isinstance(value, ast.IfExp) and all(
        isinstance(arm, (ast.Name, ast.Attribute, ast.Lambda)) for arm in (value.body, value.orelse)
    )


def setattr_target(node: ast.AST) -> Optional[Tuple[ast.expr, ast.expr]]:
    """(the object, the name expression) an attribute store by call writes: `setattr(obj, "name", v)`,
    `object.__setattr__(obj, "name", v)` (past a class's own `__setattr__`), `obj.__setattr__("name", v)`."""
    if not isinstance(node, ast.Call):
        return None
    func, args = node.func, node.args
    if isinstance(func, ast.Name) and func.id == "setattr" and len(args) >= 2:
        return args[0], args[1]
    if isinstance(func, ast.Attribute) and func.attr == "__setattr__":
        if isinstance(func.value, ast.Name) and func.value.id[:1].isalpha() and len(args) == 3:
            if func.value.id[:1].isupper() or func.value.id == "object":
                return args[0], args[1]  # `object.__setattr__(self, ...)`, `Base.__setattr__(self, ...)`
        if len(args) == 2:
            return func.value, args[0]
    return None


def _self_and_parents(scope: Optional[FunctionInfo]) -> List[int]:
    found = []
    while scope is not None:
        found.append(id(scope))
        scope = scope.parent
    return found or [0]


def eager_only_roots(facts: "ModuleFacts") -> Set[int]:
    """ids of the statements and expressions that start an eager-only region found by flow (see above)."""
    roots: Set[int] = set()
    compile_keys = {id(cls): keys for cls in facts.classes for keys in [_compile_eager_keys(cls)] if keys}
    if not facts._tests_mode and not compile_keys:
        return roots  # every region starts at a test of the execution mode or a compile-forced mode
    anywhere = 0 in facts._mode_scopes
    pending: Dict[int, List[Condition]] = {}
    for info in facts.functions:
        if info.external is not None:
            continue
        cls = facts.enclosing_class(info)
        keys = compile_keys.get(id(cls), {}) if cls is not None else {}
        if not keys and not anywhere and id(info) not in facts._mode_scopes:
            continue  # every region starts at a test of the mode this function never names
        flow = _EagerFlow(facts, info)
        flow.compile_keys = keys
        if not isinstance(info.node, ast.Lambda):
            flow.block(info.node.body, False, {}, False)
        flow.expressions()
        roots |= flow.roots
        pending.update(flow.pending_roots)
    if pending:
        _pending_calls(facts, pending)
    return roots


def _pending_calls(facts: "ModuleFacts", pending: Dict[int, List[Condition]]) -> None:
    """Record, for each call under a statement of `pending`, the conditions it runs under (`branch_conds`).
    The keys of `pending` are statements, which only statements (and their handlers and match cases)
    hold: outside every such statement only those are walked, not the expressions."""
    stack: List[Tuple[ast.AST, List[Condition]]] = [(facts.tree, [])]
    while stack:
        item, conds = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and conds:
            continue
        if id(item) in pending:
            conds = conds + pending[id(item)]
        if not conds:
            stack.extend((child, conds) for child in iter_children(item) if isinstance(child, _STATEMENT_HOLDERS))
            continue
        if isinstance(item, ast.Call):
            facts.branch_conds[id(item)] = facts.branch_conds.get(id(item), []) + conds
        stack.extend((child, conds) for child in iter_children(item))


# What may hold a statement: statements, `except` handlers and `match` cases (never an expression)
_STATEMENT_HOLDERS = (ast.stmt, ast.excepthandler) + ((ast.match_case,) if hasattr(ast, "match_case") else ())


def graph_only_roots(facts: "ModuleFacts") -> Dict[int, ast.stmt]:
    """ids of the statements that start a graph-only region found by flow: the rest of a block after
    `if tf.executing_eagerly(): return ...` (or raise/continue/break), where the test failing proves that a
    graph is being built. Such code runs only while something is traced (once per trace), like the `else:`
    of that `if` (which the walks handle themselves)."""
    roots: Dict[int, ast.stmt] = {}  # by id, as the walks ask; the statements, to walk only their calls
    if not facts._tests_mode:
        return roots
    # A test of the mode names `executing_eagerly`/`inside_function` as an attribute in the function or a
    # function it holds (`_mode_scopes`), or calls a name bound to one: imported by that name (0 in
    # `_mode_scopes`), under another (`_mode_by_name`) or through a star import. Without any of these a
    # function's statements cannot start a region (its `if` tests all prove nothing): not walked.
    anywhere = 0 in facts._mode_scopes or facts._mode_by_name or _star_binds_mode(facts)
    scopes = facts._mode_scopes
    for info in facts.functions:
        if info.external is None and not isinstance(info.node, ast.Lambda) and (anywhere or id(info) in scopes):
            _graph_after_exits(info.node.body, facts, info, roots)
    return roots


def _star_binds_mode(facts: "ModuleFacts") -> bool:
    """A name only a star import binds may stand for `executing_eagerly`/`inside_function` (`_lookup`)."""
    link = facts.link
    return bool(facts.star_prefix) and link is not None and any(v in _MODE_NAMES for v in link.aliases.values())


# the statement classes with a block of statements (or handlers, or cases) below them
_BLOCK_HOLDERS = frozenset(
    cls
    for cls in vars(ast).values()
    if isinstance(cls, type) and issubclass(cls, ast.stmt) and {"body", "orelse", "finalbody", "handlers", "cases"} & set(cls._fields)
)


def _graph_after_exits(
    stmts: List[ast.stmt], facts: "ModuleFacts", info: FunctionInfo, roots: Dict[int, ast.stmt]
) -> None:
    for index, stmt in enumerate(stmts):
        kind = type(stmt)
        if kind is ast.If:
            body_mode, else_mode = branch_modes(stmt.test, facts, info)  # type: ignore[attr-defined]
            if body_mode == EAGER and else_mode == GRAPH and stmt.body and isinstance(stmt.body[-1], _EXITS):  # type: ignore[attr-defined]
                roots.update((id(rest), rest) for rest in stmts[index + 1 :])
                _graph_after_exits(stmt.body, facts, info, roots)  # type: ignore[attr-defined]
                return  # the rest is graph-only already: nothing more to mark in it
        elif kind not in _BLOCK_HOLDERS:
            continue  # a simple statement (most): no block below it
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                _graph_after_exits(block, facts, info, roots)
        for handler in getattr(stmt, "handlers", ()):
            _graph_after_exits(handler.body, facts, info, roots)
        for case in getattr(stmt, "cases", ()):
            _graph_after_exits(case.body, facts, info, roots)


def calls_under(roots: Set[int], tree: ast.Module) -> Set[int]:
    """ids of the calls inside the regions `roots` start (not inside defs and lambdas there)."""
    return _calls_below([(tree, False)], roots)


def _calls_below(stack: List[Tuple[ast.AST, bool]], roots) -> Set[int]:
    found: Set[int] = set()
    while stack:
        item, inside = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inside = False
        elif id(item) in roots:
            inside = True
        if inside and isinstance(item, ast.Call):
            found.add(id(item))
        stack.extend((child, inside) for child in iter_children(item))
    return found


def _single_bindings(node: ast.AST) -> Dict[str, ast.expr]:
    """Each name a def binds exactly once, by `name = value`, with that value (`ModuleFacts.single_binding`;
    kept on the def node)."""
    counts: Dict[str, int] = {}
    values: Dict[str, ast.expr] = {}
    args = node.args  # type: ignore[attr-defined]
    for arg in args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]:
        counts[arg.arg] = 2
    stack: List[ast.AST] = list(node.body)  # type: ignore[attr-defined]
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[item.name] = 2
            continue
        if isinstance(item, ast.Lambda):
            continue
        if isinstance(item, (ast.Global, ast.Nonlocal)):
            counts.update((n, 2) for n in item.names)
        elif isinstance(item, ast.alias):
            counts[(item.asname or item.name).split(".")[0]] = 2
        elif isinstance(item, ast.Name) and not isinstance(item.ctx, ast.Load):
            counts[item.id] = counts.get(item.id, 0) + 1
        elif isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
            values[item.targets[0].id] = item.value
        stack.extend(iter_children(item))
    return {n: v for n, v in values.items() if counts.get(n) == 1}


def _assigned_tests(node: ast.AST) -> FrozenSet[str]:
    """The names some `name = value` of a def binds to what may be a test of the mode (`ModuleFacts.assigned_tests`;
    kept on the def node)."""
    names: Set[str] = set()
    stack: List[ast.AST] = list(node.body)  # type: ignore[attr-defined]
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(item, ast.Assign):
            if len(item.targets) == 1 and isinstance(item.targets[0], ast.Name) and isinstance(item.value, _MODE_TESTS):
                names.add(item.targets[0].id)
            continue
        stack.extend(child for child in iter_children(item) if isinstance(child, _STATEMENT_HOLDERS))
    return frozenset(names)


def eager_off_call(facts: "ModuleFacts") -> Optional[ast.Call]:
    """The first call of `EAGER_OFF_CALLS` (`tf.compat.v1.disable_eager_execution()`, any spelling the
    facts resolve) made as a statement of the module's top level, or of the body of a top-level `try`:
    it runs whenever the module is imported. One in a def or a class, or under an `if` (`if __name__ ==
    "__main__":`, a version or mode test), a `with` or a loop, shows nothing of the kind."""
    stack = list(reversed(facts.tree.body))
    while stack:
        stmt = stack.pop()
        kind = type(stmt)
        if kind is ast.Expr and type(stmt.value) is ast.Call:  # type: ignore[attr-defined]
            call = stmt.value  # type: ignore[attr-defined]
            if facts.qualname(call.func) in EAGER_OFF_CALLS:
                return call
        elif kind is ast.Try or kind.__name__ == "TryStar":
            stack.extend(reversed(stmt.body))  # type: ignore[attr-defined]
    return None


class ModuleFacts:
    """Everything rules need to know about one module, computed once."""

    def __init__(
        self,
        tree: ast.Module,
        alias_modules: Iterable[str] = (),
        link: Optional[ModuleLink] = None,
        collect_external: bool = False,
        text: Optional[str] = None,
        multi_backend_keras: str = "",
    ):
        """`text`: the module's text, when at hand (it spares a walk of the tree; the facts are the same).
        `multi_backend_keras`: what says the project targets Keras before 2.4 (`Settings.multi_backend_keras`),
        where standalone `keras` is multi-backend Keras; "" when it does not, or the target is not known."""
        self.tree = tree
        self.alias_modules = tuple(alias_modules)
        self.link = link  # the rest of the project, when an index is available
        self.multi_backend_keras = multi_backend_keras
        self._stubs: Dict[str, FunctionInfo] = {}
        # Calls and references this module's own functions cannot resolve: what the project index
        # follows into other modules (`hybridlint.project`). Collected only when asked.
        self.external_calls: Optional[List[Tuple[str, _RawCall, ast.expr]]] = [] if collect_external else None
        # every attribute name the module assigns or deletes (`obj.name = ...`): an instance attribute of
        # that name may hide an inherited method (`attribute_of`); the index keeps it too
        self.stored_attributes: Set[str] = set()
        # the same, with the lines where each is stored (`_stored_closures`)
        self.attribute_store_lines: Dict[str, List[int]] = {}
        # with `collect_external`: every attribute name read on `self` or `cls` (a method a base may define)
        self.self_reads: Optional[Set[str]] = set() if collect_external else None
        # a call that runs a Keras model in a trace (`fit`, `predict`, `compile`, a save, a tf.function of
        # something not defined here): a Keras model's `call` may be traced (`runs_models`)
        self._model_run_call = False
        self._runs_models: Optional[bool] = None
        # module-level import bindings: name → qualified name; None when a def/class shadows it
        self.imports: Dict[str, Optional[str]] = {}
        # `from pkg.utils import *` of a project module (with an index): a name the module binds nowhere
        # else is `<this module>.name`, which the index resolves through the star imports
        # (`ProjectIndex.star_binding`); the names bound at module level otherwise (assignments, loops)
        self.star_prefix = ""
        self.star_modules: List[str] = []  # every module-level `from M import *`, in order
        self._module_names: Set[str] = set()
        self.module_functions: Dict[str, FunctionInfo] = {}
        self.module_classes: Dict[str, ClassInfo] = {}
        self.functions: List[FunctionInfo] = []
        self.classes: List[ClassInfo] = []
        self.by_node: Dict[int, FunctionInfo] = {}  # id(def or lambda node) → info
        self.tf_uses: List[TfFunctionUse] = []
        self._use_by_call: Dict[int, TfFunctionUse] = {}
        self.decorator_factories: Dict[str, TfFunctionUse] = {}  # `jit = tf.function(jit_compile=True)`
        self.module_wrapped: Dict[str, TfFunctionUse] = {}  # `g = tf.function(f)` at module level
        self.module_calls: List[CallSite] = []  # resolved calls made at module level
        self._raw_calls: List[_RawCall] = []
        # keyword name → what the module's calls pass it (`PASSED_TRUE`, `PASSED_FALSE`, or both): every
        # `name=value` of a call, and the string keys of a dict literal unpacked into one (`**{"name": v}`)
        self.passed_keywords: Dict[str, int] = {}
        self._callable_names: Set[str] = set()  # filled by `_resolve`, for `_may_resolve`
        self._member_names: Set[str] = set()  # the same
        # attribute name → its stores `self.name = f(...)` in methods, while calls are resolved (`_stored_closures`)
        self._factory_stores: Dict[str, List[Tuple[ast.Assign, FunctionInfo, ClassInfo]]] = {}
        self._raw_assigns: List[Tuple[ast.Assign, Optional[FunctionInfo], Optional[ClassInfo]]] = []
        # (id(function), local name) → the callable expression it is bound to by its only binding
        # (`fn = functools.partial(f, ...)`, `fn = lambda x: ...`), so passing or calling `fn` is resolved
        self.local_callables: Dict[Tuple[int, str], ast.expr] = {}
        # (id(function) or 0 at module level, name) → every def of the name directly in that scope, in
        # order, for the names defined more than once there (`nested`/`module_functions` keep the last);
        # a reference picks among them by the `if` branches around it (`_branch_def`)
        self._redefs: Dict[Tuple[int, str], List[FunctionInfo]] = {}
        # (id(function) or 0 at module level, name) → a dict literal of functions bound to the name
        self._function_dicts: Dict[Tuple[int, str], ast.Dict] = {}
        # (id(function) or 0 at module level, name) → the class expression of its only binding
        # (`trainer = Trainer(...)`, a parameter `trainer: Trainer`), for `trainer.fit(...)`
        self.local_types: Dict[Tuple[int, str], ast.expr] = {}
        self._typed_names: Set[str] = set()
        self._typed_attrs: Set[str] = set()
        self._tests_mode = False  # the module names `executing_eagerly`/`inside_function` somewhere
        # ids of the functions that name it (and of their enclosing functions); 0: module level, or a
        # bare imported name: any function may test the mode
        self._mode_scopes: Set[int] = set()
        self._mode_by_name = False  # an import binds a name to one of the tests under another name
        # id(call) → the conditions of the branches around it that another module's mode test decides and
        # the link does not answer (the index's summaries: `Edge.eager_when`)
        self.branch_conds: Dict[int, List[Condition]] = {}
        self._kept_keys: Set[str] = set()  # what `kept` holds
        # ids of the calls in branches only non-tensor input takes, once `calls_run_eagerly` is told them
        self.input_only_calls: Set[int] = set()
        if _snippet_tf(tree, text):
            self.imports["tf"] = TF  # a snippet (an issue, a notebook cell) that uses `tf` without importing it
        self._collected = False  # what the collector asks is not kept (`_read_test`)
        _Collector(self).run(tree)
        self._collected = True
        # definitions that never run (replaced unused): their spans, where findings are not reported
        self.dead_spans: List[Tuple[int, int]] = self._mark_dead()
        self.eager_roots: Set[int] = eager_only_roots(self)
        self._eager_calls = calls_under(self.eager_roots, tree) if self.eager_roots else set()
        self.graph_roots = graph_only_roots(self)
        # only the regions' own subtrees are walked: a whole-tree walk per check was a tenth of it
        self._graph_calls = _calls_below([(stmt, True) for stmt in self.graph_roots.values()], ())
        self._resolve()

    def _mark_dead(self) -> List[Tuple[int, int]]:
        """Mark what lies inside `shadowed_definitions` dead, and leave out its calls, wrappings and
        tf.function uses: dead code neither traces nor calls anything. Returns the dead line ranges."""
        bodies = [self.tree.body] + [c.node.body for c in self.classes]
        bodies += [f.node.body for f in self.functions if not isinstance(f.node, ast.Lambda)]
        dead = [stmt for body in bodies for stmt in shadowed_definitions(body, self)]
        if not dead:
            return []
        inside: Set[int] = set()
        spans = []
        for stmt in dead:
            first = min([stmt.lineno] + [d.lineno for d in stmt.decorator_list])  # type: ignore[attr-defined]
            spans.append((first, stmt.end_lineno or stmt.lineno))
            inside.update(id(n) for n in walk_nodes(stmt))
        inside.update(id(stmt) for stmt in dead)
        for info in self.functions:
            if id(info.node) in inside:
                info.dead = True
        for cls in self.classes:
            if id(cls.node) in inside:
                cls.dead = True
        self._raw_calls = [raw for raw in self._raw_calls if id(raw.node) not in inside]
        self._raw_assigns = [item for item in self._raw_assigns if id(item[0]) not in inside]
        self.tf_uses = [use for use in self.tf_uses if id(use.node) not in inside]
        return spans

    def is_dead(self, line: int) -> bool:
        """Line `line` (1-based) is inside a definition that never runs (`shadowed_definitions`)."""
        return any(start <= line <= end for start, end in self.dead_spans)

    def kept(self, key: str, make: Callable[[], _T]) -> _T:
        """`make()` on first use, then the same object: the module's shared analyses are kept on its
        facts, so they live and die with them (a WeakKeyDictionary whose value refers back to its key
        would keep every module's tree alive: the language server checks one per edit)."""
        found = self.__dict__.get(key)
        if found is None:
            found = self.__dict__[key] = make()
            self._kept_keys.add(key)
        return found

    def forget_analyses(self) -> None:
        """Drop the module's kept analyses (`kept`): the next question builds each again on the facts as
        they stand, as it would on facts just built."""
        for key in self._kept_keys:
            self.__dict__.pop(key, None)
        self._kept_keys.clear()

    def keep_built_state(self) -> bool:
        """Remember the kept analyses as building the facts left them (memos some walks of the collector
        fill, each a dict), so that `back_to_built` can return to them. False when one is not a dict."""
        built = {key: self.__dict__[key] for key in self._kept_keys}
        if not all(type(value) is dict for value in built.values()):
            return False
        self.__dict__["_built_state"] = {key: dict(value) for key, value in built.items()}
        return True

    def back_to_built(self) -> bool:
        """The kept analyses as building the facts left them (`keep_built_state`), whatever was asked
        since: a memo answers a question met again by where it was first asked from (a helper that calls
        itself), so the facts answer as facts just built would. False when no state was kept."""
        built = self.__dict__.get("_built_state")
        if built is None:
            return False
        self.forget_analyses()
        for key, value in built.items():
            self.__dict__[key] = dict(value)
            self._kept_keys.add(key)
        return True

    def release(self) -> None:
        """Break the reference cycles of facts no longer used (functions and classes with their parents,
        calls, graph contexts and uses), so that reference counts free them and their tree even where the
        collector will not walk them (a worker freezes what it keeps, `gc.freeze`). The facts are unusable
        after it."""
        for item in self.functions + self.classes:
            item.__dict__.clear()
        self.__dict__.clear()

    def calls_run_eagerly(self, calls: Set[int]) -> bool:
        """The calls `calls` (ids) run only eagerly, although no region of their own says so (a branch
        only NumPy input takes, `tensors.input_only_roots`): traced code that makes them no longer makes
        their callees traced. The module's kept analyses, built on the old contexts, are dropped. True
        when a function is no longer traced."""
        self.input_only_calls = calls
        changed = False
        for info in self.functions:
            if info.graph is None:
                continue
            for site in info.calls:
                if not site.eager and id(site.node) in calls:
                    site.eager = changed = True
        if not changed:
            return False
        before = [info.graph is not None for info in self.functions]
        for info in self.functions:
            # what spreading from the traced functions gave, spread again with these calls left out
            if info.graph is not None and info.graph.reason in ("called", "nested") and info.graph.external is None:
                info.graph = None
        self._propagate_graph()
        self.forget_analyses()
        return any((info.graph is not None) != was for info, was in zip(self.functions, before))

    # -- name resolution -----------------------------------------------------------------

    # -- mode tests behind the project's own helpers (`function_condition`) --------------------------

    def atom_mode(self, atom: str) -> Optional[str]:
        """The mode an atom of a condition proves: EAGER/GRAPH as such, another module's mode test by what
        the index says its result proves (`ModuleLink.mode_tests`)."""
        if atom == EAGER or atom == GRAPH:
            return atom
        modes = self.link.mode_tests.get(atom[1:]) if self.link is not None else None
        if modes is None:
            return None
        return modes[0] if atom[0] == "+" else modes[1]

    def single_binding(self, scope: FunctionInfo, name: str) -> Optional[ast.expr]:
        """The value of `name = value`, when that is the only binding of `name` in the function `scope` (no
        parameter, loop, `with`, walrus, import, `del`, `global`/`nonlocal` or other assignment binds it)."""
        if isinstance(scope.node, ast.Lambda) or name not in scope.locals or name in scope.globals_declared:
            return None
        return node_kept(scope.node, "_hybridlint_single_bindings", _single_bindings).get(name)

    def assigned_tests(self, scope: FunctionInfo) -> FrozenSet[str]:
        """The names some `name = value` of the function `scope` binds to what may be a test of the mode
        (`_MODE_TESTS`): a necessary condition for `single_binding` to give such a value, found from the
        statements alone (an assignment is one), not every node as `single_binding` walks them."""
        if isinstance(scope.node, ast.Lambda):
            return frozenset()
        return node_kept(scope.node, "_hybridlint_assigned_tests", _assigned_tests)

    def _top_level(self) -> Tuple[Dict[str, ast.FunctionDef], Dict[str, ast.ClassDef]]:
        """The module-level defs and classes bound once at module level, by the def or class alone."""
        found = self.__dict__.get("_top_level_defs")
        if found is None:
            counts: Dict[str, int] = {}
            defs: Dict[str, ast.FunctionDef] = {}
            classes: Dict[str, ast.ClassDef] = {}
            for stmt in self.tree.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    names = {stmt.name}
                    if isinstance(stmt, ast.FunctionDef):
                        defs[stmt.name] = stmt
                    elif isinstance(stmt, ast.ClassDef):
                        classes[stmt.name] = stmt
                else:
                    names = node_kept(stmt, "_hybridlint_stored_names", _stored_names)
                for name in names:
                    counts[name] = counts.get(name, 0) + 1
            found = (
                {n: d for n, d in defs.items() if counts.get(n) == 1},
                {n: c for n, c in classes.items() if counts.get(n) == 1},
            )
            self.__dict__["_top_level_defs"] = found
        return found

    def helper_condition(self, func: ast.expr, where: "_Where", depth: int):
        """What calling `func` proves, when it names a function of the project: (mode when true, mode when
        false) for a def of this module, the dotted name of one of another module (whose answer the index
        gives, `atom_mode`), or None when nothing is known."""
        if isinstance(func, ast.Attribute) and where.cls is not None and where.self_name is not None:
            if isinstance(func.value, ast.Name) and func.value.id == where.self_name:
                return self._method_condition(where.cls, func.attr, depth)
        root = _root_name(func)
        if root is None or root in where.shadow or rebound(root, where.scope):
            return None
        dotted = self._lookup(root, where.scope)
        if dotted is None:
            if isinstance(func, ast.Name) and func.id in self._top_level()[0] and self.imports.get(func.id) is None:
                return self._def_condition(self._top_level()[0][func.id], None, depth)
            return None
        dotted = self.qualname(func, where.scope)
        if dotted is None or dotted.split(".", 1)[0] in EXTERNAL_ROOTS:
            return None
        return dotted

    def tests_tracing(self, test: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        """`test` is a call of a project function that tests for tracing: its body returns true on some
        path only while a graph is built (under `if not tf.executing_eagerly():`, `tf.inside_function()`),
        whatever its other paths test (a Keras symbolic scope, another framework's tracer). Decided from
        the function's body (`function_condition`), never its name; another module's by the index
        (`ModuleLink.tracing_tests`)."""
        if not isinstance(test, ast.Call) or not isinstance(test.func, (ast.Name, ast.Attribute)):
            return False
        where = _where_of(self, scope)
        found = None
        func = test.func
        if isinstance(func, ast.Attribute) and where.cls is not None and where.self_name is not None:
            if isinstance(func.value, ast.Name) and func.value.id == where.self_name:
                return False  # a method: left to `helper_condition` (its mode, when it proves one)
        root = _root_name(func)
        if root is None:
            return False
        if self._lookup(root, scope) is None:  # not imported (here or in a function around it)
            if rebound(root, scope):
                return False
            if isinstance(func, ast.Name) and func.id in self._top_level()[0] and self.imports.get(func.id) is None:
                found = self.def_conditions(self._top_level()[0][func.id], None)
            if found is None:
                return False
            return any(cond_mode([alternative], self.atom_mode) == GRAPH for alternative in found[0] if alternative)
        dotted = self.qualname(func, scope)
        return dotted is not None and self.link is not None and dotted in self.link.tracing_tests

    def _method_condition(self, cls: ast.ClassDef, name: str, depth: int):
        """What `self.name()` proves in a method of `cls`: the def its MRO finds first, along single
        inheritance (in this module, then by dotted name in another); None when a class body binds the
        name otherwise or the module stores an attribute of that name (an instance attribute may hide it)."""
        if name in self.stored_attributes or (name.startswith("__") and not name.endswith("__")):
            return None
        classes = self._top_level()[1]
        for _ in range(8):
            defs = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == name]
            if any(name in _stored_names(s) for s in cls.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))):
                return None
            if defs:
                if len(defs) != 1 or defs[0].decorator_list:
                    return None
                return self._def_condition(defs[0], cls, depth)
            if any(isinstance(s, (ast.AsyncFunctionDef, ast.ClassDef)) and s.name == name for s in cls.body):
                return None
            bases = [b for b in cls.bases if not (isinstance(b, ast.Name) and b.id == "object")]
            if len(bases) != 1 or cls.keywords:
                return None
            base = bases[0]
            if isinstance(base, ast.Name) and base.id in classes and self.imports.get(base.id) is None:
                cls = classes[base.id]
                continue
            dotted = self.qualname(base, None)
            if dotted is None or dotted.split(".", 1)[0] in EXTERNAL_ROOTS:
                return None
            return f"{dotted}.{name}"
        return None

    def def_conditions(self, node: ast.AST, cls: Optional[ast.ClassDef]) -> Optional[Tuple[Condition, Condition]]:
        """`function_condition` of a def of this module (`cls`: the class it is a method of), kept."""
        memo = self.kept("_def_conditions", dict)
        key = id(node)
        if key in memo:
            return memo[key]
        memo[key] = None  # a helper that calls itself proves nothing through that call
        if not _may_be_predicate(node):
            return None  # most defs: cheap to rule out by their statements alone
        self_name = None
        if cls is not None and isinstance(node, ast.FunctionDef):
            args = node.args.posonlyargs + node.args.args
            self_name = args[0].arg if args else None
        imports = _def_imports(node) if isinstance(node, ast.FunctionDef) else {}
        binds = _def_binds(node) if isinstance(node, ast.FunctionDef) else frozenset()
        where = _Where(None, binds - set(imports), cls, self_name, imports)
        found = function_condition(node, self, where, 0)
        memo[key] = found
        return found

    def _def_condition(self, node: ast.AST, cls: Optional[ast.ClassDef], depth: int):
        conds = self.def_conditions(node, cls) if depth <= 6 else None
        if conds is None:
            return None
        return cond_mode(conds[0], self.atom_mode), cond_mode(conds[1], self.atom_mode)

    def _lookup(self, name: str, scope: Optional[FunctionInfo]) -> Optional[str]:
        while scope is not None:
            if name in scope.locals and name not in scope.globals_declared:
                return scope.locals[name]
            scope = scope.parent
        found = self.imports.get(name)
        if found is None and self.star_prefix and name not in self.imports and name not in self._module_names and name not in _BUILTINS:
            # bound only by a star import: the index says what it stands for (`tf` → `tensorflow`)
            dotted = self.star_prefix + name
            return self.link.aliases.get(dotted, dotted) if self.link is not None else dotted
        return found

    def module_class(self, name: str, scope: Optional[FunctionInfo]) -> Optional[ClassInfo]:
        """The class of this module that `name` means in `scope`: not rebound in a function around it,
        not imported."""
        if rebound(name, scope) or self.imports.get(name) is not None:
            return None
        return self.module_classes.get(name)

    def decorator_named(self, info: FunctionInfo, names: Collection[str]) -> Optional[ast.expr]:
        """The decorator of `info` that is one of `names` (`@name` or `@name(...)`), if any."""
        if isinstance(info.node, ast.Lambda):
            return None
        for dec in info.node.decorator_list:
            target = dec.func if isinstance(dec, ast.Call) else dec
            if self.qualname(target, info.parent) in names:
                return dec
        return None

    def qualname(self, expr: ast.AST, scope: Optional[FunctionInfo] = None) -> Optional[str]:
        """The imported name an expression refers to (`tf.nn.relu` → "tensorflow.nn.relu")."""
        if isinstance(expr, ast.Name):
            base = self._lookup(expr.id, scope)
            return base
        if isinstance(expr, ast.Attribute):
            # Most chains start at a local or unknown name (`self.x.y`): look the root up before
            # joining the dotted name, which only an imported root needs (`_chain`, kept on the node).
            root, rest = expr.__dict__.get(_CHAIN_ATTRIBUTE) or _chain(expr)
            if root is None:
                return None
            base = self._lookup(root, scope)
            if base is None:
                return None
            return normalize_qualname(base + rest)
        return None

    def is_tf(self, expr: ast.AST, scope: Optional[FunctionInfo] = None) -> bool:
        name = self.qualname(expr, scope)
        return name is not None and (name == TF or name.startswith("tensorflow."))

    def tf_module_alias(self) -> Optional[str]:
        """A module-level name bound to the tensorflow module itself (usually "tf")."""
        best = None
        for name, qual in self.imports.items():
            if qual == TF:
                if name == "tf":
                    return name
                best = best or name
        return best

    def tf_function_use(self, expr: ast.AST, scope: Optional[FunctionInfo]) -> Optional[TfFunctionUse]:
        """If `expr` used as a decorator applies tf.function, describe that use."""
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and func.attr not in _TF_FUNCTION_ATTRS:
                return None
            if self.qualname(func, scope) in TF_FUNCTION_NAMES:
                return TfFunctionUse(expr, _keywords(expr))
            return None
        if isinstance(expr, ast.Attribute):
            if expr.attr not in _TF_FUNCTION_ATTRS:
                return None
            if self.qualname(expr, scope) in TF_FUNCTION_NAMES:
                return TfFunctionUse(expr, {})
            return None
        if not isinstance(expr, ast.Name):
            return None  # neither a name nor a chain: qualname is None, and no factory is named
        bound = self._lookup(expr.id, scope)  # a name's qualname
        if bound in TF_FUNCTION_NAMES:
            return TfFunctionUse(expr, {})
        if bound is None:
            factory = self.decorator_factories.get(expr.id)
            if factory is not None:
                return TfFunctionUse(expr, dict(factory.keywords))
        return None

    def is_tf_function_call(self, call: ast.Call, scope: Optional[FunctionInfo]) -> bool:
        """`tf.function(...)` itself (not a call of a tf.function)."""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr not in _TF_FUNCTION_ATTRS:
            return False
        return self.qualname(func, scope) in TF_FUNCTION_NAMES

    def function_of(self, node: ast.AST) -> Optional[FunctionInfo]:
        return self.by_node.get(id(node))

    def local_alias(self, name: ast.Name, scope: Optional[FunctionInfo]) -> Optional[ast.expr]:
        """The one callable value a local name is bound to (a lambda, a partial, `f if c else g`), or None."""
        s = scope
        while s is not None:
            if name.id in s.locals and name.id not in s.globals_declared:
                return self.local_callables.get((id(s), name.id))
            s = s.parent
        return None

    def resolve_callable(
        self,
        expr: ast.AST,
        scope: Optional[FunctionInfo],
        cls: Optional[ClassInfo] = None,
        _depth: int = 0,
        external: bool = False,
    ) -> Tuple[Optional[FunctionInfo], Optional[TfFunctionUse]]:
        """What a called or passed expression refers to: a file-local function, and the tf.function
        object in between when there is one (a decorated def or a wrapping). With `external`, also a
        function of another module of the project (a stub: `FunctionInfo.external`), for callers
        that only read its signature and tf.function use."""
        if _depth > 4:
            return None, None
        if isinstance(expr, ast.Lambda):
            return self.by_node.get(id(expr)), None
        if isinstance(expr, ast.Name):
            name = expr.id
            s = scope
            while s is not None:
                if name in s.nested and name not in s.globals_declared:
                    info = s.nested[name]
                    if self._redefs:
                        branch = self._branch_def(s, name, info, expr, scope)
                        if branch is None:
                            return None, None  # every def of the name is in a branch that excludes this one
                        info = branch
                    return info, info.decorator
                if name in s.locals and name not in s.globals_declared:
                    alias = self.local_callables.get((id(s), name))
                    if alias is not None:
                        return self.resolve_callable(alias, s, cls, _depth + 1, external)
                    return None, None
                s = s.parent
            wrapped = self.module_wrapped.get(name)
            if wrapped is not None and wrapped.target is not None:
                return wrapped.target, wrapped
            info = self.module_functions.get(name)
            if info is not None and self._redefs:
                info = self._branch_def(None, name, info, expr, scope)
                if info is None:
                    return None, None  # every def of the name is in a branch that excludes this one
            if info is not None:
                return info, info.decorator
            return self._external(self._lookup(name, None)) if external else (None, None)
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Name)
            and expr.value.id in ("self", "cls")
            and cls is not None
            and receiver_of(expr.value.id, scope, cls)
        ):
            found = self.attribute_of(cls, expr.attr, external)
            if found[0] is not None:
                return found
        if (
            isinstance(expr, ast.Attribute)
            and isinstance(expr.value, ast.Call)
            and cls is not None
            and _is_super_call(expr.value, scope, cls)
        ):
            # `super().method(x)`: the next definition in the order of the method's class
            found = self.attribute_of(cls, expr.attr, external, instance=False, after_class=True)
            if found[0] is not None:
                return found
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            # `Base.method(self, x)`: the method of a class of this file, called through the class.
            named = self.module_classes.get(expr.value.id)
            if named is not None and not rebound(expr.value.id, scope):
                found = self.attribute_of(named, expr.attr, external, instance=False)
                if found[0] is not None:
                    return found
        if isinstance(expr, ast.Attribute) and (self._typed_names or self._typed_attrs):
            owner = self.type_of(expr.value, scope, cls)
            if isinstance(owner, ClassInfo):
                found = self.attribute_of(owner, expr.attr, external)
                if found[0] is not None:
                    return found
            elif owner is not None and external and self.link is not None:
                found = self._external(owner + "." + expr.attr)
                if found[0] is not None:
                    return found
        if external and isinstance(expr, ast.Attribute) and self.link is not None and expr.attr in self.link.last_names:
            found = self._external(self.qualname(expr, scope))
            if found[0] is None and self.link.attributes:
                parts = dotted_parts(expr)
                if parts is not None:
                    caller = scope.qualname if scope is not None else ""
                    ext = self.link.attribute(caller, ".".join(parts))
                    if ext is not None:
                        return self._stub(ext)
            return found
        if isinstance(expr, ast.Call) and self.qualname(expr.func, scope) == "functools.partial" and expr.args:
            return self.resolve_callable(expr.args[0], scope, cls, _depth + 1, external)
        if isinstance(expr, ast.Call):
            # `make_parser(config)`: a factory of this file that returns one function it defines
            maker, use = self.resolve_callable(expr.func, scope, cls, _depth + 1)
            if maker is not None and use is None and maker.external is None:
                made = self._made_function(maker)
                if made is not None:
                    return made, made.decorator
        return None, None

    def _branch_def(
        self, s: Optional[FunctionInfo], name: str, last: FunctionInfo, ref: ast.AST, scope: Optional[FunctionInfo]
    ) -> Optional[FunctionInfo]:
        """Which def of `name` in the scope `s` (None: the module) the reference `ref`, written in `scope`
        (`s` or a function inside it), means, where `s` defines the name more than once (`last` is the
        last def). A def in one branch of an `if` and the reference in another (the body and the `else`,
        two `elif` arms), or in a function written there, never meet: such defs are left out. The last
        def left wins, as when nothing is left out; None when every def is left out."""
        defs = self._redefs.get((id(s) if s is not None else 0, name))
        if defs is None:
            return last
        anchor = ref  # what stands for the reference among the statements of `s`
        inner = scope
        while inner is not None and inner is not s:
            anchor = inner.node
            inner = inner.parent
        at = _start(anchor)
        arms = self._if_arms(s)
        if at is None or not arms:
            return last
        live = [d for d in defs if not _apart(_start(d.node), at, arms)]
        if last in live:
            return last
        return live[-1] if live else None

    def _if_arms(self, s: Optional[FunctionInfo]) -> List[Tuple[_Span, _Span]]:
        """The spans of the body and of the `else` (an `elif` included) of each `if` with an `else` among the
        statements of the scope `s` (None: the module), not inside its defs and classes: computed once
        per scope, from its statements alone."""
        memo = self.kept("_if_arms_memo", dict)
        key = id(s) if s is not None else 0
        found = memo.get(key)
        if found is not None:
            return found
        arms: List[Tuple[_Span, _Span]] = []
        node = s.node if s is not None else self.tree
        todo: List[ast.AST] = [] if isinstance(node, ast.Lambda) else list(node.body)  # type: ignore[attr-defined]
        while todo:
            stmt = todo.pop()
            kind = type(stmt)
            if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                continue
            if kind is ast.If and stmt.orelse:  # type: ignore[attr-defined]
                body, orelse = _span_of(stmt.body), _span_of(stmt.orelse)  # type: ignore[attr-defined]
                if body is not None and orelse is not None:
                    arms.append((body, orelse))
            for field_name in ("body", "orelse", "handlers", "finalbody", "cases"):
                block = getattr(stmt, field_name, None)
                if type(block) is list:
                    todo.extend(block)
        memo[key] = arms
        return arms

    def _made_function(self, maker: FunctionInfo) -> Optional[FunctionInfo]:
        """The function `maker` defines and returns on every `return` (a closure factory), or None."""
        if isinstance(maker.node, ast.Lambda) or not maker.nested:
            return None
        made: Optional[FunctionInfo] = None
        todo: List[ast.AST] = list(maker.node.body)
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(node, ast.Return):
                value = node.value
                found = maker.nested.get(value.id) if isinstance(value, ast.Name) else None
                if found is not None and self._redefs:
                    found = self._branch_def(maker, value.id, found, value, maker)  # type: ignore[union-attr]
                if found is None or (made is not None and found is not made):
                    return None
                made = found
            elif isinstance(node, (ast.Yield, ast.YieldFrom)):
                return None
            todo.extend(iter_children(node))
        return made

    def type_of(
        self, expr: ast.AST, scope: Optional[FunctionInfo], cls: Optional[ClassInfo] = None
    ) -> Union[ClassInfo, str, None]:
        """The class of the object `expr` names, from its only binding (`x = Cls(...)`, a parameter
        annotated `x: Cls`, `self.x = Cls(...)` in `__init__`): a class of this module, the dotted name
        of an imported one, or None."""
        type_expr: Optional[ast.expr] = None
        type_scope = scope
        if isinstance(expr, ast.Name):
            if expr.id not in self._typed_names:
                return None
            s = scope
            while s is not None:
                if expr.id in s.locals and expr.id not in s.globals_declared:
                    type_expr = self.local_types.get((id(s), expr.id))
                    type_scope = s
                    break
                s = s.parent
            else:
                if self.imports.get(expr.id) is None:
                    type_expr, type_scope = self.local_types.get((0, expr.id)), None
        elif (
            isinstance(expr, ast.Attribute)
            and expr.attr in self._typed_attrs
            and isinstance(expr.value, ast.Name)
            and expr.value.id == "self"
        ):
            owner = cls if cls is not None else self.enclosing_class(scope)
            for klass in self.mro(owner)[0] if owner is not None else ():
                type_expr = klass.attr_types.get(expr.attr)
                if type_expr is not None:
                    break
            type_scope = None
        if type_expr is None:
            return None
        if isinstance(type_expr, ast.Name) and type_expr.id in self.module_classes and self._lookup(type_expr.id, type_scope) is None:
            return self.module_classes[type_expr.id]
        return self.qualname(type_expr, type_scope)

    def _base_class(self, cls: ClassInfo, base: ast.expr) -> Union[ClassInfo, str, None]:
        """What a base of `cls` names: a class of this module, else its dotted name (None: not even that)."""
        if isinstance(base, ast.Name) and base.id != cls.name:
            local = self.module_class(base.id, cls.parent_function)
            if local is not None:
                return local
        return self.qualname(base, cls.parent_function)

    def mro(self, cls: ClassInfo) -> Tuple[List[ClassInfo], Optional[str]]:
        """The method resolution order of `cls` as far as this module knows it: its classes of this
        module in Python's (C3) order, up to the first class that is not one of them; and that class's
        dotted name ("" when nothing names it, or when the bases admit no order). A class outside the
        module may define anything, and may reorder what comes after it, so the order stops there:
        a name not found before it is unknown, not absent."""
        return self.kept("_mro_by_class", dict).get(id(cls)) or self._linearize(cls)

    def _linearize(self, cls: ClassInfo) -> Tuple[List[ClassInfo], Optional[str]]:
        known: Dict[int, Tuple[List[object], bool]] = {}

        def order(klass: object, depth: int) -> Tuple[List[object], bool]:
            # every class by identity (ClassInfo) or dotted name (str); False: no consistent order
            if not isinstance(klass, ClassInfo):
                return [klass], True
            if id(klass) in known:
                return known[id(klass)]
            if depth > 16:
                return [klass], False
            known[id(klass)] = ([klass], False)  # a cycle of bases admits no order
            sequences: List[List[object]] = []
            consistent = True
            bases: List[object] = []
            for base in klass.node.bases:
                named = self._base_class(klass, base)
                if named in _OBJECT_BASES:
                    continue
                bases.append(named if named is not None else "")
            for base in bases:
                seq, ok = order(base, depth + 1)
                sequences.append(list(seq))
                consistent = consistent and ok
            sequences.append(list(bases))
            merged: List[object] = [klass]
            while consistent and any(sequences):
                for seq in sequences:
                    head = seq[0] if seq else None
                    if head is not None and not any(head in other[1:] for other in sequences):
                        break
                else:
                    consistent = False
                    break
                merged.append(head)
                for other in sequences:
                    if other and other[0] == head:
                        del other[0]
            known[id(klass)] = (merged, consistent)
            return merged, consistent

        merged, consistent = order(cls, 0)
        classes: List[ClassInfo] = []
        stop: Optional[str] = None
        for klass in merged:
            if not isinstance(klass, ClassInfo):
                stop = klass  # type: ignore[assignment]
                break
            classes.append(klass)
        if not consistent:
            stop = ""
        result = (classes, stop)
        self.kept("_mro_by_class", dict)[id(cls)] = result
        return result

    def attribute_of(
        self, cls: ClassInfo, name: str, external: bool = False, instance: bool = True, after_class: bool = False
    ) -> Tuple[Optional[FunctionInfo], Optional[TfFunctionUse]]:
        """What `obj.name` calls for an instance `obj` of `cls` (`instance=False`: for `cls.name`): a
        `self.name = tf.function(...)` of a class of its MRO, else the method the MRO finds first: in the
        class itself, or in a base (a class of this module, or with `external`, of another module of the
        project when the index knows the method). (None, None) when not known: a class outside the
        module or the index before the name is found, the name bound in a class body otherwise than by
        a def, or, for an inherited method, a `.name = ...` store anywhere in the module (an instance
        attribute may hide it). `after_class`: what `super()` in a method of `cls` finds, from the class
        after `cls` in its order."""
        classes, stop = self.mro(cls)
        if after_class:
            classes = classes[1:]
        if instance:
            for klass in classes:
                use = klass.wrapped_attrs.get(name)
                if use is not None:
                    return (use.target, use) if use.target is not None else (None, None)
        for klass in classes:
            info = klass.methods.get(name)
            if info is not None:
                if klass is not cls and instance and name in self.stored_attributes:
                    return None, None
                return info, info.decorator
            if klass is not cls and name in self._class_body_names(klass):
                return None, None
        if stop and external and self.link is not None and not (instance and name in self.stored_attributes):
            return self._external(stop + "." + name)
        return None, None

    def _class_body_names(self, cls: ClassInfo) -> Set[str]:
        """Names a class body binds otherwise than by a def (`run = staticmethod(f)`, `call = None`)."""
        by_class = self.kept("_class_body_names_by_class", dict)
        found = by_class.get(id(cls))
        if found is None:
            found = set()
            for stmt in cls.node.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if isinstance(stmt, ast.ClassDef):
                    found.add(stmt.name)
                    continue
                for sub in ast.walk(stmt):
                    if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
                        found.add(sub.id)
                    elif isinstance(sub, ast.alias):
                        found.add((sub.asname or sub.name).split(".")[0])
                    elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        found.add(sub.name)
            by_class[id(cls)] = found
        return found

    def method_of(self, cls: ClassInfo, name: str) -> Optional[FunctionInfo]:
        """The def `cls.name` runs, looked up in its MRO through the classes of this module."""
        return self.attribute_of(cls, name, instance=False)[0]

    def _external(self, dotted: Optional[str]) -> Tuple[Optional[FunctionInfo], Optional[TfFunctionUse]]:
        """A function of another module of the project, by the dotted name an import gives it."""
        if self.link is None or dotted is None:
            return None, None
        ext = self.link.function(dotted)
        if ext is None:
            return None, None
        return self._stub(ext)

    def _stub(self, ext: ExternalFunction) -> Tuple[FunctionInfo, Optional[TfFunctionUse]]:
        key = ext.module + ":" + ext.qualname + ":" + ext.shown_name
        info = self._stubs.get(key)
        if info is None:
            node = ext.stub_node()
            cls = None
            if ext.method:
                owner = ext.qualname.rsplit(".", 1)[0]
                cls = ClassInfo(ast.ClassDef(owner, [], [], [node], []), owner, None)
            info = FunctionInfo(node, ext.shown_name, ext.qualname, None, cls, external=ext)
            if ext.tf_function:
                keywords = {}
                for name, text in ext.tf_keywords.items():
                    try:
                        keywords[name] = ast.parse(text, mode="eval").body
                    except (SyntaxError, ValueError, RecursionError, MemoryError):
                        keywords[name] = ast.Constant(...)  # some value: enough to say the keyword is there
                info.decorator = TfFunctionUse(node, keywords, target=info)
            if ext.traced is not None:
                info.graph = GraphInfo(ext.traced, info)
            self._stubs[key] = info
        return info, info.decorator

    def unconverted(self, info: Optional[FunctionInfo]) -> Optional["Unconverted"]:
        """Why `info` runs in a graph without AutoGraph conversion because a TensorFlow op calls it
        (`UNCONVERTING_OPS`), or None."""
        if info is None or info.graph is None:
            return None
        return self.kept("_unconverted_by_op", self._find_unconverted).get(id(info))

    def _find_unconverted(self) -> Dict[int, "Unconverted"]:
        found: Dict[int, Unconverted] = {}
        queue: List[FunctionInfo] = []
        for info in self.functions:
            trace = info.graph.external if info.graph is not None else None
            if trace is not None and trace.through and info.parent is None and _runs_plain(info):
                found[id(info)] = Unconverted(trace.through, info, trace.caller or "?", trace.place.path)
                queue.append(info)
        for caller in self.functions:
            if caller.graph is None or caller.py_function_target:
                continue
            for site in caller.calls:
                target = site.target
                if not site.is_reference or site.eager or target.parent is not None or id(target) in found:
                    continue
                if not _runs_plain(target) or self.qualname(site.node.func, caller) not in UNCONVERTING_OPS:
                    continue
                op = ".".join(dotted_parts(site.node.func) or ()) or "a TensorFlow op"
                found[id(target)] = Unconverted(op, target, caller.name)
                queue.append(target)
        return self.spread_unconverted(found, queue)

    def spread_unconverted(
        self, found: Dict[int, "Unconverted"], queue: List[FunctionInfo]
    ) -> Dict[int, "Unconverted"]:
        """Add to `found` what the unconverted functions in `queue` run unconverted: what they call, and
        what they hand to `UNCONVERTING_OPS`."""
        while queue:
            info = queue.pop()
            why = found[id(info)]
            for site in info.calls:
                target = site.target
                if site.eager or id(target) in found or not _runs_plain(target):
                    continue
                # a plain call runs the callee as written; a function handed to another op is converted
                # by some (`tf.map_fn`), so only these ops keep it plain
                if site.is_reference and self.qualname(site.node.func, info) not in UNCONVERTING_OPS:
                    continue
                found[id(target)] = why
                queue.append(target)
        return found

    def graph_functions(self) -> Iterator[FunctionInfo]:
        return (f for f in self.functions if f.graph is not None)

    @property
    def has_traced_code(self) -> bool:
        """Some tf.function use (a decorator, a wrapping call, even one whose target is unknown) or
        some function these facts judge traced (called from graph code, a Keras `call`, a dataset
        function). Rules with `needs_traced_code` are skipped when this is False."""
        if self.tf_uses or any(f.graph is not None for f in self.functions):
            return True
        # calls of another module's tf.function are checked here (retracing arguments)
        return self.link is not None and self.link.reaches_graph_code

    def enclosing_class(self, scope: Optional[FunctionInfo]) -> Optional[ClassInfo]:
        while scope is not None:
            if scope.cls is not None:
                return scope.cls
            scope = scope.parent
        return None

    # -- resolution after the walk ---------------------------------------------------------

    def _resolve(self) -> None:
        stores: Dict[str, List[Tuple[ast.Assign, FunctionInfo, ClassInfo]]] = {}
        for assign, scope, cls in self._raw_assigns:
            self._record_wrapping_assignment(assign, scope, cls)
            target = assign.targets[0]
            if cls is not None and scope is not None and len(assign.targets) == 1 and _is_self_attr(target, (getattr(target, "attr", ""),)):
                stores.setdefault(target.attr, []).append((assign, scope, cls))  # type: ignore[attr-defined]
        self._factory_stores = stores
        # Every name a class of the module binds by a def or a wrapping (`self.f = tf.function(...)`): without
        # an index, `self.name`/`cls.name` resolves through its class only to one of them (`_may_resolve`).
        members: Set[str] = set()
        for klass in self.classes:
            members.update(klass.methods)
            members.update(klass.wrapped_attrs)
        self._member_names = members
        # Every name `resolve_callable` can resolve: a def, a callable local binding, a wrapping.
        self._callable_names = {info.name for info in self.functions}
        self._callable_names.update(name for _, name in self.local_callables)
        self._callable_names.update(self.module_wrapped)
        if self.link is not None and self.link.functions:
            self._callable_names.update(name for name, qual in self.imports.items() if qual in self.link.functions)
            if self.star_prefix:
                cut = len(self.star_prefix)
                self._callable_names.update(
                    key[cut:] for key in self.link.functions if key.startswith(self.star_prefix) and "." not in key[cut:]
                )
        for raw in self._raw_calls:
            self._resolve_call(raw)
        self._raw_calls = []
        self._raw_assigns = []
        self._factory_stores = {}
        self._eager_main_models()
        self._propagate_graph()

    @property
    def runs_models(self) -> bool:
        """The module may run a Keras model in a trace: a call of `MODEL_RUNS` on something not a module
        outside TensorFlow, a tf.function of something not defined here, or a tf.function that calls one of
        its parameters or records gradients (a training or serving step, which traces the model it is
        given). Asked by the summary, and by a check only of a module with a Keras model's `call`."""
        if self._runs_models is None:
            self._runs_models = self._model_run_call or any(
                self._runs_a_model(info) for info in self.functions if info.decorator or info.wrappers
            )
        return self._runs_models

    def _module_function(self, receiver: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        """`re.compile`, `np.save`, `torch.save`: the receiver is a module outside TensorFlow and Keras,
        whose function of that name runs no model."""
        if not isinstance(receiver, ast.Name) or receiver.id not in self.imports:
            return False
        dotted = self.qualname(receiver, scope)
        return dotted is not None and dotted.split(".", 1)[0] not in ("tensorflow", "keras", "tf_keras")

    def _runs_a_model(self, info: FunctionInfo) -> bool:
        """A tf.function that records gradients or calls one of its parameters (`model(x)`): a training or
        serving step, which traces whatever model it is given."""
        params = {a.arg for a in info.node.args.posonlyargs + info.node.args.args + info.node.args.kwonlyargs}
        for node in ast.walk(info.node):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in params:
                    return True
                if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) == "GradientTape":
                    return True
        return False

    def _eager_main_models(self) -> None:
        """A Keras class defined in the `if __name__ == "__main__":` block is seen with every use it has:
        when each is an instance made there and called directly in that eager script (`mod = M();
        mod(x)`), never handed to `fit`/`predict` or anything else, Keras never traces its `call`."""
        for stmt in self.tree.body:
            if not (isinstance(stmt, ast.If) and is_main_guard(stmt.test)):
                continue
            block = ast.Module(body=stmt.body, type_ignores=[])
            defined = {id(n): n for n in ast.walk(block) if isinstance(n, ast.ClassDef)}
            for cls in self.classes:
                if id(cls.node) in defined and (cls.is_keras or cls.keras_weak) and _only_called_directly(block, cls.name):
                    cls.runs_eagerly = True

    def _record_wrapping_assignment(
        self, assign: ast.Assign, scope: Optional[FunctionInfo], cls: Optional[ClassInfo]
    ) -> None:
        call = assign.value
        if not isinstance(call, ast.Call) or not self.is_tf_function_call(call, scope):
            return
        use = self._use_for_call(call, scope, cls)
        for target in assign.targets:
            if isinstance(target, ast.Name):
                use.bound_to = target.id
                if scope is None and (call.args or "func" in use.keywords):
                    self.module_wrapped[target.id] = use
            elif (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
                and cls is not None
            ):
                use.bound_to = "self." + target.attr
                cls.wrapped_attrs[target.attr] = use

    def _use_for_call(self, call: ast.Call, scope, cls) -> TfFunctionUse:
        known = self._use_by_call.get(id(call))
        if known is not None:
            return known
        use = TfFunctionUse(call, _keywords(call))
        self._use_by_call[id(call)] = use
        fn_expr = call.args[0] if call.args else use.keywords.get("func")
        if fn_expr is not None:
            use.target, _ = self.resolve_callable(fn_expr, scope, cls)
            if use.target is not None:
                use.target.wrappers.append(use)
            else:
                self._model_run_call = True  # `tf.function(model)`, `tf.function(self.model.call)`: maybe a model
            if use.target is None and self.external_calls is not None:
                self.external_calls.append(("wrapped", _RawCall(call, scope, cls, (), False), fn_expr))
        self.tf_uses.append(use)
        return use

    def _resolve_call(self, raw: _RawCall) -> None:
        call, scope = raw.node, raw.scope
        if not raw.eager and self._eager_calls and id(call) in self._eager_calls:
            raw.eager = True
        if not raw.graph_only and self._graph_calls and id(call) in self._graph_calls:
            raw.graph_only = True
        func = call.func
        plan = call.__dict__.get(_CALL_PLAN_ATTRIBUTE) or _call_plan(call)
        if plan[0]:
            # `obj.method(...)` of a name none of the tests below asks about (most calls): what the
            # branches below find for it, without their tests (`_call_plan`)
            func_name = None
        else:
            if isinstance(func, ast.Attribute) and func.attr in MODEL_RUNS and not self._module_function(func.value, scope):
                self._model_run_call = True
            # Only the names below matter here: most method calls are ruled out by their attribute text.
            if isinstance(func, ast.Attribute) and func.attr not in _RESOLVED_CALL_ATTRS:
                func_name = None
            else:
                func_name = self.qualname(func, scope)
            if func_name in TF_FUNCTION_NAMES:
                self._use_for_call(call, scope, raw.cls)
                return
            if func_name in PY_FUNCTION_NAMES:
                fn_expr = call.args[0] if call.args else _keywords(call).get("func")
                picked = self.local_alias(fn_expr, scope) if isinstance(fn_expr, ast.Name) else None
                # `py_fn = string_fn if text else int_fn; tf.py_function(py_fn, ...)`: either runs eagerly
                for fn_expr in [picked.body, picked.orelse] if isinstance(picked, ast.IfExp) else [fn_expr]:
                    if fn_expr is None:
                        continue
                    target, _ = self.resolve_callable(fn_expr, scope, raw.cls)
                    if target is not None:
                        target.py_function_target = True
                    elif self.external_calls is not None and isinstance(fn_expr, (ast.Name, ast.Attribute)):
                        # a function of another module: the py_function calls it eagerly, on every call
                        eager = _RawCall(call, scope, raw.cls, raw.loops, True, raw.graph_only)
                        self.external_calls.append(("reference", eager, fn_expr))
                return
            if isinstance(func, ast.Attribute) and func.attr == "compile":
                if any(k.arg == "run_eagerly" and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords):
                    compiled = self.type_of(func.value, scope, raw.cls)
                    if isinstance(compiled, ClassInfo):
                        compiled.compiled_eagerly = True
                else:
                    self._compiled_functions(raw, func)
            elif func_name is not None and func_name.startswith("tensorflow.keras.") and func_name.endswith(".Lambda"):
                fn_expr = call.args[0] if call.args else _keywords(call).get("function")
                if fn_expr is not None:
                    standalone = ""
                    if self.multi_backend_keras:
                        from .constructors import standalone_keras_name

                        name = standalone_keras_name(func, self)
                        standalone = f"the layer is standalone Keras's (`{name}`)" if name else ""
                    self._keras_function(raw, fn_expr, KERAS_LAMBDA, standalone)
            if func_name in DATASET_FUNCTIONS:
                self._traced_argument(call, scope, raw.cls, DATASET_FUNCTIONS[func_name], "dataset")
            elif isinstance(func, ast.Attribute) and func.attr in STRATEGY_RUN_METHODS and call.args:
                if _looks_like_strategy(func.value):
                    self._traced_argument(call, scope, raw.cls, ("fn", 0), "strategy", weak=True)
            elif isinstance(func, ast.Subscript):
                if self._function_dicts:
                    self._dict_call(raw, func)
                if self.external_calls is not None and isinstance(func.value, (ast.Name, ast.Attribute)):
                    # `ACTIVATIONS[name](x)` with the dict imported: the project index finds its functions
                    self.external_calls.append(("dict", raw, func.value))
        target = None
        if self._may_resolve(func, raw.cls):
            target, wrapper = self.resolve_callable(func, scope, raw.cls, external=True)
            if target is not None:
                self._add_site(CallSite(call, scope, raw.loops, target, wrapper, raw.eager, graph_only=raw.graph_only))
        if target is None and self._factory_stores and isinstance(func, ast.Attribute) and func.attr in self._factory_stores:
            closures = self._stored_closures(func, scope, raw.cls)
            for closure in closures:
                # several defs of one name (one per branch of the factory): each may be the one called
                self._add_site(
                    CallSite(call, scope, raw.loops, closure, closure.decorator, raw.eager, is_reference=len(closures) > 1, graph_only=raw.graph_only)
                )
            target = closures[0] if closures else None
        if target is None and self.external_calls is not None and isinstance(func, (ast.Name, ast.Attribute)):
            self.external_calls.append(("call", raw, func))
        if func_name in VALUE_CONVERSIONS:
            return  # `tf.convert_to_tensor(f)` takes `f` as a value: no call of it
        # Functions passed as values (strategy.run(fn), tf.cond(p, f, g), dataset.map(fn)) are
        # called by whoever receives them.
        if func_name in VECTORIZED_MAP_NAMES:
            self._vectorized_target(call, scope, raw.cls)
        callable_names = self._callable_names
        external = self.external_calls
        for arg in plan[1]:  # the arguments, and the functions in a literal among them, but constants
            kind = type(arg)
            # (what the tests below find for most arguments, without their calls: nothing to resolve here)
            if kind is ast.Name:
                if arg.id not in callable_names:  # type: ignore[attr-defined]
                    if external is not None:
                        external.append(("reference", raw, arg))
                    continue
            elif kind is ast.Call:
                if not _is_partial_call(arg, self, scope):
                    continue
            elif kind is not ast.Attribute and kind is not ast.Lambda:
                continue  # neither a reference nor a `functools.partial` call
            if self._may_resolve(arg, raw.cls):
                ref, ref_wrapper = self.resolve_callable(arg, scope, raw.cls, external=True)
                if ref is not None:
                    self._add_site(
                        CallSite(
                            call, scope, raw.loops, ref, ref_wrapper, raw.eager, is_reference=True, graph_only=raw.graph_only
                        )
                    )
                elif self.external_calls is not None and type(arg) in (ast.Call, ast.Attribute):
                    # `functools.partial(f, ...)` of an imported `f`, or `obj.method` of an object of an
                    # imported class (`self.model.loss_fn`): the project index resolves them
                    self.external_calls.append(("reference", raw, arg))
            elif external is not None and kind is not ast.Lambda:  # a name, an attribute, a partial call
                external.append(("reference", raw, arg))
        if not plan[0] and isinstance(call.func, ast.Attribute) and call.func.attr in DATASET_METHODS:
            self._dataset_target(call, scope, raw.cls)

    def _compiled_functions(self, raw: _RawCall, func: ast.Attribute) -> None:
        """`model.compile(loss=fn, metrics=[fn, ...])`: Keras calls them in its traced steps. On weak evidence
        unless the receiver is shown to be a Keras model (a Keras class, or `self` in one)."""
        call = raw.node
        given: List[ast.expr] = []
        keywords = _keywords(call)
        for keyword, position in KERAS_COMPILE_FUNCTIONS.items():
            value = keywords.get(keyword)
            if value is None and 0 < position < len(call.args):
                value = call.args[position]
            if value is None:
                continue
            if isinstance(value, (ast.List, ast.Tuple)):
                given.extend(value.elts)
            elif isinstance(value, ast.Dict):
                given.extend(v for v in value.values if v is not None)
            else:
                given.append(value)
        given = [g for g in given if isinstance(g, (ast.Name, ast.Attribute, ast.Lambda))]
        if not given or self._set_to_run_eagerly(func.value, raw.scope):
            return
        receiver = self.type_of(func.value, raw.scope, raw.cls)
        keras = (isinstance(receiver, ClassInfo) and receiver.is_keras) or (
            isinstance(receiver, str) and normalize_qualname(receiver).startswith("tensorflow.keras.")
        )
        if not keras and isinstance(func.value, ast.Name) and func.value.id == "self":
            owner = raw.cls if raw.cls is not None else self.enclosing_class(raw.scope)
            keras = owner is not None and owner.is_keras
        standalone = ""
        if self.multi_backend_keras:
            owner = receiver if isinstance(receiver, ClassInfo) else None
            if owner is None and isinstance(func.value, ast.Name) and func.value.id == "self":
                owner = raw.cls if raw.cls is not None else self.enclosing_class(raw.scope)
            base = self._standalone_keras_base(owner) if owner is not None else ""
            if base:
                standalone = f"the model's class is standalone Keras's (`{base}`)"
            elif owner is None:
                module = self.kept("_standalone_keras", self._standalone_keras_module)
                if module:
                    standalone = f"the only Keras this module imports is standalone Keras (`{module}`)"
        for fn_expr in given:
            self._keras_function(raw, fn_expr, KERAS_LOSS if keras else KERAS_LOSS_WEAK, standalone)

    def _set_to_run_eagerly(self, model: ast.expr, scope: Optional[FunctionInfo]) -> bool:
        """`model.run_eagerly = True` in the function that compiles it (or at module level): Keras then runs
        the steps, and the losses, eagerly."""
        text = ast.unparse(model)
        body = scope.node if scope is not None else self.tree
        for node in ast.walk(body):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and node.value.value is True
                and any(
                    isinstance(t, ast.Attribute) and t.attr == "run_eagerly" and ast.unparse(t.value) == text
                    for t in node.targets
                )
            ):
                return True
        return False

    def _keras_function(self, raw: _RawCall, fn_expr: ast.expr, reason: str, standalone: str = "") -> None:
        """`standalone`: what shows the Keras of the `Lambda` or of the compiled model is standalone `keras`."""
        target, _ = self.resolve_callable(fn_expr, raw.scope, raw.cls)
        if target is not None:
            if target.graph is None and not target.py_function_target and target.external is None:
                once = self._keras_function_built_once(standalone)
                target.graph = GraphInfo(reason, target, raw.node, weak=reason == KERAS_LOSS_WEAK or bool(once), once=once)
        elif self.external_calls is not None and isinstance(fn_expr, (ast.Name, ast.Attribute)):
            self.external_calls.append((reason, _RawCall(raw.node, raw.scope, raw.cls, (), False), fn_expr))

    def _traced_argument(self, call: ast.Call, scope, cls, where: Tuple[str, int], reason: str, weak: bool = False) -> None:
        """The function passed at keyword `where[0]` or position `where[1]` is traced by the callee
        (`tf.data.experimental.scan(init, fn)`, `strategy.run(fn)`), even when the call is eager."""
        keyword, index = where
        fn_expr = _keywords(call).get(keyword)
        if fn_expr is None and len(call.args) > index:
            fn_expr = call.args[index]
        if fn_expr is None:
            return
        target, _ = self.resolve_callable(fn_expr, scope, cls)
        if target is not None and target.graph is None and not target.py_function_target and target.external is None:
            target.graph = GraphInfo(reason, target, call, weak=weak)

    def _dict_call(self, raw: _RawCall, func: ast.Subscript) -> None:
        """`NAME_TO_FUNC[name](x)`: the call reaches each function the dict holds (references, as the
        arguments cannot be mapped onto one of them)."""
        if not isinstance(func.value, ast.Name):
            return
        name = func.value.id
        found = None
        s = raw.scope
        while s is not None and found is None:
            if name in s.locals and name not in s.globals_declared:
                found = self._function_dicts.get((id(s), name))
                if found is None:
                    return
            s = s.parent
        if found is None and self._lookup(name, None) is None:
            found = self._function_dicts.get((0, name))
        if found is None:
            return
        for value in found.values:
            target, wrapper = self.resolve_callable(value, raw.scope, raw.cls)
            if target is not None:
                self._add_site(
                    CallSite(raw.node, raw.scope, raw.loops, target, wrapper, raw.eager, is_reference=True, graph_only=raw.graph_only)
                )

    def _may_resolve(self, expr: ast.AST, cls: Optional[ClassInfo]) -> bool:
        """False when `resolve_callable(expr, _, cls)` is surely (None, None), decided without
        walking scopes: most calls and arguments are names of no function and `obj.method` chains."""
        kind = type(expr)
        if kind is ast.Name:
            return expr.id in self._callable_names  # type: ignore[attr-defined]
        if kind is ast.Attribute:
            value = expr.value  # type: ignore[attr-defined]
            if (
                cls is not None
                and type(value) is ast.Name
                and value.id in ("self", "cls")
                and (self.link is not None or expr.attr in self._member_names)  # type: ignore[attr-defined]
            ):
                return True
            if cls is not None and type(value) is ast.Call and type(value.func) is ast.Name and value.func.id == "super":  # type: ignore[attr-defined]
                return True
            if type(value) is ast.Name and value.id in self.module_classes:
                return True
            if type(value) is ast.Name and value.id in self._typed_names:
                return True
            if type(value) is ast.Attribute and value.attr in self._typed_attrs:  # type: ignore[attr-defined]
                return True
            return self.link is not None and expr.attr in self.link.last_names  # type: ignore[attr-defined]
        return True

    def _vectorized_target(self, call: ast.Call, scope, cls) -> None:
        """`tf.vectorized_map(fn, elems)` traces `fn` (to vectorize its graph) even when called eagerly."""
        fn_expr = call.args[0] if call.args else _keywords(call).get("fn")
        if fn_expr is None:
            return
        target, _ = self.resolve_callable(fn_expr, scope, cls)
        if target is not None and target.graph is None and not target.py_function_target:
            target.graph = GraphInfo("vectorized", target, call)
        elif target is None and self.external_calls is not None:
            self.external_calls.append(("vectorized", _RawCall(call, scope, cls, (), False), fn_expr))

    def _stored_closures(self, func: ast.Attribute, scope: Optional[FunctionInfo], cls: Optional[ClassInfo]) -> List[FunctionInfo]:
        """What `self.fn(...)` calls when the module stores `fn` once, as `self.fn = factory(...)` in a
        method of the class, and `factory` (a def of this module) returns only a function it defines
        (`return inner`): a closure built once and kept on the instance. The defs of that name in the
        factory (one per branch); [] when not so."""
        if cls is None or not (isinstance(func.value, ast.Name) and receiver_of(func.value.id, scope, cls)):
            return []
        stores = self._factory_stores.get(func.attr, ())
        if len(stores) != 1:
            return []
        assign, store_scope, store_cls = stores[0]
        if store_scope is scope or not any(klass is store_cls for klass in self.mro(cls)[0]):
            return []
        # Every other store of the attribute in the module comes before it in the same method, whose
        # body it ends unconditionally (`self.fn = lambda ...; self.fn = make(self.fn)`): the instance
        # keeps what the factory returned.
        method = store_scope.node
        if not any(stmt is assign for stmt in method.body) or any(  # type: ignore[attr-defined]
            not (method.lineno <= line <= assign.lineno) for line in self.attribute_store_lines.get(func.attr, ())
        ):
            return []
        factory, _ = self.resolve_callable(assign.value.func, store_scope, store_cls)  # type: ignore[attr-defined]
        if factory is None or factory.external is not None or isinstance(factory.node, ast.Lambda) or factory.decorator is not None:
            return []
        returned: Set[str] = set()
        stored: Set[str] = set()
        stack: List[ast.AST] = list(factory.node.body)  # type: ignore[attr-defined]
        while stack:  # the factory's own body, not its nested defs, lambdas and classes
            node = stack.pop()
            if isinstance(node, ast.Return):
                if not isinstance(node.value, ast.Name):
                    return []
                returned.add(node.value.id)
            elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                stored.add(node.id)
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.extend(ast.iter_child_nodes(node))
        if len(returned) != 1 or returned & stored:
            return []  # several names, or a name also bound otherwise (`inner = other`)
        name = returned.pop()
        return [info for info in self.functions if info.parent is factory and info.name == name and not isinstance(info.node, ast.Lambda)]

    def _add_site(self, site: CallSite) -> None:
        site.target.callers.append(site)
        if site.caller is not None:
            site.caller.calls.append(site)
        else:
            self.module_calls.append(site)

    def _dataset_target(self, call: ast.Call, scope, cls) -> None:
        if not self.looks_like_dataset(call.func.value, scope):  # type: ignore[attr-defined]
            return
        if self.after_unbound_name(call, scope):
            return  # never reached: an earlier statement raises NameError
        index = DATASET_METHODS[call.func.attr]  # type: ignore[attr-defined]
        fn_expr = call.args[index] if len(call.args) > index else None
        if fn_expr is None:
            for kw in call.keywords:
                if kw.arg in DATASET_KEYWORDS:
                    fn_expr = kw.value
        if fn_expr is None:
            return
        target, _ = self.resolve_callable(fn_expr, scope, cls)
        if target is not None and target.graph is None and not target.py_function_target:
            target.graph = GraphInfo("dataset", target, call)
        elif target is None and self.external_calls is not None:
            self.external_calls.append(("dataset", _RawCall(call, scope, cls, (), False), fn_expr))

    def after_unbound_name(self, node: ast.AST, scope: Optional[FunctionInfo]) -> bool:
        """`node` is in a function after a statement of the same or an enclosing block that reads a name bound
        nowhere (no local, enclosing, module-level, imported or builtin name; the module has no star import):
        that statement raises NameError on every run, so `node` is never reached (a broken copy of a function,
        `dataset.shuffle(mix_size)` for a parameter named `mixup_size`)."""
        if scope is None or isinstance(scope.node, ast.Lambda) or self.star_modules:
            return False
        block: List[ast.stmt] = scope.node.body
        for _ in range(50):
            for stmt in block:
                if any(sub is node for sub in ast.walk(stmt)):
                    nested = [
                        getattr(stmt, name) for name in ("body", "orelse", "finalbody")
                        if isinstance(getattr(stmt, name, None), list)
                    ] + [h.body for h in getattr(stmt, "handlers", ())]
                    inner = next((b for b in nested if any(any(sub is node for sub in ast.walk(s)) for s in b)), None)
                    if inner is None:
                        return False
                    block = inner
                    break
                if isinstance(stmt, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)) and any(
                    self._unbound(name, scope) for name in _names_always_read(stmt)
                ):
                    return True
            else:
                return False
        return False

    def _unbound(self, name: str, scope: Optional[FunctionInfo]) -> bool:
        if name in _BUILTINS:
            return False
        s = scope
        while s is not None:
            if name in s.locals or name in s.nested or name in s.globals_declared:
                return False
            s = s.parent
        return name not in self._module_names and name not in self.imports

    def looks_like_dataset(self, expr: ast.AST, scope) -> bool:
        """`expr` names or makes a tf.data dataset. An attribute is named by its own name, not its owner's
        (`dataset.rdd` is a Spark RDD); a method call keeps its receiver's kind only where tf.data's method
        returns a dataset (`ds.batch(8)`, not `dataset.to_pandas()`)."""
        while True:
            if isinstance(expr, ast.Call):
                name = self.qualname(expr.func, scope)
                if name is not None and name.startswith("tensorflow.data."):
                    return True
                func = expr.func
                if isinstance(func, ast.Attribute) and "dataset" not in func.attr.lower():
                    if func.attr not in DATASET_CHAIN_METHODS:
                        return False
                    expr = func.value
                    continue
                expr = func
            elif isinstance(expr, ast.Attribute):
                return "dataset" in expr.attr.lower()
            elif isinstance(expr, ast.Name):
                lowered = expr.id.lower()
                if "dataset" in lowered or lowered in ("ds", "dset", "data"):
                    return True
                # `records = tf.data.TFRecordDataset(files)`: the constructor says what it is
                owner = self.type_of(expr, scope) if expr.id in self._typed_names else None
                return isinstance(owner, str) and owner.startswith("tensorflow.data.")
            else:
                return False

    def builds_functional_model(self, info: FunctionInfo) -> bool:
        """A Keras method that makes `keras.Input(...)` builds a Functional model when the project calls
        it: a builder run eagerly, not a forward pass Keras traces (an Input in a trace is no input)."""
        memo = self.kept("_builds_functional_model", dict)  # asked by the graph contexts and the summary
        found = memo.get(id(info.node))
        if found is None:
            found = memo[id(info.node)] = any(
                isinstance(node, ast.Call)
                and (node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")) == "Input"
                and self.qualname(node.func, info) in KERAS_INPUT_CONSTRUCTORS
                for node in ast.walk(info.node)
            )
        return found

    def _propagate_graph(self) -> None:
        queue: List[FunctionInfo] = []
        # contexts on weak evidence (a base only named like Keras, `strategy.run`) are applied after
        # the strong ones have spread: a function traced for a sure reason keeps that reason
        weak: List[Tuple[FunctionInfo, GraphInfo]] = []
        incoming = self.link.incoming if self.link is not None else {}
        for info in self.functions:
            if info.py_function_target or info.dead:
                info.graph = None
                continue
            if info.graph is not None:
                if info.graph.weak:
                    weak.append((info, info.graph))
                    info.graph = None
                else:
                    queue.append(info)
            elif info.decorator is not None:
                info.graph = GraphInfo("decorated", info, info.decorator.node)
                queue.append(info)
            elif info.wrappers:
                info.graph = GraphInfo("wrapped", info, info.wrappers[0].node)
                queue.append(info)
            elif (
                info.cls is not None
                and (info.cls.is_keras or info.cls.keras_weak)
                and not info.cls.runs_eagerly
                and info.name in KERAS_TRACED_METHODS
                and (isinstance(info.node, ast.Lambda) or keras_can_call(info.name, info.node.args))
                and not self.builds_functional_model(info)
            ):
                once = self.keras_built_once(info.cls) if info.cls.is_keras else ""
                if (
                    info.cls.is_keras
                    and not info.cls.compiled_eagerly
                    and not self._unrun_model_call(info)
                    and not self.tensorflow1_class(info.cls)
                    and not once
                ):
                    info.graph = GraphInfo("keras", info, info.node)
                    queue.append(info)
                else:
                    weak.append((info, GraphInfo("keras", info, info.node, weak=True, once=once)))
            elif incoming and info.qualname in incoming:
                trace = incoming[info.qualname]
                # a `Lambda` layer's function or a loss of another module, in a module that runs with eager
                # execution off: Keras builds it once in a graph
                once = self._keras_function_built_once("") if trace.reason in KERAS_FUNCTION_REASONS else ""
                if trace.reason == KERAS_LOSS_WEAK or once:
                    weak.append((info, GraphInfo(trace.reason, info, external=trace, weak=True, once=once)))
                else:
                    info.graph = GraphInfo(trace.reason, info, external=trace)
                    queue.append(info)
        self._spread(queue)
        for info, graph in weak:
            if info.graph is None:
                info.graph = graph
                self._spread([info])
        # lambdas inside traced functions are traced with them
        self._lambdas()

    def _unrun_model_call(self, info: FunctionInfo) -> bool:
        """The `call` of a Keras model that nothing shown runs in a trace: no `fit`/`evaluate`/`predict`/
        `compile`/save call and no tf.function around a model, in the project (with an index) or in this
        module (without one); or whose class's own `train_step` never calls the model, so that `fit` does not
        trace it either. Keras then may never trace it (a model may be run only eagerly, `model(x)`), so
        that it is traced is weak evidence. Not known while the index summarises (`runs_models` None)."""
        cls = info.cls
        if info.name != "call" or cls is None or not cls.keras_model:
            return False
        if self._train_step_skips_call(cls):
            cls.unrun_model = "the class's own `train_step` never calls the model, so `fit` does not, and it may run only eagerly"
            return True
        if self.link is not None and self.link.project_runs_models is not False:
            return False  # the project runs a model, or the index does not know yet
        if self.runs_models:
            return False
        where = "this module" if self.link is None else "the project"
        cls.unrun_model = f"{where} shows none of these for a model, and may run it only eagerly"
        return True

    def _train_step_skips_call(self, cls: ClassInfo) -> bool:
        """The `train_step` the class has from this module never runs the model: no `self(x)`, `self.call(x)`
        or `super().train_step(...)`, no `self` handed on, and no method of the class or its unknown bases
        that may (sub-models held in attributes, `self.compute_loss`, are not the model): `fit` then trains
        without tracing `call` (a GAN's step calls its generator and discriminator)."""
        classes, rest = self.mro(cls)
        for klass in classes:
            step = klass.methods.get("train_step")
            if step is not None:
                keras_base = bool(rest) and rest.split(".", 1)[0] in ("tensorflow", "keras", "tf_keras")
                held = {
                    target.attr
                    for klass_ in classes
                    for method in klass_.methods.values()
                    for node in ast.walk(method.node)
                    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                    for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
                }
                return not self._runs_self(step, classes, held if not keras_base else None, set())
        return False

    def _runs_self(self, method: FunctionInfo, classes: List[ClassInfo], held: Optional[Set[str]], seen: Set[str]) -> bool:
        """`method` may run the model. `held`: the attributes the class assigns, where an unknown base may
        define any other name; None when the first base outside the module is Keras's own."""
        if method.name in seen:
            return False
        seen.add(method.name)
        for node in ast.walk(method.node):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "self":
                return True
            if any(isinstance(arg, ast.Name) and arg.id == "self" for arg in node.args) or any(
                isinstance(k.value, ast.Name) and k.value.id == "self" for k in node.keywords
            ):
                return True  # `self` handed to something that may call it
            if not isinstance(func, ast.Attribute):
                continue
            receiver, attr = func.value, func.attr
            if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super":
                if attr in _RUNS_THE_MODEL:
                    return True
            elif isinstance(receiver, ast.Name) and receiver.id == "self":
                if attr in _RUNS_THE_MODEL:
                    return True
                callee = next((k.methods[attr] for k in classes if attr in k.methods), None)
                if callee is not None:
                    if self._runs_self(callee, classes, held, seen):
                        return True
                elif held is not None and attr not in held:
                    return True  # a method of a base this module does not show: it may run the model
        return False

    def keras_built_once(self, cls: ClassInfo) -> str:
        """Why Keras builds the traced methods of the Keras class `cls` once in a graph, without tf.function,
        as the rest of their description ("with eager execution on; ..."), or "": the module runs with eager
        execution off (`eager_off`), or the class derives from standalone `keras` and the project targets
        Keras before 2.4 (`multi_backend_keras`), multi-backend Keras. Either makes the Keras trace weak."""
        what = ""
        if self.multi_backend_keras and not self.eager_off():
            base = self._standalone_keras_base(cls)
            what = f"its class is standalone Keras's (`{base}`)" if base else ""
        return self._keras_function_built_once(what)

    def _keras_function_built_once(self, standalone: str) -> str:
        """`keras_built_once` for any Keras-made trace: `standalone` says what shows the Keras is the
        standalone `keras` package ("the layer is standalone Keras's (`keras.layers.Lambda`)"), "" if nothing."""
        off = self.eager_off()
        if off:
            return f"with eager execution on; {off}, and with it off Keras builds it once in a graph without tf.function"
        if standalone and self.multi_backend_keras:
            return (
                f"from Keras 2.4 on; {standalone}, and {self.multi_backend_keras}: multi-backend Keras, which builds it "
                "once in a graph without tf.function"
            )
        return ""

    def eager_off(self) -> str:
        """What shows this module runs with eager execution off (TensorFlow 1's graph mode), as a clause, or "":
        a call of `EAGER_OFF_CALLS` that runs whenever the module is imported (`eager_off_call`), in the module
        itself or, with the project index, in a module that importing it runs (`ModuleLink.eager_off`)."""
        found = self.__dict__.get("_eager_off_found")
        if found is None:
            call = eager_off_call(self)
            if call is not None:
                found = f"this module turns eager execution off when it is imported (line {call.lineno}: `{ast.unparse(call)}`)"
            else:
                found = self.link.eager_off if self.link is not None else ""
            self.__dict__["_eager_off_found"] = found
        return found

    def _standalone_keras_base(self, cls: ClassInfo) -> str:
        """The base (as imported: "keras.layers.Layer") that makes `cls`, or a class of this module it derives
        from, a class of the standalone `keras` package; "" when none does (tf.keras, `tf_keras`, a base of
        another module)."""
        from .constructors import standalone_keras_name

        classes, _rest = self.mro(cls)
        own = self._own_keras_imports()
        for klass in classes:
            for base in klass.node.bases:
                name = standalone_keras_name(base, self)
                parts = dotted_parts(base) if own and not name else None
                if parts and parts[0] in own:
                    name = ".".join([own[parts[0]]] + parts[1:])
                if name:
                    return name
        return ""

    def _own_keras_imports(self) -> Dict[str, str]:
        """In a module of the project's own `keras` package (the project is Keras itself, or a fork such as
        keras-mxnet): name → what its relative imports of that package bind it to (`from .base_layer import
        Layer` in `keras.engine.network`: "keras.engine.base_layer.Layer"). Empty elsewhere."""
        link = self.link
        if link is None or not link.module or link.module.split(".", 1)[0] != "keras":
            return {}
        found = self.__dict__.get("_own_keras_found")
        if found is None:
            found = {}
            for node in ast.walk(self.tree):
                if not isinstance(node, ast.ImportFrom) or not node.level:
                    continue
                module = link.resolve_relative(node.level, node.module)
                if module is None or module.split(".", 1)[0] != "keras":
                    continue
                for alias in node.names:
                    if alias.name != "*":
                        found[alias.asname or alias.name] = f"{module}.{alias.name}"
            self.__dict__["_own_keras_found"] = found
        return found

    def _standalone_keras_module(self) -> str:
        """A standalone `keras` import of this module ("keras.models") when that is the only Keras it imports
        or names (no `tf.keras`, `tf_keras` or `tensorflow.python.keras`); else ""."""
        from .constructors import _raw_imports

        found = ""
        for path in _raw_imports(self).values():
            parts = path.split(".")
            if parts[0] == "keras":
                found = found or path
            elif "keras" in parts or parts[0] == "tf_keras":
                return ""  # tf.keras, tf_keras, tensorflow.python.keras
        if not found:
            return ""
        for node in ast.walk(self.tree):
            if type(node) is ast.Attribute and node.attr == "keras" and self.is_tf(node.value):
                return ""  # `tf.keras`
        return found

    def tensorflow1_class(self, cls: ClassInfo) -> str:
        """What shows the class is code of TensorFlow 1 or of multi-backend Keras (2.3 and earlier), as a
        clause ("its class uses `tf.matrix_set_diag`"), or "": a base from `keras.engine.topology`, or a
        method (its own or one it inherits from this module) that uses a `tf.` name TensorFlow 2 does not
        have (`tf.matrix_set_diag`, `tf.contrib`, `tf.layers`); else the same shown by its module
        (`_tensorflow1_module`). Such a class never runs on TensorFlow 2, and there Keras builds `call` once
        in a graph, without tf.function."""
        if cls.tensorflow1 is None:
            cls.tensorflow1 = self._tensorflow1_evidence(cls) or self.kept("_tensorflow1_module", self._tensorflow1_module)
        return cls.tensorflow1

    def _tensorflow1_evidence(self, cls: ClassInfo) -> str:
        classes, _rest = self.mro(cls)
        for klass in classes:
            for base in klass.node.bases:
                name = self.qualname(base, klass.parent_function) or ""
                if name.startswith(LEGACY_KERAS_MODULE + "."):
                    return "its class uses `keras.engine.topology`"
        gone, last_names = tf1_only_names(), tf1_only_last_names()
        for klass in classes:
            for method in klass.methods.values():
                for sub in ast.walk(method.node):
                    if type(sub) is ast.Attribute:
                        shown = self._tensorflow1_name(sub, method, gone, last_names)
                        if shown:
                            return f"its class uses {shown}"
        return ""

    def _tensorflow1_name(self, node: ast.Attribute, scope: Optional[FunctionInfo], gone: frozenset, last_names: frozenset) -> str:
        """"`tf.matrix_set_diag`" when `node` names something TensorFlow 2 does not have: a name of
        `tf1_only_names`, or one in a module TensorFlow 2 lacks as a whole (`TF1_ONLY_MODULES`); else ""."""
        if node.attr not in last_names and node.attr not in _TF1_ONLY_MODULE_LASTS:
            return ""
        name = self.qualname(node, scope)
        if name is None or not (name in gone or any(name == m or name.startswith(m + ".") for m in TF1_ONLY_MODULES)):
            return ""
        return f"`tf.{name[len('tensorflow.'):]}`"

    def _tensorflow1_module(self) -> str:
        """What shows the module is written for TensorFlow 1 or multi-backend Keras, as a clause ("its
        module uses `tf.layers.dense`"), or "": an import from `keras.engine.topology` or from `tf.contrib`,
        or a `tf.` name TensorFlow 2 does not have (`_tensorflow1_name`), anywhere in the module. Only
        unconditional code counts: nothing inside a `try` statement that handles an exception (a fallback
        for another release, `except AttributeError:`), and nothing at all when the module asks which
        TensorFlow it runs on (`tf.__version__`, `tf.version.VERSION`, `hasattr(tf, ...)`) or whether it
        runs eagerly (`tf.executing_eagerly()`): code written for both releases, whose TensorFlow 2 branch
        Keras may trace. `tf.compat.v1` names exist in TensorFlow 2 and never count."""
        if self._tests_mode:
            return ""  # it asks for the execution mode: written for TensorFlow 2 (too)
        gone, last_names = tf1_only_names(), tf1_only_last_names()
        found = ""
        stack: List[ast.AST] = list(reversed(self.tree.body))  # in source order: the first use is shown
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Attribute:
                if node.attr in _VERSION_NAMES:  # type: ignore[attr-defined]
                    return ""
                if not found:
                    found = self._tensorflow1_name(node, None, gone, last_names)  # type: ignore[arg-type]
                    found = f"its module uses {found}" if found else ""
            elif kind is ast.Name:
                if node.id in _VERSION_NAMES:  # type: ignore[attr-defined]
                    return ""
            elif kind is ast.Call:
                func = node.func  # type: ignore[attr-defined]
                if type(func) is ast.Name and func.id in ("hasattr", "getattr") and node.args and self.is_tf(node.args[0]):  # type: ignore[attr-defined]
                    return ""  # it probes TensorFlow for a name
            elif kind is ast.Try or kind.__name__ == "TryStar":
                if node.handlers:  # type: ignore[attr-defined]
                    continue  # a fallback, or a probe for another release
            elif kind is ast.Import or kind is ast.ImportFrom:
                for alias in node.names:  # type: ignore[attr-defined]
                    if alias.name == "__version__":
                        return ""
                    if not found:
                        module = node.module if kind is ast.ImportFrom else None  # type: ignore[attr-defined]
                        if kind is ast.ImportFrom and (module is None or node.level):  # type: ignore[attr-defined]
                            continue
                        dotted = normalize_qualname(f"{module}.{alias.name}" if module else alias.name)
                        if dotted == LEGACY_KERAS_MODULE or dotted.startswith(LEGACY_KERAS_MODULE + "."):
                            found = "its module imports `keras.engine.topology`"
                        elif dotted == TF_CONTRIB or dotted.startswith(TF_CONTRIB + "."):
                            found = "its module imports `tf.contrib`"
                continue
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
        return found

    def _spread(self, queue: List[FunctionInfo]) -> None:
        """Trace what the traced functions in `queue` define and call."""
        while queue:
            info = queue.pop()
            assert info.graph is not None
            for nested in info.nested.values():
                if nested.graph is None and not nested.py_function_target and not nested.dead and self.runs_where_defined(nested):
                    nested.graph = GraphInfo("nested", info.graph.origin, nested.node, via=info)
                    queue.append(nested)
            for site in info.calls:
                target = site.target
                if target.graph is None and not site.eager and not target.py_function_target and not target.dead:
                    target.graph = GraphInfo("called", info.graph.origin, site.node, via=info)
                    queue.append(target)

    def runs_where_defined(self, info: FunctionInfo) -> bool:
        """A def or lambda written inside the function `info.parent` may run while that function runs
        (so in its trace, when it is traced): it is called there, or handed to something that may call it
        (any call but a value conversion such as `tf.convert_to_tensor`), decorated, stored, returned to a
        caller, named in any other way. False only when it is provably just defined, or only converted or
        subscripted as a value (`v = lambda: tf.Variable(t)` never called), or named only by code that
        itself never runs. Uses in deeper functions count when those may run."""
        parent = info.parent
        if parent is None:
            return True
        running = self.kept("_runs_where_defined", dict).get(id(parent))
        if running is None:
            running = self.kept("_runs_where_defined", dict)[id(parent)] = self._running_nested(parent)
        return id(info.node) in running

    def _running_nested(self, parent: FunctionInfo) -> Set[int]:
        """The ids of the def and lambda nodes directly inside `parent` that may run while it runs."""
        candidates = [f for f in parent.nested.values()]
        candidates += [f for f in self.functions if f.parent is parent and isinstance(f.node, ast.Lambda)]
        if not candidates:
            return set()
        cand_ids = {id(f.node) for f in candidates}
        by_name: Dict[str, List[int]] = {}
        for f in candidates:
            if not isinstance(f.node, ast.Lambda):
                by_name.setdefault(f.name, []).append(id(f.node))
        running: Set[int] = set()
        # (candidate ids the use may run, the candidate whose body holds it, or 0: `parent` itself)
        uses: List[Tuple[List[int], int]] = []
        for f in candidates:
            node = f.node
            if not isinstance(node, ast.Lambda) and (node.decorator_list or f.name in parent.globals_declared):
                running.add(id(node))
        stack: List[Tuple[ast.AST, int]] = []
        parents: Dict[int, ast.AST] = {}
        loads: List[Tuple[ast.AST, int]] = []
        body = [parent.node.body] if isinstance(parent.node, ast.Lambda) else parent.node.body
        for stmt in body:
            parents[id(stmt)] = parent.node
            stack.append((stmt, 0))
        while stack:
            node, owner = stack.pop()
            kind = type(node)
            if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
                # decorators and defaults run where the def is; the body where it is called
                inner = owner or (id(node) if id(node) in cand_ids else -1)
                outer_parts: List[ast.AST] = list(getattr(node, "decorator_list", ()))
                outer_parts += node.args.defaults + [d for d in node.args.kw_defaults if d is not None]  # type: ignore[attr-defined]
                inner_body = [node.body] if kind is ast.Lambda else node.body  # type: ignore[attr-defined]
                for part in outer_parts:
                    parents[id(part)] = node
                    stack.append((part, owner))
                for stmt in inner_body:
                    parents[id(stmt)] = node
                    stack.append((stmt, inner))
                if kind is ast.Lambda and id(node) in cand_ids:
                    # `v = lambda: ...`: what happens to it is what happens to `v`
                    up = parents.get(id(node))
                    if (
                        type(up) is ast.Assign
                        and len(up.targets) == 1  # type: ignore[attr-defined]
                        and type(up.targets[0]) is ast.Name  # type: ignore[attr-defined]
                        and type(parents.get(id(up))) is not ast.ClassDef  # a class attribute is used as `obj.name`
                    ):
                        by_name.setdefault(up.targets[0].id, []).append(id(node))  # type: ignore[attr-defined]
                    elif self._use_may_call(node, parents, parent):
                        uses.append(([id(node)], owner))
                continue
            if kind is ast.Name and type(node.ctx) is ast.Load:  # type: ignore[attr-defined]
                loads.append((node, owner))  # judged below, once every `v = lambda` is known
            elif kind is ast.Call and type(node.func) is ast.Name and node.func.id in _NAME_READERS:  # type: ignore[attr-defined]
                return cand_ids  # `locals()`, `eval(...)`: any of them may be reached by its text
            for child in iter_children(node):
                parents[id(child)] = node
                stack.append((child, owner))
        for load, owner in loads:
            ids = by_name.get(load.id)  # type: ignore[attr-defined]
            if ids is not None and self._use_may_call(load, parents, parent):
                uses.append((ids, owner))
        # a use in a deeper function counts once that function may run; a recursive call does not run it
        changed = True
        while changed:
            changed = False
            for ids, owner in uses:
                if owner and owner not in running and owner != -1:
                    continue
                for target in ids:
                    if target not in running and target != owner:
                        running.add(target)
                        changed = True
        return running

    def _use_may_call(self, node: ast.AST, parents: Dict[int, ast.AST], scope: FunctionInfo) -> bool:
        """A function value at `node` may be called from there: anything but an argument of a value
        conversion (`tf.convert_to_tensor(f)`, also in a list or tuple there) or a subscript (`f[i]`,
        a TypeError)."""
        up = parents.get(id(node))
        if type(up) is ast.Subscript and up.value is node:  # type: ignore[attr-defined]
            return False
        while type(up) in _LITERAL_CONTAINERS or type(up) is ast.Starred or type(up) is ast.keyword:
            node, up = up, parents.get(id(up))  # type: ignore[assignment]
        if type(up) is ast.Call and up.func is not node:  # type: ignore[attr-defined]
            return self.qualname(up.func, scope) not in VALUE_CONVERSIONS  # type: ignore[attr-defined]
        return True

    def _lambdas(self) -> None:
        for info in self.functions:
            if info.graph is None and isinstance(info.node, ast.Lambda) and info.parent is not None and not info.dead:
                parent = info.parent
                if parent.graph is not None and not info.py_function_target and self.runs_where_defined(info):
                    info.graph = GraphInfo("nested", parent.graph.origin, info.node, via=parent)


# Last attributes of the callee names `ModuleFacts._resolve_call` acts on (see `_TF_FUNCTION_ATTRS`).
# Methods that run a Keras model in a trace (or prepare it to: `compile`), and the saves and
# conversions that trace it: any call of one shows a project that may trace its models.
MODEL_RUNS = frozenset(
    "fit fit_generator evaluate evaluate_generator predict predict_generator predict_on_batch train_on_batch "
    "test_on_batch compile save save_model export from_keras_model".split()
)

# Methods of a Keras model that run its `call` (on `self` or `super()` in a `train_step`).
_RUNS_THE_MODEL = frozenset(
    "__call__ call train_step test_step predict_step fit evaluate predict predict_on_batch test_on_batch "
    "train_on_batch".split()
)

_RESOLVED_CALL_ATTRS = frozenset(
    name.rsplit(".", 1)[1]
    for name in TF_FUNCTION_NAMES | PY_FUNCTION_NAMES | VECTORIZED_MAP_NAMES | set(DATASET_FUNCTIONS) | VALUE_CONVERSIONS
) | {"Lambda"}


_LITERAL_CONTAINERS = frozenset({ast.List, ast.Tuple, ast.Dict})
# the attributes `ModuleFacts._resolve_call` asks about by name: a method call of any other name is
# resolved and its arguments read, nothing more
_CALL_ATTRS_ASKED = MODEL_RUNS | _RESOLVED_CALL_ATTRS | STRATEGY_RUN_METHODS | frozenset(DATASET_METHODS) | {"compile"}
_CALL_PLAN_ATTRIBUTE = "_hybridlint_call_plan"


def _call_plan(call: ast.Call) -> Tuple[bool, List[ast.expr]]:
    """What `ModuleFacts._resolve_call` reads of a call by its text alone: whether it is `obj.name(...)`
    with a name none of its tests asks about (`_CALL_ATTRS_ASKED`), and the expressions it reads as
    possible references to functions, in order: the arguments (positional, then keyword values), then
    the functions in a list, tuple or dict literal among them (`tf.switch_case(i, [f, g])`,
    `tf.case([(p, f)])`), constants left out (neither a reference nor a `functools.partial` call). Kept
    on the node: it depends on the call's subtree alone."""
    func = call.func
    plain = type(func) is ast.Attribute and func.attr not in _CALL_ATTRS_ASKED  # type: ignore[attr-defined]
    args: List[ast.expr] = list(call.args) + [k.value for k in call.keywords] if call.keywords else list(call.args)
    for arg in [arg for arg in args if type(arg) in _LITERAL_CONTAINERS]:
        if type(arg) is ast.Dict:
            args.extend(v for v in arg.values if v is not None)  # type: ignore[attr-defined]
        else:
            for elt in arg.elts:  # type: ignore[attr-defined]
                args.extend(elt.elts if type(elt) is ast.Tuple else (elt,))  # type: ignore[attr-defined]
    plan = (plain, [arg for arg in args if type(arg) is not ast.Constant])
    call.__dict__[_CALL_PLAN_ATTRIBUTE] = plan
    return plan


# Decorators that register nothing: a def they wrap is as unused as a plain one.
_PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "abstractmethod", "abc.abstractmethod"})
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_DEFINITION_TYPES = frozenset(_DEFINITIONS)


def _start(node: ast.AST) -> Optional[Tuple[int, int]]:
    """Where `node` starts (a def: its `def` line, which its decorators precede), or None."""
    line = getattr(node, "lineno", None)
    return None if line is None else (line, getattr(node, "col_offset", 0))


_Span = Tuple[Tuple[int, int], Tuple[int, int]]  # (line, column) of a start and of an end


def _span_of(block: List[ast.stmt]) -> Optional[_Span]:
    """From the start of a block's first statement (its decorators included) to the end of its last."""
    first, last = block[0], block[-1]
    starts = [_start(first)] + [_start(d) for d in getattr(first, "decorator_list", ())]
    end_line = getattr(last, "end_lineno", None)
    if end_line is None or any(s is None for s in starts):
        return None
    return min(starts), (end_line, getattr(last, "end_col_offset", 0) or 0)  # type: ignore[type-var]


def _apart(one: Optional[Tuple[int, int]], other: Tuple[int, int], arms: List[Tuple[_Span, _Span]]) -> bool:
    """The positions `one` and `other` lie in the two branches of one `if` of `arms` (`_if_arms`)."""
    if one is None:
        return False
    for (b0, b1), (e0, e1) in arms:
        if (b0 <= one <= b1 and e0 <= other <= e1) or (e0 <= one <= e1 and b0 <= other <= b1):
            return True
    return False


def shadowed_definitions(body: List[ast.stmt], facts: "ModuleFacts") -> List[ast.stmt]:
    """The defs and classes of `body` (a module, class or function body) that a later def or class of
    the same name in the same body replaces before anything could use them (pyflakes F811,
    "redefinition of unused name"): no use of the name in between (nor in the later one's decorators,
    bases or defaults), no decorator that might register them, no `locals()`/`globals()`/`eval` in
    between. Definitions inside `if`/`try` branches are not in `body` and are never judged. They never run."""
    names = [stmt.name for stmt in body if type(stmt) in _DEFINITION_TYPES]  # type: ignore[attr-defined]
    if len(names) == len(set(names)):
        return []  # no name defined twice (most bodies): what the loop below finds, without it
    seen: Dict[str, int] = {}
    dead: List[ast.stmt] = []
    for index, stmt in enumerate(body):
        if not isinstance(stmt, _DEFINITIONS):
            continue
        earlier = seen.get(stmt.name)
        seen[stmt.name] = index
        if earlier is None:
            continue
        first = body[earlier]
        if not all(_plain_decorator(d, facts) for d in first.decorator_list):  # type: ignore[attr-defined]
            continue
        between: List[ast.AST] = list(body[earlier + 1 : index])
        between += stmt.decorator_list
        if isinstance(stmt, ast.ClassDef):
            between += stmt.bases + [k.value for k in stmt.keywords]
        else:
            between += stmt.args.defaults + [d for d in stmt.args.kw_defaults if d is not None]
        if not any(_names_or_reads(part, stmt.name) for part in between):
            dead.append(first)
    return dead


def _plain_decorator(dec: ast.expr, facts: "ModuleFacts") -> bool:
    if facts.tf_function_use(dec, None) is not None:
        return True  # tf.function wraps, registering nothing
    parts = dotted_parts(dec)
    return parts is not None and ".".join(parts) in _PLAIN_DECORATORS


def _names_or_reads(root: ast.AST, name: str) -> bool:
    """`root` reads the name `name`, or may read any name by its text (`locals()`, `eval`)."""
    for node in walk_nodes(root):
        if type(node) is ast.Name and (node.id == name or node.id in _NAME_READERS):  # type: ignore[attr-defined]
            return True
    return False


def _runs_plain(info: FunctionInfo) -> bool:
    """Calling `info` runs its own body in the caller's graph (not a tf.function of its own, not
    another module's function, not a py_function body)."""
    return (
        info.graph is not None
        and info.external is None
        and info.decorator is None
        and not info.wrappers
        and not info.py_function_target
    )


def _is_partial_call(expr: ast.AST, facts: ModuleFacts, scope: Optional[FunctionInfo]) -> bool:
    if not isinstance(expr, ast.Call):
        return False
    func = expr.func
    if isinstance(func, ast.Attribute) and func.attr != "partial":
        return False  # a chain's qualname ends with its attribute
    return facts.qualname(func, scope) == "functools.partial"


def _looks_like_strategy(expr: ast.AST) -> bool:
    """`strategy`, `self._strategy`, `tf.distribute.get_strategy()`: a tf.distribute strategy by its name."""
    if isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, ast.Attribute):
        return "strategy" in expr.attr.lower()
    return isinstance(expr, ast.Name) and "strategy" in expr.id.lower()


def _is_super_init(call: ast.Call, method: str = "__init__") -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == method
        and (
            (isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super")
            or isinstance(func.value, ast.Name)  # `Base.__init__(self, dynamic=True)`
            or isinstance(func.value, ast.Attribute)
        )
    )


EAGER_SWITCH_NAMES = frozenset(
    {
        "tensorflow.config.run_functions_eagerly",
        "tensorflow.config.experimental_run_functions_eagerly",
        "tensorflow.compat.v1.config.run_functions_eagerly",
        "tensorflow.compat.v1.config.experimental_run_functions_eagerly",
    }
)


def _last_switch_turns_eager(
    body: List[ast.stmt], facts: "ModuleFacts", scope: Optional["FunctionInfo"], before: Optional[ast.stmt] = None
) -> bool:
    """Of the statements `tf.config.run_functions_eagerly(...)` in `body` (not nested in a branch, loop or
    `try`: they always run), the last one passes a literal True, and comes before the statement `before`:
    functions run eagerly after `body`."""
    last = None
    seen_before = False
    for stmt in body:
        if stmt is before:
            seen_before = True
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if isinstance(call.func, ast.Attribute) and call.func.attr in (
                "run_functions_eagerly",
                "experimental_run_functions_eagerly",
            ) and facts.qualname(call.func, scope) in EAGER_SWITCH_NAMES:
                if seen_before:
                    return False  # switched (again) after `before`
                last = call
        elif last is not None and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in ("run_functions_eagerly", "experimental_run_functions_eagerly")
            for n in ast.walk(stmt)
        ):
            return False  # switched again under a condition: which one holds is not shown
    if last is None:
        return False
    value = last.args[0] if last.args else next((k.value for k in last.keywords if k.arg == "run_eagerly"), None)
    return isinstance(value, ast.Constant) and value.value in (True, 1) and type(value.value) in (bool, int)


def _call_runs_call_itself(cls: ast.ClassDef) -> bool:
    """A `__call__` override that runs `self.call(...)` as plain Python (a builder run once on `Input`s)
    on some path: that Keras traces `call` is then not shown."""
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__call__":
            return any(
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr == "call"
                and isinstance(n.func.value, ast.Name)
                and n.func.value.id == "self"
                for n in ast.walk(stmt)
            )
    return False

def _compile_eager_test(value: ast.expr, body: List[ast.stmt], call: ast.Call) -> Optional[Tuple[ast.expr, bool]]:
    """(C, outcome) when `run_eagerly=value` in `compile` is true exactly when C has that outcome: `value` is
    C itself, `True if C else False`, or a local that an earlier `if C: v = True else: v = False` of the
    body sets (the only assignments of it in the body)."""
    if isinstance(value, ast.IfExp):
        body_value, else_value = value.body, value.orelse
        if isinstance(body_value, ast.Constant) and isinstance(else_value, ast.Constant):
            if bool(body_value.value) != bool(else_value.value):
                return value.test, bool(body_value.value)
        return None
    if not isinstance(value, ast.Name):
        return value, True
    assigned = [
        node for stmt in body for node in ast.walk(stmt)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr))
        and any(isinstance(t, ast.Name) and t.id == value.id for t in ast.walk(node) if isinstance(t, ast.Name) and not isinstance(t.ctx, ast.Load))
    ]

    def literal_of(block: List[ast.stmt]) -> Optional[bool]:
        found = [
            s for s in block
            if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
            and s.targets[0].id == value.id and isinstance(s.value, ast.Constant)
        ]
        return bool(found[0].value.value) if len(found) == 1 else None  # type: ignore[attr-defined]

    for stmt in body:
        if stmt.lineno >= call.lineno:
            break
        if isinstance(stmt, ast.If) and stmt.orelse:
            then, other = literal_of(stmt.body), literal_of(stmt.orelse)
            if then is not None and other is not None and then != other and len(assigned) == 2:
                return stmt.test, then
    return None


def _is_self_attr(target: ast.AST, names: Tuple[str, ...]) -> bool:
    return (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
        and target.attr in names
    )


def _is_property_accessor(node: ast.AST) -> bool:
    """`@name.setter` / `@name.deleter` on a def of that name."""
    return any(
        isinstance(dec, ast.Attribute)
        and dec.attr in ("setter", "deleter")
        and isinstance(dec.value, ast.Name)
        and dec.value.id == getattr(node, "name", None)
        for dec in getattr(node, "decorator_list", ())
    )


def _keywords(call: ast.Call) -> Dict[str, ast.expr]:
    return {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}


_COLLECTOR_LEAVES = frozenset({ast.Name, ast.Constant})  # what `_Collector.visit_Name`/`visit_Constant` ignore

_PASSED_ATTRIBUTE = "_hybridlint_passed"  # where `_passed_keywords` keeps what a call passes by keyword


def _passed_keywords(call: ast.Call) -> Tuple[Tuple[Tuple[str, int], ...], bool]:
    """What a call passes by keyword, in order, as (name, `truth_mask` of the value): every `name=value`,
    and the string keys of a dict literal unpacked into it (`**{"name": v}`); and whether it passes
    `dynamic=` or `run_eagerly=` (which `_Collector.visit_Call` reads in a method). Kept on the node: it
    depends on the call's subtree alone."""
    passes: List[Tuple[str, int]] = []
    special = False
    for kw in call.keywords:
        if kw.arg is not None:
            passes.append((kw.arg, truth_mask(kw.value)))
            special = special or kw.arg in ("dynamic", "run_eagerly")
        elif isinstance(kw.value, ast.Dict):
            for key, value in zip(kw.value.keys, kw.value.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    passes.append((key.value, truth_mask(value)))
    kept = (tuple(passes), special)
    call.__dict__[_PASSED_ATTRIBUTE] = kept
    return kept


_COLLECTED_ATTRIBUTE = "_hybridlint_collect"  # where `_collected_children` keeps a node's children to visit
_BLOCKS_ATTRIBUTE = "_hybridlint_blocks"  # where `_Collector._visit_block` keeps a node's statements to visit, by field


def _collected_children(node: ast.AST, wanted: int) -> Tuple[int, List[ast.AST]]:
    """The children of `node` the collector's `generic` visits when it records the node kinds of `wanted`
    (no name or constant, and only those whose mask holds one), in order; kept on the node with `wanted`.
    Only trees with masks (`subtree_kinds`) get here: their unchanged statements are the same objects from
    one edit to the next, so this is computed for the edited statement's nodes only."""
    children: List[ast.AST] = []
    leaves = _COLLECTOR_LEAVES
    for name in _CHILD_FIELDS.get(type(node)) or child_fields(type(node)):
        value = getattr(node, name, None)
        for item in value if type(value) is list else (value,):
            if (
                type(item) not in leaves
                and isinstance(item, ast.AST)
                and (getattr(item, _KINDS_ATTRIBUTE, None) or wanted) & wanted
            ):
                children.append(item)
    kept = (wanted, children)
    node.__dict__[_COLLECTED_ATTRIBUTE] = kept
    return kept


_PARAMS_ATTRIBUTE = "_hybridlint_params"  # where `_parameters` keeps a def's parameters


def _parameters(node: FunctionNode) -> Tuple[Tuple[Tuple[str, Optional[ast.expr]], ...], Tuple[str, ...]]:
    """A def's or lambda's parameters, in order, each with its annotation when that is a name or a dotted
    name (a class it may be), and its `*args`/`**kwargs` names: what `_Collector._enter` binds. Kept on the
    node: it depends on the def alone."""
    args = node.args
    params = tuple(
        (a.arg, a.annotation if isinstance(getattr(a, "annotation", None), (ast.Name, ast.Attribute)) else None)
        for a in args.posonlyargs + args.args + args.kwonlyargs
    )
    stars = tuple(star.arg for star in (args.vararg, args.kwarg) if star is not None)
    kept = (params, stars)
    node.__dict__[_PARAMS_ATTRIBUTE] = kept
    return kept


class _Collector:
    """One walk over the module recording bindings, functions, classes and raw calls."""

    def __init__(self, facts: ModuleFacts):
        self.facts = facts
        self.scope: Optional[FunctionInfo] = None
        self.cls: Optional[ClassInfo] = None  # class whose body we are directly in
        self.method_cls: Optional[ClassInfo] = None  # class of the nearest enclosing method
        self.loops: Tuple[ast.AST, ...] = ()  # a tuple: each call's record keeps it as it is
        self.eager = 0
        self.graph_only = 0
        # the conditions of the branches around, that another module's mode test decides (`branch_conds`)
        self.pending: List[Condition] = []
        self.binding_counts: Dict[Tuple[int, str], int] = {}
        self.callable_bindings: Dict[Tuple[int, str], ast.expr] = {}
        self.type_bindings: Dict[Tuple[int, str], Tuple[Optional[ast.expr], int]] = {}
        # what a visit may record something for (`subtree_kinds`): the nodes with a visit method of their
        # own but names and constants, and of attributes only those stored and those named as a mode test,
        # unless every read on `self`/`cls` is recorded too (`self_reads`)
        if not _Collector._wanted:
            wanted = kind_bit(_StoredAttribute) | kind_bit(_ModeAttribute)
            for name in dir(_Collector):
                node_type = getattr(ast, name[6:], None) if name.startswith("visit_") else None
                if isinstance(node_type, type) and node_type not in (ast.Name, ast.Constant, ast.Attribute):
                    wanted |= kind_bit(node_type)
            _Collector._wanted.append(wanted)
        self.wanted = _Collector._wanted[0]
        if facts.self_reads is not None:
            self.wanted |= kind_bit(ast.Attribute)

    def run(self, tree: ast.Module) -> None:
        if not tree.body or getattr(tree.body[0], _KINDS_ATTRIBUTE, None) is None:
            self.wanted = 0  # a tree without masks (`subtree_kinds`): walked whole, with no look at one
        for stmt in tree.body:
            self.visit(stmt)
        for key, value in self.callable_bindings.items():
            if self.binding_counts.get(key) == 1:
                self.facts.local_callables[key] = value
        for key, (value, count) in self.type_bindings.items():
            # one binding (a parameter counts 2 in `binding_counts`, and its annotation is its one binding)
            if value is not None and (key[0] == 0 or self.binding_counts.get(key) == count):
                self.facts.local_types[key] = value
                self.facts._typed_names.add(key[1])

    def bind_type(self, name: str, type_expr: ast.expr, count: int = 1) -> None:
        key = (id(self.scope) if self.scope is not None else 0, name)
        known = self.type_bindings.get(key)
        if known is not None and known[0] is not None and ast.dump(known[0]) != ast.dump(type_expr):
            self.type_bindings[key] = (None, count)  # two different classes: nothing is known
        elif known is None:
            self.type_bindings[key] = (type_expr, count)

    # -- bindings --------------------------------------------------------------------------

    def bind_import(self, name: str, qual: Optional[str]) -> None:
        qual = normalize_qualname(qual) if qual is not None else None
        if qual in _MODE_NAMES:
            self.facts._mode_by_name = True  # `from .compat import eager` where the index says what it is
        if self.scope is not None:
            self.scope.locals[name] = qual
        elif self.cls is None:
            # A def/class of the same name at module level wins (a user function named `function`).
            if name in self.facts.imports and self.facts.imports[name] is None:
                return
            if qual is not None and name in self.facts.imports and self.facts.imports[name] != qual:
                # `try: import tensorflow as tf / except: import tf_stub as tf`: keep the first.
                return
            self.facts.imports[name] = qual

    def bind_local(self, name: str) -> None:
        if self.scope is not None:
            self.scope.locals.setdefault(name, None)
            key = (id(self.scope), name)
            self.binding_counts[key] = self.binding_counts.get(key, 0) + 1
        elif self.cls is None:
            self.facts._module_names.add(name)

    def bind_module_definition(self, name: str) -> None:
        if self.scope is None and self.cls is None:
            self.facts.imports[name] = None

    def module_alias(self, module: str) -> str:
        for alias in self.facts.alias_modules:
            if module == alias or module.startswith(alias + "."):
                return TF + module[len(alias) :]
        return module

    # -- walk ------------------------------------------------------------------------------

    # node class → the unbound visit method (or `generic`): one dict lookup per node, no string work
    _methods: Dict[type, Callable[["_Collector", ast.AST], None]] = {}
    _wanted: List[int] = []  # the mask `__init__` finds, once

    def visit(self, node: ast.AST) -> None:
        # (a subtree whose mask says it holds nothing the collector records is passed over: `subtree_kinds`,
        # kept on the nodes by the language server's incremental checks; no mask, no pass)
        wanted = self.wanted
        if wanted and not (getattr(node, _KINDS_ATTRIBUTE, None) or wanted) & wanted:
            return
        cls = type(node)
        method = self._methods.get(cls)
        if method is None:
            method = getattr(_Collector, "visit_" + cls.__name__, _Collector.generic)
            self._methods[cls] = method
        method(self, node)

    def generic(self, node: ast.AST) -> None:
        # Names and constants are nearly half the nodes and record nothing: not even a call for them.
        # (a child whose mask says it holds nothing the collector records is passed over here: `visit`)
        wanted = self.wanted
        if wanted:
            # a tree with masks: the children worth a visit, kept on the node (`_collected_children`)
            kept = node.__dict__.get(_COLLECTED_ATTRIBUTE)
            if kept is None or kept[0] != wanted:
                kept = _collected_children(node, wanted)
            methods = self._methods
            for item in kept[1]:
                method = methods.get(type(item))
                if method is None:
                    self.visit(item)
                else:
                    method(self, item)
            return
        visit = self.visit
        leaves = _COLLECTOR_LEAVES
        for name in _CHILD_FIELDS.get(type(node)) or child_fields(type(node)):
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if type(item) not in leaves and isinstance(item, ast.AST):
                        visit(item)
            elif type(value) not in leaves and isinstance(value, ast.AST):
                visit(value)

    def _visit_block(self, node: ast.AST, name: str) -> None:
        """Visit the statements of the field `name` of `node` (a body, an `else`), in order. In a tree with
        masks, those whose mask holds nothing recorded are left out of a list kept on the node, by field."""
        wanted = self.wanted
        if not wanted:
            for stmt in getattr(node, name):
                self.visit(stmt)
            return
        kept = node.__dict__.get(_BLOCKS_ATTRIBUTE)
        if kept is None or kept[0] != wanted:
            kept = node.__dict__[_BLOCKS_ATTRIBUTE] = (wanted, {})
        stmts = kept[1].get(name)
        if stmts is None:
            stmts = kept[1][name] = [
                stmt for stmt in getattr(node, name) if (getattr(stmt, _KINDS_ATTRIBUTE, None) or wanted) & wanted
            ]
        methods = self._methods
        for stmt in stmts:
            method = methods.get(type(stmt))
            if method is None:
                self.visit(stmt)
            else:
                method(self, stmt)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            module = self.module_alias(alias.name)
            if alias.asname:
                self.bind_import(alias.asname, module)
            else:
                head = alias.name.split(".")[0]
                self.bind_import(head, self.module_alias(head))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if any(alias.name in _MODE_TEST_ATTRS for alias in node.names):
            self.facts._tests_mode = True
            self.facts._mode_scopes.add(0)  # a bare `executing_eagerly()` may be called anywhere
        module = node.module
        if node.level:
            # Relative imports name project modules: resolvable only when the index says where this module is.
            link = self.facts.link
            module = link.resolve_relative(node.level, node.module) if link is not None else None
        if module is None:
            for alias in node.names:
                if alias.name != "*":
                    # `from ..utils import keras` with no index to say where `..` is: still Keras by name
                    qual = "tensorflow.keras" if alias.name in KERAS_MODULE_NAMES and self.facts.external_calls is None else None
                    self.bind_import(alias.asname or alias.name, qual)
            return
        link = self.facts.link
        for alias in node.names:
            if alias.name == "*":
                # `from tensorflow import *` is rare; names stay unresolved
                if self.scope is None and self.cls is None:
                    self.facts.star_modules.append(module)
                    if link is not None and link.module and module.split(".", 1)[0] not in EXTERNAL_ROOTS:
                        self.facts.star_prefix = link.module + "."
                continue
            qual = self.module_alias(module + "." + alias.name)
            if link is not None and link.aliases:
                # `from .tf_utils import tf`: a project module's name for a TensorFlow module or object
                qual = link.aliases.get(qual, qual)
            if (
                alias.name in KERAS_MODULE_NAMES
                and not qual.startswith(("tensorflow", "keras", "tf_keras"))
                and self.facts.external_calls is None  # a summary keeps the name for the index to resolve
                and (link is None or qual not in link.not_keras)
            ):
                qual = "tensorflow.keras"  # Keras re-exported by a package (`from gpflow.keras import tf_keras`)
            self.bind_import(alias.asname or alias.name, qual)

    def visit_Global(self, node: ast.Global) -> None:
        if self.scope is not None:
            self.scope.globals_declared.update(node.names)

    def _function(self, node: FunctionNode, name: str, accessor: str = "") -> FunctionInfo:
        parent = self.scope
        qual = name if parent is None else f"{parent.qualname}.{name}"
        if self.cls is not None:
            qual = f"{self.cls.name}.{name}" if parent is None else f"{parent.qualname}.{self.cls.name}.{name}"
        if accessor:
            # `@x.setter`/`@x.deleter`: another function than the getter `self.x` runs, under its own name
            # (the project index keys functions, their calls and their traced-ness by qualname)
            qual = f"{qual}.{accessor}"
        info = FunctionInfo(node, name, qual, parent, self.cls)
        self.facts.functions.append(info)
        self.facts.by_node[id(node)] = info
        return info

    def _enter(self, info: FunctionInfo, node: FunctionNode) -> None:
        saved = (self.scope, self.cls, self.method_cls, self.loops, self.eager, self.graph_only, self.pending)
        self.scope, self.loops, self.eager, self.graph_only, self.pending = info, (), 0, 0, []
        if info.cls is not None:
            self.method_cls = info.cls
        self.cls = None
        params, stars = node.__dict__.get(_PARAMS_ATTRIBUTE) or _parameters(node)
        local_names, counts, key = info.locals, self.binding_counts, id(info)
        for name, annotation in params:
            local_names[name] = None
            counts[(key, name)] = 2  # a parameter is never a known callable
            if annotation is not None:
                self.bind_type(name, annotation, 2)
        for name in stars:
            local_names[name] = None
            counts[(key, name)] = 2
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            self._visit_block(node, "body")
        self.scope, self.cls, self.method_cls, self.loops, self.eager, self.graph_only, self.pending = saved

    def visit_FunctionDef(self, node) -> None:
        # Decorators and defaults are evaluated in the enclosing scope.
        for dec in node.decorator_list:
            self.visit(dec)
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        accessor = ""
        if self.cls is not None and node.name in self.cls.methods and _is_property_accessor(node):
            accessor = next(d.attr for d in node.decorator_list if isinstance(d, ast.Attribute) and d.attr in ("setter", "deleter"))
        info = self._function(node, node.name, accessor)
        for dec in node.decorator_list:
            use = self.facts.tf_function_use(dec, self.scope)
            if use is not None:
                use.target = info
                info.decorator = use
                self.facts.tf_uses.append(use)
                break
        # `@tf.py_function(Tout=...)` makes the body run eagerly, like a `tf.py_function(f, ...)` target.
        if self.facts.decorator_named(info, PY_FUNCTION_NAMES) is not None:
            info.py_function_target = True
        if self.cls is not None:
            # `@x.setter`/`@x.deleter` define other functions than the getter that `self.x` runs.
            if not accessor:
                self.cls.methods[node.name] = info
        elif self.scope is not None:
            earlier = self.scope.nested.get(node.name)
            if earlier is not None:
                self.facts._redefs.setdefault((id(self.scope), node.name), [earlier]).append(info)
            self.scope.nested[node.name] = info
            self.scope.locals.setdefault(node.name, None)
        else:
            earlier = self.facts.module_functions.get(node.name)
            if earlier is not None:
                self.facts._redefs.setdefault((0, node.name), [earlier]).append(info)
            self.facts.module_functions[node.name] = info
            self.bind_module_definition(node.name)
        self._enter(info, node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        info = self._function(node, "<lambda>")
        self._enter(info, node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in node.bases + [k.value for k in node.keywords] + node.decorator_list:
            self.visit(expr)
        info = ClassInfo(node, node.name, self.scope)
        kinds = [self._base_kind(base) for base in node.bases]
        info.is_keras = KERAS in kinds
        info.keras_weak = not info.is_keras and KERAS_WEAK in kinds
        info.is_tf_module = TF_MODULE in kinds
        info.keras_model = info.is_keras and any(self._names_a_model(base) for base in node.bases)
        info.runs_eagerly = any(
            isinstance(base, ast.Name)
            and base.id in self.facts.module_classes
            and self.facts.module_classes[base.id].runs_eagerly
            for base in node.bases
        ) or self._eager_by_link(node.bases)
        self.facts.classes.append(info)
        if self.scope is None and self.cls is None:
            self.facts.module_classes[node.name] = info
            self.bind_module_definition(node.name)
        else:
            self.bind_local(node.name)
        saved = self.cls
        self.cls = info
        self._visit_block(node, "body")
        self.cls = saved
        if (info.is_keras or info.keras_weak) and _call_runs_call_itself(node):
            info.runs_eagerly = True
        if info.keras_model and self._switches_functions_eager(info):
            info.runs_eagerly = True

    def _switches_functions_eager(self, info: ClassInfo) -> bool:
        """`tf.config.run_functions_eagerly(True)` left on by the class's own `__init__` (a statement of its
        body), or by the module's top-level code before the class (which runs on import, before any use of
        it): every instance exists only after that switch, so no tf.function, Keras's `fit`/`predict` steps
        included, traces its `call` (asked of a Keras model only: a layer is also called on symbolic tensors
        when a `Sequential` or functional model builds, which the switch does not stop; the oracle shows
        both on TensorFlow 2.21)."""
        init = info.methods.get("__init__")
        if init is not None and _last_switch_turns_eager(init.node.body, self.facts, init):
            return True
        module = self.facts.tree.body
        # a switch after the definition may come after a use of the class at module level
        return any(stmt is info.node for stmt in module) and _last_switch_turns_eager(
            module, self.facts, None, before=info.node
        )

    def _base_ref(self, base: ast.expr) -> Tuple[Optional[ClassInfo], Optional[str]]:
        """A base class expression as (the class of this module it names, or None; its last name, or None
        for `make_base()`, `Generic[T]`: nothing to go by)."""
        if isinstance(base, ast.Name):
            known = self.facts.module_classes.get(base.id)
            if known is not None and self.facts._lookup(base.id, self.scope) is None:
                return known, base.id
            return None, base.id
        if isinstance(base, ast.Attribute):
            return None, base.attr
        return None, None

    def _names_a_model(self, base: ast.expr) -> bool:
        known, last = self._base_ref(base)
        if known is not None:
            return known.keras_model
        return last is not None and (last == "Sequential" or last.endswith("Model"))

    def _base_kind(self, base: ast.expr) -> Optional[str]:
        """KERAS, KERAS_WEAK, TF_MODULE or None for one base class expression."""
        known, last = self._base_ref(base)
        if known is not None:
            if known.is_keras:
                return KERAS
            return KERAS_WEAK if known.keras_weak else (TF_MODULE if known.is_tf_module else None)
        if last is None:
            return None
        name = self.facts.qualname(base, self.scope)
        link = self.facts.link
        if name is not None and link is not None:
            kind = link.classes.get(name)
            if kind is not None:
                # the index knows this project class: what it found is the answer, name or not
                return kind if kind in (KERAS, KERAS_WEAK, TF_MODULE) else None
        return class_kind_of_external(name, last)

    def _eager_by_link(self, bases: List[ast.expr]) -> bool:
        link = self.facts.link
        if link is None or not link.eager_classes:
            return False
        return any(self.facts.qualname(base, self.scope) in link.eager_classes for base in bases)

    def visit_Assign(self, node: ast.Assign) -> None:
        # (a name or a constant records nothing: `visit_Name`, `visit_Constant`; not even a call for one)
        value = node.value
        kind = type(value)
        if kind not in _COLLECTOR_LEAVES:
            self.visit(value)
        scope = self.scope
        facts = self.facts
        if scope is None and self.cls is None and _optional_tf_import(node, facts):
            self._bind_target(node.targets[0])
            self.bind_import(node.targets[0].id, TF)  # type: ignore[attr-defined]
            return
        if (
            kind is ast.Constant
            and value.value is True  # type: ignore[attr-defined]
            and self.method_cls is not None
            and scope is not None
            and scope.name == "__init__"
            and any(_is_self_attr(t, ("run_eagerly", "_run_eagerly")) for t in node.targets)
        ):
            self.method_cls.runs_eagerly = True  # `self.run_eagerly = True`: `fit` runs the steps eagerly
        targets = node.targets
        for target in targets:
            if type(target) is ast.Name:
                self.bind_local(target.id)  # `_bind_target` of a name
            else:
                self._bind_target(target)
                if type(target) is not ast.Constant:
                    self.visit(target)
        if kind in _COLLECTOR_LEAVES:
            return  # what the tests below find for a name or constant assigned
        # (the tests below, each asked only of the kind of value it can hold)
        single = targets[0] if len(targets) == 1 else None
        if (
            scope is not None
            and type(single) is ast.Name
            and (
                kind is ast.Lambda
                or (kind is ast.Call and _is_partial_call(value, facts, scope))
                or (kind is ast.IfExp and _picks_a_function(value))
            )
        ):
            self.callable_bindings[(id(scope), single.id)] = value  # type: ignore[attr-defined]
        if (
            kind is ast.Dict
            and type(single) is ast.Name
            and value.values  # type: ignore[attr-defined]
            and all(isinstance(v, (ast.Name, ast.Attribute, ast.Lambda)) for v in value.values)  # type: ignore[attr-defined]
        ):
            # `NAME_TO_FUNC = {"relu": relu, ...}`: `NAME_TO_FUNC[name](x)` calls one of its values
            key = (id(scope) if scope is not None else 0, single.id)  # type: ignore[attr-defined]
            facts._function_dicts[key] = value  # type: ignore[assignment]
        if kind is not ast.Call:
            return
        func = value.func  # type: ignore[attr-defined]
        func_kind = type(func)
        if single is not None and (func_kind is ast.Name or func_kind is ast.Attribute):
            target = single
            name = func.id if func_kind is ast.Name else func.attr
            if not name[:1].isupper() and type(target) is ast.Name:
                # `ds = tf.data.Dataset.from_tensor_slices(x)`: tf.data's constructors make datasets
                made = facts.qualname(func, scope) or ""
                if made.startswith("tensorflow.data.") and "Dataset." in made:
                    self.bind_type(target.id, func)  # type: ignore[attr-defined]
            elif name[:1].isupper():  # `Trainer(...)`: a class by convention; `make()` returns anything
                if type(target) is ast.Name:
                    self.bind_type(target.id, func)  # type: ignore[attr-defined]
                elif (
                    self.method_cls is not None
                    and scope is not None
                    and scope.name == "__init__"
                    and _is_self_attr(target, (target.attr,) if isinstance(target, ast.Attribute) else ())
                ):
                    self.method_cls.attr_types.setdefault(target.attr, func)  # type: ignore[union-attr]
                    facts._typed_attrs.add(target.attr)  # type: ignore[union-attr]
        facts._raw_assigns.append((node, scope, self.method_cls))
        # `jit = tf.function(jit_compile=True)` must be known before `@jit` is met below it.
        if (
            scope is None
            and self.cls is None
            and not value.args  # type: ignore[attr-defined]
            and "func" not in _keywords(value)  # type: ignore[arg-type]
            and facts.is_tf_function_call(value, None)  # type: ignore[arg-type]
        ):
            for target in targets:
                if isinstance(target, ast.Name):
                    facts.decorator_factories[target.id] = TfFunctionUse(value, _keywords(value), bound_to=target.id)  # type: ignore

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None and type(node.value) not in _COLLECTOR_LEAVES:
            self.visit(node.value)
        self._bind_target(node.target)
        if type(node.target) not in _COLLECTOR_LEAVES:
            self.visit(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if type(node.value) not in _COLLECTOR_LEAVES:
            self.visit(node.value)
        self._bind_target(node.target)
        if type(node.target) not in _COLLECTOR_LEAVES:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind_target(node.target)

    def _bind_target(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.bind_local(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._bind_target(elt)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value)
        elif type(target) is ast.Attribute:
            self.facts.stored_attributes.add(target.attr)  # a `for`/`with` target is not visited
            self.facts.attribute_store_lines.setdefault(target.attr, []).append(target.lineno)

    def _loop(self, node, target: Optional[ast.expr], iter_expr: Optional[ast.expr]) -> None:
        if iter_expr is not None:
            self.visit(iter_expr)
        if target is not None:
            self._bind_target(target)
        loops = self.loops
        self.loops = loops + (node,)
        self._visit_block(node, "body")
        self.loops = loops

    def visit_For(self, node: ast.For) -> None:
        self._loop(node, node.target, node.iter)
        self._visit_block(node, "orelse")

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._loop(node, None, None)
        self._visit_block(node, "orelse")

    def _comprehension(self, node) -> None:
        first = node.generators[0]
        self.visit(first.iter)
        loops = self.loops
        self.loops = loops + (node,)
        for index, gen in enumerate(node.generators):
            if index:
                self.visit(gen.iter)
            for cond in gen.ifs:
                self.visit(cond)
        if isinstance(node, ast.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        self.loops = loops

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if type(test) not in _COLLECTOR_LEAVES:
            self.visit(test)
        conds: Tuple[Condition, Condition] = (_UNKNOWN, _UNKNOWN)
        if isinstance(test, _MODE_TESTS):
            conds = _test_conds(test, self.facts, _where_of(self.facts, self.scope))
        if conds[0] is _UNKNOWN and conds[1] is _UNKNOWN:
            # most tests: neither outcome proves a mode, and neither is another module's test (what the
            # general case below finds for them, without its steps)
            self._visit_block(node, "body")
            self._visit_block(node, "orelse")
            return
        modes = (cond_mode(conds[0], self.facts.atom_mode), cond_mode(conds[1], self.facts.atom_mode))
        if modes != (None, None):
            # also a helper of the project, a Keras backend or an optional TensorFlow import: the flow walks
            # (`eager_only_roots`, `graph_only_roots`) look at this function too
            self.facts._tests_mode = True
            self.facts._mode_scopes.update(_self_and_parents(self.scope))
        for mode, cond, branch in zip(modes, conds, ("body", "orelse")):
            eager, graph_only = mode == EAGER, mode == GRAPH
            # another module's mode test the link cannot answer (the index, while it summarises): kept
            # for the calls of the branch, which the index judges once it knows (`Edge.eager_when`)
            pending = mode is None and _symbolic(cond)
            if pending:
                self.pending.append(cond)
                self.facts._tests_mode = True  # the flow walks look for such a branch that leaves, too
                self.facts._mode_scopes.update(_self_and_parents(self.scope))
            self.eager += eager
            self.graph_only += graph_only
            self._visit_block(node, branch)
            self.eager -= eager
            self.graph_only -= graph_only
            if pending:
                self.pending.pop()

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._bind_target(item.optional_vars)
        eager = any(is_init_scope(item, self.facts, self.scope) for item in node.items)
        self.eager += eager
        self._visit_block(node, "body")
        self.eager -= eager

    visit_AsyncWith = visit_With

    def visit_Call(self, node: ast.Call) -> None:
        if self.pending:
            self.facts.branch_conds[id(node)] = list(self.pending)
        self.facts._raw_calls.append(
            _RawCall(node, self.scope, self.method_cls, self.loops, self.eager > 0, self.graph_only > 0)
        )
        if not node.keywords:
            self.generic(node)
            return
        passes, special = node.__dict__.get(_PASSED_ATTRIBUTE) or _passed_keywords(node)
        passed = self.facts.passed_keywords
        for name, mask in passes:
            passed[name] = passed.get(name, 0) | mask
        if special and self.method_cls is not None:
            for kw in node.keywords:
                # `super().__init__(dynamic=True)`: Keras never traces this layer's `call`
                if kw.arg == "dynamic" and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                    if self.scope is not None and self.scope.name == "__init__" and _is_super_init(node):
                        self.method_cls.runs_eagerly = True
                # a `compile` override that always passes `super().compile(..., run_eagerly=True)`: `fit`
                # never traces the steps of this model
                elif kw.arg == "run_eagerly":
                    scope = self.scope
                    if (
                        scope is not None
                        and scope.name == "compile"
                        and scope.cls is self.method_cls
                        and _is_super_init(node, "compile")
                        and any(isinstance(s, ast.Expr) and s.value is node for s in scope.node.body)
                    ):
                        if isinstance(kw.value, ast.Constant) and kw.value.value is True:
                            self.method_cls.runs_eagerly = True
                        else:
                            found = _compile_eager_test(kw.value, scope.node.body, node)
                            if found is not None and found not in self.method_cls.compile_eager_tests:
                                self.method_cls.compile_eager_tests.append(found)
        self.generic(node)

    def visit_Name(self, node: ast.Name) -> None:
        pass

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if type(node.ctx) is not ast.Load:
            self.facts.stored_attributes.add(node.attr)
            self.facts.attribute_store_lines.setdefault(node.attr, []).append(node.lineno)
        elif self.facts.self_reads is not None and type(node.value) is ast.Name and node.value.id in ("self", "cls"):
            self.facts.self_reads.add(node.attr)
        if node.attr in _MODE_TEST_ATTRS:
            self.facts._tests_mode = True
            self.facts._mode_scopes.update(_self_and_parents(self.scope))
        # `a.b.c` holds nothing to record but what its root expression holds (a call, a subscript).
        value = node.value
        while type(value) is ast.Attribute:
            value = value.value  # type: ignore[attr-defined]
        if type(value) not in _COLLECTOR_LEAVES:
            self.visit(value)

    def visit_Constant(self, node: ast.Constant) -> None:
        pass
