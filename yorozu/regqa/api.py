"""/api/regqa/: ask (with citations) and search, and the desk's question log with the article a
consultant marks as the answer, under the same access rules as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from yorozu.accounts.permissions import is_desk_staff

from . import selectors, services
from .models import Collection, QuestionLog
from .templatetags.regqa import chunk_url

router = Router(tags=["regqa"])


class AskIn(Schema):
    question: str
    collection_id: int | None = None


def _require_staff(request: HttpRequest) -> None:
    """Partner organisations' accounts (関係機関) have no regulation assistant."""
    if getattr(request.user, "is_external", False):
        raise HttpError(403, "この操作を行う権限がありません。")


def _collection(request: HttpRequest, collection_id: int | None) -> Collection | None:
    _require_staff(request)
    if collection_id is None:
        return None
    found = selectors.collection_list(user=request.user).filter(pk=collection_id).first()
    if found is None:
        raise HttpError(404, "コレクションが見つかりません")
    return found


def _citation(p: Any) -> dict[str, Any]:
    return services.citation_dict(p) | {
        "url": chunk_url(p.chunk, p.collection_id),
        "title": p.chunk.regulation_title,
        "caption": p.chunk.article_caption,
        "text": p.chunk.text,
        "highlight": p.highlight,
    }


@router.get("/collections/", summary="質問できるコレクション")
def collections(request: HttpRequest) -> dict[str, Any]:
    _require_staff(request)
    rows = [{"id": c.pk, "name": c.name} for c in selectors.collection_list(user=request.user)]
    return {"count": len(rows), "items": rows}


@router.post("/ask/", summary="規則について質問し、出典つきの回答を得る")
def ask(request: HttpRequest, payload: AskIn) -> dict[str, Any]:
    question = payload.question.strip()
    if not question or len(question) > 1000:
        raise HttpError(422, "質問は1〜1000文字で入力してください。")
    answer = services.question_ask(
        user=request.user, question=question, collection=_collection(request, payload.collection_id)
    )
    return {
        "answer": answer.plain_text(),
        "mode": answer.mode,
        "notice": answer.notice,
        "highlight": answer.highlight,
        "citations": [_citation(p) for p in answer.passages],
        "rejected_citations": answer.rejected,
        "unsupported_sentences": answer.unsupported,
        "log_id": answer.log.pk if answer.log else None,
    }


@router.get("/search/", summary="条文を検索する（回答は作らない）")
def search(request: HttpRequest, q: str, collection_id: int | None = None, k: int = 10) -> dict[str, Any]:
    if not q.strip():
        raise HttpError(422, "検索語を入力してください。")
    result = selectors.search(
        user=request.user, query=q, collection=_collection(request, collection_id), k=max(1, min(k, 50))
    )
    items = [_citation(p) for p in result.passages]
    return {"count": len(items), "items": items}


class MarkIn(Schema):
    mark: str  # "article", "not_covered" or "" (未確認 again)
    source: str = ""  # the regulation's file name without extension, as in citations
    article: str = ""  # 「第5条」「5」「附則第2条」
    collection_id: int | None = None  # default: the question's collection


def _require_desk(request: HttpRequest) -> None:
    _require_staff(request)
    if not is_desk_staff(request.user):
        raise HttpError(403, "質問ログは相談窓口の職員だけが扱えます。")


def _log(request: HttpRequest, log_id: int) -> QuestionLog:
    _require_desk(request)
    found = selectors.question_log_reviewable(user=request.user).filter(pk=log_id).first()
    if found is None:
        raise HttpError(404, "質問ログが見つかりません")
    return found


def _log_dict(log: QuestionLog) -> dict[str, Any]:
    return {
        "id": log.pk,
        "question": log.question,
        "asked_at": log.asked_at.isoformat(),
        "collection_id": log.collection_id,
        "mode": log.mode,
        "rating": log.rating,
        "citations": log.citations,
        "mark": log.mark,
        "marked": {
            "collection_id": log.marked_collection_id,
            "source": log.marked_source,
            "article": log.marked_article,
            "citation": log.marked_citation,
            "by": log.marked_by.username if log.marked_by else None,
            "at": log.marked_at.isoformat() if log.marked_at else None,
        }
        if log.mark
        else None,
    }


@router.get("/logs/", summary="質問ログ（相談窓口）: 確認結果つき")
def logs(request: HttpRequest, mark: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """``mark``: unchecked（未確認）, article（正解記事あり）, not_covered（対象外）."""
    _require_desk(request)
    if mark is not None and mark not in selectors.MARK_FILTERS:
        raise HttpError(422, "mark は unchecked・article・not_covered のいずれかを指定してください。")
    found = selectors.question_log_reviewable(user=request.user, mark=mark)
    page = found[max(offset, 0) : max(offset, 0) + max(1, min(limit, 200))]
    return {"count": found.count(), "items": [_log_dict(log) for log in page]}


@router.get("/logs/{log_id}/", summary="質問ログ1件（相談窓口）")
def log_detail(request: HttpRequest, log_id: int) -> dict[str, Any]:
    return _log_dict(_log(request, log_id))


@router.post("/logs/{log_id}/mark/", summary="質問の答えになる条文（または対象外）を記録する")
def log_mark(request: HttpRequest, log_id: int, payload: MarkIn) -> dict[str, Any]:
    log = _log(request, log_id)
    document = None
    if payload.mark == QuestionLog.Mark.ARTICLE:
        collection_id = payload.collection_id or log.collection_id
        document = (
            selectors.mark_documents(user=request.user, log=log)
            .filter(collection_id=collection_id, source=payload.source)
            .first()
        )
        if document is None:
            raise HttpError(422, "規則が見つかりません（collection_id と source を確かめてください）。")
    try:
        services.question_log_mark(
            user=request.user, log=log, mark=payload.mark, document=document, article=payload.article
        )
    except services.MarkError as exc:
        raise HttpError(422, str(exc)) from exc
    return _log_dict(log)
