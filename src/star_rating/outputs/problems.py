"""Rendering of problem lists: text, json and GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable

from star_rating.errors import Problem


def render_text(problems: list[Problem], lang: str = "en") -> str:
    return "".join(p.format(lang) + "\n" for p in problems)


def render_json(problems: list[Problem], lang: str = "en") -> str:
    data = [p.as_dict(lang) for p in problems]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: list[Problem], lang: str = "en") -> str:
    out = []
    for p in problems:
        out.append(p.format(lang))
        props = [f"file={_escape_prop(p.file)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            if p.column is not None:
                props.append(f"col={p.column}")
        props.append(f"title={_escape_prop(p.rule)}")
        out.append(f"::{p.severity} {','.join(props)}::{_escape_data(p.text(lang))}")
    return "".join(line + "\n" for line in out)


RENDERERS: dict[str, Callable[[list[Problem], str], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
