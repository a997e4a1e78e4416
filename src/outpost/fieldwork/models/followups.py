"""How often a unit visits the households assigned to its people. A unit without its own
setting follows its parent's; with none up the chain, DEFAULT_VISIT_INTERVAL_DAYS applies."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity

DEFAULT_VISIT_INTERVAL_DAYS = 30


class VisitSchedule(Validity, TimeStamped):
    force_unit = models.ForeignKey(
        "force.ForceUnit",
        on_delete=models.PROTECT,
        related_name="visit_schedules",
        verbose_name=_("unit"),
    )
    interval_days = models.PositiveSmallIntegerField(
        _("visit every (days)"), validators=[MinValueValidator(1), MaxValueValidator(366)]
    )

    class Meta:
        ordering = ["force_unit_id", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.force_unit_id}: {self.interval_days}"

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id

    def clean(self) -> None:
        self.clean_validity()
