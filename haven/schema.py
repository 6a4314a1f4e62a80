"""Turning parsed YAML into typed, frozen values, reporting every mismatch.

Each option is declared once, as a dataclass field with a type, a default
(or none, when required) and help text; `load()` walks the declaration and
the YAML together, so unknown keys, missing keys and wrong types are all
reported with their line in one pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from typing import Annotated, Any

from .problems import Problem, error
from .yamlfile import Map, Seq, curly_hint, line_of


def option(default: Any = MISSING, help: str = "", example: str = "") -> Any:
    """Declare an option; without a default it is required."""
    meta = {"help": help, "example": example}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use tuples for list defaults")
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Check:
    """A rule on an already-typed value: returns an error message, or None."""

    rule: Callable[[Any], str | None]


@dataclass
class Reader:
    """Where values come from, and where the problems go."""

    path: str
    problems: list[Problem]

    def fail(self, line: int, message: str) -> None:
        self.problems.append(error(self.path, line, message))


_INVALID = object()  # a value that was reported; the caller drops it


def load(cls: type, value: Any, reader: Reader, name: str = "", line: int = 0):
    """Convert `value` to `cls`, recording problems; returns None if unusable."""
    result = _convert(cls, value, reader, name, line)
    return None if result is _INVALID else result


def _convert(tp, value, reader: Reader, name: str, line: int, example: str = ""):
    """`example`: the option's own, to show in a message on a number (a position is not a year)."""
    line = line_of(value, line)
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *checks = typing.get_args(tp)
        result = _convert(base, value, reader, name, line, example)
        if result is _INVALID or result is None:
            return result
        for check in checks:
            message = check.rule(result)
            if message:
                reader.fail(line, f"{_quote(name)} {message}{curly_hint(value)}")
                return _INVALID
        return result
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(args[0], value, reader, name, line, example)
    if value is None:
        reader.fail(line, f"{_quote(name)} is empty; give it a value or remove the line")
        return _INVALID
    if origin is tuple:
        return _tuple(typing.get_args(tp)[0], value, reader, name, line)
    if origin is dict:
        return _mapping(typing.get_args(tp)[1], value, reader, name, line)
    if hasattr(tp, "from_yaml"):
        return tp.from_yaml(value, reader, name, line)
    if dataclasses.is_dataclass(tp):
        return _record(tp, value, reader, name, line)
    converter = _SCALARS[tp]
    if isinstance(value, (Map, Seq)):
        reader.fail(line, f"{_quote(name)} must be a single value, not a {'list' if isinstance(value, Seq) else 'group of keys'}")
        return _INVALID
    result, message = _int(str(value), example) if tp is int else converter(str(value))
    if message:
        reader.fail(line, f"{_quote(name)} {message}{curly_hint(value)}")
        return _INVALID
    return result


def _tuple(item_type, value, reader: Reader, name: str, line: int):
    if not isinstance(value, Seq):
        if isinstance(value, Map):
            reader.fail(line, f"{_quote(name)} must be a list (lines starting with '- ')")
            return _INVALID
        value = Seq([value])  # a single value where a list is expected: be forgiving
        value.line, value.item_lines = line, [line]
    items = []
    for index, (item, item_line) in enumerate(zip(value, value.item_lines, strict=False)):
        converted = _convert(item_type, item, reader, f"{name}[{index + 1}]", item_line)
        if converted is not _INVALID:
            items.append(converted)
    return tuple(items)


def _mapping(item_type, value, reader: Reader, name: str, line: int):
    if not isinstance(value, Map):
        reader.fail(line, f"{_quote(name)} must be a group of 'name: ...' entries")
        return _INVALID
    result, ok = {}, True
    for key, item in value.items():
        converted = _convert(item_type, item, reader, _join(name, key), value.key_line(key))
        if converted is _INVALID:
            ok = False
        else:
            result[str(key)] = converted
    return result if ok else _INVALID


def _record(cls, value, reader: Reader, name: str, line: int):
    if not isinstance(value, Map):
        reader.fail(line, f"{_quote(name) if name else 'this file'} must be a group of 'key: value' lines")
        return _INVALID
    fields, hints = _fields(cls)
    for key in value:
        if key not in fields:
            reader.fail(value.key_line(key), f"unknown key {_quote(_join(name, key))}{_suggest(key, fields)}")
    kwargs, ok = {}, True
    for fname, f in fields.items():
        full = _join(name, fname)
        if fname not in value:
            if f.default is MISSING and f.default_factory is MISSING:
                example = f.metadata.get("example")
                hint = f", e.g. `{fname}: {example}`" if example else ""
                where = f" (in {_quote(name)})" if name else ""
                reader.fail(line, f"required key '{fname}' is missing{where}; add it{hint}")
                ok = False
            continue
        converted = _convert(hints[fname], value[fname], reader, full, value.key_line(fname), f.metadata.get("example", ""))
        if converted is _INVALID:
            ok = False
        elif isinstance(converted, str) and not converted.strip() and f.default is MISSING:
            reader.fail(value.key_line(fname), f"{_quote(full)} is blank; it is required, so write its text")
            ok = False
        else:
            kwargs[fname] = converted
    if not ok:
        return _INVALID
    post = getattr(cls, "validate", None)
    obj = cls(**kwargs)
    if post:
        for message in post(obj):
            reader.fail(line, message)
            ok = False
    return obj if ok else _INVALID


@functools.cache
def _fields(cls) -> tuple[dict[str, dataclasses.Field], dict]:
    """A record's fields and their types (resolving the types costs more than reading a file)."""
    return {f.name: f for f in dataclasses.fields(cls) if f.init}, typing.get_type_hints(cls, include_extras=True)


def _join(name: str, key: str) -> str:
    return f"{name}.{key}" if name else str(key)


def _quote(name: str) -> str:
    return f"'{name}'"


def _suggest(key: str, known) -> str:
    import difflib  # (here: only a misspelling needs it)

    match = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    if match:
        return f"; did you mean '{match[0]}'?"
    return f"; expected one of: {', '.join(sorted(known))}"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    if not _DATE.fullmatch(text):
        return None, f"must be a date written YYYY-MM-DD (like 2024-03-18), got '{text}'"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, f"is not a real date: '{text}'; check the month and the day (YYYY-MM-DD)"


def _str(text: str):
    return text, None


def _int(text: str, example: str = ""):
    if re.fullmatch(r"-?\d{1,9}", text.strip()):
        return int(text), None
    if re.fullmatch(r"-?\d+", text.strip()):
        return None, f"is too large a number, got '{text[:20]}{'...' if len(text) > 20 else ''}'"
    return None, f"must be a whole number written in digits (like {example or 2}), got '{text}'"


_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def _bool(text: str):
    low = text.strip().lower()
    if low in _TRUE:
        return True, None
    if low in _FALSE:
        return False, None
    return None, f"must be true or false, got '{text}'; write true or false"


_SCALARS: dict[type, Callable[[str], tuple[Any, str | None]]] = {
    str: _str,
    int: _int,
    bool: _bool,
    dt.date: parse_date,
}
