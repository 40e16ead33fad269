"""Boilerplate: navigation, share bars, adverts, comments... never reach the document."""

from __future__ import annotations

import warnings

import pytest
from html_pages import STORY, body_text, paragraphs, read_page, read_text, text_of

from archivepub.model import Figure, Heading, Quote, Table


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


def test_markup_in_a_template_script_is_read_where_the_page_shows_it() -> None:
    # a blog that renders its posts from <script type="text/template">
    doc = read_text(
        "<html><body><div class='post'><h1>The winter ferry</h1>"
        "<div class='post-body' itemprop='articleBody'>"
        f"<script type='text/template'>{STORY}<script>alert(1)</script></script></div></div></body></html>"
    )
    assert "harbour master kept a log" in " ".join(paragraphs(doc))
    assert "alert" not in doc.to_json()


def test_a_box_that_holds_the_article_stays_whatever_its_class_says() -> None:
    doc = read_text(
        "<html><body><article><h1>The winter ferry</h1><div class='entry themeform share'>"
        f"{STORY}</div><div class='share'><a href='/fb'>Facebook</a></div></article>"
        "<div class='comments'><p>" + "A long comment about the ferry, " * 20 + "</p></div></body></html>"
    )
    text = " ".join(paragraphs(doc))
    assert "harbour master kept a log" in text
    assert "Facebook" not in text
    assert "A long comment" not in text, "comments are furniture whatever their size"


def test_related_stories_after_their_heading_in_other_languages() -> None:
    teasers = (
        "<div class='teaser'><a href='/a'><img src='a.jpg' alt=''></a>"
        "<h3><a href='/a'>Die Fähre im Sommer</a></h3></div>"
        "<ul><li><a href='/b'>Neue Boote für die Insel</a></li>"
        "<li><a href='/c'>Der Hafenmeister geht</a></li></ul>"
    )
    for heading in (
        "Das könnte Sie auch interessieren",
        "Das Thema könnte dich auch interessieren:",
        "Mehr zum Thema",
        "Zum Weiterlesen:",
        "Czytaj też",
        "Inne artykuły autora",
        "À lire aussi :",
        "Le puede interesar",
        "Más sobre la isla",
        "Explore further",
        "Mehr Reportagen auf Hafenblatt:",
        "Noch mehr Tipps für dich",
        "Weitere Ausflüge in Friesland",
        "Weiterführende Links",
        "Aktuelle Nachrichten",
        "Audios et vidéos sur le sujet",
        "Diese Artikel könnten dich ebenfalls interessieren:",
        "Weiterlesen:",
        "Noch mehr?",
        "Auch auf hafenblatt.de",
        "Alle Nachrichten zum Hafen",
        "Lue myös:",
        "Keep reading",
        "Weitere Informationen:",
    ):
        doc = read_text(
            f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}<h2>{heading}</h2>{teasers}"
            "<p>The harbour master retired the next year, after forty winters at the quay.</p>"
            "</article></body></html>"
        )
        text = doc.to_json()
        assert heading not in text, heading
        assert "Neue Boote" not in text, heading
        assert "Die Fähre im Sommer" not in text, heading
        assert "harbour master kept a log" in text
        assert "harbour master retired" in text  # (the heading is not the article's last block)


def test_a_related_heading_inside_the_article_stops_at_the_next_prose() -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<h3>Read more</h3>"
        "<p><a href='/a'>Spring timetable</a></p>"
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
        "</article></body></html>"
    )
    found = paragraphs(doc)
    assert "Spring timetable" not in found
    assert found[-1].startswith("The harbour master retired")


def test_promotion_lines_go() -> None:
    for promo in (
        "Get the best of the harbour news straight to your inbox every morning",
        "Subscribe to email updates",
        "Zum Newsletter anmelden",
        "Mit unserem Newsletter erhalten Sie alle Neuigkeiten",
    ):
        doc = read_text(
            f"<html><body><article><h1>The winter ferry</h1>{STORY}<p>{promo}</p></article></body></html>"
        )
        assert promo not in doc.to_json(), promo


def test_an_empty_div_does_not_split_a_paragraph() -> None:
    # a browser extension's empty <div> makes the parser close the paragraph (and a reference)
    doc = read_text(
        "<html><body><article><h1>The winter ferry</h1><p>The tide rose over the harbour wall "
        "<div class='ext-injected'></div>and <em>then</em> fell [1].</p><h2>Notes</h2><p>[1] Twice a day.</p>"
        f"{STORY}</article></body></html>"
    )
    assert paragraphs(doc)[0] == "The tide rose over the harbour wall and then fell."
    assert len(doc.footnotes) == 1


