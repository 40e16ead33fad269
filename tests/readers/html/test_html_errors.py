"""Bad input: only ReadError (naming the file) or a document, never another exception."""

from __future__ import annotations

import contextlib
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivepub.errors import ArchivepubError, ReadError
from archivepub.readers.html import FallbackWarning, read_html


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n ",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>",
        b"<script>var a = 1;</script>",
        b"<html><body><div hidden><p>Hidden text only.</p></div><p>   </p></body></html>",
    ],
)
def test_no_article_text_is_a_read_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^page\.html: .*no article text found"):
        read_html(data, name="page.html")


def test_deep_nesting_reads_or_raises_read_error() -> None:
    data = b"<div>" * 20000 + b"<p>Deep text inside many boxes.</p>" + b"</div>" * 20000
    outcome: object
    try:
        outcome = read_html(data, name="deep.html").blocks
    except ReadError as exc:
        outcome = str(exc)
    assert outcome, "either blocks or a message"
    if isinstance(outcome, str):
        assert outcome.startswith("deep.html: ")


def test_xml_declaration_and_control_characters_are_fine() -> None:
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b"<p>Text with a stray \x0b control and an entity &amp; &unknown; here.</p></body></html>"
    )
    doc = read_html(data, name="x.xhtml")
    assert doc.blocks[0].content[0].text == "Text with a stray control and an entity & &unknown; here."  # type: ignore[union-attr]


def test_external_entities_are_never_expanded() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>Before &x; after, and some more words.</p></body></html>"
    )
    doc = read_html(data, name="xxe.html")
    assert "root:" not in doc.to_json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_raise_nothing_but_read_error(data: bytes) -> None:
    with contextlib.suppress(ArchivepubError), warnings.catch_warnings():
        warnings.simplefilter("ignore", FallbackWarning)  # a looser reading is a fine outcome
        read_html(data, name="fuzz.html")


TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<sup>",
        "<a href='#fn1'>",
        "</a>",
        "<li id='fn1'>",
        "<ol>",
        "<figure>",
        "<img src='x.jpg'>",
        "<figcaption>",
        "<table><tr><td>",
        "<br>",
        "<h2>",
        "</h2>",
        "<blockquote>",
        "[1]",
        "Photo: Ann",
        "words and more words ",
        "<script>",
        "<!--",
        "<![CDATA[",
        "&#0;",
        "&amp;",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TAGS, max_size=40))
def test_mangled_html_raises_nothing_but_read_error(parts: list[str]) -> None:
    with contextlib.suppress(ArchivepubError), warnings.catch_warnings():
        warnings.simplefilter("ignore", FallbackWarning)  # a looser reading is a fine outcome
        read_html("".join(parts).encode("utf-8"), name="mangled.html")
