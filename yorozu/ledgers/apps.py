from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "yorozu.ledgers"
    verbose_name = "共有台帳"
