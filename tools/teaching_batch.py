"""The eighteenth batch's selection (docs/accuracy.md, "An eighteenth batch: teaching and example code").

    python tools/teaching_batch.py --names NAMES --out selection.json     # candidates by name, up to 40 kept

Candidates: every project of the list of PyPI's names given with `--names` (a text file whose lines start with a
project name, tab-separated from anything after it, a first line `name...` skipped; or the Simple API's project
list saved as JSON, `{"projects": [{"name": ...}, ...]}`) whose name, PEP 503 normalized and split at `-`, has a
token among TEACHING and a token among TENSORFLOW, and that no release in bench/ecosystem.py's PROJECTS pins (any
release), in alphabetical order of the normalized names. For each: its files from PyPI's Simple API (PEP 691
JSON), its newest version that is not a pre-release (nor a dev release; `packaging.version`) among the files not
yanked, a wheel of that version when it has one (a `py3-none-any` wheel first, then any other pure-Python wheel,
then any wheel, by file name) and otherwise its sdist (a `.tar.gz` first), downloaded with the bench's own fetch
(sha256 checked against the index's hash). Kept when one of its Python files has an import statement of
`tensorflow` or `keras` (or a submodule; parsed, a file that does not parse tested line by line) and one of its
Python files mentions `GradientTape`, `tf.function` or `.fit(`, and its Python code (the multiset of its Python
files' bytes, paths aside) differs from that of every release kept before it. Stops at 40 kept; the candidates
after that are listed as left for a later batch.

Never runs hybridlint, never reads a finding. Prints one line per candidate and writes the outcome as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import ecosystem as eco  # noqa: E402

LIMIT = 40
TEACHING = frozenset(
    "tutorial tutorials example examples course courses workshop lecture lectures homework assignment assignments "
    "exercise exercises demo demos lesson lessons book bootcamp notebook notebooks".split()
)
TENSORFLOW = frozenset({"tf", "tf2", "tensorflow", "tensorflow2", "keras"})
MENTIONS = ("GradientTape", "tf.function", ".fit(")
IMPORTED = ("tensorflow", "keras")


def tokens(name: str) -> set:
    return set(canonicalize_name(name).split("-"))


def is_candidate(name: str) -> bool:
    found = tokens(name)
    return bool(found & TEACHING) and bool(found & TENSORFLOW)


def read_names(path: Path) -> List[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        return [p["name"] for p in json.loads(text).get("projects", [])]
    lines = text.splitlines()
    if lines and lines[0].split("\t", 1)[0].strip().lower() == "name":
        lines = lines[1:]
    return [line.split("\t", 1)[0].strip() for line in lines if line.strip()]


def imports_tensorflow_or_keras(text: str) -> bool:
    return eco.imports_any(text, IMPORTED)


def simple_files(name: str) -> List[Dict]:
    request = urllib.request.Request(
        eco.PYPI_SIMPLE + canonicalize_name(name) + "/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response).get("files", [])


def file_version(filename: str) -> Tuple[Optional[Version], str]:
    """(version, "wheel" or "sdist") of a release file's name, (None, "") for any other file."""
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[1], "wheel"
        if filename.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(filename)[1], "sdist"
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        pass
    return None, ""


def choose(files: List[Dict]) -> Tuple[Optional[Version], Optional[Dict]]:
    """The newest version that is not a pre-release among the files not yanked, and the file fetched of it."""
    by_version: Dict[Version, List[Tuple[str, Dict]]] = {}
    for f in files:
        if f.get("yanked"):
            continue
        version, kind = file_version(f["filename"])
        if version is not None:
            by_version.setdefault(version, []).append((kind, f))
    final = [v for v in by_version if not v.is_prerelease]
    if not final:
        return None, None
    version = max(final)
    wheels = [f for kind, f in by_version[version] if kind == "wheel"]
    if wheels:
        wheels.sort(key=lambda f: (not f["filename"].endswith("-py3-none-any.whl"), "-none-any" not in f["filename"], f["filename"]))
        return version, wheels[0]
    sdists = sorted((f for kind, f in by_version[version] if kind == "sdist"), key=lambda f: (not f["filename"].endswith(".tar.gz"), f["filename"]))
    return version, sdists[0]


