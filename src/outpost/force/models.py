"""Border Guard structure: units in a tree, their areas of responsibility, cadres, postings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity
from outpost.core.text import fold


class ForceUnit(Validity, TimeStamped):
    class Kind(models.TextChoices):
        HIGH_COMMAND = "high_command", _("Border Guard High Command")
        PROVINCIAL_COMMAND = "provincial_command", _("provincial command")
        BORDER_POST = "border_post", _("border post")
        BORDER_GATE_POST = "border_gate_post", _("border-gate post")
        TEAM = "team", _("team")

    # Which kinds may sit under which: keeps the tree the shape the force has.
    ALLOWED_PARENTS = {
        Kind.HIGH_COMMAND: set(),
        Kind.PROVINCIAL_COMMAND: {Kind.HIGH_COMMAND},
        Kind.BORDER_POST: {Kind.PROVINCIAL_COMMAND},
        Kind.BORDER_GATE_POST: {Kind.PROVINCIAL_COMMAND},
        Kind.TEAM: {Kind.BORDER_POST, Kind.BORDER_GATE_POST, Kind.PROVINCIAL_COMMAND},
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=160)
    search_name = models.CharField(max_length=160, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.clean_validity()
        allowed = self.ALLOWED_PARENTS.get(self.Kind(self.kind), set()) if self.kind else set()
        parent_kind = self.parent.kind if self.parent is not None else None
        if allowed and parent_kind not in allowed:
            raise ValidationError({"parent": _("This kind of unit cannot sit under that parent.")})
        if not allowed and self.parent_id:
            raise ValidationError({"parent": _("The High Command has no parent unit.")})

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.pk


class AreaOfResponsibility(Validity, TimeStamped):
    """A force unit is responsible for a commune over a period (kept across the 2025 merger)."""

    force_unit = models.ForeignKey(ForceUnit, on_delete=models.PROTECT, related_name="areas")
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="responsible_areas"
    )
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        ordering = ["force_unit_id", "commune_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.force_unit} - {self.commune}"

    def clean(self) -> None:
        self.clean_validity()

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id


class Cadre(TimeStamped):
    """An officer, professional soldier or soldier of the force."""

    class Rank(models.TextChoices):
        PRIVATE = "binh_nhi", _("Private")
        PRIVATE_FIRST = "binh_nhat", _("Private First Class")
        CORPORAL = "ha_si", _("Corporal")
        SERGEANT = "trung_si", _("Sergeant")
        STAFF_SERGEANT = "thuong_si", _("Staff Sergeant")
        SECOND_LIEUTENANT = "thieu_uy", _("Second Lieutenant")
        LIEUTENANT = "trung_uy", _("Lieutenant")
        SENIOR_LIEUTENANT = "thuong_uy", _("Senior Lieutenant")
        CAPTAIN = "dai_uy", _("Captain")
        MAJOR = "thieu_ta", _("Major")
        LIEUTENANT_COLONEL = "trung_ta", _("Lieutenant Colonel")
        SENIOR_LIEUTENANT_COLONEL = "thuong_ta", _("Senior Lieutenant Colonel")
        COLONEL = "dai_ta", _("Colonel")
        MAJOR_GENERAL = "thieu_tuong", _("Major General")

    class Category(models.TextChoices):
        OFFICER = "officer", _("officer")
        PROFESSIONAL = "professional", _("professional soldier")
        SOLDIER = "soldier", _("soldier")
        CIVILIAN = "civilian", _("defence worker")

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    service_number = models.CharField(_("service number"), max_length=30, unique=True)
    full_name = models.CharField(_("full name"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.MALE)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    category = models.CharField(
        _("category"), max_length=15, choices=Category.choices, default=Category.OFFICER
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    # The unit of the current posting, kept here so scoping a cadre is one join.
    unit = models.ForeignKey(
        ForceUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="cadres"
    )
    ethnic_group = models.ForeignKey(
        "core.EthnicGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    party_joined_on = models.DateField(_("admitted to the Party"), null=True, blank=True)
    party_full_on = models.DateField(_("full Party member since"), null=True, blank=True)
    party_left_on = models.DateField(_("left the Party"), null=True, blank=True)
    left_force_on = models.DateField(_("left the force"), null=True, blank=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.party_full_on and not self.party_joined_on:
            raise ValidationError(
                {"party_joined_on": _("Full membership needs an admission date.")}
            )
        if (
            self.party_full_on
            and self.party_joined_on
            and self.party_full_on < self.party_joined_on
        ):
            raise ValidationError(
                {"party_full_on": _("Full membership cannot come before admission.")}
            )

    def is_party_member_on(self, on) -> bool:
        return (
            self.party_joined_on is not None
            and self.party_joined_on <= on
            and (self.party_left_on is None or self.party_left_on > on)
        )

    @property
    def is_party_member(self) -> bool:
        import datetime as dt

        return self.is_party_member_on(dt.date.today())

    @property
    def language_list(self) -> list[str]:
        return [x.strip() for x in self.languages.split(",") if x.strip()]

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.unit_id


class Posting(Validity, TimeStamped):
    """A cadre served in a unit over a period."""

    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="postings")
    force_unit = models.ForeignKey(ForceUnit, on_delete=models.PROTECT, related_name="postings")
    position = models.CharField(_("position"), max_length=120, blank=True)
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        ordering = ["cadre_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.force_unit}"

    def clean(self) -> None:
        self.clean_validity()

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id
