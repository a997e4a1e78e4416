"""Forms for the visit schedules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"


class VisitScheduleForm(forms.Form):
    interval_days = forms.IntegerField(
        label=_("visit each household every (days)"), min_value=1, max_value=366
    )
    valid_from = forms.DateField(label=_("from"), widget=DateInput, initial=dt.date.today)


class VisitScheduleEndForm(forms.Form):
    on = forms.DateField(label=_("from"), widget=DateInput, initial=dt.date.today)
    reason = forms.CharField(label=_("reason"), max_length=300)
