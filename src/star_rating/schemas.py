"""JSON Schemas of the file formats, generated from the models.

The committed copies under ``schemas/`` are checked against these by a test.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_NAMES = ("scheme", "dimension", "review", "round", "appeals")
BASE_URL = "https://star-rate.example/schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Descriptions of fields the models leave undescribed, by model and field ("" is
# the model itself); a description in the model wins.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "RoundFile": {"description": "Free text about the round."},
    "AppealFile": {
        "": "One correction of one entry, decided after the reviews.",
        "community": "Community id from the register.",
        "stage": "Stage id of the review corrected.",
        "indicator": "Indicator id of the entry corrected.",
        "reason": "Why the entry was corrected.",
        "decided_by": "Who decided the appeal.",
        "date": "Date of the decision, YYYY-MM-DD.",
    },
}


def schema_dict(name: str) -> dict[str, Any]:
    """The JSON Schema of one file format (one of :data:`SCHEMA_NAMES`)."""
    from pydantic import BaseModel, TypeAdapter

    from star_rating.loading.round import AppealFile, RoundFile
    from star_rating.models.review import ReviewFile
    from star_rating.models.scheme import Dimension, SchemeFile, json_schema

    schema_id = f"{BASE_URL}/{name}.schema.json"
    if name == "review":
        # one review (a mapping) or a list of them, as the loader reads; if/then/else
        # rather than anyOf, so that a validator names the wrong key, not the whole file
        defs = TypeAdapter(list[ReviewFile]).json_schema(mode="validation")["$defs"]
        one = {"$ref": "#/$defs/ReviewFile"}
        out = {
            "$id": schema_id,
            "$schema": DRAFT,
            "title": "Review file",
            "description": "One stage's review of one community (a mapping), or a list "
            "of such reviews (.yaml, .yml or .json).",
            "if": {"type": "array"},
            "then": {"items": one},
            "else": one,
            "$defs": defs,
        }
    elif name == "appeals":
        body = TypeAdapter(list[AppealFile]).json_schema(mode="validation")
        out = {
            "$id": schema_id,
            "$schema": DRAFT,
            "title": "appeals.yaml",
            "description": "Corrections of single entries after the reviews: a list of "
            "{community, stage, indicator, value, reason, decided_by, date}.",
            **body,
        }
    else:
        models: dict[str, type[BaseModel]] = {
            "scheme": SchemeFile,
            "dimension": Dimension,
            "round": RoundFile,
        }
        out = {"$id": schema_id, **json_schema(models[name])}
    _describe(out)
    _numbers_as_text(out)
    return out


def _describe(schema: dict[str, Any]) -> None:
    """Add :data:`DESCRIPTIONS` to the models' schemas (at the top or under ``$defs``)."""
    for node in [schema, *schema.get("$defs", {}).values()]:
        extra = DESCRIPTIONS.get(node.get("title", ""), {})
        for key, text in extra.items():
            target = node if key == "" else node.get("properties", {}).get(key)
            if target is not None and "description" not in target:
                target["description"] = text


def _is_text(node: Any) -> bool:
    """A plain text value: no pattern, choice or format that a number could not meet."""
    return (
        isinstance(node, dict)
        and node.get("type") == "string"
        and not {"pattern", "enum", "const", "format"} & node.keys()
    )


def _numbers_as_text(node: Any) -> None:
    """Text fields take numbers too, as the models do (``community: 1001`` is the text
    ``1001``; YAML readers hand such a value over as a number)."""
    if isinstance(node, list):
        for item in node:
            _numbers_as_text(item)
        return
    if not isinstance(node, dict):
        return
    branches = node.get("anyOf")
    takes_numbers = isinstance(branches, list) and any(
        isinstance(b, dict) and b.get("type") in ("number", "integer") for b in branches
    )
    for key, value in node.items():
        if key == "anyOf" and takes_numbers:
            for branch in value:
                if not _is_text(branch):
                    _numbers_as_text(branch)
        elif key in ("examples", "default", "const", "enum"):
            continue  # values, not schemas
        elif key not in ("properties", "$defs"):
            _numbers_as_text(value)
        else:  # names -> schemas: a property may be called "type"
            for sub in value.values():
                _numbers_as_text(sub)
    if _is_text(node):
        node["type"] = ["string", "number"]


def schema_text(name: str) -> str:
    return json.dumps(schema_dict(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def reference_markdown() -> str:
    """The criteria reference (docs/criteria-reference.md), generated from the models."""
    from pydantic import BaseModel

    from star_rating.loading.round import AppealFile, RoundFile
    from star_rating.models import scheme as m
    from star_rating.models.review import BonusEntry, ReviewFile

    sections: list[tuple[str, type[BaseModel]]] = [
        ("scheme.yaml", m.SchemeFile),
        ("stages[]", m.Stage),
        ("stages[].panel", m.Panel),
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
        ("indicator, kind: prerequisite", m.PrerequisiteIndicator),
        ("round.yaml", RoundFile),
        ("review file", ReviewFile),
        ("review bonus[]", BonusEntry),
        ("appeals.yaml[]", AppealFile),
    ]
    out = [
        "# Criteria and round file reference",
        "",
        "Generated from the models by `python -m star_rating.schemas`; a test fails when",
        "this file is stale. Semantics are explained in [format.md](format.md). The same",
        "models give the JSON Schemas in [schemas/](../schemas/), for editors and",
        "check-jsonschema: `star-rate schema scheme|dimension|review|round|appeals`.",
        "",
    ]
    for title, model in sections:
        out.append(f"## {title}")
        out.append("")
        extra = DESCRIPTIONS.get(model.__name__, {})
        doc = (model.__doc__ or "").strip().splitlines()
        if doc and not doc[0].startswith("Usage docs"):
            out += [doc[0], ""]
        elif "" in extra:
            out += [extra[""], ""]
        out.append("| key | required | default | description |")
        out.append("|---|---|---|---|")
        for name, field in model.model_fields.items():
            key = field.alias or name
            required = "yes" if field.is_required() else ""
            default = "" if field.is_required() else _default(field)
            desc = (field.description or extra.get(name, "")).replace("|", "\\|").replace("\n", " ")
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
