"""``star-rate export --format docx``: the public notice (公示) as a Word document.

One A4 portrait page layout as an office publishes a notice: the title, the notice
period, a sentence counting the communities per level, the ranked table (rank,
name, street, stars as ★, level, total) whose header row repeats on every page,
the scheme's quota notes, and the date (the notice's first day) at the foot.

``public=True`` holds only what may be published (the rows of the public CSV, no
flags, notes, file names or hashes).  Without it the document is an internal draft:
its title says so and the table has one more column, the flags.

Fonts are set on the styles: 宋体 (SimSun) for East Asian body text, 黑体 (SimHei)
for the title and the table header, Times New Roman / Arial for Latin text.  Text
from the inputs is written as plain runs (never fields), with characters XML cannot
hold removed.  The same inputs give the same bytes: the core properties' dates come
from the round and every zip entry has the same fixed timestamp.

python-docx is imported only when a document is made.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from datetime import datetime
from typing import Any

from star_rating.api import Scored
from star_rating.catalog import label, render
from star_rating.outputs.common import Figures, heading, unit_words
from star_rating.outputs.csvout import iter_ranked_rows
from star_rating.outputs.export import _created, notice_lines, summary_tables

BODY_EAST_ASIA = "宋体"  # SimSun
HEAD_EAST_ASIA = "黑体"  # SimHei
BODY_LATIN = "Times New Roman"
HEAD_LATIN = "Arial"

#: relative widths of the table's columns: rank, name, street, stars, level, total
#: (the draft adds the flags)
COLUMNS_PUBLIC = (13, 30, 26, 23, 44, 20)
COLUMNS_DRAFT = (13, 23, 20, 21, 29, 14, 36)
KEEP = (0, 2, 3, 5, 6, 7)  # indexes into csvout.iter_ranked_rows' row
STARS = 3  # the stars' column in the table

#: characters an XML 1.0 document cannot hold; tabs and line breaks become spaces
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"[\t\r\n]+")


def _tx(key: str, lang: str, **kw: Any) -> str:
    return render(f"out.docx.{key}", lang, kw)


def plain(value: Any) -> str:
    """Input text as one run's plain text: no control characters, no line breaks."""
    return _NOT_XML.sub("", _BREAKS.sub(" ", str(value)))


def date_text(value: str, lang: str) -> str:
    """2022-09-01 as 2022年9月1日 or 1 September 2022 (other text as it is)."""
    try:
        d = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return value
    month = label(f"out.month.{d.month}", lang)
    return _tx("date", lang, year=d.year, month=month, day=d.day)


def summary_sentence(scored: Scored, lang: str) -> str:
    """How many communities (the scheme's units) were assessed and how many reached
    each level."""
    (_, rows), _ = summary_tables(scored, lang)
    *levels, total = rows
    parts = [
        _tx("summary_part", lang, name=name, count=count)
        for name, _stars, count, _share in levels
        if count
    ]
    return _tx(
        "summary_one" if total[2] == 1 else "summary",
        lang,
        n=total[2],
        unit=unit_words(scored.scheme),
        units=unit_words(scored.scheme, plural=True),
        parts=label("out.docx.summary_sep", lang).join(parts) or label("out.none", lang),
    )


