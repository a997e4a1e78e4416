"""The workbook reader gives the values openpyxl gives, faster."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook, load_workbook

from outpost.imports.reader import _sheet_rows


def _book_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Mixed"
    ws.append(["Text", "Whole", "Decimal", "Date", "Moment", "Flag", "Formula", "Escaped"])
    ws.append(["Bản Nà Lừa", 1954, 2.5, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30)])
    ws.append([None, None, None, None, None, True, "=1+1", 'a < b & c > "d"'])
    ws.append([])  # an empty row is left out
    ws["C6"] = "  spaced  "
    ws["AB6"] = 7  # a far column
    ws["A7"] = 1e20
    ws["B7"] = False
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _openpyxl_rows(ws) -> list[tuple[int, list]]:  # type: ignore[no-untyped-def]
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, values))
    return rows


def test_the_reader_gives_every_cell_as_openpyxl_reads_it():
    data = _book_bytes()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    expected = _openpyxl_rows(book.worksheets[0])
    book.close()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    got = [(n, list(v)) for n, v in _sheet_rows(book.worksheets[0])]
    book.close()
    assert got == expected
    assert got[1][1][3] == dt.datetime(2024, 3, 1)
    assert [n for n, _v in got] == [1, 2, 3, 6, 7]
    assert got[3][1][27] == 7


def test_the_reader_takes_inline_strings_and_leaves_phonetic_runs_out(tmp_path):
    data = _book_bytes()
    # Rewrite the sheet with inline strings, a rich inline string and a phonetic run.
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = (
                    b'<?xml version="1.0" encoding="UTF-8"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Head</t></is></c></row>'
                    b'<row r="2"><c r="A2" t="inlineStr"><is><r><t>Ph&#432;&#7901;ng</t></r>'
                    b'<r><t xml:space="preserve"> X</t></r><rPh><t>skip</t></rPh></is></c>'
                    b'<c r="B2" t="str"><f>A2</f><v>cached</v></c><c t="b"><v>1</v></c></row>'
                    b"</sheetData></worksheet>"
                )
            dst.writestr(item, body)
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True, data_only=True)
    rows = [(n, list(v)) for n, v in _sheet_rows(book.worksheets[0])]
    book.close()
    assert rows == [(1, ["Head"]), (2, ["Phường X", "cached", True])]
