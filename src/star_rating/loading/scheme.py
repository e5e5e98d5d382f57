"""Load a scheme folder and check the rules that span its files."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from star_rating.errors import Collector, UsageError, display_path
from star_rating.loading.limits import path_kind
from star_rating.loading.modelcheck import validate
from star_rating.loading.yamlpos import Doc, load_file
from star_rating.models.scheme import (
    BandsIndicator,
    ChecklistIndicator,
    Dimension,
    PrerequisiteIndicator,
    ScaleIndicator,
    SchemeFile,
    SurveyIndicator,
    quota_key,
)
from star_rating.scheme import Scheme

RESERVED_IDS = {"bonus", "veto", "n/a"}


def builtin_path() -> Path:
    """The default scheme shipped inside the package."""
    return Path(str(resources.files("star_rating") / "criteria"))


def resolve_scheme_path(path: Path | str) -> Path:
    """``builtin``, a scheme folder, or its scheme.yaml -> the scheme.yaml path."""
    if str(path) == "builtin":
        return builtin_path() / "scheme.yaml"
    p = Path(path)
    if path_kind(p) == "dir":
        p = p / "scheme.yaml"
    if path_kind(p) != "file":
        raise UsageError(f"{display_path(p)}: no such scheme (expected a folder with scheme.yaml)")
    return p


def load_scheme(path: Path | str, collector: Collector | None = None) -> Scheme:
    """Load and check a scheme; raises ProblemsFound listing every error."""
    own = collector is None
    col = collector or Collector()
    scheme = _load(resolve_scheme_path(path), col)
    if own:
        col.check()
    if scheme is None:
        col.check()
        raise AssertionError("scheme failed to load without a problem")  # pragma: no cover
    return scheme


def _scheme_key(path: Path, root: Path) -> str:
    try:
        return "scheme/" + path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # pragma: no cover - dimension files stay inside the scheme
        return "scheme/" + path.name


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load(scheme_yaml: Path, col: Collector) -> Scheme | None:
    before = len(col.errors)
    doc = load_file(scheme_yaml, col)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        col.add(doc.file, 1, 1, "expected a mapping of scheme keys (id, version, …)", "type")
        return None
    head = validate(SchemeFile, doc, col) if len(col.errors) == before else None
    root = scheme_yaml.parent
    files = _dimension_files(doc, root, col)
    dims: list[Dimension] = []
    dim_docs: list[Doc] = []
    hashes = {"scheme/scheme.yaml": _sha256(scheme_yaml)}
    complete = True  # every dimension file loaded
    for f in files:
        errors_before = len(col.errors)
        d = load_file(f, col)
        if d is None or len(col.errors) > errors_before:
            complete = False
            continue
        hashes[_scheme_key(f, scheme_yaml.parent)] = _sha256(f)
        if not isinstance(d.data, dict):
            col.add(d.file, 1, 1, "expected a mapping of dimension keys (id, name, max, …)", "type")
            continue
        dim = validate(Dimension, d, col)
        if dim is None:
            complete = False
        else:
            dims.append(dim)
            dim_docs.append(d)
    # rules across files run even when a file has errors of its own, as far as they can:
    # with a dimension missing, references to dimensions and indicators are not judged
    _cross_checks(head, doc, dims, dim_docs, col, complete)
    if len(col.errors) > before or head is None:
        return None
    return Scheme(
        head=head,
        dimensions=tuple(dims),
        root=root,
        hashes=hashes,
    )


def _dimension_files(doc: Doc, root: Path, col: Collector) -> list[Path]:
    spec = doc.data.get("dimensions", "dimensions/")
    if isinstance(spec, str):
        if "\x00" in spec or len(spec) > 1024:
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, f"{spec[:80]!r} is not a usable folder name", "path")
            return []
        folder = root / spec
        if not _inside(folder, root):
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, f"{spec!r} leads out of the scheme folder", "path")
            return []
        if path_kind(folder) != "dir":
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, f"dimension folder {spec!r} not found", "path")
            return []
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, f"no *.yaml files in {spec!r}", "path")
        return files
    if isinstance(spec, list):
        out = []
        for i, name in enumerate(spec):
            if not isinstance(name, str):
                continue
            p = root / name
            line, c = doc.where(("dimensions", i))
            if not _inside(p, root):
                col.add(doc.file, line, c, f"{name!r} leads out of the scheme folder", "path")
            elif path_kind(p) != "file":
                col.add(doc.file, line, c, f"dimension file {name!r} not found", "path")
            else:
                out.append(p)
        return out
    return []


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def _near(name: str, choices: Iterable[str]) -> str:
    m = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {m[0]!r}?)" if m else ""


def _cross_checks(
    head: SchemeFile | None,
    doc: Doc,
    dims: list[Dimension],
    dim_docs: list[Doc],
    col: Collector,
    complete: bool = True,
) -> None:
    def at(d: Doc, path: tuple[Any, ...], message: str, rule: str, severity: str = "error") -> None:
        from star_rating.loading.modelcheck import dotted

        line, c = d.where(path)
        col.add(d.file, line, c, message, rule, severity, dotted(d.data, path))  # type: ignore[arg-type]

    # ids unique across the whole scheme
    seen: dict[str, tuple[Doc, tuple[Any, ...]]] = {}

    def claim(ident: str, d: Doc, path: tuple[Any, ...], what: str) -> None:
        if ident in RESERVED_IDS:
            at(d, path, f"{what} id {ident!r} is reserved; choose another", "reserved-id")
        if ident in seen:
            first_doc, first_path = seen[ident]
            line, _ = first_doc.where(first_path)
            at(
                d,
                path,
                f"duplicate id {ident!r}: already used in {first_doc.file}:{line}",
                "duplicate-id",
            )
        else:
            seen[ident] = (d, path)

    # stage and veto ids as written, so that they count even if scheme.yaml has errors
    for key, what in (("stages", "stage"), ("vetoes", "veto")):
        for i, ident in _ids(doc.data.get(key)):
            claim(ident, doc, (key, i, "id"), what)
    indicators: dict[str, Any] = {}
    sums_ok = True
    for dim, d in zip(dims, dim_docs, strict=True):
        claim(dim.id, d, ("id",), "dimension")
        for j, ind in enumerate(dim.indicators):
            claim(ind.id, d, ("indicators", j, "id"), "indicator")
            indicators[ind.id] = ind
            _indicator_checks(ind, d, ("indicators", j), at)
        groups_ok = _alternatives_checks(dim, d, at)
        total = _dimension_sum(dim) if groups_ok else None
        if total is not None and total != dim.max:
            sums_ok = False  # the scale rule would only repeat this
            groups = " (each alternatives group once, at its largest member's max)"
            at(
                d,
                ("max",),
                f"dimension {dim.id!r} has max {dim.max} but its indicators add up to {total}"
                f"{groups if dim.alternatives else ''}",
                "dimension-max",
            )
        elif total is None:
            sums_ok = False

    veto_ids = {ident for _, ident in _ids(doc.data.get("vetoes"))}
    _references(doc, dims, indicators, veto_ids, at, complete)
    if doc.data.get("combine") == "final":  # the last stage present decides: no weights
        for i, st in _mappings(doc.data.get("stages")):
            if "weight" in st:
                at(
                    doc,
                    ("stages", i, "weight"),
                    f"stage {st.get('id')!r} has a weight, but combine: final takes the last "
                    "stage present and uses no weights; remove it, or use combine: weighted",
                    "unused-weight",
                    "warning",
                )
    if head is None:
        return

    # dimension maxima (or weights) add up to scale; with points_cap, scale is the cap
    full = sum((dim.full for dim in dims), Decimal(0))
    if head.points_cap is not None:
        _points_cap_checks(head, doc, full if complete and sums_ok and dims else None, at)
    elif complete and sums_ok and dims and full != head.scale:
        what = "weights and maxima" if any(d.weight for d in dims) else "maxima"
        at(
            doc,
            ("scale",),
            f"scale is {head.scale} but the dimension {what} add up to {full}",
            "scale",
        )

    # stage weights
    if head.combine == "weighted":
        missing = [s.id for s in head.stages if s.weight is None]
        if missing:
            at(
                doc,
                ("stages",),
                f"combine: weighted needs a weight on every stage; missing on {', '.join(missing)}",
                "stage-weights",
            )
        else:
            wsum = sum((s.weight or Decimal(0) for s in head.stages), Decimal(0))
            if wsum != 1:
                at(
                    doc,
                    ("stages",),
                    f"stage weights add up to {wsum}, expected exactly 1",
                    "stage-weights",
                )

    _level_order(head, doc, at)
    _prerequisite_levels(doc, dims, dim_docs, head, at)
    star_set = {lv.stars for lv in head.levels}
    raw = doc.data.get("quotas") if isinstance(doc.data, dict) else None
    written = {quota_key(k): k for k in raw} if isinstance(raw, dict) else {}
    for key in head.quotas:  # "5", "4.5", "4+": a quota names a level's stars
        stars = key.removesuffix("+")
        if Decimal(stars) not in star_set:
            at(
                doc,
                ("quotas", written.get(key, key)),
                f"quota for {_stars(key)}, but no level has {_stars(stars)}",
                "unknown-ref",
            )


def _dimension_sum(dim: Dimension) -> Decimal:
    """What a dimension's indicators add up to: each ``alternatives`` group once, at its
    largest member's max."""
    maxima = {i.id: i.max for i in dim.indicators}
    grouped = {i for group in dim.alternatives for i in group}
    total = sum((m for i, m in maxima.items() if i not in grouped), Decimal(0))
    return total + sum((max(maxima[i] for i in group) for group in dim.alternatives), Decimal(0))


