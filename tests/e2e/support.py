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


def describe_run(name: str, proc: subprocess.CompletedProcess, elapsed: float) -> str:
    return (
        f"{name} exit {proc.returncode} after {elapsed:.1f} s\n"
        f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    )
