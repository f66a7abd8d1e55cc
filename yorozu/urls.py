from django.contrib import admin
from django.urls import include, path

from yorozu.api import api
from yorozu.common import views as common_views

admin.site.site_header = "よろず相談DX 管理"
admin.site.site_title = "よろず相談DX 管理"

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("favicon.ico", common_views.favicon, name="favicon"),
    path("accounts/", include("yorozu.accounts.urls")),
    path("common/", include("yorozu.common.urls")),
    path("consultations/", include("yorozu.consultations.urls")),
    path("worksheets/", include("yorozu.worksheets.urls")),
    path("impacts/", include("yorozu.impacts.urls")),
    path("training/", include("yorozu.training.urls")),
    path("regqa/", include("yorozu.regqa.urls")),
    path("budget/", include("yorozu.budget.urls")),
    path("analysis/", include("yorozu.analysis.urls")),
    path("ledgers/", include("yorozu.ledgers.urls")),
    path("casebook/", include("yorozu.casebook.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Japanese error pages in the site's layout (yorozu/common/errors.py)
handler400 = "yorozu.common.errors.bad_request"
handler403 = "yorozu.common.errors.permission_denied"
handler404 = "yorozu.common.errors.page_not_found"
handler500 = "yorozu.common.errors.server_error"
