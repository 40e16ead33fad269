"""The ``archivepub`` command: parses arguments and calls the library, nothing more.

Exit codes: 0 success, 1 the work ran but found problems (e.g. ``validate`` found schema
errors), 2 bad input or usage (the message names the file, and the line where known).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import archivepub
from archivepub._io import atomic_write, read_bytes
from archivepub.errors import ArchivepubError

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


def _tei_options(args: argparse.Namespace) -> object:
    from archivepub.writers.tei import TeiOptions

    article_id = args.article_id or args.file.name.split(".")[0] or "article"
    return TeiOptions(
        article_id=article_id, original=args.original, publisher=args.publisher, licence=args.licence
    )


#: Output format -> function building that writer's options from the command line.
EXPORT_OPTIONS: dict[str, Callable[[argparse.Namespace], object]] = {"tei": _tei_options}


def _export(args: argparse.Namespace) -> int:
    writer = archivepub.WRITERS[args.to]
    doc = archivepub.read(args.file, format=args.format, url=args.url)
    make_options = EXPORT_OPTIONS.get(args.to)
    options = make_options(args) if make_options else None
    if args.output is not None:
        archivepub.write(doc, args.output, format=args.to, options=options)
    elif writer.kind == "text":
        text = writer.render(doc, options)
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
    else:
        raise UsageError(f"--to {args.to} writes a binary file: give -o FILE")
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

    p = sub.add_parser("export", help="read an article and write it in another format")
    p.add_argument("file", type=Path, metavar="FILE", help="HTML, plain-text, TEI or archival JSON file")
    p.add_argument("--to", required=True, choices=sorted(archivepub.WRITERS), help="output format")
    p.add_argument(
        "-o", "--output", type=Path, help="write here (atomically); text formats default to stdout"
    )
    p.add_argument("--format", choices=sorted(archivepub.READERS), help="source format (default: detected)")
    p.add_argument("--url", help="the page's address, to resolve relative links and record the source")
    tei = p.add_argument_group("TEI options")
    tei.add_argument(
        "--article-id", help="the article's id in the archive (default: FILE's name up to the first dot)"
    )
    tei.add_argument(
        "--original", help="a translation's original TEI file, for @corresp (default: build layout)"
    )
    tei.add_argument("--publisher", help="the archive publishing this copy (publicationStmt)")
    tei.add_argument("--licence", help="the licence of this copy (publicationStmt/availability)")
    p.set_defaults(run=_export)

    p = sub.add_parser("validate", help="validate a TEI file against the TEI P5 RelaxNG schema")
    p.add_argument("file", type=Path, metavar="FILE", help="TEI XML file")
    p.add_argument(
        "--schema",
        type=Path,
        help="RelaxNG schema, e.g. tei_all.rng (default: $ARCHIVEPUB_TEI_SCHEMA)",
    )
    p.set_defaults(run=_validate)
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
