from django.urls import path

from yorozu.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
]
