from django.urls import path

from yorozu.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
    path("towns/", views.town_list, name="town-list"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("datasets/<int:pk>/columns/", views.dataset_columns, name="dataset-columns"),
    path("datasets/<int:pk>/replace/", views.dataset_replace, name="dataset-replace"),
    path("datasets/<int:pk>/share/", views.dataset_share, name="dataset-share"),
    path("datasets/<int:pk>/stop-words/", views.dataset_stop_words, name="dataset-stop-words"),
    path("datasets/<int:pk>/delete/", views.dataset_delete, name="dataset-delete"),
    path("datasets/<int:pk>/frequencies/", views.dataset_frequencies, name="dataset-frequencies"),
    path("datasets/<int:pk>/crosstab/", views.dataset_crosstab, name="dataset-crosstab"),
    path("datasets/<int:pk>/timeseries/", views.dataset_timeseries, name="dataset-timeseries"),
    path("datasets/<int:pk>/text/", views.dataset_text, name="dataset-text"),
    path("datasets/<int:pk>/rows/<int:row>/", views.dataset_row, name="dataset-row"),
    path("datasets/<int:pk>/views/add/", views.view_add, name="view-add"),
    path("views/<int:pk>/", views.view_detail, name="view-detail"),
    path("views/<int:pk>/edit/", views.view_edit, name="view-edit"),
    path("views/<int:pk>/delete/", views.view_delete, name="view-delete"),
    path("views/<int:pk>/report.xlsx", views.view_report_xlsx, name="view-report-xlsx"),
    path("views/<int:pk>/report.docx", views.view_report_docx, name="view-report-docx"),
    path("views/<int:pk>/csv/<int:analysis>/<int:table>.csv", views.view_table_csv, name="view-table-csv"),
    path("public/<str:slug>/", views.public_view, name="public-view"),
    path("public/<str:slug>/table-<int:analysis>-<int:table>.csv", views.public_csv, name="public-csv"),
]
