from __future__ import annotations

from cliens_tk.security.pkcs11_modules import candidate_paths, default_module, find_modules


def _exists_among(paths):
    wanted = set(paths)
    return lambda path: path in wanted


def test_vendor_drivers_come_before_opensc_and_softhsm_last():
    paths = candidate_paths("Linux")
    bit4x = next(i for i, p in enumerate(paths) if p.endswith("libbit4xpki.so"))
    opensc = next(i for i, p in enumerate(paths) if p.endswith("opensc-pkcs11.so"))
    softhsm = next(i for i, p in enumerate(paths) if "softhsm" in p)
    assert bit4x < opensc < softhsm
    assert all("softhsm" in p for p in paths[softhsm:])


def test_each_system_has_its_own_names():
    assert any(p.endswith("\\bit4xpki.dll") for p in candidate_paths("Windows"))
    assert any(p.endswith("opensc-pkcs11.dll") for p in candidate_paths("Windows"))
    assert any(p.endswith("libbit4xpki.dylib") for p in candidate_paths("Darwin"))
    assert any(p.endswith("opensc-pkcs11.so") for p in candidate_paths("Darwin"))


def test_only_existing_paths_in_order_and_the_user_choice_wins():
    existing = [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/libbit4xpki.so",
        "/home/me/driver/libcustom.so",
    ]
    found = find_modules("/home/me/driver/libcustom.so", system="Linux", exists=_exists_among(existing))
    assert found[0] == "/home/me/driver/libcustom.so"
    assert found.index("/usr/lib/libbit4xpki.so") < found.index("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")
    assert found[-1] == "/usr/lib/softhsm/libsofthsm2.so"
    assert set(found) == set(existing)


def test_a_missing_user_choice_is_skipped_and_development_modules_can_be_dropped():
    existing = ["/usr/lib/softhsm/libsofthsm2.so"]
    assert find_modules("/nowhere/lib.so", system="Linux", exists=_exists_among(existing)) == existing
    assert find_modules(system="Linux", exists=_exists_among(existing), include_development=False) == []


def test_this_machine_finds_its_installed_modules():
    found = find_modules()
    assert any("softhsm" in p for p in found)  # apt softhsm2 (tests need it anyway)
    assert default_module() == found[0]
