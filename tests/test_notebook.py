"""Notebooks on the command line: cross-cell findings at the right cell, line and column; fixes that
change only the fixed cells' `source` (the rest of the JSON byte for byte); IPython lines masked;
broken notebooks reported, never written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from hybridlint.cli import main
from hybridlint.config import discover, load_config
from hybridlint.notebook import CellMap, Cell, NotebookError, mask_cell, parse_notebook, write_back

IMPORT = "import tensorflow as tf"
STEP = "@tf.function\ndef step(x):\n    return x * 2"
LOOP = "for i in range(10):\n    y = step(i)"
DEPRECATED = "@tf.function(experimental_relax_shapes=True)\ndef g(x):\n    return x"
FIXED = DEPRECATED.replace("experimental_relax_shapes", "reduce_retracing")


def code(source: str, **extra: Any) -> Dict[str, Any]:
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
    cell.update(extra)
    return cell


def markdown(source: str) -> Dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def lines(source: str) -> List[str]:
    return source.splitlines(True)


def notebook(cells: List[Dict[str, Any]], **metadata: Any) -> Dict[str, Any]:
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    meta.update(metadata)
    return {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def jupyter_json(nb: Dict[str, Any]) -> str:
    """As Jupyter writes it: one space indent, sorted keys, non-ASCII as is, a final newline."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def run(capsys, *argv: str):
    # In preview mode (every rule on), so that moving a rule between tiers changes only the tier tests.
    argv = (argv[0], "--preview", *argv[1:]) if argv and argv[0] == "check" else argv
    code_ = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code_, out, err


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    # a minimum TensorFlow with `reduce_retracing`: HYB025's rename, these tests' fix, is then safe
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.9\n", encoding="utf-8")
    return tmp_path


def cross_cell() -> Dict[str, Any]:
    return notebook(
        [
            markdown("# Training\nA tf.function in one cell, called in a loop in another."),
            code(lines("%pip install tensorflow\n" + IMPORT)),
            code(lines(STEP)),
            code(lines("%%time\nfor i in range(3):\n  pass")),
            code([]),
            code(lines(LOOP + "\n!nvidia-smi\nstep?")),
        ]
    )


# -- findings at the right cell ------------------------------------------------------------------


def test_cross_cell_finding_is_reported_in_the_calling_cell(project, capsys):
    (project / "train.ipynb").write_text(jupyter_json(cross_cell()), encoding="utf-8")
    status, out, _ = run(capsys, "check", "train.ipynb", "--select", "HYB004")
    assert status == 1
    # Cell 6 (markdown counted), line 2, column of `i` in `step(i)`.
    column = LOOP.splitlines()[1].index("step(i)") + len("step(") + 1
    assert out.splitlines()[0].startswith(f"train.ipynb:cell 6:2:{column}: HYB004 ")


