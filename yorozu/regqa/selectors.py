"""Reads, always scoped by the asking user: which collections they may see, search inside
those only (before ranking), articles in their regulation's context, the question log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from yorozu.accounts.models import User
from yorozu.accounts.permissions import is_desk_staff
from yorozu.regqa import index
from yorozu.regqa.answering import Passage
from yorozu.regqa.models import Collection, Document, QuestionLog
from yorozu_core.retrieval.evaluate import EvalQuestion, EvalReport, GoldRef, evaluate, gold_index
from yorozu_core.retrieval.fusion import reciprocal_rank_fusion
from yorozu_core.retrieval.hybrid import HybridRetriever, ranked_scores
from yorozu_core.retrieval.types import Chunk, Hit
from yorozu_core.text.lexicon import terms
from yorozu_core.text.normalize import normalize_article_label
from yorozu_core.text.suggest import PairSuggestion, suggest_pairs


def collection_list(*, user: User) -> QuerySet[Collection]:
    """Collections open to everyone, or to the user's role and department (a 部 covers its 課)."""
    if not user.is_authenticated or not user.is_active or getattr(user, "is_external", False):
        return Collection.objects.none()
    if user.is_yorozu_admin:
        return Collection.objects.all()
    depts = [d for d in (user.department_id, getattr(user.department, "parent_id", None)) if d]
    by_dept = Q(departments__isnull=True) | Q(departments__in=depts)
    visible = Collection.objects.filter(by_dept).distinct()
    return Collection.objects.filter(pk__in=[c.pk for c in visible if not c.roles or user.role in c.roles])


def collection_manageable(*, user: User) -> QuerySet[Collection]:
    """Desk staff manage the collections they can see; admins all of them."""
    return collection_list(user=user) if is_desk_staff(user) else Collection.objects.none()


def document_list(*, user: User, collection: Collection) -> QuerySet[Document]:
    if not collection_list(user=user).filter(pk=collection.pk).exists():
        return Document.objects.none()
    return collection.documents.prefetch_related("versions")


@dataclass(frozen=True)
class SearchResult:
    passages: list[Passage]
    reasons: dict[str, tuple[str, ...]]
    # what a calibrated dense model adds to the not-found evidence: the best over the collections
    # searched (yorozu_core.retrieval.notfound, ADR 0420); 0 without vectors
    meaning_shift: float = 0.0


def search(*, user: User, query: str, collection: Collection | None = None, k: int = 10) -> SearchResult:
    """Search the collections the user may see (one, or all of them fused by RRF)."""
    collections = list(collection_list(user=user))
    if collection is not None:
        collections = [c for c in collections if c.pk == collection.pk]
    runs: list[list[Hit]] = []
    owners: dict[str, tuple[int, Chunk]] = {}
    shifts: list[float] = []
    for c in collections:
        retriever = index.load(c.pk, c.index_version)
        if retriever is None:
            continue
        synonyms = {x.term: x.words for x in c.synonyms.all()}
        hits = retriever.search(query, k=k, extra_synonyms=synonyms or None)
        if hits:
            ids = [h.chunk_id for h in hits]
            shifts.append(retriever.meaning_shift(query, ids, synonyms or None, scores=ranked_scores(hits)))
        runs.append([Hit(f"{c.pk}:{h.chunk_id}", h.score, h.reasons) for h in hits])
        owners.update({f"{c.pk}:{h.chunk_id}": (c.pk, retriever.chunks[h.chunk_id]) for h in hits})
    fused = runs[0] if len(runs) == 1 else reciprocal_rank_fusion(runs) if runs else []
    reasons = {owners[h.chunk_id][1].chunk_id: h.reasons for h in fused}
    reasons.update({owners[h.chunk_id][1].chunk_id: h.reasons for run in runs for h in run if h.reasons})
    passages = [Passage(owners[h.chunk_id][1], h.score, owners[h.chunk_id][0]) for h in fused[:k]]
    return SearchResult(passages=passages, reasons=reasons, meaning_shift=max(shifts, default=0.0))


@dataclass(frozen=True)
class ArticleView:
    collection: Collection
    document: Document | None
    chunks: list[Chunk]  # the whole regulation, in order
    focus: list[str]  # chunk ids of the requested article


def article_get(
    *, user: User, collection_id: int, source: str, article: str, supplementary: bool
) -> ArticleView:
    """The article with its regulation around it. Raises ``Collection.DoesNotExist`` (→ 404) when
    the user may not see the collection or the article is not there."""
    collection = collection_list(user=user).get(pk=collection_id)
    retriever = index.load(collection.pk, collection.index_version)
    chunks = [c for c in (retriever.chunks.values() if retriever else []) if c.source == source]
    focus = [c.chunk_id for c in chunks if c.article == article and c.supplementary == supplementary]
    if not focus:
        raise Collection.DoesNotExist("article not found")
    document = collection.documents.filter(source=source).first()
    return ArticleView(collection=collection, document=document, chunks=chunks, focus=focus)


def question_log_list(*, user: User) -> QuerySet[QuestionLog]:
    """Admins see everyone's questions (the audit log); others only their own."""
    logs = QuestionLog.objects.select_related("user", "collection")
    if user.is_yorozu_admin:
        return logs
    return logs.filter(user=user) if user.is_authenticated else logs.none()


MARK_FILTERS = {"unchecked": "", "article": "article", "not_covered": "not_covered"}


