"""Tests for the scraped plain-text reader (archivepub.readers.text), on fixtures written for it.

Each fixture under ``tests/data/text/`` is a web page as a browser's select-all + copy gives
it: menus, breadcrumb, dateline, byline, share bar, adverts, captions with credit lines,
notes, footer. Every fact of each is asserted below.
"""

# ruff: noqa: RUF001  (Russian, Armenian and Azerbaijani fixtures: their letters are meant)

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import archivepub
from archivepub.errors import ReadError
from archivepub.model import (
    Block,
    Document,
    Figure,
    Heading,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    descend,
    iter_inlines,
    plain_text,
)
from archivepub.model.walk import inline_content
from archivepub.readers.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data" / "text"


def _read(name: str) -> Document:
    return archivepub.read(DATA / name)


def _text(text: str, **kwargs: str) -> Document:
    return read_text(text.encode("utf-8"), **kwargs)


def _plain(block: Block) -> str:
    return plain_text(inline_content(block))


def _body(doc: Document) -> str:
    return "\n".join(_plain(b) for b in descend(doc.blocks))


def _headings(doc: Document) -> list[str]:
    return [_plain(b) for b in doc.blocks if isinstance(b, Heading)]


def _paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def _figures(doc: Document) -> list[tuple[str, str | None, str | None]]:
    return [(plain_text(b.caption), b.credit, b.src) for b in doc.blocks if isinstance(b, Figure)]


def _note_places(doc: Document) -> dict[str, str]:
    """Note id -> the first 30 characters of the top-level block that refers to it."""
    places: dict[str, str] = {}
    for block in doc.blocks:
        for block_inner in descend((block,)):
            for node in iter_inlines(inline_content(block_inner)):
                if isinstance(node, NoteRef):
                    places[node.note] = _plain(block)[:30]
    return places


def _notes(doc: Document) -> list[tuple[str, str, str]]:
    return [(n.id, n.label, " ".join(_plain(b) for b in n.blocks)) for n in doc.footnotes]


@dataclass(frozen=True)
class Facts:
    file: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    date: str
    language: str
    headings: list[str]
    paragraphs: int
    figures: list[tuple[str, str | None, str | None]]
    notes: list[tuple[str, str, str]]
    note_places: dict[str, str]
    boilerplate: tuple[str, ...]
    kept: tuple[str, ...] = ()


ENGLISH = Facts(
    file="lighthouse-en.txt",
    title="The keeper's logbooks: what forty years of weather notes tell us now",
    subtitle=(
        "A retired lighthouse keeper's handwritten logs, rescued from a skip in 1998, are helping "
        "climate scientists reconstruct storms that no instrument recorded."
    ),
    authors=("Helen Marsh", "Idris Bello"),
    date="2023-06-09",
    language="en",
    headings=["How reliable is a keeper's eye?", "What the logs record", "Where the volumes go next"],
    paragraphs=8,
    figures=[
        (
            "The Carrick Point light in 1962, two years after its lamp was converted to electricity.",
            "Pascoe family collection",
            None,
        ),
        (
            "A page of the 1976 volume, with the drought summer's entries underlined in red.",
            "Coastal Observatory archive",
            None,
        ),
    ],
    notes=[
        (
            "fn1",
            "1",
            "Trinity House has confirmed that keepers' logs were meant to be returned on retirement, "
            "but says it has no record of these.",
        ),
        (
            "fn2",
            "2",
            "The comparison covers 1961 to 1979, when an anemometer was kept at the coastguard "
            "station two miles away.",
        ),
        ("fn3", "3", "The dates were checked against the county bird club's records, which begin in 1958."),
    ],
    note_places={
        "fn1": "His daughter found the volumes",
        "fn2": "The obvious question is whethe",
        "fn3": "Pascoe's notes on birds have p",
    },
    boilerplate=(
        "Skip to content",
        "The Harbour Gazette",
        "Sign in",
        "Subscribe",
        "Home",
        "Culture",
        "History",
        "•",
        "By Helen",
        "Staff Writer",
        "Published",
        "Updated",
        "BST",
        "Listen to this article",
        "min read",
        "Share this",
        "Facebook",
        "Twitter",
        "Email",
        "Advertisement",
        "Photo:",
        "Image:",
        "Notes",
        "[1]",
        "[2]",
        "[3]",
        "Related",
        "Storm season",
        "The last of the lightships",
        "©",
        "Terms",
        "Privacy",
        "Cookie",
        "\u00a0",
    ),
    kept=(
        'too busy keeping the light lit to look at [the] anemometer"',
        "drift steadily earlier over the four decades [...] by about nine days in all.",
        '"recieved [sic] and all"',
        "refers to a letter from the board [4], which has not been found.",
    ),
)

