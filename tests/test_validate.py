"""Defect injection: each check is proven to catch a planted defect, naming table and column.

Every case copies the clean tables, plants one defect, writes the copy as a candidate
build and asserts that validation rejects it with a line naming the table and column.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataset.validate import validate_dir, validate_frames
from tests.conftest import run_cli, write_candidate_dir


def _row(frame: pd.DataFrame, mask) -> int:
    """Index of the first row where ``mask`` holds."""
    hits = frame.index[mask]
    assert len(hits), "no row to plant the defect in"
    return hits[0]


def _set_text(t, table, column, value, row=0):
    t[table].loc[row, column] = value


def _add_code(t, table, column, code):
    frame = t[table]
    frame[column] = frame[column].cat.add_categories([code])
    frame.loc[0, column] = code


def _day(t, table, column, value, row=None):
    frame = t[table]
    row = _row(frame, frame[column].notna()) if row is None else row
    frame.loc[row, column] = pd.Timestamp(value)
    frame.loc[row, f"{column}_precision"] = "day"


def _drop_support(t, table, column):
    """Remove ``column`` from every supporting claim of one row that has a value."""
    claims = t["claims"]
    key = {"episodes": "episode_id", "events": "event_id"}[table]
    target = t[table].loc[_row(t[table], t[table][column].notna()), key]
    mine = (claims["target_id"] == target) & (claims["stance"] == "supports")
    for i in claims.index[mine]:
        fields = [f for f in claims.at[i, "fields"].split(";") if f != column]
        claims.at[i, "fields"] = ";".join(fields) if fields else "description"
        if not fields and table == "episodes":
            claims.at[i, "fields"] = "country_code"
    return target


def _both_value_and_reason(t):
    e = t["episodes"]
    row = _row(e, e["users_affected"].notna())
    e.loc[row, "users_affected_missing"] = "unknown"


def _qualifier_alone(t):
    e = t["episodes"]
    row = _row(e, e["users_affected"].notna())
    e.loc[row, "users_affected"] = pd.NA
    e.loc[row, "users_affected_missing"] = "not_disclosed"


def _overstated_evidence(t):
    e = t["episodes"]
    e.loc[_row(e, e["evidence_level"] != "corroborated"), "evidence_level"] = "corroborated"


def _unlisted_single_origin(t):
    e = t["episodes"]
    row = _row(e, e["single_origin_fields"].notna())
    e.loc[row, "single_origin_fields"] = pd.NA
    e.loc[row, "single_origin_fields_missing"] = "not_applicable"


def _month_on_the_15th(t):
    e = t["episodes"]
    e.loc[0, "demand_date"] = pd.Timestamp("2010-08-15")
    e.loc[0, "demand_date_precision"] = "month"


def _before(column: str, anchor: str, days: int):
    """A planter that moves ``column`` to ``days`` before ``anchor`` in one episode."""

    def plant(t):
        e = t["episodes"]
        row = _row(e, e[column].notna() & e[anchor].notna())
        e.loc[row, column] = e.loc[row, anchor] - pd.Timedelta(days=days)
        e.loc[row, f"{column}_precision"] = "day"

    return plant


_final_before_first = _before("deadline_final", "deadline_first", 40)


def _duplicate_row(t):
    t["seed_sentences"] = pd.concat(
        [t["seed_sentences"], t["seed_sentences"].iloc[[0]]], ignore_index=True
    )


def _duplicate_key(t):
    ev = t["events"]
    ev.loc[1, "event_id"] = ev.loc[0, "event_id"]


def _empty(t):
    t["events"] = t["events"].iloc[0:0]


def _uncontested(t):
    e = t["episodes"]
    row = _row(e, e["contested_fields"].notna())
    e.loc[row, "contested_fields"] = pd.NA
    e.loc[row, "contested_fields_missing"] = "not_applicable"


def _wrong_extensions(t):
    e = t["episodes"]
    row = _row(e, e["extensions_count"].notna())
    e.loc[row, "extensions_count"] = e.loc[row, "extensions_count"] + 1


def _seed_not_verbatim(t):
    s = t["seed_sentences"]
    s.loc[0, "text"] = s.loc[0, "text"].replace("Pakistan", "Pakistan,")


def _seed_sentence_dropped(t):
    t["seed_sentences"] = t["seed_sentences"].iloc[1:].reset_index(drop=True)


def _garbled_without_correction(t):
    s = t["seed_sentences"]
    row = _row(s, s["verdict"] == "garbled")
    s.loc[row, "correction"] = pd.NA
    s.loc[row, "correction_missing"] = "not_applicable"


def _long_quote(t):
    t["claims"].loc[0, "quote"] = " ".join(["word"] * 60)


def _bad_claim_field(t):
    c = t["claims"]
    row = _row(c, c["target_table"] == "events")
    c.loc[row, "fields"] = "summary"


def _foreign_target(t):
    c = t["claims"]
    row = _row(c, c["target_table"] == "events")
    c.loc[row, "target_id"] = "PK-PTA-2015-E99"


DEFECTS = {
    "null in a required column": (
        lambda t: _set_text(t, "episodes", "demanding_body", pd.NA),
        "episodes",
        "demanding_body",
    ),
    "duplicate primary key": (_duplicate_key, "events", "event_id"),
    "unknown category code": (
        lambda t: _add_code(t, "claims", "stance", "maybe"),
        "claims",
        "stance",
    ),
    "unknown code in a coded set": (
        lambda t: _set_text(t, "episodes", "access_sought", "mind_reading"),
        "episodes",
        "access_sought",
    ),
    "coded set out of codebook order": (
        lambda t: _set_text(t, "episodes", "services_targeted", "bes;bbm"),
        "episodes",
        "services_targeted",
    ),
    "not an ISO 3166-1 code": (
        lambda t: _set_text(t, "episodes", "country_code", "XX"),
        "episodes",
        "country_code",
    ),
    "date before 2005": (lambda t: _day(t, "events", "date", "2004-12-31"), "events", "date"),
    "date in the future": (
        lambda t: _day(t, "sources", "published_date", dt.date.today() + dt.timedelta(days=30)),
        "sources",
        "published_date",
    ),
    "malformed URL": (lambda t: _set_text(t, "sources", "url", "htp:/example"), "sources", "url"),
    "leading whitespace": (
        lambda t: _set_text(t, "events", "description", " Padded."),
        "events",
        "description",
    ),
    "trailing whitespace": (
        lambda t: _set_text(t, "claims", "claimant", "Reuters "),
        "claims",
        "claimant",
    ),
    "control character": (
        lambda t: _set_text(t, "episodes", "summary", "Bell\x07 rings."),
        "episodes",
        "summary",
    ),
    "text not NFC-normalised": (
        lambda t: _set_text(t, "sources", "publisher", "Cafe\u0301 News"),
        "sources",
        "publisher",
    ),
    "spreadsheet formula": (
        lambda t: _set_text(t, "sources", "title", "=HYPERLINK(1)"),
        "sources",
        "title",
    ),
    "leading at-sign formula": (
        lambda t: _set_text(t, "events", "actor_name", "@SUM(A1)"),
        "events",
        "actor_name",
    ),
    "pattern mismatch in id": (
        lambda t: _set_text(t, "claims", "claim_id", "Bad ID"),
        "claims",
        "claim_id",
    ),
    "integer out of range": (
        lambda t: t["episodes"].__setitem__(
            "extensions_count", t["episodes"]["extensions_count"].fillna(0) * 0 - 1
        ),
        "episodes",
        "extensions_count",
    ),
    "duplicate row": (_duplicate_row, "seed_sentences", "sentence_id"),
    "empty table": (_empty, "events", "event_id"),
    "deadline before the demand": (
        _before("deadline_first", "demand_date", 400),
        "episodes",
        "deadline_first",
    ),
    "final deadline before the first": (_final_before_first, "episodes", "deadline_final"),
    "outcome before the demand": (
        _before("outcome_date", "demand_date", 400),
        "episodes",
        "outcome_date",
    ),
    "month precision stated to the day": (_month_on_the_15th, "episodes", "demand_date"),
    "value and missing reason both given": (_both_value_and_reason, "episodes", "users_affected"),
    "qualifier without its figure": (_qualifier_alone, "episodes", "users_affected_qualifier"),
    "event of an unknown episode": (
        lambda t: _set_text(t, "events", "episode_id", "ZZ-XXX-2010"),
        "events",
        "episode_id",
    ),
    "claim citing an unknown source": (
        lambda t: _set_text(t, "claims", "source_id", "nobody-said-this"),
        "claims",
        "source_id",
    ),
    "claim about an unknown event": (_foreign_target, "claims", "target_id"),
    "seed sentence citing an unknown claim": (
        lambda t: _set_text(t, "seed_sentences", "claim_ids", "no-such-claim"),
        "seed_sentences",
        "claim_ids",
    ),
    "claim on a column that is not evidenced": (_bad_claim_field, "claims", "fields"),
    "episode value without a claim": (
        lambda t: _drop_support(t, "episodes", "outcome"),
        "episodes",
        "outcome",
    ),
    "event value without a claim": (lambda t: _drop_support(t, "events", "date"), "events", "date"),
    "contested point not flagged": (_uncontested, "episodes", "contested_fields"),
    "country name not the ISO name": (
        lambda t: _set_text(t, "episodes", "country_name", "Atlantis"),
        "episodes",
        "country_name",
    ),
    "extension count disagrees with events": (_wrong_extensions, "episodes", "extensions_count"),
    "source count disagrees with claims": (
        lambda t: t["episodes"].__setitem__("n_sources", t["episodes"]["n_sources"] + 1),
        "episodes",
        "n_sources",
    ),
    "scope disagrees with the country": (
        lambda t: _set_text(t, "episodes", "scope", "extended"),
        "episodes",
        "scope",
    ),
    "evidence level overstated": (_overstated_evidence, "episodes", "evidence_level"),
    "single-origin field not listed": (_unlisted_single_origin, "episodes", "single_origin_fields"),
    "sources re-attributed to one origin": (
        lambda t: t["sources"].__setitem__("origin", "Reuters"),
        "episodes",
        "n_origins",
    ),
    "episode resting on one origin": (
        lambda t: t["episodes"].__setitem__("n_origins", 1),
        "episodes",
        "n_origins",
    ),
    "seed sentence not verbatim": (_seed_not_verbatim, "seed_sentences", "text"),
    "seed sentence missing": (_seed_sentence_dropped, "seed_sentences", "text"),
    "wrong seed line number": (
        lambda t: t["seed_sentences"].__setitem__("line", t["seed_sentences"]["line"] + 1),
        "seed_sentences",
        "line",
    ),
    "garbled verdict without correction": (
        _garbled_without_correction,
        "seed_sentences",
        "correction",
    ),
    "quote longer than about 30 words": (_long_quote, "claims", "quote"),
    "source cited by no claim": (
        lambda t: t.__setitem__(
            "sources",
            pd.concat(
                [
                    t["sources"],
                    t["sources"]
                    .iloc[[-1]]
                    .assign(source_id="orphan-source", url="https://example.org/orphan"),
                ],
                ignore_index=True,
            ),
        ),
        "sources",
        "source_id",
    ),
}


def test_at_least_25_kinds_of_defect():
    assert len(DEFECTS) >= 25


def test_clean_copy_passes(clean_frames, tmp_path):
    directory = write_candidate_dir(clean_frames, tmp_path / "clean")
    assert validate_dir(directory) == []


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_defect_is_caught_and_located(defect, frames, tmp_path):
    plant, table, column = DEFECTS[defect]
    plant(frames)
    directory = write_candidate_dir(frames, tmp_path / "candidate")
    problems = validate_dir(directory)
    assert problems, f"{defect}: not caught"
    assert any(line.startswith(f"{table}.{column}") for line in problems), (defect, problems)


def test_wrong_dtype_is_caught(frames, tmp_path):
    directory = write_candidate_dir(frames, tmp_path / "candidate")
    episodes = frames["episodes"].astype({"extensions_count": "float64"})
    pq.write_table(
        pa.Table.from_pandas(episodes, preserve_index=False), directory / "episodes.parquet"
    )
    problems = validate_dir(directory)
    assert any(
        line.startswith("episodes.extensions_count") and "dtype" in line for line in problems
    ), problems


def test_seed_file_checksum_is_checked(clean_frames, tmp_path):
    changed = tmp_path / "seed.txt"
    changed.write_text("Something else entirely.", encoding="utf-8")
    sums = tmp_path / "SHA256SUMS"
    sums.write_text("0" * 64 + "  seed.txt\n", encoding="utf-8")
    problems = validate_frames(clean_frames, seed_file=changed, seed_sums=sums)
    assert any("seed_checksum_mismatch" in line for line in problems)


def test_report_lines_name_the_row_by_key(frames, tmp_path):
    _set_text(frames, "events", "description", " Padded.", row=2)
    key = frames["events"].loc[2, "event_id"]
    problems = validate_dir(write_candidate_dir(frames, tmp_path / "c"))
    assert any(
        re.match(rf"events\.description \[event_id={re.escape(key)}\]: text_hygiene", line)
        for line in problems
    ), problems


def test_validate_cli_exits_1_with_a_readable_report(frames, tmp_path):
    _set_text(frames, "sources", "title", "=cmd()")
    directory = write_candidate_dir(frames, tmp_path / "c")
    result = run_cli("validate", "--data", str(directory))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith("sources.title [source_id=")


def test_validate_cli_accepts_the_published_data():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("damage", ["tamper", "truncate", "delete"])
def test_validate_names_a_damaged_published_file(damage, data_copy):
    path = data_copy / "events.parquet"
    if damage == "tamper":
        raw = bytearray(path.read_bytes())
        raw[-50] ^= 0x01
        path.write_bytes(bytes(raw))
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[:64])
    else:
        path.unlink()
    result = run_cli("validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and "events.parquet" in lines[0], result.stdout


def test_gx_checkpoint_passes_clean_tables_and_catches_planted_defects(clean_frames, frames):
    from validation.checkpoint import run_checkpoint

    assert run_checkpoint(clean_frames) == []
    _set_text(frames, "sources", "title", "=HYPERLINK(1)")
    _set_text(frames, "episodes", "country_code", "XX")
    _set_text(frames, "claims", "claimant", pd.NA)
    _add_code(frames, "events", "event_type", "rumour")
    _day(frames, "events", "date", "2004-12-31", row=1)
    _final_before_first(frames)
    _duplicate_key(frames)
    lines = run_checkpoint(frames)
    for where, check in [
        ("sources.title", "text_hygiene"),
        ("episodes.country_code", "iso_3166_1"),
        ("claims.claimant", "not_nullable"),
        ("events.event_type", "in_codelist"),
        ("events.date", "date_range"),
        ("episodes.deadline_final", "on_or_after_deadline_first"),
        ("events.event_id", "unique"),
    ]:
        assert any(line.startswith(f"gx {where}:") and f"[{check}]" in line for line in lines), (
            where,
            lines,
        )