def test_retrieved_from_lines_go_and_infoboxes_are_tables() -> None:
    doc = read_text(
        "<html><body><div class='mw-parser-output'><h1>Harbour</h1>"
        "<table class='infobox vcard'><tr><th>Founded</th><td>1712</td></tr></table>"
        f"{STORY}</div><div class='printfooter'>Retrieved from "
        '"https://en.example.org/w/index.php?title=Harbour&amp;oldid=1"</div>'
        "<p>Retrieved from https://en.example.org/wiki/Harbour</p></body></html>"
    )
    text = doc.to_json()
    assert "Retrieved from" not in text
    (infobox,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[text_of(c.blocks[0]) for c in r.cells] for r in infobox.rows()] == [["Founded", "1712"]]


def test_a_figure_whose_classes_mention_shares_stays() -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        "<figure class='element element-image fig--has-shares'><img src='ferry.jpg' alt='The ferry'>"
        "<figcaption>The ferry at dawn. Photograph: Ann Lee</figcaption></figure>"
        "<figure class='ad-slot'><img src='ad.jpg' alt='Buy'></figure></article></body></html>"
    )
    (figure,) = [b for b in doc.blocks if isinstance(b, Figure)]
    assert (figure.src, figure.credit) == ("ferry.jpg", "Ann Lee")


def test_copyright_notices_and_video_teasers_go_but_a_credit_stays() -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        "<p>Video: The ferry leaves port at dawn (2:34)</p>"
        "<p>This article is the copyrighted property of Harbour News.</p>"
        "<p>Written permission must be obtained before reprint in online or print media.</p>"
        "<figure><img src='f.jpg' alt='Ferry'><figcaption>The ferry. <span>© Harbour Trust</span>"
        "</figcaption></figure><p>© 2024 Harbour News. All rights reserved.</p>"
        "<p>Copyright law for ferry timetables changed in 2019, when the port was sold.</p>"
        "</article></body></html>"
    )
    text = " ".join(paragraphs(doc))
    for gone in ("Video:", "copyrighted property", "Written permission", "All rights reserved"):
        assert gone not in text, gone
    assert "Copyright law for ferry timetables" in text
    (figure,) = [b for b in doc.blocks if isinstance(b, Figure)]
    assert figure.credit == "Harbour Trust"


def test_a_long_copyright_notice_in_one_paragraph_goes() -> None:
    notice = (
        "<p>© 2024, HarbourNews.example. <em>This article is the copyrighted property of Harbour News. "
        "Written permission must be obtained before reprint in online or print media. REPRINTING CONTENT "
        "WITHOUT PERMISSION AND/OR PAYMENT IS THEFT AND PUNISHABLE BY LAW.</em></p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{notice}</article></body></html>")
    assert "copyrighted property" not in body_text(doc)
    assert "harbour master kept a log" in body_text(doc)


def test_the_article_continues_in_sibling_boxes_of_prose() -> None:
    rows = "".join(
        f"<div class='row textpic'><div class='col'><p>Part {i} of the story of the ferry, told at length, "
        "with enough words in it to be prose and not a teaser or a caption or a menu.</p>"
        "<p>More of it, about the winter crossings and the harbour master and his log.</p></div></div>"
        for i in range(3)
    )
    doc = read_text(
        "<html><body><nav><a href='/'>Home</a></nav>"
        f"<div class='detail'><h1>The winter ferry</h1>{rows}</div></body></html>"
    )
    assert [p[:6] for p in paragraphs(doc) if p.startswith("Part")] == ["Part 0", "Part 1", "Part 2"]


def test_the_article_continues_in_like_boxes_of_a_page_builder() -> None:
    # a page builder wraps each block of the story in the same five boxes (module, container,
    # row, column, text); one block is much longer and scores best: the others are the story too
    def block(i: int, sentences: int) -> str:
        text = f"Part {i} of the story of the ferry, told at length, with words and commas, " * sentences
        return (
            f"<div class='outer' id='c{i}'><div class='container'><div class='row textpic'>"
            f"<div class='col-sm-12'><div class='textpic_text'><div class='fliess_text'><p>{text}</p>"
            "</div></div></div></div></div></div>"
        )

    doc = read_text(
        "<html><body><nav><a href='/'>Home</a></nav><div class='blog_detail'><h1>The winter ferry</h1>"
        f"{block(0, 3)}{block(1, 20)}{block(2, 3)}</div><footer><p>Harbour Trust</p></footer></body></html>"
    )
    assert [p[:6] for p in paragraphs(doc)] == ["Part 0", "Part 1", "Part 2"]
    # boxes of another kind next to the story (a comment, a teaser) do not join it
    other = "<div class='comment-body'><p>" + "A reader wrote at length, with commas, " * 5 + "</p></div>"
    doc = read_text(
        "<html><body><div class='blog_detail'><h1>The winter ferry</h1>"
        f"{block(1, 20)}{other}</div></body></html>"
    )
    assert "A reader wrote" not in body_text(doc)