def test_json_and_sarif_name_the_cell(project, capsys):
    (project / "train.ipynb").write_text(jupyter_json(cross_cell()), encoding="utf-8")
    _, out, _ = run(capsys, "check", "train.ipynb", "--select", "HYB004", "--format", "json")
    (item,) = json.loads(out)
    assert item["filename"] == "train.ipynb"
    assert item["cell"] == 6
    assert item["location"]["row"] == 2
    # The related place (where `step` is defined) is in cell 3, line 2.
    assert item["related"][0]["cell"] == 3 and item["related"][0]["location"]["row"] == 2

    _, out, _ = run(capsys, "check", "train.ipynb", "--select", "HYB004", "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "train.ipynb"
    assert location["region"]["startLine"] == 2
    assert result["properties"] == {"cell": 6}


def test_modules_have_a_null_cell_in_json(project, capsys):
    (project / "m.py").write_text(IMPORT + "\n\n" + STEP + "\n\n" + LOOP + "\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "m.py", "--select", "HYB004", "--format", "json")
    assert [item["cell"] for item in json.loads(out)] == [None]


def test_magics_shell_and_help_lines_are_not_parsed(project, capsys):
    (project / "nb.ipynb").write_text(jupyter_json(cross_cell()), encoding="utf-8")
    _, out, _ = run(capsys, "check", "nb.ipynb")
    assert "E999" not in out


def test_a_cell_that_does_not_parse_is_a_syntax_error_in_that_cell(project, capsys):
    nb = notebook([code(IMPORT), code("x = 1\ny = (\n")])
    (project / "nb.ipynb").write_text(jupyter_json(nb), encoding="utf-8")
    status, out, _ = run(capsys, "check", "nb.ipynb")
    assert status == 1
    assert out.startswith("nb.ipynb:cell 2:2:")
    assert " E999 " in out.splitlines()[0]


def test_non_ascii_columns_count_code_points(project, capsys):
    loop = "for i in range(10):\n    é, s = \"😀\", step(i)"
    nb = notebook([code(IMPORT), code(STEP), code(loop)])
    (project / "nb.ipynb").write_text(jupyter_json(nb), encoding="utf-8")
    _, out, _ = run(capsys, "check", "nb.ipynb", "--select", "HYB004")
    column = loop.splitlines()[1].index("step(i)") + len("step(") + 1
    assert out.startswith(f"nb.ipynb:cell 3:2:{column}: HYB004")


def test_crlf_inside_cell_sources(project, capsys):
    nb = notebook([code(IMPORT + "\r\n"), code(STEP.replace("\n", "\r\n") + "\r\n"), code(LOOP.replace("\n", "\r\n"))])
    (project / "nb.ipynb").write_text(jupyter_json(nb), encoding="utf-8")
    _, out, _ = run(capsys, "check", "nb.ipynb", "--select", "HYB004")
    assert out.startswith("nb.ipynb:cell 3:2:")


def test_non_python_notebooks_are_not_checked(project, capsys):
    nb = notebook([code("x <- 1\nprint(x)")], kernelspec={"language": "R", "name": "ir", "display_name": "R"})
    nb["metadata"]["language_info"] = {"name": "R"}
    (project / "r.ipynb").write_text(jupyter_json(nb), encoding="utf-8")
    status, out, _ = run(capsys, "check", "r.ipynb")
    assert status == 0 and out.startswith("Nothing checked. 1 file skipped")


def test_nbformat_3_notebooks_are_read(project, capsys):
    nb3 = {
        "metadata": {"name": ""},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": ["# v3"]},
                    {"cell_type": "code", "collapsed": False, "input": lines(IMPORT + "\n" + STEP), "language": "python",
                     "metadata": {}, "outputs": []},
                    {"cell_type": "code", "collapsed": False, "input": lines(LOOP), "language": "python",
                     "metadata": {}, "outputs": []},
                ],
                "metadata": {},
            }
        ],
    }
    (project / "old.ipynb").write_text(json.dumps(nb3, indent=1), encoding="utf-8")
    _, out, _ = run(capsys, "check", "old.ipynb", "--select", "HYB004")
    assert out.startswith("old.ipynb:cell 3:2:")


def test_nbformat_3_notebooks_are_fixed_in_their_input(project, capsys):
    cells = [
        {"cell_type": "code", "input": lines(IMPORT + "\n" + DEPRECATED), "language": "python", "metadata": {},
         "outputs": [], "prompt_number": 3},
    ]
    nb3 = {"metadata": {"name": "x"}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": cells, "metadata": {}}]}
    path = project / "old.ipynb"
    path.write_text(json.dumps(nb3, indent=1), encoding="utf-8")
    status, _, _ = run(capsys, "check", "old.ipynb", "--select", "HYB025", "--fix")
    assert status == 0
    cells[0]["input"] = lines(IMPORT + "\n" + FIXED)
    assert path.read_text(encoding="utf-8") == json.dumps(nb3, indent=1)


# -- broken notebooks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, reason",
    [
        ('{"cells": [', "invalid JSON"),
        ("[1, 2]", "no `nbformat` version"),
        ('{"nbformat": 99, "cells": []}', "unsupported nbformat version 99"),
        (b"\xff\xfe{}", "not valid UTF-8"),
    ],
)
def test_a_broken_notebook_is_an_error_and_is_not_written(project, capsys, content, reason):
    path = project / "broken.ipynb"
    raw = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(raw)
    status, out, err = run(capsys, "check", "broken.ipynb", "--fix")
    assert status == 2
    assert "broken.ipynb: cannot read: not a notebook" in err and reason in err
    assert path.read_bytes() == raw


# -- fixes ---------------------------------------------------------------------------------------


def fixable() -> Dict[str, Any]:
    return notebook(
        [
            markdown("Ünïcödé notes: **bold**"),
            code(lines("%load_ext autoreload\n" + IMPORT), execution_count=1, outputs=[
                {"name": "stdout", "output_type": "stream", "text": ["1.50E+3 ok\n"]},
            ]),
            code(lines("# réglage 😀\n" + DEPRECATED), metadata={"tags": ["keep", "é"], "collapsed": True}),
            code(lines("print('ü')  # untouched")),
        ],
        widgets={"state": {"x": 1.0}},
    )


