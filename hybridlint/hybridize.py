"""Hybridization preconditions: may a function get `@tf.function`, or should it lose it?

One decision per function, in the spirit of the Hybridize Functions refactoring (ponder-lab, ASE 2025):
a conversion is proposed only when every precondition is known to hold, and each reason it is not is a
named outcome (`OUTCOMES`, documented in docs/hybridize.md). The facts come from the engine: the module
facts (call sites, decorators), the tensor-ness analysis, the side-effect summaries and the project
index's call sites in other modules. Nothing here rewrites code (`hybridlint.hybridize_rewrite` does,
lazily); deciding stays on the `ast` engine so an editor can ask on every request.

Parameter kinds follow the call sites that run: calls at module level, in test functions, or in a
function that itself has such a call. A function nobody reachable calls cannot be judged (the original
tool needs a call-graph node for the same reason), so it is never proposed for conversion.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from .analysis import ModuleAnalysis, analysis_for
from .effects import effects_for
from .facts import FunctionInfo, ModuleFacts, iter_children
from .tensors import (
    KERAS_CALLABLE,
    KERAS_INPUT,
    NDARRAY,
    NONE,
    TENSOR_ANNOTATIONS,
    VARIABLE,
    Kind,
    TensorAnalysis,
    _defaults,
    _is_static,
    tensors_for,
    tf_call_result,
)

# -- the outcomes ---------------------------------------------------------------------------------

PASS, FAIL, INFO = "pass", "fail", "info"
CONVERT, EAGER = "convert", "eager"  # the two transformations


@dataclass(frozen=True)
class Outcome:
    """One named reason, declared once; docs/hybridize.md is generated from these declarations."""

    code: str
    title: str
    summary: str  # one line, shown in `disabled.reason`, hover and the CLI
    why: str  # the docs section
    hybridize: str = ""  # the corresponding name in the original tool, when there is one
    example: str = ""


OUTCOMES: Tuple[Outcome, ...] = (
    Outcome(
        "HAS_TENSOR_PARAMETERS",
        "Has tensor parameters",
        "a parameter receives a tensor",
        "A call site that runs passes a tensor (or a NumPy array, which tf.function converts to a tensor), "
        "or a parameter is annotated `tf.Tensor` or covered by an `input_signature`. Graph execution pays "
        "off for functions that compute on tensors, so this is the first precondition of a conversion.",
        "HAS_TENSOR_PARAMETERS",
        "def scale(x):\n    return x * 2.0\n\nscale(tf.constant([1.0, 2.0]))\n",
    ),
    Outcome(
        "HAS_NO_TENSOR_PARAMETERS",
        "Has no tensor parameters",
        "no call site passes a tensor",
        "Every call site that runs passes Python values. A tf.function of Python values retraces for each new "
        "value and gains nothing from the graph; converting is not proposed, and removing an existing "
        "`@tf.function` is (when the function has no Python side effects).",
        "HAS_NO_TENSOR_PARAMETERS",
        "def shape_of(batch, width):\n    return [batch, width]\n\nshape_of(32, 10)\n",
    ),
    Outcome(
        "HAS_PRIMITIVE_PARAMETERS",
        "Has Python primitive parameters",
        "a parameter only ever receives Python numbers or strings (each new value retraces)",
        "A parameter receives Python literals (numbers or strings; booleans are ignored, as flags like "
        "`training=` take few values) at every call site. tf.function specialises its graph on such values, "
        "so each distinct value triggers a new trace. Conversion is not proposed; an existing tf.function "
        "with such a parameter may be turned back into a Python function (when it has no side effects).",
        "HAS_PRIMITIVE_PARAMETERS",
        "def scale(x, factor):\n    return x * factor\n\nscale(tf.ones(3), 2.0)\nscale(tf.ones(3), 3.0)\n",
    ),
    Outcome(
        "UNDETERMINABLE_PARAMETER_KIND",
        "Parameter kinds cannot be determined",
        "whether its arguments are tensors or Python values is unknown",
        "The analysis judges parameters by the arguments of call sites that run (module level, test "
        "functions, or functions that are themselves called that way, in this file or, with the project "
        "index, in other modules). A function without such a call site, one also passed as a value (to "
        "callers the analysis does not see), or one whose arguments the tensor analysis cannot classify is "
        "not judged: it might be called with Python values, and converting it could then change behaviour or "
        "retrace on every call.",
        "UNDETERMINABLE_TENSOR_PARAMETER / UNDETERMINABLE_PRIMITIVE_PARAMETER",
    ),
    Outcome(
        "HAS_PYTHON_SIDE_EFFECTS",
        "Has Python side effects",
        "it has Python side effects, which would run only while tracing",
        "The function (or a function of this file it calls) prints with `print`, mutates a global, a closure "
        "variable, an attribute of `self` or an argument, or rebinds a global. Traced code runs its Python "
        "only once per trace, so these effects would silently stop happening on later calls. Conversion is "
        "refused; removing an existing tf.function is refused too, as it would make them happen on every call.",
        "HAS_PYTHON_SIDE_EFFECTS",
        "def step(x):\n    print('step')\n    return x + 1\n",
    ),
    Outcome(
        "UNDETERMINABLE_SIDE_EFFECTS",
        "Side effects cannot be determined",
        "whether it has Python side effects is unknown (no call site that runs)",
        "Side effects are judged for functions that run; without a call site that runs the analysis does not "
        "claim the function is free of them.",
        "UNDETERMINABLE_SIDE_EFFECTS",
    ),
    Outcome(
        "IS_RECURSIVE",
        "Is recursive",
        "it is recursive (tf.function does not support recursion)",
        "The function reaches itself through the calls this file resolves. Recursive tf.functions are not "
        "supported: tracing a recursion on tensors does not terminate, and on Python values it retraces at "
        "every depth (HYB021).",
        "IS_RECURSIVE",
        "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\n",
    ),
    Outcome(
        "HAS_EAGER_ONLY_CALLS",
        "Calls eager-only APIs",
        "it calls `.numpy()`, which fails on symbolic tensors",
        "`.numpy()` exists only on eager tensors; while tracing, the value is symbolic and the call raises "
        "(HYB009). Conversion would not preserve behaviour.",
        "HAS_EAGER_ONLY_CALLS",
        "def total(x):\n    return x.numpy().sum()\n",
    ),
    Outcome(
        "HAS_NUMPY_CALLS_ON_PARAMETERS",
        "Applies NumPy to its parameters",
        "it applies NumPy to a value derived from its parameters",
        "Once the function is traced its parameters are symbolic tensors, and NumPy cannot convert a symbolic "
        "tensor (HYB010). Reading a static `.shape`, `.dtype` or `.ndim` is not counted.",
        "HAS_NUMPY_CALLS_ON_PARAMETERS",
        "def norm(x):\n    return np.linalg.norm(x)\n",
    ),
    Outcome(
        "HAS_TENSOR_PARAMETER_ITERATION",
        "Iterates a tensor parameter in Python",
        "it iterates a tensor argument with a Python loop",
        "A Python `for` (or comprehension) over a tensor argument works eagerly, but a symbolic tensor cannot "
        "be iterated while tracing (HYB015); AutoGraph converts loops over `tf.range` and datasets, not over "
        "a tensor argument of unknown length.",
        "HAS_TENSOR_PARAMETER_ITERATION",
        "def total(xs):\n    return sum(v for v in xs)\n",
    ),
    Outcome(
        "HAS_TENSOR_AS_PYTHON_BOOL",
        "Uses a tensor as a Python value",
        "it passes a tensor to `bool()` or to `max`/`min`/`any`/`all`/`sorted`",
        "These builtins need a concrete Python value, which a symbolic tensor does not have; AutoGraph "
        "converts `if`/`while` on tensors but not these calls (HYB014).",
        "",
        "def clip(x):\n    return max(x, 0.0)\n",
    ),
    Outcome(
        "HAS_INVALID_NAME_ARGUMENTS",
        "Passes a non-string `name`",
        "it passes a non-string `name=` to a TensorFlow API (tracing validates it)",
        "Eager execution ignores the `name` argument of TensorFlow ops, tracing opens a name scope with it and "
        "raises on anything but a string (HYB030).",
        "HAS_INVALID_NAME_ARGUMENTS",
    ),
    Outcome(
        "HAS_KERAS_SYMBOLIC_ARGUMENTS",
        "Receives Keras symbolic tensors",
        "a call site passes a Keras symbolic tensor (`keras.Input`), which tf.function refuses",
        "A KerasTensor (what `keras.Input` returns and the Functional API threads through layers) raises a "
        "`TypeError` when passed to a tf.function (HYB029), so a function used to build a Functional model "
        "must stay a Python function.",
        "HAS_KERAS_SYMBOLIC_ARGUMENTS",
    ),
    Outcome(
        "CREATES_VARIABLES",
        "Creates variables or Keras objects",
        "it creates `tf.Variable`s or Keras layers/models, which a tf.function may do only on its first trace",
        "A tf.function may create variables only while it is first traced; creating them on every call (a "
        "`tf.Variable(...)`, a Keras layer or model built in the body) raises `ValueError: tf.function only "
        "supports singleton tf.Variables created on the first call` (HYB011). Create them once, outside.",
        "",
        "def build(x):\n    v = tf.Variable(x)\n    return v * 2\n",
    ),
    Outcome(
        "NO_TENSOR_COMPUTATION",
        "Does no tensor computation",
        "it does no TensorFlow computation, so a graph cannot speed it up",
        "No TensorFlow operation was found in the body or in the functions of this file it calls. A graph of "
        "no operations only adds tracing; conversion is not proposed, and an existing tf.function whose body "
        "provably runs no TensorFlow op (HYB013) may be removed.",
        "NO_TENSOR_COMPUTATION",
        "def ident(x):\n    return x\n",
    ),
    Outcome(
        "HAS_COVERED_CALLERS",
        "Every caller is already traced",
        "every call to it already runs inside a tf.function, so decorating it adds nothing",
        "All the call sites found are in functions that are already traced (or the function is already "
        "wrapped with `tf.function(...)`), so its operations are already part of a graph. A nested "
        "tf.function only adds a trace boundary (HYB005).",
        "HAS_COVERED_CALLERS",
    ),
    Outcome(
        "HAS_GRAPH_ONLY_CODE",
        "Depends on running as a graph",
        "its body depends on graph mode (TF1 graph APIs or an execution-mode test), so it must stay traced",
        "For a function that is already a tf.function: its body (or a function of this file it calls) uses "
        "`tf.compat.v1` graph APIs such as `placeholder_with_default`, or asks `tf.executing_eagerly()` / "
        "`tf.inside_function()`. Without the decorator these behave differently or fail, so removing "
        "tf.function is refused.",
    ),
    Outcome(
        "HAS_TRACING_CONFIGURATION",
        "The decorator configures tracing",
        "its decorator sets `input_signature` or `jit_compile`, which removing it would drop",
        "For a function that is already a tf.function and runs TensorFlow ops: an `input_signature` fixes (and "
        "converts) the inputs the function accepts and is what a SavedModel exports; `jit_compile` asks for "
        "XLA. Removing the decorator would silently drop either, so it is not proposed.",
    ),
    Outcome(
        "HAS_NO_PRIMITIVE_PARAMETERS",
        "Already a well-formed tf.function",
        "it is a tf.function with tensor parameters and no Python primitive parameters: keep it",
        "For a function that is already a tf.function: its parameters are tensors, it does tensor work, so "
        "graph execution is the right choice and nothing is proposed.",
        "HAS_NO_PRIMITIVE_PARAMETERS",
    ),
)
OUTCOME_BY_CODE: Dict[str, Outcome] = {o.code: o for o in OUTCOMES}

# The original tool's speculative context (function names that take tensors in idiomatic TF code); used
# only when call sites exist but say nothing about the arguments.
_TENSOR_CONTEXT = re.compile(r".*(train|test).*_step|call|__call__|run_model|.*inference")
_STATIC_READS = frozenset({"shape", "dtype", "ndim", "get_shape", "rank"})
_AS_PYTHON_BUILTINS = frozenset({"bool", "max", "min", "any", "all", "sorted"})
_NOT_COMPUTATION = (
    "tensorflow.config.",
    "tensorflow.function",
    "tensorflow.TensorSpec",
    "tensorflow.random.set_seed",
    "tensorflow.get_logger",
    "tensorflow.executing_eagerly",
    "tensorflow.autograph.",
    "tensorflow.debugging.set_",
)
_TF_ROOTS = ("tensorflow.", "keras.", "tf_keras.")
_EAGER_REASONS = frozenset({"HAS_NO_TENSOR_PARAMETERS", "HAS_PRIMITIVE_PARAMETERS", "NO_TENSOR_COMPUTATION"})
_MODE_TESTS = frozenset(
    {"tensorflow.executing_eagerly", "tensorflow.inside_function", "tensorflow.get_static_value"}
)


@dataclass
class Decision:
    """The preconditions of one function and what they allow."""

    info: FunctionInfo
    hybrid: bool  # decorated with tf.function
    transformation: Optional[str] = None  # CONVERT, EAGER or None
    precondition: Optional[str] = None  # the original tool's name of the passing path: P1, P2, P3, P6
    failures: List[Tuple[str, str]] = field(default_factory=list)  # (code, detail)
    passes: List[Tuple[str, str]] = field(default_factory=list)  # (code, detail)
    signature: Optional["Signature"] = None  # inferred input_signature, when every call site agrees

    @property
    def name(self) -> str:
        return self.info.qualname

    @property
    def line(self) -> int:
        return self.info.node.lineno

    @property
    def convertible(self) -> bool:
        return self.transformation == CONVERT

    @property
    def removable(self) -> bool:
        return self.transformation == EAGER

    def reason(self, limit: int = 3) -> str:
        """The failed preconditions, as one sentence for `disabled.reason`."""
        texts = [
            OUTCOME_BY_CODE[c].summary + (f" ({detail})" if detail and c == "UNDETERMINABLE_PARAMETER_KIND" else "")
            for c, detail in self.failures[:limit]
        ]
        return "; ".join(texts) or "no refactoring applies"

    def to_json(self) -> dict:
        return {
            "function": self.info.qualname,
            "line": self.line,
            "hybrid": self.hybrid,
            "transformation": self.transformation,
            "precondition": self.precondition,
            "refactorable": self.transformation is not None,
            "passed": [{"outcome": c, "detail": d} for c, d in self.passes],
            "failed": [{"outcome": c, "detail": d} for c, d in self.failures],
            "input_signature": self.signature.render("tf") if self.signature is not None else None,
        }


# -- input signatures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    dtype: str  # "float32"
    shape: Tuple[Optional[int], ...]


@dataclass(frozen=True)
class Signature:
    specs: Tuple[Spec, ...]

    def render(self, tf_alias: str) -> str:
        parts = []
        for spec in self.specs:
            dims = ", ".join("None" if d is None else str(d) for d in spec.shape)
            shape = f"[{dims}]"
            parts.append(f"{tf_alias}.TensorSpec(shape={shape}, dtype={tf_alias}.{spec.dtype})")
        return "[" + ", ".join(parts) + "]"


_DEFAULT_FLOAT = {"ones", "zeros", "fill", "eye", "normal", "uniform", "truncated_normal"}


def _literal_structure(node: ast.AST) -> Optional[Tuple[str, Tuple[int, ...]]]:
    """dtype and shape of a literal nested list of numbers, as tf.constant converts it."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return "bool", ()
        if isinstance(value, int):
            return "int32", ()
        if isinstance(value, float):
            return "float32", ()
        if isinstance(value, str):
            return "string", ()
        return None
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        parts = [_literal_structure(e) for e in node.elts]
        if any(p is None for p in parts):
            return None
        shapes = {p[1] for p in parts if p is not None}
        if len(shapes) != 1:
            return None
        dtypes = {p[0] for p in parts if p is not None}
        if dtypes <= {"int32", "float32"}:
            dtype = "float32" if "float32" in dtypes else "int32"
        elif len(dtypes) == 1:
            dtype = dtypes.pop()
        else:
            return None
        return dtype, (len(parts),) + shapes.pop()
    return None


