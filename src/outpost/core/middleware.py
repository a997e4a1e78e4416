from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from outpost.core.audit import audit_source
from outpost.core.models import AuditEvent


class AuditSourceMiddleware:
    """Marks every change made while serving a request as coming from the web or the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = (
            AuditEvent.Source.API if request.path.startswith("/api/") else AuditEvent.Source.WEB
        )
        with audit_source(source):
            return self.get_response(request)
