"""Embedded media (``video``, ``audio``, player ``iframe``\\ s) read as placeholders, never as live content.

Before the page's scripts and embeds are removed, :func:`mark_media` replaces each media
element that an article embeds by a :data:`MEDIA_TAG` element carrying what a reader of the
archive needs: the kind, the address of the media or of the player's page, a title, the
provider (from the address's host) and a poster image. The converter later turns each one
into a :class:`~archivepub.model.Media` block. An ``iframe`` counts as media only when it is
a player (a known video, audio or map host, or one that allows full screen): advertising
frames and widgets stay junk.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import HtmlElement

from archivepub.model import Media, normalize_space
from archivepub.readers.html._util import resolve_url, tag

__all__ = ["MEDIA_TAG", "mark_media", "media_block"]

#: The element :func:`mark_media` puts where an embedded media element was.
MEDIA_TAG = "apub-media"

# hosts of embedded players, by the provider's name (a subdomain of one counts too)
_PROVIDERS = {
    "youtube.com": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify",
    "bandcamp.com": "Bandcamp",
    "archive.org": "Internet Archive",
    "ted.com": "TED",
    "twitch.tv": "Twitch",
    "rutube.ru": "Rutube",
    "vk.com": "VK",
    "wikimedia.org": "Wikimedia Commons",
    "openstreetmap.org": "OpenStreetMap",
    "google.com": "Google",
    "podcasts.apple.com": "Apple Podcasts",
}


def _provider(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    for domain, name in _PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


def _source(el: HtmlElement, base: str | None) -> str | None:
    src = resolve_url(el.get("src") or el.get("data-src"), base)
    if src:
        return src
    for source in el.iter("source"):
        found = resolve_url(source.get("src") or source.get("data-src"), base)
        if found:
            return found
    return None


def _title(el: HtmlElement) -> str | None:
    for attr in ("title", "aria-label", "data-title"):
        value = normalize_space(el.get(attr) or "")
        if value:
            return value
    return None


def mark_media(root: HtmlElement, base: str | None) -> None:
    """Replace the page's embedded media by :data:`MEDIA_TAG` placeholders (in place)."""
    for el in list(root.iter("video", "audio", "iframe")):
        if el.getparent() is None or any(tag(a) in {"video", "audio", "head"} for a in el.iterancestors()):
            continue
        name = tag(el)
        src = _source(el, base)
        provider = _provider(src)
        if name == "iframe" and provider is None and el.get("allowfullscreen") is None:
            continue  # an advert, a widget, a form: left for the junk remover
        if name == "iframe" and src is None:
            continue
        kind = "embed" if name == "iframe" else name
        attrs = {"kind": kind}
        values = {"src": src, "title": _title(el), "provider": provider}
        values["poster"] = resolve_url(el.get("poster"), base) if name == "video" else None
        attrs.update({k: v for k, v in values.items() if v})
        marker = el.makeelement(MEDIA_TAG, attrs)
        marker.tail = el.tail
        parent = el.getparent()
        if parent is not None:
            parent.replace(el, marker)


def media_block(el: HtmlElement, title: str | None = None) -> Media:
    """The :class:`Media` block of a :data:`MEDIA_TAG` placeholder (``title``: a caption's text
    to use when the element has none)."""
    return Media(
        kind=el.get("kind") or "embed",
        src=el.get("src"),
        title=el.get("title") or title,
        provider=el.get("provider"),
        poster=el.get("poster"),
    )
