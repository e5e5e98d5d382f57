"""What every xlsx output shares: a safe, deterministic workbook, neutralised text,
column widths from East-Asian character widths, and a fast table writer.

Text is always written with ``write_string`` (never as a formula), and text a
spreadsheet would run as a formula gets the apostrophe of
:func:`star_rating.outputs.common.safe_cell`.  XlsxWriter copies any string
that looks like ``<r>…</r>`` into the sheet XML unescaped (its rich-string
marker); such text gets the same apostrophe, so no input can inject XML.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from star_rating.outputs.common import safe_cell

#: Created date written when the caller has no better one (same inputs, same bytes).
FIXED_CREATED = datetime(2000, 1, 1)
MAX_WIDTH = 60
MIN_WIDTH = 4
#: Rows in one worksheet (Excel's limit); a longer table continues on the next sheet.
MAX_ROWS = 1_048_576
#: Points of one line of text in a row (11-point body text).
ROW_HEIGHT = 15


def _wrapped_lines(value: Any, width: int) -> int:
    """Lines a cell's text takes when wrapped at ``width`` characters (CJK count two)."""
    if not isinstance(value, str) or not value:
        return 1
    return sum(max(1, -(-display_width(part) // width)) for part in value.split("\n"))


_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def new_workbook(
    buffer: io.BytesIO,
    *,
    title: str,
    created: datetime | None = None,
    constant_memory: bool = True,
    subject: str = "",
) -> Workbook:
    """A workbook that never turns text into formulas, numbers or links, with fixed
    metadata so that the same inputs give byte-identical files."""
    wb = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": safe_text(title),
            "subject": safe_text(subject),
            "author": "star-rate",
            "company": "",
            "created": created or FIXED_CREATED,
        }
    )
    return wb


def safe_text(value: str) -> str:
    """Text as it may stand in a cell: no formula start, no raw rich-string XML."""
    text = safe_cell(value)
    if text.startswith("<r>") and text.endswith("</r>"):
        return "'" + text
    return text


# --- widths -------------------------------------------------------------------


def _char_width(ch: str) -> int:
    kind = unicodedata.east_asian_width(ch)
    if kind in ("W", "F"):
        return 2
    # ambiguous symbols (★ — … ①) are full width in the CJK fonts Excel uses for
    # Chinese; ambiguous Latin letters (é, ß) stay narrow
    if kind == "A" and ord(ch) >= 0x2000:
        return 2
    return 0 if unicodedata.combining(ch) else 1


@lru_cache(maxsize=1 << 16)
def _wide(text: str) -> int:
    return max(sum(_char_width(ch) for ch in line) for line in text.split("\n"))


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: CJK characters (W/F) count 2."""
    if text.isascii():
        if "\n" in text:
            return max(len(line) for line in text.split("\n"))
        return len(text)
    return _wide(text)


def number_format(places: int) -> str:
    """The number format showing ``places`` decimals: 0 -> '0', 1 -> '0.0'."""
    return "0." + "0" * places if places > 0 else "0"


def _number_width(top: float, negative: bool, places: int) -> int:
    return len(f"{top:.{places}f}") + (1 if negative else 0)


class Widths:
    """Column widths gathered while writing: the widest cell of each column."""

    def __init__(self, n: int, places: Sequence[int] | None = None):
        self.text = [0] * n
        self.top = [0.0] * n
        self.negative = [False] * n
        self.places = list(places) if places is not None else [0] * n

    def see_text(self, col: int, text: str) -> None:
        w = display_width(text)
        if w > self.text[col]:
            self.text[col] = w

    def width(self, col: int) -> int:
        w = max(self.text[col], _number_width(self.top[col], self.negative[col], self.places[col]))
        return max(MIN_WIDTH, min(MAX_WIDTH, w + 2))

    def apply(self, ws: Worksheet, first_col: int = 0) -> None:
        for c in range(len(self.text)):
            ws.set_column(first_col + c, first_col + c, self.width(c))


def sheet_name(wanted: str, taken: set[str], fallback: str = "Sheet") -> str:
    """A valid, unique (case-insensitive) sheet name: no []:*?/\\, at most 31 characters."""
    name = wanted.translate(_BAD_SHEET_CHARS).strip().strip("'")[:31].strip() or fallback[:31]
    if name.lower() == "history":
        name = name + "_"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


# --- tables -------------------------------------------------------------------


def write_sheets(
    wb: Workbook,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[Format | None],
    header_format: Format | None,
    *,
    places: Sequence[int] | None = None,
    taken: set[str] | None = None,
    first_row: int = 0,
    setup: Callable[[Worksheet, int], None] | None = None,
    wrap: Mapping[int, int] | None = None,
    header_wrap: int | None = None,
) -> list[tuple[str, int]]:
    """A table on as many sheets as it needs: ``name``, then ``name 2``, ``name 3`` …,
    each with the header and at most ``MAX_ROWS - 1`` data rows, so that no row is ever
    dropped at Excel's limit.  ``setup(ws, first_row)`` writes what comes above the
    table (on the first sheet) and sets each sheet's print layout; later sheets start at
    row 0.  Returns (sheet name, data rows) for each sheet."""
    taken = set() if taken is None else taken
    it = iter(rows)
    sheets: list[tuple[str, int]] = []
    while True:
        title = sheet_name(name if not sheets else f"{name} {len(sheets) + 1}", taken)
        ws = wb.add_worksheet(title)
        top = first_row if not sheets else 0
        if setup is not None:
            setup(ws, top)
        n = write_table(
            ws,
            top,
            header,
            it,
            formats,
            header_format,
            places=places,
            wrap=wrap,
            header_wrap=header_wrap,
        )
        sheets.append((title, n))
        following = next(it, None)
        if following is None:
            return sheets
        it = itertools.chain([following], it)


def write_table(
    ws: Worksheet,
    first_row: int,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[Format | None],
    header_format: Format | None,
    *,
    places: Sequence[int] | None = None,
    freeze: bool = True,
    autofilter: bool = True,
    widths: Widths | None = None,
    last_row: int | None = None,
    wrap: Mapping[int, int] | None = None,
    header_wrap: int | None = None,
) -> int:
    """Write a header and rows (in order, so it works in constant_memory mode);
    numbers as numbers, text neutralised, empty cells skipped.  Sets column widths,
    freezes the header and adds an autofilter.  Returns the number of data rows.

    ``wrap``: column -> width in characters of columns whose text wraps (their
    format should wrap): such a column keeps that width, and each row is made as
    tall as its wrapped text needs, before its cells are written (streamed rows are
    not measured again when printed, so text would run over the rows below).

    ``header_wrap``: with a header format that wraps, a header widens its column to at
    most this many characters and wraps beyond (long English names would otherwise
    make a printed table a thin strip); the header row is made tall enough.

    Stops at ``last_row`` (default: the sheet's last row) without taking another row
    from ``rows``: :func:`write_sheets` continues the same iterator on a new sheet."""
    n = len(header)
    seen = widths or Widths(n, places)
    texts = [safe_text(str(text)) for text in header]
    if header_wrap is not None:
        lines = max((_wrapped_lines(text, header_wrap) for text in texts), default=1)
        if lines > 1:
            ws.set_row(first_row, ROW_HEIGHT * lines)
    for c, text in enumerate(texts):
        ws.write_string(first_row, c, text, header_format)
        if header_wrap is not None and display_width(text) > header_wrap:
            seen.see_text(c, "x" * header_wrap)
        else:
            seen.see_text(c, text)
    text_width = seen.text
    top = seen.top
    negative = seen.negative
    # the undecorated writers (row/col only, no A1 parsing): the hot loop of big exports
    write_string = getattr(ws, "_write_string", ws.write_string)
    write_number = getattr(ws, "_write_number", ws.write_number)
    r = first_row
    last = MAX_ROWS - 1 if last_row is None else last_row
    # range first: once the sheet is full, zip stops without taking a row from ``rows``
    wrapped = tuple((wrap or {}).items())
    for r, row in zip(range(first_row + 1, last + 1), rows, strict=False):
        if wrapped:
            lines = max(_wrapped_lines(row[c], width) for c, width in wrapped)
            if lines > 1:
                ws.set_row(r, ROW_HEIGHT * lines)
        for c, value in enumerate(row):
            t = type(value)
            if t is str:
                if not value:
                    continue
                if value[0] in "=+-@\t\r<":
                    value = safe_text(value)
                write_string(r, c, value, formats[c])
                w = len(value) if value.isascii() and "\n" not in value else display_width(value)
                if w > text_width[c]:
                    text_width[c] = w
            elif t is int or t is float or t is Decimal or t is Fraction:
                x = float(value)
                write_number(r, c, x, formats[c])
                if x < 0:
                    negative[c] = True
                    x = -x
                if x > top[c]:
                    top[c] = x
            elif value is None:
                continue
            elif t is bool:
                ws.write_boolean(r, c, value, formats[c])
                seen.see_text(c, "FALSE")
            else:
                text = safe_text(str(value))
                write_string(r, c, text, formats[c])
                seen.see_text(c, text)
    seen.apply(ws)
    for c, width in wrapped:
        ws.set_column(c, c, width, formats[c])
    if freeze:
        ws.freeze_panes(first_row + 1, 0)
    if autofilter and n:
        ws.autofilter(first_row, 0, max(r, first_row), n - 1)
    return r - first_row
