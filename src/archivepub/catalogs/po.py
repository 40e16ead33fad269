"""Gettext PO text to :class:`PoFile` and back, keeping everything a translator wrote.

The reader is strict (any malformed line gives :class:`~archivepub.errors.CatalogError` with
the file and line) and keeps what babel's ``read_po`` drops or mangles: previous source
fields (``#| msgctxt``, ``#| msgid``, also on obsolete ``#~|`` entries), non-numeric
locations such as ``#: coastal-archives:p3``, the order of entries and the line of each
entry, so that QA messages can point at it. The writer produces what GNU ``msgfmt --check``
accepts; strings are escaped and wrapped by babel's ``normalize``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from babel.messages.pofile import normalize

from archivepub.errors import CatalogError

__all__ = ["PoEntry", "PoFile", "parse_po", "render_po"]

_WIDTH = 76
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)\Z")


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
    obsolete: bool = False
    #: the line of the entry's ``msgid`` in the file it was read from (0 if new)
    line: int = 0
    #: the line of its (first) ``msgstr`` (0 if new)
    msgstr_line: int = 0

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
    def key(self) -> tuple[str | None, str]:
        """``(msgctxt, msgid)``: what makes an entry unique in a file."""
        return (self.msgctxt, self.msgid)


@dataclass(slots=True)
class PoFile:
    """A parsed PO file: header comments, header fields (in order) and entries (in order)."""

    header_comments: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    entries: list[PoEntry] = field(default_factory=list)
    #: flags of the header entry (a new catalog made by some tools is ``fuzzy``)
    header_flags: list[str] = field(default_factory=list)

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
        self.lines = text.splitlines()
        self.po = PoFile()
        self.seen: dict[tuple[bool, str | None, str], int] = {}
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

    def error(self, lineno: int, message: str) -> CatalogError:
        return CatalogError(message, source=self.source, line=lineno)

    def _string(self, raw: str, lineno: int) -> str:
        raw = raw.strip()
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
            self._reset()
            return
        key = (obsolete, msgctxt, msgid)
        if key in self.seen:
            raise self.error(
                self.msgid_line, f"duplicate entry (first at line {self.seen[key]}): msgctxt {msgctxt!r}"
            )
        self.seen[key] = self.msgid_line
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
            obsolete=obsolete,
            line=self.msgid_line,
            msgstr_line=self.msgstr_line,
        )
        self.po.entries.append(entry)
        self._reset()

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
            if stripped.startswith("#~|"):
                self._prev_or_continue(stripped[3:].strip(), lineno, obsolete=True)
                continue
            if stripped.startswith("#~"):
                rest = stripped[2:].strip()
                if rest.startswith('"'):
                    self._continue(rest, lineno, previous=False)
                elif rest:
                    self._entry_boundary()
                    self._keyword(rest, lineno, obsolete=True, previous=False)
                continue
            if stripped.startswith("#|"):
                self._prev_or_continue(stripped[2:].strip(), lineno, obsolete=False)
                continue
            if stripped.startswith("#"):
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
                continue
            if stripped.startswith('"'):
                self._continue(stripped, lineno, previous=False)
                continue
            self._entry_boundary()
            self._keyword(stripped, lineno, obsolete=False, previous=False)
        if self.fields or self.comments or self.flags or self.prev or self.locations or self.extracted:
            self._finish(len(self.lines) + 1)
        return self.po

    def _entry_boundary(self) -> None:
        # a comment or keyword after a complete entry (no blank line between) starts a new one
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


def _field(prefix: str, keyword: str, value: str) -> list[str]:
    text = normalize(value, prefix=prefix, width=_WIDTH)
    return [f"{prefix}{keyword} {text}"]


def _entry_lines(entry: PoEntry) -> list[str]:
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
    lines = [f"# {c}".rstrip() for c in po.header_comments]
    if po.header_flags:
        lines.append("#, " + ", ".join(po.header_flags))
    lines += ['msgid ""', 'msgstr ""']
    for name, value in po.headers:
        lines.append(normalize(f"{name}: {value}\n", width=0))
    blocks = ["\n".join(lines)]
    ordered = [e for e in po.entries if not e.obsolete] + [e for e in po.entries if e.obsolete]
    blocks += ["\n".join(_entry_lines(e)) for e in ordered]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
