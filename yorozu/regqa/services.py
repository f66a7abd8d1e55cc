"""Writes: collections, ingest (versioned, incremental index update), questions, feedback, purge."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.accounts.permissions import is_desk_staff
from yorozu.common.audit import record
from yorozu.common.notifications import notify
from yorozu.regqa import embedding, index
from yorozu.regqa.answering import (
    ANSWER_PASSAGES,
    CHECK_ORIGINAL,
    LLM_PASSAGES,
    NOT_FOUND,
    LLMError,
    Passage,
    build_messages,
    checked_citations,
    quoted_passages,
    stream_chat,
)
from yorozu.regqa.models import Collection, Document, DocumentVersion, QuestionLog, Synonym
from yorozu.regqa.selectors import collection_manageable, search
from yorozu_core.regulations.dispatch import ParsedDocument, parse_document, source_of
from yorozu_core.regulations.injection import flagged_chunks
from yorozu_core.regulations.model import RegulationParseError
from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import normalize_article_label

logger = logging.getLogger("yorozu.regqa")


class IngestError(Exception):
    """A file that cannot be ingested; the message is Japanese. Nothing was changed."""


# --- collections -------------------------------------------------------------------------------


@transaction.atomic
def collection_create(
    *,
    user: User,
    name: str,
    description: str = "",
    departments: Sequence[Department] = (),
    roles: Sequence[str] = (),
) -> Collection:
    collection = Collection.objects.create(name=name, description=description, roles=list(roles))
    collection.departments.set(departments)
    return collection


@transaction.atomic
def collection_update(
    *,
    user: User,
    collection: Collection,
    name: str,
    description: str,
    departments: Sequence[Department],
    roles: Sequence[str],
) -> Collection:
    collection.name, collection.description, collection.roles = name, description, list(roles)
    collection.save()
    collection.departments.set(departments)
    return collection


# --- synonyms ----------------------------------------------------------------------------------


def collection_synonyms(collection: Collection) -> dict[str, tuple[str, ...]]:
    """The desk's synonyms of a collection: question word → regulation words."""
    return {s.term: s.words for s in collection.synonyms.all()}


@transaction.atomic
def synonym_save(*, user: User, collection: Collection, term: str, synonyms: str) -> Synonym:
    """Add or replace the regulation words for ``term`` (audited by the model signals)."""
    found, _ = Synonym.objects.update_or_create(
        collection=collection, term=term.strip(), defaults={"synonyms": synonyms.strip()}
    )
    return found


@transaction.atomic
def synonym_add_word(*, user: User, collection: Collection, term: str, word: str) -> Synonym:
    """Add one regulation word to ``term`` (a suggestion's 「追加」), keeping the words stored."""
    term, word = term.strip(), word.strip()
    if not term or not word or term == word:
        raise ValueError("質問での言い方と規則での言い方を、別の言葉で指定してください。")
    found = Synonym.objects.select_for_update().filter(collection=collection, term=term).first()
    if found is None:
        return Synonym.objects.create(collection=collection, term=term, synonyms=word)
    if word not in found.words:
        found.synonyms = "、".join((*found.words, word))
        found.save(update_fields=["synonyms"])
    return found


@transaction.atomic
def synonym_delete(*, user: User, synonym: Synonym) -> None:
    synonym.delete()


# --- ingest ------------------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What one ingest found: regulations, articles, what was skipped and why."""

    documents: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # (file, title, articles, chunks)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # lines that address an AI assistant

    @property
    def article_count(self) -> int:
        return sum(d[2] for d in self.documents)

    def lines(self) -> list[str]:
        out = [f"{f}: {t}（{a}条、検索単位{c}件）" for f, t, a, c in self.documents]
        out += [f"{f}: 前回と同じ内容のため更新しませんでした" for f in self.unchanged]
        out += [f"取り込まなかったもの: {s}" for s in self.skipped]
        out += [f"要確認（AIへの指示のような記述）: {f}" for f in self.flagged]
        return out


