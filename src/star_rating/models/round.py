"""A loaded round: register, reviews, survey tallies and appeals, with sources."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from star_rating.entries import Value
from star_rating.models.scheme import StarCount
from star_rating.scheme import Scheme


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None  # xlsx: sheet!A1

    def place(self) -> tuple[str, int | None, int | None]:
        """(file, line, column) for a problem; an xlsx cell goes into the file part."""
        if self.cell:
            return f"{self.file}!{self.cell}", None, None
        return self.file, self.line, self.column

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}!{self.cell}"
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Community:
    id: str
    name: str
    street: str
    households: int | None = None
    source: Source | None = None
    applied: StarCount | None = None  # stars applied for (申报星级); None: blank or no column

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "street": self.street}


@dataclass(frozen=True, slots=True)
class Appeal:
    community: str
    stage: str
    indicator: str
    raw: Any
    value: Value
    reason: str
    decided_by: str
    date: str
    source: Source
    before_raw: Any = None
    before_value: Value | None = None


@dataclass(slots=True)
class Entry:
    indicator: str
    raw: Any
    value: Value
    source: Source
    appeal: Appeal | None = None


class EntryTable:
    """What a round's entries share: the scheme's indicator ids, each with an index,
    and every distinct (indicator, raw value) read, parsed once.  Entries refer to a
    value by its index here (a *value id*)."""

    MAX_KEYS = 5_000_000  # distinct values remembered; past this a value is kept alone

    def __init__(self, indicator_ids: Iterable[str]):
        self.ids: tuple[str, ...] = tuple(indicator_ids)
        self.index: dict[str, int] = {k: i for i, k in enumerate(self.ids)}
        self.values: list[tuple[Any, Value]] = []  # value id -> (raw, parsed)
        self.owner: list[str] = []  # value id -> its indicator
        # indicator -> what was written for it so far (see `spelling`) -> value id
        self.by_indicator: dict[str, dict[Any, int]] = {}
        self._shared = 0  # spellings in by_indicator

    @staticmethod
    def spelling(raw: Any) -> Any:
        """What a raw value is known by: text as it is; a YAML number or boolean by its
        type and exact spelling (``1``, ``1.0`` and ``true`` stay apart, as they are
        shown apart); a list of texts (checklist items) as a tuple; None for anything
        else, which is kept on its own."""
        if isinstance(raw, str):
            return raw
        if isinstance(raw, bool | int | float | Decimal):
            return (type(raw), repr(raw))
        if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            return (list, tuple(raw))
        return None

    def known(self, ind_id: str, raw: Any) -> int | None:
        """The value id of this raw value of this indicator, if read before."""
        key = self.spelling(raw)
        if key is None:
            return None
        known = self.by_indicator.get(ind_id)
        return known.get(key) if known is not None else None

    def add(self, ind_id: str, raw: Any, value: Value) -> int:
        vid = len(self.values)
        self.values.append((raw, value))
        self.owner.append(ind_id)
        key = self.spelling(raw)
        if key is not None and self._shared < self.MAX_KEYS:
            self.by_indicator.setdefault(ind_id, {})[key] = vid
            self._shared += 1
        return vid


_COL_BITS = 21
_MAX_LINE = (1 << 31) - 1
SHORT = (1 << 15) - 1  # the largest number a short ("h") array holds


class Entries(Mapping[str, Entry]):
    """One review's entries, compact: per indicator of the scheme a value id and a
    position in two arrays (the review's file is kept once; the line alone, as an
    offset from the review's ``_base`` line, or line and column packed once a column
    is given); an :class:`Entry` is made when one is read.  Both arrays are short
    integers while their numbers fit, and widen when one does not: a million entries
    from CSV take about 4 MB instead of the 250 MB of one object each."""

    __slots__ = (
        "_appeals",
        "_base",
        "_file",
        "_odd",
        "_own",
        "_pos",
        "_vid",
        "count",
        "table",
    )

    def __init__(self, table: EntryTable):
        self.table = table
        n = len(table.ids)
        self._vid = array("h", [-1]) * n
        self._pos = array("h", [0]) * n  # "h"/"i": line - _base; "q": line and column packed
        self._own = True  # False: _pos is shared with other reviews (copied before a write)
        self._base = 0
        self._file: str | None = None
        self._odd: dict[str, Source] | None = None
        self._appeals: dict[str, Appeal] | None = None
        self.count = 0  # entries kept

    @property
    def vids(self) -> array[int]:
        """Value id per indicator index (-1: no entry); appeals not applied."""
        return self._vid

    @property
    def appealed(self) -> bool:
        return bool(self._appeals)

    @property
    def positions(self) -> array[int]:
        """Per indicator index its line: after :meth:`widen`, the line itself."""
        return self._pos

    @property
    def file(self) -> str | None:
        """The file the entries were read from (None: none yet)."""
        return self._file

    def wrote(self, count: int, file: str) -> None:
        """``count`` entries from ``file`` were written into the widened arrays."""
        self.count += count
        self._file = file

    def adopt(
        self,
        vids: array[int],
        offsets: array[int],
        base: int,
        count: int,
        file: str,
        shared: bool = False,
    ) -> None:
        """Take a review's entries whole (it has none yet): value ids, line offsets
        from ``base`` (anything where there is no entry), all read from ``file``;
        ``shared``: other reviews hold the same offsets (the same order of lines), so
        they are copied before this review writes to them."""
        self._vid, self._pos, self._base = vids, offsets, base
        self.count, self._file = count, file
        self._own = not shared

    def _own_positions(self) -> None:
        if not self._own:
            self._pos = array(self._pos.typecode, self._pos)
            self._own = True

    def widen(self) -> None:
        """Value ids and lines as full integers, lines from 0 (to be written in place)."""
        self._own_positions()
        if self._vid.typecode == "h":
            self._vid = array("i", self._vid)
        if self._pos.typecode == "h" or (self._pos.typecode == "i" and self._base):
            base = self._base
            self._pos = array("i", (p + base for p in self._pos))
            self._base = 0

    def _put(self, i: int, vid: int, line: int | None, column: int = 0) -> None:
        """Keep value id ``vid`` at index ``i`` (``line`` None: its place is kept in
        ``_odd``)."""
        if vid > SHORT and self._vid.typecode == "h":
            self._vid = array("i", self._vid)
        self._vid[i] = vid
        self.count += 1
        if line is None:
            return
        self._own_positions()
        if column and self._pos.typecode != "q":  # positions with columns: pack both
            base = self._base
            self._pos = array("q", ((p + base) << _COL_BITS for p in self._pos))
            self._base = 0
        if self._pos.typecode == "q":
            self._pos[i] = (line << _COL_BITS) | column
            return
        offset = line - self._base
        if not -SHORT <= offset <= SHORT and self._pos.typecode == "h":
            self.widen()
            offset = line
        self._pos[i] = offset

    def add(self, ind_id: str, vid: int, src: Source) -> Source | None:
        """Keep an entry; if the indicator has one already, keep the first and return
        its source."""
        i = self.table.index[ind_id]
        if self._vid[i] >= 0:
            return self._source(ind_id, i)
        if self._file is None:
            self._file = src.file
        line, column = src.line or 0, src.column or 0
        if (
            src.file == self._file
            and not src.cell
            and 0 <= line <= _MAX_LINE
            and 0 <= column < (1 << _COL_BITS)
        ):
            self._put(i, vid, line, column)
            return None
        self._put(i, vid, None)
        if self._odd is None:
            self._odd = {}
        self._odd[ind_id] = src
        return None

    def add_line(self, i: int, vid: int, file: str, line: int) -> bool:
        """Keep the entry of indicator index ``i`` read at ``file:line``; False (nothing
        kept) if it has one already or comes from another file than the first."""
        if (
            self._vid[i] >= 0
            or (self._file is not None and file != self._file)
            or not 0 <= line <= _MAX_LINE
        ):
            return False
        self._file = file
        self._put(i, vid, line)
        return True

    def appealed_values(self) -> list[tuple[int, Value]]:
        """(indicator index, the value an appeal decided) for each appealed entry."""
        if not self._appeals:
            return []
        index = self.table.index
        return [(index[i], a.value) for i, a in self._appeals.items()]

    def appeal(self, ind_id: str, appeal: Appeal) -> None:
        """The value an appeal decided replaces the entry's (its raw text stays)."""
        if self._appeals is None:
            self._appeals = {}
        self._appeals[ind_id] = appeal

    def _source(self, ind_id: str, i: int) -> Source:
        if self._odd is not None and ind_id in self._odd:
            return self._odd[ind_id]
        pos = self._pos[i]
        if self._pos.typecode != "q":
            return Source(self._file or "", (pos + self._base) or None)
        line, column = pos >> _COL_BITS, pos & ((1 << _COL_BITS) - 1)
        return Source(self._file or "", line or None, column or None)

    def __getitem__(self, ind_id: str) -> Entry:
        i = self.table.index.get(ind_id)
        vid = -1 if i is None else self._vid[i]
        if vid < 0:
            raise KeyError(ind_id)
        assert i is not None
        raw, value = self.table.values[vid]
        appeal = self._appeals.get(ind_id) if self._appeals else None
        if appeal is not None:
            value = appeal.value
        return Entry(ind_id, raw, value, self._source(ind_id, i), appeal)

    def __contains__(self, ind_id: object) -> bool:
        i = self.table.index.get(ind_id)  # type: ignore[call-overload]
        return i is not None and self._vid[i] >= 0

    def __iter__(self) -> Iterator[str]:
        ids = self.table.ids
        return (ids[i] for i, v in enumerate(self._vid) if v >= 0)

    def __len__(self) -> int:
        return self.count


