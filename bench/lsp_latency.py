"""Edit latency of `hybridlint server` next to `ruff server`, on the same real TensorFlow file.

    python bench/lsp_latency.py [--edits 200] [--actions 30] [--no-ruff]

The file: three modules of tf-agents 0.19.0 (a pure-Python TensorFlow project from PyPI:
`agents/ppo/ppo_agent.py`, `utils/common.py`, `agents/ppo/ppo_utils.py`), concatenated into one of
about 3,500 lines. The wheel is fetched once with `pip download` into `.cache/lsp-bench/` (ignored by
git). ruff is looked up next to this Python, then on PATH (`pip install ruff`; it is not a test
dependency).

Both servers get the same client: a small JSON-RPC client on pipes that advertises push
diagnostics, UTF-16 positions and code-action literals with lazy resolution (what VS Code does). The
two run side by side and take turns at every step (an edit to one, then the same edit to the other),
so a busy machine slows both alike. Measured for each, in the same run:

* cold: didOpen → first publishDiagnostics for the file, on an initialized server;
* edit: didChange → publishDiagnostics of that version, over single-character edits spread over the
  file (an "x" typed at the end of an identifier, each edit kept, so no text ever repeats);
* code action: after an edit and its diagnostics, textDocument/codeAction at one of the server's own
  diagnostics (a fresh version each time, so nothing is cached from the request before);
* memory: the server process's resident set size at the end (VmRSS and its peak, VmHWM).

Targets (issue 4): hybridlint edit p50 ≤ 3× ruff's edit p50, cold ≤ 150 ms, code action ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import keyword
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import tokenize
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lsp-bench"
PROJECT = "tf-agents==0.19.0"
MODULES = ["tf_agents/agents/ppo/ppo_agent.py", "tf_agents/utils/common.py", "tf_agents/agents/ppo/ppo_utils.py"]
# Typed at the end, as a user adds a function: gives both servers a diagnostic with a fix to act on.
PROBE = (
    "\n\n@tf.function(experimental_relax_shapes=True)\ndef _bench_probe(x):\n    import os\n    return tf.nn.relu(x)\n"
)


# -- the file ---------------------------------------------------------------------------------------


def build_file() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / "tf_agents_concat.py"
    if target.exists():
        return target
    wheels = list(CACHE.glob("tf_agents-0.19.0-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", PROJECT, "-d", str(CACHE)],
            check=True,
        )
        wheels = list(CACHE.glob("tf_agents-0.19.0-*.whl"))
    parts = []
    with zipfile.ZipFile(wheels[0]) as wheel:
        for index, name in enumerate(MODULES):
            text = wheel.read(name).decode("utf-8")
            if index:  # `from __future__` must open the file: keep the first module's only
                text = re.sub(r"^from __future__ import .*\n", "", text, flags=re.M)
            parts.append(f"# ---- {name} (tf-agents 0.19.0) ----\n" + text)
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


def edit_points(text: str, count: int) -> List[Tuple[int, int]]:
    """(line, character) just after `count` identifiers spread evenly over the file (0-based, ASCII
    lines, so UTF-16 units are characters)."""
    names = [
        tok
        for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string) and not keyword.issoftkeyword(tok.string)
    ]
    step = len(names) / count
    picked = [names[int(i * step)] for i in range(count)]
    return [(tok.end[0] - 1, tok.end[1]) for tok in picked]


# -- a small LSP client -------------------------------------------------------------------------


class Client:
    def __init__(self, command: List[str], root: Path):
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(root)
        )
        self._next_id = 0
        self._responses: Dict[int, "queue.Queue[Any]"] = {}
        self.notifications: "queue.Queue[Tuple[float, Dict[str, Any]]]" = queue.Queue()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = json.loads(stream.read(length))
            now = time.perf_counter()
            if "id" in body and "method" in body:  # a request from the server
                self._reply(body)
            elif "id" in body:
                self._responses.setdefault(body["id"], queue.Queue()).put(body)
            else:
                self.notifications.put((now, body))

    def _reply(self, request: Dict[str, Any]) -> None:
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [None for _ in request["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def _send(self, message: Dict[str, Any]) -> None:
        data = json.dumps(message).encode("utf-8")
        with self._lock:
            assert self.process.stdin is not None
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
            self.process.stdin.flush()

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        with self._lock:
            self._next_id += 1
            msg_id = self._next_id
        box = self._responses.setdefault(msg_id, queue.Queue())
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        response = box.get(timeout=timeout)
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri: str, version: Optional[int], timeout: float = 60) -> Tuple[float, List[Any]]:
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for version {version}")
            at, message = self.notifications.get(timeout=remaining)
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] != uri:
                continue
            if version is None or params.get("version") in (None, version):
                return at, params["diagnostics"]

    def memory(self) -> Tuple[float, float]:
        """Resident set size now and at its peak, in MiB (Linux)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return float("nan"), float("nan")
        values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.M))
        return int(values.get("VmRSS", 0)) / 1024, int(values.get("VmHWM", 0)) / 1024

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()


CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"didSave": True, "dynamicRegistration": False},
        "publishDiagnostics": {
            "relatedInformation": True,
            "versionSupport": True,
            "codeDescriptionSupport": True,
            "dataSupport": True,
        },
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source", "source.fixAll"]}},
            "resolveSupport": {"properties": ["edit"]},
            "dataSupport": True,
            "isPreferredSupport": True,
        },
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    },
    "workspace": {"configuration": True, "workspaceEdit": {"documentChanges": True}},
}


# -- the run ------------------------------------------------------------------------------------


def percentile(values: List[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def _insert(line: int, character: int, text: str) -> Dict[str, Any]:
    point = {"line": line, "character": character}
    return {"range": {"start": point, "end": point}, "text": text}


class Session:
    """One server editing its own copy of the file."""

    def __init__(self, name: str, command: List[str], path: Path):
        self.name = name
        self.path = path
        self.uri = path.resolve().as_uri()
        self.text = path.read_text(encoding="utf-8")
        self.client = Client(command, path.parent)
        self.version = 1
        self.diagnostics: List[Any] = []
        self.times: Dict[str, List[float]] = {"cold": [], "edit": [], "action": []}
        self.with_fix = 0

    def initialize(self) -> None:
        root = self.path.parent.resolve().as_uri()
        self.client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root,
                "capabilities": CAPABILITIES,
                "workspaceFolders": [{"uri": root, "name": "bench"}],
            },
        )
        self.client.notify("initialized", {})

    def open(self) -> None:
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": self.uri, "languageId": "python", "version": 1, "text": self.text}},
        )
        at, self.diagnostics = self.client.wait_diagnostics(self.uri, 1)
        self.times["cold"].append((at - sent) * 1000)

    def change(self, change: Dict[str, Any], timed: bool = True) -> None:
        self.version += 1
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]},
        )
        at, self.diagnostics = self.client.wait_diagnostics(self.uri, self.version)
        if timed:
            self.times["edit"].append((at - sent) * 1000)

    def code_action(self, index: int, probe_line: int, line_count: int) -> None:
        # A fresh version for every request (an edit in the comment on the first line), so nothing is
        # left over from the request before.
        self.change(_insert(0, 0, "#"), timed=False)
        targets = [d for d in self.diagnostics if d["range"]["start"]["line"] >= probe_line] or self.diagnostics
        if targets:
            diagnostic = targets[index % len(targets)]
            where, context = diagnostic["range"], [diagnostic]
        else:
            point = {"line": index * 37 % line_count, "character": 0}
            where, context = {"start": point, "end": point}, []
        sent = time.perf_counter()
        result = self.client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": self.uri}, "range": where, "context": {"diagnostics": context}},
        )
        self.times["action"].append((time.perf_counter() - sent) * 1000)
        titles = [a.get("title", "") for a in result or [] if a.get("kind") == "quickfix"]
        self.with_fix += any(not t.startswith("Disable") and "noqa" not in t.lower() for t in titles)

    def summary(self) -> Dict[str, Any]:
        rss, peak = self.client.memory()
        edits, actions = self.times["edit"], self.times["action"]
        return {
            "name": self.name,
            "cold": self.times["cold"][0],
            "edit_p50": statistics.median(edits),
            "edit_p95": percentile(edits, 0.95),
            "edits": len(edits),
            "action_p50": statistics.median(actions) if actions else float("nan"),
            "actions": len(actions),
            "actions_with_fix": self.with_fix,
            "diagnostics": len(self.diagnostics),
            "rss": rss,
            "peak": peak,
        }


