"""Keep the English catalogue ``cliens_tk/i18n/en.po`` in step with the Italian strings in the code.

    python build/update_translations.py            # extract, merge, write en.po, report
    python build/update_translations.py --check    # write nothing; exit 1 if en.po is out of date
    python build/update_translations.py --drop-obsolete

What it does:

* extracts every translatable string from ``cliens_tk/`` with babel's Python extractor (keywords
  ``_`` and ``ngettext``), plus what that extractor cannot see on Python 3.11: ``_("...")`` calls
  written inside an f-string's ``{...}``, and ``_(NAME)`` / ``_(NAME[key])`` where ``NAME`` is a
  module-level string, or dict/list/tuple of strings, assigned in the same module;
* merges them into ``en.po``: existing translations are kept, new strings get an empty ``msgstr``,
  strings no longer in the code become obsolete (``#~``) entries, or are dropped with
  ``--drop-obsolete``. An obsolete entry whose string comes back into the code is revived with its
  translation. No fuzzy matching: the runtime loader (``cliens_tk.i18n``) does not honour the fuzzy
  flag, so a guessed translation would be shown to users;
* reports the counts (total, translated, missing), every missing msgid, and every ``_()`` /
  ``ngettext()`` call whose argument is not a literal and could not be resolved.

Running it twice changes nothing: the file is only written when its text changes, locations are
written without line numbers, and the header dates are left alone.

Only the standard library and babel are used.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cliens_tk"
PO_FILE = PACKAGE / "i18n" / "en.po"
KEYWORDS = {"_": None, "ngettext": (1, 2)}
SKIP_DIRS = {"__pycache__"}

MessageId = str | tuple[str, str]


@dataclass(frozen=True)
class CallSite:
    """A ``_()`` / ``ngettext()`` call whose text cannot be read from the source."""

    path: str
    lineno: int
    code: str
    resolved: tuple[str, ...] = ()  # the strings found for it, if any

    def __str__(self) -> str:
        found = f"  -> resolved: {len(self.resolved)} string(s)" if self.resolved else "  -> NOT extractable"
        return f"{self.path}:{self.lineno}: {self.code}{found}"


@dataclass
class Extraction:
    # msgid (str, or (singular, plural) for ngettext) -> source files, in first-seen order
    messages: dict[MessageId, list[str]] = field(default_factory=dict)
    variable_calls: list[CallSite] = field(default_factory=list)
    unparsable: list[str] = field(default_factory=list)  # files with a syntax error (being edited?)

    def add(self, msgid: MessageId, path: str) -> None:
        places = self.messages.setdefault(msgid, [])
        if path not in places:
            places.append(path)

    @property
    def unresolved(self) -> list[CallSite]:
        return [site for site in self.variable_calls if not site.resolved]


def _python_files(package: Path) -> list[Path]:
    return sorted(p for p in package.rglob("*.py") if not SKIP_DIRS.intersection(p.parts))


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _module_constants(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Module-level ``NAME = "text"`` or ``NAME = {key: "text", ...}`` / ``["text", ...]``."""
    constants: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if _is_str(value):
            strings = (value.value,)
        elif isinstance(value, ast.Dict) and value.values and all(_is_str(v) for v in value.values):
            strings = tuple(v.value for v in value.values)
        elif isinstance(value, (ast.List, ast.Tuple)) and value.elts and all(_is_str(e) for e in value.elts):
            strings = tuple(e.value for e in value.elts)
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                constants[target.id] = strings
    return constants


def _keyword_call(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
        return node.func.id
    return None


def _literal_args(node: ast.Call, keyword: str) -> MessageId | None:
    count = 1 if keyword == "_" else 2
    args = node.args[:count]
    if len(args) < count or not all(_is_str(a) for a in args):
        return None
    return args[0].value if count == 1 else (args[0].value, args[1].value)


def _ast_pass(path: Path, rel: str, extraction: Extraction) -> None:
    """What babel's tokenizer-based extractor misses on Python 3.11 (see the module docstring)."""
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source, filename=rel)
    except SyntaxError as exc:
        extraction.unparsable.append(f"{rel}:{exc.lineno}: {exc.msg}")
        return
    constants = _module_constants(tree)
    sites: list[CallSite] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for sub in ast.walk(node):
                keyword = _keyword_call(sub)
                if keyword:
                    msgid = _literal_args(sub, keyword)
                    if msgid is not None:
                        extraction.add(msgid, rel)
    for node in ast.walk(tree):
        keyword = _keyword_call(node)
        if not keyword or _literal_args(node, keyword) is not None:
            continue
        first = node.args[0] if node.args else None
        resolved: tuple[str, ...] = ()
        if keyword == "_" and first is not None:
            base = first.value if isinstance(first, ast.Subscript) else first
            if isinstance(base, ast.Name) and base.id in constants:
                resolved = constants[base.id]
        for text in resolved:
            extraction.add(text, rel)
        sites.append(CallSite(rel, node.lineno, ast.unparse(node), resolved))
    extraction.variable_calls.extend(sorted(sites, key=lambda site: site.lineno))


