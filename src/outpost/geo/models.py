"""Administrative units with validity periods and lineage, and villages under communes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity
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
    is_border = models.BooleanField(_("border commune"), default=False, db_index=True)
    border_countries = models.CharField(
        _("neighbouring countries"), max_length=60, blank=True
    )  # comma-separated ISO codes: "CN", "LA", "KH"

    class Meta:
        ordering = ["level", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="adminunit_code_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.clean_validity()
        overlapping = AdminUnit.objects.filter(level=self.level, code=self.code).exclude(pk=self.pk)
        if self.valid_from:
            overlapping = overlapping.filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=self.valid_from)
            )
        if self.valid_to:
            overlapping = overlapping.filter(
                models.Q(valid_from__isnull=True) | models.Q(valid_from__lt=self.valid_to)
            )
        if overlapping.exists():
            raise ValidationError(
                {"code": _("Code %(code)s is already used in this period.") % {"code": self.code}}
            )

    @property
    def audit_commune_id(self) -> int | None:
        return self.pk if self.level == self.Level.COMMUNE else None

    @property
    def country_list(self) -> list[str]:
        return [c for c in self.border_countries.split(",") if c]


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

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
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
    """Villages merge and split too."""

    from_village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="changes_out")
    to_village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="changes_in")
    effective = models.DateField()
    kind = models.CharField(max_length=20, choices=UnitChange.Kind.choices)
    note = models.CharField(max_length=300, blank=True)

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
