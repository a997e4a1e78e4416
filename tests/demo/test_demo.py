import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client

from outpost.accounts.models import User
from outpost.accounts.scope import scope_for
from outpost.core.models import AuditEvent
from outpost.demo.context import DEMO_PASSWORD
from outpost.demo.models import DemoRun
from outpost.demo.plan import SON_LA
from outpost.demo.runner import build_demo
from outpost.force.models import AreaOfResponsibility, Cadre, ForceUnit, Posting
from outpost.geo.borders import border_unit_ids
from outpost.geo.models import AdminUnit, BorderFlag, Village

from .conftest import load_province

pytestmark = pytest.mark.heavy  # builds the demo: one of the longest files


def facts() -> dict:
    """What a reader of the demo would notice: names, counts and who is where."""
    return {
        "villages": list(Village.objects.order_by("commune__code", "name").values_list(
            "commune__code", "name", "is_border"
        )),
        "cadres": list(Cadre.objects.order_by("service_number").values_list(
            "service_number", "full_name", "rank", "position", "unit__code", "ethnic_group__name",
            "languages", "party_joined_on", "birth_year"
        )),
        "areas": sorted(
            AreaOfResponsibility.objects.values_list("force_unit__code", "commune__code")
        ),
        "users": sorted(User.objects.values_list("username", "role")),
    }  # fmt: skip


class Rollback(Exception):
    pass


def steps_without_households() -> list:
    from outpost.demo import runner

    return [s for s in runner.STEPS if s.name != "households"]


@pytest.fixture(autouse=True)
def _without_households(monkeypatch):
    """These tests are about units, force, cadres and users and build the demo many times; the
    households step (the slow one) has its own tests in test_households_step.py."""
    from outpost.demo import runner

    monkeypatch.setattr(runner, "STEPS", steps_without_households())


@pytest.fixture(scope="module")
def son_la_for_the_module(shared_database, django_db_blocker):
    """The real units of Sơn La, loaded once for this module; each test builds on them in its
    own transaction."""
    with django_db_blocker.unblock(), shared_database.scratch():
        yield load_province(14)


@pytest.fixture
def son_la(son_la_for_the_module, db):
    return son_la_for_the_module


@pytest.fixture(scope="class")
def demo(son_la_for_the_module, django_db_blocker):
    """One build (seed 1) for the tests that only read it, rolled back after the last."""
    from outpost.demo import runner

    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(runner, "STEPS", steps_without_households())
        with transaction.atomic():
            yield build_demo(seed=1)
            transaction.set_rollback(True)


def test_the_same_seed_builds_the_same_demo_twice(son_la):
    with pytest.raises(Rollback), transaction.atomic():
        build_demo(seed=7)
        first = facts()
        raise Rollback
    assert not Village.objects.exists()
    build_demo(seed=7)
    assert facts() == first
    assert len(first["cadres"]) > 200


def test_another_seed_builds_other_names_on_the_same_posts_and_communes(son_la):
    with pytest.raises(Rollback), transaction.atomic():
        build_demo(seed=1)
        first = facts()
        raise Rollback
    build_demo(seed=2)
    second = facts()
    assert second["areas"] == first["areas"]
    assert second["villages"] != first["villages"]
    assert second["cadres"] != first["cadres"]


def test_the_default_demo_is_shaped_like_son_la(son_la):
    call_command("demo", stdout=StringIO())
    command = ForceUnit.objects.get(code="BCH-14")
    assert command.name == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sơn La"
    assert command.parent.kind == ForceUnit.Kind.HIGH_COMMAND
    posts = ForceUnit.objects.filter(parent=command)
    assert posts.count() == len(SON_LA.posts) == 11
    assert posts.filter(kind=ForceUnit.Kind.BORDER_GATE_POST).count() == 1
    assert posts.get(code="DBP-14-MUONG-LEO").name == "Đồn Biên phòng Mường Lèo"
    assert ForceUnit.objects.filter(kind=ForceUnit.Kind.TEAM, parent__in=posts).count() == 34
    border = AdminUnit.objects.filter(pk__in=border_unit_ids(dt.date.today()))
    assert border.count() == 14
    flags = BorderFlag.objects.filter(unit__in=border)
    assert set(flags.values_list("countries", flat=True)) == {"LA"}
    assert set(border.values_list("parent", flat=True)) == {son_la.pk}
    assert border.filter(name="Xã Mường Lèo").exists()
    for commune in border:
        assert 8 <= commune.villages.count() <= 20
        assert all(v.name.startswith("Bản ") for v in commune.villages.all())
    for post in posts:
        assert 1 <= post.areas.count() <= 3
        assert Cadre.objects.filter(unit__in=[post, *post.children.all()]).count() >= 24


