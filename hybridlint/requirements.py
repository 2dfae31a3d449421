"""The TensorFlow and Keras versions a project declares, read from its packaging files.

When `target-tensorflow` / `target-keras` are not set, they are inferred (as ruff infers its
target-version from `requires-python`) from the requirements found in the configuration's folder:
`[project] dependencies` and `optional-dependencies` of pyproject.toml, `install_requires` (and
`extras_require`) of setup.cfg and of setup.py, and `requirements*.txt`. Nothing is imported or run:
setup.py is read with `ast`, and only literal lists count (also joined with `+`, taken from a
literal dict by a constant key, or through module-level names bound once and never changed).
The target is the oldest release the specifiers allow (`==2.6.0`, `>=2.6,<2.9`, `~=2.6.0`: 2.6);
a requirement without a lower bound says nothing. Of several declarations the oldest floor wins.

When no packaging file declares a TensorFlow floor, the one a package checks when it is imported
counts instead (tensorflow-probability, tf-agents and tensorflow-addons leave `tensorflow` out of their
requirements so that users pick tensorflow, -cpu or -gpu, and raise or warn below a floor instead):
`if LooseVersion(tf.__version__) < LooseVersion("2.3"): raise ImportError(...)`, also through
`packaging.version.parse`, `tf.version.VERSION`, names bound once to the version or to the literal,
`if <at least X>: return` before a warning, an `else` that raises, and `assert`. Only code that runs
at import is read: the top-level statements of each top-level package's `__init__.py` (at the root or
under `src/`) and of the package's modules it imports, and the functions those statements call.
A file is parsed only when its bytes hold `__version__` or `VERSION` (the `__init__.py` files aside).
Without either, a required companion released in step with TensorFlow bounds it from below
(`tensorflow-addons>=0.10` needs TensorFlow 2.2; `tensorflow-text>=2.6` needs 2.6).
Anything unreadable is skipped: a bad file never stops a run.
"""

from __future__ import annotations

import ast
import configparser
import os
import sys
from stat import S_ISREG
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .source import parse_python

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older Pythons only
    import tomli as tomllib

TENSORFLOW_DISTRIBUTIONS = frozenset(
    {
        "tensorflow",
        "tensorflow-cpu",
        "tensorflow-gpu",
        "tensorflow-macos",
        "tensorflow-intel",
        "tensorflow-aarch64",
        "tf-nightly",
        "tf-nightly-cpu",
        "tf-nightly-gpu",
    }
)
KERAS_DISTRIBUTIONS = frozenset({"keras", "keras-nightly"})
TF_KERAS_DISTRIBUTIONS = frozenset({"tf-keras", "tf-keras-nightly"})  # Keras 2, for TensorFlow 2.16 and later
# Companions released in step with TensorFlow: each release needs a TensorFlow at least this old, so
# requiring one bounds TensorFlow from below where nothing names TensorFlow itself (TensorFlowASR 0.6
# asks for `tensorflow-addons>=0.10` and states its `tensorflow>=2.3` only in its README). From each
# project's published compatibility table; a companion version not listed bounds nothing.
_COMPANION_FLOORS: Dict[str, Dict[Version2, Version2]] = {
    # tensorflow-addons' README ("Python Op Compatibility Matrix") and its MIN_TF_VERSION checks
    "tensorflow-addons": {
        (0, 6): (2, 0), (0, 7): (2, 1), (0, 8): (2, 1), (0, 9): (2, 1), (0, 10): (2, 2), (0, 11): (2, 2),
        (0, 12): (2, 3), (0, 13): (2, 3), (0, 14): (2, 4), (0, 15): (2, 5), (0, 16): (2, 6), (0, 17): (2, 7),
        (0, 18): (2, 8), (0, 19): (2, 9), (0, 20): (2, 10), (0, 21): (2, 11), (0, 22): (2, 12), (0, 23): (2, 13),
    },
    # tensorflow-probability's release notes ("tested and stable against TensorFlow 2.x")
    "tensorflow-probability": {
        **{(0, minor): (2, minor - 8) for minor in range(9, 24)},  # 0.9 -> 2.1 ... 0.23 -> 2.15
        (0, 24): (2, 16), (0, 25): (2, 18),
    },
}
# Built on Keras 2's `tf.keras` in every release (tensorflow-addons ended at 0.23, for TensorFlow
# 2.13-2.15, before Keras 3 became `tf.keras`): a project that requires one runs Keras 2.
_KERAS_2_COMPANIONS = frozenset({"tensorflow-addons"})
# Released with the TensorFlow of the same major.minor (tensorflow-text 2.6 needs TensorFlow 2.6).
_LOCKSTEP_COMPANIONS = frozenset({"tensorflow-text", "tensorflow-estimator", "tf-keras"})
_MUTATORS = frozenset({"append", "extend", "insert", "update", "setdefault", "__setitem__", "__iadd__"})
_MAX_BYTES = 1_000_000  # a packaging file larger than this is not one a person wrote
Version2 = Tuple[int, int]


