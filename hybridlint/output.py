"""What `hybridlint check` prints: text, JSON, SARIF 2.1.0 and GitHub Actions annotations.

Findings cross process boundaries as plain, picklable data (`FileReport`, `FindingData`): fixes are
built in the worker and travel as edits, so the formats below never need the engine.

Positions: lines are 1-based. Columns are 1-based and count Unicode code points (a tab, an emoji
and an "é" are one column each) in every format; SARIF says so with `columnKind:
"unicodeCodePoints"`. An end position is exclusive: it is the column just after the range.

Notebooks: a finding carries `cell`, the 1-based number of its cell (every cell counted, markdown too),
and its positions (and those of its fix edits and related places, which carry their own `cell`) are
within that cell: text `nb.ipynb:cell 4:3:5:`, JSON `"cell": 4` (null for modules), SARIF
`properties.cell` with no `fixes` (SARIF replacements address the file's own text), GitHub file-level
annotations naming the cell.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Type
from urllib.parse import quote

from .registry import rules_by_code
from .rule import Finding, FixSafety, Rule
from .source import Span

# A file that does not parse is reported as one finding with this code, as flake8 and ruff do,
# so it shows up (and fails a CI run) in every output format.
SYNTAX_ERROR_CODE = "E999"
SYNTAX_ERROR_NAME = "syntax-error"
SYNTAX_ERROR_SUMMARY = "The file is not valid Python, so no rule could check it"


@dataclass(frozen=True)
class EditData:
    span: Span
    content: str
    cell: Optional[int] = None  # in a notebook: the cell's number (1-based), the span relative to it


@dataclass(frozen=True)
class FixData:
    title: str
    applicability: str  # "safe" or "unsafe"
    edits: Tuple[EditData, ...]

    @property
    def is_safe(self) -> bool:
        return self.applicability == FixSafety.SAFE.value


@dataclass(frozen=True)
class RelatedData:
    span: Span
    message: str
    path: Optional[str] = None  # another file, shown as finding paths are; None: the finding's file
    cell: Optional[int] = None  # in a notebook: the cell's number (1-based), the span relative to it


@dataclass(frozen=True)
class FindingData:
    code: str
    name: str
    message: str
    severity: str  # "error", "warning", "info" or "hint"
    span: Span
    fix: Optional[FixData] = None
    related: Tuple[RelatedData, ...] = ()
    url: Optional[str] = None
    # In a notebook: the number of the cell (1-based, every cell counted, markdown too); the span
    # and those of the fix and related places are then relative to their cells.
    cell: Optional[int] = None
    # Why the finding is shown only in preview mode: "rule" (the rule is in the preview tier),
    # "evidence" (decided on weaker evidence, preview even in a stable rule), or None (shown by default).
    preview: Optional[str] = None

    @classmethod
    def from_finding(
        cls, finding: Finding, url: Optional[str] = None, shown_path: Optional[Callable[[str], str]] = None
    ) -> "FindingData":
        """`shown_path` turns the project-relative path of a related place in another file into
        the path the output shows (as it shows the paths of findings)."""
        fix = finding.fix  # built (and checked to parse) here, in the process that has the source
        fix_data = None
        if fix is not None and fix.safety is not FixSafety.NONE:
            fix_data = FixData(fix.title, fix.safety.value, tuple(EditData(e.span, e.text) for e in fix.edits))
        return cls(
            finding.code,
            finding.name,
            finding.message,
            finding.severity.label,
            finding.span,
            fix_data,
            tuple(
                RelatedData(r.span, r.message, None if r.path is None else (shown_path or str)(r.path))
                for r in finding.related
            ),
            url,
            preview=_preview_reason(finding),
        )

    def fixable(self, unsafe: bool) -> bool:
        return self.fix is not None and (self.fix.is_safe or unsafe)


@dataclass
class FileReport:
    """Everything one file's check produced; crosses the process pool as plain data."""

    path: str  # as shown to the user
    findings: List[FindingData] = field(default_factory=list)
    fixed: int = 0  # findings fixed (written, or that --diff would write)
    diff: str = ""  # --diff: the unified diff of what --fix would write
    fixed_text: Optional[bytes] = None  # stdin with --fix: the bytes to print
    error: Optional[str] = None  # "cannot read: …" / "cannot write: …"
    internal_errors: List[str] = field(default_factory=list)  # a rule crashed: a hybridlint bug
    # The file never mentions TensorFlow (and nothing traced reaches it), so it was not even parsed: no
    # finding and no syntax error can come from it, and the summary does not count it as checked.
    skipped: bool = False

    @property
    def checked(self) -> bool:
        return not self.skipped and (self.error is None or self.error.startswith("cannot write"))


