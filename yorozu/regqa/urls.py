from django.urls import path

from yorozu.common.placeholder import coming_soon

app_name = "regqa"

urlpatterns = [
    path("ask/", coming_soon, name="ask"),  # placeholder until the app lands
]
