from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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


class InterfaceLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the switch (a cookie).

    The browser's Accept-Language is ignored on purpose: phones at border posts are often set
    to English, and the interface must still open in Vietnamese."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
