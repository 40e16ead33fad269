# ruff: noqa: RUF001  (typographic quotes and dashes of the pages are meant)
"""Dates and titles as real pages state them: in furniture, in microdata, in the URL, local
days of UTC timestamps; the visible headline against a teaser or the site's name."""

from __future__ import annotations

import json

import pytest
from html_pages import STORY, body_text, read_text

from archivepub.readers._dates import find_date, parse_date, url_date
from archivepub.readers.html._header import dateline
from archivepub.readers.html._metadata import strip_site_suffix


def _page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


# --- dates -----------------------------------------------------------------------------------


def test_a_blog_date_inside_its_widget_box() -> None:
    # Blogger puts the whole blog, dates included, in <div class="widget Blog">
    doc = read_text(
        _page(
            body='<div class="widget Blog" id="Blog1"><div class="date-outer">'
            "<h2 class='date-header'><span>Wednesday, October 16, 2019</span></h2>"
            f"<div class='post hentry'><h3 class='post-title'>The winter ferry</h3>"
            f"<div class='post-body entry-content'>{STORY}</div></div></div></div>"
        )
    )
    assert doc.metadata.date == "2019-10-16"
    assert "2019" not in body_text(doc)


def test_a_date_in_the_articles_own_footer() -> None:
    doc = read_text(
        _page(
            body=f"<main><article><h1>The winter ferry</h1>{STORY}<footer class='entry-footer'>"
            "<span class='posted-on'><time datetime='2019-08-02T10:00:00+00:00'>August 2, 2019</time>"
            "</span></footer></article></main><footer>© 2024 Harbour News</footer>"
        )
    )
    assert doc.metadata.date == "2019-08-02"


def test_microdata_on_a_visible_element() -> None:
    doc = read_text(
        _page(
            body="<article itemscope itemtype='http://schema.org/BlogPosting'><h1>The winter ferry</h1>"
            f"<span itemprop='datePublished'>May 19, 2020</span>{STORY}</article>"
        )
    )
    assert doc.metadata.date == "2020-05-19"


@pytest.mark.parametrize("name", ["uploadDate", "publication_date", "date_published"])
def test_more_meta_names(name: str) -> None:
    doc = read_text(_page(f'<meta name="{name}" content="2019-10-16">', f"<h1>The winter ferry</h1>{STORY}"))
    assert doc.metadata.date == "2019-10-16"


def test_a_dateline_with_a_place_or_a_label() -> None:
    doc = read_text(
        _page(
            body=f"<article><h1>The winter ferry</h1><p>Hamburg, 2. November 2021</p>{STORY}</article>",
            lang="de",
        )
    )
    assert doc.metadata.date == "2021-11-02"
    assert "Hamburg" not in body_text(doc)
    assert dateline("Pressemitteilung vom 25. Januar 2022 |") == "2022-01-25"
    assert dateline("On 2 November 2021 the harbour closed for the winter.") is None


def test_a_date_and_time_in_adjacent_spans() -> None:
    # "28.09.19" and "12:44" in two spans: the text runs together as "28.09.1912:44"
    doc = read_text(
        _page(
            body=f"<main><h1>The winter ferry</h1><span class='date'><span>28.09.19</span><span>12:44</span>"
            f"</span>{STORY}</main>",
            lang="de",
        )
    )
    assert doc.metadata.date == "2019-09-28"


def test_two_digit_years_and_month_first_dates() -> None:
    assert parse_date("28.09.19") == "2019-09-28"
    assert parse_date("01.02.85") == "1985-02-01"
    assert find_date("Posted 03/04/2024") == "2024-04-03"
    assert find_date("Posted 03/04/2024", month_first=True) == "2024-03-04"
    assert find_date("iOS 13.1.1 is out") is None


def test_numeric_dates_on_a_us_english_page_put_the_month_first() -> None:
    doc = read_text(
        _page(body=f"<article><h1>The winter ferry</h1><p>03/04/2024</p>{STORY}</article>", lang="en-US")
    )
    assert doc.metadata.date == "2024-03-04"
    doc = read_text(
        _page(body=f"<article><h1>The winter ferry</h1><p>03/04/2024</p>{STORY}</article>", lang="en-GB")
    )
    assert doc.metadata.date == "2024-04-03"


