"""The schema files are the one source of truth: they are consistent, and every artefact
generated from them (Parquet metadata, datapackage.json, croissant.json, codebook, manual,
great-expectations project) agrees with them."""

from __future__ import annotations

import json
import re
import warnings

import pyarrow.parquet as pq
import pytest

from dataset.paths import DATA_DIR, DOCS_DIR, SCHEMAS_DIR

# The schema files read directly, without the package's own reader.
DATASET_JSON = json.loads((SCHEMAS_DIR / "dataset.json").read_text(encoding="utf-8"))
CODES_JSON = json.loads((SCHEMAS_DIR / "codes.json").read_text(encoding="utf-8"))
TABLE_JSON = {
    name: json.loads((SCHEMAS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    for name in DATASET_JSON["tables"]
}
FIELDS = [(t, f) for t, spec in TABLE_JSON.items() for f in spec["fields"]]


def _ids(item):
    t, f = item
    return f"{t}.{f['name']}"


def test_every_table_has_a_schema_file_and_no_other():
    files = {p.stem for p in SCHEMAS_DIR.glob("*.json")} - {"dataset", "codes"}
    assert files == set(DATASET_JSON["tables"])


@pytest.mark.parametrize("item", FIELDS, ids=_ids)
def test_field_is_well_formed(item):
    table, field = item
    assert field["x-provenance"] in DATASET_JSON["provenance"]
    listed = field.get("x-codes") or field.get("x-codeset")
    if listed:
        assert listed in CODES_JSON
    if field["type"] == "string" and "x-codes" not in field:
        assert isinstance(field["constraints"].get("maxLength"), int), (
            "every text has a length limit"
        )
    pattern = field["constraints"].get("pattern", "")
    assert not re.search(r"\\[dwsDWS]", pattern), "patterns use explicit ASCII classes only"


@pytest.mark.parametrize("name", DATASET_JSON["tables"])
def test_companions_follow_their_column(name):
    fields = [f["name"] for f in TABLE_JSON[name]["fields"]]
    by_name = {f["name"]: f for f in TABLE_JSON[name]["fields"]}
    for i, field in enumerate(TABLE_JSON[name]["fields"]):
        if field["type"] == "date":
            assert fields[i + 1] == f"{field['name']}_precision"
        companion = field.get("x-companion-of")
        if companion:
            assert companion in by_name
            if field["name"].endswith("_missing"):
                assert field["x-codes"] == "missing_reason"
                assert by_name[companion]["constraints"]["required"] is False
    for key in TABLE_JSON[name]["primaryKey"]:
        assert by_name[key]["constraints"].get("unique")
    for fk in TABLE_JSON[name].get("foreignKeys", []):
        ref = fk["reference"]
        assert ref["fields"][0] in {f["name"] for f in TABLE_JSON[ref["resource"]]["fields"]}


def test_code_lists_have_unique_codes_and_labels():
    for name, spec in CODES_JSON.items():
        codes = [c["code"] for c in spec["codes"]]
        assert len(codes) == len(set(codes)), name
        assert all(c["label"] and c["description"] for c in spec["codes"]), name
        assert all(re.fullmatch(r"[a-z_]+", c) for c in codes), name


@pytest.mark.parametrize("name", DATASET_JSON["tables"])
def test_parquet_fields_carry_the_schema(name):
    schema = pq.read_schema(DATA_DIR / f"{name}.parquet")
    fields = TABLE_JSON[name]["fields"]
    assert schema.names == [f["name"] for f in fields]
    for field in fields:
        meta = schema.field(field["name"]).metadata
        assert meta[b"description"].decode() == field["description"]
        assert meta[b"provenance"].decode() == field["x-provenance"]
        listed = field.get("x-codes") or field.get("x-codeset")
        if listed:
            codes = [c["code"] for c in CODES_JSON[listed]["codes"]]
            assert meta[b"codes"].decode().split(";") == codes


def test_datapackage_fields_are_the_schema_fields():
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == DATASET_JSON["tables"]
    for resource in package["resources"]:
        ours = TABLE_JSON[resource["name"]]
        assert [(f["name"], f["type"]) for f in resource["schema"]["fields"]] == [
            (f["name"], f["type"]) for f in ours["fields"]
        ]
        assert resource["schema"]["primaryKey"] == ours["primaryKey"]
        assert "bytes" not in resource


def test_frictionless_validates_the_datapackage_with_no_errors():
    from frictionless import validate

    report = validate(str(DATA_DIR / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, errors[:10]


def test_croissant_loads_with_mlcroissant_and_reads_every_record_set():
    import mlcroissant as mlc
    import pyarrow.parquet as pq

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = mlc.Dataset(jsonld=str(DATA_DIR / "croissant.json"))
        for name in ("episodes", "claims", "values"):
            n = sum(1 for _ in ds.records(record_set=name))
            assert n == pq.read_metadata(DATA_DIR / f"{name}.parquet").num_rows


def test_croissant_and_datasheet_describe_the_coverage_the_data_has():
    """What the metadata says the dataset covers is held against the data itself."""
    episodes = pq.read_table(DATA_DIR / "episodes.parquet", columns=["country_name", "scope"])
    names = sorted(set(episodes["country_name"].to_pylist()))
    croissant = json.loads((DATA_DIR / "croissant.json").read_text(encoding="utf-8"))
    said = croissant["description"]
    assert f"{episodes.num_rows} episodes from {len(names)} governments" in said
    for name in names:
        assert name in said
    datasheet = (DOCS_DIR.parent / "DATASHEET.md").read_text(encoding="utf-8")
    assert f"{episodes.num_rows} episodes" in datasheet
    assert f"{len(names)} governments" in datasheet
    assert "four governments" not in said.lower()


def test_codebook_is_current():
    from dataset.codebook_view import codebook_markdown

    assert (DOCS_DIR / "codebook.md").read_text(encoding="utf-8") == codebook_markdown() + "\n"


# ---- the coding manual ------------------------------------------------------------------

BULLETS = ("Definition", "Counts", "Does not count", "Evidence", "Hard cases")


def _manual_entries() -> dict[str, dict[str, dict[str, str]]]:
    """{code list: {code: {bullet: text}}} parsed from docs/coding-manual.md."""
    text = (DOCS_DIR / "coding-manual.md").read_text(encoding="utf-8")
    lists: dict[str, dict[str, dict[str, str]]] = {}
    current_list = current_code = None
    for line in text.splitlines():
        if m := re.match(r"### Code list `([a-z_]+)`", line):
            current_list, current_code = m.group(1), None
            lists[current_list] = {}
        elif (m := re.match(r"#### `([a-z_]+)`: (.+)", line)) and current_list:
            current_code = m.group(1)
            lists[current_list][current_code] = {"_label": m.group(2).strip()}
        elif (m := re.match(r"- ([A-Za-z ]+): (.*)", line)) and current_code:
            lists[current_list][current_code][m.group(1)] = m.group(2).strip()
        elif line.startswith("#"):
            current_code = None
    return lists


def test_manual_has_a_complete_entry_for_every_code_of_every_coded_column():
    used = {f.get("x-codes") or f.get("x-codeset") for _, f in FIELDS} - {None}
    entries = _manual_entries()
    for name in sorted(used):
        assert name in entries, f"no section for code list {name}"
        codes = {c["code"]: c for c in CODES_JSON[name]["codes"]}
        assert set(entries[name]) == set(codes), name
        for code, entry in entries[name].items():
            assert entry["_label"] == codes[code]["label"], (name, code)
            for bullet in BULLETS:
                assert entry.get(bullet), f"{name}.{code}: no {bullet}"


def test_manual_check_fails_for_a_code_without_an_entry(monkeypatch):
    """The manual test is not vacuous: a code added to a list without an entry is caught."""
    extra = {"code": "brand_new_code", "label": "New", "description": "x"}
    monkeypatch.setitem(CODES_JSON["outcome"], "codes", [*CODES_JSON["outcome"]["codes"], extra])
    with pytest.raises(AssertionError):
        test_manual_has_a_complete_entry_for_every_code_of_every_coded_column()
