"""The ranked table as CSV: UTF-8 with BOM for Excel (GBK on request)."""

from __future__ import annotations

import csv
import io

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
    rows: list[list] = [header]
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
        rows.append(row)
    return rows


def render_csv(
    scheme: Scheme, rr: RoundResult, lang: str, encoding: str = "utf-8-sig", public: bool = False
) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in ranked_rows(scheme, rr, lang, public):
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue().encode(encoding, errors="replace")
