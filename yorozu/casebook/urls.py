from django.urls import path

from yorozu.casebook import views

app_name = "casebook"

urlpatterns = [
    path("", views.case_study_list, name="case-study-list"),
]
