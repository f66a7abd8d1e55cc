from django.apps import AppConfig


class CasebookConfig(AppConfig):
    name = "yorozu.casebook"
    verbose_name = "事例集"
