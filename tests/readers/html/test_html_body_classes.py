"""Body text on pages from the web: failure classes that recur across sites, each pinned by a
small page written for it (never a page copied from a corpus)."""

from __future__ import annotations

import pytest
from html_pages import STORY, body_text, read_text

from archivepub.readers.html import FallbackWarning

#: A description written as loose text after a screenshot, the way a download site does.
_LOOSE = (
    "The program mounts an encrypted container as if it were one more disk, and it keeps "
    "working while the machine sleeps. Besides the well-known ciphers, such as Blowfish, IDEA "
    "and AES, it can hide whole drives, and a keyboard guard keeps a spy from reading what "
    "you type. Containers grow as files are added to them, and they can be copied to another "
    "machine, where the same password opens them again, without installing anything else."
)


def ferry_page(content: str) -> str:
    """A page holding one article, "The winter ferry", whose body is ``content``."""
    return f"<html><body><article><h1>The winter ferry</h1>{content}</article></body></html>"


def test_text_loose_after_a_picture_in_a_box_is_the_article() -> None:
    # the description's box holds a short paragraph, a screenshot and then the text itself,
    # not wrapped in any paragraph; a verdict box of one sentence beside it, and a small
    # <article> of the product's pros, must not outweigh it
    page = (
        "<html><body>"
        "<section><article><h3>Pros</h3><dl><dd>makes encrypted drives of any size</dd>"
        "<dd>a keyboard guard built in</dd><dd>hides whole drives</dd></dl></article></section>"
        "<section class='description'><div class='text'><p><strong>The program makes "
        "encrypted drives.</strong></p>"
        "<figure><img src='shot.jpg' alt=''><figcaption>The main window</figcaption></figure>"
        f"{_LOOSE}</div>"
        "<section class='verdict'><div class='box'><div class='copy'><div class='inner'><p>All in "
        "all a safe, sound program, though, for what it does, a little too dear, and, unlike "
        "its rivals, not free.</p></div></div></div></section></section>"
        "</body></html>"
    )
    text = body_text(read_text(page))
    assert "a keyboard guard keeps a spy from reading" in text
    assert "without installing anything else" in text


def test_comments_in_inline_boxes_do_not_outweigh_the_article() -> None:
    # loose text is scored run by run: a run stops at any box (a span holding a comment), so
    # a comment section made of spans does not add up to one long "paragraph"
    comment = (
        "<span class='comment'><span class='who'>Reader {i}</span> I read this twice, and, "
        "frankly, I still think the harbour, the quay and the timetable were better, cheaper "
        "and safer before the change, but, well, that is only my view.</span>"
    )
    comments = "".join(comment.format(i=i) for i in range(12))
    page = (
        f"<html><body><div class='story'><h1>The winter ferry</h1>{STORY}{STORY}</div>"
        f"<div class='community'>Write to us: {comments}</div></body></html>"
    )
    text = body_text(read_text(page))
    assert "harbour master kept a log" in text
    assert "only my view" not in text


@pytest.mark.parametrize(
    "notice",
    [
        "Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler.",
        "We may earn a commission when you buy through links on our site.",
        "If you buy something through our links, we may receive a small commission.",
    ],
)
def test_a_disclosure_of_commission_on_links_goes(notice: str) -> None:
    doc = read_text(ferry_page(f"{STORY}<p>{notice}</p>"))
    text = body_text(doc)
    assert notice[:25] not in text
    assert "harbour master kept a log" in text


def test_a_sentence_about_a_commission_and_links_stays() -> None:
    sentence = "The European Commission published links to the harbour reports on its website."
    doc = read_text(ferry_page(f"{STORY}<p>{sentence}</p>"))
    assert sentence in body_text(doc)


def test_soft_hyphens_leave_the_words_whole() -> None:
    page = (
        "<html><body><article><h1>The winter ferry</h1>"
        "<p>Die F\u00e4hre fuhr im Mit&shy;tel&shy;al&shy;ter zweimal am Tag, und der Hafen\u00admeister "
        "f\u00fchrte ein Logbuch \u00fcber jede \u00dcberfahrt, bei jedem Wetter und in jeder Jahreszeit.</p>"
        f"{STORY}</article></body></html>"
    )
    text = body_text(read_text(page))
    assert "im Mittelalter zweimal" in text
    assert "Hafenmeister" in text
    assert "\u00ad" not in text


