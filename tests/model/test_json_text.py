"""The archival JSON text and the bags' provenance are written by archivepub._json, not by
json.dumps with an indent (the pure-Python encoder): the text must be the same, byte for byte,
or every edition and bag written before would change."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strategies
from archivepub._json import dumps, dumps_indented
from archivepub.build import read_article
from archivepub.model import Document

ROOT = Path(__file__).resolve().parents[2]


def _stdlib(value: Any, indent: int | None, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)


_SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SLOW
@given(strategies.documents())
def test_document_json_is_the_standard_librarys_text(doc: Document) -> None:
    data = doc.to_dict()
    assert doc.to_json() == _stdlib(data, 2) + "\n"
    assert doc.to_json(indent=None) == _stdlib(data, None) + "\n"
    assert dumps_indented(data, indent=1, sort_keys=True) == _stdlib(data, 1, sort_keys=True)


@_SLOW
@given(strategies.raw_documents())
def test_raw_document_json_is_the_standard_librarys_text(doc: Document) -> None:
    assert doc.to_json() == _stdlib(doc.to_dict(), 2) + "\n"


@pytest.mark.parametrize("article", sorted(p.name for p in (ROOT / "archive").iterdir() if p.is_dir()))
def test_bundled_articles_json_is_the_standard_librarys_text(article: str) -> None:
    doc = read_article(ROOT / "archive" / article)
    assert doc.to_json().encode("utf-8") == (_stdlib(doc.to_dict(), 2) + "\n").encode("utf-8")
    record = {"article": article, "document": doc.to_dict(), "sizes": [1, 2.5, None, True]}
    assert dumps_indented(record, indent=1, sort_keys=True) == _stdlib(record, 1, sort_keys=True)


_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
)
_keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=30,
)


@given(_values, st.integers(min_value=-1, max_value=4), st.booleans())
def test_any_json_value_is_the_standard_librarys_text(value: Any, indent: int, sort_keys: bool) -> None:
    assert dumps_indented(value, indent=indent, sort_keys=sort_keys) == _stdlib(value, indent, sort_keys)
    assert dumps(value, indent=None, sort_keys=sort_keys) == _stdlib(value, None, sort_keys)


@given(st.dictionaries(_keys, _scalars, max_size=6))
def test_keys_of_every_kind_are_written_as_json_dumps_writes_them(value: dict[Any, Any]) -> None:
    assert dumps_indented(value, indent=2) == _stdlib(value, 2)


def test_what_json_dumps_refuses_is_refused() -> None:
    for bad in ({"a": {1, 2}}, [object()], {(1, 2): "tuple key"}):
        with pytest.raises(TypeError):
            _stdlib(bad, 2)
        with pytest.raises(TypeError):
            dumps_indented(bad, indent=2)


def test_special_floats_and_subclasses() -> None:
    class Name(str):
        pass

    class Count(int):
        pass

    value = {"nan": math.nan, "inf": [math.inf, -math.inf, -0.0, 1e300], Name("k"): Count(3), "t": (True,)}
    assert dumps_indented(value, indent=2) == _stdlib(value, 2)


def test_values_nested_deeper_than_the_recursion_are_written_as_json_dumps_writes_them() -> None:
    deep: Any = "leaf"
    for n in range(250):  # a quote of quotes of ... as the robustness tests read: dicts in lists
        deep = [{"type": "quote", "blocks": deep, "n": n}]
    assert dumps_indented(deep, indent=2) == _stdlib(deep, 2)
    assert dumps_indented(deep, indent=1, sort_keys=True) == _stdlib(deep, 1, sort_keys=True)


def test_a_circular_value_is_refused_as_json_dumps_refuses_it() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop, indent=2)
