import sys

from cliens_tk.polisweb.emulator.cli import main

sys.exit(main())
