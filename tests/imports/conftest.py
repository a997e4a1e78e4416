"""Helpers to write small import workbooks with the real template headers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from outpost.imports.spec import SHEETS_BY_KEY


def write_workbook(path: Path, sheets: dict[str, Sequence[dict[str, Any]]]) -> Path:
    """Rows as {column key: value}; columns are those of the first row of each sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    for key, rows in sheets.items():
        sheet = SHEETS_BY_KEY[key]
        keys = [c.key for c in sheet.columns if any(c.key in r for r in rows)] or [
            c.key for c in sheet.columns
        ]
        ws = wb.create_sheet(sheet.title)
        ws.append([sheet.column(k).header for k in keys])
        for row in rows:
            ws.append([row.get(k) for k in keys])
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(sheets: dict[str, Sequence[dict[str, Any]]], name: str = "file.xlsx") -> Path:
        return write_workbook(tmp_path / name, sheets)

    return make
