"""The command line and the server judge the same content the same way (issue 18, item 5): one
decoding function (`hybridlint.files.decode_source`) for bytes from a file and text from an editor."""

from __future__ import annotations

import pytest
from wire import Wire

from hybridlint.cli import main
from hybridlint.files import UnreadableFile, decode_source

DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"

CASES = {
    "unknown-cookie": ("# -*- coding: klingon -*-\n" + DEPRECATED, "unknown encoding: klingon"),
    "nul-bytes": (DEPRECATED + "x = '\0'\n", "binary file (contains NUL bytes)"),
    "bom": ("\ufeff" + DEPRECATED, None),
    "latin-1-cookie": ("# coding: latin-1\n" + DEPRECATED + "name = 'été'\n", None),
    "bom-and-other-cookie": ("\ufeff# coding: latin-1\n" + DEPRECATED, "encoding problem: utf-8"),
}


def _verdict(content):
    try:
        decode_source(content)
    except UnreadableFile as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("name", sorted(CASES))
def test_bytes_and_text_get_the_same_verdict(name):
    text, expected = CASES[name]
    encoding = "latin-1" if "latin-1" in name and "bom" not in name else "utf-8"
    assert _verdict(text.encode(encoding)) == expected
    assert _verdict(text) == expected


@pytest.mark.parametrize("name", ["unknown-cookie", "nul-bytes"])
def test_the_server_refuses_what_the_command_line_refuses(name, tmp_path, capsys, monkeypatch):
    text, reason = CASES[name]
    (tmp_path / "m.py").write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--jobs", "1", "m.py"]) == 2
    _, err = capsys.readouterr()
    assert f"m.py: cannot read: {reason}" in err
    wire = Wire(tmp_path)
    try:
        wire.initialize()
        uri = wire.open("m.py", text)
        shown = wire.wait_for_notification("window/showMessage", lambda m: "cannot be checked" in m["params"]["message"])
        assert shown["params"]["message"] == f"hybridlint: m.py cannot be checked: {reason}"
        assert wire.pull(uri)["result"]["items"] == []
    finally:
        wire.close()


def test_a_syntax_error_is_reported_by_both_or_by_neither(tmp_path, capsys, monkeypatch):
    """A module that never mentions TensorFlow is skipped unparsed by both front ends (the command line
    says so); one that does gets E999 from both, at the same place."""
    monkeypatch.chdir(tmp_path)
    wire = Wire(tmp_path)
    try:
        wire.initialize()
        for text, reported in (("def f(:\n    pass\n", False), ("import tensorflow as tf\ndef f(:\n    pass\n", True)):
            (tmp_path / "m.py").write_text(text)
            code = main(["check", "--jobs", "1", "--no-cache", "m.py"])
            out, _ = capsys.readouterr()
            assert code == (1 if reported else 0)
            assert ("m.py:2:7: E999 SyntaxError" in out) == reported
            assert ("1 file skipped: it never mentions TensorFlow" in out) != reported
            uri = wire.open("m.py", text, version=2 if reported else 1)
            items = wire.pull(uri)["result"]["items"]
            expected = [{"line": 1, "character": 6}] if reported else []
            assert [item["range"]["start"] for item in items] == expected
            wire.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    finally:
        wire.close()
