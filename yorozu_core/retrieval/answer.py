"""Extractive answers with citations built from chunk metadata only, and the citation check
for generated answers.

The default answer quotes the best matching passages of the best articles; each quote carries
its citation (規則名 第N条第M項) taken from :class:`~yorozu_core.retrieval.types.Chunk`, never from
text. Below a relevance threshold the answer says so instead of guessing.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from yorozu_core.retrieval.extract import (
    SUPPLEMENTARY_WORDS,
    Unit,
    answer_fit,
    asked,
    best_unit,
    follow_delegation,
    holds_answer,
    split_sentences,
)
from yorozu_core.retrieval.types import Chunk, Hit
from yorozu_core.text.query import strip_boilerplate
from yorozu_core.text.tokenize import CharNgramTokenizer, prepare

log = logging.getLogger(__name__)

NO_HIT_MESSAGE = "該当する規定が見つかりませんでした"
CHECK_NOTICE = "この回答は規定の該当箇所を抜き出したものです。必ず原文を確認してください。"
DEFAULT_MIN_RELEVANCE = 0.3
LOOKAHEAD = 4  # relevant passages read beyond those quoted, to find one that states the answer
QUOTE_CHARS = 300  # a quoted passage: its highlighted unit and the article's best sentences
LEAD_QUOTE_CHARS = 600  # the first article: the highlight, then more of the article for context (ADR 0422)
_BIGRAMS = CharNgramTokenizer(2)


@dataclass(frozen=True, slots=True)
class Citation:
    chunk_id: str
    source: str
    regulation_title: str
    article: str
    paragraph: int | None
    supplementary: bool
    label: str  # 「一般職の職員の勤務時間、休暇等に関する法律 第十七条」
    score: float


@dataclass(frozen=True, slots=True)
class Passage:
    citation: Citation
    quote: str
    highlight: str = ""  # the sentence or 号 that states what was asked (ADR 0411)
    lead_in: str = ""  # the sentence that introduces the highlighted 号, if it is one (ADR 0422)


@dataclass(frozen=True, slots=True)
class ExtractiveAnswer:
    found: bool
    text: str
    passages: tuple[Passage, ...]
    notice: str = CHECK_NOTICE

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(p.citation for p in self.passages)


def citation_for(chunk: Chunk, score: float) -> Citation:
    return Citation(
        chunk_id=chunk.chunk_id,
        source=chunk.source,
        regulation_title=chunk.regulation_title,
        article=chunk.article,
        paragraph=chunk.paragraph,
        supplementary=chunk.supplementary,
        label=chunk.citation,
        score=score,
    )


def query_coverage(question: str, text: str, df: Callable[[str], float] | None = None) -> float:
    """Share of the question's character bigrams found in ``text``, idf-weighted when ``df``
    (a bigram's document frequency in [0, 1]) is given: ``Σ_{g∈q∩d} w(g) / Σ_{g∈q} w(g)`` with
    ``w(g) = -ln(df(g))``. 0 = nothing in common, 1 = every question bigram occurs."""
    grams = set(_BIGRAMS(strip_boilerplate(prepare(question))))
    if not grams:
        return 0.0
    found = set(_BIGRAMS(text))

    def weight(g: str) -> float:
        return 1.0 if df is None else -math.log(min(max(df(g), 1e-6), 1.0 - 1e-6))

    total = sum(weight(g) for g in grams)
    return sum(weight(g) for g in grams & found) / total if total else 0.0


def best_sentences(question: str, text: str, max_chars: int = QUOTE_CHARS) -> str:
    """The sentences of ``text`` sharing most bigrams with the question, in document order,
    up to ``max_chars`` (the first sentence is always kept: it usually states the rule);
    sentences that hold what the question asks for (a figure with 日 for 何日) come first."""
    sentences = split_sentences(text)
    if not sentences:
        return ""
    q = Counter(_BIGRAMS(strip_boilerplate(prepare(question))))
    kinds = asked(question)

    def rank(i: int) -> tuple[bool, int]:
        holds = bool(kinds) and holds_answer(kinds, sentences[i])
        return (not holds, -sum((q & Counter(_BIGRAMS(sentences[i]))).values()))

    scored = sorted(range(len(sentences)), key=rank)
    chosen = {0}
    size = len(sentences[0])
    for i in scored:
        if size + len(sentences[i]) > max_chars:
            continue
        chosen.add(i)
        size += len(sentences[i])
    quote = "".join(
        sentences[i] if sentences[i].endswith("。") else sentences[i] + "。" for i in sorted(chosen)
    )
    return quote[:max_chars] + ("…" if len(quote) > max_chars else "")


def build_extractive_answer(
    question: str,
    hits: Sequence[Hit],
    chunks: Mapping[str, Chunk],
    *,
    max_passages: int = 3,
    min_relevance: float = DEFAULT_MIN_RELEVANCE,
    relevance: Callable[[str, Chunk], float] | None = None,
    corpus: Mapping[str, Chunk] | None = None,
    min_lead: float | None = None,
) -> ExtractiveAnswer:
    """Quote the best passages of the top hits; 「該当する規定が見つかりませんでした」 when
    none reaches ``min_relevance`` (default measure: :func:`query_coverage` of the question by
    the chunk's title and text). Explicitly cited articles (reason ``reference``) always count.
    ``corpus`` (default ``chunks``) is searched for the rule a quoted article delegates to. A
    passage under ``min_lead`` may be quoted but never leads the answer (ADR 0421)."""
    measure = relevance or (
        lambda q, c: query_coverage(q, f"{c.regulation_title}{c.article_caption}{c.text}")
    )
    candidates: list[list[Passage]] = []
    can_lead: list[bool] = []
    for hit in hits:
        chunk = chunks.get(hit.chunk_id)
        if chunk is None:
            continue
        cited = "reference" in hit.reasons
        strength = measure(question, chunk) if not cited else math.inf
        if strength < min_relevance:
            continue
        candidates.append(answer_passages(question, chunk, hit.score, chunks if corpus is None else corpus))
        can_lead.append(min_lead is None or strength >= min_lead)
        if len(candidates) >= max_passages + LOOKAHEAD:
            break
    ordered = lead_with_answer(question, candidates, can_lead)
    kept = [(p, i == 0) for i, group in enumerate(ordered) for p in group][:max_passages]
    passages = [with_quote(p, question, chunks, corpus, first) for p, first in kept]
    if not passages:
        return ExtractiveAnswer(found=False, text=NO_HIT_MESSAGE, passages=())
    body = "\n\n".join(f"「{p.quote}」（{p.citation.label}）" for p in passages)
    return ExtractiveAnswer(found=True, text=body, passages=tuple(passages))


def with_quote(
    passage: Passage,
    question: str,
    chunks: Mapping[str, Chunk],
    corpus: Mapping[str, Chunk] | None,
    first: bool,
) -> Passage:
    """The passage with its quote, made only for the passages kept: the highlight, then the
    article's best sentences — up to :data:`LEAD_QUOTE_CHARS` for the answer's first article, so the
    figure is there when the highlight missed it, else :data:`QUOTE_CHARS` (ADR 0422)."""
    chunk = chunks.get(passage.citation.chunk_id) or (corpus or {}).get(passage.citation.chunk_id)
    text = chunk.text if chunk is not None else ""
    limit = LEAD_QUOTE_CHARS if first else QUOTE_CHARS
    return replace(passage, quote=quote_with(passage.highlight, question, text, limit))


def lead_with_answer(
    question: str, candidates: list[list[Passage]], can_lead: Sequence[bool] | None = None
) -> list[list[Passage]]:
    """Put first the candidate (an article and the rule it delegates to) whose highlighted unit
    holds what the question asks for (a figure with 日 for 何日 …) and shares most of the
    question's words; ties keep the ranking order, as do the others (ADR 0416). Only candidates
    that ``can_lead`` (default: all) are put first."""
    kinds = asked(question)
    if not kinds:
        return candidates

    about_supplementary = bool(SUPPLEMENTARY_WORDS.search(question))

    def fit(group: list[Passage]) -> tuple[float, float, float]:
        best = (0.0, 0.0, 0.0)
        for p in group:
            if p.citation.supplementary and not about_supplementary:
                continue
            unit = Unit(0, p.highlight, lead_in=p.lead_in) if p.highlight else None
            tier, words, grams = answer_fit(question, unit, within_article=False)
            if tier:
                best = max(best, (float(tier), words, grams))
        return best

    fits = [fit(g) for g in candidates]
    scores = [fits[i] if can_lead is None or can_lead[i] else (0.0, 0.0, 0.0) for i in range(len(candidates))]
    if not scores or max(scores) <= (0.0, 0.0, 0.0):
        return candidates
    lead = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    rest = [i for i in range(len(candidates)) if i != lead]
    # then the other candidates that hold such a figure — also those too weak to lead: that bar
    # does not push a well-ranked article out of the quotes (ADR 0422) — then the rest, each in
    # ranking order
    rest.sort(key=lambda i: (fits[i] <= (0.0, 0.0, 0.0), i))
    # within the lead, the passage that states the figure (a delegated rule) comes first
    first = sorted(candidates[lead], key=lambda p: not holds_answer(kinds, p.highlight))
    return [first, *(candidates[i] for i in rest)]


def answer_passages(question: str, chunk: Chunk, score: float, chunks: Mapping[str, Chunk]) -> list[Passage]:
    """The chunk's passage led by the unit that states the answer, plus the passage of the rule
    the chunk delegates the figure to when that rule is in ``chunks`` (both are quoted when kept,
    by :func:`with_quote`; until then ``quote`` is empty)."""
    unit = best_unit(question, chunk.text)
    out = [_unquoted(citation_for(chunk, score), unit)]
    delegated = follow_delegation(question, chunk, unit, chunks) if unit else None
    if delegated is not None:
        out.append(_unquoted(citation_for(delegated, score), best_unit(question, delegated.text)))
    return out


def _unquoted(citation: Citation, unit: Unit | None) -> Passage:
    return Passage(citation, "", unit.display if unit else "", unit.lead_in if unit else "")


def quote_with(highlight: str, question: str, text: str, max_chars: int = QUOTE_CHARS) -> str:
    """The highlight first, then the article's best sentences for context (no repeat)."""
    context = best_sentences(question, text, max_chars)
    if not highlight or highlight in context:
        return context
    rest = max(0, max_chars - len(highlight))
    tail = best_sentences(question, text, rest) if rest > 40 else ""
    return highlight + ("\n" + tail if tail else "")


def check_citations(
    answer_citations: Sequence[str], retrieved_ids: Collection[str]
) -> tuple[list[str], list[str]]:
    """Split the chunk ids a generated answer cites into (supported, dropped): a citation is
    supported only when it names a chunk that was retrieved for this question. Dropped ones are
    logged (issue 3: "an unsupported one is removed and logged")."""
    retrieved = set(retrieved_ids)
    kept = [c for c in dict.fromkeys(answer_citations) if c in retrieved]
    dropped = [c for c in dict.fromkeys(answer_citations) if c not in retrieved]
    for c in dropped:
        log.warning("dropped unsupported citation %s", c)
    return kept, dropped
