"""In a real Chromium: ask a question, see the cited article, open the article viewer, give feedback."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from yorozu.regqa.models import Collection, QuestionLog


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ask_read_the_article_and_give_feedback(
    page: Any, live_server: Any, browser_login: Any, cast: Any, welfare: Collection
) -> None:
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/regqa/ask/")
    page.get_by_label("質問", exact=True).fill("子どもの看病のために休みたい")
    page.get_by_role("button", name="質問する").click()
    answer = page.locator("article.regqa-answer")
    link = answer.get_by_role("link", name="職員の福利厚生・休暇に関する規則 第十六条").first
    expect(answer).to_contain_text("中学校就学の始期に達するまでの子")
    answer.get_by_role("button", name="役に立った").click()
    page.get_by_text("評価を記録しました").wait_for()
    log = QuestionLog.objects.get(user=cast.requester)
    assert log.rating == "good" and log.question == "子どもの看病のために休みたい"
    page.locator("article.regqa-answer").get_by_role(
        "link", name="職員の福利厚生・休暇に関する規則 第十六条"
    ).first.click()
    page.wait_for_url("**/regqa/article/**")
    focus = page.locator("section[aria-current='true']")
    assert "（子の看護休暇）" in focus.inner_text()
    assert page.get_by_role("heading", name="職員の福利厚生・休暇に関する規則").is_visible()
    assert link is not None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_consultant_marks_the_answer_and_adds_the_suggested_synonym(
    page: Any, live_server: Any, browser_login: Any, cast: Any, welfare: Collection
) -> None:
    from yorozu.regqa import services
    from yorozu.regqa.models import Synonym

    log = services.question_ask(
        user=cast.requester, question="有休の持ち越しはできる？", collection=welfare
    ).log
    assert log is not None
    services.feedback_record(user=cast.requester, log=log, rating="bad")
    browser_login(page, cast.consultant)
    page.goto(f"{live_server.url}/regqa/logs/?mark=unchecked")
    page.get_by_role("link", name="有休の持ち越しはできる？").click()
    page.get_by_label("この条文が答え").check()
    page.get_by_label("規則", exact=True).select_option(
        label="職員の福利厚生・休暇に関する規則（福利厚生・服務）"
    )
    page.get_by_label("条", exact=True).fill("第5条")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("確認結果を「正解記事あり」として記録しました").wait_for()
    expect(page.locator("#mark-state")).to_contain_text("職員の福利厚生・休暇に関する規則 第五条")
    page.goto(f"{live_server.url}/regqa/logs/?mark=article")
    assert "有休の持ち越しはできる？" in page.locator("table").inner_text()
    page.goto(f"{live_server.url}/regqa/collections/{welfare.pk}/synonyms/")
    page.get_by_role("button", name="「持ち越し」→「繰越し」を追加").click()
    page.get_by_text("「持ち越し」の同義語に「繰越し」を追加しました").wait_for()
    assert Synonym.objects.get(collection=welfare, term="持ち越し").words == ("繰越し",)
    log.refresh_from_db()
    assert (log.mark, log.marked_article, log.marked_by) == ("article", "第五条", cast.consultant)
