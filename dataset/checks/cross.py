"""Checks across tables: references, the evidence behind every value, derived values
recomputed, the second coding, and the seed document. Vectorised (pandas only)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from dataset import dates
from dataset.checks.registry import Failure, check, failing_rows
from dataset.derive import NONE_CODED, coded_value, derivations, recorded_values
from dataset.frames import Frames
from dataset.integrity import sha256_file
from dataset.paths import SEED_FILE, SEED_SUMS
from dataset.schema import DATASET, EVIDENCED_TABLES, TABLES


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise equality where two missing values are equal."""
    a, b = a.astype(object), b.astype(object)
    return pd.Series(
        (a.to_numpy() == b.to_numpy()) | (pd.isna(a).to_numpy() & pd.isna(b).to_numpy()),
        index=a.index,
    )


@check(
    "foreign_key",
    "cross",
    "Every reference names an existing row (foreign keys, `claims.target_id` "
    "by `target_table`, `seed_sentences.quote_ids`).",
)
def foreign_keys(t: Frames, **_) -> list[Failure]:
    out = []
    for name, table in TABLES.items():
        for column, ref_table, ref_column in table.foreign_keys:
            bad = ~t[name][column].isin(t[ref_table][ref_column])
            out += failing_rows(t[name], bad, name, column, "foreign_key")
        for column, by, references in table.polymorphic:
            frame = t[name]
            ok = pd.Series(False, index=frame.index)
            for target, target_key in references.items():
                ok |= (frame[by] == target) & frame[column].isin(t[target][target_key])
            out += failing_rows(frame, ~ok, name, column, "foreign_key")
    seeds = t["seed_sentences"]
    ids = seeds["quote_ids"].dropna().str.split(";").explode()
    bad = ids[~ids.isin(t["claims"]["quote_id"])]
    out += [
        Failure("seed_sentences", "quote_ids", seeds.at[i, "sentence_id"], "foreign_key", v)
        for i, v in bad.head(20).items()
    ]
    return out


@check(
    "claim_field",
    "cross",
    "A claim's `field` is an evidenced column of its target table "
    "(claims about excluded candidates give context only).",
)
def claim_fields(t: Frames, **_) -> list[Failure]:
    claims = t["claims"]
    ok = claims["field"].isna()
    for name in EVIDENCED_TABLES:
        ok |= (claims["target_table"] == name) & claims["field"].isin(TABLES[name].evidenced)
    return failing_rows(claims, ~ok, "claims", "field", "claim_field")


def _valid_values(claims: pd.DataFrame) -> pd.Series:
    ok = pd.Series(False, index=claims.index)
    for name in EVIDENCED_TABLES:
        for col in (TABLES[name].column(c) for c in TABLES[name].evidenced):
            mine = (claims["target_table"] == name) & (claims["field"] == col.name)
            if not mine.any():
                continue
            value = claims.loc[mine, "value"].astype(str)
            if col.allowed:
                valid = value.isin(col.allowed)
            elif col.kind == "date":
                form = value.str.fullmatch(dates.ISO_DATE)
                valid = form & value.map(_real_date)
            elif col.kind == "integer":
                valid = value.str.fullmatch(r"(?:0|[1-9][0-9]*)")
            else:
                valid = value.str.len().between(1, col.max_length or 10_000)
            ok[mine] = valid.fillna(False).to_numpy(bool)
    return ok


def _real_date(text: str) -> bool:
    try:
        dates.parse(text)
    except ValueError:
        return False
    return True


@check(
    "claim_value",
    "cross",
    "A claim's `value` is a valid value of its column: a code of its code "
    "list, an ISO 8601 date at day, month or year precision, or a whole number.",
)
def claim_values(t: Frames, **_) -> list[Failure]:
    claims = t["claims"]
    bad = claims["field"].notna() & ~_valid_values(claims)
    return failing_rows(claims, bad, "claims", "value", "claim_value")


@check(
    "claim_id_form",
    "cross",
    "`claim_id` is `quote_id`, then `/field`, then `/code` for a code of "
    "a coded set (just `quote_id` for a context claim).",
)
def claim_ids(t: Frames, **_) -> list[Failure]:
    claims = t["claims"]
    codeset = {c.name for n in EVIDENCED_TABLES for c in TABLES[n].columns if c.kind == "codeset"}
    field = claims["field"].astype(object)
    expected = claims["quote_id"].astype(object) + np.where(
        field.isna(), "", "/" + field.fillna("")
    )
    expected = expected + np.where(
        field.isin(codeset), "/" + claims["value"].astype(object).fillna(""), ""
    )
    return failing_rows(
        claims, claims["claim_id"].astype(object) != expected, "claims", "claim_id", "claim_id_form"
    )


