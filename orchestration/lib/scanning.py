"""One streaming pass over a delivered CSV's bytes, independent of the CSV parser.

It refuses what is not comma-separated text (binary, gzip, workbooks, NUL bytes, UTF-16 without
a byte-order mark, bytes that are neither UTF-8 nor Windows-1252), re-encodes the allowed
non-UTF-8 encodings to a UTF-8 copy for DuckDB, and counts the file's records itself
(quote-aware, blank lines and fully blank rows excluded): the count rows_read is held to.
It also notes where physical lines and records diverge (quoted line breaks, blank lines) so
that every parsed row gets its true file line number. Memory is one chunk, whatever the size.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.lib.reading import UnreadableFile

CHUNK = 1 << 20
SAVE_AS_CSV = "open it in Excel and save as 'CSV UTF-8 (Comma delimited)'"
# A blank record: commas and whitespace only (what str.isspace() calls whitespace, in UTF-8; the
# loader trims the same characters, loading.WHITESPACE).
_SPACE = rb"(?:[ \t\x0b\x0c\x1c-\x1f,]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
_BLANK = re.compile(rb"^" + _SPACE + rb"*\r?$")
_BLANK_LINES = re.compile(rb"^" + _SPACE + rb"*\r?\n", re.M)
# the bytes a blank line can start with, for the fast path's plain substring tests
_BLANK_STARTS = (
    b" ",
    b"\t",
    b",",
    b"\r",
    b"\n",
    b"\x0b",
    b"\x0c",
    b"\x1c",
    b"\x1d",
    b"\x1e",
    b"\x1f",
    b"\xc2",
    b"\xe1",
    b"\xe2",
    b"\xe3",
)
# a line starting with one of them, found in one pass (15 substring tests took 20x longer)
_BLANK_START_LINE = re.compile(b"\n[" + b"".join(re.escape(start) for start in _BLANK_STARTS) + b"]")
_EMPTY_LINES = re.compile(rb"^\r?\n", re.M)


@dataclass
class Scan:
    path: Path  # UTF-8 text DuckDB reads: the file itself, or a re-encoded copy
    encoding: str
    records: int = 0  # records in the file, blank ones included (DuckDB's line ordinals)
    blank_ordinals: list[int] = field(default_factory=list)  # blank records (ignored, not counted)
    empty_ordinals: list[int] = field(default_factory=list)  # empty lines (DuckDB skips them)
    line_steps: list[tuple[int, int]] = field(default_factory=list)  # (first ordinal, extra lines before it)
    open_quote_line: int = 0  # the line of a quote never closed, 0 if none

    def data_records(self, header_ordinal: int) -> int:
        """Non-blank records below the header: rows_read, counted from the file itself."""
        blank = sum(1 for o in self.blank_ordinals if o > header_ordinal)
        return self.records - header_ordinal - blank

    def line_of(self, ordinal: int) -> int:
        extra = 0
        for first, lines in self.line_steps:
            if first > ordinal:
                break
            extra = lines
        return ordinal + extra


def refuse_binary(path: Path, head: bytes) -> None:
    """Refuse files that are not text before anything parses them."""
    if head.startswith(b"\x1f\x8b"):
        raise UnreadableFile(
            path, "the file is gzip-compressed, not comma-separated text", "unzip it and deliver the .csv"
        )
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            path,
            "the file holds binary data (a zip archive or an Excel workbook named .csv), not comma-separated text",
            "if it is a workbook, name it .xlsx; otherwise save the table as CSV UTF-8",
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") * 3 >= len(sample):
        raise UnreadableFile(
            path,
            "the file looks like UTF-16 text without a byte-order mark (binary data to a CSV reader)",
            f"{SAVE_AS_CSV}, or as 'Unicode Text' with its byte-order mark",
        )


def scan_csv(path: Path, workdir: Path) -> Scan:
    """Check, (re-)encode and count one CSV; raises UnreadableFile naming the problem and the fix."""
    with path.open("rb") as handle:
        head = handle.read(8)
    refuse_binary(path, head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        copy = _reencode(path, workdir, "utf-16", skip=0)
        return _count(path, copy, "utf-16")
    if head.startswith(b"\xef\xbb\xbf"):
        try:
            return _count(path, path, "utf-8-sig", bom=3)
        except _NotUtf8 as exc:
            raise UnreadableFile(path, f"the UTF-8 text is damaged near byte {exc.at}", SAVE_AS_CSV) from None
    try:
        return _count(path, path, "utf-8")
    except _NotUtf8:
        copy = _reencode(path, workdir, "cp1252", skip=0)
        return _count(path, copy, "windows-1252")


class _NotUtf8(Exception):
    def __init__(self, at: int):
        self.at = at


def _reencode(path: Path, workdir: Path, encoding: str, skip: int) -> Path:
    copy = workdir / f"{path.stem}.utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    position = 0
    with path.open("rb") as source, copy.open("wb") as target:
        source.read(skip)
        for chunk in iter(lambda: source.read(CHUNK), b""):
            if encoding != "utf-16" and b"\x00" in chunk:
                _refuse_nul(path, position + chunk.index(b"\x00"))
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                if encoding == "utf-16":
                    raise UnreadableFile(path, f"the UTF-16 text is damaged ({exc.reason})", SAVE_AS_CSV) from None
                raise UnreadableFile(
                    path, "the file is not text in UTF-8, UTF-16 or Windows-1252", SAVE_AS_CSV
                ) from None
            if "\x00" in text:
                _refuse_nul(path, position)
            target.write(text.lstrip("\ufeff").encode("utf-8") if position == 0 else text.encode("utf-8"))
            position += len(chunk)
        try:
            target.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError:
            raise UnreadableFile(path, f"the {encoding} text ends in the middle of a character", SAVE_AS_CSV) from None
    return copy


def _refuse_nul(path: Path, at: int):
    raise UnreadableFile(
        path,
        f"the file holds binary data (a NUL byte at byte {at}), not comma-separated text",
        "check it is the right file; save the table as CSV UTF-8",
    )


def _count(original: Path, path: Path, encoding: str, bom: int = 0) -> Scan:
    """Count records quote-aware in blocks of whole lines: a quote toggles 'inside a value',
    so a line break inside quotes continues the record (and shifts later line numbers)."""
    scan = Scan(path=path, encoding=encoding)
    utf8 = codecs.getincrementaldecoder("utf-8")() if encoding.startswith("utf-8") and path == original else None
    state = _State()
    carry = b""
    position = 0
    with path.open("rb") as handle:
        handle.read(bom)
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            if b"\x00" in chunk:
                _refuse_nul(original, position + chunk.index(b"\x00"))
            # an ASCII chunk with no character pending from the last one is valid UTF-8 as it
            # is: isascii() checks it ~10x faster than decoding it
            if utf8 is not None and not (chunk.isascii() and not utf8.getstate()[0]):
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as exc:
                    raise _NotUtf8(position + exc.start) from None
            position += len(chunk)
            block = carry + chunk
            cut = block.rfind(b"\n") + 1
            carry = block[cut:]
            if cut:
                state.block(block[:cut], scan)
        if utf8 is not None:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                raise _NotUtf8(position) from None
    if carry:
        state.block(carry + b"\n", scan)
    if state.inside:
        scan.open_quote_line = state.open_line
    return scan


@dataclass
class _State:
    ordinal: int = 0  # records finished so far
    extra: int = 0  # physical lines beyond one per record so far
    inside: bool = False
    open_line: int = 0
    record_lines: int = 0  # lines of the current multi-line record beyond its first

    def block(self, block: bytes, scan: Scan) -> None:
        if not self.inside and b'"' not in block:
            self._plain(block, scan)
            return
        for line in block.split(b"\n")[:-1]:
            quotes = line.count(b'"')
            if not self.inside and quotes == 0:
                self.ordinal += 1
                if _BLANK.match(line):
                    scan.blank_ordinals.append(self.ordinal)
                    if line in (b"", b"\r"):
                        scan.empty_ordinals.append(self.ordinal)
                continue
            if not self.inside:
                self.open_line = self.ordinal + 1 + self.extra
            if quotes % 2:
                self.inside = not self.inside
            if self.inside:
                self.record_lines += 1
                continue
            self.ordinal += 1
            if self.record_lines:
                self.extra += self.record_lines
                self.record_lines = 0
                scan.line_steps.append((self.ordinal + 1, self.extra))
            elif _BLANK.match(line.replace(b'"', b"")):
                scan.blank_ordinals.append(self.ordinal)
        scan.records = self.ordinal + (1 if self.inside else 0)

    def _plain(self, block: bytes, scan: Scan) -> None:
        start = self.ordinal
        if block[:1] in _BLANK_STARTS or _BLANK_START_LINE.search(block):
            lines_before, last = 0, 0
            for match in _BLANK_LINES.finditer(block):
                lines_before += block.count(b"\n", last, match.start())
                last = match.start()
                ordinal = start + lines_before + 1
                scan.blank_ordinals.append(ordinal)
                if _EMPTY_LINES.fullmatch(match.group()):
                    scan.empty_ordinals.append(ordinal)
        self.ordinal = start + block.count(b"\n")
        scan.records = self.ordinal
