"""The document model's invariants and its archival JSON form."""

from __future__ import annotations

import json

import pytest

from archivepub import DocumentError, ReadError, SchemaVersionError
from archivepub.model import (
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    Link,
    ListBlock,
    Metadata,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    Text,
    make_document,
)


def _para(text: str, *extra: object) -> Paragraph:
    return Paragraph(content=(Text(text), *extra))  # type: ignore[arg-type]


def _sample() -> Document:
    return make_document(
        Metadata(title="Title", subtitle="Lede", authors=("A. Writer",), date="2024-04-18", language="en"),
        [
            Heading(level=2, content=(Text("Section"),)),
            _para("See ", NoteRef("b"), Emphasis((Text("this"),)), Text(" and "), NoteRef("a")),
            Figure(src="img.jpg", alt="Alt", caption=(Strong((Text("Cap"),)),), credit="Jane Doe"),
            Quote(blocks=(_para("quoted"),)),
            ListBlock(ordered=True, items=((_para("one"),), (_para("two"), _para("two b")))),
            _para("", Link("https://example.org/", (Text("link"),))),
        ],
        [DraftNote("a", "2", (_para("note a"),)), DraftNote("b", "1", (_para("note b"),))],
    )


def test_json_round_trip_is_exact() -> None:
    doc = _sample()
    data = doc.to_dict()
    assert data["schema"] == "archivepub/2"
    again = Document.from_dict(json.loads(doc.to_json()))
    assert again == doc
    assert again.to_dict() == data


def test_ids_are_per_kind_in_reading_order_and_notes_in_reference_order() -> None:
    doc = _sample()
    ids = [b.id for b in doc.all_blocks()]
    assert ids == ["h1", "p1", "fig1", "quote1", "p2", "list1", "p3", "p4", "p5", "p6", "fn1-p1", "fn2-p1"]
    # note "b" is referenced first, so it is fn1, and keeps its own label
    assert [(n.id, n.label) for n in doc.footnotes] == [("fn1", "1"), ("fn2", "2")]
    assert doc.footnote("fn1").blocks[0] == Paragraph(id="fn1-p1", content=(Text("note b"),))


def test_all_blocks_is_the_walk_each_time_and_a_list_the_caller_owns() -> None:
    # all_blocks is kept per document (the build asks for it dozens of times per article):
    # each call still gives the walk's blocks, in a fresh list, and documents that are equal
    # but not the same object, or many documents in turn, each get their own blocks
    doc = _sample()
    first = doc.all_blocks()
    first.clear()
    assert [b.id for b in doc.all_blocks()] == [
        "h1",
        "p1",
        "fig1",
        "quote1",
        "p2",
        "list1",
        "p3",
        "p4",
        "p5",
        "p6",
        "fn1-p1",
        "fn2-p1",
    ]
    others = [make_document(Metadata(title=f"T{i}"), [_para(f"text {i}")]) for i in range(40)]
    for _ in range(2):
        for i, other in enumerate(others):
            assert [b.content for b in other.all_blocks()] == [(Text(f"text {i}"),)]  # type: ignore[union-attr]
    assert doc.all_blocks() == _sample().all_blocks()


def test_ids_are_deterministic() -> None:
    assert _sample() == _sample()


def test_dangling_noteref_is_rejected() -> None:
    with pytest.raises(DocumentError, match="fn9"):
        Document(
            metadata=Metadata(title="T"),
            blocks=(Paragraph(id="p1", content=(NoteRef("fn9"),)),),
        )


def test_duplicate_ids_are_rejected() -> None:
    note = Footnote(id="p1", label="1", blocks=())
    with pytest.raises(DocumentError, match="duplicate id 'p1'"):
        Document(metadata=Metadata(title="T"), blocks=(_para_id("p1"),), footnotes=(note,))


def _para_id(node_id: str) -> Paragraph:
    return Paragraph(id=node_id, content=(Text("x"),))


@pytest.mark.parametrize("bad", ["", "1p", "a b", "a:b"])
def test_malformed_ids_are_rejected(bad: str) -> None:
    with pytest.raises(DocumentError, match="invalid id"):
        Document(metadata=Metadata(title="T"), blocks=(_para_id(bad),))


def test_metadata_is_checked() -> None:
    with pytest.raises(DocumentError, match="YYYY-MM-DD"):
        Document(metadata=Metadata(title="T", date="18 April 2024"), blocks=())
    with pytest.raises(DocumentError, match="BCP-47"):
        Document(metadata=Metadata(title="T", language="az_Latn"), blocks=())


