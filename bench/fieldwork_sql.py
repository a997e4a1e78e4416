"""The field work figures of a unit over a period in one hand-written SQL query, as the
yardstick for the registry (`outpost.fieldwork.indicators`).

It follows the definitions of `outpost.fieldwork.selectors.figures` (which records count,
where, when; voided rows never) but is written independently of them: support paid is summed
over a list of the first days of the months in the period, joined to the enrollments active
on each, where the registry computes the months by date arithmetic. The communes are those of
the force unit and every unit under it on the period's last day, with the communes they came
from during the period: looked up first (one small recursive query), then written into the
figures query as a list of ids, as one would by hand (behind a subquery the planner cannot
tell 30 communes from 3,000 and reads every activity of the year). SQLite and PostgreSQL
differ only in how the list of months is made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from outpost.fieldwork.indicators import KINDS, PROGRAMS, program_key


def _valid(alias: str) -> str:
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= %(to)s) "
        f"AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %(to)s)"
    )


COMMUNES = f"""
WITH RECURSIVE units(id) AS (
    SELECT id FROM force_forceunit WHERE code = %(code)s
    UNION
    SELECT f.id FROM force_forceunit f JOIN units ON f.parent_id = units.id
),
own(id) AS (
    SELECT DISTINCT a.commune_id FROM force_areaofresponsibility a
    JOIN units ON units.id = a.force_unit_id
    WHERE {_valid("a")}
),
back(id) AS (
    SELECT c.from_unit_id FROM geo_unitchange c JOIN own ON own.id = c.to_unit_id
    WHERE c.effective > %(from)s
    UNION
    SELECT c.from_unit_id FROM geo_unitchange c JOIN back ON back.id = c.to_unit_id
    WHERE c.effective > %(from)s
),
communes(id) AS (SELECT id FROM own UNION SELECT id FROM back)
SELECT id FROM communes"""

MONTHS = {
    "postgresql": """
months(d) AS (
    SELECT CAST(date_trunc('month', CAST(%(from)s AS date)) AS date)
    UNION ALL
    SELECT CAST(d + interval '1 month' AS date) FROM months WHERE d < %(to)s
),
firsts(d) AS (SELECT d FROM months WHERE d >= %(from)s AND d <= %(to)s)""",
    "sqlite": """
months(d) AS (
    SELECT date(%(from)s, 'start of month')
    UNION ALL
    SELECT date(d, '+1 month') FROM months WHERE d < %(to)s
),
firsts(d) AS (SELECT d FROM months WHERE d >= %(from)s AND d <= %(to)s)""",
}


def _activity_columns() -> tuple[list[str], list[str]]:
    columns = ["COUNT(*)", "COALESCE(SUM(a.people_reached), 0)"]
    keys = ["activities_total", "people_reached_total"]
    for code, _en, _vi in KINDS:
        columns.append(f"SUM(CASE WHEN k.code = '{code}' THEN 1 ELSE 0 END)")
        columns.append(f"SUM(CASE WHEN k.code = '{code}' THEN a.people_reached ELSE 0 END)")
        keys += [f"activities_{code}", f"people_reached_{code}"]
    return columns, keys


def _program_columns() -> list[tuple[str, str]]:
    # Over a period: the enrollments active on at least one of its days.
    active = "e.started_on <= %(to)s AND (e.ended_on IS NULL OR e.ended_on > %(from)s)"
    columns = [
        ("enrollments_active_in_period", f"SELECT COUNT(*) FROM enr e WHERE {active}"),
        ("support_paid_vnd", "SELECT COALESCE(SUM(p.monthly_support), 0) FROM paid p"),
    ]
    for code, _en, _vi in PROGRAMS:
        key = program_key(code)
        columns.append(
            (
                f"enrollments_in_period_{key}",
                f"SELECT COUNT(*) FROM enr e WHERE e.code = '{code}' AND {active}",
            )
        )
        columns.append(
            (
                f"support_paid_vnd_{key}",
                f"SELECT COALESCE(SUM(p.monthly_support), 0) FROM paid p WHERE p.code = '{code}'",
            )
        )
    return columns


def query(vendor: str) -> tuple[str, list[str]]:
    activity_columns, activity_keys = _activity_columns()
    program_columns = _program_columns()
    period = "BETWEEN %(from)s AND %(to)s"
    period = "BETWEEN %(from)s AND %(to)s"
    in_communes = "commune_id IN ({communes})"
    rest = [
        (
            "households_visited",
            f"""SELECT COUNT(DISTINCT t.household_id)
            FROM fieldwork_activityhousehold t
            JOIN fieldwork_activity a ON a.id = t.activity_id
            JOIN fieldwork_activitykind k ON k.id = a.kind_id
            WHERE t.date {period} AND a.date {period} AND a.{in_communes}
            AND a.voided_at IS NULL AND k.counts_as_visit""",
        ),
        ("crop_conversions", "SELECT COUNT(*) FROM conv WHERE kind = 'crop'"),
        ("crop_area_ha", "SELECT SUM(area_ha) FROM conv WHERE kind = 'crop'"),
        ("livestock_conversions", "SELECT COUNT(*) FROM conv WHERE kind = 'livestock'"),
        ("livestock_heads_converted", "SELECT SUM(heads) FROM conv WHERE kind = 'livestock'"),
        ("loans_facilitated", "SELECT COUNT(*) FROM loan"),
        ("loan_amount_vnd", "SELECT SUM(amount) FROM loan"),
        ("houses_built_for_households", "SELECT COUNT(*) FROM house WHERE kind = 'built'"),
        ("houses_repaired_for_households", "SELECT COUNT(*) FROM house WHERE kind = 'repaired'"),
        *program_columns,
        ("people_evacuated", "SELECT SUM(people_moved) FROM evac"),
        ("households_evacuated", "SELECT SUM(households_moved) FROM evac"),
        (
            "damage_repairs",
            f"""SELECT COUNT(*) FROM fieldwork_damagerepair r
            JOIN fieldwork_disaster d ON d.id = r.disaster_id WHERE r.{in_communes}
            AND r.voided_at IS NULL AND d.voided_at IS NULL AND r."on" {period}""",
        ),
        ("cadres_deployed", "SELECT SUM(cadre_count) FROM depl"),
        ("cadre_days_deployed", "SELECT SUM(cadre_count * days) FROM depl"),
    ]
    scalars = ",\n    ".join(f"({expr}) AS r{n}" for n, (_key, expr) in enumerate(rest))
    sql = f"""
