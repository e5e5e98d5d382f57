"""Bulk long-CSV reviews read by DuckDB (the optional extra ``fast``).

The ordinary reader turns every CSV row into an :class:`Entry`: exact and traceable
to its line, but about half a kilobyte and ten microseconds an entry, too much for
a province's 27 million rows.  This reader leaves the rows in DuckDB and brings
back, per review and dimension, integer sums:

1. one scan lists the distinct (indicator, value) pairs; each pair is checked and
   scored in Python by the same ``parse_entry`` and ``plan_points`` the ordinary
   reader uses, so a value means the same on both paths;
2. a second scan sums the points per (community, stage, dimension) in units of
   ``1/10^d`` points (integers, exact), with counts and bitmasks proving that each
   review has exactly one entry per indicator, and keeps the values of the
   indicators a level requires.

It accepts only what the ordinary reader would accept without a single problem:
known communities, stages and indicators, valid values, complete reviews, no
bonus or veto rows, no appeals, UTF-8 files within the size limit.  Where DuckDB's
CSV parser reads text differently from Python's csv module (the ordinary reader),
a scan beside DuckDB's finds it and the round goes to the ordinary reader: a space
before a quote (DuckDB drops the space and the quotes; Python and Excel keep both),
a NUL byte, text that is not UTF-8, and a last line over the line limit (which
DuckDB drops without a word when it is longer than its buffer).  Anything else
raises :class:`NotBulk` with the reason, and the round is read by the ordinary
reader, which reports every problem with its file and line.  So error reports are
the ordinary reader's by construction, and the tests score the same rounds both
ways and compare every figure.
"""

from __future__ import annotations

import codecs
import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

from star_rating.catalog import Msg, msg, verbatim
from star_rating.engine.plan import plan_for
from star_rating.engine.points import EXACT, plan_points
from star_rating.entries import NA, EntryError, parse_entry
from star_rating.errors import display_path
from star_rating.loading.csvfile import match_columns
from star_rating.loading.limits import LIMITS, open_regular
from star_rating.models.round import Community, Source, StageSums
from star_rating.scheme import Scheme

COLUMNS = ("community", "stage", "indicator", "value")
MAX_PAIRS = 5_000_000  # indicator x distinct-value table handed to DuckDB
MAX_PLACES = 9  # decimals of any entry's points; beyond, integers could overflow
GLOB = frozenset("*?[]{}")  # DuckDB reads a file name with these as a pattern
BLOCK = 1 << 20


class NotBulk(Exception):
    """The columnar reader does not take this round; the message says why (``said``,
    as catalog data; ``str()`` is its English)."""

    def __init__(self, said: Msg):
        self.said = said
        super().__init__(said.text("en"))

    def __reduce__(self) -> tuple[type[NotBulk], tuple[Msg]]:
        # a worker process hands it back whole, with its message as data
        return (NotBulk, (self.said,))


def in_file(path: Path, why: Msg) -> NotBulk:
    """Why a bulk reader does not take the file ``path``."""
    return NotBulk(msg("round.bulk.in_file", file=path.name, why=why))


def available() -> bool:
    return importlib.util.find_spec("duckdb") is not None


def read_bulk(
    scheme: Scheme, communities: dict[str, Community], files: Sequence[Path]
) -> dict[tuple[str, str], StageSums]:
    """Every review in ``files`` as sums; raises NotBulk when the ordinary reader must
    read the round instead."""
    if not available():
        raise NotBulk(msg("round.bulk.no_duckdb"))
    if not communities:
        raise NotBulk(msg("round.bulk.no_register"))
    if any(f.suffix.lower() != ".csv" for f in files):
        raise NotBulk(msg("round.bulk.not_csv"))
    layout = _Layout(scheme)
    import duckdb

    con = duckdb.connect(
        config={"threads": max(1, os.cpu_count() or 1), "preserve_insertion_order": False}
    )
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"CREATE TYPE ind_t AS ENUM ({_sql_list(layout.codes)})")
        out: dict[tuple[str, str], StageSums] = {}
        for path in files:
            for key, sums in _read_file(con, layout, communities, path):
                if key in out:
                    raise NotBulk(msg("round.bulk.second_review", stage=key[1], community=key[0]))
                out[key] = sums
        return out
    except duckdb.InterruptException:  # Ctrl-C during the scan
        raise KeyboardInterrupt from None
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NotBulk(msg("round.bulk.duckdb", text=first)) from None
    finally:
        con.close()


