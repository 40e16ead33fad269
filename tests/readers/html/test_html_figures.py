"""Figures: image source, alt text, caption and credit apart (credit stored without its label)."""

# ruff: noqa: RUF001  (multilingual text is meant)

from __future__ import annotations

import pytest
from html_pages import body_text, figures, paragraphs, read_page, read_text

from archivepub.model import plain_text

URL = "https://example.org/stories/fish-market.html"
M = "https://example.org/media/"


def test_credit_found_by_class_name_or_labelled_small_and_cite() -> None:
    found = [
        (f.src, f.alt, plain_text(f.caption), f.credit)
        for f in figures(read_page("figures-credit-classes.html", url=URL))
    ]
    assert found == [
        (
            "https://example.org/media/one.jpg",
            "Crates of herring",
            "Herring crates stacked at dawn.",
            "Ana Ribeiro",
        ),
        (
            "https://example.org/media/two.jpg",
            "An auctioneer",
            "The auctioneer calls the first lot.",
            "Harbour Trust",
        ),
        (M + "three.jpg", "Ice", "Ice is shovelled over every box.", "Tom Lee"),
        (
            "https://example.org/media/four.jpg",
            "A ledger",
            "Prices are still written by hand.",
            "City Archive",
        ),
        (M + "five.jpg", "Gulls", "Gulls wait on the roof.", "Mira Okafor"),
        (M + "six.jpg", "A van", "Vans leave for the restaurants by six.", "Jo Park"),
        (M + "seven.jpg", "A satellite view", "The market seen from orbit.", "NASA"),
        (
            "https://example.org/media/eight.jpg",
            "The quay",
            "The quay after the boats have gone.",
            "Port Authority",
        ),
    ]


def test_a_byline_class_inside_a_caption_is_a_credit_not_the_author() -> None:
    doc = read_page("figures-credit-classes.html")
    assert doc.metadata.authors == ()
    assert paragraphs(doc) == [
        "The market opens at four in the morning, long before the city wakes.",
        "By nine the hall is hosed down and empty again.",
    ]


@pytest.mark.parametrize(
    ("index", "caption", "credit"),
    [
        (0, "The old custom house.", "Jane Doe"),
        (1, "A tram on the bridge.", "Transport Museum"),
        (2, "Night shift at the mill.", "Mill Trust"),
        (3, "The first library van.", "County Library"),
        (4, "A map of the parish.", "Ordnance Survey"),
        (5, "Bathers at the lido", "Evening Post"),
        (6, "Набережная в половодье.", "Иван Петров"),
        (7, "O mercado ao amanhecer.", "Rui Costa"),
        (8, "Գյումրու հին շուկան։", "Արամ Պետրոսյան"),
        (9, "A photo of the harbour at dawn", None),
    ],
)
def test_credit_label_in_the_caption_text_is_split_off(index: int, caption: str, credit: str | None) -> None:
    figure = figures(read_page("figures-credit-labels.html"))[index]
    assert plain_text(figure.caption) == caption
    assert figure.credit == credit


def test_image_sources_lazy_srcset_picture_and_caption_siblings() -> None:
    doc = read_page("figures-sources.html", url=URL)
    found = [(f.src, plain_text(f.caption), f.credit) for f in figures(doc)]
    assert found == [
        ("https://example.org/pics/lazy.jpg", "The long room before hanging.", None),
        ("https://example.org/pics/large.jpg", "Ladders against the east wall.", None),
        ("https://example.org/pics/p-2000.webp", "Labels being printed.", None),
        ("https://example.org/pics/wp.jpg", "The director inspects the frames.", "Lena Berg"),
        ("images/saved.jpg", "A frame stored beside the page.", None),
        ("https://example.org/pics/bare.jpg", "The finished room.", None),
    ]
    # captions do not come back as paragraphs; a small icon stays inside its sentence
    assert paragraphs(doc) == [
        "The curators spent a week moving the pictures around the long room.",
        "The opening drew a crowd of four hundred people on the first night.",
    ]


def test_figure_without_caption_keeps_alt_text() -> None:
    from html_pages import read_text

    doc = read_text(
        "<html><body><article><h1>T</h1><p>Some words about a picture of the sea.</p><figure>"
        '<img src="https://cdn.example/sea.jpg" alt="The sea at Dover"></figure></article></body></html>'
    )
    (figure,) = figures(doc)
    assert (figure.src, figure.alt, figure.caption, figure.credit) == (
        "https://cdn.example/sea.jpg",
        "The sea at Dover",
        (),
        None,
    )