# -- text ---------------------------------------------------------------------------------------


class Style:
    """ANSI styles, or nothing: colour only when asked for (stdout is a terminal, NO_COLOR unset)."""

    def __init__(self, color: bool):
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def path(self, text: str) -> str:
        return self._wrap("1", text)

    def code(self, text: str, severity: str) -> str:
        return self._wrap({"error": "1;31", "warning": "1;33"}.get(severity, "1;36"), text)

    def marker(self, text: str) -> str:
        return self._wrap("36", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def text_lines(reports: Iterable[FileReport], *, unsafe: bool = False, style: Optional[Style] = None) -> List[str]:
    """`path:line:col: CODE [*] message`, one line per finding; `[*]`: `--fix` would fix it."""
    style = style or Style(False)
    lines = []
    for report in reports:
        for f in report.findings:
            marker = style.marker("[*] ") if f.fixable(unsafe) else ""
            cell = f"cell {f.cell}:" if f.cell is not None else ""
            where = style.path(report.path) + style.dim(f":{cell}{f.span.line}:{f.span.col + 1}:")
            lines.append(f"{where} {style.code(f.code, f.severity)} {marker}{f.message}")
    return lines


@dataclass
class Totals:
    findings: int = 0
    files_with_findings: int = 0
    files_checked: int = 0
    safe_fixable: int = 0
    unsafe_fixable: int = 0
    fixed: int = 0
    files_fixed: int = 0
    files_skipped: int = 0  # never mention TensorFlow: not parsed (`FileReport.skipped`)

    @classmethod
    def of(cls, reports: Iterable[FileReport]) -> "Totals":
        totals = cls()
        for report in reports:
            if report.checked:
                totals.files_checked += 1
            totals.files_skipped += report.skipped
            if report.findings:
                totals.files_with_findings += 1
            totals.findings += len(report.findings)
            totals.fixed += report.fixed
            totals.files_fixed += report.fixed > 0
            for f in report.findings:
                if f.fix is not None:
                    if f.fix.is_safe:
                        totals.safe_fixable += 1
                    else:
                        totals.unsafe_fixable += 1
        return totals


def summary_line(totals: Totals, *, unsafe: bool = False, failures: int = 0) -> str:
    """The last line of text output. It never says all checks passed when some could not run
    (`failures`: files that could not be read or analysed) or when no file was checked at all, and
    it says how many files were skipped for never mentioning TensorFlow."""
    checked = _plural(totals.files_checked, "file")
    failed = f"{_plural(failures, 'file')} could not be checked (see above)" if failures else ""
    if not totals.findings:
        if failed:
            text = f"No findings in {checked} checked, but {failed}."
        elif not totals.files_checked and totals.files_skipped:
            text = "Nothing checked."
        else:
            text = f"All checks passed: no findings in {checked} checked."
    else:
        text = f"Found {_plural(totals.findings, 'finding')} in {totals.files_with_findings} of {checked} checked"
        fixable = totals.safe_fixable + (totals.unsafe_fixable if unsafe else 0)
        hints = []
        if fixable:
            hints.append(f"{fixable} fixable with --fix" + (" --unsafe-fixes" if unsafe and totals.unsafe_fixable else ""))
        if totals.unsafe_fixable and not unsafe:
            hints.append(f"{totals.unsafe_fixable} more with --fix --unsafe-fixes")
        text += (f" ({', '.join(hints)})" if hints else "") + (f"; {failed}." if failed else ".")
    if totals.files_skipped:
        text += " " + skipped_text(totals.files_skipped) + "."
    return text


def skipped_text(count: int) -> str:
    they = "it never mentions" if count == 1 else "they never mention"
    return f"{_plural(count, 'file')} skipped: {they} TensorFlow (not parsed)"


def fixed_line(totals: Totals, *, would: bool = False) -> str:
    verb = "Would fix" if would else "Fixed"
    return f"{verb} {_plural(totals.fixed, 'finding')} in {_plural(totals.files_fixed, 'file')}."


# -- diff ---------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> List[str]:
    # Lines end only at \r\n, \r and \n, as in the engine (str.splitlines also splits at \f).
    return _LINE.findall(text)


def unified_diff(old: str, new: str, path: str) -> str:
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), fromfile=path, tofile=path):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


