"""What the support achieved for a household: crops and livestock converted, loans arranged,
houses built or repaired. (The household's poverty trajectory is its poverty assessments in
the people app.) Each outcome may name the activity that brought it about.

Outcomes are never deleted: one recorded by mistake is voided with a reason."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped


class Outcome(TimeStamped):
    """Shared shape: the household it is for (scoped through the household's commune), the
    cadre and activity behind it, and voiding."""

    client_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("household")
    )
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    cadre = models.ForeignKey(
        "force.Cadre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cadre"),
    )
    activity = models.ForeignKey(
        "fieldwork.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    def clean(self) -> None:
        if self.household_id and self.commune_id and self.household.commune_id != self.commune_id:
            raise ValidationError({"commune": _("The household is not in this commune.")})


class Conversion(Outcome):
    """A household converted land from one crop to another (corn to tea), or changed its
    livestock. Area in hectares for crops; head count for livestock."""

    class Kind(models.TextChoices):
        CROP = "crop", _("crop")
        LIVESTOCK = "livestock", _("livestock")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CROP)
    from_name = models.CharField(_("from"), max_length=80)
    to_name = models.CharField(_("to"), max_length=80, db_index=True)
    area_ha = models.DecimalField(
        _("area (ha)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    heads = models.PositiveIntegerField(_("head of livestock"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)

    class Meta:
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.from_name} -> {self.to_name} ({self.year})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.kind == self.Kind.CROP and not self.area_ha:
            errors["area_ha"] = _("Give the area converted in hectares.")
        if self.kind == self.Kind.LIVESTOCK and not self.heads:
            errors["heads"] = _("Give the number of head of livestock.")
        if not 2000 <= (self.year or 0) <= 2100:
            errors["year"] = _("Give a year between 2000 and 2100.")
        if errors:
            raise ValidationError(errors)


class Loan(Outcome):
    """A loan the unit helped a household obtain (most often from the Social Policy Bank)."""

    class Lender(models.TextChoices):
        SOCIAL_POLICY_BANK = "vbsp", _("Social Policy Bank")
        AGRIBANK = "agribank", _("Agribank")
        PEOPLES_CREDIT_FUND = "credit_fund", _("people's credit fund")
        OTHER = "other", _("other")

    granted_on = models.DateField(_("granted on"), db_index=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    lender = models.CharField(
        _("lender"), max_length=12, choices=Lender.choices, default=Lender.SOCIAL_POLICY_BANK
    )
    lender_name = models.CharField(_("lender's name"), max_length=120, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_lender_display()} {self.amount:,} ({self.granted_on:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        if not self.amount:
            raise ValidationError({"amount": _("Give the amount of the loan.")})
        if self.lender == self.Lender.OTHER and not self.lender_name.strip():
            raise ValidationError({"lender_name": _("Name the lender.")})


class HouseSupport(Outcome):
    """A house built or repaired for a household (e.g. under "Mái ấm cho người nghèo")."""

    class Kind(models.TextChoices):
        BUILT = "built", _("built")
        REPAIRED = "repaired", _("repaired")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    completed_on = models.DateField(_("completed on"), db_index=True)
    cost = models.PositiveBigIntegerField(_("cost (VND)"), default=0)
    unit_contribution = models.PositiveBigIntegerField(_("unit's contribution (VND)"), default=0)
    labour_days = models.PositiveIntegerField(_("labour days"), default=0)
    program = models.ForeignKey(
        "fieldwork.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )

    class Meta:
        ordering = ["-completed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.completed_on:%d/%m/%Y}"
