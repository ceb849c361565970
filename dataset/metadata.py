"""Standard metadata generated from the schema and the data: a Frictionless Data Package
(v2) and an MLCommons Croissant 1.0 description (JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dataset import about
from dataset.integrity import sha256_file
from dataset.schema import CODE_LISTS, TABLES, Column

CROISSANT_TYPES = {
    "string": "sc:Text",
    "codeset": "sc:Text",
    "category": "sc:Text",
    "date": "sc:Date",
    "integer": "sc:Integer",
    "number": "sc:Float",
}
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
CROISSANT_PARQUET = "application/x-parquet"  # the encoding format Croissant 1.0 tools expect


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def coverage(frames: dict[str, pd.DataFrame]) -> str:
    """One sentence on what the data covers, written from the data itself."""
    episodes = frames["episodes"]
    core = sorted(episodes.loc[episodes["scope"] == "core", "country_name"].unique())
    other = sorted(episodes.loc[episodes["scope"] == "extended", "country_name"].unique())
    years = pd.concat([episodes["demand_date"], episodes["outcome_date"]]).dt.year.dropna()
    return (
        f"{len(episodes)} episodes from {len(core) + len(other)} governments, "
        f"{int(years.min())}-{int(years.max())}: the core four ({', '.join(core)}) and "
        f"{', '.join(other)}."
    )


def field(col: Column) -> dict:
    """A Frictionless field: the schema file's field, with categories and enum for codes."""
    out: dict = {"name": col.name, "type": col.type, "description": col.description}
    constraints: dict = {"required": col.required}
    if col.unique:
        constraints["unique"] = True
    if col.kind == "category":
        out["categories"] = [{"value": c.code, "label": c.label} for c in col.code_list.codes]
        constraints["enum"] = col.allowed
    if col.inner_pattern:
        # Frictionless anchors a pattern as ^pattern$: group alternatives so all are anchored.
        pattern = col.inner_pattern
        constraints["pattern"] = f"(?:{pattern})" if "|" in pattern else pattern
    if col.max_length:
        constraints["maxLength"] = col.max_length
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
        constraints["maximum"] = col.maximum
    out["constraints"] = constraints
    for key in ("provenance", "unit", "codeset", "vocabulary", "companion_of", "null_with"):
        value = getattr(col, key)
        if value:
            out[f"x-{key.replace('_', '-')}"] = value
    return out


def table_schema(name: str) -> dict:
    table = TABLES[name]
    schema: dict = {"fields": [field(c) for c in table.columns], "primaryKey": [table.primary_key]}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [col], "reference": {"resource": ref, "fields": [ref_col]}}
            for col, ref, ref_col in table.foreign_keys
        ]
    if table.polymorphic:
        schema["x-polymorphic-keys"] = [
            {"fields": [col], "by": by, "references": refs} for col, by, refs in table.polymorphic
        ]
    return schema


def _package_sources(frames: dict[str, pd.DataFrame]) -> list[dict]:
    out = []
    for row in frames["sources"].itertuples(index=False):
        title = row.publisher if pd.isna(row.title) else f"{row.publisher}: {row.title}"
        item = {"title": title}
        if not pd.isna(row.url):
            item["path"] = row.url
        out.append(item)
    return out


def datapackage(directory: Path, frames: dict[str, pd.DataFrame]) -> dict:
    resources = []
    for name in TABLES:
        path = directory / f"{name}.parquet"
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": path.name,
                "format": "parquet",
                "mediatype": PARQUET_MEDIATYPE,
                "description": TABLES[name].description,
                # No "bytes": frictionless cannot count them for Parquet and reports an error.
                "hash": f"sha256:{sha256_file(path)}",
                "schema": table_schema(name),
            }
        )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": about.NAME,
        "title": about.TITLE,
        "description": f"{about.DESCRIPTION} Coverage: {coverage(frames)}",
        "version": about.version(),
        "created": f"{about.RELEASE_DATE}T00:00:00Z",
        "licenses": [about.DATA_LICENSE],
        "keywords": ["BlackBerry", "RIM", "lawful interception", "encryption", "surveillance"],
        "sources": _package_sources(frames),
        "x-code-lists": {
            name: [
                {"value": c.code, "label": c.label, "description": c.description} for c in cl.codes
            ]
            for name, cl in CODE_LISTS.items()
        },
        "resources": resources,
    }


CROISSANT_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
    "samplingRate": "cr:samplingRate",
    "equivalentProperty": "cr:equivalentProperty",
}


def _rai(frames: dict[str, pd.DataFrame]) -> dict:
    levels = frames["episodes"]["evidence_level"].astype(str).value_counts()
    return {
        "rai:dataCollection": (
            "Curators searched stored copies of news coverage and official statements, recorded "
            "each value with the claims that assert it (a source and a verbatim quote of at most "
            "about 30 words), and coded it by a written coding manual. A second coder coded every "
            "coded column independently from the quotes; disagreements were adjudicated and the "
            "agreement is published. No value was taken from memory."
        ),
        "rai:dataCollectionType": ["Secondary Data Analysis", "Manual Human Curation"],
        "rai:dataLimitations": (
            f"Covers {coverage(frames)} Negotiations were largely confidential, so terms of "
            "agreements are often not disclosed; 2010 reporting often relies on anonymous sources, "
            "and some dates are known only to the month or year. Corroboration by independent "
            "origins varies: "
            + ", ".join(f"{n} episode(s) {level}" for level, n in levels.items())
            + "."
        ),
        "rai:dataBiases": (
            "Largely English-language news sources, with Arabic, French, Indonesian, Russian and "
            "other quotes translated; the company's and regulators' own statements are "
            "self-interested. Contested points are recorded with both claims rather than resolved."
        ),
        "rai:dataUseCases": (
            "Comparative policy research on lawful-access demands; journalism; teaching."
        ),
        "rai:personalSensitiveInformation": (
            "None beyond names of public officials and company executives acting in office."
        ),
        "rai:dataReleaseMaintenancePlan": (
            "Versioned with semantic versions and a CHANGELOG that records each version's file "
            "digests; corrections are made in the curated records, rebuilt deterministically and "
            "validated in CI before release."
        ),
    }


def _recordset(name: str) -> dict:
    table = TABLES[name]
    return {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": table.description,
        "key": {"@id": f"{name}/{table.primary_key}"},
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{name}/{c.name}",
                "name": c.name,
                "description": c.description,
                "dataType": CROISSANT_TYPES[c.kind],
                "source": {"fileObject": {"@id": f"{name}.parquet"}, "extract": {"column": c.name}},
            }
            for c in table.columns
        ],
    }


def croissant(directory: Path, frames: dict[str, pd.DataFrame]) -> dict:
    return {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": about.NAME,
        "description": f"{about.DESCRIPTION} Coverage: {coverage(frames)}",
        "license": about.DATA_LICENSE["path"],
        "version": about.version(),
        "datePublished": about.RELEASE_DATE,
        "citeAs": f"{about.TITLE} (version {about.version()}), {about.DATA_LICENSE['name']}.",
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": f"{name}.parquet",
                "name": f"{name}.parquet",
                "contentUrl": f"{name}.parquet",
                "encodingFormat": CROISSANT_PARQUET,
                "sha256": sha256_file(directory / f"{name}.parquet"),
            }
            for name in TABLES
        ],
        "recordSet": [_recordset(name) for name in TABLES],
        **_rai(frames),
    }
