"""The rule API: what one module under `rules/` declares.

A rule is a class with its identity (code, name, severity), its documentation in fixed sections,
its examples (which are its tests), and `visit_<NodeType>` methods that the engine calls during its
single walk over the module. Rules read module facts from `self.ctx` and report findings with
`self.report(...)`; a fix is a callable, built only when a front end asks for it.

The rule author's guide is docs/rule-api.md: this API, examples as tests, the preview tier, and the
principle that a message states only what the analysis showed.
"""

from __future__ import annotations

import ast
import enum
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, ClassVar, FrozenSet, List, Optional, Sequence, Tuple, Union

from .source import Edit, Span

if TYPE_CHECKING:
    from .engine import Context
    from .facts import FunctionInfo
    from .oracle import Oracle


# Re-entrant: a factory may ask for another finding's fix (fix-all re-checks the fixed text).
_FIX_LOCK = threading.RLock()


class Severity(enum.IntEnum):
    """Values match LSP's DiagnosticSeverity."""

    ERROR = 1
    WARNING = 2
    INFO = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning, info or hint)") from None


class FixSafety(str, enum.Enum):
    SAFE = "safe"  # keeps behaviour; applied by `--fix` and fix-all
    UNSAFE = "unsafe"  # changes behaviour on purpose or cannot be proven safe; opt-in
    NONE = "none"  # the rule offers no automatic fix


@dataclass(frozen=True)
class Fix:
    title: str
    edits: Tuple[Edit, ...]
    safety: FixSafety

    @property
    def is_safe(self) -> bool:
        return self.safety is FixSafety.SAFE


@dataclass(frozen=True)
class Related:
    """Another place that explains the finding (the decorator, the call site that retraces)."""

    span: Span
    message: str
    path: Optional[str] = None  # another file of the project (project-relative); None: this file


@dataclass(eq=False)
class Finding:
    code: str
    name: str
    span: Span
    message: str
    severity: Severity
    related: Tuple[Related, ...] = ()
    fix_factory: Optional[Callable[[], Optional[Fix]]] = field(default=None, repr=False)
    _fix: Optional[Fix] = field(default=None, repr=False)
    _fix_built: bool = field(default=False, repr=False)
    # Decided on weaker evidence (`report(..., preview=True)`, or code traced only on weak evidence):
    # shown only in preview mode, even when the rule itself is stable.
    weak: bool = False

    @property
    def fix(self) -> Optional[Fix]:
        """The fix, built on first use. The engine wraps the factory so a fix whose result does not
        parse is never returned.

        The language server asks for fixes from several threads at once (code actions and resolve
        for the same findings): each fix is built once, under one lock for every finding, because the
        factories of one module share lazily filled analyses (tensor-ness, effects) that are not
        safe to fill from two threads. It is marked built only once the factory has returned, so no
        thread sees "no fix" for a fixable finding while another is building it."""
        if self._fix_built:
            return self._fix
        with _FIX_LOCK:
            if not self._fix_built:
                self._fix = self.fix_factory() if self.fix_factory is not None else None
                self._fix_built = True
        return self._fix

    @property
    def sort_key(self) -> Tuple[int, int, str]:
        return (self.span.line, self.span.col, self.code)


# -- examples: a rule's own tests ------------------------------------------------------------


Flagged = Union[str, Tuple[str, int]]


@dataclass(frozen=True)
class Bad:
    """Code the rule must flag.

    `flagged` lists the exact source text of each expected finding's range (a `(text, n)` pair picks
    the n-th occurrence, counting from 0). `fixed` is the whole text after applying the rule's fix to
    every finding; None when the rule offers no fix for this example. `name` identifies the example
    within its rule (unique there; required for an example the rule's oracle runs, which keys its run
    by it).
    """

    code: str
    flagged: Sequence[Flagged]
    fixed: Optional[str] = None
    note: str = ""
    path: str = "example.py"
    # The other files of a multi-module example, as (project-relative path, text) pairs: the example is
    # then checked at `path` with the project index of all the files (`hybridlint.project`).
    project: Tuple[Tuple[str, str], ...] = ()
    # True when the finding comes from a weaker context reported only in preview mode
    # (`report(..., preview=True)`): the example is then silent without `preview = true`.
    preview: bool = False
    name: str = ""


@dataclass(frozen=True)
class Good:
    """Code the rule must not flag (the good practice, or a near-miss from the rule's card)."""

    code: str
    note: str = ""
    path: str = "example.py"
    project: Tuple[Tuple[str, str], ...] = ()  # as for `Bad`
    name: str = ""  # as for `Bad`


