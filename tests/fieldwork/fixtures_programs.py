"""Residents, households and programs for the program and enrollment tests, made through the
real services on top of the shared `world` (post A: communes A1, A2; post B: commune B1)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from outpost.accounts.models import User
from outpost.accounts.scope import scope_for
from outpost.fieldwork.models import Program
from outpost.fieldwork.services.programs import program_create
from outpost.people.models import Household, Resident
from outpost.people.services import household_create, resident_add

ADOPTED = "con-nuoi-don-bien-phong"  # residents, until 18
SCHOOL = "nang-buoc-em-toi-truong"  # residents
SPRING = "xuan-bien-phong-am-long-dan-ban"  # households


_codes = itertools.count(1)


def program(code: str) -> Program:
    return Program.objects.get(code=code)


def household(village: Any, code: str, head: str = "") -> Household:
    return household_create(actor=None, village=village, code=code, head_name=head)


def child(
    village: Any,
    name: str,
    *,
    born: dt.date | None = None,
    birth_year: int | None = None,
    code: str | None = None,
) -> Resident:
    home = household(village, code or f"HH-{next(_codes)}", head=f"Bố {name}")
    return resident_add(
        actor=None,
        household=home,
        full_name=name,
        relation="child",
        sex="F",
        birth_date=born,
        birth_year=birth_year,
    )


def scope_of(w: Any, persona: str) -> Any:
    return scope_for(w.users[persona])


def local_program(w: Any, unit: Any, name: str, beneficiary: str = "resident") -> Program:
    return program_create(actor=None, name_vi=name, beneficiary=beneficiary, owner_unit=unit)


def superuser() -> User:
    return User.objects.create_superuser(username="admin", password="x-admin-pass-1")