@dataclass(frozen=True)
class DeclaredTargets:
    tensorflow: Optional[Version2] = None
    tensorflow_from: Optional[str] = None  # "setup.py: tensorflow-gpu==2.6.0"
    keras: Optional[Version2] = None
    keras_from: Optional[str] = None


def lower_bound(requirement: Requirement) -> Optional[Version2]:
    """(major, minor) of the oldest release `requirement`'s specifiers allow; None without a lower bound."""
    floors: List[Version2] = []
    for spec in requirement.specifier:
        if spec.operator not in ("==", "===", ">=", ">", "~="):
            continue  # <, <=, != bound nothing from below
        text = spec.version
        if spec.operator == "==" and text.endswith(".*"):
            text = text[:-2]
        try:
            release = Version(text).release
        except InvalidVersion:
            continue  # `===` takes any string
        floors.append((release[0], release[1] if len(release) > 1 else 0))
    return max(floors) if floors else None  # every specifier must hold: the highest floor


def _companion_floor(distribution: str, floor: Optional[Version2]) -> Optional[Version2]:
    if floor is None:
        return None
    if distribution in _LOCKSTEP_COMPANIONS:
        return floor if floor[0] == 2 else None
    return _COMPANION_FLOORS.get(distribution, {}).get(floor)


def _requirements(lines: Iterable[object]) -> Iterator[Tuple[str, Requirement]]:
    for line in lines:
        if not isinstance(line, str):
            continue
        try:
            yield line.strip(), Requirement(line.strip())
        except InvalidRequirement:
            continue


def names_keras_package(declared_from: str) -> bool:
    """`declared_from`, where a `target-keras` was inferred from (`DeclaredTargets.keras_from`: "pyproject.toml:
    keras (==2.2.4)"), names the standalone `keras` distribution itself: not tf-keras or tensorflow-addons,
    whose version stands for the Keras of tf.keras. The version of a `keras` package the project itself
    ships ("keras/__init__.py:34: __version__ = '2.2.4.3'", `_own_keras_version`) names it too."""
    where, _, line = declared_from.partition(": ")
    if PurePosixPath(where.rpartition(":")[0] or where).parts[-2:] == ("keras", "__init__.py"):
        return True
    return any(canonicalize_name(req.name) in KERAS_DISTRIBUTIONS for _, req in _requirements([line]))


def _own_keras_version(root: Path, reader: "_Reader") -> Optional[Tuple[Version2, str]]:
    """The version of the `keras` package the project itself is (a top-level `keras` package, as Keras's own
    releases and their forks such as keras-mxnet ship it), from the `__version__ = "2.2.4"` its `__init__.py`
    binds once at module level, and where that is ("keras/__init__.py:34: __version__ = '2.2.4.3'"); None
    when the project has no such package or its version is not a literal."""
    for init, package in _package_inits(root):
        if package != "keras":
            continue
        module = reader.module(init)
        value = module.bindings.get("__version__") if module is not None else None
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        try:
            release = Version(value.value).release
        except InvalidVersion:
            continue
        try:
            where = init.relative_to(root).as_posix()
        except ValueError:
            where = "keras/__init__.py"
        line = module.lines[value.lineno - 1].strip() if value.lineno <= len(module.lines) else ""
        return (release[0], release[1] if len(release) > 1 else 0), f"{where}:{value.lineno}: {line}"
    return None


def _from_pyproject(path: Path) -> Iterator[str]:
    data = tomllib.loads(_read(path))
    project = data.get("project")
    if not isinstance(project, dict):
        return
    dependencies = project.get("dependencies")
    if isinstance(dependencies, list):
        yield from (d for d in dependencies if isinstance(d, str))
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for group in optional.values():
            if isinstance(group, list):
                yield from (d for d in group if isinstance(d, str))