def _shape_literal(node: ast.AST) -> Optional[Tuple[int, ...]]:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return (node.value,)
    if isinstance(node, (ast.List, ast.Tuple)):
        dims = []
        for elt in node.elts:
            if not (isinstance(elt, ast.Constant) and isinstance(elt.value, int) and not isinstance(elt.value, bool)):
                return None
            dims.append(elt.value)
        return tuple(dims)
    return None


def _dtype_of(node: Optional[ast.AST], facts: ModuleFacts, scope: Optional[FunctionInfo]) -> Optional[str]:
    if node is None:
        return None
    qual = facts.qualname(node, scope)
    if qual is not None and qual.startswith("tensorflow.") and qual.count(".") == 1:
        return qual.split(".", 1)[1]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def spec_of_constructor(call: ast.AST, facts: ModuleFacts, scope: Optional[FunctionInfo]) -> Optional[Spec]:
    """dtype and shape of a tensor built by a TensorFlow constructor with literal arguments."""
    if not isinstance(call, ast.Call):
        return None
    qual = facts.qualname(call.func, scope) or ""
    if not qual.startswith("tensorflow."):
        return None
    short = qual.rsplit(".", 1)[-1]
    keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
    dtype_node = keywords.get("dtype")
    if short in ("constant", "convert_to_tensor"):
        value = call.args[0] if call.args else keywords.get("value")
        found = _literal_structure(value) if value is not None else None
        if found is None:
            return None
        dtype, shape = found
        if dtype_node is None and len(call.args) > 1:
            dtype_node = call.args[1]
        if dtype_node is not None:
            dtype = _dtype_of(dtype_node, facts, scope) or ""
        if "shape" in keywords or not dtype:
            return None
        return Spec(dtype, shape)
    if short in _DEFAULT_FLOAT:
        if short == "eye":
            rows = call.args[0] if call.args else keywords.get("num_rows")
            cols = call.args[1] if len(call.args) > 1 else keywords.get("num_columns", rows)
            r, c = _shape_literal(rows) if rows is not None else None, _shape_literal(cols) if cols is not None else None
            if not r or not c or len(r) != 1 or len(c) != 1:
                return None
            shape: Optional[Tuple[int, ...]] = (r[0], c[0])
        else:
            shape_node = call.args[0] if call.args else keywords.get("shape") or keywords.get("dims")
            shape = _shape_literal(shape_node) if shape_node is not None else None
        if shape is None:
            return None
        if dtype_node is None and short in ("ones", "zeros") and len(call.args) > 1:
            dtype_node = call.args[1]
        if short == "fill":
            value = call.args[1] if len(call.args) > 1 else keywords.get("value")
            found = _literal_structure(value) if value is not None else None
            if found is None or found[1]:
                return None
            return Spec(found[0], shape)
        dtype = _dtype_of(dtype_node, facts, scope) if dtype_node is not None else "float32"
        return Spec(dtype, shape) if dtype else None
    if short == "range" and call.args and not call.keywords and len(call.args) == 1:
        n = _shape_literal(call.args[0])
        if n is not None and len(n) == 1 and isinstance(call.args[0], ast.Constant):
            return Spec("int32", (max(n[0], 0),))
    return None