def document_ingest(
    *,
    user: User | None,
    collection: Collection,
    files: Sequence[tuple[str, bytes]],
    embed_in_background: bool = True,
) -> IngestReport:
    """Parse every file first; any broken file raises :class:`IngestError` and nothing changes.
    Then, in one transaction: new versions (the old ones kept, no longer current) and the next
    index version, built incrementally from the current one (BM25; searchable at once). With dense
    retrieval on, the new rows are embedded after the commit, in a background thread unless
    ``embed_in_background`` is False (the CLI runs :func:`yorozu.regqa.embedding.run` itself)."""
    parsed = [(name, data, _parse(name, data)) for name, data in files]
    _check_unique_sources([name for name, _, _ in parsed])
    with transaction.atomic():
        locked = Collection.objects.select_for_update().get(pk=collection.pk)
        report, remove, add = IngestReport(), [], []
        for name, data, doc in parsed:
            removed = _store_version(user, locked, name, data, doc, report)
            if removed is not None:
                remove.extend(removed)
                add.extend(doc.chunks)
        if add or remove:
            _advance_index(locked, remove=remove, add=add, embed_in_background=embed_in_background)
        collection.index_version = locked.index_version
    return report


def _parse(name: str, data: bytes) -> ParsedDocument:
    try:
        return parse_document(data, name)
    except RegulationParseError as exc:
        raise IngestError(f"「{name}」を取り込めませんでした: {exc}") from exc


