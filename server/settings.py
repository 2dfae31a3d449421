"""Editor settings and per-project `[tool.hybridlint]` configuration, as the server resolves them.

Editor settings arrive as `initializationOptions`, from `workspace/configuration` (section
"hybridlint", only asked when the client advertises it) and with `workspace/didChangeConfiguration`.
Any of these may hold the keys directly, or under "settings" or "hybridlint". Keys may be camelCase
(`unsafeFixes`) or kebab-case (`unsafe-fixes`). Engine keys (select, ignore, severity,
per-file-ignores, exclude, alias-modules, target-tensorflow, ...) are layered over the nearest
`pyproject.toml` with a `[tool.hybridlint]` table above the file, found as `hybridlint check` finds it
(`hybridlint.config`), with `target-tensorflow` / `target-keras` inferred from the requirements declared
next to it when not set: editor settings win, as in ruff's default `editorFirst`. A file the
configuration excludes gets no diagnostics.

The engine key `cross-module` (`crossModule`, default true; also in `[tool.hybridlint]`) turns the
project index off or on: `{"crossModule": false}` in the initializationOptions starts a server that
only analyses each file on its own. It is read for each workspace folder (does the folder get an
index) and for each file (does its analysis use the index).

The engine key `preview` (default false; also `preview = true` in `[tool.hybridlint]`) adds the preview
rules and the findings stable rules decide on weaker evidence, as `hybridlint check --preview` does.

Server keys: `fixAll` (offer `source.fixAll.hybridlint`, default true), `unsafeFixes` (offer unsafe
fixes as quick fixes, labelled "(unsafe)", default true; fix-all never applies them), and
`liveLineLimit` (files with at least this many lines are analysed when saved, not on each change;
default 50000), `sizeLimit` (documents of more characters than this are not analysed at all, when
opened, changed or saved; default 1,000,000: analysis takes about 10 s and 300 MB per million
characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from hybridlint import config
from hybridlint.requirements import is_packaging_file, read_for_targets
from hybridlint.settings import KNOWN_KEYS, Settings, SettingsError, settings_from_mapping

SERVER_KEYS = {"fix-all", "unsafe-fixes", "live-line-limit", "size-limit"}
# Editor extensions commonly pass their own launch settings along; they mean nothing here.
CLIENT_KEYS = {"enable", "path", "interpreter", "import-strategy", "args", "trace", "show-notifications", "cwd"}
DEFAULT_LIVE_LINE_LIMIT = 50_000
DEFAULT_SIZE_LIMIT = 1_000_000


def _kebab(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", str(key)).replace("_", "-").lower()


@dataclass(frozen=True)
class EditorSettings:
    engine: Mapping[str, Any] = field(default_factory=dict)  # validated over the file settings
    fix_all: bool = True
    unsafe_fixes: bool = True
    live_line_limit: int = DEFAULT_LIVE_LINE_LIMIT
    size_limit: int = DEFAULT_SIZE_LIMIT


def _empty_table(value: Any) -> bool:
    return isinstance(value, list) and not value


def unwrap(raw: Any) -> Dict[str, Any]:
    """The settings mapping inside what an editor sent (None and non-mappings mean nothing)."""
    if not isinstance(raw, Mapping):
        return {}
    inner = raw.get("hybridlint")
    if isinstance(inner, Mapping):  # {"hybridlint": {...}, "python": {...}} from a settings change
        return unwrap(inner)
    if _empty_table(inner):  # Lua encodes an empty table as [], so Neovim may send {"hybridlint": []}
        return {}
    inner = raw.get("settings")
    if isinstance(inner, Mapping) and set(raw) <= {"settings", "globalSettings"}:
        return unwrap(inner)
    return dict(raw)


def changed_section(raw: Any) -> Optional[Dict[str, Any]]:
    """The hybridlint settings inside a `workspace/didChangeConfiguration` payload: its "hybridlint"
    table, or the payload itself when every key is one of ours; None when it is about other tools."""
    if not isinstance(raw, Mapping):
        return None
    if isinstance(raw.get("hybridlint"), Mapping) or _empty_table(raw.get("hybridlint")):
        return unwrap(raw["hybridlint"])
    ours = KNOWN_KEYS | SERVER_KEYS | CLIENT_KEYS | {"settings"}
    if raw and all(_kebab(k) in ours for k in raw):
        return unwrap(raw)
    return None


def editor_settings(raw: Mapping[str, Any]) -> Tuple[EditorSettings, List[str]]:
    """Validate editor settings key by key: a bad key is left out (its default applies) and named
    in the problems returned; the good keys still apply."""
    engine: Dict[str, Any] = {}
    values: Dict[str, Any] = {}
    problems: List[str] = []
    for raw_key, value in raw.items():
        key = _kebab(raw_key)
        try:
            if key in CLIENT_KEYS:
                continue
            if key in SERVER_KEYS:
                if key in ("live-line-limit", "size-limit"):
                    unit = "lines" if key == "live-line-limit" else "characters"
                    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                        raise SettingsError(f"`{raw_key}` must be a positive whole number of {unit}, got {value!r}")
                    values[key.replace("-", "_")] = value
                elif not isinstance(value, bool):
                    raise SettingsError(f"`{raw_key}` must be true or false, got {value!r}")
                else:
                    values[key.replace("-", "_")] = value
            elif key in KNOWN_KEYS:
                # Validated now, so a bad value is reported when it arrives, not on each file.
                settings_from_mapping({key: value})
                engine[key] = value
            else:
                known = sorted(KNOWN_KEYS | {"fixAll", "unsafeFixes", "liveLineLimit", "sizeLimit"})
                raise SettingsError(f"unknown setting `{raw_key}` (known: {', '.join(known)})")
        except SettingsError as exc:
            problems.append(str(exc))
    return EditorSettings(engine=engine, **values), problems


# -- pyproject.toml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileSettings:
    settings: Settings
    path: str  # what the engine is told: relative to the configuration's folder, as the CLI does
    excluded: bool  # matched by `exclude` / `extend-exclude`: no diagnostics, as `hybridlint check`


def _layered(start: Optional[Path], editor: EditorSettings) -> Tuple[config.ProjectConfig, List[str]]:
    """The nearest `[tool.hybridlint]` at or above `start` (a file or a folder; None: no project),
    with the editor's engine keys layered on top and the exclude globs they imply."""
    problems: List[str] = []
    if start is None:
        project = config.load_config(None)
    else:
        try:
            project = config.load_config(config.find_pyproject(start), start=start)
        except config.ConfigError as exc:
            problems.append(str(exc))
            project = config.load_config(None, start if start.is_dir() else start.parent, start)
    try:
        settings = settings_from_mapping(editor.engine, base=project.settings, where="editor settings")
    except SettingsError as exc:  # validated on arrival; kept for safety
        problems.append(str(exc))
        settings = project.settings
    exclude = project.exclude
    keys = {_kebab(k) for k in editor.engine}
    if "exclude" in keys:
        exclude = settings.exclude
    elif "extend-exclude" in keys:
        exclude = exclude + tuple(settings_from_mapping({"extend-exclude": editor.engine["extend-exclude"]}).exclude)
    return config.ProjectConfig(project.pyproject, project.root, settings, exclude), problems