def test_the_first_date_in_the_visible_text_as_a_last_resort() -> None:
    doc = read_text(
        _page(
            body=f"<div id='page'><h1>Downloading</h1>{STORY}<p class='info'>Downloading  (last edited "
            "2019-11-10 19:12:21 by someone)</p></div><div class='comments'>Comment of 2020-01-01</div>"
        )
    )
    assert doc.metadata.date == "2019-11-10"


def test_the_date_in_the_url_as_the_very_last_resort() -> None:
    doc = read_text(
        _page(body=f"<h1>The winter ferry</h1>{STORY}"), url="https://example.org/2014/05/18/ferry/"
    )
    assert doc.metadata.date == "2014-05-18"
    assert url_date("https://example.org/2016-04-15/ferry") == "2016-04-15"
    assert url_date("https://example.org/item/20160415123") is None


def test_a_utc_timestamp_gives_way_to_the_local_day() -> None:
    data = {"@type": "NewsArticle", "headline": "The winter ferry", "datePublished": "2019-10-18T22:04:00Z"}
    head = (
        f'<script type="application/ld+json">{json.dumps(data)}</script>'
        '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">'
    )
    doc = read_text(_page(head, f"<h1>The winter ferry</h1>{STORY}", lang="de-AT"))
    assert doc.metadata.date == "2019-10-19"
    # a timestamp with an offset keeps its own calendar day
    head = '<meta property="article:published_time" content="2022-05-04T07:59:48-04:00">'
    assert read_text(_page(head, f"<h1>The winter ferry</h1>{STORY}")).metadata.date == "2022-05-04"


def test_a_utc_timestamp_a_day_off_the_address() -> None:
    head = '<meta property="article:published_time" content="2018-12-31T23:11:59+00:00">'
    doc = read_text(
        _page(head, f"<h1>Into the new year</h1>{STORY}"), url="https://example.org/2019/01/01/new-year/"
    )
    assert doc.metadata.date == "2019-01-01"


def test_a_generic_date_meta_gives_way_to_the_shown_date() -> None:
    head = '<meta name="date" content="2020-04-30">'
    shown = "<ul><li class='date'><time>29.04.2020, 12:01 Uhr</time></li></ul>"
    body = f"<article><h1>The winter ferry</h1>{shown}{STORY}</article>"
    assert read_text(_page(head, body, lang="de")).metadata.date == "2020-04-29"


@pytest.mark.parametrize(
    ("line", "lang", "date"),
    [
        ("Updated May 6, 2019 at 10:42 am", "en", "2019-05-06"),
        ("Aktualisiert: 06.05.2019, 10:27", "de", "2019-05-06"),
        ("Mis à jour le 6 mai 2019", "fr", "2019-05-06"),
        # the line shows the publication date too: that is the article's date
        ("Published 3 May 2019 | Updated 6 May 2019", "en", "2019-05-03"),
        ("03.05.2019, 09:50 Uhr / Aktualisiert am 06.05.2019", "de", "2019-05-03"),
    ],
)
def test_the_update_the_page_shows_dates_it(line: str, lang: str, date: str) -> None:
    head = '<meta property="article:published_time" content="2019-05-03T08:00:00">'
    body = f"<article><h1>The winter ferry</h1><p class='meta'>{line}</p>{STORY}</article>"
    doc = read_text(_page(head=head, body=body, lang=lang))
    assert doc.metadata.date == date


def test_an_update_mentioned_in_the_text_does_not_date_the_page() -> None:
    head = '<meta property="article:published_time" content="2019-05-03T08:00:00">'
    body = (
        "<article><h1>The winter ferry</h1>"
        "<p>The timetable was updated on 6 May 2019, after the storms had closed the harbour for a week "
        "and the old boat had been repaired in the yard across the bay.</p>"
        f"{STORY}</article>"
    )
    assert read_text(_page(head=head, body=body)).metadata.date == "2019-05-03"


def test_a_generic_date_meta_gives_way_to_microdata() -> None:
    # <meta name="date"> is often the day a CMS generated the page
    head = '<meta name="date" content="2022-01-21T15:38:44+01:00">'
    shown = '<p><time itemprop="datePublished" datetime="2022-01-27">27.01.2022</time></p>'
    body = f"<article><h1>The winter ferry</h1>{STORY}{shown}</article>"
    assert read_text(_page(head, body, lang="de")).metadata.date == "2022-01-27"
    # a generic date meta still dates a page that states no other date
    assert read_text(_page(head, f"<h1>The winter ferry</h1>{STORY}")).metadata.date == "2022-01-21"


