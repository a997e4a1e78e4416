from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "outpost.accounts"
    label = "accounts"
