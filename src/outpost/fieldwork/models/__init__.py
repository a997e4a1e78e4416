"""Field work: activities, outcomes, programs and enrollments, disasters, follow-up settings.
One module per kind of record; everything is importable from `outpost.fieldwork.models`."""

from outpost.fieldwork.models.activities import (
    Activity,
    ActivityHousehold,
    ActivityKind,
    ActivityPhoto,
)
from outpost.fieldwork.models.disasters import DamageRepair, Deployment, Disaster, Evacuation
from outpost.fieldwork.models.followups import DEFAULT_VISIT_INTERVAL_DAYS, VisitSchedule
from outpost.fieldwork.models.outcomes import Conversion, HouseSupport, Loan
from outpost.fieldwork.models.programs import Enrollment, Program

__all__ = [
    "DEFAULT_VISIT_INTERVAL_DAYS",
    "Activity",
    "ActivityHousehold",
    "ActivityKind",
    "ActivityPhoto",
    "Conversion",
    "DamageRepair",
    "Deployment",
    "Disaster",
    "Enrollment",
    "Evacuation",
    "HouseSupport",
    "Loan",
    "Program",
    "VisitSchedule",
]
