"""The ``uppsikt`` commands for kpis (registered on the main app when the CLI loads).

Placeholder until they land.
"""

from __future__ import annotations

from uppsikt.cli._app import app  # noqa: F401 - commands are added to this app
