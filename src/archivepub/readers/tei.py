"""Read TEI P5 XML (as :mod:`archivepub.writers.tei` writes it) into a Document; validate TEI.

Parsing is safe for untrusted files: no DTD is loaded, no entity is expanded, nothing is
fetched from the network, and a file that declares a DTD or entities is refused.
"""

from __future__ import annotations

import functools
import gzip
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from archivepub.errors import DocumentError, ReadError
from archivepub.model import (
    Block,
    CaptureInfo,
    Cell,
    Code,
    CodeBlock,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    HorizontalRule,
    ImageInfo,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Media,
    Metadata,
    ModelInfo,
    NoteRef,
    Paragraph,
    Preformatted,
    Provenance,
    Quote,
    Row,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    make_document,
    noterefs,
)
from archivepub.model.urls import safe_blocks, safe_url

__all__ = [
    "BUNDLED_SCHEMA",
    "SCHEMA_ENV",
    "ValidationIssue",
    "compile_schema",
    "find_tei_schema",
    "parse_xml",
    "read_tei",
    "validate_tei",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_T = "{" + TEI_NS + "}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)")

#: Environment variable naming the TEI RelaxNG schema ``archivepub validate`` uses by default.
SCHEMA_ENV = "ARCHIVEPUB_TEI_SCHEMA"

#: The TEI P5 ``tei_all`` RelaxNG schema shipped with archivepub (TEI P5 4.7.0, generated
#: 2023-11-16; TEI Consortium, CC BY 3.0 and BSD-2; gzip-compressed): see ``schemas/README.md``.
BUNDLED_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "tei_all.rng.gz"

# Block-level elements in a container; anything else there is inline content.
_BLOCK_TAGS = frozenset(
    _T + n
    for n in (
        "p",
        "div",
        "head",
        "quote",
        "list",
        "figure",
        "ab",
        "lg",
        "floatingText",
        "table",
        "eg",
        "milestone",
    )
)
_MAX_SPAN = 1000


def _span(value: str | None) -> int:
    if value is None or not value.strip().isdigit():
        return 1
    return min(max(int(value), 1), _MAX_SPAN)


