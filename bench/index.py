"""Cross-module analysis on real projects: what the project index costs, and what it finds.

Uses the releases `bench/batch.py` downloads (into `.cache/bench/`, fetched on first use). For each
project, over a scratch copy of its sources (so a touched file never changes the download):

1. **Cost.** `hybridlint.project.build_index` over every `.py` file, each build in a fresh child
   process (so imports, caches and memory start from nothing, as in a new CLI run):
   - cold: no cache;
   - warm: the cache the cold build wrote, nothing changed;
   - touch: the same cache after one file was edited (a comment appended to the largest file that
     mentions tensorflow), which changes its summary and the project digest jedi answers are keyed by;
   and, as the reference in the same run, the file-local `check_source` over the same files (also a
   fresh child). Medians of `--repeat` runs (interleaved, so a busy neighbour slows each alike). Memory
   is the child's peak resident set size (VmHWM of `/proc/self/status`; `ru_maxrss` elsewhere), next
   to the peak of a child that only imports the modules (the baseline). The cache size is `index.json` after a cold build.
2. **Findings.** Every file checked with and without its `ModuleLink`: the findings that appear only
   with the link, those that disappear, and those whose message changed, printed by rule with
   `path:line:col` and the message head (`--json FILE` writes them all).

    python bench/index.py                    # all projects, medians of 3
    python bench/index.py --quick            # OpenNMT-tf, one run
    python bench/index.py --project gpflow --repeat 1 --json xm.json
    python bench/index.py --path some/tree --repeat 3   # any folder: whole index against the CLI's

With `--path DIR`, cold builds over every `.py` file of DIR, each in a fresh child: `build_index`
over all of them ("whole") and `build_check_index`, the index `hybridlint check` builds ("check":
only the modules that can change a finding), interleaved; medians of wall and CPU seconds, the
peak resident set size, and how many modules each summarized.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import DEFAULT_CACHE, PROJECTS, QUICK_PROJECT, fetch  # noqa: E402

TOUCH_LINE = "\n# touched by bench/index.py\n"


# -- the child processes: one build or one check each ---------------------------------------


def _python_files(root: Path) -> List[Path]:
    return sorted(root.rglob("*.py"))


def _peak_mib() -> float:
    # Linux: the high-water mark of this process's own memory. Not ru_maxrss: Linux carries it over
    # from the parent across fork and exec, so a child would report at least the parent's size.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere: Linux reports kilobytes, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_build(root: Path, cache_dir: Optional[Path], jedi_budget: Optional[float], selected: bool = False) -> Dict[str, Any]:
    from hybridlint.engine import gc_paused
    from hybridlint.project import build_index

    if selected:
        from hybridlint.selection import build_check_index as build_index  # noqa: F811

    files = [str(p) for p in _python_files(root)]
    start = time.perf_counter()
    cpu = time.process_time()
    with gc_paused():  # as the CLI builds it
        index = build_index(root, files, cache_dir=cache_dir, jedi_budget=jedi_budget)
    cpu = time.process_time() - cpu
    built = time.perf_counter()
    # What a whole-project check then asks for: one link per module.
    links = [index.link_for(rel) for rel in index.summaries]
    linked = time.perf_counter()
    stats = dict(index.stats)
    return {
        "files": len(files),
        "summarized": len(index.summaries),
        "passes": stats.get("index_passes", 1),
        "cpu": cpu,
        "reused": stats.get("reused", 0),
        "summarize": stats.get("summarize_seconds", 0.0),
        "jedi": stats.get("jedi_seconds", 0.0),
        "jedi_calls": stats.get("jedi_calls", 0),
        "propagate": stats.get("propagate_seconds", 0.0),
        "build": built - start,
        "links": linked - built,
        "total": linked - start,
        "incoming": sum(len(link.incoming) for link in links if link is not None),
        "external_functions": sum(len(link.functions) for link in links if link is not None),
        "jedi_attributes": sum(len(link.attributes) for link in links if link is not None),
        "peak_mib": _peak_mib(),
    }


def child_check(root: Path) -> Dict[str, Any]:
    from hybridlint.engine import check_source

    paths = _python_files(root)
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in paths]
    start = time.perf_counter()
    findings = 0
    for path, text in zip(paths, texts):
        findings += len(check_source(text, str(path)).findings)
    return {"total": time.perf_counter() - start, "findings": findings, "peak_mib": _peak_mib()}


def child_baseline() -> Dict[str, Any]:
    import hybridlint.engine  # noqa: F401
    import hybridlint.project  # noqa: F401
    from hybridlint.registry import all_rules

    all_rules()
    without_jedi = _peak_mib()
    import jedi  # noqa: F401  (the index imports it only when it has a call to ask about)

    return {"peak_mib": without_jedi, "peak_with_jedi_mib": _peak_mib()}


def run_child(args: List[str]) -> Dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child"] + args, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- findings with and without the link -------------------------------------------------------


def _key(finding) -> Tuple[str, int, int, int, int]:
    s = finding.span
    return (finding.code, s.line, s.col, s.end_line, s.end_col)


def _related_text(finding) -> List[str]:
    out = []
    for related in finding.related:
        where = related.path or "(this file)"
        out.append(f"{where}:{related.span.line}: {related.message}")
    return out


def compare_findings(root: Path, cache_dir: Path, jedi_budget: Optional[float]) -> Dict[str, Any]:
    from hybridlint.engine import check_source
    from hybridlint.project import build_index

    paths = _python_files(root)
    index = build_index(root, [str(p) for p in paths], cache_dir=cache_dir, jedi_budget=jedi_budget)
    appeared: List[Dict[str, Any]] = []
    disappeared: List[Dict[str, Any]] = []
    changed: List[Dict[str, Any]] = []
    counts = {"local": 0, "linked": 0, "files_with_link": 0, "crashes": []}

    def record(finding, rel: str, **extra: Any) -> Dict[str, Any]:
        return dict(
            {
                "path": rel,
                "line": finding.span.line,
                "col": finding.span.col,
                "code": finding.code,
                "message": finding.message,
                "related": _related_text(finding),
            },
            **extra,
        )

    incoming: Dict[str, List[str]] = {}  # path → why its functions are traced from elsewhere
    for path in paths:
        rel = index.relative(path)
        text = path.read_bytes().decode("utf-8", errors="replace")
        link = index.link_for(rel)
        if link is not None and link.incoming:
            incoming[rel] = [f"{qual}: {trace.describe()} (line {trace.place.span.line})" for qual, trace in sorted(link.incoming.items())]
        if link is not None and (link.functions or link.incoming or link.callers or link.attributes):
            counts["files_with_link"] += 1
        try:
            local = check_source(text, str(path)).findings
            linked = check_source(text, str(path), link=link).findings
        except Exception as exc:  # a crash is a finding of this benchmark, not the end of it
            counts["crashes"].append(f"{rel}: {type(exc).__name__}: {exc}")
            continue
        counts["local"] += len(local)
        counts["linked"] += len(linked)
        before = {_key(f): f for f in local}
        after = {_key(f): f for f in linked}
        for key, finding in after.items():
            if key not in before:
                appeared.append(record(finding, rel))
            elif before[key].message != finding.message:
                changed.append(record(finding, rel, local_message=before[key].message))
        for key, finding in before.items():
            if key not in after:
                disappeared.append(record(finding, rel))
    touched = {item["path"] for item in appeared + disappeared + changed}
    return {
        "appeared": appeared,
        "disappeared": disappeared,
        "changed": changed,
        "incoming": {rel: why for rel, why in incoming.items() if rel in touched},
        **counts,
    }


# -- the parent ------------------------------------------------------------------------------


def _touch_target(root: Path) -> Path:
    """The largest file that mentions tensorflow: a file people edit, with many names to resolve."""
    best, best_size = None, -1
    for path in _python_files(root):
        data = path.read_bytes()
        if b"tensorflow" in data and len(data) > best_size:
            best, best_size = path, len(data)
    assert best is not None
    return best


def _median(runs: List[Dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _load() -> str:
    try:
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except (AttributeError, OSError):
        return "load average unknown"


def measure(name: str, src: Path, scratch: Path, repeat: int, jedi_budget: Optional[float]) -> Dict[str, Any]:
    work = scratch / src.name
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(src, work, ignore=shutil.ignore_patterns(".complete"))
    files = _python_files(work)
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    touched = _touch_target(work)
    original = touched.read_bytes()
    budget = [] if jedi_budget is None else ["--jedi-budget", str(jedi_budget)]
    runs: Dict[str, List[Dict[str, Any]]] = {"cold": [], "warm": [], "touch": [], "check": []}
    cache_bytes = 0
    cache_dir = scratch / f"{src.name}.cache"
    for attempt in range(repeat):
        if cache_dir.exists():
            shutil.rmtree(cache_dir)
        common = ["build", "--root", str(work), "--cache-dir", str(cache_dir)] + budget
        runs["cold"].append(run_child(common))
        cache_bytes = (cache_dir / "index.json").stat().st_size
        runs["warm"].append(run_child(common))
        touched.write_bytes(original + TOUCH_LINE.encode())
        try:
            runs["touch"].append(run_child(common))
        finally:
            touched.write_bytes(original)
        runs["check"].append(run_child(["check", "--root", str(work)]))
        print(
            f"    run {attempt + 1}/{repeat}: cold {runs['cold'][-1]['total']:.2f}s, warm {runs['warm'][-1]['total']:.2f}s, "
            f"touch {runs['touch'][-1]['total']:.2f}s, check {runs['check'][-1]['total']:.2f}s",
            flush=True,
        )
    return {
        "project": name,
        "files": len(files),
        "lines": lines,
        "touched": touched.relative_to(work).as_posix(),
        "cache_bytes": cache_bytes,
        "runs": runs,
        "work": work,
        "cache_dir": cache_dir,
    }


def print_costs(results: List[Dict[str, Any]], baseline: Dict[str, float], repeat: int) -> None:
    print()
    print(f"index build, median of {repeat} run(s), seconds (fresh child process each; peak = the child's peak RSS;")
    print(
        f"a child that only imports hybridlint and its rules peaks at {baseline['peak_mib']:.0f} MiB, "
        f"{baseline['peak_with_jedi_mib']:.0f} MiB with jedi imported too):"
    )
    header = (
        f"{'project':<24} {'build':<6} {'files':>6} {'lines':>8} {'summ.':>7} {'jedi':>7} {'calls':>6} "
        f"{'prop.':>6} {'links':>6} {'total':>7} {'peak MiB':>9} {'÷check':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        runs = r["runs"]
        check = _median(runs["check"], "total")
        for kind in ("cold", "warm", "touch"):
            got = runs[kind]
            total = _median(got, "total")
            print(
                f"{r['project']:<24} {kind:<6} {r['files']:>6,} {r['lines']:>8,} {_median(got, 'summarize'):7.2f} "
                f"{_median(got, 'jedi'):7.2f} {int(_median(got, 'jedi_calls')):>6,} {_median(got, 'propagate'):6.2f} "
                f"{_median(got, 'links'):6.2f} {total:7.2f} {_median(got, 'peak_mib'):9.0f} {total / check:6.2f}x"
            )
        print(
            f"{r['project']:<24} {'check':<6} {r['files']:>6,} {r['lines']:>8,} {'':>7} {'':>7} {'':>6} {'':>6} {'':>6} "
            f"{check:7.2f} {_median(runs['check'], 'peak_mib'):9.0f}   (file-local check_source, 1 core)"
        )
        cold = runs["cold"][0]
        print(
            f"{'':<24} cache {r['cache_bytes'] / 1024 / 1024:.1f} MiB; touched {r['touched']}; "
            f"{cold['external_functions']:,} cross-module names resolved, {cold['jedi_attributes']:,} by jedi, "
            f"{cold['incoming']:,} functions traced from another module"
        )


def print_findings(name: str, found: Dict[str, Any], limit: int) -> None:
    print()
    print(
        f"{name}: {found['local']:,} findings file-local, {found['linked']:,} with the index "
        f"({found['files_with_link']:,} files see another module); "
        f"{len(found['appeared'])} appeared, {len(found['disappeared'])} disappeared, {len(found['changed'])} changed message"
    )
    for what in ("appeared", "disappeared", "changed"):
        items = found[what]
        if not items:
            continue
        by_rule = Counter(item["code"] for item in items)
        print(f"  {what}: " + ", ".join(f"{code} {count}" for code, count in sorted(by_rule.items())))
        for item in sorted(items, key=lambda i: (i["code"], i["path"], i["line"]))[:limit]:
            print(f"    {item['code']} {item['path']}:{item['line']}:{item['col'] + 1}: {item['message'][:140]}")
            for related in item["related"][:2]:
                print(f"        related {related[:140]}")
        if len(items) > limit:
            print(f"    ... {len(items) - limit} more (--json has them all)")
    for rel, why in sorted(found["incoming"].items()):
        print(f"  traced from another module, in {rel}: " + "; ".join(why[:4]) + (" ..." if len(why) > 4 else ""))
    for crash in found["crashes"]:
        print(f"  CRASH {crash}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind; medians are reported")
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_PROJECT}, one run")
    parser.add_argument("--project", action="append", help="only these projects (name as in bench/batch.py)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where bench/batch.py keeps the releases")
    parser.add_argument("--jedi-budget", type=float, default=None, help="jedi seconds per build (default: none)")
    parser.add_argument("--no-findings", action="store_true", help="only the costs")
    parser.add_argument("--no-costs", action="store_true", help="only the findings")
    parser.add_argument("--limit", type=int, default=40, help="findings printed per kind and project")
    parser.add_argument("--json", type=Path, help="write the figures and every changed finding here")
    parser.add_argument("--path", type=Path, help="cold builds over this folder: the whole index against the CLI's")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        return _child_main(args.child)
    if args.path is not None:
        return measure_path(args.path.resolve(), max(1, args.repeat), args.jedi_budget)

    repeat = 1 if args.quick else max(1, args.repeat)
    wanted = {QUICK_PROJECT} if args.quick else set(args.project or [p for p, _ in PROJECTS])
    projects = [p for p in PROJECTS if p[0] in wanted]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {_load()}")
    baseline = run_child(["baseline"])
    results: List[Dict[str, Any]] = []
    findings: Dict[str, Dict[str, Any]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="hybridlint-index-bench-"))
    try:
        for name, version in projects:
            src = fetch(args.cache, name, version)
            if src is None:
                continue
            print(f"  {name} {version}", flush=True)
            if not args.no_costs:
                results.append(measure(name, src, scratch, repeat, args.jedi_budget))
            if not args.no_findings:
                # The download itself (nothing is touched here), with a cache kept between runs.
                started = time.perf_counter()
                findings[name] = compare_findings(src, args.cache / "index-cache" / src.name, args.jedi_budget)
                findings[name]["seconds"] = time.perf_counter() - started
        print(f"  ({_load()} after the runs)")
        if results:
            print_costs(results, baseline, repeat)
        for name, found in findings.items():
            print_findings(name, found, args.limit)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json is not None:
        data = {
            "python": sys.version.split()[0],
            "baseline_peak_mib": baseline,  # without and with jedi imported
            "costs": [{k: v for k, v in r.items() if k not in ("work", "cache_dir")} for r in results],
            "findings": findings,
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
        print(f"written to {args.json}")
    crashed = any(found["crashes"] for found in findings.values())
    return 1 if crashed else 0


def measure_path(root: Path, repeat: int, jedi_budget: Optional[float]) -> int:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {_load()}; {root.name}")
    runs: Dict[str, List[Dict[str, Any]]] = {"whole": [], "check": []}
    extra = [] if jedi_budget is None else ["--jedi-budget", str(jedi_budget)]
    for _ in range(repeat):
        for kind in runs:
            runs[kind].append(run_child(["build", "--root", str(root)] + extra + (["--selected"] if kind == "check" else [])))
    print(f"  ({_load()} after the runs)")
    for kind, found in runs.items():
        med = {key: statistics.median(r[key] for r in found) for key in ("build", "cpu", "peak_mib", "summarize")}
        print(
            f"  {kind:6} {found[0]['summarized']:>5} of {found[0]['files']} modules summarized "
            f"({found[0]['passes']} pass{'es' if found[0]['passes'] > 1 else ''}): wall {med['build']:.1f} s, "
            f"CPU {med['cpu']:.1f} s, peak {med['peak_mib']:.0f} MiB, summarize {med['summarize']:.1f} s"
        )
    return 0


def _child_main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("build", "check", "baseline"))
    parser.add_argument("--root", type=Path)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--jedi-budget", type=float, default=None)
    parser.add_argument("--selected", action="store_true")
    args = parser.parse_args(argv)
    if args.what == "build":
        out = child_build(args.root, args.cache_dir, args.jedi_budget, args.selected)
    elif args.what == "check":
        out = child_check(args.root)
    else:
        out = child_baseline()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
