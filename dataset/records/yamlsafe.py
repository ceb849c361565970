"""YAML for curated records, read defensively: plain strings, lists and mappings only (no
implicit dates or booleans, no tags executed), and refused outright when a file is too big,
is a symlink, nests too deep, uses anchors or aliases, or repeats a key."""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent

from dataset.errors import RecordError, shorten

MAX_RECORD_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 12


class _Refused(Exception):
    def __init__(self, line: int, problem: str) -> None:
        self.line, self.problem = line, problem


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Checks:
    """Refusals applied while composing and constructing, whichever parser reads events."""

    _depth = 0  # nesting of the node being composed

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(line, "anchors and aliases (&, *) are not allowed in records")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.ScalarNode) and not _is_text(node.value):
            raise _Refused(line, "an escape such as \\ud800 (a lone surrogate) is not text")
        return node

    def construct_mapping(self, node, deep=False):
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark.line + 1, "a mapping key must be plain text")
            key = key_node.value
            if key in seen:
                raise _Refused(
                    key_node.start_mark.line + 1,
                    f"duplicate key {shorten(key)} (first on line {seen[key]})",
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class PythonLoader(_Checks, yaml.BaseLoader):
    """PyYAML's pure-Python scanner and parser."""


LOADERS = [PythonLoader]

if yaml.__with_libyaml__:

    class LibyamlLoader(_Checks, Composer, yaml.CBaseLoader):
        """libyaml's scanner and parser (about five times faster), composed in Python so that
        every node passes the same checks."""

        def __init__(self, stream) -> None:
            yaml.CBaseLoader.__init__(self, stream)
            Composer.__init__(self)

    LOADERS.insert(0, LibyamlLoader)

# The fastest loader installed. Both make the refusals above (tests/test_records.py runs them
# on each); their parsers differ only at the margins of YAML: libyaml accepts a tab after a
# key's colon, and names the error itself when flow nesting runs past its own limit.
LOADER = LOADERS[0]


def read_yaml(path: Path, shown: str):
    """Parse one record file; any problem raises RecordError naming ``shown`` and the line."""
    if path.is_symlink():
        raise RecordError(shown, "-", "-", "is a symbolic link; records must be regular files")
    if not path.is_file():
        raise RecordError(shown, "-", "-", "file is missing or not a regular file")
    size = path.stat().st_size
    if size > MAX_RECORD_BYTES:
        raise RecordError(
            shown, "-", "-", f"{size:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(shown, "-", "-", f"not UTF-8 text (byte {exc.start + 1})") from None
    try:
        return yaml.load(text, Loader=LOADER)
    except _Refused as exc:
        raise RecordError(shown, f"line {exc.line}", "-", exc.problem) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise RecordError(shown, f"line {line}", "-", f"not valid YAML ({exc.problem})") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise RecordError(shown, "-", "-", f"not valid YAML ({type(exc).__name__})") from None
