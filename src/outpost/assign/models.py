"""Assignments: which Party member is in charge of which household, takes part in which village
Party branch, and which officer holds which seat on a commune (or district) Party committee.

Each holds for a period and names the decision that made it. Ending one (a posting away, a
household leaving) keeps the row with `valid_to`, `end_reason` and who took over."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity


class Assignment(Validity, TimeStamped):
    cadre = models.ForeignKey("force.Cadre", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    handed_over_to = models.ForeignKey(
        "force.Cadre", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        self.clean_validity()


class HouseholdAssignment(Assignment):
    """A Party member takes charge of a household (helps it out of poverty)."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="assignments"
    )

    class Meta:
        ordering = ["-valid_from", "id"]
        indexes = [
            models.Index(fields=["household", "valid_to"]),
            models.Index(fields=["cadre", "valid_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} -> {self.household}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.household.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.cadre.unit_id


class BranchMembership(Assignment):
    """A Party member of a post takes part in the activities of a village Party branch."""

    branch = models.ForeignKey(
        "grassroots.PartyBranch", on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        ordering = ["-valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.cadre} -> {self.branch}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.branch.village.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.cadre.unit_id


class CommitteeSeat(Assignment):
    """An officer's seat on a commune Party committee, or (before 2025) a district one."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy Secretary in charge of Party building")
        STANDING_MEMBER = "standing_member", _("standing committee member")
        MEMBER = "member", _("committee member")

    # A committee has one Secretary, and the force sends it one Deputy Secretary.
    ONE_PER_COMMITTEE = (Role.SECRETARY, Role.DEPUTY_SECRETARY)

    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["-valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.cadre} - {self.get_role_display()} - {self.unit}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.unit_id if self.unit.level == "commune" else None

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.cadre.unit_id
