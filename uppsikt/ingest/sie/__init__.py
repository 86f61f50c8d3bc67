"""Read, check and write SIE 4 files, the Swedish standard export of accounting data."""

from uppsikt.ingest.sie._checks import Severity, check_sie, load_sie, severity, split_by_severity
from uppsikt.ingest.sie._model import (
    Account,
    Balance,
    Checksum,
    Dimension,
    MetaRecord,
    MonthAmount,
    ObjectRef,
    PeriodAmount,
    PeriodLayout,
    SieFile,
    SieObject,
    Transaction,
    Voucher,
)
from uppsikt.ingest.sie._months import budget_months, ledger_months
from uppsikt.ingest.sie._reader import parse_sie, read_sie
from uppsikt.ingest.sie._writer import write_sie

__all__ = [
    "Account",
    "Balance",
    "Checksum",
    "Dimension",
    "MetaRecord",
    "MonthAmount",
    "ObjectRef",
    "PeriodAmount",
    "PeriodLayout",
    "Severity",
    "SieFile",
    "SieObject",
    "Transaction",
    "Voucher",
    "budget_months",
    "check_sie",
    "ledger_months",
    "load_sie",
    "parse_sie",
    "read_sie",
    "severity",
    "split_by_severity",
    "write_sie",
]
