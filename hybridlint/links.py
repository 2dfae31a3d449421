"""What one module's check sees of the rest of the project.

The project index (`hybridlint.project`) reduces every module to a summary and links them; the
engine receives, per module, a small `ModuleLink`: the project functions its names refer to, the
functions of its own that other modules trace, and the call sites of its functions in other
modules. Everything here is plain data (picklable, cheap to look up on every keystroke), so the
engine stays pure and the front ends decide when the index is built.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .source import Span

# Dotted names under these roots are never project code: not worth an edge.
EXTERNAL_ROOTS = frozenset(
    {"tensorflow", "keras", "tf_keras", "numpy", "jax", "torch", "scipy", "pandas", "absl", "six", "sklearn"}
) | frozenset(getattr(sys, "stdlib_module_names", ()))

# The outside packages whose names rules ask about (`tf.function`, `np.random.rand`, `time.time`,
# `logging.info`, `functools.partial`): a project module's name for one of them is followed through
# imports and star imports (`from .common import *` where `common` does `import tensorflow as tf`).
TF_ROOTS = frozenset({"tensorflow", "keras", "tf_keras"})
ALIASED_ROOTS = TF_ROOTS | frozenset(
    {"numpy", "scipy", "random", "time", "datetime", "logging", "absl", "functools"}
)


@dataclass(frozen=True)
class Place:
    """A place in another file of the project, named by its project-relative path."""

    path: str
    span: Span


@dataclass
class ExternalFunction:
    """A function defined in another module of the project, as its summary describes it."""

    module: str
    qualname: str  # "train_step", "Trainer.train_step"
    place: Place  # the name in `def name(...)`
    signature: str  # a one-line `def name(params): ...` with the parameters (defaults elided)
    static: bool = False  # a @staticmethod
    tf_function: bool = False  # calling it calls a tf.function object (decorated, or a `g = tf.function(f)` name)
    tf_keywords: Dict[str, str] = field(default_factory=dict)  # keyword → source text of its value
    traced: Optional[str] = None  # why its body is a graph in its own module (GraphInfo.reason)
    tf_work: bool = True  # its body may run TensorFlow ops (False only when proven otherwise)
    name: str = ""  # the name callers use (differs from the def for `g = tf.function(f)`)
    notes: Dict[str, object] = field(default_factory=dict)  # rule code → what `Rule.summarize_function` noted
    returns_tensor: bool = False  # the tensor analysis of its own module says it returns a tensor
    # its Python side effects (`hybridlint.effects`), transitively: (kind, root, name, root_name, method)
    effects: Tuple[Tuple[str, str, str, str, str], ...] = ()

    @property
    def method(self) -> bool:
        return "." in self.qualname

    @property
    def shown_name(self) -> str:
        return self.name or self.qualname.rsplit(".", 1)[-1]

    def stub_node(self) -> ast.FunctionDef:
        """A def with this function's parameters and an empty body: enough for rules that map a
        call's arguments onto parameters. Rules must not judge the body of a stub."""
        node = ast.parse(self.signature).body[0]
        assert isinstance(node, ast.FunctionDef)
        if self.static:
            node.decorator_list = [ast.Name("staticmethod", ast.Load())]
        return node


@dataclass(frozen=True)
class IncomingTrace:
    """Why a function of this module runs as a graph because of code in another module."""

    reason: str  # called | wrapped | dataset | vectorized | keras-lambda | keras-loss | keras-loss-weak
    caller: Optional[str]  # the traced function that calls it (for "called")
    place: Place  # the call, the `tf.function(...)` or the `dataset.map(...)`
    # where the chain of calls starts, when that is not `place`: the tf.function (or the wrapping,
    # the dataset call) that traces everything down to here, and what it is
    origin: Optional[Place] = None
    origin_note: str = ""
    # the TensorFlow op (`tf.scan`, as written there) the function is handed to, when that op calls it
    # without AutoGraph conversion (`facts.UNCONVERTING_OPS`)
    through: str = ""

    def describe(self) -> str:
        if self.reason == "wrapped":
            return f"wrapped by tf.function in `{self.place.path}`"
        if self.reason == "dataset":
            return f"traced by a tf.data transformation in `{self.place.path}`"
        if self.reason == "vectorized":
            return f"traced by tf.vectorized_map in `{self.place.path}`"
        if self.reason == "keras-lambda":
            return f"the function of a Keras `Lambda` layer in `{self.place.path}`, which Keras traces in `fit`, `evaluate` and `predict`"
        if self.reason == "keras-loss":
            return f"a loss or metric given to Keras `compile` in `{self.place.path}`, which Keras traces in `fit` and `evaluate`"
        if self.reason == "keras-loss-weak":
            return (
                f"a loss or metric given to `compile` in `{self.place.path}`, which Keras traces in `fit` and `evaluate` "
                "if the object is a Keras model"
            )
        return f"called from `{self.caller}` in `{self.place.path}`, which is traced"


