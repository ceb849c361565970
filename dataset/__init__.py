"""The reference dataset of governments' demands for lawful access to BlackBerry
communications, and BlackBerry's responses.

>>> import dataset
>>> episodes = dataset.load("episodes")
>>> dataset.evidence("AE-TRA-2010", "response")

Loading needs only pandas and pyarrow; building and validating import more on demand.
"""

from __future__ import annotations

from dataset.about import version as _version
from dataset.errors import DatasetError, IntegrityError, RecordError

__version__ = _version()


def load(name, data_dir=None, *, verify=True):
    """Load a published table by name (see :func:`dataset.loading.load`): coded columns as
    categoricals, dates as ``datetime64[ms]`` with their precision, each file checked against
    the manifest."""
    from dataset.loading import load as load_table

    return load_table(name, data_dir, verify=verify)


def tables():
    """Names of the published tables."""
    from dataset.schema import TABLE_NAMES

    return list(TABLE_NAMES)


def compare(data_dir=None, scope=None):
    """The side-by-side comparison of episodes (one row per episode), dates at their
    precision. ``scope="core"`` reproduces the original four-government comparison."""
    from dataset.comparison import compare_frame

    return compare_frame(data_dir, scope)


def codebook():
    """Every published column: table, column, type, nullability, provenance, unit,
    maximum length, description and code list (see :func:`codes`)."""
    from dataset.codebook_view import codebook_frame

    return codebook_frame()


def codes(column=None):
    """Codes, labels and definitions of a coded column (``"response"``), of a code list
    (``"threat"``), or of every code list."""
    from dataset.codebook_view import codes as codes_frame

    return codes_frame(column)


def evidence(episode_id, column=None, value=None, data_dir=None):
    """The claims about an episode, joined with their sources and origins; narrowed to
    one column and to one asserted value when given."""
    from dataset.evidence_view import evidence as evidence_frame

    return evidence_frame(episode_id, column, value, data_dir)


def periods(frame, column):
    """Start and end of each value's period for a date column with its precision
    (``2011-04`` spans 1 to 30 April): sort or compare by these, not by the stored date."""
    from dataset.dates import periods as periods_frame

    return periods_frame(frame, column)


__all__ = [
    "DatasetError",
    "IntegrityError",
    "RecordError",
    "codebook",
    "codes",
    "compare",
    "evidence",
    "load",
    "periods",
    "tables",
]
