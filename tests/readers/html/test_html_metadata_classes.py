# ruff: noqa: RUF001  (Chinese punctuation of the pages is meant)
"""Metadata failure classes seen on real pages, each pinned by a small page written for it:
which of several stated and shown dates is the article's, dates and names of comments, labels
and separators of bylines in other languages."""

from __future__ import annotations

from html_pages import STORY, body_text, read_text

from archivepub.readers._byline import parse_byline

LONG = (
    "The ferry to the island ran twice a day through the whole winter, whatever the weather, and "
    "the harbour master kept a log of every crossing, with the names of the crew and the weight "
    "of the freight, in a book that is still kept in the office by the pier."
)


def _page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


# --- dates -----------------------------------------------------------------------------------


def test_a_dateline_in_the_text_beats_a_caption_that_mentions_a_date_before_it() -> None:
    # no date in the head: the date comes from the visible text
    long_story = "".join(f"<p>{p}</p>" for p in [LONG] * 3)
    body = (
        "<div class='story'><h1>Snow depth from space</h1>"
        "<p><img src='a.png'><span>Picture: the valley seen from orbit on 31.05.2021.</span></p>"
        f"{long_story}<div><div>Published</div><div>14.01.2022 um 09:25</div></div></div>"
    )
    doc = read_text(_page(body=body, lang="de"))
    assert doc.metadata.date == "2022-01-14"


def test_a_date_a_line_mentions_is_still_the_last_resort() -> None:
    body = (
        f"<div class='story'><h1>The winter ferry</h1><p>Seen on 3 March 2021 at the pier.</p>{STORY}</div>"
    )
    doc = read_text(_page(body=body))
    assert doc.metadata.date == "2021-03-03"


def test_the_shown_date_among_the_heads_disagreeing_dates() -> None:
    # the head's timestamps disagree about the day (one in UTC, one with the local offset):
    # the page shows which one is its day
    head = (
        "<meta property='article:published_time' content='2022-05-06T02:00:00Z'>"
        "<script type='application/ld+json'>"
        + '{"@type": "NewsArticle", "headline": "The winter ferry",'
        + ' "datePublished": "2022-05-05T21:00:00-05:00"}'
        + "</script>"
    )
    body = (
        f"<article><h1>The winter ferry</h1><div class='date'>6 May 2022 - 2:00 a.m.</div>{STORY}</article>"
    )
    doc = read_text(_page(head=head, body=body))
    assert doc.metadata.date == "2022-05-06"


def test_a_page_that_shows_the_date_of_its_last_change() -> None:
    head = (
        "<meta property='article:published_time' content='2021-11-22T17:42:22Z'>"
        "<meta property='article:modified_time' content='2023-01-01T09:00:00Z'>"
    )
    body = f"<article><h1>The winter ferry</h1><time class='date'>1 January 2023</time>{STORY}</article>"
    doc = read_text(_page(head=head, body=body))
    assert doc.metadata.date == "2023-01-01"


def test_a_shown_date_that_is_neither_stated_date_does_not_replace_the_heads() -> None:
    head = (
        "<meta property='article:published_time' content='2021-11-22T17:42:22Z'>"
        "<meta property='article:modified_time' content='2023-01-01T09:00:00Z'>"
    )
    body = f"<article><h1>The winter ferry</h1><time class='date'>5 March 2022</time>{STORY}</article>"
    doc = read_text(_page(head=head, body=body))
    assert doc.metadata.date == "2021-11-22"


_COMMENTS = (
    "<ul class='sectbody'>"
    "<li class='member'><a class='author person' href='/u/1'><h4>Sven Gunn</h4></a>"
    "<time datetime='2020-01-14T03:54:06+01:00'>14. 01. 2020, 03:54</time><p>Fine.</p></li>"
    "<li class='guest'><a class='author person'><h4>Martin Rex</h4></a>"
    "<time datetime='2020-01-14T09:00:00+01:00'>14. 01. 2020, 09:00</time>"
    "<p>What a choice of words. We all thought the firm would cancel the project, and now this. "
    "Nobody saw it coming, least of all the people who live next to the mine.</p></li>"
    "<li class='guest'><a class='author person'><h4>Ann Berg</h4></a>"
    "<time datetime='2020-01-14T10:00:00+01:00'>14. 01. 2020, 10:00</time>"
    "<p>The ferry has nothing to do with the mine, but the harbour master would have had a word "
    "or two to say about the weather that week, and about the people who never read the log. "
    "Then again, the log was never meant for them: it was kept for the insurers in town.</p>"
    "</li></ul>"
)