def _alternatives_checks(dim: Dimension, d: Doc, at: Any) -> bool:
    """Each group names indicators of this dimension that score points, each at most
    once in the dimension's groups; False when a group cannot be used."""
    kinds = {i.id: i.kind for i in dim.indicators}
    seen: set[str] = set()
    ok = True
    for g, group in enumerate(dim.alternatives):
        for k, ident in enumerate(group):
            path = ("alternatives", g, k)
            kind = kinds.get(ident)
            if kind is None:
                ok = False
                at(
                    d,
                    path,
                    f"alternatives names {ident!r}, which is not an indicator of dimension "
                    f"{dim.id!r}{_near(ident, kinds)}; a group's members are indicators of "
                    "its own dimension",
                    "unknown-ref",
                )
            elif kind in ("survey", "prerequisite"):
                ok = False
                what = (
                    "is scored from the resident survey, the same in every review"
                    if kind == "survey"
                    else "is a prerequisite and scores no points"
                )
                at(
                    d,
                    path,
                    f"alternatives: {ident} {what}; alternatives compare the points of "
                    "entered indicators",
                    "value",
                )
            elif ident in seen:
                ok = False
                at(
                    d,
                    path,
                    f"alternatives names {ident} twice; an indicator belongs to one group "
                    "at most",
                    "duplicate-id",
                )
            seen.add(ident)
    return ok


