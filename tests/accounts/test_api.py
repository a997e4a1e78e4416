def test_me_describes_the_caller_and_their_scope(world):
    body = world.client_for("officer_a").get("/api/v1/accounts/me").json()
    assert body["username"] == "officer_a"
    assert body["can_write"] is True
    assert world.commune_a1.pk in body["commune_ids"]
    assert world.commune_b1.pk not in body["commune_ids"]


def test_me_for_an_outsider_shows_an_empty_scope(world):
    body = world.client_for("outsider").get("/api/v1/accounts/me").json()
    assert body["commune_ids"] == [] and body["force_unit_ids"] == []
    assert body["can_write"] is False


def test_the_api_docs_render_without_any_cdn(world):
    response = world.client_for("officer_a").get("/api/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger" in body.lower()
    # Every script and stylesheet comes from the app itself, none from another host.
    assert "cdn.jsdelivr" not in body and "unpkg.com" not in body
    assert "https://" not in body and 'src="//' not in body and 'href="//' not in body
