"""A loaded, checked scheme: the scheme.yaml model, its dimensions and lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from star_rating.models.scheme import (
    AnyIndicator,
    Dimension,
    Level,
    LocalText,
    SchemeFile,
    Stage,
    SurveyIndicator,
    tr,
)


class Words(NamedTuple):
    """A text in both languages, as a message parameter (a label, a level's name)."""

    zh: str
    en: str


def english_plural(word: str) -> str:
    """community → communities, city → cities, box → boxes, hotel → hotels."""
    if not word or not word[-1:].isalpha() or not word.isascii():
        return word
    low = word.lower()
    if low.endswith("y") and low[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _word(text: str | LocalText | None, what: str, lang: str, plural: bool) -> str:
    """A scheme's own word for its unit or grouping, else the catalog's default."""
    from star_rating.catalog import label

    if text is None:
        return label(f"vocab.{what}{'s' if plural and lang == 'en' else ''}", lang)
    if isinstance(text, str):
        word = text
    else:
        word = tr(text, lang)
        if lang == "en" and not text.en:  # only Chinese given: that word in English too
            return word
    return english_plural(word) if plural and lang == "en" else word


@dataclass(frozen=True, eq=False)
class Scheme:
    """A scheme as data: scheme.yaml's model, its dimensions, where it was read and the
    files' hashes, with lookups.  What the engine derives from it is the engine's
    (:mod:`star_rating.engine.plan`)."""

    head: SchemeFile
    dimensions: tuple[Dimension, ...]
    root: Path | None = None
    hashes: dict[str, str] = field(default_factory=dict)  # file -> sha256

    @property
    def id(self) -> str:
        return self.head.id

    @property
    def version(self) -> str:
        return self.head.version

    @property
    def stages(self) -> list[Stage]:
        return self.head.stages

    @cached_property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.head.stages)

    @cached_property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @cached_property
    def indicators(self) -> dict[str, AnyIndicator]:
        return {i.id: i for d in self.dimensions for i in d.indicators}

    @cached_property
    def survey_indicators(self) -> tuple[SurveyIndicator, ...]:
        """The indicators scored from the resident survey, in scheme order."""
        return tuple(i for i in self.indicators.values() if isinstance(i, SurveyIndicator))

    @cached_property
    def survey_ids_by_dimension(self) -> tuple[tuple[str, ...], ...]:
        """The survey indicators of each dimension, in scheme order."""
        return tuple(
            tuple(i.id for i in d.indicators if i.kind == "survey") for d in self.dimensions
        )

    @cached_property
    def required_ids(self) -> tuple[str, ...]:
        """Indicators that some level's ``require`` names, in first-named order."""
        from star_rating.models.scheme import RequireMin

        ids = [
            r.indicator if isinstance(r, RequireMin) else r
            for lv in self.head.levels
            for r in lv.require
        ]
        return tuple(dict.fromkeys(ids))

    @cached_property
    def veto_ids(self) -> frozenset[str]:
        return frozenset(v.id for v in self.head.vetoes)

    def level_name(self, level: Level, lang: str) -> str:
        if level.label is not None:
            return tr(level.label, lang)
        return f"{level.stars}★"

    def unit(self, lang: str, plural: bool = False) -> str:
        """The rated unit's word (``社区`` / ``community``, ``communities``)."""
        return _word(self.head.unit, "unit", lang, plural)

    def group(self, lang: str, plural: bool = False) -> str:
        """The grouping's word (``街道`` / ``street``, ``streets``)."""
        return _word(self.head.group, "group", lang, plural)

    def unit_words(self, plural: bool = False) -> Words:
        """The rated unit in both languages, as a message parameter."""
        return Words(self.unit("zh", plural), self.unit("en", plural))

    def group_words(self, plural: bool = False) -> Words:
        return Words(self.group("zh", plural), self.group("en", plural))

    def stage_label(self, stage_id: str, lang: str) -> str:
        return self._stage_labels.get((stage_id, lang), stage_id)

    @cached_property
    def _stage_labels(self) -> dict[tuple[str, str], str]:
        return {
            (s.id, lang): tr(s.label, lang) or s.id
            for s in self.head.stages
            for lang in ("zh", "en")
        }
