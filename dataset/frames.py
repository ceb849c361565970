"""pandas and Arrow types for the published tables, from the schema definitions."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from schemas import Column, Table

ARROW_TYPES = {
    "string": pa.large_string(),
    "codeset": pa.large_string(),
    "date": pa.date32(),
    "integer": pa.int64(),
}


def pandas_dtype(col: Column):
    """The pandas dtype of a column as :func:`dataset.load` returns it."""
    if col.kind == "category":
        return pd.CategoricalDtype(col.allowed, ordered=False)
    return col.dtype_name


def arrow_field(col: Column) -> pa.Field:
    """The Arrow field of a column, with its description (and codes, unit) as metadata."""
    if col.kind == "category":
        typ = pa.dictionary(pa.int8(), pa.large_string())
    else:
        typ = ARROW_TYPES[col.kind]
    meta = {"description": col.description, "provenance": col.provenance}
    if col.allowed:
        meta["codes"] = ";".join(col.allowed)
    if col.unit:
        meta["unit"] = col.unit
    return pa.field(col.name, typ, nullable=col.nullable, metadata=meta)


def arrow_schema(table: Table, *, allow_nulls: bool = False) -> pa.Schema:
    """The published schema; ``allow_nulls`` relaxes required fields (to write test defects)."""
    fields = [arrow_field(c) for c in table.columns]
    if allow_nulls:
        fields = [f.with_nullable(True) for f in fields]
    return pa.schema(fields)


def typed_frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    """A DataFrame with the table's columns, dtypes and stable row order."""
    data = {}
    for col in table.columns:
        values = [row.get(col.name) for row in rows]
        if col.kind == "date":
            data[col.name] = pd.Series(pd.to_datetime(values), dtype="datetime64[ms]")
        else:
            data[col.name] = pd.Series(values, dtype=pandas_dtype(col))
    frame = pd.DataFrame(data, columns=table.names)
    return frame.sort_values(list(table.order), kind="stable", ignore_index=True)


def to_arrow(table: Table, frame: pd.DataFrame, *, allow_nulls: bool = False) -> pa.Table:
    """Convert a typed frame to Arrow with the published schema (dates as date32)."""
    frame = frame.copy()
    for col in table.columns:
        if col.kind == "date":
            frame[col.name] = (
                frame[col.name].dt.date.astype(object).where(frame[col.name].notna(), None)
            )
    schema = arrow_schema(table, allow_nulls=allow_nulls)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
