"""Every derived value, computed by one function each.

The build uses these functions to fill the derived columns (and the derived tables
``values`` and ``agreement``); validation calls the same functions on the published tables
and compares (check ``derived_value``). Inputs are typed frames; nothing here raises on bad
data: a value that cannot be derived comes out missing, and validation names it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dataset import dates
from dataset.frames import Frames, retype, sort_rows
from dataset.schema import DATASET, EVIDENCED_TABLES, TABLES, Column

NONE_CODED = "none"  # a coder's "no value" in the coding table


@dataclass(frozen=True)
class Derivation:
    """Columns of ``table`` (or, with ``whole``, the whole table) computed by ``function``."""

    table: str
    columns: tuple[str, ...]
    function: Callable[[Frames], pd.DataFrame]
    whole: bool = False


# ---- values as text -------------------------------------------------------------------


def value_text(frame: pd.DataFrame, col: Column) -> pd.Series:
    """A column's values as text: dates at their precision, codes, numbers, text."""
    series = frame[col.name]
    if col.kind == "date":
        return dates.render_series(series, frame[f"{col.name}_precision"])
    if col.kind == "integer":
        return series.astype("str").where(series.notna())
    return series.astype(object).where(series.notna()).astype("str")


def recorded_values(frames: Frames) -> pd.DataFrame:
    """One row per (row, evidenced column) of episodes and events, missing values included:
    target_table, target_id, field, kind, text, and for dates the period's start and end."""
    parts = []
    for name in EVIDENCED_TABLES:
        table, frame = TABLES[name], frames[name]
        key = frame[table.primary_key].to_numpy()
        for col in (table.column(c) for c in table.evidenced):
            part = pd.DataFrame(
                {
                    "target_table": name,
                    "target_id": key,
                    "field": col.name,
                    "kind": col.kind,
                    "text": value_text(frame, col).to_numpy(object),
                }
            )
            if col.kind == "date":
                bounds = dates.periods(frame, col.name)
                part["start"] = bounds.iloc[:, 0].to_numpy()
                part["end"] = bounds.iloc[:, 1].to_numpy()
            parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    for c in ("start", "end"):
        out[c] = pd.to_datetime(out[c])
    return out


def claim_periods(values: pd.Series) -> pd.DataFrame:
    """Start, end and precision of dates written as text at their precision."""
    precision = dates.precision_of(values.fillna(""))
    padded = values.fillna("").str.pad(10, side="right", fillchar="x")
    padded = padded.str.replace(r"^(\d{4})x{6}$", r"\1-01-01", regex=True)
    padded = padded.str.replace(r"^(\d{4}-\d{2})x{3}$", r"\1-01", regex=True)
    start = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce").astype("datetime64[ms]")
    return pd.DataFrame(
        {"start": start, "end": dates.period_end(start, precision), "precision": precision},
        index=values.index,
    )


# ---- single-table derivations -----------------------------------------------------------


def country_names(codes: pd.Series) -> pd.Series:
    """ISO 3166-1 names (pycountry); missing for a code that is not ISO 3166-1."""
    import pycountry

    names = {c.alpha_2: c.name for c in pycountry.countries}
    return codes.map(names).astype("str")


def episode_country(frames: Frames) -> pd.DataFrame:
    return pd.DataFrame({"country_name": country_names(frames["episodes"]["country_code"])})


def exclusion_country(frames: Frames) -> pd.DataFrame:
    return pd.DataFrame({"country_name": country_names(frames["exclusions"]["country_code"])})


def scope(frames: Frames) -> pd.DataFrame:
    core = frames["episodes"]["country_code"].isin(DATASET["core_countries"]).to_numpy()
    return pd.DataFrame(
        {"scope": np.where(core, "core", "extended")}, index=frames["episodes"].index
    )


def durations(frames: Frames) -> pd.DataFrame:
    """Fewest and most days between the demand and the outcome that the dates allow."""
    ep = frames["episodes"]
    demand, outcome = dates.periods(ep, "demand_date"), dates.periods(ep, "outcome_date")
    low = (outcome["outcome_date_start"] - demand["demand_date_end"]).dt.days.clip(lower=0)
    high = (outcome["outcome_date_end"] - demand["demand_date_start"]).dt.days
    return pd.DataFrame(
        {"days_to_outcome_min": low.astype("Int64"), "days_to_outcome_max": high.astype("Int64")}
    )


def extensions(frames: Frames) -> pd.DataFrame:
    """The government's ``deadline_extended`` events; without a first deadline, missing for
    the deadline's own reason."""
    ep, ev = frames["episodes"], frames["events"]
    counts = ev[ev["event_type"] == "deadline_extended"].groupby("episode_id").size()
    count = ep["episode_id"].map(counts).fillna(0).astype("Int64")
    no_deadline = ep["deadline_first"].isna()
    reason = ep["deadline_first_missing"].astype(object).where(no_deadline, None)
    return pd.DataFrame(
        {"extensions_count": count.where(~no_deadline), "extensions_count_missing": reason}
    )


