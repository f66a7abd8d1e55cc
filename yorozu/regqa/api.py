"""/api/regqa/: ask (with citations) and search, under the same access rules as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from . import selectors, services
from .models import Collection
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
