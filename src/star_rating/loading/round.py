"""Load a round folder: round.yaml, the register, reviews, surveys and appeals.

Every problem in every file is collected before anything is scored; paths
named in a round never lead out of its folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from star_rating.catalog import LANGS, Msg, msg, verbatim
from star_rating.entries import EntryError, parse_entry
from star_rating.errors import Collector, UsageError, display_path
from star_rating.loading.csvfile import nfc
from star_rating.loading.limits import open_regular, path_kind, special_kind
from star_rating.loading.modelcheck import validate
from star_rating.loading.register import read_register
from star_rating.loading.reviews import REVIEW_SUFFIXES, ReviewReader, listing, near, said
from star_rating.loading.scheme import load_scheme
from star_rating.loading.surveys import SurveyReader
from star_rating.loading.yamlpos import Doc, load_file
from star_rating.models.round import (
    Appeal,
    Community,
    Entries,
    Review,
    Round,
    Source,
    SurveyTally,
)
from star_rating.models.scheme import (
    Panel,
    StarCount,
    Strict,
    SurveyIndicator,
    Text,
    tr,
)
from star_rating.progress import SILENT, Progress
from star_rating.scheme import Scheme, Words

DEFAULT_ANSWERS: dict[str, Fraction] = {
    "满意": Fraction(1),
    "基本满意": Fraction(1),
    "不太满意": Fraction(0),
    "不满意": Fraction(0),
    "satisfied": Fraction(1),
    "basically satisfied": Fraction(1),
    "somewhat dissatisfied": Fraction(0),
    "dissatisfied": Fraction(0),
}


class Notice(Strict):
    start: str = Field(description="First day of the public notice (公示), YYYY-MM-DD.")
    end: str = Field(description="Last day of the public notice.")


class RoundFile(Strict):
    """``round.yaml``: what the round is and where its files are."""

    title: Text = Field(description="Title of the round, e.g. 2022年度星级和谐社区评定.")
    year: int | None = Field(None, description="Year assessed.")
    scheme: str = Field("builtin", description="`builtin` or a path to a scheme folder.")
    register_: str = Field(
        "communities.csv", alias="register", description="Register CSV: id,name,street."
    )
    reviews: str | list[str] = Field("reviews/", description="Folder or list of review files.")
    surveys: str | list[str] | None = Field("surveys/", description="Folder or list of CSVs.")
    appeals: str | None = Field(None, description="Appeals file (default appeals.yaml if present).")
    notice: Notice | None = Field(None, description="Public notice period.")
    applications: Literal["up_to", "exact"] | None = Field(
        None,
        description="How the register's `applied` column (stars applied for) limits a result: "
        "up_to (at most that level) or exact (that level or none); without it `applied` is "
        "shown but does not limit.",
    )
    description: Text | None = None


class AppealFile(Strict):
    community: str
    stage: str
    reviewer: str | None = Field(
        None, description="The reviewer whose review is corrected (a panel stage only)."
    )
    indicator: str
    value: Any = Field(description="The corrected entry.")
    reason: str = Field(min_length=1)
    decided_by: str = Field(min_length=1)
    date: str


def _sha(path: Path) -> str:
    """sha256 of a regular file, read in blocks (a province's review CSV is hundreds of MB)."""
    with open_regular(path) as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def inside(path: Path, root: Path, resolved_root: Path | None = None) -> bool:
    try:
        path.resolve().relative_to(resolved_root or root.resolve())
        return True
    except (ValueError, OSError):
        return False


def read_round_doc(root: Path, col: Collector) -> tuple[Doc | None, RoundFile | None]:
    """round.yaml as a positioned document and as the checked model."""
    doc = load_file(root / "round.yaml", col)
    if doc is None:
        return None, None
    if not isinstance(doc.data, dict):
        col.add(doc.file, 1, 1, msg("round.yaml_not_mapping"), "type")
        return doc, None
    return doc, validate(RoundFile, doc, col)


def read_round_file(root: Path, col: Collector) -> RoundFile | None:
    return read_round_doc(root, col)[1]


class _RoundLoader:
    def __init__(self, root: Path, col: Collector):
        self.root = root
        self.col = col
        self.hashes: dict[str, str] = {}
        self.paths: list[Path] = []
        self._hashed: set[Path] = set()
        self.real_root = root.resolve()
        self.doc: Doc | None = None
        self.refused: set[str] = set()  # keys of round.yaml with a path that was refused

    def where(self, key: str) -> tuple[int | None, int | None]:
        if self.doc is None:
            return None, None
        return self.doc.where((key,))

    def problem(self, key: str, message: Msg, rule: str = "path") -> None:
        """A problem with the value of ``key`` in round.yaml."""
        line, c = self.where(key)
        self.col.add(display_path(self.root / "round.yaml"), line, c, message, rule)

    def path(self, key: str, rel: str) -> Path | None:
        """``rel`` under the round folder, or None (reported) when it leads out."""
        if "\x00" in rel or len(rel) > 1024:
            self.problem(key, msg("round.path.unusable_file_name", setting=key, rel=rel[:80]))
            self.refused.add(key)
            return None
        p = self.root / rel
        if Path(rel).is_absolute() or not inside(p, self.root):
            self.problem(key, msg("round.path.outside", setting=key, rel=rel))
            self.refused.add(key)
            return None
        return p

    def not_regular(self, f: Path) -> None:
        """A FIFO, device or socket where a file is expected: one error, never opened."""
        self.col.add(
            display_path(f),
            None,
            None,
            msg("round.path.special", kind=special_kind(f)),
            "not-a-file",
        )

    def files(self, key: str, spec: str | list[str], suffixes: tuple[str, ...]) -> list[Path]:
        specs = [spec] if isinstance(spec, str) else spec
        out: list[Path] = []
        for rel in specs:
            p = self.path(key, rel)
            if p is None:
                continue
            kind = path_kind(p)
            if kind == "dir":
                folders: dict[Path, bool] = {}  # folder -> resolves inside the round
                for f in sorted(p.rglob("*")):
                    if f.name.startswith((".", "~$")) or f.suffix.lower() not in suffixes:
                        continue
                    if not self._inside(f, folders):
                        self.col.add(
                            display_path(f),
                            None,
                            None,
                            msg("round.path.link_outside"),
                            "path",
                        )
                        self.refused.add(key)
                        continue
                    f_kind = path_kind(f)
                    if f_kind == "special":
                        self.not_regular(f)
                        self.refused.add(key)
                    if f_kind != "file":
                        continue
                    out.append(f)
            elif kind == "file":
                out.append(p)
            elif kind == "special":
                self.not_regular(p)
                self.refused.add(key)
            else:
                self.refused.add(key)
                line, c = self.where(key)
                why = "round.path.not_found" if kind == "missing" else "round.path.unusable_name"
                self.col.add(
                    display_path(self.root / "round.yaml"),
                    line,
                    c,
                    msg(why, setting=key, rel=rel[:80]),
                    "path",
                )
        return out

    def _inside(self, f: Path, folders: dict[Path, bool]) -> bool:
        """``inside(f, root)``, resolving each folder once: a file that is not a link
        resolves to its folder's resolved path plus its name."""
        if os.path.islink(f):
            return inside(f, self.root, self.real_root)
        ok = folders.get(f.parent)
        if ok is None:
            ok = folders[f.parent] = inside(f.parent, self.root, self.real_root)
        return ok

    def hash(self, path: Path) -> None:
        """Record an input file and its sha256 (once, however often it is named)."""
        if path in self._hashed:
            return
        self._hashed.add(path)
        self.paths.append(path)
        try:
            key = path.relative_to(self.root).as_posix()
        except ValueError:  # pragma: no cover - inputs stay inside the round
            key = path.name
        with contextlib.suppress(OSError):
            self.hashes[key] = _sha(path)


def load_round(
    path: Path,
    criteria: Path | None = None,
    collector: Collector | None = None,
    progress: Progress = SILENT,
) -> Round:
    """Load and check a round folder; raises ProblemsFound listing every error."""
    root = Path(path)
    if root.is_file() and root.name == "round.yaml":
        root = root.parent
    kind = path_kind(root / "round.yaml")
    if kind == "special":
        where = display_path(root / "round.yaml")
        raise UsageError(
            msg("round.not_regular_file", where=where, kind=special_kind(root / "round.yaml"))
        )
    if kind != "file":
        if path_kind(root / "scheme.yaml") == "file":
            raise UsageError(msg("round.is_scheme_folder", path=display_path(root)))
        raise UsageError(msg("round.not_round_folder", path=display_path(root)))
    own = collector is None
    col = collector or Collector()
    before = len(col.errors)
    ld = _RoundLoader(root, col)
    ld.doc, head = read_round_doc(root, col)
    if head is None:
        col.check()
        raise AssertionError("unreachable")  # pragma: no cover
    ld.hash(root / "round.yaml")
    if criteria is not None:
        scheme_ref: Path | str = criteria
    elif head.scheme == "builtin":
        scheme_ref = "builtin"
    else:
        scheme_ref = root / head.scheme
        if path_kind(scheme_ref) in ("missing", "bad"):
            ld.problem("scheme", msg("round.scheme_not_found", scheme=head.scheme[:80]))
            col.check()
    scheme = load_scheme(scheme_ref, col)
    communities = _register(ld, head, col, scheme)
    reader = ReviewReader(scheme, col)
    reviews: dict[tuple[str, str], Review] = {}
    panels: dict[tuple[str, str], list[Review]] = {}  # panel stages: a review per reviewer
    by_panel = {s.id: s.panel for s in scheme.stages if s.panel is not None}
    review_files = ld.files("reviews", head.reviews, REVIEW_SUFFIXES)
    unknown = _Unknown("reviews", scheme.unit_words())
    progress.task(msg("round.progress.reviews"), len(review_files))
    # a review file that yielded nothing but errors, or a reviews path refused
    unreadable = "reviews" in ld.refused
    for f in review_files:
        progress.advance()
        ld.hash(f)
        errors_before = len(col.errors)
        read = reader.read(f)
        if not read and len(col.errors) > errors_before:
            unreadable = True
        for review in read:
            _place(review, reviews, communities, scheme.stage_ids, col, unknown, panels, by_panel)
            reader.check_complete(review)
            _check_evidence(ld, review)
    unknown.report(col, communities)
    _check_panels(scheme, communities, panels, col)
    surveys = _surveys(ld, head, scheme, communities, col)
    appeals = _appeals(ld, head, scheme, reviews, col, panels)
    if not unreadable:  # else "no review" for every community would only repeat that error
        _check_stages(scheme, communities, [*reviews, *panels], col)
    _check_deciding_prerequisites(scheme, reader, reviews, panels)
    if own or len(col.errors) > before:
        col.check()
    title = tr(head.title, "zh")
    return Round(
        scheme=scheme,
        communities=communities,
        reviews=reviews,
        surveys=surveys,
        appeals=appeals,
        title=title,
        year=head.year,
        root=root,
        hashes={**scheme.hashes, **dict(sorted(ld.hashes.items()))},
        notice=head.notice.model_dump() if head.notice else {},
        name=root.resolve().name,
        applications=head.applications,
        has_applied=any(c.applied is not None for c in communities.values()),
        panels={k: sorted(v, key=lambda r: r.reviewer or "") for k, v in panels.items()},
        titles={code: tr(head.title, code) for code in LANGS},  # round.yaml's own title
        files=[
            *ld.paths,
            *(
                scheme.root / k.removeprefix("scheme/")
                for k in scheme.hashes
                if scheme.root is not None
            ),
        ],
    )


def _register(
    ld: _RoundLoader, head: RoundFile, col: Collector, scheme: Scheme
) -> dict[str, Community]:
    p = ld.path("register", head.register_)
    if p is None:
        return {}
    if path_kind(p) == "file":
        ld.hash(p)
    levels: set[StarCount] = {lv.stars for lv in scheme.head.levels}
    return read_register(
        p, col, levels=levels, unit=scheme.unit_words(), units=scheme.unit_words(plural=True)
    )


class _Unknown:
    """Unknown community ids, reported once per file and id, with the first place and
    how often (one register line missing must not give an error per survey row)."""

    def __init__(self, what: str, unit: Words):
        self.what = what  # "rows", "reviews"
        self.unit = unit  # the scheme's word for what is rated
        self.seen: dict[tuple[str, str], tuple[Source, list[int]]] = {}

    def add(self, cid: str, src: Source) -> None:
        got = self.seen.get((src.file, cid))
        if got is None:
            self.seen[(src.file, cid)] = (src, [1])
        else:
            got[1][0] += 1

    def report(self, col: Collector, communities: dict[str, Community]) -> None:
        for (_, cid), (src, (n,)) in self.seen.items():
            many = verbatim("")
            if n > 1:
                first = (
                    msg("round.at_line", line=src.line)
                    if src.line is not None and not src.cell
                    else str(src)
                )
                many = msg(f"round.unknown_unit.in_{self.what}", n=n, first=first)
            col.add(
                *src.place(),
                msg(
                    "round.unknown_unit",
                    unit=self.unit,
                    id=cid,
                    near=near(cid, communities),
                    many=many,
                ),
                "unknown-id",
            )
        self.seen.clear()


def _place(
    review: Review,
    reviews: dict[tuple[str, str], Review],
    communities: dict[str, Community],
    stages: tuple[str, ...],
    col: Collector,
    unknown: _Unknown,
    panels: dict[tuple[str, str], list[Review]] | None = None,
    by_panel: dict[str, Panel] | None = None,
) -> None:
    """File a review under its community and stage; a panel stage's under its reviewer
    (``panels``; ``by_panel``: the scheme's panel stages)."""
    src = review.source
    ok = True
    if communities and review.community not in communities:
        unknown.add(review.community, src)
        ok = False
    if review.stage not in stages:
        col.add(
            *src.place(),
            msg(
                "round.unknown_stage",
                stage=review.stage,
                near=near(review.stage, stages),
                known=listing(stages),
            ),
            "unknown-id",
        )
        ok = False
    key = (review.community, review.stage)
    if by_panel and panels is not None and review.stage in by_panel:
        if not review.reviewer:
            col.add(
                *src.place(),
                msg("round.review.no_reviewer", stage=review.stage, community=review.community),
                "missing-reviewer",
            )
            return
        group = panels.setdefault(key, []) if ok else panels.get(key, [])
        first = next((r for r in group if r.reviewer == review.reviewer), None)
        if first is not None:
            col.add(
                *src.place(),
                msg(
                    "round.review.duplicate_reviewer",
                    reviewer=review.reviewer,
                    stage=review.stage,
                    community=review.community,
                    first=str(first.source),
                ),
                "duplicate-reviewer",
            )
        elif ok:
            group.append(review)
        return
    if key in reviews:
        col.add(
            *src.place(),
            msg(
                "round.review.duplicate",
                stage=review.stage,
                community=review.community,
                first=str(reviews[key].source),
            ),
            "duplicate-review",
        )
        ok = False
    if ok:
        reviews[key] = review


def _check_panels(
    scheme: Scheme,
    communities: dict[str, Community],
    panels: dict[tuple[str, str], list[Review]],
    col: Collector,
) -> None:
    """Enough reviewers for every panel, and reviewers who agree on what is n/a."""
    from star_rating.engine.panels import fewest

    by_panel = {s.id: s.panel for s in scheme.stages if s.panel is not None}
    for (cid, stage), group in panels.items():
        panel = by_panel[stage]
        need = fewest(panel)
        if len(group) < need:
            c = communities.get(cid)
            src = (c.source if c else None) or group[0].source
            names = listing(sorted(r.reviewer or "" for r in group))
            if panel.aggregate == "trimmed" and need > panel.min_reviewers:
                why = msg("round.panel.why_trimmed", trim=panel.trim, twice=2 * (panel.trim or 0))
            else:
                why = msg("round.panel.why_min", min=panel.min_reviewers)
            col.add(
                *src.place(),
                msg(
                    "round.panel.size_one" if len(group) == 1 else "round.panel.size_many",
                    unit=scheme.unit_words(),
                    id=cid,
                    n=len(group),
                    stage=stage,
                    names=names,
                    why=why,
                ),
                "panel-size",
            )
        _check_na(scheme, cid, stage, group, col)


def _check_na(scheme: Scheme, cid: str, stage: str, group: list[Review], col: Collector) -> None:
    """A panel's reviewers agree on which indicators are n/a (whether an indicator applies
    is a fact about the community, not a judgement)."""
    from star_rating.entries import NA

    if len(group) < 2:
        return
    for ind_id in scheme.indicators:
        na = [r for r in group if (e := r.entries.get(ind_id)) is not None and e.value is NA]
        if not na or len(na) == len(group):
            continue
        given = [r for r in group if (e := r.entries.get(ind_id)) is not None and e.value is not NA]
        if not given:
            continue
        col.add(
            *na[0].entries[ind_id].source.place(),
            msg(
                "round.panel.na_disagree",
                stage=stage,
                community=cid,
                indicator=ind_id,
                na=listing(r.reviewer or "" for r in na),
                given=listing(r.reviewer or "" for r in given),
            ),
            "panel-na",
        )


def _check_evidence(ld: _RoundLoader, review: Review) -> None:
    for ind_id, names in review.evidence.items():
        for name in names:
            p = ld.root / name
            if Path(name).is_absolute() or not inside(p, ld.root):
                ld.col.add(
                    *review.source.place(),
                    msg("round.review.evidence_outside", name=name, indicator=ind_id),
                    "path",
                )
            elif path_kind(p) in ("missing", "bad"):
                ld.col.add(
                    *review.source.place(),
                    msg("round.review.evidence_missing", name=name, indicator=ind_id),
                    "path",
                )


def _check_stages(
    scheme: Any,
    communities: dict[str, Community],
    reviews: Iterable[tuple[str, str]],
    col: Collector,
) -> None:
    unit = scheme.unit_words()
    present: dict[str, list[str]] = {}
    for community, stage in reviews:
        present.setdefault(community, []).append(stage)
    for cid, c in communities.items():
        have = present.get(cid, [])
        src = c.source or Source("register")
        if not have:
            col.add(
                *src.place(),
                msg("round.stage.no_reviews", unit=unit, id=cid, name=c.name),
                "missing-stage",
            )
            continue
        if scheme.head.missing_stage == "error":
            missing = [s for s in scheme.stage_ids if s not in have]
            if missing:
                col.add(
                    *src.place(),
                    msg(
                        "round.stage.missing",
                        unit=unit,
                        id=cid,
                        name=c.name,
                        stages=listing(missing),
                    ),
                    "missing-stage",
                )


def _check_deciding_prerequisites(
    scheme: Any,
    reader: ReviewReader,
    reviews: dict[tuple[str, str], Review],
    panels: dict[tuple[str, str], list[Review]],
) -> None:
    """Prerequisites are entered in the deciding stage (the last one present), also
    when that is not the scheme's last stage (missing_stage: renormalize)."""
    if not any(i.kind == "prerequisite" for i in scheme.indicators.values()):
        return
    last: dict[str, str] = {}
    order = {s: k for k, s in enumerate(scheme.stage_ids)}
    for cid, stage in [*reviews, *panels]:
        if stage in order and order[stage] > order.get(last.get(cid, ""), -1):
            last[cid] = stage
    for cid, stage in last.items():
        if stage == scheme.stage_ids[-1]:
            continue  # checked with every review of the last stage
        one = reviews.get((cid, stage))
        for review in [one] if one is not None else panels.get((cid, stage), []):
            reader.check_complete(review, deciding=True)


def answer_scale(ind: SurveyIndicator) -> dict[str, Fraction]:
    if ind.answers is None:
        return DEFAULT_ANSWERS
    return {k.strip().casefold(): Fraction(v) for k, v in ind.answers.items()}


def _surveys(
    ld: _RoundLoader,
    head: RoundFile,
    scheme: Any,
    communities: dict[str, Community],
    col: Collector,
) -> dict[tuple[str, str], SurveyTally]:
    survey_inds = [i for i in scheme.indicators.values() if isinstance(i, SurveyIndicator)]
    if not survey_inds:
        return {}
    if head.surveys is None:
        ld.problem("surveys", msg("round.no_surveys"), "missing")
        return {}
    # count answers first (community, question, answer) -> n, then tally per indicator
    unknown = _Unknown("rows", scheme.unit_words())
    reader = SurveyReader(communities, col, unknown)
    unreadable = "surveys" in ld.refused  # a survey path refused or a file unreadable
    for f in ld.files("surveys", head.surveys, (".csv",)):
        ld.hash(f)
        if not reader.read(f):
            unreadable = True
    reader.check_repeats()
    counts, files = reader.counts, reader.files
    shared: dict[frozenset[str], frozenset[str]] = {}  # one set per set of files
    tallies: dict[tuple[str, str], SurveyTally] = {}
    for ind in survey_inds:
        scale = answer_scale(ind)
        for (cid, question, answer), n in counts.items():
            if ind.question is not None and question != ind.question:
                continue
            tally = tallies.get((cid, ind.id))
            if tally is None:
                read = frozenset(files[cid])
                tally = tallies[(cid, ind.id)] = SurveyTally(
                    ind.id, cid, files=shared.setdefault(read, read)
                )
            weight = scale.get(answer.casefold())
            if weight is None:
                tally.invalid += n
            else:
                tally.valid += n
                tally.weight_sum += weight * n
    unknown.report(col, communities)
    if unreadable or "surveys" in ld.refused:
        # the sample check would only repeat that error for every community
        return tallies
    survey_place = display_path(
        ld.root / (head.surveys if isinstance(head.surveys, str) else head.surveys[0])
    )
    unit = scheme.unit_words()
    for cid in communities:
        for ind in survey_inds:
            tally = tallies.get((cid, ind.id))
            valid = tally.valid if tally else 0
            if valid < ind.min_responses:
                col.add(
                    survey_place,
                    None,
                    None,
                    msg(
                        "round.survey.sample",
                        unit=unit,
                        id=cid,
                        valid=valid,
                        invalid=(
                            msg("round.survey.sample_invalid", n=tally.invalid)
                            if tally and tally.invalid
                            else verbatim("")
                        ),
                        indicator=ind.id,
                        question=(
                            msg("round.survey.sample_question", question=ind.question)
                            if ind.question
                            else verbatim("")
                        ),
                        min=ind.min_responses,
                    ),
                    "survey-sample",
                )
    return tallies


def _appeals(
    ld: _RoundLoader,
    head: RoundFile,
    scheme: Any,
    reviews: dict[tuple[str, str], Review],
    col: Collector,
    panels: dict[tuple[str, str], list[Review]] | None = None,
) -> list[Appeal]:
    rel = head.appeals or ("appeals.yaml" if (ld.root / "appeals.yaml").exists() else None)
    if rel is None:
        return []
    p = ld.path("appeals", rel)
    if p is None:
        return []
    doc = load_file(p, col)
    if doc is None:
        return []
    ld.hash(p)
    if not isinstance(doc.data, list):
        col.add(
            doc.file,
            1,
            1,
            msg("round.appeal.not_list"),
            "type",
        )
        return []
    out = []
    for i, item in enumerate(doc.data):
        line, c = doc.where((i,))
        model = validate(AppealFile, doc, col, base=(i,), data=item)
        if model is None:
            continue
        community, stage = nfc(model.community), nfc(model.stage)
        indicator = nfc(model.indicator)
        vline, vcol = doc.where((i, "value"))
        review = reviews.get((community, stage))
        group = (panels or {}).get((community, stage))
        if group is not None:  # a panel stage: the appeal names the reviewer
            who = nfc(model.reviewer) if model.reviewer else None
            review = next((r for r in group if r.reviewer == who), None)
            if review is None:
                col.add(
                    doc.file,
                    line,
                    c,
                    msg(
                        "round.appeal.no_review_by" if who else "round.appeal.name_reviewer",
                        community=community,
                        stage=stage,
                        reviewer=who,
                        names=listing(sorted(r.reviewer or "" for r in group)),
                    ),
                    "unknown-id",
                )
                continue
        if review is None:
            col.add(
                doc.file,
                line,
                c,
                msg("round.appeal.no_review", community=community, stage=stage),
                "unknown-id",
            )
            continue
        ind = scheme.indicators.get(indicator)
        if ind is None:
            iline, icol = doc.where((i, "indicator"))
            col.add(
                doc.file,
                iline,
                icol,
                msg(
                    "round.unknown_indicator",
                    indicator=indicator,
                    near=near(indicator, scheme.indicators),
                ),
                "unknown-id",
            )
            continue
        try:
            value = parse_entry(ind, model.value)
        except EntryError as exc:
            col.add(doc.file, vline, vcol, msg("round.appeal.entry", error=said(exc)), "entry")
            continue
        entry = review.entries.get(indicator)
        src = Source(doc.file, vline, vcol)
        appeal = Appeal(
            community,
            stage,
            indicator,
            model.value,
            value,
            model.reason,
            model.decided_by,
            model.date,
            src,
            before_raw=entry.raw if entry else None,
            before_value=entry.value if entry else None,
        )
        if entry is not None:
            if entry.appeal is not None:
                col.add(
                    doc.file,
                    line,
                    c,
                    msg(
                        "round.appeal.duplicate",
                        indicator=indicator,
                        community=community,
                        stage=stage,
                        first=str(entry.appeal.source),
                    ),
                    "duplicate-appeal",
                )
                continue
            if isinstance(review.entries, Entries):
                review.entries.appeal(indicator, appeal)
            else:  # a review made by hand, entries as a dict
                entry.appeal, entry.value = appeal, value
        out.append(appeal)
    return out
