"""The ranked table as CSV: UTF-8 with BOM for Excel (GBK on request)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from star_rating.models.result import RoundResult
from star_rating.outputs.common import (
    Figures,
    dimension_names,
    label,
    level_label,
    safe_cell,
    star_text,
)
from star_rating.scheme import Scheme


def ranked_rows(scheme: Scheme, rr: RoundResult, lang: str, public: bool = False) -> list[list]:
    return list(iter_ranked_rows(scheme, rr, lang, public))


def iter_ranked_rows(
    scheme: Scheme, rr: RoundResult, lang: str, public: bool = False
) -> Iterator[list]:
    """The header, then one row per community in rank order (made as they are read)."""
    fig = Figures(scheme)
    dims = dimension_names(scheme, lang)
    header = [
        label(k, lang)
        for k in ("rank", "id", "name", "street", "stars", "stars_shown", "level", "total")
    ]
    header += [name for _, name in dims]
    header += [scheme.stage_label(s, lang) for s in scheme.stage_ids]
    if not public:
        header.append(label("flags", lang))
    yield header
    for res in rr.results:
        stars = rr.stars(res)
        row = [
            res.rank,
            res.community.id,
            res.community.name,
            res.community.street,
            stars,
            star_text(stars),
            level_label(scheme, rr, res, lang) or "",
            res.total,
        ]
        row += [fig.round(res.dimensions[d]) for d, _ in dims]
        row += [fig.round(res.stages[s].total) if s in res.stages else "" for s in scheme.stage_ids]
        if not public:
            row.append("; ".join(m.text(lang) for m in res.flags))
        yield row


def render_csv(
    scheme: Scheme, rr: RoundResult, lang: str, encoding: str = "utf-8-sig", public: bool = False
) -> bytes:
    buf = io.BytesIO()
    write_csv(scheme, rr, lang, buf, encoding, public)
    return buf.getvalue()


def write_csv(
    scheme: Scheme,
    rr: RoundResult,
    lang: str,
    out: BinaryIO,
    encoding: str = "utf-8-sig",
    public: bool = False,
    block: int = 512,
) -> None:
    """The CSV written to a binary stream ``block`` rows at a time.

    Rows are encoded here and handed to ``out`` as bytes: no text wrapper is put over
    the caller's stream, so an error writing it (a closed pipe, a full disk) leaves
    the stream open and usable for the caller."""
    import codecs

    encoder = codecs.getincrementalencoder(encoding)(errors="replace")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for n, row in enumerate(iter_ranked_rows(scheme, rr, lang, public), 1):
        writer.writerow([safe_cell(v) for v in row])
        if n % block == 0:
            out.write(encoder.encode(buf.getvalue()))
            buf.seek(0)
            buf.truncate()
    out.write(encoder.encode(buf.getvalue(), final=True))
    out.flush()
