from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yorozu.accounts"
    label = "accounts"
    verbose_name = "利用者と組織"
