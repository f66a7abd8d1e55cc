from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "yorozu.common"
    label = "common"
    verbose_name = "共通"
