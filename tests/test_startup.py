"""What loads when: ``archivepub --version`` and ``--help`` import no heavy library, and the
language-identification model loads only for a page whose language is not known.

Each check runs in a fresh interpreter (a separate process), where ``sys.modules`` shows what
was imported; the timings are in ``benchmarks/startup.py`` (docs/benchmarks.md), not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Libraries a command that reads, translates or writes nothing has no use for.
HEAVY = (
    "lxml",
    "ebooklib",
    "ctranslate2",
    "sentencepiece",
    "argostranslate",
    "sqlite3",
    "babel",
    "py3langid",
)


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[key] = str(tmp_path / key.lower())
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["translate", "--help"], ["build", "--help"]])
def test_version_and_help_import_no_heavy_library(argv: list[str], tmp_path: Path) -> None:
    script = (
        "import contextlib, io, json, sys\n"
        "from archivepub.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        f"print(json.dumps([out.getvalue(), sorted(m for m in {HEAVY!r} if m in sys.modules)]))\n"
    )
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    printed, loaded = json.loads(done.stdout)
    assert printed.startswith("archivepub 0.") if argv == ["--version"] else "usage: archivepub" in printed
    assert loaded == []


def test_import_archivepub_is_light_and_its_names_still_work(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "import archivepub\n"
        f"before = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "doc = archivepub.read(b'<html lang=\"en\"><body><article><h1>T</h1><p>Some text here.</p>'"
        " b'</article></body></html>')\n"
        "names = [n for n in archivepub.__all__ if getattr(archivepub, n, None) is None]\n"
        "print(json.dumps([before, doc.metadata.title, names, 'read' in dir(archivepub)]))\n"
    )
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[], "T", [], True]


def test_the_language_model_loads_only_for_a_page_whose_language_is_unknown(tmp_path: Path) -> None:
    page = "A quiet harbour\n\nThe boats stayed in port all week, and nobody in the town minded at all.\n"
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><body><article><h1>A quiet harbour</h1><p>The boats stayed in port all week.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    script = (
        "import json, sys\n"
        "import archivepub\n"
        "seen = []\n"
        "for path, language in [('page.txt', 'en'), ('page.html', 'en'), ('page.txt', None)]:\n"
        f"    doc = archivepub.read({str(tmp_path)!r} + '/' + path, language=language)\n"
        "    seen.append([doc.metadata.language, 'py3langid' in sys.modules])\n"
        "print(json.dumps(seen))\n"
    )
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    # known from elsewhere: no model; unknown: identified (en), with the model
    assert json.loads(done.stdout) == [["en", False], ["en", False], ["en", True]]


def test_a_build_loads_no_language_model_when_meta_toml_names_the_language(tmp_path: Path) -> None:
    article = tmp_path / "archive" / "harbour"
    article.mkdir(parents=True)
    (article / "article.txt").write_text(
        "A quiet harbour\n\nThe boats stayed in port all week, and nobody in the town minded at all.\n",
        encoding="utf-8",
    )
    (article / "meta.toml").write_text('language = "en"\n', encoding="utf-8")
    script = (
        "import json, sys\n"
        "from archivepub.build import BuildOptions, build_archive\n"
        f"report = build_archive({str(tmp_path / 'archive')!r}, {str(tmp_path / 'dist')!r},"
        " BuildOptions(languages=('ru',), formats=('json',), jobs=1))\n"
        "print(json.dumps([[a.status for a in report.articles], 'py3langid' in sys.modules]))\n"
    )
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [["built"], False]
