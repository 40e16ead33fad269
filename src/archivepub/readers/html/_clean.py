# ruff: noqa: RUF001  (Cyrillic, Armenian and Azerbaijani words are meant)
"""Boilerplate removal: scripts, hidden elements, navigation, share bars, adverts, comments..."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import normalize_space
from archivepub.readers.html._content import names_article
from archivepub.readers.html._figures import is_caption
from archivepub.readers.html._parse import parse_fragment
from archivepub.readers.html._tables import is_data_table
from archivepub.readers.html._util import (
    HEADINGS,
    NAME_SPLIT,
    Page,
    Sizes,
    class_parts,
    class_tokens,
    drop,
    tag,
    text_of,
    within,
)

__all__ = ["BOILERPLATE_LINES", "is_boilerplate_line", "is_furniture", "remove_boilerplate", "remove_junk"]

# elements that never hold article text
_JUNK_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "template",
        "object",
        "embed",
        "applet",
        "button",
        "input",
        "select",
        "option",
        "textarea",
        "label",
        "svg",
        "canvas",
        "audio",
        "video",
        "track",
        "map",
        "link",
        "meta",
        "base",
        "title",
        "head",
        "dialog",
    }
)
# elements that are page furniture wherever they are (footnote asides are taken out before)
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "menu"})
_FURNITURE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "toolbar",
        "dialog",
        "alertdialog",
        "alert",
        "tablist",
        "button",
    }
)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)

# words of class names / ids that mark page furniture (matched against split parts)
_BOILER_PARTS = frozenset(
    {
        "ad",
        "ads",
        "adsbygoogle",
        "adslot",
        "adunit",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "comment",
        "comments",
        "commentlist",
        "consent",
        "cookie",
        "cookies",
        "disqus",
        "gdpr",
        "masthead",
        "menu",
        "nav",
        "navbar",
        "navigation",
        "newsletter",
        "newsletters",
        "outbrain",
        "pagination",
        "pager",
        "paywall",
        "popup",
        "promo",
        "promotion",
        "recirc",
        "recommended",
        "recommendations",
        "related",
        "respond",
        "share",
        "sharebar",
        "shares",
        "sharethis",
        "addthis",
        "sharing",
        "sidebar",
        "signup",
        "skip",
        "skiplink",
        "social",
        "sponsor",
        "sponsored",
        "subscribe",
        "subscription",
        "taboola",
        "toolbar",
        "widget",
        "widgets",
        "rail",
        "footer",
        "tags",
        "taglist",
        "tagcloud",
        "topics",
        "keywords",
        "schlagworte",
        "bio",
        "byline",
        "sronly",
        "visuallyhidden",
        "noprint",
        "modal",
        "overlay",
        "toc",
        "factbox",
        "faktenbox",
        "kicker",
        "tagline",
        "branding",
        "eyebrow",
        "overline",
        "rubric",
    }
)
# a box whose class words say both is a teaser of a video or a photo: furniture (a gallery of
# the article's own pictures, named "gallery-teaser", keeps its captions)
_TEASER_PARTS = frozenset({"teaser", "teasers"})
_TEASED_MEDIA = frozenset({"video", "photo", "foto"})
# whole tokens (class or id) that are furniture even though their parts are ordinary words
_BOILER_TOKENS = frozenset(
    {
        "sr-only",
        "screen-reader-text",
        "visually-hidden",
        "visuallyhidden",
        "read-more",
        "readmore",
        "more-stories",
        "most-popular",
        "mostpopular",
        "author-box",
        "author-bio",
        "about-author",
        "author-info",
        "author-card",
        "post-tags",
        "entry-tags",
        "article-tags",
        "tag-list",
        "post-meta",
        "entry-meta",
        "article-meta",
        "post-navigation",
        "nav-links",
        "mw-editsection",
        "mw-jump-link",
        "noprint",
        "catlinks",
        "printfooter",
        "sitesub",
        "contentsub",
        "infobox",
        "fact-box",
        "navbox",
        "metadata",
        "ambox",
        "hatnote",
        "mw-empty-elt",
        "hidden",
        "hide",
        "invisible",
        "off-screen",
        "offscreen",
        "element-invisible",
        "u-hidden",
        "assistive-text",
        "video-player",
        "videoplayer",
        "jwplayer",
        "video-teaser",
        "video-promo",
        "video-embed-teaser",
        "site-title",
        "site-name",
        "sitename",
        "site-description",
        "site-slogan",
        "blog-title",
        "blog-description",
        # another post of the site shown as a card (WordPress embeds, next and previous posts)
        "wp-embedded-content",
        "wp-embed",
        "nextstory",
        "next-post",
        "prev-post",
        "previous-post",
        "next-post-thumbnails",
        # the press office's contact card beside a release
        "contact-box",
        "contactbox",
        "mod-contactbox",
    }
)
# screen-reader-only labels are dropped even inside captions ("Media caption", "Image")
_SCREEN_READER = frozenset(
    {
        "sr-only",
        "screen-reader-text",
        "visually-hidden",
        "visuallyhidden",
        "off-screen",
        "offscreen",
        "element-invisible",
        "u-hidden",
        "assistive-text",
        "hidden",
    }
)
# stems of run-together class words ("relatedposts", "sharedaddy", "advertbox")
_BOILER_STEMS = (
    "related",
    "sharedaddy",
    "sharebar",
    "breadcrumb",
    "advert",
    "newsletter",
    "taboola",
    "outbrain",
)
# parts that say "this is the article" and protect an element from the rules above
_CONTENT_PARTS = frozenset({"article", "content", "body", "main", "story", "entry", "post", "text"})
# parts that stay furniture even when the element also says "content" ("sidebar-content")
_ALWAYS_PARTS = frozenset(
    {
        "comment",
        "comments",
        "sidebar",
        "related",
        "share",
        "sharing",
        "social",
        "newsletter",
        "cookie",
        "cookies",
        "consent",
        "advert",
        "advertisement",
        "breadcrumb",
        "breadcrumbs",
        "promo",
        "recommended",
        "recommendations",
        "outbrain",
        "taboola",
        "disqus",
        "paywall",
        "subscribe",
        "sponsored",
        "rail",
    }
)
# words that make even a figure furniture
_AD_PARTS = frozenset(
    {"ad", "ads", "adsbygoogle", "adslot", "adunit", "advert", "adverts", "advertisement", "advertising",
     "sponsor", "sponsored", "promo", "promotion", "outbrain", "taboola"}
)  # fmt: skip
# a box about the writer ("author-box", "mvp-author-box-text", "cbx-Author_PersonalInfo",
# "author_desc"): a class word naming the writer with one naming a box, a bio or a profile
_WRITER_PARTS = frozenset({"author", "authors", "autor", "autoren", "auteur", "autore", "writer"})
_BOX_PARTS = frozenset(
    {"box", "bio", "biography", "info", "infos", "desc", "description", "about", "card", "profile",
     "personal", "details", "inner"}
)  # fmt: skip
# words page builders also use for the boxes that hold the article: furniture only when small
_WEAK_PARTS = frozenset({"widget", "widgets"})
# a box of job adverts beside the story ("news_jobHolder", "jobs-widget", "stellenmarkt"),
# or a slider of cards linking other pages ("productSlideWrapper", "carousel"): furniture when
# mostly links (to the postings, to the pages), since a job posting's own page, a template's
# misnamed box ("job-detail" around a line of a case study) or a slideshow of the story's own
# pictures with their captions holds text that is not a link
#: At least this many characters in a box of job adverts or a slider that goes as one.
_LINKS_BOX_TEXT = 40
_LINKS_BOX_PARTS = frozenset(
    {"job", "jobs", "jobboerse", "jobbörse", "stellenangebote", "stellenmarkt", "karriere", "emploi",
     "empleo", "empleos", "vacatures", "vacancies", "slide", "slider", "carousel", "swiper"}
)  # fmt: skip
# "ads" also names a box that has adverts in it ("TestReport__Section--Ads", a section of the
# story with an ad slot): a box of prose so named is the story's
_AD_SLOT_PARTS = frozenset({"ad", "ads"})
#: Below this many characters a box named only by a weak word is furniture.
_WEAK_TEXT = 600
# class-name prefixes of a post's taxonomy (WordPress "tag-social", "category-comments")
_TAXONOMY = ("tag-", "tag_", "category-", "category_", "cat-", "topic-", "topics-", "post_tag-")

#: Whole lines that are page furniture whatever element holds them (compared case-folded).
BOILERPLATE_LINES = frozenset(
    {
        "advertisement",
        "advertisements",
        "advert",
        "ad",
        "sponsored",
        "sponsored content",
        "story continues below advertisement",
        "article continues below advertisement",
        "continue reading below",
        "continue reading the main story",
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "skip navigation",
        "jump to navigation",
        "jump to search",
        "hauptinhalt",
        "zum hauptinhalt",
        "zum inhalt",
        "zum inhalt springen",
        "direkt zum inhalt",
        "aller au contenu",
        "aller au contenu principal",
        "ir al contenido",
        "saltar al contenido",
        "vai al contenuto",
        "naar de inhoud",
        "share",
        "share this",
        "share this:",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "print",
        "read more",
        "read more:",
        "related",
        "related:",
        "related articles",
        "related stories",
        "related content",
        "you may also like",
        "more stories",
        "most read",
        "most popular",
        "permalink",
        "comment",
        "comments",
        "leave a comment",
        "leave a reply",
        # invitations to comment, a like button
        "write a comment",
        "add a comment",
        "post a comment",
        "join the discussion",
        "join the conversation",
        "kommentar schreiben",
        "schreibe einen kommentar",
        "diskutiere mit!",
        "diskutiere mit uns!",
        "deine meinung? diskutiere mit uns!",
        "diskutieren sie mit!",
        "gefällt mir",
        "gefällt mir!",
        "écrire un commentaire",
        "laisser un commentaire",
        "ajouter un commentaire",
        "deja un comentario",
        "escribe un comentario",
        "lascia un commento",
        # a link or button's label on a line of its own
        "mehr erfahren",
        "alle anzeigen",
        "show all",
        "view all",
        "see all",
        "voir tout",
        "ver todo",
        "ver todos",
        "learn more",
        "en savoir plus",
        "saber más",
        "scopri di più",
        "artikel anzeigen",
        "zum artikel",
        "diashow starten",
        "bildergalerie starten",
        "galerie starten",
        "bild vergrössern",  # (case-folded: ß is ss)
        "zum kalender hinzufügen",
        "add to calendar",
        "powered by",
        "adchoices",
        "up next",
        "jump to video",
        "grafik herunterladen",
        "cite this article",
        "signaler une erreur",
        "report an error",
        "fehler melden",
        "compartir noticia",
        "compartir nota",
        "compartir artículo",
        "artikel teilen",
        "beitrag teilen",
        "seite teilen",
        "share article",
        "share this post",
        "share this page",
        "partager cet article",
        "partager l'article",
        "artikel drucken",
        "beitrag drucken",
        "artikel kommentieren",
        "copy link",
        "link kopieren",
        "copier le lien",
        "copiar enlace",
        "print this page",
        "seite drucken",
        "imprimer cette page",
        "imprimir página",
        "stampa pagina",
        "download citation",
        "reprints and permissions",
        "sign up or log in",
        "log in or sign up",
        "zum seitenanfang",
        "nach oben",
        "retour en haut",
        "volver arriba",
        "blog comments powered by",
        "blog comments powered by disqus",
        # a forum's control unfolding a long quotation
        "click to expand...",
        "click to expand…",
        "klicken zum erweitern...",
        "zum vergrössern anklicken....",
        "cliquez pour agrandir...",
        "haz clic para expandir...",
        # a widget's placeholder while it loads
        "loading...",
        "loading…",
        "lade...",
        "wird geladen...",
        "wird geladen…",
        "chargement...",
        "chargement…",
        "cargando...",
        "caricamento...",
        "tags",
        "tags:",
        # German, French, Spanish, Italian, Portuguese, Dutch
        "anzeige",
        "anzeige:",
        "werbung",
        "teilen",
        "drucken",
        "kommentieren",
        "kommentare",
        "weiterlesen",
        "weiterlesen:",
        "schlagworte",
        "schlagwörter",
        "publicité",
        "partager",
        "imprimer",
        "permalien",
        "commenter",
        "publicidad",
        "compartir",
        "imprimir",
        "comentar",
        "pubblicità",
        "condividi",
        "stampa",
        "publicidade",
        "partilhar",
        "compartilhar",
        "advertentie",
        "delen",
        "reageer",
        # Polish, Czech, Slovak, Croatian; Danish, Norwegian; Swedish; Finnish
        "reklama",
        "reklame",
        "annons",
        "mainos",
        "be sociable, share!",
        "pdf version",
        "download pdf",
        "pdf download",
        "pdf herunterladen",
        "erschienen in",
        "erschienen in:",
        "druckversion",
        "print version",
        "printer-friendly version",
        "version imprimable",
        "envoyer par mail",
        "envoyer par e-mail",
        "реклама",
        "читайте также",
        "читайте также:",
        "поделиться",
        "подписаться",
    }
)
# the lines of BOILERPLATE_LINES that mark an advert: a picture captioned so is one
_ADVERT_LINES = frozenset(
    {"advertisement", "advertisements", "advert", "ad", "sponsored", "anzeige", "anzeige:", "werbung",
     "publicité", "publicidad", "pubblicità", "publicidade", "advertentie", "реклама", "reklama",
     "reklame", "annons", "mainos"}
)  # fmt: skip
_RELATED_HEADINGS = re.compile(
    r"^(related( articles| stories| content| posts| links| coverage| reading)?|read more|read next|also read"
    r"|more (stories|articles|news|on this( topic| story)?|like this|from .{1,40})|further reading|see also"
    r"|you (may|might|will) also (like|enjoy|be interested in)|recommended( for you| stories| articles)?"
    r"|popular( now| stories| posts)?|most (read|popular|viewed|shared)|trending( now)?|see more"
    r"|what to read next|more (\w+ ){1,3}(stories|articles|news)"
    r"|(vorheriger|voriger|nächster) (artikel|beitrag)|(previous|next) (article|post|story)"
    r"|article (précédent|suivant)|(artículo|entrada) (anterior|siguiente)|(siguiente|próximo) artículo"
    r"|articolo (precedente|successivo)|top[ -]?\d{1,2}|popularne|najnowsze|najpopularniejsze"
    r"|neueste (beiträge|artikel|blogbeiträge|nachrichten|news|meldungen)"
    r"|latest (news|stories|posts|articles)|derniers articles|[úu]ltimas noticias"
    r"|weitere (stories|storys|geschichten|videos)"
    r"|(das|dies|dieses|das thema|dieses thema|diese themen|diese (artikel|beiträge|texte))"
    r" könnten? (sie|dich|dir|euch) (auch|ebenfalls) interessieren!?"
    r"|(zum )?weiterlesen|explore further|kommentierte artikel|meistkommentiert(e artikel)?|keep reading"
    r"|(auch|ebenfalls) (auf|bei) [\w.-]{2,40}|also on [\w.-]{2,40}|aussi sur [\w.-]{2,40}"
    r"|alle (nachrichten|news|artikel|beiträge|meldungen)( (zu[mr]?|über|aus) .{1,40})?"
    r"|(sie|du) könnten? auch interessieren"
    r"|auch interessant|ebenfalls interessant|interessant(e artikel)?|mehr zum thema|mehr zu(m|r)? .{1,40}"
    r"|mehr (aus|von|über) .{1,40}|(noch )?mehr \w+ (auf|bei|aus|für|zu|zum|zur) .{1,40}|noch mehr( .{1,40})?"
    r"|weitere \w+( in| zu| zum| zur| aus| für| über) .{1,30}"
    r"|weiterführende(r)? (links?|artikel|informationen)|weitere informationen|(more|further) information"
    r"|zusatzinformationen|zusätzliche informationen"
    r"|aktuelle (news|nachrichten|artikel|beiträge|meldungen)|(audios et )?vidéos sur le (même )?sujet"
    r"|weitere (artikel|beiträge|nachrichten|meldungen|themen|news)( zum thema| .{1,30})?"
    r"|empfohlene (artikel|beiträge|inhalte)|empfehlungen( der redaktion| aus der redaktion)?|lesetipps?"
    r"|lesen sie (auch|mehr|weiter)|schon gelesen\??|ähnliche (artikel|beiträge|themen)"
    r"|verwandte (artikel|themen|themenbereiche|beiträge|inhalte|links)"
    r"|siehe auch|das (könnte|dürfte) (sie|dich) auch interessieren|entdecke weitere .{1,40}"
    r"|meist[ -]?(gelesene?|diskutierte?|kommentierte?|geklickte?)( artikel| beiträge| nachrichten| news)?"
    r"|(les )?(articles )?(les )?plus (lus|partagés|commentés)|(lo )?más (leído|visto|compartido)s?"
    r"|(las )?(noticias )?más leídas|(i )?più (letti|lette|condivisi)|najczęściej (czytane|komentowane)"
    r"|самое (читаемое|популярное)"
    r"|(die )?redaktion empfiehlt|unsere empfehlungen?"
    r"|à lire aussi|lire aussi|sur le même sujet|à découvrir|vous aimerez aussi|dans la même rubrique"
    r"|(también )?(te|le|les) (puede|pueden|podría) interesar|lee también|noticias relacionadas"
    r"|más noticias( (de|sobre|en) .{1,40})?|mais notícias( (de|sobre|em) .{1,40})?|altre notizie( .{1,40})?"
    r"|more news (from|on|about) .{1,40}"
    r"|más (sobre|de) .{1,40}"
    r"|relacionad[oa]s"
    r"|leggi anche|potrebbe interessarti|articoli correlati|leia também|veja também|notícias relacionadas"
    r"|czytaj (też|także|również)|zobacz (też|także|również)|polecamy|lees ook|gerelateerde artikelen"
    r"|lue (myös|seuraavaksi|lisää)|läs (också|mer)|les også|læs også|przeczytaj (też|także|również)"
    r"|inne artykuły( autora)?|więcej (artykułów|na ten temat)"
    r"|читайте также|по теме|похожие (статьи|материалы|новости)|ещё по теме"
    r"|oxşar (yazılar|xəbərlər|məqalələr)|digər xəbərlər|bənzər xəbərlər"
    r"|նմանատիպ (նյութեր|հոդվածներ)|առնչվող (նյութեր|հոդվածներ)|կարդացեք նաև)\s*[:.…!?]*$",
    re.IGNORECASE,
)
# a heading over a note about the writer: the note goes with it
_ABOUT_WRITER = re.compile(
    r"^(about the (author|writer)s?|the authors?"
    r"|(über|zum|zur) (den |die )?(autor|autorin|autoren|verfasser)(in)?"
    r"|à propos de l'auteur|(sobre|acerca) (el|la) autora?|sull'autore|l'autore|sobre o autor|over de auteur"
    r"|o autorze|об авторе|yazar haqqında|müəllif haqqında|հեղինակի մասին)\s*[:.]?$",
    re.IGNORECASE,
)
#: A note about the writer under such a heading is at most this long.
_WRITER_NOTE = 1200
# a label over the name of the writer in a box of its own after the story ("Autoren:",
# "Artikel von", "AUTHOR"): the box goes (the byline has been read already)
_WRITER_LABEL = (
    r"autor(in|en|innen)?|author(s)?|writer|written( on .{1,30})? by|artikel von|beitrag von|ein beitrag von"
    r"|geschrieben( am .{1,30})? von|écrit( le .{1,30})? par"
    r"|auteure?s?|autore|autori|autora?s?|autores|автор|авторы"
)
# a heading over the contacts at the end of a press release: the names, addresses, e-mail
# and telephone numbers under it go with it
_CONTACT_HEADINGS = (
    r"kontakte?|pressekontakte?|medienkontakte?|kontakt für (die )?(medien|presse)|pressestelle"
    r"|(ihre? )?ansprechpartner(in|innen)?( für (die )?(medien|presse))?|rückfragen( an)?"
    r"|contacts?|press contacts?|media contacts?|media (enquiries|inquiries)|for more information,? contact"
    r"|contacts? (presse|médias)|contacto( de prensa)?|contatt[oi]( stampa)?|kontakt dla mediów"
)
# both in one pattern: a short line is matched once
# (with a bare "Von:", "By:" label: only when the box holds a name and little more)
_LABEL_HEADINGS = re.compile(
    rf"^(?:(?:(?P<contact>{_CONTACT_HEADINGS})|(?P<writer>{_WRITER_LABEL}))\s*:?|(?P<by>von|by|par|por|door|av)\s*:)$",
    re.IGNORECASE,
)
#: A box opened by a bare "By:" label holds at most this many characters.
_BY_BOX = 100
_CONTACT_MARK = re.compile(r"@|\b(e-?mail|tel|telefon|phone|fax)\b|\+?\d[\d /().-]{6,}\d", re.IGNORECASE)
#: A box of contacts holds at most this many characters; a line of prose in it at most this many.
_CONTACT_BOX = 500
_CONTACT_LINE = 100
# a short paragraph of links opening with one of these is a cross-promotion
_READ_ALSO = (
    "read more:",
    "read more",
    "mehr lesen",
    "related:",
    "see also:",
    "read also",
    "lire aussi",
    "à lire aussi",
    "lire :",
    "lea también",
    "le puede interesar",
    "te puede interesar",
    "czytaj też",
    "czytaj także",
    "czytaj również",
    "zobacz też",
    "zum weiterlesen",
    "lesen sie hier",
    "leia também",
    "lesen sie auch",
    "mehr zum thema",
    "читайте также",
    "читайте еще",
    "по теме:",
    "կարդացեք նաև",
    "həmçinin oxuyun",
    "oxuyun:",
    "lue myös",
    "läs också",
    "les også",
    "læs også",
)
_LABEL_LINES = re.compile(
    r"^(tags?|topics?|filed under|categories|category|schlagw(ö|oe)rte(r)?|stichw(ö|oe)rter|kategorien"
    r"|étiquettes|mots-clés|etiquetas|теги|метки|рубрики?)(\s*:|\s)",
    re.IGNORECASE,
)


# a line of the post's fields and nothing else ("News date : 04/21/2022 Category : Press
# Releases", "Datum: 3.1.2022 | Kategorie: Verkehr")
_META_LINE = re.compile(
    r"^(?:(?:news date|date|datum|posted on|posted|published|category|categories|kategorie|rubrik|catégorie"
    r"|categoría|tags?|schlagworte)\s*:\s*[^:|]{1,60}?\s*\|?\s*){2,4}$",
    re.IGNORECASE,
)


_LINE_TAGS = frozenset(
    {"a", "p", "span", "div", "li", "strong", "b", "em", "small", "section", "header", *HEADINGS}
)


_NOISE = re.compile(
    r"^((reading time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo di lettura|czas czytania"
    r"|leestijd|время чтения|чтение займет|przeczytanie zajmie)\b\s*:?(.{0,20}\d.{0,20})?"
    r"|(ca\. )?\d+\s*(min|mins|minuten|minutes|minutos|minuti)\.?\s*(lesezeit|lesedauer|de lecture|de lectura"
    r"|di lettura|czytania)"
    r"|listen to (this|the) (article|story).{0,30}"
    r"|(sign up|subscribe)\b.{0,60}\bnewsletters?\b.{0,30}"
    r"|(subscribe to|sign up for) .{0,40}(updates|newsletter|emails?|alerts)\b.{0,30}"
    r"|(get|receive) .{0,60} (in|to|straight to) your inbox.{0,40}"
    r"|(zum|für den|unseren?) newsletter (an)?melden.{0,40}|newsletter abonnieren.{0,40}"
    r"|mit unserem newsletter.{0,80}|jetzt (kostenlos )?(abonnieren|registrieren|anmelden).{0,40}"
    r"|(abonnez-vous|inscrivez-vous) .{0,60}|suscr[ií]bete .{0,60}|iscriviti .{0,60}"
    r"|follow us on\b.{0,40}"
    r"|(©|\(c\)|copyright\s*(©|\(c\)|\d{4})).{0,300}"
    r"|this (article|story|content|material) (is|may) .{0,100}"
    r"\b(copyright(ed)?|property|permission|reproduced)\b.{0,250}"
    r"|(written )?permission (must|is required|to reproduce) .{0,120}"
    r"|(video|watch|play video|watch the video|vidéo|ver video|видео)\s*[:|▶].{0,100}"
    r"|retrieved from\b.{0,300}|abgerufen von\b.{0,300}|récupérée de\b.{0,300}|получено из\b.{0,300}"
    r"|advertisement\b.{0,40}"
    # an agency's sign-off: the editor's initials and the agency ("aja/PAP", "dpa/lni")
    r"|\(?([a-zäöü]{1,5}\s?/\s?)+(pap|dpa|afp|apa|kna|epd|sda|ats|reuters|ansa|efe|dts|ddp|ap)(/[a-zäöü]{1,5})*\)?\.?"
    r"|\(?(pap|dpa|afp|apa|kna|epd|sda|dts|ddp)(/[a-zäöü]{1,5})+\)?\.?"
    # a download's file type and size ("PDF | 38 KB | Datei ist nicht barrierefrei")
    r"|\(?(pdf|docx?|xlsx?|pptx?|odt|rtf|zip|epub|mp3|mp4)\s*[|,(:\u2013-]?\s*\d+([.,]\d+)?\s*(kb|mb|gb|kib|mib)\b.{0,60}"
    r"|(реклама|подпишитесь на).{0,60})$",
    re.IGNORECASE,
)


# notices about the page rather than the story: paywalls and memberships, apps and social
# accounts to follow, log-in prompts, ratings, disclaimers, licences, affiliate disclosures
_NOTICES = re.compile(
    r"^((first-time|new) subscribers\b.{0,150}"
    r"|follow (us|[\w@.&' ]{1,40}) on"
    r" (twitter|facebook|instagram|linkedin|x|tiktok|youtube|threads)\b.{0,250}"
    r"|(we want to hear|tell us) what you think\b.{0,150}|submit (a |your )letter to the editor\b.{0,80}"
    r"|puedes? (escribirnos|seguirnos)\b.{0,200}"
    # promotions of the publication itself: its newsletter, app, shop, issue, donations
    r"|(receive|get|join|read) our .{0,40}\bnewsletters?\b.{0,150}"
    r"|(wir|uns|folgt uns|folge uns) (bei|auf) (whatsapp|telegram|instagram|facebook|twitter)\b.{0,60}"
    r"|(jetzt )?(die |unsere )?(aktuelle|neue) ausgabe .{0,40}\b(bestellen|kaufen|lesen)\b.{0,60}"
    r"|(werden sie|werde|werdet) (jetzt )?(mitglied|abonnent(in)?)\b.{0,120}"
    r"|(jetzt neu!?\s*)?besuchen sie unseren .{0,30}shop\b.{0,40}"
    r"|(unterstütze|unterstützt|unterstützen sie)"
    r" (uns|das projekt|unsere arbeit|(\S+ ){1,3}(bereits|jetzt|schon) mit)\b.{0,60}"
    r"|support (us|our (work|journalism|reporting))\b.{0,60}|(spende|spenden sie|donate)( jetzt| now)?[.!:]?"
    r"|(folgt|folge|folgen sie) (uns|mir) (bei|auf) .{0,40}"
    r"\b(whatsapp|telegram|instagram|facebook|twitter|tiktok|youtube)\b.{0,80}"
    # a broadcaster's note on when it reported on the story ("Über dieses Thema berichtete
    # Inforadio am 29. April 2020 um 09:53 Uhr.")
    r"|über dieses thema berichtete(n)? .{1,150}|dieses thema im programm\b.{0,150}"
    r"|mit material (von|der|des|aus) .{1,60}"
    # a gallery's counters and labels ("3 / 12", "43 Bilder", "Zur Bildergalerie")
    r"|\d{1,3} (/|von|of|de|sur|di|z) \d{1,3}"  # (not "1/2": a recipe's half cup)
    r"|\d{1,4} (bilder|fotos|photos|images|pictures|imágenes|immagini|zdjęć|zdjęcia)"
    r"|(zur |zu den |view |voir la |ver |open )?(bildergalerie|fotostrecke|galerie|gallery|galería|galleria)"
    # a subscription prompt
    r"|email me when (there are )?new stories\b.{0,60}"
    # share buttons' labels, a sponsor's line
    r"|(jetzt )?(teilen|share|partager|compartir|condividi)( (auf|on|sur|en|su|via) (facebook|twitter|x"
    r"|linkedin|whatsapp|pinterest|xing|telegram|reddit|e-?mail|bluesky|threads|mastodon))?[.!:]?"
    r"|(auf|bei|on|sur|en|su) (facebook|twitter|x|linkedin|whatsapp|pinterest|xing|telegram|reddit|bluesky"
    r"|threads|mastodon) (teilen|share|partager|compartir|condividi)"
    r"|(sponsored by|gesponsert von|präsentiert von|presented by|en partenariat avec|patrocinado por) .{1,60}"
    # an embedded post's frame: the line leading to it and the line naming who shared it
    r"|(view this post|sieh dir diesen beitrag|voir cette publication|ver esta publicación)"
    r" (on|auf|sur|en) instagram( an)?"
    r"|(a post shared by|ein beitrag geteilt von|une publication partagée par"
    r"|una publicación compartida por) .{1,150}"
    # an embed's consent placeholder, a list of sources to show or hide
    r"|externer inhalt"
    r"|(twitter|instagram|facebook|youtube|vimeo|tiktok|podcast|spotify|externe[n]? inhalte?|inhalte?)"
    r" (freischalten|entsperren|aktivieren|erlauben|zulassen)"
    # following the site on a news service, a preview of content for subscribers
    r"|(recib[ea]|sigue|siga|síguenos|follow( us)?|folgen sie( uns)?|folge uns|suivez(-nous)?)\b.{0,60}"
    r"\bgoogle ?news\b.{0,40}"
    r"|this is a preview of subscription content\b.{0,80}"
    r"|hágase (miembro|socio|suscriptor)\b.{0,60}"
    r"|(quellen|sources) (ausblenden|anzeigen|einblenden|show|hide)|(show|hide) sources"
    # comment counters, prompts to log in to comment
    r"|(vos )?(réactions|kommentare|comments|comentarios|commentaires|reactions)\s*\(\d+\)"
    r"|\d+ (kommentare?|comments?|commentaires?|comentarios?|reactions?|réactions?)"
    r"|um (einen kommentar|kommentare) zu (hinterlassen|schreiben|verfassen)\b.{0,80}"
    r"|kommentare (lesen|anzeigen)( und schreiben)?\b.{0,40}"
    r"|you must be logged in\b.{0,100}"
    r"|(sie müssen|du musst) (sich |dich )?(einloggen|anmelden|eingeloggt sein)\b.{0,100}"
    r"|(sie sind|du bist) (aktuell |derzeit |noch )?nicht (eingeloggt|angemeldet)\b.{0,40}"
    r"|\(?(noch )?keine (kommentare|bewertungen)\)?[.!]?( \(.{0,80}\))?|no comments( yet)?[.!]?"
    r"|(artikel|beitrag|seite|rezept) bewerten|bewerten sie (diesen|dieses|diese) \w+[.!:]?"
    r"|rate this (article|post|story|recipe|page)[.!:]?|print recipe|rezept drucken|jump to recipe"
    r"|zurück( zu[rm]? [\w ]{1,30})?|back to (top|the top|overview|the list|list|home|homepage)"
    r"|haz(te)? (miembro|socio|suscriptor)\b.{0,100}"
    r"|(unless otherwise (stated|noted|indicated)|sofern nicht anders (ausgewiesen|angegeben|vermerkt)"
    r"|sauf mention contraire)\b.{0,200}"
    r"|alle angaben ohne gewähr\b.{0,60}"
    r"|(schlagw(ö|oe)rte(r)?|stichw(ö|oe)rter|kategorien|categories|étiquettes|mots-clés|etiquetas"
    r"|filed under)\s*:?)$",
    re.IGNORECASE,
)
# _NOISE and _NOTICES, for the case-folded lines they are matched against: written in lower
# case, they match a case-folded line as they do case-blind (and faster) unless it holds the
# dotless i (U+0131), which case-folding keeps and a case-blind match pairs with "i" (see
# tests/readers/html/test_html_speed_paths.py)
_NOISE_FOLDED = re.compile(_NOISE.pattern)
_NOTICES_FOLDED = re.compile(_NOTICES.pattern)


def _furniture_patterns(line: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """_NOISE and _NOTICES, or their faster equals for the case-folded ``line``."""
    return (_NOISE, _NOTICES) if "\u0131" in line else (_NOISE_FOLDED, _NOTICES_FOLDED)


# the furniture lines of _NOISE and _NOTICES that may start anywhere in the line's first
# characters (a leading ".{0,n}"): tried at every offset, they cost three quarters of the
# patterns' time, so they are only tried on a line holding one of _ANYWHERE_WORDS, which
# each of them needs
_ANYWHERE_NOISE = re.compile(
    r"^(.{0,30}\b\d+\s*(min|mins|minute|minutes)\.?\s*(read|reading)"
    r"|.{0,80}\b(all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados)\b.{0,80}"
    r"|.{0,100}\bvideo\b.{0,40}\(\d{1,2}:\d{2}\))$",
    re.IGNORECASE,
)
# the site earning on what its readers buy: a verb of earning, then the commission
_EARNING = (
    r"(erhält|erhalten|bekommt|bekommen|verdient|verdienen|earns?|receives?|gets?|perçoit|percevons"
    r"|recibe|recibimos|riceve|riceviamo)"
)
_COMMISSION = r"(provision|commission|comisión|commissione)"
_EARNS = (
    rf"(\b{_EARNING}\b.{{0,60}}\b{_COMMISSION}"
    rf"|\b(eine|a|une|una) (kleine |small |petite |pequeña )?{_COMMISSION}\b.{{0,30}}\b{_EARNING}\b)"
)
_ANYWHERE_NOTICES = re.compile(
    r"^(.{0,80}\b(to (view|read|continue reading|access|unlock) (the|this)"
    r" (full |entire |whole |rest of the )?(story|article)|for the full (story|article))\b.{0,120}"
    r"|.{0,100}\balready (a )?(subscriber|member)\b.{0,150}"
    r"|.{0,80}\bdownload (the|our) .{0,40}\bapps?\b.{0,80}"
    r"|.{0,80}\bcancela cuando quieras\b.{0,20}"
    r"|.{0,80}\b(is|are) not responsible for the (opinions|views|content)\b.{0,150}"
    r"|.{0,120}\bn['\u2019]engagen?t que (leurs?|son|ses) auteurs?\b.{0,40}"
    r"|.{0,30}\b(dieser (beitrag|artikel|post) enthält (unbezahlte )?werbung"
    r"|(this|the) (post|article) contains affiliate links)\b.{0,150}"
    r"|.{0,80}\baffiliate[- ]links?\b.{0,150}"
    # a cookie notice: the site saying it uses cookies
    r"|.{0,120}\b(we use|we and our partners use|wir verwenden|verwenden wir|wir nutzen|nutzen wir|setzen wir"
    r"|(diese|unsere) (website|webseite|seite|internetseite) (verwendet|nutzt|benutzt)"
    r"|(this|our) (site|website) uses)\b.{0,40}\bcookies?\b.{0,250}"
    r"|.{0,120}\b(utilise (des|les)|utilisons (des|les)|utilizamos|utiliza|usiamo( i)?|utilizza( i)?)"
    r" cookies?\b.{0,250}"
    # a newsletter's promise
    r"|.{0,150}\bdelivered (straight |directly )?to your inbox\b.{0,60}"
    # a Chinese page's reprint notice ("未经授权" … "不得转载"), the writer's account named as a
    # notice ("Jane Doe is on Twitter at …")
    r"|.{0,100}(未经(授权|许可|允许)|不得转载|禁止转载|谢绝转载).{0,100}"
    r"|[\w .'\u2019-]{1,60} is on (twitter|x|instagram|facebook|threads|bluesky|mastodon)( at)? @?[\w.]{1,40}"
    # a commission the site may earn on the page's links ("Für Links auf dieser Seite erhält
    # X ggf. eine Provision", "we may earn a commission when you buy through links")
    r"|.{0,80}\blinks?\b.{0,80}" + _EARNS + r".{0,250}"
    r"|.{0,80}" + _EARNS + r".{0,80}\blinks?\b.{0,250})$",
    re.IGNORECASE,
)
#: one of these, or a reading time (_ANYWHERE_MIN_READ), is in every line _ANYWHERE_NOISE or
#: _ANYWHERE_NOTICES matches (in the case-folded line; checked by
#: tests/readers/html/test_html_speed_paths.py)
_ANYWHERE_WORDS = (
    "reserv",
    "réserv",
    "vorbehalten",
    "video",
    "to view",
    "to read",
    "to continue",
    "to access",
    "to unlock",
    "for the full",
    "already",
    "download",
    "cancela",
    "responsible",
    "engage",
    "enthält",
    "affiliate",
    "provision",
    "commission",
    "comisión",
    "cookie",
    "inbox",
    "未经",
    "转载",
    " is on ",
)
# letters that a case-blind match pairs with the letters of _ANYWHERE_WORDS although
# str.casefold does not turn them into them: a line holding one is always tried
_ANYWHERE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")


def _may_match_anywhere(line: str) -> bool:
    """False when neither _ANYWHERE pattern can match the case-folded ``line``."""
    return _ANYWHERE_WORD.search(line) is not None or _ANYWHERE_ODD.search(line) is not None


#: what a reading time needs ("5 min read", "12 minutes reading"): a word as common as "read"
#: (in "reader", "already", "thread") would send most lines of prose to the patterns
_ANYWHERE_MIN_READ = r"min(?:s|utes?)?\.?\s*read"

_Tree = dict[str, "_Tree"]


def _one_of(words: Iterable[str]) -> str:
    """A regular expression that finds any of ``words``, written as the tree of their common
    beginnings ("abo|abgelegt" as "ab(?:gelegt|o)"): at each character of a line the engine
    tries one branch per letter that starts a word, not one per word.

    >>> _one_of(["abo", "abgelegt", "kiosk"])
    '(?:ab(?:gelegt|o)|kiosk)'
    """
    tree: _Tree = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: _Tree) -> str:
        ends = "" in node
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and not ends:
            return alternatives[0]
        # (a word that ends where a longer one goes on: what follows is optional)
        return "(?:" + "|".join(alternatives) + (")?" if ends else ")")

    return branch(tree)


# any of _ANYWHERE_WORDS, or a reading time, in one search (faster on a line than a substring
# test per word)
_ANYWHERE_WORD = re.compile(_one_of(_ANYWHERE_WORDS) + "|" + _ANYWHERE_MIN_READ)


# the print issue the story comes from, promoted ("Dieser Beitrag stammt aus Ausgabe 7/2019
# der X. Das Heft ist im Handel …", "This article appears in the May 2019 issue"), matched in
# the case-folded line
_ISSUE_LINE = re.compile(
    r"^(dieser (beitrag|artikel) (stammt aus|erschien (zuerst |erstmals )?in)"
    r" (der )?(\S+ )?(ausgabe|heft)"
    r"|(this|the) (article|story) (appears|appeared|first appeared) in (the )?.{0,40}"
    r"\b(issue|print edition))\b"
)


# notices told by words inside the line, with at most so many characters before them and after
# them (searched for, which is much cheaper than a leading ".{0,n}" tried at every offset): the
# publication promoting its newsletter, app, issue and subscriptions, an embed waiting for
# consent, "filed under" lines, and when the page was last changed (its date is read before
# furniture goes)
_NOTICE_WORDS = tuple(
    (re.compile(pattern), before, after)
    for pattern, before, after in (
        (r"(sign up|subscribe) (here|now|today)\b", 80, 40),
        (r"straight to your (phone|device|mobile)\b", 80, 80),
        (r"(im abo|als abo|als e-paper|am kiosk|bahnhofskiosk|einzelheft)\b", 150, 120),
        (r"(abonnier(e|st)|abonnieren sie)\b", 100, 60),
        (r"abonnieren[.!:]?$", 40, 0),
        (r"(abgelegt unter|posted in)\b", 80, 200),
        (r"(ohne (dein|ihr) einverständnis|without your consent)\b", 100, 200),
        # a call to register for the publication ("Einfach hier klicken und für das digitale X
        # registrieren!", "Click here to subscribe")
        (
            r"(hier klicken und|click here to)\b.{0,60}\b(registrieren|anmelden|abonnieren|bestellen"
            r"|register|subscribe|sign up)\b",
            80,
            40,
        ),
        # a promotion ending with a call to look ("… in der X-Jobbörse. Gleich reinschauen!")
        (r"(gleich|jetzt) (reinschauen|vorbeischauen)( und (entdecken|stöbern))?[.!]?$", 250, 0),
        # the publication's own product ("Kennt ihr schon unseren Brandfinder? …")
        (
            r"^(kennt ihr|kennst du|kennen sie) schon unser(e|en|n)?\b"
            r"|^have you (already )?(seen|tried) our\b",
            0,
            250,
        ),
        (_ISSUE_LINE, 0, 250),
        (
            r"(letzte änderung|zuletzt (geändert|aktualisiert)( am)?|aktualisiert am"
            r"|last (modified|updated)|dernière (modification|mise à jour))"
            r"\s*:?\s*[\d./: -]{0,30}(am|pm|uhr)?\.?$",
            60,
            0,
        ),
    )
)


#: one of these is in every line a pattern of _NOTICE_WORDS finds (the patterns are matched
#: against the case-folded line, without IGNORECASE: plain substring tests are exact)
_NOTICE_HINTS = (
    "sign up",
    "subscribe",
    "straight to your",
    "abo",
    "e-paper",
    "kiosk",
    "einzelheft",
    "abgelegt unter",
    "posted in",
    "einverständnis",
    "without your consent",
    "schon unser",
    "have you",
    "hier klicken",
    "click here",
    "reinschauen",
    "vorbeischauen",
    "letzte änderung",
    "zuletzt",
    "aktualisiert am",
    "last modified",
    "last updated",
    "dernière",
    "stammt aus",
    "erschien",
    "appear",
)


# any of _NOTICE_HINTS, in one search (faster on a line than a substring test per hint)
_NOTICE_HINT = re.compile(_one_of(_NOTICE_HINTS))


def _notice_words(line: str) -> bool:
    if _NOTICE_HINT.search(line) is None:
        return False  # most lines: a few substring tests, not eight pattern searches
    for pattern, before, after in _NOTICE_WORDS:
        found = pattern.search(line, 0, before + 200)
        if found is not None and found.start() <= before and len(line) - found.end() <= after:
            return True
    return False


# what a line may be wrapped in around a furniture word ("- Anzeige -", "*Werbung*", "(...)")
_LINE_MARKS = " -\u2013\u2014*\u2022\u00b7|()[]<>\u00ab\u00bb"


# a breadcrumb trail: the home page, then the sections down to the page ("Home > News > …")
_BREADCRUMB = re.compile(
    r"^(home|homepage|startseite|accueil|inicio|portada|hauptseite|home page|首页|ホーム|главная)"
    r"\s*[›»>/|]\s*.{1,200}$"
)
# a post's acknowledgments, names only ("Thanks to Jane Doe and Max Mustermann.")
_NAME = r"[A-ZÀ-Ý][\w'\u2019.-]*( [A-ZÀ-Ý][\w'\u2019.-]*){0,3}"
_THANKS = re.compile(rf"^(Thanks to|Danke an|Merci à) {_NAME}((, | and | und | et | & ){_NAME})*\.?$")
_JOINED_LABELS = re.compile(r"\s[|·•]\s")


def is_boilerplate_line(text: str) -> bool:
    """True when a whole line of text is page furniture ("Advertisement", "Share this:", ...).

    >>> is_boilerplate_line("ADVERTISEMENT"), is_boilerplate_line("An advert for soap.")
    (True, False)
    >>> is_boilerplate_line("5 min read"), is_boilerplate_line("Sign up for our daily newsletter")
    (True, True)
    """
    line = " ".join(text.split()).casefold()  # no-break spaces too
    bare = line.strip(_LINE_MARKS)
    if line in BOILERPLATE_LINES or bare in BOILERPLATE_LINES or bare.strip(": /") in BOILERPLATE_LINES:
        return True
    noise, notices = _furniture_patterns(line)
    if noise.match(line) or notices.match(line) or (bare != line and notices.match(bare)):
        return True
    if _BREADCRUMB.match(bare):
        return True
    if line.startswith(("thanks to ", "danke an ", "merci à ")) and _THANKS.match(" ".join(text.split())):
        return True
    if _JOINED_LABELS.search(bare):
        # labels run together in one line ("Share on Facebook | Share on Twitter | Email")
        parts = [part.strip(_LINE_MARKS) for part in _JOINED_LABELS.split(bare)]
        if len(parts) > 1 and all(part in BOILERPLATE_LINES for part in parts if part):
            return True
    if _may_match_anywhere(line) and (
        _ANYWHERE_NOISE.match(line)
        or _ANYWHERE_NOTICES.match(line)
        or (bare != line and _ANYWHERE_NOTICES.match(bare))
    ):
        return True
    return _notice_words(bare)


def _promotion(text: str) -> bool:
    """A notice line about the publication itself (its shop, newsletter, subscriptions), not
    a credit or a copyright line (see :func:`is_boilerplate_line`)."""
    line = " ".join(text.split()).casefold()
    bare = line.strip(_LINE_MARKS)
    notices = _furniture_patterns(line)[1]
    if notices.match(line) or notices.match(bare):
        return True
    if _may_match_anywhere(line) and (_ANYWHERE_NOTICES.match(line) or _ANYWHERE_NOTICES.match(bare)):
        return True
    return _notice_words(bare)


def _hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        # a formula's fallback image is hidden from screen readers but shown: its alt text is the formula
        return not (tag(el) == "img" and "math" in class_parts(el))
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


# (a union of attribute and tag steps: libxml2 finds these far faster than a test of every element)
_MAYBE_HIDDEN = lxml.etree.XPath(
    "descendant::*/@hidden/.. | descendant::*/@aria-hidden/.. | descendant::*/@style/.."
)


def _small_form(form: HtmlElement) -> bool:
    """A search box, a sign-up or comment form: not a form that wraps the whole page.

    Some sites (ASP.NET above all) put the entire page, article included, in one ``form``.
    """
    if form.find(".//form") is not None or _WRAPS_CONTENT(form):
        return False
    prose = 0
    for p in form.iter("p"):
        if p.find(".//input") is None and len(normalize_space(p.text_content())) >= 80:
            prose += 1
    if prose >= 2:
        return False
    return not _text_over(form, _FORM_TEXT)


#: A sign-up box says this much at most besides its form (a heading, a line of promise).
_SIGN_UP_TEXT = 300
_SIGN_UP_WORDS = re.compile(
    r"newsletter|subscribe|sign up|signup|abonn|inscri|suscr|iscriviti|briefing|inbox|anmelden|anmeldung",
    re.IGNORECASE,
)


def _asks_for_email(form: HtmlElement) -> bool:
    """Whether ``form`` has a field for an e-mail address (by its type, name or placeholder)."""
    for field in form.iter("input"):
        if (field.get("type") or "").lower() == "email":
            return True
        if "mail" in (field.get("name") or "").lower() or "mail" in (field.get("placeholder") or "").lower():
            return True
    return False


def _text_over(el: HtmlElement, limit: int) -> bool:
    """Whether ``el`` holds more than ``limit`` characters of text (whitespace aside), read
    only as far as needed."""
    size = 0
    for piece in el.itertext():
        size += len(piece.strip())
        if size > limit:
            return True
    return False


def _sign_up_box(form: HtmlElement, root: HtmlElement) -> HtmlElement:
    """The box around a small ``form`` that asks for an e-mail address, when that box signs up
    for a newsletter (its heading and line of promise go with the form), else the form itself;
    never a box holding half the page's text (a page that is only a sign-up keeps its words).
    Called once the page's scripts, styles and form fields are gone."""
    own = sum(len(piece.strip()) for piece in form.itertext())
    box = form
    node = form.getparent()
    while node is not None and tag(node) not in {"body", "html", "article", "main"}:
        if _text_over(node, own + _SIGN_UP_TEXT) or node.find(".//h1") is not None:
            break
        box = node
        node = node.getparent()
    if box is form:
        return form
    if _SIGN_UP_WORDS.search(box.text_content()) is None:
        return form
    shown = sum(len(piece.strip()) for piece in box.itertext())
    return box if _text_over(root, 2 * shown) else form


