from django.urls import path

from yorozu.common.placeholder import coming_soon

app_name = "training"

urlpatterns = [
    path("session-list/", coming_soon, name="session-list"),  # placeholder until the app lands
]
