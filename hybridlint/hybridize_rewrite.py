"""The edits of the hybridize refactorings, built with LibCST on the function's module.

LibCST keeps every comment and all formatting, so the text outside the lines a refactoring changes stays
byte for byte the same. It is only imported here, when an action is resolved or applied: deciding
(`hybridlint.hybridize`) stays on the `ast` engine. The function is found by its place among the defs of
the module (the names of its enclosing classes and functions, and which of the defs with that path it
is), which needs no LibCST position metadata (slow on large modules).
"""

from __future__ import annotations

import ast
from typing import List, Optional, Sequence, Tuple

from .source import parse_python

CONVERT, SIGNATURE, REMOVE = "convert", "signature", "remove"


class RewriteError(Exception):
    """The refactoring cannot be built on this text (the function moved, or the result would not parse)."""


def locate(tree: ast.Module, target: ast.AST) -> Optional[Tuple[Tuple[str, ...], int]]:
    """The path of names down to `target` and its index among the defs with that path, in source order."""
    found: List[Tuple[Tuple[str, ...], ast.AST]] = []

    def visit(node: ast.AST, path: Tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((path + (child.name,), child))
                visit(child, path + (child.name,))
            elif isinstance(child, ast.ClassDef):
                visit(child, path + (child.name,))
            else:
                visit(child, path)

    visit(tree, ())
    for path, node in found:
        if node is target:
            same = [n for p, n in found if p == path]
            return path, same.index(node)
    return None


def tf_alias(tree: ast.Module) -> Optional[str]:
    """The name `import tensorflow [as X]` binds at module level, if any."""
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name == "tensorflow":
                    return alias.asname or "tensorflow"
                if alias.name in ("tensorflow.compat.v2",) and alias.asname:
                    return alias.asname
    return None


def _is_tf_function(expr, alias_names: Sequence[str]) -> bool:
    import libcst as cst

    target = expr.func if isinstance(expr, cst.Call) else expr
    if isinstance(target, cst.Attribute) and target.attr.value == "function":
        value = target.value
        if isinstance(value, cst.Name) and value.value in alias_names:
            return True
    if isinstance(target, cst.Name) and target.value == "function" and "function" in alias_names:
        return True
    return False


Key = Tuple[Tuple[str, ...], int]


def key_of(tree: ast.Module, line: int, name: str) -> Optional[Key]:
    """The stable key of the def `name` whose `def` keyword is on `line`."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno == line and node.name == name:
            return locate(tree, node)
    return None


def rewrite(text: str, where: Key, operation: str, signature: Optional[str] = None) -> str:
    """`text` with the refactoring applied to the def `where` names (see `locate`). Adding a decorator
    or an import never changes another def's key, so several refactorings apply one after the other."""
    import libcst as cst
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    tree = parse_python(text)
    path, index = where
    alias = tf_alias(tree)
    aliases = [alias] if alias else []
    for stmt in tree.body:  # `from tensorflow import function`
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "tensorflow" and stmt.level == 0:
            aliases += [a.asname or a.name for a in stmt.names if a.name == "function"]
    if alias is not None:
        decorator_text = f"{alias}.function"
    elif len(aliases) > 0:
        decorator_text = aliases[0]  # `from tensorflow import function`
    else:
        decorator_text = "tf.function"

    class Transformer(cst.CSTTransformer):
        def __init__(self) -> None:
            self.stack: List[str] = []
            self.seen = 0
            self.done = False

        def visit_ClassDef(self, node):
            self.stack.append(node.name.value)

        def leave_ClassDef(self, original, updated):
            self.stack.pop()
            return updated

        def visit_FunctionDef(self, node):
            self.stack.append(node.name.value)

        def leave_FunctionDef(self, original, updated):
            here = tuple(self.stack)
            self.stack.pop()
            if here != path:
                return updated
            mine = self.seen == index
            self.seen += 1
            if not mine:
                return updated
            self.done = True
            return self.change(updated)

        def change(self, node):
            decorators = list(node.decorators)
            if operation == CONVERT:
                at = insert_at
                expr = cst.parse_expression(
                    decorator_text if not signature else f"{decorator_text}(input_signature={signature})"
                )
                decorators.insert(at, cst.Decorator(decorator=expr))
                return node.with_changes(decorators=decorators)
            found = [i for i, d in enumerate(decorators) if _is_tf_function(d.decorator, aliases)]
            if not found:
                raise RewriteError("the function has no tf.function decorator")
            i = found[-1]
            if operation == REMOVE:
                del decorators[i]
                # the def keeps the comments and blank lines that led the removed decorator
                lead = node.decorators[i].leading_lines
                if i == 0 and lead:
                    if decorators:
                        decorators[0] = decorators[0].with_changes(leading_lines=lead)
                    else:
                        return node.with_changes(decorators=decorators, leading_lines=list(node.leading_lines) + list(lead))
                return node.with_changes(decorators=decorators)
            if operation == SIGNATURE:
                dec = decorators[i]
                keyword = cst.Arg(
                    keyword=cst.Name("input_signature"),
                    value=cst.parse_expression(signature or "[]"),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
                )
                if isinstance(dec.decorator, cst.Call):
                    call = dec.decorator
                    if any(a.keyword is not None and a.keyword.value == "input_signature" for a in call.args) or len(
                        [a for a in call.args if a.keyword is None]
                    ) > 1:
                        raise RewriteError("the decorator already has an input_signature")
                    args = list(call.args)
                    if args:
                        last = args[-1]
                        if last.comma is cst.MaybeSentinel.DEFAULT:
                            args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                    args.append(keyword)
                    new = call.with_changes(args=args)
                else:
                    new = cst.Call(func=dec.decorator, args=[keyword])
                decorators[i] = dec.with_changes(decorator=new)
                return node.with_changes(decorators=decorators)
            raise RewriteError(f"unknown refactoring {operation!r}")

    # LibCST parses only what changes: the top-level statement holding the def, and the module's leading
    # imports when one is added (a whole 3,500-line module takes LibCST seconds; one statement, ms).
    node = _find(tree, path, index)
    if node is None:
        raise RewriteError("the function is no longer there")
    top = next(st for st in tree.body if st.lineno <= node.lineno <= (st.end_lineno or st.lineno))
    first = min([top.lineno] + [d.lineno for d in getattr(top, "decorator_list", [])])
    lines = text.splitlines(keepends=True)
    last = top.end_lineno or top.lineno
    segment = "".join(lines[first - 1 : last])
    insert_at = insertion_index(node, [alias] if alias else [], tf_names=aliases)
    segment_tree = parse_python(segment)
    local_node = _find(segment_tree, path, None, node.lineno - first + 1)
    local = locate(segment_tree, local_node) if local_node is not None else None
    if local is None:
        raise RewriteError("the function is no longer there")
    path, index = local
    transformer = Transformer()
    changed = cst.parse_module(segment).visit(transformer)
    if not transformer.done:
        raise RewriteError("the function is no longer there")
    head_end = 0  # lines of the leading docstring and imports
    head = ""
    if operation == CONVERT and alias is None and not aliases:
        for stmt in tree.body:
            is_doc = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)
            if stmt is top or not (is_doc or isinstance(stmt, (ast.Import, ast.ImportFrom))):
                break
            head_end = stmt.end_lineno or stmt.lineno
        if head_end >= first:
            head_end = 0
        context = CodemodContext()
        AddImportsVisitor.add_needed_import(context, "tensorflow", asname="tf")
        header = "".join(lines[:head_end])
        newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
        head = cst.parse_module(header).visit(AddImportsVisitor(context)).code if header else f"import tensorflow as tf{newline}"
    result = head + "".join(lines[head_end : first - 1]) + changed.code + "".join(lines[last:])
    try:
        parse_python(result)
    except SyntaxError as exc:
        raise RewriteError(f"the result does not parse: {exc}") from None
    return result


