from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "yorozu.training"
    label = "training"
    verbose_name = "人材育成"
