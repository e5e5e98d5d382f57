"""Filled xlsx review forms (written by ``star-rate template``).

A form workbook has one sheet per community (see docs/forms-and-exports.md);
this module defines that layout and reads it back.  Every problem names its
cell: ``forms.xlsx!东安社区!C14: error: 6 is above the max 5 of pb-1 [entry]``.

The file is checked before any XML parser sees it: its size (the loader's
file limit), that it is a zip with an xlsx workbook in it, the uncompressed
sizes its zip directory declares, the compression ratio of every large member
(zip bombs), the CRC of every member (truncated or damaged files) and that no
part declares a DTD (entity expansion).  Only then does openpyxl read it, in
read-only mode; each sheet is streamed cell by cell, keeping only the form's
columns, so a huge row is refused without being held in memory.  Cells give
their cached values (formulas are never evaluated; a formula Excel never
calculated is reported as such), and numbers are read as Excel shows them: the
double rounded to 15 significant digits (``=0.7+0.2`` is 0.9, not
0.89999999999999991).
"""

from __future__ import annotations

import io
import math
import os
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rating.catalog import Msg, msg
from star_rating.entries import (
    BONUS_POINTS,
    FALSE_WORDS,
    NA_WORDS,
    TRUE_WORDS,
    EntryError,
    joined,
    parse_entry,
    show,
    strip,
    visible,
)
from star_rating.errors import display_path
from star_rating.loading.limits import read_limited
from star_rating.models.round import Review, Source
from star_rating.models.scheme import ChecklistIndicator, SurveyIndicator

if TYPE_CHECKING:
    from star_rating.loading.reviews import ReviewReader

# --- the form layout (shared with outputs/forms.py, which writes it) ------------

FORM_MARK = "star-rate form 1"  # in MARK_CELL of every community sheet
GUIDE_MARK = "star-rate guide 1"  # in MARK_CELL of the instructions sheet (skipped)
MARK_CELL = "H1"
ID_CELL = "B2"  # community id
STAGE_CELL = "B3"  # stage id
REVIEWER_CELL = "B4"
DATE_CELL = "D4"
HEADER_ROW = 5  # 1-based row of the indicator table's header; entries below it
KEY_COL, TEXT_COL, VALUE_COL = 0, 1, 2  # A: id or key, B: text (bonus reason), C: entry
BONUS_KEY = "bonus"  # A of a bonus row: B the reason, C the points
BONUS_ROWS = 3  # bonus rows in a form (under a heading row)
NOTES_KEY = "#notes"  # A of the notes row: B the notes ('#' is in no scheme id)
# what the reader takes as the notes row's A (any case, trimmed): the raw key or a heading
NOTES_HEADINGS = frozenset({NOTES_KEY, "备注", "notes"})
ITEM_SEP = "/"  # A of a checklist item row: indicator/item, C yes or no

# --- limits -------------------------------------------------------------------


def _env_mb(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


MAX_UNCOMPRESSED = _env_mb("STAR_RATE_MAX_XLSX_MB", 200) * 1024 * 1024
MAX_RATIO = 200  # compressed:uncompressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_ROWS = 5000  # rows read per sheet beyond those of the scheme's form (form_rows)
MAX_COLS = 8  # columns kept (A-H); cells further right are skipped while reading
MAX_ROW_CELLS = 16_384  # cells in one row: Excel's own limit (column XFD)
MAX_CELL_PARTS = 10_000  # elements inside one cell (rich text runs)
NEVER_CALCULATED = msg("read.xlsx.never_calculated")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UNZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # an encrypted member
)


def _cell(row: int, col: int) -> str:
    """1-based row, 0-based column -> 'C14'."""
    return f"{chr(ord('A') + col)}{row}"


def _rowcol(cell: str) -> tuple[int, int]:
    return int(cell[1:]), ord(cell[0]) - ord("A")


# --- the zip container ----------------------------------------------------------


def check_container(data: bytes) -> str | None:
    """Why ``data`` is not a safe xlsx to open, in English, or None."""
    why = container_problem(data)
    return None if why is None else why.text("en")


