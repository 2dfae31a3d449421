"""Message-level robustness: every request gets exactly one answer, and a broken byte stream ends the
server with a non-zero code instead of leaving it alive and deaf (issue 18, items 1 and 2)."""

from __future__ import annotations

import pytest
from wire import Wire

SAMPLE = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"
INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, NOT_INITIALIZED = -32602, -32600, -32601, -32002
EXIT_FRAMING = 3


@pytest.fixture
def wire(tmp_path):
    client = Wire(tmp_path)
    yield client
    client.close()


def _error(answer):
    assert "error" in answer, answer
    return answer["error"]["code"]


def _hover(uri, line=0, character=0):
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def test_requests_with_invalid_params_are_answered_with_invalid_params(wire):
    wire.initialize()
    uri = wire.open("a.py", SAMPLE)
    zero = {"line": 0, "character": 0}
    bad = [
        ("textDocument/hover", _hover(uri, 3, -1)),
        ("textDocument/hover", _hover(uri, 2**31, 0)),
        ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": zero, "end": zero}}),
        ("codeAction/resolve", {"kind": "quickfix"}),
        ("workspace/executeCommand", None),
        ("textDocument/diagnostic", {"textDocument": {}}),
    ]
    ids = [wire.request(method, params) for method, params in bad]
    for msg_id, (method, _) in zip(ids, bad):
        answer = wire.answer(msg_id)
        assert _error(answer) == INVALID_PARAMS, method
        assert answer["id"] == msg_id
    # The stream is still in step: a valid request after them is answered with a result.
    report = wire.pull(uri)
    assert [d["code"] for d in report["result"]["items"]] == ["HYB025"]
    assert not [key for key in wire.answers if isinstance(key, tuple)]  # no request answered twice


def test_unknown_methods_and_non_rpc_messages(wire):
    wire.initialize()
    unknown = wire.request("hybridlint/noSuchThing", {})
    dollar = wire.request("$/noSuchThing", {})
    wire.notify("$/noSuchNotification", {})  # ignored, as the specification says
    wire.send({"jsonrpc": "2.0", "id": 77})  # neither a request nor an answer
    wire.send({"jsonrpc": "1.0", "id": 78, "method": "shutdown"})
    wire.send({"jsonrpc": "2.0", "id": [1], "method": "shutdown"})
    wire.send([{"jsonrpc": "2.0", "id": 79, "method": "shutdown"}])  # batches are not LSP
    assert _error(wire.answer(unknown)) == METHOD_NOT_FOUND
    assert _error(wire.answer(dollar)) == METHOD_NOT_FOUND
    assert _error(wire.answer(78)) == INVALID_REQUEST
    assert _error(wire.answer(None)) == INVALID_REQUEST  # the batch and the list id: no usable id
    uri = wire.open("a.py", SAMPLE)
    assert wire.pull(uri)["result"]["items"]


def test_lifecycle_out_of_order(wire):
    early = wire.request("textDocument/hover", _hover("file:///nowhere.py"))
    assert _error(wire.answer(early)) == NOT_INITIALIZED
    wire.initialize()
    assert _error(wire.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}})) == INVALID_REQUEST
    uri = wire.open("a.py", SAMPLE)
    assert "result" in wire.call("shutdown", None)
    after = [wire.request("textDocument/hover", _hover(uri)), wire.request("shutdown", None)]
    for msg_id in after:
        assert _error(wire.answer(msg_id)) == INVALID_REQUEST
    wire.notify("exit", None)
    assert wire.exit_code() == 0


def test_exit_without_shutdown_is_an_error_exit(wire):
    wire.initialize()
    wire.notify("exit", None)
    assert wire.exit_code() == 1


@pytest.mark.parametrize(
    "garbage",
    [
        # Content-Length longer than the body: the next message's header is read into this body.
        b'Content-Length: 95\r\n\r\n{"jsonrpc": "2.0", "method": "$/nothing", "params": {}}',
        # Shorter than the body: the rest of the body is read as a header.
        b'Content-Length: 20\r\n\r\n{"jsonrpc": "2.0", "method": "$/nothing", "params": {}}',
        b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",  # no Content-Length
        b"Content-Length: twelve\r\n\r\n",
        b"hello there\r\n\r\n",
        b"Content-Length: 9\r\n\r\nnot json!",
    ],
    ids=["long", "short", "no-length", "bad-length", "garbage", "not-json"],
)
def test_a_framing_error_ends_the_server_with_a_non_zero_code(wire, garbage):
    wire.initialize()
    uri = wire.open("a.py", SAMPLE)
    assert wire.pull(uri)["result"]["items"]
    wire.write(garbage)
    try:
        wire.request("textDocument/hover", _hover(uri))
        wire.request("shutdown", None)
    except OSError:  # the server may be gone already
        pass
    assert wire.exit_code() == EXIT_FRAMING
    assert b"framing error" in wire.stderr


def test_the_input_ending_inside_a_message_is_a_framing_error(wire):
    wire.initialize()
    wire.write(b'Content-Length: 500\r\n\r\n{"jsonrpc": "2.0", ')
    wire.proc.stdin.close()
    assert wire.exit_code() == EXIT_FRAMING


def test_a_message_that_stops_arriving_is_a_framing_error(tmp_path):
    wire = Wire(tmp_path, env={"HYBRIDLINT_TEST_STALL_SECONDS": "0.5"})
    try:
        wire.initialize()
        # The body never completes, and the client then waits for an answer that cannot come.
        wire.write(b'Content-Length: 500\r\n\r\n{"jsonrpc": "2.0", "id": 5, ')
        assert wire.exit_code() == EXIT_FRAMING
    finally:
        wire.close()


def test_a_notification_with_invalid_params_is_logged(wire):
    wire.initialize()
    uri = wire.open("a.py", SAMPLE)
    wire.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": -1}}, "text": "x"}]},
    )
    logged = wire.wait_for_notification("window/logMessage", lambda m: "invalid params" in m["params"]["message"])
    assert "textDocument/didChange" in logged["params"]["message"]
    assert wire.pull(uri)["result"]["items"]  # the server goes on with the last valid text


def test_the_reader_splits_messages_and_names_what_is_wrong():
    import io

    from hybridlint.server.transport import FramingError, _Progress, read_message

    progress = _Progress()
    stream = io.BytesIO(b"Content-Length: 2\r\nContent-Type: x\r\n\r\n{}\r\nContent-Length: 3\n\n[1]")
    assert read_message(stream, progress) == b"{}"
    assert not progress.inside  # a newline after a body is not the start of a stalled message
    assert read_message(stream, progress) == b"[1]"
    assert read_message(stream, progress) is None
    for garbage, reason in [
        (b"Content-Length: 10\r\n\r\n{}", "ended after 2 of the 10 bytes"),
        (b"Content-Length: x\r\n\r\n", "not a number"),
        (b"{}\r\n\r\n", "not a message header"),
        (b"Content-Type: y\r\n\r\n", "without Content-Length"),
        (b"Content-Length: 2\r\n", "ended inside a message header"),
    ]:
        with pytest.raises(FramingError, match=reason):
            read_message(io.BytesIO(garbage))
