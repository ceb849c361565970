"""Turn the curated YAML records into rows of the published tables.

Layout under ``records/``:

- ``origins.yaml``: the controlled list of origins (who wrote a source's text);
- ``sources.yaml``: the source documents;
- ``episodes/<EPISODE_ID>.yaml``: one episode, its values, its quotes and its events (each
  event with its own quotes);
- ``exclusions.yaml``: candidate episodes examined and left out, with their quotes;
- ``seed_sentences.yaml``: the triage of every sentence of the seed document;
- ``coding.yaml``: the independent second coding and its adjudication.

The reader only converts: every field is either published or refused (an unknown field is
an error), and a value that cannot be converted to its column's type is an error naming the
file, the record and the field. Every rule about the values themselves is a validation
check (``dataset.checks``), which the build runs before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dataset import dates
from dataset.errors import RecordError, shorten
from dataset.paths import REPO, SEED_FILE
from dataset.records.yamlsafe import read_yaml
from dataset.schema import TABLES, Column

SEED_SOURCE_ID = "seed-000-aaa601571024ff87"
SEED_ORIGIN_ID = "unattributed-compilation"
NULLS = {"null", "~", ""}

# Record keys that differ from the column they fill (record kind -> {key: column}).
RENAMED = {
    "origins": {"id": "origin_id", "type": "origin_type"},
    "sources": {
        "id": "source_id",
        "origin": "origin_id",
        "published": "published_date",
        "published_basis": "published_date_basis",
        "type": "source_type",
    },
    "seed_sentences": {"id": "sentence_id", "quotes": "quote_ids"},
    "exclusions": {"id": "exclusion_id"},
}
QUOTE_KEYS = (
    "id",
    "source",
    "quote",
    "language",
    "translation",
    "claimant",
    "asserts",
    "denies",
    "note",
)
CODING_KEYS = ("episode", "field", "first", "second", "adjudication", "note")


@dataclass
class RecordRows:
    """Rows of each table as read from the records (lists of dicts), and where each row
    came from, so that a failed check can name the record file."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})
    files: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, table: str, row: dict, file: str) -> None:
        self.rows[table].append(row)
        self.files[(table, str(row.get(TABLES[table].primary_key)))] = file


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _key(key: object) -> str:
    """A record key as shown in an error: as is when plain, else cut and escaped."""
    text = str(key)
    return text if text.isascii() and text.isprintable() and len(text) <= 40 else shorten(text)


def _is_null(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in NULLS)


