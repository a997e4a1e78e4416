"""Reading an import workbook: find the sheets by their names, the columns by their headers,
and turn cells into plain values. Typing and validation happen in `engine`."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel, from_ISO8601

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
    # The workbook the sheet comes from (an import may read many): its name in errors and
    # progress, and its place among the import's files (1-based).
    file: str = ""
    file_number: int = 1


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
    rows = _sheet_rows(ws)
    header: Sequence[Any] = ()
    first = next(rows, None)
    if first is not None:
        if first[0] == 1:
            header = first[1]
        else:  # no header row: the first row read is data
            rows = itertools.chain([first], rows)
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
    append = result.rows.append
    for number, values in rows:
        record: dict[str, Any] = {}
        empty = True
        width = len(values)
        for position, key in index:
            value = _plain(values[position]) if position < width else None
            if value is not None:
                empty = False
            record[key] = value
        if not empty:
            append((number, record))
    return result


# --- reading a sheet's cells ------------------------------------------------------------------
#
# openpyxl's read-only mode builds an XML element per cell and goes through several layers per
# value; for files of hundreds of thousands of rows that was a third of an import. The sheet's
# XML is read here with expat straight into rows of values, converted as openpyxl converts
# them with `data_only=True` (shared strings, numbers, dates by the cell's number format,
# booleans, inline strings; the cached value of a formula). openpyxl still opens the file
# and reads the shared strings and styles.

_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)


def _tags(local: str) -> frozenset[str]:
    return frozenset(f"{ns} {local}" for ns in _NAMESPACES)


_C, _V, _T, _ROW, _IS, _RPH = (_tags(n) for n in ("c", "v", "t", "row", "is", "rPh"))
_READ_BYTES = 1 << 20


def _column(reference: str) -> int:
    """1-based column of a cell reference such as "AB12"."""
    number = 0
    for ch in reference:
        code = ord(ch)
        if 65 <= code <= 90:
            number = number * 26 + code - 64
        elif 97 <= code <= 122:
            number = number * 26 + code - 96
        else:
            break
    return number


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _sheet_rows(ws: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """(row number, values from column A) of every row that has a value."""
    try:
        source = ws._get_source()
        shared = ws._shared_strings
        book = ws.parent
        date_styles, duration_styles, epoch = (
            book._date_formats,
            book._timedelta_formats,
            book.epoch,
        )
    except AttributeError:  # not a read-only worksheet of the openpyxl we know
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if any(v is not None for v in values):
                yield number, values
        return

    done: list[tuple[int, list[Any]]] = []
    cells: dict[int, Any] = {}
    text: list[str] = []
    # row number, column, cell type, style, collecting text, inside <is>, inside <rPh>
    state: list[Any] = [0, 0, "n", 0, False, False, False]

    def start(name: str, attrs: dict[str, str]) -> None:
        if name in _C:
            ref = attrs.get("r")
            state[1] = _column(ref) if ref else state[1] + 1
            state[2] = attrs.get("t", "n")
            style = attrs.get("s")
            state[3] = int(style) if style else 0
            text.clear()
        elif name in _V:
            state[4] = True
        elif name in _ROW:
            ref = attrs.get("r")
            state[0] = int(float(ref)) if ref else state[0] + 1
            state[1] = 0
            cells.clear()
        elif name in _T:
            state[4] = state[5] and not state[6]
        elif name in _IS:
            state[5] = True
        elif name in _RPH:
            state[6] = True

    def end(name: str) -> None:
        if name in _C:
            state[4] = state[5] = False
            if not text:
                return
            raw = "".join(text)
            kind = state[2]
            value: Any = raw
            if kind == "n":
                if not raw:
                    return
                value = _number(raw)
                if state[3] in date_styles:
                    try:
                        value = from_excel(value, epoch, timedelta=state[3] in duration_styles)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
            elif kind == "s":
                value = shared[int(raw)]
            elif kind == "b":
                value = bool(int(raw))
            elif kind == "d":
                value = from_ISO8601(raw)
            cells[state[1]] = value
        elif name in _V or name in _T:
            state[4] = False
        elif name in _ROW:
            if cells:
                width = max(cells)
                done.append((state[0], [cells.get(i) for i in range(1, width + 1)]))
        elif name in _RPH:
            state[6] = False

    def data(chunk: str) -> None:
        if state[4]:
            text.append(chunk)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    with source:
        while True:
            block = source.read(_READ_BYTES)
            parser.Parse(block, not block)
            yield from done
            done.clear()
            if not block:
                break
