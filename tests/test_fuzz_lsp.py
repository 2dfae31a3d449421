"""Seeded fuzzing of `hybridlint server` over its real pipes (issue 18): random incremental edits in
UTF-8, UTF-16 and UTF-32 to several interleaved documents, requests with malformed params, methods
out of order, unknown methods, huge documents, and broken framing. It checks that

* every request gets exactly one answer (no hang, no request left unanswered or answered twice);
* the server's copy of each document never drifts from the client's (no desync): at checkpoints
  the pulled diagnostics are those of a fresh check of the client's text, and every range lies
  inside the document;
* a framing error ends the server with exit code 3, and a clean session with 0.

The budget is small by default (a few seconds, for CI). `make fuzz` runs the long one:

    HYBRIDLINT_FUZZ_EDITS=20000 HYBRIDLINT_FUZZ_MALFORMED=2000 pytest -s tests/test_fuzz_lsp.py

`HYBRIDLINT_FUZZ_SEED` picks the seed (default: a fixed one, so a failure reproduces); the figures
are printed at the end of the run (with -s).
"""

from __future__ import annotations

import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple


sys.path.insert(0, str(Path(__file__).parent / "lsp"))
from wire import CAPABILITIES, Wire  # noqa: E402

from hybridlint.engine import check_source  # noqa: E402

EDITS = int(os.environ.get("HYBRIDLINT_FUZZ_EDITS", "300"))
MALFORMED = int(os.environ.get("HYBRIDLINT_FUZZ_MALFORMED", "60"))
SEED = int(os.environ.get("HYBRIDLINT_FUZZ_SEED", "20261206"))
FRAMING_SESSIONS = int(os.environ.get("HYBRIDLINT_FUZZ_FRAMING", "2"))
EDITS_PER_SESSION = 2500  # a new server now and then: each session starts with a fresh lifecycle
SIZE_LIMIT = 20_000  # set low, so "huge" documents are cheap to send
CHECKPOINT_EVERY = 40

BASE = (
    "import tensorflow as tf\n"
    "\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def step(x):\n"
    "    return x * 2\n"
    "\n"
    "class Model(tf.keras.Model):\n"
    "    def call(self, x):\n"
    "        print(x)\n"
    "        return x\n"
)
SNIPPETS = [
    "x",
    " ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "é",
    "😀",
    "\f",
    "(",
    ")",
    ":",
    "'",
    '"""',
    "#",
    "\\",
    "tf.",
    "print(x)\n",
    "@tf.function\n",
    "def f(a):\n    return a\n",
    "    ",
    "experimental_compile=True",
    "for i in range(3):\n        x = x + i\n",
    "tf.Variable(1.0)",
    "\u2028",
    "ü😀\r\n",
]

FIGURES: Dict[str, int] = {}


def _count(key: str, n: int = 1) -> None:
    FIGURES[key] = FIGURES.get(key, 0) + n


# -- the client's own model of a document ----------------------------------------------------------


_BREAK = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class Model:
    uri: str
    text: str
    version: int = 1
    big: bool = False

    def starts(self) -> List[int]:
        return [0] + [m.end() for m in _BREAK.finditer(self.text)]

    def position(self, offset: int, encoding: str) -> Dict[str, int]:
        starts = self.starts()
        line = max(i for i, s in enumerate(starts) if s <= offset)
        return {"line": line, "character": _units(self.text[starts[line] : offset], encoding)}

    def boundary(self, rng: random.Random) -> int:
        """A random offset that is not inside a line break ("\\r|\\n")."""
        while True:
            offset = rng.randint(0, len(self.text))
            if not (0 < offset < len(self.text) and self.text[offset - 1] == "\r" and self.text[offset] == "\n"):
                return offset

    def lines(self) -> List[str]:
        return _BREAK.split(self.text)


def _expected(text: str) -> List[Tuple[str, int]]:
    """What a fresh check of the text reports. With a syntax error, only where the parser stopped:
    the server then still checks the statements around it, which ones depends on the edit history
    (`hybridlint.incremental`), so only the syntax error itself is compared."""
    result = check_source(text, "doc.py")
    if result.syntax_error is not None:
        return [("E999", result.syntax_error.span.line - 1)]
    return sorted((f.code, f.span.line - 1) for f in result.findings)


def _reported(items: List[Dict[str, Any]]) -> List[Tuple[str, int]]:
    found = [(d.get("code") or "E999", d["range"]["start"]["line"]) for d in items]
    if any(code == "E999" for code, _ in found):
        return [(code, line) for code, line in found if code == "E999"]
    return sorted(found)


# -- one session -----------------------------------------------------------------------------------


