from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.geo.models import Neighbour, Village


class DateInput(forms.DateInput):
    input_type = "date"


class VillageForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("kind"), choices=Village.Kind.choices, initial=Village.Kind.BAN
    )
    code = forms.CharField(label=_("code"), max_length=20, required=False)
    is_border = forms.BooleanField(label=_("border village"), required=False)


class VillageCreateForm(VillageForm):
    valid_from = forms.DateField(label=_("valid from"), required=False, widget=DateInput)


class VillageEndForm(forms.Form):
    on = forms.DateField(label=_("ended on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300)


class VillageMergeForm(forms.Form):
    villages = forms.ModelMultipleChoiceField(
        label=_("villages to merge"),
        queryset=Village.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    into_name = forms.CharField(label=_("name of the merged village"), max_length=120)
    on = forms.DateField(label=_("effective on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("decision or reason"), max_length=300, required=False)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["villages"].queryset = villages  # type: ignore[attr-defined]

    def clean_villages(self):
        chosen = self.cleaned_data["villages"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least two villages."))
        return chosen


class VillageSplitForm(forms.Form):
    into_names = forms.CharField(
        label=_("names of the new villages"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line (or separated by ;), at least two."),
    )
    on = forms.DateField(label=_("effective on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("decision or reason"), max_length=300, required=False)

    def clean_into_names(self) -> list[str]:
        text = self.cleaned_data["into_names"]
        return [p.strip() for p in text.replace(";", "\n").splitlines() if p.strip()]


class BorderFlagForm(forms.Form):
    countries = forms.MultipleChoiceField(
        label=_("neighbouring countries"),
        choices=Neighbour.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = forms.DateField(
        label=_("valid from"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: since the unit began."),
    )
    valid_to = forms.DateField(
        label=_("valid to (exclusive)"),
        required=False,
        widget=DateInput,
        help_text=_("Empty: until the unit ends."),
    )


class BorderFlagEndForm(forms.Form):
    on = forms.DateField(label=_("no longer a border unit from"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300)
