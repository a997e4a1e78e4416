"""Forms for a household's outcomes and the comparison page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.fieldwork.models import Activity, Conversion, HouseSupport, Loan, Program
from outpost.fieldwork.selectors import outcomes as selectors
from outpost.force.models import Cadre, ForceUnit
from outpost.people.models import Household


class DateInput(forms.DateInput):
    input_type = "date"


class ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%d/%m/%Y} · {obj.kind}"


class OutcomeForm(forms.Form):
    """The fields every outcome shares: who helped and the activity behind it."""

    cadre = forms.ModelChoiceField(
        label=_("cadre who helped"), queryset=Cadre.objects.none(), required=False
    )
    activity = ActivityChoice(label=_("activity"), queryset=Activity.objects.none(), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, scope: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = selectors.cadres_for_outcomes(scope)  # type: ignore[attr-defined]
        self.fields["activity"].queryset = selectors.activities_for_household(scope, household)  # type: ignore[attr-defined]
        # Shared fields last, after the fields of the kind of outcome.
        for name in ("cadre", "activity", "note"):
            self.fields[name] = self.fields.pop(name)


class ConversionForm(OutcomeForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Conversion.Kind.choices)
    from_name = forms.CharField(label=_("from (crop or livestock)"), max_length=80)
    to_name = forms.CharField(label=_("to (crop or livestock)"), max_length=80)
    area_ha = forms.DecimalField(
        label=_("area (ha)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    heads = forms.IntegerField(label=_("head of livestock"), required=False, min_value=1)
    year = forms.IntegerField(
        label=_("year"), min_value=2000, max_value=2100, initial=lambda: dt.date.today().year
    )


class LoanForm(OutcomeForm):
    granted_on = forms.DateField(label=_("granted on"), widget=DateInput, initial=dt.date.today)
    amount = forms.IntegerField(label=_("amount (VND)"), min_value=1)
    lender = forms.ChoiceField(
        label=_("lender"), choices=Loan.Lender.choices, initial=Loan.Lender.SOCIAL_POLICY_BANK
    )
    lender_name = forms.CharField(
        label=_("lender's name (if other)"), max_length=120, required=False
    )
    purpose = forms.CharField(label=_("purpose"), max_length=200, required=False)
    term_months = forms.IntegerField(label=_("term (months)"), required=False, min_value=1)


class HouseSupportForm(OutcomeForm):
    kind = forms.ChoiceField(label=_("built or repaired"), choices=HouseSupport.Kind.choices)
    completed_on = forms.DateField(label=_("completed on"), widget=DateInput, initial=dt.date.today)
    cost = forms.IntegerField(label=_("cost (VND)"), min_value=0, initial=0)
    unit_contribution = forms.IntegerField(
        label=_("unit's contribution (VND)"), min_value=0, initial=0
    )
    labour_days = forms.IntegerField(label=_("labour days"), min_value=0, initial=0)
    program = forms.ModelChoiceField(
        label=_("program"), queryset=Program.objects.none(), required=False
    )

    def __init__(self, *args: Any, scope: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, household=household, **kwargs)
        self.fields["program"].queryset = selectors.programs_for_houses(scope)  # type: ignore[attr-defined]


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class ComparisonForm(forms.Form):
    """The unit, years and base of the comparison page; every field has a default."""

    unit = forms.ModelChoiceField(
        label=_("unit"), queryset=ForceUnit.objects.none(), required=False, empty_label=None
    )
    year_from = forms.IntegerField(
        label=_("from year"), min_value=2001, max_value=2100, required=False
    )
    year_to = forms.IntegerField(label=_("to year"), min_value=2001, max_value=2100, required=False)
    base = forms.ChoiceField(
        label=_("households that were"),
        choices=[(key, label) for key, (label, _f, _l) in selectors.BASES.items()],
        required=False,
    )

    MAX_YEARS = 15

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for_comparison(scope)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        this_year = dt.date.today().year
        year_to = data.get("year_to") or this_year
        year_from = data.get("year_from") or year_to - 4
        if year_from > year_to:
            year_from, year_to = year_to, year_from
        year_from = max(year_from, year_to - self.MAX_YEARS + 1)
        data.update(year_from=year_from, year_to=year_to, base=data.get("base") or "poor")
        return data
