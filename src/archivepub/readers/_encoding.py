"""Turn a source's bytes into text: BOM, declared charset, UTF-8, then detection.

The order follows what browsers do (WHATWG *Encoding*), with one archivist's exception: a page
that declares a legacy charset but is really valid UTF-8 (a common mistake of re-saved pages)
is read as UTF-8. Short Cyrillic texts, where statistical detectors are weak, are told apart
(windows-1251, KOI8-R, ISO-8859-5, CP866) by how Russian letters are distributed.
"""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import codecs
import math
import re

from archivepub.errors import ReadError

__all__ = ["decode", "html_declared_charset", "normalize_charset"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Signatures of formats that are certainly not text.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (or EPUB, DOCX)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip file"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "an xz file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"RIFF", "a RIFF (WebP, WAV, AVI) file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

#: WHATWG label -> codec, where Python's own lookup would pick something else.
_WHATWG: dict[str, str] = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "x-cp1251": "cp1251",
    "x-cp1250": "cp1250",
    "x-cp1252": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "koi8": "koi8-r",
    "cskoi8r": "koi8-r",
    "x-mac-cyrillic": "mac-cyrillic",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}

_LEGACY_OK = re.compile(r"[\w\-.:]+")


def normalize_charset(label: str) -> str | None:
    """Return the Python codec for a charset label (WHATWG aliases applied), or None.

    Only text encodings are accepted (not ``rot13`` or ``base64``).

    >>> normalize_charset("ISO-8859-1"), normalize_charset("Windows-1251"), normalize_charset("bogus")
    ('cp1252', 'cp1251', None)
    """
    label = label.strip().strip("\"'").strip().lower()
    if not label or len(label) > 40 or not _LEGACY_OK.fullmatch(label):
        return None
    label = _WHATWG.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    name = info.name
    if name in ("utf-8-sig",):
        return "utf-8"
    return name


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_\-.:]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_\-.:]+)["']""", re.IGNORECASE)


def html_declared_charset(data: bytes) -> str | None:
    """Return the codec an HTML or XML document declares in its first 4 KB, or None.

    Reads ``<meta charset>``, ``<meta http-equiv="Content-Type" content="...; charset=...">``
    and the XML declaration's ``encoding``. WHATWG aliases apply (``iso-8859-1`` means
    ``cp1252``); a declared UTF-16 in a byte-oriented page means UTF-8, as browsers read it.

    >>> html_declared_charset(b'<html><head><meta charset="windows-1251">')
    'cp1251'
    >>> html_declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">')
    'koi8-r'
    >>> html_declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><html>')
    'cp1252'
    >>> html_declared_charset(b'<meta charset="no-such-thing">') is None
    True

    :param data: the document's bytes.
    """
    head = data[:4096]
    labels: list[bytes] = []
    xml = _XML_DECL.match(head)
    if xml:
        labels.append(xml.group(1))
    labels.extend(m.group(1) for m in _META_CHARSET.finditer(head))
    for raw in labels:
        codec = normalize_charset(raw.decode("ascii", "replace"))
        if codec is None:
            continue
        if codec.startswith(("utf-16", "utf-32")):
            return "utf-8"
        return codec
    return None


# --- binary detection ------------------------------------------------------------------------


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from the pattern of NUL bytes in mostly-ASCII text."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd_nul = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd_nul >= 0.4 * pairs and even_nul <= 0.05 * pairs:
        return "utf-16-le"
    if even_nul >= 0.4 * pairs and odd_nul <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _check_binary(data: bytes, name: str) -> None:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReadError(f"this is {what}, not a text or HTML document", source=name)


