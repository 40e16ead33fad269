"""Furniture classes seen on pages of the real web (issue 12), each pinned by a small page."""

from __future__ import annotations

import pytest
from html_pages import STORY, body_text, figures, paragraphs, read_text

from archivepub.readers.html import _clean


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


def test_a_heading_closed_with_the_wrong_tag_does_not_swallow_the_story() -> None:
    # "<h2>…</h3>": the parser keeps the h2 open and puts the story inside it
    doc = read_text(
        "<html><body><main><h1>The winter ferry</h1>"
        "<h2 class='excerpt'>Whatever the weather, the island was never cut off that winter.</h3>"
        "<div class='ad'><h3>Advertisement</h3></div>"
        f"<div class='content'>{STORY}<p>The harbour master retired the next year, after forty winters "
        "at the quay, and wrote a book about the crossings.</p></div></main></body></html>"
    )
    assert doc.metadata.subtitle == "Whatever the weather, the island was never cut off that winter."
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Paragraph"]
    assert "after forty winters" in body_text(doc)


def test_a_picture_captioned_as_an_advert_goes_and_the_label_goes_in_more_languages() -> None:
    doc = read_text(
        "<html lang='pl'><body><article><h1>Prom zimowy</h1>"
        "<p>Prom na wyspę kursował dwa razy dziennie przez całą zimę, bez względu na pogodę, "
        "a kapitan portu prowadził dziennik każdej przeprawy.</p>"
        "<figure><a href='https://shop.example/buy'><img src='/banner.jpg' alt='Reklama'></a>"
        "<figcaption>Reklama</figcaption></figure>"
        "<figure><img src='/prom.jpg' alt=''><figcaption>Prom w porcie, styczeń 1921</figcaption></figure>"
        "<p>Reklama</p>"
        "<p>Wiosną rozkład jazdy podwojono, a do starej łodzi dołączyła druga.</p>"
        "</article></body></html>"
    )
    assert "Reklama" not in doc.to_json()
    assert len(figures(doc)) == 1
    assert figures(doc)[0].caption  # the picture of the story keeps its caption


def test_cards_of_other_posts_go_an_embedded_post_and_the_next_post() -> None:
    doc = read_text(
        f"<html><body><article class='post'><h1>The winter ferry</h1>{STORY}"
        "<blockquote class='wp-embedded-content'><a href='/spring-timetable'>The spring timetable</a>"
        "</blockquote>"
        "<div class='post-footer'><div class='nextstory'><h2><a href='/harbour'>A new harbour master "
        "for the island</a></h2></div></div></article></body></html>"
    )
    text = body_text(doc)
    assert "spring timetable" not in text
    assert "new harbour master" not in text
    assert "whatever the weather" in text


@pytest.mark.parametrize(
    "appeal",
    [
        "<div class='foot_note'><div><div><strong>Apoya el periodismo independiente</strong></div>"
        "Si te parece valioso nuestro trabajo, apóyanos para seguir. Únete a nuestra comunidad de lectores."
        "</div></div>",
        "<div class='breaker'><div class='border'><p><img src='/1-procent.jpg' alt='' width='239'></p>"
        "<p>Czytasz nowy rodzaj materiału na naszym portalu. <a href='/wesprzyj'>Wesprzyj nas</a> "
        "darowizną.</p></div></div>",
        "<p class='has-background'><strong>Gefällt dir unser Magazin? Um unabhängiger von Werbung zu sein, "
        "brauchen wir deine Unterstützung.</strong> Hilf mit! <a href='/community'>Mehr dazu</a></p>",
        "<p>Hacemos periodismo desde hace cien años.<br><br><strong>HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS"
        "</strong></p>",
    ],
)
def test_an_appeal_to_support_the_publication_goes_with_its_box(appeal: str) -> None:
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{appeal}</article></body></html>")
    assert len(doc.blocks) == 2, body_text(doc)  # the story's two paragraphs, no more


def test_a_quoted_call_for_support_is_part_of_the_story() -> None:
    quote = "<p>“Please support us,” the harbour master wrote to the council when the boat broke down.</p>"
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{quote}</article></body></html>")
    assert "Please support us" in body_text(doc)


