"""Guard for index speed work: the cold `hybridlint check` must report exactly the same findings.

Runs `hybridlint check --no-cache --format json` (fresh CI job: project index on, no cache) over
the releases `bench/batch.py` downloads, and saves or compares the JSON outputs:

- each project alone, in preview mode (every rule and context);
- the five projects at once, as `bench/batch.py` runs them (one index over all), default settings
  and in preview mode.

    python bench/same_findings.py --save before/      # on the commit before a change
    python bench/same_findings.py --compare before/   # after it: exit 1 on any difference
    python bench/same_findings.py --links --save before/  # also every module's link (in-process builds)
    python bench/same_findings.py --links --no-runs --link-builds links-default --save before/  # one build

With `--links`, the index of the five projects is also built in-process (`build_index`, one
process, then with a pool of 2 workers when the checkout has one, and with the CLI's pool of 2
processes that keep their trees, `hybridlint.workers.OwnerPool`) and every module's `ModuleLink`
(what each check sees of the rest of the project) is compared: a stronger guard than the few
findings a release has. "links-default" is built as a default CLI run builds it (the descriptions and
call edges for the rules it selects; compared without what no default rule reads). When the checkout has `hybridlint.selection`, the index the CLI builds
(`build_check_index`: only the modules a check needs) is compared too ("links-selected"), against
the links saved from a whole build: every module that mentions TensorFlow or whose link reaches
graph code (the modules a check parses) must be in it with the same link, and no other module may
become one. Its other modules, kept so that names resolve, are never checked.

`--tree DIR` builds, in-process, the whole index and the CLI's (`build_check_index`) over every
`.py` file of any folder (a monorepo, a big tree with a small TensorFlow part) and compares the
links of the modules a check parses; it prints each difference and how many modules each summarized.

    python bench/same_findings.py --tree .cache/sympy/tree

Run an older checkout with `PYTHONPATH=that/checkout python bench/same_findings.py ...`.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import DEFAULT_CACHE, PROJECTS, _normal, fetch  # noqa: E402


def _run(root: Path, paths: List[str], extra: Sequence[str]) -> list:
    args = [sys.executable, "-m", "hybridlint.cli", "check", "--no-progress", "--no-cache", "--format", "json", *extra]
    started = time.perf_counter()
    proc = subprocess.run(args + paths, capture_output=True, text=True, cwd=root)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"hybridlint failed (exit {proc.returncode}): {proc.stderr.strip()[-600:]}")
    findings = json.loads(proc.stdout)
    for finding in findings:
        finding.pop("url", None)  # where the rule's docs are: in the checkout that ran
    print(f"  {' '.join(extra) or 'default'} {' '.join(paths) if len(paths) < 3 else f'{len(paths)} paths'}: "
          f"{len(findings)} findings, {time.perf_counter() - started:.1f} s")
    return findings


def runs(cache: Path, only: Optional[List[str]]) -> Dict[str, list]:
    out: Dict[str, list] = {}
    src = cache / "src"
    folders = []
    for name, version in PROJECTS:
        if fetch(cache, name, version) is None:
            raise SystemExit(f"cannot fetch {name}")
        folders.append(f"{_normal(name)}-{version}")
    # Files by name, as bench/batch.py passes them: a folder under a git-ignored cache would be skipped.
    files = {folder: sorted(str(p.relative_to(src)) for p in (src / folder).rglob("*.py")) for folder in folders}
    for name, folder in zip((p[0] for p in PROJECTS), folders):
        if only is None or name in only:
            out[f"{name}-preview"] = _run(src, files[folder], ["--preview"])
    if only is None or "all" in only:
        every = [f for folder in folders for f in files[folder]]
        out["all-default"] = _run(src, every, [])
        out["all-preview"] = _run(src, every, ["--preview"])
    return out


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {repr(k) if not isinstance(k, str) else k: _plain(v) for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))}
    if isinstance(value, (frozenset, set)):
        return sorted(repr(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def links(cache: Path, only_builds: Optional[Sequence[str]] = None) -> Dict[str, list]:
    from hybridlint import project
    from hybridlint.project import build_index

    # jedi's time limit per module is wall time: on a busy machine it would make the answers differ
    project.JEDI_SECONDS_PER_MODULE = 1e9

    src = cache / "src"
    files = sorted(str(p) for name, version in PROJECTS for p in (src / f"{_normal(name)}-{version}").rglob("*.py"))
    out: Dict[str, list] = {}
    builds = [("links", None)]
    try:
        import inspect
        from concurrent.futures import ProcessPoolExecutor

        if "pool" in inspect.signature(build_index).parameters:
            builds.append(("links-pool", 2))
        from hybridlint.workers import OwnerPool  # noqa: F401  (a checkout without it skips this build)

        builds.append(("links-owner", 2))
    except ImportError:
        pass
    try:
        from hybridlint.selection import build_check_index

        builds.append(("links-selected", None))
    except ImportError:
        build_check_index = None
    # as a default CLI run builds it: the descriptions and call edges computed for the rules it selects
    builds.append(("links-default", None))
    if only_builds:
        builds = [b for b in builds if b[0] in only_builds]
    for key, jobs in builds:
        started = time.perf_counter()
        if key == "links-default":
            from hybridlint.cli import _rule_codes
            from hybridlint.settings import Settings

            index = build_index(src, files, notes=_rule_codes(Settings()))
        elif key == "links-owner":
            # the CLI's pool: processes that keep the trees they summarize and describe on them
            with OwnerPool(jobs) as pool:
                pool.keep = {str(Path(f).relative_to(src).as_posix()) for f in files}
                index = build_index(src, files, pool=pool)
        elif key == "links-selected":
            index = build_check_index(src, files)
        elif jobs:
            with ProcessPoolExecutor(jobs) as pool:
                index = build_index(src, files, pool=pool)
        else:
            index = build_index(src, files)
        found = {}
        for path in sorted(index.summaries):
            link = index.link_for(path)
            found[path] = _plain(link)
        out[key] = [found]
        if key == "links-default" and hasattr(index, "_reads_links"):
            # the modules whose link no default check reads: they need no description of what they call
            out[key].append(_unread_modules(index, src))
        print(f"  {key}: {len(found)} links, {time.perf_counter() - started:.1f} s, {index.stats.get('jedi_calls')} jedi calls")
    return out


def _unread_modules(index, src: Path) -> List[str]:
    """The modules whose link a default check never reads (`ProjectIndex._reads_links`), each proven
    so here: one that mentions TensorFlow gets facts with its link that find no traced code (every
    rule a default run has left there needs some), one that does not has a link that reaches no
    graph code (the check skips it unread)."""
    from hybridlint.engine import mentions_tensorflow
    from hybridlint.facts import ModuleFacts
    from hybridlint.settings import Settings

    settings = Settings()
    unread = []
    for path in sorted(index.summaries):
        if index._reads_links(path):
            continue
        link = index.link_for(path)
        text = (src / path).read_text(encoding="utf-8", errors="replace")
        assert not link.reaches_graph_code, path
        if mentions_tensorflow(text, settings):
            facts = ModuleFacts(ast.parse(text), settings.alias_modules, link=link)
            assert not facts.has_traced_code, f"{path}: its link is read"
        unread.append(path)
    print(f"  links-default: {len(unread)} modules whose link no default check reads (proven)")
    return unread


def _unread(links: Dict[str, dict]) -> Dict[str, dict]:
    """The links without what only rules outside the default selection read: other modules'
    functions' side effects and the ints their callers pass."""
    for link in links.values():
        for function in link["functions"].values():
            function["effects"] = []
        for calls in link["callers"].values():
            for call in calls:
                call["int_args"] = {}
    return links


