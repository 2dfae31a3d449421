"""Install advice in docs and messages is true: hybridlint is on no package index, so nothing in the
repository tells users to `pip install hybridlint` / `pipx install hybridlint` (or uv's forms), except as
the future form, on a line that says "once published" (or "once hybridlint is published")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# An installer, options, then the bare project name (maybe with extras or a version), not a path or a file.
BAD = re.compile(
    r"\b(?:pipx|pip3?|uv\s+pip|uv\s+tool|uv)\s+install\s+(?:-{1,2}[\w-]+(?:[= ]\S+)?\s+)*"
    r"[\"']?hybridlint(?:\[[\w,]*\])?(?:[=<>~!]=?[\w.*]+)?[\"']?(?![\w/\\-]|\.\w)",
    re.IGNORECASE,
)
FUTURE = re.compile(r"once (?:hybridlint is )?published", re.IGNORECASE)
THIS_FILE = Path(__file__).resolve()


def _tracked_text_files():
    proc = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )
    if proc.returncode != 0:
        pytest.skip("not a git checkout")
    for name in proc.stdout.decode().split("\0"):
        path = REPO / name
        if not name or path.resolve() == THIS_FILE or not path.is_file():
            continue
        try:
            yield name, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary (images, wheels)


def bad_advice(text: str):
    """(line number, line) of each install-from-an-index advice not marked as the future form."""
    found = []
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if BAD.search(line) and not FUTURE.search(" ".join(lines[max(0, number - 2) : number])):
            found.append((number, line.strip()))
    return found


@pytest.mark.parametrize(
    "line, bad",
    [
        ("pip install hybridlint", True),
        ("python -m pip install -U hybridlint", True),
        ("`pipx install hybridlint`, or", True),
        ("uv tool install hybridlint", True),
        ('pip install "hybridlint[server]>=0.1"', True),
        ("pip install hybridlint.", True),
        ("pip install /path/to/hybridlint", False),
        ("pipx install dist/hybridlint-0.1.0-py3-none-any.whl", False),
        ("pip install hybridlint-checkout/", False),
        ("pip install -e '.[test]'", False),
        ("Once published: `pip install hybridlint`", False),
    ],
)
def test_the_pattern_tells_index_advice_from_local_installs(line, bad):
    assert bool(bad_advice(line)) is bad


def test_no_doc_or_message_advises_installing_from_a_package_index():
    offenders = [
        f"{name}:{number}: {line}" for name, text in _tracked_text_files() for number, line in bad_advice(text)
    ]
    assert not offenders, "hybridlint is on no package index; advise a local install:\n" + "\n".join(offenders)


def test_the_readme_has_a_first_five_minutes_section_per_install_path():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for heading in ("after `make demo`", "in your project's environment", "pipx, from the wheel", "VS Code"):
        assert f"### First five minutes: {heading}" in readme, heading
    assert ".venv/bin/hybridlint" in readme, "say where `make demo` puts the command"
