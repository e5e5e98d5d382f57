"""A loaded, checked scheme: the scheme.yaml model, its dimensions and lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from star_rating.models.scheme import AnyIndicator, Dimension, Level, SchemeFile, Stage, tr

if TYPE_CHECKING:
    from star_rating.engine.points import Plan


@dataclass(frozen=True)
class Scheme:
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
    def indicators(self) -> dict[str, AnyIndicator]:
        return {i.id: i for d in self.dimensions for i in d.indicators}

    @cached_property
    def plans(self) -> dict[str, Plan]:
        """Every indicator's constants as the engine uses them, computed once."""
        from star_rating.engine.points import plan_of

        return {i.id: plan_of(i) for i in self.indicators.values()}

    @cached_property
    def veto_ids(self) -> frozenset[str]:
        return frozenset(v.id for v in self.head.vetoes)

    def level_name(self, level: Level, lang: str) -> str:
        if level.label is not None:
            return tr(level.label, lang)
        return f"{level.stars}★"

    def stage_label(self, stage_id: str, lang: str) -> str:
        for s in self.head.stages:
            if s.id == stage_id:
                return tr(s.label, lang) or s.id
        return stage_id
