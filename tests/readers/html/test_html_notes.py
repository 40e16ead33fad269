"""Footnotes in every common HTML encoding: linked both ways, definitions out of the body."""

# ruff: noqa: RUF001  (multilingual text and typographic marks are meant)

from __future__ import annotations

import pytest
from html_pages import body_text, note_facts, paragraphs, read_page, read_text, same_notes, text_of

from archivepub.model import Footnote

# page -> for each note reference in reading order: (paragraph start, label, note text)
CASES: dict[str, list[tuple[str, str, str]]] = {
    "notes-sup-li.html": [
        ("Salt travelled inland on pack h", "1", "Carriers paid a toll at every bridge."),
        ("Local names preserve the trade:", "2", "The names are recorded in the 1840 tithe maps."),
    ],
    "notes-sup-p.html": [
        ("Until 1935 the town employed fo", "1", "The council minutes give their wages as a pound a week."),
        ("Their poles were made of ash an", "2", "Brass tips were replaced yearly."),
    ],
    "notes-pandoc.html": [
        ("Nettle fibre was woven into clo", "1", "Finds from Bronze Age burials include nettle textiles."),
        ("In the twentieth century nettle", "2", "Uniform cloth was made from it in 1916."),
    ],
    "notes-epub.html": [
        ("The crossing took forty minutes", "1", "Against the tide it could take twice as long."),
        ("Ferrymen were licensed by the b", "2", "Badge number 7 is in the county museum."),
        ("The last licence lapsed in 1962", "3", "A bridge opened upstream that year."),
    ],
    "notes-doc-footnote.html": [
        ("Volunteers count swifts at dusk", "a", "The tower is open to counters on Tuesdays."),
        ("The count has fallen by a third", "b", "The figures are sent to the national survey."),
    ],
    "notes-oreilly.html": [
        ("A queue decouples the producer ", "1", "See the chapter on load shedding."),
        ("Back pressure keeps a slow cons", "2", "Bounded buffers are the simplest form."),
    ],
    "notes-wikipedia.html": [
        ("A harbour crane lifts cargo bet", "1", "Smith, Cranes of the World, p. 12."),
        ("A harbour crane lifts cargo bet", "2", "Jones, Treadwheels, 1998."),
        ("Steam cranes replaced them in t", "1", "Smith, Cranes of the World, p. 12."),
        ("Steam cranes replaced them in t", "a", "The first was installed in Hamburg."),
    ],
    "notes-easy-footnotes.html": [
        ("Bees on a tenth-floor roof fora", "1", "Measured with marked bees in 2019."),
        ("Honey from city hives tastes of", "2", "Lime trees line most avenues."),
    ],
    "notes-modern-footnotes.html": [
        ("The keeper wrote to his sister ", "1", "Sixty-two of the letters survive."),
        ("In winter the boat could not la", "2", "The longest gap was seven weeks, in 1947."),
    ],
    "notes-footnotes-made-easy.html": [
        ("A drystone wall has no mortar a", "1", "Lime mortar was too costly for field walls."),
        ("Through-stones tie the two face", "2", "One every metre is usual."),
    ],
    "notes-gutenberg.html": [
        ("The pump on the green was insta", "1", "Parish records name the smith who cast it."),
        ("Its handle was chained at night", "2", "The key was kept by the churchwarden."),
    ],
    "notes-plain-brackets.html": [
        ("The envoy promised that both si", "1", "The border was drawn along the river in 1721."),
        ('The clerk wrote "recieved [sic]', "2", "The copy is kept in the municipal archive."),
    ],
    "notes-plain-heading-ol.html": [
        ("A single horse could pull a thi", "1", "On a road the same horse managed under two tons."),
        ("Horses were stabled at locks ev", "2", "Some stables still stand beside the towpath."),
    ],
    "notes-plain-russian.html": [
        ("Переправа через реку занимала о", "1", "По воспоминаниям жителей деревни Заозерье."),
        ("Паромщиков нанимала волость, и ", "2", "Волостные книги хранятся в областном архиве."),
    ],
    "notes-plain-armenian.html": [
        ("Քաղաքի առաջին ժամագործական արհ", "1", "Ըստ քաղաքային արխիվի փաստաթղթերի։"),
        ("Վարպետները աշխատում էին փոքր խ", "2", "Շուկան գտնվում էր այժմյան հրապարակի տեղում։"),
    ],
    "notes-plain-azerbaijani.html": [
        ("Şəkidə ipək sənayesi XIX əsrdə ", "1", "Şəhər arxivinin sənədlərinə əsasən."),
        ("Barama qurdları tut yarpaqları ", "2", "Tut ağacları şəhərin ətrafında əkilirdi."),
    ],
    "notes-word.html": [
        ("The board agreed to dredge the", "1", "Dredging last took place in 2009."),
        ("The cost will be shared with th", "2", "The cooperative pays a third."),
    ],
    "notes-plain-class-list.html": [
        ("The mill ground corn on every e", "1", "Tide mills were common on the east coast."),
        ("They show the price of flour ri", "2", "A year of poor harvests across the country."),
    ],
    "notes-plain-sup-paragraphs.html": [
        ("Hemp rope was spun on the walk", "1", "A long covered shed."),
        ("The walk was a quarter of a mil", "2", "Four hundred metres."),
    ],
    "notes-plain-in-footer.html": [
        ("The weir was rebuilt in stone i", "1", "The mason's accounts survive."),
        ("Salmon climb it by a fish pass ", "2", "Paid for by the angling club."),
    ],
    "notes-substack.html": [
        ("Early lamps burned whale oil", "1", "Sperm whale oil burned brightest."),
        ("The lenses were French", "2", "Made by Fresnel's workshop."),
    ],
    "notes-kramdown.html": [
        ("The first iron bridge opened in", "1", "At Coalbrookdale."),
        ("The first iron bridge opened in", "2", "Closed to cars since 1934."),
    ],
    "notes-symbols.html": [
        ("Anna Berg has run the harbour f", "*", "Not her real name."),
        ("She keeps the tide tables from ", "†", "The tables were printed locally."),
    ],
}
# text that must not survive in the body: back-links, note headings, definition text
LEFTOVERS = ("↩", "↩︎", "^", "Notes", "Footnotes", "References", "Примечания", "Ծանոթագրություններ", "Qeydlər")


