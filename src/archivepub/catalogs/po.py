"""Gettext PO text to :class:`PoFile` and back, keeping everything a translator wrote.

The reader is strict (any malformed line gives :class:`~archivepub.errors.CatalogError` with
the file and line) and keeps what babel's ``read_po`` drops or mangles: previous source
fields (``#| msgctxt``, ``#| msgid``, also on obsolete ``#~|`` entries), non-numeric
locations such as ``#: coastal-archives:p3``, the order of entries and the line of each
entry, so that QA messages can point at it.

The writer produces what GNU ``msgfmt --check`` accepts, and depends on no other library: an
entry read from a file and not changed since is written back with the file's own bytes
(however the translator's editor wrapped it), and a new or changed entry is wrapped at 76
columns the way babel's ``write_po`` wraps (:func:`wrap_string`, linear in the string's length),
so that upgrading a dependency never rewrites a catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from archivepub.errors import CatalogError

__all__ = ["PoEntry", "PoFile", "keep_layout", "parse_po", "render_po", "wrap_string"]

_WIDTH = 76
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)\Z")
# a quoted string: no bare quote inside, every backslash escapes one character (linear: the
# alternatives of the loop cannot both match at one place)
_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass(slots=True)
class PoEntry:
    """One entry of a PO file (the header is kept apart, see :class:`PoFile`).

    >>> PoEntry(msgid="Notes", msgstr="Примечания", msgctxt="h1.1", flags=["fuzzy"]).fuzzy
    True
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    #: plural translations ``msgstr[0]``, ``msgstr[1]``, ... (empty for a singular entry)
    msgstr_plural: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    #: translator comments (``# ...``), without the ``# ``
    comments: list[str] = field(default_factory=list)
    #: extracted comments (``#. ...``), written by archivepub
    extracted: list[str] = field(default_factory=list)
    #: references (``#: ...``), one per whitespace-separated token
    locations: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    #: ``#| msgid_plural``: the previous plural source of a plural entry
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    #: the line of the entry's ``msgid`` in the file it was read from (0 if new)
    line: int = 0
    #: the line of its (first) ``msgstr`` (0 if new)
    msgstr_line: int = 0
    #: the entry's text as read (its lines, without the blank line after it), or ``None``
    raw: str | None = field(default=None, compare=False, repr=False)
    #: what the entry held when ``raw`` was read: ``raw`` is written back while it still holds it
    raw_state: tuple[object, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def fuzzy(self) -> bool:
        """Whether the entry carries the ``fuzzy`` flag (needs review)."""
        return "fuzzy" in self.flags

    def set_fuzzy(self, value: bool) -> None:
        """Add or remove the ``fuzzy`` flag."""
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def translated(self) -> bool:
        """Whether every ``msgstr`` of the entry is non-empty."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def has_translation(self) -> bool:
        """Whether any ``msgstr`` of the entry is non-empty (some translator's work is in it)."""
        return bool(self.msgstr) or any(self.msgstr_plural)

    @property
    def key(self) -> tuple[str | None, str]:
        """``(msgctxt, msgid)``: what makes an entry unique in a file, obsolete or not (as for
        GNU ``msgfmt``, an obsolete entry with the key of an active one is a duplicate)."""
        return (self.msgctxt, self.msgid)

    def state(self) -> tuple[object, ...]:
        """Everything the writer writes of this entry (to tell whether it changed since read)."""
        return (
            self.msgid,
            self.msgstr,
            self.msgctxt,
            self.msgid_plural,
            tuple(self.msgstr_plural),
            tuple(self.flags),
            tuple(self.comments),
            tuple(self.extracted),
            tuple(self.locations),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
        )


@dataclass(slots=True)
class PoFile:
    """A parsed PO file: header comments, header fields (in order) and entries (in order)."""

    header_comments: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    entries: list[PoEntry] = field(default_factory=list)
    #: flags of the header entry (a new catalog made by some tools is ``fuzzy``)
    header_flags: list[str] = field(default_factory=list)
    #: the header's text as read (comments and header entry), or ``None``
    header_raw: str | None = field(default=None, compare=False, repr=False)
    #: what the header held when ``header_raw`` was read
    header_raw_state: tuple[object, ...] | None = field(default=None, compare=False, repr=False)

    def header_state(self) -> tuple[object, ...]:
        """Everything the writer writes of the header (to tell whether it changed since read)."""
        return (tuple(self.header_comments), tuple(self.headers), tuple(self.header_flags))

    def header(self, name: str) -> str | None:
        """The value of header field ``name`` (case-insensitive), or ``None``."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        """Set header field ``name``, keeping its place if it exists (else appending it)."""
        for i, (key, _) in enumerate(self.headers):
            if key.lower() == name.lower():
                self.headers[i] = (key, value)
                return
        self.headers.append((name, value))

    def active(self) -> Iterator[PoEntry]:
        """The entries that are not obsolete."""
        return (e for e in self.entries if not e.obsolete)


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        # only "\n" ends a line in a PO file (U+2028, U+0085, a form feed are string content)
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.po = PoFile()
        #: (msgctxt, msgid) -> (line, obsolete) of the entry that has it
        self.seen: dict[tuple[str | None, str], tuple[int, bool]] = {}
        self._reset()

    def _reset(self) -> None:
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.locations: list[str] = []
        self.flags: list[str] = []
        self.prev: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.current: str | None = None
        self.prev_current: str | None = None
        self.obsolete: bool | None = None
        self.msgid_line = 0
        self.msgstr_line = 0
        self.start = 0
        self.last = 0

    def error(self, lineno: int, message: str) -> CatalogError:
        return CatalogError(message, source=self.source, line=lineno)

    def _string(self, raw: str, lineno: int) -> str:
        raw = raw.strip()
        match = _QUOTED.fullmatch(raw)
        if match is not None:
            body = match.group(1)
            if "\\" not in body:
                return body
            return _ESCAPE.sub(lambda m: self._unescape(m.group(1), lineno), body)
        return self._diagnose(raw, lineno)

    def _unescape(self, char: str, lineno: int) -> str:
        try:
            return _ESCAPES[char]
        except KeyError:
            raise self.error(lineno, f"unknown escape sequence \\{char}") from None

    def _diagnose(self, raw: str, lineno: int) -> str:
        """Say what is wrong with a string the fast path refused (one pass)."""
        if len(raw) < 2 or not raw.startswith('"') or not raw.endswith('"'):
            raise self.error(lineno, f"expected a quoted string, found {raw[:40]!r}")
        out: list[str] = []
        body = raw[1:-1]
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\":
                if i + 1 >= len(body):
                    raise self.error(lineno, "a string ends with a lone backslash")
                nxt = body[i + 1]
                if nxt in _ESCAPES:
                    out.append(_ESCAPES[nxt])
                    i += 2
                    continue
                raise self.error(lineno, f"unknown escape sequence \\{nxt}")
            if ch == '"':
                raise self.error(lineno, "unescaped double quote inside a string")
            out.append(ch)
            i += 1
        return "".join(out)

    def _finish(self, lineno: int) -> None:
        if not self.fields:
            if self.flags or self.prev or self.locations or self.extracted:
                raise self.error(self.start, "comments without an entry (msgid and msgstr missing)")
            if self.comments:
                if self.po.entries:
                    self.po.entries[-1].comments.extend(self.comments)
                else:
                    self.po.header_comments.extend(self.comments)
            self._reset()
            return
        if "msgid" not in self.fields:
            raise self.error(self.start, "entry without msgid")
        has_plural = "msgid_plural" in self.fields
        singular = "msgstr" in self.fields
        plural_keys = sorted(k for k in self.fields if k.startswith("msgstr["))
        if has_plural and (singular or not plural_keys):
            raise self.error(self.start, "a plural entry needs msgstr[0], msgstr[1], ... and no msgstr")
        if not has_plural and (plural_keys or not singular):
            raise self.error(self.start, "entry without msgstr")
        msgid = "".join(self.fields["msgid"])
        msgctxt = "".join(self.fields["msgctxt"]) if "msgctxt" in self.fields else None
        obsolete = bool(self.obsolete)
        if msgid == "" and msgctxt is None and not obsolete:
            if self.po.headers or self.po.entries:
                raise self.error(self.msgid_line, "a second header entry (empty msgid)")
            self.po.header_comments.extend(self.comments)
            self.po.header_flags = list(self.flags)
            for line in "".join(self.fields.get("msgstr", [])).split("\n"):
                if not line.strip():
                    continue
                name, sep, value = line.partition(":")
                if not sep:
                    raise self.error(self.msgid_line, f"header line without a colon: {line!r}")
                self.po.headers.append((name.strip(), value.strip()))
            self.po.header_raw = self._raw(1)
            self.po.header_raw_state = self.po.header_state()
            self._reset()
            return
        key = (msgctxt, msgid)
        if key in self.seen:
            first, first_obsolete = self.seen[key]
            kinds = {(False, False): "", (True, True): " (both obsolete, #~)"}
            how = kinds.get((first_obsolete, obsolete), " (one of them obsolete, #~)")
            raise self.error(
                self.msgid_line, f"duplicate entry{how} (first at line {first}): msgctxt {msgctxt!r}"
            )
        self.seen[key] = (self.msgid_line, obsolete)
        entry = PoEntry(
            msgid=msgid,
            msgstr="".join(self.fields.get("msgstr", [])),
            msgctxt=msgctxt,
            msgid_plural="".join(self.fields["msgid_plural"]) if has_plural else None,
            msgstr_plural=["".join(self.fields[k]) for k in sorted(plural_keys, key=lambda k: int(k[7:-1]))],
            flags=self.flags,
            comments=self.comments,
            extracted=self.extracted,
            locations=self.locations,
            previous_msgctxt="".join(self.prev["msgctxt"]) if "msgctxt" in self.prev else None,
            previous_msgid="".join(self.prev["msgid"]) if "msgid" in self.prev else None,
            previous_msgid_plural="".join(self.prev["msgid_plural"]) if "msgid_plural" in self.prev else None,
            obsolete=obsolete,
            line=self.msgid_line,
            msgstr_line=self.msgstr_line,
        )
        entry.raw = self._raw(self.start)
        entry.raw_state = entry.state()
        self.po.entries.append(entry)
        self._reset()

    def _raw(self, first: int) -> str | None:
        if not first or self.last < first:
            return None
        lines = [line.rstrip("\r") for line in self.lines[first - 1 : self.last]]
        if first == 1 and lines[0].startswith("\ufeff"):
            lines[0] = lines[0][1:]
        return "\n".join(lines)

    def _keyword(self, body: str, lineno: int, obsolete: bool, previous: bool) -> None:
        match = _KEYWORD.match(body)
        if match is None:
            raise self.error(lineno, f"cannot read this line: {body[:60]!r}")
        name, value = match.group(1), self._string(match.group(3), lineno)
        if previous:
            if name not in ("msgctxt", "msgid", "msgid_plural"):
                raise self.error(lineno, f"#| may hold msgctxt and msgid, not {name}")
            if self.fields:
                raise self.error(lineno, "#| lines must come before the entry's msgctxt and msgid")
            self.prev[name] = [value]
            self.prev_current = name
            if self.start == 0:
                self.start = lineno
            return
        if name in self.fields:
            raise self.error(lineno, f"{name} given twice in one entry")
        if name == "msgctxt" and self.fields:
            raise self.error(lineno, "msgctxt must come first in an entry")
        if name != "msgctxt" and name != "msgid" and "msgid" not in self.fields:
            raise self.error(lineno, f"{name} before msgid")
        if name == "msgid_plural" and any(k.startswith("msgstr") for k in self.fields):
            raise self.error(lineno, "msgid_plural after msgstr")
        if name.startswith("msgstr["):
            if "msgstr" in self.fields:
                raise self.error(lineno, f"{name} after msgstr (an entry has one or the other)")
            expected = sum(1 for k in self.fields if k.startswith("msgstr["))
            if int(match.group(2)) != expected:
                raise self.error(
                    lineno, f"plural form has wrong index: {name} where msgstr[{expected}] is due"
                )
        if self.obsolete is None:
            self.obsolete = obsolete
        elif self.obsolete != obsolete:
            raise self.error(lineno, "an entry mixes obsolete (#~) and active lines")
        if name == "msgid":
            self.msgid_line = lineno
        elif name.startswith("msgstr") and not self.msgstr_line:
            self.msgstr_line = lineno
        if self.start == 0:
            self.start = lineno
        self.fields[name] = [value]
        self.current = name

    def parse(self) -> PoFile:
        for lineno, raw in enumerate(self.lines, start=1):
            line = raw.rstrip("\r")
            if lineno == 1 and line.startswith("\ufeff"):
                line = line[1:]
            stripped = line.strip()
            if not stripped:
                if "msgstr" in self.fields or any(k.startswith("msgstr[") for k in self.fields):
                    self._finish(lineno)
                continue
            self._line(stripped, lineno)
            self.last = lineno
        if self.fields or self.comments or self.flags or self.prev or self.locations or self.extracted:
            self._finish(len(self.lines) + 1)
        return self.po

    def _line(self, stripped: str, lineno: int) -> None:
        if stripped.startswith("#~|"):
            self._prev_or_continue(stripped[3:].strip(), lineno, obsolete=True)
        elif stripped.startswith("#~"):
            rest = stripped[2:].strip()
            if rest.startswith('"'):
                self._continue(rest, lineno, previous=False)
            elif rest:
                self._entry_boundary(rest)
                self._keyword(rest, lineno, obsolete=True, previous=False)
        elif stripped.startswith("#|"):
            self._prev_or_continue(stripped[2:].strip(), lineno, obsolete=False)
        elif stripped.startswith("#"):
            self._entry_boundary()
            if self.start == 0:
                self.start = lineno
            kind, text = stripped[1:2], stripped[2:]
            if kind == ".":
                self.extracted.append(text.strip())
            elif kind == ":":
                self.locations.extend(text.split())
            elif kind == ",":
                self.flags.extend(f.strip() for f in text.split(",") if f.strip())
            elif kind == " " or kind == "":
                self.comments.append(stripped[2:] if kind == " " else "")
            else:
                # "#foo": some tools write comments without the space
                self.comments.append(stripped[1:])
        elif stripped.startswith('"'):
            self._continue(stripped, lineno, previous=False)
        else:
            self._entry_boundary(stripped)
            self._keyword(stripped, lineno, obsolete=False, previous=False)

    def _entry_boundary(self, line: str = "") -> None:
        # a comment or keyword after a complete entry (no blank line between) starts a new one;
        # msgstr[1] after msgstr[0] is the same plural entry
        if line.startswith("msgstr["):
            return
        if "msgstr" in self.fields or any(k.startswith("msgstr[") for k in self.fields):
            self._finish(0)

    def _prev_or_continue(self, rest: str, lineno: int, *, obsolete: bool) -> None:
        if rest.startswith('"'):
            self._continue(rest, lineno, previous=True)
        else:
            self._entry_boundary()
            self._keyword(rest, lineno, obsolete=obsolete, previous=True)

    def _continue(self, raw: str, lineno: int, *, previous: bool) -> None:
        value = self._string(raw, lineno)
        if previous:
            if self.prev_current is None or self.fields:
                raise self.error(lineno, "a #| continuation line without a #| msgid before it")
            self.prev[self.prev_current].append(value)
            return
        if self.current is None or self.current not in self.fields:
            raise self.error(lineno, "a string continuation line without a keyword before it")
        self.fields[self.current].append(value)


def parse_po(data: bytes | str, *, source: str = "<po>") -> PoFile:
    """Read PO text (UTF-8) strictly, keeping previous fields, locations and line numbers.

    >>> po = parse_po('msgid ""\\nmsgstr "Language: ru\\\\n"\\n\\n#, fuzzy\\n#| msgid "Old."\\n'
    ...               'msgctxt "p1.1"\\nmsgid "New."\\nmsgstr "Новое."\\n')
    >>> po.header("Language"), po.entries[0].previous_msgid, po.entries[0].line
    ('ru', 'Old.', 7)

    :param data: the file's bytes (UTF-8) or text.
    :param source: the file name, for error messages.
    :raises CatalogError: naming ``source`` and the line of the first problem.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CatalogError("not valid UTF-8 (PO files must be UTF-8)", source=source, line=line) from exc
    else:
        text = data
    po = _Parser(text, source).parse()
    charset = re.search(r"charset=([\w.-]+)", po.header("Content-Type") or "")
    if charset is not None and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise CatalogError(f"declares charset {charset.group(1)}: archivepub reads UTF-8 only", source=source)
    return po


_ESCAPED = {
    "\\": "\\\\",
    "\t": "\\t",
    "\r": "\\r",
    "\n": "\\n",
    '"': '\\"',
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_TO_ESCAPE = re.compile(r'[\\\t\r\n"\a\b\f\v]')


def _escape(text: str) -> str:
    return '"' + _TO_ESCAPE.sub(lambda m: _ESCAPED[m.group()], text) + '"'


_SPACES = re.compile(r"(\s+)")


def _chunks(line: str) -> list[str]:
    """Split ``line`` where it may be wrapped: whitespace runs, after the hyphen of a hyphenated
    word (``harbour-master``), around a double hyphen between words (``now--then``).

    The result alternates text and separators (``[text, sep, text, ..., text]``, texts may be
    empty), as ``re.split`` with babel's ``WORD_SEP`` gives it, but in linear time (that
    regular expression backtracks quadratically on a long word): no separator but white space
    spans white space, so the line is cut at white space first and only words holding a
    hyphen are looked into, in one pass each.
    """
    out: list[str] = []
    for i, part in enumerate(_SPACES.split(line)):
        if i % 2 == 0 and "-" in part:
            out += _word_chunks(part)
        else:
            out.append(part)
    return out


def _word_chunks(line: str) -> list[str]:
    """:func:`_chunks` of a piece of text (one pass, with tables of run ends)."""
    n = len(line)
    space = [ch.isspace() for ch in line]
    word = [ch.isalnum() or ch == "_" for ch in line]
    # ends of runs, and where the next ASCII letter is, computed right to left
    space_end = [n] * (n + 1)
    word_end = [n] * (n + 1)
    punct_end = [n] * (n + 1)
    hyphen_end = [n] * (n + 1)
    next_letter = [n] * (n + 2)
    for i in range(n - 1, -1, -1):
        space_end[i] = space_end[i + 1] if space[i] else i
        word_end[i] = word_end[i + 1] if word[i] else i
        punct_end[i] = punct_end[i + 1] if not (space[i] or word[i]) else i
        hyphen_end[i] = hyphen_end[i + 1] if line[i] == "-" else i
        next_letter[i] = i if line[i].isascii() and line[i].isalpha() else next_letter[i + 1]
    out: list[str] = []
    text_start = p = 0
    while p < n:
        end = 0
        if space[p]:
            end = space_end[p]
        else:
            # [^\s\w]* \w+ [a-zA-Z] - (?= \w+ [a-zA-Z])
            q = punct_end[p] if not word[p] else p
            r = word_end[q] if q < n and word[q] else q
            if (
                r - q >= 2
                and line[r - 1].isascii()
                and line[r - 1].isalpha()
                and r < n
                and line[r] == "-"
                and r + 1 < n
                and word[r + 1]
                and next_letter[r + 2] < word_end[r + 1]
            ):
                end = r + 1
            elif (
                line[p] == "-"
                and p > 0
                and (word[p - 1] or line[p - 1] in "!\"'&.,?")
                and hyphen_end[p] - p >= 2
                and hyphen_end[p] < n
                and word[hyphen_end[p]]
            ):
                end = hyphen_end[p]
        if end:
            out += [line[text_start:p], line[p:end]]
            text_start = p = end
        else:
            p += 1
    out.append(line[text_start:])
    return out


def wrap_string(text: str, prefix: str = "", width: int = 76) -> str:
    """Quote, escape and wrap ``text`` as a PO string (the keyword's line is ``prefix``).

    A string that fits stays on one line; a longer one (or one holding a newline) starts
    with ``""`` and continues on lines of at most ``width`` columns, broken after spaces and
    at hyphens, and after each ``\\n``.

    >>> wrap_string("Notes")
    '"Notes"'
    >>> print(wrap_string("A first line\\nand a second, rather longer line", width=24))
    ""
    "A first line\\n"
    "and a second, rather "
    "longer line"

    :param text: the string.
    :param prefix: what each continuation line starts with (``"#~ "`` in obsolete entries).
    :param width: the column limit.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        lines.append(line + "\n")
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    wrapped: list[str] = []
    for line in lines:
        if len(_escape(line)) + len(prefix) <= width:
            wrapped.append(line)
            continue
        chunks = _chunks(line)
        chunks.reverse()
        while chunks:
            buf: list[str] = []
            size = 2
            while chunks:
                length = len(_escape(chunks[-1])) - 2 + len(prefix)
                if size + length < width:
                    buf.append(chunks.pop())
                    size += length
                else:
                    if not buf:
                        buf.append(chunks.pop())  # a chunk longer than a line has one of its own
                    break
            if "".join(buf):
                wrapped.append("".join(buf))
    if len(wrapped) <= 1:
        return _escape(text)
    return '""\n' + "\n".join(prefix + _escape(line) for line in wrapped)


def _field(prefix: str, keyword: str, value: str) -> list[str]:
    return [f"{prefix}{keyword} {wrap_string(value, prefix=prefix, width=_WIDTH)}"]


def _entry_lines(entry: PoEntry) -> list[str]:
    if entry.raw is not None and entry.raw_state == entry.state():
        return [entry.raw]
    lines = [f"# {c}".rstrip() for c in entry.comments]
    lines += [f"#. {c}".rstrip() for c in entry.extracted]
    if entry.locations:
        lines.append("#: " + " ".join(entry.locations))
    if entry.flags:
        lines.append("#, " + ", ".join(dict.fromkeys(entry.flags)))
    prefix = "#~ " if entry.obsolete else ""
    prev_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines += _field(prev_prefix, "msgctxt", entry.previous_msgctxt)
    if entry.previous_msgid is not None:
        lines += _field(prev_prefix, "msgid", entry.previous_msgid)
    if entry.previous_msgid_plural is not None:
        lines += _field(prev_prefix, "msgid_plural", entry.previous_msgid_plural)
    if entry.msgctxt is not None:
        lines += _field(prefix, "msgctxt", entry.msgctxt)
    lines += _field(prefix, "msgid", entry.msgid)
    if entry.msgid_plural is not None:
        lines += _field(prefix, "msgid_plural", entry.msgid_plural)
        for i, text in enumerate(entry.msgstr_plural):
            lines += _field(prefix, f"msgstr[{i}]", text)
    else:
        lines += _field(prefix, "msgstr", entry.msgstr)
    return lines


def render_po(po: PoFile) -> bytes:
    """Write ``po`` as UTF-8 PO text: header, entries in order, obsolete entries last.

    >>> print(render_po(PoFile(headers=[("Language", "hy")],
    ...     entries=[PoEntry(msgid="Notes", msgstr="Ծանոթագրություններ", msgctxt="h1.1")])).decode())
    msgid ""
    msgstr ""
    "Language: hy\\n"
    <BLANKLINE>
    msgctxt "h1.1"
    msgid "Notes"
    msgstr "Ծանոթագրություններ"
    <BLANKLINE>
    """
    if po.header_raw is not None and po.header_raw_state == po.header_state():
        blocks = [po.header_raw]
    else:
        lines = [f"# {c}".rstrip() for c in po.header_comments]
        if po.header_flags:
            lines.append("#, " + ", ".join(po.header_flags))
        lines += ['msgid ""', 'msgstr ""']
        lines += [_escape(f"{name}: {value}\n") for name, value in po.headers]
        blocks = ["\n".join(lines)]
    ordered = [e for e in po.entries if not e.obsolete] + [e for e in po.entries if e.obsolete]
    blocks += ["\n".join(_entry_lines(e)) for e in ordered]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def keep_layout(new: PoFile, old: PoFile) -> None:
    """Let the entries of ``new`` that hold exactly what an entry of ``old`` held be written
    with ``old``'s text (and the header likewise), so that a rewritten catalog differs from
    the file it was read from only where its content changed.

    :param new: a catalog made from ``old`` (by a merge), changed in place.
    :param old: the catalog as read from its file.
    """
    if old.header_raw is not None and new.header_state() == old.header_raw_state:
        new.header_raw, new.header_raw_state = old.header_raw, old.header_raw_state
    layouts = {e.raw_state: e.raw for e in old.entries if e.raw is not None and e.raw_state == e.state()}
    for entry in new.entries:
        if entry.raw is None:
            state = entry.state()
            raw = layouts.get(state)
            if raw is not None:
                entry.raw, entry.raw_state = raw, state
