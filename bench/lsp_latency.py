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

* cold: didOpen → first publishDiagnostics for the file, on an initialized server (opened a second
  after `initialized`, so the server's own start-up work may still be running);
* cold idle: the same for a second copy of the file opened at the end, on a server long idle;
* edit: didChange → publishDiagnostics of that version, over single-character edits spread over the
  file (an "x" typed at the end of an identifier, each edit kept, so no text ever repeats);
* line: the same, for Enter: a statement line typed above a statement in a function body, then
  deleted again (`--edits / 2` places spread over the file; every line below moves down and back);
* code action: after an edit and its diagnostics, textDocument/codeAction at one of the server's own
  diagnostics (a fresh version each time, so nothing is cached from the request before);
* memory: the server process's resident set size at the end (VmRSS and its peak, VmHWM).

Targets (issues 4 and 17): hybridlint edit and line p50 ≤ 3× ruff's, cold ≤ 150 ms, code action
≤ 30 ms.

The hybridlint servers start from compiled bytecode, as an installed package does: where the environment
forbids writing bytecode (`PYTHONDONTWRITEBYTECODE`), this checkout (and the baseline) are compiled once into
`.cache/bench/pycache` and the servers read it there (`PYTHONPYCACHEPREFIX`); without it every server compiled
hybridlint's modules while starting, which the cold open paid. `--as-is` runs them as the environment is.

`--baseline DIR` adds a server running an older hybridlint next to the others, in the same run (DIR
holds its `hybridlint` package with that commit's rules inside it, as installed, put first on
PYTHONPATH: `git archive <commit> hybridlint rules server | tar -x -C DIR && cp -r DIR/rules
DIR/hybridlint/rules`; without `hybridlint/rules` there the rules of this tree are imported, which may not
run on the older package: a baseline that ends with no diagnostics where this tree has some is flagged). `--in-process` also runs the letter and
Enter edits through `IncrementalChecker.check` in this process, timed in CPU seconds (which a busy
neighbour disturbs less than wall time), with how many lines each edit re-parsed.

Then, unless `--no-index`, the project index (issue 9): two hybridlint servers on their own copies
of the whole tf-agents project (workspace root = the project folder), one with `crossModule: false`
in its initializationOptions, one with the index on, take turns over the same edits to
`tf_agents/agents/ppo/ppo_agent.py` (`--index-file`; a module with no traced code of its own that
another module traces, so with the index its graph rules run and it gets a cross-module diagnostic). The index cache is built beforehand, as a previous session would have left it, and the
edits start only once the server has logged that its index is ready and has republished the file
with its link. Target (issue 9): the edit p50 with the index no worse than without it.
"""

from __future__ import annotations

import argparse
import ast
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
INDEX_FILE = "tf_agents/agents/ppo/ppo_agent.py"  # edited in the index run: other modules trace it
INDEX_CACHE_FOLDER = ".hybridlint_cache"  # where the server and `hybridlint check` keep the index
INDEX_READY = re.compile(r"modules indexed in")  # the server's log line when its index is built
# Typed at the end, as a user adds a function: gives both servers a diagnostic with a fix to act on.
PROBE = (
    "\n\n@tf.function(experimental_relax_shapes=True)\ndef _bench_probe(x):\n    import os\n    return tf.nn.relu(x)\n"
)


# -- the file ---------------------------------------------------------------------------------------


def build_file() -> Path:
    target = CACHE / "tf_agents_concat.py"
    if target.exists():
        return target
    parts = []
    with zipfile.ZipFile(_wheel()) as wheel:
        for index, name in enumerate(MODULES):
            text = wheel.read(name).decode("utf-8")
            if index:  # `from __future__` must open the file: keep the first module's only
                text = re.sub(r"^from __future__ import .*\n", "", text, flags=re.M)
            parts.append(f"# ---- {name} (tf-agents 0.19.0) ----\n" + text)
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


def _wheel() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = list(CACHE.glob("tf_agents-0.19.0-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", PROJECT, "-d", str(CACHE)],
            check=True,
        )
        wheels = list(CACHE.glob("tf_agents-0.19.0-*.whl"))
    return wheels[0]


def build_project(name: str) -> Path:
    """A copy of the whole tf-agents package (its `.py` files), for one server of the index run."""
    target = CACHE / name
    if (target / ".complete").exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with zipfile.ZipFile(_wheel()) as wheel:
        for member in wheel.namelist():
            if member.endswith(".py") and ".dist-info/" not in member:
                wheel.extract(member, target)
    (target / ".complete").touch()
    return target


def prebuild_index(project: Path) -> Tuple[float, bool]:
    """The index cache a previous session would have left (jedi unbounded), so the server's own build
    only reads it. Seconds spent, and whether it was built now."""
    cache = project / INDEX_CACHE_FOLDER
    if (cache / "index.json").exists():
        return 0.0, False
    from hybridlint.project import build_index

    started = time.perf_counter()
    build_index(project, [str(p) for p in sorted(project.rglob("*.py"))], cache_dir=cache)
    return time.perf_counter() - started, True


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


def line_points(text: str, count: int) -> List[Tuple[int, str]]:
    """(line, indentation) of `count` statements inside function bodies spread evenly over the file
    (0-based lines): a new statement line typed right above one of them (Enter, then a short
    assignment) is valid code there."""
    tree = ast.parse(text)
    lines = text.split("\n")
    found = sorted(
        {
            (stmt.lineno - 1, lines[stmt.lineno - 1][: stmt.col_offset])
            for function in ast.walk(tree)
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            for stmt in function.body
            if stmt.col_offset > 0 and not isinstance(stmt, ast.Expr)  # not a docstring's lines
            and lines[stmt.lineno - 1][: stmt.col_offset].strip() == ""
        }
    )
    step = len(found) / count
    return [found[int(i * step)] for i in range(count)]


# -- a small LSP client -------------------------------------------------------------------------


class Client:
    def __init__(
        self,
        command: List[str],
        root: Path,
        settings: Optional[Dict[str, Any]] = None,
        env: Optional[Dict[str, str]] = None,
    ):
        self.settings = settings  # what workspace/configuration answers (None: nothing configured)
        self.logs: "queue.Queue[str]" = queue.Queue()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=str(root),
            env=None if env is None else {**os.environ, **env},
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
            elif body.get("method") == "window/logMessage":
                self.logs.put(body["params"].get("message", ""))
            else:
                self.notifications.put((now, body))

    def _reply(self, request: Dict[str, Any]) -> None:
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [self.settings for _ in request["params"]["items"]]
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

    def wait_log(self, pattern: "re.Pattern[str]", timeout: float) -> str:
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no log message matching {pattern.pattern!r}")
            message = self.logs.get(timeout=remaining)
            if pattern.search(message):
                return message

    def memory(self) -> Tuple[float, float]:
        """Resident set size now and at its peak, in MiB (Linux)."""
        return _memory(self.process.pid)

    def children_memory(self) -> Tuple[float, float]:
        """The same, summed over the server's child processes (the project index lives in one)."""
        rss = peak = 0.0
        for pid in _children(self.process.pid):
            now, top = _memory(pid)
            rss, peak = rss + now, peak + top
        return rss, peak

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()


def _memory(pid: int) -> Tuple[float, float]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan"), float("nan")
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.M))
    return int(values.get("VmRSS", 0)) / 1024, int(values.get("VmHWM", 0)) / 1024


