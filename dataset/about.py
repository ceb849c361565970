"""Dataset-level facts shared by every generated artefact."""

from __future__ import annotations

import tomllib
from functools import cache

from dataset.paths import REPO

NAME = "blackberry-access-demands"
TITLE = "Government demands for lawful access to BlackBerry communications"
DESCRIPTION = (
    "A curated, sourced record of what governments demanded of BlackBerry (Research In "
    "Motion) for lawful access to its communications, by when and under what threat, how "
    "BlackBerry responded, and how each episode ended. The core is the United Arab "
    "Emirates, Saudi Arabia, India and Pakistan; Indonesia, Kuwait, Lebanon, Algeria, "
    "Turkey, the United Kingdom and Russia extend it. Every value is backed by a short "
    "verbatim quote from a cited source, and each episode's corroboration by independent "
    "origins is rated; the seed compilation of news sentences is triaged sentence by "
    "sentence."
)
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CODE_LICENSE = "MIT"
RELEASE_DATE = "2026-11-30"  # of the current version; kept in step with CHANGELOG.md


@cache
def version() -> str:
    """The dataset's semantic version, from pyproject.toml (one place)."""
    with open(REPO / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]