def test_the_article_continues_in_like_sections_of_the_pages_body() -> None:
    # the page builder's sections are the body's own children: header, text, table, text
    def block(i: int, sentences: int) -> str:
        text = f"Part {i} of the story of the ferry, told at length, with words and commas, " * sentences
        return (
            "<div class='container-fluid headline-with-text'><div class='container'><div class='row'>"
            f"<div class='col-md-8'><p>{text}</p></div></div></div></div>"
        )

    table = (
        "<div class='container-fluid near-table'><table><tr><th>Boat</th><th>Built</th></tr>"
        "<tr><td>Island Queen</td><td>1921</td></tr></table></div>"
    )
    doc = read_text(
        "<html><body><section class='header'><nav><a href='/'>Home</a></nav></section>"
        "<section class='post-head'><h1>The winter ferry</h1></section>"
        f"{block(0, 3)}{block(1, 20)}{table}{block(2, 6)}<footer><p>Harbour Trust</p></footer></body></html>"
    )
    assert [p[:6] for p in paragraphs(doc)] == ["Part 0", "Part 1", "Part 2"]


@pytest.mark.parametrize(
    "line",
    [
        "Anzeige",
        "Weiterlesen:",
        "Kommentieren",
        "Schlagworte",
        "Permalien",
        "Imprimer",
        "Compartir",
        "Leave a reply",
        "PDF version",
        "Version imprimable",
    ],
)
def test_furniture_lines_in_many_languages_go(line: str) -> None:
    doc = read_text(
        "<html><body><article><h1>The winter ferry</h1>"
        "<p>The ferry to the island ran twice a day through the whole winter, whatever the weather, "
        f"and the harbour master kept a log.</p><p>{line}</p><p>In the spring the timetable doubled, "
        "and a second boat joined the old one.</p></article></body></html>"
    )
    assert line not in body_text(doc)
    assert "second boat" in body_text(doc)


def test_a_furniture_word_inside_a_sentence_stays() -> None:
    doc = read_text(
        "<html><body><article><h1>The winter ferry</h1><p>Bitte nicht drucken: die Anzeige im Hafen "
        "zeigt den Fahrplan, und die Leute kommentieren ihn jeden Tag am Kai.</p></article></body></html>"
    )
    assert "die Anzeige im Hafen" in body_text(doc)


