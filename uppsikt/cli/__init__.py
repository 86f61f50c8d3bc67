"""The command line interface."""

from uppsikt.cli._app import app, main

__all__ = ["app", "main"]
