"""A fix is offered only when the fixed module parses. The check parses only the statements the fix
touches (linear time over a module with thousands of fixes): it must decide as a whole-module
parse would, for edits inside statements, between them, at the ends and across several."""

from __future__ import annotations

import ast

import pytest

from hybridlint.engine import _fixed_region, _verified
from hybridlint.rule import Fix, FixSafety
from hybridlint.source import Edit, SourceText, Span

MODULE = "\n".join(
    ["from __future__ import annotations", "import tensorflow as tf", ""]
    + [f"@tf.function\ndef f{i}(x):\n    return x + {i}\n" for i in range(12)]
    + ["if True:\n    y = 1\nelse:\n    y = 2", "z = [\n    1,\n    2,\n]", "a = 1; b = 2"]
) + "\n"


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def _offered(edits) -> bool:
    source = SourceText(MODULE)
    tree = ast.parse(MODULE)
    fix = Fix("t", tuple(edits), FixSafety.SAFE)
    return _verified(lambda: fix, source, tree, "HYB000", [])() is not None


def _line(text: str) -> int:
    return MODULE.splitlines().index(text) + 1


CASES = [
    # (description, edits)
    ("rename inside a function", [Edit(Span(_line("def f5(x):"), 4, _line("def f5(x):"), 6), "g5")]),
    ("unbalanced bracket inside a function", [Edit(Span(_line("    return x + 5"), 4, _line("    return x + 5"), 4), "(")]),
    ("dedent a body line", [Edit(Span(_line("    return x + 7"), 0, _line("    return x + 7"), 4), "")]),
    ("new statement between two functions", [Edit(Span(_line("@tf.function") + 4, 0, _line("@tf.function") + 4, 0), "w = 1\n")]),
    ("indented line between two functions", [Edit(Span(_line("@tf.function") + 4, 0, _line("@tf.function") + 4, 0), "  w = 1\n")]),
    ("import before the future import", [Edit(Span(1, 0, 1, 0), "import os\n")]),
    ("remove a decorator", [Edit(Span(_line("def f3(x):") - 1, 0, _line("def f3(x):"), 0), "")]),
    ("break the else of an if", [Edit(Span(_line("else:"), 0, _line("else:"), 5), "elif:")]),
    ("close a list early", [Edit(Span(_line("    1,"), 5, _line("    1,"), 6), "],")]),
    ("edit the last line", [Edit(Span(_line("a = 1; b = 2"), 7, _line("a = 1; b = 2"), 12), "b = (")]),
    ("two edits far apart, both fine", [
        Edit(Span(_line("def f1(x):"), 4, _line("def f1(x):"), 6), "g1"),
        Edit(Span(_line("def f9(x):"), 4, _line("def f9(x):"), 6), "g9"),
    ]),
    ("two edits far apart, the second breaks", [
        Edit(Span(_line("def f1(x):"), 4, _line("def f1(x):"), 6), "g1"),
        Edit(Span(_line("    return x + 9"), 4, _line("    return x + 9"), 4), "def "),
    ]),
]


@pytest.mark.parametrize("edits", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_offered_exactly_when_the_fixed_module_parses(edits):
    from hybridlint.source import apply_edits

    assert _offered(edits) == _parses(apply_edits(MODULE, list(edits)))


def test_the_region_is_local_for_an_edit_inside_one_function():
    source = SourceText(MODULE)
    edits = [Edit(Span(_line("def f5(x):"), 4, _line("def f5(x):"), 6), "g5")]
    from hybridlint.source import apply_edits

    region = _fixed_region(apply_edits(MODULE, edits), edits, source, ast.parse(MODULE))
    assert "def g5(x):" in region and "def f1(x):" not in region and "def f9(x):" not in region