class _Layout:
    """The scheme's entry indicators as codes, dimensions and bits."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.codes: list[str] = []
        self.dim_of: list[int] = []
        self.need_count: list[int] = []
        self.na_dims: list[int] = []  # dimensions with an indicator that allows n/a
        for k, dim in enumerate(scheme.dimensions):
            entry = [i for i in dim.indicators if i.kind != "survey"]
            for ind in entry:
                self.codes.append(ind.id)
                self.dim_of.append(k)
            self.need_count.append(len(entry))
            if any(i.allow_na for i in entry):
                self.na_dims.append(k)
        if not self.codes:
            raise NotBulk(msg("round.bulk.no_entry_indicators"))
        self.required = list(scheme.entry_required_ids)


def _sql_list(names: Sequence[str]) -> str:
    return ", ".join("'" + n.replace("'", "''") + "'" for n in names)


def _header(path: Path) -> dict[str, int]:
    """Column positions from the first line, which must be a plain UTF-8 header
    (ending in CRLF, LF or CR)."""
    if GLOB.intersection(str(path)):
        raise in_file(path, msg("round.bulk.pattern_name"))
    try:
        with open_regular(path) as fh:
            start = fh.read(65536)
    except OSError as exc:
        raise in_file(path, verbatim(str(exc))) from None
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
    ends = [i for i in (start.find(b"\n"), start.find(b"\r")) if i >= 0]
    if not ends:
        raise in_file(path, msg("round.bulk.no_line_end"))
    try:
        text = start[: min(ends)].decode("utf-8")
    except UnicodeDecodeError:
        raise in_file(path, msg("round.bulk.not_utf8")) from None
    if any(ch in text for ch in '"\t\x00') or not text.strip():
        raise in_file(path, msg("round.bulk.no_plain_header"))
    header = text.split(",")
    columns = match_columns(header, COLUMNS)
    if len(columns) < len(COLUMNS):
        raise in_file(path, msg("round.bulk.missing_columns"))
    columns["width"] = len(header)
    return columns


@dataclass
class _Scan:
    """One CSV file as DuckDB reads it: the table expression and its columns."""

    path: Path
    src: str
    col: dict[str, str]  # community, stage, indicator, value -> DuckDB column
    code: str  # the row's indicator code (NULL: not an entry indicator)

    @classmethod
    def of(cls, path: Path) -> _Scan:
        cols = _header(path)
        names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(cols["width"]))
        src = (
            "read_csv($file, header=true, auto_detect=false, delim=',', quote='\"', "
            f"escape='\"', max_line_size={LIMITS.max_csv_line}, columns={{{names}}})"
        )
        col = {k: f"c{cols[k]}" for k in COLUMNS}
        return cls(path, src, col, f"enum_code(TRY_CAST({col['indicator']} AS ind_t))::INTEGER")


@dataclass
class _Pairs:
    """The distinct (indicator, value) pairs of a file, scored: pair index
    ``code * len(values) + value index`` -> points (None: n/a), and the same as
    integer lists in units of ``1/unit`` for DuckDB."""

    values: list[str]
    scored: dict[int, Decimal | None]
    unit: int
    pts: list[int | None]
    nas: list[int | None]


def _read_file(
    con: Any, layout: _Layout, communities: dict[str, Community], path: Path
) -> list[tuple[tuple[str, str], StageSums]]:
    scan = _Scan.of(path)
    quirk: list[Msg | None] = [None]
    checking = threading.Thread(target=lambda: quirk.__setitem__(0, read_differently(path)))
    checking.start()  # while DuckDB scans (it releases the GIL)
    try:
        pairs = _score_pairs(con, layout, scan)
        sums = _sum_reviews(con, layout, communities, scan, pairs)
    finally:
        checking.join()
    if quirk[0] is not None:
        raise in_file(path, quirk[0])
    return sums


def _space_quote(buf: bytes) -> bool:
    """Whether a quote follows spaces or tabs at a field's start (after a comma or at
    a line's start) somewhere in ``buf``; a run of spaces from ``buf``'s start counts."""
    if b'"' not in buf:
        return False
    for pair in (b' "', b'\t"'):
        i = buf.find(pair)
        while i >= 0:
            j = i
            while j > 0 and buf[j - 1] in b" \t":
                j -= 1
            if j == 0 or buf[j - 1] in b",\r\n":
                return True
            i = buf.find(pair, i + 2)
    return False


def read_differently(path: Path) -> Msg | None:
    """Why DuckDB could read ``path`` otherwise than the ordinary reader, or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    tail = b""  # the end of the previous block, for a field start across blocks
    last_break = -1  # offset of the last line end seen
    pos = 0
    try:
        with open_regular(path) as fh:
            while block := fh.read(BLOCK):
                if b"\x00" in block:
                    return msg("round.bulk.nul_byte")
                if not block.isascii() or decoder.getstate()[0]:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError:
                        return msg("round.bulk.text_not_utf8")
                if _space_quote(tail + block):
                    return msg("round.bulk.space_quote")
                at = max(block.rfind(b"\n"), block.rfind(b"\r"))
                if at >= 0:
                    last_break = pos + at
                pos += len(block)
                tail = block[-64:]
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return msg("round.bulk.text_not_utf8")
    except OSError as exc:
        return verbatim(str(exc))
    if pos - last_break - 1 > LIMITS.max_csv_line:
        return msg("round.bulk.last_line_long")
    return None


