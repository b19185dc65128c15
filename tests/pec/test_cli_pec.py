"""``cliens-tk pec``: send, sync and list from the command line against the real servers."""

from __future__ import annotations

from cliens_tk import cli


def test_cli_send_sync_list(pec_world, pec_service, monkeypatch, capsys, tls_material):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_material.ca_file))  # the test servers' CA, verified as usual
    ours = pec_service.save_account(pec_world.account(pec_world.new_box("ctu")), password="Segreta-1")
    court = pec_world.new_box("tribunale")

    assert cli.main(["pec", "send", ours.address, "--to", court, "--subject", "Richiesta proroga"]) == 0
    pec_world.provider.wait_idle()
    assert cli.main(["pec", "sync", ours.address]) == 0
    capsys.readouterr()
    assert cli.main(["pec", "list", ours.address, "--view", "sent"]) == 0
    out = capsys.readouterr().out
    assert "Richiesta proroga" in out and "Consegnata" in out


def test_cli_unknown_box_is_one_italian_line(capsys, services):
    assert cli.main(["pec", "sync", "nessuno@pec.it"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "non configurata" in err and "Traceback" not in err
