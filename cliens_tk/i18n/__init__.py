"""Translations: the UI speaks Italian (the source strings); English comes from ``en.po``.

``_`` is safe to import anywhere; ``install(language)`` switches the language for the process.
The English catalogue is read from the ``.po`` file with babel (a tkcalendar dependency), so no
compiled ``.mo`` file has to be kept in the repository.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent
SUPPORTED = ("it", "en")
_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "it"


class _PoTranslations(gettext.NullTranslations):
    def __init__(self, singular: dict[str, str], plural: dict[str, tuple[str, ...]]):
        super().__init__()
        self._singular = singular
        self._plural = plural

    def gettext(self, message: str) -> str:
        return self._singular.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._plural.get(singular)
        if not forms:
            return singular if n == 1 else plural
        return forms[0] if n == 1 else forms[-1]  # English: one, other


def _load_po(language: str) -> gettext.NullTranslations:
    po_file = _HERE / f"{language}.po"
    if not po_file.exists():
        return gettext.NullTranslations()
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(message.string)
            if all(forms):
                plural[message.id[0]] = forms
        else:
            singular[message.id] = message.string
    return _PoTranslations(singular, plural)


def detect_language() -> str:
    """Italian unless English is asked for with ``--lang en`` or ``CLIENS_TK_LANG=en``.

    The system locale is not followed: the users are Italian experts whose machines are often
    set to English, and court terms read wrongly in translation.
    """
    code = os.environ.get("CLIENS_TK_LANG", "")[:2].lower()
    return code if code in SUPPORTED else "it"


def install(language: str | None = None) -> str:
    global _translations, _language
    language = language or detect_language()
    if language not in SUPPORTED:
        language = "it"
    _translations = _load_po(language) if language != "it" else gettext.NullTranslations()
    _language = language
    return language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
