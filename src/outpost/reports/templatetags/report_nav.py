"""`{% report_groups as groups %}`: the report groups with their labels, for the navigation
shared by the report pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def report_groups() -> list[tuple[str, str]]:
    from outpost.reports.group_views import group_label
    from outpost.reports.groups import GROUPS

    return [(name, group_label(name)) for name in GROUPS]
