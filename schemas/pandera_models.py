"""pandera schemas generated from the table definitions (import on demand: pulls pandera)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pandera.pandas as pa

from schemas import rules
from schemas.columns import HYGIENE_PATTERN, Column, Table
from schemas.tables import TABLES

EARLIEST_DATE = pd.Timestamp("2005-01-01")


def dtype_check(col: Column) -> pa.Check:
    """The exact dtype (pandera's own check lets object pass for str, ns for ms); for a coded
    column, a categorical whose categories are its code list, in codebook order."""
    want = col.dtype_name
    if col.kind == "category":

        def exact(s, allowed=col.allowed):
            return isinstance(s.dtype, pd.CategoricalDtype) and list(s.dtype.categories) == allowed
    else:

        def exact(s, want=want):
            return str(s.dtype) == want

    return pa.Check(exact, name=f"dtype={want}")


def column_checks(col: Column, today: dt.date) -> list[pa.Check]:
    """The checks on one column, each named after the rule it enforces."""
    checks = [dtype_check(col)]
    if col.kind == "category":
        checks.append(pa.Check.isin(col.allowed, name="in_codelist"))
    if col.full_pattern:
        checks.append(pa.Check.str_matches(col.full_pattern, name="pattern"))
    if col.is_text:
        checks.append(pa.Check.str_matches(HYGIENE_PATTERN, name="text_hygiene"))
        checks.append(pa.Check(rules.is_nfc, name="unicode_nfc"))
    if col.words_pattern:
        checks.append(
            pa.Check.str_matches(col.words_pattern, name=f"at_most_{col.max_words}_words")
        )
    if col.name == "country_code":
        checks.append(pa.Check.isin(rules.iso_country_codes(), name="iso_3166_1"))
    if col.kind == "integer" and col.minimum is not None:
        checks.append(pa.Check.in_range(col.minimum, col.maximum, name="range"))
    if col.kind == "date":
        checks.append(pa.Check.in_range(EARLIEST_DATE, pd.Timestamp(today), name="date_range"))
    return checks


def row_checks(table: Table) -> list[pa.Check]:
    """Rules across the columns of a row; named ``<column>:<rule>`` for the report."""
    checks = [
        pa.Check(lambda df: len(df) > 0, name=f"{table.primary_key}:table_not_empty"),
        pa.Check(
            lambda df, k=table.primary_key: rules.no_duplicate_rows(df, k),
            name=f"{table.primary_key}:no_duplicate_rows",
        ),
    ]
    for col in table.columns:
        if col.kind == "date":
            checks.append(
                pa.Check(
                    lambda df, c=col.name: rules.precision_consistent(df, c),
                    name=f"{col.name}:precision_consistent",
                )
            )
        if col.name.endswith("_missing") and col.companion_of:
            checks.append(
                pa.Check(
                    lambda df, c=col.companion_of: rules.missing_consistent(df, c),
                    name=f"{col.companion_of}:value_xor_missing_reason",
                )
            )
        if col.null_with:
            checks.append(
                pa.Check(
                    lambda df, c=col.name, a=col.null_with: rules.null_together(df, c, a),
                    name=f"{col.name}:null_with_{col.null_with}",
                )
            )
    for earlier, later in table.date_order:
        checks.append(
            pa.Check(
                lambda df, e=earlier, lt=later: rules.date_order(df, e, lt),
                name=f"{later}:on_or_after_{earlier}",
            )
        )
    return checks


@cache
def schema(name: str, today: dt.date | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a published table.

    Column types are enforced by each column's exact ``dtype=`` check (see
    :func:`dtype_check`) rather than by pandera's own, looser, dtype check.
    """
    table = TABLES[name]
    today = today or dt.date.today()
    return pa.DataFrameSchema(
        {
            col.name: pa.Column(
                None,
                nullable=col.nullable,
                unique=col.unique,
                checks=column_checks(col, today),
                description=col.description,
                title=col.name,
            )
            for col in table.columns
        },
        checks=row_checks(table),
        strict=True,
        ordered=True,
        unique=[table.primary_key],
        name=name,
        description=table.description,
    )
