"""The analysis figures: the files written, their layout as the Agg renderer draws it, and
the comparison matrix's key."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from unittest import mock

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from PIL import Image  # a dependency of matplotlib

import dataset
from dataset import about, figures
from dataset.paths import DATA_DIR, DOCS_DIR, REPO, SCHEMAS_DIR

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOLERANCE_PX = 0.5


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: dataset.load(name) for name in figures.TABLES_USED}


@pytest.fixture(scope="module")
def built(frames):
    return figures.all_figures(frames)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return figures.write_figures(DATA_DIR, out)


# ---- what the renderer draws ------------------------------------------------------------


def drawn_texts(fig) -> list[tuple[Text, object]]:
    """Every non-empty text the Agg renderer draws, with its window extent."""
    drawn = []
    draw = Text.draw

    def record(self, renderer):
        draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self, self.get_window_extent(renderer)))

    with mock.patch.object(Text, "draw", record):
        fig.canvas.draw()
    return drawn


def overlapping_texts(fig) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose bounding boxes overlap by more than the tolerance."""
    boxes = [(t.get_text(), b.expanded(1, 1).padded(-TOLERANCE_PX)) for t, b in drawn_texts(fig)]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def markers_outside_axes(fig) -> list[str]:
    """Markers whose extent (marker size and edge) reaches outside their axes."""
    fig.canvas.draw()
    outside = []
    for ax in fig.axes:
        box = ax.bbox
        for line in ax.lines:
            if line.get_marker() in (None, "None", "", " ") or not line.get_visible():
                continue
            half = (line.get_markersize() + line.get_markeredgewidth()) / 2 * fig.dpi / 72
            xy = line.get_transform().transform(line.get_xydata())
            for x, y in xy[~pd.isna(xy).any(axis=1)]:
                if (
                    x - half < box.x0 - TOLERANCE_PX
                    or x + half > box.x1 + TOLERANCE_PX
                    or y - half < box.y0 - TOLERANCE_PX
                    or y + half > box.y1 + TOLERANCE_PX
                ):
                    outside.append(f"{ax.get_title(loc='left')}: {line.get_marker()} at {x:.0f}")
    return outside


# ---- files ------------------------------------------------------------------------------


def test_write_figures_writes_the_three_pngs(written):
    assert [p.name for p in written] == ["comparison_matrix.png", "timelines.png", "evidence.png"]
    for path in written:
        assert path.read_bytes().startswith(PNG_SIGNATURE), path.name


def test_pngs_are_reproducible_byte_for_byte(written, tmp_path):
    again = figures.write_figures(DATA_DIR, tmp_path / "nested" / "figures")
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert b"Software" not in written[0].read_bytes()


def test_committed_figures_are_what_write_figures_writes_now(written):
    for path in written:
        committed = DOCS_DIR / "figures" / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"docs/figures/{path.name} is stale: run `python -m dataset build`"
        )


def png_density(data: bytes) -> tuple[int, int, int]:
    """Pixels per unit along x and y, and the unit (1: metre), from the PNG's pHYs chunk."""
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"pHYs":
            return struct.unpack(">IIB", data[at + 8 : at + 17])
        at += 12 + length
    raise AssertionError("no pHYs chunk")


def test_png_files_say_120_dpi(written):
    for path in written:
        x, y, unit = png_density(path.read_bytes())
        assert unit == 1 and x == y == round(120 / 0.0254), path.name
        with Image.open(path) as image:  # as an image library reads it back
            assert image.info["dpi"] == pytest.approx((120, 120), abs=0.02), path.name


