"""Never lose a page: a real article page always gives a document, with a warning when the
reader had to fall back; ReadError only for input that holds no article text at all."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from html_pages import STORY, body_text, read_text

from archivepub.build import BuildOptions, build_archive
from archivepub.cli import main
from archivepub.errors import ArchivepubWarning, ReadError
from archivepub.readers.html import FallbackWarning, read_html


def test_a_page_wrapped_in_one_form_keeps_its_article() -> None:
    # ASP.NET sites put the whole page in a <form>: only small forms (search, sign-up) are junk
    doc = read_text(
        '<html><body><form id="aspnetForm" method="post"><input type="hidden" name="x" value="1">'
        f"<div id='main'><h1>The winter ferry</h1>{STORY}</div>"
        '<div><input type="text" name="q"><button>Search</button></div></form>'
        '<form class="search"><input name="q"><label>Find</label></form></body></html>'
    )
    assert "harbour master kept a log" in body_text(doc)
    assert "Find" not in body_text(doc)


def test_a_small_form_is_still_junk() -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}</article>"
        "<form><p>Subscribe to our letters</p><input name='mail'><button>Go</button></form></body></html>"
    )
    assert "Subscribe" not in body_text(doc)


def test_a_builders_widget_holding_the_article_is_not_furniture() -> None:
    # Elementor and Blogger wrap the article itself in "widget" boxes
    doc = read_text(
        '<html><body><div class="elementor-widget-wrap"><div class="elementor-widget '
        f'elementor-widget-text-editor"><div class="elementor-widget-container"><h1>The winter ferry</h1>'
        f"{STORY}</div></div></div>"
        '<div class="widget widget_links"><a href="/a">Archive</a> <a href="/b">Contact</a></div>'
        "</body></html>"
    )
    text = body_text(doc)
    assert "harbour master kept a log" in text
    assert "Archive" not in text, "a small widget of links is still furniture"


def test_post_taxonomy_classes_are_not_furniture() -> None:
    # WordPress lists a post's tags and categories as classes: "tag-social" names a subject
    doc = read_text(
        '<html><body><div class="post tag-social category-comments type-post">'
        f"<h1>The winter ferry</h1>{STORY}</div></body></html>"
    )
    assert "harbour master kept a log" in body_text(doc)


def test_an_article_of_links_falls_back_with_a_warning() -> None:
    # a link roll is the whole post: the normal reading prunes it as a list of links
    items = "".join(
        f'<li><p><a href="https://example.org/{i}">Story number {i} about the harbour</a></p></li>'
        for i in range(6)
    )
    page = (
        "<html><body><article><h1>Links of the week</h1>"
        f'<ul class="linkroll">{items}</ul></article></body></html>'
    )
    with pytest.warns(FallbackWarning, match=r"^links\.html: no part of the page scored as the article"):
        doc = read_html(page.encode(), name="links.html")
    assert "Story number 3 about the harbour" in body_text(doc)
    assert doc.metadata.title == "Links of the week"


def test_a_forum_thread_whose_posts_are_called_comments_reads() -> None:
    post = (
        '<div class="comment-text">Since the update the ferry app no longer shows the timetable '
        "when I am on mobile data, only on wifi. Has anyone seen this?</div>"
    )
    page = (
        "<html><body><main><h1>Ferry app on mobile data</h1>"
        f'<div class="comment">{post}</div></main></body></html>'
    )
    with pytest.warns(FallbackWarning):
        doc = read_html(page.encode(), name="forum.html")
    assert "only on wifi" in body_text(doc)


def test_the_article_text_json_ld_states_when_the_page_shows_none() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "The winter ferry",
        "author": {"@type": "Person", "name": "Ann Lee"},
        "datePublished": "2024-01-15",
        "articleBody": "The ferry ran twice a day.\nIn the spring the timetable doubled.",
    }
    page = (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>'
        '<body><div id="app">Loading&hellip;</div><nav><a href="/">Home</a></nav></body></html>'
    )
    with pytest.warns(FallbackWarning, match="JSON-LD"):
        doc = read_html(page.encode(), name="app.html")
    assert body_text(doc) == "The ferry ran twice a day. In the spring the timetable doubled."
    assert (doc.metadata.title, doc.metadata.authors, doc.metadata.date) == (
        "The winter ferry",
        ("Ann Lee",),
        "2024-01-15",
    )


def test_a_how_to_json_ld_gives_its_steps() -> None:
    data = {
        "@type": "HowTo",
        "name": "Mend a net",
        "description": "<p>Nets tear; here is how to mend one.</p>",
        "step": [
            {"@type": "HowToStep", "text": "Cut away the broken mesh."},
            {"@type": "HowToStep", "text": "Tie a sheet bend at each corner."},
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    page = f"<html><head>{script}</head><body></body></html>"
    with pytest.warns(FallbackWarning):
        doc = read_html(page.encode(), name="howto.html")
    assert body_text(doc) == (
        "Nets tear; here is how to mend one. Cut away the broken mesh. Tie a sheet bend at each corner."
    )


def test_navigation_alone_is_still_not_an_article() -> None:
    with pytest.raises(ReadError, match="no article text found"):
        read_html(b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2024</footer></body></html>")


LINK_ROLL = (
    "<html><head><title>Links of the week</title></head><body><article><h1>Links of the week</h1>"
    '<ul class="linkroll">'
    + "".join(
        f'<li><p><a href="https://example.org/{i}">Story number {i} about the harbour</a></p></li>'
        for i in range(6)
    )
    + "</ul></article></body></html>"
)


def test_the_fallback_warning_is_an_archivepub_warning() -> None:
    # the command line and the build report ArchivepubWarning; code that filters UserWarning
    # keeps working
    assert issubclass(FallbackWarning, ArchivepubWarning)
    assert issubclass(FallbackWarning, UserWarning)


def test_the_command_line_says_the_page_was_read_by_a_fallback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "links.html"
    source.write_text(LINK_ROLL, encoding="utf-8")
    assert main(["parse", str(source), "-o", str(tmp_path / "out.json")]) == 0
    err = capsys.readouterr().err
    assert "archivepub: warning:" in err
    assert "no part of the page scored as the article" in err
    assert "Story number 3" in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_the_build_lists_the_fallback_once_per_article(tmp_path: Path, packages_dir: Path) -> None:
    folder = tmp_path / "archive" / "links"
    folder.mkdir(parents=True)
    (folder / "article.html").write_text(LINK_ROLL, encoding="utf-8")
    report = build_archive(tmp_path / "archive", tmp_path / "dist", BuildOptions(languages=(), jobs=1))
    (article,) = report.articles
    assert article.status == "built", article.error
    (warning,) = [w for w in article.warnings if "scored as the article" in w]
    assert warning.startswith("article.html: no part of the page")  # named once, not twice


def test_an_article_left_inside_an_unclosed_sidebar_is_read() -> None:
    # the sidebar's <div> is never closed: the parser puts the article inside it, and the
    # furniture rules would take the article with the sidebar
    links = "".join(f"<li><a href='/p{i}'>Partner site number {i}</a></li>" for i in range(40))
    page = (
        f"<html><body><div id='top'><p>Harbour</p><ul>{links}</ul></div>"
        "<div id='sidebar'><h2>Partners</h2><ul><li><a href='/a'>Boats</a></li></ul>"
        f"<div id='content'><h2>The winter ferry</h2><div class='entry'>{STORY}</div></div>"
        "</body></html>"
    )
    with pytest.warns(FallbackWarning, match="fewer"):
        doc = read_html(page.encode(), name="ferry.html")
    assert "harbour master kept a log" in body_text(doc)


def test_a_paywalled_page_is_read_from_its_json_ld_with_its_standfirst() -> None:
    # the page shows its standfirst, the first lines and a long subscription offer; JSON-LD
    # states the whole text
    sentences = [
        f"Crossing number {i} of the winter ferry left the harbour on time, said the log." for i in range(30)
    ]
    data = {"@type": "NewsArticle", "headline": "The winter ferry", "articleBody": "\n".join(sentences)}
    offer = "".join(
        f"<p>Plan {i}: every article, the archive and the weekly print issue for {i} euros.</p>"
        for i in range(12)
    )
    page = (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head><body>'
        "<article><h1>The winter ferry</h1><p class='lead'>All winter long the ferry kept the island "
        f"in touch with the mainland.</p><p>{sentences[0]}</p><div class='offer'>{offer}</div></article>"
        "</body></html>"
    )
    with pytest.warns(FallbackWarning, match="JSON-LD"):
        doc = read_html(page.encode(), name="paywall.html")
    assert sentences[-1] in body_text(doc)
    assert "Plan 3" not in body_text(doc)
    assert doc.metadata.subtitle == "All winter long the ferry kept the island in touch with the mainland."


def test_a_page_showing_the_text_json_ld_states_is_read_as_shown() -> None:
    sentences = [
        f"Crossing number {i} of the winter ferry left the harbour on time, said the log." for i in range(8)
    ]
    data = {"@type": "NewsArticle", "headline": "The winter ferry", "articleBody": "\n".join(sentences)}
    shown = "".join(f"<p>{s}</p>" for s in sentences[:6]) + "<figure><img src='f.jpg' alt=''></figure>"
    page = (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head><body>'
        f"<article><h1>The winter ferry</h1>{shown}</article></body></html>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", FallbackWarning)
        doc = read_html(page.encode(), name="shown.html")
    assert sentences[7] not in body_text(doc)
