"""Users, their roles and the units they belong to (which decide what they may see)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        NATIONAL_VIEWER = "national_viewer", _("national viewer")
        PROVINCE_STAFF = "province_staff", _("province staff")
        POST_COMMANDER = "post_commander", _("post commander")
        POST_OFFICER = "post_officer", _("post officer")
        COMMUNE_PARTNER = "commune_partner", _("commune partner (read-only)")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # The force units the user belongs to; their areas of responsibility make the user's scope.
    force_units = models.ManyToManyField("force.ForceUnit", blank=True, related_name="members")
    # A commune partner belongs to no force unit: their scope is their own commune(s).
    partner_communes = models.ManyToManyField("geo.AdminUnit", blank=True, related_name="+")
    cadre = models.OneToOneField(
        "force.Cadre", null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    language = models.CharField(max_length=5, default="vi")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role in {
            self.Role.PROVINCE_STAFF,
            self.Role.POST_COMMANDER,
            self.Role.POST_OFFICER,
        }

    @property
    def sees_sensitive(self) -> bool:
        """Religion, location and similar are for those who manage households directly."""
        return self.role in {self.Role.POST_COMMANDER, self.Role.PROVINCE_STAFF}


class ApiToken(models.Model):
    """A bearer token for the API. Only a digest is stored."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