QUOTE_COLUMNS = (
    "source_id",
    "target_table",
    "target_id",
    "claimant",
    "quote",
    "quote_language",
    "quote_translation",
    "note",
)


@check(
    "quote_consistent",
    "cross",
    "Rows of one quote (`quote_id`) agree on its source, target, "
    "claimant, quote, language, translation and note.",
)
def quotes_consistent(t: Frames, **_) -> list[Failure]:
    claims, out = t["claims"], []
    for column in QUOTE_COLUMNS:
        first = claims.groupby("quote_id", sort=False)[column].transform("first")
        out += failing_rows(
            claims, ~_same(claims[column], first), "claims", column, "quote_consistent"
        )
    return out


@check("duplicate_quote", "cross", "No two quotes repeat the same source, target and quote text.")
def duplicate_quotes(t: Frames, **_) -> list[Failure]:
    quotes = t["claims"].drop_duplicates("quote_id")
    dup = quotes.duplicated(["target_id", "source_id", "quote"], keep="first")
    return failing_rows(quotes, dup, "claims", "quote", "duplicate_quote", show="quote_id")


@check(
    "value_supported",
    "cross",
    "Every published value needing evidence (each code of a coded "
    "set, each date, number and category) has at least one supporting claim.",
)
def values_supported(t: Frames, **_) -> list[Failure]:
    vals = t["values"]
    return failing_rows(
        vals,
        vals["n_supporting_claims"] < 1,
        "values",
        "n_supporting_claims",
        "value_supported",
        show="value",
    )


@check(
    "date_precision_supported",
    "cross",
    "A published date is no more precise than the most precise claim supporting it.",
)
def date_precision(t: Frames, **_) -> list[Failure]:
    recorded = recorded_values(t)
    recorded = recorded[(recorded["kind"] == "date") & recorded["text"].notna()]
    claims = t["claims"]
    support = claims[(claims["stance"] == "supports") & (claims["assertion"] == "asserts")]
    finest = (
        support.assign(n=support["value"].astype(str).str.len())
        .groupby(["target_id", "field"], observed=True)["n"]
        .max()
    )
    have = pd.Series(list(zip(recorded["target_id"], recorded["field"], strict=True))).map(finest)
    bad = have.fillna(0).to_numpy() < recorded["text"].str.len().to_numpy()
    out = []
    for tid, field, text in (
        recorded.loc[bad, ["target_id", "field", "text"]].head(20).itertuples(index=False)
    ):
        table = "episodes" if TABLES["events"].column("event_id") and "-E" not in tid else "events"
        out.append(Failure(table, field, tid, "date_precision_supported", text))
    return out


@check(
    "derived_value",
    "cross",
    "Every derived column and table equals what the derivation in "
    "`dataset.derive` computes from the published tables.",
)
def derived_values(t: Frames, seed_text: str = "", **_) -> list[Failure]:
    out = []
    for d in derivations(seed_text):
        expected = d.function(t)
        frame = t[d.table]
        if d.whole:
            out += _compare_tables(d.table, frame, expected)
            continue
        for column in d.columns:
            want = pd.Series(expected[column].to_numpy(), index=frame.index)
            out += failing_rows(
                frame, ~_same(_plain(frame[column]), _plain(want)), d.table, column, "derived_value"
            )
    return out


def _plain(series: pd.Series) -> pd.Series:
    """Values compared as text (dtype differences are the dtype rule's business)."""
    return series.astype(object).map(_text)


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare_tables(name: str, published: pd.DataFrame, expected: pd.DataFrame) -> list[Failure]:
    key = TABLES[name].primary_key
    pub = published.set_index(key, drop=False)
    exp = expected.set_index(key, drop=False)
    out = []
    missing = exp.index.difference(pub.index)
    extra = pub.index.difference(exp.index)
    out += [
        Failure(name, key, k, "derived_value", "row expected but missing") for k in missing[:20]
    ]
    out += [Failure(name, key, k, "derived_value", "row not derivable") for k in extra[:20]]
    common = pub.index.intersection(exp.index)
    for column in TABLES[name].names:
        a, b = _plain(pub.loc[common, column]), _plain(exp.loc[common, column])
        bad = ~_same(a, b)
        out += failing_rows(
            pub.loc[common].reset_index(drop=True),
            bad.reset_index(drop=True),
            name,
            column,
            "derived_value",
        )
    return out


