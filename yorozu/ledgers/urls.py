from django.urls import path

from yorozu.ledgers import views

app_name = "ledgers"

R = "<int:ledger_id>/records/<int:record_id>/"

urlpatterns = [
    path("", views.ledger_list, name="ledger-list"),
    path("new/", views.ledger_create, name="ledger-create"),
    path("import/", views.ledger_import, name="ledger-import"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_edit, name="organisation-create"),
    path("organisations/<int:organisation_id>/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:organisation_id>/users/", views.partner_user_create, name="partner-user-create"),
    path("<int:ledger_id>/", views.ledger_detail, name="ledger-detail"),
    path("<int:ledger_id>/export/", views.ledger_export, name="ledger-export"),
    path("<int:ledger_id>/access/", views.ledger_access, name="ledger-access"),
    path("<int:ledger_id>/grants/", views.grant_create, name="grant-create"),
    path("<int:ledger_id>/grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("<int:ledger_id>/shares/new/", views.share_create, name="share-create"),
    path("<int:ledger_id>/shares/<int:share_id>/revoke/", views.share_revoke, name="share-revoke"),
    path("<int:ledger_id>/design/", views.ledger_design, name="ledger-design"),
    path("<int:ledger_id>/design/export/", views.design_export, name="design-export"),
    path("<int:ledger_id>/design/fields/new/", views.field_edit, name="field-create"),
    path("<int:ledger_id>/design/fields/<int:field_id>/", views.field_edit, name="field-edit"),
    path("<int:ledger_id>/design/fields/<int:field_id>/arrange/", views.field_arrange, name="field-arrange"),
    path("<int:ledger_id>/design/statuses/new/", views.status_edit, name="status-create"),
    path("<int:ledger_id>/design/statuses/<int:status_id>/", views.status_edit, name="status-edit"),
    path("<int:ledger_id>/design/views/new/", views.view_create, name="view-create"),
    path("<int:ledger_id>/design/views/<int:view_id>/delete/", views.view_delete, name="view-delete"),
    path("<int:ledger_id>/records/new/", views.record_create, name="record-create"),
    path(R, views.record_detail, name="record-detail"),
    path(R + "edit/", views.record_edit, name="record-edit"),
    path(R + "move/", views.record_move, name="record-move"),
    path(R + "comments/", views.record_comment, name="record-comment"),
    path(R + "attachments/", views.record_attach, name="record-attach"),
    path(R + "attachments/<int:attachment_id>/", views.attachment_download, name="attachment-download"),
    path(R + "reads/", views.record_reads, name="record-reads"),
]
