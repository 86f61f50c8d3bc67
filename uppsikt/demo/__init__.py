"""The demo region: generated raw data for a fictitious region, imported into a workspace."""

from uppsikt.demo._generate import create_demo, generate_files

__all__ = ["create_demo", "generate_files"]