def test_a_modified_date_when_nothing_else_is_stated() -> None:
    head = '<meta property="article:modified_time" content="2022-01-12T10:00:00+01:00">'
    assert read_text(_page(head, f"<h1>The winter ferry</h1>{STORY}")).metadata.date == "2022-01-12"


def test_json_ld_types_beyond_article() -> None:
    data = {
        "@type": "DiscussionForumPosting",
        "headline": "Ferry app &amp; mobile data",
        "author": {"@type": "Person", "name": "Tom R&#252;ger"},
        "datePublished": "2019-09-28",
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    meta = read_text(_page(head, f"<div>{STORY}</div>")).metadata
    assert (meta.title, meta.date, meta.authors) == ("Ferry app & mobile data", "2019-09-28", ("Tom Rüger",))


# --- titles ----------------------------------------------------------------------------------


def test_the_visible_headline_beats_a_teaser_in_og_title() -> None:
    head = '<meta property="og:title" content="Dead skin cells might actually be a good thing">'
    body = f"<article><h1>Wait, are dead skin cells actually a good thing?</h1>{STORY}</article>"
    assert read_text(_page(head, body)).metadata.title == "Wait, are dead skin cells actually a good thing?"


def test_the_visible_headline_without_the_section_the_head_adds() -> None:
    head = '<meta property="og:title" content="Chronik: Lotte Tobisch ist tot">'
    body = f"<article><h1>Lotte Tobisch ist tot</h1>{STORY}</article>"
    assert read_text(_page(head, body, lang="de")).metadata.title == "Lotte Tobisch ist tot"


def test_the_visible_typography_wins_when_the_words_agree() -> None:
    head = """<meta property="og:title" content='"Welches Europa wir wollen"'>"""
    body = f"<article><h1>„Welches Europa wir wollen“</h1>{STORY}</article>"
    assert read_text(_page(head, body, lang="de")).metadata.title == "„Welches Europa wir wollen“"


def test_a_site_name_in_the_banner_is_not_the_title() -> None:
    head = "<title>Ins neue Jahr | Literaturgefluester</title>"
    body = f"<header><h1>Literaturgefluester</h1></header><article><h2>Ins neue Jahr</h2>{STORY}</article>"
    assert read_text(_page(head, body, lang="de")).metadata.title == "Ins neue Jahr"


def test_a_kicker_merged_into_the_headline_stays_out() -> None:
    head = '<meta property="og:title" content="Wie Umweltzerstörung neue Epidemien begünstigt">'
    body = (
        "<article><h1><span class='kicker'>Coronavirus und andere Zoonosen</span>"
        f"<span>Wie Umweltzerstörung neue Epidemien begünstigt</span></h1>{STORY}</article>"
    )
    assert (
        read_text(_page(head, body, lang="de")).metadata.title
        == "Wie Umweltzerstörung neue Epidemien begünstigt"
    )


def test_a_label_is_not_a_headline() -> None:
    head = '<meta property="og:title" content="The winter ferry">'
    body = f"<h1>Read also:</h1><article>{STORY}</article>"
    assert read_text(_page(head, body)).metadata.title == "The winter ferry"


def test_site_names_go_without_cutting_a_titles_last_words() -> None:
    url = "https://www.harbournews.org/a/1"
    assert strip_site_suffix("harbournews » Blog » Tides of change", url=url) == "Tides of change"
    assert strip_site_suffix("HarbourNews - Tides of change", url=url) == "Tides of change"
    assert strip_site_suffix("Tides of change | Harbour | HarbourNews.org", url=url) == "Tides of change"
    assert strip_site_suffix("Tides of change\u00a0|\u00a0The Harbour Daily") == "Tides of change"
    assert strip_site_suffix("Würde des Lebens – ein Projekt") == "Würde des Lebens – ein Projekt"
    assert (
        strip_site_suffix("Auto leasen oder kaufen – was ist günstiger?")
        == "Auto leasen oder kaufen – was ist günstiger?"
    )
    assert strip_site_suffix("« Les privatisations sont au profit des multinationales »") == (
        "« Les privatisations sont au profit des multinationales »"
    )
    # og:title seldom adds the site: only a part that is the site goes
    assert strip_site_suffix("Tides of change - Until Now", generic=False) == "Tides of change - Until Now"


# --- bylines ---------------------------------------------------------------------------------


def test_a_byline_label_on_its_own_line() -> None:
    for label_and_name in (
        "<h5>Autor: </h5>Peter Maahn",
        "<b>Von:</b> <br><br> Peter Maahn",
        "<h4>Autor</h4><p><a href='/profil/peter-maahn'>Peter Maahn</a></p>",
    ):
        doc = read_text(
            _page(body=f"<article><h1>Der lange Weg</h1><div>{label_and_name}</div>{STORY}</article>")
        )
        assert doc.metadata.authors == ("Peter Maahn",), label_and_name
        assert "Peter Maahn" not in body_text(doc)


def test_an_author_box_keeps_the_name_not_its_label_or_the_other_fields() -> None:
    # a box the page marks as the author's, whose text no byline pattern reads as names: the
    # label before the name goes, and so do the box's other fields (its date, its comments)
    for box, expected in (
        ("Autor: Jana Novak , Datum: 15.Jun.19 , Anzahl der Kommentare: 0", ("Jana Novak",)),
        (", par Collectif des Quais", ("Collectif des Quais",)),
        ("von Hafenverein eG", ("Hafenverein eG",)),
        ("Quelle: harbournews.org/jn", ("harbournews.org/jn",)),
    ):
        body = f"<article><h1>The winter ferry</h1><span class='author'>{box}</span>{STORY}</article>"
        doc = read_text(_page(body=body))
        assert doc.metadata.authors == expected, box


def test_a_label_in_the_meta_box_is_not_an_author() -> None:
    doc = read_text(
        _page(
            body="<article><h1>The winter ferry</h1><div class='entry-meta'>"
            "<span class='meta-prep meta-prep-author'>Posted on</span> "
            "<span class='entry-date'>21. Juli 2019</span> <span class='meta-sep'>by</span> "
            "<span class='author vcard'><a rel='author' href='/author/realiberry/'>"
            f"Realiberry</a></span></div>{STORY}</article>"
        )
    )
    assert doc.metadata.authors == ("Realiberry",)


def test_a_stated_author_with_a_label_or_standing_in_for_the_byline() -> None:
    head = '<meta name="author" content="Artikel von: hausinfo">'
    assert read_text(_page(head, f"<h1>The winter ferry</h1>{STORY}")).metadata.authors == ("hausinfo",)
    # the site's own name, or a user name, gives way to the byline the page shows
    for stated in ("harbournews.org", "robert.stitz"):
        head = f'<meta name="author" content="{stated}">'
        body = f"<article><h1>The winter ferry</h1><p class='byline'>By Robert Stitz</p>{STORY}</article>"
        doc = read_text(_page(head, body), url="https://www.harbournews.org/2020/ferry")
        assert doc.metadata.authors == ("Robert Stitz",), stated


def test_the_site_with_a_tagline_or_its_address_gives_way_to_the_byline() -> None:
    body = f"<article><h1>The winter ferry</h1><p>Von Robert Stitz</p>{STORY}</article>"
    for stated in ("Harbour-News – Das Magazin der Küste", "Harbour News (www.harbournews.org)"):
        head = f'<meta name="author" content="{stated}">'
        doc = read_text(_page(head, body, lang="de"), url="https://www.harbournews.org/2020/ferry")
        assert doc.metadata.authors == ("Robert Stitz",), stated
    # a person whose name is not the site's stays
    head = '<meta name="author" content="Anna Berg – Redakteurin">'
    doc = read_text(_page(head, body, lang="de"), url="https://www.harbournews.org/2020/ferry")
    assert doc.metadata.authors == ("Anna Berg – Redakteurin",)


def test_a_date_in_the_author_box() -> None:
    body = (
        '<article><h1>The winter ferry</h1><div class="author-box"><span class="author">Redaktion</span>'
        '<time datetime="01-11-2023 10:29">1. November 2023 10:29</time></div>'
        f"{STORY}</article>"
    )
    doc = read_text(_page(body=body, lang="de"))
    assert doc.metadata.date == "2023-11-01"
    assert "November 2023" not in body_text(doc)


def test_a_dateline_in_the_headlines_box_among_share_buttons() -> None:
    # a page builder's intro box: breadcrumb, headline, dateline and share buttons in one box
    body = (
        '<div class="intro intro--breadcrumbNavigation intro--socialSharing">'
        '<nav><a href="/">Home</a></nav><h1>The winter ferry</h1>'
        '<p class="caption">01. November 2021 | Harbour, Ferries</p>'
        '<ul class="share"><li><a href="/s">Share</a></li></ul></div>'
        f'<div class="content">{STORY}</div>'
    )
    doc = read_text(_page(body=body, lang="de"))
    assert doc.metadata.date == "2021-11-01"


def test_a_subtitle_that_is_a_dateline_is_the_date() -> None:
    body = (
        '<article><h1>The winter ferry</h1><p class="news-subtitle"><span>Hamburg, 2. November 2021</span>'
        f'</p><p class="subtitle">The harbour keeps its ferry through the winter</p>{STORY}</article>'
    )
    doc = read_text(_page(body=body, lang="de"))
    assert doc.metadata.date == "2021-11-02"
    assert doc.metadata.subtitle == "The harbour keeps its ferry through the winter"


def test_a_date_that_opens_a_long_paragraph() -> None:
    long = (
        "27.1.2022 - Am Gedenktag lag die Fähre im Hafen, und die Leute des Ortes kamen, um an die "
        "Menschen zu erinnern, die hier gelebt und gearbeitet hatten. " * 3
    )
    doc = read_text(_page(body=f"<div><h1>Die Fähre im Winter</h1><p>{long}</p>{STORY}</div>", lang="de"))
    assert doc.metadata.date == "2022-01-27"
    # a date inside a long paragraph's sentences is no dateline
    later = "Die Fähre fuhr am 27.1.2022 nicht, weil der Sturm zu stark war, und die Leute blieben zu Hause. "
    page = f"<div><h1>Die Fähre im Winter</h1><p>{later * 4}</p>{STORY}</div>"
    doc = read_text(_page(body=page, lang="de"))
    assert doc.metadata.date is None


def test_the_pages_one_time_stamp_even_in_a_sidebar_box() -> None:
    body = (
        '<article><h1>The winter ferry</h1><div class="sidebar"><div class="sidebar__item">'
        '<p class="time"><time datetime="2022-01-28">28. Januar 2022</time></p></div></div>'
        f"{STORY}</article>"
    )
    assert read_text(_page(body=body, lang="de")).metadata.date == "2022-01-28"
    # several time stamps (a list of other stories) say nothing about this one
    others = "".join(
        f'<li><a href="/{d}">Another story</a> <time datetime="2021-0{d}-01">1.{d}.2021</time></li>'
        for d in (2, 3)
    )
    body = f"<article><h1>The winter ferry</h1>{STORY}</article><aside><ul>{others}</ul></aside>"
    assert read_text(_page(body=body, lang="de")).metadata.date is None


def test_a_related_storys_date_is_not_the_articles() -> None:
    # a card of another story (its heading links to it) before the article's own dateline
    card = (
        '<li class="newslist__item"><h3><a href="/other-story">The harbour gets a new crane</a></h3>'
        '<div class="newslist__meta">17.11.2021 in <a href="/news">News</a></div></li>'
    )
    body = (
        f'<div class="top"><ul class="newslist">{card}</ul></div>'
        '<article><h1>The winter ferry</h1><div class="posted-on"><time class="entry-date published" '
        f'datetime="2021-11-19T10:13:50+01:00">19.11.2021</time></div>{STORY}</article>'
    )
    assert read_text(_page(body=body, lang="de")).metadata.date == "2021-11-19"


def test_a_dateline_inside_the_standfirsts_box() -> None:
    body = (
        "<article><h1>The winter ferry</h1><div class='story-subtitle'><h2>The harbour keeps its ferry "
        "through the winter</h2><div class='story-meta-datetime'><strong class='date'>miércoles, 4 de "
        f"mayo de 2022</strong></div></div>{STORY}</article>"
    )
    doc = read_text(_page(body=body, lang="es"))
    assert doc.metadata.date == "2022-05-04"
    assert doc.metadata.subtitle == "The harbour keeps its ferry through the winter"


def test_a_drupal_submitted_line_dates_the_post() -> None:
    body = (
        f"<div id='content'><h1>The winter ferry</h1>{STORY}<p>The meeting moves to 26. August 2017.</p>"
        "<div class='submitted'>Gespeichert von <span class='username'>harbour</span> am 24. Juli 2017 "
        "- 18:55</div></div>"
    )
    assert read_text(_page(body=body, lang="de")).metadata.date == "2017-07-24"


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert.", "de"),
        ("This page was last edited on 29 January 2020, at 13:22.", "en"),
        ("Dernière modification le 29 janvier 2020", "fr"),
    ],
)
def test_the_last_change_a_page_states_beats_a_date_its_text_mentions(line: str, lang: str) -> None:
    body = (
        f"<div id='content'><h1>Stammtisch</h1><p>The next meeting is on 5 February 2020 at the harbour, "
        f"as every month, with the ferry crew.</p>{STORY}</div>"
        f"<div id='footer' role='contentinfo'><ul><li id='footer-info-lastmod'>{line}</li></ul></div>"
    )
    assert read_text(_page(body=body, lang=lang)).metadata.date == "2020-01-29"