def file_size(found: Dict) -> Optional[int]:
    """A release file's size in bytes: the Simple API's `size` (PEP 700), else the Content-Length of a HEAD request
    for its URL; None when neither says."""
    if isinstance(found.get("size"), int):
        return found["size"]
    with urllib.request.urlopen(urllib.request.Request(found["url"], method="HEAD"), timeout=60) as response:
        length = response.headers.get("Content-Length", "")
    return int(length) if length.isdigit() else None


def examine(name: str, downloads: Path, max_size: Optional[int] = None) -> Dict:
    """One candidate's outcome; with `max_size`, a release file larger than that many bytes is not fetched."""
    entry: Dict = {"name": name}
    try:
        files = simple_files(name)
    except OSError as exc:
        entry["status"] = f"index failed: {exc}"
        return entry
    version, found = choose(files)
    if found is None:
        entry["status"] = "no final release file"
        return entry
    sha256 = found.get("hashes", {}).get("sha256", "")
    entry.update(version=str(version), filename=found["filename"], sha256=sha256, upload_time=found.get("upload-time", ""))
    if max_size is not None:
        try:
            entry["size"] = file_size(found)
        except OSError as exc:
            entry["status"] = f"size unknown: {exc}"
            return entry
        if entry["size"] is not None and entry["size"] > max_size:
            entry["status"] = f"not fetched: over {max_size:,} bytes"
            return entry
    try:
        archive = eco.download(eco.Project(name, str(version), found["filename"], sha256), downloads)
    except (eco.FetchError, OSError) as exc:
        entry["status"] = f"fetch failed: {exc}"
        return entry
    try:
        python = {p: data for p, data in eco._archive_members(archive) if data is not None and eco._safe(p)}
    except Exception as exc:  # noqa: BLE001 - an unreadable archive is an outcome to record
        entry["status"] = f"unreadable: {exc}"
        return entry
    texts = {p: data.decode("utf-8", errors="replace") for p, data in python.items()}
    importing = sorted(p for p, text in texts.items() if imports_tensorflow_or_keras(text))
    mentioning = sorted(p for p, text in texts.items() if any(word in text for word in MENTIONS))
    digest = hashlib.sha256()
    for file_digest in sorted(hashlib.sha256(data).hexdigest() for data in python.values()):
        digest.update(file_digest.encode())
    entry.update(
        files=len(python), lines=sum(data.count(b"\n") for data in python.values()),
        importing=importing, mentioning=mentioning, code_digest=digest.hexdigest(),
        status="kept" if python and importing and mentioning else (
            "no Python file" if not python else "no import of tensorflow or keras" if not importing
            else "no GradientTape, tf.function or .fit("
        ),
    )
    return entry


def pinned_names() -> set:
    """The normalized names of every project bench/ecosystem.py's PROJECTS pins (any release)."""
    return {canonicalize_name(p.name) for p in eco.PROJECTS}


def select(
    candidates: List[str], downloads: Path, limit: int = LIMIT, until: Optional[float] = None, max_size: Optional[int] = None
) -> List[Dict]:
    """Each candidate examined in order, kept when its Python code differs from every one kept before it; after
    `limit` kept, the rest listed as left for a later batch (so too, past the clock time `until`, the ones not
    yet examined). `max_size` goes to `examine`."""
    outcome: List[Dict] = []
    kept_digests: set = set()
    for name in candidates:
        if len(kept_digests) == limit:
            outcome.append({"name": name, "status": "left for a later batch"})
            continue
        if until is not None and time.time() > until:
            outcome.append({"name": name, "status": "not examined: the scan stopped at its time limit"})
            continue
        entry = examine(name, downloads, max_size=max_size)
        if entry["status"] == "kept" and entry["code_digest"] in kept_digests:
            entry["status"] = "same Python code as one kept"
        elif entry["status"] == "kept":
            kept_digests.add(entry["code_digest"])
        outcome.append(entry)
        print(f"{name:<40} {entry.get('version', ''):<10} {entry.get('filename', ''):<50} {entry['status']}", flush=True)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=Path, required=True, help="the list of PyPI's project names")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--downloads", type=Path, default=eco.DEFAULT_CACHE / "downloads")
    args = parser.parse_args()
    pinned = pinned_names()
    matching = sorted({canonicalize_name(n) for n in read_names(args.names) if is_candidate(n)})
    candidates = [n for n in matching if n not in pinned]
    outcome = select(candidates, args.downloads)
    args.out.write_text(
        json.dumps({"matching": len(matching), "pinned_before": sorted(set(matching) & pinned), "candidates": outcome}, indent=1) + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
