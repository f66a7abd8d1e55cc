"""Passages cut at a token budget, and the embedding job over a saved index (ADR 0417, 0418)."""

from __future__ import annotations

import fcntl
from collections.abc import Sequence
from pathlib import Path

from yorozu_core.retrieval import embed_job
from yorozu_core.retrieval.dense import DenseIndex, Matrix, passage_text, truncate_tokens
from yorozu_core.retrieval.hybrid import HybridRetriever
from yorozu_core.tests.test_retrieval_support import HashEmbedder, make_chunks


class CountingEmbedder(HashEmbedder):
    """One token per character; counts the passages it embeds."""

    def __init__(self) -> None:
        self.passages = 0
        self.texts: list[str] = []

    def token_count(self, text: str) -> int:
        return len(text) + 2

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        self.passages += len(texts)
        self.texts += texts
        return super().embed_passages(texts)


def test_a_passage_is_cut_at_the_token_budget_with_its_head_kept() -> None:
    chunk = make_chunks()[0]
    cut = passage_text(chunk, CountingEmbedder(), max_tokens=20)
    assert len(cut) == 18 and cut.startswith(chunk.regulation_title)
    assert truncate_tokens("あいうえお", 100, len) == "あいうえお"
    assert truncate_tokens("あいうえお", 3, len) == "あいう"
    assert passage_text(chunk, HashEmbedder()).startswith(chunk.regulation_title)  # no counter: chars


def test_query_tokens_are_capped() -> None:
    embedder = CountingEmbedder()
    index = DenseIndex(embedder)
    index.add(make_chunks())
    long = "年次休暇" * 50
    assert (index.scores(long, max_tokens=12) == index.scores("年次休暇年次休暇年次", max_tokens=0)).all()


def _saved(root: Path, *, with_vectors: bool) -> HybridRetriever:
    retriever = HybridRetriever(embedder=CountingEmbedder() if with_vectors else None)
    retriever.add(make_chunks())
    if not with_vectors:
        retriever.dense = DenseIndex(CountingEmbedder())  # rows without vectors, as an ingest leaves
    retriever.save(root / "v1")
    return retriever


def test_the_job_fills_the_vectors_and_reports_progress(tmp_path: Path) -> None:
    _saved(tmp_path, with_vectors=False)
    embedder = CountingEmbedder()
    seen: list[tuple[int, int]] = []
    assert embed_job.embed_version(tmp_path, 1, embedder, progress=lambda d, t: seen.append((d, t))) == "done"
    done = HybridRetriever.load(tmp_path / "v1", embedder=embedder)
    assert embed_job.dense_ready(done) and done._dense_usable()
    total = seen[-1][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total) and embedder.passages == total
    progress = embed_job.read_progress(tmp_path)
    assert progress is not None and progress.state == "done" and progress.done == progress.total == total
    assert embed_job.embed_version(tmp_path, 1, embedder) == "done" and embedder.passages == total


def test_a_second_job_is_refused_and_a_missing_version_is_gone(tmp_path: Path) -> None:
    _saved(tmp_path, with_vectors=False)
    with (tmp_path / embed_job.LOCK_FILE).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert embed_job.job_running(tmp_path)
        assert embed_job.embed_version(tmp_path, 1, CountingEmbedder()) == "busy"
    assert not embed_job.job_running(tmp_path)
    assert embed_job.embed_version(tmp_path, 2, CountingEmbedder()) == "gone"


def test_a_stopped_job_resumes_from_its_cache(tmp_path: Path) -> None:
    _saved(tmp_path, with_vectors=False)
    first = CountingEmbedder()
    calls = iter(range(100))
    outcome = embed_job.embed_version(tmp_path, 1, first, stop=lambda: next(calls) >= 1)
    assert outcome == "stopped" and first.passages > 0
    assert len(embed_job.load_cache(tmp_path)) == first.passages
    second = CountingEmbedder()
    assert embed_job.embed_version(tmp_path, 1, second) == "done"
    assert not set(first.texts) & set(second.texts)


def test_the_progress_line_reads_like_the_brief() -> None:
    progress = embed_job.Progress(
        3, "running", 1234, 3000, "2026-12-01T00:00:00+00:00", "2026-12-01T00:05:00+00:00"
    )
    assert progress.summary() == "意味検索の準備中 1,234 / 3,000 件（残り約 7 分）"
    assert embed_job.Progress(3, "running", 0, 3000, progress.started, progress.started).summary() == (
        "意味検索の準備中 0 / 3,000 件"
    )
    assert embed_job.remaining_text(30) == "1 分未満" and embed_job.remaining_text(3 * 3600) == "3.0 時間"