def _from_setup_cfg(path: Path) -> Iterator[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(_read(path), source=str(path))
    if parser.has_option("options", "install_requires"):
        yield from _cfg_lines(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            yield from _cfg_lines(value)


def _cfg_lines(value: str) -> Iterator[str]:
    for line in value.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def _from_setup_py(path: Path) -> Iterator[str]:
    tree = parse_python(_read(path))
    # A name counts only when bound once, at module level, and never changed in place
    # (`REQUIRED.append(...)`, `extras["gpu"] = ...`).
    bindings: Dict[str, int] = {}
    changed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bindings[node.id] = bindings.get(node.id, 0) + 1
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in _MUTATORS:
            changed.add(node.value.id)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and not isinstance(node.ctx, ast.Load):
            changed.add(node.value.id)
    names: Dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names[node.target.id] = node.value

    def literal(value: Optional[ast.expr], depth: int = 0) -> Optional[ast.expr]:
        """`value` with names and `table["key"]` of literal dicts looked through."""
        if value is None or depth > 8:
            return None
        if isinstance(value, ast.Name):
            if bindings.get(value.id) != 1 or value.id in changed:
                return None
            return literal(names.get(value.id), depth + 1)
        if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant):
            table = literal(value.value, depth + 1)
            if isinstance(table, ast.Dict):
                for key, item in zip(table.keys, table.values):
                    if isinstance(key, ast.Constant) and key.value == value.slice.value:
                        return literal(item, depth + 1)
            return None
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):  # `core + tensorflow`
            left, right = literal(value.left, depth + 1), literal(value.right, depth + 1)
            if isinstance(left, (ast.List, ast.Tuple)) and isinstance(right, (ast.List, ast.Tuple)):
                return ast.List(elts=[*left.elts, *right.elts], ctx=ast.Load())
            return None
        return value

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _callee(node.func) != "setup":
            continue
        for keyword in node.keywords:
            if keyword.arg == "install_requires":
                yield from _strings(literal(keyword.value))
            elif keyword.arg == "extras_require":
                extras = literal(keyword.value)
                if isinstance(extras, ast.Dict):
                    for value in extras.values:
                        if value is not None:
                            yield from _strings(literal(value))


def _callee(func: ast.expr) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _strings(node: Optional[ast.expr]) -> Iterator[str]:
    if isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                yield element.value


def _from_requirements_txt(path: Path) -> Iterator[str]:
    for line in _read(path).splitlines():
        # pip-compile writes `name==1.0 \` and `--hash=...` options after a requirement
        line = line.split(" #", 1)[0].split(" --", 1)[0].strip().rstrip("\\").strip()
        if not line or line.startswith(("#", "-")):
            continue  # comments, and options such as -r, -c, -e, --index-url
        yield line


def _read(path: Path) -> str:
    with open(path, "rb") as handle:
        data = handle.read(_MAX_BYTES + 1)
    if len(data) > _MAX_BYTES:
        raise ValueError("too large")
    return data.decode("utf-8-sig")


_READERS = {"pyproject.toml": _from_pyproject, "setup.cfg": _from_setup_cfg, "setup.py": _from_setup_py}


def _sources(root: Path) -> List[Tuple[str, int, int]]:
    """The packaging files in `root`, each with what tells a changed file from the one read before."""
    found = []
    try:
        with os.scandir(root) as scan:
            for entry in scan:
                name = entry.name
                if name in _READERS or (name.startswith("requirements") and name.endswith(".txt")):
                    try:
                        if entry.is_file():
                            stat = entry.stat()
                            found.append((name, stat.st_mtime_ns, stat.st_size))
                    except OSError:
                        continue
    except OSError:
        return []
    return sorted(found)


