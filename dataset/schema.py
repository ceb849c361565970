"""The dataset's schema, read from the data files in ``schemas/`` (the one source of truth).

``schemas/dataset.json`` holds the package-level facts (the list of tables, the earliest
allowed date, vocabularies), ``schemas/codes.json`` the code lists, and
``schemas/<table>.json`` each table as a Frictionless Table Schema with the project's own
``x-`` properties. Reading them needs only the standard library, so ``import dataset``
stays light.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from dataset.paths import SCHEMAS_DIR

KINDS = ("string", "codeset", "category", "date", "integer", "number")
PROVENANCES = ("key", "evidenced", "derived", "editorial", "source")


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    description: str
    absence: bool = False


@dataclass(frozen=True)
class CodeList:
    name: str
    description: str
    codes: tuple[Code, ...]

    @property
    def values(self) -> list[str]:
        return [c.code for c in self.codes]

    @property
    def absences(self) -> list[str]:
        """Codes that record an absence (such as ``not_disclosed``) and need no evidence."""
        return [c.code for c in self.codes if c.absence]

    def __getitem__(self, code: str) -> Code:
        return next(c for c in self.codes if c.code == code)


def _read(name: str) -> dict:
    return json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))


DATASET: dict = _read("dataset.json")
CODE_LISTS: dict[str, CodeList] = {
    name: CodeList(name, spec["description"], tuple(Code(**c) for c in spec["codes"]))
    for name, spec in _read("codes.json").items()
}


@dataclass(frozen=True)
class Column:
    """One published column, as its table's schema file declares it."""

    name: str
    type: str
    description: str
    provenance: str
    required: bool = True
    unique: bool = False
    pattern: str | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    codes: str | None = None
    codeset: str | None = None
    unit: str | None = None
    max_words: int | None = None
    vocabulary: str | None = None
    companion_of: str | None = None
    null_with: str | None = None

    @classmethod
    def from_json(cls, spec: dict) -> Column:
        c = spec.get("constraints", {})
        return cls(
            name=spec["name"],
            type=spec["type"],
            description=spec["description"],
            provenance=spec["x-provenance"],
            required=c.get("required", False),
            unique=c.get("unique", False),
            pattern=c.get("pattern"),
            max_length=c.get("maxLength"),
            minimum=c.get("minimum"),
            maximum=c.get("maximum"),
            codes=spec.get("x-codes"),
            codeset=spec.get("x-codeset"),
            unit=spec.get("x-unit"),
            max_words=spec.get("x-max-words"),
            vocabulary=spec.get("x-vocabulary"),
            companion_of=spec.get("x-companion-of"),
            null_with=spec.get("x-null-with"),
        )

    @property
    def kind(self) -> str:
        """string, codeset, category, date, integer or number."""
        if self.codes:
            return "category"
        if self.codeset:
            return "codeset"
        return self.type

    @property
    def nullable(self) -> bool:
        return not self.required

    @property
    def code_list(self) -> CodeList | None:
        name = self.codes or self.codeset
        return CODE_LISTS[name] if name else None

    @property
    def allowed(self) -> list[str]:
        """The column's codes, in category order (empty for uncoded columns)."""
        return self.code_list.values if self.code_list else []

    @property
    def absences(self) -> list[str]:
        return self.code_list.absences if self.code_list else []

    @property
    def is_text(self) -> bool:
        return self.type == "string"

    @property
    def inner_pattern(self) -> str | None:
        """Regex a whole value must match, unanchored. A coded set is its codes in code-list
        order, `;`-separated, each at most once; a code recording an absence stands alone."""
        if self.kind != "codeset":
            return self.pattern
        present = [c for c in self.allowed if c not in self.absences]
        subsets = [
            ";".join(s) for n in range(1, len(present) + 1) for s in combinations(present, n)
        ]
        return "|".join([*subsets, *self.absences])

    @property
    def full_pattern(self) -> str | None:
        return anchored(self.inner_pattern) if self.inner_pattern else None

    @property
    def words_pattern(self) -> str | None:
        """Regex allowing at most ``max_words`` whitespace-separated words."""
        if not self.max_words:
            return None
        return anchored(rf"(?:\S+\s+){{0,{self.max_words - 1}}}\S+")


def anchored(pattern: str) -> str:
    """Anchor a regex at both ends (for str.match, re.search and RE2 alike)."""
    return rf"^(?:{pattern})\Z"


@dataclass(frozen=True)
class Table:
    """A published table: its columns, keys, references and row rules."""

    name: str
    description: str
    primary_key: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]
    polymorphic: tuple[tuple[str, str, dict], ...]
    sort_by: tuple[str, ...]
    date_order: tuple[tuple[str, str], ...]

    @classmethod
    def from_json(cls, spec: dict) -> Table:
        return cls(
            name=spec["name"],
            description=spec["description"],
            primary_key=spec["primaryKey"][0],
            columns=tuple(Column.from_json(f) for f in spec["fields"]),
            foreign_keys=tuple(
                (fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
                for fk in spec.get("foreignKeys", [])
            ),
            polymorphic=tuple(
                (p["fields"][0], p["by"], p["references"])
                for p in spec.get("x-polymorphic-keys", [])
            ),
            sort_by=tuple(spec.get("x-sort-by", spec["primaryKey"])),
            date_order=tuple(tuple(p) for p in spec.get("x-date-order", [])),
        )

    def column(self, name: str) -> Column:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def evidenced(self) -> list[str]:
        """Columns whose values claims assert."""
        return [c.name for c in self.columns if c.provenance == "evidenced"]

    @property
    def derived(self) -> list[str]:
        return [c.name for c in self.columns if c.provenance == "derived"]

    def missing_companion(self, name: str) -> str | None:
        companion = f"{name}_missing"
        return companion if companion in self._by_name else None


TABLE_NAMES: tuple[str, ...] = tuple(DATASET["tables"])
TABLES: dict[str, Table] = {name: Table.from_json(_read(f"{name}.json")) for name in TABLE_NAMES}
# The tables whose values claims assert (those with evidenced columns).
EVIDENCED_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.evidenced)