@dataclass
class Session:
    wire: Wire
    rng: random.Random
    encoding: str
    docs: Dict[str, Model] = field(default_factory=dict)
    asked: List[Any] = field(default_factory=list)
    names: int = 0

    def request(self, method: str, params: Any) -> Any:
        msg_id = self.wire.request(method, params)
        self.asked.append(msg_id)
        _count("requests")
        return msg_id

    def open(self, text: str, big: bool = False) -> Model:
        self.names += 1
        name = f"doc{self.names}.py"
        uri = self.wire.open(name, text)
        model = Model(uri, text, big=big)
        self.docs[uri] = model
        _count("documents opened")
        return model

    def edit(self, model: Model) -> None:
        rng = self.rng
        start = model.boundary(rng)
        end = model.boundary(rng)
        if end < start:
            start, end = end, start
        if end - start > 40:
            end = start + rng.randint(0, 40)
            while 0 < end < len(model.text) and model.text[end - 1] == "\r" and model.text[end] == "\n":
                end += 1
        new = "".join(rng.choice(SNIPPETS) for _ in range(rng.randint(0, 3)))
        change = {"range": {"start": model.position(start, self.encoding), "end": model.position(end, self.encoding)}, "text": new}
        model.text = model.text[:start] + new + model.text[end:]
        model.version += 1
        self.wire.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": model.uri, "version": model.version}, "contentChanges": [change]},
        )
        _count("edits")

    def checkpoint(self, model: Model) -> None:
        """The server's view of the document equals the client's: same diagnostics as a fresh check
        of the client's text, every range inside the document."""
        # Over the size limit a document is not analysed; edits may take it across the limit.
        expected = [] if len(model.text) > SIZE_LIMIT else _expected(model.text)
        for attempt in range(20):
            answer = self.wire.answer(self.request("textDocument/diagnostic", {"textDocument": {"uri": model.uri}}))
            assert "error" not in answer or answer["error"]["code"] == -32802, answer
            items = answer.get("result", {}).get("items", [])
            lines = model.lines()
            for item in items:
                for end in ("start", "end"):
                    pos = item["range"][end]
                    assert 0 <= pos["line"] < len(lines), (item, len(lines))
                    assert 0 <= pos["character"] <= _units(lines[pos["line"]], self.encoding), item
            got = _reported(items)
            if got == expected:
                _count("checkpoints")
                return
            # An older report while the current version is analysed: wait for the refresh.
            seen = len([m for m in self.wire.received if m.get("method") == "workspace/diagnostic/refresh"])
            try:
                self.wire.wait_for_notification(
                    "workspace/diagnostic/refresh",
                    lambda m, seen=seen: len([x for x in self.wire.received if x.get("method") == "workspace/diagnostic/refresh"]) > seen,
                    timeout=5,
                )
            except AssertionError:
                pass
        raise AssertionError(f"desync in {model.uri} (version {model.version}, {len(model.text)} characters): server {got}, client {expected}")

    # -- malformed and out-of-order messages ---------------------------------------------------------

    def malformed(self) -> None:
        rng = self.rng
        model = rng.choice(list(self.docs.values())) if self.docs else None
        uri = model.uri if model else "file:///nowhere.py"
        pos = {"line": 0, "character": 0}
        bad_values: List[Any] = [-1, 2**31, 2**40, "0", None, 1.5, [], {}, True]
        choice = rng.randrange(12)
        if choice == 0:
            self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": rng.choice(bad_values), "character": 0}})
        elif choice == 1:
            self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": rng.choice(bad_values)}})
        elif choice == 2:
            self.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos}})
        elif choice == 3:
            self.request("codeAction/resolve", rng.choice([{}, {"kind": "quickfix"}, {"title": 5}, {"title": "t", "data": {"uri": 3}}]))
        elif choice == 4:
            self.request("workspace/executeCommand", rng.choice([None, {}, {"command": "nope"}, {"command": "x", "arguments": 5}]))
        elif choice == 5:
            self.request(rng.choice(["hybridlint/unknown", "$/unknown", "textDocument/rename"]), {})
        elif choice == 6:
            self.request("textDocument/diagnostic", rng.choice([{}, {"textDocument": {}}, {"textDocument": {"uri": 7}}, None]))
        elif choice == 7:  # out of order: a second initialize, requests for unopened documents
            self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        elif choice == 8:
            self.request("textDocument/hover", {"textDocument": {"uri": "file:///never/opened.py"}, "position": pos})
        elif choice == 9:  # notifications: bad params, unknown documents, cancelling anything
            self.wire.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": "x"}, "contentChanges": [{"text": 1}]})
            self.wire.notify("textDocument/didChange", {"textDocument": {"uri": "file:///never.py", "version": 3}, "contentChanges": [{"text": "x"}]})
            self.wire.notify("textDocument/didClose", {"textDocument": {"uri": "file:///never.py"}})
        elif choice == 10:
            self.wire.notify("$/cancelRequest", {"id": rng.choice([1, "x", 10**9, None])})
        else:
            self.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": pos, "end": {"line": -3, "character": 0}}, "context": {"diagnostics": []}})
        _count("malformed or out-of-order messages")

    def answered_once(self) -> None:
        for msg_id in self.asked:
            self.wire.answer(msg_id)
        twice = [key for key in self.wire.answers if isinstance(key, tuple)]
        assert not twice, f"answered twice: {twice}"
        _count("requests answered", len(self.asked))
        self.asked.clear()


