"""The evidence figure: how each episode's values are supported, by how many independent
origins, and the triage of the seed document."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from dataset.figures.labels import episode_label, in_demand_order, labels
from dataset.figures.style import (
    ATTRIBUTION_IN,
    DARK,
    FILLS,
    attribute,
    new_figure,
    size_in,
    styled,
    text_extent_in,
)

_SUPPORT_FILLS = {
    "corroborated": ("0.25", None),
    "single_origin": ("white", "////"),
    "unsupported": ("0.8", "...."),
}
_SUPPORT_MEANING = {
    "corroborated": "two or more independent origins",
    "single_origin": "one independent origin",
    "unsupported": "no independent origin",
}
_ORIGIN_FILLS = {
    "news_agency": ("black", None),
    "news_outlet": ("0.86", None),
    "government": ("0.45", None),
    "company": ("white", "xxx"),
    "civil_society": ("white", "...."),
    "commentary": ("white", "////"),
}
_VERDICT_FILLS = {
    "supported": ("0.25", None),
    "contested": ("white", "////"),
    "contradicted": ("0.7", "...."),
    "garbled": ("white", "xxx"),
    "context_only": ("0.9", None),
}
_ROW_IN, _TOP_IN, _AXIS_LABELS_IN, _WIDTH = 0.34, 1.0, 0.75, 15.0
_SIZE = 8.5
_SOURCES_MARK = {"marker": "D", "ms": 5.5, "mfc": "white", "mec": "black", "mew": 1.0}


def _supporting_origins(
    origins: pd.DataFrame, sources: pd.DataFrame, claims: pd.DataFrame
) -> pd.DataFrame:
    """One row per episode, independent origin and source of a claim supporting the
    episode or one of its events: episode_id, source_id, origin_id, origin_type. Sources
    whose origin is of type ``unknown`` are kept with it (they corroborate nothing)."""
    supporting = claims[(claims["stance"] == "supports") & claims["episode_id"].notna()]
    out = (
        supporting[["episode_id", "source_id"]]
        .drop_duplicates()
        .merge(sources[["source_id", "origin_id"]], on="source_id", how="left")
        .merge(origins[["origin_id", "origin_type"]], on="origin_id", how="left")
    )
    return out.astype({"episode_id": str, "origin_type": str})


def evidence(
    episodes: pd.DataFrame,
    origins: pd.DataFrame,
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    values: pd.DataFrame,
    seed_sentences: pd.DataFrame,
) -> Figure:
    """Per episode, in the order of the demands: its published values by how many
    independent origins support each (with the episode's evidence level), and the
    independent origins behind its supporting claims by type, next to the sources those
    claims cite. A last panel counts the seed sentences by triage verdict.

    Counts are of independent origins: sources that copy one origin (wire copy) count
    once, and an origin of type ``unknown`` counts for nothing.
    """
    rows = in_demand_order(episodes)
    ids = list(rows["episode_id"])
    own = values[values["target_table"].astype(str) == "episodes"]
    by_support = _counts(own, "episode_id", "support", ids, list(_SUPPORT_FILLS))
    behind = _supporting_origins(origins, sources, claims)
    independent = behind[behind["origin_type"] != "unknown"].drop_duplicates(
        ["episode_id", "origin_id"]
    )
    by_origin = _counts(independent, "episode_id", "origin_type", ids, list(_ORIGIN_FILLS))
    n_sources = behind.groupby("episode_id")["source_id"].nunique().reindex(ids, fill_value=0)
    verdicts = seed_sentences["verdict"].astype(str).value_counts()
    verdicts = verdicts.reindex(list(labels("seed_sentences", "verdict")), fill_value=0)

    support_names = labels("values", "support")
    support_key = _key(
        _SUPPORT_FILLS,
        {c: f"{support_names[c]}: {m}" for c, m in _SUPPORT_MEANING.items()},
        by_support.columns,
    )
    types = labels("origins", "origin_type")
    origin_key = _key(_ORIGIN_FILLS, types, by_origin.columns)
    origin_key.append(
        Line2D(
            [],
            [],
            ls="none",
            **_SOURCES_MARK,
            label="sources of those claims\n(copies counted apart)",
        )
    )
    row_labels = [episode_label(ep) for ep in rows.itertuples(index=False)]
    with styled():
        keys_in = max(
            size_in(lambda f: f.legend(handles=support_key, title="Supported by"))[1],
            size_in(lambda f: f.legend(handles=origin_key, ncols=2, title="Origin type"))[1],
        )
        left_in = text_extent_in(row_labels)[0] + 0.55
        bottom_in = ATTRIBUTION_IN + keys_in + _AXIS_LABELS_IN
        height = _TOP_IN + _ROW_IN * len(ids) + bottom_in
        fig = new_figure(_WIDTH, height)
        grid = fig.add_gridspec(
            1,
            4,
            width_ratios=[1.0, 1.15, 0.32, 0.62],
            left=left_in / _WIDTH,
            right=0.985,
            top=1 - _TOP_IN / height,
            bottom=bottom_in / height,
            wspace=0.06,
        )
        ax_values = fig.add_subplot(grid[0])
        ax_origins = fig.add_subplot(grid[1], sharey=ax_values)
        ax_seed = fig.add_subplot(grid[3])
        ypos = list(range(len(ids)))
        keys_top = (bottom_in - _AXIS_LABELS_IN) / height

        levels = labels("episodes", "evidence_level")
        ends = [levels[str(v)] for v in rows["evidence_level"]]
        _stacked(ax_values, ypos, by_support, _SUPPORT_FILLS, ends, inside=True)
        ax_values.set_yticks(ypos, labels=row_labels)
        ax_values.invert_yaxis()
        ax_values.set_xlabel(
            "Values of the episode row (each code of a set\n"
            "counts once); at the end: evidence level"
        )
        ax_values.set_ylabel("Episode, in order of the demand")
        ax_values.set_title("Values by independent support", loc="left")
        _below(ax_values, support_key, keys_top, title="Supported by")

        totals = [
            f"{int(o)} origins, {int(s)} sources"
            for o, s in zip(by_origin.sum(axis=1), n_sources, strict=True)
        ]
        _stacked(ax_origins, ypos, by_origin, _ORIGIN_FILLS, totals, inside=False, marks=n_sources)
        ax_origins.tick_params(axis="y", labelleft=False)
        ax_origins.set_xlabel(
            "Independent origins of the claims supporting the episode and\nits events "
            "(origins of type 'unknown' are not counted)"
        )
        ax_origins.set_ylabel("Episode (same order)")
        ax_origins.set_title("Independent origins, not sources", loc="left")
        _below(ax_origins, origin_key, keys_top, title="Origin type", ncols=2)

        _seed_panel(ax_seed, verdicts, len(seed_sentences))
        fig.suptitle(
            "Evidence behind the episodes, counted by independent origin",
            x=0.008,
            y=1 - 0.12 / height,
            ha="left",
            va="top",
        )
        attribute(fig)
    return fig


def _key(fills: dict, names: dict[str, str], shown) -> list:
    """Key entries for the codes ``shown``, in code order."""
    return [
        Patch(facecolor=fills[c][0], hatch=fills[c][1], edgecolor="black", lw=0.8, label=names[c])
        for c in fills
        if c in set(shown)
    ]


def _below(ax: Axes, key: list, top: float, **kwargs) -> None:
    """A key centred under ``ax``, its top at ``top`` (a fraction of the figure's height)."""
    ax.legend(
        handles=key,
        loc="upper center",
        bbox_to_anchor=(0.5, top),
        bbox_transform=blended_transform_factory(ax.transAxes, ax.figure.transFigure),
        **kwargs,
    )


def _counts(
    frame: pd.DataFrame, index: str, column: str, ids: list[str], order: list[str]
) -> pd.DataFrame:
    """Rows of ``frame`` counted by ``index`` (in ``ids`` order) and ``column`` (codes in
    ``order`` that occur)."""
    table = pd.crosstab(frame[index].astype(str), frame[column].astype(str))
    table = table.reindex(index=ids, columns=order, fill_value=0)
    return table.loc[:, table.sum() > 0]


def _stacked(
    ax: Axes,
    ypos: list[int],
    table: pd.DataFrame,
    fills: dict[str, tuple[str, str | None]],
    ends: list[str],
    *,
    inside: bool,
    marks: pd.Series | None = None,
) -> None:
    """Horizontal stacked bars, one container per code labelled with the code, with a text
    at the end of each bar, and optional diamonds at ``marks``."""
    left = [0] * len(table)
    reach = (
        [max(a, b) for a, b in zip(table.sum(axis=1), marks, strict=True)]
        if (marks is not None)
        else list(table.sum(axis=1))
    )
    widest = max(reach, default=0) or 1
    panel_in = ax.get_position().width * ax.figure.get_figwidth()
    text_in = text_extent_in(ends, size=_SIZE, style="italic")[0]
    xmax = widest / (1 - (text_in + 0.2) / panel_in)
    per_in = xmax / panel_in
    for k, code in enumerate(table.columns):
        counts = [int(v) for v in table[code]]
        fill, hatch = fills.get(str(code), FILLS[k % len(FILLS)])
        bars = ax.barh(
            ypos,
            counts,
            left=left,
            height=0.62,
            facecolor=fill,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.8,
            label=str(code),
        )
        if inside:
            dark = fill in DARK
            ax.bar_label(
                bars,
                labels=[str(v) if v >= 0.28 * per_in else "" for v in counts],
                label_type="center",
                fontsize=_SIZE,
                color="white" if dark else "black",
                bbox=None if dark else {"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    if marks is not None:
        ax.plot(list(marks), ypos, ls="none", zorder=4, **_SOURCES_MARK)
    for y, x, text in zip(ypos, reach, ends, strict=True):
        ax.text(x + 0.1 * per_in, y, text, va="center", fontsize=_SIZE, style="italic")
    ax.set_xlim(0, xmax)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _seed_panel(ax: Axes, verdicts: pd.Series, total: int) -> None:
    names = labels("seed_sentences", "verdict")
    for k, (code, count) in enumerate(verdicts.items()):
        fill, hatch = _VERDICT_FILLS.get(str(code), FILLS[k % len(FILLS)])
        ax.barh(
            [k], [int(count)], height=0.62, facecolor=fill, hatch=hatch, edgecolor="black", lw=0.8
        )
        ax.text(int(count) + 0.1, k, str(int(count)), va="center", fontsize=_SIZE, weight="bold")
    ax.set_yticks(range(len(verdicts)), labels=[names[str(c)] for c in verdicts.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(int(verdicts.max()), 1) * 1.2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(f"Seed sentences (of {total})")
    ax.set_ylabel("Triage verdict")
    ax.set_title("Seed-sentence triage", loc="left")
