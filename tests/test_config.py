"""Finding `[tool.hybridlint]`, validating it, and choosing the files a run checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hybridlint.cli import main
from hybridlint.config import DEFAULT_EXCLUDE, ConfigError, discover, find_pyproject, load_config, resolve_config
from hybridlint.rule import Severity


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(found, root: Path):
    return sorted(Path(p).resolve().relative_to(root.resolve()).as_posix() for p in found.files)


# -- finding the configuration ----------------------------------------------------------------------


def test_nearest_pyproject_with_a_hybridlint_table_wins(tmp_path):
    outer = write(tmp_path / "pyproject.toml", "[tool.hybridlint]\nselect = ['HYB0']\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'pkg'\n")  # no table: skipped
    inner = write(tmp_path / "pkg" / "sub" / "pyproject.toml", "[tool.hybridlint]\n")
    assert find_pyproject(tmp_path / "pkg" / "sub" / "deep" / "x.py") == inner
    assert find_pyproject(tmp_path / "pkg" / "x.py") == outer
    assert find_pyproject(tmp_path / "pkg") == outer


def test_broken_pyproject_stops_the_search(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.hybridlint]\n")
    broken = write(tmp_path / "app" / "pyproject.toml", "[tool\n")
    assert find_pyproject(tmp_path / "app" / "main.py") == broken
    with pytest.raises(ConfigError, match="invalid TOML"):
        resolve_config([str(tmp_path / "app" / "main.py")], cwd=tmp_path)


def test_every_documented_key_is_read(tmp_path):
    pyproject = write(
        tmp_path / "pyproject.toml",
        """
[tool.hybridlint]
select = ["HYB0"]
ignore = ["HYB013"]
extend-exclude = ["generated"]
alias-modules = ["mylib.tf_compat"]
target-tensorflow = "2.8"

[tool.hybridlint.per-file-ignores]
"tests/*" = ["HYB004"]

