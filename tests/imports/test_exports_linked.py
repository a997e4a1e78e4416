"""The lists link to their exports, and the links work for the user."""

from django.urls import reverse


def test_list_pages_link_to_their_scoped_exports(world):
    client = world.client_for("officer_a")
    pages = {
        reverse("force:cadre_list"): "cadres",
        reverse("people:household_list"): "households",
        reverse("assign:overview"): "assignments",
        reverse("geo:unit_detail", args=[world.commune_a1.pk]): "villages",
    }
    for page, kind in pages.items():
        body = client.get(page).content.decode()
        for fmt in ("xlsx", "csv"):
            url = reverse("imports:export", kwargs={"kind": kind, "fmt": fmt})
            assert url in body, (page, url)
            assert client.get(url).status_code == 200