def table_rows(scored: Scored, lang: str, public: bool) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the notice's table, as text, from the ranked rows of
    the CSV (the public CSV's when ``public``)."""
    places = Figures(scored.scheme).places
    rows = iter_ranked_rows(scored.scheme, scored.result, lang, public)
    header = next(rows)
    keep = list(KEEP) if public else [*KEEP, len(header) - 1]
    none = label("out.no_level", lang)
    out = []
    for row in rows:
        cells = [row[i] for i in keep]
        cells[4] = cells[4] or none  # level
        cells[5] = f"{cells[5]:.{places}f}"  # total, with the scheme's places
        out.append([plain(c) for c in cells])
    head = [header[i] for i in keep]
    head[3] = heading("stars", lang, scored.scheme)  # ★ are the stars; "星级（★）" says it twice
    return head, out


def render_docx(scored: Scored, lang: str, public: bool = False) -> bytes:
    """The notice as .docx bytes."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Length, Mm, Pt

    scheme, rnd = scored.scheme, scored.round
    doc = docx.Document()
    _drop_thumbnail(doc)
    _styles(doc, lang)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # the type area of an official document (GB/T 9704): 156 mm by 225 mm
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    _page_number(section)

    lines = notice_lines(scored, lang)
    title = lines[0] if public else _tx("draft_title", lang, title=rnd.title_in(lang))
    doc.add_paragraph(plain(title), style="Title")
    for line in [*lines[1:], summary_sentence(scored, lang)]:
        p = doc.add_paragraph(plain(line))
        if lang == "zh":
            p.paragraph_format.first_line_indent = Pt(28)  # two characters

    head, rows = table_rows(scored, lang, public)
    weights = COLUMNS_PUBLIC if public else COLUMNS_DRAFT
    width = section.page_width - section.left_margin - section.right_margin
    widths = [width * w // sum(weights) for w in weights]
    widths[-1] += width - sum(widths)
    table = doc.add_table(rows=0, cols=len(head))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    twips = [str(Length(w).twips) for w in widths]
    tbl = table._tbl
    _cell_margins(tbl.tblPr, Mm(1), sum(widths))
    tbl.append(_filled(_row(twips, "NoticeTableHeader", header=True), head))
    # the draft's flags are sentences: read from the left
    row = _row(twips, "NoticeTableText", left_last=not public)
    for cells in rows:
        tbl.append(_filled(copy.deepcopy(row), cells))

    for note in scored.result.quota_notes:
        doc.add_paragraph(plain(note.text(lang)))
    start = rnd.notice.get("start") if rnd.notice else None
    if start:
        p = doc.add_paragraph(plain(date_text(str(start), lang)))
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_before = Pt(28)

    created = _created(scored)
    props = doc.core_properties
    props.title = plain(title)
    props.subject = plain(f"{scheme.id} {scheme.version}")
    props.author = props.last_modified_by = "star-rate"
    props.comments = props.keywords = props.category = ""
    props.language = "zh-CN" if lang == "zh" else "en-US"
    props.created = props.modified = created
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip(buf.getvalue(), created)


def fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry's timestamp and attributes fixed (python-docx
    stamps each entry with the time it was written)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info))
    return out.getvalue()


# --- parts of the document ------------------------------------------------------------


def _row(twips: list[str], style_id: str, header: bool = False, left_last: bool = False) -> Any:
    """An empty table row (``w:tr``) to fill with :func:`_filled`.  Rows are copies of
    it, built directly: python-docx's cell objects cost milliseconds a cell, too slow
    for a county's thousands of communities."""
    from lxml import etree

    sub = etree.SubElement
    tr = etree.Element(_w("tr"))
    tr_pr = sub(tr, _w("trPr"))
    sub(tr_pr, _w("cantSplit"))  # a row stays on one page
    if header:
        sub(tr_pr, _w("tblHeader"))  # repeated at the top of every page
    for i, width in enumerate(twips):
        tc = sub(tr, _w("tc"))
        tc_pr = sub(tc, _w("tcPr"))
        sub(tc_pr, _w("tcW"), {_w("w"): width, _w("type"): "dxa"})
        sub(tc_pr, _w("vAlign"), {_w("val"): "center"})
        p = sub(tc, _w("p"))
        p_pr = sub(p, _w("pPr"))
        sub(p_pr, _w("pStyle"), {_w("val"): style_id})
        if left_last and i == len(twips) - 1:
            sub(p_pr, _w("jc"), {_w("val"): "left"})
        r = sub(p, _w("r"))
        if i == STARS and not header:  # ★ drawn from the East Asian font, a character wide
            sub(sub(r, _w("rPr")), _w("rFonts"), {_w("hint"): "eastAsia"})
        sub(r, _w("t"), {_XML_SPACE: "preserve"})
    return tr


def _cell_margins(tbl_pr: Any, side: int, width: int) -> None:
    """The table's width, and narrow left and right cell margins (1 mm, not Word's
    1.9 mm): room for a name.  (Elements in the schema's order: before ``tblLook``.)"""
    from docx.shared import Length
    from lxml import etree

    tbl_w = tbl_pr.find(_w("tblW"))
    if tbl_w is not None:
        tbl_w.set(_w("type"), "dxa")
        tbl_w.set(_w("w"), str(Length(width).twips))
    mar = etree.Element(_w("tblCellMar"))
    for edge in ("left", "right"):
        etree.SubElement(mar, _w(edge), {_w("w"): str(Length(side).twips), _w("type"): "dxa"})
    look = tbl_pr.find(_w("tblLook"))
    if look is None:
        tbl_pr.append(mar)
    else:
        look.addprevious(mar)


def _filled(tr: Any, cells: list[str]) -> Any:
    """The row with the cells' text, as text (lxml escapes it)."""
    texts = list(tr.iter(_w("t")))
    for t_, text in zip(texts, cells, strict=True):
        t_.text = text
    return tr


def _page_number(section: Any) -> None:
    """— n — centred at the foot of every page (the document's only field)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(_w("instr"), " PAGE ")
    field.append(_run_xml("1"))
    p._p.append(field)
    p._p.append(_run_xml(" —"))


def _run_xml(text: str) -> Any:
    from docx.oxml import OxmlElement

    r, t_ = OxmlElement("w:r"), OxmlElement("w:t")
    t_.set(_XML_SPACE, "preserve")
    t_.text = text
    r.append(t_)
    return r


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    """A WordprocessingML element or attribute name (``qn("w:name")``)."""
    return _W + name


def _fonts(rpr: Any, latin: str, east_asia: str) -> None:
    """Explicit fonts on a run-properties element; theme fonts (which would win over
    them) removed."""
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(_w(attr), latin)
    fonts.set(_w("eastAsia"), east_asia)


def _lang(rpr: Any, lang: str) -> None:
    el = rpr.find(_w("lang"))  # the template's defaults have one
    if el is not None:
        el.set(_w("val"), "zh-CN" if lang == "zh" else "en-US")
        el.set(_w("eastAsia"), "zh-CN")


def _styles(doc: Any, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = doc.styles
    defaults = styles.element.find(_w("docDefaults")).find(_w("rPrDefault")).find(_w("rPr"))
    _fonts(defaults, BODY_LATIN, BODY_EAST_ASIA)
    _lang(defaults, lang)
    theme_lang = doc.settings.element.find(_w("themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_w("eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), BODY_LATIN, BODY_EAST_ASIA)
    normal.font.size = Pt(14)  # 四号
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.25

    title = styles["Title"]
    _fonts(title.element.get_or_add_rPr(), HEAD_LATIN, HEAD_EAST_ASIA)
    for el in (title.element.pPr, title.element.rPr):
        for child in [*el.findall(_w("pBdr")), *el.findall(_w("color"))]:
            el.remove(child)  # black, without the template's blue rule
    title.font.size = Pt(18)  # 小二
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(18)
    title.paragraph_format.line_spacing = 1.2

    text = styles.add_style("Notice Table Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    _fonts(text.element.get_or_add_rPr(), BODY_LATIN, BODY_EAST_ASIA)
    text.font.size = Pt(10.5)  # 五号
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text.paragraph_format.space_before = text.paragraph_format.space_after = Pt(2)
    text.paragraph_format.line_spacing = 1.0

    header = styles.add_style("Notice Table Header", WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = text
    _fonts(header.element.get_or_add_rPr(), HEAD_LATIN, HEAD_EAST_ASIA)
    header.font.bold = True

    footer = styles["Footer"]
    _fonts(footer.element.get_or_add_rPr(), BODY_LATIN, BODY_EAST_ASIA)
    footer.font.size = Pt(10.5)


def _drop_thumbnail(doc: Any) -> None:
    """The template's thumbnail shows another document: left out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]
