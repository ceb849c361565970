"""Dataset-level facts shared by every generated artefact (from ``schemas/dataset.json``)."""

from __future__ import annotations

from functools import cache

from dataset.paths import CHECKOUT, REPO
from dataset.schema import DATASET

DIST_NAME = "blackberry-access-demands"
NAME = DATASET["name"]
TITLE = DATASET["title"]
DESCRIPTION = DATASET["description"]
DATA_LICENSE = DATASET["licenses"][0]
CODE_LICENSE = DATASET["code_license"]
# The date of the current version; tests hold it equal to CHANGELOG.md and CITATION.cff.
RELEASE_DATE = "2026-12-02"
ATTRIBUTION = f"{TITLE}, CC BY 4.0"


@cache
def version() -> str:
    """The dataset's version: ``pyproject.toml`` in a checkout (where it is edited), the
    installed package's metadata otherwise."""
    if CHECKOUT:
        import tomllib

        with open(REPO / "pyproject.toml", "rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    from importlib.metadata import version as installed

    return installed(DIST_NAME)
