"""What the site refuses to publish: a value it shows with no claim supporting it, a claim
whose source a reader cannot follow (no address and no stated reason why not), and a
reference to a quote or source that is not there."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

from dataset.derive import published_values
from dataset.errors import DatasetError, shorten
from dataset.frames import Frames


class SiteError(DatasetError):
    """The tables cannot be published as a site; the message names the first problem."""


def is_web_address(url: object) -> bool:
    """An absolute http(s) address with a host and no spaces."""
    if not isinstance(url, str) or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def supporting_claims(frames: Frames) -> pd.DataFrame:
    """Every value the site shows (as ``published_values`` gives it) joined to each claim that
    asserts it: on the same row and column, and for a coded set naming the same code. A value
    without such a claim comes out once with ``claim_id`` missing."""
    values = published_values(frames)
    claims = frames["claims"]
    claims = claims[(claims["stance"] == "supports") & (claims["assertion"] == "asserts")]
    claims = claims[["target_id", "field", "value", "claim_id", "quote_id", "source_id"]].astype(
        {"value": object}
    )
    is_set = values["kind"] == "codeset"
    scalar = values[~is_set].merge(
        claims.drop(columns="value"), on=["target_id", "field"], how="left"
    )
    coded = values[is_set].merge(claims, on=["target_id", "field", "value"], how="left")
    return pd.concat([scalar, coded], ignore_index=True)


def problems(frames: Frames) -> list[str]:
    """Every reason not to publish, one line each."""
    out = []
    support = supporting_claims(frames)
    listed = set(frames["values"]["value_id"])
    for row in support.drop_duplicates("value_id").itertuples():
        if row.value_id not in listed:
            out.append(
                f"value {row.value_id} ({shorten(row.value, 40)}) is not in the values table"
            )
    for value_id in sorted(listed - set(support["value_id"])):
        out.append(f"the values table lists {value_id}, which is not a published value")
    for row in support[support["claim_id"].isna()].itertuples():
        out.append(f"value {row.value_id} ({shorten(row.value, 40)}) has no supporting claim")
    quotes = set(frames["claims"]["quote_id"])
    for row in frames["seed_sentences"].dropna(subset=["quote_ids"]).itertuples():
        for quote_id in row.quote_ids.split(";"):
            if quote_id not in quotes:
                out.append(
                    f"seed sentence {row.sentence_id} cites quote {quote_id}, which no claim has"
                )
    sources = frames["sources"].set_index("source_id")
    for row in frames["claims"].itertuples():
        if row.source_id not in sources.index:
            out.append(f"claim {row.claim_id} cites source {row.source_id}, which is not listed")
    for source_id, row in sources.iterrows():
        if pd.isna(row["url"]) and pd.isna(row["url_missing"]):
            out.append(f"source {source_id} has no address and no reason why not")
        elif pd.notna(row["url"]) and not is_web_address(row["url"]):
            out.append(
                f"source {source_id} has an address that is not a web link: {shorten(row['url'])}"
            )
    return out


def check(frames: Frames) -> None:
    """Raise :class:`SiteError` naming the first problem (and how many there are)."""
    found = problems(frames)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise SiteError(f"site not written: {found[0]}{more}")
