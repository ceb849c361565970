"""`dataset.codes()` and `dataset.evidence()`, checked against the schema files read as JSON
and the Parquet tables read with pyarrow; and the README's example for them runs."""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

import dataset
from dataset.paths import DATA_DIR, REPO, SCHEMAS_DIR

CODES = json.loads((SCHEMAS_DIR / "codes.json").read_text(encoding="utf-8"))
LENGTH = {"year": 4, "month": 7, "day": 10}


def expected_codes(name: str) -> list[tuple]:
    return [
        (name, c["code"], c["label"], c["description"], c.get("absence", False))
        for c in CODES[name]["codes"]
    ]


def rows(frame) -> list[tuple]:
    columns = ["code_list", "code", "label", "definition", "records_absence"]
    return [tuple(r) for r in frame[columns].itertuples(index=False)]


@pytest.mark.parametrize("column", ["response", "episodes.response"])
def test_codes_of_a_coded_column(column):
    assert rows(dataset.codes(column)) == expected_codes("response")


def test_codes_of_a_code_list_and_of_all_lists():
    assert rows(dataset.codes("threat")) == expected_codes("threat")
    everything = [row for name in CODES for row in expected_codes(name)]
    assert rows(dataset.codes()) == everything


def test_codes_keep_labels_with_parentheses_whole():
    labels = [c["label"] for spec in CODES.values() for c in spec["codes"] if "(" in c["label"]]
    assert labels
    assert set(labels) <= set(dataset.codes()["label"])


@pytest.mark.parametrize("column", ["summary", "no_such_column", "claims.response"])
def test_codes_refuse_an_uncoded_or_unknown_column(column):
    with pytest.raises(KeyError):
        dataset.codes(column)


def test_public_functions_stay_callable_after_use():
    """Helper modules share names with `codebook` and `evidence`; calling any function must
    not replace another with a module."""
    for _ in range(2):
        dataset.codes("response")
        dataset.codebook()
        dataset.evidence("AE-TRA-2011", "demand_date")
    assert all(callable(getattr(dataset, name)) for name in dataset.__all__)


def parquet_claims(episode_id: str, column=None, value=None) -> dict[str, dict]:
    sources = {s["source_id"]: s for s in pq.read_table(DATA_DIR / "sources.parquet").to_pylist()}
    out = {}
    for c in pq.read_table(DATA_DIR / "claims.parquet").to_pylist():
        if c["episode_id"] != episode_id or column not in (None, c["field"]):
            continue
        if value not in (None, c["value"]):
            continue
        s = sources[c["source_id"]]
        date = s["published_date"]
        date = None if date is None else date.isoformat()[: LENGTH[s["published_date_precision"]]]
        out[c["claim_id"]] = {**c, "publisher": s["publisher"], "published_date": date}
    return out


@pytest.mark.parametrize(
    ("episode", "column", "value"),
    [
        ("IN-MHA-2010", None, None),
        ("IN-MHA-2010", "response", None),
        ("IN-MHA-2010", "response", "said_cannot"),
        ("AE-TRA-2011", "demand_date", "2011-04"),
    ],
)
def test_evidence_is_the_claims_with_their_sources(episode, column, value):
    expected = parquet_claims(episode, column, value)
    got = dataset.evidence(episode, column, value)
    assert expected and set(got["claim_id"]) == set(expected) and len(got) == len(expected)
    for row in got.to_dict("records"):
        want = expected[row["claim_id"]]
        for key in ("quote", "stance", "claimant", "source_id", "publisher", "published_date"):
            assert (None if pd.isna(row[key]) else row[key]) == want[key], key
    order = {"supports": 0, "disputes": 1, "context": 2}
    stances = [order[s] for s in got["stance"]]
    assert stances == sorted(stances)


def test_evidence_shows_publication_dates_at_their_precision():
    got = dataset.evidence("AE-TRA-2011", "demand_date", "2011-04")
    dates = [d for d in got["published_date"] if isinstance(d, str)]
    assert dates and all(re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", d) for d in dates)


def test_evidence_of_an_episode_without_claims_on_a_value_is_empty():
    assert dataset.evidence("AE-TRA-2011", "response", "refused").empty


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("XX-NONE-2010",), KeyError),
        (("AE-TRA-2011", "respons"), KeyError),
        (("AE-TRA-2011", "summary"), KeyError),
        (("AE-TRA-2011", "response", "said"), ValueError),
        (("AE-TRA-2011", "demand_date", "2011-4"), ValueError),
        (("AE-TRA-2011", "users_affected", "many"), ValueError),
    ],
)
def test_evidence_refuses_what_no_claim_can_be_about(args, error):
    with pytest.raises(error):
        dataset.evidence(*args)


def test_readme_example_runs():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exports and the database", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
