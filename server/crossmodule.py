"""Cross-module analysis in the server (issue 9): a project index per workspace folder.

After `initialized`, each workspace folder whose settings leave `cross-module` on gets an index,
built in a child process (`index_worker`), with `$/progress` when the client supports it. Until it
is ready, documents are analysed file-locally as before. Then each open document gets its
`ModuleLink` (what the rest of the project says about it) and is analysed again; pull clients are
asked to pull again (`workspace/diagnostic/refresh`) when they support it. A document opened later
gets its link as soon as the child answers.

Saves (the document's text) and `workspace/didChangeWatchedFiles` events for `*.py` files (read
from disk, unless the document is open: its save covers it) update the index; the documents whose
link changed are analysed again. Edits between saves use the link as it is: the index follows
what is on disk, so typing in one file never re-links the project.

The first build asks jedi for one second at most, so the first cross-module diagnostics come
quickly; `complete` then asks jedi what is left in the background (and yields to any newer
request), and saves the cache `<folder>/.hybridlint_cache` that a later start (or `hybridlint
check`) reuses.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Set, Tuple

from lsprotocol import types
from pygls.uris import to_fs_path

from hybridlint import config

from .index_worker import IndexWorker, WorkerError
from .settings import folder_config

if TYPE_CHECKING:  # pragma: no cover
    from .server import DocState, HybridlintServer

CACHE_FOLDER = ".hybridlint_cache"  # the CLI's: one cache for both
FIRST_JEDI_BUDGET = 1.0  # seconds of jedi before the first cross-module diagnostics
UPDATE_JEDI_BUDGET = 1.0  # seconds of jedi per update, before the answers are published
MAX_INDEX_FILES = 20_000  # a folder with more Python files (a home directory?) gets no index
MAX_RESTARTS = 2  # times the index process is started again after it died


@dataclass
class FolderIndex:
    root: str  # the workspace folder, resolved
    project: config.ProjectConfig
    key: Tuple[Any, ...]  # what the index depends on: a change means building it again
    ready: bool = False
    failed: bool = False
    pending: Dict[str, Tuple[Optional[str], bool]] = field(default_factory=dict)  # path → (text, read from disk)
    updating: bool = False
    completing: bool = False
    complete_again: bool = False

    def contains(self, path: str) -> bool:
        return path == self.root or path.startswith(self.root.rstrip(os.sep) + os.sep)


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _too_wide(root: str) -> bool:
    """A folder an editor falls back to when it knows no project (Neovim started in `~`): walking
    it would read every Python file the user has."""
    path = Path(root)
    try:
        home = Path.home().resolve()
    except (OSError, RuntimeError, KeyError):
        home = None
    return path == home or path.parent == path


class CrossModule:
    def __init__(self, server: "HybridlintServer") -> None:
        self.server = server
        self.folders: Dict[str, FolderIndex] = {}
        self._worker: Optional[IndexWorker] = None
        self._tokens = itertools.count(1)
        self._started = False
        self._restarts = 0
        self._off: Set[str] = set()  # folders whose settings turn cross-module analysis off
        self._configuring = 0  # calls of `configure`: only the latest one applies

    @property
    def worker(self) -> IndexWorker:
        if self._worker is None:
            self._worker = IndexWorker()
        return self._worker

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()

    # -- folders -------------------------------------------------------------------------------

    def workspace_roots(self) -> List[str]:
        workspace = self.server.workspace
        roots = [to_fs_path(uri) for uri in getattr(workspace, "folders", {}) or {}]
        if not roots and getattr(workspace, "root_uri", None):
            roots = [to_fs_path(workspace.root_uri)]
        return [_resolved(r) for r in roots if r and os.path.isdir(r)]

    def start(self) -> None:
        self._started = True
        self.configure()

    def configure(self) -> "Optional[asyncio.Future[None]]":
        """Match the indexes to the workspace folders and their settings: build the new or changed
        ones, drop those of removed folders or with `cross-module` off; then give every open
        document the link of its folder's index (none yet when building). The folders'
        pyproject.toml files are read in a worker thread, off the event loop; the last call wins."""
        if not self._started:
            return None
        self._configuring += 1
        number, editor = self._configuring, self.server.editor

        def read() -> List[Any]:
            found = []
            for root in self.workspace_roots():
                found.append((root, None if _too_wide(root) else folder_config(root, editor)[0]))
            return found

        async def run() -> None:
            configs = await asyncio.to_thread(read)
            if number == self._configuring:  # else a later call has newer settings or folders
                self._apply_configuration(configs)

        return self.server.track(run())

    def _apply_configuration(self, configs: List[Any]) -> None:
        wanted: Dict[str, FolderIndex] = {}
        for root, project in configs:
            if project is None:
                if root not in self._off:
                    self._off.add(root)
                    self.server.log(f"{root}: not indexed (a home or top-level folder is not one project)")
                continue
            if not project.settings.cross_module:
                if root not in self._off:
                    self._off.add(root)
                    self.server.log(f"{root}: cross-module analysis is off (setting `cross-module`)")
                continue
            self._off.discard(root)
            key = (project.pyproject, project.root, project.settings.alias_modules, project.exclude)
            current = self.folders.get(root)
            wanted[root] = current if current is not None and current.key == key else FolderIndex(root, project, key)
        for root, folder in list(self.folders.items()):
            if wanted.get(root) is not folder:
                del self.folders[root]
                self.worker.call("drop", root)
        for root, folder in wanted.items():
            if root not in self.folders:
                self.folders[root] = folder
                asyncio.ensure_future(self._build(folder))
        for state in list(self.server.states.values()):
            self.attach(state)

    def folder_of(self, path: str) -> Optional[FolderIndex]:
        if not path:
            return None
        path = _resolved(path)
        found = [f for f in self.folders.values() if f.contains(path)]
        return max(found, key=lambda f: len(f.root)) if found else None

    # -- documents -----------------------------------------------------------------------------

    def attach(self, state: "DocState") -> None:
        """Give an open document its folder, and ask for its link (it arrives after the build)."""
        folder = self.folder_of(state.path) if state.path.endswith(".py") else None
        root = folder.root if folder is not None else None
        if root != state.index_root:
            state.index_root = root
            if state.link is not None:
                self._set_links({state.path: None}, [state])
        if folder is not None and not folder.failed:
            self._request_links(folder, [state.path])

    def _request_links(self, folder: FolderIndex, paths: List[str]) -> None:
        async def ask() -> None:
            try:
                answer = await asyncio.wrap_future(self.worker.call("links", folder.root, paths))
            except WorkerError as exc:
                self._failed(folder, "links", exc)
                return
            self._apply(folder, answer.get("links", {}))

        asyncio.ensure_future(ask())

    def _open_paths(self, folder: FolderIndex) -> List[str]:
        return [s.path for s in self.server.states.values() if s.index_root == folder.root and s.path]

    def _apply(self, folder: FolderIndex, links: Dict[str, Any]) -> None:
        if self.folders.get(folder.root) is not folder:
            return  # dropped or rebuilt since
        states = [s for s in self.server.states.values() if s.index_root == folder.root and s.path in links]
        self._set_links(links, states)

    def _set_links(self, links: Dict[str, Any], states: List["DocState"]) -> None:
        ls = self.server
        changed = False
        for state in states:
            link = links.get(state.path)
            if link == state.link:
                continue
            state.link = link
            if state.settings.cross_module:
                state.generation += 1  # the analysis of the old link must not be served any more
                ls._schedule(state, force=not state.unsaved)
                changed = True
        if changed and ls.pull and ls.supports("workspace.diagnostics.refresh_support"):
            ls.workspace_diagnostic_refresh(None)

    def saved(self, state: "DocState") -> None:
        folder = self.folder_of(state.path)
        if folder is None or not state.path.endswith(".py") or config.is_excluded(state.path, folder.project):
            return
        folder.pending[state.path] = (state.doc.text, False)
        self._flush(folder)

    def files_changed(self, changes: List[types.FileEvent]) -> None:
        open_paths = {s.path for s in self.server.states.values()}
        touched: Dict[str, FolderIndex] = {}
        for change in changes:
            path = to_fs_path(change.uri) or ""
            if not path.endswith(".py"):
                continue
            folder = self.folder_of(path)
            if folder is None or config.is_excluded(path, folder.project):
                continue
            if change.type == types.FileChangeType.Deleted:
                folder.pending[path] = (None, False)
            elif path not in open_paths:  # an open document's save brings its text
                folder.pending[path] = (None, True)
            else:
                continue
            touched[folder.root] = folder
        for folder in touched.values():
            self._flush(folder)

    # -- the index's life ------------------------------------------------------------------------

    async def _build(self, folder: FolderIndex) -> None:
        ls = self.server
        loop = asyncio.get_running_loop()
        token: Optional[str] = None
        begun = False

        def report(message: str, percentage: Optional[int]) -> None:
            if begun and token is not None:
                value = types.WorkDoneProgressReport(message=message, percentage=percentage)
                ls.work_done_progress.report(token, value)

        def on_progress(message: str, percentage: Optional[int]) -> None:  # in the worker's thread
            loop.call_soon_threadsafe(report, message, percentage)

        future = self.worker.call(
            "build",
            folder.root,
            folder.project.settings,
            folder.project.exclude,
            str(Path(folder.root) / CACHE_FOLDER),
            FIRST_JEDI_BUDGET,
            MAX_INDEX_FILES,
            self._open_paths(folder),
            on_progress=on_progress,
        )
        if ls.supports("window.work_done_progress"):
            token = f"hybridlint-index-{next(self._tokens)}"
            try:
                await ls.work_done_progress.create_async(token)
                ls.work_done_progress.begin(
                    token,
                    types.WorkDoneProgressBegin(
                        title="Indexing project", message=os.path.basename(folder.root), percentage=0
                    ),
                )
                begun = True
            except Exception as exc:  # the client refused the token: no progress, same index
                ls.log(f"no progress report: {exc}", types.MessageType.Warning)
        try:
            answer = await asyncio.wrap_future(future)
        except WorkerError as exc:
            if begun and token is not None:
                ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="indexing failed"))
            self._failed(folder, "build", exc)
            return
        skipped = answer.get("skipped")
        if skipped:
            summary = f"not indexed: {skipped}"
            folder.failed = True
        else:
            stats = answer.get("stats", {})
            summary = f"{answer.get('modules', 0)} modules indexed in {answer.get('seconds', 0.0):.1f} s"
            ls.log(
                f"{folder.root}: {summary} ({int(stats.get('reused', 0))} from the cache; summaries "
                f"{stats.get('summarize_seconds', 0.0):.2f} s, jedi {stats.get('jedi_seconds', 0.0):.2f} s "
                f"for {int(stats.get('jedi_calls', 0))} calls, tracing {stats.get('propagate_seconds', 0.0):.2f} s)"
            )
        if begun and token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=summary))
        if skipped:
            ls.log(f"{folder.root}: {summary}; cross-module analysis is off there", types.MessageType.Warning)
            return
        folder.ready = True
        self._apply(folder, answer.get("links", {}))
        missing = [p for p in self._open_paths(folder) if p not in answer.get("links", {})]
        if missing:  # opened while the build ran
            self._request_links(folder, missing)
        await self._complete(folder)

    async def _complete(self, folder: FolderIndex) -> None:
        if folder.completing:
            folder.complete_again = True
            return
        folder.completing = True
        try:
            again = True
            while again and self.folders.get(folder.root) is folder:
                folder.complete_again = False
                try:
                    answer = await asyncio.wrap_future(
                        self.worker.call("complete", folder.root, self._open_paths(folder), interruptible=True)
                    )
                except WorkerError as exc:
                    self._failed(folder, "complete", exc)
                    return
                stats = answer.get("stats", {})
                if stats.get("jedi_calls"):
                    self.server.log(
                        f"{folder.root}: jedi resolved {int(stats['jedi_calls'])} calls in "
                        f"{stats.get('jedi_seconds', 0.0):.1f} s"
                    )
                self._apply(folder, answer.get("links", {}))
                again = folder.complete_again or not answer.get("done", True)
        finally:
            folder.completing = False

    def _flush(self, folder: FolderIndex) -> None:
        if folder.updating or not folder.pending or folder.failed:
            return
        folder.updating = True
        asyncio.ensure_future(self._update(folder))

    async def _update(self, folder: FolderIndex) -> None:
        try:
            while folder.pending and self.folders.get(folder.root) is folder:
                pending, folder.pending = folder.pending, {}
                changes = [(path, text, read) for path, (text, read) in pending.items()]
                try:
                    answer = await asyncio.wrap_future(
                        self.worker.call(
                            "update",
                            folder.root,
                            changes,
                            UPDATE_JEDI_BUDGET,
                            self._open_paths(folder),
                            interruptible=True,
                        )
                    )
                except WorkerError as exc:
                    self._failed(folder, "update", exc)
                    return
                self._apply(folder, answer.get("links", {}))
                if answer.get("changed"):
                    folder.complete_again = True
        finally:
            folder.updating = False
        if folder.complete_again and self.folders.get(folder.root) is folder:
            await self._complete(folder)

    def _failed(self, folder: FolderIndex, what: str, exc: WorkerError) -> None:
        self.server.log(f"project index of {folder.root}: {what} failed: {exc}", types.MessageType.Error)
        if not exc.process_died or self.folders.get(folder.root) is not folder:
            return  # one request failed; the index as it was still stands
        # The child is gone, and every index with it: build them again (a few times at most).
        for each in self.folders.values():
            each.ready = False
            each.failed = True
        if self._restarts >= MAX_RESTARTS:
            self.server.log("the project index keeps failing: cross-module analysis is off", types.MessageType.Error)
            return
        self._restarts += 1
        self.folders.clear()
        self.configure()
