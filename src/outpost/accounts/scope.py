"""What a user may see and change.

A user's scope is the force units they belong to (with every unit under them) and the
communes those units are, or ever were, responsible for, so that a post keeps its pre-2025
communes in view. A commune partner's scope is their own commune(s), read-only. National
viewers see everything and change nothing. Anything else sees nothing: deny by default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from outpost.core.tree import force_units_under

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)

PUBLIC = "public"  # no login needed (login page, health check)
SIGNED_IN = "signed_in"  # any signed-in user; the view shows only what is in scope
OBJECT = "object"  # the view loads objects named in the URL through a scoped selector
RULES = {PUBLIC, SIGNED_IN, OBJECT}


def scope_rule(rule: str) -> Callable[[F], F]:
    """Declare how a view is scoped. Views without a declaration are refused (see middleware)
    and fail the route-walking test."""
    if rule not in RULES:
        raise ValueError(f"unknown scope rule {rule!r}")

    def mark(view: F) -> F:
        view.scope_rule = rule  # type: ignore[attr-defined]
        return view

    return mark


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    everything: bool = False
    can_write: bool = False
    sees_sensitive: bool = False
    force_unit_ids: frozenset[int] = field(default_factory=frozenset)
    commune_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.force_unit_ids and not self.commune_ids

    def filter(
        self, qs: QuerySet[M], *, commune: str | None = None, force_unit: str | None = None
    ) -> QuerySet[M]:
        """Restrict a queryset by the path to its commune and/or force unit. With both, a row
        is in scope when either is (a cadre of our post, a household of our communes)."""
        if self.everything:
            return qs
        from django.db.models import Q

        condition = Q(pk__in=[])
        if commune:
            condition |= Q(**{f"{commune}__in": self.commune_ids})
        if force_unit:
            condition |= Q(**{f"{force_unit}__in": self.force_unit_ids})
        return qs.filter(condition)

    def has_commune(self, commune_id: int | None) -> bool:
        return self.everything or (commune_id is not None and commune_id in self.commune_ids)

    def has_force_unit(self, force_unit_id: int | None) -> bool:
        return self.everything or (
            force_unit_id is not None and force_unit_id in self.force_unit_ids
        )

    def require_write(self) -> None:
        if not self.can_write:
            raise PermissionDenied("read-only")


def scope_of(request: HttpRequest) -> Scope:
    """The caller's scope. The middleware puts it on a page's request and the API's
    authentication on an API call's; HttpRequest does not declare it, hence the one ignore."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return scope


def get_in_scope(qs: QuerySet[M], **lookup: Any) -> M:
    """Fetch one object from an already scoped queryset; out of scope looks like not found."""
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


def scope_for(user: Any) -> Scope:
    from outpost.accounts.models import User
    from outpost.force.models import AreaOfResponsibility

    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(user_id=None)
    if user.is_superuser or user.role == User.Role.NATIONAL_VIEWER:
        return Scope(
            user_id=user.pk,
            everything=True,
            can_write=user.is_superuser,
            sees_sensitive=user.is_superuser,
        )
    if user.role == User.Role.COMMUNE_PARTNER:
        communes = frozenset(user.partner_communes.values_list("pk", flat=True))
        return Scope(user_id=user.pk, commune_ids=communes)
    if not user.role:
        return Scope(user_id=user.pk)
    # Every unit that ever sat under theirs: old teams keep their records in view.
    units = force_units_under(user.force_units.values_list("pk", flat=True))
    communes = frozenset(
        AreaOfResponsibility.objects.filter(force_unit_id__in=units).values_list(
            "commune_id", flat=True
        )
    )
    return Scope(
        user_id=user.pk,
        can_write=user.can_write,
        sees_sensitive=user.sees_sensitive,
        force_unit_ids=frozenset(units),
        commune_ids=communes,
    )
