from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from outpost.accounts.scope import PUBLIC, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import mask_sensitive
from outpost.core.search import search as run_search
from outpost.core.selectors import audit_events_filtered, audit_events_in_scope


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@scope_rule(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    from outpost.core.overview import overview_for

    return render(request, "core/home.html", {"overview": overview_for(scope_of(request))})


@scope_rule(PUBLIC)
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@scope_rule(SIGNED_IN)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    hits = run_search(query, scope_of(request))
    return render(request, "core/search.html", {"query": query, "hits": hits})


@scope_rule(SIGNED_IN)
def audit_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    events = audit_events_filtered(
        scope,
        username=request.GET.get("user", ""),
        object_type=request.GET.get("type", ""),
        date_from=_date(request.GET.get("from")),
        date_to=_date(request.GET.get("to")),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    types = audit_events_in_scope(scope).order_by().values_list("object_type", flat=True).distinct()
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "events": mask_sensitive(page.object_list, scope.sees_sensitive),
            "types": sorted(types),
            "filters": request.GET,
        },
    )


def add_validation_error(form: Any, exc: ValidationError) -> None:
    """Show a service's validation error on the form that caused it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> Any:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


HISTORY_ROWS = 100  # the newest changes on a record page; the audit page has the rest
