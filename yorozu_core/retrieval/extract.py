"""The sentence that states the answer: 項/号-level units, what the question asks for, and the
delegation a parent law makes to a rule (「人事院規則で定める日数」).

A question such as 「年休は何日？」 asks for a figure with 日; the article's first sentence
(「年次休暇は…当該各号に掲げる日数とする。」) does not hold it, the 号 「二十日（…）」 does. Units
are the lines of an article (its 項 and 号) split into sentences at 「。」 outside parentheses, so a
quote never ends inside 「（…。）」. The unit that carries what was asked leads the answer (ADR 0411).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.lexicon import coverage
from yorozu_core.text.normalize import statute_numerals
from yorozu_core.text.query import strip_boilerplate
from yorozu_core.text.synonyms import COLLOQUIAL
from yorozu_core.text.tokenize import CharNgramTokenizer, prepare

_OPEN = "（(「『［【〔"
_CLOSE = "）)」』］】〕"
_BIGRAMS = CharNgramTokenizer(2)
_NUM = r"[0-9０-９〇一二三四五六七八九十百千万]+"

# a time stated without a figure: 「会計年度の末日まで」「その事件が裁判所に係属する間」
DEADLINE = r"(?:末日|前日|翌日|当日|満了の日|終了の日)(?:まで|から|以後|の前)|(?:する|している|である)間(?:[、はとに]|$)"
# What a question asks for → the pattern a unit holding the answer matches (ADR 0411).
ASKS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("days", re.compile(r"何日|日数|何労働日"), re.compile(_NUM + r"(?:労働)?日(?!本)")),
    ("hours", re.compile(r"何時間|何分|時間数|上限"), re.compile(_NUM + r"(?:時間|分(?!の))")),
    (
        "period",
        re.compile(r"何週間?|何[かヶカ箇]月(?!分)|何年|期間|どれくらい|どのくらい|いつまで"),
        re.compile(_NUM + r"(?:週間|箇月|か月|月|年|日)|(?:前|後)の日|以内|以上|" + DEADLINE),
    ),
    (
        "when",
        re.compile(r"いつ|期日|何月|何曜"),
        re.compile(_NUM + r"月" + _NUM + r"日|曜日|" + _NUM + r"日|" + DEADLINE),
    ),
    (
        "amount",
        re.compile(r"いくら|金額|料金|使用料|手数料|何円|費用|額(?:は|って)"),
        re.compile(r"円|無料|額|料は"),
    ),
    # a share of pay or of a period (何割増し, 給料のどれくらい, 何か月分): 百分の…, …割
    (
        "ratio",
        re.compile(r"何割|何パーセント|何[%％]|割合|率は|何か月分|何ヶ月分|何カ月分|どれくらい|どのくらい"),
        re.compile(r"百分の|分の" + _NUM + r"|" + _NUM + r"割"),
    ),
    ("distance", re.compile(r"何キロ|何メートル|距離"), re.compile(_NUM + r"(?:キロメートル|メートル)")),
    ("age", re.compile(r"何歳|年齢"), re.compile(_NUM + r"(?:歳|年)")),
    ("count", re.compile(r"何回|回数|何冊|何人"), re.compile(_NUM + r"(?:回|冊|人)")),
    ("unit", re.compile(r"単位"), re.compile(r"単位")),
    (
        "who",
        re.compile(r"誰|だれ|どなた"),
        re.compile(r"(?:長|者|課|庁|院|会|委員)(?:が|は|に|を|の|が定める)"),
    ),
    # how far (どこまで延長できる, どれだけ): any figure with its unit
    (
        "extent",
        re.compile(r"どこまで|どれだけ"),
        re.compile(_NUM + r"(?:時間|分(?!の)|日|週間|箇月|か月|月|年|円|回|割|キロメートル|メートル|歳)"),
    ),
    (
        "where",
        re.compile(r"どこ(?!まで)"),
        re.compile(r"番地|大字|(?:に|へ)(?:登載|掲載|提出|内申)|を経|場所"),
    ),
)
# 「(1)　…」「（２）…」「一　…」: an item that carries its own number needs no heading line
NUMBERED_ITEM = re.compile(r"^(?:[(（][0-9０-９一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+　)")
# a question about 附則 themselves (施行日, 経過措置); otherwise 附則 neither rank high nor lead
SUPPLEMENTARY_WORDS = re.compile(r"附則|施行|経過措置|改正前|旧法|いつから")
# a question for a maximum or minimum (何日まで, 上限) is answered by the unit that sets the limit
ASKS_LIMIT = re.compile(r"まで|上限|最大|最長|最低|限度|超えて|超えちゃ|以上")
SETS_LIMIT = re.compile(r"超え(?:ること|ない|てはならない)|以内|を限度|を上限|以上|未満|まで")
# a cap on the figure itself (「二十日を限度とする」), which does not answer a question for no limit;
# 以上・まで also qualify conditions (「二人以上の場合」「始期に達するまで」) and say nothing here
CAP = re.compile(r"を限度|を上限|を超え(?:ない|ること|てはならない)")
# the counter a question names → the figure that uses it (most specific first: 何時間 before 何日)
COUNTERS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(ask), re.compile(_NUM + figure))
    for ask, figure in (
        (r"何時間", r"時間"),
        (r"何分(?!の)", r"分(?!の)"),
        (r"何週間?", r"週間?"),
        (r"何[かヶカ箇]月", r"(?:[かヶカ箇]月|月(?!\d|[0-9０-９〇一二三四五六七八九十]))"),
        (r"何日", r"日"),
        (r"何年", r"年"),
        (r"何回", r"回"),
        (r"何歳", r"歳"),
        (r"何円", r"円"),
        (r"何割", r"割"),
        (r"何人", r"人"),
    )
)
# 「…次に掲げる基準に適合するように…。」 introduces 号; a 号 ends without 「。」 or with こと・とき・もの
LEAD_IN = re.compile(r"次に掲げる|次の各号|左の各号|次のとおり")
ITEM_END = re.compile(r"(?:[^。]|こと。|とき。|もの。)$")
# one day or one hour: the unit something is counted in (単位は一日, 一日につき, 1日2回), not an
# amount (a date such as 四月一日 is not one: 月 before it; 1時間30分 is an amount of time)
ONE_UNIT = re.compile(r"(?<![0-9０-９〇一二三四五六七八九十百千月])[1１一](?:日(?!数)|時間(?![数0-9０-９]))")
AMOUNT_KINDS = frozenset({"days", "hours"})
# from … to …: a span (「七月から九月までの期間」), not the limit a 「まで」 alone sets
RANGE = re.compile(r"から(?!起算)[^。、（）]{0,30}?まで")  # 「翌日から起算して…まで」 is a deadline
DELEGATION = re.compile(r"(人事院規則|規則|政令|省令|条例|要綱)(?:で|の)定める")
# the kind of regulation a delegation names → the titles of that kind (ADR 0422): 「人事院規則で定める」
# is answered by a 人事院規則, never by a 施行令 that happens to cite an article of the same number
DELEGATED_TITLE = {
    "人事院規則": re.compile(r"人事院規則"),
    "規則": re.compile(r"規則"),
    "政令": re.compile(r"施行令|政令|令$"),
    "省令": re.compile(r"施行規則|省令"),
    "条例": re.compile(r"条例"),
    "要綱": re.compile(r"要綱"),
}


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` cut after 「。」 only outside parentheses and quotes, and at line
    ends; 「（以下「職員」という。）」 stays inside its sentence."""
    out: list[str] = []
    for line in text.split("\n"):
        depth, start = 0, 0
        for i, ch in enumerate(line):
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif ch == "。" and depth == 0:
                out.append(line[start : i + 1].strip())
                start = i + 1
        if line[start:].strip():
            out.append(line[start:].strip())
    return [s for s in out if s]


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence or 号 of an article, with the heading line of its 号 when it has one."""

    index: int
    text: str
    heading: str = ""
    lead_in: str = ""  # the sentence that introduces the 号 (「次に掲げる基準に…休憩時間を置く」)

    @property
    def display(self) -> str:
        return f"{self.heading}：{self.text}" if self.heading else self.text


def answer_units(text: str) -> list[Unit]:
    """The article's sentences; a 号 value line (「二十日（…）」) carries the heading line before it
    (「次号及び第三号に掲げる職員以外の職員」) when that one is not a full sentence."""
    sentences = split_sentences(text)
    units: list[Unit] = []
    lead_in = ""
    for i, s in enumerate(sentences):
        previous = sentences[i - 1] if i else ""
        is_heading = previous and not previous.endswith("。") and len(previous) <= 80
        # a full sentence stands alone: only a value line (「二十日（…）」) takes a heading
        heading = previous if is_heading and not NUMBERED_ITEM.match(s) and not s.endswith("。") else ""
        if lead_in and not ITEM_END.search(s):
            lead_in = ""  # a sentence of its own ends the list of 号
        units.append(Unit(i, s, heading, lead_in))
        if LEAD_IN.search(s) and s.endswith("。"):
            lead_in = s
    return units


def asked(question: str) -> list[str]:
    """The kinds of answer the question asks for (「何日」 → days), most specific first."""
    return [name for name, ask, _ in ASKS if ask.search(question)]


def holds_answer(kinds: Iterable[str], text: str) -> bool:
    kinds = list(kinds)
    if AMOUNT_KINDS & set(kinds) and "unit" not in kinds:
        text = ONE_UNIT.sub("", text)  # 「単位は、一日とする」「一日につき」 state no 何日
    patterns = {name: pattern for name, _, pattern in ASKS}
    return any(patterns[k].search(text) for k in kinds)


def _overlap(question_grams: Counter[str], text: str) -> int:
    return sum((question_grams & Counter(_BIGRAMS(text))).values())


def question_grams(question: str) -> Counter[str]:
    """The question's character bigrams, its figures also in statute form (「1日」 → 「一日」)."""
    text = strip_boilerplate(prepare(question))
    return Counter(_BIGRAMS(" ".join((text, *statute_numerals(text)))))


