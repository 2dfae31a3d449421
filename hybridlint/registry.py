"""Finds the rules: every module in `hybridlint.rules` that defines a Rule subclass.

Adding a rule means adding one module; nothing else lists it.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Dict, List, Optional, Tuple, Type

from .rule import Rule
from .settings import Settings


@lru_cache(maxsize=1)
def all_rules() -> Tuple[Type[Rule], ...]:
    from . import rules as package

    found: List[Type[Rule]] = []
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        classes = [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise RuntimeError(f"{module.__name__} must define exactly one rule, found {len(classes)}")
        found.append(classes[0])
    found.sort(key=lambda r: r.code)
    codes = [r.code for r in found]
    if len(set(codes)) != len(codes):
        raise RuntimeError(f"duplicate rule codes: {codes}")
    return tuple(found)


@lru_cache(maxsize=1)
def rules_by_code() -> Dict[str, Type[Rule]]:
    return {r.code: r for r in all_rules()}


def find_rule(code_or_name: str) -> Optional[Type[Rule]]:
    key = code_or_name.strip()
    for rule in all_rules():
        if rule.code == key.upper() or rule.name == key.lower():
            return rule
    return None


# (select, ignore, preview, each rule's tier) → the rules they select on a path no per-file ignore names: asked for
# every module checked (and summarized), where the settings' tests cost more than the check of a
# module with nothing to check
_SELECTED: Dict[tuple, Tuple[Type[Rule], ...]] = {}


def selected_rules(settings: Settings, path: str = "") -> List[Type[Rule]]:
    """The rules to run: selected, not ignored, and stable unless preview mode is on."""
    if path and settings.per_file_ignores:
        return [r for r in all_rules() if (settings.preview or not r.preview) and settings.is_enabled(r.code, path)]
    rules = all_rules()
    # a rule's tier is a class attribute (tests move rules between tiers): part of the key
    key = (settings.select, settings.ignore, settings.preview, tuple(r.preview for r in rules))
    found = _SELECTED.get(key)
    if found is None:
        found = _SELECTED[key] = tuple(r for r in rules if (settings.preview or not r.preview) and settings.is_enabled(r.code))
    return list(found)
