"""The desk's synonyms per collection: the page, its access, suggestions from the question log,
and their effect on answers."""

from __future__ import annotations

from typing import Any

import pytest

from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry
from yorozu.regqa import services
from yorozu.regqa.models import Collection, QuestionLog, Synonym

pytestmark = pytest.mark.django_db


def _url(collection: Collection) -> str:
    return f"/regqa/collections/{collection.pk}/synonyms/"


def test_only_the_desk_opens_the_synonyms_page(cast: Any, client_as: Any, welfare: Collection) -> None:
    for name, expected in [("requester", 403), ("viewer", 403), ("consultant", 200), ("admin", 200)]:
        assert client_as(cast.by_name[name]).get(_url(welfare)).status_code == expected, name


def test_a_collection_the_consultant_cannot_see_is_404(
    cast: Any, client_as: Any, hr_only: Collection
) -> None:
    with acting_as(cast.admin):
        hr_only.roles = ["admin"]
        hr_only.save()
    assert client_as(cast.consultant).get(_url(hr_only)).status_code == 404


def test_a_synonym_is_saved_audited_and_deleted(cast: Any, client_as: Any, welfare: Collection) -> None:
    client = client_as(cast.consultant)
    response = client.post(_url(welfare), {"term": "有給", "synonyms": "年次休暇、年休"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(collection=welfare)
    assert synonym.words == ("年次休暇", "年休")
    assert AuditEntry.objects.filter(model="regqa.synonym").exists()
    assert client.post(f"/regqa/synonyms/{synonym.pk}/delete/").status_code == 302
    assert not Synonym.objects.exists()


def test_an_empty_synonym_list_is_refused_in_japanese(cast: Any, client_as: Any, welfare: Collection) -> None:
    html = (
        client_as(cast.consultant).post(_url(welfare), {"term": "有給", "synonyms": "、 、"}).content.decode()
    )
    assert "規則での言い方を1つ以上入力してください。" in html and not Synonym.objects.exists()


def test_not_found_questions_are_suggested_with_their_unknown_words(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    answer = services.question_ask(
        user=cast.requester, question="出張の旅費はいくら出る？", collection=welfare
    )
    assert answer.mode == QuestionLog.Mode.NOT_FOUND
    html = client_as(cast.consultant).get(_url(welfare)).content.decode()
    assert "出張の旅費はいくら出る？" in html and "旅費" in html and "該当なし" in html


def test_a_collection_synonym_turns_a_not_found_into_an_answer(cast: Any, welfare: Collection) -> None:
    question = "サバティカルとは？"
    before = services.question_ask(user=cast.requester, question=question, collection=welfare)
    assert before.mode == QuestionLog.Mode.NOT_FOUND
    with acting_as(cast.consultant):
        services.synonym_save(
            user=cast.consultant, collection=welfare, term="サバティカル", synonyms="年次休暇、繰り越す"
        )
    answer = services.question_ask(user=cast.requester, question=question, collection=welfare)
    assert answer.mode == QuestionLog.Mode.EXTRACTIVE
    assert answer.passages[0].chunk.article == "第五条"