def test_captions_and_credits_beside_the_image_and_inside_its_paragraph() -> None:
    doc = read_page("figures-siblings.html")
    assert [(f.src, plain_text(f.caption), f.credit) for f in figures(doc)] == [
        ("/a.jpg", "The first picture.", "Ann Lee"),
        ("/b.jpg", "", "City Archive"),
        ("/c.jpg", "The third picture, taken in 1920.", "Tom Rix"),
        ("/d.jpg", "The fourth picture.", "Evening Post"),
        ("/e.jpg", "", None),
    ]
    assert paragraphs(doc) == [
        "An introduction paragraph that is long enough to be the article's first paragraph of text here.",
        "This sentence is simply text next to an image and not a caption at all, honestly.",
        "A closing paragraph that is long enough to be a real paragraph of the article text.",
    ]


def test_galleries_keep_every_image() -> None:
    doc = read_page("figures-gallery.html")
    assert [(f.src, f.alt, plain_text(f.caption), f.credit) for f in figures(doc)] == [
        ("/g1.jpg", "One", "", None),
        ("/g2.jpg", "Two", "Two views of the pier.", "Jo Lee"),
        ("/g3.jpg", "Three", "The third.", None),
        ("/g4.jpg", "Four", "The fourth.", "Ann Roe"),
    ]
    assert len(paragraphs(doc)) == 2


def test_a_box_of_prose_named_as_a_credit_is_not_a_credit() -> None:
    # a forum template's attribution header that the parser let swallow the post (an unclosed
    # element): with the poster's avatar it looked like a picture and its credit
    post = (
        "<p>The ferry timetable changes on Monday: the first boat leaves at six, the last at ten.</p>"
        "<ul><li>Sundays keep the old times.</li><li>Bicycles ride free until March.</li></ul>"
        "<p>Tickets bought before the change stay valid for the whole of the season, the office says.</p>"
        "<p>Questions go to the harbour office, which is open on weekdays from eight until noon.</p>"
    )
    doc = read_text(
        "<html><body><article><h1>Timetable notes</h1><div class='message-main'>"
        "<img src='avatar.png' width='96' height='96' alt=''>"
        f"<header class='message-attribution'><span>Harbour office</span>{post}</header>"
        "</div></article></body></html>"
    )
    text = body_text(doc)
    assert "the first boat leaves at six" in text
    assert "Bicycles ride free until March." in text
    assert "stay valid for the whole of the season" in text
    # a credit line next to a picture is still the picture's credit
    doc = read_text(
        "<html><body><article><h1>Timetable notes</h1>"
        f"{post}<div class='photo'><img src='ferry.jpg' alt='The ferry'>"
        "<span class='photo-credit'>Jane Doe</span></div>"
        f"{post}</article></body></html>"
    )
    assert [f.credit for f in figures(doc)] == ["Jane Doe"]


def test_a_stock_sites_name_in_parentheses_is_a_credit() -> None:
    doc = read_text(
        "<html><body><article><h1>The stoat</h1><p>In winter the stoat turns white, all but the tip of its "
        "tail, and hunts along the dykes by the harbour.</p><figure><img src='stoat.jpg' alt=''>"
        "<figcaption>A stoat in its winter coat. (Jo Lee / iStock.com)</figcaption></figure></article>"
        "</body></html>"
    )
    (figure,) = figures(doc)
    assert plain_text(figure.caption) == "A stoat in its winter coat."
    assert figure.credit == "Jo Lee / iStock.com"


def test_a_caption_in_the_article_header_is_not_the_standfirst() -> None:
    doc = read_text(
        "<html><body><article><header><h1>The winter ferry</h1><figure><img src='ferry.jpg' alt=''>"
        "<figcaption><p>The ferry at the quay in January.</p>"
        "<div class='figure__copyright'><p>Foto: Jo Lee</p>"
        "</div></figcaption></figure></header><p>The ferry to the island ran twice a day through the whole "
        "winter, whatever the weather, and the harbour master kept a log.</p></article></body></html>"
    )
    assert doc.metadata.subtitle is None
    (figure,) = figures(doc)
    assert figure.credit == "Jo Lee"


@pytest.mark.parametrize("cls", ["imagedescription", "bildunterschrift", "image-description"])
def test_a_caption_named_as_the_images_description(cls: str) -> None:
    doc = read_text(
        "<html><body><article><h1>The winter ferry</h1><p>The ferry to the island ran twice a day through "
        "the whole winter, whatever the weather, and the harbour master kept a log.</p>"
        f"<img src='ferry.jpg' alt=''><p class='{cls}'>The ferry at the quay. © AFP / Jo Lee</p>"
        "</article></body></html>"
    )
    (figure,) = figures(doc)
    assert plain_text(figure.caption) == "The ferry at the quay."
    assert figure.credit == "AFP / Jo Lee"
