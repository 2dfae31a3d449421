"""Code actions: a quick fix per finding, "Disable HYB004 for this line", and fix-all.

Every edit is checked before it is offered: the engine re-parses the text a rule's fix produces,
fix-all goes through `engine.fix_source` (which re-parses every round) or, in the menu of a client that
cannot resolve actions, applies this analysis's fixes and re-parses once, and a noqa comment must leave
the statement's syntax tree exactly as it was (appending to a line inside a triple-quoted string, or
after a backslash, would not).
"""

from __future__ import annotations

import ast
import bisect
import importlib.util
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from lsprotocol import types

from hybridlint.engine import NOQA_COMMENT, fix_source, non_overlapping_fixes, noqa_codes
from hybridlint.files import parses
from hybridlint.incremental import _changed_region
from hybridlint.rule import Finding
from hybridlint.source import Edit, SourceText, Span, apply_edits, parse_python

from .convert import Analysis

FIX_ALL_KIND = "source.fixAll.hybridlint"
_HAS_LIBCST = importlib.util.find_spec("libcst") is not None
KIND_FIX = "fix"
KIND_FIX_ALL = "fixAll"


@dataclass(frozen=True)
class ActionOptions:
    lazy: bool  # the client resolves `edit` through codeAction/resolve
    document_changes: bool  # the client accepts versioned TextDocumentEdits
    unsafe_fixes: bool  # offer unsafe fixes as quick fixes
    fix_all: bool  # offer source.fixAll.hybridlint
    disabled_support: bool = False  # the client shows actions with `disabled.reason` (codeActionDisabledSupport)


def kind_allowed(kind: str, only: Optional[Sequence[str]]) -> bool:
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


# -- edits --------------------------------------------------------------------------------------


def workspace_edit(analysis: Analysis, edits: Sequence[Edit], options: ActionOptions) -> types.WorkspaceEdit:
    positions = analysis.positions
    text_edits = [types.TextEdit(range=positions.range(e.span), new_text=e.text) for e in edits]
    if options.document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=analysis.uri, version=analysis.version
                    ),
                    edits=text_edits,  # type: ignore[arg-type]
                )
            ]
        )
    return types.WorkspaceEdit(changes={analysis.uri: text_edits})


def _statement_lines(tree: Optional[ast.Module], line: int) -> Optional[tuple]:
    """First and last line of the top-level statement holding `line`."""
    if tree is None or not tree.body:
        return None
    heads = []
    for stmt in tree.body:
        decorators = getattr(stmt, "decorator_list", None) or []
        heads.append(min([stmt.lineno] + [d.lineno for d in decorators]))
    index = bisect.bisect_right(heads, line) - 1
    if index < 0:
        return None
    stmt = tree.body[index]
    end = stmt.end_lineno or stmt.lineno
    return (heads[index], end) if line <= end else None


def _same_tree(before: str, after: str, first: int, last: int) -> bool:
    """Whether lines [first, last] of two texts parse to identical trees, positions included."""

    def dump(text: str) -> Optional[str]:
        source = SourceText(text)
        begin = source.line_starts[first - 1]
        end = source.line_starts[last] if last < source.line_count else len(text)
        try:
            tree = parse_python("\n" * (first - 1) + text[begin:end])
        except (SyntaxError, ValueError):
            return None
        return ast.dump(tree, include_attributes=True)

    old = dump(before)
    return old is not None and old == dump(after)


def noqa_edit(analysis: Analysis, finding: Finding) -> Optional[Edit]:
    """Add `# noqa: CODE` to the finding's line, or add the code to the noqa comment there."""
    with analysis.statements() as tree:
        return _noqa_edit(analysis, finding, tree)


def _noqa_edit(analysis: Analysis, finding: Finding, tree: Optional[ast.Module]) -> Optional[Edit]:
    source = SourceText(analysis.text)
    for line in dict.fromkeys((finding.span.line, finding.span.end_line)):
        text = source.line_text(line)
        codes = noqa_codes(text)
        match = NOQA_COMMENT.search(text) if codes else None
        if match is not None and match.group("codes"):
            at = match.end("codes")
            edit = Edit(Span(line, at, line, at), f", {finding.code}")
        elif codes is None:
            content = text.rstrip(" \t\f")
            edit = Edit(Span(line, len(content), line, len(text)), f"  # noqa: {finding.code}")
        else:
            continue  # a bare `# noqa` already silences everything here
        fixed = apply_edits(analysis.text, [edit], source)
        new_codes = noqa_codes(SourceText(fixed).line_text(line))
        if not new_codes or finding.code not in new_codes:
            continue
        lines = _statement_lines(tree, line)
        if lines is None or not _same_tree(analysis.text, fixed, *lines):
            continue
        return edit
    return None


