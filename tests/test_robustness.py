# ruff: noqa: RUF001  (Armenian and Cyrillic letters are meant)
"""Hostile and broken input: readers raise nothing but ``ArchivepubError`` and leak nothing.

Arbitrary bytes, tag soup, truncated and corrupted samples, deep nesting, huge attributes, NUL
bytes, wrong or unknown encodings, and XML entity tricks (billion laughs, external entities)
go through ``archivepub.read`` with the format detected and with every format named. A read
either gives a valid :class:`~archivepub.model.Document` that survives its own JSON form, or
raises an :class:`~archivepub.errors.ArchivepubError` that is not the dispatcher's wrapper for
an unexpected reader exception.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import archivepub
from archivepub import ArchivepubError, Document
from archivepub.model import Figure, Link, iter_inlines
from archivepub.model.walk import inline_content

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"
SAMPLES = sorted(ARCHIVE.glob("*/article.*"))
SAMPLE_BYTES = [p.read_bytes() for p in SAMPLES]
FORMATS = sorted(archivepub.READERS)

#: What ``archivepub.read`` says when a reader raised something it should have caught itself.
READER_BUG = "this is a bug in archivepub"

PASSWD = Path("/etc/passwd")
#: A line of /etc/passwd that must never reach a document (root's entry exists on every Unix).
SECRET = next(
    (line for line in PASSWD.read_text(errors="replace").splitlines() if line.startswith("root:")),
    "root:x:0:0:",
)

#: Schemes that must never reach a document: following them runs code.
UNSAFE_URL = re.compile(r"\s*(javascript:|vbscript:|data:text/html)", re.IGNORECASE)

FAST = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, fmt: str | None = None, url: str | None = None) -> Document | None:
    """Read ``data``; fail the test unless it gives a sound Document or a deliberate error."""
    error: str | None
    try:
        doc = archivepub.read(data, format=fmt, url=url)
    except ArchivepubError as exc:
        error = str(exc)
    else:
        error = None
    if error is not None:
        assert READER_BUG not in error, f"reader crashed on this input: {error}"
        return None
    text = doc.to_json()
    assert Document.from_json(text) == doc
    assert SECRET not in text
    assert "root:x:0:0" not in text
    if url is None and doc.metadata.source_url is not None:  # from the page itself: untrusted
        assert not UNSAFE_URL.match(doc.metadata.source_url), doc.metadata.source_url
    for block in doc.all_blocks():
        urls = [n.url for n in iter_inlines(inline_content(block)) if isinstance(n, Link)]
        if isinstance(block, Figure) and block.src is not None:
            urls.append(block.src)
        for url in urls:
            assert not UNSAFE_URL.match(url), f"{block.id} carries the unsafe URL {url!r}"
    return doc


# --- arbitrary bytes ---------------------------------------------------------------------


@FAST
@given(st.binary(max_size=2048))
@example(b"")
@example(b"\x00" * 64)
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00")
@example(b"\xfe\xff\x00<\x00p")
def test_arbitrary_bytes_detected(data: bytes) -> None:
    check(data)


@pytest.mark.parametrize("fmt", FORMATS)
@FAST
@given(data=st.binary(max_size=1024))
@example(data=b"")
@example(data=b"\x00")
@example(data=b"{")
@example(data=b"\xd0")
def test_arbitrary_bytes_each_format(fmt: str, data: bytes) -> None:
    check(data, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FAST
@given(text=st.text(max_size=600))
def test_arbitrary_text_each_format(fmt: str, text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"), fmt)


# --- mangled HTML ------------------------------------------------------------------------

TAGS = [
    "html", "head", "body", "title", "meta", "base", "p", "div", "span", "a", "em", "strong", "b", "i",
    "sup", "sub", "h1", "h2", "h3", "h6", "blockquote", "ul", "ol", "li", "figure", "figcaption", "img",
    "table", "tr", "td", "script", "style", "nav", "aside", "footer", "header", "article", "main",
    "section", "br", "time", "svg", "math", "template", "iframe", "form", "input", "noscript", "!--",
]  # fmt: skip
ATTRS = [
    'class="standfirst"', 'class="credit"', 'class="footnotes"', 'id="fn1"', 'href="#fn1"',
    'href="#fnref1"', 'role="doc-noteref"', 'role="doc-endnotes"', 'epub:type="noteref"',
    'data-type="noteref"', 'lang="ru"', 'lang="--"', 'charset="koi8-r"', 'charset="no-such"',
    'href="javascript:alert(1)"', 'href=" JaVaScRiPt:x"', 'src="vbscript:x"',
    'onclick="x()"', 'src="file:///etc/passwd"', 'datetime="2023-02-30"',
    'datetime="99999-01-01"', 'property="og:title" content=""', 'href="http://[::1"', "href",
    'href="//x"', 'name="author" content="By"', 'rel="author"', 'property="og:url" content="javascript:x"',
    'rel="canonical" href="vbscript:x"', 'href="javascript:x/"',
]  # fmt: skip
WORDS = ["Photo: A. B", "Фото:", "Լուսանկարը՝", "By X and Y", "Автор: Я", "[1]", "[sic]", "↩", "&amp;",
         "&#0;", "&#xD800;", "&nbsp;", "&bogus;", "12 марта 2023", "9 June 2023", "\x00", "\u00a0", "]]>",
         "<![CDATA[", "<?php ?>", "\ud7ff", "text"]  # fmt: skip

_piece = st.one_of(
    st.builds(lambda t, a: f"<{t} {a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"<{t}>", st.sampled_from(TAGS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
tag_soup = st.lists(_piece, max_size=80).map("".join)


@FAST
@given(soup=tag_soup, encoding=st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16", "latin-1"]))
def test_tag_soup(soup: str, encoding: str) -> None:
    data = soup.encode(encoding, "replace")
    check(data, "html")
    check(b"<!DOCTYPE html>" + soup.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.parent.name for p in SAMPLES])
@FAST
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_samples(path: Path, cut: float) -> None:
    data = path.read_bytes()
    check(data[: int(len(data) * cut)], None if path.suffix == ".txt" else "html")


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(SAMPLES) - 1),
    edits=st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=1.0), st.binary(min_size=0, max_size=8), st.integers(0, 8)
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_corrupted_samples(index: int, edits: list[tuple[float, bytes, int]]) -> None:
    data = bytearray(SAMPLE_BYTES[index])
    for where, insert, delete in edits:
        at = int(len(data) * where)
        data[at : at + delete] = insert
    check(bytes(data))
    check(bytes(data), "text")


@pytest.mark.parametrize("depth", [200, 3000, 100_000])
@pytest.mark.parametrize("tag", ["div", "blockquote", "em", "ul><li"])
def test_deeply_nested(tag: str, depth: int) -> None:
    close = tag.split("><")[::-1]
    data = (
        "<html><body><article>"
        + f"<{tag}>" * depth
        + "<p>deep</p>"
        + "".join(f"</{t}>" for t in close) * depth
        + "</article></body></html>"
    ).encode()
    check(data)


def test_huge_attributes_and_text() -> None:
    big = "a" * 5_000_000
    data = (
        f'<html><head><meta property="og:title" content="{big}"><title>{big[:10]}</title></head>'
        f'<body><p class="{big}" data-x="{big}">Body text<sup><a href="#{big}">1</a></sup></p>'
        f'<img src="{big}" alt="{big}"><p>{"word " * 200_000}</p></body></html>'
    ).encode()
    check(data)


def test_nul_bytes_everywhere() -> None:
    sample = SAMPLE_BYTES[0]
    check(sample.replace(b">", b">\x00"))
    check(b"\x00".join(sample[i : i + 7] for i in range(0, len(sample), 7)))
    check(sample.replace(b"<p>", b"<p>\x00\x00"), "html")


@pytest.mark.parametrize(
    "data",
    [
        b'<meta charset="utf-16"><p>' + "Привет, мир".encode(),
        b'<meta charset="x-no-such-charset"><p>' + "Привет".encode("cp1251"),
        b'<meta http-equiv="Content-Type" content="text/html; charset=">' + b"<p>\xff\xfe\xfd",
        b'<meta charset="utf-8"><p>\xc3\x28 \xa0\xa1 \xf0\x28\x8c\x28 \xed\xa0\x80</p>',
        b'<meta charset="utf-7"><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>',
        b"\xff\xfe<\x00p\x00>\x00\x00\xd8",  # UTF-16 BOM, then a lone surrogate
        b"\xef\xbb\xbf\xff\xff<p>bom then garbage</p>",
        "<p>Привет</p>".encode("utf-32"),
    ],
)
def test_invalid_or_misdeclared_encodings(data: bytes) -> None:
    check(data)
    check(data, "html")
    check(data, "text")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><head><title>&lol9;</title></head>
<body><article><h1>&lol9;</h1><p>Laughs: &lol9;</p></article></body></html>
"""

