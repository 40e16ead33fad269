"""The ``archivepub`` command: parses arguments and calls the library, nothing more.

Exit codes: 0 success, 1 the work ran but found problems, 2 bad input or usage (the message
names the file, and the line where known).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import archivepub
from archivepub._io import atomic_write
from archivepub.errors import ArchivepubError

__all__ = ["main"]

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