@pytest.mark.parametrize(
    "text",
    [
        "Si te parece valioso nuestro trabajo, apóyanos para seguir.",
        "Wesprzyj nas darowizną lub przekaż nam 1% podatku.",
        "Unterstütze uns mit deiner Spende!",
        "Hilf mit und unterstütze unser Magazin mit einem kleinen Beitrag.",
        "Gefällt dir das? Bitte unterstützen Sie uns mit einem jährlichen Beitrag.",
        "Ads help us. Please support us by turning off your ad blocker.",
        "Advertising revenue helps support our journalism.",
        "Um unabhängig zu bleiben, brauchen wir deine Unterstützung.",
        "We need your support to keep reporting.",
        "Necesitamos tu apoyo.",
        "HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS",
        "Hágase socio hoy.",
        "Werden Sie Mitglied bei uns und erhalten Sie exklusive Angebote!",
        "Devenez membre du club des lecteurs.",
        "Soutenez-nous : faites un don.",
        "Sostienici con un abbonamento.",
        "Donate now to keep the site free.",
        "Jetzt spenden!",
    ],
)
def test_every_appeal_holds_a_hint_word_that_the_fast_path_looks_for(text: str) -> None:
    lowered = text.lower()
    assert _clean._APPEAL.search(lowered) is not None
    assert any(
        word in lowered and hint in lowered and word in hint
        for word, group in _clean._APPEAL_HINTS
        for hint in group
    )


def test_a_standfirst_named_by_its_id_is_the_subtitle_but_a_box_of_links_is_not() -> None:
    lead = (
        "<div id='gazeta_article_lead'>How an island kept its only link to the mainland through the "
        "coldest winter in living memory.</div>"
    )
    notices = "<div id='announce'><ul><li><a href='/a'>Service notice: the forum closes</a></li></ul></div>"
    page = (
        "<html><body><div class='top'><h1>The winter ferry</h1>{box}</div>"
        "<div class='bottom'>{story}</div></body></html>"
    )
    doc = read_text(page.format(box=lead, story=STORY))
    assert doc.metadata.subtitle is not None
    assert doc.metadata.subtitle.startswith("How an island kept its only link")
    doc = read_text(page.format(box=notices, story=STORY))
    assert doc.metadata.subtitle is None


def test_a_more_news_from_heading_goes_with_its_links() -> None:
    doc = read_text(
        f"<html lang='es'><body><article><h1>El ferry de invierno</h1>{STORY}"
        "<span class='articulo-subtitulo'>Más noticias de Colombia</span>"
        "<p>-<a href='/a'>Un nuevo puerto para la isla</a><br><br>-<a href='/b'>El capitán se jubila</a></p>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "Más noticias" not in text
    assert "nuevo puerto" not in text
    assert "whatever the weather" in text


def test_a_bare_by_label_after_the_story_goes_with_the_name_but_a_quoted_mail_stays() -> None:
    byline = "<a href='mailto:redaktion@example.org'><b>Von:</b> <br> <br> Jana Berger</a>"
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}{byline}</article></body></html>"
    )
    assert "Jana Berger" not in body_text(doc)
    mail = (
        "<div><b>Von:</b> Hafenamt der Insel <br>Gesendet: Montag, 3. Januar 1921 <br>An: Redaktion <br>"
        "Betreff: Fährbetrieb <br>Die Fähre fährt auch bei Sturm, solange der Hafen eisfrei ist.</div>"
    )
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}{mail}</article></body></html>"
    )
    assert "solange der Hafen eisfrei ist" in body_text(doc)


def test_a_downloads_file_type_and_size_goes_but_its_link_stays() -> None:
    link = (
        "<p><a href='/timetable.pdf'>The winter timetable<span class='info'>PDF | 38 KB | "
        "not accessible</span></a></p>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{link}{after}</article></body></html>"
    )
    text = body_text(doc)
    assert "The winter timetable" in text
    assert "38 KB" not in text


def test_a_box_named_as_a_video_teaser_goes() -> None:
    teaser = (
        "<div class='imgTeaserL video'><div class='mediaItem'><span>Watch video 02:17</span>"
        "<h2>Islanders want a bridge instead of the ferry</h2></div></div>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{teaser}{after}</article></body></html>"
    )
    assert "bridge" not in body_text(doc)
    assert "forty winters" in body_text(doc)