EXTERNAL_ENTITIES = [
    b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<html><head><title>&xxe;</title></head><body><p>Leak: &xxe;</p></body></html>",
    b'<!DOCTYPE html [<!ENTITY xxe SYSTEM "/etc/passwd">]><html><body><article><p>&xxe;</p>'
    b"<p>More text so the article is long enough to be read as one.</p></article></body></html>",
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
    b"<html><body><p>parameter entity</p></body></html>",
    b'<?xml version="1.0"?><!DOCTYPE html SYSTEM "file:///etc/passwd"><html><body><p>dtd</p></body></html>',
    b'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><p>include:'
    b'<xi:include href="file:///etc/passwd" parse="text"/></p></body></html>',
    b'<html><body><p>img</p><figure><img src="file:///etc/passwd"><figcaption>Photo: x</figcaption>'
    b'</figure><iframe src="file:///etc/passwd"></iframe><object data="/etc/passwd"></object></body></html>',
    b'<?xml version="1.0"?><?xml-stylesheet href="file:///etc/passwd"?><html><body><p>pi</p></body></html>',
]


@pytest.mark.parametrize("fmt", [None, "html", "text"])
def test_billion_laughs_is_not_expanded(fmt: str | None) -> None:
    doc = check(BILLION_LAUGHS, fmt)
    if doc is not None:
        assert "lol" * 1000 not in doc.to_json()
        assert len(doc.to_json()) < 100_000


