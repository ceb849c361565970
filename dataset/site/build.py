"""Write the static site: check the tables, render every page into a staging folder beside
the target, then put it in place (a failed build leaves the previous site as it was)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dataset import about
from dataset.integrity import PUBLISHED_FILES, read_regular, read_verified, sha256_bytes
from dataset.loading import load
from dataset.paths import CHECKOUT, DATA_DIR, DOCS_DIR, MANIFEST, REPO
from dataset.schema import CODE_LISTS, TABLE_NAMES, TABLES
from dataset.site import display, documents
from dataset.site.check import SiteError, check
from dataset.site.pages import SiteData, codebook, episode_href

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = REPO / "site"
MARKER = ".dataset-site"  # marks a folder this command wrote, so it may replace it
SITE_NAME = "BlackBerry access demands"
NAV = (
    ("index.html", "Comparison"),
    ("sources.html", "Sources"),
    ("seed.html", "Seed document"),
    ("exclusions.html", "Left out"),
    ("coding-manual.html", "Coding manual"),
    ("notebooks.html", "Notebooks"),
    ("downloads.html", "Downloads and codebook"),
)
FIGURES = {
    "comparison_matrix": (
        "The comparison matrix, drawn for print.",
        "Matrix of the episodes (rows) against the coded attributes (columns): services "
        "targeted and access sought as filled or empty circles, then the threat, "
        "BlackBerry's response and the outcome written out; the core four in bold. "
        "It shows the same values as the comparison table above.",
    ),
    "timelines": (
        "Timelines of the episodes on a common calendar.",
        "One lane per episode with its events on a common calendar, the marker's shape "
        "giving the event type and hollow markers the disputed events; a lower panel "
        "repeats the busiest three months. Each episode page lists the same events.",
    ),
    "evidence": (
        "The evidence behind the episodes, and the triage of the seed document.",
        "Bar charts: claims by stance (supporting, disputing, context) and sources by "
        "type for each episode, and the seed document's sentences by verdict. The "
        "episode pages and the seed document page give the same counts.",
    ),
}
FILE_DESCRIPTIONS = {
    "datapackage.json": "Frictionless Data Package: every table's schema, keys and licence.",
    "croissant.json": "Croissant metadata (MLCommons), for machine-learning tools.",
    MANIFEST: "SHA-256 checksums of the files above.",
}
_ONLINE_RESOURCE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*"
    r"\b(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


@dataclass
class Written:
    pages: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def code_spans(text: object):
    """Text with its `backticked` names as code (everything else escaped)."""
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["code_spans"] = code_spans
    env.globals.update(
        site_name=SITE_NAME,
        dataset_title=about.TITLE,
        version=about.version(),
        data_license=about.DATA_LICENSE["name"],
        code_license=about.CODE_LICENSE,
        nav=NAV,
    )
    return env


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 1000 else f"{n / 1000:,.0f} kB"


def _citation() -> dict:
    import yaml

    cff = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    meta = yaml.safe_load(cff)
    authors = "; ".join(
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
        for a in meta.get("authors", [])
    )
    year = str(meta.get("date-released", ""))[:4]
    where = meta.get("doi") and f"https://doi.org/{meta['doi']}" or meta.get("url") or ""
    text = f"{authors} ({year}). {meta['title']} (version {meta['version']}) [Data set]."
    return {
        "message": meta.get("message", ""),
        "text": f"{text} {where}".strip(),
        "cff": cff,
    }


def _check_target(out: Path) -> None:
    """Refuse to replace a folder this command did not write (or that is not a folder)."""
    if out.exists() and not (out.is_dir() and ((out / MARKER).is_file() or not any(out.iterdir()))):
        raise SiteError(
            f"site not written: {out} exists and was not written by this command; "
            "choose another --out or remove it"
        )


def _replace(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out``, replacing a site this command wrote before."""
    _check_target(out)
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


