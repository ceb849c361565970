"""The codebook: every column and code, generated from the schema definitions."""

from __future__ import annotations

import pandas as pd

from schemas import CODE_LISTS, PROVENANCE, TABLES


def codebook_frame() -> pd.DataFrame:
    """One row per published column: table, column, type, description and allowed codes."""
    rows = []
    for table in TABLES.values():
        for col in table.columns:
            codes = CODE_LISTS[col.codes] if col.codes else {}
            rows.append(
                {
                    "table": table.name,
                    "column": col.name,
                    "type": col.kind,
                    "nullable": col.nullable,
                    "provenance": col.provenance,
                    "unit": col.unit,
                    "description": col.description,
                    "code_list": col.codes,
                    "codes": "; ".join(f"{c} ({label})" for c, (label, _) in codes.items()) or None,
                }
            )
    return pd.DataFrame(rows).astype({"nullable": "boolean"})


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def codebook_markdown() -> str:
    """The codebook as Markdown (docs/codebook.md)."""
    out = [
        "# Codebook",
        "",
        "Generated from `schemas/` by `python -m dataset build`; do not edit by hand.",
        "",
        "Provenance of a column: " + "; ".join(f"**{k}**: {v}" for k, v in PROVENANCE.items()),
        "",
        "A missing value is null in Parquet; where a column can be missing, its companion "
        "`<column>_missing` says why (see the `missing_reason` code list).",
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
        out += [
            "",
            "| column | type | nullable | provenance | description | codes |",
            "|---|---|---|---|---|---|",
        ]
        for col in table.columns:
            unit = f" Unit: {col.unit}." if col.unit else ""
            codes = f"[`{col.codes}`](#code-list-{col.codes})" if col.codes else ""
            out.append(
                f"| `{col.name}` | {col.kind} | {'yes' if col.nullable else 'no'} | "
                f"{col.provenance} | {_cell(col.description)}{unit} | {codes} |"
            )
        out.append("")
    out += ["## Code lists", ""]
    for name, codes in CODE_LISTS.items():
        out += [
            f"### Code list `{name}`",
            "",
            f'<a id="code-list-{name}"></a>',
            "",
            "| code | label | description |",
            "|---|---|---|",
        ]
        out += [f"| `{c}` | {_cell(label)} | {_cell(desc)} |" for c, (label, desc) in codes.items()]
        out.append("")
    return "\n".join(out)
