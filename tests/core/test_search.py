from django.urls import reverse

from outpost.core.search import search


def _labels(hits):
    return [h.label for h in hits]


def test_search_ignores_diacritics(world):
    hits = search("muong nhe", world_scope(world, "officer_a"))
    assert "Xã Mường Nhé (04087)" in _labels(hits)


def test_search_finds_villages_force_units_and_cadres(world):
    scope = world_scope(world, "officer_a")
    assert "Bản Huổi Lếch" in _labels(search("huoi lech", scope))
    assert "Đồn Biên phòng A" in _labels(search("don bien phong", scope))
    assert "Lò Văn Pánh" in _labels(search("LO VAN PANH", scope))


def test_search_never_shows_another_posts_records(world):
    scope = world_scope(world, "officer_a")
    labels = _labels(search("muong", scope) + search("pa long", scope) + search("giang", scope))
    assert "Xã Mường Lèo (04240)" not in labels
    assert "Bản Pá Lông" not in labels
    assert "Giàng A Chử" not in labels
    assert "Xã Mường Nhé (04087)" in labels


def test_search_shows_nothing_to_an_outsider(world):
    assert search("muong", world_scope(world, "outsider")) == []


def test_the_search_page_links_to_the_record(world):
    page = world.client_for("officer_b").get(reverse("core:search") + "?q=pa long")
    body = page.content.decode()
    assert reverse("geo:village_detail", args=[world.village_b1.pk]) in body


def world_scope(world, persona):
    from outpost.accounts.scope import scope_for

    return scope_for(world.users[persona])