class _Writer:
    def __init__(self, root: Path, data: SiteData) -> None:
        self.root, self.data, self.env = root, data, _environment()
        self.env.globals["target_label"] = data.target_label
        self.written = Written()

    def page(self, path: str, template: str, title: str, **context) -> None:
        depth = path.count("/")
        html = self.env.get_template(template).render(
            title=title, page=path, root="../" * depth, **context
        )
        if _ONLINE_RESOURCE.search(html):
            raise SiteError(f"site not written: {path} would load something from the network")
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.written.pages.append(target)


def _links(notebooks: list[str]) -> dict[str, str]:
    """Repository paths that documents may link to, and where they are on the site."""
    return {
        "README.md": "index.html",
        "docs/coding-manual.md": "coding-manual.html",
        "docs/codebook.md": "downloads.html#codebook",
        "data": "downloads.html",
        **{f"data/{name}": f"downloads/{name}" for name in [*PUBLISHED_FILES, MANIFEST]},
        **{f"docs/figures/{stem}.png": f"figures/{stem}.png" for stem in FIGURES},
        **{f"notebooks/{name}": f"notebooks/{Path(name).stem}.html" for name in notebooks},
        "notebooks": "notebooks.html",
    }


def _figure(name: str) -> dict:
    stem = Path(name).stem
    label = display.column_label(stem)
    caption, alt = FIGURES.get(stem, (f"{label}.", label))
    return {"href": f"figures/{name}", "name": name, "caption": caption, "alt": alt}


def _home(w: _Writer, figures: list[str]) -> None:
    data = w.data
    episodes = data.frames["episodes"]
    scopes = [
        {
            "label": code.label,
            "definition": code.description,
            "governments": sorted(
                set(episodes.loc[episodes["scope"] == code.code, "country_name"])
            ),
        }
        for code in CODE_LISTS["scope"].codes
    ]
    w.page(
        "index.html",
        "index.html.j2",
        "Comparison",
        description=about.DESCRIPTION,
        n_episodes=len(episodes),
        n_governments=episodes["country_code"].nunique(),
        n_sources=len(data.frames["sources"]),
        n_claims=len(data.frames["claims"]),
        scopes=scopes,
        matrix=data.matrix(),
        figures=[_figure(name) for name in figures],
        citation=_citation(),
    )


def _figures(w: _Writer, data_dir: Path) -> list[str]:
    """The analysis figures: the committed ones for the committed tables, drawn afresh
    for any other tables."""
    target = w.root / "figures"
    target.mkdir()
    if data_dir.resolve() == DATA_DIR.resolve() and (DOCS_DIR / "figures").is_dir():
        for png in sorted((DOCS_DIR / "figures").glob("*.png")):
            shutil.copyfile(png, target / png.name)
    else:
        from dataset.figures import write_figures

        write_figures(data_dir, target)
    order = list(FIGURES)
    return sorted(
        (p.name for p in target.glob("*.png")),
        key=lambda n: (order.index(Path(n).stem) if Path(n).stem in order else len(order), n),
    )


def _downloads(w: _Writer, data_dir: Path) -> None:
    target = w.root / "downloads"
    target.mkdir()
    files = []
    for name in [*PUBLISHED_FILES, MANIFEST]:
        raw = read_regular(data_dir / name) if name == MANIFEST else read_verified(data_dir, name)
        (target / name).write_bytes(raw)
        stem = name.removesuffix(".parquet")
        files.append(
            {
                "name": name,
                "href": f"downloads/{name}",
                "size": _size(len(raw)),
                "sha256": sha256_bytes(raw),
                "description": TABLES[stem].description
                if stem in TABLES
                else FILE_DESCRIPTIONS.get(name, ""),
            }
        )
    w.page(
        "downloads.html",
        "downloads.html.j2",
        "Downloads and codebook",
        files=files,
        codebook=codebook(),
    )


