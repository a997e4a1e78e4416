"""The coverage figures in one hand-written SQL query, as the yardstick for the registry.

It follows the definitions in the apps' `indicators.py` to the letter (what is valid on the
date, who counts as a Party member, which rows are counted distinct), so that its numbers
must equal the registry's. The same text runs on SQLite and PostgreSQL: recursive CTEs,
booleans used as predicates and dates passed as parameters work on both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def _valid(alias: str) -> str:
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= %(on)s) "
        f"AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %(on)s)"
    )


PARTY = "k.party_joined_on <= %(on)s AND (k.party_left_on IS NULL OR k.party_left_on > %(on)s)"

# The communes that make up the unit on the date.
FORCE_COMMUNES = f"""
units(id) AS (
    SELECT id FROM force_forceunit WHERE code = %(code)s
    UNION
    SELECT f.id FROM force_forceunit f JOIN units ON f.parent_id = units.id
),
communes(id) AS (
    SELECT DISTINCT a.commune_id FROM force_areaofresponsibility a
    JOIN units ON units.id = a.force_unit_id
    WHERE {_valid("a")}
)"""
COUNTRY_COMMUNES = f"""
communes(id) AS (
    SELECT u.id FROM geo_adminunit u WHERE u.level = 'commune' AND {_valid("u")}
)"""

FIGURES = f"""
hh AS (
    SELECT h.id, h.is_near_border FROM people_household h
    JOIN communes c ON c.id = h.commune_id
    WHERE {_valid("h")}
),
ha AS (
    SELECT a.household_id, a.cadre_id FROM assign_householdassignment a
    JOIN hh ON hh.id = a.household_id
    WHERE {_valid("a")}
),
bm AS (
    SELECT m.cadre_id, m.branch_id FROM assign_branchmembership m
    JOIN grassroots_partybranch b ON b.id = m.branch_id
    JOIN geo_village v ON v.id = b.village_id
    JOIN communes c ON c.id = v.commune_id
    WHERE {_valid("m")} AND {_valid("b")}
),
vil AS (
    SELECT v.id FROM geo_village v JOIN communes c ON c.id = v.commune_id WHERE {_valid("v")}
),
border AS (
    SELECT f.unit_id FROM geo_borderflag f WHERE {_valid("f")}
),
seats AS (
    SELECT s.cadre_id, s.unit_id, s.unit_id IN (SELECT unit_id FROM border) AS is_border,
        u.level FROM assign_committeeseat s
    JOIN force_cadre k ON k.id = s.cadre_id
    JOIN geo_adminunit u ON u.id = s.unit_id
    WHERE {_valid("s")} AND k.category = 'officer'
)
SELECT
    (SELECT COUNT(*) FROM hh),
    (SELECT COUNT(*) FROM hh WHERE hh.is_near_border),
    (SELECT COUNT(DISTINCT ha.cadre_id) FROM ha JOIN force_cadre k ON k.id = ha.cadre_id
        WHERE {PARTY}),
    (SELECT COUNT(DISTINCT ha.household_id) FROM ha),
    (SELECT COUNT(*) FROM hh WHERE hh.is_near_border AND NOT EXISTS (
        SELECT 1 FROM assign_householdassignment a WHERE a.household_id = hh.id
        AND {_valid("a")})),
    (SELECT COUNT(DISTINCT bm.cadre_id) FROM bm JOIN force_cadre k ON k.id = bm.cadre_id
        WHERE {PARTY}),
    (SELECT COUNT(DISTINCT bm.branch_id) FROM bm),
    (SELECT COUNT(*) FROM vil WHERE NOT EXISTS (
        SELECT 1 FROM assign_branchmembership m
        JOIN grassroots_partybranch b ON b.id = m.branch_id
        WHERE b.village_id = vil.id AND {_valid("m")} AND {_valid("b")})),
    (SELECT COUNT(*) FROM vil WHERE NOT EXISTS (
        SELECT 1 FROM grassroots_partybranch b WHERE b.village_id = vil.id AND {_valid("b")})),
    (SELECT COUNT(*) FROM geo_adminunit u JOIN communes c ON c.id = u.id
        WHERE u.level = 'commune' AND u.id IN (SELECT unit_id FROM border) AND {_valid("u")}),
    (SELECT COUNT(DISTINCT seats.unit_id) FROM seats JOIN communes c ON c.id = seats.unit_id
        WHERE seats.is_border),
    (SELECT COUNT(DISTINCT seats.cadre_id) FROM seats JOIN communes c ON c.id = seats.unit_id),
    (SELECT COUNT(DISTINCT seats.cadre_id) FROM seats WHERE seats.level = 'district'
        AND seats.unit_id IN (SELECT u.parent_id FROM geo_adminunit u
                              JOIN communes c ON c.id = u.id))
"""

KEYS = (
    "households",
    "households_near_border",
    "party_members_assisting_households",
    "households_assisted",
    "households_near_border_unassigned",
    "party_members_in_village_branches",
    "village_branches_with_members",
    "villages_without_force_members_in_branch",
    "villages_without_party_branch",
    "border_communes",
    "border_communes_with_officer",
    "officers_in_commune_committees",
    "officers_in_district_committees",
)


def query_for(code: str) -> str:
    communes = COUNTRY_COMMUNES if code.upper() == "VN" else FORCE_COMMUNES
    return f"WITH RECURSIVE {communes},\n{FIGURES}"


def figures(connection: Any, code: str, on: dt.date) -> dict[str, int]:
    """The coverage figures of a force unit (by code, with every unit under it) or of the
    whole country ("VN") on a date."""
    with connection.cursor() as cursor:
        cursor.execute(query_for(code), {"code": code, "on": on})
        row = cursor.fetchone()
    return {key: int(value or 0) for key, value in zip(KEYS, row, strict=True)}
