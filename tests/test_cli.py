"""`hybridlint check / rules / explain / server`, driven as a user would: in-process through
`main(argv)` for speed, and through the installed console script for the exit codes.

HYB025 (deprecated `experimental_relax_shapes`, safe fix) is the rule these tests lean on; runs pass
`--select HYB025` so that rules being added elsewhere cannot change the outcome."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hybridlint
from hybridlint.cli import CACHE_DIR, IN_PROCESS_BELOW, main
from hybridlint.registry import all_rules, find_rule
from hybridlint.rule import FixSafety

DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"
FIXED = DEPRECATED.replace("experimental_relax_shapes", "reduce_retracing")
CLEAN = "import tensorflow as tf\n\nx = tf.constant(1.0)\n"
SELECT = ["--select", "HYB025"]
# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = ["--preview"]


def run(capsys, *argv: str):
    code = main([argv[0], *MODE, *argv[1:]] if argv[:1] == ("check",) else list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# HYB025's rename is these tests' example of a safe fix: it is safe only in a project whose minimum
# TensorFlow has the new name, so the project declares one (test_declared_tensorflow_version_* removes it).
DECLARED = "tensorflow>=2.9\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "requirements.txt").write_text(DECLARED, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def column_of(text: str, needle: str) -> str:
    """`line:col` (1-based) of the first occurrence, as the text format prints it."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - (before.rfind(chr(10)) + 1) + 1}"


# -- exit codes and the text format ---------------------------------------------------------------


def test_no_findings_exits_0(project, capsys):
    write(project / "clean.py", CLEAN)
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 0
    assert "no findings in 1 file checked" in out


def test_finding_is_printed_with_position_and_fix_marker(project, capsys):
    write(project / "pkg" / "model.py", DEPRECATED)
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 1
    where = column_of(DEPRECATED, "experimental_relax_shapes")
    first = out.splitlines()[0]
    assert first.startswith(f"{os.path.join('pkg', 'model.py')}:{where}: HYB025 [*] `experimental_relax_shapes`")
    assert "Found 1 finding in 1 of 1 file checked (1 fixable with --fix)." in out


def test_default_path_is_the_current_folder_and_files_and_folders_mix(project, capsys):
    write(project / "a" / "one.py", DEPRECATED)
    write(project / "b" / "two.py", DEPRECATED)
    write(project / "c" / "three.py", DEPRECATED)
    _, everything, _ = run(capsys, "check", *SELECT)
    assert everything.count("HYB025") == 3
    _, some, _ = run(capsys, "check", *SELECT, "a", os.path.join("c", "three.py"))
    assert some.count("HYB025") == 2 and "two.py" not in some


def test_absolute_paths_under_the_working_folder_are_shown_relative(project, capsys, tmp_path_factory):
    write(project / "src" / "model.py", DEPRECATED)
    outside = write(tmp_path_factory.mktemp("outside") / "far.py", DEPRECATED)
    _, out, _ = run(capsys, "check", *SELECT, str(project / "src"), str(outside))
    assert f"{os.path.join('src', 'model.py')}:3:" in out
    assert f"{outside}:3:" in out


def test_quiet_prints_findings_only(project, capsys):
    write(project / "m.py", DEPRECATED)
    code, out, _ = run(capsys, "check", "--quiet", *SELECT)
    assert code == 1
    assert out.count("\n") == 1 and "HYB025" in out


def test_no_colour_when_not_a_terminal_and_colour_when_it_is(project, capsys, monkeypatch):
    write(project / "m.py", DEPRECATED)
    _, plain, _ = run(capsys, "check", *SELECT)
    assert "\x1b[" not in plain
    monkeypatch.setattr("hybridlint.cli._use_color", lambda stream: True)
    _, coloured, _ = run(capsys, "check", *SELECT)
    assert "\x1b[" in coloured


