"""Batch benchmark: hybridlint over real TensorFlow projects, next to bare parsers and ruff.

Fetches pure-Python releases of real TensorFlow projects with `pip download --no-deps` into
`.cache/bench/` (reused when present), then, in the same run and over the same files, times:

1. `hybridlint check --no-progress --format json FILES` end to end, default `--jobs`;
2. a bare `ast.parse` loop (one core): the floor any `ast`-based linter pays;
3. a bare `libcst.parse_module` loop (one core, over a sample when the set is large);
4. `ruff check --select E711 --no-cache` (ruff's own threads), when ruff is installed.

It then runs the engine in-process once per file, catching everything, to count crashes (a
raised exception, `rule_errors`, a fix that raises or a fixed text that does not parse), syntax
errors and findings per rule.

    python bench/batch.py                 # all projects, medians of 3 runs
    python bench/batch.py --quick         # one small project, one run (smoke test)
    python bench/batch.py --dump out.json # also write every finding, for review
    python bench/batch.py --cold-only     # only the default cold run (index, no cache) and ast.parse
    python bench/batch.py --cold-only --before ../old-checkout  # and an older checkout's, interleaved

Each cold run starts with an empty jedi cache (`XDG_CACHE_HOME`: `~/.cache/jedi` holds parso's pickled
parse trees of the project), as a fresh CI job does. Each checkout timed runs from compiled bytecode, as
an installed package does (`pip install` compiles it): where the environment forbids writing bytecode
(`PYTHONDONTWRITEBYTECODE`, so that every run would compile hybridlint's own modules first, about a third
of a second on the run's path), the checkouts are compiled once into `.cache/bench/pycache`
(`PYTHONPYCACHEPREFIX`) before the timed runs; `--as-is` times with the environment as it is.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = ROOT / ".cache" / "bench"

# Real projects that use TensorFlow 2 heavily; every release here ships its Python sources.
PROJECTS: Tuple[Tuple[str, str], ...] = (
    ("OpenNMT-tf", "2.32.0"),
    ("gpflow", "2.11.2"),
    ("tensorflow-addons", "0.23.0"),
    ("tf-agents", "0.19.0"),
    ("tensorflow-probability", "0.25.0"),
)
QUICK_PROJECT = "OpenNMT-tf"
RUFF_RULE = "E711"
LIBCST_LINE_BUDGET = 120_000  # libcst parses ~10x slower than ast; a sample keeps a run short


# -- fetching ------------------------------------------------------------------------------


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _find_wheel(wheels: Path, name: str, version: str) -> Optional[Path]:
    for wheel in sorted(wheels.glob("*.whl")):
        dist, _, rest = wheel.name.partition("-")
        if _normal(dist) == _normal(name) and rest.startswith(version + "-"):
            return wheel
    return None


def fetch(cache: Path, name: str, version: str) -> Optional[Path]:
    """The unpacked sources of one release, downloading it on first use; None if unavailable."""
    src = cache / "src" / f"{_normal(name)}-{version}"
    if (src / ".complete").exists():
        return src
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    wheel = _find_wheel(wheels, name, version)
    if wheel is None:
        base = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(wheels)]
        attempts = [
            base + ["--only-binary=:all:", f"{name}=={version}"],
            # a release with compiled parts may have no wheel for this interpreter: its Python
            # sources are the same in every wheel, so take the one for a supported CPython
            base + ["--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux2014_x86_64", f"{name}=={version}"],
        ]
        for command in attempts:
            proc = subprocess.run(command, capture_output=True, text=True)
            wheel = _find_wheel(wheels, name, version)
            if wheel is not None:
                break
        if wheel is None:
            print(f"  ! could not download {name}=={version}: {proc.stderr.strip().splitlines()[-1:]}")
            return None
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.endswith(".py") and ".dist-info/" not in member:
                archive.extract(member, src)
    (src / ".complete").touch()
    return src


# -- the file set ------------------------------------------------------------------------


class FileSet:
    def __init__(self, root: Path, paths: List[Path]):
        self.root = root
        self.paths = paths
        self.texts: List[str] = []
        self.lines: List[int] = []
        for path in paths:
            text = path.read_bytes().decode("utf-8", errors="replace")
            self.texts.append(text)
            self.lines.append(text.count("\n") + (0 if text.endswith("\n") or not text else 1))
        self.total_lines = sum(self.lines)

    def sample(self, line_budget: int) -> Tuple[List[int], int]:
        """Indices of an evenly spread sample of about `line_budget` lines, and its line count."""
        if self.total_lines <= line_budget:
            return list(range(len(self.paths))), self.total_lines
        step = -(-self.total_lines // line_budget)  # every step-th file, spread over all projects
        picked = list(range(0, len(self.paths), step))
        return picked, sum(self.lines[i] for i in picked)


# -- timed runs ------------------------------------------------------------------------------


def time_ast(files: FileSet) -> float:
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in files.texts:
            try:
                ast.parse(text)
            except (SyntaxError, ValueError):
                pass
    return time.perf_counter() - start


def time_libcst(files: FileSet, indices: Sequence[int]) -> Optional[float]:
    try:
        import libcst
    except ImportError:
        return None
    start = time.perf_counter()
    for index in indices:
        try:
            libcst.parse_module(files.texts[index])
        except Exception:  # a file libcst cannot parse still cost its time
            pass
    return time.perf_counter() - start


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _path_args(files: FileSet) -> List[str]:
    # Every file by name, relative to the cache (the run's working directory) to keep the command
    # line short: directories would let a tool skip some (the cache is git-ignored).
    return [_relative(p, files.root) for p in files.paths]


CPU_SECONDS: Dict[str, List[float]] = {}  # CPU of every process of each timed run (`--cold-only`), by label


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cli(
    command: List[str], files: FileSet, jobs: Optional[int], extra: Sequence[str] = (), env=None, label: str = ""
) -> Tuple[float, Optional[int], str]:
    args = command + ["check", "--no-progress", "--format", "json", *extra]
    if jobs:
        args += ["--jobs", str(jobs)]
    args += _path_args(files)
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=files.root, env=env)
    elapsed = time.perf_counter() - start
    if label:
        CPU_SECONDS.setdefault(label, []).append(_children_cpu() - cpu)
    count = _count_json_findings(proc.stdout)
    # exit 1 only means "findings"; a run that printed no JSON failed, whatever its exit code
    problem = "" if proc.returncode in (0, 1) and count is not None else f"exit {proc.returncode}: {proc.stderr.strip()[-400:]}"
    if "--verbose" in extra:  # where the time went, by the run's own account
        for line in proc.stderr.splitlines():
            if line.startswith("hybridlint: index seconds") or line.startswith("hybridlint: checked"):
                print(f"    {line}")
    return elapsed, count, problem


def _compiled(cache: Path, environments: Dict[str, Optional[Dict[str, str]]], checkouts: List[Path]) -> None:
    """Run every variant from compiled bytecode, as an installed hybridlint does: where the
    environment forbids writing bytecode, compile each checkout once into a cache folder and let the
    timed runs read it there (`PYTHONPYCACHEPREFIX`)."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    prefix = str((cache / "pycache").resolve())
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["PYTHONPYCACHEPREFIX"] = prefix
    for key in ("hyb", "index-cold", "index-warm", "before-cold"):
        given = environments.get(key)
        environments[key] = dict(base, **{k: v for k, v in (given or {}).items() if k in ("PYTHONPATH",)})
    folders = [str(c.resolve() / name) for c in checkouts for name in ("hybridlint", "rules", "server") if (c / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], env=base, check=False, capture_output=True)
    print(f"compiled {len(folders)} folders of {len(checkouts)} checkout(s) into {prefix} (PYTHONDONTWRITEBYTECODE is set here)")


