"""A translation memory in SQLite, with TMX 1.4 export and import for CAT tools.

Key: (source language, target language, normalised source segment with its tags); value:
the target segment, its origin (``machine`` or ``reviewed``), the model that made it and
when. A reviewed translation is never replaced by machine output. The database runs in WAL
mode, so a translation and a review can use it at the same time.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path
from types import TracebackType

from lxml import etree

from archivepub.errors import ArchivepubWarning, ReadError, TranslateError
from archivepub.model.nodes import ModelInfo
from archivepub.transforms.tags import TAG_PATTERN

__all__ = ["MemoryEntry", "TranslationMemory", "default_memory_path", "normalize_segment", "similarity"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('machine', 'reviewed')),
    model TEXT,
    model_engine TEXT,
    model_version TEXT,
    model_license TEXT,
    created TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source)
);
"""


def normalize_segment(text: str) -> str:
    """The memory key of a segment: NFC, whitespace runs collapsed, ends stripped.

    >>> normalize_segment("  The <em>archive</em>\\n  opens. ")
    'The <em>archive</em> opens.'
    """
    # str.split() breaks at exactly the characters re's \s matches (str.isspace), so this is
    # re.sub(r"\s+", " ", text).strip(), in a fifth of the time (tests/transforms/test_memory.py)
    return " ".join(unicodedata.normalize("NFC", text).split())


