"""Sub-commands of feature areas; each module registers itself with ``cli.register_command``."""
