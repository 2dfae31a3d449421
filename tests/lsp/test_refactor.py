"""Hybridize refactorings end to end: offered, disabled with a reason, resolved edits that parse, hover."""

from __future__ import annotations

import ast

import pytest
from lsp_support import Doc, capability, lazy_actions
from lsprotocol import types

pytestmark = [
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
    pytest.mark.asyncio(loop_scope="module"),
]

REFACTOR = types.CodeActionKind.RefactorRewrite

FIXTURE = (
    "import tensorflow as tf\n"
    "\n"
    "\n"
    "def mixed(x):  # é 😀 keep this comment\n"
    "    return tf.reduce_sum(x)\n"
    "\n"
    "\n"
    "def noisy(x):\n"
    '    print("step", x)\n'
    "    return tf.reduce_sum(x)\n"
    "\n"
    "\n"
    "@tf.function\n"
    "def barren(x):\n"
    "    return x\n"
    "\n"
    "\n"
    "@tf.function  # 😀 a comment that stays\n"
    "def compute(x):\n"
    "    return tf.reduce_sum(x)\n"
    "\n"
    "\n"
    "t = tf.constant([1.0, 2.0, 3.0])\n"
    "mixed(t)\n"
    "noisy(t)\n"
    "barren(t)\n"
    "compute(t)\n"
    "compute(tf.constant([1.0, 2.0]))\n"
)


def _disabled_support(client) -> bool:
    return bool(capability(client, "text_document.code_action.disabled_support"))


async def _refactors(doc: Doc, needle: str):
    position = doc.position_of(needle)
    actions = await doc.code_actions(types.Range(start=position, end=position), [], only=[types.CodeActionKind.Refactor])
    return [a for a in actions if a.kind == REFACTOR]


async def test_convert_is_offered_and_its_edit_adds_the_decorator(editor):
    doc = Doc(editor, "refactor.py", FIXTURE)
    await doc.diagnostics()
    (action,) = await _refactors(doc, "mixed(x):")
    assert action.title == "Convert `mixed` to tf.function"
    assert action.disabled is None
    assert (action.edit is None) == lazy_actions(editor)
    doc.apply_workspace_edit(await doc.resolved_edit(action))
    assert doc.text == FIXTURE.replace("def mixed", "@tf.function\ndef mixed")
    ast.parse(doc.text)


async def test_convert_with_side_effects_is_disabled_with_the_reason(editor):
    doc = Doc(editor, "refactor.py", FIXTURE)
    await doc.diagnostics()
    actions = await _refactors(doc, "noisy(x):")
    if not _disabled_support(editor):
        assert actions == []  # a client that cannot show a reason gets nothing
        return
    (action,) = actions
    assert action.title == "Convert `noisy` to tf.function"
    assert action.edit is None and action.data is None
    assert action.disabled is not None and "side effects" in action.disabled.reason


async def test_input_signature_joins_the_call_sites(editor):
    doc = Doc(editor, "refactor.py", FIXTURE)
    await doc.diagnostics()
    actions = await _refactors(doc, "compute(x):")
    (signature,) = [a for a in actions if a.title.startswith("Add an input_signature")]
    assert signature.disabled is None
    doc.apply_workspace_edit(await doc.resolved_edit(signature))
    assert doc.text == FIXTURE.replace(
        "@tf.function  # 😀",
        "@tf.function(input_signature=[tf.TensorSpec(shape=[None], dtype=tf.float32)])  # 😀",
    )
    ast.parse(doc.text)
    removals = [a for a in actions if a.title.startswith("Remove tf.function")]
    if _disabled_support(editor):
        (removal,) = removals
        assert removal.disabled is not None and "stay a tf.function" in removal.disabled.reason
    else:
        assert removals == []


async def test_remove_on_the_decorator_of_a_barren_function(editor):
    doc = Doc(editor, "refactor.py", FIXTURE)
    await doc.diagnostics()
    position = doc.position_of("@tf.function\ndef barren")
    actions = await doc.code_actions(types.Range(start=position, end=position), [], only=[REFACTOR])
    (removal,) = [a for a in actions if a.kind == REFACTOR and a.title.startswith("Remove")]
    assert removal.title == "Remove tf.function from `barren`" and removal.disabled is None
    doc.apply_workspace_edit(await doc.resolved_edit(removal))
    assert doc.text == FIXTURE.replace("@tf.function\ndef barren", "def barren")
    ast.parse(doc.text)


async def test_no_refactoring_off_a_function_header_or_for_other_kinds(editor):
    doc = Doc(editor, "refactor.py", FIXTURE)
    await doc.diagnostics()
    assert await _refactors(doc, "return tf.reduce_sum") == []
    position = doc.position_of("mixed(x):")
    quick = await doc.code_actions(types.Range(start=position, end=position), [], only=[types.CodeActionKind.QuickFix])
    assert [a for a in quick if a.kind == REFACTOR] == []


async def test_hover_on_a_name_shows_preconditions_and_what_if(editor):
    doc = Doc(editor, "refactor.py", FIXTURE)
    await doc.diagnostics()
    hover = await doc.hover(doc.position_of("noisy(x):"))
    assert hover is not None
    text = hover.contents.value  # type: ignore[union-attr]
    assert "stays as it is" in text and "side effects" in text
    assert "if traced:" in text and "HYB006" in text
    hover = await doc.hover(doc.position_of("mixed(x):"))
    assert hover is not None and "can be converted to tf.function" in hover.contents.value  # type: ignore[union-attr]


async def test_no_refactoring_while_the_text_does_not_parse(editor):
    broken = FIXTURE.replace("    return x\n", "    return x +\n")
    doc = Doc(editor, "refactor.py", broken)
    await doc.diagnostics()
    assert await _refactors(doc, "mixed(x):") == []
    assert await doc.hover(doc.position_of("mixed(x):")) is None
