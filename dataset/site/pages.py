"""What each page shows, as plain data for the templates, built from the loaded tables.

Anchors are shared by every page: ``source-<source_id>`` on the sources page,
``claim-<claim_id>`` for a claim about an episode's column, ``quote-<quote_id>`` for a quote
about an event or a left-out candidate, ``value-<value_id>`` for a value.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

import pandas as pd

from dataset.derive import published_values
from dataset.frames import Frames
from dataset.schema import CODE_LISTS, DATASET, EVIDENCED_TABLES, TABLES
from dataset.site import display
from dataset.site.check import supporting_claims

STANCE_ORDER = {"supports": 0, "disputes": 1, "context": 2}
# Columns of the episode page that are not values of their own.
_NOT_SHOWN = {"episode_id", "country_name", "summary", "coding_notes"}


def episode_href(episode_id: str) -> str:
    return f"episodes/{episode_id}.html"


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if display.is_missing(v) else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


class SiteData:
    """The loaded tables and the views every page shares (sources, claims, quotes)."""

    def __init__(self, frames: Frames) -> None:
        self.frames = frames
        self.episodes = frames["episodes"].set_index("episode_id", drop=False)
        self.values = frames["values"].set_index("value_id", drop=False)

    # ---- sources and claims ----------------------------------------------------------------

    @cached_property
    def country_names(self) -> dict[str, str]:
        names = {}
        for table in ("episodes", "exclusions"):
            frame = self.frames[table]
            names.update(zip(frame["country_code"], frame["country_name"], strict=True))
        return names

    def text_of(self, column, value: str) -> str:
        """A value as text in words; a country code with the country's name."""
        if column.vocabulary == "iso_3166_1_alpha_2":
            return f"{self.country_names.get(value, value)} ({value})"
        return display.value_text(column, value)

    @cached_property
    def origins(self) -> dict[str, dict]:
        return {
            o["origin_id"]: {
                **o,
                "type_label": display.code_label("origin_type", o["origin_type"]),
                "anchor": f"origin-{o['origin_id']}",
            }
            for o in _records(self.frames["origins"])
        }

    @cached_property
    def sources(self) -> dict[str, dict]:
        out = {}
        for row in _records(self.frames["sources"]):
            missing = display.missing_text
            out[row["source_id"]] = {
                **row,
                "anchor": f"source-{row['source_id']}",
                "title_text": row["title"]
                or f"Untitled (title {missing(row['title_missing']).lower()})",
                "url_reason": None if row["url"] else missing(row["url_missing"]),
                "date_text": (
                    display.date_text(row["published_date"], row["published_date_precision"])
                    if row["published_date"] is not None
                    else f"date {missing(row['published_date_missing']).lower()}"
                ),
                "type_label": display.code_label("source_type", row["source_type"]),
                "origin": self.origins.get(row["origin_id"]),
            }
        return out

    @cached_property
    def claims(self) -> list[dict]:
        """Every claim with its source, value in words, language and anchor."""
        out = []
        for row in _records(self.frames["claims"]):
            table = row["target_table"]
            column = (
                TABLES[table].column(row["field"])
                if row["field"] and table in EVIDENCED_TABLES
                else None
            )
            language = row["quote_language"]
            out.append(
                {
                    **row,
                    "source": self.sources[row["source_id"]],
                    "field_label": display.column_label(row["field"]) if row["field"] else None,
                    "value_text": (
                        self.text_of(column, row["value"])
                        if column is not None and row["value"] is not None
                        else row["value"]
                    ),
                    "lang": language,
                    "dir": display.text_direction(language),
                    "anchor": f"claim-{row['claim_id']}",
                }
            )
        return out

    @cached_property
    def claims_by_target(self) -> dict[str, list[dict]]:
        out = defaultdict(list)
        for claim in self.claims:
            out[claim["target_id"]].append(claim)
        return out

    @cached_property
    def quotes(self) -> dict[str, list[dict]]:
        """Claims grouped by quote, in claim order."""
        out = defaultdict(list)
        for claim in self.claims:
            out[claim["quote_id"]].append(claim)
        return out

    @cached_property
    def quote_hrefs(self) -> dict[str, str]:
        """Where each quote is shown, relative to the site's root."""
        out = {}
        for quote_id, claims in self.quotes.items():
            first = claims[0]
            if first["target_table"] == "episodes":
                out[quote_id] = f"{episode_href(first['target_id'])}#{first['anchor']}"
            elif first["target_table"] == "events":
                out[quote_id] = f"{episode_href(first['episode_id'])}#quote-{quote_id}"
            else:
                out[quote_id] = f"exclusions.html#quote-{quote_id}"
        return out

    def quote_view(self, quote_id: str) -> dict:
        """One quote with the values it bears on (one claim each)."""
        claims = self.quotes[quote_id]
        return {**claims[0], "claims": claims, "anchor": f"quote-{quote_id}"}

    @cached_property
    def asserted_by(self) -> dict[str, list[str]]:
        """For each value, the claims asserting it (see :func:`check.supporting_claims`)."""
        support = supporting_claims(self.frames).dropna(subset=["claim_id"])
        return support.groupby("value_id")["claim_id"].agg(list).to_dict()

    @cached_property
    def published(self) -> dict[tuple[str, str], list[dict]]:
        """The values the site shows with evidence, by (row, column)."""
        out = defaultdict(list)
        for row in _records(published_values(self.frames)):
            out[(row["target_id"], row["field"])].append(row)
        return out

    # ---- values ---------------------------------------------------------------------------

    def value_view(self, value: dict, claims: list[dict], by_quote: bool = False) -> dict:
        """A value with its claims; ``supported_by`` names the elements showing the claims
        that assert it (the claims, or with ``by_quote`` their quotes)."""
        stats = self.values.loc[value["value_id"]]
        asserting = set(self.asserted_by.get(value["value_id"], []))
        column = TABLES[value["target_table"]].column(value["field"])
        listed = column.codes or column.codeset
        return {
            **value,
            "anchor": f"value-{value['value_id']}",
            "text": self.text_of(column, value["value"]),
            "definition": display.code_definition(listed, value["value"]) if listed else "",
            "supporting": sorted(
                (c for c in claims if c["stance"] == "supports"),
                key=lambda c: c["claim_id"] not in asserting,
            ),
            "disputing": [c for c in claims if c["stance"] == "disputes"],
            "supported_by": list(
                dict.fromkeys(
                    f"quote-{c['quote_id']}" if by_quote else c["anchor"]
                    for c in claims
                    if c["claim_id"] in asserting
                )
            ),
            "support": stats["support"],
            "support_label": display.code_label("support", stats["support"]),
            "n_supporting_origins": int(stats["n_supporting_origins"]),
            "n_disputing_claims": int(stats["n_disputing_claims"]),
            "n_disputing_origins": int(stats["n_disputing_origins"]),
        }

    def field_view(self, table: str, row: pd.Series, key: str, name: str) -> dict:
        """A column of a row: its values with their claims, and the claims about the column
        that bear on no shown value (a code not recorded, a missing value)."""
        claims = [c for c in self.claims_by_target[key] if c["field"] == name]
        claims.sort(key=lambda c: (STANCE_ORDER[c["stance"]], c["claim_id"]))
        column = TABLES[table].column(name)
        values, shown = [], set()
        for value in self.published.get((key, name), []):
            mine = [
                c
                for c in claims
                if column.kind != "codeset" or c["value"] == value["value"]
                if c["claim_id"] not in shown
            ]
            shown.update(c["claim_id"] for c in mine)
            values.append(self.value_view(value, mine))
        listed = column.codes or column.codeset
        absences = [
            {
                "text": display.code_label(listed, code),
                "definition": display.code_definition(listed, code),
            }
            for code in (str(row[name]).split(";") if not display.is_missing(row[name]) else [])
            if code in column.absences
        ]
        return {
            "name": name,
            "label": display.column_label(name),
            "description": column.description,
            "values": values,
            "absences": absences,
            "missing": (
                display.missing_text(row.get(f"{name}_missing"))
                if display.is_missing(row[name])
                else None
            ),
            "missing_definition": (
                display.code_definition("missing_reason", row[f"{name}_missing"])
                if display.is_missing(row[name])
                and not display.is_missing(row.get(f"{name}_missing"))
                else ""
            ),
            "other_claims": [c for c in claims if c["claim_id"] not in shown],
            "contested": any(c["stance"] == "disputes" for c in claims),
        }

    # ---- pages ----------------------------------------------------------------------------

    def episode_title(self, row: pd.Series) -> str:
        year = pd.Timestamp(row["demand_date"]).year
        return f"{row['country_name']}: {row['demanding_body']}, {year}"

    def matrix(self) -> dict:
        """The comparison table on the home page: columns, rows, filter choices."""
        columns = [
            "country_code",
            "scope",
            "demand_date",
            "access_sought",
            "threatened_action",
            "response",
            "outcome",
            "outcome_date",
            "evidence_level",
            "n_origins",
        ]
        episodes = self.frames["episodes"]
        rows = []
        for _, row in episodes.iterrows():
            cells = []
            for name in columns[1:]:
                column = TABLES["episodes"].column(name)
                if column.kind == "codeset" and not display.is_missing(row[name]):
                    parts = [display.value_text(column, c) for c in str(row[name]).split(";")]
                else:
                    parts = [display.cell_text("episodes", row, name)]
                cells.append({"parts": parts, "sort": display.sort_key("episodes", row, name)})
            rows.append(
                {
                    "episode_id": row["episode_id"],
                    "href": episode_href(row["episode_id"]),
                    "government": row["country_name"],
                    "body": row["demanding_body"],
                    "scope": row["scope"],
                    "evidence": row["evidence_level"],
                    "cells": cells,
                }
            )
        choices = {
            "scope": [(c, display.code_label("scope", c)) for c in CODE_LISTS["scope"].values],
            "evidence": [
                (c, display.code_label("evidence_level", c))
                for c in CODE_LISTS["evidence_level"].values
            ],
            "government": [(n, n) for n in sorted(set(episodes["country_name"]))],
        }
        return {
            "headers": [
                "Government (demanding body)",
                *(display.column_label(c) for c in columns[1:]),
            ],
            "rows": rows,
            "choices": choices,
        }

    def episode(self, episode_id: str) -> dict:
        row = self.episodes.loc[episode_id]
        table = TABLES["episodes"]
        fields = [self.field_view("episodes", row, episode_id, name) for name in table.evidenced]
        computed = [
            {"label": display.column_label(c.name), "text": self._computed_text(row, c.name)}
            for c in table.columns
            if c.provenance in ("derived", "editorial")
            and c.companion_of is None
            and c.name not in _NOT_SHOWN
        ]
        context = [c for c in self.claims_by_target[episode_id] if c["stance"] == "context"]
        coding = self.frames["coding"]
        return {
            "id": episode_id,
            "title": self.episode_title(row),
            "row": row,
            "scope": display.code_label("scope", row["scope"]),
            "evidence_level": display.code_label("evidence_level", row["evidence_level"]),
            "evidence_definition": display.code_definition("evidence_level", row["evidence_level"]),
            "fields": fields,
            "computed": computed,
            "events": [self.event(e) for _, e in self._events_of(episode_id).iterrows()],
            "context": context,
            "coding": [
                {
                    "label": display.column_label(c["field"]),
                    "first": self._coded_text(c["field"], c["first_value"]),
                    "second": self._coded_text(c["field"], c["second_value"]),
                    "adjudication": display.code_label("adjudication", c["adjudication"]),
                    "note": c["adjudication_note"],
                }
                for c in _records(coding[coding["episode_id"] == episode_id])
            ],
        }

    def _coded_text(self, field: str, text: str | None) -> str:
        if text is None or text == "none":
            return "No value"
        column = TABLES["episodes"].column(field)
        return ", ".join(display.value_text(column, code) for code in text.split(";"))

    def _computed_text(self, row: pd.Series, name: str) -> str:
        if name in ("contested_fields", "single_origin_values") and not display.is_missing(
            row[name]
        ):
            parts = []
            for item in str(row[name]).split(";"):
                column, _, code = item.partition("=")
                label = display.column_label(column)
                parts.append(
                    f"{label}: {display.value_text(TABLES['episodes'].column(column), code)}"
                    if code
                    else label
                )
            return "; ".join(parts)
        if name in ("scope", "evidence_level") and not display.is_missing(row[name]):
            return display.code_label(name, row[name])
        return display.cell_text("episodes", row, name)

    def _events_of(self, episode_id: str) -> pd.DataFrame:
        events = self.frames["events"]
        return events[events["episode_id"] == episode_id].sort_values(["date", "event_id"])

    def event(self, row: pd.Series) -> dict:
        event_id = row["event_id"]
        fields = []
        for name in TABLES["events"].evidenced:
            values = self.published.get((event_id, name), [])
            claims = [c for c in self.claims_by_target[event_id] if c["field"] == name]
            views = [self.value_view(v, claims, by_quote=True) for v in values]
            fields.append(
                {
                    "label": display.column_label(name),
                    "text": display.cell_text("events", row, name),
                    "values": views,
                }
            )
        quote_ids = dict.fromkeys(c["quote_id"] for c in self.claims_by_target[event_id])
        return {
            "id": event_id,
            "date_text": display.cell_text("events", row, "date"),
            "type_label": display.code_label("event_type", row["event_type"]),
            "description": row["description"],
            "fields": fields,
            "quotes": [self.quote_view(q) for q in quote_ids],
            "quote_numbers": {f"quote-{q}": i for i, q in enumerate(quote_ids, start=1)},
            "contested": not display.is_missing(row["contested_fields"]),
        }

    def sources_page(self) -> list[dict]:
        """Origins in name order, each with its sources and their quotes."""
        by_origin = defaultdict(list)
        for source in self.sources.values():
            by_origin[source["origin_id"]].append(source)
        quotes_of = defaultdict(list)
        for quote_id, claims in self.quotes.items():
            quotes_of[claims[0]["source_id"]].append(quote_id)
        out = []
        for origin_id, sources in by_origin.items():
            origin = self.origins[origin_id]
            out.append(
                {
                    **origin,
                    "sources": [
                        {
                            **s,
                            "quotes": [
                                {**self.quote_view(q), "href": self.quote_hrefs[q]}
                                for q in quotes_of[s["source_id"]]
                            ],
                        }
                        for s in sorted(sources, key=lambda s: s["source_id"])
                    ],
                }
            )
        return sorted(out, key=lambda o: o["name"].casefold())

    @staticmethod
    def target_label(claim: dict) -> str:
        """What a quote is about, in words ("episode AE-TRA-2010")."""
        kind = {"episodes": "episode", "events": "event", "exclusions": "left-out candidate"}
        return f"{kind[claim['target_table']]} {claim['target_id']}"

    def seed_page(self) -> list[dict]:
        out = []
        for row in _records(self.frames["seed_sentences"]):
            quote_ids = row["quote_ids"].split(";") if row["quote_ids"] else []
            out.append(
                {
                    **row,
                    "verdict_label": display.code_label("verdict", row["verdict"]),
                    "verdict_definition": display.code_definition("verdict", row["verdict"]),
                    "correction_text": row["correction"]
                    or display.missing_text(row["correction_missing"]),
                    "quotes_missing": None
                    if quote_ids
                    else display.missing_text(row["quote_ids_missing"]),
                    "quotes": [
                        {**self.quote_view(q), "href": self.quote_hrefs[q]} for q in quote_ids
                    ],
                }
            )
        return out

    def exclusions_page(self) -> list[dict]:
        out = []
        frame = self.frames["exclusions"]
        for row, (_, raw) in zip(_records(frame), frame.iterrows(), strict=True):
            quote_ids = dict.fromkeys(
                c["quote_id"] for c in self.claims_by_target[row["exclusion_id"]]
            )
            out.append(
                {
                    **row,
                    "anchor": f"exclusion-{row['exclusion_id']}",
                    "period_text": display.cell_text("exclusions", raw, "period"),
                    "body_text": display.cell_text("exclusions", raw, "body"),
                    "reason_label": display.code_label("exclusion_reason", row["reason"]),
                    "quotes": [self.quote_view(q) for q in quote_ids],
                }
            )
        return out


def codebook() -> dict:
    """Every table with its columns, and every code list with its codes."""
    return {
        "provenance": DATASET["provenance"],
        "tables": [
            {
                "name": t.name,
                "description": t.description,
                "primary_key": t.primary_key,
                "columns": [
                    {
                        "name": c.name,
                        "anchor": f"column-{t.name}-{c.name}",
                        "kind": c.kind,
                        "nullable": c.nullable,
                        "provenance": c.provenance,
                        "unit": c.unit,
                        "description": c.description,
                        "code_list": c.codes or c.codeset,
                        "is_set": bool(c.codeset),
                    }
                    for c in t.columns
                ],
            }
            for t in TABLES.values()
        ],
        "code_lists": [
            {
                "name": name,
                "anchor": f"codes-{name}",
                "description": code_list.description,
                "codes": [{**vars(c), "anchor": f"code-{name}-{c.code}"} for c in code_list.codes],
            }
            for name, code_list in CODE_LISTS.items()
        ],
    }
