"""The comparison matrix: episodes (rows) by coded attributes (columns)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from dataset.dates import render
from dataset.figures.labels import code_list, codes, episode_label, in_demand_order, labels
from dataset.figures.style import (
    ATTRIBUTION_IN,
    FILLS,
    attribute,
    new_figure,
    size_in,
    styled,
    text_extent_in,
)
from dataset.schema import CODE_LISTS


@dataclass(frozen=True)
class _Column:
    field: str
    kind: str  # "code" (one code of a coded set), "category", "count" or "date"
    label: str
    width: float  # inches
    code: str | None = None


_CODE_W, _WIDE_W = 0.42, 1.5
_GROUPS = {
    "services_targeted": "Services targeted",
    "access_sought": "Access sought",
    "response": "BlackBerry's response (a coded set)",
}


def _set(field: str, label=None) -> list[_Column]:
    """One column per code of a coded set; codes recording an absence get none."""
    found = code_list("episodes", field)
    return [
        _Column(field, "code", label(c) if label else c.label, _CODE_W, c.code)
        for c in found.codes
        if not c.absence
    ]


COLUMNS = [
    _Column("demand_date", "date", "Demand (at its precision)", 0.95),
    *_set("services_targeted", label=lambda c: c.code.upper()),
    *_set("access_sought"),
    _Column("threatened_action", "category", "Threatened action", _WIDE_W),
    _Column("extensions_count", "count", "Deadline extensions", 0.8),
    *_set("response"),
    _Column("outcome", "category", "Outcome", _WIDE_W),
    _Column("evidence_level", "category", "Evidence level", _WIDE_W),
]

# What a count cell shows for each reason its value is missing, and what the key says.
MISSING_MARKS = {"not_applicable": "n/a", "not_disclosed": "n/d", "unknown": "?"}
# The corner triangle of a value that two independent origins do not corroborate (by its
# ``support``): its fill, and what the key says.
_WEAK_MARKS = {
    "single_origin": ("black", "value supported by one independent origin only"),
    "unsupported": ("white", "value supported by no independent origin"),
}
_ROW_IN, _TITLE_IN, _GROUP_IN, _RIGHT_IN = 0.42, 0.6, 0.45, 0.25
_HEADER_SIZE, _CELL_SIZE = 8.5, 8.5


class _TextHandle:
    """A key entry whose handle is a short text (such as ``n/a``)."""

    def __init__(self, text: str, label: str):
        self.text, self._label = text, label

    def get_label(self) -> str:
        return self._label


class _TextHandler(HandlerBase):
    def create_artists(
        self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
    ):
        return [
            Text(
                width / 2 - xdescent,
                height / 2 - ydescent,
                orig_handle.text,
                ha="center",
                va="center",
                fontsize=fontsize + 1,
                transform=trans,
            )
        ]


def _header_text(col: _Column) -> str:
    return textwrap.fill(col.label, 18)


def comparison_matrix(episodes: pd.DataFrame, values: pd.DataFrame) -> Figure:
    """Episodes in the order of their demand by coded attributes.

    A filled circle marks a code of a coded set (service targeted, access sought, part of
    the response), a dash a code the set does not hold; a code recording an absence (the
    response was not disclosed) is written across its group. Other values are written out,
    on one fill per value so equal values stand out down a column. A corner triangle marks
    a value that two independent origins do not corroborate (from the ``values`` table); a
    dashed frame a column some claim disputes. Core governments are in bold.
    """
    rows = in_demand_order(episodes)
    support = _support(values)
    lefts, x = [], 0.0
    for col in COLUMNS:
        lefts.append(x)
        x += col.width
    table_w, table_h = x, _ROW_IN * len(rows)
    with styled():
        headers = [_header_text(c) for c in COLUMNS]
        header_in = text_extent_in(headers, rotation=90, size=_HEADER_SIZE)[1]
        key, handler = _key(rows, support)
        key_in = size_in(lambda f: _legend(f, key, handler, (0.5, 0.5)))[1]
        row_labels = [episode_label(ep) for ep in rows.itertuples(index=False)]
        left_in = text_extent_in(row_labels, weight="bold")[0] + 0.6
        width = left_in + table_w + _RIGHT_IN
        height = _TITLE_IN + header_in + 0.15 + table_h + _GROUP_IN + key_in + ATTRIBUTION_IN
        fig = new_figure(width, height)
        bottom = height - _TITLE_IN - header_in - 0.15 - table_h
        ax = fig.add_axes((left_in / width, bottom / height, table_w / width, table_h / height))
        ax.set_xlim(0, table_w)
        ax.set_ylim(table_h, 0)
        for i, ep in enumerate(rows.itertuples(index=False)):
            top = i * _ROW_IN
            _draw_row(ax, ep, top, lefts, support)
        _draw_headers(ax, lefts)
        _draw_groups(ax, lefts, table_h)
        ax.set_yticks([(i + 0.5) * _ROW_IN for i in range(len(rows))])
        ax.set_yticklabels(row_labels)
        for tick, core in zip(ax.get_yticklabels(), rows["scope"] == "core", strict=True):
            tick.set_fontweight("bold" if core else "normal")
        ax.set_xticks([])
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        ax.set_ylabel("Episode, in order of the demand (bold: the core four)")
        ax.set_xlabel(
            "Coded attribute (see the codebook for every code)", labelpad=_GROUP_IN * 72 - 10
        )
        fig.suptitle(
            "Comparison of government demands on BlackBerry, episode by episode",
            x=0.01,
            y=1 - 0.15 / height,
            ha="left",
            va="top",
        )
        _legend(fig, key, handler, (0.5, (key_in + ATTRIBUTION_IN) / height), loc="upper center")
        attribute(fig)
    return fig


def _support(values: pd.DataFrame) -> dict[tuple[str, str, str | None], str]:
    """Support of each value of an episode row by (episode, column, code or None)."""
    own = values[values["target_table"].astype(str) == "episodes"]
    coded = {c.field for c in COLUMNS if c.kind == "code"}
    return {
        (str(v.target_id), str(v.field), str(v.value) if v.field in coded else None): str(v.support)
        for v in own.itertuples(index=False)
    }


def _draw_row(ax: Axes, ep, top: float, lefts: list[float], support: dict) -> None:
    contested = set(codes(ep.contested_fields))
    for field in dict.fromkeys(c.field for c in COLUMNS):
        spans = [(c, x) for c, x in zip(COLUMNS, lefts, strict=True) if c.field == field]
        start, end = spans[0][1], spans[-1][1] + spans[-1][0].width
        value = getattr(ep, field)
        absent = (
            [c for c in codes(value) if c in code_list("episodes", field).absences]
            if spans[0][0].kind == "code"
            else []
        )
        if absent:
            _cell(ax, start, top, end - start)
            ax.text(
                (start + end) / 2,
                top + _ROW_IN / 2,
                labels("episodes", field)[absent[0]],
                ha="center",
                va="center",
                style="italic",
                size=_CELL_SIZE,
            )
        else:
            for col, left in spans:
                shows_value = _draw_cell(ax, ep, col, left, top)
                mark = support.get((ep.episode_id, field, col.code))
                if shows_value and mark in _WEAK_MARKS:
                    ax.plot(
                        left + col.width - 0.08,
                        top + 0.08,
                        marker="^",
                        ms=5,
                        mfc=_WEAK_MARKS[mark][0],
                        mec="black",
                        mew=0.7,
                        ls="none",
                        zorder=6,
                    )
        if field in contested:
            ax.add_patch(
                Rectangle(
                    (start + 0.04, top + 0.04),
                    end - start - 0.08,
                    _ROW_IN - 0.08,
                    fill=False,
                    edgecolor="black",
                    linewidth=1.5,
                    linestyle=(0, (3, 2)),
                    zorder=5,
                )
            )


def _cell(ax: Axes, left: float, top: float, width: float, fill="white", hatch=None) -> None:
    ax.add_patch(
        Rectangle(
            (left, top),
            width,
            _ROW_IN,
            facecolor=fill,
            hatch=hatch,
            edgecolor="0.7",
            linewidth=0.6,
        )
    )


def _draw_cell(ax: Axes, ep, col: _Column, left: float, top: float) -> bool:
    """Draw one cell; true when it shows a value that can carry a support mark."""
    cx, cy = left + col.width / 2, top + _ROW_IN / 2
    value = getattr(ep, col.field)
    if col.kind == "code":
        _cell(ax, left, top, col.width)
        if col.code in codes(value):
            ax.plot(cx, cy, "o", ms=10, color="black", ls="none")
            return True
        ax.plot(cx, cy, "_", ms=9, mew=1.2, color="0.5", ls="none")
        return False
    if col.kind == "count":
        _cell(ax, left, top, col.width)
        if pd.isna(value):
            reason = str(getattr(ep, f"{col.field}_missing"))
            ax.text(cx, cy, MISSING_MARKS[reason], ha="center", va="center", size=10)
        else:
            ax.text(cx, cy, str(int(value)), ha="center", va="center", size=11, weight="bold")
        return False
    if col.kind == "date":
        _cell(ax, left, top, col.width)
        if pd.isna(value):
            reason = str(getattr(ep, f"{col.field}_missing"))
            ax.text(cx, cy, MISSING_MARKS[reason], ha="center", va="center", size=10)
            return False
        text = render(value, str(getattr(ep, f"{col.field}_precision")))
        ax.text(cx, cy, text, ha="center", va="center", size=_CELL_SIZE)
        return True
    names = labels("episodes", col.field)
    fill, hatch = FILLS[list(names).index(str(value)) % len(FILLS)]
    _cell(ax, left, top, col.width, fill, hatch)
    ax.text(
        cx,
        cy,
        textwrap.fill(names[str(value)], 19),
        ha="center",
        va="center",
        size=_CELL_SIZE,
        linespacing=1.05,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "0.5", "lw": 0.5},
    )
    return True


def _draw_headers(ax: Axes, lefts: list[float]) -> None:
    for col, left in zip(COLUMNS, lefts, strict=True):
        ax.text(
            left + col.width / 2,
            -0.1,
            _header_text(col),
            rotation=90,
            ha="center",
            va="bottom",
            size=_HEADER_SIZE,
            linespacing=1.05,
            clip_on=False,
        )


def _draw_groups(ax: Axes, lefts: list[float], table_h: float) -> None:
    for field, name in _GROUPS.items():
        spans = [(c, x) for c, x in zip(COLUMNS, lefts, strict=True) if c.field == field]
        start, end = spans[0][1], spans[-1][1] + spans[-1][0].width
        ax.annotate(
            "",
            xy=(start + 0.03, table_h + 0.07),
            xytext=(end - 0.03, table_h + 0.07),
            annotation_clip=False,
            arrowprops={"arrowstyle": "|-|,widthA=0.3,widthB=0.3", "lw": 0.8},
        )
        ax.text(
            (start + end) / 2,
            table_h + 0.13,
            textwrap.fill(name, max(int((end - start) * 72 / 5), 12)),
            ha="center",
            va="top",
            style="italic",
            clip_on=False,
        )


def _key(rows: pd.DataFrame, support: dict) -> tuple[list, dict]:
    """The key: one entry for every kind of mark the cells show."""
    key: list = [
        Line2D([], [], marker="o", ms=9, color="black", ls="none", label="code in the set"),
        Line2D(
            [], [], marker="_", ms=9, mew=1.2, color="0.5", ls="none", label="code not in the set"
        ),
        Patch(
            facecolor="white",
            edgecolor="0.6",
            hatch=FILLS[1][1],
            label="same fill = same value within a column",
        ),
    ]
    shown = {
        s
        for (episode, field, code), s in support.items()
        if episode in set(rows["episode_id"])
        and any(c.field == field and c.code == code for c in COLUMNS)
    }
    for mark, (fill, meaning) in _WEAK_MARKS.items():
        if mark in shown:
            key.append(
                Line2D(
                    [],
                    [],
                    marker="^",
                    ms=6,
                    mfc=fill,
                    mec="black",
                    mew=0.7,
                    ls="none",
                    label=f"corner: {meaning}",
                )
            )
    if rows["contested_fields"].notna().any():
        key.append(
            Patch(
                facecolor="white",
                edgecolor="black",
                linestyle=(0, (3, 2)),
                linewidth=1.4,
                label="dashed frame: a claim disputes the column's value",
            )
        )
    reasons = set()
    for col in COLUMNS:
        if col.kind in ("count", "date"):
            missing = rows[col.field].isna()
            if missing.any():
                reasons |= set(rows.loc[missing, f"{col.field}_missing"].astype(str))
    meanings = {c.code: c.label.lower() for c in CODE_LISTS["missing_reason"].codes}
    for reason, mark in MISSING_MARKS.items():
        if reason in reasons:
            key.append(_TextHandle(mark, f"missing: {meanings[reason]}"))
    return key, {_TextHandle: _TextHandler()}


def _legend(fig: Figure, key: list, handler: dict, anchor, loc="center"):
    return fig.legend(
        handles=key,
        handler_map=handler,
        loc=loc,
        ncols=3,
        bbox_to_anchor=anchor,
        title="Key",
    )
