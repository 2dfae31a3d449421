"""The output formats as their consumers read them: JSON fields and positions, GitHub workflow
commands, SARIF 2.1.0 checked by a real validator against the official schema, unified diffs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import hybridlint
from hybridlint.cli import main
from hybridlint.output import (
    SYNTAX_ERROR_CODE,
    EditData,
    FileReport,
    FindingData,
    FixData,
    RelatedData,
    Totals,
    render_github,
    summary_line,
    text_lines,
    unified_diff,
)
from hybridlint.registry import all_rules
from hybridlint.source import Span

# The emoji before the keyword is one code point but two UTF-16 units and four UTF-8 bytes.
DEPRECATED = (
    "import tensorflow as tf\n\n"
    "@tf.function(experimental_relax_shapes=True)  # 🚀 fast\n"
    "def step(x):\n"
    "    return x * 2\n"
    "\n"
    "label = '🚀'; f = tf.function(step, experimental_compile=True)\n"
)
SELECT = ["--select", "HYB025"]
# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = ["--preview"]


def sarif_schema() -> dict:
    # Vendored (tests/data/SARIF-SCHEMA-NOTICE.md): validated on every supported Python, never skipped.
    path = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    # a minimum TensorFlow that has `jit_compile` and `reduce_retracing`: HYB025's renames are safe fixes
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.9\n", encoding="utf-8")
    (tmp_path / "src" / "model.py").write_text(DEPRECATED, encoding="utf-8")
    (tmp_path / "src" / "broken.py").write_text("import tensorflow as tf\nif True\n    pass\n", encoding="utf-8")
    return tmp_path


def check(capsys, *argv):
    code = main(["check", *MODE, *SELECT, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def code_point_column(needle: str) -> tuple:
    before = DEPRECATED[: DEPRECATED.index(needle)]
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


# -- JSON ------------------------------------------------------------------------------------------


def test_json_fields_and_code_point_columns(project, capsys):
    code, out, _ = check(capsys, "--format", "json")
    assert code == 1
    findings = json.loads(out)
    by_code = {}
    for item in findings:
        by_code.setdefault(item["code"], []).append(item)
    assert set(by_code) == {"HYB025", SYNTAX_ERROR_CODE}
    compile_kw = next(f for f in by_code["HYB025"] if "experimental_compile" in f["message"])
    row, column = code_point_column("experimental_compile")
    assert compile_kw["location"] == {"row": row, "column": column}
    assert compile_kw["end_location"] == {"row": row, "column": column + len("experimental_compile")}
    assert compile_kw["filename"] == str(Path("src") / "model.py")
    assert compile_kw["name"] == "deprecated-tf-function-argument"
    assert compile_kw["severity"] in {"error", "warning", "info", "hint"}
    assert compile_kw["url"].endswith("/HYB025.html")
    assert compile_kw["related"] == []
    assert compile_kw["preview"] is None  # HYB025 is stable: shown with the default settings
    fix = compile_kw["fix"]
    assert fix["applicability"] == "safe" and "jit_compile" in fix["message"]
    assert fix["edits"] == [
        {"content": "jit_compile", "location": compile_kw["location"], "end_location": compile_kw["end_location"]}
    ]
    syntax = by_code[SYNTAX_ERROR_CODE][0]
    assert syntax["filename"].endswith("broken.py") and syntax["fix"] is None
    assert syntax["location"]["row"] == 2 and syntax["severity"] == "error"


def test_json_of_a_clean_run_is_an_empty_list(project, capsys):
    code, out, _ = check(capsys, "--format", "json", "--ignore", "HYB025", str(Path("src") / "model.py"))
    assert code == 0 and json.loads(out) == []


# -- text ------------------------------------------------------------------------------------------


def test_text_columns_count_code_points(project, capsys):
    _, out, _ = check(capsys, str(Path("src") / "model.py"))
    row, column = code_point_column("experimental_compile")
    assert f"model.py:{row}:{column}: HYB025 [*] `experimental_compile`" in out


def _report(*findings: FindingData) -> FileReport:
    return FileReport("m.py", list(findings))


def _finding(fix_kind=None, code="HYB025", message="msg") -> FindingData:
    fix = FixData("do it", fix_kind, (EditData(Span(1, 0, 1, 1), "y"),)) if fix_kind else None
    return FindingData(code, "name", message, "warning", Span(1, 0, 1, 1), fix)


def test_summary_counts_safe_and_unsafe_fixes():
    reports = [_report(_finding("safe"), _finding("unsafe"), _finding()), FileReport("clean.py")]
    totals = Totals.of(reports)
    assert summary_line(totals) == (
        "Found 3 findings in 1 of 2 files checked (1 fixable with --fix, 1 more with --fix --unsafe-fixes)."
    )
    assert (
        summary_line(totals, unsafe=True)
        == "Found 3 findings in 1 of 2 files checked (2 fixable with --fix --unsafe-fixes)."
    )
    assert summary_line(Totals.of([FileReport("a.py")])) == "All checks passed: no findings in 1 file checked."
    lines = text_lines(reports)
    assert [line.split(": ", 1)[1][:10] for line in lines] == ["HYB025 [*]", "HYB025 msg", "HYB025 msg"]
    assert text_lines(reports, unsafe=True)[1].startswith("m.py:1:1: HYB025 [*] ")


def test_summary_does_not_count_skipped_files_as_checked():
    skipped = FileReport("notf.py", skipped=True)
    assert summary_line(Totals.of([skipped])) == (
        "Nothing checked. 1 file skipped: it never mentions TensorFlow (not parsed)."
    )
    assert summary_line(Totals.of([FileReport("a.py"), skipped, skipped])) == (
        "All checks passed: no findings in 1 file checked. 2 files skipped: they never mention TensorFlow (not parsed)."
    )
    assert summary_line(Totals.of([_report(_finding("safe")), skipped])) == (
        "Found 1 finding in 1 of 1 file checked (1 fixable with --fix). "
        "1 file skipped: it never mentions TensorFlow (not parsed)."
    )
    assert summary_line(Totals.of([skipped]), failures=1) == (
        "No findings in 0 files checked, but 1 file could not be checked (see above). "
        "1 file skipped: it never mentions TensorFlow (not parsed)."
    )
    assert summary_line(Totals.of([_report(_finding())]), failures=2) == (
        "Found 1 finding in 1 of 1 file checked; 2 files could not be checked (see above)."
    )


# -- GitHub annotations -----------------------------------------------------------------------------


def test_github_annotations(project, capsys):
    code, out, _ = check(capsys, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    row, column = code_point_column("experimental_compile")
    expected = (
        f"file=src/model.py,line={row},col={column},endLine={row},"
        f"endColumn={column + len('experimental_compile')},title=HYB025::`experimental_compile` is deprecated"
    )
    assert any(line.startswith("::notice ") or line.startswith("::warning ") for line in lines)
    assert any(expected in line for line in lines)
    assert any(
        line.startswith("::error file=src/broken.py,line=2,") and "title=E999::SyntaxError" in line for line in lines
    )


def test_github_escapes_newlines_and_separators():
    finding = FindingData("HYB004", "n", "50% of\nthe: calls", "error", Span(3, 1, 4, 0))
    out = render_github([FileReport("dir,1/a:b.py", [finding])])
    assert out == "::error file=dir%2C1/a%3Ab.py,line=3,col=2,endLine=4,endColumn=1,title=HYB004::50%25 of%0Athe: calls"


# -- SARIF ------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_schema(project, capsys):
    schema = sarif_schema()
    code, out, _ = check(capsys, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]

    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "hybridlint" and driver["version"] == hybridlint.__version__
    assert driver["informationUri"] == hybridlint.docs_url()
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids[: len(all_rules())] == [r.code for r in all_rules()] and SYNTAX_ERROR_CODE in ids
    hyb025 = driver["rules"][ids.index("HYB025")]
    assert hyb025["helpUri"].endswith("/HYB025.html") and hyb025["shortDescription"]["text"]
    assert hyb025["defaultConfiguration"]["level"] in {"error", "warning", "note"}

    results = run["results"]
    compile_kw = next(r for r in results if "experimental_compile" in r["message"]["text"])
    assert driver["rules"][compile_kw["ruleIndex"]]["id"] == "HYB025"
    location = compile_kw["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/model.py", "uriBaseId": "%SRCROOT%"}
    row, column = code_point_column("experimental_compile")
    assert location["region"] == {
        "startLine": row,
        "startColumn": column,
        "endLine": row,
        "endColumn": column + len("experimental_compile"),
    }
    replacement = compile_kw["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "jit_compile"
    assert replacement["deletedRegion"] == location["region"]
    assert any(r["ruleId"] == SYNTAX_ERROR_CODE and r["level"] == "error" for r in results)
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_with_unreadable_files_and_related_locations_still_validates(project, capsys):
    schema = sarif_schema()
    (project / "src" / "bad.py").write_bytes(b"\xff\xfe\x00junk")
    code, out, err = check(capsys, "--format", "sarif")
    assert code == 2 and "bad.py: cannot read" in err
    log = json.loads(out)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "bad.py" in invocation["toolExecutionNotifications"][0]["message"]["text"]

    from hybridlint.output import build_sarif

    related = FindingData(
        "HYB025", "n", "m", "hint", Span(1, 0, 1, 2), related=(RelatedData(Span(2, 0, 2, 3), "here"),)
    )
    outside = FileReport(str(project.parent / "elsewhere.py"), [related])
    log = build_sarif([outside], all_rules(), cwd=project, version="0")
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    result = log["runs"][0]["results"][0]
    assert result["level"] == "note" and result["relatedLocations"][0]["message"]["text"] == "here"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")


def test_sarif_names_the_files_skipped_for_never_mentioning_tensorflow(project, capsys):
    # Not parsed, so its syntax error is no result: the run says the file was left out.
    (project / "src" / "notf.py").write_text("def f(:\n", encoding="utf-8")
    (project / "src" / "empty.py").write_text("", encoding="utf-8")
    code, out, _ = check(capsys, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    schema = sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    assert not [r for r in run["results"] if "notf.py" in json.dumps(r)]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "note" and note["descriptor"]["id"] == "skipped-no-tensorflow"
    assert note["message"]["text"] == "2 files skipped: they never mention TensorFlow (not parsed)."
    uris = sorted(n["physicalLocation"]["artifactLocation"]["uri"] for n in note["locations"])
    assert uris == ["src/empty.py", "src/notf.py"]
    assert run["invocations"][0]["executionSuccessful"] is True  # skipping is no failure


# -- diffs ------------------------------------------------------------------------------------------


def test_unified_diff_keeps_crlf_and_marks_a_missing_final_newline():
    old = "a\r\nb\r\nc"
    new = "a\r\nB\r\nc"
    diff = unified_diff(old, new, "m.py")
    assert diff.startswith("--- m.py\n+++ m.py\n")
    assert "-b\r\n+B\r\n" in diff
    assert diff.endswith(" c\n\\ No newline at end of file\n")
    # A form feed is not a line break (str.splitlines would split there).
    assert unified_diff("x\x0cy\n", "x\x0cz\n", "f.py").count("\n-") == 1


# -- related places in other files (cross-module findings) ---------------------------------------


def test_related_places_in_other_files_name_those_files(project):
    from hybridlint.output import build_sarif, render_json

    here = RelatedData(Span(1, 0, 1, 4), "in this file")
    elsewhere = RelatedData(Span(6, 4, 6, 14), "`train_step` is defined here", path="pkg/model.py")
    outside = RelatedData(Span(2, 0, 2, 1), "outside the working folder", path=str(project.parent / "other.py"))
    finding = FindingData("HYB004", "n", "m", "warning", Span(8, 33, 8, 37), related=(here, elsewhere, outside))
    report = FileReport("pkg/train.py", [finding])

    (item,) = json.loads(render_json([report]))
    filenames = [r["filename"] for r in item["related"]]
    assert filenames == ["pkg/train.py", "pkg/model.py", str(project.parent / "other.py")]
    assert item["related"][1]["location"] == {"row": 6, "column": 5}

    log = build_sarif([report], all_rules(), cwd=project, version="0")
    schema = sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    locations = log["runs"][0]["results"][0]["relatedLocations"]
    artifacts = [loc["physicalLocation"]["artifactLocation"] for loc in locations]
    assert artifacts[0] == {"uri": "pkg/train.py", "uriBaseId": "%SRCROOT%"}
    assert artifacts[1] == {"uri": "pkg/model.py", "uriBaseId": "%SRCROOT%"}
    assert artifacts[2]["uri"] == (project.parent / "other.py").as_uri()
    assert locations[1]["physicalLocation"]["region"]["startLine"] == 6


def test_finding_data_shows_related_paths_through_the_callers_mapping():
    from hybridlint.rule import Finding, Related, Severity

    finding = Finding(
        "HYB004",
        "n",
        Span(1, 0, 1, 1),
        "m",
        Severity.WARNING,
        related=(Related(Span(2, 0, 2, 1), "there", path="pkg/model.py"), Related(Span(3, 0, 3, 1), "here")),
    )
    data = FindingData.from_finding(finding, shown_path=lambda rel: "../" + rel)
    assert [r.path for r in data.related] == ["../pkg/model.py", None]
    assert [r.path for r in FindingData.from_finding(finding).related] == ["pkg/model.py", None]
