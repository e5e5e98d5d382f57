"""A long CSV table read in columns: Arrow parses the cells, a byte scan of the
file (NumPy) says on which line each row starts.

The scan follows Python's csv module (and Excel): a line ends at LF, CRLF or a CR
alone, outside quotes; a quote opens a quoted field only as the field's first
character; a blank line is no row.  It also finds the records that Arrow cannot
read as a row (their cell count is not the header's: a short row, a row of one
blank cell) so that they are read one by one, in their place.

A file the scan cannot follow exactly gives ``None`` (the caller then reads it
row by row, as the csv module does): a quote inside an unquoted field, a quote
still open at the end, a NUL byte, a record longer than the line limit.  Arrow's
row count is checked against the scan's at the end (:class:`Misaligned`).
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import numpy as np

    from star_rating.loading.csvfile import CsvTable

_CHUNK = 1 << 23  # bytes scanned at once
_BLOCK = 1 << 20  # bytes Arrow parses at once (more in flight take more memory, not less time)
_LF, _CR, _QUOTE = 10, 13, 34


class Misaligned(Exception):
    """Arrow read another number of rows than the scan found."""


@dataclass
class Odd:
    """A record Arrow does not read as a row: after ``before`` rows, at ``line``."""

    before: int
    line: int
    text: bytes


@dataclass
class RowMap:
    """Where each data row of the file starts: rows are numbered from 0 in file
    order (blank lines and odd records are not rows)."""

    start: int  # byte offset of the first data record
    rows: int = 0
    # runs of rows on consecutive lines: (first row, its line)
    run_rows: list[int] = field(default_factory=list)
    run_lines: list[int] = field(default_factory=list)
    odd: list[Odd] = field(default_factory=list)
    longest: int = 0  # bytes of the longest record
    multiline: bool = False  # a quoted cell holds a line break

    def lines(self, first: int, count: int) -> np.ndarray:
        """Line of rows ``first`` … ``first + count - 1``."""
        import numpy as np

        rows = np.arange(first, first + count, dtype=np.int64)
        run_rows = np.asarray(self.run_rows, dtype=np.int64)
        k = np.searchsorted(run_rows, rows, side="right") - 1
        return (np.asarray(self.run_lines, dtype=np.int64)[k] + rows - run_rows[k]).astype(np.int32)


def scan(
    path: Path, skip: int, header_line: int, ncols: int, delim: str, limit: int
) -> RowMap | None:
    """The row map of a UTF-8 file (``skip``: its BOM bytes), its data being the
    records after line ``header_line``; None if the scan cannot follow it."""
    import numpy as np

    sep = ord(delim)
    found = RowMap(start=-1)
    line0 = 1  # the line the unscanned part starts on
    offset = skip  # file offset of the unscanned part
    carry = b""
    with open(path, "rb") as fh:
        fh.seek(skip)
        while True:
            block = fh.read(_CHUNK)
            eof = not block
            buf = carry + block
            if not buf:
                break
            held = b""
            if not eof and buf[-1] == _CR:  # a CR whose LF may be in the next block
                buf, held = buf[:-1], buf[-1:]
            a = np.frombuffer(buf, dtype=np.uint8)
            if (a == 0).any():
                return None
            inside = _quoted(a, sep)
            if inside is False:
                return None
            lf = a == _LF
            cr = a == _CR
            breaks = lf
            if cr.any():
                after = np.empty_like(a)
                after[:-1] = a[1:]
                after[-1] = 0
                breaks = lf | (cr & (after != _LF))
            ends_at = breaks if inside is None else breaks & ~inside
            ends = np.flatnonzero(ends_at)
            if not eof:
                if len(ends) == 0:
                    if len(buf) > limit:
                        return None
                    carry = buf + held
                    continue
                cut = int(ends[-1]) + 1
            else:
                if inside is not None and inside[-1]:
                    return None  # a quote open at the end of the file
                cut = len(buf)
                if len(ends) == 0 or ends[-1] != cut - 1:
                    ends = np.append(ends, cut)  # the last record has no line end
            starts = np.empty_like(ends)
            starts[0] = 0
            starts[1:] = ends[:-1] + 1
            stops = ends.copy()  # where each record's text stops
            inner = ends[(ends > 0) & (ends < len(a))]
            crlf = inner[(a[inner] == _LF) & (a[inner - 1] == _CR)]
            if len(crlf):
                stops[np.searchsorted(ends, crlf)] -= 1
            lengths = stops - starts
            longest = int(lengths.max())
            if longest > limit:
                return None
            found.longest = max(found.longest, longest)
            quoted_breaks = (
                np.flatnonzero(breaks[:cut] & inside[:cut]) if inside is not None else ends[:0]
            )
            if len(quoted_breaks):
                found.multiline = True
            lines = line0 + np.arange(len(ends)) + np.searchsorted(quoted_breaks, starts)
            seps = (a[:cut] == sep) if inside is None else (a[:cut] == sep) & ~inside[:cut]
            cells = np.add.reduceat(seps.view(np.uint8), starts, dtype=np.int64) + 1
            keep = (lines > header_line) & (lengths > 0)
            if found.start < 0 and (lines > header_line).any():
                found.start = offset + int(starts[np.argmax(lines > header_line)])
            _add(found, lines, cells, keep, ncols, buf, starts, stops)
            breaks_here = int(breaks[:cut].sum())
            line0 += breaks_here
            offset += cut
            carry = buf[cut:] + held
            if eof:
                break
    if found.start < 0:
        found.start = offset
    return found


def _quoted(a: Any, sep: int) -> Any:
    """Per byte, whether it is inside quotes (after it): None if the block has no
    quote, False if the scan cannot tell.  A quote opens a quoted field only as the
    field's first character; elsewhere outside quotes it is a character like any
    other (as in ``1, "6"``): the first such quote is set aside and the rest paired
    again, a few times at most."""
    import numpy as np

    quote = a == _QUOTE
    if not quote.any():
        return None
    for _ in range(16):
        inside = np.logical_xor.accumulate(quote)
        opening = np.flatnonzero(quote & ~(inside ^ quote))
        opening = opening[opening > 0]
        # at a field's start, or just after a closing quote (a doubled quote)
        stray = opening[~(np.isin(a[opening - 1], (sep, _LF, _CR)) | quote[opening - 1])]
        if not len(stray):
            return inside
        quote[stray[0]] = False  # the first is surely one; those after it may not be
    return False


def _add(
    found: RowMap,
    lines: Any,
    cells: Any,
    keep: Any,
    ncols: int,
    buf: bytes,
    starts: Any,
    stops: Any,
) -> None:
    import numpy as np

    good = keep & (cells == ncols)
    odd = np.flatnonzero(keep & (cells != ncols))
    if len(odd):
        rows_before = np.cumsum(good) - good  # good rows before each record here
        for k in odd:
            found.odd.append(
                Odd(found.rows + int(rows_before[k]), int(lines[k]), buf[starts[k] : stops[k]])
            )
    good_lines = lines[good]
    if not len(good_lines):
        return
    new = np.flatnonzero(np.diff(good_lines) != 1) + 1
    firsts = np.concatenate(([0], new))
    if found.run_rows and found.run_lines[-1] + (found.rows - found.run_rows[-1]) == good_lines[0]:
        firsts = firsts[1:]  # the run goes on from the last chunk
    found.run_rows.extend((found.rows + firsts).tolist())
    found.run_lines.extend(good_lines[firsts].tolist())
    found.rows += len(good_lines)


def utf8_copy(path: Path, encoding: str, skip: int) -> Path:
    """The file's text as UTF-8 in a temporary file (line ends kept as they are);
    the caller removes it."""
    decoder = codecs.getincrementaldecoder(encoding)()
    fd, name = tempfile.mkstemp(prefix="star-rate-", suffix=".csv")
    try:
        with open(path, "rb") as src, os.fdopen(fd, "wb") as out:
            src.seek(skip)
            while True:
                block = src.read(1 << 20)
                out.write(decoder.decode(block, final=not block).encode("utf-8"))
                if not block:
                    break
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


@dataclass
class Piece:
    """Rows of the file as Arrow columns (``columns[k]``: the k-th cell of each row),
    with their lines; or one odd record (``odd``)."""

    columns: list[Any] = field(default_factory=list)
    lines: Any = None
    odd: Odd | None = None

    def __len__(self) -> int:
        return len(self.lines) if self.lines is not None else 0


def pieces(path: Path, found: RowMap, ncols: int, delim: str) -> Iterator[Piece]:
    """The file's data rows in order, as column pieces, odd records in their place."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not found.rows:  # odd records alone (Arrow reads no row)
        for odd in found.odd:
            yield Piece(odd=odd)
        return
    names = [str(k) for k in range(ncols)]
    invalid = 0

    def skip_row(row: Any) -> str:
        nonlocal invalid
        invalid += 1
        return "skip"

    pool = memory_pool()
    source = pa.OSFile(str(path))
    try:
        source.seek(found.start)
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=names, block_size=max(_BLOCK, 2 * found.longest + 1024)
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delim,
                newlines_in_values=found.multiline,
                invalid_row_handler=skip_row,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            memory_pool=pool,
        )
        odd = iter(found.odd)
        next_odd = next(odd, None)
        row = 0
        for batch in reader:
            n = batch.num_rows
            at = 0
            while at < n or (next_odd is not None and next_odd.before == row + at):
                if next_odd is not None and next_odd.before == row + at:
                    yield Piece(odd=next_odd)
                    next_odd = next(odd, None)
                    continue
                stop = n if next_odd is None else min(n, next_odd.before - row)
                part = batch.slice(at, stop - at) if (at, stop) != (0, n) else batch
                yield Piece(part.columns, found.lines(row + at, stop - at))
                at = stop
            row += n
        while next_odd is not None:
            if next_odd.before != row:
                raise Misaligned
            yield Piece(odd=next_odd)
            next_odd = next(odd, None)
        if row != found.rows or invalid != len(found.odd):
            raise Misaligned
    finally:
        source.close()
        pool.release_unused()