def similarity(a: str, b: str, *, threshold: float = 0.0) -> float:
    """How alike two segments are, 0 to 1: difflib's ratio of their characters, tags included.

    A pair that cannot reach ``threshold`` scores 0 (decided from cheap upper bounds first).

    >>> similarity("The archive opens.", "The archive opened.")
    0.918918918918919
    """
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def default_memory_path() -> Path:
    """``$ARCHIVEPUB_MEMORY``, else ``$XDG_DATA_HOME/archivepub/memory.sqlite``."""
    env = os.environ.get("ARCHIVEPUB_MEMORY")
    if env:
        return Path(env)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "archivepub" / "memory.sqlite"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemoryEntry:
    """One stored translation."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    origin: str
    model: ModelInfo | None = None
    created: str = ""


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class TranslationMemory:
    """A persistent translation memory (an SQLite file; ``":memory:"`` for a throwaway one).

    >>> tm = TranslationMemory(":memory:")
    >>> tm.store("en", "ru", [("The archive.", "Архив.")], origin="machine")
    1
    >>> tm.lookup("en", "ru", ["The  archive."])["The archive."].target
    'Архив.'

    :param path: the database file (created with its folder if missing).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise TranslateError(f"{self.path}: cannot open the translation memory: {exc}") from exc

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __len__(self) -> int:
        row = self._db.execute("SELECT count(*) FROM segments").fetchone()
        return int(row[0])

    def lookup(self, source_lang: str, target_lang: str, segments: Iterable[str]) -> dict[str, MemoryEntry]:
        """Return the stored translations of ``segments``, keyed by their normalised form.

        A stored target that is empty (or only white space) for a source that is not is no
        translation: it is left out, as if the memory did not know the segment.

        :param source_lang: the source language code.
        :param target_lang: the target language code.
        :param segments: tagged source segments (normalised here).
        """
        keys = sorted({normalize_segment(s) for s in segments})
        found: dict[str, MemoryEntry] = {}
        models: dict[tuple[str | None, ...], ModelInfo] = {}  # a few models for many rows
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT source, target, origin, model, model_engine, model_version, model_license, created"
                f" FROM segments WHERE source_lang = ? AND target_lang = ? AND source IN ({marks})",
                (source_lang, target_lang, *chunk),
            )
            for row in rows:
                if row[0].strip() and not (row[1] or "").strip():
                    continue  # an empty translation is never a translation
                found[row[0]] = _entry(source_lang, target_lang, row, models)
        return found

    def similar(
        self, source_lang: str, target_lang: str, segment: str, *, limit: int = 5, threshold: float = 0.6
    ) -> list[tuple[float, MemoryEntry]]:
        """The stored translations of the segments most like ``segment`` (a fuzzy match), best first.

        >>> tm = TranslationMemory(":memory:")
        >>> tm.store("en", "ru", [("The archive opens.", "Архив открывается.")], origin="reviewed")
        1
        >>> [(round(score, 2), e.target) for score, e in tm.similar("en", "ru", "The archive opened.")]
        [(0.92, 'Архив открывается.')]

        :param source_lang: the source language code.
        :param target_lang: the target language code.
        :param segment: a tagged source segment (normalised here).
        :param limit: at most this many matches.
        :param threshold: the least :func:`similarity` a match has (an exact match scores 1).
        """
        key = normalize_segment(segment)
        if not key or not 0 < threshold <= 1:
            return []
        # similarity(a, b) <= 2 * min(len) / (len(a) + len(b)): only these lengths can match
        shortest = math.ceil(len(key) * threshold / (2 - threshold))
        longest = math.floor(len(key) * (2 - threshold) / threshold)
        rows = self._db.execute(
            "SELECT source, target, origin, model, model_engine, model_version, model_license, created"
            " FROM segments WHERE source_lang = ? AND target_lang = ? AND length(source) BETWEEN ? AND ?",
            (source_lang, target_lang, shortest, longest),
        )
        found: list[tuple[float, MemoryEntry]] = []
        for row in rows:
            score = similarity(key, row[0], threshold=threshold)
            if score >= threshold:
                found.append((score, _entry(source_lang, target_lang, row)))
        found.sort(key=lambda hit: (-hit[0], hit[1].source))
        return found[:limit]

    def store(
        self,
        source_lang: str,
        target_lang: str,
        pairs: Iterable[tuple[str, str]],
        *,
        origin: str,
        model: ModelInfo | None = None,
        created: str | None = None,
    ) -> int:
        """Store (source, target) pairs; return how many rows were written.

        Machine output never replaces a reviewed translation; a reviewed one replaces anything.

        :param origin: ``"machine"`` or ``"reviewed"``.
        :param model: the model that made machine output.
        :param created: ISO 8601 time (default: now, or ``SOURCE_DATE_EPOCH``).
        """
        if origin not in ("machine", "reviewed"):
            raise ValueError(f"origin must be 'machine' or 'reviewed', not {origin!r}")
        when = created or _now()
        rows = [
            (
                source_lang,
                target_lang,
                normalize_segment(src),
                tgt,
                origin,
                model.name if model else None,
                model.engine if model else None,
                model.version if model else None,
                model.license if model else None,
                when,
            )
            for src, tgt in pairs
        ]
        guard = "WHERE segments.origin = 'machine'" if origin == "machine" else ""
        with self._db:
            before = self._db.total_changes
            self._db.executemany(
                "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source_lang, target_lang, source) DO UPDATE SET "
                "target = excluded.target, origin = excluded.origin, model = excluded.model, "
                "model_engine = excluded.model_engine, model_version = excluded.model_version, "
                f"model_license = excluded.model_license, created = excluded.created {guard}",
                rows,
            )
            return self._db.total_changes - before

    def entries(self) -> Iterator[MemoryEntry]:
        """Every stored translation, ordered by language pair and source."""
        rows = self._db.execute(
            "SELECT source_lang, target_lang, source, target, origin, model, model_engine, model_version,"
            " model_license, created FROM segments ORDER BY source_lang, target_lang, source"
        )
        for row in rows:
            yield _entry(row[0], row[1], row[2:])

    # --- TMX 1.4 -----------------------------------------------------------------------

    def export_tmx(self, *, source_lang: str | None = None) -> bytes:
        """Return every entry (or those from ``source_lang``) as a TMX 1.4 document.

        Tags become TMX inline codes: ``<bpt>``/``<ept>`` around paired tags, ``<ph>`` for
        ``<note1/>``; the origin and model travel as ``x-origin`` and ``x-model`` properties.
        """
        root = etree.Element("tmx", version="1.4")
        header = {
            "creationtool": "archivepub",
            "creationtoolversion": "1",
            "segtype": "sentence",
            "o-tmf": "archivepub",
            "adminlang": "en",
            "srclang": source_lang or "*all*",
            "datatype": "xml",
        }
        etree.SubElement(root, "header", header)
        body = etree.SubElement(root, "body")
        for entry in self.entries():
            if source_lang is not None and entry.source_lang != source_lang:
                continue
            tu = etree.SubElement(body, "tu", creationdate=entry.created.replace("-", "").replace(":", ""))
            etree.SubElement(tu, "prop", type="x-origin").text = entry.origin
            if entry.model is not None:
                etree.SubElement(tu, "prop", type="x-model").text = entry.model.name
                for field in ("engine", "version", "license"):
                    value = getattr(entry.model, field)
                    if value:
                        etree.SubElement(tu, "prop", type=f"x-model-{field}").text = value
            for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
                tuv = etree.SubElement(tu, "tuv", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
                _write_seg(etree.SubElement(tuv, "seg"), text)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))

    def import_tmx(self, data: bytes, *, source: str = "<tmx>", origin: str | None = None) -> int:
        """Store the translation units of a TMX document; return how many were stored.

        Each unit's first variant in the header's ``srclang`` (or its first variant) is the
        source, every other variant a target. A unit without an ``x-origin`` property counts
        as ``reviewed`` (a TMX from a CAT tool holds human work) unless ``origin`` is given.
        A unit whose source or target segment is empty is skipped with an
        :class:`~archivepub.errors.ArchivepubWarning`.

        :param data: the TMX file's bytes.
        :param source: the file name, for error messages.
        :param origin: force this origin for every unit.
        """
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"not well-formed XML: {exc.msg}", source=source, line=exc.lineno) from exc
        if root.tag != "tmx":
            raise ReadError("not a TMX document (root element is not <tmx>)", source=source)
        header = root.find("header")
        srclang = header.get("srclang") if header is not None else None
        count = 0
        xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
        for tu in root.iterfind("body/tu"):
            props = {p.get("type"): (p.text or "") for p in tu.iterfind("prop")}
            variants: list[tuple[str, etree._Element]] = []
            for tuv in tu.iterfind("tuv"):
                lang, seg = tuv.get(xml_lang) or tuv.get("lang") or "", tuv.find("seg")
                if lang and seg is not None:
                    variants.append((lang, seg))
            if len(variants) < 2:
                continue
            first = next((v for v in variants if srclang and v[0].lower() == srclang.lower()), variants[0])
            unit_origin = origin or props.get("x-origin") or "reviewed"
            if unit_origin not in ("machine", "reviewed"):
                raise ReadError(f"unknown x-origin {unit_origin!r} (line {tu.sourceline})", source=source)
            model = None
            if props.get("x-model"):
                model = ModelInfo(
                    name=props["x-model"],
                    engine=props.get("x-model-engine") or "ctranslate2",
                    version=props.get("x-model-version") or None,
                    license=props.get("x-model-license") or None,
                )
            created = _tmx_date(tu.get("creationdate"))
            source_text = _read_seg(first[1])
            for lang, seg in variants:
                if seg is first[1]:
                    continue
                target_text = _read_seg(seg)
                if not source_text.strip() or not target_text.strip():
                    # an empty translation is no translation: stored as reviewed, the build
                    # would publish the edition without the sentence
                    warnings.warn(
                        f"{source}:{tu.sourceline}: skipped a unit with an empty"
                        f" {'source' if not source_text.strip() else lang + ' translation'}",
                        ArchivepubWarning,
                        stacklevel=2,
                    )
                    continue
                count += self.store(
                    first[0],
                    lang,
                    [(source_text, target_text)],
                    origin=unit_origin,
                    model=model,
                    created=created,
                )
        return count


