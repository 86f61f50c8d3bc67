"""Renderers: functions of the report model alone, one module per output format."""

from uppsikt.render._json import read_json, write_json

__all__ = ["read_json", "write_json"]
