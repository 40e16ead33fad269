"""``benchmarks/accuracy.py`` scores by the corpus README's rules and skips a missing tool cleanly."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "accuracy.py"

PAGE = """<html lang="en"><head><title>The winter ferry | Harbour News</title>
<meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2024-01-15T08:00:00+01:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>The winter ferry</h1>
<p>The ferry to the island ran twice a day through the whole winter, whatever the weather.</p>
<p>In the spring the timetable doubled, and a second boat joined the old one.</p></article>
<footer>Copyright Harbour News</footer></body></html>"""


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "ferry.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    gold = {
        "https://news.example/2024/ferry": {
            "file": "pages/ferry.html.gz",
            "title": "The Winter  Ferry",  # compared after folding case and spaces
            "author": "Ann Lee",
            "date": "2024-01-15",
            "with": ["ran twice a day", "A SECOND BOAT joined"],
            "without": ["Copyright Harbour News", "Home News"],
        }
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), "utf-8")
    return tmp_path


def _run(args: list[str], block: str = "") -> subprocess.CompletedProcess[str]:
    # run the script as a user would, with some comparison tools made unimportable
    code = (
        "import runpy, sys\n"
        f"for name in {block.split(',') if block else []!r}: sys.modules[name] = None\n"
        f"sys.argv = [{str(SCRIPT)!r}, *{args!r}]\n"
        f"runpy.run_path({str(SCRIPT)!r}, run_name='__main__')\n"
    )
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=False, timeout=300
    )


def test_scores_one_page_and_prints_one_table(tmp_path: Path) -> None:
    result = _run(["--corpus", str(_corpus(tmp_path)), "--tools", "archivepub", "--worst", "3"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 pages of" in out
    for row, value in (
        ("body F1", "1.000"),
        ("title exact", "100.0 % (1/1)"),
        ("authors exact", "100.0 % (1/1)"),
        ("date (YYYY-MM-DD)", "100.0 % (1/1)"),
        ("`with` snippets found", "100.0 % (2/2)"),
        ("`without` snippets absent", "100.0 % (2/2)"),
        ("pages failed", "0 of 1"),
    ):
        line = next(line for line in out.splitlines() if line.startswith(row))
        assert line.rstrip().endswith(value), line


def test_a_missing_tool_is_skipped_and_said_so(tmp_path: Path) -> None:
    result = _run(["--corpus", str(_corpus(tmp_path)), "--worst", "0"], block="trafilatura,readability")
    assert result.returncode == 0, result.stderr
    assert "trafilatura: skipped, not installed" in result.stdout
    assert "readability: skipped, not installed" in result.stdout
    header = next(line for line in result.stdout.splitlines() if line.startswith("measure"))
    assert header.split() == ["measure", "archivepub"]


def test_worst_pages_show_gold_and_got(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    gold = json.loads((corpus / "gold.json").read_text("utf-8"))
    entry = gold["https://news.example/2024/ferry"]
    entry["title"], entry["with"] = "Another title", ["not in the page at all"]
    (corpus / "gold.json").write_text(json.dumps(gold), "utf-8")
    result = _run(["--corpus", str(corpus), "--tools", "archivepub", "--worst", "1"])
    assert result.returncode == 0, result.stderr
    assert "title: gold 'Another title'  got 'The winter ferry'" in result.stdout
    assert "missing: 'not in the page at all'" in result.stdout


def test_no_corpus_is_an_error(tmp_path: Path) -> None:
    result = _run(["--corpus", str(tmp_path / "absent"), "--tools", "archivepub"])
    assert result.returncode == 1
    assert "gold.json not found" in result.stderr