class _File:
    """Converts one file's raw values into typed column values."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = _shown(path)

    def load(self):
        return read_yaml(self.path, self.name)

    def fail(self, record: object, key: object, problem: str) -> RecordError:
        return RecordError(self.name, record, key, problem)

    def mapping(self, raw, record) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(record, "-", "expected a mapping of field: value")
        if raw.get("unreviewed") == "true":
            raise self.fail(record, "unreviewed", "marked unreviewed; review it before building")
        return raw

    def entries(self, raw, what: str):
        """(record label, mapping) for each entry of a YAML list of mappings."""
        if not isinstance(raw, list):
            raise self.fail("-", "-", f"expected a list of {what}")
        for i, item in enumerate(raw, 1):
            label = item.get("id", f"entry {i}") if isinstance(item, dict) else f"entry {i}"
            yield label, self.mapping(item, label)

    def only(self, raw: dict, allowed, record) -> None:
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise self.fail(record, _key(unknown[0]), "unknown field (not published, so refused)")

    def text(self, raw, record, key, *, required=True) -> str | None:
        if _is_null(raw):
            if required:
                raise self.fail(record, key, "missing value")
            return None
        if not isinstance(raw, str):
            raise self.fail(record, key, "expected text, not a list or mapping")
        return " ".join(raw.split())

    def value(self, col: Column, raw, record, key=None) -> tuple[object, str | None]:
        """(value, precision) of one non-missing raw value for ``col``."""
        key = key or col.name
        if col.kind == "codeset":
            raise self.fail(record, key, "internal: coded sets are read with codeset()")
        text = self.text(raw, record, key)
        if col.kind == "date":
            try:
                return dates.parse(text)
            except ValueError as exc:
                raise self.fail(record, key, f"bad date {shorten(text)}: {exc}") from None
        if col.kind == "category" and text not in col.allowed:
            allowed = ", ".join(col.allowed)
            raise self.fail(record, key, f"unknown code {shorten(text)} (allowed: {allowed})")
        if col.kind in ("integer", "number"):
            digits = text.replace("_", "")
            if not (digits.isascii() and digits.isdigit()):
                raise self.fail(record, key, f"expected a whole number, got {shorten(text)}")
            return int(digits), None
        return text, None

    def codeset(self, col: Column, raw, record, key=None) -> list[str]:
        key = key or col.name
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            raise self.fail(record, key, "empty list")
        return [self.text(v, record, key) for v in items]

    def column(self, col: Column, raw, record, row: dict, companion: bool) -> None:
        """Set ``col`` (and its precision and missing-reason companions) in ``row``;
        ``companion`` says whether the column has a ``<name>_missing`` reason column."""
        name = col.name
        if isinstance(raw, dict):
            if set(raw) != {"missing"}:
                raise self.fail(record, name, "a mapping here must be {missing: <reason>}")
            if col.required:
                raise self.fail(record, name, "this field cannot be missing")
            row[f"{name}_missing"] = self.text(raw["missing"], record, name)
            return
        if _is_null(raw):
            if companion and col.provenance == "editorial" and not col.required:
                row[f"{name}_missing"] = "not_applicable"  # an editorial field left out
                return
            if col.required or companion:
                raise self.fail(record, name, "missing value (write {missing: <reason>} instead)")
            return
        if col.kind == "codeset":
            row[name] = canonical_set(col, self.codeset(col, raw, record))
            return
        row[name], precision = self.value(col, raw, record)
        if precision:
            row[f"{name}_precision"] = precision


def canonical_set(col: Column, codes: list[str]) -> str:
    """Codes of a coded set in code-list order (unknown codes last, for validation to name)."""
    order = {c: i for i, c in enumerate(col.allowed)}
    return ";".join(sorted(codes, key=lambda c: (order.get(c, len(order)), c)))


def _input_columns(table: str, skip=()) -> list[Column]:
    """The columns a curator writes: not companions, not derived, not in ``skip``."""
    return [
        c
        for c in TABLES[table].columns
        if c.companion_of is None and c.provenance != "derived" and c.name not in skip
    ]


def _fill(f: _File, table: str, raw: dict, record, skip=(), renamed=None) -> dict:
    renamed = renamed or {}
    by_column = {renamed.get(k, k): v for k, v in raw.items()}
    row: dict = {}
    for col in _input_columns(table, skip):
        companion = TABLES[table].missing_companion(col.name) is not None
        f.column(col, by_column.get(col.name), record, row, companion)
    return row


def _quotes(f: _File, raw_quotes, target_table: str, target_id: str, episode_id, out: RecordRows):
    """Claim rows of a list of quotes: one row per asserted or denied value (one per code of
    a coded set), or one context row for a quote that asserts nothing."""
    if raw_quotes is None:
        return
    if not isinstance(raw_quotes, list):
        raise f.fail(target_id, "claims", "expected a list of claims")
    evidenced = {name: TABLES[target_table].column(name) for name in TABLES[target_table].evidenced}
    for i, raw in enumerate(raw_quotes, 1):
        label = raw.get("id", f"{target_id} claim {i}") if isinstance(raw, dict) else i
        raw = f.mapping(raw, label)
        f.only(raw, QUOTE_KEYS, label)
        quote_id = f.text(raw.get("id"), label, "id")
        translation = f.text(raw.get("translation"), label, "translation", required=False)
        note = f.text(raw.get("note"), label, "note", required=False)
        base = {
            "quote_id": quote_id,
            "source_id": f.text(raw.get("source"), label, "source"),
            "target_table": target_table,
            "target_id": target_id,
            "episode_id": episode_id,
            "episode_id_missing": None if episode_id else "not_applicable",
            "claimant": f.text(raw.get("claimant"), label, "claimant"),
            "quote": f.text(raw.get("quote"), label, "quote"),
            "quote_language": f.text(raw.get("language"), label, "language", required=False)
            or "en",
            "quote_translation": translation,
            "quote_translation_missing": None if translation else "not_applicable",
            "note": note,
            "note_missing": None if note else "not_applicable",
        }
        assertions = []
        for mode in ("asserts", "denies"):
            values = raw.get(mode)
            if values is None:
                continue
            if not isinstance(values, dict) or not values:
                raise f.fail(label, mode, "expected a mapping of column: value")
            for key, value in values.items():
                col = evidenced.get(key)
                if col is None:
                    allowed = ", ".join(evidenced) or "none: its claims give context only"
                    raise f.fail(
                        label,
                        f"{mode}.{_key(key)}",
                        f"not an evidenced {target_table} column (allowed: {allowed})",
                    )
                assertions += [
                    (mode, col, v) for v in _asserted(f, col, value, label, f"{mode}.{key}")
                ]
        fields = [col.name for _, col, _ in assertions if col.kind != "codeset"]
        if len(fields) != len(set(fields)):
            raise f.fail(label, "asserts", "a column is asserted or denied twice in one quote")
        if not assertions:
            out.add("claims", {**base, "claim_id": quote_id, **_context()}, f.name)
        for mode, col, value in assertions:
            claim_id = f"{quote_id}/{col.name}" + (f"/{value}" if col.kind == "codeset" else "")
            row = {
                **base,
                "claim_id": claim_id,
                "field": col.name,
                "field_missing": None,
                "value": value,
                "value_missing": None,
                "assertion": mode,
            }
            out.add("claims", row, f.name)


def _context() -> dict:
    return {
        "field": None,
        "field_missing": "not_applicable",
        "value": None,
        "value_missing": "not_applicable",
        "assertion": None,
    }


def _asserted(f: _File, col: Column, raw, label, key) -> list[str]:
    """An asserted value as the text published in ``claims.value``."""
    if col.kind == "codeset":
        return f.codeset(col, raw, label, key)
    if isinstance(raw, list):
        raise f.fail(label, key, f"{col.name} takes one value, not a list")
    value, precision = f.value(col, raw, label, key)
    return [dates.render(value, precision) if precision else str(value)]


def read_episode(path: Path, out: RecordRows) -> None:
    f = _File(path)
    raw = f.mapping(f.load(), path.stem)
    episode_id = f.text(raw.get("episode_id"), path.stem, "episode_id")
    f.only(raw, [c.name for c in _input_columns("episodes")] + ["claims", "events"], episode_id)
    if path.stem != episode_id:
        raise f.fail(episode_id, "episode_id", f"must match the file name {path.stem!r}")
    out.add("episodes", _fill(f, "episodes", raw, episode_id), f.name)
    _quotes(f, raw.get("claims"), "episodes", episode_id, episode_id, out)
    raw_events = raw.get("events")
    if raw_events is None:
        return
    if not isinstance(raw_events, list):
        raise f.fail(episode_id, "events", "expected a list of events")
    allowed = [c.name for c in _input_columns("events", {"episode_id"})] + ["claims"]
    for i, raw_event in enumerate(raw_events, 1):
        label = f"{episode_id} event {i}"
        raw_event = f.mapping(raw_event, label)
        event_id = f.text(raw_event.get("event_id"), label, "event_id")
        f.only(raw_event, allowed, event_id)
        row = {"episode_id": episode_id, **_fill(f, "events", raw_event, event_id, {"episode_id"})}
        out.add("events", row, f.name)
        _quotes(f, raw_event.get("claims"), "events", event_id, episode_id, out)


def _read_list(path: Path, table: str, out: RecordRows, extra=(), defaults=None, skip=()):
    """A file holding a list of one table's records; yields (file, label, raw, row)
    (columns in ``skip`` are left for the caller)."""
    f = _File(path)
    renamed = RENAMED.get(table, {})
    inverse = {v: k for k, v in renamed.items()}
    allowed = [inverse.get(c.name, c.name) for c in _input_columns(table)] + list(extra)
    for label, raw in f.entries(f.load(), table):
        f.only(raw, allowed, label)
        if defaults:
            raw = {**defaults(raw), **{k: v for k, v in raw.items() if not _is_null(v)}}
        row = _fill(f, table, raw, label, skip=skip, renamed=renamed)
        yield f, label, raw, row


def _source_defaults(raw: dict) -> dict:
    """Sources may leave out what the page does not show: the reason is then fixed."""
    dated = not _is_null(raw.get("published"))
    return {
        "url": {"missing": "not_disclosed"},
        "title": {"missing": "not_disclosed"},
        "published": {"missing": "not_disclosed"},
        "published_basis": {"missing": "unknown" if dated else "not_applicable"},
    }


def _seed_source() -> tuple[dict, dict]:
    """The seed document, as a source that claims can cite, and its (unknown) origin."""
    first_line = SEED_FILE.read_text(encoding="utf-8").splitlines()[0].strip()
    origin = {
        "origin_id": SEED_ORIGIN_ID,
        "name": "Unattributed compilation of news sentences",
        "origin_type": "unknown",
    }
    source = {
        "source_id": SEED_SOURCE_ID,
        "url": None,
        "url_missing": "not_applicable",
        "publisher": "Unattributed compilation of news sentences",
        "origin_id": SEED_ORIGIN_ID,
        "title": first_line,
        "title_missing": None,
        "published_date": None,
        "published_date_precision": None,
        "published_date_missing": "unknown",
        "published_date_basis": None,
        "published_date_basis_missing": "not_applicable",
        "source_type": "seed_document",
    }
    return origin, source


def _episode_files(directory: Path) -> list[Path]:
    if directory.is_symlink():
        raise RecordError(
            _shown(directory), "-", "-", "is a symbolic link; records must be a real directory"
        )
    if not directory.is_dir():
        raise RecordError(_shown(directory), "-", "-", "expected a directory of episode files")
    paths = sorted(directory.iterdir())
    for p in paths:
        if p.is_symlink():
            raise RecordError(
                _shown(p), "-", "-", "is a symbolic link; records must be regular files"
            )
        if p.suffix != ".yaml" or not p.is_file():
            raise RecordError(
                _shown(p), "-", "-", "unexpected file: episodes are regular <EPISODE_ID>.yaml files"
            )
    return paths


def read_all(records_dir: Path) -> RecordRows:
    """Read every curated record; raise RecordError on the first malformed one."""
    out = RecordRows()
    seed_origin, seed_source = _seed_source()
    out.add("origins", seed_origin, _shown(SEED_FILE))
    out.add("sources", seed_source, _shown(SEED_FILE))
    for _, _, _, row in _read_list(records_dir / "origins.yaml", "origins", out):
        out.add("origins", row, _shown(records_dir / "origins.yaml"))
    for f, _, _, row in _read_list(
        records_dir / "sources.yaml", "sources", out, defaults=_source_defaults
    ):
        out.add("sources", row, f.name)
    for path in _episode_files(records_dir / "episodes"):
        read_episode(path, out)
    for f, _, raw, row in _read_list(
        records_dir / "exclusions.yaml", "exclusions", out, extra=["claims"]
    ):
        out.add("exclusions", row, f.name)
        _quotes(f, raw.get("claims"), "exclusions", row["exclusion_id"], None, out)
    for f, label, raw, row in _read_list(
        records_dir / "seed_sentences.yaml", "seed_sentences", out, skip={"quote_ids"}
    ):
        quotes = raw.get("quotes") or []
        quotes = quotes if isinstance(quotes, list) else [quotes]
        row["quote_ids"] = ";".join(f.text(q, label, "quotes") for q in quotes) or None
        row["quote_ids_missing"] = None if quotes else "not_applicable"
        out.add("seed_sentences", row, f.name)
    read_coding(records_dir / "coding.yaml", out)
    return out


def read_coding(path: Path, out: RecordRows) -> None:
    """The second coding: one entry per episode and coded column (values as lists for sets)."""
    f = _File(path)
    for label, raw in f.entries(f.load(), "codings"):
        f.only(raw, CODING_KEYS, label)
        episode = f.text(raw.get("episode"), label, "episode")
        column = f.text(raw.get("field"), label, "field")
        label = f"{episode}/{column}"
        col = TABLES["episodes"].column(column) if column in TABLES["episodes"].names else None
        note = f.text(raw.get("note"), label, "note", required=False)
        out.add(
            "coding",
            {
                "coding_id": label,
                "episode_id": episode,
                "field": column,
                "first_value": _coded(f, col, raw.get("first"), label, "first"),
                "second_value": _coded(f, col, raw.get("second"), label, "second"),
                "adjudication": f.value(
                    TABLES["coding"].column("adjudication"), raw.get("adjudication"), label
                )[0],
                "adjudication_note": note,
                "adjudication_note_missing": None if note else "not_applicable",
            },
            f.name,
        )


def _coded(f: _File, col: Column | None, raw, label, key) -> str:
    items = [f.text(v, label, key) for v in (raw if isinstance(raw, list) else [raw])]
    return (
        canonical_set(col, items) if col is not None and col.kind == "codeset" else ";".join(items)
    )
