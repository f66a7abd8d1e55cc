import pytest

from yorozu_core.money import format_change_percent, format_yen
from yorozu_core.municipality_code import check_digit, is_valid_municipality_code


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (110_700_000_000, "1,107億円"),
        (123_450_000, "1億2,345万円"),
        (123_456_789, "1億2,345万6,789円"),
        (4_560, "4,560円"),
        (0, "0円"),
        (-35_000, "-3万5,000円"),
        (2_500_000_000_000, "2兆5,000億円"),
    ],
)
def test_it_groups_by_man_and_oku(amount: int, text: str) -> None:
    assert format_yen(amount) == text


def test_it_rounds_to_man_when_asked() -> None:
    assert format_yen(123_456_789, smallest="万") == "1億2,346万円"


def test_change_percent_is_signed_and_blank_without_a_base() -> None:
    assert format_change_percent(110, 100) == "+10.0%"
    assert format_change_percent(90, 100) == "-10.0%"
    assert format_change_percent(90, None) == "—"


def test_itabashi_code_has_the_right_check_digit() -> None:
    assert check_digit("13119") == 9
    assert is_valid_municipality_code("131199")


@pytest.mark.parametrize("code", ["131190", "13119", "1311999", "13119a", "１３１１９９"])
def test_it_rejects_codes_with_a_wrong_check_digit_or_shape(code: str) -> None:
    assert not is_valid_municipality_code(code)
