"""Vim 9 with ALE 3.3 (Debian's `vim` and `vim-ale`) and the shipped editors/vim folder, headless (Ex mode).

The driver (vim_ale_driver.vim) opens a copy of data/train_step.py, waits for hybridlint's findings in
ALE's loclist, applies the HYB006 quick fix and then "Apply all safe fixes" through :ALECodeAction (ALE
sends the diagnostic back without `source` or `data`), writes the file, and waits for the findings to
clear. The test checks what it saw and the file's text, as for the other editors.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .support import EDITORS, SAMPLE, WAIT_MS, check_fix_scenario, require, require_program, run_editor

DRIVER = SAMPLE.parent.parent / "vim_ale_driver.vim"
DEBIAN_ALE = Path("/usr/share/vim/vimfiles/pack/dist-bundle/opt/ale")


def test_vim_ale_diagnostics_quick_fix_and_fix_all(project, editor_env, tmp_path):
    vim = require_program("vim", "apt-get install vim vim-ale")
    require(DEBIAN_ALE.exists(), "ALE is not installed (apt-get install vim-ale)")
    original = project.read_text(encoding="utf-8")
    # ALE passes no settings: they live in [tool.hybridlint] (editors/vim/README.md). Preview: every
    # rule on, whatever its tier.
    pyproject = project.parent.parent / "pyproject.toml"  # project/src/train_step.py
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n[tool.hybridlint]\npreview = true\n", encoding="utf-8")
    result_file = tmp_path / "vim-result.json"
    editor_env.update(
        HYBRIDLINT_VIM_RTP=str(EDITORS / "vim"),
        HYBRIDLINT_E2E_FILE=str(project),
        HYBRIDLINT_E2E_RESULT=str(result_file),
        HYBRIDLINT_E2E_TIMEOUT_MS=str(WAIT_MS),
    )
    # packadd finds Debian's ALE through 'packpath' (the system vimfiles are on it by default).
    command = [vim, "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", str(DRIVER)]
    started = time.monotonic()
    proc = run_editor(command, editor_env, project.parent)
    elapsed = time.monotonic() - started
    result = check_fix_scenario("vim", proc, elapsed, result_file, project, original)
    assert result["filetype"] == "python"
    assert any("Apply all safe fixes" in t for t in result["offered"]), result["offered"]
    assert os.path.getsize(project) > 0