def test_a_box_named_as_the_sites_header_goes_but_not_the_article_header_nor_a_label() -> None:
    doc = read_text(
        "<html><head><title>The winter ferry</title></head><body><div id='wrapper'>"
        "<div id='header-right'><a href='/en'>English</a><small>A documentary about ferries</small></div>"
        "<div class='nav-path'>Start » Film » Story</div>"
        f"{STORY}<div class='box'><div class='header'>AUTHOR</div><h3>Jana Berger</h3>"
        "<p>writes about islands and the boats that serve them, and has done so for twenty years.</p></div>"
        "</div></body></html>"
    )
    text = body_text(doc)
    assert "English" not in text
    assert "A documentary about ferries" not in text
    assert "whatever the weather" in text
    assert "Jana Berger" not in text  # the label over the writer's box still takes the box
    doc = read_text(
        "<html><body><div class='header'><h1>The winter ferry</h1><p class='lead'>How an island kept its "
        f"link to the mainland.</p></div>{STORY}</body></html>"
    )
    assert doc.metadata.title == "The winter ferry"
    assert doc.metadata.subtitle == "How an island kept its link to the mainland."


def test_the_next_stories_a_page_appends_as_one_scrolls_are_not_the_article() -> None:
    def story(title: str, words: str) -> str:
        return (
            f"<div class='scrollblock'><article><h1>{title}</h1><p>{words} ran twice a day through the whole "
            "winter, whatever the weather, and the harbour master kept a log of every crossing.</p>"
            f"<p>{words} doubled its timetable in the spring, and a second boat joined the old one.</p>"
            "</article></div>"
        )

    doc = read_text(
        "<html><head><title>The winter ferry</title></head><body><main><section class='column'>"
        + story("The winter ferry", "The ferry to the island")
        + story("A bridge for the island", "The bus to the bridge")
        + story("The harbour master retires", "The pilot boat")
        + "</section></main></body></html>"
    )
    text = body_text(doc)
    assert "The ferry to the island ran twice a day" in text
    assert "bridge" not in text
    assert "pilot boat" not in text


def test_a_long_storys_sections_under_h1_subheadings_stay_together() -> None:
    def section(heading: str) -> str:
        return (
            f"<section class='s'><h1 class='sub'>{heading}</h1><p>The ferry to the island ran twice a day "
            "through the whole winter, whatever the weather, and the harbour master kept a log.</p>"
            "<p>In the spring the timetable doubled, and a second boat joined the old one.</p></section>"
        )

    doc = read_text(
        "<html><head><title>The winter ferry</title></head><body><article>"
        "<section class='s'><h1 class='title'>The winter ferry</h1><p>It began in 1921, when the bridge "
        "was closed for repairs and the island had only its ferry.</p></section>"
        + section("The crossings")
        + section("The spring")
        + "</article></body></html>"
    )
    text = body_text(doc)
    assert "It began in 1921" in text
    assert "The crossings" in text
    assert "The spring" in text


def test_a_line_set_off_in_italics_around_a_link_to_another_story_goes_but_a_credit_stays() -> None:
    lines = (
        "<p><em>A former harbour master: <a href='/harbour-master'>The ferry must run in winter</a></em></p>"
        "<p><em>(Credits: <a href='https://archive.example/'>Island Archive</a>)</em></p>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{lines}{after}</article></body></html>"
    )
    text = body_text(doc)
    assert "The ferry must run in winter" not in text
    assert "Island Archive" in text
    assert "forty winters" in text


def test_a_contact_box_beside_a_release_goes() -> None:
    box = (
        "<div class='mod mod-contactbox'><h4>Press office of the island council</h4><p>Harbour Road 1<br>"
        "Tel. +44 1234 567 890</p></div>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{box}{after}</article></body></html>"
    )
    text = body_text(doc)
    assert "Press office" not in text
    assert "forty winters" in text


