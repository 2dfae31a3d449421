"""Reading and writing Python source files the way Python itself reads them.

A file's encoding comes from `tokenize.detect_encoding` (a UTF-8 BOM or a PEP 263 coding cookie,
UTF-8 otherwise). The text is decoded without newline translation, so "\\r\\n" and "\\r" reach the
engine as they are and the engine's line numbers match the editor's. Writing encodes with the same
encoding (and BOM), keeps the file's newline style, and replaces the file atomically: a temporary
file in the same folder, given the original's permission bits, then `os.replace`.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from typing import Optional, Union

from .source import parse_python

# Larger files are skipped: no hand-written module is this big, and a generated one would hold the
# analysis (and a worker process) for a long time for nothing a person would act on.
MAX_FILE_BYTES = 10 * 1024 * 1024

_BARE_LF = re.compile(r"(?<!\r)\n")
_FIRST_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?[^\r\n]*(?:\r\n|\r|\n)?")  # where a cookie may be
_FIRST_LINES_BYTES = re.compile(rb"([^\r\n]*(?:\r\n|\r|\n)?)([^\r\n]*(?:\r\n|\r|\n)?)")


class UnreadableFile(Exception):
    """The file cannot be read as Python source; the message says why, in a few words."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    text: str  # decoded, newlines as in the file, without the BOM
    encoding: str  # a codec name for `str.encode`; "utf-8-sig" when the file starts with a BOM
    raw: bytes

    @property
    def newline(self) -> str:
        """The newline every line of the file ends with, or "" when they are mixed or absent."""
        return newline_style(self.text)


def newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [(n, nl) for n, nl in ((crlf, "\r\n"), (lf, "\n"), (cr, "\r")) if n]
    return kinds[0][1] if len(kinds) == 1 else ""


def _declared_encoding(head: bytes) -> str:
    """The encoding the BOM or the coding cookie in `head` (at least a module's first two lines)
    declares, as the interpreter reads it; UnreadableFile when the declaration cannot be used."""
    # Python's tokenizer ends lines at "\r" too; `BytesIO.readline` only at "\n", which would hand a file
    # with "\r" line ends to `detect_encoding` as one line, cookie and non-UTF-8 bytes together.
    lines = iter(_FIRST_LINES_BYTES.match(head).group(1, 2))  # type: ignore[union-attr]
    try:
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
    except SyntaxError as exc:  # unknown codec in the cookie, a BOM that contradicts it, bad bytes
        message = str(exc.msg or exc)
        if message.startswith("invalid or missing encoding declaration"):
            return "utf-8"  # a first line that is not UTF-8: `decode_source` says which byte
        raise UnreadableFile(_first_line(message)) from None
    return encoding


def decode_source(raw: Union[bytes, str], path: str = "<bytes>") -> SourceFile:
    """Decode a module's bytes as the interpreter would; UnreadableFile when it cannot.

    The one judge of what is Python source, for the command line (bytes from a file or standard
    input) and the language server (text an editor already decoded, given as `str`): the same
    content is refused, or accepted, in both, with the same reason. For text, the coding cookie
    still has to name an encoding Python knows (the editor may have ignored it; Python would not)."""
    if isinstance(raw, str):
        if "\0" in raw:
            raise UnreadableFile("binary file (contains NUL bytes)")
        text = raw[1:] if raw.startswith("\ufeff") else raw
        head = "".join(_FIRST_LINES.match(raw).group(0))  # type: ignore[union-attr]
        encoding = _declared_encoding(head.encode("utf-8", "surrogatepass"))
        if raw.startswith("\ufeff"):
            encoding = "utf-8-sig"
        return SourceFile(path, text, encoding, b"")
    if b"\0" in raw:
        raise UnreadableFile("binary file (contains NUL bytes)")
    encoding = _declared_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding in ("utf-8", "utf-8-sig"):
            offset = exc.start + (3 if encoding == "utf-8-sig" else 0)  # utf-8-sig counts after the BOM
            reason = (
                f"not valid UTF-8 (byte 0x{raw[offset]:02x} at offset {offset}); "
                "add a PEP 263 coding comment if the file uses another encoding"
            )
        else:
            reason = f"not valid {encoding} (declared by its coding comment) at offset {exc.start}"
        raise UnreadableFile(reason) from None
    except LookupError:  # pragma: no cover - detect_encoding already rejects unknown codecs
        raise UnreadableFile(f"unknown encoding {encoding!r}") from None
    return SourceFile(path, text, encoding, raw)


def read_source(path: str, max_bytes: Optional[int] = None) -> SourceFile:
    if max_bytes is None:
        max_bytes = MAX_FILE_BYTES
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise UnreadableFile(f"file is larger than {_megabytes(max_bytes)} ({_megabytes(size)}); skipped")
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except UnreadableFile:
        raise
    except IsADirectoryError:
        raise UnreadableFile("is a directory") from None
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    if len(raw) > max_bytes:  # it grew between stat and read
        raise UnreadableFile(f"file is larger than {_megabytes(max_bytes)}; skipped")
    return decode_source(raw, path)


def encode_source(original: SourceFile, new_text: str) -> bytes:
    """The bytes to write for `new_text`: same encoding and BOM, same newline style.

    Fixes insert "\\n"; in a file whose lines all end with "\\r\\n" (or "\\r"), inserted newlines
    are converted so the file does not end up with mixed line endings. UnicodeEncodeError when the
    new text has a character the file's encoding cannot hold."""
    style = original.newline
    if style and style != "\n" and newline_style(new_text) != style:
        if style == "\r\n":
            new_text = _BARE_LF.sub("\r\n", new_text)
        else:
            new_text = new_text.replace("\r\n", "\r").replace("\n", "\r")
    return new_text.encode(original.encoding)


def parses(text: str) -> bool:
    try:
        parse_python(text)
    except (SyntaxError, ValueError):
        return False
    return True


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file's content in one step: readers see the old bytes or the new, never half.

    A symlink is followed, so the link stays a link. The permission bits of the original are kept;
    ownership too when the process may set it."""
    target = os.path.realpath(path)
    info = os.stat(target)
    folder = os.path.dirname(target) or "."
    handle, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".hybridlint.tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except OSError:  # only the owner or root may; the bits above are what matter
                pass
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "cannot detect the encoding"


def describe_os_error(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
