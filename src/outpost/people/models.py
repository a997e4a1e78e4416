"""Households and residents of border villages, and their poverty assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity
from outpost.core.text import fold


class Household(Validity, TimeStamped):
    """A household of a village. Moves, splits and merges are recorded, never rewritten."""

    code = models.CharField(_("household code"), max_length=30)
    village = models.ForeignKey("geo.Village", on_delete=models.PROTECT, related_name="households")
    # The village's commune, kept on the row: codes are unique per commune and scoping is
    # one indexed column instead of a join on every list.
    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    head = models.ForeignKey(
        "people.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_name = models.CharField(_("head of household"), max_length=120, blank=True)
    search_name = models.CharField(max_length=160, db_index=True, editable=False)
    is_policy_family = models.BooleanField(_("policy family"), default=False)
    is_near_border = models.BooleanField(_("near the border"), default=False)
    # Sensitive (Law 91/2025): shown only to roles that need it, and every read is logged.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The status of the latest assessment that stands (not voided), kept by the poverty
    # services so that lists of 500,000 households filter on one indexed column.
    poverty_status = models.CharField(
        _("poverty status"), max_length=10, blank=True, editable=False
    )
    poverty_year = models.PositiveSmallIntegerField(
        _("assessed in"), null=True, blank=True, editable=False
    )

    SENSITIVE_FIELDS = ("latitude", "longitude")

    class Meta:
        ordering = ["commune_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="household_code_per_commune")
        ]
        indexes = [
            models.Index(fields=["village", "valid_to"]),
            models.Index(fields=["commune", "poverty_status"], name="household_commune_status"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.head_name}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(f"{self.code} {self.head_name}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.clean_validity()
        if self.village_id and self.commune_id and self.village.commune_id != self.commune_id:
            raise ValidationError({"village": _("The village is not in the household's commune.")})

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id


class HouseholdChange(TimeStamped):
    """A household moved, split or merged: lineage between household rows."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("moved")
        SPLIT = "split", _("split")
        MERGED = "merged", _("merged")

    from_household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="changes_out"
    )
    to_household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="changes_in")
    effective = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.from_household} -> {self.to_household}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.to_household.commune_id


class Resident(Validity, TimeStamped):
    """A member of a household. `valid_to` is when they left it (moved out, died)."""

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        GRANDCHILD = "grandchild", _("grandchild")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", _("other relative")

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("full name"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    relation = models.CharField(_("relation to the head"), max_length=12, choices=Relation.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    ethnic_group = models.ForeignKey(
        "core.EthnicGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Sensitive (Law 91/2025).
    religion = models.CharField(_("religion"), max_length=60, blank=True)
    is_village_chief = models.BooleanField(_("village chief"), default=False)
    is_village_elder = models.BooleanField(_("village elder"), default=False)
    is_reputable_person = models.BooleanField(_("reputable person"), default=False)
    # The same person's row in the household they came from (a move, split or merge).
    moved_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_to"
    )
    # Membership of the Communist Party: from the admission (probation included) to leaving
    # it, exclusive. Written by `resident_party_membership_set` (an admitted candidate's is
    # written by the admission itself).
    party_joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    party_left_on = models.DateField(_("left the Party on"), null=True, blank=True)

    SENSITIVE_FIELDS = ("religion",)

    class Meta:
        ordering = ["household_id", "id"]
        indexes = [models.Index(fields=["household", "valid_to"], name="resident_household_open")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.full_name)
        if self.birth_date and not self.birth_year:
            self.birth_year = self.birth_date.year
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.clean_validity()
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            raise ValidationError({"birth_year": _("Birth year and birth date disagree.")})
        if self.party_left_on is not None:
            if self.party_joined_on is None:
                raise ValidationError(
                    {"party_left_on": _("A person leaves the Party only after joining it.")}
                )
            if self.party_left_on <= self.party_joined_on:
                raise ValidationError(
                    {"party_left_on": _("One leaves the Party after the day one joined it.")}
                )

    def is_party_member_on(self, on: dt.date) -> bool:
        joined, left = self.party_joined_on, self.party_left_on
        return joined is not None and joined <= on and (left is None or left > on)

    @staticmethod
    def party_member_on_q(on: dt.date, prefix: str = "") -> Q:
        """Residents who are Party members on a date (the same rule as `is_party_member_on`)."""
        p = f"{prefix}__" if prefix else ""
        return Q(**{f"{p}party_joined_on__lte": on}) & (
            Q(**{f"{p}party_left_on__isnull": True}) | Q(**{f"{p}party_left_on__gt": on})
        )

    @property
    def audit_commune_id(self) -> int | None:
        return self.household.commune_id


class PovertyStandard(models.Model):
    """A national poverty standard: the income lines and the deprivation rule of a period."""

    code = models.CharField(max_length=30, unique=True)  # "ND07-2021", "2027-2030"
    name = models.CharField(max_length=200)
    year_from = models.PositiveSmallIntegerField()
    year_to = models.PositiveSmallIntegerField()
    rural_line = models.PositiveIntegerField()  # VND per person per month
    urban_line = models.PositiveIntegerField()
    # Middle-income households: above the line, up to this multiple of it (1.5 under Decree 07).
    middle_multiplier = models.DecimalField(max_digits=4, decimal_places=2, default=1.5)
    deprivation_threshold = models.PositiveSmallIntegerField(default=3)
    indicator_count = models.PositiveSmallIntegerField(default=12)

    class Meta:
        ordering = ["year_from"]

    def __str__(self) -> str:
        return self.name


class PovertyAssessment(TimeStamped):
    """A household's poverty status for a year under a named standard."""

    class Area(models.TextChoices):
        RURAL = "rural", _("rural")
        URBAN = "urban", _("urban")

    class Status(models.TextChoices):
        POOR = "poor", _("poor")
        NEAR_POOR = "near_poor", _("near-poor")
        MIDDLE = "middle", _("middle-income")
        ABOVE = "above", _("above middle-income")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    standard = models.ForeignKey(PovertyStandard, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(_("area"), max_length=5, choices=Area.choices)
    income_per_person_month = models.PositiveIntegerField(_("income per person per month (VND)"))
    deprivations = models.JSONField(_("basic services lacking"), default=list, blank=True)
    deprivation_count = models.PositiveSmallIntegerField(_("number of services lacking"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["household_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                condition=models.Q(voided_at__isnull=True),
                name="one_assessment_per_household_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.year}: {self.get_status_display()}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.household.commune_id
