"""How well each episode is corroborated: independent origins behind its values.

One implementation serves both the build (which derives the columns) and validation
(which recomputes them from the published tables and compares).
"""

from __future__ import annotations

import pandas as pd

from schemas import TABLES
from schemas.codes import CORE_COUNTRIES, KEY_FIELDS
from schemas.columns import Table

COLUMNS = (
    "n_sources",
    "n_origins",
    "evidence_level",
    "single_origin_fields",
    "single_origin_fields_missing",
)


def asserted(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Which evidenced values assert something and so need a supporting claim.

    A missing value asserts nothing, and neither does the ``not_disclosed`` code of a
    coded column: it records that no source gives the value.
    """
    mask = frame[table.evidenced].notna()
    for name in table.evidenced:
        if "not_disclosed" in table.column(name).allowed:
            mask[name] &= (frame[name].astype(object) != "not_disclosed").to_numpy()
    return mask


def scope(country_code: pd.Series) -> pd.Series:
    """``core`` for the original comparison's four governments, else ``extended``."""
    core = country_code.isin(CORE_COUNTRIES).to_numpy()
    return pd.Series(["core" if c else "extended" for c in core], index=country_code.index)


def corroboration(
    episodes: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """Per episode (in ``episodes`` order): the columns in :data:`COLUMNS`.

    ``n_sources`` counts the sources of all claims on the episode and its events; the
    origin columns count supporting claims only, and the seed document is not an origin.
    """
    origin = sources.set_index("source_id")["origin"]
    seed = sources.loc[sources["source_type"] == "seed_document", "source_id"]
    episode_of = pd.concat(
        [
            pd.Series(episodes["episode_id"].to_numpy(), index=episodes["episode_id"].to_numpy()),
            pd.Series(events["episode_id"].to_numpy(), index=events["event_id"].to_numpy()),
        ]
    )
    claims = claims.assign(
        episode_id=claims["target_id"].map(episode_of), origin=claims["source_id"].map(origin)
    )
    support = claims[(claims["stance"] == "supports") & ~claims["source_id"].isin(seed)]
    ids = pd.Index(episodes["episode_id"].to_numpy(), name="episode_id")
    n_sources = claims.groupby("episode_id")["source_id"].nunique().reindex(ids, fill_value=0)
    n_origins = support.groupby("episode_id")["origin"].nunique().reindex(ids, fill_value=0)

    evidenced = TABLES["episodes"].evidenced
    per_field = (
        support[support["target_table"] == "episodes"]
        .assign(field=lambda d: d["fields"].str.split(";"))
        .explode("field")
        .groupby(["target_id", "field"])["origin"]
        .nunique()
    )
    present = asserted(episodes, TABLES["episodes"]).set_axis(ids)
    single = present & pd.DataFrame(
        {f: [per_field.get((e, f), 0) < 2 for e in ids] for f in evidenced}, index=ids
    )
    keys = [f for f in evidenced if f in KEY_FIELDS]
    listed = [";".join(single.columns[row]) for row in single.to_numpy()]
    level = pd.Series("corroborated", index=ids)
    level[single.any(axis=1)] = "key_facts_corroborated"
    level[single[keys].any(axis=1)] = "thin"
    return pd.DataFrame(
        {
            "n_sources": n_sources.astype("int64"),
            "n_origins": n_origins.astype("int64"),
            "evidence_level": level,
            "single_origin_fields": pd.Series([v or None for v in listed], ids, object),
            "single_origin_fields_missing": pd.Series(
                [None if v else "not_applicable" for v in listed], ids, object
            ),
        },
        index=ids,
    )
