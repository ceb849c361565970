"""`python -m dataset serve` (what `make serve` runs) exports the data and serves the SQLite
export with Datasette: an HTML table page and a JSON query, checked against the Parquet
tables and the schema files."""

from __future__ import annotations

import html
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pyarrow.parquet as pq
import pytest

from dataset.exports import DATABASE
from dataset.paths import DATA_DIR, REPO, SCHEMAS_DIR

DB = DATABASE.removesuffix(".db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    out = tmp_path_factory.mktemp("serve")
    command = [sys.executable, "-m", "dataset", "serve", "--out", str(out), "--port", str(port)]
    log = open(out / "server.log", "w+")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                fetch(f"{base}/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"datasette did not start:\n{log.read()[-2000:]}")
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_sources_page_links_each_url(server):
    page = fetch(f"{server}/{DB}/sources?_size=max")
    urls = [u for u in pq.read_table(DATA_DIR / "sources.parquet").column("url").to_pylist() if u]
    links = {html.unescape(u) for u in re.findall(r'<a href="([^"]+)"', page)}
    assert urls and set(urls) <= links


def test_claims_page_has_descriptions_facets_and_search(server):
    page = html.unescape(fetch(f"{server}/{DB}/claims"))
    schema = json.loads((SCHEMAS_DIR / "claims.json").read_text(encoding="utf-8"))
    assert schema["description"] in page
    stance = next(f for f in schema["fields"] if f["name"] == "stance")
    assert stance["description"] in page
    for facet in ("episode_id", "field", "stance"):
        assert f'id="facet-{facet}"' in page
    assert 'name="_search"' in page
    episodes = html.unescape(fetch(f"{server}/{DB}/episodes"))
    assert 'id="facet-country_name"' in episodes and "Türkiye" in episodes


def test_json_query_answers_from_the_export(server):
    claims = pq.read_table(DATA_DIR / "claims.parquet").to_pylist()
    expected = {}
    for c in claims:
        if c["field"] == "response":
            expected[c["stance"]] = expected.get(c["stance"], 0) + 1
    sql = 'SELECT stance, count(*) AS n FROM claims WHERE field = "response" GROUP BY stance'
    query = urllib.parse.urlencode({"sql": sql, "_shape": "array"})
    rows = json.loads(fetch(f"{server}/{DB}.json?{query}"))
    assert {r["stance"]: r["n"] for r in rows} == expected
    dates = json.loads(fetch(f"{server}/{DB}/episodes.json?episode_id=AE-TRA-2011&_shape=array"))
    assert [(d["demand_date"], d["demand_date_precision"]) for d in dates] == [("2011-04", "month")]
