"""Whole pages in the shapes archivepub meets: every fact of each page, at once."""

# ruff: noqa: RUF001  (multilingual text is meant)

from __future__ import annotations

from html_pages import figures, headings, note_facts, paragraphs, read_page, same_notes

from archivepub.model import plain_text


def test_wordpress_post_with_footnotes_figures_and_furniture() -> None:
    doc = read_page("page-wordpress.html", url="https://valley.example/2024/02/river-ice/")
    meta = doc.metadata
    assert (meta.title, meta.subtitle, meta.authors, meta.date, meta.language, meta.site_name) == (
        "River ice and the old mill",
        "How a winter of thick ice stopped the wheel for six weeks.",
        ("Kate Morgan",),
        "2024-02-03",
        "en",
        "The Valley Courier",
    )
    assert meta.source_url == "https://valley.example/2024/02/river-ice/"
    assert headings(doc) == [(2, "The diary")]
    assert len(paragraphs(doc)) == 3
    assert [(f.src, plain_text(f.caption), f.credit) for f in figures(doc)] == [
        (
            "https://valley.example/wp-content/uploads/2024/02/mill.jpg",
            "The mill in the winter of 1895.",
            "Valley Museum",
        ),
        ("https://valley.example/uploads/diary.jpg", "A page from the diary", "the Morgan family"),
    ]
    assert same_notes(
        note_facts(doc),
        [
            ("In the winter of 1895 the river froze", "1", "The coldest winter on record in the valley."),
            ("His entries are short", "2", "Carts were charged a penny to cross."),
        ],
    )
    text = doc.to_json()
    for junk in (
        "Share this",
        "Twitter",
        "Previous post",
        "thoughts on",
        "Proudly powered",
        "Posted in",
        "Home",
    ):
        assert junk not in text, junk


def test_russian_cms_page_in_windows_1251() -> None:
    doc = read_page("page-russian-cms-1251.html")
    meta = doc.metadata
    assert (meta.title, meta.subtitle, meta.authors, meta.date, meta.language) == (
        "Старые карты губернии оцифрованы",
        "Архив выложил в открытый доступ двести карт XIX века.",
        ("Анна Смирнова",),
        "2023-03-12",
        "ru",
    )
    assert paragraphs(doc) == [
        "Карты хранились в фондах областного архива с 1920-х годов. Многие из них были повреждены сыростью.",
        "Сканирование заняло полтора года. Теперь карты доступны на сайте архива.",
    ]
    (figure,) = figures(doc)
    assert (figure.src, plain_text(figure.caption), figure.credit) == (
        "/upload/karta.jpg",
        "Карта уезда 1850 года.",
        "Пётр Иванов",
    )
    assert same_notes(note_facts(doc), [("Карты хранились", "1", "Архив был основан в 1918 году.")])
    assert headings(doc) == []
    text = doc.to_json()
    for junk in ("Главная", "Поделиться", "Читайте также", "Выставка в музее", "Все права", "Описание для"):
        assert junk not in text, junk


def test_armenian_page_without_lang_with_dateline_and_bold_notes_heading() -> None:
    doc = read_page("page-armenian-no-lang.html")
    meta = doc.metadata
    assert (meta.title, meta.subtitle, meta.authors, meta.date, meta.language) == (
        "Գյումրիի հին լուսանկարները",
        "Քաղաքային թանգարանը ցուցադրում է հարյուր տարվա լուսանկարներ։",
        ("Անի Սարգսյան",),
        "2024-04-18",
        "hy",
    )
    assert len(paragraphs(doc)) == 2
    (figure,) = figures(doc)
    assert (figure.src, plain_text(figure.caption), figure.credit) == (
        "images/hraparak.jpg",
        "Քաղաքի կենտրոնական հրապարակը 1910-ականներին։",
        "Գյումրու թանգարան",
    )
    assert same_notes(
        note_facts(doc), [("Ցուցահանդեսում", "1", "Լուսանկարները տրամադրել են քաղաքի բնակիչները։")]
    )
    assert "Ծանոթագրություններ" not in doc.to_json()


def test_a_box_with_a_captioned_image_and_paragraphs_keeps_the_paragraphs() -> None:
    from html_pages import read_text

    doc = read_text(
        "<html><body><div class='story'><h1>T</h1>"
        "<p>The first paragraph of the story, long enough to count.</p><div class='photo'>"
        "<img src='/a.jpg' alt=''><div class='caption'>A caption. Photo: Jo Lee</div></div>"
        "<p>The second paragraph of the story, after the picture.</p></div></body></html>"
    )
    assert len(paragraphs(doc)) == 2
    assert [(plain_text(f.caption), f.credit) for f in figures(doc)] == [("A caption.", "Jo Lee")]


def test_a_kicker_above_the_title_is_not_the_standfirst() -> None:
    from html_pages import read_text

    doc = read_text(
        "<html><body><article><header><div class='article-subhead'>This week on screen</div>"
        "<h1>Three new series</h1><p class='standfirst'>A thriller, a comedy and a documentary.</p></header>"
        "<p>The thriller is set in a lighthouse and runs for six episodes of an hour each.</p>"
        "</article></body></html>"
    )
    assert doc.metadata.subtitle == "A thriller, a comedy and a documentary."


def test_feature_page_with_kicker_dek_two_authors_pandoc_notes_and_credits() -> None:
    doc = read_page("page-feature.html")
    meta = doc.metadata
    assert (
        meta.title,
        meta.subtitle,
        meta.authors,
        meta.date,
        meta.language,
        meta.site_name,
        meta.source_url,
    ) == (
        "The lighthouse logbooks",
        "Two centuries of weather, written by hand, are being read again.",
        ("Mira Holt", "Jonas Berg"),
        "2024-04-18",
        "en-GB",
        "North Sea Review",
        "https://northsea.example/features/lighthouse-logbooks",
    )
    assert headings(doc) == [(2, "Reading the weather")]
    assert len(paragraphs(doc)) == 4
    assert [(plain_text(f.caption), f.credit) for f in figures(doc)] == [
        ("A logbook from the winter of 1881.", "Anna Lind/North Sea Archive"),
        ("Volunteers at work in the reading room.", "the Lighthouse Trust"),
    ]
    assert same_notes(
        note_facts(doc),
        [
            ("Every four hours", "1", "The rock station was relieved by boat every fortnight."),
            ("The keeper's English", "2", "Spelling as in the original."),
            ("Volunteers transcribe", "3", "Ship reports are kept by the national weather service."),
        ],
    )
    body = " ".join(paragraphs(doc))
    assert '"the sea was very [sic] rough and we respect[ed] the glass,"' in body
    assert "[at the university]" in body
    text = doc.to_json()
    for junk in ("Archives", "Get the Review", "Sign up", "More from", "diver's diary", "Features", "©"):
        assert junk not in text, junk
