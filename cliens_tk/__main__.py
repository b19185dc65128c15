import sys

from cliens_tk.cli import main

sys.exit(main())
