"""The activity form: short, phone-first. Field names match the API's (kind is the kind's
code), so the page script can send a queued entry to the API as it is."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outpost.fieldwork.models import Activity, ActivityKind
from outpost.fieldwork.selectors import activities as selectors
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household

PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class VillageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.commune.name}"


class CadreChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.get_rank_display()}"


class HouseholdChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.head_name}" if obj.head_name else obj.code


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one input. The type and size are checked by the photo service on
    the files' content; `accept` only helps the phone offer the camera and the gallery."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_TYPES}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ActivityForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    kind = forms.ModelChoiceField(
        label=_("kind"), queryset=ActivityKind.objects.none(), to_field_name="code"
    )
    force_unit = forms.ModelChoiceField(label=_("unit"), queryset=ForceUnit.objects.none())
    village = VillageChoice(label=_("village"), queryset=Village.objects.none())
    cadres = CadreChoices(
        label=_("cadres"),
        queryset=Cadre.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    households = HouseholdChoices(
        label=_("households"),
        queryset=Household.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_reached = forms.IntegerField(
        label=_("people reached"), min_value=0, initial=0, widget=forms.NumberInput
    )
    cost = forms.IntegerField(label=_("cost (VND)"), min_value=0, initial=0)
    materials = forms.CharField(label=_("materials"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, scope: Any, editing: Activity | None = None, **kwargs: Any
    ) -> None:
        """`editing`: the activity being edited, whose own kind, unit, cadres and households
        stay on offer even when they would not be for a new one (a kind out of use, a cadre who
        has left, a household that has ended), so that saving never drops them silently."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        kinds: Any = selectors.kinds_in_use()
        units: Any = selectors.force_units_for_activities(scope)
        cadres: Any = selectors.cadres_for_activities(scope)
        keep_households: list[int] = []
        if editing is not None:
            kinds = ActivityKind.objects.filter(Q(is_active=True) | Q(pk=editing.kind_id))
            units = ForceUnit.objects.filter(
                Q(pk__in=units.values("pk")) | Q(pk=editing.force_unit_id)
            ).order_by("name")
            cadres = (
                Cadre.objects.select_related("unit")
                .filter(Q(pk__in=cadres.values("pk")) | Q(pk__in=editing.cadres.values("pk")))
                .order_by("unit__name", "full_name", "pk")
            )
            keep_households = list(editing.households.values_list("pk", flat=True))
        self.fields["kind"].queryset = kinds.order_by("sort_order", "code")  # type: ignore[attr-defined]
        self.fields["force_unit"].queryset = units  # type: ignore[attr-defined]
        villages = selectors.villages_for_activities(scope, on=None if editing else today)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["cadres"].queryset = cadres  # type: ignore[attr-defined]
        village_id = _int(self.data.get(self.add_prefix("village"))) if self.is_bound else None
        if village_id is None:
            initial_village = self.initial.get("village")
            village_id = _int(getattr(initial_village, "pk", initial_village))
        households = selectors.households_for_activities(scope).filter(village_id=village_id or 0)
        households = households.filter(Q(valid_to__isnull=True) | Q(pk__in=keep_households))
        self.fields["households"].queryset = households.order_by("code", "pk")  # type: ignore[attr-defined]
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    @property
    def households_choices(self) -> Any:
        return self.fields["households"].queryset  # type: ignore[attr-defined]

    @property
    def households_checked(self) -> set[int]:
        """The households ticked (sent, or the activity's own on an edit)."""
        ticked = set()
        for value in self["households"].value() or []:
            key = str(getattr(value, "pk", value))
            if key.isdigit():
                ticked.add(int(key))
        return ticked


class ActivityRecordForm(ActivityForm):
    """Recording: the client id is made in the page (the script replaces it with its own)."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    photos = MultipleFileField(label=_("photos"), required=False)

    field_order = [
        "client_id",
        "date",
        "kind",
        "force_unit",
        "village",
        "cadres",
        "households",
        "people_reached",
        "cost",
        "materials",
        "notes",
        "photos",
    ]

    def clean_photos(self) -> list[Any]:
        photos = self.cleaned_data.get("photos") or []
        too_big = [p.name for p in photos if p.size > settings.PHOTO_MAX_BYTES]
        if too_big:
            raise forms.ValidationError(
                _("These photos are too big: %(names)s") % {"names": ", ".join(too_big)}
            )
        return photos


class ActivityEditForm(ActivityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
