"""The SQLite database: every table with its primary key and foreign keys, and full-text
search over the claims' quotes and their translations."""

from __future__ import annotations

from graphlib import TopologicalSorter
from pathlib import Path

from dataset.exports.files import replacing
from dataset.exports.published import Published, value_type

SQLITE_TYPES = {"text": str, "integer": int, "number": float}
CODES = "codes"
SEARCHABLE = {"claims": ["quote", "quote_translation"]}


def creation_order(published: Published) -> list[str]:
    """Tables ordered so that every table comes after the tables its foreign keys name."""
    graph = {
        name: [ref for _, ref, _ in t.schema.foreign_keys] for name, t in published.tables.items()
    }
    return list(TopologicalSorter(graph).static_order())


def _write_codes(db) -> None:
    """The ``codes`` table: every code with its label and definition, to look codes up."""
    from dataset.codebook_view import codes

    frame = codes()
    db[CODES].create(
        {"code_list": str, "code": str, "label": str, "definition": str, "records_absence": int},
        pk=("code_list", "code"),
        not_null={"code_list", "code", "label", "definition", "records_absence"},
    )
    db[CODES].insert_all(
        {**row, "records_absence": int(row["records_absence"])} for row in frame.to_dict("records")
    )


def write_database(published: Published, path: Path) -> Path:
    """Write the database to ``path`` (replacing it whole); the same data gives the same bytes."""
    import sqlite_utils

    with replacing(path) as tmp:
        tmp.unlink()
        db = sqlite_utils.Database(tmp)
        try:
            for name in creation_order(published):
                table = published.tables[name]
                schema = table.schema
                db[name].create(
                    {c.name: SQLITE_TYPES[value_type(c)] for c in schema.columns},
                    pk=schema.primary_key,
                    not_null={c.name for c in schema.columns if c.required},
                    foreign_keys=list(schema.foreign_keys),
                )
                db[name].insert_all(dict(zip(schema.names, row, strict=True)) for row in table.rows)
            _write_codes(db)
            for name, columns in SEARCHABLE.items():
                db[name].enable_fts(columns, create_triggers=False)
            db.vacuum()
        finally:
            db.close()
    return path
