"""Errors that carry a one-line message for the user, never a traceback."""

from __future__ import annotations

import unicodedata

ECHO_LIMIT = 80


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value as it may appear in an error line: repr'd (so control and invisible characters
    show escaped), cut to ``limit`` characters, and naming the first character outside ASCII,
    since look-alike letters (a Cyrillic А in an id) are otherwise invisible."""
    text = value if isinstance(value, str) else str(value)
    shown = repr(text[: limit + 1])
    shown = shown if len(text) <= limit and len(shown) <= limit + 2 else shown[: limit - 1] + "…'"
    odd = next(((i, ch) for i, ch in enumerate(text[:10_000]) if ord(ch) > 127), None)
    if odd is not None and isinstance(value, str):
        i, ch = odd
        name = unicodedata.name(ch, "unnamed character")
        shown += f" (U+{ord(ch):04X} {name} at position {i + 1})"
    if len(text) > limit:
        shown += f" ({len(text):,} characters)"
    return shown


class DatasetError(ValueError):
    """Base class: the message is a complete, single-line explanation."""


class RecordError(DatasetError):
    """A curated record is malformed. Names the file, the record and the field."""

    def __init__(self, file: object, record: object, field: object, problem: str) -> None:
        self.file, self.record, self.field, self.problem = file, record, field, problem
        record = shorten(record, 60) if isinstance(record, str) and not record.isascii() else record
        super().__init__(f"{file}: record {record}: field {field}: {problem}")


class IntegrityError(DatasetError):
    """A published file is missing, truncated, or does not match its manifest."""
