"""Evidence levels are computed per value from independent origins: a planted single-origin
code, a syndicated copy given its author's origin, and an unknown repost each lower a
corroborated episode, and a second independent origin restores it.

The expectations come from reading the records by hand: AE-TRA-2011 is corroborated; its
demand date (2011-04, a key fact) rests on exactly two origins, Softpedia and AP (the
Toronto Star's copy); The National and Reporters Without Borders are two further origins."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dataset.build import assemble
from dataset.records.reader import read_all

EPISODE = "AE-TRA-2011"
SOFTPEDIA = "softpedia-20110420-small-companies-bes-uae"


def _episode(records: Path) -> tuple[pd.Series, pd.DataFrame]:
    frames = assemble(read_all(records))
    episode = frames["episodes"].set_index("episode_id").loc[EPISODE]
    values = frames["values"].set_index("value_id")
    return episode, values


def _add_code(records: Path, sources: list[str]) -> None:
    """Add `bis` to the episode's services, with one claim asserting it per source."""
    path = records / "episodes" / f"{EPISODE}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("services_targeted:\n- bes\n", "services_targeted:\n- bes\n- bis\n", 1)
    claims = "".join(
        f"- id: planted-bis-{i}\n  source: {source}\n  quote: Planted quote {i} on the internet"
        f" service\n  claimant: Planted\n  asserts:\n    services_targeted:\n    - bis\n"
        for i, source in enumerate(sources)
    )
    path.write_text(text.replace("claims:\n", "claims:\n" + claims, 1), encoding="utf-8")


def _set_origin(records: Path, source_id: str, origin: str) -> None:
    path = records / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(f"- id: {source_id}\n", 1)
    entry, tail = rest.split("\n- id: ", 1)
    entry = entry.replace("  origin: softpedia\n", f"  origin: {origin}\n")
    path.write_text(f"{head}- id: {source_id}\n{entry}\n- id: {tail}", encoding="utf-8")


def test_the_episode_starts_corroborated(published):
    episode = published["episodes"].set_index("episode_id").loc[EPISODE]
    values = published["values"].set_index("value_id")
    assert episode["evidence_level"] == "corroborated"
    assert values.loc[f"{EPISODE}/demand_date", "n_supporting_origins"] == 2


def test_a_single_origin_code_lowers_a_corroborated_episode(records_copy):
    _add_code(records_copy, ["thenational-2011-new-restrictions-blackberry"])
    episode, values = _episode(records_copy)
    row = values.loc[f"{EPISODE}/services_targeted/bis"]
    assert (row["n_supporting_origins"], row["support"]) == (1, "single_origin")
    assert episode["evidence_level"] == "key_facts_corroborated"  # services is not a key fact
    assert episode["single_origin_values"] == "services_targeted=bis"


def test_two_claims_of_one_origin_do_not_corroborate_a_code(records_copy):
    _add_code(records_copy, ["thenational-2011-new-restrictions-blackberry"] * 2)
    episode, values = _episode(records_copy)
    row = values.loc[f"{EPISODE}/services_targeted/bis"]
    assert (row["n_supporting_claims"], row["n_supporting_origins"]) == (2, 1)
    assert episode["evidence_level"] != "corroborated"


def test_a_code_from_two_independent_origins_keeps_the_episode_corroborated(records_copy):
    _add_code(
        records_copy,
        [
            "thenational-2011-new-restrictions-blackberry",
            "rsf-20110428-bes-restricted-bloggers-arrested",
        ],
    )
    episode, values = _episode(records_copy)
    assert values.loc[f"{EPISODE}/services_targeted/bis", "support"] == "corroborated"
    assert episode["evidence_level"] == "corroborated"


@pytest.mark.parametrize(
    "origin",
    [
        pytest.param("ap", id="syndicated copy has its author's origin"),
        pytest.param("blog-mc-com-pk", id="unknown repost"),
    ],
)
def test_a_copy_does_not_corroborate_a_key_fact(records_copy, origin):
    _set_origin(records_copy, SOFTPEDIA, origin)
    episode, values = _episode(records_copy)
    row = values.loc[f"{EPISODE}/demand_date"]
    assert (row["n_supporting_claims"], row["n_supporting_origins"]) == (2, 1)
    assert row["support"] == "single_origin"
    assert episode["evidence_level"] == "thin"  # the demand date is a key fact
    assert "demand_date" in episode["single_origin_values"].split(";")
