"""The catalogue of planted defects: at least one per registered check.

Each defect changes a copy of the built tables in one place and names the check that must
fire and where (table, column). Single-table defects sit on distinct rows so that they can
also be planted all at once, for the pandera / great-expectations parity test. Values just
past a bound are used where a rule has one, so that a bound the suites drop is caught.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dataset.frames import Frames
from dataset.schema import DATASET, TABLES


@dataclass(frozen=True)
class Defect:
    name: str
    check: str
    table: str
    column: str
    change: Callable[[Frames], None]
    derive: bool = True  # re-derive after the change (False: the defect is a derived value)


def _set(frame: pd.DataFrame, row: int, column: str, value) -> None:
    """Set one cell, widening a categorical's categories when the value is not a code."""
    series = frame[column]
    if (
        isinstance(series.dtype, pd.CategoricalDtype)
        and value is not None
        and value not in series.cat.categories
    ):
        frame[column] = series.cat.add_categories([value])
    frame.loc[frame.index[row], column] = value


def _row(frame: pd.DataFrame, mask) -> int:
    """Position of the first row where ``mask`` holds."""
    return int(pd.Series(mask, index=frame.index).to_numpy().nonzero()[0][0])


def _max_length(table: str, column: str) -> int:
    return TABLES[table].column(column).max_length


# ---- single-table rules (each on its own row) --------------------------------------------


def _required(t: Frames) -> None:
    _set(t["sources"], 1, "publisher", None)


def _unique(t: Frames) -> None:
    s = t["sources"]
    urls = s["url"].dropna()
    _set(s, _row(s, s["url"].notna() & (s["url"] != urls.iloc[0])), "url", urls.iloc[0])


def _in_codelist(t: Frames) -> None:
    _set(t["events"], 2, "event_type", "press_conference")


def _pattern_unicode_digits(t: Frames) -> None:
    _set(t["events"], 3, "event_id", "AE-TRA-2010-E\u0661\u0662")


def _pattern_codeset_order(t: Frames) -> None:
    e = t["episodes"]
    i = _row(e, e["access_sought"].str.contains(";"))
    _set(e, i, "access_sought", ";".join(reversed(e["access_sought"].iat[i].split(";"))))


def _hygiene_zero_width_formula(t: Frames) -> None:
    _set(t["sources"], 2, "title", '\u200b=HYPERLINK("http://example.com")')


def _max_words(t: Frames) -> None:
    words = TABLES["claims"].column("quote").max_words
    _set(t["claims"], 3, "quote", " ".join(["word"] * (words + 1)))


def _nfc(t: Frames) -> None:
    _set(t["episodes"], 1, "summary", "Re\u0301sume\u0301 of the episode.")


def _max_length_defect(t: Frames) -> None:
    _set(t["origins"], 4, "name", "x" * (_max_length("origins", "name") + 1))


def _vocabulary(t: Frames) -> None:
    _set(t["claims"], 5, "quote_language", "xx")


def _range(t: Frames) -> None:
    e = t["episodes"]
    top = TABLES["episodes"].column("users_affected").maximum
    _set(e, _row(e, e["users_affected"].notna() & (e.index > 0)), "users_affected", top + 1)


def _date_range(t: Frames) -> None:
    earliest = pd.Timestamp(DATASET["earliest_date"])
    e = t["events"]
    i = _row(e, e["date_precision"] == "day")
    _set(e, i, "date", earliest - pd.Timedelta(days=1))


def _precision(t: Frames) -> None:
    e = t["events"]
    i = _row(e, (e["date_precision"] == "day") & (e["date"].dt.day != 1))
    _set(e, i, "date_precision", "month")


def _xor_missing(t: Frames) -> None:
    e = t["episodes"]
    _set(e, _row(e, e["deadline_first"].notna()), "deadline_first_missing", "unknown")


def _null_with(t: Frames) -> None:
    e = t["episodes"]
    _set(e, _row(e, e["users_affected"].notna()), "users_affected_qualifier", None)


def _date_order(t: Frames) -> None:
    """A month-precision deadline in the month before the demand (the boundary: the same
    month would be allowed)."""
    e = t["episodes"]
    i = _row(
        e,
        e["deadline_first"].notna()
        & (e["demand_date"].dt.month > 1)
        & (e["demand_date_precision"] == "day"),
    )
    d = e["demand_date"].iat[i]
    _set(e, i, "deadline_first", pd.Timestamp(d.year, d.month - 1, 1))
    _set(e, i, "deadline_first_precision", "month")


