from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings, strategies as st

from hybridlint.engine import check_source
from hybridlint.settings import Settings
from hybridlint.source import Edit, SourceText, Span, apply_edits, from_units, parse_python, to_units


def test_lines_end_only_at_lsp_terminators():
    # \f, \v and U+2028 are not line breaks for LSP or Python, unlike str.splitlines
    text = "a = 1\r\nb = 2\rc = '\f\v\u2028'\nd"
    src = SourceText(text)
    assert src.line_count == 4
    assert [src.line_text(i) for i in range(1, 5)] == ["a = 1", "b = 2", "c = '\f\v\u2028'", "d"]
    tree = ast.parse(text)
    assert [stmt.lineno for stmt in tree.body] == [1, 2, 3, 4]


def test_ast_byte_columns_become_code_points():
    text = "s = '😀é'; x = 1\n"
    tree = ast.parse(text)
    second = tree.body[1]
    src = SourceText(text)
    span = src.span_of(second)
    assert span == Span(1, 10, 1, 15)
    assert src.text_of(span) == "x = 1"


@pytest.mark.parametrize("line", ["x = 'é'; y = 1", "x = 1; y = 1"], ids=["non-ascii", "ascii"])
def test_a_bom_at_the_start_parses_and_is_a_column_of_the_text_given(line):
    """As Python reads a file: a BOM is allowed at the start. An editor's buffer may hold it, and
    then positions count it (the command line decodes files without it)."""
    text = "\ufeff" + line + "\n"
    src = SourceText(text)
    span = src.span_of(parse_python(text).body[1])
    assert src.text_of(span) == "y = 1" and span.col == line.index("y") + 1
    result = check_source("\ufeff" + line.replace("y = 1", "y = $") + "  # tf.\n", settings=Settings(preview=True))
    assert result.syntax_error is not None and result.syntax_error.span.col == line.index("y") + 5
    with pytest.raises(SyntaxError):
        parse_python("x = 1\n\ufeff")  # anywhere else it is a stray character, as for Python


def test_unit_conversions_for_non_bmp():
    line = "a😀b = 1"
    assert to_units(line, 2, "utf-16") == 3
    assert to_units(line, 2, "utf-8") == 5
    assert to_units(line, 2, "utf-32") == 2
    assert from_units(line, 3, "utf-16") == 2
    assert from_units(line, 5, "utf-8") == 2
    # past the end of the line clamps, never raises
    assert from_units(line, 99, "utf-16") == len(line)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), st.data())
def test_units_round_trip(line, data):
    line = line.replace("\r", "").replace("\n", "")
    col = data.draw(st.integers(0, len(line)))
    for enc in ("utf-16", "utf-8", "utf-32"):
        assert from_units(line, to_units(line, col, enc), enc) == col


def test_offsets_and_positions_round_trip():
    src = SourceText("ab\r\ncd\ref\n")
    for offset in range(len(src.text) + 1):
        line, col = src.position(offset)
        if src.text[offset - 1 : offset + 1] != "\r\n":  # the middle of a CRLF is not a position
            assert src.offset(line, col) == offset


def test_apply_edits_rejects_overlap_and_keeps_order():
    text = "abcdef"
    assert apply_edits(text, [Edit(Span(1, 4, 1, 5), "E"), Edit(Span(1, 0, 1, 1), "A")]) == "AbcdEf"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(Span(1, 0, 1, 3), "x"), Edit(Span(1, 2, 1, 4), "y")])


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab\n\r", max_size=40),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=6),
    st.text(alphabet="xy\n\r", max_size=6),
)
def test_an_edited_texts_line_index_is_the_one_built_in_full(text, at, removed, inserted):
    """The language server's next version's line index, made from the last one's (`edited_from`), is the
    one `line_starts` builds from scratch, whatever the edit (a text with "\\r" is built in full)."""
    from hybridlint.incremental import _changed_region

    at = min(at, len(text))
    new_text = text[:at] + inserted + text[at + removed :]
    old = SourceText(text)
    old.line_starts
    new = SourceText(new_text)
    start, old_end, new_end = _changed_region(text, new_text)
    new.edited_from(old, start, old_end, new_end)
    assert new.line_starts == SourceText(new_text).line_starts


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abnoq\n", max_size=30),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=6),
    st.text(alphabet="abnoqAB\n", max_size=6),
)
def test_an_edited_texts_words_are_those_found_in_full(text, at, removed, inserted):
    """What `SourceText.contains` answers for the next version of a document, carried from the last one's
    answers (`edited_from`), is what the whole new text answers."""
    from hybridlint.incremental import _changed_region

    at = min(at, len(text))
    new_text = text[:at] + inserted + text[at + removed :]
    words = ["ab", "noqa", "ba", "bab", "a"]
    old = SourceText(text)
    old.line_starts
    for word in words:
        old.contains(word)
        old.contains(word, folded=True)
    new = SourceText(new_text)
    start, old_end, new_end = _changed_region(text, new_text)
    new.edited_from(old, start, old_end, new_end)
    for word in words:
        assert new.contains(word) == (word in new_text)
        assert new.contains(word, folded=True) == (word in new_text.lower())
