from __future__ import annotations

import pytest


@pytest.fixture
def ctx(tk_root, services):
    from cliens_tk.ui.app import UiContext

    context = UiContext(tk_root, services)
    yield context
    context.tasks.wait_idle()
    context.close()
    for child in list(tk_root.winfo_children()):
        child.destroy()
    tk_root.update()

