"""The archival JSON form of model nodes: node <-> plain dict, checked strictly on the way in.

The whole-document functions (with the ``"schema"`` stamp) are in
:mod:`archivepub.model.document`; this module converts the nodes under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archivepub.errors import ReadError
from archivepub.model.nodes import (
    ORIGINS,
    Block,
    CaptureInfo,
    Cell,
    Code,
    CodeBlock,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
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
)

__all__ = [
    "block_from_dict",
    "block_to_dict",
    "capture_from_dict",
    "capture_to_dict",
    "footnote_from_dict",
    "footnote_to_dict",
    "image_info_from_dict",
    "image_info_to_dict",
    "inline_from_dict",
    "inline_to_dict",
    "metadata_from_dict",
    "metadata_to_dict",
    "model_info_from_dict",
    "model_info_to_dict",
    "provenance_from_dict",
    "provenance_to_dict",
]

JSON = dict[str, Any]
_PROV = frozenset({"provenance"})
_FIGURE = frozenset({"provenance", "image"})


def inline_to_dict(node: Inline) -> JSON:
    """Return the JSON form of an inline node."""
    if isinstance(node, Text):
        return {"type": "text", "text": node.text}
    if isinstance(node, Emphasis):
        return {"type": "emphasis", "content": [inline_to_dict(n) for n in node.content]}
    if isinstance(node, Strong):
        return {"type": "strong", "content": [inline_to_dict(n) for n in node.content]}
    if isinstance(node, Link):
        return {"type": "link", "url": node.url, "content": [inline_to_dict(n) for n in node.content]}
    if isinstance(node, Superscript):
        return {"type": "superscript", "content": [inline_to_dict(n) for n in node.content]}
    if isinstance(node, Subscript):
        return {"type": "subscript", "content": [inline_to_dict(n) for n in node.content]}
    if isinstance(node, Code):
        return {"type": "code", "text": node.text}
    if isinstance(node, LineBreak):
        return {"type": "linebreak"}
    return {"type": "noteref", "note": node.note}


def _with_provenance(data: JSON, provenance: tuple[Provenance, ...]) -> JSON:
    if provenance:
        data["provenance"] = [provenance_to_dict(p) for p in provenance]
    return data


def provenance_to_dict(entry: Provenance) -> JSON:
    """Return the JSON form of a segment's provenance (empty fields left out)."""
    data: JSON = {"origin": entry.origin}
    if entry.model is not None:
        data["model"] = entry.model
    if entry.repairs:
        data["repairs"] = list(entry.repairs)
    if entry.findings:
        data["findings"] = list(entry.findings)
    return data


def block_to_dict(block: Block) -> JSON:
    """Return the JSON form of a block (nested blocks included)."""
    if isinstance(block, Heading):
        data: JSON = {
            "type": "heading",
            "id": block.id,
            "level": block.level,
            "content": [inline_to_dict(n) for n in block.content],
        }
        return _with_provenance(data, block.provenance)
    if isinstance(block, Paragraph):
        data = {"type": "paragraph", "id": block.id, "content": [inline_to_dict(n) for n in block.content]}
        return _with_provenance(data, block.provenance)
    if isinstance(block, Figure):
        data = {
            "type": "figure",
            "id": block.id,
            "src": block.src,
            "alt": block.alt,
            "caption": [inline_to_dict(n) for n in block.caption],
            "credit": block.credit,
        }
        if block.image is not None:
            data["image"] = image_info_to_dict(block.image)
        return _with_provenance(data, block.provenance)
    if isinstance(block, Quote):
        return {"type": "quote", "id": block.id, "blocks": [block_to_dict(b) for b in block.blocks]}
    if isinstance(block, Table):
        data = {
            "type": "table",
            "id": block.id,
            "caption": [inline_to_dict(n) for n in block.caption],
            "columns": [{"align": c.align, "width": c.width} for c in block.columns],
            "head": [_row_to_dict(r) for r in block.head],
            "bodies": [[_row_to_dict(r) for r in body] for body in block.bodies],
            "foot": [_row_to_dict(r) for r in block.foot],
        }
        return _with_provenance(data, block.provenance)
    if isinstance(block, CodeBlock):
        return {"type": "code_block", "id": block.id, "language": block.language, "text": block.text}
    if isinstance(block, Preformatted):
        data = {"type": "preformatted", "id": block.id, "content": [inline_to_dict(n) for n in block.content]}
        return _with_provenance(data, block.provenance)
    if isinstance(block, HorizontalRule):
        return {"type": "rule", "id": block.id}
    if isinstance(block, DefinitionList):
        items = [
            {"term": block_to_dict(i.term), "definitions": [block_to_dict(b) for b in i.definitions]}
            for i in block.items
        ]
        return {"type": "definition_list", "id": block.id, "items": items}
    if isinstance(block, Media):
        return {
            "type": "media",
            "id": block.id,
            "kind": block.kind,
            "src": block.src,
            "title": block.title,
            "provider": block.provider,
            "poster": block.poster,
        }
    return {
        "type": "list",
        "id": block.id,
        "ordered": block.ordered,
        "items": [[block_to_dict(b) for b in item] for item in block.items],
    }


