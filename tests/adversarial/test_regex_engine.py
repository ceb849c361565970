"""The vectorised regex path means what Python's `re` means: every pattern of every rule,
translated for RE2, gives Python's verdict on every code point alone and on strings built
from the characters that patterns treat specially."""

from __future__ import annotations

import itertools
import re
import warnings

import pandas as pd
import pytest

from dataset.checks.pandera_engine import re2_form, searched
from dataset.checks.rules import all_rules

PATTERNS = sorted(
    {
        r.builtin[1][0]
        for rules in all_rules().values()
        for r in rules
        if r.builtin and r.builtin[0] in ("str_matches", "not_matching")
    }
)
EDGE = [
    "a",
    "Z",
    "0",
    "-",
    "/",
    ";",
    "=",
    " ",
    "\t",
    "\n",
    "\x0b",
    "\u00a0",
    "\u2028",
    "\u3000",
    "\u200b",
    "\u0301",
    "é",
    "\u0661",
    ".",
    ":",
    "_",
    "&",
]
SAMPLES = (
    [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and (c < 0x3100 or c % 97 == 0)]
    + ["".join(p) for p in itertools.product(EDGE, repeat=2)]
    + [
        "https://example.org/a",
        "AE-TRA-2010",
        "AE-TRA-2010-E01",
        "AE-TRA-2010/outcome",
        "ab-cd/x_y/z",
        "word " * 40 + "word",
        "word " * 39 + "word",
        "x\n",
        "S01",
        "lawful_interception;local_servers",
    ]
)


def test_every_rule_pattern_translates():
    assert [p for p in PATTERNS if re2_form(p) is None] == []


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p[:40])
def test_translation_agrees_with_python_re(pattern):
    series = pd.Series(SAMPLES, dtype="str")
    compiled = re.compile(pattern)
    expected = [bool(compiled.search(s)) for s in SAMPLES]
    assert searched(series, pattern).tolist() == expected
    assert searched(series, pattern, negate=True).tolist() == [not e for e in expected]


@pytest.mark.parametrize(
    "pattern", [r"\d+", r"\w", r"\bx", "a$", "(?=a)", "(?i)a", "[[]", "[a"], ids=str
)
def test_patterns_that_differ_in_re2_fall_back_to_python(pattern):
    assert re2_form(pattern) is None
    series = pd.Series(["a", "\u0661\u0662", "x", "A", "[", None], dtype="str")
    with warnings.catch_warnings():  # "[[]" is a nested set to Python's future re
        warnings.simplefilter("ignore", FutureWarning)
        compiled = re.compile(pattern) if pattern != "[a" else None
    if compiled:
        expected = [not isinstance(v, str) or bool(compiled.search(v)) for v in series.tolist()]
        assert searched(series, pattern).tolist() == expected


def test_missing_values_pass_and_categories_are_searched_by_code():
    series = pd.Series(["ok", None, "bad!", "ok"], dtype="category")
    assert searched(series, r"^[a-z]+\Z").tolist() == [True, True, False, True]
    assert searched(pd.Series(["a", None], dtype="str"), r"^b\Z").tolist() == [False, True]


def test_class_edges_translate():
    assert re2_form(r"[]a]") == r"[]a]"
    assert re2_form(r"[^]a]") == r"[^]a]"
    assert re2_form(r"[\s]").startswith("[\\x{9}")
    assert re2_form(r"\u00e9\U0001F600\x41") == r"\x{e9}\x{1f600}\x41"
