"""Save one entry a translator edited in a review tool (``archivepub review``) into its catalog.

The save is made by :func:`~archivepub.catalogs.files.replace_catalog`, the function
``locales update`` writes with: holding the locales folder's lock, the catalog is read again
(and waited for while an editor is saving it), merged with the article as ``locales update``
merges it, the edit is applied to its entry, it is checked that no other reviewed
translation is lost, and the file is replaced atomically. Other entries changed meanwhile
(in Poedit, by an update) are kept as they are on disk. If the edited entry itself changed on disk since the
editor read it, nothing is written: :class:`EntryConflictError` carries both versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from archivepub.catalogs.extract import extract_segments
from archivepub.catalogs.files import CatalogFile, replace_catalog
from archivepub.catalogs.merge import MACHINE_NOTE, MEMORY_NOTE, REPAIR_NOTE
from archivepub.catalogs.po import PoEntry, parse_po, render_po
from archivepub.catalogs.update import _now, _same_content, catalog_path, merged_catalog
from archivepub.errors import CatalogError
from archivepub.model.document import Document
from archivepub.transforms.translate import model_code

__all__ = ["EntryConflictError", "EntryEdit", "EntryState", "SavedEntry", "save_entry"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_STATUS_NOTES = (MACHINE_NOTE, MEMORY_NOTE, REPAIR_NOTE)


@dataclass(frozen=True, slots=True)
class EntryState:
    """The translator's side of an entry: its translation and whether it is ``fuzzy``."""

    msgstr: str
    fuzzy: bool

    @classmethod
    def of(cls, entry: PoEntry) -> EntryState:
        """The state of ``entry``."""
        return cls(entry.msgstr, entry.fuzzy)


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryEdit:
    """A translator's change to one entry.

    :param msgctxt: the entry's id (``p4.2``).
    :param msgid: its source text, as the editor showed it.
    :param msgstr: the new translation.
    :param fuzzy: ``False`` marks the entry reviewed (clears ``fuzzy``).
    :param base: the entry as the editor read it; if the catalog holds something else now,
        the save is refused with :class:`EntryConflictError` (unless it already holds the edit).
    """

    msgctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool
    base: EntryState

    @property
    def state(self) -> EntryState:
        """The state the entry gets (an empty translation is never fuzzy)."""
        return EntryState(self.msgstr, self.fuzzy and bool(self.msgstr))


class EntryConflictError(CatalogError):
    """The entry changed in the catalog since the editor read it; nothing was written.

    ``theirs`` is the entry as it is now (``None`` if the sentence is no longer in the
    catalog, e.g. its source changed), ``mine`` the edit that was refused.
    """

    def __init__(
        self, path: Path, msgctxt: str, *, theirs: EntryState | None, mine: EntryState, reason: str
    ) -> None:
        self.msgctxt = msgctxt
        self.theirs = theirs
        self.mine = mine
        super().__init__(f"{msgctxt}: {reason}; nothing was saved", source=path)


@dataclass(frozen=True, slots=True)
class SavedEntry:
    """The outcome of :func:`save_entry`.

    :param path: the catalog.
    :param entry: the entry as it is in the catalog now.
    :param written: whether the file was replaced (``False``: it already held the edit).
    :param reread: another program saved the file during the save; the edit was applied
        again on what it saved.
    """

    path: Path
    entry: PoEntry
    written: bool
    reread: bool


def _apply(edit: EntryEdit, entry: PoEntry) -> None:
    if entry.msgstr != edit.msgstr:
        # no longer the suggestion the notes describe (machine output, memory match)
        entry.extracted = [n for n in entry.extracted if not n.startswith(_STATUS_NOTES)]
    entry.msgstr = edit.msgstr
    entry.set_fuzzy(edit.state.fuzzy)
    if not entry.fuzzy:
        # reviewed: as msgattrib --clear-fuzzy --clear-previous, and as Poedit does
        entry.previous_msgid = entry.previous_msgctxt = None
        entry.extracted = [n for n in entry.extracted if not n.startswith(_STATUS_NOTES)]


def save_entry(locales: Path, doc: Document, article_id: str, lang: str, edit: EntryEdit) -> SavedEntry:
    """Save a translator's edit of one entry of the catalog of ``article_id`` in ``lang``.

    Through :func:`~archivepub.catalogs.files.replace_catalog`, as ``locales update``: under
    the lock the catalog is read again (waited for while an editor is saving it) and merged
    with ``doc`` (a catalog behind the article is brought up to date as ``locales update
    --no-mt`` would), the edit is applied, ``PO-Revision-Date`` is set and
    the file is written atomically. Marking an entry reviewed (``fuzzy=False``) also drops
    its previous source (``#|``) and its suggestion notes.

    :param locales: the locales folder.
    :param doc: the article (its source).
    :param article_id: the article's id.
    :param lang: the catalog's language.
    :param edit: the change.
    :raises EntryConflictError: the entry changed since the editor read it (nothing is written).
    :raises CatalogError: the catalog is malformed, or the translation holds a control
        character a PO file cannot keep.
    """
    path = catalog_path(locales, lang, article_id)
    bad = _CONTROL.search(edit.msgstr)
    if bad is not None:
        raise CatalogError(
            f"{edit.msgctxt}: the translation holds the control character U+{ord(bad.group(0)):04X}",
            source=path,
        )
    source_lang = model_code(doc.metadata.language)
    if source_lang == model_code(lang):
        raise CatalogError(f"{article_id} is written in {lang}: it has no {lang} catalog")
    segments = extract_segments(doc)

    saved: list[PoEntry] = []

    def change(version: CatalogFile) -> bytes | None:
        data = version.data
        po = parse_po(merged_catalog(data, path, segments, article_id, lang, source_lang), source=str(path))
        active = list(po.active())
        entry = next((e for e in active if e.key == (edit.msgctxt, edit.msgid)), None)
        if entry is None:
            now = next((e for e in active if e.msgctxt == edit.msgctxt), None)
            raise EntryConflictError(
                path,
                edit.msgctxt,
                theirs=None if now is None else EntryState.of(now),
                mine=edit.state,
                reason="the source of this sentence changed (or it left the article) since the page was read",
            )
        current = EntryState.of(entry)
        if current not in (edit.base, edit.state):
            raise EntryConflictError(
                path,
                edit.msgctxt,
                theirs=current,
                mine=edit.state,
                reason="the entry was changed in the catalog by another program",
            )
        if current != edit.state:
            _apply(edit, entry)
            po.set_header("PO-Revision-Date", _now())
        saved.append(entry)
        out = render_po(po)
        return None if _same_content(data, out) else out

    # the edit may replace or clear this entry's reviewed translation, and only this one
    write = replace_catalog(path, change, locales=Path(locales), replaced=[(edit.msgctxt, edit.msgid)])
    return SavedEntry(path=path, entry=saved[-1], written=write.written, reread=write.rereads > 0)
