"""The ``archivepub`` command: parses arguments and calls the library, nothing more.

Exit codes: 0 success, 1 the work ran but found problems (e.g. ``validate`` found schema
errors), 2 bad input or usage (the message names the file, and the line where known).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import archivepub
from archivepub._io import atomic_write, read_bytes
from archivepub.errors import ArchivepubError
from archivepub.model import Document

__all__ = ["main"]


class UsageError(ArchivepubError):
    """The command line asks for something that cannot be done (exit code 2)."""


#: Exception type -> exit code (the first matching entry wins).
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = ((ArchivepubError, 2),)


def _parse(args: argparse.Namespace) -> int:
    doc = archivepub.read(args.file, format=args.format, url=args.url)
    text = doc.to_json(indent=None if args.compact else 2)
    if args.output:
        atomic_write(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _warn(message: object) -> None:
    print(f"archivepub: warning: {message}", file=sys.stderr)


def _export_epub(docs: Sequence[Document], args: argparse.Namespace) -> bytes:
    from archivepub.writers.epub import EpubOptions, write_epub

    options = EpubOptions(
        assets=args.assets if args.assets is not None else args.file.parent,
        modified=args.modified,
        publisher=args.publisher,
        rights=args.rights,
        identifier=args.identifier,
        font=None if args.no_font else (args.font or "auto"),
    )
    return write_epub(list(docs), options, report=_warn)


def _export_tei(docs: Sequence[Document], args: argparse.Namespace) -> bytes:
    from archivepub.writers.tei import TeiOptions, write_tei

    if len(docs) > 1:
        raise UsageError("TEI keeps one language per file: export the translation on its own (no --with)")
    options = TeiOptions(
        article_id=args.article_id or args.file.name.split(".")[0] or "article",
        original=args.original,
        publisher=args.publisher,
        licence=args.rights,
    )
    return write_tei(docs[0], options).encode("utf-8")


#: Output format -> function turning the documents read (original, then ``--with``
#: translation) into the output's bytes. One line per format.
EXPORTS: dict[str, Callable[[Sequence[Document], argparse.Namespace], bytes]] = {
    "epub": _export_epub,
    "tei": _export_tei,
}


def _export(args: argparse.Namespace) -> int:
    docs = [archivepub.read(args.file, format=args.format, url=args.url)]
    if args.with_translation is not None:
        docs.append(archivepub.read(args.with_translation))
    data = EXPORTS[args.to](docs, args)
    atomic_write(args.output, data)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from archivepub.readers.tei import validate_tei

    issues = validate_tei(read_bytes(args.file), args.schema, name=str(args.file))
    if not issues:
        print("valid")
        return 0
    for issue in issues:
        print(f"{args.file}:{issue.line}: {issue.message}")
    return 1


def _timestamp(text: str) -> datetime.datetime:
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {text!r}") from exc
    return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archivepub",
        description="Read, translate, review and export archived articles.",
    )
    parser.add_argument("--version", action="version", version=f"archivepub {archivepub.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("parse", help="read an article and print its document model as JSON")
    p.add_argument("file", type=Path, metavar="FILE", help="HTML, plain-text or archival JSON file")
    p.add_argument("--format", choices=sorted(archivepub.READERS), help="source format (default: detected)")
    p.add_argument("--url", help="the page's address, to resolve relative links and record the source")
    p.add_argument("-o", "--output", type=Path, help="write the JSON here (atomically) instead of stdout")
    p.add_argument("--compact", action="store_true", help="one line of JSON, no indentation")
    p.set_defaults(run=_parse)

    e = sub.add_parser("export", help="export an article (and optionally its translation) to another format")
    e.add_argument(
        "file", type=Path, metavar="FILE", help="the article: HTML, plain text, TEI or archival JSON"
    )
    e.add_argument("--to", required=True, choices=sorted(EXPORTS), help="output format")
    e.add_argument("-o", "--output", required=True, type=Path, help="output file (written atomically)")
    e.add_argument(
        "--with",
        dest="with_translation",
        type=Path,
        metavar="TRANSLATION",
        help="a translation of FILE (archival JSON): a bilingual edition, block by block",
    )
    e.add_argument("--format", choices=sorted(archivepub.READERS), help="format of FILE (default: detected)")
    e.add_argument("--url", help="the page's address, to resolve relative links and record the source")
    epub_opts = e.add_argument_group("EPUB options")
    epub_opts.add_argument(
        "--assets", type=Path, help="folder that local image paths are relative to (default: FILE's folder)"
    )
    epub_opts.add_argument(
        "--modified",
        type=_timestamp,
        help="modification time, ISO 8601 (default: SOURCE_DATE_EPOCH, else the article's date)",
    )
    common = e.add_argument_group("EPUB and TEI options")
    common.add_argument("--publisher", help="publisher named in the metadata")
    common.add_argument("--rights", help="rights statement (licence) in the metadata")
    epub_opts.add_argument("--identifier", help="dc:identifier (default: urn:uuid from the source URL)")
    epub_opts.add_argument("--font", type=Path, help="Armenian font file to embed (default: Noto, if found)")
    epub_opts.add_argument("--no-font", action="store_true", help="embed no font")
    tei_opts = e.add_argument_group("TEI options")
    tei_opts.add_argument(
        "--article-id", help="the article's id in the archive (default: FILE's name up to its first dot)"
    )
    tei_opts.add_argument(
        "--original",
        help="a translation's original TEI file, relative to the output, for @corresp"
        " (default: ../<src>/<article-id>.<src>.tei.xml)",
    )
    e.set_defaults(run=_export)

    v = sub.add_parser("validate", help="validate a TEI file against the TEI P5 RelaxNG schema")
    v.add_argument("file", type=Path, metavar="FILE", help="TEI XML file")
    v.add_argument(
        "--schema", type=Path, help="RelaxNG schema, e.g. tei_all.rng (default: $ARCHIVEPUB_TEI_SCHEMA)"
    )
    v.set_defaults(run=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except BrokenPipeError:
        return 0
    except ArchivepubError as exc:
        for kind, exit_code in EXIT_CODES:
            if isinstance(exc, kind):
                print(f"archivepub: error: {exc}", file=sys.stderr)
                return exit_code
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
