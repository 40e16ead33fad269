"""Shared data for the translation tests: the sample article, installed models."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archivepub.cli import main
from archivepub.model import (
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Heading,
    Link,
    ListBlock,
    Metadata,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    Text,
    make_document,
)


@dataclass(frozen=True)
class Models:
    """Model folders and .argosmodel files built for the session."""

    copy_root: Path
    random_root: Path
    files: dict[str, Path]  # "copy-en_ru" -> .argosmodel


def install(*files: Path) -> None:
    """Install .argosmodel files the way a user does."""
    for file in files:
        assert main(["models", "install", str(file)]) == 0


def sample_document(language: str = "en") -> Document:
    """A held-out article with every kind of markup the translation must keep."""
    p = Paragraph
    return make_document(
        Metadata(
            title="The valley archive",
            subtitle="Letters from 1915. A first look.",
            authors=("A. Writer",),
            date="2024-04-18",
            language=language,
            source_url="https://example.org/valley",
        ),
        [
            Heading(level=2, content=(Text("How the "), Emphasis((Text("letters"),)), Text(" survived"))),
            p(
                content=(
                    Text("Dr. Brown found "),
                    Strong((Text("forty letters"),)),
                    Text(" in 1915."),
                    NoteRef("a"),
                    Text(" They were kept by the "),
                    Link("https://example.org/archive_2", (Text("state archive"),)),
                    NoteRef("b"),
                    Text(" for years. The "),
                    Emphasis((Text("first"),)),
                    Text(" one is lost."),
                    NoteRef("c"),
                    NoteRef("d"),
                )
            ),
            p(content=(Text("See e.g. the map"), NoteRef("e"), Text(", i.e. the old one."))),
            Figure(
                src="img/bridge.jpg",
                alt="An old stone bridge.",
                caption=(Text("The bridge in "), Emphasis((Text("1923"),)), Text("."), NoteRef("f")),
                credit="Photo: John Smith, CC BY-SA 4.0",
            ),
            Quote(
                blocks=(
                    p(
                        content=(
                            Text("We wrote every week. "),
                            Emphasis((Text("Nobody"),)),
                            Text(" answered."),
                        )
                    ),
                )
            ),
            ListBlock(
                items=(
                    (
                        p(
                            content=(
                                Text("One item with a "),
                                Link("https://e.org/x", (Text("link"),)),
                                Text("."),
                            )
                        ),
                    ),
                    (p(content=(Text("Another item."),)),),
                )
            ),
            p(content=(Text("1915"),)),
        ],
        [
            DraftNote(
                "a",
                "1",
                (
                    p(
                        content=(
                            Text("Letter "),
                            Emphasis((Text("No. 12"),)),
                            Text(". Kept in "),
                            Link("https://example.org/box", (Text("box 4"),)),
                            Text("."),
                        )
                    ),
                ),
            ),
            DraftNote("b", "2", (p(content=(Text("Now the regional archive."),)),)),
            DraftNote("c", "3", (p(content=(Text("Lost in 1990."),)),)),
            DraftNote("d", "4", (p(content=(Strong((Text("Unconfirmed."),)),)),)),
            DraftNote("e", "5", (p(content=(Text("Drawn by hand."),)),)),
            DraftNote(
                "f",
                "6",
                (
                    p(
                        content=(
                            Text("Restored in 2001. See "),
                            Link("https://e.org/r", (Text("the report"),)),
                            Text("."),
                        )
                    ),
                ),
            ),
        ],
    )