def test_a_line_of_the_posts_fields_goes() -> None:
    line = "<p>News date : 04/21/1921 &nbsp;&nbsp; Category : <a href='/c/harbour'>Harbour news</a></p>"
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{line}</article></body></html>")
    text = body_text(doc)
    assert "Category" not in text
    assert "whatever the weather" in text


def test_recommendations_named_with_a_content_word_are_still_furniture() -> None:
    box = (
        "<div class='story-recommendations'><p>Shot happens: the ferry's bar serves its own cocktail, and "
        "here is how to mix it at home with rum, lime and a little patience.</p></div>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{box}{after}</article></body></html>"
    )
    text = body_text(doc)
    assert "Shot happens" not in text
    assert "forty winters" in text


def test_a_quotation_set_in_a_widget_of_its_own_is_part_of_the_story() -> None:
    quote = (
        "<div class='insert'><div class='widget quote longtext'><h6>“Will the ferry run tomorrow?”<br>"
        "“It always runs,” said the harbour master, “whatever the ice says.”</h6></div></div>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{quote}{after}</article></body></html>"
    )
    assert "whatever the ice says" in body_text(doc)


def test_the_paragraph_under_the_title_in_a_box_of_its_own_is_the_lead() -> None:
    body = (
        f"<div class='body'>{STORY}<p>The harbour master retired after forty winters at the quay.</p></div>"
    )
    stage = (
        "<article class='stage'><div><h1>The winter ferry</h1></div><div><p>How an island kept its only link "
        "to the mainland through the coldest winter in living memory.</p></div></article>"
    )
    doc = read_text(f"<html><body>{stage}<article class='main'>{body}</article></body></html>")
    assert doc.metadata.subtitle is not None
    assert doc.metadata.subtitle.startswith("How an island kept")
    # the site's name over its tagline is no title with a lead
    site = "<div id='top'><h1><a href='/'>Island Law</a></h1><p>Notes on the law of small islands</p></div>"
    doc = read_text(f"<html><head><title>The winter ferry</title></head><body>{site}{body}</body></html>")
    assert doc.metadata.subtitle is None


def test_a_line_pointing_to_the_story_its_closing_link_names_goes_but_an_address_stays() -> None:
    lines = (
        "<p><i>Not from the seventies but from the sixties is the next ferry. Read more about it here: </i>"
        "<a href='/old-ferry'>The ferry of 1961</a>.</p>"
        "<p>Photos for the press can be found here: <a href='https://photos.example/f'>https://photos.example/f</a>"
        "</p>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{lines}{after}</article></body></html>"
    )
    text = body_text(doc)
    assert "The ferry of 1961" not in text
    assert "https://photos.example/f" in text


def test_a_closing_note_in_italics_giving_an_address_goes_but_a_closing_line_with_years_stays() -> None:
    note = (
        "<p><em>Jana Berger is the founder of Island Words, a studio that helps ferry companies tell their "
        "stories. Follow her on Instagram, call 784-432-2223 or write to jana@islandwords.example.</em></p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{note}</article></body></html>")
    assert "Island Words" not in body_text(doc)
    line = (
        "<p><em>The ferry ran every winter from 1921 - 1958, and its log books, kept by four harbour "
        "masters, are now in the island's museum.</em></p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{line}</article></body></html>")
    assert "log books" in body_text(doc)


def test_a_paragraph_promoting_the_publications_own_product_goes() -> None:
    promo = (
        "<p>Kennt ihr schon unseren Fährfinder? Ab sofort findet ihr mit unserem "
        "<a href='/finder'>Fährfinder</a> alle Fähren zu den Inseln auf einen Klick.</p>"
    )
    after = "<p>Der Hafenmeister ging im Jahr darauf in den Ruhestand, nach vierzig Wintern am Kai.</p>"
    doc = read_text(
        f"<html><body><article><h1>Die Winterfähre</h1>{STORY}{promo}{after}</article></body></html>"
    )
    text = body_text(doc)
    assert "Fährfinder" not in text
    assert "vierzig Wintern" in text