def test_pyplot_is_never_imported():
    code = (
        "import sys, dataset, dataset.figures as f;"
        "f.all_figures({n: dataset.load(n) for n in f.TABLES_USED});"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# ---- layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_no_two_text_labels_overlap(built, name):
    assert overlapping_texts(built[name]) == []


def test_the_overlap_check_sees_an_overlap(frames):
    fig = figures.comparison_matrix(frames["episodes"], frames["values"])
    assert overlapping_texts(fig) == []
    _, y = fig.axes[0].get_yticklabels()[0].get_position()
    fig.axes[0].text(0, y, "a label written over the first row's", ha="right")
    assert overlapping_texts(fig)


@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_every_marker_lies_inside_its_axes(built, name):
    assert markers_outside_axes(built[name]) == []


def test_markers_at_the_very_ends_of_the_calendar_stay_inside(frames):
    events = frames["events"].copy()
    first_year = events["date"].min().year
    last_year = dataset.periods(events, "date").iloc[:, 1].max().year
    ends = [pd.Timestamp(first_year, 1, 1), pd.Timestamp(last_year, 12, 31)]
    for row, date in zip(events.index[:2], ends, strict=True):
        events.loc[row, ["date", "date_precision"]] = [date, "day"]
        events.loc[row, "event_type"] = "demand_announced"  # the widest marker
    fig = figures.timelines(frames["episodes"], events)
    assert markers_outside_axes(fig) == []


def test_the_marker_check_sees_a_clipped_marker(frames):
    fig = figures.timelines(frames["episodes"], frames["events"])
    ax = fig.axes[0]
    ax.plot(ax.get_xlim()[0], 0.5, "*", ms=11)
    assert markers_outside_axes(fig)


@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_every_figure_carries_the_attribution_and_version(built, name):
    texts = [t.get_text() for t in built[name].texts]
    lines = [t for t in texts if about.ATTRIBUTION in t]
    assert len(lines) == 1, texts
    assert about.version() in lines[0] and "\n" not in lines[0]


@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_every_axes_is_titled_and_labelled(built, name):
    fig = built[name]
    assert fig.get_suptitle()
    for ax in fig.axes:
        assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), name
    assert fig.legends or any(ax.get_legend() for ax in fig.axes), name


# ---- order ------------------------------------------------------------------------------


def _episode_label(row) -> str:
    return f"{row['country_name']} · {row['demanding_body_abbr']} · {row['demand_date'][:4]}"


def _by_demand_period() -> list[str]:
    """Episode labels sorted by the start, then the end, of the demand's period (the stored
    date is the period's first day; the end is computed here from the text at precision)."""
    rows = []
    for ep in dataset.compare().reset_index().to_dict("records"):
        text = ep["demand_date"]
        start = pd.Timestamp(text + "-01-01"[len(text) - 4 :]) if len(text) < 10 else None
        start = start if start is not None else pd.Timestamp(text)
        step = {4: pd.DateOffset(years=1), 7: pd.DateOffset(months=1), 10: pd.DateOffset(days=1)}
        rows.append((start, start + step[len(text)], ep["episode_id"], _episode_label(ep)))
    return [label for *_, label in sorted(rows)]


def test_matrix_rows_are_in_order_of_the_demand_period(built):
    rows = [t.get_text() for t in built["comparison_matrix"].axes[0].get_yticklabels()]
    assert rows == _by_demand_period()


@pytest.mark.parametrize("day", ["AE-TRA-2010", "SA-CITC-2010"])
def test_matrix_puts_a_day_before_the_month_that_holds_it(frames, day):
    episodes = frames["episodes"].copy()
    pair = episodes["episode_id"].isin(["AE-TRA-2010", "SA-CITC-2010"])
    episodes.loc[pair, "demand_date"] = pd.Timestamp(2010, 8, 1)
    episodes.loc[pair, "demand_date_precision"] = "month"
    episodes.loc[episodes["episode_id"] == day, "demand_date_precision"] = "day"
    fig = figures.comparison_matrix(episodes, frames["values"])
    rows = [t.get_text().split(" · ")[0] for t in fig.axes[0].get_yticklabels()]
    names = {"AE-TRA-2010": "United Arab Emirates", "SA-CITC-2010": "Saudi Arabia"}
    month = next(n for e, n in names.items() if e != day)
    assert rows.index(names[day]) < rows.index(month)


