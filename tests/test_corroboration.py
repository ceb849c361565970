"""Corroboration: independent origins, single-origin fields, evidence level and scope."""

from __future__ import annotations

import pandas as pd

import dataset
from dataset.corroboration import asserted, corroboration, scope
from schemas import TABLES
from schemas.codes import CORE_COUNTRIES, KEY_FIELDS


def _episode(**values) -> pd.DataFrame:
    row = dict.fromkeys(TABLES["episodes"].evidenced)
    row.update(episode_id="XX-ABC-2010", **values)
    return pd.DataFrame([row])


def _claims(*rows) -> pd.DataFrame:
    cols = ["source_id", "target_table", "target_id", "fields", "stance"]
    return pd.DataFrame(rows, columns=cols)


SOURCES = pd.DataFrame(
    {
        "source_id": ["gulf-a", "gulf-b", "wire-copy-1", "wire-copy-2", "seed"],
        "origin": ["Gulf News", "Gulf News", "AFP", "AFP", "compilation"],
        "source_type": ["news_report"] * 4 + ["seed_document"],
    }
)
EVENTS = pd.DataFrame({"event_id": ["XX-ABC-2010-E01"], "episode_id": ["XX-ABC-2010"]})


def test_copies_of_one_origin_count_once():
    episode = _episode(outcome="unresolved")
    claims = _claims(
        ("wire-copy-1", "episodes", "XX-ABC-2010", "outcome", "supports"),
        ("wire-copy-2", "episodes", "XX-ABC-2010", "outcome", "supports"),
        ("gulf-a", "events", "XX-ABC-2010-E01", "date", "supports"),
        ("gulf-b", "events", "XX-ABC-2010-E01", "date", "supports"),
    )
    got = corroboration(episode, EVENTS, claims, SOURCES).iloc[0]
    assert got["n_origins"] == 2  # AFP and Gulf News, however many copies
    assert got["single_origin_fields"] == "outcome"
    assert got["evidence_level"] == "thin"  # outcome is a key field


def test_seed_disputes_and_context_do_not_corroborate():
    episode = _episode(outcome="unresolved")
    claims = _claims(
        ("gulf-a", "episodes", "XX-ABC-2010", "outcome", "supports"),
        ("seed", "episodes", "XX-ABC-2010", "outcome", "supports"),
        ("wire-copy-1", "episodes", "XX-ABC-2010", "outcome", "disputes"),
        ("wire-copy-2", "episodes", "XX-ABC-2010", None, "context"),
    )
    got = corroboration(episode, EVENTS, claims, SOURCES).iloc[0]
    assert got["n_origins"] == 1
    assert got["single_origin_fields"] == "outcome"


def test_levels_follow_the_key_fields():
    key, other = KEY_FIELDS[0], "users_affected_scope"
    assert other not in KEY_FIELDS
    episode = _episode(**{key: "x", other: "y"})
    both = [("gulf-a", "episodes", "XX-ABC-2010", f"{key};{other}", "supports")]
    key_twice = both + [("wire-copy-1", "episodes", "XX-ABC-2010", key, "supports")]
    all_twice = key_twice + [("wire-copy-2", "episodes", "XX-ABC-2010", other, "supports")]
    levels = [
        corroboration(episode, EVENTS, _claims(*rows), SOURCES).iloc[0]
        for rows in (both, key_twice, all_twice)
    ]
    assert [r["evidence_level"] for r in levels] == [
        "thin",
        "key_facts_corroborated",
        "corroborated",
    ]
    assert levels[1]["single_origin_fields"] == other
    assert levels[2]["single_origin_fields"] is None
    assert levels[2]["single_origin_fields_missing"] == "not_applicable"


def test_scope_marks_the_four_core_governments():
    got = scope(pd.Series(["AE", "ID", "PK", "KW"]))
    assert got.tolist() == ["core", "extended", "core", "extended"]


def test_published_core_reproduces_the_four_government_comparison():
    episodes = dataset.load("episodes")
    core = episodes[episodes["scope"] == "core"]
    assert set(core["country_code"]) == set(CORE_COUNTRIES)
    assert (
        not episodes.loc[episodes["scope"] == "extended", "country_code"].isin(CORE_COUNTRIES).any()
    )


def test_every_published_episode_has_two_independent_origins():
    episodes = dataset.load("episodes")
    assert (episodes["n_origins"] >= 2).all()
    assert (episodes["n_origins"] <= episodes["n_sources"]).all()


def test_not_disclosed_codes_assert_nothing():
    episode = _episode(response="not_disclosed", outcome="unresolved", threatened_action="other")
    got = asserted(episode, TABLES["episodes"]).iloc[0]
    assert not got["response"]  # records that no source gives the value
    assert got["outcome"] and got["threatened_action"]
    assert not got["users_affected"]  # missing
    unsupported = corroboration(episode, EVENTS, _claims(), SOURCES).iloc[0]
    assert unsupported["single_origin_fields"] == "threatened_action;outcome"
