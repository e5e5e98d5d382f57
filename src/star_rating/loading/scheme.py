"""Load a scheme folder and check the rules that span its files."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from star_rating.catalog import Msg, msg
from star_rating.errors import Collector, UsageError, display_path
from star_rating.kinds import KINDS
from star_rating.loading.limits import path_kind
from star_rating.loading.modelcheck import near, validate
from star_rating.loading.yamlpos import Doc, load_file
from star_rating.models.scheme import (
    Dimension,
    PrerequisiteIndicator,
    SchemeFile,
    quota_key,
)
from star_rating.scheme import Scheme, Words

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
        raise UsageError(msg("scheme.no_such_scheme", path=display_path(p)))
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
        col.add(doc.file, 1, 1, msg("scheme.expected_scheme_mapping"), "type")
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
            col.add(d.file, 1, 1, msg("scheme.expected_dimension_mapping"), "type")
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
            col.add(doc.file, line, c, msg("scheme.bad_folder_name", name=spec[:80]), "path")
            return []
        folder = root / spec
        if not _inside(folder, root):
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, msg("scheme.outside", name=spec), "path")
            return []
        if path_kind(folder) != "dir":
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, msg("scheme.no_dimension_folder", name=spec), "path")
            return []
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            line, c = doc.where(("dimensions",))
            col.add(doc.file, line, c, msg("scheme.no_dimension_files", name=spec), "path")
        return files
    if isinstance(spec, list):
        out = []
        for i, name in enumerate(spec):
            if not isinstance(name, str):
                continue
            p = root / name
            line, c = doc.where(("dimensions", i))
            if not _inside(p, root):
                col.add(doc.file, line, c, msg("scheme.outside", name=name), "path")
            elif path_kind(p) != "file":
                col.add(doc.file, line, c, msg("scheme.no_dimension_file", name=name), "path")
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


def _cross_checks(
    head: SchemeFile | None,
    doc: Doc,
    dims: list[Dimension],
    dim_docs: list[Doc],
    col: Collector,
    complete: bool = True,
) -> None:
    def at(d: Doc, path: tuple[Any, ...], message: Msg, rule: str, severity: str = "error") -> None:
        from star_rating.loading.modelcheck import dotted

        line, c = d.where(path)
        col.add(d.file, line, c, message, rule, severity, dotted(d.data, path))  # type: ignore[arg-type]

    # ids unique across the whole scheme
    seen: dict[str, tuple[Doc, tuple[Any, ...]]] = {}

    def claim(ident: str, d: Doc, path: tuple[Any, ...], what: str) -> None:
        if ident in RESERVED_IDS:
            said = msg("scheme.reserved_id", what=msg(f"scheme.what.{what}"), id=ident)
            at(d, path, said, "reserved-id")
        if ident in seen:
            first_doc, first_path = seen[ident]
            line, _ = first_doc.where(first_path)
            where = f"{first_doc.file}:{line}"
            at(d, path, msg("scheme.duplicate_id", id=ident, where=where), "duplicate-id")
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
            groups = msg("scheme.dimension_max_groups") if dim.alternatives else ""
            said = msg(
                "scheme.dimension_max", dimension=dim.id, max=dim.max, total=total, groups=groups
            )
            at(d, ("max",), said, "dimension-max")
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
                    msg("scheme.unused_weight", stage=repr(st.get("id"))),
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
        what = "weights_and_maxima" if any(d.weight for d in dims) else "maxima"
        said = msg("scheme.scale_sum", scale=head.scale, what=msg(f"scheme.what.{what}"), full=full)
        at(doc, ("scale",), said, "scale")

    # stage weights
    if head.combine == "weighted":
        missing = [s.id for s in head.stages if s.weight is None]
        if missing:
            at(
                doc,
                ("stages",),
                msg("scheme.weights_missing", missing=_ids_list(missing)),
                "stage-weights",
            )
        else:
            wsum = sum((s.weight or Decimal(0) for s in head.stages), Decimal(0))
            if wsum != 1:
                at(doc, ("stages",), msg("scheme.weights_sum", sum=wsum), "stage-weights")

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
                msg("scheme.quota_unknown_level", quota=_stars(key), stars=_stars(stars)),
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
                said = msg(
                    "scheme.alternatives_unknown",
                    indicator=ident,
                    dimension=dim.id,
                    near=near(ident, kinds),
                )
                at(d, path, said, "unknown-ref")
            elif kind in ("survey", "prerequisite"):
                ok = False
                at(d, path, msg(f"scheme.alternatives_{kind}", indicator=ident), "value")
            elif ident in seen:
                ok = False
                at(d, path, msg("scheme.alternatives_twice", indicator=ident), "duplicate-id")
            seen.add(ident)
    return ok


def _points_cap_checks(head: SchemeFile, doc: Doc, full: Decimal | None, at: Any) -> None:
    """``points_cap``: ``scale`` equals it, and the dimensions can reach it."""
    cap = head.points_cap
    if head.scale != cap:
        at(
            doc,
            ("scale",),
            msg("scheme.scale_not_cap", scale=head.scale, cap=cap),
            "scale",
        )
    if full is not None and cap is not None and full < cap:
        at(
            doc,
            ("points_cap",),
            msg("scheme.cap_unreachable", cap=cap, full=full),
            "scale",
        )


def _prerequisite_levels(
    doc: Doc, dims: list[Dimension], dim_docs: list[Doc], head: SchemeFile, at: Any
) -> None:
    """A prerequisite's ``levels`` name levels of the scheme."""
    stars = {lv.stars for lv in head.levels}
    shown = _ids_list([str(lv.stars) for lv in head.levels])
    for dim, d in zip(dims, dim_docs, strict=True):
        for j, ind in enumerate(dim.indicators):
            if not isinstance(ind, PrerequisiteIndicator) or ind.levels is None:
                continue
            for k, level in enumerate(ind.levels):
                if level not in stars:
                    at(
                        d,
                        ("indicators", j, "levels", k),
                        msg(
                            "scheme.prerequisite_unknown_level",
                            indicator=ind.id,
                            stars=_stars(level),
                            levels=shown,
                        ),
                        "unknown-ref",
                    )


