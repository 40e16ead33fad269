"""The one URL policy of the model: what may be a link target, an image source or a source URL.

Only ``http:``, ``https:`` and ``mailto:`` URLs, in-document references (``#fn1``) and paths
without a scheme (an image stored in the article's folder, which the EPUB writer packages
only from inside that folder) are kept, whatever format the document was read from. An image
source may also be a raster image inlined as base64 (``data:image/png;base64,...``, also
JPEG, GIF, WebP, AVIF, BMP), as pages saved by a browser hold them: such data cannot run,
and the capture reader turns it into an image file of the archive. Every other scheme
(``javascript:``, ``vbscript:``, other ``data:``, ``file:``, ...) is removed where a
document is built (:func:`~archivepub.model.make_document`,
:meth:`~archivepub.model.Document.from_dict`, the TEI reader), with an
:class:`~archivepub.errors.ArchivepubWarning` naming the URL: a link keeps its text, a figure
its caption. A :class:`~archivepub.model.Document` refuses any other URL, so no writer ever
sees one. See ``docs/model.md``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import replace

from archivepub.errors import ArchivepubWarning
from archivepub.model.nodes import (
    Block,
    Figure,
    Heading,
    Inline,
    Link,
    Media,
    Paragraph,
    Preformatted,
    Table,
    Text,
)
from archivepub.model.walk import CONTAINERS, map_blocks

__all__ = ["SAFE_SCHEMES", "image_problem", "safe_block", "safe_blocks", "safe_url", "url_problem"]

#: The URL schemes a link target or an image source may have.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# what browsers strip around a URL (C0 controls and space), and remove inside it (tab, newlines)
_ENDS = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|avif|bmp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be a link target or an image source, or ``None`` when it may.

    >>> url_problem("https://example.org/a"), url_problem("#fn1"), url_problem("images/a.jpg")
    (None, None, None)
    >>> url_problem(" JaVaScRiPt:alert(1)")
    'javascript: URLs are not allowed (only http, https and mailto)'
    """
    bare = _INSIDE.sub("", url.strip(_ENDS))
    scheme = _SCHEME.match(bare)
    if scheme is None:
        return None  # a reference without a scheme: "#fn1", "images/a.jpg", "//host/path"
    name = scheme.group(1).lower()
    if name in SAFE_SCHEMES or len(name) == 1:  # "C:/..." is a Windows path, not a scheme
        return None
    return f"{name}: URLs are not allowed (only http, https and mailto)"


def image_problem(src: str) -> str | None:
    """Why ``src`` may not be an image source, or ``None`` when it may: :func:`url_problem`'s
    rule, plus base64 raster images inlined in the page.

    >>> image_problem("data:image/png;base64,iVBORw0KGgo="), image_problem("images/a.png")
    (None, None)
    >>> image_problem("data:image/svg+xml;base64,PHN2Zz4=")
    'data: URLs are not allowed (only http, https and mailto)'
    """
    if _RASTER_DATA.match(src.strip(_ENDS)):
        return None
    return url_problem(src)


def safe_url(url: str | None, what: str = "URL") -> str | None:
    """``url`` when the policy allows it; ``None`` (with a warning naming it) when not.

    :param what: what the URL is, for the warning: ``"link"``, ``"image"``, ``"source URL"``.
    """
    if url is None:
        return None
    problem = image_problem(url) if what == "image" else url_problem(url)
    if problem is None:
        return url
    shown = url if len(url) <= 80 else url[:77] + "..."
    warnings.warn(f"{what} {shown!r} removed: {problem}", ArchivepubWarning, stacklevel=2)
    return None


def _inlines(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Link):
            content = _inlines(node.content)
            if safe_url(node.url, "link") is None:
                out.extend(content)  # the link goes, its text stays
                continue
            node = Link(node.url, content)
        elif isinstance(node, CONTAINERS):
            node = replace(node, content=_inlines(node.content))
        out.append(node)
    return tuple(out)


def _has_unsafe(inlines: Iterable[Inline]) -> bool:
    # each node's content is looked at once: a link is a container too, and looking into it
    # twice took time exponential in how deeply links and emphasis nest
    for node in inlines:
        if type(node) is Text:
            continue  # the most common node: neither a link nor a container
        if isinstance(node, Link) and url_problem(node.url) is not None:
            return True
        if isinstance(node, CONTAINERS) and _has_unsafe(node.content):
            return True
    return False


def safe_block(block: Block) -> Block:
    """``block`` with the URLs the policy refuses removed from its own content (its text,
    caption, source), not from the blocks inside it: :func:`safe_blocks` maps it over a tree."""
    if isinstance(block, Heading | Paragraph | Preformatted):
        if _has_unsafe(block.content):
            return replace(block, content=_inlines(block.content))
    elif isinstance(block, Table):
        if _has_unsafe(block.caption):
            return replace(block, caption=_inlines(block.caption))
    elif isinstance(block, Media):
        # a media placeholder's address is a link; its poster is an image
        src = (
            block.src if block.src is None or url_problem(block.src) is None else safe_url(block.src, "link")
        )
        poster = block.poster
        if poster is not None and image_problem(poster) is not None:
            poster = safe_url(poster, "image")
        if src != block.src or poster != block.poster:
            return replace(block, src=src, poster=poster)
    elif isinstance(block, Figure):
        src = block.src
        if src is not None and image_problem(src) is not None:
            src = safe_url(src, "image")
        if src != block.src or _has_unsafe(block.caption):
            return replace(block, src=src, caption=_inlines(block.caption))
    return block


def safe_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` with every URL the policy refuses removed (links unwrapped, image sources dropped)."""
    return map_blocks(blocks, safe_block)


def unsafe_source(block: Block) -> str | None:
    """The image source or media address of ``block`` itself that the policy refuses, or
    ``None`` (its links and its nested blocks are not looked at: a document's validation
    walks its blocks and their inlines once, for this and for its other checks)."""
    if isinstance(block, Figure) and block.src is not None and image_problem(block.src) is not None:
        return block.src
    if isinstance(block, Media):
        if block.src is not None and url_problem(block.src) is not None:
            return block.src
        if block.poster is not None and image_problem(block.poster) is not None:
            return block.poster
    return None