def _count_json_findings(out: str) -> Optional[int]:
    try:
        data = json.loads(out)
    except ValueError:
        return None
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("findings", "diagnostics", "results"):
            if isinstance(data.get(key), list):
                return len(data[key])
    return None


def time_ruff(ruff: str, files: FileSet) -> Tuple[float, str]:
    args = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--quiet", "--select", RUFF_RULE]
    args += _path_args(files)
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=files.root)
    elapsed = time.perf_counter() - start
    return elapsed, "" if proc.returncode == 0 else f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"


def find_ruff() -> Optional[str]:
    beside = Path(sys.executable).parent / "ruff"
    if beside.exists():
        return str(beside)
    return shutil.which("ruff")


# -- the crash scan ------------------------------------------------------------------------


class Scan:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.crashes: List[Tuple[str, str]] = []  # (path, what)
        self.syntax_errors: List[Tuple[str, str]] = []
        self.skipped = 0
        self.per_rule: Counter = Counter()
        self.findings: List[Dict[str, object]] = []
        self.fixes = 0  # findings that offer a fix
        self.fixed_files = 0  # files that `fix_source(unsafe=True)` changed


def scan(files: FileSet) -> Scan:
    from hybridlint.engine import check_source, fix_source

    result = Scan()
    start = time.perf_counter()
    for path, text in zip(files.paths, files.texts):
        shown = _relative(path, files.root)
        try:
            checked = check_source(text, str(path))
        except BaseException as exc:  # the point is to see everything that escapes
            if isinstance(exc, KeyboardInterrupt):
                raise
            last = traceback.extract_tb(exc.__traceback__)[-1]
            result.crashes.append((shown, f"{type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"))
            continue
        if checked.skipped:
            result.skipped += 1
        if checked.syntax_error is not None:
            result.syntax_errors.append((shown, f"{checked.syntax_error.message} line {checked.syntax_error.span.line}"))
        for finding in checked.findings:
            result.per_rule[finding.code] += 1
            fix = _guarded(result, shown, f"{finding.code} fix", lambda finding=finding: finding.fix)
            if fix is not None:
                result.fixes += 1
            result.findings.append(
                {
                    "path": shown,
                    "line": finding.span.line,
                    "col": finding.span.col,
                    "code": finding.code,
                    "message": finding.message,
                    "severity": str(getattr(finding.severity, "value", finding.severity)),
                    "fix": fix.title if fix is not None else None,
                }
            )
        # building a fix appends to `rule_errors` when the rule's fix code raises
        for error in checked.rule_errors:
            result.crashes.append((shown, f"{error.code}: {error.message}"))
        if checked.findings:
            # Every fix at once, unsafe ones too, round after round: the result must still parse.
            outcome = _guarded(result, shown, "fix_source", lambda text=text, path=path: fix_source(text, str(path), unsafe=True))
            if outcome is not None:
                result.fixed_files += outcome.text != text
                if outcome.result.syntax_error is not None:
                    result.crashes.append((shown, f"fixed text does not parse: {outcome.result.syntax_error.message}"))
    result.seconds = time.perf_counter() - start
    return result


