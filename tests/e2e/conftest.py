"""Fixtures for the end-to-end tests with real editors; the helpers live in support.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from .support import CROSS_MODULE_FILES, SAMPLE, SAMPLE_PYPROJECT, require_program, scripts_dir


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
    (root / "pyproject.toml").write_text(SAMPLE_PYPROJECT, encoding="utf-8")
    target = root / "src" / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def cross_module_project(tmp_path: Path) -> Path:
    """A git repository with a pyproject.toml and the package of CROSS_MODULE_FILES; returns
    pkg/helpers.py. Both markers: Neovim's config looks for either, Eglot asks project.el, which knows
    a project by its version control."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(SAMPLE_PYPROJECT, encoding="utf-8")
    for rel, text in CROSS_MODULE_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git = require_program("git", "apt-get install git")
    subprocess.run([git, "init", "-q", str(root)], check=True, capture_output=True, timeout=30)
    return root / "pkg" / "helpers.py"