# -- JSON ---------------------------------------------------------------------------------------


def _preview_reason(finding: Finding) -> Optional[str]:
    if finding.weak:
        return "evidence"
    rule = rules_by_code().get(finding.code)
    return "rule" if rule is not None and rule.preview else None


def _position(line: int, col: int) -> Dict[str, int]:
    return {"row": line, "column": col + 1}


def finding_json(path: str, f: FindingData) -> Dict[str, Any]:
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": f.fix.applicability,
            "message": f.fix.title,
            "edits": [
                {
                    "content": e.content,
                    "location": _position(e.span.line, e.span.col),
                    "end_location": _position(e.span.end_line, e.span.end_col),
                    **({"cell": e.cell} if e.cell is not None else {}),
                }
                for e in f.fix.edits
            ],
        }
    return {
        "code": f.code,
        "name": f.name,
        "message": f.message,
        "severity": f.severity,
        "filename": path,
        "cell": f.cell,  # null outside notebooks
        "location": _position(f.span.line, f.span.col),
        "end_location": _position(f.span.end_line, f.span.end_col),
        "fix": fix,
        "related": [
            {
                "message": r.message,
                "filename": r.path or path,
                "location": _position(r.span.line, r.span.col),
                "end_location": _position(r.span.end_line, r.span.end_col),
                **({"cell": r.cell} if r.cell is not None else {}),
            }
            for r in f.related
        ],
        "url": f.url,
        "preview": f.preview,
    }


def render_json(reports: Iterable[FileReport]) -> str:
    items = [finding_json(r.path, f) for r in reports for f in r.findings]
    return json.dumps(items, indent=2, ensure_ascii=False)


# -- GitHub Actions -----------------------------------------------------------------------------

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Iterable[FileReport]) -> str:
    """Workflow commands that GitHub shows as annotations on the pull request's diff."""
    lines = []
    for report in reports:
        path = report.path.replace(os.sep, "/")
        for f in report.findings:
            s = f.span
            message = f.message
            if f.cell is not None:
                # A cell's lines are not lines of the .ipynb file: a file-level annotation naming them.
                props = f"file={_gh_property(path)},title={_gh_property(f.code)}"
                message = f"cell {f.cell}:{s.line}:{s.col + 1}: {message}"
            else:
                props = (
                    f"file={_gh_property(path)},line={s.line},col={s.col + 1},"
                    f"endLine={s.end_line},endColumn={s.end_col + 1},title={_gh_property(f.code)}"
                )
            lines.append(f"::{_GITHUB_LEVEL.get(f.severity, 'warning')} {props}::{_gh_data(message)}")
    return "\n".join(lines)


# -- SARIF 2.1.0 --------------------------------------------------------------------------------

SKIPPED_NOTIFICATION = "skipped-no-tensorflow"  # the id of the notification listing files not parsed
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def _artifact(path: str, cwd: Path) -> Dict[str, str]:
    absolute = Path(os.path.abspath(os.path.join(cwd, path)))
    try:
        rel = absolute.relative_to(cwd)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(rel.as_posix()), "uriBaseId": "%SRCROOT%"}


