"""The `hybridlint` command: check, fix, list and explain rules, start the language server.

A thin front end: every analysis is `hybridlint.engine.check_source` / `fix_source`; this module
finds files and configuration, runs the engine over them (in worker processes for large runs), and
prints what came back.

Exit codes: 0 no findings; 1 findings (after --fix: findings that remain; with --diff: there are
fixes to apply); 2 usage or configuration errors, files that cannot be read, decoded or written, and
internal errors (a rule that crashed). With several causes the highest code wins.
"""

from __future__ import annotations

import argparse
import ast
import gc
import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
from collections import abc
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Set, TextIO, Tuple

from . import __version__
from .config import ConfigError, ProjectConfig, discover, is_excluded, relative_posix, resolve_config
from .engine import check_source, fix_source, gc_paused, mentions_tensorflow
from .files import (
    MAX_FILE_BYTES,
    SourceFile,
    UnreadableFile,
    decode_source,
    encode_source,
    parses,
    read_source,
    write_atomically,
)
from .notebook import is_notebook
from .output import (
    SYNTAX_ERROR_CODE,
    SYNTAX_ERROR_NAME,
    SYNTAX_ERROR_SUMMARY,
    FileReport,
    FindingData,
    Style,
    Totals,
    fixed_line,
    render_github,
    render_json,
    render_sarif,
    rules_json,
    rules_table,
    summary_line,
    text_lines,
    unified_diff,
)
from .settings import Settings, SettingsError, settings_from_mapping

if TYPE_CHECKING:
    from .links import ModuleLink
    from .project import ProjectIndex
    from .workers import OwnerPool

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# Below this many files a process pool costs more to start than it saves.
IN_PROCESS_BELOW = 20
# A progress bar is worth showing only for runs that take a while.
PROGRESS_ABOVE = 50
STDIN = "-"
FORMATS = ("text", "json", "sarif", "github")
# Where the project index is cached between runs, under the configuration root (as .ruff_cache).
CACHE_DIR = ".hybridlint_cache"


@dataclass(frozen=True)
class Mode:
    """How a worker treats each file. `root` is the project folder: per-file-ignores match paths
    relative to it."""

    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    root: str = "."
    write: bool = True  # False for stdin: the fixed text is printed instead
    cwd: str = "."  # paths of related places in other files are shown relative to it, as findings' are
    docs_url: Optional[str] = None  # the `docs-url` setting: where rule links point


# -- per file (runs in worker processes) --------------------------------------------------------


def process_file(
    path: str,
    settings: Settings,
    mode: Mode,
    link: Optional[ModuleLink] = None,
    kept: Optional[str] = None,
    untraced: Optional[str] = None,
) -> FileReport:
    """Check (and fix) one file. Module-level and returning plain data, so a process pool can run
    it; it never raises. `link` is what the project index knows of the rest of the project. `kept`:
    the file's project path, whose tree this worker may have kept from the index (`hybridlint.workers`).
    `untraced`: the digest of a text whose summary found no traced code (`OwnerPool.untraced`)."""
    # The collector stays paused until the check's tree and facts are dropped: they are freed by
    # their reference counts then, while a collection run as the check ends (`check_source` pauses
    # it only for the check, its result still holding them) would walk them all and move them to an
    # older generation to be walked again: a quarter of the CPU of checking a large project.
    with gc_paused():
        return _process_file(path, settings, mode, link, kept, untraced)


def _process_file(
    path: str, settings: Settings, mode: Mode, link: Optional[ModuleLink], kept: Optional[str], untraced: Optional[str] = None
) -> FileReport:
    if is_notebook(path):
        return process_notebook_file(path, settings, mode)
    try:
        source = read_source(path)
    except UnreadableFile as exc:
        return FileReport(path, error=f"cannot read: {exc}")
    tree = None
    may_trace = True
    if kept is not None:
        from .workers import kept_tree

        tree, may_trace = kept_tree(kept, source.text)
    if tree is None and untraced is not None and not (mode.fix or mode.diff):
        from .project import digest_of

        # the same text as summarized (another process kept its tree, or none did): the summary's
        # word on traced code holds, and a check that no rule is left for needs no parse
        may_trace = digest_of(source.text) != untraced
    return process_source(source, path, settings, mode, link, tree, untraced=not may_trace)


def process_source(
    source: SourceFile,
    path: str,
    settings: Settings,
    mode: Mode,
    link: Optional[ModuleLink] = None,
    tree: Optional[ast.Module] = None,
    untraced: bool = False,
) -> FileReport:
    report = FileReport(path)
    engine_path = relative_posix(path, Path(mode.root)) if path != STDIN else path

    def shown_path(project_path: str) -> str:
        return _shown(os.path.join(mode.root, project_path), Path(mode.cwd))

    try:
        if mode.fix or mode.diff:
            outcome = fix_source(source.text, engine_path, settings, unsafe=mode.unsafe, link=link)
            result = outcome.result
            if outcome.text != source.text:
                _apply(source, outcome.text, len(outcome.applied), path, mode, report)
        else:
            result = check_source(source.text, engine_path, settings, link=link, tree=tree, untraced=untraced)
        report.skipped = result.skipped
        report.findings = [
            FindingData.from_finding(f, _url(f.code, mode.docs_url), shown_path) for f in result.findings
        ]
        if result.syntax_error is not None:
            problem = result.syntax_error
            report.findings.insert(
                0, FindingData(SYNTAX_ERROR_CODE, SYNTAX_ERROR_NAME, problem.message, "error", problem.span)
            )
        report.internal_errors.extend(f"rule {e.code} failed: {e.message}" for e in result.rule_errors)
    except Exception as exc:  # noqa: BLE001 - one file must not stop the run or print a traceback
        report.internal_errors.append(f"cannot analyse: {type(exc).__name__}: {exc}")
    return report


