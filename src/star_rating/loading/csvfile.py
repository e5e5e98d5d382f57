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
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from star_rating.errors import Collector, display_path
from star_rating.loading.limits import LIMITS, read_limited


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (ids compare equal however they were typed)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class _LongLine(Exception):
    pass


def _bounded(lines: Iterable[str], limit: int) -> Iterator[str]:
    """``lines``, raising _LongLine at the first one longer than ``limit``."""
    for line in lines:
        if len(line) > limit:
            raise _LongLine
        yield line


def long_line(line: int) -> str:
    return (
        f"line {line} is longer than {LIMITS.max_csv_line:,} characters; a CSV line holds "
        "one entry (is this a CSV file?)"
    )


def csv_error(exc: csv.Error, line: int) -> str:
    """A csv.Error in words."""
    if "field larger than field limit" in str(exc):
        return (
            f"a quoted field runs on for more than {LIMITS.max_csv_line:,} characters "
            f"up to line {line}; is a closing quote missing?"
        )
    return f"malformed CSV: {exc}"


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
}


@dataclass
class CsvTable:
    """A CSV file after its header: rows are read lazily, once, so a large file
    is never held twice in memory."""

    file: str
    columns: dict[str, int]
    encoding: str = "utf-8"
    _reader: Any = None
    _collector: Collector | None = None
    # reading stopped at an error before the end: what was read is not the whole file
    broken: bool = False

    def get(self, row: list[str], name: str) -> str:
        i = self.columns.get(name)
        if i is None or i >= len(row):
            return ""
        return row[i].strip()

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Non-blank rows with their line numbers (one pass; a CSV error is reported)."""
        reader = self._reader
        if reader is None:
            return
        self._reader = None
        start = reader.line_num + 1
        try:
            for row in reader:
                if any(c.strip() for c in row):
                    yield start, row
                start = reader.line_num + 1
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

    def records(self, *names: str) -> Iterator[tuple[int, tuple[str, ...]]]:
        """Rows as (line, values of ``names`` stripped; "" where absent) — for hot loops."""
        idx = [self.columns.get(n) for n in names]
        for line, row in self.rows:
            n = len(row)
            yield line, tuple(row[i].strip() if i is not None and i < n else "" for i in idx)


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


def line_at(raw: bytes, pos: int) -> int:
    """The line of byte ``pos`` (lines end in CRLF, LF or CR)."""
    return raw.count(b"\n", 0, pos) + raw.count(b"\r", 0, pos) - raw.count(b"\r\n", 0, pos) + 1


UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def decode_table(raw: bytes, file: str, collector: Collector) -> tuple[str, str] | None:
    """The text of a CSV file and its encoding, or None with a problem recorded."""
    utf16 = UTF16_BOMS.get(raw[:2])
    if utf16 is not None:
        try:
            return raw[2:].decode(utf16), utf16
        except UnicodeDecodeError as exc:
            line = raw[2 : 2 + exc.start].decode(utf16, "replace")
            collector.add(
                file,
                line.count("\n") + line.count("\r") - line.count("\r\n") + 1,
                None,
                f"invalid UTF-16 text ({exc.reason}); save the file as CSV UTF-8",
                "encoding",
            )
            return None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            collector.add(
                file,
                line_at(raw, 3 + exc.start),
                None,
                f"invalid UTF-8 after the BOM: {exc.reason}",
                "encoding",
            )
            return None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        collector.add(
            file,
            line_at(raw, exc.start),
            None,
            "neither UTF-8 nor GBK text; save the file as UTF-8 CSV",
            "encoding",
        )
        return None


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
    file = label or display_path(path)
    raw = read_limited(path, file, collector)
    if raw is None:
        return None
    if raw[:2] not in UTF16_BOMS and b"\x00" in raw[:4096]:
        collector.add(file, 1, None, "binary data, not a CSV text file", "encoding")
        return None
    decoded = decode_table(raw, file, collector)
    if decoded is None:
        return None
    text, encoding = decoded
    text = nfc(text)
    if csv.field_size_limit() < LIMITS.max_csv_line:
        csv.field_size_limit(LIMITS.max_csv_line)
    reader = csv.reader(
        _bounded(io.StringIO(text, newline=""), LIMITS.max_csv_line), delimiter=delimiter(text)
    )
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            collector.add(
                file,
                1,
                None,
                f"empty file; expected a header row with {', '.join(required)}",
                "empty",
            )
            return None
        header_line = reader.line_num
        columns = match_columns(header, (*required, *optional))
        missing = [n for n in required if n not in columns]
        if missing:
            collector.add(
                file,
                header_line,
                None,
                f"missing column(s) {', '.join(missing)}; the header has "
                f"{', '.join(h.strip() for h in header) or 'nothing'}",
                "missing-column",
            )
            return None
        del raw  # the decoded text is all the reader needs
        return CsvTable(file, columns, encoding, reader, collector)
    except _LongLine:
        line = reader.line_num + 1
        collector.add(file, line, None, long_line(line), "too-large")
        return None
    except csv.Error as exc:
        collector.add(file, reader.line_num, None, csv_error(exc, reader.line_num), "syntax")
        return None
