"""Fixes built from several threads at once (issue 21, part 3): code actions and resolve for the same
findings, from many concurrent requests, always give the same fixes; a fix is built once."""

from __future__ import annotations

import json
import threading

from wire import Wire

from hybridlint.engine import check_source
from hybridlint.rule import Finding, Fix, FixSafety, Severity
from hybridlint.settings import Settings
from hybridlint.source import Span

PREVIEW = Settings(preview=True)  # tests state their mode (HYB025, the rule here, is stable anyway)
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
    import sys

    expected = [(f.code, f.span, f.fix) for f in check_source(FIXABLE, "m.py", PREVIEW).findings]
    assert sum(fix is not None for _, _, fix in expected) >= 4
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns within a fix's build, not after whole loops
    try:
        for _ in range(20):
            findings = check_source(FIXABLE, "m.py", PREVIEW).findings
            barrier = threading.Barrier(8)
            results = [None] * 8

            def build(slot):
                barrier.wait()
                results[slot] = [(f.code, f.span, f.fix) for f in findings]

            threads = [threading.Thread(target=build, args=(slot,)) for slot in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            assert all(result == expected for result in results)
    finally:
        sys.setswitchinterval(interval)


def _applied(text: str, edit) -> str:
    lines = text.splitlines(keepends=True)
    start, end = edit["range"]["start"], edit["range"]["end"]
    offset = lambda p: sum(len(line) for line in lines[: p["line"]]) + p["character"]  # noqa: E731 - ASCII text
    return text[: offset(start)] + edit["newText"] + text[offset(end) :]


def test_concurrent_code_actions_and_resolve_give_the_same_fixes(tmp_path):
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.9\n")  # the renames are safe: fix-all has them
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
        # Resolves and more code actions, pipelined together: each action resolved 6 times while 6 more
        # code-action requests for the same findings are in flight.
        resolve_ids, more_ids = [], []
        for _ in range(6):
            more_ids.append(wire.request("textDocument/codeAction", params))
            resolve_ids += [wire.request("codeAction/resolve", action) for action in actions]
        resolved_rounds = [wire.answer(i)["result"] for i in resolve_ids]
        assert all(json.dumps(wire.answer(i)["result"], sort_keys=True) == json.dumps(actions, sort_keys=True) for i in more_ids)
        count = len(actions)
        resolved = [resolved_rounds[round_ * count + number] for number in range(count) for round_ in range(6)]
        renames = set()
        for number, action in enumerate(actions):
            group = resolved[number * 6 : number * 6 + 6]
            assert all(r == group[0] for r in group)
            assert group[0].get("edit"), action["title"]
            (edits,) = group[0]["edit"]["changes"].values()
            if "Rename" in action["title"]:
                ((edit),) = edits
                where = edit["range"]
                assert where["start"]["line"] == where["end"]["line"]
                renames.add((where["start"]["line"], where["start"]["character"], where["end"]["character"], edit["newText"]))
            if "Apply all safe fixes" in action["title"]:
                ((edit),) = edits
                assert _applied(FIXABLE, edit) == FIXABLE.replace("experimental_relax_shapes", "reduce_retracing").replace(
                    "experimental_compile", "jit_compile"
                )
        # The same fixes every time, and the right ones (written out, not asked of the engine).
        assert renames == {
            (2, 13, 38, "reduce_retracing"),
            (6, 22, 42, "jit_compile"),
            (8, 13, 38, "reduce_retracing"),
            (8, 45, 65, "jit_compile"),
        }
    finally:
        wire.close()


def test_checks_on_worker_threads_never_switch_the_collector():
    """The collector is process-wide: the language server's worker threads must not turn it off
    under the other threads (issue 21, part 3). Only a check on the main thread pauses it."""
    import gc
    import sys

    from hybridlint.engine import deep_trees, gc_paused

    limit = sys.getrecursionlimit()
    seen = {}
    second_in, first_out = threading.Event(), threading.Event()

    def on_worker():
        with gc_paused(), deep_trees():
            seen["worker, inside gc_paused"] = gc.isenabled()
            second_in.set()
            first_out.wait(10)
            seen["limit while the second runs"] = sys.getrecursionlimit()

    thread = threading.Thread(target=on_worker)
    thread.start()
    assert second_in.wait(10)
    with gc_paused():
        assert not gc.isenabled()  # the main thread's own check pauses it
    assert gc.isenabled()
    with deep_trees():  # ends before the other thread's: the limit stays raised for it
        pass
    first_out.set()
    thread.join(10)
    assert seen["worker, inside gc_paused"] is True
    assert seen["limit while the second runs"] > limit
    assert gc.isenabled() and sys.getrecursionlimit() == limit


def test_pyproject_files_are_read_off_the_event_loop(tmp_path):
    """Settings are found on worker threads (issue 21, part 3): opening documents, a settings change
    and a changed pyproject.toml read pyproject.toml files, never on the event loop, which would hold
    up every other request meanwhile."""
    (tmp_path / "pyproject.toml").write_text('[tool.hybridlint]\npreview = true\n', encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pyproject.toml").write_text('[tool.hybridlint]\nignore = ["HYB025"]\n', encoding="utf-8")
    wire = Wire(tmp_path, env={"HYBRIDLINT_TEST_LOOP_IO": "1"})
    try:
        wire.initialize()
        top = wire.open("m.py", FIXABLE)
        inner = wire.open("pkg/m.py", FIXABLE)
        assert any(d["code"] == "HYB025" for d in wire.pull(top)["result"]["items"])
        assert not any(d["code"] == "HYB025" for d in wire.pull(inner)["result"]["items"])
        wire.notify("workspace/didChangeConfiguration", {"settings": {"hybridlint": {"select": ["HYB0"]}}})
        pyproject = tmp_path / "pyproject.toml"
        pyproject.write_text('[tool.hybridlint]\npreview = true\nignore = ["HYB025"]\n', encoding="utf-8")
        changes = [{"uri": wire.uri("pyproject.toml"), "type": 2}]
        wire.notify("workspace/didChangeWatchedFiles", {"changes": changes})
        assert not any(d["code"] == "HYB025" for d in wire.pull(top)["result"]["items"])  # re-read
    finally:
        wire.close()
        wire.exit_code()
    reads = [line for line in wire.stderr.decode().splitlines() if line.startswith("hybridlint-test:")]
    assert any("off the event loop" in line for line in reads), wire.stderr.decode()[-2000:]
    assert not [line for line in reads if "on the event loop" in line]


def test_declared_requirements_are_read_off_the_event_loop_and_followed(tmp_path):
    """A project that pins TensorFlow 2.6 in requirements.txt is not told to use `reduce_retracing`
    (TF 2.9), still `jit_compile` (TF 2.5); the file is read on a worker thread, and a change to it
    (a watched-file event) is followed. Preview mode, from the configuration."""
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\npreview = true\n", encoding="utf-8")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("tensorflow-gpu==2.6.0\n", encoding="utf-8")
    wire = Wire(tmp_path, env={"HYBRIDLINT_TEST_LOOP_IO": "1"})

    def messages(uri):
        return [d["message"] for d in wire.pull(uri)["result"]["items"] if d["code"] == "HYB025"]

    try:
        wire.initialize()
        doc = wire.open("m.py", FIXABLE)
        pinned = messages(doc)
        assert len(pinned) == 2 and all("jit_compile" in m for m in pinned)
        requirements.write_text("tensorflow>=2.9,<3\n", encoding="utf-8")
        wire.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": wire.uri("requirements.txt"), "type": 2}]})
        assert sum("reduce_retracing" in m for m in messages(doc)) == 2
    finally:
        wire.close()
        wire.exit_code()
    reads = [line for line in wire.stderr.decode().splitlines() if line.startswith("hybridlint-test:")]
    assert any("requirements.txt read off the event loop" in line for line in reads), wire.stderr.decode()[-2000:]
    assert not [line for line in reads if "on the event loop" in line]
