"""Files a linter meets in real trees: other encodings, binaries, links to nowhere, huge generated
modules, odd line endings. Each problem file gets one line on stderr and exit code 2, never a
traceback, and the other files are still checked; unusual but valid files work with right columns."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hybridlint import files
from hybridlint.cli import main
from hybridlint.engine import FixOutcome, check_source

DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"
FIXED = DEPRECATED.replace("experimental_relax_shapes", "reduce_retracing")
SELECT = ["--select", "HYB025"]
# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = ["--preview"]
# HYB025's rename, these tests' fix, is safe only where the project's minimum TensorFlow has the new name.
DECLARED = "tensorflow>=2.9\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "requirements.txt").write_text(DECLARED)  # HYB025's rename is then a safe fix
    (tmp_path / "good.py").write_text(DEPRECATED)
    return tmp_path


def run(capsys, *argv):
    code = main(["check", *MODE, *SELECT, "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def assert_one_problem(code, out, err, name, reason):
    """The bad file costs exit 2 and one stderr line; good.py was still checked."""
    assert code == 2
    assert "All checks passed" not in out
    lines = [line for line in err.splitlines() if line.startswith(name + ":")]
    assert len(lines) == 1 and reason in lines[0], err
    assert lines[0].startswith(f"{name}: cannot ")
    assert "good.py:3:" in out


# -- files that cannot be read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, offset",
    [
        (b"import tensorflow as tf\nname = '\xe9t\xe9'\n", 32),
        (b"name = '\xe9t\xe9'  # first line\nimport tensorflow as tf\n", 8),
        (b"\xef\xbb\xbfimport tensorflow as tf\nname = '\xe9t\xe9'\n", 35),
    ],
    ids=["second-line", "first-line", "after-bom"],
)
def test_non_utf8_without_a_coding_comment(project, capsys, data, offset):
    assert data[offset] == 0xE9
    (project / "latin.py").write_bytes(data)
    code, out, err = run(capsys)
    assert_one_problem(code, out, err, "latin.py", f"not valid UTF-8 (byte 0xe9 at offset {offset})")


def test_binary_file(project, capsys):
    (project / "blob.py").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00tensorflow\x00\xff")
    assert_one_problem(*run(capsys), "blob.py", "binary file")


def test_unknown_coding_comment(project, capsys):
    (project / "odd.py").write_bytes(b"# -*- coding: klingon -*-\nimport tensorflow\n")
    assert_one_problem(*run(capsys), "odd.py", "unknown encoding")


def test_dangling_symlink(project, capsys):
    (project / "gone.py").symlink_to(project / "deleted.py")
    assert_one_problem(*run(capsys), "gone.py", "No such file or directory")


def test_permission_denied(project, capsys, monkeypatch):
    secret = project / "secret.py"
    secret.write_text(DEPRECATED)
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        # Root reads any file, and Windows has no mode bits to take away: the simulated twin below
        # makes the same run meet the same error, so this never skips.
        test_permission_denied_simulated(project, capsys, monkeypatch)
        return
    secret.chmod(0)
    try:
        assert_one_problem(*run(capsys), "secret.py", "Permission denied")
    finally:
        secret.chmod(0o644)


def test_permission_denied_simulated(project, capsys, monkeypatch):
    # Tests often run as root, who may read anything: make the open fail the way it would.
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if os.path.basename(str(path)) == "secret.py":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    (project / "secret.py").write_text(DEPRECATED)
    monkeypatch.setattr(files, "open", guarded_open, raising=False)
    assert_one_problem(*run(capsys), "secret.py", "Permission denied")


def test_folder_named_like_a_module_given_by_name(project, capsys):
    # A folder called x.py is walked like any folder; a file inside it is checked.
    (project / "x.py").mkdir()
    (project / "x.py" / "inner.py").write_text(DEPRECATED)
    code, out, _ = run(capsys, "x.py")
    assert code == 1 and "inner.py:3:" in out


def test_huge_file_is_skipped_without_reading_it(project, capsys):
    huge = project / "generated.py"
    with open(huge, "wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(files.MAX_FILE_BYTES + 1)
    assert_one_problem(*run(capsys), "generated.py", "larger than 10 MB")


def test_size_limit_is_one_constant(project, capsys, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", len(DEPRECATED) - 1)
    code, _, err = run(capsys)
    assert code == 2 and "good.py: cannot read: file is larger than" in err


def test_parser_giving_up_is_reported_not_raised(project, capsys):
    (project / "deep.py").write_text("import tensorflow\nx = " + "-" * 200_000 + "1\n")
    code, out, err = run(capsys)
    # Python itself cannot parse such a file: it is reported like a syntax error, the run goes on.
    assert code == 1 and "good.py:3:" in out
    assert "deep.py:1:1: E999 cannot parse: " in out, out


def test_crash_inside_the_engine_is_one_line(project, capsys, monkeypatch):
    real = check_source

    def exploding(text, path, settings, link=None, tree=None, **options):
        if path.endswith("boom.py"):
            raise RuntimeError("kaboom")
        return real(text, path, settings, link=link, tree=tree, **options)

    monkeypatch.setattr("hybridlint.cli.check_source", exploding)
    (project / "boom.py").write_text(DEPRECATED)
    code, out, err = run(capsys)
    assert code == 2 and "good.py:3:" in out
    assert [line for line in err.splitlines() if "boom.py" in line] == [
        "boom.py: internal error: cannot analyse: RuntimeError: kaboom (a bug in hybridlint; please report it)"
    ]


def test_binary_on_stdin_is_given_back_unchanged_with_fix(project, capsys, monkeypatch):
    import io

    class Stdin:
        buffer = io.BytesIO(b"\x00\x01binary")

    monkeypatch.setattr(sys, "stdin", Stdin())
    code = main(["check", "--fix", "-", "--stdin-filename", "x.py"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "\x00\x01binary"
    assert err.startswith("x.py: cannot read: binary file")


# -- unusual but valid files: right positions, preserved bytes -------------------------------------


def _expected_position(text: str, needle: str) -> str:
    """line:col (1-based, code points) with lines split only at \\r\\n, \\r and \\n."""
    before = text[: text.index(needle)].replace("\r\n", "\n").replace("\r", "\n")
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


@pytest.mark.parametrize(
    "text",
    [
        DEPRECATED.replace("\n", "\r\n"),
        DEPRECATED.replace("\n", "\r"),
        DEPRECATED.replace("(experimental", "(\texperimental").replace("    return", "\treturn"),
        "\x0c\n" + DEPRECATED.replace("@tf", "\x0c@tf"),
        "# 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ \U0001f600\n" + DEPRECATED.replace("@tf.function(", "x = '\U0001f600'; y = 1\n@tf.function("),
        DEPRECATED.replace("@tf.function(", "s = '\U0001f680'  # 🚀\n@tf.function(\n    "),
    ],
    ids=["crlf", "cr", "tabs", "form-feed", "non-bmp", "non-bmp-multiline"],
)
def test_positions_and_fix_keep_the_file(project, capsys, text):
    (project / "good.py").unlink()
    target = project / "odd.py"
    target.write_bytes(text.encode("utf-8"))
    code, out, _ = run(capsys)
    assert code == 1
    assert out.startswith(f"odd.py:{_expected_position(text, 'experimental_relax_shapes')}: HYB025 [*]")
    code, _, _ = run(capsys, "--fix")
    assert code == 0
    assert target.read_bytes() == text.replace("experimental_relax_shapes", "reduce_retracing").encode("utf-8")


def test_bom_and_coding_comment_are_kept_by_fix(project, capsys):
    (project / "good.py").unlink()
    bom = project / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + DEPRECATED.replace("\n", "\r\n").encode())
    latin = project / "latin.py"
    latin_text = "# -*- coding: latin-1 -*-\n# caf\xe9\n" + DEPRECATED
    latin.write_bytes(latin_text.encode("latin-1"))
    code, out, _ = run(capsys)
    assert code == 1
    assert "bom.py:3:14: HYB025" in out  # the BOM is not a column
    assert f"latin.py:{_expected_position(latin_text, 'experimental_relax_shapes')}: HYB025" in out
    assert run(capsys, "--fix")[0] == 0
    assert bom.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()
    assert latin.read_bytes() == ("# -*- coding: latin-1 -*-\n# caf\xe9\n" + FIXED).encode("latin-1")


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_a_coding_comment_in_a_file_with_cr_line_ends_is_read(project, capsys, newline):
    """Python ends lines at "\r" when it looks for the cookie; reading the file as one line would
    see the latin-1 bytes as bad UTF-8 and refuse a file Python runs."""
    (project / "good.py").unlink()
    text = ("# -*- coding: latin-1 -*-\n" + DEPRECATED + "name = 'caf\xe9'\n").replace("\n", newline)
    latin = project / "latin.py"
    latin.write_bytes(text.encode("latin-1"))
    code, out, _ = run(capsys)
    assert code == 1 and f"latin.py:{_expected_position(text, 'experimental_relax_shapes')}: HYB025" in out
    assert run(capsys, "--fix")[0] == 0
    assert latin.read_bytes() == text.replace("experimental_relax_shapes", "reduce_retracing").encode("latin-1")


def test_empty_and_bom_only_files(project, capsys):
    (project / "empty.py").write_bytes(b"")
    (project / "bom_only.py").write_bytes(b"\xef\xbb\xbf")
    code, out, err = run(capsys)
    assert code == 1 and err == "" and "empty.py" not in out and "bom_only.py" not in out


def test_a_file_that_never_mentions_tensorflow_is_skipped_and_said_to_be(project, capsys):
    """It is not parsed (a syntax error there is no E999), so the summary does not count it as
    checked; `--verbose` names it. A file that mentions TensorFlow gets its E999."""
    (project / "notf.py").write_text("def f(:\n    pass\n")
    code, out, err = run(capsys, "notf.py")
    assert code == 0 and err == ""
    assert out == "Nothing checked. 1 file skipped: it never mentions TensorFlow (not parsed).\n"
    code, out, err = run(capsys, "-v", "notf.py", "good.py")
    assert code == 1 and "notf.py: skipped: it never mentions TensorFlow (not parsed)" in err.splitlines()
    assert "hybridlint: checked 1 file, skipped 1 without TensorFlow, in " in err
    assert out.splitlines()[-1] == (
        "Found 1 finding in 1 of 1 file checked (1 fixable with --fix). "
        "1 file skipped: it never mentions TensorFlow (not parsed)."
    )
    (project / "notf.py").write_text("import tensorflow as tf\ndef f(:\n    pass\n")
    code, out, _ = run(capsys, "notf.py")
    assert code == 1 and out.startswith("notf.py:2:7: E999 SyntaxError")


def test_inserted_newlines_follow_the_file_style():
    source = files.decode_source("a = 1\r\nb = 2\r\n".encode())
    assert files.encode_source(source, "a = 1\r\nimport x\nb = 2\r\n") == b"a = 1\r\nimport x\r\nb = 2\r\n"
    mixed = files.decode_source(b"a = 1\r\nb = 2\n")
    assert files.encode_source(mixed, "a = 1\r\nc\nb = 2\n") == b"a = 1\r\nc\nb = 2\n"


# -- writing ---------------------------------------------------------------------------------------


def test_fix_that_would_not_parse_is_never_written(project, capsys, monkeypatch):
    monkeypatch.setattr(
        "hybridlint.cli.fix_source",
        lambda text, path, settings, unsafe, link=None: FixOutcome(
            text.replace("def ", "de f "), [], check_source(text, path, settings, link=link)
        ),
    )
    before = (project / "good.py").read_bytes()
    code, _, err = run(capsys, "--fix")
    assert code == 2 and "does not parse" in err
    assert (project / "good.py").read_bytes() == before


def test_write_failure_is_reported_and_the_file_kept(project, capsys, monkeypatch):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("hybridlint.cli.write_atomically", refuse)
    code, _, err = run(capsys, "--fix")
    assert code == 2 and "good.py: cannot write: Permission denied" in err
    assert (project / "good.py").read_text() == DEPRECATED


def test_atomic_write_leaves_the_original_when_replacing_fails(tmp_path, monkeypatch):
    target = tmp_path / "m.py"
    target.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        files.write_atomically(str(target), b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]


def test_atomic_write_keeps_mode_and_replaces_content(tmp_path):
    target = tmp_path / "m.py"
    target.write_bytes(b"old")
    target.chmod(0o640)
    files.write_atomically(str(target), b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o7777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]


def test_reading_keeps_newlines_and_strips_only_the_bom(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r")
    source = files.read_source(str(path))
    assert source.text == "x = 1\r\ny = 2\r" and source.encoding == "utf-8-sig"
    assert source.newline == ""  # mixed: left alone on write
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("argv", [["blob.py"], ["missing.py"], ["blob.py", "clean.py"]])
def test_unreadable_input_never_says_all_checks_passed(project, capsys, argv):
    (project / "blob.py").write_bytes(b"x = 1\0")
    (project / "clean.py").write_text("import tensorflow as tf\n")
    code, out, err = run(capsys, *argv)
    assert code == 2 and "cannot read" in err
    checked = 1 if "clean.py" in argv else 0
    assert out.splitlines()[-1] == (
        f"No findings in {checked} file{'' if checked == 1 else 's'} checked, but 1 file could not be checked (see above)."
    )


# -- the same odd text through both front ends (property-style) -------------------------------------
#
# Generated modules mix what real files hold: CRLF or CR line ends, tabs, form feeds, non-BMP
# characters and U+2028 in strings and comments, a BOM, a latin-1 coding cookie. Whatever the mix,
# `check` and the server put each finding on the same text (columns in their own units: code points
# after the BOM for the command line, UTF-16 units of the buffer for the server), `check --fix`
# writes exactly the renamed keywords back in the file's own encoding, BOM and line ends, and the
# server's fix-all gives the same text.

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_KEYWORDS = {"experimental_relax_shapes": "reduce_retracing", "experimental_compile": "jit_compile"}
_UNICODE = ["a", "Z", " ", "\t", "é", "ß", "\U0001f600", "\U0001d518", "\u2028", "€"]
_LATIN_1 = ["a", "Z", " ", "\t", "é", "ß"]


@st.composite
def odd_modules(draw):
    """(file bytes, the text they decode to without the BOM, encoding name, has BOM)."""
    latin = draw(st.booleans())
    alphabet = _LATIN_1 if latin else _UNICODE
    words = st.lists(st.sampled_from(alphabet), max_size=6).map("".join)
    unit = draw(st.sampled_from(["    ", "\t"]))
    lines = ["# -*- coding: latin-1 -*-"] if latin else []
    lines.append("import tensorflow as tf")
    for number in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["decorated", "call", "string", "blank", "form-feed", "method"]))
        note = draw(words).replace("\t", " ")  # a tab in a comment is fine; in a string too, but keep it simple
        if kind == "decorated":
            lines += ["@tf.function(experimental_relax_shapes=True)", f"def f{number}(x):", f"{unit}return x  # {note}"]
        elif kind == "call":
            lines.append(f"g{number} = tf.function(lambda x: x, experimental_compile=True)  # {note}")
        elif kind == "string":
            lines.append(f"s{number} = '{draw(words)}'; t{number} = 1")
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "\f", unit])))
        elif kind == "form-feed":
            lines.append(f"\fh{number} = '{note}'")
        else:
            lines += [
                f"class C{number}:",
                f"{unit}@tf.function(experimental_relax_shapes=True, experimental_compile=True)",
                f"{unit}def m(self, x):  # {note}",
                f"{unit}{unit}return x",
            ]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    bom = not latin and draw(st.booleans())
    encoding = "latin-1" if latin else "utf-8"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding), text, encoding, bom


def _lsp_lines(text: str):
    import re

    return re.split(r"\r\n|\r|\n", text)


def _keyword_places(text: str):
    """(line, column in code points, column in UTF-16 units) of each keyword, 0-based, found here
    without the engine's arithmetic."""
    places = []
    for row, line in enumerate(_lsp_lines(text)):
        for keyword in _KEYWORDS:
            start = line.find(keyword)
            while start >= 0:
                places.append((row, start, len(line[:start].encode("utf-16-le")) // 2, keyword))
                start = line.find(keyword, start + 1)
    return sorted(places)


def _apply_lsp_edits(text: str, edits) -> str:
    lines_at = [0]
    import re

    lines_at += [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(position) -> int:
        start = lines_at[position["line"]]
        line = _lsp_lines(text)[position["line"]]
        units = 0
        for index, ch in enumerate(line):
            if units >= position["character"]:
                return start + index
            units += len(ch.encode("utf-16-le")) // 2
        return start + len(line)

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[: offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]) :]
    return text


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parent / "lsp"))
    from wire import Wire

    root = tmp_path_factory.mktemp("workspace")
    (root / "requirements.txt").write_text(DECLARED)
    wire = Wire(root)
    wire.initialize(options={"select": ["HYB025"], "crossModule": False, "preview": True})
    yield wire
    wire.close()


