from django.apps import AppConfig


class ForceConfig(AppConfig):
    name = "outpost.force"
    label = "force"
