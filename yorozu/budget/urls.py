from django.urls import path

from yorozu.common.placeholder import coming_soon

app_name = "budget"

urlpatterns = [
    path("manage-list/", coming_soon, name="manage-list"),  # placeholder until the app lands
]
