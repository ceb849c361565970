"""The exports (CSV with its descriptor, Excel, SQLite) read back equal to the Parquet tables,
dates at their precision; they are refused for data that does not validate; they are
deterministic. Expectations come from the Parquet files read with pyarrow and from the schema
files read as JSON, not from the export code."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
import time_machine

import dataset
from dataset.build import write_candidate
from dataset.exports import CSV_DIR, DATABASE, WORKBOOK, ExportRefused, export
from dataset.paths import DATA_DIR, REPO, SCHEMAS_DIR

LENGTH = {"year": 4, "month": 7, "day": 10}  # ISO 8601 text at each precision
TABLES = json.loads((SCHEMAS_DIR / "dataset.json").read_text())["tables"]
SCHEMAS = {t: json.loads((SCHEMAS_DIR / f"{t}.json").read_text()) for t in TABLES}
CODES = json.loads((SCHEMAS_DIR / "codes.json").read_text())


def parquet_table(name: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a published table, dates cut to their precision."""
    table = pq.read_table(DATA_DIR / f"{name}.parquet")
    columns = {c: table.column(c).to_pylist() for c in table.column_names}
    for c in table.column_names:
        if f"{c}_precision" in columns:
            columns[c] = [
                None if d is None else d.isoformat()[: LENGTH[p]]
                for d, p in zip(columns[c], columns[f"{c}_precision"], strict=True)
            ]
    return table.column_names, list(zip(*columns.values(), strict=True))


