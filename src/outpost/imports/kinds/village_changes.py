"""Village changes: renames, ends, merges and splits, one row per change, written through the
geo services (`village_rename`, `village_end`, `villages_merge`, `village_split`).

The commune code is read on the change's effective date (a code reused in 2025 names the
commune that carried it that day). A row is matched to what is recorded by its villages and
its date: a rename by the renamed link of that day, an end by the village ended that day, a
merge by the village begun that day from exactly those villages, a split by the village ended
that day into exactly those parts. A change already recorded is left as it is, so a file
imported twice changes nothing; anything else needs the village open on the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from outpost.accounts.scope import Scope
from outpost.core.text import fold
from outpost.geo import services
from outpost.geo.models import AdminUnit, UnitChange, Village, VillageChange
from outpost.imports import spec
from outpost.imports.kinds.base import Columns, ServiceSheet, export_columns

Kind = spec.VillageChangeKind
SEPARATOR = ";"
# How many villages and new names each change takes: (at least, at most; None: no limit).
SHAPES: dict[str, tuple[tuple[int, int | None], tuple[int, int | None]]] = {
    Kind.RENAME: ((1, 1), (1, 1)),
    Kind.END: ((1, 1), (0, 0)),
    Kind.MERGE: ((2, None), (1, 1)),
    Kind.SPLIT: ((1, 1), (2, None)),
}


def names_in(text: str | None) -> list[str]:
    """ "Bản A; Bản B" -> ["Bản A", "Bản B"]."""
    return [p.strip() for p in (text or "").split(SEPARATOR) if p.strip()]


def folded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(n) for n in names)


class VillageChangeSheet(ServiceSheet):
    sheet = spec.VILLAGE_CHANGES
    dated_by = ("effective",)
    fields = {
        "into_names": "new_names",
        "name": "new_names",
        "on": "effective",
        "valid_to": "effective",
        "valid_from": "effective",
        "__all__": "villages",
    }

    def key(self, v: dict[str, Any]) -> tuple[Any, ...]:
        return (v["commune_code"], v["change"], folded(names_in(v["villages"])), v["effective"])

    def check(self, rows: Any, plan: Any, n: int, v: dict[str, Any]) -> None:
        if self.shape_ok(rows, n, v):
            super().check(rows, plan, n, v)

    def shape_ok(self, rows: Any, n: int, v: dict[str, Any]) -> bool:
        """Each change names as many villages and new names as it takes."""
        (least_old, most_old), (least_new, most_new) = SHAPES[v["change"]]
        ok = True
        for column, (least, most) in (
            ("villages", (least_old, most_old)),
            ("new_names", (least_new, most_new)),
        ):
            count = len(folded(names_in(v.get(column))))
            if count < least or (most is not None and count > most):
                self.importer._col_error(
                    rows, n, column, v.get(column), self.shape_message(least, most)
                )
                ok = False
        return ok

    @staticmethod
    def shape_message(least: int, most: int | None) -> str:
        if most == 0:
            return _("Leave this empty for this change.")
        if most == least:
            return _("Write exactly %(n)s name(s) here.") % {"n": least}
        return _("Write at least %(n)s different names here, separated by ;.") % {"n": least}

    # --- writing ---------------------------------------------------------------------------

    def write_row(self, n: int, v: dict[str, Any]) -> None:
        commune = self.commune(n, v)
        olds, news = names_in(v["villages"]), names_in(v.get("new_names"))
        on, reason = v["effective"], v.get("reason") or ""
        if self.recorded(commune, v["change"], olds, news, on):
            self.unchanged()
            return
        sources = [self.open_village(n, commune, name) for name in olds]
        write = getattr(self, f"write_{v['change']}")
        write(n, sources, news, on, reason)

    def write_rename(
        self, n: int, sources: list[Village], news: list[str], on: dt.date, reason: str
    ) -> None:
        village = sources[0]
        self.call(
            n,
            "new_names",
            services.village_rename,
            village=village,
            name=news[0],
            on=on,
            reason=reason,
        )
        self.updated(village)

    def write_end(
        self, n: int, sources: list[Village], news: list[str], on: dt.date, reason: str
    ) -> None:
        village = sources[0]
        self.call(n, "effective", services.village_end, village=village, on=on, reason=reason)
        self.updated(village)

    def write_merge(
        self, n: int, sources: list[Village], news: list[str], on: dt.date, reason: str
    ) -> None:
        merged = self.call(
            n,
            "villages",
            services.villages_merge,
            sources=sources,
            into_name=news[0],
            on=on,
            reason=reason,
        )
        self.created(merged)

    def write_split(
        self, n: int, sources: list[Village], news: list[str], on: dt.date, reason: str
    ) -> None:
        parts = self.call(
            n,
            "new_names",
            services.village_split,
            village=sources[0],
            into_names=news,
            on=on,
            reason=reason,
        )
        for part in parts:
            self.created(part)

    def recorded(
        self, commune: AdminUnit, change: str, olds: list[str], news: list[str], on: dt.date
    ) -> bool:
        """The change is already recorded: the same villages changed the same way that day."""
        villages = Village.objects.filter(commune=commune)
        if change == Kind.RENAME:
            links = VillageChange.objects.filter(
                kind=UnitChange.Kind.RENAMED, effective=on, to_village__commune=commune
            )
            return any(fold(c.old_name) == fold(olds[0]) for c in links)
        if change == Kind.END:
            return villages.filter(search_name=fold(olds[0]), valid_to=on).exists()
        if change == Kind.MERGE:
            merged = villages.filter(search_name=fold(news[0]), valid_from=on)
            return any(
                linked_names(m, "changes_in", UnitChange.Kind.MERGED_WHOLE) == folded(olds)
                for m in merged
            )
        split = villages.filter(search_name=fold(olds[0]), valid_to=on)
        return any(
            linked_names(s, "changes_out", UnitChange.Kind.SPLIT) == folded(news) for s in split
        )

    def open_village(self, n: int, commune: AdminUnit, name: str) -> Village:
        village = Village.objects.filter(
            commune=commune, search_name=fold(name), valid_to__isnull=True
        ).first()
        if village is None:
            message = _("Commune %(commune)s has no open village named %(name)s.") % {
                "commune": commune.name,
                "name": name,
            }
            self.fail(
                n, "villages", self.current.get("villages"), self.lookups.about(commune, message)
            )
        return village


def linked_names(village: Village, direction: str, kind: str) -> frozenset[str]:
    """The folded names of the villages a merge brought in or a split gave out."""
    changes = (
        getattr(village, direction).filter(kind=kind).select_related("from_village", "to_village")
    )
    other = "from_village" if direction == "changes_in" else "to_village"
    return frozenset(getattr(c, other).search_name for c in changes)


# --- export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    commune: AdminUnit
    change: str
    villages: str
    new_names: str
    effective: dt.date
    reason: str


def joined_names(villages: Iterable[Village]) -> str:
    return f"{SEPARATOR} ".join(sorted(v.name for v in villages))


def change_rows(scope: Scope) -> list[ChangeRow]:
    """The recorded changes of the user's villages, oldest first: renames, merges (one row
    per merged village), splits (one row per split village), and villages ended otherwise."""
    visible = scope.filter(Village.objects.select_related("commune"), commune="commune")
    incoming = Prefetch("changes_in", VillageChange.objects.select_related("from_village"))
    outgoing = Prefetch("changes_out", VillageChange.objects.select_related("to_village"))
    rows: list[ChangeRow] = []
    for village in visible.prefetch_related(incoming, outgoing):
        rows.extend(village_rows(village))
    return sorted(rows, key=lambda r: (r.effective, r.commune.code, r.change, r.villages))


def village_rows(village: Village) -> list[ChangeRow]:
    """The rows a village gives: its renames, the merge that began it, the split that ended
    it, or its end when no change ended it."""
    rows: list[ChangeRow] = []
    incoming, outgoing = list(village.changes_in.all()), list(village.changes_out.all())
    renames = sorted(
        (c for c in incoming if c.kind == UnitChange.Kind.RENAMED), key=lambda c: c.effective
    )
    # Each rename's new name is the name the next rename started from, or today's name.
    names_after = [r.old_name for r in renames[1:]] + [village.name]
    for c, after in zip(renames, names_after[: len(renames)], strict=True):
        rows.append(row(village, Kind.RENAME, c.old_name, after, c.effective, c.note))
    merged = [c for c in incoming if c.kind == UnitChange.Kind.MERGED_WHOLE]
    if merged:
        sources = joined_names(c.from_village for c in merged)
        rows.append(
            row(village, Kind.MERGE, sources, village.name, merged[0].effective, merged[0].note)
        )
    split = [c for c in outgoing if c.kind == UnitChange.Kind.SPLIT]
    if split:
        parts = joined_names(c.to_village for c in split)
        rows.append(
            row(village, Kind.SPLIT, village.name, parts, split[0].effective, split[0].note)
        )
    ended_by_change = any(c.kind != UnitChange.Kind.RENAMED for c in outgoing)
    if village.valid_to is not None and not ended_by_change:
        rows.append(row(village, Kind.END, village.name, "", village.valid_to, village.end_reason))
    return rows


def row(village: Village, change: str, olds: str, news: str, on: dt.date, reason: str) -> ChangeRow:
    return ChangeRow(village.commune, str(change), olds, news, on, reason)


def village_changes_export(scope: Scope) -> tuple[list[ChangeRow], Columns, spec.Sheet]:
    sheet = spec.VILLAGE_CHANGES
    columns = export_columns(
        sheet,
        {
            "commune_code": "commune.code",
            "change": "change",
            "villages": "villages",
            "new_names": "new_names",
            "effective": "effective",
            "reason": "reason",
        },
    )
    return change_rows(scope), columns, sheet
