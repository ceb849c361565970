"""The metadata Datasette shows with the SQLite database: titles, licence, table and column
descriptions from the schema, and facets on government, column, code and stance.

Datasette renders a cell holding only a URL (``sources.url``) as a link by itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from dataset import about
from dataset.exports.database import CODES
from dataset.exports.files import write_atomic
from dataset.exports.published import DATES_NOTE, MISSING_NOTE, Published, is_date
from dataset.schema import Column

# Government: the country of an episode (whose id starts with its country code).
FACETS = {
    "episodes": ["country_name", "scope", "outcome", "evidence_level"],
    "events": ["episode_id", "actor", "event_type"],
    "sources": ["source_type", "origin_id"],
    "claims": ["episode_id", "field", "stance", "quote_language"],
    "values": ["episode_id", "field", "value", "support"],
    "exclusions": ["country_name", "reason"],
    "coding": ["field", "adjudication"],
}
LABELS = {"origins": "name", "sources": "title", "episodes": "episode_id"}


def column_description(col: Column) -> str:
    text = col.description
    if is_date(col):
        text += f" {DATES_NOTE}"
    listed = col.codes or col.codeset
    if listed:
        text += f" Codes: see code list `{listed}` in the `{CODES}` table."
    return text


def datasette_metadata(published: Published, database: str) -> dict:
    tables = {
        name: {
            "description": table.schema.description,
            "columns": {c.name: column_description(c) for c in table.schema.columns},
            **({"facets": FACETS[name]} if name in FACETS else {}),
            **({"label_column": LABELS[name]} if name in LABELS else {}),
        }
        for name, table in published.tables.items()
    }
    tables[CODES] = {"description": "Every code of every code list: label and definition."}
    return {
        "title": about.TITLE,
        "description": f"{about.DESCRIPTION} Version {published.version}.",
        "license": about.DATA_LICENSE["title"],
        "license_url": about.DATA_LICENSE["path"],
        "databases": {
            Path(database).stem: {
                "description": f"{DATES_NOTE} {MISSING_NOTE} Search the quotes on the "
                "`claims` table.",
                "tables": tables,
            }
        },
    }


def write_datasette_metadata(published: Published, path: Path, database: str) -> Path:
    text = json.dumps(datasette_metadata(published, database), indent=2, ensure_ascii=False)
    return write_atomic(path, (text + "\n").encode("utf-8"))
