"""Diagnostics end to end: open, change, close; pull and push; position encodings; stale versions."""

from __future__ import annotations

import urllib.request

import pytest
from lsp_support import MODE, Doc, by_code, pulls, wait_for
from lsprotocol import types

pytestmark = [
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
    pytest.mark.asyncio(loop_scope="module"),
]

DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"


async def test_open_change_close(editor):
    client = editor
    doc = Doc(client, "model.py", DEPRECATED)
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    assert diag.range == doc.range_of("experimental_relax_shapes")
    assert diag.source == "hybridlint"
    assert diag.severity == types.DiagnosticSeverity.Information
    assert diag.code_description is not None and diag.code_description.href.endswith("/HYB025.html")
    with urllib.request.urlopen(diag.code_description.href) as page:  # the link opens the rule's page
        assert "<h1>HYB025 " in page.read().decode("utf-8")
    assert "reduce_retracing" in diag.message
    assert diag.data == {"code": "HYB025", "version": 1, "span": [3, 13, 3, 38]}

    doc.replace("experimental_relax_shapes", "reduce_retracing")
    assert by_code(await doc.diagnostics(), "HYB025") == []

    doc.replace("reduce_retracing", "experimental_compile")
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    assert "jit_compile" in diag.message and diag.range == doc.range_of("experimental_compile")

    doc.close()
    if pulls(editor):
        assert [p for p in client.published if p.uri == doc.uri] == []  # a pull client is never pushed to
    else:
        await wait_for(lambda: not [p for p in client.published if p.uri == doc.uri][-1].diagnostics)


async def test_pull_reports_unchanged_results(editor):
    client = editor
    if not pulls(editor):
        # Such a client is pushed diagnostics (see test_push_or_pull): it is never offered pulls.
        assert client.server_capabilities.diagnostic_provider is None  # type: ignore[attr-defined]
        return
    doc = Doc(client, "model.py", DEPRECATED)
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc.uri))
    first = await client.text_document_diagnostic_async(params)
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport) and first.result_id
    params.previous_result_id = first.result_id
    again = await client.text_document_diagnostic_async(params)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == first.result_id
    doc.replace("return x * 2", "return x * 3")  # diagnostics stay the same: still unchanged
    assert isinstance(
        await client.text_document_diagnostic_async(params), types.RelatedUnchangedDocumentDiagnosticReport
    )
    doc.replace("experimental_relax_shapes", "reduce_retracing")
    changed = await client.text_document_diagnostic_async(params)
    assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
    assert by_code(list(changed.items), "HYB025") == []


SURROGATES = (
    "import tensorflow as tf\r\n"
    "\r\n"
    "@tf.function(name='😀 é', experimental_relax_shapes=True)  # 😀\r\n"
    "def step(x):\r\n"
    "    return x\r\n"
)


async def test_encodings_with_surrogate_pairs_and_crlf(editor):
    client = editor
    doc = Doc(client, "emoji.py", SURROGATES)
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    expected = doc.range_of("experimental_relax_shapes")
    assert diag.range == expected
    # The column depends on the negotiated encoding: 😀 is 1, 2 or 4 units, é is 1 or 2.
    units = {"utf-32": 25, "utf-16": 26, "utf-8": 29}[client.encoding]
    assert expected.start.character == units
    # An incremental edit right after the emoji, in the client's units, on a CRLF line.
    doc.change(types.Range(start=doc.position_of("😀", end=True), end=doc.position_of(" é")), "😀")
    doc.replace("experimental_relax_shapes", "experimental_compile")
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    assert "jit_compile" in diag.message
    assert diag.range == doc.range_of("experimental_compile")
    # A line break typed inside the CRLF pair's line keeps the server's text equal to ours.
    doc.change(types.Range(start=doc.position_of("def step"), end=doc.position_of("def step")), "\r\n")
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    assert diag.range == doc.range_of("experimental_compile")


async def test_form_feed_does_not_end_a_line(editor):
    client = editor
    # str.splitlines would split at \f and \u2028 and shift every position after them.
    text = (
        "import tensorflow as tf\n\f\nx = 'a\u2028b'\n"
        "@tf.function(experimental_relax_shapes=True)\ndef f(v):\n    return v\n"
    )
    doc = Doc(client, "formfeed.py", text)
    assert by_code(await doc.diagnostics(), "HYB025")[0].range == doc.range_of("experimental_relax_shapes")
    doc.replace("experimental_relax_shapes", "experimental_compile")
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    assert diag.range == doc.range_of("experimental_compile")


