"""JSON Schemas of the file formats, generated from the models.

The committed copies under ``schemas/`` are checked against these by a test.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_NAMES = ("scheme", "dimension", "review")
BASE_URL = "https://star-rate.example/schemas"


def schema_dict(name: str) -> dict[str, Any]:
    from star_rating.models.review import ReviewFile
    from star_rating.models.scheme import Dimension, SchemeFile, json_schema

    model = {"scheme": SchemeFile, "dimension": Dimension, "review": ReviewFile}[name]
    out = {"$id": f"{BASE_URL}/{name}.schema.json", **json_schema(model)}
    return out


def schema_text(name: str) -> str:
    return json.dumps(schema_dict(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def reference_markdown() -> str:
    """The criteria reference (docs/criteria-reference.md), generated from the models."""
    from pydantic import BaseModel

    from star_rating.loading.round import RoundFile
    from star_rating.models import scheme as m
    from star_rating.models.review import BonusEntry, ReviewFile

    sections: list[tuple[str, type[BaseModel]]] = [
        ("scheme.yaml", m.SchemeFile),
        ("stages[]", m.Stage),
        ("rounding", m.Rounding),
        ("bonus", m.Bonus),
        ("levels[]", m.Level),
        ("levels[].require[] (with a minimum)", m.RequireMin),
        ("quotas.<stars>", m.Quota),
        ("vetoes[]", m.Veto),
        ("flags", m.Flags),
        ("dynamic", m.Dynamic),
        ("dimension file", m.Dimension),
        ("indicator, kind: scale", m.ScaleIndicator),
        ("indicator, kind: check", m.CheckIndicator),
        ("indicator, kind: checklist", m.ChecklistIndicator),
        ("checklist items[]", m.ChecklistItem),
        ("indicator, kind: deduct", m.DeductIndicator),
        ("indicator, kind: bands", m.BandsIndicator),
        ("bands[]", m.Band),
        ("indicator, kind: survey", m.SurveyIndicator),
        ("round.yaml", RoundFile),
        ("review file", ReviewFile),
        ("review bonus[]", BonusEntry),
    ]
    out = [
        "# Criteria and round file reference",
        "",
        "Generated from the models by `python -m star_rating.schemas`; a test fails when",
        "this file is stale. Semantics are explained in [format.md](format.md).",
        "",
    ]
    for title, model in sections:
        out.append(f"## {title}")
        out.append("")
        doc = (model.__doc__ or "").strip().splitlines()
        if doc and not doc[0].startswith("Usage docs"):
            out += [doc[0], ""]
        out.append("| key | required | default | description |")
        out.append("|---|---|---|---|")
        for name, field in model.model_fields.items():
            key = field.alias or name
            required = "yes" if field.is_required() else ""
            default = "" if field.is_required() else _default(field)
            desc = (field.description or "").replace("|", "\\|").replace("\n", " ")
            out.append(f"| `{key}` | {required} | {default} | {desc} |")
        out.append("")
    return "\n".join(out)


def _default(field: object) -> str:
    value = getattr(field, "default", None)
    factory = getattr(field, "default_factory", None)
    if factory is not None:
        try:
            value = factory()
        except TypeError:  # pragma: no cover
            return ""
    if value is None or value == {} or value == []:
        return ""
    if hasattr(value, "model_dump"):
        return ""
    return f"`{value}`"


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    for name in SCHEMA_NAMES:
        (root / "schemas" / f"{name}.schema.json").write_text(schema_text(name), "utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "criteria-reference.md").write_text(reference_markdown(), "utf-8")
