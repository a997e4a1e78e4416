"""Field work figures of a set of communes over a period, in a few aggregate queries each.

The report registry (`outpost.fieldwork.indicators`) holds one number per key; the breakdowns
here (activities by kind, conversions by crop, enrollments by program) also list the kinds,
crops and programs added after installation, for pages and the API.

Every function takes the communes that make up the reported unit on the period's last day
(`commune_ids`, as the reports compute them; already checked against the user's scope by the
caller), the period `date_from`..`date_to` (both days included) and, for a village report,
`village_ids`. Records count where they happened: an activity in its commune, an outcome or
an enrollment in its household's (or beneficiary's) commune.

A period that begins before a reorganisation also counts the records of the communes the
unit's communes came from (`period_communes`): a commune formed on 1 July 2025 reports the
activities recorded in January 2025 against the old communes it absorbed. A commune split
between several new ones ("merged in part") counts whole in each of them.

Voided rows never count, nor do disaster responses to a voided disaster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    DecimalField,
    Expression,
    F,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Greatest,
    Least,
)
from django.db.models.lookups import Exact

from outpost.fieldwork.models import (
    Activity,
    ActivityHousehold,
    ActivityKind,
    Conversion,
    DamageRepair,
    Deployment,
    Enrollment,
    Evacuation,
    HouseSupport,
    Loan,
    Program,
)
from outpost.geo.models import AdminUnit, UnitChange

LINEAGE_STEPS = 6  # reorganisations followed back from the unit's communes
M2_PER_HA = Decimal(10_000)


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date

    @classmethod
    def year_to(cls, on: dt.date, date_from: dt.date | None = None) -> Period:
        """1 January of the date's year (or `date_from`) to the date: the registry's period."""
        return cls(date_from or on.replace(month=1, day=1), on)

    @property
    def years(self) -> tuple[int, int]:
        return self.date_from.year, self.date_to.year


def period_communes(commune_ids: Collection[int], date_from: dt.date) -> frozenset[int]:
    """The communes, and those they came from by a reorganisation taking effect after
    `date_from` (so existing during the period), followed back through lineage: one
    recursive query (SQLite and PostgreSQL alike)."""
    ids = sorted(set(commune_ids))
    if not ids:
        return frozenset()
    quote = connection.ops.quote_name
    table = quote(UnitChange._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    since = connection.ops.adapt_datefield_value(date_from)
    sql = (
        f"WITH RECURSIVE back(unit_id) AS ("
        f" SELECT from_unit_id FROM {table} WHERE to_unit_id IN ({marks}) AND effective > %s"
        f" UNION"
        f" SELECT c.from_unit_id FROM {table} c JOIN back b ON c.to_unit_id = b.unit_id"
        f" WHERE c.effective > %s"
        f") SELECT unit_id FROM back"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, since, since])
        found = {row[0] for row in cursor.fetchall()}
    return frozenset(found | set(ids))


def _int(value: Any) -> int:
    return int(value or 0)


def _m2(hectares: Any) -> int:
    """Hectares (two decimals) as whole square metres."""
    area = Decimal(str(hectares or 0)) * M2_PER_HA
    return int(area.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Where:
    """Where and when records count: the communes (with those they came from, see
    `period_communes`), the villages of a village report, and the period."""

    communes: frozenset[int]
    villages: frozenset[int] | None
    period: Period


def where(
    commune_ids: Collection[int], period: Period, village_ids: Collection[int] | None = None
) -> Where:
    return Where(
        communes=period_communes(commune_ids, period.date_from),
        villages=None if village_ids is None else frozenset(village_ids),
        period=period,
    )


def _in_period(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.date_from, f"{field}__lte": period.date_to})


# --- the records counted ----------------------------------------------------------------------


def activities(w: Where) -> QuerySet[Activity]:
    """Not voided, dated in the period, in the communes (and villages)."""
    qs = Activity.objects.filter(
        _in_period("date", w.period), commune_id__in=w.communes, voided_at__isnull=True
    )
    if w.villages is not None:
        qs = qs.filter(village_id__in=w.villages)
    return qs


def visits(w: Where) -> QuerySet[ActivityHousehold]:
    """Household visits: touches of non-voided activities of a kind that counts as a visit,
    on the touch's (the activity's) date. The period is given on both dates (they are equal)
    so that the database finds the activities of the communes and period by their index and
    their touches from them, rather than every touch of the period in the country."""
    qs = ActivityHousehold.objects.filter(
        _in_period("date", w.period),
        _in_period("activity__date", w.period),
        activity__commune_id__in=w.communes,
        activity__voided_at__isnull=True,
        activity__kind__counts_as_visit=True,
    )
    if w.villages is not None:
        qs = qs.filter(activity__village_id__in=w.villages)
    return qs


def _outcomes(model: type[Conversion] | type[Loan] | type[HouseSupport], w: Where) -> QuerySet[Any]:
    qs = model.objects.filter(commune_id__in=w.communes, voided_at__isnull=True)
    if w.villages is not None:
        qs = qs.filter(household__village_id__in=w.villages)
    return qs


def conversions(w: Where) -> QuerySet[Conversion]:
    """Conversions are recorded by year: one counts in every period that touches its year
    (a report on 30 June counts that year's conversions; so does one for January)."""
    first, last = w.period.years
    return _outcomes(Conversion, w).filter(year__gte=first, year__lte=last)


def loans(w: Where) -> QuerySet[Loan]:
    """Loans granted in the period."""
    return _outcomes(Loan, w).filter(_in_period("granted_on", w.period))


def houses(w: Where) -> QuerySet[HouseSupport]:
    """Houses built or repaired, completed in the period."""
    return _outcomes(HouseSupport, w).filter(_in_period("completed_on", w.period))


def enrollments(w: Where) -> QuerySet[Enrollment]:
    """The enrollments that overlap the period: the only ones active on its last day or paid
    in it."""
    period = w.period
    qs = Enrollment.objects.filter(
        Enrollment.active_in_q(period.date_from, period.date_to), commune_id__in=w.communes
    )
    if w.villages is not None:
        qs = qs.filter(
            Q(village_id__in=w.villages)
            | Q(household__village_id__in=w.villages)
            | Q(resident__household__village_id__in=w.villages)
        )
    return qs


def responses(
    model: type[Evacuation] | type[DamageRepair] | type[Deployment], w: Where
) -> QuerySet[Any]:
    """Evacuations, repairs or deployments dated in the period, neither voided nor for a
    voided disaster."""
    qs = model.objects.filter(
        _in_period("on", w.period),
        commune_id__in=w.communes,
        voided_at__isnull=True,
        disaster__voided_at__isnull=True,
    )
    if w.villages is not None:
        qs = qs.filter(village_id__in=w.villages)
    return qs


# --- totals -----------------------------------------------------------------------------------


def activity_totals_by_kind(w: Where) -> dict[str, tuple[int, int]]:
    """kind code -> (activities, people reached), for the kinds with activities: two queries.
    The activities are grouped by the kind's id, not joined to the kinds: joined, SQLite reads
    the unit's activities once per kind (a tenth of a second becomes more than one)."""
    rows = (
        activities(w)
        .order_by()
        .values("kind_id")
        .annotate(n=Count("pk"), people=Sum("people_reached"))
    )
    totals = {row["kind_id"]: (_int(row["n"]), _int(row["people"])) for row in rows}
    if not totals:
        return {}
    codes = dict(ActivityKind.objects.filter(pk__in=totals).values_list("pk", "code"))
    return {codes[pk]: value for pk, value in totals.items()}


def _month_starts_before(day: Expression) -> Expression:
    """How many first days of a month fall strictly before the date, counted from year 0:
    year x 12 + month counts the first days up to and including the date's month; the
    date's own month is left out when the date is that first day."""
    is_first = Case(When(Exact(ExtractDay(day), 1), then=Value(1)), default=Value(0))
    return ExtractYear(day) * 12 + ExtractMonth(day) - is_first


def months_paid(period: Period) -> Expression:
    """Per enrollment: the calendar months of the period whose first day the enrollment is
    active on (started_on <= first day < ended_on). These first days are those in
    [max(started_on, date_from), min(ended_on, date_to + 1 day)), counted as the difference
    of `_month_starts_before` at both ends (never below zero)."""
    after = period.date_to + dt.timedelta(days=1)
    date = DateField()
    start = Greatest(F("started_on"), Value(period.date_from, output_field=date))
    end = Least(
        Coalesce(F("ended_on"), Value(after, output_field=date)),
        Value(after, output_field=date),
    )
    return Greatest(_month_starts_before(end) - _month_starts_before(start), Value(0))


@dataclass(frozen=True)
class EnrollmentTotals:
    active_on_last_day: int  # active on the period's last day (the report's date)
    active_in_period: int  # active on at least one day of the period
    paid: int  # support paid in the period, VND


def enrollment_totals_by_program(w: Where) -> dict[str, EnrollmentTotals]:
    """program code -> the enrollments active on the period's last day, those active on any
    day of it (all those `enrollments` reads), and the support paid in the period in VND,
    where support = monthly support x months paid (see `months_paid`): one query."""
    rows = (
        enrollments(w)
        .order_by()
        .values("program__code")
        .annotate(
            active=Count("pk", filter=Enrollment.active_on_q(w.period.date_to)),
            in_period=Count("pk"),
            paid=Sum(F("monthly_support") * months_paid(w.period), output_field=BigIntegerField()),
        )
    )
    return {
        row["program__code"]: EnrollmentTotals(
            _int(row["active"]), _int(row["in_period"]), _int(row["paid"])
        )
        for row in rows
    }


AREA = DecimalField(max_digits=14, decimal_places=2)


def _scalar(qs: QuerySet[Any], value: Any, output: Any = None) -> Coalesce:
    """One aggregate of a queryset as a scalar subquery (no GROUP BY: the constant it is
    grouped by is left out), 0 when there are no rows."""
    output = output or BigIntegerField()
    inner = qs.order_by().annotate(one=Value(1)).values("one").annotate(v=value).values("v")
    zero = Value(Decimal(0) if isinstance(output, DecimalField) else 0, output_field=output)
    return Coalesce(Subquery(inner, output_field=output), zero, output_field=output)


def record_totals(w: Where) -> dict[str, int]:
    """Households visited, conversions, loans, houses, evacuations, repairs and deployments:
    one query made of scalar subqueries, one per figure."""
    if not w.communes:
        return dict.fromkeys(RECORD_KEYS, 0)
    crop = Q(kind=Conversion.Kind.CROP)
    livestock = Q(kind=Conversion.Kind.LIVESTOCK)
    convs, evacuations, deployments = (
        conversions(w),
        responses(Evacuation, w),
        responses(Deployment, w),
    )
    row = (
        AdminUnit.objects.filter(pk=min(w.communes))
        .annotate(
            households_visited=_scalar(visits(w), Count("household_id", distinct=True)),
            crop_conversions=_scalar(convs.filter(crop), Count("pk")),
            crop_area=_scalar(convs.filter(crop), Sum("area_ha", output_field=AREA), AREA),
            livestock_conversions=_scalar(convs.filter(livestock), Count("pk")),
            livestock_heads_converted=_scalar(convs.filter(livestock), Sum("heads")),
            loans_facilitated=_scalar(loans(w), Count("pk")),
            loan_amount_vnd=_scalar(loans(w), Sum("amount")),
            houses_built_for_households=_scalar(
                houses(w).filter(kind=HouseSupport.Kind.BUILT), Count("pk")
            ),
            houses_repaired_for_households=_scalar(
                houses(w).filter(kind=HouseSupport.Kind.REPAIRED), Count("pk")
            ),
            people_evacuated=_scalar(evacuations, Sum("people_moved")),
            households_evacuated=_scalar(evacuations, Sum("households_moved")),
            damage_repairs=_scalar(responses(DamageRepair, w), Count("pk")),
            cadres_deployed=_scalar(deployments, Sum("cadre_count")),
            cadre_days_deployed=_scalar(
                deployments, Sum(F("cadre_count") * F("days"), output_field=BigIntegerField())
            ),
        )
        .values(*RECORD_KEYS[:2], "crop_area", *RECORD_KEYS[3:])
        .first()
    )
    assert row is not None
    totals = {key: _int(value) for key, value in row.items() if key != "crop_area"}
    totals["crop_area_converted_m2"] = _m2(row["crop_area"])
    return {key: totals[key] for key in RECORD_KEYS}


RECORD_KEYS = (
    "households_visited",
    "crop_conversions",
    "crop_area_converted_m2",
    "livestock_conversions",
    "livestock_heads_converted",
    "loans_facilitated",
    "loan_amount_vnd",
    "houses_built_for_households",
    "houses_repaired_for_households",
    "people_evacuated",
    "households_evacuated",
    "damage_repairs",
    "cadres_deployed",
    "cadre_days_deployed",
)


# --- breakdowns for pages and the API ---------------------------------------------------------


@dataclass(frozen=True)
class KindRow:
    code: str
    name: str
    counts_as_visit: bool
    activities: int
    people_reached: int


def activities_by_kind(
    commune_ids: Collection[int],
    date_from: dt.date,
    date_to: dt.date,
    village_ids: Collection[int] | None = None,
    *,
    include_empty: bool = True,
) -> list[KindRow]:
    """Activities and people reached by kind, every kind in its order (kinds added locally
    included; without activities they show zero unless `include_empty` is false)."""
    totals = activity_totals_by_kind(where(commune_ids, Period(date_from, date_to), village_ids))
    rows = []
    for kind in ActivityKind.objects.all():
        n, people = totals.get(kind.code, (0, 0))
        if n or include_empty:
            rows.append(KindRow(kind.code, kind.name, kind.counts_as_visit, n, people))
    return rows


@dataclass(frozen=True)
class CropRow:
    kind: str  # Conversion.Kind
    to_name: str
    conversions: int
    households: int
    area_m2: int  # crops
    heads: int  # livestock

    @property
    def area_ha(self) -> Decimal:
        return (Decimal(self.area_m2) / M2_PER_HA).quantize(Decimal("0.01"))


def conversions_by_crop(
    commune_ids: Collection[int],
    date_from: dt.date,
    date_to: dt.date,
    village_ids: Collection[int] | None = None,
) -> list[CropRow]:
    """What households converted to (tea, plums, cattle...), crops first, largest area
    first: one query."""
    rows = (
        conversions(where(commune_ids, Period(date_from, date_to), village_ids))
        .order_by()
        .values("kind", "to_name")
        .annotate(
            n=Count("pk"),
            households=Count("household_id", distinct=True),
            area=Sum("area_ha", output_field=AREA),
            heads=Sum("heads"),
        )
    )
    made = [
        CropRow(
            kind=row["kind"],
            to_name=row["to_name"],
            conversions=_int(row["n"]),
            households=_int(row["households"]),
            area_m2=_m2(row["area"]),
            heads=_int(row["heads"]),
        )
        for row in rows
    ]
    return sorted(
        made, key=lambda r: (r.kind != Conversion.Kind.CROP, -r.area_m2, -r.heads, r.to_name)
    )


@dataclass(frozen=True)
class ProgramRow:
    code: str
    name: str
    scope: str
    enrollments_active: int  # on the period's last day
    enrollments_active_in_period: int  # on any day of the period
    support_paid_vnd: int


def enrollments_by_program(
    commune_ids: Collection[int],
    date_from: dt.date,
    date_to: dt.date,
    village_ids: Collection[int] | None = None,
) -> list[ProgramRow]:
    """Enrollments active on `date_to`, those active on any day of the period and support
    paid over it, for every program with enrollments in the period (force-wide and local)."""
    totals = enrollment_totals_by_program(
        where(commune_ids, Period(date_from, date_to), village_ids)
    )
    programs = Program.objects.filter(code__in=totals).order_by("scope", "name_vi")
    return [
        ProgramRow(
            p.code,
            p.name,
            p.scope,
            totals[p.code].active_on_last_day,
            totals[p.code].active_in_period,
            totals[p.code].paid,
        )
        for p in programs
    ]