def answer_fit(question: str, unit: Unit | None, within_article: bool = True) -> tuple[int, float, float]:
    """How well a unit answers: (:func:`answer_tier`, share of the question's content words it
    and its 号's lead-in hold — compounds whole, through synonyms, readings and the staff-word list
    (:data:`~yorozu_core.text.synonyms.COLLOQUIAL`, as the not-found evidence reads them) —, F1 of shared
    bigrams: a short unit that states the point beats a long one that mentions the same words in
    passing)."""
    if unit is None:
        return (0, 0.0, 0.0)
    f1 = _f1(question_grams(question), unit.display)
    # a 号 is read with the sentence that introduces it, as in best_unit (ADR 0422)
    words = coverage(question, unit.lead_in + unit.display, extra_synonyms=COLLOQUIAL)
    return (answer_tier(question, unit.text, within_article), words, f1)


def asked_counter(question: str) -> re.Pattern[str] | None:
    """The counter the question names (何分 → a figure with 分, 何か月 → 月), or None."""
    for ask, figure in COUNTERS:
        if ask.search(question):
            return figure
    return None


def answer_tier(question: str, text: str, within_article: bool = True) -> int:
    """0: does not hold what was asked; else 1, plus 2 when its figure has the counter the
    question names (何分 → 「六十分」 rather than 「四時間」), plus 1 when it sets a limit exactly
    when the question asks for one (何日まで → 「九十日を超えることはできない」; 何日 →
    「二十日とする」 rather than 「二十日を限度として繰り越す」). Across articles (not
    ``within_article``, ADR 0421) only an explicit cap counts, against a question for no limit: a
    limit question does not prefer the article that words its figure as one."""
    kinds = asked(question)
    if not holds_answer(kinds, text):
        return 0
    # 「一月一日から十二月三十一日まで」 is a span, not a limit — unless the span is what is asked
    stated = text if {"period", "when"} & set(kinds) else RANGE.sub("", text)
    counter = asked_counter(question)
    counted = text if "unit" in kinds else ONE_UNIT.sub("", text)  # 「一日につき」 is no 何日
    names_counter = counter is not None and bool(counter.search(counted))
    asks = bool(ASKS_LIMIT.search(question))
    if within_article:
        as_asked = asks == bool(SETS_LIMIT.search(stated))
    else:
        as_asked = not (asks or CAP.search(stated))
    return 1 + 2 * int(names_counter) + int(as_asked)


