"""The index's worker processes, kept for the check (`hybridlint.workers`)."""

from __future__ import annotations

import ast
import pickle

from hybridlint import workers
from hybridlint.output import FileReport
from hybridlint.project import _summary_of_row, summarize
from hybridlint.settings import Settings
from hybridlint.workers import OwnerPool, kept_tree


def _square(value: int) -> int:
    return value * value


def _holds(path: str) -> bool:
    return path in workers._TREES


def test_run_returns_every_result_in_order_whoever_owns_the_tasks():
    tasks = [(number,) for number in range(50)]
    with OwnerPool(2) as pool:
        assert pool.run(_square, tasks) == [n * n for n in range(50)]
        # all owned by the first process: the other takes some rather than wait, and none is lost
        assert pool.run(_square, tasks, owners=[0] * 50, chunk=4) == [n * n for n in range(50)]
        assert list(pool.map(_square, range(5))) == [0, 1, 4, 9, 16]
        assert pool.submit(_square, 7).result() == 49


def test_a_module_is_checked_by_the_process_that_summarized_it():
    # traced code: a module without any may need no check at all (`OwnerPool.quiet`), and keeps no tree
    texts = [f"import tensorflow as tf\n@tf.function\ndef f_{n}(x):\n    return x + {n}\n" for n in range(24)]
    tasks = [(text, f"m{n}.py", f"m{n}", "", Settings()) for n, text in enumerate(texts)]
    with OwnerPool(2) as pool:
        pool.keep = {f"m{n}.py" for n in range(0, 24, 2)}  # only the modules to check keep a tree
        summaries = pool.summarize(tasks)
        assert [s.path for s in summaries] == [t[1] for t in tasks]
        assert set(pool.owner) == pool.keep
        for path, owner in pool.owner.items():
            assert pool.submit_to(owner, _holds, path).result()
            assert not pool.submit_to(1 - owner, _holds, path).result()
        assert not any(pool.submit_to(w, _holds, "m1.py").result() for w in (0, 1))  # not to be checked


def test_an_early_check_of_a_module_jedi_process_kept_goes_to_another_process(tmp_path):
    # `cli._speculative_checks` sends checks while jedi's process answers questions: a module that
    # process kept is parsed again elsewhere rather than wait behind jedi's questions.
    from hybridlint.cli import Mode, _process_tasks

    text = "import tensorflow as tf\n@tf.function\ndef f(x):\n    print(x)\n    return x\n"
    (tmp_path / "m.py").write_text(text)
    with OwnerPool(2) as pool:
        pool.keep = {"m.py"}
        pool.run(workers._summarize_task, [(text, "m.py", "m", "", Settings(), True, True)], owners=[pool.JEDI_PROCESS])
        pool.owner["m.py"] = pool.JEDI_PROCESS
        assert pool.submit_to(pool.JEDI_PROCESS, _holds, "m.py").result()
        task = (str(tmp_path / "m.py"), Settings(), Mode(root=str(tmp_path), cwd=str(tmp_path)), None, "m.py", None)
        (report,) = pool.submit(_process_tasks, [task]).result()
        assert [f.code for f in report.findings] == ["HYB006"]
        assert pool.submit_to(pool.JEDI_PROCESS, _holds, "m.py").result()  # not used there: checked elsewhere


def test_tasks_sent_elsewhere_never_queue_behind_jedi_questions():
    # `_Background.flush` sends the last descriptions at once while this process prepares the early
    # checks: none may wait behind jedi's questions in `JEDI_PROCESS`.
    import os

    with OwnerPool(2) as pool:
        jedi = pool.submit_to(pool.JEDI_PROCESS, os.getpid).result()
        assert {pool.submit_elsewhere(os.getpid).result() for _ in range(6)} == {pool.submit_to(1, os.getpid).result()}
        assert jedi != pool.submit_to(1, os.getpid).result()


