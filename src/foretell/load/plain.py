"""File readings as plain data (JSON-ready lists, dicts, text and numbers) and back.

The parse cache (:mod:`.cache`) stores each file's :class:`~.reading.FileReading` this way. The
conversion is driven by the attrs classes' type annotations, so a field added to the model is
cached without further code. Decoding builds only the attrs classes that
:class:`~.reading.FileReading`'s annotations name, directly or through other such classes (a
set fixed by foretell's code, never by the data), and checks every value against its
annotation: anything unexpected raises :class:`PlainDataError` (the cache then reads the file
again). Nothing is ever unpickled or evaluated.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import pendulum

from foretell.dates import parse_date, parse_instant
from foretell.problems import Location, Problem
from foretell.sharedtext import file_texts, share_text

from .reading import FileReading

__all__ = [
    "CLASSES",
    "PlainDataError",
    "problems_from_plain",
    "problems_to_plain",
    "reading_from_plain",
    "reading_to_plain",
]


def _classes(root: type) -> dict[str, type]:
    """The attrs classes named by ``root``'s annotations, directly or through one another."""
    found: dict[str, type] = {}
    pending: list[Any] = [root]
    while pending:
        annotation = pending.pop()
        if not (isinstance(annotation, type) and attrs.has(annotation)):
            pending.extend(typing.get_args(annotation))
            continue
        known = found.setdefault(annotation.__name__, annotation)
        if known is not annotation:
            raise TypeError(f"two classes of a file reading are named {annotation.__name__}")
        hints = typing.get_type_hints(annotation)
        pending.extend(
            hints[field.name]
            for field in attrs.fields(annotation)
            if field.init and hints[field.name] not in found.values()
        )
    return found


#: The classes a file reading is made of, by name: the only classes decoding builds.
CLASSES: Mapping[str, type] = _classes(FileReading)

#: Builds a Location without the named tuple's argument handling (decoding is hot).
_new_location = tuple.__new__
#: Decodes a value found in the reading of the file at a path (for ``[line, column]``).
Decoder = Callable[[Any, str], Any]


class PlainDataError(ValueError):
    """Plain data that is not what :func:`reading_to_plain` makes."""


def reading_to_plain(reading: FileReading, path: str) -> Any:
    """``reading`` (of the file at ``path``, relative to the book) as plain data.

    Locations in ``path`` are written as ``[line, column]``.

    Raises:
        PlainDataError: if the reading holds a value this module cannot write.
    """
    return _encode(reading, path)


def reading_from_plain(data: Any, path: str) -> FileReading:
    """The reading :func:`reading_to_plain` turned into ``data``.

    Raises:
        PlainDataError: if ``data`` is not exactly such plain data.
    """
    with file_texts():  # a long text repeated in the file is one object, as from YAML
        reading = _build(FileReading)(data, path)
    assert isinstance(reading, FileReading)
    return reading


def problems_to_plain(problems: Iterable[Problem]) -> Any:
    """Problems of any files as plain data."""
    return [_encode(problem, "") for problem in problems]


def problems_from_plain(data: Any) -> tuple[Problem, ...]:
    """The problems :func:`problems_to_plain` turned into ``data``.

    Raises:
        PlainDataError: if ``data`` is not exactly such plain data.
    """
    problems = _build(tuple[Problem, ...])(data, "")
    assert isinstance(problems, tuple)
    return problems


def _encode(value: Any, path: str) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Location):
        if value.path == path:
            return [value.line, value.column]
        return [value.path, value.line, value.column]
    if isinstance(value, pendulum.Date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(item, path) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _encode(item, path) for key, item in value.items()}
    kind: Any = type(value)
    if CLASSES.get(kind.__name__) is kind:
        # An object is the list of its fields' values, in the order of its class's fields.
        return [_encode(getattr(value, name), path) for name in _field_names(kind)]
    raise PlainDataError(f"cannot write {type(value).__name__} as plain data")


# -- decoding: one decoder per (annotation, path), built once --------------------------------


def _fail(expected: str, value: Any) -> PlainDataError:
    return PlainDataError(f"expected {expected}, got {type(value).__name__}")


@functools.cache
def _build(annotation: Any) -> Decoder:
    if annotation is str:
        return _exact(str)
    if annotation is bool:
        return _exact(bool)
    if annotation is int:
        return _integer
    if annotation is float:
        return _number
    if annotation is type(None) or annotation is None:
        return _none
    if annotation is pendulum.Date:
        return _date
    if annotation is pendulum.DateTime:
        return _datetime
    if annotation is Location:
        return _location
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return functools.partial(_enum, annotation)
    if isinstance(annotation, type) and attrs.has(annotation):
        if CLASSES.get(annotation.__name__) is not annotation:
            raise PlainDataError(f"{annotation.__name__} is not a cached class")
        return _object_decoder(annotation)
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        others = tuple(a for a in arguments if a is not type(None))
        if others == (str,) and len(arguments) == 2:
            return _optional_text
        if len(others) == 1 and len(arguments) == 2:
            return functools.partial(_optional, _build(others[0]))
        return _union([_build(a) for a in arguments], arguments)
    if origin is tuple:
        if arguments == (str, Ellipsis):
            return _texts
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return functools.partial(_sequence, _build(arguments[0]), tuple)
        return functools.partial(_fixed, tuple(_build(a) for a in arguments))
    if origin is list:
        return functools.partial(_sequence, _build(arguments[0]), list)
    if origin in (Mapping, dict):
        if arguments[1] is Location:
            return _locations
        return functools.partial(_mapping, _build(arguments[1]))
    raise PlainDataError(f"no plain form for {annotation!r}")