def test_colour_follows_the_terminal_and_no_color(monkeypatch):
    from hybridlint.cli import _use_color

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _use_color(Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _use_color(Terminal())


def test_syntax_error_is_a_finding_and_other_files_are_still_checked(project, capsys):
    write(project / "broken.py", "import tensorflow as tf\ndef f(:\n    pass\n")
    write(project / "model.py", DEPRECATED)
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 1
    assert f"broken.py:2:{'def f(:'.index(':') + 1}: E999 SyntaxError:" in out
    assert "model.py:3:" in out and "HYB025" in out


def test_no_python_files_is_not_an_error(project, capsys):
    (project / "notes.txt").write_text("hello")
    code, _, err = run(capsys, "check")
    assert code == 0 and "no Python files" in err


def test_missing_path_exits_2_and_still_checks_the_rest(project, capsys):
    write(project / "model.py", DEPRECATED)
    code, out, err = run(capsys, "check", *SELECT, "model.py", "nope.py")
    assert code == 2
    assert "nope.py: cannot read: No such file or directory" in err
    assert "HYB025" in out


# -- fixing ---------------------------------------------------------------------------------------


def test_fix_writes_safe_fixes_and_a_second_run_changes_nothing(project, capsys):
    target = write(project / "model.py", DEPRECATED)
    code, out, _ = run(capsys, "check", "--fix", *SELECT)
    assert code == 0
    assert target.read_text() == FIXED
    assert "Fixed 1 finding in 1 file." in out
    before = target.stat().st_mtime_ns
    code, out, _ = run(capsys, "check", "--fix", *SELECT)
    assert code == 0 and "Fixed" not in out
    assert target.read_text() == FIXED and target.stat().st_mtime_ns == before


def test_fix_leaves_files_without_fixes_untouched(project, capsys):
    clean = write(project / "clean.py", CLEAN)
    other = write(project / "other.py", "print('no tensorflow here')\n")
    write(project / "model.py", DEPRECATED)
    old = 1_000_000_000
    for path in (clean, other):
        os.utime(path, ns=(old, old))
    bytes_before = {p: p.read_bytes() for p in (clean, other)}
    code, _, _ = run(capsys, "check", "--fix", *SELECT)
    assert code == 0
    for path in (clean, other):
        assert path.read_bytes() == bytes_before[path]
        assert path.stat().st_mtime_ns == old


def test_fix_reports_remaining_findings_and_exits_1(project, capsys):
    # experimental_follow_type_hints has no fix: it remains after --fix.
    text = DEPRECATED.replace(
        "experimental_relax_shapes=True", "experimental_relax_shapes=True, experimental_follow_type_hints=True"
    )
    target = write(project / "model.py", text)
    code, out, _ = run(capsys, "check", "--fix", *SELECT)
    assert code == 1
    assert "reduce_retracing" in target.read_text()
    assert "Fixed 1 finding" in out
    assert "experimental_follow_type_hints" in out and "Found 1 finding" in out


def test_fix_keeps_crlf_and_file_mode(project, capsys):
    target = write(project / "model.py", DEPRECATED, newline="\r\n")
    target.chmod(0o751)
    code, _, _ = run(capsys, "check", "--fix", *SELECT)
    assert code == 0
    assert target.read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert target.stat().st_mode & 0o7777 == 0o751
    left = [p for p in project.iterdir() if p.name not in ("model.py", "requirements.txt", CACHE_DIR)]
    assert not left, "a temporary file was left behind"


def test_fix_through_a_symlink_keeps_the_link(project, capsys):
    real = write(project / "real" / "model.py", DEPRECATED)
    link = project / "link.py"
    link.symlink_to(real)
    code, _, _ = run(capsys, "check", "--fix", *SELECT, "link.py")
    assert code == 0
    assert link.is_symlink() and real.read_text() == FIXED


def test_diff_prints_what_fix_would_change_and_writes_nothing(project, capsys):
    target = write(project / "model.py", DEPRECATED)
    code, out, err = run(capsys, "check", "--diff", *SELECT)
    assert code == 1
    assert target.read_text() == DEPRECATED
    assert "--- model.py\n+++ model.py\n" in out
    assert "-@tf.function(experimental_relax_shapes=True)\n+@tf.function(reduce_retracing=True)\n" in out
    assert "Would fix 1 finding in 1 file." in err
    target.write_text(FIXED)
    code, out, _ = run(capsys, "check", "--diff", *SELECT)
    assert code == 0 and out == ""


def _unsafe_case():
    for rule in all_rules():
        if rule.fix_safety is FixSafety.UNSAFE:
            for bad in rule.bad_examples():
                if bad.fixed is not None:
                    return rule, bad
    return None


def test_unsafe_fixes_only_with_the_flag(project, capsys):
    case = _unsafe_case()
    # The examples are the tests' data: if they change so that this case is gone, fail, never skip.
    assert case is not None, "no rule has a Bad example with an unsafe fix any more: pick another case"
    rule, bad = case
    target = write(project / Path(bad.path).name, bad.code)
    _, listed, _ = run(capsys, "check", "--select", rule.code, "--format", "json")
    unsafe = [f for f in json.loads(listed) if f["fix"] and f["fix"]["applicability"] == "unsafe"]
    assert unsafe, f"{rule.code}'s example fix is safe in this case: pick another case"
    run(capsys, "check", "--fix", "--select", rule.code)
    _, after_safe, _ = run(capsys, "check", "--select", rule.code, "--format", "json")
    assert len([f for f in json.loads(after_safe) if f["fix"] and f["fix"]["applicability"] == "unsafe"]) == len(unsafe)
    run(capsys, "check", "--fix", "--unsafe-fixes", "--select", rule.code)
    _, after_unsafe, _ = run(capsys, "check", "--select", rule.code, "--format", "json")
    assert target.read_text() != bad.code
    assert len(json.loads(after_unsafe)) < len(json.loads(listed))


# -- rule selection and configuration -------------------------------------------------------------


def test_select_and_ignore_replace_the_configuration(project, capsys):
    write(project / "pyproject.toml", '[tool.hybridlint]\nignore = ["HYB025"]\n')
    write(project / "model.py", DEPRECATED)
    assert run(capsys, "check", *SELECT)[0] == 0  # the configuration's ignore still applies
    code, out, _ = run(capsys, "check", *SELECT, "--ignore", "HYB9")
    assert code == 1 and "HYB025" in out
    code, _, _ = run(capsys, "check", "--select", "HYB025,HYB026", "--ignore", "HYB02")
    assert code == 0


def test_unknown_rule_code_on_the_command_line_exits_2(project, capsys):
    write(project / "model.py", DEPRECATED)
    code, _, err = run(capsys, "check", "--select", "HYB999")
    assert code == 2 and "HYB999" in err
    code, _, err = run(capsys, "check", "--ignore", "tf-function")
    assert code == 2 and "tf-function" in err.lower()


def test_per_file_ignores_from_the_configuration(project, capsys):
    write(
        project / "pyproject.toml",
        '[tool.hybridlint]\nselect = ["HYB025"]\n[tool.hybridlint.per-file-ignores]\n"legacy/*" = ["HYB025"]\n',
    )
    write(project / "legacy" / "old.py", DEPRECATED)
    write(project / "src" / "new.py", DEPRECATED)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "new.py" in out and "old.py" not in out


def test_declared_tensorflow_requirement_decides_the_hyb025_rename(project, capsys):
    """A project pinning TensorFlow 2.6 (no `target-tensorflow`) is not told to use `reduce_retracing`,
    which TF 2.6 lacks; the same project without the pin is, but `--fix` leaves the rename (unsafe: it
    breaks TF < 2.9); one pinning TF 2.9 is told too, and `--fix` renames. Preview mode."""
    (project / "requirements.txt").unlink()
    write(project / "model.py", DEPRECATED)
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 1 and "reduce_retracing" in out
    _, listed, _ = run(capsys, "check", *SELECT, "--format", "json")
    [finding] = json.loads(listed)
    assert finding["fix"]["applicability"] == "unsafe"
    assert "needs TensorFlow ≥ 2.9; the project declares no minimum" in finding["fix"]["message"]
    run(capsys, "check", *SELECT, "--fix")
    assert (project / "model.py").read_text() == DEPRECATED
    write(project / "requirements.txt", "numpy>=1.20\ntensorflow==2.6.0  # the GPU image's TF\n")
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 0 and "reduce_retracing" not in out
    code, _, _ = run(capsys, "check", *SELECT, "--fix")
    assert (project / "model.py").read_text() == DEPRECATED
    write(project / "requirements.txt", "tensorflow>=2.9,<3\n")
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 1 and "reduce_retracing" in out
    _, _, err = run(capsys, "check", *SELECT, "--verbose")
    assert "`target-tensorflow` 2.9, inferred from requirements.txt: tensorflow>=2.9,<3" in err
    code, _, _ = run(capsys, "check", *SELECT, "--fix")
    assert code == 0 and (project / "model.py").read_text() == FIXED
    write(project / "model.py", DEPRECATED)
    # An explicit setting wins over the declaration.
    write(project / "requirements.txt", "tensorflow==2.6.0\n")
    write(project / "pyproject.toml", '[tool.hybridlint]\ntarget-tensorflow = "2.12"\n')
    code, out, _ = run(capsys, "check", *SELECT)
    assert code == 1 and "reduce_retracing" in out


def test_configuration_is_found_from_the_first_path(project, capsys, monkeypatch):
    repo = project / "repo"
    write(repo / "pyproject.toml", '[tool.hybridlint]\nignore = ["HYB025"]\n')
    write(repo / "src" / "model.py", DEPRECATED)
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, _ = run(capsys, "check", *SELECT, str(repo / "src"))
    assert code == 0
    code, _, err = run(capsys, "check", *SELECT, "--config", str(project / "none.toml"), str(repo / "src"))
    assert code == 2 and "none.toml: no such file" in err


def test_explicit_config_replaces_discovery(project, capsys):
    write(project / "pyproject.toml", '[tool.hybridlint]\nignore = ["HYB025"]\n')
    write(project / "strict.toml", '[tool.hybridlint]\nselect = ["HYB025"]\n')
    write(project / "model.py", DEPRECATED)
    assert run(capsys, "check")[0] == 0
    code, out, _ = run(capsys, "check", "--config", "strict.toml")
    assert code == 1 and "HYB025" in out


def test_bad_configuration_exits_2_naming_the_key(project, capsys):
    write(project / "pyproject.toml", '[tool.hybridlint]\nselcet = ["HYB025"]\n')
    write(project / "model.py", DEPRECATED)
    code, out, err = run(capsys, "check")
    assert code == 2 and out == ""
    assert "selcet" in err and "pyproject.toml" in err


def test_invalid_toml_exits_2_with_a_clear_message(project, capsys):
    write(project / "pyproject.toml", "[tool.hybridlint\nselect = [\n")
    write(project / "model.py", DEPRECATED)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert "pyproject.toml: invalid TOML" in err


def test_excluded_folders_are_skipped_but_named_files_are_checked(project, capsys):
    write(project / "pyproject.toml", '[tool.hybridlint]\nselect = ["HYB025"]\nextend-exclude = ["generated"]\n')
    write(project / "generated" / "gen.py", DEPRECATED)
    write(project / "build" / "lib" / "copy.py", DEPRECATED)
    write(project / ".venv" / "lib" / "site.py", DEPRECATED)
    write(project / "env" / "pyvenv.cfg", "home = /usr/bin\n")
    write(project / "env" / "lib" / "tf.py", DEPRECATED)
    write(project / "src" / "model.py", DEPRECATED)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.count("HYB025") == 1 and "model.py" in out
    named = os.path.join("generated", "gen.py")
    code, out, _ = run(capsys, "check", named)
    assert code == 1 and "gen.py" in out
    code, out, _ = run(capsys, "check", "--force-exclude", named)
    assert code == 0 and "gen.py" not in out


# -- suppression ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        DEPRECATED.replace("experimental_relax_shapes=True)", "experimental_relax_shapes=True)  # noqa: HYB025"),
        DEPRECATED.replace("experimental_relax_shapes=True)", "experimental_relax_shapes=True)  # noqa"),
        "# hybridlint: noqa\n" + DEPRECATED,
    ],
    ids=["noqa-code", "noqa-bare", "file-noqa"],
)
def test_noqa_comments_suppress(project, capsys, text):
    write(project / "model.py", text)
    assert run(capsys, "check", *SELECT)[0] == 0