def expected_after_fix(nb: Dict[str, Any]) -> Dict[str, Any]:
    after = json.loads(json.dumps(nb))
    after["cells"][2]["source"] = lines("# réglage 😀\n" + FIXED)
    return after


@pytest.mark.parametrize(
    "dump",
    [
        jupyter_json,
        lambda nb: json.dumps(nb, indent=2, ensure_ascii=True),  # insertion key order, \\u escapes, no final newline
        lambda nb: json.dumps(nb, indent=4, ensure_ascii=False).replace("\n", "\r\n") + "\r\n",  # Windows
        lambda nb: json.dumps(nb, separators=(",", ":")),  # all on one line
    ],
    ids=["jupyter", "indent-2-ascii", "crlf-indent-4", "compact"],
)
def test_fix_changes_only_the_fixed_cells_source(project, capsys, dump):
    nb = fixable()
    path = project / "nb.ipynb"
    path.write_bytes(dump(nb).encode("utf-8"))
    status, out, err = run(capsys, "check", "nb.ipynb", "--select", "HYB025", "--fix")
    assert status == 0, out + err
    assert path.read_bytes() == dump(expected_after_fix(nb)).encode("utf-8")


def test_fix_keeps_a_source_stored_as_one_string_and_odd_json_elsewhere(project, capsys):
    # Hand-written JSON: odd spacing, an exponent, escapes, keys out of order, a BOM. Only the fixed
    # cell's string may change.
    template = (
        '{ "nbformat_minor" : 2,"metadata":{"x": 1.50E+3, "s": "a\\/b \\u00e9"},\n'
        '"cells" : [ {"source": %s, "cell_type":"code", "outputs":[], "metadata":{}, "execution_count":null},\n'
        '\t{"cell_type":"code","outputs":[],"metadata":{},"execution_count":null,"source":"x = 1"} ],\n'
        '  "nbformat":4}'
    )
    path = project / "odd.ipynb"
    before = "\ufeff" + template % json.dumps(IMPORT + "\n" + DEPRECATED)
    path.write_bytes(before.encode("utf-8"))
    status, _, _ = run(capsys, "check", "odd.ipynb", "--select", "HYB025", "--fix")
    assert status == 0
    after = "\ufeff" + template % json.dumps(IMPORT + "\n" + FIXED)
    assert path.read_bytes() == after.encode("utf-8")


def test_fix_keeps_crlf_inside_a_cell(project, capsys):
    nb = notebook([code(lines((IMPORT + "\n" + DEPRECATED).replace("\n", "\r\n")))])
    path = project / "nb.ipynb"
    path.write_text(jupyter_json(nb), encoding="utf-8")
    run(capsys, "check", "nb.ipynb", "--select", "HYB025", "--fix")
    source = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert source == (IMPORT + "\n" + FIXED).replace("\n", "\r\n")


def test_diff_shows_the_changed_cell_and_writes_nothing(project, capsys):
    path = project / "nb.ipynb"
    text = jupyter_json(fixable())
    path.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "check", "nb.ipynb", "--select", "HYB025", "--diff")
    assert status == 1
    assert "--- nb.ipynb:cell 3\n+++ nb.ipynb:cell 3\n" in out
    assert "-@tf.function(experimental_relax_shapes=True)\n+@tf.function(reduce_retracing=True)\n" in out
    assert path.read_text(encoding="utf-8") == text


