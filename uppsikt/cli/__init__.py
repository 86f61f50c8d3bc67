"""The command line interface.

``_app`` holds the app, the core commands (init, import, build, ...) and their shared options;
each ``_*_commands`` module adds the commands of one area to that app when imported here.
"""

from uppsikt.cli import (  # noqa: F401 - imported for the commands they register
    _check_commands,
    _commentary_commands,
    _kpis_commands,
    _publish_commands,
    _registers_commands,
)
from uppsikt.cli._app import app, main

__all__ = ["app", "main"]
