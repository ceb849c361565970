"""HTML from other formats (Markdown documents, notebook fragments), tidied for the site:
headings get anchors, table headers a scope, wide tables a scrolling region, images a text
alternative, and links between repository files point at the site's own pages."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import unquote, urlsplit

NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"


def slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def markdown_html(text: str) -> str:
    """CommonMark with tables, as HTML."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def _resolve(href: str, document: str) -> tuple[str, str] | None:
    """The repository path a relative link names (and its fragment), or None for a link
    that leaves the repository (a scheme, a host, an absolute path) or stays on the page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(parts.path)))
    return path.rstrip("/"), parts.fragment


def _in_section(element) -> str:
    """ " in section “…”" for the heading an element comes under, or nothing."""
    heading = element.find_previous(re.compile(r"^h[1-6]$"))
    return f" in section “{heading.get_text(' ', strip=True)}”" if heading else ""


def tidy(html: str, document: str, page: str, links: dict[str, str]) -> tuple[str, list[str]]:
    """Tidy an HTML fragment from repository file ``document`` shown at site path ``page``.

    ``links`` maps repository paths to site paths; a relative link to any other file is
    turned into plain text, and named in the returned list of warnings.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    warnings = []
    for anchor in soup.select("a.anchor-link"):
        anchor.decompose()
    taken = {tag["id"] for tag in soup.find_all(id=True)}
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        if not heading.get("id"):
            base = slug(heading.get_text()) or "section"
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            heading["id"] = anchor
            taken.add(anchor)
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag, **{attribute: True}):
            target = _resolve(element[attribute], document)
            if target is None:
                continue
            path, fragment = target
            if path in links:
                site = links[path]
                relative = posixpath.relpath(site.split("#")[0], posixpath.dirname(page) or ".")
                keep = fragment if fragment and "#" not in site else site.partition("#")[2]
                element[attribute] = relative + (f"#{keep}" if keep else "")
            else:
                warnings.append(
                    f"{document}: link to {element[attribute]} left out (not on the site)"
                )
                if tag == "a":
                    element.unwrap()
                else:
                    element.replace_with(element.get("alt") or "")
    for image in soup.find_all("img"):
        if image.get("alt", NBCONVERT_DEFAULT_ALT) in (NBCONVERT_DEFAULT_ALT, ""):
            image["alt"] = f"Figure drawn by the code above{_in_section(image)}"
    for table in soup.find_all("table"):
        for th in table.select("thead th"):
            th["scope"] = th.get("scope", "colgroup" if th.get("colspan") else "col")
        for th in table.select("tbody th"):
            th["scope"] = th.get("scope", "rowgroup" if th.get("rowspan") else "row")
        if "table-scroll" not in (table.parent.get("class") or []):
            region = soup.new_tag(
                "div", attrs={"class": "table-scroll", "role": "region", "tabindex": "0"}
            )
            region["aria-label"] = f"Table{_in_section(table)}"
            table.wrap(region)
    return str(soup), warnings
