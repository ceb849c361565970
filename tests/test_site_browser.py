"""The generated site in a real browser: headless Chromium driven by Selenium, offline.

The site is built once into a temporary folder; every page is opened once (console log,
element ids, links, resources loaded, axe-core audit) and the tests read what was found.
Expectations come from the Parquet tables read with pyarrow, not from the site's code.
Without Chromium and its driver these tests are skipped, with the reason.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow.parquet as pq
import pytest

from dataset.paths import DATA_DIR, REPO

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install -y chromium chromium-driver"
# Impacts the audit must not report; "minor" and "moderate" are reported in the message only.
BLOCKING = ("serious", "critical")
# axe-core's two duplicate-id rules query the page once per id (quadratic: half of the audit
# time on the sources page). test_no_id_is_repeated_on_a_page checks every id on every page,
# which covers both rules (ids referenced by ARIA included), so the audit leaves them out.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in ("duplicate-id", "duplicate-id-aria")},
}


def _missing_browser() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(path) is None:
            return f"{path} is not installed ({INSTALL})"
    for module in ("selenium", "axe_selenium_python"):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {module} is not installed (uv sync --group dev)"
    return None


def _skip_without_browser() -> None:
    reason = _missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}; the site was not checked in a browser")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    from dataset.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(DATA_DIR, out)
    return out


@pytest.fixture(scope="session")
def driver():
    _skip_without_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_script_timeout(180)
    yield browser
    browser.quit()


@dataclass
class Page:
    path: str
    errors: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # every element id, repeats kept
    anchors: set[str] = field(default_factory=set)  # what a #fragment can name: ids, a[name]
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)


_COLLECT = """
return {
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
  names: Array.from(document.querySelectorAll('a[name]'), e => e.name),
  links: Array.from(document.querySelectorAll('a[href], link[href], img[src], script[src]'),
                    e => e.href || e.src),
  resources: performance.getEntriesByType('resource').map(e => e.name),
};
"""


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="session")
def visited(site, driver) -> dict[str, Page]:
    """Every page of the site, opened once."""
    from axe_selenium_python import Axe

    axe = Axe(driver)
    out = {}
    for path in _pages(site):
        driver.get((site / path).as_uri())
        page = Page(path)
        page.errors = [
            entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
        ]
        found = driver.execute_script(_COLLECT)
        page.ids, page.links, page.resources = found["ids"], found["links"], found["resources"]
        page.anchors = set(found["ids"]) | set(found["names"])
        axe.inject()
        result = axe.run(options=json.dumps(AXE_OPTIONS))
        page.violations = result["violations"]
        out[path] = page
    return out


def test_the_site_has_every_page(site):
    episodes = pq.read_table(DATA_DIR / "episodes.parquet", columns=["episode_id"])
    pages = set(_pages(site))
    expected = {f"episodes/{e}.html" for e in episodes["episode_id"].to_pylist()}
    expected |= {
        f"{name}.html"
        for name in ("index", "sources", "seed", "exclusions", "downloads", "coding-manual")
    }
    expected |= {"notebooks.html"} | {
        f"notebooks/{p.stem}.html" for p in (REPO / "notebooks").glob("*.ipynb")
    }
    assert expected <= pages, sorted(expected - pages)


def test_every_page_loads_without_console_errors(visited):
    errors = {path: page.errors for path, page in visited.items() if page.errors}
    assert not errors, errors


def test_nothing_is_loaded_from_the_network(visited):
    remote = {
        path: [r for r in page.resources if not r.startswith(("file:", "data:"))]
        for path, page in visited.items()
    }
    assert not {p: r for p, r in remote.items() if r}


def _target(site: Path, link: str) -> tuple[str, str] | None:
    """The site page and fragment a file: link points at (None for other schemes)."""
    parts = urlsplit(link)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path)).resolve()
    return path.relative_to(site.resolve()).as_posix(), parts.fragment


def test_every_internal_link_and_anchor_resolves(site, visited):
    broken = []
    for path, page in visited.items():
        for link in page.links:
            target = _target(site, link)
            if target is None:
                continue
            file, fragment = target
            if not (site / file).is_file():
                broken.append(f"{path}: {link} (no such file)")
            elif fragment and file in visited:
                anchors = visited[file].anchors
                if fragment not in anchors and unquote(fragment) not in anchors:
                    broken.append(f"{path}: {link} (no such anchor)")
    assert not broken, f"{len(broken)} broken links, first: {broken[:5]}"


def test_downloads_are_the_published_files(site):
    for line in (DATA_DIR / "SHA256SUMS").read_text().splitlines():
        name = line.split()[1]
        assert (site / "downloads" / name).read_bytes() == (DATA_DIR / name).read_bytes()


def _repeated(ids: list[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def test_no_id_is_repeated_on_a_page(visited):
    repeated = {path: _repeated(page.ids) for path, page in visited.items()}
    assert not {p: r for p, r in repeated.items() if r}


def test_a_repeated_id_is_found_where_axe_no_longer_looks(driver, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>t</title><main><p id="a">x</p>'
        '<p id="b" aria-labelledby="a">y</p><p id="a">z</p>'
        '<a id="c" name="c" href="#b">an anchor named as its id is no repeat</a></main></html>',
        encoding="utf-8",
    )
    driver.get(page.as_uri())
    assert _repeated(driver.execute_script(_COLLECT)["ids"]) == ["a"]


def test_no_serious_or_critical_accessibility_violations(visited):
    blocking = {
        path: [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in page.violations
            if v["impact"] in BLOCKING
        ]
        for path, page in visited.items()
    }
    assert not {p: v for p, v in blocking.items() if v}


# ---- every value with its evidence --------------------------------------------------------

_VALUES = """
return Array.from(document.querySelectorAll('[data-value-id]'), v => ({
  id: v.getAttribute('data-value-id'),
  refs: (v.getAttribute('data-supported-by') || '').split(' ').filter(Boolean).map(ref => {
    const el = document.getElementById(ref);
    if (!el) return {ref: ref, found: false};
    const quote = el.querySelector('blockquote');
    const entry = el.querySelector('a.source-entry');
    const url = el.querySelector('a.source-url');
    return {
      ref: ref, found: true, visible: el.getClientRects().length > 0,
      claims: (el.getAttribute('data-claim-ids') || '').split(' ').filter(Boolean),
      source: el.getAttribute('data-source-id'),
      quote: quote ? quote.textContent.trim() : '',
      entry: entry ? entry.href : null,
      url: url ? url.getAttribute('href') : null,
    };
  }),
}));
"""


@pytest.fixture(scope="session")
def evidence() -> dict:
    """From the Parquet tables: each value's episode and the claims asserting it."""
    values = pq.read_table(DATA_DIR / "values.parquet").to_pylist()
    claims = pq.read_table(DATA_DIR / "claims.parquet").to_pylist()
    sources = pq.read_table(DATA_DIR / "sources.parquet", columns=["source_id", "url"])
    asserting: dict[tuple, set] = {}
    for c in claims:
        if c["stance"] == "supports" and c["assertion"] == "asserts":
            asserting.setdefault((c["target_id"], c["field"]), set()).add(c["claim_id"])
            asserting.setdefault((c["target_id"], c["field"], c["value"]), set()).add(c["claim_id"])
    supports = {}
    for v in values:
        coded = v["value_id"].count("/") == 2  # row/column/code
        key = (v["target_id"], v["field"], v["value"]) if coded else (v["target_id"], v["field"])
        supports[v["value_id"]] = (v["episode_id"], asserting.get(key, set()))
    return {
        "values": supports,
        "claim_source": {c["claim_id"]: c["source_id"] for c in claims},
        "url": dict(zip(sources["source_id"].to_pylist(), sources["url"].to_pylist(), strict=True)),
    }


