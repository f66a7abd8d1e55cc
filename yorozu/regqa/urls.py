from django.urls import path

from . import views

app_name = "regqa"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("ask/stream/", views.ask_stream, name="ask-stream"),
    path("feedback/<int:pk>/", views.feedback, name="feedback"),
    path("article/<int:collection_id>/<str:source>/<str:article>/", views.article, name="article-detail"),
    path("collections/", views.collection_list, name="collection-list"),
    path("collections/<int:pk>/", views.collection_detail, name="collection-detail"),
    path("collections/<int:pk>/edit/", views.collection_edit, name="collection-edit"),
    path("collections/<int:pk>/synonyms/", views.synonym_list, name="synonym-list"),
    path("collections/<int:pk>/synonyms/add/", views.synonym_add, name="synonym-add"),
    path("synonyms/<int:pk>/delete/", views.synonym_delete, name="synonym-delete"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
    path("versions/<int:pk>/download/", views.version_download, name="version-download"),
    path("logs/", views.log_list, name="log-list"),
    path("logs/<int:pk>/", views.log_detail, name="log-detail"),
]