def join_specs(specs: Sequence[Spec]) -> Optional[Spec]:
    """One spec for all call sites: same dtype and rank, `None` where a dimension varies."""
    if not specs:
        return None
    first = specs[0]
    if any(s.dtype != first.dtype or len(s.shape) != len(first.shape) for s in specs):
        return None
    dims = tuple(d if all(s.shape[i] == d for s in specs) else None for i, d in enumerate(first.shape))
    return Spec(first.dtype, dims)


# -- the analysis ---------------------------------------------------------------------------------


@dataclass
class _Site:
    call: ast.Call
    caller: Optional[FunctionInfo]
    bound: bool


class HybridizeAnalysis:
    """Decisions for every function of one module, computed on first question and cached."""

    def __init__(self, facts: ModuleFacts, test_file: bool = False):
        self.facts = facts
        self.analysis: ModuleAnalysis = analysis_for(facts, test_file)
        self.tensors: TensorAnalysis = tensors_for(facts)
        self.effects = effects_for(facts)
        self._sites: Optional[Dict[int, List[_Site]]] = None
        self._seen_calls: Set[int] = set()
        self._instances_done = False
        self._by_caller: Optional[Dict[int, List[FunctionInfo]]] = None
        self._live_memo: Dict[int, bool] = {}
        # Set by a front end with the project index: the kinds of the arguments that other modules pass
        # to a function of this one (one dict per call site), or None when they cannot be told.
        self.external_arguments = None
        self._decisions: Dict[int, Decision] = {}
        self._computes: Dict[int, Optional[bool]] = {}
        self._barren = None

    # -- call sites -----------------------------------------------------------------------------

    def _all_sites(self) -> Dict[int, List[_Site]]:
        """Call sites the module facts resolve (cheap); instance-method calls are added on demand."""
        if self._sites is not None:
            return self._sites
        sites: Dict[int, List[_Site]] = {}
        seen: Set[int] = set()
        for info in self.facts.functions:
            for site in info.callers:
                if site.is_reference or id(site.node) in seen:
                    continue
                seen.add(id(site.node))
                bound = self.analysis.bound_call(site.node, info)
                sites.setdefault(id(info), []).append(_Site(site.node, site.caller, bound))
        self._seen_calls = seen
        self._sites = sites
        return sites

    def _with_instances(self) -> Dict[int, List[_Site]]:
        sites = self._all_sites()
        if not self._instances_done:
            self._instances_done = True
            self._instance_sites(sites, self._seen_calls)
            self._by_caller = None
        return sites

    def _instance_sites(self, sites: Dict[int, List[_Site]], seen: Set[int]) -> None:
        """Method calls on instances of this file's classes (`m = Model(); m.fit(x)`, `Model()(x)`), which
        the module facts leave to the project index: a name bound once to `Cls(...)` in the same scope (or
        at module level). One walk of the module, done only when a method's call sites are asked for."""
        classes = {c.name: c for c in self.facts.classes if c.parent_function is None}
        if not classes:
            return
        methods = {m for c in classes.values() for m in c.methods}
        assigned: Dict[Tuple[int, str], List[ast.AST]] = {}
        calls: List[Tuple[ast.Call, Optional[FunctionInfo]]] = []
        by_node = self.facts.by_node
        stack: List[Tuple[ast.AST, Optional[FunctionInfo]]] = [(self.facts.tree, None)]
        while stack:
            node, scope = stack.pop()
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault((id(scope), target.id), []).append(node.value)
            elif isinstance(node, ast.Call):
                func = node.func
                if (isinstance(func, ast.Attribute) and func.attr in methods) or isinstance(func, ast.Name):
                    calls.append((node, scope))
            inner = by_node.get(id(node), scope) if node is not self.facts.tree else None
            for child in iter_children(node):
                stack.append((child, inner if inner is not None else scope))
        instances: Dict[Tuple[int, str], object] = {}
        for (scope_id, name), values in assigned.items():
            if len(values) != 1 or not isinstance(values[0], ast.Call):
                continue
            func = values[0].func
            if isinstance(func, ast.Name) and func.id in classes:
                instances[(scope_id, name)] = classes[func.id]

        def instance(name: str, scope: Optional[FunctionInfo]):
            found = instances.get((id(scope), name))
            return found if found is not None or scope is None else instances.get((id(None), name))

        for node, scope in calls:
            if id(node) in seen:
                continue
            func = node.func
            cls = None
            method = None
            if isinstance(func, ast.Attribute):
                receiver = func.value
                method = func.attr
                if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name):
                    cls = classes.get(receiver.func.id)
                elif isinstance(receiver, ast.Name):
                    cls = instance(receiver.id, scope)
            elif isinstance(func, ast.Name):
                if func.id in classes and self.facts.module_classes.get(func.id) is not None:
                    cls, method = classes[func.id], "__init__"
                else:
                    cls = instance(func.id, scope)
                    method = "__call__"
                    if cls is not None and getattr(cls, "is_keras", False) and "__call__" not in cls.methods:
                        method = "call"
            if cls is None or method is None:
                continue
            target = cls.methods.get(method)  # type: ignore[union-attr]
            if target is None:
                continue
            seen.add(id(node))
            bound = not _is_static(target.node)
            sites.setdefault(id(target), []).append(_Site(node, scope, bound))

    def _scope_of(self, node: ast.AST) -> Optional[FunctionInfo]:
        """The function whose body holds `node` (None at module level)."""
        parents = self.analysis.parents
        current = parents.get(id(node))
        while current is not None:
            info = self.facts.by_node.get(id(current))
            if info is not None:
                return info
            current = parents.get(id(current))
        return None

    def sites(self, info: FunctionInfo) -> List[_Site]:
        sites = self._with_instances() if info.cls is not None else self._all_sites()
        return sites.get(id(info), [])

    def is_live(self, info: FunctionInfo, _seen: Optional[Set[int]] = None) -> bool:
        """Some running code calls it: module level, a test function, another module, or a live caller."""
        key = id(info)
        if key in self._live_memo:
            return self._live_memo[key]
        seen = _seen if _seen is not None else set()
        if key in seen:
            return False
        seen.add(key)
        live = self._is_root(info) or any(
            site.caller is None or self.is_live(site.caller, seen) for site in self.sites(info)
        )
        if live or _seen is None:
            self._live_memo[key] = live
        return live

    def _is_root(self, info: FunctionInfo) -> bool:
        if isinstance(info.node, ast.Lambda):
            return False
        link = self.facts.link
        if link is not None and link.callers.get(info.qualname):
            return True
        return self.analysis._is_test_function(info) or (
            bool(re.match(r"test_|test[A-Z]", info.name)) and info.cls is None and info.parent is None
        )

    def live_sites(self, info: FunctionInfo) -> List[_Site]:
        return [s for s in self.sites(info) if s.caller is None or self.is_live(s.caller)]

    # -- parameters -----------------------------------------------------------------------------

    def parameters(self, info: FunctionInfo) -> List[str]:
        args = info.node.args
        names = [a.arg for a in args.posonlyargs + args.args]
        if info.cls is not None and names and not _is_static(info.node):
            names = names[1:]
        return names + [a.arg for a in args.kwonlyargs]

    def _values(self, info: FunctionInfo, sites: Sequence[_Site]) -> Dict[str, List[Tuple[ast.expr, Optional[FunctionInfo]]]]:
        """Per parameter, the arguments the call sites pass for it."""
        defaults = _defaults(info.node)
        params = self.parameters(info)
        values: Dict[str, List[Tuple[ast.expr, Optional[FunctionInfo]]]] = {p: [] for p in params}
        for site in sites:
            call = site.call
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                continue
            mapped = dict((p, e) for p, e in self.analysis.map_arguments(call, info, site.bound) if p is not None)
            for p in params:
                if p in mapped:
                    values[p].append((mapped[p], site.caller))
                # A default nobody overrides is one value: it neither retraces nor says what callers pass.
        del defaults
        return values

    def _infer(self, expr: ast.expr, scope: Optional[FunctionInfo]):
        try:
            return self.tensors.infer(expr, scope)
        except Exception:  # noqa: BLE001 - one odd expression must not lose the decision
            return None

    def _tensor_like(self, expr: ast.expr, scope: Optional[FunctionInfo], _depth: int = 0) -> bool:
        """A tensor, a NumPy array (tf.function converts both), or a list/tuple holding one."""
        if isinstance(expr, (ast.List, ast.Tuple)) and expr.elts:
            return _depth < 3 and any(self._tensor_like(e, scope, _depth + 1) for e in expr.elts)
        inferred = self._infer(expr, scope)
        if inferred is not None and (inferred.is_tensor or inferred.tag == NDARRAY):
            return True
        if isinstance(expr, ast.Name) and inferred is not None and inferred.kind is Kind.PY_CONTAINER and _depth < 3:
            values = self.analysis.assignments(scope).get(expr.id, [])
            if len(values) == 1 and isinstance(values[0], (ast.List, ast.Tuple)):
                return self._tensor_like(values[0], scope, _depth + 1)
        return False

    def kind_of(self, expr: ast.expr, scope: Optional[FunctionInfo]) -> str:
        """tensor, primitive (a Python number or string: retraces per value), python (another value known
        not to be a tensor) or unknown."""
        if self._tensor_like(expr, scope):
            return "tensor"
        if self._primitive(expr, scope):
            return "primitive"
        if self._known_non_tensor(expr, scope):
            return "python"
        return "unknown"

    def arguments_of(self, call: ast.Call, callee_params: Sequence[str], bound: bool, static: bool) -> Optional[Dict[str, str]]:
        """The kind of each argument of a call in this module to a function of another module, by the
        callee's parameter names (positional parameters without the receiver when `bound`)."""
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return None
        scope = self._scope_of(call)
        names = list(callee_params)
        result: Dict[str, str] = {}
        for index, arg in enumerate(call.args):
            if index >= len(names):
                return None
            result[names[index]] = self.kind_of(arg, scope)
        for kw in call.keywords:
            result[kw.arg] = self.kind_of(kw.value, scope)  # type: ignore[index]
        return result

    def _literal_container(self, expr: ast.expr, scope: Optional[FunctionInfo]) -> Optional[ast.expr]:
        """The list/tuple/set literal a name is bound to once in its scope, if any."""
        if isinstance(expr, ast.Name):
            values = self.analysis.assignments(scope).get(expr.id, [])
            if len(values) == 1 and isinstance(values[0], (ast.List, ast.Tuple, ast.Set)):
                return values[0]
        return None

    def _known_non_tensor(self, expr: ast.expr, scope: Optional[FunctionInfo], _depth: int = 0) -> bool:
        """The argument is known to be a Python value (not an unknown that might be a tensor)."""
        if _depth > 3:
            return False
        literal = self._literal_container(expr, scope)
        if literal is not None:
            expr = literal
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return all(self._known_non_tensor(e, scope, _depth + 1) for e in expr.elts)
        if isinstance(expr, ast.Dict):
            return all(self._known_non_tensor(v, scope) for v in expr.values)
        if isinstance(expr, (ast.Constant, ast.JoinedStr)):
            return True
        inferred = self._infer(expr, scope)
        if inferred is None or inferred.is_tensor or inferred.tag == NDARRAY:
            return False
        return inferred.kind in (Kind.PY_NUMBER, Kind.PY_BOOL) or inferred.tag == NONE or (
            inferred.kind is Kind.OBJECT and inferred.tag is not None
        )

    def _primitive(self, expr: ast.expr, scope: Optional[FunctionInfo], _depth: int = 0) -> bool:
        """A Python number or string, or a list/tuple of them: tf.function keys its traces on the values."""
        literal = self._literal_container(expr, scope)
        if literal is not None:
            expr = literal
        if isinstance(expr, (ast.List, ast.Tuple)):
            return bool(expr.elts) and _depth < 3 and all(self._primitive(e, scope, _depth + 1) for e in expr.elts)
        node = expr.operand if isinstance(expr, ast.UnaryOp) else expr
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (int, float, str)) and not isinstance(node.value, bool)
        inferred = self._infer(expr, scope)
        return inferred is not None and inferred.kind is Kind.PY_NUMBER

    # -- decisions ------------------------------------------------------------------------------

    def candidates(self) -> Iterator[FunctionInfo]:
        for info in self.facts.functions:
            if isinstance(info.node, ast.Lambda) or info.external is not None:
                continue
            yield info

    def decide(self, info: FunctionInfo) -> Decision:
        found = self._decisions.get(id(info))
        if found is None:
            found = self._decide(info)
            self._decisions[id(info)] = found
        return found

    def _decide(self, info: FunctionInfo) -> Decision:
        hybrid = info.decorator is not None
        d = Decision(info, hybrid)
        # Passed as a value (to `tf.cond`, a Keras callback, `strategy.run`...): callers this analysis
        # does not see may pass anything, so the arguments it sees do not decide the parameter kinds.
        referenced = any(site.is_reference for site in info.callers)
        live = self.is_live(info) and not referenced
        sites = self.live_sites(info) if live else []
        external = self.facts.link.callers.get(info.qualname, []) if self.facts.link is not None else []
        params = self.parameters(info)
        values = self._values(info, sites)

        # per parameter, the kind of each argument: tensor, primitive, python (known, not a tensor) or unknown
        kinds: Dict[str, List[str]] = {p: [self.kind_of(e, sc) for e, sc in values[p]] for p in params}
        external_known = not external
        if external and self.external_arguments is not None:
            found = self.external_arguments(info)
            if found is not None:
                external_known = True
                for call_kinds in found:
                    for p in params:
                        if p in call_kinds:
                            kinds[p].append(call_kinds[p])

        # tensor parameters (None: undeterminable)
        tensor: Optional[bool] = None
        tensor_params: List[str] = []
        for p in params:
            evidence = self._annotated_tensor(info, p) or "tensor" in kinds[p]
            if not evidence and external:
                index = str(params.index(p))
                evidence = any(p in c.tensor_args or index in c.tensor_args for c in external)
            if evidence:
                tensor_params.append(p)
        if tensor_params:
            tensor = True
        elif live and (sites or external) and external_known and all(
            k in ("primitive", "python") for p in params for k in kinds[p]
        ):
            tensor = False
            if params and _TENSOR_CONTEXT.fullmatch(info.name) and not any(kinds[p] for p in params):
                tensor = True  # idiomatic names (`train_step`, `call`) when call sites tell nothing
                tensor_params = params[:1]
        # primitive parameters
        primitive: Optional[bool] = None
        primitive_params: List[str] = []
        if live and (sites or external):
            for p in params:
                if kinds[p] and all(k == "primitive" for k in kinds[p]):
                    primitive_params.append(p)
            primitive = bool(primitive_params)
        # side effects
        effects = None
        if live:
            effects = list(self.effects.transitive(info))
        recursive = self._recursive(info)

        if tensor is None:
            if referenced:
                why = "it is also passed as a value, to callers this analysis does not see"
            elif not live or not (sites or external):
                why = "no call site that runs was found"
            else:
                unknown = next((p for p in params if "unknown" in kinds[p]), None)
                why = f"the kind of what `{unknown}` receives is unknown" if unknown else "the arguments from other modules are unknown"
            d.failures.append(("UNDETERMINABLE_PARAMETER_KIND", why))
        elif tensor:
            d.passes.append(("HAS_TENSOR_PARAMETERS", ", ".join(f"`{p}`" for p in tensor_params)))
        else:
            d.failures.append(("HAS_NO_TENSOR_PARAMETERS", ""))
        if primitive:
            d.failures.append(("HAS_PRIMITIVE_PARAMETERS", ", ".join(f"`{p}`" for p in primitive_params)))
        if effects is None:
            if tensor is not None:
                d.failures.append(("UNDETERMINABLE_SIDE_EFFECTS", ""))
        elif effects:
            d.failures.append(("HAS_PYTHON_SIDE_EFFECTS", effects[0].describe()))
        if recursive:
            d.failures.append(("IS_RECURSIVE", ""))

        no_effects = effects is not None and not effects
        if hybrid:
            self._decide_hybrid(d, tensor, primitive, no_effects)
        elif tensor and primitive is False and no_effects and not recursive:
            self._decide_eager(d, info, values, sites, external)
        if hybrid:
            # For a tf.function these say why it could lose its decorator: reasons, not failures. Recursion
            # does not decide removal (HYB021 reports it as a finding).
            reasons = [f for f in d.failures if f[0] in _EAGER_REASONS]
            d.failures = [f for f in d.failures if f[0] not in _EAGER_REASONS and f[0] != "IS_RECURSIVE"]
            d.passes.extend(reasons)
            if d.transformation is None and tensor and primitive is False:
                codes = {c for c, _ in d.failures}
                if "NO_TENSOR_COMPUTATION" not in codes and not (effects and self.barren(info)):
                    d.failures.insert(0, ("HAS_NO_PRIMITIVE_PARAMETERS", ""))
        if hybrid and info.decorator is not None and not info.decorator.has_input_signature:
            d.signature = self.infer_signature(info)
        elif not hybrid and d.transformation == CONVERT:
            d.signature = self.infer_signature(info)
        return d

    def _eager_checks(self, values) -> Tuple[Tuple[str, Callable[[FunctionInfo], Optional[str]]], ...]:
        """The code that cannot run traced, each check with its outcome: the first that finds something
        names the failure."""
        return (
            ("HAS_EAGER_ONLY_CALLS", self._eager_only),
            ("HAS_NUMPY_CALLS_ON_PARAMETERS", self._numpy_on_parameters),
            ("HAS_INVALID_NAME_ARGUMENTS", self._invalid_names),
            ("HAS_TENSOR_PARAMETER_ITERATION", lambda i: self._tensor_iteration(i, values)),
            ("HAS_TENSOR_AS_PYTHON_BOOL", self._as_python_value),
        )

    def _decide_eager(self, d: Decision, info: FunctionInfo, values, sites, external) -> None:
        for code, check in self._eager_checks(values):
            detail = check(info)
            if detail is not None:
                d.failures.append((code, detail))
                return
        if any(self._keras_symbolic(e, s) for vals in values.values() for e, s in vals):
            d.failures.append(("HAS_KERAS_SYMBOLIC_ARGUMENTS", ""))
            return
        creates = self._creates_variables(info)
        if creates is not None:
            d.failures.append(("CREATES_VARIABLES", creates))
            return
        if not self.computes(info):
            d.failures.append(("NO_TENSOR_COMPUTATION", ""))
            return
        if self._covered(info, sites, external):
            d.failures.append(("HAS_COVERED_CALLERS", ""))
            return
        d.transformation, d.precondition = CONVERT, "P1"

    def _decide_hybrid(self, d: Decision, tensor, primitive, no_effects: bool) -> None:
        if not no_effects:
            return
        use = d.info.decorator
        configured = [k for k in ("input_signature", "jit_compile", "experimental_compile") if use is not None and k in use.keywords]
        if configured and self.computes(d.info):  # on a body without TF ops the configuration does nothing
            d.failures.append(("HAS_TRACING_CONFIGURATION", f"`{configured[0]}`"))
            return
        graph_only = self._graph_only(d.info)
        if graph_only is not None:
            d.failures.append(("HAS_GRAPH_ONLY_CODE", graph_only))
            return
        if tensor is False:
            d.transformation, d.precondition = EAGER, "P2"
        elif tensor and primitive:
            d.transformation, d.precondition = EAGER, "P3"
        elif tensor and primitive is False and self.barren(d.info):
            d.failures.append(("NO_TENSOR_COMPUTATION", ""))
            d.transformation, d.precondition = EAGER, "P6"

    def hazards(self, info: FunctionInfo) -> List[Tuple[str, str, int]]:
        """The safety outcomes that hold for the function whatever its callers: what would go wrong if it
        were traced. (outcome code, detail, line). The what-if adds them to the rules' findings."""
        found: List[Tuple[str, str, int]] = []
        try:
            for effect in self.effects.transitive(info):
                node = effect.via[0].node if effect.via else effect.node
                found.append(("HAS_PYTHON_SIDE_EFFECTS", effect.describe(), getattr(node, "lineno", info.node.lineno)))
        except Exception:  # noqa: BLE001
            pass
        if self._recursive(info):
            found.append(("IS_RECURSIVE", "", info.node.lineno))
        values = self._values(info, self.live_sites(info))
        checks = self._eager_checks(values) + (("CREATES_VARIABLES", self._creates_variables),)
        for code, check in checks:
            try:
                detail = check(info)
            except Exception:  # noqa: BLE001
                detail = None
            if detail is not None:
                match = re.search(r"line (\d+)", detail)
                found.append((code, detail, int(match.group(1)) if match else info.node.lineno))
        if any(self._keras_symbolic(e, sc) for vals in values.values() for e, sc in vals):
            found.append(("HAS_KERAS_SYMBOLIC_ARGUMENTS", "", info.node.lineno))
        return found

    # -- individual facts -----------------------------------------------------------------------

    def _annotated_tensor(self, info: FunctionInfo, name: str) -> bool:
        """A `tf.Tensor` annotation or an `input_signature` entry (not the call sites)."""
        args = info.node.args
        arg = next((a for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg == name), None)
        if arg is None:
            return False
        uses = info.applications
        if arg.annotation is not None:
            # `tf.Tensor` anywhere in the hint counts (`tuple[tf.Tensor, tf.Tensor]`, `Optional[tf.Tensor]`)
            for node in ast.walk(arg.annotation):
                if isinstance(node, (ast.Name, ast.Attribute)) and self.facts.qualname(node, info.parent) in TENSOR_ANNOTATIONS:
                    return True
        if arg.annotation is None and not any(u.has_input_signature for u in uses):
            return False
        try:
            inferred = self.tensors.parameter(info, name)
        except Exception:  # noqa: BLE001
            return False
        return inferred.is_tensor

    def _body_nodes(self, info: FunctionInfo) -> Iterator[ast.AST]:
        """The function's own body, without nested defs, lambdas and classes."""
        stack: List[ast.AST] = list(info.node.body) if not isinstance(info.node, ast.Lambda) else [info.node.body]
        while stack:
            node = stack.pop()
            yield node
            for child in iter_children(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    continue
                stack.append(child)

    def _callees(self, info: FunctionInfo) -> List[FunctionInfo]:
        found = [s.target for s in info.calls if not s.is_reference and s.target.external is None]
        if self._instances_done:
            if self._by_caller is None:
                by_caller: Dict[int, List[FunctionInfo]] = {}
                for other in self.facts.functions:
                    for site in (self._sites or {}).get(id(other), []):
                        if site.caller is not None:
                            by_caller.setdefault(id(site.caller), []).append(other)
                self._by_caller = by_caller
            found += [f for f in self._by_caller.get(id(info), []) if f not in found]
        return found

    def _transitive(self, info: FunctionInfo, limit: int = 40) -> List[FunctionInfo]:
        order: List[FunctionInfo] = [info]
        seen = {id(info)}
        index = 0
        while index < len(order) and len(order) < limit:
            for callee in self._callees(order[index]):
                if id(callee) not in seen and not isinstance(callee.node, ast.Lambda):
                    seen.add(id(callee))
                    order.append(callee)
            index += 1
        return order

    def _recursive(self, info: FunctionInfo) -> bool:
        stack = list(self._callees(info))
        seen: Set[int] = set()
        while stack:
            current = stack.pop()
            if current is info:
                return True
            if id(current) in seen:
                continue
            seen.add(id(current))
            stack.extend(self._callees(current))
        return False

    def eager_only(self, info: FunctionInfo) -> Optional[Tuple[str, str]]:
        """What in the function (or what it calls in this file) fails when it is traced, as the checks
        that make a conversion fail name it: `.numpy()`, NumPy on its parameters, a non-string `name=`,
        Python iteration of a tensor or a tensor as a Python value, `tf.Variable`s created on each call
        (Keras objects are left out: a traced function may build a loss or a layer that makes none).
        (outcome code, detail), or None."""
        values = self._values(info, self.live_sites(info))
        checks = self._eager_checks(values) + (("CREATES_VARIABLES", lambda i: self._creates_variables(i, keras=False)),)
        for code, check in checks:
            detail = check(info)
            if detail is not None:
                return code, detail
        return None

    def _creates_variables(self, info: FunctionInfo, keras: bool = True) -> Optional[str]:
        for fn in self._transitive(info):
            for node in self._body_nodes(fn):
                if isinstance(node, ast.Call):
                    qual = self.facts.qualname(node.func, fn)
                    if qual is None or not qual.startswith("tensorflow."):
                        continue
                    made = tf_call_result(qual, node)
                    if made.tag == VARIABLE or (keras and made.tag in KERAS_CALLABLE):
                        return f"`{qual.replace('tensorflow', 'tf', 1)}(...)` on line {node.lineno}"
        return None

    def _graph_only(self, info: FunctionInfo) -> Optional[str]:
        for fn in self._transitive(info):
            for node in self._body_nodes(fn):
                if isinstance(node, ast.Call):
                    qual = self.facts.qualname(node.func, fn) or ""
                    if qual.startswith("tensorflow.compat.v1.") or qual in _MODE_TESTS:
                        return f"`{qual.replace('tensorflow', 'tf', 1)}` on line {node.lineno}"
        return None

    def _eager_only(self, info: FunctionInfo) -> Optional[str]:
        for fn in self._transitive(info):
            for node in self._body_nodes(fn):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "numpy"
                    and not node.args
                    and not node.keywords
                ):
                    return f"`.numpy()` on line {node.lineno}"
        # `tf.constant` of an argument: eager tensors convert, symbolic ones raise TypeError
        tensor_params = self._tensor_param_names(info)
        if tensor_params:
            derived = self._derived(info, tensor_params)
            for node in self._body_nodes(info):
                if isinstance(node, ast.Call) and (self.facts.qualname(node.func, info) or "") == "tensorflow.constant":
                    value = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "value"), None)
                    if value is not None and self._mentions(value, derived):
                        return f"`tf.constant` of an argument on line {node.lineno}"
        return None

    def _tensor_param_names(self, info: FunctionInfo) -> Set[str]:
        values = self._values(info, self.live_sites(info))
        return {
            p for p, vals in values.items()
            if vals and all(self._tensor_like(e, s) and not isinstance(e, (ast.List, ast.Tuple)) for e, s in vals)
        }

    def _derived(self, info: FunctionInfo, seeds: Optional[Set[str]] = None) -> Set[str]:
        """Parameter names (or `seeds`) and the local names computed from them (a few rounds of def-use)."""
        derived = set(self.parameters(info)) if seeds is None else set(seeds)
        assigns = [n for n in self._body_nodes(info) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))]
        for _ in range(3):
            before = len(derived)
            for node in assigns:
                value = node.value
                if value is None or not self._mentions(value, derived):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            derived.add(sub.id)
            if len(derived) == before:
                break
        return derived

    @staticmethod
    def _mentions(expr: ast.AST, names: Set[str]) -> bool:
        """Whether `expr` uses one of `names` other than through a static `.shape`/`.dtype` read."""
        stack = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Attribute) and node.attr in _STATIC_READS:
                continue
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
                continue
            if isinstance(node, ast.Name) and node.id in names:
                return True
            stack.extend(ast.iter_child_nodes(node))
        return False

    def _numpy_on_parameters(self, info: FunctionInfo) -> Optional[str]:
        derived = self._derived(info)
        for node in self._body_nodes(info):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id == "isinstance" and len(node.args) == 2:
                kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
                if self._mentions(node.args[0], derived) and any(
                    (self.facts.qualname(k, info) or "").startswith("numpy.") for k in kinds
                ):
                    return f"`isinstance(..., np.ndarray)` on line {node.lineno} (a NumPy argument arrives as a tensor)"
            qual = self.facts.qualname(node.func, info) or ""
            if not qual.startswith(("numpy.", "scipy.")):
                continue
            args = list(node.args) + [k.value for k in node.keywords]
            if any(self._mentions(a, derived) for a in args):
                return f"`{qual.split('.')[0]}` call on line {node.lineno}"
        return None

    def _invalid_names(self, info: FunctionInfo) -> Optional[str]:
        for node in self._body_nodes(info):
            if not isinstance(node, ast.Call):
                continue
            qual = self.facts.qualname(node.func, info) or ""
            if not qual.startswith("tensorflow."):
                continue
            for kw in node.keywords:
                if kw.arg == "name" and isinstance(kw.value, ast.Constant) and not isinstance(kw.value.value, (str, type(None))):
                    return f"line {node.lineno}"
        return None

    def _tensor_iteration(self, info: FunctionInfo, values) -> Optional[str]:
        tensor_params = {
            p for p, vals in values.items()
            if vals and all(self._tensor_like(e, s) and not isinstance(e, (ast.List, ast.Tuple)) for e, s in vals)
        }
        derived = tensor_params | {
            n for n in self._derived_from(info, tensor_params)
        }
        for node in self._body_nodes(info):
            iters: List[ast.expr] = []
            if isinstance(node, (ast.For, ast.AsyncFor)):
                iters.append(node.iter)
            elif isinstance(node, ast.comprehension):
                iters.append(node.iter)
            for it in iters:
                if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("enumerate", "zip", "reversed", "list", "iter"):
                    candidates = list(it.args)
                else:
                    candidates = [it]
                for c in candidates:
                    if isinstance(c, ast.Name) and c.id in derived:
                        inferred = self._infer(c, info)
                        if c.id in tensor_params or (inferred is not None and inferred.is_tensor):
                            return f"`{c.id}` on line {c.lineno}"
        return None

    def _derived_from(self, info: FunctionInfo, names: Set[str]) -> Set[str]:
        if not names:
            return set()
        derived = set(names)
        for node in self._body_nodes(info):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value
                if isinstance(value, ast.Name) and value.id in derived:
                    derived.add(node.targets[0].id)
        return derived

    def _as_python_value(self, info: FunctionInfo) -> Optional[str]:
        for node in self._body_nodes(info):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in _AS_PYTHON_BUILTINS or not self.analysis.is_builtin(node.func.id, info):
                continue
            for arg in node.args:
                inferred = self._infer(arg, info)
                if inferred is not None and inferred.is_tensor:
                    return f"`{node.func.id}(...)` on line {node.lineno}"
        return None

    def _keras_symbolic(self, expr: ast.expr, scope: Optional[FunctionInfo], _depth: int = 0) -> bool:
        """A KerasTensor: `keras.Input(...)`, or a value computed from one (a layer applied to it)."""
        inferred = self._infer(expr, scope)
        if inferred is not None and inferred.tag == KERAS_INPUT:
            return True
        if _depth >= 4:
            return False
        if isinstance(expr, ast.Name):
            values = self.analysis.assignments(scope).get(expr.id, [])
            return len(values) == 1 and values[0] is not None and self._keras_symbolic(values[0], scope, _depth + 1)
        if isinstance(expr, ast.Call):
            return any(self._keras_symbolic(a, scope, _depth + 1) for a in expr.args if not isinstance(a, ast.Starred))
        return False

    def _covered(self, info: FunctionInfo, sites: Sequence[_Site], external) -> bool:
        """Every call site found runs inside traced code (allow-on-unknown: no call site, not covered)."""
        if info.wrappers:
            return True
        if not sites and not external:
            return False
        return all(c.caller is not None and c.traced for c in external) and all(
            s.caller is not None and s.caller.graph is not None for s in sites
        )

    def computes(self, info: FunctionInfo) -> bool:
        """Positive evidence of a TensorFlow operation in the body or in the local functions it calls."""
        for fn in self._transitive(info):
            if self._computes_here(fn):
                return True
        return False

    def _computes_here(self, info: FunctionInfo) -> bool:
        key = id(info)
        if key in self._computes:
            return bool(self._computes[key])
        self._computes[key] = False
        result = False
        for node in self._body_nodes(info):
            if isinstance(node, ast.Call):
                qual = self.facts.qualname(node.func, info)
                if qual is not None and qual.startswith(_TF_ROOTS):
                    made = tf_call_result(qual, node)
                    if not qual.startswith(_NOT_COMPUTATION) and made.is_tensor and made.tag != VARIABLE:
                        result = True
                        break
                    continue
                func = self._infer(node.func, info)
                if func is not None and func.tag in KERAS_CALLABLE:  # calling a layer or a model
                    result = True
                    break
                if self.facts.link is not None:  # a function of another module that returns a tensor
                    try:
                        target, _ = self.facts.resolve_callable(node.func, info, self.facts.enclosing_class(info), external=True)
                    except Exception:  # noqa: BLE001
                        target = None
                    if target is not None and target.external is not None and target.external.returns_tensor:
                        result = True
                        break
                if isinstance(node.func, ast.Attribute) and node.func.attr != "numpy":
                    receiver = self._infer(node.func.value, info)
                    if receiver is not None and receiver.is_tensor:
                        result = True
                        break
            elif isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Subscript)):
                inferred = self._infer(node, info)
                if inferred is not None and inferred.is_tensor:
                    result = True
                    break
        self._computes[key] = result
        return result

    def barren(self, info: FunctionInfo) -> bool:
        """HYB013's proof that a body runs no TensorFlow op (strict: unresolved calls may)."""
        if self._barren is None:
            from .rules.hyb013_unnecessary_tf_function import BarrenAnalysis  # the rule's own analysis

            self._barren = BarrenAnalysis(_BarrenContext(self.facts))
        try:
            return bool(self._barren.is_barren(info))
        except Exception:  # noqa: BLE001
            return False

    # -- input signatures ------------------------------------------------------------------------

    def infer_signature(self, info: FunctionInfo) -> Optional[Signature]:
        """An `input_signature` from the constructors at every call site, when they agree on dtype and
        rank (dimensions that differ become `None`). None when any argument is not a known constructor."""
        args = info.node.args
        if args.vararg is not None or args.kwarg is not None or args.kwonlyargs:
            return None
        params = self.parameters(info)
        sites = self.live_sites(info) or self.sites(info)
        if not params or not sites:
            return None
        per_param: Dict[str, List[Spec]] = {p: [] for p in params}
        for site in sites:
            call = site.call
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return None
            mapped = dict((p, e) for p, e in self.analysis.map_arguments(call, info, site.bound) if p is not None)
            for p in params:
                if p not in mapped:
                    return None
                spec = self._spec_of(mapped[p], site.caller)
                if spec is None:
                    return None
                per_param[p].append(spec)
        specs = []
        for p in params:
            joined = join_specs(per_param[p])
            if joined is None:
                return None
            if None in joined.shape and self._reads_shape(info, p):
                return None  # a `None` dimension would break a static shape read in the body
            specs.append(joined)
        return Signature(tuple(specs))

    def _spec_of(self, expr: ast.expr, scope: Optional[FunctionInfo]) -> Optional[Spec]:
        if isinstance(expr, ast.Name):
            values = self.analysis.assignments(scope).get(expr.id, [])
            if len(values) != 1 or values[0] is None:
                return None
            expr = values[0]
        return spec_of_constructor(expr, self.facts, scope)

    def _reads_shape(self, info: FunctionInfo, name: str) -> bool:
        for node in self._body_nodes(info):
            if isinstance(node, ast.Attribute) and node.attr in ("shape", "get_shape", "ndim"):
                if isinstance(node.value, ast.Name) and node.value.id == name:
                    return True
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
                if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == name:
                    return True
        return False