@pytest.mark.parametrize(
    "box",
    [
        "<div class='mvp-author-box-text'><p>Jo Bell writes about boats and tides.</p></div>",
        "<div class='cbx-Author_PersonalInfo'><p>Jo Bell, Redakteurin im Hafenressort.</p></div>",
        "<div id='post-author-desc'><p>Jo Bell writes about boats and tides.</p></div>",
    ],
)
def test_a_box_about_the_writer_goes_by_its_class_words(box: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1><p class='byline'>By Jo Bell</p>{STORY}{box}"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "Seerecht" not in text
    assert "harbour master kept a log" in text
    assert doc.metadata.authors == ("Jo Bell",)


@pytest.mark.parametrize(
    "heading", ["About the author", "Über den Autor", "Zur Autorin:", "À propos de l\u2019auteur"]
)
def test_a_note_about_the_writer_goes_with_its_heading(heading: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<div class='label'>{heading}</div>"
        "<div class='person'><img src='jo.jpg' alt='Jo Bell'><a href='/jo'>Jo Bell</a>"
        "<p>Jo Bell (born 1970) has written about boats and harbours for twenty years.</p></div>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert heading not in text, heading
    assert "born 1970" not in text, heading
    assert "harbour master kept a log" in text


def test_a_long_section_about_an_author_is_the_article() -> None:
    # a heading that names a section of the article (a book review's) keeps what follows it
    part = "The novelist grew up by the harbour and wrote about it in every one of her books. " * 20
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<h2>About the author</h2><p>{part}</p>"
        "</article></body></html>"
    )
    assert "The novelist grew up" in body_text(doc)


@pytest.mark.parametrize(
    "notice",
    [
        "To read the full story, please subscribe to the Harbour Gazette.",
        "If you are already a subscriber, log in for immediate access to this story.",
        "Werden Sie Mitglied bei Hafenblatt und erhalten Sie exklusive Angebote!",
        "Subscribe now to our print edition for the full story.",
        "For breaking news from the coast download the Harbour Gazette app for iOS and Android.",
        "Follow the Harbour Gazette on Twitter and Instagram @harbourgazette.",
        "We want to hear what you think about this article.",
        "Sie müssen sich einloggen, um an der Diskussion teilzunehmen.",
        "Noch keine Kommentare",
        "Artikel bewerten",
        "Zurück zur Übersicht",
        "Hazte miembro y disfruta de beneficios exclusivos",
        "The Harbour Gazette is not responsible for the opinions expressed by contributors.",
        "Les articles publiés n\u2019engagent que leurs auteurs.",
        "Unless otherwise stated, the content of this page is licensed under CC BY-SA 3.0.",
        "Alle Angaben ohne Gewähr.",
        "(Alle Angaben ohne Gewähr)",
        "For the latest stories download the\u00a0Harbour Gazette apps\u00a0for iOS and Android.",
        "*Werbung. Dieser Beitrag enthält Werbung für eine Reederei.",
        "- Anzeige -",
        # the publication promoting itself: newsletter, app, messenger, issue, shop, donations
        "Receive our weekly newsletter to keep up with the latest stories from the coast.",
        "Want to know when the next ferry story comes out? Sign up here",
        "Get the harbour news straight to your phone with the Gazette app.",
        "Wir bei WhatsApp: 0170 - 11 22 33",
        "Das Hafenblatt gibt es jetzt am Kiosk, im Abo und als E-Paper.",
        ">>> Jetzt die aktuelle Ausgabe bestellen! <<<",
        "Jetzt neu! Besuchen Sie unseren Hafen-Shop!",
        "Unterstütze das Hafenblatt schon mit 3 Euro!",
        "Support our journalism from the coast.",
        "Ich freue mich, wenn du meine neuen Artikel abonnierst:",
        "„Hafenblatt“ abonnieren",
        "Puedes escribirnos a redaccion@example.org o seguirnos en las redes.",
        # an embed's placeholder, a toggle, a comment counter, the date of the last change
        "Externer Inhalt",
        "Wir stellen ohne dein Einverständnis keine Verbindung zu einem sozialen Netzwerk her.",
        "Quellen ausblenden",
        "Vos réactions (12)",
        "Keine Kommentare (Kommentare erscheinen nach der Freigabe)",
        "Letzte Änderung 14.02.2019",
        "ferry.html - Created 03-10-2004 2:20pm - Last Modified: 03-10-2004 2:20pm",
        "Geschrieben am 6. Mai 2014 um 23:30 und abgelegt unter Hafen, Fähren.",
        "We want to hear what you think about this article. Write to the letters desk of the Gazette.",
        "Be Sociable, Share!",
    ],
)
def test_notices_about_the_page_go(notice: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<p>{notice}</p></article></body></html>"
    )
    text = body_text(doc)
    assert notice.strip("*- ")[:20] not in text, notice
    assert "harbour master kept a log" in text


@pytest.mark.parametrize(
    "sentence",
    [
        "The captain said the crew were not responsible for the delays in the winter.",
        "She followed the ferry on its crossing to the island every morning that winter.",
        "Back then the harbour had no quay, and the boats were pulled up the beach.",
        "Support for the new quay came from both parties on the council.",
        "Die Abonnenten des Blatts bekamen die Ausgabe einen Tag früher.",
        "Sie spenden jedes Jahr für die Seenotretter der Insel.",
        "The ticket office was last updated with a new roof in 1990.",
    ],
)
def test_sentences_of_the_story_that_share_a_notice_word_stay(sentence: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<p>{sentence}</p></article></body></html>"
    )
    assert sentence in body_text(doc)


@pytest.mark.parametrize(
    "lead",
    ["Czytaj też:", "LE PUEDE INTERESAR:", "Zum Weiterlesen:", "Lesen Sie hier", "&gt;&gt; Mehr lesen:"],
)
def test_a_line_leading_to_another_story_goes(lead: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        f"<p><strong>{lead}</strong> <a href='/b'>Neue Boote für die Insel</a></p></article></body></html>"
    )
    text = body_text(doc)
    assert "Neue Boote" not in text, lead
    assert "harbour master kept a log" in text


def test_a_small_box_beside_the_article_stays_out() -> None:
    # the article's box is not widened to take in a small box next to it (a sticky "by the
    # newsroom" card) that adds a little text and no prose
    long_story = STORY * 3
    doc = read_text(
        "<html><body><div class='page'><div class='row'><div class='col'>"
        f"<div class='content-text'><h1>The winter ferry</h1>{long_story}</div></div>"
        "<div class='col-side'><div class='card'><div>Newsroom of the Harbour Gazette at the quay</div>"
        "<span>Story</span></div></div></div></div></body></html>"
    )
    text = body_text(doc)
    assert "harbour master kept a log" in text
    assert "Newsroom of the Harbour" not in text


@pytest.mark.parametrize("cls", ["sectionRelated", "boxSidebarRight", "promoTeaser", "authorBioCard"])
def test_furniture_words_run_together_in_camel_case(cls: str) -> None:
    doc = read_text(
        f"<html><body><div class='mainContent'><h1>The winter ferry</h1>{STORY}"
        f"<div class='{cls}'><h2>More from the harbour</h2><p>Ferry timetables as PDF files</p></div>"
        "</div></body></html>"
    )
    text = body_text(doc)
    assert "harbour master kept a log" in text
    assert "Ferry timetables as PDF" not in text, cls


@pytest.mark.parametrize("label", ["Schlagwörter:", "Kategorien", "Filed under", "Mots-clés :"])
def test_a_label_of_the_posts_tags_goes_with_its_links(label: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        f"<div><span>{label}</span> <a href='/t/ferry'>Fähre</a>, <a href='/t/winter'>Winter</a></div>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert label.rstrip(" :") not in text, label
    assert "harbour master kept a log" in text


@pytest.mark.parametrize(
    "box",
    [
        "<div id='sitename'><h2>The blog of the harbour, every day</h2></div>",
        "<p class='site-description'>The blog of the harbour, every day</p>",
        "<div class='header-tagline'>The blog of the harbour, every day</div>",
    ],
)
def test_the_sites_name_and_tagline_stay_out(box: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{box}{STORY}</article></body></html>"
    )
    text = body_text(doc)
    assert "The blog of the harbour" not in text
    assert "harbour master kept a log" in text


def test_the_article_goes_on_in_sibling_article_sections() -> None:
    # a CMS sets each content element of one story in its own <article>
    def section(i: int, size: int) -> str:
        text = f"Part {i} of the story of the ferry, told at length, with words and commas, " * size
        return f"<article class='ce type-{i}' id='ce{i}'><h2>Part {i}</h2><p>{text}</p></article>"

    doc = read_text(
        "<html><body><main><h1>The winter ferry</h1><div class='main-content'>"
        f"{section(0, 4)}{section(1, 12)}{section(2, 4)}</div></main></body></html>"
    )
    assert [p[:6] for p in paragraphs(doc)] == ["Part 0", "Part 1", "Part 2"]
    # teasers of other stories next to the article are not sections of it
    teasers = "".join(
        f"<article class='teaser'><h3><a href='/s{i}'>Another story {i}</a></h3></article>" for i in range(3)
    )
    doc = read_text(f"<html><body><div class='col'>{section(1, 12)}{teasers}</div></body></html>")
    assert "Another story" not in body_text(doc)


@pytest.mark.parametrize(
    "line", ["Foto: Jane Doe", "Beitragsbild: Jane Doe / Hafenarchiv", "Crédits photos : Jane Doe"]
)
def test_a_picture_credit_without_its_picture_goes(line: str) -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<p>{line}</p>{STORY}</article></body></html>"
    )
    text = body_text(doc)
    assert "Jane Doe" not in text, line
    assert "harbour master kept a log" in text
    # next to its picture, the credit stays
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<p><img src='ferry.jpg' alt='The ferry'></p>"
        f"<p>{line}</p>{STORY}</article></body></html>"
    )
    assert "Jane Doe" in doc.to_json(), line


