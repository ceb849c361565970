"""The timelines: every episode's events on one calendar, one lane per episode."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

import dataset
from dataset.figures.labels import episode_label, in_demand_order, in_period_order, labels
from dataset.figures.style import (
    ATTRIBUTION_IN,
    attribute,
    new_figure,
    size_in,
    styled,
    text_extent_in,
)

# Marker shape and size (points) per event type: every code has its own shape. The
# colours (Okabe-Ito, safe for colour-blind readers) only repeat what the shape says.
EVENT_MARKERS: dict[str, tuple[str, float, str]] = {
    "demand_announced": ("*", 11, "#000000"),
    "deadline_set": ("v", 7, "#E69F00"),
    "deadline_extended": (">", 7, "#D55E00"),
    "extension_requested": ("^", 6, "#8C564B"),
    "statement": ("o", 5, "#56B4E9"),
    "technical_measure": ("s", 6, "#009E73"),
    "service_disruption": ("X", 7.5, "#F0E442"),
    "agreement": ("P", 8, "#0072B2"),
    "exit_announced": ("<", 7, "#CC79A7"),
    "order_rescinded": ("D", 6, "#999999"),
}
_ROW_PT = 11.5  # height of one stacked row of markers, in points
_RING_PT = 4.0  # how much wider than its marker the ring of a disputed event is
_PAD_PT = 1.5  # room between neighbouring markers, in points
_EDGE_PT = 12.0  # room between the outermost marker and the edge of the axes, in points
_WIDTH = 14.0


@dataclass
class _Lane:
    episode: object
    events: pd.DataFrame  # in period order, with start, mid and end as date numbers
    rows: list[int]

    @property
    def height(self) -> int:
        return max(self.rows, default=0) + 1


def _with_periods(events: pd.DataFrame) -> pd.DataFrame:
    """Events in period order, with each period's start, middle and end as date numbers."""
    ordered = in_period_order(events, "date", "event_id")
    bounds = dataset.periods(ordered, "date")
    start = mdates.date2num(bounds.iloc[:, 0])
    end = mdates.date2num(bounds.iloc[:, 1] + pd.Timedelta(days=1))
    # A date known to the day is a point; a coarser one spans its period.
    day = (ordered["date_precision"].astype(str) == "day").to_numpy()
    end[day] = start[day]
    return ordered.assign(start=start, end=end, mid=(start + end) / 2)


def _half_points(event_type: str, disputed: bool) -> float:
    """Half the width of an event's marker (with its ring), in points."""
    size = EVENT_MARKERS[event_type][1]
    return (size + _RING_PT if disputed else size) / 2


def _pack(events: pd.DataFrame, days_per_point: float) -> list[int]:
    """Greedy packing, in period order: the lowest row where an event's period and marker
    clear the previous occupant."""
    row_ends: list[float] = []
    rows = []
    for ev in events.itertuples(index=False):
        half = _half_points(str(ev.event_type), pd.notna(ev.contested_fields)) + _PAD_PT
        half *= days_per_point
        lo, hi = min(ev.start, ev.mid - half), max(ev.end, ev.mid + half)
        for r, last in enumerate(row_ends):
            if lo > last:
                row_ends[r] = hi
                rows.append(r)
                break
        else:
            row_ends.append(hi)
            rows.append(len(row_ends) - 1)
    return rows


def _lanes(
    episodes: pd.DataFrame,
    events: pd.DataFrame,
    window: tuple[float, float],
    axes_in: float,
    *,
    keep_empty: bool,
) -> list[_Lane]:
    """Per episode, its events centred in ``window``, packed into rows at the scale of an
    axes ``axes_in`` wide."""
    days_per_point = (window[1] - window[0]) / (axes_in * 72)
    lanes = []
    for ep in episodes.itertuples(index=False):
        evs = events[events["episode_id"] == ep.episode_id]
        evs = evs[(evs["mid"] >= window[0]) & (evs["mid"] <= window[1])]
        if evs.empty and not keep_empty:
            continue
        lanes.append(_Lane(ep, evs, _pack(evs, days_per_point)))
    return lanes


