# ruff: noqa: RUF001  (Armenian, Russian and Azerbaijani text is meant)
"""archivepub's own labels: extracted, translated, compiled, and used in editions."""

from __future__ import annotations

import gettext
import io
import zipfile
from pathlib import Path

import pytest
from catalog_helpers import msgfmt_check

from archivepub.catalogs.po import parse_po
from archivepub.catalogs.ui import UI_LANGS, compile_mo, extract_ui_strings, refresh_ui_catalogs
from archivepub.i18n import LOCALE_DIR, bcp47, format_date, gettext_for, language_name
from archivepub.model import (
    DraftNote,
    Figure,
    Metadata,
    ModelInfo,
    NoteRef,
    Paragraph,
    Provenance,
    Text,
    make_document,
)
from archivepub.writers.epub import EpubOptions, write_epub

POT = LOCALE_DIR / "archivepub.pot"


def _po(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "archivepub.po"


def test_the_template_holds_every_label_the_code_marks() -> None:
    template = parse_po(POT.read_bytes(), source=str(POT))
    assert [e.msgid for e in template.entries] == list(extract_ui_strings())
    assert {"Notes", "Contents", "Image credit", "Translated by", "Source", "Published"} <= set(
        extract_ui_strings()
    )


@pytest.mark.parametrize("lang", UI_LANGS)
def test_every_label_is_translated_and_reviewed(lang: str) -> None:
    msgfmt_check(_po(lang))
    po = parse_po(_po(lang).read_bytes(), source=str(_po(lang)))
    assert po.header("Language") == lang
    assert [e.msgid for e in po.active()] == list(extract_ui_strings())
    for entry in po.active():
        assert entry.msgstr, entry.msgid
        assert not entry.fuzzy, entry.msgid
        assert entry.msgstr != entry.msgid or entry.msgid == "Text", entry.msgid


@pytest.mark.parametrize("lang", UI_LANGS)
def test_the_shipped_mo_matches_the_po(lang: str) -> None:
    po = parse_po(_po(lang).read_bytes())
    shipped = gettext.GNUTranslations(io.BytesIO(_po(lang).with_suffix(".mo").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(compile_mo(po)))
    for entry in po.active():
        assert shipped.gettext(entry.msgid) == fresh.gettext(entry.msgid) == entry.msgstr
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]


def test_refreshing_in_a_copy_changes_nothing(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    assert refresh_ui_catalogs(copy) == []


def test_refresh_keeps_translations_and_adds_new_labels(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text('_("Notes")\n_("Back to the text")\n', encoding="utf-8")
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    refresh_ui_catalogs(copy, ["ru"], package_dir=package)
    po = parse_po((copy / "ru" / "LC_MESSAGES" / "archivepub.po").read_bytes())
    active = {e.msgid: e.msgstr for e in po.active()}
    assert active == {"Notes": "Примечания", "Back to the text": ""}
    assert {e.msgid for e in po.entries if e.obsolete} >= {"Contents"}
    msgfmt_check(copy / "ru" / "LC_MESSAGES" / "archivepub.po")


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("ru", {"Notes": "Примечания", "Contents": "Содержание", "Image credit": "Источник изображения"}),
        (
            "hy",
            {
                "Notes": "Ծանոթագրություններ",
                "Contents": "Բովանդակություն",
                "Image credit": "Պատկերի աղբյուրը",
            },
        ),
        ("az-Latn", {"Notes": "Qeydlər", "Contents": "Mündəricat", "Image credit": "Şəklin mənbəyi"}),
    ],
)
def test_epub_labels_are_in_the_edition_language(lang: str, labels: dict[str, str]) -> None:
    model = ModelInfo(name="m")
    doc = make_document(
        Metadata(
            title="T",
            language=lang,
            date="2024-04-18",
            source_language="en",
            translators=("A. B.",),
            models=(model,),
        ),
        [
            Paragraph(
                content=(Text("x"), NoteRef("n")), provenance=(Provenance(origin="machine", model="m"),)
            ),
            Figure(src="https://e.test/a.png", caption=(Text("c"),), credit="P. Q."),
        ],
        [DraftNote("n", "1", (Paragraph(content=(Text("note"),)),))],
    )
    data = write_epub(doc, EpubOptions(font=None))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith((".xhtml", ".opf")))
    _ = gettext_for(lang)
    for english, translated in labels.items():
        assert _(english) == translated
        assert translated in text
    for english in ("Published", "Translated by", "Machine translation, not reviewed"):
        assert _(english) in text
        assert _(english) != english
    assert format_date("2024-04-18", lang) in text
    assert ">Notes<" not in text


def test_dates_language_names_and_tags() -> None:
    assert format_date("2024-04-18", "ru") == "18 апреля 2024\u202fг."  # CLDR: narrow no-break space
    assert format_date("2024-04-18", "hy") == "18 ապրիլի 2024 թ."
    assert format_date("2024-04-18", "az-Latn") == "18 aprel 2024"
    assert format_date("2024-04-18", "az") == "18 aprel 2024"
    assert (language_name("ru"), language_name("hy"), language_name("az-Latn")) == (
        "русский",
        "հայերեն",
        "azərbaycan",
    )
    assert language_name("en", "hy") == "անգլերեն"
    assert bcp47("az_Latn") == "az-Latn"
