from django.urls import path

from yorozu.worksheets import views

app_name = "worksheets"

urlpatterns = [
    path("", views.worksheet_list, name="worksheet-list"),
    path("template.xlsx", views.worksheet_template, name="worksheet-template"),
    path("rates/", views.rate_list, name="rate-list"),
    path("rates/<int:rate_id>/", views.rate_edit, name="rate-edit"),
    path("rates/<int:rate_id>/delete/", views.rate_delete, name="rate-delete"),
    path("settings/", views.settings_edit, name="settings-edit"),
    path("consultations/<int:consultation_id>/", views.worksheet_detail, name="worksheet-detail"),
    path("consultations/<int:consultation_id>/items/", views.item_create, name="item-create"),
    path("consultations/<int:consultation_id>/export.xlsx", views.worksheet_export, name="worksheet-export"),
    path("consultations/<int:consultation_id>/import/", views.worksheet_import, name="worksheet-import"),
    path("consultations/<int:consultation_id>/plan/", views.plan_edit, name="plan-edit"),
    path("consultations/<int:consultation_id>/plan.docx", views.plan_docx, name="plan-docx"),
    path("consultations/<int:consultation_id>/plan.xlsx", views.plan_xlsx, name="plan-xlsx"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:item_id>/row/", views.item_row, name="item-row"),
    path("items/<int:item_id>/fit/", views.item_fit, name="item-fit"),
    path("items/<int:item_id>/delete/", views.item_delete, name="item-delete"),
]
