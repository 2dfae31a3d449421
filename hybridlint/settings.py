"""Settings the engine runs with, validated from a plain mapping.

The same keys come from `[tool.hybridlint]` in pyproject.toml (CLI and server) and from the
language server's initializationOptions / didChangeConfiguration, so there is one validator.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from .rule import Severity

_CODE = re.compile(r"^HYB[0-9]{0,3}$|^ALL$")
# Files a folder walk checks. Notebooks are in by default (as if `extend-include = ["*.ipynb"]`);
# `include` replaces this list, `extend-include` adds to it.
DEFAULT_INCLUDE: Tuple[str, ...] = ("*.py", "*.ipynb")


class SettingsError(ValueError):
    """A bad configuration key or value; the message names it."""


@dataclass(frozen=True)
class Settings:
    select: Tuple[str, ...] = ("ALL",)
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = ()
    include: Tuple[str, ...] = DEFAULT_INCLUDE  # include (or the default) + extend-include
    severity_overrides: Dict[str, Severity] = field(default_factory=dict)
    alias_modules: Tuple[str, ...] = ()  # modules that re-export TensorFlow, e.g. "mylib.tf_compat"
    target_tensorflow: Optional[Tuple[int, int]] = None  # oldest TF version the project supports
    # The Keras the project runs (`keras` and, from TF 2.16, `tf.keras`): (major, minor); None: not known.
    target_keras: Optional[Tuple[int, int]] = None
    # Where a target not set in the configuration was inferred from (hybridlint.requirements), as
    # "setup.py: tensorflow-gpu==2.6.0"; None when set explicitly or not known.
    target_tensorflow_from: Optional[str] = None
    target_keras_from: Optional[str] = None
    cross_module: bool = True  # follow tf.functions and their callers across the project's modules
    # Rules, and rules' weaker contexts, that have not yet shown precision >= 0.9 on the ecosystem check
    # (docs/accuracy.md) run only in preview, as in ruff.
    preview: bool = False
    # Where rule links point: a folder URL of hosted rule pages, or a template with `{code}`; None: the
    # HTML pages shipped in the package (file:// URIs).
    docs_url: Optional[str] = None

    def is_enabled(self, code: str, path: str = "") -> bool:
        if not any(_matches(code, s) for s in self.select):
            return False
        if any(_matches(code, s) for s in self.ignore):
            return False
        if path and self.per_file_ignores:
            posix = path.replace("\\", "/")
            for pattern, codes in self.per_file_ignores:
                if path_matches(posix, pattern) and any(_matches(code, c) for c in codes):
                    return False
        return True

    def with_declared_targets(self, tensorflow, keras, tensorflow_from=None, keras_from=None) -> "Settings":
        """These settings with the versions the project declares filling the targets not set."""
        values: Dict[str, Any] = {}
        if self.target_tensorflow is None and tensorflow is not None:
            values.update(target_tensorflow=tensorflow, target_tensorflow_from=tensorflow_from)
        if self.target_keras is None and keras is not None:
            values.update(target_keras=keras, target_keras_from=keras_from)
        return Settings(**{**self.__dict__, **values}) if values else self

    def describe_target(self, which: str) -> str:
        """`target-tensorflow` / `target-keras` and where its value came from, for messages."""
        value = self.target_tensorflow if which == "tensorflow" else self.target_keras
        source = self.target_tensorflow_from if which == "tensorflow" else self.target_keras_from
        shown = ".".join(map(str, value)) if value else "not set"
        if source:
            return f"`target-{which}` {shown}, inferred from {source}"
        return f"`target-{which}` is {shown}"

    def multi_backend_keras(self) -> str:
        """What says the project targets multi-backend Keras (Keras before 2.4, which builds a layer's `call`
        once in a graph, without tf.function), for messages: "this project targets Keras 2.2 (`target-keras`
        2.2, inferred from ...)"; "" when `target-keras` is 2.4 or later, or not known, or inferred from
        a requirement of another distribution than `keras` (tf-keras, tensorflow-addons: tf.keras's Keras)."""
        if self.target_keras is None or self.target_keras >= (2, 4):
            return ""
        if self.target_keras_from is not None:
            from .requirements import names_keras_package

            if not names_keras_package(self.target_keras_from):
                return ""
        shown = ".".join(map(str, self.target_keras))
        return f"this project targets Keras {shown} ({self.describe_target('keras')})"

    def supports_tensorflow(self, major: int, minor: int) -> bool:
        """True when every TensorFlow the project targets is at least major.minor."""
        return self.target_tensorflow is None or self.target_tensorflow >= (major, minor)

    def requires_tensorflow(self, major: int, minor: int) -> bool:
        """True when the project is known to run only on TensorFlow major.minor or later: its minimum
        (`target-tensorflow`, set or declared) is at least that. Unlike `supports_tensorflow`, an
        unknown minimum is not enough: a fix that uses a newer API is safe only with this."""
        return self.target_tensorflow is not None and self.target_tensorflow >= (major, minor)


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def path_matches(posix_path: str, pattern: str) -> bool:
    """Glob match on the whole path or on any trailing part of it (`tests/*` matches `a/tests/x.py`)."""
    normcase = os.path.normcase
    name = _literal_name(pattern)
    if name is not None:  # `.git`, `build`: the glob matches exactly where a part of the path is that name
        return any(normcase(part) == name for part in posix_path.split("/"))
    itself, inside = _globs(pattern)
    if itself(normcase(posix_path)):
        return True
    parts = posix_path.split("/")
    for index in range(len(parts)):
        tail = normcase("/".join(parts[index:]))
        if itself(tail) or inside(tail):
            return True
    return False


@functools.lru_cache(maxsize=None)
def _literal_name(pattern: str) -> Optional[str]:
    """The normalised name a glob without wildcards or slashes stands for (most exclude globs), else
    None. Such a glob matches a path, or a tail of it, or a folder above it, only where one part of
    the path is that name, and a comparison per part is a tenth of the glob matches."""
    pattern = pattern.rstrip("/")
    if not pattern or any(ch in pattern for ch in "*?[]/\\"):
        return None
    return os.path.normcase(pattern)


@functools.lru_cache(maxsize=None)
def _globs(pattern: str) -> Tuple[Callable[[str], object], Callable[[str], object]]:
    """`fnmatch.fnmatch` against the pattern and against everything inside it (`pattern/*`), compiled
    once: a folder walk matches every path against every exclude glob (half a million matches on a
    project of 2,500 files went through `fnmatch`'s per-call normalisation and cache)."""
    pattern = pattern.rstrip("/")
    return (
        re.compile(fnmatch.translate(os.path.normcase(pattern))).match,
        re.compile(fnmatch.translate(os.path.normcase(pattern + "/*"))).match,
    )


KNOWN_KEYS = {
    "select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "include",
    "extend-include",
    "severity",
    "alias-modules",
    "target-tensorflow",
    "target-keras",
    "cross-module",
    "preview",
    "docs-url",
}


def _codes(key: str, value: Any) -> Tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"`{key}` must be a list of rule codes, got {value!r}")
    codes = tuple(v.strip().upper() for v in value)
    for code in codes:
        if not _CODE.match(code):
            raise SettingsError(f"`{key}`: {code!r} is not a rule code or prefix (like HYB004, HYB0 or ALL)")
    return codes