_WRAPS_CONTENT = lxml.etree.XPath("boolean(descendant::h1 or descendant::article or descendant::main)")


#: A form with more text than this wraps content (only its controls go), a search box or a
#: comment form has less.
_FORM_TEXT = 1000


# scripts that hold markup for a page's scripts to show: a blog post rendered from a template
_TEMPLATE_TYPES = frozenset({"text/template", "text/html", "text/x-template", "text/x-handlebars-template"})


def _show_templates(root: HtmlElement) -> None:
    """Put the markup of ``<script type="text/template">`` in the page, where the page's
    scripts would show it (the markup is read like the rest: its own scripts are junk)."""
    for script in list(root.iter("script")):
        if (script.get("type") or "").strip().lower() not in _TEMPLATE_TYPES or not script.text:
            continue
        if "<" not in script.text or script.getparent() is None:
            continue
        shown = parse_fragment(script.text)
        parent = script.getparent()
        if shown is not None and parent is not None:
            shown.tail = script.tail
            parent.replace(script, shown)


def remove_junk(root: HtmlElement) -> None:
    """Remove what is never text: scripts, styles, forms, embeds, head, hidden elements."""
    _show_templates(root)
    # (a form's fields are junk too: which forms ask for an e-mail address is seen first)
    forms = [(el, _asks_for_email(el)) for el in root.iter("form") if _small_form(el)]
    for el in list(root.iter(*_JUNK_TAGS)):
        drop(el)
    doomed = [_sign_up_box(el, root) if asks else el for el, asks in forms]
    doomed += [el for el in _MAYBE_HIDDEN(root) if _hidden(el)]
    for el in doomed:
        drop(el)
    _rejoin_split_paragraphs(root)
    _unnest_from_headings(root)


