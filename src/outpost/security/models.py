"""Security and order in the post's villages: incidents, each village's drug status per year,
self-governing groups of households, and twinning agreements with villages across the border."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.border.models import Country
from outpost.core.models import TimeStamped, Validity


class Incident(TimeStamped):
    """One incident in a village. Never deleted: one recorded in error is voided with a reason."""

    class Kind(models.TextChoices):
        DRUGS = "drugs", _("drugs")
        ILLEGAL_BORDER_CROSSING = "illegal_border_crossing", _("illegal border crossing")
        TRAFFICKING = "trafficking", _("human trafficking")
        SMUGGLING = "smuggling", _("smuggling")
        DEFORESTATION = "deforestation", _("deforestation")
        UNAUTHORISED_RELIGIOUS_ACTIVITY = (
            "unauthorised_religious_activity",
            _("unauthorised religious activity"),
        )
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        HANDLED = "handled", _("handled")
        TRANSFERRED = "transferred", _("transferred")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, db_index=True)
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("village")
    )
    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    force_unit = models.ForeignKey(
        "force.ForceUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("handling unit"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    summary = models.TextField(_("summary"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set when the incident was found on a joint patrol along the border.
    patrol = models.ForeignKey(
        "border.Patrol",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("patrol"),
    )
    voided = models.BooleanField(_("voided"), default=False, db_index=True)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.village_id and self.commune_id and self.village.commune_id != self.commune_id:
            errors["commune"] = _("The commune must be the village's commune.")
        if self.status == self.Status.CLOSED and not self.closed_on:
            errors["closed_on"] = _("Give the date the incident was closed.")
        if self.status != self.Status.CLOSED and self.closed_on:
            errors["closed_on"] = _("Only a closed incident has a closing date.")
        if self.closed_on and self.occurred_on and self.closed_on < self.occurred_on:
            errors["closed_on"] = _("An incident cannot be closed before it occurred.")
        if self.voided and not self.void_reason.strip():
            errors["void_reason"] = _("Give the reason the incident is voided.")
        if errors:
            raise ValidationError(errors)


class VillageSecurityStatus(TimeStamped):
    """A village's drug situation in one year (one row per village and year)."""

    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="security_statuses"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    drug_free = models.BooleanField(_("drug-free"), default=False)
    key_drug_area = models.BooleanField(_("key drug area"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-year", "village_id"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="security_status_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.village.commune_id

    def clean(self) -> None:
        if self.year is not None and not 1990 <= self.year <= 2100:
            raise ValidationError({"year": _("Give a year between 1990 and 2100.")})
        if self.drug_free and self.key_drug_area:
            raise ValidationError({"key_drug_area": _("A key drug area cannot also be drug-free.")})


class SelfGoverningGroup(TimeStamped):
    """A self-governing group of households (tổ tự quản) in a village. Dissolved, not deleted."""

    class Kind(models.TextChoices):
        SECURITY_ORDER = "security_order", _("security and order")
        BORDER_LINE_MARKERS = "border_line_markers", _("border line and markers")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="self_governing_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    founded_on = models.DateField(_("founded on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolve_reason = models.CharField(_("reason dissolved"), max_length=300, blank=True)
    segment = models.ForeignKey(
        "border.BorderSegment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="self_governing_groups",
        verbose_name=_("border segment"),
    )
    markers = models.ManyToManyField(
        "border.BorderMarker", related_name="self_governing_groups", blank=True
    )

    class Meta:
        ordering = ["village_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_commune_id(self) -> int | None:
        return self.village.commune_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.dissolved_on and self.founded_on and self.dissolved_on <= self.founded_on:
            errors["dissolved_on"] = _("A group is dissolved after it was founded.")
        if self.dissolved_on and not self.dissolve_reason.strip():
            errors["dissolve_reason"] = _("Give the reason the group was dissolved.")
        segment = self.segment if self.segment_id else None
        if (
            segment is not None
            and self.village_id
            and segment.commune_id != self.village.commune_id
        ):
            errors["segment"] = _("The border segment must be in the village's commune.")
        if errors:
            raise ValidationError(errors)


class GroupMembership(Validity, TimeStamped):
    """A household is a member of a self-governing group over a period. A household that
    leaves has its membership ended on a date, never deleted."""

    group = models.ForeignKey(
        SelfGoverningGroup, on_delete=models.PROTECT, related_name="memberships"
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("household"),
    )

    class Meta:
        ordering = ["group_id", "valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "household"],
                condition=models.Q(valid_to__isnull=True),
                name="one_open_group_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} - {self.group}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.group.village.commune_id

    def clean(self) -> None:
        self.clean_validity()
        errors: dict[str, Any] = {}
        group = self.group
        if self.household_id and self.household.commune_id != group.village.commune_id:
            errors["household"] = _("The household is not in the group's commune.")
        if self.valid_from is None:
            errors["valid_from"] = _("Give the date the household joined.")
        elif self.valid_from < group.founded_on:
            errors["valid_from"] = _("A household cannot join before the group was founded.")
        elif group.dissolved_on and self.valid_from >= group.dissolved_on:
            errors["valid_from"] = _("A household cannot join a dissolved group.")
        if errors:
            raise ValidationError(errors)


class TwinVillageAgreement(Validity, TimeStamped):
    """One of our villages twinned with a village across the border (kết nghĩa), for a period."""

    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="twin_agreements"
    )
    foreign_village = models.CharField(_("foreign village"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["village_id", "-signed_on"]

    def __str__(self) -> str:
        return f"{self.village} - {self.foreign_village}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.village.commune_id

    def clean(self) -> None:
        self.clean_validity()
        if self.valid_from and self.signed_on and self.valid_from < self.signed_on:
            raise ValidationError(
                {"valid_from": _("An agreement cannot hold before it was signed.")}
            )