def date_columns(name: str) -> list[str]:
    return [f["name"] for f in SCHEMAS[name]["fields"] if f["type"] == "date"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("dist")
    export(DATA_DIR, directory)
    return directory


def test_the_data_has_dates_at_every_precision():
    """Otherwise the read-back tests below would not exercise month and year dates."""
    seen = set()
    for name in TABLES:
        table = pq.read_table(DATA_DIR / f"{name}.parquet")
        for c in date_columns(name):
            seen |= set(table.column(f"{c}_precision").to_pylist()) - {None}
    assert seen == {"day", "month", "year"}


# CSV -------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("name", TABLES)
def test_csv_reads_back_equal_to_parquet(out, name):
    columns, rows = parquet_table(name)
    header, *lines = read_csv(out / CSV_DIR / f"{name}.csv")
    assert header == columns
    assert len(lines) == len(rows)
    for line, row in zip(lines, rows, strict=True):
        for column, cell, value in zip(columns, line, row, strict=True):
            if value is None:
                assert cell == "", (name, column)
            elif isinstance(value, float):
                assert float(cell) == value, (name, column)
            else:
                assert cell == str(value), (name, column)


def test_csv_writes_dates_at_their_precision_and_keeps_the_companions(out):
    """By hand: a month, a year and a day-precision demand date, and a missing reason."""
    header, *lines = read_csv(out / CSV_DIR / "episodes.csv")
    rows = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
    ae = rows["AE-TRA-2011"]
    assert (ae["demand_date"], ae["demand_date_precision"]) == ("2011-04", "month")
    assert rows["RU-FSB-2005"]["demand_date"] == "2005"
    assert rows["AE-TRA-2010"]["demand_date"] == "2010-08-01"
    assert ae["outcome_date"] == ""
    assert ae["outcome_date_missing"] in {"not_disclosed", "unknown"}


def test_csv_descriptor_passes_frictionless_with_no_errors_or_warnings(out):
    from frictionless import validate

    report = validate(out / CSV_DIR / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert report.stats["errors"] == 0 and report.stats["warnings"] == 0
    assert [t.name for t in report.tasks] == TABLES
    assert all(t.stats["rows"] > 0 for t in report.tasks)


def test_csv_descriptor_declares_dates_as_patterned_strings(out):
    package = json.loads((out / CSV_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert "pattern" in package["description"] and "precision" in package["description"]
    for resource in package["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert list(fields) == [f["name"] for f in SCHEMAS[resource["name"]]["fields"]]
        # Types every frictionless reader knows (R's included); no Parquet, no date type.
        assert {f["type"] for f in fields.values()} <= {"string", "integer", "number"}
        for column in date_columns(resource["name"]):
            assert fields[column]["type"] == "string"
            pattern = re.compile(f"^{fields[column]['constraints']['pattern']}$")
            assert all(pattern.match(v) for v in ("2011", "2011-04", "2011-04-19"))
            assert not any(pattern.match(v) for v in ("2011-4", "11-04-19", "2011-04-19T00"))
        assert resource["schema"]["primaryKey"] == SCHEMAS[resource["name"]]["primaryKey"]
        assert resource["schema"].get("foreignKeys", []) == SCHEMAS[resource["name"]].get(
            "foreignKeys", []
        )


def _edit_csv(directory: Path, name: str, old: str, new: str) -> None:
    """Change one cell's text in a copied CSV and record the file's new size and hash."""
    path = directory / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == name:
            data = path.read_bytes()
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    (directory / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "error"),
    [
        ("episodes", "AE-TRA-2011,AE,", "AE-TRA-2011,AE,", None),  # unchanged: still valid
        ("episodes", ",2011-04,month,", ",2011-4,month,", "constraint-error"),
        ("claims", ",crn-2010-rim-cant-access-user-data,", ",no-such-source,", "foreign-key"),
    ],
)
def test_frictionless_catches_a_broken_csv(out, tmp_path, name, old, new, error):
    from frictionless import validate

    copy = shutil.copytree(out / CSV_DIR, tmp_path / "csv")
    _edit_csv(copy, name, old, new)
    report = validate(copy / "datapackage.json")
    types = {e.type for task in report.tasks for e in task.errors}
    assert types == ({error} if error else set())


# Excel -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(out):
    return openpyxl.load_workbook(out / WORKBOOK)


def test_workbook_has_about_tables_codebook_and_codes_sheets(workbook):
    assert workbook.sheetnames == ["about", *TABLES, "codebook", "codes"]


@pytest.mark.parametrize("name", TABLES)
def test_workbook_sheet_reads_back_equal_to_parquet(workbook, name):
    columns, rows = parquet_table(name)
    header, *lines = list(workbook[name].values)
    assert list(header) == columns
    assert len(lines) == len(rows)
    for line, row in zip(lines, rows, strict=True):
        for column, cell, value in zip(columns, line, row, strict=True):
            # Excel keeps one kind of number: a whole float (100.0) reads back as 100.
            kind = float if isinstance(cell, int) and isinstance(value, float) else type(cell)
            assert cell == value and kind is type(value), (name, column, cell, value)


def test_workbook_dates_are_text_at_their_precision(workbook):
    ws = workbook["episodes"]
    header = [c.value for c in ws[1]]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(2, values_only=True)}
    assert by_id["AE-TRA-2011"]["demand_date"] == "2011-04"
    assert by_id["RU-FSB-2005"]["demand_date"] == "2005"
    column = header.index("demand_date") + 1
    assert all(ws.cell(r, column).data_type == "s" for r in range(2, ws.max_row + 1))


def test_workbook_sheets_have_frozen_headers_and_readable_widths(workbook):
    from openpyxl.utils import get_column_letter

    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        for i, column in enumerate(ws.iter_cols(values_only=True), 1):
            width = ws.column_dimensions[get_column_letter(i)].width
            longest = max(len(str(v)) for v in column if v is not None)
            assert 6 <= width <= 100, (ws.title, i)
            assert width >= min(longest, 58), (ws.title, column[0], width, longest)


def test_workbook_about_sheet_says_version_licence_and_conventions(workbook):
    about = dict(workbook["about"].iter_rows(2, values_only=True))
    version = pq.read_schema(DATA_DIR / "episodes.parquet").metadata[b"dataset.version"].decode()
    assert about["Version"] == version
    assert "CC BY 4.0" in about["Licence"] or "Attribution 4.0" in about["Licence"]
    assert version in about["Citation"]
    assert "2011-04" in about["Dates"] and "_precision" in about["Dates"]
    assert "empty" in about["Missing values"] and "_missing" in about["Missing values"]


def test_workbook_codebook_and_codes_match_the_schema_files(workbook):
    _, *book = list(workbook["codebook"].values)
    expected = [(t, f["name"], f["description"]) for t in TABLES for f in SCHEMAS[t]["fields"]]
    header = [c.value for c in workbook["codebook"][1]]
    at = [header.index("table"), header.index("column"), header.index("description")]
    assert [tuple(r[i] for i in at) for r in book] == expected
    _, *codes = list(workbook["codes"].values)
    assert [r[:4] for r in codes] == [
        (name, c["code"], c["label"], c["description"])
        for name, spec in CODES.items()
        for c in spec["codes"]
    ]


def test_workbook_writes_formula_like_text_as_text(tmp_path):
    """Published text never starts with a formula sign, but the workbook would not run one."""
    from dataset.exports.workbook import add_sheet

    wb = openpyxl.Workbook()
    add_sheet(wb, "t", ["a"], [("=1+1",), ("plain",)])
    wb.save(tmp_path / "t.xlsx")
    cells = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]["A"][1:]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), ("plain", "s")]


# SQLite ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(out):
    connection = sqlite3.connect(f"file:{out / DATABASE}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", TABLES)
def test_database_table_reads_back_equal_to_parquet(db, name):
    columns, rows = parquet_table(name)
    cursor = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
    assert [d[0] for d in cursor.description] == columns
    got = cursor.fetchall()
    assert len(got) == len(rows)
    for line, row in zip(got, rows, strict=True):
        for column, cell, value in zip(columns, line, row, strict=True):
            assert cell == value and type(cell) is type(value), (name, column, cell, value)