def _children(pid: int) -> List[int]:
    found: List[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except (OSError, ValueError):
            pass
    return found


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


# Neovim 0.7 and Eglot: code-action literals, but no codeAction/resolve, so every action they list
# must carry its edit.
NO_RESOLVE = json.loads(json.dumps(CAPABILITIES))
del NO_RESOLVE["textDocument"]["codeAction"]["resolveSupport"]


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

    def __init__(
        self,
        name: str,
        command: List[str],
        path: Path,
        root: Optional[Path] = None,
        settings: Optional[Dict[str, Any]] = None,
        capabilities: Optional[Dict[str, Any]] = None,
        env: Optional[Dict[str, str]] = None,
    ):
        self.name = name
        self.capabilities = capabilities or CAPABILITIES
        self.path = path
        self.root = root or path.parent  # the workspace folder
        self.settings = settings  # initializationOptions, and the answer to workspace/configuration
        self.uri = path.resolve().as_uri()
        self.text = path.read_text(encoding="utf-8")
        self.client = Client(command, self.root, settings, env)
        self.version = 1
        self.diagnostics: List[Any] = []
        self.times: Dict[str, List[float]] = {"cold": [], "cold_idle": [], "edit": [], "line": [], "action": []}
        self.with_fix = 0

    def initialize(self) -> None:
        root = self.root.resolve().as_uri()
        params: Dict[str, Any] = {
            "processId": os.getpid(),
            "rootUri": root,
            "capabilities": self.capabilities,
            "workspaceFolders": [{"uri": root, "name": "bench"}],
        }
        if self.settings is not None:
            params["initializationOptions"] = self.settings
        self.client.request("initialize", params)
        self.client.notify("initialized", {})

    def open(self) -> None:
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": self.uri, "languageId": "python", "version": 1, "text": self.text}},
        )
        at, self.diagnostics = self.client.wait_diagnostics(self.uri, 1)
        self.times["cold"].append((at - sent) * 1000)

    def open_again(self) -> None:
        """Open a second copy of the file (its own URI) on a server that is now idle."""
        copy = self.path.with_name(self.path.stem + "_again.py")
        copy.write_text(self.text, encoding="utf-8")
        uri = copy.resolve().as_uri()
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": self.text}},
        )
        at, _ = self.client.wait_diagnostics(uri, 1)
        self.times["cold_idle"].append((at - sent) * 1000)

    def change(self, change: Dict[str, Any], timed: bool = True, kind: str = "edit") -> None:
        self.version += 1
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]},
        )
        at, self.diagnostics = self.client.wait_diagnostics(self.uri, self.version)
        if timed:
            self.times[kind].append((at - sent) * 1000)

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

    def settle(self, quiet: float = 1.5, timeout: float = 60) -> int:
        """Take the diagnostics the server republishes without an edit (when its project index hands
        the document its link) until it has been quiet for `quiet` seconds; how many came."""
        deadline = time.perf_counter() + timeout
        count = 0
        while time.perf_counter() < deadline:
            try:
                _at, self.diagnostics = self.client.wait_diagnostics(self.uri, self.version, timeout=quiet)
            except (TimeoutError, queue.Empty):
                return count
            count += 1
        return count

    def summary(self) -> Dict[str, Any]:
        rss, peak = self.client.memory()
        child_rss, child_peak = self.client.children_memory()
        edits, actions, lines = self.times["edit"], self.times["action"], self.times["line"]
        return {
            "line_p50": statistics.median(lines) if lines else float("nan"),
            "line_p95": percentile(lines, 0.95) if lines else float("nan"),
            "name": self.name,
            "cold": self.times["cold"][0],
            "cold_idle": self.times["cold_idle"][0] if self.times["cold_idle"] else float("nan"),
            "edit_p50": statistics.median(edits),
            "edit_p95": percentile(edits, 0.95),
            "edits": len(edits),
            "action_p50": statistics.median(actions) if actions else float("nan"),
            "actions": len(actions),
            "actions_with_fix": self.with_fix,
            "diagnostics": len(self.diagnostics),
            "rss": rss,
            "peak": peak,
            "child_rss": child_rss,
            "child_peak": child_peak,
            "codes": sorted({str(d.get("code")) for d in self.diagnostics}),
        }


