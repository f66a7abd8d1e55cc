from django.apps import AppConfig


class RegqaConfig(AppConfig):
    name = "yorozu.regqa"
    label = "regqa"
    verbose_name = "規則Q&A"
