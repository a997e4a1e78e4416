"""Shared model pieces: timestamps, validity periods, the audit log and reference lists."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Vietnam's 2025 reorganisation: districts abolished, communes and provinces merged. Units of
# before end here (exclusive `valid_to`), today's begin here.
REORGANISATION_DATE = dt.date(2025, 7, 1)


def valid_on_q(on: dt.date, prefix: str = "") -> Q:
    """Rows valid on a date. `valid_to` is exclusive: a unit that ended on 2025-07-01 was
    valid on 2025-06-30 and not on 2025-07-01, the day its successor began."""
    p = f"{prefix}__" if prefix else ""
    return (Q(**{f"{p}valid_from__isnull": True}) | Q(**{f"{p}valid_from__lte": on})) & (
        Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gt": on})
    )


def overlapping_q(start: dt.date | None, end: dt.date | None) -> Q:
    """Rows valid on at least one day of [start, end) (`None`: open on that side), the same
    exclusive `valid_to` as `valid_on_q`: a row ending on D does not overlap one starting on D."""
    q = Q()
    if start is not None:
        q &= Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    if end is not None:
        q &= Q(valid_from__isnull=True) | Q(valid_from__lt=end)
    return q


_Row = TypeVar("_Row", bound=models.Model)


class ValidityQuerySet(models.QuerySet[_Row]):
    # Generic over the row so that a narrowed queryset keeps both its model and these methods.
    def valid_on(self, on: dt.date | None = None) -> Self:
        return self.filter(valid_on_q(on or dt.date.today()))

    def current(self) -> Self:
        return self.valid_on(dt.date.today())


ValidityManager = models.Manager.from_queryset(ValidityQuerySet)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Validity(models.Model):
    """Something that holds for a while. Null `valid_from` means "since before our records"."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True, db_index=True)
    valid_to = models.DateField(_("valid to (exclusive)"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(_("reason ended"), max_length=300, blank=True)

    objects = ValidityManager()

    class Meta:
        abstract = True

    def is_valid_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to > on
        )

    def clean_validity(self) -> None:
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("The end must come after the start.")})


class AuditEvent(models.Model):
    """One change (or one read of sensitive data). Written in the same transaction as the change."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        END = "end", _("ended")
        READ = "read", _("read sensitive data")

    class Source(models.TextChoices):
        WEB = "web", _("web")
        API = "api", _("API")
        IMPORT = "import", _("import")
        CLI = "cli", _("command line")
        SYSTEM = "system", _("system")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    object_type = models.CharField(max_length=60, db_index=True)  # "app_label.model"
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)  # {field: [old, new]}
    # Where the object lives, so the audit page can be scoped like everything else.
    commune = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    force_unit = models.ForeignKey(
        "force.ForceUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        return [(field, pair[0], pair[1]) for field, pair in sorted(self.changes.items())]


class EthnicGroup(models.Model):
    """The 54 ethnic groups (plus foreigner/unknown), with both official code orders.

    Reference data shared by cadres (force) and residents (people)."""

    code = models.CharField(max_length=4, unique=True)  # Decision 121-TCTK/PPCĐ (1979) order
    alt_code = models.CharField(max_length=4, blank=True)  # the other official order
    name = models.CharField(max_length=80)
    search_name = models.CharField(max_length=80, db_index=True)
    other_names = models.CharField(max_length=300, blank=True)  # common alternative names
    is_minority = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