def _translation(t: Frames) -> None:
    c = t["claims"]
    i = _row(c, (c["quote_language"] == "en") & (c.index > 6))
    _set(c, i, "quote_translation", "An English quote needs no translation.")
    _set(c, i, "quote_translation_missing", None)


def _verdict_quotes(t: Frames) -> None:
    s = t["seed_sentences"]
    i = _row(s, s["verdict"] == "supported")
    _set(s, i, "quote_ids", None)
    _set(s, i, "quote_ids_missing", "not_applicable")


def _verdict_correction(t: Frames) -> None:
    s = t["seed_sentences"]
    i = _row(s, s["verdict"] == "contradicted")
    _set(s, i, "correction", None)
    _set(s, i, "correction_missing", "not_applicable")


def _adjudication_note(t: Frames) -> None:
    c = t["coding"]
    i = _row(c, c["adjudication"] == "agreed")
    _set(c, i, "adjudication_note", "A note where the coders agreed.")
    _set(c, i, "adjudication_note_missing", None)


def _agreed_same(t: Frames) -> None:
    c = t["coding"]
    i = _row(c, (c["adjudication"] == "agreed") & (c.index > 0))
    _set(c, i, "second_value", "none")


def _empty_table(t: Frames) -> None:
    t["agreement"] = t["agreement"].iloc[0:0]


TABLE_DEFECTS = (
    Defect("publisher missing", "required", "sources", "publisher", _required),
    Defect("URL used twice", "unique", "sources", "url", _unique),
    Defect(
        "event type not a code", "in_codelist", "events", "event_type", _in_codelist, derive=False
    ),
    Defect(
        "Arabic-Indic digits in an id", "pattern", "events", "event_id", _pattern_unicode_digits
    ),
    Defect(
        "coded set out of order", "pattern", "episodes", "access_sought", _pattern_codeset_order
    ),
    Defect(
        "zero width space before a formula",
        "text_hygiene",
        "sources",
        "title",
        _hygiene_zero_width_formula,
    ),
    Defect("quote one word too long", "max_words", "claims", "quote", _max_words),
    Defect("decomposed accents", "nfc_stable", "episodes", "summary", _nfc),
    Defect("name one character too long", "max_length", "origins", "name", _max_length_defect),
    Defect("language not ISO 639-1", "vocabulary", "claims", "quote_language", _vocabulary),
    Defect("one user over the maximum", "range", "episodes", "users_affected", _range),
    Defect("date the day before the earliest", "date_range", "events", "date", _date_range),
    Defect(
        "month precision on the 5th", "precision_consistent", "events", "date_precision", _precision
    ),
    Defect(
        "value and missing reason",
        "value_xor_missing_reason",
        "episodes",
        "deadline_first_missing",
        _xor_missing,
    ),
    Defect("qualifier without", "null_with", "episodes", "users_affected_qualifier", _null_with),
    Defect(
        "deadline a month before demand", "date_order", "episodes", "deadline_first", _date_order
    ),
    Defect(
        "English quote translated",
        "translation_iff_not_english",
        "claims",
        "quote_translation",
        _translation,
    ),
    Defect(
        "supported sentence without quotes",
        "verdict_needs_quotes",
        "seed_sentences",
        "quote_ids",
        _verdict_quotes,
    ),
    Defect(
        "contradicted sentence uncorrected",
        "verdict_needs_correction",
        "seed_sentences",
        "correction",
        _verdict_correction,
    ),
    Defect(
        "note where coders agreed",
        "adjudication_note_iff_disagreement",
        "coding",
        "adjudication_note",
        _adjudication_note,
    ),
    Defect(
        "agreed though values differ",
        "agreed_iff_same_values",
        "coding",
        "adjudication",
        _agreed_same,
    ),
    Defect("empty table", "table_not_empty", "agreement", "field", _empty_table, derive=False),
)


# ---- cross-table checks (one per directory) -----------------------------------------------


def _claims_of_value(t: Frames, support: str = "corroborated", field: str | None = None):
    v = t["values"]
    mask = v["target_table"] == "episodes"
    if field:
        mask &= v["field"] == field
    row = v[mask].iloc[0]
    c = t["claims"]
    mine = (
        (c["target_id"] == row["target_id"])
        & (c["field"] == row["field"])
        & (c["stance"] == "supports")
    )
    if v.loc[mask].iloc[0]["value_id"].count("/") == 2:
        mine &= c["value"] == row["value"]
    return row, mine


