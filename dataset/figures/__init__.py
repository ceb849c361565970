"""The analysis figures, drawn on matplotlib's Agg canvas and readable in grayscale.

One module per figure, each with a public function that takes loaded tables and returns a
:class:`matplotlib.figure.Figure`, so notebooks can reuse them:

>>> import dataset
>>> from dataset.figures import comparison_matrix
>>> fig = comparison_matrix(dataset.load("episodes"), dataset.load("values"))

:func:`write_figures` writes them all as PNG (``python -m dataset figures``). Values are
never told apart by colour alone: markers, fills, hatching and text carry them, and every
figure carries a one-line attribution with the dataset's version.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

import dataset
from dataset.figures.evidence import evidence
from dataset.figures.matrix import comparison_matrix
from dataset.figures.style import DPI, save_png
from dataset.figures.timelines import timelines

FIGURE_NAMES = ("comparison_matrix", "timelines", "evidence")
TABLES_USED = ("episodes", "events", "origins", "sources", "claims", "values", "seed_sentences")


def all_figures(frames: dict[str, pd.DataFrame]) -> dict[str, Figure]:
    """Every figure by file stem, from loaded tables keyed by name."""
    return {
        "comparison_matrix": comparison_matrix(frames["episodes"], frames["values"]),
        "timelines": timelines(frames["episodes"], frames["events"]),
        "evidence": evidence(
            frames["episodes"],
            frames["origins"],
            frames["sources"],
            frames["claims"],
            frames["values"],
            frames["seed_sentences"],
        ),
    }


def write_figures(data_dir: Path, out_dir: Path) -> list[Path]:
    """Write comparison_matrix.png, timelines.png and evidence.png to ``out_dir``."""
    frames = {name: dataset.load(name, data_dir) for name in TABLES_USED}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [save_png(fig, out_dir / f"{name}.png") for name, fig in all_figures(frames).items()]


__all__ = [
    "DPI",
    "FIGURE_NAMES",
    "TABLES_USED",
    "all_figures",
    "comparison_matrix",
    "evidence",
    "timelines",
    "write_figures",
]
