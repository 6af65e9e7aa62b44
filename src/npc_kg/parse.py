"""parse: an article's text -> `Document`, keeping the file and line of every piece.

Only layout is read here (title, infobox, headings, paragraphs, bullets, tables); what the text
means is `extract`'s business. Input that cannot be an article raises `InputError` naming the file
and line. An article that stops mid-way keeps what came before the cut and says so in a warning.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import InputError
from .model import Block, Bullet, Document, Heading, InfoboxEntry, Paragraph, SourceWarning, Span, Table, TableRow

# Each text part is captured with its spaces and stripped after: an optional space run on both
# sides of a lazy part ("\s*(.*?)\s*=") can split a long blank run in quadratically (or worse) many
# ways before failing, and these patterns must read a line of any length in linear time.
_TITLE_RE = re.compile(r"^=(?!=)(.*)=$")
_HEADING_RE = re.compile(r"^(={2,6})(.*?)\1$")
_INFOBOX_ENTRY_RE = re.compile(r"^[-*]([^:]*):(.*)$")
_INFOBOX_KEY_RE = re.compile(r"[A-Za-z][\w -]*")
_BULLET_RE = re.compile(r"^[-*•]\s+(.*)$")
# A sentence ends at a full stop, question or exclamation mark before a capital.
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, as the session and vote extractors read them: one splitter, so
    that both cut a paragraph in the same places."""
    return _SENTENCE_RE.split(text)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an InputError saying why it is not a readable article."""
    if not path.exists():
        raise InputError("no such file", str(path), 1)
    if path.is_dir():
        raise InputError("is a directory, not an article file", str(path), 1)
    return path.read_bytes()


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError("empty file: an article starts with a '= Title =' line", name, 1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary file (NUL byte): not a text article", name, line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {data[err.start]:#04x})", name, line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_article(path: Path | str) -> Document:
    path = Path(path)
    return parse_bytes(read_bytes(path), path)


def parse_bytes(data: bytes, path: Path) -> Document:
    """An article's bytes, as read from `path` (which names it in errors and spans)."""
    return parse_text(decode(data, str(path)), path.name, hashlib.sha256(data).hexdigest())


def parse_text(text: str, file: str, sha256: str | None = None) -> Document:
    """Parse an article already in memory; `file` names it in spans and errors."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _Parser(text, file, sha256).parse()


class _Parser:
    def __init__(self, text: str, file: str, sha256: str) -> None:
        self.lines = text.split("\n")
        self.file = file
        self.sha256 = sha256
        self.warnings: list[SourceWarning] = []
        self.truncated = False
        # the last line that carries anything: a defect there is the article stopping mid-way
        self.last_line = max((i for i, line in enumerate(self.lines, 1) if line.strip()), default=0)

    def span(self, number: int) -> Span:
        return Span(self.file, number, self.lines[number - 1].strip())

    def error(self, number: int, message: str) -> InputError:
        return InputError(message, self.file, number)

    def parse(self) -> Document:
        numbered = [(i, line.rstrip()) for i, line in enumerate(self.lines, 1)]
        body = [(i, line) for i, line in numbered if line.strip()]
        if not body:
            raise self.error(1, "empty file: an article starts with a '= Title =' line")
        first_no, first = body[0]
        title_match = _TITLE_RE.match(first.strip())
        title = title_match.group(1).strip() if title_match else ""
        if not title:
            raise self.error(first_no, f"no title line: an article starts with '= Title =', found {first.strip()[:60]!r}")

        rest = numbered[first_no:]
        infobox, rest = self.parse_infobox(rest)
        headings, blocks = self.parse_body(rest)
        return Document(
            file=self.file,
            title=title,
            title_span=self.span(first_no),
            infobox=tuple(infobox),
            headings=tuple(headings),
            blocks=tuple(blocks),
            sha256=self.sha256,
            truncated=self.truncated,
            warnings=tuple(self.warnings),
        )

    def parse_infobox(self, lines: list[tuple[int, str]]) -> tuple[list[InfoboxEntry], list[tuple[int, str]]]:
        """The `Infobox` line and its `- Key: value` lines, up to the first blank line."""
        index = 0
        while index < len(lines) and not lines[index][1].strip():
            index += 1
        if index == len(lines) or lines[index][1].strip().lower() != "infobox":
            return [], lines[index:]
        entries: list[InfoboxEntry] = []
        index += 1
        while index < len(lines) and lines[index][1].strip():
            number, line = lines[index]
            match = _INFOBOX_ENTRY_RE.match(line.strip())
            key = match.group(1).strip() if match else ""
            if not match or not _INFOBOX_KEY_RE.fullmatch(key):
                raise self.error(number, f"infobox line is not '- Key: value': {line.strip()[:60]!r}")
            entries.append(InfoboxEntry(key, match.group(2).strip(), self.span(number)))
            index += 1
        return entries, lines[index:]

    def parse_body(self, lines: list[tuple[int, str]]) -> tuple[list[Heading], list[Block]]:
        headings: list[Heading] = []
        blocks: list[Block] = []
        section: list[str] = []
        paragraph: list[tuple[int, str]] = []
        table: list[tuple[int, str]] = []

        def flush() -> None:
            if paragraph:
                text = " ".join(line.strip() for _, line in paragraph)
                blocks.append(Paragraph(text, tuple(section), self.span(paragraph[0][0])))
                paragraph.clear()
            if table:
                blocks.append(self.parse_table(table, tuple(section)))
                table.clear()

        for number, line in lines:
            stripped = line.strip()
            if not stripped:
                flush()
                continue
            heading = _HEADING_RE.match(stripped)
            if heading:
                flush()
                level, name = len(heading.group(1)), heading.group(2).strip()
                del section[level - 2:]
                section.append(name)
                headings.append(Heading(name, level, self.span(number)))
                continue
            if stripped.startswith("|"):
                if paragraph:
                    flush()
                table.append((number, stripped))
                continue
            if table:
                flush()
            bullet = _BULLET_RE.match(stripped)
            if bullet:
                flush()
                blocks.append(Bullet(bullet.group(1).strip(), tuple(section), self.span(number)))
                continue
            paragraph.append((number, stripped))
        flush()
        return headings, blocks

    def parse_table(self, lines: list[tuple[int, str]], section: tuple[str, ...]) -> Table:
        header_no, header_line = lines[0]
        header = tuple(cell or "" for cell in self.split_row(header_line))
        rows: list[TableRow] = []
        for number, line in lines[1:]:
            cells = self.split_row(line)
            if len(cells) != len(header):
                if number == self.last_line:
                    self.truncated = True
                    self.warnings.append(SourceWarning(
                        self.span(number),
                        f"the article stops mid-way: table row with {len(cells)} of {len(header)} cells dropped"))
                    continue
                raise self.error(number, f"table row has {len(cells)} cells, its header has {len(header)}")
            rows.append(TableRow(cells, self.span(number)))
        return Table(header, tuple(rows), section, self.span(header_no))

    @staticmethod
    def split_row(line: str) -> tuple[str | None, ...]:
        inner = line.strip()[1:]
        if inner.endswith("|"):
            inner = inner[:-1]
        return tuple(cell.strip() or None for cell in inner.split("|"))