def _infer(root: Path, sources: List[Tuple[str, int, int]], files: "_Reader") -> DeclaredTargets:
    tensorflow: Optional[Tuple[Version2, str]] = None
    keras: Optional[Tuple[Version2, str]] = None
    keras_named = False
    tf_keras: Optional[Tuple[Version2, str]] = None
    companion: Optional[Tuple[Version2, str]] = None  # the oldest TensorFlow a required companion needs
    keras_2_companion: Optional[Tuple[Version2, str]] = None
    for name, _, _ in sources:
        reader = _READERS.get(name, _from_requirements_txt)
        try:
            lines = list(reader(root / name))
        except Exception:  # noqa: BLE001 - a file we cannot read declares nothing we know
            continue
        for line, requirement in _requirements(lines):
            distribution = canonicalize_name(requirement.name)
            floor = lower_bound(requirement)
            shown = f"{name}: {line}"  # as written, for the user to find
            if distribution in TENSORFLOW_DISTRIBUTIONS:
                if floor is not None and (tensorflow is None or floor < tensorflow[0]):
                    tensorflow = (floor, shown)
            elif distribution in KERAS_DISTRIBUTIONS:
                keras_named = True
                if floor is not None and (keras is None or floor < keras[0]):
                    keras = (floor, shown)
            implied = _companion_floor(distribution, floor)
            if implied is not None and (companion is None or implied < companion[0]):
                companion = (implied, shown)
            if distribution in _KERAS_2_COMPANIONS and keras_2_companion is None:
                keras_2_companion = (implied or (2, 0), shown)  # tf.keras of Keras 2 is numbered as TensorFlow
            if distribution in TF_KERAS_DISTRIBUTIONS:
                floor = (2, floor[1] if floor is not None and floor[0] == 2 else 0)
                if tf_keras is None or floor < tf_keras[0]:
                    tf_keras = (floor, shown)
    if tensorflow is None:
        # A declared requirement is what pip enforces; a check in the code (often left behind as the
        # requirements move on: tf-agents 0.19 checks for 2.2 and needs 2.15) only stands in for one.
        try:
            tensorflow = _version_check_floor(root, files)
        except (RecursionError, OSError, ValueError):  # code too deep or unreadable: it declares nothing
            tensorflow = None
    if tensorflow is None:
        tensorflow = companion  # what a companion needs only stands in for what the code checks
    if not keras_named and tf_keras is None:
        tf_keras = keras_2_companion
    if not keras_named and tf_keras is not None:
        keras = tf_keras  # tf-keras is Keras 2; a `keras` requirement says more and wins
    own = _own_keras_version(root, files)
    if own is not None:
        keras = own  # the project is the `keras` package: `import keras` is its own code, whatever it requires
    return DeclaredTargets(
        tensorflow[0] if tensorflow else None,
        tensorflow[1] if tensorflow else None,
        keras[0] if keras else None,
        keras[1] if keras else None,
    )


# -- the TensorFlow floor a package checks at import -------------------------------------------------
#
# tensorflow-probability, tf-agents and tensorflow-addons declare no `tensorflow` requirement (the
# user picks tensorflow, -gpu or -cpu); their package instead compares the installed version with a
# floor when it is imported, and raises or warns below it. That floor is read here, statically: the
# package's `__init__.py` at the project root (or under `src/`), the functions it calls at import,
# and the modules it names.

_VERSION_ATTRS = frozenset({"__version__", "VERSION"})
_VERSION_BYTES = (b"__version__", b"VERSION")  # a file without either compares no TensorFlow version
_VERSION_WRAPPERS = frozenset({"LooseVersion", "StrictVersion", "Version", "parse", "parse_version"})
_NUMBER_CONVERSIONS = frozenset({"float", "str"})  # `float(tf.__version__[:3])` compares the same version
_COMPLAINTS = frozenset({"warn", "warning", "error", "critical", "fatal", "exit"})
_MAX_NAMED_MODULES = 200  # of one `__init__.py`: a bound on the files read
_NOT_PACKAGES = frozenset({"test", "tests", "doc", "docs", "example", "examples", "build", "dist"})
Stat = Tuple[str, int, int]


def _stat(path: Path) -> Optional[Stat]:
    try:
        found = path.stat()
    except OSError:
        return None
    return (str(path), found.st_mtime_ns, found.st_size) if S_ISREG(found.st_mode) else None


def _package_inits(root: Path) -> List[Tuple[Path, str]]:
    """(`__init__.py`, package name) of each top-level package of the project: at its root or under `src/`."""
    found = []
    if (root / "__init__.py").is_file():
        found.append((root / "__init__.py", root.name))
    for base in (root, root / "src"):
        try:
            with os.scandir(base) as scan:
                names = sorted(entry.name for entry in scan if entry.is_dir() and entry.name.isidentifier())
        except OSError:
            continue
        for name in names:
            init = base / name / "__init__.py"
            if name not in _NOT_PACKAGES and init.is_file():
                found.append((init, name))
    return found