def test_a_card_with_the_cut_start_of_another_story_goes() -> None:
    # a box with a headline of its own, the opening of another story cut off with an
    # ellipsis, a button's label and a link to that story
    card = (
        "<div class='insert'><div class='card'><h2>Nine lighthouse keepers who changed the coast</h2>"
        "<p>Most histories of the coast leave them out, yet they kept the lights burning through "
        "the worst winters on record.</p><p>Going back to the first lights, it seems that …</p>"
        "<div class='button'>Read the story</div>"
        "<a href='/stories/lighthouse-keepers'>Link to the story</a></div></div>"
    )
    page = ferry_page(f"{STORY}{card}{STORY}")
    text = body_text(read_text(page))
    assert "Nine lighthouse keepers" not in text
    assert "leave them out" not in text
    assert "harbour master kept a log" in text


def test_a_section_of_the_story_ending_in_a_link_stays() -> None:
    # the story's own section under a heading, with a link at its end but no cut excerpt
    section = (
        "<section><h2>The new timetable</h2><p>From March the ferry runs four times a day, and a "
        "night crossing is planned for the summer months.</p>"
        "<a href='/timetable.pdf'>The timetable</a></section>"
    )
    page = ferry_page(f"{STORY}{section}")
    text = body_text(read_text(page))
    assert "From March the ferry runs four times a day" in text


def test_a_link_drawn_as_a_button_alone_in_its_box_goes() -> None:
    page = (
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        "<div class='button-row'><a class='TheButton TheButton--primary' href='/tickets'>"
        "Book your crossing</a></div>"
        "<p><a class='btn' href='/timetable'>See the timetable</a></p>"
        "<p>Tickets are sold at the quay, and <a class='btn-inline' href='/tickets'>online</a> "
        "from the first of March.</p></article></body></html>"
    )
    text = body_text(read_text(page))
    assert "Book your crossing" not in text
    assert "See the timetable" not in text
    # a button in a line of the story's text stays with its line
    assert "Tickets are sold at the quay, and online from the first of March." in text


@pytest.mark.parametrize(
    ("lead", "shared"),
    [
        ("View this post on Instagram", "A post shared by The Harbour Office (@harbouroffice)"),
        (
            "Sieh dir diesen Beitrag auf Instagram an",
            "Ein Beitrag geteilt von Hafenamt (@hafenamt) am 3. Mai 2021",
        ),
    ],
)
def test_the_frame_of_an_embedded_post_goes_but_its_words_stay(lead: str, shared: str) -> None:
    embed = (
        "<blockquote class='instagram-media'><div><a href='https://www.instagram.com/p/x/'>"
        f"<div>{lead}</div></a><p>The first crossing of the year, in fog.</p>"
        f"<p><a href='https://www.instagram.com/p/x/'>{shared}</a></p></div></blockquote>"
    )
    page = ferry_page(f"{STORY}{embed}{STORY}")
    text = body_text(read_text(page))
    assert lead not in text
    assert shared[:20] not in text
    assert "The first crossing of the year, in fog." in text


def test_a_call_to_follow_the_site_on_a_social_network_goes() -> None:
    notice = "Folgt uns auf unserem neuen offiziellen Instagram-Account instagram.com/hafenblatt"
    page = ferry_page(f"{STORY}<p>{notice}</p>")
    text = body_text(read_text(page))
    assert "Folgt uns" not in text
    assert "harbour master kept a log" in text


def test_a_larger_box_of_readers_posts_beside_a_whole_story_stays_out() -> None:
    # the story's box sits beside a box of readers' posts named in the site's own words
    # (nothing says "comments"): more text than the story, in short paragraphs that score
    # lower; the article does not widen to the box holding both
    story = "".join(
        f"<p>Part {i}: the ferry to the island ran twice a day through the whole winter, whatever "
        "the weather, and the harbour master kept a log of every crossing, every delay, and "
        "every passenger who asked for the captain.</p>"
        for i in range(6)
    )
    posts = "".join(
        f"<li><div class='top'><b>Reader {i}</b></div><p>I took that ferry in {1990 + i} and I "
        "remember the smell of diesel and the gulls behind the stern, all the way over.</p></li>"
        for i in range(20)
    )
    page = (
        "<html><body><div id='page'><div id='holder'><div id='text'><div class='story'>"
        f"<h1>The winter ferry</h1>{story}</div></div>"
        f"<div id='more'><div class='divposts'><ul class='posts'>{posts}</ul></div></div>"
        "</div></div></body></html>"
    )
    text = body_text(read_text(page))
    assert "Part 5: the ferry" in text
    assert "smell of diesel" not in text


