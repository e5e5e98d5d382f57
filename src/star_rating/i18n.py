"""Language choice: --lang, else STAR_RATE_LANG, else the locale (zh for zh_*).

Language tags are read as people write them: ``zh``, ``zh-CN``, ``zh_CN``,
``zh-Hans``, ``ZH``, ``en``, ``en-US``, ``en_GB.UTF-8`` …: the primary subtag
decides.  A language star-rate does not speak is a usage error listing the
choices when it is asked for by ``--lang`` or ``STAR_RATE_LANG``; a locale in
another language (``LANG=fr_FR.UTF-8``) gives English.
"""

from __future__ import annotations

import os

LANGS = ("zh", "en")

_run: dict[str, str | None] = {"lang": None}


def use_lang(lang: str | None) -> None:
    """Remember this run's language (None: not chosen yet); see :func:`run_lang`."""
    _run["lang"] = lang


def run_lang() -> str | None:
    """This run's language, once the command has chosen it (``--lang`` and so on)."""
    return _run["lang"]


def parse_lang(tag: str) -> str | None:
    """``zh`` or ``en`` for a language tag or locale name, else None."""
    text = tag.strip().split(".", 1)[0].split("@", 1)[0]
    primary = text.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGS else None


def resolve_lang(option: str | None = None) -> str:
    """The language of this run's words (``zh`` or ``en``)."""
    from star_rating.catalog import msg
    from star_rating.errors import UsageError

    if option is not None:
        got = parse_lang(option)
        if got is None:
            raise UsageError(msg("cli.lang.option", value=option))
        return got
    env = os.environ.get("STAR_RATE_LANG", "")
    if env.strip():
        got = parse_lang(env)
        if got is None:
            raise UsageError(msg("cli.lang.env", value=env))
        return got
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return parse_lang(value) or "en"
    return "en"
