"""Build a whole archive: every article into editions per language, and one BagIt bag each.

``build_archive(archive, dist, options)`` reads each ``archive/<article-id>/`` folder,
translates the article into the target languages (reviewed PO entries, then the translation
memory, then the installed models), writes EPUB, TEI and JSON editions under
``dist/<article-id>/<lang>/`` and a BagIt bag under ``dist/bags/<article-id>/``. Articles are
built in parallel in worker processes; a failing article is reported and the others go on.
Unchanged articles are skipped (a manifest of input hashes), and outputs are made in
``dist/.tmp/`` and renamed into place, so a build killed at any moment leaves no partial file
and the next run finishes the work. See ``docs/build.md``.

The package's modules, in the order a build uses them:

- :mod:`~archivepub.build.config`: ``archivepub.toml``, ``meta.toml`` and :class:`BuildOptions`;
- :mod:`~archivepub.build.plan`: the articles, the tasks, the input keys and the manifest;
- :mod:`~archivepub.build.dist`: the output folder (checks, lock, atomic installs, marks);
- :mod:`~archivepub.build.executors`: where the tasks run (this process or worker processes);
- :mod:`~archivepub.build.article`: one article's build (read, translate, write);
- :mod:`~archivepub.build.bag`: its BagIt bag;
- :mod:`~archivepub.build.report`: what happened to each article;
- :mod:`~archivepub.build.archive`: :func:`build_archive`, which ties them together.
"""

from __future__ import annotations

from archivepub.build.archive import build_archive
from archivepub.build.article import read_article, translate_edition
from archivepub.build.config import (
    CONFIG_NAME,
    DEFAULT_LANGUAGES,
    FORMATS,
    META_NAME,
    ArchiveConfig,
    BuildOptions,
    load_config,
)
from archivepub.build.dist import FAULT_ENV, MANIFEST_NAME
from archivepub.build.report import MANIFEST_FORMAT, ORIGINS, ArticleReport, BuildReport, Progress

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_LANGUAGES",
    "FAULT_ENV",
    "FORMATS",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "META_NAME",
    "ORIGINS",
    "ArchiveConfig",
    "ArticleReport",
    "BuildOptions",
    "BuildReport",
    "Progress",
    "build_archive",
    "load_config",
    "read_article",
    "translate_edition",
]
