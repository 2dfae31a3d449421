"""Engine results to LSP diagnostics, and back from a diagnostic to the finding it shows.

Each diagnostic carries `data = {"code", "version", "span"}`: the rule code, the document version it
was computed for and the engine's own range (1-based line, code-point columns). Code actions look the
finding up by code and span in the server's analysis of the current version and rebuild the fix from
it, so a range the client echoes back in its own units (Neovim 0.7 sends byte columns) is never used
for an edit, and a diagnostic whose finding is gone offers nothing.
"""

from __future__ import annotations

import ast
import hashlib
import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Type

from lsprotocol import types
from pygls.uris import from_fs_path

from hybridlint.incremental import IncrementalChecker, IncrementalResult
from hybridlint.registry import rules_by_code
from hybridlint.rule import Finding, Rule
from hybridlint.settings import Settings
from hybridlint.source import SourceText, Span

from .documents import Positions

SOURCE = "hybridlint"


@dataclass(frozen=True)
class DiagnosticOptions:
    related_information: bool = True
    code_description: bool = True


@dataclass
class Analysis:
    """One version of one document, analysed and converted."""

    uri: str
    version: Optional[int]
    text: str
    outcome: Optional[IncrementalResult]  # None when the file is not analysed live (huge, edited)
    settings: Settings
    rules: Optional[Sequence[Type[Rule]]]
    encoding: str
    diagnostics: List[types.Diagnostic] = field(default_factory=list)
    result_id: str = ""
    generation: int = 0  # of the document's settings when it was analysed
    project_root: Optional[str] = None  # the project index's folder: related places in other files are relative to it
    # The document's incremental checker: later checks renumber statements this analysis shares.
    checker: Optional[IncrementalChecker] = None
    _positions: Optional[Positions] = None
    _by_key: Optional[Dict[Tuple[str, Span], Finding]] = None

    @contextmanager
    def statements(self) -> Iterator[Optional[ast.Module]]:
        """The analysed statements with the positions of this version (None when unknown): the
        checker holds off renumbering them for later versions while the block runs."""
        outcome = self.outcome
        if outcome is None or outcome.tree is None or self.checker is None:
            yield outcome.tree if outcome is not None else None
            return
        with self.checker.positions_of(outcome) as known:
            yield outcome.tree if known else None

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            analysed = self.outcome.result.source if self.outcome is not None else None
            source = analysed if analysed is not None and analysed.text is self.text else SourceText(self.text)
            self._positions = Positions(source, self.encoding)
        return self._positions

    @property
    def findings(self) -> List[Finding]:
        return self.outcome.result.findings if self.outcome is not None else []

    def finding(self, code: str, span: Span) -> Optional[Finding]:
        if self._by_key is None:
            self._by_key = {(f.code, f.span): f for f in self.findings}
        return self._by_key.get((code, span))

    def finding_for(self, diagnostic: types.Diagnostic) -> Optional[Finding]:
        """The finding a diagnostic of ours shows in this version, or None (stale, or not ours).

        Matched by `data` when it came back, else by code and range, never by `source`: some clients
        (ALE) send diagnostics back without it. Another server's diagnostic never has one of our codes
        at one of our findings' lines."""
        key = decode_data(diagnostic.data)
        if key is not None:
            # The finding must exist at that very span in this version; its version may be older
            # (an 'unchanged' pull report keeps the client's copy), the finding is then the same.
            code, _version, span = key
            return self.finding(code, span)
        # No data came back: the code and the line; the columns only to choose between findings of
        # one code on one line (Neovim 0.7 and ALE send byte columns back, not the negotiated ones).
        code = str(diagnostic.code or "")
        line = diagnostic.range.start.line + 1
        matches = [f for f in self.findings if f.code == code and f.span.line == line]
        if len(matches) > 1:
            matches = [f for f in matches if self.positions.range(f.span) == diagnostic.range]
        return matches[0] if len(matches) == 1 else None


def encode_data(finding: Finding, version: Optional[int]) -> Dict[str, Any]:
    return {"code": finding.code, "version": version, "span": list(finding.span)}


