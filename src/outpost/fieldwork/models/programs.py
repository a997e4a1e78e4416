"""Programs and models ("Con nuôi Đồn Biên phòng", "Nâng bước em tới trường" ...) and who is
enrolled in them. The catalogue is data: force-wide programs are preloaded, units add local
ones. An enrollment is of one resident, household or village, with a sponsor (a cadre or a
unit), a period and a monthly support."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped


class Program(TimeStamped):
    class Scope(models.TextChoices):
        FORCE_WIDE = "force_wide", _("force-wide")
        LOCAL = "local", _("local")

    class Beneficiary(models.TextChoices):
        RESIDENT = "resident", _("resident")
        HOUSEHOLD = "household", _("household")
        VILLAGE = "village", _("village")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    # Local programs belong to the unit that runs them; force-wide ones to the High Command
    # (or to nobody when the High Command is not in the database).
    owner_unit = models.ForeignKey(
        "force.ForceUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("owner unit"),
    )
    beneficiary = models.CharField(_("who is enrolled"), max_length=10, choices=Beneficiary.choices)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # A program for children (sponsored until 18) sets the age at which support ends.
    max_age = models.PositiveSmallIntegerField(_("support ends at age"), null=True, blank=True)
    default_monthly_support = models.PositiveBigIntegerField(
        _("usual monthly support (VND)"), default=0
    )

    class Meta:
        ordering = ["scope", "name_vi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_vi

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.owner_unit_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.scope == self.Scope.LOCAL and not self.owner_unit_id:
            errors["owner_unit"] = _("A local program belongs to a unit.")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A program cannot end before it started.")
        if errors:
            raise ValidationError(errors)


class Enrollment(TimeStamped):
    """One beneficiary in one program over a period. `ended_on` is exclusive, like every
    validity in Outpost: support is paid for the months from `started_on` up to it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        ENDED = "ended", _("ended")

    class EndReason(models.TextChoices):
        CAME_OF_AGE = "came_of_age", _("came of age")
        COMPLETED = "completed", _("completed")
        LEFT_SCHOOL = "left_school", _("left school")
        MOVED_AWAY = "moved_away", _("moved away")
        OUT_OF_POVERTY = "out_of_poverty", _("out of poverty")
        DIED = "died", _("died")
        OTHER = "other", _("other")

    client_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("program")
    )
    resident = models.ForeignKey(
        "people.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("resident"),
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("household"),
    )
    village = models.ForeignKey(
        "geo.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("village"),
    )
    # The beneficiary's commune, kept on the row for scoping and figures.
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    sponsor_cadre = models.ForeignKey(
        "force.Cadre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("sponsoring cadre"),
    )
    sponsor_unit = models.ForeignKey(
        "force.ForceUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("sponsoring unit"),
    )
    started_on = models.DateField(_("started on"), db_index=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, db_index=True)
    monthly_support = models.PositiveBigIntegerField(_("monthly support (VND)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    end_reason = models.CharField(
        _("reason ended"), max_length=16, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note on the end"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.program} - {self.beneficiary_label}"

    @property
    def beneficiary_label(self) -> str:
        if self.resident is not None:
            return self.resident.full_name
        if self.household is not None:
            return self.household.head_name or self.household.code
        if self.village is not None:
            return self.village.name
        return "-"

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.sponsor_unit_id

    # An enrollment is active from `started_on` up to, not including, `ended_on`. "Active on
    # a day" and "active in a period" are written here once, for a row and for a query.

    def is_active_on(self, on: dt.date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on > on)

    def is_active_in(self, first: dt.date, last: dt.date) -> bool:
        """Active on at least one day from `first` to `last` (both included)."""
        return self.started_on <= last and (self.ended_on is None or self.ended_on > first)

    @staticmethod
    def active_on_q(on: dt.date, prefix: str = "") -> models.Q:
        return models.Q(**{f"{prefix}started_on__lte": on}) & (
            models.Q(**{f"{prefix}ended_on__isnull": True})
            | models.Q(**{f"{prefix}ended_on__gt": on})
        )

    @staticmethod
    def active_in_q(first: dt.date, last: dt.date, prefix: str = "") -> models.Q:
        return models.Q(**{f"{prefix}started_on__lte": last}) & (
            models.Q(**{f"{prefix}ended_on__isnull": True})
            | models.Q(**{f"{prefix}ended_on__gt": first})
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        chosen = [x for x in (self.resident_id, self.household_id, self.village_id) if x]
        if len(chosen) != 1:
            errors["program"] = _("Enroll exactly one resident, household or village.")
        if not self.sponsor_cadre_id and not self.sponsor_unit_id:
            errors["sponsor_unit"] = _("Name the sponsor: a cadre or a unit.")
        if self.ended_on and self.started_on and self.ended_on <= self.started_on:
            errors["ended_on"] = _("An enrollment must end after it started.")
        if self.status == self.Status.ENDED and not (self.ended_on and self.end_reason):
            errors["end_reason"] = _("Give the date and the reason the enrollment ended.")
        if errors:
            raise ValidationError(errors)
