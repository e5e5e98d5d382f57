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
