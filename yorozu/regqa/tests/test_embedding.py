"""Dense embedding after the ingest (ADR 0418): BM25 search at once, progress in embedding.json and
on the collection page, hybrid once every row has its vector, an interrupted job resumes from its
cache. The embedder is a small deterministic one (hashed bigrams) that can be held mid-way."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from io import StringIO
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from yorozu.common.audit import acting_as
from yorozu.regqa import embedding, index, services
from yorozu.regqa.models import Collection
from yorozu_core.retrieval import dense as dense_module
from yorozu_core.retrieval import embed_job

from .conftest import DEMO, demo_files
from .test_dense import BigramEmbedder

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for the process being killed mid-job (no ``except Exception`` sees it)."""


class HeldEmbedder(BigramEmbedder):
    """Waits for ``go`` before each batch, notes the progress file it sees, and can die."""

    def __init__(self, root_of: Any = None, die_after: int | None = None) -> None:
        super().__init__()
        self.go = threading.Event()
        self.waiting = threading.Event()
        self.go.set()
        self.root_of, self.die_after, self.batches = root_of, die_after, 0
        self.seen: list[tuple[int, int]] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        if self.die_after is not None and self.batches >= self.die_after:
            raise Killed
        if self.root_of is not None:
            progress = embed_job.read_progress(self.root_of())
            assert progress is not None and progress.state == "running"
            self.seen.append((progress.done, progress.total))
        self.waiting.set()
        assert self.go.wait(120)
        self.batches += 1
        return super().embed_passages(texts)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "_EMBEDDERS", {})
    monkeypatch.setattr(embedding, "_THREADS", {})
    monkeypatch.setattr(embedding, "_WANTED", {})
    monkeypatch.setattr(dense_module, "BATCH", 8)
    monkeypatch.setattr(embed_job, "FLUSH_SECONDS", 0.0)


def _dense_on(settings: Any, monkeypatch: pytest.MonkeyPatch, embedder: Any) -> None:
    monkeypatch.setattr(index, "default_embedder", lambda path=None: embedder)
    settings.YOROZU_REGQA_DENSE = True


def _create(cast: Any) -> Collection:
    with acting_as(cast.admin):
        return services.collection_create(user=cast.admin, name="福利厚生・服務")


