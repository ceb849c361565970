"""The registry and the capped report: registration, failure lines, and the cap at its
bound (CAP rows listed with no count; one more row and the count says 1)."""

from __future__ import annotations

import pandas as pd
import pytest

from dataset.checks import registry
from dataset.checks.registry import CAP, Failure, capped, failing_rows


def test_a_check_is_registered_once_with_its_stage_and_function(monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", {})

    @registry.check("my_check", "cross", "Says what it checks.")
    def my_check(frames, **_):
        return []

    assert my_check({}) == []
    entry = registry.REGISTRY["my_check"]
    assert (entry.name, entry.stage, entry.description, entry.function) == (
        "my_check",
        "cross",
        "Says what it checks.",
        my_check,
    )
    with pytest.raises(ValueError, match="'my_check' is registered twice"):
        registry.register("my_check", "table", "again")
    registry.register("other", "file", "A file check.")
    assert registry.REGISTRY["other"].function is None


def _sources(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"source_id": [f"s{i}" for i in range(n)], "url": [f"u{i}" for i in range(n)]}
    )


@pytest.mark.parametrize("n", [CAP - 1, CAP, CAP + 1, 3 * CAP])
def test_failing_rows_list_at_most_cap_and_count_the_rest(n):
    frame = _sources(n + 5)
    failed = pd.Series([True] * n + [False] * 5)
    out = failing_rows(frame, failed, "sources", "url", "unique")
    assert len(out) == min(n, CAP)
    assert [f.key for f in out] == [f"s{i}" for i in range(min(n, CAP))]
    assert [f.value for f in out] == [f"u{i}" for i in range(min(n, CAP))]
    assert sum(f.more for f in out) == n - len(out)
    assert all(f.more == 0 for f in out[:-1])


def test_failing_rows_show_another_column_and_treat_missing_as_failing():
    frame = _sources(3)
    out = failing_rows(
        frame, pd.Series([None, False, True]), "sources", "url", "x", show="source_id"
    )
    assert [(f.key, f.value, f.column) for f in out] == [("s0", "s0", "url"), ("s2", "s2", "url")]
    assert failing_rows(frame, pd.Series([False] * 3), "sources", "url", "x") == []


@pytest.mark.parametrize("n", [CAP - 1, CAP, CAP + 1, 2 * CAP + 3])
def test_capped_keeps_cap_per_column_and_check_and_counts_the_rest(n):
    failures = [Failure("sources", "url", f"s{i}", "unique", f"u{i}") for i in range(n)]
    others = [
        Failure("sources", "title", "t", "required"),
        Failure("sources", "url", "k", "pattern"),
    ]
    out = capped(failures + others)
    mine = [f for f in out if f.check == "unique"]
    assert len(mine) == min(n, CAP)
    assert [f.more for f in mine] == [0] * (len(mine) - 1) + [n - len(mine)]
    assert [f for f in out if f.check != "unique"] == others


def test_capped_adds_to_a_count_already_given():
    first = [Failure("t", "c", i, "k") for i in range(CAP - 1)] + [
        Failure("t", "c", 99, "k", more=10)
    ]
    out = capped([*first, Failure("t", "c", 100, "k", more=4)])
    assert len(out) == CAP and out[-1].more == 10 + 1 + 4


def test_failure_line_names_table_column_key_check_value_and_count():
    assert Failure("sources", "url", "s1", "unique", "u1", more=2).line() == (
        "sources.url [source_id=s1]: unique (value: 'u1'); and 2 more row(s)"
    )
    assert Failure("sources", "url", None, "unique").line() == "sources.url: unique"
    assert Failure("-", "SHA256SUMS", None, "manifest", detail="x: is missing").line() == (
        "-.SHA256SUMS: manifest: x: is missing"
    )
    assert Failure("sources", "url", "s1", "unique", float("nan")).line() == (
        "sources.url [source_id=s1]: unique"
    )
    assert Failure("nowhere", "c", "k", "x", 5).line() == "nowhere.c: x (value: '5')"