def test_noqa_for_another_code_does_not_suppress(project, capsys):
    write(project / "model.py", DEPRECATED.replace("=True)", "=True)  # noqa: HYB004"))
    assert run(capsys, "check", *SELECT)[0] == 1


# -- standard input -------------------------------------------------------------------------------


class FakeStdin:
    def __init__(self, data: bytes):
        import io

        self.buffer = io.BytesIO(data)


def test_stdin_is_checked_under_its_filename(project, capsys, monkeypatch):
    write(
        project / "pyproject.toml",
        '[tool.hybridlint]\nselect = ["HYB025"]\n[tool.hybridlint.per-file-ignores]\n"legacy/*" = ["HYB025"]\n',
    )
    monkeypatch.setattr(sys, "stdin", FakeStdin(DEPRECATED.encode()))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "src/model.py")
    assert code == 1 and out.startswith("src/model.py:3:")
    monkeypatch.setattr(sys, "stdin", FakeStdin(DEPRECATED.encode()))
    assert run(capsys, "check", "-", "--stdin-filename", "legacy/model.py")[0] == 0


def test_stdin_fix_prints_the_fixed_source(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(DEPRECATED.replace("\n", "\r\n").encode()))
    code, out, err = run(capsys, "check", "--fix", *SELECT, "-")
    assert code == 0
    assert out == FIXED.replace("\n", "\r\n")
    assert "Fixed 1 finding" in err