def test_a_kept_tree_is_used_only_for_the_text_it_was_parsed_from():
    workers._TREES["a.py"] = ("x = 1\n", ast.parse("x = 1\n"), False, None)
    workers._TREES["b.py"] = ("y = 1\n", ast.parse("y = 1\n"), False, None)
    assert kept_tree("a.py", "x = 2\n") == (None, True)  # edited since the index read it: parsed again
    assert kept_tree("a.py", "x = 1\n") == (None, True)  # a tree is used once, then dropped
    tree, may_trace = kept_tree("b.py", "y = 1\n")
    assert ast.dump(tree) == ast.dump(ast.parse("y = 1\n")) and not may_trace
    assert kept_tree(None, "y = 1\n") == (None, True)
    assert workers._TREES == {}


def test_a_worker_keeps_trees_only_up_to_its_memory_budget(monkeypatch):
    monkeypatch.setattr(workers, "KEEP_CHARACTERS", 72)
    monkeypatch.setattr(workers, "_kept_characters", 0)
    monkeypatch.setattr(workers, "_TREES", {})
    # 60 characters, and a fifth more for the facts kept with the tree: one fits, two do not
    text = "import tensorflow as tf\n@tf.function\ndef f(x):\n    return x\n"
    first, kept_first, _, _ = workers._summarize_task(text, "a.py", "a", "", Settings(), True)
    second, kept_second, _, _ = workers._summarize_task(text, "b.py", "b", "", Settings(), True)
    first, second = _summary_of_row(first), _summary_of_row(second)
    assert (kept_first, kept_second) == (True, False)
    assert (first.path, second.path) == ("a.py", "b.py") and first.digest == second.digest  # summarized alike
    assert set(workers._TREES) == {"a.py"}


def test_a_module_without_traced_code_is_checked_without_its_tree_by_any_process(tmp_path, monkeypatch):
    # `OwnerPool.untraced`: the summary found no traced code, so a process that did not keep the tree
    # (it took the module from the other's share) skips the parse, for the text summarized only.
    from hybridlint import cli, engine
    from hybridlint.cli import Mode
    from hybridlint.links import ModuleLink
    from hybridlint.project import digest_of

    traced = "import tensorflow as tf\n@tf.function\ndef f(x):\n    print(x)\n    return x\n"
    plain = "import tensorflow as tf\ndef f(x):\n    print(x)\n    return tf.constant(x)\n"
    tasks = [(traced, "t.py", "t", "", Settings()), (plain, "p.py", "p", "", Settings())]
    with OwnerPool(2) as pool:
        pool.keep = {"t.py", "p.py"}
        pool.summarize(tasks)
        assert pool.untraced == {"p.py": digest_of(plain)}  # only the module without traced code
    (tmp_path / "p.py").write_text(plain)
    parses = []
    real_parse = engine.parse_or_problem
    monkeypatch.setattr(engine, "parse_or_problem", lambda source: parses.append(1) or real_parse(source))
    mode = Mode(root=str(tmp_path), cwd=str(tmp_path))
    link = ModuleLink("p.py", "p", "")
    settings = Settings()  # default rules: all need traced code but the word-gated HYB025
    hinted = cli.process_file(str(tmp_path / "p.py"), settings, mode, link, "p.py", digest_of(plain))
    assert parses == [] and hinted.findings == [] and not hinted.internal_errors
    assert cli.process_file(str(tmp_path / "p.py"), settings, mode, link).findings == []
    assert parses == [1]  # without the hint, parsed
    # edited since it was summarized: the hint is for another text, and the module is parsed
    (tmp_path / "p.py").write_text(traced)
    edited = cli.process_file(str(tmp_path / "p.py"), settings, mode, link, "p.py", digest_of(plain))
    assert parses == [1, 1] and [f.code for f in edited.findings] == ["HYB006"]  # the print in the tf.function