@dataclass(frozen=True)
class ExternalCall:
    """A call site, in another module, of a function of this module."""

    place: Place
    caller: Optional[str]  # qualname of the calling function; None at module level
    traced: bool  # the caller runs as a graph
    reference: bool = False  # passed as a value rather than called
    # the arguments the caller's own module knows are tensors: positions ("0") and keywords ("loss")
    tensor_args: Tuple[str, ...] = ()
    in_loop: bool = False  # made inside a loop of the calling function
    # `functools.partial(f, ...)`: the callable is made there, and called wherever it is passed
    makes_partial: bool = False
    # the calling function may itself run eagerly (`ProjectIndex._may_run_eagerly`): even a traced caller
    # does not make this call only while something is traced
    eager_caller: bool = False
    # each argument, position or keyword, with the int its text gives (`loops.static_int`) or None;
    # {"*": None} when `*args`/`**kwargs` hide the binding
    int_args: Dict[str, Optional[int]] = field(default_factory=dict)
    # for `obj.m(...)`: where `obj` comes from in the calling function (`EffectAnalysis.receiver_origin`: "new",
    # "kept", "self" or "given"); "" when not known
    receiver: str = ""


@dataclass
class ModuleLink:
    """The project as one module sees it."""

    path: str
    module: str  # dotted name: "pkg.train"
    package: str  # what `from . import x` is relative to
    functions: Dict[str, ExternalFunction] = field(default_factory=dict)  # dotted name → function elsewhere
    # (caller qualname, or "" at module level; the called chain "trainer.train_step") → dotted name,
    # resolved by jedi for calls on objects whose type is only known by inference
    attributes: Dict[Tuple[str, str], str] = field(default_factory=dict)
    incoming: Dict[str, IncomingTrace] = field(default_factory=dict)  # qualname here → why traced elsewhere
    callers: Dict[str, List[ExternalCall]] = field(default_factory=dict)  # qualname here → calls elsewhere
    # name of a method of this module's classes that the project calls as `obj.name(...)` on a receiver
    # nothing resolves (this module included), so perhaps that method → one such call that runs eagerly
    # (at module level, or in a test nothing traces), as (place, calling function's qualname or "" at
    # module level), or None when no such call is shown eager
    name_calls: Dict[str, Optional[Tuple[Place, str]]] = field(default_factory=dict)
    # dotted name this module imports → the outside name it stands for, through project modules
    # (`from .tf_utils import tf` where `tf_utils` does `import tensorflow as tf`); a name only a star
    # import binds is keyed by this module's own dotted name (`pkg.model.tf` for `from .common import *`)
    aliases: Dict[str, str] = field(default_factory=dict)
    # dotted name of a project class this module imports → what the class hierarchy makes it:
    # "keras", "keras?" (only named like Keras at the root), "module" (tf.Module) or "" (none of these)
    classes: Dict[str, str] = field(default_factory=dict)
    eager_classes: frozenset = frozenset()  # imported Keras classes that Keras never traces (`dynamic=True`)
    # some module of the project runs a Keras model in a trace (`ModuleFacts.runs_models`); None while
    # the index summarises, before it knows
    project_runs_models: Optional[bool] = None
    # parameter name with a literal default in this module → what some call in the project passes a keyword of
    # that name (`facts.PASSED_TRUE` | `facts.PASSED_FALSE`); a name no call passes is left out
    passed_flags: Dict[str, int] = field(default_factory=dict)
    # imported names called `keras`/`tf_keras` that the project defines as something else (a NumPy
    # backend's shim): not Keras, although the name says so
    not_keras: frozenset = frozenset()
    # private names of this module's functions that another module reads outside traced code, as an
    # attribute (`env._step(x)` on a pytest fixture, `ops._f.get_concrete_function(...)`) or imported:
    # the object they name may be this module's, used eagerly there
    mentioned_elsewhere: frozenset = frozenset()
    # qualnames of this module's functions whose body may run eagerly, as the whole project shows: not
    # traced, traced only as a Keras method, read by name outside traced code elsewhere, or called (not
    # from inside a tf.function) by one of those
    may_run_eagerly: frozenset = frozenset()
    # dotted name this module imports → the int it is bound to once at module level in its project module
    # (`from .defaults import NITER`): a static count, as a constant of this module is (`loops.static_int`)
    constants: Dict[str, int] = field(default_factory=dict)
    # (level, module) of the module's module-level relative imports that named no module on disk when the
    # index was built (`project.missing_module`): importing the module fails, so its code is dead
    # (`engine.Context.unimportable`); judged by the index from its own listings, never by a check
    missing_imports: frozenset = frozenset()
    # dotted name of a project function this module calls → what its result proves about the execution
    # mode (mode when true, mode when false: "eager", "graph" or None), as the index reads its returns
    # (`facts.function_condition`); only functions whose result proves something
    mode_tests: Dict[str, Tuple[Optional[str], Optional[str]]] = field(default_factory=dict)
    # dotted names of project functions this module calls that test for tracing: their result is true on
    # some path only while a graph is built (`ProjectIndex.tracing_test`, `ModuleFacts.tests_tracing`)
    tracing_tests: frozenset = frozenset()
    # qualnames of methods here ("Layer.message") that override a method of a base in another module which
    # runs traced there: the base's own `self.message(...)` calls run the override in that trace
    traced_overrides: frozenset = frozenset()
    # what shows that importing this module runs another module of the project that turns eager execution
    # off at its top level (`facts.eager_off_call`), as a clause ("importing this module runs
    # `pkg/__init__.py`, which imports `pkg/legacy.py`, which turns eager execution off ..."); "" when none does.
    # The module's own call is the facts' to see (`ModuleFacts.eager_off`)
    eager_off: str = ""
    root: str = field(default="", compare=False)  # the project's root folder on disk: `root`/`path` is the module's file

    def function(self, dotted: Optional[str]) -> Optional[ExternalFunction]:
        if dotted is None:
            return None
        return self.functions.get(dotted)

    def attribute(self, caller: str, chain: str) -> Optional[ExternalFunction]:
        return self.function(self.attributes.get((caller, chain)))

    @property
    def last_names(self) -> frozenset:
        """Last parts of every name and chain this link resolves: a cheap filter before a lookup."""
        names = self.__dict__.get("_last_names")
        if names is None:
            names = frozenset(key.rsplit(".", 1)[-1] for key in self.functions)
            names |= frozenset(chain.rsplit(".", 1)[-1] for _, chain in self.attributes)
            self.__dict__["_last_names"] = names
        return names

    @property
    def reaches_graph_code(self) -> bool:
        """Another module traces a function of this one, this one calls another module's
        tf.function, imports TensorFlow through a project module (`from .tf_utils import keras`) or
        names a project class that is a Keras layer or model or a tf.Module: the module is worth
        checking even if it never names TensorFlow."""
        known = self.__dict__.get("_reaches_graph_code")
        if known is None:
            known = (
                bool(self.incoming)
                or any(f.tf_function for f in self.functions.values())
                or any(alias.split(".", 1)[0] in TF_ROOTS for alias in self.aliases.values())
                or any(self.classes.values())
            )
            self.__dict__["_reaches_graph_code"] = known
        return known

    def resolve_relative(self, level: int, module: Optional[str]) -> Optional[str]:
        """The absolute module of `from <level dots><module> import ...`."""
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)]
        if module:
            base.append(module)
        return ".".join(base) or None