def _checked(src: Path, links: Dict[str, dict]) -> Dict[str, dict]:
    """The links of the modules a check parses: those that mention TensorFlow or whose link reaches
    graph code (`ModuleLink.reaches_graph_code`, from the saved fields)."""
    from hybridlint.engine import mentions_tensorflow
    from hybridlint.settings import Settings

    out = {}
    for path, link in links.items():
        reaches = (
            bool(link["incoming"])
            or any(f["tf_function"] for f in link["functions"].values())
            or bool(link["aliases"])
            or any(link["classes"].values())
        )
        if reaches or mentions_tensorflow((src / path).read_text(encoding="utf-8", errors="replace"), Settings()):
            out[path] = link
    return out


def tree(root: Path) -> int:
    """Whole index against the CLI's over one folder: the links of the modules a check parses."""
    from hybridlint import project
    from hybridlint.engine import gc_paused
    from hybridlint.project import build_index
    from hybridlint.selection import build_check_index

    project.JEDI_SECONDS_PER_MODULE = 1e9  # wall-time limits would make the answers differ
    files = sorted(str(p) for p in root.rglob("*.py"))
    found = {}
    for key, build in (("whole", build_index), ("check", build_check_index)):
        started = time.perf_counter()
        with gc_paused():
            index = build(root, files)
        found[key] = _checked(root, {path: _plain(index.link_for(path)) for path in index.summaries})
        print(f"  {key}: {len(index.summaries)} of {len(files)} modules summarized, {len(found[key])} checked, "
              f"{time.perf_counter() - started:.1f} s")
    before, now = found["whole"], found["check"]
    status = 0
    for path in sorted(set(before) | set(now)):
        if before.get(path) == now.get(path):
            continue
        status = 1
        if path not in now or path not in before:
            print(f"  {path}: {'missing' if path not in now else 'checked only now'}")
            continue
        for field_name, value in before[path].items():
            if now[path][field_name] != value:
                print(f"  {path}: {field_name} differs")
    print("same links" if status == 0 else "DIFFERENT")
    return status


