"""Demo: two collections (福利厚生・服務 for all staff, 人事内部 for the HR section only) and the
sample 職員の福利厚生・休暇に関する規則 of the fictional よろず区, written for this project."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from yorozu.accounts.models import Department, User

from . import embedding, index, services
from .models import Collection, QuestionLog

DEMO_DATA = Path(__file__).parent / "demo_data"
OPEN_COLLECTION = "福利厚生・服務"
HR_COLLECTION = "人事内部"
HR_SECTION = "人事課"
# words the desk of the fictional よろず区 added for its staff (written for the demo)
# what a desk curates on the collection's synonyms page: words no general dictionary relates
DEMO_SYNONYMS = (
    ("リフレッシュ休暇", "夏季休暇、特別休暇"),
    ("ドック", "人間ドック、健康診断"),
    ("熱を出", "子の看護"),
)
# logged questions of the demo desk: (question, rated 「役に立たなかった」, article the desk marked)
DEMO_QUESTIONS = (
    ("有休の持ち越しはできる？", True, "第5条"),
    ("使い残した休みは次の年に回せる？", True, ""),
    ("出張の旅費はいくら出る？", False, ""),
)


def load_demo(*, stdout: TextIO) -> None:
    admin = User.objects.filter(role=User.Role.ADMIN).order_by("pk").first()
    welfare = _collection(admin, OPEN_COLLECTION, "全職員が閲覧できる福利厚生・休暇・服務の規則", [])
    hr = Department.objects.filter(name=HR_SECTION).first()
    hr_only = _collection(
        admin, HR_COLLECTION, "人事担当（人事課）だけが閲覧できる内部基準", [hr] if hr else []
    )
    for collection, folder in ((welfare, DEMO_DATA), (hr_only, DEMO_DATA / "hr")):
        files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.txt"))]
        report = services.document_ingest(
            user=admin, collection=collection, files=files, embed_in_background=False
        )
        for line in report.lines():
            stdout.write(f"規則Q&A（{collection}）: {line}\n")
        _embed(collection, stdout)
    if admin is not None:
        for term, words in DEMO_SYNONYMS:  # update_or_create: idempotent
            services.synonym_save(user=admin, collection=welfare, term=term, synonyms=words)
    _questions(welfare)


def _embed(collection: Collection, stdout: TextIO) -> None:
    """The demo's collections are small: their vectors are made now, so that search is hybrid
    (ADR 0420) from the first question."""
    collection.refresh_from_db()
    if index.embedder() is None or collection.index_version <= 0:
        return
    outcome = embedding.run(collection.pk, collection.index_version)
    if outcome == "done":
        stdout.write(f"規則Q&A（{collection}）: 意味検索の準備ができました。\n")


def _questions(welfare: Collection) -> None:
    """A few logged questions, one marked with its article, so that 質問ログ, the synonym pairs and
    the collection's R@1/R@5 line show something (ADR 0419). Each is asked once."""
    asker = User.objects.filter(role=User.Role.REQUESTER, is_active=True).order_by("pk").first()
    desk = User.objects.filter(role=User.Role.CONSULTANT, is_active=True).order_by("pk").first()
    document = welfare.documents.order_by("pk").first()
    if asker is None or desk is None or document is None:
        return
    for question, bad, article in DEMO_QUESTIONS:
        if QuestionLog.objects.filter(question=question, collection=welfare).exists():
            continue
        log = services.question_ask(user=asker, question=question, collection=welfare).log
        if log is not None and bad:
            services.feedback_record(user=asker, log=log, rating=QuestionLog.Rating.BAD)
        if log is not None and article:
            services.question_log_mark(user=desk, log=log, mark="article", document=document, article=article)


def _collection(admin: User | None, name: str, description: str, departments: list[Department]) -> Collection:
    found = Collection.objects.filter(name=name).first()
    if found is not None:
        return found
    return services.collection_create(user=admin, name=name, description=description, departments=departments)  # type: ignore[arg-type]
