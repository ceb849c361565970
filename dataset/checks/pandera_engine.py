"""Run the single-table rules with pandera (import on demand: pulls in pandera)."""

from __future__ import annotations

import datetime as dt
import warnings
from functools import cache

import numpy as np
import pandas as pd

from dataset.checks.registry import CAP, Failure
from dataset.checks.rules import Rule, all_rules
from dataset.schema import DATASET, TABLES

# pandera's own names for the checks it runs itself, and the rule each stands for.
PANDERA_NAMES = {
    "not_nullable": "required",
    "field_uniqueness": "unique",
    "column_in_schema": "arrow_schema",
    "column_in_dataframe": "arrow_schema",
    "column_ordered": "arrow_schema",
}


def _pandera_check(rule: Rule, today: dt.date):
    import pandera.pandas as pa

    if rule.builtin:
        method, args, kwargs = rule.builtin
        fill = {"$EARLIEST": pd.Timestamp(DATASET["earliest_date"]), "$TODAY": pd.Timestamp(today)}
        args = tuple(fill.get(a, a) if isinstance(a, str) else a for a in args)
        if method == "str_length":
            return pa.Check.str_length(max_value=args[1], name=rule.name)
        if method == "not_matching":
            return pa.Check(lambda s, r=args[0]: ~s.str.contains(r, regex=True), name=rule.name)
        return getattr(pa.Check, method)(*args, name=rule.name, **kwargs)
    raise ValueError(f"rule {rule.name} has no pandera form")


def violations(frame: pd.DataFrame, expression: str) -> pd.Series:
    """Rows selected by a row rule's violation expression (see :mod:`dataset.checks.rules`)."""
    mask = frame.eval(expression, engine="python")
    return pd.Series(mask, index=frame.index).fillna(False).astype(bool)


@cache
def schema(name: str, today: dt.date):
    """The pandera schema of a published table, generated from its rules, and the rule name
    of each column check by (column, check number): pandera reports built-in checks by their
    repr, not by the name given."""
    import pandera.pandas as pa

    rules = all_rules()[name]
    columns, names = {}, {}
    for col in TABLES[name].columns:
        mine = [r for r in rules if r.column == col.name and r.violation is None]
        checked = [r for r in mine if r.builtin]
        names.update({(col.name, i): r.name for i, r in enumerate(checked)})
        columns[col.name] = pa.Column(
            None,
            nullable=not any(r.columnwise == "required" for r in mine),
            unique=any(r.columnwise == "unique" for r in mine),
            checks=[_pandera_check(r, today) for r in checked],
            description=col.description,
            title=col.name,
        )
    row_checks = [
        pa.Check(lambda df, e=r.violation: ~violations(df, e), name=f"{r.column}:{r.name}")
        for r in rules
        if r.violation is not None
    ]
    key = TABLES[name].primary_key
    row_checks.append(pa.Check(lambda df: len(df) > 0, name=f"{key}:table_not_empty"))
    return pa.DataFrameSchema(
        columns, checks=row_checks, strict=True, ordered=True, name=name
    ), names


def table_failures(name: str, frame: pd.DataFrame, today: dt.date | None = None) -> list[Failure]:
    """Run one table's pandera schema; failures with the rules' names, capped per rule."""
    import pandera.errors

    compiled, names = schema(name, today or dt.date.today())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _failures(name, frame, exc.failure_cases, names)
    return []


def _failures(name: str, frame: pd.DataFrame, cases: pd.DataFrame, names: dict) -> list[Failure]:
    """Failure cases -> capped Failures (vectorised; one Python step per listed failure)."""
    key = TABLES[name].primary_key
    check = cases["check"].astype(str)
    number = pd.to_numeric(cases["check_number"], errors="coerce")
    column = cases["column"].map(lambda c: c if isinstance(c, str) else key)
    by_number = pd.Series(
        [names.get((c, int(n))) if n == n else None for c, n in zip(column, number, strict=True)],
        index=cases.index,
    )
    rule = check.map(PANDERA_NAMES).fillna(by_number)
    row_level = (cases["schema_context"] == "DataFrameSchema") & check.str.contains(
        ":", regex=False
    )
    column = column.where(~row_level, check.str.split(":").str[0])
    rule = rule.where(~row_level, check.str.split(":").str[1]).fillna(check)
    cases = cases.assign(rule=rule, where=column, row=row_level)
    cases = cases.drop_duplicates(["where", "rule", "index"]) if len(cases) else cases
    out: list[Failure] = []
    for (col, rule_name), group in cases.groupby(["where", "rule"], sort=False):
        shown = group.head(CAP)
        index = pd.to_numeric(shown["index"], errors="coerce")
        located = index.notna() & index.isin(frame.index) & frame.index.is_unique
        at = index[located].astype(np.int64)
        keys = pd.Series(None, index=shown.index, dtype=object)
        values = shown["failure_case"].astype(object)
        if key in frame.columns:
            keys[located] = frame[key].reindex(at).to_numpy()
        if shown["row"].any() and col in frame.columns:
            values = pd.Series(None, index=shown.index, dtype=object)
            values[located] = frame[col].reindex(at).astype(object).to_numpy()
        more = len(group) - len(shown)
        rows = list(zip(keys, values, strict=True))
        for i, (k, v) in enumerate(rows):
            out.append(Failure(name, col, k, rule_name, v, more if i == len(rows) - 1 else 0))
    return out
