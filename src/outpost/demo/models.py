"""A record of each demo build: the marker `outpost demo --once` looks for, and the list of
demo users `outpost demo-logins` prints."""

from __future__ import annotations

from django.db import models


class DemoRun(models.Model):
    plan = models.CharField(max_length=40)
    seed = models.IntegerField()
    scale = models.FloatField(default=1.0)
    # {username: role} of the users the demo created (their password is DEMO_PASSWORD).
    users = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)  # what was built, e.g. {"villages": 190}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"demo {self.plan} (seed {self.seed}, scale {self.scale:g})"