@pytest.mark.parametrize("heading", ["Meist gelesen", "Les plus lus", "Lo más leído", "I più letti"])
def test_a_most_read_box_of_numbered_cards_goes(heading: str) -> None:
    cards = "".join(
        f"<a class='item' href='/story-{i}'><span class='rank'>{i}</span>"
        f"<span class='img'><img src='/p{i}.jpg' alt=''></span>"
        f"<span class='title'>Another story number {i} about boats</span></a>"
        for i in range(1, 5)
    )
    box = f"<div class='box'><span class='headline'>{heading}</span>{cards}</div>"
    page = ferry_page(f"{STORY}{box}")
    text = body_text(read_text(page))
    assert heading not in text
    assert "Another story number" not in text
    assert "harbour master kept a log" in text


def test_a_disclosure_naming_the_commission_before_the_verb_goes() -> None:
    notice = (
        "Dieser Artikel kann Links zu Anbietern enthalten, von denen das Hafenblatt eine Provision "
        "erhält. Diese Links sind mit einem Symbol gekennzeichnet."
    )
    page = ferry_page(f"{STORY}<p>{notice}</p>")
    text = body_text(read_text(page))
    assert "Provision" not in text
    assert "harbour master kept a log" in text


def test_comments_go_when_the_page_is_read_with_fewer_furniture_rules() -> None:
    # the story sits in a box named as a sidebar (its markup never closed one), so the page is
    # read again without the rules of class names; its comments still go
    comments = "".join(
        f"<li id='comment-{i}'><p class='comment-number'>{i}</p>Comment by <cite>Reader {i}</cite>"
        f"<p>I took that ferry in {1990 + i} and still remember the gulls behind the stern.</p></li>"
        for i in range(1, 4)
    )
    links = "".join(f"<li><a href='/page-{i}'>Harbour page number {i}</a></li>" for i in range(40))
    page = (
        f"<html><body><div class='quick'><ul>{links}</ul></div>"
        "<div id='sidebar'><div class='entry'><h1>The winter ferry</h1>"
        f"{STORY}{STORY}<div id='comments'><h2>3 comments on the winter ferry</h2>"
        f"<ol class='commentlist'>{comments}</ol></div></div></div></body></html>"
    )
    with pytest.warns(FallbackWarning):
        doc = read_text(page)
    text = body_text(doc)
    assert "harbour master kept a log" in text
    assert "gulls behind the stern" not in text


@pytest.mark.parametrize(
    "line",
    [
        "Deine Meinung? Diskutiere mit uns!",
        "Join The Conversation",
        "Écrire un commentaire",
        "Wird geladen...",
    ],
)
def test_an_invitation_to_comment_and_a_loading_placeholder_go(line: str) -> None:
    page = ferry_page(f"{STORY}<p>{line}</p>")
    text = body_text(read_text(page))
    assert line not in text
    assert "harbour master kept a log" in text


@pytest.mark.parametrize(
    "line",
    [
        "Lesezeit: 5 min",
        "Temps de lecture : 4 min",
        "przeczytanie zajmie 4 min",
        "Mehr erfahren",
        "Teilen:",
        "Partager cet article /",
        "Compartir Noticia",
        "Bild vergrößern",
        "Signaler une erreur",
        "Twitter freischalten",
        "Recibe alertas desde Google News",
        "This is a preview of subscription content, log in to check access.",
        "Hágase miembro ahora",
        "Zum Inhalt springen",
        "Alle anzeigen",
        "Print this page",
        "3 Kommentare",
        "Um einen Kommentar zu hinterlassen, loggen Sie sich bitte ein.",
        "Zum Seitenanfang",
        "Download citation",
        "Teilen auf Facebook",
        "Auf WhatsApp teilen",
        "Sponsored by Harbour Lines",
        "Über dieses Thema berichtete Hafenradio am 29. April 2020 um 09:53 Uhr.",
        "Mit Material von dpa",
        "3 / 12",
        "43 Bilder",
        "Zur Bildergalerie",
        "Click to expand...",
        "【本文为港务报独家所有。未经授权\uff0c不得转载。】",
        "首页 > 科技频道 > 正文",
        "Jane Doe is on Twitter at jane_doe.",
        "// Copy link",
        "Email me when there are new stories in the publication",
    ],
)
def test_labels_buttons_and_notices_in_other_languages_go(line: str) -> None:
    page = ferry_page(f"{STORY}<p>{line}</p>{STORY}")
    text = body_text(read_text(page))
    assert line not in text
    assert "harbour master kept a log" in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Lesezeit eines Romans hängt vom Leser ab, nicht vom Verlag.",
        "Google News changed how the harbour's paper found its readers.",
        "3 Kommentare zu dem Vorschlag gingen bei der Stadt ein.",
        "Teilen Sie Ihre Meinung mit uns, schrieb der Hafenmeister.",
        "2 of 3 ferries were late that winter.",
        "The mayor is on Twitter at least twice a day, his staff said.",
    ],
)
def test_sentences_sharing_words_with_those_notices_stay(sentence: str) -> None:
    page = ferry_page(f"{STORY}<p>{sentence}</p>")
    assert sentence in body_text(read_text(page))


