"""`outpost import FILE [--dry-run] [--user USERNAME]` and `outpost import template KIND [-o FILE]`.

Without `--user` the import runs as the system: no actor on the audit events and no scope
limit (every commune and unit may be written). With `--user` the user's scope applies, as on
the upload page. Progress goes to stderr, the summary and the errors to stdout."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from outpost.accounts.scope import scope_for
from outpost.imports.engine import Importer, Report
from outpost.imports.models import ImportJob
from outpost.imports.spec import TEMPLATE_KINDS
from outpost.imports.workbook import template_bytes


class Command(BaseCommand):
    help = (
        "Import a workbook (all or nothing): `import FILE [--dry-run] [--user USERNAME]`. "
        "Write a blank template: `import template KIND [-o FILE]`, KIND one of "
        + ", ".join(TEMPLATE_KINDS)
        + ". Without --user the import runs as the system, allowed everywhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", nargs="+", help="FILE, or: template KIND")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", default="", help="import as this user, within their scope")
        parser.add_argument("-o", "--output", default="", help="template: where to write it")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["target"]
        if target[0] == "template":
            self._template(target[1:], options["output"])
            return
        if len(target) != 1:
            raise CommandError("Give one file to import.")
        self._import(Path(target[0]), dry_run=options["dry_run"], username=options["user"])

    def _template(self, rest: list[str], output: str) -> None:
        if len(rest) != 1 or rest[0] not in TEMPLATE_KINDS:
            raise CommandError("Template kinds: " + ", ".join(TEMPLATE_KINDS))
        kind = rest[0]
        path = Path(output or f"outpost-{kind}.xlsx")
        path.write_bytes(template_bytes(kind))
        self.stdout.write(str(path))

    def _import(self, path: Path, *, dry_run: bool, username: str) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        scope = None
        if username:
            from outpost.accounts.models import User

            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No such user: {username}")
            scope = scope_for(user)
        started = time.monotonic()

        def progress(phase: str, done: int, total: int) -> None:
            pct = int(100 * done / total) if total else 100
            rate = done / max(time.monotonic() - started, 1e-6)
            verb = "validated" if phase == "validate" else "written"
            end = "\n" if done >= total else ""
            self.stderr.write(
                f"\r{verb} {done}/{total} rows ({pct}%), {rate:,.0f} rows/s", ending=end
            )
            self.stderr.flush()

        importer = Importer(actor=user, scope=scope, file_name=path.name, progress=progress)
        report = importer.run(path, dry_run=dry_run)
        self._job(report, user=user, dry_run=dry_run)
        self._summary(report, dry_run=dry_run)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s): nothing was imported.")

    def _job(self, report: Report, *, user: Any, dry_run: bool) -> None:
        if dry_run:
            return
        ImportJob.objects.create(
            file_name=report.file,
            user=user,
            status=ImportJob.Status.DONE if report.ok else ImportJob.Status.INVALID,
            total=report.total_rows,
            done=report.total_rows if report.ok else 0,
            result=report.as_dict(),
            errors=[e.as_dict() for e in report.errors],
            message="command line",
            finished_at=timezone.now(),
        )

    def _summary(self, report: Report, *, dry_run: bool) -> None:
        out = self.stdout
        for sheet in report.sheets:
            out.write(
                f"{sheet.title}: {sheet.rows} rows, {len(sheet.creates)} to create, "
                f"{len(sheet.updates)} to update, {sheet.unchanged} unchanged"
            )
        for title in report.ignored:
            out.write(f"ignored sheet: {title}")
        for error in report.errors:
            out.write(str(error))
        rows = report.total_rows
        rate = rows / report.seconds if report.seconds else 0
        if report.ok:
            state = "checked (dry run), nothing written" if dry_run else "imported"
            out.write(f"{state}: {rows} rows in {report.seconds:.1f} s ({rate:,.0f} rows/s)")
