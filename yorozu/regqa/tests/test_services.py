"""Ingest (versions, incremental index, broken files), access before ranking, answers, feedback, purge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yorozu.common.audit import acting_as
from yorozu.common.models import AuditEntry
from yorozu.regqa import index, selectors, services
from yorozu.regqa.models import Collection, DocumentVersion, QuestionLog

from .conftest import HR_RULE

pytestmark = pytest.mark.django_db

CHANGED = HR_RULE.replace("1割", "2割")


def _ask(user: Any, question: str, collection: Collection | None = None) -> services.Answer:
    return services.question_ask(user=user, question=question, collection=collection)


def test_ingest_reports_regulations_articles_and_chunks(cast: Any, welfare: Collection) -> None:
    doc = welfare.documents.get()
    version = doc.current
    assert doc.title == "職員の福利厚生・休暇に関する規則" and doc.number == "令和6年3月29日規則第12号"
    assert version is not None and version.article_count == 34 and version.number == 1
    assert welfare.index_version == 1
    assert index.version_dir(welfare.pk, 1).is_dir()


def test_reingest_replaces_the_version_keeps_the_old_one_and_updates_the_index(
    cast: Any, hr_only: Collection, django_capture_on_commit_callbacks: Any
) -> None:
    before = index.load(hr_only.pk, hr_only.index_version)
    assert before is not None and len(before.chunks) == 2
    with django_capture_on_commit_callbacks(execute=True):
        report = services.document_ingest(
            user=cast.admin, collection=hr_only, files=[("hr_rule.txt", CHANGED.encode())]
        )
    hr_only.refresh_from_db()
    versions = list(DocumentVersion.objects.filter(document__collection=hr_only).order_by("number"))
    assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].file.read().decode() == HR_RULE  # the old file stays for the audit trail
    after = index.load(hr_only.pk, hr_only.index_version)
    assert after is not None and len(after.chunks) == 2  # replaced, not duplicated
    assert "2割" in after.chunks["hr_rule#第一条"].text
    assert report.documents[0][2] == 1
    assert not index.version_dir(hr_only.pk, 1).exists()  # the superseded index is discarded


def test_adding_a_document_keeps_the_others_indexed(cast: Any, hr_only: Collection) -> None:
    extra = "別の規程\n第1条　出張旅費は、実費を支給する。\n"
    services.document_ingest(user=cast.admin, collection=hr_only, files=[("travel.txt", extra.encode())])
    hr_only.refresh_from_db()
    retriever = index.load(hr_only.pk, hr_only.index_version)
    assert retriever is not None
    assert {c.source for c in retriever.chunks.values()} == {"hr_rule", "travel"}


def test_the_same_file_again_is_reported_unchanged(cast: Any, hr_only: Collection) -> None:
    report = services.document_ingest(
        user=cast.admin, collection=hr_only, files=[("hr_rule.txt", HR_RULE.encode())]
    )
    assert report.unchanged == ["hr_rule.txt"] and not report.documents
    assert DocumentVersion.objects.filter(document__collection=hr_only).count() == 1


def test_a_broken_file_leaves_the_collection_unchanged(cast: Any, hr_only: Collection) -> None:
    files = [("hr_rule.txt", CHANGED.encode()), ("broken.pdf", b"%PDF-1.4 broken")]
    with pytest.raises(services.IngestError, match="broken.pdf"):
        services.document_ingest(user=cast.admin, collection=hr_only, files=files)
    hr_only.refresh_from_db()
    assert hr_only.index_version == 1
    assert DocumentVersion.objects.filter(document__collection=hr_only).count() == 1
    retriever = index.load(hr_only.pk, 1)
    assert retriever is not None and "1割" in retriever.chunks["hr_rule#第一条"].text


def test_a_document_can_be_removed_from_the_index(cast: Any, hr_only: Collection) -> None:
    services.document_delete(user=cast.admin, document=hr_only.documents.get())
    hr_only.refresh_from_db()
    retriever = index.load(hr_only.pk, hr_only.index_version)
    assert retriever is not None and not retriever.chunks


def test_collections_are_visible_by_department_and_role(
    cast: Any, welfare: Collection, hr_only: Collection
) -> None:
    assert set(selectors.collection_list(user=cast.requester)) == {welfare}
    assert set(selectors.collection_list(user=cast.outsider)) == {welfare, hr_only}
    assert set(selectors.collection_list(user=cast.admin)) == {welfare, hr_only}
    welfare.roles = ["consultant"]
    welfare.save()
    assert set(selectors.collection_list(user=cast.requester)) == set()
    assert set(selectors.collection_list(user=cast.consultant)) == {welfare}


def test_search_never_ranks_what_the_user_may_not_see(
    cast: Any, welfare: Collection, hr_only: Collection
) -> None:
    question = "評語Sの割合の上限"
    seen_by_outsider = selectors.search(user=cast.outsider, query=question).passages
    assert seen_by_outsider[0].chunk.source == "hr_rule"
    seen_by_requester = selectors.search(user=cast.requester, query=question).passages
    assert all(p.chunk.source != "hr_rule" for p in seen_by_requester)
    answer = _ask(cast.requester, question, hr_only)
    assert answer.not_found and not answer.sources


def test_a_synonym_the_desk_adds_reaches_the_article_general_vocabulary_misses(
    cast: Any, welfare: Collection
) -> None:
    question = "子どもが熱を出したら休める？"  # no dictionary relates 熱 to 看護 (ADR 0415)
    assert "第十六条" not in [p.chunk.article for p in _ask(cast.requester, question).passages]
    with acting_as(cast.admin):
        services.synonym_save(user=cast.admin, collection=welfare, term="熱を出", synonyms="子の看護")
    assert "第十六条" in [p.chunk.article for p in _ask(cast.requester, question).passages]


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("年休って繰り越せる？", "第五条"),
        ("子どもの看病のために休みたい", "第十六条"),
        ("親の介護で休みを取りたい", "第二十二条"),
        ("規則第16条第2項", "第十六条"),
        ("病気休暇で診断書が必要になるのは何日から？", "第十条"),
    ],
)
def test_extractive_answer_quotes_the_article_with_its_citation(
    cast: Any, welfare: Collection, question: str, article: str
) -> None:
    answer = _ask(cast.requester, question)
    assert answer.mode == QuestionLog.Mode.EXTRACTIVE
    assert article in [p.chunk.article for p in answer.passages]
    assert "職員の福利厚生・休暇に関する規則 " + article in answer.plain_text()
    assert "原文" in answer.notice


def test_an_unrelated_question_says_nothing_was_found(cast: Any, welfare: Collection) -> None:
    answer = _ask(cast.requester, "東京スカイツリーの高さは？")
    assert answer.not_found and answer.plain_text() == "該当する規定が見つかりませんでした。"
    assert answer.log is not None and answer.log.mode == QuestionLog.Mode.NOT_FOUND


def test_every_question_is_logged_with_who_what_and_citations(cast: Any, welfare: Collection) -> None:
    answer = _ask(cast.requester, "年休って繰り越せる？", welfare)
    log = QuestionLog.objects.get()
    assert (log.user, log.collection, log.question) == (cast.requester, welfare, "年休って繰り越せる？")
    assert log.citations[0]["article"] == "第五条" and log.pk == answer.log.pk  # type: ignore[union-attr]


def test_feedback_is_stored_for_the_asker_only(cast: Any, welfare: Collection) -> None:
    log = _ask(cast.requester, "年休って繰り越せる？").log
    assert log is not None
    services.feedback_record(user=cast.requester, log=log, rating="good", comment="助かりました")
    log.refresh_from_db()
    assert (log.rating, log.comment) == ("good", "助かりました")
    with pytest.raises(PermissionError):
        services.feedback_record(user=cast.colleague, log=log, rating="bad")


def test_purge_removes_old_logs_and_their_audit_copies(cast: Any, welfare: Collection, settings: Any) -> None:
    settings.YOROZU_REGQA_LOG_RETENTION_DAYS = 30
    old = _ask(cast.requester, "年休って繰り越せる？").log
    recent = _ask(cast.requester, "子どもが熱を出したら休める？").log
    assert old is not None and recent is not None
    QuestionLog.objects.filter(pk=old.pk).update(asked_at=timezone.now() - timedelta(days=31))
    assert services.question_log_purge(user=cast.admin) == 1
    assert list(QuestionLog.objects.all()) == [recent]
    copies = AuditEntry.objects.filter(model="regqa.questionlog", object_id=str(old.pk))
    assert not copies.exists()
    assert AuditEntry.objects.filter(model="regqa.questionlog", action="delete", changes__count=1).exists()
