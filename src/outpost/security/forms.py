from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.border.models import BorderMarker, BorderSegment, Country
from outpost.force.models import ForceUnit
from outpost.geo.models import Village
from outpost.people.models import Household
from outpost.security import selectors
from outpost.security.models import Incident, SelfGoverningGroup


class DateInput(forms.DateInput):
    input_type = "date"


class VillageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.commune.name}"


class ScopedForm(forms.Form):
    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "village" in self.fields:
            self.fields["village"].queryset = selectors.villages(scope)  # type: ignore[attr-defined]


class IncidentForm(ScopedForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Incident.Kind.choices)
    occurred_on = forms.DateField(label=_("occurred on"), widget=DateInput)
    village = VillageChoice(label=_("village"), queryset=Village.objects.none())
    force_unit = forms.ModelChoiceField(
        label=_("handling unit"), queryset=ForceUnit.objects.none(), required=False
    )
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea)

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["force_unit"].queryset = selectors.force_units(scope)  # type: ignore[attr-defined]


class PatrolIncidentForm(forms.Form):
    """One thing a patrol found; the villages offered are those the patrol may report on."""

    # A blank first choice, so that the rows left empty on the patrol form stay unchanged.
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "---------"), *Incident.Kind.choices])
    village = VillageChoice(label=_("village"), queryset=Village.objects.none())
    summary = forms.CharField(label=_("what was found"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class BasePatrolIncidentFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        self.villages = villages
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "villages": self.villages}


PatrolIncidentFormSet = cast(
    type[BasePatrolIncidentFormSet],
    forms.formset_factory(
        PatrolIncidentForm, formset=BasePatrolIncidentFormSet, extra=2, max_num=20
    ),
)


class IncidentStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (Incident.Status.OPEN, _("open")),
            (Incident.Status.HANDLED, _("handled")),
            (Incident.Status.TRANSFERRED, _("transferred")),
        ],
    )


class CloseForm(forms.Form):
    on = forms.DateField(label=_("closed on"), initial=dt.date.today, widget=DateInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class EndForm(forms.Form):
    on = forms.DateField(label=_("date"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300)


class StatusForm(ScopedForm):
    village = VillageChoice(label=_("village"), queryset=Village.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    drug_free = forms.BooleanField(label=_("drug-free"), required=False)
    key_drug_area = forms.BooleanField(label=_("key drug area"), required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class HouseholdChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.head_name} · {obj.village.name}"


class GroupForm(ScopedForm):
    kind = forms.ChoiceField(label=_("kind"), choices=SelfGoverningGroup.Kind.choices)
    village = VillageChoice(label=_("village"), queryset=Village.objects.none())
    name = forms.CharField(label=_("name"), max_length=200)
    founded_on = forms.DateField(label=_("founded on"), widget=DateInput)
    households = HouseholdChoices(
        label=_("member households"),
        queryset=Household.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    segment = forms.ModelChoiceField(
        label=_("border segment"), queryset=BorderSegment.objects.none(), required=False
    )
    markers = forms.ModelMultipleChoiceField(
        label=_("border markers"),
        queryset=BorderMarker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["households"].queryset = selectors.households(scope)  # type: ignore[attr-defined]
        self.fields["segment"].queryset = selectors.segments(scope)  # type: ignore[attr-defined]
        self.fields["markers"].queryset = selectors.markers(scope)  # type: ignore[attr-defined]


class MembersAddForm(forms.Form):
    households = HouseholdChoices(
        label=_("households joining"),
        queryset=Household.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    on = forms.DateField(label=_("joined on"), initial=dt.date.today, widget=DateInput)
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = households  # type: ignore[attr-defined]


class MembersEndForm(forms.Form):
    households = HouseholdChoices(
        label=_("households leaving"),
        queryset=Household.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    on = forms.DateField(
        label=_("left on"),
        initial=dt.date.today,
        widget=DateInput,
        help_text=_("The first day the household is no longer a member."),
    )
    reason = forms.CharField(label=_("reason"), max_length=300)

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = households  # type: ignore[attr-defined]


class AgreementForm(ScopedForm):
    village = VillageChoice(label=_("village"), queryset=Village.objects.none())
    foreign_village = forms.CharField(label=_("foreign village"), max_length=200)
    country = forms.ChoiceField(label=_("country"), choices=Country.choices)
    signed_on = forms.DateField(label=_("signed on"), widget=DateInput)
    valid_to = forms.DateField(label=_("valid until"), required=False, widget=DateInput)