@pytest.mark.parametrize("fmt", [None, "html", "text"])
@pytest.mark.parametrize("data", EXTERNAL_ENTITIES, ids=range(len(EXTERNAL_ENTITIES)))
def test_external_entities_are_not_loaded(data: bytes, fmt: str | None) -> None:
    check(data, fmt)


def test_json_bombs() -> None:
    deep = b'{"schema": "archivepub/1", "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    check(deep)
    quote = b'{"type": "quote", "id": "quote1", "blocks": [' * 5000 + b"]}" * 5000
    check(b'{"schema": "archivepub/1", "metadata": {}, "footnotes": [], "blocks": [' + quote + b"]}")
    check(b'{"schema": "archivepub/1", "schema": "archivepub/1"}')
    check(b'{"schema": "archivepub/1", "metadata": NaN}')


def test_script_urls_are_not_kept() -> None:
    page = (
        b"<html><body><article><p>An article paragraph long enough to be the body of the page."
        b' <a href=" JaVaScRiPt:alert(1)">one</a> <a href="vbscript:msgbox(1)">two</a>'
        b' <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">three</a></p>'
        b'<figure><img src="javascript:alert(1)"><figcaption>A caption. Photo: A. Lee</figcaption></figure>'
        b"</article></body></html>"
    )
    doc = check(page)
    assert doc is not None
    assert "one two three" in doc.to_json()


@FAST
@given(
    url=st.one_of(
        st.text(max_size=60),
        st.sampled_from(
            [
                "",
                "javascript:alert(1)",
                "http://[::1",
                "http://",
                "//host-only",
                "file:///etc/passwd",
                "https://example.test/a b/ü?q=%zz#frag",
                "\x00",
                "http://exa mple.test/",
            ]
        ),
    ),
    index=st.integers(min_value=0, max_value=len(SAMPLES) - 1),
)
def test_any_url_argument(url: str, index: int) -> None:
    check(SAMPLE_BYTES[index], url=url)
