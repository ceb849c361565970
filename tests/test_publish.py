"""The published folder: self-describing Parquet, standard metadata, checksums, diff."""

from __future__ import annotations

import json
import subprocess

import pandas as pd
import pyarrow.parquet as pq
import pytest

import dataset
from dataset import about
from dataset.integrity import sha256_file
from dataset.paths import DATA_DIR, REPO
from schemas import TABLES
from tests.conftest import run_cli, write_candidate_dir


def test_manifest_is_in_sha256sum_format():
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=DATA_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    names = [line.split("  ")[1] for line in (DATA_DIR / "SHA256SUMS").read_text().splitlines()]
    assert names == sorted(names)
    assert {f"{t}.parquet" for t in TABLES} | {"datapackage.json", "croissant.json"} == set(names)


@pytest.mark.parametrize("name", list(TABLES))
def test_parquet_fields_carry_descriptions_codes_and_units(name):
    schema = pq.read_schema(DATA_DIR / f"{name}.parquet")
    table = TABLES[name]
    assert schema.names == table.names
    for col in table.columns:
        meta = schema.field(col.name).metadata
        assert meta[b"description"].decode() == col.description
        if col.allowed:
            assert meta[b"codes"].decode().split(";") == col.allowed
        if col.unit:
            assert meta[b"unit"].decode() == col.unit


@pytest.mark.parametrize("name", list(TABLES))
def test_parquet_tables_carry_dataset_metadata(name):
    meta = pq.read_schema(DATA_DIR / f"{name}.parquet").metadata
    assert meta[b"dataset.name"].decode() == about.NAME
    assert meta[b"dataset.version"].decode() == about.version()
    assert meta[b"dataset.license"].decode() == "CC-BY-4.0"
    assert len(meta[b"dataset.sources_sha256"]) == 64
    assert (
        meta[b"dataset.seed_sha256"].decode()
        == ((REPO / "seeds" / "SHA256SUMS").read_text().split()[0])
    )


def test_row_order_is_by_primary_key():
    for name, table in TABLES.items():
        frame = dataset.load(name)
        keys = frame[list(table.order)].astype(str).agg("\0".join, axis=1)
        assert keys.is_monotonic_increasing, name


def test_datapackage_passes_frictionless():
    from frictionless import validate

    # frictionless reads Parquet through pyarrow and cannot count its bytes; the byte counts
    # are checked against the files below instead.
    report = validate(str(DATA_DIR / "datapackage.json"), skip_errors=["byte-count"])
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_table(clean_frames, tmp_path):
    from frictionless import validate

    from dataset.standards import write_datapackage

    frames = {n: f.copy() for n, f in clean_frames.items()}
    frames["events"].loc[1, "event_id"] = frames["events"].loc[0, "event_id"]
    directory = write_candidate_dir(frames, tmp_path / "bad")
    write_datapackage(directory, frames)
    report = validate(str(directory / "datapackage.json"), skip_errors=["byte-count"])
    assert not report.valid
    assert "primary-key" in {e.type for task in report.tasks for e in task.errors}


def test_datapackage_describes_every_resource():
    package = json.loads((DATA_DIR / "datapackage.json").read_text())
    assert package["version"] == about.version()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"]
    for resource in package["resources"]:
        path = DATA_DIR / resource["path"]
        assert resource["type"] == "table"
        assert resource["hash"] == f"sha256:{sha256_file(path)}"
        assert resource["bytes"] == path.stat().st_size
        table = TABLES[resource["name"]]
        schema = resource["schema"]
        assert schema["primaryKey"] == [table.primary_key]
        assert [f["name"] for f in schema["fields"]] == table.names
        assert all(f["description"] for f in schema["fields"])
        assert schema["missingValues"][0]["label"]
        for field in schema["fields"]:
            col = table.column(field["name"])
            if col.kind == "category":
                assert [c["value"] for c in field["categories"]] == col.allowed


def test_croissant_loads_with_mlcroissant():
    import mlcroissant as mlc

    ds = mlc.Dataset(jsonld=str(DATA_DIR / "croissant.json"))
    assert ds.metadata.name == about.NAME
    for name, table in TABLES.items():
        records = list(ds.records(name))
        assert len(records) == len(dataset.load(name))
        assert set(records[0]) == {f"{name}/{c}" for c in table.names}


def test_croissant_has_files_recordsets_and_rai_fields():
    doc = json.loads((DATA_DIR / "croissant.json").read_text())
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    files = {f["name"]: f for f in doc["distribution"]}
    for name in TABLES:
        assert files[f"{name}.parquet"]["sha256"] == sha256_file(DATA_DIR / f"{name}.parquet")
    assert [r["name"] for r in doc["recordSet"]] == list(TABLES)
    for key in (
        "rai:dataCollection",
        "rai:dataLimitations",
        "rai:dataBiases",
        "rai:dataReleaseMaintenancePlan",
    ):
        assert doc[key]


def test_codebook_lists_every_column_and_code():
    book = dataset.codebook()
    assert len(book) == sum(len(t.columns) for t in TABLES.values())
    outcome = book[(book.table == "episodes") & (book.column == "outcome")].iloc[0]
    assert "order_rescinded (Order rescinded)" in outcome.codes


def test_versions_agree():
    changelog = (REPO / "CHANGELOG.md").read_text()
    assert f"## [{about.version()}] - {about.RELEASE_DATE}" in changelog
    citation = (REPO / "CITATION.cff").read_text()
    assert f"version: {about.version()}" in citation
    assert f'date-released: "{about.RELEASE_DATE}"' in citation


def test_diff_reports_added_removed_and_changed_rows(clean_frames, tmp_path):
    old = write_candidate_dir(clean_frames, tmp_path / "old")
    frames = {n: f.copy() for n, f in clean_frames.items()}
    events = frames["events"]
    removed = events.loc[0, "event_id"]
    changed = events.loc[1, "event_id"]
    old_text = events.loc[1, "description"]
    events.loc[1, "description"] = "A corrected description."
    frames["events"] = events.drop(index=0)
    added = (
        frames["sources"]
        .iloc[[-1]]
        .assign(source_id="zz-new-source", url="https://example.org/new")
    )
    frames["sources"] = pd.concat([frames["sources"], added], ignore_index=True)
    new = write_candidate_dir(frames, tmp_path / "new")
    result = run_cli("diff", str(old), str(new), check=True)
    out = result.stdout
    assert "== events: +0 -1 ~1" in out
    assert f"- {removed}" in out
    assert f"~ {changed}" in out
    assert f"description: {old_text} → A corrected description." in out
    assert "== sources: +1 -0 ~0" in out and "+ zz-new-source" in out
    assert "== episodes: +0 -0 ~0" in out


def test_info_prints_a_one_screen_summary():
    out = run_cli("info", check=True).stdout
    assert out.count("\n") < 40
    assert about.version() in out
    for country in ("United Arab Emirates", "Saudi Arabia", "India", "Pakistan"):
        assert country in out


def test_readme_comparison_is_generated_from_the_data():
    from dataset.summary import readme_with_comparison

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme_with_comparison(readme, DATA_DIR) == readme, "run make build"
    assert "make build" in readme and "make test" in readme
