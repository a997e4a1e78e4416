from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.core.models import EthnicGroup
from outpost.force.models import Cadre, ForceUnit


class DateInput(forms.DateInput):
    input_type = "date"


class CadreCreateForm(forms.Form):
    service_number = forms.CharField(label=_("service number"), max_length=30)
    full_name = forms.CharField(label=_("full name"), max_length=120)
    sex = forms.ChoiceField(label=_("sex"), choices=Cadre.Sex.choices)
    birth_year = forms.IntegerField(
        label=_("birth year"), required=False, min_value=1930, max_value=2015
    )
    rank = forms.ChoiceField(label=_("rank"), choices=Cadre.Rank.choices)
    category = forms.ChoiceField(label=_("category"), choices=Cadre.Category.choices)
    position = forms.CharField(label=_("position"), max_length=120, required=False)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=ForceUnit.objects.none())
    posted_on = forms.DateField(label=_("posted on"), initial=dt.date.today, widget=DateInput)
    ethnic_group = forms.ModelChoiceField(
        label=_("ethnic group"), queryset=EthnicGroup.objects.all(), required=False
    )
    languages = forms.CharField(label=_("languages spoken"), max_length=200, required=False)
    party_joined_on = forms.DateField(
        label=_("admitted to the Party"), required=False, widget=DateInput
    )
    party_full_on = forms.DateField(
        label=_("full Party member since"), required=False, widget=DateInput
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CadrePostForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("new unit"), queryset=ForceUnit.objects.none())
    on = forms.DateField(label=_("from"), initial=dt.date.today, widget=DateInput)
    position = forms.CharField(label=_("position"), max_length=120, required=False)
    decision = forms.CharField(label=_("decision"), max_length=200, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]
