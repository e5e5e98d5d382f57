"""Review files (YAML, JSON, long CSV) into :class:`Review` objects, every entry checked."""

from __future__ import annotations

import contextlib
import difflib
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from star_rating.catalog import Msg, msg, verbatim
from star_rating.entries import EntryError, parse_entry, to_number
from star_rating.errors import Collector, display_path
from star_rating.loading.csvfile import CsvTable, has_text, nfc, read_csv
from star_rating.loading.csvscan import Piece, blank, coded, memory_pool, read_table
from star_rating.loading.modelcheck import validate
from star_rating.loading.yamlpos import Doc, load_file
from star_rating.models.review import ReviewFile
from star_rating.models.round import (
    SHORT,
    BonusItem,
    Entries,
    EntryTable,
    Review,
    Source,
    VetoMark,
)
from star_rating.models.scheme import Indicator, SurveyIndicator
from star_rating.scheme import Scheme, Words

REVIEW_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")


def near(name: str, choices: Iterable[str]) -> Msg:
    """The closest of ``choices`` to a name that is not one of them, as a message
    parameter (`` (did you mean 'x'?)``), or nothing."""
    m = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return msg("round.near", match=m[0]) if m else verbatim("")


def listing(items: Iterable[str]) -> Words:
    """Ids or names as a message parameter: ``a、b`` in Chinese, ``a, b`` in English."""
    shown = list(items)
    return Words("、".join(shown), ", ".join(shown))


def said(exc: Exception) -> Msg:
    """The message an error carries (its own text when it carries none)."""
    carried = getattr(exc, "said", None)
    return carried if isinstance(carried, Msg) else verbatim(str(exc))