def fix_all_edit(analysis: Analysis, path: str, *, recheck: bool = True) -> Optional[Edit]:
    """One edit covering everything the safe fixes change (so the cursor stays where it was).

    `recheck`: fix until nothing is left, re-checking after each round (`engine.fix_source`), as
    when the client asks for fix-all by kind (on save) or resolves the action. Without it, one
    round of the fixes this analysis already has, verified by one parse: what a client that never
    resolves actions gets in its menu, at the cost of the fixes in the document, not of a check."""
    # The analysis equals a full check of this text: without a safe fix in it, fix_source would
    # find none either (fix-all on save then costs nothing).
    if not any(f.fix is not None and f.fix.is_safe for f in analysis.findings):
        return None
    if recheck:
        fixed = fix_source(analysis.text, path, analysis.settings, unsafe=False, rules=analysis.rules).text
    else:
        source = SourceText(analysis.text)
        edits, _ = non_overlapping_fixes(
            analysis.findings, source, False, usable=lambda fix: not _reaches_masked(analysis, fix.edits)
        )
        fixed = apply_edits(analysis.text, edits, source)
        if not parses(fixed):
            return None
    if fixed == analysis.text:
        return None
    outcome_text = fixed
    start, old_end, new_end = _changed_region(analysis.text, outcome_text)
    source = SourceText(analysis.text)
    line, col = source.position(start)
    end_line, end_col = source.position(old_end)
    return Edit(Span(line, col, end_line, end_col), outcome_text[start:new_end])


# -- actions ------------------------------------------------------------------------------------


def _reaches_masked(analysis: Analysis, edits: Sequence[Edit]) -> bool:
    """While the text does not parse, fixes were verified on a copy with the broken statements
    blanked out; an edit touching those lines would not do to the real text what was verified."""
    masked = analysis.outcome.masked if analysis.outcome is not None else ()
    return any(first <= e.span.end_line and e.span.line <= last for e in edits for first, last in masked)


def _data(analysis: Analysis, kind: str, finding: Optional[Finding] = None) -> Dict[str, Any]:
    data: Dict[str, Any] = {"uri": analysis.uri, "version": analysis.version, "kind": kind}
    if finding is not None:
        data.update(code=finding.code, span=list(finding.span))
    return data


def quick_fix(
    analysis: Analysis, finding: Finding, diagnostic: types.Diagnostic, options: ActionOptions
) -> Optional[types.CodeAction]:
    fix = finding.fix  # built now: the title says what the fix does
    if fix is None or (not fix.is_safe and not options.unsafe_fixes) or _reaches_masked(analysis, fix.edits):
        return None
    title = f"hybridlint ({finding.code}): {fix.title}" + ("" if fix.is_safe else " (unsafe)")
    action = types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=fix.is_safe,
    )
    if options.lazy:
        action.data = _data(analysis, KIND_FIX, finding)
    else:
        action.edit = workspace_edit(analysis, fix.edits, options)
    return action


def noqa_action(
    analysis: Analysis, finding: Finding, diagnostic: types.Diagnostic, options: ActionOptions
) -> Optional[types.CodeAction]:
    # Cheap (one line, one statement parsed twice), and whether it can be offered at all depends
    # on it: computed now even for clients that resolve lazily.
    edit = noqa_edit(analysis, finding)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"Disable {finding.code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=workspace_edit(analysis, [edit], options),
    )


def fix_all_action(
    analysis: Analysis, path: str, options: ActionOptions, asked: bool
) -> Optional[types.CodeAction]:
    action = types.CodeAction(title="hybridlint: Apply all safe fixes", kind=FIX_ALL_KIND)
    if options.lazy:
        action.data = _data(analysis, KIND_FIX_ALL)
        return action
    # A client that cannot resolve gets the edit now: re-checked when it asked for fix-all by kind
    # (on save), from this analysis's fixes when it only lists the actions at the cursor.
    edit = fix_all_edit(analysis, path, recheck=asked)
    action.edit = workspace_edit(analysis, [edit] if edit is not None else [], options)
    return action


