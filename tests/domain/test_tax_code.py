"""Codice fiscale: official check character, format messages, omocodia."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.tax_code import (
    DIGIT_POSITIONS, MONTHS, OMOCODIA_LETTERS, TaxCodeError, canonical, check_character, is_valid, normalize,
    same_person, validate,
)

# The revenue agency's published «Mario Rossi» example, and a code for a woman (day + 40).
KNOWN_VALID = ["RSSMRA85T10A562S", "BNCGLI90A41F205H"]

letters = st.sampled_from(string.ascii_uppercase)
digits = st.sampled_from(string.digits)


@st.composite
def base_codes(draw) -> str:
    """A valid all-digits code built from its parts, with the right check character."""
    surname_name = "".join(draw(st.lists(letters, min_size=6, max_size=6)))
    year = f"{draw(st.integers(0, 99)):02d}"
    month = draw(st.sampled_from(MONTHS))
    day = draw(st.integers(1, 31)) + draw(st.sampled_from((0, 40)))
    place = draw(letters) + f"{draw(st.integers(0, 999)):03d}"
    first = f"{surname_name}{year}{month}{day:02d}{place}"
    return first + check_character(first)


@st.composite
def omocodic_codes(draw) -> tuple[str, str]:
    """(base code, the same code with some digits replaced from the right, as the agency does)."""
    base = draw(base_codes())
    replaced = draw(st.integers(1, len(DIGIT_POSITIONS)))
    chars = list(base[:15])
    for index in DIGIT_POSITIONS[::-1][:replaced]:
        chars[index] = OMOCODIA_LETTERS[int(chars[index])]
    first = "".join(chars)
    return base, first + check_character(first)


def test_the_published_examples_are_valid():
    for code in KNOWN_VALID:
        assert validate(code) == code


def test_spaces_and_lower_case_are_accepted_and_normalized():
    assert validate(" rssmra 85t10 a562s ") == "RSSMRA85T10A562S"
    assert normalize("rss mra") == "RSSMRA"


def test_a_wrong_check_character_is_refused_with_a_clear_message():
    with pytest.raises(TaxCodeError, match="carattere di controllo"):
        validate("RSSMRA85T10A562T")


@pytest.mark.parametrize("code, fragment", [
    ("", "Scrivere il codice fiscale"),
    ("RSSMRA85T10A562", "16 caratteri, ne sono stati scritti 15"),
    ("RSSMRA85T10A56-S", "solo lettere e cifre"),
    ("RSS1RA85T10A562S", "carattere n. 4"),
    ("RSSMRA8XT10A562S", "carattere n. 8"),
    ("RSSMRA85Z10A562S", "mese di nascita"),
    ("RSSMRA85T35A562S", "giorno di nascita"),
])
def test_format_errors_say_what_to_correct(code, fragment):
    with pytest.raises(TaxCodeError, match=fragment):
        validate(code)


def test_an_omocodic_code_is_valid_and_names_the_same_person():
    omocodic = "RSSMRA85T10A56NH"  # last digit 2 -> N, check character recomputed
    assert is_valid(omocodic)
    assert canonical(omocodic) == "RSSMRA85T10A562S"
    assert same_person(omocodic, "rssmra85t10a562s")
    assert not same_person("RSSMRA85T10A562S", "BNCGLI90A41F205H")
    assert not same_person("RSSMRA85T10A562S", "not a code")


@given(base_codes())
def test_every_code_built_by_the_rules_is_valid(code):
    assert validate(code) == code
    assert canonical(code) == code


@given(omocodic_codes())
def test_omocodic_forms_are_valid_and_canonicalize_to_the_base(pair):
    base, omocodic = pair
    assert is_valid(omocodic)
    assert canonical(omocodic) == base
    assert same_person(base, omocodic)


@given(base_codes(), st.integers(0, 14), st.data())
def test_any_single_character_change_is_detected(code, index, data):
    original = code[index]
    pool = string.digits + OMOCODIA_LETTERS if index in DIGIT_POSITIONS else string.ascii_uppercase
    replacement = data.draw(st.sampled_from([c for c in pool if c != original]))
    changed = code[:index] + replacement + code[index + 1:]
    assert not is_valid(changed)


@given(base_codes(), st.sampled_from(string.ascii_uppercase))
def test_only_the_right_check_character_is_accepted(code, last):
    assert is_valid(code[:15] + last) == (last == code[15])
