"""Personal data typed into free text, found and masked in place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.ids.personal import mask_text


@pytest.mark.parametrize(
    ("text", "masked", "kinds"),
    [
        ("身份证410105199001011233号", "身份证410105************号", ["id-number"]),
        # a wrong check character is a typo, still a number to hide
        ("身份证410105199001011234", "身份证410105************", ["id-number"]),
        ("身份证41010519900101123x", "身份证410105************", ["id-number"]),
        ("旧证410105900101123", "旧证410105*********", ["id-number"]),  # legacy 15 digits
        ("电话13812345678。", "电话138****5678。", ["mobile"]),
        ("电话+8613812345678", "电话+8613812345678", []),  # glued to 86: not a mobile alone
        ("座机0371-12345678", "座机0371-12345678", []),
        ("卡号6222021234567890123", "卡号***************0123", ["bank-card"]),
        ("卡号6222-0212-3456-7890", "卡号****-****-****-7890", ["bank-card"]),
        ("卡号622202123456789", "卡号622202123456789", []),  # 15 digits, no real date
        ("mail a.b-c@gov.cn ok", "mail a***@gov.cn ok", ["email"]),
        ("13812345678@163.com", "1***@163.com", ["email"]),
        ("罚款5000元，2026年5月1日", "罚款5000元，2026年5月1日", []),
        ("代码91410100MA44FOOD01", "代码91410100MA44FOOD01", []),
        (
            "甲410105199001011233乙13812345678",
            "甲410105************乙138****5678",
            ["id-number", "mobile"],
        ),
    ],
)
def test_mask_text(text: str, masked: str, kinds: list[str]) -> None:
    result, hits = mask_text(text)
    assert result == masked
    assert [h.kind for h in hits] == kinds
    for hit in hits:  # the span is the hit in the original text
        assert not text[hit.start : hit.end].startswith(("甲", "乙"))


def test_an_18_digit_run_without_a_real_birth_date_is_a_bank_card() -> None:
    result, hits = mask_text("账户622202199913451234")
    assert [h.kind for h in hits] == ["bank-card"]
    assert result == "账户**************1234"


def test_detectors_can_be_limited() -> None:
    assert mask_text("13812345678 a@b.cn", ("email",)) == (
        "13812345678 a***@b.cn",
        mask_text("13812345678 a@b.cn", ("email",))[1],
    )
    assert mask_text("13812345678", ())[0] == "13812345678"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="0123456789 -@.abcX张", max_size=60))
def test_the_first_look_never_misses_what_the_pattern_would_find(text: str) -> None:
    """Text the cheap first look passes over holds nothing any detector would mask."""
    from sgs.ids import personal

    if personal._MAYBE.search(text) is None:
        assert not [m for m in personal._PATTERN.finditer(text) if personal._classify(m)]


@pytest.mark.parametrize(
    "text",
    ["13812345678", "6222 0212 3456 7890", "6222-0212-3456-7890-123", "a@b.cn",
     "410105199001011233", "410105900101123"],
)  # fmt: skip
def test_the_first_look_lets_every_kind_through(text: str) -> None:
    assert mask_text(f"见{text}。")[1]
