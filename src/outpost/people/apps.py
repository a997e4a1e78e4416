from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "outpost.people"
    label = "people"
