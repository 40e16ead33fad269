"""An in-process translator for tests and dry runs: a plain function stands in for a model."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archivepub.errors import TranslateError
from archivepub.model.nodes import ModelInfo
from archivepub.transforms.backends.base import Progress

__all__ = ["FakeTranslator"]


class FakeTranslator:
    """A :class:`~archivepub.transforms.backends.base.Translator` that calls ``handler``.

    ``handler(segment, source, target)`` returns the translation of one segment (default:
    the segment unchanged). ``pairs`` limits the language pairs it claims to support.
    Every batch is recorded in :attr:`calls`, so tests can count model calls.

    >>> fake = FakeTranslator(lambda s, src, tgt: s.upper(), pairs=[("en", "ru")])
    >>> fake.translate_batch(["a <em>b</em>"], "en", "ru")
    ['A <EM>B</EM>']
    >>> fake.calls
    [('en', 'ru', ['a <em>b</em>'])]

    :param handler: the function that translates one segment.
    :param pairs: the (source, target) pairs supported; ``None`` means every pair.
    """

    def __init__(
        self,
        handler: Callable[[str, str, str], str] | None = None,
        *,
        pairs: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        self.handler = handler or (lambda segment, source, target: segment)
        self.pairs = None if pairs is None else set(pairs)
        self.calls: list[tuple[str, str, list[str]]] = []

    def supports(self, source: str, target: str) -> bool:
        """True when the pair is among ``pairs`` (or no pairs were given)."""
        return self.pairs is None or (source, target) in self.pairs

    def model_info(self, source: str, target: str) -> ModelInfo:
        """A model named ``fake-<source>_<target>``."""
        return ModelInfo(name=f"fake-{source}_{target}", engine="fake", version="0", license=None)

    def translate_batch(
        self, segments: list[str], source: str, target: str, *, progress: Progress | None = None
    ) -> list[str]:
        """Translate each segment with the handler and record the call."""
        if not self.supports(source, target):
            raise TranslateError(f"no model for {source} -> {target}")
        self.calls.append((source, target, list(segments)))
        out = [self.handler(segment, source, target) for segment in segments]
        if progress is not None:
            progress(len(segments), len(segments))
        return out
