"""The English catalogue (``cliens_tk/i18n/en.po``): well formed, used at run time, and complete.

The strings are extracted with ``build/update_translations.py`` (the same code the maintainers run),
so adding Italian text to the code without translating it makes ``test_most_strings_are_translated``
fail with the list of missing msgids. Fix: ``python build/update_translations.py``, then fill the
empty ``msgstr`` entries in ``en.po``.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from cliens_tk import i18n

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "build" / "update_translations.py"
PO_FILE = ROOT / "cliens_tk" / "i18n" / "en.po"
MIN_COVERAGE = 0.95


def _load_script():
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


update_translations = _load_script()


@pytest.fixture(scope="module")
def catalog():
    return update_translations.load_catalog(PO_FILE)


@pytest.fixture(scope="module")
def extraction():
    return update_translations.extract()


@pytest.fixture
def back_to_italian():
    yield
    i18n.install("it")


_BRACES = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def placeholders(text: str) -> tuple[list[str], list[str]]:
    """``{name}`` / ``{name:spec}`` fields and %-style conversions, each as a sorted list."""
    braces = sorted(_BRACES.findall(text))
    return braces, sorted(_PERCENT.findall(_BRACES.sub("", text)))


def test_placeholders_helper():
    assert placeholders("{n} di {total:.1f} — %s e %(name)r, {d:%d/%m/%Y}") == (
        ["{d:%d/%m/%Y}", "{n}", "{total:.1f}"], ["%(name)r", "%s"])


def test_catalogue_parses_and_placeholders_match(catalog):
    assert catalog.locale_identifier == "en"
    assert catalog.num_plurals == 2
    problems = []
    entries = [m for m in catalog if m.id]
    assert len(entries) > 100
    for message in entries:
        if isinstance(message.id, tuple):
            assert isinstance(message.string, tuple) and len(message.string) == 2, message.id
            pairs = list(zip(message.id, message.string))
        else:
            assert isinstance(message.string, str), message.id
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            if translation and placeholders(source) != placeholders(translation):
                problems.append(f"{source!r} -> {translation!r}")
            if translation and source.count("\n") != translation.count("\n"):
                problems.append(f"line breaks differ: {source!r} -> {translation!r}")
    assert not problems, "placeholders differ from the msgid:\n" + "\n".join(problems)


def test_runtime_loader_reads_the_catalogue():
    loaded = i18n._load_po("en")
    assert loaded.gettext("Udienza") == "Hearing"
    assert loaded.gettext("testo che non esiste") == "testo che non esiste"


def test_kind_labels_switch_to_english_and_back(back_to_italian):
    from cliens_tk.domain.activity import ActivityKind, kind_label

    italian = {kind: kind_label(kind) for kind in ActivityKind}
    assert italian[ActivityKind.HEARING] == "Udienza"

    assert i18n.install("en") == "en" and i18n.current_language() == "en"
    english = {kind: kind_label(kind) for kind in ActivityKind}
    assert english == {
        ActivityKind.HEARING: "Hearing",
        ActivityKind.OFFICE: "Office activity",
        ActivityKind.OUTSIDE: "Outside activity",
        ActivityKind.PERSONAL: "Personal activity",
        ActivityKind.POLISWEB: "PolisWeb activity",
    }

    i18n.install("it")
    assert {kind: kind_label(kind) for kind in ActivityKind} == italian


def test_strings_resolved_from_constants_are_translated(back_to_italian):
    from cliens_tk.pec.kinds import ReceiptType, receipt_label
    from cliens_tk.pec.states import MessageState, state_label

    i18n.install("en")
    assert receipt_label(ReceiptType.DELIVERY) == "Delivery receipt"
    assert state_label(MessageState.PARTIALLY_DELIVERED) == "Partially delivered"
    i18n.install("it")
    assert receipt_label(ReceiptType.DELIVERY) == "Ricevuta di avvenuta consegna"


def _help(capsys, *argv) -> str:
    from cliens_tk.cli import main

    with pytest.raises(SystemExit) as ended:
        main([*argv, "--help"])
    assert ended.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines


def test_cli_help_in_english_and_back(capsys, back_to_italian):
    english = _help(capsys, "--lang", "en")
    assert "Agenda, case archive and PolisWeb download for court-appointed experts." in english
    assert "shows the version and exits" in english
    assert "mostra la versione ed esce" not in english

    italian = _help(capsys, "--lang", "it")
    assert "mostra la versione ed esce" in italian
    assert "shows the version and exits" not in italian
    assert i18n.current_language() == "it"


def test_plural_entries_are_used(back_to_italian):
    i18n.install("en")
    assert i18n.ngettext("{n} giorno", "{n} giorni", 1) == "{n} day"
    assert i18n.ngettext("{n} giorno", "{n} giorni", 3) == "{n} days"


def test_extraction_finds_literals_fstring_calls_plurals_and_constants(extraction):
    messages = extraction.messages
    assert "Udienza" in messages  # _("...")
    assert ("{n} giorno", "{n} giorni") in messages  # ngettext("...", "...", n)
    assert "tutto il giorno" in messages  # _("...") inside an f-string (cli.py)
    assert "Scarica PolisWeb" in messages  # _(TITLE), TITLE a module constant
    assert "Ricevuta di avvenuta consegna" in messages  # _(RECEIPT_LABELS[...])
    assert all(site.resolved for site in extraction.variable_calls if site.path.endswith("pec/kinds.py"))


def test_update_script_is_idempotent(tmp_path, extraction):
    po_file = tmp_path / "en.po"
    shutil.copy(PO_FILE, po_file)
    update_translations.update(po_file, extraction=extraction)
    first = po_file.read_bytes()
    report, _extraction = update_translations.update(po_file, extraction=extraction)
    assert not report.changed and po_file.read_bytes() == first


def test_update_script_keeps_translations_and_obsoletes_old_entries(tmp_path, extraction):
    po_file = tmp_path / "en.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        'msgid "Udienza"\nmsgstr "Hearing"\n\n'
        'msgid "Testo tolto dal programma"\nmsgstr "Text removed from the program"\n',
        encoding="utf-8",
    )
    report, _extraction = update_translations.update(po_file, extraction=extraction)
    catalog = update_translations.load_catalog(po_file)
    assert catalog["Udienza"].string == "Hearing"
    assert "Testo tolto dal programma" in catalog.obsolete
    assert report.translated == 1 and len(report.missing) == report.total - 1
    assert update_translations.update(po_file, extraction=extraction)[0].changed is False


def test_most_strings_are_translated(catalog, extraction):
    translated = {m.id for m in catalog if m.id and update_translations.is_translated(m)}
    missing = [msgid for msgid in extraction.messages if msgid not in translated]
    total = len(extraction.messages)
    coverage = 1 - len(missing) / total
    listing = "\n".join(
        f"  {msgid!r}    [{', '.join(extraction.messages[msgid])}]" for msgid in missing
    )
    assert coverage >= MIN_COVERAGE, (
        f"only {coverage:.1%} of {total} strings have an English translation "
        f"(at least {MIN_COVERAGE:.0%} needed). Run `python build/update_translations.py` and "
        f"translate in cliens_tk/i18n/en.po:\n{listing}"
    )