Server = Tuple[str, List[str], Optional[Dict[str, Any]], Optional[Dict[str, str]]]  # name, command, capabilities, env


def run(servers: List[Server], path: Path, edits: int, actions: int) -> List[Dict[str, Any]]:
    """The servers run side by side and take turns at every step, so a busy machine slows all alike."""
    sessions = []
    for number, (name, command, capabilities, env) in enumerate(servers):
        copy = CACHE / f"bench_{number}_{name.split()[0]}" / path.name  # each server edits its own copy
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        sessions.append(Session(name, command, copy, capabilities=capabilities, env=env))
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
        # Enter: a statement line typed inside a function body, then deleted again (the lines below
        # move down and back up). Earlier edits only added characters, so the lines are where they were.
        for line, indent in line_points(text, max(1, edits // 2)):
            for session in sessions:
                session.change(_insert(line, 0, indent + "_typed = 1\n"), kind="line")
            gone = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}}, "text": ""}
            for session in sessions:
                session.change(gone, kind="line")
        # The probe: a deprecated tf.function argument and an unused import, typed at the end.
        end_line = len(lines) - 1
        end_character = len(lines[end_line]) + typed.get(end_line, 0)
        for session in sessions:
            session.change(_insert(end_line, end_character, PROBE), timed=False)
        for index in range(actions):
            for session in sessions:
                session.code_action(index, end_line, len(lines))
        time.sleep(1.0)
        for session in sessions:
            session.open_again()
        return [session.summary() for session in sessions]
    finally:
        for session in sessions:
            session.client.close()


