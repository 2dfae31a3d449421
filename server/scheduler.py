"""Latest-edit-wins analysis in one background thread.

Edits replace a document's pending job instead of queueing behind it: while the worker analyses
version 5, versions 6, 7 and 8 arriving overwrite one another and only 8 is analysed next. The event
loop stays free for requests, and results come back to it through `deliver`, which checks the
version again before anything is published.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Optional

logger = logging.getLogger(__name__)

IDLE_COLLECT_AFTER = 1.0  # seconds without work before a full garbage collection


@dataclass
class Job:
    uri: str
    version: Optional[int]
    work: Callable[[], Any]  # runs in the worker thread


class Scheduler:
    def __init__(self, deliver: Callable[[Job, Any, Optional[BaseException]], None]):
        self._deliver = deliver
        self._pending: "OrderedDict[str, Job]" = OrderedDict()
        self._wakeup = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="hybridlint-analysis", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        with self._wakeup:
            self._pending.pop(job.uri, None)  # a newer version replaces the one waiting
            self._pending[job.uri] = job
            self._wakeup.notify()

    def cancel(self, uri: str) -> None:
        with self._wakeup:
            self._pending.pop(uri, None)

    def stop(self, timeout: float = 2.0) -> None:
        with self._wakeup:
            self._stopped = True
            self._pending.clear()
            self._wakeup.notify()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        collected = True
        while True:
            with self._wakeup:
                while not self._pending and not self._stopped:
                    # Each analysis leaves cyclic garbage (module facts refer to one another); collect
                    # it once the user pauses, rather than in the middle of the next analysis.
                    if not self._wakeup.wait(IDLE_COLLECT_AFTER) and not collected:
                        gc.collect()
                        collected = True
                if self._stopped:
                    return
                _, job = self._pending.popitem(last=False)
            collected = False
            try:
                value = job.work()
            except Exception as exc:  # reported to the client; the worker keeps running
                logger.exception("analysis of %s failed", job.uri)
                self._deliver(job, None, exc)
            else:
                self._deliver(job, value, None)
