"""Under CI=true a skip fails unless the README lists its reason (tests/conftest.py), at run time and at
collection; elsewhere a skip stays a skip; an expected failure is never touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ci_skips import allowed_skip_reasons

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"

TESTS = {
    "test_run.py": (
        "import pytest\n\n"
        "def test_unlisted():\n    pytest.skip('the tool is missing')\n\n"
        "@pytest.mark.skipif(True, reason='component unavailable here')\n"
        "def test_listed():\n    pass\n\n"
        "@pytest.mark.xfail(strict=True, reason='known')\n"
        "def test_expected_failure():\n    assert False\n"
    ),
    "test_collect.py": "import pytest\n\nnope = pytest.importorskip('a_module_that_does_not_exist')\n",
}
LISTED = "<!-- ci-skips:start -->\n- `component unavailable here`: why\n<!-- ci-skips:end -->\n"


def _run(tmp_path: Path, ci: bool) -> str:
    (tmp_path / "tests").mkdir(exist_ok=True)
    for name in ("conftest.py", "ci_skips.py"):
        shutil.copy(HERE / name, tmp_path / "tests" / name)
    (tmp_path / "README.md").write_text(LISTED, encoding="utf-8")
    for name, text in TESTS.items():
        (tmp_path / "tests" / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "--continue-on-collection-errors", "tests"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120,
    )
    return done.stdout


def test_under_ci_only_the_listed_skips_stay_skips(tmp_path):
    out = _run(tmp_path, ci=True)
    assert "FAILED tests/test_run.py::test_unlisted" in out and "skipped under CI=true: the tool is missing" in out
    assert "SKIPPED" in out and "component unavailable here" in out
    assert "XFAIL tests/test_run.py::test_expected_failure" in out
    assert "ERROR tests/test_collect.py" in out or "FAILED tests/test_collect.py" in out
    assert "1 failed" in out and "1 skipped" in out and "1 xfailed" in out and "1 error" in out


def test_outside_ci_a_skip_is_a_skip(tmp_path):
    out = _run(tmp_path, ci=False)
    assert out.splitlines()[-1].startswith("3 skipped, 1 xfailed")
    assert "FAILED" not in out and "ERROR" not in out


def test_the_readme_lists_each_allowed_skip_with_its_reason():
    allowed = allowed_skip_reasons(README.read_text(encoding="utf-8"))
    assert allowed == ["pytest-lsp needs Python 3.10"]
