"""The side-by-side comparison matrix: the dataset's most common view."""

from __future__ import annotations

import pandas as pd

from dataset.loading import load

COLUMNS = [
    "country_name",
    "scope",
    "demanding_body_abbr",
    "demand_date",
    "services_targeted",
    "access_sought",
    "threatened_action",
    "deadline_first",
    "deadline_final",
    "extensions_count",
    "response",
    "outcome",
    "outcome_date",
    "days_to_outcome",
    "users_affected",
    "contested_fields",
    "n_sources",
    "n_origins",
    "evidence_level",
]


def compare_frame(data_dir=None, scope: str | None = None) -> pd.DataFrame:
    """One row per episode (indexed by ``episode_id``) with the compared attributes.

    ``scope="core"`` keeps the original four governments (UAE, Saudi Arabia, India,
    Pakistan); ``"extended"`` keeps the others; ``None`` keeps all.

    ``days_to_outcome`` counts days from the public demand to the outcome; it is only
    computed when both dates are known to the day, and is missing otherwise.
    """
    episodes = load("episodes", data_dir)
    if scope is not None:
        if scope not in episodes["scope"].cat.categories:
            raise ValueError(f"scope must be one of {list(episodes['scope'].cat.categories)}")
        episodes = episodes[episodes["scope"] == scope].copy()
    both_days = (episodes["demand_date_precision"] == "day") & (
        episodes["outcome_date_precision"] == "day"
    )
    days = (episodes["outcome_date"] - episodes["demand_date"]).dt.days
    episodes["days_to_outcome"] = days.where(both_days).astype("Int64")
    return episodes.set_index("episode_id")[COLUMNS]