def test_a_short_box_named_content_does_not_outweigh_the_article() -> None:
    # no box names the article; a short box beside it is called "content": its name tips the
    # balance between boxes of text, it does not make a teaser outweigh the story
    long_story = STORY * 3
    doc = read_text(
        "<html><body><div class='wrap'><div class='col-wide'><h1>The winter ferry</h1>"
        f"<div class='full'>{long_story}</div></div>"
        "<div class='col-narrow'><div class='node'><div class='content'>"
        "<p>Our shop on the quay sells maps, tide tables and postcards, and it opens at nine.</p>"
        "</div></div></div></div></body></html>"
    )
    text = body_text(doc)
    assert "harbour master kept a log" in text
    assert "tide tables" not in text


def test_a_recipe_keeps_its_ingredients_and_steps_in_boxes_beside_its_description() -> None:
    # the description is the one box of prose; the ingredients and steps are lists in boxes
    # of their own beside it: all of them are the article
    items = "".join(f"<li><span>{n} spoons of harbour salt, ground fine</span></li>" for n in range(2, 9))
    steps = "".join(
        f"<li><div class='step-text'>Step {n}: stir the pot slowly and let it rest for a while.</div></li>"
        for n in range(1, 6)
    )
    doc = read_text(
        "<html><body><div class='recipe'><h1>Harbour soup</h1>"
        "<div class='recipe-description'><p>A soup the ferry crews ate on cold crossings, "
        "thick with fish, potatoes and leeks, and better on the second day than on the first, "
        "as every cook on the island will tell you when you ask.</p></div>"
        f"<div class='recipe-ingredients'><ul>{items}</ul></div>"
        f"<div class='recipe-steps'><ol>{steps}</ol></div>"
        "</div></body></html>"
    )
    text = body_text(doc)
    assert "better on the second day" in text
    assert "8 spoons of harbour salt" in text
    assert "Step 5: stir the pot" in text