def _without_new_fields(now: Dict[str, dict], before: Dict[str, dict]) -> Dict[str, dict]:
    """The links of `now` without the fields a link gained since `before` was saved, where they hold
    nothing (an empty value): links saved by an older checkout then compare equal unless the new field
    says something."""
    kept = {}
    for path, link in now.items():
        old = before.get(path)
        if isinstance(link, dict) and isinstance(old, dict):
            link = {name: value for name, value in link.items() if name in old or value not in ([], {}, "", None)}
        kept[path] = link
    return kept


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path, help="write each run's findings into this folder")
    parser.add_argument("--compare", type=Path, help="compare each run with the findings saved here")
    parser.add_argument("--only", action="append", help="a project name, or `all` for the combined run")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--links", action="store_true", help="also compare every module's link")
    parser.add_argument("--no-runs", action="store_true", help="only the links")
    parser.add_argument("--link-builds", help="only these builds of the links (comma-separated: links-default,...)")
    parser.add_argument("--tree", type=Path, help="whole index against the CLI's over this folder (nothing else)")
    args = parser.parse_args(argv)
    if args.tree is not None:
        return tree(args.tree.resolve())
    results = {} if args.no_runs else runs(args.cache, args.only)
    if args.links:
        results.update(links(args.cache.resolve(), args.link_builds.split(",") if args.link_builds else None))
    status = 0
    for key, findings in results.items():
        if args.save is not None:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{key}.json").write_text(json.dumps(findings, indent=1, sort_keys=True), encoding="utf-8")
        if args.compare is not None:
            saved = args.compare / f"{key}.json"
            if not saved.exists():
                saved = args.compare / "links.json"  # a checkout without a pool built its links once
            before = json.loads(saved.read_text(encoding="utf-8"))
            now = json.loads(json.dumps(findings, sort_keys=True))
            if key.startswith("links") and before and now:
                now = [_without_new_fields(now[0], before[0])] + now[1:]
            if key == "links-selected":
                src = args.cache.resolve() / "src"
                before = [_checked(src, before[0])]
                now = [_checked(src, now[0])]
            if key == "links-default":
                # what no default rule reads (`Rule.reads_index`) is left out of a default run's index,
                # and so are the descriptions named only by links no default check reads
                skip = set(now[1]) if len(now) > 1 else set()
                before = [{p: v for p, v in _unread(before[0]).items() if p not in skip}]
                now = [{p: v for p, v in _unread(now[0]).items() if p not in skip}]
            for finding in before if not key.startswith("links") else ():
                finding.pop("url", None)
            if before == now:
                print(f"{key}: same {len(now)} findings")
                continue
            status = 1
            old = {json.dumps(f, sort_keys=True) for f in before}
            new = {json.dumps(f, sort_keys=True) for f in now}
            print(f"{key}: DIFFERENT ({len(before)} before, {len(now)} now)")
            if key.startswith("links"):
                paths = [p for p in set(before[0]) | set(now[0]) if before[0].get(p) != now[0].get(p)]
                print(f"  {len(paths)} links differ: {sorted(paths)[:10]}")
                continue
            for line in sorted(old - new)[:10]:
                print(f"  - {line[:300]}")
            for line in sorted(new - old)[:10]:
                print(f"  + {line[:300]}")
    return status


if __name__ == "__main__":
    sys.exit(main())
