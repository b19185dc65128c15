"""The row icons of the case list (6.1): personal case, registry data, or both side by side.

Drawn from ttkbootstrap's icon font, so no image file has to be shipped; if the font cannot be
rendered, plain coloured marks are drawn instead.
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.domain.cases import CaseRowKind

SIZE = 16
GAP = 3
_PERSONAL = ("folder-fill", "#c98a00")
_REGISTRY = ("bank2", "#0a58ca")


def _glyph(root, name: str, colour: str) -> tk.PhotoImage:
    image = tk.PhotoImage(master=root, width=SIZE, height=SIZE)
    try:
        rendered = ttk.Icon(name, SIZE - 1, colour)
        image.tk.call(image, "copy", rendered)
    except Exception:  # no icon font: a filled square in the same colour
        image.put(colour, to=(2, 2, SIZE - 2, SIZE - 2))
    return image


class RowIcons:
    """One image per row kind, owned by a window (Tk images die with their Python object)."""

    def __init__(self, root):
        personal = _glyph(root, *_PERSONAL)
        registry = _glyph(root, *_REGISTRY)
        width = 2 * SIZE + GAP
        self.images: dict[CaseRowKind, tk.PhotoImage] = {}
        for kind, parts in ((CaseRowKind.PERSONAL, (personal, None)), (CaseRowKind.REGISTRY, (None, registry)),
                            (CaseRowKind.BOTH, (personal, registry))):
            image = tk.PhotoImage(master=root, width=width, height=SIZE)
            if parts[0] is not None:
                image.tk.call(image, "copy", parts[0], "-to", 0, 0)
            if parts[1] is not None:
                image.tk.call(image, "copy", parts[1], "-to", SIZE + GAP, 0)
            self.images[kind] = image
        self._parts = (personal, registry)

    def __getitem__(self, kind: CaseRowKind) -> tk.PhotoImage:
        return self.images[kind]
