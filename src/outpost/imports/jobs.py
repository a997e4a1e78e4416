"""Running an import job from the upload page: check (dry run) first, import on confirmation.

Small files run during the request. Large ones run in a background thread; the job row
carries the progress of the checking phase, and an in-process table the progress of the
writing phase (which runs inside one transaction, invisible to other connections until it
commits). The progress page polls `progress_of`."""

from __future__ import annotations

import threading
import traceback
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outpost.accounts.scope import scope_for
from outpost.imports.engine import WRITE, Importer
from outpost.imports.models import ImportJob

# Files up to this size are checked and imported during the request.
INLINE_BYTES = getattr(settings, "IMPORTS_INLINE_BYTES", 256 * 1024)

_live: dict[int, tuple[str, int, int]] = {}  # job id -> (phase, done, total)
_lock = threading.Lock()


def progress_of(job: ImportJob) -> tuple[str, int, int]:
    with _lock:
        live = _live.get(job.pk)
    return live if live is not None else (job.phase, job.done, job.total)


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

    def progress(phase: str, done: int, total: int) -> None:
        with _lock:
            _live[job_id] = (phase, done, total)
        if phase != WRITE:  # outside the write transaction: visible to the progress page
            ImportJob.objects.filter(pk=job_id).update(phase=phase, done=done, total=total)

    importer = Importer(
        actor=job.user,
        scope=scope_for(job.user) if job.user else None,
        file_name=job.file_name,
        progress=progress,
    )
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            report = importer.run(bytes(job.content or b""), dry_run=not write)
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


def create_job(*, user: Any, file_name: str, content: bytes) -> ImportJob:
    return ImportJob.objects.create(
        user=user,
        file_name=file_name[:255],
        content=content,
        status=ImportJob.Status.VALIDATING,
        language=translation.get_language() or "",
    )
