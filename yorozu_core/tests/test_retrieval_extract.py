"""The sentence that states the answer: parenthesis-aware splitting, what a question asks for,
the 号 that holds the figure, and the delegation to a rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from yorozu_core.retrieval.answer import LEAD_QUOTE_CHARS, QUOTE_CHARS, build_extractive_answer
from yorozu_core.retrieval.extract import (
    Unit,
    answer_fit,
    answer_tier,
    answer_units,
    asked,
    best_unit,
    follow_delegation,
    holds_answer,
    split_sentences,
)
from yorozu_core.retrieval.types import Chunk, Hit

ARTICLE_17 = (
    "年次休暇は、一の年ごとにおける休暇とし、その日数は、一の年において、次の各号に掲げる職員の区分に応じて、"
    "当該各号に掲げる日数とする。\n"
    "次号及び第三号に掲げる職員以外の職員\n"
    "二十日（定年前再任用短時間勤務職員にあっては、その者の勤務時間等を考慮し二十日を超えない範囲内で"
    "人事院規則で定める日数）\n"
    "年次休暇（これに準ずるものとして人事院規則で定める休暇を含む。）は、翌年に繰り越すことができる。"
)


def chunk(source: str, article: str, text: str, title: str = "勤務時間法") -> Chunk:
    return Chunk(f"{source}#{article}", source, title, "", article, "", None, (), False, text)


def test_it_does_not_split_inside_parentheses() -> None:
    text = "職員（以下「職員」という。）は、休暇を請求する。ただし、急病の場合（事後の請求を含む。）は、この限りでない。"
    assert split_sentences(text) == [
        "職員（以下「職員」という。）は、休暇を請求する。",
        "ただし、急病の場合（事後の請求を含む。）は、この限りでない。",
    ]


@given(st.lists(st.text(alphabet="あいう（）。", max_size=12), max_size=6))
def test_splitting_keeps_every_character(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert "".join(split_sentences(text)) == "".join(text.split()).replace("\n", "")


def test_it_knows_what_a_question_asks_for() -> None:
    assert asked("年休は何日もらえる？")[0] == "days"
    assert "amount" in asked("使用料はいくら？")
    assert "who" in asked("誰が表彰するの？")
    assert asked("年休って繰り越せる？") == []
    assert "ratio" in asked("残業が60時間を超えたら何割増しになる？")
    assert "distance" in asked("何キロから通勤手当が出る？")


def test_a_share_of_pay_is_found_as_the_answer_to_how_much() -> None:
    article = "休業補償は、一日につき平均給与額の百分の六十に相当する金額とする。\n補償は、毎月支給する。"
    unit = best_unit("休業補償は給料のどれくらい？", article)
    assert unit is not None and "百分の六十" in unit.text


def test_the_item_holding_the_figure_leads_with_its_heading() -> None:
    unit = best_unit("年休は1年に何日もらえる？", ARTICLE_17)
    assert unit is not None and unit.text.startswith("二十日")
    assert unit.display.startswith("次号及び第三号に掲げる職員以外の職員：二十日")


def test_a_question_without_a_figure_gets_the_best_matching_sentence() -> None:
    unit = best_unit("年休って繰り越せる？", ARTICLE_17)
    assert unit is not None and "繰り越す" in unit.text


def test_a_delegated_figure_is_followed_to_the_rule_that_states_it() -> None:
    law = chunk("law", "第二十条", "介護休暇の期間は、人事院規則で定める期間とする。")
    rule = chunk(
        "rule",
        "第二十三条",
        "勤務時間法第二十条第一項の人事院規則で定める期間は、二週間以上の期間とする。",
        title="人事院規則一五―一四",
    )
    unrelated = chunk(
        "rule", "第一条", "この規則は勤務時間に関する事項を定める。", title="人事院規則一五―一四"
    )
    corpus = {c.chunk_id: c for c in (law, rule, unrelated)}
    unit = best_unit("介護休暇の期間はどのくらい？", law.text)
    assert unit is not None
    assert follow_delegation("介護休暇の期間はどのくらい？", law, unit, corpus) == rule
    answer = build_extractive_answer(
        "介護休暇の期間はどのくらい？",
        [Hit(law.chunk_id, 1.0)],
        {law.chunk_id: law},
        min_relevance=0.0,
        corpus=corpus,
    )
    # both are quoted; the rule that states the figure leads the answer
    assert [p.citation.chunk_id for p in answer.passages] == [rule.chunk_id, law.chunk_id]
    assert "二週間以上" in answer.passages[0].highlight


def test_no_delegation_is_followed_when_the_article_states_the_figure() -> None:
    law = chunk("law", "第十七条", ARTICLE_17)
    unit = best_unit("年休は何日？", law.text)
    assert unit is not None and follow_delegation("年休は何日？", law, unit, {law.chunk_id: law}) is None


def test_numbered_items_do_not_take_the_previous_item_as_heading() -> None:
    text = "駐輪場に駐車できるものは、次の各号に掲げるものとする。\n(1)　原動機付自転車\n(2)　自転車"
    assert [u.display for u in answer_units(text)][1:] == ["(1)　原動機付自転車", "(2)　自転車"]


def test_a_short_sentence_that_states_the_point_beats_a_long_one_that_mentions_it() -> None:
    text = (
        "介護休暇は、一日の所定労働時間が短い職員として定めるもの以外の者は、定めるところにより、"
        "一日未満の単位で取得することができる。\n介護時間の単位は、三十分とする。"
    )
    unit = best_unit("介護時間は何分単位で取るの？", text)
    assert unit is not None and "三十分" in unit.text


def test_a_question_for_a_limit_leads_with_the_sentence_that_sets_it() -> None:
    text = (
        "病気休暇の期間は、療養のため必要最小限度の期間とする。ただし、特定病気休暇の期間は、"
        "連続して九十日を超えることはできない。\n連続する八日以上の期間の特定病気休暇を使用した職員が"
        "二十日に達する日までに再度使用したときは、連続しているものとみなす。"
    )
    unit = best_unit("病気休暇は連続で何日まで取れるの？", text)
    assert unit is not None and "九十日" in unit.text


def test_an_article_quoted_for_its_figure_leads_the_answer_over_a_higher_ranked_one() -> None:
    general = chunk("law", "第二条", "職員は、休暇を取得する場合には、その事情を明らかにしなければならない。")
    rule = chunk(
        "rule",
        "第二十七条",
        "年次休暇の承認を受けようとする職員は、あらかじめ各省各庁の長に請求しなければならない。",
    )
    corpus = {c.chunk_id: c for c in (general, rule)}
    answer = build_extractive_answer(
        "休暇を取るときは誰に請求するの？",
        [Hit(general.chunk_id, 2.0), Hit(rule.chunk_id, 1.0)],
        corpus,
        min_relevance=0.0,
    )
    assert answer.passages[0].citation.chunk_id == rule.chunk_id
    assert "各省各庁の長" in answer.passages[0].highlight


def test_a_question_for_an_amount_prefers_the_unit_that_states_it_to_a_cap() -> None:
    text = (
        "年次休暇の日数のうち使用しなかった日数（二十日を限度とする。）は、翌年に繰り越すことができる。\n"
        "年次休暇の日数は、一の年において二十日とする。"
    )
    unit = best_unit("年休は何日？", text)
    assert unit is not None and unit.text.startswith("年次休暇の日数は、一の年")


def test_how_far_asks_for_a_figure_not_a_place() -> None:
    first = chunk(
        "law", "第六条", "船員である職員の勤務時間は、人事院規則で定める場所において延長することができる。"
    )
    lead = chunk("rule", "第八条", "前条の勤務時間は、一日につき一時間十五分まで延長することができる。")
    corpus = {c.chunk_id: c for c in (first, lead)}
    hits = [Hit(first.chunk_id, 3.0), Hit(lead.chunk_id, 1.0)]
    question = "船に乗る職員の勤務時間はどこまで延長できる？"
    assert "extent" in asked(question) and "where" not in asked(question)
    answer = build_extractive_answer(question, hits, corpus, min_relevance=0.0)
    assert [p.citation.chunk_id for p in answer.passages] == [lead.chunk_id, first.chunk_id]
    assert "一時間十五分" in answer.passages[0].highlight


def test_a_question_for_no_figure_gets_the_item_holding_its_words_in_another_spelling() -> None:
    text = (
        "表彰は、次の各号に該当する者について町長がこれを行う。\n"
        "(1)　町の公益のため多年にわたり尽力し、その功績が特に顕著な者\n"
        "(2)　町の公益のため多額の私財を寄附し、その功績が顕著な者"
    )
    unit = best_unit("寄付をしてくれた人についての決まりは？", text)
    assert unit is not None and "私財を寄附し" in unit.text


def test_among_items_that_hold_a_figure_the_one_about_the_question_leads() -> None:
    text = (
        "特別休暇の期間は、次の各号に掲げる場合の区分に応じ、当該各号に定める期間とする。\n"
        "夏季における休養のため特別休暇を取る場合\n連続する三日の範囲内の期間\n"
        "職員の妻（届出をしないが事実上婚姻関係と同様の事情にある者を含む。）が出産する場合で、"
        "その出産に伴い勤務しないことが相当であると認められるとき\n二日の範囲内の期間"
    )
    unit = best_unit("妻の出産のときに夫が取れる特別休暇は何日？", text)
    assert unit is not None and unit.text == "二日の範囲内の期間"


def test_one_day_as_a_unit_does_not_answer_how_many_days() -> None:
    text = (
        "年次休暇の単位は、1日とする。\n"
        "年次休暇は、一の年（1月1日から12月31日までをいう。以下同じ。）ごとにおける休暇とし、"
        "その日数は、一の年において20日とする。"
    )
    unit = best_unit("年休は何日もらえる？", text)
    assert unit is not None and "20日とする" in unit.text
    # a span (1月1日から12月31日まで) is not the limit a 「まで」 alone sets
    # holds 日 (1), names the asked counter (+2), sets no limit, as the question asks none (+1)
    assert answer_tier("年休は何日もらえる？", unit.text) == 4
    # …and a question about the unit still gets it
    unit = best_unit("年休は何日単位で取れる？", text)
    assert unit is not None and unit.text == "年次休暇の単位は、1日とする。"


def test_a_date_on_the_first_of_a_month_still_answers_when() -> None:
    assert answer_tier("いつから適用される？", "この規則は、令和六年四月一日から施行する。") >= 1
    assert answer_tier("年休は何日？", "勤務時間は、一日につき七時間四十五分とする。") == 0


def test_the_staff_words_count_for_the_unit_that_leads_as_they_do_for_the_evidence() -> None:
    # 子ども is the statute's 子 (synonyms.COLLOQUIAL): the unit about the 子 shares more of the question
    question = "子どもが熱を出したときの休暇は何日？"
    nursing = Unit(0, "その子の看護のため勤務しないことが相当である場合には、5日の特別休暇を与える。")
    spouse = Unit(0, "職員の妻が出産する場合には、3日の特別休暇を与える。")
    fits = [answer_fit(question, unit, within_article=False) for unit in (nursing, spouse)]
    assert fits[0] > fits[1]


def test_a_rate_per_day_is_no_number_of_days() -> None:
    nursing = "生後1年に達しない子を育てる職員には、1日2回それぞれ30分以内の特別休暇を与える。"
    assert answer_tier("子どもが熱を出したときの休暇は何日？", nursing) == 0
    assert answer_tier("授乳の休みは1日何回？", nursing) > 0
    # …while an hour and a half is an amount of time, in either numerals
    assert holds_answer(["hours"], "1時間30分以内") and holds_answer(["hours"], "一時間三十分以内")


def test_the_counter_the_question_names_wins_within_an_article() -> None:
    text = (
        "各省各庁の長は、次に掲げる基準に適合するように休憩時間を置かなければならない。\n"
        "おおむね毎四時間の連続する正規の勤務時間の後に置くこと。\n"
        "一日につき七時間四十五分の勤務時間を割り振る場合にあっては六十分とすること。\n"
        "職員は、休憩時間を自由に利用することができる。"
    )
    unit = best_unit("お昼の休憩時間は何分？", text)
    assert unit is not None and "六十分" in unit.text
    assert answer_tier("休憩は何分？", "六十分とする。") > answer_tier("休憩は何分？", "四時間とする。") > 0


def test_a_numbered_item_is_read_with_the_sentence_that_introduces_it() -> None:
    units = answer_units(
        "職員は、次に掲げる場合には、休暇を請求することができる。\n子の看護をするとき。\n"
        "災害により出勤できないとき\n前項の休暇は、無給とする。"
    )
    assert [bool(u.lead_in) for u in units] == [False, True, True, False]
    # a full sentence after a 号 takes no heading
    assert units[3].heading == ""


def test_the_amount_of_an_allowance_is_asked_by_its_name() -> None:
    assert "amount" in asked("通勤手当の額は？")


def test_a_time_stated_without_a_figure_answers_until_when() -> None:
    text = "前条第一号の規定による休職の期間は、人事院規則でこれを定める。\n前条第二号の規定による休職の期間は、その事件が裁判所に係属する間とする。"
    unit = best_unit("起訴されて休職になったら、休職期間はいつまで続くの？", text)
    assert unit is not None and "係属する間" in unit.text
    # the span from … to … is the answer to いつまで, not a limit to strike
    span = "任期は、その採用の日から同日の属する会計年度の末日までの期間の範囲内で任命権者が定める。"
    other = "任期は、一週間当たりの勤務時間が短い職員について置く。"
    question = "任期はいつまでの範囲で決める？"
    assert answer_tier(question, span) > answer_tier(question, other)


def test_across_articles_the_limit_wording_does_not_choose_the_lead() -> None:
    # inside an article a limit question still prefers the unit that sets the limit (above); across
    # articles, how the figure is worded says little: the one about the question leads (ADR 0421)
    leave = chunk("rule", "第二十条", "介護休暇の期間は、通算して六月とする。")
    other = chunk("law", "第九条", "育児休業の請求は、一月前までにしなければならない。")
    corpus = {c.chunk_id: c for c in (leave, other)}
    question = "介護休暇は通算で何か月まで取れる？"
    answer = build_extractive_answer(
        question, [Hit(other.chunk_id, 2.0), Hit(leave.chunk_id, 1.0)], corpus, min_relevance=0.0
    )
    assert answer.passages[0].citation.chunk_id == leave.chunk_id


def test_across_articles_a_cap_does_not_answer_a_question_for_no_limit() -> None:
    carry = chunk(
        "rule", "第五条", "使用しなかった年次休暇の日数（20日を限度とする。）は、翌年に繰り越すことができる。"
    )
    days = chunk(
        "rule", "第四条", "年次休暇は、一の年ごとにおける休暇とし、その日数は、一の年において20日とする。"
    )
    corpus = {c.chunk_id: c for c in (carry, days)}
    answer = build_extractive_answer(
        "年休は何日もらえる？", [Hit(carry.chunk_id, 2.0), Hit(days.chunk_id, 1.0)], corpus, min_relevance=0.0
    )
    assert answer.passages[0].citation.chunk_id == days.chunk_id


def test_a_condition_with_ijou_or_made_is_no_cap_across_articles() -> None:
    question = "子どもが熱を出したときの休暇は何日？"
    nursing = "始期に達するまでの子が2人以上の場合にあっては、10日の範囲内の期間の特別休暇を与える。"
    other = "妻が出産する場合には、3日の範囲内の期間の特別休暇を与える。"
    assert answer_tier(question, nursing, within_article=False) == answer_tier(
        question, other, within_article=False
    )
    assert answer_tier(question, "20日を限度として繰り越す。", within_article=False) < answer_tier(
        question, other, within_article=False
    )


def test_an_article_too_weak_to_lead_keeps_its_place_among_those_that_hold_a_figure() -> None:
    weak = chunk("law", "第三十九条", "使用者は、労働者に対し、十日の有給休暇を与えなければならない。")
    plain = chunk("law", "第一条", "職員は、休暇を請求することができる。")
    strong = [
        chunk("rule", "第四条", "年次休暇の日数は、一の年において二十日とする。"),
        chunk("rule", "第五条", "介護休暇の日数は、一の年において五日とする。"),
        chunk("rule", "第六条", "夏季休暇の日数は、一の年において三日とする。"),
    ]
    ranked = (weak, plain, *strong)
    corpus = {c.chunk_id: c for c in ranked}
    answer = build_extractive_answer(
        "年休は何日もらえる？",
        [Hit(c.chunk_id, 5.0 - i) for i, c in enumerate(ranked)],
        corpus,
        min_relevance=0.2,
        relevance=lambda q, c: 0.3 if c is weak else 0.6,
        min_lead=0.4,
    )
    quoted = [p.citation.chunk_id for p in answer.passages]
    assert quoted[0] != weak.chunk_id  # too weak to lead …
    assert weak.chunk_id in quoted  # … but, ranked first, still quoted (before ADR 0422: dropped)


def test_the_first_article_is_quoted_with_more_of_its_text_than_the_others() -> None:
    sentence = "職員の休暇の請求は、所定の様式により、あらかじめ所属の長に対して行うものとし、{}。"
    text = "".join(sentence.format(f"その{n}の場合も同様とする") for n in "一二三四五六七八九十")
    first, second = chunk("rule", "第一条", text), chunk("rule", "第二条", text)
    corpus = {c.chunk_id: c for c in (first, second)}
    answer = build_extractive_answer(
        "休暇の請求は誰に？", [Hit(first.chunk_id, 2.0), Hit(second.chunk_id, 1.0)], corpus, min_relevance=0.0
    )
    assert 300 < len(answer.passages[0].quote) <= LEAD_QUOTE_CHARS + 1
    assert len(answer.passages[1].quote) <= QUOTE_CHARS + 1


def test_across_articles_an_item_is_read_with_the_sentence_that_introduces_it() -> None:
    question = "管理職員特別勤務手当はいくら？"
    pay = chunk("law", "第五条", "職員の手当の額は、勤務の特別な事情に応じて定める額とする。")
    allowance = chunk(
        "law",
        "第十九条の三",
        "管理職員特別勤務手当は、次に掲げる職員の区分に応じ、当該各号に定めるところにより支給する。\n"
        "指定職俸給表の適用を受ける職員\n一万二千円\n管理監督職員等\n六千円",
    )
    corpus = {c.chunk_id: c for c in (pay, allowance)}
    answer = build_extractive_answer(
        question, [Hit(pay.chunk_id, 2.0), Hit(allowance.chunk_id, 1.0)], corpus, min_relevance=0.0
    )
    assert answer.passages[0].citation.chunk_id == allowance.chunk_id
    assert answer.passages[0].highlight.endswith("千円")
    assert answer.passages[0].lead_in.startswith("管理職員特別勤務手当は")


def test_a_delegation_is_followed_only_to_a_regulation_of_the_kind_it_names() -> None:
    law = chunk("law", "第三条", "育児休業の期間は、人事院規則で定める期間とする。", title="育児休業法")
    order = chunk(
        "order",
        "第二条",
        "法第三条第一項に規定する政令で定める期間は、三十日とする。",
        title="金融商品取引法施行令",
    )
    rule = chunk(
        "rule",
        "第四条",
        "育児休業法第三条第一項の人事院規則で定める期間は、五十七日間とする。",
        title="人事院規則一九―〇",
    )
    question = "育児休業の期間は何日？"
    unit = best_unit(question, law.text)
    assert unit is not None
    assert follow_delegation(question, law, unit, {c.chunk_id: c for c in (law, order)}) is None
    assert follow_delegation(question, law, unit, {c.chunk_id: c for c in (law, order, rule)}) == rule


def test_a_fraction_is_no_count_of_minutes() -> None:
    assert not holds_answer(["hours"], "俸給月額に百分の五十を乗じて得た額")
    assert not holds_answer(["extent"], "百分の五十を超える額")
    assert holds_answer(["hours"], "休憩時間は六十分とする")
