"""LSP base protocol on a byte stream: headers, Content-Length, one JSON body per message.

pygls's own reader skips a header line it does not understand and, when a body is not JSON, logs it
and goes on reading: after one message whose Content-Length is longer than its body, the next
message's header is read as part of that body and every later message is out of step, so the server
stays alive but answers nothing, not even `shutdown`. Here any such framing error stops the server
with a non-zero exit code (`EXIT_FRAMING`) after logging what was wrong, so the editor can restart
it. A message that is framed correctly but is not a valid request (bad params, unknown method) is
answered by the protocol (`server.HybridlintProtocol.receive`); the stream is still in step then.

Messages are read in a thread of their own and handed to the event loop in order. A message that
starts arriving but stalls for `STALL_SECONDS` mid-way (a Content-Length longer than what the
client sent, and nothing after it) is a framing error too: a client writes each message whole.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from typing import IO, Any, Callable, Optional

logger = logging.getLogger(__name__)

EXIT_FRAMING = 3
MAX_HEADER_LINE = 8192  # bytes; real headers are a few dozen
MAX_BODY = 1 << 30  # a Content-Length beyond this is garbage, not a document
# Test hook (not a user setting): the stall timeout, so a test need not wait the default.
STALL_ENV = "HYBRIDLINT_TEST_STALL_SECONDS"
STALL_SECONDS = 30.0


class FramingError(Exception):
    """The byte stream no longer splits into messages: the reader cannot know where the next one starts."""


class _Progress:
    """When the reader last received bytes, and whether it is inside a message."""

    def __init__(self) -> None:
        self.inside = False
        self.last = time.monotonic()

    def touch(self, inside: bool) -> None:
        self.inside = inside
        self.last = time.monotonic()


class FdReader:
    """`readline` and `read1` straight on a file descriptor. The reader thread is a daemon blocked in
    a read when the server exits; blocked inside `sys.stdin.buffer` it would hold that object's lock,
    and the interpreter aborts when it cannot take the lock at shutdown."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = bytearray()
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        data = os.read(self.fd, 1 << 16)
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def readline(self, limit: int = -1) -> bytes:
        start = 0
        while True:
            end = self.buffer.find(b"\n", start)
            if end >= 0:
                end += 1
                break
            start = len(self.buffer)
            if 0 <= limit <= len(self.buffer) or not self._fill():
                end = len(self.buffer)
                break
        if 0 <= limit < end:
            end = limit
        line = bytes(self.buffer[:end])
        del self.buffer[:end]
        return line

    def read1(self, size: int) -> bytes:
        if not self.buffer and not self._fill():
            return b""
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data


def read_message(stream: IO[bytes], progress: Optional[_Progress] = None) -> Optional[bytes]:
    """The next message's body; None at the end of the stream between messages."""
    length: Optional[int] = None
    first = True
    while True:
        line = stream.readline(MAX_HEADER_LINE + 1)
        if not line:
            if first:
                return None
            raise FramingError("the input ended inside a message header")
        if first and line in (b"\r\n", b"\n"):
            # Tolerated between messages: some clients end a body with a newline.
            continue
        if progress is not None:
            progress.touch(True)
        first = False
        if len(line) > MAX_HEADER_LINE:
            raise FramingError(f"a header line longer than {MAX_HEADER_LINE} bytes: {line[:60]!r}...")
        if not line.endswith(b"\n"):
            raise FramingError(f"the input ended inside a header line: {line[:60]!r}")
        text = line.rstrip(b"\r\n")
        if not text:
            break
        name, sep, value = text.partition(b":")
        if not sep or not name.strip() or name != name.strip():
            raise FramingError(f"not a message header: {line[:60]!r}")
        if name.lower() == b"content-length":
            value = value.strip()
            if not value.isdigit():
                raise FramingError(f"Content-Length is not a number: {value[:40]!r}")
            length = int(value)
    if length is None:
        raise FramingError("a message header without Content-Length")
    if length > MAX_BODY:
        raise FramingError(f"Content-Length {length} is larger than any message this server accepts")
    chunks = []
    remaining = length
    while remaining:
        # read1 returns what has arrived, so a stalled body is seen as such (see `serve`).
        chunk = stream.read1(min(remaining, 1 << 20)) if hasattr(stream, "read1") else stream.read(remaining)
        if not chunk:
            raise FramingError(
                f"the input ended after {length - remaining} of the {length} bytes its Content-Length announced"
            )
        chunks.append(chunk)
        remaining -= len(chunk)
        if progress is not None:
            progress.touch(True)
    if progress is not None:
        progress.touch(False)
    return b"".join(chunks)


def parse_body(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        # Either the client sent something that is not JSON, or the Content-Length did not match
        # the body and this read took part of the next message: the stream cannot be trusted.
        raise FramingError(f"a message body is not JSON ({exc}); its Content-Length may not match the body") from None


def stall_seconds() -> float:
    try:
        return float(os.environ.get(STALL_ENV, "") or STALL_SECONDS)
    except ValueError:
        return STALL_SECONDS


async def serve(stream: IO[bytes], receive: Callable[[Any], None], stop: threading.Event) -> Optional[FramingError]:
    """Read messages until the stream ends (None) or breaks (the FramingError), handing each parsed
    body to `receive` on the event loop."""
    loop = asyncio.get_running_loop()
    finished: "asyncio.Future[Optional[FramingError]]" = loop.create_future()
    progress = _Progress()

    def finish(error: Optional[FramingError]) -> None:
        if not finished.done():
            finished.set_result(error)

    def deliver(data: Any) -> None:
        if not finished.done() and not stop.is_set():
            receive(data)

    def read() -> None:
        try:
            while not stop.is_set():
                body = read_message(stream, progress)
                if body is None:
                    break
                loop.call_soon_threadsafe(deliver, parse_body(body))
            loop.call_soon_threadsafe(finish, None)
        except FramingError as exc:
            loop.call_soon_threadsafe(finish, exc)
        except (OSError, ValueError) as exc:  # the stream was closed under the reader
            logger.info("input closed: %s", exc)
            loop.call_soon_threadsafe(finish, None)
        except RuntimeError:  # the loop is closed: the server is exiting
            pass

    try:
        stream = FdReader(stream.fileno())  # type: ignore[assignment]
    except (AttributeError, OSError, ValueError):  # not a real file (a test's BytesIO)
        pass
    threading.Thread(target=read, name="hybridlint-reader", daemon=True).start()
    stall = stall_seconds()
    while not finished.done():
        try:
            return await asyncio.wait_for(asyncio.shield(finished), timeout=max(stall / 4, 0.05))
        except asyncio.TimeoutError:
            if progress.inside and time.monotonic() - progress.last > stall:
                finish(FramingError(f"a message stopped arriving half-way for {stall:.0f} s (Content-Length too large?)"))
    return finished.result()
