"""The analysis figures: files written, and every figure titled, labelled and keyed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dataset import figures
from dataset.paths import DATA_DIR, REPO

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return out, figures.write_figures(DATA_DIR, out)


@pytest.fixture(scope="module")
def built(clean_frames):
    return figures.all_figures(clean_frames)


def test_write_figures_writes_the_three_pngs(written):
    out, paths = written
    assert [p.name for p in paths] == ["comparison_matrix.png", "timelines.png", "evidence.png"]
    for path in paths:
        assert path.parent == out
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE), path.name
        assert len(data) > 10_000, path.name


def test_write_figures_creates_the_output_directory(tmp_path):
    out = tmp_path / "nested" / "figures"
    paths = figures.write_figures(DATA_DIR, out)
    assert all(p.is_file() for p in paths)


def test_pngs_are_reproducible(written, tmp_path):
    _, first = written
    second = figures.write_figures(DATA_DIR, tmp_path)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert b"Software" not in first[0].read_bytes()


def test_pngs_are_written_at_120_dpi(written):
    from PIL import Image  # a dependency of matplotlib

    _, paths = written
    for path in paths:
        with Image.open(path) as image:
            assert image.info["dpi"] == pytest.approx((figures.DPI, figures.DPI), abs=0.5)
            assert image.width >= 1200 and image.height >= 500, path.name


@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_figure_has_a_title_axis_labels_and_a_legend(built, name):
    fig = built[name]
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes, name
    assert suptitle or all(ax.get_title(loc="left") or ax.get_title() for ax in axes), name
    for ax in axes:
        assert ax.get_xlabel().strip(), f"{name}: axes without an x label"
        assert ax.get_ylabel().strip(), f"{name}: axes without a y label"
    legends = [ax.get_legend() for ax in axes if ax.get_legend()] + list(fig.legends)
    assert legends, f"{name}: no legend"
    for legend in legends:
        assert [t.get_text() for t in legend.get_texts() if t.get_text().strip()], name


def test_every_panel_of_multi_panel_figures_has_a_title(built):
    for name in ("timelines", "evidence"):
        for ax in built[name].axes:
            assert ax.get_title(loc="left"), f"{name}: untitled panel"


def test_timeline_legend_covers_every_event_type(built):
    from schemas.codes import EVENT_TYPE

    labels = {t.get_text() for legend in built["timelines"].legends for t in legend.get_texts()}
    assert {label for label, _ in EVENT_TYPE.values()} <= labels
    assert any("disputed" in label for label in labels)
    assert any("month" in label for label in labels)


def test_matrix_has_a_row_per_episode(built, clean_frames):
    ax = built["comparison_matrix"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(clean_frames["episodes"])
    for row in clean_frames["episodes"].itertuples(index=False):
        assert figures.episode_label(row) in labels


def test_pyplot_is_not_used():
    code = (
        "import sys, dataset, dataset.figures as f;"
        "f.all_figures({n: dataset.load(n) for n in f.TABLES_USED});"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert out.stdout.strip() == "False"
