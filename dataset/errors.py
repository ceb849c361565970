"""Errors that carry a one-line message for the user, never a traceback."""

from __future__ import annotations


class DatasetError(ValueError):
    """Base class: the message is a complete, single-line explanation."""


class RecordError(DatasetError):
    """A curated record is malformed. Names the file, the record and the field."""

    def __init__(self, file: object, record: object, field: object, problem: str) -> None:
        self.file, self.record, self.field, self.problem = file, record, field, problem
        super().__init__(f"{file}: record {record}: field {field}: {problem}")


class IntegrityError(DatasetError):
    """A published file is missing, truncated or does not match its checksum."""
