"""Dates with a precision: '2010', '2010-08' or '2010-08-01'."""

from __future__ import annotations

import datetime as dt
import re

_FORMS = {
    "year": re.compile(r"^(\d{4})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
}


def parse(text: str) -> tuple[dt.date, str]:
    """Return the first day of the period the text names, and its precision."""
    for precision, form in _FORMS.items():
        m = form.match(text)
        if m:
            parts = [int(p) for p in m.groups()] + [1] * (3 - len(m.groups()))
            try:
                return dt.date(*parts), precision
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a real date ({exc})") from None
    raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")


_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


def render(value: dt.date, precision: str) -> str:
    """The inverse of :func:`parse`."""
    return value.strftime(_FORMATS[precision])