def _exact(kind: type) -> Decoder:
    if kind is str:
        return _text

    def decode(value: Any, path: str) -> Any:
        if type(value) is not kind:
            raise _fail(kind.__name__, value)
        return value

    return decode


def _integer(value: Any, path: str) -> int:
    if type(value) is not int:
        raise _fail("int", value)
    return value


def _number(value: Any, path: str) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _fail("number", value)


def _none(value: Any, path: str) -> None:
    if value is not None:
        raise _fail("null", value)


def _date(value: Any, path: str) -> pendulum.Date:
    if type(value) is not str:
        raise _fail("date", value)
    try:
        return parse_date(value)
    except ValueError as error:
        raise PlainDataError(str(error)) from None


def _datetime(value: Any, path: str) -> pendulum.DateTime:
    if type(value) is not str:
        raise _fail("date-time", value)
    try:
        instant = parse_instant(value)
    except ValueError as error:
        raise PlainDataError(str(error)) from None
    if not isinstance(instant, pendulum.DateTime):
        raise _fail("date-time", value)
    return instant


def _location(value: Any, path: str) -> Location:
    if type(value) is list:
        if len(value) == 2 and type(value[0]) is int and type(value[1]) is int:
            return _new_location(Location, (path, value[0], value[1]))
        if len(value) == 3 and type(value[0]) is str and type(value[1]) is type(value[2]) is int:
            return Location(value[0], value[1], value[2])
    raise _fail("location", value)


def _enum(kind: type[enum.Enum], value: Any, path: str) -> enum.Enum:
    try:
        return kind(value)
    except (ValueError, TypeError):
        raise _fail(kind.__name__, value) from None


def _union(decoders: list[Decoder], arguments: tuple[Any, ...]) -> Decoder:
    # Try the alternatives in order; None first makes 'X | None' cheap for absent values.
    ordered = sorted(
        zip(arguments, decoders, strict=True), key=lambda pair: pair[0] is not type(None)
    )
    alternatives = [decoder for _, decoder in ordered]

    def decode(value: Any, path: str) -> Any:
        for decoder in alternatives:
            try:
                return decoder(value, path)
            except PlainDataError:
                continue
        raise _fail(" | ".join(getattr(a, "__name__", str(a)) for a in arguments), value)

    return decode


def _text(value: Any, path: str) -> str:
    if type(value) is not str:
        raise _fail("str", value)
    return share_text(value)  # a book's repeated names and ids: one object each


def _optional_text(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return share_text(value)
    raise _fail("text", value)


def _texts(value: Any, path: str) -> tuple[str, ...]:
    if type(value) is list and all(type(v) is str for v in value):
        return tuple(map(share_text, value))
    raise _fail("list of texts", value)


def _locations(value: Any, path: str) -> dict[str, Location]:
    if type(value) is not dict:
        raise _fail("mapping", value)
    return {key: _location(v, path) for key, v in value.items()}


def _optional(decoder: Decoder, value: Any, path: str) -> Any:
    return None if value is None else decoder(value, path)


def _sequence(item: Decoder, kind: type, value: Any, path: str) -> Any:
    if type(value) is not list:
        raise _fail("list", value)
    return kind([item(v, path) for v in value])


def _fixed(items: tuple[Decoder, ...], value: Any, path: str) -> tuple[Any, ...]:
    if type(value) is not list or len(value) != len(items):
        raise _fail(f"list of {len(items)}", value)
    return tuple(decode(v, path) for decode, v in zip(items, value, strict=True))


def _mapping(item: Decoder, value: Any, path: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise _fail("mapping", value)
    return {share_text(key): item(v, path) for key, v in value.items()}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The names the constructor takes, in field order: the value of each is read by that name
    (a private field's public alias is a property giving the value to pass back)."""
    fields = [field for field in attrs.fields(cls) if field.init]
    if any(field.kw_only for field in fields):
        # Objects are built from their values in field order: keep the classes simple.
        raise PlainDataError(f"{cls.__name__} has keyword-only fields")
    return tuple(field.alias for field in fields)


@functools.cache
def _field_hints(cls: type) -> tuple[Any, ...]:
    """The annotation of each field the constructor takes, in field order."""
    hints = typing.get_type_hints(cls)
    return tuple(hints[field.name] for field in attrs.fields(cls) if field.init)


def _object_decoder(cls: type) -> Decoder:
    decoders = tuple(_build(hint) for hint in _field_hints(cls))
    count = len(decoders)

    def decode(value: Any, path: str) -> Any:
        if type(value) is not list or len(value) != count:
            raise _fail(cls.__name__, value)
        try:
            return cls(*[decoder(v, path) for decoder, v in zip(decoders, value)])  # noqa: B905
        except (TypeError, ValueError) as error:
            raise PlainDataError(str(error)) from None

    return decode
