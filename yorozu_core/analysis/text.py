"""自由記述: word frequency, KWIC, co-occurrence and segment comparison of Japanese answers.

Words are SudachiPy morphemes (sudachidict-core, split mode B) reduced to their dictionary form and
kept when they are 名詞 (not 数詞), 動詞, 形容詞 or 形状詞, as KH Coder does with its default POS filter.
Co-occurrence is the Jaccard coefficient of two words over answers (documents), KH Coder's default
for its co-occurrence network: J(a, b) = |A ∩ B| / |A ∪ B|."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

KEPT_POS = {"名詞": "名詞", "動詞": "動詞", "形容詞": "形容詞", "形状詞": "形容詞"}
DEFAULT_STOP_WORDS = (
    "する", "ある", "いる", "なる", "れる", "られる", "できる", "いう", "おる", "くる", "くださる", "思う",
    "こと", "もの", "よう", "ため", "とき", "ところ", "方", "等", "さん", "ない", "よい", "いい",
    "そう", "これ", "それ", "あれ", "私", "今回", "の", "ん", "みる", "やる", "くれる", "もらう",
)  # fmt: skip
MAX_BYTES = 40_000  # SudachiPy's input limit is 49,149 bytes


@dataclass(frozen=True)
class Token:
    word: str  # dictionary form
    pos: str  # 名詞, 動詞 or 形容詞
    begin: int
    end: int


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.B)


def prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()[: MAX_BYTES // 3]


def tokenize(text: str) -> list[Token]:
    """The content words of ``text`` (already NFKC-normalised by ``prepare``), with their offsets."""
    tokens = []
    for morpheme in _tokenizer().tokenize(text):
        pos = morpheme.part_of_speech()
        kept = KEPT_POS.get(pos[0])
        if kept is None or (pos[0] == "名詞" and pos[1] in ("数詞", "非自立可能")):
            continue
        tokens.append(Token(morpheme.dictionary_form(), kept, morpheme.begin(), morpheme.end()))
    return tokens


@dataclass(frozen=True)
class Document:
    row: int
    text: str  # prepared text; token offsets refer to it
    segment: str
    tokens: tuple[Token, ...]


def documents(answers: Iterable[tuple[int, str, str]]) -> list[Document]:
    result = []
    for row, raw, segment in answers:
        text = prepare(raw)
        result.append(Document(row, text, segment, tuple(tokenize(text))))
    return result


@dataclass(frozen=True)
class WordCount:
    word: str
    pos: str
    count: int  # occurrences
    documents: int  # answers that contain the word


def word_counts(
    docs: Sequence[Document], stop_words: Iterable[str] = DEFAULT_STOP_WORDS, *, top: int = 100
) -> list[WordCount]:
    stops = set(stop_words)
    occurrences: Counter[tuple[str, str]] = Counter()
    in_documents: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        words = [(t.word, t.pos) for t in doc.tokens if t.word not in stops]
        occurrences.update(words)
        in_documents.update(set(words))
    ranked = sorted(occurrences.items(), key=lambda item: (-item[1], -in_documents[item[0]], item[0][0]))
    return [WordCount(w, pos, n, in_documents[(w, pos)]) for (w, pos), n in ranked[:top]]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    jaccard: float
    both: int  # answers with both words


def cooccurrence(docs: Sequence[Document], words: Sequence[str], *, edges: int = 60) -> list[Edge]:
    """The strongest ``edges`` word pairs by Jaccard coefficient over answers."""
    wanted = set(words)
    sets: dict[str, set[int]] = {w: set() for w in words}
    for index, doc in enumerate(docs):
        for token in doc.tokens:
            if token.word in wanted:
                sets[token.word].add(index)
    found = []
    for a, b in combinations(words, 2):
        both = len(sets[a] & sets[b])
        if both:
            union = len(sets[a] | sets[b])
            found.append(Edge(a, b, round(both / union, 3), both))
    found.sort(key=lambda e: (-e.jaccard, -e.both, e.source, e.target))
    return found[:edges]


@dataclass(frozen=True)
class Context:
    row: int
    left: str
    keyword: str
    right: str


def kwic(docs: Sequence[Document], word: str, *, width: int = 20, limit: int = 500) -> list[Context]:
    """Each occurrence of ``word`` (dictionary form) with ``width`` characters on each side."""
    found = []
    for doc in docs:
        for token in doc.tokens:
            if token.word == word:
                left = doc.text[max(0, token.begin - width) : token.begin]
                right = doc.text[token.end : token.end + width]
                found.append(Context(doc.row, left, doc.text[token.begin : token.end], right))
                if len(found) >= limit:
                    return found
    return found


@dataclass(frozen=True)
class SegmentWords:
    segments: tuple[str, ...]
    sizes: tuple[int, ...]  # answers per segment
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (word, answers containing it per segment)


def by_segment(docs: Sequence[Document], words: Sequence[str]) -> SegmentWords:
    """How many answers of each segment (満足 vs 不満 …) contain each word."""
    segments = sorted({d.segment for d in docs}, key=lambda s: (s == "無回答", s))
    index = {s: i for i, s in enumerate(segments)}
    sizes = [0] * len(segments)
    counts = {w: [0] * len(segments) for w in words}
    for doc in docs:
        sizes[index[doc.segment]] += 1
        for word in {t.word for t in doc.tokens} & counts.keys():
            counts[word][index[doc.segment]] += 1
    return SegmentWords(tuple(segments), tuple(sizes), tuple((w, tuple(counts[w])) for w in words))


def layout(
    nodes: Sequence[str], edges: Sequence[Edge], *, size: float = 560.0, rounds: int = 120
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold spring layout (1991), deterministic start on a circle; positions in [40, size-40]."""
    count = len(nodes)
    if count == 0:
        return {}
    positions = {
        n: [math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count)] for i, n in enumerate(nodes)
    }
    k = math.sqrt(4.0 / count)
    temperature = 0.2
    for _ in range(rounds):
        moves = {n: [0.0, 0.0] for n in nodes}
        for a, b in combinations(nodes, 2):
            dx, dy = positions[a][0] - positions[b][0], positions[a][1] - positions[b][1]
            distance = max(math.hypot(dx, dy), 1e-3)
            force = k * k / distance
            moves[a][0] += dx / distance * force
            moves[a][1] += dy / distance * force
            moves[b][0] -= dx / distance * force
            moves[b][1] -= dy / distance * force
        for edge in edges:
            a, b = edge.source, edge.target
            dx, dy = positions[a][0] - positions[b][0], positions[a][1] - positions[b][1]
            distance = max(math.hypot(dx, dy), 1e-3)
            force = distance * distance / k * (0.2 + 0.8 * edge.jaccard)
            moves[a][0] -= dx / distance * force
            moves[a][1] -= dy / distance * force
            moves[b][0] += dx / distance * force
            moves[b][1] += dy / distance * force
        for n in nodes:
            length = max(math.hypot(*moves[n]), 1e-9)
            step = min(length, temperature)
            positions[n][0] += moves[n][0] / length * step
            positions[n][1] += moves[n][1] / length * step
        temperature *= 0.97
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    margin = 40.0
    placed = {
        n: [
            margin + (p[0] - min(xs)) / span_x * (size - 2 * margin),
            margin + (p[1] - min(ys)) / span_y * (size - 2 * margin),
        ]
        for n, p in positions.items()
    }
    _separate(placed, minimum=56.0, low=margin, high=size - margin)
    return {n: (round(p[0], 1), round(p[1], 1)) for n, p in placed.items()}


