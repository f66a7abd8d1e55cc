from django.urls import path

from yorozu.casebook import views

app_name = "casebook"

urlpatterns = [
    path("", views.case_study_list, name="case-study-list"),
    path("similar/", views.case_study_similar, name="case-study-similar"),
    path("exchange/", views.exchange, name="exchange"),
    path("exchange/export/", views.exchange_export, name="exchange-export"),
    path("exchange/import/", views.exchange_import, name="exchange-import"),
    path("exchange/settings/", views.settings_update, name="settings-update"),
    path("public/", views.public_list, name="public-list"),
    path("public/<uuid:uid>/", views.public_detail, name="public-detail"),
    path("consultations/<int:consultation_id>/", views.consultation_panel, name="consultation-panel"),
    path("consultations/<int:consultation_id>/draft/", views.case_study_draft, name="case-study-draft"),
    path("<int:pk>/", views.case_study_detail, name="case-study-detail"),
    path("<int:pk>/edit/", views.case_study_edit, name="case-study-edit"),
    path("<int:pk>/submit/", views.case_study_submit, name="case-study-submit"),
    path("<int:pk>/publish/", views.case_study_publish, name="case-study-publish"),
    path("<int:pk>/withdraw/", views.case_study_withdraw, name="case-study-withdraw"),
    path("<int:pk>/reuse/", views.case_study_reuse, name="case-study-reuse"),
]
