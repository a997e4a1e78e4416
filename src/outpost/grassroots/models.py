"""The grassroots political system: village Party branches (more to come: candidates,
mass organisations, village cadre training)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity, overlapping_q, valid_on_q


class PartyBranch(Validity, TimeStamped):
    """The Party branch (chi bộ) of a village. `valid_from` is the date it was established.
    Whether it has a branch committee (chi ủy) is dated: see `BranchCommittee`."""

    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="party_branches"
    )
    name = models.CharField(_("name"), max_length=160)
    member_count = models.PositiveIntegerField(_("local Party members"), null=True, blank=True)

    class Meta:
        ordering = ["village_id", "valid_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_validity()
        open_branches = PartyBranch.objects.filter(
            village_id=self.village_id, valid_to__isnull=True
        ).exclude(pk=self.pk)
        if self.valid_to is None and open_branches.exists():
            raise ValidationError({"village": _("This village already has a Party branch.")})

    @property
    def established_on(self):
        return self.valid_from

    @property
    def audit_commune_id(self) -> int | None:
        return self.village.commune_id

    def has_committee_on(self, on: dt.date) -> bool:
        return self.committees.filter(valid_on_q(on)).exists()

    @property
    def has_committee(self) -> bool:
        """Whether the branch has a committee on the date a list was read for (annotated by
        `with_committee_on`, so that a page of branches takes one query), else today."""
        annotated = self.__dict__.get(COMMITTEE_ON_DATE)
        if annotated is not None:
            return bool(annotated)
        return self.has_committee_on(dt.date.today())

    @staticmethod
    def with_committee_q(on: dt.date, prefix: str = "") -> Exists:
        """Branches (or rows reaching a branch through `prefix`) with a committee on a date."""
        outer = f"{prefix}__pk" if prefix else "pk"
        return Exists(BranchCommittee.objects.filter(valid_on_q(on), branch_id=OuterRef(outer)))


COMMITTEE_ON_DATE = "committee_on_date"


def with_committee_on(
    qs: QuerySet[PartyBranch], on: dt.date | None = None
) -> QuerySet[PartyBranch]:
    """The branches, each knowing whether it has a committee on the date (today by default)."""
    return qs.annotate(**{COMMITTEE_ON_DATE: PartyBranch.with_committee_q(on or dt.date.today())})


class BranchCommittee(Validity, TimeStamped):
    """A branch committee (chi ủy) of a village Party branch, from the day the branch got it
    (`valid_from`; empty: since before our records) to the day it lost it (`valid_to`,
    exclusive, with `end_reason`). A branch has at most one at a time; one that loses its
    committee and elects a new one later has two rows."""

    branch = models.ForeignKey(PartyBranch, on_delete=models.PROTECT, related_name="committees")
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        ordering = ["branch_id", "valid_from", "id"]

    def __str__(self) -> str:
        return str(_("Branch committee of %(branch)s") % {"branch": self.branch})

    @property
    def audit_commune_id(self) -> int | None:
        return self.branch.village.commune_id

    def clean(self) -> None:
        self.clean_validity()
        if self.branch_id is None:
            return
        branch = self.branch
        starts_before_branch = branch.valid_from is not None and (
            self.valid_from is None or self.valid_from < branch.valid_from
        )
        if starts_before_branch:
            raise ValidationError(
                {"valid_from": _("A branch has a committee only once it is established.")}
            )
        if branch.valid_to is not None and (
            self.valid_from is not None and self.valid_from >= branch.valid_to
        ):
            raise ValidationError({"valid_from": _("The branch had ended by that date.")})
        if self._overlaps_another():
            raise ValidationError(
                {"valid_from": _("The branch already has a committee over that time.")}
            )

    def _overlaps_another(self) -> bool:
        others = BranchCommittee.objects.filter(
            overlapping_q(self.valid_from, self.valid_to), branch_id=self.branch_id
        ).exclude(pk=self.pk)
        return others.exists()


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


PROBATION_YEARS = 1
ADMISSION_MIN_AGE = 18
ADMISSION_MAX_AGE = 60


class PartyCandidate(TimeStamped):
    """A villager being developed towards Party membership in a village branch (phát triển
    đảng viên): identified, through the Party-awareness class, recommended, admitted on
    probation, then made a full member twelve months later; or dropped along the way."""

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("identified")
        CLASS_COMPLETED = "class_completed", _("Party-awareness class completed")
        RECOMMENDED = "recommended", _("recommended")
        ADMITTED = "admitted", _("admitted (probationary)")
        FULL_MEMBER = "full_member", _("full member")
        DROPPED = "dropped", _("dropped")

    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="party_candidacies"
    )
    branch = models.ForeignKey(PartyBranch, on_delete=models.PROTECT, related_name="candidates")
    mentor = models.ForeignKey(
        "force.Cadre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentored_candidates",
        verbose_name=_("mentor"),
    )
    identified_on = models.DateField(_("identified on"), db_index=True)
    class_completed_on = models.DateField(
        _("Party-awareness class completed on"), null=True, blank=True
    )
    recommended_on = models.DateField(_("recommended on"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True, db_index=True)
    full_member_on = models.DateField(_("full member on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    drop_reason = models.CharField(_("reason dropped"), max_length=300, blank=True)
    age_exception_reason = models.TextField(_("reason for the age exception"), blank=True)

    # The stages in order, with the date field each one sets.
    STAGE_FIELDS = (
        ("identified", "identified_on"),
        ("class_completed", "class_completed_on"),
        ("recommended", "recommended_on"),
        ("admitted", "admitted_on"),
        ("full_member", "full_member_on"),
    )

    class Meta:
        ordering = ["branch_id", "identified_on", "id"]

    def __str__(self) -> str:
        return str(self.resident)

    @property
    def audit_commune_id(self) -> int | None:
        return self.branch.village.commune_id

    @property
    def stage(self) -> str:
        if self.dropped_on:
            return self.Stage.DROPPED
        reached = self.Stage.IDENTIFIED
        for stage, field in self.STAGE_FIELDS:
            if getattr(self, field):
                reached = self.Stage(stage)
        return reached

    def get_stage_display(self) -> str:
        return str(self.Stage(self.stage).label)

    def probation_ends_on(self) -> dt.date | None:
        return add_years(self.admitted_on, PROBATION_YEARS) if self.admitted_on else None

    def age_on(self, on: dt.date) -> int | None:
        """The resident's age on a date, from the birth date, else (roughly) the birth year."""
        resident = self.resident
        if resident.birth_date:
            born = resident.birth_date
            return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if resident.birth_year:
            return on.year - resident.birth_year
        return None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        previous: tuple[str, dt.date] | None = None
        for _stage, field in self.STAGE_FIELDS:
            value = getattr(self, field)
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                errors[field] = _("This date comes before an earlier stage's date.")
            previous = (field, value)
        if self.recommended_on and not self.class_completed_on:
            errors["recommended_on"] = _(
                "A candidate is recommended only after completing the Party-awareness class."
            )
        if self.admitted_on and not self.recommended_on:
            errors["admitted_on"] = _("A candidate is admitted only after being recommended.")
        if self.full_member_on:
            if not self.admitted_on:
                errors["full_member_on"] = _("A candidate must be admitted before full membership.")
            elif self.full_member_on < add_years(self.admitted_on, PROBATION_YEARS):
                errors["full_member_on"] = _(
                    "Full membership comes only after 12 months of probation (from %(date)s)."
                ) % {"date": add_years(self.admitted_on, PROBATION_YEARS).isoformat()}
        if self.admitted_on and not self.age_exception_reason.strip() and self.resident_id:
            age = self.age_on(self.admitted_on)
            if age is None:
                errors["admitted_on"] = _(
                    "The resident's birth date or year is unknown: record it, or give the "
                    "reason for an age exception."
                )
            elif not ADMISSION_MIN_AGE <= age <= ADMISSION_MAX_AGE:
                errors["admitted_on"] = _(
                    "A candidate must be 18 to 60 years old at admission (this one is "
                    "%(age)s), unless the reason for an age exception is recorded."
                ) % {"age": age}
        if self.dropped_on:
            if self.dropped_on < self.identified_on:
                errors["dropped_on"] = _("A candidate cannot be dropped before being identified.")
            later = [
                field
                for _stage, field in self.STAGE_FIELDS
                if getattr(self, field) and getattr(self, field) > self.dropped_on
            ]
            if later:
                errors.setdefault(
                    later[0], _("No stage can be recorded after the candidate was dropped.")
                )
            if not self.drop_reason.strip():
                errors["drop_reason"] = _("Give the reason the candidate was dropped.")
        if errors:
            raise ValidationError(errors)


