"""The TensorFlow and Keras versions a project declares, read from its packaging files.

When `target-tensorflow` / `target-keras` are not set, they are inferred (as ruff infers its
target-version from `requires-python`) from the requirements found in the configuration's folder:
`[project] dependencies` and `optional-dependencies` of pyproject.toml, `install_requires` (and
`extras_require`) of setup.cfg and of setup.py, and `requirements*.txt`. Nothing is imported or run:
setup.py is read with `ast`, and only literal lists count (also joined with `+`, taken from a
literal dict by a constant key, or through module-level names bound once and never changed).
The target is the oldest release the specifiers allow (`==2.6.0`, `>=2.6,<2.9`, `~=2.6.0`: 2.6);
a requirement without a lower bound says nothing. Of several declarations the oldest floor wins.
Anything unreadable is skipped: a bad file never stops a run.
"""

from __future__ import annotations

import ast
import configparser
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
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


def _requirements(lines: Iterable[object]) -> Iterator[Tuple[str, Requirement]]:
    for line in lines:
        if not isinstance(line, str):
            continue
        try:
            yield line.strip(), Requirement(line.strip())
        except InvalidRequirement:
            continue


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


def _infer(root: Path, sources: List[Tuple[str, int, int]]) -> DeclaredTargets:
    tensorflow: Optional[Tuple[Version2, str]] = None
    keras: Optional[Tuple[Version2, str]] = None
    keras_named = False
    tf_keras: Optional[Tuple[Version2, str]] = None
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
            elif distribution in TF_KERAS_DISTRIBUTIONS:
                floor = (2, floor[1] if floor is not None and floor[0] == 2 else 0)
                if tf_keras is None or floor < tf_keras[0]:
                    tf_keras = (floor, shown)
    if not keras_named and tf_keras is not None:
        keras = tf_keras  # tf-keras is Keras 2; a `keras` requirement says more and wins
    return DeclaredTargets(
        tensorflow[0] if tensorflow else None,
        tensorflow[1] if tensorflow else None,
        keras[0] if keras else None,
        keras[1] if keras else None,
    )


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


_CACHE: Dict[Tuple[str, Tuple[Tuple[str, int, int], ...]], DeclaredTargets] = {}
_LOCK = threading.Lock()


def declared_targets(root: Path) -> DeclaredTargets:
    """The versions the packaging files in `root` declare; cached until one of them changes."""
    sources = _sources(root)
    if not sources:
        return DeclaredTargets()
    key = (os.path.abspath(root), tuple(sources))
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is None:
        cached = _infer(root, sources)
        with _LOCK:
            if len(_CACHE) > 64:
                _CACHE.clear()
            _CACHE[key] = cached
    return cached
