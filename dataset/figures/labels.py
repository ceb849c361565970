"""What the figures write and in which order: code labels, episode labels, period order."""

from __future__ import annotations

import pandas as pd

import dataset
from dataset.schema import TABLES, CodeList


def code_list(table: str, column: str) -> CodeList:
    """The code list of a coded column, as its schema declares it."""
    found = TABLES[table].column(column).code_list
    if found is None:
        raise KeyError(f"{table}.{column} has no code list")
    return found


def labels(table: str, column: str) -> dict[str, str]:
    """Label of every code of a coded column, in code-list order."""
    return {c.code: c.label for c in code_list(table, column).codes}


def codes(value) -> list[str]:
    """The codes of a ``;``-separated value (none when missing)."""
    if value is None or pd.isna(value) or not str(value):
        return []
    return str(value).split(";")


def episode_label(row) -> str:
    """``Country · body · year of demand`` for an episode row (a Series or a namedtuple).

    The stored date is the first day of its period, so its year is right at any precision.
    """
    return f"{row.country_name} · {row.demanding_body_abbr} · {row.demand_date.year}"


def in_period_order(frame: pd.DataFrame, column: str, key: str) -> pd.DataFrame:
    """Rows by the period of a date column: earlier start first, then earlier end (a day
    before the month that holds it), then ``key``. Missing dates come last."""
    bounds = dataset.periods(frame, column)
    return (
        frame.assign(_start=bounds.iloc[:, 0], _end=bounds.iloc[:, 1])
        .sort_values(["_start", "_end", key], kind="stable", na_position="last")
        .drop(columns=["_start", "_end"])
        .reset_index(drop=True)
    )


def in_demand_order(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes in the order of their public demand."""
    return in_period_order(episodes, "demand_date", "episode_id")
