"""Engine behaviour every rule relies on: suppression, isolation of broken rules, syntax errors, fixes."""

from __future__ import annotations

import ast
from dataclasses import replace

import pytest

from hybridlint.engine import check_source, fix_source, noqa_codes
from hybridlint.registry import find_rule
from hybridlint.rule import Fix, FixSafety, Rule, Severity
from hybridlint.settings import Settings, settings_from_mapping
from hybridlint.source import Edit

# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = Settings(preview=True)

HYB025 = find_rule("HYB025")
DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef f(x):\n    return tf.nn.relu(x)\n"


class Exploding(Rule):
    code = "HYB999"
    name = "exploding"
    severity = Severity.ERROR
    summary = what_it_does = why_bad = use_instead = fix_safety_doc = "test only"
    examples = ()

    def visit_Call(self, node):
        raise RuntimeError("boom")


class BadFix(Rule):
    code = "HYB998"
    name = "bad-fix"
    severity = Severity.WARNING
    fix_safety = FixSafety.SAFE
    summary = what_it_does = why_bad = use_instead = fix_safety_doc = "test only"
    examples = ()

    def visit_FunctionDef(self, node):
        span = self.ctx.span(node)
        self.report(node, "def", fix=lambda: Fix("break it", (Edit(span._replace(end_line=span.line, end_col=3), "de f"),), FixSafety.SAFE))


def test_noqa_comment_forms():
    assert noqa_codes("x = 1  # noqa") == frozenset()
    assert noqa_codes("x = 1  # noqa: HYB004") == {"HYB004"}
    assert noqa_codes("x = 1  # NOQA:HYB004,HYB006") == {"HYB004", "HYB006"}
    assert noqa_codes("x = 1  # noqa: HYB004 HYB006 because") == {"HYB004", "HYB006"}
    assert noqa_codes("x = 1") is None


def test_noqa_suppresses_only_named_codes():
    line = "@tf.function(experimental_relax_shapes=True)"
    assert len(check_source(DEPRECATED, rules=[HYB025], settings=MODE).findings) == 1
    for comment, kept in (("  # noqa: HYB025", 0), ("  # noqa: HYB004", 1), ("  # noqa", 0)):
        text = DEPRECATED.replace(line, line + comment)
        assert len(check_source(text, rules=[HYB025], settings=MODE).findings) == kept, comment


def test_file_level_noqa():
    assert check_source("# hybridlint: noqa\n" + DEPRECATED, settings=MODE).findings == []
    # any case, also in a text that is not ASCII (the comment is looked for only where it can be)
    assert check_source("#  HybridLint:NOQA\n" + DEPRECATED, settings=MODE).findings == []
    assert check_source("# hybridlint: noqa\n# é\n" + DEPRECATED, settings=MODE).findings == []
    assert check_source("# hybridlint: no\n" + DEPRECATED, settings=MODE).findings != []


def test_files_without_tensorflow_are_not_parsed():
    result = check_source("def f(:\n", settings=MODE)
    assert result.skipped and result.syntax_error is None


def test_syntax_error_reported_at_parser_position():
    result = check_source("import tensorflow as tf\nx = (1,\ny = 2 +\n", settings=MODE)
    assert result.syntax_error is not None
    assert result.syntax_error.span.line in (2, 3)
    assert result.findings == []


def test_half_typed_line_and_null_bytes_never_raise():
    for text in ("import tensorflow as tf\n@tf.function(\n", "import tensorflow\x00\n", "import tensorflow as tf\n\tif x:\n"):
        assert check_source(text, settings=MODE).syntax_error is not None


def test_a_raising_rule_is_reported_and_others_still_run():
    result = check_source(DEPRECATED, rules=[Exploding, HYB025], settings=MODE)
    assert [f.code for f in result.findings] == ["HYB025"]
    assert [e.code for e in result.rule_errors] == ["HYB999"]
    assert "boom" in result.rule_errors[0].message


def test_fix_that_breaks_parsing_is_never_offered():
    result = check_source(DEPRECATED, rules=[BadFix], settings=MODE)
    assert len(result.findings) == 1 and result.findings[0].fix is None
    assert fix_source(DEPRECATED, rules=[BadFix], settings=MODE).text == DEPRECATED


def test_fix_loop_is_idempotent_and_keeps_unrelated_bytes():
    text = "import tensorflow as tf\r\n\r\n@tf.function(experimental_relax_shapes=True)  # keep me\r\ndef f(x):\r\n\treturn tf.nn.relu(x)\r\n"
    declared = replace(MODE, target_tensorflow=(2, 9))  # where HYB025's rename is a safe fix
    once = fix_source(text, settings=declared).text
    assert once == text.replace("experimental_relax_shapes", "reduce_retracing")
    assert fix_source(once, settings=declared).text == once
    ast.parse(once)


def test_unsafe_fixes_need_opt_in():
    class UnsafeRename(Rule):
        code = "HYB997"
        name = "unsafe-rename"
        severity = Severity.HINT
        fix_safety = FixSafety.UNSAFE
        summary = what_it_does = why_bad = use_instead = fix_safety_doc = "test only"

        def visit_Name(self, node):
            if node.id == "x":
                span = self.ctx.span(node)
                self.report(node, "x", fix=lambda: Fix("rename", (Edit(span, "y"),), FixSafety.UNSAFE))

    text = "import tensorflow\nx = 1\n"
    assert fix_source(text, rules=[UnsafeRename], settings=MODE).text == text
    assert fix_source(text, rules=[UnsafeRename], unsafe=True, settings=MODE).text == "import tensorflow\ny = 1\n"


