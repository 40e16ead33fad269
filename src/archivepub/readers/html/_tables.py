"""Tables: data tables and infoboxes read as :class:`~archivepub.model.Table`, layout tables unwrapped.

Whether a table lays out data or the page is decided as Mozilla Readability decides it (its
``_isDataTable``), with one rule added: a table that says so is a layout table
(``role="presentation"``, ``datatable="0"``); one with a ``summary``, a caption, a ``thead``,
``tfoot``, ``colgroup`` or header cells is a data table; one holding another table, one whose
rows mostly hold a cell of prose (blocks and some length), or a single row or column lays out
the page; otherwise ten rows or more, more than four columns, or more than ten cells make a
data table. A layout table's cells are read as containers, in order, so the text survives
without the grid.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import Block, Cell, ColumnSpec, Inline, Paragraph, Row, Table, normalize_space
from archivepub.readers.html._util import tag

if TYPE_CHECKING:
    from archivepub.readers.html._blocks import Converter

__all__ = ["is_data_table", "is_layout_table", "read_table"]

_CELL_BLOCKS = (
    ".//p|.//div|.//ul|.//ol|.//table|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//figure|.//img|.//blockquote"
)
_HAS_CELL_BLOCKS = lxml.etree.XPath(f"boolean({_CELL_BLOCKS})")  # compiled once
_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(\d{1,3})(?:\.\d+)?%", re.IGNORECASE)
_ALIGN = re.compile(r"(?:^|;)\s*text-align\s*:\s*(left|center|right)", re.IGNORECASE)
_MAX_SPAN = 1000


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if tag(c) in {"td", "th"}]


def _own_rows(table: HtmlElement) -> list[HtmlElement]:
    """The rows of ``table`` itself (not of tables nested in its cells), in order."""
    rows: list[HtmlElement] = []
    for child in table:
        name = tag(child)
        if name == "tr":
            rows.append(child)
        elif name in {"thead", "tbody", "tfoot"}:
            rows.extend(r for r in child if tag(r) == "tr")
    return rows


def is_layout_table(table: HtmlElement) -> bool:
    """True when ``table`` lays out the page rather than data (see the module's description)."""
    if (table.get("role") or "").lower() in {"presentation", "none"} or table.get("datatable") == "0":
        return True
    rows = _own_rows(table)
    cells = [cell for row in rows for cell in _cells(row)]
    if len(cells) <= 1:
        return True
    if table.get("summary") or table.find("caption") is not None:
        return False
    if any(tag(c) in {"thead", "tfoot", "colgroup"} for c in table) or any(tag(c) == "th" for c in cells):
        return False
    if any(_table_of(inner) is table for inner in table.iter("table") if inner is not table):
        return True
    prose_rows = sum(
        any(
            len(normalize_space(cell.text_content())) > 200 and bool(_HAS_CELL_BLOCKS(cell))
            for cell in _cells(row)
        )
        for row in rows
    )
    if prose_rows > 0 and prose_rows * 2 >= len(rows):
        return True
    columns = max(sum(_span(c.get("colspan")) for c in _cells(row)) for row in rows)
    if len(rows) == 1 or columns == 1:
        return True
    return not (len(rows) >= 10 or columns > 4 or len(rows) * columns > 10)


def is_data_table(el: HtmlElement) -> bool:
    """True for an infobox table (``class="infobox"``): a box of facts about the subject,
    which is article content, though an infobox that is not a table (a side box of links) is
    page furniture."""
    return tag(el) == "table" and "infobox" in (el.get("class") or "").lower().split()


def _span(value: str | None) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(number, 1), _MAX_SPAN)


def _columns(table: HtmlElement) -> tuple[ColumnSpec, ...]:
    specs: list[ColumnSpec] = []
    cols = [c for c in table.iter("col") if _table_of(c) is table]
    for col in cols:
        style = col.get("style") or ""
        width_match = _WIDTH.search(style)
        raw_width = (col.get("width") or "").strip()
        width: int | None = None
        if width_match:
            width = int(width_match.group(1))
        elif raw_width.endswith("%") and raw_width[:-1].isdigit():
            width = int(raw_width[:-1])
        align_match = _ALIGN.search(style)
        align = (col.get("align") or (align_match.group(1) if align_match else "")).lower() or None
        spec = ColumnSpec(
            align=align if align in {"left", "center", "right"} else None,
            width=width if width and 1 <= width <= 100 else None,
        )
        specs.extend([spec] * _span(col.get("span")))
    return tuple(specs)


def _table_of(el: HtmlElement) -> HtmlElement | None:
    node = el.getparent()
    while node is not None and tag(node) != "table":
        node = node.getparent()
    return node


def _cell(conv: Converter, el: HtmlElement) -> Cell:
    blocks: list[Block] = conv.blocks(el)
    return Cell(
        blocks=tuple(blocks),
        header=tag(el) == "th",
        colspan=_span(el.get("colspan")),
        rowspan=_span(el.get("rowspan")),
    )


def _row(conv: Converter, el: HtmlElement) -> Row:
    return Row(cells=tuple(_cell(conv, c) for c in _cells(el)))


def read_table(conv: Converter, table: HtmlElement, out: list[Block]) -> None:
    """Append ``table`` to ``out``: a :class:`Table`, or a layout table's content unwrapped."""
    if is_layout_table(table):
        label = table.find("caption")
        if label is not None:
            out.append(Paragraph(content=tuple(conv.inlines(label))))
        for row in _own_rows(table):
            for cell in _cells(row):
                out.extend(conv.blocks(cell))
        return
    head: list[Row] = []
    foot: list[Row] = []
    bodies: list[list[Row]] = []
    loose: list[Row] = []  # rows directly in the table (the parser adds no tbody)
    for child in table:
        name = tag(child)
        if name == "thead":
            head.extend(_row(conv, r) for r in child if tag(r) == "tr")
        elif name == "tfoot":
            foot.extend(_row(conv, r) for r in child if tag(r) == "tr")
        elif name == "tbody":
            bodies.append([_row(conv, r) for r in child if tag(r) == "tr"])
        elif name == "tr":
            loose.append(_row(conv, child))
    if loose:
        bodies.insert(0, loose)
    bodies = [b for b in bodies if b]
    if not head and bodies:
        # without a thead, the leading rows of header cells name the columns
        first = bodies[0]
        n = 0
        while n < len(first) - 1 and first[n].cells and all(c.header for c in first[n].cells):
            n += 1
        head, bodies[0] = first[:n], first[n:]
    caption_el = table.find("caption")
    caption: tuple[Inline, ...] = tuple(conv.inlines(caption_el)) if caption_el is not None else ()
    out.append(
        Table(
            caption=caption,
            columns=_columns(table),
            head=tuple(head),
            bodies=tuple(tuple(b) for b in bodies if b),
            foot=tuple(foot),
        )
    )