def decode_data(data: Any) -> Optional[Tuple[str, Optional[int], Span]]:
    if not isinstance(data, dict):
        return None
    code, version, span = data.get("code"), data.get("version"), data.get("span")
    if not isinstance(code, str) or not isinstance(span, list) or len(span) != 4:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in span):
        return None
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        return None
    return code, version, Span(*span)


class OtherFiles:
    """Locations in the other files of the project that related information points at. The
    columns are converted to the client's encoding with that file's text as it is on disk, read once
    and kept while its size and modification time stay the same."""

    KEEP = 64  # files

    def __init__(self) -> None:
        self._sources: "OrderedDict[str, Tuple[Tuple[int, int], SourceText]]" = OrderedDict()
        self._lock = threading.Lock()

    def _source(self, path: str) -> Optional[SourceText]:
        from hybridlint.files import UnreadableFile, read_source

        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._sources.get(path)
            if cached is not None and cached[0] == key:
                self._sources.move_to_end(path)
                return cached[1]
        try:
            source = SourceText(read_source(path).text)
        except (UnreadableFile, OSError, ValueError):
            return None
        with self._lock:
            self._sources[path] = (key, source)
            while len(self._sources) > self.KEEP:
                self._sources.popitem(last=False)
        return source

    def location(self, root: str, relative: str, span: Span, encoding: str) -> types.Location:
        path = relative if os.path.isabs(relative) else os.path.join(root, *relative.split("/"))
        source = self._source(path)
        if source is None:  # unreadable: its code-point columns are the best there is
            where = types.Range(
                start=types.Position(line=max(span.line - 1, 0), character=span.col),
                end=types.Position(line=max(span.end_line - 1, 0), character=span.end_col),
            )
        else:
            where = Positions(source, encoding).range(span)
        return types.Location(uri=from_fs_path(path) or path, range=where)


def _related(
    analysis: Analysis, related, others: Optional[OtherFiles]
) -> Optional[types.DiagnosticRelatedInformation]:
    path = getattr(related, "path", None)
    if path is None:
        location = types.Location(uri=analysis.uri, range=analysis.positions.range(related.span))
    elif others is None or analysis.project_root is None:
        return None  # a place in another file, but no project to find it in
    else:
        location = others.location(analysis.project_root, path, related.span, analysis.encoding)
    return types.DiagnosticRelatedInformation(location=location, message=related.message)


def diagnostics_for(
    analysis: Analysis, options: DiagnosticOptions, others: Optional[OtherFiles] = None
) -> List[types.Diagnostic]:
    outcome = analysis.outcome
    if outcome is None:
        return []
    positions = analysis.positions
    rules = rules_by_code()
    out: List[types.Diagnostic] = []
    problem = outcome.result.syntax_error
    if problem is not None:
        out.append(
            types.Diagnostic(
                range=positions.range(problem.span),
                message=problem.message,
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
        )
    for finding in outcome.result.findings:
        rule = rules.get(finding.code)
        related = None
        if options.related_information and finding.related:
            related = [info for info in (_related(analysis, r, others) for r in finding.related) if info is not None]
        out.append(
            types.Diagnostic(
                range=positions.range(finding.span),
                message=finding.message,
                severity=types.DiagnosticSeverity(int(finding.severity)),
                code=finding.code,
                code_description=(
                    types.CodeDescription(href=rule.docs_url(analysis.settings.docs_url))
                    if options.code_description and rule is not None
                    else None
                ),
                source=SOURCE,
                related_information=related,
                data=encode_data(finding, analysis.version),
            )
        )
    return out


def result_id(diagnostics: Sequence[types.Diagnostic], generation: int) -> str:
    """Equal for equal diagnostics, so a client that pulls again gets an 'unchanged' report."""
    digest = hashlib.sha1(str(generation).encode())
    for d in diagnostics:
        r = d.range
        related = tuple(
            (i.location.uri, i.location.range.start.line, i.location.range.start.character, i.message)
            for i in d.related_information or ()
        )
        key = (
            r.start.line,
            r.start.character,
            r.end.line,
            r.end.character,
            d.code,
            d.message,
            int(d.severity or 0),
            related,
            # The span is part of the data the code actions rely on; a moved finding is a change.
            tuple(d.data["span"]) if isinstance(d.data, dict) else None,
        )
        digest.update(repr(key).encode())
    return digest.hexdigest()[:16]
