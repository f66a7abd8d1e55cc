"""Text in a regulation that speaks to an AI assistant instead of to people (prompt injection).

A 例規 never addresses 「あなた」 as a model nor tells a reader to ignore instructions; such lines in
an ingested file are flagged to the desk at ingest (issue 10 item 9). The answer path stays safe
without this (extractive quotes are escaped; the LLM gets retrieved text as quoted data), so the
patterns aim at what a reviewer should look at, not at blocking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yorozu_core.text.normalize import normalize_text

PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?:これまで|以前|上記|前|先)の(?:指示|命令|指令|プロンプト|ルール)を(?:すべて|全て)?(?:無視|忘れ|破棄)",
        r"(?:指示|命令|プロンプト|ルール)を(?:すべて|全て)?(?:無視|忘れ)(?:し|せよ|して|しろ|なさい)",
        r"ignore\s+(?:all\s+)?(?:the\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts|rules)",
        r"disregard\s+(?:all\s+)?(?:the\s+)?(?:previous|prior|above)",
        r"system\s*prompt|システムプロンプト",
        r"あなたは(?:今から|これから)?.{0,20}(?:AI|ＡＩ|アシスタント|言語モデル|チャットボット)",
        r"(?:AI|ＡＩ|アシスタント|言語モデル|LLM)(?:への|に対する|は|に)(?:指示|命令)",
        r"(?:回答|応答|出力)(?:の冒頭|の最後|には|として|では)?.{0,20}(?:と(?:だけ)?(?:答え|出力|回答|表示)(?:なさい|ろ|せよ|してください))",
        r"you\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot)",
        r"</?(?:system|assistant|user|資料)>",
    )
)


def instruction_like(text: str) -> list[str]:
    """The lines of ``text`` that address an AI assistant (at most 200 characters each)."""
    found: list[str] = []
    for line in normalize_text(text).splitlines():
        if any(p.search(line) for p in PATTERNS):
            found.append(line.strip()[:200])
    return found


def flagged_chunks(chunks: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, line) for each instruction-like line of the (label, text) pairs given."""
    return [(label, line) for label, text in chunks for line in instruction_like(text)]