def test_the_times_and_names_of_a_comment_thread_are_not_the_articles() -> None:
    head = (
        "<meta property='article:published_time' content='2020-01-13T18:54:00+01:00'>"
        "<meta property='article:modified_time' content='2020-01-14T09:13:22+01:00'>"
    )
    body = f"<div class='story'><h1>The winter ferry</h1>{STORY}</div><div class='sect'>{_COMMENTS}</div>"
    doc = read_text(_page(head=head, body=body))
    assert doc.metadata.date == "2020-01-13"
    assert doc.metadata.authors == ()


def test_published_and_updated_fields_of_a_meta_bar_are_the_articles() -> None:
    body = (
        f"<main><article><h1>The winter ferry</h1>{STORY}<footer><ul>"
        "<li>Published <time>03 December 2019</time></li><li>Updated <time>06 December 2019</time></li>"
        "</ul></footer></article></main>"
    )
    doc = read_text(_page(body=body))
    assert doc.metadata.date == "2019-12-03"


def test_a_dateline_anywhere_beats_a_generic_date_meta() -> None:
    # <meta name="date"> is often the day the page was generated
    long_story = "".join(f"<p>{p}</p>" for p in [LONG] * 3)
    body = f"<article><h1>The winter ferry</h1>{long_story}<p>Erstellt am: 01.11.2023</p></article>"
    doc = read_text(_page(head="<meta name='date' content='2023-11-20'>", body=body, lang="de"))
    assert doc.metadata.date == "2023-11-01"


def test_the_dates_of_a_list_of_events_do_not_date_the_page() -> None:
    long_story = "".join(f"<p>{p}</p>" for p in [LONG] * 3)
    events = "".join(
        f"<li><a href='/e{i}'>Wine tasting {i}</a> <span>{day}.02.2020 18:00 Uhr</span></li>"
        for i, day in enumerate(("08", "15", "29"))
    )
    body = (
        f"<div class='main'><h1>The winter ferry</h1>{long_story}</div>"
        f"<div class='side'><ul>{events}</ul></div>"
    )
    doc = read_text(_page(head="<meta name='date' content='2020-02-11'>", body=body, lang="de"))
    assert doc.metadata.date == "2020-02-11"


def test_a_head_that_states_only_the_last_change_beats_a_date_a_line_mentions() -> None:
    head = "<meta name='dateUpdate' content='2020-02-14 10:47:36'>"
    body = (
        f"<div class='entry'><h1>The winter ferry</h1><p>Built on 24 June 2012 in the yard.</p>{STORY}</div>"
    )
    doc = read_text(_page(head=head, body=body))
    assert doc.metadata.date == "2020-02-14"


def test_a_date_after_the_reading_time_in_the_byline_box() -> None:
    head = (
        "<meta property='article:published_time' content='2021-11-29T14:13:37+00:00'>"
        "<meta property='article:modified_time' content='2022-01-12T14:27:30+00:00'>"
    )
    body = (
        "<article><h1>Do fish feel pain?</h1><div class='row'>"
        "<div class='col'><strong><a href='/about/'>Christoph Hein</a></strong><br>Editor</div>"
        "<div class='col'><span class='icon-book'></span> ca. 8 Min.<br>"
        f"<span class='icon-calendar'></span> 12.01.2022</div></div>{STORY}</article>"
    )
    doc = read_text(_page(head=head, body=body, lang="de"))
    assert doc.metadata.date == "2022-01-12"


# --- authors ---------------------------------------------------------------------------------


def _byline_page(head: str, byline: str, url: str | None = None) -> tuple[str, ...]:
    body = f"<article><h1>The winter ferry</h1>{byline}{STORY}</article>"
    return read_text(_page(head=head, body=body), url=url).metadata.authors


def test_an_email_address_stated_as_the_author_gives_way_to_the_byline() -> None:
    head = "<meta name='author' content='cipha[at]cipha.net'>"
    byline = "<div class='byline'><a href='/author/c1ph4/' rel='author'>c1ph4</a></div>"
    assert _byline_page(head, byline) == ("c1ph4",)


