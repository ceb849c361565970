"""Plain-text summaries printed by ``build`` and ``info``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from dataset.compare import compare_frame
from dataset.load import TABLE_NAMES, load


def _date(value, precision) -> str:
    if pd.isna(value):
        return "-"
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[str(precision)]
    return value.strftime(fmt)


def comparison_text(data_dir: Path) -> str:
    """The comparison matrix, one line per episode, for a terminal."""
    episodes = load("episodes", data_dir).set_index("episode_id")
    matrix = compare_frame(data_dir)
    rows = []
    for eid, row in matrix.iterrows():
        ep = episodes.loc[eid]
        rows.append({
            "episode": eid,
            "demand": _date(ep.demand_date, ep.demand_date_precision),
            "services": row.services_targeted,
            "access sought": row.access_sought,
            "deadline": _date(ep.deadline_first, ep.deadline_first_precision),
            "final": _date(ep.deadline_final, ep.deadline_final_precision),
            "ext": "-" if pd.isna(row.extensions_count) else int(row.extensions_count),
            "response": row.response,
            "outcome": row.outcome,
            "on": _date(ep.outcome_date, ep.outcome_date_precision),
            "contested": "-" if pd.isna(row.contested_fields) else row.contested_fields,
        })
    return "Comparison of episodes\n" + pd.DataFrame(rows).to_string(index=False)


def info_text(data_dir: Path) -> str:
    """One screen: version, tables and rows, coverage, seed triage."""
    meta = pq.read_schema(data_dir / "episodes.parquet").metadata
    version = meta[b"dataset.version"].decode()
    lines = [f"{meta[b'dataset.name'].decode()} {version} ({meta[b'dataset.license'].decode()})",
             f"data: {data_dir}", "", "table            rows"]
    frames = {name: load(name, data_dir) for name in TABLE_NAMES}
    lines += [f"{name:<16}{len(frame):>5}" for name, frame in frames.items()]
    episodes, claims = frames["episodes"], frames["claims"]
    lines += ["", "coverage"]
    for country, group in episodes.groupby("country_name", observed=True):
        events = frames["events"]["episode_id"].isin(group["episode_id"]).sum()
        lines.append(f"  {country}: {len(group)} episode(s), {events} events, "
                     f"{int(group['n_sources'].sum())} sources")
    disputes = int((claims["stance"] == "disputes").sum())
    lines.append(f"  claims: {len(claims)} ({disputes} disputing), "
                 f"sources: {len(frames['sources'])}")
    verdicts = frames["seed_sentences"]["verdict"].value_counts()
    lines.append("  seed sentences: " + ", ".join(
        f"{v} {int(n)}" for v, n in verdicts.items() if n))
    return "\n".join(lines)
