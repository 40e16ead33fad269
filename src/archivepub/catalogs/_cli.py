"""The ``archivepub locales`` subcommands: argument values in, library calls, lines out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from archivepub.catalogs.checks import Problem, check_catalog, summarise
from archivepub.catalogs.status import find_catalogs, load_statuses, status_table
from archivepub.catalogs.update import UpdateOptions, read_catalog, update_catalogs
from archivepub.transforms.glossary import glossary_for
from archivepub.transforms.memory import TranslationMemory, default_memory_path
from archivepub.transforms.translate import TranslateOptions

__all__ = ["run_command"]

Warn = Callable[[object], None]


def _update(args: argparse.Namespace, warn: Warn) -> int:
    memory = None if args.no_memory else TranslationMemory(args.memory or default_memory_path())
    try:
        glossaries = {lang: g for lang in args.langs if (g := glossary_for(args.locales, lang)) is not None}
        engine = getattr(args, "engine", None)
        options = UpdateOptions(
            memory=memory,
            machine=not args.no_mt,
            glossary=glossaries,
            translate=TranslateOptions(engine=engine) if engine is not None else TranslateOptions(),
        )
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


def _status(args: argparse.Namespace, warn: Warn) -> int:
    rows, report = status_table(load_statuses(args.locales, args.langs))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        if n == len(rows) - 1:
            print("  ".join("-" * w for w in widths))
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return 0


def _check(args: argparse.Namespace, warn: Warn) -> int:
    problems: list[Problem] = []
    for lang, _article, path in find_catalogs(args.locales, args.langs):
        glossary = glossary_for(args.locales, lang)
        found = check_catalog(read_catalog(path), path, lang, glossary, untranslated=not args.no_untranslated)
        problems.extend(p for p in found if not args.errors_only or p.level == "error")
    for problem in problems:
        print(problem)
    errors, warnings = summarise(problems)
    print(f"archivepub: {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors else 0


def run_command(args: argparse.Namespace, *, warn: Warn) -> int:
    """Run ``archivepub locales <action>`` with parsed ``args``; return the exit code."""
    actions: dict[str, Callable[[argparse.Namespace, Warn], int]] = {
        "update": _update,
        "status": _status,
        "check": _check,
    }
    return actions[args.action](args, warn)