def test_a_teaser_of_another_story_inside_the_article_goes() -> None:
    # a box with a heading that is all one link to another page, a picture and a line of
    # excerpt: the next story's card, even inside the article's box
    card = (
        "<div class='card'><a href='/stories/new-boats'><img src='boats.jpg' alt=''></a>"
        "<h3><a href='/stories/new-boats'>New boats for the island ferry line</a></h3>"
        "<p>Two hulls arrive from the yard in March.</p></div>"
    )
    # or a card that is one link around its picture, kicker, heading and excerpt
    linked = (
        "<div class='next'><a href='/stories/quay'><span class='label'>Harbour</span>"
        "<h2>What happens next at the old quay</h2><p>The council meets on Friday.</p></a></div>"
    )
    for box in (card, linked):
        doc = read_text(
            f"<html><body><article><h1>The winter ferry</h1>{STORY}{box}{STORY}</article></body></html>"
        )
        text = body_text(doc)
        for teaser in ("New boats for the island", "Two hulls arrive", "What happens next", "council meets"):
            assert teaser not in text
        assert "harbour master kept a log" in text
    # a linked heading over the article's own text stays, and so does a list of such stories
    section = (
        "<h2><a href='/places/quay'>The old quay by the ferry slip</a></h2>"
        "<p>The quay was built of granite from the island's own quarry, and it has outlasted "
        "three ferries, two storms that flooded the harbour and one fire in the ticket office, "
        "which the crews still talk about on long crossings.</p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{section}</article></body></html>")
    assert "The old quay by the ferry slip" in body_text(doc)


@pytest.mark.parametrize("cls", ["factbox", "art-ins mol-factbox floatRHS", "fact-box", "FactboxWide"])
def test_a_fact_box_beside_the_story_goes(cls: str) -> None:
    # a fact box floated beside the story summarises other reporting: not the article's text
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<div class='{cls}'>"
        "<h3>The island in numbers</h3><div class='factbox-body'><p>About 800 people live on the "
        "island all year, and twice as many in the summer, when the second ferry runs.</p></div></div>"
        f"{STORY}</article></body></html>"
    )
    text = body_text(doc)
    assert "harbour master kept a log" in text
    assert "About 800 people" not in text, cls


def test_a_section_of_the_story_named_for_its_ad_slot_stays() -> None:
    # a modifier class says the section carries an ad slot; its prose is the story's
    part = (
        "<p>The new grill heats evenly in the middle, less so at the edges, and the lid stays "
        "cool enough to touch, which the testers liked on a windy evening at the quay.</p>"
    )
    doc = read_text(
        "<html><body><article class='report'><h1>The harbour grill</h1>"
        f"<section class='report__section'>{part}</section>"
        f"<section class='report__section report__section--ads'><h2>The result</h2>{part}"
        "<div class='ad-slot'><span>Sponsored by a shipyard</span></div></section>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "The result" in text
    assert text.count("heats evenly in the middle") == 2
    assert "Sponsored by a shipyard" not in text


def test_a_keep_reading_callout_with_a_role_heading_goes() -> None:
    callout = (
        "<div class='callout'><div role='heading' aria-level='4'>Keep Reading</div>"
        "<figure><img src='badge.jpg' alt=''></figure><div role='heading' aria-level='5'>The latest on "
        "<a href='/ferries'>ferries</a>, from timetables to the boats themselves</div></div>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{callout}"
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "The latest on" not in text
    assert "harbour master retired" in text


def test_the_contacts_at_the_end_of_a_press_release_go() -> None:
    contacts = (
        "<p><strong>Kontakt:</strong></p>"
        "<p>Dr. Jana Beck<br>Hafenamt Nordstadt<br>E-Mail: beck@hafen.example</p>"
        "<p>Tom Rix<br>Pressestelle<br>Tel.: 040 123 45 67</p>"
    )
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}{contacts}</article></body></html>"
    )
    text = body_text(doc)
    for gone in ("Kontakt", "Jana Beck", "Tom Rix"):
        assert gone not in text
    assert "harbour master kept a log" in text


