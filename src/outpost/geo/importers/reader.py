"""Shared pieces of the unit importers: reading messy cells, collecting row errors, summaries.

An import is all-or-nothing: the whole file is parsed and checked first, every problem is
collected as a `RowError`, and only a clean file is written (in one transaction).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from outpost.core.models import REORGANISATION_DATE
from outpost.core.text import fold, squash

REORG = REORGANISATION_DATE  # old units end, new units begin

IMPORT_SOURCE_MAX = 60

ProgressFn = Callable[[str], None]


@dataclass(frozen=True)
class RowError:
    file: str
    row: int  # 1-based line of the record in the file (0: the file as a whole)
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return _("%(file)s: %(reason)s") % {"file": self.file, "reason": self.reason}
        return _("%(file)s, row %(row)s, column %(column)s, value '%(value)s': %(reason)s") % {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


class ImportRefused(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Summary:
    """What an import did, per kind of row."""

    file: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    errors: int = 0

    def add(self, bucket: str, what: str, n: int = 1) -> None:
        if not n:
            return
        counts: dict[str, int] = getattr(self, bucket)
        counts[what] = counts.get(what, 0) + n

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    def lines(self) -> list[str]:
        def fmt(counts: dict[str, int]) -> str:
            if not counts:
                return "0"
            return ", ".join(f"{what} {n}" for what, n in sorted(counts.items()))

        return [
            _("%(file)s: created: %(c)s") % {"file": self.file, "c": fmt(self.created)},
            _("%(file)s: updated: %(c)s") % {"file": self.file, "c": fmt(self.updated)},
            _("%(file)s: unchanged: %(c)s") % {"file": self.file, "c": fmt(self.unchanged)},
            _("%(file)s: errors: %(n)s") % {"file": self.file, "n": self.errors},
        ]


class ErrorList:
    """Collects row errors for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[RowError] = []

    def add(self, row: int, column: str, value: str, reason: str) -> None:
        self.items.append(RowError(self.file, row, column, squash(value)[:80], reason))

    def whole_file(self, reason: str) -> None:
        self.items.append(RowError(self.file, 0, "", "", reason))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(self.items)


def read_csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Records of a CSV file with the line where each begins (cells may hold newlines)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        line = 1
        for record in reader:
            yield line, record
            line = reader.line_num + 1


def cell(record: list[str], index: int) -> str:
    return squash(record[index]) if index < len(record) else ""


_PARENS_CODE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>\d+)\s*\)\s*$")


def split_name_code(text: str) -> tuple[str, str]:
    """ "Tỉnh Sơn La (14)" -> ("Tỉnh Sơn La", "14"); no code -> (text, "")."""
    text = squash(text)
    match = _PARENS_CODE.match(text)
    if not match:
        return text, ""
    return squash(match["name"]), match["code"]


def parse_code(value: str, width: int) -> str | None:
    """A numeric official code of `width` digits; leading zeros lost by a spreadsheet are
    restored. None if the cell is not such a code."""
    value = squash(value)
    if not value.isdigit() or len(value) > width:
        return None
    return value.zfill(width)


def match_key(name: str) -> str:
    """Name compared across lists: folded, punctuation ("–", "’") ignored."""
    return re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()


# Unit types by the start of the (folded) name, longest first. Value: the display kind.
_KINDS = [
    ("thanh pho", "Thành phố"),
    ("thi tran", "Thị trấn"),
    ("thi xa", "Thị xã"),
    ("dac khu", "Đặc khu"),
    ("phuong", "Phường"),
    ("huyen", "Huyện"),
    ("quan", "Quận"),
    ("tinh", "Tỉnh"),
    ("xa", "Xã"),
]
KNOWN_KINDS = {display for _prefix, display in _KINDS}


def kind_from_name(name: str) -> str:
    folded = fold(name)
    for prefix, display in _KINDS:
        if folded == prefix or folded.startswith(prefix + " "):
            return display
    return ""


def kind_from_label(label: str) -> str:
    """A type label as written ("Thị trấn", "xã", "thành phố trung ương") -> display kind."""
    return kind_from_name(label)


def source_label(path: Path) -> str:
    return path.name[:IMPORT_SOURCE_MAX]
