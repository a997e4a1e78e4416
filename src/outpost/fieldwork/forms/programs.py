"""Forms for programs and enrollments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from outpost.fieldwork.models import Enrollment, Program
from outpost.fieldwork.selectors import programs as selectors
from outpost.force.models import Cadre, ForceUnit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CadreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit = f" · {obj.unit.name}" if obj.unit_id else ""
        return f"{obj.full_name}{unit}"


class BeneficiaryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if hasattr(obj, "full_name"):  # a resident
            born = obj.birth_date or obj.birth_year or "?"
            return f"{obj.full_name} ({born}) · {obj.household.code} · {obj.household.village.name}"
        if hasattr(obj, "head_name"):  # a household
            return f"{obj.code} · {obj.head_name} · {obj.village.name}"
        return f"{obj.name} · {obj.commune.name}"


class ProgramForm(forms.Form):
    name_vi = forms.CharField(label=_("Vietnamese name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    force_wide = forms.BooleanField(label=_("force-wide program"), required=False)
    owner_unit = UnitChoice(
        label=_("owner unit"), queryset=ForceUnit.objects.none(), required=False
    )
    beneficiary = forms.ChoiceField(label=_("who is enrolled"), choices=Program.Beneficiary.choices)
    started_on = forms.DateField(label=_("started on"), required=False, widget=DateInput())
    ended_on = forms.DateField(
        label=_("ended on"),
        required=False,
        widget=DateInput(),
        help_text=_("A program is never deleted: it ends on this day."),
    )
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea)
    max_age = forms.IntegerField(
        label=_("support ends at age"), required=False, min_value=1, max_value=120
    )
    default_monthly_support = forms.IntegerField(
        label=_("usual monthly support (VND)"), min_value=0, initial=0
    )

    def __init__(
        self, *args: Any, scope: Any, user: Any, program: Program | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = selectors.owner_units_for_programs(scope)  # type: ignore[attr-defined]
        if program is not None or not getattr(user, "is_superuser", False):
            del self.fields["force_wide"]
        if program is not None and program.scope == Program.Scope.FORCE_WIDE:
            del self.fields["owner_unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "owner_unit" in self.fields
            and not data.get("force_wide")
            and not data.get("owner_unit")
        ):
            self.add_error("owner_unit", _("A local program belongs to a unit."))
        return data


class EnrollmentForm(forms.Form):
    """Enroll one beneficiary of the program's kind. Residents and households are too many
    for one list: the page searches them by name and offers the matches (plus the one the
    page was opened for); any beneficiary in scope is accepted."""

    program = forms.ModelChoiceField(
        label=_("program"), queryset=Program.objects.none(), widget=forms.HiddenInput
    )
    beneficiary = BeneficiaryChoice(label=_("beneficiary"), queryset=Program.objects.none())
    started_on = forms.DateField(label=_("started on"), initial=dt.date.today, widget=DateInput())
    sponsor_cadre = CadreChoice(
        label=_("sponsoring cadre"), queryset=Cadre.objects.none(), required=False
    )
    sponsor_unit = UnitChoice(
        label=_("sponsoring unit"), queryset=ForceUnit.objects.none(), required=False
    )
    monthly_support = forms.IntegerField(
        label=_("monthly support (VND)"),
        min_value=0,
        required=False,
        help_text=_("Empty: the program's usual support."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        scope: Any,
        program: Program,
        candidates: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = selectors.programs_open_for_enrollment(scope)  # type: ignore[attr-defined]
        field = self.fields["beneficiary"]
        field.label = Program.Beneficiary(program.beneficiary).label
        field.queryset = selectors.beneficiary_queryset(scope, program.beneficiary)  # type: ignore[attr-defined]
        field.widget.choices = [("", "---------")] + [
            (obj.pk, field.label_from_instance(obj))  # type: ignore[attr-defined]
            for obj in candidates
        ]
        self.fields["sponsor_cadre"].queryset = selectors.sponsor_cadres(scope)  # type: ignore[attr-defined]
        self.fields["sponsor_unit"].queryset = selectors.sponsor_units(scope)  # type: ignore[attr-defined]


class EnrollmentEditForm(forms.Form):
    started_on = forms.DateField(label=_("started on"), widget=DateInput())
    sponsor_cadre = CadreChoice(
        label=_("sponsoring cadre"), queryset=Cadre.objects.none(), required=False
    )
    sponsor_unit = UnitChoice(
        label=_("sponsoring unit"), queryset=ForceUnit.objects.none(), required=False
    )
    monthly_support = forms.IntegerField(label=_("monthly support (VND)"), min_value=0)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, scope: Any, enrollment: Enrollment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cadres = selectors.sponsor_cadres(scope)
        units = selectors.sponsor_units(scope)
        # The current sponsor stays choosable even when outside the user's units (a sponsor
        # named by the province); changing to one outside them is refused.
        if enrollment.sponsor_cadre_id:
            cadres = cadres | Cadre.objects.filter(pk=enrollment.sponsor_cadre_id)
        if enrollment.sponsor_unit_id:
            units = units | ForceUnit.objects.filter(pk=enrollment.sponsor_unit_id)
        self.fields["sponsor_cadre"].queryset = cadres.distinct()  # type: ignore[attr-defined]
        self.fields["sponsor_unit"].queryset = units.distinct()  # type: ignore[attr-defined]


class EnrollmentEndForm(forms.Form):
    on = forms.DateField(
        label=_("ended on"),
        initial=dt.date.today,
        widget=DateInput(),
        help_text=_("No support from this day on."),
    )
    reason = forms.ChoiceField(label=_("reason"), choices=Enrollment.EndReason.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=300, required=False)