def _manual(w: _Writer, links: dict[str, str]) -> None:
    source = DOCS_DIR / "coding-manual.md"
    html, warnings = documents.tidy(
        documents.markdown_html(source.read_text(encoding="utf-8")),
        "docs/coding-manual.md",
        "coding-manual.html",
        links,
    )
    w.written.warnings += warnings
    agreement = [
        {
            "label": display.column_label(row["field"]),
            "n_episodes": row["n_episodes"],
            "n_units": row["n_units"],
            "percent": f"{row['percent_agreement']:.1f} %",
            "alpha": (
                f"{row['krippendorff_alpha']:.2f}"
                if pd.notna(row["krippendorff_alpha"])
                else "undefined (every unit has the same value)"
            ),
        }
        for _, row in w.data.frames["agreement"].iterrows()
    ]
    w.page(
        "coding-manual.html", "document.html.j2", "Coding manual", body=html, agreement=agreement
    )


def _notebooks(w: _Writer, data_dir: Path, links: dict[str, str], names: list[str]) -> None:
    from dataset.site.notebooks import render_all

    listed = []
    for nb in render_all(REPO / "notebooks", data_dir):
        page = f"notebooks/{Path(nb.file).stem}.html"
        body, warnings = documents.tidy(nb.body, f"notebooks/{nb.file}", page, links)
        w.written.warnings += warnings
        if nb.error:
            w.written.warnings.append(f"notebooks/{nb.file} stopped with an error: {nb.error}")
        w.page(
            page,
            "notebook.html.j2",
            nb.title,
            body=body,
            file=nb.file,
            has_title=nb.has_title,
            error=nb.error,
        )
        listed.append({"href": page, "title": nb.title, "file": nb.file})
    w.page("notebooks.html", "notebooks.html.j2", "Notebooks", notebooks=listed)


def build_site(data_dir: Path = DATA_DIR, out: Path = DEFAULT_OUT) -> Written:
    """Check the tables in ``data_dir`` and write the site to ``out``."""
    if not CHECKOUT:
        raise SiteError("the site is built from a checkout (it renders docs/ and notebooks/)")
    data_dir, out = Path(data_dir), Path(out)
    _check_target(out)
    frames = {name: load(name, data_dir) for name in TABLE_NAMES}
    check(frames)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        data = SiteData(frames)
        w = _Writer(staging, data)
        (staging / MARKER).write_text("written by python -m dataset site\n", encoding="utf-8")
        shutil.copytree(HERE / "static", staging / "assets")
        names = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
        links = _links(names)
        _home(w, _figures(w, data_dir))
        for episode_id in frames["episodes"]["episode_id"]:
            view = data.episode(episode_id)
            w.page(episode_href(episode_id), "episode.html.j2", view["title"], e=view)
        w.page(
            "sources.html",
            "sources.html.j2",
            "Sources",
            origins=data.sources_page(),
            n_sources=len(frames["sources"]),
        )
        verdicts = frames["seed_sentences"]["verdict"].value_counts()
        w.page(
            "seed.html",
            "seed.html.j2",
            "Seed document",
            sentences=data.seed_page(),
            verdicts=[
                {**vars(c), "count": int(verdicts.get(c.code, 0))}
                for c in CODE_LISTS["verdict"].codes
            ],
        )
        w.page(
            "exclusions.html", "exclusions.html.j2", "Left out", exclusions=data.exclusions_page()
        )
        _downloads(w, data_dir)
        _manual(w, links)
        _notebooks(w, data_dir, links, names)
        _replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    w.written.pages = [out / p.relative_to(staging) for p in w.written.pages]
    return w.written


def main(data_dir: Path, out: Path, screenshots: bool) -> int:
    written = build_site(data_dir, out)
    for warning in written.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {out} ({len(written.pages)} pages); open {out / 'index.html'}")
    if screenshots:
        from dataset.site.screenshots import take

        for path in take(out, DOCS_DIR / "screenshots"):
            print(f"wrote {path}")
    return 0