def _busiest_months(events: pd.DataFrame, months: int = 3) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Whole calendar months, from the month of the period start that opens the busiest
    span of that length (the earliest on ties) to the end of the span."""
    starts = dataset.periods(events, "date").iloc[:, 0].sort_values().reset_index(drop=True)
    span = pd.DateOffset(months=months)
    counts = [int(((starts >= d) & (starts < d + span)).sum()) for d in starts]
    first = starts[counts.index(max(counts))]
    begin = pd.Timestamp(first.year, first.month, 1)
    return begin, begin + span


def _draw_lanes(ax: Axes, lanes: list[_Lane], span: tuple[float, float]) -> list[float]:
    """Draw lanes top to bottom: demand-to-outcome band, period bars, markers and rings.
    Returns the centre of each lane."""
    y, centres = 0.0, []
    axes_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    edge = _EDGE_PT * (span[1] - span[0]) / axes_pt
    for lane in lanes:
        ep = lane.episode
        top, bottom = y, y + lane.height + 0.3
        centres.append((top + bottom) / 2)
        demand = dataset.periods(pd.DataFrame([ep._asdict()]), "demand_date").iloc[0]
        start = mdates.date2num(demand.iloc[0])
        if pd.notna(ep.outcome_date):
            outcome = dataset.periods(pd.DataFrame([ep._asdict()]), "outcome_date").iloc[0]
            end = mdates.date2num(outcome.iloc[1] + pd.Timedelta(days=1))
        else:
            end = max([start, *lane.events["end"]])
            ax.annotate(
                "",
                xy=(min(end + 0.05 * (span[1] - span[0]), span[1] - edge), centres[-1]),
                xytext=(min(end, span[1] - edge), centres[-1]),
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
        for ev, row in zip(lane.events.itertuples(index=False), lane.rows, strict=True):
            _draw_event(ax, ev, top + row + 0.65, span)
        y = bottom + 0.6
        ax.axhline(y - 0.3, color="0.75", lw=0.6, zorder=0)
    ax.set_ylim(y - 0.3, -0.3)
    ax.set_yticks(centres)
    ax.set_yticklabels([episode_label(lane.episode) for lane in lanes])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_axisbelow(True)
    return centres


def _draw_event(ax: Axes, ev, y: float, span: tuple[float, float]) -> None:
    """An event's marker at the middle of its period, and a bar with end caps across a
    period longer than a day (cut without a cap where it leaves the panel)."""
    code = str(ev.event_type)
    marker, size, colour = EVENT_MARKERS[code]
    if ev.end > ev.start:
        lo, hi = max(ev.start, span[0]), min(ev.end, span[1])
        ax.plot([lo, hi], [y, y], color="0.1", lw=1.0, zorder=2, solid_capstyle="butt")
        caps = [x for x in (ev.start, ev.end) if span[0] <= x <= span[1]]
        ax.plot(caps, [y] * len(caps), "|", ms=5, mew=1.0, color="0.1", ls="none", zorder=2)
    if pd.notna(ev.contested_fields):
        ax.plot(ev.mid, y, "o", ms=size + _RING_PT, mfc="white", mec="black", mew=1.0, zorder=3)
        edge = "0.25" if code in ("service_disruption", "statement") else colour
        ax.plot(ev.mid, y, marker, ms=size, mfc="white", mec=edge, mew=1.5, zorder=4)
    else:
        ax.plot(ev.mid, y, marker, ms=size, mfc=colour, mec="black", mew=0.6, zorder=4)


def _date_axis(ax: Axes, span: tuple[float, float], *, detail: bool) -> None:
    ax.set_xlim(*span)
    if detail:
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("1 %b %Y"))
        ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.grid(axis="x", which="major", color="0.7", lw=0.6)
    ax.grid(axis="x", which="minor", color="0.88", lw=0.4)


def _padded(span: tuple[float, float], axes_in: float) -> tuple[float, float]:
    """``span`` widened so that markers at its ends sit clear of the edges of an axes
    ``axes_in`` wide."""
    lo, hi = span
    pad = _EDGE_PT * (hi - lo) / (axes_in * 72 - 2 * _EDGE_PT)
    return lo - pad, hi + pad


def timelines(episodes: pd.DataFrame, events: pd.DataFrame) -> Figure:
    """Every episode's events on one calendar axis, one lane per episode, in the order of
    the demands.

    The marker's shape (colour repeats it) gives the event type; a hollow marker in a ring
    is an event whose recorded values a claim disputes. A date known only to the month or
    the year is drawn as a bar with end caps across that period, its marker in the middle.
    Events too close to share a line are stacked in their lane, in the order of their
    periods. The grey band runs from the public demand to the outcome. A second panel shows
    the busiest three months in detail, on the same lanes.
    """
    rows = in_demand_order(episodes)
    evs = _with_periods(events)
    # Whole calendar years, from the first period that starts to the last that ends.
    first = min(dataset.periods(events, "date").iloc[:, 0].min(), rows["demand_date"].min())
    last = max(
        dataset.periods(events, "date").iloc[:, 1].max(),
        dataset.periods(rows, "outcome_date").iloc[:, 1].max(),
    )
    years = (
        mdates.date2num(pd.Timestamp(first.year, 1, 1)),
        mdates.date2num(pd.Timestamp(last.year + 1, 1, 1)),
    )
    w0, w1 = _busiest_months(events)
    window = (mdates.date2num(w0), mdates.date2num(w1))
    with styled():
        row_labels = [episode_label(ep) for ep in rows.itertuples(index=False)]
        left_in = text_extent_in(row_labels)[0] + 0.6
        key_w = size_in(lambda f: _legend(f, (0, 0)))[0]
        axes_in = _WIDTH - left_in - key_w - 0.3
        overview_span, detail_span = _padded(years, axes_in), _padded(window, axes_in)
        overview = _lanes(rows, evs, overview_span, axes_in, keep_empty=True)
        detail = _lanes(rows, evs, window, axes_in, keep_empty=False)
        row_in = _ROW_PT / 72
        rows_over = sum(lane.height + 0.9 for lane in overview) * row_in
        rows_detail = sum(lane.height + 0.9 for lane in detail) * row_in
        top_in, gap_in, bottom_in = 0.85, 1.1, 0.7 + ATTRIBUTION_IN
        height = top_in + rows_over + gap_in + rows_detail + bottom_in
        fig = new_figure(_WIDTH, height)
        x, w = left_in / _WIDTH, axes_in / _WIDTH
        ax = fig.add_axes((x, 1 - (top_in + rows_over) / height, w, rows_over / height))
        ax_detail = fig.add_axes((x, bottom_in / height, w, rows_detail / height))

        _draw_lanes(ax, overview, overview_span)
        _date_axis(ax, overview_span, detail=False)
        ax.axvspan(*window, facecolor="none", edgecolor="0.2", lw=1.0, ls="--", zorder=1)
        ax.text(
            sum(window) / 2,
            1.0,
            "detail\nbelow",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            style="italic",
        )
        ax.set_xlabel("Date of event (year; minor ticks every quarter)")
        ax.set_ylabel("Episode (one lane each, in order of the demand)")
        ax.set_title(f"All events, {first.year}–{last.year}", loc="left", pad=18)

        _draw_lanes(ax_detail, detail, detail_span)
        _date_axis(ax_detail, detail_span, detail=True)
        ax_detail.set_xlabel("Date of event (minor ticks on Mondays)")
        ax_detail.set_ylabel("Episode (lanes with events in the window)")
        end = w1 - pd.Timedelta(days=1)
        ax_detail.set_title(f"Detail: {w0:%B} to {end:%B %Y}, the busiest three months", loc="left")
        fig.suptitle(
            "Timelines of the episodes: events by type on a common calendar",
            x=0.01,
            y=1 - 0.12 / height,
            ha="left",
            va="top",
        )
        _legend(fig, (1 - (key_w + 0.1) / _WIDTH, 1 - top_in / height))
        attribute(fig)
    return fig


def _legend(fig: Figure, anchor: tuple[float, float]):
    return fig.legend(
        handles=_key(),
        loc="upper left",
        title="Event type and key",
        bbox_to_anchor=anchor,
        borderaxespad=0,
        labelspacing=0.9,
    )


def _key() -> list:
    key: list = [
        Line2D(
            [],
            [],
            marker=EVENT_MARKERS[code][0],
            ms=EVENT_MARKERS[code][1],
            mfc=EVENT_MARKERS[code][2],
            mec="black",
            mew=0.6,
            ls="none",
            label=label,
        )
        for code, label in labels("events", "event_type").items()
    ]
    return [
        *key,
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
            label=(
                "bar with caps: date known only\nto the month (or year); marker\n"
                "in the middle of the period"
            ),
        ),
        Patch(
            facecolor="0.9", edgecolor="0.7", label="band: demand to outcome\n(arrow: unresolved)"
        ),
    ]
