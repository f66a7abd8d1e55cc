from __future__ import annotations

from typing import Any

import pytest

from yorozu.casebook import services
from yorozu.casebook.models import CaseStudy, Level
from yorozu.casebook.tests.factories import finished_case, import_neighbours, own_city, published

pytestmark = pytest.mark.django_db


def test_the_list_answers_what_the_user_may_see(cast: Any, api_as: Any) -> None:
    own_city()
    import_neighbours(cast.consultant)
    cs = published(cast, level=Level.INTERNAL)
    draft = services.case_study_draft(
        user=cast.consultant, consultation=finished_case(cast, title="下書きの事例")
    )
    mine = api_as(cast.requester).get("/api/casebook/", page_size=100).json()
    theirs = api_as(cast.outsider).get("/api/casebook/", page_size=100).json()
    assert mine["count"] == 14 and theirs["count"] == 13
    assert draft.title in {i["title"] for i in mine["items"]} - {i["title"] for i in theirs["items"]}
    item = next(i for i in mine["items"] if i["id"] == cs.pk)
    assert {k: item[k] for k in ("title", "municipality", "theme", "level")} == {
        "title": cs.title,
        "municipality": "よろず区",
        "theme": "rpa",
        "level": "internal",
    }
    other = next(i for i in mine["items"] if i["municipality"] == "みどり市")
    assert other["imported"] and other["level"] == "shared"


def test_the_list_filters(cast: Any, api_as: Any) -> None:
    import_neighbours(cast.consultant)
    body = (
        api_as(cast.requester).get("/api/casebook/", municipality="139921", theme="online_application").json()
    )
    assert body["count"] == 2 and {i["municipality"] for i in body["items"]} == {"あおば町"}


def test_similar_ranks_the_neighbours_case_first(cast: Any, api_as: Any) -> None:
    import_neighbours(cast.consultant)
    published(cast, level=Level.SHARED)
    body = api_as(cast.requester).get("/api/casebook/similar", text="保育園の入所申込のオンライン化").json()
    first = body["items"][0]
    assert first["title"].startswith("保育園の入所申込") and first["municipality"] == "みどり市"
    assert set(first) >= {"id", "title", "municipality", "theme", "score"} and first["score"] > 0
    assert any("保育園" in r for r in first["reasons"])


def test_similar_never_answers_drafts(cast: Any, api_as: Any) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    body = api_as(cast.consultant).get("/api/casebook/similar", text=draft.title).json()
    assert body["items"] == []


def test_similar_needs_text(cast: Any, api_as: Any) -> None:
    response = api_as(cast.requester).get("/api/casebook/similar", text=" ")
    assert response.status_code == 422 and "text" in response.json()["detail"]


def test_detail_is_404_for_another_departments_draft(cast: Any, api_as: Any) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    assert api_as(cast.outsider).get(f"/api/casebook/{draft.pk}").status_code == 404
    body = api_as(cast.requester).get(f"/api/casebook/{draft.pk}").json()
    assert body["annual_hours_saved"] == "80.0" or float(body["annual_hours_saved"]) == 80.0
    assert body["reuse_count"] == 0


def test_external_partners_and_anonymous_get_nothing(cast: Any, api_as: Any, external: Any) -> None:
    import_neighbours(cast.consultant)
    cs = CaseStudy.objects.first()
    from django.test import Client

    from yorozu.accounts.models import ApiToken

    raw = ApiToken.new_raw_token()  # createtoken refuses partners; a token made before that is refused too
    ApiToken.objects.create(user=external, digest=ApiToken.digest_of(raw))
    partner = Client(headers={"Authorization": f"Bearer {raw}"})
    for path in ("/api/casebook/", "/api/casebook/similar?text=保育園", f"/api/casebook/{cs.pk}"):
        assert partner.get(path).status_code in (401, 403, 404)
        assert api_as(None).get(path).status_code == 401