RUSSIAN = Facts(
    file="arkhiv-ru-cp1251.txt",
    title="Письма с маяка: волонтёры расшифровывают дневники смотрителя",
    subtitle=(
        "Городской архив получил одиннадцать тетрадей смотрителя маяка, который сорок лет записывал "
        "погоду на мысе Крутом."
    ),
    authors=("Ирина Соколова",),
    date="2023-03-12",
    language="ru",
    headings=["Что записывал смотритель?", "Как будут использовать записи"],
    paragraphs=4,
    figures=[("Маяк на мысе Крутом в 1970-х годах.", "Анна Белова", None)],
    notes=[
        ("fn1", "1", "Тетрадь за 1971 год не сохранилась."),
        ("fn2", "2", "Квадратные скобки здесь и далее поставлены волонтёрами."),
    ],
    note_places={"fn1": "Тетради нашла внучка смотрител", "fn2": "Волонтёры переписывают тетради"},
    boilerplate=(
        "Перейти к содержимому",
        "Вечерний Прибрежск",
        "Войти",
        "Главная",
        "Краеведение",
        "Автор",
        "Время чтения",
        "Поделиться",
        "Реклама",
        "Фото:",
        "Примечания",
        "Читайте также",
        "спасали старые фотографии",
        "Политика",
        "©",
        "14:05",
    ),
    kept=("«сев[ерный] ветер», «вид[имость] плохая»",),
)

ARMENIAN = Facts(
    file="gyumri-hy.txt",
    title="Գյումրու թերթերի արխիվը կթվայնացվի",
    subtitle=(
        "Քաղաքային գրադարանը սկսել է թվայնացնել քսաներորդ դարի սկզբի տեղական թերթերը, որոնք երկար "
        "տարիներ պահվել են նկուղում։"
    ),
    authors=("Անի Հակոբյան",),
    date="2024-04-18",
    language="hy",
    headings=["Ինչպե՞ս է ընթանում աշխատանքը"],
    paragraphs=3,
    figures=[("Գրադարանի ընթերցասրահը 1950-ական թվականներին։", "Գյումրու գրադարանի արխիվ", None)],
    notes=[("fn1", "1", "Ամբողջական հավաքածուն պահվում է Երևանի ազգային գրադարանում։")],
    note_places={"fn1": "Թերթերի առաջին համարները լույս"},
    boilerplate=("Գլխավոր", "Մշակույթ", "Հեղինակ", "Լուսանկարը", "Ծանոթագրություններ", "Կիսվել", "[1]"),
)