@pytest.mark.parametrize(
    "heading",
    ["Vorheriger Artikel", "Next article", "More Great Harbour Stories", "Top 5", "Neueste Blogbeiträge"],
)
def test_previous_next_and_latest_headings_go_with_their_links(heading: str) -> None:
    page = (
        f"<html><body><article><h1>The winter ferry</h1>{STORY}"
        f"<h3>{heading}</h3><p><a href='/other'>Twenty-five new bridges around the world</a></p>"
        "<p>The harbour office reopens in April, with a new waiting room for foot passengers.</p>"
        "</article></body></html>"
    )
    text = body_text(read_text(page))
    assert heading not in text
    assert "Twenty-five new bridges" not in text
    assert "a new waiting room for foot passengers" in text


@pytest.mark.parametrize(
    "notice",
    [
        "We use cookies to improve your experience on our site. By continuing you accept them.",
        "Diese Website verwendet Cookies. Wenn Sie die Seite weiter nutzen, stimmen Sie dem zu.",
        "Le Port utilise des cookies pour vous offrir la meilleure expérience.",
        "An essential round-up of harbour news, delivered to your inbox every weekday.",
        "AdChoices",
    ],
)
def test_cookie_notices_and_newsletter_promises_go(notice: str) -> None:
    page = ferry_page(f"{STORY}<p>{notice}</p>{STORY}")
    text = body_text(read_text(page))
    assert notice[:20] not in text
    assert "harbour master kept a log" in text


def test_a_sentence_about_cookies_stays() -> None:
    sentence = "Many websites use cookies to follow their visitors from page to page."
    page = f"<html><body><article><h1>Cookies</h1>{STORY}<p>{sentence}</p></article></body></html>"
    assert sentence in body_text(read_text(page))


def test_a_second_reading_is_weighed_by_its_text_outside_links() -> None:
    # the looser second reading replaces the first only when it adds text of its own: a
    # site's menus read as text are links, and count for nothing
    from archivepub.model import Link, Metadata, Paragraph, Text, make_document
    from archivepub.readers.html import _text_size, _unlinked_size

    menu = [
        Paragraph(content=(Link(url=f"https://example.org/{i}", content=(Text(f"Harbour section {i}"),)),))
        for i in range(40)
    ]
    story = Paragraph(
        content=(
            Text("The ferry ran twice a day. "),
            Link(url="https://example.org/", content=(Text("Log"),)),
        )
    )
    doc = make_document(Metadata(title="The winter ferry"), [story, *menu], [])
    assert _text_size(doc) == 27 + 3 + sum(len(f"Harbour section {i}") for i in range(40))
    assert _unlinked_size(doc) == 27


@pytest.mark.parametrize(
    "line",
    [
        "Home \u203a News \u203a The winter ferry",
        "Startseite > Politik > Inland",
        "Share on Facebook | Share on Twitter | Email",
    ],
)
def test_breadcrumbs_and_labels_run_together_go(line: str) -> None:
    page = ferry_page(f"{STORY}<p>{line}</p>{STORY}")
    text = body_text(read_text(page))
    assert line.split()[0] + " " not in text.replace(STORY, "")
    assert "harbour master kept a log" in text


def test_places_run_together_stay() -> None:
    line = "Hamburg | Kiel | Lübeck: the ferry's three ports of call"
    page = ferry_page(f"{STORY}<p>{line}</p>")
    assert line in body_text(read_text(page))


def test_a_newsletter_box_goes_with_its_sign_up_form() -> None:
    box = (
        "<div class='box'><h3>Get the Harbour Brief</h3><p>Our daily briefing on ports and ships.</p>"
        "<form action='/signup'><input type='email' name='email' placeholder='Your e-mail'>"
        "<button>Subscribe</button></form></div>"
    )
    page = ferry_page(f"{STORY}{box}{STORY}")
    text = body_text(read_text(page))
    assert "Get the Harbour Brief" not in text
    assert "daily briefing" not in text
    assert "harbour master kept a log" in text


