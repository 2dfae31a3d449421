"""Open documents: their text, version and LSP-conformant line index, kept by the server itself.

pygls's own `TextDocument` splits lines like `str.splitlines` (form feed, U+2028 and friends end a
line there), while LSP lines end only at "\\n", "\\r\\n" and "\\r"; an incremental change after a
form feed would land on the wrong line. So the server applies changes with `SourceText` offsets and
converts columns with the negotiated position encoding.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from lsprotocol import types

from hybridlint.source import SourceText, Span, from_units, to_units


class Positions:
    """Converts between engine positions (1-based line, code-point column) and LSP positions
    (0-based line, column in the negotiated encoding) for one version of a text."""

    def __init__(self, source: SourceText, encoding: str):
        self.source = source
        self.encoding = encoding
        self._lines: Dict[int, str] = {}

    def _line(self, line: int) -> str:
        text = self._lines.get(line)
        if text is None:
            text = self._lines[line] = self.source.line_text(line)
        return text

    def offset(self, position: types.Position) -> int:
        """Code-point offset of an LSP position; a position past the end of its line means the end
        of the line, one past the last line means the end of the text (as the specification says)."""
        line = position.line + 1
        if line > self.source.line_count:
            return len(self.source.text)
        col = from_units(self._line(line), max(position.character, 0), self.encoding)
        return self.source.offset(line, col)

    def engine_position(self, position: types.Position) -> "tuple[int, int]":
        return self.source.position(self.offset(position))

    def position(self, line: int, col: int) -> types.Position:
        if line > self.source.line_count:
            line, col = self.source.line_count, len(self._line(self.source.line_count))
        return types.Position(line=line - 1, character=to_units(self._line(line), col, self.encoding))

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.line, span.col), end=self.position(span.end_line, span.end_col))


class Document:
    """One open text document; `source` is rebuilt lazily after each change."""

    def __init__(self, uri: str, text: str, version: Optional[int], language_id: str = "python"):
        self.uri = uri
        self.version = version
        self.language_id = language_id
        self._text = text
        self._source: Optional[SourceText] = None
        self.saved_version = version  # the version on disk, as far as the server knows

    @property
    def text(self) -> str:
        return self._text

    @property
    def source(self) -> SourceText:
        if self._source is None:
            self._source = SourceText(self._text)
        return self._source

    def positions(self, encoding: str) -> Positions:
        return Positions(self.source, encoding)

    def apply(
        self,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        version: Optional[int],
        encoding: str,
    ) -> None:
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                positions = self.positions(encoding)
                start = positions.offset(change.range.start)
                end = positions.offset(change.range.end)
                if end < start:
                    start, end = end, start
                text = self._text
                self._text = text[:start] + change.text + text[end:]
            else:
                self._text = change.text
            self._source = None
        self.version = version


class Documents:
    def __init__(self) -> None:
        self._docs: Dict[str, Document] = {}

    def open(self, item: types.TextDocumentItem) -> Document:
        doc = Document(item.uri, item.text, item.version, item.language_id)
        self._docs[item.uri] = doc
        return doc

    def get(self, uri: str) -> Optional[Document]:
        return self._docs.get(uri)

    def close(self, uri: str) -> Optional[Document]:
        return self._docs.pop(uri, None)

    def all(self) -> List[Document]:
        return list(self._docs.values())
