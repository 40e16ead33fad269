"""Document-to-document passes: segmentation, translation, translation memory and glossary.

The entry point is :func:`archivepub.translate` (:mod:`archivepub.transforms.translate`).
"""

__all__: list[str] = []
