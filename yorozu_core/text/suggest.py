"""Synonym pairs proposed from a question and the article a consultant marked as its answer.

A question that found nothing (or whose answer did not help) and the article that does answer it
tell which word of the question the regulation writes differently: the question's content words
that the article does not hold, each paired with the article's content words the question does not
hold (ADR 0419). Without the marked article there is no second side to pair with, only a list of
unknown words.

Ranking of a pair ``(q, a)`` (a heuristic; the desk confirms every pair with one click)::

    score = idf(q) × idf(a) × (1 + affinity(q, a))
    affinity = 3·[same synonym group or reading] + 2·shared_kanji(q, a) + 0.5·[a in the caption]
               + 0.5·[same word class] + 0.3·(1 − first position of a / article length)

``idf = −ln df`` over the collection: a question word the collection rarely or never uses is the
likelier gap (原付, 有休), an article word found in every article says nothing about this one.
A noun of the question is only paired with nouns. ``shared_kanji`` is the Dice coefficient of the
two words' kanji (弁償/賠償 ½).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from yorozu_core.text.lexicon import DOMAIN_PAIRS, Term, terms
from yorozu_core.text.query import strip_boilerplate
from yorozu_core.text.tokenize import SudachiTokenizer, prepare

_KANJI = re.compile(r"[\u3400-\u9fff]")
_HIRAGANA = re.compile(r"[\u3041-\u309fー]+")
_ARTICLE_NUMBER = re.compile(r"[〇一二三四五六七八九十百千]+[条項号]")
_LEADING_CAPTION = re.compile(r"^\s*[（(]([^）)]{1,40})[）)]")
_WORDS = SudachiTokenizer("B")  # the tokenizer of the word index, whose df is passed in
PER_TERM = 3  # article words offered for one question word


@dataclass(frozen=True, slots=True)
class PairSuggestion:
    """「質問での言い方 → 規則での言い方」: ``term`` as the question writes it, ``word`` as the article does."""

    term: str
    word: str
    score: float
    reasons: tuple[str, ...]  # Japanese, shown to the desk


def suggest_pairs(
    question: str,
    article: str,
    *,
    caption: str = "",
    df: Callable[[str], float] | None = None,
    known: Mapping[str, Iterable[str]] | None = None,
    limit: int = 6,
) -> list[PairSuggestion]:
    """Pairs (question word → article word), best first; none that ``known`` (the collection's stored
    synonyms, term → words) or :data:`~yorozu_core.text.lexicon.DOMAIN_PAIRS` already hold."""
    stored = _stored(known)
    text = prepare(f"{caption}\n{article}" if caption else article)
    q_terms = _unique(terms(strip_boilerplate(prepare(question)), modes=("B", "C")))
    asked = {t.normalized for t in q_terms} | {t.surface for t in q_terms}
    # a verb written in hiragana only (おく, いる) is grammar, not vocabulary; こども, けが are kept
    missing = [
        q for q in q_terms if not _held(q, text, stored) and (q.noun or not _HIRAGANA.fullmatch(q.surface))
    ]
    if not missing:
        return []
    a_terms = [a for a in _unique(terms(text)) if _offerable(a, asked)]
    head = _caption_of(caption, text)
    out: list[PairSuggestion] = []
    for q in missing:
        taken = stored.get(q.surface, set()) | stored.get(q.normalized, set())
        ranked = sorted(
            (_pair(q, a, text, head, df) for a in a_terms if a.surface not in taken and _same_kind(q, a)),
            key=lambda s: (-s.score, s.word),
        )
        out.extend(ranked[:PER_TERM])
    out.sort(key=lambda s: (-s.score, s.term, s.word))
    return out[:limit]


def _stored(known: Mapping[str, Iterable[str]] | None) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    pairs = [(a, b) for a, b in DOMAIN_PAIRS] + [(k, w) for k, ws in (known or {}).items() for w in ws]
    for a, b in pairs:
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return table


def _unique(found: list[Term]) -> list[Term]:
    """One term per normalized form, in text order (mode C compounds kept next to their parts)."""
    seen: dict[str, Term] = {}
    for t in found:
        seen.setdefault(t.normalized, t)
    return list(seen.values())


def _held(q: Term, text: str, stored: Mapping[str, set[str]]) -> bool:
    """The article writes the word itself, or a word a stored pair already gives for it."""
    if q.surface in text or q.normalized in text:
        return True
    return any(w in text for w in stored.get(q.surface, set()) | stored.get(q.normalized, set()))


def _offerable(a: Term, asked: set[str]) -> bool:
    """Not a word of the question; not all hiragana (うち, とき, ため carry no topic); not an
    article number (四条)."""
    if a.normalized in asked or a.surface in asked:
        return False
    return not _HIRAGANA.fullmatch(a.surface) and not _ARTICLE_NUMBER.fullmatch(a.surface)


def _same_kind(q: Term, a: Term) -> bool:
    """A noun of the question is written as a noun (原付 → 原動機付自転車, 弁償 → 賠償); a verb may be
    written either way (持っ → 備え, 壊し → 毀損). A one-character word (長, 日) only when the
    synonym dictionary groups it with the question word (仕事 → 職)."""
    if len(a.surface) == 1 and not q.groups & a.groups:
        return False
    return a.noun or not q.noun


def _caption_of(caption: str, text: str) -> str:
    """The article's caption: given, or the 「（…）」 a 例規集 page writes at the head of the text."""
    if caption:
        return prepare(caption)
    found = _LEADING_CAPTION.match(text)
    return found.group(1) if found else ""


def _pair(q: Term, a: Term, text: str, caption: str, df: Callable[[str], float] | None) -> PairSuggestion:
    reasons: list[str] = []
    affinity = 0.0
    if (q.groups & a.groups) or (len(q.reading) > 2 and q.reading == a.reading):
        affinity += 3.0
        reasons.append("同義語辞書で同じグループ・同じ読み")
    share = shared_kanji(q.surface, a.surface)
    if share:
        affinity += 2.0 * share
        reasons.append("同じ漢字を含む")
    if caption and a.surface in caption:
        affinity += 0.5
        reasons.append("条の見出しの語")
    if q.noun == a.noun:
        affinity += 0.5
    position = text.find(a.surface)
    if position >= 0:
        affinity += 0.3 * (1.0 - position / max(len(text), 1))
    score = idf(q.surface, df) * idf(a.surface, df) * (1.0 + affinity)
    return PairSuggestion(q.surface, a.surface, round(score, 4), tuple(reasons))


def shared_kanji(term: str, word: str) -> float:
    """Dice coefficient of the two words' distinct kanji: ``2|K(t) ∩ K(w)| / (|K(t)| + |K(w)|)``
    (弁償/賠償 ½; a one-kanji verb such as 休む gets little from every 休 compound)."""
    mine, theirs = set(_KANJI.findall(term)), set(_KANJI.findall(word))
    return 2 * len(mine & theirs) / (len(mine) + len(theirs)) if mine and theirs else 0.0


def idf(word: str, df: Callable[[str], float] | None) -> float:
    """``−ln df`` with df clipped to [0.001, 0.999]. ``df`` knows the index's words (split mode B),
    so a compound (人事院規則) is as common as its rarest part, not unknown; without a collection
    every word weighs ``−ln 0.1``."""
    if df is None:
        return -math.log(0.1)
    parts = _WORDS(word) or [word.lower()]
    share = min(df(p) for p in parts)
    return -math.log(min(max(share, 1e-3), 0.999))
