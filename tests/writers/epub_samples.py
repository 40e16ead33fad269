# ruff: noqa: RUF001  (the samples are Russian, Armenian and Azerbaijani text)
"""Sample articles for the EPUB writer's tests and benchmark: an English original and its
Russian, Armenian and Azerbaijani translations, built in code with ``make_document``.

The text is written for these tests. The local image is a PNG made with the standard library.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

from archivepub.model import (
    Block,
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Metadata,
    ModelInfo,
    NoteRef,
    Paragraph,
    Provenance,
    Quote,
    Strong,
    Text,
    make_document,
)

__all__ = [
    "LANGUAGES",
    "LOCAL_IMAGE",
    "REMOTE_IMAGE",
    "SOURCE_URL",
    "english",
    "png_bytes",
    "sample",
    "translation",
]

SOURCE_URL = "https://harbour-archive.example.org/stories/lighthouse-logbooks"
LOCAL_IMAGE = "images/logbook.png"
REMOTE_IMAGE = "https://images.example.org/keeper-house.jpg"
LANGUAGES = ("en", "ru", "hy", "az-Latn")


def png_bytes(width: int = 8, height: int = 6) -> bytes:
    """Return a small valid RGB PNG (a colour gradient), made with zlib and struct only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 30 % 256, y * 40 % 256, 120)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _p(*parts: Inline | str) -> Paragraph:
    return Paragraph(content=tuple(Text(p) if isinstance(p, str) else p for p in parts))


