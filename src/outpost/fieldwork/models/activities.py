"""What officers do in the villages: visits, support, teaching, medical care, propaganda
sessions, gifts, disaster response. One row per activity, recorded once, usually from a phone.

An activity carries the id the client generated for it (`client_id`) so that a submission sent
twice over a bad connection is stored once, and a `version` that an edit must name so that an
edit made on a stale copy is refused instead of silently overwriting a newer one."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped


class ActivityKind(models.Model):
    """The kinds of activity are data: an administrator can add local ones. `code` is stable
    (imports and the API use it); the names are what people read."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    # Kinds that count as a household visit for follow-ups when they touch a household.
    counts_as_visit = models.BooleanField(_("counts as a visit"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_vi if translation.get_language() == "vi" else self.name_en


class Activity(TimeStamped):
    """One activity on one day by one unit in one commune (and usually one village).

    Never deleted: an activity recorded by mistake is voided with a reason."""

    client_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("kind")
    )
    date = models.DateField(_("date"), db_index=True)
    force_unit = models.ForeignKey(
        "force.ForceUnit",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("unit"),
    )
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        "geo.Village",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("village"),
    )
    cadres = models.ManyToManyField(
        "force.Cadre", related_name="activities", blank=True, verbose_name=_("cadres")
    )
    households = models.ManyToManyField(
        "people.Household",
        through="ActivityHousehold",
        related_name="activities",
        blank=True,
        verbose_name=_("households"),
    )
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    cost = models.PositiveBigIntegerField(_("cost (VND)"), default=0)
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    program = models.ForeignKey(
        "fieldwork.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("program"),
    )
    disaster = models.ForeignKey(
        "fieldwork.Disaster",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("disaster"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["commune", "date"], name="fw_activity_commune_date"),
            models.Index(fields=["force_unit", "date"], name="fw_activity_unit_date"),
        ]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.kind} {self.date:%d/%m/%Y}"

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.force_unit_id

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.commune_id and self.commune.level != "commune":
            errors["commune"] = _("Choose a commune.")
        if (
            self.village is not None
            and self.commune_id
            and self.village.commune_id != self.commune_id
        ):
            errors["village"] = _("The village is not in the activity's commune.")
        if self.voided_at and not self.void_reason.strip():
            errors["void_reason"] = _("Give the reason the activity is voided.")
        if errors:
            raise ValidationError(errors)


class ActivityHousehold(models.Model):
    """A household touched by an activity. The date is copied from the activity so that
    "last visit of each household" is one indexed query, without joining the activities."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="touches")
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="activity_touches"
    )
    date = models.DateField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "household"], name="fw_activity_household_once"
            )
        ]
        indexes = [models.Index(fields=["household", "date"], name="fw_touch_household_date")]

    def __str__(self) -> str:
        return f"{self.activity_id} -> {self.household_id}"


def photo_path(instance: ActivityPhoto, filename: str) -> str:
    # The stored name never comes from the user: it is the photo's own id and type.
    return f"activity-photos/{instance.activity_id}/{instance.client_id}.{instance.extension}"


class ActivityPhoto(TimeStamped):
    """A photo of an activity, stored as a file under MEDIA_ROOT (not in the database) and
    served only through a scoped view, never as a public static file."""

    ALLOWED_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="photos")
    client_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"photo {self.client_id}"

    @property
    def extension(self) -> str:
        return self.ALLOWED_TYPES.get(self.content_type, "bin")

    @property
    def audit_commune_id(self) -> int | None:
        return self.activity.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.activity.force_unit_id