@pytest.mark.parametrize(
    "call",
    [
        "<p><span><strong>Die Inselzeitung jetzt auch digital!</strong><a href='/register'>Einfach hier "
        "klicken und für die digitale Inselzeitung registrieren!</a></span></p>",
        "<p>Never miss a crossing: <a href='/subscribe'>click here to subscribe</a> to the ferry letter.</p>",
    ],
)
def test_a_call_to_register_for_the_publication_goes(call: str) -> None:
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}{call}{after}</article></body></html>"
    )
    assert len(doc.blocks) == 3, body_text(doc)


def test_a_teaser_of_a_photo_gallery_goes_but_the_articles_own_gallery_keeps_its_captions() -> None:
    teaser = (
        "<div class='photo-series'><h2 class='txt-teaser-text-on-photo-teasers'>The new colours of the ferry "
        "for 1922</h2><span>Gallery</span></div>"
    )
    gallery = (
        "<div class='gallery-teaser'><figure><img src='/quay.jpg' alt=''><figcaption>The quay in January "
        "1921</figcaption></figure></div>"
    )
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    story = f"<h1>The winter ferry</h1>{STORY}{teaser}{gallery}{after}"
    text = read_text(f"<html><body><article>{story}</article></body></html>").to_json()
    assert "new colours of the ferry" not in text
    assert "The quay in January 1921" in text


def test_a_promotion_ending_with_a_call_to_have_a_look_goes() -> None:
    promo = (
        "<p><b>Du liebst Fähren? Über 200 Jobs auf Schiffen warten auf dich in der "
        "<a href='/jobs'>Fähren-Jobbörse</a>. Gleich reinschauen und entdecken!</b></p>"
    )
    after = "<p>Der Hafenmeister ging im Jahr darauf in den Ruhestand, nach vierzig Wintern am Kai.</p>"
    doc = read_text(
        f"<html><body><article><h1>Die Winterfähre</h1>{STORY}{promo}{after}</article></body></html>"
    )
    assert "Jobbörse" not in body_text(doc)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [("aja/PAP", True), ("(mm/AFP)", True), ("dpa/lni", True), ("Stift / Marker", False), ("TV/Ton", False)],
)
def test_an_agencys_sign_off_is_furniture_but_not_any_pair_of_words(line: str, furniture: bool) -> None:
    assert _clean.is_boilerplate_line(line) is furniture


def test_a_link_named_as_a_way_back_goes() -> None:
    back = "<div class='bottom'><a class='icon-text icon-text--back' href='/harbour'>Harbour news</a></div>"
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{back}</article></body></html>")
    assert "Harbour news" not in body_text(doc)


def test_a_further_information_heading_in_other_words_goes() -> None:
    box = (
        "<div id='info'><h2>Zusatzinformationen:</h2><p><a href='/faehre'>Die Fähre im Archiv</a></p></div>"
        "<p>Der Hafenmeister ging im Jahr darauf in den Ruhestand, nach vierzig Wintern am Kai.</p>"
    )
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}{box}</article></body></html>"
    )
    assert "Zusatzinformationen" not in body_text(doc)


def test_the_label_of_the_issue_a_story_appeared_in_goes() -> None:
    box = "<div class='breaker'><p>ERSCHIENEN IN</p><h5>Inselheft 2021</h5></div>"
    after = "<p>Der Hafenmeister ging im Jahr darauf in den Ruhestand, nach vierzig Wintern am Kai.</p>"
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}{box}{after}</article></body></html>"
    )
    assert "ERSCHIENEN" not in body_text(doc)


def test_a_formula_image_inside_a_paragraph_does_not_split_it() -> None:
    # MediaWiki sets an inline formula as hidden MathML beside an image whose alt text is the TeX
    formula = (
        "<span class='mwe-math-element'><span class='mwe-math-mathml-inline' style='display: none;'>"
        "<math alttext='{\\displaystyle N}'><mi>N</mi></math></span>"
        "<img src='/math/n.svg' class='mwe-math-fallback-image-inline' aria-hidden='true' alt='N'></span>"
    )
    doc = read_text(
        f"<html><body><article><h1>Counting ferries</h1>{STORY}"
        f"<p>Given a set of {formula} crossings, the harbour master kept one line for each.</p>"
        "</article></body></html>"
    )
    assert "Given a set of N crossings, the harbour master kept one line for each." in paragraphs(doc)