def test_nodes_are_immutable() -> None:
    doc = _sample()
    with pytest.raises(AttributeError):
        doc.metadata.title = "changed"  # type: ignore[misc]


def test_normalisation_merges_text_and_drops_blank_blocks() -> None:
    doc = make_document(
        Metadata(title="T"),
        [
            _para("  a \n b ", Text("  c"), Emphasis(()), Strong((Text(" "),)), Text("d ")),
            _para("\u00a0"),
            Heading(content=(Text("  "),)),
        ],
    )
    assert doc.blocks == (Paragraph(id="p1", content=(Text("a b c d"),)),)


def test_unreferenced_refs_to_missing_keys_are_dropped() -> None:
    doc = make_document(Metadata(title="T"), [_para("x", NoteRef("missing"))])
    assert doc.blocks[0] == Paragraph(id="p1", content=(Text("x"),))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema="archivepub/3"), "not supported"),
        (lambda d: d.update(extra=1), "unknown top-level key"),
        (lambda d: d["blocks"][0].update(type="sidebar"), "unknown block type"),
        (lambda d: d["blocks"][0].update(level="2"), "blocks\\[0\\].level"),
        (lambda d: d["metadata"].pop("title"), "missing key"),
        (lambda d: d["blocks"][1]["content"].append({"type": "noteref"}), "missing key"),
    ],
)
def test_malformed_json_is_a_read_error_with_its_path(mutate: object, message: str) -> None:
    data = _sample().to_dict()
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ReadError, match=message):
        Document.from_dict(data)


def test_other_schema_version_has_its_own_error() -> None:
    data = _sample().to_dict()
    data["schema"] = "archivepub/0"
    with pytest.raises(SchemaVersionError):
        Document.from_dict(data)


def test_translation_provenance_round_trips_and_is_checked() -> None:
    from archivepub.model import ModelInfo, Provenance

    meta = Metadata(
        title="Заголовок",
        language="ru",
        source_language="en",
        translators=("Анна Иванова",),
        models=(ModelInfo(name="en-ru-1.9", version="1.9", license="CC-BY-4.0"),),
    )
    para = Paragraph(
        id="p1",
        content=(Text("x"),),
        provenance=(
            Provenance(origin="reviewed"),
            Provenance(origin="machine", model="en-ru-1.9", repairs=("noteref-reattached",)),
        ),
    )
    doc = Document(metadata=meta, blocks=(para,))
    data = doc.to_dict()
    assert data["blocks"][0]["provenance"][1] == {
        "origin": "machine",
        "model": "en-ru-1.9",
        "repairs": ["noteref-reattached"],
    }
    assert Document.from_dict(data) == doc
    # an original has no provenance keys at all
    assert "provenance" not in _sample().to_dict()["blocks"][0]
    assert "models" not in _sample().to_dict()["metadata"]
    with pytest.raises(DocumentError, match=r"not in metadata\.models"):
        Document(metadata=Metadata(title="T"), blocks=(para,))
    bad = doc.to_dict()
    bad["blocks"][0]["provenance"][0]["origin"] = "guess"
    with pytest.raises(ReadError, match="origin"):
        Document.from_dict(bad)


def test_title_and_standfirst_provenance_round_trip_and_are_checked() -> None:
    from dataclasses import replace

    from archivepub.model import ModelInfo, Provenance

    meta = Metadata(
        title="Пчёлы. Их жизнь.",
        subtitle="Короткий рассказ.",
        language="ru",
        source_language="en",
        models=(ModelInfo(name="en-ru-1.9"),),
        title_provenance=(
            Provenance(origin="reviewed"),
            Provenance(origin="machine", model="en-ru-1.9", repairs=("fixed",)),
        ),
        subtitle_provenance=(Provenance(origin="untranslated"),),
    )
    doc = Document(metadata=meta, blocks=(Paragraph(id="p1", content=(Text("x"),)),))
    data = doc.to_dict()
    assert data["metadata"]["title_provenance"] == [
        {"origin": "reviewed"},
        {"origin": "machine", "model": "en-ru-1.9", "repairs": ["fixed"]},
    ]
    assert data["metadata"]["subtitle_provenance"] == [{"origin": "untranslated"}]
    assert Document.from_json(doc.to_json()) == doc
    # written only when non-empty: an original has neither key
    assert "title_provenance" not in _sample().to_dict()["metadata"]
    assert "subtitle_provenance" not in _sample().to_dict()["metadata"]
    # strict reading: an empty list, a bad origin and a non-list are refused, naming the path
    for key, value, message in [
        ("title_provenance", [], r"metadata\.title_provenance: an empty list"),
        ("subtitle_provenance", [{"origin": "guess"}], r"metadata\.subtitle_provenance\[0\]\.origin"),
        ("title_provenance", {"origin": "machine"}, r"metadata\.title_provenance: expected an array"),
        ("title_provenance", [{"origin": "machine", "who": "x"}], r"unknown key\(s\) who"),
    ]:
        bad = doc.to_dict()
        bad["metadata"][key] = value
        with pytest.raises(ReadError, match=message):
            Document.from_dict(bad)
    # the invariants: models named must be listed, origins must be known
    unlisted = replace(meta, models=())
    with pytest.raises(
        DocumentError, match=r"title_provenance: model 'en-ru-1\.9' is not in metadata\.models"
    ):
        Document(metadata=unlisted, blocks=doc.blocks)
    guessed = replace(meta, subtitle_provenance=(Provenance(origin="guess"),))
    with pytest.raises(DocumentError, match=r"subtitle_provenance: unknown provenance origin 'guess'"):
        Document(metadata=guessed, blocks=doc.blocks)


