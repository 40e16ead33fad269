"""Relative links and images resolve in the model, against ``url=``, else ``<base>``, else the
canonical URL, so the JSON, TEI and EPUB of a page point at the same addresses; a protocol-
relative ``//host/path`` is a remote address, never a file of the article."""

from __future__ import annotations

from html_pages import figures, read_text

from archivepub.model import Link, descend, iter_inlines
from archivepub.model.walk import inline_content
from archivepub.writers.epub import EpubDiagnostic, write_epub
from archivepub.writers.tei import write_tei

PAGE = (
    '<html lang="en"><head><title>Finding the old ferry</title>{head}</head><body><article>'
    "<h1>Finding the old ferry</h1>"
    '<p>The wreck was found with a <a href="sonar.html">sonar survey</a> and matched to the '
    '<a href="/registers/ferries">ferry register</a>; the divers kept a '
    '<a href="//media.example.org/log.pdf">log</a>.</p>'
    '<figure><img src="/media/bell.jpg" alt="The ferry bell"><figcaption>The bell.</figcaption></figure>'
    '<figure><img src="//cdn.example.org/wheel.jpg" alt="The wheel">'
    "<figcaption>The wheel.</figcaption></figure>"
    '<figure><img src="images/saved.jpg" alt="Saved">'
    "<figcaption>Stored beside the page.</figcaption></figure>"
    "</article></body></html>"
)
CANONICAL = '<link rel="canonical" href="https://archive.example/stories/2024/old-ferry">'


def _links(html: str, url: str | None = None) -> list[str]:
    doc = read_text(html, url=url)
    return [
        n.url for b in descend(doc.blocks) for n in iter_inlines(inline_content(b)) if isinstance(n, Link)
    ]


def test_without_url_or_base_the_canonical_url_is_the_base() -> None:
    assert _links(PAGE.format(head=CANONICAL)) == [
        "https://archive.example/stories/2024/sonar.html",
        "https://archive.example/registers/ferries",
        "https://media.example.org/log.pdf",
    ]
    doc = read_text(PAGE.format(head=CANONICAL))
    assert [f.src for f in figures(doc)] == [
        "https://archive.example/media/bell.jpg",
        "https://cdn.example.org/wheel.jpg",
        "images/saved.jpg",  # an image stored with the page stays a file of the article
    ]
    assert doc.metadata.source_url == "https://archive.example/stories/2024/old-ferry"


def test_the_url_given_wins_over_the_canonical_url_and_base_over_both() -> None:
    url = "https://mirror.example/ferry/index.html"
    assert _links(PAGE.format(head=CANONICAL), url=url)[0] == "https://mirror.example/ferry/sonar.html"
    base = '<base href="https://archive.example/old/">'
    assert _links(PAGE.format(head=base + CANONICAL), url=url)[0] == "https://archive.example/old/sonar.html"
    # a relative <base> resolves against the page's address
    assert (
        _links(PAGE.format(head='<base href="../b/">'), url=url)[0] == "https://mirror.example/b/sonar.html"
    )


def test_a_protocol_relative_address_is_remote_without_any_base() -> None:
    doc = read_text(PAGE.format(head=""))
    assert [f.src for f in figures(doc)][1] == "https://cdn.example.org/wheel.jpg"
    assert _links(PAGE.format(head=""))[2] == "https://media.example.org/log.pdf"
    # with an http base, it takes the base's scheme
    assert _links(PAGE.format(head=""), url="http://plain.example/a")[2] == "http://media.example.org/log.pdf"


def test_json_tei_and_epub_point_at_the_same_addresses() -> None:
    doc = read_text(PAGE.format(head=CANONICAL))
    tei = write_tei(doc)
    diagnostics: list[EpubDiagnostic] = []
    epub = write_epub(doc, report=diagnostics.append)
    for address in (
        "https://archive.example/stories/2024/sonar.html",
        "https://archive.example/registers/ferries",
        "https://media.example.org/log.pdf",
    ):
        assert address in doc.to_json()
        assert address in tei
    assert b"mimetype" in epub[:64]
    reasons = {d.subject: d.reason for d in diagnostics}
    assert reasons["https://cdn.example.org/wheel.jpg"].startswith("remote image")
    assert not any("outside the asset folder" in d.reason for d in diagnostics)
