"""Test setup shared by the whole suite.

Every test gets its own data directory (archive, logs) through ``CLIENS_TK_DATA_DIR``, so no test
can touch a real user's archive. GUI tests share one Tk root (ttkbootstrap allows one live root);
pytest-xvfb provides the display.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("CLIENS_TK_LANG", "it")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("CLIENS_TK_DATA_DIR", str(data))
    monkeypatch.setenv("CLIENS_TK_LANG", "it")
    from cliens_tk import i18n

    i18n.install("it")
    yield data


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread():
    """Destroyed windows leave cyclic garbage holding Tk variables. Collected in a worker thread
    while no mainloop runs (tests pump ``update()`` instead), each variable stalls that thread about
    a second ("main thread is not in main loop"). Collect here, between tests, and keep the cyclic
    collector off while a test runs."""
    import gc

    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def data_dir(_isolated_data_dir) -> Path:
    return _isolated_data_dir


@pytest.fixture
def services(data_dir):
    from cliens_tk.services.context import AppServices

    opened = AppServices.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def archive(services):
    return services.archive


@pytest.fixture
def today() -> dt.date:
    """A fixed 'today' (a Wednesday) so date-dependent tests never depend on the calendar."""
    return dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def tk_root():
    """The one Tk root of the test session (under Xvfb)."""
    from cliens_tk.ui.app import create_root

    root = create_root("cliens-tk tests")
    root.withdraw()
    yield root
    root.destroy()
