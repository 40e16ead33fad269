"""``archivepub review``: translators review in the browser, the article in context.

A local web server (:mod:`archivepub.review.web`, on Starlette and uvicorn: the optional
extra ``archivepub[review]``) shows the archive's progress and each article in reading order
with every sentence's translation editable in place. Underneath are the same catalogs and
the same code as ``archivepub locales``: :class:`ReviewSession` holds what the pages show and
do without any web code, and every save goes through
:func:`archivepub.catalogs.save_entry`. See ``docs/review.md``.
"""

from archivepub.review.session import (
    ArticleView,
    BlockView,
    EntryHelp,
    Match,
    NotFoundError,
    OverviewRow,
    ReviewSession,
    SegmentView,
    Token,
    diff_words,
    tokens,
)

__all__ = [
    "ArticleView",
    "BlockView",
    "EntryHelp",
    "Match",
    "NotFoundError",
    "OverviewRow",
    "ReviewSession",
    "SegmentView",
    "Token",
    "diff_words",
    "tokens",
]