class ReviewReader:
    """Reads review files for one scheme, collecting problems."""

    def __init__(self, scheme: Scheme, collector: Collector):
        self.scheme = scheme
        self.col = collector
        # text entries repeat ("1", "0.5", "是"): each (indicator, text) is parsed once
        # and its value shared by every entry that gives it
        self.table = EntryTable(scheme.indicators)
        # indicators a review enters (survey indicators take no entry)
        self._entered = sum(not isinstance(i, SurveyIndicator) for i in scheme.indicators.values())

    # -- files ---------------------------------------------------------------

    def read(self, path: Path) -> list[Review]:
        """The reviews in one file, their ids in Unicode normal form C (as the register's)."""
        suffix = path.suffix.lower()
        reviews: list[Review] | None = None
        if suffix in (".yaml", ".yml", ".json"):
            reviews = self._read_doc(path)
        elif suffix == ".csv":
            reviews = self._read_csv(path)
        elif suffix == ".xlsx":
            from star_rating.loading.xlsxforms import read_forms

            reviews = read_forms(path, self)
        if reviews is not None:
            for review in reviews:
                review.community = nfc(review.community)
                review.stage = nfc(review.stage)
                if review.reviewer is not None:
                    review.reviewer = nfc(review.reviewer)
            return reviews
        self.col.add(
            display_path(path),
            None,
            None,
            msg("round.review.file_type", suffix=suffix, known=listing(REVIEW_SUFFIXES)),
            "file-type",
        )
        return []

    def _read_doc(self, path: Path) -> list[Review]:
        doc = load_file(path, self.col)
        if doc is None:
            return []
        if isinstance(doc.data, dict):
            items: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
        elif isinstance(doc.data, list):
            items = [((i,), item) for i, item in enumerate(doc.data)]
        else:
            self.col.add(
                doc.file,
                1,
                1,
                msg("round.review.not_mapping_or_list"),
                "type",
            )
            return []
        out = []
        for base, data in items:
            review = self._from_doc(doc, base, data)
            if review is not None:
                out.append(review)
        return out

    def _from_doc(self, doc: Doc, base: tuple[Any, ...], data: Any) -> Review | None:
        if not isinstance(data, dict):
            line, c = doc.where(base)
            self.col.add(doc.file, line, c, msg("round.review.not_mapping"), "type")
            return None
        model = validate(ReviewFile, doc, self.col, base=base, data=data)
        if model is None:
            return None
        line, _ = doc.where(base)
        review = self.new_review(
            model.community,
            model.stage,
            Source(doc.file, line),
            reviewer=model.reviewer,
            date=model.date,
            notes=model.notes,
            evidence={k: [v] if isinstance(v, str) else list(v) for k, v in model.evidence.items()},
        )
        for ind_id, raw in model.entries.items():
            eline, ecol = doc.where((*base, "entries", ind_id))
            self.add_entry(review, ind_id, raw, Source(doc.file, eline, ecol))
        for k, b in enumerate(model.bonus):
            bline, bcol = doc.where((*base, "bonus", k))
            self.add_bonus(review, b.points, b.reason, Source(doc.file, bline, bcol))
        for k, v in enumerate(model.vetoes):
            vline, vcol = doc.where((*base, "vetoes", k))
            self.add_veto(review, v, Source(doc.file, vline, vcol))
        for ind_id in model.evidence:
            if ind_id not in self.scheme.indicators:
                eline, ecol = doc.where((*base, "evidence", ind_id), key=True)
                self.col.add(
                    doc.file,
                    eline,
                    ecol,
                    msg(
                        "round.review.evidence_unknown_indicator",
                        indicator=ind_id,
                        near=near(ind_id, self.scheme.indicators),
                    ),
                    "unknown-id",
                )
        return review

    def _read_csv(self, path: Path) -> list[Review]:
        table = read_csv(
            path, self.col, ("community", "stage", "indicator", "value"), ("reviewer", "note")
        )
        if table is None:
            return []
        rows = read_table(path, table, self.col.problems, lambda: _CsvReviews(self, table))
        if table.broken:  # its error says it all: nothing read from it counts
            return []
        return list(rows.reviews.values())

    # -- entries ---------------------------------------------------------------

    def add_entry(
        self, review: Review, ind_id: str, raw: Any, src: Source, normalized: bool = False
    ) -> None:
        """Check and keep one entry (``normalized``: its text is NFC already, as CSV's is)."""
        if not normalized:
            ind_id = nfc(ind_id)
            if isinstance(raw, str):
                raw = nfc(raw)
            elif isinstance(raw, list):  # checklist item ids
                raw = [nfc(x) if isinstance(x, str) else x for x in raw]
        ind = self.scheme.indicators.get(ind_id)
        if ind is None:
            self.col.add(
                *src.place(),
                msg(
                    "round.unknown_indicator",
                    indicator=ind_id,
                    near=near(ind_id, self.scheme.indicators),
                ),
                "unknown-id",
            )
            return
        entries = review.entries
        assert isinstance(entries, Entries)  # made by this reader (new_review)
        ind_id = ind.id  # the scheme's own string: one copy for every entry
        if ind_id in entries:
            self._second_entry(review, ind_id, src)
            return
        try:
            vid = self.value_id(ind, raw)
        except EntryError as exc:
            self.col.add(*src.place(), said(exc), "entry")
            review.reject(ind_id)
            return
        entries.add(ind_id, vid, src)

    def value_id(self, ind: Indicator, raw: Any) -> int:
        """The value id of what was entered for an indicator, parsed now if it is new
        to the round; raises EntryError if it does not parse."""
        vid = self.table.known(ind.id, raw)
        if vid is None:
            vid = self.table.add(ind.id, raw, parse_entry(ind, raw))
        return vid

    def _second_entry(self, review: Review, ind_id: str, src: Source) -> None:
        self.col.add(
            *src.place(),
            msg(
                "round.review.second_entry",
                indicator=ind_id,
                stage=review.stage,
                community=review.community,
                first=str(review.entries[ind_id].source),
            ),
            "duplicate-entry",
        )

    def new_review(self, community: str, stage: str, source: Source, **kw: Any) -> Review:
        """A review whose entries this reader keeps (compact, sharing its values)."""
        return Review(community, stage, source, entries=Entries(self.table), **kw)

    def add_bonus(self, review: Review, points: Any, reason: str, src: Source) -> None:
        if self.scheme.head.bonus is None:
            self.col.add(
                *src.place(),
                msg("round.review.no_bonus"),
                "bonus",
            )
            return
        try:
            value = to_number(points, msg("round.review.bonus_points"))
        except EntryError as exc:
            self.col.add(*src.place(), said(exc), "bonus")
            return
        if value < 0:
            self.col.add(*src.place(), msg("round.review.bonus_negative", points=value), "bonus")
            return
        review.bonus = [*review.bonus, BonusItem(value, reason, src)]

    def add_veto(self, review: Review, veto: Any, src: Source) -> None:
        name = nfc(str(veto).strip())
        if name not in self.scheme.veto_ids:
            vetoes = sorted(self.scheme.veto_ids)
            self.col.add(
                *src.place(),
                msg(
                    "round.unknown_veto",
                    veto=name,
                    near=near(name, self.scheme.veto_ids),
                    known=listing(vetoes) if vetoes else msg("round.none"),
                ),
                "unknown-id",
            )
            return
        review.vetoes = [*review.vetoes, VetoMark(name, src)]

    def check_complete(self, review: Review, deciding: bool | None = None) -> None:
        """Every non-survey indicator has an entry; a prerequisite only where it counts,
        in the deciding stage (``deciding`` None: the review is of the last stage)."""
        if deciding is None:
            deciding = review.stage == self.scheme.stage_ids[-1]
        entries = review.entries
        if isinstance(entries, Entries) and entries.count == self._entered:
            return  # an entry for every indicator a review can enter: the common case
        missing = [
            i.id
            for i in self.scheme.indicators.values()
            if not isinstance(i, SurveyIndicator)
            and (deciding or i.kind != "prerequisite")
            and i.id not in entries
            and i.id not in review.invalid
        ]
        if missing:
            shown: Msg | Words = listing(missing[:12])
            if len(missing) > 12:
                shown = msg("round.ids_and_more", ids=shown, more=len(missing) - 12)
            self.col.add(
                *review.source.place(),
                msg(
                    "round.review.missing_entry",
                    stage=review.stage,
                    community=review.community,
                    missing=shown,
                ),
                "missing-entry",
            )