def code_actions(
    analysis: Analysis,
    params: types.CodeActionParams,
    path: str,
    options: ActionOptions,
) -> List[types.CodeAction]:
    only = params.context.only
    actions: List[types.CodeAction] = []
    wants_fixes = kind_allowed(types.CodeActionKind.QuickFix, only)
    noqa_actions: List[types.CodeAction] = []
    if wants_fixes:
        for diagnostic in params.context.diagnostics:
            finding = analysis.finding_for(diagnostic)
            if finding is None:
                continue
            action = quick_fix(analysis, finding, diagnostic, options)
            if action is not None:
                actions.append(action)
            noqa = noqa_action(analysis, finding, diagnostic, options)
            if noqa is not None:
                noqa_actions.append(noqa)
    actions.extend(noqa_actions)
    try:
        actions.extend(hybridize_actions(analysis, params, options))
    except Exception:  # noqa: BLE001 - a refactoring must never cost the user the quick fixes
        pass
    if options.fix_all and kind_allowed(FIX_ALL_KIND, only):
        asked = bool(only) and any(FIX_ALL_KIND == o or FIX_ALL_KIND.startswith(o + ".") for o in only)
        # Offered when asked for by kind (fix-all on save), or when some finding may have a fix.
        if asked or any(f.fix_factory is not None for f in analysis.findings):
            action = fix_all_action(analysis, path, options, asked)
            if action is not None:
                actions.append(action)
    return actions


def resolve(analysis: Analysis, action: types.CodeAction, path: str, options: ActionOptions) -> types.CodeAction:
    """Fill in the edit of an action offered lazily (an unchanged action if its finding is gone)."""
    data = action.data if isinstance(action.data, dict) else {}
    kind = data.get("kind")
    eager = ActionOptions(False, options.document_changes, options.unsafe_fixes, options.fix_all)
    if kind == KIND_HYBRIDIZE:
        return resolve_hybridize(analysis, action, data, eager)
    if kind == KIND_FIX_ALL:
        edit = fix_all_edit(analysis, path)
        action.edit = workspace_edit(analysis, [edit] if edit is not None else [], eager)
        return action
    span = data.get("span")
    code = data.get("code")
    if not isinstance(code, str) or not isinstance(span, list) or len(span) != 4:
        return action
    try:
        finding = analysis.finding(code, Span(*[int(v) for v in span]))
    except (TypeError, ValueError):
        return action
    if finding is None:
        return action
    if kind == KIND_FIX:
        fix = finding.fix
        if fix is not None and (fix.is_safe or options.unsafe_fixes) and not _reaches_masked(analysis, fix.edits):
            action.edit = workspace_edit(analysis, fix.edits, eager)
    return action


# -- hybridize refactorings (refactor.rewrite) ----------------------------------------------------------

REFACTOR_KIND = types.CodeActionKind.RefactorRewrite
KIND_HYBRIDIZE = "hybridize"
_SIGNATURE_DISAGREES = (
    "its call sites do not agree on dtype and rank, or do not build their arguments with TensorFlow "
    "constructors this analysis reads"
)


def _signature_reason(hz, info) -> str:
    args = info.node.args
    if args.vararg is not None or args.kwarg is not None or args.kwonlyargs:
        return "it takes `*args`, `**kwargs` or keyword-only parameters"
    if not hz.sites(info):
        return "no call site was found"
    return _SIGNATURE_DISAGREES


def hybridize_analysis(analysis: Analysis):
    """The document's hybridize decisions, computed once per analysed version (kept on the analysis)."""
    cached = analysis.__dict__.get("_hybridize")
    if cached is not None:
        return cached
    outcome = analysis.outcome
    if outcome is None or outcome.tree is None or outcome.masked or outcome.result.source.text != analysis.text:
        return None  # only a text that parses as it is: the edit is built on it
    from hybridlint.facts import ModuleFacts
    from hybridlint.hybridize import hybridize_for

    # The check's own facts when it kept them (the same tree, settings and link). Their nodes are shared
    # with later versions, which may renumber them: every reader of the decisions runs inside
    # `analysis.statements()`, which holds this version's numbering.
    facts = outcome.result.facts
    if facts is None:
        facts = ModuleFacts(
            outcome.tree,
            analysis.settings.alias_modules,
            analysis.__dict__.get("link"),
            multi_backend_keras=analysis.settings.multi_backend_keras(),
        )
    found = hybridize_for(facts)
    analysis.__dict__["_hybridize_tree"] = outcome.tree
    analysis.__dict__["_hybridize"] = found
    return found


_BODIES = ("body", "orelse", "handlers", "finalbody")


def _on_function_header(analysis: Analysis, line: int) -> bool:
    """Whether `line` is in the header (decorators to `def ...:`) of some function, looking only at
    statements, never expressions: the refactorings are offered only there."""
    with analysis.statements() as tree:
        if tree is None:
            return True  # unknown: let the decisions say
        stack: List[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])  # type: ignore[attr-defined]
            if not first <= line <= (node.end_lineno or node.lineno):  # type: ignore[attr-defined]
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                header_end = max(node.body[0].lineno - 1 if node.body else node.lineno, node.lineno)
                if line <= header_end:
                    return True
            for name in _BODIES:
                stack.extend(n for n in getattr(node, name, ()) if isinstance(n, (ast.stmt, ast.excepthandler)))
            for case in getattr(node, "cases", ()):  # `match`
                stack.extend(case.body)
        return False


