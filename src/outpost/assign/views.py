"""Pages for assignments: who is in charge of which household, takes part in which village
Party branch, sits on which Party committee; the hand-over when a cadre leaves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.assign import forms, selectors, services
from outpost.core.views import add_validation_error
from outpost.grassroots.selectors import branch_get


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _on(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return dt.date.today()


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@scope_rule(SIGNED_IN)
def overview(request: HttpRequest) -> HttpResponse:
    """Gaps in the user's scope on a date: the first thing a post's team looks at."""
    scope = _scope(request)
    on = _on(request)
    return render(
        request,
        "assign/overview.html",
        {
            "on": on,
            "gaps": selectors.gaps(scope, on),
            "uncovered_count": selectors.uncovered_households_count(scope, on),
            "cadres": selectors.cadres_in_scope(scope).order_by("full_name")[:200],
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def cadre_assignments(request: HttpRequest, cadre_id: int) -> HttpResponse:
    scope = _scope(request)
    cadre = selectors.cadre_get(scope, cadre_id)
    on = _on(request) if request.GET.get("on") else None
    return render(
        request,
        "assign/cadre_assignments.html",
        {
            "cadre": cadre,
            "on": on,
            "today": dt.date.today(),
            "assignments": selectors.cadre_assignments(scope, cadre, on=on),
            "uncovered": selectors.uncovered_after_posting(scope, cadre),
            "can_write": scope.can_write,
            "can_assign": scope.can_write and scope.has_force_unit(cadre.unit_id),
        },
    )


@scope_rule(OBJECT)
def village_assignments(request: HttpRequest, village_id: int) -> HttpResponse:
    scope = _scope(request)
    village = selectors.village_get(scope, village_id)
    on = _on(request)
    return render(
        request,
        "assign/village_assignments.html",
        {
            "village": village,
            "on": on,
            "data": selectors.village_assignments(scope, village, on),
            "can_write": scope.can_write,
        },
    )


@scope_rule(SIGNED_IN)
def household_assign(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    households = selectors.households_in_scope(scope).filter(valid_to__isnull=True)
    village_id = _int(request.GET.get("village_id"))
    if village_id is not None:
        households = households.filter(village_id=village_id)
    initial = {"cadre": _int(request.GET.get("cadre_id"))}
    form = forms.HouseholdAssignForm(
        request.POST or None,
        initial=initial,
        cadres=selectors.cadres_in_scope(scope).filter(party_joined_on__isnull=False),
        households=households.order_by("village__name", "code"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.households_assign(
                actor=request.user,
                cadre=data["cadre"],
                households=list(data["households"]),
                valid_from=data["valid_from"],
                decision=data["decision"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(cadre)s is now in charge of %(n)d households.")
                % {"cadre": data["cadre"], "n": len(created)},
            )
            return redirect("assign:cadre_assignments", cadre_id=data["cadre"].pk)
    villages = selectors.villages_in_scope_on(scope, dt.date.today()).order_by(
        "commune__name", "name"
    )
    return render(
        request,
        "assign/household_assign.html",
        {"form": form, "villages": villages, "village_id": village_id},
    )


def _end(
    request: HttpRequest, assignment: Any, end: Any, title: str, cadre_id: int
) -> HttpResponse:
    _scope(request).require_write()
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end(
                actor=request.user,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Assignment ended."))
            return redirect("assign:cadre_assignments", cadre_id=cadre_id)
    return render(
        request, "assign/end.html", {"form": form, "assignment": assignment, "title": title}
    )


@scope_rule(OBJECT)
def household_unassign(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.household_assignment_get(_scope(request), assignment_id)

    def end(**kw: Any) -> Any:
        return services.household_unassign(assignment=assignment, **kw)

    return _end(request, assignment, end, _("End a household assignment"), assignment.cadre_id)


@scope_rule(OBJECT)
def branch_leave(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.branch_membership_get(_scope(request), membership_id)

    def end(**kw: Any) -> Any:
        return services.branch_leave(membership=membership, **kw)

    return _end(request, membership, end, _("End a branch membership"), membership.cadre_id)


@scope_rule(OBJECT)
def committee_seat_end(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = selectors.committee_seat_get(_scope(request), seat_id)

    def end(**kw: Any) -> Any:
        return services.committee_seat_end(seat=seat, **kw)

    return _end(request, seat, end, _("End a committee seat"), seat.cadre_id)


@scope_rule(OBJECT)
def branch_join(request: HttpRequest, branch_id: int) -> HttpResponse:
    scope = _scope(request)
    branch = branch_get(scope, branch_id)
    scope.require_write()
    form = forms.BranchJoinForm(
        request.POST or None,
        cadres=selectors.cadres_in_scope(scope).filter(party_joined_on__isnull=False),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.branch_join(
                actor=request.user,
                cadre=data["cadre"],
                branch=branch,
                valid_from=data["valid_from"],
                decision=data["decision"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Party member added to the branch."))
            return redirect("assign:village_assignments", village_id=branch.village_id)
    return render(request, "assign/branch_join.html", {"form": form, "branch": branch})


@scope_rule(SIGNED_IN)
def committee_seat_assign(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = forms.CommitteeSeatForm(
        request.POST or None,
        initial={"cadre": _int(request.GET.get("cadre_id"))},
        cadres=selectors.cadres_in_scope(scope).filter(category="officer"),
        units=selectors.committee_unit_choices(scope),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.committee_seat_assign(actor=request.user, **data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Committee seat recorded."))
            return redirect("assign:cadre_assignments", cadre_id=seat.cadre_id)
    return render(request, "assign/committee_seat.html", {"form": form})


@scope_rule(SIGNED_IN)
def hand_over(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    form = forms.HandOverForm(
        request.POST or None,
        initial={"from_cadre": _int(request.GET.get("cadre_id")), "on": _on(request)},
        from_cadres=selectors.cadres_seen(scope).order_by("full_name"),
        to_cadres=selectors.cadres_in_scope(scope).order_by("full_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from_cadre = data["from_cadre"]
        # Only what the user sees may move: the whole hand-over is refused otherwise.
        if not scope.everything and not scope.has_force_unit(from_cadre.unit_id):
            seen = selectors.cadre_assignments(scope, from_cadre)
            everything = services.open_or_just_ended(from_cadre, data["on"])
            visible = {(type(a), a.pk) for a in seen.households + seen.branches + seen.seats}
            if any((type(a), a.pk) not in visible for a in everything):
                form.add_error(None, _("Some of this cadre's assignments are outside your area."))
        if form.is_valid():
            try:
                created = services.assignments_hand_over(actor=request.user, **data)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(n)d assignments handed over to %(cadre)s.")
                    % {"n": len(created), "cadre": data["to_cadre"]},
                )
                return redirect("assign:cadre_assignments", cadre_id=data["to_cadre"].pk)
    return render(request, "assign/hand_over.html", {"form": form})
