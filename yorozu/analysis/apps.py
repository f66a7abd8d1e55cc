from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "yorozu.analysis"
    verbose_name = "データ分析"
