from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "outpost.people"
    label = "people"

    def ready(self) -> None:
        from outpost.core.search import register
        from outpost.people.selectors import search_people

        register(search_people)
