"""Fixes built from several threads at once (issue 21, part 3): code actions and resolve for the same
findings, from many concurrent requests, always give the same fixes; a fix is built once."""

from __future__ import annotations

import json
import threading

from wire import Wire

from hybridlint.engine import check_source
from hybridlint.rule import Finding, Fix, FixSafety, Severity
from hybridlint.source import Span

FIXABLE = (
    "import tensorflow as tf\n"
    "\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def step(x):\n"
    "    return x * 2\n"
    "\n"
    "g = tf.function(step, experimental_compile=True)\n"
    "\n"
    "@tf.function(experimental_relax_shapes=True, experimental_compile=True)\n"
    "def other(x):\n"
    "    return x + 1\n"
)


def test_a_fix_asked_for_while_it_is_built_is_waited_for_not_missing():
    entered, release = threading.Event(), threading.Event()
    calls = []
    fix = Fix("title", (), FixSafety.SAFE)

    def factory():
        calls.append(1)
        entered.set()
        release.wait(10)
        return fix

    finding = Finding("HYB000", "x", Span(1, 0, 1, 1), "m", Severity.WARNING, fix_factory=factory)
    seen = {}
    first = threading.Thread(target=lambda: seen.setdefault("first", finding.fix))
    first.start()
    assert entered.wait(10)
    second = threading.Thread(target=lambda: seen.setdefault("second", finding.fix))
    second.start()
    second.join(0.5)  # bounds only how long the old behaviour ("no fix") has to show itself
    release.set()
    first.join(10)
    second.join(10)
    assert seen == {"first": fix, "second": fix}
    assert len(calls) == 1


def test_fixes_built_on_many_threads_match_the_ones_built_on_one():
    expected = [(f.code, f.span, f.fix) for f in check_source(FIXABLE, "m.py").findings]
    assert any(fix is not None for _, _, fix in expected)
    for _ in range(5):
        findings = check_source(FIXABLE, "m.py").findings
        barrier = threading.Barrier(8)
        results = [None] * 8

        def build(slot):
            barrier.wait()
            results[slot] = [(f.code, f.span, f.fix) for f in reversed(findings)][::-1]

        threads = [threading.Thread(target=build, args=(slot,)) for slot in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert all(result == expected for result in results)


def test_concurrent_code_actions_and_resolve_give_the_same_fixes(tmp_path):
    wire = Wire(tmp_path)
    try:
        wire.initialize()
        uri = wire.open("m.py", FIXABLE)
        diagnostics = wire.pull(uri)["result"]["items"]
        assert len(diagnostics) >= 3
        whole = {"start": {"line": 0, "character": 0}, "end": {"line": 11, "character": 0}}
        params = {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": diagnostics}}
        # Pipelined: the server has all of them in hand before it answers the first.
        ids = [wire.request("textDocument/codeAction", params) for _ in range(24)]
        answers = [wire.answer(i)["result"] for i in ids]
        assert all(json.dumps(a, sort_keys=True) == json.dumps(answers[0], sort_keys=True) for a in answers)
        actions = answers[0]
        assert any("HYB025" in a["title"] for a in actions)
        resolve_ids = [wire.request("codeAction/resolve", action) for action in actions for _ in range(6)]
        resolved = [wire.answer(i)["result"] for i in resolve_ids]
        for number, action in enumerate(actions):
            group = resolved[number * 6 : number * 6 + 6]
            assert all(r == group[0] for r in group)
            assert group[0].get("edit"), action["title"]
    finally:
        wire.close()


def test_the_collector_stays_paused_until_the_last_check_on_any_thread_ends():
    import gc

    from hybridlint.engine import deep_trees, gc_paused

    limit = __import__("sys").getrecursionlimit()
    second_in, first_out, second_done = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def second():
        with gc_paused(), deep_trees():
            second_in.set()
            first_out.wait(10)
            seen["enabled while the second runs"] = gc.isenabled()
            seen["limit while the second runs"] = __import__("sys").getrecursionlimit()
        second_done.set()

    thread = threading.Thread(target=second)
    with gc_paused(), deep_trees():  # starts before the other thread's check and ends before it
        thread.start()
        assert second_in.wait(10)
    first_out.set()
    thread.join(10)
    assert seen["enabled while the second runs"] is False
    assert seen["limit while the second runs"] > limit
    assert gc.isenabled() and __import__("sys").getrecursionlimit() == limit
