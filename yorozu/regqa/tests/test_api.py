"""/api/regqa/: ask and search under the same access rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest

from yorozu.regqa.models import Collection

pytestmark = pytest.mark.django_db

ROLES = ["requester", "colleague", "outsider", "consultant", "viewer", "admin"]


def test_a_token_is_required(api_as: Any, welfare: Collection) -> None:
    assert api_as(None).post("/api/regqa/ask/", {"question": "年休"}).status_code == 401
    assert api_as(None).get("/api/regqa/search/", q="年休").status_code == 401


def test_ask_answers_with_citations_for_everyone(cast: Any, api_as: Any, welfare: Collection) -> None:
    for name in ROLES:
        response = api_as(cast.by_name[name]).post("/api/regqa/ask/", {"question": "年休って繰り越せる？"})
        data = response.json()
        assert response.status_code == 200, name
        first = data["citations"][0]
        assert (first["source"], first["article"], first["paragraph"]) == (
            "yorozu_fukuri_kyuka",
            "第五条",
            None,
        )
        assert first["score"] > 0 and first["url"].startswith(f"/regqa/article/{welfare.pk}/")
        assert "第五条" in data["answer"] and data["mode"] == "extractive"


def test_ask_says_so_when_nothing_is_found(cast: Any, api_as: Any, welfare: Collection) -> None:
    data = api_as(cast.requester).post("/api/regqa/ask/", {"question": "東京スカイツリーの高さは？"}).json()
    assert data["answer"] == "該当する規定が見つかりませんでした。" and data["citations"] == []


def test_an_empty_question_is_rejected(cast: Any, api_as: Any, welfare: Collection) -> None:
    assert api_as(cast.requester).post("/api/regqa/ask/", {"question": "  "}).status_code == 422


def test_search_and_ask_respect_collection_access(
    cast: Any, api_as: Any, welfare: Collection, hr_only: Collection
) -> None:
    for name in ROLES:
        client = api_as(cast.by_name[name])
        allowed = name in ("outsider", "admin")
        search = client.get("/api/regqa/search/", q="評語Sの割合", collection_id=hr_only.pk)
        ask = client.post("/api/regqa/ask/", {"question": "評語Sの割合", "collection_id": hr_only.pk})
        assert search.status_code == ask.status_code == (200 if allowed else 404), name
        everywhere = client.get("/api/regqa/search/", q="評語Sの割合の上限").json()["items"]
        assert any(i["source"] == "hr_rule" for i in everywhere) == allowed, name
        names = {c["name"] for c in client.get("/api/regqa/collections/").json()["items"]}
        assert ("人事内部" in names) == allowed, name


def test_search_lists_ranked_passages(cast: Any, api_as: Any, welfare: Collection) -> None:
    data = api_as(cast.requester).get("/api/regqa/search/", q="子の看護休暇", k=3).json()
    assert data["count"] == 3 and data["items"][0]["article"] == "第十六条"
    assert data["items"][0]["citation"] == "職員の福利厚生・休暇に関する規則 第十六条"


def test_ask_returns_the_highlighted_sentence(cast: Any, api_as: Any, welfare: Collection) -> None:
    data = api_as(cast.requester).post("/api/regqa/ask/", {"question": "年休の繰越しは何日まで？"}).json()
    assert "20日" in data["highlight"]
    assert data["rejected_citations"] == [] and data["unsupported_sentences"] == []
    assert data["citations"][0]["highlight"] == data["highlight"]


def test_partner_organisation_accounts_cannot_use_the_assistant(
    cast: Any, api_as: Any, welfare: Collection
) -> None:
    from yorozu.accounts.models import User

    partner = User.objects.create_user(username="partner", password="x-Long-pass-1", role=User.Role.EXTERNAL)
    from django.test import Client

    from yorozu.accounts.models import ApiToken

    raw = ApiToken.new_raw_token()  # createtoken refuses partners; a token made before that is refused too
    ApiToken.objects.create(user=partner, digest=ApiToken.digest_of(raw))
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    ask = client.post("/api/regqa/ask/", {"question": "年休"}, content_type="application/json")
    assert ask.status_code in (401, 403)
    assert client.get("/api/regqa/collections/").status_code in (401, 403)
