"""Exports of the published tables for tools beyond Python: CSV files with their own
Frictionless descriptor, an Excel workbook, and a SQLite database with the metadata that
Datasette shows. Written from validated tables only, and deterministic: the same data gives
the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from dataset.errors import DatasetError

CSV_DIR = "csv"
WORKBOOK = "blackberry-access-demands.xlsx"
DATABASE = "blackberry-access-demands.db"
DATASETTE_METADATA = "datasette-metadata.json"


class ExportRefused(DatasetError):
    """The data directory does not validate, so nothing is exported from it."""


def export(data_dir: Path, out_dir: Path) -> list[Path]:
    """Validate ``data_dir``, then write every export into ``out_dir``; the paths written."""
    from dataset.exports.csv_files import write_csv
    from dataset.exports.database import write_database
    from dataset.exports.datasette_metadata import write_datasette_metadata
    from dataset.exports.published import read_published
    from dataset.exports.workbook import write_workbook
    from dataset.validate import validate_dir

    data_dir, out_dir = Path(data_dir), Path(out_dir)
    failures = validate_dir(data_dir)
    if failures:
        raise ExportRefused(f"{_summary(data_dir, failures)}; nothing exported")
    published = read_published(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        *write_csv(published, out_dir / CSV_DIR),
        write_workbook(published, out_dir / WORKBOOK),
        write_database(published, out_dir / DATABASE),
        write_datasette_metadata(published, out_dir / DATASETTE_METADATA, DATABASE),
    ]


def serve_command(out_dir: Path, port: int) -> list[str]:
    """The command that runs Datasette on the database exported into ``out_dir``."""
    import sys

    return [
        sys.executable, "-m", "datasette", "serve",
        "--immutable", str(Path(out_dir) / DATABASE),
        "--metadata", str(Path(out_dir) / DATASETTE_METADATA),
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip


def _summary(data_dir: Path, failures: list) -> str:
    """One line on why a directory failed validation."""
    first = failures[0]
    if first.table == "-" and first.value:  # a file check: its message says it all
        return str(first.value)
    return (
        f"{data_dir} does not validate ({len(failures)} problem(s), first: {first.line()}; "
        f"see python -m dataset validate --data {data_dir})"
    )