AZERBAIJANI = Facts(
    file="xezer-az.txt",
    title="Köhnə qəzetlər rəqəmsal arxivə köçürülür",
    subtitle=(
        "Şəhər kitabxanası iyirminci əsrin əvvəlinə aid yerli qəzetləri rəqəmsal formata köçürməyə başlayıb."
    ),
    authors=("Leyla Əliyeva",),
    date="2024-04-18",
    language="az",
    headings=["Könüllülər necə işləyir?"],
    paragraphs=3,
    figures=[("Kitabxananın oxu zalı 1960-cı illərdə.", "Kitabxananın arxivi", None)],
    notes=[("fn1", "1", "Tam kolleksiya Bakıdakı Milli Kitabxanada saxlanılır.")],
    note_places={"fn1": "Qəzetlərin ilk nömrələri 1910-"},
    boilerplate=(
        "Ana səhifə",
        "Mədəniyyət",
        "Müəllif",
        "10:30",
        "Reklam",
        "Şəkil:",
        "Qeydlər",
        "Paylaş",
        "[1]",
    ),
)

FIXTURES = [ENGLISH, RUSSIAN, ARMENIAN, AZERBAIJANI]


@pytest.fixture(params=FIXTURES, ids=[f.file for f in FIXTURES])
def facts(request: pytest.FixtureRequest) -> Facts:
    found: Facts = request.param
    return found


def test_metadata(facts: Facts) -> None:
    meta = _read(facts.file).metadata
    assert meta.title == facts.title
    assert meta.subtitle == facts.subtitle
    assert meta.authors == facts.authors
    assert meta.date == facts.date
    assert meta.language == facts.language
    assert meta.site_name is None
    assert meta.source_url is None


def test_title_standfirst_and_byline_stay_out_of_the_body(facts: Facts) -> None:
    body = _body(_read(facts.file))
    assert facts.title not in body
    assert facts.subtitle not in body
    for author in facts.authors:
        assert author not in body


def test_headings_and_paragraphs(facts: Facts) -> None:
    doc = _read(facts.file)
    assert _headings(doc) == facts.headings
    assert all(b.level == 2 for b in doc.blocks if isinstance(b, Heading))
    assert len(_paragraphs(doc)) == facts.paragraphs


def test_figures_with_caption_and_credit_apart(facts: Facts) -> None:
    assert _figures(_read(facts.file)) == facts.figures


def test_notes_linked_from_their_paragraphs(facts: Facts) -> None:
    doc = _read(facts.file)
    assert _notes(doc) == facts.notes
    assert _note_places(doc) == facts.note_places


def test_no_boilerplate_anywhere(facts: Facts) -> None:
    as_json = _read(facts.file).to_json()
    for junk in facts.boilerplate:
        assert junk not in as_json, f"{junk!r} survived"


def test_text_kept_as_written(facts: Facts) -> None:
    body = _body(_read(facts.file))
    for phrase in facts.kept:
        assert phrase in body


def test_reading_is_deterministic(facts: Facts) -> None:
    first = _read(facts.file)
    again = read_text((DATA / facts.file).read_bytes(), name=facts.file)
    assert again.to_json() == first.to_json()
    assert Document.from_json(first.to_json()) == first


# --- what the English fixture shows beyond the common facts -----------------------------


def test_english_lists_quote_and_link() -> None:
    doc = _read(ENGLISH.file)
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert [(lst.ordered, [" ".join(_plain(x) for x in item) for item in lst.items]) for lst in lists] == [
        (
            False,
            [
                "the wind's direction and force",
                "the state of the sea",
                "visibility and cloud",
                "anything unusual, from ships in distress to migrating birds",
            ],
        ),
        (
            True,
            [
                "photograph every page at high resolution",
                "transcribe the weather columns into a spreadsheet",
                "publish both under an open licence",
            ],
        ),
    ]
    quotes = [b for b in doc.blocks if isinstance(b, Quote)]
    assert [[_plain(x) for x in q.blocks] for q in quotes] == [
        ["Saw the first swallow today, later than last year. Wind SW 4, sea moderate."]
    ]
    links = [n for b in descend(doc.blocks) for n in iter_inlines(inline_content(b)) if isinstance(n, Link)]
    assert [(link.url, plain_text(link.content)) for link in links] == [
        ("https://observatory.example.org/pascoe", "https://observatory.example.org/pascoe")
    ]


