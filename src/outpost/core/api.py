"""Shared pieces of the API: the scope of the caller, write checks, service errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from outpost.accounts.scope import scope_of

router = Router()


def actor_of(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or request.user


def require_write(request: HttpRequest) -> None:
    if not scope_of(request).can_write:
        raise HttpError(403, "Your role is read-only.")


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's validation error becomes a 422 with its messages."""
    try:
        yield
    except ValidationError as exc:
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise HttpError(422, str(detail)) from exc


def call_service(func: Callable[..., Any], **kwargs: Any) -> Any:
    with service_errors():
        return func(**kwargs)
