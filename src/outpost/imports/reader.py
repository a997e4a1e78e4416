"""Reading an import workbook: find the sheets by their names, the columns by their headers,
and turn cells into plain values. Typing and validation happen in `engine`."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook

from outpost.core.text import fold
from outpost.imports.spec import Sheet, sheet_for_title


@dataclass
class SheetRows:
    sheet: Sheet
    title: str
    # Header of each known column as written in the file, by column key.
    headers: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # required column keys not found
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (Excel row, values)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date() if not (value.hour or value.minute or value.second) else value
    return value


def read_workbook(source: str | Path | bytes | BinaryIO) -> tuple[list[SheetRows], list[str]]:
    """The sheets we know, in the file's order, and the titles of the sheets we ignored."""
    handle: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    wb = load_workbook(handle, read_only=True, data_only=True)
    found: list[SheetRows] = []
    ignored: list[str] = []
    seen: set[str] = set()
    try:
        for ws in wb.worksheets:
            sheet = sheet_for_title(ws.title)
            if sheet is None or sheet.key in seen:
                ignored.append(ws.title)
                continue
            seen.add(sheet.key)
            found.append(_read_sheet(ws, sheet))
    finally:
        wb.close()
    return found, ignored


def _read_sheet(ws: Any, sheet: Sheet) -> SheetRows:
    result = SheetRows(sheet=sheet, title=ws.title)
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    index: list[tuple[int, str]] = []
    for position, raw in enumerate(header):
        if raw is None:
            continue
        name = fold(str(raw))
        for col in sheet.columns:
            if col.key not in result.headers and name in col.names():
                result.headers[col.key] = str(raw).strip()
                index.append((position, col.key))
                break
    result.missing = [c.key for c in sheet.columns if c.required and c.key not in result.headers]
    for number, values in enumerate(rows, start=2):
        record: dict[str, Any] = {}
        empty = True
        width = len(values)
        for position, key in index:
            value = _plain(values[position]) if position < width else None
            if value is not None:
                empty = False
            record[key] = value
        if not empty:
            result.rows.append((number, record))
    return result
