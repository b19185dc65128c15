"""Draw the application icon with Pillow and write it in the formats each OS wants.

    python build/make_icon.py

Writes cliens_tk/assets/cliens-tk.png (256 px, Linux desktop and the Tk window), cliens-tk-32.png
(the small window icon), cliens-tk.ico (Windows) and cliens-tk.icns (macOS). The outputs are kept
in the repository, so a build never needs to run this; re-run it only to change the design.
The design: a calendar page (the agenda) on a deep-blue tile, with a red header band (hearings are
red in the agenda) and a green tick (a deadline done).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parent.parent / "cliens_tk" / "assets"
BLUE, WHITE, RED, GREEN, GREY = "#1d4e89", "#ffffff", "#d9383a", "#2e9e5b", "#c9d3df"
MASTER = 1024


def draw(size: int = MASTER) -> Image.Image:
    scale = size / 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def box(x0, y0, x1, y1):
        return [round(v * scale) for v in (x0, y0, x1, y1)]

    pen.rounded_rectangle(box(8, 8, 248, 248), radius=round(48 * scale), fill=BLUE)
    pen.rounded_rectangle(box(48, 56, 208, 212), radius=round(18 * scale), fill=WHITE)
    pen.rounded_rectangle(box(48, 56, 208, 104), radius=round(18 * scale), fill=RED)
    pen.rectangle(box(48, 86, 208, 104), fill=RED)
    for x in (88, 168):  # the rings of the calendar
        pen.rounded_rectangle(box(x - 7, 40, x + 7, 74), radius=round(7 * scale), fill=GREY)
    for row in range(2):  # a few days
        for col in range(4):
            x, y = 66 + col * 34, 118 + row * 26
            pen.rounded_rectangle(box(x, y, x + 22, y + 14), radius=round(3 * scale), fill=GREY)
    pen.line([tuple(box(112, 182, 0, 0)[:2]), tuple(box(134, 202, 0, 0)[:2]), tuple(box(178, 156, 0, 0)[:2])],
             fill=GREEN, width=round(16 * scale), joint="curve")
    return image


def main() -> None:
    ASSETS.mkdir(parents=True, exist_ok=True)
    master = draw()
    small = {size: master.resize((size, size), Image.LANCZOS) for size in (16, 32, 48, 64, 128, 256, 512)}
    small[256].save(ASSETS / "cliens-tk.png", optimize=True)
    small[32].save(ASSETS / "cliens-tk-32.png", optimize=True)
    small[256].save(ASSETS / "cliens-tk.ico", sizes=[(s, s) for s in (16, 32, 48, 64, 128, 256)])
    small[512].save(ASSETS / "cliens-tk.icns", append_images=[small[s] for s in (16, 32, 64, 128, 256)])
    for path in sorted(ASSETS.glob("cliens-tk*")):
        print(f"{path.relative_to(ASSETS.parent.parent)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
