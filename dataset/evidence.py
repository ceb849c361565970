"""The evidence behind the values, joined and ready to read (pandas and pyarrow only)."""

from __future__ import annotations

import pandas as pd

from dataset.loading import load

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
    "published_date_precision",
    "source_type",
    "claim_id",
    "quote_id",
    "note",
]


def evidence(
    episode_id: str, column: str | None = None, value: str | None = None, data_dir=None
) -> pd.DataFrame:
    """The claims about an episode (and its events), each with its source and origin.

    ``column`` keeps the claims about one column; ``value`` those asserting or denying one
    value (a code, or a date written at its precision such as ``"2010-08"``). Supporting
    claims come first, then disputing ones, then context.
    """
    claims = load("claims", data_dir)
    mine = claims[claims["episode_id"] == episode_id]
    if mine.empty and episode_id not in set(load("episodes", data_dir)["episode_id"]):
        raise KeyError(f"no episode {episode_id!r}")
    if column is not None:
        mine = mine[mine["field"] == column]
    if value is not None:
        mine = mine[mine["value"] == value]
    sources = load("sources", data_dir)
    origins = load("origins", data_dir).rename(columns={"name": "origin_name"})
    out = mine.merge(sources, on="source_id", how="left").merge(origins, on="origin_id", how="left")
    order = {"supports": 0, "disputes": 1, "context": 2}
    out = out.assign(_o=out["stance"].astype(str).map(order))
    out = out.sort_values(
        ["_o", "target_id", "field", "claim_id"], kind="stable", na_position="first"
    )
    return out[COLUMNS].reset_index(drop=True)
