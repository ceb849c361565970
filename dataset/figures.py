"""The analysis figures, drawn on matplotlib's Agg canvas and readable in grayscale.

Each figure has a public function that takes loaded tables and returns a
:class:`matplotlib.figure.Figure`, so notebooks can reuse them:

>>> import dataset
>>> from dataset.figures import comparison_matrix
>>> fig = comparison_matrix(dataset.load("episodes"))

:func:`write_figures` writes them all as PNG (``python -m dataset figures``).

The figures are built on :class:`~matplotlib.figure.Figure` with an Agg canvas, not
through pyplot, so no global backend or figure registry is touched. Values are never
told apart by colour alone: markers, hatching and text carry them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.style
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

import dataset
from dataset.schema import CODE_LISTS


def _codes_of(name: str) -> dict[str, tuple[str, str]]:
    return {c.code: (c.label, c.description) for c in CODE_LISTS[name].codes}


ACCESS, EVENT_TYPE, EVIDENCE_LEVEL = (
    _codes_of("access"),
    _codes_of("event_type"),
    _codes_of("evidence_level"),
)
OUTCOME, RESPONSE, SERVICE = _codes_of("outcome"), _codes_of("response"), _codes_of("service")
SOURCE_TYPE, STANCE, THREAT, VERDICT = (
    _codes_of("source_type"),
    _codes_of("stance"),
    _codes_of("threat"),
    _codes_of("verdict"),
)

DPI = 120
FIGURE_NAMES = ("comparison_matrix", "timelines", "evidence")
TABLES_USED = ("episodes", "events", "sources", "claims", "seed_sentences")

# matplotlib's defaults plus these settings, so the output does not depend on a user's
# matplotlibrc and the PNGs are reproducible byte for byte.
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

# Marker shape and size (points) per event type: every code has its own shape. The
# colours (Okabe-Ito, safe for colour-blind readers) only repeat what the shape says.
EVENT_MARKERS: dict[str, tuple[str, float]] = {
    "demand_announced": ("*", 11),
    "deadline_set": ("v", 7),
    "deadline_extended": (">", 7),
    "extension_requested": ("^", 6),
    "statement": ("o", 5),
    "technical_measure": ("s", 6),
    "service_disruption": ("X", 7.5),
    "agreement": ("P", 8),
    "exit_announced": ("<", 7),
    "order_rescinded": ("D", 6),
}
EVENT_COLOURS: dict[str, str] = {
    "demand_announced": "#000000",
    "deadline_set": "#E69F00",
    "deadline_extended": "#D55E00",
    "extension_requested": "#8C564B",
    "statement": "#56B4E9",
    "technical_measure": "#009E73",
    "service_disruption": "#F0E442",
    "agreement": "#0072B2",
    "exit_announced": "#CC79A7",
    "order_rescinded": "#999999",
}

# Fill and hatching per code, for bars and matrix cells: distinct in grayscale.
_FILLS = [
    ("0.93", None),
    ("white", "////"),
    ("0.72", "...."),
    ("white", "xxx"),
    ("0.86", "\\\\\\\\"),
    ("white", "++"),
    ("0.6", None),
    ("white", "oo"),
]
_SOURCE_FILLS = {
    "company_statement": ("black", None),
    "government_statement": ("0.3", None),
    "news_report": ("0.86", None),
    "commentary": ("white", "////"),
    "seed_document": ("white", "xxx"),
}
_STANCE_FILLS = {
    "supports": ("0.25", None),
    "disputes": ("white", "////"),
    "context": ("0.8", "...."),
}
_STANCE_LABELS = {
    "supports": "supports the recorded value",
    "disputes": "disputes the recorded value",
    "context": "context only (bears on no value)",
}
_VERDICT_FILLS = {
    "supported": ("0.25", None),
    "contested": ("white", "////"),
    "contradicted": ("0.7", "...."),
    "garbled": ("white", "xxx"),
    "context_only": ("0.9", None),
}


@contextmanager
def _style() -> Iterator[None]:
    with matplotlib.style.context(["default", STYLE]):
        yield


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _codes(value) -> list[str]:
    """The codes of a ``;``-separated value (none when missing)."""
    if value is None or pd.isna(value) or not str(value):
        return []
    return str(value).split(";")


def episode_label(row) -> str:
    """``Country · body · year`` for an episode row (a Series or a namedtuple)."""
    return f"{row.country_name} · {row.demanding_body_abbr} · {row.demand_date.year}"


def _chronological(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes in the order of their public demand (ties by id)."""
    return episodes.sort_values(["demand_date", "episode_id"], kind="stable", ignore_index=True)


