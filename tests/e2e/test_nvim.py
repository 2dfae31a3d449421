"""Neovim (0.7.2 from Debian, or newer) with the shipped editors/nvim module, headless.

The driver (nvim_driver.lua) opens a copy of data/train_step.py, waits for hybridlint's diagnostics,
picks the HYB006 quick fix from `vim.lsp.buf.code_action()`'s menu, and writes the buffer, which runs
fix-all on save (HYB025). The test checks what it saw and the file's new text. In its cross-module
scenario it opens one module of a package and waits for the finding the server's project index gives.
"""

from __future__ import annotations

import os
import time

import pytest

from .support import (
    CROSS_MODULE_WAIT_MS,
    EDITORS,
    SAMPLE,
    WAIT_MS,
    check_cross_module_scenario,
    check_fix_scenario,
    require_program,
    run_editor,
)

DRIVER = SAMPLE.parent.parent / "nvim_driver.lua"


def _neovims():
    """`nvim` on PATH (Debian's 0.7.2 in CI), plus any listed in HYBRIDLINT_E2E_EXTRA_NVIM
    (os.pathsep-separated paths), to check the module with other versions (0.11+: vim.lsp.config)."""
    extra = [p for p in os.environ.get("HYBRIDLINT_E2E_EXTRA_NVIM", "").split(os.pathsep) if p]
    return [pytest.param(None, id="nvim")] + [pytest.param(p, id=f"extra{i}") for i, p in enumerate(extra)]


@pytest.mark.parametrize("nvim", _neovims())
def test_neovim_diagnostics_quick_fix_and_fix_all_on_save(nvim, project, editor_env, tmp_path):
    nvim = nvim or require_program("nvim", "apt-get install neovim")
    original = project.read_text(encoding="utf-8")
    result_file = tmp_path / "nvim-result.json"
    editor_env.update(
        HYBRIDLINT_NVIM_RTP=str(EDITORS / "nvim"),
        HYBRIDLINT_E2E_FILE=str(project),
        HYBRIDLINT_E2E_RESULT=str(result_file),
        HYBRIDLINT_E2E_TIMEOUT_MS=str(WAIT_MS),
    )
    started = time.monotonic()
    proc = run_editor(_command(nvim), editor_env, project.parent)
    elapsed = time.monotonic() - started
    result = check_fix_scenario("nvim", proc, elapsed, result_file, project, original)
    assert result["filetype"] == "python"


@pytest.mark.parametrize("nvim", _neovims())
def test_neovim_shows_a_finding_from_another_module(nvim, cross_module_project, editor_env, tmp_path):
    """Only pkg/helpers.py is opened; its `print` is flagged because pkg/model.py traces it."""
    nvim = nvim or require_program("nvim", "apt-get install neovim")
    helpers = cross_module_project
    result_file = tmp_path / "nvim-result.json"
    editor_env.update(
        HYBRIDLINT_NVIM_RTP=str(EDITORS / "nvim"),
        HYBRIDLINT_E2E_FILE=str(helpers),
        HYBRIDLINT_E2E_RESULT=str(result_file),
        HYBRIDLINT_E2E_TIMEOUT_MS=str(CROSS_MODULE_WAIT_MS),
        HYBRIDLINT_E2E_SCENARIO="cross-module",
    )
    started = time.monotonic()
    proc = run_editor(_command(nvim), editor_env, helpers.parent)
    elapsed = time.monotonic() - started
    result = check_cross_module_scenario("nvim", proc, elapsed, result_file, helpers)
    assert result["related"], "Neovim keeps the related information in user_data.lsp"
    assert result["buffers"] == [str(helpers)], "the other module must not need opening"


def _command(nvim: str) -> list:
    # -u NONE: no user config; -n: no swap file; -i NONE: no shada; no Python provider lookup.
    return [
        nvim,
        "--headless",
        "-n",
        "-u",
        "NONE",
        "-i",
        "NONE",
        "--cmd",
        "let g:loaded_python3_provider = 0",
        "-c",
        f"luafile {DRIVER}",
    ]
