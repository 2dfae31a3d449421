"""Under `CI=true` a skipped test is a failed test, unless the README lists its reason.

CI installs everything the suite needs (`.ci/run`, `make test`), so a test that skips there has lost
what it was meant to check without anyone seeing it. The README's section between
`<!-- ci-skips:start -->` and `<!-- ci-skips:end -->` lists the reasons that may still skip (a
component CI cannot install on some Python), each as a bullet starting with the reason in backticks;
any other skip, from a `skipif` mark, `pytest.skip` or `pytest.importorskip`, fails. Expected failures
(`xfail`) are not skips and are left alone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# ci_skips.py lies beside this file (and beside the copies tests/test_ci_skips.py makes).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ci_skips import README, allowed_skip_reasons  # noqa: E402


def _under_ci() -> bool:
    return os.environ.get("CI") == "true"


def _reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_unless_allowed(report) -> None:
    reason = _reason(report)
    allowed = allowed_skip_reasons(README.read_text(encoding="utf-8"))
    if any(listed in reason for listed in allowed):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"skipped under CI=true: {reason}\n"
        "CI installs everything the tests need, so this skip hides a missing check. Make the test run, "
        "or, for a component CI cannot install, list the reason in README.md's CI-skips section."
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _under_ci() and report.skipped and not hasattr(report, "wasxfail"):
        _fail_unless_allowed(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if _under_ci() and report.skipped:
        _fail_unless_allowed(report)