class _Module:
    """What a version check needs of one file: its TensorFlow names and its module-level bindings."""

    def __init__(self, path: Path, tree: ast.Module, text: str) -> None:
        self.path = path
        self.tree = tree
        self.lines = text.splitlines()
        self.tf_names = set()  # names bound to tensorflow or one of its modules (`tf`, `tensorflow`)
        self.version_names = set()  # `from tensorflow import __version__ as tf_version`
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "tensorflow" or alias.name.startswith("tensorflow."):
                        self.tf_names.add(alias.asname or "tensorflow")
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
                if node.module == "tensorflow" or node.module.startswith("tensorflow."):
                    for alias in node.names:
                        target = self.version_names if alias.name in _VERSION_ATTRS else self.tf_names
                        target.add(alias.asname or alias.name)
        self.bindings = _bound_once(tree.body)
        self.functions = {
            node.name: node
            for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        }


def _bound_once(body: List[ast.stmt]) -> Dict[str, ast.expr]:
    """Names of a scope bound by exactly one plain `name = value` there (nested functions and classes aside)."""
    counts: Dict[str, int] = {}
    values: Dict[str, ast.expr] = {}
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            counts[getattr(node, "name", "")] = 2  # a def rebinds its name; its body is another scope
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            counts[node.id] = counts.get(node.id, 0) + 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                counts[name] = counts.get(name, 0) + 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = node.value
        stack.extend(ast.iter_child_nodes(node))
    return {name: value for name, value in values.items() if counts.get(name) == 1}


class _Scope:
    def __init__(self, module: _Module, local: Dict[str, ast.expr]) -> None:
        self.module = module
        self.local = local
        self.shadowed = set()  # names bound in the function otherwise than once

    def value(self, name: str) -> Optional[ast.expr]:
        if name in self.local:
            return self.local[name]
        if name in self.shadowed:
            return None
        return self.module.bindings.get(name)


def _function_scope(module: _Module, function: ast.AST) -> _Scope:
    body = getattr(function, "body", [])
    scope = _Scope(module, _bound_once(body))
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and node.id not in scope.local:
            scope.shadowed.add(node.id)
    return scope


def _unwrapped(node: ast.expr, scope: _Scope, depth: int = 0) -> Tuple[ast.expr, int]:
    """`node` with names bound once and `LooseVersion(...)` / `version.parse(...)` looked through."""
    while depth < 8:
        depth += 1
        if isinstance(node, ast.Name) and node.id not in scope.module.version_names:
            value = scope.value(node.id)
            if value is None:
                break
            node = value
        elif (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and not node.keywords
            and _callee(node.func) in _VERSION_WRAPPERS | _NUMBER_CONVERSIONS
        ):
            node = node.args[0]
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            node = node.value  # `tf.__version__[:3]`: the leading "major.minor" of the version
        else:
            break
    return node, depth


def _is_tf_version(node: ast.expr, scope: _Scope) -> bool:
    node, _ = _unwrapped(node, scope)
    if isinstance(node, ast.Name):
        return node.id in scope.module.version_names
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        # a project's own helper given the module: `get_version(tf)`
        argument, name = node.args[0], _callee(node.func) or ""
        return "version" in name.lower() and isinstance(argument, ast.Name) and argument.id in scope.module.tf_names
    if not isinstance(node, ast.Attribute) or node.attr not in _VERSION_ATTRS:
        return False
    root = node.value
    while isinstance(root, ast.Attribute):  # tf.version.VERSION, tf.compat.v1.__version__
        root = root.value
    return isinstance(root, ast.Name) and root.id in scope.module.tf_names


def _version_literal(node: ast.expr, scope: _Scope) -> Optional[Tuple[Version2, ast.Constant]]:
    node, _ = _unwrapped(node, scope)
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    if isinstance(node.value, (int, float)):
        text = repr(node.value)  # `TF_VERSION < 2.2`, the version made a number; `< 2`: TensorFlow 1
    elif isinstance(node.value, str):
        text = node.value
    else:
        return None
    try:
        release = Version(text).release
    except InvalidVersion:
        return None
    return (release[0], release[1] if len(release) > 1 else 0), node


