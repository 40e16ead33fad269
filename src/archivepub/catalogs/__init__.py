"""Translator review in gettext PO catalogs: one catalog per article and language.

``locales/<lang>/LC_MESSAGES/<article-id>.po`` holds one entry per segment (sentence) of the
article: ``msgctxt`` is the segment's stable id (:mod:`~archivepub.catalogs.extract`),
``msgid`` its source text with inline markup as tags (``<em>``, ``<a1>``, ``<note1/>``).
:func:`update_catalogs` extracts and merges without losing a translator's work
(:mod:`~archivepub.catalogs.merge`), and every rewrite of a catalog goes through
:func:`replace_catalog` (lock, re-read, merge, check, atomic replace:
:mod:`~archivepub.catalogs.files`); :func:`feed_memory` hands reviewed entries to the
translation memory the build translates with. See ``docs/review.md``.
"""

from archivepub.catalogs.checks import Problem, check_catalog
from archivepub.catalogs.extract import Segment, extract_segments
from archivepub.catalogs.files import CatalogFile, CatalogWrite, read_catalog_file, replace_catalog
from archivepub.catalogs.po import PoEntry, PoFile, parse_po, render_po
from archivepub.catalogs.status import CatalogStatus, load_statuses
from archivepub.catalogs.update import (
    DEFAULT_LANGS,
    CatalogUpdate,
    UpdateOptions,
    archive_articles,
    catalog_path,
    feed_memory,
    read_catalog,
    update_catalog,
    update_catalogs,
)

__all__ = [
    "DEFAULT_LANGS",
    "CatalogFile",
    "CatalogStatus",
    "CatalogUpdate",
    "CatalogWrite",
    "PoEntry",
    "PoFile",
    "Problem",
    "Segment",
    "UpdateOptions",
    "archive_articles",
    "catalog_path",
    "check_catalog",
    "extract_segments",
    "feed_memory",
    "load_statuses",
    "parse_po",
    "read_catalog",
    "read_catalog_file",
    "render_po",
    "replace_catalog",
    "update_catalog",
    "update_catalogs",
]
