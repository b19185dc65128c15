"""cliens-tk: agenda, case archive and PolisWeb download for Italian court-appointed experts."""

__version__ = "0.1.0"
APP_NAME = "cliens-tk"