def _apply(source: SourceFile, new_text: str, applied: int, path: str, mode: Mode, report: FileReport) -> None:
    # The engine drops fix rounds whose result does not parse; checked again right before writing.
    if not parses(new_text):
        report.internal_errors.append("the fixed text does not parse; nothing was written")
        return
    try:
        data = encode_source(source, new_text)
    except UnicodeEncodeError as exc:
        report.error = (
            f"cannot write: a fix needs {exc.object[exc.start : exc.end]!r}, which {source.encoding} cannot encode"
        )
        return
    final_text = data.decode(source.encoding)
    report.fixed = applied
    if mode.diff:
        report.diff = unified_diff(source.text, final_text, path)
    elif not mode.write:
        report.fixed_text = data
    else:
        _exit_if_orphaned()  # a worker whose run was killed must not write
        try:
            write_atomically(path, data)
        except OSError as exc:
            report.fixed = 0
            report.error = f"cannot write: {exc.strerror or exc}"


# -- notebooks (hybridlint.notebook has the model: cells, masking, write-back) -------------------


def process_notebook_file(path: str, settings: Settings, mode: Mode) -> FileReport:
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return FileReport(path, error="cannot read: notebook is larger than 10 MB; skipped")
        with open(path, "rb") as handle:
            raw = handle.read()
    except IsADirectoryError:
        return FileReport(path, error="cannot read: is a directory")
    except OSError as exc:
        return FileReport(path, error=f"cannot read: {exc.strerror or exc}")
    return process_notebook(raw, path, settings, mode)


def process_notebook(raw: bytes, path: str, settings: Settings, mode: Mode) -> FileReport:
    """Check (and fix) a notebook's code cells as one module; positions are reported per cell."""
    from .notebook import CellMap, Cell, NotebookError, fixed_sources, parse_notebook, write_back

    report = FileReport(path)
    try:
        notebook = parse_notebook(raw)
    except NotebookError as exc:
        report.error = f"cannot read: {exc}"
        return report
    cell_map = notebook.cell_map
    engine_path = relative_posix(path, Path(mode.root)) if path != STDIN else path
    try:
        if mode.fix or mode.diff:
            outcome = fix_source(cell_map.text, engine_path, settings, unsafe=mode.unsafe)
            result = outcome.result
            if outcome.text != cell_map.text:
                try:
                    changed = fixed_sources(notebook, outcome.text)
                    data = write_back(notebook, changed)
                except NotebookError as exc:
                    report.error = f"cannot write: {exc}"
                    return report
                if changed:
                    _apply_notebook(notebook, changed, data, len(outcome.applied), path, mode, report)
                    # Findings that remain are shown where they are in the fixed cells.
                    cells = [Cell(c.index, c.kind, changed.get(c.index, c.source)) for c in notebook.cells]
                    cell_map = CellMap(cells if notebook.is_python else [])
                    if cell_map.text != outcome.text:
                        result = check_source(cell_map.text, engine_path, settings)
        else:
            result = check_source(cell_map.text, engine_path, settings)
        report.skipped = result.skipped
        report.findings = [_in_cells(FindingData.from_finding(f, _url(f.code, mode.docs_url)), cell_map) for f in result.findings]
        if result.syntax_error is not None:
            problem = result.syntax_error
            syntax = FindingData(SYNTAX_ERROR_CODE, SYNTAX_ERROR_NAME, problem.message, "error", problem.span)
            report.findings.insert(0, _in_cells(syntax, cell_map))
        report.internal_errors.extend(f"rule {e.code} failed: {e.message}" for e in result.rule_errors)
    except Exception as exc:  # noqa: BLE001 - one file must not stop the run or print a traceback
        report.internal_errors.append(f"cannot analyse: {type(exc).__name__}: {exc}")
    return report


def _in_cells(finding: FindingData, cell_map) -> FindingData:
    """Positions of the joined cells → (cell number, position in that cell)."""
    from dataclasses import replace

    where = cell_map.cell_span(finding.span)
    if where is None:
        return finding
    cell, span = where
    fix = finding.fix
    if fix is not None:
        edits = []
        for edit in fix.edits:
            at = cell_map.cell_span(edit.span)
            edits.append(edit if at is None else replace(edit, span=at[1], cell=at[0].number))
        fix = replace(fix, edits=tuple(edits))
    related = []
    for info in finding.related:
        at = cell_map.cell_span(info.span) if info.path is None else None
        related.append(info if at is None else replace(info, span=at[1], cell=at[0].number))
    return replace(finding, span=span, cell=cell.number, fix=fix, related=tuple(related))


def _apply_notebook(notebook, changed: Dict[int, str], data: bytes, applied: int, path: str, mode: Mode, report) -> None:
    report.fixed = applied
    if mode.diff:
        report.diff = "".join(
            unified_diff(notebook.cells[index].source, source, f"{path}:cell {index + 1}")
            for index, source in sorted(changed.items())
        )
    elif not mode.write:
        report.fixed_text = data
    else:
        try:
            write_atomically(path, data)
        except OSError as exc:
            report.fixed = 0
            report.error = f"cannot write: {exc.strerror or exc}"


def _url(code: str, base: Optional[str] = None) -> Optional[str]:
    from .registry import rules_by_code

    rule = rules_by_code().get(code)
    return rule.docs_url(base) if rule is not None else None


# -- running many files -------------------------------------------------------------------------


# The project index of the run in progress. Forked workers inherit it, so a task names its
# file's link by project path instead of carrying the link (pickling them all costs about 0.2 s
# for the 2,481 modules of the scale set; the index's own pool is sent them that way).
_RUN_INDEX: Optional[ProjectIndex] = None


# The process that started this pool worker (None in the main process): workers die with it.
_PARENT_PID: Optional[int] = None


def _worker_init(parent_pid: int) -> None:
    """Runs first in each pool worker. A worker must not outlive the run: killed with SIGKILL, the
    parent cannot stop its pool, and the workers would go on writing fixes for a minute. On Linux the
    kernel sends the worker SIGKILL when its parent dies (PR_SET_PDEATHSIG); elsewhere, and as a
    second guard, `_exit_if_orphaned` runs before each file and before each write."""
    global _PARENT_PID
    _PARENT_PID = parent_pid
    # Forked while the parent builds the index with its collector paused: a worker collects its own
    # garbage (the engine pauses the collector around each check as usual).
    gc.enable()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # no prctl (an unusual libc): the checks below remain
            pass
    _exit_if_orphaned()  # the parent may have died before the line above took effect


