"""Generate great-expectations suites (plain JSON) from the schema definitions.

Every expectation carries ``meta.check``: the name of the pandera check it mirrors, so a
test can prove that the two agree. Checks that great-expectations cannot express are
listed in the suite's ``meta.pandera_only``.
"""

from __future__ import annotations

import json
from pathlib import Path

from schemas import TABLES, Column, Table
from schemas.columns import HYGIENE_PATTERN
from schemas.pandera_models import EARLIEST_DATE
from schemas.rules import iso_country_codes

SUITES_DIR = Path(__file__).resolve().parent / "suites"
CHECKPOINT_FILE = Path(__file__).resolve().parent / "checkpoint.json"
# Checks with no great-expectations equivalent (pandera and the consistency checks run them).
# great-expectations' type check cannot tell str from string, ns from ms, nor see the order
# of categories: the exact dtype checks are pandera's alone (every column still has at
# least one expectation on its values).
PANDERA_ONLY_COLUMN = ("dtype", "unicode_nfc")
# no_duplicate_rows is implied in great-expectations by the unique primary key.
PANDERA_ONLY_TABLE = (
    "no_duplicate_rows",
    "precision_consistent",
    "value_xor_missing_reason",
    "null_with",
    "cross_table_consistency",
)


def _exp(kind: str, check: str, **kwargs) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"check": check}}


def column_expectations(col: Column) -> list[dict]:
    c = col.name
    out = []
    if not col.nullable:
        out.append(_exp("expect_column_values_to_not_be_null", "not_nullable", column=c))
    if col.unique:
        out.append(_exp("expect_column_values_to_be_unique", "unique", column=c))
    if col.kind == "category":
        out.append(
            _exp(
                "expect_column_values_to_be_in_set", "in_codelist", column=c, value_set=col.allowed
            )
        )
    regexes = {
        "pattern": col.full_pattern,
        "text_hygiene": HYGIENE_PATTERN if col.is_text else None,
        f"at_most_{col.max_words}_words": col.words_pattern,
    }
    regexes = {check: regex for check, regex in regexes.items() if regex}
    if regexes:
        # One expectation per column: every anchored pattern as a lookahead (great-expectations
        # spends most of its time per expectation, not per value).
        out.append(
            _exp(
                "expect_column_values_to_match_regex",
                "+".join(regexes),
                column=c,
                regex="".join(f"(?={regex})" for regex in regexes.values()),
            )
        )
    if col.name == "country_code":
        out.append(
            _exp(
                "expect_column_values_to_be_in_set",
                "iso_3166_1",
                column=c,
                value_set=iso_country_codes(),
            )
        )
    if col.kind == "integer" and col.minimum is not None:
        out.append(
            _exp(
                "expect_column_values_to_be_between",
                "range",
                column=c,
                min_value=col.minimum,
                max_value=col.maximum,
            )
        )
    if col.kind == "date":
        # max_value is filled in with today's date when the checkpoint runs.
        out.append(
            _exp(
                "expect_column_values_to_be_between",
                "date_range",
                column=c,
                min_value=EARLIEST_DATE.isoformat(),
                max_value="today",
            )
        )
    return out


def table_expectations(table: Table) -> list[dict]:
    out = [
        _exp(
            "expect_table_columns_to_match_ordered_list",
            "strict_ordered_columns",
            column_list=table.names,
        ),
        _exp("expect_table_row_count_to_be_between", "table_not_empty", min_value=1),
    ]
    for earlier, later in table.date_order:
        out.append(
            _exp(
                "expect_column_pair_values_a_to_be_greater_than_b",
                f"on_or_after_{earlier}",
                column_A=later,
                column_B=earlier,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        )
    return out


def suite(name: str) -> dict:
    table = TABLES[name]
    expectations = table_expectations(table)
    for col in table.columns:
        expectations += column_expectations(col)
    return {
        "name": name,
        "expectations": expectations,
        "meta": {
            "generated_from": "schemas/ (python -m dataset build); do not edit by hand",
            "primary_key": table.primary_key,
            "pandera_only": [*PANDERA_ONLY_COLUMN, *PANDERA_ONLY_TABLE],
        },
    }


def checkpoint() -> dict:
    return {
        "name": "blackberry-access-demands",
        "validation_definitions": [{"name": n, "asset": n, "suite": n} for n in TABLES],
        "result_format": {
            "result_format": "SUMMARY",
            "partial_unexpected_count": 20,
            "include_unexpected_rows": False,
        },
    }


def render(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def expected_files() -> dict[Path, str]:
    """Every generated validation file and the text it must hold."""
    files = {SUITES_DIR / f"{name}.json": render(suite(name)) for name in TABLES}
    files[CHECKPOINT_FILE] = render(checkpoint())
    return files


def write_all() -> list[Path]:
    SUITES_DIR.mkdir(exist_ok=True)
    written = []
    for path, text in expected_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
