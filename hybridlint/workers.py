"""Worker processes that keep the trees they parse, shared by the project index and the check.

A cold `hybridlint check` parses each module for its summary (`hybridlint.project`) and again to
check it: a fifth of the run's CPU went to the second parse. `OwnerPool` is one pool for both, made of
one-process pools so that a task can go to a chosen process: the process that summarized a module
keeps its tree (when the module is to be checked), becomes its owner, and checks it, reusing the
tree when the text it reads is the text it parsed. An idle process takes another's modules rather
than wait (it parses them again), so a slow module does not hold the others up.
"""

from __future__ import annotations

import ast
import gc
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

# In a worker: project path → (text, tree, may trace, facts) of a module summarized here and not checked
# yet. "May trace": the summary's facts found traced code, or the module imports a name Keras goes by
# (`project._fill`); False lets the check skip the facts where no rule left can report
# (`engine.check_tree`'s `untraced`). "Facts": the summary's facts of the tree, when a description of
# the module may use them (`project._describable`; a module described is most often one to check, and
# building its facts again was about a third of a description), else None.
_TREES: Dict[str, Tuple[str, ast.Module, bool, object]] = {}
# A tree takes about 25 times its text's size in memory, its facts about 4 times more: a worker keeps
# trees (and facts) for up to this many characters of text (about 1 GB; a 800,000-line project needs 15
# million per worker with two).
KEEP_CHARACTERS = 40_000_000
_kept_characters = 0


