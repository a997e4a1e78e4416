"""A branch committee is dated: formed, ended and formed again through the services, the pages
and the importer; "branches without a committee" counts on the date, before and after the
2025 merger and over a period, against a count of the committees the test wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outpost.core.audit import audited_create, history
from outpost.geo.models import Village
from outpost.geo.services import village_create
from outpost.grassroots import services
from outpost.grassroots.models import BranchCommittee, PartyBranch
from outpost.imports.engine import Importer
from outpost.reports import registry
from outpost.reports.groups import group_report
from tests.imports.conftest import write_workbook

pytestmark = pytest.mark.django_db

REORG = dt.date(2025, 7, 1)
DATES = [
    dt.date(2023, 6, 1),
    dt.date(2024, 6, 1),
    dt.date(2024, 10, 1),
    dt.date(2025, 7, 15),
    dt.date(2025, 9, 1),
]


@dataclass
class Branches:
    world: Any
    old: PartyBranch
    a1: PartyBranch
    a2: PartyBranch
    b1: PartyBranch


@pytest.fixture
def branches(world: Any) -> Branches:
    """Before the merger, the old commune's branch lost its committee on 1 March 2024 and
    elected a new one on 1 September 2024; after it, A1's branch got one on 1 August 2025,
    A2's has none, B1's has had one since it was established."""
    old_village = audited_create(
        Village(commune=world.old_commune_a1, name="Bản Cũ", valid_to=REORG), actor=None
    )
    old = services.party_branch_create(
        actor=None,
        village=old_village,
        name="Chi bộ bản Cũ",
        established_on=dt.date(2010, 1, 1),
        has_committee=True,
    )
    services.branch_committee_end(
        actor=None, branch=old, on=dt.date(2024, 3, 1), reason="members moved away"
    )
    services.branch_committee_form(actor=None, branch=old, on=dt.date(2024, 9, 1))
    services.party_branch_end(actor=None, branch=old, on=REORG, reason="communes merged")
    a1 = services.party_branch_create(
        actor=None, village=world.village_a1, name="Chi bộ Huổi Lếch", established_on=REORG
    )
    services.branch_committee_form(actor=None, branch=a1, on=dt.date(2025, 8, 1), decision="QĐ 7")
    a2 = services.party_branch_create(
        actor=None,
        village=village_create(actor=None, commune=world.commune_a2, name="Bản Nậm Ty"),
        name="Chi bộ Nậm Ty",
        established_on=REORG,
    )
    b1 = services.party_branch_create(
        actor=None,
        village=world.village_b1,
        name="Chi bộ Pá Lông",
        established_on=dt.date(2000, 1, 1),
        has_committee=True,
    )
    return Branches(world, old, a1, a2, b1)


def by_hand(commune_ids: set[int], on: dt.date) -> int:
    """Branches open on the date with no committee row covering it."""

    def valid(row: Any) -> bool:
        return (row.valid_from is None or row.valid_from <= on) and (
            row.valid_to is None or on < row.valid_to
        )

    committees = list(BranchCommittee.objects.all())
    return sum(
        1
        for b in PartyBranch.objects.select_related("village")
        if b.village.commune_id in commune_ids
        and valid(b)
        and not any(c.branch_id == b.pk and valid(c) for c in committees)
    )


def _communes(world: Any, on: dt.date) -> set[int]:
    if on < REORG:
        return {world.old_commune_a1.pk}
    return {world.commune_a1.pk, world.commune_a2.pk, world.commune_b1.pk}


def _without(unit: str, on: dt.date) -> int:
    return group_report("grassroots", unit, on=on)["indicators"]["branches_without_committee"]


@pytest.mark.parametrize("on", DATES)
def test_branches_without_a_committee_are_counted_on_the_date(
    branches: Branches, on: dt.date
) -> None:
    assert _without("14", on) == by_hand(_communes(branches.world, on), on)


def test_the_counts_written_out_follow_each_committee_s_dates(branches: Branches) -> None:
    assert _without("DBP-A", dt.date(2023, 6, 1)) == 0
    assert _without("DBP-A", dt.date(2024, 6, 1)) == 1  # between the two committees
    assert _without("DBP-A", dt.date(2024, 10, 1)) == 0
    assert _without("DBP-A", dt.date(2025, 7, 15)) == 2  # A1 and A2, new branches
    assert _without("DBP-A", dt.date(2025, 9, 1)) == 1  # A1 got its committee
    assert _without("DBP-B", dt.date(2025, 9, 1)) == 0


def test_over_a_period_the_count_is_that_of_the_period_s_last_day(branches: Branches) -> None:
    report = group_report(
        "grassroots", "DBP-A", date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 6, 30)
    )
    assert report["indicators"]["branches_without_committee"] == 1
    assert report["indicators"]["branches_without_committee"] == by_hand(
        {branches.world.old_commune_a1.pk}, dt.date(2024, 6, 30)
    )


def test_the_api_and_the_page_give_the_figure_with_its_label(branches: Branches) -> None:
    w = branches.world
    params = {"unit": "DBP-A", "on": "2025-07-15"}
    response = w.client_for("officer_a").get("/api/v1/reports/grassroots", params)
    assert response.status_code == 200
    assert response.json()["indicators"]["branches_without_committee"] == 2
    page = w.client_for("officer_a").get(reverse("reports:group", args=["grassroots"]), params)
    assert page.status_code == 200
    assert "Village Party branches without a branch committee" in page.content.decode()
    indicator = registry.get("branches_without_committee")
    assert indicator.label_vi == "Số chi bộ thôn, bản chưa có chi ủy"


def test_a_branch_ending_ends_its_committee_and_both_keep_their_history(
    branches: Branches,
) -> None:
    first, second = branches.old.committees.order_by("valid_from")
    assert (first.valid_from, first.valid_to) == (dt.date(2010, 1, 1), dt.date(2024, 3, 1))
    assert first.end_reason == "members moved away"
    assert (second.valid_from, second.valid_to) == (dt.date(2024, 9, 1), REORG)
    assert [e.action for e in history(second)] == ["end", "create"]


def test_a_committee_cannot_start_before_its_branch_or_overlap_another(branches: Branches) -> None:
    with pytest.raises(ValidationError, match="only once it is established"):
        services.branch_committee_form(actor=None, branch=branches.a2, on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="already has a committee"):
        services.branch_committee_form(actor=None, branch=branches.b1, on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="no committee to end"):
        services.branch_committee_end(
            actor=None, branch=branches.a2, on=dt.date(2025, 9, 1), reason="none"
        )
    with pytest.raises(ValidationError, match="has ended"):
        services.branch_committee_form(actor=None, branch=branches.old, on=dt.date(2025, 1, 1))


def test_setting_the_committee_again_writes_nothing(branches: Branches) -> None:
    before = BranchCommittee.objects.count()
    services.branch_committee_set(
        actor=None, branch=branches.b1, has_committee=True, on=dt.date(2025, 9, 1)
    )
    services.branch_committee_set(
        actor=None, branch=branches.a2, has_committee=False, on=dt.date(2025, 9, 1)
    )
    assert BranchCommittee.objects.count() == before


def test_the_edit_page_records_the_day_the_branch_lost_its_committee(branches: Branches) -> None:
    client = branches.world.client_for("officer_a")
    edit = reverse("grassroots:branch_edit", kwargs={"branch_id": branches.a1.pk})
    response = client.post(
        edit,
        {
            "name": "Chi bộ Huổi Lếch",
            "established_on": REORG.isoformat(),
            "committee_changed_on": "2025-10-01",
        },
    )
    assert response.status_code == 302
    assert branches.a1.has_committee_on(dt.date(2025, 9, 30))
    assert not branches.a1.has_committee_on(dt.date(2025, 10, 1))
    detail = client.get(reverse("grassroots:branch_detail", kwargs={"branch_id": branches.a1.pk}))
    assert "committee from 2025-08-01 to 2025-10-01" in detail.content.decode()


def _branches_sheet(has_committee: str) -> dict[str, Any]:
    return {
        "branches": [
            {
                "commune_code": "04087",
                "village": "Bản Huổi Lếch",
                "name": "Chi bộ bản Huổi Lếch",
                "established_on": dt.date(2015, 3, 1),
                "has_committee": has_committee,
            }
        ]
    }


def test_the_branches_sheet_writes_dated_committees(world: Any, tmp_path: Any) -> None:
    first = write_workbook(tmp_path / "first.xlsx", _branches_sheet("x"))
    report = Importer(file_name="first.xlsx").run(first)
    assert report.errors == [] and report.written
    branch = PartyBranch.objects.get(name="Chi bộ bản Huổi Lếch")
    (committee,) = branch.committees.all()
    assert (committee.valid_from, committee.valid_to) == (dt.date(2015, 3, 1), None)
    Importer(file_name="first.xlsx").run(first)
    assert branch.committees.count() == 1  # imported again: nothing new
    second = write_workbook(tmp_path / "second.xlsx", _branches_sheet("không"))
    report = Importer(file_name="second.xlsx", imported_on=dt.date(2025, 12, 1)).run(second)
    assert report.errors == []
    committee.refresh_from_db()
    assert committee.valid_to == dt.date(2025, 12, 1)
    assert _without("04087", dt.date(2025, 11, 30)) == 0
    assert _without("04087", dt.date(2025, 12, 1)) == 1


def test_the_api_records_a_committee_for_the_post_and_not_for_another(branches: Branches) -> None:
    w = branches.world
    url = f"/api/v1/grassroots/branches/{branches.a2.pk}/committee"
    body = {"has_committee": True, "on": "2025-09-01"}
    refused = w.client_for("officer_b").post(url, body, content_type="application/json")
    assert refused.status_code == 404
    assert not branches.a2.committees.exists()
    response = w.client_for("officer_a").post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["has_committee"] is True
    (committee,) = branches.a2.committees.all()
    assert committee.valid_from == dt.date(2025, 9, 1)
    assert _without("DBP-A", dt.date(2025, 9, 1)) == 0
    ended = w.client_for("officer_a").post(
        url,
        {"has_committee": False, "on": "2025-11-01", "reason": "dissolved"},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["has_committee"] is False
    committee.refresh_from_db()
    assert (committee.valid_to, committee.end_reason) == (dt.date(2025, 11, 1), "dissolved")
    too_early = w.client_for("officer_a").post(
        url, {"has_committee": True, "on": "2025-01-01"}, content_type="application/json"
    )
    assert too_early.status_code == 422
    assert "only once it is established" in too_early.json()["detail"]
