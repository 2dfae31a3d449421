"""The project index: which functions of which modules run as graphs, and who calls them from where.

Each module is reduced to a `ModuleSummary` (its functions with their signatures and tf.function
use, and the calls and references its own facts could not resolve), computed by the engine's
`ModuleFacts` alone, so a summary depends only on the module's text and is cached by its hash.
`ProjectIndex.link()` then joins the summaries:

- dotted names are resolved through the project's module table, following re-exports
  (`from .model import step` in a package's `__init__`);
- calls on objects whose class is only known by inference (`trainer.train_step(i)` with
  `trainer = Trainer()` from another module) are resolved by jedi. Jedi's sys.path is the
  project's source roots and nothing else, so inference can never walk into TensorFlow, Keras or
  NumPy (seconds per lookup), and only calls naming a project method are asked about;
- tracing is propagated across modules: a function called or referenced from traced code in
  another module is traced, and so is everything it calls.

Each module then gets a `ModuleLink` (`hybridlint.links`) that the engine reads like its own facts.
The index never imports or runs project code.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
import codecs
import copy
import gc
import hashlib
import itertools
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, fields
import functools
from functools import partial
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple, Union

from .analysis import TEST_FUNCTION, TEST_PATH, analysis_for, definition_span, documented_as_called
from .effects import effects_for as _effects_for
from .engine import Context, deep_trees, gc_paused, parse_or_problem
from .facts import (
    KERAS,
    KERAS_FUNCTION_REASONS,
    KERAS_LAMBDA,
    KERAS_LOSS,
    KERAS_LOSS_WEAK,
    KERAS_MODULE_NAMES,
    KERAS_TRACED_METHODS,
    KERAS_WEAK,
    TF,
    TF_MODULE,
    UNCONVERTING_OPS,
    FunctionInfo,
    cond_mode,
    ModuleFacts,
    _CHILD_FIELDS,
    child_fields,
    class_kind_of_external,
    dotted_parts,
    eager_off_call,
    keras_can_call,
)
from .links import ALIASED_ROOTS, EXTERNAL_ROOTS, TF_ROOTS, ExternalCall, ExternalFunction, IncomingTrace, ModuleLink, Place
from .loops import _statements, module_ints, static_int_arguments
from .registry import all_rules
from .rule import Rule
from .settings import Settings
from .source import Span, SourceText

# 5: `functools.partial(f, ...)` passed to another module's function is an edge to `f`; "partial" edges
# 6: HYB004's notes name the parameters a function needs as Python values ("!param")
# 7: tf.scan/foldl/foldr references carry the accumulator and slice positions; dicts of functions
# 8: `mentions`, the private names a module reads (`env._step`, `_f.get_concrete_function`)
# 9: summaries, records and edges as lists of their fields (`_summary_row`); class members, attributes
# 10: call edges carry the int values their text gives arguments (`Edge.int_args`)
# 11: records say whether the module documents the function as API its users call (`documented`)
# 12: records say which rules' notes their description computed (`FunctionRecord.noted`)
# 13: module-level int constants (`ModuleSummary.constants`); `int_args` may name an imported constant
# 14: a `train_step`/`test_step`/`predict_step` Keras cannot call (two or more required arguments) is no hook
# 15: star imports (`ModuleSummary.star`, `public`, `names`): a name a module binds nowhere else is resolved
#     through its `from M import *` (`ProjectIndex.star_binding`)
# 16: a Keras method that makes `keras.Input(...)` is no Keras-traced seed (`FunctionRecord.builds_model`)
# 17: what only some rules read is computed only for a run that selects one (`index_reads`): call edges
#     say whether they carry `int_args` (`ModuleSummary.call_ints`), records whether their description
#     computed `effects` (`EFFECTS` in `FunctionRecord.noted`); summaries say whether their facts may
#     trace (`ModuleSummary.may_trace`), and the CLI describes no module only unread links name
# 18: `ModuleSummary.aliases` (was `tf_aliases`) also keeps NumPy, SciPy and the standard modules rules
#     name (`ALIASED_ROOTS`); a star import passes them on (`ModuleLink.aliases` of the importing module),
#     and a module whose star imports give it TensorFlow is summarised again with it (`star_given`)
# 20: `ModuleSummary.relative`: the module-level relative imports, which the index judges against the folders
#     it lists once per build (`ModuleLink.missing_imports`), so a check reads nothing from disk
# 21: `ModuleSummary.runs_models`: whether any module may run a Keras model in a trace
# 22: `FunctionRecord.mode`: what a function's result proves about the execution mode (a project's own
#     `in_tf_function()`), resolved across modules into `ModuleLink.mode_tests`
# 23: `Edge.in_loop` is false for a call made only on a cache miss (`ModuleAnalysis.lazy_guard`)
# 24: a function's own `import tensorflow as tf` resolves when its mode conditions are read; a property's
#     setter and deleter are functions of their own (`C.x.setter`); `ModuleLink` lists the overrides of a
#     base method another module traces
# 25: `ModuleSummary.flag_params` and `passed_keywords`: the parameters with a literal default, and what the
#     module's calls pass each keyword, resolved into `ModuleLink.passed_flags`
# 26: `Edge.receiver`: where the object of a method call comes from in the calling function (`ExternalCall.receiver`)
# 27: `ModuleSummary.eager_off` and `runs_imports`: a top-level call turning eager execution off, and the modules
#     the module's top level imports, for `ModuleLink.eager_off`; summaries made with the settings' multi-backend
#     Keras target (`Settings.multi_backend_keras`), which the cache key names
# 28: `ModuleSummary.built_once`: the Keras classes Keras builds once without tf.function, which the index does not
#     trace through the hierarchy; a class of the project's own `keras` package before 2.4 is multi-backend
#     Keras's; `abc.ABC` is no base that stops inheritance (`ProjectIndex.inherited`); HYB028's notes say
#     what Python state of its object a function keeps
# 29: `Edge.in_loop` is also false for a call behind a test against a module-level placeholder
#     (`if self._net == _UNINITIALIZED:`, `ModuleAnalysis._sentinel`)
INDEX_FORMAT = 29
CACHE_FILE = "index.json"
# Jedi is asked about at most this many calls per module, and spends at most this long per module
# (CPU seconds).
JEDI_CALLS_PER_MODULE = 64
JEDI_SECONDS_PER_MODULE = 2.0
MAX_LINK_ROUNDS = 4  # rounds of jedi and tracing in `ProjectIndex.link`
# Method names jedi is never asked about: those of Python's containers and strings, and of TensorFlow's
# tensors, variables, tensor arrays, shapes and tapes. A project class may define one too (`update`),
# but `obj.update(...)` in traced code is almost always a dict's or a metric's, and each question costs
# jedi tens of milliseconds.
_GENERIC_METHODS = frozenset(
    name
    for kind in (list, dict, set, str, tuple, bytes)
    for name in dir(kind)
) | frozenset(
    (
        "assign assign_add assign_sub read write stack unstack gather scatter concat split size close "
        "set_shape get_shape as_list numpy eval value read_value sparse_read is_fully_defined merge_with "
        "with_rank gradient jacobian batch_jacobian watch reset reset_state reset_states result "
        "update_state apply_gradients minimize"
    ).split()
)


@dataclass
class FunctionRecord:
    qualname: str
    span: Tuple[int, int, int, int]  # the name in `def name(...)`
    signature: str
    static: bool = False
    tf_function: bool = False
    tf_keywords: Dict[str, str] = field(default_factory=dict)
    traced: Optional[str] = None
    notes: Dict[str, object] = field(default_factory=dict)  # rule code → `Rule.summarize_function`'s note
    returns_tensor: bool = False
    effects: List[List[str]] = field(default_factory=list)  # [kind, root, name, root_name, method]
    # `returns_tensor`, `effects` and `notes` are filled only for functions other modules call
    # (`ProjectIndex.describe_targets`): they cost more than the rest of the summary.
    described: bool = False
    # the module documents it as API its users call (`analysis.documented_as_called`): an eager way in
    documented: bool = False
    # the codes of the rules whose notes the description computed (a run that selects fewer rules
    # computes fewer: a rule's note is for the rule itself, see `Rule.summarize_function`)
    noted: List[str] = field(default_factory=list)
    # a Keras method that makes `keras.Input(...)`: a Functional-model builder Keras never traces
    builds_model: bool = False
    # what its result proves about the execution mode (`facts.function_condition`): [when true, when
    # false], each a list of alternatives, each a list of atoms ("eager", "graph", "+dotted"/"-dotted" for
    # another module's mode test); None when it proves nothing by itself or through another module
    mode: Optional[List[List[List[str]]]] = None


@dataclass
class Edge:
    """A call or reference from this module that may reach a function of another module (or, for
    `local`/`nested`, a resolved one inside the module, which cross-module tracing follows)."""

    # call | reference | partial (`functools.partial(f, ...)` made) | wrapped | dataset | vectorized | attr | local |
    # nested | dict (`FUNCS[name](...)`: the target names the dict) | keras-lambda | keras-loss | keras-loss-weak
    # (a Keras `Lambda` layer's function, a loss or metric given to `compile`)
    kind: str
    caller: str  # qualname of the enclosing def ("" at module level)
    target: str  # dotted name; the qualname here for local/nested; the chain for attr
    span: Tuple[int, int, int, int]
    eager: bool = False
    in_loop: bool = False  # made inside a loop of its function (retracing rules care)
    tensor_args: List[str] = field(default_factory=list)  # arguments known to be tensors, from traced code
    # a reference handed to an op that calls it without AutoGraph conversion: the op as written (`tf.scan`)
    through: str = ""
    # for `self.m(...)` (attr) in a method of a module-level class, `self` its first parameter, never
    # rebound: the class, whose hierarchy may answer without jedi (`ProjectIndex._self_method`)
    self_class: str = ""
    # each argument, position or keyword, with the int its text gives (`loops.static_value`), the dotted
    # name of an imported constant (resolved when linking), or None; {"*": None} when `*args`/`**kwargs`
    # hide the binding
    int_args: Dict[str, Optional[Union[int, str]]] = field(default_factory=dict)
    # the conditions of the branches around the call that another module's mode test decides
    # (`facts.branch_conds`, as `FunctionRecord.mode` writes them): the call runs only eagerly when one of
    # them proves it (`ProjectIndex._eager_edge`)
    eager_when: List[List[List[str]]] = field(default_factory=list)
    # for `obj.m(...)` (call, attr) in a function: where `obj` comes from there (`EffectAnalysis.receiver_origin`:
    # "new", "kept", "self" or "given"); "" when not asked
    receiver: str = ""


@dataclass
class ModuleSummary:
    path: str
    module: str
    package: str
    digest: str
    functions: Dict[str, FunctionRecord] = field(default_factory=dict)
    exports: Dict[str, str] = field(default_factory=dict)  # module-level import binding → dotted name
    wrapped: Dict[str, List[object]] = field(default_factory=dict)  # `g = tf.function(f)`: g → [f's qualname, keywords]
    edges: List[Edge] = field(default_factory=list)
    # module-level classes: qualname → [bases, runs eagerly]; a base is a dotted name, or "?Name" when
    # nothing resolves it (only its last name is known)
    classes: Dict[str, List[object]] = field(default_factory=dict)
    # module-level name → the outside name it is bound to, of the packages rules know by name
    # (`ALIASED_ROOTS`: TensorFlow/Keras, NumPy, `time`, `random`...)
    aliases: Dict[str, str] = field(default_factory=dict)
    # module-level dicts of functions (`ACTIVATIONS = {"relu": relu}`): name → dotted names of the functions
    function_dicts: Dict[str, List[str]] = field(default_factory=dict)

    # caller qualname ("" at module level) → the private names it reads as an attribute of anything
    # but `self`/`cls` (`env._step`, `ops._f.get_concrete_function`) or as a name imported from the
    # project: uses of another module's function that no resolved call may show (an object from a
    # pytest fixture, a tf.function's `get_concrete_function`); of a test module, only the reads that
    # need the tf.function object
    mentions: Dict[str, List[str]] = field(default_factory=dict)
    # module-level classes: qualname → [plain defs in the body, other names the body binds (a property,
    # a def bound twice or under `if`, an assignment...)]
    members: Dict[str, List[List[str]]] = field(default_factory=dict)
    attributes: List[str] = field(default_factory=list)  # attribute names the module assigns (`obj.name = ...`)
    # attribute names read on `self`/`cls` that the module never assigns: what its classes may inherit
    # from a base in another module (`ProjectIndex.inherited`)
    self_reads: List[str] = field(default_factory=list)
    constants: Dict[str, int] = field(default_factory=dict)  # module-level names bound once, to an int literal
    star: List[str] = field(default_factory=list)  # the modules of its module-level `from M import *`, in order
    # what `from <this module> import *` binds when the module defines `__all__` as a literal list or
    # tuple of strings; None without one (every public name), and with one it computes ("__all__" in names)
    public: Optional[List[str]] = None
    names: List[str] = field(default_factory=list)  # every name the module binds at module level
    # the call edges carry `int_args` (computed only for a run with a rule that reads them: `CALL_INTS`)
    call_ints: bool = True
    # its facts found traced code, or it imports a name Keras goes by (`from x import keras`): False
    # lets a check skip its facts where no rule left can report (`engine.check_tree`'s `untraced`)
    may_trace: bool = True
    # the TensorFlow names its star imports gave it when it was summarised (`tf` → `tensorflow`),
    # known only once the other summaries are in (`ProjectIndex._summarize_star_modules`)
    star_given: Dict[str, str] = field(default_factory=dict)
    runs_models: bool = False  # it may run a Keras model in a trace (`ModuleFacts.runs_models`)
    # [level, module] of each module-level relative import (`relative_imports`): what the index asks of
    # the folders on disk when it links the module (`ModuleLink.missing_imports`)
    relative: List[List[object]] = field(default_factory=list)
    # the parameters of its functions that have a literal default (`def call(self, x, logging=False)`)
    flag_params: List[str] = field(default_factory=list)
    # keyword name → what its calls pass it (`facts.PASSED_TRUE` | `facts.PASSED_FALSE`: `ModuleFacts.passed_keywords`)
    passed_keywords: Dict[str, int] = field(default_factory=dict)
    # [line, text] of a call turning eager execution off that runs whenever the module is imported
    # (`facts.eager_off_call`); [] when there is none
    eager_off: List[object] = field(default_factory=list)
    # the dotted names the module's top level imports unconditionally (`runs_imports`), outside the packages
    # rules know by name: the project modules among them run whenever this module is imported
    runs_imports: List[str] = field(default_factory=list)
    # module-level Keras classes that Keras builds once in a graph, without tf.function (multi-backend Keras,
    # eager execution off at import: `ModuleFacts.keras_built_once`): the index traces neither their `call`
    # family nor, through the hierarchy, that of their subclasses in other modules (`ProjectIndex.built_once`)
    built_once: List[str] = field(default_factory=list)


# A folder's entries, as the dead-module test reads them: every name in it, and the names of its folders.
Listing = Optional[Tuple[FrozenSet[str], FrozenSet[str]]]


def list_folder(directory: str) -> Listing:
    """The names in `directory` and those of its folders (symbolic links followed, as `os.path.isdir`
    does); None when it cannot be read."""
    names: List[str] = []
    folders: List[str] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                names.append(entry.name)
                try:
                    if entry.is_dir():
                        folders.append(entry.name)
                except OSError:
                    pass
    except OSError:
        return None
    return frozenset(names), frozenset(folders)


def relative_imports(tree: ast.Module) -> List[Tuple[int, str]]:
    """(level, module) of each module-level `from .x import y` (not under `try`, `if` or a def), in order:
    what runs when the module is imported."""
    return [
        (stmt.level, stmt.module)
        for stmt in tree.body
        if isinstance(stmt, ast.ImportFrom) and stmt.level and stmt.module
    ]


def runs_imports(tree: ast.Module, package: str) -> List[str]:
    """The dotted names the module's top level imports (not under `if`, `with`, a loop or a def; also in the
    body of a top-level `try`), relative ones made absolute from `package`, in order: for `from m import x`
    both `m` and `m.x` (which may be a submodule). Those that are modules of the project run whenever this
    module is imported."""
    found: List[str] = []
    stack: List[ast.stmt] = list(reversed(tree.body))
    while stack:
        stmt = stack.pop()
        kind = type(stmt)
        if kind is ast.Import:
            found.extend(alias.name for alias in stmt.names)  # type: ignore[attr-defined]
        elif kind is ast.ImportFrom:
            level, module = stmt.level, stmt.module  # type: ignore[attr-defined]
            if level:
                parts = package.split(".") if package else []
                if level - 1 > len(parts):
                    continue
                base = parts[: len(parts) - (level - 1)]
                module = ".".join(base + ([module] if module else []))
            if not module:
                continue
            found.append(module)
            found.extend(f"{module}.{alias.name}" for alias in stmt.names if alias.name != "*")  # type: ignore[attr-defined]
        elif kind is ast.Try or kind.__name__ == "TryStar":
            stack.extend(reversed(stmt.body))  # type: ignore[attr-defined]
    return [name for name in dict.fromkeys(found) if not _is_external_root(name)]


def missing_module(folder: str, level: int, module: str, entries: Callable[[str], Listing]) -> Optional[bool]:
    """Whether `from <level dots><module> import ...` in a module of `folder` names a module that is
    neither a file nor a folder where the import looks for it: True when missing, False when there,
    None when a folder on the way cannot be listed (nothing to judge by). `entries` lists a folder
    (`list_folder`, or what the project index listed when it was built). Any file of that name
    counts (`x.py`, a compiled `x.*.so`, a stub, a `x.py.skipped` marker), and a folder is a package
    or a namespace package."""
    base = folder
    for _ in range(level - 1):
        base = os.path.dirname(base)
    parts = module.split(".")
    for i, part in enumerate(parts):
        listing = entries(base)
        if listing is None:
            return None
        names, folders = listing
        if part in folders:
            base = os.path.join(base, part)
            continue
        if i == len(parts) - 1 and any(name.split(".", 1)[0] == part for name in names if "." in name):
            return False  # `x.py`, `x.cpython-311-x86_64-linux-gnu.so`, `x.pyi`
        return True
    return False


def missing_relative_import(tree: ast.Module, path: str) -> Optional[ast.ImportFrom]:
    """The first module-level `from .x import y` (not under `try`, `if` or a def) whose module `x` is
    neither a file nor a folder where the import looks for it, beside the module on disk: importing the
    module raises ModuleNotFoundError, so none of its code runs as it stands (dead code, or a module left
    behind when its siblings moved). None when every such module is there, or the module is not on disk.
    Any file of that name counts (`x.py`, a compiled `x.*.so`, a stub), and a folder is a package or a
    namespace package. Reads the folders from disk: a check asks the project index instead, which
    listed them when it was built (`ModuleLink.missing_imports`)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isfile(os.path.abspath(path)):
        return None
    listings: Dict[str, Listing] = {}

    def entries(directory: str) -> Listing:
        if directory not in listings:
            listings[directory] = list_folder(directory)
        return listings[directory]

    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.level and stmt.module:
            if missing_module(folder, stmt.level, stmt.module, entries):
                return stmt
    return None