def test_the_modules_whose_check_can_report_nothing_are_known_from_their_summaries(tmp_path):
    # `OwnerPool.quiet`: no task is sent for these (`cli._quiet_report` makes their reports) while
    # their link reaches no graph code and the file still holds the text summarized.
    from hybridlint.cli import _quiet_report
    from hybridlint.project import digest_of

    switch = "import tensorflow as tf\ntf.config.experimental_run_functions_eagerly(False)\n"
    texts = {
        "plain.py": "def add(a, b):\n    return a + b\n",  # skipped unread
        "untraced.py": "import tensorflow as tf\nX = tf.constant(1)\n",  # no traced code, no rule left
        "silenced.py": "# hybridlint: noqa\n" + switch,  # a file-level noqa
        "switch.py": switch,  # HYB025 needs no traced code: checked
        "traced.py": "import tensorflow as tf\n@tf.function\ndef f(x):\n    return x\n",
        "unchecked.py": "X = 1\n",  # not a module to check
    }
    tasks = [(text, rel, rel[:-3], "", Settings()) for rel, text in texts.items()]
    with OwnerPool(2) as pool:
        pool.keep = set(texts) - {"unchecked.py"}
        summaries = {s.path: s for s in pool.summarize(tasks)}
    assert pool.quiet == {rel: digest_of(texts[rel]) for rel in ("plain.py", "untraced.py", "silenced.py")}

    class Index:  # what `_quiet_report` reads of the index: nothing reaches graph code here
        def __init__(self):
            self.summaries = summaries

        def _may_reach_graph_code(self, summary):
            return False

    for rel in pool.quiet:
        (tmp_path / rel).write_text(texts[rel])
    reports = {rel: _quiet_report(str(tmp_path / rel), rel, pool.quiet[rel], Settings(), Index()) for rel in pool.quiet}
    assert {rel: (r.skipped, r.findings, r.error) for rel, r in reports.items()} == {
        "plain.py": (True, [], None), "untraced.py": (False, [], None), "silenced.py": (False, [], None)
    }
    # edited since it was summarized: checked as usual
    (tmp_path / "untraced.py").write_text("import tensorflow as tf\n@tf.function\ndef f(x):\n    print(x)\n")
    assert _quiet_report(str(tmp_path / "untraced.py"), "untraced.py", pool.quiet["untraced.py"], Settings(), Index()) is None


def test_a_description_on_the_facts_a_worker_kept_says_what_one_on_new_facts_says(monkeypatch):
    # A worker keeps its summary's facts with the tree, and a description of the module made there uses
    # them (`project._describable`), except where the summary's facts are not the module's own: a branch
    # only NumPy input takes leaves the helper called there eager in the summary, and an import of a name
    # Keras goes by is kept for the index to resolve. Each description says what one on new facts says.
    from hybridlint.project import _describe_task

    monkeypatch.setattr(workers, "_TREES", {})
    monkeypatch.setattr(workers, "_kept_characters", 0)
    texts = {
        "plain.py": (
            "import tensorflow as tf\nSEEN = []\n"
            "def helper(x):\n    SEEN.append(x)\n    return tf.constant(x)\n"
            "def scale(x, n):\n    return helper(x) * n\n"
            "@tf.function\ndef f(x):\n    return scale(x, 2)\n"
        ),
        "numpy.py": (
            "import tensorflow as tf\nSEEN = []\n"
            "def helper(x):\n    SEEN.append(x)\n    print(x)\n    return tf.constant(x)\n"
            "@tf.function\ndef f(x):\n    if not tf.is_tensor(x):\n        return helper(x)\n    return x\n"
        ),
        "keras.py": (
            "import tensorflow as tf\nfrom pkg.compat import keras\n"
            "def layer():\n    return keras.layers.Dense(3)\n"
            "@tf.function\ndef f(x):\n    return layer()(x)\n"
        ),
    }
    described = {}
    for rel, text in texts.items():
        row, kept, _may_trace, _quiet = workers._summarize_task(text, rel, rel[:-3], "", Settings(), True)
        summary = _summary_of_row(row)
        assert kept and (rel != "plain.py" or workers._TREES[rel][3] is not None)  # the facts are there to use
        quals = list(summary.functions)
        made = workers._describe_kept_task(pickle.loads(pickle.dumps(summary)), text, quals, Settings())
        again = workers._describe_kept_task(pickle.loads(pickle.dumps(summary)), text, quals[::-1], Settings())
        fresh = _describe_task(pickle.loads(pickle.dumps(summary)), text, quals, Settings())  # parsed again
        assert made == again == fresh, rel
        described[rel] = made
    assert described["plain.py"]["helper"][1] and described["plain.py"]["scale"][0]  # effects, a returned tensor
    tree, _may_trace = kept_tree("plain.py", texts["plain.py"])  # the check takes the tree, the facts go
    assert tree is not None and "plain.py" not in workers._TREES