def _guarded(result: Scan, shown: str, what: str, run: Callable[[], object]):
    try:
        return run()
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        result.crashes.append((shown, f"{what}: {type(exc).__name__}: {exc} (at {Path(last.filename).name}:{last.lineno})"))
        return None


# -- reporting -----------------------------------------------------------------------------


def _load() -> str:
    """The load average: on a shared machine, what else was running explains a slow run."""
    try:
        return ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except (AttributeError, OSError):
        return ""


def _rate(lines: int, seconds: float) -> str:
    return f"{lines / seconds:>12,.0f} lines/s" if seconds > 0 else "           - lines/s"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool; medians are reported")
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_PROJECT}, one run")
    parser.add_argument("--jobs", type=int, default=None, help="passed to hybridlint (default: its own default)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where releases are downloaded")
    parser.add_argument("--libcst-lines", type=int, default=LIBCST_LINE_BUDGET, help="lines in the libcst sample")
    parser.add_argument("--no-ruff", action="store_true")
    parser.add_argument("--no-scan", action="store_true", help="skip the in-process crash scan")
    parser.add_argument("--dump", type=Path, help="write every finding of the scan to this JSON file")
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="time only the default cold check (project index, no cache: a fresh CI job) and the ast.parse loop",
    )
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="time with the environment as it is (by default, where it forbids bytecode, the checkouts are "
        "compiled once into a cache folder first, as an installed package is)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="with --cold-only: also time the cold check of another checkout of hybridlint (its folder), "
        "interleaved with this one's, for a before/after comparison on a busy machine",
    )
    args = parser.parse_args(argv)
    if args.cold_only:
        args.no_ruff = args.no_scan = True
    repeat = 1 if args.quick else max(1, args.repeat)
    projects = [p for p in PROJECTS if p[0] == QUICK_PROJECT] if args.quick else list(PROJECTS)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {repeat} run(s) per tool{_load()}")
    paths: List[Path] = []
    for name, version in projects:
        src = fetch(args.cache, name, version)
        if src is None:
            continue
        found = sorted(src.rglob("*.py"))
        paths.extend(found)
        lines = sum(p.read_bytes().count(b"\n") for p in found)
        print(f"  {name} {version}: {len(found):,} files, {lines:,} lines")
    if not paths:
        print("no project could be fetched")
        return 2
    files = FileSet(args.cache / "src", paths)
    mentions = sum("tensorflow" in t for t in files.texts)
    print(f"total: {len(paths):,} files, {files.total_lines:,} lines ({mentions:,} files mention tensorflow)")

    cli = [sys.executable, "-m", "hybridlint.cli"]
    hyb_label = f"hybridlint check --no-cross-module ({f'--jobs {args.jobs}' if args.jobs else 'default --jobs'})"
    ruff = None if args.no_ruff else find_ruff()
    if ruff is None and not args.no_ruff:
        print("note: ruff not installed (pip install ruff): ruff is skipped")
    cst_indices, cst_lines = files.sample(args.libcst_lines)

    # "hyb" is file-local (`--no-cross-module`), comparable with the figures before the project index;
    # "index-cold" builds the index without a cache, "index-warm" reuses the cache of the run before.
    variants = {"hyb": ["--no-cross-module"], "index-cold": ["--no-cache"], "index-warm": []}
    environments: Dict[str, Optional[Dict[str, str]]] = {}
    if args.cold_only:
        variants = {"index-cold": ["--no-cache", "--verbose"]}
        if args.before is not None:
            variants = {"before-cold": ["--no-cache", "--verbose"], **variants}
            environments["before-cold"] = dict(os.environ, PYTHONPATH=str(args.before.resolve()))
    if not args.as_is:
        _compiled(args.cache, environments, [ROOT] + ([args.before] if args.before is not None else []))
    times: Dict[str, List[float]] = {
        "hyb": [], "before-cold": [], "index-cold": [], "index-warm": [], "ast": [], "cst": [], "ruff": []
    }
    findings_of: Dict[str, Optional[int]] = {}
    if not args.cold_only:
        time_cli(cli, files, args.jobs)  # primes the index cache for "index-warm"
    for run in range(repeat):
        # Interleaved, so a noisy neighbour on a shared machine hits every tool alike.
        for key, extra in variants.items():
            label = key if args.cold_only else ""
            env = environments.get(key)
            fresh = None
            if key.endswith("-cold"):
                # A fresh CI job has no jedi/parso cache either (`~/.cache/jedi`, pickled parse trees of
                # the project that jedi reads instead of parsing): each cold run gets an empty one.
                fresh = tempfile.mkdtemp(prefix="xdg-cache-", dir=args.cache)
                env = dict(env if env is not None else os.environ, XDG_CACHE_HOME=fresh)
            try:
                elapsed, findings_of[key], problem = time_cli(cli, files, args.jobs, extra, env, label)
            finally:
                if fresh is not None:
                    shutil.rmtree(fresh, ignore_errors=True)
            if problem:
                print(f"hybridlint check {' '.join(extra)} failed, so its time means nothing: {problem}")
                return 2
            times[key].append(elapsed)
        hyb_findings = findings_of.get("hyb")
        times["ast"].append(time_ast(files))
        cst = None if args.cold_only else time_libcst(files, cst_indices)
        if cst is not None:
            times["cst"].append(cst)
        if ruff is not None:
            elapsed, problem = time_ruff(ruff, files)
            if problem:
                print(f"  ! ruff: {problem}")
            times["ruff"].append(elapsed)
        print(f"  run {run + 1}/{repeat}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items() if v) + _load())

    print(f"  (after the runs{_load()})")
    median = {k: statistics.median(v) for k, v in times.items() if v}
    total = files.total_lines
    print()
    cold_ratios = [a / c for a, c in zip(times["ast"], times["index-cold"])]
    print(
        f"default cold check (project index, no cache): median {median['index-cold']:.2f} s, "
        f"{_rate(total, median['index-cold']).strip()}; ast.parse (1 core) median {median['ast']:.2f} s; "
        f"throughput ratio per run (ast.parse time / check time): {', '.join(f'{r:.3f}x' for r in cold_ratios)}, "
        f"median {statistics.median(cold_ratios):.3f}x"
    )
    if args.cold_only:
        for key in [k for k in ("before-cold", "index-cold") if CPU_SECONDS.get(k)]:
            cpu = CPU_SECONDS[key]
            ratios = [a / c for a, c in zip(times["ast"], times[key])]
            print(
                f"  {'before' if key == 'before-cold' else 'this checkout'}: wall {', '.join(f'{t:.2f}' for t in times[key])} s "
                f"(median {statistics.median(times[key]):.2f}), CPU of all processes {', '.join(f'{c:.1f}' for c in cpu)} s "
                f"(median {statistics.median(cpu):.1f}), ratio median {statistics.median(ratios):.3f}x"
            )
        return 0
    rates = {
        "hyb": total / median["hyb"],
        "ast": total / median["ast"],
        "cst": cst_lines / median["cst"] if "cst" in median else None,
        "ruff": total / median["ruff"] if "ruff" in median else None,
    }
    print()
    print(f"median of {repeat} run(s) over {total:,} lines:")
    print(f"  {hyb_label:<40} {median['hyb']:8.2f} s {_rate(total, median['hyb'])}")
    if repeat > 1:
        fastest = min(times["hyb"])
        print(f"  {'  (its fastest run)':<40} {fastest:8.2f} s {_rate(total, fastest)}")
    for key, label in (("index-cold", "  with the project index, no cache"), ("index-warm", "  with the project index, cached")):
        ratio = median[key] / median["hyb"]
        print(f"  {label:<40} {median[key]:8.2f} s {_rate(total, median[key])}  ({ratio:.2f}x the file-local time)")
    print(f"  {'ast.parse loop (1 core)':<40} {median['ast']:8.2f} s {_rate(total, median['ast'])}")
    if "cst" in median:
        label = "libcst.parse_module loop (1 core)"
        scaled = median["cst"] * total / cst_lines
        sample = "" if cst_lines == total else f"  (sample of {cst_lines:,} lines, {scaled:.1f} s scaled to all)"
        print(f"  {label:<40} {median['cst']:8.2f} s {_rate(cst_lines, median['cst'])}{sample}")
    else:
        print("  libcst not installed: skipped")
    if "ruff" in median:
        label = f"ruff check --select {RUFF_RULE} --no-cache"
        print(f"  {label:<40} {median['ruff']:8.2f} s {_rate(total, median['ruff'])}")
    print("ratios (hybridlint throughput / other; above 1 = hybridlint faster):")
    for key, label in (("ast", "ast.parse, 1 core"), ("cst", "libcst, 1 core"), ("ruff", "ruff")):
        if rates.get(key):
            print(f"  vs {label:<18} {rates['hyb'] / rates[key]:6.2f}x")
    if hyb_findings is not None:
        with_index = findings_of.get("index-warm")
        print(f"hybridlint reported {hyb_findings:,} findings file-local, {with_index} with the project index")

    if args.no_scan:
        return 0
    print()
    print("crash scan (in-process, one file at a time, every exception caught):")
    found = scan(files)
    print(
        f"  {len(files.paths):,} files in {found.seconds:.1f} s on one core ({_rate(total, found.seconds).strip()}), "
        f"{found.skipped:,} skipped (no tensorflow)"
    )
    print(f"  crashes (exceptions or rule errors): {len(found.crashes)}")
    for path, what in found.crashes[:50]:
        print(f"    {path}: {what}")
    print(f"  syntax errors: {len(found.syntax_errors)}")
    for path, what in found.syntax_errors[:20]:
        print(f"    {path}: {what}")
    print(f"  findings: {sum(found.per_rule.values()):,}, {found.fixes:,} of them with a fix")
    print(f"  files that fix_source(unsafe=True) changed: {found.fixed_files:,} (a fixed text that fails to parse counts as a crash)")
    from hybridlint.registry import all_rules

    for rule in all_rules():  # every rule, so a silent one shows as 0
        print(f"    {rule.code} {rule.name:<42} {found.per_rule.get(rule.code, 0):6,}")
    if args.dump is not None:
        args.dump.write_text(json.dumps(found.findings, indent=1), encoding="utf-8")
        print(f"  findings written to {args.dump}")
    return 1 if found.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
