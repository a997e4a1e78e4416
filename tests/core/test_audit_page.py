from outpost.people.services import household_create, resident_add


def _resident_with_religion(world):
    commander = world.users["commander_a"]
    household = household_create(actor=commander, village=world.village_a1, code="HH-1")
    resident_add(
        actor=commander,
        household=household,
        full_name="Lò Thị Xuân",
        relation="head",
        sex="F",
        birth_year=1980,
        religion="Tin Lành",
    )


def test_the_audit_page_hides_sensitive_values_from_a_post_officer(world):
    _resident_with_religion(world)
    response = world.client_for("officer_a").get("/audit/?type=people.resident")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lò Thị Xuân" in body
    assert "Tin Lành" not in body
    assert "•••" in body


def test_the_audit_page_shows_sensitive_values_to_the_post_commander(world):
    _resident_with_religion(world)
    body = world.client_for("commander_a").get("/audit/?type=people.resident").content.decode()
    assert "Tin Lành" in body


def test_the_audit_page_lists_only_events_in_the_users_scope(world):
    body = world.client_for("officer_a").get("/audit/?type=geo.village").content.decode()
    assert "Bản Huổi Lếch" in body
    assert "Bản Pá Lông" not in body
