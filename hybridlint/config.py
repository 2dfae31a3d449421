"""`[tool.hybridlint]` from pyproject.toml, and which files a run checks.

The configuration is the nearest pyproject.toml with a `[tool.hybridlint]` table, walking up from
the first path of the command line (or the working directory), as the language server finds it for
each file. A pyproject.toml that is not valid TOML stops the walk: silently skipping it would lint
with settings the user did not write. Globs (`exclude`, `extend-exclude`, `per-file-ignores`) match
paths relative to the folder of that pyproject.toml (the working directory when there is none).
`target-tensorflow` and `target-keras`, when not set, come from the requirements the packaging files
in that folder declare (`hybridlint.requirements`).
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

from .requirements import declared_targets, declaring_folder
from .settings import Settings, SettingsError, _literal_name, path_matches, settings_from_mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older Pythons only
    import tomli as tomllib

# Folders nobody wants linted. A `exclude` key in the configuration replaces this list (as in
# ruff); `extend-exclude` adds to it.
DEFAULT_EXCLUDE: Tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    ".tox",
    ".nox",
    "*.egg-info",
    ".eggs",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
)
PYTHON_SUFFIX = ".py"


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class ProjectConfig:
    pyproject: Optional[Path]  # None: no configuration found, defaults apply
    root: Path  # globs and per-file-ignores match paths relative to this folder
    settings: Settings
    exclude: Tuple[str, ...]  # globs of paths skipped while walking folders


def _read_toml(path: Path) -> Dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _table(path: Path, data: Mapping[str, Any]) -> Optional[Mapping[str, Any]]:
    tool = data.get("tool")
    if not isinstance(tool, Mapping) or "hybridlint" not in tool:
        return None
    table = tool["hybridlint"]
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: `tool.hybridlint` must be a table, got {table!r}")
    return table


def find_pyproject(start: Path) -> Optional[Path]:
    """The nearest pyproject.toml at or above `start` with a `[tool.hybridlint]` table, or one that
    cannot be parsed (so the error is reported rather than skipped)."""
    directory = start if start.is_dir() else start.parent
    directory = Path(os.path.abspath(directory))
    while True:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                if _table(candidate, _read_toml(candidate)) is not None:
                    return candidate
            except ConfigError:
                return candidate
        if directory.parent == directory:
            return None
        directory = directory.parent


def load_config(pyproject: Optional[Path], cwd: Optional[Path] = None, start: Optional[Path] = None) -> ProjectConfig:
    """Read and validate `[tool.hybridlint]` of `pyproject` (defaults when None). Without one, the
    declared requirements are those of the project around `start` (the checked path; default `cwd`)."""
    cwd = Path(os.path.abspath(cwd or os.getcwd()))
    if pyproject is None:
        declaring = declaring_folder(Path(os.path.abspath(start or cwd)))
        settings = _with_declared(Settings(), declaring) if declaring is not None else Settings()
        return ProjectConfig(None, cwd, settings, DEFAULT_EXCLUDE)
    pyproject = Path(os.path.abspath(pyproject))
    if not pyproject.exists():
        raise ConfigError(f"{pyproject}: no such file")
    if pyproject.is_dir():
        raise ConfigError(f"{pyproject}: is a directory, expected a pyproject.toml")
    table = _table(pyproject, _read_toml(pyproject)) or {}
    try:
        settings = settings_from_mapping(table, where=f"{pyproject} [tool.hybridlint]")
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None
    replaced = any(str(key).replace("_", "-") == "exclude" for key in table)
    # settings.exclude holds exclude + extend-exclude; the defaults stay unless `exclude` is given.
    exclude = settings.exclude if replaced else DEFAULT_EXCLUDE + settings.exclude
    return ProjectConfig(pyproject, pyproject.parent, _with_declared(settings, pyproject.parent), exclude)


def with_declared(settings: Settings, root: Path) -> Settings:
    """`settings` with the targets the project at `root` declares (its requirements) filling those it does not
    set, as a run over `root` has them: multi-module examples and tests."""
    return _with_declared(settings, root)


def _with_declared(settings: Settings, root: Path) -> Settings:
    """`target-tensorflow` / `target-keras`, when not set, from the requirements the project declares."""
    if settings.target_tensorflow is not None and settings.target_keras is not None:
        return settings
    declared = declared_targets(root)
    return settings.with_declared_targets(
        declared.tensorflow, declared.keras, declared.tensorflow_from, declared.keras_from
    )


def resolve_config(paths: Sequence[str], explicit: Optional[str] = None, cwd: Optional[Path] = None) -> ProjectConfig:
    """The configuration for a run: `--config`, else the nearest one above the first path."""
    cwd = Path(os.path.abspath(cwd or os.getcwd()))
    if explicit is not None:
        return load_config(Path(explicit), cwd)
    start = cwd
    if paths:
        first = Path(paths[0])
        start = first if first.is_absolute() else cwd / first
        # A path that does not exist is reported later; look for configuration from what exists.
        while not start.exists() and start.parent != start:
            start = start.parent
    return load_config(find_pyproject(start), cwd, start)


def relative_posix(path: str, root: Path) -> str:
    """`path` relative to `root` with forward slashes; absolute when it lies outside `root`."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = absolute
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def is_excluded(path: str, config: ProjectConfig, patterns: Optional[Sequence[str]] = None) -> bool:
    return _excluded(relative_posix(path, config.root), config.exclude if patterns is None else patterns)


