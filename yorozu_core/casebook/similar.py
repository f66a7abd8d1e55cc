"""Similar-case retrieval: which 事例 fit a new 相談票, and why (shared terms, theme, tool).

Each 事例 is indexed once as terms (title, 概要, 課題, 解決の手法, tools, theme label) with the
retrieval core's SudachiPy tokenizer; a query is ranked with Okapi BM25
(:class:`yorozu_core.retrieval.bm25.BM25Index`). The settings were chosen on the development questions
only; the holdout questions were written first and never used to choose (docs/casebook.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from yorozu_core.retrieval.bm25 import BM25Index
from yorozu_core.text.tokenize import SudachiTokenizer, Tokenizer

MAX_REASON_TERMS = 5
# Terms that say nothing about what a case is about, however rare they are in a small casebook.
# Sudachi's normalized forms of the light verbs and formal nouns (する → 為る, いる → 居る …).
NOISE_TERMS = frozenset(
    {
        "為る",
        "居る",
        "有る",
        "成る",
        "無い",
        "出来る",
        "為",
        "事",
        "物",
        "様",
        "れる",
        "られる",
        "せる",
        "させる",
    }
)


@dataclass(frozen=True, slots=True)
class CaseText:
    """What is indexed of one 事例."""

    doc_id: str
    title: str
    body: str
    theme_label: str = ""
    tools: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexedCase:
    doc_id: str
    terms: tuple[str, ...]
    theme: str = ""
    tools: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    doc_id: str
    score: float
    shared_terms: tuple[str, ...]
    same_theme: bool
    tools: tuple[str, ...]


def default_tokenizer() -> Tokenizer:
    return SudachiTokenizer(mode="B")


def case_terms(case: CaseText, tokenizer: Tokenizer | None = None) -> list[str]:
    """The index terms of a 事例 (stored with it, so that ranking never re-tokenizes the casebook)."""
    tok = tokenizer or default_tokenizer()
    text = "\n".join((case.title, case.body, case.theme_label, " ".join(case.tools)))
    return tok(text)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class SimilarIndex:
    """A BM25 index of 事例 terms, answering with matches and their reasons."""

    def __init__(self, cases: Iterable[IndexedCase], tokenizer: Tokenizer | None = None) -> None:
        self.tokenizer = tokenizer or default_tokenizer()
        self._cases = {c.doc_id: c for c in cases}
        self._bm25 = BM25Index(self.tokenizer)
        self._bm25.add_tokens([(c.doc_id, "casebook", c.terms) for c in self._cases.values()])

    def __len__(self) -> int:
        return len(self._cases)

    def search(
        self, text: str, *, k: int = 5, theme: str = "", allowed: frozenset[str] | None = None
    ) -> list[Match]:
        """The ``k`` best 事例 for ``text`` among ``allowed`` ids (all when None), best first."""
        if not self._cases or not text.strip():
            return []
        tokens = [t for t in self.tokenizer(text) if t not in NOISE_TERMS]
        scores = self._bm25.score_tokens(tokens)
        ids = self._bm25.ids
        ranked = sorted(
            (i for i in range(len(ids)) if scores[i] > 0 and (allowed is None or ids[i] in allowed)),
            key=lambda i: -scores[i],
        )[:k]
        return [self._match(ids[i], float(scores[i]), tokens, text, theme) for i in ranked]

    def _match(self, doc_id: str, score: float, tokens: Sequence[str], text: str, theme: str) -> Match:
        case = self._cases[doc_id]
        folded = _fold(text)
        return Match(
            doc_id=doc_id,
            score=round(score, 4),
            shared_terms=self._shared_terms(case, tokens),
            same_theme=bool(theme) and theme == case.theme,
            tools=tuple(t for t in case.tools if _fold(t) in folded),
        )

    def _shared_terms(self, case: IndexedCase, tokens: Sequence[str]) -> tuple[str, ...]:
        """Query terms the 事例 contains, rarest first (the ones that carried the score)."""
        present = set(case.terms)
        shared = {t for t in tokens if t in present and len(t) > 1}
        by_rarity = sorted(shared, key=lambda t: (self._bm25.document_frequency(t), t))
        return tuple(by_rarity[:MAX_REASON_TERMS])


def top_k_rate(ranked_ids: Sequence[Sequence[str]], intended: Sequence[str], k: int = 3) -> float:
    """Share of questions whose intended 事例 is among the first ``k`` answers."""
    if not intended:
        return 0.0
    hits = sum(1 for ids, want in zip(ranked_ids, intended, strict=True) if want in list(ids)[:k])
    return hits / len(intended)