@pytest.mark.parametrize("page", sorted(CASES))
def test_every_reference_links_its_note_from_the_right_paragraph(page: str) -> None:
    doc = read_page(page)
    assert same_notes(note_facts(doc), CASES[page]), note_facts(doc)
    labels = {label for _p, label, _t in CASES[page]}
    assert len(doc.footnotes) == len(labels), "a note used twice is one note"
    assert [n.id for n in doc.footnotes] == [f"fn{i}" for i in range(1, len(labels) + 1)]


@pytest.mark.parametrize("page", sorted(CASES))
def test_definitions_and_back_links_leave_the_body(page: str) -> None:
    doc = read_page(page)
    body = body_text(doc)
    for _paragraph, _label, text in CASES[page]:
        assert text not in body
    for leftover in LEFTOVERS:
        assert leftover not in body.split(), leftover
    assert "[1]" not in body
    assert not any(p.endswith(("Back", "[]", "[ ]")) for p in paragraphs(doc))
    for note in doc.footnotes:
        text = " ".join(text_of(b) for b in note.blocks)
        assert not set(text) & {"↩", "^", "[", "]"}, text
        assert not text.startswith(note.label), text


def test_three_body_paragraphs_everywhere() -> None:
    for page in CASES:
        if page not in {
            "notes-wikipedia.html",
            "notes-plain-brackets.html",
            "notes-plain-sup-paragraphs.html",
            "notes-plain-in-footer.html",
            "notes-substack.html",
            "notes-kramdown.html",
        }:
            assert len(paragraphs(read_page(page))) == 3, page


def test_editorial_brackets_stay_text() -> None:
    doc = read_page("notes-plain-brackets.html")
    first, second, third = paragraphs(doc)
    assert "respect[ed] the border and" in first
    assert "[for its peacekeepers]" in first
    assert '"recieved [sic] with thanks"' in second
    assert third == "A third reference [4] points nowhere and stays as it is."
    assert len(doc.footnotes) == 2


def test_unlinked_superscript_without_a_note_stays_text() -> None:
    doc = read_page("notes-plain-heading-ol.html")
    assert paragraphs(doc)[2] == "In 1920 the total stood at3 over two thousand, a number with no note."


def test_wikipedia_reference_used_twice_is_one_note_with_two_references() -> None:
    doc = read_page("notes-wikipedia.html")
    refs = [fact[1] for fact in note_facts(doc)]
    assert refs.count("1") == 2
    assert [n.label for n in doc.footnotes] == ["1", "2", "a"]
    assert "edit" not in body_text(doc)


