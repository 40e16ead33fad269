"""Translator review in gettext PO catalogs: one catalog per article and language.

``locales/<lang>/LC_MESSAGES/<article-id>.po`` holds one entry per segment (sentence) of the
article: ``msgctxt`` is the segment's stable id (:mod:`~archivepub.catalogs.extract`),
``msgid`` its source text with inline markup as tags (``<em>``, ``<a1>``, ``<note1/>``).
:func:`update_catalogs` extracts and merges without losing a translator's work
(:mod:`~archivepub.catalogs.merge`); :func:`feed_memory` hands reviewed entries to the
translation memory the build translates with. Every rewrite of a catalog goes through
:func:`replace_catalog` (lock, re-read, wait while an editor saves, merge, check that no
reviewed translation is lost, atomic replace: :mod:`~archivepub.catalogs.files`):
``locales update`` and the review tool's :func:`save_entry` alike. See ``docs/review.md``.
"""

from archivepub.catalogs.checks import Problem, check_catalog, check_draft
from archivepub.catalogs.edit import EntryConflictError, EntryEdit, EntryState, SavedEntry, save_entry
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
    merged_catalog,
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
    "EntryConflictError",
    "EntryEdit",
    "EntryState",
    "PoEntry",
    "PoFile",
    "Problem",
    "SavedEntry",
    "Segment",
    "UpdateOptions",
    "archive_articles",
    "catalog_path",
    "check_catalog",
    "check_draft",
    "extract_segments",
    "feed_memory",
    "load_statuses",
    "merged_catalog",
    "parse_po",
    "read_catalog",
    "read_catalog_file",
    "render_po",
    "replace_catalog",
    "save_entry",
    "update_catalog",
    "update_catalogs",
]
