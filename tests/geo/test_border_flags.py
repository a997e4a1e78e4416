"""Dated border flags on units of any level, old or new: the services' rules, `geo
set-border` and `geo propose-border`, the unit page's section and the API."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from outpost.core.audit import history
from outpost.core.models import AuditEvent
from outpost.force.services import area_assign
from outpost.geo.borders import border_flag_on, border_proposal, border_proposals, flag_history
from outpost.geo.models import AdminUnit, BorderFlag, UnitChange
from outpost.geo.services import (
    admin_unit_create,
    border_flag_end,
    border_flag_set,
    unit_change_create,
)

pytestmark = pytest.mark.django_db
D = dt.date
REORG = D(2025, 7, 1)


def sin_thau(world) -> tuple[AdminUnit, AdminUnit, AdminUnit]:
    """New Xã Sín Thầu (post A's, not flagged) formed in 2025 from old Leng Su Sìn and Sen
    Thượng (flagged LA and CN until then)."""
    new = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="03158",
        name="Xã Sín Thầu",
        parent=world.province,
        valid_from=REORG,
    )
    area_assign(actor=None, force_unit=world.post_a, commune=new, valid_from=REORG)
    olds = []
    for code, name, country in (
        ("03158", "Xã Leng Su Sìn", "LA"),
        ("03155", "Xã Sen Thượng", "CN"),
    ):
        old = admin_unit_create(
            actor=None,
            level=AdminUnit.Level.COMMUNE,
            code=code,
            name=name,
            parent=world.old_commune_a1.parent,
            valid_to=REORG,
        )
        unit_change_create(
            actor=None,
            from_unit=old,
            to_unit=new,
            effective=REORG,
            kind=UnitChange.Kind.MERGED_WHOLE,
        )
        border_flag_set(actor=None, unit=old, countries=[country])
        olds.append(old)
    return new, olds[0], olds[1]


def countries_on(unit: AdminUnit, on: dt.date) -> str | None:
    flag = border_flag_on(unit, on)
    return flag.countries if flag else None


# --- services -----------------------------------------------------------------------------


def test_a_new_flag_ends_the_one_running_on_its_first_day(world):
    border_flag_set(
        actor=None, unit=world.commune_a2, countries=["cn", "LA"], valid_from=D(2026, 1, 1)
    )
    flags = flag_history(world.commune_a2)
    assert [(f.countries, f.valid_from, f.valid_to) for f in flags] == [
        ("LA", REORG, D(2026, 1, 1)),
        ("CN,LA", D(2026, 1, 1), None),
    ]
    assert (
        countries_on(world.commune_a2, D(2025, 12, 31)),
        countries_on(world.commune_a2, D(2026, 1, 1)),
    ) == ("LA", "CN,LA")
    actions = [e.action for e in history(flags[0]).order_by("pk")]
    assert actions == ["create", "end"]


def test_setting_the_same_flag_again_writes_nothing(world):
    before = AuditEvent.objects.count()
    flag = border_flag_set(actor=None, unit=world.commune_a2, countries="LA")
    assert AuditEvent.objects.count() == before
    assert BorderFlag.objects.filter(unit=world.commune_a2).count() == 1
    assert flag.valid_from == REORG


def test_an_old_communes_flag_ends_with_the_commune_and_cannot_outlive_it(world):
    flag = border_flag_set(
        actor=None, unit=world.old_commune_a1, countries=["LA"], valid_from=D(2021, 1, 1)
    )
    assert (flag.valid_from, flag.valid_to) == (D(2021, 1, 1), REORG)
    with pytest.raises(ValidationError, match="Xã Chiềng On"):
        border_flag_set(
            actor=None,
            unit=world.old_commune_a1,
            countries=["LA"],
            valid_from=D(2021, 1, 1),
            valid_to=D(2026, 1, 1),
        )


def test_overlapping_flags_unknown_countries_and_no_country_are_refused(world):
    border_flag_set(
        actor=None,
        unit=world.old_commune_a1,
        countries=["LA"],
        valid_from=D(2022, 1, 1),
        valid_to=D(2023, 1, 1),
    )
    with pytest.raises(ValidationError, match="already has a border flag from 2022-01-01"):
        border_flag_set(
            actor=None,
            unit=world.old_commune_a1,
            countries=["LA"],
            valid_from=D(2021, 1, 1),
            valid_to=D(2022, 6, 1),
        )
    with pytest.raises(ValidationError, match="Unknown country TH"):
        border_flag_set(actor=None, unit=world.old_commune_a1, countries=["TH", "LA"])
    with pytest.raises(ValidationError, match="at least one neighbouring country"):
        border_flag_set(actor=None, unit=world.old_commune_a1, countries=[])


def test_ending_a_flag_keeps_it_in_the_records(world):
    flag = border_flag_on(world.commune_a2, D(2026, 1, 1))
    assert flag is not None
    border_flag_end(actor=None, flag=flag, on=D(2026, 3, 1), reason="boundary survey")
    flag.refresh_from_db()
    assert (flag.valid_to, flag.end_reason) == (D(2026, 3, 1), "boundary survey")
    assert countries_on(world.commune_a2, D(2026, 3, 1)) is None
    with pytest.raises(ValidationError, match="already ended on 2026-03-01"):
        border_flag_end(actor=None, flag=flag, on=D(2026, 6, 1))


def test_a_province_can_be_flagged_too(world):
    old_province = world.old_commune_a1.parent
    flag = border_flag_set(actor=None, unit=old_province, countries=["LA"])
    assert (flag.valid_from, flag.valid_to) == (None, REORG)
    assert countries_on(old_province, D(2020, 1, 1)) == "LA"


# --- geo set-border -----------------------------------------------------------------------


def test_set_border_flags_an_old_commune_read_on_the_from_date(world):
    out = StringIO()
    call_command(
        "geo", "set-border", "04084", "--countries", "LA", "--from", "2020-01-01", stdout=out
    )
    flag = BorderFlag.objects.get(unit=world.old_commune_a1)
    assert (flag.countries, flag.valid_from, flag.valid_to) == ("LA", D(2020, 1, 1), REORG)
    assert "Xã Chiềng On (04084): LA 2020-01-01 – 2025-07-01" in out.getvalue()
    event = AuditEvent.objects.get(object_type="geo.borderflag", object_id=str(flag.pk))
    assert event.source == AuditEvent.Source.CLI


def test_set_border_refuses_a_reused_code_without_a_date_naming_both_units(world):
    leng_su_sin = admin_unit_create(
        actor=None,
        level=AdminUnit.Level.COMMUNE,
        code="04087",
        name="Xã Leng Su Sìn",
        parent=world.old_commune_a1.parent,
        valid_to=REORG,
    )
    with pytest.raises(CommandError) as refused:
        call_command("geo", "set-border", "04087", "--countries", "CN", stdout=StringIO())
    message = str(refused.value)
    assert "Xã Leng Su Sìn (until 2025-06-30)" in message
    assert "Xã Mường Nhé (from 2025-07-01)" in message
    assert "04087@2025-06-30" in message  # the way to say which one is meant
    call_command(
        "geo", "set-border", "04087", "--countries", "CN", "--from", "2024-01-01", stdout=StringIO()
    )
    assert countries_on(leng_su_sin, D(2024, 6, 30)) == "CN"
    assert countries_on(world.commune_a1, D(2026, 1, 1)) == "LA"  # the new one is untouched


def test_set_border_off_ends_the_flag_on_the_date_and_refuses_a_unit_without_one(world):
    call_command("geo", "set-border", "04099", "--off", "--from", "2026-02-01", stdout=StringIO())
    assert countries_on(world.commune_a2, D(2026, 1, 31)) == "LA"
    assert countries_on(world.commune_a2, D(2026, 2, 1)) is None
    with pytest.raises(CommandError, match="not a border unit on 2024-01-01"):
        call_command("geo", "set-border", "04084", "--off", "--from", "2024-01-01")
    with pytest.raises(CommandError, match="No commune has code 04085"):
        call_command("geo", "set-border", "04085", "--countries", "LA", "--from", "2024-01-01")


# --- proposals ----------------------------------------------------------------------------


def test_a_new_commune_is_proposed_its_predecessors_countries(world):
    new, _leng_su_sin, _sen_thuong = sin_thau(world)
    proposal = border_proposal(new)
    assert proposal is not None
    assert (proposal.countries, proposal.on, proposal.source_names) == (
        ["CN", "LA"],
        REORG,
        "Xã Sen Thượng, Xã Leng Su Sìn",
    )
    assert [p.unit for p in border_proposals()] == [new]


def test_no_proposal_for_a_flagged_commune_or_unflagged_predecessors(world):
    assert border_proposal(world.commune_a1) is None  # flagged from its first day
    assert border_proposals() == []  # Chiềng On, A1's predecessor, was never flagged


def test_propose_border_prints_json_and_applies_the_proposals(world):
    new, leng_su_sin, sen_thuong = sin_thau(world)
    out = StringIO()
    call_command("geo", "propose-border", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["applied"] is False
    assert document["proposals"] == [
        {
            "unit": {"id": new.pk, "code": "03158", "name": "Xã Sín Thầu"},
            "on": "2025-07-01",
            "countries": ["CN", "LA"],
            "from": [
                {
                    "id": sen_thuong.pk,
                    "code": "03155",
                    "name": "Xã Sen Thượng",
                    "countries": ["CN"],
                },
                {
                    "id": leng_su_sin.pk,
                    "code": "03158",
                    "name": "Xã Leng Su Sìn",
                    "countries": ["LA"],
                },
            ],
        }
    ]
    assert not BorderFlag.objects.filter(unit=new).exists()
    out = StringIO()
    call_command("geo", "propose-border", "--apply", stdout=out)
    assert "Xã Sín Thầu (03158) from 2025-07-01: CN,LA from Xã Sen Thượng, Xã Leng Su Sìn" in (
        out.getvalue()
    )
    assert "1 flag(s) set." in out.getvalue()
    assert countries_on(new, REORG) == "CN,LA"
    assert border_proposals() == []


# --- the unit page ------------------------------------------------------------------------


def test_the_commune_page_shows_the_proposal_and_staff_accept_it(world):
    new, _leng_su_sin, _sen_thuong = sin_thau(world)
    url = reverse("geo:unit_detail", args=[new.pk])
    body = world.client_for("officer_a").get(url).content.decode()
    assert "Proposed: CN,LA from Xã Sen Thượng, Xã Leng Su Sìn (from 2025-07-01)." in body
    accept = reverse("geo:border_proposal_accept", args=[new.pk])
    assert accept in body
    assert world.client_for("officer_b").post(accept).status_code == 404
    assert world.client_for("officer_a").post(accept).status_code == 302
    flag = BorderFlag.objects.get(unit=new)
    assert (flag.countries, flag.valid_from) == ("CN,LA", REORG)
    assert history(flag).get().source == AuditEvent.Source.WEB


def test_staff_set_and_end_an_old_communes_flag_from_its_page(world):
    client = world.client_for("officer_a")
    unit = world.old_commune_a1
    response = client.post(
        reverse("geo:border_flag_set", args=[unit.pk]),
        {"countries": ["LA", "CN"], "valid_from": "2022-01-01"},
    )
    assert response.status_code == 302
    flag = BorderFlag.objects.get(unit=unit)
    assert (flag.countries, flag.valid_from, flag.valid_to) == ("CN,LA", D(2022, 1, 1), REORG)
    body = client.get(reverse("geo:unit_detail", args=[unit.pk])).content.decode()
    assert "CN,LA" in body and "2022-01-01" in body
    end = reverse("geo:border_flag_end", args=[unit.pk, flag.pk])
    refused = client.post(end, {"on": "2021-01-01", "reason": "survey"})
    assert refused.status_code == 200  # the form again, with the error
    assert "The end must come after the start." in refused.content.decode()
    assert client.post(end, {"on": "2024-01-01", "reason": "survey"}).status_code == 302
    flag.refresh_from_db()
    assert (flag.valid_to, flag.end_reason) == (D(2024, 1, 1), "survey")


def test_the_read_only_partner_sees_the_flags_but_no_form_and_cannot_set_one(world):
    client = world.client_for("partner_a1")
    unit = world.commune_a1
    body = client.get(reverse("geo:unit_detail", args=[unit.pk])).content.decode()
    set_url = reverse("geo:border_flag_set", args=[unit.pk])
    assert "Border flag" in body and set_url not in body
    assert client.post(set_url, {"countries": ["CN"]}).status_code == 403
    assert countries_on(unit, D(2026, 1, 1)) == "LA"


def test_another_posts_staff_cannot_open_or_flag_the_commune(world):
    client = world.client_for("officer_b")
    unit = world.commune_a1
    flag = border_flag_on(unit, REORG)
    assert flag is not None
    before = AuditEvent.objects.count()
    assert client.get(reverse("geo:unit_detail", args=[unit.pk])).status_code == 404
    assert (
        client.post(reverse("geo:border_flag_set", args=[unit.pk]), {"countries": ["CN"]})
    ).status_code == 404
    end = reverse("geo:border_flag_end", args=[unit.pk, flag.pk])
    assert client.post(end, {"on": "2026-01-01", "reason": "x"}).status_code == 404
    assert client.get(f"/api/v1/geo/units/{unit.pk}/border-flags").status_code == 404
    api_end = client.post(
        f"/api/v1/geo/units/{unit.pk}/border-flags/{flag.pk}/end",
        {"on": "2026-01-01"},
        content_type="application/json",
    )
    assert api_end.status_code == 404
    assert AuditEvent.objects.count() == before


def test_the_province_page_shows_each_communes_border_status_on_its_own_day(world):
    border_flag_set(actor=None, unit=world.old_commune_a1, countries=["CN"])
    url = reverse("geo:unit_detail", args=[world.old_commune_a1.parent_id])
    body = world.client_for("officer_a").get(url, {"past": "1"}).content.decode()
    assert "Xã Chiềng On" in body
    assert '<span class="badge">border</span> CN' in body


# --- the API ------------------------------------------------------------------------------


def test_the_api_lists_sets_and_ends_a_units_flags(world):
    client = world.client_for("officer_a")
    base = f"/api/v1/geo/units/{world.commune_a2.pk}/border-flags"
    created = client.post(
        base, {"countries": ["KH"], "valid_from": "2026-01-01"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    new = created.json()
    assert (new["countries"], new["valid_from"], new["valid_to"]) == (["KH"], "2026-01-01", None)
    listed = client.get(base).json()
    assert [(f["countries"], f["valid_from"], f["valid_to"]) for f in listed] == [
        (["LA"], "2025-07-01", "2026-01-01"),
        (["KH"], "2026-01-01", None),
    ]
    ended = client.post(
        f"{base}/{new['id']}/end",
        {"on": "2026-05-01", "reason": "survey"},
        content_type="application/json",
    )
    assert ended.status_code == 200
    assert (ended.json()["valid_to"], ended.json()["end_reason"]) == ("2026-05-01", "survey")
    bad = client.post(base, {"countries": ["TH"]}, content_type="application/json")
    assert bad.status_code == 422 and "TH" in bad.json()["detail"]


def test_the_api_units_say_whether_they_were_border_units_on_the_date(world):
    border_flag_set(actor=None, unit=world.old_commune_a1, countries=["LA"])
    client = world.client_for("officer_a")
    old = client.get("/api/v1/geo/units?level=commune&on=2024-01-01").json()["items"]
    assert [(u["name"], u["is_border"], u["border_countries"]) for u in old] == [
        ("Xã Chiềng On", True, ["LA"])
    ]
    new = client.get("/api/v1/geo/units?level=commune").json()["items"]
    assert {(u["name"], u["is_border"]) for u in new} == {
        ("Xã Mường Nhé", True),
        ("Xã Phiêng Khoài", True),
    }


def test_only_those_who_see_everything_flag_a_province(world):
    url = f"/api/v1/geo/units/{world.province.pk}/border-flags"
    body = {"countries": ["LA"]}
    refused = world.client_for("province_staff").post(url, body, content_type="application/json")
    assert refused.status_code == 403
    page = world.client_for("province_staff").post(
        reverse("geo:border_flag_set", args=[world.province.pk]), {"countries": ["LA"]}
    )
    assert page.status_code == 403
    assert not BorderFlag.objects.filter(unit=world.province).exists()


# --- messages -----------------------------------------------------------------------------


def test_the_refusals_are_written_in_vietnamese_and_in_english(world):
    def refusal(language: str) -> str:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            border_flag_set(actor=None, unit=world.old_commune_a1, countries=["TH"])
        return " ".join(refused.value.messages)

    assert refusal("en") == "Unknown country TH: use CN, LA, KH."
    assert refusal("vi") == "Mã nước không hợp lệ TH: dùng CN, LA, KH."


@pytest.mark.vietnamese
def test_the_border_section_and_the_proposal_read_in_vietnamese(world):
    new, _leng_su_sin, _sen_thuong = sin_thau(world)
    body = (
        world.client_for("officer_a")
        .get(reverse("geo:unit_detail", args=[new.pk]))
        .content.decode()
    )
    assert "Đánh dấu biên giới" in body
    assert "Đề xuất: CN,LA theo Xã Sen Thượng, Xã Leng Su Sìn (từ ngày 2025-07-01)." in body
    assert "Chấp nhận đánh dấu được đề xuất" in body
    assert "Proposed:" not in body
