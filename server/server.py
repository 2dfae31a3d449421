"""The language server: LSP in, engine calls out, LSP back. No analysis happens here.

Follow an edit: `didChange` → `Document.apply` (our own line index and position encoding) →
`_schedule` submits a job that replaces any job still waiting for that document → the worker thread
runs `IncrementalChecker.check` and converts the findings (`convert.diagnostics_for`) → `_on_analysis`
on the event loop drops the result if the document moved on, and otherwise publishes it (push
clients) or hands it to waiting `textDocument/diagnostic` requests (pull clients). The document's
`ModuleLink` from the project index (`crossmodule`) rides along with the job; it changes on saves
and watched-file events, never on an edit. So do the settings: a saved or watched file they are read
from (`settings.is_settings_file`: pyproject.toml, requirements, the module whose TensorFlow version
check gave `target-tensorflow`) re-resolves every open document's.

Test hooks (not user settings): with the environment variable `HYBRIDLINT_TEST_RAISE_IN_RULE=HYB025`
every visit method of that rule raises, so the tests can watch a broken rule being logged while the
other rules still report. With `HYBRIDLINT_TEST_LOOP_IO=1` every opening of a `pyproject.toml` (or of
a setup.cfg or requirements*.txt, which decide `target-tensorflow` when it is not set) is written to
stderr with the thread that opened it, so the tests can see that none is read on the
event loop.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Dict, List, Optional, Sequence, Set, Tuple, Type

import cattrs
from lsprotocol import types
from lsprotocol.types import ResponseErrorMessage
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from hybridlint import __version__
from hybridlint.files import UnreadableFile, decode_source
from hybridlint.incremental import IncrementalChecker
from hybridlint.links import ModuleLink
from hybridlint.registry import selected_rules
from hybridlint.requirements import is_packaging_file
from hybridlint.rule import Rule
from hybridlint.settings import Settings

from . import actions as code_actions
from .convert import Analysis, DiagnosticOptions, OtherFiles, diagnostics_for, result_id
from .crossmodule import CrossModule
from .documents import Document, Documents
from .hover import hover as hover_for
from .notebooks import NotebookSyncProtocol, Notebooks
from .notebooks import register as register_notebooks
from .scheduler import Job, Scheduler
from .transport import EXIT_FRAMING, serve
from .settings import (
    SETTINGS_GLOBS,
    EditorSettings,
    changed_section,
    editor_settings,
    is_settings_file,
    settings_for,
    unwrap,
)

logger = logging.getLogger(__name__)

RAISE_IN_RULE_ENV = "HYBRIDLINT_TEST_RAISE_IN_RULE"
LOOP_IO_ENV = "HYBRIDLINT_TEST_LOOP_IO"


def _report_pyproject_reads() -> None:
    """The `HYBRIDLINT_TEST_LOOP_IO` hook: the event loop runs on the main thread."""

    def hook(event: str, args: Any) -> None:
        if event == "open" and args and is_packaging_file(str(args[0])) and not str(args[0]).endswith(".py"):
            where = "on the event loop" if threading.current_thread() is threading.main_thread() else "off the event loop"
            sys.stderr.write(f"hybridlint-test: {os.path.basename(str(args[0]))} read {where}\n")
            sys.stderr.flush()

    sys.addaudithook(hook)
# Seconds after initialization when the project index starts if no document's diagnostics came first.
START_INDEX_AFTER = 2.0
WARM_UP = "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef f(x):\n    return x\n"
WAIT_FOR_ANALYSIS = 30.0  # seconds a request waits for the analysis of the current version
# A pull waits this long for the current version, then gets the last report of the same settings
# (and a refresh once the current one is ready) instead of waiting behind a slow analysis.
PULL_WAIT = 1.0
CONFIGURATION_WAIT = 10.0  # seconds to wait for the client's answer to workspace/configuration
SERVER_CANCELLED = -32802  # LSP: the server cancelled the request; `retriggerRequest` asks for another


def _get(obj: Any, path: str) -> Any:
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def _raising(rule: Type[Rule]) -> Type[Rule]:
    def fail(self, *args):
        raise RuntimeError(f"{rule.code} raised on purpose ({RAISE_IN_RULE_ENV})")

    names = [n for n in dir(rule) if n.startswith("visit_")] + ["finish"]
    return type(rule.__name__, (rule,), {name: fail for name in names})


@dataclass
class DocState:
    doc: Document
    path: str  # on disk ("" for an unsaved buffer)
    checker: IncrementalChecker
    engine_path: str = ""  # relative to the configuration's folder, as `hybridlint check` names it
    excluded: bool = False  # the configuration excludes the file: no diagnostics
    settings: Settings = field(default_factory=Settings)
    rules: Optional[Sequence[Type[Rule]]] = None
    generation: int = 0  # bumped when settings change: older results are stale
    resolved: bool = False  # settings for the current generation are known (read off the event loop)
    resolving: int = 0  # the latest settings resolution asked for; older answers are dropped
    too_big: bool = False  # more characters than `sizeLimit`: never analysed
    owed_refresh: bool = False  # a pull got an older report: ask the client to pull again when ready
    analysis: Optional[Analysis] = None
    waiters: List["asyncio.Future[None]"] = field(default_factory=list)
    live: bool = True  # analysed on every change (False: huge file, analysed on save)
    stale: bool = False  # a huge file edited since its last check: no diagnostics until saved
    # Edited since it was opened or last saved: a huge file's text is then checked only on save, even
    # when new settings or a new project link would analyse it again.
    unsaved: bool = False
    published_empty: bool = False
    logged: Set[Tuple[str, str]] = field(default_factory=set)
    index_root: Optional[str] = None  # the workspace folder whose project index knows this file
    link: Optional[ModuleLink] = None  # what that index says about it (None: not ready, or not in it)


def _valid_id(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _problems(exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    try:
        return "; ".join(cattrs.transform_error(cause, path="$")) or str(cause)
    except Exception:  # noqa: BLE001 - the text of an error message must not fail the answer
        return str(cause)


class HybridlintProtocol(NotebookSyncProtocol, LanguageServerProtocol):
    """Every request gets exactly one answer. pygls drops a request whose params fail validation (it
    raises while decoding, before it knows the id) and one that arrives after `shutdown`; here the
    first is answered with InvalidParams, the second with InvalidRequest, a request before
    `initialize` with ServerNotInitialized, and a message that is not JSON-RPC with InvalidRequest.

    pygls also keeps its own copy of each document, whose line handling differs from LSP's; the
    server keeps its own (`documents.py`), so these notifications skip pygls's copy."""

    _initialize_seen = False

    def receive(self, data: Any) -> None:
        """One parsed message body from `transport.serve`."""
        if not isinstance(data, dict) or data.get("jsonrpc") != JsonRPCProtocol.VERSION:
            msg_id = data.get("id") if isinstance(data, dict) else None
            self._answer_error(msg_id if _valid_id(msg_id) else None, JsonRpcInvalidRequest("not a JSON-RPC 2.0 message"))
            return
        has_method, has_id = "method" in data, "id" in data
        if (has_method and not isinstance(data["method"], str)) or (has_id and not _valid_id(data["id"])):
            msg_id = data.get("id")
            self._answer_error(msg_id if _valid_id(msg_id) else None, JsonRpcInvalidRequest("bad method or id"))
            return
        try:
            message = self.structure_message(data)
        except Exception as exc:  # noqa: BLE001 - pygls raises InvalidParams or InternalError here
            text = f"invalid params for {data.get('method')!r}: {_problems(exc)}"
            if has_method and has_id:
                self._answer_error(data["id"], JsonRpcInvalidParams(text))
            elif has_id:  # the client's answer to one of our requests: whoever waits must not wait forever
                future = self._request_futures.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_exception(JsonRpcInvalidParams(f"the client's answer cannot be read: {_problems(exc)}"))
            else:
                logger.warning("ignored a notification: %s", text)
                self._server.notification_failed(str(data.get("method")), text)  # type: ignore[attr-defined]
            return
        self.handle_message(message)

    def _answer_error(self, msg_id: Any, error: JsonRpcException) -> None:
        logger.warning("answering %r with an error: %s", msg_id, error.message)
        self._send_data(ResponseErrorMessage(id=msg_id, error=error.to_response_error()))

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        is_request = method is not None and hasattr(message, "id")
        if self._shutdown and method != types.EXIT:
            if is_request:
                self._answer_error(message.id, JsonRpcInvalidRequest(f"{method}: the server is shutting down"))
            return
        if method == types.INITIALIZE:
            if self._initialize_seen:
                self._answer_error(message.id, JsonRpcInvalidRequest("initialize was already received"))
                return
            self._initialize_seen = True
        elif method is not None and method != types.EXIT and not self._initialize_seen:
            if is_request:  # notifications before initialize are dropped, as the specification says
                self._answer_error(message.id, JsonRpcServerNotInitialized(f"{method} before initialize"))
            return
        super().handle_message(message)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        result = yield from super().lsp_initialize(params)
        if not self._server.pull:  # type: ignore[attr-defined]
            # A client that pulls but cannot be asked to pull again (Neovim 0.10+) would never see
            # what the project index adds after a document was pulled: it gets pushed diagnostics.
            result.capabilities.diagnostic_provider = None
            self.server_capabilities = result.capabilities
        return result


class HybridlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("hybridlint", __version__, protocol_cls=HybridlintProtocol)
        self.documents = Documents()
        self.states: Dict[str, DocState] = {}
        self.scheduler = Scheduler(self._deliver)
        self.encoding = "utf-16"
        self.init_settings: Dict[str, Any] = {}
        # The client's current settings once it has sent or answered any: they replace the
        # initializationOptions as a whole (a key the user removed must stop applying).
        self.pulled_settings: Optional[Dict[str, Any]] = None
        self.editor = EditorSettings()
        self.pull = False
        self.diag_options = DiagnosticOptions()
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self._shown: Set[str] = set()
        self._initialized = False
        self._queued_messages: List[types.ShowMessageParams] = []
        self.cross = CrossModule(self)
        self._index_waiting = False  # initialized, the project index not started yet (`start_index_later`)
        self.notebooks = Notebooks(self)  # open notebooks, each analysed as one module (notebooks.py)
        self.other_files = OtherFiles()
        raising = os.environ.get(RAISE_IN_RULE_ENV, "").strip().upper()
        self._raise_in = raising or None

    # -- transport -------------------------------------------------------------------------------

    def start_io(self, stdin: Optional[BinaryIO] = None, stdout: Optional[BinaryIO] = None) -> int:  # type: ignore[override]
        """Serve on stdio until `exit` (0 after `shutdown`, 1 without), the end of the input (the
        same), or a framing error (`EXIT_FRAMING`, after logging it)."""
        self._stop_event = threading.Event()
        if os.environ.get(LOOP_IO_ENV):
            _report_pyproject_reads()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        protocol: HybridlintProtocol = self.protocol  # type: ignore[assignment]
        code = 0
        try:
            error = asyncio.run(serve(stdin or sys.stdin.buffer, protocol.receive, self._stop_event))
            if error is not None:
                logger.error("hybridlint server: framing error, exiting: %s", error)
                try:
                    self.log(f"the message stream broke ({error}); the server exits so it can be restarted",
                             types.MessageType.Error)
                except Exception:  # noqa: BLE001 - the output may be gone too
                    pass
                code = EXIT_FRAMING
            else:
                code = 0 if protocol._shutdown else 1
        except SystemExit as exc:  # the `exit` notification
            code = exc.code if isinstance(exc.code, int) else 1
        except BrokenPipeError:
            logger.error("hybridlint server: the client closed its end of the connection")
            code = 1
        finally:
            self.scheduler.stop()
            self.cross.stop()
            self.shutdown()
        return code

    def track(self, work: Any) -> "asyncio.Task[Any]":
        """Run a coroutine as a task whose failure is logged, not lost."""
        task = asyncio.ensure_future(work)

        def done(task: "asyncio.Task[Any]") -> None:
            if not task.cancelled() and task.exception() is not None:
                error = task.exception()
                self.log(f"internal error: {type(error).__name__}: {error}", types.MessageType.Error)

        task.add_done_callback(done)
        return task

    def notification_failed(self, method: str, problem: str) -> None:
        """A notification whose params failed validation cannot be answered: say so in the client's log."""
        self.log(f"ignored {problem}", types.MessageType.Error)

    # -- capabilities ----------------------------------------------------------------------------

    @property
    def caps(self) -> types.ClientCapabilities:
        return self.client_capabilities

    def supports(self, path: str) -> bool:
        return bool(_get(self.caps, path))

    def action_options(self) -> code_actions.ActionOptions:
        resolve = _get(self.caps, "text_document.code_action.resolve_support.properties") or []
        return code_actions.ActionOptions(
            lazy="edit" in resolve,
            document_changes=self.supports("workspace.workspace_edit.document_changes"),
            unsafe_fixes=self.editor.unsafe_fixes,
            fix_all=self.editor.fix_all,
            disabled_support=self.supports("text_document.code_action.disabled_support"),
        )

    # -- messages --------------------------------------------------------------------------------

    def show(self, message: str, kind: types.MessageType = types.MessageType.Warning, key: str = "") -> None:
        """Show a message once (per `key`, or per text) until the settings change."""
        key = key or message
        if key in self._shown:
            return
        self._shown.add(key)
        params = types.ShowMessageParams(type=kind, message=f"hybridlint: {message}")
        if not self._initialized:
            self._queued_messages.append(params)
        else:
            self.window_show_message(params)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=f"hybridlint: {message}"))

    # -- settings --------------------------------------------------------------------------------

    def set_editor_settings(self) -> None:
        raw = unwrap(self.pulled_settings if self.pulled_settings is not None else self.init_settings)
        self.editor, problems = editor_settings(raw)
        for problem in problems:
            self.show(f"setting ignored: {problem}", types.MessageType.Error)

    def resolve_later(self, states: Sequence[DocState]) -> "asyncio.Future[None]":
        """Find each document's settings in a worker thread (it reads pyproject.toml files, which
        must not hold up the event loop), then analyse it. Until then a request for the document
        waits: nothing computed with the old settings is served after they changed."""
        editor = self.editor
        jobs = []
        for state in states:
            state.resolving += 1
            state.resolved = False
            jobs.append((state, state.resolving, state.path))

        def resolve_all() -> List[Any]:
            return [settings_for(path, editor) for _, _, path in jobs]

        async def run() -> None:
            try:
                results = await asyncio.to_thread(resolve_all)
            except Exception as exc:  # noqa: BLE001 - a bug here must not leave documents waiting
                self.log(f"settings could not be read: {type(exc).__name__}: {exc}", types.MessageType.Error)
                results = [settings_for("", editor) for _ in jobs]
            for (state, number, _), (resolved, problems) in zip(jobs, results):
                if self.states.get(state.doc.uri) is not state or state.resolving != number:
                    continue  # closed, or asked again since
                self.apply_settings(state, resolved, problems)
                state.live = self._is_live(state)
                self._schedule(state, force=not state.unsaved)

        return asyncio.ensure_future(run())

    def apply_settings(self, state: DocState, resolved: Any, problems: List[str]) -> None:
        for problem in problems:
            self.show(problem, types.MessageType.Error)
        state.resolved = True
        settings, path = resolved.settings, resolved.path
        rules: Optional[Sequence[Type[Rule]]] = None
        if self._raise_in:
            rules = [_raising(r) if r.code == self._raise_in else r for r in selected_rules(settings, path)]
        new = (settings, rules, path, resolved.excluded)
        if new != (state.settings, state.rules, state.engine_path, state.excluded):
            state.settings, state.rules, state.engine_path, state.excluded = new
            state.generation += 1

    def settings_changing(self) -> None:
        """New settings are on their way: from now on, requests wait for analyses made with them."""
        for state in self.states.values():
            state.generation += 1  # fix-all and unsafe-fix switches change actions, not findings
            state.resolved = False

    async def settings_changed(self) -> None:
        """Re-resolve every open document's settings, re-analyse, and ask pull clients to pull."""
        self._shown.clear()
        self.settings_changing()
        resolving = self.resolve_later(list(self.states.values()))
        self.cross.configure()  # `cross-module` or `alias-modules` may have changed
        await resolving
        if self.pull and self.supports("workspace.diagnostics.refresh_support"):
            self.workspace_diagnostic_refresh(None)

    async def pull_settings(self) -> None:
        if not self.supports("workspace.configuration"):
            return
        try:
            values = await asyncio.wait_for(
                self.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="hybridlint")])
                ),
                CONFIGURATION_WAIT,  # documents wait for the settings: a client that never answers must not hang them
            )
        except Exception as exc:  # the client may not answer: keep the settings we have
            self.log(f"workspace/configuration failed: {type(exc).__name__} {exc}", types.MessageType.Warning)
            return
        value = values[0] if values else None
        # null, or {} (lsp-mode's answer for a section it does not know): the init options stand.
        if isinstance(value, dict) and value:
            self.pulled_settings = dict(value)
        self.set_editor_settings()

    # -- analysis --------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Pay the one-time costs (importing the rules, building the message converters) before the
        first document arrives, so opening a file is as quick as editing one."""

        def work() -> None:
            IncrementalChecker("warm_up.py").check(WARM_UP)
            # What exists now (libraries, rules) lives as long as the server: keep it out of every
            # later garbage collection's walk.
            gc.collect()
            gc.freeze()

        self.scheduler.submit(Job("", None, work))
        origin = types.Position(line=0, character=0)
        where = types.Range(start=origin, end=origin)
        sample = types.Diagnostic(
            range=where,
            message="",
            severity=types.DiagnosticSeverity.Information,
            code="HYB000",
            code_description=types.CodeDescription(href="https://example.invalid"),
            source="hybridlint",
            related_information=[
                types.DiagnosticRelatedInformation(location=types.Location(uri="file:///", range=where), message="")
            ],
            data={},
        )
        converter = self.protocol._converter
        converter.unstructure(types.PublishDiagnosticsParams(uri="file:///", diagnostics=[sample], version=0))
        converter.unstructure(types.RelatedFullDocumentDiagnosticReport(items=[sample], result_id=""))

    def _check_size(self, state: DocState) -> None:
        size = len(state.doc.text)
        state.too_big = size > self.editor.size_limit
        if state.too_big:
            self.show(
                f"{os.path.basename(state.path) or state.doc.uri} has {size:,} characters (sizeLimit is "
                f"{self.editor.size_limit:,}); it is not checked. Raise sizeLimit in the editor settings to check it.",
                types.MessageType.Warning,
                key=f"too big {state.doc.uri}",
            )

    def _unreadable(self, state: DocState) -> bool:
        """The same verdict `hybridlint check` gives these bytes (`files.decode_source`): NUL bytes
        or a coding cookie Python cannot use make the file unreadable, and it is not analysed."""
        try:
            decode_source(state.doc.text, state.path)
        except UnreadableFile as exc:
            self.show(
                f"{os.path.basename(state.path) or state.doc.uri} cannot be checked: {exc}",
                types.MessageType.Warning,
                key=f"unreadable {state.doc.uri} {exc}",
            )
            return True
        return False

    def _is_live(self, state: DocState) -> bool:
        self._check_size(state)
        if state.too_big:
            return True  # not analysed at all: nothing to hold back until saved
        lines = state.doc.source.line_count
        if lines < self.editor.live_line_limit:
            return True
        self.show(
            f"{os.path.basename(state.path) or state.doc.uri} has {lines} lines (liveLineLimit is "
            f"{self.editor.live_line_limit}); it is checked when opened and saved, not while you type.",
            types.MessageType.Info,
            key=f"huge {state.doc.uri}",
        )
        return False

    def _schedule(self, state: DocState, force: bool = False) -> None:
        if not state.resolved:
            return  # `resolve_later` schedules it once the settings are known
        if not state.live and not force:
            # Huge file edited: the last diagnostics are out of date, and it is checked on save.
            state.analysis = None
            state.stale = True
            if not self.pull and not state.published_empty:
                self.publish(state.doc.uri, state.doc.version, [])
                state.published_empty = True
            self._wake(state)
            return
        state.stale = False
        doc, generation = state.doc, state.generation
        text, source, version, settings, rules = doc.text, doc.source, doc.version, state.settings, state.rules
        checker, encoding, options, path = state.checker, self.encoding, self.diag_options, state.engine_path
        link = state.link if settings.cross_module else None
        root, others = state.index_root, self.other_files
        unreadable = self._unreadable(state)
        if state.excluded or state.too_big or unreadable:
            empty = Analysis(doc.uri, version, text, None, settings, rules, encoding, generation=generation)
            self.scheduler.cancel(doc.uri)
            self._on_analysis(Job(doc.uri, version, lambda: None), empty, None)
            return

        def work(job: Job) -> Analysis:
            job.check()  # superseded while it waited for a worker
            if checker.settings is not settings or checker.rules is not rules or checker.path != path:
                checker.reconfigure(settings, rules, path)
            if checker.link is not link:
                checker.set_link(link)
            outcome = checker.check(text, source)
            job.check()  # superseded during the analysis: skip the conversion
            analysis = Analysis(doc.uri, version, text, outcome, settings, rules, encoding, project_root=root)
            analysis.__dict__["link"] = link  # the hybridize refactorings see the project as this check did
            analysis.checker = checker
            analysis.diagnostics = diagnostics_for(analysis, options, others)
            analysis.result_id = result_id(analysis.diagnostics, generation)
            analysis.generation = generation
            return analysis

        self.scheduler.submit(Job(doc.uri, version, work, size=len(text)))

    def _deliver(self, job: Job, value: Any, error: Optional[BaseException]) -> None:
        """Called in the worker thread."""
        loop = self.loop
        if loop is None or loop.is_closed():
            job.release_collector()
            return
        try:
            loop.call_soon_threadsafe(self._on_analysis, job, value, error)
        except RuntimeError:  # the loop is shutting down
            job.release_collector()

    def _on_analysis(self, job: Job, analysis: Optional[Analysis], error: Optional[BaseException]) -> None:
        try:
            self._take_analysis(job, analysis, error)
        finally:
            # published (or dropped): the collector walks the analysis's objects from now on, after the
            # client has its diagnostics (`scheduler.CollectorPause`)
            job.release_collector()

    def _take_analysis(self, job: Job, analysis: Optional[Analysis], error: Optional[BaseException]) -> None:
        state = self.states.get(job.uri)
        if state is None or state.doc.version != job.version:
            return  # closed, or a newer version is on its way: never publish an older one
        if error is not None:
            self.log(f"analysis of {job.uri} failed: {type(error).__name__}: {error}", types.MessageType.Error)
            analysis = Analysis(job.uri, job.version, state.doc.text, None, state.settings, state.rules, self.encoding)
            analysis.generation = state.generation
        assert analysis is not None
        if analysis.generation != state.generation:
            return  # settings changed since: a newer job is on its way
        state.analysis = analysis
        state.published_empty = False
        if analysis.outcome is not None:
            for rule_error in analysis.outcome.result.rule_errors:
                key = (rule_error.code, rule_error.message)
                if key not in state.logged:
                    state.logged.add(key)
                    self.log(
                        f"rule {rule_error.code} failed on {state.path or job.uri}: {rule_error.message}",
                        types.MessageType.Error,
                    )
        if not self.pull:
            self.publish(job.uri, job.version, analysis.diagnostics)
        elif state.owed_refresh:
            state.owed_refresh = False
            if self.supports("workspace.diagnostics.refresh_support"):
                self.workspace_diagnostic_refresh(None)
        self.notebooks.analysed(job.uri)
        self._wake(state)
        if self._index_waiting and self.loop is not None:
            self.loop.call_soon(self._start_index)  # after this analysis, as the client has it

    def start_index_later(self) -> None:
        """Start the project index once the first document's diagnostics are out, or
        `START_INDEX_AFTER` seconds from now if none come first. Its worker process starts by importing
        hybridlint, about a second of CPU, which the first analysis would otherwise share the machine
        with (the cold open); a document's link comes after the index anyway."""
        self._index_waiting = True
        asyncio.get_running_loop().call_later(START_INDEX_AFTER, self._start_index)

    def _start_index(self) -> None:
        if self._index_waiting:
            self._index_waiting = False
            self.cross.start()

    def _wake(self, state: DocState) -> None:
        waiters, state.waiters = state.waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def publish(self, uri: str, version: Optional[int], diagnostics: List[types.Diagnostic]) -> None:
        if uri in self.notebooks.models:  # a notebook's diagnostics go to its cells
            return self.notebooks.publish(uri, version, diagnostics)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    async def analysis_for(self, uri: str, older_after: Optional[float] = None) -> Optional[Analysis]:
        """The analysis of the document's current version, waiting for it if it is on its way. With
        `older_after` (seconds), the last analysis made with the current settings is returned once
        that time has passed, and the client is asked to pull again when the current one is ready."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_FOR_ANALYSIS
        older_at = loop.time() + older_after if older_after is not None else None
        while True:
            state = self.states.get(uri)
            if state is None:
                return None
            analysis = state.analysis
            if (
                analysis is not None
                and analysis.version == state.doc.version
                and analysis.generation == state.generation
            ):
                return analysis
            if state.stale:
                empty = Analysis(
                    uri, state.doc.version, state.doc.text, None, state.settings, state.rules, self.encoding
                )
                empty.result_id = f"stale-{state.doc.version}"
                return empty
            older = analysis is not None and analysis.generation == state.generation and state.resolved
            if older and older_at is not None and loop.time() >= older_at:
                state.owed_refresh = True
                return analysis
            waiter: "asyncio.Future[None]" = loop.create_future()
            state.waiters.append(waiter)
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            if older and older_at is not None:
                remaining = min(remaining, max(older_at - loop.time(), 0.0))
            try:
                await asyncio.wait_for(waiter, remaining)
            except asyncio.TimeoutError:
                if loop.time() >= deadline:
                    return None


def create_server() -> HybridlintServer:
    server = HybridlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: HybridlintServer, params: types.InitializeParams) -> None:
        ls.loop = asyncio.get_running_loop()
        ls.encoding = str(getattr(ls.workspace.position_encoding, "value", ls.workspace.position_encoding) or "utf-16")
        ls.pull = (
            _get(params.capabilities, "text_document.diagnostic") is not None
            and _get(params.capabilities, "workspace.diagnostics.refresh_support") is True
        )
        # Related information and the docs link are sent to every client: the specification says a
        # client that does not support them ignores them.
        ls.diag_options = DiagnosticOptions()
        ls.init_settings = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        ls.set_editor_settings()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: HybridlintServer, params: types.InitializedParams) -> None:
        ls._initialized = True
        ls.warm_up()
        for message in ls._queued_messages:
            ls.window_show_message(message)
        ls._queued_messages.clear()
        if ls.supports("workspace.did_change_watched_files.dynamic_registration"):
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id="hybridlint-pyproject",
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                    watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in SETTINGS_GLOBS]
                                ),
                            ),
                            # The project index follows the files changed outside the editor.
                            types.Registration(
                                id="hybridlint-python-files",
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                    watchers=[types.FileSystemWatcher(glob_pattern="**/*.py")]
                                ),
                            ),
                        ]
                    )
                )
            except Exception as exc:
                ls.log(f"could not watch pyproject.toml and Python files: {exc}", types.MessageType.Warning)
        if ls.supports("workspace.configuration"):
            before = ls.editor
            await ls.pull_settings()
            if ls.editor != before:
                ls.settings_changing()
                await ls.settings_changed()
        ls.start_index_later()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HybridlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.loop = ls.loop or asyncio.get_running_loop()
        item = params.text_document
        if item.language_id != "python" and not item.uri.endswith((".py", ".pyi")):
            return  # a client that sends every buffer: only Python is ours
        doc = ls.documents.open(item)
        path = to_fs_path(doc.uri) or ""
        state = DocState(doc, path, IncrementalChecker(path or doc.uri))
        ls.states[doc.uri] = state
        ls.cross.attach(state)
        state.live = ls._is_live(state)
        ls.resolve_later([state])  # then analysed

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HybridlintServer, params: types.DidChangeTextDocumentParams) -> None:
        state = ls.states.get(params.text_document.uri)
        if state is None:
            return
        state.doc.apply(params.content_changes, params.text_document.version, ls.encoding)
        state.unsaved = True
        was_too_big = state.too_big
        if state.live or was_too_big:
            state.live = ls._is_live(state)
        else:
            ls._check_size(state)
        ls._schedule(state, force=was_too_big and not state.too_big)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HybridlintServer, params: types.DidSaveTextDocumentParams) -> None:
        state = ls.states.get(params.text_document.uri)
        if state is None:
            return
        state.live = ls._is_live(state)
        state.unsaved = False
        if state.path and is_settings_file(state.path):
            # A module whose TensorFlow version check decides `target-tensorflow` (or setup.py): every
            # open document's settings may change, whether or not the client reports the file as watched.
            ls.settings_changing()
            ls.track(ls.settings_changed())
        else:
            ls.resolve_later([state])  # a pyproject.toml edited outside any watcher's sight; then analysed
        ls.cross.saved(state)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HybridlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.close(uri)
        state = ls.states.pop(uri, None)
        ls.scheduler.cancel(uri)
        if state is not None:
            ls._wake(state)
        if not ls.pull:
            ls.publish(uri, None, [])

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="hybridlint", inter_file_dependencies=False, workspace_diagnostics=False),
    )
    async def diagnostic(ls: HybridlintServer, params: types.DocumentDiagnosticParams):
        uri = params.text_document.uri
        analysis = await ls.analysis_for(uri, older_after=PULL_WAIT)
        if analysis is None:
            if uri not in ls.states:
                return types.RelatedFullDocumentDiagnosticReport(items=[])  # not open: nothing to report
            # Not ready within the wait: an empty report would erase the client's diagnostics.
            raise JsonRpcException(
                code=SERVER_CANCELLED, message="the analysis is not ready yet", data={"retriggerRequest": True}
            )
        if params.previous_result_id is not None and params.previous_result_id == analysis.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=analysis.result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=analysis.diagnostics, result_id=analysis.result_id)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, code_actions.FIX_ALL_KIND, code_actions.REFACTOR_KIND],
            resolve_provider=True,
        ),
    )
    async def code_action(ls: HybridlintServer, params: types.CodeActionParams):
        analysis = await ls.analysis_for(params.text_document.uri)
        state = ls.states.get(params.text_document.uri)
        if analysis is None or state is None or analysis.outcome is None:
            return None
        # Building fixes parses the fixed text, fix-all re-checks it: off the event loop.
        options = ls.action_options()
        actions = await asyncio.to_thread(code_actions.code_actions, analysis, params, state.engine_path, options)
        return actions or None

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: HybridlintServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if not isinstance(uri, str):
            return action
        analysis = await ls.analysis_for(uri)
        state = ls.states.get(uri)
        if analysis is None or state is None or analysis.outcome is None:
            return action
        return await asyncio.to_thread(code_actions.resolve, analysis, action, state.engine_path, ls.action_options())

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: HybridlintServer, params: types.HoverParams) -> Optional[types.Hover]:
        analysis = await ls.analysis_for(params.text_document.uri)
        if analysis is None:
            return None
        formats = _get(ls.caps, "text_document.hover.content_format")
        markdown = not formats or types.MarkupKind.Markdown in formats
        return await asyncio.to_thread(hover_for, analysis, params.position, markdown)  # what-if may check a copy

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: HybridlintServer, params: types.DidChangeConfigurationParams) -> None:
        # Synchronously, before any later message is handled: a pull that follows this notification
        # waits for analyses made with the new settings, never gets one made with the old.
        ls.settings_changing()

        async def apply() -> None:
            if ls.supports("workspace.configuration"):
                await ls.pull_settings()
            else:
                section = changed_section(params.settings)
                if section is not None:
                    ls.pulled_settings = section
                ls.set_editor_settings()
            await ls.settings_changed()

        ls.track(apply())

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: HybridlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        changed = False
        for change in params.changes:
            path = to_fs_path(change.uri) or ""
            if is_settings_file(path):  # pyproject.toml, or requirements that decide the targets
                changed = True
        if changed:
            ls.settings_changing()
            ls.track(ls.settings_changed())
        ls.cross.files_changed(list(params.changes))

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(ls: HybridlintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.cross.configure()  # pygls has updated `ls.workspace.folders` already

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: HybridlintServer, params: None) -> None:
        ls.scheduler.stop()
        ls.cross.stop()

    register_notebooks(server)
    return server
