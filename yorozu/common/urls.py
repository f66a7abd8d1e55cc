from django.urls import path

from yorozu.common import views

app_name = "common"

urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("notifications/", views.channel_list, name="channel-list"),
    path("notifications/<int:pk>/delete/", views.channel_delete, name="channel-delete"),
]
