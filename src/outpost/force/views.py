"""Pages for the force structure and cadres."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from outpost.accounts.scope import OBJECT, SIGNED_IN, scope_of, scope_rule
from outpost.core.audit import history
from outpost.core.views import HISTORY_ROWS, add_validation_error, paginate
from outpost.force import selectors, services
from outpost.force.forms import CadreCreateForm, CadrePostForm


def _scope(request: HttpRequest) -> Any:
    return scope_of(request)


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@scope_rule(SIGNED_IN)
def unit_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.force_unit_tree(_scope(request))
    return render(request, "force/unit_list.html", {"page": paginate(request, rows, 100)})


@scope_rule(OBJECT)
def unit_detail(request: HttpRequest, force_unit_id: int) -> HttpResponse:
    scope = _scope(request)
    unit = selectors.force_unit_get(scope, force_unit_id)
    cadres = selectors.cadre_list(scope, force_unit_id=unit.pk)
    return render(
        request,
        "force/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.force_unit_list(scope, parent_id=unit.pk),
            "areas": selectors.areas_of(unit),
            "page": paginate(request, cadres),
            "history": history(unit)[:HISTORY_ROWS],
        },
    )


@scope_rule(SIGNED_IN)
def cadre_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    unit_id = _int(request.GET.get("unit"))
    query = request.GET.get("q", "")
    cadres = selectors.cadre_list(scope, force_unit_id=unit_id, query=query)
    return render(
        request,
        "force/cadre_list.html",
        {
            "page": paginate(request, cadres),
            "units": selectors.force_unit_list(scope),
            "unit_id": unit_id,
            "query": query,
            "can_write": scope.can_write,
        },
    )


@scope_rule(SIGNED_IN)
def cadre_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    scope.require_write()
    units = selectors.force_unit_list(scope)
    form = CadreCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ethnic_group = data.pop("ethnic_group")
        try:
            cadre = services.cadre_create(
                actor=request.user,
                ethnic_group_id=ethnic_group.pk if ethnic_group else None,
                **data,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Cadre %(name)s added.") % {"name": cadre.full_name})
            return redirect("force:cadre_detail", cadre_id=cadre.pk)
    return render(request, "force/cadre_form.html", {"form": form})


@scope_rule(OBJECT)
def cadre_detail(request: HttpRequest, cadre_id: int) -> HttpResponse:
    scope = _scope(request)
    cadre = selectors.cadre_get(scope, cadre_id)
    return render(
        request,
        "force/cadre_detail.html",
        {
            "cadre": cadre,
            "postings": selectors.postings_of(cadre),
            "history": history(cadre)[:HISTORY_ROWS],
            "can_write": scope.can_write,
        },
    )


@scope_rule(OBJECT)
def cadre_post(request: HttpRequest, cadre_id: int) -> HttpResponse:
    scope = _scope(request)
    cadre = selectors.cadre_get(scope, cadre_id)
    scope.require_write()
    units = selectors.force_unit_list(scope).exclude(pk=cadre.unit_id or 0)
    form = CadrePostForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.cadre_post(actor=request.user, cadre=cadre, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Posting recorded."))
            hand_over = _warn_uncovered(request, cadre, form.cleaned_data["on"])
            if hand_over:
                return redirect(hand_over)
            return redirect("force:cadre_detail", cadre_id=cadre.pk)
    return render(request, "force/cadre_post.html", {"form": form, "cadre": cadre})


UNCOVERED_SHOWN = 20


def _warn_uncovered(request: HttpRequest, cadre: Any, on: dt.date) -> str:
    """After a posting: warn about the households the cadre was in charge of that now have
    nobody, with a link to the hand-over. Returns the hand-over address ("" if none are left
    without anyone): the next thing to do, and a page the user still sees once the cadre has
    left their units."""
    from outpost.assign.selectors import uncovered_after_posting

    households = uncovered_after_posting(_scope(request), cadre)
    if not households:
        return ""
    url = f"{reverse('assign:hand_over')}?{urlencode({'cadre_id': cadre.pk, 'on': on})}"
    shown = format_html_join(
        ", ", "{} {}", ((h.code, h.head_name) for h in households[:UNCOVERED_SHOWN])
    )
    more = len(households) - UNCOVERED_SHOWN
    if more > 0:
        shown = format_html("{} {}", shown, _("and %(n)d more") % {"n": more})
    messages.warning(
        request,
        format_html(
            '{} {}. <a href="{}">{}</a>',
            _("%(n)d households are left without anyone in charge:") % {"n": len(households)},
            shown,
            url,
            _("Hand them over"),
        ),
    )
    return url
