"""Many YAML review files read straight into sums, for province-scale rounds.

The ordinary reader builds a positioned node tree for every file, validates it
with the review model and keeps every entry as an object: about 2 ms a file.  This
reader follows libyaml's event stream for the one shape a plain review file has
(``community``, ``stage``, ``reviewer``, ``date``, ``notes``, an ``entries``
mapping of scalars or lists of item ids, and empty ``bonus``, ``vetoes`` or
``evidence``) and adds each entry's points to its
dimension as it goes: a fraction of a millisecond a file.

Values are resolved by the ordinary reader's YAML 1.2 resolver
(:class:`~star_rating.loading.yamlpos.Resolver12`) and turned into Python values by
:func:`~star_rating.loading.yamlpos.core_scalar`, then checked and scored by
``parse_entry`` and ``plan_points``: the same steps, and so the same results, as
the ordinary reader.  Anything else (bonus points, vetoes or evidence given, unknown keys, tags,
anchors, duplicate keys, several documents, JSON, a bad value, an unknown or
missing indicator, a second review of the same stage) raises :class:`NotBulk`, and
the ordinary reader reads the round and reports every problem with its line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import yaml

from star_rating.catalog import msg
from star_rating.engine.plan import plan_for
from star_rating.engine.points import EXACT, plan_points
from star_rating.entries import NA, EntryError, parse_entry
from star_rating.errors import display_path
from star_rating.loading.columnar import NotBulk, in_file
from star_rating.loading.limits import LIMITS
from star_rating.loading.yamlpos import CORE_TAGS, Resolver12, core_scalar
from star_rating.models.round import Community, Source, StageSums
from star_rating.scheme import Scheme

SUFFIXES = (".yaml", ".yml")
_STR = "tag:yaml.org,2002:str"
_META = ("reviewer", "date", "notes")
_EMPTY = {
    "bonus": (yaml.SequenceStartEvent, yaml.SequenceEndEvent),
    "vetoes": (yaml.SequenceStartEvent, yaml.SequenceEndEvent),
    "evidence": (yaml.MappingStartEvent, yaml.MappingEndEvent),
}

#: what a reader is told when a file is not of the plain shape (no parser words)
_KIND_WORDS: dict[type, str] = {
    yaml.StreamStartEvent: "round.bulk.kind.file",
    yaml.DocumentStartEvent: "round.bulk.kind.document",
    yaml.MappingStartEvent: "round.bulk.kind.mapping",
    yaml.SequenceStartEvent: "round.bulk.kind.list",
}
_META_TAGS = frozenset({_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:null"})

try:  # libyaml's parser; the pure-Python one gives the same events, slower
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Parser = yaml.SafeLoader


PARALLEL_MIN_FILES = 2000  # below this, starting processes costs more than it saves


def read_bulk(
    scheme: Scheme,
    communities: dict[str, Community],
    files: Sequence[Path],
    meanwhile: Callable[[], object] | None = None,
    workers: int | None = None,
) -> dict[tuple[str, str], StageSums]:
    """Every review in ``files`` (one review per YAML file) as sums; raises NotBulk
    when the ordinary reader must read the round instead.

    Large rounds are read by one process per core (forked, so they share the scheme
    and register); ``meanwhile`` runs here while they read."""
    if not communities:
        raise NotBulk(msg("round.bulk.no_register"))
    if any(f.suffix.lower() not in SUFFIXES for f in files):
        raise NotBulk(msg("round.bulk.not_yaml"))
    n = workers if workers is not None else _workers(len(files))
    if n > 1:
        parts = _read_parallel(scheme, communities, list(files), n, meanwhile)
    else:
        parts = [_Reader(scheme, communities).read_all(files)]
        if meanwhile is not None:
            meanwhile()
    out: dict[tuple[str, str], StageSums] = {}
    for part in parts:
        for sums in part:
            key = (sums.community, sums.stage)
            if key in out:
                raise NotBulk(msg("round.bulk.second_review", stage=key[1], community=key[0]))
            out[key] = sums
    return out


def _workers(n_files: int) -> int:
    import multiprocessing

    if n_files < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


_JOB: tuple[Scheme, dict[str, Community], list[Path]] | None = None  # for forked workers


def _read_part(bounds: tuple[int, int]) -> list[StageSums]:
    assert _JOB is not None
    scheme, communities, files = _JOB
    return _Reader(scheme, communities).read_all(files[bounds[0] : bounds[1]])


def _read_parallel(
    scheme: Scheme,
    communities: dict[str, Community],
    files: list[Path],
    n: int,
    meanwhile: Callable[[], object] | None,
) -> list[list[StageSums]]:
    import multiprocessing
    import signal
    import threading

    global _JOB
    step = -(-len(files) // n)
    bounds = [(i, min(i + step, len(files))) for i in range(0, len(files), step)]
    _JOB = (scheme, communities, files)
    try:
        # Ctrl-C is the parent's to handle (it terminates the pool on leaving the
        # block): the workers are forked with SIGINT ignored, so none prints a traceback
        ignore = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if ignore else None
        try:
            pool = multiprocessing.get_context("fork").Pool(len(bounds))
        finally:
            if ignore:
                signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        with pool:
            pending = pool.map_async(_read_part, bounds)
            if meanwhile is not None:
                meanwhile()
            return list(pending.get())
    finally:
        _JOB = None


class _Reader:
    def __init__(self, scheme: Scheme, communities: dict[str, Community]):
        self.scheme = scheme
        self.communities = communities
        self.stages = frozenset(scheme.stage_ids)
        self.dim_of: dict[str, int] = {}
        for k, dim in enumerate(scheme.dimensions):
            for ind in dim.indicators:
                if ind.kind != "survey":
                    self.dim_of[ind.id] = k
        self.unit = 10 ** plan_for(scheme).points_places
        self.na_points = {i: int(scheme.indicators[i].max * self.unit) for i in self.dim_of}
        self.required = scheme.entry_required_ids
        self.is_required = frozenset(self.required)
        self.resolver = Resolver12()
        self.tags: dict[str, str] = {}  # plain scalar -> resolved tag
        self.text_keys: set[str] = set()  # plain keys known to resolve to text
        self.folders: dict[Path, str] = {}
        # (indicator, raw value) -> points in units (None: n/a), and the points
        self.scored: dict[tuple[str, Any], tuple[int | None, Decimal | None]] = {}

    def read_all(self, files: Sequence[Path]) -> list[StageSums]:
        return [self.read(path) for path in files]

    def read(self, path: Path) -> StageSums:
        try:
            if path.stat().st_size > LIMITS.max_file_bytes:
                raise in_file(path, msg("round.bulk.too_large"))
            raw = path.read_bytes()
        except OSError:
            raise in_file(path, msg("round.bulk.unreadable")) from None
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise in_file(path, msg("round.bulk.not_utf8")) from None
        parser = _Parser(text)
        try:
            return self._review(path, parser.get_event)
        except yaml.YAMLError:
            raise in_file(path, msg("round.bulk.not_plain_file")) from None
        except NotBulk as exc:
            raise in_file(path, exc.said) from None
        finally:
            parser.dispose()

    def _shown(self, path: Path) -> str:
        """``display_path`` of a file, computed once per folder."""
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = display_path(path.parent)
        return f"{folder}/{path.name}" if folder != "." else path.name

    def _text(self, event: yaml.Event) -> tuple[bool, str]:
        """A plain scalar event as (plain?, text): what its value depends on."""
        if type(event) is not yaml.ScalarEvent or event.tag is not None or event.anchor:
            raise NotBulk(msg("round.bulk.not_plain_value"))
        return event.implicit[0], event.value

    def _item(self, event: yaml.Event) -> Any:
        """A checklist item: text, as the review model requires."""
        if self._tag(event) != _STR:
            raise NotBulk(msg("round.bulk.item_not_text"))
        return self._value(event)

    def _value(self, event: yaml.Event) -> Any:
        """The plain value of a scalar event, as the ordinary reader would make it."""
        if type(event) is not yaml.ScalarEvent or event.tag is not None or event.anchor:
            raise NotBulk(msg("round.bulk.not_plain_value"))
        return core_scalar(self._tag(event), event.value)

    def _tag(self, event: yaml.ScalarEvent) -> str:
        if not event.implicit[0]:  # quoted or block: a string
            return _STR
        value = event.value
        tag = self.tags.get(value)
        if tag is None:
            tag = self.resolver.resolve(yaml.ScalarNode, value, (True, False))
            if tag not in CORE_TAGS:  # "<<" (merge): the ordinary reader's
                raise NotBulk(msg("round.bulk.unusual_scalar"))
            if len(self.tags) < 100_000:
                self.tags[value] = tag
        return tag

    def _key(self, event: yaml.Event) -> str:
        if type(event) is not yaml.ScalarEvent or event.tag is not None or event.anchor:
            raise NotBulk(msg("round.bulk.not_plain_key"))
        if self._tag(event) != _STR:
            raise NotBulk(msg("round.bulk.key_not_text"))
        if event.implicit[0] and len(self.text_keys) < 10_000:
            self.text_keys.add(event.value)  # a plain key resolves the same way every time
        return str(event.value)

    def _start(self, event: yaml.Event, kind: type) -> None:
        if type(event) is not kind or getattr(event, "tag", None) or getattr(event, "anchor", None):
            what = msg(_KIND_WORDS.get(kind, "round.bulk.kind.value"))
            raise NotBulk(msg("round.bulk.expected", what=what))

    def _review(self, path: Path, next_event: Callable[[], yaml.Event]) -> StageSums:
        self._start(next_event(), yaml.StreamStartEvent)
        self._start(next_event(), yaml.DocumentStartEvent)
        self._start(next_event(), yaml.MappingStartEvent)
        fields: dict[str, Any] = {}
        sums: tuple[list[int], list[int], dict[str, Decimal | None]] | None = None
        while type(event := next_event()) is not yaml.MappingEndEvent:
            key = self._key(event)
            if key in fields:
                raise NotBulk(msg("round.bulk.duplicate_key", setting=key))
            fields[key] = None
            if key == "entries":
                sums = self._entries(next_event)
            elif key in ("community", "stage"):
                value = next_event()
                text = self._value(value)
                if self._tag(value) != _STR:
                    raise NotBulk(msg("round.bulk.value_not_text", setting=key))
                fields[key] = text
            elif key in _EMPTY:  # bonus: [], vetoes: [], evidence: {}: nothing to read
                start, end = _EMPTY[key]
                self._start(next_event(), start)
                if type(next_event()) is not end:
                    raise NotBulk(msg("round.bulk.for_ordinary", setting=key))
            elif key in _META:
                value = next_event()
                self._value(value)
                if self._tag(value) not in _META_TAGS:
                    raise NotBulk(msg("round.bulk.value_not_text", setting=key))
            else:
                raise NotBulk(msg("round.bulk.for_ordinary_quoted", setting=key))
        self._start(next_event(), yaml.DocumentEndEvent)
        self._start(next_event(), yaml.StreamEndEvent)
        community, stage = fields.get("community"), fields.get("stage")
        if sums is None or community not in self.communities or stage not in self.stages:
            raise NotBulk(msg("round.bulk.unknown_review", unit=self.scheme.unit_words()))
        points, na, required = sums
        return StageSums(
            community,
            stage,
            Source(self._shown(path)),
            self.unit,
            tuple(points),
            tuple(na),
            tuple(required[i] for i in self.required),
        )

    def _entries(
        self, next_event: Callable[[], yaml.Event]
    ) -> tuple[list[int], list[int], dict[str, Decimal | None]]:
        self._start(next_event(), yaml.MappingStartEvent)
        n_dims = len(self.scheme.dimensions)
        points, na = [0] * n_dims, [0] * n_dims
        required: dict[str, Decimal | None] = {}
        seen: set[str] = set()
        while type(event := next_event()) is not yaml.MappingEndEvent:
            plain_known = (
                type(event) is yaml.ScalarEvent
                and event.tag is None
                and not event.anchor
                and event.value in self.text_keys
            )
            ind_id = event.value if plain_known else self._key(event)
            k = self.dim_of.get(ind_id)
            if k is None or ind_id in seen:
                raise NotBulk(msg("round.bulk.unknown_or_repeated_indicator"))
            seen.add(ind_id)
            value = next_event()
            if type(value) is yaml.SequenceStartEvent:
                self._start(value, yaml.SequenceStartEvent)
                events = []
                while type(item := next_event()) is not yaml.SequenceEndEvent:
                    events.append(item)
                key: tuple[str, Any] = (ind_id, tuple(self._text(e) for e in events))
                raw: Any = None if key in self.scored else [self._item(e) for e in events]
            else:  # the same text in the same style always means the same value
                key = (ind_id, self._text(value))
                raw = None if key in self.scored else self._value(value)
            got = self.scored.get(key)
            if got is None:
                got = self._score(ind_id, raw)
                if len(self.scored) < 100_000:
                    self.scored[key] = got
            units, exact = got
            if units is None:
                na[k] += self.na_points[ind_id]
            else:
                points[k] += units
            if ind_id in self.is_required:
                required[ind_id] = exact
        if len(seen) != len(self.dim_of):
            raise NotBulk(msg("round.bulk.missing_entry"))
        return points, na, required

    def _score(self, ind_id: str, raw: Any) -> tuple[int | None, Decimal | None]:
        try:
            value = parse_entry(self.scheme.indicators[ind_id], raw)
        except EntryError:
            raise NotBulk(msg("round.bulk.invalid_value")) from None
        if value is NA:
            return None, None
        with localcontext(EXACT):
            exact = plan_points(plan_for(self.scheme).points[ind_id], value)
            units = exact * self.unit
        if units != units.to_integral_value():
            raise NotBulk(msg("round.bulk.finer_points"))
        return int(units), exact