def hybridize_actions(
    analysis: Analysis, params: types.CodeActionParams, options: ActionOptions
) -> List[types.CodeAction]:
    """Convert to / remove tf.function and add an input_signature, on a function's name or decorator."""
    if not kind_allowed(REFACTOR_KIND, params.context.only) or not _HAS_LIBCST:
        return []  # the edits are built with LibCST, which a bundled server may not carry (compiled)
    line, col = analysis.positions.engine_position(params.range.start)
    if not _on_function_header(analysis, line):
        return []  # most requests are for a diagnostic elsewhere: no need for the module's decisions
    with analysis.statements() as tree:  # the decisions read shared nodes: this version's numbering
        return _hybridize_actions(analysis, options, line, col) if tree is not None else []


def _hybridize_actions(analysis: Analysis, options: ActionOptions, line: int, col: int) -> List[types.CodeAction]:
    hz = hybridize_analysis(analysis)
    if hz is None:
        return []
    from hybridlint.hybridize import function_at, plain_decorator

    info = function_at(hz.facts, line, col)
    if info is None:
        return []
    decision = hz.decide(info)
    name = info.name
    actions: List[types.CodeAction] = []

    def offer(title: str, op: str, ok: bool, reason: str) -> None:
        action = types.CodeAction(title=title, kind=REFACTOR_KIND)
        if not ok:
            if not options.disabled_support:
                return
            action.disabled = types.CodeActionDisabled(reason=reason)
            actions.append(action)
            return
        data = {"uri": analysis.uri, "version": analysis.version, "kind": KIND_HYBRIDIZE, "op": op,
                "line": info.node.lineno, "name": name}
        if options.lazy:
            action.data = data
        else:
            action = resolve_hybridize(analysis, action, data, options)
            if action.edit is None:
                return
        actions.append(action)

    if not decision.hybrid:
        offer(f"Convert `{name}` to tf.function", "convert", decision.convertible,
              f"`{name}` cannot be converted: {decision.reason()}")
    elif plain_decorator(info):
        if info.decorator is not None and not info.decorator.has_input_signature and hz.parameters(info):
            offer(f"Add an input_signature to `{name}`", "signature", decision.signature is not None,
                  f"no input_signature can be inferred for `{name}`: {_signature_reason(hz, info)}")
        offer(f"Remove tf.function from `{name}`", "remove", decision.removable,
              f"`{name}` should stay a tf.function: {decision.reason()}")
    return actions


def resolve_hybridize(analysis: Analysis, action: types.CodeAction, data: Dict[str, Any], options: ActionOptions) -> types.CodeAction:
    """Build the refactoring's edit with LibCST (only now: the decision needed none)."""
    with analysis.statements() as tree:  # the decisions read shared nodes: this version's numbering
        return _resolve_hybridize(analysis, action, data, options) if tree is not None else action


def _resolve_hybridize(analysis: Analysis, action: types.CodeAction, data: Dict[str, Any], options: ActionOptions) -> types.CodeAction:
    hz = hybridize_analysis(analysis)
    op, line, name = data.get("op"), data.get("line"), data.get("name")
    if hz is None or not isinstance(line, int) or not isinstance(name, str):
        return action
    from hybridlint.hybridize_rewrite import RewriteError, changed_region, key_of, rewrite, tf_alias

    tree = hz.facts.tree
    info = next((f for f in hz.facts.functions if getattr(f.node, "lineno", None) == line and f.name == name), None)
    key = key_of(tree, line, name)
    if info is None or key is None:
        return action
    decision = hz.decide(info)
    allowed = {"convert": decision.convertible, "remove": decision.removable, "signature": decision.signature is not None}
    if not allowed.get(op, False):
        return action
    signature = decision.signature.render(tf_alias(tree) or "tf") if op == "signature" and decision.signature else None
    try:
        new_text = rewrite(analysis.text, key, op, signature)
    except (RewriteError, SyntaxError, ValueError):
        return action
    except Exception:  # noqa: BLE001 - LibCST cannot parse everything `ast` can; offer nothing then
        return action
    if new_text == analysis.text:
        return action
    start, old_end, new_end = changed_region(analysis.text, new_text)
    source = SourceText(analysis.text)
    first, first_col = source.position(start)
    last, last_col = source.position(old_end)
    edit = Edit(Span(first, first_col, last, last_col), new_text[start:new_end])
    action.edit = workspace_edit(analysis, [edit], options)
    return action
