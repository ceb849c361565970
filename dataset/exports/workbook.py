"""The Excel workbook: an about sheet, one sheet per table, the codebook and the codes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd

from dataset import about
from dataset.exports.files import FIXED_TIME, write_atomic
from dataset.exports.published import DATES_NOTE, MISSING_NOTE, SETS_NOTE, Published

ABOUT = "about"
CODEBOOK = "codebook"
CODES = "codes"
CORE_PROPERTIES = "docProps/core.xml"
MIN_WIDTH, MAX_WIDTH = 6, 60


def citation(version: str) -> str:
    return (
        f"{about.TITLE}, version {version}. Data licensed under "
        f"{about.DATA_LICENSE['title']} ({about.DATA_LICENSE['name']})."
    )


def about_rows(published: Published) -> list[tuple[str, str]]:
    tables = ", ".join(published.tables)
    return [
        ("Title", about.TITLE),
        ("Description", about.DESCRIPTION),
        ("Version", published.version),
        ("Licence", f"Data: {about.DATA_LICENSE['title']}, {about.DATA_LICENSE['path']}"),
        ("Citation", citation(published.version)),
        (
            "Dates",
            f"{DATES_NOTE} They are text, not Excel dates, so no month or year is shown as a day.",
        ),
        ("Missing values", MISSING_NOTE),
        ("Coded sets", SETS_NOTE),
        (
            "Sheets",
            f"One sheet per table ({tables}); {CODEBOOK}: every column with its type "
            f"and description; {CODES}: every code with its label and definition.",
        ),
    ]


def add_sheet(wb, title: str, header: list[str], rows: list[tuple]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    for i, name in enumerate(header):
        longest = max([len(name), *(len(str(r[i])) for r in rows if r[i] is not None)])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(
            max(longest + 2, MIN_WIDTH), MAX_WIDTH
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def _records(frame: pd.DataFrame) -> list[tuple]:
    """A frame's rows as Python values, missing as ``None``."""
    columns = [[None if pd.isna(v) else v for v in frame[c].tolist()] for c in frame.columns]
    return list(zip(*columns, strict=True))


def workbook_bytes(published: Published) -> bytes:
    """The workbook's bytes, the same for the same data (no time of writing inside)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.xml.functions import tostring

    from dataset.codebook_view import codebook_frame, codes

    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, ABOUT, ["item", "text"], about_rows(published))
    for cell in wb[ABOUT]["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb[ABOUT].column_dimensions["B"].width = 100
    for name, table in published.tables.items():
        add_sheet(wb, name, table.schema.names, table.rows)
    book, code_rows = codebook_frame(), codes()
    add_sheet(wb, CODEBOOK, list(book.columns), _records(book))
    add_sheet(wb, CODES, list(code_rows.columns), _records(code_rows))
    wb.properties.creator = about.TITLE
    wb.properties.title = f"{about.TITLE} {published.version}"
    buffer = io.BytesIO()
    wb.save(buffer)  # stamps the time of writing on the entries and the properties
    wb.properties.created = wb.properties.modified = dt.datetime(*FIXED_TIME)
    return _without_time(buffer.getvalue(), {CORE_PROPERTIES: tostring(wb.properties.to_tree())})


def _without_time(xlsx: bytes, replace: dict[str, bytes]) -> bytes:
    """The archive rewritten with every entry at :data:`FIXED_TIME`, entries named in
    ``replace`` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, replace.get(info.filename) or src.read(info))
    return out.getvalue()


def write_workbook(published: Published, path: Path) -> Path:
    return write_atomic(path, workbook_bytes(published))
