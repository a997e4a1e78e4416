"""Walk every page and every API operation and check that scoping holds for each of them.

Nothing here names a particular page: new routes are picked up on their own. What the walk
needs to know about a route (the objects its URL names, what a write sends) lives in
tests/scope_objects.py, which each app extends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from outpost.accounts.scope import OBJECT, PUBLIC, RULES
from outpost.core.models import AuditEvent
from tests import scope_objects as so

# The walk of every route, for every persona: the longest file of the suite.
pytestmark = pytest.mark.heavy

SKIPPED_PREFIXES = ("admin/", "api/", "static/")
DENIED = {403, 404}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Route:
    key: str  # the url name ("geo:unit_detail") or "METHOD /api/v1/path/{kwarg}"
    kwargs: tuple[str, ...]
    rule: str | None
    method: str = "GET"
    is_api: bool = False
    template: str = ""  # API path template
    view: Any = field(default=None, compare=False)

    @property
    def object_kwargs(self) -> list[str]:
        return [k for k in self.kwargs if k not in so.PLAIN_KWARGS]

    @property
    def writes(self) -> bool:
        return self.method in WRITE_METHODS if self.is_api else self.key in so.WRITE_ROUTES


def _walk(
    patterns: list[Any], prefix: str, namespace: str, kwargs: tuple[str, ...]
) -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        names = tuple(entry.pattern.regex.groupindex)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, ns, kwargs + names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {route!r}>"
            rule = getattr(entry.callback, "scope_rule", None)
            yield Route(key=name, kwargs=kwargs + names, rule=rule, view=entry.callback)


def django_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", "", ()))


PARAM = re.compile(r"{(?:\w+:)?(\w+)}")


def api_routes() -> list[Route]:
    from outpost.api import api

    found = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            template = "/api" + re.sub(r"/+", "/", f"/{bound.prefix}/{path}").rstrip("/")
            template = PARAM.sub(lambda m: "{" + m.group(1) + "}", template)
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append(
                        Route(
                            key=f"{method} {template}",
                            kwargs=tuple(PARAM.findall(template)),
                            rule=getattr(operation.view_func, "scope_rule", None),
                            method=method,
                            is_api=True,
                            template=template,
                            view=operation.view_func,
                        )
                    )
    return found


def all_routes() -> list[Route]:
    return django_routes() + api_routes()


def known(route: Route) -> bool:
    """Routes with kwargs the walk cannot fill are reported by the kwarg test, not here."""
    return all(k in so.OBJECTS or k in so.PLAIN_KWARGS for k in route.kwargs)


def walkable_routes() -> list[Route]:
    return [r for r in all_routes() if known(r)]


def ids_for(world: Any, side: str) -> Callable[[str], Any]:
    cache: dict[str, Any] = {}

    def ids(kwarg: str) -> Any:
        if kwarg not in cache:
            if kwarg in so.PLAIN_KWARGS:
                cache[kwarg] = so.PLAIN_KWARGS[kwarg](world)
            else:
                cache[kwarg] = getattr(so.OBJECTS[kwarg], side)(world)
        return cache[kwarg]

    return ids


def url_of(route: Route, ids: Callable[[str], Any]) -> str:
    values = {k: ids(k) for k in route.kwargs}
    if route.is_api:
        return PARAM.sub(lambda m: str(values[m.group(1)]), route.template)
    return reverse(route.key, kwargs=values)


def send(client: Client, route: Route, url: str, data: dict[str, Any] | None = None) -> Any:
    if route.is_api:
        method = getattr(client, route.method.lower())
        if route.method in WRITE_METHODS:
            return method(url, data or {}, content_type="application/json")
        return method(url, data or {})
    return client.post(url, data or {}) if data is not None else client.get(url)


def text_of(response: Any) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode("utf-8", errors="replace")


def fresh_client(world: Any, persona: str | None) -> Client:
    return world.client_for(persona) if persona else Client()


def write_data(route: Route, ids: Callable[[str], Any]) -> dict[str, Any]:
    table = so.API_WRITE_BODIES if route.is_api else so.WRITE_ROUTES
    factory = table.get(route.key)
    return factory(ids) if factory else {}


# --- declarations -------------------------------------------------------------------------


def test_every_page_and_api_operation_declares_a_scope_rule():
    missing = [r.key for r in all_routes() if r.rule not in RULES]
    assert not missing, f"These views/operations have no @scope_rule(...): {missing}"


def test_every_route_that_names_an_object_is_declared_as_object_scoped():
    wrong = [r.key for r in all_routes() if r.object_kwargs and r.rule != OBJECT]
    assert not wrong, f"These routes name an object in their URL but are not OBJECT-scoped: {wrong}"


def test_every_url_kwarg_is_known_to_the_scope_walk():
    unknown = {
        (r.key, k)
        for r in all_routes()
        for k in r.kwargs
        if k not in so.OBJECTS and k not in so.PLAIN_KWARGS
    }
    assert not unknown, (
        f"URL kwargs unknown to the scope walk: {sorted(unknown)}. Add each to OBJECTS (with "
        "hooks returning an object of post B and one of post A) or PLAIN_KWARGS in "
        "tests/scope_objects.py."
    )


def test_every_api_write_has_a_body_and_every_registered_write_exists():
    routes = all_routes()
    keys = {r.key for r in routes}
    missing = [r.key for r in routes if r.is_api and r.writes and r.key not in so.API_WRITE_BODIES]
    assert not missing, (
        f"API writes without a sample body: {missing}. Add them to API_WRITE_BODIES in "
        "tests/scope_objects.py."
    )
    stale = [k for k in [*so.WRITE_ROUTES, *so.API_WRITE_BODIES] if k not in keys]
    assert not stale, f"tests/scope_objects.py names routes that do not exist: {stale}"


def test_unnamed_pages_do_not_exist():
    unnamed = [r.key for r in django_routes() if r.key.startswith("<unnamed")]
    assert not unnamed, f"Name these URL patterns so they can be walked: {unnamed}"


# --- behaviour ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_a_cannot_open_or_change_any_object_of_post_b(world):
    other = ids_for(world, "other")
    failures = []
    for route in walkable_routes():
        if not route.object_kwargs:
            continue
        url = url_of(route, other)
        client = fresh_client(world, "officer_a")
        if not route.is_api or route.method == "GET":
            response = send(client, route, url)
            if response.status_code not in DENIED:
                failures.append(f"GET {url} ({route.key}) -> {response.status_code}")
        if not route.is_api or route.writes:
            before = AuditEvent.objects.count()
            data = write_data(route, other)
            if route.is_api:
                response = send(client, route, url, data) if route.writes else None
            else:
                response = send(client, route, url, data)
            if response is not None and response.status_code not in DENIED | {405}:
                failures.append(
                    f"{route.method if route.is_api else 'POST'} {url} -> {response.status_code}"
                )
            if AuditEvent.objects.count() != before:
                failures.append(f"writing to {url} as officer_a changed post B's records")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_api_writes_aimed_at_post_b_through_the_body_are_refused(world):
    other = ids_for(world, "other")
    failures = []
    for route in [r for r in api_routes() if known(r)]:
        if not route.writes or route.object_kwargs:
            continue
        before = AuditEvent.objects.count()
        response = send(
            fresh_client(world, "officer_a"), route, url_of(route, other), write_data(route, other)
        )
        if response.status_code not in DENIED:
            failures.append(f"{route.key} -> {response.status_code} {response.content[:200]!r}")
        if AuditEvent.objects.count() != before:
            failures.append(f"{route.key} wrote to post B's records")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_officer_a_can_open_the_objects_of_post_a(world):
    own = ids_for(world, "own")
    failures = []
    client = fresh_client(world, "officer_a")
    for route in walkable_routes():
        if not route.object_kwargs or route.method != "GET":
            continue
        response = send(client, route, url_of(route, own))
        if response.status_code == 404 or response.status_code >= 500:
            failures.append(f"{route.key} -> {response.status_code}")
    assert not failures, "Post A's own objects must open for officer_a:\n" + "\n".join(failures)


def _list_routes() -> list[Route]:
    return [
        r
        for r in walkable_routes()
        if not r.object_kwargs and r.method == "GET" and r.rule != PUBLIC
    ]


def _list_bodies(world: Any, persona: str, route: Route) -> Iterator[tuple[str, Any]]:
    client = fresh_client(world, persona)
    plain = ids_for(world, "own")
    url = url_of(route, plain)
    for query in so.LIST_QUERIES.get(route.key, [lambda w: {}]):
        params = query(world)
        response = client.get(url, params)
        yield f"{url}?{params}", response


@pytest.mark.django_db
def test_lists_hide_post_bs_records_from_officer_a_and_show_them_to_officer_b(world):
    hidden = [name(world) for name in so.OTHER_NAMES]
    failures = []
    for route in _list_routes():
        for where, response in _list_bodies(world, "officer_a", route):
            if response.status_code >= 500:
                failures.append(f"{where} -> {response.status_code}")
                continue
            leaked = [n for n in hidden if n in text_of(response)]
            if leaked:
                failures.append(f"{where} shows officer_a post B's {leaked}")
        expected = [name(world) for name in so.LIST_EXPECTED.get(route.key, [])]
        if expected:
            seen = "".join(text_of(r) for _, r in _list_bodies(world, "officer_b", route))
            missing = [n for n in expected if n not in seen]
            if missing:
                failures.append(f"{route.key} does not show officer_b their own {missing}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_registered_list_expectation_is_a_real_list_route(world):
    keys = {r.key for r in _list_routes()}
    stale = [k for k in [*so.LIST_EXPECTED, *so.LIST_QUERIES] if k not in keys]
    assert not stale, f"tests/scope_objects.py names list routes that do not exist: {stale}"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401(world):
    own = ids_for(world, "own")
    failures = []
    client = Client()
    for route in walkable_routes():
        if route.rule == PUBLIC:
            continue
        url = url_of(route, own)
        if route.is_api:
            response = send(client, route, url, write_data(route, own) if route.writes else None)
            if response.status_code != 401:
                failures.append(f"{route.key} -> {response.status_code}")
        else:
            response = client.get(url)
            if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
                failures.append(f"{route.key} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_commune_partner_cannot_write_anything(world):
    own = ids_for(world, "own")
    failures = []
    for route in walkable_routes():
        if route.rule == PUBLIC:
            continue
        if route.is_api and not route.writes:
            continue
        before = AuditEvent.objects.count()
        url = url_of(route, own)
        response = send(fresh_client(world, "partner_a1"), route, url, write_data(route, own))
        if route.writes and response.status_code not in DENIED:
            failures.append(f"{route.key} -> {response.status_code} (expected 403)")
        if response.status_code >= 500:
            failures.append(f"{route.key} -> {response.status_code}")
        if AuditEvent.objects.count() != before:
            failures.append(f"{route.key}: the read-only partner changed records")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_partner_is_refused_with_403_where_the_commune_is_theirs(world):
    client = fresh_client(world, "partner_a1")
    url = reverse("geo:village_edit", args=[world.village_a1.pk])
    assert client.post(url, {"name": "X", "kind": "ban"}).status_code == 403
    api = client.patch(
        f"/api/v1/geo/villages/{world.village_a1.pk}",
        {"name": "X"},
        content_type="application/json",
    )
    assert api.status_code == 403


@pytest.mark.django_db
def test_a_signed_in_user_without_a_role_sees_nothing(world):
    own = ids_for(world, "own")
    names = [n(world) for n in so.OTHER_NAMES + so.OWN_NAMES]
    failures = []
    for route in _list_routes():
        for where, response in _list_bodies(world, "outsider", route):
            leaked = [n for n in names if n in text_of(response)]
            if leaked or response.status_code >= 500:
                failures.append(f"{where} -> {response.status_code}, shows {leaked}")
    client = fresh_client(world, "outsider")
    for route in walkable_routes():
        if route.object_kwargs and route.method == "GET":
            response = send(client, route, url_of(route, own))
            if response.status_code not in DENIED:
                failures.append(f"{route.key} -> {response.status_code}")
    assert not failures, "\n".join(failures)