WITH RECURSIVE {MONTHS[vendor]},
enr AS (
    SELECT e.started_on, e.ended_on, e.monthly_support, p.code FROM fieldwork_enrollment e
    JOIN fieldwork_program p ON p.id = e.program_id
    WHERE e.{in_communes}
),
paid AS (
    SELECT enr.monthly_support, enr.code FROM enr JOIN firsts f
    ON enr.started_on <= f.d AND (enr.ended_on IS NULL OR enr.ended_on > f.d)
),
conv AS (
    SELECT c.kind, c.area_ha, c.heads FROM fieldwork_conversion c
    WHERE c.{in_communes} AND c.voided_at IS NULL
    AND c.year BETWEEN %(first_year)s AND %(last_year)s
),
loan AS (
    SELECT l.amount FROM fieldwork_loan l
    WHERE l.{in_communes} AND l.voided_at IS NULL AND l.granted_on {period}
),
house AS (
    SELECT h.kind FROM fieldwork_housesupport h
    WHERE h.{in_communes} AND h.voided_at IS NULL AND h.completed_on {period}
),
evac AS (
    SELECT r.people_moved, r.households_moved FROM fieldwork_evacuation r
    JOIN fieldwork_disaster d ON d.id = r.disaster_id
    WHERE r.{in_communes} AND r.voided_at IS NULL AND d.voided_at IS NULL
    AND r."on" {period}
),
depl AS (
    SELECT r.cadre_count, r.days FROM fieldwork_deployment r
    JOIN fieldwork_disaster d ON d.id = r.disaster_id
    WHERE r.{in_communes} AND r.voided_at IS NULL AND d.voided_at IS NULL
    AND r."on" {period}
)
SELECT act.*, rest.* FROM (
    SELECT {", ".join(f"{c} AS a{n}" for n, c in enumerate(activity_columns))}
    FROM fieldwork_activity a JOIN fieldwork_activitykind k ON k.id = a.kind_id
    WHERE a.{in_communes} AND a.date {period} AND a.voided_at IS NULL
) act, (
    SELECT {scalars}
) rest
"""
    return sql, [*activity_keys, *(key for key, _expr in rest)]


def figures(connection: Any, code: str, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """The field work figures of a force unit (by code, with every unit under it) over the
    period, keyed as in the registry."""
    sql, keys = query(connection.vendor)
    params = {
        "code": code,
        "from": date_from,
        "to": date_to,
        "first_year": date_from.year,
        "last_year": date_to.year,
    }
    if connection.vendor == "sqlite":
        params["from"], params["to"] = date_from.isoformat(), date_to.isoformat()
    with connection.cursor() as cursor:
        cursor.execute(COMMUNES, params)
        communes = ", ".join(str(int(row[0])) for row in cursor.fetchall()) or "NULL"
        cursor.execute(sql.replace("{communes}", communes), params)
        row = cursor.fetchone()
    values = dict(zip(keys, row, strict=True))
    area = values.pop("crop_area_ha") or 0
    values["crop_area_converted_m2"] = round(float(area) * 10_000)
    return {key: int(value or 0) for key, value in values.items()}
