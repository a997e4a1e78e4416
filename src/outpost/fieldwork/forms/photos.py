"""Adding a photo to an activity from its page (the activity form takes several at once)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.fieldwork.forms.activities import PHOTO_TYPES


class PhotoForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    photo = forms.FileField(
        label=_("photo"), widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES})
    )
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)


class PhotoVoidForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