def test_english_wrapped_paragraph_is_joined() -> None:
    first = _plain(_paragraphs(_read(ENGLISH.file))[0])
    assert first == (
        "The logs fill eleven cloth-bound volumes. Their author, Edwin Pascoe, kept the Carrick Point "
        "light from 1951 until it was automated in 1991, and he wrote down the wind, the sea and the sky "
        "every four hours without fail."
    )


def test_english_block_order() -> None:
    kinds = [type(b).__name__ for b in _read(ENGLISH.file).blocks]
    assert kinds == [
        "Paragraph", "Paragraph", "Heading", "Paragraph", "Figure", "Paragraph", "Heading", "Paragraph",
        "ListBlock", "Paragraph", "Quote", "Figure", "Heading", "Paragraph", "ListBlock", "Paragraph",
    ]  # fmt: skip


def test_russian_fixture_is_windows_1251() -> None:
    raw = (DATA / RUSSIAN.file).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "Волонтёры переписывают тетради" in _body(_read(RUSSIAN.file))


# --- single rules on small pages ----------------------------------------------------------

PAGE = """\
A harbour in winter
By Ann Lee
9 June 2023

The harbour froze for the first time in forty years, and the ferries stayed in port all week.

Fishing resumed on Monday, as the old hands had said it would.{ref}

Nobody could remember the last time it happened.

{notes}
"""


def test_marker_without_note_stays_text() -> None:
    doc = _text(PAGE.format(ref="[1]", notes=""))
    assert doc.footnotes == ()
    assert "as the old hands had said it would.[1]" in _body(doc)


@pytest.mark.parametrize(
    "notes",
    [
        "[1] The harbour master's log records it.",
        "[1]: The harbour master's log records it.",
        "Notes\n[1] The harbour master's log records it.",
        "Notes\n\n1. The harbour master's log records it.",
        "Примечания\n[1] The harbour master's log records it.",
        "Ծանոթագրություններ\n\n[1] The harbour master's log records it.",
        "Qeydlər\n[1] The harbour master's log records it.",
        "References\n[1] The harbour master's log records it.",
    ],
)
def test_note_forms(notes: str) -> None:
    doc = _text(PAGE.format(ref="[1]", notes=notes))
    assert _notes(doc) == [("fn1", "1", "The harbour master's log records it.")]
    assert _note_places(doc) == {"fn1": "Fishing resumed on Monday, as "}
    body = _body(doc)
    assert "Notes" not in body
    assert "[1]" not in doc.to_json()


def test_multi_line_and_multi_paragraph_note() -> None:
    notes = "[1] The harbour master's log\nrecords it.\n\nA second paragraph of the note.\n[2] Another."
    doc = _text(PAGE.format(ref="[1][2]", notes=notes))
    assert [(n.label, [_plain(b) for b in n.blocks]) for n in doc.footnotes] == [
        ("1", ["The harbour master's log records it.", "A second paragraph of the note."]),
        ("2", ["Another."]),
    ]


def test_numbered_list_without_notes_heading_is_a_list() -> None:
    page = PAGE.format(ref="", notes="1. first thing\n2. second thing")
    doc = _text(page)
    assert doc.footnotes == ()
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1
    assert lists[0].ordered


@pytest.mark.parametrize(
    "bracket", ["respect[ed]", "[for its peacekeepers]", "[sic]", "[...]", "[1a]", "[ii]"]
)
def test_editorial_brackets_are_text(bracket: str) -> None:
    page = PAGE.format(ref=f" He said it {bracket} twice.[1]", notes="[1] A note.")
    doc = _text(page)
    assert bracket in _body(doc)
    assert [n.label for n in doc.footnotes] == ["1"]


