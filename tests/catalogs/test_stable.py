"""A catalog is the translators' file: no dependency release rewrites it, and an update
changes only the entries whose source changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import babel.messages.plurals
import babel.messages.pofile
import pytest
from catalog_helpers import LOCALES, copy_archive, msgfmt_check
from hypothesis import given, settings
from hypothesis import strategies as st

from archivepub.catalogs import catalog_path, read_catalog, update_catalogs
from archivepub.catalogs.plurals import PLURAL_FORMS, plural_forms
from archivepub.catalogs.po import PoEntry, PoFile, parse_po, render_po, wrap_string
from archivepub.catalogs.ui import refresh_ui_catalogs
from archivepub.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
#: where ``.ci/run`` installs babel's previous minor release, beside the venv's own
PREVIOUS_BABEL = ROOT / ".venv" / "babel-previous"


def _snapshot(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*.po"))}


def _edit(archive: Path) -> None:
    html = archive / "coastal-archives" / "article.html"
    text = html.read_text(encoding="utf-8")
    assert "twice a winter" in text
    html.write_text(text.replace("twice a winter", "three times a winter"), encoding="utf-8")


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    return archive, locales


def test_update_of_the_bundled_archive_writes_zero_bytes(
    copies: tuple[Path, Path], packages_dir: Path
) -> None:
    archive, locales = copies
    before = _snapshot(locales)
    updates = update_catalogs(archive, locales)
    assert updates
    assert not any(u.written for u in updates)
    assert _snapshot(locales) == before  # same bytes, and not even touched (same mtimes)


def test_the_cli_on_the_bundled_archive_changes_nothing(
    copies: tuple[Path, Path], packages_dir: Path
) -> None:
    archive, locales = copies
    before = _snapshot(locales)
    done = subprocess.run(
        [sys.executable, "-m", "archivepub", "locales", "update", str(archive), "--locales", str(locales)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ARGOS_PACKAGES_DIR": str(packages_dir)},
    )
    assert done.returncode == 0, done.stderr
    assert _snapshot(locales) == before


def test_a_source_edit_changes_only_its_entries_whatever_the_wrapping(
    copies: tuple[Path, Path], packages_dir: Path
) -> None:
    archive, locales = copies
    path = catalog_path(locales, "ru", "coastal-archives")
    # the translators' tool wraps its own way (GNU gettext at 40 columns here)
    subprocess.run(["msgcat", "--width=40", "-o", str(path), str(path)], check=True)
    before = read_catalog(path)
    _edit(archive)
    [update] = update_catalogs(archive, locales, ["ru"], articles=["coastal-archives"])
    assert update.written
    assert update.changed == 1
    after = read_catalog(path)
    [edited] = [e for e in after.entries if e.fuzzy]
    assert "three times a winter" in edited.msgid
    assert "twice a winter" in (edited.previous_msgid or "")
    # every other entry keeps its bytes: the translators' 40-column wrapping, untouched
    old_raw = {e.key: e.raw for e in before.entries}
    others = [e for e in after.entries if e is not edited]
    assert len(others) == len(before.entries) - 1
    assert all(e.raw == old_raw[e.key] for e in others)
    strings = [line for e in others for line in (e.raw or "").split("\n") if line.startswith(('"', "msg"))]
    assert max(len(line) for line in strings) <= 40
    # the header changes in its dates only
    assert [h for h in after.headers if "Date" not in h[0]] == [
        h for h in before.headers if "Date" not in h[0]
    ]
    msgfmt_check(path)


def test_header_fields_a_catalog_has_are_never_rewritten(
    copies: tuple[Path, Path], packages_dir: Path
) -> None:
    archive, locales = copies
    path = catalog_path(locales, "hy", "coastal-archives")
    text = path.read_text(encoding="utf-8")
    ours = {
        "Plural-Forms": "nplurals=1; plural=0;",
        "Language-Team": "Yerevan volunteers <team@example.org>",
        "Last-Translator": "Anahit <anahit@example.org>",
        "Language": "hy_AM",
        "Project-Id-Version": "coastal archive 2",
    }
    po = parse_po(text)
    for name, value in ours.items():
        po.set_header(name, value)
    po.header_comments = ["Translators' own words, kept.", "Second line."]
    path.write_bytes(render_po(po))
    _edit(archive)
    [update] = update_catalogs(archive, locales, ["hy"], articles=["coastal-archives"])
    assert update.written
    after = read_catalog(path)
    for name, value in ours.items():
        assert after.header(name) == value, name
    assert after.header_comments == ["Translators' own words, kept.", "Second line."]
    msgfmt_check(path)


def test_no_babel_behaviour_reaches_a_catalog(
    copies: tuple[Path, Path], packages_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Simulate a babel release whose CLDR plural data and wrapping differ from today's."""
    archive, locales = copies

    def other_plural(locale: object) -> object:
        return babel.messages.plurals._PluralTuple((7, "n % 7"))

    def other_normalize(string: str, prefix: str = "", width: int = 76) -> str:
        return '"' + string.replace("\n", "\\n") + '" (other babel)'

    monkeypatch.setattr(babel.messages.plurals, "get_plural", other_plural)
    monkeypatch.setattr(babel.messages.pofile, "normalize", other_normalize)
    before = _snapshot(locales)
    assert not any(u.written for u in update_catalogs(archive, locales))
    assert _snapshot(locales) == before
    # a new catalog takes its rule from archivepub's table, not from babel
    shutil.rmtree(locales / "hy")
    update_catalogs(archive, locales, ["hy"], articles=["coastal-archives"])
    path = catalog_path(locales, "hy", "coastal-archives")
    assert read_catalog(path).header("Plural-Forms") == PLURAL_FORMS["hy"]
    assert "(other babel)" not in path.read_text(encoding="utf-8")
    msgfmt_check(path)
    # the UI catalogs too
    ui = tmp_path / "ui-locale"
    shutil.copytree(LOCALE_DIR, ui)
    assert refresh_ui_catalogs(ui) == []


