"""Okapi BM25 over any tokenizer, with incremental add/remove, source filtering before ranking,
and save/load to a plain directory (docs/adr/0101-own-bm25-over-bm25s.md).

Scores (Robertson & Zaragoza 2009, the Lucene variant of idf that is never negative)::

    idf(t)    = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))
    w(t, d)   = idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 - b + b · |d| / avgdl))
    score(q,d)= Σ_{t ∈ q} qtf(t) · w(t, d)

Per-document term counts are the stored truth; the weight matrix ``W`` (documents × vocabulary,
CSC) is derived from them and rebuilt lazily after a change, so a query is one sparse
column-slice and a matrix-vector product.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from yorozu_core.retrieval.types import Chunk, Hit
from yorozu_core.text.tokenize import Tokenizer

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class BM25Params:
    k1: float = 1.2
    b: float = 0.75


def idf(df: FloatArray, n_docs: int) -> FloatArray:
    """``ln(1 + (N - df + 0.5) / (df + 0.5))`` (non-negative BM25 idf)."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def term_weights(tf: FloatArray, doc_len: FloatArray, avgdl: float, params: BM25Params) -> FloatArray:
    """The tf part of BM25: ``tf · (k1 + 1) / (tf + k1 · (1 - b + b · |d| / avgdl))``."""
    norm = params.k1 * (1.0 - params.b + params.b * doc_len / max(avgdl, 1e-9))
    return tf * (params.k1 + 1.0) / (tf + norm)


def index_text(chunk: Chunk) -> str:
    """What is indexed for a chunk: title, article label and caption prefixed to the text."""
    head = " ".join(
        p for p in (chunk.regulation_title, "附則" if chunk.supplementary else "", chunk.article) if p
    )
    return f"{head} {chunk.article_caption}\n{chunk.text}"


