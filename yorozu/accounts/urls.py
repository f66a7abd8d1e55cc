from django.contrib.auth import views as auth_views
from django.urls import path

from yorozu.accounts import twofactor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token-create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("me/logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("2fa/setup/", twofactor_views.setup, name="2fa-setup"),
    path("2fa/verify/", twofactor_views.verify, name="2fa-verify"),
    path("2fa/recovery/", twofactor_views.recovery, name="2fa-recovery"),
    path("2fa/disable/", twofactor_views.disable, name="2fa-disable"),
]
