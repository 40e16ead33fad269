# ruff: noqa: RUF001  (Russian text is meant)
"""``archivepub review`` in a real browser: Debian's Chromium driven by Playwright, against the
server running on 127.0.0.1 over a copy of the bundled archive and catalogs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from review_helpers import (
    FUZZY_ARTICLE,
    FUZZY_CTX,
    launch,
    make_workspace,
    msgfmt_check,
    review,
    start_server,
)

from archivepub.catalogs import catalog_path, read_catalog
from archivepub.review.server import ReviewServer
from archivepub.review.web import PAGE_POLICY

# A save goes through the catalog write path (lock, re-read, merge, atomic replace): on a
# machine busy with other work it can take longer than Playwright's default 5 s per assertion
# (seen once in CI). The assertions are unchanged; only how long they may wait.
expect.set_options(timeout=20_000)

RIGHT = (
    "Исследователи из <a1>Северной прибрежной лаборатории</a1> уже восстановили по большой выборке "
    "записей частоту штормов в 1930-е годы<note1/> и надеются, что полная серия журналов позволит "
    "сравнить штормовые нагоны на протяжении целого века."
)
#: the same translation with the footnote mark dropped: an error for ``locales check``
WRONG = RIGHT.replace("<note1/>", "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once for this module."""
    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page; the test fails if the page breaks its own Content Security Policy
    or raises a script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on(
        "console",
        lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield tab
    context.close()
    assert not problems, problems


@pytest.fixture
def workspace(tmp_path: Path, packages_dir: Path) -> tuple[Path, Path]:
    """A copy of the bundled archive and catalogs (no model installed) with p4.2 of
    coastal-archives fuzzy in Russian."""
    return make_workspace(tmp_path)


@pytest.fixture
def server(workspace: tuple[Path, Path]) -> Iterator[ReviewServer]:
    """The review server of the workspace (no memory, no model)."""
    archive, locales = workspace
    running = start_server(archive, locales)
    yield running
    running.stop()


def _entries(path: Path) -> dict[str | None, tuple[str, str, list[str], str | None]]:
    return {
        e.msgctxt: (e.msgid, e.msgstr, list(e.flags), e.previous_msgid) for e in read_catalog(path).active()
    }


def _row(page: Any, ctx: str) -> Any:
    return page.locator(f'[id="seg-{ctx}"]')


def _status_json(locales: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "archivepub", "locales", "status", "--locales", str(locales), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_edit_and_accept_a_fuzzy_entry_with_qa_before_saving(
    page: Any, server: ReviewServer, workspace: tuple[Path, Path]
) -> None:
    _, locales = workspace
    path = catalog_path(locales, "ru", FUZZY_ARTICLE)
    before = _entries(path)
    assert "fuzzy" in before[FUZZY_CTX][2]
    response = page.goto(server.url)
    assert response.status == 200
    assert response.headers["content-security-policy"] == PAGE_POLICY
    # the archive page counts as `locales status` does
    fuzzy = {(c["article"], c["lang"]): c["fuzzy"] for c in _status_json(locales)["catalogs"]}
    assert fuzzy[(FUZZY_ARTICLE, "ru")]["entries"] == 1
    cell = page.locator(f'tr[data-article="{FUZZY_ARTICLE}"] td[data-lang="ru"]')
    expect(cell.locator(".count.fuzzy")).to_have_text(f"1 ({fuzzy[(FUZZY_ARTICLE, 'ru')]['words']} w)")
    cell.get_by_role("link", name="review").click()
    expect(page).to_have_url(re.compile(f"/article/{FUZZY_ARTICLE}/ru$"))

    row = _row(page, FUZZY_CTX)
    expect(row).to_have_class(re.compile(r"\bfuzzy\b"))
    row.click()
    editor = page.locator(".editor")
    expect(editor.locator(".ed-diff ins")).to_have_text("large ")  # the previous source, as a diff
    area = editor.locator(".ed-text")
    area.fill(WRONG)
    # the error appears while typing, before anything is saved
    expect(editor.locator(".ed-findings")).to_contain_text(
        "[notes] error: footnote mark <note1/> is missing in the translation"
    )
    assert _entries(path) == before
    area.press("Control+Enter")  # accepting with an error needs a second press
    expect(editor.locator(".ed-status")).to_contain_text("accept again to mark it reviewed anyway")
    assert _entries(path) == before
    area.fill(RIGHT)
    expect(editor.locator(".ed-findings")).not_to_contain_text("[notes]")
    area.press("Control+Enter")  # accept as reviewed
    expect(row).to_have_class(re.compile(r"\breviewed\b"))
    expect(row.locator(".tgt")).to_contain_text("по большой выборке")
    expect(page.locator("#count-fuzzy")).to_have_text("0")

    after = _entries(path)
    assert [ctx for ctx in after if after[ctx] != before[ctx]] == [FUZZY_CTX]
    assert after[FUZZY_CTX] == (before[FUZZY_CTX][0], RIGHT, [], None)
    msgfmt_check(path)
    status = {(c["article"], c["lang"]): c for c in _status_json(locales)["catalogs"]}
    assert status[(FUZZY_ARTICLE, "ru")]["fuzzy"]["entries"] == 0
    page.goto(server.url)
    cell = page.locator(f'tr[data-article="{FUZZY_ARTICLE}"] td[data-lang="ru"]')
    reviewed = status[(FUZZY_ARTICLE, "ru")]["reviewed"]
    expect(cell.locator(".count.reviewed")).to_have_text(f"{reviewed['entries']} ({reviewed['words']} w)")


def test_a_concurrent_edit_of_the_same_entry_shows_a_conflict_with_both_versions(
    page: Any, server: ReviewServer, workspace: tuple[Path, Path]
) -> None:
    _, locales = workspace
    path = catalog_path(locales, "ru", FUZZY_ARTICLE)
    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/ru")
    _row(page, FUZZY_CTX).click()
    editor = page.locator(".editor")
    expect(editor.locator(".ed-diff")).to_be_visible()
    # the editor has asked for the entry as the catalog holds it (its help request): an edit
    # on disk before that answer is what the page starts from, not a concurrent edit
    expect(editor.locator(".ed-matches li").first).to_be_attached()
    theirs = RIGHT.replace("Исследователи", "Учёные")
    review(path, FUZZY_CTX, theirs)  # saved meanwhile in Poedit (or a text editor)
    on_disk = path.read_bytes()
    editor.locator(".ed-text").fill(RIGHT)
    editor.get_by_role("button", name="Accept as reviewed").click()
    conflict = editor.locator(".ed-conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".ed-theirs-text")).to_contain_text("Учёные из")
    expect(conflict.locator(".ed-mine-text")).to_contain_text("Исследователи из")
    assert path.read_bytes() == on_disk  # nothing was overwritten
    conflict.get_by_role("button", name="Save mine over it").click()
    expect(conflict).to_be_hidden()
    expect(_row(page, FUZZY_CTX)).to_have_class(re.compile(r"\breviewed\b"))
    assert _entries(path)[FUZZY_CTX][1] == RIGHT
    msgfmt_check(path)


def test_an_edit_of_another_entry_made_meanwhile_is_kept(
    page: Any, server: ReviewServer, workspace: tuple[Path, Path]
) -> None:
    _, locales = workspace
    path = catalog_path(locales, "ru", FUZZY_ARTICLE)
    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/ru")
    _row(page, FUZZY_CTX).click()
    review(path, "title.1", "Гавань помнит")  # another entry, saved in a text editor meanwhile
    page.locator(".editor .ed-text").fill(RIGHT)
    page.locator(".editor .ed-text").press("Control+Enter")
    expect(_row(page, FUZZY_CTX)).to_have_class(re.compile(r"\breviewed\b"))
    entries = _entries(path)
    assert entries["title.1"][1] == "Гавань помнит"
    assert entries[FUZZY_CTX][1] == RIGHT
    msgfmt_check(path)


def test_article_text_with_a_script_is_shown_as_text(page: Any, tmp_path: Path, packages_dir: Path) -> None:
    archive = tmp_path / "archive"
    (archive / "hostile").mkdir(parents=True)
    (archive / "hostile" / "article.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Tags in the text</title>"
        "<script>window.pwned = 'head';</script></head><body><article><h1>Tags in the text</h1>"
        "<p>Write &lt;script&gt;window.pwned = 1&lt;/script&gt; to break a page. "
        "Or &lt;img src=x onerror=alert(1)&gt; perhaps.</p>"
        "<p onclick=\"window.pwned = 'attr'\">Second paragraph "
        "<script>window.pwned = 'inline';</script>here.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    locales = tmp_path / "locales"
    running = start_server(archive, locales, ("ru",))
    try:
        dialogs: list[str] = []

        def dismiss(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        response = page.goto(f"{running.url}article/hostile/ru")
        assert response.status == 200
        source = _row(page, "p1.1").locator(".src")
        expect(source).to_have_text("Write <script>window.pwned = 1</script> to break a page.")
        expect(_row(page, "p1.2").locator(".src")).to_have_text("Or <img src=x onerror=alert(1)> perhaps.")
        _row(page, "p1.1").click()
        editor = page.locator(".editor")
        expect(editor.locator(".ed-source")).to_have_text(
            "Write <script>window.pwned = 1</script> to break a page."
        )
        editor.locator(".ed-text").fill("<script>window.pwned = 2</script>")
        editor.get_by_role("button", name="Save as fuzzy").click()
        expect(_row(page, "p1.1").locator(".tgt")).to_have_text("<script>window.pwned = 2</script>")
        page.reload()
        expect(_row(page, "p1.1").locator(".tgt")).to_have_text("<script>window.pwned = 2</script>")
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.evaluate("document.scripts.length") == 1  # review.js only
        assert page.locator("img").count() == 0
        assert not dialogs
    finally:
        running.stop()


def test_a_request_without_the_token_is_refused(page: Any, server: ReviewServer) -> None:
    root = server.url.rsplit("/", 2)[0]
    assert page.goto(f"{root}/").status == 403
    assert page.goto(f"{root}/static/review.js").status == 403
    wrong = "x" * len(server.token)
    assert page.goto(f"{root}/{wrong}/").status == 403
    assert page.goto(f"{root}/{wrong}/article/{FUZZY_ARTICLE}/ru").status == 403
    assert page.goto(server.url).status == 200
    # a change without the token header is refused even on the right address
    status = page.evaluate(
        """async (url) => (await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
            body: JSON.stringify({article: "coastal-archives", lang: "ru", ctx: "p1.1", msgid: "x",
            msgstr: "y", fuzzy: false, base: {msgstr: "", fuzzy: false}})})).status""",
        f"{server.url}api/save",
    )
    assert status == 403
    assert page.goto(f"{server.url}api/save").status == 405  # GET never changes anything


def test_keyboard_moves_between_unreviewed_entries_and_reverts(
    page: Any, server: ReviewServer, workspace: tuple[Path, Path]
) -> None:
    _, locales = workspace
    path = catalog_path(locales, "ru", FUZZY_ARTICLE)
    before = path.read_bytes()
    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/ru")
    _row(page, "title.1").focus()
    page.keyboard.press("Alt+ArrowDown")  # the only unreviewed entry
    expect(_row(page, FUZZY_CTX)).to_have_class(re.compile(r"\bediting\b"))
    area = page.locator(".editor .ed-text")
    saved = area.input_value()
    area.fill("черновик")
    area.press("Escape")  # revert the draft
    expect(area).to_have_value(saved)
    area.press("Escape")  # close
    expect(page.locator(".editor")).to_have_count(0)
    assert path.read_bytes() == before


def test_machine_suggestion_only_with_a_model_and_never_filled_in(
    page: Any, workspace: tuple[Path, Path], copy_models: Path
) -> None:
    archive, locales = workspace
    path = catalog_path(locales, "ru", FUZZY_ARTICLE)
    review(path, "p1.1", "")  # an untranslated entry
    before = path.read_bytes()
    running = start_server(archive, locales, ("ru",))
    try:
        page.goto(f"{running.url}article/{FUZZY_ARTICLE}/ru")
        _row(page, "p1.1").click()
        machine = page.locator(".editor .ed-machine")
        expect(machine).to_be_visible()
        # the installed test model copies its input: the suggestion is the source sentence
        expect(machine.locator(".ed-mt-text")).to_contain_text(
            "The basement of the Port Ellery harbour office", timeout=120_000
        )  # the model loads on first use
        expect(machine.locator(".ed-mt-model")).to_contain_text("by translate-en_ru-0_1, not reviewed")
        area = page.locator(".editor .ed-text")
        expect(area).to_have_value("")  # shown, never filled in by itself
        assert path.read_bytes() == before
        machine.get_by_role("button", name="Use this suggestion").click()
        expect(area).to_have_value(re.compile("^The basement of the Port Ellery"))
    finally:
        running.stop()


def test_no_machine_suggestion_without_a_model(page: Any, server: ReviewServer) -> None:
    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/ru")
    _row(page, FUZZY_CTX).click()
    expect(page.locator(".editor .ed-comments")).to_contain_text("<note1/> is the mark of footnote 2")
    expect(page.locator(".editor .ed-machine")).to_be_hidden()


def test_memory_matches_and_glossary_terms_are_shown(
    page: Any, workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    from archivepub.transforms.memory import TranslationMemory

    archive, locales = workspace
    memory = tmp_path / "memory.sqlite"
    with TranslationMemory(memory) as tm:
        tm.store(
            "en",
            "ru",
            [("The basement of the harbour office floods twice a winter.", "Подвал затопляет.")],
            origin="reviewed",
        )
    (locales / "ru" / "glossary.tsv").write_text("Port Ellery\tПорт-Эллери\n", encoding="utf-8")
    running = start_server(archive, locales, ("ru",), memory=memory)
    try:
        page.goto(f"{running.url}article/{FUZZY_ARTICLE}/ru")
        _row(page, "p1.1").click()
        matches = page.locator(".editor .ed-matches")
        expect(matches).to_contain_text("Подвал затопляет.")
        expect(matches).to_contain_text("memory, reviewed")
        expect(page.locator(".editor .ed-terms")).to_contain_text("Port Ellery → Порт-Эллери")
    finally:
        running.stop()


def test_preview_shows_the_saved_translation_as_the_epub_does(
    page: Any, server: ReviewServer, workspace: tuple[Path, Path]
) -> None:
    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/ru")
    _row(page, FUZZY_CTX).click()
    page.locator(".editor .ed-text").fill(RIGHT)
    page.locator(".editor .ed-text").press("Control+Enter")
    expect(_row(page, FUZZY_CTX)).to_have_class(re.compile(r"\breviewed\b"))
    page.get_by_role("link", name="preview the edition").click()
    text = page.frame_locator("#preview-text")
    expect(text.locator("body")).to_contain_text("по большой выборке записей частоту штормов")
    expect(text.locator("figure img").first).to_be_visible()
    frame_policy = page.request.get(f"{server.url}epub/{FUZZY_ARTICLE}/ru/EPUB/text.xhtml").headers[
        "content-security-policy"
    ]
    assert "sandbox" in frame_policy
    assert "script-src" not in frame_policy


def test_archive_page_filters(page: Any, server: ReviewServer, workspace: tuple[Path, Path]) -> None:
    page.goto(server.url)
    expect(page.locator("tbody tr")).to_have_count(5)
    page.get_by_label("only with work left").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_have_attribute("data-article", FUZZY_ARTICLE)
    page.goto(server.url)
    page.locator("#filter-lang").select_option("hy")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("thead th")).to_have_count(2)
    # gyumri-newspapers is written in Armenian: it has no hy catalog and is left out
    expect(page.locator("tbody tr")).to_have_count(4)
    expect(page.locator("tfoot .count.fuzzy")).to_have_text("0 (0 w)")


@pytest.mark.parametrize("lang", ["hy", "ru"])
def test_the_article_page_renders_armenian_and_cyrillic(page: Any, server: ReviewServer, lang: str) -> None:
    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/{lang}")
    title = _row(page, "title.1").locator(".tgt")
    expect(title).to_have_attribute("lang", lang)
    expect(title).to_contain_text("Նավահանգիստը" if lang == "hy" else "Гавань")
    expect(page.locator("figure img").first).to_be_visible()
    width = page.locator("figure img").first.evaluate("img => img.naturalWidth")
    assert width > 0  # the image came from the archive folder