# elements that end a paragraph where they stand
_BREAKS_PARAGRAPH = frozenset(
    {"p", "div", "ul", "ol", "dl", "table", "blockquote", "figure", "pre", "section", "article", "aside",
     "header", "footer", "nav", "hr", "form", "main", "details", *HEADINGS}
)  # fmt: skip


_HOLDS_BLOCKS = lxml.etree.XPath("boolean(descendant::p or descendant::div)")


def _rejoin_split_paragraphs(root: HtmlElement) -> None:
    """An empty ``div`` in a paragraph (a browser extension's, a widget's placeholder) makes
    the parser close the paragraph there: put what follows it back into the paragraph."""
    for empty in [el for el in root.iter("div", "section") if not len(el) and not (el.text or "").strip()]:
        before = empty.getprevious()
        parent = empty.getparent()
        if before is None or parent is None or tag(before) != "p" or not (empty.tail or "").strip():
            continue
        moved = empty.tail or ""
        empty.tail = None
        last = before[-1] if len(before) else None
        if last is not None:
            last.tail = (last.tail or "") + moved
        else:
            before.text = (before.text or "") + moved
        # the inline elements after it belonged to the paragraph too
        node = empty.getnext()
        while node is not None and tag(node) not in _BREAKS_PARAGRAPH and not _HOLDS_BLOCKS(node):
            following = node.getnext()
            before.append(node)  # moves the node, with its tail
            node = following
        parent.remove(empty)
    # a MathML formula that is shown becomes its text (its alttext, else what it spells)
    for el in [e for e in root.iter("math") if e.getparent() is not None]:
        formula = normalize_space(el.get("alttext") or el.text_content())
        span = el.makeelement("span", {})
        span.text = formula
        span.tail = el.tail
        parent = el.getparent()
        if parent is not None:
            parent.replace(el, span)


