from django.urls import path, register_converter

from . import views


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class NodePathConverter:
    regex = r"[0-9]{1,5}(?:-[0-9]{1,5}){0,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SideConverter:
    regex = "歳入|歳出"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PhaseConverter:
    regex = r"initial|supplementary(?:-[0-9]{1,2})?|final|settled"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class OpenDataConverter:
    regex = r"lines\.csv|datapackage\.json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OpenDataConverter, "opendata")
register_converter(YearConverter, "fy")
register_converter(SideConverter, "side")
register_converter(PhaseConverter, "phase")
register_converter(NodePathConverter, "node")

app_name = "budget"
VIEW = "<str:code>/<fy:year>/b/<str:account>/<side:side>/<phase:phase>/"

urlpatterns = [
    path("", views.board_index, name="board-index"),
    path("manage/", views.manage_list, name="manage-list"),
    path("manage/upload/", views.budget_upload, name="budget-upload"),
    path("manage/confirm/", views.budget_confirm, name="budget-confirm"),
    path("manage/<int:pk>/", views.budget_detail, name="budget-detail"),
    path("manage/<int:pk>/publish/", views.budget_publish, name="budget-publish"),
    path("manage/line/<int:pk>/note/", views.line_note_edit, name="line-note"),
    path("manage/municipality/new/", views.municipality_edit, name="municipality-create"),
    path("manage/municipality/<str:code>/", views.municipality_edit, name="municipality-edit"),
    path("<str:code>/", views.board_municipality, name="board-municipality"),
    path("<str:code>/<fy:year>/", views.board_year, name="board-year"),
    path("<str:code>/<fy:year>/csv/", views.board_csv, name="board-year-csv"),
    path("<str:code>/<fy:year>/search/", views.board_search, name="board-search"),
    path("<str:code>/<fy:year>/tax/", views.board_tax, name="board-tax"),
    path("<str:code>/<fy:year>/n/<node:path>/", views.board_node, name="board-node"),
    path("<str:code>/<fy:year>/n/<node:path>/csv/", views.board_csv, name="board-node-csv"),
    path("<str:code>/<fy:year>/open-data/<opendata:kind>", views.board_open_data, name="board-open-data"),
    path("<str:code>/<fy:year>/compare/", views.board_compare, name="board-compare"),
    path("<str:code>/<fy:year>/phases/", views.board_phases, name="board-phases"),
    path("<str:code>/<fy:year>/phases/n/<node:path>/", views.board_phases, name="board-phases-node"),
    path("<str:code>/<fy:year>/trend/", views.board_trend, name="board-trend"),
    path("<str:code>/<fy:year>/trend/csv/", views.board_trend_csv, name="board-trend-csv"),
    path("<str:code>/<fy:year>/trend/n/<node:path>/", views.board_trend, name="board-trend-node"),
    path("<str:code>/<fy:year>/trend/n/<node:path>/csv/", views.board_trend_csv, name="board-trend-node-csv"),
    # another 会計, 歳入, or another phase of the year: /budget/<code>/<year>/b/<会計>/<歳入|歳出>/<phase>/…
    path(f"{VIEW}", views.board_year, name="board-view-year"),
    path(f"{VIEW}csv/", views.board_csv, name="board-view-csv"),
    path(f"{VIEW}search/", views.board_search, name="board-view-search"),
    path(f"{VIEW}n/<node:path>/", views.board_node, name="board-view-node"),
    path(f"{VIEW}n/<node:path>/csv/", views.board_csv, name="board-view-node-csv"),
    path(f"{VIEW}trend/", views.board_trend, name="board-view-trend"),
    path(f"{VIEW}trend/n/<node:path>/", views.board_trend, name="board-view-trend-node"),
]
