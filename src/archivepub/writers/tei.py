"""Write a :class:`~archivepub.model.Document` as TEI P5 XML (encoding choices: ``docs/tei.md``)."""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from archivepub.errors import WriteError
from archivepub.model import (
    Block,
    CaptureInfo,
    Code,
    CodeBlock,
    DefinitionList,
    Document,
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
    noterefs,
)
from archivepub.writers._xml import IdPool, check_text, escape_uri, indent, is_uri, serialize

__all__ = ["TeiOptions", "write_tei"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_T = "{" + TEI_NS + "}"
_XML_ID = "{" + _XML_NS + "}id"
_XML_LANG = "{" + _XML_NS + "}lang"
_XML_SPACE = "{" + _XML_NS + "}space"

#: Elements whose TEI content model is element-only: the only ones pretty-printing indents.
ELEMENT_ONLY = frozenset(
    _T + name
    for name in (
        "TEI",
        "teiHeader",
        "fileDesc",
        "titleStmt",
        "respStmt",
        "publicationStmt",
        "notesStmt",
        "availability",
        "sourceDesc",
        "encodingDesc",
        "appInfo",
        "application",
        "profileDesc",
        "langUsage",
        "revisionDesc",
        "text",
        "front",
        "docTitle",
        "argument",
        "body",
        "back",
        "div",
        "list",
        "figure",
        "standOff",
        "interpGrp",
        "linkGrp",
    )
)

# application/@version must match this (tei_all 4.7.0); anything else is kept in a <desc>.
_APP_VERSION = re.compile(r"[\d]+[a-z]*[\d]*(\.[\d]+[a-z]*[\d]*){0,3}\Z")
_LEADING_VERSION = re.compile(r"\d+(\.\d+){0,3}")
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


@dataclass(frozen=True, slots=True, kw_only=True)
class TeiOptions:
    """Options of :func:`write_tei`.

    :param pretty: indent the XML (only where TEI allows no text, so content is unchanged).
    :param article_id: the article's identifier in the archive; written as the
        ``publicationStmt/idno`` and used for the default ``original``.
    :param original: the original's TEI file, as a URL relative to this one, that a
        translation's ``@corresp`` attributes point into; default
        ``../<source_language>/<article_id>.<source_language>.tei.xml`` (the build layout).
    :param read_date: when the article was read (``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ss``
        with an optional zone);
        default: the date of ``SOURCE_DATE_EPOCH`` if set, else no date.
    :param translated_date: when it was translated (translations only); same default.
    :param reviewed_date: when the translation was last reviewed (only written when some
        segment is reviewed); same default.
    :param publisher: the archive publishing this copy (``publicationStmt/publisher``).
    :param licence: the licence of this copy (``publicationStmt/availability/licence``).
    :param source_title: the original's title, for a translation's ``sourceDesc``
        (default: the translated title, marked with the translation's language).
    :param image_base: prefixed to a figure's relative image path in ``graphic/@url``, so that
        the URL resolves from where the TEI file is stored (the build writes ``"../"``: the
        images sit in ``<article-id>/images/`` beside the language folders); the model's
        ``src`` is then kept in ``graphic/desc[@type="src"]``. Default: none.
    :param partial: the translation keeps some segments untranslated: ``notesStmt`` carries a
        ``note type="partial"`` saying so (untranslated blocks carry the source's ``xml:lang``).
    """

    pretty: bool = True
    article_id: str = "article"
    original: str | None = None
    read_date: str | None = None
    translated_date: str | None = None
    reviewed_date: str | None = None
    publisher: str | None = None
    licence: str | None = None
    source_title: str | None = None
    image_base: str | None = None
    partial: bool = False


def write_tei(doc: Document, options: TeiOptions = TeiOptions()) -> str:
    """Return ``doc`` as a TEI P5 document (text, with an XML declaration).

    Reading the result back with :func:`archivepub.readers.tei.read_tei` gives ``doc`` again.

    >>> from archivepub.model import Metadata, Paragraph, Text, make_document
    >>> doc = make_document(Metadata(title="On bees", language="en"), [Paragraph(content=(Text("Hum."),))])
    >>> print(write_tei(doc).split("<body>")[1].split("</body>")[0].strip())
    <p xml:id="p1">Hum.</p>

    :param doc: the document.
    :param options: see :class:`TeiOptions`.
    :raises WriteError: when a string holds a character XML cannot represent, or a date in
        ``options`` is malformed.
    """
    root = _Writer(doc, options).build()
    if options.pretty:
        indent(root, ELEMENT_ONLY)
    return serialize(root)


# --- helpers --------------------------------------------------------------------------------


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _T + name)
    for key, value in attrs.items():
        element.set(key, check_text(value, f"@{key} of <{name}>"))
    if text is not None:
        element.text = check_text(text, f"<{name}>")
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    text = check_text(text, "text")
    # the last child without len(parent), which counts every child: linear time on long paragraphs
    last = next(parent.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _epoch_date() -> str | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return _dt.datetime.fromtimestamp(int(value), _dt.UTC).date().isoformat()
    except (ValueError, OverflowError, OSError) as exc:
        raise WriteError(f"SOURCE_DATE_EPOCH={value!r} is not a usable number of seconds since 1970") from exc


# what TEI's @when accepts of ISO 8601: xsd:date or xsd:dateTime (seconds required)
_WHEN = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?\Z")


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        if not _WHEN.match(value):
            raise ValueError(value)
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise WriteError(
            f"TeiOptions.{option}={value!r} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss)"
        ) from exc
    return value


def _valid_when(date: str) -> bool:
    try:
        return _dt.date.fromisoformat(date).year >= 1
    except ValueError:
        return False


def _expected_note_order(doc: Document, appearance: Sequence[str]) -> list[str]:
    """The footnote order a reader infers: notes reachable from the body, breadth first as
    :func:`~archivepub.model.make_document` numbers them, then the others in ``appearance``.
    """
    by_id = {note.id: note for note in doc.footnotes}
    order: list[str] = []
    for ref in noterefs(doc.blocks):
        if ref.note not in order:
            order.append(ref.note)
    i = 0
    while i < len(order):
        for ref in noterefs(by_id[order[i]].blocks):
            if ref.note not in order:
                order.append(ref.note)
        i += 1
    order.extend(note_id for note_id in appearance if note_id not in order)
    return order


_ProvKey = tuple[str, str | None, tuple[str, ...], tuple[str, ...]]


class _Writer:
    """Builds the TEI tree of one document."""

    def __init__(self, doc: Document, options: TeiOptions) -> None:
        self.doc = doc
        self.meta = doc.metadata
        self.options = options
        taken = [block.id for block in doc.all_blocks()] + [note.id for note in doc.footnotes]
        self.ids = IdPool(taken)
        self.notes = {note.id: note for note in doc.footnotes}
        self.placed: list[str] = []
        self.translation = self.meta.source_language is not None
        self.corresp_base = ""
        if self.translation:
            src = self.meta.source_language
            self.corresp_base = options.original or f"../{src}/{options.article_id}.{src}.tei.xml"
        self.translator_ids = [
            self.ids.fresh(f"translator{i}") for i in range(1, len(self.meta.translators) + 1)
        ]
        self.mt_ids = {m.name: self.ids.fresh(f"mt{i}") for i, m in enumerate(self.meta.models, start=1)}
        self.app_ids = {m.name: self.ids.fresh(f"model{i}") for i, m in enumerate(self.meta.models, start=1)}
        self.title_id = self.ids.fresh("title")
        self.standfirst_id = self.ids.fresh("standfirst")
        self.interps: dict[_ProvKey, str] = {}
        self.interp_order: list[_ProvKey] = []
        epoch = _epoch_date()
        self.read_date = _check_date(options.read_date, "read_date") or epoch
        self.translated_date = _check_date(options.translated_date, "translated_date") or epoch
        self.reviewed_date = _check_date(options.reviewed_date, "reviewed_date") or epoch

    # --- document -----------------------------------------------------------------------

    def build(self) -> etree._Element:
        root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
        root.set(_XML_LANG, self.meta.language)
        header = _sub(root, "teiHeader")
        text = _sub(root, "text")
        self._front(text)
        body = _sub(text, "body")
        self._body(body)
        self._back(text)
        self._standoff(root)
        # the header is written last: it lists what the text used (interpretations, models)
        self._header(header)
        return root

    def _common(self, element: etree._Element, node_id: str, provenance: tuple[Provenance, ...] = ()) -> None:
        element.set(_XML_ID, node_id)
        if self.translation:
            element.set("corresp", check_text(f"{self.corresp_base}#{node_id}", "@corresp"))
            if provenance and all(p.origin == "untranslated" for p in provenance):
                assert self.meta.source_language is not None
                element.set(_XML_LANG, self.meta.source_language)  # still the source's text
        self._analyse(element, provenance)

    def _analyse(self, element: etree._Element, provenance: tuple[Provenance, ...]) -> None:
        """Point ``element`` at its segments' interpretations (``@ana``) and responsibles (``@resp``)."""
        if provenance:
            pointers = [f"#{self._interp(entry)}" for entry in provenance]
            element.set("ana", " ".join(pointers))
            resp: list[str] = []
            for entry in provenance:
                for pointer in self._resp(entry):
                    if pointer not in resp:
                        resp.append(pointer)
            if resp:
                element.set("resp", " ".join(resp))

    def _resp(self, entry: Provenance) -> list[str]:
        out = []
        if entry.model is not None:
            out.append(f"#{self.mt_ids[entry.model]}")
        if entry.origin == "reviewed":
            out.extend(f"#{i}" for i in self.translator_ids)
        return out

    def _interp(self, entry: Provenance) -> str:
        key: _ProvKey = (entry.origin, entry.model, entry.repairs, entry.findings)
        if key not in self.interps:
            self.interps[key] = self.ids.fresh(f"prov{len(self.interps) + 1}")
            self.interp_order.append(key)
        return self.interps[key]

    # --- front, body, back -----------------------------------------------------------------

    def _front(self, text: etree._Element) -> None:
        meta = self.meta
        front = _sub(text, "front")
        doc_title = _sub(front, "docTitle")
        part = _sub(doc_title, "titlePart", meta.title, type="main")
        self._common(part, self.title_id, meta.title_provenance)
        if meta.subtitle is not None:
            argument = _sub(front, "argument")
            p = _sub(argument, "p", meta.subtitle)
            self._common(p, self.standfirst_id, meta.subtitle_provenance)
        if meta.authors:
            byline = _sub(front, "byline")
            for i, author in enumerate(meta.authors):
                if i:
                    _append_text(byline, ", ")
                _sub(byline, "docAuthor", author)
        if meta.date is not None:
            attrs = {"when": meta.date} if _valid_when(meta.date) else {}
            _sub(front, "docDate", meta.date, **attrs)

    def _body(self, body: etree._Element) -> None:
        if all(isinstance(block, Figure | Media | HorizontalRule) for block in self.doc.blocks):
            # a body needs a paragraph-like element or a div; figures (and rules) alone are not enough
            body = _sub(body, "div", type="content")
        stack: list[tuple[int, etree._Element]] = []
        for block in self.doc.blocks:
            if isinstance(block, Heading):
                while stack and stack[-1][0] >= block.level:
                    stack.pop()
                parent = stack[-1][1] if stack else body
                div = _sub(parent, "div", type="section", n=str(block.level))
                head = _sub(div, "head")
                self._common(head, block.id, block.provenance)
                self._inlines(head, block.content)
                stack.append((block.level, div))
            else:
                self._block(stack[-1][1] if stack else body, block)

    def _back(self, text: etree._Element) -> None:
        pending = [note for note in self.doc.footnotes if note.id not in self.placed]
        if not pending:
            return
        back = _sub(text, "back")
        div = _sub(back, "div", type="notes")
        for note in pending:
            if note.id not in self.placed:  # an earlier note here may have placed it
                self._note(div, note)

    def _standoff(self, root: etree._Element) -> None:
        actual = [note.id for note in self.doc.footnotes]
        order_needed = _expected_note_order(self.doc, self.placed) != actual
        if not self.interps and not order_needed:
            return
        standoff = _sub(root, "standOff")
        if self.interps:
            group = _sub(standoff, "interpGrp", type="provenance")
            for key in self.interp_order:
                origin, model, repairs, findings = key
                interp = _sub(group, "interp", type=origin)
                interp.set(_XML_ID, self.interps[key])
                resp = self._resp(Provenance(origin=origin, model=model))
                if resp:
                    interp.set("resp", " ".join(resp))
                for repair in repairs:
                    _sub(interp, "desc", repair, type="repair")
                for finding in findings:
                    _sub(interp, "desc", finding, type="finding")
        if order_needed:
            group = _sub(standoff, "linkGrp", type="footnote-order")
            for note_id in actual:
                _sub(group, "ptr", target=f"#{note_id}")

    # --- blocks --------------------------------------------------------------------------

    def _blocks(self, parent: etree._Element, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            self._block(parent, block)

    def _block(self, parent: etree._Element, block: Block) -> None:
        match block:
            case Heading():
                label = _sub(parent, "label", type="heading", n=str(block.level))
                self._common(label, block.id, block.provenance)
                self._inlines(label, block.content)
            case Paragraph():
                p = _sub(parent, "p")
                self._common(p, block.id, block.provenance)
                self._inlines(p, block.content)
            case Figure():
                self._figure(parent, block)
            case Quote():
                quote = _sub(parent, "quote")
                self._common(quote, block.id)
                self._blocks(quote, block.blocks)
            case ListBlock():
                lst = _sub(parent, "list", rend="numbered" if block.ordered else "bulleted")
                self._common(lst, block.id)
                for item_blocks in block.items:
                    self._blocks(_sub(lst, "item"), item_blocks)
            case Table():
                self._table(parent, block)
            case CodeBlock():
                eg = _sub(parent, "eg", block.text)
                self._common(eg, block.id)
                eg.set(_XML_SPACE, "preserve")
                if block.language:
                    eg.set("rend", check_text(f"language-{block.language}", "@rend of <eg>"))
            case Preformatted():
                ab = _sub(parent, "ab", type="preformatted")
                self._common(ab, block.id, block.provenance)
                ab.set(_XML_SPACE, "preserve")
                self._inlines(ab, block.content)
            case HorizontalRule():
                rule = _sub(parent, "milestone", unit="section", rend="rule")
                self._common(rule, block.id)
            case DefinitionList():
                lst = _sub(parent, "list", type="gloss")
                self._common(lst, block.id)
                for item in block.items:
                    label = _sub(lst, "label")
                    self._common(label, item.term.id, item.term.provenance)
                    self._inlines(label, item.term.content)
                    self._blocks(_sub(lst, "item"), item.definitions)
            case Media():
                self._media(parent, block)

    def _table(self, parent: etree._Element, block: Table) -> None:
        rows = block.rows()
        width = max((sum(c.colspan for c in row.cells) for row in rows), default=0)
        table = _sub(parent, "table", rows=str(len(rows)), cols=str(max(width, 1)))
        self._common(table, block.id, block.provenance)
        if block.columns:
            specs = [
                f"col:{c.align or 'default'}" + (f":{c.width}" if c.width else "") for c in block.columns
            ]
            table.set("rend", " ".join(specs))
        if block.caption:
            self._inlines(_sub(table, "head"), block.caption)
        groups: list[tuple[str, tuple[Row, ...]]] = [("head", block.head)]
        groups += [(f"body{n}", body) for n, body in enumerate(block.bodies, start=1)]
        groups.append(("foot", block.foot))
        for part, group in groups:
            for row in group:
                element = _sub(table, "row", rend=part)
                if part == "head":
                    element.set("role", "label")
                for cell in row.cells:
                    attrs = {"role": "label"} if cell.header else {"role": "data"}
                    if cell.colspan != 1:
                        attrs["cols"] = str(cell.colspan)
                    if cell.rowspan != 1:
                        attrs["rows"] = str(cell.rowspan)
                    self._blocks(_sub(element, "cell", **attrs), cell.blocks)

    def _media(self, parent: etree._Element, block: Media) -> None:
        """A media placeholder: a ``figure`` with a ``ref`` to the media, never the media itself."""
        figure = _sub(parent, "figure", type="media", subtype=block.kind)
        self._common(figure, block.id)
        if block.title is not None:
            _sub(figure, "head", block.title)
        if block.poster == "":
            _sub(figure, "graphic", url="#", type="poster-empty")
        elif block.poster is not None:
            target, escaped = _pointer(block.poster)
            _sub(figure, "graphic", url=target, type="poster-escaped" if escaped else "poster")
        if block.src == "":
            ref = _sub(_sub(figure, "p"), "ref", type="media-empty")
            ref.text = check_text(block.provider or "", "<ref>")
            if block.provider is not None:
                ref.set("subtype", "provider")
        elif block.src is not None:
            target, escaped = _pointer(block.src)
            ref = _sub(_sub(figure, "p"), "ref", type="escaped" if escaped else "media", target=target)
            ref.text = check_text(block.provider or block.src, "<ref>")
            if block.provider is not None:
                ref.set("subtype", "provider")
        elif block.provider is not None:
            _sub(figure, "bibl", block.provider, type="provider")

    def _figure(self, parent: etree._Element, block: Figure) -> None:
        figure = _sub(parent, "figure")
        self._common(figure, block.id, block.provenance)
        if block.src == "":
            _sub(figure, "graphic", type="empty", url="#")
        elif block.src is not None:
            url = block.src
            if self.options.image_base and _relative_path(url):
                url = self.options.image_base + url
            target, escaped = _pointer(url)
            graphic = _sub(figure, "graphic", type="escaped", url=target) if escaped else None
            if graphic is None:
                graphic = _sub(figure, "graphic", url=target)
            if url != block.src:
                _sub(graphic, "desc", block.src, type="src")
            if block.image is not None:
                self._image(graphic, block.image)
        if block.caption:
            self._inlines(_sub(figure, "head"), block.caption)
        if block.alt is not None:
            _sub(figure, "figDesc", block.alt)
        if block.credit is not None:
            _sub(figure, "bibl", block.credit, type="credit")

    @staticmethod
    def _image(graphic: etree._Element, image: ImageInfo) -> None:
        """The image's provenance: ``@mimeType`` and one ``desc`` per known fact."""
        graphic.set("mimeType", image.media_type)
        if image.url is not None:
            _sub(graphic, "desc", image.url, type="url")
        _sub(graphic, "desc", image.digest, type="digest")
        _sub(graphic, "desc", image.origin, type="origin")
        if image.time is not None:
            _sub(graphic, "desc", image.time, type="time")
        if image.record_id is not None:
            _sub(graphic, "desc", image.record_id, type="record_id")

    def _note(self, parent: etree._Element, note: Footnote) -> None:
        self.placed.append(note.id)
        element = _sub(parent, "note", place="foot", n=note.label)
        self._common(element, note.id)
        self._blocks(element, note.blocks)

    # --- inlines -------------------------------------------------------------------------

    def _inlines(self, parent: etree._Element, inlines: tuple[Inline, ...]) -> None:
        for node in inlines:
            match node:
                case Text():
                    _append_text(parent, node.text)
                case Emphasis():
                    self._inlines(_sub(parent, "hi", rend="italic"), node.content)
                case Strong():
                    self._inlines(_sub(parent, "hi", rend="bold"), node.content)
                case Link():
                    self._inlines(self._link(parent, node.url), node.content)
                case Superscript():
                    self._inlines(_sub(parent, "hi", rend="sup"), node.content)
                case Subscript():
                    self._inlines(_sub(parent, "hi", rend="sub"), node.content)
                case Code():
                    _sub(parent, "code", node.text)
                case LineBreak():
                    _sub(parent, "lb")
                case NoteRef():
                    if node.note in self.placed:
                        note = self.notes[node.note]
                        _sub(parent, "ref", note.label, type="noteref", target=f"#{node.note}")
                    else:
                        self._note(parent, self.notes[node.note])

    def _link(self, parent: etree._Element, url: str) -> etree._Element:
        if not url:
            return _sub(parent, "ref")
        target, escaped = _pointer(url)
        if escaped:
            return _sub(parent, "ref", type="escaped", target=target)
        return _sub(parent, "ref", target=target)

    # --- header --------------------------------------------------------------------------

    def _header(self, header: etree._Element) -> None:
        meta = self.meta
        file_desc = _sub(header, "fileDesc")
        title_stmt = _sub(file_desc, "titleStmt")
        title = _sub(title_stmt, "title", meta.title, type="main")
        self._analyse(title, meta.title_provenance)
        for author in meta.authors:
            _sub(title_stmt, "author", author)
        for resp_id, name in zip(self.translator_ids, meta.translators, strict=True):
            stmt = _sub(title_stmt, "respStmt")
            stmt.set(_XML_ID, resp_id)
            _sub(stmt, "resp", "translation", key="trl")
            _sub(stmt, "persName", name)
        for model in meta.models:
            stmt = _sub(title_stmt, "respStmt")
            stmt.set(_XML_ID, self.mt_ids[model.name])
            _sub(stmt, "resp", "machine translation", key="mt")
            _sub(stmt, "name", model.name, type="software", ref=f"#{self.app_ids[model.name]}")
        self._publication(file_desc)
        if self.translation and self.options.partial:
            notes = _sub(file_desc, "notesStmt")
            _sub(
                notes,
                "note",
                "Partial translation: the passages marked with the source language are not translated.",
                type="partial",
            )
        self._source(file_desc)

        encoding = _sub(header, "encodingDesc")
        app_info = _sub(encoding, "appInfo")
        import archivepub

        version = archivepub.__version__
        app = _sub(app_info, "application", ident="archivepub", version=_app_version(version))
        _sub(app, "label", "archivepub")
        if not _APP_VERSION.match(version):
            _sub(app, "desc", version, type="version")
        for model in meta.models:
            ident = model.engine if _XML_NAME.match(model.engine) else "mt"
            app = _sub(app_info, "application", ident=ident, version=_app_version(model.version), type="mt")
            app.set(_XML_ID, self.app_ids[model.name])
            _sub(app, "label", model.name)
            _sub(app, "desc", model.engine, type="engine")
            if model.version is not None:
                _sub(app, "desc", model.version, type="version")
            if model.license is not None:
                _sub(app, "desc", model.license, type="license")

        profile = _sub(header, "profileDesc")
        lang_usage = _sub(profile, "langUsage")
        _sub(lang_usage, "language", meta.language, ident=meta.language)

        revision = _sub(header, "revisionDesc")
        self._change(revision, "read", self.read_date, f"Read into archivepub {version}.")
        entries = [*meta.title_provenance, *meta.subtitle_provenance]
        entries.extend(entry for block in self.doc.all_blocks() for entry in _provenance(block))
        if self.translation:
            source = meta.source_language
            others = [
                f"{count} segments {what}"
                for origin, what in (
                    ("memory", "from the translation memory"),
                    ("copied", "copied from the source (numbers, punctuation)"),
                    ("untranslated", "left untranslated"),
                )
                if (count := sum(e.origin == origin for e in entries))
            ]
            rest = f" Also {', '.join(others)}." if others else ""
            used = [
                (m, sum(e.origin == "machine" and e.model == m.name for e in entries)) for m in meta.models
            ]
            used = [(m, n) for m, n in used if n]
            for model, count in used:
                licence = f", licence {model.license}" if model.license else ""
                text = f"Machine translation from {source} by {model.name}{licence}: {count} segments.{rest}"
                self._change(
                    revision, "translated", self.translated_date, text, f"#{self.mt_ids[model.name]}"
                )
                rest = ""
            if not used:
                self._change(revision, "translated", self.translated_date, f"Translated from {source}.{rest}")
        reviewed = sum(entry.origin == "reviewed" for entry in entries)
        if reviewed:
            who = " ".join(f"#{i}" for i in self.translator_ids) or None
            self._change(
                revision, "reviewed", self.reviewed_date, f"Translation reviewed: {reviewed} segments.", who
            )

    def _change(
        self, revision: etree._Element, kind: str, when: str | None, text: str, who: str | None = None
    ) -> None:
        attrs = {"type": kind}
        if when is not None:
            attrs["when"] = when
        if who is not None:
            attrs["who"] = who
        _sub(revision, "change", text, **attrs)

    def _publication(self, file_desc: etree._Element) -> None:
        options = self.options
        stmt = _sub(file_desc, "publicationStmt")
        if options.publisher is None:
            text = "Archival copy made with archivepub; not published."
            if options.licence is not None:
                text += f" Licence: {options.licence}"
            _sub(stmt, "p", text)
            return
        _sub(stmt, "publisher", options.publisher)
        _sub(stmt, "idno", options.article_id, type="archivepub")
        if options.licence is not None:
            availability = _sub(stmt, "availability")
            _sub(availability, "licence", options.licence)

    def _source(self, file_desc: etree._Element) -> None:
        meta = self.meta
        source = _sub(file_desc, "sourceDesc")
        bibl = _sub(source, "bibl", type="original")
        if self.translation and self.options.source_title is None:
            _sub(bibl, "title", meta.title, level="a").set(_XML_LANG, meta.language)
        elif self.translation and meta.source_language is not None:
            title = _sub(bibl, "title", self.options.source_title or meta.title, level="a")
            title.set(_XML_LANG, meta.source_language)
        else:
            _sub(bibl, "title", self.options.source_title or meta.title, level="a")
        for author in meta.authors:
            _sub(bibl, "author", author)
        if meta.site_name is not None:
            _sub(bibl, "publisher", meta.site_name)
        if meta.date is not None:
            attrs = {"when": meta.date} if _valid_when(meta.date) else {}
            _sub(bibl, "date", meta.date, **attrs)
        if meta.source_url is not None:
            _sub(bibl, "idno", meta.source_url, type="URL")
        if meta.source_language is not None:
            _sub(bibl, "textLang", mainLang=meta.source_language)
        if meta.capture is not None:
            self._capture(source, meta.capture)

    @staticmethod
    def _capture(source: etree._Element, capture: CaptureInfo) -> None:
        """The web capture the text was read from: ``sourceDesc/bibl[@type="capture"]``."""
        bibl = _sub(source, "bibl", type="capture")
        _sub(bibl, "idno", capture.url, type="URL")
        if capture.time is not None:
            _sub(bibl, "date", capture.time, type="capture", when=capture.time)
        for kind, value in (
            ("WARC-Record-ID", capture.record_id),
            ("WARC-Payload-Digest", capture.payload_digest),
            ("file", capture.file),
            ("format", capture.format),
        ):
            if value is not None:
                _sub(bibl, "idno", value, type=kind)
        if capture.software is not None:
            _sub(bibl, "name", capture.software, type="software")


def _pointer(url: str) -> tuple[str, bool]:
    """Return a non-empty URL as TEI accepts it in a pointer, and whether it was escaped.

    A URL that is not a valid pointer (whitespace, a bare ``:``) is percent-escaped entirely
    (:func:`~archivepub.writers._xml.escape_uri`), so that unescaping gives it back exactly.
    """
    check_text(url, "URL")
    if is_uri(url):
        return url, False
    return escape_uri(url), True


def _relative_path(src: str) -> bool:
    """True for a relative path (``images/a.png``): no scheme, not from the root, not a fragment."""
    return bool(src) and ":" not in src.split("/", 1)[0] and not src.startswith(("/", "#", "?", "\\"))


def _app_version(version: str | None) -> str:
    if version is None:
        return "0"
    if _APP_VERSION.match(version):
        return version
    match = _LEADING_VERSION.match(version)
    return match.group() if match else "0"


def _provenance(block: Block) -> tuple[Provenance, ...]:
    if isinstance(block, Heading | Paragraph | Figure | Table | Preformatted):
        return block.provenance
    return ()