def settings_for(file_path: str, editor: EditorSettings) -> Tuple[FileSettings, List[str]]:
    """One file's settings: the nearest `[tool.hybridlint]` above it (found and read the way the CLI
    does, `hybridlint.config`), with the editor's engine keys layered on top; and the problems met on
    the way, each naming its file and key."""
    project, problems = _layered(Path(file_path) if file_path else None, editor)
    if not file_path:
        return FileSettings(project.settings, "<untitled>", False), problems
    relative = config.relative_posix(file_path, project.root)
    return FileSettings(project.settings, relative, config.is_excluded(file_path, project)), problems


def folder_config(folder: str, editor: EditorSettings) -> Tuple[config.ProjectConfig, List[str]]:
    """What the project index of a workspace folder uses: its settings (`cross-module`,
    `alias-modules`) and exclude globs, found from the folder as for a file in it. The globs match
    paths relative to the configuration's folder (`root`), which may lie above the workspace
    folder."""
    return _layered(Path(folder), editor)


def is_settings_file(path: str) -> bool:
    """A file the settings are read from: pyproject.toml, one whose declared requirements decide
    `target-tensorflow` / `target-keras` when they are not set, or a module whose TensorFlow version
    check at import decided them (hybridlint.requirements)."""
    return is_packaging_file(path) or read_for_targets(path)


# What the client is asked to watch for `is_settings_file` (Python modules are watched for the project
# index anyway: "**/*.py").
SETTINGS_GLOBS = ("**/pyproject.toml", "**/setup.cfg", "**/requirements*.txt")
