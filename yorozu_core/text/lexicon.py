"""Content words and when two of them mean the same thing, from general resources first.

A question word matches a passage when the passage holds the same normalized form (申込み/申し込み),
the same reading (こども/子供), a word of the same SudachiDict synonym group (給料/給与, 原付/
原動機付自転車, 亡くなる/死亡, 辞める/退職 — sudachidict-core carries the group ids, ADR 0410),
or a pair of the short documented domain list :data:`DOMAIN_PAIRS` where SudachiDict has no group.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from yorozu_core.text.query import strip_boilerplate
from yorozu_core.text.tokenize import prepare, split_by_bytes

CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
# Words that any question or article holds; they say nothing about relevance.
STOP = frozenset(
    "為る 有る 成る 居る 出来る 何 物 事 場合 時 等 方 者 様 良い 無い 貰える 貰う 呉れる 行く 来る 言う 思う "
    "日 時間 分 月 年 回 人 以上 以下 以内 どれ くらい 位 何時 いつ 幾ら 誰 何処 どこ 本当 所 中 上 下 "
    "規定 条 項 号 法 法律 規則 制度 必要 今 前 後 今年 去年 来年 何日 何回 何時間 何分 何歳 何年 方法 手続き "
    "為 事 こと 取れる 休める 出る 使う 見る 知る 分かる 教える 出来る 決める 場所 仕方 最大 最低 途中 ".split()
)
# Where SudachiDict has no synonym group: only the pairs named in issue 12 (弁償↔賠償,
# 申し込み↔請求), so that no pair is fitted to the benchmark questions (ADR 0410). A city adds its
# own per collection in the browser (the collection's synonyms page).
DOMAIN_PAIRS: tuple[tuple[str, str], ...] = (
    ("弁償", "賠償"),
    ("申し込む", "請求"),
    ("申し込み", "請求"),
)


# credit of a compound the passage lacks, times the share of its parts it holds (dev sets:
# colloquial answered 0.821 → 0.833 at 0.5 with not-found unchanged; 1.0 answers more 不在 questions)
PART_CREDIT = 0.5


@dataclass(frozen=True, slots=True)
class Term:
    surface: str
    normalized: str
    reading: str
    groups: frozenset[int]
    noun: bool = True
    # 名詞-普通名詞-副詞可能 (毎年, 近く, 以外, そもそも): nouns that modify like adverbs
    adverbial: bool = False


@lru_cache(maxsize=2)
def _tokenizer(mode: str) -> Any:
    from sudachipy import Dictionary, SplitMode

    split = {"B": SplitMode.B, "C": SplitMode.C}[mode]
    return Dictionary(dict="core").tokenizer(mode=split)


def terms(text: str, modes: tuple[str, ...] = ("B", "C")) -> list[Term]:
    """Content words of ``text`` in modes B and C (compounds such as 原動機付自転車 carry their
    own synonym group only in mode C); particles, auxiliaries and :data:`STOP` words dropped."""
    return list(_terms(text, modes))


# the same question is matched against every unit of ten articles, and the same articles come up
# for many questions: Sudachi runs once per text
@lru_cache(maxsize=4096)
def _terms(text: str, modes: tuple[str, ...]) -> tuple[Term, ...]:
    out: dict[tuple[str, str], Term] = {}
    for mode in modes:
        for piece in split_by_bytes(prepare(text)):
            for m in _tokenizer(mode).tokenize(piece):
                pos = m.part_of_speech()
                if pos[0] not in CONTENT_POS or pos[1] == "数詞" or m.normalized_form() in STOP:
                    continue
                key = (m.normalized_form(), mode)
                out.setdefault(
                    key,
                    Term(
                        m.surface(),
                        m.normalized_form(),
                        m.reading_form(),
                        frozenset(m.synonym_group_ids()),
                        pos[0] == "名詞",
                        pos[2] == "副詞可能",
                    ),
                )
    return tuple(out.values())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a passage holds, for matching question words against it."""

    text: str
    normalized: frozenset[str]
    readings: frozenset[str]
    groups: frozenset[int]

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        found = terms(text)
        return cls(
            text=prepare(text),
            normalized=frozenset(t.normalized for t in found),
            readings=frozenset(t.reading for t in found if len(t.reading) > 2),
            groups=frozenset(g for t in found for g in t.groups),
        )


def _pairs(extra: Mapping[str, Iterable[str]] | None) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for a, b in DOMAIN_PAIRS:
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    for key, values in (extra or {}).items():
        for v in values:
            table.setdefault(key, set()).add(v)
            table.setdefault(v, set()).add(key)
    return table


def matches(term: Term, vocab: Vocabulary, pairs: Mapping[str, set[str]]) -> bool:
    if term.normalized in vocab.normalized or term.surface in vocab.text or term.normalized in vocab.text:
        return True
    if len(term.reading) > 2 and term.reading in vocab.readings:
        return True
    if term.groups & vocab.groups:
        return True
    return any(p in vocab.text for p in pairs.get(term.normalized, set()) | pairs.get(term.surface, set()))


def coverage(
    question: str,
    passage: str,
    *,
    df: Callable[[str], float] | None = None,
    extra_synonyms: Mapping[str, Iterable[str]] | None = None,
) -> float:
    """idf-weighted share of the question's content words that the passage holds, directly or
    through a synonym or reading: ``Σ_{t matched} w(t) / Σ_t w(t)``, ``w(t) = -ln df(t)`` (a word
    unknown to the collection weighs as a rare one). 0 when the question has no content word."""
    # compounds as units (固定資産税, 病気休暇): a question about 固定資産税 is not answered by an
    # article that holds 固定, 資産 and 税 apart
    found = terms(strip_boilerplate(prepare(question)), modes=("C",))
    if not found:
        return 0.0
    vocab = Vocabulary.of(passage)
    pairs = _pairs(extra_synonyms)

    def weight(t: Term) -> float:
        if not t.noun or t.adverbial:  # staff verbs (休める, 壊す) and adverbial nouns (毎年,
            return 1.0  # 以外) carry less of the topic than nouns
        share = df(t.normalized) if df is not None else 0.1
        return -math.log(min(max(share, 1e-3), 0.999))

    unique = {t.normalized: t for t in found}.values()
    total = sum(weight(t) for t in unique)
    hit = sum(weight(t) * _credit(t, vocab, pairs) for t in unique)
    return hit / total if total else 0.0


def _credit(term: Term, vocab: Vocabulary, pairs: Mapping[str, set[str]]) -> float:
    """1 when the passage holds the word; for a compound it lacks, part of the credit by the share
    of its own content words it holds (育休中 → 育休; 児童手当 is not quite 児童 + 手当)."""
    if matches(term, vocab, pairs):
        return 1.0
    parts = [p for p in terms(term.surface, modes=("B",)) if p.normalized != term.normalized]
    if not parts or not PART_CREDIT:
        return 0.0
    return PART_CREDIT * sum(matches(p, vocab, pairs) for p in parts) / len(parts)
