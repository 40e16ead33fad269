"""What a build says about an edition: who translated it and how (credits), the events of
the bag's ``provenance.json``, the fields of its ``bag-info.txt`` and the notice of a partial
edition. Plain functions over the model and the catalogs, used by the article's build."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivepub.catalogs import PoFile, catalog_path, parse_po
from archivepub.errors import ArchivepubError, WriteError
from archivepub.model import CaptureInfo, Document, Provenance

__all__: list[str] = []  # internal to the build; archivepub.build exports its API

#: The format stamp of ``provenance.json`` (its schema: docs/build.md, "provenance.json").
PROVENANCE_FORMAT = "archivepub-provenance/2"

#: The BagIt version the bags follow (RFC 8493).
BAGIT_VERSION = "1.0"


def segments_of(doc: Document) -> list[Provenance]:
    """Every segment's provenance: the title's, the standfirst's, then each block's."""
    meta = doc.metadata
    entries = [*meta.title_provenance, *meta.subtitle_provenance]
    for block in doc.all_blocks():
        entries.extend(getattr(block, "provenance", ()))
    return entries


@dataclass(frozen=True, slots=True)
class Credits:
    """The people of one translation: its translators and when its catalog was last revised."""

    translators: tuple[str, ...] = ()
    reviewed: str | None = None  # YYYY-MM-DD


_EMAIL = re.compile(r"\s*<[^<>]*>\s*$")


def _person(value: str | None) -> str | None:
    """A PO header's ``Name <email>`` as a name; none for an empty or placeholder value."""
    if not value:
        return None
    name = _EMAIL.sub("", value).strip()
    if not name or name.upper() in {"FULL NAME", "FULL NAME <EMAIL@ADDRESS>"}:
        return None
    return name


def catalog_credits(
    locales: Path | None,
    article_id: str,
    lang: str,
    configured: Sequence[str] = (),
    *,
    catalog: PoFile | None = None,
) -> Credits:
    """The translators of ``article_id`` in ``lang``: ``configured`` (``meta.toml``, then
    ``archivepub.toml``) when given, else the catalog's ``Last-Translator``; the review date is
    the catalog's ``PO-Revision-Date``. An unreadable catalog gives no credits (the translation
    step reports it). ``catalog``, when given, is the catalog already read (not read again)."""
    translators = tuple(dict.fromkeys(n for n in configured if n.strip()))
    reviewed: str | None = None
    po = catalog
    if po is None and locales is not None:
        path = catalog_path(locales, lang, article_id)
        if path.is_file():
            try:
                po = parse_po(path.read_bytes(), source=str(path))
            except (OSError, ArchivepubError):
                po = None
    if po is not None:
        if not translators:
            name = _person(po.header("Last-Translator"))
            translators = (name,) if name else ()
        date = (po.header("PO-Revision-Date") or "")[:10]
        reviewed = date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
    return Credits(translators=translators, reviewed=reviewed)


def bagging_date(today: datetime.date | None = None) -> str:
    """The ``Bagging-Date``: the date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds),
    else the day the bag is made (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError) as exc:
            raise WriteError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from exc
    return (today or datetime.datetime.now(datetime.UTC).date()).isoformat()


def bag_info(
    doc: Document,
    *,
    organisation: str | None,
    identifier: str,
    contact_name: str | None,
    contact_email: str | None,
    group: str | None,
    date: str,
) -> dict[str, str]:
    """The fields of an article's ``bag-info.txt`` (besides what bagit adds: Payload-Oxum,
    Bag-Software-Agent)."""
    meta = doc.metadata
    fields: dict[str, str | None] = {
        "Source-Organization": organisation or "unknown",
        "Contact-Name": contact_name,
        "Contact-Email": contact_email,
        "External-Identifier": identifier,
        "External-Description": meta.title,
        "Bag-Group-Identifier": group,
        "Bagging-Date": date,
        "Source-URL": meta.source_url or (meta.capture.url if meta.capture else None),
        "Source-Date": meta.date,
        **_capture_fields(meta.capture),
    }
    return {key: " ".join(value.split()) for key, value in fields.items() if value and value.strip()}


def _capture_fields(capture: CaptureInfo | None) -> dict[str, str | None]:
    if capture is None:
        return {}
    return {
        "Capture-URL": capture.url,
        "Capture-Date": capture.time,
        "Capture-WARC-Record-ID": capture.record_id,
        "Capture-Payload-Digest": capture.payload_digest,
        "Capture-Software": capture.software,
        "Capture-File": capture.file,
        "Capture-Format": capture.format,
    }


def events(
    original: Document,
    source: Mapping[str, str],
    translations: Iterable[tuple[str, Document, Credits, bool]],
    *,
    published: Sequence[str],
    withheld: Sequence[str],
    date: str,
    publisher: str | None,
    agent: str,
) -> list[dict[str, Any]]:
    """The history of the article's editions, oldest first, as ``provenance.json`` lists it.

    ``translations`` gives, per target language, the translation, its credits and whether it
    is published; ``published``/``withheld`` the edition files written and the languages not
    published (untranslated segments).
    """
    out: list[dict[str, Any]] = []
    capture = original.metadata.capture
    if capture is not None:
        out.append(
            {
                "event": "captured",
                "date": capture.time,
                "url": capture.url,
                "agent": capture.software,
                "file": capture.file,
            }
        )
    out.append(
        {
            "event": "read",
            "date": date,
            "file": source["file"],
            "sha256": source["sha256"],
            "language": original.metadata.language,
            "agent": agent,
        }
    )
    for lang, doc, credits, _ in translations:
        segments = segments_of(doc)
        models = {m.name: m for m in doc.metadata.models}
        for name, model in models.items():
            n = sum(p.model == name and p.origin == "machine" for p in segments)
            if n:
                out.append(
                    {
                        "event": "translated",
                        "language": lang,
                        "agent": name,
                        "agent_type": "model",
                        "engine": model.engine,
                        "version": model.version,
                        "licence": model.license,
                        "segments": n,
                        "date": date,
                    }
                )
        for origin in ("memory", "copied", "untranslated"):
            n = sum(p.origin == origin for p in segments)
            if n:
                out.append({"event": origin, "language": lang, "segments": n, "date": date})
        reviewed = sum(p.origin == "reviewed" for p in segments)
        if reviewed:
            out.append(
                {
                    "event": "reviewed",
                    "language": lang,
                    "agent": list(credits.translators),
                    "agent_type": "person",
                    "segments": reviewed,
                    "date": credits.reviewed,
                }
            )
    out.append(
        {
            "event": "published",
            "date": date,
            "agent": publisher,
            "editions": list(published),
            "withheld": list(withheld),
        }
    )
    return out


#: The notice a partial edition carries, in English (the writers translate it).
PARTIAL_NOTICE = (
    "Partial translation: {count} of {total} segments are not translated and are given in {language}."
)


def untranslated_count(doc: Document) -> tuple[int, int]:
    """(untranslated segments, all segments) of a translation."""
    segments = segments_of(doc)
    return sum(p.origin == "untranslated" for p in segments), len(segments)
