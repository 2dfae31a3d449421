"""The shipped .pre-commit-hooks.yaml, run by pre-commit on a temporary git repository: `hybridlint` fails
on a finding, `hybridlint-fix` applies the safe fix (and, as every fixing hook, fails because it changed a
file), and a clean repository passes. pre-commit installs hybridlint from this checkout (`language:
python`), with its dependencies from PyPI; its environments are cached in the user's cache folder, outside
the checkout (each cached environment holds a whole copy of the checkout, stale docs included)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hybridlint.engine import fix_source
from hybridlint.settings import Settings

from .support import REPO, require, require_program

BAD = (
    "import tensorflow as tf\n\n\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def step(x):\n"
    "    return x * 2\n"
)
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hybridlint-tests" / "pre-commit"


def _pre_commit(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=str(cwd),
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )


# What the engine makes of the repository: preview on, and the minimum TensorFlow its pyproject.toml declares.
PROJECT = Settings(preview=True, target_tensorflow=(2, 9))

@pytest.fixture
def repository(tmp_path):
    git = require_program("git", "apt-get install git")
    probe = subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True, timeout=60)
    require(probe.returncode == 0, "pre-commit is not installed (pip install -e '.[test]')")
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "src" / "model.py").write_text(BAD, encoding="utf-8")
    # Every rule on, whatever its tier.
    # The minimum TensorFlow has `reduce_retracing`: HYB025's rename is a safe fix the fix hook applies.
    (root / "pyproject.toml").write_text(
        '[project]\nname = "sample"\ndependencies = ["tensorflow>=2.9"]\n[tool.hybridlint]\npreview = true\n',
        encoding="utf-8",
    )
    # HOME: no user git configuration; pip keeps its download cache where the user's is.
    pip_cache = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
    env = dict(os.environ, PRE_COMMIT_HOME=str(CACHE), HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1",
               PIP_CACHE_DIR=pip_cache)  # fmt: skip
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "init"]):
        subprocess.run([git, *args], cwd=root, env=env, check=True, capture_output=True, timeout=60)
    return root, env


def test_the_hooks_file_declares_both_hooks():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"hybridlint", "hybridlint-fix"}
    assert hooks["hybridlint"]["entry"].startswith("hybridlint check") and "--fix" not in hooks["hybridlint"]["entry"]
    assert "--fix" in hooks["hybridlint-fix"]["entry"]
    assert all(h["language"] == "python" and h["require_serial"] for h in hooks.values())


def test_pre_commit_runs_the_hooks_on_a_repository(repository):
    """`pre-commit try-repo` = `pre-commit run --all-files` with a config naming both hooks of this
    repository (in the order of .pre-commit-hooks.yaml: check, then fix)."""
    root, env = repository
    model = root / "src" / "model.py"

    first = _pre_commit("try-repo", str(REPO), "--all-files", cwd=root, env=env)
    out = first.stdout + first.stderr
    assert first.returncode == 1, out
    assert "HYB025" in first.stdout and "src/model.py" in first.stdout, out  # the check hook's report
    assert "files were modified by this hook" in first.stdout, out  # the fix hook
    expected = fix_source(BAD, "src/model.py", PROJECT).text
    assert "reduce_retracing=True" in expected
    assert model.read_text(encoding="utf-8") == expected

    second = _pre_commit("try-repo", str(REPO), "--all-files", cwd=root, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2, second.stdout


def test_pre_commit_run_with_the_documented_config(repository):
    """docs/ci.md's .pre-commit-config.yaml (fix, then check), pointing at this repository's HEAD, and
    `pre-commit run --all-files`. Uses the committed hooks file, as a user's clone would."""
    root, env = repository
    git = require_program("git", "apt-get install git")
    head = subprocess.run([git, "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=60)
    require(head.returncode == 0, "this checkout is not a git repository")
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    (snippet,) = [b for b in docs.split("```yaml\n")[1:] if b.startswith("# .pre-commit-config.yaml")]
    config = yaml.safe_load(snippet.split("```")[0])
    config["repos"][0].update(repo=str(REPO), rev=head.stdout.strip())
    assert [h["id"] for h in config["repos"][0]["hooks"]] == ["hybridlint-fix", "hybridlint"]
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    model = root / "src" / "model.py"

    first = _pre_commit("run", "--all-files", cwd=root, env=env)
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout, first.stdout + first.stderr
    assert model.read_text(encoding="utf-8") == fix_source(BAD, "src/model.py", PROJECT).text
    second = _pre_commit("run", "--all-files", cwd=root, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