def _summarize_task(text: str, path: str, module: str, package: str, settings, keep: bool, ints: bool = True):
    """`project.summarize` in a worker, keeping the tree when the module is to be checked here. The
    summary travels as its row (`project._summary_row`, lists of its fields): a third smaller than
    the pickled objects, and the main process, which unpickles every summary, rebuilds it faster."""
    from .project import _summarize, _summary_row

    global _kept_characters
    wanted = keep
    enabled = gc.isenabled()
    gc.disable()  # as `summarize` does, also while the tree is stored
    try:
        parsed: Optional[list] = [] if wanted else None
        summary = _summarize(text, path, module, package, settings, parsed, ints)
        may_trace = summary.may_trace
        quiet = wanted and not may_trace and _nothing_to_run(text, summary, settings)
        facts = parsed[2] if parsed is not None and len(parsed) > 2 else None
        # the tree and its facts, in characters of text (see `KEEP_CHARACTERS`)
        charge = len(text) + (len(text) // 5 if facts is not None else 0)
        keep = keep and _kept_characters + charge <= KEEP_CHARACTERS
        if parsed and keep:
            _TREES[path] = (text, parsed[0], may_trace, facts)
            _kept_characters += charge
            # The kept trees live until their check: no collection should walk them meanwhile.
            gc.freeze()
        elif facts is not None:
            facts.release()
        return _summary_row(summary), bool(parsed) and keep, may_trace, quiet
    finally:
        if enabled:
            gc.enable()


def _nothing_to_run(text: str, summary, settings) -> bool:
    """The check of this text, summarized without traced code, runs no rule while its link reaches
    no graph code (`engine._rules_to_run`: a file-level noqa, or every rule left by the words of the
    text needs traced code). Asked without a path, so per-file ignores, which only remove rules, can
    make it no truer."""
    from .engine import _rules_to_run
    from .links import ModuleLink
    from .source import SourceText

    empty = ModuleLink(summary.path, summary.module, summary.package)
    return not _rules_to_run(SourceText(text), "", settings, None, empty, True)


def _run_chunk(function: Callable, tasks: List[tuple]) -> List:
    return [function(*task) for task in tasks]


def _describe_kept_task(summary, text: str, qualnames: List[str], settings, codes=None) -> Dict[str, tuple]:
    """`project._describe_task` on the tree this worker kept of the module, if it has it."""
    from .project import _describe_task

    found = _TREES.get(summary.path)
    tree, facts = (found[1], found[3]) if found is not None and found[0] == text else (None, None)
    return _describe_task(summary, text, qualnames, settings, codes, tree, facts)


def _owned(function: Callable, args: tuple) -> Tuple[Callable, Optional[str]]:
    """The task to send instead of `function(*args)` to the owner of a module, and that module."""
    from .cli import _process_tasks
    from .project import _describe_task

    if function is _describe_task:
        return _describe_kept_task, args[0].path
    if function is _process_tasks:
        return function, args[0][0][4]  # checks of modules one process kept (`cli._speculative_checks`)
    return function, None


def kept_tree(path: Optional[str], text: str) -> Tuple[Optional[ast.Module], bool]:
    """The tree this worker kept of `path` (dropped from the store), if it was parsed from `text`,
    and whether its summary's facts may have found traced code (True when not known)."""
    found = _TREES.pop(path, None) if path is not None else None
    if found is not None and found[3] is not None:
        found[3].release()  # no description is made after the module's check
    if found is None or found[0] != text:
        return None, True
    return found[1], found[2]


class OwnerPool:
    """`workers` one-process pools: `submit` and `map` as a `concurrent.futures` pool (to the least
    busy process), `run` to the process that owns each task's module."""

    DEPTH = 2  # tasks sent ahead to each process, so it never waits for the next
    # Jedi's questions all go to this process: jedi parses (with parso, in Python) every module its
    # inference walks through, and the questions of one project walk through the same modules; asked
    # in one process, each is parsed once (the scale set: about a fifth less CPU for the index's pool,
    # and the other process describes meanwhile, see `project._Background`).
    JEDI_PROCESS = 0

    def __init__(self, workers: int, initializer: Optional[Callable] = None, initargs: tuple = ()):
        self.pools = [ProcessPoolExecutor(1, initializer=initializer, initargs=initargs) for _ in range(workers)]
        self._max_workers = workers
        self.owner: Dict[str, int] = {}  # project path → the process holding its tree
        self.keep: Set[str] = set()  # project paths of the modules to check (their trees are kept)
        # project path → digest of the text whose summary found no traced code and no name Keras
        # goes by (a module to check): whichever process checks that text needs no tree of it
        # (`cli._process_file`), so one taken from another process's share is not parsed again
        self.untraced: Dict[str, str] = {}
        # project path → digest of a text to check whose check can report nothing while its link
        # reaches no graph code: it never mentions TensorFlow (skipped unread), or its summary found
        # no traced code and no rule is left for it (`_nothing_to_run`). `cli._run_owned` makes such a
        # report itself, without a task (about two thirds of a large project's modules; their tasks
        # were a tenth of the run's CPU, with their links made and pickled), once the file still
        # holds that text.
        self.quiet: Dict[str, str] = {}
        # `ProjectIndex._speculate_links` calls it (`cli._speculative_checks`), which leaves what it
        # sent in `speculated`
        self.speculate: Optional[Callable] = None
        self.speculated: Optional[tuple] = None
        self.early: Optional[Tuple[int, int]] = None  # (reports kept, checked again), for `--verbose`
        # project path → (digest, what the summarized text says of `ProjectIndex._reads_links`:
        # `_reads_by_text`) of a module to check, as its summary's process found it (whether the text
        # mentions TensorFlow, may trace, has a rule left): the index's first look after the summaries
        # need not read each text again
        self.text_reads: Dict[str, Tuple[str, Optional[bool]]] = {}
        self._busy = [0] * workers
        self._lock = threading.Lock()
        # Each pool forks its process at its first task: start them all now, one after the other, while
        # the other pools' threads only wait on their pipes.
        for pool in self.pools:
            pool.submit(int).result()

    def warm_jedi(self) -> None:
        """Before a cold index's summaries: `JEDI_PROCESS` loads what every jedi question needs
        (`project._jedi_warm_task`) while this process still reads the project, then the summaries
        go to whichever process is free, so that second of parsing leaves the path of jedi's
        questions, which one process answers after the summaries."""
        from .project import _jedi_warm_task

        self.submit_to(self.JEDI_PROCESS, _jedi_warm_task)

    def __enter__(self) -> "OwnerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Every pool's `shutdown`, all at once: a process that kept a large project's trees takes a
        tenth of a second or more to exit (its memory is given back), and one pool after the other
        (each waits for its process) the last was told to stop only once the first had exited, on the
        run's path after its last report."""
        others = [
            threading.Thread(target=pool.shutdown, kwargs={"wait": wait, "cancel_futures": cancel_futures})
            for pool in self.pools[1:]
        ]
        for thread in others:
            thread.start()
        try:
            if self.pools:
                self.pools[0].shutdown(wait=wait, cancel_futures=cancel_futures)
        finally:
            for thread in others:
                thread.join()

    def _finished(self, worker: int) -> None:
        with self._lock:
            self._busy[worker] -= 1

    def submit_to(self, worker: int, function: Callable, *args) -> Future:
        with self._lock:
            self._busy[worker] += 1
        future = self.pools[worker].submit(function, *args)
        future.add_done_callback(lambda _f, worker=worker: self._finished(worker))
        return future

    def submit(self, function: Callable, *args) -> Future:
        """To the least busy process; a task on a module whose tree a process kept, to that process
        unless it is busier than another; jedi's questions to `JEDI_PROCESS`."""
        from .project import _jedi_task

        if function is _jedi_task:
            return self.submit_to(self.JEDI_PROCESS, function, *args)
        from .cli import _process_tasks

        function, path = _owned(function, args)
        owner = self.owner.get(path) if path is not None else None
        if function is _process_tasks and owner is not None:  # checks in the background: on their trees
            if owner == self.JEDI_PROCESS and len(self.pools) > 1:  # but not behind jedi's questions
                with self._lock:
                    owner = min((w for w in range(len(self.pools)) if w != self.JEDI_PROCESS), key=self._busy.__getitem__)
            return self.submit_to(owner, function, *args)
        with self._lock:
            worker = min(range(len(self.pools)), key=self._busy.__getitem__)
            if owner is not None and self._busy[owner] <= self._busy[worker]:
                worker = owner
        return self.submit_to(worker, function, *args)

    def submit_owned(self, function: Callable, *args) -> Future:
        """As `submit`, but a task on a module a process kept goes to that process, jedi's too (once
        jedi's questions are over, `project._Background.release`)."""
        function, path = _owned(function, args)
        owner = self.owner.get(path) if path is not None else None
        if owner is None:
            return self.submit(function, *args)
        return self.submit_to(owner, function, *args)

    def submit_elsewhere(self, function: Callable, *args) -> Future:
        """As `submit`, but not to `JEDI_PROCESS` while there is another process (jedi's questions
        wait there): to the least busy of the others, whoever kept the module's tree."""
        function, _path = _owned(function, args)
        with self._lock:
            others = [w for w in range(len(self.pools)) if w != self.JEDI_PROCESS] or [self.JEDI_PROCESS]
            worker = min(others, key=self._busy.__getitem__)
        return self.submit_to(worker, function, *args)

    def map(self, function: Callable, *iterables, chunksize: int = 1):
        tasks = list(zip(*iterables))
        if not tasks:
            return iter([])
        owned = [_owned(function, task) for task in tasks]
        owners = [self.owner.get(path) if path is not None else None for _function, path in owned]
        return iter(self.run(owned[0][0], tasks, owners, chunk=chunksize))

    def run(
        self,
        function: Callable,
        tasks: Sequence[tuple],
        owners: Optional[Sequence[Optional[int]]] = None,
        done: Optional[Callable[[int, int], None]] = None,
        chunk: int = 1,
        workers: bool = False,
        each: Optional[Callable[[object], object]] = None,
    ) -> List:
        """`function(*task)` for every task, on the task's owner (`owners`) while it has any left, else
        on any idle process; the results in order (with `workers`, each as (result, process)).
        `done(task number, process)` as each ends. Tasks travel `chunk` at a time, as
        `ProcessPoolExecutor.map`'s do. `each(result)`, made as each arrives (while the processes
        work), stands for the result."""
        count = len(self.pools)
        queues: List[deque] = [deque() for _ in range(count)]
        shared: deque = deque()
        for number in range(len(tasks)):
            owner = owners[number] if owners is not None else None
            (queues[owner] if owner is not None and 0 <= owner < count else shared).append(number)
        results: List[object] = [None] * len(tasks)
        running: Dict[Future, Tuple[List[int], int]] = {}
        sent = [0] * count

        def next_chunk(worker: int) -> List[int]:
            if queues[worker]:
                source, take = queues[worker], queues[worker].popleft
            elif shared:
                source, take = shared, shared.popleft
            else:
                other = max(range(count), key=lambda w: len(queues[w]))
                # the other's last ones: it may never get there
                source, take = queues[other], queues[other].pop
            # smaller chunks as the tasks run out, so that the processes end together: with every
            # process `DEPTH` full chunks ahead, one that ran out of tasks waited while the other
            # still had up to `DEPTH` chunks to go
            left = len(shared) + sum(len(queue) for queue in queues)
            size = max(1, min(chunk, left // (count * self.DEPTH)))
            return [take() for _ in range(min(size, len(source)))]

        while True:
            for worker in range(count):
                while sent[worker] < self.DEPTH:
                    numbers = next_chunk(worker)
                    if not numbers:
                        break
                    future = self.submit_to(worker, _run_chunk, function, [tasks[n] for n in numbers])
                    running[future] = (numbers, worker)
                    sent[worker] += 1
            if not running:
                return results
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                numbers, worker = running.pop(future)
                sent[worker] -= 1
                for number, result in zip(numbers, future.result()):
                    if each is not None:
                        result = each(result)
                    results[number] = (result, worker) if workers else result
                    if done is not None:
                        done(number, worker)

    def summarize(self, tasks: Sequence[tuple], ints: bool = True) -> List:
        """`project.summarize(*task, ints)` for each task (text, path, module, package, settings),
        keeping the trees of the modules in `keep` that the check will parse."""
        from .engine import mentions_tensorflow

        checked = [task[1] in self.keep for task in tasks]
        marked = [task + (keep and mentions_tensorflow(task[0], task[4]), ints) for task, keep in zip(tasks, checked)]

        from .project import _summary_of_row

        def each(result: tuple) -> tuple:  # rebuilt as they come, not all once the last one is in
            return (_summary_of_row(result[0]),) + result[1:]

        results = self.run(_summarize_task, marked, chunk=max(1, min(8, len(tasks) // 16)), workers=True, each=each)
        summaries = []
        for task, keep, ((summary, kept, may_trace, quiet), worker) in zip(marked, checked, results):
            summaries.append(summary)
            if kept:
                self.owner[task[1]] = worker
            if task[5] and not may_trace:
                self.untraced[task[1]] = summary.digest
            if keep and (quiet or not task[5]):
                self.quiet[task[1]] = summary.digest
            if keep:  # `_reads_by_text`: None where only the link decides, True where the check reads it
                self.text_reads[task[1]] = (summary.digest, True if task[5] and not quiet else None)
        return summaries