def _fk(t: Frames) -> None:
    _set(t["claims"], 0, "source_id", "no-such-source")


def _claim_field(t: Frames) -> None:
    c = t["claims"]
    i = _row(c, (c["target_table"] == "episodes") & c["field"].notna())
    _set(c, i, "field", "summary")


def _claim_value(t: Frames) -> None:
    c = t["claims"]
    i = _row(c, c["field"] == "demand_date")
    _set(c, i, "value", "2010-8")


def _claim_id(t: Frames) -> None:
    c = t["claims"]
    i = _row(c, c["field"].notna())
    _set(c, i, "claim_id", c["quote_id"].iat[i] + "/summary")


def _quote_consistent(t: Frames) -> None:
    c = t["claims"]
    counts = c["quote_id"].map(c["quote_id"].value_counts())
    _set(c, _row(c, counts > 1), "claimant", "Someone else")


def _duplicate_quote(t: Frames) -> None:
    c = t["claims"]
    first = c[c["field"].isna()].iloc[[0]].copy()
    first["quote_id"] = first["claim_id"] = "a-copied-quote"
    t["claims"] = pd.concat([c, first], ignore_index=True)


def _value_supported(t: Frames) -> None:
    """Remove every supporting claim of one published value."""
    _, mine = _claims_of_value(t, field="outcome")
    t["claims"] = t["claims"][~mine].reset_index(drop=True)


def _date_precision(t: Frames) -> None:
    """Make every claim supporting a day-precision date assert only its month."""
    v = t["values"]
    row = v[(v["field"] == "demand_date") & (v["value"].str.len() == 10)].iloc[0]
    c = t["claims"]
    mine = (
        (c["target_id"] == row["target_id"])
        & (c["field"] == "demand_date")
        & (c["stance"] == "supports")
    )
    c.loc[mine, "value"] = row["value"][:7]


def _source_cited(t: Frames) -> None:
    s = t["sources"]
    extra = s.iloc[[1]].copy()
    extra["source_id"] = "an-uncited-source"
    extra["url"] = "https://example.org/uncited"
    t["sources"] = pd.concat([s, extra], ignore_index=True)


def _exclusion_sourced(t: Frames) -> None:
    c = t["claims"]
    first = t["exclusions"]["exclusion_id"].iat[0]
    t["claims"] = c[c["target_id"] != first].reset_index(drop=True)


def _coding_complete(t: Frames) -> None:
    t["coding"] = t["coding"].iloc[1:].reset_index(drop=True)


def _coding_adjudicated(t: Frames) -> None:
    c = t["coding"]
    i = _row(c, (c["adjudication"] == "agreed") & (c["field"] == "outcome"))
    other = next(
        code
        for code in TABLES["episodes"].column("outcome").allowed
        if code != c["first_value"].iat[i]
    )
    _set(c, i, "first_value", other)
    _set(c, i, "second_value", other)


def _seed_verbatim(t: Frames) -> None:
    s = t["seed_sentences"]
    _set(s, 1, "text", s["text"].iat[1].replace("B", "b", 1))


def _seed_covered(t: Frames) -> None:
    t["seed_sentences"] = t["seed_sentences"].iloc[:-1]


def _seed_quote(t: Frames) -> None:
    c, s = t["claims"], t["sources"]
    seed = s.loc[s["source_type"] == "seed_document", "source_id"].iat[0]
    i = _row(c, c["source_id"] == seed)
    rows = c["quote_id"] == c["quote_id"].iat[i]
    c.loc[rows, "quote"] = c["quote"].iat[i] + " (embellished)"


