"""Time ``load_sie`` (read and check) on a synthetic SIE file with a million #TRANS rows.

Generates the file first when it is missing (see ``sie_generate.py``). Prints the wall time,
rows per second and the peak resident memory of the process. Usage:
``python benchmarks/bench_sie.py [--rows N] [--ksumma] [FILE]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from uppsikt.ingest.sie import check_sie, load_sie, read_sie

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "benchmarks" / "data"


def _peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--ksumma", action="store_true", help="benchmark a file with #KSUMMA")
    parser.add_argument("--split", action="store_true", help="also time reading and checking")
    args = parser.parse_args()
    path = args.file or DEFAULT_DIR / f"sie_{args.rows}{'_ksumma' if args.ksumma else ''}.se"
    if not path.exists():
        # In a child process, so that the memory figure below is the reader's alone.
        command = [sys.executable, str(Path(__file__).with_name("sie_generate.py")), str(path)]
        command += ["--rows", str(args.rows)] + (["--ksumma"] if args.ksumma else [])
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    gc.collect()
    baseline = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    sie = load_sie(path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows = sum(len(voucher.transactions) for voucher in sie.vouchers)
    size = path.stat().st_size / 1e6
    print(f"file: {path.name}, {size:.1f} MB, {len(sie.vouchers)} vouchers, {rows} #TRANS rows")
    print(
        f"load_sie: {elapsed:.2f} s wall ({cpu:.2f} s CPU), {rows / elapsed:,.0f} rows/s, "
        f"{len(sie.warnings)} warnings"
    )
    print(f"peak memory: {_peak_mb():.0f} MB (before loading: {baseline:.0f} MB)")
    if args.split:
        del sie
        gc.collect()
        started = time.perf_counter()
        sie = read_sie(path)
        read = time.perf_counter() - started
        started = time.perf_counter()
        check_sie(sie)
        print(f"read_sie: {read:.2f} s, check_sie: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
