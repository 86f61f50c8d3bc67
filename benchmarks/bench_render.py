"""Rendering the demo report in every format: the time each renderer takes, and in all.

    .venv/bin/python benchmarks/bench_render.py [--write-docs] [--repeat 3]

The demo workspace is generated into benchmarks/data/render/ (untimed); the report model is
built once (timed separately), then each renderer runs from the model, as `uppsikt render`
does. With --write-docs the figures replace the "Rendering" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import time
from datetime import UTC, date, datetime
from pathlib import Path

from uppsikt import __version__
from uppsikt.demo import create_demo
from uppsikt.render import FORMATS, render
from uppsikt.report import build_workspace_report

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "render"
DOCS = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- BEGIN RENDER (benchmarks/bench_render.py) -->", "<!-- END RENDER -->"
TARGET_SECONDS = 30.0


def measure(repeat: int) -> tuple[float, dict[str, float], int]:
    shutil.rmtree(DATA, ignore_errors=True)
    workspace = create_demo(DATA / "workspace")
    build_times, times = [], {name: [] for name in FORMATS}
    for _ in range(repeat):
        start = time.perf_counter()
        with workspace.connect() as con:
            report = build_workspace_report(con, workspace, date(2024, 7, 1))
        build_times.append(time.perf_counter() - start)
        for name in FORMATS:
            start = time.perf_counter()
            render(report, name, DATA / "out")
            times[name].append(time.perf_counter() - start)
    blocks = len(report.blocks())
    return min(build_times), {name: min(t) for name, t in times.items()}, blocks


def table(build: float, times: dict[str, float], blocks: int, repeat: int) -> str:
    total = sum(times.values())
    lines = [
        BEGIN,
        "",
        "## Rendering the demo report",
        "",
        f"The demo report for 2024-07 ({blocks} blocks), rendered from its model in every format "
        f"on {os.cpu_count()} cores, Python {platform.python_version()}, uppsikt {__version__}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, best of {repeat}. Reproduce with "
        "`.venv/bin/python benchmarks/bench_render.py --write-docs`.",
        "",
        "| step | time |",
        "| --- | ---: |",
        f"| build the report model (warehouse → model) | {build:.2f} s |",
        *[f"| render {name} | {seconds:.2f} s |" for name, seconds in times.items()],
        f"| **all formats** | **{total:.2f} s** |",
        "",
        f"Target: all four formats (PPTX, HTML, PDF, XLSX) under {TARGET_SECONDS:.0f} s: "
        + ("**met**" if total < TARGET_SECONDS else "**missed**")
        + f" ({total / TARGET_SECONDS:.2f} of the allowance).",
        "",
        END,
    ]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        marker = "<!-- BEGIN GENERATED"
        if marker in text:
            head, rest = text.split(marker, 1)
            text = head + section + "\n\n" + marker + rest
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
    DOCS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    build, times, blocks = measure(args.repeat)
    section = table(build, times, blocks, args.repeat)
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
