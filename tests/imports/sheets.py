"""Helpers for the sheets written through services: fill the real template, export a list as
a user sees it, import as a persona, and count what an import leaves behind."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from outpost.accounts.scope import scope_for
from outpost.core.models import AuditEvent
from outpost.imports.engine import Importer, Report
from outpost.imports.spec import SHEETS_BY_KEY
from outpost.imports.workbook import template_workbook


def filled_template(path: Path, kind: str, rows: dict[str, Sequence[dict[str, Any]]]) -> Path:
    """The template of `kind` as downloaded, with rows ({column key: value}) under its headers."""
    wb = template_workbook(kind)
    for key, records in rows.items():
        sheet = SHEETS_BY_KEY[key]
        ws = wb[sheet.title]
        headers = [cell.value for cell in ws[1]]
        keys = [next(c.key for c in sheet.columns if c.header == h) for h in headers]
        for record in records:
            unknown = set(record) - set(keys)
            assert not unknown, unknown
            ws.append([record.get(k) for k in keys])
    wb.save(path)
    return path


def exported(world: Any, persona: str, kind: str, path: Path) -> Path:
    """The XLSX export of `kind` as `persona` downloads it."""
    response = world.client_for(persona).get(
        reverse("imports:export", kwargs={"kind": kind, "fmt": "xlsx"})
    )
    assert response.status_code == 200
    path.write_bytes(response.content)
    return path


def exported_rows(path: Path) -> list[list[Any]]:
    wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def run(world: Any, path: Path, persona: str | None = "officer_a", **kwargs: Any) -> Report:
    user = world.users[persona] if persona else None
    return Importer(
        actor=user,
        scope=scope_for(user) if user else None,
        file_name=path.name,
    ).run(path, **kwargs)


def events() -> int:
    return AuditEvent.objects.count()


def errors(report: Report) -> list[tuple[str, int, str, str]]:
    """(sheet, row, column header, value) of each error."""
    return [(e.sheet, e.row, e.column, e.value) for e in report.errors]