def digest_of(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def relative_text(absolute: str, root: str) -> str:
    """`os.path.relpath(absolute, root)` for two absolute paths (`os.path.abspath`'s), without its
    splitting and joining where `absolute` lies under `root` as written (called for every file of
    a large project before its first summary)."""
    prefix = root if root.endswith(os.sep) else root + os.sep
    if absolute.startswith(prefix) and len(absolute) > len(prefix):
        return absolute[len(prefix) :]  # normalised already, as `relpath`'s result
    return os.path.relpath(absolute, root)


@functools.lru_cache(maxsize=4096)
def _folder_path(folder: str) -> Path:
    return Path(folder)


def module_name(
    path: Path, stop: Optional[Path] = None, packages: Optional[Dict[str, bool]] = None
) -> Tuple[str, Path]:
    """The dotted name Python would import `path` by, and the folder that must be on sys.path for
    it: the first folder above the file without an `__init__.py` (not above `stop`'s parent).
    `packages` remembers which folders (absolute paths) are packages, across the files of one build."""
    # on the text of absolute paths (normalised by `abspath`): `Path` objects cost a third of the
    # main process's time before the first summary of a large project
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    parts = [] if name == "__init__.py" else [os.path.splitext(name)[0]]  # `Path(name).stem`
    normcase = os.path.normcase  # `Path`'s equality: case-blind on Windows
    limit = normcase(os.path.dirname(os.path.abspath(stop))) if stop is not None else None
    known = packages if packages is not None else {}
    dirname, basename, is_file, join = os.path.dirname, os.path.basename, os.path.isfile, os.path.join
    while normcase(folder) != limit:
        parent = dirname(folder)
        if parent == folder:
            break
        is_package = known.get(folder)
        if is_package is None:
            is_package = known[folder] = is_file(join(folder, "__init__.py"))
        if not is_package:
            break
        parts.insert(0, basename(folder))
        folder = parent
    return ".".join(parts), _folder_path(folder)


def _parsed_arguments(signature: str) -> ast.arguments:
    """The parameters `_signature` wrote (`def f(self, x=...): ...` parses as it is)."""
    return ast.parse(signature).body[0].args  # type: ignore[attr-defined]


def _signature(node: ast.AST) -> Tuple[str, bool]:
    args = node.args  # type: ignore[attr-defined]
    positional = args.posonlyargs + args.args
    first_default = len(positional) - len(args.defaults)
    out: List[str] = []
    for index, arg in enumerate(positional):
        out.append(arg.arg + ("=..." if index >= first_default else ""))
        if args.posonlyargs and index == len(args.posonlyargs) - 1:
            out.append("/")
    if args.vararg is not None:
        out.append("*" + args.vararg.arg)
    elif args.kwonlyargs:
        out.append("*")
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        out.append(arg.arg + ("=..." if default is not None else ""))
    if args.kwarg is not None:
        out.append("**" + args.kwarg.arg)
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)  # type: ignore[attr-defined]
    return f"def {node.name}({', '.join(out)}): ...", static  # type: ignore[attr-defined]


def _keywords_text(use, source: SourceText) -> Dict[str, str]:
    keywords = {k: source.segment(v) for k, v in use.keywords.items() if k != "func"}
    if isinstance(use.node, ast.Call) and any(k.arg is None for k in use.node.keywords):
        keywords.setdefault("input_signature", "...")  # `**options` may hold one: callers must not assume otherwise
    return keywords


def _is_external_root(dotted: str) -> bool:
    return dotted.split(".", 1)[0] in EXTERNAL_ROOTS


def _named_owner(info: Optional[FunctionInfo]) -> str:
    """The qualname edges are recorded under: lambdas count as the def around them."""
    while info is not None and isinstance(info.node, ast.Lambda):
        info = info.parent
    return info.qualname if info is not None else ""


def summarize(
    text: str,
    path: str,
    module: str,
    package: str,
    settings: Optional[Settings] = None,
    ints: bool = True,
    star_given: Optional[Dict[str, str]] = None,
) -> ModuleSummary:
    """One module's summary. Never raises on bad input: a module that does not parse has no entries.
    `ints`: the call edges' `int_args` are computed (`CALL_INTS`). `star_given`: what its star imports
    bind to TensorFlow names (`ModuleSummary.star_given`)."""
    # The collector is paused from the parse until the tree and facts are dropped (freed by their
    # reference counts then): a collection while they live walks them all, once per generation.
    with gc_paused():
        return _summarize(text, path, module, package, settings, ints=ints, star_given=star_given)


def _summarize(
    text: str,
    path: str,
    module: str,
    package: str,
    settings: Optional[Settings],
    parsed: Optional[list] = None,
    ints: bool = True,
    star_given: Optional[Dict[str, str]] = None,
) -> ModuleSummary:
    """`parsed`, when given, receives the module's tree (`hybridlint.workers` keeps it for the check),
    whether it may trace (`ModuleSummary.may_trace`), and its facts when a description of the module
    may use them (`_describable`), else None."""
    settings = settings or Settings()
    summary = ModuleSummary(path, module, package, digest_of(text))
    summary.call_ints = ints
    if star_given:
        summary.star_given = dict(star_given)
    source = SourceText(text)
    tree, _problem = parse_or_problem(source)
    if tree is None:
        return summary
    if parsed is not None:
        parsed.append(tree)
    try:
        with gc_paused(), deep_trees():
            _fill(summary, source, tree, settings, parsed)
    except RecursionError:
        empty = ModuleSummary(path, module, package, summary.digest)
        empty.call_ints = ints
        return empty
    return summary


# What of the index only some rules read (`Rule.reads_index`): other modules' functions' side effects
# (`FunctionRecord.effects`, about a tenth of a description) and the ints their callers pass
# (`Edge.int_args`, about a tenth of a summary). A run that selects no rule reading one leaves it empty.
EFFECTS = "effects"
CALL_INTS = "int_args"


def index_reads(codes: Optional[Iterable[str]], what: str) -> bool:
    """Whether a rule among those whose codes are given (None: every rule) reads `what` of the index."""
    wanted = None if codes is None else set(codes)
    return any(what in r.reads_index for r in all_rules() if wanted is None or r.code in wanted)


def _noted_codes(codes: Optional[Iterable[str]]) -> List[str]:
    """What a description for the rules whose codes are given computes beyond the returned tensor:
    the noting rules' codes, and `EFFECTS` when one of the rules reads them (`FunctionRecord.noted`)."""
    noted = sorted(r.code for r in noting_rules(codes))
    return noted + [EFFECTS] if index_reads(codes, EFFECTS) else noted


def noting_rules(codes: Optional[Iterable[str]] = None) -> List[type]:
    """The rules that note something of a function for other modules (`Rule.summarize_function`),
    of those whose codes are given (None: of every rule)."""
    wanted = None if codes is None else set(codes)
    return [
        r
        for r in all_rules()
        if r.summarize_function.__func__ is not Rule.summarize_function.__func__ and (wanted is None or r.code in wanted)
    ]


def describe_functions(
    summary: ModuleSummary,
    text: str,
    qualnames: Iterable[str],
    settings: Settings,
    tree: Optional[ast.Module] = None,
    codes: Optional[Iterable[str]] = None,
    facts: Optional[ModuleFacts] = None,
) -> None:
    """Fill in what callers in other modules need to know of these functions of the module: whether
    each returns a tensor, its Python side effects, and the rules' notes (`Rule.summarize_function`;
    of the rules whose `codes` are given, None: every rule), each as the module's own analyses see
    them. `text` must be the summarised text; `tree`, when given, its parse (a worker kept it from
    the summary), and `facts` the facts its summary built of that tree, when `_describable` (used
    instead of building them again)."""
    with gc_paused():  # as in `summarize`
        _describe_functions(summary, text, qualnames, settings, tree, codes, facts)


def _describe_functions(
    summary: ModuleSummary,
    text: str,
    qualnames: Iterable[str],
    settings: Settings,
    tree: Optional[ast.Module],
    codes: Optional[Iterable[str]],
    facts: Optional[ModuleFacts] = None,
) -> None:
    from .effects import GLOBAL, OUTPUT, PARAMETER, SELF, effects_for
    from .tensors import tensors_for

    # In the order of definition, whatever order the names come in: the tensor analysis answers
    # a deep call chain by where it is first asked from, so the order must not hang on a set's
    # (hash-seeded) order or on which process describes the module.
    asked = set(qualnames)
    wanted = [record for qual, record in summary.functions.items() if qual in asked]
    noting = noting_rules(codes)
    noted = _noted_codes(codes)
    with_effects = EFFECTS in noted  # no rule of the run reads them: not computed
    for record in wanted:
        record.described = True
        record.noted = list(noted)
    source = SourceText(text)
    if tree is None:
        tree, _problem = parse_or_problem(source)
    if tree is None or digest_of(text) != summary.digest:
        return
    link = ModuleLink(summary.path, summary.module, summary.package)
    with gc_paused(), deep_trees():
        multi_backend = settings.multi_backend_keras()
        same = (
            facts is not None
            and facts.tree is tree
            and facts.link == link
            and facts.alias_modules == tuple(settings.alias_modules)
            and facts.multi_backend_keras == multi_backend
        )
        if not (same and facts.back_to_built()):  # else what the summary (or a description) asked is asked again
            facts = ModuleFacts(tree, settings.alias_modules, link=link, text=text, multi_backend_keras=multi_backend)
        ctx = Context(source, tree, facts, summary.path, settings)
        infos = {info.qualname: info for info in facts.functions}
        for record in wanted:
            info = infos.get(record.qualname)
            if info is None:
                continue
            try:
                returned = tensors_for(facts).returns(info)
                # Only strong evidence of one tensor crosses modules: callers build findings on it.
                record.returns_tensor = returned.plain_tensor and not returned.weak
                for effect in effects_for(facts).transitive(info) if with_effects else ():
                    key = [effect.kind, effect.root, effect.name, effect.root_name, effect.method]
                    if not effect.eager and effect.root in (GLOBAL, SELF, PARAMETER, OUTPUT) and key not in record.effects:
                        record.effects.append(key)
                for rule in noting:
                    note = rule.summarize_function(ctx, info)
                    if note is not None:
                        record.notes[rule.code] = note
            except RecursionError:
                raise
            except Exception:  # an analysis limit on odd code: the summary says less, never more
                record.returns_tensor, record.effects, record.notes = False, [], {}


def _describe_task(
    summary: ModuleSummary,
    text: str,
    qualnames: List[str],
    settings: Settings,
    codes: Optional[List[str]] = None,
    tree: Optional[ast.Module] = None,
    facts: Optional[ModuleFacts] = None,
) -> Dict[str, tuple]:
    """`describe_functions` in a worker process: what it filled in, by qualname."""
    describe_functions(summary, text, qualnames, settings, tree, codes, facts)
    asked = set(qualnames)
    return {q: (r.returns_tensor, r.effects, r.notes) for q, r in summary.functions.items() if q in asked}


def _strong_tensor(value) -> bool:
    """One tensor on strong evidence: a structure that may hold tensors (a dict of specs) is not one."""
    return value.plain_tensor and not value.weak


def _tensor_arguments(call: ast.Call, scope: FunctionInfo, facts: ModuleFacts) -> List[str]:
    """The arguments of a call made in traced code that this module's tensor analysis says are
    tensors: their positions and keywords, for the callee's module to know its parameters."""
    from .tensors import tensors_for

    tensors = tensors_for(facts)
    found: List[str] = []
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            break
        if _strong_tensor(tensors.infer(arg, scope)):
            found.append(str(index))
    found.extend(k.arg for k in call.keywords if k.arg is not None and _strong_tensor(tensors.infer(k.value, scope)))
    return found


def _is_partial(expr: ast.AST, facts: ModuleFacts, scope: Optional[FunctionInfo]) -> bool:
    return type(expr) is ast.Call and bool(expr.args) and facts.qualname(expr.func, scope) == "functools.partial"  # type: ignore[attr-defined]


def _mapped_arguments(call: ast.Call, given: ast.expr, scope: FunctionInfo, facts: ModuleFacts) -> List[str]:
    """The positions at which `tf.map_fn(f, elems)` (or `tf.vectorized_map`) made in traced code passes
    `f` a slice of `elems` (after the positional arguments a `functools.partial` binds): "0" when
    `elems` is one tensor on strong evidence, "0*" (a tensor or a structure of them) otherwise.
    `tf.scan`/`tf.foldl`/`tf.foldr` pass two, the accumulator and a slice: "0*" and "1*" (or "1")."""
    from .tensors import MAPPING_OPS, NESTED_MARK, tensors_for

    arity = MAPPING_OPS.get(facts.qualname(call.func, scope) or "")
    if arity is None:
        return []
    keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
    fn = call.args[0] if call.args else keywords.get("fn")
    elems = call.args[1] if len(call.args) > 1 else keywords.get("elems")
    if fn is not given or elems is None:
        return []
    skip = 0
    if isinstance(given, ast.Call):
        if any(isinstance(a, ast.Starred) for a in given.args) or any(k.arg is None for k in given.keywords):
            return []
        skip = len(given.args) - 1
    value = tensors_for(facts).infer(elems, scope)
    element = str(skip + arity - 1)
    # the accumulator is the initializer or the first element, converted to tensors: a structure of them
    accumulator = [str(skip) + NESTED_MARK] if arity == 2 else []
    return accumulator + [element if value.plain_tensor and _strong_tensor(value) else element + NESTED_MARK]


def _defaulted(args: ast.arguments) -> List[Tuple[ast.arg, ast.expr]]:
    """Each parameter that has a default, with it."""
    positional = args.posonlyargs + args.args
    found = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    found.extend((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None)
    return found


def _imports_keras_by_name(tree: ast.Module, text: str) -> bool:
    """`from x import keras` (or `tf_keras`) anywhere: the check's facts bind such a name to Keras
    when the index does not say it is something else, a summary's facts keep it for the index."""
    if "keras" not in text:
        return False
    # an import is a statement: the statements alone, not every expression node
    return any(
        type(node) is ast.ImportFrom and any(alias.name in KERAS_MODULE_NAMES for alias in node.names)
        for node in _statements(tree)
    )


def _fill(summary: ModuleSummary, source: SourceText, tree: ast.Module, settings: Settings, parsed: Optional[list] = None) -> None:
    link = ModuleLink(summary.path, summary.module, summary.package)
    if summary.star_given and summary.module:
        link.aliases = {f"{summary.module}.{name}": alias for name, alias in summary.star_given.items()}
    facts = ModuleFacts(
        tree, settings.alias_modules, link=link, collect_external=True, text=source.text, multi_backend_keras=settings.multi_backend_keras()
    )
    reusable = parsed is not None and facts.keep_built_state()  # for a description in this worker
    summary.may_trace = facts.has_traced_code or _imports_keras_by_name(tree, source.text)
    summary.runs_models = facts.runs_models
    if parsed is not None:
        parsed.append(summary.may_trace)
    # Calls in a branch only NumPy input takes run only eagerly, as the module's own check sees them;
    # asked only of the modules that can have such a branch (`tf.is_tensor(x)` or an `isinstance` test).
    if "is_tensor" in source.text or "isinstance" in source.text:
        from .tensors import settle_input_only_calls

        settle_input_only_calls(facts)

    def span(node: ast.AST) -> Tuple[int, int, int, int]:
        return tuple(source.span_of(node))  # type: ignore[return-value]

    for info in facts.functions:
        if isinstance(info.node, ast.Lambda) or info.dead:
            continue
        signature, static = _signature(info.node)
        record = FunctionRecord(info.qualname, tuple(definition_span(info, source)), signature, static)  # type: ignore[arg-type]
        if info.decorator is not None:
            record.tf_function = True
            record.tf_keywords = _keywords_text(info.decorator, source)
        if info.graph is not None and not info.graph.is_weak:  # weak contexts do not spread to other modules
            record.traced = info.graph.reason
        record.documented = documented_as_called(facts, info)
        if info.cls is not None and info.name in KERAS_TRACED_METHODS:
            record.builds_model = facts.builds_functional_model(info)
        if info.parent is None and (info.cls is None or info.cls.parent_function is None):
            conds = facts.def_conditions(info.node, info.cls.node if info.cls is not None else None)
            if conds is not None and any(alternative for cond in conds for alternative in cond):
                record.mode = [[sorted(alternative) for alternative in cond] for cond in conds]
        summary.functions[info.qualname] = record
        if info.parent is not None and facts.runs_where_defined(info):
            summary.edges.append(Edge("nested", _named_owner(info.parent), info.qualname, span(info.node)))
        for site in info.calls:
            target = site.target
            if target.external is None and not isinstance(target.node, ast.Lambda) and not target.py_function_target:
                edge = Edge("local", _named_owner(info), site.target.qualname, span(site.node), site.eager)
                if not site.eager and id(site.node) in facts.branch_conds:
                    edge.eager_when = _written_conds(facts.branch_conds[id(site.node)])
                summary.edges.append(edge)
    for name, use in facts.module_wrapped.items():
        if use.target is not None:
            keywords = _keywords_text(use, source)
            summary.wrapped[name] = [use.target.qualname, keywords]
    for name, dotted in facts.imports.items():
        if dotted is not None and not _is_external_root(dotted):
            summary.exports[name] = dotted
        elif dotted is not None and dotted.split(".", 1)[0] in ALIASED_ROOTS:
            summary.aliases[name] = dotted
    # `keras = tf.keras`, `layers = keras.layers` at module level (also under `try:`/`if`): aliases too
    stack: List[ast.stmt] = list(tree.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.Try, ast.If)):
            stack.extend(stmt.body + stmt.orelse + [s for h in getattr(stmt, "handlers", ()) for s in h.body])
        elif (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, (ast.Name, ast.Attribute))
        ):
            dotted = facts.qualname(stmt.value, None)
            if dotted is not None and (dotted == TF or dotted.startswith("tensorflow.")):
                summary.aliases.setdefault(stmt.targets[0].id, dotted)
    for (scope_key, name), found in facts._function_dicts.items():
        if scope_key != 0 or not summary.module:
            continue
        members: List[str] = []
        for value in found.values:
            if value is None:
                continue
            info, _ = facts.resolve_callable(value, None)
            if info is not None and info.external is None and not isinstance(info.node, ast.Lambda):
                members.append(f"{summary.module}.{info.qualname}")
            elif info is None:
                dotted = facts.qualname(value, None)
                if dotted is not None and not _is_external_root(dotted):
                    members.append(dotted)  # a function imported from another project module
        if members:
            summary.function_dicts[name] = members

    imported = {
        name: dotted.rsplit(".", 1)[-1]
        for name, dotted in summary.exports.items()
        if _private(dotted.rsplit(".", 1)[-1])
    }
    if imported or _may_read_private(source.text):
        test = bool(TEST_PATH.search(summary.path.replace("\\", "/")))
        summary.mentions = _private_mentions(tree, facts, imported, test, _private_lines(source, test) if not imported else None)
    for name, cls in facts.module_classes.items():
        bases: List[str] = []
        for base in cls.node.bases:
            if isinstance(base, ast.Name) and base.id in facts.module_classes and facts.imports.get(base.id) is None:
                bases.append(f"{summary.module}.{base.id}")
                continue
            dotted = facts.qualname(base, None)
            if dotted is not None:
                bases.append(dotted)
            elif isinstance(base, (ast.Name, ast.Attribute)):
                bases.append("?" + (base.id if isinstance(base, ast.Name) else base.attr))
        summary.classes[name] = [bases, cls.runs_eagerly]
        if cls.is_keras and facts.keras_built_once(cls):
            summary.built_once.append(name)
        summary.members[name] = _class_members(cls.node)
    summary.attributes = sorted(facts.stored_attributes or ())
    summary.self_reads = sorted((facts.self_reads or set()) - set(summary.attributes))
    summary.constants = dict(module_ints(facts))
    summary.star = list(facts.star_modules)
    summary.relative = [[level, module] for level, module in relative_imports(tree)]
    off = eager_off_call(facts)
    if off is not None:
        summary.eager_off = [off.lineno, ast.unparse(off)]
    summary.runs_imports = runs_imports(tree, summary.package)
    summary.flag_params = sorted(
        {
            arg.arg
            for info in facts.functions
            for arg, default in _defaulted(info.node.args)
            if isinstance(default, ast.Constant)
        }
    )
    summary.passed_keywords = dict(facts.passed_keywords)
    summary.names = sorted(set(facts.imports) | facts._module_names)
    summary.public = _public_names(tree) if "__all__" in summary.names else None
    self_classes: Dict[int, Tuple[str, str]] = {}
    if facts.external_calls and "nonlocal" not in source.text:
        # the method calls' receivers (`receiver_origin`) ask each calling function's `nonlocal` names:
        # a text without the word has none, and no function's statements need a look
        analysis_for(facts).nonlocal_free = True
    if facts.external_calls:
        # and the bindings of their names (`assignments`): the text tells which expressions may hold one
        analysis_for(facts).binder_source = source
    # `functools.partial` is named in the text wherever a call resolves to it (through an import, an
    # alias or an attribute): a text without the word makes no such call, and its calls are not asked
    partials = "partial" in source.text
    for kind, raw, expr in facts.external_calls or ():
        if not raw.eager and id(raw.node) in facts.input_only_calls:
            raw.eager = True
        caller = _named_owner(raw.scope)
        given = expr
        if partials and _is_partial(expr, facts, raw.scope):
            expr = expr.args[0]  # type: ignore[attr-defined]  # `functools.partial(f, ...)` is passed: `f` is called
        if kind == "reference" and partials and _is_partial(raw.node, facts, raw.scope) and raw.node.args[0] is expr:
            kind = "partial"  # `functools.partial(f, ...)` itself: it makes the callable, calls nothing
        dotted = facts.qualname(expr, raw.scope)
        if dotted is None and isinstance(expr, ast.Attribute):
            # `trainer.fit(...)` with `trainer = Trainer(...)` (or `trainer: Trainer`), `Trainer` imported
            owner = facts.type_of(expr.value, raw.scope, raw.cls)
            if isinstance(owner, str):
                dotted = owner + "." + expr.attr
        # the object a method is called on, made in the calling function or not (`EffectAnalysis.method_receivers`)
        receiver = ""
        ask_receiver = kind == "call" and expr is raw.node.func and isinstance(expr, ast.Attribute) and raw.scope is not None
        if dotted is not None:
            if dotted != TF and not _is_external_root(dotted):
                if ask_receiver:
                    receiver = _effects_for(facts).receiver_origin(expr.value, raw.scope)  # type: ignore[attr-defined,arg-type]
                edge = Edge(kind, caller, dotted, span(raw.node), raw.eager, _in_loop(raw, facts), receiver=receiver)
                if not raw.eager and id(raw.node) in facts.branch_conds:
                    edge.eager_when = _written_conds(facts.branch_conds[id(raw.node)])
                if kind == "call" and summary.call_ints:
                    edge.int_args = static_int_arguments(raw.node, raw.scope, facts)
                if kind == "call" and raw.scope is not None and raw.scope.graph is not None:
                    edge.tensor_args = _tensor_arguments(raw.node, raw.scope, facts)
                elif kind == "reference" and raw.scope is not None and raw.scope.graph is not None:
                    edge.tensor_args = _mapped_arguments(raw.node, given, raw.scope, facts)
                    if facts.qualname(raw.node.func, raw.scope) in UNCONVERTING_OPS:
                        edge.through = ".".join(dotted_parts(raw.node.func) or ())
                summary.edges.append(edge)
        elif kind == "call" and isinstance(expr, ast.Attribute):
            parts = dotted_parts(expr)
            if parts is not None and parts[0] not in facts.imports:
                end = source.span_of(expr)
                attr_span = (end.end_line, end.end_col - len(expr.attr), end.end_line, end.end_col)
                if ask_receiver:
                    receiver = _effects_for(facts).receiver_origin(expr.value, raw.scope)  # type: ignore[arg-type]
                edge = Edge("attr", caller, ".".join(parts), attr_span, raw.eager, _in_loop(raw, facts), receiver=receiver)
                if not raw.eager and id(raw.node) in facts.branch_conds:
                    edge.eager_when = _written_conds(facts.branch_conds[id(raw.node)])
                edge.self_class = _self_class(parts, raw.scope, facts, self_classes)
                summary.edges.append(edge)
    if parsed is not None:
        parsed.append(facts if reusable and _describable(facts, summary, source.text) else None)