def _points_cap_checks(head: SchemeFile, doc: Doc, full: Decimal | None, at: Any) -> None:
    """``points_cap``: ``scale`` equals it, and the dimensions can reach it."""
    cap = head.points_cap
    if head.scale != cap:
        at(
            doc,
            ("scale",),
            f"scale is {head.scale} but points_cap is {cap}; with points_cap, scale is the "
            "most a review counts from its dimensions: set scale to the cap",
            "scale",
        )
    if full is not None and cap is not None and full < cap:
        at(
            doc,
            ("points_cap",),
            f"points_cap is {cap} but the dimension maxima (or weights) add up to {full}; "
            "the cap can never be reached: expected a cap of at most their sum",
            "scale",
        )


def _prerequisite_levels(
    doc: Doc, dims: list[Dimension], dim_docs: list[Doc], head: SchemeFile, at: Any
) -> None:
    """A prerequisite's ``levels`` name levels of the scheme."""
    stars = {lv.stars for lv in head.levels}
    shown = ", ".join(str(lv.stars) for lv in head.levels)
    for dim, d in zip(dims, dim_docs, strict=True):
        for j, ind in enumerate(dim.indicators):
            if not isinstance(ind, PrerequisiteIndicator) or ind.levels is None:
                continue
            for k, level in enumerate(ind.levels):
                if level not in stars:
                    at(
                        d,
                        ("indicators", j, "levels", k),
                        f"prerequisite {ind.id} gates {_stars(level)}, but no level has "
                        f"{_stars(level)}; the scheme's levels: {shown}",
                        "unknown-ref",
                    )


def _stars(n: object) -> str:
    """``1 star``, ``4.5 stars``."""
    return f"{n} star" if str(n) == "1" else f"{n} stars"


