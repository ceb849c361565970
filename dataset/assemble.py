"""Turn the records into typed tables: check references, derive columns, fix row order."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from dataset.corroboration import corroboration, scope
from dataset.errors import RecordError
from dataset.frames import typed_frame
from dataset.records import Frames
from schemas import TABLES


def _check_unique(rows: list[dict], key: str, what: str) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        value = row.get(key)
        if value in seen:
            raise RecordError(
                row["_file"], value, key, f"duplicate {what} (first defined in {seen[value]})"
            )
        if value is not None:
            seen[value] = row["_file"]


def _check_references(f: Frames) -> None:
    sources = {s["source_id"] for s in f.sources}
    targets = {
        "episodes": {e["episode_id"] for e in f.episodes},
        "events": {e["event_id"] for e in f.events},
    }
    for c in f.claims:
        if c["source_id"] not in sources:
            raise RecordError(
                c["_file"],
                c["claim_id"],
                "source",
                f"unknown source {c['source_id']!r} (not in records/sources.yaml)",
            )
        if c["target_id"] not in targets[c["target_table"]]:
            raise RecordError(
                c["_file"],
                c["claim_id"],
                "target",
                f"unknown {c['target_table']} row {c['target_id']!r}",
            )
    claim_ids = {c["claim_id"] for c in f.claims}
    for s in f.seed_sentences:
        for cid in (s["claim_ids"] or "").split(";"):
            if cid and cid not in claim_ids:
                raise RecordError(s["_file"], s["sentence_id"], "claims", f"unknown claim {cid!r}")


def _country_name(row: dict) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=row["country_code"])
    if country is None:
        raise RecordError(
            row["_file"],
            row["episode_id"],
            "country_code",
            f"{row['country_code']!r} is not an ISO 3166-1 alpha-2 code",
        )
    return country.name


def _derive(f: Frames) -> None:
    disputed: dict[str, set[str]] = defaultdict(set)
    for c in f.claims:
        if c["stance"] == "disputes":
            disputed[c["target_id"]].update(c["fields"].split(";"))
    for table, rows in (("episodes", f.episodes), ("events", f.events)):
        key = TABLES[table].primary_key
        order = TABLES[table].evidenced
        for row in rows:
            fields = [c for c in order if c in disputed[row[key]]]
            row["contested_fields"] = ";".join(fields) or None
            row["contested_fields_missing"] = None if fields else "not_applicable"
    for row in f.episodes:
        row["country_name"] = _country_name(row)
    episodes = pd.DataFrame(f.episodes)
    episodes["scope"] = scope(episodes["country_code"])
    derived = corroboration(
        episodes, pd.DataFrame(f.events), pd.DataFrame(f.claims), pd.DataFrame(f.sources)
    )
    for row, core, values in zip(
        f.episodes, episodes["scope"], derived.to_dict("records"), strict=True
    ):
        row.update(values, scope=core)


def assemble(f: Frames) -> dict[str, pd.DataFrame]:
    """Check identity and references across records, derive columns, return typed tables."""
    for rows, key, what in (
        (f.episodes, "episode_id", "episode id"),
        (f.events, "event_id", "event id"),
        (f.sources, "source_id", "source id"),
        (f.sources, "url", "source URL"),
        (f.claims, "claim_id", "claim id"),
        (f.seed_sentences, "sentence_id", "sentence id"),
        (f.seed_sentences, "text", "seed sentence"),
    ):
        _check_unique(rows, key, what)
    _check_references(f)
    _derive(f)
    return {
        name: typed_frame(TABLES[name], rows)
        for name, rows in (
            ("episodes", f.episodes),
            ("events", f.events),
            ("sources", f.sources),
            ("claims", f.claims),
            ("seed_sentences", f.seed_sentences),
        )
    }
