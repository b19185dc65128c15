"""``cliens-tk pec ...``: PEC boxes from the command line (list, sync, messages, send, state)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from cliens_tk import cli
from cliens_tk.i18n import _


def _add(commands) -> None:
    pec = commands.add_parser("pec", help=_("Gestore PEC: caselle, messaggi, invio e stato"))
    actions = pec.add_subparsers(dest="action", required=True, metavar=_("AZIONE"), parser_class=cli._Parser)
    actions.add_parser("accounts", help=_("elenca le caselle PEC configurate"))
    add = actions.add_parser("add", help=_("aggiunge una casella (la password viene chiesta e salvata nel portachiavi)"))
    add.add_argument("address")
    add.add_argument("--provider", default=None, help=_("gestore: aruba, legalmail, poste, namirial, register"))
    add.add_argument("--imap", default=None, metavar="HOST[:PORTA]")
    add.add_argument("--smtp", default=None, metavar="HOST[:PORTA]")
    add.add_argument("--user", default="")
    sync = actions.add_parser("sync", help=_("scarica i nuovi messaggi nell'archivio"))
    sync.add_argument("address")
    listing = actions.add_parser("list", help=_("elenca i messaggi"))
    listing.add_argument("address")
    listing.add_argument("--view", default="inbox", help=_("inbox, sent o il nome di una cartella"))
    listing.add_argument("--search", default="")
    listing.add_argument("--json", action="store_true")
    send = actions.add_parser("send", help=_("invia una PEC"))
    send.add_argument("address")
    send.add_argument("--to", action="append", required=True)
    send.add_argument("--cc", action="append", default=[])
    send.add_argument("--subject", required=True)
    send.add_argument("--body", default="")
    send.add_argument("--attach", action="append", type=Path, default=[])


def _split_host(value: str, default_port: int) -> tuple[str, int]:
    host, _sep, port = value.partition(":")
    return host, int(port) if port else default_port


def _handle(args) -> int:
    from cliens_tk.pec.account import PecAccount
    from cliens_tk.pec.compose import Draft
    from cliens_tk.pec.errors import PecError
    from cliens_tk.pec.providers import guess_preset, preset
    from cliens_tk.pec.states import state_label
    from cliens_tk.services.pec import pec_service

    services = cli._services(args)
    try:
        service = pec_service(services)
        if args.action == "accounts":
            for account in service.accounts():
                print(f"{account.address}\t{account.imap_host}:{account.imap_port}\t{account.smtp_host}:{account.smtp_port}")
            return cli.EXIT_OK

        def account_of(address):
            found = service.repo.account_by_address(address)
            if found is None:
                raise cli.UsageError(_("casella {address} non configurata (usare «cliens-tk pec add»)").format(address=address))
            return found

        if args.action == "add":
            chosen = preset(args.provider) if args.provider else guess_preset(args.address) or preset("other")
            imap_host, imap_port = _split_host(args.imap, 993) if args.imap else (chosen.imap_host, chosen.imap_port)
            smtp_host, smtp_port = _split_host(args.smtp, 465) if args.smtp else (chosen.smtp_host, chosen.smtp_port)
            account = PecAccount(address=args.address, imap_host=imap_host, imap_port=imap_port, smtp_host=smtp_host,
                                 smtp_port=smtp_port, username=args.user, provider=chosen.key,
                                 size_limit_mb=chosen.size_limit_mb)
            password = getpass.getpass(_("Password di {address}: ").format(address=args.address))
            service.test_connection(account, password)
            service.save_account(account, password)
            print(_("Casella {address} aggiunta: connessione riuscita.").format(address=account.address))
        elif args.action == "sync":
            result = service.sync(account_of(args.address).id)
            print(_("{n} nuovi messaggi, {r} ricevute.").format(n=result.new_messages, r=result.receipts))
        elif args.action == "list":
            rows = service.messages(account_of(args.address).id, args.view, args.search)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
            for row in [] if args.json else rows:
                state = state_label(row["state"]) if row["state"] else row["signature"]
                print(f"{row['sent_at'] or ''}\t{row['sender']}\t{row['subject']}\t{state}")
        elif args.action == "send":
            account = account_of(args.address)
            new_id = service.send(account.id, Draft(account.address, args.to, args.subject, args.body, cc=args.cc,
                                                    attachments=args.attach))
            print(_("Messaggio inviato (n. {id}): lo stato si aggiorna con «cliens-tk pec sync».").format(id=new_id))
        return cli.EXIT_OK
    except PecError as exc:
        raise cli.UsageError(str(exc)) from None
    finally:
        services.close()


cli.register_command("pec", _add, _handle)
