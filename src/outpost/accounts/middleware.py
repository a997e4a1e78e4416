from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.functional import SimpleLazyObject

from outpost.accounts.scope import PUBLIC, scope_for

# Served by others with their own guards: static files (WhiteNoise), the Django admin (staff
# only), the API (each operation checks its own scope rule; see outpost.api).
UNGUARDED_PREFIXES = ("/static/", "/admin/", "/api/")


class ScopeMiddleware:
    """Attach the user's scope to the request and refuse views that declare no scope rule."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: scope_for(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.path.startswith(UNGUARDED_PREFIXES):
            return None
        rule = getattr(view_func, "scope_rule", None)
        if rule is None:
            return HttpResponseForbidden("This page declares no scope rule.")
        if rule != PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return None
