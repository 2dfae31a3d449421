"""Every rule link hybridlint gives resolves: by default the HTML pages installed with it (file:// URIs),
or the pages an organisation hosts (`docs-url`). The HTML pages are generated from the same markdown as
docs/rules/ and must be current; the wheel and sdist ship them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
import zipfile
import tarfile
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

import hybridlint
from hybridlint import HTML_DOCS_DIR
from hybridlint.cli import main
from hybridlint.docs import generated_html, stale_html
from hybridlint.registry import all_rules

REPO = Path(__file__).resolve().parent.parent
SAMPLE = (
    "import tensorflow as tf\n\n\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def step(x):\n"
    "    print(x)\n"
    "    return x\n"
    "if True\n"
)


def _open(url: str) -> str:
    """What a browser would show for `url` (a file:// link must name an existing page)."""
    assert urlparse(url).scheme == "file", url
    with urllib.request.urlopen(url) as page:
        return page.read().decode("utf-8")


def _cli(capsys, *argv: str) -> str:
    main([argv[0], "--preview", *argv[1:]] if argv[:1] == ("check",) else list(argv))  # every rule on
    return capsys.readouterr().out


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.py").write_text(SAMPLE.replace("if True\n", ""), encoding="utf-8")
    (tmp_path / "broken.py").write_text(SAMPLE, encoding="utf-8")
    return tmp_path


def test_the_html_pages_are_current():
    stale = stale_html(HTML_DOCS_DIR)
    assert not stale, f"run `make docs` (python -m hybridlint.docs docs) to regenerate: {stale}"


def test_every_link_between_the_html_pages_resolves():
    for name in generated_html():
        page = HTML_DOCS_DIR / name
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            if urlparse(href).scheme in ("http", "https"):
                continue  # the references section cites the study and TensorFlow's docs
            target = urljoin(page.as_uri(), href)
            assert "<h1>" in _open(target.split("#")[0]), (name, href)


def test_each_rule_page_shows_the_rule():
    for rule in all_rules():
        text = _open(rule.docs_url())
        assert f"<h1>{rule.code} {rule.name}</h1>" in text and "What it does" in text, rule.code


def test_json_and_rules_links_open(project, capsys):
    findings = json.loads(_cli(capsys, "check", "--format", "json", "."))
    urls = {f["code"]: f["url"] for f in findings if f.get("url")}
    assert {"HYB025", "HYB006"} <= set(urls), findings
    for code, url in urls.items():
        assert f"<h1>{code} " in _open(url)
    for rule in json.loads(_cli(capsys, "rules", "--format", "json")):
        assert f"<h1>{rule['code']} " in _open(rule["url"])


def test_sarif_links_open(project, capsys):
    log = json.loads(_cli(capsys, "check", "--format", "sarif", "."))
    driver = log["runs"][0]["tool"]["driver"]
    assert "hybridlint rules" in _open(driver["informationUri"])
    for descriptor in driver["rules"]:
        page = _open(descriptor["helpUri"])
        if descriptor["id"].startswith("HYB"):
            assert f"<h1>{descriptor['id']} " in page, descriptor["id"]
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"HYB025", "E999"}


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("https://docs.example.org/hybridlint/rules", "https://docs.example.org/hybridlint/rules/HYB025.html"),
        ("https://docs.example.org/hybridlint/rules/", "https://docs.example.org/hybridlint/rules/HYB025.html"),
        ("https://wiki.example.org/lint?rule={code}", "https://wiki.example.org/lint?rule=HYB025"),
    ],
)
def test_docs_url_points_links_at_hosted_pages(project, capsys, setting, expected):
    (project / "pyproject.toml").write_text(f'[tool.hybridlint]\ndocs-url = "{setting}"\n', encoding="utf-8")
    findings = json.loads(_cli(capsys, "check", "--format", "json", "model.py"))
    assert {f["code"]: f["url"] for f in findings}["HYB025"] == expected
    log = json.loads(_cli(capsys, "check", "--format", "sarif", "model.py"))
    (hyb025,) = [r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "HYB025"]
    assert hyb025["helpUri"] == expected
    listed = {r["code"]: r["url"] for r in json.loads(_cli(capsys, "rules", "--format", "json"))}
    assert listed["HYB025"] == expected


def test_a_docs_url_that_is_not_a_url_is_a_configuration_error(project, capsys):
    (project / "pyproject.toml").write_text('[tool.hybridlint]\ndocs-url = "docs/rules"\n', encoding="utf-8")
    assert main(["check", "model.py"]) == 2
    assert "docs-url" in capsys.readouterr().err


def test_the_wheel_and_sdist_ship_the_html_pages(tmp_path):
    """What `make dist` builds: the pages are in both, and the installed wheel's links open."""
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    version = hybridlint.__version__
    wheel = tmp_path / "dist" / f"hybridlint-{version}-py3-none-any.whl"
    sdist = tmp_path / "dist" / f"hybridlint-{version}.tar.gz"
    pages = sorted(generated_html())
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"hybridlint/rule_docs/{p}" for p in pages} <= names
    assert f"hybridlint-{version}.dist-info/licenses/LICENSE" in names
    with tarfile.open(sdist) as archive:
        members = set(archive.getnames())
    assert {f"hybridlint-{version}/hybridlint/rule_docs/{p}" for p in pages} <= members
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import hybridlint; "
        "from hybridlint.registry import find_rule; print(find_rule('HYB004').docs_url())"
    )
    url = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, timeout=120, cwd=str(tmp_path)
    ).stdout.strip()
    assert url.startswith(target.as_uri()), url
    assert "<h1>HYB004 " in _open(url)