def test_an_icon_inside_a_link_keeps_the_link_in_its_line() -> None:
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        "<p>Read the <a href='/es/ferry'><span><img src='/flags/es.png' width='16' height='11'>"
        "Spanish</span></a> version of this story.</p></article></body></html>"
    )
    assert "Read the Spanish version of this story." in paragraphs(doc)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Dieser Beitrag stammt aus Ausgabe 3/2021 der Hafenpost. Das Heft ist im Handel erhältlich.", True),
        ("This article appears in the March 2020 print edition with the headline “The Ferry”.", True),
        ("This story appeared in the May issue of Harbour Monthly.", True),
        ("The article appears in the journal Nature.", False),
        ("Dieser Beitrag stammt aus einer Recherche des Hafenradios.", False),
    ],
)
def test_a_line_naming_the_print_issue_the_story_comes_from_is_furniture(line: str, furniture: bool) -> None:
    assert _clean.is_boilerplate_line(line) is furniture


def test_the_print_issue_line_goes_and_the_story_stays() -> None:
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}"
        "<div class='textbox'><p class='synopsis'>Dieser Beitrag stammt aus Ausgabe 3/2021 der Hafenpost. "
        "Das Heft ist ab 20.03.2021 im Handel erhältlich. Highlights aus dem Heft:</p></div>"
        "</article></body></html>"
    )
    text = body_text(doc)
    assert "Highlights aus dem Heft" not in text
    assert "whatever the weather" in text


def _entry(time: str, text: str) -> str:
    return (
        f"<div class='entry'><div class='entry-meta'>{time} Harbour desk</div>"
        f"<div class='entry-content'><p>{text}</p><p>{text} More on this as it comes in, "
        "with the harbour master's word on each crossing.</p></div></div>"
    )


def test_a_live_blogs_lead_beside_its_entries_is_the_story_s_opening() -> None:
    lead = (
        "<div class='live-lead'>"
        "<p>Tonight at midnight the ferry to the island stops for the winter, and the harbour "
        "will close to all but the fishing boats until the spring.</p>"
        "<p>The decision came after a week of storms, when the crossing was cancelled on four days "
        "out of seven and the pier was damaged twice.</p>"
        "<p>We will bring you all of today's updates here, from the quay and from the island, "
        "as the last boats come in.</p>"
        "<p>The island's school will stay open: its teachers live on the island, and the doctor will "
        "come over by the lifeboat once a week, on Thursdays, weather allowing.</p></div>"
    )
    entries = "".join(
        _entry(
            f"{hour}:00",
            f"At {hour} o'clock the ferry left the quay, late by a quarter of an hour, "
            "with cars and a lorry of feed for the island's farms.",
        )
        for hour in range(9, 19)
    )
    doc = read_text(
        f"<html><body><article><h1>Live: the last ferry of the year</h1>"
        f"<div class='live-container'>{lead}<div class='live-entries'>{entries}</div></div>"
        "</article><aside class='sidebar'><p>Most read</p></aside></body></html>"
    )
    text = body_text(doc)
    assert "Tonight at midnight the ferry" in text
    assert "At 18 o'clock the ferry left the quay" in text


def test_a_note_after_the_story_s_box_does_not_widen_it() -> None:
    story = "".join(
        f"<p>Part {n} of the story: the ferry ran twice a day through the whole winter, whatever "
        "the weather, and the harbour master kept a log of every crossing.</p>"
        for n in range(40)
    )
    note = (
        "<div class='after'><p>If you would like to answer this article or take its argument further, "
        "write to the editors: every letter is read, and the best of them are printed in the next "
        "issue with an answer from the writer, who has agreed to take part in the exchange. Letters "
        "may be shortened; please give your full name and the town you write from, and keep to five "
        "hundred words at most. Letters sent by post reach us a week later than those sent by "
        "e-mail, and the letters page closes on the Monday before each issue goes to print.</p></div>"
    )
    doc = read_text(
        "<html><body><main><h1>The winter ferry</h1><div class='box'>"
        f"<div class='entry-content'>{story}</div>{note}</div></main></body></html>"
    )
    assert "write to the editors" not in body_text(doc)