# what a heading never holds, unless the page closed it with the wrong tag
_NESTED_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "ul", "ol", "dl", "table", "blockquote", "figure", "pre"}
)
_HOLDS_PARAGRAPH = lxml.etree.XPath("boolean(descendant::p)")
#: What follows a heading's words inside it is moved out when it holds at least this much text.
_NESTED_TEXT = 200


def _unnest_from_headings(root: HtmlElement) -> None:
    """A heading closed with the wrong end tag (``<h2>…</h3>``) stays open, and the parser
    puts what follows it (the rest of the story) inside it: move what comes after the
    heading's own words, from its first block that holds paragraphs of text, out after it."""
    for heading in [h for h in root.iter(*HEADINGS) if h.find(".//p") is not None]:
        children = list(heading)
        first = next(
            (i for i, c in enumerate(children) if isinstance(c.tag, str) and c.tag in _NESTED_BLOCKS), None
        )
        if first is None:
            continue
        words = (heading.text or "") + "".join(
            (c.text_content() if isinstance(c.tag, str) else "") + (c.tail or "") for c in children[:first]
        )
        moved = children[first:]
        if not words.strip() or not any(_HOLDS_PARAGRAPH(c) or tag(c) == "p" for c in moved):
            continue
        if sum(len(c.text_content()) for c in moved if isinstance(c.tag, str)) < _NESTED_TEXT:
            continue
        tail, heading.tail = heading.tail, None
        cursor = heading
        for child in moved:
            cursor.addnext(child)  # moves it with its tail
            cursor = child
        cursor.tail = (cursor.tail or "") + (tail or "")