def in_process(path: Path, edits: int) -> Dict[str, float]:
    """The letter and Enter edits of `run` through `IncrementalChecker.check` in this process: CPU
    milliseconds of each (p50), the cold check, and the lines each edit re-parsed (p50, max)."""
    from hybridlint.incremental import IncrementalChecker

    text = path.read_text(encoding="utf-8")
    IncrementalChecker("warm_up.py").check("import tensorflow as tf\n\n@tf.function\ndef f(x):\n    return x\n")
    checker = IncrementalChecker(str(path))

    def timed(new_text: str) -> Tuple[float, int]:
        start = time.process_time()
        outcome = checker.check(new_text)
        return (time.process_time() - start) * 1000, outcome.reparsed_lines

    cold, _ = timed(text)
    letters: List[Tuple[float, int]] = []
    lines = text.split("\n")
    typed: Dict[int, int] = {}
    for line, character in edit_points(text, edits):
        column = character + typed.get(line, 0)
        typed[line] = typed.get(line, 0) + 1
        lines[line] = lines[line][:column] + "x" + lines[line][column:]
        letters.append(timed("\n".join(lines)))
    enters: List[Tuple[float, int]] = []
    base = "\n".join(lines)
    for line, indent in line_points(text, max(1, edits // 2)):
        enters.append(timed("\n".join(lines[:line] + [indent + "_typed = 1"] + lines[line:])))
        enters.append(timed(base))
    return {
        "cold": cold,
        "edit_p50": statistics.median(t for t, _ in letters),
        "line_p50": statistics.median(t for t, _ in enters),
        "edit_reparsed": statistics.median(r for _, r in letters),
        "line_reparsed": statistics.median(r for _, r in enters),
        "line_reparsed_max": max(r for _, r in enters),
    }


def run_index(edits: int, ready_timeout: float, module: str = INDEX_FILE) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """The same edits to one module of the whole project, to a server with the project index off and
    one with it on, taking turns."""
    off = build_project("project_index_off")
    on = build_project("project_index_on")
    prebuilt, built_now = prebuild_index(on)
    command = [sys.executable, "-m", "hybridlint.server"]
    sessions = [
        Session("index off", command, off / module, root=off, settings={"crossModule": False}),
        Session("index on", command, on / module, root=on),
    ]
    info: Dict[str, Any] = {"module": module, "prebuilt_seconds": prebuilt if built_now else None, "files": len(list(on.rglob("*.py")))}
    try:
        for session in sessions:
            session.initialize()
        started = time.perf_counter()
        info["ready_log"] = sessions[1].client.wait_log(INDEX_READY, ready_timeout)
        info["ready_seconds"] = time.perf_counter() - started
        time.sleep(1.0)  # as in the main run: start-up work done before any clock starts
        for session in sessions:
            session.open()
        for session in sessions:
            info[f"republished_{session.name}"] = session.settle()
            info[f"codes_at_open_{session.name}"] = sorted({str(d.get("code")) for d in session.diagnostics})
        text = (on / module).read_text(encoding="utf-8")
        typed: Dict[int, int] = {}
        for line, character in edit_points(text, edits):
            column = character + typed.get(line, 0)
            typed[line] = typed.get(line, 0) + 1
            for session in sessions:
                session.change(_insert(line, column, "x"))
        return [session.summary() for session in sessions], info
    finally:
        for session in sessions:
            session.client.close()


def report_index(results: List[Dict[str, Any]], info: Dict[str, Any], edits: int) -> None:
    print()
    print(f"project index: {info['files']} files of {PROJECT}, edits to {info['module']}")
    if info.get("prebuilt_seconds") is not None:
        print(f"  (index cache built first, in-process, jedi unbounded: {info['prebuilt_seconds']:.1f} s)")
    print(f"  index ready {info['ready_seconds']:.1f} s after initialize: {info['ready_log']}")
    header = f"{'server':<14} {'cold ms':>8} {'edit p50':>9} {'edit p95':>9} {'RSS MiB':>8} {'index proc MiB':>15}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['name']:<14} {r['cold']:8.1f} {r['edit_p50']:9.1f} {r['edit_p95']:9.1f} {r['rss']:8.1f} "
            f"{r['child_rss']:15.1f}"
        )
    off, on = results
    for r in results:
        print(
            f"  {r['name']}: {r['edits']} edits; diagnostics republished after open without an edit: "
            f"{info.get('republished_' + r['name'], 0)}; codes at open: {', '.join(info.get('codes_at_open_' + r['name'], [])) or '-'}"
        )
    ratio = on["edit_p50"] / off["edit_p50"] if off["edit_p50"] else float("inf")
    print(f"ratio index on/off: edit p50 {ratio:.2f}x, edit p95 {on['edit_p95'] / off['edit_p95']:.2f}x")
    print(f"target edit p50 with the index no worse than without (within 10%): {'met' if ratio <= 1.10 else 'NOT met'}")


def _compiled(checkouts: List[Path]) -> Optional[Dict[str, str]]:
    """The environment for hybridlint servers that start from compiled bytecode, as an installed package
    does (`pip install` compiles it): where the environment forbids writing bytecode
    (`PYTHONDONTWRITEBYTECODE`), each server would compile hybridlint's own modules at start-up, on the
    path of the cold open. The checkouts are compiled once into `.cache/bench/pycache`
    (`PYTHONPYCACHEPREFIX`, as `bench/batch.py` does); `--as-is` runs them as the environment is."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return None
    prefix = str((ROOT / ".cache" / "bench" / "pycache").resolve())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = prefix
    folders = [str(c.resolve() / name) for c in checkouts for name in ("hybridlint", "rules", "server") if (c / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], env=env, check=False, capture_output=True)
    print(f"compiled {len(folders)} folders into .cache/bench/pycache (PYTHONDONTWRITEBYTECODE is set here; --as-is: not)")
    return {"PYTHONPYCACHEPREFIX": prefix}


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
    parser.add_argument("--no-index", action="store_true", help="skip the run with the project index on and off")
    parser.add_argument("--index-only", action="store_true", help="only the run with the project index on and off")
    parser.add_argument("--index-timeout", type=float, default=600, help="seconds to wait for the server's index")
    parser.add_argument("--index-file", default=INDEX_FILE, help="the module of tf-agents edited in the index run")
    parser.add_argument("--baseline", type=Path, help="also run the hybridlint package found in this folder")
    parser.add_argument("--in-process", action="store_true", help="also time the edits in-process (CPU)")
    parser.add_argument(
        "--as-is", action="store_true", help="run the servers as the environment is, without compiled bytecode first"
    )
    args = parser.parse_args(argv)
    if args.index_only:
        report_index(*run_index(args.edits, args.index_timeout, args.index_file), args.edits)
        return 0

    path = build_file()
    lines = path.read_text(encoding="utf-8").count("\n")
    print(f"file: {path.relative_to(ROOT)} ({lines} lines, {len(MODULES)} modules of {PROJECT})")
    ours = [sys.executable, "-m", "hybridlint.server"]
    compiled = None if args.as_is else _compiled([ROOT] + ([args.baseline] if args.baseline is not None else []))
    servers: List[Server] = [("hybridlint", ours, None, compiled), ("hybridlint (no resolve)", ours, NO_RESOLVE, compiled)]
    ruff = None if args.no_ruff else find_ruff()
    if ruff:
        version = subprocess.run([ruff, "--version"], capture_output=True, text=True).stdout.strip()
        servers.append((version, [ruff, "server"], None, None))
    elif not args.no_ruff:
        print("ruff not found: `pip install ruff` into this environment to compare")
    if args.baseline is not None:
        servers.append(("hybridlint (baseline)", ours, None, {**(compiled or {}), "PYTHONPATH": str(args.baseline.resolve())}))
    results = run(servers, path, args.edits, args.actions)

    columns = ("cold ms", "idle ms", "edit p50", "edit p95", "line p50", "line p95", "action p50", "RSS MiB", "peak MiB")
    widths = (8, 8, 9, 9, 9, 9, 11, 8, 9)
    header = f"{'server':<24} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths))
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['name']:<24} {r['cold']:8.1f} {r['cold_idle']:8.1f} {r['edit_p50']:9.1f} {r['edit_p95']:9.1f} {r['line_p50']:9.1f}"
            f" {r['line_p95']:9.1f} {r['action_p50']:11.1f} {r['rss']:8.1f} {r['peak']:9.1f}"
        )
    for r in results:
        print(
            f"  {r['name']}: {r['edits']} edits, {r['actions']} code actions "
            f"({r['actions_with_fix']} offered a fix), {r['diagnostics']} diagnostics at the end"
        )
    ours, eager = results[0], results[1]
    baseline = next((r for r in results if r["name"] == "hybridlint (baseline)"), None)
    if baseline is not None and ours["diagnostics"] and not baseline["diagnostics"]:
        print("warning: the baseline ended with no diagnostics: it did not run its rules (see --baseline)")
    theirs = next((r for r in results if r["name"].startswith("ruff")), None)
    if theirs is not None:
        ratio = lambda key, mine=ours: mine[key] / theirs[key] if theirs[key] else float("inf")  # noqa: E731
        if baseline is not None:
            print(
                f"baseline/ruff: edit p50 {ratio('edit_p50', baseline):.1f}x, line p50 {ratio('line_p50', baseline):.1f}x"
            )
        print(
            f"ratios hybridlint/ruff: cold {ratio('cold'):.1f}x, edit p50 {ratio('edit_p50'):.1f}x, "
            f"edit p95 {ratio('edit_p95'):.1f}x, line p50 {ratio('line_p50'):.1f}x, "
            f"code action {ratio('action_p50'):.1f}x, RSS {ratio('rss'):.1f}x"
        )
        print(f"target edit p50 <= 3x ruff: {'met' if ratio('edit_p50') <= 3 else 'NOT met'}")
        print(f"target line p50 <= 3x ruff: {'met' if ratio('line_p50') <= 3 else 'NOT met'}")
    print(f"target cold <= 150 ms: {'met' if ours['cold'] <= 150 else 'NOT met'} (idle server: "
          f"{'met' if ours['cold_idle'] <= 150 else 'NOT met'})")
    worst = max(ours["action_p50"], eager["action_p50"])
    print(f"target code action <= 30 ms for every client (with and without resolve): {'met' if worst <= 30 else 'NOT met'}")
    if args.in_process:
        own = in_process(path, args.edits)
        print(
            f"in-process (CPU ms): cold {own['cold']:.1f}, edit p50 {own['edit_p50']:.1f}, line p50 "
            f"{own['line_p50']:.1f}; lines re-parsed per edit p50 {own['edit_reparsed']:.0f}, per line edit "
            f"p50 {own['line_reparsed']:.0f} (max {own['line_reparsed_max']})"
        )
    if not args.no_index:
        report_index(*run_index(args.edits, args.index_timeout, args.index_file), args.edits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
