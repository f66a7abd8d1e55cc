"""A member of staff registers for a session in a real browser, then answers its questionnaire."""

import pytest
from playwright.sync_api import expect

from yorozu.training.models import Feedback, Registration
from yorozu.training.tests.factories import make_session, move_to_past


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_registers_then_gives_feedback(cast, page, live_server, browser_login):
    session = make_session(cast.consultant, title="LoGoフォーム入門", topic="logo_form", capacity=5)
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/training/")
    page.get_by_role("link", name="LoGoフォーム入門").click()
    page.get_by_role("button", name="参加を申し込む").click()
    page.get_by_text("参加申込を受け付けました。").wait_for()
    expect(page.locator("#registration")).to_contain_text("参加確定")
    assert Registration.objects.get(session=session, user=cast.requester).status == "confirmed"

    move_to_past(session)  # the day of the session has come and gone
    page.reload()
    page.get_by_role("link", name="アンケートに回答する").click()
    page.get_by_role("group", name="満足度").get_by_label("5 満足").check()
    page.get_by_role("group", name="理解度").get_by_label("4 おおむね理解できた").check()
    page.get_by_role("group", name="業務への活用度").get_by_label("3 どちらともいえない").check()
    page.get_by_label("感想・要望（任意）").fill("申請フォームをすぐ作れそうです。")
    page.get_by_role("button", name="回答を送信する").click()
    page.get_by_text("アンケートにご回答いただきありがとうございました。").wait_for()
    feedback = Feedback.objects.get(registration__session=session)
    assert (feedback.satisfaction, feedback.understanding, feedback.usefulness) == (5, 4, 3)
    expect(page.get_by_role("link", name="アンケートの回答を修正する")).to_be_visible()