@lru_cache(maxsize=8192)
def _names_verdict(names: str, allow: frozenset[str]) -> bool | None:
    """What class names and id say: furniture (True), article (None: no furniture word), or
    furniture unless big (False: only a weak word such as "widget")."""
    tokens = [t.lower() for t in names.split()]
    if any(t in _BOILER_TOKENS and t not in allow for t in tokens):
        return True
    # "tag-social", "category-comment": a post's taxonomy names its subject, not its role
    tokens = [t for t in tokens if not t.startswith(_TAXONOMY)]
    # words split as written, so that camelCase counts ("sectionRelated", "authorBox")
    written = [t for t in names.split() if not t.lower().startswith(_TAXONOMY)]
    if "author-box" not in allow:
        for t in written:
            words = {p.lower() for p in NAME_SPLIT.split(t) if p}
            if words & _WRITER_PARTS and words & _BOX_PARTS:
                return True
    parts = {p.lower() for t in tokens for p in NAME_SPLIT.split(t) if p}
    # (but not comment words: forums that run words together call their posts "MtnComment")
    parts |= {p.lower() for t in written for p in NAME_SPLIT.split(t) if p} - _DISCUSSION
    if parts & _TEASER_PARTS and parts & _TEASED_MEDIA and not (_TEASER_PARTS | _TEASED_MEDIA) & allow:
        return True  # a teaser of a video or a photo ("imgTeaserL video", "photo-teasers")
    hits = (parts & _BOILER_PARTS) - allow
    hits |= {p for p in parts if p.startswith(_BOILER_STEMS)} - allow
    if not hits:
        return None
    if hits & _ALWAYS_PARTS:
        return True
    if parts & _CONTENT_PARTS:
        return None
    return not hits <= _WEAK_PARTS | _AD_SLOT_PARTS


