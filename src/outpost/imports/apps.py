from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "outpost.imports"
    label = "imports"
