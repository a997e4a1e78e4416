"""Sheets written row by row through their apps' services, one module per kind of record
(see `base`). `KINDS` maps a sheet key (`spec`) to the class that writes its rows, `EXPORTS`
an export kind to the list it exports with the sheet's headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from outpost.imports.kinds.activities import ActivitySheet, activities_export
from outpost.imports.kinds.base import ServiceSheet
from outpost.imports.kinds.border import (
    MarkerSheet,
    PatrolSheet,
    SegmentSheet,
    markers_export,
    patrols_export,
    segments_export,
)
from outpost.imports.kinds.border_flags import BorderFlagSheet, border_flags_export
from outpost.imports.kinds.candidates import CandidateSheet, candidates_export
from outpost.imports.kinds.enrollments import EnrollmentSheet, enrollments_export
from outpost.imports.kinds.force import (
    AreaSheet,
    ForceUnitSheet,
    PostingSheet,
    areas_export,
    force_units_export,
    postings_export,
)
from outpost.imports.kinds.incidents import IncidentSheet, incidents_export
from outpost.imports.kinds.organisations import (
    ConsolidationSheet,
    OrganisationSheet,
    consolidations_export,
    organisations_export,
)
from outpost.imports.kinds.outcomes import (
    ConversionSheet,
    HouseSheet,
    LoanSheet,
    conversions_export,
    houses_export,
    loans_export,
)
from outpost.imports.kinds.security import (
    GroupMemberSheet,
    GroupSheet,
    SecurityStatusSheet,
    TwinVillageSheet,
    groups_export,
    members_export,
    statuses_export,
    twin_villages_export,
)
from outpost.imports.kinds.village_cadres import VillageCadreSheet, village_cadres_export
from outpost.imports.kinds.village_changes import VillageChangeSheet, village_changes_export
from outpost.imports.kinds.works import WorkSheet, works_export

KINDS: dict[str, type[ServiceSheet]] = {
    kind.sheet.key: kind
    for kind in (
        ForceUnitSheet,
        AreaSheet,
        PostingSheet,
        CandidateSheet,
        OrganisationSheet,
        ConsolidationSheet,
        WorkSheet,
        SegmentSheet,
        MarkerSheet,
        PatrolSheet,
        IncidentSheet,
        ActivitySheet,
        EnrollmentSheet,
        ConversionSheet,
        LoanSheet,
        HouseSheet,
        SecurityStatusSheet,
        GroupSheet,
        GroupMemberSheet,
        TwinVillageSheet,
        VillageCadreSheet,
        VillageChangeSheet,
        BorderFlagSheet,
    )
}

EXPORTS: dict[str, Callable[[Any], Any]] = {
    "force_units": force_units_export,
    "areas_of_responsibility": areas_export,
    "postings": postings_export,
    "party_candidates": candidates_export,
    "mass_organisations": organisations_export,
    "consolidations": consolidations_export,
    "works": works_export,
    "border_segments": segments_export,
    "border_markers": markers_export,
    "patrols": patrols_export,
    "incidents": incidents_export,
    "activities": activities_export,
    "enrollments": enrollments_export,
    "conversions": conversions_export,
    "loans": loans_export,
    "houses": houses_export,
    "security_statuses": statuses_export,
    "self_governing_groups": groups_export,
    "group_members": members_export,
    "twin_villages": twin_villages_export,
    "village_cadres": village_cadres_export,
    "village_changes": village_changes_export,
    "border_flags": border_flags_export,
}