class _BarrenContext:
    """What HYB013's BarrenAnalysis reads of an engine context."""

    def __init__(self, facts: ModuleFacts):
        self.facts = facts
        self.tree = facts.tree


def hybridize_for(facts: ModuleFacts, test_file: bool = False) -> HybridizeAnalysis:
    """The module's hybridization decisions, created on first use and kept with the facts."""
    return facts.kept("_hybridize_analysis", lambda: HybridizeAnalysis(facts, test_file))


def decisions(facts: ModuleFacts) -> List[Decision]:
    analysis = hybridize_for(facts)
    return [analysis.decide(info) for info in analysis.candidates()]


def plain_decorator(info: FunctionInfo) -> bool:
    """The tf.function decorator is written `@tf.function` or `@tf.function(...)` (not a factory such
    as `jit = tf.function(jit_compile=True)`), so the refactorings can edit it."""
    use = info.decorator
    node = use.node if use is not None else None
    target = node.func if isinstance(node, ast.Call) else node
    return (isinstance(target, ast.Attribute) and target.attr == "function") or (
        isinstance(target, ast.Name) and target.id == "function"
    )


def function_at(facts: ModuleFacts, line: int, col: int) -> Optional[FunctionInfo]:
    """The innermost function whose header (decorators and the `def ...:` line) holds the position."""
    best: Optional[FunctionInfo] = None
    for info in facts.functions:
        node = info.node
        if isinstance(node, ast.Lambda) or info.external is not None:
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        header_end = node.body[0].lineno - 1 if node.body else node.lineno
        header_end = max(header_end, node.lineno)
        if first <= line <= header_end:
            if best is None or node.lineno >= best.node.lineno:
                best = info
    return best


