from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "yorozu.ledgers"
    verbose_name = "共有台帳"

    def ready(self) -> None:
        try:
            from yorozu.accounts.twofactor import register_requirement
        except ImportError:  # the two-factor core is not installed (older main)
            return
        from yorozu.ledgers.rules import needs_two_factor

        register_requirement(needs_two_factor)
