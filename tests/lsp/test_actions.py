"""Code actions and hover end to end: quick fix, noqa, fix-all, resolve, docs on hover."""

from __future__ import annotations

import ast

import pytest
from lsp_support import Doc, by_code, lazy_actions
from lsprotocol import types


pytestmark = [
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
    pytest.mark.asyncio(loop_scope="module"),
]

FIXTURE = (
    "import tensorflow as tf\n"
    "\n"
    "# 😀 non-BMP before the finding on the same line\n"
    "@tf.function(input_signature=None, experimental_relax_shapes=True)  # é 😀\n"
    "def step(x):\n"
    "    return tf.nn.relu(x) * 2\n"
    "\n"
    "g = tf.function(step, experimental_compile=True)\n"
)


async def test_quick_fix_rebuilds_the_edit_server_side(editor):
    client = editor
    doc = Doc(client, "fix.py", FIXTURE)
    (diag,) = [d for d in by_code(await doc.diagnostics(), "HYB025") if "reduce_retracing" in d.message]
    # Send the diagnostic back with a wrong range, as Neovim 0.7 does (byte columns): the edit must
    # come from the server's own analysis, not from this range.
    echoed = types.Diagnostic(
        range=types.Range(start=types.Position(line=diag.range.start.line, character=0), end=diag.range.end),
        message=diag.message,
        code=diag.code,
        source=diag.source,
        data=diag.data,
    )
    actions = await doc.code_actions(diag.range, [echoed])
    fixes = [a for a in actions if a.title.startswith("hybridlint (HYB025)")]
    assert [a.title for a in fixes] == ["hybridlint (HYB025): Rename to `reduce_retracing`"]
    (fix,) = fixes
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert (fix.edit is None) == lazy_actions(client)
    doc.apply_workspace_edit(await doc.resolved_edit(fix))
    assert doc.text == FIXTURE.replace("experimental_relax_shapes", "reduce_retracing")
    doc.sync()
    assert [d for d in by_code(await doc.diagnostics(), "HYB025") if "reduce_retracing" in d.message] == []


async def test_a_diagnostic_sent_back_without_source_or_data_gets_its_quick_fix(editor):
    """ALE sends back the nearest diagnostic as {code, message, range}: no `source`, no `data`."""
    client = editor
    doc = Doc(client, "ale.py", FIXTURE)
    (diag,) = [d for d in by_code(await doc.diagnostics(), "HYB025") if "reduce_retracing" in d.message]
    echoed = types.Diagnostic(range=diag.range, message=diag.message, code=diag.code)
    actions = await doc.code_actions(diag.range, [echoed])
    assert [a.title for a in actions if a.kind == "quickfix"] == [
        "hybridlint (HYB025): Rename to `reduce_retracing`",
        "Disable HYB025 for this line",
    ]


async def test_foreign_and_stale_diagnostics_get_no_actions(editor):
    client = editor
    doc = Doc(client, "fix.py", FIXTURE)
    (diag,) = [d for d in by_code(await doc.diagnostics(), "HYB025") if "reduce_retracing" in d.message]
    foreign = types.Diagnostic(range=diag.range, message="x", code="E501", source="flake8")
    assert [a for a in await doc.code_actions(diag.range, [foreign]) if a.kind == "quickfix"] == []
    doc.replace("experimental_relax_shapes", "reduce_retracing")
    await doc.diagnostics()
    # The finding this diagnostic showed is gone in the current version: nothing to offer for it.
    assert [a for a in await doc.code_actions(diag.range, [diag]) if a.kind == "quickfix"] == []


async def test_noqa_action_adds_or_extends_the_comment(editor):
    client = editor
    doc = Doc(client, "noqa.py", FIXTURE.replace("  # é 😀", "  # noqa: E501"))
    diags = by_code(await doc.diagnostics(), "HYB025")
    for diag in diags:
        actions = await doc.code_actions(diag.range, [diag])
        (noqa,) = [a for a in actions if a.title == "Disable HYB025 for this line"]
        doc.apply_workspace_edit(await doc.resolved_edit(noqa))
        doc.sync()
        await doc.diagnostics()
    assert "# noqa: E501, HYB025\n" in doc.text  # extended
    assert "experimental_compile=True)  # noqa: HYB025\n" in doc.text  # added
    ast.parse(doc.text)
    assert by_code(await doc.diagnostics(), "HYB025") == []


