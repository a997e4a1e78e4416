"""Administrative units with validity periods and lineage, and villages under communes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity, overlapping_q
from outpost.core.text import fold


class AdminUnit(Validity, TimeStamped):
    """A province, district or commune-level unit, as it was over one period.

    A code identifies a unit only together with its validity: codes were reused in 2025."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune")

    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    code = models.CharField(max_length=10, db_index=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=40, blank=True)  # "Xã", "Phường", "Đặc khu", "Huyện"...
    english_name = models.CharField(max_length=120, blank=True)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    source = models.CharField(max_length=60, blank=True)  # which list it came from

    class Meta:
        ordering = ["level", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="adminunit_code_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.clean_validity()
        overlapping = AdminUnit.objects.filter(
            overlapping_q(self.valid_from, self.valid_to), level=self.level, code=self.code
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                {"code": _("Code %(code)s is already used in this period.") % {"code": self.code}}
            )

    @property
    def audit_commune_id(self) -> int | None:
        return self.pk if self.level == self.Level.COMMUNE else None

    def last_day(self) -> dt.date | None:
        return self.valid_to - dt.timedelta(days=1) if self.valid_to else None


class Neighbour(models.TextChoices):
    """The countries a Vietnamese unit can border (ISO 3166 codes)."""

    CHINA = "CN", _("China")
    LAOS = "LA", _("Laos")
    CAMBODIA = "KH", _("Cambodia")


def parse_countries(text: str | list[str] | tuple[str, ...]) -> list[str]:
    """ "la, CN" or ["LA", "cn"] -> ["CN", "LA"]; an unknown code is refused, naming it."""
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = sorted({c.strip().upper() for c in items if c and c.strip()})
    unknown = [c for c in codes if c not in Neighbour.values]
    if unknown:
        raise ValidationError(
            {
                "countries": _("Unknown country %(codes)s: use %(known)s.")
                % {"codes": ", ".join(unknown), "known": ", ".join(Neighbour.values)}
            }
        )
    return codes


class BorderFlag(Validity, TimeStamped):
    """A unit (of any level, before or after 2025) was a border unit, next to `countries`,
    from `valid_from` to `valid_to` (exclusive). A unit's flags never overlap; a unit with no
    flag on a date was not a border unit on that date. Flags are ended, never deleted."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="border_flags")
    countries = models.CharField(_("neighbouring countries"), max_length=20)  # "CN,LA"

    class Meta:
        ordering = ["unit_id", F("valid_from").asc(nulls_first=True)]
        indexes = [models.Index(fields=["unit", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.unit}: {self.countries}"

    @property
    def country_list(self) -> list[str]:
        return [c for c in self.countries.split(",") if c]

    @property
    def audit_commune_id(self) -> int | None:
        return self.unit.audit_commune_id

    def clean(self) -> None:
        self.clean_validity()
        codes = parse_countries(self.countries)
        if not codes:
            raise ValidationError(
                {"countries": _("A border unit needs at least one neighbouring country.")}
            )
        self.countries = ",".join(codes)
        if self.unit_id:
            self.clean_within_unit()
            self.clean_no_overlap()

    def clean_within_unit(self) -> None:
        """A flag holds only while its unit exists: an old commune's flag ends with it."""
        unit = self.unit
        starts_early = unit.valid_from and (
            self.valid_from is None or self.valid_from < unit.valid_from
        )
        ends_late = unit.valid_to and (self.valid_to is None or self.valid_to > unit.valid_to)
        if starts_early or ends_late:
            message = _(
                "%(unit)s existed from %(start)s to %(end)s: its border flag must fit in."
            ) % {"unit": unit, "start": unit.valid_from or "…", "end": unit.valid_to or "…"}
            raise ValidationError({"valid_from" if starts_early else "valid_to": message})

    def clean_no_overlap(self) -> None:
        others = BorderFlag.objects.filter(
            overlapping_q(self.valid_from, self.valid_to), unit_id=self.unit_id
        ).exclude(pk=self.pk)
        clash = others.order_by(F("valid_from").asc(nulls_first=True)).first()
        if clash is not None:
            raise ValidationError(
                {
                    "valid_from": _(
                        "%(unit)s already has a border flag from %(start)s to %(end)s "
                        "(%(countries)s): end it first or choose other dates."
                    )
                    % {
                        "unit": self.unit,
                        "start": clash.valid_from or "…",
                        "end": clash.valid_to or "…",
                        "countries": clash.countries,
                    }
                }
            )


class UnitChange(TimeStamped):
    """Lineage: part or all of `from_unit` became part or all of `to_unit` on `effective`."""

    class Kind(models.TextChoices):
        MERGED_WHOLE = "merged_whole", _("merged whole")
        MERGED_PART = "merged_part", _("merged in part")
        UNCHANGED = "unchanged", _("unchanged")
        RENAMED = "renamed", _("renamed")
        TYPE_CHANGED = "type_changed", _("type changed")
        SPECIAL_ZONE = "special_zone", _("district became a special zone")
        SPLIT = "split", _("split")

    from_unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="changes_out")
    to_unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="changes_in")
    effective = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)  # the source text, as written
    part_of_area = models.BooleanField(default=False)
    whole_population = models.BooleanField(default=False)
    legal_basis = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["effective", "to_unit__code", "from_unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit", "to_unit", "effective"], name="unitchange_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_unit} -> {self.to_unit} ({self.get_kind_display()})"

    @property
    def audit_commune_id(self) -> int | None:
        return self.to_unit_id


class Village(Validity, TimeStamped):
    """A village (thôn, bản, tổ dân phố) of a commune, with its own validity and lineage."""

    class Kind(models.TextChoices):
        THON = "thon", _("thôn")
        BAN = "ban", _("bản")
        TO_DAN_PHO = "to_dan_pho", _("tổ dân phố")
        OTHER = "other", _("other")

    commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="villages",
        limit_choices_to={"level": AdminUnit.Level.COMMUNE},
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BAN)
    code = models.CharField(_("code"), max_length=20, blank=True)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    is_border = models.BooleanField(_("border village"), default=False)

    class Meta:
        ordering = ["commune_id", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.clean_validity()
        if self.commune_id and self.commune.level != AdminUnit.Level.COMMUNE:
            raise ValidationError({"commune": _("A village belongs to a commune.")})
        # Two open villages of one commune may not share a name; ended ones may.
        clash = Village.objects.filter(
            commune_id=self.commune_id, search_name=fold(self.name), valid_to__isnull=True
        ).exclude(pk=self.pk)
        if self.valid_to is None and clash.exists():
            raise ValidationError(
                {
                    "name": _("This commune already has a village named %(name)s.")
                    % {"name": self.name}
                }
            )

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id


class VillageChange(TimeStamped):
    """Villages merge and split too. A rename links a village to itself on the day its name
    changed, keeping the name it had before (`old_name`)."""

    from_village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="changes_out")
    to_village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="changes_in")
    effective = models.DateField()
    kind = models.CharField(max_length=20, choices=UnitChange.Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    old_name = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_village", "to_village", "effective"], name="villagechange_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_village} -> {self.to_village}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.to_village.commune_id
