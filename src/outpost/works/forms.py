from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.force.models import ForceUnit
from outpost.geo.models import Village
from outpost.works import selectors
from outpost.works.models import Work


class DateInput(forms.DateInput):
    input_type = "date"


class VillageChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.commune.name}"


class WorkForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Work.Kind.choices)
    name = forms.CharField(label=_("name"), max_length=200)
    villages = VillageChoices(
        label=_("villages"), queryset=Village.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    quantity = forms.DecimalField(
        label=_("quantity"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    quantity_unit = forms.ChoiceField(
        label=_("unit"), choices=[("", "—"), *Work.Unit.choices], required=False
    )
    funding_state = forms.IntegerField(label=_("state funding (VND)"), min_value=0, initial=0)
    funding_unit = forms.IntegerField(label=_("unit funding (VND)"), min_value=0, initial=0)
    contributed_land_m2 = forms.IntegerField(
        label=_("land contributed (m²)"), min_value=0, initial=0
    )
    contributed_labour_days = forms.IntegerField(
        label=_("labour contributed (days)"), min_value=0, initial=0
    )
    contributed_money = forms.IntegerField(
        label=_("money contributed (VND)"), min_value=0, initial=0
    )
    started_on = forms.DateField(label=_("started on"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[(Work.Status.PLANNED, _("planned")), (Work.Status.IN_PROGRESS, _("in progress"))],
    )
    force_unit = forms.ModelChoiceField(
        label=_("supporting unit"), queryset=ForceUnit.objects.none(), required=False
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = selectors.villages_for_works(scope)  # type: ignore[attr-defined]
        self.fields["force_unit"].queryset = selectors.force_units_for_works(scope)  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    on = forms.DateField(label=_("completed on"), initial=dt.date.today, widget=DateInput)
    quantity = forms.DecimalField(
        label=_("quantity built"), required=False, min_value=0, max_digits=12, decimal_places=2
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