def test_the_sites_name_with_an_article_stated_as_the_author_gives_way_to_the_byline() -> None:
    head = "<meta name='author' content='Die FURCHE'>"
    byline = "<div class='author'><a href='/autor/baatz'><h2 class='author__name'>Ursula Baatz</h2></a></div>"
    assert _byline_page(head, byline, url="https://www.furche.at/a/1") == ("Ursula Baatz",)


def test_a_stated_first_name_gives_way_to_the_full_name_shown() -> None:
    head = "<meta name='author' content='Nils'>"
    byline = "<p class='byline'>By Nils Pickert</p>"
    assert _byline_page(head, byline) == ("Nils Pickert",)


def test_a_stated_name_behind_a_role_gives_way_to_the_name_shown() -> None:
    head = (
        "<script type='application/ld+json'>"
        '{"@type": "Article", "author": {"@type": "Person", "name": "Von Online-Experte Robin Roe"}}'
        "</script>"
    )
    byline = "<div class='author'><a href='/experten/robin-roe'>Robin Roe</a></div>"
    assert _byline_page(head, byline) == ("Robin Roe",)


def test_a_stated_name_and_a_different_shown_name_keep_the_stated_one() -> None:
    head = "<meta name='author' content='Anna Berg'>"
    byline = "<p class='byline'>By Nils Pickert</p>"
    assert _byline_page(head, byline) == ("Anna Berg",)


def test_a_staff_writer_byline_is_not_prefixed_twice() -> None:
    byline = "<div class='author-name'><span>By Staff Writer</span></div>"
    assert _byline_page("", byline) == ("Staff Writer",)


def test_a_name_over_its_role_on_the_next_line() -> None:
    byline = (
        "<div class='post-author'><strong><a href='/about/'>Christoph Hein</a></strong>"
        "<br>Chefredakteur</div>"
    )
    assert _byline_page("", byline) == ("Christoph Hein",)


def test_a_scholarly_pages_citation_authors_before_the_authors_of_works_it_cites() -> None:
    head = (
        "<meta name='citation_author' content='Marwan H. Adwan'>"
        "<meta name='author' content='NH. Shear, SP. Spielberg, '>"
        "<meta name='author' content='H. Peyriere, '>"
    )
    assert _byline_page(head, "") == ("Marwan H. Adwan",)


def test_a_byline_signed_under_the_article_with_its_label() -> None:
    long_story = "".join(f"<p>{p}</p>" for p in [LONG] * 3)
    body = (
        f"<div class='news'><h1>The winter ferry</h1>{long_story}"
        "<p><strong>Autorin: Uta Berg, Projektleiterin der Stiftung in Tunis.</strong></p></div>"
    )
    doc = read_text(_page(body=body, lang="de"))
    assert doc.metadata.authors == ("Uta Berg",)
    assert "Autorin" not in body_text(doc)


def test_an_organisation_stated_as_the_author_gives_way_to_a_person_shown() -> None:
    byline = "<p>Von Uta Berg</p>"
    legal = "<meta name='author' content='Harbour Foundation e.V.'>"
    assert _byline_page(legal, byline) == ("Uta Berg",)
    typed = (
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Harbour Post"}}'
        "</script>"
    )
    assert _byline_page(typed, byline) == ("Uta Berg",)
    person = "<meta name='author' content='Anna Berg'>"
    assert _byline_page(person, byline) == ("Anna Berg",)


def test_bylines_with_invisible_hyphens_a_leading_dash_a_role_or_a_column_label() -> None:
    assert parse_byline("Von Mat\u00adthi\u00adas Lauer") == ["Matthias Lauer"]
    assert parse_byline("- Redaktion: Eberhard Fuchs (Pressesprecher des Jugendwerks)") == ["Eberhard Fuchs"]
    assert parse_byline("By Jane Doe (Reuters), John Roe") == ["Jane Doe (Reuters)", "John Roe"]
    assert parse_byline("Par Marc Roe (avec Anne Lee et Eve Tual)") == ["Marc Roe", "Anne Lee", "Eve Tual"]
    assert parse_byline("Eine Kolumne von Nils Weber") == ["Nils Weber"]
    assert parse_byline("Autorin: Uta Berg, Projektleiterin der Stiftung in Tunis.") == ["Uta Berg"]
    assert parse_byline("red, wien.ORF.at/Agenturen") is None  # (no label: not a byline line)


