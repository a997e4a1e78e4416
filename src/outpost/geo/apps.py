from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "outpost.geo"
    label = "geo"

    def ready(self) -> None:
        from outpost.core import search
        from outpost.geo.selectors import search_communes, search_villages

        search.register(search_communes)
        search.register(search_villages)
