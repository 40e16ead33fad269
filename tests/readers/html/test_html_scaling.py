"""The HTML reader's work grows linearly with the page: ten times the page, about ten times the work.

Work is counted, not timed: the number of Python calls (and calls into C from Python) made
while reading a page, which does not depend on how busy the machine is. Before the reader was
made linear, a page with ten times as many note references took some sixty times as many calls,
and a page where the fuzzer repeated one ``<sup>`` reference thousands of times some ninety times
(several seconds, or a hang, for a mutated real page).
Timings live in ``benchmarks/read.py --scaling``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

import pytest
from lxml.html import HtmlElement

from archivepub.readers.html import read_html

#: Ten times the page may cost at most this many times the work (linear: about 10).
LIMIT = 13.0


def _page(body: str) -> bytes:
    head = "<html><head><title>Tides</title></head>"
    return f"{head}<body><article><h1>Tides</h1>{body}</article></body></html>".encode()


def _linked_notes(n: int) -> bytes:
    refs = "".join(
        f"<p>The tide rose, and rose again, at the harbour wall {i}"
        f'<sup><a href="#fn{i}" id="r{i}">{i}</a></sup>.</p>'
        for i in range(1, n + 1)
    )
    notes = "".join(
        f'<li id="fn{i}">Note {i}: measured at dawn. <a href="#r{i}">↩</a></li>' for i in range(1, n + 1)
    )
    return _page(f'{refs}<ol class="footnotes">{notes}</ol>')


def _repeated_reference(n: int) -> bytes:
    # what the fuzzer made of real pages: one reference, ids and all, repeated thousands of
    # times, and its note repeated too (every reference links to the same duplicated id)
    ref = '<p>The tide rose at the wall, and fell.<sup><a href="#fn1" id="r1">1</a></sup></p>'
    note = '<li id="fn1">Measured at dawn. <a href="#r1">↩</a></li>'
    return _page(f"{ref * n}<ol>{note * (n // 10 + 1)}</ol>")


def _references_in_one_paragraph(n: int) -> bytes:
    refs = "".join(
        f'The tide rose, then fell<sup><a href="#fn{i}" id="r{i}">{i}</a></sup>, ' for i in range(1, n + 1)
    )
    notes = "".join(f'<li id="fn{i}">Note {i}. <a href="#r{i}">↩</a></li>' for i in range(1, n + 1))
    unlinked = "<sup>2</sup>" * n
    return _page(f"<p>{refs}</p><p>Squares{unlinked}.</p><ol>{notes}</ol>")


def _plain_notes(n: int) -> bytes:
    refs = "".join(f"<p>The tide rose at the harbour wall, then fell [{i % 999 + 1}].</p>" for i in range(n))
    notes = "".join(f"<p>[{i}] Measured at dawn, by hand.</p>" for i in range(1, min(n, 999) + 1))
    return _page(f"{refs}<h2>Notes</h2>{notes}")


def _furniture(n: int) -> bytes:
    parts = (
        f'<div class="share-bar"><a href="/s{i}">Share</a></div>'
        f"<p>Paragraph {i} of the story, with commas, and more text to read in it.</p>"
        f'<div class="ad">Advertisement</div><span hidden>x</span>'
        for i in range(n)
    )
    return f'<html><body><div class="content"><h1>Big</h1>{"".join(parts)}</div></body></html>'.encode()


def _hint_boxes(n: int) -> bytes:
    box = '<div class="post-content"><p>Text of the story, in many boxes, with commas.</p></div>'
    return _page(box * n)


def _figures(n: int) -> bytes:
    figure = '<div><img src="harbour.jpg" alt="The harbour"><p class="caption">The harbour, at dawn</p></div>'
    return _page(f"<p>The tide came in, slowly, over the stones.</p>{figure}" * n)


def _anchors(n: int) -> bytes:
    paragraphs = (
        f'<p id="p{i}">Text, more text <a href="#p{(i + 1) % n}">[{i % 999}]</a></p>' for i in range(n)
    )
    return _page("".join(paragraphs))


def _work(data: bytes) -> int:
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += 1

    sys.setprofile(count)
    try:
        read_html(data, name="scaling.html")
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize(
    ("shape", "n"),
    [
        (_linked_notes, 60),
        (_repeated_reference, 300),
        (_references_in_one_paragraph, 300),
        (_plain_notes, 60),
        (_furniture, 100),
        (_hint_boxes, 100),
        (_figures, 60),
        (_anchors, 100),
    ],
    ids=[
        "linked-notes",
        "repeated-reference",
        "references-in-one-paragraph",
        "plain-notes",
        "furniture",
        "hint-boxes",
        "figures",
        "anchors",
    ],
)
def test_ten_times_the_page_is_about_ten_times_the_work(shape: Callable[[int], bytes], n: int) -> None:
    read_html(shape(5), name="warm.html")  # load the language model and fill caches first
    small, large = _work(shape(n)), _work(shape(10 * n))
    assert large / small <= LIMIT, f"{small} calls for {n}, {large} for {10 * n}: {large / small:.1f}x"


def test_a_page_with_many_notes_keeps_every_note() -> None:
    doc = read_html(_linked_notes(600), name="notes.html")
    assert len(doc.footnotes) == 600
    assert doc.footnotes[-1].label == "600"


def test_thousands_of_author_boxes_are_not_each_read_for_a_byline(monkeypatch: pytest.MonkeyPatch) -> None:
    # a comment thread (or a mutated page) with thousands of boxes marked "author" that name no
    # one: reading each for names cost seconds per thousand; the byline sits near the title
    from archivepub.readers.html import _header

    calls = 0
    real = _header._names_from

    def counting(*args: object) -> list[str]:
        nonlocal calls
        calls += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_header, "_names_from", counting)
    # a byline line mangled so that it names no one, repeated as the fuzzer repeats lines
    line = (
        '<p class="byline">Автор: Мария Соколова, 12 марта 2023ей, и никто не открывал его почти сто лет. '  # noqa: RUF001
        "Внутри оказалось двести стеклянных негативов, переложенных газетами.</p>"
    )
    boxes = line * 3000
    story = "<p>The tide rose at the harbour wall, slowly, over the old stones, and fell again.</p>" * 5
    doc = read_html(_page(story + boxes), name="thread.html")
    assert "The tide rose" in doc.to_json()
    assert calls <= 200, f"{calls} candidate bylines read"


def _unclosed(n: int) -> bytes:
    # a template that leaves its footer open: every copy of the furniture and the story nests
    # inside the previous copy's footer
    copy = (
        '<div class="cookie-notice"><p>We use cookies on this site.</p></div>'
        '<nav class="menu"><a href="/">Home</a> <a href="/news">News</a></nav>'
        "<p>The tide rose at the harbour wall, slowly, over the old stones, and fell again.</p>"
        '<aside class="related"><a href="/r">Related story</a></aside>'
        '<footer class="site-footer"><p class="copyright">© The Harbour Gazette</p>'
    )
    return _page(copy * n)


def test_furniture_nested_by_unclosed_containers_is_detached_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # lxml walks the whole of an element it detaches; the reader used to detach, one by one,
    # boxes already gone with an ancestor, and a page nesting every copy of its furniture in
    # the previous one took time quadratic in its length
    from archivepub.readers.html import _util

    walked = 0
    real = _util.drop

    def counting(el: HtmlElement) -> None:
        nonlocal walked
        walked += len(list(el.iter()))
        real(el)

    monkeypatch.setattr(_util, "drop", counting)
    read_html(_unclosed(8), name="unclosed.html")
    small, walked = walked, 0
    read_html(_unclosed(80), name="unclosed.html")
    assert walked / small <= LIMIT, f"{small} elements detached for 8 copies, {walked} for 80"
