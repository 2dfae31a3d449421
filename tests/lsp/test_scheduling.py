"""Analysis that cannot starve (issue 18, items 3 and 7), at the message level: a slow document does
not hold up another's diagnostics, a pull never answers with an empty report that would erase real
diagnostics, documents over the size limit are skipped with a message, and a settings change is
applied before any later pull is answered."""

from __future__ import annotations

import sys

import pytest
from wire import Wire

DEPRECATED = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n"


def big_module(functions: int) -> str:
    # About 50 characters per function: `functions=8000` is 400,000 characters, seconds of analysis.
    return DEPRECATED + "".join(f"def f{i}(x):\n    return tf.nn.relu(x + {i})\n\n" for i in range(functions))


@pytest.fixture
def wire(tmp_path):
    client = Wire(tmp_path)
    yield client
    client.close()


def _codes(answer):
    return [d["code"] for d in answer["result"]["items"]]


def test_a_slow_document_does_not_hold_up_another(wire):
    wire.initialize()
    big = wire.open("big.py", big_module(8000))
    small = wire.open("small.py", DEPRECATED)
    big_pull = wire.request("textDocument/diagnostic", {"textDocument": {"uri": big}})
    small_pull = wire.request("textDocument/diagnostic", {"textDocument": {"uri": small}})
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": small}, "position": {"line": 2, "character": 20}})
    assert _codes(wire.answer(small_pull)) == ["HYB025"]
    assert "HYB025" in wire.answer(hover)["result"]["contents"]["value"]
    # The small document's answers came while the big one was still being analysed.
    assert big_pull not in wire.answers
    assert "HYB025" in _codes(wire.answer(big_pull, timeout=120))
    order = [m.get("id") for m in wire.received if m.get("id") in (big_pull, small_pull)]
    assert order == [small_pull, big_pull]


def test_a_pull_during_a_slow_analysis_gets_the_last_report_then_a_refresh(wire):
    wire.initialize()
    uri = wire.open("big.py", big_module(8000))
    assert _codes(wire.pull(uri, timeout=120)).count("HYB025") == 1
    refreshes = len([m for m in wire.received if m.get("method") == "workspace/diagnostic/refresh"])
    # Every function renamed: nothing of the last analysis can be reused, version 2 takes as long.
    second = big_module(8000).replace("def f", "def g") + DEPRECATED.replace("step", "step2")
    wire.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": second}]})
    answer = wire.pull(uri)
    assert answer["result"]["items"]  # never an empty report that would erase the diagnostics
    if _codes(answer).count("HYB025") == 1:  # the last report, served while version 2 is analysed
        # Once version 2 is analysed the client is asked to pull again, and gets it.
        wire.wait_for_notification(
            "workspace/diagnostic/refresh",
            lambda m: len([x for x in wire.received if x.get("method") == "workspace/diagnostic/refresh"]) > refreshes,
            timeout=120,
        )
        answer = wire.pull(uri)
    assert _codes(answer).count("HYB025") == 2


def test_documents_over_the_size_limit_are_skipped_with_a_message(wire):
    wire.initialize(options={"sizeLimit": 1000})
    uri = wire.open("big.py", big_module(40))
    message = wire.wait_for_notification("window/showMessage", lambda m: "sizeLimit" in m["params"]["message"])
    assert "is not checked" in message["params"]["message"]
    assert "big.py" in message["params"]["message"]
    assert _codes(wire.pull(uri)) == []
    # Cut below the limit, it is checked. A pull before that analysis is ready gets the last report
    # (nothing, for the skipped version), then a refresh.
    refreshes = len([m for m in wire.received if m.get("method") == "workspace/diagnostic/refresh"])
    wire.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": DEPRECATED}]})
    codes = _codes(wire.pull(uri))
    if not codes:
        wire.wait_for_notification(
            "workspace/diagnostic/refresh",
            lambda m: len([x for x in wire.received if x.get("method") == "workspace/diagnostic/refresh"]) > refreshes,
        )
        codes = _codes(wire.pull(uri))
    assert codes == ["HYB025"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak memory from /proc")
def test_a_ten_megabyte_document_does_not_take_the_server_to_gigabytes(wire):
    wire.initialize()
    uri = wire.open("huge.py", big_module(200_000))  # 10 MB
    wire.wait_for_notification("window/showMessage", lambda m: "sizeLimit" in m["params"]["message"])
    assert _codes(wire.pull(uri)) == []
    with open(f"/proc/{wire.proc.pid}/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    assert peak < 500 * 1024, f"peak resident memory {peak // 1024} MB"


def test_a_settings_change_applies_to_the_next_pull(wire):
    wire.settings = {}
    wire.initialize()
    uri = wire.open("model.py", DEPRECATED + "\nprint(tf.constant(1))\n")
    assert "HYB025" in _codes(wire.pull(uri))
    wire.settings = {"ignore": ["HYB025"]}
    wire.notify("workspace/didChangeConfiguration", {"settings": None})
    # Sent right after the notification, before the server has even asked for the new settings.
    assert "HYB025" not in _codes(wire.pull(uri))
    wire.wait_for_notification("workspace/diagnostic/refresh")


def test_closing_a_document_during_its_analysis_answers_waiting_requests(wire):
    wire.initialize()
    uri = wire.open("big.py", big_module(8000))
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 3}})
    wire.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert wire.answer(hover)["result"] is None
    assert _codes(wire.pull(uri)) == []


def test_the_collector_is_held_off_during_an_analysis_and_runs_again_once_its_result_is_out():
    """A fast-lane analysis runs with the garbage collector paused (`scheduler.CollectorPause`); it runs
    again once the server has published the result, or at the latest when the lane takes its next job or
    idles, so garbage never piles up (a deliverer that never releases the pause is the worst case)."""
    import gc
    import threading
    import time

    from server.scheduler import Job, Scheduler

    assert gc.isenabled()
    seen = []
    delivered = threading.Semaphore(0)

    def deliver(job, value, error):
        seen.append((value, gc.isenabled()))
        if job.version == 1:
            job.release_collector()  # what the server does once it has published
            seen.append(gc.isenabled())
        delivered.release()

    scheduler = Scheduler(deliver)
    try:
        scheduler.submit(Job("file:///a.py", 1, gc.isenabled))
        assert delivered.acquire(timeout=30)
        assert seen == [(False, False), True]
        scheduler.submit(Job("file:///a.py", 2, gc.isenabled))  # its deliverer keeps the pause
        assert delivered.acquire(timeout=30)
        assert seen[2] == (False, False)
        deadline = time.monotonic() + 30
        while not gc.isenabled() and time.monotonic() < deadline:  # the lane idles, and lets go
            time.sleep(0.05)
        assert gc.isenabled()
    finally:
        scheduler.stop()
        gc.enable()
