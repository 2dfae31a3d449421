"""Properties of the notebook model over generated notebooks: the joined text maps every cell line
back to itself, splitting the unchanged joined text gives the sources back, write-back changes only
the cells asked for, and no input makes reading or checking a notebook raise."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hybridlint.cli import Mode, process_notebook
from hybridlint.notebook import CellMap, Cell, parse_notebook, split_lines, write_back
from hybridlint.settings import Settings

PIECES = ["x = 1", "%time f()", "!ls", "y = !pwd", "f?", "%%bash", "  ", "for i in r:", "    g(i)", "é", "😀",
          "# %% hybridlint cell", "(", "'''", "\\", "\f"]
ENDINGS = ["\n", "\r\n", "\r", ""]

sources = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(ENDINGS)), max_size=6).map(
    lambda parts: "".join(a + b for a, b in parts)
)
cells = st.lists(st.tuples(st.sampled_from(["code", "code", "markdown", "raw"]), sources), max_size=6)


def as_notebook(cell_list, indent, ascii_only, as_lists) -> bytes:
    nb = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text.splitlines(True) if as_lists else text,
             **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for kind, text in cell_list
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "P"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=indent, ensure_ascii=ascii_only).encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(cells)
def test_every_cell_line_maps_back_and_split_restores_the_sources(cell_list):
    cell_map = CellMap([Cell(i, kind, text) for i, (kind, text) in enumerate(cell_list)])
    joined = split_lines(cell_map.text)
    for region in cell_map.regions:
        for number, line in enumerate(split_lines(region.cell.source), 1):
            mapped = cell_map.to_cell(region.start + number - 1, 0)
            assert mapped is not None and mapped[0] is region and mapped[1] == number
            if number not in region.masked:
                assert joined[region.start + number - 2].rstrip("\r\n") == line.rstrip("\r\n")
    assert cell_map.split(cell_map.text) == [text for kind, text in cell_list if kind == "code"]


@settings(max_examples=100, deadline=None)
@given(cells, st.sampled_from([None, 1, 2, 4]), st.booleans(), st.booleans(), st.data())
def test_write_back_changes_only_the_cells_asked_for(cell_list, indent, ascii_only, as_lists, data):
    raw = as_notebook(cell_list, indent, ascii_only, as_lists)
    notebook = parse_notebook(raw)
    assert write_back(notebook, {}) == raw
    if not cell_list:
        return
    index = data.draw(st.integers(0, len(cell_list) - 1))
    new = data.draw(sources)
    after = json.loads(write_back(notebook, {index: new}))
    before = json.loads(raw)
    source = after["cells"][index]["source"]
    assert ("".join(source) if isinstance(source, list) else source) == new
    after["cells"][index]["source"] = before["cells"][index]["source"]
    assert after == before


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode), cells.map(lambda c: as_notebook(c, 1, False, True))))
def test_reading_and_checking_never_raise(raw):
    report = process_notebook(raw, "nb.ipynb", Settings(), Mode(fix=True, write=False))
    assert report.internal_errors == []


@settings(max_examples=300, deadline=None)
@given(sources)
def test_the_one_pass_filter_sees_every_ipython_line(source):
    from hybridlint.notebook import _body, _has_ipython_line, _is_ipython

    assert _has_ipython_line(source) == any(_is_ipython(_body(line)[0]) for line in split_lines(source))
