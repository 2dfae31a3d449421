"""The hybridize edits (LibCST) and the `hybridlint hybridize` command."""

from __future__ import annotations

import ast
import json
import textwrap
import warnings

import pytest

from hybridlint.cli import main
from hybridlint.hybridize_rewrite import (
    CONVERT,
    REMOVE,
    SIGNATURE,
    RewriteError,
    decorated_copy,
    key_of,
    original_line,
    rewrite,
    what_if,
)
from hybridlint.settings import Settings


def _apply(text: str, name: str, op: str, signature=None) -> str:
    tree = ast.parse(text)
    (node,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name]
    return rewrite(text, key_of(tree, node.lineno, name), op, signature)


MODULE = (
    '"""Docstring."""\n'
    "from __future__ import annotations\n"
    "import numpy as np  # keep   this\n"
    "\n"
    "\n"
    "class Net:\n"
    "    @staticmethod\n"
    "    # a comment between decorators stays\n"
    "    def step(x):   # odd  spacing stays\n"
    "        return x * 2\n"
    "\n"
    "\n"
    "def helper(x):\n"
    "    return x\n"
)


def test_convert_adds_decorator_inside_staticmethod_and_the_import():
    out = _apply(MODULE, "step", CONVERT)
    assert out == MODULE.replace(
        "import numpy as np  # keep   this\n", "import numpy as np  # keep   this\nimport tensorflow as tf\n"
    ).replace("    @staticmethod\n", "    @staticmethod\n    @tf.function\n")
    ast.parse(out)


def test_convert_uses_the_module_alias_and_from_imports():
    text = "import tensorflow as t2\n\n\ndef f(x):\n    return x\n"
    assert _apply(text, "f", CONVERT) == text.replace("def f", "@t2.function\ndef f")
    text = "from tensorflow import function\n\n\ndef f(x):\n    return x\n"
    assert _apply(text, "f", CONVERT) == text.replace("def f", "@function\ndef f")


def test_signature_is_added_to_bare_and_called_decorators():
    sig = "[tf.TensorSpec(shape=[None], dtype=tf.float32)]"
    text = "import tensorflow as tf\n\n@tf.function  # c\ndef f(x):\n    return x\n"
    assert _apply(text, "f", SIGNATURE, sig) == text.replace("@tf.function", f"@tf.function(input_signature={sig})")
    text = "import tensorflow as tf\n\n@tf.function(jit_compile=True)\ndef f(x):\n    return x\n"
    assert _apply(text, "f", SIGNATURE, sig) == text.replace(
        "(jit_compile=True)", f"(jit_compile=True, input_signature={sig})"
    )
    text = "import tensorflow as tf\n\n@tf.function(input_signature=[])\ndef f():\n    return 1\n"
    with pytest.raises(RewriteError):
        _apply(text, "f", SIGNATURE, sig)


def test_remove_keeps_the_comments_that_led_the_decorator():
    text = "import tensorflow as tf\n\n# about f\n@tf.function\n@other\ndef f(x):\n    return x\n"
    assert _apply(text, "f", REMOVE) == text.replace("@tf.function\n", "")
    text = "import tensorflow as tf\n\n\n# about f\n@tf.function\ndef f(x):\n    return x\n"
    assert _apply(text, "f", REMOVE) == text.replace("@tf.function\n", "")


def test_several_conversions_apply_in_turn():
    text = "def f(x):\n    return x\n\n\ndef f(x):\n    return x\n"  # the same name twice
    tree = ast.parse(text)
    first, second = [n for n in tree.body]
    keys = [key_of(tree, first.lineno, "f"), key_of(tree, second.lineno, "f")]
    assert keys[0] != keys[1]
    for key in keys:
        text = rewrite(text, key, CONVERT)
    assert text.count("@tf.function\n") == 2 and text.count("import tensorflow as tf") == 1


def test_decorated_copy_maps_lines_back():
    text = "from __future__ import annotations\n\nx = 1\n\n\ndef f(a):\n    print(a)\n"
    tree = ast.parse(text)
    copy, inserted = decorated_copy(text, tree, tree.body[2])
    ast.parse(copy)
    assert copy.splitlines()[5:8] == ["import tensorflow as tf", "@tf.function", "def f(a):"]
    assert original_line(8, inserted) == 6 and original_line(9, inserted) == 7 and original_line(3, inserted) == 3


def test_what_if_reports_the_hazards_of_the_traced_copy():
    text = "import tensorflow as tf\n\n\ndef f(x):\n    print('step', x)\n    return tf.reduce_sum(x)\n\n\nf(tf.ones([2]))\n"
    tree = ast.parse(text)
    found = what_if(text, tree, tree.body[1], "m.py", Settings(preview=True))
    assert [(code, line) for code, _, _, _, line, _ in found] == [("HYB006", 5)]


