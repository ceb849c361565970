"""The side-by-side comparison matrix: the dataset's most common view (pandas only)."""

from __future__ import annotations

import pandas as pd

from dataset.dates import render_series
from dataset.loading import load

# The compared columns, in order; dates are shown at their precision.
COLUMNS = [
    "country_name",
    "scope",
    "demanding_body",
    "implementing_body",
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
    "days_to_outcome_min",
    "days_to_outcome_max",
    "users_affected",
    "contested_fields",
    "n_sources",
    "n_origins",
    "evidence_level",
    "single_origin_values",
]
DATES = ("demand_date", "deadline_first", "deadline_final", "outcome_date")


def with_dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every date column of ``frame`` (having ``<column>_precision``) written at its
    precision, as ISO 8601 text: ``2011``, ``2011-04`` or ``2011-04-19``."""
    out = frame.copy()
    for column in frame.columns:
        if f"{column}_precision" in frame.columns:
            out[column] = render_series(frame[column], frame[f"{column}_precision"])
    return out


def compare_frame(data_dir=None, scope: str | None = None) -> pd.DataFrame:
    """One row per episode (indexed by ``episode_id``) with the compared attributes; dates
    as text at their precision. ``scope="core"`` keeps the original four governments."""
    episodes = load("episodes", data_dir)
    if scope is not None:
        if scope not in episodes["scope"].cat.categories:
            raise ValueError(f"scope must be one of {list(episodes['scope'].cat.categories)}")
        episodes = episodes[episodes["scope"] == scope]
    return with_dates_as_text(episodes).set_index("episode_id")[COLUMNS]
