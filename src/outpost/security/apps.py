from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "outpost.security"
    label = "security"
