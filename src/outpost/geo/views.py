"""Pages for administrative units and villages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.geo import borders, selectors, services
from outpost.geo.forms import (
    BorderFlagEndForm,
    BorderFlagForm,
    VillageCreateForm,
    VillageEndForm,
    VillageForm,
    VillageMergeForm,
    VillageSplitForm,
)
from outpost.geo.lineage import lineage_of
from outpost.geo.models import AdminUnit, BorderFlag, Village


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _past(request: HttpRequest) -> bool:
    return request.GET.get("past") == "1"


@scope_rule(SIGNED_IN)
def unit_list(request: HttpRequest) -> HttpResponse:
    past = _past(request)
    units = selectors.unit_list(
        _scope(request),
        level=AdminUnit.Level.PROVINCE,
        include_past=past,
        query=request.GET.get("q", ""),
    )
    return render(
        request,
        "geo/unit_list.html",
        {"page": paginate(request, units), "past": past, "query": request.GET.get("q", "")},
    )


@scope_rule(OBJECT)
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    scope = _scope(request)
    unit = selectors.unit_get(scope, unit_id)
    past = _past(request)
    context: dict[str, Any] = {
        "unit": unit,
        "past": past,
        "lineage": lineage_of(unit),
        "history": history(unit)[:HISTORY_ROWS],
        **_border_context(scope, unit),
    }
    if unit.level != AdminUnit.Level.COMMUNE:
        communes = selectors.communes_under(scope, unit)
        if not past:
            communes = communes.current()
        context["page"] = paginate(request, borders.with_border_countries(communes))
        return render(request, "geo/unit_detail.html", context)
    villages = selectors.village_list(scope, commune_id=unit.pk, include_past=past)
    context.update(
        page=paginate(request, villages),
        areas=selectors.responsible_areas(unit),
        can_write=scope.can_write and unit.valid_to is None,
        form=VillageCreateForm(),
    )
    return render(request, "geo/commune_detail.html", context)


def _border_context(scope: Any, unit: AdminUnit) -> dict[str, Any]:
    """The unit's border flags, its flag today (or on its last day), and what its
    predecessors propose, for the border section of the unit pages."""
    return {
        "border_flags": borders.flag_history(unit),
        "border_now": borders.border_flag_on(unit, borders.status_day(unit)),
        "border_proposal": borders.border_proposal(unit),
        "can_write_border": borders.may_flag(scope, unit),
        "border_form": BorderFlagForm(),
    }


def _unit_for_border_write(request: HttpRequest, unit_id: int) -> AdminUnit:
    scope = _scope(request)
    unit = selectors.unit_get(scope, unit_id)  # outside the scope: 404
    if not borders.may_flag(scope, unit):
        raise PermissionDenied
    return unit


def _border_page(request: HttpRequest, unit: AdminUnit, **context: Any) -> HttpResponse:
    return render(request, "geo/border_form.html", {"unit": unit, **context})


@scope_rule(OBJECT)
def border_flag_set(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_for_border_write(request, unit_id)
    form = BorderFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.border_flag_set(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Border flag saved."))
            return redirect("geo:unit_detail", unit_id=unit.pk)
    return _border_page(request, unit, form=form, title=_("Set the border flag"))


@scope_rule(OBJECT)
def border_flag_end(request: HttpRequest, unit_id: int, flag_id: int) -> HttpResponse:
    unit = _unit_for_border_write(request, unit_id)
    flag = get_object_or_404(BorderFlag, pk=flag_id, unit=unit)
    form = BorderFlagEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.border_flag_end(
                actor=request.user,
                flag=flag,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Border flag ended."))
            return redirect("geo:unit_detail", unit_id=unit.pk)
    return _border_page(request, unit, form=form, flag=flag, title=_("End the border flag"))


@scope_rule(OBJECT)
def border_proposal_accept(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit_for_border_write(request, unit_id)
    proposal = borders.border_proposal(unit)
    if proposal is None:
        messages.info(request, _("Nothing is proposed for this unit."))
        return redirect("geo:unit_detail", unit_id=unit.pk)
    if request.method == "POST":
        try:
            services.border_proposal_accept(actor=request.user, proposal=proposal)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Border flag saved."))
        return redirect("geo:unit_detail", unit_id=unit.pk)
    return _border_page(request, unit, proposal=proposal, title=_("Accept the proposed flag"))


def _commune_for_write(request: HttpRequest, unit_id: int) -> AdminUnit:
    scope = _scope(request)
    unit = selectors.unit_get(scope, unit_id)
    if unit.level != AdminUnit.Level.COMMUNE or not scope.has_commune(unit.pk):
        raise Http404
    scope.require_write()
    return unit


@scope_rule(OBJECT)
def village_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    commune = _commune_for_write(request, unit_id)
    form = VillageCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = services.village_create(
                actor=request.user, commune=commune, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Village %(name)s added.") % {"name": village.name})
            return redirect("geo:unit_detail", unit_id=commune.pk)
    return render(request, "geo/village_form.html", {"form": form, "commune": commune})


@scope_rule(OBJECT)
def village_merge(request: HttpRequest, unit_id: int) -> HttpResponse:
    commune = _commune_for_write(request, unit_id)
    candidates = Village.objects.current().filter(commune=commune).order_by("name")
    form = VillageMergeForm(request.POST or None, villages=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merged = services.villages_merge(
                actor=request.user,
                sources=list(data["villages"]),
                into_name=data["into_name"],
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Villages merged into %(name)s.") % {"name": merged.name})
            return redirect("geo:village_detail", village_id=merged.pk)
    return render(request, "geo/village_merge.html", {"form": form, "commune": commune})


@scope_rule(OBJECT)
def village_split(request: HttpRequest, village_id: int) -> HttpResponse:
    village = _village_for_write(request, village_id)
    form = VillageSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parts = services.village_split(
                actor=request.user,
                village=village,
                into_names=data["into_names"],
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            names = ", ".join(p.name for p in parts)
            messages.success(request, _("Village split into %(names)s.") % {"names": names})
            return redirect("geo:village_detail", village_id=village.pk)
    return render(request, "geo/village_split.html", {"form": form, "village": village})


@scope_rule(OBJECT)
def village_detail(request: HttpRequest, village_id: int) -> HttpResponse:
    scope = _scope(request)
    village = selectors.village_get(scope, village_id)
    predecessors, successors = selectors.village_lineage(village)
    return render(
        request,
        "geo/village_detail.html",
        {
            "village": village,
            "predecessors": predecessors,
            "successors": successors,
            "history": history(village)[:HISTORY_ROWS],
            "can_write": scope.can_write and village.valid_to is None,
            "end_form": VillageEndForm(),
        },
    )


def _village_for_write(request: HttpRequest, village_id: int) -> Village:
    scope = _scope(request)
    village = selectors.village_get(scope, village_id)
    scope.require_write()
    return village


@scope_rule(OBJECT)
def village_edit(request: HttpRequest, village_id: int) -> HttpResponse:
    village = _village_for_write(request, village_id)
    initial: dict[str, Any] = {
        "name": village.name,
        "kind": village.kind,
        "code": village.code,
        "is_border": village.is_border,
    }
    form = VillageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_update(actor=request.user, village=village, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Village saved."))
            return redirect("geo:village_detail", village_id=village.pk)
    return render(request, "geo/village_form.html", {"form": form, "village": village})


@scope_rule(OBJECT)
def village_end(request: HttpRequest, village_id: int) -> HttpResponse:
    village = _village_for_write(request, village_id)
    form = VillageEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_end(
                actor=request.user,
                village=village,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Village ended."))
            return redirect("geo:village_detail", village_id=village.pk)
    return render(request, "geo/village_end.html", {"form": form, "village": village})