def test_dates_in_more_languages_month_names_and_in_chinese() -> None:
    polish = f"<article><h1>Prom na wyspę</h1><p class='date'>14 lutego 2020</p>{STORY}</article>"
    assert read_text(_page(body=polish, lang="pl")).metadata.date == "2020-02-14"
    dutch = f"<article><h1>De veerboot</h1><p class='date'>3 maart 2021</p>{STORY}</article>"
    assert read_text(_page(body=dutch, lang="nl")).metadata.date == "2021-03-03"
    chinese = (
        f"<article><h1>冬天的渡轮</h1><div class='info'>发布时间：2020年02月14日 10:47</div>{STORY}</article>"
    )
    assert read_text(_page(body=chinese, lang="zh-CN")).metadata.date == "2020-02-14"


def test_a_birth_date_in_chinese_prose_is_no_dateline() -> None:
    head = "<meta name='dateUpdate' content='2020-02-14 10:47:36'>"
    body = (
        f"<div class='entry'><h1>蔡小姐</h1><p>1975年1月28日出生于新加坡，祖籍中国江苏省。</p>{STORY}</div>"
    )
    assert read_text(_page(head=head, body=body, lang="zh-CN")).metadata.date == "2020-02-14"


def test_a_byline_with_an_abbreviated_weekday_before_its_date() -> None:
    byline = (
        "<div class='post-author'>Von <strong><a href='/autoren/tom-roe/'>Tom Roe</a></strong>"
        "<span class='date'> Fr, 18. Oktober 2019</span></div>"
    )
    assert _byline_page("", byline) == ("Tom Roe",)
    assert parse_byline("Von Tom Roe Fr, 18. Oktober 2019") == ["Tom Roe"]


def test_a_handle_after_a_stated_name() -> None:
    head = (
        "<script type='application/ld+json'>"
        '{"@type": "Article", "author": {"@type": "Person", "name": "Will Roe @wroe"}}'
        "</script>"
    )
    byline = "<div class='post-author'><a href='/author/wroe/'>Will Roe @wroe</a></div>"
    assert _byline_page(head, byline) == ("Will Roe",)


def test_the_user_who_posted_the_article_unless_the_article_is_signed() -> None:
    posted = "<p class='submitted'>Saved by <span class='username'>harbourfan</span> on 7 July 2019</p>"
    assert _byline_page("", posted) == ("harbourfan",)
    signed = f"{posted}<p>Blog Beitrag von Margit Korn</p>"
    assert _byline_page("", signed) == ("Margit Korn",)


def test_the_agency_after_a_name() -> None:
    byline = "<div class='post-author'><h5>Peter Roe/SP-X</h5></div>"
    assert _byline_page("", byline) == ("Peter Roe",)


def test_a_link_to_the_authors_page_names_the_author_when_nothing_else_does() -> None:
    box = (
        "<div class='sidebar'><div class='author-bio'><h3><a href='/author/martin'>Martin Jung</a></h3>"
        "<p><a href='/author/martin'>Alles von Martin Jung</a></p></div></div>"
    )
    body = f"<div class='post'><h1>The winter ferry</h1>{STORY}</div>{box}"
    assert read_text(_page(body=body)).metadata.authors == ("Martin Jung",)


def test_a_login_link_is_no_author() -> None:
    body = (
        "<p class='info'><a class='username' href='/login'>Login</a></p>"
        f"<div class='post'><h1>The winter ferry</h1>{STORY}</div>"
    )
    assert read_text(_page(body=body)).metadata.authors == ()


def test_a_byline_after_the_date_and_in_a_byline_element() -> None:
    dated = (
        f"<article><h1>The winter ferry</h1><h2><span>06.11.2023 13:30 von Olga</span></h2>{STORY}</article>"
    )
    doc = read_text(_page(body=dated, lang="de"))
    assert doc.metadata.authors == ("Olga",)
    assert doc.metadata.date == "2023-11-06"
    element = f"<div class='news'><h1>The winter ferry</h1><byline>Von David Roe</byline>{STORY}</div>"
    assert read_text(_page(body=element, lang="de")).metadata.authors == ("David Roe",)


