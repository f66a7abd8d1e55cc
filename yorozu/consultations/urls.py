from django.urls import path

from yorozu.common.placeholder import coming_soon

app_name = "consultations"

urlpatterns = [
    path("case-list/", coming_soon, name="case-list"),  # placeholder until the app lands
    path("dashboard/", coming_soon, name="dashboard"),  # placeholder until the app lands
]