def _looks_binary(text: str, *, tolerance: int = 10, floor: int = 8) -> bool:
    """True when decoded text is full of control characters (a binary file read as text).

    More than ``floor`` control characters and more than one character in ``tolerance`` is
    binary; a guessed encoding (UTF-16 without a BOM) is held to a stricter standard.
    """
    sample = text[:8192]
    if not sample:
        return False
    controls = len(_CONTROLS.findall(sample))
    return controls > max(floor, len(sample) // tolerance)


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


# --- Cyrillic single-byte detection --------------------------------------------------------

#: Approximate frequency (per 1000 letters) of Russian letters in running text.
_RU_FREQ: dict[str, float] = {
    "о": 110, "е": 85, "а": 80, "и": 74, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45, "л": 44,
    "к": 35, "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17, "г": 17, "з": 16,
    "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3, "ф": 3,
    "ъ": 0.4, "ё": 0.4, "і": 8, "ї": 3, "є": 3, "ґ": 0.5, "ў": 1,
}  # fmt: skip

_CYRILLIC_CODECS = ("cp1251", "koi8-r", "iso8859-5", "cp866", "mac-cyrillic")
_SINGLE_BYTE = {
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic", "iso8859-2", "iso8859-7",
    "iso8859-15", "iso8859-3", "iso8859-4", "iso8859-6", "iso8859-8", "iso8859-10", "iso8859-13",
}  # fmt: skip


def _cyrillic_score(text: str) -> float:
    """Log-likelihood per letter that ``text`` is Cyrillic prose (higher is more likely)."""
    total = 0.0
    letters = 0
    prev_lower = False
    for ch in text:
        if ch.isalpha():
            low = ch.lower()
            freq = _RU_FREQ.get(low)
            if freq is None:
                # a letter of another script where Cyrillic was expected: very unlikely
                score = -12.0 if ord(ch) >= 0x80 else math.log(2 / 1000)
            else:
                score = math.log(freq / 1000)
                if ch != low and prev_lower:
                    score -= 3.0  # a capital after a small letter is rare in prose
            total += score
            letters += 1
            prev_lower = ch == low
        else:
            if ord(ch) >= 0x80 and not ch.isspace() and ch not in "«»—–…“”„‘’№°\u00a0":
                total -= 6.0  # a high byte that became a symbol rather than a letter
            prev_lower = False
    return total / max(letters, 1)


def _detect_cyrillic(data: bytes) -> tuple[str, str] | None:
    """Return (text, codec) when ``data`` is clearly single-byte Cyrillic, else None."""
    sample = data[:_SAMPLE]
    high = sum(1 for b in sample if b >= 0x80)
    ascii_letters = sum(1 for b in sample if 65 <= b <= 90 or 97 <= b <= 122)
    if high == 0 or high < ascii_letters:
        return None  # mostly Latin text with a few accented letters
    best: tuple[float, str] | None = None
    for codec in _CYRILLIC_CODECS:
        text = sample.decode(codec, errors=_KEEP_BYTE)
        cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
        if cyrillic < 0.8 * high:
            continue
        score = _cyrillic_score(text)
        if best is None or score > best[0]:
            best = (score, codec)
    if best is None or best[0] < -6.5:
        return None
    return data.decode(best[1], errors=_KEEP_BYTE), best[1]


# --- Latin single-byte detection ------------------------------------------------------------

_PUNCT = set("\u00a0“”‘’„‚–—…«»‹›°€£¥©®™·§¶•†‡¿¡ªº±×÷²³¹½¼¾µ¢")
_WEST = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüÿßœšžÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜŸŒŠŽ")
_CENTRAL = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽáéíóúýäôĺľŕÁÉÍÓÚÝÄÔĹĽŔőűŐŰăâîșțşţĂÂÎȘȚŞŢ")
_TURKISH = set("çğıİöşüÇĞÖŞÜâîûÂÎÛ") | _WEST - set("ýÝþÞðÐ")
_BALTIC = set("āčēģīķļņšūžąęėįųĀČĒĢĪĶĻŅŠŪŽĄĘĖĮŲõäöüÕÄÖÜ")

#: Latin single-byte codecs in order of preference, with the letters text in each uses.
_LATIN_CODECS: tuple[tuple[str, set[str]], ...] = (
    ("cp1252", _WEST),
    ("cp1250", _CENTRAL),
    ("iso8859-2", _CENTRAL),
    ("cp1254", _TURKISH),
    ("cp1257", _BALTIC),
)


def _detect_latin(data: bytes) -> tuple[str, str] | None:
    """Return (text, codec) for mostly-Latin single-byte text whose accented letters make sense."""
    best: tuple[float, str] | None = None
    sample = data[:_SAMPLE]
    for codec, letters in _LATIN_CODECS:
        text = sample.decode(codec, errors=_KEEP_BYTE)
        high = 0
        good = 0
        for i, ch in enumerate(text):
            if ord(ch) < 0x80:
                continue
            high += 1
            if ch in letters:
                good += 1
            elif ch in _PUNCT:
                # a symbol between two letters is a letter of another code page
                inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
                good += 0 if inside else 1
        if not high:
            continue
        score = good / high
        if best is None or score > best[0]:
            best = (score, codec)
    if best is None or best[0] < 0.9:
        return None
    return data.decode(best[1], errors=_KEEP_BYTE), best[1]


# --- main entry ----------------------------------------------------------------------------


def _keep_byte(exc: UnicodeError) -> tuple[str, int]:
    """Decode a byte a single-byte code page leaves undefined as the character of that number.

    This is what browsers do for windows-1252's five holes (0x81 becomes U+0081), and it
    keeps every byte of a windows-1251 text that holds its one undefined byte (0x98).
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(chr(b) for b in exc.object[exc.start : exc.end]), exc.end


_KEEP_BYTE = "archivepub-keep-byte"
codecs.register_error(_KEEP_BYTE, _keep_byte)

#: Detection looks at this many bytes; the whole text is then decoded with the codec found.
_SAMPLE = 65536


def _whatwg_cp1252(data: bytes) -> str:
    """windows-1252 as browsers decode it: the five undefined bytes become C1 controls."""
    return data.decode("cp1252", errors=_KEEP_BYTE)


def _is_single_byte(codec: str) -> bool:
    try:
        return codecs.lookup(codec).name in _SINGLE_BYTE
    except LookupError:
        return False


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if _is_single_byte(codec):
            return data.decode(codec, errors=_KEEP_BYTE)
        return None


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, with iso-8859-1 read as windows-1252."""
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[:65536] if len(data) > 65536 else data).best()
    except Exception:  # pragma: no cover - a detector bug must not stop a read
        return None
    if best is None:
        return None
    codec = normalize_charset(best.encoding) or best.encoding
    if codec in ("latin-1", "iso8859-1"):
        codec = "cp1252"
    text = _try(data, codec)
    if text is None:
        return None
    return text, codec