# --- titles ----------------------------------------------------------------------------------


def test_a_kicker_set_apart_in_the_headline_and_put_before_it_in_the_head() -> None:
    head = "<meta property='og:title' content='Zoonoses \u2013 How the loss of forests breeds epidemics'>"
    body = (
        "<article><h1><span class='kicker'>Zoonoses</span>"
        f"<span>How the loss of forests breeds epidemics</span></h1>{STORY}</article>"
    )
    assert read_text(_page(head=head, body=body)).metadata.title == "How the loss of forests breeds epidemics"
    # the head may put the kicker after the headline
    head = "<meta property='og:title' content='Data of the shipyard stolen - Papers on the net'>"
    body = (
        "<article><h1><span>Papers on the net</span> <span>Data of the shipyard stolen</span></h1>"
        f"{STORY}</article>"
    )
    assert read_text(_page(head=head, body=body)).metadata.title == "Data of the shipyard stolen"


def test_a_breadcrumb_mark_left_before_the_title() -> None:
    head = "<title>harbournews.org // &raquo; Jens Weber</title>"
    doc = read_text(_page(head=head, body=f"<div>{STORY}</div>"), url="https://harbournews.org/jens-weber/")
    assert doc.metadata.title == "Jens Weber"


def test_bylines_in_scandinavian_italian_and_finnish() -> None:
    assert parse_byline("Av Anna Lind") == ["Anna Lind"]
    assert parse_byline("Autore: Marco Rossi") == ["Marco Rossi"]
    assert parse_byline("Teksti: Liisa Virtanen") == ["Liisa Virtanen"]
    assert parse_byline("Av och till regnar det") is None


def test_a_date_meta_written_without_separators() -> None:
    head = "<meta name='publication_date' content='20200214'>"
    assert read_text(
        _page(head=head, body=f"<article><h1>The ferry</h1>{STORY}</article>")
    ).metadata.date == ("2020-02-14")


def test_links_and_teasers_that_are_not_bylines() -> None:
    long_story = "".join(f"<p>{p}</p>" for p in [LONG] * 3)
    teaser = (
        "<div class='more'><a href='/lenk/43143.html'>Von Einheimischen, Gästen und ganz viel Kühen</a></div>"
    )
    licence = "<p>Inhalte unter <a href='http://creativecommons.org/licenses/by/4.0/'>CC-BY</a></p>"
    label = "<p><a href='/autoren/'>Autoren</a> <a href='/people/'>People</a></p>"
    body = f"<div class='news'><h1>The winter ferry</h1>{long_story}</div>{teaser}{licence}{label}"
    assert read_text(_page(body=body, lang="de")).metadata.authors == ()


def test_more_author_metas_and_a_compound_author_class() -> None:
    for meta in ("article:author_name", "shareaholic:article_author_name", "byl"):
        head = f"<meta name='{meta}' content='By Wolf Michel'>"
        assert _byline_page(head, "") == ("Wolf Michel",), meta
    byline = "<span class='authorname-txt'><span class='truncate'>Anna Faz</span></span>"
    assert _byline_page("", byline) == ("Anna Faz",)


def test_the_date_in_the_sites_banner_is_the_day_the_page_was_made() -> None:
    banner = (
        "<header><nav><a href='/news'>News</a> <a href='/culture'>Culture</a></nav>"
        "<span class='site-date'><span>Mittwoch, </span>26.02.2020</span></header>"
    )
    head = "<meta name='date' content='2017-05-01T17:05:00+0200'>"
    body = f"{banner}<div class='content'><h1>The winter ferry</h1>{STORY}</div>"
    assert read_text(_page(head=head, body=body, lang="de")).metadata.date == "2017-05-01"


def test_the_sites_logo_in_an_h1_is_not_the_headline() -> None:
    body = (
        "<div class='top'><h1><a href='/' class='logo'>Harbour Radio</a></h1></div>"
        f"<div class='content'><h1>The winter ferry runs on</h1>{STORY}</div>"
    )
    assert read_text(_page(head="<title>Ferry news</title>", body=body)).metadata.title == (
        "The winter ferry runs on"
    )
