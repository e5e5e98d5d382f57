"""The ranked table as CSV: UTF-8 with BOM for Excel (GBK on request)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from star_rating.catalog import SEPARATOR, label
from star_rating.models.result import CommunityResult, RoundResult
from star_rating.models.scheme import tr
from star_rating.outputs.common import (
    Figures,
    dimension_names,
    heading,
    level_label,
    safe_cell,
    star_text,
)
from star_rating.scheme import Scheme


def _join(lang: str) -> str:
    return SEPARATOR[lang if lang in SEPARATOR else "en"]


def veto_labels(scheme: Scheme, res: CommunityResult, lang: str) -> str:
    """The labels of a community's vetoes (a public rule: no file, reviewer or note)."""
    labels: list[str] = []
    for v in res.vetoes:
        veto = next((x for x in scheme.head.vetoes if x.id == v.id), None)
        text = tr(veto.label, lang) if veto is not None else v.id
        if text not in labels:
            labels.append(text)
    return _join(lang).join(labels)


def ranked_rows(
    scheme: Scheme, rr: RoundResult, lang: str, public: bool = False, vetoes: bool = False
) -> list[list]:
    return list(iter_ranked_rows(scheme, rr, lang, public, vetoes))


def has_veto_column(rr: RoundResult, public: bool, vetoes: bool) -> bool:
    """Whether the ranked table ends with the column naming vetoes (public, when any)."""
    return public and vetoes and any(res.vetoes for res in rr.results)


def iter_ranked_rows(
    scheme: Scheme, rr: RoundResult, lang: str, public: bool = False, vetoes: bool = False
) -> Iterator[list]:
    """The header, then one row per community in rank order (made as they are read).

    ``vetoes`` (the export): a vetoed community's level cell says so, and its veto is
    named by its label, in the flags (with the file it was recorded in) or, in the
    public table, in a last column that is there when some community is vetoed.
    ``score --format csv`` leaves the level of a vetoed community empty."""
    fig = Figures(scheme)
    dims = dimension_names(scheme, lang)
    veto_column = has_veto_column(rr, public, vetoes)
    header = [
        heading(k, lang, scheme)
        for k in ("rank", "id", "name", "street", "stars", "stars_shown", "level", "total")
    ]
    header += [name for _, name in dims]
    header += [scheme.stage_label(s, lang) for s in scheme.stage_ids]
    if not public:
        header.append(label("out.flags", lang))
    if veto_column:
        header.append(label("out.csv.veto_column", lang))
    yield header
    vetoed = label("out.csv.vetoed", lang)
    join = _join(lang) if vetoes else "; "  # score --format csv: as it has always been
    for res in rr.results:
        stars = rr.stars(res)
        level = level_label(scheme, rr, res, lang) or ""
        if vetoes and res.vetoes:
            level = vetoed
        row = [
            res.rank,
            res.community.id,
            res.community.name,
            res.community.street,
            stars,
            star_text(stars),
            level,
            res.total,
        ]
        row += fig.dimensions(res)
        totals = fig.stage_totals(res)
        row += [totals.get(s, "") for s in scheme.stage_ids]
        if not public:
            # only a vetoed community has a veto among its reasons
            notes = [m for m in res.reasons if m.code == "veto"] if vetoes and res.vetoes else []
            row.append(join.join(m.text(lang) for m in [*notes, *res.flags]))
        if veto_column:
            row.append(veto_labels(scheme, res, lang))
        yield row


def render_csv(
    scheme: Scheme,
    rr: RoundResult,
    lang: str,
    encoding: str = "utf-8-sig",
    public: bool = False,
    vetoes: bool = False,
) -> bytes:
    buf = io.BytesIO()
    write_csv(scheme, rr, lang, buf, encoding, public, vetoes=vetoes)
    return buf.getvalue()


def write_csv(
    scheme: Scheme,
    rr: RoundResult,
    lang: str,
    out: BinaryIO,
    encoding: str = "utf-8-sig",
    public: bool = False,
    block: int = 512,
    vetoes: bool = False,
) -> None:
    """The CSV written to a binary stream ``block`` rows at a time.

    Rows are encoded here and handed to ``out`` as bytes: no text wrapper is put over
    the caller's stream, so an error writing it (a closed pipe, a full disk) leaves
    the stream open and usable for the caller."""
    import codecs

    encoder = codecs.getincrementalencoder(encoding)(errors="replace")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for n, row in enumerate(iter_ranked_rows(scheme, rr, lang, public, vetoes), 1):
        writer.writerow([safe_cell(v) for v in row])
        if n % block == 0:
            out.write(encoder.encode(buf.getvalue()))
            buf.seek(0)
            buf.truncate()
    out.write(encoder.encode(buf.getvalue(), final=True))
    out.flush()
