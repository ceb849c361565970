"""Vectorised row rules shared by the pandera schemas and the consistency checks.

Each function takes a DataFrame (or Series) and returns a boolean Series, True where the
row passes. No per-row Python loops: cost grows linearly with the number of rows.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

PERIOD = {
    "day": pd.DateOffset(days=1),
    "month": pd.DateOffset(months=1),
    "year": pd.DateOffset(years=1),
}


def period_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Last day of each date's precision period (a month-precision date spans the month)."""
    end = dates.copy()
    for name, offset in PERIOD.items():
        mask = (precision == name).fillna(False).to_numpy(bool)
        if mask.any():
            end[mask] = dates[mask] + offset - pd.Timedelta(days=1)
    return end


def date_order(df: pd.DataFrame, earlier: str, later: str) -> pd.Series:
    """``earlier`` can be no later than ``later`` (periods may overlap); nulls pass."""
    end = period_end(df[later], df[f"{later}_precision"])
    return df[earlier].isna() | df[later].isna() | (df[earlier] <= end)


def precision_consistent(df: pd.DataFrame, column: str) -> pd.Series:
    """A month-precision date falls on the 1st; a year-precision date on 1 January."""
    dates, precision = df[column], df[f"{column}_precision"].astype("str")
    first_of_month = dates.dt.day == 1
    first_of_year = first_of_month & (dates.dt.month == 1)
    ok = (
        (precision == "day")
        | ((precision == "month") & first_of_month)
        | ((precision == "year") & first_of_year)
    )
    both_null = dates.isna() & df[f"{column}_precision"].isna()
    return (ok & dates.notna()) | both_null


def missing_consistent(df: pd.DataFrame, column: str) -> pd.Series:
    """Exactly one of the value and its missing reason is given."""
    return df[column].isna() != df[f"{column}_missing"].isna()


def null_together(df: pd.DataFrame, column: str, anchor: str) -> pd.Series:
    """``column`` is null exactly when ``anchor`` is."""
    return df[column].isna() == df[anchor].isna()


# A string made only of code points below U+0300 is always NFC: none of them has a combining
# class, is changed by NFC or is the second part of a canonical composition (Unicode's
# normalization stability keeps it so). Only values with a later code point need normalising.
_MAY_CHANGE_UNDER_NFC = "[^\\x00-\u02ff]"


def is_nfc(series: pd.Series) -> pd.Series:
    """Missing, or unchanged by NFC normalisation."""
    if not isinstance(series.dtype, pd.StringDtype):
        return series.isna() | (series == series.str.normalize("NFC"))
    # pandas normalises value by value in Python: send it only the values that may change.
    ok = np.ones(len(series), dtype=bool)
    suspect = series.str.contains(_MAY_CHANGE_UNDER_NFC, regex=True).fillna(False)
    suspect = suspect.to_numpy(dtype=bool)
    if suspect.any():
        values = series[suspect]
        ok[suspect] = (values == values.str.normalize("NFC")).to_numpy(dtype=bool)
    return pd.Series(ok, index=series.index, name=series.name)


def no_duplicate_rows(df: pd.DataFrame, key: str) -> pd.Series:
    """No two rows are identical. Distinct non-null keys already make every row distinct, so
    the full-row comparison runs only when the key column does not settle it."""
    if df.columns.is_unique and key in df.columns:
        keys = df[key]
        if keys.notna().all() and keys.is_unique:
            return pd.Series(True, index=df.index)
    return ~df.duplicated(keep=False)


@cache
def iso_country_codes() -> list[str]:
    """All ISO 3166-1 alpha-2 codes, from pycountry."""
    import pycountry

    return sorted(c.alpha_2 for c in pycountry.countries)
