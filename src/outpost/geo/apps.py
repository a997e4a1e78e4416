from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "outpost.geo"
    label = "geo"
