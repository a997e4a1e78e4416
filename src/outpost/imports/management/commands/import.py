"""`outpost import FILE|FOLDER [FILE|FOLDER ...] [--dry-run] [--user USERNAME]` and
`outpost import template KIND [-o FILE]`.

Every workbook given, and every one found in the folders given (recursively, sorted by
path), is imported as one: the sheets of all the files are checked and written together in
one transaction, in the order of what depends on what, so a row may refer to a row of
another file; one error anywhere writes nothing. Errors name the file (by its path under
the folder given).

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
from outpost.imports.engine import READ, VALIDATE, Importer, Report, Step
from outpost.imports.models import ImportJob
from outpost.imports.spec import TEMPLATE_KINDS
from outpost.imports.workbook import template_bytes

PROGRESS_WIDTH = 110


class Command(BaseCommand):
    help = (
        "Import workbooks, all or nothing: "
        "`import FILE|FOLDER [FILE|FOLDER ...] [--dry-run] [--user USERNAME]` "
        "(every .xlsx in a folder, recursively). "
        "Write a blank template: `import template KIND [-o FILE]`, KIND one of "
        + ", ".join(TEMPLATE_KINDS)
        + ". Without --user the import runs as the system, allowed everywhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", nargs="+", help="FILE or FOLDER ..., or: template KIND")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", default="", help="import as this user, within their scope")
        parser.add_argument("-o", "--output", default="", help="template: where to write it")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["target"]
        if target[0] == "template":
            self._template(target[1:], options["output"])
            return
        files = workbooks_in([Path(t) for t in target])
        self._import(files, dry_run=options["dry_run"], username=options["user"])

    def _template(self, rest: list[str], output: str) -> None:
        if len(rest) != 1 or rest[0] not in TEMPLATE_KINDS:
            raise CommandError("Template kinds: " + ", ".join(TEMPLATE_KINDS))
        kind = rest[0]
        path = Path(output or f"outpost-{kind}.xlsx")
        path.write_bytes(template_bytes(kind))
        self.stdout.write(str(path))

    def _import(self, files: list[tuple[str, Path]], *, dry_run: bool, username: str) -> None:
        user = None
        scope = None
        if username:
            from outpost.accounts.models import User

            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No such user: {username}")
            scope = scope_for(user)
        started = time.monotonic()

        def progress(step: Step) -> None:
            self.stderr.write(progress_line(step, time.monotonic() - started))
            self.stderr.flush()

        importer = Importer(actor=user, scope=scope, file_name=files[0][0], progress=progress)
        report = importer.run_files(files, dry_run=dry_run)
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
        if len(report.files) > 1:
            out.write(f"{len(report.files)} files")
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


def workbooks_in(targets: list[Path]) -> list[tuple[str, Path]]:
    """(name shown in errors, path) of every workbook given or found in the folders given:
    each folder's in the order of their paths, at any depth, named by their path under it.
    Excel's lock files (~$name.xlsx) are not workbooks."""
    found: list[tuple[str, Path]] = []
    for target in targets:
        if target.is_dir():
            paths = sorted(
                p
                for p in target.rglob("*")
                if p.suffix.lower() in (".xlsx", ".xlsm")
                and p.is_file()
                and not p.name.startswith("~$")
            )
            found.extend((p.relative_to(target).as_posix(), p) for p in paths)
        elif target.is_file():
            found.append((target.name, target))
        else:
            raise CommandError(f"No such file or folder: {target}")
    if not found:
        raise CommandError("No workbook (.xlsx) found in: " + ", ".join(map(str, targets)))
    return found


def progress_line(step: Step, seconds: float) -> str:
    """One line of progress, rewritten in place, such as "checked 1,200/25,000 rows (4%),
    3,100 rows/s · 3/120 post-A-2023.xlsx · households 1,200/4,000"."""
    if step.phase == READ:
        end = "\n" if step.done >= step.total else ""
        return f"\r{'read ' + step.where:<{PROGRESS_WIDTH}}{end}"
    pct = int(100 * step.done / step.total) if step.total else 100
    rate = step.done / max(seconds, 1e-6)
    verb = "checked" if step.phase == VALIDATE else "written"
    line = f"{verb} {step.done:,}/{step.total:,} rows ({pct}%), {rate:,.0f} rows/s"
    if step.where:
        line += f" · {step.where}"
    end = "\n" if step.done >= step.total else ""
    return f"\r{line:<{PROGRESS_WIDTH}}{end}"  # padded: a shorter line covers a longer one