def iter_outcomes() -> Iterable[Outcome]:
    return iter(OUTCOMES)


_INTRO = """\
# Hybridize: converting functions to and from `tf.function`

<!-- Generated by `python -m hybridlint.docs docs` from `hybridlint/hybridize.py`; do not edit. -->

hybridlint helps migrate eager TensorFlow code to graph execution, after the Hybridize Functions
refactoring of Castro Vélez, Khatchadourian et al. (ponder-lab, an Eclipse plug-in). For every function it
decides, from the module's facts (call sites, tensor-ness, side effects, call graph), whether the function
may get `@tf.function`, should lose it, or should stay as it is. A refactoring is proposed only when every
precondition is known to hold; each reason it is not is one of the outcomes below.

* **Convert to tf.function** (the original tool's P1): a Python function with a tensor parameter, no
  parameter that only ever receives Python numbers or strings, no Python side effects, not recursive, no
  eager-only code, some TensorFlow computation, and at least one caller that is not already traced.
* **Remove tf.function** (P2, P3, P6): a tf.function without Python side effects that has no tensor
  parameters (P2), has a Python primitive parameter (P3, it retraces), or provably runs no TensorFlow op
  (P6, the cases of HYB013). Removing changes what it returns (Python values instead of tensors).
* **Add an input_signature**: a tf.function without one, when every call site builds its arguments with
  TensorFlow constructors (`tf.constant`, `tf.ones`, `tf.zeros`, `tf.fill`, `tf.eye`, `tf.range`,
  `tf.random.*`) that agree on dtype and rank; dimensions that differ between call sites become `None`
  (not offered when the body reads such a dimension statically).

In the editor these are code actions of kind `refactor.rewrite` on a function's name or decorator; an
action whose preconditions fail is listed with the reason (`disabled.reason`) for clients that can show
one. Hovering a function's name shows its outcomes and, for a Python function, the hazards the rules would
report if it were a tf.function ("if traced"). On the command line:

```
hybridlint hybridize [PATH...]            # list candidates and the reasons for the others (--all)
hybridlint hybridize --format json        # every function, its outcomes and what-if hazards
hybridlint hybridize --diff | --fix       # convert the candidates whose what-if is clean
```

## Outcomes
"""


def outcomes_markdown() -> str:
    parts = [_INTRO]
    for outcome in OUTCOMES:
        parts.append(f"\n### `{outcome.code}`: {outcome.title}\n\n{outcome.summary[0].upper()}{outcome.summary[1:]}.\n\n{outcome.why}\n")
        if outcome.hybridize:
            parts.append(f"\nIn Hybridize: `{outcome.hybridize}`.\n")
        if outcome.example:
            parts.append(f"\n```python\n{outcome.example}```\n")
    return "".join(parts)