# The texts of each language, in the same structure; (key) marks a note reference.
_TEXTS: dict[str, dict[str, object]] = {
    "en": {
        "title": "The Lighthouse Logbooks",
        "subtitle": "Forty years of weather, ships and small events, written down by three keepers.",
        "h1": "A shelf of notebooks",
        "p1": (
            "The logbooks arrived in a crate of ",
            ("em", "damp"),
            " cardboard.",
            ("note", "a"),
            " They cover 1931 to 1971.",
        ),
        "p2": ("Each entry gives the ", ("strong", "wind"), ", the sea and any passing ship.", ("note", "b")),
        "quote": "Fog since noon. Horn sounded every two minutes. No ships seen.",
        "h2": "What the keepers noticed",
        "item1": ("Storms, with the hour they began", ("note", "c")),
        "item2": ("Ships by name, when the keeper could read it",),
        "p3": (
            "The archive keeps a ",
            ("link", "https://harbour-archive.example.org/catalogue?id=17&lang=en", "catalogue entry"),
            " and the ",
            ("link", "#h1", "first section"),
            " explains the shelf.",
            ("note", "b"),
        ),
        "cap1": ("A page from the 1952 logbook", ("note", "d")),
        "cap2": ("The keeper's house, seen from the pier",),
        "cap3": ("A drawing of the lamp, now lost",),
        "credit1": "Harbour Archive",
        "credit2": "Photo: M. Salter",
        "credit3": "Keeper's sketchbook",
        "alt1": "Handwritten logbook page",
        "alt2": "A stone house by the sea",
        "note_a": "The crate was opened in 2019.",
        "note_b": "Ships were named in full only after 1946.",
        "note_c": "Times were written in local time.",
        "note_d": "The page shows the storm of 14 March.",
    },
    "ru": {
        "title": "Вахтенные журналы маяка",
        "subtitle": "Сорок лет погоды, кораблей и мелких событий, записанных тремя смотрителями.",
        "h1": "Полка с тетрадями",
        "p1": (
            "Журналы прибыли в ящике из ",
            ("em", "сырого"),
            " картона.",
            ("note", "a"),
            " Они охватывают 1931–1971 годы.",
        ),
        "p2": ("В каждой записи указаны ", ("strong", "ветер"), ", море и проходившие суда.", ("note", "b")),
        "quote": "Туман с полудня. Ревун каждые две минуты. Судов не видно.",
        "h2": "Что замечали смотрители",
        "item1": ("Штормы и час, когда они начались", ("note", "c")),
        "item2": ("Названия судов, если смотритель мог их прочесть",),
        "p3": (
            "В архиве есть ",
            ("link", "https://harbour-archive.example.org/catalogue?id=17&lang=ru", "карточка каталога"),
            ", а ",
            ("link", "#h1", "первый раздел"),
            " описывает полку.",
            ("note", "b"),
        ),
        "cap1": ("Страница журнала 1952 года", ("note", "d")),
        "cap2": ("Дом смотрителя, вид с пирса",),
        "cap3": ("Рисунок фонаря, ныне утраченного",),
        "credit1": "Портовый архив",
        "credit2": "Фото: М. Солтер",
        "credit3": "Альбом смотрителя",
        "alt1": "Рукописная страница журнала",
        "alt2": "Каменный дом у моря",
        "note_a": "Ящик вскрыли в 2019 году.",
        "note_b": "Полные названия судов записывали только после 1946 года.",
        "note_c": "Время указано местное.",
        "note_d": "На странице описан шторм 14 марта.",
    },
    "hy": {
        "title": "Փարոսի մատյանները",
        "subtitle": "Քառասուն տարվա եղանակ, նավեր և մանր դեպքեր՝ գրառված երեք պահապանների կողմից։",
        "h1": "Տետրերի դարակը",
        "p1": (
            "Մատյանները եկան ",
            ("em", "խոնավ"),
            " ստվարաթղթե արկղով։",
            ("note", "a"),
            " Դրանք ընդգրկում են 1931–1971 թվականները։",
        ),
        "p2": ("Ամեն գրառում նշում է ", ("strong", "քամին"), ", ծովը և անցնող նավերը։", ("note", "b")),
        "quote": "Մառախուղ կեսօրից։ Շչակը հնչեց ամեն երկու րոպեն։ Նավեր չեն երևացել։",
        "h2": "Ինչ էին նկատում պահապանները",
        "item1": ("Փոթորիկները և դրանց սկսվելու ժամը", ("note", "c")),
        "item2": ("Նավերի անունները, երբ պահապանը կարող էր կարդալ",),
        "p3": (
            "Արխիվն ունի ",
            ("link", "https://harbour-archive.example.org/catalogue?id=17&lang=hy", "կատալոգային գրառում"),
            ", իսկ ",
            ("link", "#h1", "առաջին բաժինը"),
            " նկարագրում է դարակը։",
            ("note", "b"),
        ),
        "cap1": ("Էջ 1952 թվականի մատյանից", ("note", "d")),
        "cap2": ("Պահապանի տունը՝ նավամատույցից",),
        "cap3": ("Լապտերի գծանկարը, այժմ կորած",),
        "credit1": "Նավահանգստի արխիվ",
        "credit2": "Լուսանկարը՝ Մ. Սոլթեր",
        "credit3": "Պահապանի ալբոմ",
        "alt1": "Ձեռագիր մատյանի էջ",
        "alt2": "Քարե տուն ծովի մոտ",
        "note_a": "Արկղը բացվել է 2019 թվականին։",
        "note_b": "Նավերի լրիվ անունները գրվում էին միայն 1946-ից հետո։",
        "note_c": "Ժամերը գրված են տեղական ժամանակով։",
        "note_d": "Էջում նկարագրված է մարտի 14-ի փոթորիկը։",
    },
    "az-Latn": {
        "title": "Mayak jurnalları",
        "subtitle": "Üç mayakçının qeyd etdiyi qırx illik hava, gəmilər və kiçik hadisələr.",
        "h1": "Dəftər rəfi",
        "p1": (
            "Jurnallar ",
            ("em", "nəm"),
            " karton qutuda gəldi.",
            ("note", "a"),
            " Onlar 1931–1971-ci illəri əhatə edir.",
        ),
        "p2": ("Hər qeyddə ", ("strong", "külək"), ", dəniz və keçən gəmilər yazılıb.", ("note", "b")),
        "quote": "Günortadan duman. Siqnal hər iki dəqiqədən bir çalındı. Gəmi görünmədi.",
        "h2": "Mayakçılar nəyə diqqət edirdi",
        "item1": ("Fırtınalar və başladıqları saat", ("note", "c")),
        "item2": ("Mayakçı oxuya bildikdə gəmilərin adları",),
        "p3": (
            "Arxivdə ",
            ("link", "https://harbour-archive.example.org/catalogue?id=17&lang=az", "kataloq qeydi"),
            " var, ",
            ("link", "#h1", "birinci bölmə"),
            " isə rəfi təsvir edir.",
            ("note", "b"),
        ),
        "cap1": ("1952-ci il jurnalından bir səhifə", ("note", "d")),
        "cap2": ("Mayakçının evi, körpüdən görünüş",),
        "cap3": ("Fənərin rəsmi, indi itib",),
        "credit1": "Liman arxivi",
        "credit2": "Foto: M. Salter",
        "credit3": "Mayakçının albomu",
        "alt1": "Əlyazma jurnal səhifəsi",
        "alt2": "Dəniz kənarında daş ev",
        "note_a": "Qutu 2019-cu ildə açıldı.",
        "note_b": "Gəmilərin tam adları yalnız 1946-dan sonra yazılırdı.",
        "note_c": "Saatlar yerli vaxtla yazılıb.",
        "note_d": "Səhifədə 14 mart fırtınası təsvir olunur.",
    },
}


