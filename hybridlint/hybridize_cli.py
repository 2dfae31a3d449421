"""`hybridlint hybridize [PATH...]`: the hybridize refactoring for a whole project.

Lists every function with its precondition outcomes (`hybridlint.hybridize`), the hazards the rules would
report if it were traced (what-if), and with `--fix` (or `--diff`) converts the functions whose
preconditions pass and whose what-if is clean. Writing goes through the check command's write path:
atomic, and never a text that does not parse.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from pathlib import Path
from typing import List

from .source import parse_python

EXIT_OK, EXIT_ERROR = 0, 2


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "hybridize",
        help="find functions to convert to (or from) tf.function, and convert them",
        description="List each function's hybridization preconditions (docs/hybridize.md) and the hazards the "
        "rules would report if it were a tf.function. With --fix, add @tf.function to every function whose "
        "preconditions pass and whose what-if finds no hazard; with --diff, print that change instead.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the current folder)")
    parser.add_argument("--fix", action="store_true", help="convert the safe candidates, writing the files")
    parser.add_argument("--diff", action="store_true", help="print a diff of what --fix would change, write nothing")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--all", action="store_true", help="also list functions no refactoring applies to")
    parser.add_argument(
        "--what-if",
        choices=("all", "candidates", "none"),
        default="all",
        help="which Python functions to check as if traced: all (default), the conversion candidates, or none",
    )
    parser.add_argument("--config", metavar="PYPROJECT", help="use this pyproject.toml instead of the nearest one")
    parser.add_argument("--no-cross-module", action="store_true", help="judge each file on its own")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the project index cache")
    parser.add_argument("--cache-dir", metavar="DIR", help="where the project index is cached")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.set_defaults(handler=cmd_hybridize)


class ExternalArguments:
    """The kinds of the arguments other modules of the project pass to a function: each caller module
    is read through the project index and judged by its own hybridize analysis (cached per module)."""

    def __init__(self, index, settings):
        self.index = index
        self.settings = settings
        self._modules: dict = {}

    def _analysis(self, path: str):
        if path not in self._modules:
            from .facts import ModuleFacts
            from .hybridize import hybridize_for

            found = None
            text = self.index.read(path)
            if text is not None:
                try:
                    facts = ModuleFacts(
                        parse_python(text),
                        self.settings.alias_modules,
                        self.index.link_for(path),
                        multi_backend_keras=self.settings.multi_backend_keras(),
                    )
                    found = hybridize_for(facts)
                except (SyntaxError, ValueError, RecursionError):
                    found = None
            self._modules[path] = found
        return self._modules[path]

    def for_link(self, link):
        def kinds(info):
            calls = link.callers.get(info.qualname, []) if link is not None else []
            node = info.node
            positional = [a.arg for a in node.args.posonlyargs + node.args.args]
            static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
            result = []
            for call in calls:
                if call.reference:
                    return None
                other = self._analysis(call.place.path)
                if other is None:
                    return None
                site = _call_at(other.facts.tree, call.place.span.line, call.place.span.col, info.name)
                if site is None:
                    return None
                bound = info.cls is not None and not static and isinstance(site.func, ast.Attribute)
                found = other.arguments_of(site, positional[1:] if bound else positional, bound, static)
                if found is None:
                    return None
                result.append(found)
            return result

        return kinds


def _call_at(tree: ast.Module, line: int, col: int, name: str):
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno == line:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if node.col_offset == col and called == name:
                return node
            if called == name and best is None:
                best = node
    return best


def analyse_text(text: str, path: str, settings, link=None, what_if_mode: str = "all", external=None) -> List[dict]:
    """One record per function of the module (JSON-ready). `external`: an ExternalArguments."""
    from .facts import ModuleFacts
    from .hybridize import CONVERT, hybridize_for
    from .hybridize_rewrite import tf_alias, what_if

    tree = parse_python(text)
    facts = ModuleFacts(tree, settings.alias_modules, link, multi_backend_keras=settings.multi_backend_keras())
    analysis = hybridize_for(facts)
    if external is not None and link is not None:
        analysis.external_arguments = external.for_link(link)
    alias = tf_alias(tree) or "tf"
    baseline = None
    records = []
    for info in analysis.candidates():
        decision = analysis.decide(info)
        record = decision.to_json()
        if decision.signature is not None:
            record["input_signature"] = decision.signature.render(alias)
        record["what_if"] = []
        wanted = what_if_mode == "all" and not decision.hybrid
        if wanted or (what_if_mode == "candidates" and decision.transformation == CONVERT):
            if baseline is None:
                from .engine import check_source

                baseline = check_source(text, path, settings, link=link).findings
            record["what_if"] = [
                {"code": c, "name": n, "message": m, "severity": s, "line": line, "col": col + 1}
                for c, n, m, s, line, col in what_if(
                    text, tree, info.node, path, settings, link, baseline, analysis.hazards(info)
                )
            ]
        records.append(record)
    return records


def convert_text(text: str, records: List[dict]) -> str:
    """`text` with every safe conversion applied (preconditions pass, what-if clean)."""
    from .hybridize_rewrite import CONVERT, key_of, rewrite

    tree = parse_python(text)
    keys = []
    for record in records:
        if record["transformation"] != "convert" or record["what_if"]:
            continue
        key = key_of(tree, record["line"], record["function"].rsplit(".", 1)[-1])
        if key is not None:
            keys.append(key)
    for key in keys:
        text = rewrite(text, key, CONVERT)
    return text


def cmd_hybridize(args: argparse.Namespace) -> int:
    from .cli import Mode, _apply, _project_index, _shown
    from .config import ConfigError, discover, relative_posix, resolve_config
    from .files import UnreadableFile, read_source
    from .output import FileReport
    from .settings import SettingsError

    cwd = Path(os.getcwd())
    paths = list(args.paths) or ["."]
    try:
        config = resolve_config(paths, args.config, cwd)
    except (ConfigError, SettingsError) as exc:
        print(f"hybridlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    settings = config.settings
    if args.no_cross_module:
        from dataclasses import replace

        settings = replace(settings, cross_module=False)
    found = discover(paths, config)
    files = [_shown(path, cwd) for path in found.files]
    index = None
    if settings.cross_module and files:
        index_args = argparse.Namespace(no_cache=args.no_cache, cache_dir=args.cache_dir)
        index = _project_index(index_args, config, settings, files)
    mode = Mode(fix=True, diff=args.diff, root=str(config.root), write=not args.diff, cwd=str(cwd))
    external = ExternalArguments(index, settings) if index is not None else None
    out: List[dict] = []
    status = EXIT_OK
    for path in files:
        try:
            source = read_source(path)
        except UnreadableFile as exc:
            print(f"{path}: cannot read: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        rel = relative_posix(path, config.root)
        link = index.link_for(rel) if index is not None else None
        try:
            records = analyse_text(source.text, rel, settings, link, args.what_if, external)
        except SyntaxError:
            continue  # `hybridlint check` reports the syntax error
        except Exception as exc:  # noqa: BLE001 - one file must not stop the run
            print(f"{path}: cannot analyse: {type(exc).__name__}: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        converted = 0
        if args.fix or args.diff:
            try:
                new_text = convert_text(source.text, records)
            except Exception as exc:  # noqa: BLE001
                print(f"{path}: cannot convert: {exc}", file=sys.stderr)
                new_text = source.text
            if new_text != source.text:
                report = FileReport(path)
                converted = sum(1 for r in records if r["transformation"] == "convert" and not r["what_if"])
                _apply(source, new_text, converted, path, mode, report)
                if report.diff:
                    sys.stdout.write(report.diff)
                if report.error or report.internal_errors:
                    print(f"{path}: {report.error or report.internal_errors[0]}", file=sys.stderr)
                    status = EXIT_ERROR
                    converted = 0
        for record in records:
            record["path"] = path
            record["converted"] = bool(args.fix and not args.diff and converted and record["transformation"] == "convert" and not record["what_if"])
            out.append(record)
    if args.format == "json":
        json.dump({"functions": out}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif not args.diff:
        _print_text(out, args.all)
    return status


def _print_text(records: List[dict], show_all: bool) -> None:
    from .hybridize import OUTCOME_BY_CODE

    shown = 0
    for r in records:
        if r["transformation"] is None and not show_all:
            continue
        shown += 1
        where = f"{r['path']}:{r['line']}: `{r['function']}`"
        if r["transformation"] == "convert":
            verb = "converted to tf.function" if r.get("converted") else "can be converted to tf.function"
            print(f"{where} {verb} ({r['precondition']})")
        elif r["transformation"] == "eager":
            why = "; ".join(
                OUTCOME_BY_CODE[f["outcome"]].summary for f in r["passed"] if f["outcome"] != "HAS_TENSOR_PARAMETERS"
            )
            print(f"{where} can lose its tf.function ({r['precondition']}: {why})")
        else:
            why = "; ".join(OUTCOME_BY_CODE[f["outcome"]].summary for f in r["failed"])
            print(f"{where} stays as it is: {why}")
        for h in r["what_if"]:
            print(f"    if traced: line {h['line']}: {h['code']} {h['message']}")
    candidates = sum(1 for r in records if r["transformation"] == "convert")
    print(f"{len(records)} functions, {candidates} to convert, "
          f"{sum(1 for r in records if r['transformation'] == 'eager')} to de-hybridize")