@lru_cache(maxsize=4096)
def _names_links_box(names: str, allow: frozenset[str]) -> bool:
    """Whether class names and id name a box of job adverts or a slider (see ``_LINKS_BOX_PARTS``)."""
    parts = {
        p.lower()
        for t in names.split()
        if not t.lower().startswith(_TAXONOMY)
        for p in NAME_SPLIT.split(t)
        if p
    }
    return bool((parts & _LINKS_BOX_PARTS) - allow) and not parts & _CONTENT_PARTS


def _anchor(ident: str, el: HtmlElement) -> bool:
    """A heading's id made of its own words: an anchor for a table of contents
    ("nav_the_old_quay__1"), not a name of the heading's role."""
    words = [w for w in re.findall(r"\w+", text_of(el).casefold()) if len(w) > 1][:3]
    parts = set(re.split(r"[-_.:]+", ident.casefold()))
    return len(words) >= 2 and sum(w in parts for w in words) >= 2


def _furniture_by_name(el: HtmlElement, allow: frozenset[str], sizes: Sizes | None) -> bool:
    cls, ident = el.get("class"), el.get("id")
    if ident and tag(el) in HEADINGS and _anchor(ident, el):
        ident = None
    if not cls and not ident:
        return False
    names = f"{cls or ''} {ident or ''}"
    verdict = _names_verdict(names, allow)
    if verdict is None:
        # (a strip of thumbnails with arrows, text-less, is left to the rules for pictures)
        return (
            sizes is not None
            and _names_links_box(names, allow)
            and sizes.density(el) > 0.5
            and sizes.text(el) >= _LINKS_BOX_TEXT
        )
    if verdict:
        return True
    # page builders (Elementor, Blogger) wrap whole articles in "widgets": a widget is
    # furniture when it is mostly links, or small and without a paragraph of prose
    if sizes is None:
        return True
    if sizes.density(el) > 0.5:
        return True
    if sizes.text(el) >= _PROSE and "quote" in class_parts(el):
        return False  # a quotation set in a widget of its own ("widget quote longtext")
    return sizes.text(el) < _WEAK_TEXT and not any(
        sizes.text(p) >= 60 and sizes.density(p) < 0.5 for p in el.iter("p")
    )


def _in_figure(el: HtmlElement) -> bool:
    return any(tag(node) in {"figure", "figcaption"} or is_caption(node) for node in el.iterancestors())


def _is_caption_box(el: HtmlElement) -> bool:
    return tag(el) == "figcaption"


def is_furniture(
    el: HtmlElement, allow: frozenset[str] = frozenset(), sizes: Sizes | None = None, *, by_name: bool = True
) -> bool:
    """True when ``el`` is page furniture by its tag, role or class names.

    :param el: the element.
    :param allow: class words and names not to count (``{"byline"}`` when looking for one).
    :param sizes: the page's sizes: with them, an element named only by a weak word
        ("widget") is furniture when it is small or mostly links, not when it holds text.
    :param by_name: count class names and ids (else only the tag, role and itemprop).
    """
    name = tag(el)
    if name in _FURNITURE_TAGS:
        return True
    role = (el.get("role") or "").strip().lower()
    if role in _FURNITURE_ROLES:
        return True
    if el.get("itemprop") in {"comment", "comments"}:
        return True
    if not by_name:
        return False
    if name == "figure":
        # a figure's classes describe its layout ("fig--has-shares"): only an advert goes
        return bool(class_parts(el) & _AD_PARTS)
    return _furniture_by_name(el, allow, sizes)


# the elements that can be furniture by their tag, role or itemprop (class words: Page.named)
# (a union of attribute and tag steps: libxml2 finds these far faster than a test of every element)
_MAYBE_FURNITURE = lxml.etree.XPath(
    "descendant::*/@role/.. | descendant::*/@itemprop/.. | descendant::nav | descendant::aside"
    " | descendant::footer | descendant::menu"
)


# furniture words that may name a box holding most of the page's text and still be furniture
_DISCUSSION = frozenset({"comment", "comments", "commentlist", "disqus", "respond", "replies", "reply"})


def _may_hold_the_text(el: HtmlElement, page: Page, whole: int, prose: dict[str, int]) -> bool:
    """A box that only its class names call furniture ("entry share", "isPaywall") but that
    may hold most of the page's text, as prose: the article, if it still holds half the text
    once the other furniture is gone (a share bar or a paywall notice is small; comments are
    furniture whatever their size); or half the page's prose (``prose["page"]`` characters,
    measured when first needed) when menus outweigh the article."""
    size = page.sizes.text(el)
    if whole <= 0 or (size < 0.2 * whole and (size < 500 or size < 0.1 * whole)):
        return False  # (the common case first: a small box)
    if tag(el) in _FURNITURE_TAGS or (el.get("role") or "").strip().lower() in _FURNITURE_ROLES:
        return False
    if class_parts(el) & _DISCUSSION or el.get("itemprop") in {"comment", "comments"}:
        return False
    if page.sizes.density(el) >= 0.3:
        return False
    if size >= 0.2 * whole:
        return True
    if "page" not in prose:  # (measured once, for the first box that needs it)
        prose["page"] = _prose(page, page.root)
    return _prose(page, el) >= 0.5 * prose["page"]


# a control that closes the box it opens (class word "close"): the box is a
# dialog over the page (a shop's shipping terms, a newsletter's sign-up), not the page
#: A close control says at most this much ("Schließen [X]", a cross).
_CLOSE_TEXT = 20


def _dialogs(page: Page) -> list[HtmlElement]:
    """Boxes that open with a control closing them (see ``_MAYBE_CLOSE``)."""
    found: list[HtmlElement] = []
    sizes = page.sizes
    for control in page.named(frozenset({"close"})):
        box = control.getparent()
        if box is None or tag(box) in {"html", "body", "article", "main"} or box in page.protected:
            continue
        first = [c for c in box if isinstance(c.tag, str)][:2]
        size = sizes.text(control)
        if control not in first or size > _CLOSE_TEXT or sizes.text(box) <= size:
            continue
        if _WRAPS_CONTENT(box):
            continue
        found.append(box)
    return found


#: A paragraph of prose holds at least this many characters, mostly outside links.
_PROSE = 80


def _prose(page: Page, root: HtmlElement) -> int:
    """The characters in paragraphs of prose under ``root``."""
    sizes = page.sizes
    total = 0
    for p in root.iter("p"):
        size = sizes.text(p)
        if size >= _PROSE and sizes.density(p) < 0.3:
            total += size
    return total


def remove_boilerplate(
    page: Page, keep: frozenset[HtmlElement] = frozenset(), *, by_name: bool = True
) -> None:
    """Remove page furniture: nav, share bars, adverts, comments, sidebars...

    Elements in ``keep`` (and their ancestors) are never removed.

    :param page: the page (its tree is changed in place).
    :param keep: elements known to be article content.
    :param by_name: also remove what class names and ids call furniture (not only tags, roles
        and the text of whole lines).
    """
    root = page.root
    protected = set(keep)
    for k in keep:
        protected.update(k.iterancestors())
    todo: list[HtmlElement] = []
    if by_name:
        maybe = page.named(
            _BOILER_PARTS | _WRITER_PARTS | _TEASER_PARTS | _LINKS_BOX_PARTS,
            _BOILER_TOKENS,
            _BOILER_STEMS,
            also=_MAYBE_FURNITURE(root),
        )
    else:
        maybe = page.in_order(_MAYBE_FURNITURE(root))
    body = root.find("body")
    whole = page.sizes.text(body if body is not None else root)
    deferred: list[HtmlElement] = []
    prose: dict[str, int] = {}
    for el in maybe:
        if el is root or tag(el) in {"html", "body"}:
            continue
        if el in protected or is_data_table(el) or not is_furniture(el, sizes=page.sizes, by_name=by_name):
            continue
        if _may_hold_the_text(el, page, whole, prose):
            deferred.append(el)  # judged once the rest of the furniture is gone
        elif (
            not page.above(el, _is_caption_box, "figcaption", whole=True) or class_tokens(el) & _SCREEN_READER
        ):
            todo.append(el)
    todo += [box for box in _dialogs(page) if box not in protected]
    if not by_name:
        todo += _discussions(page, protected, whole)
    if by_name:
        todo += _site_headers(page, protected, whole)
        todo += _faq_boxes(page, protected, whole)
        todo += [el for el in page.sizes.custom if el not in protected and _furniture_tag(tag(el))]
        # a link back to the section or the list ("<a class='icon-text--back'>Märkte</a>")
        todo += [a for a in page.named(_BACK_PARTS) if tag(a) == "a" and a not in protected]
    for el in todo:
        page.drop(el)
    whole = page.sizes.text(body if body is not None else root)
    for el in deferred:
        if page.sizes.text(el) < 0.5 * whole and el.getparent() is not None:
            page.drop(el)
    _remove_lines(page, keep)


