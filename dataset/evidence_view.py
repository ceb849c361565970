"""The evidence behind the values, joined and ready to read (pandas and pyarrow only)."""

from __future__ import annotations

import pandas as pd

from dataset.dates import parse, render_series
from dataset.loading import load
from dataset.schema import EVIDENCED_TABLES, TABLES, Column

COLUMNS = [
    "episode_id",
    "target_table",
    "target_id",
    "field",
    "value",
    "assertion",
    "stance",
    "claimant",
    "quote",
    "quote_language",
    "quote_translation",
    "source_id",
    "publisher",
    "origin_id",
    "origin_name",
    "origin_type",
    "title",
    "url",
    "published_date",
    "source_type",
    "claim_id",
    "quote_id",
    "note",
]
STANCE_ORDER = {"supports": 0, "disputes": 1, "context": 2}


def claimable_columns() -> dict[str, Column]:
    """The columns of an episode and its events that claims assert values of."""
    return {
        c.name: c
        for table in EVIDENCED_TABLES
        for c in TABLES[table].columns
        if c.provenance == "evidenced"
    }


def _check(column: str | None, value: str | None) -> None:
    """Refuse a column no claim can be about, and a value the column cannot hold, so that a
    typo raises instead of returning no evidence."""
    if column is None:
        return
    columns = claimable_columns()
    if column not in columns:
        raise KeyError(f"claims are not about {column!r}; columns are: {', '.join(columns)}")
    col = columns[column]
    if value is None:
        return
    if col.allowed and value not in col.allowed:
        raise ValueError(f"{value!r} is not a code of {column}: {', '.join(col.allowed)}")
    if col.kind == "date":
        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a date of {column}: {exc}") from None
    if col.kind == "integer" and not value.isdigit():
        raise ValueError(f"{value!r} is not a whole number, as {column} holds")


def evidence(
    episode_id: str, column: str | None = None, value: str | None = None, data_dir=None
) -> pd.DataFrame:
    """The claims about an episode (and its events), each with its source and origin.

    ``column`` keeps the claims about one column; ``value`` those asserting or denying one
    value (a code, or a date written at its precision such as ``"2010-08"``). Supporting
    claims come first, then disputing ones, then context. The source's publication date is
    text at its precision. An unknown episode or column raises KeyError, a value the column
    cannot hold ValueError.
    """
    value = None if value is None else str(value)
    _check(column, value)
    claims = load("claims", data_dir)
    if episode_id not in set(load("episodes", data_dir)["episode_id"]):
        raise KeyError(f"no episode {episode_id!r}")
    mine = claims[claims["episode_id"] == episode_id]
    if column is not None:
        mine = mine[mine["field"] == column]
    if value is not None:
        mine = mine[mine["value"] == value]
    sources = load("sources", data_dir)
    sources["published_date"] = render_series(
        sources["published_date"], sources["published_date_precision"]
    )
    origins = load("origins", data_dir).rename(columns={"name": "origin_name"})
    out = mine.merge(sources, on="source_id", how="left").merge(origins, on="origin_id", how="left")
    out = out.assign(_o=out["stance"].astype(str).map(STANCE_ORDER))
    out = out.sort_values(
        ["_o", "target_id", "field", "claim_id"], kind="stable", na_position="first"
    )
    return out[COLUMNS].reset_index(drop=True)
