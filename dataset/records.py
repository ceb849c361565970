"""Read the curated YAML records and turn them into the five tables.

Layout under ``records/``:

- ``sources.yaml``: a list of source documents;
- ``episodes/<EPISODE_ID>.yaml``: one episode, its values, its claims and its events
  (each event with its own claims);
- ``seed_sentences.yaml``: the triage of every sentence of the seed document.

Any malformed record raises :class:`RecordError` naming the file, the record and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dataset import dates
from dataset.errors import RecordError
from dataset.paths import RECORDS_DIR, REPO, SEED_FILE
from schemas import CODE_LISTS, TABLES, Column, Table

SEED_SOURCE_ID = "seed-000-aaa601571024ff87"
NULLS = {"null", "~", ""}
CLAIM_KEYS = {"id", "source", "quote", "claimant", "supports", "disputes", "context", "note"}
EPISODE_KEYS = {"claims", "events", "notes"}
SOURCE_KEYS = {"id", "url", "publisher", "origin", "title", "published", "published_basis", "type"}
SEED_KEYS = {"id", "text", "verdict", "claims", "correction", "rationale"}


@dataclass
class Frames:
    """The tables as built from the records, before derived columns are added."""

    episodes: list[dict]
    events: list[dict]
    sources: list[dict]
    claims: list[dict]
    seed_sentences: list[dict]


def _read_yaml(path: Path):
    """Read YAML as plain strings, lists and mappings (no implicit dates or booleans)."""
    if not path.is_file():
        raise RecordError(_rel(path), "-", "-", "file is missing")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise RecordError(_rel(path), "-", "-", f"not valid YAML ({first})") from None


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


class _Reader:
    """Converts one file's raw values into typed column values."""

    def __init__(self, path: Path) -> None:
        self.file = _rel(path)

    def fail(self, record: object, field: object, problem: str) -> RecordError:
        return RecordError(self.file, record, field, problem)

    def require_mapping(self, raw, record) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(record, "-", "expected a mapping of field: value")
        return raw

    def check_keys(self, raw: dict, allowed: set[str], record) -> None:
        unknown = set(raw) - allowed
        if unknown:
            raise self.fail(record, sorted(unknown)[0], "unknown field")

    def items(self, raw, what: str, allowed: set[str]):
        """(record, mapping) for each entry of a YAML list of mappings."""
        if not isinstance(raw, list):
            raise self.fail("-", "-", f"expected a list of {what}")
        for i, item in enumerate(raw, 1):
            record = item.get("id", i) if isinstance(item, dict) else i
            item = self.require_mapping(item, record)
            self.check_keys(item, allowed, record)
            yield record, item

    def text(self, raw, record, field, *, required=True) -> str | None:
        if raw is None or (isinstance(raw, str) and raw.strip() in NULLS):
            if required:
                raise self.fail(record, field, "missing value")
            return None
        if not isinstance(raw, str):
            raise self.fail(record, field, "expected text")
        return " ".join(raw.split()) if "\n" in raw else raw

    def code(self, raw, record, field, codes: str) -> str:
        value = self.text(raw, record, field)
        if value not in CODE_LISTS[codes]:
            allowed = ", ".join(CODE_LISTS[codes])
            raise self.fail(record, field, f"unknown code {value!r} (allowed: {allowed})")
        return value

    def codeset(self, raw, record, field, codes: str) -> str:
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            raise self.fail(record, field, "empty list")
        values = [self.code(v, record, field, codes) for v in items]
        if len(set(values)) != len(values):
            raise self.fail(record, field, "a code is listed twice")
        return ";".join(c for c in CODE_LISTS[codes] if c in values)

    def column(self, col: Column, raw, record, row: dict) -> None:
        """Set ``col`` (and its companion columns) in ``row`` from a raw YAML value."""
        name = col.name
        if isinstance(raw, dict) and set(raw) == {"missing"}:
            if not col.nullable:
                raise self.fail(record, name, "this field cannot be missing")
            reason = self.code(raw["missing"], record, name, "missing_reason")
            if col.missing_reason:
                row[f"{name}_missing"] = reason
            return
        if raw is None or (isinstance(raw, str) and raw.strip() in NULLS):
            if col.nullable and not col.missing_reason:
                return
            raise self.fail(record, name, "missing value (write {missing: <reason>} instead)")
        if col.kind == "date":
            try:
                row[name], row[f"{name}_precision"] = dates.parse(self.text(raw, record, name))
            except ValueError as exc:
                raise self.fail(record, name, f"bad date: {exc}") from None
        elif col.kind == "category":
            row[name] = self.code(raw, record, name, col.codes)
        elif col.kind == "codeset":
            row[name] = self.codeset(raw, record, name, col.codes)
        elif col.kind == "integer":
            value = self.text(raw, record, name)
            if not re.fullmatch(r"\d+", value.replace("_", "")):
                raise self.fail(record, name, f"expected a whole number, got {value!r}")
            row[name] = int(value.replace("_", ""))
        else:
            row[name] = self.text(raw, record, name)