def test_capture_and_image_provenance_round_trip_and_are_checked() -> None:
    from dataclasses import replace

    from archivepub.model import CaptureInfo, Figure, ImageInfo

    capture = CaptureInfo(
        url="https://news.example/2024/05/harbour/",
        time="2024-05-01T12:00:00Z",
        record_id="<urn:uuid:0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d>",
        payload_digest="sha1:XJ7M6PBT2RRBQ5OLW5ZJEWBYGHAQBEYI",
        software="Wget/1.21.3",
        file="crawl.warc.gz",
        format="warc",
    )
    image = ImageInfo(
        url="https://news.example/img/quay.jpg", media_type="image/jpeg", digest="sha256:" + "ab" * 32
    )
    figure = Figure(id="fig1", src="images/quay.jpg", caption=(Text("The quay."),), image=image)
    doc = Document(metadata=Metadata(title="Quay", capture=capture), blocks=(figure,))
    data = doc.to_dict()
    assert data["metadata"]["capture"]["software"] == "Wget/1.21.3"
    assert data["blocks"][0]["image"] == {
        "url": "https://news.example/img/quay.jpg",
        "media_type": "image/jpeg",
        "digest": "sha256:" + "ab" * 32,
        "origin": "capture",
    }
    assert Document.from_json(doc.to_json()) == doc
    # written only when set: a document read from a plain page has neither key
    assert "capture" not in _sample().to_dict()["metadata"]
    # strict reading, naming the path
    for where, key, value, message in [
        ("metadata", "capture", {"url": "x", "when": "now"}, r"metadata\.capture: unknown key\(s\) when"),
        ("metadata", "capture", {"time": "x"}, r"metadata\.capture: missing key\(s\) url"),
        ("metadata", "capture", {"url": "x", "time": None}, r"metadata\.capture\.time: expected a string"),
        ("figure", "image", {"url": None, "digest": "sha256:"}, r"blocks\[0\]\.image: missing key"),
        ("figure", "image", "https://x", r"blocks\[0\]\.image: expected an object"),
    ]:
        bad = doc.to_dict()
        (bad["metadata"] if where == "metadata" else bad["blocks"][0])[key] = value
        with pytest.raises(ReadError, match=message):
            Document.from_dict(bad)
    # the invariants
    for changed, message in [
        (replace(image, digest="md5:1"), "digest 'md5:1' is not sha256"),
        (replace(image, media_type="jpeg"), "media type 'jpeg' is not type/subtype"),
        (replace(image, origin="guess"), "origin 'guess' is not one of capture, saved, fetched"),
        (replace(image, time="1 May 2024"), "time '1 May 2024'"),
    ]:
        with pytest.raises(DocumentError, match=message):
            Document(metadata=doc.metadata, blocks=(replace(figure, image=changed),))
    with pytest.raises(DocumentError, match="needs a src"):
        Document(metadata=doc.metadata, blocks=(replace(figure, src=None),))
    with pytest.raises(DocumentError, match="capture: time"):
        Document(metadata=replace(doc.metadata, capture=replace(capture, time="2024-05-01")), blocks=())
    with pytest.raises(DocumentError, match="capture: format 'arc'"):
        Document(metadata=replace(doc.metadata, capture=replace(capture, format="arc")), blocks=())
