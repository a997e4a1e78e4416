from django.apps import AppConfig


class BorderConfig(AppConfig):
    name = "outpost.border"
    label = "border"
