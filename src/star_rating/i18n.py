"""Language choice: --lang, else STAR_RATE_LANG, else the locale (zh for zh_*)."""

from __future__ import annotations

import os

LANGS = ("zh", "en")


def resolve_lang(option: str | None = None) -> str:
    if option in LANGS:
        return option
    env = os.environ.get("STAR_RATE_LANG", "").strip().lower()
    if env in LANGS:
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
