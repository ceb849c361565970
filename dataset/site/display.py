"""How values read on the site: dates at their precision in words, codes as labels, missing
values as their reason, numbers with separators."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dataset import dates
from dataset.schema import CODE_LISTS, TABLES, Column

# Column names that read badly when only the underscores are replaced.
_COLUMN_LABELS = {
    "country_code": "Government",
    "demanding_body_abbr": "Demanding body (short label)",
    "users_affected": "Users affected",
    "users_affected_qualifier": "Users affected: how exact",
    "users_affected_scope": "Users affected: who is counted",
    "days_to_outcome_min": "Days from demand to outcome (fewest)",
    "days_to_outcome_max": "Days from demand to outcome (most)",
    "extensions_count": "Deadline extensions",
    "n_sources": "Sources",
    "n_origins": "Independent origins",
    "single_origin_values": "Values resting on one origin",
    "contested_fields": "Contested columns",
    "actor_name": "Actor's name",
    "event_type": "Event type",
}
# Scripts written right to left, by BCP 47 language tag.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi"})


def column_label(name: str) -> str:
    """A column's name as a reader sees it (``demand_date``: "Demand date")."""
    return _COLUMN_LABELS.get(name, name.replace("_", " ").capitalize())


def is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list) and bool(pd.isna(value)))


def date_text(value: object, precision: str) -> str:
    """A date in words at its precision: "2005", "April 2011" or "8 October 2010"."""
    day = pd.Timestamp(value).date() if not isinstance(value, dt.date) else value
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return f"{day:%B} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


def iso_date_text(text: str) -> str:
    """An ISO date written at its precision (``2010-08``) in words ("August 2010")."""
    day, precision = dates.parse(text)
    return date_text(day, precision)


def code_label(list_name: str, code: str) -> str:
    codes = CODE_LISTS[list_name]
    return codes[code].label if code in codes.values else code


def code_definition(list_name: str, code: str) -> str:
    codes = CODE_LISTS[list_name]
    return codes[code].description if code in codes.values else ""


def missing_text(reason: object) -> str:
    """A missing value's reason in words ("Not disclosed"); "Not recorded" without one."""
    if is_missing(reason):
        return "Not recorded"
    return code_label("missing_reason", str(reason))


def value_text(column: Column, text: str) -> str:
    """One value given as text (a code, an ISO date at its precision, a number, text)."""
    if column.kind == "date":
        try:
            return iso_date_text(text)
        except ValueError:
            return text
    if column.kind in ("category", "codeset"):
        return code_label(column.codes or column.codeset, text)
    if column.kind == "integer" and text.isdigit():
        return f"{int(text):,}"
    return text


def cell_text(table: str, row: pd.Series, name: str) -> str:
    """A cell of a published row as a reader sees it: dates at their precision, codes as
    labels (a coded set joined by commas), numbers with separators, a missing value as its
    reason."""
    column = TABLES[table].column(name)
    value = row[name]
    if is_missing(value):
        return missing_text(row.get(f"{name}_missing"))
    if column.kind == "date":
        return date_text(value, str(row[f"{name}_precision"]))
    if column.kind == "codeset":
        return ", ".join(value_text(column, code) for code in str(value).split(";"))
    if column.kind == "number":
        return f"{float(value):.4g}"
    return value_text(column, str(value))


def sort_key(table: str, row: pd.Series, name: str) -> str:
    """Text that sorts a cell in its natural order: ISO dates, zero-padded numbers; missing
    values last."""
    column = TABLES[table].column(name)
    value = row[name]
    if is_missing(value):
        return "~"
    if column.kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if column.kind in ("integer", "number"):
        return f"{float(value):015.3f}"
    return cell_text(table, row, name).casefold()


def text_direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"