def test_every_value_shows_a_supporting_quote_with_a_working_source_link(
    site, driver, visited, evidence
):
    episodes = sorted({episode for episode, _ in evidence["values"].values()})
    problems = []
    for episode in episodes:
        path = f"episodes/{episode}.html"
        driver.get((site / path).as_uri())
        shown = {v["id"]: v["refs"] for v in driver.execute_script(_VALUES)}
        expected = {k for k, (e, _) in evidence["values"].items() if e == episode}
        if set(shown) != expected:
            problems.append(f"{path}: values {sorted(set(shown) ^ expected)[:5]} differ")
        for value_id in expected & set(shown):
            good = []
            for ref in shown[value_id]:
                asserted = set(ref.get("claims", [])) & evidence["values"][value_id][1]
                if not (ref["found"] and ref["visible"] and ref["quote"] and asserted):
                    continue
                source = evidence["claim_source"][sorted(asserted)[0]]
                entry = _target(site, ref["entry"] or "")
                url = evidence["url"][source]
                if (
                    ref["source"] == source
                    and entry == ("sources.html", f"source-{source}")
                    and f"source-{source}" in visited["sources.html"].anchors
                    and ref["url"] == url
                ):
                    good.append(ref["ref"])
            if not good:
                problems.append(
                    f"{path}: value {value_id} shows no supporting quote with its source"
                )
    assert not problems, f"{len(problems)} problems, first: {problems[:5]}"


