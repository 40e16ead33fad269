"""Metadata: title, standfirst, byline, date, language, site name, source URL; encodings."""

# ruff: noqa: RUF001  (multilingual text is meant)

from __future__ import annotations

import pytest
from html_pages import DATA, body_text, figures, paragraphs, read_page, read_text

from archivepub.model import Link, descend, iter_inlines
from archivepub.model.walk import inline_content
from archivepub.readers.html import read_html

HEADER_CASES = {
    "header-standfirst-class.html": (
        "Tide gauges go digital",
        "After 150 years of paper charts, the harbour's tide gauge now reports every minute.",
        ("Ann Lee", "Tom Rix"),
        "2023-06-09",
        "en-GB",
        "The Coastal Review",
    ),
    "header-dek.html": (
        "Reopening the ropewalk",
        "A quarter-mile shed where rope was spun by hand is open to visitors again.",
        ("Priya Nair",),
        "2024-04-18",
        "en",
        None,
    ),
    "header-article-p.html": (
        "The bell foundry closes",
        "After three centuries the foundry will cast its last bell this summer.",
        ("Oliver Grant",),
        "2023-06-09",
        "en",
        None,
    ),
    "header-russian.html": (
        "Последний звонарь",
        "В городе остался один человек, который умеет звонить во все колокола собора.",
        ("Иван Петров",),
        "2023-03-12",
        "ru",
        None,
    ),
    "header-summary-itemprop.html": (
        "Night trains return",
        "Sleeper services between the capital and the coast resume after twenty years.",
        ("Sofia Marin",),
        "2024-01-15",
        "en",
        None,
    ),
}


@pytest.mark.parametrize("page", sorted(HEADER_CASES))
def test_title_standfirst_byline_and_date(page: str) -> None:
    doc = read_page(page)
    meta = doc.metadata
    title, subtitle, authors, date, language, site = HEADER_CASES[page]
    assert (meta.title, meta.subtitle, meta.authors, meta.date, meta.language, meta.site_name) == (
        title,
        subtitle,
        authors,
        date,
        language,
        site,
    )
    body = body_text(doc)
    assert title not in body, "the h1 repeating the title is dropped"
    assert subtitle not in body, "the standfirst leaves the body"
    for author in authors:
        assert author not in body, "the byline leaves the body"
    for dateline in ("2023", "2024", "марта"):
        assert dateline not in body, "the dateline leaves the body"
    assert len(paragraphs(doc)) == 2


def test_json_ld_graph_with_author_references_and_publisher() -> None:
    meta = read_page("jsonld-only.html").metadata
    assert meta.title == "The flood marks on the mill door"
    assert meta.authors == ("Ruth Calloway", "Dev Patel")
    assert meta.date == "2022-11-03"
    assert meta.language == "en-GB"
    assert meta.site_name == "Valley Gazette Ltd"


def test_json_ld_array_and_broken_json_ld() -> None:
    meta = read_page("jsonld-array.html").metadata
    assert (meta.title, meta.authors, meta.date, meta.site_name) == (
        "Mapping the old wells",
        ("Lars Holm",),
        "2021-05-20",
        "Parish Notes",
    )


def test_relative_links_resolve_against_base_and_unsafe_links_keep_only_their_text() -> None:
    doc = read_page("base-relative.html")
    links = [
        (node.url, "".join(getattr(n, "text", "") for n in node.content))
        for block in descend(doc.blocks)
        for node in iter_inlines(inline_content(block))
        if isinstance(node, Link)
    ]
    assert links == [
        ("https://archive.example/stories/2024/sonar.html", "sonar survey"),
        ("https://archive.example/registers/ferries", "ferry register"),
        ("https://museum.example/ferry", "the museum"),
        ("https://archive.example/stories/2023/ferry-history.html#launch", "history of the ferry"),
    ]
    assert "the film and the notes are not online" in body_text(doc)
    assert "javascript" not in doc.to_json()
    assert "data:text" not in doc.to_json()
    assert figures(doc)[0].src == "https://archive.example/media/bell.jpg"
    assert doc.metadata.source_url == "https://archive.example/stories/2024/old-ferry"


def test_url_argument_is_the_source_url_and_the_base_without_base_element() -> None:
    doc = read_text(
        '<html lang="en"><head><link rel="canonical" href="https://a.example/x"></head><body><article>'
        '<h1>T</h1><p>See <a href="notes.html">the notes</a> for the long version of this story.</p>'
        "</article></body></html>",
        url="https://b.example/dir/page.html",
    )
    assert doc.metadata.source_url == "https://b.example/dir/page.html"
    (link,) = [n for n in iter_inlines(doc.blocks[0].content) if isinstance(n, Link)]  # type: ignore[union-attr]
    assert link.url == "https://b.example/dir/notes.html"