def test_a_box_with_a_form_that_asks_for_no_address_keeps_its_text() -> None:
    box = (
        "<div class='box'><h3>Find a crossing</h3><p>The ferry leaves from the north quay.</p>"
        "<form action='/search'><input type='text' name='q'><button>Search</button></form></div>"
    )
    page = ferry_page(f"{STORY}{box}{STORY}")
    assert "The ferry leaves from the north quay." in body_text(read_text(page))


@pytest.mark.parametrize(
    "bio",
    [
        "Jane Doe is a freelance writer based in Kiel who covers ports and the sea.",
        "Marie Dupont est une journaliste indépendante basée à Lyon.",
    ],
)
def test_a_closing_line_in_italics_about_the_writer_goes(bio: str) -> None:
    page = ferry_page(f"{STORY}<p><em>{bio}</em></p>")
    text = body_text(read_text(page))
    assert bio[:15] not in text
    assert "harbour master kept a log" in text


def test_a_recipes_fractions_stay_with_their_ingredients() -> None:
    # a recipe card sets each amount apart from its unit and ingredient: "1/2" is no counter
    items = "".join(
        f"<li><span class='amount'>{amount}</span> <span class='unit'>{unit}</span> "
        f"<span class='name'>{name}</span></li>"
        for amount, unit, name in [
            ("1/2", "tsp", "sea salt"),
            ("2/3", "cup", "peanut butter"),
            ("1/4", "cup", "oats"),
        ]
    )
    page = f"<html><body><article><h1>Truffles</h1>{STORY}<ul>{items}</ul>{STORY}</article></body></html>"
    text = body_text(read_text(page))
    assert "1/2 tsp sea salt" in text
    assert "2/3 cup peanut butter" in text


def test_a_long_recipe_beside_a_long_description_stays() -> None:
    # the steps (list items, which score nothing) hold more text than the description
    description = "".join(
        f"<p>Part {i}: these truffles keep for a week in a cool place, and, if you make them on a "
        "Sunday, there is one for every day of the week, with one left for the cook.</p>"
        for i in range(7)
    )
    steps = "".join(
        f"<li>Step {i}: stir the peanut butter, the syrup and the oats together until smooth, then "
        "roll the mixture into small balls and chill them for half an hour.</li>"
        for i in range(12)
    )
    page = (
        "<html><body><div id='page'><div class='intro'><h1>Truffles</h1><div class='text'>"
        f"{description}</div></div><div class='recipe'><ol>{steps}</ol></div></div></body></html>"
    )
    text = body_text(read_text(page))
    assert "Part 6: these truffles" in text
    assert "Step 11: stir the peanut butter" in text


def test_a_page_that_is_only_a_sign_up_keeps_its_words() -> None:
    # the sign-up box would be the whole page: its heading and promise stay (never lose a page)
    page = (
        "<html><body><div class='wrap'><h2>The Harbour Brief</h2><p>Our weekly newsletter on ports, "
        "ferries and ships, written by the harbour office.</p><form><input type='email' name='email'>"
        f"<button>Subscribe</button></form></div><script>var pad = '{'x' * 5000}';</script></body></html>"
    )
    text = body_text(read_text(page))
    assert "Our weekly newsletter on ports" in text


def test_a_written_by_card_and_acknowledgments_after_the_post_go() -> None:
    card = (
        "<div class='card'><div class='title'>Written <span> on </span><time>Mar 17</time> by</div>"
        "<a href='/@jane'>Jane Doe</a></div>"
        "<div class='thanks'><span>Thanks to</span> <a href='/@max'>Max Mustermann</a>.</div>"
    )
    page = ferry_page(f"{STORY}{STORY}{card}")
    text = body_text(read_text(page))
    assert "Written" not in text
    assert "Thanks to" not in text
    assert "harbour master kept a log" in text


def test_thanks_in_a_sentence_of_the_story_stay() -> None:
    sentence = "Thanks to the harbour master, the ferry ran on time all winter."
    page = ferry_page(f"{STORY}<p>{sentence}</p>")
    assert sentence in body_text(read_text(page))


def test_a_wikis_tagline_and_subtitle_go() -> None:
    # MediaWiki's tagline under the title and its subtitle line (the page a redirect came from)
    page = (
        "<html><body><div id='content'><h1>Winter ferry</h1><div id='bodyContent'>"
        "<div id='siteSub'>From Harbourpedia, the free encyclopedia</div>"
        "<div id='contentSub'>(Redirected from Ferry in winter)</div>"
        f"<div id='mw-content-text'>{STORY * 10}</div></div></div></body></html>"
    )
    text = body_text(read_text(page))
    assert "the free encyclopedia" not in text
    assert "Redirected from" not in text
    assert "harbour master kept a log" in text
