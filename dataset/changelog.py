"""The digests of the published files, recorded in CHANGELOG.md under the current version.

The build writes them; a test holds them equal to ``data/``, and another fails when an
earlier commit recorded different digests for the same version (data changed without a
version bump)."""

from __future__ import annotations

import re
from pathlib import Path

from dataset import about
from dataset.errors import DatasetError
from dataset.integrity import sha256_file
from dataset.paths import REPO

CHANGELOG = REPO / "CHANGELOG.md"
MARKER = "Digests of the published files:"


def digest_block(data_dir: Path) -> str:
    lines = [
        f"{sha256_file(p)}  {p.name}" for p in sorted(data_dir.iterdir()) if p.name != "SHA256SUMS"
    ]
    return "```\n" + "\n".join(lines) + "\n```"


def write_digests(data_dir: Path, path: Path = CHANGELOG) -> Path:
    """Put the digests of ``data_dir`` under the current version's heading."""
    text = path.read_text(encoding="utf-8")
    heading = re.search(rf"^## \[{re.escape(about.version())}\] - .*$", text, re.M)
    if heading is None:
        raise DatasetError(f"{path.name}: no section for version {about.version()}; add one")
    following = re.search(r"^## \[", text[heading.end() :], re.M)
    end = heading.end() + following.start() if following else len(text)
    section = text[heading.end() : end]
    block = re.compile(re.escape(MARKER) + r"\n\n```\n.*?\n```", re.S)
    new = f"{MARKER}\n\n{digest_block(data_dir)}"
    section = (
        block.sub(new, section)
        if block.search(section)
        else section.rstrip("\n") + f"\n\n{new}\n\n"
    )
    path.write_text(text[: heading.end()] + section + text[end:], encoding="utf-8")
    return path