def _discussions(page: Page, protected: set[HtmlElement], whole: int) -> list[HtmlElement]:
    """The boxes named as readers' comments, for a reading without the furniture rules of
    class names (see :func:`remove_boilerplate`): comments are furniture whatever else the
    page's names got wrong, unless they hold half its text (a forum's thread, whose posts
    are the page)."""
    found: list[HtmlElement] = []
    for el in page.named(_DISCUSSION):
        if el in protected or tag(el) in {"html", "body"} or any(within(el, box) for box in found[-1:]):
            continue
        found.append(el)
    return found if sum(page.sizes.text(el) for el in found) < 0.5 * whole else []


# names of the box at the top of every page of the site (logo, tagline, language switch,
# search, telephone number): not an article's own header, which holds its headline
_SITE_HEADER_TOKENS = frozenset(
    {"header", "header-top", "header-right", "header-left", "header-wrapper", "header-inner",
     "header-container", "header-bar", "header-area", "header-main", "site-header", "top-header", "topheader"}
)  # fmt: skip
#: A site's header holds at most this share of the page's text.
_SITE_HEADER_SHARE = 0.3


# a page's own elements ("<pp-inline-teaser>", "<ps-promo>"): their names say what they are
_FURNITURE_TAG_PARTS = frozenset(
    {"teaser", "promo", "newsletter", "ad", "ads", "advert", "share", "social", "related", "recommended"}
)


@lru_cache(maxsize=256)
def _furniture_tag(name: str) -> bool:
    """A custom element's name that names furniture ("pp-inline-teaser", "amp-social-share")."""
    return bool(set(name.lower().split("-")) & _FURNITURE_TAG_PARTS)


# class words of a box of the site's questions and answers (a shop's, a booking portal's)
_FAQ_PARTS = frozenset({"faq", "faqs"})
#: A box of the site's questions holds at most this share of the page's text.
_FAQ_SHARE = 0.6


def _faq_boxes(page: Page, protected: set[HtmlElement], whole: int) -> list[HtmlElement]:
    """Boxes named as questions and answers beside the page's own text (a holiday rental's
    booking questions under its description, which outweigh it): not those inside a box that
    names itself the article (a buying guide's questions), nor those holding the headline or an
    ``h1``, nor most of the page's text (a page of questions and answers)."""
    found: list[HtmlElement] = []
    for el in page.named(_FAQ_PARTS):
        if tag(el) in {"html", "body"} or el in protected or el in page.title_boxes:
            continue
        if page.sizes.text(el) > _FAQ_SHARE * whole or el.find(".//h1") is not None:
            continue
        if names_article(el) or any(names_article(node) for node in el.iterancestors()):
            continue  # the story's own questions (a buying guide's): inside the article's box
        found.append(el)
    return found


# class words of a link back to the section or the list
_BACK_PARTS = frozenset({"back", "backlink"})


def _site_headers(page: Page, protected: set[HtmlElement], whole: int) -> list[HtmlElement]:
    """Boxes named as the site's header that do not hold the headline nor any ``h1``, and
    hold elements (a logo, a link, a line of text)."""
    found: list[HtmlElement] = []
    for el in page.named(tokens=_SITE_HEADER_TOKENS):
        if tag(el) in HEADINGS or tag(el) in {"html", "body"} or el in protected or el in page.title_boxes:
            continue
        if page.sizes.text(el) > _SITE_HEADER_SHARE * whole or el.find(".//h1") is not None:
            continue
        if not any(isinstance(child.tag, str) for child in el):
            continue  # a label ("<div class='header'>AUTOR</div>"), which other rules read
        found.append(el)
    return found


#: At most this many characters in a line between a "Related" heading and its links.
_INTRO_LINE = 150


def _teasers_after(heading: HtmlElement, sizes: Sizes) -> list[HtmlElement]:
    """What follows a "Related" heading up to the next prose: lists of links, teaser cards
    (a linked title, a picture, a line of excerpt), their headings."""
    found: list[HtmlElement] = []
    intro: HtmlElement | None = None
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        size = sizes.text(sibling)
        teaser = (
            size == 0
            or sizes.density(sibling) > 0.3
            or ((tag(sibling) in HEADINGS or sibling.get("role") == "heading") and size < 150)
            or (size < 100 and bool(sizes.images(sibling)))
        )
        if not teaser:
            # a line introducing the links ("Klicke dich durch die Homestorys der Community."),
            # right under the heading, goes with them when links follow it
            if found or intro is not None or size > _INTRO_LINE or tag(sibling) not in {"p", "div", "span"}:
                break
            intro = sibling
            continue
        if intro is not None:
            found.append(intro)
            intro = None
        found.append(sibling)
    return found


_CREDIT_CLASS_PARTS = frozenset({"credit", "credits", "copyright", "photographer", "caption"})
# a line that only credits a picture ("Foto: Jane Doe", "Crédits photos : X", "Beitragsbild: X")
_PICTURE_CREDIT = re.compile(
    r"^(photos?|photographs?|photography|photo credits?|fotos?|bild(er)?|beitragsbild|titelbild|headerbild"
    r"|images?|pictures?|crédits? photos?|фото)\s*(:|\s[-\u2013\u2014])\s*\S.{0,80}$",
    re.IGNORECASE,
)


# a line that only names where the text comes from ("Quelle: dpa", "Source: Reuters")
_SOURCE_LINE = re.compile(
    r"^(quelle|quellen|source|sources|źródło|źródła|fuente|fuentes|fonte|источник|kaynak)\s*:\s*\S.{0,120}$",
    re.IGNORECASE,
)


# a line pointing to another article of the site: "Alles über X findest du hier.", "…, erklären
# wir in unserem Beitrag <link>", "Read more about X here."
_POINTER = re.compile(
    r"(\b(findest du|findet ihr|finden sie|gibt es|erfahren sie|erfährst du|lest ihr|liest du|lesen sie)"
    r"\b.{0,40}\bhier|\b(in|im) unsere[mn]? (beitrag|artikel|ratgeber|text)\b.{0,120}"
    r"|\b(read|find out|learn) more\b.{0,60}\bhere|\bin our (article|guide|story|explainer)\b.{0,120})"
    r"\s*[.!:]?$",
    re.IGNORECASE,
)


def _pointer_hint(text: str, near: int = 130) -> bool:
    """What a line pointing to another article must hold near its end (within ``near``
    characters), looked for first (a few substring tests instead of the pattern's search)."""
    end = text[-near:].lower()
    return "hier" in end or "here" in end or "unsere" in end or "in our" in end


def _points_to_link(el: HtmlElement, text: str) -> bool:
    """A line ending with "… lesen Sie hier: <a>Title</a>", "… read more here: <a>Title</a>":
    a pointer to the story the link at its end names."""
    links = el.findall(".//a")
    if not links or len(el.findall(".//p")) > (tag(el) == "p"):
        return False
    title = text_of(links[-1])
    if not 0 < len(title) <= 100 or title.casefold().startswith(("http", "www.")):
        return False  # (an address the writer gives: "Fotos finden Sie hier: https://…")
    at = text.rfind(title)
    if at <= 0 or len(text) - (at + len(title)) > 2:
        return False  # the link is not what ends the line
    head = text[:at].rstrip(" :–—-")
    return _pointer_hint(head) and _POINTER.search(head) is not None


def _in_table(el: HtmlElement) -> bool:
    return next(el.iterancestors("table"), None) is not None


def _credit_without_picture(el: HtmlElement) -> bool:
    """A picture credit on a line of its own, with no picture before it and outside any
    figure: what is left of a picture the page no longer shows (a credit next to a picture
    stays the picture's)."""
    if _in_figure(el) or is_caption(el) or class_parts(el) & _CREDIT_CLASS_PARTS:
        return False
    if el.find(".//img") is not None or el.find(".//picture") is not None:
        return False
    node: HtmlElement | None = el
    while node is not None and tag(node) not in {"article", "main", "body"}:
        before = [b for b in node.itersiblings(preceding=True) if isinstance(b.tag, str)][:2]
        if before:
            # the picture, perhaps with its caption between
            return not any(
                tag(b) in {"img", "picture", "figure"} or b.find(".//img") is not None for b in before
            )
        node = node.getparent()
    return True


def _writer_note_after(heading: HtmlElement, sizes: Sizes) -> list[HtmlElement] | None:
    """What follows an "About the author" heading up to the next heading: a picture, a name,
    a few lines about the writer (None when that is long: the heading names a section)."""
    found: list[HtmlElement] = []
    size = 0
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if tag(sibling) in HEADINGS:
            break
        size += sizes.text(sibling)
        if size > _WRITER_NOTE:
            return None
        found.append(sibling)
    return found


def _contacts(el: HtmlElement, box: HtmlElement, page: Page) -> bool:
    """``box`` holds contacts and nothing else: a mark of an address (e-mail, telephone) and
    no line of prose without one."""
    if not _CONTACT_MARK.search(page.text(box)):
        return False
    return all(
        p is el or page.sizes.text(p) <= _CONTACT_LINE or bool(_CONTACT_MARK.search(page.text(p)))
        for p in box.iter("p", "li", "div", "dd", "td")
        if not p.findall(".//p")
    )


def _widest_box(el: HtmlElement, page: Page, limit: int, fits: Callable[[HtmlElement], bool]) -> HtmlElement:
    """The largest box around ``el`` (``el`` itself if none) with at most ``limit`` characters,
    no ``h1``, and that ``fits``; never the article's or the page's own box, nor a protected one."""
    box = el
    node = el.getparent()
    while (
        node is not None
        and tag(node) not in {"article", "main", "body", "html"}
        and node not in page.protected
    ):
        if page.sizes.text(node) > limit or node.find(".//h1") is not None or not fits(node):
            break
        box = node
        node = node.getparent()
    return box