@check("source_cited", "cross", "Every source is cited by a claim, and every origin by a source.")
def orphans(t: Frames, **_) -> list[Failure]:
    sources, origins = t["sources"], t["origins"]
    out = failing_rows(
        sources,
        ~sources["source_id"].isin(t["claims"]["source_id"]),
        "sources",
        "source_id",
        "source_cited",
    )
    out += failing_rows(
        origins,
        ~origins["origin_id"].isin(sources["origin_id"]),
        "origins",
        "origin_id",
        "source_cited",
    )
    return out


@check("exclusion_sourced", "cross", "Every excluded candidate cites at least one source.")
def exclusions_sourced(t: Frames, **_) -> list[Failure]:
    ex = t["exclusions"]
    cited = t["claims"].loc[t["claims"]["target_table"] == "exclusions", "target_id"]
    return failing_rows(
        ex, ~ex["exclusion_id"].isin(cited), "exclusions", "exclusion_id", "exclusion_sourced"
    )


@check(
    "coding_complete",
    "cross",
    "The second coding covers every episode and every coded column, and nothing else.",
)
def coding_complete(t: Frames, **_) -> list[Failure]:
    coding, episodes = t["coding"], t["episodes"]
    fields = DATASET["second_coding_fields"]
    want = {f"{e}/{f}" for e in episodes["episode_id"] for f in fields}
    have = set(coding["coding_id"])
    out = [
        Failure("coding", "coding_id", k, "coding_complete", "missing")
        for k in sorted(want - have)[:20]
    ]
    extra = ~coding["field"].isin(fields) | ~coding["episode_id"].isin(episodes["episode_id"])
    return out + failing_rows(coding, extra, "coding", "field", "coding_complete")


@check(
    "coding_adjudicated",
    "cross",
    "The published value follows the adjudication: the agreed or "
    "kept first value, the adopted second value, or (revised) a value neither coder gave.",
)
def coding_adjudicated(t: Frames, **_) -> list[Failure]:
    coding, episodes = t["coding"], t["episodes"].set_index("episode_id")
    published = pd.Series(None, index=coding.index, dtype=object)
    for field, rows in coding.groupby("field").groups.items():
        if field in episodes.columns:
            values = coded_value(episodes.reset_index(), field)
            values.index = episodes.index
            published[rows] = coding.loc[rows, "episode_id"].map(values).to_numpy()
    first, second = coding["first_value"].astype(object), coding["second_value"].astype(object)
    how = coding["adjudication"].astype(str)
    ok = (
        ((how == "agreed") & (published == first) & (published == second))
        | ((how == "first_kept") & (published == first))
        | ((how == "second_adopted") & (published == second))
        | ((how == "revised") & (published != first) & (published != second))
    )
    return failing_rows(
        coding.assign(published=published.fillna(NONE_CODED)),
        ~ok,
        "coding",
        "adjudication",
        "coding_adjudicated",
        show="published",
    )


@check(
    "seed_checksum", "cross", "The seed document matches its recorded SHA-256 (seeds/SHA256SUMS)."
)
def seed_checksum(
    t: Frames, seed_file: Path = SEED_FILE, seed_sums: Path = SEED_SUMS, **_
) -> list[Failure]:
    recorded = seed_sums.read_text(encoding="utf-8").split()[0] if seed_sums.is_file() else None
    if sha256_file(seed_file) != recorded:
        return [Failure("seed_sentences", "text", None, "seed_checksum", seed_file.name)]
    return []


@check(
    "seed_verbatim", "cross", "Each seed sentence appears in the seed file exactly once, verbatim."
)
def seed_verbatim(t: Frames, seed_text: str = "", **_) -> list[Failure]:
    sentences = t["seed_sentences"]
    counts = sentences["text"].map(lambda s: seed_text.count(s) if s else 0)
    return failing_rows(sentences, counts != 1, "seed_sentences", "text", "seed_verbatim")


@check("seed_covered", "cross", "Together the seed sentences cover the whole seed file.")
def seed_covered(t: Frames, seed_text: str = "", **_) -> list[Failure]:
    rest = seed_text
    for sentence in t["seed_sentences"]["text"]:
        rest = rest.replace(sentence, "", 1)
    rest = re.sub(r"\s+", " ", rest).strip()
    return [Failure("seed_sentences", "text", None, "seed_covered", rest)] if rest else []


@check("seed_quote_verbatim", "cross", "A quote from the seed document appears in it verbatim.")
def seed_quotes(t: Frames, seed_text: str = "", **_) -> list[Failure]:
    claims, sources = t["claims"], t["sources"]
    seed_ids = sources.loc[sources["source_type"] == "seed_document", "source_id"]
    from_seed = claims["source_id"].isin(seed_ids)
    bad = from_seed & ~claims["quote"].map(lambda q: isinstance(q, str) and q in seed_text)
    return failing_rows(claims, bad, "claims", "quote", "seed_quote_verbatim")