def claim_episodes(claims: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The episode each claim is about, directly or through one of the episode's events."""
    by_event = events.set_index("event_id")["episode_id"]
    on_event = claims["target_table"].astype("str") == "events"
    episode = claims["target_id"].where(~on_event, claims["target_id"].map(by_event))
    return episode.astype("str").rename("episode_id")


# ---------------------------------------------------------------------------------------
# Comparison matrix
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MatrixColumn:
    key: str  # a code of a codeset field, or the field itself
    field: str
    label: str
    kind: str  # "binary", "count" or "category"
    width: float


_MATRIX_COLUMNS = [
    *[_MatrixColumn(code, "services_targeted", code.upper(), "binary", 0.9) for code in SERVICE],
    *[
        _MatrixColumn(code, "access_sought", label, "binary", 0.95)
        for code, (label, _) in ACCESS.items()
    ],
    _MatrixColumn("threatened_action", "threatened_action", "Threatened action", "category", 2.0),
    _MatrixColumn("extensions_count", "extensions_count", "Deadline extensions", "count", 1.2),
    *[
        _MatrixColumn(code, "response", label, "binary", 0.95)
        for code, (label, _) in RESPONSE.items()
    ],
    _MatrixColumn("outcome", "outcome", "Outcome", "category", 2.1),
    _MatrixColumn("evidence_level", "evidence_level", "Evidence level", "category", 2.1),
]
_MISSING_MARKS = {"not_disclosed": "n/d", "not_applicable": "n/a", "unknown": "?"}
_MATRIX_GROUPS = {
    "services_targeted": "Services targeted",
    "access_sought": "Access sought",
    "response": "BlackBerry's response",
}
_CATEGORY_CODES = {
    "threatened_action": THREAT,
    "outcome": OUTCOME,
    "evidence_level": EVIDENCE_LEVEL,
}


def comparison_matrix(episodes: pd.DataFrame) -> Figure:
    """Episodes (rows) by coded attributes (columns), in the order of the demands.

    A filled circle marks a targeted service or a kind of access sought, a dash its
    absence. Categorical values are written out, on one hatching per value so that equal
    values stand out down a column. A dashed frame marks a value that at least one claim
    disputes (for services and access, the whole group). Core governments are in bold.
    """
    rows = _chronological(episodes)
    n = len(rows)
    lefts, x = [], 0.0
    for col in _MATRIX_COLUMNS:
        lefts.append(x)
        x += col.width
    total = x
    # Vertical layout in inches: title, column labels, rows, group names, key.
    title_in, labels_in, row_in, below_in, key_in = 0.5, 1.05, 0.5, 0.7, 0.8
    height = title_in + labels_in + row_in * n + below_in + key_in
    with _style():
        fig = _new_figure(14.5, height)
        ax = fig.add_axes((0.19, (key_in + below_in) / height, 0.785, row_in * n / height))
        ax.set_xlim(0, total)
        ax.set_ylim(n, 0)
        for i, ep in enumerate(rows.itertuples(index=False)):
            for col, left in zip(_MATRIX_COLUMNS, lefts, strict=True):
                _matrix_cell(ax, ep, col, left, i)
            for field in _codes(ep.contested_fields):
                spans = [
                    (left, col.width)
                    for col, left in zip(_MATRIX_COLUMNS, lefts, strict=True)
                    if col.field == field
                ]
                if spans:
                    start, end = spans[0][0], spans[-1][0] + spans[-1][1]
                    ax.add_patch(
                        Rectangle(
                            (start + 0.06, i + 0.07),
                            end - start - 0.12,
                            0.86,
                            fill=False,
                            edgecolor="black",
                            linewidth=1.6,
                            linestyle=(0, (3, 2)),
                            zorder=5,
                        )
                    )
        ax.xaxis.tick_top()
        ax.set_xticks(
            [left + col.width / 2 for col, left in zip(_MATRIX_COLUMNS, lefts, strict=True)]
        )
        ax.set_xticklabels(
            [textwrap.fill(col.label, 14) for col in _MATRIX_COLUMNS],
            rotation=40,
            ha="left",
            rotation_mode="anchor",
        )
        ax.tick_params(axis="x", length=0, pad=4)
        for field, name in _MATRIX_GROUPS.items():
            spans = [
                (left, col.width)
                for col, left in zip(_MATRIX_COLUMNS, lefts, strict=True)
                if col.field == field
            ]
            start, end = spans[0][0], spans[-1][0] + spans[-1][1]
            ax.annotate(
                "",
                xy=(start + 0.05, n + 0.12),
                xytext=(end - 0.05, n + 0.12),
                annotation_clip=False,
                arrowprops={"arrowstyle": "|-|,widthA=0.3,widthB=0.3", "lw": 0.8},
            )
            ax.text(
                (start + end) / 2,
                n + 0.22,
                name,
                ha="center",
                va="top",
                style="italic",
                clip_on=False,
            )
        ax.set_yticks([i + 0.5 for i in range(n)])
        ax.set_yticklabels([episode_label(ep) for ep in rows.itertuples(index=False)])
        for tick, core in zip(ax.get_yticklabels(), rows["scope"] == "core", strict=True):
            tick.set_fontweight("bold" if core else "normal")
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("Coded attribute", labelpad=24)
        ax.set_ylabel("Episode (country · body · year of demand; bold: the core four)")
        fig.suptitle(
            "Comparison of government demands on BlackBerry, episode by episode",
            x=0.015,
            y=1 - 0.12 / height,
            ha="left",
            va="top",
        )
        key = [
            Line2D([], [], marker="o", ms=9, color="black", ls="none", label="targeted / sought"),
            Line2D(
                [],
                [],
                marker="_",
                ms=9,
                mew=1.2,
                color="0.55",
                ls="none",
                label="not targeted / not sought",
            ),
            Patch(
                facecolor="white",
                edgecolor="black",
                linestyle=(0, (3, 2)),
                linewidth=1.4,
                label="value disputed by at least one claim",
            ),
            Patch(
                facecolor="white",
                edgecolor="0.6",
                hatch="////",
                label="same hatching = same value within a column",
            ),
            Line2D(
                [],
                [],
                marker="$?$",
                ms=8,
                color="black",
                ls="none",
                label="count unknown (n/d: not disclosed)",
            ),
        ]
        fig.legend(
            handles=key,
            loc="lower center",
            ncols=3,
            bbox_to_anchor=(0.55, 0.04 / height),
            title="Key",
        )
    return fig


def _matrix_cell(ax: Axes, ep, col: _MatrixColumn, left: float, i: int) -> None:
    """Draw one cell of the comparison matrix."""
    cx, cy = left + col.width / 2, i + 0.5
    value = getattr(ep, col.field)
    fill, hatch = "white", None
    if col.kind == "category":
        codes = _CATEGORY_CODES[col.field]
        fill, hatch = _FILLS[list(codes).index(str(value)) % len(_FILLS)]
    ax.add_patch(
        Rectangle(
            (left, i), col.width, 1, facecolor=fill, hatch=hatch, edgecolor="0.7", linewidth=0.6
        )
    )
    if col.kind == "binary":
        if col.key in _codes(value):
            ax.plot(cx, cy, "o", ms=11, color="black")
        else:
            ax.plot(cx, cy, "_", ms=10, mew=1.2, color="0.55")
    elif col.kind == "count":
        if pd.isna(value):
            missing = str(getattr(ep, f"{col.field}_missing", "unknown"))
            text = _MISSING_MARKS.get(missing, "?")
            ax.text(cx, cy, text, ha="center", va="center", fontsize=11)
        else:
            ax.text(
                cx, cy, str(int(value)), ha="center", va="center", fontsize=12, fontweight="bold"
            )
    else:
        label = _CATEGORY_CODES[col.field][str(value)][0]
        ax.text(
            cx,
            cy,
            textwrap.fill(label, 18),
            ha="center",
            va="center",
            fontsize=8.5,
            linespacing=1.1,
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": "white",
                "edgecolor": "0.5",
                "linewidth": 0.5,
            },
        )


