from django.apps import AppConfig


class WorksheetsConfig(AppConfig):
    name = "yorozu.worksheets"
    label = "worksheets"
    verbose_name = "業務分析"
