from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.border.models import BorderMarker


class DateInput(forms.DateInput):
    input_type = "date"


class PatrolForm(forms.Form):
    date = forms.DateField(label=_("date"), initial=dt.date.today, widget=DateInput)
    km = forms.DecimalField(label=_("distance (km)"), min_value=0, max_digits=7, decimal_places=3)
    markers = forms.ModelMultipleChoiceField(
        label=_("markers checked"),
        queryset=BorderMarker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    residents_joining = forms.IntegerField(
        label=_("residents joining"), min_value=0, initial=0, required=False
    )
    findings = forms.CharField(label=_("findings"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, markers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if markers is not None:
            self.fields["markers"].queryset = markers  # type: ignore[attr-defined]
