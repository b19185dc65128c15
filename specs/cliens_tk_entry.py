"""Entry point of the built executables: the fast start path of ``cliens_tk.app.main``."""

import sys

from cliens_tk.app import main

if __name__ == "__main__":
    sys.exit(main())
