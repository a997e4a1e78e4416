"""`outpost demo-logins [--port P]`: where to open the app and how to sign in as each role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from outpost.accounts.models import User
from outpost.demo.context import DEMO_PASSWORD
from outpost.demo.models import DemoRun


class Command(BaseCommand):
    help = "Print the URL and the demo users with their passwords and roles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        out = self.stdout
        out.write(f"\nOutpost: http://127.0.0.1:{options['port']}/\n")
        usernames: list[str] = []
        for run in DemoRun.objects.order_by("created_at", "id"):
            usernames += [u for u in run.users if u not in usernames]
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        if not users:
            out.write("No demo users in this database (run `outpost demo`).\n")
            return
        out.write("Demo users (sign in at /accounts/login/):\n")
        width = max(len(name) for name in users)
        for name in usernames:
            user = users.get(name)
            if user is None:
                continue
            password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(changed)"
            role = user.get_role_display()
            where = ", ".join(
                [str(u) for u in user.force_units.all()]
                + [str(c) for c in user.partner_communes.all()]
            )
            line = f"  {name:<{width}}  {password:<10}  {role}"
            out.write(f"{line} - {where}\n" if where else f"{line}\n")
        out.write("\n")