def check_review_files(
    paths: list[Path], criteria: Path | None, round_root: Path | None, col: Collector
) -> None:
    """``validate`` on lone review files: against --criteria, the enclosing round's scheme
    or the built-in default."""
    from star_rating.loading.scheme import load_scheme

    scheme_ref: Path | str = criteria or "builtin"
    if criteria is None and round_root is not None:
        from star_rating.loading.round import read_round_file

        head = read_round_file(round_root, col)
        if head is not None:
            scheme_ref = head.scheme if head.scheme == "builtin" else round_root / head.scheme
    scheme = load_scheme(scheme_ref, col)
    reader = ReviewReader(scheme, col)
    panel_stages = {s.id for s in scheme.stages if s.panel is not None}
    for path in paths:
        for review in reader.read(path):
            if review.stage not in scheme.stage_ids:
                col.add(
                    *review.source.place(),
                    msg(
                        "round.unknown_stage",
                        stage=review.stage,
                        near=near(review.stage, scheme.stage_ids),
                        known=listing(scheme.stage_ids),
                    ),
                    "unknown-id",
                )
            elif review.stage in panel_stages and not review.reviewer:
                col.add(
                    *review.source.place(),
                    msg(
                        "round.review.no_reviewer_short",
                        stage=review.stage,
                        community=review.community,
                    ),
                    "missing-reviewer",
                )
            reader.check_complete(review)


