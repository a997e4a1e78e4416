from django.apps import AppConfig


class AssignConfig(AppConfig):
    name = "outpost.assign"
    label = "assign"

    def ready(self) -> None:
        from outpost.assign.services import on_cadre_posted_away
        from outpost.force.signals import cadre_posted_away

        cadre_posted_away.connect(on_cadre_posted_away, dispatch_uid="assign.end_on_posting")
