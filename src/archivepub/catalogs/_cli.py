"""The ``archivepub locales`` subcommands: argument values in, library calls, lines out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from archivepub.catalogs.update import UpdateOptions, update_catalogs
from archivepub.transforms.memory import TranslationMemory, default_memory_path

__all__ = ["run_command"]


def _update(args: argparse.Namespace, warn: Callable[[object], None]) -> int:
    memory = None if args.no_memory else TranslationMemory(args.memory or default_memory_path())
    try:
        options = UpdateOptions(memory=memory, machine=not args.no_mt)
        updates = update_catalogs(
            args.archive, args.locales, args.langs, options, articles=args.article, report=warn
        )
    finally:
        if memory is not None:
            memory.close()
    for u in updates:
        state = "created" if u.created else "updated" if u.written else "unchanged"
        print(
            f"{u.path}: {state}: {u.kept + u.moved + u.revived} kept, {u.changed} changed (fuzzy), "
            f"{u.new} new, {u.obsoleted} obsolete; pre-filled {u.from_memory} from memory, "
            f"{u.from_machine} by MT" + (" (re-read: edited during the update)" if u.reread else ""),
            file=sys.stderr,
        )
    return 0


def run_command(args: argparse.Namespace, *, warn: Callable[[object], None]) -> int:
    """Run ``archivepub locales <action>`` with parsed ``args``; return the exit code."""
    return {"update": _update}[args.action](args, warn)