def _stars(n: object) -> Msg:
    """``1 star``, ``4.5 stars``; a quota's ``4+``: ``4+ stars``."""
    text = str(n)
    if text.endswith("+"):
        return msg("scheme.stars_and_above", stars=text[:-1])
    return msg("scheme.stars", stars=Decimal(text))


def _ids_list(ids: list[str]) -> Words:
    """Ids named in a sentence: ``a, b`` (Chinese ``a、b``)."""
    return Words("、".join(ids), ", ".join(ids))


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
                    msg("scheme.levels_same_stars", first=i, second=i + 1, stars=_stars(lv.stars)),
                    "level-order",
                )
            elif lv.stars > prev.stars:
                at(
                    doc,
                    ("levels", i, "stars"),
                    msg("scheme.levels_order", stars=lv.stars, n=i + 1, before=prev.stars),
                    "level-order",
                )
            if lv.min_total > prev.min_total:
                at(
                    doc,
                    ("levels", i, "min_total"),
                    msg(
                        "scheme.min_total_rises",
                        min_total=lv.min_total,
                        stars=lv.stars,
                        before_total=prev.min_total,
                        before=prev.stars,
                    ),
                    "level-order",
                )
        if lv.min_total > reach:
            at(
                doc,
                ("levels", i, "min_total"),
                msg("scheme.min_total_unreachable", min_total=lv.min_total, reach=reach),
                "unreachable",
                "warning",
            )
    top = max(lv.stars for lv in head.levels)
    for i, cap in enumerate(head.max_stars_if):
        if cap.max_stars >= top:
            at(
                doc,
                ("max_stars_if", i, "max_stars"),
                msg(
                    "scheme.cap_caps_nothing",
                    indicator=cap.indicator,
                    max_stars=cap.max_stars,
                    stars=_stars(top),
                ),
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
                        said = msg(
                            "scheme.unknown_dimension",
                            field=key,
                            name=name,
                            near=near(name, dim_by_id),
                        )
                        at(doc, path, said, "unknown-ref")
                    continue
                points = _number(value) if key == "min_dimension_points" else None
                if points is not None and points > dim.full:
                    at(
                        doc,
                        path,
                        msg("scheme.floor_unreachable", dimension=name, value=value, full=dim.full),
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
                    msg("scheme.require_veto", indicator=ident),
                    "veto-required",
                )
            elif ind is None and complete:
                at(
                    doc,
                    path,
                    msg("scheme.require_unknown", indicator=ident, near=near(ident, indicators)),
                    "unknown-ref",
                )
            elif ind is not None and ind.kind == "prerequisite":
                at(
                    doc,
                    path,
                    msg("scheme.require_prerequisite", indicator=ident),
                    "value",
                )
            elif ind is not None and isinstance(req, dict):
                need = _number(req.get("min"))
                if need is not None and need > ind.max:
                    at(
                        doc,
                        path,
                        msg(
                            "scheme.require_above_max",
                            indicator=ident,
                            min=req.get("min"),
                            max=ind.max,
                        ),
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
                    msg("scheme.cap_veto", indicator=ident),
                    "veto-required",
                )
            elif complete:
                at(
                    doc,
                    path,
                    msg("scheme.cap_unknown", indicator=ident, near=near(ident, indicators)),
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
                msg("scheme.cap_prerequisite", indicator=ident),
                "value",
            )
        elif ind.kind == "survey":
            if below is not None and below > 1:
                at(
                    doc,
                    where,
                    msg("scheme.cap_survey_above_one", indicator=ident, below=raw),
                    "value",
                )
        elif isinstance(raw, str) and raw.strip().endswith(("%", "％")):
            at(
                doc,
                where,
                msg(
                    "scheme.cap_percent_points",
                    indicator=ident,
                    below=raw,
                    kind=ind.kind,
                    max=ind.max,
                ),
                "value",
            )
        elif below is not None and below > ind.max:
            at(
                doc,
                where,
                msg("scheme.cap_above_max", indicator=ident, below=raw, max=ind.max),
                "unreachable",
                "warning",
            )


def _indicator_checks(ind: Any, d: Doc, path: tuple[Any, ...], at: Any) -> None:
    """The checks of the indicator's kind (:meth:`star_rating.kinds.base.Kind.check`)."""

    def problem(tail: tuple[Any, ...], said: Msg, rule: str, severity: str = "error") -> None:
        at(d, (*path, *tail), said, rule, severity)

    KINDS[ind.kind].check(ind, problem)
