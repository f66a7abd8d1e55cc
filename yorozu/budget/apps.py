from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "yorozu.budget"
    label = "budget"
    verbose_name = "予算の見える化"
