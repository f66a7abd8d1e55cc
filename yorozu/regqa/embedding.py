"""Dense embedding after an ingest, off the web request (ADR 0418).

An ingest commits the BM25 rows (search works at once, BM25 only); :func:`start` then runs
:func:`~yorozu_core.retrieval.embed_job.embed_version` in a daemon thread of the web process, and
``yorozu regqa embed`` runs it in the foreground with a progress bar (the CLI ingest does so).
The job writes ``embedding.json`` in the collection's index folder; :func:`status` reads it for the
collection page. A job cut short (a restarted worker) is started again by :func:`status` and
resumes from the vectors it had cached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from yorozu.regqa import index
from yorozu.regqa.models import Collection
from yorozu_core.retrieval.embed_job import (
    Outcome,
    Progress,
    dense_ready,
    embed_version,
    job_running,
    read_progress,
)

logger = logging.getLogger("yorozu.regqa")

_THREADS: dict[tuple[str, int], threading.Thread] = {}
_WANTED: dict[tuple[str, int], int] = {}  # the newest version each collection's thread should embed
_THREADS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Status:
    """What the collection page shows while the vectors are being made."""

    progress: Progress | None  # None: the job is about to start

    @property
    def text(self) -> str:
        if self.progress is None or self.progress.total == 0:
            return "意味検索の準備を始めています"
        return self.progress.summary()


def run(collection_id: int, version: int, progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Embed the rows of ``version`` that have no vector yet, in this thread."""
    dense = index.embedder()
    if dense is None:
        return "done"
    outcome = embed_version(index.collection_root(collection_id), version, dense, progress=progress)
    logger.info("regqa: embedding of collection %s v%s: %s", collection_id, version, outcome)
    return outcome


def start(collection_id: int, version: int) -> threading.Thread | None:
    """Embed ``version`` in a daemon thread: one thread per collection in this process, which
    moves on to the newest version asked for when its run ends (a newer ingest stops the run of
    the version it replaced). None when a thread was already there or dense retrieval is off."""
    if index.embedder() is None:
        return None
    key = (str(settings.DATA_DIR), collection_id)
    with _THREADS_LOCK:
        _WANTED[key] = max(version, _WANTED.get(key, 0))
        running = _THREADS.get(key)
        if running is not None and running.is_alive():
            return None
        thread = threading.Thread(
            target=_work, args=(key, collection_id), name=f"regqa-embed-{collection_id}", daemon=True
        )
        _THREADS[key] = thread
        thread.start()
        return thread


BUSY_RETRIES = 30  # a job of another process holds the collection: wait for it a minute


def _work(key: tuple[str, int], collection_id: int) -> None:
    finished = 0
    while True:
        with _THREADS_LOCK:
            version = _WANTED.get(key, 0)
            if version <= finished:
                _THREADS.pop(key, None)
                return
        try:
            for _ in range(BUSY_RETRIES):
                if run(collection_id, version) != "busy":
                    break
                time.sleep(2)
        except Exception:  # a thread has no caller: log, the next page view starts it again
            logger.exception("regqa: embedding of collection %s v%s failed", collection_id, version)
        finished = version


def status(collection: Collection) -> Status | None:
    """None when search is hybrid (or dense retrieval is off); else the progress of the job,
    which is started here when no job is running (a web worker restarted mid-way)."""
    if index.embedder() is None or collection.index_version <= 0:
        return None
    retriever = index.load(collection.pk, collection.index_version)
    if retriever is None or dense_ready(retriever):
        return None
    root = index.collection_root(collection.pk)
    if not job_running(root):
        start(collection.pk, collection.index_version)
    progress = read_progress(root)
    if progress is None or progress.version != collection.index_version or progress.state != "running":
        return Status(None)
    return Status(progress)


def wait(timeout: float | None = None) -> None:
    """Wait for this process's embedding threads (tests, shutdown)."""
    while True:
        with _THREADS_LOCK:
            threads = [t for t in _THREADS.values() if t.is_alive()]
        if not threads:
            return
        for thread in threads:
            thread.join(timeout)
        if timeout is not None:
            return
