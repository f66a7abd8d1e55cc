"""The embedded search backend: query analysis → (explicit references) + BM25 over Sudachi
morphemes + BM25 over character bigrams (+ dense) → reciprocal rank fusion.

Access control is applied before ranking: every component ranks only the allowed sources.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from yorozu_core.retrieval.answer import query_coverage
from yorozu_core.retrieval.bm25 import BM25Index, BM25Params, FloatArray, rank_rows
from yorozu_core.retrieval.dense import DenseIndex, Embedder
from yorozu_core.retrieval.extract import SUPPLEMENTARY_WORDS, answer_tier, asked
from yorozu_core.retrieval.fusion import reciprocal_rank_fusion, standardized
from yorozu_core.retrieval.notfound import EVIDENCE_THRESHOLD, meaning_shift, relative_margin
from yorozu_core.retrieval.references import ReferenceResolver
from yorozu_core.retrieval.rerank import RERANK_DEPTH, RerankSignals, rerank_order, weights_for
from yorozu_core.retrieval.types import Chunk, Hit
from yorozu_core.text.expansion import CollectionLexicon
from yorozu_core.text.lexicon import coverage
from yorozu_core.text.query import AnalyzedQuery, analyze_query
from yorozu_core.text.synonyms import COLLOQUIAL
from yorozu_core.text.tokenize import CharNgramTokenizer, SudachiTokenizer, Tokenizer, prepare


@dataclass(frozen=True, slots=True)
class HybridConfig:
    """Knobs of the fusion; defaults measured in docs/retrieval.md."""

    depth: int = 100  # candidates taken from each ranker
    rrf_k: int = 60
    word_weight: float = 1.0
    bigram_weight: float = 1.0
    dense_weight: float = 1.0
    # e5 costs ~0.5 ms per token on 2 cores; the head of a long question keeps p95 under 80 ms
    dense_query_chars: int = 128
    # …and at most this many model tokens of question + expansions (ADR 0417); 0 = no limit
    dense_query_tokens: int = 48
    expansion_weight: float = 1.0  # query-term weight of colloquial expansions (original = 1)
    references: bool = True  # rank explicitly cited articles first
    fusion: Literal["zscore", "rrf"] = "zscore"  # CombSUM of standardized scores, or RRF
    # k1 = 0.9, b = 0.5 (the Anserini defaults) beat 1.2/0.75 on all three sets: long articles
    # such as 規則15-14 第二十二条 are penalized less (docs/retrieval.md)
    bm25: BM25Params = field(default_factory=lambda: BM25Params(k1=0.9, b=0.5))
    # 附則 (mostly amending acts' 施行日 and 経過措置) rank below the main provisions unless the
    # question asks about them (ADR 0413); in z-score units (RRF: the score is multiplied by 1/(1+x))
    supplementary_penalty: float = 1.0
    # the best dense hit outside the fused top 5 takes the last of these slots (ADR 0413)
    dense_slots: int = 1
    # expand question words to the collection's words of the same SudachiDict synonym group or
    # reading (ADR 0415)
    lexicon_expansion: bool = True
    # query-term weight of the lexicon's words (original = 1): 0.5 keeps JSQuAD hybrid R@1 at 0.930
    # (1.0: 0.929) and lifts colloquial R@1 0.346 → 0.372 (ADR 0415)
    lexicon_weight: float = 0.5
    # a question that names its employer (市の職員, 町役場, 地方公務員) ranks the other level of
    # government's civil-service rules this much lower, in z-score units (ADR 0415)
    scope_penalty: float = 4.0
    # read the head of the fused ranking again with the fitted linear model of retrieval/rerank.py
    # (z-score fusion only; ADR 0423)
    rerank: bool = True


# evidence = max(coverage, OVERLAP_SCALE × word overlap): "coverage ≥ 0.55 or three quarters of the
# question's (or its expansion's) words in the chunk" — the rule of highest balanced accuracy on the
# dev sets (benchmarks/regqa_answers.py, ADR 0412; the decision itself: retrieval/notfound.py)
OVERLAP_SCALE = EVIDENCE_THRESHOLD / 0.75
# who the asker works for, when the question says so, and which level of government a regulation
# belongs to (by its title); laws for every employer (労働基準法) belong to neither
LOCAL_ASKER = re.compile(r"[都道府県市区町村](?:の)?職員|市役所|区役所|役場|自治体|地方公務員|条例")
NATIONAL_ASKER = re.compile(r"国家公務員|人事院|各省各庁|国の職員")
LOCAL_TITLE = re.compile(r"地方|条例|[市町村]")
NATIONAL_TITLE = re.compile(r"国家公務員|人事院規則|一般職の職員|国家")


# a z-score fusion's per-row lexical part (BM25 columns, penalties) and meaning part (dense; None
# without vectors), aligned with the index rows
Parts = tuple[FloatArray, FloatArray | None]


def ranked_scores(hits: Sequence[Hit]) -> list[float]:
    """The fused scores of ``hits`` from the highest, without the dense-only slots (whose scores
    are on another scale): what the ranking's margin is read from. Sorted, because the reranker
    (ADR 0423) may put a lower fused score first: the margin stays fusion's."""
    return sorted((h.score for h in hits if "dense-slot" not in h.reasons), reverse=True)