def _contacts_under(heading: HtmlElement, page: Page) -> list[HtmlElement] | None:
    """The contacts a "Contact" heading leads: the small box it opens (a press officer's
    card), else what follows it to the end of its parent, when that is only contacts."""
    sizes = page.sizes
    box = _widest_box(heading, page, _CONTACT_BOX, lambda node: _contacts(heading, node, page))
    if box is not heading:
        return [box]
    after = [s for s in heading.itersiblings() if isinstance(s.tag, str)]
    size = sum(sizes.text(s) for s in after)
    if not after or size > 3 * _CONTACT_BOX:
        return None
    text = " ".join(page.text(s) for s in after)
    lines_ok = all(
        sizes.text(s) <= _CONTACT_LINE or bool(_CONTACT_MARK.search(page.text(s)))
        for s in after
        if not s.findall(".//p")
    )
    if lines_ok and _CONTACT_MARK.search(text):
        return [heading, *after]
    return None


def _writer_box(label: HtmlElement, text: str, page: Page) -> list[HtmlElement] | None:
    """The box a label over the writer's name opens: the largest small box around the label
    that starts with it, else what follows the label to the end of its parent, when small."""
    sizes = page.sizes
    box = _widest_box(label, page, _WRITER_NOTE, lambda node: page.text(node).startswith(text))
    if box is not label:
        return [box] if sizes.text(box) > len(text) else None
    after = [s for s in label.itersiblings() if isinstance(s.tag, str)]
    if (
        after
        and sum(sizes.text(s) for s in after) <= _WRITER_NOTE
        and not any(s.find(".//h1") is not None for s in after)
    ):
        return [label, *after]
    return None


# an appeal to the reader to support, join or pay for the publication ("Apóyanos", "Wesprzyj
# nas darowizną", "Hazte miembro", "Unterstütze uns", "brauchen wir deine Unterstützung"):
# imperatives and "we need your support", matched in the lower-cased text of a paragraph
_APPEAL = re.compile(
    r"apóyanos|apoyanos|wesprzyj(cie)? nas\b|przekaż nam 1|unterstütze uns\b"
    r"|unterstütze unsere? (arbeit|magazin|journalismus|redaktion|projekt)"
    r"|(^|[.!?:] )(bitte )?unterstützen sie uns\b|(^|[.!?:] )(please )?support us\b"
    r"|support (our|independent) (journalism|reporting|newsroom)"
    r"|(brauchen|benötigen) wir (deine|ihre|eure) unterstützung|we need your support|necesitamos tu apoyo"
    r"|haz(te)? (miembro|socio)|hágase (miembro|socio)|werden? sie mitglied\b|werde mitglied\b"
    r"|devenez membre|soutenez-nous|sostienici|faites un don|donate now|jetzt spenden"
)
#: one of these is in every text _APPEAL matches (in the lower-cased text): a page holding
#: none of them is not searched element by element. They are grouped under a word they share,
#: so that a page is searched for 15 words, not 29 (most pages hold none of them).
_APPEAL_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("unterstütz", (
        "unterstütze uns", "unterstütze unser", "unterstützen sie uns", "wir deine unterstützung",
        "wir ihre unterstützung", "wir eure unterstützung",
    )),
    ("support", ("support us", "support our", "support independent", "your support")),
    ("mitglied", ("sie mitglied", "werde mitglied")),
    ("miembro", ("haz miembro", "hazte miembro", "hágase miembro")),
    ("socio", ("haz socio", "hazte socio", "hágase socio")),
    ("yanos", ("apóyanos", "apoyanos")),
    ("wesprzyj", ("wesprzyj",)),
    ("przekaż nam", ("przekaż nam",)),
    ("tu apoyo", ("tu apoyo",)),
    ("devenez membre", ("devenez membre",)),
    ("soutenez-nous", ("soutenez-nous",)),
    ("sostienici", ("sostienici",)),
    ("faites un don", ("faites un don",)),
    ("donate now", ("donate now",)),
    ("jetzt spenden", ("jetzt spenden",)),
)  # fmt: skip
# any of the words _APPEAL_HINTS are grouped under
_APPEAL_WORD = re.compile(_one_of(word for word, _ in _APPEAL_HINTS))
#: An appeal is at most this long; each box around it, up to its own, adds at most this much.
_APPEAL_TEXT = 800
_APPEAL_BOX = 100
_QUOTES = '"“”„«»'


def _appeals(page: Page, keep: frozenset[HtmlElement]) -> list[HtmlElement]:
    """Paragraphs asking the reader to support, join or pay for the publication, with the
    small box each stands in (its heading, its button). A paragraph quoting someone (it
    holds quotation marks) is the story's."""
    found: list[HtmlElement] = []
    whole = lxml.etree.tostring(page.root, method="text", encoding=str).lower()
    if _APPEAL_WORD.search(whole) is None:
        return found  # (most pages: one search for the words instead of a scan for each)
    hints = [hint for word, group in _APPEAL_HINTS if word in whole for hint in group if hint in whole]
    if not hints:
        return found
    sizes = page.sizes
    for el in page.root.iter("p", "div", "blockquote"):
        size = sizes.text(el)
        if el in keep or not 0 < size <= _APPEAL_TEXT:
            continue
        text = page.text(el).lower()
        if not any(hint in text for hint in hints) or _APPEAL.search(text) is None:
            continue
        if any(q in text for q in _QUOTES):
            continue
        if _HOLDS_BLOCKS(el) and any(sizes.text(d) > _PROSE for d in el.iter("p", "div") if d is not el):
            continue  # it holds paragraphs: the appeal is one of them
        box, node = el, el.getparent()
        while (
            node is not None
            and tag(node) not in {"article", "main", "body", "html"}
            and node not in page.protected
            and sizes.text(node) - sizes.text(box) <= _APPEAL_BOX
            and node.find(".//h1") is None
        ):
            box, node = node, node.getparent()
        found.append(box)
    return found


def _issue_box(el: HtmlElement, text: str, page: Page) -> HtmlElement:
    """``el``, a furniture line; when it promotes the print issue the story comes from, the
    small box it stands in with it (the issue's number as its heading, its cover, the list
    of the issue's other stories: links), which adds at most _APPEAL_BOX characters of text
    outside links."""
    if not any(hint in text for hint in ("stammt aus", "erschien", "ppear")):
        return el
    if _ISSUE_LINE.search(" ".join(text.split()).casefold()) is None:
        return el
    sizes = page.sizes
    box, node = el, el.getparent()
    while (
        node is not None
        and tag(node) not in {"article", "main", "body", "html"}
        and node not in page.protected
        and _unlinked(node, sizes) - _unlinked(box, sizes) <= _APPEAL_BOX
        and node.find(".//h1") is None
    ):
        box, node = node, node.getparent()
    return box


def _unlinked(el: HtmlElement, sizes: Sizes) -> float:
    return sizes.text(el) * (1.0 - sizes.density(el))


def _boilerplate_line(text: str, known: dict[str, bool]) -> bool:
    """:func:`is_boilerplate_line`, asked once per text in ``known``."""
    verdict = known.get(text)
    if verdict is None:
        verdict = known[text] = is_boilerplate_line(text)
    return verdict


def _remove_lines(page: Page, keep: frozenset[HtmlElement]) -> None:
    """Remove furniture recognised by its text: labels, "Related" lists, tag lines."""
    todo: list[HtmlElement] = []
    root, sizes = page.root, page.sizes
    boilerplate: dict[str, bool] = {}  # nested elements often hold the same line
    for el in root.iter(*_LINE_TAGS, "figcaption"):
        name = el.tag
        if el in keep or not 0 < sizes.text(el) <= 400:
            continue
        text = page.text(el)
        if not text:
            continue
        if "\u00a0" in text:
            # words joined by no-break spaces ("Weitere&nbsp;Artikel&nbsp;zum&nbsp;Thema")
            text = " ".join(text.split())
        short = (
            name in {"p", "div", "strong", "b", "span", "header"}
            and len(text) < 60
            and not (len(el) and el.findall(".//p"))  # (an element without children holds none)
        )
        if name in HEADINGS or short:
            if _RELATED_HEADINGS.match(text):
                todo.extend(_teasers_after(el, sizes))
                todo.append(el)
                continue
            found = None
            label = _LABEL_HEADINGS.match(text) if len(text) < 60 else None
            if label is not None and label.group("contact"):
                found = _contacts_under(el, page)
            elif label is not None:
                found = _writer_box(el, text, page)
                if label.group("by") and found and sum(sizes.text(f) for f in found) > _BY_BOX:
                    found = None  # (a quoted e-mail's "Von:" line)
            elif _ABOUT_WRITER.match(text.replace("\u2019", "'")):
                note = _writer_note_after(el, sizes)
                found = None if note is None else [el, *note]
            if found is not None:
                todo.extend(found)
                continue
        if name == "figcaption":
            advert = len(text) < 30 and text.casefold().strip(_LINE_MARKS) in _ADVERT_LINES
            if advert or (len(text) <= 260 and _boilerplate_line(text, boilerplate) and _promotion(text)):
                figure = el.getparent()
                todo.append(figure if figure is not None and tag(figure) == "figure" else el)
            continue
        if len(text) <= 260 and _boilerplate_line(text, boilerplate) and name in _LINE_TAGS:
            if not _in_figure(el):
                todo.append(_issue_box(el, text, page))
            elif _promotion(text):
                # a banner: a picture whose caption promotes the publication (a credit,
                # "© Harbour Trust", stays the picture's)
                figure = next(el.iterancestors("figure"), None)
                if figure is not None:
                    todo.append(figure)
            continue
        # (a picture's or a table's source stays theirs)
        source_line = name in {"p", "div", "span", "em", "small"} and len(text) <= 150 and ":" in text[:12]
        if source_line and _SOURCE_LINE.match(text) and not _in_figure(el) and not _in_table(el):
            todo.append(el)
            continue
        credit_line = name in {"p", "div", "span", "em", "small"} and len(text) <= 100
        if credit_line and _PICTURE_CREDIT.match(text) and _credit_without_picture(el):
            todo.append(el)
            continue
        if name in {"p", "div", "li", "span"} and _LABEL_LINES.match(text) and sizes.density(el) > 0.4:
            todo.append(el)
            continue
        if name in {"p", "div", "li", "span"} and len(text) <= 150 and ":" in text and _META_LINE.match(text):
            todo.append(el)
            continue
        pointer = name in {"p", "div"} and len(text) <= 200 and _pointer_hint(text)
        if pointer and el.find(".//a") is not None and _POINTER.search(text):
            todo.append(el)
            continue
        # (the pointer's words stand before a closing link of at most 100 characters)
        closing = name in {"p", "div"} and len(text) <= 300 and _pointer_hint(text, 230)
        if closing and _points_to_link(el, text):
            todo.append(el)
            continue
        lead = text.replace("\u00a0", " ").casefold().lstrip(_LINE_MARKS).startswith(_READ_ALSO)
        if name in {"p", "div", "li"} and lead and sizes.density(el) > 0.5 and len(text) < 300:
            todo.append(el)
    todo += _appeals(page, keep)
    for el in todo:
        page.drop(el)
