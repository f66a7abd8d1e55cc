from django.urls import path

from yorozu.ledgers import views

app_name = "ledgers"

urlpatterns = [
    path("", views.ledger_list, name="ledger-list"),
]