def test_stdin_fix_keeps_the_bom_and_columns_do_not_count_it(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"\xef\xbb\xbf" + DEPRECATED.encode()))
    code, out, _ = run(capsys, "check", *SELECT, "-")
    assert code == 1 and out.startswith("-:3:14: HYB025")  # as `hybridlint check FILE` and editors show it
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"\xef\xbb\xbf" + DEPRECATED.encode()))
    code, out, err = run(capsys, "check", "--fix", *SELECT, "-")
    assert code == 0 and out == "\ufeff" + FIXED and "Fixed 1 finding" in err


def test_stdin_cannot_be_mixed_with_paths(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    code, _, err = run(capsys, "check", "-", "other.py")
    assert code == 2 and "standard input" in err


# -- parallel runs and progress -------------------------------------------------------------------


def test_parallel_run_matches_the_in_process_run(project, capsys):
    count = IN_PROCESS_BELOW + 5
    for index in range(count):
        write(project / f"m{index:02}.py", DEPRECATED if index % 2 else CLEAN)
    one = run(capsys, "check", *SELECT, "--jobs", "1", "--format", "json")
    two = run(capsys, "check", *SELECT, "--jobs", "2", "--format", "json")
    assert one[0] == two[0] == 1
    assert json.loads(one[1]) == json.loads(two[1])
    assert len(json.loads(two[1])) == count // 2


def test_parallel_fix_writes_every_file(project, capsys):
    paths = [write(project / f"m{index:02}.py", DEPRECATED) for index in range(IN_PROCESS_BELOW + 2)]
    code, out, _ = run(capsys, "check", "--fix", *SELECT, "--jobs", "2")
    assert code == 0 and f"Fixed {len(paths)} findings in {len(paths)} files." in out
    assert all(p.read_text() == FIXED for p in paths)


def test_no_progress_bar_when_stderr_is_not_a_terminal(project, capsys):
    for index in range(60):
        write(project / f"m{index:02}.py", CLEAN)
    code, _, err = run(capsys, "check", *SELECT, "--jobs", "1")
    assert code == 0 and err == ""


def test_jobs_must_be_positive(project, capsys):
    code, _, err = run(capsys, "check", "--jobs", "0")
    assert code == 2 and "--jobs" in err


# -- rules, explain, version, server --------------------------------------------------------------


def test_rules_lists_every_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for rule in all_rules():
        row = next(line for line in out.splitlines() if line.startswith(rule.code + " "))
        assert rule.name in row and rule.severity.label in row and rule.summary in row
    code, out, _ = run(capsys, "rules", "--format", "json")
    listed = json.loads(out)
    assert [r["code"] for r in listed] == [r.code for r in all_rules()]
    hyb025 = next(r for r in listed if r["code"] == "HYB025")
    # safe only where the project's minimum TensorFlow has the new name: labelled by its worst case
    assert hyb025["fix"] == "unsafe" and hyb025["name"] == find_rule("HYB025").name


def test_explain_prints_the_rule_docs(capsys):
    code, out, _ = run(capsys, "explain", "HYB025")
    assert code == 0
    assert out.startswith("# HYB025 deprecated-tf-function-argument")
    assert "## What it does" in out and "## Fix safety" in out
    assert run(capsys, "explain", "deprecated-tf-function-argument")[1] == out


def test_explain_unknown_code_exits_2(capsys):
    code, out, err = run(capsys, "explain", "HYB999")
    assert code == 2 and out == ""
    assert "unknown rule 'HYB999'" in err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"hybridlint {hybridlint.__version__}"


def test_no_command_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "check" in err


def test_server_subcommand_passes_its_arguments_on(monkeypatch, capsys):
    import hybridlint.server

    seen = []
    monkeypatch.setattr(hybridlint.server, "main", lambda argv: seen.append(argv) or 0)
    assert run(capsys, "server", "--tcp", "127.0.0.1:9999", "-v")[0] == 0
    assert seen == [["--tcp", "127.0.0.1:9999", "-v"]]


def test_server_subcommand_without_a_server_main(monkeypatch, capsys):
    import hybridlint.server

    monkeypatch.delattr(hybridlint.server, "main")
    code, _, err = run(capsys, "server")
    assert code == 2 and "language server" in err


# -- the installed command ------------------------------------------------------------------------


def _console_script() -> list:
    script = Path(sys.executable).parent / ("hybridlint.exe" if os.name == "nt" else "hybridlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hybridlint"]


def test_console_script_exit_codes(tmp_path):
    write(tmp_path / "clean.py", CLEAN)
    write(tmp_path / "model.py", DEPRECATED)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}

    def call(*argv):
        return subprocess.run(
            _console_script() + list(argv), cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60
        )

    clean = call("check", *MODE, *SELECT, "clean.py")
    findings = call("check", *MODE, *SELECT, "model.py")
    usage = call("check", "--format", "xml")
    assert (clean.returncode, findings.returncode, usage.returncode) == (0, 1, 2)
    assert "\x1b[" not in findings.stdout  # a pipe is not a terminal
    assert "invalid choice" in usage.stderr and "Traceback" not in usage.stderr
    module = subprocess.run(
        [sys.executable, "-m", "hybridlint", "--version"], capture_output=True, text=True, timeout=60
    )
    assert module.returncode == 0 and hybridlint.__version__ in module.stdout