def _row_to_dict(row: Row) -> list[JSON]:
    return [
        {
            "header": c.header,
            "colspan": c.colspan,
            "rowspan": c.rowspan,
            "blocks": [block_to_dict(b) for b in c.blocks],
        }
        for c in row.cells
    ]


def footnote_to_dict(note: Footnote) -> JSON:
    """Return the JSON form of a footnote."""
    return {"id": note.id, "label": note.label, "blocks": [block_to_dict(b) for b in note.blocks]}


def model_info_to_dict(info: ModelInfo) -> JSON:
    """Return the JSON form of a machine-translation model's description."""
    return {"name": info.name, "engine": info.engine, "version": info.version, "license": info.license}


def _optional(data: JSON, **values: str | None) -> JSON:
    for key, value in values.items():
        if value is not None:
            data[key] = value
    return data


def image_info_to_dict(info: ImageInfo) -> JSON:
    """Return the JSON form of a figure's image provenance (unknown fields left out)."""
    data: JSON = {
        "url": info.url,
        "media_type": info.media_type,
        "digest": info.digest,
        "origin": info.origin,
    }
    return _optional(data, time=info.time, record_id=info.record_id)


def capture_to_dict(info: CaptureInfo) -> JSON:
    """Return the JSON form of an article's capture provenance (unknown fields left out)."""
    return _optional(
        {"url": info.url},
        time=info.time,
        record_id=info.record_id,
        payload_digest=info.payload_digest,
        software=info.software,
        file=info.file,
        format=info.format,
    )


def metadata_to_dict(meta: Metadata) -> JSON:
    """Return the JSON form of the metadata (translation fields only when set)."""
    data: JSON = {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "date": meta.date,
        "language": meta.language,
        "site_name": meta.site_name,
        "source_url": meta.source_url,
    }
    if meta.source_language is not None:
        data["source_language"] = meta.source_language
    if meta.translators:
        data["translators"] = list(meta.translators)
    if meta.models:
        data["models"] = [model_info_to_dict(m) for m in meta.models]
    if meta.title_provenance:
        data["title_provenance"] = [provenance_to_dict(p) for p in meta.title_provenance]
    if meta.subtitle_provenance:
        data["subtitle_provenance"] = [provenance_to_dict(p) for p in meta.subtitle_provenance]
    if meta.capture is not None:
        data["capture"] = capture_to_dict(meta.capture)
    return data


# --- from JSON: every value is checked, every unknown key refused -------------------------


class _ShapeError(ReadError):
    """A JSON value that does not have the shape of the model (path in the message)."""


def _obj(
    value: object, path: str, required: set[str], optional: frozenset[str] = frozenset()
) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _ShapeError(f"{path}: expected an object, got {type(value).__name__}")
    missing = required - value.keys()
    if missing:
        raise _ShapeError(f"{path}: missing key(s) {', '.join(sorted(missing))}")
    unknown = value.keys() - required - optional
    if unknown:
        raise _ShapeError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    return value


def _str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise _ShapeError(f"{path}: expected a string, got {type(value).__name__}")
    return value


def _opt_str(value: object, path: str) -> str | None:
    return None if value is None else _str(value, path)


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _ShapeError(f"{path}: expected an array, got {type(value).__name__}")
    return value


def _inlines(value: object, path: str) -> tuple[Inline, ...]:
    # adjacent text runs are one run and an empty run is none: the same content, written one way
    # (what every other format can hold, so JSON -> TEI -> JSON gives the document read)
    out: list[Inline] = []
    for i, v in enumerate(_list(value, path)):
        node = inline_from_dict(v, f"{path}[{i}]")
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


def _blocks(value: object, path: str) -> tuple[Block, ...]:
    return tuple(block_from_dict(v, f"{path}[{i}]") for i, v in enumerate(_list(value, path)))


