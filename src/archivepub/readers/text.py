"""Read a web page copied as plain text (select all, copy) into a Document.

The rules are documented for users in ``docs/reading-text.md``. In short: page chrome
(breadcrumbs, menus, share bars, adverts, cookie and newsletter lines, footers) is dropped;
the header gives the title, dateline and byline; the first paragraph after the title is the
standfirst; a caption line followed by a credit line is a figure; short unpunctuated lines
between paragraphs are headings; ``[1]`` markers with trailing ``[1] text`` lines are notes.
"""

# ruff: noqa: RUF001  (multilingual page chrome: Cyrillic, Armenian, Turkic words)

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from archivepub.errors import ReadError
from archivepub.model import (
    Block,
    Document,
    DraftNote,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Metadata,
    NoteRef,
    Paragraph,
    Quote,
    Text,
    child_blocks,
    make_document,
    normalize_space,
)
from archivepub.readers._byline import parse_byline
from archivepub.readers._credit import split_credit
from archivepub.readers._dates import find_date, parse_date
from archivepub.readers._encoding import decode
from archivepub.readers._language import identify_language
from archivepub.readers._text_layout import ascii_table, in_table, verse

__all__ = ["read_text"]

#: A standfirst longer than this is taken for the first body paragraph instead.
MAX_STANDFIRST = 600
#: Header lines after the title shorter than this (in words) are page furniture, not a standfirst.
MIN_STANDFIRST_WORDS = 5
#: Longest line (characters) that can be a heading.
MAX_HEADING = 120

# --- line kinds ---------------------------------------------------------------------------