@pytest.mark.parametrize("cls", ["article-teaser", "chapo", "story-lead-text", "news-intro-text"])
def test_a_standfirst_named_by_its_class_words(cls: str) -> None:
    body = (
        "<article><h1>The winter ferry</h1>"
        f"<p class='{cls}'>All winter long the ferry kept the island in touch with the mainland.</p>"
        f"{STORY}</article>"
    )
    doc = read_text(_page(body=body))
    assert doc.metadata.subtitle == "All winter long the ferry kept the island in touch with the mainland."
    assert "All winter long" not in body_text(doc)


def test_a_dateline_run_into_the_standfirst() -> None:
    body = (
        "<article><h1>Die Winterfähre</h1><div class='page__teaser-text'><p>Pressemitteilung vom "
        "25. Januar 2022 | Hafenstadt – Die Fähre fährt den ganzen Winter zur Insel.</p></div>"
        f"{STORY}</article>"
    )
    doc = read_text(_page(body=body, lang="de"))
    assert doc.metadata.date == "2022-01-25"
    assert doc.metadata.subtitle is not None
    assert doc.metadata.subtitle.startswith("Pressemitteilung vom 25. Januar 2022")


def test_a_heading_repeating_the_title_under_a_breadcrumbs_h1_is_not_the_standfirst() -> None:
    # the page's h1 is the last step of a breadcrumb; the visible headline is an h2 repeating it
    body = (
        "<main><header><nav><ol><li><a href='/news'>News</a></li><li><h1>The winter ferry runs on</h1>"
        "</li></ol></nav><h2>The winter ferry runs on</h2>"
        "<p>All winter long the ferry kept the island in touch with the mainland.</p></header>"
        f"<div class='body'>{STORY}</div></main>"
    )
    doc = read_text(_page(head="<title>The winter ferry runs on</title>", body=body))
    assert doc.metadata.subtitle == "All winter long the ferry kept the island in touch with the mainland."


