"""Property tests: frames generated from the schema definitions pass the pandera schema,
and the same frames with one planted defect fail it."""

from __future__ import annotations

import datetime as dt
import re
import string

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset.frames import typed_frame
from schemas import TABLES, Column
from schemas.columns import HYGIENE_PATTERN
from schemas.pandera_models import schema

ASCII = st.sampled_from(string.ascii_letters + string.digits + " .,:-/_()'")
WORD = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8)
TODAY = dt.date.today()
# Tables without cross-column date rules, so rows are independent given the column specs.
TABLE_NAMES = ["events", "sources", "claims", "seed_sentences"]


def _hygienic(value: str) -> bool:
    return re.match(HYGIENE_PATTERN, value) is not None


def value_strategy(col: Column):
    """Valid values for one column, from its definition alone."""
    if col.kind == "category":
        return st.sampled_from(col.allowed)
    if col.kind == "date":
        return st.dates(dt.date(2005, 1, 1), TODAY)
    if col.kind == "integer":
        return st.integers(col.minimum or 0, col.maximum or 10_000)
    if col.full_pattern:
        text = st.from_regex(col.full_pattern, fullmatch=True, alphabet=ASCII)
    elif col.max_words:
        text = st.lists(WORD, min_size=1, max_size=col.max_words).map(" ".join)
    else:
        text = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
    return text.filter(_hygienic)


@st.composite
def rows(draw, name: str) -> dict:
    row: dict = {}
    for col in TABLES[name].columns:
        if col.companion_of:
            continue
        value = draw(value_strategy(col))
        if col.kind == "date":
            value = pd.Timestamp(value)
            row[f"{col.name}_precision"] = "day"
        row[col.name] = value
    return row


@st.composite
def frames(draw, name: str) -> pd.DataFrame:
    key = TABLES[name].primary_key
    items = draw(st.lists(rows(name), min_size=1, max_size=12, unique_by=lambda r: r[key]))
    return typed_frame(TABLES[name], items)


def _text_columns(name):
    return [c.name for c in TABLES[name].columns if c.is_text and not c.nullable]


MUTATIONS = {
    "leading space": lambda f, c: f.assign(**{c: " " + f[c].astype(str)}),
    "formula": lambda f, c: f.assign(**{c: "=" + f[c].astype(str)}),
    "control character": lambda f, c: f.assign(**{c: f[c].astype(str) + "\x00x"}),
    "null": lambda f, c: f.assign(**{c: pd.Series([None] * len(f), dtype="str")}),
    "duplicate rows": lambda f, c: pd.concat([f, f], ignore_index=True),
}
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("name", TABLE_NAMES)
@SETTINGS
@given(data=st.data())
def test_generated_frames_pass(name, data):
    frame = data.draw(frames(name))
    schema(name).validate(frame, lazy=True)


@pytest.mark.parametrize("name", TABLE_NAMES)
@SETTINGS
@given(data=st.data())
def test_mutated_frames_fail(name, data):
    import pandera.errors

    frame = data.draw(frames(name))
    mutation = data.draw(st.sampled_from(sorted(MUTATIONS)))
    column = data.draw(st.sampled_from(_text_columns(name)))
    broken = MUTATIONS[mutation](frame, column)
    with pytest.raises(pandera.errors.SchemaErrors):
        schema(name).validate(broken, lazy=True)