def _score_pairs(con: Any, layout: _Layout, scan: _Scan) -> _Pairs:
    """Scan 1: the distinct (indicator, value) pairs, scored as the ordinary reader would."""
    path = scan.path
    found = con.execute(
        f"SELECT {scan.code} AS code, {scan.col['value']} AS value FROM {scan.src} GROUP BY ALL",
        {"file": str(scan.path)},
    ).fetchall()
    scheme = layout.scheme
    values = sorted({v for _, v in found if v is not None})
    nv = len(values)
    if nv * len(layout.codes) > MAX_PAIRS:
        raise in_file(path, msg("round.bulk.too_many_values"))
    vcode = {v: k for k, v in enumerate(values)}
    scored: dict[int, Decimal | None] = {}
    for k, value in found:
        if k is None:
            raise in_file(path, msg("round.bulk.no_entry_indicator"))
        if value is None or any(ch in value for ch in '"\r\n'):
            raise in_file(path, msg("round.bulk.blank_or_quoted"))
        ind = scheme.indicators[layout.codes[k]]
        try:
            parsed = parse_entry(ind, value.strip())
        except EntryError:
            raise in_file(path, msg("round.bulk.invalid_value")) from None
        with localcontext(EXACT):
            points = None if parsed is NA else plan_points(plan_for(scheme).points[ind.id], parsed)
        scored[k * nv + vcode[value]] = points
    places = max(
        [0]
        + [-int(p.as_tuple().exponent) for p in scored.values() if p is not None]
        + [-int(scheme.indicators[i].max.as_tuple().exponent) for i in layout.codes]
    )
    if places > MAX_PLACES:
        raise in_file(path, msg("round.bulk.too_many_decimals", places=MAX_PLACES))
    unit = 10**places
    pts: list[int | None] = [None] * (nv * len(layout.codes))
    nas: list[int | None] = [None] * (nv * len(layout.codes))
    for idx, p in scored.items():
        if p is None:
            pts[idx], nas[idx] = 0, int(scheme.indicators[layout.codes[idx // nv]].max * unit)
        else:
            pts[idx], nas[idx] = int(p * unit), 0
    return _Pairs(values, scored, unit, pts, nas)


def _sum_reviews(
    con: Any, layout: _Layout, communities: dict[str, Community], scan: _Scan, pairs: _Pairs
) -> list[tuple[tuple[str, str], StageSums]]:
    """Scan 2: per review, its entries, bitmasks of the indicators present, sums per
    dimension and the values of required indicators."""
    scheme = layout.scheme
    c, code, nv = scan.col, scan.code, len(pairs.values)
    con.execute("DROP TYPE IF EXISTS val_t")
    con.execute("CREATE TYPE val_t AS ENUM (SELECT unnest($v))", {"v": pairs.values or [""]})
    n_codes = len(layout.codes)
    n_masks = (n_codes + 61) // 62
    masks = "".join(
        f", bit_or(CASE WHEN code // 62 = {m} THEN 1::BIGINT << (code % 62) ELSE 0 END)"
        for m in range(n_masks)
    )
    n_dims = len(scheme.dimensions)
    # BIGINT (not DuckDB's HUGEINT sums): exact integers all the way into Python
    dim_sums = "".join(
        f", sum(p) FILTER (WHERE d = {k})::BIGINT" if layout.need_count[k] else ", 0::BIGINT"
        for k in range(n_dims)
    )
    na_sums = "".join(f", sum(na) FILTER (WHERE d = {k})::BIGINT" for k in layout.na_dims)
    required = "".join(
        f", max(pair) FILTER (WHERE code = {layout.codes.index(r)})" for r in layout.required
    )
    result = con.execute(
        f"""
        SELECT community, stage, count(*) {masks} {dim_sums} {na_sums} {required}
        FROM (
            SELECT community, stage, code, $dims[code + 1] AS d, $pts[pair + 1] AS p,
                   $nas[pair + 1] AS na, pair
            FROM (
                SELECT {c["community"]} AS community, {c["stage"]} AS stage, {code} AS code,
                       {code} * {nv} + enum_code(TRY_CAST({c["value"]} AS val_t))::INTEGER AS pair
                FROM {scan.src}
            )
        )
        GROUP BY community, stage
        """,
        {"file": str(scan.path), "dims": layout.dim_of, "pts": pairs.pts, "nas": pairs.nas},
    )
    rows = _fetch_rows(result)
    # every code once: n_codes rows and every bit set
    full = [(1 << min(62, n_codes - 62 * m)) - 1 for m in range(n_masks)]
    first_dim = 3 + n_masks
    first_na = first_dim + n_dims
    first_req = first_na + len(layout.na_dims)
    stage_ids = set(scheme.stage_ids)
    source = Source(display_path(scan.path))
    zeros = (0,) * n_dims
    out = []
    for row in rows:
        community, stage, count = row[0], row[1], row[2]
        if community not in communities or stage not in stage_ids:
            raise in_file(
                scan.path,
                msg("round.bulk.unknown_community_or_stage", unit=scheme.unit_words()),
            )
        if count != n_codes or list(row[3:first_dim]) != full:
            raise in_file(scan.path, msg("round.bulk.duplicate_or_missing_entry"))
        points = row[first_dim:first_na]
        na = zeros
        if layout.na_dims:
            na_list = [0] * n_dims
            for k, x in zip(layout.na_dims, row[first_na:first_req], strict=True):
                na_list[k] = x
            na = tuple(na_list)
        required = tuple(pairs.scored[pair] for pair in row[first_req:])
        sums = StageSums(community, stage, source, pairs.unit, points, na, required)
        out.append(((community, stage), sums))
    return out


def _fetch_rows(result: Any) -> list[tuple[Any, ...]]:
    """The result's rows; through NumPy columns when it is installed (5x faster)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return list(result.fetchall())
    cols = result.fetchnumpy()
    return list(zip(*(col.tolist() for col in cols.values()), strict=True))
