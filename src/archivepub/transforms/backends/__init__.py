"""Machine-translation backends behind one small protocol (see :mod:`.base`)."""

from archivepub.transforms.backends.base import Translator
from archivepub.transforms.backends.fake import FakeTranslator

__all__ = ["FakeTranslator", "Translator"]
