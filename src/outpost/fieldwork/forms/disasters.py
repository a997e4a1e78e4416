"""Forms for disasters and the response to them. Short enough for a phone: households
evacuated are typed as their codes rather than picked from a list of hundreds."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.fieldwork.models import DamageRepair, Disaster
from outpost.fieldwork.selectors import disasters as selectors
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import AdminUnit, Village


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommuneChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class VillageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.commune.name}"


class CadreChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.get_rank_display()}"


class DisasterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Disaster.Kind.choices)
    name = forms.CharField(label=_("name"), max_length=200)
    started_on = forms.DateField(label=_("started on"), initial=dt.date.today, widget=DateInput())
    ended_on = forms.DateField(label=_("ended on"), required=False, widget=DateInput())
    communes = CommuneChoices(
        label=_("communes struck"),
        queryset=AdminUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    force_unit = forms.ModelChoiceField(
        label=_("recording unit"), queryset=ForceUnit.objects.none()
    )
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, scope: Any, disaster: Disaster | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communes = selectors.current_communes_in_scope(scope)
        if disaster is not None:
            communes = communes | selectors.disaster_communes_in_scope(scope, disaster)
        self.fields["communes"].queryset = communes.distinct()  # type: ignore[attr-defined]
        units = selectors.force_units_for_disasters(scope)
        self.fields["force_unit"].queryset = units  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["force_unit"].initial = units[0]


class ResponseForm(forms.Form):
    """What every response records: where, when, by which unit."""

    commune = forms.ModelChoiceField(label=_("commune"), queryset=AdminUnit.objects.none())
    village = VillageChoice(label=_("village"), queryset=Village.objects.none(), required=False)
    on = forms.DateField(label=_("date"), initial=dt.date.today, widget=DateInput())
    force_unit = forms.ModelChoiceField(label=_("unit"), queryset=ForceUnit.objects.none())

    def __init__(self, *args: Any, scope: Any, disaster: Disaster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = selectors.disaster_communes_in_scope(scope, disaster)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
        self.fields["village"].queryset = selectors.villages_of_communes(communes)  # type: ignore[attr-defined]
        units = selectors.force_units_for_disasters(scope)
        self.fields["force_unit"].queryset = units  # type: ignore[attr-defined]
        if len(communes) == 1:
            self.fields["commune"].initial = communes[0]
        if scope.has_force_unit(disaster.force_unit_id):
            self.fields["force_unit"].initial = disaster.force_unit_id
        elif len(units) == 1:
            self.fields["force_unit"].initial = units[0]
        self.scope = scope

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        village, commune = data.get("village"), data.get("commune")
        if village is not None and commune is not None and village.commune_id != commune.pk:
            self.add_error("village", _("The village is not in this commune."))
        return data


class EvacuationForm(ResponseForm):
    people_moved = forms.IntegerField(label=_("people moved"), min_value=0)
    households_moved = forms.IntegerField(
        label=_("households moved"),
        min_value=0,
        required=False,
        help_text=_("Empty: the number of households listed below."),
    )
    destination = forms.CharField(label=_("moved to"), max_length=200)
    household_codes = forms.CharField(
        label=_("households (codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: the household codes, separated by commas or spaces."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        codes = [c for c in re.split(r"[\s,;]+", data.get("household_codes") or "") if c]
        commune = data.get("commune")
        households: list[Any] = []
        if codes and commune is not None:
            households = selectors.households_by_code(self.scope, commune, codes)
            unknown = sorted(set(codes) - {h.code for h in households})
            if unknown:
                self.add_error(
                    "household_codes",
                    _("No household with these codes in %(commune)s: %(codes)s")
                    % {"commune": commune.name, "codes": ", ".join(unknown)},
                )
        data["households"] = households
        return data


class DamageRepairForm(ResponseForm):
    kind = forms.ChoiceField(label=_("what was repaired"), choices=DamageRepair.Kind.choices)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1)
    labour_days = forms.IntegerField(label=_("labour days"), min_value=0, initial=0)
    description = forms.CharField(label=_("description"), max_length=300, required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class DeploymentForm(ResponseForm):
    cadre_count = forms.IntegerField(
        label=_("cadres deployed"),
        min_value=0,
        required=False,
        help_text=_("Empty: the number of cadres named below."),
    )
    cadres = CadreChoices(
        label=_("cadres named"),
        queryset=Cadre.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=_("days"), min_value=1, initial=1)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, scope: Any, disaster: Disaster, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, disaster=disaster, **kwargs)
        self.fields["cadres"].queryset = selectors.cadres_for_deployment(scope)  # type: ignore[attr-defined]


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
