from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "yorozu.budget"
    label = "budget"
    verbose_name = "予算の見える化"

    def ready(self) -> None:
        from . import snapshot  # noqa: F401  (connects the signals that invalidate the board cache)