def seed_lines(frames: Frames, seed_text: str) -> pd.DataFrame:
    """The seed-file line each sentence starts on; missing where the text is not there."""
    text = frames["seed_sentences"]["text"]
    position = text.map(lambda t: seed_text.find(t) if isinstance(t, str) else -1)
    line = position.map(lambda p: seed_text.count("\n", 0, p) + 1 if p >= 0 else None)
    return pd.DataFrame({"line": line.astype("Int64")})


# ---- claims ----------------------------------------------------------------------------


def claim_episode(frames: Frames) -> pd.DataFrame:
    """The episode a claim is about (an event's episode); not applicable for exclusions."""
    claims, events = frames["claims"], frames["events"]
    of_event = _lookup(events["event_id"], events["episode_id"])
    episode = claims["target_id"].where(claims["target_table"] == "episodes")
    from_events = claims["target_id"].map(of_event).where(claims["target_table"] == "events")
    episode = episode.fillna(from_events)
    return pd.DataFrame(
        {
            "episode_id": episode.astype("str"),
            "episode_id_missing": np.where(episode.isna(), "not_applicable", None),
        },
        index=claims.index,
    )


def stances(frames: Frames) -> pd.DataFrame:
    """Supports when the claim agrees with the recorded value, disputes when not; a denial
    the other way round. Dates agree when their periods overlap, codes of a set when the code
    is in the recorded set; a missing recorded value agrees with nothing."""
    claims = frames["claims"]
    # A repeated row key (a defect the checks report) keeps its first row.
    recorded = recorded_values(frames).drop_duplicates(["target_id", "field"], keep="first")
    merged = (
        claims[["target_id", "field", "value", "assertion"]]
        .astype(object)
        .merge(recorded, how="left", on=["target_id", "field"], validate="many_to_one")
    )
    merged.index = claims.index
    equal = (merged["text"] == merged["value"]).fillna(False)
    is_set = merged["kind"] == "codeset"
    in_set = pd.Series(
        [
            isinstance(t, str) and v in t.split(";")
            for t, v in zip(merged["text"], merged["value"], strict=True)
        ],
        index=merged.index,
    )
    is_date = merged["kind"] == "date"
    claimed = claim_periods(merged["value"].where(is_date))
    overlap = (claimed["start"] <= merged["end"]) & (merged["start"] <= claimed["end"])
    agree = np.where(is_set, in_set, np.where(is_date, overlap.fillna(False), equal)).astype(bool)
    asserts = (merged["assertion"] == "asserts").to_numpy()
    stance = np.where(agree == asserts, "supports", "disputes")
    stance = np.where(claims["field"].isna().to_numpy(), "context", stance)
    return pd.DataFrame({"stance": stance}, index=claims.index)


def contested(name: str) -> Callable[[Frames], pd.DataFrame]:
    """``contested_fields`` of a table: its columns that a claim disputes, in column order."""

    def derive(frames: Frames) -> pd.DataFrame:
        table, frame, claims = TABLES[name], frames[name], frames["claims"]
        disputes = claims[(claims["stance"] == "disputes") & (claims["target_table"] == name)]
        order = {c: i for i, c in enumerate(table.evidenced)}
        fields = (
            disputes[["target_id", "field"]]
            .drop_duplicates()
            .assign(pos=lambda d: d["field"].map(order))
            .sort_values(["target_id", "pos"])
            .groupby("target_id")["field"]
            .agg(";".join)
        )
        listed = frame[table.primary_key].map(fields)
        return pd.DataFrame(
            {
                "contested_fields": listed.astype("str"),
                "contested_fields_missing": np.where(listed.isna(), "not_applicable", None),
            },
            index=frame.index,
        )

    return derive


# ---- evidence per value -----------------------------------------------------------------


def _claim_origins(frames: Frames) -> pd.DataFrame:
    """Claims with their origin and whether that origin is independent (type not unknown)."""
    claims = frames["claims"]
    sources, origins = frames["sources"], frames["origins"]
    origin = claims["source_id"].map(_lookup(sources["source_id"], sources["origin_id"]))
    kind = origin.map(_lookup(origins["origin_id"], origins["origin_type"].astype(object)))
    return claims.assign(origin=origin, independent=(kind != "unknown") & origin.notna())