def _session(tmp_path: Path, rng: random.Random, edits: int, malformed: int) -> None:
    encoding = rng.choice(["utf-8", "utf-16", "utf-32"])
    capabilities = {**CAPABILITIES, "general": {"positionEncodings": [encoding]}}
    folder = tmp_path / f"s{rng.randrange(10**9)}"
    folder.mkdir()
    wire = Wire(folder)
    try:
        if rng.random() < 0.5:  # out of order: a request before initialize
            early = wire.request("textDocument/hover", {"textDocument": {"uri": "file:///a.py"}, "position": {"line": 0, "character": 0}})
            assert wire.answer(early)["error"]["code"] == -32002
            _count("malformed or out-of-order messages")
        result = wire.initialize(capabilities=capabilities, options={"sizeLimit": SIZE_LIMIT})["result"]
        assert result["capabilities"]["positionEncoding"] == encoding
        session = Session(wire, rng, encoding)
        for _ in range(rng.randint(1, 4)):
            session.open(BASE)
        malformed_left = malformed
        for number in range(edits):
            model = rng.choice(list(session.docs.values()))
            session.edit(model)
            if malformed_left and rng.random() < max(malformed / max(edits, 1), 0.02):
                session.malformed()
                malformed_left -= 1
            roll = rng.random()
            if roll < 0.002:  # a huge document: skipped with a message, never analysed
                huge = session.open(BASE + "x = 1\n" * (SIZE_LIMIT // 6 + rng.choice([1, 10, 1000])), big=True)
                session.checkpoint(huge)
                _count("huge documents")
            elif roll < 0.006 and len(session.docs) > 1:  # close one, open another
                uri = rng.choice(list(session.docs))
                wire.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                del session.docs[uri]
                session.open(BASE)
            if number % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1:
                session.checkpoint(rng.choice(list(session.docs.values())))
        while malformed_left:
            session.malformed()
            malformed_left -= 1
        for model in session.docs.values():
            session.checkpoint(model)
        session.answered_once()
        assert "result" in wire.call("shutdown", None)
        after = wire.request("textDocument/hover", {"textDocument": {"uri": "file:///a.py"}, "position": {"line": 0, "character": 0}})
        assert wire.answer(after)["error"]["code"] == -32600  # after shutdown: InvalidRequest
        _count("malformed or out-of-order messages")
        wire.notify("exit", None)
        assert wire.exit_code() == 0
        _count("sessions")
    finally:
        wire.close()


GARBAGE: List[Callable[[random.Random], bytes]] = [
    lambda rng: b"Content-Length: %d\r\n\r\n{}" % rng.randint(3, 200),  # longer than the body
    lambda rng: b'Content-Length: 3\r\n\r\n{"jsonrpc": "2.0"}',  # shorter than the body
    lambda rng: bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))) + b"\r\n\r\n",
    lambda rng: b"Content-Length: -5\r\n\r\n",
    lambda rng: b"Content-Length: 12\r\n\r\n" + bytes(rng.randrange(128, 256) for _ in range(12)),
]


def _framing_session(tmp_path: Path, rng: random.Random) -> None:
    folder = tmp_path / f"f{rng.randrange(10**9)}"
    folder.mkdir()
    wire = Wire(folder)
    try:
        wire.initialize()
        wire.open("a.py", BASE)
        wire.write(rng.choice(GARBAGE)(rng))
        try:
            wire.request("shutdown", None)
        except OSError:
            pass
        code = wire.exit_code()
        assert code == 3, (code, wire.stderr[-2000:])
        _count("framing errors detected")
    finally:
        wire.close()


def test_fuzz_lsp_sessions(tmp_path):
    rng = random.Random(SEED)
    started = time.perf_counter()
    edits_left, malformed_left = EDITS, MALFORMED
    while edits_left > 0 or malformed_left > 0:
        edits = min(edits_left, EDITS_PER_SESSION)
        share = EDITS_PER_SESSION if EDITS > 0 else max(malformed_left, 1)
        malformed = min(malformed_left, max(1, round(MALFORMED * share / max(EDITS, 1))))
        _session(tmp_path, rng, edits, malformed)
        edits_left -= edits
        malformed_left -= malformed
    for _ in range(FRAMING_SESSIONS):
        _framing_session(tmp_path, rng)
    seconds = time.perf_counter() - started
    print(f"\nfuzz seed {SEED}: {seconds:.0f} s")
    for key in sorted(FIGURES):
        print(f"  {key}: {FIGURES[key]}")
    assert FIGURES.get("edits", 0) >= EDITS
    assert FIGURES.get("malformed or out-of-order messages", 0) >= MALFORMED