def _excluded(rel: str, patterns: Sequence[str]) -> bool:
    """`path_matches` of `rel` against any of `patterns`: the globs that are plain names (`.git`,
    `build`: most of them) by one look at each part of the path, the others one by one."""
    names, others = _split_patterns(tuple(patterns))
    if names and not names.isdisjoint(map(os.path.normcase, rel.split("/"))):
        return True
    return any(path_matches(rel, pattern) for pattern in others)


@functools.lru_cache(maxsize=64)
def _split_patterns(patterns: Tuple[str, ...]) -> Tuple[frozenset, Tuple[str, ...]]:
    names = {_literal_name(pattern) for pattern in patterns}
    names.discard(None)
    return frozenset(names), tuple(pattern for pattern in patterns if _literal_name(pattern) is None)


def is_included(path: str, config: ProjectConfig) -> bool:
    """Whether a folder walk checks this file (`include` + `extend-include`)."""
    name = os.path.basename(path)
    slow = []
    for pattern in config.settings.include:
        # `*.py`-like globs are most of them: a suffix test, not a glob match per path tail.
        if pattern.startswith("*.") and not any(ch in pattern[1:] for ch in "*?[/"):
            if name.endswith(pattern[1:]):
                return True
        else:
            slow.append(pattern)
    if not slow:
        return False
    rel = relative_posix(path, config.root)
    return any(path_matches(rel, pattern) for pattern in slow)


@dataclass
class Discovery:
    files: List[str] = field(default_factory=list)  # in a stable order, each once
    missing: List[Tuple[str, str]] = field(default_factory=list)  # (path, reason)


def discover(paths: Iterable[str], config: ProjectConfig, force_exclude: bool = False) -> Discovery:
    """The Python files under `paths`. Folders are walked (the `include` globs: `*.py` and `*.ipynb`
    unless configured otherwise; skipping excluded paths and
    virtualenvs); a file named on the command line is checked whatever its name, unless
    `force_exclude` and it matches an exclude glob."""
    found = Discovery()
    seen: Set[str] = set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for given in paths:
        path = os.path.normpath(given)
        if not os.path.lexists(path):
            found.missing.append((given, "No such file or directory"))
            continue
        if force_exclude and is_excluded(path, config):
            continue
        if os.path.isdir(path):
            # Naming an excluded folder asks for it: the globs that match the folder itself are
            # set aside inside it (as in ruff), the others still apply.
            rel = relative_posix(path, config.root)
            patterns = [p for p in config.exclude if not path_matches(rel, p)]
            for child in _walk(path, config, patterns):
                add(child)
        else:
            add(path)
    return found


def _walk(folder: str, config: ProjectConfig, patterns: Sequence[str]) -> Iterator[str]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return  # an unreadable folder has nothing we could check; os.walk skips it the same way
    subfolders = []
    base = relative_posix(folder, config.root)  # each child's is this and its name
    for entry in entries:
        path = os.path.join(folder, entry.name) if folder != "." else entry.name
        rel = entry.name if base == "." else f"{base}/{entry.name}"
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            linked_dir = not is_dir and entry.is_symlink() and entry.is_dir()
        except OSError:
            is_dir = linked_dir = False
        if is_dir:
            subfolders.append((path, rel))
        elif linked_dir:
            continue  # links to folders are not followed: they can loop, or leave the project
        elif is_included(path, config) and not _excluded(rel, patterns):
            # Dangling links are kept: reading them reports the problem instead of hiding the file.
            yield path
    for path, rel in subfolders:
        if _excluded(rel, patterns) or os.path.exists(os.path.join(path, "pyvenv.cfg")):
            continue
        yield from _walk(path, config, patterns)
