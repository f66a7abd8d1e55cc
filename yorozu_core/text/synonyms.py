"""A 例規 synonym and colloquial dictionary: how staff ask → how regulations write.

Applied as query expansion (the law terms are added, the staff words stay), so a question
「年休って繰り越せる？」 also searches 「年次休暇 繰越し」. Keys are matched as substrings of the
NFKC-normalized question, so a key must not occur inside unrelated words (「夫」 is in 「大丈夫」,
「スト」 in 「ストレス」): such keys carry a particle (「夫が」). General equivalences come from
SudachiDict (:mod:`yorozu_core.text.expansion`); this list holds only the staff-welfare terms it
lacks; a city adds its own terms with :func:`expand` ``extra=``.
"""

from __future__ import annotations

from collections.abc import Mapping

# Each entry is an equivalence (the staff word and the statute word name the same thing) that
# SudachiDict's synonym groups do not give for the 22 laws of docs/retrieval.md: abbreviations
# (産休, 健診), workplace words (交通費 for 通勤手当) and statute paraphrases (守秘義務). Associations
# (熱を出した → 子の看護) and question words (何日, 申請) are not listed: they were fitted to
# questions (ADR 0415). A city adds its own on the collection's synonyms page.
COLLOQUIAL: Mapping[str, tuple[str, ...]] = {
    # 休暇・勤務時間
    "休み": ("休暇",),
    "休む": ("休暇",),
    "休め": ("休暇",),
    "時間休": ("一時間を単位", "年次休暇"),
    "産休": ("産前産後", "出産"),
    "産後パパ": ("出生時育児休業",),
    "夏休": ("夏季",),
    "忌引": ("親族", "死亡", "特別休暇"),
    "ボランティア": ("社会に貢献する活動",),
    "時間外": ("超過勤務",),
    "残業代": ("超過勤務手当",),
    "残業": ("超過勤務", "時間外労働"),
    "テレワーク": ("在宅勤務",),
    "昼休み": ("休憩時間",),
    "定時": ("正規の勤務時間",),
    "土日": ("週休日",),
    "当直": ("宿日直",),
    "妊婦": ("妊産婦",),
    "つわり": ("妊娠障害",),
    "子ども": ("子",),
    "子供": ("子",),
    # 給与・手当
    "交通費": ("通勤手当",),
    "定期代": ("通勤手当",),
    "家族手当": ("扶養手当",),
    "住宅手当": ("住居手当",),
    "家賃": ("住居手当",),
    "有給": ("年次有給休暇", "年次休暇"),
    # 健康・災害
    "健診": ("健康診断",),
    "ストレスチェック": ("心理的な負担の程度",),
    "労災": ("公務災害",),
    # 服務・身分
    "副業": ("兼業", "営利企業"),
    "守秘義務": ("秘密を守る義務",),
    "ストライキ": ("争議行為",),
    "政治活動": ("政治的行為",),
    "クビ": ("免職",),
    "辞めさせ": ("免職",),
    "パート": ("非常勤職員",),
    "試用": ("条件付採用",),
    "異動": ("転任", "配置換"),
}


def expand(query: str, extra: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """Law terms for the colloquial words found in ``query`` (in dictionary order, no repeats)."""
    table = {**COLLOQUIAL, **(extra or {})}
    out: list[str] = []
    for key, terms in table.items():
        if key in query:
            out.extend(t for t in terms if t not in out and t not in query)
    return out
