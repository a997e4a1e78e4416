from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.core.models import EthnicGroup
from outpost.geo.models import Village
from outpost.people.models import Household, PovertyAssessment, Resident
from outpost.people.poverty import INDICATORS
from outpost.people.selectors import NO_ASSESSMENT


class DateInput(forms.DateInput):
    input_type = "date"


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    village = forms.ModelChoiceField(
        label=_("village"), queryset=Village.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("poverty status"),
        required=False,
        choices=[("", "—"), *PovertyAssessment.Status.choices, (NO_ASSESSMENT, _("not assessed"))],
    )
    near_border = forms.BooleanField(label=_("near the border"), required=False)
    policy_family = forms.BooleanField(label=_("policy family"), required=False)
    unassigned = forms.BooleanField(label=_("no one in charge"), required=False)
    on = forms.DateField(label=_("as of"), required=False, widget=DateInput)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class HouseholdForm(forms.Form):
    code = forms.CharField(label=_("household code"), max_length=30)
    is_policy_family = forms.BooleanField(label=_("policy family"), required=False)
    is_near_border = forms.BooleanField(label=_("near the border"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class HouseholdLocationMixin(forms.Form):
    latitude = forms.DecimalField(
        label=_("latitude"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("longitude"), max_digits=9, decimal_places=6, required=False
    )


class HouseholdSensitiveForm(HouseholdForm, HouseholdLocationMixin):
    pass


class HouseholdCreateForm(HouseholdForm):
    village = forms.ModelChoiceField(label=_("village"), queryset=Village.objects.none())
    valid_from = forms.DateField(label=_("since"), required=False, widget=DateInput)
    head_name = forms.CharField(label=_("head of household"), max_length=120, required=False)
    head_sex = forms.ChoiceField(
        label=_("sex of the head"), choices=Resident.Sex.choices, initial=Resident.Sex.MALE
    )
    head_birth_year = forms.IntegerField(
        label=_("birth year of the head"), min_value=1900, max_value=2100, required=False
    )

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class ResidentForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=120)
    relation = forms.ChoiceField(label=_("relation to the head"), choices=Resident.Relation.choices)
    sex = forms.ChoiceField(label=_("sex"), choices=Resident.Sex.choices)
    birth_date = forms.DateField(label=_("birth date"), required=False, widget=DateInput)
    birth_year = forms.IntegerField(
        label=_("birth year"), min_value=1900, max_value=2100, required=False
    )
    ethnic_group = forms.ModelChoiceField(
        label=_("ethnic group"), queryset=EthnicGroup.objects.all(), required=False
    )
    is_village_chief = forms.BooleanField(label=_("village chief"), required=False)
    is_village_elder = forms.BooleanField(label=_("village elder"), required=False)
    is_reputable_person = forms.BooleanField(label=_("reputable person"), required=False)
    party_joined_on = forms.DateField(
        label=_("joined the Party on"),
        required=False,
        widget=DateInput,
        help_text=_("The admission day, probation included; empty if not a Party member."),
    )
    party_left_on = forms.DateField(label=_("left the Party on"), required=False, widget=DateInput)


class ResidentSensitiveForm(ResidentForm):
    religion = forms.CharField(label=_("religion"), max_length=60, required=False)


class EndForm(forms.Form):
    on = forms.DateField(label=_("on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300)


class HouseholdMoveForm(forms.Form):
    village = forms.ModelChoiceField(label=_("new village"), queryset=Village.objects.none())
    on = forms.DateField(label=_("on"), initial=dt.date.today, widget=DateInput)
    code = forms.CharField(
        label=_("code in the new commune"),
        max_length=30,
        required=False,
        help_text=_("Only for a move to another commune; the same code if left empty."),
    )
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class HouseholdSplitForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("members who leave"),
        queryset=Resident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    head = forms.ModelChoiceField(
        label=_("head of the new household"), queryset=Resident.objects.none(), required=False
    )
    remaining_head = forms.ModelChoiceField(
        label=_("head of the household that stays (if its head leaves)"),
        queryset=Resident.objects.none(),
        required=False,
    )
    code = forms.CharField(label=_("code of the new household"), max_length=30)
    on = forms.DateField(label=_("on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("members", "head", "remaining_head"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]


class HouseholdMergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("households that join this one"),
        queryset=Household.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    on = forms.DateField(label=_("on"), initial=dt.date.today, widget=DateInput)
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)

    def __init__(self, *args: Any, households: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = households  # type: ignore[attr-defined]


class SetHeadForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("new head"), queryset=Resident.objects.none())

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = members  # type: ignore[attr-defined]


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2016, max_value=2100)
    area = forms.ChoiceField(
        label=_("area"), choices=PovertyAssessment.Area.choices, initial="rural"
    )
    income_per_person_month = forms.IntegerField(
        label=_("income per person per month (VND)"), min_value=0
    )
    deprivations = forms.MultipleChoiceField(
        label=_("basic services lacking"),
        choices=INDICATORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("status (leave empty to compute)"),
        choices=[("", "—"), *PovertyAssessment.Status.choices],
        required=False,
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