# --- Mass organisations and village cadre training ------------------------------------------


class MassOrganisation(Validity, TimeStamped):
    """A mass organisation of a village (chi hội, chi đoàn), or of the commune when it has no
    village. `valid_from` is the date it was set up."""

    class Kind(models.TextChoices):
        WOMEN_UNION = "women_union", _("Women's Union branch")
        YOUTH_UNION = "youth_union", _("Youth Union branch")
        FARMERS = "farmers", _("Farmers' Association branch")
        VETERANS = "veterans", _("Veterans' Association branch")
        FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front working committee")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        related_name="mass_organisations",
        verbose_name=_("commune"),
    )
    village = models.ForeignKey(
        "geo.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mass_organisations",
        verbose_name=_("village"),
    )
    name = models.CharField(_("name"), max_length=160)
    member_count = models.PositiveIntegerField(_("members"), null=True, blank=True)

    class Meta:
        ordering = ["commune_id", "village_id", "kind", "valid_from"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    def clean(self) -> None:
        self.clean_validity()
        village = self.village if self.village_id else None
        if village is not None and self.commune_id and village.commune_id != self.commune_id:
            raise ValidationError({"village": _("The village is not in this commune.")})
        if self.valid_to is None and self.village_id:
            open_same = MassOrganisation.objects.filter(
                village_id=self.village_id, kind=self.kind, valid_to__isnull=True
            ).exclude(pk=self.pk)
            if open_same.exists():
                raise ValidationError(
                    {"kind": _("This village already has an organisation of this kind.")}
                )


class OrganisationConsolidation(TimeStamped):
    """One piece of work consolidating a mass organisation (củng cố, kiện toàn), with the force
    unit that helped."""

    organisation = models.ForeignKey(
        MassOrganisation, on_delete=models.PROTECT, related_name="consolidations"
    )
    on = models.DateField(_("date"), db_index=True)
    action = models.CharField(_("what was done"), max_length=300)
    supporting_unit = models.ForeignKey(
        "force.ForceUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supporting force unit"),
    )

    class Meta:
        ordering = ["organisation_id", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.on}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.organisation.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.supporting_unit_id


