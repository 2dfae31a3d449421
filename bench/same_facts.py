"""Findings, fixes and module facts of many files, saved by one checkout and compared with another's.

    PYTHONHASHSEED=0 PYTHONPATH=OLD python bench/same_facts.py --save old.json FILE_LIST
    PYTHONHASHSEED=0 python bench/same_facts.py --save new.json FILE_LIST
    python bench/same_facts.py --compare old.json new.json

FILE_LIST is a text file of paths, one a line. Each file is checked four ways: the command line's
`check_source` and the language server's first check of a document (`IncrementalChecker.check`), each with
the default settings and in preview mode. Saved for each: the findings (code, range, message, severity,
weak, related places) with their fixes (the edits), and a digest of `ModuleFacts`: every function with its
graph context, decorator, wrappings and resolved calls (their eager, graph-only and reference flags and
loops), the classes and their flags, the module's calls and tf.function uses, the eager-only and graph-only
regions and the calls under them, `branch_conds`, the mode flags and scopes, the imports, the stored
attributes and their lines, the passed keywords, the local callables and types, the dead spans. `--stream`
also runs the edit stream of `bench/lsp_latency.py` (letters, then Enter edits typed and deleted, and the
same with its probe typed at the end first) through `IncrementalChecker.check`, default and preview, and
saves each result the same way. Used to show that a change to the analysis' speed changes none of these.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent


def _at(node: Any) -> Any:
    if node is None:
        return None
    if not hasattr(node, "lineno"):
        return type(node).__name__
    return (type(node).__name__, node.lineno, node.col_offset, getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None))


def facts_digest(facts: Any) -> Any:
    where = {id(n): _at(n) for n in ast.walk(facts.tree) if hasattr(n, "lineno")}
    infos = {id(f): f.qualname for f in facts.functions}

    def pos(key: int) -> str:
        return str(where.get(key, infos.get(key, "?")))

    def site(c: Any) -> Any:
        return (_at(c.node), c.target.qualname, c.eager, c.is_reference, c.graph_only, [_at(loop) for loop in c.loops],
                _at(c.wrapper.node) if c.wrapper is not None else None)

    def use(u: Any) -> Any:
        return (_at(u.node), u.target.qualname if u.target is not None else None, u.bound_to, sorted(u.keywords))

    functions = [
        (f.qualname, _at(f.node), (f.graph.reason, f.graph.weak, f.graph.origin.qualname, f.graph.describe()) if f.graph else None,
         use(f.decorator) if f.decorator else None, [use(w) for w in f.wrappers], [site(c) for c in f.calls],
         f.py_function_target, f.dead, sorted((k, str(v)) for k, v in f.locals.items()), sorted(f.nested), sorted(f.globals_declared))
        for f in facts.functions
    ]
    classes = [
        (c.name, _at(c.node), c.is_keras, c.keras_weak, c.is_tf_module, c.keras_model, c.runs_eagerly,
         getattr(c, "compiled_eagerly", None), sorted(c.methods), sorted(getattr(c, "wrapped_attrs", {}) or ()),
         sorted(getattr(c, "attr_types", {}) or ()), repr(getattr(c, "compile_eager_tests", None)), c.dead)
        for c in facts.classes
    ]
    return [
        functions, classes,
        [site(c) for c in facts.module_calls], [use(u) for u in facts.tf_uses],
        sorted(pos(k) for k in facts.eager_roots), sorted(pos(k) for k in facts.graph_roots),
        sorted(pos(k) for k in facts._eager_calls), sorted(pos(k) for k in facts._graph_calls),
        sorted((pos(k), repr(v)) for k, v in facts.branch_conds.items()),
        facts._tests_mode, sorted(pos(k) if k else "0" for k in facts._mode_scopes), facts._mode_by_name,
        sorted((k, str(v)) for k, v in facts.imports.items()), facts.star_prefix, facts.star_modules,
        sorted(facts.stored_attributes), sorted(facts.attribute_store_lines.items()),
        sorted(facts.passed_keywords.items()),
        sorted((pos(k[0]) if k[0] else "0", k[1], str(_at(v))) for k, v in facts.local_callables.items()),
        sorted((pos(k[0]) if k[0] else "0", k[1], str(_at(v))) for k, v in facts.local_types.items()),
        sorted(facts._typed_names), sorted(facts._typed_attrs),
        facts.dead_spans, sorted(facts.decorator_factories), sorted(facts.module_wrapped),
        facts.has_traced_code, sorted(pos(k) for k in facts.input_only_calls), facts._model_run_call,
    ]


def result_digest(result: Any) -> Any:
    findings = []
    for f in result.findings:
        fix = f.fix
        findings.append(
            (f.code, list(f.span), f.message, int(f.severity), f.weak,
             [(r.message, list(r.span), getattr(r, "path", None)) for r in f.related],
             None if fix is None else (fix.title if hasattr(fix, "title") else None, fix.is_safe, [(list(e.span), e.text) for e in fix.edits]))
        )
    problem = result.syntax_error
    return {
        "findings": findings,
        "syntax": None if problem is None else (problem.message, list(problem.span)),
        "errors": [(e.code, e.message) for e in result.rule_errors],
        "skipped": result.skipped,
        "facts": facts_digest(result.facts) if result.facts is not None else None,
    }


def _hash(value: Any) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def save(paths: List[str], stream: bool) -> Dict[str, Any]:
    from hybridlint.engine import check_source
    from hybridlint.incremental import IncrementalChecker
    from hybridlint.settings import Settings

    out: Dict[str, Any] = {}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        for preview in (False, True):
            settings = Settings(preview=preview)
            mode = "preview" if preview else "default"
            out[f"{path} cli {mode}"] = _hash(result_digest(check_source(text, path, settings)))
            out[f"{path} server {mode}"] = _hash(result_digest(IncrementalChecker(path, settings).check(text).result))
    if stream:
        sys.path.insert(0, str(ROOT / "bench"))
        from lsp_latency import PROBE, build_file, edit_points, line_points

        text = build_file().read_text(encoding="utf-8")
        for preview in (False, True):
            for probe in (False, True):
                settings = Settings(preview=preview)
                checker = IncrementalChecker("tf_agents_concat.py", settings)
                lines = text.split("\n")
                if probe:
                    lines[-1] += PROBE
                    lines = "\n".join(lines).split("\n")
                label = f"stream {'preview' if preview else 'default'} {'probe' if probe else 'plain'}"
                results = [checker.check("\n".join(lines)).result]
                typed: Dict[int, int] = {}
                for line, character in edit_points(text, 30 if probe else 60):
                    column = character + typed.get(line, 0)
                    typed[line] = typed.get(line, 0) + 1
                    lines[line] = lines[line][:column] + "x" + lines[line][column:]
                    results.append(checker.check("\n".join(lines)).result)
                base = "\n".join(lines)
                for line, indent in line_points(text, 15 if probe else 30):
                    results.append(checker.check("\n".join(lines[:line] + [indent + "_typed = 1"] + lines[line:])).result)
                    results.append(checker.check(base).result)
                for index, result in enumerate(results):
                    out[f"{label} {index}"] = _hash(result_digest(result))
                out[f"{label} findings"] = sum(len(r.findings) for r in results)
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", help="write the digests of FILE_LIST's files here")
    parser.add_argument("--stream", action="store_true", help="also the edit stream of bench/lsp_latency.py")
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    parser.add_argument("files", nargs="?", help="a text file of paths, one a line")
    args = parser.parse_args(argv)
    if args.compare:
        old, new = (json.loads(Path(p).read_text()) for p in args.compare)
        differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        print(f"{len(old)} and {len(new)} results; {len(differ)} differ")
        for key in differ[:50]:
            print("  ", key)
        return 1 if differ else 0
    paths = [line for line in Path(args.files).read_text().splitlines() if line.strip()] if args.files else []
    Path(args.save).write_text(json.dumps(save(paths, args.stream), indent=0, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
