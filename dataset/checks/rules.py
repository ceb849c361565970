"""The single-table rules, generated from the schema, each in a form both engines run.

A :class:`Rule` is one check on one column (or one row rule reported on a column). Each
carries what pandera needs (a built-in check, a vectorised test, or a row-violation
expression) and the great-expectations expectation that states the same rule. Row rules are
pandas query expressions selecting the *violating* rows: pandera evaluates them with
``DataFrame.eval`` and great-expectations uses them as a ``row_condition``, so the two
engines cannot drift apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from dataset.checks.registry import register
from dataset.schema import DATASET, TABLES, Column, Table

# Control characters, line/paragraph separators, and invisible or bidirectional formatting
# characters (zero-width spaces and joiners, direction marks, embeddings, overrides,
# isolates, word joiner, soft hyphen, BOM): never allowed anywhere in a text value.
FORBIDDEN = (
    r"\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff"
)
SPACES = " \xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
# No forbidden character; no leading or trailing space; no leading formula sign (=, +, -, @).
HYGIENE = rf"^[^{FORBIDDEN}=+\-@{SPACES}](?:[^{FORBIDDEN}]*[^{FORBIDDEN}{SPACES}])?\Z"


@cache
def nfc_unstable_class() -> str:
    """A regex character class of the characters NFC may change or compose with a previous
    one (NFC quick-check No or Maybe). Text without them is NFC and stays NFC."""
    points = set()
    for cp in range(0x110000):
        ch = chr(cp)
        if unicodedata.normalize("NFC", ch) != ch:
            points.add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            parts = [int(p, 16) for p in decomposition.split()]
            if len(parts) == 2 and unicodedata.normalize("NFC", "".join(map(chr, parts))) == ch:
                points.add(parts[1])
    ranges, start, prev = [], None, None
    for cp in sorted(points):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            ranges.append((start, prev))
            start = prev = cp
    ranges.append((start, prev))
    return "[" + "".join(_esc(a) if a == b else f"{_esc(a)}-{_esc(b)}" for a, b in ranges) + "]"


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}" if cp > 0xFFFF else f"\\u{cp:04x}"


@cache
def vocabulary(name: str) -> list[str]:
    """The values of a declared vocabulary (see ``schemas/dataset.json``)."""
    import pycountry

    if name == "iso_3166_1_alpha_2":
        return sorted(c.alpha_2 for c in pycountry.countries)
    if name == "iso_639_1":
        return sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    raise KeyError(f"unknown vocabulary {name!r}")


@dataclass(frozen=True)
class Rule:
    """One named rule on one table; ``column`` is where its failures are reported."""

    name: str
    table: str
    column: str
    # Exactly one of these says how pandera runs it:
    builtin: tuple | None = None  # (pandera Check constructor name, args, kwargs)
    violation: str | None = None  # row rule: pandas query selecting violating rows
    columnwise: str | None = None  # required / unique: pandera Column options
    # The great-expectations expectation stating the same rule:
    expectation: dict = field(default_factory=dict)

    def gx(self, key: str) -> dict:
        """The expectation as stored in a suite (with the rule's name in ``meta``)."""
        kwargs = dict(self.expectation["kwargs"])
        if self.violation is not None:
            kwargs = {
                "column": key,
                "row_condition": self.violation,
                "condition_parser": "pandas",
            }
        return {
            "type": self.expectation["type"],
            "kwargs": kwargs,
            "meta": {"check": self.name, "column": self.column},
        }


def _exp(expectation_type: str, **kwargs) -> dict:
    return {"type": expectation_type, "kwargs": kwargs}


def column_rules(table: Table, col: Column) -> list[Rule]:
    c, t = col.name, table.name
    rules: list[Rule] = []
    if col.required:
        rules.append(
            Rule(
                "required",
                t,
                c,
                columnwise="required",
                expectation=_exp("expect_column_values_to_not_be_null", column=c),
            )
        )
    if col.unique:
        rules.append(
            Rule(
                "unique",
                t,
                c,
                columnwise="unique",
                expectation=_exp("expect_column_values_to_be_unique", column=c),
            )
        )
    if col.kind == "category":
        rules.append(
            Rule(
                "in_codelist",
                t,
                c,
                builtin=("isin", (col.allowed,), {}),
                expectation=_exp(
                    "expect_column_values_to_be_in_set", column=c, value_set=col.allowed
                ),
            )
        )
    regexes = {"pattern": col.full_pattern}
    if col.is_text:
        regexes["text_hygiene"] = HYGIENE
        regexes["max_words"] = col.words_pattern
    for name, regex in regexes.items():
        if regex:
            rules.append(
                Rule(
                    name,
                    t,
                    c,
                    builtin=("str_matches", (regex,), {}),
                    expectation=_exp("expect_column_values_to_match_regex", column=c, regex=regex),
                )
            )
    if col.is_text:
        unstable = nfc_unstable_class()
        rules.append(
            Rule(
                "nfc_stable",
                t,
                c,
                builtin=("not_matching", (unstable,), {}),
                expectation=_exp(
                    "expect_column_values_to_not_match_regex", column=c, regex=unstable
                ),
            )
        )
    if col.max_length:
        rules.append(
            Rule(
                "max_length",
                t,
                c,
                builtin=("str_length", (None, col.max_length), {}),
                expectation=_exp(
                    "expect_column_value_lengths_to_be_between", column=c, max_value=col.max_length
                ),
            )
        )
    if col.vocabulary:
        values = vocabulary(col.vocabulary)
        rules.append(
            Rule(
                "vocabulary",
                t,
                c,
                builtin=("isin", (values,), {}),
                expectation=_exp("expect_column_values_to_be_in_set", column=c, value_set=values),
            )
        )
    if col.kind in ("integer", "number") and col.minimum is not None:
        rules.append(
            Rule(
                "range",
                t,
                c,
                builtin=("in_range", (col.minimum, col.maximum), {}),
                expectation=_exp(
                    "expect_column_values_to_be_between",
                    column=c,
                    min_value=col.minimum,
                    max_value=col.maximum,
                ),
            )
        )
    if col.kind == "date":
        rules.append(
            Rule(
                "date_range",
                t,
                c,
                builtin=("in_range", ("$EARLIEST", "$TODAY"), {}),
                expectation=_exp(
                    "expect_column_values_to_be_between",
                    column=c,
                    min_value=DATASET["earliest_date"] + "T00:00:00",
                    max_value={"$PARAMETER": "today"},
                ),
            )
        )
    return rules


def row_rules(table: Table) -> list[Rule]:
    """Rules across the columns of a row, as violation expressions."""
    t, rules = table.name, []

    def add(name: str, column: str, violation: str) -> None:
        rules.append(
            Rule(
                name,
                t,
                column,
                violation=violation,
                expectation=_exp("expect_column_values_to_be_null"),
            )
        )

    for col in table.columns:
        c = col.name
        if col.kind == "date":
            p = f"{c}_precision"
            add(
                "precision_consistent",
                p,
                f"({c}.isna() != {p}.isna()) or ({c}.notna() and {p} != 'day' and {c}.dt.day != 1)"
                f" or ({c}.notna() and {p} == 'year' and {c}.dt.month != 1)",
            )
        if col.companion_of and c.endswith("_missing"):
            add("value_xor_missing_reason", c, f"{col.companion_of}.isna() == {c}.isna()")
        if col.null_with:
            add("null_with", c, f"{c}.isna() != {col.null_with}.isna()")
    for earlier, later in table.date_order:
        lp = f"{later}_precision"
        add(
            "date_order",
            later,
            f"({lp} == 'day' and {earlier} > {later})"
            f" or ({lp} == 'month' and {earlier}.dt.to_period('M') > {later}.dt.to_period('M'))"
            f" or ({lp} == 'year' and {earlier}.dt.year > {later}.dt.year)",
        )
    for spec in TABLE_ROW_RULES.get(t, ()):
        add(spec["name"], spec["column"], spec["violation"])
    return rules


def table_rules(table: Table) -> list[Rule]:
    """Every single-table rule of ``table``: its size, its columns, its rows."""
    rules = [
        Rule(
            "table_not_empty",
            table.name,
            table.primary_key,
            expectation=_exp("expect_table_row_count_to_be_between", min_value=1),
        ),
    ]
    for col in table.columns:
        rules += column_rules(table, col)
    return rules + row_rules(table)


# Row rules particular to one table, written once here as violation expressions.
TABLE_ROW_RULES: dict[str, tuple[dict, ...]] = {
    "claims": (
        {
            "name": "translation_iff_not_english",
            "column": "quote_translation",
            "violation": "(quote_language == 'en') == quote_translation.notna()",
            "description": "A quote not in English has an English translation; "
            "an English quote has none.",
        },
    ),
    "seed_sentences": (
        {
            "name": "verdict_needs_quotes",
            "column": "quote_ids",
            "violation": "verdict != 'context_only' and quote_ids.isna()",
            "description": "A sentence judged supported, contested, contradicted or "
            "garbled cites its quotes.",
        },
        {
            "name": "verdict_needs_correction",
            "column": "correction",
            "violation": "verdict in ['contradicted', 'garbled'] and correction.isna()",
            "description": "A contradicted or garbled sentence says what the sources say instead.",
        },
    ),
    "coding": (
        {
            "name": "adjudication_note_iff_disagreement",
            "column": "adjudication_note",
            "violation": "(adjudication == 'agreed') == adjudication_note.notna()",
            "description": "Every disagreement between the coders has an adjudication "
            "note, and agreement has none.",
        },
        {
            "name": "agreed_iff_same_values",
            "column": "adjudication",
            "violation": "(adjudication == 'agreed') != (first_value == second_value)",
            "description": "`agreed` exactly when both coders gave the same value.",
        },
    ),
}

RULE_DESCRIPTIONS = {
    "table_not_empty": "The table has at least one row.",
    "required": "The column has no missing values.",
    "unique": "No value appears twice.",
    "in_codelist": "Every value is a code of the column's code list.",
    "pattern": "Every value matches the column's pattern (ASCII only; coded sets in "
    "code-list order, each code once).",
    "text_hygiene": DATASET["text_rules"],
    "max_words": "The quote has at most the allowed number of words.",
    "nfc_stable": "The text has no character that NFC normalisation could change.",
    "max_length": "The text is at most the column's maximum length.",
    "vocabulary": "Every value is in the column's declared vocabulary (ISO 3166-1, ISO 639-1).",
    "range": "The number lies within the column's minimum and maximum.",
    "date_range": "The date lies between the earliest allowed date and today.",
    "precision_consistent": "A date and its precision are missing together; a "
    "month-precision date is the 1st, a year-precision date 1 January.",
    "value_xor_missing_reason": "Exactly one of a value and its missing reason is given.",
    "null_with": "The column is missing exactly when the column it qualifies is.",
    "date_order": "An earlier date is not after the later date's period (periods may overlap).",
}
for _specs in TABLE_ROW_RULES.values():
    for _spec in _specs:
        RULE_DESCRIPTIONS[_spec["name"]] = _spec["description"]
for _name, _description in RULE_DESCRIPTIONS.items():
    register(_name, "table", _description)


@cache
def all_rules() -> dict[str, list[Rule]]:
    return {name: table_rules(table) for name, table in TABLES.items()}
