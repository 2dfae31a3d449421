"""Emacs (28 from Debian, with the elpa-eglot package, or newer with built-in Eglot) in batch mode with
the shipped editors/emacs/hybridlint.el.

The driver (emacs_driver.el) opens a copy of data/train_step.py, waits for hybridlint's diagnostics in
Flymake, picks the HYB006 quick fix from `eglot-code-actions`'s menu, and saves, which runs
`hybridlint-fix-on-save-mode`'s fix-all (HYB025). The test checks what it saw and the file's new text.
In its cross-module scenario it opens one module of a package and waits for the finding the server's
project index gives.
"""

from __future__ import annotations

import glob
import subprocess
import time
from pathlib import Path

from .support import (
    CROSS_MODULE_WAIT_MS,
    EDITORS,
    SAMPLE,
    WAIT_MS,
    check_cross_module_scenario,
    check_fix_scenario,
    require,
    require_program,
    run_editor,
)

DRIVER = SAMPLE.parent.parent / "emacs_driver.el"
# `emacs -Q` skips Debian's site start-up, which is what puts its elpa-* packages on load-path.
DEBIAN_ELPA = "/usr/share/emacs/site-lisp/elpa"


def _load_path_args(emacs: str) -> list:
    dirs = sorted(glob.glob(f"{DEBIAN_ELPA}/*/"))
    args = []
    for directory in dirs:
        args += ["-L", directory]
    probe = subprocess.run(
        [emacs, "-Q", "--batch", *args, "--eval", '(progn (require \'eglot) (princ "eglot-ok"))'],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    require(
        "eglot-ok" in probe.stdout,
        f"Eglot is not available to Emacs (apt-get install elpa-eglot): {probe.stderr.strip()[-300:]}",
    )
    return args


def _drive(emacs: str, load_path: list, driver: Path, env: dict, opened: Path, result_file: Path, wait_ms: int,
           **more: str):
    """Runs a driver in batch Emacs on `opened` (from its folder): the process and the seconds it took."""
    env.update(
        HYBRIDLINT_E2E_FILE=str(opened),
        HYBRIDLINT_E2E_RESULT=str(result_file),
        HYBRIDLINT_E2E_TIMEOUT_MS=str(wait_ms),
        **more,
    )
    started = time.monotonic()
    proc = run_editor(
        [emacs, "-Q", "--batch", *load_path, "-L", str(EDITORS / "emacs"), "-l", str(driver)], env, opened.parent
    )
    return proc, time.monotonic() - started


def test_emacs_eglot_diagnostics_quick_fix_and_fix_all_on_save(project, editor_env, tmp_path):
    emacs = require_program("emacs", "apt-get install emacs-nox elpa-eglot")
    load_path = _load_path_args(emacs)
    original = project.read_text(encoding="utf-8")
    result_file = tmp_path / "emacs-result.json"
    proc, elapsed = _drive(emacs, load_path, DRIVER, editor_env, project, result_file, WAIT_MS)
    result = check_fix_scenario("emacs", proc, elapsed, result_file, project, original)
    assert result["major_mode"] == "python-mode"


def test_emacs_eglot_shows_a_finding_from_another_module(cross_module_project, editor_env, tmp_path):
    """Only pkg/helpers.py is opened; its `print` is flagged because pkg/model.py traces it."""
    emacs = require_program("emacs", "apt-get install emacs-nox elpa-eglot")
    load_path = _load_path_args(emacs)
    helpers = cross_module_project
    result_file = tmp_path / "emacs-result.json"
    proc, elapsed = _drive(
        emacs, load_path, DRIVER, editor_env, helpers, result_file, CROSS_MODULE_WAIT_MS,
        HYBRIDLINT_E2E_SCENARIO="cross-module",
    )  # fmt: skip
    result = check_cross_module_scenario("emacs", proc, elapsed, result_file, helpers)
    # project.el found the repository, so the server indexed the whole package, not pkg/ alone.
    assert result["project_root"].rstrip("/") == str(helpers.parent.parent)
    assert result["related"], "Eglot keeps the LSP diagnostic, related information included"
    assert result["buffers"] == [str(helpers)], "the other module must not need opening"


LSP_DRIVER = SAMPLE.parent.parent / "emacs_lsp_driver.el"


def test_emacs_lsp_mode_diagnostics_quick_fix_and_fix_all(project, editor_env, tmp_path):
    """The README's lsp-mode set-up (hybridlint-lsp.el, `lsp-deferred` in python-mode-hook) with Debian's
    lsp-mode 8.0: diagnostics, the HYB006 quick fix from `lsp-execute-code-action`, then
    `hybridlint-lsp-fix-all` and save."""
    emacs = require_program("emacs", "apt-get install emacs-nox elpa-lsp-mode")
    load_path = _load_path_args(emacs)
    probe = subprocess.run(
        [emacs, "-Q", "--batch", *load_path, "--eval", '(progn (require \'lsp-mode) (princ "lsp-ok"))'],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    require("lsp-ok" in probe.stdout, f"lsp-mode is not available (apt-get install elpa-lsp-mode): {probe.stderr[-300:]}")
    original = project.read_text(encoding="utf-8")
    # Every rule on, whatever its tier: the driver sets `hybridlint-lsp-initialization-options` to
    # (:preview t). lsp-mode 8.0 answers the server's workspace/configuration request with {}, which must
    # leave those options in force.
    result_file = tmp_path / "emacs-lsp-result.json"
    proc, elapsed = _drive(
        emacs, load_path, LSP_DRIVER, editor_env, project, result_file, WAIT_MS,
        HYBRIDLINT_E2E_ROOT=str(project.parent.parent),
    )  # fmt: skip
    result = check_fix_scenario("emacs", proc, elapsed, result_file, project, original)
    assert result["major_mode"] == "python-mode"
