"""What every figure shares: the style, the canvas, the attribution line and PNG saving.

Figures are drawn on a :class:`~matplotlib.figure.Figure` with an Agg canvas, never through
pyplot, so no global backend or figure registry is touched. The style is matplotlib's
defaults plus :data:`STYLE`, so the output does not depend on a user's matplotlibrc and the
PNGs are reproducible byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib.style
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dataset import about

DPI = 120
ATTRIBUTION_IN = 0.3  # room kept at the foot of every figure for the attribution line

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.5,
    "legend.fontsize": 8.5,
    "legend.title_fontsize": 9,
    "legend.framealpha": 1.0,
    "legend.edgecolor": "0.6",
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "hatch.linewidth": 0.7,
    "hatch.color": "0.3",
    "axes.spines.top": False,
    "axes.spines.right": False,
}

# Fill and hatching per code for bars and cells, told apart in grayscale. Dark fills take
# white text.
FILLS: list[tuple[str, str | None]] = [
    ("0.93", None),
    ("white", "////"),
    ("0.72", "...."),
    ("white", "xxx"),
    ("0.86", "\\\\\\\\"),
    ("white", "++"),
    ("0.6", None),
    ("white", "oo"),
]
DARK = ("black", "0.25", "0.3")


@contextmanager
def styled() -> Iterator[None]:
    """Draw (and save) inside this context to get the figures' style."""
    with matplotlib.style.context(["default", STYLE]):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` by ``height`` inches on its own Agg canvas."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def attribution() -> str:
    """The one line every figure carries: the dataset, its licence and its version."""
    return f"{about.ATTRIBUTION} · version {about.version()}"


def attribute(fig: Figure) -> None:
    """Write the attribution line at the foot of ``fig`` (in the bottom ``ATTRIBUTION_IN``)."""
    fig.text(
        0.008,
        0.08 / fig.get_figheight(),
        attribution(),
        ha="left",
        va="bottom",
        fontsize=7.5,
        color="0.2",
    )


def save_png(fig: Figure, path: Path) -> Path:
    """Write ``fig`` as a reproducible PNG at :data:`DPI` (no software tag, no timestamp)."""
    with styled():
        fig.savefig(path, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return path


def size_in(draw: Callable[[Figure], Artist]) -> tuple[float, float]:
    """Width and height in inches of the artist ``draw`` adds to a scratch figure (for
    laying out text and keys before the real figure is sized)."""
    scratch = new_figure(4, 4)
    extent = draw(scratch).get_window_extent(scratch.canvas.get_renderer())
    return extent.width / DPI, extent.height / DPI


def text_extent_in(texts, **kwargs) -> tuple[float, float]:
    """Width of the widest and height of the tallest of ``texts``, in inches, as
    ``Figure.text(..., **kwargs)`` would draw them."""
    scratch = new_figure(4, 4)
    renderer = scratch.canvas.get_renderer()
    boxes = [scratch.text(0, 0, t, **kwargs).get_window_extent(renderer) for t in texts]
    width = max((b.width for b in boxes), default=0)
    height = max((b.height for b in boxes), default=0)
    return width / DPI, height / DPI