def published_values(frames: Frames) -> pd.DataFrame:
    """Every published value that needs evidence (not missing, not a code recording an
    absence), one row per code of a coded set: value_id, target_table, target_id, field,
    value, kind, precision."""
    recorded = recorded_values(frames)
    recorded = recorded[recorded["text"].notna()].copy()
    absences = {
        (c.name, a) for t in EVIDENCED_TABLES for c in TABLES[t].columns for a in c.absences
    }
    codes = recorded["kind"] == "codeset"
    recorded["value"] = recorded["text"].where(~codes, recorded["text"].str.split(";"))
    recorded = recorded.explode("value")
    absent = [(f, v) in absences for f, v in zip(recorded["field"], recorded["value"], strict=True)]
    recorded = recorded[~np.array(absent, dtype=bool)]
    suffix = np.where(recorded["kind"] == "codeset", "/" + recorded["value"], "")
    recorded["value_id"] = recorded["target_id"] + "/" + recorded["field"] + suffix
    recorded["precision"] = dates.precision_of(recorded["value"]).where(recorded["kind"] == "date")
    return recorded.reset_index(drop=True)


def values(frames: Frames) -> pd.DataFrame:
    """The ``values`` table: supporting and disputing claims and origins per value."""
    vals = published_values(frames)
    claims = _claim_origins(frames)
    claims = claims[claims["field"].notna()].astype({"value": object, "field": object})
    rank = {p: i for i, p in enumerate(dates.PRECISIONS)}
    claims = claims.assign(precision=claims["value"].map(lambda v: {4: 0, 7: 1, 10: 2}.get(len(v))))
    key = ["target_id", "field"]
    per_set = vals["kind"] == "codeset"
    # Scalars: every claim on the column is about the one value. Codes: claims naming the code.
    scalar = vals[~per_set].merge(claims, on=key, how="left", suffixes=("", "_claim"))
    coded = vals[per_set].merge(
        claims.rename(columns={"value": "value_claim"}),
        left_on=[*key, "value"],
        right_on=[*key, "value_claim"],
        how="left",
    )
    both = pd.concat([scalar, coded], ignore_index=True)
    supports = both["stance"] == "supports"
    # For a code, a disputing claim is one denying that code; for a scalar, any dispute.
    disputes = (both["stance"] == "disputes") & (
        (both["kind"] != "codeset") | (both["assertion"] == "denies")
    )
    precise = both["precision_claim"].isna() | (
        both["precision_claim"] >= both["precision"].map(rank).fillna(0)
    )
    counted = supports & (both["assertion"] == "asserts")
    both = both.assign(
        sup=both["claim_id"].where(counted),
        sup_o=both["origin"].where(
            counted & both["independent"].fillna(False).astype(bool) & precise
        ),
        dis=both["claim_id"].where(disputes),
        dis_o=both["origin"].where(disputes & both["independent"].fillna(False).astype(bool)),
    )
    counts = both.groupby("value_id").agg(
        n_supporting_claims=("sup", "nunique"),
        n_supporting_origins=("sup_o", "nunique"),
        n_disputing_claims=("dis", "nunique"),
        n_disputing_origins=("dis_o", "nunique"),
    )
    out = vals.set_index("value_id").join(counts).reset_index()
    out["episode_id"] = out["target_id"].str.slice(0, None).map(_episode_of(frames))
    n = out["n_supporting_origins"]
    out["support"] = np.select([n >= 2, n == 1], ["corroborated", "single_origin"], "unsupported")
    return out[TABLES["values"].names]


def _episode_of(frames: Frames) -> pd.Series:
    ep, ev = frames["episodes"], frames["events"]
    return _lookup(
        pd.concat([ep["episode_id"], ev["event_id"]]),
        pd.concat([ep["episode_id"], ev["episode_id"]]),
    )


def _lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """A key -> value mapping; a repeated key (a defect the checks report) keeps its first
    value, so that deriving never fails on it."""
    table = pd.Series(values.to_numpy(), index=keys.to_numpy())
    return table[~table.index.duplicated(keep="first")]