def _region(span: Span) -> Dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.col + 1,
        "endLine": span.end_line,
        "endColumn": span.end_col + 1,
    }


def _rule_descriptor(rule: Type[Rule], docs_url: Optional[str] = None) -> Dict[str, Any]:
    from .docs import rule_markdown

    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.what_it_does.split())},
        "help": {"text": rule.summary, "markdown": rule_markdown(rule)},
        "helpUri": rule.docs_url(docs_url),
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity.label]},
        "properties": {"fixSafety": rule.fix_safety.value},
    }


def _index_url(docs_url: Optional[str]) -> str:
    from . import docs_url as page_url

    return page_url(None, docs_url)


def _syntax_descriptor(docs_url: Optional[str] = None) -> Dict[str, Any]:
    return {
        "id": SYNTAX_ERROR_CODE,
        "name": SYNTAX_ERROR_NAME,
        "shortDescription": {"text": SYNTAX_ERROR_SUMMARY},
        "fullDescription": {"text": SYNTAX_ERROR_SUMMARY + "; fix the syntax error to have it checked."},
        "helpUri": _index_url(docs_url),
        "defaultConfiguration": {"level": "error"},
    }


def build_sarif(
    reports: Sequence[FileReport],
    rules: Sequence[Type[Rule]],
    *,
    cwd: Path,
    version: str,
    problems: Sequence[str] = (),
    docs_url: Optional[str] = None,
) -> Dict[str, Any]:
    """One SARIF run; `problems` (files that could not be read or written) become notifications;
    `docs_url` is the `docs-url` setting (rule pages)."""
    descriptors = [_rule_descriptor(rule, docs_url) for rule in rules] + [_syntax_descriptor(docs_url)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for report in reports:
        artifact = _artifact(report.path, cwd)
        for f in report.findings:
            result: Dict[str, Any] = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL.get(f.severity, "warning"),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(f.span)}}],
            }
            if f.cell is not None:
                # The region counts lines and columns of that cell's source, not of the JSON file.
                result["properties"] = {"cell": f.cell}
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            if f.related:
                result["relatedLocations"] = [
                    {
                        "id": number,
                        "message": {"text": r.message},
                        "physicalLocation": {
                            "artifactLocation": artifact if r.path is None else _artifact(r.path, cwd),
                            "region": _region(r.span),
                        },
                        **({"properties": {"cell": r.cell}} if r.cell is not None else {}),
                    }
                    for number, r in enumerate(f.related, 1)
                ]
            if f.fix is not None and f.cell is None:  # replacements would be regions of the JSON text
                result["fixes"] = [
                    {
                        "description": {"text": f"{f.fix.title} ({f.fix.applicability})"},
                        "artifactChanges": [
                            {
                                "artifactLocation": artifact,
                                "replacements": [
                                    {"deletedRegion": _region(e.span), "insertedContent": {"text": e.content}}
                                    for e in f.fix.edits
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    invocation: Dict[str, Any] = {"executionSuccessful": not problems}
    notifications = [{"level": "error", "message": {"text": p}} for p in problems]
    skipped = [report for report in reports if report.skipped]
    if skipped:
        # Not parsed: a syntax error there is no result, so the run says which files were left out.
        notifications.append(
            {
                "level": "note",
                "descriptor": {"id": SKIPPED_NOTIFICATION},
                "message": {"text": skipped_text(len(skipped)) + "."},
                "locations": [
                    {"physicalLocation": {"artifactLocation": _artifact(report.path, cwd)}} for report in skipped
                ],
            }
        )
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {
            "driver": {
                "name": "hybridlint",
                "version": version,
                "informationUri": _index_url(docs_url),
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": cwd.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifMergeError(ValueError):
    """SARIF files that cannot be merged into one run; the message says why."""


def merge_sarif(documents: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    """One run with the results of every run of `documents` (the SARIF of `check --shard` runs).

    Code scanning accepts one run per tool and category, so the runs are joined rather than
    listed: the rules are united (each result's `ruleIndex` re-pointed), invocations are joined
    (successful only when all were), and the runs must come from the same tool and folder."""
    runs = [run for document in documents for run in document.get("runs", [])]
    if not runs:
        raise SarifMergeError("no SARIF runs to merge")
    first = runs[0]
    driver = first["tool"]["driver"]
    rules: List[Dict[str, Any]] = []
    where: Dict[str, int] = {}
    results: List[Dict[str, Any]] = []
    notifications: List[Dict[str, Any]] = []
    skipped_note: Optional[Dict[str, Any]] = None
    successful = True
    for run in runs:
        other = run["tool"]["driver"]
        if (other.get("name"), other.get("version")) != (driver.get("name"), driver.get("version")):
            raise SarifMergeError(
                f"runs of different tools: {driver.get('name')} {driver.get('version')} and "
                f"{other.get('name')} {other.get('version')}"
            )
        if run.get("originalUriBaseIds") != first.get("originalUriBaseIds"):
            raise SarifMergeError("runs from different folders: run every shard from the same folder")
        own = other.get("rules", [])
        for rule in own:
            if rule["id"] not in where:
                where[rule["id"]] = len(rules)
                rules.append(rule)
        for result in run.get("results", []):
            result = dict(result)
            if "ruleIndex" in result:
                result["ruleIndex"] = where[own[result["ruleIndex"]]["id"]]
            results.append(result)
        for invocation in run.get("invocations", []):
            successful = successful and bool(invocation.get("executionSuccessful", True))
            for note in invocation.get("toolExecutionNotifications", []):
                if note.get("descriptor", {}).get("id") == SKIPPED_NOTIFICATION and skipped_note is not None:
                    skipped_note["locations"] = skipped_note.get("locations", []) + note.get("locations", [])
                    skipped_note["message"] = {"text": skipped_text(len(skipped_note["locations"])) + "."}
                    continue
                if note.get("descriptor", {}).get("id") == SKIPPED_NOTIFICATION:
                    skipped_note = note = dict(note)  # one note for the files every shard skipped
                notifications.append(note)
    invocation: Dict[str, Any] = {"executionSuccessful": successful}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    merged = dict(first)
    merged["tool"] = {**first["tool"], "driver": {**driver, "rules": rules}}
    merged["invocations"] = [invocation]
    merged["results"] = results
    return {**documents[0], "runs": [merged]}


def render_sarif(reports: Sequence[FileReport], rules: Sequence[Type[Rule]], **kwargs: Any) -> str:
    return json.dumps(build_sarif(reports, rules, **kwargs), indent=2, ensure_ascii=False)


# -- the rules table ----------------------------------------------------------------------------

FIX_LABEL = {FixSafety.SAFE: "safe", FixSafety.UNSAFE: "unsafe", FixSafety.NONE: "none"}


def _tier(rule: Type[Rule]) -> str:
    return "preview" if rule.preview else "stable"


def rules_json(rules: Sequence[Type[Rule]], docs_url: Optional[str] = None) -> str:
    from .data import precision_json

    return json.dumps(
        [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "fix": FIX_LABEL[r.fix_safety],
                "tier": _tier(r),
                # Measured on the ecosystem check (docs/accuracy.md); null below 5 judged findings.
                "precision": precision_json(r.code, bool(r.preview)),
                "summary": r.summary,
                "url": r.docs_url(docs_url),
            }
            for r in rules
        ],
        indent=2,
        ensure_ascii=False,
    )


def rules_table(rules: Sequence[Type[Rule]]) -> str:
    from .data import precision_label

    header = ("CODE", "NAME", "SEVERITY", "FIX", "TIER", "PRECISION", "SUMMARY")
    rows = [header] + [
        (
            r.code,
            r.name,
            r.severity.label,
            FIX_LABEL[r.fix_safety],
            _tier(r),
            precision_label(r.code, bool(r.preview)),
            r.summary,
        )
        for r in rules
    ]
    last = len(header) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(last)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:last])) + "  " + row[last] for row in rows
    )
