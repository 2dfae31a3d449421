"""Robustness end to end: latest edit wins, huge files, a rule that raises, clean shutdown."""

from __future__ import annotations

import pytest
from lsp_support import Doc, by_code, pulls, raising_rule_code, wait_for
from lsprotocol import types

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")

DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"


async def test_latest_edit_wins_and_no_older_version_is_published(some_client):
    client = some_client
    # Big enough that one analysis takes longer than sending all the edits, however fast the server gets.
    body = "".join(f"def f{i}(x):\n    return tf.nn.relu(x + {i})\n\n" for i in range(3000))
    doc = Doc(client, "big.py", DEPRECATED + body)
    await doc.diagnostics()
    for _ in range(30):  # faster than the server analyses
        doc.replace("return x * 2", "return x * 2 ")
    final = await doc.diagnostics()
    assert by_code(final, "HYB025")
    # After the close is acknowledged (push clients get an empty publication for it), nothing more
    # can be published for the document: every publication of its versions is in hand.
    mark = len(client.published)
    doc.close()
    if not pulls(client):
        await wait_for(lambda: [p for p in client.published[mark:] if p.uri == doc.uri and p.version is None])
    versions = [p.version for p in client.published if p.uri == doc.uri and p.version is not None]
    assert versions == sorted(versions)  # never an older version after a newer one
    if not pulls(client):
        assert versions[-1] == doc.version
        assert len(versions) < doc.version  # stale versions were skipped, not queued


@pytest.mark.init_options({"liveLineLimit": 50})
async def test_huge_file_is_checked_on_save(some_client):
    client = some_client
    body = "".join(f"x{i} = {i}\n" for i in range(60))
    doc = Doc(client, "huge.py", DEPRECATED + body)
    assert by_code(await doc.diagnostics(), "HYB025")
    message = await wait_for(lambda: [m for m in client.messages if "checked when opened and saved" in m.message])
    assert message[0].type == types.MessageType.Info
    doc.replace("experimental_relax_shapes", "experimental_compile")
    assert await doc.diagnostics() == []  # out of date until saved: nothing rather than stale
    seen = len(client.published)
    doc.save()
    if pulls(client):
        diagnostics = await doc.diagnostics()
    else:
        diagnostics = (await wait_for(lambda: client.published[seen:]))[-1].diagnostics
    (diag,) = by_code(list(diagnostics), "HYB025")
    assert "jit_compile" in diag.message
    assert len([m for m in client.messages if "checked when opened and saved" in m.message]) == 1


async def test_a_broken_rule_is_logged_and_the_others_still_report(client_with_raising_rule):
    client = client_with_raising_rule
    code = raising_rule_code()
    doc = Doc(client, "model.py", DEPRECATED + "\nprint(tf.constant(1))\n")
    diagnostics = await doc.diagnostics()
    assert by_code(diagnostics, "HYB025")
    logged = await wait_for(lambda: [m for m in client.log_messages if f"rule {code} failed" in m.message])
    assert logged[0].type == types.MessageType.Error
    assert "raised on purpose" in logged[0].message
    doc.replace("return x * 2", "return x * 3")
    await doc.diagnostics()
    # The log of an analysis is sent before its diagnostics, on the same pipe: no wait is needed.
    assert len([m for m in client.log_messages if f"rule {code} failed" in m.message]) == 1  # logged once


async def test_shutdown_and_exit_are_clean(some_client):
    client = some_client
    Doc(client, "model.py", DEPRECATED)
    await client.shutdown_session()
    assert client._server.returncode == 0
    client.capabilities = None  # the fixture's own shutdown has nothing left to do