def test_url_argument_and_source_line() -> None:
    page = "Source: https://example.org/news/harbour\n" + PAGE.format(ref="", notes="")
    assert _text(page).metadata.source_url == "https://example.org/news/harbour"
    assert _text(page, url="https://other.example/x").metadata.source_url == "https://other.example/x"
    plain = PAGE.format(ref="", notes="")
    assert _text(plain).metadata.source_url is None
    assert _text(plain, url="https://other.example/x").metadata.source_url == "https://other.example/x"
    assert "Source:" not in _text(page).to_json()


def test_byline_with_date_on_one_line() -> None:
    page = "A harbour in winter\nBy Ann Lee | 9 June 2023\n\n" + PAGE.split("\n\n", 1)[1].format(
        ref="", notes=""
    )
    meta = _text(page).metadata
    assert (meta.authors, meta.date) == (("Ann Lee",), "2023-06-09")


def test_paragraphs_on_single_lines_are_split() -> None:
    page = (
        "A harbour in winter\nBy Ann Lee\n\n"
        "The harbour froze for the first time in forty years, and the ferries stayed in port all week.\n"
        "Fishing resumed on Monday, as the old hands had said it would, once the wind turned south.\n"
        "Why did it freeze?\n"
        "Scientists at the coastal observatory say that still, clear nights let the surface cool fast.\n"
        "They expect it to happen again, though perhaps not for forty years, if the records are right.\n"
    )
    doc = _text(page)
    assert doc.metadata.subtitle is not None
    assert doc.metadata.subtitle.startswith("The harbour froze")
    assert _headings(doc) == ["Why did it freeze?"]
    assert [_plain(p)[:20] for p in _paragraphs(doc)] == [
        "Fishing resumed on M",
        "Scientists at the co",
        "They expect it to ha",
    ]


def test_caption_blank_line_credit() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could", "Boats frozen in at the east quay\n\nPhoto: Ann Lee\n\nNobody could"
    )
    doc = _text(page)
    assert _figures(doc) == [("Boats frozen in at the east quay", "Ann Lee", None)]
    assert _headings(doc) == []


def test_caption_with_inline_credit() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could", "Boats frozen in at the east quay. Photo: Ann Lee\n\nNobody could"
    )
    assert _figures(_text(page)) == [("Boats frozen in at the east quay.", "Ann Lee", None)]


def test_one_dash_line_is_not_a_list_and_russian_dialogue_is_not_either() -> None:
    page = PAGE.format(ref="", notes="- Only one line starting with a dash here, so not a list.")
    assert not [b for b in _text(page).blocks if isinstance(b, ListBlock)]
    dialogue = PAGE.format(ref="", notes="— Правда? — спросил он.\n— Правда, — ответила она.")
    assert not [b for b in _text(dialogue).blocks if isinstance(b, ListBlock)]


def test_quote_with_attribution() -> None:
    page = PAGE.format(ref="", notes="“The sea keeps its own calendar.”\n\n— Edwin Pascoe\n\nThe end of it.")
    quotes = [b for b in _text(page).blocks if isinstance(b, Quote)]
    assert [[_plain(x) for x in q.blocks] for q in quotes] == [
        ["“The sea keeps its own calendar.”", "— Edwin Pascoe"]
    ]


@pytest.mark.parametrize(
    "junk",
    [
        "Share this:",
        "Advertisement",
        "\u00a0",
        "Related",
        "Read more: How the coast prepares for winter",
        "We use cookies to improve your experience on our site.",
        "Sign up for our newsletter",
        "Accept all cookies",
        "Manage cookie preferences",
        "Facebook Twitter Email",
        "Listen to this article",
        "5 min read",
        "Updated 10 June 2023",
        "Photo 3 of 12",
        "Tags: harbour, winter",
        "© 2023 Example News",
    ],
)
def test_chrome_lines_are_dropped(junk: str) -> None:
    page = PAGE.format(ref="", notes="").replace("Nobody could", f"{junk}\n\nNobody could")
    doc = _text(page)
    assert junk.strip() not in doc.to_json() or junk == "\u00a0"
    assert "\\u00a0" not in doc.to_json()
    assert len(_paragraphs(doc)) == 2 if junk not in ("Related", "© 2023 Example News") else 1


