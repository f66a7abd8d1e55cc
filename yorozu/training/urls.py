from django.urls import path

from yorozu.training import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session-ics"),
    path("sessions/<int:pk>/register/", views.registration_create, name="registration-create"),
    path("sessions/<int:pk>/unregister/", views.registration_cancel, name="registration-cancel"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance-edit"),
    path("sessions/<int:pk>/feedback/", views.feedback_create, name="feedback-create"),
    path("sessions/<int:pk>/feedback/summary/", views.feedback_summary, name="feedback-summary"),
    path("sessions/<int:pk>/materials/", views.material_create, name="material-create"),
    path("materials/<int:pk>/", views.material_download, name="material-download"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material-delete"),
    path("calendar/", views.calendar_settings, name="calendar-settings"),
    path("calendar/rotate/", views.calendar_rotate, name="calendar-rotate"),
    path("feed/<str:token>/calendar.ics", views.calendar_feed, name="calendar-feed"),
    path("skills/", views.skill_matrix, name="skill-matrix"),
    path("skills/<int:user_id>/", views.skill_history, name="skill-history"),
    path("skills/<int:user_id>/assess/", views.skill_assess, name="skill-assess"),
    path("skills/<int:user_id>/reviewer/", views.reviewer_set, name="reviewer-set"),
    path("reports/", views.report, name="report"),
    path("reports/participants.csv", views.report_csv, name="report-csv"),
]