@pytest.mark.parametrize(
    "heading",
    ["Notes", "Footnotes", "Примечания", "Сноски", "Ծանոթագրություններ", "Qeydlər", "References"],
)
def test_every_notes_heading_introduces_plain_notes(heading: str) -> None:
    doc = read_text(
        "<html><body><article><h1>Title of the piece</h1>"
        "<p>The first claim of the article stands here[1] and goes on.</p>"
        "<p>A second paragraph with a second claim<sup>2</sup>.</p>"
        f"<h2>{heading}</h2><p>1. The first source.</p><p>2) The second source.</p>"
        "</article></body></html>"
    )
    assert same_notes(
        note_facts(doc),
        [
            ("The first claim of the article", "1", "The first source."),
            ("A second paragraph with a second", "2", "The second source."),
        ],
    ), note_facts(doc)
    assert heading not in body_text(doc)


def test_a_list_after_a_heading_without_markers_stays_in_the_body() -> None:
    doc = read_text(
        "<html><body><article><h1>Reading list</h1><p>Books we liked this year, in no order.</p>"
        "<h2>References</h2><ol><li>A history of tides.</li><li>Harbour walls.</li></ol>"
        "</article></body></html>"
    )
    assert doc.footnotes == ()
    assert "A history of tides." in body_text(doc)


def test_a_link_to_a_missing_definition_stays_text() -> None:
    doc = read_text(
        '<html><body><article><h1>Gone</h1><p>A claim<sup><a href="#fn9">9</a></sup> with no note.</p>'
        "</article></body></html>"
    )
    assert doc.footnotes == ()
    assert paragraphs(doc) == ["A claim9 with no note."]


def test_notes_in_the_article_footer_count_and_a_sidebar_notes_box_does_not() -> None:
    doc = read_page("notes-plain-in-footer.html")
    assert len(paragraphs(doc)) == 2
    assert "sidebar" not in doc.to_json()
    assert "River Trust" not in doc.to_json()


# --- notes by structure: no known words, ids or classes --------------------------------------


def text_of_note(note: Footnote) -> str:
    return " ".join(text_of(b) for b in note.blocks)


def _notes_of(html: str) -> list[tuple[str, str]]:
    return [(n.label, text_of_note(n)) for n in read_text(html).footnotes]


def test_a_list_that_links_back_is_notes_whatever_it_is_called() -> None:
    html = (
        "<html><body><article><h1>Tides</h1><p>The tide rose over the wall, and fell again"
        '<sup><a href="#x7" id="r7">1</a></sup>.</p>'
        '<ol><li id="x7">Measured at dawn by hand. <a href="#r7">back</a></li></ol></article></body></html>'
    )
    assert _notes_of(html) == [("1", "Measured at dawn by hand.")]


def test_a_box_that_links_back_to_a_wrapper_of_the_reference() -> None:
    html = (
        "<html><body><article><h1>Tides</h1><p>The tide rose over the wall, and fell again"
        '<sup id="s1"><a href="#q1">a</a></sup>.</p><hr>'
        '<div><div id="q1">Measured at dawn by hand. <a href="#s1">&#8593;</a></div></div>'
        "</article></body></html>"
    )
    assert _notes_of(html) == [("a", "Measured at dawn by hand.")]


def test_notes_under_a_heading_in_any_language_and_the_heading_goes() -> None:
    html = (
        "<html><body><article><h1>Прилив</h1><p>Вода поднялась и опустилась снова"
        '<a href="#c1" id="rc1">[1]</a>.</p><h3>Источники</h3>'
        '<ul><li id="c1"><a href="#rc1">^</a> Измерено на рассвете.</li></ul></article></body></html>'
    )
    doc = read_text(html)
    assert [(n.label, text_of_note(n)) for n in doc.footnotes] == [("1", "Измерено на рассвете.")]
    assert "Источники" not in doc.to_json()


def test_a_last_list_numbering_the_markers_is_notes() -> None:
    html = (
        "<html><body><article><h1>Tides</h1><p>The tide rose [1] over the wall, and fell again [2].</p>"
        "<p>More about the harbour and its boats.</p><h3>Quellen</h3>"
        "<ol><li>Measured at dawn.</li><li>By hand, in winter.</li></ol></article></body></html>"
    )
    assert _notes_of(html) == [("1", "Measured at dawn."), ("2", "By hand, in winter.")]


def test_a_closing_list_that_does_not_match_the_markers_stays_a_list() -> None:
    html = (
        "<html><body><article><h1>Tides</h1><p>The tide rose [1] over the wall.</p>"
        "<ol><li>Check the gauge.</li><li>Write it down.</li><li>Sleep.</li></ol></article></body></html>"
    )
    assert _notes_of(html) == []
