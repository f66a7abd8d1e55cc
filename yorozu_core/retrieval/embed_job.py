"""Dense embedding of a saved index version, apart from the ingest that wrote it (ADR 0418).

An ingest writes the BM25 rows at once and keeps the vectors it already has; the rows still
without a vector are embedded afterwards by :func:`embed_version`, which

- writes its progress (done/total, started, ETA) to ``<root>/embedding.json`` as it goes,
- appends every few seconds the vectors it made to ``<root>/embed-cache/`` (text hash → vector),
  so that an interrupted job resumes where it stopped,
- replaces ``<root>/v<N>/dense`` only when every row has its vector, then rewrites
  ``config.json`` so that processes holding the version reload it (hybrid from then on).

``<root>`` is the collection's index folder; one job at a time per collection (a file lock).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np

from yorozu_core.retrieval.dense import DenseIndex, Embedder, Matrix
from yorozu_core.retrieval.hybrid import HybridRetriever

PROGRESS_FILE = "embedding.json"
CACHE_DIR = "embed-cache"
LOCK_FILE = "embedding.lock"
FLUSH_SECONDS = 10.0  # how often the vectors made so far are written to the cache

State = Literal["running", "done", "stopped", "failed"]
Outcome = Literal["done", "busy", "gone", "stopped"]


@dataclass(frozen=True, slots=True)
class Progress:
    """What ``embedding.json`` holds. ``done`` and ``total`` count the rows still to embed when
    the job started; ``started``/``updated`` are UTC ISO timestamps."""

    version: int
    state: State
    done: int
    total: int
    started: str
    updated: str

    def remaining_seconds(self) -> float | None:
        """Time left at the rate of this run so far (None before the first batch)."""
        elapsed = (_parse(self.updated) - _parse(self.started)).total_seconds()
        if self.done <= 0 or elapsed <= 0:
            return None
        return (self.total - self.done) * elapsed / self.done

    def summary(self) -> str:
        """「意味検索の準備中 1,234 / 3,000 件（残り約 4 分）」."""
        left = self.remaining_seconds()
        eta = "" if left is None else f"（残り約 {remaining_text(left)}）"
        return f"意味検索の準備中 {self.done:,} / {self.total:,} 件{eta}"


def remaining_text(seconds: float) -> str:
    if seconds < 60:
        return "1 分未満"
    minutes = round(seconds / 60)
    return f"{minutes} 分" if minutes < 90 else f"{minutes / 60:.1f} 時間"


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_progress(root: Path) -> Progress | None:
    try:
        return Progress(**json.loads((root / PROGRESS_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_progress(root: Path, progress: Progress) -> None:
    _write_atomic(root / PROGRESS_FILE, json.dumps(asdict(progress), ensure_ascii=False))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --- the vector cache: append-only parts, text hash → vector ----------------------------------


def save_cache_part(root: Path, vectors: dict[str, Matrix]) -> None:
    """Append ``vectors`` to the collection's cache (one small file per call)."""
    if not vectors:
        return
    folder = root / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    name = f"{time.time_ns()}-{os.getpid()}"
    tmp = folder / f"{name}.tmp.npz"
    np.savez(tmp, keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]))
    os.replace(tmp, folder / f"{name}.npz")


def load_cache(root: Path) -> dict[str, Matrix]:
    out: dict[str, Matrix] = {}
    for part in sorted((root / CACHE_DIR).glob("*[0-9].npz")):
        try:
            with np.load(part) as data:
                out.update(zip(data["keys"].tolist(), data["vectors"], strict=True))
        except (OSError, ValueError, KeyError):  # a part cut short by a crash: its rows are redone
            continue
    return out


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)


# --- the job --------------------------------------------------------------------------------


def version_dir(root: Path, version: int) -> Path:
    return root / f"v{version}"


def dense_ready(retriever: HybridRetriever) -> bool:
    """Every BM25 row has its vector, in the same order (hybrid search is used)."""
    return retriever.dense is not None and list(retriever.dense.ids) == list(retriever.word.ids)


@contextmanager
def _job_lock(root: Path) -> Iterator[bool]:
    """True when this process holds the collection's job lock (no other job is running)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def job_running(root: Path) -> bool:
    """Whether some process holds the collection's job lock."""
    with _job_lock(root) as mine:
        return not mine


class _Gone(Exception):
    """The version being embedded was replaced by a newer ingest."""


