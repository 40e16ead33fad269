"""Furniture classes seen on pages of the real web (issue 12), each pinned by a small page."""

from __future__ import annotations

from html_pages import body_text, read_text

STORY = (
    "<p>The ferry to the island ran twice a day through the whole winter, whatever the weather, "
    "and the harbour master kept a log of every crossing.</p>"
    "<p>In the spring the timetable doubled, and the old boat was joined by a second one, "
    "built in the yard across the bay.</p>"
)


def test_a_related_heading_spelled_with_no_break_spaces_goes_with_its_links() -> None:
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}"
        "<table><tr><td><span class='title'><span class='icon'></span>"
        "&nbsp;&nbsp;Weitere&nbsp;Artikel&nbsp;zum&nbsp;Thema</span></td></tr>"
        "<tr><td><a href='/a'>Neue Fähre für die Insel bestellt</a></td></tr></table>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "Weitere" not in text
    assert "whatever the weather" in text
