"""Helpers for the end-to-end tests with real editors (Neovim, Emacs) and the VS Code extension build.

Each test needs an external program. When it is missing the test is skipped locally, but under
`CI=true` that is a failure: CI installs everything (see .ci/run), so a missing piece there is a bug.
The editors start the server exactly as the shipped configs say (`hybridlint server`), found on a PATH
that starts with this interpreter's scripts folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from pygls.uris import to_fs_path

from hybridlint.engine import fix_source
from hybridlint.registry import find_rule
from hybridlint.settings import Settings

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "train_step.py"
# Per editor run: long enough for a slow shared machine, short enough that nothing hangs a CI run.
EDITOR_TIMEOUT_S = 60
WAIT_MS = 15000
# The cross-module finding waits for the server's background index of the whole folder as well.
CROSS_MODULE_WAIT_MS = 20000

# A package where only the project index can tell that `print` in helpers.py runs under tf.function:
# helpers.py never mentions TensorFlow, model.py traces it.
CROSS_MODULE_FILES = {
    "pkg/__init__.py": "",
    "pkg/model.py": (
        "import tensorflow as tf\n"
        "\n"
        "from . import helpers\n"
        "\n"
        "\n"
        "@tf.function\n"
        "def train_step(x):\n"
        "    helpers.log_metrics(x)\n"
        "    return x * 2\n"
    ),
    "pkg/helpers.py": "def log_metrics(x):\n    print(x)\n",
}


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


# The sample project's packaging: its minimum TensorFlow has `reduce_retracing`, so HYB025's rename is a
# safe fix (fix-all applies it) there, and the engine is asked with the same minimum (`PROJECT_SETTINGS`).
SAMPLE_PYPROJECT = '[project]\nname = "sample"\ndependencies = ["tensorflow>=2.9"]\n'
PROJECT_SETTINGS = Settings(preview=True, target_tensorflow=(2, 9))


def fixed_text(text: str, codes: Optional[List[str]], unsafe: bool) -> str:
    """What the engine's own fixes make of `text` (only the rules `codes`, or all)."""
    rules = None
    if codes is not None:
        rules = [find_rule(code) for code in codes]
        assert all(rules), codes
    return fix_source(text, str(SAMPLE), PROJECT_SETTINGS, unsafe=unsafe, rules=rules).text  # as the editors run


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


def check_fix_scenario(name: str, proc: subprocess.CompletedProcess, elapsed: float, result_file: Path,
                       project: Path, original: str) -> dict:
    """What every headless editor driver must have seen and done: hybridlint's diagnostics, the HYB006
    quick fix (labelled unsafe) and the noqa action offered, the quick fix applied, then fix-all on save,
    leaving the file exactly as the engine's own fixes would and with no findings left."""
    report = describe_run(name, proc, elapsed)
    assert result_file.exists(), report
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["ok"] is True, f"{result.get('error')}\n{json.dumps(result, indent=1, ensure_ascii=False)}\n{report}"
    assert proc.returncode == 0, report

    codes = {d["code"] for d in result["diagnostics"]}
    assert {"HYB025", "HYB006"} <= codes, result["diagnostics"]
    assert any("HYB006" in t and "(unsafe)" in t for t in result["offered"]), result["offered"]
    assert "Disable HYB006 for this line" in result["offered"], result["offered"]

    assert result["after_quick_fix"] == fixed_text(original, ["HYB006"], unsafe=True)
    expected = fixed_text(original, None, unsafe=True)
    assert expected != original and "reduce_retracing=True" in expected and 'tf.print("pérdida", pérdida)' in expected
    assert project.read_text(encoding="utf-8") == expected
    assert result["final_diagnostics"] == [], "the fixed file should have no findings left"
    return result


def line_col(text: str, needle: str) -> tuple:
    """0-based line and column of the only occurrence of `needle` (ASCII, so any position encoding)."""
    assert text.count(needle) == 1, needle
    before = text[: text.index(needle)]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


def check_cross_module_scenario(
    name: str,
    proc: subprocess.CompletedProcess,
    elapsed: float,
    result_file: Path,
    helpers: Path,
    model_shown: str = "pkg/model.py",
) -> dict:
    """What a headless editor that opened only pkg/helpers.py must have seen: HYB006 on `print`, which
    needs the server's index of the folder, explained by the call in pkg/model.py (`model_shown`: as the
    server names it relative to the client's root), in the message and,
    where the client keeps it, in the related information (pointing at the call)."""
    report = describe_run(name, proc, elapsed)
    assert result_file.exists(), report
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["ok"] is True, f"{result.get('error')}\n{json.dumps(result, indent=1, ensure_ascii=False)}\n{report}"
    assert proc.returncode == 0, report

    printed = [d for d in result["diagnostics"] if d["code"] == "HYB006"]
    assert len(printed) == 1, result["diagnostics"]
    (printed,) = printed
    line, col = line_col(CROSS_MODULE_FILES["pkg/helpers.py"], "print(x)")
    assert (printed["line"], printed["col"]) == (line, col), printed
    assert f"`{model_shown}`" in printed["message"], printed["message"]
    assert "train_step" in printed["message"], printed["message"]

    model = helpers.parent / "model.py"
    related = result.get("related")
    if related is not None:  # the client keeps the related information
        assert len(related) == 1, related
        (where,) = related
        assert Path(to_fs_path(where["uri"])).resolve() == model.resolve(), where
        call = line_col(CROSS_MODULE_FILES["pkg/model.py"], "helpers.log_metrics(x)")
        assert (where["line"], where["character"]) == call, where
        assert model_shown in where["message"], where
    return result