def container_problem(data: bytes) -> Msg | None:
    """Why ``data`` is not a safe xlsx to open (a message), or None."""
    if data.startswith(_OLE):
        return msg("read.xlsx.old_or_protected")
    if not data.startswith(b"PK\x03\x04"):
        return msg("read.xlsx.not_zip")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        return msg("read.xlsx.damaged", error=str(exc))
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            return msg("read.xlsx.too_many_parts", count=len(infos), limit=MAX_MEMBERS)
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            return msg(
                "read.xlsx.too_large",
                size=f"{total / 1048576:.0f}",
                limit=f"{MAX_UNCOMPRESSED / 1048576:.0f}",
            )
        names = set()
        for i in infos:
            names.add(i.filename)
            if i.flag_bits & 0x1:
                return msg("read.xlsx.encrypted", part=i.filename)
            if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                ratio = i.file_size // max(i.compress_size, 1)
                return msg("read.xlsx.zip_bomb", part=i.filename, ratio=ratio, limit=MAX_RATIO)
        if "xl/workbook.xml" not in names:
            return msg("read.xlsx.no_workbook")
        for i in infos:
            try:
                part = zf.read(i)  # checks the CRC; sizes are bounded above
            except _UNZIP_ERRORS as exc:
                return msg("read.xlsx.damaged_part", part=i.filename, error=str(exc))
            if i.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in part[:4096].upper():
                return msg("read.xlsx.dtd", part=i.filename)
    return None


@dataclass
class Sheet:
    name: str
    rows: list[tuple[Any, ...]]
    truncated: bool = False
    refused: Msg | None = None  # why reading stopped: not a form
    # (row, column) of the cells whose formula has no cached value
    uncalculated: frozenset[tuple[int, int]] = frozenset()

    def get(self, cell: str) -> Any:
        r, c = _rowcol(cell)
        return self.at(r, c)

    def at(self, row: int, col: int) -> Any:
        if row - 1 >= len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[col] if col < len(values) else None


_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_UP)


def excel_number(text: str) -> int | Decimal | float:
    """A numeric cell's stored text as Excel shows and compares it: the double
    rounded to 15 significant digits (integers exact)."""
    if not any(ch in text for ch in ".eE"):
        try:
            return int(text)
        except ValueError:
            pass
    number = float(text)
    if not math.isfinite(number):
        return number  # refused where a number is asked
    if number.is_integer() and abs(number) < 1e15:
        return int(number)
    return _EXCEL_DIGITS.create_decimal_from_float(number).normalize(_EXCEL_DIGITS)


def form_rows(scheme: Any) -> int:
    """The rows of a form for ``scheme`` as ``star-rate template`` writes it: the head,
    a row a dimension, indicator and checklist item, bonus and veto rows under their
    headings, and the notes.  The reader takes MAX_ROWS more, so it reads every form
    template writes, however large the scheme."""
    inds = scheme.indicators.values()
    items = sum(len(i.items) for i in inds if isinstance(i, ChecklistIndicator))
    bonus = 1 + BONUS_ROWS if scheme.head.bonus is not None else 0
    vetoes = 1 + len(scheme.head.vetoes) if scheme.head.vetoes else 0
    return HEADER_ROW + len(scheme.dimensions) + len(inds) + items + bonus + vetoes + 2