def extract(package: Path = PACKAGE) -> Extraction:
    """Every translatable string in ``package`` (see the module docstring for what is covered)."""
    extraction = Extraction()
    root = package.parent
    for path in _python_files(package):
        rel = path.relative_to(root).as_posix()
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=(), options={"encoding": "utf-8"},
        ):
            if isinstance(message, tuple):
                if len(message) < 2 or not all(message[:2]):
                    continue  # a variable argument: reported by the AST pass
                msgid: MessageId = (message[0], message[1])
            else:
                if not message:
                    continue
                msgid = message
            extraction.add(msgid, rel)
        _ast_pass(path, rel, extraction)
    return extraction


def extracted_msgids(package: Path = PACKAGE) -> list[MessageId]:
    return list(extract(package).messages)


def _template(extraction: Extraction) -> Catalog:
    template = Catalog(locale="en", fuzzy=False)
    for msgid, places in extraction.messages.items():
        template.add(msgid, locations=[(place, None) for place in places])
    return template


def load_catalog(po_file: Path = PO_FILE) -> Catalog:
    if po_file.exists():
        with po_file.open("rb") as handle:
            return read_po(handle, locale="en")
    return Catalog(locale="en", fuzzy=False)


def is_translated(message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def _package_version(package: Path) -> str:
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (isinstance(node, ast.Assign) and _is_str(node.value)
                and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)):
            return node.value.value
    return "VERSION"


def _fill_header(catalog: Catalog, package: Path) -> None:
    """Replace babel's placeholder header values; values someone has edited are left alone."""
    catalog.project = "cliens-tk"
    catalog.version = _package_version(package)
    if catalog.language_team.startswith(("LANGUAGE", "en <LL@")):
        catalog.language_team = "English"
    if catalog.last_translator.startswith("FULL NAME"):
        catalog.last_translator = "cliens-tk contributors"
    if catalog.msgid_bugs_address == "EMAIL@ADDRESS":
        catalog.msgid_bugs_address = ""


def merge(catalog: Catalog, extraction: Extraction, drop_obsolete: bool = False,
          package: Path = PACKAGE) -> Catalog:
    """Merge the extraction into ``catalog`` in place, keeping translations."""
    _fill_header(catalog, package)
    # Revive obsolete entries so a string that comes back gets its old translation again.
    for key, message in list(catalog.obsolete.items()):
        if key not in catalog:
            catalog[message.id] = message
    catalog.obsolete.clear()
    catalog.update(_template(extraction), no_fuzzy_matching=True, update_creation_date=False)
    for message in catalog:
        message.flags.discard("fuzzy")
        message.previous_id = []
    if drop_obsolete:
        catalog.obsolete.clear()
    return catalog


def render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, ignore_obsolete=False, omit_header=False)
    return out.getvalue()


@dataclass
class Report:
    total: int
    translated: int
    missing: list[MessageId]
    obsolete: int
    changed: bool


def update(po_file: Path = PO_FILE, package: Path = PACKAGE, *, write: bool = True,
           drop_obsolete: bool = False, extraction: Extraction | None = None) -> tuple[Report, Extraction]:
    """Merge the strings of ``package`` (or an ``extraction`` already made) into ``po_file``."""
    extraction = extraction or extract(package)
    catalog = merge(load_catalog(po_file), extraction, drop_obsolete=drop_obsolete, package=package)
    text = render(catalog)
    changed = not po_file.exists() or po_file.read_bytes() != text
    if changed and write:
        po_file.write_bytes(text)
    messages = [m for m in catalog if m.id]
    missing = [m.id for m in messages if not is_translated(m)]
    report = Report(total=len(messages), translated=len(messages) - len(missing), missing=missing,
                    obsolete=len(catalog.obsolete), changed=changed)
    return report, extraction


def _show(msgid: MessageId) -> str:
    if isinstance(msgid, tuple):
        return f"msgid {msgid[0]!r} / msgid_plural {msgid[1]!r}"
    return f"msgid {msgid!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if en.po would change")
    parser.add_argument("--drop-obsolete", action="store_true", help="drop entries no longer in the code")
    parser.add_argument("--po", type=Path, default=PO_FILE, help=f"catalogue (default {PO_FILE})")
    args = parser.parse_args(argv)

    report, extraction = update(args.po, write=not args.check, drop_obsolete=args.drop_obsolete)
    rel = args.po.relative_to(ROOT) if args.po.is_relative_to(ROOT) else args.po
    if report.missing:
        print(f"Missing English translations ({len(report.missing)}):")
        for msgid in report.missing:
            places = ", ".join(extraction.messages.get(msgid, []))
            print(f"  {_show(msgid)}    [{places}]")
        print()
    if extraction.variable_calls:
        print("Calls with a variable argument:")
        for site in extraction.variable_calls:
            print(f"  {site}")
        print()
    for problem in extraction.unparsable:
        print(f"WARNING: syntax error, only babel's extraction used: {problem}")
    state = ("would change" if args.check else "updated") if report.changed else "unchanged"
    print(f"{rel}: {state}")
    print(f"total: {report.total}  translated: {report.translated}  missing: {len(report.missing)}"
          f"  obsolete: {report.obsolete}  not extractable: {len(extraction.unresolved)}")
    return 1 if args.check and report.changed else 0


if __name__ == "__main__":
    sys.exit(main())