_QUESTIONS = "".join(
    f"<div class='faq-item'><div class='faq-question'>Question {n}: how do I book and pay?</div>"
    "<div class='faq-answer'>Our portal offers two ways to book, explained here in a few words: "
    "some houses are booked online at once, others are asked for first, and the owner answers "
    "within two days with the price for the dates you chose and the ways to pay.</div></div>"
    for n in range(12)
)


def test_a_booking_portals_questions_do_not_outweigh_the_rentals_description() -> None:
    description = (
        "<div class='description'><h2>The old farmhouse</h2>"
        "<p>We turned our old farmhouse into a holiday home for nine: four bedrooms, two bathrooms, "
        "a kitchen with a dishwasher and a garden with a barbecue, a terrace and a playground.</p>"
        "<p>The village lies among meadows, fields and woods, with walking and cycling paths at "
        "the door and the lake a quarter of an hour away by car.</p></div>"
    )
    doc = read_text(
        "<html><body><div class='main'><h1>Holiday home on the hill</h1>"
        f"<div class='details'>{description}"
        f"<section id='faq'><h2>FAQ</h2><div class='faq-box'>{_QUESTIONS}</div></section>"
        "</div></div></body></html>"
    )
    text = body_text(doc)
    assert "We turned our old farmhouse into a holiday home" in text
    assert "Our portal offers two ways to book" not in text


def test_a_guides_own_questions_stay_in_the_article() -> None:
    doc = read_text(
        f"<html><body><article><h1>Choosing a ferry ticket</h1><div class='entry-content'>{STORY}"
        f"<div class='faq-block'><h2>Questions</h2>{_QUESTIONS[:2000]}</div></div></article></body></html>"
    )
    assert "Our portal offers two ways to book" in body_text(doc)


def test_a_custom_element_named_as_furniture_goes_but_not_one_named_otherwise() -> None:
    teaser = (
        "<pp-inline-teaser><div><p class='title'>Questions about the ferry</p><p>Answers to your questions "
        "about the winter timetable.</p></div></pp-inline-teaser>"
    )
    box = "<island-map><p>The island lies four miles off the coast, across a cold channel.</p></island-map>"
    after = (
        "<p>The harbour master retired the next year, after forty winters at the quay, and wrote a book.</p>"
    )
    story = f"<h1>The winter ferry</h1>{STORY}{teaser}{box}{after}"
    text = body_text(read_text(f"<html><body><article>{story}</article></body></html>"))
    assert "Answers to your questions" not in text
    assert "four miles off the coast" in text


def test_an_info_box_of_prose_in_the_story_stays_but_a_box_named_infobox_goes() -> None:
    # "infobox" as one word of a longer name (a CMS's "paragraph--type--infobox") names a box
    # of the story's text; a box named "infobox" outright is a sidebar of facts
    box = (
        "<div class='paragraph paragraph--type--infobox'><div class='content'><h3>How to tell</h3>"
        "<p>A ferry ticket bought on board costs twice as much as one bought at the quay, "
        "so the harbour office keeps its window open until the last crossing of the day.</p></div></div>"
    )
    facts = "<div class='infobox'><p>Operator: Island Ferries. Crossings per day: two.</p></div>"
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{facts}{STORY}{box}</article></body></html>"
    )
    text = body_text(doc)
    assert "costs twice as much as one bought at the quay" in text
    assert "Island Ferries" not in text


def test_the_print_issue_line_goes_with_its_small_box() -> None:
    promo = (
        "<div class='collapse-box'><header><h2>HP 3/2021</h2></header>"
        "<div class='textbox'><figure><img src='cover.jpg' alt=''><figcaption>Hafenpost März 2021"
        "</figcaption></figure><div class='textbox-content'><p>Dieser Beitrag stammt aus Ausgabe 3/2021 "
        "der Hafenpost. Das Heft ist im Handel erhältlich. Highlights aus dem Heft:</p>"
        "<ul><li><a href='/a'>Die neue Mole</a></li><li><a href='/b'>Fischer im Winter</a></li></ul>"
        "<button>mehr anzeigen</button></div></div></div>"
    )
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1><p class='lead'>Wie die Insel den "
        f"Winter überstand.</p>{promo}{STORY}</article></body></html>"
    )
    text = body_text(doc)
    assert "HP 3/2021" not in text
    assert "mehr anzeigen" not in text
    assert "Hafenpost März 2021" not in text
    assert "whatever the weather" in text


