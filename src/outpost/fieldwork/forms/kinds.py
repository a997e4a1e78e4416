"""Forms for the kinds of activity (administrators only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class KindForm(forms.Form):
    name_vi = forms.CharField(label=_("Vietnamese name"), max_length=120)
    name_en = forms.CharField(label=_("English name"), max_length=120)
    counts_as_visit = forms.BooleanField(
        label=_("counts as a household visit"), required=False, initial=True
    )
    sort_order = forms.IntegerField(label=_("order"), min_value=0, max_value=32767, initial=100)


class KindCreateForm(KindForm):
    code = forms.SlugField(
        label=_("code"),
        max_length=40,
        help_text=_("Lower-case letters, digits and dashes; it never changes."),
    )
    field_order = ["code", "name_vi", "name_en", "counts_as_visit", "sort_order"]


class KindEditForm(KindForm):
    is_active = forms.BooleanField(label=_("in use"), required=False)