def question_log_reviewable(*, user: User, mark: str | None = None) -> QuerySet[QuestionLog]:
    """The question log the desk reviews (ADR 0419): admins see every question; consultants the
    questions of collections they may see, and questions asked across all collections whose
    citations and mark lie in collections they may see. ``mark``: a key of :data:`MARK_FILTERS`."""
    logs = QuestionLog.objects.select_related("user", "collection", "marked_by")
    if not is_desk_staff(user):
        return logs.none()
    if mark in MARK_FILTERS:
        logs = logs.filter(mark=MARK_FILTERS[mark])
    if user.is_yorozu_admin:
        return logs
    visible = set(collection_manageable(user=user).values_list("pk", flat=True))
    return logs.filter(
        (Q(collection__in=visible) | Q(pk__in=_unscoped_visible(visible)))
        & (Q(marked_collection__isnull=True) | Q(marked_collection__in=visible))
    )


def _unscoped_visible(visible: set[int]) -> list[int]:
    """Questions asked across all collections that cite only collections in ``visible``; the
    citations are JSON, read here rather than queried (SQLite has no JSON containment)."""
    rows = QuestionLog.objects.filter(collection__isnull=True).values_list("pk", "citations")
    return [pk for pk, cited in rows if {c.get("collection_id") for c in cited or []} <= visible]


def mark_documents(*, user: User, log: QuestionLog) -> QuerySet[Document]:
    """The regulations an answer may be marked in: the question's collection, or every collection
    the user manages when it was asked across all of them."""
    collections = collection_manageable(user=user)
    if log.collection_id is not None:
        collections = collections.filter(pk=log.collection_id)
    return Document.objects.filter(collection__in=collections).select_related("collection")


@dataclass(frozen=True)
class SynonymSuggestion:
    question: str
    reason: str  # 該当なし / 役に立たなかった
    unknown_words: list[str]  # content words of the question the collection never uses
    cited: str  # what was quoted, if anything
    marked: str = ""  # the article a consultant marked as the answer
    pairs: list[PairSuggestion] = field(default_factory=list)  # question word → the article's word


def synonym_suggestions(*, user: User, collection: Collection, limit: int = 30) -> list[SynonymSuggestion]:
    """Questions of this collection that found nothing or were rated 「役に立たなかった」. Marked with
    their answer: pairs (question word → the article's word, ADR 0419); unmarked: the words the
    collection's regulations never use. 対象外 questions are left out (no synonym helps them)."""
    if not is_desk_staff(user) or not collection_list(user=user).filter(pk=collection.pk).exists():
        return []
    retriever = index.load(collection.pk, collection.index_version)
    known = {s.term: s.words for s in collection.synonyms.all()}
    unhelped = Q(mode=QuestionLog.Mode.NOT_FOUND) | Q(rating=QuestionLog.Rating.BAD)
    mine = Q(collection=collection, mark="") | Q(marked_collection=collection, mark=QuestionLog.Mark.ARTICLE)
    logs = QuestionLog.objects.filter(unhelped & mine).order_by("-marked_at", "-asked_at")[:limit]
    return [_suggestion(log, retriever, known) for log in logs]


def _suggestion(
    log: QuestionLog, retriever: HybridRetriever | None, known: dict[str, tuple[str, ...]]
) -> SynonymSuggestion:
    cited = log.citations[0]["citation"] if log.citations else ""
    reason = "該当なし" if log.mode == QuestionLog.Mode.NOT_FOUND else "役に立たなかった"
    if log.mark == QuestionLog.Mark.ARTICLE and retriever is not None:
        chunks = marked_chunks(retriever, log.marked_source, log.marked_article)
        pairs = suggest_pairs(
            log.question,
            "\n".join(c.text for c in chunks),
            caption=chunks[0].article_caption if chunks else "",
            df=retriever.word.document_frequency,
            known=known,
        )
        return SynonymSuggestion(log.question, reason, [], str(cited), log.marked_citation, pairs)
    words = {t.normalized for t in terms(log.question, modes=("C",))}
    unknown = sorted(w for w in words if retriever is None or _rare(retriever.word, w))
    return SynonymSuggestion(log.question, reason, unknown, str(cited))


def marked_chunks(retriever: HybridRetriever, source: str, article: str) -> list[Chunk]:
    """The chunks (one per 項 of a long article) of a marked article, in index order."""
    gold = (GoldRef(source, normalize_article_label(article)),)
    return [c for c in retriever.chunks.values() if gold_index(c, gold) is not None]


def _rare(word_index: Any, word: str) -> bool:
    """In no passage of the collection, or in one only (the index cannot tell those apart)."""
    return bool(word_index.document_frequency(word) * max(len(word_index.ids), 1) <= 1.0)


MARKED_EVAL_LIMIT = 500  # the most recent marked questions; each is one search


def marked_eval_questions(*, user: User, collection: Collection) -> list[EvalQuestion]:
    """The questions whose answer a consultant marked in ``collection``, as an evaluation set."""
    if not collection_manageable(user=user).filter(pk=collection.pk).exists():
        return []
    logs = QuestionLog.objects.filter(marked_collection=collection, mark=QuestionLog.Mark.ARTICLE)
    rows = logs.order_by("-marked_at").values_list("pk", "question", "marked_source", "marked_article")
    return [
        EvalQuestion(str(pk), question, (GoldRef(source, normalize_article_label(article)),))
        for pk, question, source, article in rows[:MARKED_EVAL_LIMIT]
    ]


def marked_eval(*, user: User, collection: Collection, k: int = 10) -> EvalReport | None:
    """R@1/5/10 of the collection's current search (its synonyms included) on the marked
    questions; None when there is no index or no marked question."""
    retriever = index.load(collection.pk, collection.index_version)
    questions = marked_eval_questions(user=user, collection=collection)
    if retriever is None or not questions:
        return None
    synonyms = {s.term: s.words for s in collection.synonyms.all()} or None
    return evaluate(
        questions, lambda q: retriever.search(q, k=k, extra_synonyms=synonyms), retriever.chunks, k=k
    )
