"""The fix-building edits: the resulting file parses and is exactly the expected text, with the file's own
line endings, tabs and comments kept."""

from __future__ import annotations

import ast
from typing import Optional

import pytest

from hybridlint.edits import add_import, on_own_lines, remove_argument, remove_decorator, whole_lines
from hybridlint.source import Edit, SourceText, apply_edits

TF_IMPORT = "import tensorflow as tf"


def _apply(text: str, edit: Optional[Edit]) -> str:
    assert edit is not None
    result = apply_edits(text, [edit])
    ast.parse(result)
    return result


def _first_call(tree: ast.AST) -> ast.Call:
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Call))


# -- add_import ----------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_import_goes_after_the_last_import_with_the_files_line_ending(newline):
    text = newline.join(["import os", "from typing import List", "", "def f():", "\treturn os.sep", ""])
    tree = ast.parse(text)
    result = _apply(text, add_import(SourceText(text), tree, TF_IMPORT))
    assert result == newline.join(
        ["import os", "from typing import List", TF_IMPORT, "", "def f():", "\treturn os.sep", ""]
    )


def test_import_stops_at_the_statement_that_needs_it():
    text = "import os\n\ndef f():\n    pass\n\nimport numpy as np\n"
    tree = ast.parse(text)
    result = _apply(text, add_import(SourceText(text), tree, TF_IMPORT, before=tree.body[1]))
    assert result == "import os\nimport tensorflow as tf\n\ndef f():\n    pass\n\nimport numpy as np\n"


def test_multi_line_import_is_not_split():
    text = "from typing import (\n    List,\n    Optional,\n)\nx = 1\n"
    tree = ast.parse(text)
    result = _apply(text, add_import(SourceText(text), tree, TF_IMPORT))
    assert result == "from typing import (\n    List,\n    Optional,\n)\nimport tensorflow as tf\nx = 1\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_import_at_the_end_of_a_file_without_a_final_newline(newline):
    text = f"x = 1{newline}import os"
    tree = ast.parse(text)
    result = _apply(text, add_import(SourceText(text), tree, TF_IMPORT))
    assert result == f"x = 1{newline}import os{newline}{TF_IMPORT}"


def test_no_import_above_gives_no_edit():
    text = "def f():\n    pass\n\nimport os\n"
    tree = ast.parse(text)
    assert add_import(SourceText(text), tree, TF_IMPORT, before=tree.body[0]) is None
    assert add_import(SourceText("x = 1\n"), ast.parse("x = 1\n"), TF_IMPORT) is None


# -- remove_decorator ---------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_decorator_line_is_removed_with_its_comment(newline):
    text = newline.join(["class A:", "\t@tf.function  # speed", "\tdef f(self):", "\t\treturn 1", ""])
    tree = ast.parse(text)
    decorator = tree.body[0].body[0].decorator_list[0]
    result = _apply(text, remove_decorator(SourceText(text), decorator))
    assert result == newline.join(["class A:", "\tdef f(self):", "\t\treturn 1", ""])


def test_multi_line_decorator_call_is_removed_whole():
    text = "@tf.function(\n    jit_compile=True,\n)\n@other\ndef f():\n    pass\n"
    tree = ast.parse(text)
    result = _apply(text, remove_decorator(SourceText(text), tree.body[0].decorator_list[0]))
    assert result == "@other\ndef f():\n    pass\n"


def test_lower_decorator_is_removed_and_the_upper_one_kept():
    text = "@a\n@b\ndef f(): pass\n"
    tree = ast.parse(text)
    assert _apply(text, remove_decorator(SourceText(text), tree.body[0].decorator_list[1])) == "@a\ndef f(): pass\n"


def test_parenthesised_decorator_gives_no_edit():
    # the expression's span starts after `(`: deleting whole lines is only safe for `@expr` as written
    text = "@(tf.function)\ndef f():\n    pass\n"
    tree = ast.parse(text)
    assert remove_decorator(SourceText(text), tree.body[0].decorator_list[0]) is None


# -- remove_argument ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("m.compile(loss='mse', run_eagerly=True)\n", "m.compile(loss='mse')\n"),
        ("m.compile(run_eagerly=True, loss='mse')\n", "m.compile(loss='mse')\n"),
        ("m.compile(run_eagerly=True)\n", "m.compile()\n"),
        ("m.compile(opt, run_eagerly=True, loss='mse')\n", "m.compile(opt, loss='mse')\n"),
        (
            "m.compile(\n\tloss='mse',\n\trun_eagerly=True,  # debug\n\tmetrics=[],\n)\n",
            "m.compile(\n\tloss='mse',\n\tmetrics=[],\n)\n",
        ),
        (
            "m.compile(\r\n    loss='mse',\r\n    run_eagerly=True\r\n)\r\n",
            "m.compile(\r\n    loss='mse',\r\n)\r\n",
        ),
        ("m.compile(loss='mse',\n          run_eagerly=True)\n", "m.compile(loss='mse')\n"),
    ],
)
def test_keyword_argument_is_removed_with_its_comma(text, expected):
    tree = ast.parse(text)
    call = _first_call(tree)
    keyword = next(k for k in call.keywords if k.arg == "run_eagerly")
    assert _apply(text, remove_argument(SourceText(text), call, keyword)) == expected


# -- lines -------------------------------------------------------------------------------------


def test_statement_on_its_own_lines_is_deleted_with_them():
    text = "def f():\r\n    x = 1\r\n    y = [\r\n        2,\r\n    ]  # note\r\n    return x\r\n"
    tree = ast.parse(text)
    source = SourceText(text)
    statement = tree.body[0].body[1]
    span = source.span_of(statement)
    assert on_own_lines(source, span)
    assert _apply(text, Edit(whole_lines(span), "")) == "def f():\r\n    x = 1\r\n    return x\r\n"


def test_statement_sharing_its_line_is_not_on_its_own_lines():
    text = "x = 1; y = 2\n"
    tree = ast.parse(text)
    source = SourceText(text)
    assert not on_own_lines(source, source.span_of(tree.body[0]))
    assert not on_own_lines(source, source.span_of(tree.body[1]))
