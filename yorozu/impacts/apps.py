from django.apps import AppConfig


class ImpactsConfig(AppConfig):
    name = "yorozu.impacts"
    label = "impacts"
    verbose_name = "効果測定"
