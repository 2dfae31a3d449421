"""Latest-edit-wins analysis in background threads, in two lanes so a slow document cannot starve
the others.

Edits replace a document's pending job instead of queueing behind it: while a worker analyses
version 5, versions 6, 7 and 8 arriving overwrite one another and only 8 is analysed next. A job
superseded while it runs is marked cancelled; the work checks the mark between its stages (see
`Job.cancelled`), and its result is dropped in any case. A document is never analysed by two
workers at once.

Jobs for big documents (`SLOW_CHARS`, or a document whose last analysis took longer than
`SLOW_SECONDS`) go to the slow lane, all others to the fast lane, each with its own thread: a 1 MB
module that takes many seconds to analyse delays the diagnostics and hover of the other documents
only by sharing the interpreter with them (Python threads take turns every few milliseconds),
never by making them wait for it to finish. Results come back to the event loop through `deliver`,
which checks the version again before anything is published.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional

logger = logging.getLogger(__name__)

IDLE_COLLECT_AFTER = 1.0  # seconds without work before a full garbage collection
SLOW_CHARS = 200_000  # about two seconds of analysis: such a document goes to the slow lane
SLOW_SECONDS = 1.0  # a document whose analysis took this long goes to the slow lane from then on
FAST, SLOW = "fast", "slow"


class Cancelled(Exception):
    """Raised by `Job.check` in a job that a newer one replaced."""


@dataclass
class Job:
    uri: str
    version: Optional[int]
    work: Callable[..., Any]  # runs in a worker thread; given the job when it accepts one argument
    size: int = 0  # characters of the text to analyse: big documents take the slow lane
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)
    collector: Optional["CollectorPause"] = field(default=None, repr=False)  # held while a fast-lane job runs

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled(self.uri)

    def release_collector(self) -> None:
        """The job's result is out (or dropped): the collector may run again (`CollectorPause`)."""
        if self.collector is not None:
            self.collector.release()


class _Lane:
    def __init__(self, name: str, scheduler: "Scheduler") -> None:
        self.name = name
        self.pending: "OrderedDict[str, Job]" = OrderedDict()
        self.thread = threading.Thread(target=scheduler._run, args=(self,), name=f"hybridlint-{name}", daemon=True)
        self.held: Optional[CollectorPause] = None  # the collector pause of its last job

    def release(self) -> None:
        if self.held is not None:
            self.held.release()
            self.held = None


