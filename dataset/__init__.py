"""The reference dataset of governments' demands for lawful access to BlackBerry
communications, and BlackBerry's responses.

>>> import dataset
>>> episodes = dataset.load("episodes")

Loading needs only pandas and pyarrow; building and validating import more on demand.
"""

from __future__ import annotations

from dataset.errors import DatasetError, IntegrityError, RecordError
from dataset.loading import load, tables


def codebook():
    """The codebook as a DataFrame: table, column, type, description and allowed codes."""
    from dataset.codebook_builder import codebook_frame

    return codebook_frame()


def compare(data_dir=None, scope=None):
    """The side-by-side comparison matrix of episodes (one row per episode).

    ``scope="core"`` reproduces the original four-government comparison.
    """
    from dataset.comparison import compare_frame

    return compare_frame(data_dir, scope)


__all__ = [
    "DatasetError",
    "IntegrityError",
    "RecordError",
    "codebook",
    "compare",
    "load",
    "tables",
]