_Floor = Tuple[Version2, ast.Constant]


def _at_least(test: ast.expr, scope: _Scope) -> Optional[_Floor]:
    """The version X such that `test` holding means the installed TensorFlow is at least X."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _older(test.operand, scope)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return next((f for f in (_at_least(v, scope) for v in test.values) if f is not None), None)
    if isinstance(test, ast.Compare):
        operands = [test.left, *test.comparators]
        for left, op, right in zip(operands, test.ops, operands[1:]):
            if isinstance(op, (ast.GtE, ast.Gt)) and _is_tf_version(left, scope):
                floor = _version_literal(right, scope)
            elif isinstance(op, (ast.LtE, ast.Lt)) and _is_tf_version(right, scope):
                floor = _version_literal(left, scope)
            else:
                continue
            if floor is not None:
                return floor
    return None


def _older(test: ast.expr, scope: _Scope) -> Optional[_Floor]:
    """The version X such that `test` holds whenever the installed TensorFlow is older than X."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _at_least(test.operand, scope)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return next((f for f in (_older(v, scope) for v in test.values) if f is not None), None)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if isinstance(op, ast.Lt) and _is_tf_version(left, scope):
            return _version_literal(right, scope)
        if isinstance(op, ast.Gt) and _is_tf_version(right, scope):
            return _version_literal(left, scope)
    return None


def _complains(statements: List[ast.stmt]) -> bool:
    """Whether `statements` raise an error or warn (`raise ImportError(...)`, `warnings.warn(...)`)."""
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                name = _callee(exc) or ""
                if name.endswith(("Error", "Exception")) or name == "SystemExit":
                    return True  # not `unittest.SkipTest`: a test skipped below a version is no floor
            elif isinstance(node, ast.Call) and _callee(node.func) in _COMPLAINTS:
                return True
    return False


def _checks(block: List[ast.stmt], scope: _Scope) -> Iterator[_Floor]:
    """The floors of `if <TF older than X>: raise/warn`, `if <TF at least X>: return` followed by a
    complaint, `if <TF at least X>: ... else: raise/warn` and `assert <TF at least X>` in `block`."""
    for i, statement in enumerate(block):
        if isinstance(statement, ast.If):
            floor = _older(statement.test, scope)
            if floor is not None and _complains(statement.body):
                yield floor
            floor = _at_least(statement.test, scope)
            if floor is not None and (
                _complains(statement.orelse)
                or (statement.body and isinstance(statement.body[-1], ast.Return) and _complains(block[i + 1 :]))
            ):
                yield floor
            yield from _checks(statement.body, scope)
            yield from _checks(statement.orelse, scope)
        elif isinstance(statement, ast.Assert):
            floor = _at_least(statement.test, scope)
            if floor is not None:
                yield floor
        elif isinstance(statement, (ast.Try, ast.With, ast.For, ast.While)):
            for field in ("body", "orelse", "finalbody"):
                yield from _checks(getattr(statement, field, []), scope)
            for handler in getattr(statement, "handlers", []):
                yield from _checks(handler.body, scope)


@dataclass(frozen=True)
class VersionCheck:
    """One comparison of the installed TensorFlow's version with `version` in a module's code."""

    version: Version2
    line: int
    floor: bool  # raises or warns below `version` (a minimum); else a branch for TensorFlow older than it


