from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "outpost.grassroots"
    label = "grassroots"