async def test_half_typed_line_keeps_other_diagnostics(editor):
    client = editor
    doc = Doc(client, "typing.py", DEPRECATED + "\n\ndef other(v):\n    return v\n")
    assert by_code(await doc.diagnostics(), "HYB025")
    doc.replace("    return v\n", "    return v +\n")
    diagnostics = await doc.diagnostics()
    errors = [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error and d.code is None]
    assert len(errors) == 1 and errors[0].message.startswith("SyntaxError")
    assert errors[0].range.start.line == doc.position_of("return v +").line
    assert by_code(diagnostics, "HYB025")  # the statement above still parses: its finding stays


THREE_METHODS = (
    "import tensorflow as tf\n\n\nclass Model(tf.Module):\n"
    "    @tf.function(experimental_relax_shapes=True)\n    def first(self, x):\n        return x\n\n"
    "    @tf.function(reduce_retracing=True)\n    def middle(self, x):\n        y = x\n        return y\n\n"
    "    @tf.function(experimental_compile=True)\n    def third(self, x):\n        return x\n"
)


async def test_a_half_typed_compound_statement_keeps_the_other_methods_diagnostics(editor):
    """Enter, then `if x:` one key at a time in one method: the other methods' diagnostics stay, at
    their places, after every key (HYB025 is on in every mode)."""
    doc = Doc(editor, "methods.py", THREE_METHODS)
    expected = [doc.range_of("experimental_relax_shapes"), doc.range_of("experimental_compile")]
    assert [d.range for d in by_code(await doc.diagnostics(), "HYB025")] == expected
    doc.change(types.Range(start=doc.position_of("y = x", end=True), end=doc.position_of("y = x", end=True)), "\n        ")
    for key in "if x:":
        position = doc.position_of("\n        return y")
        doc.change(types.Range(start=position, end=position), key)
        diagnostics = await doc.diagnostics()
        expected = [doc.range_of("experimental_relax_shapes"), doc.range_of("experimental_compile")]
        assert [d.range for d in by_code(diagnostics, "HYB025")] == expected, doc.text
        errors = [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error and d.code is None]
        assert len(errors) == (1 if "        if" in doc.text else 0)  # `i` parses; `if` ... `if x:` do not


FRAGMENTS = [
    "\r\n",
    "\n",
    "😀",
    "é",
    "\t",
    "\f",
    "(",
    ")",
    " ",
    "x",
    "experimental_relax_shapes=True, ",
    "# noqa: HYB025",
    "@tf.function(experimental_compile=True)\n",
    "    ",
    "'",
    "",
]


def _safe_offset(text: str, offset: int) -> int:
    """Never between the two characters of a CRLF line break."""
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset - 1
    return offset


