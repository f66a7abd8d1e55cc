from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "yorozu.consultations"
    label = "consultations"
    verbose_name = "相談"