def memory_pool() -> Any:
    """Arrow's memory for reading: the C library's, given back when a file is read
    (Arrow's own allocators keep what they freed, a few hundred MB at this size)."""
    import pyarrow as pa

    return pa.system_memory_pool()


def read_columns(
    path: Path,
    table: CsvTable,
    piece: Callable[[Piece], None],
    odd: Callable[[int, list[str]], None],
) -> bool:
    """Read a CSV table's data rows as column pieces (``piece``), a row Arrow cannot
    read as one on its own (``odd``: its line and cells, NFC; rows of blank cells are
    skipped), all in file order.  False if the scan cannot follow the file: nothing
    is read then, and the caller reads it row by row.  Raises :class:`Misaligned` when
    the reading went wrong part way (Arrow and the scan disagree, Arrow refuses a
    block, the file cannot be read): the caller drops what was read and reads the
    file row by row, which says what is wrong."""
    import csv
    import io

    from star_rating.loading.csvfile import has_text, nfc
    from star_rating.loading.limits import LIMITS

    if not table.width:
        return False
    utf8 = path
    if table.codec != "utf-8":
        try:
            utf8 = utf8_copy(path, table.codec, table.skip)
        except OSError:  # no room for a UTF-8 copy (a full or read-only temp folder)
            return False
    try:
        skip = table.skip if utf8 is path else 0
        found = scan(
            utf8, skip, table.header_line, table.width, table.delimiter, LIMITS.max_csv_line
        )
        if found is None:
            return False
        for got in pieces(utf8, found, table.width, table.delimiter):
            if got.odd is None:
                piece(got)
                continue
            text = got.odd.text.decode("utf-8")
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter)
            row = [nfc(x) for x in next(reader, [])]
            if has_text(row):
                odd(got.odd.line, row)
    except OSError as exc:  # the file changed or went while read: row by row says how
        raise Misaligned from exc
    except Exception as exc:
        import pyarrow as pa

        if isinstance(exc, pa.ArrowException):  # a block Arrow will not parse
            raise Misaligned from exc
        raise
    finally:
        if utf8 is not path:
            utf8.unlink()
    return True


