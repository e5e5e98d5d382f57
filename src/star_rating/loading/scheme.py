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
    RequireMin,
    ScaleIndicator,
    SchemeFile,
    SurveyIndicator,
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
    complete = head is not None
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
    if head is not None:
        # with a dimension missing, rules across all of them would only mislead
        _cross_checks(head, doc, dims, dim_docs, col, complete)
    if len(col.errors) > before:
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
    head: SchemeFile,
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

    for i, st in enumerate(head.stages):
        claim(st.id, doc, ("stages", i, "id"), "stage")
    for i, v in enumerate(head.vetoes):
        claim(v.id, doc, ("vetoes", i, "id"), "veto")
    indicators: dict[str, Any] = {}
    sums_ok = True
    for dim, d in zip(dims, dim_docs, strict=True):
        claim(dim.id, d, ("id",), "dimension")
        total = Decimal(0)
        for j, ind in enumerate(dim.indicators):
            claim(ind.id, d, ("indicators", j, "id"), "indicator")
            indicators[ind.id] = ind
            total += ind.max
            _indicator_checks(ind, d, ("indicators", j), at)
        if total != dim.max:
            sums_ok = False  # the scale rule would only repeat this
            at(
                d,
                ("max",),
                f"dimension {dim.id!r} has max {dim.max} but its indicators add up to {total}",
                "dimension-max",
            )

    # dimension maxima (or weights) add up to scale
    full = sum((dim.full for dim in dims), Decimal(0))
    if complete and sums_ok and dims and full != head.scale:
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

    # levels strictly ordered
    dim_ids = {dim.id for dim in dims}
    star_set = set()
    reach = head.scale + (head.bonus.cap if head.bonus else 0)
    for i, lv in enumerate(head.levels):
        star_set.add(lv.stars)
        if i:
            prev = head.levels[i - 1]
            if lv.stars >= prev.stars:
                at(
                    doc,
                    ("levels", i, "stars"),
                    f"levels must be listed highest first: {lv.stars} stars after {prev.stars}",
                    "level-order",
                )
            if lv.min_total >= prev.min_total:
                at(
                    doc,
                    ("levels", i, "min_total"),
                    f"min_total {lv.min_total} is not below {prev.min_total} of the level above",
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
        for key in lv.min_dimensions:
            if complete and key not in dim_ids:
                at(
                    doc,
                    ("levels", i, "min_dimensions", key),
                    f"min_dimensions names unknown dimension {key!r}{_near(key, dim_ids)}",
                    "unknown-ref",
                )
        for k, req in enumerate(lv.require):
            ident = req.indicator if isinstance(req, RequireMin) else req
            ind = indicators.get(ident)
            path = ("levels", i, "require", k)
            if ind is None and complete:
                at(
                    doc,
                    path,
                    f"require names unknown indicator {ident!r}{_near(ident, indicators)}",
                    "unknown-ref",
                )
            elif ind is not None and isinstance(req, RequireMin) and req.min > ind.max:
                at(
                    doc,
                    path,
                    f"require {ident} min {req.min} is above its max {ind.max}",
                    "unreachable",
                    "warning",
                )
    for stars in head.quotas:
        if stars not in star_set:
            at(
                doc,
                ("quotas", stars),
                f"quota for {stars} stars, but no level has {stars} stars",
                "unknown-ref",
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