def test_an_h2_repeating_the_stated_title_is_the_headline_when_the_h1_is_not() -> None:
    # the h1 names the site's section (in the banner) and a "Read also" box; the article's
    # headline is an h2 with its standfirst under it
    body = (
        "<header role='banner'><h1><a href='/harbour'>Harbour</a></h1></header><main><article>"
        "<header><h2>The winter ferry runs on</h2><p class='entry__subtitle'>All winter long the ferry "
        f"kept the island in touch with the mainland.</p></header>{STORY}</article>"
        "<aside><h1>Read also:</h1><ul><li><a href='/a'>The summer ferry</a></li></ul></aside></main>"
    )
    doc = read_text(_page(head="<title>The winter ferry runs on - Harbour News</title>", body=body))
    assert doc.metadata.subtitle == "All winter long the ferry kept the island in touch with the mainland."
    assert doc.metadata.title == "The winter ferry runs on"
    assert "The winter ferry runs on" not in body_text(doc)


def test_a_topic_link_in_the_article_header_is_not_the_standfirst() -> None:
    body = (
        "<article><header><h1>The winter ferry runs on</h1><div class='meta'>"
        "<p class='single-topic'>Filed under "
        "<a href='/tag/ferries'>Harbour ferries</a></p></div></header>"
        f"{STORY}</article>"
    )
    doc = read_text(_page(body=body))
    assert doc.metadata.subtitle is None


def test_a_long_lead_marked_as_the_pages_description_is_the_standfirst() -> None:
    lead = " ".join(
        f"Sentence {i} of the long lead about the winter ferry and its crossings." for i in range(12)
    )
    body = (
        "<div class='news'><h3>The winter ferry runs on</h3><div class='article'>"
        f"<div class='teaser-text' itemprop='description'><p>{lead}</p></div>"
        f"<div class='news-text-wrap'>{STORY}</div></div></div>"
    )
    doc = read_text(_page(body=body))
    assert doc.metadata.subtitle == lead