def corroboration(frames: Frames) -> pd.DataFrame:
    """Per episode: sources and independent origins behind it, its evidence level (from its
    own values) and the values that are not corroborated."""
    episodes, vals = frames["episodes"], frames["values"]
    claims = _claim_origins(frames)
    ids = pd.Index(episodes["episode_id"].to_numpy(), name="episode_id")
    n_sources = claims.groupby("episode_id")["source_id"].nunique().reindex(ids, fill_value=0)
    support = claims[(claims["stance"] == "supports") & claims["independent"]]
    n_origins = support.groupby("episode_id")["origin"].nunique().reindex(ids, fill_value=0)
    own = vals[vals["target_table"] == "episodes"].copy()
    own["weak"] = own["support"] != "corroborated"
    own["key"] = own["field"].isin(DATASET["key_fields"])
    columns = {c: i for i, c in enumerate(TABLES["episodes"].names)}
    own = own.assign(pos=own["field"].map(columns)).sort_values(["target_id", "pos", "value_id"])
    own["label"] = np.where(
        own["value_id"].str.count("/") == 2, own["field"] + "=" + own["value"], own["field"]
    )
    weak = own[own["weak"]]
    listed = weak.groupby("target_id")["label"].agg(";".join).reindex(ids)
    any_weak = own.groupby("target_id")["weak"].any().reindex(ids, fill_value=False)
    key_weak = (
        (own["weak"] & own["key"]).groupby(own["target_id"]).any().reindex(ids, fill_value=False)
    )
    level = np.select([key_weak, any_weak], ["thin", "key_facts_corroborated"], "corroborated")
    return pd.DataFrame(
        {
            "n_sources": n_sources.astype("Int64").to_numpy(),
            "n_origins": n_origins.astype("Int64").to_numpy(),
            "evidence_level": level,
            "single_origin_values": listed.astype("str").to_numpy(),
            "single_origin_values_missing": np.where(listed.isna(), "not_applicable", None),
        },
        index=episodes.index,
    )


# ---- second coding ----------------------------------------------------------------------


def coded_value(episodes: pd.DataFrame, field: str) -> pd.Series:
    """An episode column as the coding table writes it (``none`` for a missing value)."""
    return episodes[field].astype(object).where(episodes[field].notna(), NONE_CODED).astype(str)


def agreement(frames: Frames) -> pd.DataFrame:
    """Agreement of the two coders per column before adjudication: percent agreement and
    Krippendorff's alpha (nominal). A coded set is compared code by code (present or not)."""
    import krippendorff

    coding = frames["coding"]
    rows = []
    for field in DATASET["second_coding_fields"]:
        part = coding[coding["field"] == field]
        if part.empty:
            continue
        first, second = part["first_value"].astype(str), part["second_value"].astype(str)
        col = TABLES["episodes"].column(field)
        if col.kind == "codeset":
            units = [
                (code in a.split(";"), code in b.split(";"))
                for a, b in zip(first, second, strict=True)
                for code in col.allowed
            ]
        else:
            units = list(zip(first, second, strict=True))
        a = [u[0] for u in units]
        b = [u[1] for u in units]
        labels = {v: i for i, v in enumerate(sorted({str(x) for x in a + b}))}
        data = np.array([[labels[str(x)] for x in a], [labels[str(x)] for x in b]], dtype=float)
        alpha = None
        if len(labels) > 1:
            alpha = round(
                float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), 4
            )
        rows.append(
            {
                "field": field,
                "n_episodes": len(part),
                "n_units": len(units),
                "percent_agreement": round(100 * float(np.mean([x == y for x, y in units])), 2),
                "krippendorff_alpha": alpha,
            }
        )
    return pd.DataFrame(rows, columns=TABLES["agreement"].names)


# ---- the list, in dependency order --------------------------------------------------------


def derivations(seed_text: str) -> tuple[Derivation, ...]:
    return (
        Derivation("episodes", ("country_name",), episode_country),
        Derivation("exclusions", ("country_name",), exclusion_country),
        Derivation("episodes", ("scope",), scope),
        Derivation("seed_sentences", ("line",), lambda f: seed_lines(f, seed_text)),
        Derivation("claims", ("episode_id", "episode_id_missing"), claim_episode),
        Derivation("claims", ("stance",), stances),
        Derivation(
            "episodes", ("contested_fields", "contested_fields_missing"), contested("episodes")
        ),
        Derivation("events", ("contested_fields", "contested_fields_missing"), contested("events")),
        Derivation("episodes", ("extensions_count", "extensions_count_missing"), extensions),
        Derivation("episodes", ("days_to_outcome_min", "days_to_outcome_max"), durations),
        Derivation("values", tuple(TABLES["values"].names), values, whole=True),
        Derivation(
            "episodes",
            (
                "n_sources",
                "n_origins",
                "evidence_level",
                "single_origin_values",
                "single_origin_values_missing",
            ),
            corroboration,
        ),
        Derivation("agreement", tuple(TABLES["agreement"].names), agreement, whole=True),
    )


def derive_all(frames: Frames, seed_text: str) -> Frames:
    """Fill every derived column and table, in dependency order, with published dtypes."""
    frames = dict(frames)
    for d in derivations(seed_text):
        result = d.function(frames)
        if d.whole:
            frames[d.table] = sort_rows(TABLES[d.table], retype(TABLES[d.table], result))
            continue
        frame = frames[d.table].copy()
        for column in d.columns:
            frame[column] = result[column].to_numpy()
        frames[d.table] = retype(TABLES[d.table], frame)
    return frames
