"""Dates with a precision: '2010', '2010-08' or '2010-08-01', and the period each names.

A date is stored as the first day of its period with a ``<column>_precision`` companion; this
module is the one place that knows how long a period is (pandas only, no build imports).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

PRECISIONS = ("year", "month", "day")  # coarse to fine
# An ISO 8601 date written at its precision: 2011, 2011-04 or 2011-04-19 (ASCII digits).
ISO_DATE = "[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)
_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_OFFSETS = {"year": pd.DateOffset(years=1), "month": pd.DateOffset(months=1)}


def parse(text: str) -> tuple[dt.date, str]:
    """The first day of the period ``text`` names, and its precision."""
    m = _FORM.fullmatch(text)
    if not m:
        raise ValueError("not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in m.groups() if p is not None]
    precision = PRECISIONS[len(parts) - 1]
    try:
        return dt.date(*parts, *[1] * (3 - len(parts))), precision
    except ValueError as exc:
        raise ValueError(f"not a real date ({exc})") from None


def render(value, precision: str) -> str:
    """The date at its precision in ISO 8601 (``2011``, ``2011-04``, ``2011-04-19``)."""
    return value.strftime(_FORMATS[precision])


def render_series(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Vectorised :func:`render`; missing where the date is missing."""
    out = pd.Series(pd.NA, index=dates.index, dtype="str")
    for name, fmt in _FORMATS.items():
        mask = (precision.astype("str") == name).to_numpy(bool) & dates.notna().to_numpy(bool)
        if mask.any():
            out[mask] = dates[mask].dt.strftime(fmt)
    return out


def precision_of(text: pd.Series) -> pd.Series:
    """Precision of ISO dates written at their precision (by length: 4, 7 or 10)."""
    names = {4: "year", 7: "month", 10: "day"}
    return text.str.len().map(names).astype("str")


def period_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Last day of each date's period (a month-precision date spans the month)."""
    end = dates.copy()
    for name, offset in _OFFSETS.items():
        mask = (precision.astype("str") == name).to_numpy(bool) & dates.notna().to_numpy(bool)
        if mask.any():
            end[mask] = dates[mask] + offset - pd.Timedelta(days=1)
    return end


def periods(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Start and end of the period of each value of a date column (with its precision)."""
    start = frame[column]
    return pd.DataFrame(
        {
            f"{column}_start": start,
            f"{column}_end": period_end(start, frame[f"{column}_precision"]),
        },
        index=frame.index,
    )