@pytest.mark.parametrize("name", ["news_jobHolder", "jobsList", "stellenmarkt", "offres emploi"])
def test_a_box_of_job_adverts_beside_the_story_goes(name: str) -> None:
    jobs = (
        f"<div class='{name}'><h4>Find the right people</h4>"
        "<div class='item'><a href='/jobs/1'>Deckhand (m/f/d)<span>Island Ferries, Bayside</span></a></div>"
        "<div class='item'><a href='/jobs/2'>Ticket clerk (m/f/d)<span>Quay Office, Bayside</span></a></div>"
        "</div>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{jobs}</article></body></html>")
    text = body_text(doc)
    assert "Deckhand" not in text
    assert "Find the right people" not in text
    assert "whatever the weather" in text


def test_a_job_postings_own_text_and_a_line_in_a_box_so_named_stay() -> None:
    posting = (
        "<div class='job-detail'><h2>Deckhand wanted</h2><p>Island Ferries is looking for a deckhand "
        "for the winter season, to moor the boat at both quays and help passengers aboard.</p>"
        "<p>Apply at the harbour office.</p></div>"
    )
    doc = read_text(f"<html><body><article><h1>Deckhand wanted</h1>{posting}{STORY}</article></body></html>")
    text = body_text(doc)
    assert "to moor the boat at both quays" in text
    assert "Apply at the harbour office." in text


def test_a_line_introducing_the_links_under_a_discover_more_heading_goes_with_them() -> None:
    more = (
        "<section><h2>Entdecke weitere <em>Hafengeschichten</em></h2>"
        "<p>Wie lebt die Insel? Klicke dich durch die Geschichten unserer Leserinnen und Leser.</p>"
        "<a class='btn' href='/geschichten'>Mehr Hafengeschichten</a></section>"
    )
    doc = read_text(
        f"<html lang='de'><body><article><h1>Die Winterfähre</h1>{STORY}{more}</article></body></html>"
    )
    text = body_text(doc)
    assert "Klicke dich durch" not in text
    assert "whatever the weather" in text


def test_a_short_paragraph_under_a_related_heading_without_links_after_it_stays() -> None:
    section = (
        "<h2>Mehr zur Geschichte</h2><p>The first ferry was a rowing boat, hired from a fisherman.</p>"
        "<p>Its owner kept the oars in his kitchen, and rowed the doctor across when the ice allowed it, "
        "which in a hard winter meant not at all for weeks on end.</p>"
    )
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{STORY}{section}</article></body></html>")
    assert "hired from a fisherman" in body_text(doc)


def test_a_slider_of_cards_linking_other_pages_goes() -> None:
    cards = "".join(
        f"<a class='productInSlider' href='/boats/{n}'><img src='{n}.jpg' alt=''>"
        f"<span class='name'>Harbour ferry model {n}</span></a>"
        for n in ("Tern", "Gull", "Puffin", "Eider")
    )
    slider = f"<div id='productSlideWrapper'><div id='productSlideInner'>{cards}</div></div>"
    doc = read_text(f"<html><body><article><h1>The winter ferry</h1>{slider}{STORY}</article></body></html>")
    text = body_text(doc)
    assert "Harbour ferry model" not in text
    assert "whatever the weather" in text


def test_a_slideshow_of_the_storys_own_pictures_keeps_its_captions() -> None:
    slides = "".join(
        f"<div class='slide'><a href='{n}-large.jpg'><img src='{n}.jpg' alt=''></a>"
        f"<p class='slide-text'>The {n} at the quay in the winter of 1962, frozen in for a week.</p></div>"
        for n in ("Tern", "Gull")
    )
    doc = read_text(
        f"<html><body><article><h1>The winter ferry</h1>{STORY}<div class='carousel'>{slides}</div>"
        "</article></body></html>"
    )
    assert "The Tern at the quay in the winter of 1962" in body_text(doc)
