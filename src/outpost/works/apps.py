from django.apps import AppConfig


class WorksConfig(AppConfig):
    name = "outpost.works"
    label = "works"