def test_og_and_article_meta_tags() -> None:
    doc = read_text(
        "<html><head><title>Ignored | Site</title>"
        '<meta property="og:title" content="Quay walls rebuilt">'
        '<meta property="og:site_name" content="Harbour Herald">'
        '<meta property="og:locale" content="en_GB">'
        '<meta property="article:author" content="https://facebook.example/herald">'
        '<meta property="article:author" content="Nina Vale">'
        '<meta property="article:published_time" content="2023-06-09T23:30:00-05:00">'
        '<meta property="og:url" content="https://herald.example/quay">'
        "</head><body><article><h1>Quay walls rebuilt</h1>"
        "<p>The quay walls were rebuilt with granite from the old railway viaduct this spring.</p>"
        "</article></body></html>"
    )
    meta = doc.metadata
    assert (meta.title, meta.authors, meta.date, meta.language, meta.site_name, meta.source_url) == (
        "Quay walls rebuilt",
        ("Nina Vale",),
        "2023-06-09",
        "en-GB",
        "Harbour Herald",
        "https://herald.example/quay",
    )


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<meta http-equiv="content-language" content="ru">', "ru"),
        ('<meta property="og:locale" content="hy_AM">', "hy-AM"),
        ("", "az"),
    ],
)
def test_language_from_meta_else_identified_from_the_text(head: str, language: str) -> None:
    doc = read_text(
        f"<html><head>{head}<title>Başlıq</title></head><body><article>"
        "<p>Şəhər arxivində köhnə qəzetlərin nüsxələri saxlanılır və onlar rəqəmsallaşdırılır.</p>"
        "<p>Layihə gələn il başa çatacaq və bütün materiallar internetdə əlçatan olacaq.</p>"
        "</article></body></html>"
    )
    assert doc.metadata.language == language


def test_title_from_title_element_without_site_suffix() -> None:
    doc = read_text(
        "<html><head><title>Ferry timetable changes - Evening Post</title></head><body><div><p>From"
        " Monday the first ferry leaves at six instead of seven, the operator said.</p></div></body></html>"
    )
    assert doc.metadata.title == "Ferry timetable changes"


RUSSIAN_PAGES = [
    "russian-windows-1251-meta.html",
    "russian-windows-1251-nometa.html",
    "russian-koi8-r-meta.html",
    "russian-koi8-r-nometa.html",
    "russian-http-equiv.html",
    "russian-utf8-bom.html",
]


@pytest.mark.parametrize("page", RUSSIAN_PAGES)
def test_russian_pages_in_every_encoding_read_the_same(page: str) -> None:
    doc = read_page(page)
    meta = doc.metadata
    assert meta.title == "Стеклянные негативы купеческого города"
    assert meta.subtitle == "В запасниках музея нашли ящик с фотопластинками начала века."
    assert meta.authors == ("Мария Соколова",)
    assert meta.date == "2023-03-12"
    assert meta.language == "ru"
    assert len(paragraphs(doc)) == 3
    assert paragraphs(doc)[2] == "Выставка откроется в музее летом, а каталог будет доступен в интернете."
    assert doc.blocks == read_page(RUSSIAN_PAGES[0]).blocks


def test_bytes_without_a_charset_are_detected_as_koi8_r() -> None:
    raw = (DATA / "russian-koi8-r-nometa.html").read_bytes()
    assert b"charset" not in raw
    assert "Реставраторы" in body_text(read_html(raw))


@pytest.mark.parametrize(
    ("byline", "authors", "date"),
    [
        (
            '<div class="byline"><span>By</span> <a href="/staff/jane">Jane Doe</a> <span>|</span> '
            '<time datetime="2024-04-18">April 18, 2024</time></div>',
            ("Jane Doe",),
            "2024-04-18",
        ),
        ('<address class="author"><a rel="author" href="/a/x">Jane Doe</a></address>', ("Jane Doe",), None),
        ("<p><em>By Jane Doe</em></p>", ("Jane Doe",), None),
        ("<p>Müəllif: Aysel Məmmədova</p>", ("Aysel Məmmədova",), None),
        (
            '<div class="article-author"><img src="/j.jpg" alt="Jane"><div class="author-name">Jane Doe</div>'
            '<div class="author-role">Science editor</div></div>',
            ("Jane Doe",),
            None,
        ),
        ("<p>Words by Jane Doe. Photos by Tom Rix.</p>", ("Jane Doe",), None),
        (
            '<span class="posted-by">Posted by <a href="/u/jd">Jane Doe</a> on April 18, 2024</span>',
            ("Jane Doe",),
            "2024-04-18",
        ),
    ],
)
def test_byline_markups(byline: str, authors: tuple[str, ...], date: str | None) -> None:
    doc = read_text(
        f'<html lang="en"><body><article><h1>Weather stations of the coast</h1>{byline}'
        "<p>The first station opened in 1860 at the harbour mouth, recording wind and pressure.</p>"
        "<p>Another paragraph about the stations and their keepers, long enough to count as text.</p>"
        "</article></body></html>"
    )
    assert (doc.metadata.authors, doc.metadata.date) == (authors, date)
    assert len(paragraphs(doc)) == 2
    assert "Jane" not in body_text(doc)


@pytest.mark.parametrize(
    ("meta", "codec"),
    [
        ("<meta charset='windows-1251'>", "cp1251"),
        ("<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>", "koi8_r"),
    ],
)
def test_charset_declared_after_a_long_style_block(meta: str, codec: str) -> None:
    page = (
        "<html><head><style>"
        + "p { margin: 0 }\n" * 400
        + f"</style>{meta}<title>Старые карты</title></head>"
        "<body><article><h1>Старые карты</h1>"
        "<p>Карты хранились в фондах областного архива с 1920-х годов.</p></article></body></html>"
    )
    doc = read_html(page.encode(codec), name="late-charset.html")
    assert doc.metadata.title == "Старые карты"
    assert paragraphs(doc) == ["Карты хранились в фондах областного архива с 1920-х годов."]
