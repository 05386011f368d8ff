"""Reading a number that a person typed or a file holds: the one rule for the importers and the
forms, so that a figure refused on one road is not let in by another.

A number is written in plain ASCII: digits with an optional sign, decimal point and exponent
(1.5E-05, as spreadsheets write small numbers), and nothing else. Anything that a reader could
take two ways is refused with the reason, never guessed at: `1,5` (fifteen, or one and a half?),
`1_000`, digits of other scripts (`５`, `٥٠`), `inf`, `nan`, and magnitudes no figure here could
have (1e300).
"""

from __future__ import annotations

import math
import re
import unicodedata

LARGEST = 1e12  # a million million: above any count, rate or total a council could publish
PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
SHAPE = "plain ASCII digits with an optional point and sign (-1234.5)"


class NumberRefused(ValueError):
    """Why a text is not taken as a number: `reason` follows the text, as in "'1,5' has a
    comma: ...", and needs nothing else to be understood."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _foreign_digit(text: str) -> str | None:
    """The first digit of another script (fullwidth, Arabic-Indic, superscript ...), if any."""
    for character in text:
        if not character.isascii() and unicodedata.category(character)[0] == "N":
            return character
    return None


def parse_number(text: str, *, percent_sign: bool = False) -> float:
    """The number `text` writes, or NumberRefused saying why it is not one.

    Surrounding spaces are ignored. With `percent_sign`, for a percentage typed in a form, a
    trailing `%` is allowed and means nothing more than the number (`92%` is 92).
    """
    written = text.strip()
    if percent_sign and written.endswith("%"):
        written = written[:-1].rstrip()
    if not (written.isascii() and written.isdigit()):  # the commonest figure, a count, is
        if not written:
            raise NumberRefused("is empty: there is no number")
        if PLAIN.fullmatch(written) is None:
            raise NumberRefused(_why_not(written, percent_sign))
    number = float(written)
    if not math.isfinite(number) or abs(number) > LARGEST:
        raise NumberRefused(
            f"is beyond any figure this dashboard could hold (at most {LARGEST:,.0f} either way)"
        )
    return number + 0.0  # -0 is 0


def _why_not(written: str, percent_sign: bool) -> str:
    """The plainest reason `written` (not empty) is not a plain number."""
    digit = _foreign_digit(written)
    if digit is not None:
        return f"has a digit that is not a plain ASCII 0-9 ('{digit}'): write {SHAPE}"
    if "," in written:
        return (
            "has a comma: write a number without thousands separators and with a point for "
            "decimals (1234.5)"
        )
    if "_" in written:
        return "has an underscore: write the digits alone (1000)"
    if written.endswith("%") and not percent_sign:
        return "has a % sign: give the number alone (92 for 92%)"
    if written.lower().lstrip("+-") in {"inf", "infinity", "nan"}:
        return "is not a finite number"
    return f"is not a number written as {SHAPE}"