def _separate(
    placed: dict[str, list[float]], *, minimum: float, low: float, high: float, rounds: int = 80
) -> None:
    """Push apart nodes closer than ``minimum`` pixels (words that always co-occur land on one spot)."""
    names = sorted(placed)
    for _ in range(rounds):
        moved = False
        for a, b in combinations(names, 2):
            dx, dy = placed[a][0] - placed[b][0], placed[a][1] - placed[b][1]
            distance = math.hypot(dx, dy)
            if distance >= minimum:
                continue
            if distance < 1e-6:  # identical spots: split along a fixed direction per pair
                angle = ((names.index(a) * 31 + names.index(b) * 17) % 360) * math.pi / 180
                dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
            push = (minimum - distance) / 2
            for name, sign in ((a, 1), (b, -1)):
                placed[name][0] = min(high, max(low, placed[name][0] + sign * dx / distance * push))
                placed[name][1] = min(high, max(low, placed[name][1] + sign * dy / distance * push))
            moved = True
        if not moved:
            return


def analyse(
    docs: Sequence[Document], stop_words: Iterable[str], *, top: int = 60, edges: int = 60
) -> dict[str, Any]:
    """Frequency table, co-occurrence network and segment table as one JSON-ready dict."""
    counts = word_counts(docs, stop_words, top=top)
    network_words = [c.word for c in counts[:top]]
    found = cooccurrence(docs, network_words, edges=edges)
    connected = sorted({e.source for e in found} | {e.target for e in found}, key=network_words.index)
    positions = layout(connected, found)
    segments = by_segment(docs, [c.word for c in counts[:30]])
    return {
        "answers": len(docs),
        "words": [c.__dict__ for c in counts],
        "edges": [e.__dict__ for e in found],
        "nodes": [{"word": w, "x": positions[w][0], "y": positions[w][1],
                   "documents": next(c.documents for c in counts if c.word == w)} for w in connected],
        "segments": {"labels": list(segments.segments), "sizes": list(segments.sizes),
                     "rows": [[w, list(n)] for w, n in segments.rows]},
    }  # fmt: skip


def documents_to_json(docs: Sequence[Document]) -> list[list[Any]]:
    return [[d.row, d.text, d.segment, [[t.word, t.pos, t.begin, t.end] for t in d.tokens]] for d in docs]


def documents_from_json(data: Sequence[Sequence[Any]]) -> list[Document]:
    return [Document(int(r), str(text), str(seg), tuple(Token(w, p, b, e) for w, p, b, e in tokens))
            for r, text, seg, tokens in data]  # fmt: skip