def run(servers: List[Tuple[str, List[str]]], path: Path, edits: int, actions: int) -> List[Dict[str, Any]]:
    """Both servers run side by side and take turns at every step, so a busy machine slows both alike."""
    sessions = []
    for name, command in servers:
        copy = CACHE / f"bench_{name.split()[0]}" / path.name  # each server edits its own copy
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        sessions.append(Session(name, command, copy))
    try:
        for session in sessions:
            session.initialize()
        time.sleep(1.0)  # let each server finish its start-up work before any clock starts
        for session in sessions:
            session.open()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        typed: Dict[int, int] = {}  # earlier edits on a line move the later points on it
        for line, character in edit_points(text, edits):
            column = character + typed.get(line, 0)
            typed[line] = typed.get(line, 0) + 1
            for session in sessions:
                session.change(_insert(line, column, "x"))
        # The probe: a deprecated tf.function argument and an unused import, typed at the end.
        end_line = len(lines) - 1
        end_character = len(lines[end_line]) + typed.get(end_line, 0)
        for session in sessions:
            session.change(_insert(end_line, end_character, PROBE), timed=False)
        for index in range(actions):
            for session in sessions:
                session.code_action(index, end_line, len(lines))
        return [session.summary() for session in sessions]
    finally:
        for session in sessions:
            session.client.close()


def find_ruff() -> Optional[str]:
    local = Path(sys.executable).parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if local.exists():
        return str(local)
    return shutil.which("ruff")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--actions", type=int, default=30)
    parser.add_argument("--no-ruff", action="store_true", help="measure hybridlint alone")
    args = parser.parse_args(argv)

    path = build_file()
    lines = path.read_text(encoding="utf-8").count("\n")
    print(f"file: {path.relative_to(ROOT)} ({lines} lines, {len(MODULES)} modules of {PROJECT})")
    servers = [("hybridlint", [sys.executable, "-m", "hybridlint.server"])]
    ruff = None if args.no_ruff else find_ruff()
    if ruff:
        version = subprocess.run([ruff, "--version"], capture_output=True, text=True).stdout.strip()
        servers.append((version, [ruff, "server"]))
    elif not args.no_ruff:
        print("ruff not found: `pip install ruff` into this environment to compare")
    results = run(servers, path, args.edits, args.actions)

    columns = ("cold ms", "edit p50", "edit p95", "action p50", "RSS MiB", "peak MiB")
    widths = (8, 9, 9, 11, 8, 9)
    header = f"{'server':<14} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths))
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['name']:<14} {r['cold']:8.1f} {r['edit_p50']:9.1f} {r['edit_p95']:9.1f} {r['action_p50']:11.1f}"
            f" {r['rss']:8.1f} {r['peak']:9.1f}"
        )
    for r in results:
        print(
            f"  {r['name']}: {r['edits']} edits, {r['actions']} code actions "
            f"({r['actions_with_fix']} offered a fix), {r['diagnostics']} diagnostics at the end"
        )
    ours = results[0]
    if len(results) > 1:
        theirs = results[1]
        ratio = lambda key: ours[key] / theirs[key] if theirs[key] else float("inf")  # noqa: E731
        print(
            f"ratios hybridlint/ruff: cold {ratio('cold'):.1f}x, edit p50 {ratio('edit_p50'):.1f}x, "
            f"edit p95 {ratio('edit_p95'):.1f}x, code action {ratio('action_p50'):.1f}x, RSS {ratio('rss'):.1f}x"
        )
        print(f"target edit p50 <= 3x ruff: {'met' if ratio('edit_p50') <= 3 else 'NOT met'}")
    print(f"target cold <= 150 ms: {'met' if ours['cold'] <= 150 else 'NOT met'}")
    print(f"target code action <= 30 ms: {'met' if ours['action_p50'] <= 30 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