# -- the rule base class ---------------------------------------------------------------------


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    fix_safety: ClassVar[FixSafety] = FixSafety.NONE
    summary: ClassVar[str]  # one line, for the rules table
    # Documentation, markdown, in the fixed sections of every rule page.
    what_it_does: ClassVar[str]
    why_bad: ClassVar[str]  # with the study's evidence
    use_instead: ClassVar[str]
    fix_safety_doc: ClassVar[str]
    references: ClassVar[Sequence[str]] = ()
    examples: ClassVar[Sequence[Union[Bad, Good]]] = ()
    # How real TensorFlow shows the harm of the bad examples (hybridlint/oracle.py, tests/oracle/).
    oracle: ClassVar[Optional["Oracle"]] = None
    # True for a rule that can only report in a module with traced code (`ModuleFacts.has_traced_code`):
    # the engine then skips it in the other modules, which are most of a real project (about 95%
    # of the lines of the benchmark's projects: docs/performance.md).
    needs_traced_code: ClassVar[bool] = False
    # Identifiers (ASCII) of which a module's text must contain one for the rule to report there: the
    # engine skips the rule in a module whose text names none of them. Only for a rule whose every
    # finding needs a keyword, attribute or name spelled in the text; a non-ASCII text always runs the
    # rule (Python folds identifiers by NFKC, so another spelling can parse to the same name).
    needs_words: ClassVar[Tuple[str, ...]] = ()
    # True for a rule whose `visit_` methods act only inside functions that run as graphs (they
    # return at once when `ctx.graph` is None): the engine then calls them only there. In a module
    # that another module traces one function of, that is most of the walk saved.
    visits_graph_code_only: ClassVar[bool] = False
    # What the rule reads of the project index beyond what every check gets, each costly to compute
    # on a cold index: "effects" (`ExternalFunction.effects`, the Python side effects of another
    # module's function, read through `effects_for`) and "int_args" (`ExternalCall.int_args`, the ints
    # a caller in another module passes). A run that selects no rule reading one leaves it empty in
    # every link (`project.index_reads`); tests/test_cli_project.py checks that each rule declares
    # what its code reads.
    reads_index: ClassVar[FrozenSet[str]] = frozenset()
    # True for a rule in the preview tier: it runs only with `preview = true` (`--preview`). A rule is
    # stable once the ecosystem check (bench/ecosystem.py) shows precision >= 0.9 over >= 5 judged
    # findings; a stable rule reports from weaker contexts with `self.report(..., preview=True)`.
    preview: ClassVar[bool] = False
    # True for a rule whose findings rest on the code being traced although it also acts elsewhere (or
    # reports from `finish`): like the `visits_graph_code_only` rules, its findings in code traced only on
    # weak evidence are preview. Rules about eager call sites (retracing, recreation) leave it False.
    graph_findings: ClassVar[bool] = False

    def __init__(self, ctx: "Context"):
        self.ctx = ctx

    @classmethod
    def summarize_function(cls, ctx: "Context", info: "FunctionInfo") -> Optional[object]:
        """What this rule needs to know, in other modules, about a function of this one: a JSON-able
        note kept in the project index (`ExternalFunction.notes[code]`), or None. Called once per
        module-level function and method when the index summarises the module."""
        return None

    # Subclasses define visit_<ast node class name>(self, node) methods, and may define finish().
    def finish(self) -> None:
        """Called once after the walk, for rules that report from what they collected."""

    def report(
        self,
        where: Union[ast.AST, Span],
        message: str,
        *,
        fix: Optional[Callable[[], Optional[Fix]]] = None,
        related: Sequence[Related] = (),
        severity: Optional[Severity] = None,
        preview: bool = False,
    ) -> None:
        """Report a finding. `preview=True` marks one decided on weaker evidence: it is shown only in
        preview mode. The message may state only what the analysis showed (docs/rule-api.md)."""
        if not preview and self._rests_on_graph():
            # code traced only on weak evidence (a base class only named like Keras, `strategy.run`):
            # every finding that rests on it is preview, whichever rule makes it
            graph = self.ctx.graph
            if graph is None and self.ctx.function is None:  # reported after the walk (`finish`)
                info = self.ctx.function_at(where)
                graph = info.graph if info is not None else None
            preview = graph is not None and graph.is_weak
        if not preview and self.ctx.unimportable is not None:
            preview = True  # dead code: weak evidence that it is ever traced or run
        if preview and not self.ctx.settings.preview:
            return
        dead = self.ctx.unimportable
        if dead is not None:
            segment = self.ctx.source.segment(dead) or "a relative import"
            message += (
                f" (Weak evidence: this module cannot be imported as it stands, as line {dead.lineno}, "
                f"`{segment.splitlines()[0]}`, imports a module this project does not have.)"
            )
        self.ctx.add_finding(self, where, message, fix=fix, related=related, severity=severity, weak=preview)

    @classmethod
    def _rests_on_graph(cls) -> bool:
        """`graph_findings`, or a rule (or a rule it derives from) that visits only traced code."""
        return cls.graph_findings or any(vars(k).get("visits_graph_code_only") for k in cls.__mro__)

    @classmethod
    def bad_examples(cls) -> List[Bad]:
        return [e for e in cls.examples if isinstance(e, Bad)]

    @classmethod
    def good_examples(cls) -> List[Good]:
        return [e for e in cls.examples if isinstance(e, Good)]

    @classmethod
    def docs_url(cls, base: Optional[str] = None) -> str:
        """The rule's page: `base` is the `docs-url` setting (default: the HTML shipped in the package)."""
        from . import docs_url

        return docs_url(cls.code, base)