# -- worker processes die with the run -------------------------------------------------------------


def _children(pid: int):
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "Z" not in state.split()[1]  # a zombie has stopped; only its exit status is left


def _wait(predicate, seconds: float):
    """Poll a condition (an event in another process) until it holds or the bound passes."""
    import time

    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_killed_fix_run_leaves_no_worker_writing(tmp_path):
    import signal
    import time

    body = "".join(f"def f{i}(x):\n    return tf.nn.relu(x + {i})\n\n" for i in range(1500))
    paths = [write(tmp_path / f"m{n:02d}.py", DEPRECATED + body) for n in range(IN_PROCESS_BELOW + 20)]
    write(tmp_path / "requirements.txt", DECLARED)  # the rename is a safe fix: `--fix` writes it
    proc = subprocess.Popen(
        [sys.executable, "-m", "hybridlint", "check", "--fix", "--jobs", "2", "--no-cache", "--select", "HYB025", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait(lambda: any("reduce_retracing" in p.read_text() for p in paths), 120), "no file was fixed"
        workers = _children(proc.pid)
        assert workers
        proc.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        assert _wait(lambda: not any(_alive(w) for w in workers), 10)
        assert time.monotonic() - killed < 1.0  # the workers stopped within a second of the kill
        fixed = [p.read_text() for p in paths]
        assert any(DEPRECATED in text for text in fixed)  # the run was cut short, not finished
    finally:
        proc.kill()
        proc.wait()