def _in_loop(raw, facts: ModuleFacts) -> bool:
    """`Edge.in_loop` of an edge of this call: it is in a loop of its function, and not made only on a cache
    miss (`if key not in self.cache: self.cache[key] = [make(b) for b in data]`), which runs once per key
    however often its loop repeats. Asked only of the calls an edge is made of."""
    return bool(raw.loops) and analysis_for(facts).lazy_guard(raw.node, raw.scope) is None


def _describable(facts: ModuleFacts, summary: ModuleSummary, text: str) -> bool:
    """Whether a description of the module (`_describe_functions`) may use these facts, which its summary
    built, instead of building its own: they are the facts it would build (the module's own, with no link
    beyond its name) once back to the state building them left. The summary's facts differ where its link
    binds the names of star imports (`ModuleSummary.star_given`), where an import of a name Keras goes by
    is kept for the index (`collect_external`: `_imports_keras_by_name`), and where a branch only NumPy
    input takes left calls eager (`settle_input_only_calls`, which no description makes). What else the
    summary asked of them is either a cache of what the tree alone gives or a kept analysis, which
    `ModuleFacts.back_to_built` returns to the state building them left."""
    return (
        facts.link == ModuleLink(summary.path, summary.module, summary.package)
        and not facts.input_only_calls
        and not _imports_keras_by_name(facts.tree, text)
    )


def _written_conds(conds) -> List[List[List[str]]]:
    return [[sorted(alternative) for alternative in cond] for cond in conds]


def _public_names(tree: ast.Module) -> Optional[List[str]]:
    """The module's `__all__` when every binding of it at module level is a literal list or tuple of
    strings (`__all__ += [...]` adds); None when one is computed."""
    names: List[str] = []
    for stmt in _module_statements(tree.body):
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets):
            value, names = stmt.value, []
        elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__":
            value = stmt.value
            if isinstance(stmt, ast.AnnAssign):
                names = []
        else:
            continue
        if not (isinstance(value, (ast.List, ast.Tuple)) and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts)):
            return None
        names.extend(e.value for e in value.elts)  # type: ignore[attr-defined]
    return names


def _module_statements(body: List[ast.stmt]) -> Iterable[ast.stmt]:
    """The module-level statements in source order, those under `if`/`try`/`with` included."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.If, ast.Try, ast.With)):
            for block in (stmt.body, getattr(stmt, "orelse", []), getattr(stmt, "finalbody", [])):
                yield from _module_statements(block)
            for handler in getattr(stmt, "handlers", ()):
                yield from _module_statements(handler.body)


_PROPERTY_LIKE = ("property", "cached_property")
# Bases that define no method an instance finds: `object`, and `abc.ABC` (whose metaclass only checks
# abstract methods), so that `class Agent(BaseAgent, ABC)` still inherits along one chain.
_OBJECT_NAMES = frozenset({"object", "builtins.object", "?object", "abc.ABC"})


def _decorator_name(node: ast.expr) -> str:
    return ".".join(dotted_parts(node.func if isinstance(node, ast.Call) else node) or ["?"])


def _class_members(node: ast.ClassDef) -> List[List[str]]:
    """`ModuleSummary.members` of one class: what jedi's lookup of `self.m` would find in it."""
    defs: List[str] = []
    others: Set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [_decorator_name(d) for d in stmt.decorator_list]
            # jedi calls a def under `@property` (`cached_property`, `@x.setter`) a property, no function
            if stmt.name in defs or any(n.rsplit(".", 1)[-1] in _PROPERTY_LIKE or n.endswith(".setter") for n in names):
                others.add(stmt.name)
            else:
                defs.append(stmt.name)
            continue
        if isinstance(stmt, ast.ClassDef):
            others.add(stmt.name)
            continue
        for sub in _walk_scope(stmt):  # assignments, imports, defs under `if`/`try` in the body
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                others.add(sub.id)
            elif isinstance(sub, ast.alias):
                others.add((sub.asname or sub.name).split(".")[0])
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                others.add(sub.name)
    return [[d for d in defs if d not in others], sorted(others)]


