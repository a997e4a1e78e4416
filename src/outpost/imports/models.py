"""An import job: one uploaded file, its dry-run preview, its progress and its outcome.

The jobs also make the import history page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        VALIDATING = "validating", _("checking")
        INVALID = "invalid", _("refused: errors")
        READY = "ready", _("checked, ready to import")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    FINAL = {Status.INVALID, Status.DONE, Status.FAILED}

    file_name = models.CharField(_("file"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    phase = models.CharField(max_length=12, blank=True)  # "validate" or "write"
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # {"sheets": [...], "total_rows": n, "seconds": s} from the engine's report
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    # The uploaded file, kept until it is imported (then cleared).
    content = models.BinaryField(null=True, blank=True, editable=False)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL
