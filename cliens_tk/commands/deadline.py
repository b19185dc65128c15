"""``cliens-tk deadline compute``: the deadline calculator without windows and without an archive.

Example: ``cliens-tk deadline compute --from 27/03/2026 --days 10 --seat Roma`` prints the date
and the Italian explanation (steps, days skipped, rules and their sources).
"""

from __future__ import annotations

import argparse

from cliens_tk import cli
from cliens_tk.i18n import _

_TERM_OPTIONS = (  # option, TermKind value
    ("--days", "days"),
    ("--months", "months"),
    ("--years", "years"),
    ("--days-before", "days_before"),
    ("--free-days-before", "free_days_before"),
)


def _term_help(kind: str) -> str:
    return {
        "days": _("giorni dopo la data (il giorno iniziale non si computa)"),
        "months": _("mesi dopo la data (calendario comune)"),
        "years": _("anni dopo la data (calendario comune)"),
        "days_before": _("«almeno N giorni prima» della data"),
        "free_days_before": _("N giorni liberi prima della data"),
    }[kind]


def _amount(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("numero di giorni, mesi o anni non valido «{text}»").format(text=text))
    return value


def _add_parser(commands) -> None:
    from cliens_tk.domain.deadline_terms import suspension_exclusions

    deadline = commands.add_parser("deadline", help=_("calcolo dei termini processuali"))
    actions = deadline.add_subparsers(dest="action", required=True, metavar=_("AZIONE"),
                                      parser_class=cli._Parser)
    matters = ", ".join(item.code for item in suspension_exclusions())
    compute = actions.add_parser(
        "compute", help=_("calcola una scadenza e ne spiega il calcolo"),
        description=_("Calcola una scadenza (art. 155 c.p.c., sospensione feriale L. 742/1969) e "
                      "mostra la spiegazione con le norme applicate."))
    compute.add_argument("--from", dest="reference", type=cli.parse_date, required=True, metavar=_("DATA"),
                         help=_("data di partenza o di riferimento (gg/mm/aaaa)"))
    term = compute.add_mutually_exclusive_group(required=True)
    for option, kind in _TERM_OPTIONS:
        term.add_argument(option, dest=kind, type=_amount, metavar="N", help=_term_help(kind))
    compute.add_argument("--no-suspension", action="store_true",
                         help=_("non applicare la sospensione feriale di agosto (materie escluse)"))
    compute.add_argument("--matter", choices=[item.code for item in suspension_exclusions()],
                         metavar=_("MATERIA"),
                         help=_("materia esclusa dalla sospensione feriale ({matters})").format(matters=matters))
    compute.add_argument("--seat", default=None, metavar=_("CITTÀ"),
                         help=_("sede dell'ufficio giudiziario (conta solo Roma: 29 giugno)"))
    compute.add_argument("--in-hearing", action="store_true",
                         help=_("atto da compiere in udienza: il sabato resta utile (art. 155, sesto comma)"))
    compute.add_argument("--json", action="store_true", help=_("risultato in JSON"))


def _handle(args) -> int:
    from cliens_tk.domain.deadline_terms import DeadlineError, TermKind, format_date
    from cliens_tk.services.deadline_calc import TermRequest, compute_request

    kind = next(TermKind(k) for _option, k in _TERM_OPTIONS if getattr(args, k) is not None)
    request = TermRequest(
        kind=kind, amount=getattr(args, kind.value), reference=args.reference,
        suspension=not (args.no_suspension or args.matter), matter=args.matter or "",
        seat=args.seat, saturday_rule=not args.in_hearing,
    )
    try:
        result = compute_request(request)
    except DeadlineError as exc:
        raise cli.UsageError(str(exc)) from exc
    if args.json:
        cli._print_json(result.to_dict())
        return cli.EXIT_OK
    print(_("Scadenza: {day} ({short})").format(day=format_date(result.deadline),
                                                 short=result.deadline.strftime("%d/%m/%Y")))
    print()
    print(result.explanation_text())
    return cli.EXIT_OK


cli.register_command("deadline", _add_parser, _handle)