_opened = iter(range(10**6))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(odd_modules())
def test_odd_text_gets_the_same_findings_and_fix_from_both_front_ends(tmp_path, capsys, server, module):
    import json

    data, text, encoding, bom = module
    expected_text = text
    for old, new in _KEYWORDS.items():
        expected_text = expected_text.replace(old, new)
    places = _keyword_places(text)
    target = tmp_path / "odd.py"
    target.write_bytes(data)
    (tmp_path / "requirements.txt").write_text(DECLARED)

    # `check`: one finding per keyword, at its code-point column (the BOM is not a column).
    argv = ["check", "--select", "HYB025", "--jobs", "1", "--no-cache", "--no-cross-module", "--format", "json"]
    code = main([*argv, str(target)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err
    findings = json.loads(out)
    assert code == (1 if places else 0)
    assert sorted((f["location"]["row"] - 1, f["location"]["column"] - 1) for f in findings) == [
        (row, col) for row, col, _, _ in places
    ]

    # `check --fix`: the keywords renamed, every other byte kept (encoding, BOM, line ends).
    main(["check", "--select", "HYB025", "--jobs", "1", "--no-cache", "--no-cross-module", "--fix", str(target)])
    capsys.readouterr()
    assert target.read_bytes() == (b"\xef\xbb\xbf" if bom else b"") + expected_text.encode(encoding)

    # The server, given the buffer as an editor that keeps the BOM would send it.
    buffer = ("\ufeff" if bom else "") + text
    shift = 1 if bom else 0  # the BOM is the first character of line 0 in the buffer
    uri = server.open(f"odd{next(_opened)}.py", buffer)
    items = server.pull(uri)["result"]["items"]
    assert all(item["code"] == "HYB025" for item in items), items
    assert sorted((i["range"]["start"]["line"], i["range"]["start"]["character"]) for i in items) == [
        (row, units + (shift if row == 0 else 0)) for row, _, units, _ in places
    ]
    if places:
        actions = server.call(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll.hybridlint"]},
            },
        )["result"]
        (action,) = actions
        if "edit" not in action:
            action = server.call("codeAction/resolve", action)["result"]
        edit = action["edit"]
        edits = edit["documentChanges"][0]["edits"] if edit.get("documentChanges") else edit["changes"][uri]
        assert _apply_lsp_edits(buffer, edits) == ("\ufeff" if bom else "") + expected_text
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