def test_fix_from_standard_input_prints_the_notebook(project, capsys, monkeypatch):
    import io
    import sys

    text = jupyter_json(fixable())

    class Stdin:
        buffer = io.BytesIO(text.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", Stdin())
    out_buffer = io.BytesIO()

    class Stdout(io.StringIO):
        buffer = out_buffer

    monkeypatch.setattr(sys, "stdout", Stdout())
    status = main(["check", "--preview", "-", "--stdin-filename", "nb.ipynb", "--select", "HYB025", "--fix"])
    assert status == 0
    assert out_buffer.getvalue().decode("utf-8") == jupyter_json(expected_after_fix(fixable()))


def test_remaining_findings_after_fix_are_shown_in_the_fixed_cells(project, capsys):
    nb = notebook([code(lines(IMPORT)), code(lines(DEPRECATED.replace("return x", "print(x)\n    return x")))])
    (project / "nb.ipynb").write_text(jupyter_json(nb), encoding="utf-8")
    status, out, _ = run(capsys, "check", "nb.ipynb", "--select", "HYB025,HYB006", "--fix")
    assert status == 1
    assert "nb.ipynb:cell 2:3:5: HYB006" in out


# -- discovery -----------------------------------------------------------------------------------


def test_folders_include_notebooks_by_default_and_include_can_drop_them(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.ipynb").write_text(jupyter_json(notebook([])))
    (tmp_path / "c.txt").write_text("")
    found = discover([str(tmp_path)], load_config(None, tmp_path))
    assert sorted(Path(p).name for p in found.files) == ["a.py", "b.ipynb"]

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.hybridlint]\ninclude = ["*.py"]\n')
    assert [Path(p).name for p in discover([str(tmp_path)], load_config(pyproject)).files] == ["a.py"]
    pyproject.write_text('[tool.hybridlint]\nextend-exclude = ["*.ipynb"]\n')
    assert [Path(p).name for p in discover([str(tmp_path)], load_config(pyproject)).files] == ["a.py"]
    pyproject.write_text('[tool.hybridlint]\ninclude = ["*.py"]\nextend-include = ["*.txt"]\n')
    assert sorted(Path(p).name for p in discover([str(tmp_path)], load_config(pyproject)).files) == ["a.py", "c.txt"]


def test_a_folder_run_checks_notebooks_alongside_modules(project, capsys):
    (project / "pkg").mkdir()
    (project / "pkg" / "nb.ipynb").write_text(jupyter_json(cross_cell()), encoding="utf-8")
    (project / "pkg" / "m.py").write_text("x = 1\n", encoding="utf-8")
    status, out, _ = run(capsys, "check", "--select", "HYB004")
    assert status == 1
    assert "pkg/nb.ipynb:cell 6:2:" in out and "in 1 of 1 file checked. 1 file skipped" in out  # m.py: no TensorFlow


# -- the model -----------------------------------------------------------------------------------


def test_masking_keeps_every_line_and_line_break():
    source = "%matplotlib inline\nx = !ls\nfor i in range(2):\n    %time f(i)\nf?\r\n?f\ny = 1"
    masked, lines_ = mask_cell(source)
    assert masked == "\n\nfor i in range(2):\n    pass\n\r\n\ny = 1"
    assert lines_ == {1, 2, 4, 5, 6}
    # A cell that parses is left alone, even with a line that looks like a magic inside a string.
    text = 's = """\n!important\n"""'
    assert mask_cell(text) == (text, set())
    # A cell magic masks the whole cell, whatever language follows.
    assert mask_cell("%%bash\nls -la\necho $((1+2))") == ("\n\n", {1, 2, 3})


def test_cell_map_positions_round_trip():
    cells = [Cell(0, "markdown", "# x"), Cell(1, "code", "a = 1\nb = 2"), Cell(2, "code", ""), Cell(3, "code", "c = 3\n")]
    cell_map = CellMap(cells)
    joined = cell_map.text.splitlines()
    for region in cell_map.regions:
        for number, text in enumerate(region.cell.source.splitlines(), 1):
            line = region.start + number - 1
            assert joined[line - 1] == text
            assert cell_map.to_cell(line, 2)[1:] == (number, 2)
    assert cell_map.split(cell_map.text) == ["a = 1\nb = 2", "", "c = 3\n"]


def test_a_fix_across_a_cell_boundary_is_refused():
    nb = parse_notebook(jupyter_json(notebook([code("a = 1"), code("b = 2")])).encode())
    with pytest.raises(NotebookError):
        nb.cell_map.split(nb.cell_map.text.replace(nb.cell_map.boundary + "\n", "", 1))


def test_write_back_with_nothing_changed_is_the_same_bytes():
    raw = jupyter_json(cross_cell()).encode()
    assert write_back(parse_notebook(raw), {}) == raw


def test_github_annotations_and_sarif_fixes_for_notebooks(project, capsys):
    (project / "nb.ipynb").write_text(jupyter_json(fixable()), encoding="utf-8")
    _, out, _ = run(capsys, "check", "nb.ipynb", "--select", "HYB025", "--format", "github")
    # A cell's lines are not lines of the .ipynb: a file-level annotation that names the cell.
    assert out.startswith("::notice file=nb.ipynb,title=HYB025::cell 3:2:")
    _, out, _ = run(capsys, "check", "nb.ipynb", "--select", "HYB025", "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["properties"] == {"cell": 3} and "fixes" not in result
