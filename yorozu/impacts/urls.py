from django.urls import path

from yorozu.common.placeholder import coming_soon

app_name = "impacts"

urlpatterns = [
    path("report/", coming_soon, name="report"),  # placeholder until the app lands
]