def test_chrome_word_inside_prose_is_kept() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could", "Advertisement revenue at the harbour fell by half that winter.\n\nNobody could"
    )
    assert "Advertisement revenue at the harbour" in _body(_text(page))


def test_windows_1251_plain_text() -> None:
    text = (
        "Зима в гавани\nАвтор: Анна Лис\n\n"
        "Гавань замёрзла впервые за сорок лет, и паромы неделю стояли у причала.\n\n"
        "Ловля возобновилась в понедельник."
    )
    doc = read_text(text.encode("cp1251"))
    assert doc.metadata.title == "Зима в гавани"
    assert doc.metadata.authors == ("Анна Лис",)
    assert doc.metadata.language == "ru"


def test_page_without_header_takes_first_line_as_title() -> None:
    doc = _text("Just a note\n\nSome words written without any page around them, as a plain file.")
    assert doc.metadata.title == "Just a note"
    assert doc.metadata.language == "en"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", "\u00a0\n\u00a0\n".encode()])
def test_empty_input_raises(data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^empty\.txt: "):
        read_text(data, name="empty.txt")


def test_binary_input_raises() -> None:
    with pytest.raises(ReadError, match=r"^photo\.png: "):
        read_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", name="photo.png")


def test_related_line_with_article_text_after_it_does_not_end_the_article() -> None:
    long_paragraph = (
        "The harbour master says the ice was thickest by the east quay, where the river water meets "
        "the sea, and that two of the older boats had their planking damaged before the crews could "
        "break them free with poles and a borrowed tractor from the farm above the village."
    )
    page = PAGE.format(ref="", notes=f"Related\n\n{long_paragraph}\n\nRelated\n\nAnother story entirely")
    body = _body(_text(page))
    assert long_paragraph in body
    assert "Another story entirely" not in body
    assert "Related" not in body


def test_wikipedia_style_notes_with_caret() -> None:
    page = PAGE.format(ref="[1]", notes="References\n1. ^ The harbour master's log records it.")
    assert _notes(_text(page)) == [("fn1", "1", "The harbour master's log records it.")]


def test_a_line_in_quotation_marks_is_not_a_heading() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could", "“It has never been this cold”\n\nNobody could"
    )
    doc = _text(page)
    assert _headings(doc) == []
    assert "“It has never been this cold”" in [_plain(p) for p in _paragraphs(doc)]


def test_heading_ending_with_exclamation_mark() -> None:
    page = PAGE.format(ref="", notes="").replace("Nobody could", "Frozen solid!\n\nNobody could")
    assert _headings(_text(page)) == ["Frozen solid!"]


@pytest.mark.parametrize(
    "line",
    [
        "By Ann Lee, 9 June 2023",
        "By Ann Lee on 9 June 2023",
        "By Ann Lee | June 9, 2023",
        "By Ann Lee · 9 June 2023 · 5 min read",
        "Published 9 June 2023, 08:30 BST | By Ann Lee",
    ],
)
def test_byline_and_date_on_one_line(line: str) -> None:
    page = f"A harbour in winter\n{line}\n\n" + PAGE.split("\n\n", 1)[1].format(ref="", notes="")
    doc = _text(page)
    assert (doc.metadata.authors, doc.metadata.date) == (("Ann Lee",), "2023-06-09")
    assert "Ann Lee" not in _body(doc)


def test_note_marker_at_the_end_of_a_short_paragraph_is_not_a_heading() -> None:
    page = PAGE.format(ref="", notes="[1] A note.").replace(
        "Nobody could remember the last time it happened.", "Nobody remembered it. Not once.[1]"
    )
    doc = _text(page)
    assert _headings(doc) == []
    assert _note_places(doc) == {"fn1": "Nobody remembered it. Not once"}