@pytest.mark.parametrize("name", TABLES)
def test_database_declares_the_schema_keys(db, name):
    schema = SCHEMAS[name]
    info = {row[1]: row for row in db.execute(f'PRAGMA table_info("{name}")')}
    assert [c for c, row in info.items() if row[5]] == schema["primaryKey"]
    required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
    assert {c for c, row in info.items() if row[3]} == required | set(schema["primaryKey"])
    foreign = [(r[3], r[2], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{name}")')]
    assert foreign == [
        (fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
        for fk in schema.get("foreignKeys", [])
    ]


def test_database_foreign_keys_hold_and_the_file_is_sound(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold())) if text else set()


def test_database_searches_quotes_and_translations(db):
    claims = pq.read_table(DATA_DIR / "claims.parquet").to_pylist()
    quote_words = set().union(*(_words(c["quote"]) for c in claims))
    only_translated = sorted(
        w
        for c in claims
        for w in _words(c["quote_translation"]) - quote_words
        if w.isascii() and len(w) > 5
    )
    assert only_translated, "no word found only in translations"
    for word in ["interception", "servers", only_translated[0]]:
        expected = {
            c["claim_id"]
            for c in claims
            if word in _words(c["quote"]) | _words(c["quote_translation"])
        }
        found = db.execute(
            "SELECT claims.claim_id FROM claims_fts JOIN claims ON claims.rowid = claims_fts.rowid "
            "WHERE claims_fts MATCH ?",
            [word],
        ).fetchall()
        assert expected and {r[0] for r in found} == expected, word


def test_database_codes_table_matches_the_code_lists(db):
    rows = db.execute(
        "SELECT code_list, code, label, definition, records_absence FROM codes ORDER BY rowid"
    ).fetchall()
    assert rows == [
        (name, c["code"], c["label"], c["description"], int(c.get("absence", False)))
        for name, spec in CODES.items()
        for c in spec["codes"]
    ]


# Refusal and determinism -----------------------------------------------------------------


def test_export_refuses_data_that_does_not_validate(tmp_path):
    frames = {name: dataset.load(name) for name in dataset.tables()}
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    write_candidate(good, frames, "0" * 64)
    export(good, tmp_path / "out-good")  # the same data, rewritten, exports
    frames["episodes"].loc[0, "n_sources"] += 1  # a derived count that no longer adds up
    bad.mkdir()
    write_candidate(bad, frames, "0" * 64)
    with pytest.raises(ExportRefused, match="does not validate.*n_sources"):
        export(bad, tmp_path / "out-bad")
    assert not (tmp_path / "out-bad").exists()


def test_export_command_refuses_in_one_line(tmp_path):
    missing = tmp_path / "no-such-data"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dataset",
            "export",
            "--data",
            str(missing),
            "--out",
            str(tmp_path / "o"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "does not exist" in result.stderr and "nothing exported" in result.stderr
    assert not (tmp_path / "o").exists()


def _contents(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _texts(directory: Path) -> dict[str, bytes]:
    """Every exported file, and every entry of the workbook, as bytes to search."""
    out = _contents(directory)
    with zipfile.ZipFile(directory / WORKBOOK) as archive:
        out |= {f"{WORKBOOK}:{i.filename}": archive.read(i) for i in archive.infolist()}
    return out


def test_exports_are_byte_identical_whatever_the_clock(tmp_path):
    moments = [dt.datetime(2031, 5, 17, 12, 34, 56), dt.datetime(2033, 9, 9, 8, 7, 6)]
    for i, moment in enumerate(moments):
        with time_machine.travel(moment.replace(tzinfo=dt.UTC), tick=False):
            export(DATA_DIR, tmp_path / str(i))
    first, second = _contents(tmp_path / "0"), _contents(tmp_path / "1")
    assert sorted(first) == sorted(second) and len(first) == len(TABLES) + 4
    assert [k for k in first if first[k] != second[k]] == []
    for moment in moments:
        stamp = moment.date().isoformat().encode()
        assert [k for k, v in _texts(tmp_path / "0").items() if stamp in v] == []
    with zipfile.ZipFile(tmp_path / "0" / WORKBOOK) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_two_exports_now_are_identical_and_carry_no_time_of_today(out, tmp_path):
    export(DATA_DIR, tmp_path / "again")
    assert _contents(out) == _contents(tmp_path / "again")
    today = dt.datetime.now(dt.UTC).date()
    stamps = [f"{today.isoformat()}T".encode(), f"{today.isoformat()} ".encode()]
    texts = _texts(out)
    assert [k for k, v in texts.items() if any(s in v for s in stamps)] == []
    with zipfile.ZipFile(out / WORKBOOK) as archive:
        assert all(i.date_time[:3] != today.timetuple()[:3] for i in archive.infolist())
        core = archive.read("docProps/core.xml").decode()
    stamps_in_core = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert sorted(stamps_in_core) == [
        ("created", "1980-01-01T00:00:00Z"),
        ("modified", "1980-01-01T00:00:00Z"),
    ]
