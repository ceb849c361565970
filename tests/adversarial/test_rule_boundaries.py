"""Checks that catch what they claim: each single-table rule at its bound, in both
directions (the value at the bound passes, the value just past it fails), with the rule
that fired named. Expectations come from the schema and Unicode, not from the rules."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest

from dataset.checks.pandera_engine import table_failures
from dataset.schema import DATASET, TABLES

TODAY = dt.date(2026, 6, 15)


def _fired(name: str, frame: pd.DataFrame) -> set[tuple[str, object, str]]:
    return {(f.column, f.key, f.check) for f in table_failures(name, frame, TODAY)}


def _key(frame: pd.DataFrame, name: str, row: int):
    return frame[TABLES[name].primary_key].iat[row]


def _set(frame: pd.DataFrame, row: int, column: str, value) -> None:
    if (
        isinstance(frame[column].dtype, pd.CategoricalDtype)
        and value is not None
        and value not in frame[column].cat.categories
    ):
        frame[column] = frame[column].cat.add_categories([value])
    frame.loc[frame.index[row], column] = value


def _both_ways(frames, name, column, rule, ok, bad, rows=(0, 1)):
    frame = frames[name]
    _set(frame, rows[0], column, ok)
    _set(frame, rows[1], column, bad)
    fired = _fired(name, frame)
    assert (column, _key(frame, name, rows[1]), rule) in fired, sorted(fired)[:10]
    assert (column, _key(frame, name, rows[0]), rule) not in fired


TEXT_LIMITS = [
    (t.name, c.name, c.max_length)
    for t in TABLES.values()
    for c in t.columns
    if c.kind == "string" and c.pattern is None and c.max_length
]


def test_every_text_column_has_a_character_limit():
    unlimited = [
        (t.name, c.name)
        for t in TABLES.values()
        for c in t.columns
        if c.kind == "string" and not c.max_length
    ]
    assert unlimited == []


@pytest.mark.parametrize(("table", "column", "limit"), TEXT_LIMITS, ids=lambda x: str(x))
def test_max_length_at_its_bound(frames, table, column, limit):
    words = TABLES[table].column(column).max_words
    if words:  # stay within the word limit: long words
        ok = " ".join(["x" * (limit // words - 1)] * words)[:limit].strip()
        ok = ok + "x" * (limit - len(ok))
    else:
        ok = "x" * limit
    assert len(ok) == limit
    _both_ways(frames, table, column, "max_length", ok, ok + "y")


def test_word_limit_at_its_bound(frames):
    words = TABLES["claims"].column("quote").max_words
    _both_ways(
        frames,
        "claims",
        "quote",
        "max_words",
        " ".join(["w"] * words),
        " ".join(["w"] * (words + 1)),
    )
    # Any Unicode whitespace separates words, not only the space.
    _both_ways(
        frames, "claims", "quote", "max_words", "w", "\u3000".join(["w"] * (words + 1)), rows=(2, 3)
    )


NUMBER_BOUNDS = [
    (t.name, c.name, c.minimum, c.maximum)
    for t in TABLES.values()
    for c in t.columns
    if c.kind in ("integer", "number") and c.minimum is not None
]


@pytest.mark.parametrize(("table", "column", "low", "high"), NUMBER_BOUNDS, ids=lambda x: str(x))
def test_range_at_both_bounds(frames, table, column, low, high):
    step = 1 if TABLES[table].column(column).kind == "integer" else 0.01
    _both_ways(frames, table, column, "range", low, low - step)
    if high is not None:
        _both_ways(
            frames,
            table,
            column,
            "range",
            high,
            high + step,
            rows=(2, 3) if len(frames[table]) > 3 else (0, 1),
        )


def test_date_range_at_both_bounds(frames):
    earliest = pd.Timestamp(DATASET["earliest_date"])
    for row in range(4):
        _set(frames["events"], row, "date_precision", "day")
    _both_ways(frames, "events", "date", "date_range", earliest, earliest - pd.Timedelta(days=1))
    today = pd.Timestamp(TODAY)
    _both_ways(
        frames, "events", "date", "date_range", today, today + pd.Timedelta(days=1), rows=(2, 3)
    )


def test_date_order_follows_the_later_dates_precision(frames):
    """A month-precision deadline in the demand's month is in order (periods overlap);
    the month before is not; the same for years."""
    e = frames["episodes"]
    rows = [i for i in range(len(e)) if e["demand_date_precision"].iat[i] == "day"][:4]
    for i in rows:
        _set(e, i, "demand_date", pd.Timestamp(2010, 8, 12))
    for i, (date, precision) in zip(
        rows,
        [
            ((2010, 8, 1), "month"),
            ((2010, 7, 1), "month"),
            ((2010, 1, 1), "year"),
            ((2009, 1, 1), "year"),
        ],
        strict=True,
    ):
        _set(e, i, "deadline_first", pd.Timestamp(*date))
        _set(e, i, "deadline_first_precision", precision)
        _set(e, i, "deadline_first_missing", None)
        _set(e, i, "deadline_final", None)
        _set(e, i, "deadline_final_precision", None)
    fired = {k for c, k, r in _fired("episodes", e) if (c, r) == ("deadline_first", "date_order")}
    keys = [_key(e, "episodes", i) for i in rows]
    assert fired == {keys[1], keys[3]}


# ---- text hygiene: invisible, bidirectional and control characters, formula signs --------

INVISIBLE = [
    0x00AD,
    0x061C,
    0x180E,
    *range(0x200B, 0x2010),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x206A),
    0xFEFF,
]


def _hygiene_failures(values: list[str]) -> list[bool]:
    frame = pd.DataFrame({"v": pd.Series(values, dtype="str")})
    from dataset.checks.pandera_engine import searched
    from dataset.checks.rules import HYGIENE

    return (~searched(frame["v"], HYGIENE)).tolist()


def test_hygiene_refuses_every_control_separator_and_invisible_character():
    bad = [chr(c) for c in range(0x3000) if unicodedata.category(chr(c)) in ("Cc", "Zl", "Zp")]
    bad += [chr(c) for c in INVISIBLE]
    assert all(_hygiene_failures([f"a{ch}b" for ch in bad]))


def test_hygiene_accepts_letters_marks_and_punctuation_inside_text():
    good = [chr(c) for c in range(0x20, 0x3000) if unicodedata.category(chr(c))[0] in "LNPS"]
    assert not any(_hygiene_failures([f"a{ch}b" for ch in good]))


@pytest.mark.parametrize("sign", ["=", "+", "-", "@"])
def test_formula_signs_are_refused_only_at_the_start(sign):
    assert _hygiene_failures([f"{sign}SUM(A1)", f"\u200b{sign}HYPERLINK(x)", f"a {sign} b"]) == [
        True,
        True,
        False,
    ]


def test_leading_and_trailing_spaces_are_refused():
    assert _hygiene_failures([" a", "a ", "\xa0a", "a\u3000", "a b", "a"]) == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_zero_width_and_bidi_in_a_quote_and_a_url_fire_hygiene(frames):
    _both_ways(frames, "claims", "quote", "text_hygiene", "Plain quote.", "Plain\u202e quote.")
    s = frames["sources"]
    urls = s.index[s["url"].notna()]
    _both_ways(
        frames,
        "sources",
        "url",
        "text_hygiene",
        "https://example.org/a",
        "https://example.org/\u200ba",
        rows=(s.index.get_loc(urls[0]), s.index.get_loc(urls[1])),
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "HTTPS://example.org/",
        "https://example",
        "https://exa mple.org/",
    ],
)
def test_url_pattern_takes_http_and_https_only(frames, url):
    s = frames["sources"]
    rows = [i for i in range(len(s)) if pd.notna(s["url"].iat[i])][:2]
    _both_ways(frames, "sources", "url", "pattern", "http://example.org/ok", url, rows=tuple(rows))


# ---- identifiers ------------------------------------------------------------------------

ID_COLUMNS = [
    (t.name, c.name)
    for t in TABLES.values()
    for c in t.columns
    if c.pattern and "[0-9]" in c.pattern and c.unique
]


@pytest.mark.parametrize(("table", "column"), ID_COLUMNS)
@pytest.mark.parametrize(
    "digit", ["\u0661", "\uff11", "\u0967"]
)  # Arabic-Indic, full-width, Devanagari one
def test_ids_with_unicode_digits_fail_the_pattern(frames, table, column, digit):
    frame = frames[table]
    rows = [i for i in range(len(frame)) if any(ch.isdigit() for ch in str(frame[column].iat[i]))][
        :2
    ]
    good = frame[column].iat[rows[0]]
    value = frame[column].iat[rows[1]]
    position = next(i for i, ch in enumerate(value) if ch.isdigit())
    _both_ways(
        frames,
        table,
        column,
        "pattern",
        good,
        value[:position] + digit + value[position + 1 :],
        rows=tuple(rows),
    )


def test_unique_ignores_missing_values_but_not_repeats(frames):
    s = frames["sources"]
    rows = [i for i in range(len(s)) if pd.notna(s["url"].iat[i])][:3]
    _set(s, rows[0], "url", None)
    _set(s, rows[1], "url", None)
    _set(s, rows[2], "url", s["url"].iat[rows[2]])
    assert not any(r == "unique" for _, _, r in _fired("sources", s))
    _set(s, rows[1], "url", s["url"].iat[rows[2]])
    fired = {(c, k) for c, k, r in _fired("sources", s) if r == "unique"}
    assert fired == {("url", _key(s, "sources", rows[1])), ("url", _key(s, "sources", rows[2]))}


def test_required_fires_on_the_missing_row_only(frames):
    _both_ways(frames, "sources", "publisher", "required", "A publisher", None)
