"""Pages: the question page (conversation, sources, feedback), the article viewer, the staff pages
for collections, documents and uploads, and the question log. Views check access, call a
selector or service, and render."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import desk_staff_required, role_required
from yorozu.common.downloads import file_download
from yorozu.common.uploads import validate_upload

from . import embedding, selectors, services
from .forms import AskForm, CollectionForm, FeedbackForm, MarkForm, SynonymForm, SynonymPairForm, UploadForm
from .models import Collection, Document, DocumentVersion, QuestionLog, Synonym

EXAMPLES = [
    "年休って繰り越せる？",
    "子どもが熱を出したら休める？",
    "親の介護で休みを取りたい",
    "規則第16条第2項",
]
staff_required = role_required(User.Role.REQUESTER, User.Role.CONSULTANT, User.Role.VIEWER, User.Role.ADMIN)
UPLOAD_TYPES = frozenset({"html", "htm", "xml", "md", "txt", "pdf", "docx"})


def _ask_context(
    request: HttpRequest, form: AskForm, answer: services.Answer | None = None
) -> dict[str, object]:
    history = list(selectors.question_log_list(user=request.user).filter(user=request.user)[:10])
    return {
        "form": form,
        "answer": answer,
        "history": list(reversed(history)),
        "examples": EXAMPLES,
        "collections": selectors.collection_list(user=request.user),
        "feedback_form": FeedbackForm(),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    collections = selectors.collection_list(user=request.user)
    data = request.POST if request.method == "POST" else (request.GET if "question" in request.GET else None)
    form = AskForm(data, collections=collections)
    answer = None
    if data is not None and form.is_valid():
        answer = services.question_ask(
            user=request.user,
            question=form.cleaned_data["question"],
            collection=form.cleaned_data["collection"],
        )
    return render(request, "regqa/question_ask.html", _ask_context(request, form, answer))


@staff_required
@require_POST
def ask_stream(request: HttpRequest) -> HttpResponse:
    """Server-sent events: ``delta`` events while the answer is generated, then ``answer`` with the
    rendered, citation-checked answer (the extractive one when no LLM is configured or it fails)."""
    form = AskForm(request.POST, collections=selectors.collection_list(user=request.user))
    if not form.is_valid():
        return HttpResponse("質問を入力してください。", status=400)
    events = services.question_ask_stream(
        user=request.user, question=form.cleaned_data["question"], collection=form.cleaned_data["collection"]
    )
    response = StreamingHttpResponse(_sse(request, events), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _sse(request: HttpRequest, events: Iterator[tuple[str, object]]) -> Iterator[bytes]:
    for kind, payload in events:
        if kind == "done":
            html = render_to_string(
                "regqa/question_ask.html#answer",
                {"answer": payload, "feedback_form": FeedbackForm()},
                request=request,
            )
            payload = html
        yield f"event: {kind}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


@staff_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(QuestionLog, pk=pk, user=request.user)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return HttpResponse("評価を選んでください。", status=400)
    services.feedback_record(user=request.user, log=log, **form.cleaned_data)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "regqa/question_ask.html#feedback-thanks", {"log": log})
    messages.success(request, "評価を記録しました。ご協力ありがとうございます。")
    return redirect("regqa:ask")


@staff_required
@require_GET
def article(request: HttpRequest, collection_id: int, source: str, article: str) -> HttpResponse:
    try:
        view = selectors.article_get(
            user=request.user,
            collection_id=collection_id,
            source=source,
            article="" if article == "-" else article,
            supplementary=request.GET.get("suppl") == "1",
        )
    except Collection.DoesNotExist as exc:
        raise Http404("条文が見つかりません") from exc
    return render(request, "regqa/article_detail.html", {"view": view})


# --- staff pages -------------------------------------------------------------------------------


@desk_staff_required
@require_http_methods(["GET", "POST"])
def collection_list(request: HttpRequest) -> HttpResponse:
    form = CollectionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_yorozu_admin:
            raise PermissionDenied("コレクションの作成はシステム管理者が行います。")
        if form.is_valid():
            collection = services.collection_create(user=request.user, **form.cleaned_data)
            messages.success(request, f"コレクション「{collection}」を作成しました。")
            return redirect("regqa:collection-detail", pk=collection.pk)
    collections = selectors.collection_manageable(user=request.user).prefetch_related(
        "departments", "documents"
    )
    return render(request, "regqa/collection_list.html", {"collections": collections, "form": form})


def _manageable(request: HttpRequest, pk: int) -> Collection:
    return get_object_or_404(selectors.collection_manageable(user=request.user), pk=pk)


@desk_staff_required
@require_http_methods(["GET", "POST"])
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _manageable(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = _ingest_uploads(request, collection)
    documents = selectors.document_list(user=request.user, collection=collection)
    context = {
        "collection": collection,
        "documents": documents,
        "form": form,
        "report": report,
        "marked": selectors.marked_eval(user=request.user, collection=collection),
        "embedding": embedding.status(collection),
    }
    return render(request, "regqa/collection_detail.html", context)


def _ingest_uploads(request: HttpRequest, collection: Collection) -> services.IngestReport | None:
    files = []
    try:
        for upload in request.FILES.getlist("files"):
            validate_upload(upload, allowed=UPLOAD_TYPES)
            files.append((upload.name or "", upload.read()))
        report = services.document_ingest(user=request.user, collection=collection, files=files)
    except (ValidationError, services.IngestError) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, f"{text} コレクションは変更していません。")
        return None
    messages.success(
        request, f"{len(report.documents)}件の規則を取り込みました（{report.article_count}条）。"
    )
    return report


@desk_staff_required
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _manageable(request, pk)
    if not request.user.is_yorozu_admin:
        raise PermissionDenied("閲覧範囲の変更はシステム管理者が行います。")
    initial = {
        "name": collection.name,
        "description": collection.description,
        "departments": collection.departments.all(),
        "roles": collection.roles,
    }
    form = CollectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.collection_update(user=request.user, collection=collection, **form.cleaned_data)
        messages.success(request, "コレクションを更新しました。")
        return redirect("regqa:collection-detail", pk=collection.pk)
    return render(request, "regqa/collection_edit.html", {"collection": collection, "form": form})


@desk_staff_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    _manageable(request, document.collection_id)
    return render(
        request, "regqa/document_detail.html", {"document": document, "versions": document.versions.all()}
    )


@desk_staff_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    collection = _manageable(request, document.collection_id)
    services.document_delete(user=request.user, document=document)
    messages.success(request, f"「{document.title}」を削除しました。")
    return redirect("regqa:collection-detail", pk=collection.pk)


@desk_staff_required
@require_GET
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    _manageable(request, version.document.collection_id)
    return file_download(version.file.open("rb"), version.filename)


LOG_FILTERS = [
    ("", "すべて"),
    ("unchecked", "未確認"),
    ("article", "正解記事あり"),
    ("not_covered", "対象外"),
]


@desk_staff_required
@require_GET
def log_list(request: HttpRequest) -> HttpResponse:
    """The questions the desk may review, filtered by what a consultant found (ADR 0419)."""
    mark = request.GET.get("mark", "")
    logs = selectors.question_log_reviewable(user=request.user, mark=mark or None)
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": LOG_FILTERS, "mark": mark}
    return render(request, "regqa/questionlog_list.html", context)


@desk_staff_required
@require_http_methods(["GET", "POST"])
def log_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One logged question with its answer, and the form that marks the article answering it."""
    log = get_object_or_404(selectors.question_log_reviewable(user=request.user), pk=pk)
    documents = selectors.mark_documents(user=request.user, log=log)
    form = MarkForm(request.POST or None, documents=documents, initial=_mark_initial(log, documents))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_log_mark(user=request.user, log=log, **form.cleaned_data)
        except services.MarkError as exc:
            form.add_error("article", str(exc))
        else:
            messages.success(request, f"確認結果を「{log.mark_label}」として記録しました。")
            return redirect("regqa:log-detail", pk=log.pk)
    query = request.GET.get("q", log.question).strip()[:1000]
    context = {
        "log": log,
        "form": form,
        "query": query,
        "candidates": _candidates(request, log, documents, query),
    }
    return render(request, "regqa/questionlog_detail.html", context)


