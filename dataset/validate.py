"""Validate a directory of published tables: the file checks, the single-table rules (with
pandera, and with great-expectations when asked) and the cross-table checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from dataset.checks import REGISTRY, Failure
from dataset.checks.registry import capped
from dataset.integrity import sha256_file
from dataset.paths import SEED_FILE, SEED_SUMS

ENGINES = ("pandera", "gx")


def table_failures(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> list[Failure]:
    """The single-table rules, run by pandera on in-memory tables."""
    from dataset.checks.pandera_engine import table_failures as run

    out = []
    for name, frame in frames.items():
        out += run(name, frame, today)
    return out


def cross_failures(
    frames: dict[str, pd.DataFrame], seed_file: Path = SEED_FILE, seed_sums: Path = SEED_SUMS
) -> list[Failure]:
    """Every cross-table check, in registry order."""
    seed_text = seed_file.read_text(encoding="utf-8")
    out = []
    for check in REGISTRY.values():
        if check.stage == "cross":
            out += check.function(
                frames, seed_text=seed_text, seed_file=seed_file, seed_sums=seed_sums
            )
    return out


def validate_dir(
    directory: Path,
    engines: tuple[str, ...] = ("pandera",),
    today: dt.date | None = None,
    gx_docs: Path | None = None,
) -> list[Failure]:
    """All failures of a published (or candidate) directory; empty when it is valid.

    The file checks come first and nothing else runs on files that fail them; the
    cross-table checks run once the single-table rules pass, since they rely on them.
    """
    from dataset.checks.files import read_published

    directory = Path(directory)
    frames, failures = read_published(directory, sha256_file(SEED_FILE))
    if failures:
        return failures
    if "pandera" in engines:
        failures += table_failures(frames, today)
    if "gx" in engines:
        from dataset.checks.gx_engine import run

        failures += run(directory, today, gx_docs)
    if not failures:
        failures += cross_failures(frames)
    return capped(failures)
