"""CSV tables as Chinese offices save them: UTF-8 with or without BOM, or GBK.

Columns are matched by header name (English or Chinese aliases, any case);
extra columns are allowed.  Every row keeps its line number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from star_rating.errors import Collector, display_path
from star_rating.loading.limits import read_limited

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
        except csv.Error as exc:
            if self._collector is not None:
                self._collector.add(
                    self.file, reader.line_num, None, f"malformed CSV: {exc}", "syntax"
                )

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


def decode_table(raw: bytes, file: str, collector: Collector) -> tuple[str, str] | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        collector.add(
            file, line, None, "neither UTF-8 nor GBK text; save the file as UTF-8 CSV", "encoding"
        )
        return None


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
    if b"\x00" in raw[:4096]:
        collector.add(file, 1, None, "binary data, not a CSV text file", "encoding")
        return None
    try:
        decoded = decode_table(raw, file, collector)
    except UnicodeDecodeError as exc:
        collector.add(file, None, None, f"invalid UTF-8 after the BOM: {exc.reason}", "encoding")
        return None
    if decoded is None:
        return None
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
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
    except csv.Error as exc:
        collector.add(file, reader.line_num, None, f"malformed CSV: {exc}", "syntax")
        return None