class TableRows(Protocol):
    """What reads a CSV table's data rows: a piece of them as columns, a row Arrow
    cannot read as one (its line and cells), a row of the csv module."""

    def piece(self, piece: Piece) -> None: ...

    def odd(self, line: int, row: list[str]) -> None: ...

    def one(self, line: int, row: list[str]) -> None: ...


R = TypeVar("R", bound=TableRows)


def read_table(path: Path, table: CsvTable, problems: list[Any], make: Callable[[], R]) -> R:
    """Read a table's data rows with a reader ``make()`` gives: as columns where the
    scan follows the file, else row by row.  If the column reading goes wrong part
    way, its problems (since ``problems`` had its present length) and its reader are
    dropped and the file is read row by row with a new one."""
    before = len(problems)
    rows = make()
    try:
        done = read_columns(path, table, rows.piece, rows.odd)
    except Misaligned:
        del problems[before:]
        rows, done = make(), False
    if done:
        table.close()
    else:
        for line, row in table.rows:
            rows.one(line, row)
    return rows


def coded(columns: list[Any], k: int | None, pool: Any) -> tuple[np.ndarray, list[str]]:
    """Column ``k`` of a piece as (per row, the index of its text; the texts, stripped
    and NFC).  A column the table does not have: every row the blank text."""
    import numpy as np
    import pyarrow.compute as pc

    from star_rating.loading.csvfile import nfc

    if k is None:
        return np.zeros(len(columns[0]) if columns else 0, dtype=np.int64), [""]
    d = pc.dictionary_encode(columns[k], memory_pool=pool)
    texts = [nfc(x.strip()) for x in d.dictionary.to_pylist()]
    return d.indices.to_numpy(zero_copy_only=False).astype(np.int64), texts


def blank(texts: list[str]) -> np.ndarray:
    """Per text, whether it is blank."""
    import numpy as np

    return np.array([not t for t in texts], dtype=bool)