def _input_columns(table: Table, skip: set[str]) -> list[Column]:
    """The columns a curator writes: not companions, not derived, not in ``skip``."""
    return [
        c
        for c in table.columns
        if c.companion_of is None and c.provenance != "derived" and c.name not in skip
    ]


def _fill(reader: _Reader, table: Table, raw: dict, record, skip: set[str]) -> dict:
    row: dict = {}
    for col in _input_columns(table, skip):
        reader.column(col, raw.get(col.name), record, row)
    return row


def _claims(reader: _Reader, raw_claims, target_table: str, target_id: str) -> list[dict]:
    if raw_claims is None:
        return []
    if not isinstance(raw_claims, list):
        raise reader.fail(target_id, "claims", "expected a list of claims")
    table = TABLES[target_table]
    rows = []
    for i, raw in enumerate(raw_claims, 1):
        record = raw.get("id", f"{target_id} claim {i}") if isinstance(raw, dict) else i
        raw = reader.require_mapping(raw, record)
        reader.check_keys(raw, CLAIM_KEYS, record)
        stances = [s for s in ("supports", "disputes", "context") if s in raw]
        if len(stances) != 1:
            raise reader.fail(
                record, "supports", "give exactly one of supports, disputes or context"
            )
        if stances[0] == "context" and raw["context"] != "true":
            raise reader.fail(record, "context", "write context: true")
        fields = [] if stances[0] == "context" else raw[stances[0]]
        fields = fields if isinstance(fields, list) else [fields]
        if not fields and stances[0] != "context":
            raise reader.fail(record, stances[0], "list at least one field")
        for f in fields:
            if f not in table.evidenced:
                raise reader.fail(
                    record,
                    stances[0],
                    f"{f!r} is not an evidenced {target_table} "
                    f"column (allowed: {', '.join(table.evidenced)})",
                )
        note = reader.text(raw.get("note"), record, "note", required=False)
        rows.append(
            {
                "claim_id": reader.text(raw.get("id"), record, "id"),
                "source_id": reader.text(raw.get("source"), record, "source"),
                "target_table": target_table,
                "target_id": target_id,
                "fields": ";".join(c for c in table.evidenced if c in fields) or None,
                "fields_missing": None if fields else "not_applicable",
                "stance": stances[0],
                "claimant": reader.text(raw.get("claimant"), record, "claimant"),
                "quote": reader.text(raw.get("quote"), record, "quote"),
                "note": note,
                "note_missing": None if note else "not_applicable",
                "_file": reader.file,
            }
        )
    return rows