class VillageCadreTraining(TimeStamped):
    """A village cadre (identified among the residents) and the training course followed."""

    class Role(models.TextChoices):
        VILLAGE_CHIEF = "village_chief", _("village chief")
        DEPUTY_CHIEF = "deputy_chief", _("deputy village chief")
        BRANCH_SECRETARY = "branch_secretary", _("Party branch secretary")
        MASS_ORG_HEAD = "mass_org_head", _("mass organisation head")
        OTHER = "other", _("other")

    resident = models.ForeignKey(
        "people.Resident", on_delete=models.PROTECT, related_name="cadre_trainings"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    identified_on = models.DateField(_("identified on"), db_index=True)
    course_name = models.CharField(_("course"), max_length=200, blank=True)
    course_from = models.DateField(_("course from"), null=True, blank=True)
    course_to = models.DateField(_("course to"), null=True, blank=True, db_index=True)
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        ordering = ["-identified_on", "id"]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_role_display()})"

    @property
    def audit_commune_id(self) -> int | None:
        return self.resident.household.commune_id

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.course_from and self.identified_on and self.course_from < self.identified_on:
            errors["course_from"] = _("The course cannot start before the cadre was identified.")
        if self.course_from and self.course_to and self.course_to < self.course_from:
            errors["course_to"] = _("The course cannot end before it starts.")
        if (self.course_from or self.course_to or self.completed) and not self.course_name.strip():
            errors["course_name"] = _("Name the course.")
        if self.completed and not self.course_to:
            errors["course_to"] = _("A completed course needs its end date.")
        if errors:
            raise ValidationError(errors)
