from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"


class BranchForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=160)
    established_on = forms.DateField(label=_("established on"), required=False, widget=DateInput)
    has_committee = forms.BooleanField(label=_("has a branch committee"), required=False)
    member_count = forms.IntegerField(label=_("local Party members"), required=False, min_value=0)


class BranchEditForm(BranchForm):
    committee_changed_on = forms.DateField(
        label=_("committee formed or ended on"),
        required=False,
        widget=DateInput,
        help_text=_("When the branch got or lost its committee, if that changes; today if empty."),
    )


class BranchEndForm(forms.Form):
    on = forms.DateField(label=_("ended on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300)