def test_a_summary_comes_back_from_a_worker_as_the_main_process_would_make_it():
    # A worker sends each summary as its row (lists of fields); the index gets back an equal summary.
    text = (
        "import tensorflow as tf\n"
        "from pkg import helpers, _private\n"
        "N = 4\n"
        "class Layer(tf.keras.layers.Layer):\n"
        "    def __init__(self, units=8):\n"
        "        self.units = units\n"
        "    def call(self, x):\n"
        "        for _ in range(3):\n"
        "            x = helpers.dense(x, N, units=self.units)\n"
        "        return self.scale(_private(x))\n"
        "@tf.function\n"
        "def step(x):\n"
        "    return helpers.apply(*x)\n"
    )
    row, _kept, _may_trace, _quiet = workers._summarize_task(text, "pkg/m.py", "pkg.m", "pkg", Settings(), False)
    summary = summarize(text, "pkg/m.py", "pkg.m", "pkg", Settings())
    assert summary.edges and summary.functions  # something to compare
    assert _summary_of_row(pickle.loads(pickle.dumps(row))) == summary


class _Index:
    """The part of a `ProjectIndex` that `cli._run_owned` reads: the final links."""

    def __init__(self, links):
        self.links = links

    def link_for(self, rel):
        return self.links[rel]


class _Pool:
    """An `OwnerPool` whose processes check every task sent to them as "checked again"."""

    pools = [None, None]

    def __init__(self, speculated):
        self.owner = {}
        self.untraced = {}
        self.speculated = speculated
        self.early = None

    def run(self, function, tasks, owners, done, chunk):
        return [FileReport(task[0], error="checked again") for task in tasks]


def test_a_report_made_while_jedi_ran_is_kept_only_where_the_final_link_is_the_same():
    # `cli._speculative_checks` checks modules with their links as they stood while jedi still
    # worked; a report made with a link that jedi's later answers changed must be made again.
    from concurrent.futures import Future

    from hybridlint.cli import Mode, _run_owned
    from hybridlint.links import IncomingTrace, ModuleLink, Place
    from hybridlint.source import Span

    def link(rel, traced_from=None):
        made = ModuleLink(rel, rel[:-3], "")
        if traced_from:  # what a later answer of jedi adds: a caller elsewhere traces a function here
            made.incoming["f"] = IncomingTrace("called", "step", Place(traced_from, Span(1, 0, 1, 4)))
        return made

    early = Future()
    early.set_result([FileReport("a.py", error="made early"), FileReport("b.py", error="made early")])
    speculated = ({"a.py": [link("a.py"), "key", 0], "b.py": [link("b.py"), "key", 1]}, {"key": early})
    index = _Index({"a.py": link("a.py"), "b.py": link("b.py", traced_from="c.py"), "c.py": link("c.py")})
    pool = _Pool(speculated)
    reports = _run_owned(["a.py", "b.py", "c.py"], ["a.py", "b.py", "c.py"], Settings(), Mode(), None, index, pool, None, [])
    assert [(r.path, r.error) for r in reports] == [("a.py", "made early"), ("b.py", "checked again"), ("c.py", "checked again")]
    assert pool.early == (1, 1)


def _pid_after(seconds: float) -> int:
    import os
    import time

    time.sleep(seconds)
    return os.getpid()


def _collector_on() -> bool:
    import gc

    return gc.isenabled()


