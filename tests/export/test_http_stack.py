"""One HTTP stack: requests on the upstream urllib3, never the urllib3-future fork.

caldav 3.x requires niquests, whose urllib3-future installs a .pth file that copies itself over
the ``urllib3`` package at every interpreter start. The export does not use caldav for this reason;
this test fails if the fork (or niquests) ever enters the environment, e.g. through a new dependency.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import site
import subprocess
import sys
from pathlib import Path

import requests
import urllib3


def _site_dirs() -> list[Path]:
    dirs = [Path(p) for p in site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        dirs.append(Path(site.getusersitepackages()))
    return [d for d in dirs if d.is_dir()]


def test_no_urllib3_future_or_niquests_installed():
    installed = {(d.metadata["Name"] or "").lower().replace("_", "-") for d in importlib.metadata.distributions()}
    assert "urllib3-future" not in installed
    assert "niquests" not in installed
    for folder in _site_dirs():
        assert not list(folder.glob("urllib3_future*.pth")), folder
        assert not (folder / "urllib3_future").exists(), folder


def test_urllib3_is_the_upstream_package_that_requests_uses():
    distribution = importlib.metadata.distribution("urllib3")
    installed_files = {str(distribution.locate_file(f)) for f in distribution.files or ()}
    assert str(Path(urllib3.__file__)) in installed_files  # the file belongs to the urllib3 distribution
    assert urllib3.__version__ == distribution.version
    assert urllib3.__version__.startswith("2.")
    assert requests.adapters.PoolManager.__module__ == "urllib3.poolmanager"
    assert sys.modules[requests.adapters.PoolManager.__module__] is sys.modules["urllib3.poolmanager"]
    assert Path(sys.modules["urllib3.poolmanager"].__file__).parent == Path(urllib3.__file__).parent


def test_urllib3_files_are_the_ones_its_wheel_installed():
    """The fork copies its own files over upstream's: every module must match the wheel's RECORD."""
    distribution = importlib.metadata.distribution("urllib3")
    checked = 0
    for entry in distribution.files or ():
        if entry.hash is None or not str(entry).endswith(".py"):
            continue
        data = Path(distribution.locate_file(entry)).read_bytes()
        digest = base64.urlsafe_b64encode(hashlib.new(entry.hash.mode, data).digest()).rstrip(b"=").decode()
        assert digest == entry.hash.value, f"{entry} was changed after installation"
        checked += 1
    assert checked > 10


def test_a_fresh_interpreter_imports_the_same_urllib3():
    """A .pth file acts at start-up, so check a new interpreter too (site processing on)."""
    code = "import urllib3, requests, importlib.metadata as m; print(urllib3.__file__); print(m.version('urllib3'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert Path(out[0]) == Path(urllib3.__file__)
    assert out[1] == urllib3.__version__