def _exit_if_orphaned() -> None:
    if _PARENT_PID is None:
        return
    if os.name == "posix":
        orphaned = os.getppid() != _PARENT_PID  # re-parented: the parent is gone
    else:  # Windows does not re-parent; the parent's handle tells whether it lives
        parent = multiprocessing.parent_process()
        orphaned = parent is not None and not parent.is_alive()
    if orphaned:
        os._exit(1)


def _process_task(
    path: str, settings: Settings, mode: Mode, link: object, kept: Optional[str] = None, untraced: Optional[str] = None
) -> FileReport:
    _exit_if_orphaned()
    if isinstance(link, str):
        link = _RUN_INDEX.link_for(link) if _RUN_INDEX is not None else None
    return process_file(path, settings, mode, link, kept, untraced)  # type: ignore[arg-type]


def run_files(
    files: Sequence[str],
    settings: Settings,
    mode: Mode,
    jobs: int,
    progress: Optional[Callable[[], None]] = None,
    index: Optional[ProjectIndex] = None,
    pool: Optional[OwnerPool] = None,
) -> List[FileReport]:
    """Reports in the order of `files`: in-process for small runs or `--jobs 1`, else in a pool.
    With a project `index`, each file is checked with its link (files outside the index alone).
    `pool`: the processes that built the index, holding trees of the modules they summarized."""
    global _RUN_INDEX
    reports: List[FileReport] = []
    rels = [index.relative(Path(os.path.abspath(path))) for path in files] if index is not None else None

    def link_of(number: int) -> Optional[ModuleLink]:
        return index.link_for(rels[number]) if index is not None and rels is not None else None

    def in_process(start: int) -> None:
        for number in range(start, len(files)):
            reports.append(process_file(files[number], settings, mode, link_of(number)))
            if progress:
                progress()

    if jobs <= 1 or len(files) < IN_PROCESS_BELOW:
        in_process(0)
        return reports
    from .registry import all_rules

    all_rules()  # imported once here, so forked workers start with the rules loaded
    if pool is not None and index is not None and rels is not None:
        return _run_owned(files, rels, settings, mode, progress, index, pool, in_process, reports)
    workers = min(jobs, len(files))
    chunk = max(1, min(16, len(files) // (workers * 4)))
    links: Sequence[object] = [None] * len(files)
    if index is not None and rels is not None:
        if multiprocessing.get_start_method() == "fork":
            _RUN_INDEX = index
            links = rels
            # The collector in each worker would otherwise walk the inherited index and copy
            # every page it touches.
            gc.freeze()
        else:  # spawned workers start empty: each link (plain data, kilobytes) travels with its task
            links = [link_of(number) for number in range(len(files))]
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)) as pool:
            for report in pool.map(_process_task, files, repeat(settings), repeat(mode), links, chunksize=chunk):
                reports.append(report)
                if progress:
                    progress()
    except (BrokenProcessPool, OSError) as exc:
        # A worker died (killed, out of memory) or no pool could start: finish in this process.
        print(f"hybridlint: warning: worker processes failed ({exc}); continuing in one process", file=sys.stderr)
        in_process(len(reports))
    finally:
        if _RUN_INDEX is not None:
            gc.unfreeze()
        _RUN_INDEX = None
    return reports


def _speculative_checks(files: Sequence[str], settings: Settings, mode: Mode, pool: OwnerPool, index: ProjectIndex) -> None:
    """`OwnerPool.speculate` (`ProjectIndex._speculate_links`): while jedi's later questions keep
    one process busy and the others have nothing left to describe, the others check the modules
    whose trees they kept, with their links as they stand when each chunk is sent (not those jedi's
    process kept: parsed again and checked without the summary's word on traced code, they cost
    more than they save on a busy machine). `_run_owned` keeps such a report only where the final
    link is equal to the one it was made with: the same text, settings and link give the same
    findings (a check reads nothing else of the project)."""
    from .project import SPECULATION

    background = index._background
    if background is None:
        return
    made: Dict[str, list] = {}  # rel → [the link it was sent with (None: not sent), background key, place in its chunk]
    by_owner: Dict[int, List[Tuple[str, str]]] = {}
    for path in files:
        rel = index.relative(Path(os.path.abspath(path)))
        owner = pool.owner.get(rel)
        if owner is None or rel in made:
            continue
        if rel in pool.quiet and not _may_reach_graph_code(index, rel):
            continue  # most likely made without a check at the end (`_quiet_report`)
        made[rel] = [None, None, 0]
        by_owner.setdefault(owner, []).append((path, rel))

    def arguments(chunk: List[Tuple[str, str]]) -> tuple:
        index._place_speculated()  # the descriptions made while jedi works, before any link is made
        tasks = []
        for path, rel in chunk:
            link = made[rel][0] = index.link_for(rel)
            tasks.append((path, settings, mode, link, rel, pool.untraced.get(rel)))
        return (tasks,)

    # the modules jedi's process kept last: another process parses them again, which pays only where
    # it would otherwise wait for jedi's answers (their checks came after jedi's, on the run's path)
    for owner, mine in sorted(by_owner.items(), key=lambda item: (item[0] == pool.JEDI_PROCESS, item[0])):
        for start in range(0, len(mine), 16):  # as `_run_owned` sends them: a round trip per chunk
            chunk = mine[start : start + 16]
            key = (SPECULATION, owner, start)
            for number, (_path, rel) in enumerate(chunk):
                made[rel][1:] = [key, number]
            background.add(key, _process_tasks, partial(arguments, chunk))
    pool.speculated = (made, background.futures)


def _process_tasks(tasks: List[tuple]) -> List[FileReport]:
    """`_process_task` for each task, in a worker (a chunk sent by `_speculative_checks`)."""
    return [_process_task(*task) for task in tasks]


class _LinkedTasks(abc.Sequence):
    """`_process_task`'s arguments for each file, its link made when the task is sent: the workers
    start checking while this process still makes the links of the files they have not reached."""

    def __init__(self, files, rels, settings: Settings, mode: Mode, index: ProjectIndex, untraced: Dict[str, str]):
        self.files, self.rels, self.settings, self.mode, self.index = files, rels, settings, mode, index
        self.untraced = untraced

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, number):  # type: ignore[override]
        rel = self.rels[number]
        return (self.files[number], self.settings, self.mode, self.index.link_for(rel), rel, self.untraced.get(rel))