_FRAGMENTS = [
    "• Home", "  • News", "18 April 2024", "By Jane Doe", "Photo: X", "Image: Y", "[1]", "[1] A note.",
    "[2] x", "Notes", "- a", "* b", "1. one", "2) two", "> quoted", "“Quoted.”", "— Name", "Share this:",
    "Advertisement", "\u00a0", "", "", "The harbour froze for the first time in forty years, they said.",
    "Why?", "short line", "Related", "© 2024 X", "https://x.example/a", "Source: https://y.example/",
    "respect[ed]", "[sic]", "Примечания", "Автор: Иван", "12 марта 2023", "Ծանոթագրություններ", "ə",
    "\t", "   ", "[", "]", "[1][2]", "Hello¹ there.", "¹ Superscript note.",
]  # fmt: skip


@given(
    st.lists(
        st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=40)),
        max_size=40,
    )
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_reads_or_raises_read_error(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    try:
        doc = read_text(data, name="fuzz.txt")
    except ReadError as exc:
        error = str(exc)
        doc = None
    if doc is None:
        assert error.startswith("fuzz.txt: ")
        return
    assert read_text(data, name="fuzz.txt") == doc
    assert Document.from_json(doc.to_json()) == doc


def test_caption_and_copyright_labels_of_news_sites() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could",
        "Image copyright Getty Images\nImage caption Boats frozen in at the east quay\n\n"
        "Media caption The harbour master describes the ice\n\nNobody could",
    )
    doc = _text(page)
    assert _figures(doc) == [
        ("Boats frozen in at the east quay", "Getty Images", None),
        ("The harbour master describes the ice", None, None),
    ]
    for label in ("Image caption", "Media caption", "Image copyright"):
        assert label not in doc.to_json()


@pytest.mark.parametrize("line", ["10:30", "1:39 PM ET", "March 18 at 3:57 PM"])
def test_time_lines_are_dropped(line: str) -> None:
    page = PAGE.format(ref="", notes="").replace("Nobody could", f"{line}\n\nNobody could")
    assert line not in _text(page).to_json()


@pytest.mark.parametrize(
    ("line", "authors", "date"),
    [
        ("Thursday 18 April 2024 10.30 BST", (), "2024-04-18"),
        ("April 18, 2024 · 6 min read", (), "2024-04-18"),
        ("Published on 18 April 2024", (), "2024-04-18"),
        ("Posted by Jane Doe on April 18, 2024", ("Jane Doe",), "2024-04-18"),
        ("Jane Doe · April 18, 2024", ("Jane Doe",), "2024-04-18"),
        ("18 April 2024 | Features", (), "2024-04-18"),
        ("Опубликовано 18.04.2024 в 10:30", (), "2024-04-18"),
        ("Yayımlanma: 18.04.2024", (), "2024-04-18"),
        ("Last modified on Thu 18 Apr 2024 12.00 BST", (), "2024-04-18"),  # only an update date
    ],
)
def test_dateline_forms(line: str, authors: tuple[str, ...], date: str) -> None:
    page = f"A harbour in winter\n{line}\n\n" + PAGE.split("\n\n", 1)[1].format(ref="", notes="")
    doc = _text(page)
    assert (doc.metadata.authors, doc.metadata.date) == (authors, date)
    assert "2024" not in _body(doc)


def test_published_date_wins_over_updated() -> None:
    page = "A harbour in winter\nUpdated 20 April 2024\nPublished 18 April 2024\n\n" + PAGE.split("\n\n", 1)[
        1
    ].format(ref="", notes="")
    assert _text(page).metadata.date == "2024-04-18"


