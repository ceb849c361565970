"""Checks across tables and against the seed file (vectorised, pandas only)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dataset.corroboration import COLUMNS as CORROBORATION_COLUMNS
from dataset.corroboration import asserted, corroboration, scope
from dataset.integrity import sha256_file
from dataset.paths import SEED_FILE, SEED_SUMS
from schemas import TABLES

SEED_SOURCE_TYPE = "seed_document"


@dataclass(frozen=True)
class Failure:
    """One failed check on one row (or on a whole table when ``key`` is None)."""

    table: str
    column: str
    key: object
    check: str
    value: object = None

    def line(self) -> str:
        table = TABLES.get(self.table)
        where = f" [{table.primary_key}={self.key}]" if table and self.key is not None else ""
        value = "" if self.value is None else f" (value: {_short(self.value)})"
        return f"{self.table}.{self.column}{where}: {self.check}{value}"


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    table: str,
    column: str,
    check: str,
    show: str | None = None,
) -> list[Failure]:
    mask = mask.fillna(True).astype(bool)
    if not mask.any():
        return []
    key = TABLES[table].primary_key
    bad = frame.loc[mask]
    values = bad[show or column] if (show or column) in bad else [None] * len(bad)
    return [Failure(table, column, k, check, v) for k, v in zip(bad[key], values, strict=True)]


def _split(series: pd.Series) -> pd.Series:
    """Explode a `;`-separated column into one row per item (index kept)."""
    return series.dropna().str.split(";").explode()


def foreign_keys(t: dict[str, pd.DataFrame]) -> list[Failure]:
    out = []
    for name, table in TABLES.items():
        for column, ref_table, ref_column in table.foreign_keys:
            mask = ~t[name][column].isin(t[ref_table][ref_column])
            out += _rows(t[name], mask, name, column, f"foreign_key->{ref_table}.{ref_column}")
    claims = t["claims"]
    for target in ("episodes", "events"):
        keys = t[target][TABLES[target].primary_key]
        mask = (claims["target_table"] == target) & ~claims["target_id"].isin(keys)
        out += _rows(claims, mask, "claims", "target_id", f"foreign_key->{target}")
    seeds = t["seed_sentences"]
    ids = _split(seeds["claim_ids"])
    bad = ids[~ids.isin(claims["claim_id"])]
    out += [
        Failure(
            "seed_sentences",
            "claim_ids",
            seeds.loc[i, "sentence_id"],
            "foreign_key->claims.claim_id",
            v,
        )
        for i, v in bad.items()
    ]
    return out


def claim_fields(t: dict[str, pd.DataFrame]) -> list[Failure]:
    claims = t["claims"]
    context = claims["stance"] == "context"
    out = _rows(
        claims,
        context == claims["fields"].notna(),
        "claims",
        "fields",
        "fields_empty_exactly_for_context_claims",
        "stance",
    )
    fields = _split(claims["fields"])
    for target in ("episodes", "events"):
        in_target = claims.loc[fields.index, "target_table"].to_numpy() == target
        bad = fields[in_target & ~fields.isin(TABLES[target].evidenced).to_numpy()]
        out += [
            Failure(
                "claims",
                "fields",
                claims.loc[i, "claim_id"],
                f"not_an_evidenced_{target}_column",
                v,
            )
            for i, v in bad.items()
        ]
    return out


def _claimed(claims: pd.DataFrame, stance: str) -> pd.DataFrame:
    """(target_id, field) pairs that claims of the given stance bear on."""
    chosen = claims[claims["stance"] == stance]
    pairs = pd.DataFrame({"target_id": chosen["target_id"], "field": chosen["fields"]})
    pairs["field"] = pairs["field"].str.split(";")
    return pairs.explode("field").drop_duplicates()


def evidence(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """Every asserted evidenced value has a supporting claim; contested_fields agrees."""
    supported = _claimed(t["claims"], "supports")
    disputed = _claimed(t["claims"], "disputes")
    out = []
    for name in ("episodes", "events"):
        frame, table = t[name], TABLES[name]
        key = frame[table.primary_key]
        # One (row, column) pair per present value, matched against the supported pairs.
        present = asserted(frame, table).to_numpy()
        rows, cols = present.nonzero()
        values = pd.DataFrame(
            {"target_id": key.to_numpy()[rows], "field": pd.Index(table.evidenced)[cols]}
        )
        backed = values.merge(supported, how="left", indicator=True)["_merge"] == "both"
        for row, column in zip(rows[~backed.to_numpy()], values["field"][~backed], strict=True):
            out.append(
                Failure(
                    name,
                    column,
                    key.iat[row],
                    "value_without_supporting_claim",
                    frame[column].iat[row],
                )
            )
        expected = (
            disputed[disputed["target_id"].isin(key)]
            .assign(pos=lambda d, order=table.evidenced: d["field"].map(order.index))
            .sort_values(["target_id", "pos"])
            .groupby("target_id")["field"]
            .agg(";".join)
        )
        derived = key.map(expected)
        mask = ~(
            (derived == frame["contested_fields"])
            | (derived.isna() & frame["contested_fields"].isna())
        )
        out += _rows(frame, mask, name, "contested_fields", "disagrees_with_disputing_claims")
    return out


def extension_counts(t: dict[str, pd.DataFrame]) -> list[Failure]:
    episodes, events = t["episodes"], t["events"]
    extensions = (
        events[events["event_type"] == "deadline_extended"]
        .groupby("episode_id", observed=True)
        .size()
    )
    counted = episodes["episode_id"].map(extensions).fillna(0).astype("Int64")
    given = episodes["extensions_count"]
    return _rows(
        episodes,
        given.notna() & (given != counted),
        "episodes",
        "extensions_count",
        "disagrees_with_deadline_extended_events",
    )


def country_names(t: dict[str, pd.DataFrame]) -> list[Failure]:
    import pycountry

    names = {c.alpha_2: c.name for c in pycountry.countries}
    episodes = t["episodes"]
    mask = episodes["country_code"].map(names) != episodes["country_name"]
    return _rows(episodes, mask, "episodes", "country_name", "not_the_iso_3166_name")


def corroborated(t: dict[str, pd.DataFrame]) -> list[Failure]:
    """Scope, source counts and corroboration agree with what the claims and sources give."""
    episodes = t["episodes"]
    out = _rows(
        episodes,
        scope(episodes["country_code"]) != episodes["scope"].astype(str),
        "episodes",
        "scope",
        "disagrees_with_country_code",
    )
    expected = corroboration(episodes, t["events"], t["claims"], t["sources"])
    for col in CORROBORATION_COLUMNS:
        want = expected[col].astype(object).fillna("<NA>").astype(str).to_numpy()
        got = episodes[col].astype(object).fillna("<NA>").astype(str).to_numpy()
        out += _rows(
            episodes,
            pd.Series(want != got, episodes.index),
            "episodes",
            col,
            "disagrees_with_claims",
        )
    return out


def orphans(t: dict[str, pd.DataFrame]) -> list[Failure]:
    sources = t["sources"]
    return _rows(
        sources,
        ~sources["source_id"].isin(t["claims"]["source_id"]),
        "sources",
        "source_id",
        "source_cited_by_no_claim",
    )


def seed(
    t: dict[str, pd.DataFrame], seed_file: Path = SEED_FILE, seed_sums: Path = SEED_SUMS
) -> list[Failure]:
    """Seed sentences are verbatim, each appears once, and together they cover the file."""
    out = []
    recorded = seed_sums.read_text(encoding="utf-8").split()[0] if seed_sums.exists() else None
    if sha256_file(seed_file) != recorded:
        out.append(
            Failure(
                "seed_sentences",
                "text",
                None,
                f"seed_checksum_mismatch ({seed_file.name} vs {seed_sums.name})",
            )
        )
    text = seed_file.read_text(encoding="utf-8")
    sentences = t["seed_sentences"]
    counts = sentences["text"].map(text.count)
    out += _rows(
        sentences, counts != 1, "seed_sentences", "text", "must_appear_exactly_once_in_seed"
    )
    positions = sentences["text"].map(text.find)
    lines = positions.map(lambda p: text.count("\n", 0, p) + 1 if p >= 0 else -1)
    out += _rows(
        sentences, lines != sentences["line"], "seed_sentences", "line", "wrong_line_number"
    )
    rest = text
    for sentence in sentences["text"]:
        rest = rest.replace(sentence, "", 1)
    if rest.strip():
        out.append(Failure("seed_sentences", "text", None, "seed_text_not_covered", rest.strip()))
    verdict = sentences["verdict"].astype(str)
    out += _rows(
        sentences,
        (verdict != "context_only") & sentences["claim_ids"].isna(),
        "seed_sentences",
        "claim_ids",
        "verdict_needs_claims",
        "verdict",
    )
    out += _rows(
        sentences,
        verdict.isin(["contradicted", "garbled"]) & sentences["correction"].isna(),
        "seed_sentences",
        "correction",
        "verdict_needs_correction",
        "verdict",
    )
    claims, sources = t["claims"], t["sources"]
    seed_ids = sources.loc[sources["source_type"] == SEED_SOURCE_TYPE, "source_id"]
    from_seed = claims["source_id"].isin(seed_ids)
    out += _rows(
        claims,
        from_seed & ~claims["quote"].map(lambda q: q in text),
        "claims",
        "quote",
        "seed_quote_not_verbatim",
    )
    return out


def all_failures(
    t: dict[str, pd.DataFrame], seed_file: Path = SEED_FILE, seed_sums: Path = SEED_SUMS
) -> list[Failure]:
    out = []
    checks = (
        foreign_keys,
        claim_fields,
        evidence,
        extension_counts,
        corroborated,
        country_names,
        orphans,
    )
    for check in checks:
        out += check(t)
    return out + seed(t, seed_file, seed_sums)