def test_every_object_the_demo_creates_has_a_command_line_audit_event(son_la):
    before = AuditEvent.objects.count()
    build_demo(seed=1)
    events = AuditEvent.objects.all()[: AuditEvent.objects.count() - before]
    assert {e.source for e in AuditEvent.objects.filter(pk__in=[e.pk for e in events])} == {
        AuditEvent.Source.CLI
    }
    created = {
        (e.object_type, e.object_id)
        for e in AuditEvent.objects.filter(action="create", source=AuditEvent.Source.CLI)
    }
    for model in (Village, ForceUnit, AreaOfResponsibility, Cadre, Posting, User, DemoRun):
        label = model._meta.label_lower
        for pk in model.objects.values_list("pk", flat=True):
            assert (label, str(pk)) in created, f"{label} {pk} has no audit event"
    flagged = AuditEvent.objects.filter(object_type="geo.borderflag", action="create")
    assert flagged.count() == 14
    assert all(e.changes["countries"] == [None, "LA"] for e in flagged)


def test_once_does_nothing_when_the_demo_is_already_loaded(son_la):
    call_command("demo", "--once", stdout=StringIO())
    counts = (Village.objects.count(), Cadre.objects.count(), AuditEvent.objects.count())
    out = StringIO()
    call_command("demo", "--once", stdout=out)
    assert "already loaded" in out.getvalue()
    assert (Village.objects.count(), Cadre.objects.count(), AuditEvent.objects.count()) == counts
    with pytest.raises(CommandError, match="already loaded"):
        call_command("demo", stdout=StringIO())


def test_scale_multiplies_villages_and_cadres(son_la):
    with pytest.raises(Rollback), transaction.atomic():
        build_demo(seed=1)
        normal = (Village.objects.count(), Cadre.objects.count())
        raise Rollback
    build_demo(seed=1, scale=2)
    assert Village.objects.count() > 1.7 * normal[0]
    assert Cadre.objects.count() > 1.7 * normal[1]


def test_demo_logins_prints_the_url_and_every_demo_user(son_la):
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo-logins", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    for username in ("national", "province", "commander", "officer", "partner"):
        assert username in text
    assert text.count(DEMO_PASSWORD) == 5
    assert "Đồn Biên phòng Mường Lèo" in text


class TestTheDemoOfSeedOne:
    """Tests that only read the demo share one build."""

    def test_each_post_has_a_command_team_leaders_and_mostly_party_members(self, demo, db):
        post = ForceUnit.objects.get(code="DBP-14-MUONG-LEO")
        cadres = Cadre.objects.filter(unit__in=[post, *post.children.all()])
        positions = set(cadres.values_list("position", flat=True))
        assert {"Đồn trưởng", "Chính trị viên", "Đội trưởng Đội vận động quần chúng"} <= positions
        commander = cadres.get(position="Đồn trưởng")
        assert commander.rank in {
            Cadre.Rank.LIEUTENANT_COLONEL,
            Cadre.Rank.SENIOR_LIEUTENANT_COLONEL,
        }
        assert commander.party_joined_on is not None
        members = cadres.filter(party_joined_on__isnull=False).count()
        assert members / cadres.count() > 0.6
        peoples = set(cadres.values_list("ethnic_group__name", flat=True))
        assert {"Kinh", "Thái"} <= peoples
        mass_team = cadres.filter(unit__code="DBP-14-MUONG-LEO-VDQC")
        assert all("Thái" in c.languages for c in mass_team)
        assert all(c.postings.filter(valid_to__isnull=True).count() == 1 for c in cadres)

    def test_there_is_a_demo_user_for_every_role_who_can_sign_in(self, demo, db):
        roles = set(User.objects.values_list("role", flat=True))
        assert roles == set(User.Role.values)
        for user in User.objects.all():
            assert Client().login(username=user.username, password=DEMO_PASSWORD)

    def test_the_post_users_see_exactly_their_posts_communes(self, demo, db):
        post = ForceUnit.objects.get(code="DBP-14-MUONG-LEO")
        post_communes = set(post.areas.values_list("commune_id", flat=True))
        for username in ("commander", "officer"):
            user = User.objects.get(username=username)
            scope = scope_for(user)
            assert scope.commune_ids == post_communes
            assert post.pk in scope.force_unit_ids
            assert user.cadre.unit_id in scope.force_unit_ids
        partner = scope_for(User.objects.get(username="partner"))
        assert partner.commune_ids == post_communes
        assert not partner.can_write
        province = scope_for(User.objects.get(username="province"))
        assert len(province.commune_ids) == 14
        assert scope_for(User.objects.get(username="national")).everything
