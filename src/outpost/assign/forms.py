from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from outpost.assign.models import CommitteeSeat
from outpost.force.models import Cadre


class DateInput(forms.DateInput):
    input_type = "date"


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.get_rank_display()} · {obj.unit or ''}"


class HouseholdChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.head_name} · {obj.village}"


class HouseholdAssignForm(forms.Form):
    cadre = CadreChoiceField(label=_("Party member"), queryset=Cadre.objects.none())
    households = HouseholdChoiceField(
        label=_("households"), queryset=Cadre.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    valid_from = forms.DateField(label=_("from"), initial=dt.date.today, widget=DateInput)
    decision = forms.CharField(label=_("decision"), max_length=200, required=False)

    def __init__(self, *args: Any, cadres: QuerySet, households: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["households"].queryset = households  # type: ignore[attr-defined]


class EndForm(forms.Form):
    on = forms.DateField(label=_("ended on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300)


class HandOverForm(forms.Form):
    from_cadre = CadreChoiceField(label=_("from"), queryset=Cadre.objects.none())
    to_cadre = CadreChoiceField(label=_("to"), queryset=Cadre.objects.none())
    on = forms.DateField(label=_("on"), initial=dt.date.today, widget=DateInput)
    decision = forms.CharField(label=_("decision"), max_length=200, required=False)

    def __init__(
        self, *args: Any, from_cadres: QuerySet, to_cadres: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_cadre"].queryset = from_cadres  # type: ignore[attr-defined]
        self.fields["to_cadre"].queryset = to_cadres  # type: ignore[attr-defined]


class BranchJoinForm(forms.Form):
    cadre = CadreChoiceField(label=_("Party member"), queryset=Cadre.objects.none())
    valid_from = forms.DateField(label=_("from"), initial=dt.date.today, widget=DateInput)
    decision = forms.CharField(label=_("decision"), max_length=200, required=False)

    def __init__(self, *args: Any, cadres: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]


class CommitteeSeatForm(forms.Form):
    cadre = CadreChoiceField(label=_("officer"), queryset=Cadre.objects.none())
    unit = forms.ModelChoiceField(label=_("committee of"), queryset=Cadre.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=CommitteeSeat.Role.choices)
    valid_from = forms.DateField(label=_("from"), initial=dt.date.today, widget=DateInput)
    decision = forms.CharField(label=_("decision"), max_length=200, required=False)

    def __init__(self, *args: Any, cadres: QuerySet, units: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
