"""The Italian codice fiscale of a person (``tax_code``): format, check character, omocodia.

Layout of the 16 characters: surname (3 letters), name (3 letters), year (2 digits), month (one
letter of ``MONTHS``), day (2 digits; +40 for women), place of birth (one letter, 3 digits), check
character. When two people would get the same code, the revenue agency replaces digits, from the
right, with the letters of ``OMOCODIA_LETTERS`` (0 -> L, 1 -> M, ... 9 -> V) and computes the check
character again: such a code is valid and belongs to one person only. ``canonical()`` gives the
all-digits form, so two spellings of the same code compare equal.

An expert is a person: the 11-digit numeric code of companies is not accepted here.
"""

from __future__ import annotations

import string

from cliens_tk.i18n import _

LENGTH = 16
MONTHS = "ABCDEHLMPRST"
OMOCODIA_LETTERS = "LMNPQRSTUV"
DIGIT_POSITIONS = (6, 7, 9, 10, 12, 13, 14)
LETTER_POSITIONS = (0, 1, 2, 3, 4, 5, 8, 11)

# Values of the characters in odd positions (1st, 3rd, ... counting from one) for the check sum;
# characters in even positions count their plain value (0-9, A=0 ... Z=25).
_ODD_VALUES = dict(zip(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
     1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
))
_EVEN_VALUES = {**{d: int(d) for d in string.digits}, **{c: i for i, c in enumerate(string.ascii_uppercase)}}


class TaxCodeError(ValueError):
    """An invalid codice fiscale; the message says, in Italian, what is wrong and what to do."""


def normalize(text: str) -> str:
    """Upper case, without spaces: users paste codes with spaces or in lower case."""
    return "".join(text.split()).upper()


def check_character(first_fifteen: str) -> str:
    """The check character of the first 15 characters (already upper case)."""
    total = 0
    for index, char in enumerate(first_fifteen):
        total += _ODD_VALUES[char] if index % 2 == 0 else _EVEN_VALUES[char]
    return string.ascii_uppercase[total % 26]


def _format_problem(code: str) -> str | None:
    if len(code) != LENGTH:
        return _("il codice fiscale ha 16 caratteri, ne sono stati scritti {n}").format(n=len(code))
    if not code.isascii() or not code.isalnum():
        return _("il codice fiscale contiene solo lettere e cifre")
    for index in LETTER_POSITIONS:
        if not code[index].isalpha():
            return _("il carattere n. {n} («{char}») deve essere una lettera").format(n=index + 1, char=code[index])
    for index in DIGIT_POSITIONS:
        if not (code[index].isdigit() or code[index] in OMOCODIA_LETTERS):
            return _("il carattere n. {n} («{char}») deve essere una cifra").format(n=index + 1, char=code[index])
    if code[8] not in MONTHS:
        return _("il nono carattere («{char}») indica il mese di nascita: una di {months}").format(
            char=code[8], months=", ".join(MONTHS))
    day = int(canonical_digits(code[9:11]))
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return _("il giorno di nascita ({day}) non è valido: deve essere tra 01 e 31, o tra 41 e 71 per le "
                 "donne").format(day=code[9:11])
    if not code[-1].isalpha():
        return _("l'ultimo carattere deve essere una lettera")
    return None


def canonical_digits(text: str) -> str:
    """Omocodia letters back to digits (only meaningful for the digit positions)."""
    return "".join(str(OMOCODIA_LETTERS.index(c)) if c in OMOCODIA_LETTERS else c for c in text)


def validate(text: str) -> str:
    """The normalized code, or ``TaxCodeError`` with a message that says what to correct."""
    code = normalize(text)
    if not code:
        raise TaxCodeError(_("Scrivere il codice fiscale (16 caratteri)."))
    problem = _format_problem(code)
    if problem:
        raise TaxCodeError(_("Codice fiscale non valido: {problem}.").format(problem=problem))
    expected = check_character(code[:15])
    if code[15] != expected:
        raise TaxCodeError(_(
            "Codice fiscale non valido: il carattere di controllo (l'ultimo) non corrisponde agli altri. "
            "Controllare di averlo copiato bene, per esempio dalla tessera sanitaria."))
    return code


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except TaxCodeError:
        return False
    return True


def canonical(text: str) -> str:
    """The all-digits form of a valid code, with its check character recomputed.

    Two codes name the same person exactly when their canonical forms are equal.
    """
    code = validate(text)
    chars = list(code[:15])
    for index in DIGIT_POSITIONS:
        chars[index] = canonical_digits(chars[index])
    base = "".join(chars)
    return base + check_character(base)


def same_person(first: str, second: str) -> bool:
    """True when both codes are valid and differ at most by omocodia (e.g. card vs settings)."""
    try:
        return canonical(first) == canonical(second)
    except TaxCodeError:
        return False