def test_a_press_officers_card_beside_the_release_goes() -> None:
    card = (
        "<div class='card'><h4>Harbour Trust</h4><div class='card-section'><h2>Press contact</h2>"
        "<p>Press officer Ann Lee</p>Tel.: (030) 78 95 47 78<br>E-mail: press@harbour.example</div></div>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<div class='row'>"
        f"<div class='columns'>{card}</div>"
        f"<div class='columns'>{card.replace('Ann Lee', 'Jo Bell')}</div></div>"
        "</article></body></html>"
    )
    text = body_text(doc)
    for gone in ("Ann Lee", "Jo Bell", "press@harbour.example"):
        assert gone not in text
    assert "harbour master kept a log" in text


def test_a_section_of_the_story_headed_contact_stays() -> None:
    section = (
        "<h2>Contact</h2><p>The first radio contact with the island came in 1921, when the harbour master "
        "built a mast on the pier and called the mainland every evening at six.</p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{section}</article></body></html>")
    assert "The first radio contact with the island came in 1921" in body_text(doc)


@pytest.mark.parametrize(
    "box",
    [
        "<p><span><div class='highlight'><div class='head'>AUTOR</div><h3>Dr. Jo Bell</h3>"
        "<p>ist Partnerin der Kanzlei Bell und Rix in Kiel. Zu ihren Themen zählt das Seerecht.</p>"
        "</div></span></p>",
        "<h4>Autoren:</h4><div class='list'><div class='entry'><h3>Jo Bell</h3>"
        "<p>Jo Bell schreibt seit 2010 über Häfen, Fähren und das Seerecht.</p></div></div>",
        "<section class='sig'><header><h2>Artikel von</h2><h3><a href='/jo'>Jo Bell</a></h3></header>"
        "<p>Leiterin Redaktion Hafen und Seerecht</p><p>j.bell@hafen.example</p></section>",
    ],
)
def test_a_box_under_a_label_naming_the_writer_goes(box: str) -> None:
    doc = read_text(
        "<html><body><article><h1>The winter ferry</h1><p class='byline'>By Jo Bell</p>"
        f"{STORY}{box}</article></body></html>"
    )
    text = body_text(doc)
    assert "Seerecht" not in text
    assert "harbour master kept a log" in text


def test_a_long_section_under_an_authors_heading_stays() -> None:
    section = "".join(
        f"<p>Writer number {i} of the harbour anthology wrote about the ferry, the quay and the winter "
        "storms that closed the crossing for weeks.</p>"
        for i in range(12)
    )
    doc = read_text(
        "<html><body><article><h1>The harbour anthology</h1>"
        f"<h2>Authors</h2>{section}</article></body></html>"
    )
    assert "Writer number 11 of the harbour anthology" in body_text(doc)


def test_a_dialog_that_opens_with_a_close_control_is_not_the_page() -> None:
    terms = "".join(
        f"<p>Term {i}: parcels leave the harbour warehouse within two days, and shipping is free "
        "above sixty euros, otherwise eight euros, whatever the weight.</p>"
        for i in range(6)
    )
    doc = read_text(
        "<html><body><div class='page'><h1>Island honey</h1><div class='description'>"
        "Our honey comes from the heather on the island, harvested in August, and bottled by hand in the "
        "harbour town.<br>Each jar holds 500 grams, and the bees winter in the old ferry shed.</div></div>"
        f"<div id='shipping-info'><div class='close'>Close [X]</div><h3>Shipping</h3>{terms}</div>"
        "</body></html>"
    )
    text = body_text(doc)
    assert "Our honey comes from the heather" in text
    assert "Term 3" not in text


def test_a_banner_whose_caption_promotes_the_publication_goes_but_a_credit_stays() -> None:
    banner = (
        "<figure><a href='https://shop.example'><img src='banner.jpg' alt=''></a>"
        "<figcaption>Jetzt neu! Besuchen Sie unseren Fan-Shop!</figcaption></figure>"
    )
    photo = "<figure><img src='ferry.jpg' alt='The ferry'><figcaption>© Harbour Trust</figcaption></figure>"
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{banner}{photo}</article></body></html>"
    )
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert len(figures) == 1
    assert "Fan-Shop" not in doc.to_json()
    assert "Harbour Trust" in doc.to_json()


def test_lines_that_are_each_one_link_after_the_story_go_but_an_address_stays() -> None:
    tail = (
        "<p><a href='/draw-north.pdf'>Here is the draw for the north quay</a></p>"
        "<p><a href='/draw-south.pdf'>Here is the draw for the south quay</a></p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{tail}</article></body></html>")
    assert "Here is the draw" not in body_text(doc)
    assert "harbour master kept a log" in body_text(doc)
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        "<p><a href='https://www.ferry-petition.example'>www.ferry-petition.example</a></p></article></body></html>"
    )
    assert "www.ferry-petition.example" in body_text(doc)