async def test_noqa_is_not_offered_where_a_comment_would_change_the_code(editor):
    client = editor
    text = 'import tensorflow as tf\n\nf = tf.function(lambda x: x, experimental_compile="""\n""")\n'
    doc = Doc(client, "string.py", text)
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    actions = await doc.code_actions(diag.range, [diag])
    # The flagged line ends inside a string, where "# noqa" would become part of the string.
    assert [a.title for a in actions if a.title.startswith("Disable")] == []
    assert any(a.title.startswith("hybridlint (HYB025)") for a in actions)


async def test_fix_all_applies_the_safe_fixes(editor):
    client = editor
    doc = Doc(client, "all.py", FIXTURE)
    await doc.diagnostics()
    actions = await doc.code_actions(doc.range_of("def step"), [], only=["source.fixAll.hybridlint"])
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.hybridlint"
    doc.apply_workspace_edit(await doc.resolved_edit(fix_all))
    assert doc.text == FIXTURE.replace("experimental_relax_shapes", "reduce_retracing").replace(
        "experimental_compile", "jit_compile"
    )
    doc.sync()
    assert by_code(await doc.diagnostics(), "HYB025") == []


# HYB025's fix (a renamed argument) is safe; HYB001's (adding @tf.function to a step) is unsafe.
SAFE_AND_UNSAFE = (
    "import tensorflow as tf\n\n"
    "opt = tf.keras.optimizers.Adam()\n\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def loss_of(model, x, y):\n"
    "    return tf.reduce_mean(tf.square(model(x) - y))\n\n"
    "def train_step(model, x, y):\n"
    "    with tf.GradientTape() as tape:\n"
    "        loss = loss_of(model, x, y)\n"
    "    grads = tape.gradient(loss, model.trainable_variables)\n"
    "    opt.apply_gradients(zip(grads, model.trainable_variables))\n\n"
    "def fit(model, dataset):\n"
    "    for x, y in dataset:\n"
    "        train_step(model, x, y)\n"
)


async def test_unsafe_fixes_are_labelled(editor):
    client = editor
    doc = Doc(client, "unsafe.py", SAFE_AND_UNSAFE)
    diagnostics = await doc.diagnostics()
    titles = []
    for diag in by_code(diagnostics, "HYB001"):
        titles += [a.title for a in await doc.code_actions(diag.range, [diag]) if a.kind == "quickfix"]
    assert any(t.startswith("hybridlint (HYB001)") and t.endswith("(unsafe)") for t in titles), titles
    fix_all = await doc.code_actions(doc.range_of("import tensorflow"), [], only=["source.fixAll"])
    doc.apply_workspace_edit(await doc.resolved_edit(fix_all[0]))
    # Written out, not computed by the engine: the safe rename applied, the unsafe decorator not added.
    assert doc.text == SAFE_AND_UNSAFE.replace("experimental_relax_shapes", "reduce_retracing")


async def test_hover_on_flagged_range_and_on_noqa_code(editor):
    client = editor
    doc = Doc(client, "hover.py", FIXTURE + "x = 1  # noqa: HYB025, E501\n")
    await doc.diagnostics()
    on_finding = await doc.hover(doc.position_of("relax_shapes"))
    assert on_finding is not None
    assert "HYB025" in on_finding.contents.value and "## Why is this bad" in on_finding.contents.value
    assert on_finding.range == doc.range_of("experimental_relax_shapes")
    on_code = await doc.hover(doc.position_of("YB025, E501"))
    assert on_code is not None and "# HYB025 deprecated-tf-function-argument" in on_code.contents.value
    assert on_code.range == doc.range_of("HYB025, E501".split(",")[0])
    assert await doc.hover(doc.position_of("E501")) is None
    assert await doc.hover(doc.position_of("return tf.nn")) is None


async def test_quick_fix_while_another_statement_is_half_typed(editor):
    client = editor
    doc = Doc(client, "typing.py", FIXTURE + "\ndef other(v):\n    return v\n")
    await doc.diagnostics()
    doc.replace("    return v\n", "    return v +\n")
    diagnostics = await doc.diagnostics()
    assert any(d.code is None and d.message.startswith("SyntaxError") for d in diagnostics)
    (diag,) = [d for d in by_code(diagnostics, "HYB025") if "reduce_retracing" in d.message]
    (fix,) = [a for a in await doc.code_actions(diag.range, [diag]) if a.title.startswith("hybridlint (HYB025)")]
    doc.apply_workspace_edit(await doc.resolved_edit(fix))
    assert doc.text == FIXTURE.replace("experimental_relax_shapes", "reduce_retracing") + (
        "\ndef other(v):\n    return v +\n"
    )