CROSS_DEFECTS = (
    Defect("claim cites an unknown source", "foreign_key", "claims", "source_id", _fk),
    Defect("claim asserts an editorial column", "claim_field", "claims", "field", _claim_field),
    Defect("date written 2010-8", "claim_value", "claims", "value", _claim_value),
    Defect("claim id not its quote and field", "claim_id_form", "claims", "claim_id", _claim_id),
    Defect("one quote, two claimants", "quote_consistent", "claims", "claimant", _quote_consistent),
    Defect("same quote twice", "duplicate_quote", "claims", "quote", _duplicate_quote),
    Defect(
        "value with no supporting claim",
        "value_supported",
        "values",
        "n_supporting_claims",
        _value_supported,
    ),
    Defect(
        "day published from month claims",
        "date_precision_supported",
        "episodes",
        "demand_date",
        _date_precision,
    ),
    Defect("source cited by no claim", "source_cited", "sources", "source_id", _source_cited),
    Defect(
        "exclusion without sources",
        "exclusion_sourced",
        "exclusions",
        "exclusion_id",
        _exclusion_sourced,
    ),
    Defect("coding row missing", "coding_complete", "coding", "coding_id", _coding_complete),
    Defect(
        "published value not the adjudicated one",
        "coding_adjudicated",
        "coding",
        "adjudication",
        _coding_adjudicated,
    ),
    Defect(
        "seed sentence altered",
        "seed_verbatim",
        "seed_sentences",
        "text",
        _seed_verbatim,
        derive=False,
    ),
    Defect("seed sentence dropped", "seed_covered", "seed_sentences", "text", _seed_covered),
    Defect("seed quote embellished", "seed_quote_verbatim", "claims", "quote", _seed_quote),
)


# ---- derived values: one defect per derivation (not re-derived) ---------------------------


def _flip(table: str, column: str, pick=None, value=None):
    def change(t: Frames) -> None:
        frame = t[table]
        i = 0 if pick is None else _row(frame, pick(frame))
        current = frame[column].iat[i]
        new = value(current) if callable(value) else value
        _set(frame, i, column, new)

    return change


DERIVED_DEFECTS = (
    Defect(
        "country name",
        "derived_value",
        "episodes",
        "country_name",
        _flip("episodes", "country_name", value="Atlantis"),
        derive=False,
    ),
    Defect(
        "exclusion's country name",
        "derived_value",
        "exclusions",
        "country_name",
        _flip("exclusions", "country_name", value="Atlantis"),
        derive=False,
    ),
    Defect(
        "scope",
        "derived_value",
        "episodes",
        "scope",
        _flip("episodes", "scope", pick=lambda f: f["scope"] == "core", value="extended"),
        derive=False,
    ),
    Defect(
        "seed line",
        "derived_value",
        "seed_sentences",
        "line",
        _flip("seed_sentences", "line", value=lambda v: v + 1),
        derive=False,
    ),
    Defect(
        "claim's episode",
        "derived_value",
        "claims",
        "episode_id",
        _flip(
            "claims",
            "episode_id",
            pick=lambda f: f["target_table"] == "events",
            value="AE-TRA-2011",
        ),
        derive=False,
    ),
    Defect(
        "disputing claim counted as support",
        "derived_value",
        "claims",
        "stance",
        _flip("claims", "stance", pick=lambda f: f["stance"] == "disputes", value="supports"),
        derive=False,
    ),
    Defect(
        "contested fields",
        "derived_value",
        "episodes",
        "contested_fields",
        _flip(
            "episodes",
            "contested_fields",
            pick=lambda f: f["contested_fields"].notna(),
            value="summary",
        ),
        derive=False,
    ),
    Defect(
        "event contested fields",
        "derived_value",
        "events",
        "contested_fields",
        _flip(
            "events",
            "contested_fields",
            pick=lambda f: f["contested_fields"].notna(),
            value="actor;date",
        ),
        derive=False,
    ),
    Defect(
        "extension count",
        "derived_value",
        "episodes",
        "extensions_count",
        _flip(
            "episodes",
            "extensions_count",
            pick=lambda f: f["extensions_count"].notna(),
            value=lambda v: v + 1,
        ),
        derive=False,
    ),
    Defect(
        "duration",
        "derived_value",
        "episodes",
        "days_to_outcome_max",
        _flip(
            "episodes",
            "days_to_outcome_max",
            pick=lambda f: f["days_to_outcome_max"].notna(),
            value=lambda v: v + 1,
        ),
        derive=False,
    ),
    Defect(
        "values row",
        "derived_value",
        "values",
        "n_supporting_origins",
        _flip(
            "values",
            "n_supporting_origins",
            pick=lambda f: f["support"] == "single_origin",
            value=2,
        ),
        derive=False,
    ),
    Defect(
        "overstated evidence level",
        "derived_value",
        "episodes",
        "evidence_level",
        _flip(
            "episodes",
            "evidence_level",
            pick=lambda f: f["evidence_level"] != "corroborated",
            value="corroborated",
        ),
        derive=False,
    ),
    Defect(
        "agreement",
        "derived_value",
        "agreement",
        "percent_agreement",
        _flip("agreement", "percent_agreement", value=lambda v: v - 1 if v >= 1 else v + 1),
        derive=False,
    ),
)
