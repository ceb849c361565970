"""The comparison matrix, ``dataset.compare()``, on the published data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import dataset
from schemas.codes import OUTCOME, RESPONSE, THREAT

EXPECTED_COLUMNS = [
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


@pytest.fixture(scope="module")
def matrix() -> pd.DataFrame:
    return dataset.compare()


@pytest.fixture(scope="module")
def episodes() -> pd.DataFrame:
    return dataset.load("episodes")


def test_one_row_per_episode_indexed_by_episode_id(matrix, episodes):
    assert matrix.index.name == "episode_id"
    assert matrix.index.is_unique
    assert sorted(matrix.index) == sorted(episodes["episode_id"])
    assert len(matrix) == len(episodes)


def test_expected_columns_in_order(matrix):
    assert list(matrix.columns) == EXPECTED_COLUMNS


def test_values_are_those_of_the_episodes_table(matrix, episodes):
    by_id = episodes.set_index("episode_id").loc[matrix.index]
    shared = [c for c in EXPECTED_COLUMNS if c != "days_to_outcome"]
    pd.testing.assert_frame_equal(matrix[shared], by_id[shared])


def _hand_days(row) -> int | None:
    """Days from demand to outcome, counted by hand, when both are known to the day."""
    if row.demand_date_precision != "day" or row.outcome_date_precision != "day":
        return None
    outcome = dt.date(row.outcome_date.year, row.outcome_date.month, row.outcome_date.day)
    demand = dt.date(row.demand_date.year, row.demand_date.month, row.demand_date.day)
    return (outcome - demand).days


def test_days_to_outcome_only_when_both_dates_are_day_precision(matrix, episodes):
    expected = {row.episode_id: _hand_days(row) for row in episodes.itertuples(index=False)}
    for episode_id, days in expected.items():
        got = matrix.at[episode_id, "days_to_outcome"]
        if days is None:
            assert pd.isna(got), episode_id
        else:
            assert got == days, episode_id
    # The published data has both cases, so both branches above are exercised.
    assert any(d is None for d in expected.values())
    assert any(d is not None for d in expected.values())


def test_days_to_outcome_is_missing_without_an_outcome_date(matrix):
    no_outcome = matrix["outcome_date"].isna()
    assert matrix.loc[no_outcome, "days_to_outcome"].isna().all()


def test_days_to_outcome_is_never_negative(matrix):
    assert (matrix["days_to_outcome"].dropna() >= 0).all()


def test_dtypes(matrix):
    dates = ["demand_date", "deadline_first", "deadline_final", "outcome_date"]
    for col in dates:
        assert str(matrix[col].dtype) == "datetime64[ms]", col
    for col in ("extensions_count", "days_to_outcome", "users_affected", "n_sources"):
        assert str(matrix[col].dtype) == "Int64", col
    for col, codes in (("threatened_action", THREAT), ("response", RESPONSE), ("outcome", OUTCOME)):
        assert isinstance(matrix[col].dtype, pd.CategoricalDtype), col
        assert list(matrix[col].dtype.categories) == list(codes), col
    for col in (
        "country_name",
        "demanding_body_abbr",
        "services_targeted",
        "access_sought",
        "contested_fields",
    ):
        assert str(matrix[col].dtype) == "str", col


def test_reads_an_explicit_data_dir(matrix, data_copy):
    pd.testing.assert_frame_equal(dataset.compare(data_copy), matrix)


def test_core_scope_reproduces_the_four_government_comparison(matrix):
    core = dataset.compare(scope="core")
    assert set(core["country_name"]) == {
        "United Arab Emirates",
        "Saudi Arabia",
        "India",
        "Pakistan",
    }
    pd.testing.assert_frame_equal(core, matrix[matrix["scope"] == "core"])
    extended = dataset.compare(scope="extended")
    assert len(core) + len(extended) == len(matrix)


def test_unknown_scope_is_refused():
    with pytest.raises(ValueError, match="scope must be one of"):
        dataset.compare(scope="everything")