class HybridRetriever:
    """Implements :class:`~yorozu_core.retrieval.types.SearchBackend`."""

    def __init__(
        self,
        config: HybridConfig | None = None,
        *,
        embedder: Embedder | None = None,
        word_tokenizer: Tokenizer | None = None,
        bigram_tokenizer: Tokenizer | None = None,
    ) -> None:
        self.config = config or HybridConfig()
        self.word = BM25Index(word_tokenizer or SudachiTokenizer("B"), self.config.bm25)
        self.bigram = BM25Index(bigram_tokenizer or CharNgramTokenizer(2), self.config.bm25)
        self.dense = DenseIndex(embedder) if embedder else None
        self.resolver = ReferenceResolver()
        self.chunks: dict[str, Chunk] = {}
        self.lexicon = CollectionLexicon()
        self._suppl: tuple[int, npt.NDArray[np.bool_]] | None = None
        self._titles: dict[str, tuple[int, npt.NDArray[np.bool_]]] = {}
        self._last_analyzed: tuple[object, AnalyzedQuery] | None = None
        self._last_dense: tuple[str, FloatArray] | None = None
        self._row_of: tuple[int, dict[str, int]] | None = None

    def add(self, chunks: list[Chunk], progress: Callable[[int, int], None] | None = None) -> None:
        """Index chunks; ``progress(done, total)`` reports the dense embedding, the slow part."""
        self.word.add(chunks)
        self.bigram.add(chunks)
        if self.dense is not None:
            self.dense.add(chunks, progress=progress)
        self.resolver.add(chunks)
        for c in chunks:
            if c.chunk_id in self.chunks:
                self.lexicon.remove(_lexicon_text(self.chunks[c.chunk_id]))
            self.lexicon.add(_lexicon_text(c))
        self.chunks.update((c.chunk_id, c) for c in chunks)
        self._suppl, self._last_dense, self._titles, self._last_analyzed = None, None, {}, None
        self._row_of = None

    def remove(self, chunk_ids: list[str]) -> None:
        self.word.remove(chunk_ids)
        self.bigram.remove(chunk_ids)
        if self.dense is not None:
            self.dense.remove(chunk_ids)
        self.resolver.remove(set(chunk_ids))
        for c in chunk_ids:
            removed = self.chunks.pop(c, None)
            if removed is not None:
                self.lexicon.remove(_lexicon_text(removed))
        self._suppl, self._last_dense, self._titles, self._last_analyzed = None, None, {}, None
        self._row_of = None

    def search(
        self,
        query: str,
        *,
        k: int,
        allowed_sources: frozenset[str] | None = None,
        extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    ) -> list[Hit]:
        """``extra_synonyms``: a collection's own question word → regulation words (expansion)."""
        analyzed = self.analyze(query, extra_synonyms)
        fused, parts = self._fused(analyzed, allowed_sources)
        # a question about the 附則 keeps fusion's order: the reranker was fitted on questions about
        # main provisions (7 of its 451 development questions have a 附則 as gold)
        if self.config.rerank and parts is not None and not SUPPLEMENTARY_WORDS.search(analyzed.original):
            fused = self._rerank(analyzed, fused, parts)
        if self.config.references:
            fused = self._references_first(analyzed.original, fused, allowed_sources)
        return fused[:k]

    def analyze(
        self, query: str, extra_synonyms: Mapping[str, tuple[str, ...]] | None = None
    ) -> AnalyzedQuery:
        """The question as this collection searches it (its lexicon's expansions included); the
        last one is kept, since the evidence of every quoted passage asks again."""
        key = (query, tuple(sorted((k, tuple(v)) for k, v in (extra_synonyms or {}).items())))
        if self._last_analyzed is None or self._last_analyzed[0] != key:
            related = self.lexicon.related if self.config.lexicon_expansion else None
            self._last_analyzed = (key, analyze_query(query, extra_synonyms, related))
        return self._last_analyzed[1]

    def rerank_candidates(
        self,
        query: str,
        *,
        allowed_sources: frozenset[str] | None = None,
        extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    ) -> tuple[list[Hit], list[RerankSignals]]:
        """The head of the fused ranking (dense slot included) and what the reranker reads of
        each hit (none with RRF): what benchmarks/regqa_rerank_fit.py fits the weights on."""
        analyzed = self.analyze(query, extra_synonyms)
        fused, parts = self._fused(analyzed, allowed_sources)
        head = fused[:RERANK_DEPTH]
        return head, (self.rerank_signals(analyzed, head, parts) if parts is not None else [])

    def _fused(self, q: AnalyzedQuery, allowed: frozenset[str] | None) -> tuple[list[Hit], Parts | None]:
        """Fusion's ranking with the dense slot, and fusion's parts (see :meth:`_fuse`)."""
        fused, parts = self._fuse(q, allowed)
        if self.config.dense_slots and self._dense_usable():
            fused = self._reserve_dense_slots(q, fused, allowed)
        return fused, parts

    def _dense_usable(self) -> bool:
        return (
            self.dense is not None
            and self.config.dense_weight > 0
            and list(self.dense.ids) == list(self.word.ids)
        )

    def _reserve_dense_slots(
        self, q: AnalyzedQuery, fused: list[Hit], allowed: frozenset[str] | None, top: int = 5
    ) -> list[Hit]:
        """Put the best dense hits that fusion left outside the top ``top`` into its last
        ``dense_slots`` places: dense alone finds articles that share no word with the question."""
        assert self.dense is not None
        scores = self._dense_scores(q)
        mask = self.word.allowed_mask(allowed)
        keep = np.ones(scores.size, dtype=bool) if mask is None else mask
        keep &= ~self._supplementary_mask()
        head = {h.chunk_id for h in fused[: top - self.config.dense_slots]}
        ids = self.word.ids
        extra = [
            Hit(ids[i], float(scores[i]), ("dense-slot",))
            for i in rank_rows(scores, keep, top)
            if ids[i] not in head
        ][: self.config.dense_slots]
        chosen = {h.chunk_id for h in extra}
        rest = [h for h in fused if h.chunk_id not in chosen]
        cut = top - len(extra)
        return rest[:cut] + extra + rest[cut:]

    def _dense_scores(self, q: AnalyzedQuery) -> FloatArray:
        assert self.dense is not None
        # the model relates synonyms itself: it reads the listed expansions (a city's own words),
        # not the lexicon's group-mates (they cost JSQuAD R@1 0.930 → 0.929, ADR 0415)
        text = " ".join([q.original[: self.config.dense_query_chars], *q.listed])
        cached = self._last_dense
        if cached is not None and cached[0] == text:
            return cached[1]
        scores = self.dense.scores(text, max_tokens=self.config.dense_query_tokens)
        self._last_dense = (text, scores)
        return scores

    def similarity(
        self,
        query: str,
        chunk_ids: Sequence[str],
        extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    ) -> float | None:
        """The best cosine between the question (as :meth:`search` embeds it) and the given rows;
        None without usable vectors."""
        if not chunk_ids or not self._dense_usable():
            return None
        scores = self._dense_scores(self.analyze(query, extra_synonyms))
        rows = self._rows()
        found = [float(scores[rows[c]]) for c in chunk_ids if c in rows]
        return max(found) if found else None

    def meaning_shift(
        self,
        query: str,
        chunk_ids: Sequence[str],
        extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
        scores: Sequence[float] = (),
    ) -> float:
        """What the dense model's similarity, and the margin of the ranked ``scores`` (dense-slot
        hits left out), add to the not-found evidence (ADR 0420, 0421); 0 without vectors or for a
        model that is not calibrated."""
        similarity = self.similarity(query, chunk_ids, extra_synonyms)
        model = self.dense.embedder.name if self.dense is not None else None
        return meaning_shift(model, similarity, relative_margin(scores))

    def _rows(self) -> dict[str, int]:
        """chunk id → index row (rebuilt when the rows change)."""
        ids = self.word.ids
        if self._row_of is None or self._row_of[0] != len(ids):
            self._row_of = (len(ids), {c: i for i, c in enumerate(ids)})
        return self._row_of[1]

    def _supplementary_mask(self) -> npt.NDArray[np.bool_]:
        """Rows that are 附則, aligned with the index rows (rebuilt when the rows change)."""
        ids = self.word.ids
        if self._suppl is None or self._suppl[0] != len(ids):
            self._suppl = (len(ids), np.array([self.chunks[i].supplementary for i in ids], dtype=bool))
        return self._suppl[1]

    def _sparse_scores(self, index: BM25Index, q: AnalyzedQuery) -> FloatArray:
        base = index.tokenizer(q.search_text)
        listed = index.tokenizer(" ".join(q.listed)) if q.listed else []
        related = [w for w in q.expansions if w not in q.listed]
        lexicon = index.tokenizer(" ".join(related)) if related else []
        weights = (
            [1.0] * len(base)
            + [self.config.expansion_weight] * len(listed)
            + [self.config.lexicon_weight] * len(lexicon)
        )
        return index.score_tokens(base + listed + lexicon, weights)

    def _columns(self, q: AnalyzedQuery) -> list[tuple[str, float, FloatArray]]:
        """Every ranker's score for every row (rows are aligned: all indexes see the same
        add/remove sequence)."""
        cfg = self.config
        cols = [
            ("word", cfg.word_weight, self._sparse_scores(self.word, q)),
            ("bigram", cfg.bigram_weight, self._sparse_scores(self.bigram, q)),
        ]
        if self._dense_usable():
            # the model reads the question as asked (plus expansions), not the stripped form
            cols.append(("dense", cfg.dense_weight, self._dense_scores(q)))
        return cols

    def _fuse(self, q: AnalyzedQuery, allowed: frozenset[str] | None) -> tuple[list[Hit], Parts | None]:
        """Rank the allowed rows only; unmatched rows (no query term, no meaning) never rank.
        With z-score fusion, also every row's lexical and meaning parts (for the reranker)."""
        mask = self.word.allowed_mask(allowed)
        cols = self._columns(q)
        matched = (cols[0][2] > 0) | (cols[1][2] > 0)
        keep = matched if mask is None else matched & mask
        if self.config.fusion == "zscore":
            return self._zscore_fused(q, cols, np.flatnonzero(keep))
        return self._rrf_fused(q, cols, keep), None

    def _zscore_fused(
        self, q: AnalyzedQuery, cols: list[tuple[str, float, FloatArray]], rows: npt.NDArray[np.intp]
    ) -> tuple[list[Hit], Parts | None]:
        """CombSUM of z-scores (:func:`~yorozu_core.retrieval.fusion.standardized`) over the
        candidate ``rows``, with the 附則 and other-level penalties, kept in its two parts."""
        if not rows.size:
            return [], None
        z = [w * standardized(c, rows) for _, w, c in cols]
        lexical = z[0] + z[1] - self._penalty(q) * self._supplementary_mask()
        lexical = lexical - self.config.scope_penalty * self._other_level_mask(q)
        meaning = z[2] if len(z) > 2 else None
        fused = (lexical if meaning is None else lexical + meaning)[rows]
        order = np.argsort(-fused, kind="stable")[: self.config.depth]
        ids = self.word.ids
        return [Hit(ids[rows[i]], float(fused[i]), ("zscore",)) for i in order], (lexical, meaning)

    def _rrf_fused(
        self, q: AnalyzedQuery, cols: list[tuple[str, float, FloatArray]], keep: npt.NDArray[np.bool_]
    ) -> list[Hit]:
        """Reciprocal rank fusion of the columns' rankings; a 附則's score shrinks by the penalty."""
        cfg, ids = self.config, self.word.ids
        runs = [
            [
                Hit(ids[i], float(c[i]))
                for i in rank_rows(c, keep & (c > 0) if n != "dense" else keep, cfg.depth)
            ]
            for n, _, c in cols
        ]
        hits = reciprocal_rank_fusion(
            runs, weights=[w for _, w, _ in cols], k=cfg.rrf_k, names=[n for n, _, _ in cols]
        )
        factor = 1.0 / (1.0 + self._penalty(q))
        scaled = (
            Hit(h.chunk_id, h.score * (factor if self.chunks[h.chunk_id].supplementary else 1.0), h.reasons)
            for h in hits
        )
        return sorted(scaled, key=lambda h: -h.score)

    def _rerank(self, q: AnalyzedQuery, fused: list[Hit], parts: Parts) -> list[Hit]:
        """The first :data:`RERANK_DEPTH` hits in the order of the fitted reranker (ADR 0423);
        scores stay fusion's."""
        head, tail = fused[:RERANK_DEPTH], fused[RERANK_DEPTH:]
        model = self.dense.embedder.name if self.dense is not None and parts[1] is not None else None
        weights = weights_for(model)
        order = rerank_order(self.rerank_signals(q, head, parts), weights)
        return [head[i] for i in order] + tail

    def rerank_signals(self, q: AnalyzedQuery, hits: Sequence[Hit], parts: Parts) -> list[RerankSignals]:
        """What the reranker reads of each hit (retrieval/rerank.py); public for the fit
        (benchmarks/regqa_rerank_fit.py)."""
        rows = self._rows()
        ids = [h.chunk_id for h in hits]
        chunks = [self.chunks[i] for i in ids]
        lexical = [float(parts[0][rows[i]]) for i in ids]
        senses = self._senses(parts[1], ids, chunks)
        tokens = self.word.tokenizer(q.search_text)
        if q.expansions:
            tokens += self.word.tokenizer(q.expansion_text)
        words = self.word.matched_share(tokens, ids)
        kinds = asked(q.original)
        return [
            RerankSignals(
                lexical=lexical[n],
                meaning=senses[n],
                rank=n + 1,
                words=words[n],
                answer_kind=bool(kinds) and answer_tier(q.original, chunks[n].text, within_article=False) > 0,
            )
            for n in range(len(ids))
        ]

    def _senses(self, meaning: FloatArray | None, ids: Sequence[str], chunks: Sequence[Chunk]) -> list[float]:
        """The meaning part of each hit; 附則 carry no vector: they read as the head's average."""
        if meaning is None:
            return [0.0] * len(ids)
        rows = self._rows()
        own = [float(meaning[rows[i]]) for i in ids]
        with_vector = [m for m, c in zip(own, chunks, strict=True) if not c.supplementary]
        average = sum(with_vector) / len(with_vector) if with_vector else 0.0
        return [average if c.supplementary else m for m, c in zip(own, chunks, strict=True)]

    def _other_level_mask(self, q: AnalyzedQuery) -> npt.NDArray[np.bool_]:
        """Rows of the other level of government than the one the question names (none when it
        names neither or both)."""
        local, national = LOCAL_ASKER.search(q.original), NATIONAL_ASKER.search(q.original)
        if bool(local) == bool(national):
            return np.zeros(len(self.word.ids), dtype=bool)
        return self._title_mask(NATIONAL_TITLE if local else LOCAL_TITLE)

    def _title_mask(self, pattern: re.Pattern[str]) -> npt.NDArray[np.bool_]:
        """Rows whose regulation title matches ``pattern`` (rebuilt when the rows change)."""
        ids = self.word.ids
        cached = self._titles.get(pattern.pattern)
        if cached is None or cached[0] != len(ids):
            mask = np.array([bool(pattern.search(self.chunks[i].regulation_title)) for i in ids], dtype=bool)
            cached = self._titles[pattern.pattern] = (len(ids), mask)
        return cached[1]

    def _penalty(self, q: AnalyzedQuery) -> float:
        """No penalty when the question is about 附則 themselves (施行日, 経過措置)."""
        return 0.0 if SUPPLEMENTARY_WORDS.search(q.original) else self.config.supplementary_penalty

    def relevance(self, query: str, chunk: Chunk) -> float:
        """How well ``chunk`` covers the question or its colloquial expansion: the larger
        idf-weighted bigram coverage (:func:`~yorozu_core.retrieval.answer.query_coverage`)."""
        q = self.analyze(query)
        text = f"{chunk.regulation_title}{chunk.article_caption}{prepare(chunk.text)}"
        df = self.bigram.document_frequency
        return max(
            query_coverage(q.text, text, df),
            query_coverage(q.expansion_text, text, df) if q.expansions else 0.0,
        )

    def evidence(
        self, query: str, chunk: Chunk, extra_synonyms: Mapping[str, tuple[str, ...]] | None = None
    ) -> float:
        """How much of the question the chunk answers: the idf-weighted share of the question's
        content words it holds directly, by reading or through a synonym
        (:func:`yorozu_core.text.lexicon.coverage`); the not-found decision (ADR 0412)."""
        text = f"{chunk.regulation_title}{chunk.article_caption}{chunk.text}"
        # a colloquial entry stands for the question word it replaces (年休 → 年次休暇), never
        # for the whole question: generic keys (何日 → 日数) must not make anything relevant
        vocabulary = {**COLLOQUIAL, **(extra_synonyms or {})}
        general = coverage(query, text, df=self.word.document_frequency, extra_synonyms=vocabulary)
        return max(general, OVERLAP_SCALE * self.word_overlap(query, chunk, extra_synonyms))

    def word_overlap(
        self, query: str, chunk: Chunk, extra_synonyms: Mapping[str, tuple[str, ...]] | None = None
    ) -> float:
        """The larger share of the question's words, or of its colloquial expansion's words
        (Sudachi normalized forms), that occur in the chunk (ADR 0406's measure)."""
        q = self.analyze(query, extra_synonyms)
        target = set(
            self.word.tokenizer(" ".join((chunk.regulation_title, chunk.article_caption, chunk.text)))
        )
        best = 0.0
        for part in (q.text, q.expansion_text):
            words = set(self.word.tokenizer(part))
            if words:
                best = max(best, len(words & target) / len(words))
        return best

    def _references_first(self, query: str, fused: list[Hit], allowed: frozenset[str] | None) -> list[Hit]:
        rank = {h.chunk_id: i for i, h in enumerate(fused)}
        source_rank: dict[str, int] = {}
        for i, h in enumerate(fused):
            source_rank.setdefault(self.chunks[h.chunk_id].source, i)
        cited: list[Hit] = []
        top = fused[0].score if fused else 1.0
        for ref, chunks in self.resolver.resolve(query, allowed):
            # an unnamed law (「第十三条の二」 alone): the article in the best-ranked source first
            for c in sorted(
                chunks, key=lambda c: (source_rank.get(c.source, 10**9), rank.get(c.chunk_id, 10**9))
            ):
                if all(h.chunk_id != c.chunk_id for h in cited):
                    cited.append(Hit(c.chunk_id, top + 1.0, ("reference", ref.article)))
                if ref.sources is None:
                    break
        seen = {h.chunk_id for h in cited}
        return cited + [h for h in fused if h.chunk_id not in seen]

    # --- persistence ------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """One plain directory per collection: chunks.jsonl, word/, bigram/, dense/, config.json."""
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / "chunks.jsonl").open("w", encoding="utf-8") as f:
            for c in self.chunks.values():
                f.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
        self.word.save(directory / "word")
        self.bigram.save(directory / "bigram")
        if self.dense is not None:
            self.dense.save(directory / "dense")
        elif (directory / "dense").exists():  # stale vectors would no longer match the rows
            shutil.rmtree(directory / "dense")
        (directory / "lexicon.json").write_text(
            json.dumps(self.lexicon.to_json(), ensure_ascii=False), encoding="utf-8"
        )
        (directory / "config.json").write_text(json.dumps(asdict(self.config)), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, *, embedder: Embedder | None = None) -> HybridRetriever:
        raw = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        config = HybridConfig(**{**raw, "bm25": BM25Params(**raw["bm25"])})
        self = cls(config)
        self.word = BM25Index.load(directory / "word", self.word.tokenizer)
        self.bigram = BM25Index.load(directory / "bigram", self.bigram.tokenizer)
        if embedder is not None and (directory / "dense").exists():
            self.dense = DenseIndex.load(directory / "dense", embedder)
        with (directory / "chunks.jsonl").open(encoding="utf-8") as f:
            chunks = [_chunk_from_json(json.loads(line)) for line in f if line.strip()]
        self.chunks = {c.chunk_id: c for c in chunks}
        self.resolver.add(chunks)
        lexicon_file = directory / "lexicon.json"
        if lexicon_file.exists():
            self.lexicon = CollectionLexicon.from_json(json.loads(lexicon_file.read_text(encoding="utf-8")))
        else:  # an index written before ADR 0415
            self.lexicon = CollectionLexicon.build(_lexicon_text(c) for c in chunks)
        return self

    def memory_bytes(self) -> int:
        """Approximate size of the numeric index structures (weights + vectors)."""
        return (
            self.word.nbytes() + self.bigram.nbytes() + (self.dense.nbytes() if self.dense is not None else 0)
        )


def _lexicon_text(chunk: Chunk) -> str:
    return f"{chunk.regulation_title}\n{chunk.article_caption}\n{chunk.text}"


def _chunk_from_json(obj: dict[str, object]) -> Chunk:
    obj = dict(obj)
    obj["chapter_path"] = tuple(obj["chapter_path"])  # type: ignore[arg-type]
    return Chunk(**obj)  # type: ignore[arg-type]


_CACHE: dict[Path, tuple[float, HybridRetriever]] = {}
_CACHE_LOCK = threading.Lock()


def load_cached(directory: Path, *, embedder: Embedder | None = None) -> HybridRetriever:
    """Load a collection once per process; reloaded when its ``config.json`` changes on disk."""
    directory = directory.resolve()
    stamp = (directory / "config.json").stat().st_mtime
    with _CACHE_LOCK:
        cached = _CACHE.get(directory)
        if cached is None or cached[0] != stamp:
            cached = (stamp, HybridRetriever.load(directory, embedder=embedder))
            _CACHE[directory] = cached
        return cached[1]


def forget_cached(directory: Path) -> None:
    with _CACHE_LOCK:
        _CACHE.pop(directory.resolve(), None)
