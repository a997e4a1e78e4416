"""The border line a post manages: segments with a neighbouring country, the markers on them,
the households that self-manage a stretch or a marker, and the patrols along them."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from outpost.core.models import TimeStamped, Validity


class Country(models.TextChoices):
    CHINA = "CN", _("China")
    LAOS = "LA", _("Laos")
    CAMBODIA = "KH", _("Cambodia")


def clean_path(path: object) -> None:
    """A segment's path is a list of [latitude, longitude] pairs (possibly empty)."""
    if path in (None, []):
        return
    message = _("The path must be a list of [latitude, longitude] points.")
    if not isinstance(path, list):
        raise ValidationError({"path": message})
    for point in path:
        if (
            not isinstance(point, list | tuple)
            or len(point) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        ):
            raise ValidationError({"path": message})
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            raise ValidationError({"path": _("A path point lies outside the globe.")})


class BorderSegment(Validity, TimeStamped):
    """A stretch of the national border in one commune, managed by one post over a period."""

    name = models.CharField(_("name"), max_length=160)
    country = models.CharField(_("neighbouring country"), max_length=2, choices=Country.choices)
    length_km = models.DecimalField(
        _("length (km)"),
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="border_segments"
    )
    post = models.ForeignKey(
        "force.ForceUnit", on_delete=models.PROTECT, related_name="border_segments"
    )
    path = models.JSONField(
        _("path"),
        default=list,
        blank=True,
        help_text=_("The line on the map: a list of [latitude, longitude] points."),
    )

    class Meta:
        ordering = ["post_id", "country", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_validity()
        clean_path(self.path)
        if self.commune_id is None or self.post_id is None:
            return
        from outpost.core.models import valid_on_q
        from outpost.force.models import AreaOfResponsibility

        areas = AreaOfResponsibility.objects.filter(
            force_unit_id=self.post_id, commune_id=self.commune_id
        )
        if self.valid_from is not None:
            areas = areas.filter(valid_on_q(self.valid_from))
        if not areas.exists():
            raise ValidationError(
                {"commune": _("This commune is not in the post's area of responsibility.")}
            )

    @property
    def audit_commune_id(self) -> int | None:
        return self.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.post_id


class BorderMarker(TimeStamped):
    """A border marker (cột mốc) on a segment."""

    class Kind(models.TextChoices):
        MAIN = "main", _("main marker")
        SECONDARY = "secondary", _("secondary marker")
        STAKE = "stake", _("stake")

    number = models.CharField(_("number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    segment = models.ForeignKey(BorderSegment, on_delete=models.PROTECT, related_name="markers")
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    households = models.ManyToManyField(
        "people.Household",
        through="MarkerSelfManagement",
        related_name="border_markers",
        blank=True,
    )

    class Meta:
        ordering = ["segment_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "number"], name="marker_number_per_segment")
        ]

    def __str__(self) -> str:
        return str(_("Marker %(number)s") % {"number": self.number})

    def clean(self) -> None:
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError({"latitude": _("Latitude must be between -90 and 90.")})
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError({"longitude": _("Longitude must be between -180 and 180.")})

    @property
    def audit_commune_id(self) -> int | None:
        return self.segment.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.segment.post_id


class MarkerSelfManagement(Validity, TimeStamped):
    """A household self-manages a border marker over a period (tự quản cột mốc)."""

    marker = models.ForeignKey(BorderMarker, on_delete=models.PROTECT, related_name="managements")
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="marker_managements"
    )

    class Meta:
        ordering = ["marker_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.household} - {self.marker}"

    def clean(self) -> None:
        self.clean_validity()

    @property
    def audit_commune_id(self) -> int | None:
        return self.marker.segment.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.marker.segment.post_id


class Patrol(TimeStamped):
    """One patrol along a segment: how far, which markers were checked, who joined."""

    date = models.DateField(_("date"), db_index=True)
    post = models.ForeignKey("force.ForceUnit", on_delete=models.PROTECT, related_name="patrols")
    segment = models.ForeignKey(BorderSegment, on_delete=models.PROTECT, related_name="patrols")
    km = models.DecimalField(_("distance (km)"), max_digits=7, decimal_places=3)
    markers_checked = models.ManyToManyField(
        BorderMarker, related_name="patrols", blank=True, verbose_name=_("markers checked")
    )
    residents_joining = models.PositiveIntegerField(_("residents joining"), default=0)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.segment_id}"

    def clean(self) -> None:
        if self.km is None or self.segment_id is None:
            return
        if self.post_id is not None and self.post_id != self.segment.post_id:
            raise ValidationError({"post": _("The patrol's post must be the segment's post.")})
        if self.km < 0:
            raise ValidationError({"km": _("The distance cannot be negative.")})
        if self.km > self.segment.length_km * 2:
            raise ValidationError(
                {"km": _("The distance cannot exceed twice the segment's length.")}
            )

    @property
    def audit_commune_id(self) -> int | None:
        return self.segment.commune_id

    @property
    def audit_force_unit_id(self) -> int | None:
        return self.post_id
