"""The protocol every machine-translation backend implements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from archivepub.model.nodes import ModelInfo

__all__ = ["Progress", "Translator"]

#: Called with (segments done, segments in all) while a batch is translated.
Progress = Callable[[int, int], None]


@runtime_checkable
class Translator(Protocol):
    """Translates batches of tagged segments between language pairs it has models for.

    Language codes are primary subtags as models know them (``en``, ``ru``, ``hy``, ``az``).
    A backend translates every segment of the batch in one go and returns the translations
    in order; tags (``<em>``, ``<a1>``, ``<note1/>``) are part of the text and are checked
    by the caller, not by the backend.
    """

    def supports(self, source: str, target: str) -> bool:
        """True when a model translates ``source`` into ``target`` directly."""
        ...

    def model_info(self, source: str, target: str) -> ModelInfo:
        """Describe the model used for the pair (name, engine, version, licence)."""
        ...

    def translate_batch(
        self, segments: list[str], source: str, target: str, *, progress: Progress | None = None
    ) -> list[str]:
        """Translate every segment from ``source`` into ``target``, in one batch."""
        ...
