from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from outpost.assign import services as assign_services
from outpost.assign.models import BranchMembership
from outpost.core.audit import history
from outpost.grassroots import services
from outpost.grassroots.models import PartyBranch


def test_a_branch_is_recorded_edited_and_ended_with_an_audit_trail(world):
    branch = services.party_branch_create(
        actor=None,
        village=world.village_a1,
        name=" Chi bộ Huổi Lếch ",
        established_on=dt.date(2010, 3, 1),
    )
    assert branch.name == "Chi bộ Huổi Lếch" and branch.established_on == dt.date(2010, 3, 1)
    services.party_branch_update(
        actor=None,
        branch=branch,
        has_committee=True,
        committee_changed_on=dt.date(2015, 1, 1),
        member_count=12,
    )
    services.party_branch_end(actor=None, branch=branch, on=dt.date(2026, 1, 1), reason="merged")
    branch.refresh_from_db()
    assert branch.valid_to == dt.date(2026, 1, 1)
    assert not branch.has_committee_on(dt.date(2014, 12, 31))
    assert branch.has_committee_on(dt.date(2025, 12, 31))
    assert not branch.has_committee_on(dt.date(2026, 1, 1))  # it ended with the branch
    assert [e.action for e in history(branch)] == ["end", "update", "create"]
    (committee,) = branch.committees.all()
    assert [e.action for e in history(committee)] == ["end", "create"]


def test_a_village_has_one_open_branch(world, branch_a1):
    with pytest.raises(ValidationError, match="already has a Party branch"):
        services.party_branch_create(actor=None, village=world.village_a1, name="Another")


def test_the_village_cannot_be_changed_through_an_update(world, branch_a1):
    with pytest.raises(ValidationError):
        services.party_branch_update(actor=None, branch=branch_a1, village=world.village_b1)


def test_ending_a_branch_ends_the_posts_memberships_in_it(world, branch_a1):
    m = assign_services.branch_join(
        actor=None, cadre=world.cadre_a, branch=branch_a1, valid_from=dt.date(2025, 8, 1)
    )
    services.party_branch_end(
        actor=None, branch=branch_a1, on=dt.date(2025, 12, 1), reason="dissolved"
    )
    m.refresh_from_db()
    assert m.valid_to == dt.date(2025, 12, 1)
    with pytest.raises(ValidationError):
        services.party_branch_end(
            actor=None, branch=branch_a1, on=dt.date(2026, 1, 1), reason="again"
        )


def test_branch_pages_create_edit_and_end(world):
    client = world.client_for("officer_a")
    url = reverse("grassroots:branch_create", kwargs={"village_id": world.village_a1.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Chi bộ A", "established_on": "2001-01-01", "has_committee": "on"}
    )
    assert response.status_code == 302
    branch = PartyBranch.objects.get(name="Chi bộ A")
    edit = reverse("grassroots:branch_edit", kwargs={"branch_id": branch.pk})
    assert (
        client.post(edit, {"name": "Chi bộ Huổi Lếch", "established_on": "2001-01-01"}).status_code
        == 302
    )
    branch.refresh_from_db()
    assert branch.name == "Chi bộ Huổi Lếch" and not branch.has_committee
    assert client.get(reverse("grassroots:branch_list")).status_code == 200
    assert (
        client.get(reverse("grassroots:branch_detail", kwargs={"branch_id": branch.pk})).status_code
        == 200
    )
    end = reverse("grassroots:branch_end", kwargs={"branch_id": branch.pk})
    assert client.post(end, {"on": "2026-01-01", "reason": "merged"}).status_code == 302
    branch.refresh_from_db()
    assert branch.valid_to == dt.date(2026, 1, 1)


def test_officer_a_cannot_see_or_change_post_b_branches(world, branch_b1):
    client = world.client_for("officer_a")
    for name in ("branch_detail", "branch_edit", "branch_end"):
        assert (
            client.get(
                reverse(f"grassroots:{name}", kwargs={"branch_id": branch_b1.pk})
            ).status_code
            == 404
        )
    create = reverse("grassroots:branch_create", kwargs={"village_id": world.village_b1.pk})
    assert client.post(create, {"name": "x"}).status_code == 404
    body = client.get(reverse("grassroots:branch_list")).content.decode()
    assert branch_b1.name not in body


def test_a_commune_partner_reads_branches_but_cannot_change_them(world, branch_a1):
    client = world.client_for("partner_a1")
    assert (
        client.get(
            reverse("grassroots:branch_detail", kwargs={"branch_id": branch_a1.pk})
        ).status_code
        == 200
    )
    edit = reverse("grassroots:branch_edit", kwargs={"branch_id": branch_a1.pk})
    assert client.post(edit, {"name": "x"}).status_code == 403
    assert not BranchMembership.objects.exists()
