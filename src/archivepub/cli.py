"""The ``archivepub`` command: parses arguments and calls the library, nothing more.

Exit codes: 0 success, 1 the work ran but found problems (e.g. ``validate`` found schema
errors), 2 bad input or usage (the message names the file, and the line where known).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import archivepub
from archivepub.errors import ArchivepubError, ArchivepubWarning, WriteError

TYPE_CHECKING = False  # without importing typing, one of the larger imports
if TYPE_CHECKING:
    from typing import Any

    from archivepub.model import Document
    from archivepub.transforms.backends.ctranslate2 import CTranslate2Options

__all__ = ["main"]


class UsageError(ArchivepubError):
    """The command line asks for something that cannot be done (exit code 2)."""


#: Exception type -> exit code (the first matching entry wins).
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = ((ArchivepubError, 2),)


def _parse(args: argparse.Namespace) -> int:
    from archivepub._io import atomic_write
    from archivepub.readers import CAPTURE_READERS

    if args.at is not None or args.format in CAPTURE_READERS:
        from archivepub.captures import read_capture

        doc = read_capture(args.file, url=args.url, at=args.at)
    else:
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
    from archivepub._io import atomic_write

    docs = [archivepub.read(args.file, format=args.format, url=args.url)]
    if args.with_translation is not None:
        docs.append(archivepub.read(args.with_translation))
    data = EXPORTS[args.to](docs, args)
    atomic_write(args.output, data)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from archivepub._io import read_bytes
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


def _progress_printer(label: str) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr)

    return show


def _engine(args: argparse.Namespace) -> CTranslate2Options:
    """The CTranslate2 options given on the command line (see :func:`_add_engine_arguments`)."""
    from archivepub.transforms.backends.ctranslate2 import CTranslate2Options

    return CTranslate2Options(
        beam_size=args.beam,
        device=getattr(args, "device", "cpu"),
        threads=args.threads,
        parallel=args.parallel,
        max_batch_tokens=args.batch_tokens,
    )


def _add_engine_arguments(parser: argparse.ArgumentParser, *, device: bool = False) -> None:
    """The CTranslate2 options of every command that runs models (docs/translation.md, "Speed")."""
    group = parser.add_argument_group("translation model options")
    group.add_argument(
        "--beam", type=_positive, default=4, help="beam size (default 4; 1 is greedy: about 3x faster)"
    )
    if device:
        group.add_argument(
            "--device", default="cpu", choices=["cpu", "cuda", "auto"], help="where models run"
        )
    group.add_argument(
        "--parallel",
        type=_positive,
        default=0,
        metavar="N",
        help="translations run at once (default: chosen from the CPUs)",
    )
    group.add_argument(
        "--threads",
        type=_positive,
        default=0,
        metavar="N",
        help="CPU threads per translation (default: chosen from the CPUs; alone: one translation)",
    )
    group.add_argument(
        "--batch-tokens",
        type=_positive,
        default=0,
        metavar="N",
        help="source tokens per batch (default 1024)",
    )


def _output_names(files: Sequence[Path]) -> list[str]:
    """Each input's output name (``<name>`` of ``<name>.<lang>.json``): the file name up to its
    first dot, under as many of its folders as it takes to tell apart inputs of the same name.

    >>> _output_names([Path("a/source.html"), Path("b/source.html"), Path("c/other.txt")])
    ['a/source', 'b/source', 'other']
    """
    stems = [f.name.split(".")[0] or "document" for f in files]
    folders = [f.resolve().parent.parts[1:] for f in files]
    names = list(stems)
    for stem in set(stems):
        same = [i for i, s in enumerate(stems) if s == stem]
        if len(same) < 2:
            continue
        depth = 1
        while True:
            tried = ["/".join([*folders[i][len(folders[i]) - depth :], stem]) for i in same]
            if len(set(tried)) == len(tried) or all(depth >= len(folders[i]) for i in same):
                break
            depth += 1
        for i, name in zip(same, tried, strict=True):
            names[i] = name
    return names


def _translate(args: argparse.Namespace) -> int:
    from archivepub._io import atomic_write
    from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator
    from archivepub.transforms.glossary import glossary_for
    from archivepub.transforms.memory import TranslationMemory, default_memory_path
    from archivepub.transforms.translate import (
        TranslateOptions,
        check_models,
        model_code,
        translate_documents,
    )

    files = list({f.resolve(): f for f in args.files}.values())  # a file given twice is read once
    docs = [archivepub.read(f, format=args.format) for f in files]
    targets = list(dict.fromkeys(t.strip() for t in args.to.split(",") if t.strip()))
    if not targets:
        raise archivepub.TranslateError("--to names no language")
    for file, doc in zip(files, docs, strict=True):
        source = model_code(args.source or doc.metadata.language)
        same = [t for t in targets if model_code(t) == source]
        if same:
            raise archivepub.TranslateError(f"{file} is already in {', '.join(same)}: leave it out of --to")
    engine = _engine(args)
    options = TranslateOptions(source=args.source, pivot=None if args.no_pivot else "en", engine=engine)
    translator = CTranslate2Translator(engine)
    memory = None if args.no_memory else TranslationMemory(args.memory or default_memory_path())
    locales = args.locales if args.locales is not None else Path("locales")
    names = _output_names(files)
    try:
        try:
            for name in names:
                (args.output / name).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(
                f"cannot create the output folder: {exc.strerror or exc}", source=args.output
            ) from exc
        # every pair is checked before the first model runs: no language is left half done
        check_models(docs, targets, translator=translator, memory=memory, options=options)
        for target in targets:
            glossary = glossary_for(locales, target)
            sources = ", ".join(
                dict.fromkeys(model_code(options.source or d.metadata.language) for d in docs)
            )
            label = f"{sources} -> {target}"
            outs = translate_documents(
                docs,
                target,
                translator=translator,
                memory=memory,
                glossary=glossary,
                options=options,
                progress=_progress_printer(f"archivepub: {label}"),
            )
            for name, out in zip(names, outs, strict=True):
                dest = args.output / f"{name}.{target}.json"
                replaced = dest.exists()
                atomic_write(dest, out.to_json().encode("utf-8"))
                if not args.quiet:
                    _translation_summary(out, target, dest, replaced)
    finally:
        if memory is not None:
            memory.close()
    return 0


def _translation_summary(out: Document, target: str, dest: Path, replaced: bool) -> None:
    from archivepub.transforms.translate import language_tag, model_code

    meta = out.metadata
    entries = [*meta.title_provenance, *meta.subtitle_provenance]
    entries += [p for b in out.all_blocks() for p in getattr(b, "provenance", ())]
    kinds = [p.origin for p in entries]
    repairs = sum(len(p.repairs) for p in entries)
    findings = sum(len(p.findings) for p in entries)
    counts = ", ".join(f"{kinds.count(o)} {o}" for o in ("machine", "memory", "reviewed", "copied"))
    source = model_code(meta.source_language or "und")
    print(
        f"archivepub: {source} -> {target} ({language_tag(model_code(target))}): {len(entries)} segments "
        f"({counts}), {repairs} repairs"
        + (f", {findings} findings" if findings else "")
        + f" -> {dest}"
        + (" (replaced the earlier file)" if replaced else ""),
        file=sys.stderr,
    )


def _models(args: argparse.Namespace) -> int:
    from archivepub.transforms.backends import argos

    if args.action == "list":
        packages = argos.installed_packages()
        if not packages:
            print(
                f"no translation models installed in {argos.packages_dir()}. Get one with "
                "`archivepub models fetch --from en --to ru` (downloads it from the Argos index), "
                "`archivepub models add --opus-mt RELEASE.zip --from en --to hy` (an OPUS-MT release), "
                "`archivepub models add DIR --from en --to hy` (a CTranslate2 model) or "
                "`archivepub models install FILE.argosmodel` (see docs/translation.md)",
                file=sys.stderr,
            )
        for p in packages:
            extra = "".join(
                f" {k}={v}"
                for k, v in (
                    ("target-prefix", p.target_prefix),
                    ("source-token", p.source_token),
                    ("source-eos", "yes" if p.source_eos else ""),
                    ("license", p.license),
                )
                if v
            )
            print(f"{p.name}\t{p.source} -> {p.target}\tversion {p.version or '?'}{extra}")
    elif args.action == "install":
        info = argos.install_package(args.path)
        print(f"installed {info.name} ({info.source} -> {info.target}) in {info.path}", file=sys.stderr)
    elif args.action == "fetch":
        info = argos.fetch_package(args.source, args.target)
        print(f"installed {info.name} ({info.source} -> {info.target}) in {info.path}", file=sys.stderr)
    elif args.action == "add" and args.opus_mt is not None:
        from archivepub.transforms.backends.opus_mt import add_opus_mt

        if args.path is not None or args.target_prefix or args.sentencepiece or args.source_eos is False:
            raise UsageError(
                "--opus-mt takes the release alone: no DIR, --target-prefix, --sentencepiece"
                " or --no-source-eos"
            )
        info = add_opus_mt(
            args.opus_mt,
            args.source,
            args.target,
            license=args.license,
            name=args.name,
            quantization=args.quantization,
            source_token=args.source_token or "",
        )
        print(
            f"added {info.name} ({info.source} -> {info.target}, converted from {args.opus_mt}, "
            f"{args.quantization}, licence {info.license}) in {info.path}",
            file=sys.stderr,
        )
    elif args.action == "add":
        if args.path is None:
            raise UsageError("models add needs a CTranslate2 model folder (DIR) or --opus-mt RELEASE")
        info = argos.add_package(
            args.path,
            args.source,
            args.target,
            target_prefix=args.target_prefix or "",
            source_token=args.source_token or "",
            source_eos=args.source_eos,
            license=args.license,
            name=args.name,
            sentencepiece=args.sentencepiece,
        )
        print(f"added {info.name} ({info.source} -> {info.target}) in {info.path}", file=sys.stderr)
    else:
        argos.remove_package(args.name)
        print(f"removed {args.name}", file=sys.stderr)
    return 0


def _tm(args: argparse.Namespace) -> int:
    from archivepub._io import atomic_write, read_bytes
    from archivepub.transforms.memory import TranslationMemory, default_memory_path

    with TranslationMemory(args.memory or default_memory_path()) as memory:
        if args.action == "export":
            data = memory.export_tmx(source_lang=args.source)
            if args.output:
                atomic_write(args.output, data)
            else:
                sys.stdout.buffer.write(data)
        else:
            count = memory.import_tmx(read_bytes(args.file), source=str(args.file), origin=args.origin)
            print(f"imported {count} translations from {args.file}", file=sys.stderr)
    return 0


def _langs(text: str) -> list[str]:
    from archivepub.i18n import check_language

    langs = [t.strip() for t in text.split(",") if t.strip()]
    if not langs:
        raise argparse.ArgumentTypeError("names no language")
    for lang in langs:
        problem = check_language(lang)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
    return langs


def _locales(args: argparse.Namespace) -> int:
    from archivepub.catalogs._cli import run_command

    if hasattr(args, "beam"):
        args.engine = _engine(args)
    return run_command(args, warn=_warn)


def _add_locales_commands(sub: Any) -> None:
    loc = sub.add_parser("locales", help="PO catalogs for translators: update, status, check")
    lsub = loc.add_subparsers(dest="action", metavar="ACTION", required=True)
    catalogs = argparse.ArgumentParser(add_help=False)  # what every locales action takes
    catalogs.add_argument(
        "--locales",
        type=Path,
        default=Path("locales"),
        metavar="DIR",
        help="the catalogs folder (default: locales)",
    )
    lu = lsub.add_parser(
        "update", parents=[catalogs], help="extract the articles into catalogs, merge, pre-fill"
    )
    lu.add_argument(
        "archive",
        nargs="?",
        type=Path,
        default=Path("archive"),
        metavar="ARCHIVE",
        help="the archive folder (default: archive)",
    )
    lu.add_argument(
        "--langs",
        type=_langs,
        default=["ru", "hy", "az"],
        metavar="LANGS",
        help="target languages, comma-separated (default: ru,hy,az)",
    )
    lu.add_argument("--article", action="append", metavar="ID", help="only this article (repeatable)")
    lu.add_argument(
        "--memory", type=Path, help="translation memory file (default: $ARCHIVEPUB_MEMORY or XDG)"
    )
    lu.add_argument("--no-memory", action="store_true", help="take no suggestion from a translation memory")
    lu.add_argument(
        "--no-mt", action="store_true", help="no machine translation, even with a model installed"
    )
    _add_engine_arguments(lu)
    lu.set_defaults(run=_locales)
    ls = lsub.add_parser(
        "status", parents=[catalogs], help="reviewed / fuzzy / untranslated entries and words per catalog"
    )
    ls.add_argument("--langs", type=_langs, metavar="LANGS", help="only these languages (default: all)")
    ls.add_argument("--json", action="store_true", help="a JSON report instead of the table")
    ls.set_defaults(run=_locales)
    lc = lsub.add_parser("check", parents=[catalogs], help="QA checks on every entry (exit 1 on an error)")
    lc.add_argument("--langs", type=_langs, metavar="LANGS", help="only these languages (default: all)")
    lc.add_argument("--errors-only", action="store_true", help="list errors, not warnings")
    lc.add_argument("--no-untranslated", action="store_true", help="do not list untranslated entries")
    lc.set_defaults(run=_locales)


def _add_translation_commands(sub: Any) -> None:
    t = sub.add_parser("translate", help="translate an article into other languages (one JSON per language)")
    t.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="HTML, plain-text or archival JSON files (several: one model call per language for all)",
    )
    t.add_argument(
        "--to",
        required=True,
        type=lambda text: ",".join(_langs(text)),
        metavar="LANGS",
        help="target languages, comma-separated: ru,hy,az",
    )
    t.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUTDIR", help="folder for the results"
    )
    t.add_argument(
        "--from",
        dest="source",
        type=lambda text: _langs(text)[0],
        metavar="LANG",
        help="source language (default: the document's)",
    )
    t.add_argument("--format", choices=sorted(archivepub.READERS), help="source format (default: detected)")
    t.add_argument("--memory", type=Path, help="translation memory file (default: $ARCHIVEPUB_MEMORY or XDG)")
    t.add_argument("--no-memory", action="store_true", help="neither read nor update a translation memory")
    t.add_argument("--locales", type=Path, help="folder of <lang>/glossary.tsv files (default: ./locales)")
    t.add_argument("--no-pivot", action="store_true", help="never translate through English")
    t.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    _add_engine_arguments(t, device=True)
    t.set_defaults(run=_translate)

    m = sub.add_parser("models", help="list, install, add or remove translation models (Argos packages)")
    msub = m.add_subparsers(dest="action", metavar="ACTION", required=True)
    msub.add_parser("list", help="list installed models").set_defaults(run=_models)
    mi = msub.add_parser("install", help="install an .argosmodel file")
    mi.add_argument("path", type=Path, metavar="FILE.argosmodel")
    mi.set_defaults(run=_models)
    mf = msub.add_parser("fetch", help="download a package from the Argos index (uses the network)")
    mf.add_argument("--from", dest="source", required=True, metavar="LANG")
    mf.add_argument("--to", dest="target", required=True, metavar="LANG")
    mf.set_defaults(run=_models)
    ma = msub.add_parser(
        "add",
        help="wrap a CTranslate2 + SentencePiece model folder as a package, or convert an OPUS-MT release",
    )
    ma.add_argument("path", type=Path, nargs="?", metavar="DIR", help="a CTranslate2 model folder")
    ma.add_argument(
        "--opus-mt",
        type=Path,
        metavar="RELEASE",
        help="an OPUS-MT (Marian) release, zip or folder: converted here (numpy and PyYAML, no torch)",
    )
    ma.add_argument(
        "--quantization",
        choices=["int8", "int8_float32", "int16", "float16", "float32"],
        default="int8",
        help="weights of the converted OPUS-MT model (default int8)",
    )
    ma.add_argument("--from", dest="source", required=True, metavar="LANG")
    ma.add_argument("--to", dest="target", required=True, metavar="LANG")
    ma.add_argument(
        "--target-prefix", metavar="TOKEN", help="token forced first in the output (NLLB: hye_Armn)"
    )
    ma.add_argument("--source-token", metavar="TOKEN", help="token put before the input (NLLB: eng_Latn)")
    ma.add_argument(
        "--source-eos",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="end every input with </s> (default: with --source-token; OPUS-MT needs it)",
    )
    ma.add_argument("--license", help="the model's licence, recorded in every translation")
    ma.add_argument("--name", help="package name (default: translate-<from>_<to>-<folder name>)")
    ma.add_argument("--sentencepiece", type=Path, metavar="FILE", help="SentencePiece model, if not in DIR")
    ma.set_defaults(run=_models)
    mr = msub.add_parser("remove", help="remove an installed model")
    mr.add_argument("name", metavar="NAME")
    mr.set_defaults(run=_models)

    tm = sub.add_parser("tm", help="export or import the translation memory as TMX 1.4")
    tsub = tm.add_subparsers(dest="action", metavar="ACTION", required=True)
    te = tsub.add_parser("export", help="write the memory as TMX")
    te.add_argument("-o", "--output", type=Path, help="TMX file (default: stdout)")
    te.add_argument("--from", dest="source", metavar="LANG", help="only segments from this language")
    te.add_argument("--memory", type=Path, help="translation memory file")
    te.set_defaults(run=_tm)
    ti = tsub.add_parser("import", help="read a TMX file into the memory")
    ti.add_argument("file", type=Path, metavar="FILE.tmx")
    ti.add_argument("--origin", choices=["machine", "reviewed"], help="override the units' origin")
    ti.add_argument("--memory", type=Path, help="translation memory file")
    ti.set_defaults(run=_tm)


def _csv(choices: Sequence[str] | None = None) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
        if not items:
            raise argparse.ArgumentTypeError("names nothing")
        bad = [i for i in items if choices is not None and i not in choices]
        if bad:
            raise argparse.ArgumentTypeError(
                f"unknown {', '.join(bad)} (choose from {', '.join(choices or ())})"
            )
        return items

    return parse


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _build(args: argparse.Namespace) -> int:
    import json

    from archivepub.build import FORMATS, BuildOptions, build_archive

    options = BuildOptions(
        languages=args.langs,
        formats=args.formats or FORMATS,
        bilingual=args.bilingual,
        jobs=args.jobs,
        strict=args.strict,
        partial=True if args.partial else None,
        force=args.force,
        locales=args.locales,
        memory=args.memory,
        store_memory=args.store_memory,
        engine=_engine(args),
        executor=args.executor,
        scheduler=args.scheduler,
    )
    from archivepub import _build_ui

    try:
        with _build_ui.progress(sys.stderr, quiet=args.quiet) as show:
            report = build_archive(args.archive, args.output, options, progress=show)
    except KeyboardInterrupt:
        print("archivepub: interrupted; the next build finishes the work", file=sys.stderr)
        return 130
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    if not args.quiet:
        _build_ui.summary(report, sys.stderr, verbose=args.verbose)
    return report.exit_code


def _captures(args: argparse.Namespace) -> int:
    import json

    from archivepub.captures import Article, articles, capture_sources, open_capture, parse_time
    from archivepub.model import Figure

    at = parse_time(args.at if args.at is None or "T" in args.at else f"{args.at}T00:00:00Z")
    rows: list[dict[str, Any]] = []
    for source in args.sources:
        for path in capture_sources(source):
            with open_capture(path) as capture:
                for item in articles(capture, at=at):
                    if isinstance(item, Article):
                        meta = item.document.metadata
                        row = {
                            "capture": capture.name,
                            "url": item.page.url,
                            "time": item.page.time,
                            "article": True,
                            "title": meta.title,
                            "language": meta.language,
                            "figures": sum(isinstance(b, Figure) for b in item.document.all_blocks()),
                            "images": len(item.images),
                            "aliases": list(item.page.aliases),
                            "reason": None,
                        }
                    else:
                        row = {
                            "capture": capture.name,
                            "url": item.url,
                            "article": False,
                            "reason": item.reason,
                        }
                    rows.append(row)
                    if not args.json:
                        if row["article"]:
                            line = f"article  {row['time'] or '-':20}  {row['url']}  {row['title']!r}"
                            line += f"  ({row['images']}/{row['figures']} images)"
                        else:
                            line = f"skipped  {'':20}  {row['url']}  {row['reason']}"
                        print(line)
                for warning in capture.warnings:
                    _warn(warning)
    if args.json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    return 0


def _import(args: argparse.Namespace) -> int:
    from archivepub.captures.fetch import FetchOptions
    from archivepub.captures.importer import ImportOptions, import_sources

    fetch = FetchOptions(
        max_bytes=args.max_image_bytes,
        timeout=args.timeout,
        cache=args.cache,
        allow_private=args.allow_private,
    )
    if args.fetch_images and not args.quiet:
        print(
            "archivepub: --fetch-images: images of bare pages are downloaded from the network",
            file=sys.stderr,
        )
    options = ImportOptions(at=args.at, url=args.url, fetch_images=args.fetch_images, fetch=fetch)
    say = None if args.quiet else (lambda line: print(f"archivepub: {line}", file=sys.stderr))
    report = import_sources(args.sources, args.into, options, progress=say)
    for warning in report.warnings:
        _warn(warning)
    if not args.quiet:
        print(
            f"archivepub: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped (not articles) in {args.into}",
            file=sys.stderr,
        )
    return 0


def _add_capture_commands(sub: Any) -> None:
    c = sub.add_parser("captures", help="web captures (WARC, WACZ, MHTML, saved pages): list their articles")
    csub = c.add_subparsers(dest="captures_command", metavar="ACTION", required=True)
    cl = csub.add_parser("list", help="list the pages of captures: articles, and the others with a reason")
    cl.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="capture file or folder")
    cl.add_argument("--at", help="with several captures of a page, the one closest to this date/time")
    cl.add_argument("--json", action="store_true", help="print the list as JSON")
    cl.set_defaults(run=_captures)

    i = sub.add_parser("import", help="import captured pages into an archive: one article folder each")
    i.add_argument(
        "sources", nargs="+", type=Path, metavar="SOURCE", help="capture file, saved page or folder"
    )
    i.add_argument("--into", required=True, type=Path, metavar="ARCHIVE", help="the archive folder")
    i.add_argument("--at", help="with several captures of a page, keep the one closest to this date/time")
    i.add_argument("--url", help="the address of a bare saved page that does not name it")
    i.add_argument("-q", "--quiet", action="store_true", help="print warnings only")
    f = i.add_argument_group("fetching images of bare pages (uses the network; off by default)")
    f.add_argument("--fetch-images", action="store_true", help="download the images of bare saved pages")
    f.add_argument("--allow-private", action="store_true", help="allow private and loopback addresses")
    f.add_argument("--cache", type=Path, help="cache folder (default: ~/.cache/archivepub/images)")
    f.add_argument(
        "--max-image-bytes", type=_positive, default=20 * 1024 * 1024, help="largest image downloaded"
    )
    f.add_argument("--timeout", type=float, default=30.0, help="seconds for one image (default 30)")
    i.set_defaults(run=_import)


def _add_build_command(sub: Any) -> None:
    b = sub.add_parser(
        "build",
        help="build the whole archive: editions in every language, TEI, JSON and BagIt bags",
        description="Build every article of ARCHIVE into DIST (docs/build.md). Exit code 0: all "
        "built; 1: some article failed (the others are built); 2: usage or configuration error.",
    )
    b.add_argument(
        "archive",
        type=Path,
        nargs="?",
        default=Path("archive"),
        metavar="ARCHIVE",
        help="the archive folder (default: archive/)",
    )
    b.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("dist"),
        metavar="DIST",
        help="output folder (default: dist/)",
    )
    b.add_argument(
        "--langs",
        type=lambda text: tuple(_langs(text)),
        metavar="LANGS",
        help="target languages, comma-separated (default: archivepub.toml's, else ru,hy,az)",
    )
    b.add_argument(
        "--formats",
        type=_csv(("epub", "tei", "json")),
        metavar="FORMATS",
        help="output formats, comma-separated (default: epub,tei,json)",
    )
    b.add_argument(
        "--bilingual", action="store_true", help="also write bilingual EPUBs (original + translation)"
    )
    b.add_argument(
        "--jobs", type=_positive, metavar="N", help="worker processes (default: the number of CPUs)"
    )
    b.add_argument(
        "--executor",
        choices=["local", "dask"],
        help="where articles are built: local processes, or a Dask cluster (default: archivepub.toml's,"
        " else local; docs/scale.md)",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler, tcp://HOST:8786 (default: archivepub.toml's scheduler)",
    )
    b.add_argument(
        "--store-memory",
        action="store_true",
        help="store the new machine translations in --memory (the next build finds them there)",
    )
    b.add_argument(
        "--strict", action="store_true", help="an article with untranslated segments or warnings fails"
    )
    b.add_argument(
        "--partial",
        action="store_true",
        help="publish translations with untranslated segments, with a notice (default: archivepub.toml's"
        " partial, else such translations are not published)",
    )
    b.add_argument("--force", action="store_true", help="rebuild every article, changed or not")
    b.add_argument("--json", action="store_true", help="print the build report as JSON on stdout")
    b.add_argument("--locales", type=Path, help="PO catalogs and glossaries (default: archivepub.toml's)")
    b.add_argument("--memory", type=Path, help="a translation memory to read (default: none)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on stderr")
    b.add_argument("-v", "--verbose", action="store_true", help="print every warning in the summary")
    _add_engine_arguments(b)
    b.set_defaults(run=_build)


def _review(args: argparse.Namespace) -> int:
    from archivepub.review.server import require_web_packages

    require_web_packages()  # before anything else: a clean error naming the extra
    from archivepub.build import load_config
    from archivepub.catalogs import archive_articles
    from archivepub.review.server import ReviewServer
    from archivepub.review.session import ReviewSession
    from archivepub.transforms.memory import default_memory_path

    config = load_config(args.archive)
    archive_articles(args.archive)  # refuses a missing archive folder now, not in the browser
    locales = args.locales or config.locales or Path("locales")
    langs = [args.lang] if args.lang else list(config.languages)
    memory = None if args.no_memory else (args.memory or default_memory_path())
    session = ReviewSession(args.archive, locales, langs, memory=memory, machine=not args.no_mt)
    server = ReviewServer(session, port=args.port)
    print(
        f"archivepub: reviewing {args.archive} (catalogs in {locales}) at the address below; Ctrl+C stops",
        file=sys.stderr,
    )
    # the address is printed once the server handles Ctrl+C itself; a Ctrl+C before that
    # stops it too
    with contextlib.suppress(KeyboardInterrupt):
        server.serve(on_ready=lambda: print(server.url, flush=True))
    return 0


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from exc
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is 0 to 65535")
    return value


def _add_review_command(sub: Any) -> None:
    r = sub.add_parser(
        "review",
        help="review translations in the browser: a local server on 127.0.0.1 (docs/review.md)",
        description="Serve the archive's articles and catalogs for review in a browser, on 127.0.0.1 "
        "only, at an address with a random access token (printed on standard output). Needs the "
        "extra archivepub[review].",
    )
    r.add_argument(
        "archive",
        nargs="?",
        type=Path,
        default=Path("archive"),
        metavar="ARCHIVE",
        help="the archive folder (default: archive)",
    )
    r.add_argument(
        "--lang", metavar="LANG", help="review only this language (default: the archive's languages)"
    )
    r.add_argument(
        "--port", type=_port, default=0, metavar="N", help="port on 127.0.0.1 (default: any free one)"
    )
    r.add_argument(
        "--locales",
        type=Path,
        metavar="DIR",
        help="the catalogs folder (default: archivepub.toml's, else locales)",
    )
    r.add_argument(
        "--memory",
        type=Path,
        help="translation memory to show matches from (default: $ARCHIVEPUB_MEMORY or XDG)",
    )
    r.add_argument("--no-memory", action="store_true", help="show no translation memory matches")
    r.add_argument(
        "--no-mt", action="store_true", help="offer no machine suggestion, even with a model installed"
    )
    r.set_defaults(run=_review)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archivepub",
        description="Read, translate, review and export archived articles.",
    )
    parser.add_argument("--version", action="version", version=f"archivepub {archivepub.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("parse", help="read an article and print its document model as JSON")
    p.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="HTML, plain-text, TEI or archival JSON file, or a web capture",
    )
    p.add_argument(
        "--format",
        choices=sorted([*archivepub.READERS, "warc", "wacz", "mhtml"]),
        help="source format (default: detected)",
    )
    p.add_argument(
        "--url",
        help="the page's address, to resolve relative links and record the source; "
        "for a capture, the page to read",
    )
    p.add_argument(
        "--at", help="a capture holding several captures of the page: the one closest to this date"
    )
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
        "--schema",
        type=Path,
        help="RelaxNG schema, .rng or .rng.gz (default: $ARCHIVEPUB_TEI_SCHEMA, else the bundled tei_all)",
    )
    v.set_defaults(run=_validate)
    _add_translation_commands(sub)
    _add_locales_commands(sub)
    _add_build_command(sub)
    _add_review_command(sub)
    _add_capture_commands(sub)
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    _warn(message)


#: Options (by destination) that name a folder, and options that name a file.
_FOLDER_OPTIONS = {"locales": "--locales", "archive": "ARCHIVE", "assets": "--assets"}
_FILE_OPTIONS = {"memory": "--memory"}


def _check_path_kinds(args: argparse.Namespace) -> None:
    """Refuse an option that names the wrong kind of path (``build --locales FILE``)."""
    for dest, option in _FOLDER_OPTIONS.items():
        path = getattr(args, dest, None)
        if isinstance(path, Path) and path.exists() and not path.is_dir():
            raise UsageError(f"{path}: {option} must name a folder, not a file")
    for dest, option in _FILE_OPTIONS.items():
        path = getattr(args, dest, None)
        if isinstance(path, Path) and path.is_dir():
            raise UsageError(f"{path}: {option} must name a file, not a folder")
        if isinstance(path, Path) and path.exists() and not path.is_file():
            # a memory is a database with journal files beside it: never /dev/null or a pipe
            raise UsageError(f"{path}: {option} must name a regular file, not a device or a pipe")
    locales = getattr(args, "locales", None)
    if args.command == "build" and locales is not None and not locales.exists():
        raise UsageError(f"{locales}: --locales names no folder")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        # what argparse's version action does, without building every command's parser first
        print(f"archivepub {archivepub.__version__}")
        raise SystemExit(0)
    args = _parser().parse_args(argv)
    try:
        _check_path_kinds(args)
        with warnings.catch_warnings():
            # what archivepub removed from an input (an unsafe URL...) is said once per place
            warnings.simplefilter("default", ArchivepubWarning)
            warnings.showwarning = _show_warning
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
