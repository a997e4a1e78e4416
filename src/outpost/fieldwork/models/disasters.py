"""Natural disasters in the border communes and the force's response: evacuations, damage
repaired, cadres deployed. Rebuilding work done as ordinary activities names the disaster."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped


class Disaster(TimeStamped):
    class Kind(models.TextChoices):
        FLOOD = "flood", _("flood")
        FLASH_FLOOD = "flash_flood", _("flash flood")
        LANDSLIDE = "landslide", _("landslide")
        STORM = "storm", _("storm")
        HAIL = "hail", _("hail")
        DROUGHT = "drought", _("drought")
        COLD = "cold", _("severe cold")
        FOREST_FIRE = "forest_fire", _("forest fire")
        EARTHQUAKE = "earthquake", _("earthquake")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    started_on = models.DateField(_("started on"), db_index=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    communes = models.ManyToManyField(
        "geo.AdminUnit", related_name="disasters", verbose_name=_("communes")
    )
    # The unit that recorded it; scoping is by the communes (and this unit).
    force_unit = models.ForeignKey(
        "force.ForceUnit",
        on_delete=models.PROTECT,
        related_name="disasters",
        verbose_name=_("recording unit"),
    )
    description = models.TextField(_("description"), blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A disaster cannot end before it started.")})


class DisasterResponse(TimeStamped):
    """Shared shape of what was done in one commune for one disaster."""

    client_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    disaster = models.ForeignKey(Disaster, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        "geo.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("village"),
    )
    force_unit = models.ForeignKey(
        "force.ForceUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    on = models.DateField(_("date"), db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (
            self.village is not None
            and self.commune_id
            and self.village.commune_id != self.commune_id
        ):
            errors["village"] = _("The village is not in this commune.")
        if errors:
            raise ValidationError(errors)


class Evacuation(DisasterResponse):
    disaster = models.ForeignKey(Disaster, on_delete=models.PROTECT, related_name="evacuations")
    households_moved = models.PositiveIntegerField(_("households moved"), default=0)
    people_moved = models.PositiveIntegerField(_("people moved"))
    destination = models.CharField(_("moved to"), max_length=200)
    households = models.ManyToManyField(
        "people.Household", related_name="+", blank=True, verbose_name=_("households")
    )

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.people_moved} -> {self.destination}"


class DamageRepair(DisasterResponse):
    class Kind(models.TextChoices):
        HOUSE = "house", _("house")
        ROAD = "road", _("road")
        SCHOOL = "school", _("school")
        FIELD = "field", _("field")
        WATER = "water", _("water")
        OTHER = "other", _("other")

    disaster = models.ForeignKey(Disaster, on_delete=models.PROTECT, related_name="repairs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    description = models.CharField(_("description"), max_length=300, blank=True)
    labour_days = models.PositiveIntegerField(_("labour days"), default=0)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} x{self.quantity}"


class Deployment(DisasterResponse):
    """Cadres a unit sent to a commune for a disaster (named, or just counted)."""

    disaster = models.ForeignKey(Disaster, on_delete=models.PROTECT, related_name="deployments")
    cadre_count = models.PositiveIntegerField(_("cadres deployed"))
    cadres = models.ManyToManyField(
        "force.Cadre", related_name="+", blank=True, verbose_name=_("cadres")
    )
    days = models.PositiveSmallIntegerField(_("days"), default=1)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.cadre_count} x {self.days}"