# ---- the comparison table ------------------------------------------------------------------


@pytest.fixture(scope="session")
def episodes() -> list[dict]:
    return pq.read_table(DATA_DIR / "episodes.parquet").to_pylist()


def _visible_rows(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#comparison tbody tr'))"
        ".filter(r => r.getClientRects().length > 0).map(r => r.dataset.episode);"
    )


def _choose(driver, **choices) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()
    # The page re-applies the filters in a zero-delay timer after a reset (the form's values
    # change only after the reset event); a timer queued now runs after it.
    driver.execute_async_script("window.setTimeout(arguments[0], 0);")
    for name, value in choices.items():
        Select(driver.find_element(By.ID, f"filter-{name}")).select_by_value(value)
    return _visible_rows(driver)


def test_filters_change_the_visible_rows(site, driver, episodes):
    driver.get((site / "index.html").as_uri())
    every = {e["episode_id"] for e in episodes}
    assert set(_visible_rows(driver)) == every

    def where(**wanted):
        return {e["episode_id"] for e in episodes if all(e[k] == v for k, v in wanted.items())}

    core = where(scope="core")
    assert core and core != every
    assert set(_choose(driver, scope="core")) == core
    assert set(_choose(driver, scope="extended")) == where(scope="extended")
    assert set(_choose(driver, evidence="thin")) == where(evidence_level="thin")
    assert set(_choose(driver, government="India")) == where(country_name="India")
    both = where(scope="core", evidence_level="corroborated")
    assert set(_choose(driver, scope="core", evidence="corroborated")) == both
    assert set(_choose(driver, scope="extended", government="India")) == set()
    assert set(_choose(driver)) == every
    status = driver.find_element("id", "filter-status").text
    assert status == f"Showing {len(every)} of {len(every)} episodes."


def test_headings_sort_the_rows(site, driver, episodes):
    from selenium.webdriver.common.by import By

    driver.get((site / "index.html").as_uri())
    by_id = {e["episode_id"]: e for e in episodes}

    def sort_by(label: str) -> list[str]:
        button = driver.find_element(
            By.XPATH, f"//table[@id='comparison']//th/button[normalize-space()='{label}']"
        )
        button.click()
        return _visible_rows(driver)

    dates = [by_id[e]["demand_date"] for e in sort_by("Demand date")]
    assert dates == sorted(dates)
    dates = [by_id[e]["demand_date"] for e in sort_by("Demand date")]
    assert dates == sorted(dates, reverse=True)
    origins = [by_id[e]["n_origins"] for e in sort_by("Independent origins")]
    assert origins == sorted(origins)  # numerically: 6 before 30


def test_the_comparison_is_complete_without_scripts(site, episodes):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("#comparison tbody tr")
    assert {r["data-episode"] for r in rows} == {e["episode_id"] for e in episodes}
    assert not any(r.has_attr("hidden") for r in rows)
    assert soup.select_one("#filters").has_attr("hidden")  # shown by the script


@pytest.mark.parametrize("path", ["index.html", "episodes/AE-TRA-2010.html", "sources.html"])
def test_pages_fit_a_phone_screen(site, driver, path):
    driver.set_window_size(390, 844)
    try:
        driver.get((site / path).as_uri())
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
    finally:
        driver.set_window_size(1280, 1000)
    assert overflow <= 0