def test_settings_select_ignore_and_severity():
    assert check_source(DEPRECATED, settings=Settings(preview=True, ignore=("HYB025",))).findings == []
    assert check_source(DEPRECATED, settings=Settings(preview=True, select=("HYB0",))).findings
    assert check_source(DEPRECATED, settings=Settings(preview=True, select=("HYB9",))).findings == []
    s = settings_from_mapping({"preview": True, "severity": {"HYB025": "error"}})
    assert check_source(DEPRECATED, settings=s).findings[0].severity is Severity.ERROR
    s = settings_from_mapping({"preview": True, "per-file-ignores": {"legacy/*.py": ["HYB025"]}})
    assert check_source(DEPRECATED, "pkg/legacy/old.py", settings=s).findings == []
    assert check_source(DEPRECATED, "pkg/new.py", settings=s).findings


def test_settings_errors_name_the_key():
    import pytest

    from hybridlint.settings import SettingsError

    for data, word in (
        ({"selct": ["HYB004"]}, "selct"),
        ({"select": ["E501"]}, "select"),
        ({"severity": {"HYB004": "loud"}}, "severity.HYB004"),
        ({"target-tensorflow": 2.9}, "target-tensorflow"),
    ):
        with pytest.raises(SettingsError, match=word):
            settings_from_mapping(data)


def test_target_tensorflow_withholds_renames_new_versions_lack():
    """On TF 2.8 `experimental_relax_shapes` is the only name, not a deprecated one: no finding, no fix."""
    s = settings_from_mapping({"preview": True, "target-tensorflow": "2.8", "select": ["HYB025"]})
    assert check_source(DEPRECATED, settings=s).findings == []
    s = settings_from_mapping({"preview": True, "target-tensorflow": "2.9", "select": ["HYB025"]})
    (finding,) = check_source(DEPRECATED, settings=s).findings
    assert finding.fix is not None and finding.fix.edits[0].text == "reduce_retracing"


def test_deeply_nested_code_is_analysed_or_reported_never_raises():
    for terms in (900, 2500, 200_000):
        text = "import tensorflow as tf\n@tf.function(experimental_relax_shapes=True)\ndef f(x):\n    return " + "+".join(["x"] * terms) + "\n"
        result = check_source(text, rules=[HYB025], settings=MODE)
        if result.syntax_error is None:
            assert [f.code for f in result.findings] == ["HYB025"]
        else:
            assert "nested too deeply" in result.syntax_error.message or "a line longer than" in result.syntax_error.message


def test_rules_that_visit_only_traced_code_find_the_same_when_called_everywhere():
    """`Rule.visits_graph_code_only` is a promise that the rule's visits do nothing outside traced
    functions: over every rule's examples, calling them everywhere must find exactly the same."""
    from hybridlint.registry import all_rules

    gated = [rule for rule in all_rules() if rule.visits_graph_code_only]
    assert len(gated) >= 10
    codes = [example.code for rule in all_rules() for example in rule.examples]
    for rule in gated:
        everywhere = type(rule.__name__, (rule,), {"visits_graph_code_only": False})
        for code in codes:
            gated_spans = [(f.span, f.message) for f in check_source(code, "example.py", rules=[rule], settings=MODE).findings]
            full_spans = [(f.span, f.message) for f in check_source(code, "example.py", rules=[everywhere], settings=MODE).findings]
            assert gated_spans == full_spans, (rule.code, code)


SNIPPET = "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return tf.nn.relu(x)\n"


@pytest.mark.parametrize(
    "prefix,found",
    [
        ("", ["HYB025"]),  # code posted without its imports: `tf` can only be TensorFlow
        ("tf = make_backend()\n", []),  # bound by the module: not known to be TensorFlow
        ("from backend import *\n", []),  # a star import may bind it
        ("import numpy as tf\n", []),
        ("def f(tf):\n    return tf\n", []),
    ],
)
def test_a_snippet_that_uses_tf_without_importing_it_is_checked(prefix, found):
    result = check_source(prefix + SNIPPET, "snippet.py")
    assert not result.skipped
    assert [f.code for f in result.findings] == found


def test_word_gated_rules_name_a_word_in_every_bad_example():
    # `Rule.needs_words` skips a rule in a module whose text names none of the words: every example
    # the rule flags must name one, or the gate would hide a real finding.
    from hybridlint.registry import all_rules

    gated = [rule for rule in all_rules() if rule.needs_words]
    assert HYB025 in gated
    for rule in gated:
        for example in rule.examples:
            if example.__class__.__name__ == "Bad":
                assert any(word in example.code for word in rule.needs_words), (rule.code, example.code)


def test_word_gate_still_runs_the_rule_on_another_spelling_of_its_word():
    # Python folds identifiers by NFKC: a fullwidth letter parses to the deprecated keyword itself.
    text = DEPRECATED.replace("experimental_relax_shapes", "\uff45xperimental_relax_shapes")
    assert "experimental_relax_shapes" not in text
    assert [f.code for f in check_source(text, settings=MODE).findings] == ["HYB025"]
    assert check_source(DEPRECATED.replace("experimental_relax_shapes", "reduce_retracing"), settings=MODE).findings == []
