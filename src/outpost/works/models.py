"""Infrastructure works in the post's communes: concreted roads, lighting, houses, schools,
water, bridges, with their funding and the people's contributions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped


class Work(TimeStamped):
    """One work. It serves one or more villages of one commune (`commune` scopes it).

    A work is never deleted: a work that will not go ahead is cancelled with a reason."""

    class Kind(models.TextChoices):
        ROAD_CONCRETING = "road_concreting", _("road concreting")
        LIGHTING = "lighting", _("lighting")
        HOUSE = "house", _("house")
        SCHOOL = "school", _("school")
        WATER = "water", _("water")
        BRIDGE = "bridge", _("bridge")
        OTHER = "other", _("other")

    class Unit(models.TextChoices):
        KM = "km", _("km")
        LAMPS = "lamps", _("lamps")
        HOUSES = "houses", _("houses")
        M = "m", _("m")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    # The unit a kind's quantity must be given in; kinds not listed accept any unit.
    REQUIRED_UNIT: dict[str, str] = {
        Kind.ROAD_CONCRETING: Unit.KM,
        Kind.LIGHTING: Unit.LAMPS,
        Kind.HOUSE: Unit.HOUSES,
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    # Optional, unique in the commune: how a spreadsheet names the work when names repeat.
    code = models.CharField(_("code"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="works", verbose_name=_("commune")
    )
    villages = models.ManyToManyField(
        "geo.Village", related_name="works", blank=True, verbose_name=_("villages")
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    quantity_unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    funding_state = models.PositiveBigIntegerField(_("state funding (VND)"), default=0)
    funding_unit = models.PositiveBigIntegerField(_("unit funding (VND)"), default=0)
    contributed_land_m2 = models.PositiveIntegerField(_("land contributed (m²)"), default=0)
    contributed_labour_days = models.PositiveIntegerField(_("labour contributed (days)"), default=0)
    contributed_money = models.PositiveBigIntegerField(_("money contributed (VND)"), default=0)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    cancel_reason = models.CharField(_("reason cancelled"), max_length=300, blank=True)
    force_unit = models.ForeignKey(
        "force.ForceUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="works",
        verbose_name=_("supporting unit"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"],
                condition=~models.Q(code=""),
                name="work_code_per_commune",
                violation_error_message=_("Another work of this commune has this code."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id

    @property
    def funding_total(self) -> int:
        return int(self.funding_state or 0) + int(self.funding_unit or 0)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.commune_id and self.commune.level != "commune":
            errors["commune"] = _("Choose a commune.")
        required = self.REQUIRED_UNIT.get(self.kind)
        if self.quantity is not None and not self.quantity_unit:
            errors["quantity_unit"] = _("Give the unit of the quantity.")
        if required and self.quantity_unit and self.quantity_unit != required:
            errors["quantity_unit"] = _("A %(kind)s work is measured in %(unit)s.") % {
                "kind": self.get_kind_display(),
                "unit": Work.Unit(required).label,
            }
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = _("A work cannot be completed before it started.")
        if self.status == self.Status.COMPLETED and not self.completed_on:
            errors["completed_on"] = _("Give the date the work was completed.")
        if self.status != self.Status.COMPLETED and self.completed_on:
            errors["completed_on"] = _("Only a completed work has a completion date.")
        if self.status == self.Status.IN_PROGRESS and not self.started_on:
            errors["started_on"] = _("Give the date the work started.")
        if self.status == self.Status.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("Give the reason the work was cancelled.")
        if errors:
            raise ValidationError(errors)
