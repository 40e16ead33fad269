# ruff: noqa: RUF001  (Cyrillic agency names are meant)
"""Figures: image source (lazy ``data-src``, ``srcset``, ``picture``), alt text, caption and credit."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import unquote

from lxml.html import HtmlElement

from archivepub.model import Figure, Inline, Text, normalize_inlines, normalize_space, plain_text
from archivepub.model.nodes import Emphasis, Link, Strong
from archivepub.readers._credit import split_credit, strip_credit_label
from archivepub.readers.html._util import class_parts, class_tokens, drop, elements, resolve_url, tag, text_of

__all__ = [
    "CAPTION_CLASSES",
    "caption_element",
    "figure_from",
    "image_src",
    "inline_image",
    "is_caption",
    "is_credit",
    "is_icon",
    "sole_image",
]

#: Class names of an element that holds the caption of the image before it.
CAPTION_CLASSES = frozenset(
    {
        "caption",
        "wp-caption-text",
        "image-caption",
        "img-caption",
        "photo-caption",
        "figure-caption",
        "media-caption",
        "caption-text",
        "figcaption",
        "picture-caption",
        "inline-caption",
        "imagedescription",
        "image-description",
        "img-description",
        "photo-description",
        "bildunterschrift",
        "bildtext",
    }
)
_CREDIT_PARTS = frozenset(
    {"credit", "credits", "copyright", "attribution", "photographer", "byline", "courtesy", "rights"}
)
#: A credit holds at most this many characters.
_CREDIT_TEXT = 200
_CREDIT_TOKENS = frozenset({"photo-credit", "image-credit", "img-credit", "media-credit", "caption-credit"})
_SRCSET_ITEM = re.compile(r"\s*(\S+?)(?:\s+(\d+(?:\.\d+)?)([wxh]))?\s*(?:,|$)")
_LAZY_ATTRS = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-orig-file",
    "data-large-file",
    "data-echo",
)
_PLACEHOLDER = re.compile(
    r"(^data:|blank\.(gif|png)|spacer\.gif|pixel\.gif|placeholder|transparent\.(gif|png))", re.I
)

InlineConverter = Callable[[HtmlElement], list[Inline]]


def _best_from_srcset(srcset: str | None) -> str | None:
    if not srcset:
        return None
    best: tuple[float, str] | None = None
    for match in _SRCSET_ITEM.finditer(srcset):
        url = match.group(1)
        if not url or _PLACEHOLDER.search(url):
            continue
        size = float(match.group(2)) if match.group(2) else 1.0
        if best is None or size > best[0]:
            best = (size, url)
    return best[1] if best else None


#: A ``data:`` URL at least this long in ``src`` is an image saved with the page (a
#: single-file save), not a lazy-loading placeholder (those are a few dozen bytes).
_INLINE_MIN = 512
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif|webp|svg\+xml|avif)[;,]", re.I)


def inline_image(value: str) -> bool:
    """True for a ``data:`` image URL big enough to be the picture itself, not a placeholder.

    >>> inline_image("data:image/gif;base64,R0lGODlhAQABAAAAACw=")
    False
    >>> inline_image("data:image/png;base64," + "A" * 600)
    True
    """
    value = value.strip()
    return len(value) >= _INLINE_MIN and _INLINE_IMAGE.match(value) is not None


def _raw_src(img: HtmlElement) -> str | None:
    for attr in _LAZY_ATTRS:
        value = img.get(attr)
        if value and not _PLACEHOLDER.search(value):
            return value.strip()
    candidates = [img.get("srcset"), img.get("data-srcset"), img.get("data-lazy-srcset")]
    picture = img.getparent()
    for _ in range(3):
        if picture is None or tag(picture) == "picture":
            break
        picture = picture.getparent()
    if picture is not None and tag(picture) == "picture":
        candidates += [s.get("srcset") or s.get("data-srcset") for s in picture.iter("source")]
    for srcset in candidates:
        best = _best_from_srcset(srcset)
        if best:
            return best
    src = img.get("src")
    if src and (not _PLACEHOLDER.search(src) or inline_image(src)):
        return src.strip()
    return None


def local_image(src: str) -> str | None:
    """Return ``src`` unchanged when it is a plain relative path (an image saved with the page).

    ``images/harbour.png`` and ``page_files/a.jpg`` stay as written, so writers can embed the
    file stored beside the source; a path from the site root (``/img/a.jpg``), one that climbs
    (``../a.jpg``) or one with a scheme gives ``None`` (it is resolved against the page URL).

    >>> local_image("images/a.png"), local_image("/img/a.png"), local_image("../a.png")
    ('images/a.png', None, None)
    """
    src = src.strip()
    if not src or ":" in src.split("/", 1)[0] or src.startswith(("/", "\\", "#", "?")):
        return None
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    parts = PurePosixPath(path).parts
    if not parts or ".." in parts or "\\" in path or (parts[0] == "." and len(parts) == 1):
        return None
    return src


def image_src(img: HtmlElement, base: str | None) -> str | None:
    """Return the best source of an image: a lazy-load attribute, the largest ``srcset``, ``src``.

    A plain relative path stays as written (see :func:`local_image`), and so does a ``data:``
    image saved in the page (see :func:`inline_image`); any other source is made absolute
    against ``base``.

    :param img: an ``img`` element (its ``picture`` parent's ``source`` elements count too).
    :param base: the URL sources resolve against.
    """
    raw = _raw_src(img)
    if raw is None:
        return None
    if inline_image(raw):
        return raw
    return local_image(raw) or resolve_url(raw, base)


def is_caption(el: HtmlElement) -> bool:
    """True when ``el`` is a caption element (``figcaption`` or a caption class, such as
    MediaWiki's ``thumbcaption``)."""
    if tag(el) == "figcaption":
        return True
    return any(t in CAPTION_CLASSES or t.endswith(("caption", "captiontext")) for t in class_tokens(el))


def is_credit(el: HtmlElement) -> bool:
    """True when ``el`` holds an image credit (by its class name, or a labelled small/cite).

    A credit is a line: a box of more text is not one whatever its class says (a forum
    post's ``message-attribution`` header that the parser let swallow the post)."""
    tokens = class_tokens(el)
    named = any(t in _CREDIT_TOKENS for t in tokens) or bool(class_parts(el) & _CREDIT_PARTS)
    if named or (el.get("itemprop") or "").lower() in {"copyrightholder", "credittext", "copyrightnotice"}:
        return len(normalize_space(el.text_content())) <= _CREDIT_TEXT
    if tag(el) in {"small", "cite", "span", "em", "i"}:
        text = text_of(el)
        return bool(text) and strip_credit_label(text) != text
    return False


def _images(el: HtmlElement) -> list[HtmlElement]:
    return [img for img in el.iter("img") if not is_icon(img)]


def is_icon(img: HtmlElement) -> bool:
    """True for a small inline image (at most 32 pixels wide or high, an emoji, a formula)."""
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) <= 32:
            return True
    return bool({"emoji", "math"} & class_parts(img))


def sole_image(el: HtmlElement) -> HtmlElement | None:
    """Return the one image of ``el`` when ``el`` holds an image and no text of its own."""
    if tag(el) == "img":
        return None if is_icon(el) else el
    images = _images(el)
    if len(images) != 1:
        return None
    if text_of(el):
        return None
    return images[0]


def caption_element(el: HtmlElement) -> HtmlElement | None:
    """Return the caption inside a figure-like element (``figcaption`` or a caption class)."""
    for child in elements(el):
        if child is not el and is_caption(child):
            return child
    return None


_BARE_LABELS = frozenset(
    {"credit", "credits", "photo", "photograph", "image", "source", "фото", "foto", "picture"}
)


def _credit_text(el: HtmlElement) -> str:
    """A credit element's text without a separate label element ("<span>Credit</span>Jo Lee")."""
    work = copy.deepcopy(el)
    work.tail = None
    first = next((c for c in work if tag(c)), None)
    if (
        first is not None
        and not (work.text or "").strip()
        and normalize_space(first.text_content()).rstrip(":").casefold() in _BARE_LABELS
    ):
        drop(first)
    return normalize_space(work.text_content())


def _truncate(inlines: tuple[Inline, ...], size: int) -> tuple[Inline, ...]:
    """Keep the first ``size`` characters of ``inlines`` (markup kept around what remains)."""
    out: list[Inline] = []
    left = size
    for node in inlines:
        if left <= 0:
            break
        if isinstance(node, Text):
            out.append(Text(node.text[:left]))
            left -= len(node.text)
        elif isinstance(node, Emphasis | Strong | Link):
            inner = _truncate(node.content, left)
            left -= len(plain_text(node.content))
            out.append(replace(node, content=inner))
        else:
            out.append(node)
    return tuple(out)


# news agencies whose name alone, in parentheses after a caption, is a credit: "(AP)"
_AGENCIES = (
    r"AP|AFP|Reuters|Getty Images|Getty|EPA|EPA-EFE|PA|PA Images|Shutterstock|Alamy|TASS|ТАСС|"
    r"РИА Новости|Sputnik|Xinhua|Bloomberg|NASA|iStock|Associated Press|ANP|dpa|Anadolu|Photolure|Armenpress|"
    r"Unsplash|Pixabay|Pexels|Adobe Stock|Fotolia|imago|picture alliance|Keystone|ANSA|Depositphotos"
)
# (the agency perhaps as its site's name: "(Jo Lee / iStock.com)")
_AGENCY_CREDIT = re.compile(
    rf"\s*\((?P<credit>(?:[^()]{{0,60}}\s*/\s*)?(?:{_AGENCIES})(?:\.com)?(?:\s*/\s*[^()]{{0,40}})?)\)\s*\.?$",
    re.IGNORECASE,
)


def _unlabelled_credit(text: str) -> tuple[str, str | None]:
    """A credit without a label: an agency in parentheses at the end ("... in 1989. (AP)")."""
    match = _AGENCY_CREDIT.search(text)
    if match is None or match.start() == 0:
        return text, None
    return text[: match.start()].strip(), normalize_space(match.group("credit"))


def _caption_and_credit(
    figure: HtmlElement | None, caption: HtmlElement | None, inline: InlineConverter
) -> tuple[tuple[Inline, ...], str | None]:
    credit: str | None = None
    scope = figure if figure is not None else caption
    if scope is not None:
        for el in list(elements(scope)):
            if el is scope or el.getparent() is None or tag(el) == "img":
                continue
            if is_credit(el) and not is_caption(el):
                text = _credit_text(el)
                if text and credit is None:
                    credit = strip_credit_label(text) or None
                drop(el)
    if caption is None:
        return (), credit
    inlines = normalize_inlines(inline(caption))
    text = plain_text(inlines)
    if credit is None and text:
        kept, found = split_credit(text)
        if not found:
            kept, found = _unlabelled_credit(text)
        if found:
            credit = found
            kept = normalize_space(kept)
            if text.startswith(kept):
                inlines = normalize_inlines(_truncate(inlines, len(kept)))
            else:
                inlines = (Text(kept),) if kept else ()
    return inlines, credit


_IMAGE_URL = re.compile(r"^https?://\S+\.(?:jpe?g|png|gif|webp|avif|tiff?)(?:[?#]\S*)?$", re.IGNORECASE)


def _schema_image(figure: HtmlElement, base: str | None) -> str | None:
    """The image URL a figure without an ``img`` names in its attributes (lazy loaders, schema.org)."""
    for attr in ("data-src", "data-image", "data-url", "itemid", "data-original"):
        value = (figure.get(attr) or "").strip()
        if value and _IMAGE_URL.match(resolve_url(value, base) or ""):
            return resolve_url(value, base)
    return None


def figure_from(
    el: HtmlElement,
    base: str | None,
    inline: InlineConverter,
    *,
    caption: HtmlElement | None = None,
    extras: tuple[HtmlElement, ...] = (),
) -> Figure | None:
    """Make a :class:`Figure` of a ``figure`` (or figure-like) element or an image.

    :param el: a ``figure``, an ``img``/``picture``, or an element whose one image is the figure.
    :param base: the URL relative sources resolve against.
    :param inline: converts an element to inlines (for the caption).
    :param caption: a caption element found beside ``el`` (a ``.caption`` sibling).
    :param extras: more elements found beside ``el`` that belong to it (a ``.credit`` sibling).
    """
    work = copy.deepcopy(el)
    work.tail = None
    img = work if tag(work) == "img" else next(iter(_images(work)), None)
    if caption is not None or extras:
        wrapper = work.makeelement("div", {})
        wrapper.append(work)
        if caption is not None:
            caption = copy.deepcopy(caption)
            caption.tail = None
            wrapper.append(caption)
        else:
            caption = caption_element(work)
        for extra in extras:
            extra = copy.deepcopy(extra)
            extra.tail = None
            wrapper.append(extra)
        scope: HtmlElement = wrapper
    else:
        caption = caption_element(work)
        scope = work
    src = image_src(img, base) if img is not None else _schema_image(work, base)
    alt = normalize_space(img.get("alt") or "") or None if img is not None else None
    inlines, credit = _caption_and_credit(scope, caption, inline)
    if src is None and not inlines and credit is None:
        return None
    return Figure(src=src, alt=alt, caption=inlines, credit=credit)