def test_background_tasks_sent_ahead_while_jedi_works_never_queue_behind_its_questions(monkeypatch):
    # `_Background.map` sends descriptions and early checks ahead (`DEPTH`) to the processes jedi's
    # questions leave free: a task sent to jedi's process would wait there behind the next question.
    import os

    from hybridlint import project

    def question(*_args) -> int:  # stands for `_jedi_task`: keeps jedi's process busy a while
        return _pid_after(0.2)

    question.__module__, question.__qualname__ = project.__name__, "_jedi_task"  # pickled by that name
    monkeypatch.setattr(project, "_jedi_task", question)
    with OwnerPool(2) as pool:
        jedi = pool.submit_to(pool.JEDI_PROCESS, os.getpid).result()
        other = pool.submit_elsewhere(os.getpid).result()
        background = project._Background(pool)
        for number in range(40):
            background.add(number, _pid_after, (0.01,))
        # the tasks sent while a question still ran (`map` calls its hook each time it wakes, after
        # sending): once the last one is answered, `map` fills every process, jedi's too
        sent: list = []
        background.hook = lambda: sent.extend(key for key in background.futures if key not in sent)
        assert background.map(question, [(), ()]) == [jedi, jedi]
        assert len(sent) >= project._Background.DEPTH
        assert {background.futures[key].result() for key in sent} == {other}
        assert sorted(background.finish(set(range(40)))) == list(range(40))  # the rest, anywhere


def test_a_worker_collects_again_after_its_jedi_questions(tmp_path):
    # `project._jedi_task` holds the collector while jedi works, then collects and freezes what lives on:
    # the collector is on again for what the process does next.
    from hybridlint.project import _jedi_task

    text = "import os\n\n\ndef f(x):\n    return x.upper()\n\n\nf('a').upper()\n"
    (tmp_path / "m.py").write_text(text)
    with OwnerPool(2) as pool:
        found = pool.submit(_jedi_task, str(tmp_path), (str(tmp_path),), text, str(tmp_path / "m.py"), [(8, 7)]).result()
        assert len(found) == 1
        assert pool.submit_to(pool.JEDI_PROCESS, _collector_on).result()


def test_checks_still_queued_when_jedi_ends_go_to_their_owners_up_to_the_limit(monkeypatch):
    # `_Background.release`: once jedi's rounds end, a few of each process's early checks go to the
    # process that kept the module's tree, jedi's too (it has no question left), with their links made
    # when sent; the others are dropped and the queue's other tasks stay.
    import os

    from hybridlint import cli, project

    def checks(tasks):  # stands for `cli._process_tasks`: says which process checked
        return [os.getpid() for _ in tasks]

    checks.__module__, checks.__qualname__ = cli.__name__, "_process_tasks"  # pickled by that name
    monkeypatch.setattr(cli, "_process_tasks", checks)
    with OwnerPool(2) as pool:
        pids = [pool.submit_to(worker, os.getpid).result() for worker in (0, 1)]
        pool.owner = {"a.py": 0, "b.py": 1}
        background = project._Background(pool)
        made = []

        def arguments(rel):
            return lambda: (made.append(rel) or [(None, None, None, None, rel, None)],)

        for number in range(4):
            background.add((project.SPECULATION, 0, number), checks, arguments("a.py"))
            background.add((project.SPECULATION, 1, number), checks, arguments("b.py"))
        background.add("description", os.getpid, ())
        background.release(project.SPECULATION, 2)
        assert [key for key, _function, _args in background.queue] == ["description"]
        assert made == ["a.py", "b.py", "a.py", "b.py"]  # links made only for the checks sent
        assert {key: future.result() for key, future in background.futures.items()} == {
            (project.SPECULATION, owner, number): [pids[owner]] for owner in (0, 1) for number in (0, 1)
        }


def test_shutting_the_pool_down_ends_every_process_before_it_returns():
    """The processes are told to stop together and each is waited for: none outlives `shutdown`."""
    import os

    pool = OwnerPool(3)
    pids = [pool.submit_to(worker, os.getpid).result() for worker in range(3)]
    assert len(set(pids)) == 3
    pool.shutdown()
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"process {pid} still runs after shutdown")