# ---------------------------------------------------------------------------------------
# Timelines
# ---------------------------------------------------------------------------------------

_PERIOD = {"month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}
_ROW_PT = 11.5  # height of one stacked row of markers, in points
_RING_PT = 4.0  # how much wider than its marker the ring of a disputed event is
_PAD_PT = 1.5  # room between neighbouring markers, in points


def _period_end(date: pd.Timestamp, precision) -> pd.Timestamp:
    """The last day of the period a date stands for (the date itself at day precision)."""
    offset = _PERIOD.get(str(precision))
    return date if offset is None else date + offset - pd.Timedelta(days=1)


def _pack(starts: list[float], ends: list[float], halves: list[float]) -> list[int]:
    """Greedy packing: for each interval (in order) with its marker's half-width, the
    lowest row where it clears the previous occupant."""
    row_ends: list[float] = []
    rows = []
    for start, end, half in zip(starts, ends, halves, strict=True):
        for r, last in enumerate(row_ends):
            if start - half > last:
                row_ends[r] = max(end, start + half)
                rows.append(r)
                break
        else:
            row_ends.append(max(end, start + half))
            rows.append(len(row_ends) - 1)
    return rows


def _marker_points(event_type: str, contested: bool) -> float:
    """The width of an event's marker (with its ring), in points."""
    size = EVENT_MARKERS[event_type][1]
    return size + _RING_PT if contested else size


@dataclass
class _Lane:
    episode: object
    events: pd.DataFrame
    starts: list[float]
    ends: list[float]
    rows: list[int]

    @property
    def height(self) -> int:
        return max(self.rows, default=0) + 1


def _lanes(
    rows: pd.DataFrame,
    events: pd.DataFrame,
    x0: float,
    x1: float,
    days_per_point: float,
    *,
    keep_empty: bool,
) -> list[_Lane]:
    """Per episode, its events dated within [x0, x1], packed into rows at this scale."""
    lanes = []
    for ep in rows.itertuples(index=False):
        evs = events[events["episode_id"] == ep.episode_id].sort_values(
            ["date", "event_id"], kind="stable"
        )
        starts = [mdates.date2num(d) for d in evs["date"]]
        ends = [
            mdates.date2num(_period_end(d, p))
            for d, p in zip(evs["date"], evs["date_precision"], strict=True)
        ]
        inside = [x0 <= s <= x1 for s in starts]
        if not any(inside) and not keep_empty:
            continue
        evs = evs[inside]
        starts = [s for s, keep in zip(starts, inside, strict=True) if keep]
        ends = [e for e, keep in zip(ends, inside, strict=True) if keep]
        halves = [
            (_marker_points(str(t), pd.notna(c)) / 2 + _PAD_PT) * days_per_point
            for t, c in zip(evs["event_type"], evs["contested_fields"], strict=True)
        ]
        packed = _pack(starts, ends, halves)
        lanes.append(_Lane(ep, evs, starts, ends, packed))
    return lanes


def _densest_window(events: pd.DataFrame, months: int = 3) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Whole calendar months, starting with the month of the date that opens the busiest
    span of that length (the earliest such date on ties)."""
    dates = events["date"].sort_values().reset_index(drop=True)
    span = pd.DateOffset(months=months)
    counts = [int(((dates >= d) & (dates < d + span)).sum()) for d in dates]
    first = dates[counts.index(max(counts))]
    start = pd.Timestamp(first.year, first.month, 1)
    return start, start + span - pd.Timedelta(days=1)


def _draw_lanes(ax: Axes, lanes: list[_Lane], span: tuple[float, float]) -> None:
    """Draw lanes top to bottom: demand-to-outcome band, events, precision bars, rings."""
    y, centres = 0.0, []
    for lane in lanes:
        ep = lane.episode
        top, bottom = y, y + lane.height + 0.3
        centres.append((top + bottom) / 2)
        start = mdates.date2num(ep.demand_date)
        if pd.notna(ep.outcome_date):
            end = mdates.date2num(_period_end(ep.outcome_date, ep.outcome_date_precision))
        else:
            end = max(lane.ends, default=start)
            ax.annotate(
                "",
                xy=(min(end + 0.05 * (span[1] - span[0]), span[1]), centres[-1]),
                xytext=(end, centres[-1]),
                arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.2},
            )
        ax.add_patch(
            Rectangle(
                (start, top + 0.1),
                end - start,
                bottom - top - 0.2,
                facecolor="0.9",
                edgecolor="0.7",
                linewidth=0.5,
                zorder=0,
            )
        )
        for ev, x0, x1, r in zip(
            lane.events.itertuples(index=False), lane.starts, lane.ends, lane.rows, strict=True
        ):
            yy = top + r + 0.65
            code = str(ev.event_type)
            marker, size = EVENT_MARKERS[code]
            colour = EVENT_COLOURS[code]
            if x1 > x0:
                ax.errorbar(
                    [x0],
                    [yy],
                    xerr=[[0], [x1 - x0]],
                    fmt="none",
                    ecolor="0.1",
                    elinewidth=1.0,
                    capsize=2.5,
                    capthick=1.0,
                    zorder=2,
                )
            if pd.notna(ev.contested_fields):
                ax.plot(
                    x0, yy, "o", ms=size + _RING_PT, mfc="white", mec="black", mew=1.0, zorder=3
                )
                edge = "0.25" if code in ("service_disruption", "statement") else colour
                ax.plot(x0, yy, marker, ms=size, mfc="white", mec=edge, mew=1.5, zorder=4)
            else:
                ax.plot(x0, yy, marker, ms=size, mfc=colour, mec="black", mew=0.6, zorder=4)
        y = bottom + 0.6
        ax.axhline(y - 0.3, color="0.75", lw=0.6, zorder=0)
    ax.set_ylim(y - 0.3, -0.3)
    ax.set_yticks(centres)
    ax.set_yticklabels([textwrap.fill(episode_label(lane.episode), 26) for lane in lanes])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_axisbelow(True)


def timelines(episodes: pd.DataFrame, events: pd.DataFrame) -> Figure:
    """Every episode's events on one calendar axis, one lane per episode.

    The marker's shape (colour repeats it) gives the event type; a hollow marker in a ring
    is an event whose recorded values a claim disputes; a bar with end caps spans the
    month (or year) of a date known only to that precision. Events too close together to
    share a line are stacked in their lane, earliest at the top. The grey band runs from
    the public demand to the outcome. A second panel shows the busiest three months in
    detail, on the same lanes.
    """
    rows = _chronological(episodes)
    lo = min(events["date"].min(), rows["demand_date"].min())
    hi = max(events["date"].max(), rows["outcome_date"].max())
    x0 = mdates.date2num(pd.Timestamp(lo.year, 1, 1))
    x1 = mdates.date2num(max(pd.Timestamp(hi.year + 1, 1, 1), hi + pd.DateOffset(months=3)))
    w0, w1 = _densest_window(events)
    z0, z1 = mdates.date2num(w0) - 2, mdates.date2num(w1) + 3

    width, axes_left, axes_width = 14.0, 0.16, 0.66
    axes_in = width * axes_width * 72
    overview = _lanes(rows, events, x0, x1, (x1 - x0) / axes_in, keep_empty=True)
    detail = _lanes(rows, events, z0, z1, (z1 - z0) / axes_in, keep_empty=False)
    rows_over = sum(lane.height + 0.9 for lane in overview)
    rows_detail = sum(lane.height + 0.9 for lane in detail)
    row_in = _ROW_PT / 72
    top_in, gap_in, bottom_in = 0.75, 1.05, 0.65
    height = top_in + (rows_over + rows_detail) * row_in + gap_in + bottom_in
    with _style():
        fig = _new_figure(width, height)
        over_h, detail_h = rows_over * row_in / height, rows_detail * row_in / height
        ax = fig.add_axes((axes_left, 1 - top_in / height - over_h, axes_width, over_h))
        ax_detail = fig.add_axes((axes_left, bottom_in / height, axes_width, detail_h))

        _draw_lanes(ax, overview, (x0, x1))
        ax.set_xlim(x0, x1)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
        ax.grid(axis="x", which="major", color="0.7", lw=0.6)
        ax.grid(axis="x", which="minor", color="0.88", lw=0.4)
        ax.axvspan(z0, z1, facecolor="none", edgecolor="0.2", lw=1.0, ls="--", zorder=1)
        ax.text(
            (z0 + z1) / 2,
            1.0,
            "detail\nbelow",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            style="italic",
        )
        ax.set_xlabel("Date of event (year; minor ticks every quarter)")
        ax.set_ylabel("Episode (one lane each)")
        ax.set_title(
            "All events, " + f"{pd.Timestamp(lo).year}–{pd.Timestamp(hi).year}", loc="left", pad=16
        )

        _draw_lanes(ax_detail, detail, (z0, z1))
        ax_detail.set_xlim(z0, z1)
        ax_detail.xaxis.set_major_locator(mdates.MonthLocator())
        ax_detail.xaxis.set_major_formatter(mdates.DateFormatter("1 %b %Y"))
        ax_detail.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
        ax_detail.grid(axis="x", which="major", color="0.7", lw=0.6)
        ax_detail.grid(axis="x", which="minor", color="0.88", lw=0.4)
        ax_detail.set_xlabel("Date of event (minor ticks on Mondays)")
        ax_detail.set_ylabel("Episode (lanes with events in the window)")
        ax_detail.set_title(f"Detail: {w0:%B} to {w1:%B %Y}, the busiest three months", loc="left")
        fig.suptitle(
            "Timelines of the episodes: events by type on a common calendar",
            x=0.01,
            y=1 - 0.1 / height,
            ha="left",
            va="top",
        )

        key = [
            Line2D(
                [],
                [],
                marker=EVENT_MARKERS[code][0],
                ms=EVENT_MARKERS[code][1],
                mfc=EVENT_COLOURS[code],
                mec="black",
                mew=0.6,
                ls="none",
                label=label,
            )
            for code, (label, _) in EVENT_TYPE.items()
        ]
        key += [
            Line2D(
                [],
                [],
                marker="o",
                ms=10,
                mfc="white",
                mec="black",
                mew=1.0,
                ls="none",
                label="hollow in a ring: disputed\nby at least one claim",
            ),
            Line2D(
                [],
                [],
                marker="|",
                ms=7,
                mew=1.0,
                color="0.1",
                ls="-",
                lw=1.0,
                label="bar with caps: date known\nonly to the month (or year)",
            ),
            Patch(
                facecolor="0.9",
                edgecolor="0.7",
                label="band: demand to outcome\n(arrow: unresolved)",
            ),
        ]
        fig.legend(
            handles=key,
            loc="upper left",
            title="Event type and key",
            bbox_to_anchor=(axes_left + axes_width + 0.012, 1 - top_in / height),
            borderaxespad=0,
            labelspacing=0.9,
        )
    return fig


# ---------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------


def _stacked_barh(
    ax: Axes,
    ypos: list[int],
    table: pd.DataFrame,
    labels: dict[str, str],
    fills: dict[str, tuple[str, str | None]],
    *,
    inside: bool,
) -> None:
    """Horizontal stacked bars, one per row of ``table``, with totals at the ends."""
    left = [0] * len(table)
    # Segments too narrow to hold their count are left unlabelled (the total still shows).
    smallest = 0.05 * max(int(table.sum(axis=1).max()) if len(table) else 0, 1)
    for k, code in enumerate(table.columns):
        values = [int(v) for v in table[code]]
        fill, hatch = fills.get(str(code), _FILLS[k % len(_FILLS)])
        bars = ax.barh(
            ypos,
            values,
            left=left,
            height=0.62,
            label=labels.get(str(code), str(code)),
            facecolor=fill,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.8,
        )
        if inside:
            dark = fill in ("black", "0.25", "0.3")
            ax.bar_label(
                bars,
                labels=[str(v) if v >= smallest else "" for v in values],
                label_type="center",
                fontsize=8.5,
                color="white" if dark else "black",
                bbox=None if dark else {"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        left = [a + b for a, b in zip(left, values, strict=True)]
    top = max(left, default=0) or 1
    for yv, total in zip(ypos, left, strict=True):
        ax.text(total + top * 0.015, yv, str(total), va="center", fontsize=8.5, fontweight="bold")
    ax.set_xlim(0, top * 1.13)


def evidence(
    episodes: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    seed_sentences: pd.DataFrame,
) -> Figure:
    """Claims by stance and distinct sources by type per episode; seed-sentence verdicts.

    Claims about an episode's events count for the episode; context claims (background
    that bears on no recorded value) are shown apart from supporting and disputing ones.
    The totals at the bar ends are the claims, and the distinct sources (the episode's
    ``n_sources``).
    """
    rows = _chronological(episodes)
    ids = list(rows["episode_id"])
    claims = claims.assign(episode_id=claim_episodes(claims, events).to_numpy())
    stance = (
        claims.groupby(["episode_id", "stance"], observed=False)
        .size()
        .unstack("stance")
        .reindex(index=ids, columns=list(STANCE))
        .fillna(0)
    )
    stance = stance.loc[:, stance.sum() > 0]
    typed = claims.merge(sources[["source_id", "source_type"]], on="source_id", how="left")
    by_type = (
        typed.drop_duplicates(["episode_id", "source_id"])
        .groupby(["episode_id", "source_type"], observed=False)
        .size()
        .unstack("source_type")
        .reindex(index=ids, columns=list(SOURCE_TYPE))
        .fillna(0)
    )
    by_type = by_type.loc[:, by_type.sum() > 0]
    verdicts = seed_sentences["verdict"].value_counts().reindex(list(VERDICT)).fillna(0)

    with _style():
        fig = _new_figure(14, 5.6)
        # The third column is a spacer, for the verdict labels of the last panel.
        grid = fig.add_gridspec(
            1,
            4,
            width_ratios=[1.2, 1.05, 0.25, 0.8],
            left=0.15,
            right=0.975,
            top=0.83,
            bottom=0.3,
            wspace=0.1,
        )
        ax_claims = fig.add_subplot(grid[0])
        ax_sources = fig.add_subplot(grid[1], sharey=ax_claims)
        ax_seed = fig.add_subplot(grid[3])
        ypos = list(range(len(ids)))

        _stacked_barh(
            ax_claims,
            ypos,
            stance,
            {c: _STANCE_LABELS.get(c, label.lower()) for c, (label, _) in STANCE.items()},
            _STANCE_FILLS,
            inside=True,
        )
        ax_claims.set_yticks(
            ypos,
            labels=[textwrap.fill(episode_label(ep), 26) for ep in rows.itertuples(index=False)],
        )
        ax_claims.invert_yaxis()
        ax_claims.set_xlabel("Claims about the episode and its events")
        ax_claims.set_ylabel("Episode")
        ax_claims.set_title("Claims by stance", loc="left")
        ax_claims.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), title="Claim stance")

        _stacked_barh(
            ax_sources,
            ypos,
            by_type,
            {c: label for c, (label, _) in SOURCE_TYPE.items()},
            _SOURCE_FILLS,
            inside=False,
        )
        ax_sources.tick_params(axis="y", labelleft=False)
        ax_sources.set_xlabel("Distinct sources cited by those claims")
        ax_sources.set_ylabel("Episode (same order)")
        ax_sources.set_title("Sources by type", loc="left")
        ax_sources.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, title="Source type"
        )

        vpos = list(range(len(verdicts)))
        for k, (code, count) in enumerate(verdicts.items()):
            fill, hatch = _VERDICT_FILLS.get(str(code), _FILLS[k % len(_FILLS)])
            ax_seed.barh(
                [k],
                [int(count)],
                height=0.62,
                facecolor=fill,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.8,
                label=VERDICT[str(code)][0],
            )
            ax_seed.text(
                int(count) + 0.1, k, str(int(count)), va="center", fontsize=8.5, fontweight="bold"
            )
        ax_seed.set_yticks(vpos, labels=[VERDICT[str(c)][0] for c in verdicts.index])
        ax_seed.invert_yaxis()
        ax_seed.set_xlim(0, max(int(verdicts.max()), 1) * 1.15)
        ax_seed.xaxis.get_major_locator().set_params(integer=True)
        ax_seed.set_xlabel(f"Seed sentences (of {len(seed_sentences)})")
        ax_seed.set_ylabel("Triage verdict")
        ax_seed.set_title("Seed-sentence triage", loc="left")
        fig.suptitle(
            "Evidence behind the episodes, and the triage of the seed document", x=0.01, ha="left"
        )
    return fig


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def all_figures(frames: dict[str, pd.DataFrame]) -> dict[str, Figure]:
    """Every figure by file stem, from loaded tables keyed by name."""
    return {
        "comparison_matrix": comparison_matrix(frames["episodes"]),
        "timelines": timelines(frames["episodes"], frames["events"]),
        "evidence": evidence(
            frames["episodes"],
            frames["events"],
            frames["sources"],
            frames["claims"],
            frames["seed_sentences"],
        ),
    }


def save_png(fig: Figure, path: Path) -> Path:
    """Write a figure as a reproducible PNG (no software tag, no timestamp)."""
    with _style():
        fig.savefig(path, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return path


def write_figures(data_dir: Path, out_dir: Path) -> list[Path]:
    """Write comparison_matrix.png, timelines.png and evidence.png to ``out_dir``."""
    frames = {name: dataset.load(name, data_dir) for name in TABLES_USED}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [save_png(fig, out_dir / f"{name}.png") for name, fig in all_figures(frames).items()]