def _walk_scope(node: ast.AST) -> Iterable[ast.AST]:
    """`ast.walk` without the bodies of nested defs, lambdas and classes (their names are their own)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(current))


def _self_class(parts: List[str], scope: Optional[FunctionInfo], facts: ModuleFacts, known: Dict[int, Tuple[str, str]]) -> str:
    """The module-level class of the method making the call `self.m(...)`, when `self` is the method's
    first parameter and nothing rebinds it; "" otherwise (jedi is asked). `known`: by method, for one module."""
    if len(parts) != 2 or scope is None or scope.cls is None or isinstance(scope.node, ast.Lambda):
        return ""
    positional = scope.node.args.posonlyargs or scope.node.args.args  # type: ignore[union-attr]
    if not positional or positional[0].arg != parts[0]:
        return ""  # not a call on the first parameter: the method needs no walk
    found = known.get(id(scope.node))
    if found is None:
        found = known[id(scope.node)] = _self_class_of(scope, facts)
    return found[1] if found and parts[0] == found[0] else ""


def _self_class_of(scope: FunctionInfo, facts: ModuleFacts) -> Tuple[str, str]:
    """(first parameter, class) of a method whose first parameter is its instance throughout, or ()."""
    cls = scope.cls
    assert cls is not None
    cls = scope.cls
    if facts.module_classes.get(cls.name) is not cls or cls.parent_function is not None:
        return ()  # type: ignore[return-value]
    node = scope.node
    if node.decorator_list and any(_decorator_name(d) in ("staticmethod", "classmethod") for d in node.decorator_list):
        return ()  # type: ignore[return-value]
    positional = node.args.posonlyargs + node.args.args  # type: ignore[union-attr]
    if not positional:
        return ()  # type: ignore[return-value]
    first = positional[0].arg
    # every node of the method, in any order (the answer does not depend on it): `walk_nodes` inlined,
    # without a generator or the source order it keeps
    stack: List[ast.AST] = [node]
    pop, push, push_all = stack.pop, stack.append, stack.extend
    fields_of, node_type, name_type, arg_type, load = _CHILD_FIELDS.get, ast.AST, ast.Name, ast.arg, ast.Load
    while stack:
        sub = pop()
        kind = type(sub)
        if kind is name_type:
            if sub.id == first and type(sub.ctx) is not load:  # type: ignore[attr-defined]
                return ()  # type: ignore[return-value]
            continue  # a name has no child that matters
        if (kind is ast.Global or kind is ast.Nonlocal) and first in sub.names:  # type: ignore[attr-defined]
            return ()  # type: ignore[return-value]
        if kind is arg_type and sub.arg == first and sub is not positional[0]:  # type: ignore[attr-defined]
            return ()  # type: ignore[return-value]  # a nested def or lambda with a parameter of that name
        for child in fields_of(kind) or child_fields(kind):
            value = getattr(sub, child, None)
            if type(value) is list:
                push_all([item for item in value if isinstance(item, node_type)])
            elif isinstance(value, node_type):
                push(value)
    return (first, cls.name)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# What only the tf.function object has: a test that asks for one needs the decorator.
_FUNCTION_OBJECT_ATTRS = frozenset(
    {
        "get_concrete_function",
        "python_function",
        "input_signature",
        "function_spec",
        "experimental_get_tracing_count",
        "experimental_get_compiler_ir",
        "pretty_printed_concrete_signatures",
    }
)


# `x._name` read on something other than a bare `self` or `cls`: a dot, then blanks, continuation
# backslashes or comments (between brackets), then a name with one leading underscore. Every
# attribute `_private_mentions` counts matches it (strings and comments may match too). A comment
# is matched up to its newline and only so: `#[^\n]*` alone could split a banner of `#`s in
# exponentially many ways before failing (a `.` then a line of 40 `#`s took hours).
_PRIVATE_READ = re.compile(r"\.(?<!(?<![\w.])self\.)(?<!(?<![\w.])cls\.)(?:[ \t\f\r\n\\]|#[^\n]*\n)*_(?!_)")


def _may_read_private(text: str) -> bool:
    """Whether the module may read a private attribute (`_private_mentions` finds one only then),
    when it imports no private name: decided by its text. A non-ASCII text is walked: its names
    may be written with other characters than the ones they mean."""
    return not text.isascii() or _PRIVATE_READ.search(text) is not None


# An attribute only the tf.function object has, read (`_private_mentions` of a test module asks for them):
# every such attribute's line has one of the words.
_FUNCTION_OBJECT_WORDS = re.compile("|".join(sorted(_FUNCTION_OBJECT_ATTRS)))


def _private_lines(source: SourceText, test: bool) -> Optional[List[int]]:
    """The lines (sorted) where a match of `_PRIVATE_READ` starts, and in a test module also those
    with a word of `_FUNCTION_OBJECT_ATTRS`: a statement on none of them holds nothing
    `_private_mentions` counts when the module imports no private name (an attribute it counts is
    matched from its dot, which lies in the attribute's statement). None for a non-ASCII text (its
    names may be written with other characters than the ones they mean): every statement is walked."""
    text = source.text
    if not text.isascii():
        return None
    offsets = [match.start() for match in _PRIVATE_READ.finditer(text)]
    if test:
        offsets.extend(match.start() for match in _FUNCTION_OBJECT_WORDS.finditer(text))
        offsets.sort()
    return [source.position(offset)[0] for offset in offsets]


def _private_mentions(
    tree: ast.Module, facts: ModuleFacts, imported: Dict[str, str], test: bool, lines: Optional[List[int]] = None
) -> Dict[str, List[str]]:
    """`ModuleSummary.mentions`. Of a test module only the reads that need the tf.function object
    count (`env._step.get_concrete_function(x)`, also through `fn = env._step`): a test's speed is
    not the point, and its eager call works as well without the decorator. `lines` (`_private_lines`,
    only where no private name is imported): the statements on none of them are passed over, whole
    (the others are walked in the same order)."""
    found: Dict[str, Set[str]] = {}
    aliases: Dict[str, Dict[str, str]] = {}  # owner → local name → the private name assigned to it
    asked: Dict[str, Set[str]] = {}  # owner → local names whose tf.function attributes are read
    # Depth first, the last child first (the order decides which of two aliases of one local name is
    # kept). Names the walk would drop (not an imported private name) and constants are never pushed:
    # they are most of the nodes and have no children that matter.
    stack: List[Tuple[ast.AST, str, Optional[ast.AST]]] = [(tree, "", None)]
    pop, push = stack.pop, stack.append
    fields_of = _CHILD_FIELDS.get
    Attribute, Name, Load, Constant, Node, Statement = ast.Attribute, ast.Name, ast.Load, ast.Constant, ast.AST, ast.stmt
    defs = (ast.FunctionDef, ast.AsyncFunctionDef)
    while stack:
        node, owner, parent = pop()
        cls = type(node)
        name: Optional[str] = None
        if cls is Attribute:
            attr = node.attr  # type: ignore[attr-defined]
            if (
                attr[:1] == "_"
                and attr[:2] != "__"
                and type(node.ctx) is Load  # type: ignore[attr-defined]
                and not (type(node.value) is Name and node.value.id in ("self", "cls"))  # type: ignore[attr-defined]
            ):
                name = attr
            elif test and attr in _FUNCTION_OBJECT_ATTRS and type(node.value) is Name:  # type: ignore[attr-defined]
                asked.setdefault(owner, set()).add(node.value.id)  # type: ignore[attr-defined]
        elif cls is Name:  # pushed only when a private name imported from the project is read
            name = imported[node.id]  # type: ignore[attr-defined]
        elif cls in defs:
            owner = _named_owner(facts.function_of(node)) or owner
        if name is not None:
            if not test or (type(parent) is Attribute and parent.attr in _FUNCTION_OBJECT_ATTRS):  # type: ignore[attr-defined]
                found.setdefault(owner, set()).add(name)
            elif isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
                aliases.setdefault(owner, {})[parent.targets[0].id] = name
        for field_name in fields_of(cls) or child_fields(cls):
            value = getattr(node, field_name, None)
            if type(value) is list:
                for item in value:
                    kind = type(item)
                    if kind is Name:
                        if item.id in imported and type(item.ctx) is Load:
                            push((item, owner, node))
                    elif kind is not Constant and isinstance(item, Node):
                        if lines is not None and isinstance(item, Statement):
                            decorators = getattr(item, "decorator_list", None)  # above the def's line
                            at = bisect_left(lines, decorators[0].lineno if decorators else item.lineno)  # type: ignore[attr-defined]
                            if at == len(lines) or lines[at] > item.end_lineno:  # type: ignore[attr-defined]
                                continue  # nothing counted there
                        push((item, owner, node))
            elif value is not None:
                kind = type(value)
                if kind is Name:
                    if value.id in imported and type(value.ctx) is Load:  # type: ignore[attr-defined]
                        push((value, owner, node))
                elif kind is not Constant and isinstance(value, Node):
                    push((value, owner, node))
    for owner, names in aliases.items():
        for local, name in names.items():
            if local in asked.get(owner, ()):
                found.setdefault(owner, set()).add(name)
    return {owner: sorted(names) for owner, names in found.items()}


# edges that hand a function to what traces it (its callers' tracing does not reach it through them)
_TRACING_EDGES = frozenset({"wrapped", "dataset", "vectorized"}) | KERAS_FUNCTION_REASONS

_ORIGIN_NOTES = {
    "decorated": "decorated with tf.function",
    "wrapped": "wrapped by tf.function",
    "dataset": "traced by a tf.data transformation",
    "vectorized": "traced by tf.vectorized_map",
    KERAS_LAMBDA: "the function of a Keras `Lambda` layer",
    KERAS_LOSS: "a loss or metric given to Keras `compile`",
    KERAS_LOSS_WEAK: "a loss or metric given to `compile`",
    "keras": "a Keras method that Keras traces",
}


# -- the index -------------------------------------------------------------------------------


@dataclass
class _Target:
    summary: ModuleSummary
    record: FunctionRecord
    name: str  # as called
    tf_function: bool
    tf_keywords: Dict[str, str]


class ProjectIndex:
    """Summaries of every module under a root, and the links between them."""

    def __init__(self, root: Path, settings: Optional[Settings] = None):
        self.root = root.resolve()
        self._root_text = os.path.abspath(root)
        self.settings = settings or Settings()
        self.summaries: Dict[str, ModuleSummary] = {}  # project-relative posix path → summary
        self.modules: Dict[str, str] = {}  # dotted module name → path
        self.source_roots: Set[Path] = set()
        # path → ((digest of the module, digest of what was asked), {(caller, chain): [dotted, target path,
        # digest of the target module]}): jedi's answers, valid while all three digests hold
        self.jedi_results: Dict[str, Tuple[Tuple[str, str], Dict[Tuple[str, str], List[str]]]] = {}
        self.dirty = False  # something the cache does not have yet
        self._links: Dict[str, ModuleLink] = {}
        self._speculated: Optional[List[tuple]] = None  # what `_speculate_links` put in place
        self._to_place: Optional[bool] = None  # `_place_speculated` has the descriptions to put in place
        self._resolved: Dict[str, Optional[_Target]] = {}  # dotted name → target, until the next change
        self._externals: Dict[Tuple[str, str, str, bool], ExternalFunction] = {}  # until the next link()
        self._incoming: Dict[str, Dict[str, IncomingTrace]] = {}  # path → qualname → why traced elsewhere
        self._callers: Dict[str, Dict[str, List[ExternalCall]]] = {}  # path → qualname → calls elsewhere
        # method name → a call `obj.name(...)` on a receiver nothing resolves that runs eagerly, (place,
        # caller), or None when every such call may run in a trace (`ModuleLink.name_calls`)
        self._name_calls: Dict[str, Optional[Tuple[Place, str]]] = {}
        self._traced: Set[Tuple[str, str]] = set()
        self._mentioned: Dict[str, Set[str]] = {}  # private name → modules reading it outside traced code
        self._eager: Dict[str, Set[str]] = {}  # path → qualnames whose body may run eagerly (`_may_run_eagerly`)
        # dotted name → (kind, runs eagerly) of a project class (`class_kind`); until the next change
        self._class_kinds: Dict[str, Optional[Tuple[str, bool]]] = {}
        self._runs_models: Optional[bool] = None
        # keyword name → what some module's calls pass it (`ModuleSummary.passed_keywords`), once asked
        self._passed_keywords: Optional[Dict[str, int]] = None
        self._mode_tests: Dict[str, Tuple[Optional[str], Optional[str]]] = {}  # `mode_test`, until the next change
        # dotted name of a project class → the methods its instances find in it or its bases (`inherited`)
        self._inherited: Dict[str, Dict[str, _Target]] = {}
        self._stars: Dict[Tuple[str, str], Optional[str]] = {}  # `star_binding`, until the next change
        self._names: Dict[str, FrozenSet[str]] = {}  # path → `ModuleSummary.names` as a set, until the next change
        self._real_paths: Optional[Dict[str, str]] = None  # `_by_real_path`, until the next change
        self._plan_cache: Optional[list] = None  # `_plan`, until the next change
        self._eager_off: Optional[Dict[str, str]] = None  # `eager_off_clause`, until the next change
        self._steps_cache: Optional[tuple] = None  # `_steps`, until the next change
        self._method_names: Optional[Tuple[Set[str], Set[str]]] = None  # `method_names`, until the next change
        self._tf_aliases: Dict[str, Optional[str]] = {}  # `tf_alias`, until the next change
        # path → what `_may_reach_graph_code` finds from the summaries alone (`_reaches_by_summaries`),
        # until the next change
        self._static_reach: Dict[str, bool] = {}
        # worker processes (`concurrent.futures`) for jedi and the descriptions, while a front end lends one
        self.pool = None
        self._background: Optional[_Background] = None  # the pool's idle time, during `link()`
        self._texts: Dict[str, str] = {}  # the texts `update()` gave modules with star imports
        self.stats: Dict[str, float] = {}
        self.cache_note = ""  # why the cache was not used, when it was there
        # the codes of the rules whose notes the descriptions compute (None: every rule's); a front
        # end that runs fewer rules asks for fewer (`build_index(notes=...)`)
        self.notes: Optional[List[str]] = None
        self._noted: Optional[List[str]] = None  # `_noted_codes(self.notes)`
        # project path → (digest, what its text says of `_reads_links`: `_reads_by_text`)
        self._text_reads: Dict[str, Tuple[str, Optional[bool]]] = {}
        # folder on disk → its listing (`list_folder`), for `_missing_imports`: made once per build, and
        # again after a module is added or removed
        self._folders: Dict[str, Listing] = {}

    # -- building --------------------------------------------------------------------------

    def relative(self, path: Path) -> str:
        """A file's project-relative posix path (its resolved absolute path outside the root)."""
        rel = relative_text(os.path.abspath(path), self._root_text)
        if not rel.startswith(".."):  # the common case, without resolving symbolic links
            # `relpath` gives a normalised path: only its separators differ from `Path(rel).as_posix()`
            return rel if os.sep == "/" else rel.replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.resolve().as_posix()

    def update(self, path: Path, text: Optional[str]) -> bool:
        """Summarize one file again (None: it was deleted). True when its summary changed."""
        rel = self.relative(path)
        old = self.summaries.get(rel)
        if text is None:
            if old is None:
                return False
            self.remove(rel)
            return True
        if old is not None and old.digest == digest_of(text):
            return False
        module, folder = module_name(path, self.root)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        summary = summarize(text, rel, module, package, self.settings, index_reads(self.notes, CALL_INTS))
        if summary.star:
            self._texts[rel] = text  # an editor's text, unsaved maybe: for `_summarize_star_modules`
        else:
            self._texts.pop(rel, None)
        self.add(summary, folder)
        return True

    def add(self, summary: ModuleSummary, source_root: Optional[Path] = None) -> None:
        self.dirty = True
        old = self.summaries.get(summary.path)
        if old is not None and self.modules.get(old.module) == old.path:
            del self.modules[old.module]
        if old is None:
            self._folders.clear()  # a new module: the folders' listings may have changed
        self.summaries[summary.path] = summary
        if summary.module:
            self.modules.setdefault(summary.module, summary.path)
        if source_root is not None:
            self.source_roots.add(source_root)
        self._changed()

    def remove(self, rel: str) -> None:
        self.dirty = True
        old = self.summaries.pop(rel, None)
        self._folders.clear()
        self._texts.pop(rel, None)
        if old is not None and self.modules.get(old.module) == rel:
            del self.modules[old.module]
        self.jedi_results.pop(rel, None)
        self._changed()

    def _changed(self) -> None:
        self._links.clear()
        self._resolved.clear()
        self._externals.clear()
        self._class_kinds.clear()
        self._runs_models = None
        self._passed_keywords = None
        self._mode_tests.clear()
        self._inherited.clear()
        self._stars.clear()
        self._names.clear()
        self._real_paths = None
        self._plan_cache = None
        self._eager_off = None
        self._steps_cache = None
        self._method_names = None
        self._tf_aliases.clear()
        self._static_reach.clear()

    def update_files(self, changes: Iterable[Tuple[Path, Optional[str]]]) -> List[str]:
        """`update()` several files (text None: deleted); the paths whose summary changed."""
        return [self.relative(path) for path, text in changes if self.update(path, text)]

    # -- resolution ------------------------------------------------------------------------

    def resolve(self, dotted: str) -> Optional[_Target]:
        """The project function a dotted name denotes, following re-exports."""
        if dotted not in self._resolved:
            self._resolved[dotted] = self._resolve(dotted, 0)
        return self._resolved[dotted]

    def _split(self, dotted: str) -> Optional[Tuple[ModuleSummary, List[str]]]:
        """The longest project module `dotted` starts with, and the rest of the name."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            path = self.modules.get(".".join(parts[:cut]))
            if path is not None:
                return self.summaries[path], parts[cut:]
        return None

    def _resolve(self, dotted: str, _depth: int) -> Optional[_Target]:
        split = self._split(dotted) if _depth <= 5 else None
        if split is None:
            return None
        summary, rest = split
        record = summary.functions.get(".".join(rest))
        if record is not None and len(rest) <= 2:
            if len(rest) == 2 and rest[0] in summary.functions:
                return None  # a nested def is not reachable by name
            return _Target(summary, record, rest[-1], record.tf_function, record.tf_keywords)
        if len(rest) == 1 and rest[0] in summary.wrapped:
            target_qual, keywords = summary.wrapped[rest[0]]
            record = summary.functions.get(target_qual)  # type: ignore[arg-type]
            if record is not None:
                return _Target(summary, record, rest[0], True, dict(keywords))  # type: ignore[arg-type]
            return None
        if len(rest) == 2 and rest[0] in summary.classes and summary.module:
            # a method the class inherits from a base in another module (`Model.loss_fn` of its base)
            found = self.inherited(f"{summary.module}.{rest[0]}").get(rest[1])
            if found is not None:
                return found
        exported = self._reexport(summary, rest[0])
        if exported is not None:
            return self._resolve(".".join([exported] + rest[1:]), _depth + 1)
        return None

    def constant(self, dotted: str, _depth: int = 0) -> Optional[int]:
        """The int a project module binds `dotted` to once at module level, following re-exports."""
        split = self._split(dotted) if _depth <= 5 else None
        if split is None or len(split[1]) != 1:
            return None
        summary, rest = split
        if rest[0] in summary.constants:
            return summary.constants[rest[0]]
        exported = self._reexport(summary, rest[0])
        return self.constant(exported, _depth + 1) if exported is not None else None

    def _locate(self, dotted: str, _depth: int = 0) -> Optional[Tuple[ModuleSummary, List[str]]]:
        """The project module a dotted name starts in, and the rest of the name, following re-exports
        of the first name of the rest (`from .layers import Encoder` in a package's `__init__`)."""
        split = self._split(dotted) if _depth <= 5 else None
        if split is None:
            return None
        summary, rest = split
        if rest[0] in summary.classes or rest[0] in summary.aliases:
            return summary, rest
        exported = self._reexport(summary, rest[0])
        if exported is not None:
            return self._locate(".".join([exported] + rest[1:]), _depth + 1)
        return None

    def _dict_members(self, dotted: str, _depth: int = 0) -> List[_Target]:
        """The project functions a module-level dict of functions holds (`pkg.ops.ACTIVATIONS`),
        following re-exports of the dict."""
        split = self._split(dotted) if _depth <= 5 else None
        if split is None:
            return []
        summary, rest = split
        members = summary.function_dicts.get(rest[0]) if len(rest) == 1 else None
        if members is not None:
            return [t for t in (self.resolve(m) for m in members) if t is not None]
        exported = self._reexport(summary, rest[0])
        if exported is not None:
            return self._dict_members(".".join([exported] + rest[1:]), _depth + 1)
        return []

    def _reexport(self, summary: ModuleSummary, name: str) -> Optional[str]:
        """The dotted name a module binds `name` to by importing it: `from x import name`, or one of its
        star imports when it binds the name nowhere else."""
        exported = summary.exports.get(name)
        if exported is None and summary.star and name not in self._bound(summary):
            exported = self.star_binding(summary, name)
        return exported

    def _bound(self, summary: ModuleSummary) -> FrozenSet[str]:
        found = self._names.get(summary.path)
        if found is None:
            found = self._names[summary.path] = frozenset(summary.names)
        return found

    def star_binding(self, summary: ModuleSummary, name: str) -> Optional[str]:
        """What `from M import *` binds `name` to in the module: the dotted name in the module that binds
        it, as Python would (the last star import that gives the name wins; one gives the names of its
        `__all__`, else every name without a leading underscore, imported ones included). None when no
        star import gives it, or when one that would win is outside the project (what it binds is unknown)."""
        return self._star(summary, name, 0) or None

    def _star(self, summary: ModuleSummary, name: str, depth: int) -> Optional[str]:
        """`star_binding`, with "" for unknown (a star import from outside the project, a computed
        `__all__`) apart from None for not given."""
        key = (summary.path, name)
        if key in self._stars:
            return self._stars[key]
        self._stars[key] = ""  # a cycle of star imports: unknown
        found: Optional[str] = None
        for module in reversed(summary.star) if depth <= 8 else ():
            path = self.modules.get(module)
            if path is None:
                found = ""  # outside the project: it may bind the name, and it would win
                break
            source = self.summaries[path]
            bound = self._bound(source)
            if source.public is None and "__all__" in bound:
                found = ""  # a computed `__all__`: what the module gives is unknown
                break
            if name not in source.public if source.public is not None else name.startswith("_"):
                continue
            if name in bound:
                found = f"{source.module}.{name}"
                break
            deeper = self._star(source, name, depth + 1) if source.star else None
            if deeper is not None:
                found = deeper
                break
        self._stars[key] = found
        return found

    def _summarize_star_modules(self) -> None:
        """Summarise again, with what they stand for, the modules that get TensorFlow names from star
        imports (`from .common import *` giving `tf`): a summary is made before the others are in, so
        it saw `@tf.function` there as an unknown decorator. Rare; each one is parsed once more."""
        for summary in [s for s in self.summaries.values() if s.star and s.module]:
            given = {
                name: alias
                for name, alias in self._star_aliases(summary).items()
                if alias.split(".", 1)[0] in TF_ROOTS
            }
            if given == summary.star_given:
                continue
            text = self._texts.get(summary.path)
            if text is None or digest_of(text) != summary.digest:
                text = self.read(summary.path)
            if text is None or digest_of(text) != summary.digest:
                continue  # changed since: its next summary will do
            ints = index_reads(self.notes, CALL_INTS)
            self.add(summarize(text, summary.path, summary.module, summary.package, self.settings, ints, star_given=given))

    def _star_aliases(self, summary: ModuleSummary) -> Dict[str, str]:
        link = ModuleLink(summary.path, summary.module, summary.package)
        self._link_star_names(summary, link, constants=False)
        cut = len(summary.module) + 1
        return {dotted[cut:]: alias for dotted, alias in link.aliases.items()}

    def _link_star_names(self, summary: ModuleSummary, link: ModuleLink, constants: bool = True) -> None:
        """What the module's star imports bind where it binds nothing else, keyed as the module's check
        looks such a name up (`pkg.model.tf`): outside names (`ModuleSummary.aliases`: `tf` → `tensorflow`
        through `from .common import *`) and int constants (`from .config import *` giving `EPOCHS`)."""
        aliases: Set[str] = set()
        names: Set[str] = set()
        seen: Set[str] = set()
        stack = list(summary.star)
        while stack:
            path = self.modules.get(stack.pop())
            if path is None or path in seen:
                continue
            seen.add(path)
            source = self.summaries[path]
            aliases.update(source.aliases)
            names.update(source.constants)
            stack.extend(source.star)
        bound = self._bound(summary)
        for name in sorted(aliases - bound):
            dotted = self.star_binding(summary, name)
            alias = self.tf_alias(dotted) if dotted is not None else None
            if alias is not None:
                link.aliases[f"{summary.module}.{name}"] = alias
        for name in sorted(names - bound) if constants else ():
            value = self.constant(f"{summary.module}.{name}")
            if value is not None:
                link.constants[f"{summary.module}.{name}"] = value

    def _in_project(self, dotted: str) -> bool:
        """`dotted` names a project module or something inside one. A name a module binds nowhere
        else than through a star import is in the project only where the star import takes it from."""
        if dotted in self.modules:
            return True
        split = self._split(dotted)
        if split is None:
            return False
        summary, rest = split
        if summary.star and rest[0] not in self._bound(summary):
            source = self.star_binding(summary, rest[0])
            return source is not None and self._in_project(".".join([source] + rest[1:]))
        return True

    def tf_alias(self, dotted: str) -> Optional[str]:
        """The outside name a project name stands for (`pkg.tf_utils.keras.layers` → `tensorflow.keras.layers`,
        `pkg.common.np` → `numpy`). Until the next change (`_may_reach_graph_code` asks it of every
        module's imports, again in each phase of `link`)."""
        if dotted in self._tf_aliases:
            return self._tf_aliases[dotted]
        found = self._locate(dotted)
        alias = None
        if found is not None:
            summary, rest = found
            alias = summary.aliases.get(rest[0])
            if alias is not None:
                alias = ".".join([alias] + rest[1:])
        self._tf_aliases[dotted] = alias
        return alias

    def class_kind(self, dotted: str) -> Optional[Tuple[str, bool]]:
        """What the project class `dotted` is by its whole hierarchy, across modules: (KERAS, KERAS_WEAK,
        TF_MODULE or "", whether Keras runs it eagerly); None when `dotted` is no project class."""
        if dotted in self._class_kinds:
            return self._class_kinds[dotted]
        self._class_kinds[dotted] = None  # a cycle of bases is no class
        found = self._locate(dotted)
        result: Optional[Tuple[str, bool]] = None
        if found is not None and len(found[1]) == 1 and found[1][0] in found[0].classes:
            bases, eager = found[0].classes[found[1][0]]
            kinds = []
            for base in bases:  # type: ignore[attr-defined]
                if base.startswith("?"):
                    kinds.append(class_kind_of_external(None, base[1:]))
                    continue
                known = self.class_kind(base)
                if known is None:
                    alias = self.tf_alias(base)
                    if alias is None and self._in_project(base):
                        kinds.append(None)  # in a project module, and no class or TensorFlow name there
                    else:
                        kinds.append(class_kind_of_external(alias or base, base.rsplit(".", 1)[-1]))
                else:
                    kinds.append(known[0])
                    eager = eager or known[1]
            kind = next((k for k in (KERAS, KERAS_WEAK, TF_MODULE) if k in kinds), "")
            result = (kind, bool(eager))
        self._class_kinds[dotted] = result
        return result

    def _keras_classes(self, summary: ModuleSummary) -> Iterable[str]:
        """Qualnames of the module's classes the hierarchy shows to be Keras layers or models that Keras traces
        (not those Keras builds once, without tf.function: `built_once`)."""
        for name in summary.classes:
            kind = self.class_kind(f"{summary.module}.{name}") if summary.module else None
            if kind is not None and kind[0] == KERAS and not kind[1] and not self.built_once(f"{summary.module}.{name}"):
                yield name

    def built_once(self, dotted: str, _depth: int = 0) -> bool:
        """The project class `dotted`, or a project class it derives from, is one its module's facts see Keras
        build once in a graph without tf.function (`ModuleSummary.built_once`: a class of multi-backend Keras,
        or of a module that turns eager execution off)."""
        found = self._locate(dotted) if _depth <= 16 else None
        if found is None or len(found[1]) != 1 or found[1][0] not in found[0].classes:
            return False
        summary, name = found[0], found[1][0]
        if name in summary.built_once:
            return True
        bases = summary.classes[name][0]
        return any(not base.startswith("?") and self.built_once(base, _depth + 1) for base in bases)  # type: ignore[attr-defined]

    def inherited(self, dotted: str) -> Dict[str, _Target]:
        """The methods an instance of the project class `dotted` finds by name, as Python's lookup
        would: the defs of the class and then of its bases, along a chain of single inheritance
        through project classes. A name bound otherwise in a class body, or stored as an attribute
        (`.name = ...`) in a module of the chain, is left out (an instance attribute may hide the
        def); so is everything above a class with several bases or a base outside the project."""
        found = self._inherited.get(dotted)
        if found is not None:
            return found
        found = self._inherited[dotted] = {}
        hidden: Set[str] = set()
        located = self._locate(dotted)
        for _ in range(16):
            if located is None or len(located[1]) != 1 or located[0].members.get(located[1][0]) is None:
                break
            owner, name = located[0], located[1][0]
            defs, others = owner.members[name]
            hidden.update(others)
            hidden.update(owner.attributes)
            for method in defs:
                record = owner.functions.get(f"{name}.{method}")
                if method not in hidden and method not in found and record is not None and owner.module:
                    found[method] = _Target(owner, record, method, record.tf_function, record.tf_keywords)
            bases = [b for b in owner.classes[name][0] if b not in _OBJECT_NAMES]  # type: ignore[attr-defined]
            if len(bases) != 1 or bases[0].startswith("?"):
                break
            located = self._locate(bases[0])
        return found

    def mode_test(self, dotted: str, _depth: int = 0) -> Tuple[Optional[str], Optional[str]]:
        """What the result of the project function `dotted` proves about the execution mode: (mode when
        true, mode when false), each "eager", "graph" or None, from its record (`FunctionRecord.mode`),
        with the other modules' mode tests it calls resolved the same way."""
        found = self._mode_tests.get(dotted)
        if found is not None:
            return found
        self._mode_tests[dotted] = (None, None)  # a cycle proves nothing
        target = self.resolve(dotted) if _depth <= 8 else None
        mode = target.record.mode if target is not None else None
        if mode is None:
            return (None, None)

        def atom(name: str) -> Optional[str]:
            if name in ("eager", "graph"):
                return name
            modes = self.mode_test(name[1:], _depth + 1)
            return modes[0] if name[0] == "+" else modes[1]

        conds = [[frozenset(alternative) for alternative in cond] for cond in mode]
        found = (cond_mode(conds[0], atom), cond_mode(conds[1], atom))
        self._mode_tests[dotted] = found
        return found

    def tracing_test(self, dotted: str) -> bool:
        """The project function `dotted` tests for tracing: one of the ways its result is true is proven to
        run only while a graph is built (`return True` under `if not tf.executing_eagerly():`), whatever
        its other ways (`facts.ModuleFacts.tests_tracing`)."""
        target = self.resolve(dotted)
        mode = target.record.mode if target is not None else None
        if mode is None:
            return False

        def atom(name: str) -> Optional[str]:
            if name in ("eager", "graph"):
                return name
            modes = self.mode_test(name[1:], 1)
            return modes[0] if name[0] == "+" else modes[1]

        return any(cond_mode([frozenset(alternative)], atom) == "graph" for alternative in mode[0] if alternative)

    def _eager_edge(self, edge: Edge) -> bool:
        """The call of `edge` runs only eagerly: its own module showed it, or a branch around it whose
        test another module's mode test decides (`Edge.eager_when`) proves it."""
        if edge.eager or not edge.eager_when:
            return edge.eager

        def atom(name: str) -> Optional[str]:
            if name in ("eager", "graph"):
                return name
            modes = self.mode_test(name[1:])
            return modes[0] if name[0] == "+" else modes[1]

        return any(cond_mode([frozenset(a) for a in cond], atom) == "eager" for cond in edge.eager_when)

    def _inherited_reads(self, summary: ModuleSummary, base: str) -> List[Tuple[str, _Target]]:
        """The methods of another module that the module's `self.m` reads find in one of its bases."""
        if not summary.self_reads or base.startswith("?"):
            return []
        found = self.inherited(base)
        return [
            (name, found[name])
            for name in summary.self_reads
            if name in found and found[name].summary.path != summary.path
        ]

    def _external(self, target: _Target) -> ExternalFunction:
        """The function as other modules see it; one object per function and name, shared by links."""
        key = (target.summary.path, target.record.qualname, target.name, target.tf_function)
        found = self._externals.get(key)
        if found is None:
            found = self._externals[key] = self._new_external(target)
        return found

    def _new_external(self, target: _Target) -> ExternalFunction:
        record = target.record
        return ExternalFunction(
            module=target.summary.module,
            qualname=record.qualname,
            place=Place(target.summary.path, Span(*record.span)),
            signature=record.signature.replace(f"def {record.qualname.rsplit('.', 1)[-1]}(", f"def {target.name}(", 1),
            static=record.static,
            tf_function=target.tf_function,
            tf_keywords=target.tf_keywords,
            traced=record.traced,
            name=target.name,
            notes=record.notes,
            returns_tensor=record.returns_tensor,
            effects=tuple(tuple(e) for e in record.effects),  # type: ignore[misc]
        )

    # -- linking ---------------------------------------------------------------------------

    def link(self, jedi_budget: Optional[float] = None, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Resolve attribute calls with jedi (where the cached answers are stale) and propagate
        tracing across modules. `jedi_budget` bounds the jedi time of this call, in seconds."""
        started = time.perf_counter()
        self.stats["jedi_calls"] = 0
        self._summarize_star_modules()
        # Which callers are traced decides what jedi is asked, and its answers may trace more callers:
        # repeat until nothing new is learnt, so a run with a cache finds what a run without one does.
        self._propagate(full=False)
        # jedi's reads of the project's files and folders are kept for the whole call (`_FileScan`)
        self._jedi_generation = f"{os.getpid()}:{id(self)}:{next(_GENERATIONS)}"
        self._background = _Background(self.pool) if self.pool is not None else None
        if self._background is not None and getattr(self.pool, "speculate", None) is not None:
            self._background.hook = self._speculate_links
        if self._background is not None:
            # The functions other modules name directly are known now; jedi's later rounds ask a few
            # modules and leave workers idle: describe those functions meanwhile (`describe_targets`
            # keeps a module's result only if jedi's answers add nothing to what it wants there).
            # Chosen once jedi's first questions are sent (`_Background.map`): jedi's process waits
            # for nothing else, and the other processes have no task before these.
            self._background.prepare = lambda: self._speculate(self._wanted_descriptions(with_attributes=False))
        jedi_seconds = 0.0
        for _ in range(MAX_LINK_ROUNDS):
            asked = time.perf_counter()
            budget = None if jedi_budget is None else max(0.0, jedi_budget - jedi_seconds)  # for the whole call
            learnt = self._resolve_attributes(budget, should_stop)
            jedi_seconds += time.perf_counter() - asked
            if not learnt:
                break
            self._propagate(full=False)
        if self._background is not None:
            if self._background.prepare is not None:  # no question for jedi: `describe_targets` does it all
                self._background.prepare = None
            self._background.hook = None
            # the checks `_speculate_links` queued and did not send: the first few of each process go
            # to it now, with the links as they stand, so that neither waits while this process
            # propagates and describes alone; the others are dropped (their links are made anew)
            self._background.release(SPECULATION, RELEASED_CHECKS)
        self._unspeculate()
        self._propagate()  # the same tracing as the last round's, and what the links read of it
        propagated = time.perf_counter()
        try:
            self.describe_targets()
        finally:
            self._background = None
        self._links.clear()
        self._externals.clear()
        self.stats.update(
            jedi_seconds=jedi_seconds,
            propagate_seconds=propagated - started - jedi_seconds,
            describe_seconds=time.perf_counter() - propagated,
        )

    def _speculate_links(self) -> None:
        """Let the pool's `speculate` ask for links as they stand, once the descriptions started
        while jedi works are all sent and jedi still works (the other process would idle until jedi
        ends): what jedi's later answers leave unchanged needs no second look. `speculate(index)` may
        add background tasks whose arguments ask `link_for` when they are sent; whoever uses their
        work compares each link with the final one. The tracing those links read is propagated now,
        while the last descriptions still run (it reads no description); the descriptions are put in
        place, as `_describe_in_pool` would keep them, before the first such link is made
        (`_place_speculated`), and stay until jedi's rounds end (`_unspeculate`: nothing before that
        reads them but `link_for`)."""
        background = self._background
        speculate = getattr(self.pool, "speculate", None)
        if background is None or speculate is None or not background.futures:
            return
        # when the descriptions left to send are the last quarter (the smallest: they go largest
        # first), so that the other processes describe while this one propagates
        if len(background.queue) > (len(background.queue) + len(background.futures)) // 4:
            return
        self.pool.speculate = None  # type: ignore[union-attr]  # once per run
        background.flush()  # this process is busy for a while: the last descriptions go out now
        self._speculated = None
        self._to_place = True
        try:
            self._propagate()
            self._links.clear()
            self._externals.clear()
            speculate(self)
        except Exception:  # noqa: BLE001 - a failed guess costs only its time
            self._unspeculate()

    def _place_speculated(self) -> None:
        """Put the descriptions made while jedi works in place for the links `_speculate_links`
        lets be made (once; waits for the last ones if they still run)."""
        wanted, self._to_place = self._to_place, None
        if not wanted or self._background is None:
            return
        # every description is sent by now: the checks `speculate` added wait behind them
        items = [(key, future) for key, future in self._background.futures.items() if key[0] is not SPECULATION]
        noted = _noted_codes(self.notes)
        saved: List[tuple] = []
        self._speculated = saved
        for (path, quals), future in items:
            found = future.result()
            functions = self.summaries[path].functions
            for qual in quals:
                record = functions.get(qual)
                if record is None:
                    continue
                saved.append((record, record.described, record.noted, record.returns_tensor, record.effects, record.notes))
                record.described, record.noted = True, list(noted)
                if qual in found:
                    record.returns_tensor, record.effects, record.notes = found[qual]
        self._links.clear()
        self._externals.clear()

    def _unspeculate(self) -> None:
        """Take back what `_speculate_links` put in place: the build goes on as without it."""
        self._to_place = None
        saved, self._speculated = self._speculated, None
        for record, described, noted_codes, returns_tensor, effects, notes in saved or ():
            record.described, record.noted = described, noted_codes
            record.returns_tensor, record.effects, record.notes = returns_tensor, effects, notes
        self._links.clear()
        self._externals.clear()

    def describe_targets(self) -> None:
        """Describe (`describe_functions`) every function another module calls, where not done yet."""
        wanted = self._wanted_descriptions()
        self.dirty = self.dirty or bool(wanted)
        if self.pool is not None and (len(wanted) > 1 or self._background is not None):
            self._describe_in_pool(wanted)
        else:
            for path, quals in wanted.items():
                text = self.read(path)
                if text is not None:
                    describe_functions(self.summaries[path], text, quals, self.settings, codes=self.notes)
        self.stats["described_functions"] = sum(len(q) for q in wanted.values())

    def _wanted_descriptions(self, with_attributes: bool = True) -> Dict[str, Set[str]]:
        """The functions not yet described that another module calls, by module; without the attribute
        calls jedi resolves when `with_attributes` is false. For a front end that names its rules
        (`notes`: the CLI), a module is left out when no module that calls it reads its link
        (`_reads_links`); a module wanted is always wanted whole, whoever calls each function (the
        tensor analysis answers a chain of calls by where it is first asked from)."""
        wanted: Dict[str, Set[str]] = {}
        wanters: Dict[str, Set[str]] = {}  # module described → the modules whose links carry it
        for summary, _seeds, edges in self._plan():
            for edge, target in edges:
                if edge.kind in ("local", "nested"):
                    continue
                if target is None:
                    if not with_attributes:
                        continue
                    target = self._edge_target(summary, edge)
                if target is not None and target.summary.path != summary.path and not self._described(target.record):
                    wanted.setdefault(target.summary.path, set()).add(target.record.qualname)
                    wanters.setdefault(target.summary.path, set()).add(summary.path)
        for summary in self.summaries.values():  # the inherited methods its links will carry
            if not summary.self_reads:
                continue
            for bases, _eager in summary.classes.values():
                for base in bases:  # type: ignore[attr-defined]
                    for _name, target in self._inherited_reads(summary, base):
                        if not self._described(target.record):
                            wanted.setdefault(target.summary.path, set()).add(target.record.qualname)
                            wanters.setdefault(target.summary.path, set()).add(summary.path)
        if self.notes is None or not wanted:
            return wanted
        # a caller with a traced function reads its link (`_reads_links`' first test): looked for first,
        # as a set, before the callers whose answer costs a look at their text or their names
        traced = {path for path, qual in self._traced if qual in self.summaries[path].functions}
        reads: Dict[str, bool] = {}
        kept = {}
        for path, quals in wanted.items():
            if not traced.isdisjoint(wanters[path]):
                kept[path] = quals
                continue
            for caller in sorted(wanters[path]):
                if caller not in reads:
                    reads[caller] = self._reads_links(caller)
                if reads[caller]:
                    kept[path] = quals
                    break
        return kept

    def _reads_links(self, path: str) -> bool:
        """Whether the check of this module (as the CLI runs it, with `notes`' rules) may read its
        link's descriptions of other modules' functions: False only where the check skips the module
        unread (it never mentions TensorFlow and its link does not reach graph code) or builds no
        facts for it (`engine._rules_to_run`: its summary found no traced code, its link reaches none,
        and every rule that could report there needs traced code, per-file ignores aside)."""
        summary = self.summaries[path]
        if any((path, qual) in self._traced for qual in summary.functions):
            return True  # traced (from elsewhere too: between jedi's rounds the links' traces are not made)
        known = self._text_reads.get(path)
        if known is None or known[0] != summary.digest:
            known = self._text_reads[path] = (summary.digest, self._reads_by_text(path, summary))
        if known[1] is not None:
            return known[1]
        try:
            return self._may_reach_graph_code(summary)
        except Exception:  # noqa: BLE001 - when in doubt, it reads
            return True

    def _may_reach_graph_code(self, summary: ModuleSummary) -> bool:
        """True wherever `link_for(summary.path).reaches_graph_code` is (and perhaps elsewhere),
        without making the link (`_reads_links` asks it of most modules, before jedi's questions and
        after): a trace from elsewhere, a tf.function among the functions the link names, a
        TensorFlow alias or a class of a Keras or tf.Module kind, looked for as `link_for` finds them."""
        path = summary.path
        if self._incoming.get(path) or summary.star_given:
            return True
        jedi = self.jedi_results.get(path)
        if jedi is not None:
            for dotted, _path, _digest in jedi[1].values():
                target = self.resolve(dotted)
                if target is not None and target.summary.path != path and target.tf_function:
                    return True
        # the rest reads only the summaries: asked of most modules in each phase of `link` and of
        # the check, it is found once
        known = self._static_reach.get(path)
        if known is None:
            known = self._static_reach[path] = self._reaches_by_summaries(summary)
        return known

    def _reaches_by_summaries(self, summary: ModuleSummary) -> bool:
        """`_may_reach_graph_code` without the traces from elsewhere and jedi's answers: a
        tf.function among the functions the module's imports and calls name, a TensorFlow alias or a
        class of a Keras or tf.Module kind."""
        path = summary.path
        named = set(summary.exports.values())
        named.update(edge.target for edge in summary.edges if edge.kind not in ("attr", "local", "nested"))
        for dotted in named:
            target = self.resolve(dotted)
            if target is not None and target.summary.path != path and target.tf_function:
                return True
        for dotted in summary.exports.values():
            kind = self.class_kind(dotted)
            if kind is not None:
                if kind[0]:
                    return True
                continue
            alias = self.tf_alias(dotted)
            if alias is not None and alias.split(".", 1)[0] in TF_ROOTS:
                return True
        for bases, _eager in summary.classes.values():
            for base in bases:  # type: ignore[attr-defined]
                if base.startswith("?"):
                    continue
                if any(target.tf_function for _name, target in self._inherited_reads(summary, base)):
                    return True
                known = self.class_kind(base)
                if known is not None and known[0]:
                    return True
        return False

    def _reads_by_text(self, path: str, summary: ModuleSummary) -> Optional[bool]:
        """`_reads_links` as the module's text and summary decide it, whatever its link: None when
        only whether the link reaches graph code decides (the check skips the module otherwise)."""
        from .engine import _rules_to_run, mentions_tensorflow

        text = self.read(path)
        if text is None or digest_of(text) != summary.digest:
            return True
        if not mentions_tensorflow(text, self.settings):
            return None  # skipped unread unless its link reaches graph code
        if summary.may_trace:
            return True
        # with a link that reaches no graph code (an empty one): no rule left, or some that need none
        empty = ModuleLink(path, summary.module, summary.package)
        return None if not _rules_to_run(SourceText(text), "", self.settings, None, empty, True) else True

    def _described(self, record: FunctionRecord) -> bool:
        """The record has its description, with the notes of every rule this index asks for."""
        if not record.described:
            return False
        if self._noted is None:
            self._noted = _noted_codes(self.notes)
        return all(code in record.noted for code in self._noted)

    def _describe_tasks(self, wanted: Dict[str, Set[str]]) -> List[Tuple[int, ModuleSummary, str, List[str]]]:
        """`_describe_task`'s work for each module, the largest first (the workers finish together)."""
        tasks = []
        for path, quals in wanted.items():
            summary = self.summaries[path]
            text = self.read(path)
            if text is None:
                continue
            # only what `describe_functions` reads travels to the worker
            slim = ModuleSummary(summary.path, summary.module, summary.package, summary.digest)
            slim.functions = {q: r for q, r in summary.functions.items() if q in quals}  # definition order
            tasks.append((len(text), slim, text, sorted(quals)))
        tasks.sort(key=lambda task: -task[0])
        return tasks

    def _speculate(self, wanted: Dict[str, Set[str]]) -> None:
        for _size, slim, text, quals in self._describe_tasks(wanted):
            self._background.add((slim.path, tuple(quals)), _describe_task, (slim, text, quals, self.settings, self.notes))  # type: ignore[union-attr]

    def _describe_in_pool(self, wanted: Dict[str, Set[str]]) -> None:
        noted = _noted_codes(self.notes)
        for path, quals in wanted.items():
            functions = self.summaries[path].functions
            for qual in quals:
                if qual in functions:
                    functions[qual].described = True
                    functions[qual].noted = list(noted)
        background = self._background
        results: Dict[str, Dict[str, tuple]] = {}
        if background is not None:
            # what was described while jedi ran, where it is all the module wants; the rest anew, so a
            # module's functions are always described together, as without a pool
            keep = {(path, tuple(sorted(quals))) for path, quals in wanted.items()}
            results = {key[0]: found for key, found in background.finish(keep).items()}
        tasks = [t for t in self._describe_tasks({p: q for p, q in wanted.items() if p not in results})]
        found = _pool_map(self.pool, _describe_task, [t[1:] + (self.settings, self.notes) for t in tasks])
        results.update((slim.path, described) for (_size, slim, _text, _quals), described in zip(tasks, found))
        for path in wanted:
            functions = self.summaries[path].functions
            for qual, (returns_tensor, effects, notes) in results.get(path, {}).items():
                record = functions[qual]
                record.returns_tensor, record.effects, record.notes = returns_tensor, effects, notes

    def read(self, path: str) -> Optional[str]:
        """The text of a project file (project-relative path), as summarised, or None."""
        return _read_text(self.root / path)

    def _edge_target(self, summary: ModuleSummary, edge: Edge) -> Optional[_Target]:
        if edge.kind == "attr":
            found = self.jedi_results.get(summary.path)
            answer = found[1].get((edge.caller, edge.target)) if found is not None else None
            return self.resolve(answer[0]) if answer is not None else None
        if edge.kind in ("local", "nested"):
            record = summary.functions.get(edge.target)
            return _Target(summary, record, edge.target, record.tf_function, record.tf_keywords) if record else None
        return self.resolve(edge.target)

    def _plan(self) -> List[Tuple[ModuleSummary, List[Tuple[str, Tuple[Place, str], bool]], List[Tuple[Edge, Optional[_Target]]]]]:
        """What tracing propagation reads of each module, the same in every round of `link`: the
        functions traced from the start (why, and whether even when already traced), and the edges with a target (None for the attribute
        calls, which jedi's answers resolve), in the modules' order. Until the next change."""
        if self._plan_cache is not None:
            return self._plan_cache
        plan = []
        for summary in self.summaries.values():
            seeds: List[Tuple[str, Tuple[Place, str], bool]] = []
            for qual, record in summary.functions.items():
                if record.traced is not None:
                    note = _ORIGIN_NOTES.get(record.traced, "traced")
                    seeds.append((qual, (Place(summary.path, Span(*record.span)), f"`{qual}` is {note}"), True))
            # Keras classes known only through the hierarchy (a base in another module): their `call`
            # family is traced although the module alone could not tell
            for name in self._keras_classes(summary):
                for method in KERAS_TRACED_METHODS:
                    qual = f"{name}.{method}"
                    record = summary.functions.get(qual)
                    if (
                        record is not None
                        and keras_can_call(method, _parsed_arguments(record.signature))
                        and not record.builds_model
                    ):
                        seeds.append((qual, (Place(summary.path, Span(*record.span)), f"`{qual}` is {_ORIGIN_NOTES['keras']}"), False))
            edges: List[Tuple[Edge, Optional[_Target]]] = []
            for edge in summary.edges:
                if edge.kind == "attr":
                    edges.append((edge, None))
                    continue
                if edge.kind == "dict":
                    edges.extend((edge, target) for target in self._dict_members(edge.target))
                    continue
                target = self._edge_target(summary, edge)
                if target is not None:
                    edges.append((edge, target))
            plan.append((summary, seeds, edges))
        self._plan_cache = plan
        return plan

    def _steps(self) -> Tuple[list, Dict[Tuple[str, str], list], Dict[str, List[Tuple[Tuple[str, str], list]]]]:
        """What `_propagate` reads of the plan, the same in every round: the seeds in the order the
        modules give them ((key, origin, always, kind, place): a traced def or Keras method with kind
        "", or the target of a wrapping, dataset or vectorized_map edge with the edge's kind, and its
        place when it comes from another module), the edges with a target by calling
        function, in the modules' order, and, by module, each calling function's edges whose target
        jedi's answers decide (None there, for the attribute calls), in order. Until the next change."""
        if self._steps_cache is not None:
            return self._steps_cache
        seeds: list = []
        by_caller: Dict[Tuple[str, str], list] = {}
        with_attributes: Dict[str, Dict[Tuple[str, str], list]] = {}
        for summary, module_seeds, edges in self._plan():
            path = summary.path
            for qual, origin, always in module_seeds:
                seeds.append(((path, qual), origin, always, "", None))
            attributes = None
            for edge, target in edges:
                key = (path, edge.caller)
                if target is None:
                    if attributes is None:
                        attributes = with_attributes.setdefault(path, {})
                    if key not in attributes:  # the edges with a target so far, then every later one
                        attributes[key] = list(by_caller.get(key, ()))
                    attributes[key].append((edge, None))
                    continue
                by_caller.setdefault(key, []).append((edge, target))
                if attributes is not None and key in attributes:
                    attributes[key].append((edge, target))
                if edge.kind in _TRACING_EDGES:
                    place = Place(path, Span(*edge.span))
                    origin = (place, f"`{target.record.qualname}` is {_ORIGIN_NOTES[edge.kind]} here")
                    elsewhere = place if target.summary.path != path else None
                    seeds.append(((target.summary.path, target.record.qualname), origin, False, edge.kind, elsewhere))
        steps = (seeds, by_caller, {path: list(found.items()) for path, found in with_attributes.items()})
        self._steps_cache = steps  # type: ignore[assignment]
        return steps

    def _propagate(self, full: bool = True) -> None:
        """Tracing across modules (`_traced`); with `full`, also what the links read of it (why each
        function is traced, its calls elsewhere, what may run eagerly). Between jedi's rounds only
        the traced functions are needed (`_resolve_attributes` asks from them)."""
        seeds, static, attributes = self._steps()
        traced: Set[Tuple[str, str]] = set()
        incoming: Dict[Tuple[str, str], IncomingTrace] = {}
        # traced function → where its chain of calls starts, and what starts it there
        origins: Dict[Tuple[str, str], Tuple[Place, str]] = {}
        queue: deque = deque()
        # the calling functions' edges, with the attribute calls jedi's answers resolve now
        by_caller = static
        for path, callers in attributes.items():
            found = self.jedi_results.get(path)
            if found is None or not found[1]:
                continue  # no answers: no attribute call of the module has a target
            if by_caller is static:
                by_caller = dict(static)
            summary = self.summaries[path]
            for key, edges in callers:
                resolved = [(e, t if t is not None else self._edge_target(summary, e)) for e, t in edges]
                by_caller[key] = [(e, t) for e, t in resolved if t is not None]
        # A program's traces first, then the tests': where both trace a function, the chain shown for it
        # starts in the program (tests trace code on purpose; a rule may weigh a test's trace less).
        def in_test(seed) -> bool:
            return bool(TEST_PATH.search(seed[1][0].path.replace("\\", "/")))

        for phase in ([s for s in seeds if not in_test(s)], [s for s in seeds if in_test(s)]):
            for key, origin, always, kind, elsewhere in phase:
                if always or key not in traced:
                    if elsewhere is not None:
                        incoming[key] = IncomingTrace(kind, None, elsewhere)
                    traced.add(key)
                    queue.append(key)
                    origins[key] = origin
            while queue:
                path, qual = queue.popleft()
                for edge, target in by_caller.get((path, qual), ()):
                    if edge.kind in _TRACING_EDGES or self._eager_edge(edge):
                        continue
                    key = (target.summary.path, target.record.qualname)
                    if key in traced:
                        continue
                    traced.add(key)
                    queue.append(key)
                    origin = origins.get((path, qual))
                    if origin is not None:
                        origins[key] = origin
                    if target.summary.path != path:
                        place = Place(path, Span(*edge.span))
                        start, note = origin if origin is not None and origin[0].path != path else (None, "")
                        incoming[key] = IncomingTrace(
                            "called", qual.rsplit(".", 1)[-1] or None, place, start, note, through=edge.through
                        )
        self._traced = traced
        if not full:
            return
        # private name → the modules that read it outside traced code
        mentioned: Dict[str, Set[str]] = {}
        for summary in self.summaries.values():
            for caller, names in summary.mentions.items():
                if caller and (summary.path, caller) in traced:
                    continue
                for name in names:
                    mentioned.setdefault(name, set()).add(summary.path)
        self._mentioned = mentioned
        eager = self._may_run_eagerly(traced, by_caller, mentioned)
        self._eager = {}
        for path, qual in eager:
            if qual:
                self._eager.setdefault(path, set()).add(qual)
        callers: Dict[Tuple[str, str], List[ExternalCall]] = {}
        name_calls: Dict[str, Optional[Tuple[Place, str]]] = {}
        for summary, _seeds, edges in self._plan():
            for edge, target in edges:
                if edge.kind in ("local", "nested"):
                    continue
                if target is None:  # an attribute call: jedi's answer, if any
                    target = self._edge_target(summary, edge)
                    if target is None:
                        # `layer.backward(dy)` on a receiver nothing resolves: a call of some method of that name,
                        # eager at module level or in a test nothing traces
                        name = edge.target.rsplit(".", 1)[-1]
                        if name_calls.get(name) is None:
                            test = (
                                TEST_FUNCTION.match(edge.caller.rsplit(".", 1)[-1])
                                and TEST_PATH.search(summary.path.replace("\\", "/"))
                                and (summary.path, edge.caller) not in traced
                            )
                            shown = not edge.caller or edge.eager or test
                            name_calls[name] = (Place(summary.path, Span(*edge.span)), edge.caller) if shown else None
                        continue
                if target.summary.path == summary.path:
                    continue
                key = (target.summary.path, target.record.qualname)
                callers.setdefault(key, []).append(
                    ExternalCall(
                        Place(summary.path, Span(*edge.span)),
                        edge.caller or None,
                        (summary.path, edge.caller) in traced and not self._eager_edge(edge),
                        edge.kind not in ("call", "attr"),  # passed as a value: to tf.function, dataset.map, ...
                        tuple(edge.tensor_args),
                        edge.in_loop,
                        edge.kind == "partial",
                        self._eager_edge(edge) or (summary.path, edge.caller) in eager,
                        {k: self.constant(v) if isinstance(v, str) else v for k, v in edge.int_args.items()},
                        edge.receiver,
                    )
                )
        self._incoming = {}
        for (target_path, qual), trace in incoming.items():
            self._incoming.setdefault(target_path, {})[qual] = trace
        self._name_calls = name_calls
        self._callers = {}
        for (target_path, qual), calls in callers.items():
            self._callers.setdefault(target_path, {})[qual] = calls

    def _may_run_eagerly(
        self,
        traced: Set[Tuple[str, str]],
        by_caller: Dict[Tuple[str, str], List[Tuple[Edge, "_Target"]]],
        mentioned: Dict[str, Set[str]],
    ) -> Set[Tuple[str, str]]:
        """The functions (and module levels, qualname "") whose body may run eagerly: not traced, traced
        only as a Keras method (Keras runs it eagerly when the layer is called on eager tensors), read by
        its private name outside traced code in another module, documented as API its users call, called
        inside `tf.init_scope()`, or called by one of those. A tf.function's body never runs eagerly, nor what only it calls."""
        found: Set[Tuple[str, str]] = set()
        queue: deque = deque()

        def add(key: Tuple[str, str], record: Optional[FunctionRecord]) -> None:
            if key not in found and (record is None or not record.tf_function):
                found.add(key)
                queue.append(key)

        for summary, seeds, _edges in self._plan():
            add((summary.path, ""), None)
            for qual, record in summary.functions.items():
                name = qual.rsplit(".", 1)[-1]
                if (
                    (summary.path, qual) not in traced
                    or record.traced == "keras"
                    or record.documented
                    or (_private(name) and mentioned.get(name, set()) - {summary.path})
                ):
                    add((summary.path, qual), record)
            for qual, _origin, always in seeds:
                if not always:  # a Keras method known through the class hierarchy
                    add((summary.path, qual), summary.functions.get(qual))
        for edges in by_caller.values():
            for edge, target in edges:
                if self._eager_edge(edge):
                    add((target.summary.path, target.record.qualname), target.record)
        while queue:
            key = queue.popleft()
            for edge, target in by_caller.get(key, ()):
                if edge.kind not in _TRACING_EDGES:
                    add((target.summary.path, target.record.qualname), target.record)
        return found

    def eager_off_clause(self, path: str) -> str:
        """What shows that importing the module at `path` runs another project module that turns eager
        execution off at its top level (`ModuleSummary.eager_off`), as a clause for messages
        (`ModuleLink.eager_off`): the shortest chain of the packages whose `__init__` runs first and the
        modules the top levels import (`ModuleSummary.runs_imports`); "" when there is none. One
        breadth-first walk back from those modules answers for every module, until the next change."""
        if self._eager_off is None:
            self._eager_off = self._eager_off_chains()
        return self._eager_off.get(path, "")

    def _eager_off_chains(self) -> Dict[str, str]:
        sources = [s for s in self.summaries.values() if s.eager_off]
        if not sources:
            return {}
        # module → the modules that importing it runs directly: its package (whose `__init__` runs first), and
        # the project modules its top level imports; walked backwards from the modules that turn eager off
        runs_it: Dict[str, List[Tuple[str, str]]] = {}
        for summary in self.summaries.values():
            module = summary.module
            if not module:
                continue
            ran: List[Tuple[str, str]] = []
            if "." in module:
                parent = module.rsplit(".", 1)[0]
                if parent in self.modules:
                    ran.append((parent, "package"))
            for name in summary.runs_imports:
                if name in self.modules and name != module:
                    ran.append((name, "import"))
            for name, why in ran:
                runs_it.setdefault(name, []).append((module, why))
        ahead: Dict[str, Tuple[str, str]] = {}  # module → (the module it runs on the way, how)
        queue: deque = deque(s.module for s in sources if s.module)
        seen = set(queue)
        while queue:
            current = queue.popleft()
            for module, why in runs_it.get(current, ()):
                if module not in seen:
                    seen.add(module)
                    ahead[module] = (current, why)
                    queue.append(module)
        chains: Dict[str, str] = {}
        for module in ahead:
            parts: List[str] = []
            step = module
            while step in ahead:
                nxt, why = ahead[step]
                shown = f"`{self.modules[nxt]}`"
                if not parts:
                    parts.append(f"importing this module runs {shown}" if why == "package" else f"this module imports {shown}")
                else:
                    parts.append(f"which runs its package {shown} first" if why == "package" else f"which imports {shown}")
                step = nxt
            line, text = self.summaries[self.modules[step]].eager_off[:2]
            parts.append(f"which turns eager execution off when it is imported (line {line}: `{text}`)")
            chains[self.modules[module]] = ", ".join(parts)
        return chains

    def _missing_imports(self, summary: ModuleSummary) -> frozenset:
        """The module's module-level relative imports that name no module on disk (`missing_module`),
        judged from the folders as the index listed them: each folder is listed once per build (and
        again after a module is added or removed), so a check of the module reads nothing from disk."""
        absolute = os.path.join(self._root_text, summary.path)
        if not os.path.isfile(absolute):
            return frozenset()  # not on disk: nothing to judge by
        folder = os.path.dirname(absolute)
        listings = self._folders
        missing = set()
        for level, module in summary.relative:

            def entries(directory: str) -> Listing:
                listing = listings.get(directory, False)
                if listing is False:
                    listing = listings[directory] = list_folder(directory)
                return listing  # type: ignore[return-value]

            if missing_module(folder, level, module, entries):  # type: ignore[arg-type]
                missing.add((level, module))
        return frozenset(missing)

    def link_for(self, path: str) -> Optional[ModuleLink]:
        """The link of one module (its project-relative path), after `link()`."""
        link = self._links.get(path)
        if link is not None:
            return link
        summary = self.summaries.get(path)
        if summary is None:
            return None
        link = ModuleLink(path, summary.module, summary.package, root=self._root_text)
        if summary.relative:
            link.missing_imports = self._missing_imports(summary)
        link.eager_off = self.eager_off_clause(path)
        # The names the module imports and the calls it made when summarised (`m.f(...)` through
        # `import pkg.m as m`); a call added while editing is linked when the file is saved.
        wanted = set(summary.exports.values())
        wanted.update(edge.target for edge in summary.edges if edge.kind not in ("attr", "local", "nested"))
        for dotted in wanted:
            target = self.resolve(dotted)
            if target is not None and target.summary.path != path:
                link.functions[dotted] = self._external(target)
                if target.record.mode is not None:
                    modes = self.mode_test(dotted)
                    if modes != (None, None):
                        link.mode_tests[dotted] = modes
                    if self.tracing_test(dotted):
                        link.tracing_tests = link.tracing_tests | {dotted}
        eager: Set[str] = set()
        not_keras: Set[str] = set()
        for dotted in summary.exports.values():
            if dotted.rsplit(".", 1)[-1] in KERAS_MODULE_NAMES and self.tf_alias(dotted) is None and self._in_project(dotted):
                not_keras.add(dotted)
            kind = self.class_kind(dotted)
            if kind is not None:
                link.classes[dotted] = kind[0]
                if kind[1]:
                    eager.add(dotted)
            else:
                alias = self.tf_alias(dotted)
                if alias is not None:
                    link.aliases[dotted] = alias
        # the bases this module's classes name: a base inside a project module that is no class there
        # (`shim.layers.Layer` of a NumPy backend) is known not to be Keras, whatever its name
        for cls_name, (bases, _eager) in summary.classes.items():
            for base in bases:  # type: ignore[attr-defined]
                if base.startswith("?"):
                    continue
                # a def of the class that overrides a method of a base of another module that is traced there:
                # the base's `self.m(...)` calls run the override, in that trace
                defs = summary.members.get(cls_name, [[], []])[0]
                overridden = self.inherited(base) if defs else {}
                for method in defs:
                    target = overridden.get(method)
                    if target is not None and target.summary.path != path and (
                        (target.summary.path, target.record.qualname) in self._traced
                    ):
                        link.traced_overrides = link.traced_overrides | {f"{cls_name}.{method}"}
                # what `self.m` finds in a base of another module (`ModuleFacts.attribute_of`)
                for method, target in self._inherited_reads(summary, base):
                    link.functions.setdefault(f"{base}.{method}", self._external(target))
                    if target.record.mode is not None:
                        modes = self.mode_test(f"{base}.{method}")
                        if modes != (None, None):
                            link.mode_tests[f"{base}.{method}"] = modes
                        if self.tracing_test(f"{base}.{method}"):
                            link.tracing_tests = link.tracing_tests | {f"{base}.{method}"}
                if base in link.classes:
                    continue
                known = self.class_kind(base)
                if known is not None:
                    link.classes[base] = known[0]
                    if known[1]:
                        eager.add(base)
                elif self.tf_alias(base) is None and self._in_project(base):
                    link.classes[base] = ""
        link.eager_classes = frozenset(eager)
        link.not_keras = frozenset(not_keras)
        if self._runs_models is None:
            self._runs_models = any(s.runs_models for s in self.summaries.values())
        link.project_runs_models = self._runs_models
        if summary.flag_params:
            if self._passed_keywords is None:
                passed: Dict[str, int] = {}
                for other in self.summaries.values():
                    for name, mask in other.passed_keywords.items():
                        passed[name] = passed.get(name, 0) | mask
                self._passed_keywords = passed
            link.passed_flags = {
                name: self._passed_keywords[name] for name in summary.flag_params if name in self._passed_keywords
            }
        if summary.star and summary.module:
            self._link_star_names(summary, link)
        for dotted in summary.exports.values():
            value = self.constant(dotted)
            if value is not None:
                link.constants[dotted] = value
        jedi = self.jedi_results.get(path)
        if jedi is not None:
            for key, (dotted, _path, _digest) in jedi[1].items():
                target = self.resolve(dotted)
                if target is not None and target.summary.path != path:
                    link.attributes[key] = dotted
                    link.functions[dotted] = self._external(target)
        names = {qual.rsplit(".", 1)[-1] for qual in summary.functions}
        link.mentioned_elsewhere = frozenset(
            name for name in names if _private(name) and self._mentioned.get(name, set()) - {path}
        )
        link.may_run_eagerly = frozenset(self._eager.get(path, ()))
        link.incoming.update(self._incoming.get(path, {}))
        link.callers.update(self._callers.get(path, {}))
        for qual in summary.functions:
            name = qual.rsplit(".", 1)[-1]
            if "." in qual and name in self._name_calls:
                link.name_calls[name] = self._name_calls[name]
        self._links[path] = link
        return link

    # -- jedi --------------------------------------------------------------------------------

    def method_names(self) -> Tuple[Set[str], Set[str]]:
        """The names of the project's methods, and of those that are tf.functions. Until the next change."""
        if self._method_names is not None:
            return self._method_names
        method_names: Set[str] = set()
        tf_method_names: Set[str] = set()
        for summary in self.summaries.values():
            for qual, record in summary.functions.items():
                parts = qual.split(".")
                if len(parts) == 2 and parts[0] not in summary.functions:
                    method_names.add(parts[1])
                    if record.tf_function:
                        tf_method_names.add(parts[1])
        self._method_names = (method_names, tf_method_names)
        return self._method_names

    def _resolve_attributes(self, budget: Optional[float], should_stop: Callable[[], bool]) -> bool:
        # Jedi is asked about `obj.m(...)` only where the answer can matter: `m` is the name of a
        # tf.function method and the call is in a loop (a call to check for retracing arguments), or
        # the call is made from traced code and `m` names some method of the project (a callee that
        # becomes traced); never about the methods every container or tensor has (`_GENERIC_METHODS`).
        method_names, tf_method_names = self.method_names()
        started = time.perf_counter()
        learnt = False
        batch: List[Tuple[str, List[Edge], Tuple[str, str], object]] = []
        for path, summary in self.summaries.items():
            candidates = [
                e
                for e in summary.edges
                if e.kind == "attr"
                and e.target.rsplit(".", 1)[-1] not in _GENERIC_METHODS
                and (
                    # the retracing rules look at calls in loops
                    (e.in_loop and e.target.rsplit(".", 1)[-1] in tf_method_names)
                    or ((path, e.caller) in self._traced and e.target.rsplit(".", 1)[-1] in method_names)
                )
            ][:JEDI_CALLS_PER_MODULE]
            if not candidates:
                learnt = learnt or bool(self.jedi_results.pop(path, None))
                continue
            asked = hashlib.blake2b(repr([(e.caller, e.target) for e in candidates]).encode(), digest_size=8)
            key = (summary.digest, asked.hexdigest())
            cached = self.jedi_results.get(path)
            if cached is not None and cached[0] == key and self._answers_hold(cached[1]):
                continue
            known, ask = self._by_hierarchy(summary, candidates)
            if not ask:
                learnt = self._learn(path, ask, key, cached, known) or learnt
                continue
            if self.pool is not None:
                batch.append((path, ask, key, cached, known))
                continue
            if should_stop() or (budget is not None and time.perf_counter() - started > budget):
                continue  # stale answers are kept until there is time
            learnt = self._learn(path, ask, key, cached, {**self._ask_jedi(path, ask), **known}) or learnt
        if batch:
            # Each module's questions are independent: the pool's workers share them out.
            tasks = []
            for path, candidates, _key, _cached, _known in batch:
                text = self.read(path)
                if text is None or digest_of(text) != self.summaries[path].digest:
                    text = None
                tasks.append((text, path, candidates))
            roots = tuple(sorted({str(p) for p in self.source_roots} | {str(self.root)}))
            asked = [t for t in tasks if t[0] is not None]
            names = (self._background.map if self._background is not None else partial(_pool_map, self.pool))(
                _jedi_task,
                [
                    (str(self.root), roots, text, str(self.root / path), [e.span[:2] for e in cands], self._jedi_generation)
                    for text, path, cands in asked
                ],
            )
            by_path = {t[1]: n for t, n in zip(asked, names)}
            for path, candidates, key, cached, known in batch:
                found = by_path.get(path)
                answers = self._jedi_answers(candidates, found) if found is not None else {}
                learnt = self._learn(path, candidates, key, cached, {**answers, **known}) or learnt
        return learnt

    def _by_hierarchy(self, summary: ModuleSummary, candidates: List[Edge]) -> Tuple[Dict[Tuple[str, str], List[str]], List[Edge]]:
        """The answers the class hierarchy gives (`_self_method`), and the calls left for jedi."""
        known: Dict[Tuple[str, str], List[str]] = {}
        ask: List[Edge] = []
        for edge in candidates:
            answer = self._self_method(summary, edge) if edge.self_class else None
            if answer is None:
                ask.append(edge)
                continue
            self.stats["hierarchy_calls"] = self.stats.get("hierarchy_calls", 0) + 1
            if answer:
                known[(edge.caller, edge.target)] = answer
        return known, ask

    def _self_method(self, summary: ModuleSummary, edge: Edge) -> Optional[List[str]]:
        """Where `self.m(...)` goes by the project's own classes, as jedi would answer it: [dotted name,
        path, digest] of the def, [] when jedi could find no function, None when only jedi can tell.

        Jedi looks `m` up on an instance of the method's class: first among the attributes assigned
        as `self.m = ...` in any class of its MRO (a statement, no function; the index knows only the
        attribute names each module assigns, and leaves those to jedi), then in the bodies of
        the classes in MRO order (a def is the answer; a property or an assignment is no function).
        The index follows a chain of single inheritance through project classes; anything else (two
        bases, a base outside the project before `m` is found, `__getattr__`) is left to jedi."""
        method = edge.target.split(".", 1)[1]
        if method.startswith("__") and not method.endswith("__"):
            return None  # name mangling
        reachable: List[Tuple[ModuleSummary, str]] = []
        pending = [(summary, edge.self_class)]
        seen: Set[Tuple[str, str]] = set()
        while pending:  # every project class above (for the `self.m = ...` of any of them)
            owner, name = pending.pop()
            if (owner.path, name) in seen or owner.members.get(name) is None or len(seen) > 64:
                continue
            seen.add((owner.path, name))
            reachable.append((owner, name))
            for base in owner.classes[name][0]:  # type: ignore[attr-defined]
                found = self._locate(base) if not base.startswith("?") else None
                if found is not None and len(found[1]) == 1 and found[1][0] in found[0].classes:
                    pending.append((found[0], found[1][0]))
        if any(method in owner.attributes for owner, _name in reachable):
            return None  # `self.m = ...` may be there (any `.m = ...` of the module counts)
        owner, name = summary, edge.self_class
        for _ in range(64):
            defs, others = owner.members[name]
            if method in others:
                return None
            if method in defs:
                qual = f"{name}.{method}"
                if qual not in owner.functions or not owner.module:
                    return None
                return [f"{owner.module}.{qual}", owner.path, owner.digest]
            bases = [b for b in owner.classes[name][0] if b not in _OBJECT_NAMES]  # type: ignore[attr-defined]
            if not bases:
                lookups = ("__getattr__", "__getattribute__")
                if any(n in o.members[c][0] or n in o.members[c][1] for o, c in reachable for n in lookups):
                    return None
                return []
            found = self._locate(bases[0]) if len(bases) == 1 and not bases[0].startswith("?") else None
            if found is None or len(found[1]) != 1 or found[0].members.get(found[1][0]) is None:
                return None
            owner, name = found[0], found[1][0]
        return None

    def _learn(self, path: str, candidates: List[Edge], key, cached, answers) -> bool:
        """Keep jedi's answers for one module; True when they differ from what was known."""
        self.stats["jedi_calls"] = self.stats.get("jedi_calls", 0) + len(candidates)
        self.jedi_results[path] = (key, answers)
        self.dirty = True
        return cached is None or cached[1] != answers

    def _answers_hold(self, answers: Dict[Tuple[str, str], List[str]]) -> bool:
        """Jedi's answers still hold while each module it pointed into is unchanged."""
        for _dotted, path, digest in answers.values():
            summary = self.summaries.get(path)
            if summary is None or summary.digest != digest:
                return False
        return True

    def _jedi_project(self):
        import jedi

        roots = sorted({str(p) for p in self.source_roots} | {str(self.root)})
        return jedi.Project(self.root, sys_path=roots, added_sys_path=(), smart_sys_path=False)

    def _by_real_path(self) -> Dict[str, str]:
        """Resolved absolute path → project path of every module (jedi names modules by real path);
        built once per change of the module set: resolving 2,000 paths costs a second."""
        if self._real_paths is None:
            # each folder resolved once (a few hundred), each file by its own link only: it waits
            # between jedi's rounds
            folders: Dict[str, str] = {}
            root = str(self.root)
            real: Dict[str, str] = {}
            for path in self.summaries:
                full = os.path.join(root, path)
                folder, name = os.path.split(full)
                resolved = folders.get(folder)
                if resolved is None:
                    resolved = folders[folder] = os.path.realpath(folder)
                joined = os.path.join(resolved, name)
                real[os.path.realpath(joined) if os.path.islink(joined) else joined] = path
            self._real_paths = real
        return self._real_paths

    def _ask_jedi(self, path: str, candidates: List[Edge]) -> Dict[Tuple[str, str], List[str]]:
        """Where jedi says each candidate call goes, as a dotted name of a project function."""
        text = self.read(path)
        if text is None or digest_of(text) != self.summaries[path].digest:
            return {}
        project = getattr(self, "_jedi", None)
        if project is None:
            # What every question parses first is parsed before the first question, as the pool's jedi
            # process does (`_jedi_warm_task`): otherwise the first module asked pays it within its CPU
            # limit (`JEDI_SECONDS_PER_MODULE`), and which answers it gets would depend on its place.
            _warm_jedi()
            project = self._jedi = self._jedi_project()
        names = _jedi_names(
            project, text, str(self.root / path), [e.span[:2] for e in candidates], generation=getattr(self, "_jedi_generation", None)
        )
        return self._jedi_answers(candidates, names)

    def _jedi_answers(
        self, candidates: List[Edge], names: List[List[Tuple[Optional[str], str, int, str]]]
    ) -> Dict[Tuple[str, str], List[str]]:
        """The project functions among jedi's names (`_jedi_names`) for each candidate call."""
        by_path = self._by_real_path()
        found: Dict[Tuple[str, str], List[str]] = {}
        for edge, edge_names in zip(candidates, names):
            # jedi lists the names it infers in an order that may change from one process to the next
            # (sets of its inference): the first project function by place is kept, so every run agrees
            for module_path, kind, line, name in sorted(edge_names, key=lambda n: (by_path.get(n[0]) or "", n[2], n[3], n[1])):  # type: ignore[arg-type]
                other = by_path.get(module_path) if module_path is not None else None
                if other is None or kind != "function":
                    continue
                target_summary = self.summaries[other]
                qual = next(
                    (q for q, r in target_summary.functions.items() if r.span[0] == line and q.rsplit(".", 1)[-1] == name),
                    None,
                )
                if qual is not None and target_summary.module:
                    found[(edge.caller, edge.target)] = [target_summary.module + "." + qual, other, target_summary.digest]
                    break
        return found


_FIRST_TWO_LINES = re.compile(rb"(?:[^\r\n]*(?:\r\n|\r|\n)){0,2}")


def _install_jedi_prefilter() -> None:
    """Make jedi's search of the project for a name skip files without it before decoding them.

    To infer a parameter from the calls of its function, jedi reads up to 2,000 project files per
    question, decodes each and searches it with `\\bname\\b` (`jedi.inference.references._check_fs`):
    over a large project that was 3 of jedi's 8 CPU seconds. A file whose bytes do not contain the
    name cannot match, so it is refused from its bytes; every other file goes to jedi's own check,
    so the answers are the same. Only for an ASCII identifier in a file of an ASCII-compatible
    encoding, where the name's bytes are its ASCII bytes; anything else goes to jedi as before.

    Within one `ProjectIndex.link` (a generation, `_FileScan`) each file's bytes are read once, the
    project's folders walked once, and where each import leads asked of jedi's helper process once
    (`get_module_info`, importlib's finders: 332 round trips for 97 imports over the scale set),
    however many questions need them. Left alone if jedi's internals are not the ones this was
    written for."""
    global _JEDI_PREFILTER
    if _JEDI_PREFILTER:
        return
    _JEDI_PREFILTER = True
    try:
        from jedi.file_io import FolderIO
        from jedi.inference import references
    except ImportError:  # pragma: no cover - jedi is a dependency
        return
    original = getattr(references, "_check_fs", None)
    if original is None or getattr(original, "__code__", None) is None or original.__code__.co_argcount != 3:
        return

    def check_fs(inference_state, file_io, regex):
        needle = _prefilter_needle(regex)
        if needle is not None:
            scan = _FileScan.active()
            if scan is not None:
                code, compatible = scan.read(file_io)
                if code is None:
                    return None  # not found
                if compatible and needle not in code:
                    return None
            else:
                try:
                    code = file_io.read()
                except FileNotFoundError:
                    return None
                if isinstance(code, bytes) and needle not in code and _ascii_compatible(code):
                    return None
        return original(inference_state, file_io, regex)

    references._check_fs = check_fs

    walk = getattr(references, "_find_project_modules", None)
    find = getattr(references, "recurse_find_python_files", None)
    code = getattr(walk, "__code__", None)
    if code is None or find is None or code.co_argcount != 2 or code.co_varnames[:2] != ("inference_state", "module_contexts"):
        return

    def find_project_modules(inference_state, module_contexts):
        scan = _FileScan.active()
        if scan is None:
            return walk(inference_state, module_contexts)
        # jedi's own walk, from the project's folder with no exception, then without the searching
        # modules' files: the files it yields and their order are those of `recurse_find_python_files`
        # given the exceptions (files are compared by `Path`, folders by `str`: an exception, a
        # module's file, never prunes a folder)
        except_ = {m.py__file__() for m in module_contexts}
        files = scan.walk(str(inference_state.project.path), lambda path: find(FolderIO(path), ()))
        return (file_io for file_io in files if file_io.path not in except_)

    references._find_project_modules = find_project_modules

    try:
        from jedi.inference.compiled.subprocess import InferenceStateSubprocess
    except ImportError:  # pragma: no cover - jedi is a dependency
        return
    if "get_module_info" in vars(InferenceStateSubprocess) or "__getattr__" not in vars(InferenceStateSubprocess):
        return

    def get_module_info(self, *args, **kwargs):
        # where an import leads, asked of jedi's helper process (importlib's finders over the folders
        # given): one round trip per question and import, the same answer within a generation
        ask = InferenceStateSubprocess.__getattr__(self, "get_module_info")
        scan = _FileScan.active()
        if scan is None or args:
            return ask(*args, **kwargs)
        key = (id(getattr(self, "_compiled_subprocess", None)), repr(sorted(kwargs.items())))
        found = scan.module_infos.get(key)
        if found is None:
            found = scan.module_infos[key] = ask(**kwargs)
        return copy.deepcopy(found)

    InferenceStateSubprocess.get_module_info = get_module_info  # type: ignore[attr-defined]


class _FileScan:
    """What jedi read of the project's files and folders in one generation (one `ProjectIndex.link`,
    whose questions all see the files as they are): the bytes of each file it searched for a name,
    and the order of its walk of the project's folder, taken as far as a search went. Only the
    latest generation is kept; questions asked without one read as jedi does."""

    _latest: Optional["_FileScan"] = None
    _local = threading.local()

    def __init__(self, generation: str) -> None:
        self.generation = generation
        self.reads: Dict[object, Tuple[Optional[bytes], bool]] = {}
        self.walks: Dict[str, Tuple[list, Iterable]] = {}
        self.module_infos: Dict[Tuple[int, str], tuple] = {}

    @classmethod
    def enter(cls, generation: Optional[str]) -> None:
        scan = None
        if generation is not None:
            scan = cls._latest
            if scan is None or scan.generation != generation:
                scan = cls._latest = cls(generation)
        cls._local.scan = scan

    @classmethod
    def active(cls) -> Optional["_FileScan"]:
        return getattr(cls._local, "scan", None)

    def read(self, file_io) -> Tuple[Optional[bytes], bool]:
        """The file's bytes (None when it is gone) and whether they decode with ASCII bytes as themselves."""
        found = self.reads.get(file_io.path)
        if found is None:
            try:
                code = file_io.read()
            except FileNotFoundError:
                found = (None, False)
            else:
                found = (code, isinstance(code, bytes) and _ascii_compatible(code))
            self.reads[file_io.path] = found
        return found

    def walk(self, folder: str, start: Callable[[str], Iterable]) -> Iterable:
        """The files of `start(folder)`, in its order, walked once and only as far as asked."""
        found = self.walks.get(folder)
        if found is None:
            found = self.walks[folder] = ([], iter(start(folder)))
        seen, rest = found
        position = 0
        while True:
            if position < len(seen):
                yield seen[position]
                position += 1
                continue
            item = next(rest, _WALK_END)
            if item is _WALK_END:
                return
            seen.append(item)


_WALK_END = object()
_GENERATIONS = itertools.count()


_JEDI_PREFILTER = False
_CODING = re.compile(rb"coding[=:]\s*([-\w.]+)")  # as parso reads a declaration (`parso.utils`)
_ASCII_COMPATIBLE = frozenset({"utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1252"})


def _ascii_compatible(code: bytes) -> bool:
    """The file decodes (as parso decodes it) with ASCII bytes standing for themselves."""
    if code.startswith(b"\xef\xbb\xbf"):
        return True  # UTF-8's byte-order mark
    declared = _CODING.search(_FIRST_TWO_LINES.match(code).group(0))  # type: ignore[union-attr]
    if declared is None:
        return True  # UTF-8, the default
    try:
        return codecs.lookup(declared.group(1).decode("ascii", "replace")).name in _ASCII_COMPATIBLE
    except LookupError:
        return False
_NEEDLES: Dict[str, Optional[bytes]] = {}


def _prefilter_needle(regex) -> Optional[bytes]:
    """The bytes of the name jedi searches for (`\\bname\\b` or `\\bname`), when it is an ASCII identifier."""
    pattern = getattr(regex, "pattern", None)
    if not isinstance(pattern, str):
        return None
    if pattern not in _NEEDLES:
        name = pattern[2:] if pattern.startswith("\\b") else ""
        name = name[:-2] if name.endswith("\\b") else name
        _NEEDLES[pattern] = name.encode("ascii") if name.isascii() and name.isidentifier() else None
    return _NEEDLES[pattern]


def _jedi_names(
    project, text: str, file: str, positions: List[Tuple[int, int]], environment=None, generation: Optional[str] = None
) -> List[List[Tuple[Optional[str], str, int, str]]]:
    """What jedi's `goto` gives at each position of one module: (resolved module path, type, line,
    name) per name. Needs no index, so a worker process can run it. Questions of one `generation`
    share what jedi read of the project's files (`_FileScan`)."""
    try:
        import jedi
    except ImportError:  # pragma: no cover - jedi is a dependency
        return []
    _install_jedi_prefilter()
    # The collector is paused while jedi works (a quarter of its time went to collections walking
    # its trees), on the main thread only: the switch is process-wide (as `engine.gc_paused`).
    # parso switches it back on after each tree it loads from its disk cache, unless held.
    global _GC_HELD
    collecting = gc.isenabled()
    hold = threading.current_thread() is threading.main_thread()
    if hold:
        _hold_collector_for_parso()
        gc.disable()
        _GC_HELD = True
    _FileScan.enter(generation)
    try:
        return _goto_names(jedi, project, text, file, positions, environment)
    finally:
        _FileScan.enter(None)
        _GC_HELD = False
        if collecting and hold:
            gc.enable()
        elif not collecting:
            gc.disable()


_GC_HELD = False  # jedi runs with the collector paused (`_jedi_names`)


class _HeldCollector:
    """`gc` as parso's cache sees it: its `enable()` after loading a pickled tree waits while
    hybridlint holds the collector paused for jedi."""

    def __getattr__(self, name: str):
        return getattr(gc, name)

    @staticmethod
    def enable() -> None:
        if not _GC_HELD:
            gc.enable()


def _hold_collector_for_parso() -> None:
    try:
        from parso import cache
    except ImportError:  # pragma: no cover - jedi depends on parso
        return
    if getattr(cache, "gc", None) is gc:
        cache.gc = _HeldCollector()  # type: ignore[attr-defined]


def _goto_names(jedi, project, text: str, file: str, positions: List[Tuple[int, int]], environment):
    # CPU seconds of this thread, not wall time: how busy the machine is must not decide which calls
    # get an answer, or a CI job's findings would change with its neighbours
    started = time.thread_time()
    try:
        script = jedi.Script(text, path=file, project=project, environment=environment)
    except Exception:
        return []
    out: List[List[Tuple[Optional[str], str, int, str]]] = []
    for line, col in positions:
        if time.thread_time() - started > JEDI_SECONDS_PER_MODULE:
            break
        try:
            names = script.goto(line, col, follow_imports=True)
        except Exception:
            out.append([])
            continue
        out.append(
            [
                (str(n.module_path.resolve()) if n.module_path is not None else None, n.type, n.line, n.name)
                for n in names
            ]
        )
    return out


_WORKER_JEDI: Dict[Tuple[str, Tuple[str, ...]], tuple] = {}  # a worker's jedi project and environment
_WORKER_ENVIRONMENT: list = []  # a worker's jedi environment, shared by its projects


def _worker_environment():
    """The jedi environment of this worker process, made once. Jedi's own cached environment talks
    to a helper process through pipes; a forked worker shares that cache (and those pipes) with its
    parent, so it makes its own."""
    if not _WORKER_ENVIRONMENT:
        import jedi

        _WORKER_ENVIRONMENT.append(jedi.get_default_environment())
    return _WORKER_ENVIRONMENT[0]


# What jedi loads for (nearly) every question, whatever the project: the stubs of builtins and of the
# modules they import, and the standard library sources behind the stubs of `typing` and the like
# (jedi reads both). With an empty parso cache (a fresh CI job) parsing them is about a second of
# CPU, paid by the first question asked.
_JEDI_WARM_MODULES = ("typing", "collections", "functools", "itertools", "types", "sys", "typing_extensions", "abc")


def _jedi_warm_task() -> None:
    """In the process that will answer jedi's questions, while the others summarize: load what
    every question needs (`_JEDI_WARM_MODULES`) into parso's in-memory cache of parse trees, which
    jedi reads by path and content. Only parse trees are kept: each question still gets its own
    jedi inference state, so the answers are those jedi gives without it."""
    _no_parse_pickles()
    # the collector then leaves parso's trees and jedi's caches, which live as long as the process, out of
    # every later collection's walk (they were re-walked in each jedi task and each check after it)
    with gc_paused(then_freeze=True):
        _warm_jedi(_worker_environment)




def _warm_jedi(environment: Callable[[], object] = lambda: None) -> None:
    """Parse what every jedi question needs (`_jedi_warm_task`) in this process, with `environment()`."""
    try:
        import jedi

        project = jedi.Project(
            os.path.join(tempfile.gettempdir(), "hybridlint-jedi-warm"), sys_path=[], added_sys_path=(), smart_sys_path=False
        )
        text = "".join(f"import {name}\n" for name in _JEDI_WARM_MODULES) + "[].append\n"
        positions = [(line, 7) for line in range(1, len(_JEDI_WARM_MODULES) + 1)]
        _jedi_names(project, text, None, positions + [(len(_JEDI_WARM_MODULES) + 1, 4)], environment())
    except Exception:  # noqa: BLE001 - a warm-up that fails costs only its time
        pass


def _no_parse_pickles() -> None:
    """In a worker process of one run: parso keeps the trees it parses for jedi in memory but no
    longer pickles each to its disk cache (`~/.cache/jedi`). Only a later jedi run could read those
    files, and the index's own cache keeps jedi's answers; in a fresh CI job writing them was a
    tenth of jedi's CPU (and of the scale set, 14 MB into the home folder). Pickles already there
    are still read. Left alone if parso's internals are not the ones this was written for."""
    global _PARSE_PICKLES_OFF
    if _PARSE_PICKLES_OFF:
        return
    _PARSE_PICKLES_OFF = True
    try:
        from parso import grammar
    except ImportError:  # pragma: no cover - jedi depends on parso
        return
    save = getattr(grammar, "try_to_save_module", None)
    code = getattr(save, "__code__", None)
    if code is None or "pickling" not in code.co_varnames[: code.co_argcount]:
        return
    position = code.co_varnames.index("pickling")

    def try_to_save_module(*args, **kwargs):
        if len(args) > position:
            args = args[:position] + (False,) + args[position + 1 :]
        else:
            kwargs["pickling"] = False
        return save(*args, **kwargs)

    grammar.try_to_save_module = try_to_save_module  # type: ignore[attr-defined]


_PARSE_PICKLES_OFF = False


def _jedi_task(
    root: str, roots: Tuple[str, ...], text: str, file: str, positions: List[Tuple[int, int]], generation: Optional[str] = None
):
    """`_jedi_names` in a worker process, with one jedi project per worker (its caches are reused)."""
    found = _WORKER_JEDI.get((root, roots))
    if found is None:
        import jedi

        _no_parse_pickles()
        project = jedi.Project(root, sys_path=list(roots), added_sys_path=(), smart_sys_path=False)
        found = _WORKER_JEDI[(root, roots)] = (project, _worker_environment())
    with gc_paused(then_freeze=True):
        return _jedi_names(found[0], text, file, positions, found[1], generation)


# the first item of the key of a background task `speculate` adds (`ProjectIndex._speculate_links`):
# once jedi's rounds end, up to `RELEASED_CHECKS` of each process's are sent (`_Background.release`)
# and the others dropped
SPECULATION = object()
RELEASED_CHECKS = 3


class _Background:
    """Tasks for the pool's idle workers, submitted only while fewer tasks than workers run: the
    tasks that `map` waits for go first, and the background fills the workers behind them."""

    DEPTH = 2  # background tasks sent ahead to each process, while jedi's questions keep one busy

    def __init__(self, pool):
        self.pool = pool
        self.workers = max(1, getattr(pool, "_max_workers", None) or os.cpu_count() or 1)
        # a pool that sends every jedi question to one process (`workers.OwnerPool.JEDI_PROCESS`):
        # however many wait, they keep one process busy
        self.one_process = getattr(pool, "JEDI_PROCESS", None) is not None
        self.queue: deque = deque()  # (key, function, arguments), not submitted yet
        self.running: Set[Future] = set()
        self.futures: Dict[object, Future] = {}
        # called by `map` each time it wakes, after sending what it can (`ProjectIndex._speculate_links`
        # decides when to act)
        self.hook: Optional[Callable[[], None]] = None
        # called once by `map` as soon as its tasks are sent, to add background tasks
        self.prepare: Optional[Callable[[], None]] = None

    def add(self, key, function: Callable, args: tuple) -> None:
        self.queue.append((key, function, args))

    def _fill(self, busy: int, elsewhere: bool = False) -> None:
        """Send background tasks while fewer than the workers left free by `busy` processes can take.
        `elsewhere` (jedi's questions keep one process busy, `one_process`): to the other processes
        only, `DEPTH` tasks ahead for each, so that none waits for this process to send its next task
        (a round trip per description: about a fifth of the other process's time while jedi works)."""
        limit = self.workers
        send = self.pool.submit
        if elsewhere and getattr(self.pool, "submit_elsewhere", None) is not None:
            limit = busy + (self.workers - busy) * self.DEPTH
            send = self.pool.submit_elsewhere
        while self.queue and busy + len(self.running) < limit:
            key, function, args = self.queue.popleft()
            if callable(args):
                try:
                    args = args()  # made when sent (`cli._speculative_checks`: the links as they stand then)
                except Exception:  # noqa: BLE001 - a guess that cannot be made is not sent
                    continue
            future = self.futures[key] = send(function, *args)
            self.running.add(future)

    def release(self, kind: object, limit: int) -> None:
        """Jedi's rounds are over: of the tasks queued under keys `(kind, process, ...)`, send up to
        `limit` to each process, to that process where the pool can choose (`OwnerPool.submit_owned`:
        the tree it kept is there), and drop the others; the rest of the queue stays."""
        submit = getattr(self.pool, "submit_owned", None)
        kept: deque = deque()
        sent: Dict[object, int] = {}
        for key, function, args in self.queue:
            if key[0] is not kind:
                kept.append((key, function, args))
                continue
            if submit is None or sent.get(key[1], 0) >= limit:
                continue
            if callable(args):
                try:
                    args = args()
                except Exception:  # noqa: BLE001 - as `_fill`
                    continue
            sent[key[1]] = sent.get(key[1], 0) + 1
            future = self.futures[key] = submit(function, *args)
            self.running.add(future)
        self.queue = kept

    def flush(self) -> None:
        """Send every task of the queue now, to processes other than jedi's where the pool can
        choose (`OwnerPool.submit_elsewhere`)."""
        send = getattr(self.pool, "submit_elsewhere", None) or self.pool.submit
        while self.queue:
            key, function, args = self.queue.popleft()
            if callable(args):
                try:
                    args = args()
                except Exception:  # noqa: BLE001 - as `_fill`
                    continue
            future = self.futures[key] = send(function, *args)
            self.running.add(future)

    def map(self, function: Callable, tasks: List[tuple]) -> List:
        """`function(*task)` for every task, in order, ahead of the background."""
        futures = [self.pool.submit(function, *task) for task in tasks]
        if self.prepare is not None:
            prepare, self.prepare = self.prepare, None
            prepare()
        waiting = set(futures)
        while waiting:
            if self.one_process and function is _jedi_task:
                self._fill(min(len(waiting), 1), elsewhere=True)
            else:
                self._fill(len(waiting))
            if self.hook is not None:
                self.hook()  # it says when (`ProjectIndex._speculate_links`)
            done, _ = wait(waiting | self.running, return_when=FIRST_COMPLETED)
            waiting -= done
            self.running -= done
        self._fill(0)  # the workers stay busy while this process propagates
        return [future.result() for future in futures]

    def finish(self, keep: Set[object]) -> Dict[object, object]:
        """The results of the background tasks whose key is in `keep` (the others are dropped)."""
        self.queue = deque(item for item in self.queue if item[0] in keep)
        # Every task not done yet is in `running` (at most a few: `_fill` sends no more than the
        # workers take), so each ending is awaited there: waiting on every kept future at each
        # ending, as before, was quadratic (a second of this process's CPU, taken from the workers
        # while they describe).
        kept = {future for key, future in self.futures.items() if key in keep}
        while True:
            self.running = {f for f in self.running if not f.done()}
            known = len(self.futures)
            self._fill(0)
            kept.update(list(self.futures.values())[known:])  # the queue holds only kept tasks
            if not self.queue and not (self.running & kept):
                break
            wait(self.running, return_when=FIRST_COMPLETED)
        return {key: future.result() for key, future in self.futures.items() if key in keep}


def _pool_map(pool, function: Callable, tasks: List[tuple]) -> List:
    """`function(*task)` for every task, in a process pool, in order."""
    if not tasks:
        return []
    chunk = max(1, min(8, len(tasks) // 16))
    return list(pool.map(function, *zip(*tasks), chunksize=chunk))


# -- building over a folder, with a cache ----------------------------------------------------


def build_index(
    root: Path,
    files: Iterable[str],
    settings: Optional[Settings] = None,
    cache_dir: Optional[Path] = None,
    read: Optional[Callable[[str], Optional[str]]] = None,
    jedi_budget: Optional[float] = None,
    pool=None,
    summaries: Optional[Dict[str, ModuleSummary]] = None,
    jedi_results: Optional[Dict[str, Tuple[Tuple[str, str], Dict[Tuple[str, str], List[str]]]]] = None,
    notes: Optional[Iterable[str]] = None,
) -> ProjectIndex:
    """The index of `files` (paths) under `root`, reusing the summaries and jedi answers cached in
    `cache_dir` for files whose content is unchanged, and saving the new cache there. `pool` (a
    `concurrent.futures` process pool) shares the summaries, jedi and the descriptions out.
    `summaries` and `jedi_results` (project path → ...) are reused as a cache's are. `notes`: the
    codes of the rules the links are for (their `Rule.summarize_function` notes are computed;
    None: every rule's)."""
    index = ProjectIndex(root, settings)
    index.notes = sorted(notes) if notes is not None else None
    cache = _load_cache(cache_dir, index) if cache_dir is not None else {}
    if summaries:
        cache = {**summaries, **cache}
    if jedi_results:
        index.jedi_results.update(jedi_results)
    started = time.perf_counter()
    reused = 0
    ints = index_reads(index.notes, CALL_INTS)
    packages: Dict[str, bool] = {}
    entries: List[Tuple[Optional[ModuleSummary], Path]] = []
    pending: List[Tuple[int, str, str, str, str]] = []  # (entry, text, path, module, package)
    for file in files:
        path = Path(file)
        text = read(file) if read is not None else _read_text(path)
        if text is None:
            continue
        rel = index.relative(path)
        cached = cache.get(rel)
        module, folder = module_name(path, index.root, packages)
        if cached is not None and cached.digest == digest_of(text) and cached.module == module and (cached.call_ints or not ints):
            entries.append((cached, folder))
            reused += 1
        else:
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            pending.append((len(entries), text, rel, module, package))
            entries.append((None, folder))
    if pool is not None and len(pending) > 1:
        pending.sort(key=lambda task: -len(task[1]))  # the largest first: the workers finish together
        tasks = [task[1:] + (index.settings,) for task in pending]
        # a pool whose processes keep the trees for the check (`hybridlint.workers.OwnerPool`)
        keeping = getattr(pool, "summarize", None)
        if keeping is not None:
            summaries = keeping(tasks, ints)
            # what the summaries' processes found of the texts they read (`_reads_by_text`), when
            # this index reads the texts they were given
            if read is not None:
                index._text_reads.update(getattr(pool, "text_reads", None) or {})
        else:
            summaries = _pool_map(pool, summarize, [task + (ints,) for task in tasks])
    else:
        summaries = [summarize(*task[1:], index.settings, ints) for task in pending]
    for task, summary in zip(pending, summaries):
        entries[task[0]] = (summary, entries[task[0]][1])
    for summary, folder in entries:
        index.add(summary, folder)  # type: ignore[arg-type]
    summarized = time.perf_counter()
    index.dirty = reused < len(index.summaries) or len(cache) != len(index.summaries)
    if read is not None:
        index.read = lambda rel: read(str(index.root / rel))  # type: ignore[method-assign]
    index.pool = pool
    try:
        index.link(jedi_budget)
    finally:
        index.pool = None
    index.stats.update(
        files=len(index.summaries), reused=reused, summarize_seconds=summarized - started
    )
    if cache_dir is not None and index.dirty:
        save_cache(cache_dir, index)
    return index


def index_of_files(root: Path, files: Dict[str, str], settings: Optional[Settings] = None) -> ProjectIndex:
    """Write `files` (project-relative path → text) under `root` and index them: multi-module
    examples and tests. Jedi reads the files from disk, so they are really written. Files that are no
    Python modules (`requirements.txt`: what the project declares, `config.with_declared`) are written only.
    Without `settings`, the defaults with the targets the written project declares, as a run over `root`."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if settings is None:
        from .config import with_declared

        settings = with_declared(Settings(), root)
    return build_index(root, [str(root / rel) for rel in files if rel.endswith(".py")], settings)


def _read_text(path: Path) -> Optional[str]:
    from .files import UnreadableFile, read_source

    try:
        return read_source(str(path)).text
    except (UnreadableFile, OSError, ValueError):
        return None


@functools.lru_cache(maxsize=None)
def _analysis_fingerprint() -> str:
    """What the summaries were computed by: hybridlint's own sources (name, size, mtime), so a cache
    written by another release, or by an edited checkout, is not read as current."""
    from . import rules

    digest = hashlib.sha1()
    for folder in [Path(__file__).resolve().parent, *map(Path, rules.__path__)]:
        for path in sorted(folder.glob("*.py")):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _cache_key(index: ProjectIndex) -> str:
    return json.dumps(
        [
            INDEX_FORMAT,
            _analysis_fingerprint(),
            list(index.settings.alias_modules),
            index.settings.multi_backend_keras(),
            sys.version_info[:2],
        ]
    )


# The cache is JSON, with each summary, function record and edge as a list of its fields in
# declaration order (`_summary_row`): the field names are not repeated 150,000 times, and records
# are built by position. A large project's cache (800k lines) loads in about a quarter of a second,
# from 0.6 s as one dictionary per record (the collector paused, as the CLI builds the index).
# Not pickle or marshal: the cache lives in the checked project, and loading a pickle runs whatever
# the file says (a checkout could ship one), while marshal is not safe against damaged data either
# and loads no faster here.
_SUMMARY_FIELDS = tuple(f.name for f in fields(ModuleSummary) if f.name not in ("functions", "edges"))
_RECORD_FIELDS = tuple(f.name for f in fields(FunctionRecord))
_EDGE_FIELDS = tuple(f.name for f in fields(Edge))


def _summary_row(summary: ModuleSummary) -> list:
    # Records and edges hold JSON data only (rules' notes are JSON values by contract).
    return [
        [getattr(summary, name) for name in _SUMMARY_FIELDS],
        [[getattr(r, name) for name in _RECORD_FIELDS] for r in summary.functions.values()],
        [[getattr(e, name) for name in _EDGE_FIELDS] for e in summary.edges],
    ]


def _summary_of_row(row: list) -> ModuleSummary:
    head, records, edges = row
    if len(head) != len(_SUMMARY_FIELDS):
        raise ValueError("a summary of another shape")
    summary = ModuleSummary(**dict(zip(_SUMMARY_FIELDS, head)))
    functions = summary.functions
    for values in records:
        record = FunctionRecord(*values)
        record.span = tuple(record.span)  # type: ignore[assignment]
        functions[record.qualname] = record
    summary.edges = [Edge(*values) for values in edges]
    for edge in summary.edges:
        edge.span = tuple(edge.span)  # type: ignore[assignment]
    return summary


def _load_cache(cache_dir: Path, index: ProjectIndex) -> Dict[str, ModuleSummary]:
    """The cached summaries (and jedi's answers, into `index`); none when the cache is missing, of
    another version or damaged, and `index.cache_note` then says why the index is built anew."""
    target = cache_dir / CACHE_FILE
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        index.cache_note = f"cache not readable ({exc.strerror or exc}): built anew"
        return {}
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("key") != _cache_key(index):
            index.cache_note = "cache written by another version or with other settings: built anew"
            return {}
        summaries = {path: _summary_of_row(row) for path, row in data["summaries"].items()}
        jedi: Dict[str, Tuple[Tuple[str, str], Dict[Tuple[str, str], List[str]]]] = {}
        for path, (key, pairs) in data.get("jedi", {}).items():
            jedi[path] = (tuple(key), {(c, chain): list(answer) for c, chain, *answer in pairs})  # type: ignore[assignment]
        index.jedi_results.update(jedi)
        return summaries
    except (ValueError, KeyError, TypeError, AttributeError):
        index.cache_note = "cache damaged (not a hybridlint index): built anew"
        return {}


def save_cache(cache_dir: Path, index: ProjectIndex) -> None:
    """Write the index's summaries and jedi answers to `cache_dir` (a read-only project keeps none)."""
    from .files import write_atomically

    data = {
        "key": _cache_key(index),
        "summaries": {path: _summary_row(s) for path, s in index.summaries.items()},
        "jedi": {
            path: [list(key), [[c, chain, *answer] for (c, chain), answer in pairs.items()]]
            for path, (key, pairs) in index.jedi_results.items()
        },
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        ignore = cache_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by hybridlint\n*\n", encoding="utf-8")
        target = cache_dir / CACHE_FILE
        if not target.exists():
            target.touch()  # write_atomically copies an existing file's mode: without one it raises
        write_atomically(str(target), json.dumps(data, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass  # a read-only project is checked without a cache


__all__ = [
    "ModuleSummary",
    "ProjectIndex",
    "build_index",
    "module_name",
    "summarize",
]