def _level_order(head: SchemeFile, doc: Doc, at: Any) -> None:
    """Levels from the most stars to the fewest; min_total never rising as stars fall."""
    reach = head.scale + (head.bonus.cap if head.bonus else 0)
    for i, lv in enumerate(head.levels):
        if i:
            prev = head.levels[i - 1]
            if lv.stars == prev.stars:
                at(
                    doc,
                    ("levels", i, "stars"),
                    f"levels {i} and {i + 1} both have {_stars(lv.stars)}; "
                    "each level needs its own number of stars",
                    "level-order",
                )
            elif lv.stars > prev.stars:
                at(
                    doc,
                    ("levels", i, "stars"),
                    f"the {lv.stars}★ level (level {i + 1}) is listed after the {prev.stars}★ "
                    "level; levels go from the most stars to the fewest",
                    "level-order",
                )
            if lv.min_total > prev.min_total:
                at(
                    doc,
                    ("levels", i, "min_total"),
                    f"min_total {lv.min_total} of the {lv.stars}★ level is above "
                    f"{prev.min_total} of the {prev.stars}★ level listed before it; "
                    "min_total must not rise as stars fall",
                    "level-order",
                )
        if lv.min_total > reach:
            at(
                doc,
                ("levels", i, "min_total"),
                f"no total can reach {lv.min_total} (at most {reach})",
                "unreachable",
                "warning",
            )
    top = max(lv.stars for lv in head.levels)
    for i, cap in enumerate(head.max_stars_if):
        if cap.max_stars >= top:
            at(
                doc,
                ("max_stars_if", i, "max_stars"),
                f"max_stars_if {cap.indicator}: max_stars {cap.max_stars} caps nothing; "
                f"the highest level has {_stars(top)}",
                "unreachable",
                "warning",
            )