def _find(tree: ast.Module, path: Tuple[str, ...], index: Optional[int], line: Optional[int] = None):
    """The def at `path` (the `index`-th with that path, or the one whose `def` is on `line`)."""
    matches = []

    def visit(node: ast.AST, here: Tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if here + (child.name,) == path:
                    matches.append(child)
                visit(child, here + (child.name,))
            elif isinstance(child, ast.ClassDef):
                visit(child, here + (child.name,))
            else:
                visit(child, here)

    visit(tree, ())
    if line is not None:
        return next((m for m in matches if m.lineno == line), None)
    return matches[index] if index is not None and index < len(matches) else None


def changed_region(before: str, after: str) -> Tuple[int, int, int]:
    """Offsets (start, end in `before`, end in `after`) of the one region that differs, whole lines."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    start = before.rfind("\n", 0, start) + 1
    end_b, end_a = len(before), len(after)
    while end_b > start and end_a > start and before[end_b - 1] == after[end_a - 1]:
        end_b -= 1
        end_a -= 1
    return start, end_b, end_a


# -- what-if: the rules on a copy with the decorator added ---------------------------------------


def insertion_index(node: ast.AST, aliases: Sequence[str], tf_names: Sequence[str] = ()) -> int:
    """Where `@tf.function` goes among the def's decorators: below the user's own decorators (they keep
    wrapping what they wrapped), above TensorFlow's (`@tf.custom_gradient` must stay innermost)."""
    decorators = list(getattr(node, "decorator_list", []))
    roots = set(aliases) | {"tensorflow", "tf"} | set(tf_names)
    for index, dec in enumerate(decorators):
        target = dec.func if isinstance(dec, ast.Call) else dec
        while isinstance(target, ast.Attribute):
            target = target.value
        if isinstance(target, ast.Name) and target.id in roots:
            return index
    return len(decorators)


def decorated_copy(text: str, tree: ast.Module, target: ast.AST) -> Tuple[str, List[Tuple[int, int]]]:
    """`text` with `@tf.function` above the def (inside staticmethod/classmethod), and `import
    tensorflow as tf` before its top-level statement when the module has no alias. Plain line
    insertions (no LibCST): the copy is only analysed. Returns the text and the inserted lines as
    (line in the copy, line of the original it stands for)."""
    lines = text.splitlines(keepends=True)
    alias = tf_alias(tree)
    inserted: List[Tuple[int, int]] = []
    decorators = [d for d in getattr(target, "decorator_list", [])]
    index = insertion_index(target, [alias] if alias else [])
    at = decorators[index].lineno if index < len(decorators) else target.lineno  # type: ignore[attr-defined]
    indent = target.col_offset  # type: ignore[attr-defined]
    line_text = lines[at - 1] if at - 1 < len(lines) else ""
    prefix = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if len(prefix) != indent:
        prefix = " " * indent
    newline = "\r\n" if line_text.endswith("\r\n") else "\n"
    lines.insert(at - 1, f"{prefix}@{alias or 'tf'}.function{newline}")
    inserted.append((at, target.lineno))  # type: ignore[attr-defined]
    if alias is None:
        top = next(
            (s for s in tree.body if s.lineno <= target.lineno <= (s.end_lineno or s.lineno)),  # type: ignore[attr-defined]
            None,
        )
        first = min([top.lineno] + [d.lineno for d in getattr(top, "decorator_list", [])]) if top is not None else 1
        lines.insert(first - 1, f"import tensorflow as tf{newline}")
        inserted = [(line + 1 if line >= first else line, orig) for line, orig in inserted]
        inserted.append((first, first))
    return "".join(lines), sorted(inserted)


def original_line(line: int, inserted: Sequence[Tuple[int, int]]) -> int:
    """The line of the original text that line `line` of the decorated copy shows."""
    shift = 0
    for at, orig in inserted:
        if line == at:
            return orig
        if line > at:
            shift += 1
    return line - shift


def what_if(text: str, tree: ast.Module, target: ast.AST, path: str, settings, link=None, baseline=None, hazards=()) -> list:
    """The findings the rules would report if `target` were a tf.function, minus those already reported,
    after the `hazards` the preconditions found (`HybridizeAnalysis.hazards`). Each is (code, name,
    message, severity label, line, col) in the original text's lines."""
    from .engine import check_source

    found = []
    copy, inserted = decorated_copy(text, tree, target)
    if baseline is None:
        baseline = check_source(text, path, settings, link=link).findings
    before = {(f.code, f.span.line, f.span.col) for f in baseline}
    result = check_source(copy, path, settings, link=link)
    for f in result.findings:
        line = original_line(f.span.line, inserted)
        key = (f.code, line, f.span.col)
        if key in before or f.code == "HYB001":
            continue
        found.append((f.code, f.name, f.message, f.severity.label, line, f.span.col))
    if hazards:
        from .hybridize import OUTCOME_BY_CODE

        # A rule's finding on the same line says the same, more precisely.
        covered = {(RULE_OUTCOMES.get(code), line) for code, _, _, _, line, _ in found}
        extra = []
        for code, detail, line in hazards:
            if (code, line) in covered:
                continue
            outcome = OUTCOME_BY_CODE[code]
            message = outcome.summary[0].upper() + outcome.summary[1:] + (f": {detail}" if detail else "")
            extra.append((code, outcome.title.lower(), message, "warning", line, 0))
        found = extra + found
    return found


# The rules whose findings in a traced copy are the precondition outcomes' hazards.
RULE_OUTCOMES = {
    "HYB006": "HAS_PYTHON_SIDE_EFFECTS",
    "HYB007": "HAS_PYTHON_SIDE_EFFECTS",
    "HYB008": "HAS_PYTHON_SIDE_EFFECTS",
    "HYB009": "HAS_EAGER_ONLY_CALLS",
    "HYB010": "HAS_NUMPY_CALLS_ON_PARAMETERS",
    "HYB011": "CREATES_VARIABLES",
    "HYB014": "HAS_TENSOR_AS_PYTHON_BOOL",
    "HYB015": "HAS_TENSOR_PARAMETER_ITERATION",
    "HYB021": "IS_RECURSIVE",
    "HYB029": "HAS_KERAS_SYMBOLIC_ARGUMENTS",
    "HYB030": "HAS_INVALID_NAME_ARGUMENTS",
}
