"""The TEI reader: exact round trip of what the writer wrote, safe parsing, validation."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import archivepub
from archivepub import ReadError
from archivepub.cli import main
from archivepub.model import (
    Cell,
    Document,
    Emphasis,
    Footnote,
    Heading,
    Link,
    Metadata,
    NoteRef,
    Paragraph,
    Row,
    Strong,
    Table,
    Text,
)
from archivepub.readers import detect_format
from archivepub.readers.tei import BUNDLED_SCHEMA, SCHEMA_ENV, find_tei_schema, read_tei, validate_tei
from archivepub.writers.tei import TeiOptions, write_tei
from conftest import TeiSchema
from strategies import documents

ROOT = Path(__file__).resolve().parents[2]

TEI_OPEN = '<TEI xmlns="http://www.tei-c.org/ns/1.0">'
MINIMAL = (
    '<?xml version="1.0" encoding="UTF-8"?>\n' + TEI_OPEN + "<teiHeader><fileDesc>"
    "<titleStmt><title>T</title></titleStmt><publicationStmt><p>x</p></publicationStmt>"
    "<sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><body>{body}</body></text></TEI>"
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_reading_what_was_written_gives_the_same_document(doc: Document) -> None:
    for pretty in (True, False):
        data = write_tei(doc, TeiOptions(pretty=pretty)).encode("utf-8")
        assert read_tei(data).to_dict() == doc.to_dict()
    assert archivepub.read(data) == doc  # detected as TEI from its content


def test_notes_in_a_table_caption_keep_their_place_before_notes_in_its_rows() -> None:
    # Found by the round-trip property above: the reader read a table's rows before its caption,
    # so notes only reachable through them came back in the wrong order.
    def para(pid: str, *refs: str) -> Paragraph:
        return Paragraph(id=pid, content=(Text("0"), *(NoteRef(r) for r in refs)))

    table = Table(
        id="fn1-t1",
        caption=(Text("0"), NoteRef("fn2")),
        bodies=((Row(cells=(Cell(blocks=(para("fn1-p1"),)),)),),),
        foot=(Row(cells=(Cell(blocks=(para("fn1-p2", "fn3"),)),)),),
    )
    notes = tuple(
        Footnote(id=f"fn{i}", label=str(i), blocks=blocks) for i, blocks in ((1, (table,)), (2, ()), (3, ()))
    )
    doc = Document(metadata=Metadata(title="T"), blocks=(), footnotes=notes)
    for pretty in (True, False):
        back = read_tei(write_tei(doc, TeiOptions(pretty=pretty)).encode("utf-8"))
        assert [note.id for note in back.footnotes] == ["fn1", "fn2", "fn3"]
        assert back == doc


def test_a_tei_file_is_detected_and_read_by_path(tmp_path: Path) -> None:
    doc = archivepub.Document(
        metadata=Metadata(title="Հայերեն", language="hy"),
        blocks=(Paragraph(id="p1", content=(Text("Բարեւ "), Emphasis((Text("աշխարհ"),)))),),
    )
    for name in ("a.xml", "a.tei", "a.tei.xml", "no-suffix"):
        path = tmp_path / name
        archivepub.write_tei(doc, path)
        assert archivepub.read(path) == doc


def test_detect_format_sniffs_tei_and_leaves_other_xml_alone() -> None:
    tei = write_tei(archivepub.Document(metadata=Metadata(title="T"), blocks=())).encode()
    assert detect_format(tei, "x.xml") == "tei"
    assert detect_format(tei.replace(b"?>\n", b"?>\n<!-- archived -->\n"), "x.tei") == "tei"
    assert detect_format(tei.decode().encode("utf-16"), None) == "tei"
    assert detect_format(b'<?xml version="1.0"?><rss version="2.0"></rss>', "feed.xml") != "tei"
    assert detect_format(b'<?xml version="1.0"?><TEI><text/></TEI>', "x.xml") != "tei"  # no TEI namespace


def test_xml_that_is_not_tei_is_not_forced_into_the_tei_reader(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed</title></channel></rss>\n'
    )
    try:
        archivepub.read(feed)
    except ReadError as exc:
        message = str(exc)
    else:
        return
    assert "TEI" not in message
    assert "bug" not in message


def test_utf16_tei_reads() -> None:
    doc = archivepub.Document(metadata=Metadata(title="Кириллица", language="ru"), blocks=())
    data = write_tei(doc).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert read_tei(data) == doc


# --- safety ------------------------------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>&d;</p></body></text></TEI>
"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>&secret;</p></body></text></TEI>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>

<!DOCTYPE TEI SYSTEM "http://example.org/tei.dtd">
<TEI xmlns="http://www.tei-c.org/ns/1.0"/>
"""


