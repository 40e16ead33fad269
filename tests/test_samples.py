# ruff: noqa: RUF001  (the samples are in Russian and Armenian: their letters are meant)
"""The bundled archive: every fact each sample article holds, read back through ``archivepub.read``.

These are the acceptance tests of the readers. Each sample under ``archive/`` was written for
archivepub and its facts are listed below by hand: metadata, the standfirst, headings, the
number of body paragraphs, quotes and lists, figures with caption and credit apart, which
paragraph every note is referenced from, the notes' labels and texts, the links (absolute), and
strings of page furniture that must not survive anywhere in the archival JSON.

Figure ``src`` is kept as the page writes it: a relative path names an asset stored beside the
source in the article's folder (see ``docs/archive.md``), so it is not resolved against the
page's address the way links are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest

import archivepub
from archivepub.model import (
    Document,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    descend,
    iter_inlines,
    plain_text,
)
from archivepub.model.walk import inline_content

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"


@dataclass(frozen=True)
class FigureFacts:
    caption: str
    credit: str
    src: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class NoteFacts:
    paragraph: str  #: the first words of the body paragraph that refers to the note
    label: str
    text: str


@dataclass(frozen=True)
class Sample:
    article: str  #: folder under archive/
    file: str
    url: str | None
    title: str
    subtitle: str
    authors: tuple[str, ...]
    date: str
    language: str
    site_name: str | None
    source_url: str | None
    headings: tuple[tuple[int, str], ...]
    paragraphs: int  #: top-level body paragraphs (not those inside quotes, lists or notes)
    figures: tuple[FigureFacts, ...]
    notes: tuple[NoteFacts, ...]
    links: tuple[tuple[str, str], ...]  #: (link text, absolute URL), body and notes
    boilerplate: tuple[str, ...]  #: must appear nowhere in the JSON
    kept: tuple[str, ...] = ()  #: must appear in the body text as written
    quotes: tuple[str, ...] = ()  #: plain text of each quote
    lists: tuple[tuple[bool, tuple[str, ...]], ...] = ()  #: (ordered, item texts)
    emphasis: tuple[str, ...] = field(default=())
    strong: tuple[str, ...] = field(default=())

    @property
    def path(self) -> Path:
        return ARCHIVE / self.article / self.file


ENGLISH = Sample(
    article="coastal-archives",
    file="article.html",
    url=None,  # the page has a <base href>, so relative links resolve without one
    title="The harbour remembers: saving a century of coastal records",
    subtitle=(
        "As the sea creeps closer, a small team in Port Ellery is racing to digitise ledgers, charts "
        "and photographs before the water reaches the basement."
    ),
    authors=("Maren Holt", "Tomasz Wierzbicki"),
    date="2024-06-09",
    language="en",
    site_name="The Tidewater Review",
    source_url="https://www.tidewater-review.example/culture/2024/06/coastal-archives",
    headings=(
        (2, "A ledger for every tide"),
        (2, "The photographs nobody catalogued"),
        (2, "Moving inland"),
    ),
    paragraphs=10,
    figures=(
        FigureFacts(
            src="images/harbour.png",
            alt="Rows of bound ledgers on low metal shelves in a basement",
            caption=(
                "Ledgers on the lowest shelf of the harbour office basement, a few centimetres above "
                "last winter's flood line."
            ),
            credit="Ana Ribeiro",
        ),
        FigureFacts(
            src="images/quay-1952.png",
            alt="A crowded quay with a steam crane and a moored cargo ship",
            caption=(
                "The east quay during the herring season, probably in 1952; the crane was dismantled "
                "two years later."
            ),
            credit="Port Ellery Maritime Museum",
        ),
    ),
    notes=(
        NoteFacts(
            "Calloway leads a team",
            "1",
            "The estimate comes from a survey carried out for the county record office in 2019, "
            "which counted boxes rather than items.",
        ),
        NoteFacts(
            "For climate researchers",
            "2",
            "The laboratory's method compares the harbourmasters' weather remarks with barometric "
            "readings kept at the lighthouse; see its interview with the Review.",
        ),
        NoteFacts(
            "Dating a picture by its crane",
            "3",
            "The steam crane in the east quay photographs was installed in 1936 and taken down in "
            "1954, according to the harbour board's minutes.",
        ),
        NoteFacts(
            "The scans will be published",
            "4",
            'Volunteers call him "the spider" because of his looping capitals; a crib sheet of his '
            "letter forms now hangs in the scanning room.",
        ),
    ),
    links=(
        ("Northern Coastal Laboratory", "https://www.example-university.test/coastal-lab"),
        ("online archive portal", "https://www.tidewater-review.example/archives/port-ellery/"),
        ("interview with the Review", "https://www.tidewater-review.example/science/2023/09/storm-ledgers"),
    ),
    boilerplate=(
        "cookies",
        "Accept all",
        "Skip to main content",
        "Subscribe",
        "Search the Review",
        "Podcasts",
        "Heritage",
        "Facebook",
        "Twitter",
        "Copy link",
        "Share",
        "Advertisement",
        "renderAd",
        "Read more",
        "lighthouse logbooks",
        "Weekend Tide",
        "Sign me up",
        "More from Culture",
        "Topics:",
        "All rights reserved",
        "Privacy policy",
        "gtag",
        "dataLayer",
        "javascript",
        "onclick",
        "↩",
        "By Maren",
        "08.30 BST",
        "footnote-back",
    ),
    kept=('"We measure it with a pencil mark on the door frame," says archivist Ruth Calloway.',),
    quotes=(
        "Every entry is a small weather report written by someone who had no idea we would ever read it.",
    ),
    lists=(
        (
            False,
            (
                "no adhesive tape of any kind, even on a detached page;",
                "no flattening of a rolled chart without a humidification chamber;",
                "no volume leaves the building without a signed condition report.",
            ),
        ),
    ),
    emphasis=("last years of sail",),
    strong=("condition report",),
)

TEXT = Sample(
    article="three-alphabets",
    file="article.txt",
    url=None,
    title="Letters in three alphabets: the volunteers reading a family's century of post",
    subtitle=(
        "A box of 212 letters, written in Armenian, Russian and French between 1911 and 1979, has "
        "become a small school for translators in a Lyon suburb."
    ),
    authors=("Lusine Petrosyan",),
    date="2024-04-18",
    language="en",
    site_name=None,
    source_url=None,
    headings=((2, "Who reads a letter twice?"), (2, "A shared glossary")),
    paragraphs=10,
    figures=(
        FigureFacts(
            caption=(
                "A page from a 1932 letter, in Armenian script, with Russian notes added in pencil in "
                "the margin."
            ),
            credit="Vahé Der-Karapetian",
        ),
        FigureFacts(
            caption="An envelope posted in Leninakan in 1958, with a censor's mark on the reverse.",
            credit="Bibliothèque municipale de Vénissieux",
        ),
    ),
    notes=(
        NoteFacts(
            "Spelling is left as it was written",
            "1",
            'The French word for factory is "fabrique"; "fabrik" is the Russian and German spelling, '
            "which suggests which languages she was thinking in.",
        ),
        NoteFacts(
            "Three alphabets mean three sets",
            "2",
            "The glossary follows the Library of Congress romanization tables for Armenian and "
            "Russian, with exceptions for names that the family itself spelled in French.",
        ),
        NoteFacts(
            "The second volunteer to join",
            "3",
            "Both letters carry the same three-digit censor's number, stamped in violet ink on the "
            "back of the envelope.",
        ),
    ),
    links=(),
    boilerplate=(
        "•",
        "Home",
        "Features",
        "Share this",
        "Advertisement",
        "18 April 2024",
        "By Lusine",
        "Photo:",
        "Image:",
        "[1]",
        "[2]",
        "[3]",
    ),
    kept=(
        'the neighbours "have always respect[ed] the old church even when it was closed".',
        'thanks the town "for the bread and [for its peacekeepers] who stayed through the winter"',
        'writes that she has found work "in a fabrik [sic] of silk"',
    ),
)

RUSSIAN_URL = "https://vestnik-goroda.example/kultura/2023/03/steklyannaya-pamyat/"

RUSSIAN = Sample(
    article="glass-negatives",
    file="article.html",
    url=RUSSIAN_URL,
    title="Стеклянная память: в Костроме оцифровывают негативы забытого фотографа",
    subtitle=(
        "Волонтёры городского музея за два года отсканировали почти три тысячи стеклянных негативов, "
        "которые почти век пролежали на чердаке старого ателье."
    ),
    authors=("Ирина Соколова",),
    date="2023-03-12",
    language="ru",
    site_name="Городской вестник",
    source_url=RUSSIAN_URL,
    headings=((2, "Кто снимал город"), (2, "Как работают волонтёры")),
    paragraphs=7,
    figures=(
        FigureFacts(
            src="images/negative.png",
            alt="Набережная Волги в половодье, снимок со стеклянного негатива",
            caption=(
                "Набережная во время половодья, около 1913 года. Отпечаток сделан со стеклянного "
                "негатива после реставрации."
            ),
            credit="Алексей Миронов",
        ),
    ),
    notes=(
        NoteFacts(
            "Довольно быстро выяснилось",
            "1",
            "Годы работы ателье установлены по адресным книгам губернского города за 1908–1931 годы.",
        ),
        NoteFacts(
            "Сканирование ведут по субботам",
            "2",
            "Каталог ведётся в открытой программе для музейного учёта; описание каждой пластинки "
            "включает размер, состояние и предполагаемую дату съёмки.",
        ),
        NoteFacts(
            "Самое трудное — атрибуция",
            "3",
            "Письма читателей хранятся в музее вместе с копиями снимков, о которых в них идёт речь.",
        ),
    ),
    links=(
        ("городской краеведческий музей", "https://vestnik-goroda.example/spravochnik/muzei/"),
        ("странице проекта", "https://vestnik-goroda.example/proekty/negativy/"),
    ),
    boilerplate=(
        "cookie",
        "Понятно",
        "Новости",
        "Афиша",
        "Главная",
        "Автор:",
        "Просмотров",
        "Поделиться",
        "ВКонтакте",
        "Реклама",
        "Примечания",
        "Теги",
        "Читайте также",
        "Подпишитесь",
        "Все права защищены",
        "Фото:",
        "[1]",
        "_gaq",
    ),
    kept=("«Фотографія П. Лебедева»", "«стеклянным проектом»"),
    emphasis=("первые автобусы",),
)

ARMENIAN = Sample(
    article="gyumri-newspapers",
    file="article.html",
    url=None,
    title="Գյումրիի հին թերթերը վերադառնում են ընթերցողին",
    subtitle=(
        "Քաղաքային գրադարանի աշխատակիցներն ու կամավորները երկու տարում թվայնացրել են ավելի քան "
        "հազար համար՝ 1920-ականներից մինչև 1960-ականներ։"
    ),
    authors=("Անի Մկրտչյան",),
    date="2023-10-05",
    language="hy",  # the page has no lang attribute: identified from the text
    site_name="Շիրակի լրաբեր",
    source_url="https://shirak-lraber.example/mshakuyt/hin-tertere",
    headings=((2, "Ինչու է սա կարևոր"),),
    paragraphs=5,
    figures=(
        FigureFacts(
            src="images/newspaper.png",
            alt="Հին թերթի դեղնած էջ",
            caption="Թերթի էջը թվայնացումից առաջ։",
            credit="Արմեն Հովհաննիսյան",
        ),
    ),
    notes=(
        NoteFacts("Թերթերը պատմում են", "1", "1926 թվականի երկրաշարժը ավերեց քաղաքի մեծ մասը։"),
        NoteFacts("Թվայնացված համարներն", "2", "Կայքում ներկայումս հասանելի է մոտ վեց հարյուր համար։"),
    ),
    links=(),
    boilerplate=(
        "Գլխավոր",
        "Լուրեր",
        "Կիսվել",
        "Facebook",
        "Telegram",
        "Ծանոթագրություններ",
        "↑",
        "Կարդացեք նաև",
        "Բոլոր իրավունքները",
        "Լուսանկարը՝",
        "Հեղինակ՝",
        "__analytics",
    ),
    kept=("«Թուղթը չի սպասում,— ասում է նա։— Ամեն ձմեռ մենք կորցնում ենք մի քանի էջ»։",),
)

AZERBAIJANI_URL = "https://kitabxana-xeberleri.example/2024/02/molla-nesreddin/"

AZERBAIJANI = Sample(
    article="molla-nasreddin",
    file="article.html",
    url=AZERBAIJANI_URL,  # relative links resolve against it (the page has no <base>)
    title="«Molla Nəsrəddin» jurnalının səhifələri yenidən oxuculara qayıdır",
    subtitle=(
        "Şəki kitabxanasının könüllüləri əsrin əvvəlində çıxan satirik jurnalın səhifələrini skan edir, "
        "mətnləri isə latın qrafikasına köçürürlər."
    ),
    authors=("Leyla Hüseynova",),
    date="2024-02-14",  # the visible <time datetime> (+04:00), not the UTC meta tag's day
    language="az",  # no lang attribute, no og:locale: identified from the text (not Turkish)
    site_name="Kitabxana Xəbərləri",
    source_url=AZERBAIJANI_URL,
    headings=((2, "Ərəb qrafikasından latın qrafikasına"), (2, "Hamı üçün açıq arxiv")),
    paragraphs=6,
    figures=(
        FigureFacts(
            src="images/jurnal-1907.png",
            alt="Jurnalın köhnə üz qabığı",
            caption="Jurnalın 1907-ci il nömrələrindən birinin üz qabığı.",
            credit="Rəşad Əliyev",
        ),
    ),
    notes=(
        NoteFacts(
            "«Molla Nəsrəddin» jurnalı 1906-cı ildə",
            "1",
            "Jurnal sonralar Təbrizdə və Bakıda da nəşr olunub; son nömrəsi 1931-ci ildə çıxıb.",
        ),
        NoteFacts("Rəqəmsal nüsxələr", "2", "Hazırda saytda təxminən dörd yüz nömrə var."),
    ),
    links=(("saytında", "https://kitabxana-xeberleri.example/reqemsal-arxiv/"),),
    boilerplate=(
        "Məzmuna keç",
        "Ana səhifə",
        "Haqqımızda",
        "Kateqoriyalar",
        "Müəllif:",
        "1 şərh",
        "Qeydlər",
        "↩",
        "Paylaş",
        "Facebook",
        "Oxşar yazılar",
        "Xan sarayı",
        "Etiketlər",
        "Babamın",
        "Cavab yazın",
        "E-poçt",
        "WordPress",
        "Foto:",
        "&#8211;",
    ),
    kept=("«Bəzən bir sözün mənasını tapmaq üçün saatlarla lüğətə baxırıq», — deyə o bildirir.",),
    strong=("iki dəfə",),
)

SAMPLES = (ENGLISH, TEXT, RUSSIAN, ARMENIAN, AZERBAIJANI)
IDS = [s.article for s in SAMPLES]


@pytest.fixture(scope="module", params=SAMPLES, ids=IDS)
def sample(request: pytest.FixtureRequest) -> Sample:
    s: Sample = request.param
    return s


_DOCS: dict[str, Document] = {}


def _read(sample: Sample) -> Document:
    if sample.article not in _DOCS:
        _DOCS[sample.article] = archivepub.read(sample.path, url=sample.url)
    return _DOCS[sample.article]


@pytest.fixture
def doc(sample: Sample) -> Document:
    return _read(sample)


def _paragraph(doc: Document, start: str) -> Paragraph:
    found = [b for b in doc.blocks if isinstance(b, Paragraph) and plain_text(b.content).startswith(start)]
    assert len(found) == 1, f"expected one body paragraph starting {start!r}, found {len(found)}"
    return found[0]


def _body_text(doc: Document) -> str:
    return "\n".join(plain_text(inline_content(b)) for b in descend(doc.blocks))


# --- every sample -------------------------------------------------------------------------


def test_the_archive_holds_exactly_these_samples() -> None:
    sources = sorted(p.relative_to(ARCHIVE).as_posix() for p in ARCHIVE.glob("*/article.*"))
    assert sources == sorted(f"{s.article}/{s.file}" for s in SAMPLES)


def test_metadata(sample: Sample, doc: Document) -> None:
    meta = doc.metadata
    assert meta.title == sample.title
    assert meta.subtitle == sample.subtitle
    assert meta.authors == sample.authors
    assert meta.date == sample.date
    assert meta.language == sample.language
    assert meta.site_name == sample.site_name
    assert meta.source_url == sample.source_url


def test_title_standfirst_and_byline_stay_out_of_the_body(sample: Sample, doc: Document) -> None:
    body = _body_text(doc)
    assert sample.title not in body
    assert sample.subtitle not in body
    for author in sample.authors:
        assert author not in body


def test_headings(sample: Sample, doc: Document) -> None:
    headings = [(b.level, plain_text(b.content)) for b in descend(doc.blocks) if isinstance(b, Heading)]
    assert headings == list(sample.headings)


def test_paragraph_count(sample: Sample, doc: Document) -> None:
    assert sum(isinstance(b, Paragraph) for b in doc.blocks) == sample.paragraphs


def test_quotes_and_lists(sample: Sample, doc: Document) -> None:
    quotes = [b for b in descend(doc.blocks) if isinstance(b, Quote)]
    found_quotes = [" ".join(plain_text(inline_content(b)) for b in descend(q.blocks)) for q in quotes]
    assert found_quotes == list(sample.quotes)
    lists = [b for b in descend(doc.blocks) if isinstance(b, ListBlock)]
    found = [
        (
            lst.ordered,
            tuple(" ".join(plain_text(inline_content(b)) for b in descend(item)) for item in lst.items),
        )
        for lst in lists
    ]
    assert found == list(sample.lists)


def test_emphasis_and_strong(sample: Sample, doc: Document) -> None:
    inlines = [n for b in descend(doc.blocks) for n in iter_inlines(inline_content(b))]
    assert [plain_text(n.content) for n in inlines if isinstance(n, Emphasis)] == list(sample.emphasis)
    assert [plain_text(n.content) for n in inlines if isinstance(n, Strong)] == list(sample.strong)


def test_figures_with_caption_and_credit_apart(sample: Sample, doc: Document) -> None:
    figures = [b for b in descend(doc.blocks) if isinstance(b, Figure)]
    assert len(figures) == len(sample.figures)
    for figure, facts in zip(figures, sample.figures, strict=True):
        assert plain_text(figure.caption) == facts.caption
        assert figure.credit == facts.credit
        assert figure.src == facts.src
        if facts.src is not None:
            assert figure.alt == facts.alt
            assert (sample.path.parent / facts.src).is_file(), "the image is stored beside the source"


def test_every_note_is_referenced_from_its_paragraph(sample: Sample, doc: Document) -> None:
    assert len(doc.footnotes) == len(sample.notes)
    refs_by_block = {
        b.id: [n.note for n in iter_inlines(inline_content(b)) if isinstance(n, NoteRef)]
        for b in descend(doc.blocks)
    }
    where = {note: block_id for block_id, notes in refs_by_block.items() for note in notes}
    assert len(where) == sum(len(v) for v in refs_by_block.values()), "each note is referenced once"
    for number, (note, facts) in enumerate(zip(doc.footnotes, sample.notes, strict=True), start=1):
        assert note.id == f"fn{number}"
        assert note.label == facts.label
        assert " ".join(plain_text(inline_content(b)) for b in descend(note.blocks)) == facts.text
        paragraph = _paragraph(doc, facts.paragraph)
        assert where.get(note.id) == paragraph.id, f"{note.id} belongs to the paragraph {facts.paragraph!r}"


def test_links_are_absolute(sample: Sample, doc: Document) -> None:
    blocks = [*descend(doc.blocks), *(b for n in doc.footnotes for b in descend(n.blocks))]
    links = [n for b in blocks for n in iter_inlines(inline_content(b)) if isinstance(n, Link)]
    assert [(plain_text(link.content), link.url) for link in links] == list(sample.links)
    for link in links:
        assert re.match(r"https?://[^/]+/", link.url), link.url


def test_no_boilerplate_anywhere(sample: Sample, doc: Document) -> None:
    text = doc.to_json()
    for junk in sample.boilerplate:
        assert junk not in text, f"{junk!r} survived in the JSON"


def test_text_kept_as_written(sample: Sample, doc: Document) -> None:
    body = _body_text(doc)
    for phrase in sample.kept:
        assert phrase in body


def test_reading_again_gives_the_same_document(sample: Sample, doc: Document) -> None:
    again = archivepub.read(sample.path.read_bytes(), url=sample.url)
    assert again.to_json() == doc.to_json()
    assert Document.from_json(doc.to_json()) == doc


# --- what only one sample shows -----------------------------------------------------------


def test_english_relative_links_need_no_url_because_of_base() -> None:
    assert ENGLISH.url is None
    doc = _read(ENGLISH)
    assert doc.metadata.source_url == ENGLISH.source_url


def test_text_editorial_brackets_are_not_notes() -> None:
    doc = _read(TEXT)
    labels = [n.label for n in doc.footnotes]
    assert labels == ["1", "2", "3"]
    body = _body_text(doc)
    for bracket in ("respect[ed]", "[for its peacekeepers]", "[sic]"):
        assert body.count(bracket) == 1


def test_text_no_blank_or_nbsp_blocks() -> None:
    doc = _read(TEXT)
    for block in descend(doc.blocks):
        text = plain_text(inline_content(block))
        if isinstance(block, Paragraph | Heading):
            assert text.strip(" \u00a0"), f"{block.id} is blank"


def test_russian_page_decodes_from_windows_1251() -> None:
    raw = RUSSIAN.path.read_bytes()
    assert b"charset=windows-1251" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = _read(RUSSIAN)
    assert "Ящики с негативами нашли в 2019 году" in _body_text(doc)


def test_russian_without_url_has_no_source_url() -> None:
    doc = archivepub.read(RUSSIAN.path)
    assert doc.metadata.source_url is None
    assert doc.metadata.title == RUSSIAN.title


@pytest.mark.parametrize("sample", [ARMENIAN, AZERBAIJANI], ids=["hy", "az"])
def test_language_identified_from_the_text(sample: Sample) -> None:
    raw = sample.path.read_text(encoding="utf-8")
    assert "lang=" not in raw
    assert "og:locale" not in raw
    assert '"inLanguage"' not in raw
    assert _read(sample).metadata.language == sample.language


def test_azerbaijani_relative_links_resolve_against_the_canonical_url_without_url() -> None:
    # no url= given: the page's canonical address (og:url) is the base, so that JSON, TEI and
    # EPUB all hold the same absolute link (docs/reading-html.md, "Links and images")
    doc = archivepub.read(AZERBAIJANI.path)
    links = [
        n.url for b in descend(doc.blocks) for n in iter_inlines(inline_content(b)) if isinstance(n, Link)
    ]
    assert links == [urljoin(AZERBAIJANI_URL, "/reqemsal-arxiv/")]
    assert doc.metadata.source_url == AZERBAIJANI_URL  # from og:url