def test_list_items_separated_by_blank_lines() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could", "1. Clear the slipway.\n\n2. Break the ice by the hulls.\n\n3. Wait.\n\nNobody could"
    )
    lists = [b for b in _text(page).blocks if isinstance(b, ListBlock)]
    assert [(lst.ordered, [" ".join(_plain(x) for x in item) for item in lst.items]) for lst in lists] == [
        (True, ["Clear the slipway.", "Break the ice by the hulls.", "Wait."])
    ]


def test_numbered_heading() -> None:
    page = PAGE.format(ref="", notes="").replace("Nobody could", "2. The long thaw\n\nNobody could")
    assert _headings(_text(page)) == ["2. The long thaw"]


def test_short_lines_at_the_end_are_paragraphs_not_headings() -> None:
    page = PAGE.format(ref="", notes="Thanks to the harbour master\n\nAnd to the crews")
    doc = _text(page)
    assert _headings(doc) == []
    assert [_plain(p) for p in _paragraphs(doc)][-2:] == ["Thanks to the harbour master", "And to the crews"]


def test_superscript_markers_only_with_superscript_notes() -> None:
    page = PAGE.format(ref="¹ It covers 40 m² of quay.", notes="¹ The harbour master's log records it.")
    doc = _text(page)
    assert _notes(doc) == [("fn1", "1", "The harbour master's log records it.")]
    assert _note_places(doc) == {"fn1": "Fishing resumed on Monday, as "}
    assert "40 m² of quay" in _body(doc)
    plain = _text(PAGE.format(ref=" It covers 40 m² of quay.[2]", notes="[2] A note."))
    assert "40 m² of quay" in _body(plain)


def test_hyphen_at_a_line_end_is_kept_without_a_space() -> None:
    page = PAGE.format(ref="", notes="").replace(
        "Nobody could remember the last time it happened.",
        "Nobody could remember the last time it happened, said the ninety-\nsix-year-old harbour master.",
    )
    assert "the ninety-six-year-old harbour master." in _body(_text(page))


def test_title_named_by_a_shortened_breadcrumb() -> None:
    page = (
        "• Home\n• News\n• The harbour froze for the first…\n"
        "The harbour froze for the first time in forty years\n"
        "Our Town Weekly: news from the bay and the hills since 1921\n9 June 2023\n\n"
        + PAGE.split("\n\n", 1)[1].format(ref="", notes="")
    )
    assert _text(page).metadata.title == "The harbour froze for the first time in forty years"


def test_numbered_notes_without_heading_when_the_body_cites_exactly_them() -> None:
    page = PAGE.format(ref="[1][2]", notes="1. The harbour master's log.\n2. The ferry company's records.")
    assert [(n.label, " ".join(_plain(b) for b in n.blocks)) for n in _text(page).footnotes] == [
        ("1", "The harbour master's log."),
        ("2", "The ferry company's records."),
    ]
    # a list whose numbers are not exactly the markers cited stays a list
    other = _text(PAGE.format(ref="[1]", notes="1. Clear the slipway.\n2. Wait."))
    assert other.footnotes == ()
    assert [b.ordered for b in other.blocks if isinstance(b, ListBlock)] == [True]
    assert "would.[1]" in _body(other)


def test_terminal_colour_codes_are_cleaned_at_read_time_with_a_warning() -> None:
    """Before, the text reader kept an ANSI escape and the TEI writer refused the document
    later with a message naming no file (issue 11)."""
    from archivepub.errors import ArchivepubWarning
    from archivepub.writers.tei import write_tei

    data = (
        b"A title\n\n\x1b[1;31mBreaking:\x1b[0m the harbour flooded overnight, and the boats were moved"
        b" inland by noon.\x00\n\nThe water went down by evening, and the market opened again the next"
        b" day as usual.\n"
    )
    with pytest.warns(ArchivepubWarning, match="removed 11 control characters"):
        doc = read_text(data)
    text = doc.to_json()
    assert "Breaking: the harbour" in text
    assert "[31m" not in text
    assert "\\u001b" not in text
    assert "Breaking: the harbour" in write_tei(doc)