def read_sheets(data: bytes, max_rows: int = MAX_ROWS) -> list[Sheet]:
    """Every worksheet's cell values (cached values, never formulas)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    sheets = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the workbook's parts, but not openpyxl's worksheet objects: they measure each
        # sheet by parsing it whole, and a sheet is streamed here instead
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            for sheet, rel in reader.parser.find_sheets():
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                    with reader.archive.open(rel.target) as src:
                        sheets.append(_stream_sheet(sheet.name, src, reader, max_rows))
        finally:
            reader.archive.close()
    return sheets


def _stream_sheet(name: str, src: Any, reader: Any, max_rows: int = MAX_ROWS) -> Sheet:
    """One sheet read element by element, each freed once read: only columns A-H
    are kept, and reading stops at a row of over MAX_ROW_CELLS cells."""
    from openpyxl.utils import coordinate_to_tuple
    from openpyxl.worksheet._reader import (
        CELL_TAG,
        FORMULA_TAG,
        ROW_TAG,
        VALUE_TAG,
        WorkSheetParser,
    )
    from openpyxl.xml.functions import iterparse

    wb = reader.wb
    parser = WorkSheetParser(
        None,
        reader.shared_strings,
        data_only=True,
        epoch=wb.epoch,
        date_formats=wb._date_formats,
        timedelta_formats=wb._timedelta_formats,
    )
    sheet = Sheet(name, [])
    found: dict[int, list[Any]] = {}
    uncalculated: set[tuple[int, int]] = set()
    stack: list[Any] = []  # the open elements, root first
    row_number = cells = col = parts = 0
    in_row = in_cell = kept = False  # kept: the row has a value (or a formula) in A-H
    values: list[Any] = []
    for event, el in iterparse(src, events=("start", "end")):
        tag = el.tag
        if event == "start":
            stack.append(el)
            if in_cell:
                parts += 1
                if parts > MAX_CELL_PARTS:
                    limit = f"{MAX_CELL_PARTS:,}"
                    sheet.refused = msg("read.xlsx.cell_parts", row=row_number, limit=limit)
                    break
            elif tag == CELL_TAG:
                in_cell, parts = True, 0
                if in_row:
                    cells += 1
                    if cells > MAX_ROW_CELLS:
                        limit = f"{MAX_ROW_CELLS:,}"
                        sheet.refused = msg("read.xlsx.row_cells", row=row_number, limit=limit)
                        break
            elif tag == ROW_TAG:
                r = el.get("r")
                row_number = int(float(r)) if r else row_number + 1
                values, cells, col, in_row, kept = [None] * MAX_COLS, 0, 0, True, False
            continue
        stack.pop()
        if tag == CELL_TAG:
            in_cell = False
            if in_row:
                ref = el.get("r")
                col = coordinate_to_tuple(ref)[1] if ref else col + 1
                if col <= MAX_COLS:
                    if el.find(FORMULA_TAG) is not None and el.find(VALUE_TAG) is None:
                        uncalculated.add((row_number, col - 1))
                        kept = True
                    else:
                        values[col - 1] = _cell_value(parser, el, row_number, col)
                        kept = kept or values[col - 1] is not None
        elif tag == ROW_TAG:
            in_row = False
            if kept and row_number > max_rows:
                sheet.truncated = True
                break
            if kept and row_number >= 1:
                found[row_number] = values
        if stack and not in_cell:  # read: free it (its earlier siblings are gone already)
            stack[-1].remove(el)
    last = max(found, default=0)
    sheet.rows = [tuple(found.get(r, (None,) * MAX_COLS)) for r in range(1, last + 1)]
    sheet.uncalculated = frozenset(uncalculated)
    return sheet


def _cell_value(parser: Any, el: Any, row: int, col: int) -> Any:
    """A cell's cached value; plain numbers at Excel's 15 significant digits."""
    from openpyxl.worksheet._reader import VALUE_TAG

    kind = el.get("t", "n")
    style = el.get("s")
    if kind == "n" and not (style and int(style) in parser.date_formats):
        text = el.findtext(VALUE_TAG)
        return excel_number(text) if text else None
    parser.row_counter, parser.col_counter = row, col - 1
    return parser.parse_cell(el)["value"]


# --- values -----------------------------------------------------------------------


def _raw(value: Any) -> Any:
    """A cell value as an entry reader expects it."""
    if isinstance(value, str):
        return strip(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not strip(value))


def _text(value: Any) -> str | None:
    raw = _raw(value)
    return None if _blank(raw) else show(raw)


def _date(value: Any) -> str | None:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(float(value)).date().isoformat()
        except (ValueError, OverflowError, TypeError):
            return show(value)
    return _text(value)


def _yes_no(value: Any) -> bool | None:
    """True/False for a yes/no answer, None for anything else."""
    if isinstance(value, bool):
        return value
    word = strip(show(_raw(value))).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


# --- reading ----------------------------------------------------------------------


class _FormReader:
    def __init__(self, path: Path, reader: ReviewReader):
        self.file = display_path(path)
        self.reader = reader
        self.scheme = reader.scheme
        self.col = reader.col
        self.max_rows = MAX_ROWS + form_rows(self.scheme)

    def at_sheet(self, sheet: str | None, cell: str | None, message: Msg, rule: str) -> None:
        place = self.file
        if sheet is not None:
            place += f"!{sheet}"
            if cell is not None:
                place += f"!{cell}"
        self.col.add(place, None, None, message, rule)

    def read(self, data: bytes) -> list[Review]:
        why = container_problem(data)
        if why is not None:
            self.at_sheet(None, None, why, "xlsx")
            return []
        try:
            sheets = read_sheets(data, self.max_rows)
        except Exception as exc:  # any parser failure on untrusted input is a bad file
            error = _describe(exc)
            self.at_sheet(None, None, msg("read.xlsx.unreadable", error=error), "xlsx")
            return []
        out: list[Review] = []
        seen: dict[tuple[str, str, str], str] = {}
        forms = 0
        before = len(self.col.errors)
        for sheet in sheets:
            if sheet.refused is not None:  # read only in part: the mark may be missing
                refused = msg("read.xlsx.refused", why=sheet.refused)
                self.at_sheet(sheet.name, None, refused, "xlsx")
                continue
            mark = _text(sheet.get(MARK_CELL))
            if mark == GUIDE_MARK:
                continue
            if mark != FORM_MARK:
                not_form = msg("read.xlsx.not_a_form", cell=MARK_CELL)
                self.at_sheet(sheet.name, None, not_form, "xlsx")
                continue
            forms += 1
            review = self.sheet(sheet, seen)
            if review is not None:
                out.append(review)
        if not forms and len(self.col.errors) == before:
            self.at_sheet(None, None, msg("read.xlsx.no_forms"), "xlsx")
        return out

    def sheet(self, sheet: Sheet, seen: dict[tuple[str, str, str], str]) -> Review | None:
        name = sheet.name
        if sheet.truncated:
            too_long = msg("read.xlsx.too_many_rows", rows=self.max_rows)
            self.at_sheet(name, None, too_long, "xlsx")
            return None
        head = [
            c
            for c in (ID_CELL, STAGE_CELL, REVIEWER_CELL, DATE_CELL)
            if _rowcol(c) in sheet.uncalculated
        ]
        for cell in head:
            self.at_sheet(name, cell, NEVER_CALCULATED, "uncalculated")
        if ID_CELL in head or STAGE_CELL in head:
            return None
        community = _text(sheet.get(ID_CELL))
        stage = _text(sheet.get(STAGE_CELL))
        if community is None:
            self.at_sheet(name, ID_CELL, msg("read.xlsx.no_community"), "missing")
        if stage is None:
            self.at_sheet(name, STAGE_CELL, msg("read.xlsx.no_stage"), "missing")
        if community is None or stage is None:
            return None
        if stage not in self.scheme.stage_ids:
            unknown = msg(
                "read.xlsx.unknown_stage",
                stage=stage,
                near=near(stage, self.scheme.stage_ids),
                stages=joined(self.scheme.stage_ids),
            )
            self.at_sheet(name, STAGE_CELL, unknown, "unknown-id")
            return None
        reviewer = _text(sheet.get(REVIEWER_CELL))
        # a panel stage has a review per reviewer (the loader reports a missing one)
        panel = any(s.id == stage and s.panel is not None for s in self.scheme.stages)
        key = (community, stage, (reviewer or "") if panel else "")
        if key in seen:
            second = (
                msg(
                    "read.xlsx.second_review_by",
                    stage=stage,
                    community=community,
                    reviewer=reviewer,
                    sheet=seen[key],
                )
                if panel and reviewer
                else msg(
                    "read.xlsx.second_review", stage=stage, community=community, sheet=seen[key]
                )
            )
            self.at_sheet(name, ID_CELL, second, "duplicate-review")
            return None
        seen[key] = name
        review = self.reader.new_review(
            community,
            stage,
            Source(self.file, cell=f"{name}!{ID_CELL}"),
            reviewer=reviewer,
            date=_date(sheet.get(DATE_CELL)),
        )
        _Entries(self, sheet, review).read()
        return review


class _Entries:
    """The indicator table of one sheet."""

    def __init__(self, fr: _FormReader, sheet: Sheet, review: Review):
        self.fr = fr
        self.sheet = sheet
        self.review = review
        self.scheme = fr.scheme
        self.rows: dict[str, int] = {}  # indicator id -> row
        self.items: dict[str, list[tuple[str, Any, int]]] = {}  # checklist id -> items

    def at_cell(self, cell: str, message: Msg, rule: str) -> None:
        self.fr.at_sheet(self.sheet.name, cell, message, rule)

    def uncalculated(self, row: int, col: int, ind_id: str | None = None) -> bool:
        """Report a formula cell Excel never calculated; True if it is one."""
        if (row, col) not in self.sheet.uncalculated:
            return False
        said = msg("entry.of", indicator=ind_id, message=NEVER_CALCULATED) if ind_id else None
        self.at_cell(_cell(row, col), said or NEVER_CALCULATED, "uncalculated")
        if ind_id is not None:
            self.review.reject(ind_id)
        return True

    def is_notes(self, key: str) -> bool:
        """Whether column A's ``key`` marks the notes row: ``#notes``, or a heading
        (备注, Notes) that is no id of the scheme."""
        if key.strip().lower() not in NOTES_HEADINGS:
            return False
        return key == NOTES_KEY or (
            key not in self.scheme.indicators and key not in self.scheme.veto_ids
        )

    def source(self, row: int, col: int = VALUE_COL) -> Source:
        return Source(self.fr.file, cell=f"{self.sheet.name}!{_cell(row, col)}")

    def read(self) -> None:
        for row in range(HEADER_ROW + 1, len(self.sheet.rows) + 1):
            if self.uncalculated(row, KEY_COL) or self.uncalculated(row, TEXT_COL):
                continue
            key = _text(self.sheet.at(row, KEY_COL))
            if key is None:
                continue
            if self.is_notes(key):
                self.review.notes = _text(self.sheet.at(row, TEXT_COL))
            elif key == BONUS_KEY:
                self.bonus(row)
            elif ITEM_SEP in key:
                ind_id, _, item = key.partition(ITEM_SEP)
                self.items.setdefault(ind_id, []).append((item, self.sheet.at(row, VALUE_COL), row))
            elif key in self.scheme.veto_ids:
                self.veto(key, row)
            elif key in self.scheme.indicators:
                if key in self.rows:
                    second = msg("read.xlsx.second_row", indicator=key, row=self.rows[key])
                    self.at_cell(_cell(row, KEY_COL), second, "duplicate-entry")
                    continue
                self.rows[key] = row
            else:
                known = [*self.scheme.indicators, *self.scheme.veto_ids]
                unknown = msg(
                    "read.xlsx.unknown_indicator", indicator=visible(key), near=near(key, known)
                )
                self.at_cell(_cell(row, KEY_COL), unknown, "unknown-id")
        for ind in self.scheme.indicators.values():
            if isinstance(ind, SurveyIndicator):
                continue
            row = self.rows.get(ind.id)
            if row is None:
                self.review.reject(ind.id)
                no_row = msg("read.xlsx.no_row", indicator=ind.id)
                self.fr.at_sheet(self.sheet.name, None, no_row, "missing-entry")
            elif self.uncalculated(row, VALUE_COL, ind.id):
                continue
            elif isinstance(ind, ChecklistIndicator):
                self.checklist(ind, row)
            else:
                self.entry(ind.id, _raw(self.sheet.at(row, VALUE_COL)), row)
        for ind_id, items in self.items.items():
            ind = self.scheme.indicators.get(ind_id)
            if not isinstance(ind, ChecklistIndicator):
                _, _, row = items[0]
                not_checklist = msg("read.xlsx.not_checklist", indicator=ind_id)
                self.at_cell(_cell(row, KEY_COL), not_checklist, "unknown-id")

    def entry(self, ind_id: str, raw: Any, row: int) -> None:
        ind = self.scheme.indicators[ind_id]
        try:
            parse_entry(ind, raw)
        except EntryError as exc:
            self.at_cell(_cell(row, VALUE_COL), exc.said, "entry")
            self.review.reject(ind_id)
            return
        self.fr.reader.add_entry(self.review, ind_id, raw, self.source(row))

    def checklist(self, ind: ChecklistIndicator, row: int) -> None:
        own = _raw(self.sheet.at(row, VALUE_COL))
        items = self.items.get(ind.id, [])
        known = {i.id for i in ind.items}
        chosen: list[str] = []
        answered = 0
        ok = True
        for item, value, item_row in items:
            if item not in known:
                unknown = msg(
                    "entry.checklist.unknown",
                    item=visible(item),
                    indicator=ind.id,
                    known=joined(sorted(known)),
                )
                self.at_cell(_cell(item_row, KEY_COL), unknown, "entry")
                ok = False
                continue
            if self.uncalculated(item_row, VALUE_COL, ind.id):
                ok = False
                continue
            if _blank(value):
                continue
            answered += 1
            yes = _yes_no(value)
            if yes is None:
                not_yes_no = msg(
                    "read.xlsx.item_not_yes_no",
                    value=show(_raw(value)),
                    item=item,
                    indicator=ind.id,
                )
                self.at_cell(_cell(item_row, VALUE_COL), not_yes_no, "entry")
                ok = False
            elif yes:
                chosen.append(item)
        first = items[0][2] if items else row
        if not ok:
            self.review.reject(ind.id)
            return
        if isinstance(own, str) and own.lower() in NA_WORDS:
            if chosen and ind.allow_na:
                both = msg("read.xlsx.na_and_items", indicator=ind.id)
                self.at_cell(_cell(row, VALUE_COL), both, "entry")
                self.review.reject(ind.id)
                return
            self.entry(ind.id, own, row)
            return
        if not _blank(own):
            only_na = msg("read.xlsx.checklist_cell", indicator=ind.id)
            self.at_cell(_cell(row, VALUE_COL), only_na, "entry")
            self.review.reject(ind.id)
            return
        if not answered:
            blank = msg("read.xlsx.checklist_blank", indicator=ind.id)
            self.at_cell(_cell(first, VALUE_COL), blank, "entry")
            self.review.reject(ind.id)
            return
        self.entry(ind.id, chosen, first)

    def bonus(self, row: int) -> None:
        if self.uncalculated(row, VALUE_COL):
            return
        reason = _text(self.sheet.at(row, TEXT_COL))
        points = _raw(self.sheet.at(row, VALUE_COL))
        if reason is None and _blank(points):
            return
        if _blank(points):
            no_points = msg("read.xlsx.bonus_no_points", reason=reason)
            self.at_cell(_cell(row, VALUE_COL), no_points, "bonus")
            return
        if reason is None:
            self.at_cell(_cell(row, TEXT_COL), msg("read.xlsx.bonus_no_reason"), "bonus")
            return
        from star_rating.entries import to_number

        try:
            value = to_number(points, BONUS_POINTS)
        except EntryError as exc:
            self.at_cell(_cell(row, VALUE_COL), exc.said, "bonus")
            return
        if value < 0 or self.scheme.head.bonus is None:
            why = (
                msg("entry.bonus.below_zero", value=str(value))
                if value < 0
                else msg("entry.bonus.none")
            )
            self.at_cell(_cell(row, VALUE_COL), why, "bonus")
            return
        self.fr.reader.add_bonus(self.review, Decimal(value), reason, self.source(row))

    def veto(self, veto_id: str, row: int) -> None:
        if self.uncalculated(row, VALUE_COL):
            return
        value = self.sheet.at(row, VALUE_COL)
        if _blank(value):
            return
        yes = _yes_no(value)
        if yes is None:
            not_yes_no = msg("read.xlsx.veto_not_yes_no", value=show(_raw(value)), veto=veto_id)
            self.at_cell(_cell(row, VALUE_COL), not_yes_no, "entry")
        elif yes:
            self.fr.reader.add_veto(self.review, veto_id, self.source(row))


def near(name: str, choices: Any) -> Msg | str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ""."""
    import difflib

    m = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return msg("read.did_you_mean", near=m[0]) if m else ""


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_forms(path: Path, reader: ReviewReader) -> list[Review]:
    """The reviews in a filled form workbook; problems go to ``reader.col``."""
    fr = _FormReader(path, reader)
    data = read_limited(path, fr.file, reader.col)
    if data is None:
        return []
    return fr.read(data)
