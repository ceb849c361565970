"""The site's own checks and how it writes values, without a browser.

The planted defects are made on a copy of data/ with pyarrow alone (rows removed or a cell
changed, checksums rewritten), so the tables stay valid Parquet and only the defect differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from dataset.paths import DATA_DIR, REPO
from dataset.site import display
from dataset.site.check import is_web_address, problems


def _table(directory: Path, name: str) -> pa.Table:
    return pq.read_table(directory / f"{name}.parquet")


def _rewrite(directory: Path, name: str, table: pa.Table) -> None:
    """Write one table back and rewrite the manifest over every file it lists."""
    pq.write_table(table, directory / f"{name}.parquet")
    manifest = directory / "SHA256SUMS"
    names = [line.split()[1] for line in manifest.read_text().splitlines()]
    manifest.write_text(
        "".join(
            f"{hashlib.sha256((directory / n).read_bytes()).hexdigest()}  {n}\n"
            for n in sorted(names)
        )
    )


def _site(data: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dataset", "site", "--data", str(data), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _frames(directory: Path) -> dict:
    import dataset

    return {name: dataset.load(name, directory) for name in dataset.tables()}


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _only_claim(data: Path, coded_set: bool) -> tuple[str, str]:
    """A value with exactly one claim asserting it, and that claim's id (found from the
    values and claims tables with pyarrow)."""
    values = _table(data, "values").to_pylist()
    claims = [
        c
        for c in _table(data, "claims").to_pylist()
        if c["stance"] == "supports" and c["assertion"] == "asserts"
    ]
    for v in values:
        is_set = v["value_id"].count("/") == 2
        if is_set != coded_set:
            continue
        mine = [
            c
            for c in claims
            if c["target_id"] == v["target_id"]
            and c["field"] == v["field"]
            and (not is_set or c["value"] == v["value"])
        ]
        if len(mine) == 1:
            return v["value_id"], mine[0]["claim_id"]
    raise AssertionError("no value with a single supporting claim")


@pytest.mark.parametrize("coded_set", [False, True], ids=["single value", "code of a set"])
def test_site_refuses_a_value_whose_only_claim_is_removed(data, tmp_path, coded_set):
    value_id, claim_id = _only_claim(data, coded_set)
    claims = _table(data, "claims")
    _rewrite(data, "claims", claims.filter(pc.not_equal(claims["claim_id"], claim_id)))
    out = tmp_path / "site"
    result = _site(data, out)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: site not written: ")
    assert f"value {value_id} " in lines[0] and "has no supporting claim" in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def _cited_source(data: Path) -> str:
    claims = _table(data, "claims")
    return claims["source_id"][0].as_py()


def _set_source(data: Path, source_id: str, **cells) -> None:
    sources = _table(data, "sources")
    mask = pc.equal(sources["source_id"], source_id)
    for column, value in cells.items():
        i = sources.schema.get_field_index(column)
        kept = sources[column]
        new = pc.if_else(mask, pa.scalar(value, type=kept.type), kept)
        sources = sources.set_column(i, sources.schema.field(i), new)
    _rewrite(data, "sources", sources)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"url": None, "url_missing": None}, "has no address and no reason why not"),
        ({"url": "www.example.org/story"}, "has an address that is not a web link"),
        ({"url": "https:///story"}, "has an address that is not a web link"),
    ],
    ids=["no address, no reason", "no scheme", "no host"],
)
def test_site_refuses_a_broken_source_link(data, tmp_path, cells, message):
    source_id = _cited_source(data)
    _set_source(data, source_id, **cells)
    out = tmp_path / "site"
    result = _site(data, out)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"source {source_id} {message}" in lines[0]
    assert not out.exists()


def test_a_source_without_address_but_with_a_reason_is_accepted(data):
    source_id = _cited_source(data)
    _set_source(data, source_id, url=None, url_missing="not_disclosed")
    assert problems(_frames(data)) == []


def test_published_tables_pass_the_site_checks():
    assert problems(_frames(DATA_DIR)) == []


def test_site_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = _site(DATA_DIR, out)
    assert result.returncode == 1
    assert "was not written by this command" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.reuters.com/article/x", True),
        ("http://example.org", True),
        ("ftp://example.org/file", False),
        ("https://", False),
        ("https://exa mple.org/", False),
        ("/relative/path", False),
        ("", False),
        (None, False),
    ],
)
def test_web_addresses(url, ok):
    assert is_web_address(url) is ok


@pytest.mark.parametrize(
    ("precision", "text"),
    [("year", "2005"), ("month", "April 2011"), ("day", "8 October 2010")],
)
def test_dates_are_written_at_their_precision(precision, text):
    day = {"year": dt.date(2005, 1, 1), "month": dt.date(2011, 4, 1)}.get(
        precision, dt.date(2010, 10, 8)
    )
    assert display.date_text(day, precision) == text


@pytest.mark.parametrize(
    ("iso", "text"), [("2011", "2011"), ("2011-04", "April 2011"), ("2011-04-19", "19 April 2011")]
)
def test_iso_dates_in_words(iso, text):
    assert display.iso_date_text(iso) == text


def test_missing_values_are_given_their_reason():
    assert display.missing_text("not_disclosed") == "Not disclosed"
    assert display.missing_text("not_applicable") == "Not applicable"
    assert display.missing_text(None) == "Not recorded"


# ---- documents and notebooks ---------------------------------------------------------------

LINKS = {
    "docs/coding-manual.md": "coding-manual.html",
    "docs/codebook.md": "downloads.html#codebook",
    "data/episodes.parquet": "downloads/episodes.parquet",
}


def _tidy(html: str):
    from bs4 import BeautifulSoup

    from dataset.site.documents import tidy

    out, warnings = tidy(html, "notebooks/01.ipynb", "notebooks/01.html", LINKS)
    return BeautifulSoup(out, "html.parser"), warnings


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../docs/coding-manual.md#threat", "../coding-manual.html#threat"),
        ("../docs/codebook.md", "../downloads.html#codebook"),
        ("../data/episodes.parquet", "../downloads/episodes.parquet"),
        ("https://example.org/a.md", "https://example.org/a.md"),
        ("#the-comparison", "#the-comparison"),
    ],
)
def test_links_between_repository_files_point_at_site_pages(href, expected):
    soup, warnings = _tidy(f'<p><a href="{href}">where</a></p>')
    assert soup.a["href"] == expected
    assert warnings == []


def test_links_to_files_not_on_the_site_become_text_with_a_warning():
    soup, warnings = _tidy('<p>See <a href="../DATASHEET.md">the datasheet</a>.</p>')
    assert soup.a is None
    assert soup.p.get_text() == "See the datasheet."
    assert len(warnings) == 1 and "../DATASHEET.md" in warnings[0]


def test_tables_get_header_scopes_and_a_scrolling_region():
    soup, _ = _tidy(
        "<h2>Counts</h2><table><thead><tr><th></th><th>n</th></tr></thead>"
        "<tbody><tr><th>AE</th><td>3</td></tr></tbody></table>"
    )
    assert [th["scope"] for th in soup.select("thead th")] == ["col", "col"]
    assert [th["scope"] for th in soup.select("tbody th")] == ["row"]
    region = soup.table.parent
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert "Counts" in region["aria-label"]


def test_images_without_a_description_get_one_and_headings_an_anchor():
    soup, _ = _tidy(
        '<h2>The figure</h2><img src="data:image/png;base64,AA==" '
        'alt="No description has been provided for this image">'
    )
    assert soup.h2["id"] == "the-figure"
    assert soup.img["alt"] == "Figure drawn by the code above in section “The figure”"


def test_a_failing_notebook_is_rendered_up_to_its_error(tmp_path):
    import nbformat

    from dataset.site.notebooks import render

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A test notebook"),
        nbformat.v4.new_code_cell("print(6 * 7)"),
        nbformat.v4.new_code_cell("raise ValueError('planted')"),
        nbformat.v4.new_code_cell("print('never run')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path / "planted.ipynb"
    nbformat.write(nb, path)
    rendered = render(path, DATA_DIR)
    assert rendered.title == "A test notebook" and rendered.has_title
    assert rendered.error == "ValueError: planted"
    assert "42" in rendered.body
    assert "never run" in rendered.body  # the source is shown, with no output
    assert rendered.body.count("never run") == 1
