"""A local emulator of the PolisWeb access point (HTTPS, client certificates, real quirks).

In-process: ``Emulator(state_dir, seed=1, cases=200).start()`` -> (host, port); from the
command line: ``cli.add_arguments`` / ``cli.run`` (``cliens-tk emulator serve ...``).
"""

from cliens_tk.polisweb.emulator.server import Emulator
from cliens_tk.polisweb.emulator.world import DEMO_TAX_CODE

__all__ = ["DEMO_TAX_CODE", "Emulator"]
