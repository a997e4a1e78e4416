from django.apps import AppConfig


class AssignConfig(AppConfig):
    name = "outpost.assign"
    label = "assign"