def _ids(value: Any) -> list[tuple[int, str]]:
    """The text ``id`` of each mapping in a list as written (index, id)."""
    if not isinstance(value, list):
        return []
    return [
        (i, item["id"])
        for i, item in enumerate(value)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _mappings(value: Any) -> list[tuple[int, dict[Any, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _number(value: Any) -> Decimal | None:
    """A number as written (``85%`` is 0.85), or None if it is not one."""
    from star_rating.models.scheme import read_percent

    value = read_percent(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    number = Decimal(value)
    return number if number.is_finite() else None


def _references(
    doc: Doc,
    dims: list[Dimension],
    indicators: dict[str, Any],
    veto_ids: set[str],
    at: Any,
    complete: bool,
) -> None:
    """What levels and caps name, checked on scheme.yaml as written: reported in the same
    run as the file's value errors.  ``complete``: every dimension loaded, so a name that
    is not found is unknown (not merely in a broken file)."""
    dim_by_id = {d.id: d for d in dims}
    for i, lv in _mappings(doc.data.get("levels")):
        for key in ("min_dimensions", "min_dimension_points"):
            floors = lv.get(key)
            for name, value in floors.items() if isinstance(floors, dict) else ():
                dim = dim_by_id.get(name)
                path = ("levels", i, key, name)
                if dim is None:
                    if complete:
                        at(
                            doc,
                            path,
                            f"{key} names unknown dimension {name!r}{_near(name, dim_by_id)}",
                            "unknown-ref",
                        )
                    continue
                points = _number(value) if key == "min_dimension_points" else None
                if points is not None and points > dim.full:
                    at(
                        doc,
                        path,
                        f"min_dimension_points {name}: {value} is above the dimension's full "
                        f"marks of {dim.full}; no community can reach it",
                        "unreachable",
                        "warning",
                    )
        require = lv.get("require")
        for k, req in enumerate(require if isinstance(require, list) else []):
            ident = req.get("indicator") if isinstance(req, dict) else req
            if not isinstance(ident, str):
                continue
            path = ("levels", i, "require", k)
            ind = indicators.get(ident)
            if ind is None and ident in veto_ids:
                at(
                    doc,
                    path,
                    f"require names the veto {ident!r}: a veto is recorded in a review "
                    f"(vetoes: [{ident}]) and withholds every level by itself; "
                    "require names indicators",
                    "veto-required",
                )
            elif ind is None and complete:
                at(
                    doc,
                    path,
                    f"require names unknown indicator {ident!r}{_near(ident, indicators)}",
                    "unknown-ref",
                )
            elif ind is not None and ind.kind == "prerequisite":
                at(
                    doc,
                    path,
                    f"require names the prerequisite {ident!r}: it scores no points, so "
                    "require would always hold; a prerequisite gates levels by itself "
                    "(its `levels`)",
                    "value",
                )
            elif ind is not None and isinstance(req, dict):
                need = _number(req.get("min"))
                if need is not None and need > ind.max:
                    at(
                        doc,
                        path,
                        f"require {ident} min {req.get('min')} is above its max {ind.max}",
                        "unreachable",
                        "warning",
                    )
    for i, cap in _mappings(doc.data.get("max_stars_if")):
        ident = cap.get("indicator")
        if not isinstance(ident, str):
            continue
        path = ("max_stars_if", i, "indicator")
        ind = indicators.get(ident)
        if ind is None:
            if ident in veto_ids:
                at(
                    doc,
                    path,
                    f"max_stars_if names the veto {ident!r}: a veto already withholds every "
                    "level; max_stars_if names indicators",
                    "veto-required",
                )
            elif complete:
                at(
                    doc,
                    path,
                    f"max_stars_if names unknown indicator {ident!r}{_near(ident, indicators)}",
                    "unknown-ref",
                )
            continue
        raw = cap.get("below")
        below = _number(raw)
        where = ("max_stars_if", i, "below")
        if ind.kind == "prerequisite":
            at(
                doc,
                path,
                f"max_stars_if names the prerequisite {ident!r}: it scores no points; "
                "give the prerequisite `levels` to say which levels it gates",
                "value",
            )
        elif ind.kind == "survey":
            if below is not None and below > 1:
                at(
                    doc,
                    where,
                    f"max_stars_if {ident}: below {raw} is above 1; for a survey indicator "
                    "it is the satisfaction rate, such as 0.6 or 60%",
                    "value",
                )
        elif isinstance(raw, str) and raw.strip().endswith(("%", "％")):
            at(
                doc,
                where,
                f"max_stars_if {ident}: below {raw!r} is a percentage, but {ident} is a "
                f"{ind.kind} indicator: below is its points in the deciding stage "
                f"(0 to {ind.max})",
                "value",
            )
        elif below is not None and below > ind.max:
            at(
                doc,
                where,
                f"max_stars_if {ident}: below {raw} is above its max {ind.max}; "
                "the cap holds for every community",
                "unreachable",
                "warning",
            )


def _indicator_checks(ind: Any, d: Doc, path: tuple[Any, ...], at: Any) -> None:
    if isinstance(ind, ScaleIndicator) and (ind.max / ind.step) % 1 != 0:
        at(
            d,
            (*path, "step"),
            f"{ind.id}: max {ind.max} is not a multiple of step {ind.step}; "
            "full marks cannot be entered",
            "unreachable",
            "warning",
        )
    if isinstance(ind, ChecklistIndicator):
        ids: set[str] = set()
        for k, item in enumerate(ind.items):
            if item.id in ids:
                at(
                    d,
                    (*path, "items", k, "id"),
                    f"{ind.id}: duplicate checklist item {item.id!r}",
                    "duplicate-id",
                )
            ids.add(item.id)
        total = sum((item.points for item in ind.items), Decimal(0))
        if total < ind.max:
            at(
                d,
                (*path, "items"),
                f"{ind.id}: items add up to {total}, less than max {ind.max}; "
                "full marks can never be reached",
                "unreachable",
                "warning",
            )
    bands = ind.bands if isinstance(ind, BandsIndicator | SurveyIndicator) else None
    if bands:
        for k, band in enumerate(bands):
            if band.points > ind.max:
                at(
                    d,
                    (*path, "bands", k, "points"),
                    f"{ind.id}: band points {band.points} above the indicator max {ind.max}",
                    "band-max",
                )
            if k and band.min >= bands[k - 1].min:
                at(
                    d,
                    (*path, "bands", k, "min"),
                    f"{ind.id}: bands must descend: min {band.min} after {bands[k - 1].min}",
                    "band-order",
                )
        if max(b.points for b in bands) < ind.max:
            at(
                d,
                (*path, "bands"),
                f"{ind.id}: no band gives full marks ({ind.max})",
                "unreachable",
                "warning",
            )
        if isinstance(ind, SurveyIndicator) and any(b.min > 1 or b.min < 0 for b in bands):
            at(
                d,
                (*path, "bands"),
                f"{ind.id}: survey bands are rates between 0 and 1",
                "band-range",
            )