def _provenance(data: Mapping[str, Any], path: str, key: str = "provenance") -> tuple[Provenance, ...]:
    if key not in data:
        return ()
    entries = _list(data[key], f"{path}.{key}")
    if not entries:
        raise _ShapeError(f"{path}.{key}: an empty list is written as no key at all")
    return tuple(provenance_from_dict(e, f"{path}.{key}[{i}]") for i, e in enumerate(entries))


def provenance_from_dict(value: object, path: str = "provenance") -> Provenance:
    """Build a segment's provenance from its JSON form."""
    d = _obj(value, path, {"origin"}, frozenset({"model", "repairs", "findings"}))
    origin = _str(d["origin"], f"{path}.origin")
    if origin not in ORIGINS:
        raise _ShapeError(f"{path}.origin: {origin!r} is not one of {', '.join(ORIGINS)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("repairs", "findings"):
        if key in d:
            items = _list(d[key], f"{path}.{key}")
            if not items:
                raise _ShapeError(f"{path}.{key}: an empty list is written as no key at all")
            lists[key] = tuple(_str(r, f"{path}.{key}[{i}]") for i, r in enumerate(items))
    model = _str(d["model"], f"{path}.model") if "model" in d else None
    return Provenance(origin=origin, model=model, **lists)


def _type(value: object, path: str) -> str:
    if not isinstance(value, dict) or "type" not in value:
        raise _ShapeError(f'{path}: expected an object with a "type"')
    return _str(value["type"], f"{path}.type")


def inline_from_dict(value: object, path: str = "inline") -> Inline:
    """Build an inline node from its JSON form (:class:`ReadError` naming ``path`` if malformed)."""
    kind = _type(value, path)
    if kind == "text":
        d = _obj(value, path, {"type", "text"})
        return Text(_str(d["text"], f"{path}.text"))
    if kind in ("emphasis", "strong"):
        d = _obj(value, path, {"type", "content"})
        content = _inlines(d["content"], f"{path}.content")
        return Emphasis(content) if kind == "emphasis" else Strong(content)
    if kind == "link":
        d = _obj(value, path, {"type", "url", "content"})
        return Link(_str(d["url"], f"{path}.url"), _inlines(d["content"], f"{path}.content"))
    if kind == "noteref":
        d = _obj(value, path, {"type", "note"})
        return NoteRef(_str(d["note"], f"{path}.note"))
    if kind in ("superscript", "subscript"):
        d = _obj(value, path, {"type", "content"})
        content = _inlines(d["content"], f"{path}.content")
        return Superscript(content) if kind == "superscript" else Subscript(content)
    if kind == "code":
        d = _obj(value, path, {"type", "text"})
        return Code(_str(d["text"], f"{path}.text"))
    if kind == "linebreak":
        _obj(value, path, {"type"})
        return LineBreak()
    raise _ShapeError(f"{path}: unknown inline type {kind!r}")


def block_from_dict(value: object, path: str = "block") -> Block:
    """Build a block from its JSON form (:class:`ReadError` naming ``path`` if malformed)."""
    kind = _type(value, path)
    if kind == "heading":
        d = _obj(value, path, {"type", "id", "level", "content"}, _PROV)
        level = d["level"]
        if not isinstance(level, int) or isinstance(level, bool):
            raise _ShapeError(f"{path}.level: expected an integer")
        return Heading(
            id=_str(d["id"], f"{path}.id"),
            level=level,
            provenance=_provenance(d, path),
            content=_inlines(d["content"], f"{path}.content"),
        )
    if kind == "paragraph":
        d = _obj(value, path, {"type", "id", "content"}, _PROV)
        return Paragraph(
            id=_str(d["id"], f"{path}.id"),
            content=_inlines(d["content"], f"{path}.content"),
            provenance=_provenance(d, path),
        )
    if kind == "figure":
        d = _obj(value, path, {"type", "id", "src", "alt", "caption", "credit"}, _FIGURE)
        return Figure(
            id=_str(d["id"], f"{path}.id"),
            src=_opt_str(d["src"], f"{path}.src"),
            alt=_opt_str(d["alt"], f"{path}.alt"),
            caption=_inlines(d["caption"], f"{path}.caption"),
            credit=_opt_str(d["credit"], f"{path}.credit"),
            provenance=_provenance(d, path),
            image=image_info_from_dict(d["image"], f"{path}.image") if "image" in d else None,
        )
    if kind == "quote":
        d = _obj(value, path, {"type", "id", "blocks"})
        return Quote(id=_str(d["id"], f"{path}.id"), blocks=_blocks(d["blocks"], f"{path}.blocks"))
    if kind == "list":
        d = _obj(value, path, {"type", "id", "ordered", "items"})
        if not isinstance(d["ordered"], bool):
            raise _ShapeError(f"{path}.ordered: expected true or false")
        items = tuple(
            _blocks(item, f"{path}.items[{i}]") for i, item in enumerate(_list(d["items"], f"{path}.items"))
        )
        return ListBlock(id=_str(d["id"], f"{path}.id"), ordered=d["ordered"], items=items)
    return _new_block_from_dict(kind, value, path)


def _int(value: object, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _ShapeError(f"{path}: expected an integer")
    return value


def _opt_int(value: object, path: str) -> int | None:
    return None if value is None else _int(value, path)


def _rows_from(value: object, path: str) -> tuple[Row, ...]:
    rows = []
    for i, row in enumerate(_list(value, path)):
        cells = []
        for j, cell in enumerate(_list(row, f"{path}[{i}]")):
            where = f"{path}[{i}][{j}]"
            d = _obj(cell, where, {"header", "colspan", "rowspan", "blocks"})
            if not isinstance(d["header"], bool):
                raise _ShapeError(f"{where}.header: expected true or false")
            cells.append(
                Cell(
                    header=d["header"],
                    colspan=_int(d["colspan"], f"{where}.colspan"),
                    rowspan=_int(d["rowspan"], f"{where}.rowspan"),
                    blocks=_blocks(d["blocks"], f"{where}.blocks"),
                )
            )
        rows.append(Row(cells=tuple(cells)))
    return tuple(rows)


def _new_block_from_dict(kind: str, value: object, path: str) -> Block:
    """The block types added in ``archivepub/2``."""
    if kind == "table":
        d = _obj(value, path, {"type", "id", "caption", "columns", "head", "bodies", "foot"}, _PROV)
        columns = []
        for i, col in enumerate(_list(d["columns"], f"{path}.columns")):
            c = _obj(col, f"{path}.columns[{i}]", {"align", "width"})
            columns.append(
                ColumnSpec(
                    align=_opt_str(c["align"], f"{path}.columns[{i}].align"),
                    width=_opt_int(c["width"], f"{path}.columns[{i}].width"),
                )
            )
        bodies = _list(d["bodies"], f"{path}.bodies")
        return Table(
            id=_str(d["id"], f"{path}.id"),
            caption=_inlines(d["caption"], f"{path}.caption"),
            columns=tuple(columns),
            head=_rows_from(d["head"], f"{path}.head"),
            bodies=tuple(_rows_from(b, f"{path}.bodies[{i}]") for i, b in enumerate(bodies)),
            foot=_rows_from(d["foot"], f"{path}.foot"),
            provenance=_provenance(d, path),
        )
    if kind == "code_block":
        d = _obj(value, path, {"type", "id", "language", "text"})
        return CodeBlock(
            id=_str(d["id"], f"{path}.id"),
            language=_opt_str(d["language"], f"{path}.language"),
            text=_str(d["text"], f"{path}.text"),
        )
    if kind == "preformatted":
        d = _obj(value, path, {"type", "id", "content"}, _PROV)
        return Preformatted(
            id=_str(d["id"], f"{path}.id"),
            content=_inlines(d["content"], f"{path}.content"),
            provenance=_provenance(d, path),
        )
    if kind == "rule":
        d = _obj(value, path, {"type", "id"})
        return HorizontalRule(id=_str(d["id"], f"{path}.id"))
    if kind == "definition_list":
        d = _obj(value, path, {"type", "id", "items"})
        items = []
        for i, item in enumerate(_list(d["items"], f"{path}.items")):
            where = f"{path}.items[{i}]"
            entry = _obj(item, where, {"term", "definitions"})
            term = block_from_dict(entry["term"], f"{where}.term")
            if not isinstance(term, Paragraph):
                raise _ShapeError(f"{where}.term: expected a paragraph")
            items.append(
                DefinitionItem(term=term, definitions=_blocks(entry["definitions"], f"{where}.definitions"))
            )
        return DefinitionList(id=_str(d["id"], f"{path}.id"), items=tuple(items))
    if kind == "media":
        d = _obj(value, path, {"type", "id", "kind", "src", "title", "provider", "poster"})
        return Media(
            id=_str(d["id"], f"{path}.id"),
            kind=_str(d["kind"], f"{path}.kind"),
            src=_opt_str(d["src"], f"{path}.src"),
            title=_opt_str(d["title"], f"{path}.title"),
            provider=_opt_str(d["provider"], f"{path}.provider"),
            poster=_opt_str(d["poster"], f"{path}.poster"),
        )
    raise _ShapeError(f"{path}: unknown block type {kind!r}")


def footnote_from_dict(value: object, path: str = "footnote") -> Footnote:
    """Build a footnote from its JSON form."""
    d = _obj(value, path, {"id", "label", "blocks"})
    return Footnote(
        id=_str(d["id"], f"{path}.id"),
        label=_str(d["label"], f"{path}.label"),
        blocks=_blocks(d["blocks"], f"{path}.blocks"),
    )


def model_info_from_dict(value: object, path: str = "model") -> ModelInfo:
    """Build a machine-translation model's description from its JSON form."""
    d = _obj(value, path, {"name", "engine", "version", "license"})
    return ModelInfo(
        name=_str(d["name"], f"{path}.name"),
        engine=_str(d["engine"], f"{path}.engine"),
        version=_opt_str(d["version"], f"{path}.version"),
        license=_opt_str(d["license"], f"{path}.license"),
    )


def _present(d: Mapping[str, Any], key: str, path: str) -> str | None:
    """An optional key: absent is ``None``; present, it must be a string (null is refused)."""
    if key not in d:
        return None
    return _str(d[key], f"{path}.{key}")


def image_info_from_dict(value: object, path: str = "image") -> ImageInfo:
    """Build a figure's image provenance from its JSON form."""
    d = _obj(value, path, {"url", "media_type", "digest", "origin"}, frozenset({"time", "record_id"}))
    return ImageInfo(
        url=_opt_str(d["url"], f"{path}.url"),
        media_type=_str(d["media_type"], f"{path}.media_type"),
        digest=_str(d["digest"], f"{path}.digest"),
        origin=_str(d["origin"], f"{path}.origin"),
        time=_present(d, "time", path),
        record_id=_present(d, "record_id", path),
    )


def capture_from_dict(value: object, path: str = "capture") -> CaptureInfo:
    """Build an article's capture provenance from its JSON form."""
    optional = frozenset({"time", "record_id", "payload_digest", "software", "file", "format"})
    d = _obj(value, path, {"url"}, optional)
    return CaptureInfo(
        url=_str(d["url"], f"{path}.url"),
        time=_present(d, "time", path),
        record_id=_present(d, "record_id", path),
        payload_digest=_present(d, "payload_digest", path),
        software=_present(d, "software", path),
        file=_present(d, "file", path),
        format=_present(d, "format", path),
    )


def _str_list(value: object, path: str) -> tuple[str, ...]:
    return tuple(_str(a, f"{path}[{i}]") for i, a in enumerate(_list(value, path)))


def metadata_from_dict(value: object, path: str = "metadata") -> Metadata:
    """Build the metadata from its JSON form."""
    keys = {"title", "subtitle", "authors", "date", "language", "site_name", "source_url"}
    optional = {
        "source_language",
        "translators",
        "models",
        "title_provenance",
        "subtitle_provenance",
        "capture",
    }
    d = _obj(value, path, keys, frozenset(optional))
    translators = _str_list(d["translators"], f"{path}.translators") if "translators" in d else ()
    models: tuple[ModelInfo, ...] = ()
    if "models" in d:
        entries = _list(d["models"], f"{path}.models")
        models = tuple(model_info_from_dict(m, f"{path}.models[{i}]") for i, m in enumerate(entries))
    if ("translators" in d and not translators) or ("models" in d and not models):
        raise _ShapeError(f"{path}: an empty list is written as no key at all")
    source_language = d.get("source_language")
    return Metadata(
        title=_str(d["title"], f"{path}.title"),
        subtitle=_opt_str(d["subtitle"], f"{path}.subtitle"),
        authors=_str_list(d["authors"], f"{path}.authors"),
        date=_opt_str(d["date"], f"{path}.date"),
        language=_str(d["language"], f"{path}.language"),
        site_name=_opt_str(d["site_name"], f"{path}.site_name"),
        source_url=_opt_str(d["source_url"], f"{path}.source_url"),
        source_language=None if source_language is None else _str(source_language, f"{path}.source_language"),
        translators=translators,
        models=models,
        title_provenance=_provenance(d, path, "title_provenance"),
        subtitle_provenance=_provenance(d, path, "subtitle_provenance"),
        capture=capture_from_dict(d["capture"], f"{path}.capture") if "capture" in d else None,
    )