def _check_unique_sources(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if source_of(name) in seen:
            raise IngestError(f"「{name}」と同じ名前（拡張子を除く）のファイルが複数あります。")
        seen.add(source_of(name))


def _store_version(
    user: User | None,
    collection: Collection,
    name: str,
    data: bytes,
    doc: ParsedDocument,
    report: IngestReport,
) -> list[str] | None:
    """Record the version; returns the chunk ids to remove from the index (None: unchanged)."""
    digest = hashlib.sha256(data).hexdigest()
    document, _ = Document.objects.get_or_create(
        collection=collection, source=source_of(name), defaults={"title": doc.title, "number": doc.number}
    )
    current = document.current
    if current is not None and current.sha256 == digest:
        report.unchanged.append(name)
        return None
    old_ids = _indexed_ids(collection, document.source)
    flags = [f"{label}: {line}" for label, line in flagged_chunks((c.citation, c.text) for c in doc.chunks)]
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    number = (current.number if current else 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=name,
        sha256=digest,
        article_count=doc.article_count,
        chunk_count=len(doc.chunks),
        skipped=doc.skipped,
        injection_flags=flags,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    version.file.save(name, ContentFile(data), save=False)
    version.save()
    document.title, document.number = doc.title, doc.number
    document.save()
    report.documents.append((name, doc.title, doc.article_count, len(doc.chunks)))
    report.skipped.extend(f"{name}: {s}" for s in doc.skipped)
    report.flagged.extend(f"{name}: {f}" for f in flags)
    if flags:
        _warn_desk(version, flags)
    return old_ids


def _warn_desk(version: DocumentVersion, flags: list[str]) -> None:
    """Tell the desk (consultants and admins) that an ingested regulation holds text aimed at an
    AI assistant; it stays searchable (answers quote it escaped, the LLM gets it as data)."""
    logger.warning("regqa: %s holds instruction-like text: %s", version.filename, flags[:3])
    desk = list(
        User.objects.filter(role__in=[User.Role.CONSULTANT, User.Role.ADMIN], is_active=True).values_list(
            "pk", flat=True
        )
    )
    subject = f"規則Q&A: 「{version.document.title}」にAIへの指示のような記述があります"
    body = "取り込んだ規則に次の記述がありました。原本を確認してください。\n" + "\n".join(flags[:10])
    transaction.on_commit(
        lambda: notify(event="regqa.injection_flagged", subject=subject, body=body, user_ids=desk)
    )


def _indexed_ids(collection: Collection, source: str) -> list[str]:
    retriever = index.load(collection.pk, collection.index_version)
    if retriever is None:
        return []
    return [cid for cid, c in retriever.chunks.items() if c.source == source]


def _advance_index(
    collection: Collection, *, remove: list[str], add: list[Chunk], embed_in_background: bool = True
) -> None:
    new_version = index.write_next(collection.pk, collection.index_version, remove=remove, add=add)
    collection.index_version = new_version
    collection.save(update_fields=["index_version"])
    pk = collection.pk
    transaction.on_commit(lambda: index.discard_except(pk, new_version))
    if embed_in_background:
        transaction.on_commit(lambda: embedding.start(pk, new_version))


@transaction.atomic
def document_delete(*, user: User, document: Document) -> None:
    """Remove a regulation from the collection's index; its versions go with it (audited)."""
    collection = Collection.objects.select_for_update().get(pk=document.collection_id)
    remove = _indexed_ids(collection, document.source)
    document.delete()
    if remove:
        _advance_index(collection, remove=remove, add=[])


# --- questions ---------------------------------------------------------------------------------


@dataclass
class Answer:
    question: str
    mode: str
    text: str  # the generated text with [[id]] markers, or "" for extractive answers
    passages: list[Passage]  # quoted (extractive) or cited (generated) passages
    sources: list[Passage]  # every retrieved passage, for the sources panel
    notice: str = CHECK_ORIGINAL
    log: QuestionLog | None = None
    rejected: list[str] = field(default_factory=list)  # citations of the generated text not retrieved
    unsupported: list[str] = field(default_factory=list)  # sentences removed: their citations were rejected

    @property
    def highlight(self) -> str:
        """The sentence or 号 that states what was asked (extractive answers), else ""."""
        return self.passages[0].highlight if self.passages and not self.text else ""

    @property
    def not_found(self) -> bool:
        return self.mode == QuestionLog.Mode.NOT_FOUND

    def plain_text(self) -> str:
        if self.not_found:
            return NOT_FOUND
        if self.text:
            return self.text
        lead = f"【回答】{self.highlight}（{self.passages[0].chunk.citation}）\n\n" if self.highlight else ""
        return lead + "\n\n".join(f"{p.chunk.citation}\n「{p.quote}」" for p in self.passages)


def llm_configured() -> bool:
    return bool(settings.YOROZU_LLM_BASE_URL and settings.YOROZU_LLM_MODEL)


def question_ask(
    *, user: User, question: str, collection: Collection | None = None, use_llm: bool | None = None
) -> Answer:
    """Answer a question and log it. Without an LLM (or when it fails): an extractive answer."""
    events = question_ask_stream(user=user, question=question, collection=collection, use_llm=use_llm)
    answer: Answer | None = None
    for kind, payload in events:
        if kind == "done":
            answer = payload  # type: ignore[assignment]
    assert answer is not None
    return answer


def question_ask_stream(
    *, user: User, question: str, collection: Collection | None = None, use_llm: bool | None = None
) -> Iterator[tuple[str, object]]:
    """Yields ("delta", text) while a generated answer streams, then ("done", Answer)."""
    question = question.strip()
    result = search(user=user, query=question, collection=collection, k=10)
    found = quoted_passages(
        question,
        result.passages,
        result.reasons,
        limit=LLM_PASSAGES,
        relevance=_evidence(result.passages),
        corpus=_corpus(result.passages),
        shift=result.meaning_shift,
    )
    if not found:  # nothing relevant: list no article either (they would mislead)
        answer = Answer(question, QuestionLog.Mode.NOT_FOUND, "", [], [])
    elif (llm_configured() if use_llm is None else use_llm) and llm_configured():
        answer = yield from _generated(question, found, result.passages)
    else:
        answer = _extractive(question, found, result.passages)
    answer.log = _log(user, collection, answer)
    yield "done", answer


def _corpus(passages: list[Passage]) -> dict[str, Chunk]:
    """Every chunk of the best passage's collection (a quoted article may delegate to another
    regulation of the same collection)."""
    if not passages:
        return {}
    collection = Collection.objects.get(pk=passages[0].collection_id)
    retriever = index.load(collection.pk, collection.index_version)
    return dict(retriever.chunks) if retriever else {}


def _evidence(passages: list[Passage]) -> Callable[[str, Passage], float]:
    """The not-found measure of each passage's own collection index (ADR 0412), with the
    collection's curated synonyms."""
    retrievers = {}
    synonyms = {}
    for p in passages:
        if p.collection_id not in retrievers:
            collection = Collection.objects.get(pk=p.collection_id)
            retrievers[p.collection_id] = index.load(collection.pk, collection.index_version)
            synonyms[p.collection_id] = collection_synonyms(collection)

    def measure(question: str, passage: Passage) -> float:
        retriever = retrievers[passage.collection_id]
        return (
            retriever.evidence(question, passage.chunk, synonyms[passage.collection_id]) if retriever else 0.0
        )

    return measure


def _extractive(question: str, found: list[Passage], everything: list[Passage]) -> Answer:
    return Answer(question, QuestionLog.Mode.EXTRACTIVE, "", found[:ANSWER_PASSAGES], everything)


def _generated(
    question: str, found: list[Passage], everything: list[Passage]
) -> Iterator[tuple[str, object]]:
    context = found[:LLM_PASSAGES]
    parts: list[str] = []
    try:
        for delta in stream_chat(
            base_url=settings.YOROZU_LLM_BASE_URL,
            model=settings.YOROZU_LLM_MODEL,
            api_key=settings.YOROZU_LLM_API_KEY or "",
            messages=build_messages(question, context),
            timeout=settings.YOROZU_LLM_TIMEOUT,
        ):
            parts.append(delta)
            yield "delta", delta
    except LLMError as exc:
        logger.warning("regqa: LLM endpoint failed, extractive answer instead: %s", exc)
        yield "reset", ""
        return _extractive(question, found, everything)
    checked = checked_citations("".join(parts), [p.chunk.chunk_id for p in context])
    if not checked.kept:
        logger.warning("regqa: generated answer cited nothing retrieved, extractive answer instead")
        yield "reset", ""
        answer = _extractive(question, found, everything)
        answer.rejected, answer.unsupported = checked.rejected, checked.unsupported
        return answer
    cited = [p for cid in checked.kept for p in context if p.chunk.chunk_id == cid]
    return Answer(
        question,
        QuestionLog.Mode.LLM,
        checked.text,
        cited,
        everything,
        rejected=checked.rejected,
        unsupported=checked.unsupported,
    )


def _log(user: User, collection: Collection | None, answer: Answer) -> QuestionLog:
    return QuestionLog.objects.create(
        user=user if user.is_authenticated else None,
        collection=collection,
        question=answer.question,
        answer=answer.plain_text(),
        mode=answer.mode,
        citations=[citation_dict(p) for p in answer.passages],
        rejected_citations=answer.rejected,
        unsupported_sentences=answer.unsupported,
    )


def citation_dict(p: Passage) -> dict[str, object]:
    c = p.chunk
    return {
        "chunk_id": c.chunk_id,
        "source": c.source,
        "article": ("附則" if c.supplementary else "") + c.article,
        "paragraph": c.paragraph,
        "score": round(p.score, 6),
        "citation": c.citation,
        "collection_id": p.collection_id,
    }


@transaction.atomic
def feedback_record(*, user: User, log: QuestionLog, rating: str, comment: str = "") -> QuestionLog:
    if log.user_id != user.pk:
        raise PermissionError("他の職員の質問には評価できません。")
    log.rating = QuestionLog.Rating(rating)
    log.comment = comment[:2000]
    log.save(update_fields=["rating", "comment"])
    return log


MARK_FIELDS = [
    "mark",
    "marked_collection",
    "marked_source",
    "marked_article",
    "marked_citation",
    "marked_by",
    "marked_at",
]


class MarkError(ValueError):
    """A mark that cannot be stored; the message is Japanese. Nothing was changed."""


@transaction.atomic
def question_log_mark(
    *, user: User, log: QuestionLog, mark: str, document: Document | None = None, article: str = ""
) -> QuestionLog:
    """Record what answers a logged question: an article of ``document`` (「第5条」「5」「附則第2条」),
    対象外 (the regulations do not cover it), or "" (未確認 again). Audited here, because question logs
    are kept out of the signal-based trail (their text has a retention period, ADR 0407)."""
    if not is_desk_staff(user):
        raise PermissionError("質問ログの確認は相談窓口の職員が行います。")
    if mark not in ("", *QuestionLog.Mark.values):
        raise MarkError("確認結果を選んでください。")
    if document is not None and not _markable(user, log, document):
        raise MarkError("質問の対象コレクションにある、閲覧できる規則を選んでください。")
    chunk = None
    if mark == QuestionLog.Mark.ARTICLE:
        if document is None:
            raise MarkError("正解の規則を選んでください。")
        chunk = _article_chunk(document, article)  # resolved before the log changes
    before = _mark_state(log)
    log.mark = QuestionLog.Mark(mark) if mark else ""
    log.marked_collection, log.marked_source, log.marked_article, log.marked_citation = None, "", "", ""
    if chunk is not None and document is not None:
        log.marked_collection, log.marked_source = document.collection, document.source
        log.marked_article = ("附則" if chunk.supplementary else "") + chunk.article
        log.marked_citation = " ".join(p for p in (document.title, log.marked_article) if p)
    log.marked_by, log.marked_at = (user, timezone.now()) if mark else (None, None)
    log.save(update_fields=MARK_FIELDS)  # never the asker's rating, which may change meanwhile
    record(
        action="update",
        model="regqa.questionlog",
        object_id=str(log.pk),
        object_repr=f"質問ログ {log.pk} の確認結果",  # never the question text (ADR 0407)
        changes={k: [before[k], v] for k, v in _mark_state(log).items() if before[k] != v},
        actor=user,
    )
    return log


def _markable(user: User, log: QuestionLog, document: Document) -> bool:
    """The question's own collection (any visible one when it was asked across all of them)."""
    if log.collection_id is not None and document.collection_id != log.collection_id:
        return False
    return collection_manageable(user=user).filter(pk=document.collection_id).exists()


def _mark_state(log: QuestionLog) -> dict[str, object]:
    return {
        "mark": log.mark,
        "marked_collection": log.marked_collection_id,
        "marked_citation": log.marked_citation,
        "marked_by": log.marked_by_id,
    }


def _article_chunk(document: Document, article: str) -> Chunk:
    """The first chunk of ``article`` in the document's current index, or :class:`MarkError`."""
    wanted = article.strip()
    supplementary = wanted.startswith("附則")
    label = normalize_article_label(wanted.removeprefix("附則"))
    if not label and not supplementary:
        raise MarkError("条を入力してください（例: 第5条、5、附則第2条）。")
    collection = document.collection
    retriever = index.load(collection.pk, collection.index_version)
    for chunk in retriever.chunks.values() if retriever else ():
        if (
            chunk.source == document.source
            and chunk.supplementary == supplementary
            and normalize_article_label(chunk.article) == label
        ):
            return chunk
    raise MarkError(f"「{document.title}」に「{wanted}」は見つかりません。条の番号を確かめてください。")


@transaction.atomic
def question_log_purge(*, user: User | None, days: int | None = None) -> int:
    """Delete question logs older than the retention period, and the audit entries that copied
    their text (the point of a retention period is that the question text is gone)."""
    from yorozu.common.models import AuditEntry

    keep_days = settings.YOROZU_REGQA_LOG_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep_days)
    old = QuestionLog.objects.filter(asked_at__lt=cutoff)
    ids = [str(pk) for pk in old.values_list("pk", flat=True)]
    # _raw_delete: a per-row delete signal would copy each question into the audit log again
    old._raw_delete(old.db)
    AuditEntry.objects.filter(model="regqa.questionlog", object_id__in=ids)._raw_delete(AuditEntry.objects.db)
    record(
        action="delete",
        model="regqa.questionlog",
        object_repr=f"保存期間（{keep_days}日）を過ぎた質問ログ {len(ids)}件を削除",
        changes={"count": len(ids), "before": cutoff.isoformat()},
        actor=user,
    )
    return len(ids)
