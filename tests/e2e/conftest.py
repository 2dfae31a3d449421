"""Fixtures for the end-to-end tests with real editors; the helpers live in support.py."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Dict

import pytest

from .support import SAMPLE, scripts_dir


@pytest.fixture
def editor_env(tmp_path: Path) -> Dict[str, str]:
    """Environment for an editor process: `hybridlint` on PATH, caches and config in tmp_path."""
    hybridlint = shutil.which("hybridlint", path=str(scripts_dir()))
    assert hybridlint, (
        f"no `hybridlint` executable next to {sys.executable}: install the project (pip install -e .) "
        "so the editors can run `hybridlint server` as their configs say"
    )
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update(
        PATH=os.pathsep.join([str(scripts_dir()), env.get("PATH", "")]),
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
    )
    return env


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (with pyproject.toml, so editors find its root) holding a copy of the sample."""
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "sample"\n', encoding="utf-8")
    target = root / "src" / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target