@dataclass(frozen=True, slots=True)
class BonusItem:
    points: Decimal
    reason: str
    source: Source


@dataclass(frozen=True, slots=True)
class VetoMark:
    id: str
    source: Source


NO_EVIDENCE: Mapping[str, list[str]] = MappingProxyType({})


@dataclass(slots=True)
class Review:
    community: str
    stage: str
    source: Source
    entries: Mapping[str, Entry] = field(default_factory=dict)  # Entries when read
    reviewer: str | None = None
    date: str | None = None
    # none of these, in most reviews: one shared empty value until the first
    bonus: Sequence[BonusItem] = ()
    vetoes: Sequence[VetoMark] = ()
    evidence: Mapping[str, list[str]] = field(default_factory=lambda: NO_EVIDENCE)
    notes: str | None = None
    # entries given but rejected (one shared empty set until the first)
    invalid: set[str] | frozenset[str] = frozenset()

    def reject(self, ind_id: str) -> None:
        """Note an entry that was given but refused (so it is not also "missing")."""
        if not self.invalid:
            self.invalid = set()
        assert isinstance(self.invalid, set)
        self.invalid.add(ind_id)


@dataclass(slots=True)
class SurveyTally:
    """Answers of one community to one survey indicator: how many counted, how many
    did not (blank or unknown), the sum of the counted answers' weights, and the
    files they were read from (one shared set for every community of the same files)."""

    indicator: str
    community: str
    valid: int = 0
    invalid: int = 0
    weight_sum: Fraction = Fraction(0)
    files: frozenset[str] = frozenset()

    @property
    def rate(self) -> Fraction | None:
        return self.weight_sum / self.valid if self.valid else None


@dataclass
class Round:
    scheme: Scheme
    communities: dict[str, Community]
    reviews: dict[tuple[str, str], Review]
    surveys: dict[tuple[str, str], SurveyTally] = field(default_factory=dict)
    appeals: list[Appeal] = field(default_factory=list)
    title: str = ""
    year: int | None = None
    root: Path | None = None
    hashes: dict[str, str] = field(default_factory=dict)
    notice: dict[str, str] = field(default_factory=dict)
    name: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)  # every input file read
    # round.yaml `applications`: up_to | exact; None: `applied` is shown, never limits
    applications: str | None = None
    has_applied: bool = False  # the register has an `applied` column
    # reviews of panel stages, several per community and stage, in reviewer order
    panels: dict[tuple[str, str], list[Review]] = field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or self.title or self.name
