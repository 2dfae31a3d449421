"""The project index (issue 9) in a child process, so building it never holds the server's GIL.

Summarizing a large project takes a second or more and asking jedi about its method calls can take
a minute; done in the server process, every keystroke's analysis would wait behind it. So the
indexes (one per workspace folder) live in a child process started with "spawn" (no copy of the
server's threads or state), which answers requests one at a time over a pipe:

- `build`: discover the folder's `.py` files, summarize them (reusing the cache), link with a small
  jedi budget, and answer the links of the documents the editor has open;
- `complete`: ask jedi what the build's budget left unanswered (interruptible: a newer request
  stops it between modules), then save the cache;
- `update`: re-summarize changed, created or deleted files, keeping the jedi answers these changes
  cannot have affected, and link again;
- `links`: the links of some files (a document opened later);
- `drop`: forget a folder.

Links are `ModuleLink` objects (plain data), a few kilobytes each: only those of open documents
cross the pipe. The child's standard output is the editor's LSP channel, so the child points its
file descriptor 1 at standard error before anything else.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import sys
import threading
import time
import traceback
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 0.25  # seconds between progress messages of a build


class WorkerError(Exception):
    """The request failed in the child, or the child is gone (`process_died`: with every index)."""

    def __init__(self, message: str, process_died: bool = False) -> None:
        super().__init__(message)
        self.process_died = process_died


# -- the child ------------------------------------------------------------------------------


class _Child:
    def __init__(self, conn, interrupt) -> None:
        self.conn = conn
        self.interrupt = interrupt
        self.indexes: Dict[str, Any] = {}  # root → ProjectIndex
        self.cache_dirs: Dict[str, Optional[Path]] = {}
        self.parent = os.getppid()

    def should_stop(self) -> bool:
        # A newer request waits, or the server is gone (killed: nobody will read the answer).
        return self.interrupt.is_set() or os.getppid() != self.parent

    def progress(self, message: str, percentage: Optional[int] = None) -> None:
        self.conn.send(("progress", message, percentage))

    def links(self, index, paths: Sequence[str]) -> Dict[str, Any]:
        """The link of each path (absolute) the index knows; None for the others."""
        return {path: index.link_for(index.relative(Path(path))) for path in paths}

    # -- requests --------------------------------------------------------------------------

    def build(
        self,
        root: str,
        settings,
        exclude: Tuple[str, ...],
        cache_dir: Optional[str],
        jedi_budget: Optional[float],
        max_files: int,
        wanted: Sequence[str],
    ) -> Dict[str, Any]:
        from hybridlint import config
        from hybridlint.project import build_index

        started = time.perf_counter()
        self.indexes.pop(root, None)
        project = config.ProjectConfig(None, Path(root), settings, tuple(exclude))
        self.progress("finding Python files")
        # Notebooks are checked on their own: no module imports one.
        files = [path for path in config.discover([root], project).files if not path.endswith(".ipynb")]
        if len(files) > max_files:
            return {"skipped": f"{len(files)} Python files, more than the limit of {max_files}"}

        def reporting() -> Iterator[str]:
            last = time.perf_counter()
            for number, file in enumerate(files):
                now = time.perf_counter()
                if now - last >= PROGRESS_EVERY:
                    last = now
                    self.progress(f"{number}/{len(files)} modules", int(90 * number / max(len(files), 1)))
                yield file
            self.progress("resolving calls between modules", 90)

        cache = Path(cache_dir) if cache_dir else None
        index = build_index(Path(root), reporting(), settings, cache_dir=cache, jedi_budget=jedi_budget)
        if cache is not None:
            index.dirty = False  # build_index has saved what it learnt
        self.indexes[root] = index
        self.cache_dirs[root] = cache
        return {
            "links": self.links(index, wanted),
            "stats": dict(index.stats),
            "modules": len(index.summaries),
            "seconds": time.perf_counter() - started,
        }

    def complete(self, root: str, wanted: Sequence[str]) -> Dict[str, Any]:
        from hybridlint.project import save_cache

        index = self.indexes.get(root)
        if index is None:
            return {"links": {}, "done": True, "stats": {}}
        started = time.perf_counter()
        index.link(None, should_stop=self.should_stop)
        done = not self.should_stop()
        cache = self.cache_dirs.get(root)
        if cache is not None and getattr(index, "dirty", True):  # after the build or an update
            save_cache(cache, index)
            index.dirty = False
        stats = dict(index.stats, seconds=time.perf_counter() - started)
        return {"links": self.links(index, wanted), "done": done, "stats": stats}

    def update(
        self,
        root: str,
        changes: Sequence[Tuple[str, Optional[str], bool]],
        jedi_budget: Optional[float],
        wanted: Sequence[str],
    ) -> Dict[str, Any]:
        """`changes`: (path, text, read) — with `read`, the text is read from disk (None when the
        file is gone or unreadable: it leaves the index)."""
        index = self.indexes.get(root)
        if index is None:
            return {"links": {}, "changed": [], "seconds": 0.0}
        started = time.perf_counter()
        resolved: List[Tuple[Path, Optional[str]]] = []
        for path, text, read in changes:
            resolved.append((Path(path), _read(path) if read else text))
        changed = index.update_files(resolved)
        if changed:
            index.link(jedi_budget, should_stop=self.should_stop)
        return {"links": self.links(index, wanted), "changed": changed, "seconds": time.perf_counter() - started}

    def links_of(self, root: str, wanted: Sequence[str]) -> Dict[str, Any]:
        index = self.indexes.get(root)
        return {"links": self.links(index, wanted) if index is not None else {}}

    def drop(self, root: str) -> Dict[str, Any]:
        self.indexes.pop(root, None)
        self.cache_dirs.pop(root, None)
        return {}


def _read(path: str) -> Optional[str]:
    from hybridlint.files import UnreadableFile, read_source

    try:
        return read_source(path).text
    except (UnreadableFile, OSError, ValueError):
        return None


def child_main(conn, interrupt) -> None:
    """The child process: answer requests until the pipe closes."""
    try:
        sys.stdout.flush()
    except Exception:
        pass
    os.dup2(2, 1)  # a stray print must never reach the editor's LSP stream
    sys.stdout = sys.stderr
    child = _Child(conn, interrupt)
    handlers: Dict[str, Callable[..., Dict[str, Any]]] = {
        "build": child.build,
        "complete": child.complete,
        "update": child.update,
        "links": child.links_of,
        "drop": child.drop,
    }
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if request is None:
            return
        kind, args = request
        try:
            value = handlers[kind](*args)
        except Exception as exc:  # reported to the server, which logs it; the child keeps serving
            reply: Tuple[Any, ...] = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}")
        else:
            reply = ("ok", value)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


# -- the server's side ----------------------------------------------------------------------


class _Request:
    def __init__(self, kind: str, args: Tuple[Any, ...], interruptible: bool, on_progress) -> None:
        self.kind = kind
        self.args = args
        self.interruptible = interruptible
        self.on_progress = on_progress
        self.future: "Future[Dict[str, Any]]" = Future()


class IndexWorker:
    """The child process and the thread that talks to it. `call` queues a request and returns a
    `concurrent.futures.Future` of its answer; requests run in order. A request queued while an
    interruptible one runs interrupts it (it answers early with what it has). If the child dies,
    the running request fails with `WorkerError`, and the next request starts a new child (with
    no indexes: `generation` counts the children, so the caller can tell it must build again)."""

    def __init__(self) -> None:
        self._queue: "queue.Queue[Optional[_Request]]" = queue.Queue()
        self._context = multiprocessing.get_context("spawn")
        self._interrupt = self._context.Event()
        self._process = None
        self._conn = None
        self._running: Optional[_Request] = None
        self._lock = threading.Lock()
        self._stopped = False
        self.generation = 0
        self._thread = threading.Thread(target=self._run, name="hybridlint-index", daemon=True)
        self._thread.start()

    def call(
        self,
        kind: str,
        *args: Any,
        interruptible: bool = False,
        on_progress: Optional[Callable[[str, Optional[int]], None]] = None,
    ) -> "Future[Dict[str, Any]]":
        request = _Request(kind, args, interruptible, on_progress)
        with self._lock:
            if self._stopped:
                request.future.set_exception(WorkerError("the index worker has stopped"))
                return request.future
            self._queue.put(request)
            if self._running is not None and self._running.interruptible:
                self._interrupt.set()
        return request.future

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        self._interrupt.set()
        self._queue.put(None)
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()  # a build can run for a minute: the editor is waiting for us to exit
            process.join(1.0)

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=child_main, args=(child, self._interrupt), name="hybridlint-index", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self.generation += 1

    def _run(self) -> None:
        while True:
            request = self._queue.get()
            if request is None:
                break
            with self._lock:
                if self._stopped:
                    request.future.set_exception(WorkerError("the index worker has stopped"))
                    continue
                self._running = request
                # Set before the request is sent, so the child never sees a stale value: set when
                # a newer request already waits, clear otherwise (`call` sets it later).
                if request.interruptible and not self._queue.empty():
                    self._interrupt.set()
                else:
                    self._interrupt.clear()
            try:
                self._serve(request)
            finally:
                with self._lock:
                    self._running = None
        if self._conn is not None:
            try:
                self._conn.send(None)
            except (OSError, ValueError):
                pass

    def _serve(self, request: _Request) -> None:
        try:
            if self._process is None or not self._process.is_alive():
                self._start()
            assert self._conn is not None
            self._conn.send((request.kind, request.args))
            while True:
                message = self._conn.recv()
                if message[0] == "progress":
                    if request.on_progress is not None:
                        request.on_progress(message[1], message[2])
                    continue
                if message[0] == "ok":
                    request.future.set_result(message[1])
                else:
                    request.future.set_exception(WorkerError(message[1]))
                return
        except (EOFError, OSError, ValueError) as exc:
            self._abandon()
            request.future.set_exception(
                WorkerError(f"the index process stopped ({type(exc).__name__}: {exc})", process_died=True)
            )
        except Exception as exc:  # e.g. a request that cannot be pickled
            request.future.set_exception(WorkerError(f"{type(exc).__name__}: {exc}"))

    def _abandon(self) -> None:
        process, self._process = self._process, None
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass
            self._conn = None
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join(1.0)