def _inlines(parts: object) -> tuple[Inline, ...]:
    assert isinstance(parts, tuple)
    out: list[Inline] = []
    for part in parts:
        if isinstance(part, str):
            out.append(Text(part))
        elif part[0] == "em":
            out.append(Emphasis((Text(part[1]),)))
        elif part[0] == "strong":
            out.append(Strong((Text(part[1]),)))
        elif part[0] == "note":
            out.append(NoteRef(part[1]))
        elif part[0] == "link":
            out.append(Link(part[1], (Text(part[2]),)))
    return tuple(out)


def _build(lang: str, mark: Callable[[Block], Block]) -> tuple[list[Block], list[DraftNote]]:
    t = _TEXTS[lang]
    s = str
    blocks: list[Block] = [
        Heading(level=2, content=(Text(s(t["h1"])),)),
        Paragraph(content=_inlines(t["p1"])),
        Figure(src=LOCAL_IMAGE, alt=s(t["alt1"]), caption=_inlines(t["cap1"]), credit=s(t["credit1"])),
        Paragraph(content=_inlines(t["p2"])),
        Quote(blocks=(_p(s(t["quote"])),)),
        Heading(level=2, content=(Text(s(t["h2"])),)),
        ListBlock(
            ordered=False,
            items=((Paragraph(content=_inlines(t["item1"])),), (Paragraph(content=_inlines(t["item2"])),)),
        ),
        Figure(src=REMOTE_IMAGE, alt=s(t["alt2"]), caption=_inlines(t["cap2"]), credit=s(t["credit2"])),
        Paragraph(content=_inlines(t["p3"])),
        Figure(src=None, caption=_inlines(t["cap3"]), credit=s(t["credit3"])),
    ]
    # labels as the page shows them: numbered in order of first reference (a, d, b, c)
    notes = [DraftNote(key, str(n), (_p(s(t[f"note_{key}"])),)) for n, key in enumerate("adbc", start=1)]
    return [mark(b) for b in blocks], notes


def english() -> Document:
    """Return the English original."""
    blocks, notes = _build("en", lambda b: b)
    meta = Metadata(
        title=str(_TEXTS["en"]["title"]),
        subtitle=str(_TEXTS["en"]["subtitle"]),
        authors=("Ada Marlow", "Tomas Reed"),
        date="2024-04-18",
        language="en",
        site_name="Harbour Archive",
        source_url=SOURCE_URL,
    )
    return make_document(meta, blocks, notes)


_MODEL = ModelInfo(name="opus-mt-en-xx-tiny", engine="ctranslate2", version="4.5.0", license="CC-BY-4.0")


def translation(lang: str) -> Document:
    """Return the translation into ``lang`` (ru, hy or az-Latn), with translators and provenance.

    Headings are marked reviewed, other blocks machine output of :data:`_MODEL`.
    """

    def mark(block: Block) -> Block:
        from dataclasses import replace

        if isinstance(block, Heading):
            return replace(block, provenance=(Provenance(origin="reviewed"),))
        if isinstance(block, Paragraph | Figure):
            return replace(block, provenance=(Provenance(origin="machine", model=_MODEL.name),))
        return block

    blocks, notes = _build(lang, mark)
    translators = {"ru": ("Irina Volkova",), "hy": ("Anahit Sargsyan",), "az-Latn": ("Leyla Mammadova",)}
    meta = Metadata(
        title=str(_TEXTS[lang]["title"]),
        subtitle=str(_TEXTS[lang]["subtitle"]),
        authors=("Ada Marlow", "Tomas Reed"),
        date="2024-04-18",
        language=lang,
        site_name="Harbour Archive",
        source_url=SOURCE_URL,
        source_language="en",
        translators=translators[lang],
        models=(_MODEL,),
    )
    return make_document(meta, blocks, notes)


def sample(lang: str) -> Document:
    """Return the sample in ``lang``: the original for ``en``, else a translation."""
    return english() if lang == "en" else translation(lang)