def embed_version(
    root: Path,
    version: int,
    embedder: Embedder,
    *,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Outcome:
    """Give every row of ``root/v<version>`` its vector (see the module docstring). Returns
    ``busy`` when another job holds the collection, ``gone`` when the version was replaced
    (the newer one's job resumes from the cache), ``stopped`` when ``stop()`` said so."""
    with _job_lock(root) as mine:
        if not mine:
            return "busy"
        directory = version_dir(root, version)
        if not (directory / "config.json").exists():
            return "gone"
        return _embed_locked(root, version, directory, embedder, progress, stop or (lambda: False))


def _embed_locked(
    root: Path,
    version: int,
    directory: Path,
    embedder: Embedder,
    progress: Callable[[int, int], None] | None,
    stop: Callable[[], bool],
) -> Outcome:
    retriever = _load(directory, embedder)
    if dense_ready(retriever):
        return "done"
    cache = load_cache(root)
    if retriever.dense is not None:
        cache.update(retriever.dense.vectors_by_key())
    writer = _ProgressWriter(root, version, set(cache), progress)
    fresh = DenseIndex(embedder)
    chunks = [retriever.chunks[i] for i in retriever.word.ids]
    try:
        fresh.add(
            chunks, cache=cache, progress=lambda done, total: writer.step(cache, done, total, directory, stop)
        )
    except _Gone:
        writer.finish(cache, "stopped")
        return "gone"
    except _Stopped:
        writer.finish(cache, "stopped")
        return "stopped"
    except Exception:
        writer.finish(cache, "failed")
        raise
    if not (directory / "config.json").exists():
        writer.finish(cache, "stopped")
        return "gone"
    _install(directory, fresh)
    writer.finish(cache, "done")
    if _latest_version(root) == version:  # nothing newer needs these vectors from the cache
        clear_cache(root)
    return "done"


class _Stopped(Exception):
    """``stop()`` asked the job to end (its vectors so far are kept in the cache)."""


def _load(directory: Path, embedder: Embedder) -> HybridRetriever:
    try:
        return HybridRetriever.load(directory, embedder=embedder)
    except ValueError:  # vectors of another model: all rows are embedded again
        return HybridRetriever.load(directory)


class _ProgressWriter:
    """Writes ``embedding.json`` after every batch and the new vectors every few seconds."""

    def __init__(
        self, root: Path, version: int, saved: set[str], callback: Callable[[int, int], None] | None
    ) -> None:
        self.root, self.version, self.saved, self.callback = root, version, saved, callback
        self.started = _now()
        self.flushed_at = time.monotonic()
        self.done, self.total = 0, 0
        write_progress(root, Progress(version, "running", 0, 0, self.started, self.started))

    def step(
        self, cache: dict[str, Matrix], done: int, total: int, directory: Path, stop: Callable[[], bool]
    ) -> None:
        self.done, self.total = done, total
        write_progress(self.root, Progress(self.version, "running", done, total, self.started, _now()))
        if time.monotonic() - self.flushed_at >= FLUSH_SECONDS:
            self.flush(cache)
        if self.callback is not None:
            self.callback(done, total)
        if not (directory / "config.json").exists():
            raise _Gone
        if stop():
            raise _Stopped

    def flush(self, cache: dict[str, Matrix]) -> None:
        new = {k: v for k, v in cache.items() if k not in self.saved}
        save_cache_part(self.root, new)
        self.saved.update(new)
        self.flushed_at = time.monotonic()

    def finish(self, cache: dict[str, Matrix], state: State) -> None:
        if state != "done":
            self.flush(cache)
        write_progress(self.root, Progress(self.version, state, self.done, self.total, self.started, _now()))


def _install(directory: Path, dense: DenseIndex) -> None:
    """Swap the complete vectors in, then rewrite ``config.json`` (its mtime makes every process
    reload the version, :func:`~yorozu_core.retrieval.hybrid.load_cached`)."""
    new, old, target = directory / "dense.new", directory / "dense.old", directory / "dense"
    shutil.rmtree(new, ignore_errors=True)
    dense.save(new)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
    config = directory / "config.json"
    before = config.stat().st_mtime_ns
    _write_atomic(config, config.read_text(encoding="utf-8"))
    if config.stat().st_mtime_ns <= before:  # file times are coarse: make the change visible
        os.utime(config, ns=(before + 1_000_000, before + 1_000_000))


def _latest_version(root: Path) -> int:
    numbers = [int(p.name[1:]) for p in root.glob("v*") if p.name[1:].isdigit()]
    return max(numbers, default=0)