def read_episode(path: Path) -> tuple[dict, list[dict], list[dict]]:
    """One episode file: the episode row, its event rows and all their claim rows."""
    reader = _Reader(path)
    raw = reader.require_mapping(_read_yaml(path), path.stem)
    episode_id = reader.text(raw.get("episode_id"), path.stem, "episode_id")
    table = TABLES["episodes"]
    allowed = {c.name for c in _input_columns(table, set())} | EPISODE_KEYS
    reader.check_keys(raw, allowed, episode_id)
    if path.stem != episode_id:
        raise reader.fail(episode_id, "episode_id", f"must match the file name {path.stem!r}")
    episode = _fill(reader, table, raw, episode_id, set())
    episode["_file"] = reader.file
    claims = _claims(reader, raw.get("claims"), "episodes", episode_id)
    events = []
    raw_events = raw.get("events") or []
    if not isinstance(raw_events, list):
        raise reader.fail(episode_id, "events", "expected a list of events")
    ev_table = TABLES["events"]
    ev_allowed = {c.name for c in _input_columns(ev_table, {"episode_id"})} | {"claims"}
    for i, raw_event in enumerate(raw_events, 1):
        raw_event = reader.require_mapping(raw_event, f"{episode_id} event {i}")
        event_id = reader.text(raw_event.get("event_id"), f"{episode_id} event {i}", "event_id")
        reader.check_keys(raw_event, ev_allowed, event_id)
        if not event_id.startswith(episode_id + "-E"):
            raise reader.fail(event_id, "event_id", f"must start with {episode_id}-E")
        event = {"episode_id": episode_id}
        event.update(_fill(reader, ev_table, raw_event, event_id, {"episode_id"}))
        event["_file"] = reader.file
        events.append(event)
        claims += _claims(reader, raw_event.get("claims"), "events", event_id)
    return episode, events, claims


def read_sources(path: Path) -> list[dict]:
    reader = _Reader(path)
    rows = []
    for record, item in reader.items(_read_yaml(path), "sources", SOURCE_KEYS):
        renamed = {
            "source_id": item.get("id"),
            "url": item.get("url"),
            "publisher": item.get("publisher"),
            "origin": item.get("origin"),
            "title": item.get("title"),
            "published_date": item.get("published"),
            "source_type": item.get("type"),
        }
        for key in ("published_date", "title"):
            if renamed[key] is None or renamed[key] in NULLS:
                renamed[key] = {"missing": "not_disclosed"}
        row = _fill(reader, TABLES["sources"], renamed, record, set())
        row["_file"] = reader.file
        rows.append(row)
    return rows


def seed_source() -> dict:
    """The seed document itself, as a source that claims can cite."""
    first_line = SEED_FILE.read_text(encoding="utf-8").splitlines()[0].strip()
    return {
        "source_id": SEED_SOURCE_ID,
        "url": None,
        "url_missing": "not_applicable",
        "publisher": "Unattributed compilation of news sentences",
        "origin": "Unattributed compilation of news sentences",
        "title": first_line,
        "published_date": None,
        "published_date_precision": None,
        "published_date_missing": "unknown",
        "source_type": "seed_document",
        "_file": _rel(SEED_FILE),
    }


def read_seed_sentences(path: Path) -> list[dict]:
    reader = _Reader(path)
    seed = SEED_FILE.read_text(encoding="utf-8")
    rows = []
    for record, item in reader.items(_read_yaml(path), "sentences", SEED_KEYS):
        text = item.get("text")
        if not isinstance(text, str) or not text:
            raise reader.fail(record, "text", "missing value")
        pos = seed.find(text)
        if pos < 0:
            raise reader.fail(record, "text", "does not appear verbatim in the seed file")
        claims = item.get("claims") or []
        claims = claims if isinstance(claims, list) else [claims]
        correction = reader.text(item.get("correction"), record, "correction", required=False)
        rows.append(
            {
                "sentence_id": reader.text(item.get("id"), record, "id"),
                "line": seed.count("\n", 0, pos) + 1,
                "text": text,
                "verdict": reader.code(item.get("verdict"), record, "verdict", "verdict"),
                "claim_ids": ";".join(claims) or None,
                "claim_ids_missing": None if claims else "not_applicable",
                "correction": correction,
                "correction_missing": None if correction else "not_applicable",
                "_file": reader.file,
            }
        )
    return rows


def read_all(records_dir: Path = RECORDS_DIR) -> Frames:
    """Read every curated record; raise RecordError on the first malformed one."""
    episodes, events, claims = [], [], []
    for path in sorted((records_dir / "episodes").glob("*.yaml")):
        episode, ev, cl = read_episode(path)
        episodes.append(episode)
        events += ev
        claims += cl
    sources = [seed_source(), *read_sources(records_dir / "sources.yaml")]
    seed = read_seed_sentences(records_dir / "seed_sentences.yaml")
    return Frames(episodes, events, sources, claims, seed)