def tensorflow_version_checks(tree: ast.Module) -> List[VersionCheck]:
    """The module's comparisons of the TensorFlow version with a literal, in `if` statements and
    conditional expressions, anywhere in it: `if TF_VERSION < 2.2: strategy.run = ...` (a branch for
    TensorFlow older than 2.2), `if version.parse(tf.__version__) >= version.parse("2.9"): ... else:
    ...`, `a if tf.__version__ < "2.3" else b`, and floors as `_checks` reads them (`if ... < "2.2":
    raise ImportError(...)`). Evidence, short of a declared requirement, of the TensorFlow releases
    the module supports."""
    module = _Module(Path(), tree, "")
    found: List[VersionCheck] = []

    def block(statements: List[ast.stmt], scope: _Scope) -> None:
        for i, statement in enumerate(statements):
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                block(statement.body, _function_scope(module, statement))
                continue
            if isinstance(statement, ast.If):
                older = _older(statement.test, scope)
                if older is not None:
                    found.append(VersionCheck(older[0], statement.lineno, _complains(statement.body)))
                newer = _at_least(statement.test, scope)
                if newer is not None:
                    floor = _complains(statement.orelse) or bool(
                        statement.body
                        and isinstance(statement.body[-1], ast.Return)
                        and _complains(statements[i + 1 :])
                    )
                    found.append(VersionCheck(newer[0], statement.lineno, floor))
            elif isinstance(statement, ast.Assert):
                newer = _at_least(statement.test, scope)
                if newer is not None:
                    found.append(VersionCheck(newer[0], statement.lineno, True))
            for part in ast.iter_child_nodes(statement):  # its expressions; its own blocks come below
                if isinstance(part, (ast.stmt, ast.excepthandler)):
                    continue
                for node in ast.walk(part):
                    if isinstance(node, ast.IfExp):
                        bound = _older(node.test, scope) or _at_least(node.test, scope)
                        if bound is not None:
                            found.append(VersionCheck(bound[0], node.lineno, False))
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(statement, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    block(inner, scope)
            for handler in getattr(statement, "handlers", []):
                block(handler.body, scope)

    block(tree.body, _Scope(module, {}))
    return found


def runs_on_older(checks: Iterable[VersionCheck], release: Version2) -> Optional[VersionCheck]:
    """A check of `checks` showing that the module runs on some TensorFlow older than `release`: a
    branch for TensorFlow older than `release` or an older release, or a minimum below `release`."""
    return next(
        (c for c in sorted(checks, key=lambda c: c.line) if c.version < release or (not c.floor and c.version == release)),
        None,
    )


def _called_at_import(tree: ast.Module) -> List[str]:
    """Names called by the module's own top-level statements (`_ensure_tf_install()`), or handed by them
    to a call as a callback (`LazyLoader(..., on_first_access=functools.partial(_validate, name))`: it
    runs when the package is first used)."""
    called = []
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(statement):
            if not isinstance(node, ast.Call):
                continue
            for expr in (node.func, *node.args, *(k.value for k in node.keywords)):
                if isinstance(expr, ast.Name) and expr.id not in called:
                    called.append(expr.id)
    return called


class _Reader:
    """Reads the files a package's import runs, each once, remembering what it read."""

    def __init__(self) -> None:
        self.read: List[Stat] = []
        self.modules: Dict[Path, Optional[_Module]] = {}

    def module(self, path: Path, prefilter: bool = True) -> Optional[_Module]:
        if path in self.modules:
            return self.modules[path]
        self.modules[path] = None
        stat = _stat(path)
        if stat is None:
            return None
        self.read.append(stat)
        try:
            with open(path, "rb") as handle:
                data = handle.read(_MAX_BYTES + 1)
            if len(data) > _MAX_BYTES or (prefilter and not any(word in data for word in _VERSION_BYTES)):
                return None
            text = data.decode("utf-8-sig")
            self.modules[path] = _Module(path, parse_python(text), text)
        except Exception:  # noqa: BLE001 - an unreadable file checks nothing
            return None
        return self.modules[path]


def _module_file(base: Path, dotted: str) -> Optional[Path]:
    path = base.joinpath(*dotted.split("."))
    for candidate in (path.with_name(path.name + ".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _named_modules(init: Path, package: str, tree: ast.Module) -> Tuple[List[Path], Dict[str, Tuple[Path, str]]]:
    """The package's own modules its `__init__.py` imports, and each name it imports from one of them
    (`from pkg.utils.check import _check as check`: `check` is `_check` of pkg/utils/check.py)."""
    base = init.parent.parent
    modules: List[Path] = []
    imported: Dict[str, Tuple[Path, str]] = {}

    def module_path(dotted: str) -> Optional[Path]:
        if len(modules) >= _MAX_NAMED_MODULES or not (dotted == package or dotted.startswith(package + ".")):
            return None
        path = _module_file(base, dotted)
        if path is None or path == init:
            return None
        if path not in modules:
            modules.append(path)
        return path

    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                module_path(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                continue  # above the top-level package
            module = (package + (f".{node.module}" if node.module else "")) if node.level else (node.module or "")
            path = module_path(module)
            for alias in node.names:
                if alias.name == "*":
                    continue
                if path is not None:
                    imported[alias.asname or alias.name] = (path, alias.name)
                module_path(f"{module}.{alias.name}")  # `from pkg import utils`: a submodule
    return modules, imported


def _import_time_floors(module: _Module) -> Iterator[_Floor]:
    """The floors checked by a module's top-level code and the module's functions that code calls."""
    yield from _checks(module.tree.body, _Scope(module, {}))
    for name in _called_at_import(module.tree):
        function = module.functions.get(name)
        if function is not None:
            yield from _checks(function.body, _function_scope(module, function))


def _version_check_floor(root: Path, reader: _Reader) -> Optional[Tuple[Version2, str]]:
    """The oldest TensorFlow floor the project's packages check when they are imported."""
    best: Optional[Tuple[Version2, str]] = None

    def consider(module: _Module, floors: Iterable[_Floor]) -> None:
        nonlocal best
        for floor, literal in floors:
            if best is None or floor < best[0]:
                try:
                    where = module.path.relative_to(root).as_posix()
                except ValueError:
                    where = module.path.name
                line = module.lines[literal.lineno - 1].strip() if literal.lineno <= len(module.lines) else ""
                best = (floor, f"{where}:{literal.lineno}: {line}")  # the floor, where the check finds it

    for init, package in _package_inits(root):
        module = reader.module(init, prefilter=False)
        if module is None:
            continue
        consider(module, _import_time_floors(module))
        modules, imported = _named_modules(init, package, module.tree)
        for name in _called_at_import(module.tree):  # `from pkg.utils import _check_tf` ... `_check_tf()`
            if name in module.functions or name not in imported:
                continue
            path, original = imported[name]
            other = reader.module(path)
            function = other.functions.get(original) if other is not None else None
            if other is not None and function is not None:
                consider(other, _checks(function.body, _function_scope(other, function)))
        for path in modules:
            other = reader.module(path)
            if other is not None:
                consider(other, _import_time_floors(other))
    return best


def declaring_folder(start: Path) -> Optional[Path]:
    """Without a `[tool.hybridlint]` table: the nearest folder at or above `start` (a file or a
    folder) that holds a packaging file, the project's root as pip sees it; None when there is none."""
    directory = start if start.is_dir() else start.parent
    while True:
        if _sources(directory):
            return directory
        if directory.parent == directory:
            return None
        directory = directory.parent


_CACHE: Dict[Tuple[str, Tuple[Stat, ...], Tuple[Stat, ...]], Tuple[DeclaredTargets, Tuple[Stat, ...]]] = {}
_LOCK = threading.Lock()


def declared_targets(root: Path) -> DeclaredTargets:
    """The versions the project in `root` declares; cached until one of the files read changes."""
    sources = _sources(root)
    inits = tuple(stat for stat in (_stat(init) for init, _ in _package_inits(root)) if stat is not None)
    if not sources and not inits:
        return DeclaredTargets()
    key = (os.path.abspath(root), tuple(sources), inits)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None and all(_stat(Path(stat[0])) == stat for stat in cached[1]):
        return cached[0]
    reader = _Reader()
    targets = _infer(root, sources, reader)
    with _LOCK:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = (targets, tuple(reader.read))
    return targets


def read_for_targets(path: str) -> bool:
    """Whether a change to the file at `path` may change what `declared_targets` answers for a project it
    answered for: a file it read (a package's `__init__.py` and the modules that checks the TensorFlow
    version at import), or a top-level package's `__init__.py` that appeared since. Packaging files are
    known by their names (`is_packaging_file`). For front ends that stay up while files change."""
    target = Path(os.path.abspath(path))
    with _LOCK:
        entries = list(_CACHE.items())
    for (root, _, _), (_, read) in entries:
        if any(Path(stat[0]) == target or Path(os.path.abspath(stat[0])) == target for stat in read):
            return True
        base = Path(root)
        if target.name == "__init__.py" and (
            target.parent == base or target.parent.parent == base or target.parent.parent == base / "src"
        ):
            return True
    return False


def is_packaging_file(path: str) -> bool:
    """A file `declared_targets` reads requirements from, by its name (wherever it lies)."""
    name = os.path.basename(path)
    return name in _READERS or (name.startswith("requirements") and name.endswith(".txt"))