def test_a_heading_whose_id_is_an_anchor_of_its_words_stays() -> None:
    section = (
        "<h3 class='subheading' id='nav_the_old_quay__1'>The old quay</h3>"
        "<p>The old quay was rebuilt in 1921, after the great storm, with stone from the island quarry.</p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{section}</article></body></html>")
    assert any(isinstance(b, Heading) and text_of(b) == "The old quay" for b in doc.blocks)


def test_a_heading_at_the_very_end_heads_nothing_and_goes() -> None:
    tail = (
        "<section><h2>News</h2><ul class='newslist' data-load='/more'></ul></section>"
        "<p> </p><img src='top.png'>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{tail}</article></body></html>")
    assert not any(isinstance(b, Heading) for b in doc.blocks)
    assert paragraphs(doc)[-1].startswith("In the spring the timetable doubled")


def test_a_line_naming_where_the_text_comes_from_goes() -> None:
    tail = (
        "<p><em>Quelle: Hafenamt Nordstadt, Pressestelle</em></p>"
        "<table><tr><th>Year</th><th>Crossings</th></tr><tr><td>1921</td><td>700</td></tr>"
        "<tr><td colspan='2'>Source: Harbour Trust</td></tr></table>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{tail}</article></body></html>")
    text = doc.to_json()
    assert "Hafenamt Nordstadt" not in text
    assert "Harbour Trust" in text  # a table's source stays the table's


def test_a_box_named_for_sharing_that_holds_the_pages_prose_is_the_article() -> None:
    # the menus outweigh the story; the story's box is named for its share buttons, and a
    # keywords box sits above it
    links = "".join(f"<li><a href='/t{i}'>Topic number {i}</a></li>" for i in range(300))
    story = "".join(
        f"<p>Paragraph {i} of the story of the winter ferry, which ran twice a day, whatever the weather.</p>"
        for i in range(8)
    )
    page = (
        f"<html><body><nav><ul>{links}</ul></nav>"
        "<div class='keywords'><ul><li><a href='/k'>Ferries</a></li></ul></div>"
        f"<div class='documentContent__sharingContainer'><h1>The winter ferry</h1>{story}"
        "<div class='share'><a href='/fb'>Facebook</a></div></div></body></html>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read as it is, not through the looser second reading
        doc = read_text(page)
    text = body_text(doc)
    assert "Paragraph 7 of the story" in text
    assert "Ferries" not in text


def test_a_list_of_one_link_inside_the_story_goes_but_an_address_stays() -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        "<ul><li><a href='/live'><strong>The latest news about the ferry (free to read)</strong></a>"
        "</li></ul>"
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
        "<ul><li><a href='https://www.ferry-book.example/42'>www.ferry-book.example/42</a></li></ul>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "The latest news about the ferry" not in text
    assert "www.ferry-book.example/42" in text


@pytest.mark.parametrize(
    "line",
    [
        "<p>Alles über nachhaltige Fähren findest Du <a href='/faehren'>hier</a>.</p>",
        "<div>Wie die Fähre im Sturm fährt, erklären wir in unserem Beitrag <a href='/sturm'>Sturm</a></div>",
        "<p>Read more about the old quay <a href='/quay'>here</a>.</p>",
    ],
)
def test_a_line_pointing_to_another_article_goes(line: str) -> None:
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{line}</article></body></html>")
    assert len(paragraphs(doc)) == 2


def test_a_sentence_of_the_story_ending_with_here_stays() -> None:
    line = "<p>The harbour master said the ferry would stay <a href='/quay'>here</a>.</p>"
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{line}</article></body></html>")
    assert "would stay here" in body_text(doc)


def test_a_further_information_heading_goes_with_its_links_before_more_prose() -> None:
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}"
        "<p><strong>Weitere Informationen:</strong></p>"
        "<p><a href='https://de.wikipedia.org/wiki/F%C3%A4hre'>Wikipedia-Artikel über Fähren</a></p>"
        "<p><a href='/hafen'>Der Hafen im Jahr 1921</a></p>"
        "<h2>Der Hafenmeister</h2><p>Der Hafenmeister führte vierzig Jahre lang Buch über jede Fahrt, "
        "bei Sturm und bei Eis.</p></article></body></html>"
    )
    text = body_text(doc)
    assert "Weitere Informationen" not in text
    assert "Wikipedia-Artikel" not in text
    assert "vierzig Jahre lang Buch" in text
