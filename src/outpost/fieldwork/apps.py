from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "outpost.fieldwork"
    verbose_name = "Field work"
