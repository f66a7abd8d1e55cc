"""The article a consultant marks as the answer of a logged question (ADR 0419): the service, the
question log pages, the API, the synonym pairs it yields, and the evaluation set it makes."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry
from yorozu.regqa import selectors, services
from yorozu.regqa.models import Collection, Document, QuestionLog, Synonym

pytestmark = pytest.mark.django_db
CARRY_OVER = "有休の持ち越しはできる？"
SOURCE = "yorozu_fukuri_kyuka"


def _asked(
    cast: Any, collection: Collection | None, question: str = CARRY_OVER, bad: bool = True
) -> QuestionLog:
    answer = services.question_ask(user=cast.requester, question=question, collection=collection)
    assert answer.log is not None
    if bad:
        services.feedback_record(user=cast.requester, log=answer.log, rating="bad")
    return answer.log


def _document(collection: Collection) -> Document:
    return collection.documents.get(source=SOURCE)


def _mark(cast: Any, log: QuestionLog, article: str = "5", **kwargs: Any) -> QuestionLog:
    document = kwargs.pop("document", None) or _document(log.collection or kwargs.pop("collection"))
    with acting_as(cast.consultant):
        return services.question_log_mark(
            user=cast.consultant, log=log, mark="article", document=document, article=article
        )


# --- the service ---------------------------------------------------------------------------------


def test_an_article_number_is_resolved_and_stored_with_who_and_when(cast: Any, welfare: Collection) -> None:
    log = _mark(cast, _asked(cast, welfare), article="第5条")
    log.refresh_from_db()
    assert (log.mark, log.marked_source, log.marked_article) == ("article", SOURCE, "第五条")
    assert log.marked_citation == "職員の福利厚生・休暇に関する規則 第五条"
    assert log.marked_by == cast.consultant and log.marked_at is not None
    assert log.marked_collection == welfare


def test_a_mark_is_audited_without_the_question_text(cast: Any, welfare: Collection) -> None:
    log = _mark(cast, _asked(cast, welfare))
    entry = AuditEntry.objects.get(model="regqa.questionlog", object_id=str(log.pk))
    assert entry.actor == cast.consultant and entry.changes["mark"] == ["", "article"]
    assert "持ち越し" not in json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr


def test_an_article_the_regulation_lacks_is_refused_in_japanese(cast: Any, welfare: Collection) -> None:
    log = _asked(cast, welfare)
    with pytest.raises(services.MarkError, match="第99条」は見つかりません"):
        _mark(cast, log, article="第99条")
    log.refresh_from_db()
    assert log.mark == "" and not AuditEntry.objects.filter(model="regqa.questionlog").exists()


def test_a_regulation_of_another_collection_is_refused(
    cast: Any, welfare: Collection, hr_only: Collection
) -> None:
    log = _asked(cast, welfare)
    other = hr_only.documents.get()
    with pytest.raises(services.MarkError, match="対象コレクション"):
        services.question_log_mark(user=cast.admin, log=log, mark="article", document=other, article="第1条")


def test_not_covered_and_back_to_unchecked(cast: Any, welfare: Collection) -> None:
    log = _mark(cast, _asked(cast, welfare))
    services.question_log_mark(user=cast.consultant, log=log, mark="not_covered")
    log.refresh_from_db()
    assert (log.mark, log.marked_source, log.marked_citation) == ("not_covered", "", "")
    services.question_log_mark(user=cast.consultant, log=log, mark="")
    log.refresh_from_db()
    assert log.mark == "" and log.marked_by is None and log.marked_at is None


def test_only_the_desk_marks(cast: Any, welfare: Collection) -> None:
    log = _asked(cast, welfare)
    with pytest.raises(PermissionError):
        services.question_log_mark(user=cast.requester, log=log, mark="not_covered")


# --- who sees which question ------------------------------------------------------------------------


def test_consultants_see_questions_of_collections_they_may_see(
    cast: Any, welfare: Collection, hr_only: Collection
) -> None:
    mine = _asked(cast, welfare)
    hr = services.question_ask(user=cast.outsider, question="評語の分布は？", collection=hr_only).log
    across = services.question_ask(user=cast.outsider, question="評語Sの割合は？").log
    assert across is not None and across.citations and across.citations[0]["collection_id"] == hr_only.pk
    seen = set(selectors.question_log_reviewable(user=cast.consultant).values_list("pk", flat=True))
    assert mine.pk in seen and hr is not None and hr.pk not in seen and across.pk not in seen
    everything = set(selectors.question_log_reviewable(user=cast.admin).values_list("pk", flat=True))
    assert {mine.pk, hr.pk, across.pk} <= everything
    assert not selectors.question_log_reviewable(user=cast.requester).exists()


def test_a_question_asked_across_collections_is_marked_in_any_visible_collection(
    cast: Any, welfare: Collection
) -> None:
    log = _asked(cast, None)
    assert log.collection is None
    _mark(cast, log, collection=welfare)
    log.refresh_from_db()
    assert log.marked_collection == welfare


# --- the pages ---------------------------------------------------------------------------------------


def test_the_log_is_the_desks_and_filters_by_mark(cast: Any, client_as: Any, welfare: Collection) -> None:
    marked = _mark(cast, _asked(cast, welfare))
    _asked(cast, welfare, question="子どもが熱を出したら休める？", bad=False)
    for name, expected in [("requester", 403), ("viewer", 403), ("consultant", 200), ("admin", 200)]:
        assert client_as(cast.by_name[name]).get("/regqa/logs/").status_code == expected, name
    client = client_as(cast.consultant)
    html = client.get("/regqa/logs/?mark=article").content.decode()
    assert CARRY_OVER in html and "子どもが熱を出したら" not in html and marked.marked_citation in html
    html = client.get("/regqa/logs/?mark=unchecked").content.decode()
    assert CARRY_OVER not in html and "子どもが熱を出したら" in html
    assert "子どもが熱を出したら" not in client.get("/regqa/logs/?mark=not_covered").content.decode()


def test_the_form_marks_an_article_without_javascript(cast: Any, client_as: Any, welfare: Collection) -> None:
    log = _asked(cast, welfare)
    client = client_as(cast.consultant)
    page = client.get(f"/regqa/logs/{log.pk}/").content.decode()
    assert CARRY_OVER in page and "職員の福利厚生・休暇に関する規則（福利厚生・服務）" in page
    data = {"mark": "article", "document": _document(welfare).pk, "article": "5"}
    response = client.post(f"/regqa/logs/{log.pk}/", data)
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.marked_article == "第五条"


def test_the_form_says_what_is_missing(cast: Any, client_as: Any, welfare: Collection) -> None:
    log = _asked(cast, welfare)
    client = client_as(cast.consultant)
    html = client.post(f"/regqa/logs/{log.pk}/", {"mark": "article", "article": ""}).content.decode()
    assert "正解の規則を選んでください。" in html and "条を入力してください" in html
    data = {"mark": "article", "document": _document(welfare).pk, "article": "第99条"}
    html = client.post(f"/regqa/logs/{log.pk}/", data).content.decode()
    assert "見つかりません" in html and '<dd id="mark-state">未確認</dd>' in html
    log.refresh_from_db()
    assert log.mark == ""


def test_a_consultant_gets_404_for_a_question_of_a_collection_they_cannot_see(
    cast: Any, client_as: Any, hr_only: Collection
) -> None:
    log = services.question_ask(user=cast.outsider, question="評語の分布は？", collection=hr_only).log
    assert log is not None
    assert client_as(cast.consultant).get(f"/regqa/logs/{log.pk}/").status_code == 404
    assert client_as(cast.admin).get(f"/regqa/logs/{log.pk}/").status_code == 200


# --- synonym pairs -----------------------------------------------------------------------------------


def test_a_marked_question_yields_pairs_that_are_added_with_one_click(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    _mark(cast, _asked(cast, welfare))
    client = client_as(cast.consultant)
    url = f"/regqa/collections/{welfare.pk}/synonyms/"
    html = client.get(url).content.decode()
    assert "持ち越し → 繰越し" in html and "職員の福利厚生・休暇に関する規則 第五条" in html
    response = client.post(f"{url}add/", {"term": "持ち越し", "word": "繰越し"})
    assert response.status_code == 302
    assert Synonym.objects.get(collection=welfare, term="持ち越し").words == ("繰越し",)
    assert "持ち越し → 繰越し" not in client.get(url).content.decode()  # never suggested again
    assert AuditEntry.objects.filter(model="regqa.synonym", action="create").exists()


def test_adding_a_word_keeps_the_words_stored(cast: Any, welfare: Collection) -> None:
    with acting_as(cast.consultant):
        services.synonym_save(user=cast.consultant, collection=welfare, term="持ち越し", synonyms="翌年")
        services.synonym_add_word(user=cast.consultant, collection=welfare, term="持ち越し", word="繰越し")
        services.synonym_add_word(user=cast.consultant, collection=welfare, term="持ち越し", word="繰越し")
    assert Synonym.objects.get(term="持ち越し").words == ("翌年", "繰越し")


def test_unmarked_and_not_covered_questions(cast: Any, welfare: Collection) -> None:
    unmarked = services.question_ask(
        user=cast.requester, question="出張の旅費はいくら出る？", collection=welfare
    )
    assert unmarked.mode == QuestionLog.Mode.NOT_FOUND
    covered_not = _asked(cast, welfare, question="在宅勤務の手当は？")
    services.question_log_mark(user=cast.consultant, log=covered_not, mark="not_covered")
    found = selectors.synonym_suggestions(user=cast.consultant, collection=welfare)
    assert [s.question for s in found] == ["出張の旅費はいくら出る？"]
    assert "旅費" in found[0].unknown_words and not found[0].pairs and not found[0].marked


def test_a_requester_may_not_add_a_pair(cast: Any, client_as: Any, welfare: Collection) -> None:
    url = f"/regqa/collections/{welfare.pk}/synonyms/add/"
    assert client_as(cast.requester).post(url, {"term": "a", "word": "b"}).status_code == 403
    assert not Synonym.objects.exists()


# --- the evaluation set ------------------------------------------------------------------------------

# an invented word: nothing in the regulation or the dictionaries relates it to 第5条 until the desk does
SABBATICAL = "サバティカルとは？"


def test_eval_marked_shows_a_synonym_moving_the_article_up(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    _mark(cast, _asked(cast, welfare, question=SABBATICAL))
    before = selectors.marked_eval(user=cast.consultant, collection=welfare)
    assert before is not None and before.n == 1 and before.recall[1] == 0.0
    with acting_as(cast.consultant):
        for word in ("年次休暇", "繰り越す"):
            services.synonym_add_word(
                user=cast.consultant, collection=welfare, term="サバティカル", word=word
            )
    after = selectors.marked_eval(user=cast.consultant, collection=welfare)
    assert after is not None and after.recall[1] == 1.0
    html = client_as(cast.consultant).get(f"/regqa/collections/{welfare.pk}/").content.decode()
    assert "正解記事が確認された質問1件" in html and "1.00（R@1）" in html


def test_the_cli_prints_recall_on_the_marked_questions(cast: Any, welfare: Collection) -> None:
    with pytest.raises(CommandError, match="正解記事が確認された質問がありません"):
        call_command("regqa", "eval-marked", "--collection", welfare.name, stdout=StringIO())
    _mark(cast, _asked(cast, welfare, question=SABBATICAL))
    _mark(cast, _asked(cast, welfare), article="第5条")
    expected = selectors.marked_eval(user=cast.admin, collection=welfare)
    assert expected is not None
    out = StringIO()
    call_command("regqa", "eval-marked", "--collection", welfare.name, stdout=out)
    text = out.getvalue()
    assert "正解記事が確認された質問: 2件" in text
    assert f"recall@1: {expected.recall[1]:.3f}" in text and f"recall@5: {expected.recall[5]:.3f}" in text
    out = StringIO()
    call_command("regqa", "eval-marked", "--collection", welfare.name, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["n"] == 2 and data["recall@1"] == expected.recall[1]


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_marks_and_returns_the_mark(cast: Any, api_as: Any, welfare: Collection) -> None:
    log = _asked(cast, welfare)
    api = api_as(cast.consultant)
    body = {"mark": "article", "source": SOURCE, "article": "第5条"}
    response = api.post(f"/api/regqa/logs/{log.pk}/mark/", body)
    assert response.status_code == 200, response.content
    assert response.json()["marked"]["citation"] == "職員の福利厚生・休暇に関する規則 第五条"
    one = api.get(f"/api/regqa/logs/{log.pk}/").json()
    assert one["mark"] == "article" and one["marked"]["by"] == "consultant"
    listed = api.get("/api/regqa/logs/", mark="article").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == log.pk
    assert api.get("/api/regqa/logs/", mark="unchecked").json()["count"] == 0


def test_the_api_refuses_in_japanese(cast: Any, api_as: Any, welfare: Collection) -> None:
    log = _asked(cast, welfare)
    api = api_as(cast.consultant)
    wrong = api.post(
        f"/api/regqa/logs/{log.pk}/mark/", {"mark": "article", "source": SOURCE, "article": "99"}
    )
    assert wrong.status_code == 422 and "見つかりません" in wrong.json()["detail"]
    missing = api.post(f"/api/regqa/logs/{log.pk}/mark/", {"mark": "article", "source": "nothing"})
    assert missing.status_code == 422 and "規則が見つかりません" in missing.json()["detail"]
    assert api.get("/api/regqa/logs/", mark="done").status_code == 422
    assert api_as(cast.requester).get("/api/regqa/logs/").status_code == 403
    assert api_as(cast.requester).post(f"/api/regqa/logs/{log.pk}/mark/", {"mark": ""}).status_code == 403


def test_the_page_offers_the_articles_search_finds_and_marks_one_with_a_click(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    log = _asked(cast, welfare)
    client = client_as(cast.consultant)
    html = client.get(f"/regqa/logs/{log.pk}/").content.decode()
    assert (
        "職員の福利厚生・休暇に関する規則 第五条 （年次休暇の繰越し）" in html
    )  # searched with the question
    html = client.get(f"/regqa/logs/{log.pk}/", {"q": "結婚休暇"}).content.decode()
    first = html.index("この条文を答えにする：")
    assert html.rfind("第十三条 （結婚休暇）", 0, first) > 0  # the first candidate
    data = {"mark": "article", "document": _document(welfare).pk, "article": "第十三条"}
    assert client.post(f"/regqa/logs/{log.pk}/", data).status_code == 302
    log.refresh_from_db()
    assert log.marked_citation == "職員の福利厚生・休暇に関する規則 第十三条"