def _f1(grams: Counter[str], text: str) -> float:
    """F1 of the question's bigrams found in ``text``: recall over the question, precision over
    the text."""
    shared = _overlap(grams, text)
    if not shared:
        return 0.0
    recall = shared / max(1, sum(grams.values()))
    precision = shared / max(1, len(text) - 1)
    return 2 * recall * precision / (recall + precision)


def best_unit(question: str, text: str) -> Unit | None:
    """The unit that holds what the question asks for (a figure with 日 for 何日, 円 or 無料 for
    いくら …; :func:`answer_tier`), then holds most of the question's content words (through
    synonyms and normalized forms), then shares the question's bigrams most densely (F1)."""
    units = answer_units(text)
    if not units:
        return None
    grams = question_grams(question)

    tiers = [answer_tier(question, u.text) for u in units]
    top = max(tiers)

    def score(u: Unit) -> tuple[float, float, int]:
        # among the units of the best tier: the question's words through synonyms, normalized
        # forms and the staff-word list (寄付/寄附, 子ども/子; 妻の出産 picks its own 号 among the
        # 特別休暇), then bigram F1
        # a 号 is read with the sentence that introduces it
        return (
            coverage(question, u.lead_in + u.display, extra_synonyms=COLLOQUIAL),
            _f1(grams, u.display),
            -u.index,
        )

    return max((u for u, tier in zip(units, tiers, strict=True) if tier == top), key=score)


def follow_delegation(question: str, chunk: Chunk, unit: Unit, chunks: Mapping[str, Chunk]) -> Chunk | None:
    """When ``unit`` hands the figure to another rule (「人事院規則で定める日数」) instead of stating
    it, the chunk of another regulation that defines it for this article (「勤務時間法第十七条
    第一項第一号…の人事院規則で定める日数は」) and holds what was asked; else None."""
    kinds = asked(question)
    delegation = DELEGATION.search(unit.text)
    if not kinds or holds_answer(kinds, unit.text) or not delegation or not chunk.article:
        return None
    kind = delegation.group(1)
    cites = re.compile(re.escape(chunk.article) + r"[^。]{0,40}?" + kind + "で定める")
    for other in chunks.values():
        if other.source == chunk.source or other.supplementary:
            continue
        if not DELEGATED_TITLE[kind].search(other.regulation_title):
            continue
        if cites.search(other.text) and holds_answer(kinds, other.text):
            return other
    return None
