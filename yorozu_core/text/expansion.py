"""Query expansion from general resources, scoped to the words a collection actually uses.

A question word is expanded to the words of the collection that share its SudachiDict synonym group
(年休 → 年次休暇・有給休暇, 残業 → 超過勤務, 夫 → 配偶者, 辞める → 退職) or its reading (こども →
子供). Only words that occur in the collection are added, the most frequent first, so a town's 例規集
gets its own wording and a question never pulls in a word no regulation of the collection uses
(ADR 0415). Nothing here is fitted to a question set: the groups come with sudachidict-core.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from yorozu_core.text.lexicon import terms
from yorozu_core.text.query import strip_boilerplate
from yorozu_core.text.tokenize import prepare

K = TypeVar("K", int, str)
KNOWN = 3  # a question word the collection uses this often is not expanded
PER_WORD = 3  # collection words added per question word: the most frequent of its group
# a reading stands for a word only when the question writes it in kana (こども → 子供); a kanji
# word of the same reading is a homophone (生理 and 整理 are both セイリ)
KANA = re.compile(r"[ぁ-んァ-ヶー]+")
MIN_READING = 3  # readings shorter than this (シ, コト) match too many unrelated words


@dataclass(slots=True)
class CollectionLexicon:
    """Synonym group id → collection word → occurrences, and reading → word → occurrences."""

    groups: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    readings: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    words: Counter[str] = field(default_factory=Counter)  # every content word → occurrences

    def add(self, text: str) -> None:
        """Count the content words of one passage (mode C: compounds such as 年次有給休暇 whole)."""
        for t in terms(text, modes=("C",)):
            self.words[t.normalized] += 1
            for g in t.groups:
                self.groups[g][t.normalized] += 1
            if t.noun and len(t.reading) >= MIN_READING:
                self.readings[t.reading][t.normalized] += 1

    def remove(self, text: str) -> None:
        """Uncount a passage that :meth:`add` counted (a re-ingested or deleted article)."""
        for t in terms(text, modes=("C",)):
            self.words[t.normalized] -= 1
            if self.words[t.normalized] <= 0:
                del self.words[t.normalized]
            for g in t.groups:
                _uncount(self.groups, g, t.normalized)
            if t.noun and len(t.reading) >= MIN_READING:
                _uncount(self.readings, t.reading, t.normalized)

    @classmethod
    def build(cls, texts: Iterable[str]) -> CollectionLexicon:
        lexicon = cls()
        for text in texts:
            lexicon.add(text)
        return lexicon

    def related(self, question: str, per_word: int = PER_WORD) -> list[str]:
        """Collection words meaning what the question's words mean, not already in the question."""
        text = strip_boilerplate(prepare(question))
        out: list[str] = []
        for t in terms(text):
            # the collection uses the question's own word; verbs (出す → 提出, 選ぶ → 選択) are
            # too general to expand (measured: benchmarks/regqa_eval.py, ADR 0415)
            if self.words[t.normalized] >= KNOWN or not t.noun:
                continue
            found: Counter[str] = Counter()
            for g in t.groups:
                found.update(self.groups.get(g, Counter()))
            if t.noun and len(t.reading) >= MIN_READING and KANA.fullmatch(t.surface):
                found.update(self.readings.get(t.reading, Counter()))
            added = 0
            for word, _ in found.most_common():
                if added >= per_word:
                    break
                if word in text or word == t.normalized or word in out:
                    continue
                out.append(word)
                added += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "groups": {str(g): dict(c) for g, c in self.groups.items()},
            "readings": {r: dict(c) for r, c in self.readings.items()},
            "words": dict(self.words),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CollectionLexicon:
        lexicon = cls()
        for g, words in raw.get("groups", {}).items():
            lexicon.groups[int(g)] = Counter(words)
        for reading, words in raw.get("readings", {}).items():
            lexicon.readings[reading] = Counter(words)
        lexicon.words = Counter(raw.get("words", {}))
        return lexicon


def _uncount(table: dict[K, Counter[str]], key: K, word: str) -> None:
    words = table.get(key)
    if words is None:
        return
    words[word] -= 1
    if words[word] <= 0:
        del words[word]
    if not words:
        del table[key]
