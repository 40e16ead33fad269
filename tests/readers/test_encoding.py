"""Tests for archivepub.readers._encoding: BOMs, declared charsets, detection, binary input."""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import codecs

import pytest

from archivepub.errors import ReadError
from archivepub.readers._encoding import decode, html_declared_charset, normalize_charset

RUSSIAN = [
    "Министр заявил, что переговоры продолжатся на следующей неделе.",
    "В пятницу на севере ожидается дождь.\nК вечеру похолодает.",
    "Сегодня хорошая погода.",
    "Это было тихое утро в старой гавани. Рыбаки уже вернулись.\nНа рынке пахло рыбой и хлебом.",
    "ЦЕНТРАЛЬНЫЙ БАНК СНИЗИЛ СТАВКУ",
    "Привет, мир",
]


@pytest.mark.parametrize("text", RUSSIAN)
@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "utf-8", "iso8859-5", "cp866"])
def test_short_cyrillic_in_every_encoding(text: str, codec: str) -> None:
    decoded, used = decode(text.encode(codec), name="ru.txt")
    assert decoded == text
    assert used == codec


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Grüße aus München, schöne Straße.", "cp1252"),
        ("Ça coûte cher, très cher à Noël.", "cp1252"),
        ("Smart “quotes” — and an ellipsis…", "cp1252"),
        ("Zażółć gęślą jaźń, powiedział.", "cp1250"),
        ("Zażółć gęślą jaźń, powiedział.", "iso8859-2"),
        ("İstanbul'da güzel bir gün, çok şükür.", "cp1254"),
    ],
)
def test_latin_single_byte(text: str, codec: str) -> None:
    decoded, used = decode(text.encode(codec), name="x.txt")
    assert decoded == text
    assert used == codec


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, codec: str) -> None:
    text = "Ереван — Yerevan — Երևան"
    decoded, used = decode(bom + text.encode(codec), name="x", declared="cp1251")
    assert (decoded, used) == (text, codec)


def test_utf16_without_bom() -> None:
    text = "Plain text saved as UTF-16 by an old editor."
    assert decode(text.encode("utf-16-le"), name="x") == (text, "utf-16-le")
    assert decode(text.encode("utf-16-be"), name="x") == (text, "utf-16-be")


def test_declared_charset_is_used() -> None:
    # koi8-r bytes that would also decode as cp1251: the declaration decides
    data = "Привет".encode("koi8-r")
    assert decode(data, name="x", declared="koi8-r") == ("Привет", "koi8-r")


def test_declared_iso_8859_1_means_windows_1252() -> None:
    data = "“Quoted” café".encode("cp1252")
    assert decode(data, name="x", declared="ISO-8859-1") == ("“Quoted” café", "cp1252")


def test_undefined_cp1252_bytes_are_kept() -> None:
    text, used = decode(b"a\x81b \xe9", name="x", declared="windows-1252")
    assert used == "cp1252"
    assert text == "a\x81b é"


def test_utf8_wins_over_a_wrong_declaration() -> None:
    text = "Москва и Ереван"
    assert decode(text.encode("utf-8"), name="x", declared="windows-1251") == (text, "utf-8")


def test_ascii_keeps_the_declared_codec() -> None:
    assert decode(b"plain", name="x", declared="windows-1251") == ("plain", "cp1251")


def test_bogus_declaration_is_ignored() -> None:
    text = "Ереван"
    assert decode(text.encode("utf-8"), name="x", declared="no-such-charset") == (text, "utf-8")
    assert decode(b"abc", name="x", declared="rot13") == ("abc", "utf-8")


def test_broken_utf8_keeps_the_rest() -> None:
    data = ("Ереван " * 20).encode("utf-8") + b"\xff" + "Москва".encode()
    text, used = decode(data, name="x")
    assert used == "utf-8"
    assert text.endswith("\ufffdМосква")
    assert text.count("Ереван") == 20


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"GIF89a\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"some text\x00\x01\x02\x03 with NUL bytes \x00\x00\x05\xff\xfe",
    ],
)
def test_binary_input_raises_read_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(ReadError, match=r"^photo\.bin: "):
        decode(data, name="photo.bin")


def test_control_characters_are_binary() -> None:
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(1, 32)) * 20, name="x")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<html><head><meta charset="windows-1251">', "cp1251"),
        (b"<meta charset=utf-8>", "utf-8"),
        (b"<META CHARSET='KOI8-R'>", "koi8-r"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
        (b'<meta content="text/html; charset=iso-8859-1" http-equiv="content-type">', "cp1252"),
        (b'<?xml version="1.0" encoding="ISO-8859-2"?><html>', "iso8859-2"),
        (b'<meta charset="utf-16">', "utf-8"),
        (b'<meta charset="nonsense">', None),
        (b"<p>no declaration</p>", None),
        (b"<meta name=description content=x>", None),
    ],
)
def test_html_declared_charset(head: bytes, expected: str | None) -> None:
    assert html_declared_charset(head) == expected


def test_declaration_after_4kb_is_not_seen() -> None:
    assert html_declared_charset(b" " * 5000 + b'<meta charset="koi8-r">') is None


def test_normalize_charset() -> None:
    assert normalize_charset("UTF8") == "utf-8"
    assert normalize_charset("utf-8-sig") == "utf-8"
    assert normalize_charset("x-cp1251") == "cp1251"
    assert normalize_charset("base64") is None
    assert normalize_charset("") is None
    assert normalize_charset("a b") is None


def test_undefined_windows_1251_byte_is_kept() -> None:
    data = "Министр заявил, что переговоры продолжатся.".encode("cp1251") + b" \x98"
    text, used = decode(data, name="x")
    assert used == "cp1251"
    assert text == "Министр заявил, что переговоры продолжатся. \x98"


def test_long_text_is_detected_from_a_sample_and_decoded_whole() -> None:
    text = "Это было тихое утро в старой гавани. " * 5000 + "Конец."
    decoded, used = decode(text.encode("koi8-r"), name="x")
    assert (decoded, used) == (text, "koi8-r")


def test_a_stray_nul_byte_in_a_long_text_is_marked_not_fatal() -> None:
    data = ("Ереван и Москва. " * 100).encode("utf-8") + b"\x00" + b" end"
    text, used = decode(data, name="x")
    assert used == "utf-8"
    assert text.endswith("\ufffd end")


def test_a_stray_nul_byte_in_windows_1251() -> None:
    text = "Министр заявил, что переговоры продолжатся на следующей неделе. " * 20
    data = text.encode("cp1251") + b"\x00" + "Конец.".encode("cp1251")
    assert decode(data, name="x") == (text + "\ufffdКонец.", "cp1251")


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03", b"\x00\x01\x00\x02\x00\x03\x00\x04", bytes(range(32)) * 4],
)
def test_short_binary_with_nul_bytes_is_not_taken_for_utf16(data: bytes) -> None:
    with pytest.raises(ReadError, match="binary"):
        decode(data, name="blob.bin")


def test_utf16_without_bom_that_holds_a_tab_still_reads() -> None:
    text = "Columns:\tone\ttwo\nПривет, мир. Hello, world.\n" * 3
    assert decode(text.encode("utf-16-le"), name="x") == (text, "utf-16-le")