@pytest.mark.parametrize(("data", "line"), [(BOMB, 2), (EXTERNAL, 2), (EXTERNAL_DTD, 3)])
def test_dtds_and_entities_are_refused_with_file_and_line(data: bytes, line: int) -> None:
    with pytest.raises(ReadError, match=rf"^evil\.xml:{line}: DTDs and entity declarations are not allowed"):
        read_tei(data, name="evil.xml")
    # the dispatcher detects such a file as TEI and refuses it the same way
    with pytest.raises(ReadError, match="DTDs"):
        archivepub.read(data)


def test_undeclared_entity_is_a_read_error_with_line() -> None:
    data = MINIMAL.format(body="<p>a</p>\n<p>&nbsp;</p>").encode()
    with pytest.raises(ReadError, match=r"^x\.xml:3: malformed XML: Entity 'nbsp' not defined"):
        read_tei(data, name="x.xml")


def test_malformed_xml_names_file_and_line() -> None:
    data = MINIMAL.format(body="<p>open\n\n<p>still open</body>").encode()
    with pytest.raises(ReadError, match=r"^broken\.xml:4: malformed XML"):
        read_tei(data, name="broken.xml")


def test_xml_that_is_not_tei_is_refused() -> None:
    with pytest.raises(ReadError, match=r"^feed\.xml:2: not a TEI P5 document: the root element is <rss>"):
        read_tei(b'<?xml version="1.0"?>\n<rss version="2.0"/>', name="feed.xml")
    with pytest.raises(ReadError, match="without a <teiHeader>"):
        read_tei(f"{TEI_OPEN}<text/></TEI>".encode())


def test_dangling_note_reference_is_a_read_error() -> None:
    data = MINIMAL.format(body='<p xml:id="p1">a<ref type="noteref" target="#fn9">9</ref></p>').encode()
    with pytest.raises(ReadError, match="fn9"):
        read_tei(data, name="x.xml")


# --- TEI from elsewhere ----------------------------------------------------------------


def test_tei_without_ids_is_read_leniently_and_normalised() -> None:
    body = (
        '<div><head>A  section</head><p>Text with <hi rend="bold">bold</hi> and a'
        '<note place="foot">A <hi rend="italic">note</hi>.</note>\n   and '
        '<ref target="https://example.org/">a link</ref>'
        "</p></div>"
    )
    doc = read_tei(MINIMAL.format(body=body).encode(), url="https://example.org/page")
    assert doc.metadata.title == "T"
    assert doc.metadata.source_url == "https://example.org/page"
    assert doc.blocks == (
        Heading(id="h1", level=1, content=(Text("A section"),)),
        Paragraph(
            id="p1",
            content=(
                Text("Text with "),
                Strong((Text("bold"),)),
                Text(" and a"),
                NoteRef("fn1"),
                Text(" and "),
                Link("https://example.org/", (Text("a link"),)),
            ),
        ),
    )
    note = doc.footnotes[0]
    assert (note.id, note.label) == ("fn1", "1")
    assert note.blocks == (
        Paragraph(id="fn1-p1", content=(Text("A "), Emphasis((Text("note"),)), Text("."))),
    )


# --- validation ----------------------------------------------------------------------------


def test_validate_tei_reports_errors_with_lines(tei_schema: TeiSchema) -> None:
    good = write_tei(archivepub.Document(metadata=Metadata(title="T"), blocks=())).encode()
    assert validate_tei(good, tei_schema.path) == []
    bad = good.replace(b"<front>", b"<front>\n<credit>x</credit>")
    issues = validate_tei(bad, tei_schema.path)
    assert issues
    assert all(issue.line > 0 for issue in issues)


def test_schema_comes_from_option_then_environment_then_the_bundled_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    assert find_tei_schema() == BUNDLED_SCHEMA
    schema = tmp_path / "s.rng"
    schema.write_text("<grammar/>")
    monkeypatch.setenv(SCHEMA_ENV, str(schema))
    assert find_tei_schema() == schema
    with pytest.raises(ReadError, match=r"other\.rng: TEI schema not found"):
        find_tei_schema(tmp_path / "other.rng")


