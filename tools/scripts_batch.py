"""The seventeenth batch's selection (docs/accuracy.md, "A seventeenth batch: the scripts beside the libraries").

    python tools/scripts_batch.py --out selection.json     # candidates in the order of first pin, up to 40 kept

Candidates: every package pinned in bench/ecosystem.py's PROJECTS (before this batch: its scripts parts are
left out), in the order of its first pin, at its newest pinned release (the one that goes by the bare name).
For each: the sdist of that exact version from PyPI's Simple API (PEP 691 JSON), downloaded with the bench's
own fetch (sha256 checked against the index's hash); its script files (`ecosystem.script_file`) outside what
the check of the release already reads (`own`: the sdist paths of the release's packages and top-level
modules, and of the files its `include` globs match); kept when a script file imports `tensorflow`. Stops at
40 kept; with fewer, goes on with the older pinned releases of the same packages (newest first, in the same
order) whose script files differ from every one kept of their package.

Never runs hybridlint, never reads a finding. Prints one line per candidate and writes the outcome as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import ecosystem as eco  # noqa: E402

LIMIT = 40
SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tgz")


def imports_tensorflow(text: str) -> bool:
    return eco.imports_any(text, ("tensorflow",))


def simple_files(name: str) -> List[Dict]:
    request = urllib.request.Request(
        eco.PYPI_SIMPLE + canonicalize_name(name) + "/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response).get("files", [])


def sdist_version(filename: str, name: str) -> Optional[Version]:
    """The version of an sdist's file name `NAME-VERSION.tar.gz` of the package `name`, else None."""
    for suffix in SDIST_SUFFIXES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            break
    else:
        return None
    project, sep, version = stem.rpartition("-")
    if not sep or canonicalize_name(project) != canonicalize_name(name):
        return None
    try:
        return Version(version)
    except InvalidVersion:
        return None


def sdist_of(release, files: List[Dict]) -> Optional[Dict]:
    """The sdist of exactly the release's version (a `.tar.gz` first when the index has more than one)."""
    found = [
        f for f in files
        if sdist_version(f["filename"], release.name) == Version(release.version) and not f.get("yanked") is True
    ] or [f for f in files if sdist_version(f["filename"], release.name) == Version(release.version)]
    found.sort(key=lambda f: (not f["filename"].endswith(".tar.gz"), f["filename"]))
    return found[0] if found else None


def members(archive: Path) -> Dict[str, Optional[bytes]]:
    return {path: data for path, data in eco._archive_members(archive) if eco._safe(path)}


def own_globs(release, release_file: Path, sdist: Dict[str, Optional[bytes]]) -> Tuple[Tuple[str, ...], List[str]]:
    """The globs of the sdist paths the check of `release` already reads, and notes on what did not map."""
    notes: List[str] = []
    if not release_file.name.endswith(".whl"):
        if not release.include:
            return ("*",), notes  # the pinned file is this sdist, every Python file of it checked
        tops = sorted(
            {p.split("/")[0] for p in sdist if p.count("/") == 1 and p.endswith("/__init__.py")}
            | {"src/" + p.split("/")[1] for p in sdist if p.startswith("src/") and p.count("/") == 2 and p.endswith("/__init__.py")}
        )
        return tuple(f"{top}/*" for top in tops) + tuple(release.include), notes
    wheel: Dict[str, Optional[bytes]] = {}
    for path, data in eco._archive_members(release_file):
        parts = path.split("/")
        if parts[0].endswith(".dist-info"):
            continue
        if parts[0].endswith(".data"):  # NAME-VERSION.data/platlib/PKG/...: installed as PKG/...
            if len(parts) < 3:
                continue
            path = "/".join(parts[2:])
        wheel[path] = data
    by_top: Dict[str, List[str]] = {}
    for path in wheel:
        by_top.setdefault(path.split("/")[0], []).append(path)
    globs: List[str] = []
    for top, paths in sorted(by_top.items()):
        is_module = paths == [top]
        prefixes: Counter = Counter()
        for w in paths:
            if wheel[w] is None:
                continue
            for s, data in sdist.items():
                if (s == w or s.endswith("/" + w)) and data == wheel[w]:
                    prefixes[s[: len(s) - len(w)]] += 1
        if not prefixes:  # no file of it with the same bytes: by name (a package's __init__.py)
            for s in sdist:
                if is_module and s == top or not is_module and (s == f"{top}/__init__.py" or s.endswith(f"/{top}/__init__.py")):
                    prefixes[s[: len(s) - len(top if is_module else f"{top}/__init__.py")]] += 1
        if not prefixes:
            notes.append(f"{top}: not in the sdist")
            continue
        for prefix in sorted(prefixes):
            globs.append(prefix + top if is_module else f"{prefix}{top}/*")
        if len(prefixes) > 1:
            notes.append(f"{top}: at {sorted(prefixes)}")
        for pattern in release.include:
            for prefix in sorted(prefixes):
                if pattern.startswith(top + "/") and prefix + pattern not in globs:
                    globs.append(prefix + pattern)
    return tuple(globs), notes


