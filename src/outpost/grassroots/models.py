"""The grassroots political system: village Party branches (more to come: candidates,
mass organisations, village cadre training)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity


class PartyBranch(Validity, TimeStamped):
    """The Party branch (chi bộ) of a village. `valid_from` is the date it was established."""

    village = models.ForeignKey(
        "geo.Village", on_delete=models.PROTECT, related_name="party_branches"
    )
    name = models.CharField(_("name"), max_length=160)
    has_committee = models.BooleanField(_("has a branch committee"), default=False)
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
    def established_on(self):  # type: ignore[no-untyped-def]
        return self.valid_from

    @property
    def audit_commune_id(self) -> int | None:
        return self.village.commune_id