def _candidates(
    request: HttpRequest, log: QuestionLog, documents: QuerySet[Document], query: str
) -> list[tuple[Document, str, str]]:
    """Articles of the markable regulations that search finds for ``query`` (the question itself by
    default): (regulation, article label for the form, citation), one row per article."""
    if not query:
        return []
    by_key = {(d.collection_id, d.source): d for d in documents}
    result = selectors.search(user=request.user, query=query, collection=log.collection, k=10)
    out: dict[tuple[int, str], tuple[Document, str, str]] = {}
    for p in result.passages:
        document = by_key.get((p.collection_id, p.chunk.source))
        label = ("附則" if p.chunk.supplementary else "") + p.chunk.article
        if document is not None and (document.pk, label) not in out:
            citation = " ".join(x for x in (document.title, label, p.chunk.article_caption) if x)
            out[(document.pk, label)] = (document, label, citation)
    return list(out.values())


def _mark_initial(log: QuestionLog, documents: QuerySet[Document]) -> dict[str, object]:
    """The stored mark, else the first cited article as a starting point."""
    if log.mark:
        found = documents.filter(collection=log.marked_collection, source=log.marked_source).first()
        return {"mark": log.mark, "document": found, "article": log.marked_article}
    cited = log.citations[0] if log.citations else {}
    found = documents.filter(collection_id=cited.get("collection_id"), source=cited.get("source")).first()
    return {"mark": QuestionLog.Mark.ARTICLE, "document": found, "article": cited.get("article", "")}


@desk_staff_required
@require_http_methods(["GET", "POST"])
def synonym_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The collection's own synonyms, a form to add one, and suggestions from the question log."""
    collection = _manageable(request, pk)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.synonym_save(user=request.user, collection=collection, **form.cleaned_data)
        messages.success(request, f"「{form.cleaned_data['term']}」の同義語を登録しました。")
        return redirect("regqa:synonym-list", pk=collection.pk)
    context = {
        "collection": collection,
        "form": form,
        "synonyms": collection.synonyms.all(),
        "suggestions": selectors.synonym_suggestions(user=request.user, collection=collection),
    }
    return render(request, "regqa/synonym_list.html", context)


@desk_staff_required
@require_POST
def synonym_add(request: HttpRequest, pk: int) -> HttpResponse:
    """「追加」 of a suggested pair: the article's word joins the question word's synonyms."""
    collection = _manageable(request, pk)
    form = SynonymPairForm(request.POST)
    try:
        if not form.is_valid():
            raise ValueError("追加する言葉がありません。")
        synonym = services.synonym_add_word(user=request.user, collection=collection, **form.cleaned_data)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"「{synonym.term}」の同義語に「{form.cleaned_data['word']}」を追加しました。"
        )
    return redirect("regqa:synonym-list", pk=collection.pk)


@desk_staff_required
@require_POST
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    synonym = get_object_or_404(Synonym, pk=pk)
    collection = _manageable(request, synonym.collection_id)
    services.synonym_delete(user=request.user, synonym=synonym)
    messages.success(request, f"「{synonym.term}」の同義語を削除しました。")
    return redirect("regqa:synonym-list", pk=collection.pk)
