"""Running an import job from the upload page: check (dry run) first, import on confirmation.

Small files run during the request. Large ones run in a background thread; the job row
carries the progress of the checking phase, and an in-process table the progress of the
writing phase (which runs inside one transaction, invisible to other connections until it
commits). The progress page polls `progress_of`.

A job may hold several workbooks uploaded together: they are imported as one (all or
nothing, `Importer.run_files`). Its content is then a zip archive of the workbooks
(`bundle`); a single workbook is kept as it was uploaded."""

from __future__ import annotations

import io
import threading
import traceback
import zipfile
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outpost.accounts.scope import scope_for
from outpost.imports.engine import WRITE, Importer, Step, files_label
from outpost.imports.models import ImportJob

# Files up to this size are checked and imported during the request.
INLINE_BYTES = getattr(settings, "IMPORTS_INLINE_BYTES", 256 * 1024)

_live: dict[int, Step] = {}  # job id -> how far it has gone
_lock = threading.Lock()
# A workbook is itself a zip archive: this member tells one from a bundle of workbooks.
_WORKBOOK_MEMBER = "[Content_Types].xml"


def progress_of(job: ImportJob) -> Step:
    with _lock:
        live = _live.get(job.pk)
    return live if live is not None else Step(job.phase, job.done, job.total)


def bundle(files: Sequence[tuple[str, bytes]]) -> bytes:
    """Several workbooks as one job's content, in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # already compressed
        for number, (name, content) in enumerate(files, start=1):
            # A number first keeps the order and two files of the same name apart.
            archive.writestr(f"{number:04d}/{name}", content)
    return buffer.getvalue()


def unbundle(content: bytes, file_name: str) -> list[tuple[str, bytes]]:
    """The workbooks of a job's content: (name, content) of each, in their order."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:  # not a workbook either: the reader says what is wrong
        return [(file_name, content)]
    with archive:
        names = archive.namelist()
        if _WORKBOOK_MEMBER in names:
            return [(file_name, content)]
        return [(name.split("/", 1)[-1], archive.read(name)) for name in sorted(names)]


def start(job: ImportJob, *, write: bool) -> None:
    job.status = ImportJob.Status.IMPORTING if write else ImportJob.Status.VALIDATING
    job.done = 0
    job.save(update_fields=["status", "done"])
    size = len(job.content or b"")
    if size <= INLINE_BYTES or getattr(settings, "IMPORTS_RUN_INLINE", False):
        run(job.pk, write=write)
        return
    thread = threading.Thread(target=_in_thread, args=(job.pk, write), daemon=True)
    thread.start()


def _in_thread(job_id: int, write: bool) -> None:
    try:
        run(job_id, write=write)
    finally:
        connection.close()
        close_old_connections()


def run(job_id: int, *, write: bool) -> None:
    try:
        _run(job_id, write=write)
    finally:
        with _lock:
            _live.pop(job_id, None)


def _run(job_id: int, *, write: bool) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)

    def progress(step: Step) -> None:
        with _lock:
            _live[job_id] = step
        if step.phase != WRITE:  # outside the write transaction: visible to the progress page
            ImportJob.objects.filter(pk=job_id).update(
                phase=step.phase, done=step.done, total=step.total
            )

    importer = Importer(
        actor=job.user,
        scope=scope_for(job.user) if job.user else None,
        file_name=job.file_name,
        progress=progress,
    )
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            files = unbundle(bytes(job.content or b""), job.file_name)
            report = importer.run_files(files, dry_run=not write)
        except Exception as exc:  # a broken file: show it, keep the traceback in the log
            traceback.print_exc()
            job.status = ImportJob.Status.FAILED
            job.message = (_("The file could not be read: %(error)s") % {"error": exc})[:500]
            job.finished_at = timezone.now()
            job.save()
            return
    job.result = report.as_dict()
    job.errors = [e.as_dict() for e in report.errors]
    job.total = report.total_rows
    if report.errors:
        job.status = ImportJob.Status.INVALID
        job.finished_at = timezone.now()
    elif write:
        job.status = ImportJob.Status.DONE
        job.done = job.total
        job.content = None  # imported: the records and the audit log now hold it
        job.finished_at = timezone.now()
    else:
        job.status = ImportJob.Status.READY
        job.done = job.total
    job.save()


def create_job(*, user: Any, files: Sequence[tuple[str, bytes]]) -> ImportJob:
    """A job for the workbooks uploaded together, (name, content) of each."""
    if len(files) == 1:
        file_name, content = files[0]
    else:
        file_name, content = files_label([n for n, _c in files]), bundle(files)
    return ImportJob.objects.create(
        user=user,
        file_name=file_name[:255],
        content=content,
        status=ImportJob.Status.VALIDATING,
        language=translation.get_language() or "",
    )
