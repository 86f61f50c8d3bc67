"""uppsikt: the monthly follow-up report of a Swedish region, computed from its raw data."""

__version__ = "0.1.0"