class BM25Index:
    """A sparse BM25 index of chunks; implements :class:`~yorozu_core.retrieval.types.SearchBackend`."""

    def __init__(self, tokenizer: Tokenizer, params: BM25Params | None = None) -> None:
        self.tokenizer = tokenizer
        self.params = params or BM25Params()
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._sources: list[str] = []
        self._counts: list[dict[int, int]] = []
        self._vocab: dict[str, int] = {}
        self._matrix: sparse.csc_matrix | None = None
        self._source_arr: npt.NDArray[np.str_] = np.array([], dtype=str)
        self._df: FloatArray = np.zeros(0)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    def add(self, chunks: list[Chunk]) -> None:
        """Index (or re-index) chunks; an id already present is replaced."""
        self.add_tokens([(c.chunk_id, c.source, self.tokenizer(index_text(c))) for c in chunks])

    def add_tokens(self, docs: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        """Index pre-tokenized ``(chunk_id, source, tokens)`` triples (for token caches)."""
        self.remove([d[0] for d in docs if d[0] in self._row])
        for chunk_id, source, tokens in docs:
            self._row[chunk_id] = len(self._ids)
            self._ids.append(chunk_id)
            self._sources.append(source)
            self._counts.append(self._count(tokens))
        self._matrix = None

    def _count(self, tokens: Sequence[str]) -> dict[int, int]:
        vocab = self._vocab
        return dict(Counter(vocab.setdefault(t, len(vocab)) for t in tokens))

    def remove(self, chunk_ids: list[str]) -> None:
        drop = {self._row[c] for c in chunk_ids if c in self._row}
        if not drop:
            return
        keep = [i for i in range(len(self._ids)) if i not in drop]
        self._ids = [self._ids[i] for i in keep]
        self._sources = [self._sources[i] for i in keep]
        self._counts = [self._counts[i] for i in keep]
        self._row = {c: i for i, c in enumerate(self._ids)}
        self._matrix = None

    def _weights(self) -> sparse.csc_matrix:
        if self._matrix is None:
            self._matrix = self._build()
            self._source_arr = np.array(self._sources, dtype=str)
        return self._matrix

    def _build(self) -> sparse.csc_matrix:
        n, v = len(self._counts), len(self._vocab)
        lengths = np.fromiter((sum(c.values()) for c in self._counts), dtype=np.float64, count=n)
        rows = np.repeat(np.arange(n), [len(c) for c in self._counts])
        cols = np.fromiter((t for c in self._counts for t in c), dtype=np.int64, count=len(rows))
        tf = np.fromiter((x for c in self._counts for x in c.values()), dtype=np.float64, count=len(rows))
        df = np.bincount(cols, minlength=v).astype(np.float64)
        self._df = df / max(n, 1)
        w = (
            term_weights(tf, lengths[rows], float(lengths.mean()) if n else 0.0, self.params)
            * idf(df, n)[cols]
        )
        return sparse.csc_matrix((w, (rows, cols)), shape=(n, v))

    def nbytes(self) -> int:
        """Bytes held by the derived weight matrix."""
        m = self._weights()
        return int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes)

    def document_frequency(self, term: str) -> float:
        """Share of documents containing ``term``; an unknown term counts as rare as a term in
        one document (``1 / N``), so it weighs like the rarest known term, not infinitely."""
        self._weights()
        i = self._vocab.get(term)
        known = float(self._df[i]) if i is not None and i < self._df.size else 0.0
        return max(known, 1.0 / max(len(self._ids), 1))

    def score_tokens(self, tokens: Sequence[str], weights: Sequence[float] | None = None) -> FloatArray:
        """BM25 score of every document for the query terms (``qtf`` summed over repeats)."""
        matrix = self._weights()
        q: dict[int, float] = {}
        for i, t in enumerate(tokens):
            col = self._vocab.get(t)
            if col is not None and col < matrix.shape[1]:
                q[col] = q.get(col, 0.0) + (1.0 if weights is None else weights[i])
        if not q:
            return np.zeros(matrix.shape[0])
        # Σ_t qtf(t) · W[:, t], read straight from the CSC arrays (scipy's fancy indexing spends
        # more time validating the column list than adding ~50 sparse columns)
        scores = np.zeros(matrix.shape[0])
        indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
        for col, weight in q.items():
            start, end = indptr[col], indptr[col + 1]
            scores[indices[start:end]] += weight * data[start:end]
        return scores

    def matched_share(self, tokens: Sequence[str], chunk_ids: Sequence[str]) -> list[float]:
        """For each chunk, the idf-weighted share of the distinct ``tokens`` it holds
        (``w(t) = -ln df(t)``; a term unknown to the index weighs as one in a single document):
        read from the index's counts, no text is tokenized again."""
        distinct = set(tokens)
        if not distinct:
            return [0.0] * len(chunk_ids)
        floor = 1.0 / max(len(self._ids), 1)
        columns = [self._vocab.get(t) for t in distinct]
        weights = [-math.log(min(max(self.document_frequency(t), floor), 0.999)) for t in distinct]
        total = sum(weights)
        shares = []
        for chunk_id in chunk_ids:
            counts = self._counts[self._row[chunk_id]]
            held = sum(
                w for col, w in zip(columns, weights, strict=True) if col is not None and col in counts
            )
            shares.append(held / total)
        return shares

    def allowed_mask(self, allowed_sources: frozenset[str] | None) -> npt.NDArray[np.bool_] | None:
        """Rows a user may see; applied before ranking, never after."""
        self._weights()
        if allowed_sources is None:
            return None
        return np.isin(self._source_arr, list(allowed_sources))

    def search(self, query: str, *, k: int, allowed_sources: frozenset[str] | None = None) -> list[Hit]:
        return self.search_tokens(self.tokenizer(query), k=k, allowed_sources=allowed_sources)

    def search_tokens(
        self,
        tokens: Sequence[str],
        *,
        k: int,
        allowed_sources: frozenset[str] | None = None,
        weights: Sequence[float] | None = None,
    ) -> list[Hit]:
        scores = self.score_tokens(tokens, weights)
        mask = self.allowed_mask(allowed_sources)
        return top_k(self._ids, scores, k, mask)

    def save(self, directory: Path) -> None:
        """Write ``meta.json`` (ids, sources, params, vocabulary) and ``counts.npz``."""
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "tokenizer": repr(self.tokenizer),
            "params": {"k1": self.params.k1, "b": self.params.b},
            "ids": self._ids,
            "sources": self._sources,
            "vocab": list(self._vocab),
        }
        (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        lengths = np.array([len(c) for c in self._counts], dtype=np.int64)
        terms = np.fromiter((t for c in self._counts for t in c), dtype=np.int64, count=int(lengths.sum()))
        tfs = np.fromiter(
            (x for c in self._counts for x in c.values()), dtype=np.int64, count=int(lengths.sum())
        )
        np.savez_compressed(directory / "counts.npz", lengths=lengths, terms=terms, tfs=tfs)

    @classmethod
    def load(cls, directory: Path, tokenizer: Tokenizer) -> BM25Index:
        """Read what :meth:`save` wrote; the tokenizer must be the one the index was built with."""
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta["tokenizer"] != repr(tokenizer):
            raise ValueError(f"index built with {meta['tokenizer']}, not {tokenizer!r}")
        index = cls(tokenizer, BM25Params(**meta["params"]))
        data = np.load(directory / "counts.npz")
        bounds = np.concatenate([[0], np.cumsum(data["lengths"])])
        terms, tfs = data["terms"].tolist(), data["tfs"].tolist()
        index._ids = list(meta["ids"])
        index._sources = list(meta["sources"])
        index._row = {c: i for i, c in enumerate(index._ids)}
        index._vocab = {t: i for i, t in enumerate(meta["vocab"])}
        index._counts = [
            dict(zip(terms[a:b], tfs[a:b], strict=True)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)
        ]
        return index


def top_k(
    ids: Sequence[str], scores: FloatArray, k: int, mask: npt.NDArray[np.bool_] | None = None
) -> list[Hit]:
    """The k best positive-scoring rows (masked rows excluded before selection)."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    positive = np.flatnonzero(scores > 0)
    if positive.size > k:
        positive = positive[np.argpartition(-scores[positive], k - 1)[:k]]
    order = positive[np.argsort(-scores[positive], kind="stable")]
    return [Hit(ids[i], float(scores[i])) for i in order]


def rank_rows(scores: FloatArray, keep: npt.NDArray[np.bool_], k: int) -> npt.NDArray[np.intp]:
    """Indices of the k best rows among ``keep`` by score, best first (any sign)."""
    rows = np.flatnonzero(keep)
    if rows.size > k:
        rows = rows[np.argpartition(-scores[rows], k - 1)[:k]]
    return rows[np.argsort(-scores[rows], kind="stable")]
