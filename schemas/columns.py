"""Column and table definitions: the building blocks the table schemas are written in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations

from schemas.codes import CODE_LISTS

# Column kinds and the pandas dtype each is loaded as.
DTYPE_NAMES = {
    "string": "str",
    "codeset": "str",
    "category": "category",
    "date": "datetime64[ms]",
    "integer": "Int64",
}
KINDS = tuple(DTYPE_NAMES)
PROVENANCE = {
    "key": "Identifier assigned by the dataset.",
    "evidenced": "Stated by sources: every non-missing value is backed by a claim (the "
    "`not_disclosed` code records that no source gives the value and needs none).",
    "derived": "Computed from other values during the build.",
    "editorial": "Written by the maintainers in their own words.",
    "source": "Bibliographic record of a source document.",
}
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# No leading/trailing whitespace, no control characters, no leading formula sign.
# Patterns avoid lookarounds, so pandas can run them in pyarrow (RE2) as well as in Python's re,
# and end with \Z (Python's $ would also match before a final newline).
# Hygiene: no control characters, no leading or trailing whitespace (Python's Unicode \s
# outside the control ranges is listed), no leading =, +, - or @ (a spreadsheet formula).
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_SPACES = " \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
HYGIENE_PATTERN = rf"^[^{_CONTROLS}=+\-@{_SPACES}](?:[^{_CONTROLS}]*[^{_CONTROLS}{_SPACES}])?\Z"
URL_PATTERN = r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}\.?(?::\d+)?(?:/\S*)?"


def anchored(pattern: str) -> str:
    """Anchor a regex at both ends (for str.match, re.search and RE2 alike)."""
    return rf"^(?:{pattern})\Z"


@dataclass(frozen=True)
class Column:
    """One published column, with everything every generated artefact needs."""

    name: str
    kind: str
    description: str
    nullable: bool = False
    codes: str | None = None
    unique: bool = False
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_words: int | None = None
    unit: str | None = None
    provenance: str = "evidenced"
    companion_of: str | None = None
    null_with: str | None = None
    # True for a value column followed by a `<name>_missing` companion (see with_missing).
    missing_reason: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.provenance not in PROVENANCE:
            raise ValueError(f"{self.name}: unknown provenance {self.provenance!r}")
        if (self.codes is not None) != (self.kind in ("category", "codeset")):
            raise ValueError(f"{self.name}: codes go with category and codeset columns")
        if self.codes is not None and self.codes not in CODE_LISTS:
            raise ValueError(f"{self.name}: unknown code list {self.codes!r}")

    @property
    def dtype_name(self) -> str:
        """The pandas dtype name of the column as loaded (``dataset.load``)."""
        return DTYPE_NAMES[self.kind]

    @property
    def allowed(self) -> list[str]:
        """The column's codes, in category order (empty for uncoded columns)."""
        return list(CODE_LISTS[self.codes]) if self.codes else []

    @property
    def inner_pattern(self) -> str | None:
        """Regex a whole value must match, unanchored (codesets: canonical ordered subsets)."""
        if self.kind == "codeset":
            subsets = [
                ";".join(c)
                for n in range(1, len(self.allowed) + 1)
                for c in combinations(self.allowed, n)
            ]
            return "|".join(subsets)
        return self.pattern

    @property
    def full_pattern(self) -> str | None:
        """The anchored form of :attr:`inner_pattern`."""
        return anchored(self.inner_pattern) if self.inner_pattern else None

    @property
    def words_pattern(self) -> str | None:
        """Regex allowing at most ``max_words`` whitespace-separated words."""
        if not self.max_words:
            return None
        return anchored(rf"(?:\S+\s+){{0,{self.max_words - 1}}}\S+")

    @property
    def is_text(self) -> bool:
        return self.kind in ("string", "codeset")


@dataclass(frozen=True)
class Table:
    """A published table: its columns, keys and row-level rules."""

    name: str
    description: str
    primary_key: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    date_order: tuple[tuple[str, str], ...] = ()
    sort_by: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def evidenced(self) -> list[str]:
        return [c.name for c in self.columns if c.provenance == "evidenced"]

    @property
    def order(self) -> tuple[str, ...]:
        return self.sort_by or (self.primary_key,)


def missing_companion(base: str) -> Column:
    return Column(
        f"{base}_missing",
        "category",
        f"Why `{base}` is missing; null when it is present.",
        nullable=True,
        codes="missing_reason",
        provenance="derived",
        companion_of=base,
    )


def with_missing(col: Column) -> tuple[Column, ...]:
    """A nullable value column and its companion saying why a value is missing."""
    return (replace(col, nullable=True, missing_reason=True), missing_companion(col.name))


def date_columns(
    name: str, description: str, *, missing: bool = False, provenance: str = "evidenced"
) -> tuple[Column, ...]:
    """A date column, its precision and, for optional dates, its missing reason."""
    cols = (
        Column(
            name,
            "date",
            description + " Stored as the first day of its precision period.",
            nullable=missing,
            provenance=provenance,
        ),
        Column(
            f"{name}_precision",
            "category",
            f"Precision of `{name}` as the sources give it: day, month or year.",
            nullable=missing,
            codes="date_precision",
            provenance="derived",
            companion_of=name,
        ),
    )
    if not missing:
        return cols
    return (replace(cols[0], missing_reason=True), cols[1], missing_companion(name))
