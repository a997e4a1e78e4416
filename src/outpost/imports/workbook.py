"""Blank import templates: one sheet per kind of record with bilingual headers, and an
instructions sheet listing every column, whether it is required and its allowed values."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from outpost.core.models import EthnicGroup
from outpost.imports.spec import TEMPLATE_KINDS, Sheet

INSTRUCTIONS_TITLE = "Hướng dẫn - Instructions"
HEADER_FILL = PatternFill("solid", fgColor="DDEBDD")
REQUIRED_FONT = Font(bold=True, color="9C2A00")


def template_workbook(kind: str) -> Workbook:
    if kind not in TEMPLATE_KINDS:
        raise KeyError(kind)
    sheets = TEMPLATE_KINDS[kind]
    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_TITLE
    _instructions(info, sheets)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        for index, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=index, value=col.header)
            cell.fill = HEADER_FILL
            cell.font = REQUIRED_FONT if col.required else Font(bold=True)
            hint = col.allowed_text()
            if hint:
                cell.comment = Comment(hint, "Outpost")
            ws.column_dimensions[cell.column_letter].width = max(14, len(col.header) + 2)
        ws.freeze_panes = "A2"
    return wb


def _instructions(ws, sheets: tuple[Sheet, ...]) -> None:
    ws.append(["Hướng dẫn nhập liệu / How to fill in this file"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            "Mỗi dòng là một bản ghi; giữ nguyên dòng tiêu đề. Cột in đỏ là bắt buộc. "
            "Nhập lại cùng một tệp không tạo bản ghi trùng. / One row per record; keep the "
            "header row. Red columns are required. Importing the same file again creates "
            "nothing new."
        ]
    )
    ws.append([])
    ws.append(
        [
            "Trang / Sheet",
            "Cột / Column",
            "Bắt buộc / Required",
            "Giá trị cho phép / Allowed values",
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for sheet in sheets:
        for col in sheet.columns:
            ws.append([sheet.title, col.header, "x" if col.required else "", col.allowed_text()])
    ws.append([])
    ws.append(["Dân tộc / Ethnic groups", "Mã / Code", "", "Tên / Name"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for code, name in EthnicGroup.objects.order_by("code").values_list("code", "name"):
        ws.append(["", code, "", name])
    for letter, width in (("A", 28), ("B", 40), ("C", 12), ("D", 70)):
        ws.column_dimensions[letter].width = width


def template_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    template_workbook(kind).save(buffer)
    return buffer.getvalue()