def _columns(rend: str | None) -> tuple[ColumnSpec, ...]:
    """Column specs written as ``rend="col:left:30 col:default"``; other tokens are not columns."""
    out = []
    for token in (rend or "").split():
        parts = token.split(":")
        if parts[0] != "col" or len(parts) > 3:
            continue
        align = parts[1] if len(parts) > 1 and parts[1] in ("left", "center", "right") else None
        width = (
            int(parts[2]) if len(parts) == 3 and parts[2].isdigit() and 1 <= int(parts[2]) <= 100 else None
        )
        out.append(ColumnSpec(align=align, width=width))
    return tuple(out)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse untrusted XML safely and return its root; refuse DTDs and entity declarations.

    :raises ReadError: naming ``name`` and the line, for malformed XML or a DTD.
    """
    found = _DOCTYPE.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        raise ReadError("DTDs and entity declarations are not allowed in TEI input", source=name, line=line)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"malformed XML: {exc.msg}", source=name, line=exc.lineno or None) from exc
    except ValueError as exc:  # e.g. an encoding lxml does not know
        raise ReadError(f"malformed XML: {exc}", source=name) from exc
    if root is None:
        raise ReadError("malformed XML: no root element", source=name)
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise ReadError("DTDs and entity declarations are not allowed in TEI input", source=name, line=1)
    return root


def read_tei(data: bytes, *, url: str | None = None, name: str = "<bytes>") -> Document:
    """Read a TEI P5 document into a :class:`~archivepub.model.Document`.

    TEI that :func:`archivepub.writers.tei.write_tei` wrote reads back to the identical
    document (ids, notes, provenance and all). Other TEI is read leniently: blocks without
    ``xml:id`` get fresh ids and the text is normalised as every reader's is.

    >>> from archivepub.writers.tei import write_tei
    >>> from archivepub.model import Metadata, Paragraph, Text, make_document
    >>> doc = make_document(Metadata(title="T", language="hy"), [Paragraph(content=(Text("Բարեւ"),))])
    >>> read_tei(write_tei(doc).encode()) == doc
    True

    :param data: the file's bytes.
    :param url: recorded as ``metadata.source_url`` when the file names none.
    :param name: the file's name, for error messages.
    :raises ReadError: for malformed XML, a DTD, a root that is not TEI, or an inconsistent
        document; the message names the file and the line where known.
    """
    root = parse_xml(data, name)
    if root.tag != _T + "TEI":
        raise ReadError(
            f"not a TEI P5 document: the root element is <{etree.QName(root).localname}>,"
            f" not <TEI> in the namespace {TEI_NS}",
            source=name,
            line=root.sourceline,
        )
    return _Reader(root, name, url).document()


# --- reading ----------------------------------------------------------------------------------


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return "".join(_itertext(element))


def _itertext(element: etree._Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str):
            yield from _itertext(child)
        if child.tail:
            yield child.tail


def _merge(inlines: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


def _blank(inlines: list[Inline]) -> bool:
    return all(isinstance(n, Text) and not n.text.strip() for n in inlines)


def _level(value: str | None, default: int) -> int:
    if value is not None and value.isdigit() and 1 <= int(value) <= 6:
        return int(value)
    return max(1, min(default, 6))


def _graphic_url(graphic: etree._Element | None) -> str | None:
    if graphic is None:
        return None
    kind = graphic.get("type")
    if kind == "empty":
        return ""
    url = graphic.get("url") or ""
    return unquote(url) if kind == "escaped" else url


@dataclass
class _Note:
    key: str
    label: str
    blocks: tuple[Block, ...] = ()


class _Reader:
    """Reads one parsed TEI tree."""

    def __init__(self, root: etree._Element, name: str, url: str | None) -> None:
        self.root = root
        self.name = name
        self.url = url
        self.complete = True  # every block and note had an xml:id
        self.notes: dict[str, _Note] = {}
        self.appearance: list[str] = []
        self.interps: dict[str, Provenance] = {}
        self.mt_names: dict[str, str] = {}

    def fail(self, message: str, element: etree._Element | None = None) -> ReadError:
        return ReadError(message, source=self.name, line=None if element is None else element.sourceline)

    # --- whole document -----------------------------------------------------------------

    def document(self) -> Document:
        header = self.root.find(_T + "teiHeader")
        if header is None:
            raise self.fail("TEI document without a <teiHeader>", self.root)
        meta = self._metadata(header)
        self._provenance_table()
        meta = self._metadata_provenance(header, meta)
        text = self.root.find(_T + "text")
        if text is None:
            raise self.fail("TEI document without a <text>", self.root)
        body = text.find(_T + "body")
        blocks = self._container(body, depth=0) if body is not None else []
        back = text.find(_T + "back")
        if back is not None:
            self._container(back, depth=0)  # registers unreferenced notes; back matter is not kept
        order = self._note_order(blocks)
        try:
            if self.complete:
                footnotes = tuple(
                    Footnote(id=key, label=self.notes[key].label, blocks=safe_blocks(self.notes[key].blocks))
                    for key in order
                )
                if meta.source_url is not None:
                    meta = replace(meta, source_url=safe_url(meta.source_url, "source URL"))
                return Document(metadata=meta, blocks=safe_blocks(tuple(blocks)), footnotes=footnotes)
            drafts = [DraftNote(key, self.notes[key].label, self.notes[key].blocks) for key in order]
            return make_document(meta, blocks, drafts)
        except DocumentError as exc:
            raise self.fail(f"inconsistent TEI document: {exc}") from exc

    def _note_order(self, blocks: list[Block]) -> list[str]:
        group = self.root.find(f"{_T}standOff/{_T}linkGrp[@type='footnote-order']")
        order: list[str] = []
        if group is not None:
            for ptr in group.iter(_T + "ptr"):
                key = (ptr.get("target") or "").removeprefix("#")
                if key in self.notes and key not in order:
                    order.append(key)
        else:
            for ref in noterefs(blocks):
                if ref.note in self.notes and ref.note not in order:
                    order.append(ref.note)
            i = 0
            while i < len(order):
                for ref in noterefs(self.notes[order[i]].blocks):
                    if ref.note in self.notes and ref.note not in order:
                        order.append(ref.note)
                i += 1
        order.extend(key for key in self.appearance if key not in order)
        return order

    # --- header -------------------------------------------------------------------------

    def _metadata(self, header: etree._Element) -> Metadata:
        file_desc = header.find(_T + "fileDesc")
        if file_desc is None:
            raise self.fail("<teiHeader> without a <fileDesc>", header)
        title_stmt = file_desc.find(_T + "titleStmt")
        if title_stmt is None:
            raise self.fail("<fileDesc> without a <titleStmt>", file_desc)
        title_el = title_stmt.find(_T + "title[@type='main']")
        if title_el is None:
            title_el = title_stmt.find(_T + "title")
        title = _text(title_el) or ""
        authors = tuple(_text(a) or "" for a in title_stmt.findall(_T + "author"))
        translators: list[str] = []
        for stmt in title_stmt.findall(_T + "respStmt"):
            resp = stmt.find(_T + "resp")
            key = resp.get("key") if resp is not None else None
            if key == "trl":
                person = stmt.find(_T + "persName")
                if person is None:
                    person = stmt.find(_T + "name")
                translators.append(_text(person) or "")
            elif key == "mt":
                stmt_id = stmt.get(_XML_ID)
                if stmt_id:
                    self.mt_names[stmt_id] = _text(stmt.find(_T + "name")) or ""
        bibl = file_desc.find(f"{_T}sourceDesc/{_T}bibl")
        site = date = source_url = source_language = None
        if bibl is not None:
            site = _text(bibl.find(_T + "publisher"))
            date = _text(bibl.find(_T + "date"))
            source_url = _text(bibl.find(_T + "idno[@type='URL']"))
            lang_el = bibl.find(_T + "textLang")
            source_language = lang_el.get("mainLang") if lang_el is not None else None
        models = []
        for app in header.iterfind(f"{_T}encodingDesc/{_T}appInfo/{_T}application[@type='mt']"):
            desc = {d.get("type"): _text(d) or "" for d in app.findall(_T + "desc")}
            models.append(
                ModelInfo(
                    name=_text(app.find(_T + "label")) or "",
                    engine=desc.get("engine", app.get("ident") or ""),
                    version=desc.get("version"),
                    license=desc.get("license"),
                )
            )
        language = self.root.get(_XML_LANG)
        if not language:
            lang_el = header.find(f"{_T}profileDesc/{_T}langUsage/{_T}language")
            language = (lang_el.get("ident") if lang_el is not None else None) or "und"
        front = self.root.find(f"{_T}text/{_T}front")
        subtitle = None
        if front is not None:
            subtitle = _text(front.find(f"{_T}argument/{_T}p"))
            if date is None:
                date = _text(front.find(_T + "docDate"))
        if source_url is None:
            source_url = self.url
        capture = None
        capture_el = file_desc.find(f"{_T}sourceDesc/{_T}bibl[@type='capture']")
        if capture_el is not None:
            ids = {i.get("type"): _text(i) or "" for i in capture_el.findall(_T + "idno")}
            capture = CaptureInfo(
                url=ids.get("URL", ""),
                time=_text(capture_el.find(_T + "date")),
                record_id=ids.get("WARC-Record-ID"),
                payload_digest=ids.get("WARC-Payload-Digest"),
                software=_text(capture_el.find(_T + "name[@type='software']")),
                file=ids.get("file"),
                format=ids.get("format"),
            )
        try:
            return Metadata(
                title=title,
                subtitle=subtitle,
                authors=authors,
                date=date,
                language=language,
                site_name=site,
                source_url=source_url,
                source_language=source_language,
                translators=tuple(translators),
                models=tuple(models),
                capture=capture,
            )
        except (TypeError, ValueError) as exc:  # pragma: no cover - Metadata checks nothing yet
            raise self.fail(f"bad metadata: {exc}", header) from exc

    def _metadata_provenance(self, header: etree._Element, meta: Metadata) -> Metadata:
        """Add the title's (``titleStmt/title``) and standfirst's (``front/argument/p``) provenance."""
        title_stmt = header.find(f"{_T}fileDesc/{_T}titleStmt")
        title_el = None if title_stmt is None else title_stmt.find(_T + "title[@type='main']")
        if title_el is None and title_stmt is not None:
            title_el = title_stmt.find(_T + "title")
        standfirst = self.root.find(f"{_T}text/{_T}front/{_T}argument/{_T}p")
        title_provenance = () if title_el is None else self._prov(title_el)
        subtitle_provenance = () if standfirst is None else self._prov(standfirst)
        if not title_provenance and not subtitle_provenance:
            return meta
        return replace(meta, title_provenance=title_provenance, subtitle_provenance=subtitle_provenance)

    def _provenance_table(self) -> None:
        for interp in self.root.iterfind(f"{_T}standOff/{_T}interpGrp[@type='provenance']/{_T}interp"):
            interp_id = interp.get(_XML_ID)
            origin = interp.get("type")
            if not interp_id or not origin:
                continue
            model = None
            for pointer in (interp.get("resp") or "").split():
                if pointer.removeprefix("#") in self.mt_names:
                    model = self.mt_names[pointer.removeprefix("#")]
                    break
            repairs = tuple(_text(d) or "" for d in interp.findall(_T + "desc[@type='repair']"))
            findings = tuple(_text(d) or "" for d in interp.findall(_T + "desc[@type='finding']"))
            self.interps[interp_id] = Provenance(
                origin=origin, model=model, repairs=repairs, findings=findings
            )

    # --- blocks -------------------------------------------------------------------------

    def _id(self, element: etree._Element) -> str:
        node_id = element.get(_XML_ID)
        if not node_id:
            self.complete = False
            return ""
        return node_id

    def _prov(self, element: etree._Element) -> tuple[Provenance, ...]:
        out = []
        for pointer in (element.get("ana") or "").split():
            entry = self.interps.get(pointer.removeprefix("#"))
            if entry is not None:
                out.append(entry)
        return tuple(out)

    def _container(self, element: etree._Element, depth: int) -> list[Block]:
        """Read the blocks inside ``element``; loose inline content becomes a paragraph."""
        blocks: list[Block] = []
        run: list[Inline] = []

        def flush() -> None:
            content = _merge(run)
            run.clear()
            if not _blank(list(content)):
                self.complete = False
                blocks.append(Paragraph(content=content))

        if element.text:
            run.append(Text(element.text))
        for child in element:
            if not isinstance(child.tag, str):
                pass  # comment or processing instruction: only its tail counts
            elif child.tag == _T + "note" and _blank(run):
                self._note(child)
            elif child.tag in _BLOCK_TAGS or (child.tag == _T + "label" and child.get("type") == "heading"):
                flush()
                blocks.extend(self._block(child, depth))
            else:
                run.extend(self._inline(child))
            if child.tail:
                run.append(Text(child.tail))
        flush()
        return blocks

    def _block(self, element: etree._Element, depth: int) -> list[Block]:
        tag = etree.QName(element).localname
        if tag == "div":
            return self._container(element, depth + 1)
        if tag in ("head", "label"):
            parent = element.getparent()
            if tag == "head" and parent is not None and parent.tag == _T + "div":
                level = _level(parent.get("n"), depth)
            else:
                level = _level(element.get("n"), depth + 1)
            return [
                Heading(
                    id=self._id(element),
                    level=level,
                    content=self._inlines(element),
                    provenance=self._prov(element),
                )
            ]
        if tag == "ab" and element.get("type") == "preformatted":
            return [
                Preformatted(
                    id=self._id(element), content=self._inlines(element), provenance=self._prov(element)
                )
            ]
        if tag == "eg":
            rend = element.get("rend") or ""
            language = rend.removeprefix("language-") if rend.startswith("language-") else None
            return [CodeBlock(id=self._id(element), text=_text(element) or "", language=language)]
        if tag == "milestone":
            return [HorizontalRule(id=self._id(element))] if element.get("unit") == "section" else []
        if tag == "table":
            return [self._table(element, depth)]
        if tag == "list" and element.get("type") == "gloss":
            return [self._gloss(element, depth)]
        if tag == "figure" and element.get("type") == "media":
            return [self._media(element)]
        if tag in ("p", "ab"):
            return [
                Paragraph(
                    id=self._id(element), content=self._inlines(element), provenance=self._prov(element)
                )
            ]
        if tag == "quote":
            return [Quote(id=self._id(element), blocks=tuple(self._container(element, depth)))]
        if tag == "list":
            items = tuple(tuple(self._container(item, depth)) for item in element.findall(_T + "item"))
            rend = (element.get("rend") or "") + " " + (element.get("type") or "")
            ordered = "numbered" in rend or "ordered" in rend.replace("unordered", "")
            return [ListBlock(id=self._id(element), ordered=ordered, items=items)]
        if tag == "figure":
            return [self._figure(element)]
        return self._container(element, depth)

    def _table(self, element: etree._Element, depth: int) -> Table:
        head = element.find(_T + "head")
        # The caption is read first: notes met inside it come before those in the rows, as the
        # writer placed them (a note's position in reading order decides its number).
        caption = self._inlines(head) if head is not None else ()
        groups: dict[str, list[Row]] = {}
        for row in element.findall(_T + "row"):
            part = row.get("rend") or ("head" if row.get("role") == "label" else "body1")
            cells = tuple(
                Cell(
                    blocks=tuple(self._container(cell, depth)),
                    header=cell.get("role") == "label",
                    colspan=_span(cell.get("cols")),
                    rowspan=_span(cell.get("rows")),
                )
                for cell in row.findall(_T + "cell")
            )
            groups.setdefault(part, []).append(Row(cells=cells))
        bodies = tuple(tuple(rows) for part, rows in groups.items() if part not in ("head", "foot"))
        return Table(
            id=self._id(element),
            caption=caption,
            columns=_columns(element.get("rend")),
            head=tuple(groups.get("head", ())),
            bodies=bodies,
            foot=tuple(groups.get("foot", ())),
            provenance=self._prov(element),
        )

    def _gloss(self, element: etree._Element, depth: int) -> DefinitionList:
        items: list[DefinitionItem] = []
        term: Paragraph | None = None
        for child in element:
            if child.tag == _T + "label":
                if term is not None:
                    items.append(DefinitionItem(term=term))
                term = Paragraph(
                    id=self._id(child), content=self._inlines(child), provenance=self._prov(child)
                )
            elif child.tag == _T + "item":
                if term is None:
                    term = Paragraph(id="", content=())
                    self.complete = False
                items.append(DefinitionItem(term=term, definitions=tuple(self._container(child, depth))))
                term = None
        if term is not None:
            items.append(DefinitionItem(term=term))
        return DefinitionList(id=self._id(element), items=tuple(items))

    def _media(self, element: etree._Element) -> Media:
        head = element.find(_T + "head")
        poster = next((g for g in element.findall(_T + "graphic") if "poster" in (g.get("type") or "")), None)
        ref = element.find(f"{_T}p/{_T}ref")
        provider_bibl = element.find(_T + "bibl[@type='provider']")
        src = None
        provider = _text(provider_bibl)
        if ref is not None and (ref.get("target") is not None or ref.get("type") == "media-empty"):
            target = ref.get("target") or ""
            src = unquote(target) if ref.get("type") == "escaped" else target
            if ref.get("subtype") == "provider":
                provider = _text(ref)
        poster_url = None
        if poster is not None:
            url = poster.get("url") or ""
            kind = poster.get("type")
            poster_url = "" if kind == "poster-empty" else unquote(url) if kind == "poster-escaped" else url
        return Media(
            id=self._id(element),
            kind=element.get("subtype") or "embed",
            src=src,
            title=_text(head),
            provider=provider,
            poster=poster_url,
        )

    def _figure(self, element: etree._Element) -> Figure:
        graphic = element.find(_T + "graphic")
        head = element.find(_T + "head")
        credit = element.find(_T + "bibl[@type='credit']")
        src = _graphic_url(graphic)
        image = None
        if graphic is not None:
            desc = {d.get("type"): _text(d) or "" for d in graphic.findall(_T + "desc")}
            src = desc.get("src", src)
            if "digest" in desc and graphic.get("mimeType"):
                image = ImageInfo(
                    url=desc.get("url"),
                    media_type=graphic.get("mimeType") or "",
                    digest=desc["digest"],
                    origin=desc.get("origin", "capture"),
                    time=desc.get("time"),
                    record_id=desc.get("record_id"),
                )
        return Figure(
            id=self._id(element),
            image=image,
            src=src,
            alt=_text(element.find(_T + "figDesc")),
            caption=self._inlines(head) if head is not None else (),
            credit=_text(credit),
            provenance=self._prov(element),
        )

    def _note(self, element: etree._Element) -> str:
        key = element.get(_XML_ID)
        if not key:
            self.complete = False
            key = f"note{len(self.notes) + 1}"
        if key in self.notes:
            raise self.fail(f"two notes have the xml:id {key!r}", element)
        label = element.get("n")
        note = _Note(key=key, label=str(len(self.notes) + 1) if label is None else label)
        self.notes[key] = note
        self.appearance.append(key)
        note.blocks = tuple(self._container(element, 0))
        return key

    # --- inlines ------------------------------------------------------------------------

    def _inlines(self, element: etree._Element) -> tuple[Inline, ...]:
        out: list[Inline] = []
        if element.text:
            out.append(Text(element.text))
        for child in element:
            if isinstance(child.tag, str):
                out.extend(self._inline(child))
            if child.tail:
                out.append(Text(child.tail))
        return _merge(out)

    def _inline(self, element: etree._Element) -> list[Inline]:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag == "hi":
            rend = element.get("rend") or ""
            content = self._inlines(element)
            if rend in ("sup", "superscript"):
                return [Superscript(content)]
            if rend in ("sub", "subscript"):
                return [Subscript(content)]
            return [Strong(content) if "bold" in rend or "strong" in rend else Emphasis(content)]
        if tag in ("ref", "ptr") and element.get("type") == "noteref":
            return [NoteRef((element.get("target") or "").removeprefix("#"))]
        if tag == "ref":
            target = element.get("target")
            if target is None:
                url = ""
            elif element.get("type") == "escaped":
                url = unquote(target)
            else:
                url = target
            return [Link(url, self._inlines(element))]
        if tag == "note":
            return [NoteRef(self._note(element))]
        if tag == "lb":
            return [LineBreak()]
        if tag == "code":
            return [Code(_text(element) or "")]
        if tag in ("figure", "graphic", "figDesc", "interp", "index"):
            return []
        return list(self._inlines(element))


# --- validation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One schema error in a TEI file: the line (0 when unknown) and the validator's message."""

    line: int
    message: str


