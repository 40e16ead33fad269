"""Boilerplate: navigation, share bars, adverts, comments... never reach the document."""

from __future__ import annotations

from html_pages import paragraphs, read_page, read_text

from archivepub.model import Quote


def test_no_boilerplate_string_anywhere_in_the_json() -> None:
    doc = read_page("boilerplate.html")
    text = doc.to_json()
    assert "JUNK" not in text
    for junk in (
        "Skip to content",
        "Advertisement",
        "Share this",
        "Share on Facebook",
        "Related",
        "Read more",
        "Tags:",
        "Most read",
        "cookies",
        "newsletter",
        "Comments",
        "Jo Bell writes",
        "4 min read",
        "Listen to this article",
    ):
        assert junk not in text, junk


def test_the_article_paragraphs_survive_in_order() -> None:
    doc = read_page("boilerplate.html")
    assert doc.metadata.title == "The orchard that feeds a street"
    found = paragraphs(doc)
    assert len(found) == 5
    assert found[0].startswith("Twelve apple trees grow on a strip of land")
    assert found[2].startswith("The oldest tree is a Bramley")
    assert found[4] == "This year the residents plan to graft two new varieties onto the old rootstock."


def test_pull_quotes_repeating_the_body_are_dropped() -> None:
    doc = read_page("boilerplate.html")
    assert not any(isinstance(b, Quote) for b in doc.blocks)
    assert doc.to_json().count("Its trunk is hollow") == 1


def test_a_pull_quote_that_says_something_new_is_kept() -> None:
    doc = read_text(
        "<html><body><article><h1>T</h1><p>The ledgers record every ship that entered the port.</p>"
        '<blockquote class="pull-quote"><p>Nobody expected anyone to read them.</p></blockquote>'
        "</article></body></html>"
    )
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Quote"]
