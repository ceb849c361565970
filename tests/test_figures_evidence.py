"""The evidence figure counts independent origins: its bars are checked against counts made
here from the Parquet files with pyarrow alone (no pandas, no dataset code)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pyarrow.parquet as pq
import pytest

import dataset
from dataset import figures
from dataset.paths import DATA_DIR


def read(name: str) -> list[dict]:
    return pq.read_table(DATA_DIR / f"{name}.parquet").to_pylist()


@pytest.fixture(scope="module")
def parquet() -> dict[str, list[dict]]:
    names = ("episodes", "events", "origins", "sources", "claims", "values")
    return {name: read(name) for name in names}


def episode_labels(parquet) -> dict[str, str]:
    return {
        e["episode_id"]: (
            f"{e['country_name']} · {e['demanding_body_abbr']} · {e['demand_date'].year}"
        )
        for e in parquet["episodes"]
    }


def independent_origins(parquet) -> dict[str, Counter]:
    """Per episode, its independent origins by type: the origins of the sources of claims
    that support the episode or one of its events, each origin once, type `unknown` left out."""
    event_episode = {e["event_id"]: e["episode_id"] for e in parquet["events"]}
    origin_of = {s["source_id"]: s["origin_id"] for s in parquet["sources"]}
    type_of = {o["origin_id"]: o["origin_type"] for o in parquet["origins"]}
    seen: dict[str, set] = defaultdict(set)
    for c in parquet["claims"]:
        if c["stance"] != "supports":
            continue
        if c["target_table"] == "episodes":
            episode = c["target_id"]
        elif c["target_table"] == "events":
            episode = event_episode[c["target_id"]]
        else:
            continue
        origin = origin_of[c["source_id"]]
        if type_of[origin] != "unknown":
            seen[episode].add(origin)
    return {e: Counter(type_of[o] for o in origins) for e, origins in seen.items()}


def supporting_sources(parquet) -> dict[str, int]:
    event_episode = {e["event_id"]: e["episode_id"] for e in parquet["events"]}
    seen: dict[str, set] = defaultdict(set)
    for c in parquet["claims"]:
        if c["stance"] == "supports" and c["target_table"] in ("episodes", "events"):
            episode = event_episode.get(c["target_id"], c["target_id"])
            seen[episode].add(c["source_id"])
    return {e: len(s) for e, s in seen.items()}


def drawn_bars(ax, labels_by_row: list[str]) -> dict[str, Counter]:
    """Per row label, the width of each labelled segment drawn on ``ax``."""
    out: dict[str, Counter] = defaultdict(Counter)
    for container in ax.containers:
        for patch in container.patches:
            row = labels_by_row[round(patch.get_y() + patch.get_height() / 2)]
            if patch.get_width():
                out[row][container.get_label()] += round(patch.get_width())
    return out


def panel(fig, title: str):
    return next(ax for ax in fig.axes if ax.get_title(loc="left") == title)


@pytest.fixture(scope="module")
def figure():
    frames = {name: dataset.load(name) for name in figures.TABLES_USED}
    return figures.evidence(
        frames["episodes"],
        frames["origins"],
        frames["sources"],
        frames["claims"],
        frames["values"],
        frames["seed_sentences"],
    )


def rows_of(figure) -> list[str]:
    ax = panel(figure, "Values by independent support")
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    by_row = {round(y): t.get_text() for y, t in ticks}
    return [by_row[i] for i in range(len(by_row))]


def test_origin_bars_count_independent_origins_by_type(figure, parquet):
    labels = episode_labels(parquet)
    expected = {labels[e]: counts for e, counts in independent_origins(parquet).items()}
    drawn = drawn_bars(panel(figure, "Independent origins, not sources"), rows_of(figure))
    assert drawn == expected
    assert all("unknown" not in counts for counts in drawn.values())


def test_origin_totals_are_the_published_n_origins(figure, parquet):
    labels = episode_labels(parquet)
    drawn = drawn_bars(panel(figure, "Independent origins, not sources"), rows_of(figure))
    assert {row: sum(c.values()) for row, c in drawn.items()} == {
        labels[e["episode_id"]]: e["n_origins"] for e in parquet["episodes"]
    }


def test_sources_are_shown_apart_from_origins_and_labelled_as_such(figure, parquet):
    ax = panel(figure, "Independent origins, not sources")
    labels = episode_labels(parquet)
    rows = rows_of(figure)
    (diamonds,) = [line for line in ax.lines if line.get_marker() == "D"]
    shown = {rows[round(y)]: round(x) for x, y in diamonds.get_xydata()}
    assert shown == {labels[e]: n for e, n in supporting_sources(parquet).items()}
    origins = independent_origins(parquet)
    ends = {t.get_text() for t in ax.texts}
    for episode, label in labels.items():
        n, m = sum(origins[episode].values()), supporting_sources(parquet)[episode]
        assert f"{n} origins, {m} sources" in ends, label
    assert "independent origins" in ax.get_xlabel().lower()
    assert "unknown" in ax.get_xlabel().lower()


def test_value_bars_count_each_value_by_its_support(figure, parquet):
    labels = episode_labels(parquet)
    expected: dict[str, Counter] = defaultdict(Counter)
    for v in parquet["values"]:
        if v["target_table"] == "episodes":
            expected[labels[v["episode_id"]]][v["support"]] += 1
    drawn = drawn_bars(panel(figure, "Values by independent support"), rows_of(figure))
    assert drawn == expected


def test_an_origin_turned_unknown_no_longer_counts(parquet):
    frames = {name: dataset.load(name).copy() for name in figures.TABLES_USED}
    counts = independent_origins(parquet)
    episode = max(counts, key=lambda e: counts[e]["news_agency"])
    claims, sources, origins = frames["claims"], frames["sources"], frames["origins"]
    supporting = claims[(claims["episode_id"] == episode) & (claims["stance"] == "supports")]
    behind = set(sources.loc[sources["source_id"].isin(supporting["source_id"]), "origin_id"])
    agency = origins["origin_id"].isin(behind) & (origins["origin_type"] == "news_agency")
    origins.loc[origins.index[agency][0], "origin_type"] = "unknown"
    fig = figures.evidence(
        frames["episodes"], origins, sources, claims, frames["values"], frames["seed_sentences"]
    )
    label = episode_labels(parquet)[episode]
    drawn = drawn_bars(panel(fig, "Independent origins, not sources"), rows_of(fig))[label]
    assert drawn["news_agency"] == counts[episode]["news_agency"] - 1
    assert sum(drawn.values()) == sum(counts[episode].values()) - 1