_NBSP_ONLY = re.compile(r"[\s\u00a0\u200b\u2060\ufeff]*")
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<mark>[•·◦▪▸‣∙›»])\s*(?P<text>.*)$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<mark>[-*•◦▪‣∙])\s+(?P<text>\S.*)$")
_ORDERED_ITEM = re.compile(r"^(?P<indent>\s*)(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_QUOTE_LINE = re.compile(r"^\s*>\s?(?P<text>.*)$")
_NOTE_DEF = re.compile(
    r"^\s*(?:\[(?P<a>\d{1,3})\]|\^(?P<b>\d{1,3})|(?P<c>[¹²³⁴⁵⁶⁷⁸⁹⁰]+))[:.]?\s*(?P<text>\S.*)$"
)
_NOTE_DEF_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,3})(?:[.)]|\s)\s*(?P<text>\S.*)$")
_NOTE_REF = re.compile(r"\[(\d{1,3})\]")
_SUPERSCRIPT_REF = re.compile(r"(?<=[^\s\d¹²³⁴⁵⁶⁷⁸⁹⁰])([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_URL = re.compile(r"https?://[^\s<>\"'«»“”]+[^\s<>\"'«»“”.,;:!?)\]]")
# what _inlines turns into nodes: a note marker (group 1), a superscript (group 2), a URL
_INLINE_MARK = re.compile(rf"{_NOTE_REF.pattern}|{_SUPERSCRIPT_REF.pattern}|(?P<url>{_URL.pattern})")
_URL_LINE = re.compile(
    r"^\s*(?:(?:source|url|link|originally published at|source url|источник|ссылка|mənbə|աղբյուր)"
    r"\s*[:՝]?\s*)?"
    r"(?P<url>https?://\S+)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.…。։][\"'»”’)\]]*$|[.…։][\"'»”’)\]]*\s*(?:\[\d+\])+$")
_SOFT_END = re.compile(r"[.…!?;:,։][\"'»”’)\]]*$")

_NOTES_HEADINGS = {
    "notes", "note", "footnotes", "endnotes", "references", "notes and references", "sources",
    "примечания", "примечание", "сноски", "источники", "ссылки", "комментарии переводчика",
    "ծանոթագրություններ", "ծանոթագրություն", "ծանոթություններ", "աղբյուրներ",
    "qeydlər", "qeyd", "istinadlar", "mənbələr", "notlar", "kaynaklar",
    "anmerkungen", "fußnoten", "einzelnachweise", "quellen", "références", "notas", "referencias",
}  # fmt: skip

# Whole lines of page chrome (compared lowercased, without trailing ":" and spaces).
_CHROME_LINES = {
    # share bars
    "share", "share this", "share this article", "share this story", "share this page", "share on facebook",
    "share on twitter", "share on x", "share on linkedin", "share via email", "share article", "tweet",
    "facebook", "twitter", "x", "email", "e-mail", "mail", "whatsapp", "telegram", "linkedin",
    "pinterest", "reddit", "flipboard", "messenger", "vk", "vkontakte", "одноклассники", "ok",
    "print", "print this", "print article", "copy link", "copy", "link copied", "save", "save article",
    "bookmark", "gift this article", "comment", "comments", "leave a comment", "view comments",
    "show comments", "поделиться", "поделитесь", "распечатать", "копировать ссылку", "комментарии",
    "կիսվել", "տարածել", "մեկնաբանություններ", "paylaş", "bölüş", "paylaşın", "şərhlər", "yorumlar",
    "teilen", "partager", "compartir", "condividi",
    # adverts
    "advertisement", "advertisements", "advert", "ad", "ads", "sponsored", "sponsored content",
    "promoted", "paid content", "partner content", "реклама", "на правах рекламы", "գովազդ",
    "reklam", "anzeige", "publicité", "publicidad", "scroll to continue", "continue reading",
    "story continues below advertisement", "article continues below", "continue reading below",
    # navigation
    "skip to content", "skip to main content", "skip to navigation", "skip to footer", "skip",
    "jump to content", "menu", "main menu", "open menu", "close menu", "close", "search", "open search",
    "navigation", "toggle navigation", "home", "back", "back to top", "top", "go to top", "next",
    "previous", "next article", "previous article", "sign in", "sign up", "log in", "login",
    "log out", "register", "subscribe", "subscribe now", "my account", "account", "donate",
    "support us", "войти", "вход", "регистрация", "подписаться", "поиск", "меню", "главная",
    "наверх", "մուտք", "որոնում", "մենյու", "գլխավոր", "daxil ol", "axtar", "axtarış", "menyu",
    "ana səhifə", "giriş", "ara", "anasayfa",
    # audio and reading time
    "listen to this article", "listen", "listen to article", "play audio", "audio", "video",
    "image", "gallery", "view gallery", "open gallery", "enlarge", "enlarge image", "expand",
    "zoom", "fullscreen", "loading", "loading...", "прослушать", "слушать", "слушать статью",
    # related and more
    "related", "related articles", "related stories", "related content", "related topics",
    "read more", "read next", "read also", "more", "more stories", "more on this story",
    "you may also like", "you might also like", "you may be interested in", "recommended",
    "recommended for you", "most read", "most popular", "popular", "trending", "latest",
    "latest news", "top stories", "editor's picks", "читайте также", "также читайте",
    "смотрите также", "похожие статьи", "похожие материалы", "новости по теме", "по теме",
    "другие новости", "популярное", "самое читаемое", "последние новости", "еще по теме",
    "ещё по теме", "читайте нас", "կարդացեք նաև", "նմանատիպ նյութեր", "թեմայով", "ամենաընթերցվածը",
    "bunları da oxuyun", "oxşar xəbərlər", "digər xəbərlər", "ən çox oxunan", "son xəbərlər",
    "ilginizi çekebilir", "benzer haberler",
    # newsletters, cookies, footers
    "newsletter", "newsletters", "sign up to our newsletter", "sign up for our newsletter",
    "subscribe to our newsletter", "get the newsletter", "accept", "accept all", "accept cookies",
    "reject all", "decline", "manage preferences", "cookie settings", "cookie policy",
    "cookies", "privacy", "privacy policy", "privacy settings", "terms", "terms of use",
    "terms of service", "terms and conditions", "contact", "contact us", "about", "about us",
    "careers", "jobs", "advertise", "advertise with us", "help", "faq", "sitemap", "site map",
    "rss", "accessibility", "corrections", "all rights reserved", "follow us", "follow",
    "подписка", "рассылка", "контакты", "о нас", "политика конфиденциальности",
    "все права защищены", "կապ", "մեր մասին", "bütün hüquqlar qorunur", "əlaqə", "haqqımızda",
    "tags", "topics", "topic", "теги", "метки", "թեգեր", "etiketlər", "teqlər",
}  # fmt: skip

# Lines that start like chrome (lowercased); only lines of at most 300 characters.
_CHROME_PREFIX = re.compile(
    r"^(?:share this|share on|follow us|sign up (?:for|to) (?:our|the)|subscribe to (?:our|the)|"
    r"get (?:our|the) (?:newsletter|daily)|we use cookies|this (?:site|website) uses cookies|"
    r"by (?:continuing|using) (?:to use )?this (?:site|website)|"
    r"read more:|read also:|also read:|related:|читайте также:|смотрите также:|"
    r"мы используем (?:файлы )?cookie|сайт использует (?:файлы )?cookie|подписывайтесь на|"
    r"կարդացեք նաև[:՝]|հետևեք մեզ|bizi izləyin|ayrıca okuyun:|"
    r"listen to (?:this )?(?:article|story)|"
    r"tags:|topics:|filed under:?|теги:|метки:|рубрики?:|etiketlər:|teqlər:|թեգեր[:՝]|"
    r"photo \d+ of \d+|image \d+ of \d+|\d+ of \d+ (?:photos|images))",
    re.IGNORECASE,
)
# Short lines (menus, "More from Culture") that start like chrome: at most 60 characters.
_SHORT_CHROME_PREFIX = re.compile(
    r"^(?:more (?:from|on|in|stories from) |see (?:also|more)\b|follow\b|subscribe\b|sign up\b|"
    r"sign in\b|log in\b|download (?:the|our) app|get the app|advertisement\b|реклама\b|"
    r"ещё? (?:по теме|из рубрики)|все новости|подписаться на|daha çox|bütün xəbərlər|բոլոր նորությունները)",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^(?:(?:reading time|время чтения|oxuma müddəti|ընթերցման ժամանակը)\s*[:՝-]?\s*)?\d+\s*"
    r"(?:-?\s*(?:min(?:ute)?s?|мин(?:ут[аы]?)?\.?|dəq(?:iqə)?|րոպե)\.?)(?:\s+(?:read|reading|чтения|читать|oxu))?$",
    re.IGNORECASE,
)
_PHOTO_COUNT = re.compile(
    r"^(?:\d+\s*/\s*\d+|\d+\s+(?:photos?|images?|pictures|фото(?:графи[йи])?|լուսանկար|şəkil)|"
    r"(?:photos?|images?|фото|gallery)\s*:?\s*\d+(?:\s*/\s*\d+)?)$",
    re.IGNORECASE,
)
_COPYRIGHT_FOOTER = re.compile(
    r"^(?:©|\(c\)|copyright\b|&copy;)\s*(?:\d{4}|[^\d].*\ball rights reserved\b)", re.I
)
_UPDATED = re.compile(
    r"^(?:last\s+)?(?:updated|modified|обновлено|изменено|yenilənib|թարմացվել է|güncelleme|aktualisiert)\b",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"^(?:published|posted|first published|date|опубликовано|дата публикации|дата|"
    r"հրապարակված է|հրապարակվել է|dərc olunub|dərc edilib|tarix|yayınlanma|yayımlanma|yayın tarihi|"
    r"veröffentlicht|publié le)\b"
    r"\s*(?:on|at|:|՝)?\s*",
    re.IGNORECASE,
)
# Lines that end the article: what follows is another page's furniture (notes are still read).
_STOP_LINES = {
    "related", "related articles", "related stories", "related content", "read more", "read next",
    "more stories", "you may also like", "you might also like", "you may be interested in",
    "recommended", "recommended for you", "most read", "most popular", "popular", "trending",
    "top stories", "latest news", "more on this story", "читайте также", "также читайте",
    "похожие статьи", "похожие материалы", "новости по теме", "другие новости", "популярное",
    "самое читаемое", "последние новости", "еще по теме", "ещё по теме", "կարդացեք նաև",
    "նմանատիպ նյութեր", "ամենաընթերցվածը", "bunları da oxuyun", "oxşar xəbərlər", "digər xəbərlər",
    "ən çox oxunan", "son xəbərlər", "ilginizi çekebilir", "benzer haberler", "comments", "комментарии",
    "մեկնաբանություններ", "şərhlər",
}  # fmt: skip


def _key(text: str) -> str:
    """``text`` lowercased, without a trailing colon, its runs of white space made one space."""
    return " ".join(text.rstrip().rstrip(":՝ ").split()).lower()


# cookie banners' buttons and links: "Accept all cookies", "Cookie preferences"
_COOKIE_BUTTON = re.compile(
    r"\bcookies?\s+(?:settings|policy|preferences|notice|consent|choices)\b|"
    r"^(?:accept|reject|allow|manage|decline|customi[sz]e)\b.{0,30}\bcookies\b|"
    r"^(?:принять|отклонить)\b.{0,30}\bcookie|"
    r"^(?:qəbul et|imtina et)\b.{0,30}\bcookie|"
    r"^(?:ընդունել|մերժել)\b.{0,30}\bcookie",
)


# "10:30", "1:39 PM ET", "March 18 at 3:57 PM", "Updated 14:05 GMT": a time with no date
_TIME_ONLY = re.compile(
    r"^(?:(?:updated|posted|published)\s+)?(?:[^\W\d_]+\.?\s+\d{1,2},?\s+(?:at\s+)?)?\d{1,2}[:.]\d{2}"
    r"(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?$"
)


_SEPARATORS_ONLY = re.compile(r"[\W_]+")
_NOTE_MARK = re.compile(r"\[\d+\]")
_COMMENT_COUNT = re.compile(r"\d+\s+(?:comments?|комментари[йяев]+|şərh|մեկնաբանություն)")
_SHARE_SEPARATORS = re.compile(r"[\s|•·/,]+")


def _is_chrome(text: str, key: str | None = None) -> bool:
    """True for a whole line of page furniture (``key``: its :func:`_key`, when known)."""
    stripped = text.strip()
    if key is None:
        key = _key(stripped)
    if not key:
        return True
    if key in _CHROME_LINES or _TIME_ONLY.match(key):
        return True
    if len(key) <= 300 and _CHROME_PREFIX.match(key):
        return True
    if len(key) <= 60 and _SHORT_CHROME_PREFIX.match(key) and not _SENTENCE_END.search(key):
        return True
    if len(key) <= 80 and _COOKIE_BUTTON.search(key):
        return True
    if _SEPARATORS_ONLY.fullmatch(key) and not _NOTE_MARK.search(key):
        return True  # separators: "* * *", "---", "|", "•"
    if _READING_TIME.match(key) or _PHOTO_COUNT.match(key):
        return True
    if _COMMENT_COUNT.fullmatch(key):
        return True
    if _UPDATED.match(key) and find_date(stripped) is not None:
        return True
    # a row of share-button words: "Facebook Twitter Email", "Share | Tweet | Email"
    words = [w for w in _SHARE_SEPARATORS.split(key) if w]
    return len(words) >= 2 and all(w in _CHROME_LINES for w in words)


def _is_footer(text: str) -> bool:
    return bool(_COPYRIGHT_FOOTER.match(text.strip()))


# --- lines and groups ---------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    text: str  #: without trailing space, with leading indentation
    number: int  #: 1-based line number in the source

    @property
    def stripped(self) -> str:
        return self.text.strip()


def _lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    out: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.replace("\t", "    ").rstrip()
        if _NBSP_ONLY.fullmatch(raw):
            raw = ""  # lines holding only (no-break) spaces separate paragraphs
        out.append(_Line(raw, number))
    return out


def _groups(lines: Sequence[_Line]) -> list[list[_Line]]:
    """Split lines into runs of non-blank lines."""
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


# --- inline content -----------------------------------------------------------------------


_SUP = "sup:"  # in a set of note labels: "sup:1" means a superscript ¹ cites note 1


def _inlines(text: str, notes: set[str]) -> tuple[Inline, ...]:
    """Text with ``[n]`` (or superscript) markers of known notes as NoteRefs, URLs as links."""
    out: list[Inline] = []
    pos = 0
    for match in _INLINE_MARK.finditer(text):
        if match.group("url"):
            url = match.group("url")
            out.append(Text(text[pos : match.start()]))
            out.append(Link(url=url, content=(Text(url),)))
            pos = match.end()
            continue
        if match.group(1):
            label = match.group(1)
            known = label in notes
        else:  # a superscript, only where the notes are written with superscripts ("m²" is not)
            label = match.group(2).translate(_SUPERSCRIPTS)
            known = _SUP + label in notes
        if not known:
            continue  # "[1]" with no note, "[sic]", "respect[ed]": text as written
        out.append(Text(text[pos : match.start()]))
        out.append(NoteRef(note=label))
        pos = match.end()
    out.append(Text(text[pos:]))
    return tuple(node for node in out if not (isinstance(node, Text) and not node.text))


def _join(lines: Iterable[str]) -> str:
    """Join wrapped lines with spaces; after a hyphen that ends a line, before a small letter,
    no space is put ("ninety-" + "six" is "ninety-six": the hyphen is kept as written)."""
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        # only the last two characters are looked at: joining stays linear in the text's length
        if parts and re.search(r"\w-\Z", parts[-1][-2:]) and line[:1].islower():
            parts.append(line)
        else:
            parts.extend((" ", line) if parts else (line,))
    return "".join(parts)


# --- the header ---------------------------------------------------------------------------


def _words(text: str) -> int:
    return len(text.split())


def _is_prose(text: str) -> bool:
    """A line of running text: a sentence (or several) ending with a full stop."""
    text = text.strip()
    if _SENTENCE_END.search(text) and _words(text) >= 8:
        return True
    return bool(re.search(r"[!?][\"'»”’)]*$", text)) and _words(text) >= 25


def _dateline(text: str) -> tuple[str | None, list[str] | None] | None:
    """(date, authors) when the line is a dateline, a byline, or both; None otherwise.

    Handles "18 April 2024", "Published 18 April 2024, 10:30 BST", "Updated ...",
    "By Jane Doe | 18 April 2024", "18 April 2024 · 5 min read".
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 200:
        return None
    date: str | None = None
    authors: list[str] | None = None
    recognised = False
    others: list[str] = []  # segments that are neither: a section name, or an unlabelled author
    for segment in re.split(r"\s+[|•·—–]\s+|\s*\|\s*|\s+·\s+", stripped):
        segment = segment.strip(" ,;")
        if not segment:
            continue
        body = _PUBLISHED.sub("", segment, count=1)
        updated = bool(_UPDATED.match(segment))
        byline = parse_byline(body) or parse_byline(segment)  # "Posted by Jane Doe on ..."
        iso = parse_date(body) or parse_date(segment)
        if iso is None and (body != segment or updated or byline):
            iso = find_date(segment)
        if byline is not None:
            authors = byline
        if iso is not None and not updated:
            date = date or iso
        if byline is not None or iso is not None:
            recognised = True
            continue
        if _is_chrome(segment) or _TIME_ONLY.match(segment.lower()):
            continue
        others.append(segment)
    if not recognised:
        return None
    if others:
        # "Jane Doe · April 18, 2024", "18 April 2024 | Features": short labels beside a date
        if date is None or any(_words(o) > 4 or re.search(r"[.!?:;]$|\d", o) for o in others):
            return None
        names = [o for o in others if 2 <= _words(o) <= 4 and all(w[:1].isupper() for w in o.split())]
        if authors is None and len(names) == 1 and len(others) == 1:
            authors = [names[0]]
    return date, authors


@dataclass(slots=True)
class _Header:
    title: str | None = None
    date: str | None = None
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    source_url: str | None = None
    standfirst_lines: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def _credit_of(text: str) -> str | None:
    """The credit when the whole line is a labelled credit ("Photo: X", "© X"), else None."""
    caption, credit = split_credit(text)
    if credit is not None and not caption:
        return credit
    return None


def _read_header(lines: list[_Line], end: int) -> _Header:
    """Read title, date, byline, source URL (and lead figures) from ``lines[:end]``."""
    header = _Header()
    breadcrumb: list[str] = []
    candidates: list[tuple[int, str]] = []  # (index into lines, text)
    marks: list[int] = []  # indexes of date and byline lines
    skip: set[int] = set()
    for i in range(end):
        line = lines[i]
        text = line.stripped
        if not text or i in skip:
            continue
        url = _URL_LINE.match(text)
        if url and header.source_url is None:
            header.source_url = url.group("url").rstrip(".,;")
            continue
        bullet = _BULLET.match(line.text)
        if bullet and not candidates:
            if bullet.group("text").strip():
                breadcrumb.append(bullet.group("text").strip())
            continue
        if not candidates and re.fullmatch(r"[^>›»/|]{1,40}(?:\s+[>›»/|]\s+[^>›»/|]{1,80}){1,6}", text):
            breadcrumb.extend(part.strip() for part in re.split(r"\s+[>›»/|]\s+", text))
            continue  # "Home > World > Europe"
        if _UPDATED.match(text) and find_date(text) is not None:
            header.updated = header.updated or find_date(text)
            marks.append(i)
            continue
        if _is_chrome(text) or _is_footer(text):
            continue
        found = _dateline(text)
        if found is not None:
            date, authors = found
            if date is not None and header.date is None:
                header.date = date
            elif date is None and _UPDATED.match(text):
                header.updated = header.updated or find_date(text)
            if authors:
                header.authors = authors
            marks.append(i)
            continue
        if _UPDATED.match(text):
            header.updated = header.updated or find_date(text)
            continue
        credit = _credit_of(text)
        if credit is not None:
            # a lead image: the credit belongs to the caption line before it
            if candidates and candidates[-1][0] == _previous_text(lines, i):
                _index, caption = candidates.pop()
                header.figures.append(Figure(caption=(Text(_caption_text(caption)),), credit=credit))
            else:
                header.figures.append(Figure(credit=credit))
            continue
        candidates.append((i, text))

    last_crumb = breadcrumb[-1] if breadcrumb else None
    if not candidates:
        header.title = last_crumb
        return header

    order = {index: rank for rank, (index, _text) in enumerate(reversed(candidates))}

    def score(item: tuple[int, str]) -> float:
        index, text = item
        words = _words(text)
        value = min(words, 15) / 2
        value += max(0, 2 - order[index])  # between equals, the one nearer the article
        if words <= 3:
            value -= 2  # menu items, names, places
        if re.search(r"[<>{}]|\[if |react-", text):
            value -= 6  # markup and script debris
        if last_crumb and _same_title(text, last_crumb):
            value += 10
        if any(abs(index - mark) <= 2 and _adjacent(lines, index, mark) for mark in marks):
            value += 5
        if _SENTENCE_END.search(text):
            value -= 5  # titles seldom end with a full stop
        if _is_prose(text):
            value -= 5
        return value

    best = max(candidates, key=lambda item: (score(item), -item[0]))
    header.title = best[1]
    after = [
        text
        for index, text in candidates
        if index > best[0] and _key(text) != _key(best[1]) and _words(text) >= MIN_STANDFIRST_WORDS
    ]
    header.standfirst_lines = after
    return header


def _same_title(text: str, crumb: str) -> bool:
    """True when a breadcrumb item names this title (breadcrumbs may cut it short with "…")."""
    key, short = _key(text), _key(crumb)
    if key == short:
        return True
    cut = re.sub(r"\s*(?:…|\.\.\.)$", "", short)
    return cut != short and len(cut) >= 10 and key.startswith(cut)


def _previous_text(lines: list[_Line], i: int) -> int:
    """Index of the nearest non-blank line before ``i`` (or -1)."""
    j = i - 1
    while j >= 0 and not lines[j].text:
        j -= 1
    return j


def _adjacent(lines: list[_Line], a: int, b: int) -> bool:
    """True when no other non-blank line stands between lines ``a`` and ``b``."""
    low, high = sorted((a, b))
    return all(not lines[k].text for k in range(low + 1, high))


def _prose_start(group: list[_Line]) -> int | None:
    """Index (into the page's lines) where running text starts in ``group``, or None.

    Lines are taken in runs between header lines (breadcrumb, dateline, byline, chrome); the
    first run that reads as running text (wrapped or not) starts it, below any title or heading
    line standing directly above it.
    """
    run: list[_Line] = []
    for line in [*group, None]:
        if len(run) >= MAX_RUN:
            line = None  # a run this long is judged on its first lines: linear time on huge groups
        text = line.stripped if line is not None else ""
        header_line = line is None or (
            bool(_BULLET.match(line.text))
            or _is_chrome(text)
            or _is_footer(text)
            or _dateline(text) is not None
            or _credit_of(text) is not None
        )
        if not header_line and line is not None:
            run.append(line)
            continue
        if run:
            for start in range(len(run)):
                if _is_prose(_join(x.stripped for x in run[start:])):
                    if start + 1 < len(run) and _heading_over(run[start].stripped, run[start + 1].stripped):
                        continue  # a title (or heading) directly above the text
                    return run[start].number - 1
                break
        if line is None:
            break
        run = []
    return None


#: The article starts at the first paragraph of running text followed by more: at least this
#: many of the paragraphs within ``PROSE_WINDOW`` groups from it are running text.
PROSE_NEEDED = 3
PROSE_WINDOW = 6
#: Lines of a run (between header lines) looked at to tell whether it is running text.
MAX_RUN = 40


def _header_end(lines: list[_Line]) -> int:
    """Index of the first line of the article's running text (the end of the page header).

    A lone sentence among the menus ("IE 11 is not supported. ...") does not start the
    article: running text must be followed by more running text.
    """
    groups = (
        group
        for group in _groups(lines)
        if any(not (_BULLET.match(x.text) or _is_chrome(x.stripped) or _is_footer(x.stripped)) for x in group)
    )  # groups that hold more than page chrome
    # the starts of running text, found lazily: most pages decide within their first groups
    found = ((gi, at) for gi, group in enumerate(groups) if (at := _prose_start(group)) is not None)
    starts: list[tuple[int, int]] = []

    def start(n: int) -> tuple[int, int] | None:
        while len(starts) <= n:
            item = next(found, None)
            if item is None:
                return None
            starts.append(item)
        return starts[n]

    n = 0
    while (first := start(n)) is not None:
        window = 1
        while (later := start(n + window)) is not None and later[0] < first[0] + PROSE_WINDOW:
            window += 1
        # as many starts as are needed within the window, or every start that is left
        if window >= PROSE_NEEDED or later is None:
            return first[1]
        n += 1
    # no running text at all: the header is the first line that could be a title (and what
    # precedes it), with the dateline and byline lines right under it
    for i, line in enumerate(lines):
        text = line.stripped
        if not text or _BULLET.match(line.text) or _is_chrome(text) or _is_footer(text):
            continue
        if _dateline(text) is not None or _credit_of(text) is not None:
            continue
        end = i + 1
        while end < len(lines) and lines[end].text and _dateline(lines[end].stripped) is not None:
            end += 1
        return end
    return len(lines)


# --- notes --------------------------------------------------------------------------------


@dataclass(slots=True)
class _NoteDraft:
    label: str
    paragraphs: list[list[str]]
    superscript: bool = False  #: defined as "¹ text": superscript markers in the text cite it


def _note_start(text: str, numbered: bool) -> tuple[str, str] | None:
    match = _NOTE_DEF.match(text)
    if match:
        label = (match.group("a") or match.group("b") or match.group("c") or "").translate(_SUPERSCRIPTS)
        return label, match.group("text")
    if numbered:
        plain = _NOTE_DEF_NUMBERED.match(text)
        if plain:
            return plain.group("num"), plain.group("text")
    return None


def _split_notes(
    groups: list[list[_Line]], referenced: set[str]
) -> tuple[list[list[_Line]], list[_NoteDraft]]:
    """Take the trailing run of note definitions (and a "Notes" heading) off the body.

    "[1] text" lines are notes; "1. text" lines are notes under a notes heading, or when
    their numbers are exactly the ``[n]`` markers the body cites (else they are a list).
    """
    groups = _separate_notes(groups)
    # a notes heading makes "1. text" lines notes too
    heading = any(len(g) == 1 and _key(g[0].stripped) in _NOTES_HEADINGS for g in groups)
    body, drafts = _take_notes(groups, referenced, numbered=heading)
    if not drafts and not heading and referenced:
        body, drafts = _take_notes(groups, referenced, numbered=True)
        if {d.label for d in drafts} != referenced:
            return groups, []
    return body, drafts


def _take_notes(
    groups: list[list[_Line]], referenced: set[str], *, numbered: bool
) -> tuple[list[list[_Line]], list[_NoteDraft]]:
    end = len(groups)
    start = end
    k = end - 1
    while k >= 0:
        group = groups[k]
        first = group[0].stripped
        if _note_start(first, numbered) is not None:
            start = k
            k -= 1
            continue
        if len(group) == 1 and _key(first) in _NOTES_HEADINGS and start < end:
            start = k
            break
        # a paragraph between note definitions continues the note before it
        if start < end and k > 0 and _note_start(groups[k - 1][0].stripped, numbered) is not None:
            start = k
            k -= 1
            continue
        break
    if start == end:
        return groups, []
    zone = groups[start:]
    # plain "1. text" lines are notes only under a notes heading or when the body cites them
    if not numbered and not any(_NOTE_DEF.match(g[0].stripped) for g in zone):
        return groups, []
    drafts: list[_NoteDraft] = []
    for group in zone:
        first = group[0].stripped
        if _key(first) in _NOTES_HEADINGS and len(group) == 1:
            continue
        new_paragraph = True
        for line in group:
            found = _note_start(line.stripped, numbered)
            if found is not None and (found[0] not in {d.label for d in drafts}):
                sup = bool(re.match(r"\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]", line.stripped))
                drafts.append(_NoteDraft(found[0], [[found[1]]], superscript=sup))
                new_paragraph = False
            elif drafts:
                if new_paragraph:
                    drafts[-1].paragraphs.append([line.stripped])
                    new_paragraph = False
                else:
                    drafts[-1].paragraphs[-1].append(line.stripped)
    if (
        numbered
        and not any(_NOTE_DEF.match(g[0].stripped) for g in zone)
        and not referenced & {d.label for d in drafts}
    ):
        return groups, []  # "1. text" under a notes heading: only when the body cites [1]...
    return groups[:start], drafts


def _separate_notes(groups: list[list[_Line]]) -> list[list[_Line]]:
    """Split a notes heading, and note definitions, from the lines they follow without a blank."""
    out: list[list[_Line]] = []
    for group in groups:
        current: list[_Line] = []
        for k, line in enumerate(group):
            text = line.stripped
            heading = _key(text) in _NOTES_HEADINGS and k + 1 < len(group)
            heading = heading and _note_start(group[k + 1].stripped, numbered=True) is not None
            starts_notes = (
                k > 0 and _NOTE_DEF.match(text) is not None and not _NOTE_DEF.match(group[0].stripped)
            )
            if heading:
                if current:
                    out.append(current)
                out.append([line])
                current = []
                continue
            if starts_notes and current and not _NOTE_DEF.match(current[0].stripped):
                out.append(current)
                current = []
            current.append(line)
        if current:
            out.append(current)
    return out


def _note_blocks(draft: _NoteDraft, labels: set[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for paragraph in draft.paragraphs:
        text = re.sub(r"\s*(?:↩︎?|↑|\^)\s*$", "", _join(paragraph))  # back-links
        text = re.sub(r"^(?:\^|↑)\s*", "", text)
        blocks.append(Paragraph(content=_inlines(text, labels - {draft.label})))
    return tuple(blocks)


# --- body blocks --------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _heading_like(text: str) -> bool:
    """A short line without sentence punctuation at its end (it may end with ? or !)."""
    text = text.strip()
    if not text or len(text) > MAX_HEADING or text[-1] in ".,;:…։،" or _words(text) > 16:
        return False
    if not re.search(r"[^\W\d_]", text):
        return False
    first = re.search(r"[^\W\d_]", text)
    if first is not None and first.group().islower():
        return False
    text = re.sub(r"(?:\s*\[\d{1,3}\])+$", "", text)  # a note marker at the end
    if not text or re.search(r"[.,;:…։،][\"'»”’)]*$", text) or text[0] in "\"'«“„‘" or text[-1] in "\"'»”’":
        return False
    if re.search(r"[.!?…։][\"'»”’)]*\s+[\"'«“„]?[A-ZА-ЯЁԱ-Ֆ]", re.sub(r"^\d{1,3}[.)]\s+", "", text)):
        return False  # two sentences
    if _LIST_ITEM.match(text) or _QUOTE_LINE.match(text):
        return False  # a numbered line ("2. Moving inland") may be a heading; a bulleted one not
    if _CAPTION_LABEL.match(text):
        return False
    return parse_date(text) is None


def _split_paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Split a run of lines into paragraphs (and heading lines).

    Hard-wrapped text (every line at most ``WRAP_WIDTH`` characters) is joined into one
    paragraph. A browser copy that puts each paragraph on one line, with single newlines
    between them (lines longer than ``WRAP_WIDTH``, or three or more lines that all end a
    sentence), is split after every line that ends a sentence when the next starts one. A
    short heading-like line between two paragraphs (or above the first) is a run of its own.
    """
    texts = [line.stripped for line in lines]
    width = max((len(t) for t in texts), default=0)
    ends = all(_PARAGRAPH_END.search(t) for t in texts[:-1])
    one_per_line = width > WRAP_WIDTH or (ends and len(texts) >= 3)
    out: list[list[_Line]] = [[]]
    for k, line in enumerate(lines):
        nxt = texts[k + 1] if k + 1 < len(texts) else ""
        after_end = k == 0 or bool(_PARAGRAPH_END.search(texts[k - 1]))
        if nxt and after_end and _heading_over(texts[k], nxt):
            if out[-1]:
                out.append([])
            out[-1].append(line)
            out.append([])
            continue
        out[-1].append(line)
        if nxt and one_per_line and _PARAGRAPH_END.search(texts[k]) and _starts_sentence(nxt):
            out.append([])
    return [p for p in out if p]


#: Lines up to this long may be hard-wrapped parts of one paragraph.
WRAP_WIDTH = 90
_PARAGRAPH_END = re.compile(r"[.!?…։][\"'»”’)\]]*(?:\[\d+\])*$")


def _is_heading_run(run: list[_Line]) -> bool:
    return len(run) == 1 and _heading_like(run[0].stripped)


def _starts_sentence(text: str) -> bool:
    """True when ``text`` starts with a capital letter or a digit (after opening quotes)."""
    text = text.lstrip("\"'«“„‘([—–- ")
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def _list_block(items: list[list[str]], ordered: bool, labels: set[str]) -> ListBlock:
    return ListBlock(
        ordered=ordered,
        items=tuple((Paragraph(content=_inlines(_join(item), labels)),) for item in items),
    )


def _group_blocks(group: list[_Line], labels: set[str]) -> list[Block]:
    """Turn one run of non-blank body lines into blocks (paragraphs, lists, figures, quotes)."""
    blocks: list[Block] = []
    pending: list[_Line] = []

    def flush() -> None:
        by_hand = verse([x.stripped for x in pending], lambda t: _inlines(t, labels)) if pending else None
        if by_hand is not None:
            blocks.append(by_hand)
            pending.clear()
        if pending:
            runs = _split_paragraphs(pending)
            for n, run in enumerate(runs):
                content = _inlines(_join(x.stripped for x in run), labels)
                if _is_heading_run(run) and n + 1 < len(runs):
                    blocks.append(Heading(level=2, content=content))
                else:
                    blocks.append(Paragraph(content=content))
            pending.clear()

    table = ascii_table([line.text for line in group], lambda t: _inlines(t, labels))
    if table is not None:
        return [table]
    k = 0
    no_list_before = 0  # lines before this one cannot start a list (see below)
    while k < len(group):
        line = group[k]
        text = line.stripped
        # quotes: "> " lines
        if _QUOTE_LINE.match(line.text):
            flush()
            quoted: list[str] = []
            while k < len(group) and (q := _QUOTE_LINE.match(group[k].text)):
                quoted.append(q.group("text"))
                k += 1
            paragraphs = [p for p in re.split(r"\n\s*\n", "\n".join(quoted)) if p.strip()]
            blocks.append(
                Quote(
                    blocks=tuple(
                        Paragraph(content=_inlines(_join(p.split("\n")), labels)) for p in paragraphs
                    )
                )
            )
            continue
        # lists: two or more items
        unordered = _LIST_ITEM.match(line.text)
        ordered = _ORDERED_ITEM.match(line.text)
        if (unordered or ordered) and k >= no_list_before:
            items: list[list[str]] = []
            numbers: list[int] = []
            starts: list[int] = []
            j = k
            while j < len(group):
                cur = group[j]
                m = _ORDERED_ITEM.match(cur.text) if ordered else _LIST_ITEM.match(cur.text)
                if m:
                    items.append([m.group("text")])
                    starts.append(j)
                    if ordered:
                        numbers.append(int(m.group("num")))
                    j += 1
                    continue
                indent = len(cur.text) - len(cur.text.lstrip())
                if items and (indent > 0 or cur.stripped[:1].islower()):
                    items[-1].append(cur.stripped)  # a wrapped item
                    j += 1
                    continue
                break
            sequential = not ordered or all(b == a + 1 for a, b in pairwise(numbers))
            if len(items) >= 2 and sequential:
                flush()
                blocks.append(_list_block(items, bool(ordered), labels))
                k = j
                continue
            if not sequential:
                # a run starting at a later item of this one ends where this one ends, and is
                # not sequential either before its last break: do not scan those again
                breaks = [n for n in range(1, len(numbers)) if numbers[n] != numbers[n - 1] + 1]
                no_list_before = starts[breaks[-1]]
        # a figure: a caption line followed by a credit line
        credit = _credit_of(text)
        if credit is not None:
            if pending:
                runs = _split_paragraphs(pending)
                caption_lines = runs[-1]
                pending[:] = [ln for run in runs[:-1] for ln in run]
                flush()
                caption = _join(ln.stripped for ln in caption_lines)
                blocks.append(Figure(caption=_inlines(_caption_text(caption), labels), credit=credit))
            elif (
                not pending
                and k + 1 < len(group)
                and _credit_of(group[k + 1].stripped) is None
                and (k + 2 >= len(group))
            ):
                # the credit before its caption: "Photo: X" then the caption
                caption = _caption_text(group[k + 1].stripped)
                blocks.append(Figure(caption=_inlines(caption, labels), credit=credit))
                k += 2
                continue
            else:
                flush()
                blocks.append(Figure(credit=credit))
            k += 1
            continue
        if _CAPTION_LABEL.match(text):
            flush()
            blocks.append(Figure(caption=_inlines(_caption_text(text), labels)))
            k += 1
            continue
        pending.append(line)
        k += 1
    flush()
    return blocks


def _heading_over(first: str, second: str) -> bool:
    """True when ``first`` is a heading directly above the line ``second`` (no blank line)."""
    return (
        _heading_like(first)
        and _credit_of(second) is None
        and _starts_sentence(second)
        and len(first) <= 0.6 * len(second)
        and not _LIST_ITEM.match(second)
    )


_CAPTION_LABEL = re.compile(r"^(?:image|media|photo|video)\s+caption\s*:?\s+(?=\S)|^caption:\s*(?=\S)", re.I)


def _caption_text(text: str) -> str:
    """A caption without a label such as "Image caption" or "Media caption" before it."""
    return _CAPTION_LABEL.sub("", text.strip(), count=1)


def _single_line_figure(text: str, labels: set[str]) -> Figure | None:
    """A one-line paragraph "Caption. Photo: X" is a figure (caption and credit on one line)."""
    caption, credit = split_credit(text)
    if credit is None or not caption or _words(caption) > 60:
        return None
    return Figure(caption=_inlines(_caption_text(caption), labels), credit=credit)


def _list_kind(group: list[_Line]) -> tuple[str, int, int] | None:
    """("ordered" or "bullet", first number, last number) when a group holds only list items."""
    first = group[0]
    ordered = _ORDERED_ITEM.match(first.text)
    if ordered is None and _LIST_ITEM.match(first.text) is None:
        return None
    numbers: list[int] = []
    for line in group:
        item = _ORDERED_ITEM.match(line.text) if ordered else _LIST_ITEM.match(line.text)
        if item is not None:
            if ordered:
                numbers.append(int(item.group("num")))
        elif not (line.text[:1].isspace() or line.stripped[:1].islower()):
            return None  # a line that is neither an item nor its continuation
    if ordered:
        return "ordered", numbers[0], numbers[-1]
    return "bullet", 0, 0


def _merge_loose_lists(groups: list[list[_Line]]) -> list[list[_Line]]:
    """Join list items separated by blank lines ("1. a", "", "2. b") into one group."""
    out: list[list[_Line]] = []
    previous: tuple[str, int, int] | None = None
    for group in groups:
        kind = _list_kind(group)
        if (
            kind is not None
            and previous is not None
            and out
            and kind[0] == previous[0]
            and (kind[0] == "bullet" or kind[1] == previous[2] + 1)
        ):
            out[-1] = out[-1] + group
            previous = (kind[0], previous[1], kind[2])
            continue
        out.append(list(group))
        previous = kind
    return out


def _body_blocks(groups: list[list[_Line]], labels: set[str]) -> list[Block]:
    blocks: list[Block] = []
    groups = _merge_loose_lists(groups)
    # a heading needs something other than more short lines after it
    short = [
        len(g) == 1 and _heading_like(g[0].stripped) and _credit_of(g[0].stripped) is None for g in groups
    ]
    content_after = [False] * (len(groups) + 1)
    for index in range(len(groups) - 1, -1, -1):
        content_after[index] = content_after[index + 1] or not short[index]
    for index, group in enumerate(groups):
        if len(group) == 1:
            text = group[0].stripped
            credit = _credit_of(text)
            previous = blocks[-1] if blocks else None
            if credit is not None and isinstance(previous, Paragraph | Heading):
                # caption, blank line, credit: the caption is the block before
                blocks[-1] = Figure(caption=previous.content, credit=credit)
                continue
            figure = _single_line_figure(text, labels)
            if figure is not None:
                blocks.append(figure)
                continue
            if _heading_like(text) and content_after[index + 1] and not re.match(r"[—–-]", text):
                blocks.append(Heading(level=2, content=_inlines(text, labels)))
                continue
        blocks.extend(_group_blocks(group, labels))
    # a fully quoted paragraph followed by an attribution line ("— Name") is a quotation
    merged: list[Block] = []
    for block in blocks:
        if (
            isinstance(block, Paragraph)
            and merged
            and isinstance(merged[-1], Paragraph)
            and _is_attribution(block)
            and _fully_quoted(merged[-1])
        ):
            quote_para = merged.pop()
            merged.append(Quote(blocks=(quote_para, block)))
            continue
        merged.append(block)
    # short lines after the last paragraph head nothing: they are paragraphs, not headings
    k = len(merged)
    while k > 0 and isinstance(merged[k - 1], Heading):
        k -= 1
    for j in range(k, len(merged)):
        heading = merged[j]
        if isinstance(heading, Heading):
            merged[j] = Paragraph(content=heading.content)
    return merged


def _plain(content: Sequence[Inline]) -> str:
    return "".join(node.text for node in content if isinstance(node, Text))


def _is_attribution(block: Paragraph) -> bool:
    text = _plain(block.content).strip()
    return bool(re.match(r"^[—–-]\s*\S", text)) and _words(text) <= 12


def _fully_quoted(block: Paragraph) -> bool:
    text = _plain(block.content).strip()
    pairs = {"“": "”", "«": "»", '"': '"', "„": "“"}
    if len(text) < 2 or text[0] not in pairs:
        return False
    close = pairs[text[0]]
    inner = text[1:].rstrip(".")
    return inner.endswith(close) and close not in inner[:-1] and text[0] not in inner[:-1]


# --- the reader ---------------------------------------------------------------------------


def _strip_chrome(lines: list[_Line], title: str | None) -> list[_Line]:
    """Blank out chrome lines; cut the page at its footer or at a "Related"-style line.

    Note definitions after the cut are kept: they belong to the article even when a share
    bar or a "Related" list was printed between the text and its notes.
    """
    # where running text still follows, a "Related" line is a heading's worth of chrome, not the end
    prose_after = [False] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        text = lines[k].stripped
        long_prose = len(text) >= 250 and _is_prose(text) and not _NOTE_DEF.match(text)
        prose_after[k] = prose_after[k + 1] or long_prose
    out: list[_Line] = []
    stopped = False
    kept = False  # a line of the article was kept: the title is no longer repeated above it
    title_key = None if title is None else _key(title)
    for k, line in enumerate(lines):
        text = line.stripped
        if not text:
            out.append(line)
            continue
        key = _key(text)
        if stopped:
            if _NOTE_DEF.match(text) or key in _NOTES_HEADINGS:
                stopped = False  # the notes resume the article
            else:
                out.append(_Line("", line.number))
                continue
        if (key in _STOP_LINES or (_is_footer(text) and not _follows_caption(lines, k))) and not prose_after[
            k + 1
        ]:
            stopped = True
            out.append(_Line("", line.number))
            continue
        repeated_title = title_key is not None and not kept and key == title_key
        if repeated_title:
            kept = True  # one repetition at most
        if (_is_chrome(text, key) and not in_table(lines, k)) or repeated_title:
            out.append(_Line("", line.number))
            continue
        kept = True
        out.append(line)
    return out


def _follows_caption(lines: list[_Line], k: int) -> bool:
    """True when line ``k`` directly follows a non-blank line (a "© X" credit under a caption)."""
    return k > 0 and bool(lines[k - 1].text) and not _is_chrome(lines[k - 1].stripped)


def read_text(
    data: bytes, *, url: str | None = None, name: str = "<bytes>", language: str | None = None
) -> Document:
    """Read a web page copied as plain text into a :class:`~archivepub.model.Document`.

    >>> doc = read_text(
    ...     "• Home\\n• News\\n9 June 2023\\nA quiet harbour\\nBy Jane Doe\\n\\n"
    ...     "The boats stayed in port all week, and nobody minded.\\n\\n"
    ...     "Fishing resumed on Monday after the storm, as the old hands had said it would.[1]\\n\\n"
    ...     "Share this:\\n\\n[1] The harbour master's log records it.\\n".encode()
    ... )
    >>> doc.metadata.title, doc.metadata.authors, doc.metadata.date, doc.metadata.subtitle
    ('A quiet harbour', ('Jane Doe',), '2023-06-09', 'The boats stayed in port all week, and nobody minded.')
    >>> [(n.id, n.label) for n in doc.footnotes]
    [('fn1', '1')]

    :param data: the file's bytes (any encoding :func:`~archivepub.readers._encoding.decode` reads).
    :param url: the page's address, recorded as ``metadata.source_url``.
    :param name: the file's name, used in error messages.
    :param language: the text's language when it is known elsewhere (a BCP-47 tag): used
        instead of identifying it (which loads a language model).
    :raises ReadError: when the bytes are not text, or hold no text at all.
    """
    text, _codec = decode(data, name=name)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _lines(text)
    if not any(line.text for line in lines):
        raise ReadError("the file holds no text", source=name)

    end = _header_end(lines)
    header = _read_header(lines, end)
    title = header.title
    body_lines = _strip_chrome(lines[end:], title)
    groups = _groups(body_lines)

    # the lead: byline and date lines right after the header, and the standfirst
    standfirst: str | None = _join(header.standfirst_lines) or None
    lead_blocks: list[Block] = list(header.figures)
    while groups:
        group = groups[0]
        rest: list[_Line] = []
        for line in group:
            found = _dateline(line.stripped) if not rest else None
            if found is not None:
                date, authors = found
                header.date = header.date or date
                if authors and not header.authors:
                    header.authors = authors
                continue
            rest.append(line)
        if not rest:
            groups.pop(0)
            continue
        groups[0] = rest
        if standfirst is None and len(rest) >= 1:
            credit_lines = [ln for ln in rest if _credit_of(ln.stripped) is not None]
            if (credit_lines and len(rest) <= 3) or (
                len(rest) == 1 and _single_line_figure(rest[0].stripped, set()) is not None
            ):
                lead_blocks.extend(_group_blocks(rest, set()))  # a lead image before the standfirst
                groups.pop(0)
                continue
            runs = _split_paragraphs(rest)
            first = runs[0]
            candidate = _join(line.stripped for line in first)
            starts_block = _LIST_ITEM.match(first[0].text) or _ORDERED_ITEM.match(first[0].text)
            if (
                not starts_block
                and not _NOTE_DEF.match(first[0].stripped)
                and not _QUOTE_LINE.match(first[0].text)
                and not _NOTE_REF.search(candidate)
                and not (_is_heading_run(first) and len(runs) > 1)
                and len(candidate) <= MAX_STANDFIRST
                and (len(groups) > 1 or len(runs) > 1)
            ):
                standfirst = candidate
                remaining = rest[len(first) :]
                if remaining:
                    groups[0] = remaining
                else:
                    groups.pop(0)
                continue
        break

    # notes: the trailing "[1] text" lines, and the markers in the text that cite them
    all_text = "\n".join(line.stripped for group in groups for line in group)
    cited = set(_NOTE_REF.findall(all_text)) | {
        m.translate(_SUPERSCRIPTS) for m in _SUPERSCRIPT_REF.findall(all_text)
    }
    groups, drafts = _split_notes(groups, cited)
    labels = {draft.label for draft in drafts} | {_SUP + d.label for d in drafts if d.superscript}
    blocks = lead_blocks + _body_blocks(groups, labels)
    notes = [DraftNote(key=d.label, label=d.label, blocks=_note_blocks(d, labels)) for d in drafts]

    if title is None:
        title = _first_title(blocks)
        if title is not None:
            blocks = blocks[1:]
    body_text = "\n".join(
        [title or "", standfirst or ""] + [_plain(_content(b)) for b in blocks if not isinstance(b, Figure)]
    )
    metadata = Metadata(
        title=normalize_space(title or ""),
        subtitle=normalize_space(standfirst) if standfirst else None,
        authors=tuple(normalize_space(a) for a in header.authors),
        date=header.date or header.updated,
        language=language or identify_language(body_text),
        source_url=url or header.source_url,
    )
    return make_document(metadata, blocks, notes)


def _content(block: Block) -> tuple[Inline, ...]:
    if isinstance(block, Paragraph | Heading):
        return block.content
    if isinstance(block, Figure):
        return block.caption
    return tuple(node for inner in child_blocks(block) for node in _content(inner))


def _first_title(blocks: list[Block]) -> str | None:
    if blocks and isinstance(blocks[0], Heading | Paragraph):
        text = _plain(blocks[0].content).strip()
        if text and len(text) <= 200:
            return text
    return None