[tool.hybridlint.severity]
HYB025 = "error"
""",
    )
    config = load_config(pyproject)
    settings = config.settings
    assert config.root == tmp_path.resolve() or config.root == tmp_path
    assert settings.select == ("HYB0",) and settings.ignore == ("HYB013",)
    assert settings.per_file_ignores == (("tests/*", ("HYB004",)),)
    assert settings.severity_overrides == {"HYB025": Severity.ERROR}
    assert settings.alias_modules == ("mylib.tf_compat",)
    assert settings.target_tensorflow == (2, 8)
    assert config.exclude == DEFAULT_EXCLUDE + ("generated",)


def test_exclude_replaces_the_default_list(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", "[tool.hybridlint]\nexclude = ['vendor']\n")
    assert load_config(pyproject).exclude == ("vendor",)


@pytest.mark.parametrize(
    "table, named",
    [
        ("select = 'HYB004'\nbogus = 1", "bogus"),
        ("select = [4]", "select"),
        ("ignore = ['E501']", "ignore"),
        ("severity = {HYB004 = 'loud'}", "severity.HYB004"),
        ("target-tensorflow = 2.9", "target-tensorflow"),
        ("per-file-ignores = ['tests/*']", "per-file-ignores"),
    ],
)
def test_bad_values_name_the_key(tmp_path, table, named):
    pyproject = write(tmp_path / "pyproject.toml", f"[tool.hybridlint]\n{table}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(pyproject)
    assert named in str(raised.value) and str(pyproject) in str(raised.value)


def test_table_must_be_a_table(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", "[tool]\nhybridlint = 3\n")
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(pyproject)


def test_no_configuration_means_defaults_rooted_at_the_working_folder(tmp_path):
    if find_pyproject(tmp_path) is not None:
        pytest.skip("a pyproject.toml with [tool.hybridlint] lies above the temporary folder")
    config = resolve_config([], cwd=tmp_path)
    assert config.pyproject is None
    assert config.root == tmp_path and config.exclude == DEFAULT_EXCLUDE


def test_bad_configuration_through_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool.hybridlint]\nseverity = {HYB025 = 'loud'}\n")
    write(tmp_path / "m.py", "import tensorflow as tf\n")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "severity.HYB025" in err and "loud" in err and "Traceback" not in err


# -- discovery ---------------------------------------------------------------------------------------


def test_discovery_walks_python_files_and_skips_the_usual_folders(tmp_path):
    for path in [
        "src/pkg/__init__.py",
        "src/pkg/model.py",
        "src/pkg/stub.pyi",
        "src/pkg/notes.txt",
        "src/pkg/__pycache__/model.cpython-311.py",
        ".git/hooks/x.py",
        ".hg/x.py",
        ".venv/lib/x.py",
        "venv/lib/x.py",
        "myenv/pyvenv.cfg",
        "myenv/lib/x.py",
        "build/lib/x.py",
        "dist/x.py",
        "node_modules/x.py",
        ".tox/py/x.py",
        ".nox/py/x.py",
        "pkg.egg-info/x.py",
        "tests/test_model.py",
    ]:
        write(tmp_path / path)
    config = load_config(None, cwd=tmp_path)
    found = discover([str(tmp_path)], config)
    assert names(found, tmp_path) == ["src/pkg/__init__.py", "src/pkg/model.py", "tests/test_model.py"]
    assert found.missing == []


def test_exclude_globs_are_relative_to_the_configuration(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", "[tool.hybridlint]\nextend-exclude = ['src/gen/*.py', 'legacy']\n")
    for path in ["src/gen/a.py", "src/gen/keep/b.py", "src/main.py", "legacy/old.py", "app/legacy/old.py"]:
        write(tmp_path / path)
    monkeypatch.chdir(tmp_path / "src")
    config = resolve_config(["."])
    assert names(discover([str(tmp_path)], config), tmp_path) == ["src/main.py"]


@pytest.mark.parametrize("pattern", ["build", "build/", ".git"])
@pytest.mark.parametrize(
    "path", ["build", "build/x.py", "a/build", "a/build/b/x.py", "a/build.py", "xbuild/y.py", "a/.git/c", "builds/x.py", "a//build"]
)
def test_an_exclude_glob_that_is_a_plain_name_matches_as_the_same_glob_with_a_wildcard(path, pattern):
    # plain names take a shortcut (`settings._literal_name`); `[b]uild` is the same glob through fnmatch
    from hybridlint.settings import path_matches

    spelled = "[" + pattern[0] + "]" + pattern[1:]
    assert path_matches(path, pattern) == path_matches(path, spelled)
    assert path_matches(path, pattern) == any(part == pattern.rstrip("/") for part in path.split("/"))


def test_named_files_are_checked_unless_force_exclude(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.hybridlint]\nextend-exclude = ['generated']\n")
    gen = write(tmp_path / "generated" / "x.py")
    script = write(tmp_path / "tool")  # no .py suffix: checked when named
    config = load_config(tmp_path / "pyproject.toml")
    assert names(discover([str(gen), str(script)], config), tmp_path) == ["generated/x.py", "tool"]
    assert discover([str(gen)], config, force_exclude=True).files == []
    assert discover([str(tmp_path / "generated")], config, force_exclude=True).files == []
    assert names(discover([str(tmp_path / "generated")], config), tmp_path) == ["generated/x.py"]


def test_each_file_once_and_missing_paths_reported(tmp_path):
    model = write(tmp_path / "a" / "model.py")
    config = load_config(None, cwd=tmp_path)
    found = discover([str(tmp_path / "a"), str(model), str(tmp_path / "a" / ".." / "a" / "model.py"), "nope"], config)
    assert len(found.files) == 1
    assert found.missing == [("nope", "No such file or directory")]


def test_dangling_links_are_kept_and_folder_links_are_not_followed(tmp_path):
    write(tmp_path / "src" / "real.py")
    (tmp_path / "src" / "gone.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "src" / "loop").symlink_to(tmp_path / "src", target_is_directory=True)
    found = discover([str(tmp_path / "src")], load_config(None, cwd=tmp_path))
    assert sorted(os.path.basename(p) for p in found.files) == ["gone.py", "real.py"]
