from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "outpost.demo"
    label = "demo"
