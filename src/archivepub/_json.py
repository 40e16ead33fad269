"""Indented JSON text, byte for byte as :func:`json.dumps` writes it, several times faster.

``json.dumps(obj, indent=N)`` falls back to the standard library's pure-Python encoder (its C
encoder only writes compact JSON before Python 3.14), a chain of nested generators that yields
every token through every level above it: the archival JSON of a build's editions and the
provenance of its bags spent about 14 % of the build there. :func:`dumps_indented` writes the
same text by one recursive pass that joins each container's members, with the C string
encoder for strings. ``tests/model/test_json_text.py`` checks that it gives the same text as
``json.dumps`` for generated documents, the bundled archive's and odd values.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]

_INFINITY = float("inf")


def _float(value: float) -> str:
    # as json.encoder's floatstr with allow_nan=True (the default of json.dumps)
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    # json.dumps converts keys in this order (skipkeys=False)
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _encode(value: Any, newline: str, step: str, sort_keys: bool) -> str:
    cls = value.__class__
    if cls is dict:
        return _object(value, newline, step, sort_keys)
    if cls is list or cls is tuple:
        return _array(value, newline, step, sort_keys)
    # the rest in json.encoder's order (subclasses of str, int, float, list and dict included)
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple)):
        return _array(value, newline, step, sort_keys)
    if isinstance(value, dict):
        return _object(value, newline, step, sort_keys)
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _array(value: list[Any] | tuple[Any, ...], newline: str, step: str, sort_keys: bool) -> str:
    if not value:
        return "[]"
    inner = newline + step
    return (
        "["
        + inner
        + ("," + inner).join(
            [
                encode_basestring(item)
                if item.__class__ is str
                else _object(item, inner, step, sort_keys)
                if item.__class__ is dict
                else _encode(item, inner, step, sort_keys)
                for item in value
            ]
        )
        + newline
        + "]"
    )


def _object(value: dict[Any, Any], newline: str, step: str, sort_keys: bool) -> str:
    if not value:
        return "{}"
    inner = newline + step
    items = sorted(value.items()) if sort_keys else value.items()
    return (
        "{"
        + inner
        + ("," + inner).join(
            [
                (encode_basestring(k) if k.__class__ is str else _key(k))
                + ": "
                + (
                    encode_basestring(v)
                    if v.__class__ is str
                    else _array(v, inner, step, sort_keys)
                    if v.__class__ is list
                    else _encode(v, inner, step, sort_keys)
                )
                for k, v in items
            ]
        )
        + newline
        + "}"
    )


def dumps_indented(value: Any, *, indent: int, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)``, the same text.

    Values may be what ``json.dumps`` takes without a ``default``: dicts, lists, tuples,
    strings, integers, floats, booleans and ``None``. A value nested too deep for this
    encoder's recursion (a few hundred levels) is written by ``json.dumps`` itself.

    :raises TypeError: a value or key ``json.dumps`` would refuse.
    :raises ValueError: a circular value (as ``json.dumps``).
    """
    if indent < 0:  # json.dumps treats a negative indent as 0 (newlines, no spaces)
        indent = 0
    try:
        return _encode(value, "\n", " " * indent, sort_keys)
    except RecursionError:
        # Nested deeper than this encoder reaches (it takes about three Python frames per
        # level, json's generators about one), or circular: json.dumps writes the same text
        # (or raises its own error).
        return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)


def dumps(value: Any, *, indent: int | None, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)``: compact
    text from the C encoder, indented text from :func:`dumps_indented`."""
    if indent is None:
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    return dumps_indented(value, indent=indent, sort_keys=sort_keys)
