"""Everything generated from schemas/ agrees with it: pandera, great-expectations suites,
Parquet metadata (test_publish), datapackage.json, the codebook."""

from __future__ import annotations

import json

import pytest

import dataset
from dataset.codebook_builder import codebook_markdown
from dataset.paths import DATA_DIR, DOCS_DIR
from schemas import CODE_LISTS, TABLES
from schemas.pandera_models import schema
from validation.suites import PANDERA_ONLY_COLUMN, expected_files, suite


def test_committed_suites_and_checkpoint_are_generated():
    for path, text in expected_files().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run make build"


def test_committed_codebook_is_generated():
    assert (DOCS_DIR / "codebook.md").read_text(encoding="utf-8") == codebook_markdown() + "\n"


@pytest.mark.parametrize("name", list(TABLES))
def test_every_pandera_check_has_an_expectation(name):
    expectations = suite(name)["expectations"]
    by_column: dict[str, set[str]] = {}
    for e in expectations:
        column = e["kwargs"].get("column")
        if column:
            by_column.setdefault(column, set()).update(e["meta"]["check"].split("+"))
    model = schema(name)
    for column, spec in model.columns.items():
        assert spec.description, column
        mirrored = by_column.get(column, set())
        for check in spec.checks:
            if check.name.split("=")[0] in PANDERA_ONLY_COLUMN:
                continue
            assert check.name in mirrored, f"{name}.{column}: {check.name} has no expectation"
        if not spec.nullable:
            assert "not_nullable" in mirrored, column
        if spec.unique:
            assert "unique" in mirrored, column
    assert set(by_column) == set(model.columns)


@pytest.mark.parametrize("name", list(TABLES))
def test_every_code_is_in_the_checks(name):
    model = schema(name)
    gx_sets = {
        e["kwargs"]["column"]: e["kwargs"]["value_set"]
        for e in suite(name)["expectations"]
        if e["meta"]["check"] == "in_codelist"
    }
    for col in TABLES[name].columns:
        if col.kind != "category":
            continue
        codes = list(CODE_LISTS[col.codes])
        isin = next(c for c in model.columns[col.name].checks if c.name == "in_codelist")
        assert set(isin.statistics["allowed_values"]) == set(codes)
        assert gx_sets[col.name] == codes


def test_codebook_frame_matches_datapackage():
    book = dataset.codebook()
    package = json.loads((DATA_DIR / "datapackage.json").read_text())
    for resource in package["resources"]:
        rows = book[book.table == resource["name"]]
        assert list(rows.column) == [f["name"] for f in resource["schema"]["fields"]]
        assert list(rows.description) == [f["description"] for f in resource["schema"]["fields"]]


def test_codebook_markdown_lists_every_code():
    text = codebook_markdown()
    for name, codes in CODE_LISTS.items():
        assert f"Code list `{name}`" in text
        for code, (label, _) in codes.items():
            assert f"| `{code}` | {label} |" in text