class Scheduler:
    def __init__(self, deliver: Callable[[Job, Any, Optional[BaseException]], None]):
        self._deliver = deliver
        self._wakeup = threading.Condition()
        self._stopped = False
        self._running: Dict[str, Job] = {}  # uri → the job a worker is running
        self._slow_docs: Dict[str, float] = {}  # uri → seconds its last analysis took, when slow
        self._lanes = {FAST: _Lane(FAST, self), SLOW: _Lane(SLOW, self)}
        self._busy = 0
        for lane in self._lanes.values():
            lane.thread.start()

    def _lane_for(self, job: Job) -> _Lane:
        slow = job.size >= SLOW_CHARS or job.uri in self._slow_docs
        return self._lanes[SLOW if slow else FAST]

    def submit(self, job: Job) -> None:
        with self._wakeup:
            for lane in self._lanes.values():
                lane.pending.pop(job.uri, None)  # a newer version replaces the one waiting
            running = self._running.get(job.uri)
            if running is not None and job.uri:
                running.cancel_event.set()
            self._lane_for(job).pending[job.uri] = job
            self._wakeup.notify_all()

    def cancel(self, uri: str) -> None:
        with self._wakeup:
            for lane in self._lanes.values():
                lane.pending.pop(uri, None)
            running = self._running.get(uri)
            if running is not None:
                running.cancel_event.set()
            self._slow_docs.pop(uri, None)

    def idle(self) -> bool:
        """Nothing waiting and nothing running (for tests and benchmarks)."""
        with self._wakeup:
            return not self._busy and not any(lane.pending for lane in self._lanes.values())

    def stop(self, timeout: float = 2.0) -> None:
        with self._wakeup:
            self._stopped = True
            for lane in self._lanes.values():
                lane.pending.clear()
            for job in self._running.values():
                job.cancel_event.set()
            self._wakeup.notify_all()
        for lane in self._lanes.values():
            if threading.current_thread() is not lane.thread:
                lane.thread.join(timeout)

    def _next(self, lane: _Lane) -> Optional[Job]:
        """The oldest job of this lane whose document no other worker is analysing."""
        for uri, job in lane.pending.items():
            if uri not in self._running or not uri:
                del lane.pending[uri]
                return job
        return None

    def _run(self, lane: _Lane) -> None:
        collected = True
        while True:
            with self._wakeup:
                while True:
                    if self._stopped:
                        lane.release()
                        return
                    job = self._next(lane)
                    if job is not None:
                        break
                    # Each analysis leaves cyclic garbage (module facts refer to one another); collect
                    # it once the user pauses, rather than in the middle of the next analysis.
                    if not self._wakeup.wait(IDLE_COLLECT_AFTER):
                        lane.release()
                        if not collected and not self._busy:
                            gc.collect()
                            collected = True
                if job.uri:
                    self._running[job.uri] = job
                self._busy += 1
            collected = False
            lane.release()  # the job before's result is out by now, or never will be
            if lane.name == FAST:
                job.collector = lane.held = CollectorPause()
            started = time.perf_counter()
            try:
                value = job.work(job) if _takes_job(job.work) else job.work()
            except Cancelled:
                value, error = None, None
            except Exception as exc:  # reported to the client; the worker keeps running
                logger.exception("analysis of %s failed", job.uri)
                value, error = None, exc
            except BaseException:
                lane.release()  # the thread ends: never leave the collector paused behind it
                raise
            else:
                error = None
            seconds = time.perf_counter() - started
            with self._wakeup:
                self._busy -= 1
                if self._running.get(job.uri) is job:
                    del self._running[job.uri]
                if job.uri and seconds >= SLOW_SECONDS:
                    self._slow_docs[job.uri] = seconds
                elif job.uri and not job.cancelled:
                    self._slow_docs.pop(job.uri, None)
                self._wakeup.notify_all()  # a job of this document may wait in another lane
            if job.cancelled:
                job.release_collector()
                continue  # superseded: its result would be dropped anyway
            self._deliver(job, value, error)


_pause_lock = threading.Lock()
_pauses = [0, False]  # holds on the collector; whether it was on when the first was taken


class CollectorPause:
    """A hold on the cyclic garbage collector, taken when a fast-lane analysis starts and released once
    its result is out (the server releases it after publishing; the scheduler at the latest when the lane
    takes its next job or idles). Counted across threads; `release` may be called more than once.

    Why: `check_source` pauses the collector on the command line's main thread (`engine.gc_paused`) and
    leaves it alone on other threads, where the server analyses. An analysis allocates a module's tree,
    facts and results, tens of thousands of objects that live until it ends, and the collector walked
    them again and again meanwhile (a few milliseconds of every edit, and now and then a full collection
    of the server's heap). The server owns the process, so it may pause the collector for every thread:
    only for the short fast-lane jobs (a slow-lane analysis may take seconds, and other documents'
    garbage would pile up meanwhile). The young objects are then walked once, after the result is
    published (at the next allocation), and the garbage is collected then and when the server idles
    (`IDLE_COLLECT_AFTER`)."""

    def __init__(self) -> None:
        self._held = True
        with _pause_lock:
            if not _pauses[0]:
                _pauses[1] = gc.isenabled()
                gc.disable()
            _pauses[0] += 1

    def release(self) -> None:
        with _pause_lock:
            if not self._held:
                return
            self._held = False
            _pauses[0] -= 1
            if not _pauses[0] and _pauses[1]:
                gc.enable()


def _takes_job(work: Callable[..., Any]) -> bool:
    code = getattr(work, "__code__", None)
    return code is not None and code.co_argcount >= 1
