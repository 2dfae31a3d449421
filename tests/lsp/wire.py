"""A bare LSP client on the server's pipes, for tests about the wire itself: raw bytes, malformed
params, requests out of order. (pytest-lsp's client validates what it sends, so it cannot send these.)

Every wait is on an event (a message arriving, the process ending) with a timeout that only bounds a
failure; nothing sleeps.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional

from pygls.uris import from_fs_path

SERVER = [sys.executable, "-m", "hybridlint.server"]
TIMEOUT = 30.0

CAPABILITIES: Dict[str, Any] = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "diagnostic": {},
        "hover": {"contentFormat": ["markdown"]},
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}},
            "resolveSupport": {"properties": ["edit"]},
        },
    },
    "workspace": {"diagnostics": {"refreshSupport": True}, "configuration": True},
    "window": {"showMessage": {}},
}


def frame(message: Any) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Wire:
    """The server as a subprocess. Messages from it are read in a thread and queued; the server's
    own requests are answered (`workspace/configuration` with `settings`, the rest with null)."""

    def __init__(self, root: Path, env: Optional[Dict[str, str]] = None, settings: Any = None):
        self.root = root
        self.settings = settings
        self.proc = subprocess.Popen(
            SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
            cwd=str(root),
        )
        self.answers: Dict[Any, Dict[str, Any]] = {}
        self.notifications: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        self.received: List[Dict[str, Any]] = []
        self._changed = threading.Condition()
        self._next_id = 1000
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()

    # -- reading -----------------------------------------------------------------------------------

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr += line

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self._changed:
                        self._changed.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(stream.read(length))
            with self._changed:
                self.received.append(message)
                if "method" in message and "id" in message:
                    self._answer_server_request(message)
                elif "method" in message:
                    self.notifications.put(message)
                else:
                    if message.get("id") in self.answers:
                        # A second answer to one request: recorded so a test can see it.
                        self.answers.setdefault(("twice", message.get("id")), message)
                    self.answers[message.get("id")] = message
                self._changed.notify_all()

    def _answer_server_request(self, message: Dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self.settings for _ in message["params"]["items"]]
        try:
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        except (OSError, ValueError):  # the test closed the server's input on purpose
            pass

    # -- writing -----------------------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: Any) -> None:
        self.write(frame(message))

    def request(self, method: str, params: Any, msg_id: Any = None) -> Any:
        if msg_id is None:
            self._next_id += 1
            msg_id = self._next_id
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return msg_id

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def answer(self, msg_id: Any, timeout: float = TIMEOUT) -> Dict[str, Any]:
        with self._changed:
            if not self._changed.wait_for(lambda: msg_id in self.answers or self.proc.poll() is not None, timeout):
                raise AssertionError(f"no answer to request {msg_id!r} within {timeout} s")
            if msg_id not in self.answers:
                raise AssertionError(f"the server ended (code {self.proc.poll()}) without answering {msg_id!r}")
            return self.answers[msg_id]

    def call(self, method: str, params: Any, timeout: float = TIMEOUT) -> Dict[str, Any]:
        return self.answer(self.request(method, params), timeout)

    def wait_for_notification(self, method: str, predicate=lambda m: True, timeout: float = TIMEOUT) -> Dict[str, Any]:
        with self._changed:
            found: List[Dict[str, Any]] = []

            def seen() -> bool:
                found[:] = [m for m in self.received if m.get("method") == method and predicate(m)]
                return bool(found)

            if not self._changed.wait_for(seen, timeout):
                raise AssertionError(f"no {method} notification within {timeout} s")
            return found[-1]

    def exit_code(self, timeout: float = TIMEOUT) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the server is still running after {timeout} s") from None
        self._stderr_thread.join(timeout)  # everything it wrote has been read
        return code

    # -- the usual session -------------------------------------------------------------------------

    def initialize(self, capabilities: Optional[Dict[str, Any]] = None, options: Any = None) -> Dict[str, Any]:
        answer = self.call(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": from_fs_path(str(self.root)),
                "capabilities": capabilities or CAPABILITIES,
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})
        return answer

    def uri(self, name: str) -> str:
        return from_fs_path(str(self.root / name))

    def open(self, name: str, text: str, version: int = 1) -> str:
        uri = self.uri(name)
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}},
        )
        return uri

    def pull(self, uri: str, timeout: float = TIMEOUT) -> Dict[str, Any]:
        return self.call("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.call("shutdown", None, timeout=10)
                self.notify("exit", None)
                self.proc.wait(10)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
