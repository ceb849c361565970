"""Standard metadata generated from the schema: Frictionless Data Package v2 and
MLCommons Croissant 1.0 (JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dataset import about
from dataset.integrity import sha256_file
from schemas import CODE_LISTS, TABLES, Column

FRICTIONLESS_TYPES = {
    "string": "string",
    "codeset": "string",
    "category": "string",
    "date": "date",
    "integer": "integer",
}
CROISSANT_TYPES = {
    "string": "sc:Text",
    "codeset": "sc:Text",
    "category": "sc:Text",
    "date": "sc:Date",
    "integer": "sc:Integer",
}
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
CROISSANT_PARQUET = "application/x-parquet"  # the encoding format Croissant 1.0 tools expect
MISSING_LABEL = (
    "Missing value (null); where the column has a `<column>_missing` companion, "
    "it gives the reason: not_disclosed, not_applicable or unknown."
)


def _write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _field(col: Column) -> dict:
    field = {"name": col.name, "type": FRICTIONLESS_TYPES[col.kind], "description": col.description}
    constraints: dict = {"required": not col.nullable}
    if col.unique:
        constraints["unique"] = True
    if col.kind == "category":
        field["categories"] = [
            {"value": c, "label": label} for c, (label, _) in CODE_LISTS[col.codes].items()
        ]
        constraints["enum"] = col.allowed
    if col.inner_pattern:
        constraints["pattern"] = col.inner_pattern
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
        constraints["maximum"] = col.maximum
    field["constraints"] = constraints
    if col.kind == "date":
        field["format"] = "default"
    return field


def table_schema(name: str) -> dict:
    table = TABLES[name]
    schema = {
        "fields": [_field(c) for c in table.columns],
        "missingValues": [{"value": "", "label": MISSING_LABEL}],
        "primaryKey": [table.primary_key],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [col], "reference": {"resource": ref, "fields": [ref_col]}}
            for col, ref, ref_col in table.foreign_keys
        ]
    return schema


def _package_sources(frames: dict[str, pd.DataFrame]) -> list[dict]:
    sources = frames["sources"]
    out = []
    for row in sources.itertuples(index=False):
        item = {"title": f"{row.publisher}: {row.title}"}
        if isinstance(row.url, str):
            item["path"] = row.url
        out.append(item)
    return out


def datapackage(directory: Path, frames: dict[str, pd.DataFrame]) -> dict:
    resources = []
    for name in frames:
        path = directory / f"{name}.parquet"
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": path.name,
                "format": "parquet",
                "mediatype": PARQUET_MEDIATYPE,
                "encoding": "utf-8",
                "description": TABLES[name].description,
                "hash": f"sha256:{sha256_file(path)}",
                "bytes": path.stat().st_size,
                "schema": table_schema(name),
            }
        )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": about.NAME,
        "title": about.TITLE,
        "description": about.DESCRIPTION,
        "version": about.version(),
        "licenses": [about.DATA_LICENSE],
        "keywords": ["BlackBerry", "RIM", "lawful interception", "encryption", "surveillance"],
        "sources": _package_sources(frames),
        "resources": resources,
    }


def write_datapackage(directory: Path, frames: dict[str, pd.DataFrame]) -> None:
    _write_json(directory / "datapackage.json", datapackage(directory, frames))


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
RAI = {
    "rai:dataCollection": (
        "Curators searched stored copies of news coverage and official statements, recorded "
        "each fact with its source and a verbatim quote of at most about 30 words, and coded "
        "it with closed vocabularies. No value was taken from memory."
    ),
    "rai:dataCollectionType": ["Secondary Data Analysis", "Manual Human Curation"],
    "rai:dataLimitations": (
        "Covers four governments' public demands only; negotiations were largely "
        "confidential, so terms of agreements are often not disclosed. Reporting from 2010 "
        "often relies on anonymous sources, and some dates are known only to the month."
    ),
    "rai:dataBiases": (
        "English-language, largely Western and South Asian news sources; the companies' and "
        "regulators' own statements are self-interested. Contested points are recorded with "
        "both claims rather than resolved."
    ),
    "rai:dataUseCases": (
        "Comparative policy research on lawful-access demands; journalism; teaching."
    ),
    "rai:personalSensitiveInformation": (
        "None beyond names of public officials and company executives acting in office."
    ),
    "rai:dataReleaseMaintenancePlan": (
        "Versioned with semantic versions and a CHANGELOG; corrections are made in the curated "
        "records, rebuilt deterministically and validated in CI before release."
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
        "description": about.DESCRIPTION,
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
            for name in frames
        ],
        "recordSet": [_recordset(name) for name in frames],
        **RAI,
    }


def write_croissant(directory: Path, frames: dict[str, pd.DataFrame]) -> None:
    _write_json(directory / "croissant.json", croissant(directory, frames))
