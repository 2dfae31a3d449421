"""`make docs-site`: the MkDocs (Material) site builds in strict mode from docs/, and a rule page opens in
headless Chromium (Debian's) with the rule's heading and Material's layout, at the path `docs-url` links to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from hybridlint import docs_url
from hybridlint.registry import find_rule

from .support import REPO, require


def test_the_docs_site_builds_and_a_rule_page_opens_in_chromium(tmp_path):
    probe = subprocess.run([sys.executable, "-c", "import mkdocs, material"], capture_output=True, timeout=60)
    require(probe.returncode == 0, "mkdocs / mkdocs-material are not installed (pip install -e '.[test]')")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "Chromium is not installed (apt-get install chromium)")
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(REPO / "mkdocs.yml"),
         "--site-dir", str(site)],
        capture_output=True, text=True, timeout=600, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    rule = find_rule("HYB004")
    assert rule is not None
    # The page a finding links to when `docs-url` names the site's rules/ folder.
    page = docs_url(rule.code, (site / "rules").as_uri())
    home = tmp_path / "chromium-home"
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         f"--user-data-dir={home}", "--dump-dom", page],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=dict(os.environ, HOME=str(home)),
    ).stdout  # fmt: skip
    assert f">{rule.code} {rule.name}" in dom, dom[:2000]
    assert "md-content" in dom and "What it does" in dom, "Material's layout with the rule's sections"