def decode(data: bytes, *, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text and return ``(text, codec)``; a BOM is not part of the text.

    Order: byte-order mark; ``declared`` when it is a real codec and decodes cleanly (but valid
    UTF-8 with non-ASCII characters wins over a declared legacy charset); strict UTF-8;
    single-byte Cyrillic by letter statistics; charset-normalizer. Only when nothing decodes
    cleanly is the best candidate decoded with replacement characters.

    >>> decode("Привет, мир".encode("koi8-r"), name="x.txt")
    ('Привет, мир', 'koi8-r')
    >>> decode(b"caf\\xe9", name="x.txt", declared="iso-8859-1")
    ('café', 'cp1252')

    :param data: the source's bytes.
    :param name: the source's name, used in error messages.
    :param declared: the charset the source declares (an HTTP header or ``<meta>``), if any.
    :raises ReadError: when the bytes are clearly not text (an image, an archive, NUL bytes).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                return body.decode(codec, errors="replace"), codec
    _check_binary(data, name)
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is not None:
            text = data.decode(guess, errors="replace")
            # UTF-16 is only a guess here: real text in it has (almost) no control characters
            if _looks_binary(text, tolerance=50, floor=0):
                raise ReadError("this looks like a binary file, not text", source=name)
            return text, guess
        nuls = data.count(b"\x00")
        if nuls > max(2, len(data) // 1000):
            raise ReadError("contains NUL bytes: this looks like a binary file, not text", source=name)
        # a few stray NUL bytes in a text file: shown as U+FFFD, the rest read as usual
        _text, codec = decode(data.replace(b"\x00", b""), name=name, declared=declared)
        chunks = (
            _try(chunk, codec) or chunk.decode(codec, errors="replace") for chunk in data.split(b"\x00")
        )
        return "\ufffd".join(chunks), codec

    is_ascii = data.isascii()
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None

    wanted = normalize_charset(declared) if declared else None
    if wanted is not None:
        if utf8 is not None and not is_ascii and wanted != "utf-8":
            pass  # a page that says latin-1 or cp1251 but is really UTF-8: read it as UTF-8
        else:
            # (a page declaring UTF-8 is not decoded a second time)
            declared_text = utf8 if wanted == "utf-8" else _try(data, wanted)
            if declared_text is not None:
                return _checked(declared_text, name), wanted
    if utf8 is not None:
        return _checked(utf8, name), "utf-8"

    lossy = data.decode("utf-8", errors="replace")
    broken = lossy.count("\ufffd")
    non_ascii = len(lossy) - len(lossy.encode("ascii", errors="ignore"))
    if non_ascii - broken >= 10 * broken:
        # mostly valid UTF-8 with a few broken bytes (a truncated or spliced file): keep it
        return _checked(lossy, name), "utf-8"
    cyrillic = _detect_cyrillic(data)
    if cyrillic is not None:
        return _checked(cyrillic[0], name), cyrillic[1]
    latin = _detect_latin(data)
    if latin is not None:
        return _checked(latin[0], name), latin[1]
    detected = _detect(data)
    if detected is not None:
        return _checked(detected[0], name), detected[1]
    # last resort: windows-1252 as browsers read it maps every byte to a character
    return _checked(_whatwg_cp1252(data), name), "cp1252"


def _checked(text: str, name: str) -> str:
    if _looks_binary(text):
        raise ReadError("this looks like a binary file, not text", source=name)
    return text