def test_validate_command_exit_codes(
    tei_schema: TeiSchema, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    good = tmp_path / "good.xml"
    good.write_text(write_tei(archivepub.Document(metadata=Metadata(title="T"), blocks=())), encoding="utf-8")
    schema = str(tei_schema.path)

    assert main(["validate", str(good), "--schema", schema]) == 0
    assert capsys.readouterr().out == "valid\n"

    bad = tmp_path / "bad.xml"
    bad.write_text(good.read_text(encoding="utf-8").replace("<front>", "<front><credit>x</credit>"), "utf-8")
    monkeypatch.setenv(SCHEMA_ENV, schema)
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{bad}:")
    assert "credit" in out

    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>\n<unclosed>", "utf-8")
    assert main(["validate", str(broken)]) == 2
    assert f"{broken}:" in capsys.readouterr().err

    monkeypatch.delenv(SCHEMA_ENV)
    assert main(["validate", str(good)]) == 0  # the bundled tei_all
    assert main(["validate", str(bad)]) == 1
    capsys.readouterr()
    assert main(["validate", str(good), "--schema", str(tmp_path / "none.rng")]) == 2
    assert "none.rng: TEI schema not found" in capsys.readouterr().err


def test_the_bundled_schema_is_tei_all_4_7_0() -> None:
    text = gzip.decompress(BUNDLED_SCHEMA.read_bytes())
    assert "TEI Edition: P5 Version\u00a04.7.0".encode() in text[:2000]
    assert b"CC+BY and BSD-2" in text[:2000]
    shared = ROOT.parent / "shared" / "schemas" / "tei_all.rng"
    if shared.is_file():  # the copy this repository's CI also has beside it
        assert text == shared.read_bytes()


def test_validate_works_in_a_fresh_process_without_any_configuration(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_text(write_tei(archivepub.Document(metadata=Metadata(title="T"), blocks=())), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != SCHEMA_ENV}
    done = subprocess.run(
        [sys.executable, "-m", "archivepub", "validate", str(good)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stdout) == (0, "valid\n"), done.stderr


# --- robustness: any TEI-shaped input reads or fails with a ReadError ------------------------

_TAGS = ["p", "div", "head", "hi", "ref", "note", "quote", "list", "item", "figure", "graphic", "figDesc",
         "bibl", "label", "ptr", "lb", "seg", "ab", "floatingText", "body"]  # fmt: skip
_ATTRS = {
    "xml:id": st.sampled_from(["p1", "h1", "fn1", "fn2", "1x", "a b", ""]),
    "n": st.sampled_from(["1", "2", "7", "x", ""]),
    "type": st.sampled_from(["noteref", "escaped", "heading", "empty", "credit", "section"]),
    "rend": st.sampled_from(["bold", "italic", "numbered"]),
    "target": st.sampled_from(["#fn1", "#fn2", "#nowhere", "%zz", "https://example.org/"]),
    "url": st.sampled_from(["a.jpg", "%C3", "#"]),
    "ana": st.sampled_from(["#prov1", "#p1 #x"]),
}


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 3) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth == 0 or draw(st.booleans()):
            parts.append(draw(st.sampled_from(["text", " ", "Բարեւ", "&amp;", "\n  "])))
            continue
        tag = draw(st.sampled_from(_TAGS))
        attrs = draw(st.dictionaries(st.sampled_from(sorted(_ATTRS)), st.just(""), max_size=3))
        rendered = "".join(f' {k}="{draw(_ATTRS[k])}"' for k in attrs)
        parts.append(f"<{tag}{rendered}>{draw(_fragments(depth - 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fragments(), st.sampled_from(["en", "12", "hy"]))
def test_any_tei_shaped_input_reads_or_raises_read_error(body: str, lang: str) -> None:
    data = MINIMAL.format(body=body).replace("<TEI ", f'<TEI xml:lang="{lang}" ', 1).encode()
    try:
        doc = read_tei(data, name="fuzz.xml")
    except ReadError as exc:
        message = str(exc)
    else:
        # what was read is a consistent document that survives its own round trip
        assert read_tei(write_tei(doc).encode()) == doc
        return
    assert message.startswith("fuzz.xml")
