"""The JSON API under /api/v1/: one NinjaAPI, a router per app, OpenAPI docs at /api/docs.

Every operation must declare a scope rule (`outpost.accounts.scope.scope_rule`), exactly like
the pages; the route-walking test fails on one that does not. Authentication is the session
(for pages calling the API) or a bearer token (`outpost token create USER`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import APIKeyCookie, HttpBearer

from outpost.accounts.scope import scope_for


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from outpost.accounts.services import token_user

        user = token_user(raw=token)
        if user is None:
            return None
        request.user = user
        request.scope = scope_for(user)  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; CSRF is checked for unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is no session to forge a request with: skip the CSRF
        # check so that the next method (a bearer token) gets its turn instead of a 403.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            request.scope = scope_for(request.user)  # type: ignore[attr-defined]
            return request.user
        return None


api = NinjaAPI(
    title="Outpost API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[SessionAuth(), TokenAuth()],
)


def _register_routers() -> None:
    from outpost.accounts.api import router as accounts_router
    from outpost.assign.api import router as assign_router
    from outpost.border.api import router as border_router
    from outpost.core.api import router as core_router
    from outpost.fieldwork.api import router as fieldwork_router
    from outpost.force.api import router as force_router
    from outpost.geo.api import router as geo_router
    from outpost.grassroots.api import router as grassroots_router
    from outpost.people.api import router as people_router
    from outpost.reports.api import router as reports_router
    from outpost.security.api import router as security_router
    from outpost.works.api import router as works_router

    api.add_router("/v1/", core_router)
    api.add_router("/v1/accounts/", accounts_router)
    api.add_router("/v1/geo/", geo_router)
    api.add_router("/v1/force/", force_router)
    api.add_router("/v1/people/", people_router)
    api.add_router("/v1/assign/", assign_router)
    api.add_router("/v1/grassroots/", grassroots_router)
    api.add_router("/v1/border/", border_router)
    api.add_router("/v1/reports/", reports_router)
    api.add_router("/v1/", works_router)
    api.add_router("/v1/", security_router)
    api.add_router("/v1/fieldwork/", fieldwork_router)


_register_routers()
