"""Make the screenshots of docs/review.md: the article page of ``archivepub review``, en -> hy and
en -> ru, with the editor open on a fuzzy entry and a draft that lost its footnote mark.

Run from the repository root (Debian's chromium and the ``test`` extra installed)::

    .venv/bin/python docs/screenshots.py

It uses the test machinery (``tests/review/review_helpers.py``): a copy of the bundled archive
in which one sentence was edited, so that ``locales update`` made its entries fuzzy; a
translation memory fed from the bundled catalogs (it knows the sentence before the edit); the
server on 127.0.0.1; Debian's chromium through Playwright.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "review"))

from review_helpers import FUZZY_ARTICLE, FUZZY_CTX, LOCALES, launch, make_workspace, start_server  # noqa: E402

from archivepub.catalogs import feed_memory, read_catalog  # noqa: E402
from archivepub.transforms.memory import TranslationMemory  # noqa: E402


def main() -> None:
    """Write ``docs/review-article-hy.png`` and ``docs/review-article-ru.png``."""
    with tempfile.TemporaryDirectory(prefix="archivepub-shots-") as tmp:
        folder = Path(tmp)
        archive, locales = make_workspace(folder, ("ru", "hy"))
        memory = folder / "memory.sqlite"
        with TranslationMemory(memory) as tm:
            for lang in ("ru", "hy"):
                feed_memory(tm, LOCALES, FUZZY_ARTICLE, "en", lang)  # the catalogs before the edit
        server = start_server(archive, locales, ("ru", "hy"), memory=memory)
        try:
            with launch() as browser:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                for lang in ("hy", "ru"):
                    entry = next(
                        e
                        for e in read_catalog(locales / lang / "LC_MESSAGES" / f"{FUZZY_ARTICLE}.po").active()
                        if e.msgctxt == FUZZY_CTX
                    )
                    page.goto(f"{server.url}article/{FUZZY_ARTICLE}/{lang}")
                    row = page.locator(f'[id="seg-{FUZZY_CTX}"]')
                    row.click()
                    editor = page.locator(".editor")
                    editor.locator(".ed-text").fill(entry.msgstr.replace("<note1/>", ""))
                    editor.locator(".ed-findings li.error").first.wait_for()
                    editor.locator(".ed-matches li.match").first.wait_for()
                    row.evaluate("node => window.scrollTo(0, node.offsetTop - 230)")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(ROOT / "docs" / f"review-article-{lang}.png"))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