def test_search_works_at_once_progress_is_shown_and_hybrid_follows(
    cast: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    collection = _create(cast)
    root = index.collection_root(collection.pk)
    embedder = HeldEmbedder(root_of=lambda: root)
    _dense_on(settings, monkeypatch, embedder)
    embedder.go.clear()  # the job stops before its first batch
    with acting_as(cast.admin), django_capture_on_commit_callbacks(execute=True):
        services.document_ingest(user=cast.admin, collection=collection, files=demo_files())
    assert embedder.waiting.wait(120)
    collection.refresh_from_db()

    retriever = index.load(collection.pk, collection.index_version)
    assert retriever is not None and not embed_job.dense_ready(retriever)  # BM25 only, for now
    answer = services.question_ask(user=cast.requester, question="年休って繰り越せる？")
    assert answer.passages[0].chunk.article == "第五条"
    html = client_as(cast.admin).get(f"/regqa/collections/{collection.pk}/").content.decode()
    total = len([c for c in retriever.chunks.values() if not c.supplementary])
    assert f"意味検索の準備中 0 / {total} 件" in html
    assert 'http-equiv="refresh"' in html and "最新の状況を表示" in html

    embedder.go.set()
    embedding.wait(120)
    dones = [done for done, _ in embedder.seen]
    assert dones == sorted(dones) and dones[0] == 0 and dones[-1] > 0 and len(dones) >= 3
    final = embed_job.read_progress(root)
    assert final is not None and final.state == "done" and final.done == final.total == total
    hybrid = index.load(collection.pk, collection.index_version)
    assert hybrid is not None and embed_job.dense_ready(hybrid)
    assert hybrid._dense_usable()
    html = client_as(cast.admin).get(f"/regqa/collections/{collection.pk}/").content.decode()
    assert "意味検索の準備中" not in html and 'http-equiv="refresh"' not in html
    answer = services.question_ask(user=cast.requester, question="年休って繰り越せる？")
    assert answer.passages[0].chunk.article == "第五条"


def test_an_interrupted_job_resumes_from_the_cache(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection = _create(cast)
    root = index.collection_root(collection.pk)
    dying = HeldEmbedder(die_after=3)
    _dense_on(settings, monkeypatch, dying)
    with acting_as(cast.admin):
        services.document_ingest(
            user=cast.admin, collection=collection, files=demo_files(), embed_in_background=False
        )
    collection.refresh_from_db()
    with pytest.raises(Killed):
        embedding.run(collection.pk, collection.index_version)
    assert dying.passages == 3 * 8
    cut = embed_job.read_progress(root)
    assert cut is not None and cut.state == "running" and cut.done == 24  # the file a dead job leaves
    assert len(embed_job.load_cache(root)) == 24  # three batches made before the kill

    fresh = BigramEmbedder()
    monkeypatch.setattr(index, "_EMBEDDERS", {"": fresh})
    assert embedding.run(collection.pk, collection.index_version) == "done"
    retriever = index.load(collection.pk, collection.index_version)
    assert retriever is not None and embed_job.dense_ready(retriever)
    embedded = len([c for c in retriever.chunks.values() if not c.supplementary])
    assert fresh.passages == embedded - 24  # only what the first job had not cached
    assert not (root / embed_job.CACHE_DIR).exists()  # the vectors are in the index now


def test_a_changed_regulation_reuses_the_vectors_of_its_unchanged_articles(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection = _create(cast)
    embedder = BigramEmbedder()
    _dense_on(settings, monkeypatch, embedder)
    with acting_as(cast.admin):
        services.document_ingest(
            user=cast.admin, collection=collection, files=demo_files(), embed_in_background=False
        )
    collection.refresh_from_db()
    assert embedding.run(collection.pk, collection.index_version) == "done"
    first = embedder.passages
    name, data = demo_files()[0]
    changed = data.decode().replace("において20日とする", "において21日とする", 1).encode()
    assert changed != data
    with acting_as(cast.admin):
        services.document_ingest(
            user=cast.admin, collection=collection, files=[(name, changed)], embed_in_background=False
        )
    collection.refresh_from_db()
    assert embedding.run(collection.pk, collection.index_version) == "done"
    assert 1 <= embedder.passages - first <= 2  # the changed article only
    retriever = index.load(collection.pk, collection.index_version)
    assert retriever is not None and embed_job.dense_ready(retriever)


def test_the_cli_ingest_embeds_with_a_progress_bar(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dense_on(settings, monkeypatch, BigramEmbedder())
    out = StringIO()
    call_command(
        "regqa", "ingest", str(DEMO / "yorozu_fukuri_kyuka.txt"), "--collection", "福利厚生", stdout=out
    )
    text = out.getvalue()
    assert "埋め込み [" in text and "意味検索の準備ができました" in text
    collection = Collection.objects.get(name="福利厚生")
    progress = json.loads((index.collection_root(collection.pk) / "embedding.json").read_text())
    assert progress["state"] == "done" and progress["done"] == progress["total"] > 0
    again = StringIO()
    call_command("regqa", "embed", "--collection", "福利厚生", stdout=again)
    assert "意味検索の準備ができました" in again.getvalue() and "埋め込み [" not in again.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_collection_page_shows_the_progress_and_refreshes_itself(
    page: Any, live_server: Any, browser_login: Any, cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = HeldEmbedder()
    _dense_on(settings, monkeypatch, embedder)
    collection = _create(cast)
    embedder.go.clear()
    browser_login(page, cast.admin)
    page.goto(f"{live_server.url}/regqa/collections/{collection.pk}/")
    name, data = demo_files()[0]
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    page.get_by_role("button", name="取り込む").click()
    page.get_by_text("件の規則を取り込みました").wait_for()  # the upload returned before any vector
    assert embedder.waiting.wait(60)
    page.goto(f"{live_server.url}/regqa/collections/{collection.pk}/")
    status = page.locator("#embedding-status")
    assert "意味検索の準備中 0 / 34 件" in status.inner_text()
    embedder.go.set()
    embedding.wait(120)
    status.wait_for(state="detached", timeout=40_000)  # the meta refresh, no JavaScript of ours
    expect(page.get_by_role("heading", name="規則", exact=True)).to_be_visible()  # the refreshed page


def test_a_newer_ingest_stops_the_running_job_and_its_own_job_finishes(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    collection = _create(cast)
    embedder = HeldEmbedder()
    _dense_on(settings, monkeypatch, embedder)
    embedder.go.clear()
    with acting_as(cast.admin), django_capture_on_commit_callbacks(execute=True):
        services.document_ingest(user=cast.admin, collection=collection, files=demo_files())
    assert embedder.waiting.wait(120)  # the job of v1 is mid-way
    extra = [("extra.txt", "○追加規則\n第1条　年休は繰り越せる。\n".encode())]
    with acting_as(cast.admin), django_capture_on_commit_callbacks(execute=True):
        services.document_ingest(user=cast.admin, collection=collection, files=extra)
    embedder.go.set()
    embedding.wait(120)
    collection.refresh_from_db()
    assert collection.index_version == 2 and not index.version_dir(collection.pk, 1).exists()
    retriever = index.load(collection.pk, 2)
    assert retriever is not None and embed_job.dense_ready(retriever)