def test_cli_lists_diffs_and_fixes(tmp_path, capsys):
    code = textwrap.dedent(
        """\
        import tensorflow as tf


        def good(x):  # converted
            return tf.reduce_sum(x)


        def noisy(x):
            print("step", x)
            return tf.reduce_sum(x)


        t = tf.ones([2])
        good(t)
        noisy(t)
        """
    )
    path = tmp_path / "m.py"
    path.write_text(code)
    assert main(["hybridize", str(path), "--no-cache", "--format", "json"]) == 0
    records = {r["function"]: r for r in json.loads(capsys.readouterr().out)["functions"]}
    assert records["good"]["transformation"] == "convert" and records["good"]["what_if"] == []
    assert records["noisy"]["transformation"] is None
    assert [f["outcome"] for f in records["noisy"]["failed"]] == ["HAS_PYTHON_SIDE_EFFECTS"]

    assert main(["hybridize", str(path), "--no-cache", "--diff"]) == 0
    diff = capsys.readouterr().out
    assert "+@tf.function\n def good(x):  # converted" in diff and path.read_text() == code

    assert main(["hybridize", str(path), "--no-cache", "--fix"]) == 0
    out = capsys.readouterr().out
    assert "`good` converted to tf.function (P1)" in out
    assert path.read_text() == code.replace("def good", "@tf.function\ndef good")


def test_what_if_adds_the_precondition_hazards_the_rules_do_not_cover():
    from hybridlint.facts import ModuleFacts
    from hybridlint.hybridize import hybridize_for

    text = (
        "import tensorflow as tf\n\n\n"
        "def f(x):\n"
        "    print('Traced with', x)\n"  # HYB006 leaves a trace-time message alone; as a side effect it still counts
        "    print('step', x)\n"
        "    return tf.reduce_sum(x)\n\n\n"
        "f(tf.ones([2]))\n"
    )
    tree = ast.parse(text)
    facts = ModuleFacts(tree)
    (info,) = [i for i in facts.functions if i.name == "f"]
    hazards = hybridize_for(facts).hazards(info)
    assert [(c, line) for c, _, line in hazards] == [("HAS_PYTHON_SIDE_EFFECTS", 5), ("HAS_PYTHON_SIDE_EFFECTS", 6)]
    found = what_if(text, tree, info.node, "m.py", Settings(preview=True), hazards=hazards)
    assert [(code, line) for code, _, _, _, line, _ in found] == [("HAS_PYTHON_SIDE_EFFECTS", 5), ("HYB006", 6)]


def test_cli_judges_parameters_by_the_calls_in_other_modules(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\n")
    (tmp_path / "ops.py").write_text("import tensorflow as tf\n\n\ndef total(x):\n    return tf.reduce_sum(x)\n")
    (tmp_path / "main.py").write_text("import tensorflow as tf\nimport ops\n\nops.total(tf.ones([2]))\n")
    monkeypatch.chdir(tmp_path)
    assert main(["hybridize", ".", "--no-cache", "--format", "json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)["functions"]
    assert record["function"] == "total" and record["transformation"] == "convert"
    (tmp_path / "main.py").write_text("import ops\n\nops.total(3)\nops.total(4)\n")
    assert main(["hybridize", ".", "--no-cache", "--format", "json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)["functions"]
    assert [f["outcome"] for f in record["failed"]] == ["HAS_NO_TENSOR_PARAMETERS", "HAS_PRIMITIVE_PARAMETERS"]


def test_convert_goes_below_user_decorators_and_above_tensorflow_ones():
    text = "import tensorflow as tf\n\n\n@logged\n@tf.custom_gradient\ndef f(x):\n    return x, None\n"
    assert _apply(text, "f", CONVERT) == text.replace("@logged\n", "@logged\n@tf.function\n")
    tree = ast.parse(text)
    copy, _ = decorated_copy(text, tree, tree.body[1])
    assert "@logged\n@tf.function\n@tf.custom_gradient\n" in copy


def test_cli_counts_tensor_work_done_in_another_module(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\n")
    (tmp_path / "model_lib.py").write_text("import tensorflow as tf\n\n\ndef forward(x):\n    return tf.nn.relu(x)\n")
    (tmp_path / "main.py").write_text(
        "import tensorflow as tf\nimport model_lib\n\n\ndef step(x):\n    return model_lib.forward(x)\n\n\nstep(tf.ones([2]))\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["hybridize", "main.py", "--no-cache", "--format", "json", "--what-if", "none"]) == 0
    (record,) = json.loads(capsys.readouterr().out)["functions"]
    assert record["function"] == "step" and record["transformation"] == "convert", record


def test_hybridize_prints_no_python_warning_about_the_users_code(tmp_path, capsys):
    # From Python 3.12 on, an invalid escape sequence is a SyntaxWarning printed to stderr whenever the code
    # is compiled; "always" makes any Python show it, so the command must not let it through.
    code = 'import tensorflow as tf\n\nPATTERN = "C:\\Program Files\\d+"\n\n\ndef good(x):\n    return tf.reduce_sum(x)\n\n\ngood(tf.ones([2]))\n'
    path = tmp_path / "m.py"
    path.write_text(code)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["hybridize", str(path), "--no-cache", "--format", "json"]) == 0
        assert main(["hybridize", str(path), "--no-cache", "--fix"]) == 0
    assert "`good` converted to tf.function" in capsys.readouterr().out
    assert path.read_text() == code.replace("def good", "@tf.function\ndef good")
    assert [str(w.message) for w in caught] == []
