from django.apps import AppConfig


class ForceConfig(AppConfig):
    name = "outpost.force"
    label = "force"

    def ready(self) -> None:
        from outpost.core import search
        from outpost.force.selectors import search_cadres, search_force_units

        search.register(search_force_units)
        search.register(search_cadres)