def _run_update_with(python_path: str | None, archive: Path, locales: Path, packages_dir: Path) -> str:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages_dir)}
    if python_path:
        env["PYTHONPATH"] = python_path
    code = (
        "import babel, sys; from pathlib import Path; from archivepub.catalogs import update_catalogs;"
        "u = update_catalogs(Path(sys.argv[1]), Path(sys.argv[2]));"
        "print(babel.__version__, sum(x.written for x in u))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(archive), str(locales)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_babel_releases_leave_the_catalogs_alone(tmp_path: Path, packages_dir: Path) -> None:
    """The venv's babel and the previous minor release (installed by ``.ci/run``) in turn."""
    if not (PREVIOUS_BABEL / "babel").is_dir():
        pytest.skip(f"babel's previous minor release is not installed in {PREVIOUS_BABEL} (.ci/run does it)")
    outputs: dict[str, dict[str, bytes]] = {}
    for label, python_path in (("current", None), ("previous", str(PREVIOUS_BABEL))):
        work = tmp_path / label
        work.mkdir()
        archive = copy_archive(work)
        locales = work / "locales"
        shutil.copytree(LOCALES, locales)
        for new in ("hy", "ru"):  # two catalogs are created anew
            catalog_path(locales, new, "coastal-archives").unlink()
        version, written = _run_update_with(python_path, archive, locales, packages_dir).split()
        assert written == "2"  # the two removed catalogs, nothing else
        outputs[version] = {
            p.relative_to(locales).as_posix(): p.read_bytes() for p in sorted(locales.rglob("*.po"))
        }
        for new in ("hy", "ru"):
            msgfmt_check(catalog_path(locales, new, "coastal-archives"))
    assert len(outputs) == 2, f"the same babel twice: {list(outputs)}"
    first, second = outputs.values()
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert set(differing) <= {"hy/LC_MESSAGES/coastal-archives.po", "ru/LC_MESSAGES/coastal-archives.po"}
    # a new catalog carries the minute it was made in two header fields: compare without them
    for name in differing:
        a, b = ([x for x in data.split(b"\n") if b"-Date: " not in x] for data in (first[name], second[name]))
        assert a == b, name


ALPHABET = st.characters(
    codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"
) | st.sampled_from(
    ["\n", "\t", "\r", "\f", "\v", "\a", "\b", "\u2028", "\u2029", "\x85", '"', "\\", " ", "-"]
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(ALPHABET, max_size=300), obsolete=st.booleans())
def test_any_string_gettext_accepts_round_trips(text: str, obsolete: bool) -> None:
    po = PoFile(
        headers=[("Content-Type", "text/plain; charset=UTF-8")],
        entries=[PoEntry(msgid="source", msgstr=text, msgctxt="p1.1", obsolete=obsolete)],
    )
    [entry] = parse_po(render_po(po)).entries
    assert entry.msgstr == text


def test_a_long_word_wraps_in_linear_time_and_round_trips() -> None:
    word = "x" * 200_000 + "-" + "y" * 50  # babel's WORD_SEP backtracks for minutes on this
    wrapped = wrap_string(f"A {word} b", width=76)
    assert wrapped.startswith('""\n')
    po = PoFile(entries=[PoEntry(msgid="s", msgstr=f"A {word} b")])
    assert parse_po(render_po(po)).entries[0].msgstr == f"A {word} b"


def test_wrapped_lines_fit_and_break_where_gettext_tools_do() -> None:
    text = (
        "As the sea creeps closer, a small team in Port Ellery is racing to copy, describe "
        "and rehouse a hundred years of harbour-master ledgers before the water reaches them."
    )
    out = wrap_string(text)
    lines = out.split("\n")
    assert lines[0] == '""'
    assert all(len(line) <= 76 for line in lines)
    assert "".join(line[1:-1] for line in lines[1:]) == text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", 3),
        ("hy", 2),
        ("az", 2),
        ("az-Latn", 2),
        ("en", 2),
        ("ja", 1),
        ("ar", 6),
        ("pt-BR", 2),
    ],
)
def test_the_plural_table(lang: str, expected: int) -> None:
    rule, known = plural_forms(lang)
    assert known
    assert rule.startswith(f"nplurals={expected}; plural=")
    assert rule.endswith(";")


@pytest.mark.parametrize("lang", sorted(PLURAL_FORMS))
def test_every_rule_of_the_table_passes_msgfmt(lang: str, tmp_path: Path) -> None:
    nplurals = int(PLURAL_FORMS[lang].split(";")[0].split("=")[1])
    po = PoFile(
        headers=[
            ("Language", lang.replace("-", "_")),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", PLURAL_FORMS[lang]),
        ],
        entries=[
            PoEntry(
                msgid="%d note",
                msgid_plural="%d notes",
                msgstr_plural=[f"%d form {i}" for i in range(nplurals)],
                flags=["c-format"],
            )
        ],
    )
    path = tmp_path / f"{lang}.po"
    path.write_bytes(render_po(po))
    msgfmt_check(path)