class _CsvReviews:
    """The reviews of one long CSV table.  Its rows are read as columns, a piece of
    rows at a time (:meth:`columnar`); a row that is not a plain entry (bonus, veto,
    a blank cell, an unknown indicator, a value that does not parse, a second entry,
    a row of another cell count) is read on its own by :meth:`one`, in its place.
    A file the column scan cannot follow is read row by row with :meth:`one`."""

    def __init__(self, reader: ReviewReader, table: CsvTable):
        self.reader = reader
        self.file = table.file
        self.table = table
        self.reviews: dict[tuple[str, str, str], Review] = {}
        # a panel stage has a review per reviewer: its rows are grouped by reviewer too
        self.panel_stages = {s.id for s in reader.scheme.stages if s.panel is not None}
        cols = table.columns
        self.ci, self.si, self.ii, self.vi = (
            cols[k] for k in ("community", "stage", "indicator", "value")
        )
        self.ri, self.ni = cols.get("reviewer"), cols.get("note")
        self.need = max(self.ci, self.si, self.ii, self.vi) + 1  # shorter rows: blank cells
        self.last: tuple[str, str, str] | None = None
        self.review: Review | None = None
        self.put: Any = None  # the review's Entries.add_line (None: entries kept otherwise)
        # reviews whose lines come in the same order share one array of offsets
        self.shared_offsets: dict[bytes, array[int]] = {}

    MAX_SHARED = 4096  # distinct orders of lines kept for sharing

    def _offsets(self, short: bytes | None, wide: Any) -> array[int]:
        """A review's line offsets: short integers shared with every review of the same
        order (``short``: their bytes), else full integers of its own (``wide``)."""
        if short is None:
            return array("i", wide.tobytes())
        got = self.shared_offsets.get(short)
        if got is None:
            got = array("h", short)
            if len(self.shared_offsets) < self.MAX_SHARED:
                self.shared_offsets[short] = got
        return got

    # -- a row at a time -------------------------------------------------------

    def one(self, line: int, row: list[str]) -> None:
        """Read one row (its cells as read, NFC)."""
        rd = self.reader
        file = self.file
        if len(row) < self.need:
            row = row + [""] * (self.need - len(row))
        community, stage = row[self.ci].strip(), row[self.si].strip()
        indicator, value = row[self.ii].strip(), row[self.vi].strip()
        ri = self.ri
        reviewer = row[ri].strip() if ri is not None and ri < len(row) else ""
        if not community or not stage or not indicator:
            missing = [
                n
                for n, v in (("community", community), ("stage", stage), ("indicator", indicator))
                if not v
            ]
            rd.col.add(
                file,
                line,
                None,
                msg("round.review.empty_cells", columns=listing(missing)),
                "missing",
            )
            return
        key = (community, stage, reviewer if stage in self.panel_stages else "")
        review = self.review
        if key != self.last or review is None:  # a review's rows usually follow one another
            review = self.reviews.get(key)
            if review is None:
                review = self.reviews[key] = rd.new_review(community, stage, Source(file, line))
            self.last, self.review = key, review
            entries = review.entries
            self.put = entries.add_line if isinstance(entries, Entries) else None
        if reviewer and not review.reviewer:
            review.reviewer = reviewer
        if indicator == "bonus":
            try:
                points = to_number(value, msg("round.review.bonus_points"))
            except EntryError as exc:
                rd.col.add(file, line, None, said(exc), "entry")
                return
            ni = self.ni
            note = row[ni].strip() if ni is not None and ni < len(row) else ""
            rd.add_bonus(review, points, note, Source(file, line))
        elif indicator == "veto":
            rd.add_veto(review, value, Source(file, line))
        else:
            texts = rd.table.by_indicator.get(indicator)
            vid = texts.get(value) if texts is not None else None
            put = self.put
            if vid is None or put is None or not put(rd.table.index[indicator], vid, file, line):
                # read before, nothing to check: kept as it is; else checked in full
                rd.add_entry(review, indicator, value, Source(file, line), normalized=True)

    # -- columns ---------------------------------------------------------------

    def odd(self, line: int, row: list[str]) -> None:
        """A row read on its own between pieces of columns."""
        self.last = None
        self.one(line, row)

    def piece(self, piece: Piece) -> None:
        """Rows as Arrow columns: the plain entries of the piece go straight into their
        reviews' arrays; every other row is read by :meth:`one`, in file order."""
        import numpy as np

        rd = self.reader
        cols = piece.columns
        n = len(piece)
        pool = memory_pool()
        lines = piece.lines

        c_at, c_text = coded(cols, self.ci, pool)
        s_at, s_text = coded(cols, self.si, pool)
        i_at, i_text = coded(cols, self.ii, pool)
        v_at, v_text = coded(cols, self.vi, pool)
        r_at, r_text = coded(cols, self.ri, pool)
        # each row's review, (community, stage, reviewer on a panel stage) as a code;
        # -1 for a row with a blank community, stage or indicator
        panel = np.array([t in self.panel_stages for t in s_text], dtype=bool)
        code = (c_at * len(s_text) + s_at) * len(r_text) + np.where(panel[s_at], r_at, 0)
        code[blank(c_text)[c_at] | blank(s_text)[s_at] | blank(i_text)[i_at]] = -1
        # a review's rows mostly follow one another: its reviews by runs of rows
        runs = np.flatnonzero(code[1:] != code[:-1]) + 1
        runs = np.concatenate(([0], runs)) if n else runs
        run_code = code[runs]
        revs: list[Review] = []
        run_rev = np.full(len(runs), -1, dtype=np.int64)
        seen: dict[int, int] = {}  # review code -> number in revs
        numbers: dict[int, int] = {}  # id of a review -> its number in revs
        for j, c in enumerate(run_code.tolist()):
            if c < 0:
                continue
            k = seen.get(c)
            if k is None:
                at = int(runs[j])
                stage = s_text[s_at[at]]
                reviewer = r_text[r_at[at]] if stage in self.panel_stages else ""
                review = self._review((c_text[c_at[at]], stage, reviewer), int(lines[at]))
                k = seen[c] = numbers.setdefault(id(review), len(revs))
                if k == len(revs):
                    revs.append(review)
            run_rev[j] = k
        rev = np.repeat(run_rev, np.diff(np.append(runs, n)))
        if self.ri is not None:  # a review's reviewer: the first one given
            named = np.flatnonzero((rev >= 0) & ~blank(r_text)[r_at])
            if len(named):
                _, firsts = np.unique(rev[named], return_index=True)
                for at in named[firsts].tolist():
                    review = revs[rev[at]]
                    if not review.reviewer:
                        review.reviewer = r_text[r_at[at]]
        # each row's indicator and value id (-1: read on its own)
        index = rd.table.index
        width = len(rd.table.ids)
        slot = np.array([index.get(t, -1) for t in i_text], dtype=np.int64)[i_at]
        slot[rev < 0] = -1
        entered = slot >= 0
        pairs = np.zeros((width, len(v_text)), dtype=bool)
        pairs[slot[entered], v_at[entered]] = True
        lookup = np.full((width, len(v_text)), -1, dtype=np.int64)
        for s_, v_ in zip(*(x.tolist() for x in np.nonzero(pairs)), strict=True):
            # a value that does not parse: its rows are read on their own, which says why
            with contextlib.suppress(EntryError):
                lookup[s_, v_] = rd.value_id(rd.scheme.indicators[rd.table.ids[s_]], v_text[v_])
        vid = np.where(entered, lookup[slot, v_at], -1)
        # a plain entry: a known value, the only row of its (review, indicator) in the
        # piece, and none kept before in that review
        plain = vid >= 0
        # a cell given twice (once maybe with a value that does not parse): the rows
        # after the first are read on their own, after it, so they find it
        cell = np.where(entered, rev * width + slot, -1)
        some = np.flatnonzero(entered)
        if len(some) and np.bincount(cell[some]).max() > 1:
            order = some[np.argsort(cell[some], kind="stable")]
            plain[order[1:][cell[order][1:] == cell[order][:-1]]] = False
        rows = np.flatnonzero(plain)
        touched, local = np.unique(rev[rows], return_inverse=True)
        grid = np.full((len(touched), width), -1, dtype=np.int32)
        grid[local, slot[rows]] = vid[rows]
        at_line = np.zeros((len(touched), width), dtype=np.int64)
        at_line[local, slot[rows]] = lines[rows]
        filled = grid >= 0
        counts = filled.sum(axis=1).tolist()
        # each review's lines as offsets from its first: short integers where they fit
        bases = np.where(filled, at_line, np.iinfo(np.int64).max).min(axis=1)
        offsets = np.where(filled, at_line - bases[:, None], 0)
        short_ids = bool(grid.max(initial=0) <= SHORT)
        vid_code, vid_rows = ("h", grid.astype(np.int16)) if short_ids else ("i", grid)
        short_lines = (offsets.max(axis=1, initial=0) <= SHORT).tolist()
        off16, off32 = offsets.astype(np.int16), offsets.astype(np.int32)
        for k, r in enumerate(touched.tolist()):
            entries = revs[r].entries
            if (
                not isinstance(entries, Entries)
                or entries.positions.typecode == "q"
                or entries.file not in (None, self.file)
            ):
                plain[rows[local == k]] = False  # kept otherwise: its rows on their own
                continue
            if entries.count == 0:
                entries.adopt(
                    array(vid_code, vid_rows[k].tobytes()),
                    self._offsets(off16[k].tobytes() if short_lines[k] else None, off32[k]),
                    int(bases[k]),
                    counts[k],
                    self.file,
                    shared=short_lines[k],
                )
                continue
            entries.widen()  # written in place: full integers, lines from 0
            had = np.frombuffer(entries.vids, dtype=np.int32)
            fill = filled[k]
            clash = fill & (had >= 0)
            if clash.any():  # entered before this piece: such rows on their own
                mine = rows[local == k]
                plain[mine[clash[slot[mine]]]] = False
                fill = fill & ~clash
                counts[k] = int(fill.sum())
            np.copyto(had, grid[k], where=fill)
            lines_of = np.frombuffer(entries.positions, dtype=np.int32)
            np.copyto(lines_of, at_line[k], where=fill, casting="unsafe")
            entries.wrote(counts[k], self.file)
        rest = np.flatnonzero(~plain)
        if not len(rest):
            return
        cells = [c.take(rest).to_pylist() for c in cols]
        self.last = None
        for k, at in enumerate(rest.tolist()):
            row = [nfc(col[k]) for col in cells]
            if has_text(row):
                self.one(int(lines[at]), row)

    def _review(self, key: tuple[str, str, str], line: int) -> Review:
        """The review of (community, stage, reviewer), made at ``line`` if it is new."""
        review = self.reviews.get(key)
        if review is None:
            source = Source(self.file, line)
            review = self.reviews[key] = self.reader.new_review(key[0], key[1], source)
        return review
