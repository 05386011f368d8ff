"""The one way a number is read, by the importers and the forms alike: plain ASCII digits with
an optional sign, point and exponent, or a refusal that says why; never a guess."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_access.numbers import LARGEST, PLAIN, NumberRefused, parse_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("5", 5.0),
        ("-5", -5.0),
        ("+5", 5.0),
        ("-0", 0.0),
        ("81.0", 81.0),
        (".5", 0.5),
        ("5.", 5.0),
        (" 42 ", 42.0),
        ("1.5E-05", 1.5e-05),  # as a spreadsheet writes a small number
        ("1e12", 1e12),
    ],
)
def test_plain_numbers_are_read(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,5", "has a comma"),  # fifteen, or one and a half?
        ("1,234", "has a comma"),
        ("1_000", "has an underscore"),
        ("５", "not a plain ASCII 0-9 ('５')"),  # fullwidth
        ("٥٠", "not a plain ASCII 0-9 ('٥')"),  # Arabic-Indic
        ("²", "not a plain ASCII 0-9"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("nan", "not a finite number"),
        ("1e300", "beyond any figure"),
        ("1e13", "beyond any figure"),
        ("-1e400", "beyond any figure"),
        ("9" * 400, "beyond any figure"),
        ("92%", "has a % sign"),
        ("0x10", "not a number written as plain ASCII digits"),
        ("1.2.3", "not a number written as plain ASCII digits"),
        ("£5", "not a number written as plain ASCII digits"),
        ("five", "not a number written as plain ASCII digits"),
        ("--5", "not a number written as plain ASCII digits"),
        ("5e", "not a number written as plain ASCII digits"),
        ("", "is empty"),
        ("  ", "is empty"),
    ],
)
def test_numbers_a_reader_could_take_two_ways_are_refused_with_the_reason(text, reason):
    with pytest.raises(NumberRefused) as refused:
        parse_number(text)
    assert reason in refused.value.reason


def test_a_form_may_write_a_percentage_with_its_sign():
    assert parse_number("92%", percent_sign=True) == 92.0
    assert parse_number(" 92.5 % ", percent_sign=True) == 92.5
    assert parse_number("92", percent_sign=True) == 92.0
    for text in ("%", "92%%", "%92", "9,2%"):
        with pytest.raises(NumberRefused):
            parse_number(text, percent_sign=True)


def check(text: str, percent_sign: bool) -> None:
    """A finite number that the plain ASCII text writes, or a refusal with its reason; a parse
    that fails any other way fails the test."""
    try:
        number = parse_number(text, percent_sign=percent_sign)
    except NumberRefused as refused:
        assert refused.reason.strip()
        return
    written = text.strip()
    if percent_sign:
        written = written.removesuffix("%").rstrip()
    assert written.isascii() and PLAIN.fullmatch(written), text
    assert math.isfinite(number) and abs(number) <= LARGEST
    assert number == float(written)


@given(text=st.text(), percent_sign=st.booleans())
def test_any_text_is_a_plain_number_or_a_refusal_with_a_reason(text, percent_sign):
    check(text, percent_sign)


NUMBERISH = st.text(st.sampled_from("0123456789+-.eE%,_ ５٥²"), max_size=12)


@given(text=NUMBERISH | st.from_regex(PLAIN, fullmatch=True), percent_sign=st.booleans())
def test_text_made_of_number_parts_is_a_plain_number_or_a_refusal(text, percent_sign):
    check(text, percent_sign)


@given(number=st.floats(-LARGEST, LARGEST))
def test_every_figure_in_range_reads_back_as_itself(number):
    for text in (repr(number), f"{number:.6f}", f"{number:e}"):
        assert parse_number(text) == float(text)
