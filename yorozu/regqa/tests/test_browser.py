"""In a real Chromium: ask a question, see the cited article, open the article viewer, give feedback."""

from __future__ import annotations

from typing import Any

import pytest

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
    answer.wait_for()
    link = answer.get_by_role("link", name="職員の福利厚生・休暇に関する規則 第十六条").first
    assert "中学校就学の始期に達するまでの子" in answer.inner_text()
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
