"""Neovim (0.7.2 from Debian, or newer) runs the hybridize refactoring through its own code-action menu.

The driver (nvim_refactor_driver.lua) opens a module with the shipped editors/nvim module, asks for the
refactorings at a function's name, picks "Convert ... to tf.function" (Neovim resolves the edit lazily),
writes the file, and asks again at a function whose preconditions fail. Neovim does not declare
`codeActionDisabledSupport`, so that function must get no action at all.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from .support import WAIT_MS
from .test_nvim import _binary, _drive, _neovims  # the same Neovims, started as for the other scenarios

DRIVER = Path(__file__).with_name("nvim_refactor_driver.lua")

MODULE = (
    "import tensorflow as tf\n"
    "\n"
    "\n"
    "def mixed(x):  # é 😀 stays\n"
    "    return tf.reduce_sum(x)\n"
    "\n"
    "\n"
    "def noisy(x):\n"
    '    print("step", x)\n'
    "    return tf.reduce_sum(x)\n"
    "\n"
    "\n"
    "t = tf.constant([1.0, 2.0])\n"
    "mixed(t)\n"
    "noisy(t)\n"
)


@pytest.mark.parametrize("nvim", _neovims())
def test_neovim_converts_a_function_from_the_refactor_menu(nvim, editor_env, tmp_path):
    nvim = _binary(nvim)
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "sample"\n', encoding="utf-8")
    module = root / "steps.py"
    module.write_text(MODULE, encoding="utf-8")
    result_file = tmp_path / "nvim-refactor.json"
    proc, elapsed = _drive(
        nvim, editor_env, module, result_file, WAIT_MS, DRIVER,
        HYBRIDLINT_E2E_CONVERT="mixed", HYBRIDLINT_E2E_REFUSED="noisy",
    )  # fmt: skip
    assert result_file.exists(), f"no result after {elapsed:.1f}s\n{proc.stdout}\n{proc.stderr}"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["ok"], f"{result['error']}\nsteps: {result['steps']}\n{proc.stderr}"
    assert result["offered"] == ["Convert `mixed` to tf.function"]
    text = module.read_text(encoding="utf-8")
    assert text == MODULE.replace("def mixed", "@tf.function\ndef mixed")
    ast.parse(text)
    assert result["refused_offered"] == [], "a client without disabled support gets no disabled action"