def examine(release, downloads: Path, cache: Dict[str, List[Dict]]) -> Dict:
    entry: Dict = {"ident": release.ident, "name": release.name, "version": release.version}
    try:
        files = cache.setdefault(release.name, simple_files(release.name))
    except OSError as exc:
        entry["status"] = f"index failed: {exc}"
        return entry
    found = sdist_of(release, files)
    if found is None:
        entry["status"] = "no sdist"
        return entry
    sha256 = found.get("hashes", {}).get("sha256", "")
    entry.update(sdist=found["filename"], sha256=sha256)
    part = eco.Project(release.name, release.version, found["filename"], sha256)
    try:
        archive = eco.download(part, downloads)
    except (eco.FetchError, OSError) as exc:
        entry["status"] = f"fetch failed: {exc}"
        return entry
    try:
        sdist = members(archive)
    except Exception as exc:  # noqa: BLE001 - an unreadable archive is an outcome to record
        entry["status"] = f"unreadable: {exc}"
        return entry
    own, notes = own_globs(release, downloads / release.filename, sdist)
    scripts = sorted(p for p, data in sdist.items() if data is not None and eco.script_file(p, own))
    tf = [p for p in scripts if imports_tensorflow(sdist[p].decode("utf-8", errors="replace"))]
    digest = hashlib.sha256()
    for p in scripts:
        digest.update(p.encode() + b"\0" + sdist[p] + b"\0")
    entry.update(
        own=list(own), notes=notes, scripts=scripts, tensorflow=tf, scripts_digest=digest.hexdigest(),
        lines=sum(sdist[p].count(b"\n") for p in scripts),
        status="kept" if tf else ("scripts without tensorflow" if scripts else "no script files"),
    )
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--downloads", type=Path, default=eco.DEFAULT_CACHE / "downloads")
    args = parser.parse_args()
    pinned = [p for p in eco.PROJECTS if not p.scripts]
    order: List[str] = []
    for p in pinned:
        if p.name not in order:
            order.append(p.name)
    newest = {name: next(p for p in pinned if p.name == name and not p.label) for name in order}
    cache: Dict[str, List[Dict]] = {}
    outcome: List[Dict] = []
    kept = 0
    for name in order:
        if kept == LIMIT:
            outcome.append({"ident": newest[name].ident, "name": name, "version": newest[name].version, "status": "not examined (40 kept)"})
            continue
        entry = examine(newest[name], args.downloads, cache)
        outcome.append(entry)
        kept += entry["status"] == "kept"
        print(f"{entry['ident']:<45} {entry['status']:<28} {len(entry.get('scripts', []))} scripts, "
              f"{len(entry.get('tensorflow', []))} import tensorflow {entry.get('notes') or ''}", flush=True)
    older: List[Dict] = []
    if kept < LIMIT:  # the older pinned releases of the same packages, newest first, in the same order
        for name in order:
            kept_digests = {e["scripts_digest"] for e in outcome + older if e["name"] == name and e["status"] == "kept"}
            for release in sorted((p for p in pinned if p.name == name and p.label), key=lambda p: Version(p.version), reverse=True):
                if kept == LIMIT:
                    break
                entry = examine(release, args.downloads, cache)
                if entry["status"] == "kept" and entry["scripts_digest"] in kept_digests:
                    entry["status"] = "same script files as one kept"
                elif entry["status"] == "kept":
                    kept_digests.add(entry["scripts_digest"])
                    kept += 1
                older.append(entry)
                print(f"{entry['ident']:<45} {entry['status']:<28} {len(entry.get('scripts', []))} scripts", flush=True)
    args.out.write_text(json.dumps({"newest": outcome, "older": older}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
