from django.urls import path

from yorozu.impacts import views

app_name = "impacts"

urlpatterns = [
    path("", views.report, name="report"),
    path("report/", views.report, name="report-alias"),
    path("report/export.xlsx", views.report_export, name="report-export"),
    path("public/", views.public_results, name="public"),
    path("deployments/", views.deployment_list, name="deployment-list"),
    path("deployments/new/", views.deployment_create, name="deployment-create"),
    path(
        "consultations/<int:consultation_id>/deploy/",
        views.deployment_create_for_case,
        name="deployment-create-for-case",
    ),
    path("deployments/<int:pk>/", views.deployment_detail, name="deployment-detail"),
    path("deployments/<int:pk>/edit/", views.deployment_update, name="deployment-update"),
    path("deployments/<int:pk>/effects/", views.effect_create, name="effect-create"),
    path("deployments/<int:pk>/effects/preview/", views.effect_preview, name="effect-preview"),
    path("deployments/<int:pk>/weights/", views.deployment_weights, name="deployment-weights"),
    path("effects/<int:pk>/delete/", views.effect_delete, name="effect-delete"),
    path("weights/", views.department_weights, name="department-weights"),
    path("tools/", views.tool_list, name="tool-list"),
    path("import/", views.ledger_import, name="ledger-import"),
    path("settings/", views.ledger_settings, name="settings"),
]