def _run_owned(files, rels, settings, mode, progress, index, pool, in_process, reports) -> List[FileReport]:
    """`run_files` on the index's processes: each file goes to the one that kept its tree, with its
    link (plain data, kilobytes: pickling all of a large project's costs a fifth of a second).

    The modules whose report may need no check here (`OwnerPool.quiet`, and those checked while jedi
    ran, `_speculative_checks`) are decided while the workers check the others: the processes would
    otherwise wait for this one (a third of a second on a large project); those that turn out to need
    a check are checked after."""
    made, futures = getattr(pool, "speculated", None) or ({}, {})
    quiet = getattr(pool, "quiet", None) or {}
    pending = [n for n, rel in enumerate(rels) if rel in quiet or _sent_early(made.get(rel), futures)]
    waiting = set(pending)
    first = [n for n in range(len(files)) if n not in waiting]
    ordered: List[Optional[FileReport]] = [None] * len(files)
    reused: Dict[int, object] = {}
    again: List[int] = []
    decided = [0]

    def decide(count: int) -> None:
        while decided[0] < len(pending) and count > 0:
            number = pending[decided[0]]
            decided[0] += 1
            count -= 1
            rel = rels[number]
            digest = quiet.get(rel)
            report = _quiet_report(files[number], rel, digest, settings, index) if digest is not None else None
            if report is not None:  # its check can report nothing
                ordered[number] = report
                if progress:
                    progress()
                continue
            found = made.get(rel)  # checked while jedi ran, with the link it still has
            future = futures.get(found[1]) if found is not None and found[0] is not None else None
            if future is not None and not future.cancelled() and index.link_for(rel) == found[0]:
                reused[number] = (future, found[2])
            else:
                again.append(number)

    # the first reports come back within a few hundredths of a second: decide in steps as each does
    step = max(64, -(-len(pending) // max(1, len(first))))

    def done(number: int, _worker: int) -> None:
        if progress:
            progress()
        decide(step)

    def run(todo: List[int], callback) -> None:
        tasks = _LinkedTasks([files[n] for n in todo], [rels[n] for n in todo], settings, mode, index, pool.untraced)
        chunk = max(1, min(16, len(todo) // (len(pool.pools) * 4)))
        for number, report in zip(todo, pool.run(_process_task, tasks, [pool.owner.get(rels[n]) for n in todo], callback, chunk)):
            ordered[number] = report

    # No collection in this process until the end: each would walk the index's millions of objects
    # (the threads that pickle the tasks and unpickle the reports allocate all along).
    with gc_paused():
        try:
            run(first, done)
            decide(len(pending))
            run(again, lambda _number, _worker: progress() if progress else None)
        except (BrokenProcessPool, OSError) as exc:
            print(f"hybridlint: warning: worker processes failed ({exc}); continuing in one process", file=sys.stderr)
            in_process(0)
            return reports
        submitted = sum(1 for link, key, _place in made.values() if link is not None and key in futures)
        pool.early = (len(reused), submitted - len(reused)) if submitted else None
        for number, (future, place) in reused.items():  # type: ignore[misc]
            try:
                ordered[number] = future.result()[place]  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - a worker that failed it: check it here
                ordered[number] = process_file(files[number], settings, mode, index.link_for(rels[number]))
            if progress:
                progress()
    reports.extend(ordered)  # type: ignore[arg-type]
    return reports


def _sent_early(found: Optional[list], futures: Dict[object, object]) -> bool:
    """A module `_speculative_checks` sent to a worker while jedi ran (`made`'s entry, `futures`)."""
    return found is not None and found[0] is not None and found[1] in futures


def _may_reach_graph_code(index: ProjectIndex, rel: str) -> bool:
    """Whether the link of `rel` reaches graph code, for `OwnerPool.quiet`'s modules (cheaply where
    the index can tell without making the link)."""
    summary = index.summaries.get(rel)
    if summary is None or index._may_reach_graph_code(summary):
        link = index.link_for(rel)
        return link is None or link.reaches_graph_code
    return False


def _quiet_report(path: str, rel: str, digest: str, settings: Settings, index: ProjectIndex) -> Optional[FileReport]:
    """The report of a module in `OwnerPool.quiet` (its check can report nothing), as `process_file`
    would make it, while its link reaches no graph code and the file still holds the text summarized;
    None otherwise (the module is checked as usual)."""
    from .project import digest_of

    try:
        summary = index.summaries.get(rel)
        if summary is None or summary.digest != digest or _may_reach_graph_code(index, rel):
            return None
        text = read_source(path).text
    except Exception:  # noqa: BLE001 - unreadable now, or anything unexpected: the check reports it
        return None
    if digest_of(text) != digest:
        return None  # edited since it was summarized
    # what `check_source` gives: skipped unread without TensorFlow, otherwise no rule left to run
    return FileReport(path, skipped=not mentions_tensorflow(text, settings))


# -- the check command --------------------------------------------------------------------------


def _codes(values: Optional[List[str]]) -> Optional[List[str]]:
    if values is None:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _cli_settings(base: Settings, args: argparse.Namespace) -> Settings:
    overrides: Dict[str, object] = {}
    for key in ("select", "ignore"):
        codes = _codes(getattr(args, key))
        if codes is not None:
            overrides[key] = codes
    if getattr(args, "no_cross_module", False):
        overrides["cross-module"] = False
    if getattr(args, "preview", False):
        overrides["preview"] = True
    if not overrides:
        return base
    settings = settings_from_mapping(overrides, base=base, where="command line")
    from .registry import rules_by_code

    known = rules_by_code()
    for key in ("select", "ignore"):
        codes = overrides.get(key)
        if not isinstance(codes, list):
            continue
        for code in codes:
            # A full code that names no rule is a typo; prefixes may match nothing on purpose.
            if len(code) == 6 and code.upper() not in known:
                raise SettingsError(f"--{key}: no rule {code.upper()} (see `hybridlint rules`)")
    return settings


def _use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _progress_bar(total: int, args: argparse.Namespace):
    if args.no_progress or args.quiet or total <= PROGRESS_ABOVE:
        return None
    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # the bar is a nicety
        return None
    # No monitor thread: worker processes are forked after the bar starts, and forking a process
    # that runs threads is unsafe.
    tqdm.monitor_interval = 0
    return tqdm(total=total, file=sys.stderr, unit="file", leave=False, dynamic_ncols=True)


def _error(message: str) -> None:
    print(f"hybridlint: error: {message}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    cwd = Path(os.getcwd())
    paths: List[str] = list(args.paths)
    use_stdin = STDIN in paths or (not paths and args.stdin_filename is not None)
    if use_stdin and len(paths) > 1:
        _error("`-` (standard input) cannot be combined with other paths")
        return EXIT_ERROR
    if not paths:
        paths = ["."]
    config_start = [args.stdin_filename] if use_stdin and args.stdin_filename else ([] if use_stdin else paths)
    try:
        config = resolve_config(config_start, args.config, cwd)
        settings = _cli_settings(config.settings, args)
    except (ConfigError, SettingsError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    mode = Mode(
        fix=args.fix or args.diff,
        unsafe=args.unsafe_fixes,
        diff=args.diff,
        root=str(config.root),
        write=not use_stdin,
        cwd=str(cwd),
        docs_url=settings.docs_url,
    )
    if args.verbose:
        for which, source in (("tensorflow", settings.target_tensorflow_from), ("keras", settings.target_keras_from)):
            if source:  # a finding withheld for an old TensorFlow should not be a mystery
                print(f"hybridlint: {settings.describe_target(which)}", file=sys.stderr)
    if use_stdin:
        return _check_stdin(args, config, settings, mode, cwd)

    found = discover(paths, config, force_exclude=args.force_exclude)
    found.files = [_shown(path, cwd) for path in found.files]
    problems = [f"{path}: cannot read: {reason}" for path, reason in found.missing]
    if not found.files and not problems and not args.quiet:
        print("hybridlint: warning: no Python files found under the given paths", file=sys.stderr)
    # The index always covers every file, so a shard sees the same cross-module facts as a full run.
    checked = in_shard(found.files, args.shard, config.root) if args.shard is not None else found.files
    shared: List[OwnerPool] = []  # the index's worker processes, kept for the check
    try:
        index = _project_index(
            args, config, settings, found.files, shared=(shared, checked, mode), notes=_rule_codes(settings)
        )
        found.files = checked
        if index is not None and args.verbose:
            print_index_figures(index, _cache_dir(args, config))
        bar = _progress_bar(len(found.files), args)
        started = time.perf_counter()
        try:
            reports = run_files(
                found.files, settings, mode, args.jobs, bar.update if bar is not None else None, index,
                shared[0] if shared and index is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()
    finally:
        for pool in shared:
            pool.shutdown()
    if args.verbose:
        seconds = time.perf_counter() - started
        count = len(found.files)
        skipped = sum(report.skipped for report in reports)
        count -= skipped
        unparsed = f", skipped {skipped} without TensorFlow," if skipped else ""
        early = shared[0].early if shared and index is not None else None
        during = f" ({early[0]} of them while jedi ran, {early[1]} checked again: their link changed)" if early else ""
        print(f"hybridlint: checked {count} file{'' if count == 1 else 's'}{unparsed} in {seconds:.2f} s{during}", file=sys.stderr)
    return _finish(args, reports, problems, mode, cwd, sys.stdout)


def in_shard(files: Sequence[str], shard: Tuple[int, int], root: Path) -> List[str]:
    """The files of shard `number` of `count` (1-based): a split by a hash of each file's path
    relative to the project root, so every machine of a CI matrix computes the same split."""
    number, count = shard
    return [
        path
        for path in files
        if int(hashlib.sha1(relative_posix(path, root).encode("utf-8")).hexdigest()[:8], 16) % count == number - 1
    ]


def _shard(value: str) -> Tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if match is None or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise argparse.ArgumentTypeError(f"expected I/N with 1 <= I <= N (like 2/4), got {value!r}")
    return int(match.group(1)), int(match.group(2))


def cmd_merge_sarif(args: argparse.Namespace) -> int:
    from .output import SarifMergeError, merge_sarif

    documents = []
    for name in args.files:
        try:
            with open(name, encoding="utf-8") as handle:
                documents.append(json.load(handle))
        except (OSError, ValueError) as exc:
            _error(f"{name}: cannot read a SARIF file: {exc}")
            return EXIT_ERROR
    try:
        merged = merge_sarif(documents)
    except SarifMergeError as exc:
        _error(str(exc))
        return EXIT_ERROR
    text = json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _error(f"{args.output}: cannot write: {exc}")
            return EXIT_ERROR
    return EXIT_CLEAN


# -- the project index (cross-module analysis) ---------------------------------------------------


def _under(path: str, root: Path) -> bool:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        return False
    return not (rel == ".." or rel.startswith(".." + os.sep))


def _index_scope(config: ProjectConfig, checked: Sequence[str]) -> List[str]:
    """The paths the index covers: the configuration root; without a pyproject.toml (the root is
    then just the working folder, perhaps a home folder), the checked paths' folders, widened to
    their top-level packages so that sibling modules are seen. A checked file in a folder that is no
    package (a script in a home folder or in /tmp) brings only what its imports can reach there: the
    modules beside it and the packages beside it, not every folder below."""
    if config.pyproject is not None:
        return [str(config.root)]
    deep: Set[Path] = set()  # folders indexed whole: packages, and folders named on the command line
    shallow: Set[Path] = set()  # folders of checked scripts: the modules and packages beside them
    # the folder a checked file's package climb ends at, by the file's folder: a large project's files
    # share a few hundred folders (climbing for each file was a tenth of a second before the first summary)
    climbed: Dict[str, Tuple[Path, bool]] = {}
    for path in checked:
        absolute = os.path.abspath(path)
        is_folder = os.path.isdir(absolute)
        start = absolute if is_folder else os.path.dirname(absolute)
        found = climbed.get(start)
        if found is None:
            folder = Path(start)
            while (folder.parent / "__init__.py").is_file() and _under(str(folder.parent), config.root):
                folder = folder.parent
            found = climbed[start] = (folder, (folder / "__init__.py").is_file())
        folder, is_package = found
        if is_folder or is_package:
            deep.add(folder)
        else:
            shallow.add(folder)
    folders: List[Path] = []
    for folder in sorted(deep):
        if not any(_under(str(folder), str(known)) for known in folders):
            folders = [known for known in folders if not _under(str(known), str(folder))] + [folder]
    shallow = {folder for folder in shallow if not any(_under(str(folder), str(known)) for known in folders)}
    folders += sorted(shallow)
    paths: List[str] = []
    for folder in folders:
        if folder not in shallow:
            paths.append(str(folder))
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py") and entry.is_file():
                paths.append(entry.path)
            elif (
                entry.is_dir()
                and os.path.isfile(os.path.join(entry.path, "__init__.py"))
                and not any(_under(entry.path, str(known)) for known in deep)
            ):
                paths.append(entry.path)
    return paths


def _project_index(
    args: argparse.Namespace,
    config: ProjectConfig,
    settings: Settings,
    checked: Sequence[str],
    buffer: Optional[str] = None,
    shared: Optional[Tuple[List[OwnerPool], Sequence[str], Mode]] = None,
    notes: Optional[Sequence[str]] = None,
) -> Optional[ProjectIndex]:
    """The index of every Python file under the configuration root, so that checking one file
    still sees the modules it imports and the ones that trace it. `buffer`: the text of the one
    checked file, read from standard input, which replaces what is on disk. `notes`: the codes of
    the rules the run checks with (only their notes are described; None: every rule's).

    None when cross-module analysis is off or no checked file lies in the project."""
    root = config.root
    # Notebooks are checked on their own: no module imports one.
    inside = [path for path in checked if _under(path, root) and not is_notebook(path)]
    if not settings.cross_module or not inside:
        return None
    started = time.perf_counter()
    found = discover(_index_scope(config, inside), config)
    found.files = [path for path in found.files if not is_notebook(path)]
    seen = {os.path.normcase(os.path.abspath(path)) for path in found.files}
    # A file named on the command line is indexed even when the exclude globs skip it in walks.
    files = found.files + [path for path in inside if os.path.normcase(os.path.abspath(path)) not in seen]
    read = None
    if buffer is not None:
        # Jedi reads through this too, by the index's resolved paths: compare real paths.
        buffer_key = os.path.normcase(os.path.realpath(inside[0]))

        def read(path: str) -> Optional[str]:
            if os.path.normcase(os.path.realpath(path)) == buffer_key:
                return buffer
            return _read_for_index(path)

    cache_dir = _cache_dir(args, config)
    try:
        index = _build_index_in_pool(root, files, settings, cache_dir, read, getattr(args, "jobs", 1), shared, notes)
    except Exception as exc:  # noqa: BLE001 - without the index each file is still checked on its own
        print(
            f"hybridlint: warning: the project index failed ({type(exc).__name__}: {exc}); "
            "checking each file on its own (a bug in hybridlint; please report it)",
            file=sys.stderr,
        )
        return None
    index.stats["index_seconds"] = time.perf_counter() - started
    return index


def _build_index_in_pool(
    root: Path,
    files: List[str],
    settings: Settings,
    cache_dir: Optional[Path],
    read,
    jobs: int,
    shared: Optional[Tuple[List[OwnerPool], Sequence[str], Mode]] = None,
    notes: Optional[Sequence[str]] = None,
) -> ProjectIndex:
    """`build_index`, its summaries, jedi questions and descriptions shared out to `jobs` worker
    processes on a large project. With `shared` (a list, the files to check, how), the processes are
    kept for the check (appended to the list; the caller shuts them down) and keep the trees of the
    modules to check; otherwise the pool ends with the build and the check forks its own, which
    inherits the index."""
    from .engine import gc_paused
    from .selection import build_check_index  # only the modules a check needs

    build_index = partial(build_check_index, notes=notes)

    # The index is millions of small objects that live until the run ends: the cyclic collector
    # would walk them again and again as more are made (half of the tracing propagation's time).
    # Frozen once built (made while the collector was paused, they would all be young: the first
    # collection after it would walk every one of them).
    with gc_paused():
        try:
            return _build_index(build_index, root, files, settings, cache_dir, read, jobs, shared)
        finally:
            gc.freeze()


def _build_index(build_index, root, files, settings, cache_dir, read, jobs, shared) -> ProjectIndex:
    """`_build_index_in_pool`'s build, its pool chosen by the number of jobs and files."""
    if jobs <= 1 or len(files) < IN_PROCESS_BELOW or read is not None:
        return build_index(root, files, settings, cache_dir=cache_dir, read=read)
    from .registry import all_rules

    all_rules()  # imported once here, so forked workers start with the rules loaded
    try:
        if shared is not None and len(shared[1]) >= IN_PROCESS_BELOW:
            from .workers import OwnerPool

            pool = OwnerPool(jobs, initializer=_worker_init, initargs=(os.getpid(),))
            shared[0].append(pool)
            from .project import CACHE_FILE, relative_text

            if cache_dir is None or not (cache_dir / CACHE_FILE).is_file():
                pool.warm_jedi()  # a cold index: jedi will be asked about every module's calls
            if not (shared[2].fix or shared[2].diff):  # a fix parses each fixed text anyway
                base = os.path.abspath(root)
                # as `ProjectIndex.relative` makes them (`relpath` normalises: only separators differ)
                pool.keep = {relative_text(os.path.abspath(path), base).replace(os.sep, "/") for path in shared[1]}
                pool.speculate = partial(_speculative_checks, shared[1], settings, shared[2], pool)
            return build_index(root, files, settings, cache_dir=cache_dir, pool=pool)
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),)) as pool:
            return build_index(root, files, settings, cache_dir=cache_dir, pool=pool)
    except (BrokenProcessPool, OSError) as exc:
        for broken in shared[0] if shared is not None else ():
            broken.shutdown(wait=False, cancel_futures=True)
        if shared is not None:
            shared[0].clear()
        print(f"hybridlint: warning: worker processes failed ({exc}); indexing in one process", file=sys.stderr)
        return build_index(root, files, settings, cache_dir=cache_dir)


def _rule_codes(settings: Settings) -> List[str]:
    """The codes of the rules a check with these settings runs on some file."""
    from .registry import selected_rules

    return [rule.code for rule in selected_rules(settings)]


def _cache_dir(args: argparse.Namespace, config: ProjectConfig) -> Optional[Path]:
    if args.no_cache:
        return None
    return Path(os.path.abspath(args.cache_dir)) if args.cache_dir else config.root / CACHE_DIR


def _read_for_index(path: str) -> Optional[str]:
    try:
        return read_source(path).text
    except (UnreadableFile, OSError, ValueError):
        return None  # reported when the file is checked (if it is)


def print_index_figures(index: ProjectIndex, cache_dir: Optional[Path], out: Optional[TextIO] = None) -> None:
    """What `--verbose` says of the index: its size, what the cache gave, where the time went."""
    stats = index.stats
    summarized = stats.get("files", 0)
    modules = stats.get("modules", summarized)  # the modules in its scope; some left out (`build_check_index`)
    print(
        f"hybridlint: project index of {index.root}: {modules:.0f} modules, "
        f"{stats.get('reused', 0):.0f} reused from cache ({cache_dir or 'no cache'}"
        f"{'; ' + index.cache_note if index.cache_note else ''})"
        + (f"; {summarized:.0f} summarized, the others cannot change a finding" if summarized < modules else ""),
        file=out or sys.stderr,
    )
    print(
        f"hybridlint: index seconds: {stats.get('index_seconds', 0.0):.2f} in all; "
        f"summarize {stats.get('summarize_seconds', 0.0):.2f}, "
        f"jedi {stats.get('jedi_seconds', 0.0):.2f} ({stats.get('jedi_calls', 0):.0f} calls), "
        f"link {stats.get('propagate_seconds', 0.0) + stats.get('describe_seconds', 0.0):.2f}",
        file=out or sys.stderr,
    )


def _shown(path: str, cwd: Path) -> str:
    """Paths under the working folder are shown relative to it (as GitHub annotations and most
    editors' problem matchers expect); others as given."""
    if not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path
    return path if rel == ".." or rel.startswith(".." + os.sep) else rel


def _check_stdin(args: argparse.Namespace, config: ProjectConfig, settings: Settings, mode: Mode, cwd: Path) -> int:
    name = args.stdin_filename or STDIN
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    if args.stdin_filename and args.force_exclude and is_excluded(args.stdin_filename, config):
        if mode.fix and not mode.diff:
            _write_bytes(raw)
        return EXIT_CLEAN
    if is_notebook(name):
        report = process_notebook(raw, name, settings, mode)
        if mode.fix and not mode.diff:
            _write_bytes(report.fixed_text if report.fixed_text is not None else raw)
            return _finish(args, [report], [], mode, cwd, sys.stderr)
        return _finish(args, [report], [], mode, cwd, sys.stdout)
    try:
        source = decode_source(raw, name)
    except UnreadableFile as exc:
        report = FileReport(name, error=f"cannot read: {exc}")
    else:
        link = None
        if args.stdin_filename:
            # The project as the editor sees it: this buffer instead of the file on disk.
            index = _project_index(
                args, config, settings, [args.stdin_filename], buffer=source.text, notes=_rule_codes(settings)
            )
            if index is not None:
                if args.verbose:
                    print_index_figures(index, _cache_dir(args, config))
                link = index.link_for(index.relative(Path(os.path.abspath(args.stdin_filename))))
        report = process_source(source, name, settings, mode, link)
    if mode.fix and not mode.diff:
        # An editor replaces its buffer with what is printed here: unchanged input when no fix applied.
        _write_bytes(report.fixed_text if report.fixed_text is not None else raw)
        # stdout holds the fixed source, so the findings that remain go to stderr.
        return _finish(args, [report], [], mode, cwd, sys.stderr)
    return _finish(args, [report], [], mode, cwd, sys.stdout)


def _write_bytes(data: bytes) -> None:
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:  # a text-only stream (some embedders)
        sys.stdout.write(data.decode("utf-8", errors="replace"))


def _finish(
    args: argparse.Namespace,
    reports: List[FileReport],
    problems: List[str],
    mode: Mode,
    cwd: Path,
    out: TextIO,
) -> int:
    problems = problems + [f"{r.path}: {r.error}" for r in reports if r.error]
    internal = [
        f"{r.path}: internal error: {m} (a bug in hybridlint; please report it)"
        for r in reports
        for m in r.internal_errors
    ]
    for line in problems + internal:
        print(line, file=sys.stderr)
    if args.verbose:
        for report in reports:
            if report.skipped:
                print(f"{report.path}: skipped: it never mentions TensorFlow (not parsed)", file=sys.stderr)
    totals = Totals.of(reports)
    exit_code = EXIT_ERROR if problems or internal else EXIT_CLEAN

    if mode.diff:
        for report in reports:
            if report.diff:
                out.write(report.diff)
        if not args.quiet:
            print(fixed_line(totals, would=True), file=sys.stderr)
        changed = any(r.diff for r in reports)
        return max(exit_code, EXIT_FINDINGS if changed else EXIT_CLEAN)

    fmt = args.format
    if fmt == "text":
        lines = text_lines(reports, unsafe=mode.unsafe, style=Style(_use_color(out)))
        if lines:
            out.write("\n".join(lines) + "\n")
        if not args.quiet:
            if mode.fix and totals.fixed:
                out.write(fixed_line(totals) + "\n")
            failed = {line.split(": ", 1)[0] for line in problems + internal}  # paths
            out.write(_summary(totals, len(failed), mode.unsafe) + "\n")
    else:
        if fmt == "json":
            text = render_json(reports)
        elif fmt == "github":
            text = render_github(reports)
        else:
            from .registry import all_rules

            text = render_sarif(
                reports,
                all_rules(),
                cwd=cwd,
                version=__version__,
                problems=problems + internal,
                docs_url=mode.docs_url,
            )
        if text:
            out.write(text + "\n")
        if mode.fix and totals.fixed and not args.quiet:
            print(fixed_line(totals), file=sys.stderr)
    return max(exit_code, EXIT_FINDINGS if totals.findings else EXIT_CLEAN)


def _summary(totals: Totals, failures: int, unsafe: bool) -> str:
    """The last line of text output; it never says all checks passed when some could not run."""
    return summary_line(totals, unsafe=unsafe, failures=failures)


# -- rules, explain, server ---------------------------------------------------------------------


def cmd_rules(args: argparse.Namespace) -> int:
    from .registry import all_rules

    rules = all_rules()
    if args.format != "json":
        print(rules_table(rules))
        return EXIT_CLEAN
    try:  # the links follow the nearest pyproject.toml's `docs-url`, as in `check`'s output
        docs_url = resolve_config([], None, Path(os.getcwd())).settings.docs_url
    except (ConfigError, SettingsError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    print(rules_json(rules, docs_url))
    return EXIT_CLEAN


def cmd_explain(args: argparse.Namespace) -> int:
    from .docs import rule_markdown
    from .registry import find_rule

    code = args.code.strip()
    if code.upper() == SYNTAX_ERROR_CODE or code.lower() == SYNTAX_ERROR_NAME:
        print(
            f"# {SYNTAX_ERROR_CODE} {SYNTAX_ERROR_NAME}\n\n{SYNTAX_ERROR_SUMMARY}: hybridlint reports where "
            "Python's parser stopped. Fix the syntax error to have the file checked."
        )
        return EXIT_CLEAN
    rule = find_rule(code)
    if rule is None:
        _error(f"unknown rule {code!r}; `hybridlint rules` lists the rules")
        return EXIT_ERROR
    sys.stdout.write(rule_markdown(rule))
    return EXIT_CLEAN


def cmd_server(argv: List[str]) -> int:
    try:
        server = import_module("hybridlint.server")  # lazily: pygls is not needed to check files
    except ImportError as exc:
        # Its dependencies (pygls, lsprotocol) are missing: an install that skipped them (`--no-deps`).
        _error(
            f"the language server cannot start: {exc}. Reinstall hybridlint with its dependencies, e.g. "
            f"`{sys.executable} -m pip install /path/to/hybridlint-checkout` (it is not on PyPI yet)"
        )
        return EXIT_ERROR
    entry = getattr(server, "main", None)
    if not callable(entry):
        _error("the language server is not available in this installation (hybridlint.server has no main)")
        return EXIT_ERROR
    result = entry(argv)
    return result if isinstance(result, int) else EXIT_CLEAN


# -- argument parsing ---------------------------------------------------------------------------


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, taskset)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hybridlint",
        description="Find and fix tf.function (hybridization) hazards in TensorFlow code.",
    )
    parser.add_argument("--version", action="version", version=f"hybridlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check files and folders (the default: the current folder)",
        description="Check Python files for tf.function hazards. Exit 0: no findings; 1: findings "
        "(after --fix: findings that remain); 2: usage, configuration or unreadable files.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; `-` reads standard input")
    fixing = check.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes, writing the files")
    fixing.add_argument("--unsafe-fixes", action="store_true", help="also apply (or offer) unsafe fixes")
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print a diff of what --fix would change and write nothing (also with --fix)",
    )
    rules = check.add_argument_group("rules")
    rules.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="comma-separated codes or prefixes to run (replaces the configuration's)",
    )
    rules.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="comma-separated codes or prefixes to skip (replaces the configuration's)",
    )
    rules.add_argument(
        "--preview",
        action="store_true",
        help="also run preview rules and contexts, not yet measured precise enough to be on by default",
    )
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--config", metavar="PYPROJECT", help="use this pyproject.toml instead of the nearest one")
    check.add_argument("--stdin-filename", metavar="PATH", help="the name of the file read from standard input")
    check.add_argument(
        "--force-exclude", action="store_true", help="apply exclude globs to files named on the command line too"
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=_cpu_count(),
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    check.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="check only shard I of N (a stable split by file path; the index still covers every file); "
        "merge the shards' SARIF with `hybridlint merge-sarif`",
    )
    project = check.add_argument_group("project (cross-module analysis)")
    project.add_argument(
        "--no-cross-module",
        action="store_true",
        help="check each file on its own, without indexing the project (as `cross-module = false`)",
    )
    project.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the project index cache (default: {CACHE_DIR}/ in the project root)",
    )
    project.add_argument("--cache-dir", metavar="DIR", help="where the project index is cached")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument(
        "--verbose", "-v", action="store_true", help="print timings and project index figures to standard error"
    )
    check.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    check.set_defaults(handler=cmd_check)

    listing = commands.add_parser("rules", help="list the rules", description="List every rule.")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=cmd_rules)

    merging = commands.add_parser(
        "merge-sarif",
        help="merge the SARIF files of `check --shard` runs into one",
        description="Merge SARIF files written by `hybridlint check --format sarif` (one per shard) into one run.",
    )
    merging.add_argument("files", nargs="+", metavar="FILE", help="SARIF files to merge")
    merging.add_argument("--output", "-o", metavar="FILE", help="where to write the merged SARIF (default: stdout)")
    merging.set_defaults(handler=cmd_merge_sarif)

    explain = commands.add_parser(
        "explain", help="show a rule's documentation", description="Print a rule's documentation (markdown)."
    )
    explain.add_argument("code", metavar="CODE", help="a rule code like HYB004, or its name")
    explain.set_defaults(handler=cmd_explain)

    from .hybridize_cli import add_parser as add_hybridize_parser  # the `hybridize` refactoring command

    add_hybridize_parser(commands)

    # Listed for --help; its arguments go untouched to the server's own parser (see main).
    commands.add_parser("server", help="run the language server (see `hybridlint server --help`)", add_help=False)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["server"]:
            return cmd_server(args_list[1:])
        parser = build_parser()
        try:
            args = parser.parse_args(args_list)
        except SystemExit as exc:  # --help/--version exit 0, usage errors 2
            return exc.code if isinstance(exc.code, int) else EXIT_ERROR
        if getattr(args, "handler", None) is None:
            parser.print_help(sys.stderr)
            return EXIT_ERROR
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`hybridlint check | head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
