from django.urls import path

from yorozu.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("export/", views.case_export, name="case-export"),
    path("import/", views.case_import, name="case-import"),
    path("board/", views.case_board, name="case-board"),
    path("new/", views.case_create, name="case-create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("<int:pk>/transition/", views.case_transition, name="case-transition"),
    path("<int:pk>/withdraw/", views.case_withdraw, name="case-withdraw"),
    path("<int:pk>/board-move/", views.case_board_move, name="case-board-move"),
    path("<int:pk>/comments/", views.case_comment, name="case-comment"),
    path("<int:pk>/assign/", views.case_assign, name="case-assign"),
    path("<int:pk>/effort/", views.case_effort, name="case-effort"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
]