def _entry(
    source_lang: str,
    target_lang: str,
    row: tuple[str | None, ...],
    models: dict[tuple[str | None, ...], ModelInfo] | None = None,
) -> MemoryEntry:
    """The entry of a row; ``models`` keeps the (equal, immutable) models of rows made before."""
    source, target, origin, name, engine, version, license_, created = row
    model = None
    if name:
        key = row[3:7]
        model = models.get(key) if models is not None else None
        if model is None:
            model = ModelInfo(name=name, engine=engine or "ctranslate2", version=version, license=license_)
            if models is not None:
                models[key] = model
    return MemoryEntry(
        source_lang=source_lang,
        target_lang=target_lang,
        source=source or "",
        target=target or "",
        origin=origin or "machine",
        model=model,
        created=created or "",
    )


def _tmx_date(value: str | None) -> str | None:
    match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z", value or "")
    if not match:
        return None
    y, mo, d, h, mi, s = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def _write_seg(seg: etree._Element, text: str) -> None:
    """Write a tagged segment into ``<seg>``: plain text plus TMX inline codes."""
    last: etree._Element | None = None
    pos = 0
    pairs: list[tuple[str, int]] = []
    counter = 0

    def add_text(chunk: str) -> None:
        if not chunk:
            return
        if last is None:
            seg.text = (seg.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for match in TAG_PATTERN.finditer(text):
        add_text(text[pos : match.start()])
        pos = match.end()
        raw = match.group(0)
        name = match.group("name").lower().replace(" ", "")
        if match.group("note") is not None or match.group("empty"):
            last = etree.SubElement(seg, "ph")
        elif match.group("close") is None:
            counter += 1
            pairs.append((name, counter))
            last = etree.SubElement(seg, "bpt", i=str(counter))
        else:
            index = next((i for n, i in reversed(pairs) if n == name), None)
            if index is None:
                last = etree.SubElement(seg, "ph")
            else:
                pairs.remove((name, index))
                last = etree.SubElement(seg, "ept", i=str(index))
        last.text = raw
    add_text(text[pos:])


def _read_seg(seg: etree._Element) -> str:
    """Read ``<seg>`` back: text, and the native code inside inline elements."""
    parts = [seg.text or ""]
    for child in seg:
        if isinstance(child.tag, str):  # entity references, comments and PIs add no text
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return normalize_segment("".join(parts))
