"""normalize_space's fast path (ASCII text through str.split) gives what its definition does."""

from __future__ import annotations

import random
import re

from archivepub.model import normalize_space

# the definition: runs of these characters become one space, then the ends are stripped
_DEFINITION = re.compile(r"[ \t\n\r\f\v\u200b\u2028\u2029]+")


def _reference(text: str) -> str:
    return _DEFINITION.sub(" ", text).strip()


def test_normalize_space_agrees_with_its_definition_on_every_mix_of_separators() -> None:
    alphabet = " \t\n\r\f\v\u200b\u2028\u2029\x1c\x1d\x1e\x1f\x85\xa0\u2009\u3000ab"
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert normalize_space(text) == _reference(text), repr(text)
        ascii_only = "".join(ch for ch in text if ch.isascii())
        assert normalize_space(ascii_only) == _reference(ascii_only), repr(ascii_only)


def test_normalize_space_keeps_no_break_spaces_and_file_separators() -> None:
    assert normalize_space(" a \x1c b\t\t") == "a \x1c b"
    assert normalize_space("a\u00a0 \n b") == "a\u00a0 b"
    assert normalize_space("a\u200bb") == "a b"


def test_text_in_inlines_is_normalised_as_defined() -> None:
    # normalize_inlines collapses the runs inside each text (a text without a run to collapse
    # is kept as it is, without a regex pass: both must give the definition's result)
    from archivepub.model import Text
    from archivepub.model.build import normalize_inlines

    alphabet = " \t\n\r\f\v\u200b\u2028\u2029\x85\xa0\u3000ab"
    rng = random.Random(13)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert normalize_inlines((Text("x"), Text(text), Text("y"))) == (
            Text("x" + _DEFINITION.sub(" ", text) + "y"),
        ), repr(text)


def test_the_runs_of_inline_text_collapse_as_defined_at_the_ends_too() -> None:
    # _collapsed (every run of white space as one space, what _merge does to each text) goes
    # through str.split where it can: the ends keep one space, the separators stay
    from archivepub.model.build import _collapsed

    alphabet = " \t\n\r\f\v\u200b\u2028\u2029\x1c\x1d\x1e\x1f\x85\xa0ab"
    rng = random.Random(14)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        for sample in (text, "".join(ch for ch in text if ch.isascii())):
            assert _collapsed(sample) == _DEFINITION.sub(" ", sample), repr(sample)
    assert _collapsed("\n a \t") == " a "
