"""CSV tables as Chinese offices save them: UTF-8 with or without BOM, GBK, or
Excel's "Unicode text" (UTF-16 with BOM, tab-separated).

Columns are matched by header name (English or Chinese aliases, any case);
extra columns are allowed.  Every row keeps its line number; lines may end in
CRLF, LF or CR alone (Excel's "CSV (Macintosh)").  Text is NFC-normalised, so
an id typed with a combining accent matches the same id typed precomposed.

As in Excel and Python's csv module, a quote opens a quoted field only as the
field's first character: in ``a1, "6"`` the second field is `` "6"`` with its
quotes, not 6.
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from star_rating.catalog import Msg, msg
from star_rating.errors import Collector, display_path
from star_rating.loading.limits import LIMITS, not_readable, open_regular
from star_rating.scheme import Words


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (ids compare equal however they were typed)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class _LongLine(Exception):
    pass


def long_line(line: int) -> Msg:
    return msg("read.csv.long_line", line=line, limit=f"{LIMITS.max_csv_line:,}")


def csv_error(exc: csv.Error, line: int) -> Msg:
    """A csv.Error in words (the csv module's own words are data)."""
    if "field larger than field limit" in str(exc):
        return msg("read.csv.open_quote", limit=f"{LIMITS.max_csv_line:,}", line=line)
    return msg("read.csv.malformed", error=str(exc))


ALIASES: dict[str, tuple[str, ...]] = {
    "community": ("community", "community_id", "社区", "社区编号", "社区代码"),
    "stage": ("stage", "环节", "评审环节", "阶段"),
    "indicator": ("indicator", "indicator_id", "指标", "指标编号"),
    "value": ("value", "entry", "得分", "分值", "录入值", "值"),
    "reviewer": ("reviewer", "评审人", "评审组"),
    "note": ("note", "notes", "备注"),
    "id": ("id", "编号", "社区编号", "代码"),
    "name": ("name", "名称", "社区名称"),
    "street": ("street", "街道", "所属街道"),
    "households": ("households", "户数"),
    "respondent": ("respondent", "受访者", "问卷编号"),
    "answer": ("answer", "答案", "回答", "评价"),
    "question": ("question", "问题", "题号"),
    "applied": ("applied", "申报星级", "申报等级"),
}


def _columns(names: list[str] | tuple[str, ...]) -> Words:
    """Column names for a message: in Chinese with the first Chinese alias, ``stage（环节）``."""

    def zh(name: str) -> str:
        alias = next((a for a in ALIASES.get(name, ()) if not a.isascii()), None)
        return f"{name}（{alias}）" if alias else name

    return Words("、".join(zh(n) for n in names), ", ".join(names))


@dataclass
class CsvTable:
    """A CSV file after its header: rows are read lazily, once, so a large file
    is never held twice in memory."""

    file: str
    columns: dict[str, int]
    encoding: str = "utf-8"
    _reader: Any = None
    _collector: Collector | None = None
    _lines: Any = None  # the file's line source, closed when the rows are read
    # reading stopped at an error before the end: what was read is not the whole file
    broken: bool = False
    # how the file is written: its encoding, its BOM's bytes, the line its header
    # ends on, the header's cell count and the cell separator
    codec: str = "utf-8"
    skip: int = 0
    header_line: int = 1
    width: int = 0
    delimiter: str = ","

    def close(self) -> None:
        """Stop reading (the rows are not wanted, or were read otherwise)."""
        self._reader = None
        if self._lines is not None:
            self._lines.close()

    def get(self, row: list[str], name: str) -> str:
        i = self.columns.get(name)
        if i is None or i >= len(row):
            return ""
        return row[i].strip()

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Non-blank rows with their line numbers (one pass; a CSV error is reported).
        Cells are as read: callers strip the ones they use."""
        reader = self._reader
        if reader is None:
            return
        self._reader = None
        start = reader.line_num + 1
        try:
            for row in reader:
                if has_text(row):  # a row of blank cells is skipped
                    yield start, row
                start = reader.line_num + 1
        except OSError as exc:
            self.broken = True
            if self._collector is not None:
                _unreadable(exc, self.file, self._collector)
        except UnicodeDecodeError:
            self.broken = True
            if self._collector is not None:
                line = reader.line_num + 1
                self._collector.add(self.file, line, None, msg("read.changed"), "io")
        except _LongLine:
            self.broken = True
            if self._collector is not None:
                line = reader.line_num + 1
                self._collector.add(self.file, line, None, long_line(line), "too-large")
        except csv.Error as exc:
            self.broken = True
            if self._collector is not None:
                line = reader.line_num
                self._collector.add(self.file, line, None, csv_error(exc, line), "syntax")
        finally:
            self.close()


def has_text(row: list[str]) -> bool:
    """Whether a row has a cell that is not blank (a row of blank cells is no row)."""
    return bool(row) and bool(row[0].strip() or "".join(row).strip())


def match_columns(header: list[str], names: tuple[str, ...]) -> dict[str, int]:
    """Where each of ``names`` is in a header row (by its English or Chinese aliases)."""
    columns: dict[str, int] = {}
    lowered = [h.strip().lower() for h in header]
    for name in names:
        for alias in ALIASES.get(name, (name,)):
            if alias.lower() in lowered:
                columns[name] = lowered.index(alias.lower())
                break
    return columns


UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_BLOCK = 1 << 20


def _lines_in(text: str) -> int:
    """Line ends in ``text`` (CRLF, LF or CR alone each end one line)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _check_encoding(fh: BinaryIO, encoding: str, skip: int) -> tuple[int, str] | None:
    """Decode the whole file once, block by block, without keeping the text: None if
    it is all ``encoding``, else (line, reason) of the first byte that is not (lines
    are counted only then, in a second pass)."""
    import codecs

    fh.seek(skip)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while block := fh.read(_BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return None
    except UnicodeDecodeError:
        return _bad_byte(fh, encoding, skip)


def _bad_byte(fh: BinaryIO, encoding: str, skip: int) -> tuple[int, str] | None:
    """The line of the first byte that is not ``encoding``, and why."""
    import codecs

    fh.seek(skip)
    decoder = codecs.getincrementaldecoder(encoding)()
    lines, cr_last = 0, False
    while True:
        block = fh.read(_BLOCK)
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            prefix = block[: max(0, exc.start)].decode(encoding, "replace")
            if cr_last and prefix.startswith("\n"):
                lines -= 1
            return lines + _lines_in(prefix) + 1, str(exc.reason)
        if cr_last and text.startswith("\n"):
            lines -= 1  # a CRLF split between two blocks is one line end
        lines += _lines_in(text)
        cr_last = text.endswith("\r") or (cr_last and not text)
        if not block:
            return None


def _encoding_of(fh: BinaryIO, file: str, collector: Collector) -> tuple[str, int] | None:
    """The file's encoding and how many BOM bytes to skip, or None with a problem
    recorded: UTF-16 or UTF-8 by their BOM, else UTF-8, else GBK (GB 18030)."""
    head = fh.read(4096)
    utf16 = UTF16_BOMS.get(head[:2])
    if utf16 is None and b"\x00" in head:
        collector.add(file, 1, None, msg("read.csv.binary"), "encoding")
        return None
    # (encoding, BOM bytes, the message's key if the file is not in it: "" tries the next)
    if utf16 is not None:
        candidates: tuple[tuple[str, int, str], ...] = ((utf16, 2, "read.csv.bad_utf16"),)
    elif head.startswith(b"\xef\xbb\xbf"):
        candidates = (("utf-8", 3, "read.csv.bad_utf8_bom"),)
    else:
        candidates = (("utf-8", 0, ""), ("gb18030", 0, "read.csv.not_utf8_gbk"))
    furthest = 0  # the line where the encoding read furthest failed: most likely the bad one
    for encoding, skip, key in candidates:
        bad = _check_encoding(fh, encoding, skip)
        if bad is None:
            return encoding, skip
        furthest = max(furthest, bad[0])
        if key:
            collector.add(file, furthest, None, msg(key, why=bad[1]), "encoding")
    return None


class _TextLines:
    """The file's lines, decoded and NFC-normalised, line ends kept (CR alone too),
    read a block of whole lines at a time (``iter``: one line after another, at C
    speed); raises _LongLine at the first line longer than ``limit`` characters.
    ``close()`` closes the file."""

    BLOCK = 1 << 16  # characters of whole lines read at once

    def __init__(self, fh: BinaryIO, encoding: str, skip: int, limit: int):
        self.fh = fh
        self._blocks = self._read(fh, encoding, skip, limit)
        self.iter: Iterator[str] = itertools.chain.from_iterable(self._blocks)

    def _read(self, fh: BinaryIO, encoding: str, skip: int, limit: int) -> Iterator[list[str]]:
        fh.seek(skip)
        text = io.TextIOWrapper(fh, encoding=encoding, newline="")
        try:
            while lines := text.readlines(self.BLOCK):
                if max(map(len, lines)) > limit:
                    yield list(itertools.takewhile(lambda x: len(x) <= limit, lines))
                    raise _LongLine
                if not all(map(str.isascii, lines)):
                    lines = [x if x.isascii() else unicodedata.normalize("NFC", x) for x in lines]
                yield lines
        finally:
            text.detach()
            fh.close()

    def close(self) -> None:
        self._blocks.close()


def delimiter(text: str) -> str:
    """Tab for a tab-separated table (Excel's "Unicode text"), else comma: decided by
    the first line, whose column names hold neither."""
    end = len(text)
    for stop in ("\n", "\r"):
        at = text.find(stop, 0, end)
        if at >= 0:
            end = at
    first = text[:end]
    return "\t" if "\t" in first and "," not in first else ","


def read_csv(
    path: Path,
    collector: Collector,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    label: str | None = None,
) -> CsvTable | None:
    """The header of a CSV file and a reader of its rows, or None with a problem
    recorded.  The file is read line by line: its rows are never held whole."""
    file = label or display_path(path)
    try:
        fh = open_regular(path)
    except OSError as exc:
        _unreadable(exc, file, collector)
        return None
    try:
        found = _encoding_of(fh, file, collector)
    except OSError as exc:
        fh.close()
        _unreadable(exc, file, collector)
        return None
    if found is None:
        fh.close()
        return None
    encoding, skip = found
    lines = _TextLines(fh, encoding, skip, LIMITS.max_csv_line)
    if csv.field_size_limit() < LIMITS.max_csv_line:
        csv.field_size_limit(LIMITS.max_csv_line)
    bounded = lines.iter
    try:
        first = next(bounded, "")
    except _LongLine:
        lines.close()
        collector.add(file, 1, None, long_line(1), "too-large")
        return None
    sep = delimiter(first)
    reader = csv.reader(itertools.chain([first], bounded), delimiter=sep)
    label_encoding = {"utf-8": "utf-8-sig" if skip else "utf-8", "gb18030": "gbk"}
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            lines.close()
            empty = msg("read.csv.empty", columns=_columns(required))
            collector.add(file, 1, None, empty, "empty")
            return None
        header_line = reader.line_num
        columns = match_columns(header, (*required, *optional))
        missing = [n for n in required if n not in columns]
        if missing:
            lines.close()
            cells = [h.strip() for h in header]
            has: Msg | Words = (
                Words("、".join(cells), ", ".join(cells))
                if "".join(cells)
                else msg("read.csv.header_nothing")
            )
            key = "read.csv.missing_column" if len(missing) == 1 else "read.csv.missing_columns"
            said = msg(key, columns=_columns(missing), header=has)
            collector.add(file, header_line, None, said, "missing-column")
            return None
        return CsvTable(
            file,
            columns,
            label_encoding.get(encoding, encoding),
            reader,
            collector,
            lines,
            codec=encoding,
            skip=skip,
            header_line=header_line,
            width=len(header),
            delimiter=sep,
        )
    except _LongLine:
        lines.close()
        line = reader.line_num + 1
        collector.add(file, line, None, long_line(line), "too-large")
        return None
    except csv.Error as exc:
        lines.close()
        collector.add(file, reader.line_num, None, csv_error(exc, reader.line_num), "syntax")
        return None
    except OSError as exc:
        lines.close()
        _unreadable(exc, file, collector)
        return None


def _unreadable(exc: OSError, file: str, collector: Collector) -> None:
    why, rule = not_readable(exc)
    collector.add(file, None, None, why, rule)