def _strings(key: str, value: Any) -> Tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"`{key}` must be a list of strings, got {value!r}")
    return tuple(value)


def settings_from_mapping(data: Mapping[str, Any], base: Optional[Settings] = None, where: str = "") -> Settings:
    """Validate a `[tool.hybridlint]`-shaped mapping. Keys may use - or _."""
    prefix = f"{where}: " if where else ""
    base = base or Settings()
    values: Dict[str, Any] = {}
    extra_exclude: Tuple[str, ...] = ()
    extra_include: Tuple[str, ...] = ()
    for raw_key, value in data.items():
        key = str(raw_key).replace("_", "-")
        try:
            if key not in KNOWN_KEYS:
                raise SettingsError(f"unknown key `{raw_key}` (known: {', '.join(sorted(KNOWN_KEYS))})")
            if key == "select":
                values["select"] = _codes(key, value)
            elif key == "ignore":
                values["ignore"] = _codes(key, value)
            elif key == "exclude":
                values["exclude"] = _strings(key, value)
            elif key == "extend-exclude":
                extra_exclude = _strings(key, value)
            elif key == "include":
                values["include"] = _strings(key, value)
            elif key == "extend-include":
                extra_include = _strings(key, value)
            elif key == "alias-modules":
                values["alias_modules"] = _strings(key, value)
            elif key == "per-file-ignores":
                if not isinstance(value, Mapping):
                    raise SettingsError(f"`{raw_key}` must be a table of glob = [codes], got {value!r}")
                values["per_file_ignores"] = tuple((str(k), _codes(f"{raw_key}.{k}", v)) for k, v in value.items())
            elif key == "severity":
                if not isinstance(value, Mapping):
                    raise SettingsError(f"`{raw_key}` must be a table of code = severity, got {value!r}")
                overrides = {}
                for code, sev in value.items():
                    (code,) = _codes(f"{raw_key}.{code}", [code])
                    if not isinstance(sev, str):
                        raise SettingsError(f"`{raw_key}.{code}` must be a string")
                    try:
                        overrides[code] = Severity.parse(sev)
                    except ValueError as exc:
                        raise SettingsError(f"`{raw_key}.{code}`: {exc}") from None
                values["severity_overrides"] = overrides
            elif key in ("cross-module", "preview"):
                if not isinstance(value, bool):
                    raise SettingsError(f"`{raw_key}` must be true or false, got {value!r}")
                values[key.replace("-", "_")] = value
            elif key == "docs-url":
                if not isinstance(value, str) or (value and "://" not in value):
                    raise SettingsError(
                        f"`{raw_key}` must be a URL like \"https://example.org/hybridlint/rules\", got {value!r}"
                    )
                values["docs_url"] = value or None
            elif key == "target-tensorflow":
                match = re.match(r"^(\d+)\.(\d+)", str(value))
                if not isinstance(value, str) or match is None:
                    raise SettingsError(f"`{raw_key}` must be a version string like \"2.9\", got {value!r}")
                values["target_tensorflow"] = (int(match.group(1)), int(match.group(2)))
                values["target_tensorflow_from"] = None  # an explicit setting wins over an inferred one
            elif key == "target-keras":
                match = re.match(r"^([23])(?:\.(\d+))?(?:\.\d+)*$", str(value))
                if not isinstance(value, str) or match is None:
                    raise SettingsError(f"`{raw_key}` must be a Keras version string like \"3\" or \"2.15\", got {value!r}")
                values["target_keras"] = (int(match.group(1)), int(match.group(2) or 0))
                values["target_keras_from"] = None
        except SettingsError as exc:
            raise SettingsError(prefix + str(exc)) from None
    exclude = values.pop("exclude", base.exclude) + extra_exclude
    include = values.pop("include", base.include) + extra_include
    return Settings(**{**base.__dict__, **values, "exclude": exclude, "include": include})
