"""Helpers for the end-to-end tests with real editors (Neovim, Emacs) and the VS Code extension build.

Each test needs an external program. When it is missing the test is skipped locally, but under
`CI=true` that is a failure: CI installs everything (see .ci/run), so a missing piece there is a bug.
The editors start the server exactly as the shipped configs say (`hybridlint server`), found on a PATH
that starts with this interpreter's scripts folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from hybridlint.engine import fix_source
from hybridlint.registry import find_rule

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "train_step.py"
# Per editor run: long enough for a slow shared machine, short enough that nothing hangs a CI run.
EDITOR_TIMEOUT_S = 60
WAIT_MS = 15000


def require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: CI must install it; see .ci/run)", pytrace=False)
    pytest.skip(message)


def require_program(name: str, install_hint: str) -> str:
    found = shutil.which(name)
    require(found is not None, f"`{name}` is not installed ({install_hint})")
    assert found is not None
    return found


def scripts_dir() -> Path:
    return Path(sys.executable).parent


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


def fixed_text(text: str, codes: Optional[List[str]], unsafe: bool) -> str:
    """What the engine's own fixes make of `text` (only the rules `codes`, or all)."""
    rules = None
    if codes is not None:
        rules = [find_rule(code) for code in codes]
        assert all(rules), codes
    return fix_source(text, str(SAMPLE), unsafe=unsafe, rules=rules).text


def run_editor(args: List[str], env: Dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            args,
            env=env,
            cwd=str(cwd),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=EDITOR_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"{args[0]} did not finish within {EDITOR_TIMEOUT_S} s\n--- stdout ---\n{exc.stdout}\n"
            f"--- stderr ---\n{exc.stderr}",
            pytrace=False,
        )