def find_tei_schema(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the RelaxNG schema to validate TEI with: ``explicit``, else
    ``$ARCHIVEPUB_TEI_SCHEMA``, else the bundled ``tei_all`` (:data:`BUNDLED_SCHEMA`).

    >>> find_tei_schema() == BUNDLED_SCHEMA or SCHEMA_ENV in os.environ
    True

    :param explicit: a schema file (``.rng``, or ``.rng.gz``) chosen by the caller.
    :raises ReadError: when the file does not exist.
    """
    value = os.fspath(explicit) if explicit is not None else os.environ.get(SCHEMA_ENV)
    path = Path(value) if value else BUNDLED_SCHEMA
    if not path.is_file():
        raise ReadError("TEI schema not found", source=path)
    return path


@functools.lru_cache(maxsize=4)
def compile_schema(path: str) -> etree.RelaxNG:
    """Compile the RelaxNG schema at ``path`` (once per process: tei_all takes about 10 s).

    A file whose name ends in ``.gz`` is decompressed first.

    :raises ReadError: when the file cannot be read or is not a RelaxNG schema.
    """
    try:
        data = Path(path).read_bytes()
        if path.endswith(".gz"):
            data = gzip.decompress(data)
    except OSError as exc:
        raise ReadError(f"cannot read the schema: {exc.strerror or exc}", source=path) from exc
    except (EOFError, gzip.BadGzipFile) as exc:
        raise ReadError(f"cannot read the schema: not a complete gzip file ({exc})", source=path) from exc
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
        return etree.RelaxNG(tree)
    except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise ReadError(f"not a usable RelaxNG schema: {exc}", source=path) from exc


def validate_tei(
    data: bytes, schema: str | os.PathLike[str] | None = None, *, name: str = "<bytes>"
) -> list[ValidationIssue]:
    """Validate TEI bytes against a RelaxNG schema; return the problems (none when valid).

    The schema is :func:`find_tei_schema` ``(schema)``, compiled once per process.

    :param data: the TEI file's bytes.
    :param schema: path of the RelaxNG schema (e.g. ``tei_all.rng``).
    :param name: the file's name, for error messages.
    :raises ReadError: when the file is not well-formed XML or declares a DTD, or no schema
        is available.
    """
    validator = compile_schema(os.fspath(find_tei_schema(schema)))
    root = parse_xml(data, name)
    if validator.validate(root.getroottree()):
        return []
    return [ValidationIssue(error.line, error.message) for error in validator.error_log]