async def test_random_edit_stream_matches_a_full_check(editor):
    """After every incremental edit the server's diagnostics equal a full check of the client's text,
    converted to the client's units independently of the server."""
    import random

    from hybridlint.engine import check_source

    client = editor
    rng = random.Random(f"hybridlint-{client.client_name}")
    start = (
        "import tensorflow as tf\r\n\r\n# 😀\r\n"
        "@tf.function(name='😀é', experimental_relax_shapes=True)\r\ndef step(x):\r\n"
        "    print('😀', x)\r\n    return x\r\n\r\ng = tf.function(step, experimental_compile=True)  # é\n\f\n"
        "def h():\n\treturn 1\n"
    )
    doc = Doc(client, "stream.py", start)
    for _ in range(40):
        wide = [i + 1 for i, ch in enumerate(doc.text) if ord(ch) > 0x7F]
        if wide and rng.random() < 0.5:  # right after a multi-unit character: where units matter
            a = _safe_offset(doc.text, rng.choice(wide))
        else:
            a = _safe_offset(doc.text, rng.randrange(len(doc.text) + 1))
        b = _safe_offset(doc.text, min(len(doc.text), a + rng.choice([0, 0, 1, 2, 5])))
        doc.change(types.Range(start=doc.position_at(a), end=doc.position_at(b)), rng.choice(FRAGMENTS))
        diagnostics = await doc.diagnostics()
        full = check_source(doc.text, str(doc.path), MODE)
        if full.syntax_error is not None:
            errors = [d for d in diagnostics if d.code is None]
            assert [e.message for e in errors] == [full.syntax_error.message]
            continue

        def key(code, start, end, message, severity, related):
            return (code, start.line, start.character, end.line, end.character, message, severity, related)

        got = sorted(
            key(
                d.code,
                d.range.start,
                d.range.end,
                d.message,
                int(d.severity),
                tuple((r.location.range.start, r.location.range.end, r.message) for r in d.related_information or ()),
            )
            for d in diagnostics
        )
        expected = []
        for f in full.findings:
            related = tuple(
                (
                    doc.position_at(_offset(doc.text, r.span.line, r.span.col)),
                    doc.position_at(_offset(doc.text, r.span.end_line, r.span.end_col)),
                    r.message,
                )
                for r in f.related
            )
            s = doc.position_at(_offset(doc.text, f.span.line, f.span.col))
            e = doc.position_at(_offset(doc.text, f.span.end_line, f.span.end_col))
            expected.append(key(f.code, s, e, f.message, int(f.severity), related))
        assert got == sorted(expected)


def _offset(text: str, line: int, col: int) -> int:
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return starts[line - 1] + col


async def test_documents_in_other_languages_are_left_alone(editor):
    client = editor
    uri = (client.root / "notes.toml").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="toml", version=1, text="tensorflow = [\n")
        )
    )
    doc = Doc(client, "after.py", DEPRECATED)  # processed after the TOML buffer
    assert by_code(await doc.diagnostics(), "HYB025")
    assert [p for p in client.published if p.uri == uri] == []


async def test_pull_is_offered_only_to_clients_that_can_be_asked_to_pull_again(editor):
    # Neovim 0.10+ pulls but has no `workspace/diagnostic/refresh`: what the project index finds
    # after its last pull would never reach it, so it is pushed to instead.
    offered = editor.server_capabilities.diagnostic_provider is not None
    can_pull = editor.capabilities.text_document.diagnostic is not None
    assert offered == pulls(editor)
    if can_pull and not offered:
        doc = Doc(editor, "model.py", DEPRECATED)
        await wait_for(lambda: any(p.uri == doc.uri and p.diagnostics for p in editor.published))


BOM_MODULE = (
    "\ufeffimport tensorflow as tf; step = tf.function(lambda x: x, experimental_relax_shapes=True)\n"
    "g = tf.function(step, experimental_compile=True)\n"
)


async def test_a_byte_order_mark_at_the_start_is_allowed(editor):
    """Python ignores a BOM at the start of a file; an editor that keeps it in the buffer counts it
    as a character of line 0, so every position there is one character (UTF-16 unit) further on."""
    client = editor
    doc = Doc(client, "bom.py", BOM_MODULE)
    diagnostics = await doc.diagnostics()
    assert [d.message for d in diagnostics if d.code is None] == []  # no SyntaxError
    assert [d.range for d in by_code(diagnostics, "HYB025")] == [
        doc.range_of("experimental_relax_shapes"),
        doc.range_of("experimental_compile"),
    ]
    first = by_code(diagnostics, "HYB025")[0]
    titles = [a.title for a in await doc.code_actions(first.range, [first])]
    assert "Disable HYB025 for this line" in titles and "hybridlint (HYB025): Rename to `reduce_retracing`" in titles
    actions = await doc.code_actions(doc.range_of("step"), [], only=["source.fixAll.hybridlint"])
    (fix_all,) = actions
    doc.apply_workspace_edit(await doc.resolved_edit(fix_all))
    assert doc.text == BOM_MODULE.replace("experimental_relax_shapes", "reduce_retracing").replace(
        "experimental_compile", "jit_compile"
    )
    doc.sync()
    assert await doc.diagnostics() == []
    doc.replace("step = ", "step = $")  # a syntax error on the BOM's line: its column counts the BOM too
    (error,) = [d for d in await doc.diagnostics() if d.code is None]
    assert error.message.startswith("SyntaxError") and error.range.start == doc.position_of("$")
