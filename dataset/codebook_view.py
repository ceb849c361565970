"""The codebook: every column and every code, from the schema (pandas only)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dataset.paths import DOCS_DIR
from dataset.schema import CODE_LISTS, DATASET, TABLES


def codebook_frame() -> pd.DataFrame:
    """One row per published column: table, column, type, nullability, provenance, unit,
    description and the name of its code list (see :func:`codes` for the codes)."""
    rows = [
        {
            "table": table.name,
            "column": col.name,
            "type": col.kind,
            "nullable": col.nullable,
            "provenance": col.provenance,
            "unit": col.unit,
            "max_length": col.max_length,
            "description": col.description,
            "code_list": col.codes or col.codeset,
        }
        for table in TABLES.values()
        for col in table.columns
    ]
    return pd.DataFrame(rows).astype({"nullable": "boolean", "max_length": "Int64"})


def codes(column: str | None = None) -> pd.DataFrame:
    """Codes with their labels and definitions: of one column (``"response"`` or
    ``"episodes.response"``), of one code list (``"threat"``), or all (``None``)."""
    if column is None:
        names = list(CODE_LISTS)
    elif column in CODE_LISTS:
        names = [column]
    else:
        table, _, name = column.rpartition(".")
        found = [
            c
            for t in TABLES.values()
            if not table or t.name == table
            for c in t.columns
            if c.name == name and c.code_list
        ]
        if not found:
            raise KeyError(f"{column!r} is neither a coded column nor a code list")
        names = [found[0].codes or found[0].codeset]
    rows = [
        {
            "code_list": n,
            "code": c.code,
            "label": c.label,
            "definition": c.description,
            "records_absence": c.absence,
        }
        for n in names
        for c in CODE_LISTS[n].codes
    ]
    return pd.DataFrame(rows).astype({"records_absence": "boolean"})


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def codebook_markdown() -> str:
    """The codebook as Markdown (docs/codebook.md)."""
    out = [
        "# Codebook",
        "",
        "Generated from `schemas/` by `python -m dataset build`; do not edit by hand. How each "
        "value is chosen, code by code, is in the [coding manual](coding-manual.md).",
        "",
        "Provenance of a column: "
        + "; ".join(f"**{k}**: {v}" for k, v in DATASET["provenance"].items()),
        "",
        "A missing value is null; where a column can be missing for several reasons, its "
        "companion `<column>_missing` says why (code list `missing_reason`). A date is stored "
        "as the first day of its period with a `<column>_precision` companion (day, month or "
        "year); exports write it at its precision (`2011`, `2011-04`, `2011-04-19`).",
        "",
        f"Text: {DATASET['text_rules']}",
        "",
    ]
    for table in TABLES.values():
        out += [
            f"## `{table.name}`",
            "",
            table.description,
            "",
            f"Primary key: `{table.primary_key}`.",
        ]
        for column, ref_table, ref_column in table.foreign_keys:
            out.append(f"Foreign key: `{column}` references `{ref_table}.{ref_column}`.")
        for column, by, refs in table.polymorphic:
            targets = ", ".join(f"`{t}.{k}`" for t, k in refs.items())
            out.append(f"Reference: `{column}` names a row of {targets}, by `{by}`.")
        out += [
            "",
            "| column | type | nullable | provenance | description | codes |",
            "|---|---|---|---|---|---|",
        ]
        for col in table.columns:
            unit = f" Unit: {col.unit}." if col.unit else ""
            limit = f" At most {col.max_length} characters." if col.max_length else ""
            listed = col.codes or col.codeset
            link = (
                f"[`{listed}`](#code-list-{listed})" + (" (set)" if col.codeset else "")
                if listed
                else ""
            )
            out.append(
                f"| `{col.name}` | {col.kind} | {'yes' if col.nullable else 'no'} | "
                f"{col.provenance} | "
                f"{_cell(col.description)}{unit}{limit} | {link} |"
            )
        out.append("")
    out += ["## Code lists", ""]
    for name, code_list in CODE_LISTS.items():
        out += [
            f'### Code list `{name}` <a id="code-list-{name}"></a>',
            "",
            code_list.description,
            "",
            "| code | label | definition |",
            "|---|---|---|",
        ]
        out += [
            f"| `{c.code}` | {_cell(c.label)} | {_cell(c.description)}"
            + (" Records an absence: needs no supporting claim." if c.absence else "")
            + " |"
            for c in code_list.codes
        ]
        out.append("")
    return "\n".join(out)


def write_codebook(path: Path = DOCS_DIR / "codebook.md") -> Path:
    path.write_text(codebook_markdown() + "\n", encoding="utf-8")
    return path
