"""archivepub's own user-visible strings (labels in editions): extract, merge, compile.

Every label a writer puts into an edition is written ``_("Notes")`` with ``_`` from
:func:`archivepub.i18n.gettext_for`. This module extracts those strings with babel into
``src/archivepub/locale/archivepub.pot``, merges them into the reviewed catalogs
``locale/<lang>/LC_MESSAGES/archivepub.po`` and compiles the ``.mo`` files shipped in the
wheel. Refresh after adding or changing a label (docs/review.md, "UI strings")::

    python -m archivepub.catalogs.ui
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.extract import extract_from_dir

from archivepub._io import atomic_write
from archivepub.catalogs.files import CatalogFile, read_catalog_file, replace_catalog
from archivepub.catalogs.plurals import plural_forms
from archivepub.catalogs.po import PoEntry, PoFile, keep_layout, parse_po, render_po
from archivepub.i18n import DOMAIN, LOCALE_DIR

__all__ = ["UI_LANGS", "compile_mo", "extract_ui_strings", "main", "refresh_ui_catalogs", "ui_template"]

#: The languages archivepub's labels are translated into.
UI_LANGS = ("ru", "hy", "az")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
_OWNED_HEADERS = ("Project-Id-Version", "MIME-Version", "Content-Type", "Content-Transfer-Encoding")


def extract_ui_strings(package_dir: Path = PACKAGE_DIR) -> dict[str, list[str]]:
    """Every string marked ``_("...")`` in the package's modules, with the files using it.

    >>> strings = extract_ui_strings()
    >>> "Notes" in strings, strings["Notes"]
    (True, ['writers/epub.py'])

    :param package_dir: the ``archivepub`` package folder.
    """
    found: dict[str, list[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(package_dir), method_map=[("**.py", "python")], keywords={"_": None}
    ):
        if isinstance(message, str) and message:
            files = found.setdefault(message, [])
            if filename not in files:
                files.append(filename)
    return found


def ui_template(strings: dict[str, list[str]], version: str) -> PoFile:
    """The template (POT) of the UI strings, in the order they were found.

    :param strings: as :func:`extract_ui_strings` returns them.
    :param version: archivepub's version, for ``Project-Id-Version``.
    """
    po = PoFile(
        header_comments=[
            "Labels archivepub writes into editions (EPUB, ...).",
            "Refresh with: python -m archivepub.catalogs.ui (see docs/review.md).",
            "",
        ],
        headers=[
            ("Project-Id-Version", f"archivepub {version}"),
            ("Report-Msgid-Bugs-To", ""),
            ("PO-Revision-Date", ""),
            ("Last-Translator", ""),
            ("Language-Team", ""),
            ("Language", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
    )
    for msgid, files in strings.items():
        po.entries.append(PoEntry(msgid=msgid, locations=list(files)))
    return po


def _merge_ui(old: PoFile, template: PoFile, lang: str) -> PoFile:
    known = {e.msgid: e for e in old.entries}
    po = PoFile(
        header_comments=list(old.header_comments),
        headers=list(old.headers),
        header_flags=list(old.header_flags),
    )
    for name, value in template.headers:
        if name in _OWNED_HEADERS or po.header(name) is None:
            po.set_header(name, value)
    # the translators' fields are theirs once set (whatever CLDR release babel carries)
    for name, value in (("Language", lang), ("Plural-Forms", plural_forms(lang)[0])):
        if not po.header(name):
            po.set_header(name, value)
    for item in template.entries:
        prior = known.pop(item.msgid, None)
        entry = PoEntry(msgid=item.msgid, locations=list(item.locations))
        if prior is not None:
            entry.msgstr, entry.flags, entry.comments = prior.msgstr, list(prior.flags), list(prior.comments)
            entry.extracted = list(prior.extracted)
        po.entries.append(entry)
    for gone in known.values():
        if gone.msgstr:
            gone.obsolete = True
            po.entries.append(gone)
    keep_layout(po, old)
    return po


def compile_mo(po: PoFile) -> bytes:
    """Compile a catalog to GNU ``.mo`` bytes (fuzzy and empty entries left out, as msgfmt does).

    The output depends on the catalog only (no dates), so compiling twice gives the same bytes.

    >>> from archivepub.catalogs.po import PoEntry, PoFile
    >>> import gettext, io
    >>> po = PoFile(headers=[("Content-Type", "text/plain; charset=UTF-8")],
    ...             entries=[PoEntry(msgid="Notes", msgstr="Примечания")])
    >>> mo = compile_mo(po)
    >>> gettext.GNUTranslations(io.BytesIO(mo)).gettext("Notes")
    'Примечания'

    :param po: the parsed catalog.
    """
    messages: dict[bytes, bytes] = {b"": "".join(f"{k}: {v}\n" for k, v in po.headers).encode("utf-8")}
    for entry in po.active():
        if entry.msgstr and not entry.fuzzy and entry.msgid_plural is None:
            key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
            messages[key.encode("utf-8")] = entry.msgstr.encode("utf-8")
    keys = sorted(messages)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(messages[k] + b"\0" for k in keys)
    count = len(keys)
    ids_start = 7 * 4 + 16 * count  # header, then two tables of (length, offset)
    strs_start = ids_start + len(ids)
    id_table: list[int] = []
    str_table: list[int] = []
    id_pos = str_pos = 0
    for k in keys:
        id_table += [len(k), ids_start + id_pos]
        str_table += [len(messages[k]), strs_start + str_pos]
        id_pos += len(k) + 1
        str_pos += len(messages[k]) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    return header + struct.pack(f"<{4 * count}I", *id_table, *str_table) + ids + strs


def refresh_ui_catalogs(
    locale_dir: Path = LOCALE_DIR, langs: Sequence[str] = UI_LANGS, *, package_dir: Path = PACKAGE_DIR
) -> list[Path]:
    """Extract the UI strings, write the POT, merge every language's catalog, compile the
    ``.mo`` files; return the files written (only those whose content changed).

    :param locale_dir: the package's ``locale`` folder.
    :param langs: the languages to refresh.
    :param package_dir: the ``archivepub`` package folder to extract from.
    """
    from archivepub import __version__

    template = ui_template(extract_ui_strings(package_dir), __version__)
    written: list[Path] = []

    def put(path: Path, data: bytes) -> None:
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
            written.append(path)

    put(locale_dir / f"{DOMAIN}.pot", render_po(template))
    for lang in langs:
        po_path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        changed, merged = _refresh(po_path, template, lang, locale_dir)
        if changed:
            written.append(po_path)
        put(po_path.with_suffix(".mo"), compile_mo(merged))
    return written


def _refresh(po_path: Path, template: PoFile, lang: str, locale_dir: Path) -> tuple[bool, PoFile]:
    """Merge ``template`` into one language's catalog as it is on disk now (a translator may
    have just saved it); return whether the file was written, and the merged catalog."""
    merged: list[PoFile] = []

    def merge(current: CatalogFile) -> bytes | None:
        old = PoFile() if current.blank else parse_po(current.data or b"", source=str(po_path))
        merged.append(_merge_ui(old, template, lang))
        data = render_po(merged[-1])
        return None if data == current.data else data

    done = replace_catalog(po_path, merge, locales=locale_dir, first=read_catalog_file(po_path))
    return done.written, merged[-1]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m archivepub.catalogs.ui``: refresh the UI catalogs in the source tree."""
    for path in refresh_ui_catalogs():
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