# ---- the matrix's key -------------------------------------------------------------------


def _code_labels() -> set[str]:
    codes = json.loads((SCHEMAS_DIR / "codes.json").read_text(encoding="utf-8"))
    return {c["label"] for spec in codes.values() for c in spec["codes"]}


def _style(line: Line2D) -> tuple:
    return line.get_marker(), mcolors.to_rgba(line.get_markerfacecolor())


def _dashed(patch: Patch) -> bool:
    """Whether the patch's edge is drawn dashed (the dash pattern is what the renderer uses;
    a legend's copy of a patch keeps it but not the linestyle's name)."""
    return patch._unscaled_dash_pattern[1] is not None


def unexplained_marks(fig) -> list[str]:
    """Marks in the matrix's cells that its key does not explain: marker styles, dashed or
    hatched cells, and texts other than a code's label, a date or a count."""
    ax, legend = fig.axes[0], fig.legends[0]
    handles = legend.legend_handles
    keyed_markers = {_style(h) for h in handles if isinstance(h, Line2D)}
    keyed_texts = {h.get_text() for h in handles if isinstance(h, Text)}
    keyed_patches = [h for h in handles if isinstance(h, Patch)]
    width, height = ax.get_xlim()[1], ax.get_ylim()[0]
    missing = [f"marker {_style(line)}" for line in ax.lines if _style(line) not in keyed_markers]
    if any(p.get_hatch() for p in ax.patches) and not any(p.get_hatch() for p in keyed_patches):
        missing.append("hatched cells")
    dashed = [p for p in ax.patches if isinstance(p, Rectangle) and _dashed(p)]
    if dashed and not any(_dashed(p) for p in keyed_patches):
        missing.append("dashed frames")
    labels = _code_labels()
    for text in ax.texts:
        x, y = text.get_position()
        if not (0 <= x <= width and 0 <= y <= height):
            continue  # a header or a group name, outside the cells
        shown = " ".join(text.get_text().split())
        if shown in labels or re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}|[0-9]+", shown):
            continue
        if shown not in keyed_texts:
            missing.append(f"text {shown!r}")
    return missing


def test_matrix_key_explains_every_mark_in_the_cells(built):
    fig = built["comparison_matrix"]
    assert isinstance(fig.legends[0], Legend)
    assert unexplained_marks(fig) == []


def test_matrix_shows_missing_counts_with_a_mark_the_key_explains(frames):
    episodes = frames["episodes"].copy()
    marks = {"not_applicable": "n/a", "not_disclosed": "n/d", "unknown": "?"}
    for row, reason in zip(episodes.index[:3], marks, strict=True):
        episodes.loc[row, ["extensions_count", "extensions_count_missing"]] = [pd.NA, reason]
    fig = figures.comparison_matrix(episodes, frames["values"])
    cells = {t.get_text() for t in fig.axes[0].texts}
    assert set(marks.values()) <= cells
    assert unexplained_marks(fig) == []


def test_the_key_check_sees_an_unexplained_mark(frames):
    fig = figures.comparison_matrix(frames["episodes"], frames["values"])
    fig.axes[0].text(0.5, 0.2, "n/k")
    fig.axes[0].plot(0.5, 0.2, "s", mfc="red")
    assert len(unexplained_marks(fig)) == 2


def test_matrix_marks_the_values_that_one_origin_supports(built, frames):
    """One corner triangle per published value of an episode row that the matrix shows and
    that two independent origins do not corroborate."""
    values = frames["values"]
    shown = {"demand_date", "threatened_action", "outcome", "services_targeted"}
    shown |= {"access_sought", "response"}
    weak = values[
        (values["target_table"] == "episodes")
        & values["field"].isin(shown)
        & (values["support"] != "corroborated")
    ]
    triangles = [
        line for line in built["comparison_matrix"].axes[0].lines if line.get_marker() == "^"
    ]
    assert len(triangles) == len(weak) > 0
