"""Review files (YAML, JSON, long CSV) into :class:`Review` objects, every entry checked."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from star_rating.catalog import Msg, msg, verbatim
from star_rating.entries import EntryError, parse_entry, to_number
from star_rating.errors import Collector, display_path
from star_rating.loading.csvfile import nfc, read_csv
from star_rating.loading.modelcheck import validate
from star_rating.loading.yamlpos import Doc, load_file
from star_rating.models.review import ReviewFile
from star_rating.models.round import BonusItem, Entries, EntryTable, Review, Source, VetoMark
from star_rating.models.scheme import SurveyIndicator
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
        reviews: dict[tuple[str, str, str], Review] = {}
        # a panel stage has a review per reviewer: its rows are grouped by reviewer too
        panel_stages = {s.id for s in self.scheme.stages if s.panel is not None}
        ci, si, ii, vi = (table.columns[k] for k in ("community", "stage", "indicator", "value"))
        ri, ni = table.columns.get("reviewer"), table.columns.get("note")
        need = max(ci, si, ii, vi) + 1  # a shorter row is padded with blank cells
        index, file = self.table.index, table.file
        texts_of = self.table.by_indicator.get
        last: tuple[str, str, str] | None = None
        review: Review | None = None
        put: Any = None  # the review's Entries.add_line (None: entries kept otherwise)
        for line, row in table.rows:
            if len(row) < need:
                row = row + [""] * (need - len(row))
            community, stage = row[ci].strip(), row[si].strip()
            indicator, value = row[ii].strip(), row[vi].strip()
            reviewer = row[ri].strip() if ri is not None and ri < len(row) else ""
            if not community or not stage or not indicator:
                missing = [
                    n
                    for n, v in (
                        ("community", community),
                        ("stage", stage),
                        ("indicator", indicator),
                    )
                    if not v
                ]
                self.col.add(
                    table.file,
                    line,
                    None,
                    msg("round.review.empty_cells", columns=listing(missing)),
                    "missing",
                )
                continue
            key = (community, stage, reviewer if stage in panel_stages else "")
            if key != last:  # a review's rows usually follow one another
                review = reviews.get(key)
                if review is None:
                    review = reviews[key] = self.new_review(
                        community, stage, Source(table.file, line)
                    )
                last = key
                entries = review.entries
                put = entries.add_line if isinstance(entries, Entries) else None
            if reviewer and not review.reviewer:
                review.reviewer = reviewer
            if indicator == "bonus":
                try:
                    points = to_number(value, msg("round.review.bonus_points"))
                except EntryError as exc:
                    self.col.add(table.file, line, None, said(exc), "entry")
                    continue
                note = row[ni].strip() if ni is not None and ni < len(row) else ""
                self.add_bonus(review, points, note, Source(file, line))
            elif indicator == "veto":
                self.add_veto(review, value, Source(file, line))
            else:
                texts = texts_of(indicator)
                vid = texts.get(value) if texts is not None else None
                if vid is None or put is None or not put(index[indicator], vid, file, line):
                    # read before, nothing to check: kept as it is; else checked in full
                    self.add_entry(review, indicator, value, Source(file, line), normalized=True)
        if table.broken:  # its error says it all: nothing read from it counts
            return []
        return list(reviews.values())

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
        vid = self.table.known(ind_id, raw)
        if vid is None:
            try:
                value = parse_entry(ind, raw)
            except EntryError as exc:
                self.col.add(*src.place(), said(exc), "entry")
                review.reject(ind_id)
                return
            vid = self.table.add(ind_id, raw, value)
        entries.add(ind_id, vid, src)

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
        review.bonus.append(BonusItem(value, reason, src))

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
        review.vetoes.append(VetoMark(name, src))

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
